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
    return Scheduler(tasks, links, finish=finish).result()


class Scheduler:
    """A schedule that follows edits: after ``update`` of one task only the tasks it can
    move are recomputed (its successors forward, its predecessors backward), so a plan of
    thousands of items reschedules in milliseconds after a drag."""

    def __init__(
        self, tasks: Iterable[Task], links: Iterable[Link], *, finish: date | None = None
    ) -> None:
        self.tasks = {task.key: task for task in tasks}
        self.links = [
            link for link in links if link.before in self.tasks and link.after in self.tasks
        ]
        self.required_finish = finish.toordinal() if finish else None
        self.incoming: dict[str, list[Link]] = defaultdict(list)
        self.outgoing: dict[str, list[Link]] = defaultdict(list)
        for link in self.links:
            self.incoming[link.after].append(link)
            self.outgoing[link.before].append(link)
        self.order = _topological_order(self.tasks, self.incoming, self.outgoing)
        self.position = {key: index for index, key in enumerate(self.order)}
        self.duration = {key: (t.end - t.start).days + 1 for key, t in self.tasks.items()}
        self.early_start: dict[str, int] = {}
        self.early_finish: dict[str, int] = {}
        self.late_start: dict[str, int] = {}
        self.late_finish: dict[str, int] = {}
        self._scheduled: dict[str, ScheduledTask] = {}
        #: The last ``result`` and the tasks moved since (None: any may have moved).
        self._last: Schedule | None = None
        self._moved: set[str] | None = None
        for key in self.order:
            self._forward(key)
        self.horizon = self._horizon()
        for key in reversed(self.order):
            self._backward(key)

    def _forward(self, key: str) -> bool:
        """Recompute one task's early dates from its predecessors; True if they moved."""
        start = self.tasks[key].start.toordinal()
        length = self.duration[key]
        early_start, early_finish = self.early_start, self.early_finish
        for link in self.incoming[key]:
            bound = _earliest_start(
                link, early_start[link.before], early_finish[link.before], length
            )
            if bound > start:
                start = bound
        if early_start.get(key) == start and early_finish.get(key) == start + length - 1:
            return False
        early_start[key], early_finish[key] = start, start + length - 1
        return True

    def _backward(self, key: str) -> bool:
        """Recompute one task's late dates from its successors; True if they moved."""
        latest = self.horizon
        length = self.duration[key]
        for link in self.outgoing[key]:
            bound = _latest_finish(
                link, self.late_start[link.after], self.late_finish[link.after], length
            )
            if bound < latest:
                latest = bound
        if self.late_finish.get(key) == latest and self.late_start.get(key) == latest - length + 1:
            return False
        self.late_finish[key], self.late_start[key] = latest, latest - length + 1
        return True

    def _horizon(self) -> int:
        latest = max(self.early_finish.values(), default=0)
        return max(latest, self.required_finish) if self.required_finish else latest

    def update(self, task: Task) -> None:
        """A task's planned dates changed: move what depends on it, and only that."""
        import heapq

        key = task.key
        self.tasks[key] = task
        self.duration[key] = (task.end - task.start).days + 1
        self._moved_now(key)
        waiting = [(self.position[key], key)]
        queued = {key}
        while waiting:  # forward, in topological order, as far as dates move
            _, current = heapq.heappop(waiting)
            if self._forward(current) or current == key:
                self._moved_now(current)
                for link in self.outgoing[current]:
                    if link.after not in queued:
                        queued.add(link.after)
                        heapq.heappush(waiting, (self.position[link.after], link.after))
        horizon = self._horizon()
        if horizon != self.horizon:  # the finish moved: every late date moves with it
            self.horizon = horizon
            self._scheduled.clear()
            self._moved = None
            for current in reversed(self.order):
                self._backward(current)
            return
        waiting = [(-self.position[key], key)]
        queued = {key}
        while waiting:  # backward, in reverse order, as far as late dates move
            _, current = heapq.heappop(waiting)
            if self._backward(current) or current == key:
                self._moved_now(current)
                for link in self.incoming[current]:
                    if link.before not in queued:
                        queued.add(link.before)
                        heapq.heappush(waiting, (-self.position[link.before], link.before))

    def _moved_now(self, key: str) -> None:
        self._scheduled.pop(key, None)
        if self._moved is not None:
            self._moved.add(key)

    def moved(self) -> frozenset[str] | None:
        """The tasks whose dates or slack may have changed since the last ``result``; None
        when any may have (none asked yet, or the plan's finish moved)."""
        return None if self._moved is None or self._last is None else frozenset(self._moved)

    def scheduled(self, key: str) -> ScheduledTask:
        found = self._scheduled.get(key)
        if found is None:
            found = self._scheduled[key] = ScheduledTask(
                key=key,
                duration_days=self.duration[key],
                early_start=date.fromordinal(self.early_start[key]),
                early_finish=date.fromordinal(self.early_finish[key]),
                late_start=date.fromordinal(self.late_start[key]),
                late_finish=date.fromordinal(self.late_finish[key]),
                total_slack_days=self.late_start[key] - self.early_start[key],
            )
        return found

    def result(self) -> Schedule:
        """The schedule. After ``update``s, only the tasks they moved are made again (a
        large plan has 15,000; an edit moves a handful): the last result's other tasks are
        kept, in the same order."""
        if not self.order:
            finish = date.fromordinal(self.required_finish) if self.required_finish else None
            return Schedule({}, (), finish)
        last, moved = self._last, self._moved
        if last is not None and moved is not None:
            if not moved:
                return last
            scheduled = dict(last.tasks)
            for key in moved:
                scheduled[key] = self.scheduled(key)
        else:
            scheduled = {key: self.scheduled(key) for key in self.order}
        path = _critical_path(
            self.order, scheduled, self.incoming, self.early_start, self.early_finish,
            self.duration,
        )  # fmt: skip
        self._last, self._moved = Schedule(scheduled, path, date.fromordinal(self.horizon)), set()
        return self._last


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
