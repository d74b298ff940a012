"""The Gantt chart's time arithmetic with known answers (no Qt)."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest

from poa_desktop.domain.checks import _violated_dependencies
from poa_desktop.domain.enums import DependencyType as T
from poa_desktop.domain.filters import BIENNIA
from poa_desktop.domain.timeline import (
    End,
    TimeScale,
    Unit,
    Zoom,
    add_months,
    anchors,
    biennia,
    earliest,
    is_violated,
    moved,
    resized_end,
    resized_start,
    route,
    snap,
    snap_for,
    ticks,
    unit_end,
    unit_start,
    units_for,
    zoom_for,
)

D = date


def test_the_scale_maps_dates_to_x_and_back() -> None:
    scale = TimeScale(D(2011, 1, 1), 2.0)
    assert scale.x(D(2011, 1, 1)) == 0
    assert scale.x(D(2012, 1, 1)) == 730.0
    assert scale.span(D(2011, 1, 1), D(2011, 1, 31)) == (0.0, 62.0)  # 31 whole days
    assert scale.date_at(61.9) == D(2011, 1, 31)
    assert scale.date_at(62.0) == D(2011, 2, 1)
    assert scale.date_at(-0.5) == D(2010, 12, 31)
    assert scale.days(730) == 365


def test_zoom_levels_and_the_snapping_they_suggest() -> None:
    assert [zoom_for(p) for p in (0.1, 0.25, 0.6, 1.2, 2.4, 4.0)] == [
        Zoom.YEAR, Zoom.YEAR, Zoom.QUARTER, Zoom.QUARTER, Zoom.MONTH, Zoom.MONTH,
    ]  # fmt: skip
    assert [snap_for(z) for z in Zoom] == [Unit.YEAR, Unit.QUARTER, Unit.MONTH]


@pytest.mark.parametrize(
    ("day", "unit", "start", "end", "nearest"),
    [
        (D(2012, 5, 17), Unit.MONTH, D(2012, 5, 1), D(2012, 5, 31), D(2012, 6, 1)),
        (D(2012, 5, 10), Unit.MONTH, D(2012, 5, 1), D(2012, 5, 31), D(2012, 5, 1)),
        (D(2012, 5, 10), Unit.QUARTER, D(2012, 4, 1), D(2012, 6, 30), D(2012, 4, 1)),
        (D(2012, 6, 17), Unit.QUARTER, D(2012, 4, 1), D(2012, 6, 30), D(2012, 7, 1)),
        (D(2012, 5, 17), Unit.YEAR, D(2012, 1, 1), D(2012, 12, 31), D(2012, 1, 1)),
        (D(2012, 9, 1), Unit.YEAR, D(2012, 1, 1), D(2012, 12, 31), D(2013, 1, 1)),
        (D(2013, 12, 31), Unit.YEAR, D(2013, 1, 1), D(2013, 12, 31), D(2014, 1, 1)),
    ],
)
def test_snapping_to_month_quarter_and_year_starts(day, unit, start, end, nearest) -> None:
    assert unit_start(day, unit) == start
    assert unit_end(day, unit) == end
    assert snap(day, unit) == nearest


def test_adding_months_clamps_to_the_shorter_month() -> None:
    assert add_months(D(2012, 1, 31), 1) == D(2012, 2, 29)
    assert add_months(D(2011, 1, 31), 1) == D(2011, 2, 28)
    assert add_months(D(2012, 3, 15), -3) == D(2011, 12, 15)
    assert add_months(D(2012, 12, 1), 13) == D(2014, 1, 1)


def test_the_biennia_of_the_shipped_period_are_those_of_the_filters() -> None:
    bands = biennia(D(2011, 1, 1), D(2019, 12, 31))
    assert [(b.label, b.start.year, b.end.year) for b in bands] == list(BIENNIA)
    assert (bands[0].start, bands[0].end) == (D(2012, 1, 1), D(2013, 12, 31))
    assert [b.label for b in biennia(D(2012, 7, 1), D(2017, 6, 30))] == [
        "2012–13",
        "2014–15",
        "2016–17",
    ]
    assert biennia(D(2013, 1, 1), D(2013, 12, 31)) == ()
    assert [b.label for b in biennia(D(1998, 1, 1), D(2001, 12, 31))] == ["1998–99", "2000–01"]


def test_ticks_for_each_unit() -> None:
    years = ticks(D(2011, 1, 1), D(2019, 12, 31), Unit.YEAR)
    assert [t.year for t in years] == list(range(2011, 2020))
    assert years[0].stop == D(2012, 1, 1)
    quarters = ticks(D(2012, 2, 10), D(2012, 12, 31), Unit.QUARTER)
    assert [(t.start, t.number) for t in quarters] == [
        (D(2012, 1, 1), 1),
        (D(2012, 4, 1), 2),
        (D(2012, 7, 1), 3),
        (D(2012, 10, 1), 4),
    ]
    months = ticks(D(2012, 11, 5), D(2013, 2, 1), Unit.MONTH)
    assert [(t.year, t.number) for t in months] == [(2012, 11), (2012, 12), (2013, 1), (2013, 2)]
    assert months[1].stop == D(2013, 1, 1)


@pytest.mark.parametrize(
    ("kind", "leave", "enter"),
    [
        (T.FS, End.FINISH, End.START),
        (T.SS, End.START, End.START),
        (T.FF, End.FINISH, End.FINISH),
        (T.SF, End.START, End.FINISH),
    ],
)
def test_which_ends_an_arrow_joins(kind, leave, enter) -> None:
    assert anchors(kind) == (leave, enter)


# A: 1-10 March 2014.  The successor B is 5 days long.
A = (D(2014, 3, 1), D(2014, 3, 10))


@pytest.mark.parametrize(
    ("kind", "lag", "b_start", "violated", "bound"),
    [
        (T.FS, 0, D(2014, 3, 11), False, (End.START, D(2014, 3, 11))),
        (T.FS, 0, D(2014, 3, 10), True, (End.START, D(2014, 3, 11))),  # starts as A finishes
        (T.FS, 5, D(2014, 3, 15), True, (End.START, D(2014, 3, 16))),
        (T.FS, -3, D(2014, 3, 8), False, (End.START, D(2014, 3, 8))),  # a lead
        (T.SS, 0, D(2014, 3, 1), False, (End.START, D(2014, 3, 1))),
        (T.SS, 2, D(2014, 3, 2), True, (End.START, D(2014, 3, 3))),
        (T.FF, 0, D(2014, 3, 6), False, (End.FINISH, D(2014, 3, 10))),  # B ends 10 March
        (T.FF, 1, D(2014, 3, 6), True, (End.FINISH, D(2014, 3, 11))),
        (T.SF, 0, D(2014, 2, 25), False, (End.FINISH, D(2014, 3, 1))),  # B ends 1 March
        (T.SF, 0, D(2014, 2, 24), True, (End.FINISH, D(2014, 3, 1))),
    ],
)
def test_violations_for_every_type_and_lag(kind, lag, b_start, violated, bound) -> None:
    b_end = b_start + timedelta(days=4)
    assert earliest(kind, lag, *A) == bound
    assert is_violated(kind, lag, *A, b_start, b_end) is violated


def test_violations_agree_with_the_check_on_random_plans() -> None:
    rng = random.Random(20111101)
    for _ in range(400):
        kind = rng.choice(list(T))
        lag = rng.randint(-20, 20)
        dates = []
        for _ in range(2):
            first = D(2014, 1, 1) + timedelta(days=rng.randint(0, 60))
            dates.append((first, first + timedelta(days=rng.randint(0, 30))))
        (a_start, a_end), (b_start, b_end) = dates
        document = {
            "activities": [],
            "means_of_action": [
                {"code": "A", "start": a_start.isoformat(), "end": a_end.isoformat()},
                {"code": "B", "start": b_start.isoformat(), "end": b_end.isoformat()},
            ],
            "key_outputs": [],
            "milestones": [],
            "dependencies": [{"from": "A", "to": "B", "type": kind.value, "lag_days": lag}],
        }
        found = bool(list(_violated_dependencies(document)))
        assert is_violated(kind, lag, a_start, a_end, b_start, b_end) is found, (kind, lag, dates)


def test_routes_are_orthogonal() -> None:
    # FS with room: leave right, down, right into the start.
    fs = route((100, 10), End.FINISH, (200, 40), End.START, stub=8, clearance=12)
    assert fs == [(100, 10), (108, 10), (108, 40), (200, 40)]
    # FS doubling back: the successor starts left of the predecessor's finish.
    back = route((100, 10), End.FINISH, (50, 40), End.START, stub=8, clearance=12)
    assert back == [(100, 10), (108, 10), (108, 28), (42, 28), (42, 40), (50, 40)]
    # SS: one vertical left of both starts; FF: right of both finishes.
    assert route((100, 10), End.START, (80, 40), End.START, stub=8, clearance=12) == [
        (100, 10), (72, 10), (72, 40), (80, 40),
    ]  # fmt: skip
    assert route((100, 40), End.FINISH, (130, 10), End.FINISH, stub=8, clearance=12) == [
        (100, 40), (138, 40), (138, 10), (130, 10),
    ]  # fmt: skip
    # SF going up: leave the start to the left, arrive at the finish travelling left.
    sf = route((100, 40), End.START, (20, 10), End.FINISH, stub=8, clearance=12)
    assert sf == [(100, 40), (92, 40), (92, 10), (20, 10)]
    # FS into a successor that starts where the predecessor ends: drop onto its bar.
    adjacent = route((100, 10), End.FINISH, (100, 40), End.START, stub=8, clearance=12, drop=6)
    assert adjacent == [(100, 10), (108, 10), (108, 34)]
    upward = route((100, 40), End.FINISH, (103, 10), End.START, stub=8, clearance=12, drop=6)
    assert upward == [(100, 40), (111, 40), (111, 16)]
    # ... but not when it starts well before: then round the row boundary.
    assert len(route((100, 10), End.FINISH, (60, 40), End.START, stub=8, clearance=12, drop=6)) == 6
    for path in (fs, back, sf, adjacent, upward):
        for (xa, ya), (xb, yb) in itertools.pairwise(path):
            assert xa == xb or ya == yb


@pytest.mark.parametrize(
    ("start", "end", "count", "unit", "expected"),
    [
        (D(2012, 1, 1), D(2019, 12, 31), 1, Unit.YEAR, (D(2013, 1, 1), D(2020, 12, 31))),
        (D(2012, 1, 1), D(2019, 12, 31), -1, Unit.QUARTER, (D(2011, 10, 1), D(2019, 9, 30))),
        (D(2012, 7, 1), D(2013, 12, 31), 2, Unit.MONTH, (D(2012, 9, 1), D(2014, 2, 28))),
        (D(2012, 1, 31), D(2012, 2, 29), 1, Unit.MONTH, (D(2012, 2, 29), D(2012, 3, 31))),
        (D(2012, 3, 15), D(2012, 4, 20), 0, Unit.YEAR, (D(2012, 3, 15), D(2012, 4, 20))),
    ],
)
def test_moving_by_whole_units_keeps_the_bar_shape(start, end, count, unit, expected) -> None:
    assert moved(start, end, count, unit) == expected


def test_a_milestone_moves_as_one_day() -> None:
    assert moved(D(2012, 1, 30), D(2012, 1, 30), 1, Unit.MONTH, milestone=True) == (
        D(2012, 2, 29),
        D(2012, 2, 29),
    )
    assert moved(D(2012, 12, 31), D(2012, 12, 31), 1, Unit.YEAR, milestone=True) == (
        D(2013, 12, 31),
        D(2013, 12, 31),
    )


def test_a_drag_in_days_is_rounded_to_whole_units() -> None:
    assert units_for(365, Unit.YEAR) == 1
    assert units_for(170, Unit.YEAR) == 0
    assert units_for(-200, Unit.YEAR) == -1
    assert units_for(100, Unit.QUARTER) == 1
    assert units_for(76, Unit.MONTH) == 2


def test_resizing_snaps_the_dragged_end_and_keeps_start_before_end() -> None:
    bar = (D(2014, 1, 1), D(2015, 12, 31))
    assert resized_end(*bar, 365, Unit.YEAR) == (D(2014, 1, 1), D(2016, 12, 31))
    assert resized_end(*bar, 100, Unit.YEAR) == bar  # not far enough to reach the next year
    assert resized_end(*bar, -60, Unit.QUARTER) == (D(2014, 1, 1), D(2015, 9, 30))
    assert resized_end(*bar, -2000, Unit.YEAR) == (D(2014, 1, 1), D(2014, 12, 31))
    assert resized_start(*bar, -300, Unit.YEAR) == (D(2013, 1, 1), D(2015, 12, 31))
    assert resized_start(*bar, 40, Unit.MONTH) == (D(2014, 2, 1), D(2015, 12, 31))
    assert resized_start(*bar, 5000, Unit.YEAR) == (D(2015, 1, 1), D(2015, 12, 31))
    # an unaligned end snaps to the nearest month end
    assert resized_end(D(2014, 1, 1), D(2014, 3, 20), 0, Unit.MONTH) == (
        D(2014, 1, 1),
        D(2014, 3, 31),
    )


def test_an_unknown_dependency_type_is_refused() -> None:
    with pytest.raises(ValueError, match="XX"):
        anchors("XX")
