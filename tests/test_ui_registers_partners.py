"""The partners and MOUs registers driven like a coordinator drives them: rename, kinds,
new MOUs with parties and dates, deletion with confirmation, roles; each assertion reads the
database back through the services.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QToolButton,
)

from poa_desktop.domain.enums import MouStatus, PartnerKind
from poa_desktop.domain.errors import FieldError
from poa_desktop.ui.registers import (
    MousView,
    PartnersView,
)
from register_driver import (
    OFFSCREEN_NOTICES,
    button,
    cell,
    commit,
    display,
    double_click,
    partner,
    press_ok,
    start_editing,
    type_into_cell,
    wait_for,
)

pytestmark = OFFSCREEN_NOTICES


def test_rename_a_partner_in_the_table_then_undo(
    qtbot, open_view, undo_window, registers, shipped_plan
) -> None:
    view = open_view(PartnersView)
    issa = partner(registers, shipped_plan, "ISSA")
    type_into_cell(qtbot, view.table, issa.uuid, "name", "International Social Security Assn.")
    assert partner(registers, shipped_plan, "ISSA").name == "International Social Security Assn."
    assert display(view.table, issa.uuid, "name") == "International Social Security Assn."
    assert view.selected_uuid() == issa.uuid
    undo_window.stack.undo()
    assert partner(registers, shipped_plan, "ISSA").name == issa.name
    assert display(view.table, issa.uuid, "name") == issa.name
    undo_window.stack.redo()
    assert partner(registers, shipped_plan, "ISSA").name == "International Social Security Assn."


def test_an_unchanged_cell_makes_no_undo_step(
    qtbot, open_view, undo_window, registers, shipped_plan
):
    view = open_view(PartnersView)
    issa = partner(registers, shipped_plan, "ISSA")
    type_into_cell(qtbot, view.table, issa.uuid, "name", issa.name)
    assert undo_window.stack.count() == 0


def test_a_refused_edit_leaves_the_stored_value_in_the_cell(
    qtbot, open_view, undo_window, registers, shipped_plan
) -> None:
    view = open_view(PartnersView)
    issa = partner(registers, shipped_plan, "ISSA")
    type_into_cell(qtbot, view.table, issa.uuid, "code", "IMF")
    [error] = undo_window.refused
    assert isinstance(error, FieldError) and error.field == "code"
    assert undo_window.stack.count() == 0
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
    qtbot, open_view, undo_window, registers, shipped_plan
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
    undo_window.stack.undo()
    assert registers.mous(shipped_plan.uuid)[-1].party_codes == ()
    assert undo_window.stack.count() == 4  # add, title, status, parties


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
    qtbot, open_view, undo_window, registers, shipped_plan
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
    undo_window.stack.undo()
    assert partner(registers, shipped_plan, "ISSA") == issa
    assert registers.mous(shipped_plan.uuid)[0].party_codes == ("ISSA",)
    assert len(
        [r for r in registers.partner_roles(shipped_plan.uuid) if r.partner_code == "ISSA"]
    ) == len(roles)


def test_cancelling_the_confirmation_deletes_nothing(
    qtbot, open_view, undo_window, registers, shipped_plan
):
    view = open_view(PartnersView)
    view.table.select_uuid(partner(registers, shipped_plan, "ISSA").uuid)
    qtbot.mouseClick(button(view, "partnersDeleteButton"), Qt.MouseButton.LeftButton)
    box = wait_for(qtbot, view, QMessageBox, "deleteLinkedBox")
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert "ISSA" in {p.code for p in registers.partners(shipped_plan.uuid)}
    assert undo_window.stack.count() == 0


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
