"""What the chart marks on its rows beyond their dates: the critical path, the dependencies
the dates break, a baseline's dates (ghosts), and the tooltip that says it all about a row.

``Marks`` is mixed into ``GanttScene`` (it reads the scene's rows and arrows). Marking
changes only the rows whose mark changed; tooltips are worded when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from poa_desktop.domain.records import DependencyRow, PlanSchedule, ScheduleRow, SlipRow
from poa_desktop.ui.gantt.entries import Entry, tooltip, violation_text
from poa_desktop.ui.gantt.items import Ghost

if TYPE_CHECKING:
    from poa_desktop.ui.gantt.arrows import Arrow
    from poa_desktop.ui.gantt.items import Bar


class Marks:
    _entries: dict[str, Entry]
    _bars: dict[str, Bar]
    _arrows: dict[str, Arrow]
    _dependencies: dict[str, DependencyRow]
    _arrows_at: dict[str, set[str]]
    _schedule: dict[str, ScheduleRow]
    _slips: dict[str, SlipRow]
    _ghosts: dict[str, Ghost]
    baseline_name: str

    def repaint_rows(self, moved: bool = False) -> None:
        raise NotImplementedError

    def _place(self, uuid: str, full: bool = True) -> None:
        raise NotImplementedError

    def _init_marks(self) -> None:
        self._schedule = {}
        self._critical_path: tuple[str, ...] = ()
        self._show_critical = False
        self._highlighted: set[str] = set()
        self._critical_arrows: set[str] = set()
        self._violated: set[str] = set()

    def _set_schedule(self, schedule: PlanSchedule | None) -> None:
        rows = schedule.rows if schedule is not None else ()
        self._schedule = {row.uuid: row for row in rows}
        by_code = {row.code: row.uuid for row in rows}
        path = schedule.critical_path if schedule is not None else ()
        self._critical_path = tuple(by_code[code] for code in path if code in by_code)

    # --- the critical path ---------------------------------------------------------------

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
        """Mark the path's bars and the arrows between its steps; unmark the others."""
        shown = self._show_critical
        path = set(self._critical_path) if shown else set()
        steps = set(zip(self._critical_path, self._critical_path[1:], strict=False))
        bars = {uuid for uuid in path if uuid in self._bars}
        arrows = {
            key
            for uuid in bars
            for key in self._arrows_at.get(uuid, ())
            if (self._dependencies[key].from_uuid, self._dependencies[key].to_uuid) in steps
        }
        for uuid in self._highlighted - bars:
            bar = self._bars.get(uuid)
            if bar is not None:
                bar.critical = False
        for uuid in bars:
            self._bars[uuid].critical = True
        for key in self._critical_arrows - arrows:
            arrow = self._arrows.get(key)
            if arrow is not None:
                arrow.critical = False
        for key in arrows:
            self._arrows[key].critical = True
        if bars != self._highlighted or arrows != self._critical_arrows:
            self.repaint_rows(moved=True)  # the arrow index lists the critical arrows
        self._highlighted, self._critical_arrows = bars, arrows

    # --- violations ----------------------------------------------------------------------

    def _check(self, arrow: Arrow) -> None:
        row = arrow.dependency
        violated = arrow.breaks(self._entries[row.from_uuid], self._entries[row.to_uuid])
        if violated:
            self._violated.add(row.uuid)
        else:
            self._violated.discard(row.uuid)
        if arrow.violated != violated:
            arrow.violated = violated
            self.repaint_rows()

    def violations(self) -> list[DependencyRow]:
        """The dependencies the planned dates break, in register order."""
        return [row for key, row in self._dependencies.items() if key in self._violated]

    def violation_count(self) -> int:
        return len(self._violated)

    def violation_texts(self, limit: int | None = None) -> list[str]:
        """What the first ``limit`` (default: all) violations are, in words."""
        rows = self.violations()[:limit]
        return [violation_text(row, self._entries.get(row.from_uuid)) for row in rows]

    # --- the baseline's ghosts ----------------------------------------------------------

    def set_slips(self, slips: Iterable[SlipRow] | None, baseline_name: str = "") -> None:
        """Show a baseline's ghosts (None or empty: no baseline)."""
        self.baseline_name = baseline_name
        fresh = {slip.item_uuid: slip for slip in slips or ()}
        for uuid in [uuid for uuid in self._slips if uuid not in fresh]:
            del self._slips[uuid]
            self._ghosts.pop(uuid, None)
        for slip in fresh.values():
            if self._set_slip(slip):
                self._place(slip.item_uuid)
        self.repaint_rows()

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
            del self._ghosts[slip.item_uuid]
            return True
        if not dated:
            return False
        dates = (slip.baseline_start, slip.baseline_end)
        if ghost is None:
            self._ghosts[slip.item_uuid] = Ghost(entry, *dates)  # type: ignore[arg-type]
            return True
        ghost.entry = entry
        if (ghost.start, ghost.end) == dates:
            return False
        ghost.start, ghost.end = dates  # type: ignore[assignment]
        return True

    # --- tooltips ------------------------------------------------------------------------

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
