"""The Gantt scene: built once from plain rows, then updated item by item.

One scene unit across is one day from ``origin`` (1 January of the plan's first year); one
unit down is one pixel, rows being ``row_height`` tall in the order the plan tree shows
them. ``build`` makes every item; ``update_rows`` compares the new rows with the old ones
and touches only the items whose record changed (and the arrows at them); ``set_rows``
hides the rows the tree collapsed and moves the others, without rebuilding anything.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
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
from poa_desktop.domain.timeline import (
    Band,
    biennia,
    is_violated,
)
from poa_desktop.ui.gantt import style
from poa_desktop.ui.gantt.arrows import REACH_PIXELS, DependencyItem
from poa_desktop.ui.gantt.background import draw_background
from poa_desktop.ui.gantt.entries import Entry, entries, tooltip, violation_text
from poa_desktop.ui.gantt.items import (
    Z_ROW,
    BarItem,
    GhostItem,
    LabelFonts,
    LabelItem,
    MilestoneItem,
    TodayItem,
)

#: Days of empty chart left and right of the plan.
MARGIN_DAYS = 31


class GanttScene(QGraphicsScene):
    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setBackgroundBrush(style.BACKGROUND)
        self.pixels_per_day = 0.25
        self.row_height = style.DEFAULT_ROW_HEIGHT
        self.geometry = style.RowGeometry(self.row_height)
        self.origin = date(2000, 1, 1)
        self.period = (self.origin, self.origin)
        self.bands: tuple[Band, ...] = ()
        self.baseline_name = ""
        self.today: date | None = None
        self._entries: dict[str, Entry] = {}
        self._bars: dict[str, BarItem] = {}
        self._labels: dict[str, LabelItem] = {}
        self._ghosts: dict[str, GhostItem] = {}
        self._slips: dict[str, SlipRow] = {}
        self._dependencies: dict[str, DependencyRow] = {}
        self._arrows: dict[str, DependencyItem] = {}
        self._arrows_at: dict[str, set[str]] = defaultdict(set)
        self._schedule: dict[str, ScheduleRow] = {}
        self._critical_path: tuple[str, ...] = ()
        self._show_critical = False
        self._order: list[str] = []
        self._row_of: dict[str, int] = {}
        self._selected = ""
        self._violated: set[str] = set()
        self._fonts: LabelFonts | None = None
        self._set_arrow_scale(self.pixels_per_day)
        self._extent = (self.origin, self.origin)
        self._make_fixtures()

    def _make_fixtures(self) -> None:
        self._today_item = TodayItem()
        self._today_item.setVisible(False)
        self.addItem(self._today_item)
        self._row_item = QGraphicsRectItem()
        self._row_item.setPen(QPen(style.SELECTED_ROW, 0))
        self._row_item.setBrush(style.SELECTED_ROW)
        self._row_item.setZValue(Z_ROW)
        self._row_item.setVisible(False)
        self.addItem(self._row_item)

    # --- dates and x ---------------------------------------------------------------------

    def x(self, day: date) -> float:
        return float((day - self.origin).days)

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
        """Make every item afresh (a new plan); ``rows`` in the default row order."""
        self.clear()
        self._make_fixtures()
        self._entries, self._bars, self._labels, self._ghosts = {}, {}, {}, {}
        self._slips, self._dependencies, self._arrows = {}, {}, {}
        self._arrows_at = defaultdict(set)
        self._selected = ""
        self.period = period
        self.origin = date(period[0].year, 1, 1)
        self.bands = biennia(*period)
        self.today = today
        self._entries = entries(rows)
        for entry in self._entries.values():
            self._add_bar(entry)
        self._order = [row.uuid for row in rows]
        self._row_of = {uuid: index for index, uuid in enumerate(self._order)}
        for dependency in dependencies:
            self._add_arrow(dependency)
        self._set_schedule(schedule)
        self.baseline_name = baseline_name
        for slip in slips or ():
            self._set_slip(slip)
        self._set_arrow_scale(self.pixels_per_day)
        self._update_extent()
        for uuid in self._entries:
            self._place(uuid)
        for arrow in self._arrows.values():
            self._check(arrow)
            arrow.relayout(self._reach, self.row_height)
        self._apply_critical()
        self._update_fixtures()

    def _add_bar(self, entry: Entry) -> BarItem:
        bar = MilestoneItem(entry) if entry.milestone else BarItem(entry)
        label = LabelItem(bar)
        self.addItem(bar)
        self.addItem(label)
        self._bars[entry.uuid] = bar
        self._labels[entry.uuid] = label
        return bar

    def _remove_bar(self, uuid: str) -> None:
        for items in (self._bars, self._labels, self._ghosts):
            item = items.pop(uuid, None)
            if item is not None:
                self.removeItem(item)
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
        arrow = DependencyItem(dependency, before, after)
        self.addItem(arrow)
        self._arrows[dependency.uuid] = arrow
        self._arrows_at[dependency.from_uuid].add(dependency.uuid)
        self._arrows_at[dependency.to_uuid].add(dependency.uuid)

    def _remove_arrow(self, key: str) -> None:
        dependency = self._dependencies.pop(key, None)
        arrow = self._arrows.pop(key, None)
        self._violated.discard(key)
        if arrow is not None:
            self.removeItem(arrow)
        if dependency is not None:
            self._arrows_at[dependency.from_uuid].discard(key)
            self._arrows_at[dependency.to_uuid].discard(key)

    def _set_slip(self, slip: SlipRow) -> bool:
        """Keep one item's baseline comparison; True when its ghost changed."""
        old = self._slips.get(slip.item_uuid)
        entry = self._entries.get(slip.item_uuid)
        if old == slip or entry is None:
            return False
        self._slips[slip.item_uuid] = slip
        ghost = self._ghosts.get(slip.item_uuid)
        dated = slip.baseline_start is not None and slip.baseline_end is not None
        if ghost is not None and not dated:
            self.removeItem(self._ghosts.pop(slip.item_uuid))
            return True
        if not dated:
            return False
        dates = (slip.baseline_start, slip.baseline_end)
        if ghost is None:
            ghost = GhostItem(entry, *dates)  # type: ignore[arg-type]
            self.addItem(ghost)
            self._ghosts[slip.item_uuid] = ghost
            return True
        ghost.entry = entry
        if (ghost.start, ghost.end) == dates:
            return False
        ghost.start, ghost.end = dates  # type: ignore[assignment]
        return True

    def set_schedule(self, schedule: PlanSchedule | None) -> None:  # slack, critical path
        self._set_schedule(schedule)
        self._apply_critical()

    def _set_schedule(self, schedule: PlanSchedule | None) -> None:
        rows = schedule.rows if schedule is not None else ()
        self._schedule = {row.uuid: row for row in rows}
        by_code = {row.code: row.uuid for row in rows}
        path = schedule.critical_path if schedule is not None else ()
        self._critical_path = tuple(by_code[code] for code in path if code in by_code)

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
        extent = self._extent
        self._update_extent()
        for uuid in changed:
            if uuid in self._entries:
                self._place(uuid)
                touched_arrows |= self._arrows_at.get(uuid, set())
        if extent != self._extent:
            for uuid in self._entries:  # labels near the chart's right edge may move
                self._relayout_label(uuid)
        for key in touched_arrows:
            arrow = self._arrows.get(key)
            if arrow is not None:
                self._check(arrow)
                arrow.relayout(self._reach, self.row_height)
        self._apply_critical()
        self._update_fixtures()
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

    def set_slips(self, slips: Iterable[SlipRow] | None, baseline_name: str = "") -> None:
        """Show a baseline's ghosts (None or empty: no baseline)."""
        self.baseline_name = baseline_name
        fresh = {slip.item_uuid: slip for slip in slips or ()}
        for uuid in [uuid for uuid in self._slips if uuid not in fresh]:
            del self._slips[uuid]
            ghost = self._ghosts.pop(uuid, None)
            if ghost is not None:
                self.removeItem(ghost)
        for slip in fresh.values():
            if self._set_slip(slip):
                self._place(slip.item_uuid)

    # --- rows ----------------------------------------------------------------------------

    @property
    def order(self) -> list[str]:
        return list(self._order)

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
        for uuid in self._entries:
            if resized or old.get(uuid) != self._row_of.get(uuid):
                self._place(uuid, full=resized)
                moved |= self._arrows_at.get(uuid, set())
        arrows = self._arrows.values() if resized else (self._arrows[key] for key in moved)
        for arrow in arrows:
            arrow.relayout(self._reach, self.row_height)
        self._update_fixtures()

    def row_of(self, uuid: str) -> int | None:
        return self._row_of.get(uuid)

    def uuid_at(self, y: float) -> str | None:
        """The uuid of the row at scene ``y``."""
        row = math.floor(y / self.row_height)
        return self._order[row] if 0 <= row < len(self._order) else None

    def _place(self, uuid: str, full: bool = True) -> None:
        """Put a row's bar, label and ghost where its row and dates say, or hide them.

        Not ``full``: the row only moved up or down (the tree collapsed or expanded
        something above it), so items already laid out just move.
        """
        row = self._row_of.get(uuid)
        bar = self._bars[uuid]
        label = self._labels[uuid]
        ghost = self._ghosts.get(uuid)
        if row is None:
            bar.setVisible(False)
            label.setVisible(False)
            if ghost is not None:
                ghost.setVisible(False)
            return
        top = float(row * self.row_height)
        bar.setVisible(bar.entry.dated)
        label.setVisible(True)
        if ghost is not None:
            ghost.setVisible(True)
        if not full and bar.placed and label.stamp == self._label_stamp():
            bar.move_to_row(top)
            label.setY(bar.cy)
            if ghost is not None:
                ghost.row_top = top
                ghost.setY(top)
            return
        bar.place(self.origin, self.geometry, top)
        if ghost is not None:
            ghost.place(self.origin, self.geometry, top)
        self._relayout_label(uuid)

    def _label_stamp(self) -> tuple[float, float, float]:
        chart = self.sceneRect()
        return (self.pixels_per_day, chart.left(), chart.right())

    def label_fonts(self) -> LabelFonts:
        """The labels' fonts (made again when the scene's font changes)."""
        if self._fonts is None or self._fonts.key != self.font().key():
            self._fonts = LabelFonts(self.font())
        return self._fonts

    def _relayout_label(self, uuid: str) -> None:
        label = self._labels[uuid]
        if label.isVisible():
            chart = self.sceneRect()
            label.relayout(self.label_fonts(), self.pixels_per_day, chart.left(), chart.right())

    # --- zoom ----------------------------------------------------------------------------

    def set_pixels_per_day(self, pixels_per_day: float) -> None:
        """Tell the items the view's scale: labels re-place, arrows widen their bounds
        (only when zooming out past the scale they were laid out for)."""
        self.pixels_per_day = pixels_per_day
        self.relayout_labels()
        if pixels_per_day < self._arrow_scale:
            self._set_arrow_scale(pixels_per_day / 2)
            for arrow in self._arrows.values():
                arrow.relayout(self._reach, self.row_height)

    def relayout_labels(self) -> None:
        """Re-place every shown label (after the scale or the scene's font changed)."""
        for uuid in self._entries:
            self._relayout_label(uuid)

    def _set_arrow_scale(self, pixels_per_day: float) -> None:
        self._arrow_scale = pixels_per_day
        self._reach = REACH_PIXELS / pixels_per_day

    # --- extent, today, selection --------------------------------------------------------

    def _update_extent(self) -> None:
        starts = [e.start for e in self._entries.values() if e.start is not None]
        ends = [e.end for e in self._entries.values() if e.end is not None]
        ghosts = [(g.start, g.end) for g in self._ghosts.values()]
        first = min([self.period[0], *starts, *(g[0] for g in ghosts)])
        last = max([self.period[1], *ends, *(g[1] for g in ghosts)])
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
        today = self.today
        inside = today is not None and self.period[0] <= today <= self.period[1]
        self._today_item.setVisible(inside)
        if inside and today is not None:
            self._today_item.day = today
            self._today_item.place(self.x(today), rect.height())
        row = self._row_of.get(self._selected)
        self._row_item.setVisible(row is not None)
        if row is not None:
            self._row_item.setRect(
                QRectF(rect.left(), row * self.row_height, rect.width(), self.row_height)
            )

    def set_today(self, today: date | None) -> None:
        self.today = today
        self._update_fixtures()

    def today_visible(self) -> bool:
        return self._today_item.isVisible()

    @property
    def selected(self) -> str:
        return self._selected

    def set_selected(self, uuid: str) -> None:
        old = self._bars.get(self._selected)
        if old is not None:
            old.selected = False
            old.update()
        self._selected = uuid if uuid in self._entries else ""
        bar = self._bars.get(self._selected)
        if bar is not None:
            bar.selected = True
            bar.update()
            self._labels[self._selected].update()
        self._update_fixtures()

    # --- critical path and violations ----------------------------------------------------

    def set_show_critical(self, shown: bool) -> None:
        self._show_critical = shown
        self._apply_critical()

    @property
    def critical_path(self) -> tuple[str, ...]:
        """The critical path's item uuids, first to last (whether shown or not)."""
        return self._critical_path

    def highlighted(self) -> set[str]:
        """The uuids of the bars drawn as critical."""
        return {uuid for uuid, bar in self._bars.items() if bar.critical}

    def _apply_critical(self) -> None:
        path = set(self._critical_path) if self._show_critical else set()
        steps = set(zip(self._critical_path, self._critical_path[1:], strict=False))
        for uuid, bar in self._bars.items():
            if bar.critical != (uuid in path):
                bar.critical = uuid in path
                bar.update()
        for arrow in self._arrows.values():
            row = arrow.dependency
            on_path = bool(path) and (row.from_uuid, row.to_uuid) in steps
            if arrow.critical != on_path:
                arrow.critical = on_path
                arrow.update()

    def _check(self, arrow: DependencyItem) -> None:
        row = arrow.dependency
        before, after = self._entries[row.from_uuid], self._entries[row.to_uuid]
        violated = (
            before.start is not None
            and before.end is not None
            and after.start is not None
            and after.end is not None
            and is_violated(
                row.type, row.lag_days, before.start, before.end, after.start, after.end
            )
        )
        if violated:
            self._violated.add(row.uuid)
        else:
            self._violated.discard(row.uuid)
        if arrow.violated != violated:
            arrow.violated = violated
            arrow.update()

    def violations(self) -> list[DependencyRow]:
        """The dependencies the planned dates break, in register order."""
        return [row for key, row in self._dependencies.items() if key in self._violated]

    def violation_texts(self) -> list[str]:
        return [violation_text(row, self._entries.get(row.from_uuid)) for row in self.violations()]

    # --- reading back --------------------------------------------------------------------

    def entry(self, uuid: str) -> Entry | None:
        return self._entries.get(uuid)

    def bar(self, uuid: str) -> BarItem | None:
        return self._bars.get(uuid)

    def label(self, uuid: str) -> LabelItem | None:
        return self._labels.get(uuid)

    def ghost(self, uuid: str) -> GhostItem | None:
        return self._ghosts.get(uuid)

    def arrow(self, dependency_uuid: str) -> DependencyItem | None:
        return self._arrows.get(dependency_uuid)

    def bars(self) -> dict[str, BarItem]:
        return dict(self._bars)

    def tooltip(self, uuid: str) -> str:
        entry = self._entries.get(uuid)
        if entry is None:
            return ""
        violated = [
            violation_text(row, self._entries.get(row.from_uuid))
            for row in self.violations()
            if row.to_uuid == uuid
        ]
        return tooltip(
            entry,
            self._schedule.get(uuid),
            self._slips.get(uuid),
            self.baseline_name,
            violated,
            critical=self._show_critical and uuid in self._critical_path,
        )

    # --- dragging previews ---------------------------------------------------------------

    def preview(self, uuid: str, start: date, end: date) -> None:
        """Draw a bar at other dates while a drag goes on (nothing is written)."""
        bar = self._bars[uuid]
        bar.set_dates(start, end)
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
            self._arrows[key].relayout(self._reach, self.row_height)

    # --- background ----------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        """Biennium bands, year and quarter or month lines, row lines."""
        draw_background(self, painter, rect, len(self._order))
