"""Baselines: list them and compare the plan with one (slippage, what changed since)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from poa_desktop.domain.enums import ItemKind, Status
from poa_desktop.domain.errors import NotFoundError
from poa_desktop.domain.records import BaselineRef, SlipRow
from poa_desktop.store.database import Database
from poa_desktop.store.models import Baseline, BaselineItem, Item, Plan


class BaselineService:
    def __init__(self, database: Database) -> None:
        self._database = database

    def baselines(self, plan_uuid: str) -> tuple[BaselineRef, ...]:
        with self._database.read() as session:
            plan_id = _plan_id(session, plan_uuid)
            counts = dict(
                session.execute(
                    select(BaselineItem.baseline_id, func.count())
                    .join(Baseline, Baseline.id == BaselineItem.baseline_id)
                    .where(Baseline.plan_id == plan_id)
                    .group_by(BaselineItem.baseline_id)
                ).all()
            )
            query = (
                select(Baseline.__table__)
                .where(Baseline.plan_id == plan_id)
                .order_by(Baseline.taken_on, Baseline.sort_order, Baseline.id)
            )
            return tuple(
                BaselineRef(row.uuid, row.name, row.taken_on, row.note, counts.get(row.id, 0))
                for row in session.execute(query)
            )

    def find(self, plan_uuid: str, name: str) -> BaselineRef:
        baselines = self.baselines(plan_uuid)
        for baseline in baselines:
            if name in (baseline.name, baseline.uuid):
                return baseline
        known = ", ".join(repr(baseline.name) for baseline in baselines) or "none"
        raise NotFoundError(f"No baseline {name!r} in this plan (baselines: {known}).")

    def compare(self, plan_uuid: str, baseline_uuid: str) -> tuple[SlipRow, ...]:
        """Every item of the plan and of the baseline, in plan order (removed ones last)."""
        with self._database.read() as session:
            plan_id = _plan_id(session, plan_uuid)
            baseline_id = session.execute(
                select(Baseline.id).where(
                    Baseline.uuid == baseline_uuid, Baseline.plan_id == plan_id
                )
            ).scalar()
            if baseline_id is None:
                raise NotFoundError("That baseline is not in this plan.")
            then = {
                row.item_uuid: row
                for row in session.execute(
                    select(BaselineItem.__table__)
                    .where(BaselineItem.baseline_id == baseline_id)
                    .order_by(BaselineItem.sort_order, BaselineItem.id)
                )
            }
            now = session.execute(
                select(Item.__table__)
                .where(Item.plan_id == plan_id)
                .order_by(Item.sort_order, Item.id)
            ).all()
        rows = [_row(item, then.get(item.uuid)) for item in now]
        current = {item.uuid for item in now}
        rows += [_row(None, old) for uuid, old in then.items() if uuid not in current]
        return tuple(rows)


def _slip(new: date | None, old: date | None) -> int | None:
    return (new - old).days if new is not None and old is not None else None


def _row(item: Any, old: Any) -> SlipRow:
    """Compare one item (None: deleted since) with its baseline image (None: added since)."""
    source = item if item is not None else old
    if item is None:
        change = "removed"
    elif old is None:
        change = "added"
    elif (
        item.planned_start,
        item.planned_end,
        item.status,
        item.percent_complete,
        item.title,
    ) != (old.planned_start, old.planned_end, old.status, old.percent_complete, old.title):
        change = "changed"
    else:
        change = "unchanged"
    return SlipRow(
        item_uuid=item.uuid if item is not None else old.item_uuid,
        code=source.code,
        title=source.title,
        kind=ItemKind(source.kind),
        change=change,
        baseline_start=old.planned_start if old is not None else None,
        baseline_end=old.planned_end if old is not None else None,
        start=item.planned_start if item is not None else None,
        end=item.planned_end if item is not None else None,
        start_slip_days=_slip(item.planned_start, old.planned_start) if item and old else None,
        finish_slip_days=_slip(item.planned_end, old.planned_end) if item and old else None,
        baseline_status=Status(old.status) if old is not None else None,
        status=Status(item.status) if item is not None else None,
        baseline_percent=old.percent_complete if old is not None else None,
        percent=item.percent_complete if item is not None else None,
        baseline_title=old.title if old is not None else None,
    )


def _plan_id(session: Session, plan_uuid: str) -> int:
    plan_id = session.execute(select(Plan.id).where(Plan.uuid == plan_uuid)).scalar()
    if plan_id is None:
        raise NotFoundError(f"No plan with id {plan_uuid} in this database.")
    return plan_id
