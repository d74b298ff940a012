"""The Gantt chart on the shipped plan, driven like a user: drag, resize, link, undo.

The widget gets the real services on a fresh database; ``submit`` applies a change and
pushes a minimal undo command on a real ``QUndoStack`` (the window's own command lives in
ui/undo_commands.py), and the stack's ``indexChanged`` stands for the window's
``planChanged``. Every assertion about an edit reads the database back through a service.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import random
from dataclasses import dataclass, replace
from datetime import date

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QImage, QUndoCommand, QUndoStack
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QToolTip

from poa_desktop.domain.changes import Change, label_of
from poa_desktop.domain.enums import DependencyType, GenderMarker, ItemKind, Status
from poa_desktop.domain.errors import FieldError, UserError
from poa_desktop.domain.records import DependencyRow, ItemRow
from poa_desktop.services.baseline_service import BaselineService
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.register_service import RegisterService
from poa_desktop.services.schedule_service import ScheduleService
from poa_desktop.ui.gantt import GanttScene, GanttView, GanttWidget
from poa_desktop.ui.gantt.items import Bar

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)

TODAY = date(2014, 6, 15)


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
    refused: list[UserError]
    plans: PlanService
    registers: RegisterService
    schedules: ScheduleService
    plan_uuid: str
    uuids: dict[str, str]

    @property
    def scene(self) -> GanttScene:
        return self.widget.scene

    @property
    def view(self) -> GanttView:
        return self.widget.view

    def dates(self, code: str) -> tuple[date | None, date | None]:
        row = self.plans.item_detail(self.uuids[code]).row
        return row.start, row.end

    def point(self, code: str, fraction: float = 0.5) -> QPoint:
        """Where on the viewport a user would press on the bar of ``code``."""
        uuid = self.uuids[code]
        self.view.ensure_row_visible(uuid)
        bar = self.scene.bar(uuid)
        assert bar is not None and bar.isVisible()
        x = bar.anchor_x(False) + bar.days * fraction
        return self.view.mapFromScene(QPointF(x, bar.center_y()))

    def end_point(self, code: str) -> QPoint:
        bar = self.scene.bar(self.uuids[code])
        assert bar is not None
        point = self.view.mapFromScene(QPointF(bar.anchor_x(True), bar.center_y()))
        return point - QPoint(2, 0)


@pytest.fixture
def chart(qtbot, database, shipped_plan, app_settings) -> Chart:  # type: ignore[no-untyped-def]
    plans, editor = PlanService(database), PlanEditor(database)
    stack = QUndoStack()
    refused: list[UserError] = []

    def submit(change: Change) -> bool:
        try:
            inverse = editor.apply(change)
        except UserError as error:
            refused.append(error)
            return False
        stack.push(_Step(editor, change, inverse))
        return True

    registers, schedules = RegisterService(database), ScheduleService(database)
    widget = GanttWidget(
        plans,
        registers,
        schedules,
        BaselineService(database),
        ChangeBuilder(database),
        submit,
        app_settings,
        today=lambda: TODAY,
    )
    stack.indexChanged.connect(widget.refresh)  # the window's planChanged
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    with qtbot.waitExposed(widget):
        widget.show()
    widget.set_plan(shipped_plan.uuid)
    outline = plans.outline(shipped_plan.uuid)
    items = outline.activities + outline.means_of_action + outline.key_outputs + outline.milestones
    uuids = {row.code: row.uuid for row in items}
    return Chart(widget, stack, refused, plans, registers, schedules, shipped_plan.uuid, uuids)


def drag(qtbot, chart: Chart, start: QPoint, stop: QPoint, modifier=Qt.KeyboardModifier.NoModifier):  # type: ignore[no-untyped-def]
    viewport = chart.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, start)
    middle = QPoint((start.x() + stop.x()) // 2, (start.y() + stop.y()) // 2)
    qtbot.mouseMove(viewport, middle)
    qtbot.mouseMove(viewport, stop)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, stop)


def year_pixels(chart: Chart) -> int:
    return round(365.25 * chart.view.pixels_per_day)


# --- moving and resizing ---------------------------------------------------------------------


def test_drag_a_bar_one_year_right_is_one_undoable_edit(qtbot, chart: Chart) -> None:
    assert chart.widget.snap_unit().value == "year"  # year zoom snaps to years
    before = chart.dates("II.2(iv)")
    assert before == (date(2012, 1, 1), date(2019, 12, 31))
    start = chart.point("II.2(iv)")
    stop = start + QPoint(year_pixels(chart), 0)
    viewport = chart.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(30, 0))
    qtbot.mouseMove(viewport, stop)
    bar = chart.scene.bar(chart.uuids["II.2(iv)"])
    assert bar is not None and bar.start == date(2013, 1, 1)  # the graphics moved...
    assert chart.dates("II.2(iv)") == before  # ...the database did not
    assert chart.stack.count() == 0
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=stop)

    assert chart.stack.count() == 1
    assert chart.dates("II.2(iv)") == (date(2013, 1, 1), date(2020, 12, 31))
    assert (bar.start, bar.end) == (date(2013, 1, 1), date(2020, 12, 31))
    assert chart.scene.extent()[1] == date(2020, 12, 31)  # the chart grew to show it
    chart.stack.undo()
    assert chart.dates("II.2(iv)") == before
    assert (bar.start, bar.end) == before
    chart.stack.redo()
    assert chart.dates("II.2(iv)") == (date(2013, 1, 1), date(2020, 12, 31))


def test_a_small_drag_snaps_back_and_changes_nothing(qtbot, chart: Chart) -> None:
    start = chart.point("II.2(iv)")
    drag(qtbot, chart, start, start + QPoint(year_pixels(chart) // 3, 0))
    assert chart.stack.count() == 0
    assert chart.dates("II.2(iv)") == (date(2012, 1, 1), date(2019, 12, 31))


def test_escape_cancels_a_drag(qtbot, chart: Chart) -> None:
    start = chart.point("II.2(iv)")
    stop = start + QPoint(2 * year_pixels(chart), 0)
    viewport = chart.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, stop)
    bar = chart.scene.bar(chart.uuids["II.2(iv)"])
    assert bar is not None and bar.start == date(2014, 1, 1)
    qtbot.keyClick(chart.view, Qt.Key.Key_Escape)
    assert bar.start == date(2012, 1, 1)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=stop)
    assert chart.stack.count() == 0
    assert chart.dates("II.2(iv)") == (date(2012, 1, 1), date(2019, 12, 31))


def test_resize_the_end_of_a_bar(qtbot, chart: Chart) -> None:
    start = chart.end_point("II.2(v)")
    assert chart.view.hit(QPointF(start)).zone == "finish"
    drag(qtbot, chart, start, start + QPoint(year_pixels(chart), 0))
    assert chart.stack.count() == 1
    assert chart.dates("II.2(v)") == (date(2012, 1, 1), date(2014, 12, 31))
    chart.stack.undo()
    assert chart.dates("II.2(v)") == (date(2012, 1, 1), date(2013, 12, 31))


def test_quarter_snapping_moves_a_milestone_as_one_day(qtbot, chart: Chart) -> None:
    chart.widget.zoom_combo.setCurrentIndex(chart.widget.zoom_combo.findData("quarter"))
    chart.widget.zoom_combo.activated.emit(chart.widget.zoom_combo.currentIndex())
    assert chart.widget.snap_unit().value == "quarter"
    start = chart.point("MS-GB-2012-11")
    drag(qtbot, chart, start, start + QPoint(round(91.3 * chart.view.pixels_per_day), 0))
    assert chart.dates("MS-GB-2012-11") == (date(2013, 2, 1), date(2013, 2, 1))


# --- linking ---------------------------------------------------------------------------------


def test_drag_from_one_bar_to_another_adds_a_dependency(qtbot, chart: Chart) -> None:
    before = chart.registers.dependencies(chart.plan_uuid)
    assert len(chart.widget.violations()) == 4
    drag(
        qtbot,
        chart,
        chart.point("V.1(i)"),
        chart.point("V.3(i)", 0.3),
        Qt.KeyboardModifier.ShiftModifier,
    )
    after = chart.registers.dependencies(chart.plan_uuid)
    assert len(after) == len(before) + 1 and chart.stack.count() == 1
    added = after[-1]
    assert (added.from_code, added.to_code, added.type, added.lag_days) == (
        "V.1(i)",
        "V.3(i)",
        DependencyType.FS,
        0,
    )
    arrow = chart.scene.arrow(added.uuid)
    assert arrow is not None and arrow.isVisible() and arrow.violated  # V.3(i) starts first
    assert len(chart.widget.violations()) == 5
    chart.stack.undo()
    assert len(chart.registers.dependencies(chart.plan_uuid)) == len(before)
    assert chart.scene.arrow(added.uuid) is None


def test_a_link_that_makes_a_cycle_is_refused(qtbot, chart: Chart) -> None:
    before = chart.registers.dependencies(chart.plan_uuid)
    chart.widget.link_action.trigger()  # link mode: a plain drag links
    drag(qtbot, chart, chart.point("I.3(ii)"), chart.point("I.3(i)", 0.7))
    assert len(chart.refused) == 1
    assert isinstance(chart.refused[0], FieldError)
    assert "cycle" in str(chart.refused[0]) and "I.3(i)" in str(chart.refused[0])
    assert chart.registers.dependencies(chart.plan_uuid) == before
    assert chart.stack.count() == 0


# --- critical path, baseline, violations -----------------------------------------------------


def test_the_critical_path_toggle_highlights_the_schedule_s_path(qtbot, chart: Chart) -> None:
    schedule = chart.schedules.schedule(chart.plan_uuid)
    expected = {chart.uuids[code] for code in schedule.critical_path}
    assert expected and chart.scene.highlighted() == set()
    button = chart.widget.toolbar.widgetForAction(chart.widget.critical_action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert chart.scene.highlighted() == expected
    steps = set(zip(schedule.critical_path, schedule.critical_path[1:], strict=False))
    for row in chart.registers.dependencies(chart.plan_uuid):
        arrow = chart.scene.arrow(row.uuid)
        assert arrow is not None
        assert arrow.critical == ((row.from_code, row.to_code) in steps)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert chart.scene.highlighted() == set()


def test_baseline_ghosts_and_slippage_in_the_tooltip(qtbot, chart: Chart, app_settings) -> None:
    combo = chart.widget.baseline_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["None", "GB.312, November 2011"]
    uuid = chart.uuids["II.2(iv)"]
    assert chart.scene.ghost(uuid) is None
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert app_settings.gantt_baseline == "GB.312, November 2011"
    ghost = chart.scene.ghost(uuid)
    assert ghost is not None and ghost.isVisible()
    assert (ghost.start, ghost.end) == (date(2012, 1, 1), date(2019, 12, 31))
    start = chart.point("II.2(iv)")
    drag(qtbot, chart, start, start + QPoint(year_pixels(chart), 0))
    assert chart.scene.ghost(uuid) is ghost and ghost.start == date(2012, 1, 1)  # stays put
    tip = chart.view.tooltip_at(chart.point("II.2(iv)"))
    assert "Slippage: start +366 days, finish +366 days" in tip
    assert "Baseline “GB.312, November 2011”: 2012-01-01 to 2019-12-31" in tip
    assert "Planned: 2013-01-01 to 2020-12-31" in tip and "Total slack" in tip
    help_event = QHelpEvent(
        QEvent.Type.ToolTip,
        chart.point("II.2(iv)"),
        chart.view.viewport().mapToGlobal(chart.point("II.2(iv)")),
    )
    QApplication.sendEvent(chart.view.viewport(), help_event)
    assert "+366 days" in QToolTip.text()
    QToolTip.hideText()
    # the baseline is remembered for the next plan opened
    chart.widget.set_plan(chart.plan_uuid)
    assert combo.currentText() == "GB.312, November 2011"


def test_the_shipped_plan_s_violated_dependencies_are_drawn_and_listed(chart: Chart) -> None:
    violated = {(row.from_code, row.to_code) for row in chart.widget.violations()}
    assert ("I.3(i)", "IV.2(ii)") in violated and len(violated) == 4
    for row in chart.registers.dependencies(chart.plan_uuid):
        arrow = chart.scene.arrow(row.uuid)
        assert arrow is not None
        assert arrow.violated == ((row.from_code, row.to_code) in violated)
    button = chart.widget.violations_button
    assert button.text() == "⚠ 4 violated dependencies" and button.isEnabled()
    texts = [action.text() for action in chart.widget.violations_menu.actions()]
    assert "IV.2(ii): FS dependency on I.3(i) wants it to start on or after 2015-01-01" in texts


def test_choosing_a_violation_selects_its_item(qtbot, chart: Chart) -> None:
    action = next(
        a
        for a in chart.widget.violations_menu.actions()
        if a.text().startswith("IV.2(ii): FS dependency on I.3(i)")
    )
    with qtbot.waitSignal(chart.widget.itemSelected) as blocker:
        action.trigger()
    assert blocker.args == [chart.uuids["IV.2(ii)"]]
    assert chart.scene.selected == chart.uuids["IV.2(ii)"]


# --- zoom, rows, selection -------------------------------------------------------------------


def test_zoom_levels_change_the_ruler(qtbot, chart: Chart, app_settings) -> None:
    ruler = chart.view.ruler
    labels = ruler.labels()
    assert (0, "Biennium 2012–13") in labels and (1, "2015") in labels
    assert chart.widget.zoom_combo.currentText() == "Years"
    button = chart.widget.toolbar.widgetForAction(chart.view.zoom_in_action)
    for _ in range(3):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert chart.view.zoom.value == "quarter"
    assert any(text.startswith("Q2") for tier, text in ruler.labels() if tier == 1)
    assert chart.widget.zoom_combo.currentText() == "Quarters"
    assert chart.widget.snap_unit().value == "quarter"
    chart.view.setFocus()
    for _ in range(4):
        qtbot.keyClick(chart.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert chart.view.zoom.value == "month"
    months = [text for tier, text in ruler.labels() if tier == 1]
    assert "Jan" in months or "Jul" in months
    assert app_settings.gantt_zoom == "month"
    qtbot.keyClick(chart.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert chart.view.zoom.value == "year"
    assert any(text.startswith("Biennium") for tier, text in ruler.labels() if tier == 0)
    first, last = chart.scene.extent()
    left = chart.view.mapFromScene(QPointF(chart.scene.x(first), 0)).x()
    right = chart.view.mapFromScene(QPointF(chart.scene.x(last), 0)).x()
    assert left >= 0 and right <= chart.view.viewport().width()  # fit: the whole plan shows


def test_the_zoom_level_is_remembered(qtbot, chart: Chart, app_settings) -> None:
    chart.widget.zoom_combo.setFocus()
    qtbot.keyClick(chart.widget.zoom_combo, Qt.Key.Key_Down)  # Years -> Quarters
    assert chart.view.zoom.value == "quarter" and app_settings.gantt_zoom == "quarter"
    again = GanttWidget(
        chart.plans,
        chart.registers,
        chart.schedules,
        BaselineService(chart.plans.database),
        ChangeBuilder(chart.plans.database),
        lambda change: False,
        app_settings,
    )
    qtbot.addWidget(again)
    again.set_plan(chart.plan_uuid)
    assert again.view.zoom.value == "quarter"
    assert again.zoom_combo.currentText() == "Quarters"
    assert app_settings.gantt_zoom == "quarter"


def test_ctrl_wheel_zooms_about_the_mouse(qtbot, chart: Chart) -> None:
    from PySide6.QtGui import QWheelEvent

    chart.view.set_zoom("quarter")  # wider than the view: it can scroll to keep the day
    chart.view.scroll_to_x(chart.scene.x(date(2014, 1, 1)), 0)
    point = chart.point("II.2(iv)", 0.45)
    day = chart.scene.date_at(chart.view.mapToScene(point).x())
    before = chart.view.pixels_per_day
    event = QWheelEvent(
        QPointF(point),
        QPointF(chart.view.viewport().mapToGlobal(point)),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(chart.view.viewport(), event)
    assert chart.view.pixels_per_day == pytest.approx(before * 1.15**2)
    after = chart.scene.date_at(chart.view.mapToScene(point).x())
    assert abs((after - day).days) <= 3  # the day under the mouse stayed there


def test_the_ruler_thins_year_labels_when_zoomed_far_out(qapp) -> None:
    from PySide6.QtGui import QFont

    from poa_desktop.ui.gantt.ruler import layout_ruler

    origin = date(2000, 1, 1)
    cells = layout_ruler(
        QFont(), 1000, lambda day: (day - origin).days * 0.02, origin, date(2040, 12, 31), 0.02, ()
    )
    years = [int(cell.text) for cell in cells if cell.tier == 1 and cell.text]
    assert len(years) >= 5 and all(year % 5 == 0 for year in years)
    assert len([cell for cell in cells if cell.tier == 1 and not cell.text]) == 41  # every year


def test_rows_hidden_when_the_tree_collapses(chart: Chart) -> None:
    scene = chart.scene
    count = len(scene.items())
    everything = scene.order
    bars = scene.bars()
    shown = [
        uuid for uuid in everything if uuid not in {chart.uuids["I.1(i)"], chart.uuids["I.2(i)"]}
    ]
    chart.widget.set_visible_rows(shown, 22)
    assert chart.widget.rowHeight == 22
    assert not bars[chart.uuids["I.1(i)"]].isVisible()
    assert not scene.label(chart.uuids["I.1(i)"]).isVisible()
    i2 = bars[chart.uuids["I.2"]]
    assert i2.isVisible() and i2.row_top == shown.index(chart.uuids["I.2"]) * 22
    assert len(scene.items()) == count and scene.bars() == bars  # hidden, not rebuilt
    chart.widget.set_visible_rows(everything)
    assert bars[chart.uuids["I.1(i)"]].isVisible()
    assert scene.sceneRect().height() == len(everything) * 22


def test_selection_goes_both_ways(qtbot, chart: Chart) -> None:
    with qtbot.waitSignal(chart.widget.itemSelected) as blocker:
        qtbot.mouseClick(chart.view.viewport(), Qt.MouseButton.LeftButton, pos=chart.point("KO3"))
    assert blocker.args == [chart.uuids["KO3"]]
    assert chart.stack.count() == 0  # a click is not an edit
    chart.widget.select_item(chart.uuids["MS-CENTENARY-2019"])
    assert chart.scene.selected == chart.uuids["MS-CENTENARY-2019"]
    assert chart.scene.bar(chart.uuids["MS-CENTENARY-2019"]).selected
    assert not chart.scene.bar(chart.uuids["KO3"]).selected


def test_the_today_line_shows_only_inside_the_plan(chart: Chart) -> None:
    assert chart.scene.today_visible()
    chart.scene.set_today(date(2031, 1, 1))
    assert not chart.scene.today_visible()


def test_print_and_picture(tmp_path, chart: Chart) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "chart.pdf"))
    pages = chart.widget.print_to(printer)
    assert pages >= 2  # 90-odd rows do not fit one landscape page
    assert (tmp_path / "chart.pdf").read_bytes().startswith(b"%PDF")
    path = chart.widget.render_to_image(tmp_path / "chart.png")
    image = QImage(str(path))
    assert image.height() == 38 + len(chart.scene.order) * chart.scene.row_height
    assert image.width() > 800


# --- scale -----------------------------------------------------------------------------------


def synthetic(bars: int, arrows: int) -> tuple[list[ItemRow], list[DependencyRow]]:
    rng = random.Random(5000)
    rows = []
    for index in range(bars):
        first = date(2011, 1, 1).toordinal() + rng.randint(0, 3000)
        start = date.fromordinal(first)
        end = date.fromordinal(first + rng.randint(0, 700))
        rows.append(
            ItemRow(
                uuid=f"item-{index}",
                kind=ItemKind.MILESTONE if index % 50 == 0 else ItemKind.MEANS,
                code=f"X.{index}",
                title=f"Synthetic item {index}",
                component_code=None,
                parent_code=None,
                label="",
                number=None,
                start=start,
                end=start if index % 50 == 0 else end,
                timing_text="",
                status=list(Status)[index % 6],
                percent_complete=index % 101,
                gender_marker=GenderMarker.NOT_SCREENED,
            )
        )
    links = []
    for index in range(arrows):
        a = rng.randrange(bars - 1)
        b = rng.randrange(a + 1, min(bars, a + 40))
        links.append(
            DependencyRow(
                f"dep-{index}",
                f"item-{a}",
                f"X.{a}",
                "",
                f"item-{b}",
                f"X.{b}",
                "",
                list(DependencyType)[index % 4],
                index % 7,
                "",
            )
        )
    return rows, links


def test_five_thousand_bars_and_ten_thousand_arrows(qtbot) -> None:
    rows, links = synthetic(5000, 10000)
    scene = GanttScene()
    view = GanttView(scene)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    scene.build((date(2011, 1, 1), date(2019, 12, 31)), rows, links)
    view.fit_to_plan()
    assert len(scene.bars()) == 5000
    assert sum(1 for key in (link.uuid for link in links) if scene.arrow(key)) == 10000
    count = len(scene.items())
    view.grab()  # paints the visible part
    positions = {uuid: bar.pos() for uuid, bar in scene.bars().items()}
    moved = replace(rows[1234], start=date(2015, 1, 1), end=date(2015, 12, 31))
    changed = scene.update_rows([*rows[:1234], moved, *rows[1235:]], links)
    assert changed == {"item-1234"}
    assert len(scene.items()) == count
    after = {uuid: bar.pos() for uuid, bar in scene.bars().items()}
    assert {uuid for uuid in after if after[uuid] != positions[uuid]} == {"item-1234"}
    bar: Bar = scene.bar("item-1234")  # type: ignore[assignment]
    assert (bar.start, bar.end) == (date(2015, 1, 1), date(2015, 12, 31))
    view.set_zoom("month")
    view.grab()
