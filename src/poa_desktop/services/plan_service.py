"""Reading a plan for the window and the command line.

Every method opens one read session, selects plain columns with SQLAlchemy Core and
returns frozen records: the caller never holds a live ORM object or a session.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from poa_desktop.domain.checks import run_checks
from poa_desktop.domain.document import Document
from poa_desktop.domain.enums import GenderMarker, ItemKind, Status
from poa_desktop.domain.errors import NotFoundError, UserError
from poa_desktop.domain.records import (
    ComponentRow,
    Finding,
    ItemDetail,
    ItemRow,
    LinkedItem,
    MandateRef,
    PartnerLink,
    PlanCounts,
    PlanOutline,
    PlanRef,
    ProgressNoteRow,
)
from poa_desktop.services.plan_export import export_document, plan_ref
from poa_desktop.store.database import Database
from poa_desktop.store.models import (
    Component,
    Dependency,
    Indicator,
    Item,
    MandateParagraph,
    Mou,
    Partner,
    PartnerRole,
    Plan,
    ProgressNote,
    activity_mandate,
    output_means,
)

_ITEM = Item.__table__
_PARENT = _ITEM.alias("parent_item")
_PARENT_COMPONENT = Component.__table__.alias("parent_component")


class PlanService:
    """Queries over the plans in one database."""

    def __init__(self, database: Database) -> None:
        self._database = database

    @property
    def database(self) -> Database:
        """The database this service reads, for the command line to build sibling services."""
        return self._database

    # --- plans ---------------------------------------------------------------------------

    def list_plans(self) -> list[PlanRef]:
        with self._database.read() as session:
            query = select(Plan.__table__).order_by(Plan.period_start, Plan.code)
            return [plan_ref(row) for row in session.execute(query)]

    def find_plan(self, code: str | None = None) -> PlanRef:
        """The plan called ``code``, or the only plan when no code is given."""
        plans = self.list_plans()
        if code is not None:
            for plan in plans:
                if code in (plan.code, plan.uuid):
                    return plan
            known = ", ".join(plan.code for plan in plans) or "none"
            raise NotFoundError(f"No plan {code!r} in this database (plans: {known}).")
        if not plans:
            raise NotFoundError(
                "This database holds no plan; run 'poa-desktop init' or "
                "'poa-desktop import json FILE'."
            )
        if len(plans) > 1:
            raise UserError(
                f"This database holds {len(plans)} plans ({', '.join(p.code for p in plans)}); "
                "choose one with --plan CODE."
            )
        return plans[0]

    def counts(self, plan_uuid: str) -> PlanCounts:
        with self._database.read() as session:
            plan_id = _plan_id(session, plan_uuid)

            def count(model: Any, *where: Any) -> int:
                query = select(func.count()).select_from(model).where(*where)
                return session.execute(query).scalar_one()

            kinds = dict(
                session.execute(
                    select(Item.kind, func.count())
                    .where(Item.plan_id == plan_id)
                    .group_by(Item.kind)
                ).all()
            )
            return PlanCounts(
                components=count(
                    Component, Component.plan_id == plan_id, Component.cross_cutting.is_(False)
                ),
                activities=kinds.get(ItemKind.ACTIVITY.value, 0),
                means_of_action=kinds.get(ItemKind.MEANS.value, 0),
                key_outputs=kinds.get(ItemKind.OUTPUT.value, 0),
                milestones=kinds.get(ItemKind.MILESTONE.value, 0),
                dependencies=count(Dependency, Dependency.plan_id == plan_id),
                partners=count(Partner, Partner.plan_id == plan_id),
                mous=count(Mou, Mou.plan_id == plan_id),
                indicators=count(Indicator, Indicator.plan_id == plan_id),
                mandates=count(MandateParagraph, MandateParagraph.plan_id == plan_id),
                cross_cutting_lines=count(
                    Component, Component.plan_id == plan_id, Component.cross_cutting.is_(True)
                ),
            )

    # --- rows ----------------------------------------------------------------------------

    def outline(self, plan_uuid: str) -> PlanOutline:
        with self._database.read() as session:
            plan_row = _plan_row(session, plan_uuid)
            components = tuple(
                ComponentRow(row.uuid, row.code, row.title, row.cross_cutting)
                for row in session.execute(
                    select(Component.uuid, Component.code, Component.title, Component.cross_cutting)
                    .where(Component.plan_id == plan_row.id)
                    .order_by(Component.sort_order, Component.id)
                )
            )
            numbers = _output_numbers_by_means(session, plan_row.id)
            found = session.execute(
                _item_query()
                .where(_ITEM.c.plan_id == plan_row.id)
                .order_by(_ITEM.c.sort_order, _ITEM.c.id)
            )
            # A few hundred rows at a time: one by one was 30% slower, and all at once
            # kept 15,000 result rows alive long enough to reach the collector's oldest
            # generation, which then scanned everything once a read (90 ms).
            rows = [_item_row(row, numbers) for batch in found.partitions(256) for row in batch]
        by_kind: dict[ItemKind, list[ItemRow]] = defaultdict(list)
        for row in rows:
            by_kind[row.kind].append(row)
        return PlanOutline(
            plan=plan_ref(plan_row),
            components=components,
            activities=tuple(by_kind[ItemKind.ACTIVITY]),
            means_of_action=tuple(by_kind[ItemKind.MEANS]),
            key_outputs=tuple(sorted(by_kind[ItemKind.OUTPUT], key=lambda row: row.number or 0)),
            milestones=tuple(by_kind[ItemKind.MILESTONE]),
        )

    def item_detail(self, item_uuid: str) -> ItemDetail:
        with self._database.read() as session:
            found = session.execute(_item_query().where(_ITEM.c.uuid == item_uuid)).first()
            if found is None:
                raise NotFoundError(f"No item with id {item_uuid}; it may have been deleted.")
            numbers = _output_numbers_by_means(session, found.plan_id, means_id=found.id)
            row = _item_row(found, numbers)
            mandates = tuple(
                MandateRef(code, text)
                for code, text in session.execute(
                    select(MandateParagraph.code, MandateParagraph.text)
                    .join(activity_mandate, activity_mandate.c.mandate_id == MandateParagraph.id)
                    .where(activity_mandate.c.activity_id == found.id)
                    .order_by(activity_mandate.c.sort_order)
                )
            )
            partners = tuple(
                PartnerLink(code, name, role)
                for code, name, role in session.execute(
                    select(Partner.code, Partner.name, PartnerRole.role)
                    .join(PartnerRole, PartnerRole.partner_id == Partner.id)
                    .where(PartnerRole.item_id == found.id)
                    .order_by(PartnerRole.sort_order, PartnerRole.id)
                )
            )
            other = aliased(Item)
            predecessors = tuple(
                LinkedItem(code, title, _relation(kind, lag))
                for code, title, kind, lag in session.execute(
                    _linked(other, Dependency.predecessor_id, Dependency.successor_id == found.id)
                )
            )
            successors = tuple(
                LinkedItem(code, title, _relation(kind, lag))
                for code, title, kind, lag in session.execute(
                    _linked(other, Dependency.successor_id, Dependency.predecessor_id == found.id)
                )
            )
            outputs = tuple(
                LinkedItem(code, title, relation)
                for code, title, relation in _output_links(session, found.id, row.kind)
            )
            notes = tuple(
                ProgressNoteRow(noted_on, author, text, uuid)
                for noted_on, author, text, uuid in session.execute(
                    select(
                        ProgressNote.noted_on,
                        ProgressNote.author,
                        ProgressNote.text,
                        ProgressNote.uuid,
                    )
                    .where(ProgressNote.item_id == found.id)
                    .order_by(ProgressNote.noted_on.desc(), ProgressNote.id.desc())
                )
            )
            return ItemDetail(
                row=row,
                description=found.description,
                gender_note=found.gender_note,
                mandates=mandates,
                partners=partners,
                predecessors=predecessors,
                successors=successors,
                outputs=outputs,
                progress_notes=notes,
            )

    # --- whole-plan questions ------------------------------------------------------------

    def document(self, plan_uuid: str, *, validated: bool = True) -> Document:
        """The whole plan as its exchange document (what ``export json`` writes); see
        ``export_document`` for ``validated``."""
        return export_document(self._database, plan_uuid, validated=validated)

    def findings(self, plan_uuid: str, *, today: date | None = None) -> list[Finding]:
        """The data-quality findings of ``check``."""
        return run_checks(self.document(plan_uuid, validated=False), today=today)


def _plan_row(session: Session, plan_uuid: str) -> Any:
    row = session.execute(select(Plan.__table__).where(Plan.uuid == plan_uuid)).first()
    if row is None:
        raise NotFoundError(f"No plan with id {plan_uuid} in this database.")
    return row


def _plan_id(session: Session, plan_uuid: str) -> int:
    return _plan_row(session, plan_uuid).id


#: The item columns the rows need: not the timestamps, whose parsing dominated the read.
_ITEM_COLUMNS = (
    "id", "plan_id", "uuid", "kind", "code", "title", "description", "gender_note", "label",
    "number", "planned_start", "planned_end", "timing_text", "status", "percent_complete",
    "gender_marker",
)  # fmt: skip
_KINDS = {kind.value: kind for kind in ItemKind}
_STATUSES = {status.value: status for status in Status}
_MARKERS = {marker.value: marker for marker in GenderMarker}


def _item_query() -> Select[Any]:
    component = Component.__table__
    return (
        select(
            *(_ITEM.c[name] for name in _ITEM_COLUMNS),
            component.c.code.label("component_code"),
            _PARENT.c.code.label("parent_code"),
            _PARENT_COMPONENT.c.code.label("parent_component_code"),
        )
        .outerjoin(component, component.c.id == _ITEM.c.component_id)
        .outerjoin(_PARENT, _PARENT.c.id == _ITEM.c.parent_id)
        .outerjoin(_PARENT_COMPONENT, _PARENT_COMPONENT.c.id == _PARENT.c.component_id)
    )


def _item_row(row: Any, numbers: dict[int, tuple[int, ...]]) -> ItemRow:
    """An ItemRow from a row of ``_item_query`` (unpacked by position: attribute lookups
    on 15,000 rows cost four times as much)."""
    (
        row_id, _plan_id, uuid, kind, code, title, _description, _gender_note, label,
        number, start, end, timing_text, status, percent, marker,
        component_code, parent_code, parent_component_code,
    ) = row  # fmt: skip
    return ItemRow(
        uuid,
        _KINDS[kind],
        code,
        title,
        component_code or parent_component_code,
        parent_code,
        label,
        number,
        start,
        end,
        timing_text,
        _STATUSES[status],
        percent,
        _MARKERS[marker],
        numbers.get(row_id, ()),
    )


def _output_numbers_by_means(
    session: Session, plan_id: int, *, means_id: int | None = None
) -> dict[int, tuple[int, ...]]:
    """For each means of action, the numbers of the key outputs it delivers."""
    query = (
        select(output_means.c.means_id, Item.number)
        .join(Item, Item.id == output_means.c.output_id)
        .where(Item.plan_id == plan_id)
        .order_by(output_means.c.means_id, Item.number)
    )
    if means_id is not None:
        query = query.where(output_means.c.means_id == means_id)
    result: dict[int, list[int]] = defaultdict(list)
    for means, number in session.execute(query):
        result[means].append(number)
    return {means: tuple(numbers) for means, numbers in result.items()}


def _linked(other: Any, other_key: Any, condition: Any) -> Select[Any]:
    return (
        select(other.code, other.title, Dependency.type, Dependency.lag_days)
        .join(Dependency, other_key == other.id)
        .where(condition)
        .order_by(Dependency.sort_order, Dependency.id)
    )


def _relation(kind: str, lag: int) -> str:
    return f"{kind} {lag:+d} d" if lag else kind


def _output_links(session: Session, item_id: int, kind: ItemKind) -> list[tuple[str, str, str]]:
    if kind is ItemKind.MEANS:
        query = (
            select(Item.code, Item.title)
            .join(output_means, output_means.c.output_id == Item.id)
            .where(output_means.c.means_id == item_id)
            .order_by(Item.number)
        )
        return [(code, title, "delivers") for code, title in session.execute(query)]
    if kind is ItemKind.OUTPUT:
        query = (
            select(Item.code, Item.title)
            .join(output_means, output_means.c.means_id == Item.id)
            .where(output_means.c.output_id == item_id)
            .order_by(output_means.c.sort_order)
        )
        return [(code, title, "delivered by") for code, title in session.execute(query)]
    return []
