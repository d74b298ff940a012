"""The Gantt scene: rows built once from plain records, then updated row by row.

One scene unit across is one day from ``origin`` (1 January of the plan's first year); one
unit down is one pixel, rows being ``row_height`` tall in the order the plan tree shows
them. ``build`` makes a plain ``Bar`` per row and an ``Arrow`` per dependency (no graphics
items: one ``ChartItem`` paints whatever the view exposes); ``update_rows`` compares the
new rows with the old ones and touches only the rows whose record changed (and the arrows
at them); ``set_rows`` hides the rows the tree collapsed and moves the others, without
rebuilding anything. The critical path, violations, baseline ghosts and tooltips are in
``marks.py``.
"""

from __future__ import annotations

import gc
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene

from poa_desktop.domain.records import (
    ComponentRow,
    DependencyRow,
    ItemRow,
    PlanSchedule,
    ScheduleRow,
    SlipRow,
)
from poa_desktop.domain.timeline import Band, biennia
from poa_desktop.ui.gantt import style
from poa_desktop.ui.gantt.arrows import Arrow, ArrowIndex
from poa_desktop.ui.gantt.background import draw_background
from poa_desktop.ui.gantt.entries import Entry, entries
from poa_desktop.ui.gantt.items import Z_ROW, Bar, Ghost, Milestone
from poa_desktop.ui.gantt.labels import Label, LabelFonts
from poa_desktop.ui.gantt.layer import ChartItem
from poa_desktop.ui.gantt.marks import Marks

#: Days of empty chart left and right of the plan.
MARGIN_DAYS = 31
#: Scene units the chart item reaches beyond the chart (labels may stick out of it).
_BLEED = 1.0e6


@contextmanager
def _no_collection() -> Iterator[None]:
    """Building a large chart makes tens of thousands of small objects and no cycles: a
    garbage collection pass in the middle (one every few hundred objects) only costs."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class GanttScene(Marks, QGraphicsScene):
    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        # A few items, each as big as the chart: an index would only cost.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setBackgroundBrush(style.BACKGROUND)
        self.pixels_per_day = 0.25
        self.row_height = style.DEFAULT_ROW_HEIGHT
        self.geometry = style.RowGeometry(self.row_height)
        self.origin = date(2000, 1, 1)
        self._origin_day = self.origin.toordinal()
        self.period = (self.origin, self.origin)
        self.bands: tuple[Band, ...] = ()
        self.baseline_name = ""
        self.today: date | None = None
        self._today_shown = False
        self._entries: dict[str, Entry] = {}
        self._bars: dict[str, Bar] = {}
        self._ghosts: dict[str, Ghost] = {}
        self._slips: dict[str, SlipRow] = {}
        self._dependencies: dict[str, DependencyRow] = {}
        self._arrows: dict[str, Arrow] = {}
        self._index: ArrowIndex | None = None
        self._arrows_at: dict[str, set[str]] = defaultdict(set)
        self._schedule: dict[str, ScheduleRow] = {}
        self._order: list[str] = []
        self._row_of: dict[str, int] = {}
        self._selected = ""
        self._fonts: LabelFonts | None = None
        self._extent = (self.origin, self.origin)
        #: What the background was drawn for: the chart's edges, rows and bands.
        self._background: tuple[object, ...] = ()
        self._init_marks()
        self._make_fixtures()

    def _make_fixtures(self) -> None:
        self._chart = ChartItem()
        self.addItem(self._chart)
        self._row_item = QGraphicsRectItem()
        self._row_item.setPen(QPen(style.SELECTED_ROW, 0))
        self._row_item.setBrush(style.SELECTED_ROW)
        self._row_item.setZValue(Z_ROW)
        self._row_item.setVisible(False)
        self.addItem(self._row_item)

    def repaint_rows(self, moved: bool = False) -> None:
        """Schedule a repaint of the rows (the view repaints what it shows); ``moved``:
        rows or arrows moved up or down, came or went (the arrow index is made again)."""
        if moved:
            self._index = None
        self._chart.update()

    # --- dates and x ---------------------------------------------------------------------

    def x(self, day: date) -> float:
        return float(day.toordinal() - self._origin_day)

    def date_at(self, x: float) -> date:
        return self.origin + timedelta(days=math.floor(x))

    def extent(self) -> tuple[date, date]:
        """The first and last day the chart shows: the plan's period and every bar."""
        return self._extent

    # --- building ------------------------------------------------------------------------

    def build(
        self,
        period: tuple[date, date],
        rows: Sequence[ItemRow | ComponentRow],
        dependencies: Iterable[DependencyRow] = (),
        schedule: PlanSchedule | None = None,
        slips: Iterable[SlipRow] | None = None,
        *,
        baseline_name: str = "",
        today: date | None = None,
    ) -> None:
        """Make every row afresh (a new plan); ``rows`` in the default row order."""
        with _no_collection():
            self._build(period, rows, dependencies, schedule, slips, baseline_name, today)

    def _build(
        self,
        period: tuple[date, date],
        rows: Sequence[ItemRow | ComponentRow],
        dependencies: Iterable[DependencyRow],
        schedule: PlanSchedule | None,
        slips: Iterable[SlipRow] | None,
        baseline_name: str,
        today: date | None,
    ) -> None:
        self.clear()
        self._make_fixtures()
        self._ghosts, self._slips, self._dependencies, self._arrows = {}, {}, {}, {}
        self._index = None
        self._arrows_at = defaultdict(set)
        self._selected = ""
        self._init_marks()
        self.period = period
        self.origin = date(period[0].year, 1, 1)
        self._origin_day = self.origin.toordinal()
        self.bands = biennia(*period)
        self.today = today
        self._entries = entries(rows)
        self._bars = {
            uuid: Milestone(entry) if entry.milestone else Bar(entry)
            for uuid, entry in self._entries.items()
        }
        self._order = [row.uuid for row in rows]
        self._row_of = {uuid: index for index, uuid in enumerate(self._order)}
        for dependency in dependencies:
            self._add_arrow(dependency)
        self._set_schedule(schedule)
        self.baseline_name = baseline_name
        for slip in slips or ():
            self._set_slip(slip)
        self._update_extent()
        row_of, height, origin = self._row_of, self.row_height, self._origin_day
        for uuid, bar in self._bars.items():  # _place, inlined: 15,000 rows in a large plan
            row = row_of.get(uuid)
            bar.shown = row is not None
            if row is not None:
                bar.place(origin, self.geometry, float(row * height))
        for uuid in self._ghosts:
            self._place(uuid)
        for arrow in self._arrows.values():
            self._check(arrow)
            arrow.relayout()
        self._apply_critical()
        self._update_fixtures()

    def _add_bar(self, entry: Entry) -> Bar:
        bar = Milestone(entry) if entry.milestone else Bar(entry)
        self._bars[entry.uuid] = bar
        return bar

    def _remove_bar(self, uuid: str) -> None:
        self._bars.pop(uuid, None)
        self._ghosts.pop(uuid, None)
        self._slips.pop(uuid, None)
        for key in list(self._arrows_at.get(uuid, ())):
            self._remove_arrow(key)
        self._arrows_at.pop(uuid, None)

    def _add_arrow(self, dependency: DependencyRow) -> None:
        before = self._bars.get(dependency.from_uuid)
        after = self._bars.get(dependency.to_uuid)
        self._dependencies[dependency.uuid] = dependency
        if before is None or after is None:
            return
        self._arrows[dependency.uuid] = Arrow(dependency, before, after)
        self._index = None
        self._arrows_at[dependency.from_uuid].add(dependency.uuid)
        self._arrows_at[dependency.to_uuid].add(dependency.uuid)

    def _remove_arrow(self, key: str) -> None:
        dependency = self._dependencies.pop(key, None)
        if self._arrows.pop(key, None) is not None:
            self._index = None
        self._violated.discard(key)
        if dependency is not None:
            self._arrows_at[dependency.from_uuid].discard(key)
            self._arrows_at[dependency.to_uuid].discard(key)

    def set_schedule(self, schedule: PlanSchedule | None) -> None:  # slack, critical path
        self._set_schedule(schedule)
        self._apply_critical()

    # --- incremental updates -------------------------------------------------------------

    def update_rows(
        self,
        rows: Sequence[ItemRow | ComponentRow],
        dependencies: Iterable[DependencyRow] | None = None,
        schedule: PlanSchedule | None = None,
        slips: Iterable[SlipRow] | None = None,
    ) -> set[str]:
        """Bring the scene up to date with re-read rows, touching only what changed.

        ``dependencies`` None keeps the arrows as they are; ``slips`` None keeps the
        ghosts (pass ``()`` to take them away). Returns the uuids whose row changed.
        """
        with _no_collection():
            return self._update_rows(rows, dependencies, schedule, slips)

    def _update_rows(
        self,
        rows: Sequence[ItemRow | ComponentRow],
        dependencies: Iterable[DependencyRow] | None,
        schedule: PlanSchedule | None,
        slips: Iterable[SlipRow] | None,
    ) -> set[str]:
        fresh = entries(rows)
        changed: set[str] = set()
        for uuid in [uuid for uuid in self._entries if uuid not in fresh]:
            self._remove_bar(uuid)
            del self._entries[uuid]
            changed.add(uuid)
        for uuid, entry in fresh.items():
            old = self._entries.get(uuid)
            if old == entry:
                continue
            changed.add(uuid)
            self._entries[uuid] = entry
            if old is None or old.milestone != entry.milestone:
                if old is not None:
                    self._remove_bar(uuid)
                self._add_bar(entry)
            else:
                bar = self._bars[uuid]
                bar.entry = entry
                bar.set_dates(entry.start, entry.end)
                if uuid in self._ghosts:
                    self._ghosts[uuid].entry = entry
        touched_arrows: set[str] = set()
        if dependencies is not None:
            touched_arrows |= self._update_dependencies(dependencies)
        if schedule is not None:
            self._set_schedule(schedule)
        if slips is not None:
            self.set_slips(slips, self.baseline_name)
        self._update_extent()
        for uuid in changed:
            if uuid in self._entries:
                self._place(uuid)
                touched_arrows |= self._arrows_at.get(uuid, set())
        for key in touched_arrows:
            arrow = self._arrows.get(key)
            if arrow is not None:
                self._check(arrow)
                arrow.relayout()
        self._apply_critical()
        self._update_fixtures()
        self.repaint_rows(moved=bool(changed or touched_arrows))
        return changed

    def _update_dependencies(self, dependencies: Iterable[DependencyRow]) -> set[str]:
        fresh = {row.uuid: row for row in dependencies}
        touched: set[str] = set()
        for key in [key for key in self._dependencies if key not in fresh]:
            self._remove_arrow(key)
        for key, row in fresh.items():
            if self._dependencies.get(key) == row:
                continue
            if key in self._dependencies:
                self._remove_arrow(key)
            self._add_arrow(row)
            touched.add(key)
        return touched

    # --- rows ----------------------------------------------------------------------------

    @property
    def order(self) -> list[str]:
        return list(self._order)

    @property
    def order_ref(self) -> list[str]:
        """The shown rows' uuids, top to bottom (not a copy: for the painter)."""
        return self._order

    @property
    def bars_ref(self) -> dict[str, Bar]:
        return self._bars

    @property
    def ghosts_ref(self) -> dict[str, Ghost]:
        return self._ghosts

    def arrows_at(self, uuid: str) -> list[Arrow]:
        """The arrows that leave or enter a row."""
        return [self._arrows[key] for key in self._arrows_at.get(uuid, ())]

    def arrow_index(self) -> ArrowIndex:
        if self._index is None:
            self._index = ArrowIndex(list(self._arrows.values()))
        return self._index

    def set_rows(self, order: Sequence[str], row_height: int | None = None) -> None:
        """Show the rows ``order`` names, in that order; hide every other row."""
        resized = row_height is not None and row_height != self.row_height
        if resized:
            self.row_height = int(row_height)  # type: ignore[arg-type]
            self.geometry = style.RowGeometry(self.row_height)
        old = self._row_of
        self._order = list(order)
        self._row_of = {uuid: index for index, uuid in enumerate(self._order)}
        moved: set[str] = set()
        row_of, arrows_at = self._row_of, self._arrows_at
        for uuid in self._entries:
            if resized or old.get(uuid) != row_of.get(uuid):
                self._place(uuid, full=resized)
                if uuid in arrows_at:
                    moved |= arrows_at[uuid]
        for key in moved:
            self._arrows[key].relayout()
        self._update_fixtures()
        self.repaint_rows(moved=True)

    def row_of(self, uuid: str) -> int | None:
        return self._row_of.get(uuid)

    def uuid_at(self, y: float) -> str | None:
        """The uuid of the row at scene ``y``."""
        row = math.floor(y / self.row_height)
        return self._order[row] if 0 <= row < len(self._order) else None

    def _place(self, uuid: str, full: bool = True) -> None:
        """Put a row's bar and ghost where its row and dates say, or hide them.

        Not ``full``: the row only moved up or down (the tree collapsed or expanded
        something above it), so a row already laid out just moves.
        """
        row = self._row_of.get(uuid)
        bar = self._bars[uuid]
        ghost = self._ghosts.get(uuid)
        shown = row is not None
        bar.shown = shown
        if ghost is not None:
            ghost.shown = shown
        if row is None:
            return
        top = float(row * self.row_height)
        if not full and bar.placed and (ghost is None or ghost.placed):
            bar.move_to_row(top)
            if ghost is not None:
                ghost.move_to_row(top)
            return
        bar.place(self._origin_day, self.geometry, top)
        if ghost is not None:
            ghost.place(self._origin_day, self.geometry, top)

    def label_fonts(self) -> LabelFonts:
        """The labels' fonts (made again when the scene's font changes)."""
        if self._fonts is None or self._fonts.key != self.font().key():
            self._fonts = LabelFonts(self.font())
        return self._fonts

    # --- zoom ----------------------------------------------------------------------------

    def set_pixels_per_day(self, pixels_per_day: float) -> None:
        """Note the view's scale. Nothing is laid out again: labels and arrows are worked
        out for the rows on screen, at the scale they are painted at."""
        self.pixels_per_day = pixels_per_day
        self.repaint_rows()

    def relayout_labels(self) -> None:
        """Repaint the labels (after the scene's font changed)."""
        self.repaint_rows()

    # --- extent, today, selection --------------------------------------------------------

    def _update_extent(self) -> None:
        first, last = self.period
        for entry in self._entries.values():
            if entry.start is not None and entry.start < first:
                first = entry.start
            if entry.end is not None and entry.end > last:
                last = entry.end
        for ghost in self._ghosts.values():
            first, last = min(first, ghost.start), max(last, ghost.end)
        self._extent = (first, last)
        left = self.x(first) - MARGIN_DAYS
        right = self.x(last) + 1 + MARGIN_DAYS
        self.setSceneRect(QRectF(left, 0, right - left, self.rows_height()))

    def rows_height(self) -> float:
        return float(max(1, len(self._order)) * self.row_height)

    def _update_fixtures(self) -> None:
        rect = self.sceneRect()
        if rect.height() != self.rows_height():
            self.setSceneRect(QRectF(rect.left(), 0, rect.width(), self.rows_height()))
            rect = self.sceneRect()
        background = (rect.left(), rect.right(), len(self._order), self.row_height, self.bands)
        if background != self._background:  # the views keep it (CacheBackground)
            self._background = background
            self.invalidate(QRectF(), QGraphicsScene.SceneLayer.BackgroundLayer)
        self._chart.set_rect(rect.adjusted(-_BLEED, -self.row_height, _BLEED, self.row_height))
        today = self.today
        shown = today is not None and self.period[0] <= today <= self.period[1]
        if shown != self._today_shown:
            self._today_shown = shown
            self.repaint_rows()
        row = self._row_of.get(self._selected)
        self._row_item.setVisible(row is not None)
        if row is not None:
            self._row_item.setRect(
                QRectF(rect.left(), row * self.row_height, rect.width(), self.row_height)
            )

    def set_today(self, today: date | None) -> None:
        self.today = today
        self._update_fixtures()
        self.repaint_rows()

    def today_visible(self) -> bool:
        return self._today_shown

    def today_x(self) -> float | None:
        """Scene x of the today line (the middle of today), or None when not shown."""
        if not self._today_shown or self.today is None:
            return None
        return self.x(self.today) + 0.5

    @property
    def selected(self) -> str:
        return self._selected

    def set_selected(self, uuid: str) -> None:
        old = self._bars.get(self._selected)
        if old is not None:
            old.selected = False
        self._selected = uuid if uuid in self._entries else ""
        bar = self._bars.get(self._selected)
        if bar is not None:
            bar.selected = True
        self._update_fixtures()
        self.repaint_rows()

    # --- reading back --------------------------------------------------------------------

    def entry(self, uuid: str) -> Entry | None:
        return self._entries.get(uuid)

    def bar(self, uuid: str) -> Bar | None:
        return self._bars.get(uuid)

    def label(self, uuid: str) -> Label | None:
        bar = self._bars.get(uuid)
        return Label(bar) if bar is not None else None

    def ghost(self, uuid: str) -> Ghost | None:
        return self._ghosts.get(uuid)

    def arrow(self, dependency_uuid: str) -> Arrow | None:
        return self._arrows.get(dependency_uuid)

    def bars(self) -> dict[str, Bar]:
        return dict(self._bars)

    # --- dragging previews ---------------------------------------------------------------

    def preview(self, uuid: str, start: date, end: date) -> None:
        """Draw a bar at other dates while a drag goes on (nothing is written)."""
        self._bars[uuid].set_dates(start, end)
        self._move(uuid)

    def end_preview(self, uuid: str) -> None:
        """Put a bar back at its record's dates (a cancelled or refused drag)."""
        bar = self._bars.get(uuid)
        if bar is None:
            return
        bar.set_dates(bar.entry.start, bar.entry.end)
        self._move(uuid)

    def _move(self, uuid: str) -> None:
        self._place(uuid)
        for key in self._arrows_at.get(uuid, ()):
            self._arrows[key].relayout()
        self.repaint_rows()

    # --- background ----------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        """Biennium bands, year and quarter or month lines, row lines."""
        draw_background(self, painter, rect, len(self._order))
