"""Time on a Gantt chart: scale, snapping, biennia, ticks, dependency ends and dragging.

Plain arithmetic over dates, kept out of Qt so it is tested with known answers and the
chart's widgets only draw what it says. Days are whole and inclusive, as in the scheduler
(``domain.scheduling``): a bar from 1 to 31 January covers 31 days, so it is drawn from the
left edge of 1 January to the right edge of 31 January, which is the left edge of
1 February. Moving and resizing snap to whole months, quarters or years; an end date is the
day before a unit boundary (31 December, not 1 January), which is how the plan writes them.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from poa_desktop.domain.enums import DependencyType

ONE_DAY = timedelta(days=1)


class Unit(StrEnum):
    """What a drag snaps to, and what a ruler tier counts."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class Zoom(StrEnum):
    """How finely the ruler divides time (the stored ``gantt_zoom`` setting)."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


MONTHS_IN: dict[Unit, int] = {Unit.MONTH: 1, Unit.QUARTER: 3, Unit.YEAR: 12}
#: The average length of each unit in days (Gregorian year), to turn a drag into units.
AVERAGE_DAYS: dict[Unit, float] = {
    Unit.MONTH: 365.2425 / 12,
    Unit.QUARTER: 365.2425 / 4,
    Unit.YEAR: 365.2425,
}
#: The pixels per day each zoom level starts at (a year is ~91 px, a quarter ~110 px, a
#: month ~122 px: wide enough for the ruler's labels).
ZOOM_PIXELS_PER_DAY: dict[Zoom, float] = {Zoom.YEAR: 0.25, Zoom.QUARTER: 1.2, Zoom.MONTH: 4.0}
#: From how many pixels per day the ruler shows quarters, then months.
QUARTER_FROM = 0.6
MONTH_FROM = 2.4
MIN_PIXELS_PER_DAY = 0.005
MAX_PIXELS_PER_DAY = 40.0


def zoom_for(pixels_per_day: float) -> Zoom:
    """The ruler's level at a scale: years when a quarter would be too narrow to label."""
    if pixels_per_day >= MONTH_FROM:
        return Zoom.MONTH
    if pixels_per_day >= QUARTER_FROM:
        return Zoom.QUARTER
    return Zoom.YEAR


def snap_for(zoom: Zoom | str) -> Unit:
    """The snapping a zoom level suggests: the unit its ruler shows."""
    return Unit(Zoom(zoom).value)


def clamp_scale(pixels_per_day: float) -> float:
    return min(MAX_PIXELS_PER_DAY, max(MIN_PIXELS_PER_DAY, pixels_per_day))


# --- the scale -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimeScale:
    """Dates to x and back: ``origin`` is at x = 0, one day is ``pixels_per_day`` wide."""

    origin: date
    pixels_per_day: float = 1.0

    def x(self, day: date) -> float:
        """The left edge of ``day``."""
        return (day - self.origin).days * self.pixels_per_day

    def x_after(self, day: date) -> float:
        """The right edge of ``day`` (where a bar that ends on it stops)."""
        return self.x(day) + self.pixels_per_day

    def date_at(self, x: float) -> date:
        """The day whose column holds ``x``."""
        return self.origin + timedelta(days=math.floor(x / self.pixels_per_day))

    def days(self, dx: float) -> float:
        """How many days ``dx`` pixels are."""
        return dx / self.pixels_per_day

    def span(self, start: date, end: date) -> tuple[float, float]:
        """Left and right x of a bar from ``start`` to ``end`` inclusive."""
        return self.x(start), self.x_after(end)


# --- calendar units --------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months; the 31st becomes the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_units(day: date, unit: Unit | str, count: int) -> date:
    return add_months(day, MONTHS_IN[Unit(unit)] * count)


def unit_start(day: date, unit: Unit | str) -> date:
    """The first day of the month, quarter or year that holds ``day``."""
    unit = Unit(unit)
    if unit is Unit.YEAR:
        return date(day.year, 1, 1)
    if unit is Unit.QUARTER:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, day.month, 1)


def snap(day: date, unit: Unit | str) -> date:
    """The unit start nearest to ``day`` (a tie goes to the later one)."""
    before = unit_start(day, unit)
    after = add_units(before, unit, 1)
    return after if (after - day) <= (day - before) else before


def unit_end(day: date, unit: Unit | str) -> date:
    """The last day of the unit that holds ``day``."""
    return add_units(unit_start(day, unit), unit, 1) - ONE_DAY


# --- biennia and ticks -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Band:
    """A shaded stretch of the chart: a biennium, first to last day inclusive."""

    label: str
    start: date
    end: date


def biennia(period_start: date, period_end: date) -> tuple[Band, ...]:
    """The ILO biennia (even year and the next, "2012–13") that lie within the period's
    years; a 2011–19 plan has 2012–13, 2014–15, 2016–17 and 2018–19 (as
    ``domain.filters.BIENNIA``), 2011 belonging to the 2010–11 biennium before it."""
    first, last = period_start.year, period_end.year
    return tuple(
        Band(f"{year}–{(year + 1) % 100:02d}", date(year, 1, 1), date(year + 1, 12, 31))
        for year in range(first + first % 2, last, 2)
    )


@dataclass(frozen=True, slots=True)
class Tick:
    """One division of a ruler tier: ``start`` to ``stop`` (exclusive); ``number`` is the
    month (1–12) or quarter (1–4) in its year, 0 for a year."""

    unit: Unit
    start: date
    stop: date
    year: int
    number: int


def ticks(first: date, last: date, unit: Unit | str) -> list[Tick]:
    """The months, quarters or years that cover ``first`` to ``last`` inclusive."""
    unit = Unit(unit)
    result: list[Tick] = []
    start = unit_start(first, unit)
    while start <= last:
        stop = add_units(start, unit, 1)
        number = 0
        if unit is Unit.MONTH:
            number = start.month
        elif unit is Unit.QUARTER:
            number = (start.month - 1) // 3 + 1
        result.append(Tick(unit, start, stop, start.year, number))
        start = stop
    return result


#: The two tiers of the ruler at each zoom level: (upper, lower). "biennium" is the bands.
RULER_TIERS: dict[Zoom, tuple[str, Unit]] = {
    Zoom.YEAR: ("biennium", Unit.YEAR),
    Zoom.QUARTER: (Unit.YEAR.value, Unit.QUARTER),
    Zoom.MONTH: (Unit.YEAR.value, Unit.MONTH),
}


# --- dependencies ----------------------------------------------------------------------------


class End(StrEnum):
    START = "start"
    FINISH = "finish"


_ANCHORS: dict[str, tuple[End, End]] = {
    DependencyType.FS.value: (End.FINISH, End.START),
    DependencyType.SS.value: (End.START, End.START),
    DependencyType.FF.value: (End.FINISH, End.FINISH),
    DependencyType.SF.value: (End.START, End.FINISH),
}


def anchors(kind: DependencyType | str) -> tuple[End, End]:
    """Which end of the predecessor an arrow leaves and which end of the successor it
    enters: finish-to-start leaves the finish and enters the start, and so on."""
    try:
        return _ANCHORS[kind]
    except KeyError:
        raise ValueError(f"not a dependency type: {kind!r}") from None


def earliest(
    kind: DependencyType | str, lag_days: int, pred_start: date, pred_end: date
) -> tuple[End, date]:
    """The successor's end a dependency binds and the earliest day it allows for it.

    The reading of ``domain.checks`` and ``domain.scheduling``: finish-to-start lets the
    successor start the day after the predecessor finishes (plus the lag); the other types
    let the bound end fall on the anchor day itself (plus the lag).
    """
    leave, enter = anchors(kind)
    anchor = pred_start if leave is End.START else pred_end
    day = anchor + timedelta(days=lag_days)
    if kind == DependencyType.FS:
        day += ONE_DAY
    return enter, day


def is_violated(
    kind: DependencyType | str,
    lag_days: int,
    pred_start: date,
    pred_end: date,
    succ_start: date,
    succ_end: date,
) -> bool:
    """Whether the planned dates break the dependency (as ``check`` reports it)."""
    enter, day = earliest(kind, lag_days, pred_start, pred_end)
    bound = succ_start if enter is End.START else succ_end
    return bound < day


def route(
    start: tuple[float, float],
    leave: End,
    stop: tuple[float, float],
    enter: End,
    *,
    stub: float,
    clearance: float,
    drop: float = 0.0,
) -> list[tuple[float, float]]:
    """An orthogonal path from a predecessor's end to a successor's end.

    An arrow leaves a finish to the right and a start to the left, by ``stub`` at least;
    it arrives at a start travelling right and at a finish travelling left. When there is
    no room for that (a successor that starts right where, or before, its predecessor
    finishes), it either drops straight onto the successor's bar, ``drop`` short of its
    middle (when the successor begins no more than half a stub before the turn, and
    ``drop`` is given), or turns along the row boundary ``clearance`` before the
    successor's row and comes back round to enter the end from its side.
    """
    (x1, y1), (x2, y2) = start, stop
    out = 1.0 if leave is End.FINISH else -1.0
    into = 1.0 if enter is End.START else -1.0
    if out != into:  # start-to-start or finish-to-finish: one vertical beside both ends
        x = min(x1, x2) - stub if out < 0 else max(x1, x2) + stub
        return _dedupe([(x1, y1), (x, y1), (x, y2), (x2, y2)])
    first, last = x1 + out * stub, x2 - into * stub
    if (last - first) * out >= 0:  # room to turn once between the ends
        return _dedupe([(x1, y1), (first, y1), (first, y2), (x2, y2)])
    direction = 1.0 if y2 >= y1 else -1.0
    if drop and y1 != y2 and (x2 - x1) * out >= -stub / 2:
        x = max(x1, x2) + stub if out > 0 else min(x1, x2) - stub
        return _dedupe([(x1, y1), (x, y1), (x, y2 - direction * drop)])
    middle = y2 - direction * clearance
    return _dedupe([(x1, y1), (first, y1), (first, middle), (last, middle), (last, y2), (x2, y2)])


def _dedupe(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    kept = [points[0]]
    for point in points[1:]:
        if point != kept[-1]:
            kept.append(point)
    return kept


# --- dragging --------------------------------------------------------------------------------


def units_for(days: float, unit: Unit | str) -> int:
    """How many whole units a drag of ``days`` days is (to the nearest)."""
    return round(days / AVERAGE_DAYS[Unit(unit)])


def moved(
    start: date, end: date, count: int, unit: Unit | str, *, milestone: bool = False
) -> tuple[date, date]:
    """A bar moved by ``count`` units, keeping its shape: a start on a unit's first day
    stays on one, an end on a unit's last day stays on one (2012-01-01..2019-12-31 one year
    later is 2013-01-01..2020-12-31). A milestone is one day and stays one day."""
    new_start = add_units(start, unit, count)
    if milestone:
        return new_start, new_start
    new_end = add_units(end + ONE_DAY, unit, count) - ONE_DAY
    return new_start, max(new_start, new_end)


def resized_end(start: date, end: date, days: float, unit: Unit | str) -> tuple[date, date]:
    """The bar with its right end dragged by ``days``: it ends the day before the unit
    boundary nearest to where the end was dropped, and never before it starts (then it
    ends with the unit it starts in)."""
    boundary = snap(end + timedelta(days=round(days)) + ONE_DAY, unit)
    new_end = boundary - ONE_DAY
    if new_end < start:
        new_end = unit_end(start, unit)
    return start, new_end


def resized_start(start: date, end: date, days: float, unit: Unit | str) -> tuple[date, date]:
    """The bar with its left end dragged by ``days``: it starts on the unit boundary
    nearest to where the start was dropped, and never after it ends (then it starts with
    the unit it ends in)."""
    new_start = snap(start + timedelta(days=round(days)), unit)
    if new_start > end:
        new_start = unit_start(end, unit)
    return new_start, end
