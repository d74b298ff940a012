"""Scheduling: early and late dates, total slack and the critical path.

A plan of action is planned in dates, so each item keeps its planned duration and may not
start before its planned start ("start no earlier than"); dependencies push it later. The
forward pass gives the early dates; the backward pass, from the plan's computed finish,
gives the late dates; total slack is the difference. Days are whole and inclusive: an item
from 1 to 31 January lasts 31 days, and "finish-to-start" means the successor starts the
day after its predecessor finishes (plus the lag). The same reading of the four types is
used by the data-quality check of violated dependencies.

The graph work uses networkx (imported when first needed): one topological order, then
two linear passes, so a plan of 5,000 items and 10,000 dependencies schedules in
milliseconds. A cycle is refused with the cycle named.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from poa_desktop.domain.checks import find_cycles
from poa_desktop.domain.enums import DependencyType
from poa_desktop.domain.errors import ValidationError


class CycleError(ValidationError):
    """The dependencies form a cycle, so there is no schedule."""

    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = tuple(cycle)
        path = " → ".join([*cycle, cycle[0]])
        super().__init__(f"The dependencies form a cycle: {path}; there is no schedule.")


@dataclass(frozen=True, slots=True)
class Task:
    key: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Link:
    before: str
    after: str
    type: DependencyType = DependencyType.FS
    lag_days: int = 0


@dataclass(frozen=True, slots=True)
class ScheduledTask:
    key: str
    duration_days: int
    early_start: date
    early_finish: date
    late_start: date
    late_finish: date
    total_slack_days: int

    @property
    def critical(self) -> bool:
        return self.total_slack_days <= 0


@dataclass(frozen=True, slots=True)
class Schedule:
    tasks: dict[str, ScheduledTask]
    critical_path: tuple[str, ...]
    finish: date | None


def _earliest_start(link: Link, start: int, finish: int, duration: int) -> int:
    """The earliest start a link allows its successor, from its predecessor's dates."""
    match link.type:
        case DependencyType.FS:
            return finish + 1 + link.lag_days
        case DependencyType.SS:
            return start + link.lag_days
        case DependencyType.FF:
            return finish + link.lag_days - duration + 1
        case DependencyType.SF:
            return start + link.lag_days - duration + 1
    raise ValueError(link.type)


def _latest_finish(link: Link, start: int, finish: int, duration: int) -> int:
    """The latest finish a link allows its predecessor, from its successor's late dates."""
    match link.type:
        case DependencyType.FS:
            return start - 1 - link.lag_days
        case DependencyType.SS:
            return start - link.lag_days + duration - 1
        case DependencyType.FF:
            return finish - link.lag_days
        case DependencyType.SF:
            return finish - link.lag_days + duration - 1
    raise ValueError(link.type)


def schedule(
    tasks: Iterable[Task], links: Iterable[Link], *, finish: date | None = None
) -> Schedule:
    """Early/late dates and slack of every task; links to unknown tasks are ignored.

    ``finish`` is when the plan must be done; by default the latest early finish (so the
    longest chain has zero slack).
    """
    tasks = {task.key: task for task in tasks}
    links = [link for link in links if link.before in tasks and link.after in tasks]
    incoming: dict[str, list[Link]] = defaultdict(list)
    outgoing: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        incoming[link.after].append(link)
        outgoing[link.before].append(link)
    order = _topological_order(tasks, incoming, outgoing)
    duration = {key: (task.end - task.start).days + 1 for key, task in tasks.items()}

    early_start: dict[str, int] = {}
    early_finish: dict[str, int] = {}
    for key in order:
        start = tasks[key].start.toordinal()
        length = duration[key]
        for link in incoming[key]:
            bound = _earliest_start(
                link, early_start[link.before], early_finish[link.before], length
            )
            if bound > start:
                start = bound
        early_start[key] = start
        early_finish[key] = start + length - 1

    if not order:
        return Schedule({}, (), finish)
    horizon = finish.toordinal() if finish else max(early_finish.values())
    horizon = max(horizon, max(early_finish.values()))
    late_start: dict[str, int] = {}
    late_finish: dict[str, int] = {}
    for key in reversed(order):
        latest = horizon
        for link in outgoing[key]:
            bound = _latest_finish(
                link, late_start[link.after], late_finish[link.after], duration[key]
            )
            latest = min(latest, bound)
        late_finish[key] = latest
        late_start[key] = latest - duration[key] + 1

    scheduled = {
        key: ScheduledTask(
            key=key,
            duration_days=duration[key],
            early_start=date.fromordinal(early_start[key]),
            early_finish=date.fromordinal(early_finish[key]),
            late_start=date.fromordinal(late_start[key]),
            late_finish=date.fromordinal(late_finish[key]),
            total_slack_days=late_start[key] - early_start[key],
        )
        for key in order
    }
    path = _critical_path(order, scheduled, incoming, early_start, early_finish, duration)
    return Schedule(scheduled, path, date.fromordinal(horizon))


def _topological_order(
    tasks: dict[str, Task], incoming: dict[str, list[Link]], outgoing: dict[str, list[Link]]
) -> list[str]:
    """Kahn's algorithm, in the tasks' own order where there is a choice; a cycle is
    named (networkx finds it, only once we know there is one)."""
    waiting = {key: len(incoming[key]) for key in tasks}
    ready = [key for key in tasks if waiting[key] == 0]
    order: list[str] = []
    while ready:
        key = ready.pop()
        order.append(key)
        for link in outgoing[key]:
            waiting[link.after] -= 1
            if waiting[link.after] == 0:
                ready.append(link.after)
    if len(order) < len(tasks):
        edges = [(link.before, link.after) for links in outgoing.values() for link in links]
        raise CycleError(find_cycles(edges)[0])
    return order


def _critical_path(
    order: list[str],
    scheduled: dict[str, ScheduledTask],
    incoming: dict[str, list[Link]],
    early_start: dict[str, int],
    early_finish: dict[str, int],
    duration: dict[str, int],
) -> tuple[str, ...]:
    """The longest chain of critical tasks joined by driving links (links that set the
    successor's early start), ordered from first to last."""
    length: dict[str, int] = {}
    previous: dict[str, str | None] = {}
    for key in order:
        if not scheduled[key].critical:
            continue
        best, via = duration[key], None
        for link in incoming[key]:
            before = link.before
            if before not in length:
                continue
            bound = _earliest_start(link, early_start[before], early_finish[before], duration[key])
            if bound == early_start[key] and length[before] + duration[key] > best:
                best, via = length[before] + duration[key], before
        length[key], previous[key] = best, via
    if not length:
        return ()
    end = max(length, key=lambda key: (length[key], early_finish[key]))
    path = [end]
    while previous[path[-1]] is not None:
        path.append(previous[path[-1]])  # type: ignore[arg-type]
    return tuple(reversed(path))
