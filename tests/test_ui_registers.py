"""The register views (partners, MOUs, dependencies, mandates, indicators) on the shipped
plan, driven like a coordinator drives them; every assertion reads the database back
through the services.

``submit`` is what the window hands every view: here a real QUndoStack and a minimal
undo command over ``PlanEditor.apply`` (the window's own command lives in
ui/undo_commands.py); after every push, undo and redo the views re-read their rows, as the
window's ``planChanged`` makes them do.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

import pytest
from PySide6.QtCore import QDate, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QToolButton,
)

from poa_desktop.domain.changes import Change
from poa_desktop.domain.enums import DependencyType, MouStatus, PartnerKind
from poa_desktop.domain.errors import FieldError, UserError
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.services.register_service import RegisterService
from poa_desktop.ui.plan_tree_model import ItemUuidRole, SortRole
from poa_desktop.ui.registers import (
    REGISTER_VIEWS,
    CombinedReader,
    DependenciesView,
    DependencyTableModel,
    GenderCoverageTableModel,
    IndicatorsView,
    IndicatorTableModel,
    MandatesView,
    MandateTableModel,
    MeasurementTableModel,
    MousView,
    MouTableModel,
    PartnerRoleTableModel,
    PartnersView,
    PartnerTableModel,
)
from poa_desktop.ui.roles import RecordRole

# The offscreen platform cannot pass size hints to a window system, raise a window or
# grab the keyboard (a completer's popup asks it to); that is the test platform, not us.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)


# --- the window's part, in miniature -------------------------------------------------------


class ApplyCommand(QUndoCommand):
    """One applied change: undo applies its inverse, redo the inverse of that."""

    def __init__(self, editor: PlanEditor, change: Change, inverse: Change) -> None:
        super().__init__(change.label)
        self._editor = editor
        self._redo = change
        self._undo = inverse
        self._pushed = True

    def redo(self) -> None:
        if self._pushed:  # applied before the push
            self._pushed = False
            return
        self._undo = self._editor.apply(self._redo)

    def undo(self) -> None:
        self._redo = self._editor.apply(self._undo)


class Window:
    """Applies a change, pushes it, and has every view re-read (``planChanged``)."""

    def __init__(self, editor: PlanEditor) -> None:
        self.editor = editor
        self.stack = QUndoStack()
        self.views: list = []
        self.refused: list[UserError] = []
        self.stack.indexChanged.connect(lambda _index: self.plan_changed())

    def submit(self, change: Change) -> bool:
        try:
            inverse = self.editor.apply(change)
        except UserError as error:
            self.refused.append(error)
            return False
        self.stack.push(ApplyCommand(self.editor, change, inverse))
        return True

    def plan_changed(self) -> None:
        for view in self.views:
            view.refresh()


@pytest.fixture
def registers(database) -> RegisterService:
    return RegisterService(database)


@pytest.fixture
def window(database):
    window = Window(PlanEditor(database))
    yield window
    window.views.clear()  # the views are gone; a stack cleared later must not call them


@pytest.fixture
def open_view(qtbot, database, plan_service, shipped_plan, registers, window, app_settings):
    reader = CombinedReader(registers, plan_service)
    builder = ChangeBuilder(database)

    def make(cls, settings=None):
        view = cls(reader, builder, window.submit, settings or app_settings)
        qtbot.addWidget(view)
        view.resize(1280, 720)
        with qtbot.waitActive(view):
            view.show()
            view.activateWindow()
        view.set_plan(shipped_plan.uuid)
        window.views.append(view)
        return view

    return make


# --- helpers -----------------------------------------------------------------------------


def cell(table, uuid: str, key: str) -> QModelIndex:
    index = table.proxy_index(uuid, key)
    assert index.isValid(), f"no row {uuid} / column {key}"
    return index


def start_editing(qtbot, table, uuid: str, key: str):
    """Select a cell and press F2, as a user would; returns the editor widget."""
    index = cell(table, uuid, key)
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert table.state() == table.State.EditingState
    editor = QApplication.focusWidget()
    assert editor is not None and table.viewport().isAncestorOf(editor)
    return editor


def commit(qtbot, table, editor) -> None:
    """Press Enter in a cell editor; the delegate commits on the next turn of the loop."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)


def type_into_cell(qtbot, table, uuid: str, key: str, text: str) -> None:
    editor = start_editing(qtbot, table, uuid, key)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    commit(qtbot, table, editor)


def double_click(qtbot, table, index: QModelIndex) -> None:
    """Press, release, double-click, release: what a mouse sends (Qt needs the press)."""
    viewport, at = table.viewport(), table.visualRect(index).center()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at)


def reactivate(qtbot, view) -> None:
    """After a dialog closed, its window is active again (offscreen has no window manager)."""
    with qtbot.waitActive(view):
        view.activateWindow()


def button(view, name: str) -> QToolButton:
    found = view.findChild(QToolButton, name)
    assert found is not None, name
    return found


def wait_for(qtbot, parent, cls, name: str):
    found: list = []

    def shown() -> bool:
        widget = parent.findChild(cls, name)
        if widget is not None and widget.isVisible():
            found[:] = [widget]
            return True
        return False

    qtbot.waitUntil(shown)
    return found[0]


def press_ok(qtbot, dialog: QDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def partner(registers, plan, code: str):
    return next(row for row in registers.partners(plan.uuid) if row.code == code)


def display(table, uuid: str, key: str) -> str:
    return cell(table, uuid, key).data()


# --- the models ----------------------------------------------------------------------------


def shipped_rows(registers, plan_uuid):
    indicators = registers.indicators(plan_uuid)
    return {
        PartnerTableModel: registers.partners(plan_uuid),
        PartnerRoleTableModel: registers.partner_roles(plan_uuid),
        MouTableModel: registers.mous(plan_uuid),
        DependencyTableModel: registers.dependencies(plan_uuid),
        MandateTableModel: registers.mandates(plan_uuid),
        GenderCoverageTableModel: registers.gender_coverage(plan_uuid),
        IndicatorTableModel: indicators,
        MeasurementTableModel: next(i for i in indicators if i.measurements).measurements,
    }


@pytest.fixture
def measured(database, registers, shipped_plan):
    """The shipped plan with two measurements of Convention No. 102 ratifications."""
    editor, builder = PlanEditor(database), ChangeBuilder(database)
    c102 = next(
        i for i in registers.indicators(shipped_plan.uuid) if i.code == "C102-RATIFICATIONS"
    )
    editor.apply(builder.new_measurement(c102.uuid, date(2013, 12, 31), 50, "count"))
    editor.apply(builder.new_measurement(c102.uuid, date(2015, 12, 31), 53, "count"))
    return c102


@pytest.mark.parametrize("force_py", [False, True])
def test_every_model_passes_the_model_tester(
    qtmodeltester, registers, shipped_plan, measured, force_py
) -> None:
    for cls, rows in shipped_rows(registers, shipped_plan.uuid).items():
        assert rows, cls.__name__
        model = cls()
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=force_py)
        model.set_rows(rows[:1])  # a reset while the tester watches
        model.set_rows(rows[:1])  # the same rows again: only the cells change


def test_models_answer_record_uuid_and_tooltips(qapp, registers, shipped_plan, measured) -> None:
    for cls, rows in shipped_rows(registers, shipped_plan.uuid).items():
        model = cls()
        model.set_rows(rows)
        first = model.index(0, 0)
        assert first.data(RecordRole) == rows[0], cls.__name__
        assert first.data(ItemUuidRole) == getattr(rows[0], "uuid", None)
        assert (
            model.index_for_uuid(getattr(rows[0], "uuid", None) or rows[0].component_code).row()
            == 0
        )
    mandates = MandateTableModel()
    mandates.set_rows(registers.mandates(shipped_plan.uuid))
    text = mandates.index(0, mandates.column_of("text"))
    assert len(text.data()) > 100 and text.data(Qt.ItemDataRole.ToolTipRole) == text.data()


def sorted_column(model, key: str, order=Qt.SortOrder.AscendingOrder) -> list[str]:
    proxy = QSortFilterProxyModel()
    proxy.setSortRole(SortRole)
    proxy.setSourceModel(model)
    column = model.column_of(key)
    proxy.sort(column, order)
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def test_numbers_dates_and_statuses_sort_by_value_not_text(qapp, registers, shipped_plan) -> None:
    partners = PartnerTableModel()
    partners.set_rows(registers.partners(shipped_plan.uuid))
    roles = sorted_column(partners, "roles", Qt.SortOrder.DescendingOrder)
    assert roles[0] == "18" and [int(n) for n in roles] == sorted(map(int, roles), reverse=True)
    indicators = IndicatorTableModel()
    indicators.set_rows(registers.indicators(shipped_plan.uuid))
    targets = [t for t in sorted_column(indicators, "target") if t]
    assert targets == sorted(targets, key=float)  # 1 before 30 before 60
    mous = MouTableModel()
    mous.set_rows(registers.mous(shipped_plan.uuid))
    dates = sorted_column(mous, "target")
    assert dates == sorted(dates) and dates[0] == "2011-12-31"
    assert sorted_column(mous, "status") == ["Proposed"] * 4 + ["Negotiating"]


def test_mou_status_and_overdue_show_icon_and_words(qapp, registers, shipped_plan) -> None:
    model = MouTableModel()
    model.set_rows(RegisterService(registers._database, today=lambda: date(2013, 5, 1)).mous(
        shipped_plan.uuid))  # fmt: skip
    rows = model.rows
    overdue = model.column_of("overdue")
    status = model.column_of("status")
    for number, row in enumerate(rows):
        flag = model.index(number, overdue)
        assert flag.data() == ("Overdue" if row.overdue else "")
        assert (flag.data(Qt.ItemDataRole.DecorationRole) is not None) == row.overdue
        assert model.index(number, status).data(Qt.ItemDataRole.DecorationRole) is not None
    assert [row.overdue for row in rows] == [True, False, False, False, False]


# --- editing in place ----------------------------------------------------------------------


def test_rename_a_partner_in_the_table_then_undo(
    qtbot, open_view, window, registers, shipped_plan
) -> None:
    view = open_view(PartnersView)
    issa = partner(registers, shipped_plan, "ISSA")
    type_into_cell(qtbot, view.table, issa.uuid, "name", "International Social Security Assn.")
    assert partner(registers, shipped_plan, "ISSA").name == "International Social Security Assn."
    assert display(view.table, issa.uuid, "name") == "International Social Security Assn."
    assert view.selected_uuid() == issa.uuid
    window.stack.undo()
    assert partner(registers, shipped_plan, "ISSA").name == issa.name
    assert display(view.table, issa.uuid, "name") == issa.name
    window.stack.redo()
    assert partner(registers, shipped_plan, "ISSA").name == "International Social Security Assn."


def test_an_unchanged_cell_makes_no_undo_step(qtbot, open_view, window, registers, shipped_plan):
    view = open_view(PartnersView)
    issa = partner(registers, shipped_plan, "ISSA")
    type_into_cell(qtbot, view.table, issa.uuid, "name", issa.name)
    assert window.stack.count() == 0


def test_a_refused_edit_leaves_the_stored_value_in_the_cell(
    qtbot, open_view, window, registers, shipped_plan
) -> None:
    view = open_view(PartnersView)
    issa = partner(registers, shipped_plan, "ISSA")
    type_into_cell(qtbot, view.table, issa.uuid, "code", "IMF")
    [error] = window.refused
    assert isinstance(error, FieldError) and error.field == "code"
    assert window.stack.count() == 0
    assert partner(registers, shipped_plan, "ISSA").code == "ISSA"
    assert display(view.table, issa.uuid, "code") == "ISSA"


def test_change_a_partner_kind_with_the_combo_box(qtbot, open_view, registers, shipped_plan):
    view = open_view(PartnersView)
    issa = partner(registers, shipped_plan, "ISSA")
    combo = start_editing(qtbot, view.table, issa.uuid, "kind")
    assert isinstance(combo, QComboBox)
    assert combo.currentText() == "Social security association"
    qtbot.keyClicks(combo, "NGO")
    commit(qtbot, view.table, combo)
    assert partner(registers, shipped_plan, "ISSA").kind is PartnerKind.NGO
    assert display(view.table, issa.uuid, "kind") == "NGO"


def test_add_an_mou_set_its_status_and_parties(
    qtbot, open_view, window, registers, shipped_plan
) -> None:
    view = open_view(MousView)
    before = len(registers.mous(shipped_plan.uuid))
    qtbot.mouseClick(button(view, "mousAddButton"), Qt.MouseButton.LeftButton)
    added = registers.mous(shipped_plan.uuid)[-1]
    assert len(registers.mous(shipped_plan.uuid)) == before + 1
    assert (added.code, added.status) == ("MOU-1", MouStatus.PROPOSED)
    # The new title is ready to be typed over.
    title_editor = QApplication.focusWidget()
    assert isinstance(title_editor, QLineEdit) and view.selected_uuid() == added.uuid
    title_editor.selectAll()
    qtbot.keyClicks(title_editor, "MOU with the African Union Commission")
    commit(qtbot, view.table, title_editor)

    combo = start_editing(qtbot, view.table, added.uuid, "status")
    qtbot.keyClicks(combo, "Signed")
    commit(qtbot, view.table, combo)
    mou = registers.mous(shipped_plan.uuid)[-1]
    assert (mou.title, mou.status) == ("MOU with the African Union Commission", MouStatus.SIGNED)
    assert display(view.table, added.uuid, "status") == "Signed"

    qtbot.mouseClick(button(view, "mousPartiesButton"), Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, view, QDialog, "mouPartiesDialog")
    issa = partner(registers, shipped_plan, "ISSA")
    world_bank = partner(registers, shipped_plan, "WORLD-BANK")
    dialog.set_checked(world_bank.uuid, True)
    dialog.set_checked(issa.uuid, True)
    press_ok(qtbot, dialog)
    assert registers.mous(shipped_plan.uuid)[-1].party_codes == ("ISSA", "WORLD-BANK")
    assert display(view.table, added.uuid, "parties") == "ISSA, WORLD-BANK"
    window.stack.undo()
    assert registers.mous(shipped_plan.uuid)[-1].party_codes == ()
    assert window.stack.count() == 4  # add, title, status, parties


def test_clear_an_mou_target_date(qtbot, open_view, registers, shipped_plan) -> None:
    view = open_view(MousView)
    mou = registers.mous(shipped_plan.uuid)[0]
    assert mou.target_date is not None
    editor = start_editing(qtbot, view.table, mou.uuid, "target").parentWidget()
    clear = editor.findChild(QToolButton, "clearDateButton")
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert registers.mous(shipped_plan.uuid)[0].target_date is None
    assert display(view.table, mou.uuid, "target") == ""


def test_set_a_signed_date_with_the_date_editor(qtbot, open_view, registers, shipped_plan):
    view = open_view(MousView)
    mou = registers.mous(shipped_plan.uuid)[0]
    date_edit = start_editing(qtbot, view.table, mou.uuid, "signed")
    assert isinstance(date_edit, QDateEdit)
    date_edit.setDate(QDate(2012, 3, 15))
    commit(qtbot, view.table, date_edit)
    assert registers.mous(shipped_plan.uuid)[0].signed_date == date(2012, 3, 15)


# --- deleting ------------------------------------------------------------------------------


def test_delete_a_linked_partner_after_confirming_and_undo(
    qtbot, open_view, window, registers, shipped_plan
) -> None:
    view = open_view(PartnersView)
    issa = partner(registers, shipped_plan, "ISSA")
    roles = [r for r in registers.partner_roles(shipped_plan.uuid) if r.partner_code == "ISSA"]
    view.table.select_uuid(issa.uuid)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    box = wait_for(qtbot, view, QMessageBox, "deleteLinkedBox")
    assert "ISSA is a party to MOU-ISSA" in box.text()
    assert all(f"on {role.item_code}" in box.text() for role in roles)
    assert "ISSA" in {p.code for p in registers.partners(shipped_plan.uuid)}  # not yet
    qtbot.mouseClick(box.findChild(QPushButton, "deleteWithLinksButton"), Qt.MouseButton.LeftButton)
    assert "ISSA" not in {p.code for p in registers.partners(shipped_plan.uuid)}
    assert view.selected_uuid() not in (None, issa.uuid)  # the next partner is selected
    window.stack.undo()
    assert partner(registers, shipped_plan, "ISSA") == issa
    assert registers.mous(shipped_plan.uuid)[0].party_codes == ("ISSA",)
    assert len(
        [r for r in registers.partner_roles(shipped_plan.uuid) if r.partner_code == "ISSA"]
    ) == len(roles)


def test_cancelling_the_confirmation_deletes_nothing(
    qtbot, open_view, window, registers, shipped_plan
):
    view = open_view(PartnersView)
    view.table.select_uuid(partner(registers, shipped_plan, "ISSA").uuid)
    qtbot.mouseClick(button(view, "partnersDeleteButton"), Qt.MouseButton.LeftButton)
    box = wait_for(qtbot, view, QMessageBox, "deleteLinkedBox")
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert "ISSA" in {p.code for p in registers.partners(shipped_plan.uuid)}
    assert window.stack.count() == 0


def test_a_partner_without_links_is_deleted_at_once(qtbot, open_view, registers, shipped_plan):
    view = open_view(PartnersView)
    lonely = partner(registers, shipped_plan, "ILO-SPS")  # no roles, no MOUs
    view.table.select_uuid(lonely.uuid)
    qtbot.mouseClick(button(view, "partnersDeleteButton"), Qt.MouseButton.LeftButton)
    assert "ILO-SPS" not in {p.code for p in registers.partners(shipped_plan.uuid)}
    assert view.findChild(QMessageBox, "deleteLinkedBox") is None


def test_insert_key_adds_a_partner_and_a_role(qtbot, open_view, registers, shipped_plan) -> None:
    view = open_view(PartnersView)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Insert)
    added = registers.partners(shipped_plan.uuid)[-1]
    assert added.name == "New partner" and view.selected_uuid() == added.uuid
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)

    qtbot.mouseClick(button(view, "partnersAddRoleButton"), Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, view, QDialog, "partnerRoleDialog")
    items = dialog.findChild(QComboBox, "roleItemCombo")
    qtbot.keyClicks(items.lineEdit(), "II.2(iv)")
    roles = dialog.findChild(QComboBox, "roleKindCombo")
    roles.setCurrentIndex(roles.findData("funder"))
    press_ok(qtbot, dialog)
    [role] = [r for r in registers.partner_roles(shipped_plan.uuid) if r.partner_uuid == added.uuid]
    assert (role.item_code, role.role.value) == ("II.2(iv)", "funder")
    assert view.roles_table.source.rows == (role,)

    view.roles_table.select_uuid(role.uuid)
    view.roles_table.setFocus()
    qtbot.keyClick(view.roles_table, Qt.Key.Key_Delete)
    assert not [
        r for r in registers.partner_roles(shipped_plan.uuid) if r.partner_uuid == added.uuid
    ]


def test_double_click_a_roles_item_selects_it_in_the_plan(
    qtbot, open_view, registers, shipped_plan
):
    view = open_view(PartnersView)
    issa = partner(registers, shipped_plan, "ISSA")
    view.table.select_uuid(issa.uuid)
    role = view.roles_table.source.rows[0]
    with qtbot.waitSignal(view.itemActivated) as activated:
        double_click(qtbot, view.roles_table, cell(view.roles_table, role.uuid, "item"))
    assert activated.args == [role.item_uuid]


# --- dependencies --------------------------------------------------------------------------


def test_add_a_dependency_then_edit_its_type_and_lag(
    qtbot, open_view, plan_service, registers, shipped_plan
) -> None:
    view = open_view(DependenciesView)
    before = len(registers.dependencies(shipped_plan.uuid))
    qtbot.mouseClick(button(view, "dependenciesAddButton"), Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, view, QDialog, "dependencyDialog")
    from_combo = dialog.findChild(QComboBox, "dependencyFromCombo")
    to_combo = dialog.findChild(QComboBox, "dependencyToCombo")
    from_combo.lineEdit().clear()
    qtbot.keyClicks(from_combo.lineEdit(), "V.2(i)")
    qtbot.keyClicks(to_combo.lineEdit(), "V.2(i)")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # an item cannot depend on itself
    to_combo.lineEdit().clear()
    qtbot.keyClicks(to_combo.lineEdit(), "KO18")
    dialog.findChild(QSpinBox, "dependencyLagSpin").setValue(30)
    press_ok(qtbot, dialog)
    rows = registers.dependencies(shipped_plan.uuid)
    added = rows[-1]
    assert len(rows) == before + 1
    assert (added.from_code, added.to_code, added.type, added.lag_days) == (
        "V.2(i)",
        "KO18",
        DependencyType.FS,
        30,
    )
    assert view.selected_uuid() == added.uuid

    reactivate(qtbot, view)
    combo = start_editing(qtbot, view.table, added.uuid, "type")
    combo.setCurrentIndex(combo.findData("SS"))
    commit(qtbot, view.table, combo)
    spin = start_editing(qtbot, view.table, added.uuid, "lag")
    assert isinstance(spin, QSpinBox)
    spin.selectAll()
    qtbot.keyClicks(spin, "-5")
    commit(qtbot, view.table, spin)
    added = registers.dependencies(shipped_plan.uuid)[-1]
    assert (added.type, added.lag_days) == (DependencyType.SS, -5)
    assert display(view.table, added.uuid, "lag") == "-5"


def test_double_click_from_selects_that_item_in_the_plan(qtbot, open_view, registers, shipped_plan):
    view = open_view(DependenciesView)
    row = registers.dependencies(shipped_plan.uuid)[2]
    with qtbot.waitSignal(view.itemActivated) as activated:
        double_click(qtbot, view.table, cell(view.table, row.uuid, "from"))
    assert activated.args == [row.from_uuid]
    view.table.select_uuid(row.uuid)
    with qtbot.waitSignal(view.itemActivated) as activated:
        qtbot.mouseClick(button(view, "dependenciesShowToButton"), Qt.MouseButton.LeftButton)
    assert activated.args == [row.to_uuid]


def test_a_dependency_cycle_is_refused(qtbot, open_view, window, registers, shipped_plan):
    view = open_view(DependenciesView)
    row = next(r for r in registers.dependencies(shipped_plan.uuid) if r.from_code == "I.3(i)")
    view.table.select_uuid(row.uuid)
    qtbot.mouseClick(button(view, "dependenciesAddButton"), Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, view, QDialog, "dependencyDialog")
    dialog.from_combo.select_uuid(row.to_uuid)
    dialog.to_combo.select_uuid(row.from_uuid)
    press_ok(qtbot, dialog)
    assert "cycle" in str(window.refused[-1])
    assert len(registers.dependencies(shipped_plan.uuid)) == view.table.source.rowCount()


# --- mandates and gender coverage ---------------------------------------------------------


def test_removing_the_only_implementing_activity_flags_the_paragraph(
    qtbot, open_view, window, registers, shipped_plan, plan_service
) -> None:
    view = open_view(MandatesView)
    mandate = next(m for m in registers.mandates(shipped_plan.uuid) if m.code == "35(d)")
    assert mandate.activity_codes == ("III.2",)
    assert display(view.table, mandate.uuid, "activities") == "III.2"
    view.table.select_uuid(mandate.uuid)
    qtbot.mouseClick(button(view, "mandatesActivitiesButton"), Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, view, QDialog, "mandateActivitiesDialog")
    assert [dialog.list.item(i).text().split(" — ")[0] for i in range(dialog.list.count())
            if dialog.list.item(i).checkState() == Qt.CheckState.Checked] == ["III.2"]  # fmt: skip
    activity = next(
        a for a in plan_service.outline(shipped_plan.uuid).activities if a.code == "III.2"
    )
    paragraphs_before = [m.code for m in plan_service.item_detail(activity.uuid).mandates]
    dialog.set_checked(activity.uuid, False)
    press_ok(qtbot, dialog)
    assert (
        next(m for m in registers.mandates(shipped_plan.uuid) if m.code == "35(d)").activity_codes
        == ()
    )
    flag = cell(view.table, mandate.uuid, "activities")
    assert flag.data() == "Not implemented"
    assert flag.data(Qt.ItemDataRole.DecorationRole) is not None
    assert (
        "1 not implemented" in view.findChild(type(view._count_label), "mandatesCountLabel").text()
    )
    # The activity keeps its other paragraphs.
    assert [m.code for m in plan_service.item_detail(activity.uuid).mandates] == [
        code for code in paragraphs_before if code != "35(d)"
    ]
    window.stack.undo()
    assert display(view.table, mandate.uuid, "activities") == "III.2"


def test_add_two_implementing_activities_is_one_undo_step(
    qtbot, open_view, window, registers, shipped_plan, plan_service
):
    view = open_view(MandatesView)
    mandate = next(m for m in registers.mandates(shipped_plan.uuid) if m.code == "35(d)")
    view.table.select_uuid(mandate.uuid)
    activities = {a.code: a.uuid for a in plan_service.outline(shipped_plan.uuid).activities}
    qtbot.mouseClick(button(view, "mandatesActivitiesButton"), Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, view, QDialog, "mandateActivitiesDialog")
    dialog.set_checked(activities["I.1"], True)
    dialog.set_checked(activities["V.2"], True)
    press_ok(qtbot, dialog)
    codes = next(
        m for m in registers.mandates(shipped_plan.uuid) if m.code == "35(d)"
    ).activity_codes
    assert set(codes) == {"I.1", "III.2", "V.2"}
    assert window.stack.count() == 1


def test_gender_coverage_heading_counts_marked_activities(open_view, registers, shipped_plan):
    view = open_view(MandatesView)
    rows = registers.gender_coverage(shipped_plan.uuid)
    marked, total = sum(r.marked for r in rows), sum(r.activities for r in rows)
    assert (
        view.coverage_heading
        == f"Gender coverage: {marked} of {total} activities carry a gender marker"
    )
    assert view.coverage_table.source.rows == rows


# --- indicators ----------------------------------------------------------------------------


def test_a_measurement_shows_progress(qtbot, open_view, window, registers, shipped_plan) -> None:
    view = open_view(IndicatorsView)
    c102 = next(
        i for i in registers.indicators(shipped_plan.uuid) if i.code == "C102-RATIFICATIONS"
    )
    assert (c102.baseline_value, c102.target_value, c102.measurements) == (47, 60, ())
    view.table.select_uuid(c102.uuid)
    assert display(view.table, c102.uuid, "progress") == ""
    qtbot.mouseClick(button(view, "indicatorsAddMeasurementButton"), Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, view, QDialog, "measurementDialog")
    dialog.findChild(QDateEdit, "measurementDateEdit").setDate(QDate(2015, 12, 31))
    qtbot.keyClicks(dialog.findChild(QLineEdit, "measurementValueEdit"), "53")
    press_ok(qtbot, dialog)
    [measurement] = next(
        i for i in registers.indicators(shipped_plan.uuid) if i.code == c102.code
    ).measurements
    assert (measurement.measured_on, measurement.value) == (date(2015, 12, 31), 53)
    assert display(view.table, c102.uuid, "progress") == "46\u00a0%"
    assert display(view.table, c102.uuid, "latest") == "53"
    assert view.measurements_table.source.rows == (measurement,)
    window.stack.undo()
    assert display(view.table, c102.uuid, "progress") == ""


def test_edit_a_target_and_delete_a_measurement(
    qtbot, open_view, measured, registers, shipped_plan
):
    view = open_view(IndicatorsView)
    view.table.select_uuid(measured.uuid)
    editor = start_editing(qtbot, view.table, measured.uuid, "target")
    editor.selectAll()
    qtbot.keyClicks(editor, "59")
    commit(qtbot, view.table, editor)
    assert (
        next(
            i for i in registers.indicators(shipped_plan.uuid) if i.uuid == measured.uuid
        ).target_value
        == 59
    )
    assert display(view.table, measured.uuid, "progress") == "50\u00a0%"  # (53-47)/(59-47)
    latest = view.measurements_table.source.rows[-1]
    view.measurements_table.select_uuid(latest.uuid)
    qtbot.mouseClick(button(view, "indicatorsDeleteMeasurementButton"), Qt.MouseButton.LeftButton)
    [left] = next(
        i for i in registers.indicators(shipped_plan.uuid) if i.uuid == measured.uuid
    ).measurements
    assert left.value == 50


def test_add_an_indicator_and_name_it(qtbot, open_view, registers, shipped_plan) -> None:
    view = open_view(IndicatorsView)
    qtbot.mouseClick(button(view, "indicatorsAddButton"), Qt.MouseButton.LeftButton)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Countries with a national social protection floor")
    commit(qtbot, view.table, editor)
    added = registers.indicators(shipped_plan.uuid)[-1]
    assert (added.code, added.title) == (
        "IND-1",
        "Countries with a national social protection floor",
    )


# --- columns, filter, plan ------------------------------------------------------------------


def test_hidden_columns_are_remembered_for_the_next_view(qtbot, open_view, app_settings) -> None:
    first = open_view(PartnersView)
    assert first.table.is_column_shown("acronym") and not first.table.is_column_shown("notes")
    header = first.table.horizontalHeader()
    header.customContextMenuRequested.emit(header.rect().center())  # a right-click
    menu = first.table.columns_menu()
    qtbot.waitUntil(menu.isVisible)
    menu.hide()
    actions = {action.objectName(): action for action in menu.actions()}
    actions["column_acronym"].trigger()
    actions["column_notes"].trigger()
    assert not first.table.is_column_shown("acronym")
    first.close()

    second = open_view(PartnersView)
    assert not second.table.is_column_shown("acronym")
    assert second.table.is_column_shown("notes")
    actions = {a.objectName(): a for a in second.table.columns_menu().actions()}
    assert not actions["column_acronym"].isChecked()
    actions["column_acronym"].trigger()
    third = open_view(PartnersView)
    assert third.table.is_column_shown("acronym")


def test_the_last_visible_column_cannot_be_hidden(open_view) -> None:
    view = open_view(DependenciesView)
    for key in ("from", "to", "type", "lag"):
        view.table.set_column_shown(key, False)
    actions = {a.objectName(): a for a in view.table.columns_menu().actions()}
    assert not actions["column_source"].isEnabled()
    view.table.set_column_shown("source", False)
    assert view.table.is_column_shown("source")


def test_a_refresh_keeps_the_selection(qtbot, open_view, registers, shipped_plan, window):
    view = open_view(PartnersView)
    imf = partner(registers, shipped_plan, "IMF")
    view.table.select_uuid(imf.uuid)
    window.submit(ChangeBuilder(registers._database).new_partner(shipped_plan.uuid, "Zed"))
    assert view.selected_uuid() == imf.uuid
    assert view.table.source.rowCount() == len(registers.partners(shipped_plan.uuid))


def test_a_predicate_filters_the_rows(open_view, registers, shipped_plan) -> None:
    view = open_view(PartnersView)
    total = len(registers.partners(shipped_plan.uuid))
    units = [p for p in registers.partners(shipped_plan.uuid) if p.kind is PartnerKind.ILO_UNIT]
    view.set_predicate(lambda record: record.kind is PartnerKind.ILO_UNIT)
    assert view.table.model().rowCount() == len(units) < total
    count = view.findChild(type(view._count_label), "partnersCountLabel").text()
    assert count == f"{len(units)} of {total} partners shown"
    view.set_predicate(None)
    assert view.table.model().rowCount() == total


def test_without_a_plan_the_views_are_empty_and_cannot_add(open_view) -> None:
    for name, cls in REGISTER_VIEWS:
        view = open_view(cls)
        assert view.objectName() == f"{name}View"
        assert view.table.model().rowCount() > 0
        view.set_plan(None)
        assert view.table.model().rowCount() == 0 and view.selected_uuid() is None
        add = view.findChild(QToolButton, f"{name}AddButton")
        assert add is None or not add.isEnabled()


def test_register_views_are_named_in_order() -> None:
    assert [name for name, _ in REGISTER_VIEWS] == [
        "partners",
        "mous",
        "dependencies",
        "mandates",
        "indicators",
    ]
    assert all(name == cls.NAME for name, cls in REGISTER_VIEWS)


def test_checklist_filter_narrows_the_list(qtbot, open_view, registers, shipped_plan) -> None:
    view = open_view(MousView)
    qtbot.mouseClick(button(view, "mousPartiesButton"), Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, view, QDialog, "mouPartiesDialog")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "checklistFilter"), "bank")
    listed = dialog.findChild(QListWidget, "checklist")
    shown = [listed.item(i).text() for i in range(listed.count()) if not listed.item(i).isHidden()]
    assert shown and all("bank" in text.casefold() for text in shown)
    dialog.reject()


# --- the contract with the window ---------------------------------------------------------


def test_the_table_keys_win_over_window_shortcuts(qtbot, open_view, registers, shipped_plan):
    from PySide6.QtGui import QAction, QKeySequence

    view = open_view(PartnersView)  # a window of its own here
    window_delete = QAction("Delete item", view)
    window_delete.setShortcut(QKeySequence(Qt.Key.Key_Delete))
    window_delete.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    view.addAction(window_delete)
    lonely = partner(registers, shipped_plan, "ILO-SPS")
    view.table.select_uuid(lonely.uuid)
    view.table.setFocus()
    with qtbot.assertNotEmitted(window_delete.triggered):
        qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert "ILO-SPS" not in {p.code for p in registers.partners(shipped_plan.uuid)}
    # The row that took its place is selected.
    assert view.selected_uuid() == registers.partners(shipped_plan.uuid)[1].uuid


def test_a_view_rereads_on_its_own_when_the_window_does_not(
    qtbot, database, plan_service, shipped_plan, registers, app_settings
) -> None:
    editor = PlanEditor(database)
    applied: list[Change] = []

    def submit(change: Change) -> bool:  # applies, but tells no view
        editor.apply(change)
        applied.append(change)
        return True

    view = PartnersView(CombinedReader(registers, plan_service), ChangeBuilder(database), submit,
                        app_settings)  # fmt: skip
    qtbot.addWidget(view)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    view.set_plan(shipped_plan.uuid)
    imf = partner(registers, shipped_plan, "IMF")
    type_into_cell(qtbot, view.table, imf.uuid, "region", "Washington")
    assert len(applied) == 1 and partner(registers, shipped_plan, "IMF").region == "Washington"
    assert display(view.table, imf.uuid, "region") == "Washington"


def test_an_edit_of_a_stale_row_is_refused(
    qtbot, open_view, window, database, registers, shipped_plan
):
    view = open_view(PartnersView)
    imf = partner(registers, shipped_plan, "IMF")
    # Someone else renames it; this view has not re-read yet.
    PlanEditor(database).apply(
        ChangeBuilder(database).edit("partner", imf.uuid, {"name": "The Fund"})
    )
    type_into_cell(qtbot, view.table, imf.uuid, "name", "International Monetary Fund (IMF)")
    assert "changed meanwhile" in str(window.refused[-1])
    assert partner(registers, shipped_plan, "IMF").name == "The Fund"
