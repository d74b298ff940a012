"""Export a plan as its exchange document (resources/plans/FORMAT.md).

SQLAlchemy Core rows, not ORM object graphs: a plan of thousands of items is read in a
handful of queries.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from poa_desktop.domain.document import Document, parse_document
from poa_desktop.domain.enums import ItemKind
from poa_desktop.domain.errors import NotFoundError
from poa_desktop.domain.records import PlanRef
from poa_desktop.store.database import Database
from poa_desktop.store.models import (
    Baseline,
    BaselineItem,
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
    ProgressNote,
    SourceFinding,
    activity_mandate,
    mou_output,
    mou_party,
    output_means,
)

ITEM_KIND_BY_SECTION = {
    "activities": ItemKind.ACTIVITY,
    "means_of_action": ItemKind.MEANS,
    "key_outputs": ItemKind.OUTPUT,
    "milestones": ItemKind.MILESTONE,
}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _plain_number(value: float | None) -> float | int | None:
    """47.0 is written as 47, so a count reads as a count."""
    if value is not None and float(value).is_integer():
        return int(value)
    return value


def plan_ref(row: Any) -> PlanRef:
    return PlanRef(
        uuid=row.uuid,
        code=row.code,
        title=row.title,
        period_start=row.period_start,
        period_end=row.period_end,
        source_document=row.source_document,
    )


def export_document(database: Database, plan_uuid: str, *, validated: bool = True) -> Document:
    """The plan as a normalised document (every key, documented order).

    ``validated`` runs the document through the importer's own validation, which proves a
    file written from it importable (60% of the cost on a large plan); readers that only
    look at the data (the checks, the review pack) pass False and get the same values."""
    with database.read() as session:
        return _export(session, plan_uuid, validated=validated)


def _export(session: Session, plan_uuid: str, *, validated: bool = True) -> Document:
    plan = session.execute(select(Plan.__table__).where(Plan.uuid == plan_uuid)).first()
    if plan is None:
        raise NotFoundError(f"No plan with id {plan_uuid} in this database.")
    pid = plan.id

    def rows(table: Any, *order: Any, where: Any = None) -> list[Any]:
        query = select(table).where(table.c.plan_id == pid if where is None else where)
        return list(session.execute(query.order_by(*order)))

    components = rows(Component.__table__, Component.sort_order, Component.id)
    component_code = {row.id: row.code for row in components}
    mandates = rows(MandateParagraph.__table__, MandateParagraph.sort_order, MandateParagraph.id)
    mandate_code = {row.id: row.code for row in mandates}
    items = rows(Item.__table__, Item.sort_order, Item.id)
    item_code = {row.id: row.code for row in items}
    item_ids = select(Item.id).where(Item.plan_id == pid)

    def links(
        table: Any, owner: str, target: str, names: dict[int, str], owners: Any
    ) -> dict[int, list[str]]:
        """Codes linked to each owner, in the order they were given."""
        result: dict[int, list[str]] = defaultdict(list)
        query = (
            select(table.c[owner], table.c[target])
            .where(table.c[owner].in_(owners))
            .order_by(table.c[owner], table.c.sort_order, table.c[target])
        )
        for owner_id, target_id in session.execute(query):
            if target_id in names:
                result[owner_id].append(names[target_id])
        return result

    activity_mandates = links(activity_mandate, "activity_id", "mandate_id", mandate_code, item_ids)
    means_of_output = links(output_means, "output_id", "means_id", item_code, item_ids)

    document: Document = {
        "format": "poa-desktop/plan",
        "format_version": 1,
        "plan": {
            "uuid": plan.uuid,
            "code": plan.code,
            "title": plan.title,
            "period_start": _iso(plan.period_start),
            "period_end": _iso(plan.period_end),
            "source_document": plan.source_document,
            "source_title": plan.source_title,
            "source_date": _iso(plan.source_date),
            "description": plan.description,
        },
        "components": [
            {
                "uuid": row.uuid,
                "code": row.code,
                "title": row.title,
                "cross_cutting": row.cross_cutting,
                "description": row.description,
            }
            for row in components
        ],
        "mandates": [{"uuid": row.uuid, "code": row.code, "text": row.text} for row in mandates],
    }
    for section, kind in ITEM_KIND_BY_SECTION.items():
        entries = []
        for row in items:
            if row.kind != kind.value:
                continue
            entry = {
                "uuid": row.uuid,
                "code": row.code,
                "title": row.title,
                "description": row.description,
                "timing_text": row.timing_text,
                "start": _iso(row.planned_start),
                "end": _iso(row.planned_end),
                "status": row.status,
                "percent_complete": row.percent_complete,
                "gender_marker": row.gender_marker,
                "gender_note": row.gender_note,
            }
            if kind is ItemKind.ACTIVITY:
                entry["component"] = component_code[row.component_id]
                entry["mandates"] = activity_mandates.get(row.id, [])
            elif kind is ItemKind.MEANS:
                entry["activity"] = item_code[row.parent_id]
                entry["label"] = row.label
            elif kind is ItemKind.OUTPUT:
                entry["number"] = row.number
                entry["component"] = component_code[row.component_id]
                entry["means"] = means_of_output.get(row.id, [])
                entry["start_year"] = row.planned_start.year if row.planned_start else None
                entry["end_year"] = row.planned_end.year if row.planned_end else None
            entries.append(entry)
        document[section] = entries

    dependency_table = Dependency.__table__
    document["dependencies"] = [
        {
            "uuid": row.uuid,
            "from": item_code[row.predecessor_id],
            "to": item_code[row.successor_id],
            "type": row.type,
            "lag_days": row.lag_days,
            "source_text": row.source_text,
        }
        for row in rows(dependency_table, Dependency.sort_order, Dependency.id)
    ]
    partners = rows(Partner.__table__, Partner.sort_order, Partner.id)
    partner_code = {row.id: row.code for row in partners}
    document["partners"] = [
        {
            "uuid": row.uuid,
            "code": row.code,
            "name": row.name,
            "acronym": row.acronym,
            "kind": row.kind,
            "region": row.region,
            "notes": row.notes,
        }
        for row in partners
    ]
    role_table = PartnerRole.__table__
    document["partner_roles"] = [
        {
            "uuid": row.uuid,
            "partner": partner_code[row.partner_id],
            "item": item_code[row.item_id],
            "role": row.role,
            "note": row.note,
        }
        for row in rows(
            role_table,
            PartnerRole.sort_order,
            PartnerRole.id,
            where=role_table.c.item_id.in_(item_ids),
        )
    ]
    mous = rows(Mou.__table__, Mou.sort_order, Mou.id)
    mou_ids = select(Mou.id).where(Mou.plan_id == pid)
    parties = links(mou_party, "mou_id", "partner_id", partner_code, mou_ids)
    outputs = links(mou_output, "mou_id", "item_id", item_code, mou_ids)
    document["mous"] = [
        {
            "uuid": row.uuid,
            "code": row.code,
            "title": row.title,
            "parties": parties.get(row.id, []),
            "status": row.status,
            "target_date": _iso(row.target_date),
            "signed_date": _iso(row.signed_date),
            "outputs": outputs.get(row.id, []),
            "source_text": row.source_text,
            "notes": row.notes,
        }
        for row in mous
    ]
    indicators = rows(Indicator.__table__, Indicator.sort_order, Indicator.id)
    measurements: dict[int, list[dict[str, Any]]] = defaultdict(list)
    measurement_table = IndicatorMeasurement.__table__
    for row in session.execute(
        select(measurement_table)
        .where(measurement_table.c.indicator_id.in_([row.id for row in indicators]))
        .order_by(IndicatorMeasurement.sort_order, IndicatorMeasurement.id)
    ):
        measurements[row.indicator_id].append(
            {
                "uuid": row.uuid,
                "date": _iso(row.measured_on),
                "value": _plain_number(row.value),
                "note": row.note,
            }
        )
    document["indicators"] = [
        {
            "uuid": row.uuid,
            "code": row.code,
            "title": row.title,
            "unit": row.unit,
            "baseline_value": _plain_number(row.baseline_value),
            "baseline_date": _iso(row.baseline_date),
            "target_value": _plain_number(row.target_value),
            "target_date": _iso(row.target_date),
            "source_text": row.source_text,
            "measurements": measurements.get(row.id, []),
        }
        for row in indicators
    ]
    note_table = ProgressNote.__table__
    document["progress_notes"] = [
        {
            "uuid": row.uuid,
            "item": item_code[row.item_id],
            "noted_on": _iso(row.noted_on),
            "author": row.author,
            "text": row.text,
        }
        for row in rows(
            note_table,
            ProgressNote.sort_order,
            ProgressNote.id,
            where=note_table.c.item_id.in_(item_ids),
        )
    ]
    document["findings"] = [
        {"uuid": row.uuid, "code": row.code, "subject": row.subject, "text": row.text}
        for row in rows(SourceFinding.__table__, SourceFinding.sort_order, SourceFinding.id)
    ]
    baselines = rows(Baseline.__table__, Baseline.sort_order, Baseline.id)
    snapshot: dict[int, list[dict[str, Any]]] = defaultdict(list)
    item_table = BaselineItem.__table__
    for row in session.execute(
        select(item_table)
        .where(item_table.c.baseline_id.in_([row.id for row in baselines]))
        .order_by(BaselineItem.sort_order, BaselineItem.id)
    ):
        snapshot[row.baseline_id].append(
            {
                "uuid": row.uuid,
                "item_uuid": row.item_uuid,
                "code": row.code,
                "kind": row.kind,
                "title": row.title,
                "start": _iso(row.planned_start),
                "end": _iso(row.planned_end),
                "status": row.status,
                "percent_complete": row.percent_complete,
            }
        )
    document["baselines"] = [
        {
            "uuid": row.uuid,
            "name": row.name,
            "taken_on": _iso(row.taken_on),
            "note": row.note,
            "items": snapshot.get(row.id, []),
        }
        for row in baselines
    ]
    # Normalising puts every key in the documented order and proves the export importable.
    return parse_document(document) if validated else document
