"""Scheduling arithmetic on hand-made plans with known answers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from poa_desktop.domain.enums import DependencyType as T
from poa_desktop.domain.scheduling import CycleError, Link, Task, schedule

D0 = date(2020, 1, 1)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def task(key: str, first: int, last: int) -> Task:
    return Task(key, day(first), day(last))


def test_a_single_task_is_critical_and_keeps_its_dates() -> None:
    result = schedule([task("A", 0, 9)], [])
    a = result.tasks["A"]
    assert (a.early_start, a.early_finish, a.late_start, a.late_finish) == (
        day(0),
        day(9),
        day(0),
        day(9),
    )
    assert a.total_slack_days == 0 and a.duration_days == 10
    assert result.critical_path == ("A",)


@pytest.mark.parametrize(
    ("kind", "lag", "b_start"),
    [
        (T.FS, 0, 10),  # B starts the day after A finishes (A: days 0-9)
        (T.FS, 5, 15),
        (T.FS, -3, 7),  # a negative lag is a lead
        (T.SS, 0, 0),  # B may start with A...
        (T.SS, 4, 4),
        (T.FF, 0, 5),  # B (5 days) finishes with A: starts day 5
        (T.FF, 2, 7),
        (T.SF, 0, -4),  # B must finish when A starts: but its planned start (0) wins
        (T.SF, 20, 16),  # B finishes 20 days after A starts: day 20, so starts day 16
    ],
)
def test_forward_pass_for_every_type_and_lag(kind: T, lag: int, b_start: int) -> None:
    result = schedule([task("A", 0, 9), task("B", 0, 4)], [Link("A", "B", kind, lag)])
    assert result.tasks["B"].early_start == day(max(b_start, 0))
    assert result.tasks["B"].early_finish == day(max(b_start, 0) + 4)


def test_backward_pass_slack_and_critical_path() -> None:
    # A(10) -> B(5) -> D(3); A -> C(2) -> D.  C has 3 days of slack.
    tasks = [task("A", 0, 9), task("B", 0, 4), task("C", 0, 1), task("D", 0, 2)]
    links = [Link("A", "B"), Link("B", "D"), Link("A", "C"), Link("C", "D")]
    result = schedule(tasks, links)
    b, c, d = (result.tasks[key] for key in "BCD")
    assert (b.early_start, b.early_finish) == (day(10), day(14))
    assert (d.early_start, d.early_finish) == (day(15), day(17))
    assert (c.early_start, c.late_start, c.total_slack_days) == (day(10), day(13), 3)
    assert result.critical_path == ("A", "B", "D")
    assert result.finish == day(17)


def test_backward_pass_for_start_and_finish_links() -> None:
    # SS with lag: B starts 2 days after A; B(10) ends day 11; A(3) can slip until B's late
    # start minus the lag allows.
    result = schedule([task("A", 0, 2), task("B", 0, 9)], [Link("A", "B", T.SS, 2)])
    a = result.tasks["A"]
    assert result.tasks["B"].early_start == day(2)
    assert (a.late_start, a.late_finish, a.total_slack_days) == (day(0), day(2), 0)
    # FF: A(3) must finish by B's finish; B(10) days 0-9, so A may finish as late as day 9.
    result = schedule([task("A", 0, 2), task("B", 0, 9)], [Link("A", "B", T.FF, 0)])
    assert (result.tasks["A"].late_finish, result.tasks["A"].total_slack_days) == (day(9), 7)


def test_planned_start_is_a_start_no_earlier_than() -> None:
    result = schedule([task("A", 0, 4), task("B", 30, 39)], [Link("A", "B")])
    assert result.tasks["B"].early_start == day(30)
    assert result.tasks["A"].total_slack_days == 25
    assert result.critical_path == ("B",)


def test_a_required_finish_gives_slack_to_everything() -> None:
    result = schedule([task("A", 0, 9)], [], finish=day(19))
    assert result.tasks["A"].total_slack_days == 10
    assert result.critical_path == ()


def test_a_cycle_is_refused_and_named() -> None:
    with pytest.raises(CycleError, match="A → B → C → A") as raised:
        schedule(
            [task("A", 0, 1), task("B", 0, 1), task("C", 0, 1)],
            [Link("A", "B"), Link("B", "C"), Link("C", "A")],
        )
    assert raised.value.cycle == ("A", "B", "C")


def test_links_to_unknown_tasks_are_ignored() -> None:
    result = schedule([task("A", 0, 1)], [Link("A", "Z"), Link("Y", "A")])
    assert set(result.tasks) == {"A"}


def test_an_empty_plan_has_an_empty_schedule() -> None:
    assert schedule([], []).tasks == {}


def test_incremental_updates_agree_with_a_full_recompute() -> None:
    """After each edit, the scheduler that followed the edits and one built from scratch
    give the same dates, slack, finish and critical path."""
    import random

    from poa_desktop.domain.scheduling import Scheduler

    rng = random.Random(5)
    tasks = {
        f"T{n}": task(f"T{n}", first := rng.randrange(0, 300), first + rng.randrange(0, 60))
        for n in range(120)
    }
    keys = list(tasks)
    links = {
        (keys[a], keys[b]): Link(keys[a], keys[b], rng.choice(list(T)), rng.choice((0, 5, -3)))
        for a, b in ((rng.randrange(0, 119), 0) for _ in range(200))
        for b in [rng.randrange(a + 1, 120)]
    }
    scheduler = Scheduler(tasks.values(), links.values())
    for _ in range(60):
        key = rng.choice(keys)
        first = rng.randrange(0, 400)
        tasks[key] = task(key, first, first + rng.randrange(0, 90))
        scheduler.update(tasks[key])
        expected = schedule(tasks.values(), links.values())
        moved = scheduler.moved()
        got = scheduler.result()
        assert got.tasks == expected.tasks
        assert list(got.tasks) == list(expected.tasks)  # the same order, kept tasks too
        assert (got.finish, got.critical_path) == (expected.finish, expected.critical_path)
        assert moved is None or key in moved  # what moved is named (None: all may have)
        assert scheduler.moved() == frozenset() and scheduler.result() is got  # asked again
