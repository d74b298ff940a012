"""Measures of the Gantt chart: building the scene, scroll, drag and fit-all frames.

A frame is what Qt does for one repaint of the chart's viewport after the change (a
scroll by a few rows, a dragged bar moved by a month, the plan fitted to the width): the
change itself, then ``processEvents`` until the viewport has painted once, offscreen, at
1366 x 768. The view stands in the middle of the plan's rows at year zoom, where a large
plan has the most arrows passing. Each frame's floor is the same frame of a plain
``QGraphicsScene`` holding one ``QGraphicsRectItem`` per bar (BSP index): what Qt itself
costs for that many items, with no labels, arrows or marks (repainting the whole viewport,
as the chart does). The build's floor is making
that plain scene. CPU time (``time.process_time``) is given in the note, since a loaded
machine stretches wall time.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from poa_desktop.bench.measures import Context
from poa_desktop.bench.runner import Measure, floor_rounds, settle

#: The size of the window the chart is measured in.
VIEW_SIZE = (1366, 768)
#: Rows a scroll frame moves by (a wheel notch is three rows).
SCROLL_ROWS = 5


@dataclass
class _Chart:
    """The plan's rows as the chart reads them, a chart and a plain floor, kept across
    the measures of one run (reading and building them is measured once)."""

    context: Context
    period: tuple[date, date]
    rows: list[Any]
    dependencies: tuple[Any, ...]
    schedule: Any
    scene: Any = None
    view: Any = None
    floor: Any = None
    floor_view: Any = None


_charts: list[_Chart] = []


def forget() -> None:
    """Close and drop the kept chart (the next measure reads and builds it again)."""
    for chart in _charts:
        for view in (chart.view, chart.floor_view):
            if view is not None:
                view.close()
                view.deleteLater()
    _charts.clear()


def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["bench"])


def _read(context: Context) -> _Chart:
    chart = next((chart for chart in _charts if chart.context is context), None)
    if chart is None:
        from poa_desktop.services.plan_service import PlanService
        from poa_desktop.services.register_service import RegisterService
        from poa_desktop.services.schedule_service import ScheduleService
        from poa_desktop.ui.gantt.entries import outline_rows

        _app()
        outline = PlanService(context.database).outline(context.plan_uuid)
        forget()  # a new run: let the last one's chart go
        chart = _Chart(
            context,
            (outline.plan.period_start, outline.plan.period_end),
            outline_rows(outline),
            RegisterService(context.database).dependencies(context.plan_uuid),
            ScheduleService(context.database).schedule(context.plan_uuid),
        )
        _charts.append(chart)
    return chart


def _build(chart: _Chart, scene: Any) -> Any:
    scene.build(chart.period, chart.rows, chart.dependencies, chart.schedule, today=_today(chart))
    return scene


def _today(chart: _Chart) -> date:
    start, end = chart.period
    return start + (end - start) / 2


def _plain_scene(chart: _Chart) -> Any:
    """One ``QGraphicsRectItem`` per dated row, where the chart draws its bar."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene

    from poa_desktop.ui.gantt.entries import entries
    from poa_desktop.ui.gantt.style import DEFAULT_ROW_HEIGHT, RowGeometry

    geometry = RowGeometry(DEFAULT_ROW_HEIGHT)
    origin = date(chart.period[0].year, 1, 1).toordinal()
    scene = QGraphicsScene()
    colour = QColor("#4c6ef5")
    for row, entry in enumerate(entries(chart.rows).values()):
        if entry.start is None or entry.end is None:
            continue
        x = entry.start.toordinal() - origin
        days = entry.end.toordinal() - entry.start.toordinal() + 1
        item = QGraphicsRectItem(QRectF(0, geometry.bar_top, days, geometry.bar_height))
        item.setPos(x, row * DEFAULT_ROW_HEIGHT)
        item.setBrush(colour)
        scene.addItem(item)
    scene.setSceneRect(scene.itemsBoundingRect())
    return scene


def _views(context: Context) -> _Chart:
    """The chart and the floor, each in a view in the middle of the rows at year zoom."""
    from PySide6.QtGui import QTransform
    from PySide6.QtWidgets import QGraphicsView

    from poa_desktop.ui.gantt import GanttScene, GanttView

    chart = _read(context)
    if chart.view is None:
        chart.scene = _build(chart, GanttScene())
        chart.view = GanttView(chart.scene)
        chart.floor = _plain_scene(chart)
        chart.floor_view = QGraphicsView(chart.floor)
        # The chart repaints its whole viewport (labels keep to its left edge): so does
        # the floor, or it would only blit on scrolling and repaint one item on dragging.
        chart.floor_view.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        for view in (chart.view, chart.floor_view):
            view.resize(*VIEW_SIZE)
            view.show()
    chart.view.set_zoom("year")
    chart.floor_view.setTransform(QTransform.fromScale(chart.view.pixels_per_day, 1))
    for view in (chart.view, chart.floor_view):
        bar = view.verticalScrollBar()
        bar.setValue(bar.maximum() // 2)
    _frame()
    return chart


def _frame() -> None:
    _app().processEvents()


def _timed(work: Callable[[], Any], rounds: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each round."""
    walls, cpus = [], []
    settle()
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def _note(cpus: list[float], text: str = "") -> str:
    cpu = f"CPU median {statistics.median(cpus) * 1000:.1f} ms, min {min(cpus) * 1000:.1f} ms"
    return f"{cpu}; {text}" if text else cpu


def _frames(rounds: int) -> int:
    return max(10, rounds * 4)


def build_scene(context: Context, rounds: int) -> Measure:
    from poa_desktop.ui.gantt import GanttScene

    chart = _read(context)
    scene = GanttScene()  # one scene, built again for each round like a plan opened again
    walls, cpus = _timed(lambda: _build(chart, scene), rounds)
    floor, _ = _timed(lambda: _plain_scene(chart), floor_rounds(rounds))
    return Measure(
        f"build the Gantt scene ({context.size})",
        walls,
        "one plain QGraphicsRectItem per bar",
        floor,
        budget="ms<=300",
        note=_note(cpus, f"{len(chart.rows):,} rows, {len(chart.dependencies):,} dependencies"),
    )


def _scroller(view: Any, paint: bool = True) -> Callable[[], None]:
    bar = view.verticalScrollBar()
    step = [SCROLL_ROWS * 24]

    def scroll() -> None:
        bar.setValue(bar.value() + step[0])
        step[0] = -step[0]  # back and forth: the same rows every other frame
        if paint:
            _frame()

    return scroll


def scroll_frame(context: Context, rounds: int) -> Measure:
    chart = _views(context)
    walls, cpus = _timed(_scroller(chart.view), _frames(rounds))
    floor, _ = _timed(_scroller(chart.floor_view), _frames(rounds))
    return Measure(
        "Gantt scroll frame",
        walls,
        "plain rect items, the same scroll",
        floor,
        budget="ms<=16",
        note=_note(cpus, f"{SCROLL_ROWS} rows at year zoom, mid-plan"),
    )


def drag_frame(context: Context, rounds: int) -> Measure:
    chart = _views(context)
    scene, view = chart.scene, chart.view
    uuid = next(
        uuid
        for uuid in scene.order
        if (bar := scene.bar(uuid)) is not None
        and bar.isVisible()
        and scene.row_of(uuid) * scene.row_height > view.verticalScrollBar().value() + 100
        and not bar.entry.milestone
    )
    entry = scene.entry(uuid)
    month = [timedelta(days=31)]

    def drag() -> None:  # what a mouse move of a dragged bar does: a preview, a frame
        scene.preview(uuid, entry.start + month[0], entry.end + month[0])
        month[0] = -month[0]
        _frame()

    walls, cpus = _timed(drag, _frames(rounds))
    scene.end_preview(uuid)
    _frame()
    item = chart.floor.items()[len(chart.floor.items()) // 2]
    step = [31.0]

    def move_plain() -> None:
        item.moveBy(step[0], 0)
        step[0] = -step[0]
        _frame()

    floor, _ = _timed(move_plain, _frames(rounds))
    return Measure(
        "Gantt drag frame",
        walls,
        "a plain rect item moved",
        floor,
        budget="ms<=16",
        note=_note(cpus, "a bar and its arrows moved by a month"),
    )


def fit_all_frame(context: Context, rounds: int) -> Measure:
    from PySide6.QtGui import QTransform

    chart = _views(context)
    view, floor_view = chart.view, chart.floor_view
    view.fit_to_plan()
    _frame()
    floor_view.setTransform(QTransform.fromScale(view.pixels_per_day, 1))
    scroll = _scroller(view, paint=False)

    def fit() -> None:  # other rows, then the plan fitted to the width again
        scroll()
        view.fit_to_plan()
        _frame()

    walls, cpus = _timed(fit, _frames(rounds))
    floor, _ = _timed(_scroller(floor_view), _frames(rounds))
    return Measure(
        "Gantt fit-all frame",
        walls,
        "plain rect items at the same scale",
        floor,
        budget="ms<=50",
        note=_note(cpus, f"{view.pixels_per_day:.3f} px/day, the whole plan across"),
    )


MEASURES: list[Callable[[Context, int], Measure]] = [
    build_scene,
    scroll_frame,
    drag_frame,
    fit_all_frame,
]
