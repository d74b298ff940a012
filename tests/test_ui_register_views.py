"""What every register view does whatever it lists: remembered columns, selection kept
across refreshes, filters, keys, and stale rows refused.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QListWidget,
    QMenu,
    QToolButton,
)

from poa_desktop.domain.changes import Change
from poa_desktop.domain.enums import PartnerKind
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.ui.registers import (
    REGISTER_VIEWS,
    CombinedReader,
    DependenciesView,
    MousView,
    PartnersView,
)
from register_driver import (
    OFFSCREEN_NOTICES,
    button,
    display,
    partner,
    type_into_cell,
    wait_for,
)

pytestmark = OFFSCREEN_NOTICES


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


def test_a_refresh_keeps_the_selection(qtbot, open_view, registers, shipped_plan, undo_window):
    view = open_view(PartnersView)
    imf = partner(registers, shipped_plan, "IMF")
    view.table.select_uuid(imf.uuid)
    undo_window.submit(ChangeBuilder(registers._database).new_partner(shipped_plan.uuid, "Zed"))
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
    qtbot, open_view, undo_window, database, registers, shipped_plan
):
    view = open_view(PartnersView)
    imf = partner(registers, shipped_plan, "IMF")
    # Someone else renames it; this view has not re-read yet.
    PlanEditor(database).apply(
        ChangeBuilder(database).edit("partner", imf.uuid, {"name": "The Fund"})
    )
    type_into_cell(qtbot, view.table, imf.uuid, "name", "International Monetary Fund (IMF)")
    assert "changed meanwhile" in str(undo_window.refused[-1])
    assert partner(registers, shipped_plan, "IMF").name == "The Fund"


# --- context menus and the keyboard --------------------------------------------------------


def right_click(qtbot, table, index) -> QMenu:  # type: ignore[no-untyped-def]
    """Press the right button on a row (which selects it) and wait for the row's menu."""
    viewport, at = table.viewport(), table.visualRect(index).center()
    qtbot.mousePress(viewport, Qt.MouseButton.RightButton, pos=at)
    qtbot.mouseRelease(viewport, Qt.MouseButton.RightButton, pos=at)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, viewport.mapToGlobal(at))
    QApplication.sendEvent(viewport, event)
    menus: list[QMenu] = []

    def shown() -> bool:
        menus[:] = [m for m in table.window().findChildren(QMenu) if m.isVisible()]
        return bool(menus)

    qtbot.waitUntil(shown)
    return menus[0]


def test_a_rows_menu_offers_the_toolbar_commands_and_deletes(
    qtbot, open_view, registers, shipped_plan
) -> None:  # type: ignore[no-untyped-def]
    view = open_view(PartnersView)
    lonely = partner(registers, shipped_plan, "ILO-SPS")  # no roles, no MOUs
    menu = right_click(qtbot, view.table, view.table.proxy_index(lonely.uuid, "name"))
    assert view.table.current_uuid() == lonely.uuid  # the right-click selected the row
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[:2] == ["Add partner", "Delete partner"]
    assert "Columns" in texts
    enabled = {a.objectName(): a.isEnabled() for a in menu.actions() if a.objectName()}
    assert enabled["partnersDeleteAction"] and enabled["partnersAddAction"]
    assert not enabled["partnersRemoveRoleAction"]  # ILO-SPS has no role to remove
    delete = next(a for a in menu.actions() if a.objectName() == "partnersDeleteAction")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(delete).center())
    qtbot.waitUntil(lambda: not menu.isVisible())
    assert "ILO-SPS" not in {p.code for p in registers.partners(shipped_plan.uuid)}


@pytest.mark.parametrize("cls", [cls for _name, cls in REGISTER_VIEWS])
def test_every_register_has_a_row_menu_matching_its_toolbar(qtbot, open_view, cls) -> None:  # type: ignore[no-untyped-def]
    view = open_view(cls)
    buttons = [b for b in view.findChildren(QToolButton) if b.objectName().endswith("Button")]
    buttons = [b for b in buttons if b.parent() is view and not b.isHidden()]
    assert buttons, cls.__name__
    menu = right_click(qtbot, view.table, view.table.model().index(0, 0))
    offered = {a.text(): a.isEnabled() for a in menu.actions() if a.objectName()}
    assert offered == {b.text(): b.isEnabled() for b in buttons}
    menu.close()


@pytest.mark.parametrize("cls", [cls for _name, cls in REGISTER_VIEWS])
def test_tab_reaches_every_command_then_the_table(qtbot, open_view, cls) -> None:  # type: ignore[no-untyped-def]
    """From the first toolbar button, Tab visits the enabled commands in toolbar order
    and then the table (inside a table, Tab moves between cells as in a spreadsheet)."""
    view = open_view(cls)
    order = [b for b in view.findChildren(QToolButton) if b.parent() is view]
    enabled = [b for b in order if b.isEnabled() and b.isVisible()]
    enabled[0].setFocus()
    qtbot.waitUntil(enabled[0].hasFocus)
    visited = [QApplication.focusWidget()]
    while QApplication.focusWidget() is not view.table and len(visited) < 30:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited[-1] is view.table, [w.objectName() for w in visited]
    assert visited[:-1] == enabled, [w.objectName() for w in visited]


def test_a_long_register_has_one_line_rows(qtbot, open_view, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Measuring every row's wrapped text on each layout took 51 s for 10,000 dependencies;
    beyond ``WRAPPED_ROWS`` rows are one line each, the full text in the tooltip."""
    from PySide6.QtWidgets import QHeaderView

    from poa_desktop.ui.registers import record_table

    view = open_view(PartnersView)  # 39 partners: rows as tall as their text
    header = view.table.verticalHeader()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents
    monkeypatch.setattr(record_table, "WRAPPED_ROWS", 10)
    view.refresh()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    heights = {view.table.rowHeight(row) for row in range(view.table.model().rowCount())}
    assert heights == {header.defaultSectionSize()}


def test_row_heights_are_held_until_the_outermost_block_ends(qapp) -> None:  # type: ignore[no-untyped-def]
    """Building a view holds its tables' row heights while a column fit (which holds them
    too) runs inside: only the outermost block measures, and a choice made inside waits."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QHeaderView, QTableView

    from poa_desktop.ui.table_rows import fit_rows_to_text, rows_measured_once

    table = QTableView()
    table.setModel(QStandardItemModel(3, 2, table))
    fit_rows_to_text(table)
    mode = table.verticalHeader().sectionResizeMode
    assert mode(0) == QHeaderView.ResizeMode.ResizeToContents
    with rows_measured_once(table):
        with rows_measured_once(table):
            assert mode(0) == QHeaderView.ResizeMode.Fixed
        assert mode(0) == QHeaderView.ResizeMode.Fixed  # the inner block did not measure
        fit_rows_to_text(table, False)  # the register grew past the limit meanwhile
        fit_rows_to_text(table, True)  # and shrank again: the last choice counts
        assert mode(0) == QHeaderView.ResizeMode.Fixed
    assert mode(0) == QHeaderView.ResizeMode.ResizeToContents
    fit_rows_to_text(table, False)
    with rows_measured_once(table):
        pass
    assert mode(0) == QHeaderView.ResizeMode.Fixed
