"""The main window used as a coordinator would: create, delete, move, undo, several plans,
views and layout, settings; and every model of the window through the model tester."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolBar,
    QUndoView,
)

import poa_desktop
from poa_desktop.domain.errors import NotFoundError, UserError
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.setup import open_database
from poa_desktop.store.urls import url_for_path
from poa_desktop.ui.editor_widgets import ElidedLabel
from poa_desktop.ui.plan_tree_model import ItemUuidRole, TreeColumn
from poa_desktop.ui.record_models import CheckListModel, Choice, Column, RecordTableModel
from poa_desktop.ui.settings import ALL_SETTINGS, LAST_PLAN_UUID, SPLITTER_STATE, AppSettings
from ui_driver import (
    DialogAnswer,
    Services,
    child,
    click_row,
    find_row,
    open_window,
    select_code,
)

# The offscreen platform cannot pass size hints to a window system and says so once per
# top-level window; that is a property of the test platform, not of the window.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

VIEWS = (
    "plan",
    "outputs",
    "partners",
    "mous",
    "dependencies",
    "mandates",
    "indicators",
    "network",
)


@pytest.fixture
def services(database) -> Services:
    return Services.over(database)


@pytest.fixture
def window(qtbot, services, app_settings):
    return open_window(qtbot, services, app_settings)


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def means_of(services: Services, activity: str) -> list[str]:
    outline = services.plans.outline(services.plan().uuid)
    return [row.code for row in outline.means_of_action if row.parent_code == activity]


# Settings


def test_settings_defaults_round_trip_and_bad_values(tmp_path) -> None:
    path = str(tmp_path / "s.ini")
    settings = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    for setting in ALL_SETTINGS:
        assert settings.get(setting) == setting.default
    settings.splitter_state = QByteArray(b"\x00\xffsplit")
    settings.last_plan_uuid = "abc"
    settings.sync()
    again = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    assert again.get(SPLITTER_STATE) == QByteArray(b"\x00\xffsplit")
    assert again.last_plan_uuid == "abc"
    again.reset(LAST_PLAN_UUID)
    assert again.last_plan_uuid == ""
    with pytest.raises(TypeError):
        again.set(LAST_PLAN_UUID, 42)  # type: ignore[arg-type]


# Opening


def test_opens_on_the_shipped_plan(window, services) -> None:
    assert "social security plan of action" in window.windowTitle().lower()
    assert window.plan is not None and window.plan.uuid == services.plan().uuid
    counts = child(window, ElidedLabel, "countsLabel").full_text()
    assert "18 key outputs" in counts and " · " in counts
    tree = window.plan_view.tree
    model = tree.model()
    codes = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert codes == ["I", "II", "III", "IV", "V", "G", "★", "◆"]  # + outputs, milestones
    titles = [model.index(row, TreeColumn.TITLE).data() for row in (6, 7)]
    assert titles == ["Key outputs (Figure 1)", "Milestones"]
    assert model.rowCount(model.index(6, 0)) == 18 and model.rowCount(model.index(7, 0)) == 11
    assert tree.isExpanded(model.index(1, 0))  # activities visible
    assert not tree.isExpanded(model.index(0, 0, model.index(1, 0)))  # means folded


def test_an_empty_database_says_how_to_start(qtbot, services, app_settings) -> None:
    services.editor.apply(services.builder.delete_plan(services.plan().uuid))
    window = open_window(qtbot, services, app_settings)
    label = child(window, QLabel, "emptyStateLabel")
    assert label.isVisible() and "holds no plan" in label.text()
    assert not window.plan_view.tree.isVisible()
    assert window.windowTitle() == "poa-desktop"
    assert not action(window, "actionNewActivity").isEnabled()
    assert action(window, "actionNewPlan").isEnabled()


class FailingPlans(PlanService):
    """The real service, except for the calls a test makes fail."""

    fail_list: UserError | None = None
    fail_detail: UserError | None = None

    def list_plans(self):  # type: ignore[no-untyped-def]
        if self.fail_list:
            raise self.fail_list
        return super().list_plans()

    def item_detail(self, item_uuid: str):  # type: ignore[no-untyped-def]
        if self.fail_detail:
            raise self.fail_detail
        return super().item_detail(item_uuid)


def test_an_unreadable_plan_list_is_a_message(qtbot, database, app_settings) -> None:
    services = Services.over(database)
    services.plans = FailingPlans(database)
    services.plans.fail_list = UserError("The database file is damaged.")
    window = open_window(qtbot, services, app_settings)
    box = child(window, QMessageBox, "errorDialog")
    qtbot.waitUntil(box.isVisible)
    assert box.text() == "The database file is damaged."
    assert child(window, QLabel, "emptyStateLabel").text() == "The database file is damaged."


def test_an_item_that_cannot_be_read_is_a_message(qtbot, database, app_settings) -> None:
    services = Services.over(database)
    services.plans = FailingPlans(database)
    window = open_window(qtbot, services, app_settings)
    services.plans.fail_detail = NotFoundError("Item II.2(iv) no longer exists.")
    tree = window.plan_view.tree
    click_row(qtbot, tree, find_row(tree, "II.2(iv)"))
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorDialog") is not None)
    box = child(window, QMessageBox, "errorDialog")
    qtbot.waitUntil(box.isVisible)
    assert "no longer exists" in box.text()
    assert window.detail_pane.is_empty


# Creating, deleting, moving


def test_new_means_of_action_under_the_selected_activity_then_delete(
    window, qtbot, services
) -> None:
    select_code(qtbot, window, "II.2")
    toolbar = child(window, QToolBar, "editToolBar")
    new_means = action(window, "actionNewMeans")
    assert new_means in toolbar.actions() and new_means.toolTip().startswith("New means")
    button = toolbar.widgetForAction(new_means)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert means_of(services, "II.2")[-1] == "II.2(vii)"
    new = services.item("II.2(vii)")
    assert new.title == "New means of action"
    assert window.plan_view.current()[0] == new.uuid
    title = window.detail_pane.fields.widget("title")
    qtbot.waitUntil(title.hasFocus)
    qtbot.keyClicks(title, "A study of benefit adequacy")  # the title was selected
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert services.item("II.2(vii)").title == "A study of benefit adequacy"

    tree = window.plan_view.tree
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert "II.2(vii)" not in services.codes()
    assert window.plan_view.current()[0]  # a neighbour is selected
    assert "Saved: Delete II.2(vii)" in window.statusBar().currentMessage()


@pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)
def test_new_items_from_the_context_menu_go_where_the_menu_was_opened(
    window, qtbot, services
) -> None:
    tree = window.plan_view.tree
    index = find_row(tree, "III")
    rect = tree.visualRect(index)
    window.plan_view.tree.customContextMenuRequested.emit(rect.center())
    menu = child(window, QMenu, "itemContextMenu")
    qtbot.waitUntil(menu.isVisible)
    assert window.plan_view.current()[0] == find_row(tree, "III").data(ItemUuidRole)
    new_activity = action(window, "actionNewActivity")
    assert new_activity in menu.actions()
    menu.close()
    new_activity.trigger()
    assert "III.4" in services.codes()
    assert services.item("III.4").component_code == "III"
    action(window, "actionNewKeyOutput").trigger()
    ko = services.item("KO19")
    # The menu was opened in the tree: the new key output is selected there, under its
    # heading, with its title ready to type.
    assert ko.component_code == "III" and window.active_view == "plan"
    assert window.plan_view.current()[0] == ko.uuid
    window.show_view("outputs")
    action(window, "actionNewKeyOutput").trigger()
    ko20 = services.item("KO20")
    assert window.active_view == "outputs" and window.outputs_view.current()[0] == ko20.uuid
    action(window, "actionNewMilestone").trigger()
    assert any(code.startswith("MS-") for code in services.codes() - {"MS-ILC-2011"})


def test_delete_an_item_others_depend_on_asks_lists_and_undoes(window, qtbot, services) -> None:
    select_code(qtbot, window, "I.3(i)")
    plan = services.plan()
    before = services.plans.document(plan.uuid)
    seen: list[str] = []

    def answer(box) -> None:
        seen.append(box.objectName())
        seen.append(box.text())
        child(box, QPushButton, "deleteWithLinksButton").click()

    answerer = DialogAnswer(answer)
    window.plan_view.tree.setFocus()
    qtbot.keyClick(window.plan_view.tree, Qt.Key.Key_Delete)
    answerer.check(qtbot, window)
    assert seen[0] == "inUseDialog"
    assert "dependency I.3(i) → I.3(ii)" in seen[1]
    assert "I.3(i)" not in services.codes()

    qtbot.keyClick(window.plan_view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "I.3(i)" in services.codes()
    assert services.plans.document(plan.uuid) == before
    qtbot.waitUntil(lambda: window.plan_view.current()[0] == services.item("I.3(i)").uuid)


def test_cancel_keeps_an_item_with_links(window, qtbot, services) -> None:
    select_code(qtbot, window, "I.3(i)")
    answerer = DialogAnswer(lambda box: child(box, QPushButton, "cancelButton").click())
    action(window, "actionDelete").trigger()
    answerer.check()
    assert "I.3(i)" in services.codes()
    assert window.session.stack.count() == 0


def test_move_a_means_of_action_up_and_down(window, qtbot, services) -> None:
    before = means_of(services, "II.2")
    select_code(qtbot, window, "II.2(iii)")
    tree = window.plan_view.tree
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert means_of(services, "II.2")[:3] == ["II.2(i)", "II.2(iii)", "II.2(ii)"]
    siblings = find_row(tree, "II.2(i)").parent()
    assert tree.model().index(1, 0, siblings).data() == "II.2(iii)"
    assert tree.currentIndex().data() == "II.2(iii)"  # still selected
    assert tree.isExpanded(siblings)  # still open
    qtbot.keyClick(tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert means_of(services, "II.2") == before
    select_code(qtbot, window, "II.2(i)")
    assert not action(window, "actionMoveUp").isEnabled()
    assert action(window, "actionMoveDown").isEnabled()


def test_delete_key_in_a_text_field_does_not_delete_the_item(window, qtbot, services) -> None:
    select_code(qtbot, window, "II.2(iv)")
    code = window.detail_pane.fields.widget("code")
    code.setFocus()
    qtbot.keyClick(code, Qt.Key.Key_Home)
    qtbot.keyClick(code, Qt.Key.Key_Delete)
    assert code.text() == "I.2(iv)"
    assert "II.2(iv)" in services.codes()


# Several plans


def test_new_plan_switch_to_it_and_back(window, qtbot, services, app_settings) -> None:
    shipped = services.plan()

    def answer(dialog) -> None:
        child(dialog, QLineEdit, "planTitleEdit").setText("Plan of action 2020–25")
        child(dialog, QLineEdit, "planCodeEdit").setText("ilo-ss-2020-25")
        dialog.accept()

    answerer = DialogAnswer(answer)
    action(window, "actionNewPlan").trigger()
    answerer.check()
    new = services.plans.find_plan("ilo-ss-2020-25")
    assert window.plan is not None and window.plan.uuid == new.uuid
    assert window.windowTitle() == "Plan of action 2020–25 — poa-desktop"
    assert app_settings.last_plan_uuid == new.uuid
    assert window.plan_view.proxy.rowCount() == 0

    action(window, f"actionOpenPlan_{shipped.code}").trigger()
    assert window.plan.uuid == shipped.uuid
    action(window, "actionOpenPlan_ilo-ss-2020-25").trigger()
    assert window.plan.uuid == new.uuid

    window.session.undo()  # the new plan goes, the window returns to the shipped one
    assert "ilo-ss-2020-25" not in {plan.code for plan in services.plans.list_plans()}
    assert window.plan.uuid == shipped.uuid
    window.session.redo()
    assert window.plan.uuid == new.uuid


def test_duplicate_rename_and_delete_a_plan(window, qtbot, services) -> None:
    shipped = services.plan()
    answerer = DialogAnswer(lambda d: d.accept())  # the offered code and title
    action(window, "actionDuplicatePlan").trigger()
    answerer.check()
    copy = services.plans.find_plan("ilo-ss-2011-19-next")
    assert window.plan.uuid == copy.uuid
    assert services.plans.counts(copy.uuid) == services.plans.counts(shipped.uuid)

    def rename(dialog) -> None:
        child(dialog, QLineEdit, "planTitleEdit").setText("Successor plan")
        dialog.accept()

    answerer = DialogAnswer(rename)
    action(window, "actionRenamePlan").trigger()
    answerer.check()
    assert services.plans.find_plan("ilo-ss-2011-19-next").title == "Successor plan"
    assert window.windowTitle() == "Successor plan — poa-desktop"

    texts: list[str] = []

    def confirm(box) -> None:
        texts.append(box.text() + box.informativeText())
        child(box, QPushButton, "confirmDeletePlanButton").click()

    answerer = DialogAnswer(confirm)
    action(window, "actionDeletePlan").trigger()
    answerer.check()
    assert "Successor plan" in texts[0] and "17 activities" in texts[0]
    assert {plan.code for plan in services.plans.list_plans()} == {shipped.code}
    assert window.plan.uuid == shipped.uuid
    window.session.undo()
    assert services.plans.find_plan("ilo-ss-2011-19-next").title == "Successor plan"
    assert window.plan.uuid == copy.uuid


def test_reopen_on_the_same_file_shows_the_same_plan_and_edits(
    qtbot, db_path, app_settings
) -> None:
    database = open_database(url_for_path(db_path)).database
    try:
        services = Services.over(database)
        first = open_window(qtbot, services, app_settings)
        select_code(qtbot, first, "II.2(iv)")
        first.detail_pane.fields.widget("status").choose("on_track")
        answerer = DialogAnswer(lambda d: d.accept())
        action(first, "actionDuplicatePlan").trigger()
        answerer.check()
        copy = first.plan
        first.close()
    finally:
        database.dispose()

    again = open_database(url_for_path(db_path)).database
    try:
        services = Services.over(again)
        second = open_window(qtbot, services, app_settings)
        assert second.plan is not None and second.plan.uuid == copy.uuid  # remembered
        assert services.item("II.2(iv)", services.plans.find_plan("ilo-ss-2011-19")).status == (
            "on_track"
        )
        second.close()
    finally:
        again.dispose()


# Undo history, views, layout


def test_the_undo_history_lists_the_edits(window, qtbot, services) -> None:
    dock = child(window, QDockWidget, "undoHistoryDock")
    assert not dock.isVisible()
    qtbot.keyClick(window.plan_view.tree, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert dock.isVisible()
    select_code(qtbot, window, "II.2(iv)")
    window.detail_pane.fields.widget("status").choose("at_risk")
    window.detail_pane.fields.widget("gender_marker").choose("principal")
    view = child(dock, QUndoView, "undoHistoryView")
    texts = [view.model().index(row, 0).data() for row in range(view.model().rowCount())]
    assert texts == [
        "<as opened>",
        "II.2(iv) status → At risk",
        "II.2(iv) gender marker → Principal objective",
    ]
    # Clicking the first line undoes both.
    view.setCurrentIndex(view.model().index(0, 0))
    assert services.item("II.2(iv)").status == "not_started"
    assert services.item("II.2(iv)").gender_marker == "not_screened"
    assert action(window, "actionUndo").shortcut().toString() == "Ctrl+Z"
    redo_keys = [key.toString() for key in action(window, "actionRedo").shortcuts()]
    assert redo_keys == ["Ctrl+Shift+Z", "Ctrl+Y"]


@pytest.mark.parametrize("name", VIEWS)
def test_show_view_brings_each_view_to_the_front(window, qtbot, name) -> None:
    view = window.show_view(name)
    dock = child(window, QDockWidget, f"{name}Dock")
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty())
    assert dock.widget() is view and view.isVisible()
    assert window.active_view == name
    with pytest.raises(UserError, match=r"choose one of: plan, outputs, .*, gantt, network"):
        window.show_view("timeline")


def test_a_register_points_to_its_item_in_the_plan(window, qtbot, services) -> None:
    partners = window.show_view("partners")
    uuid = services.item("II.2(iv)").uuid
    partners.itemActivated.emit(uuid)
    assert window.active_view == "plan"
    assert window.plan_view.current()[0] == uuid


def test_a_hidden_register_reads_again_when_shown(window, qtbot, services) -> None:
    partners = window.show_view("partners")
    count = partners.table.model().rowCount()
    window.show_view("plan")
    change = services.builder.new_partner(services.plan().uuid, "African Union Commission")
    assert window.session.submit(change)
    window.show_view("partners")
    qtbot.waitUntil(lambda: partners.table.model().rowCount() == count + 1)


def test_find_filters_the_tree(window, qtbot) -> None:
    bar = window.filters.bar
    assert bar is not None
    qtbot.keyClick(window.plan_view.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.search_field.hasFocus()
    qtbot.keyClicks(bar.search_field, "GESS")
    qtbot.waitUntil(lambda: window.plan_view.proxy.match_count() == 2)
    assert find_row(window.plan_view.tree, "II.2(iv)").isValid()
    assert find_row(window.plan_view.tree, "KO6").isValid()  # "Expansion of SSI and GESS"
    model = window.plan_view.tree.model()
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == ["II", "★"]


def test_layout_and_headers_are_restored_in_a_new_window(qtbot, services, app_settings) -> None:
    first = open_window(qtbot, services, app_settings)
    first.resize(780, 560)  # the offscreen screen is 800 × 600
    qtbot.waitUntil(lambda: first.size() == QSize(780, 560))
    first.plan_view.splitter.setSizes([300, 460])
    header = first.plan_view.tree.header()
    header.resizeSection(TreeColumn.CODE, 140)
    sizes = first.plan_view.splitter.sizes()
    first.dock("indicators").close()  # the user closed a view
    first.show_view("mous")
    first.close()
    assert not app_settings.window_state.isEmpty()

    second = open_window(qtbot, services, app_settings, resize=False)
    assert second.size() == QSize(780, 560)
    assert not second.dock("indicators").isVisible()
    qtbot.waitUntil(lambda: not second.dock("mous").visibleRegion().isEmpty())
    second.show_view("plan")
    qtbot.waitUntil(lambda: second.plan_view.splitter.sizes() == sizes)
    assert second.plan_view.tree.header().sectionSize(TreeColumn.CODE) == 140
    second.show_view("indicators")  # a closed view comes back when asked for
    assert second.dock("indicators").isVisible()


def test_every_main_action_has_a_shortcut(window) -> None:
    for name in (
        "actionUndo",
        "actionRedo",
        "actionNewActivity",
        "actionNewMeans",
        "actionNewKeyOutput",
        "actionNewMilestone",
        "actionDelete",
        "actionMoveUp",
        "actionMoveDown",
        "actionUndoHistory",
        "actionQuit",
        "actionFind",
        *(f"actionShowView_{view}" for view in VIEWS),
    ):
        assert not action(window, name).shortcut().isEmpty(), name
    assert action(window, "actionDelete").shortcut().toString() == "Del"
    assert action(window, "actionMoveUp").shortcut().toString() == "Ctrl+Up"


def test_about_names_version_and_source(window, qtbot) -> None:
    action(window, "actionAbout").trigger()
    box = child(window, QMessageBox, "aboutDialog")
    qtbot.waitUntil(box.isVisible)
    assert poa_desktop.__version__ in box.text()
    assert "GB.312/POL/2" in box.text()
    box.close()


# Models


def test_tree_and_table_models_pass_the_model_tester(window, qtmodeltester) -> None:
    qtmodeltester.check(window.plan_view.model)
    qtmodeltester.check(window.plan_view.proxy)
    qtmodeltester.check(window.outputs_view.ko_model)
    qtmodeltester.check(window.outputs_view.ms_model)
    qtmodeltester.check(window.outputs_view.ms_proxy)


def test_editor_models_pass_the_model_tester(window, qtbot, qtmodeltester) -> None:
    select_code(qtbot, window, "II.2(iv)")
    pane = window.detail_pane
    qtmodeltester.check(pane.partners.model)
    qtmodeltester.check(pane.notes.model)
    select_code(qtbot, window, "I.5")
    qtmodeltester.check(pane.mandates.model)


def test_record_models_on_their_own(qtmodeltester, qapp) -> None:
    table = RecordTableModel((Column("Code", lambda r: r.uuid), Column("Text", lambda r: r.text)))
    table.set_rows([Choice("a", "first"), Choice("b", "second")])
    qtmodeltester.check(table)
    assert table.index_for_uuid("b").row() == 1
    checks = CheckListModel()
    checks.set_choices([Choice("a", "35(a) text"), Choice("b", "35(b) text")], ["b", "gone"])
    qtmodeltester.check(checks)
    assert checks.checked_uuids() == ["b"]
    checks.setData(checks.index(0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert checks.checked_uuids() == ["b", "a"]
