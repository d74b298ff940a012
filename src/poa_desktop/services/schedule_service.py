"""The plan's schedule: its items and dependencies through the domain's scheduler.

The service keeps, per plan, the scheduler of its last answer. Asked again, it checks with
two cheap queries whether items or dependencies changed since; when only some items'
dates did (a drag, an edit in the editor), it feeds just those to the scheduler, which
moves only what depends on them. Anything else (a dependency added, an item added or
deleted) rebuilds the schedule from scratch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from poa_desktop.domain.enums import DependencyType, ItemKind
from poa_desktop.domain.errors import NotFoundError
from poa_desktop.domain.records import PlanSchedule, ScheduleRow
from poa_desktop.domain.scheduling import Link, ScheduledTask, Scheduler, Task
from poa_desktop.store.database import Database
from poa_desktop.store.models import Dependency, Item, Plan

_KINDS = {kind.value: kind for kind in ItemKind}
_ITEM_COLUMNS = (Item.uuid, Item.code, Item.title, Item.kind, Item.planned_start, Item.planned_end)


@dataclass
class _Cached:
    items: tuple[int, datetime | None]  # count and newest update of the plan's items
    dependencies: tuple[int, datetime | None]
    scheduler: Scheduler
    info: dict[str, tuple[Any, ...]]  # uuid -> (uuid, code, title, kind, start, end)
    order: list[str]  # item uuids in plan order
    uuid_of: dict[str, str]  # code -> uuid (a change of code rebuilds)
    result: PlanSchedule | None = None
    #: The last answer's rows, where each dated item's row is, and its undated codes.
    rows: list[ScheduleRow] | None = None
    row_of: dict[str, int] = field(default_factory=dict)
    unscheduled: tuple[str, ...] = ()
    #: Items whose row changed since the last answer (besides what the scheduler moved).
    changed: set[str] = field(default_factory=set)


class ScheduleService:
    def __init__(self, database: Database) -> None:
        self._database = database
        self._cache: dict[str, _Cached] = {}

    def schedule(self, plan_uuid: str) -> PlanSchedule:
        """Early/late dates, slack and the critical path (CycleError if there is none)."""
        with self._database.read() as session:
            plan_id = session.execute(select(Plan.id).where(Plan.uuid == plan_uuid)).scalar()
            if plan_id is None:
                raise NotFoundError(f"No plan with id {plan_uuid} in this database.")
            items = _signature(session, Item, plan_id)
            dependencies = _signature(session, Dependency, plan_id)
            cached = self._cache.get(plan_uuid)
            if cached is None or not self._follow(session, plan_id, cached, items, dependencies):
                cached = self._cache[plan_uuid] = _build(session, plan_id, items, dependencies)
        if cached.result is None:
            cached.result = _result(cached)
        return cached.result

    def _follow(
        self,
        session: Session,
        plan_id: int,
        cached: _Cached,
        items: tuple[int, datetime | None],
        dependencies: tuple[int, datetime | None],
    ) -> bool:
        """Bring the cached schedule up to date by single-item updates; False when only a
        rebuild will do."""
        if dependencies != cached.dependencies or items[0] != cached.items[0]:
            return False
        if items == cached.items:
            return True
        since = cached.items[1]
        changed = session.execute(
            select(*_ITEM_COLUMNS).where(
                Item.plan_id == plan_id, *(() if since is None else (Item.updated_at >= since,))
            )
        ).all()
        for row in changed:
            uuid, code, _, _, start, end = old = cached.info.get(row[0], (None,) * 6)
            new = tuple(row)
            if uuid is None or new[1] != code or (start is None) != (new[4] is None):
                return False  # a new code or a task gaining or losing its dates: rebuild
            if (end is None) != (new[5] is None):
                return False
            cached.info[uuid] = new
            if new[4] is not None and new[5] is not None and (new[4], new[5]) != (start, end):
                cached.scheduler.update(Task(code, new[4], new[5]))
            if new != old:
                cached.changed.add(uuid)
        cached.items = items
        cached.result = None
        return True


def _signature(session: Session, model: Any, plan_id: int) -> tuple[int, datetime | None]:
    count, newest = session.execute(
        select(func.count(), func.max(model.updated_at)).where(model.plan_id == plan_id)
    ).one()
    return count, newest


def _build(
    session: Session,
    plan_id: int,
    items: tuple[int, datetime | None],
    dependencies: tuple[int, datetime | None],
) -> _Cached:
    rows = [
        tuple(row)
        for row in session.execute(
            select(*_ITEM_COLUMNS).where(Item.plan_id == plan_id).order_by(Item.sort_order, Item.id)
        )
    ]
    before, after = aliased(Item), aliased(Item)
    links = [
        Link(first, second, DependencyType(kind), lag)
        for first, second, kind, lag in session.execute(
            select(before.code, after.code, Dependency.type, Dependency.lag_days)
            .join(before, before.id == Dependency.predecessor_id)
            .join(after, after.id == Dependency.successor_id)
            .where(Dependency.plan_id == plan_id)
        )
    ]
    # Rows are unpacked by position: attribute lookups on 15,000 rows cost 4× more.
    dated = [Task(code, start, end) for _, code, _, _, start, end in rows if start and end]
    return _Cached(
        items=items,
        dependencies=dependencies,
        scheduler=Scheduler(dated, links),
        info={row[0]: row for row in rows},
        order=[row[0] for row in rows],
        uuid_of={row[1]: row[0] for row in rows},
    )


def _result(cached: _Cached) -> PlanSchedule:
    """The answer. After an edit only the rows the scheduler moved, and the items whose
    row changed, are made again: walking all 15,000 rows was most of a reschedule."""
    scheduler = cached.scheduler
    moved = scheduler.moved()  # before ``result``, which starts the next count
    schedule = scheduler.result()
    rows = cached.rows
    if rows is None or moved is None:
        rows, row_of, unscheduled = [], {}, []
        for uuid in cached.order:
            _, code, _, _, start, end = cached.info[uuid]
            if start and end:
                row_of[uuid] = len(rows)
                rows.append(_row(cached.info[uuid], schedule.tasks[code]))
            else:
                unscheduled.append(code)
        cached.rows, cached.row_of, cached.unscheduled = rows, row_of, tuple(unscheduled)
    else:
        uuids = set(cached.changed)
        uuids.update(cached.uuid_of[code] for code in moved)
        for uuid in uuids:
            index = cached.row_of.get(uuid)
            if index is not None:  # an undated item has no row (a change of dates rebuilds)
                info = cached.info[uuid]
                rows[index] = _row(info, schedule.tasks[info[1]])
    cached.changed.clear()
    return PlanSchedule(tuple(rows), schedule.critical_path, cached.unscheduled, schedule.finish)


def _row(info: tuple[Any, ...], task: ScheduledTask) -> ScheduleRow:
    uuid, code, title, kind, start, end = info
    return ScheduleRow(
        uuid, code, title, _KINDS[kind], start, end, task.early_start, task.early_finish,
        task.late_start, task.late_finish, task.total_slack_days, task.total_slack_days <= 0,
    )  # fmt: skip
