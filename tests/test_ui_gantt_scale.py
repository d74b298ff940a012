"""The Gantt chart at scale: the bench's M portfolio (1,000 activities, 2,000 means of
action, 2,000 dependencies), driven like a user. These tests say what the chart does with
many rows (what is drawn where, what an edit touches, what the level of detail leaves
out), not how fast: ``poa-desktop bench`` measures that.

The portfolio is generated once per session into a template file; each test gets a copy.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QUndoCommand, QUndoStack

from poa_desktop.domain.changes import Change, label_of
from poa_desktop.domain.enums import DependencyType, ItemKind
from poa_desktop.domain.errors import UserError
from poa_desktop.domain.records import DependencyRow
from poa_desktop.domain.timeline import is_violated
from poa_desktop.services.baseline_service import BaselineService
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.register_service import RegisterService
from poa_desktop.services.schedule_service import ScheduleService
from poa_desktop.services.setup import open_database
from poa_desktop.store.database import Database
from poa_desktop.store.urls import url_for_path
from poa_desktop.ui.gantt import GanttScene, GanttView, GanttWidget, style
from poa_desktop.ui.gantt.arrows import PASSING_LIMIT, Arrow
from poa_desktop.ui.gantt.entries import Entry, outline_rows
from poa_desktop.ui.gantt.items import LABEL_DETAIL, Bar
from poa_desktop.ui.gantt.widget import MENU_VIOLATIONS

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)


@pytest.fixture(scope="session")
def portfolio_m(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The M portfolio in a template database file, and its plan's uuid."""
    from poa_desktop.bench.measures import prepare

    context = prepare(tmp_path_factory.mktemp("portfolio"), "M")
    context.close()
    return context.path, context.plan_uuid


@pytest.fixture
def database_m(tmp_path: Path, portfolio_m: tuple[Path, str]) -> Iterator[Database]:
    path = tmp_path / "portfolio.sqlite"
    shutil.copyfile(portfolio_m[0], path)
    database = open_database(url_for_path(path), seed=False).database
    yield database
    database.dispose()


class _Step(QUndoCommand):
    """The smallest undo command of the contract: applied before it is pushed."""

    def __init__(self, editor: PlanEditor, change: Change, inverse: Change) -> None:
        super().__init__(label_of(change))
        self._editor, self._redo, self._undo, self._first = editor, change, inverse, True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._undo = self._editor.apply(self._redo)

    def undo(self) -> None:
        self._redo = self._editor.apply(self._undo)


@dataclass
class Chart:
    widget: GanttWidget
    stack: QUndoStack
    plans: PlanService
    dependencies: tuple[DependencyRow, ...]
    plan_uuid: str

    @property
    def scene(self) -> GanttScene:
        return self.widget.scene

    @property
    def view(self) -> GanttView:
        return self.widget.view

    def middle(self) -> None:
        """Scroll to the middle of the rows."""
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.maximum() // 2)

    def rows_on_screen(self, partly: bool = False) -> list[str]:
        """The rows wholly on screen (or ``partly``), top to bottom."""
        area = self.view.shown_area()
        height = self.scene.row_height
        first, last = int(area.top() // height) + 1, int(area.bottom() // height) - 1
        if partly:
            first, last = first - 1, last + 2
        return [uuid for uuid in self.scene.order[first:last] if self.scene.bar(uuid)]

    def means_on_screen(self) -> Bar:
        """A means of action's bar in the middle of the view, scrolled into sight."""
        rows = self.rows_on_screen()
        for uuid in rows[len(rows) // 3 :]:
            bar = self.scene.bar(uuid)
            assert bar is not None
            if bar.entry.kind == ItemKind.MEANS.value and bar.days > 500:
                self.view.scroll_to_x(bar.x0, 40)
                return bar
        raise AssertionError("no long means of action on screen")


@pytest.fixture
def chart(qtbot, database_m: Database, portfolio_m, app_settings) -> Chart:  # type: ignore[no-untyped-def]
    plan_uuid = portfolio_m[1]
    plans, editor = PlanService(database_m), PlanEditor(database_m)
    stack = QUndoStack()

    def submit(change: Change) -> bool:
        try:
            inverse = editor.apply(change)
        except UserError:
            return False
        stack.push(_Step(editor, change, inverse))
        return True

    registers = RegisterService(database_m)
    widget = GanttWidget(
        plans,
        registers,
        ScheduleService(database_m),
        BaselineService(database_m),
        ChangeBuilder(database_m),
        submit,
        app_settings,
        today=lambda: date(2000, 1, 1),  # before the plan: no today line over the bars
    )
    stack.indexChanged.connect(widget.refresh)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    with qtbot.waitExposed(widget):
        widget.show()
    widget.set_plan(plan_uuid)
    return Chart(widget, stack, plans, registers.dependencies(plan_uuid), plan_uuid)


def test_an_m_portfolio_builds_every_row_and_arrow(chart: Chart) -> None:
    rows = outline_rows(chart.plans.outline(chart.plan_uuid))
    assert len(rows) > 3000
    assert chart.scene.order == [row.uuid for row in rows]
    assert all(chart.scene.arrow(row.uuid) is not None for row in chart.dependencies)
    # the rows are painted by one item, not one item (or three) per row
    assert len(chart.scene.items()) < 10


def test_the_violations_menu_lists_the_first_few_and_counts_them_all(chart: Chart) -> None:
    count = len(chart.scene.violations())
    assert count > MENU_VIOLATIONS
    assert chart.widget.violations_button.text() == f"⚠ {count} violated dependencies"
    actions = chart.widget.violations_menu.actions()
    assert len(actions) == MENU_VIOLATIONS + 1
    assert actions[-1].text() == f"… and {count - MENU_VIOLATIONS} more"
    assert not actions[-1].isEnabled()
    first = chart.scene.violations()[0]
    actions[0].trigger()  # the first listed still leads to its item
    assert chart.scene.selected == first.to_uuid


def test_rows_scrolled_into_view_are_drawn_and_answer_the_mouse(qtbot, chart: Chart) -> None:
    chart.middle()
    bar = chart.means_on_screen()
    view, scene = chart.view, chart.scene
    assert bar.entry.code in view.shown_labels()
    first_row = scene.bar(scene.order[1])
    assert first_row is not None and first_row.entry.code not in view.shown_labels()
    # the bar's colour is on screen near its right end (its label is at its left)
    right = min(view.viewport().width() - 20, view.mapFromScene(QPointF(bar.x1, 0)).x() - 6)
    point = QPoint(right, view.mapFromScene(QPointF(bar.x0, bar.cy)).y())
    image = view.viewport().grab().toImage()
    fill = style.status_fill(bar.entry.status)
    colours = {fill.rgb(), style.tint(fill, 0.6).rgb()}
    assert QColor(image.pixel(point)).rgb() in colours
    assert view.tooltip_at(point).startswith(f"{bar.entry.code} — ")
    with qtbot.waitSignal(chart.widget.itemSelected) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [bar.entry.uuid]


def test_dragging_one_bar_is_one_edit_that_moves_only_that_bar(qtbot, chart: Chart) -> None:
    chart.middle()
    bar = chart.means_on_screen()
    view, scene = chart.view, chart.scene
    uuid, before = bar.entry.uuid, (bar.entry.start, bar.entry.end)
    others = {key: (other, other.x0, other.row_top) for key, other in scene.bars().items()}
    start = view.mapFromScene(QPointF(bar.x0 + bar.days * 0.6, bar.cy))
    stop = start + QPoint(round(365.25 * view.pixels_per_day), 0)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(30, 0))
    qtbot.mouseMove(viewport, stop)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=stop)

    assert chart.stack.count() == 1
    row = chart.plans.item_detail(uuid).row
    assert before[0] is not None and row.start is not None
    assert row.start.year == before[0].year + 1
    assert scene.bar(uuid) is bar and (bar.start, bar.end) == (row.start, row.end)
    moved = {
        key
        for key, (other, x0, top) in others.items()
        if scene.bar(key) is not other or (other.x0, other.row_top) != (x0, top)
    }
    assert moved == {uuid}
    chart.stack.undo()
    assert (chart.plans.item_detail(uuid).row.start, bar.start) == (before[0], before[0])


def test_fit_all_leaves_out_crowded_arrows_that_only_pass_through(chart: Chart) -> None:
    chart.view.fit_to_plan()
    chart.middle()
    area = chart.view.shown_area()
    top, bottom = area.top() - chart.scene.row_height, area.bottom() + chart.scene.row_height
    passing = set()
    ending = set()
    for row in chart.dependencies:
        arrow = chart.scene.arrow(row.uuid)
        assert arrow is not None
        if arrow.isVisible() and arrow.y_lo < top and arrow.y_hi > bottom:
            passing.add(row.uuid)
        elif arrow.isVisible() and area.top() <= arrow.y_lo and arrow.y_hi <= area.bottom():
            ending.add(row.uuid)  # both ends on screen
    assert len(passing) > PASSING_LIMIT
    shown = chart.view.shown_arrows()
    assert ending and ending <= shown
    assert not shown & passing


def test_zoomed_far_out_only_summaries_keep_labels_and_plain_arrows_go(chart: Chart) -> None:
    chart.middle()
    chart.view.fit_to_plan()
    codes = set(chart.view.shown_labels())
    kinds = {chart.scene.bar(uuid).entry.kind for uuid in chart.rows_on_screen()}  # type: ignore[union-attr]
    assert ItemKind.MEANS.value in kinds
    assert any(code.endswith(")") for code in codes)  # means' labels at fit-all
    chart.view.set_pixels_per_day(LABEL_DETAIL / 2)
    labels = chart.view.shown_labels()
    assert labels and not any(label.endswith(")") for label in labels)
    summaries = {
        bar.entry.code
        for uuid in chart.rows_on_screen(partly=True)
        if (bar := chart.scene.bar(uuid)) is not None and bar.entry.summary
    }
    assert set(labels) <= summaries
    shown = [chart.scene.arrow(key) for key in chart.view.shown_arrows()]
    assert all(arrow is not None and (arrow.violated or arrow.critical) for arrow in shown)


def test_the_tree_s_heading_rows_have_no_bar(chart: Chart) -> None:
    order = chart.scene.order
    chart.widget.set_visible_rows(["#group:activities", *order[:40], "#group:outputs"])
    assert chart.scene.uuid_at(1.0) == "#group:activities"
    chart.view.verticalScrollBar().setValue(0)
    chart.view.viewport().grab()  # paints the heading rows (nothing) and the others
    assert chart.view.hit(QPointF(200, 5)) is None
    assert chart.view.shown_labels()


def test_collapsed_rows_hide_their_bars_and_arrows(chart: Chart) -> None:
    order = chart.scene.order
    shown = order[: len(order) // 2]
    chart.widget.set_visible_rows(shown)
    hidden = set(order) - set(shown)
    for row in chart.dependencies:
        arrow = chart.scene.arrow(row.uuid)
        assert arrow is not None
        ends_shown = row.from_uuid not in hidden and row.to_uuid not in hidden
        assert arrow.isVisible() == ends_shown
    assert not any(chart.scene.bar(uuid).isVisible() for uuid in hidden)  # type: ignore[union-attr]
    chart.widget.set_visible_rows(order)
    assert chart.scene.sceneRect().height() == len(order) * chart.scene.row_height


def test_a_scrolled_chart_looks_like_one_painted_afresh(chart: Chart) -> None:
    view = chart.view
    view.set_zoom("quarter")
    v_bar, h_bar = view.verticalScrollBar(), view.horizontalScrollBar()
    for step in range(1, 6):  # the background is kept and scrolled, the rows repainted
        v_bar.setValue(v_bar.value() + 37 * step)
        h_bar.setValue(h_bar.value() + 53)
        view.viewport().grab()
    scrolled = view.viewport().grab().toImage()
    view.resetCachedContent()
    assert view.viewport().grab().toImage() == scrolled
    # fewer rows than the view has room for: the rows' lines end with the last row
    v_bar.setValue(0)
    view.viewport().grab()
    chart.widget.set_visible_rows(chart.scene.order[:12])
    collapsed = view.viewport().grab().toImage()
    view.resetCachedContent()
    assert view.viewport().grab().toImage() == collapsed


def test_the_chart_s_violation_rule_is_the_domain_s() -> None:
    rng = random.Random(19)
    first = date(2011, 1, 1).toordinal()
    bar = Bar(_entry())
    for _ in range(400):
        days = sorted(rng.randrange(first, first + 900) for _ in range(4))
        rng.shuffle(days)
        before = _entry(date.fromordinal(min(days[:2])), date.fromordinal(max(days[:2])))
        after = _entry(date.fromordinal(min(days[2:])), date.fromordinal(max(days[2:])))
        kind = rng.choice(list(DependencyType))
        lag = rng.choice((0, 0, 30, -15, 1, -1))
        row = DependencyRow("d", "a", "A", "", "b", "B", "", kind, lag, "")
        expected = is_violated(kind, lag, before.start, before.end, after.start, after.end)  # type: ignore[arg-type]
        assert Arrow(row, bar, bar).breaks(before, after) == expected


def _entry(start: date | None = None, end: date | None = None) -> Entry:
    return Entry("x", ItemKind.MEANS.value, "X.1(1)", "x", start, end, None, 0)


def test_a_dragged_bar_s_preview_takes_its_arrows_along(chart: Chart) -> None:
    chart.middle()
    scene = chart.scene
    bar = next(
        bar
        for uuid in chart.rows_on_screen()
        if (bar := scene.bar(uuid)) is not None and bar.entry.editable and scene.arrows_at(uuid)
    )
    start, end = bar.entry.start, bar.entry.end
    assert start is not None and end is not None
    arrows = scene.arrows_at(bar.entry.uuid)
    before = [(arrow.x_lo, arrow.x_hi) for arrow in arrows]
    quarter = timedelta(days=92)
    scene.preview(bar.entry.uuid, start + quarter, end + quarter)
    assert bar.x0 == scene.x(start + quarter) and bar.entry.start == start  # nothing written
    after = [(arrow.x_lo, arrow.x_hi) for arrow in arrows]
    assert all(old != new for old, new in zip(before, after, strict=True))
    scene.end_preview(bar.entry.uuid)
    assert bar.x0 == scene.x(start)
    assert [(arrow.x_lo, arrow.x_hi) for arrow in arrows] == before


def test_the_gantt_bench_measures_run(qtbot, tmp_path: Path) -> None:
    from poa_desktop.bench import measures_gantt
    from poa_desktop.bench.measures import all_measures, prepare

    context = prepare(tmp_path, "S")
    try:
        results = [measure(context, 1) for measure in measures_gantt.MEASURES]
    finally:
        measures_gantt.forget()
        context.close()
    assert [(m.name, m.budget) for m in results] == [
        ("build the Gantt scene (S)", "ms<=300"),
        ("Gantt scroll frame", "ms<=16"),
        ("Gantt drag frame", "ms<=16"),
        ("Gantt fit-all frame", "ms<=50"),
    ]
    assert all(m.rounds and m.floor_rounds and m.note.startswith("CPU") for m in results)
    assert set(measures_gantt.MEASURES) <= set(all_measures())
