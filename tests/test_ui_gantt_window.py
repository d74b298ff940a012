"""The Gantt chart beside the plan tree in the real window: the same rows in the same
order (key outputs and milestones included), folding and filtering with the tree,
scrolling with it, selection both ways, a drag undone with Ctrl+Z, the "gantt" view, the
critical path and printing. Edits are checked in the database.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit

from poa_desktop.ui.plan_chart import shown_keys
from poa_desktop.ui.plan_tree_nodes import MILESTONES_GROUP, OUTPUTS_GROUP
from ui_driver import DialogAnswer, Services, click_row, find_row, open_window, select_code

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
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


def rows_agree(window) -> bool:  # type: ignore[no-untyped-def]
    return window.chart.scene.order == shown_keys(window.plan_view.tree)


def test_the_chart_has_the_tree_s_rows_in_its_order(window, qtbot, services) -> None:
    qtbot.waitUntil(lambda: rows_agree(window))
    order = window.chart.scene.order
    plan = services.plans.outline(services.plan().uuid)
    assert order[0] == plan.components[0].uuid
    assert OUTPUTS_GROUP in order and MILESTONES_GROUP in order
    assert order.index(services.item("KO1").uuid) == order.index(OUTPUTS_GROUP) + 1
    assert order[-1] == plan.milestones[-1].uuid  # the milestones come last
    tree = window.plan_view.tree
    index = find_row(tree, "I.1")
    assert tree.visualRect(index).height() == window.chart.rowHeight  # same row height
    assert window.chart.scene.bar(services.item("KO3").uuid).isVisible()


def test_rows_fold_and_filter_with_the_tree(window, qtbot, services) -> None:
    tree = window.plan_view.tree
    ii_1 = services.item("II.1").uuid
    qtbot.waitUntil(lambda: rows_agree(window))
    tree.collapse(find_row(tree, "II"))
    qtbot.waitUntil(lambda: ii_1 not in window.chart.scene.order)
    assert not window.chart.scene.bar(ii_1).isVisible()
    tree.expand(find_row(tree, "II"))
    qtbot.waitUntil(lambda: ii_1 in window.chart.scene.order)
    assert rows_agree(window)

    bar = window.filters.bar
    qtbot.keyClicks(bar.search_field, "GESS")  # II ▸ II.2 ▸ II.2(iv), and ★ ▸ KO6
    qtbot.waitUntil(lambda: len(window.chart.scene.order) == 5)
    assert rows_agree(window)
    order = window.chart.scene.order
    assert services.item("II.2(iv)").uuid in order and services.item("KO6").uuid in order
    assert OUTPUTS_GROUP in order and MILESTONES_GROUP not in order


def test_the_chart_and_the_tree_scroll_together_and_line_up(window, qtbot) -> None:
    tree = window.plan_view.tree
    tree.expandAll()
    qtbot.waitUntil(lambda: rows_agree(window))
    chart_bar = window.chart.view.verticalScrollBar()
    tree_bar = tree.verticalScrollBar()
    qtbot.waitUntil(lambda: tree_bar.maximum() > 0)
    assert chart_bar.maximum() == tree_bar.maximum()
    tree_bar.setValue(240)
    assert chart_bar.value() == 240
    chart_bar.setValue(96)
    assert tree_bar.value() == 96
    first = tree.indexAt(QPoint(4, 1))
    top_in_tree = tree.viewport().mapToGlobal(tree.visualRect(first).topLeft()).y()
    row_top = window.chart.scene.row_of(window.chart.scene.uuid_at(96.0)) * window.chart.rowHeight
    view = window.chart.view
    top_in_chart = view.viewport().mapToGlobal(view.mapFromScene(QPointF(0, row_top))).y()
    assert abs(top_in_tree - top_in_chart) <= 1


def test_selection_goes_tree_to_chart_and_chart_to_tree_and_editor(window, qtbot, services) -> None:
    select_code(qtbot, window, "II.2(iv)")
    assert window.chart.scene.selected == services.item("II.2(iv)").uuid
    ko3 = services.item("KO3").uuid
    view = window.chart.view
    view.ensure_row_visible(ko3)
    bar = window.chart.scene.bar(ko3)
    point = view.mapFromScene(QPointF(bar.anchor_x(False) + bar.days / 2, bar.center_y()))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.plan_view.current()[0] == ko3
    qtbot.waitUntil(lambda: window.detail_pane.fields.widget("code").text() == "KO3")
    assert window.session.stack.count() == 0  # a click is not an edit


def test_dragging_a_bar_is_one_step_that_ctrl_z_undoes(window, qtbot, services) -> None:
    code = "II.2(iv)"
    select_code(qtbot, window, code)
    qtbot.waitUntil(lambda: rows_agree(window))
    before = services.item(code)
    view = window.chart.view
    bar = window.chart.scene.bar(before.uuid)
    view.ensure_row_visible(before.uuid)
    start = view.mapFromScene(QPointF(bar.anchor_x(False) + bar.days * 0.2, bar.center_y()))
    end = start + QPoint(round(365.25 * view.pixels_per_day), 0)
    assert view.viewport().rect().contains(end)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), start + QPoint(30, 0))
    qtbot.mouseMove(view.viewport(), end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    moved = services.item(code)
    assert moved.start is not None and before.start is not None
    assert moved.start.year == before.start.year + 1
    assert window.session.stack.count() == 1
    assert window.statusBar().currentMessage().startswith("II.2(iv) now runs 2013-01-01")
    tree = window.plan_view.tree
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (services.item(code).start, services.item(code).end) == (before.start, before.end)
    qtbot.waitUntil(lambda: window.chart.scene.entry(before.uuid).start == before.start)


def test_a_date_typed_in_the_editor_moves_the_bar(window, qtbot, services) -> None:
    select_code(qtbot, window, "II.2(iv)")
    uuid = services.item("II.2(iv)").uuid
    end = window.detail_pane.fields.widget("end")
    end.date_edit.setFocus()
    end.date_edit.setDate(QDate(2019, 6, 30))
    qtbot.keyClick(end.date_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: services.item("II.2(iv)").end == date(2019, 6, 30))
    qtbot.waitUntil(lambda: window.chart.scene.entry(uuid).end == date(2019, 6, 30))


def test_the_gantt_view_gives_the_chart_the_editor_s_room(window, qtbot) -> None:
    width = window.chart.width()
    chart = window.show_view("gantt")
    assert chart is window.chart
    assert not window.detail_pane.isVisible()
    qtbot.waitUntil(lambda: window.chart.width() > width + 200)
    assert not action(window, "actionEditorPane").isChecked()
    tree = window.plan_view.tree
    click_row(qtbot, tree, find_row(tree, "I.2"))
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # Enter opens the editor on the row
    assert window.detail_pane.isVisible()
    assert action(window, "actionEditorPane").isChecked()
    action(window, "actionEditorPane").trigger()
    assert not window.detail_pane.isVisible()
    window.show_view("plan")
    assert window.detail_pane.isVisible()


def test_the_critical_path_can_be_shown_from_the_start(window, qtbot) -> None:
    chart = window.chart
    chart.critical_action.trigger()
    assert not chart.schedule_stale
    assert chart.scene.critical_path  # read at once when asked for
    assert "Critical path:" in window.statusBar().currentMessage()


def test_print_the_gantt_chart_from_the_file_menu(window, qtbot, tmp_path: Path) -> None:
    target = tmp_path / "printed.pdf"

    def print_to_file(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.findChild(QLineEdit, "filename").setText(str(target))
        dialog.accept()

    answerer = DialogAnswer(print_to_file, "ganttPrintDialog")
    action(window, "actionPrintGantt").trigger()
    answerer.check()
    assert target.read_bytes().startswith(b"%PDF")
    assert "printer" in window.statusBar().currentMessage()
