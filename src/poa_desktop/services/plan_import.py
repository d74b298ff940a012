"""Import a plan document as a new plan, all or nothing.

One unit of work with SQLAlchemy Core bulk inserts: a failure anywhere (a broken
reference, a reused id, a constraint) rolls back everything, and the database is as it was.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from poa_desktop.domain.document import Document, parse_document
from poa_desktop.domain.enums import ItemKind
from poa_desktop.domain.errors import ValidationError
from poa_desktop.domain.records import PlanRef
from poa_desktop.services.plan_export import ITEM_KIND_BY_SECTION, plan_ref
from poa_desktop.store.database import Database
from poa_desktop.store.faults import readable_fault
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


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None


def import_document(database: Database, data: Any, *, replace: bool = False) -> PlanRef:
    """Store a plan document as a new plan, in one transaction.

    A plan with the same code is refused unless ``replace`` is true, in which case it is
    deleted in the same transaction (so a failed import still leaves it in place).
    """
    document = parse_document(data)
    code = document["plan"]["code"]
    try:
        with database.unit_of_work() as session:
            existing = session.execute(select(Plan.id).where(Plan.code == code)).scalar()
            if existing is not None:
                if not replace:
                    raise ValidationError(
                        f"plan.code: this database already holds a plan {code!r}; "
                        "use --replace to replace it."
                    )
                session.execute(delete(Plan.__table__).where(Plan.__table__.c.id == existing))
            insert_document(session, document)
            row = session.execute(select(Plan.__table__).where(Plan.code == code)).one()
            return plan_ref(row)
    except IntegrityError as error:
        raise ValidationError(_integrity_message(error)) from None
    except OperationalError as error:
        raise (readable_fault(error) or error) from None


def _integrity_message(error: IntegrityError) -> str:
    detail = str(error.orig).splitlines()[0] if error.orig is not None else str(error)
    if "uuid" in detail:
        return (
            "The file reuses the ids (uuid) of rows this database already holds; "
            f"nothing was imported ({detail})."
        )
    return f"The database refused the plan; nothing was imported ({detail})."


def insert_document(session: Session, document: Document) -> None:
    """Insert a validated document as a new plan in the caller's transaction."""
    plan = document["plan"]
    plan_id = session.execute(
        insert(Plan.__table__).returning(Plan.__table__.c.id),
        [
            {
                "uuid": plan["uuid"],
                "code": plan["code"],
                "title": plan["title"],
                "period_start": _day(plan["period_start"]),
                "period_end": _day(plan["period_end"]),
                "source_document": plan["source_document"],
                "source_title": plan["source_title"],
                "source_date": _day(plan["source_date"]),
                "description": plan["description"],
            }
        ],
    ).scalar_one()

    def bulk(table: Any, entries: list[dict[str, Any]], key: str = "code") -> dict[str, int]:
        """Insert rows; return the plan's ids of that table by ``key`` (read back, since
        RETURNING from a multi-row insert does not promise the order of the rows)."""
        if not entries:
            return {}
        session.execute(insert(table), entries)
        if key not in table.c or "plan_id" not in table.c:
            return {}
        query = select(table.c[key], table.c.id).where(table.c.plan_id == plan_id)
        return {row[0]: row[1] for row in session.execute(query)}

    def ordered(entries: list[dict[str, Any]], **fixed: Any) -> list[dict[str, Any]]:
        return [dict(entry, sort_order=index, **fixed) for index, entry in enumerate(entries)]

    components = bulk(
        Component.__table__,
        ordered(
            [
                {
                    key: entry[key]
                    for key in ("uuid", "code", "title", "cross_cutting", "description")
                }
                for entry in document["components"]
            ],
            plan_id=plan_id,
        ),
    )
    mandates = bulk(
        MandateParagraph.__table__,
        ordered(
            [
                {key: entry[key] for key in ("uuid", "code", "text")}
                for entry in document["mandates"]
            ],
            plan_id=plan_id,
        ),
    )

    item_rows: list[dict[str, Any]] = []
    for section, kind in ITEM_KIND_BY_SECTION.items():
        for entry in document[section]:
            item_rows.append(
                {
                    "uuid": entry["uuid"],
                    "plan_id": plan_id,
                    "kind": kind.value,
                    "code": entry["code"],
                    "title": entry["title"],
                    "description": entry["description"],
                    "timing_text": entry["timing_text"],
                    "planned_start": _day(entry["start"]),
                    "planned_end": _day(entry["end"]),
                    "status": entry["status"],
                    "percent_complete": entry["percent_complete"],
                    "gender_marker": entry["gender_marker"],
                    "gender_note": entry["gender_note"],
                    "component_id": components.get(entry.get("component", "")),
                    "parent_id": None,
                    "label": entry.get("label", ""),
                    "number": entry.get("number"),
                    "sort_order": len(item_rows),
                }
            )
    # Activities first, so that means of action can name their parent's id.
    activity_rows = [row for row in item_rows if row["kind"] == ItemKind.ACTIVITY.value]
    items = bulk(Item.__table__, activity_rows)
    parent_of = {entry["code"]: entry["activity"] for entry in document["means_of_action"]}
    other_rows = [row for row in item_rows if row["kind"] != ItemKind.ACTIVITY.value]
    for row in other_rows:
        if row["code"] in parent_of:
            row["parent_id"] = items[parent_of[row["code"]]]
    items.update(bulk(Item.__table__, other_rows))

    def link_rows(owner: str, target: str, pairs: list[tuple[int, list[int]]]) -> list[dict]:
        return [
            {owner: owner_id, target: target_id, "sort_order": index}
            for owner_id, targets in pairs
            for index, target_id in enumerate(targets)
        ]

    bulk(
        activity_mandate,
        link_rows(
            "activity_id",
            "mandate_id",
            [
                (items[entry["code"]], [mandates[code] for code in entry["mandates"]])
                for entry in document["activities"]
            ],
        ),
    )
    bulk(
        output_means,
        link_rows(
            "output_id",
            "means_id",
            [
                (items[entry["code"]], [items[code] for code in entry["means"]])
                for entry in document["key_outputs"]
            ],
        ),
    )
    bulk(
        Dependency.__table__,
        ordered(
            [
                {
                    "uuid": entry["uuid"],
                    "predecessor_id": items[entry["from"]],
                    "successor_id": items[entry["to"]],
                    "type": entry["type"],
                    "lag_days": entry["lag_days"],
                    "source_text": entry["source_text"],
                }
                for entry in document["dependencies"]
            ],
            plan_id=plan_id,
        ),
    )
    partners = bulk(
        Partner.__table__,
        ordered(
            [
                {
                    key: entry[key]
                    for key in ("uuid", "code", "name", "acronym", "kind", "region", "notes")
                }
                for entry in document["partners"]
            ],
            plan_id=plan_id,
        ),
    )
    bulk(
        PartnerRole.__table__,
        ordered(
            [
                {
                    "uuid": entry["uuid"],
                    "partner_id": partners[entry["partner"]],
                    "item_id": items[entry["item"]],
                    "role": entry["role"],
                    "note": entry["note"],
                }
                for entry in document["partner_roles"]
            ]
        ),
    )
    mous = bulk(
        Mou.__table__,
        ordered(
            [
                {
                    "uuid": entry["uuid"],
                    "code": entry["code"],
                    "title": entry["title"],
                    "status": entry["status"],
                    "target_date": _day(entry["target_date"]),
                    "signed_date": _day(entry["signed_date"]),
                    "source_text": entry["source_text"],
                    "notes": entry["notes"],
                }
                for entry in document["mous"]
            ],
            plan_id=plan_id,
        ),
    )
    bulk(
        mou_party,
        link_rows(
            "mou_id",
            "partner_id",
            [
                (mous[entry["code"]], [partners[code] for code in entry["parties"]])
                for entry in document["mous"]
            ],
        ),
    )
    bulk(
        mou_output,
        link_rows(
            "mou_id",
            "item_id",
            [
                (mous[entry["code"]], [items[code] for code in entry["outputs"]])
                for entry in document["mous"]
            ],
        ),
    )
    indicators = bulk(
        Indicator.__table__,
        ordered(
            [
                {
                    "uuid": entry["uuid"],
                    "code": entry["code"],
                    "title": entry["title"],
                    "unit": entry["unit"],
                    "baseline_value": entry["baseline_value"],
                    "baseline_date": _day(entry["baseline_date"]),
                    "target_value": entry["target_value"],
                    "target_date": _day(entry["target_date"]),
                    "source_text": entry["source_text"],
                }
                for entry in document["indicators"]
            ],
            plan_id=plan_id,
        ),
    )
    bulk(
        IndicatorMeasurement.__table__,
        [
            {
                "uuid": measurement["uuid"],
                "indicator_id": indicators[entry["code"]],
                "measured_on": _day(measurement["date"]),
                "value": measurement["value"],
                "note": measurement["note"],
                "sort_order": index,
            }
            for entry in document["indicators"]
            for index, measurement in enumerate(entry["measurements"])
        ],
    )
    bulk(
        ProgressNote.__table__,
        ordered(
            [
                {
                    "uuid": entry["uuid"],
                    "item_id": items[entry["item"]],
                    "noted_on": _day(entry["noted_on"]),
                    "author": entry["author"],
                    "text": entry["text"],
                }
                for entry in document["progress_notes"]
            ]
        ),
    )
    bulk(
        SourceFinding.__table__,
        ordered(
            [
                {key: entry[key] for key in ("uuid", "code", "subject", "text")}
                for entry in document["findings"]
            ],
            plan_id=plan_id,
        ),
    )
    baselines = bulk(
        Baseline.__table__,
        ordered(
            [
                {
                    "uuid": entry["uuid"],
                    "name": entry["name"],
                    "taken_on": _day(entry["taken_on"]),
                    "note": entry["note"],
                }
                for entry in document["baselines"]
            ],
            plan_id=plan_id,
        ),
        key="name",
    )
    bulk(
        BaselineItem.__table__,
        [
            {
                "uuid": item["uuid"],
                "baseline_id": baselines[entry["name"]],
                "item_uuid": item["item_uuid"],
                "kind": item["kind"],
                "code": item["code"],
                "title": item["title"],
                "planned_start": _day(item["start"]),
                "planned_end": _day(item["end"]),
                "status": item["status"],
                "percent_complete": item["percent_complete"],
                "sort_order": index,
            }
            for entry in document["baselines"]
            for index, item in enumerate(entry["items"])
        ],
    )
