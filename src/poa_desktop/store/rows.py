"""Rows by UUID: read, insert, update and delete any entity or link as plain values.

This is the persistence half of ``domain.changes``: it translates the document's field
names to columns and references between UUIDs and database ids, so that a change captured
before a delete can insert the same rows again, with the same UUIDs, after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from poa_desktop.domain.changes import LinkImage, RowImage, Value
from poa_desktop.domain.errors import NotFoundError
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
    utcnow,
)


@dataclass(frozen=True, slots=True)
class EntitySpec:
    """How an entity's document fields map to its table."""

    table: Table
    fields: Mapping[str, str]  # field name -> column
    refs: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # name -> (column, entity)
    noun: str = ""

    def column(self, name: str) -> str:
        if name in self.fields:
            return self.fields[name]
        if name in self.refs:
            return self.refs[name][0]
        raise KeyError(f"{self.table.name} has no field {name!r}")


def _fields(*names: str, **renamed: str) -> dict[str, str]:
    return {name: name for name in names} | renamed | {"position": "sort_order"}


ENTITIES: dict[str, EntitySpec] = {
    "plan": EntitySpec(
        Plan.__table__,
        {
            "code": "code",
            "title": "title",
            "period_start": "period_start",
            "period_end": "period_end",
            "source_document": "source_document",
            "source_title": "source_title",
            "source_date": "source_date",
            "description": "description",
        },
        noun="plan",
    ),
    "component": EntitySpec(
        Component.__table__,
        _fields("code", "title", "cross_cutting", "description"),
        {"plan": ("plan_id", "plan")},
        "component",
    ),
    "mandate": EntitySpec(
        MandateParagraph.__table__,
        _fields("code", "text"),
        {"plan": ("plan_id", "plan")},
        "mandate paragraph",
    ),
    "item": EntitySpec(
        Item.__table__,
        _fields(
            "kind",
            "code",
            "title",
            "description",
            "timing_text",
            "status",
            "percent_complete",
            "gender_marker",
            "gender_note",
            "label",
            "number",
            start="planned_start",
            end="planned_end",
        ),
        {
            "plan": ("plan_id", "plan"),
            "component": ("component_id", "component"),
            "activity": ("parent_id", "item"),
        },
        "item",
    ),
    "dependency": EntitySpec(
        Dependency.__table__,
        _fields("type", "lag_days", "source_text"),
        {
            "plan": ("plan_id", "plan"),
            "from": ("predecessor_id", "item"),
            "to": ("successor_id", "item"),
        },
        "dependency",
    ),
    "partner": EntitySpec(
        Partner.__table__,
        _fields("code", "name", "acronym", "kind", "region", "notes"),
        {"plan": ("plan_id", "plan")},
        "partner",
    ),
    "partner_role": EntitySpec(
        PartnerRole.__table__,
        _fields("role", "note"),
        {"partner": ("partner_id", "partner"), "item": ("item_id", "item")},
        "partner role",
    ),
    "mou": EntitySpec(
        Mou.__table__,
        _fields("code", "title", "status", "target_date", "signed_date", "source_text", "notes"),
        {"plan": ("plan_id", "plan")},
        "MOU",
    ),
    "indicator": EntitySpec(
        Indicator.__table__,
        _fields(
            "code",
            "title",
            "unit",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "source_text",
        ),
        {"plan": ("plan_id", "plan")},
        "indicator",
    ),
    "measurement": EntitySpec(
        IndicatorMeasurement.__table__,
        _fields("value", "note", date="measured_on"),
        {"indicator": ("indicator_id", "indicator")},
        "measurement",
    ),
    "progress_note": EntitySpec(
        ProgressNote.__table__,
        _fields("noted_on", "author", "text"),
        {"item": ("item_id", "item")},
        "progress note",
    ),
    "baseline": EntitySpec(
        Baseline.__table__,
        _fields("name", "taken_on", "note"),
        {"plan": ("plan_id", "plan")},
        "baseline",
    ),
    "baseline_item": EntitySpec(
        BaselineItem.__table__,
        _fields(
            "item_uuid",
            "kind",
            "code",
            "title",
            "status",
            "percent_complete",
            start="planned_start",
            end="planned_end",
        ),
        {"baseline": ("baseline_id", "baseline")},
        "baseline item",
    ),
    "finding": EntitySpec(
        SourceFinding.__table__,
        _fields("code", "subject", "text"),
        {"plan": ("plan_id", "plan")},
        "finding",
    ),
}


@dataclass(frozen=True, slots=True)
class LinkSpec:
    table: Table
    owner_column: str
    owner_entity: str
    target_column: str
    target_entity: str


LINKS: dict[str, LinkSpec] = {
    "activity_mandate": LinkSpec(activity_mandate, "activity_id", "item", "mandate_id", "mandate"),
    "output_means": LinkSpec(output_means, "output_id", "item", "means_id", "item"),
    "mou_party": LinkSpec(mou_party, "mou_id", "mou", "partner_id", "partner"),
    "mou_output": LinkSpec(mou_output, "mou_id", "mou", "item_id", "item"),
}


def spec(entity: str) -> EntitySpec:
    try:
        return ENTITIES[entity]
    except KeyError:
        raise ValueError(f"unknown entity {entity!r}") from None


# --- ids and uuids -------------------------------------------------------------------------


def id_of(session: Session, entity: str, uuid: str | None) -> int | None:
    if uuid is None:
        return None
    table = spec(entity).table
    found = session.execute(select(table.c.id).where(table.c.uuid == uuid)).scalar()
    if found is None:
        raise NotFoundError(f"The {spec(entity).noun} {uuid} no longer exists.")
    return found


def uuids_of(session: Session, entity: str, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {value for value in ids if value is not None}
    if not wanted:
        return {}
    table = spec(entity).table
    query = select(table.c.id, table.c.uuid).where(table.c.id.in_(wanted))
    return dict(session.execute(query).all())


# --- rows ----------------------------------------------------------------------------------


def read_rows(session: Session, entity: str, where: Any) -> list[RowImage]:
    """Images of the rows of ``entity`` matching ``where``, in their display order."""
    entity_spec = spec(entity)
    table = entity_spec.table
    rows = session.execute(select(table).where(where).order_by(table.c.id)).all()
    references = {
        name: uuids_of(session, target, (getattr(row, column) for row in rows))
        for name, (column, target) in entity_spec.refs.items()
    }
    images = []
    for row in rows:
        values: dict[str, Value] = {
            name: getattr(row, column) for name, column in entity_spec.fields.items()
        }
        for name, (column, _) in entity_spec.refs.items():
            values[name] = references[name].get(getattr(row, column))
        images.append(RowImage.of(entity, row.uuid, values))
    return images


def read_fields(session: Session, entity: str, uuid: str, names: Iterable[str]) -> dict[str, Value]:
    """The current values of some fields of one row (references as UUIDs)."""
    entity_spec = spec(entity)
    table = entity_spec.table
    names = list(names)
    row = session.execute(select(table).where(table.c.uuid == uuid)).first()
    if row is None:
        raise NotFoundError(f"The {entity_spec.noun} was deleted meanwhile ({uuid}).")
    values: dict[str, Value] = {}
    for name in names:
        raw = getattr(row, entity_spec.column(name))
        if name in entity_spec.refs:
            raw = uuids_of(session, entity_spec.refs[name][1], [raw]).get(raw)
        values[name] = raw
    return values


def _columns(session: Session, entity: str, values: Mapping[str, Value]) -> dict[str, Any]:
    entity_spec = spec(entity)
    columns: dict[str, Any] = {}
    for name, value in values.items():
        if name in entity_spec.refs:
            column, target = entity_spec.refs[name]
            columns[column] = id_of(session, target, value if value is None else str(value))
        else:
            columns[entity_spec.column(name)] = value
    return columns


def insert_rows(session: Session, images: Sequence[RowImage]) -> None:
    for image in images:
        columns = _columns(session, image.entity, image.values)
        columns["uuid"] = image.uuid
        session.execute(insert(spec(image.entity).table), [columns])


def delete_rows(session: Session, images: Sequence[RowImage]) -> None:
    for image in reversed(images):
        table = spec(image.entity).table
        result = session.execute(delete(table).where(table.c.uuid == image.uuid))
        if result.rowcount != 1:
            raise NotFoundError(f"The {spec(image.entity).noun} was deleted meanwhile.")


def update_fields(session: Session, entity: str, uuid: str, values: Mapping[str, Value]) -> None:
    table = spec(entity).table
    columns = _columns(session, entity, values)
    columns["updated_at"] = utcnow()
    columns["version_id"] = table.c.version_id + 1
    result = session.execute(update(table).where(table.c.uuid == uuid).values(**columns))
    if result.rowcount != 1:
        raise NotFoundError(f"The {spec(entity).noun} was deleted meanwhile ({uuid}).")


# --- links ---------------------------------------------------------------------------------


def read_links(session: Session, link: str, owner_uuid: str) -> tuple[str, ...]:
    link_spec = LINKS[link]
    owner = id_of(session, link_spec.owner_entity, owner_uuid)
    table = link_spec.table
    targets = spec(link_spec.target_entity).table
    query = (
        select(targets.c.uuid)
        .join(table, table.c[link_spec.target_column] == targets.c.id)
        .where(table.c[link_spec.owner_column] == owner)
        .order_by(table.c.sort_order, targets.c.id)
    )
    return tuple(session.execute(query).scalars())


def links_touching(session: Session, entity: str, ids: Sequence[int]) -> list[LinkImage]:
    """Every link row whose owner or target is one of these rows."""
    images: list[LinkImage] = []
    for name, link_spec in LINKS.items():
        table = link_spec.table
        conditions = []
        if link_spec.owner_entity == entity:
            conditions.append(table.c[link_spec.owner_column].in_(ids))
        if link_spec.target_entity == entity:
            conditions.append(table.c[link_spec.target_column].in_(ids))
        for condition in conditions:
            found = [row._mapping for row in session.execute(select(table).where(condition))]
            owner_ids = [row[link_spec.owner_column] for row in found]
            target_ids = [row[link_spec.target_column] for row in found]
            owners = uuids_of(session, link_spec.owner_entity, owner_ids)
            targets = uuids_of(session, link_spec.target_entity, target_ids)
            for row in found:
                image = LinkImage(
                    name,
                    owners[row[link_spec.owner_column]],
                    targets[row[link_spec.target_column]],
                    row["sort_order"],
                )
                if image not in images:
                    images.append(image)
    return images


def insert_links(session: Session, images: Sequence[LinkImage]) -> None:
    for image in images:
        link_spec = LINKS[image.link]
        session.execute(
            insert(link_spec.table),
            [
                {
                    link_spec.owner_column: id_of(session, link_spec.owner_entity, image.owner),
                    link_spec.target_column: id_of(session, link_spec.target_entity, image.target),
                    "sort_order": image.position,
                }
            ],
        )


def delete_links(session: Session, images: Sequence[LinkImage]) -> None:
    for image in images:
        link_spec = LINKS[image.link]
        table = link_spec.table
        owner = id_of(session, link_spec.owner_entity, image.owner)
        target = id_of(session, link_spec.target_entity, image.target)
        session.execute(
            delete(table).where(
                table.c[link_spec.owner_column] == owner,
                table.c[link_spec.target_column] == target,
            )
        )


def replace_links(session: Session, link: str, owner_uuid: str, targets: Sequence[str]) -> None:
    link_spec = LINKS[link]
    owner = id_of(session, link_spec.owner_entity, owner_uuid)
    table = link_spec.table
    session.execute(delete(table).where(table.c[link_spec.owner_column] == owner))
    if targets:
        session.execute(
            insert(table),
            [
                {
                    link_spec.owner_column: owner,
                    link_spec.target_column: id_of(session, link_spec.target_entity, target),
                    "sort_order": position,
                }
                for position, target in enumerate(targets)
            ],
        )
