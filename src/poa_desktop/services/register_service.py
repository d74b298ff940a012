"""Reading the plan's registers: partners and their roles, MOUs, dependencies, mandate
paragraphs (with gender coverage), indicators.

Like ``PlanService``: one read session per call, Core selects, frozen records out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from poa_desktop.domain.enums import (
    SIGNED_MOU_STATUSES,
    DependencyType,
    GenderMarker,
    ItemKind,
    MouStatus,
    PartnerKind,
    PartnerRoleKind,
)
from poa_desktop.domain.errors import NotFoundError
from poa_desktop.domain.records import (
    DependencyRow,
    GenderCoverageRow,
    IndicatorRow,
    MandateRow,
    MeasurementRow,
    MouRow,
    PartnerRoleRow,
    PartnerRow,
)
from poa_desktop.store.database import Database
from poa_desktop.store.models import (
    Component,
    Dependency,
    Indicator,
    IndicatorMeasurement,
    Item,
    MandateParagraph,
    Mou,
    Partner,
    PartnerRole,
    Plan,
    activity_mandate,
    mou_output,
    mou_party,
)


class RegisterService:
    """Queries for the register views (tables) of one plan."""

    def __init__(self, database: Database, today: Callable[[], date] = date.today) -> None:
        self._database = database
        self._today = today

    def partners(self, plan_uuid: str) -> tuple[PartnerRow, ...]:
        with self._database.read() as session:
            plan_id = _plan_id(session, plan_uuid)
            roles = dict(
                session.execute(
                    select(PartnerRole.partner_id, func.count())
                    .join(Partner, Partner.id == PartnerRole.partner_id)
                    .where(Partner.plan_id == plan_id)
                    .group_by(PartnerRole.partner_id)
                ).all()
            )
            mous = dict(
                session.execute(
                    select(mou_party.c.partner_id, func.count())
                    .join(Partner, Partner.id == mou_party.c.partner_id)
                    .where(Partner.plan_id == plan_id)
                    .group_by(mou_party.c.partner_id)
                ).all()
            )
            query = (
                select(Partner.__table__)
                .where(Partner.plan_id == plan_id)
                .order_by(Partner.sort_order, Partner.id)
            )
            return tuple(
                PartnerRow(
                    uuid=row.uuid,
                    code=row.code,
                    name=row.name,
                    acronym=row.acronym,
                    kind=PartnerKind(row.kind),
                    region=row.region,
                    notes=row.notes,
                    role_count=roles.get(row.id, 0),
                    mou_count=mous.get(row.id, 0),
                )
                for row in session.execute(query)
            )

    def partner_roles(
        self, plan_uuid: str, *, item_uuid: str | None = None
    ) -> tuple[PartnerRoleRow, ...]:
        """The partners' roles on the plan's items; with ``item_uuid``, on that item only
        (what the editor shows for one item, without reading 10,000 roles)."""
        with self._database.read() as session:
            plan_id = _plan_id(session, plan_uuid)
            query = (
                select(
                    PartnerRole.uuid,
                    Partner.uuid.label("partner_uuid"),
                    Partner.code.label("partner_code"),
                    Partner.name.label("partner_name"),
                    Item.uuid.label("item_uuid"),
                    Item.code.label("item_code"),
                    Item.title.label("item_title"),
                    PartnerRole.role,
                    PartnerRole.note,
                )
                .join(Partner, Partner.id == PartnerRole.partner_id)
                .join(Item, Item.id == PartnerRole.item_id)
                .where(Partner.plan_id == plan_id)
                .order_by(PartnerRole.sort_order, PartnerRole.id)
            )
            if item_uuid is not None:
                query = query.where(Item.uuid == item_uuid)
            return tuple(
                PartnerRoleRow(
                    uuid=row.uuid,
                    partner_uuid=row.partner_uuid,
                    partner_code=row.partner_code,
                    partner_name=row.partner_name,
                    item_uuid=row.item_uuid,
                    item_code=row.item_code,
                    item_title=row.item_title,
                    role=PartnerRoleKind(row.role),
                    note=row.note,
                )
                for row in session.execute(query)
            )

    def mous(self, plan_uuid: str) -> tuple[MouRow, ...]:
        today = self._today()
        signed = {status.value for status in SIGNED_MOU_STATUSES}
        with self._database.read() as session:
            plan_id = _plan_id(session, plan_uuid)
            mou_ids = select(Mou.id).where(Mou.plan_id == plan_id)
            parties: dict[int, list[tuple[str, str]]] = defaultdict(list)
            for mou_id, code, name in session.execute(
                select(mou_party.c.mou_id, Partner.code, Partner.name)
                .join(Partner, Partner.id == mou_party.c.partner_id)
                .where(mou_party.c.mou_id.in_(mou_ids))
                .order_by(mou_party.c.mou_id, mou_party.c.sort_order)
            ):
                parties[mou_id].append((code, name))
            outputs: dict[int, list[str]] = defaultdict(list)
            for mou_id, code in session.execute(
                select(mou_output.c.mou_id, Item.code)
                .join(Item, Item.id == mou_output.c.item_id)
                .where(mou_output.c.mou_id.in_(mou_ids))
                .order_by(mou_output.c.mou_id, mou_output.c.sort_order)
            ):
                outputs[mou_id].append(code)
            query = (
                select(Mou.__table__).where(Mou.plan_id == plan_id).order_by(Mou.sort_order, Mou.id)
            )
            return tuple(
                MouRow(
                    uuid=row.uuid,
                    code=row.code,
                    title=row.title,
                    status=MouStatus(row.status),
                    target_date=row.target_date,
                    signed_date=row.signed_date,
                    party_codes=tuple(code for code, _ in parties[row.id]),
                    party_names=tuple(name for _, name in parties[row.id]),
                    output_codes=tuple(outputs[row.id]),
                    source_text=row.source_text,
                    notes=row.notes,
                    overdue=row.status not in signed
                    and row.target_date is not None
                    and row.target_date < today,
                )
                for row in session.execute(query)
            )

    def dependencies(self, plan_uuid: str) -> tuple[DependencyRow, ...]:
        with self._database.read() as session:
            plan_id = _plan_id(session, plan_uuid)
            before, after = aliased(Item), aliased(Item)
            query = (
                select(
                    Dependency.uuid,
                    before.uuid.label("from_uuid"),
                    before.code.label("from_code"),
                    before.title.label("from_title"),
                    after.uuid.label("to_uuid"),
                    after.code.label("to_code"),
                    after.title.label("to_title"),
                    Dependency.type,
                    Dependency.lag_days,
                    Dependency.source_text,
                )
                .join(before, before.id == Dependency.predecessor_id)
                .join(after, after.id == Dependency.successor_id)
                .where(Dependency.plan_id == plan_id)
                .order_by(Dependency.sort_order, Dependency.id)
            )
            return tuple(
                DependencyRow(
                    uuid=row.uuid,
                    from_uuid=row.from_uuid,
                    from_code=row.from_code,
                    from_title=row.from_title,
                    to_uuid=row.to_uuid,
                    to_code=row.to_code,
                    to_title=row.to_title,
                    type=DependencyType(row.type),
                    lag_days=row.lag_days,
                    source_text=row.source_text,
                )
                for row in session.execute(query)
            )

    def mandates(self, plan_uuid: str) -> tuple[MandateRow, ...]:
        with self._database.read() as session:
            plan_id = _plan_id(session, plan_uuid)
            activities: dict[int, list[str]] = defaultdict(list)
            for mandate_id, code in session.execute(
                select(activity_mandate.c.mandate_id, Item.code)
                .join(Item, Item.id == activity_mandate.c.activity_id)
                .where(Item.plan_id == plan_id)
                .order_by(activity_mandate.c.mandate_id, Item.sort_order, Item.id)
            ):
                activities[mandate_id].append(code)
            query = (
                select(MandateParagraph.__table__)
                .where(MandateParagraph.plan_id == plan_id)
                .order_by(MandateParagraph.sort_order, MandateParagraph.id)
            )
            return tuple(
                MandateRow(row.uuid, row.code, row.text, tuple(activities[row.id]))
                for row in session.execute(query)
            )

    def gender_coverage(self, plan_uuid: str) -> tuple[GenderCoverageRow, ...]:
        """Per component (cross-cutting lines included), the activities' gender markers."""
        with self._database.read() as session:
            plan_id = _plan_id(session, plan_uuid)
            components = session.execute(
                select(Component.id, Component.code, Component.title, Component.uuid)
                .where(Component.plan_id == plan_id)
                .order_by(Component.sort_order, Component.id)
            ).all()
            markers: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
            for component_id, code, marker, uuid in session.execute(
                select(Item.component_id, Item.code, Item.gender_marker, Item.uuid)
                .where(Item.plan_id == plan_id, Item.kind == ItemKind.ACTIVITY.value)
                .order_by(Item.sort_order, Item.id)
            ):
                markers[component_id].append((code, marker, uuid))
        rows = []
        for component_id, code, title, component_uuid in components:
            entries = markers[component_id]
            counts = {marker: 0 for marker in GenderMarker}
            for _, marker, _ in entries:
                counts[GenderMarker(marker)] += 1
            unscreened = [
                (item, uuid) for item, marker, uuid in entries
                if marker == GenderMarker.NOT_SCREENED.value
            ]  # fmt: skip
            rows.append(
                GenderCoverageRow(
                    component_code=code,
                    component_title=title,
                    activities=len(entries),
                    by_marker=tuple(counts.items()),
                    unscreened_codes=tuple(item for item, _ in unscreened),
                    component_uuid=component_uuid,
                    unscreened_uuids=tuple(uuid for _, uuid in unscreened),
                )
            )
        return tuple(rows)

    def indicators(self, plan_uuid: str) -> tuple[IndicatorRow, ...]:
        with self._database.read() as session:
            plan_id = _plan_id(session, plan_uuid)
            measured: dict[int, list[MeasurementRow]] = defaultdict(list)
            for row in session.execute(
                select(IndicatorMeasurement.__table__)
                .join(Indicator, Indicator.id == IndicatorMeasurement.indicator_id)
                .where(Indicator.plan_id == plan_id)
                .order_by(IndicatorMeasurement.measured_on, IndicatorMeasurement.sort_order)
            ):
                measured[row.indicator_id].append(
                    MeasurementRow(row.uuid, row.measured_on, row.value, row.note)
                )
            query = (
                select(Indicator.__table__)
                .where(Indicator.plan_id == plan_id)
                .order_by(Indicator.sort_order, Indicator.id)
            )
            return tuple(
                IndicatorRow(
                    uuid=row.uuid,
                    code=row.code,
                    title=row.title,
                    unit=row.unit,
                    baseline_value=row.baseline_value,
                    baseline_date=row.baseline_date,
                    target_value=row.target_value,
                    target_date=row.target_date,
                    source_text=row.source_text,
                    measurements=tuple(measured[row.id]),
                )
                for row in session.execute(query)
            )


def _plan_id(session: Session, plan_uuid: str) -> Any:
    plan_id = session.execute(select(Plan.id).where(Plan.uuid == plan_uuid)).scalar()
    if plan_id is None:
        raise NotFoundError(f"No plan with id {plan_uuid} in this database.")
    return plan_id
