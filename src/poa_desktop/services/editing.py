"""Applying edits: one change, one transaction, its inverse back.

``PlanEditor.apply`` is the only way the window writes to the database. It refuses a stale
edit (the row no longer holds what the user saw), validates every row the change touched
(dates in order, codes unique, no dependency cycle…) before committing, and turns what the
database refuses into a message that names the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from poa_desktop.domain.changes import (
    AddPlan,
    AddRows,
    Batch,
    Change,
    RemovePlan,
    RemoveRows,
    SetFields,
    SetLinks,
    inverse_of,
)
from poa_desktop.domain.checks import find_cycles
from poa_desktop.domain.document import parse_document
from poa_desktop.domain.enums import ItemKind
from poa_desktop.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from poa_desktop.domain.fields import text_field
from poa_desktop.services.plan_import import insert_document
from poa_desktop.store import rows
from poa_desktop.store.database import Database
from poa_desktop.store.faults import readable_fault
from poa_desktop.store.models import Dependency, Item, Plan

#: Entities whose ``code`` must be unique within their plan.
CODED = ("component", "mandate", "item", "partner", "mou", "indicator", "finding")
#: Field of a text that may not be empty, per entity.
REQUIRED_TEXT = {
    "plan": ("code", "title"),
    "component": ("code", "title"),
    "mandate": ("code",),
    "item": ("code", "title"),
    "partner": ("code", "name"),
    "mou": ("code", "title"),
    "indicator": ("code", "title"),
    "progress_note": ("text",),
    "finding": ("code", "text"),
    "baseline": ("name",),
}
FIELD_LABELS = {"code": "code", "title": "title", "name": "name", "text": "text"}


class PlanEditor:
    """Applies changes to the plans in one database."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def apply(self, change: Change) -> Change:
        """Apply ``change`` in one transaction and return the change that undoes it."""
        try:
            with self._database.unit_of_work() as session:
                touched: list[tuple[str, str]] = []
                inverse = self._apply(session, change, touched)
                session.flush()
                self._validate(session, touched)
                return inverse
        except IntegrityError as error:
            raise _readable(error) from None
        except OperationalError as error:
            raise (readable_fault(error) or error) from None

    # --- applying --------------------------------------------------------------------------

    def _apply(self, session: Session, change: Change, touched: list[tuple[str, str]]) -> Change:
        match change:
            case SetFields(_, _, new, _):
                _check_texts(dict(new))
            case AddRows(images, _):
                for image in images:
                    _check_texts(image.values)
        match change:
            case SetFields(entity, uuid, new, old):
                current = rows.read_fields(session, entity, uuid, [name for name, _ in new])
                for name, expected in old:
                    if not _same(current[name], expected):
                        raise ConflictError(
                            name,
                            current[name],
                            expected,
                            f"The {name.replace('_', ' ')} was changed meanwhile (it is now "
                            f"{_show(current[name])}, you saw {_show(expected)}); "
                            "your edit was not saved.",
                        )
                if entity in CODED and "code" in dict(new):
                    table = rows.spec(entity).table
                    plan_id = session.execute(
                        select(table.c.plan_id).where(table.c.uuid == uuid)
                    ).scalar_one()
                    _code_is_free(session, entity, plan_id, str(dict(new)["code"]), uuid)
                rows.update_fields(session, entity, uuid, dict(new))
                touched.append((entity, uuid))
            case AddRows(images, links):
                for image in images:
                    values = image.values
                    if image.entity in CODED and values.get("plan"):
                        plan_id = rows.id_of(session, "plan", str(values["plan"]))
                        _code_is_free(
                            session, image.entity, plan_id, str(values["code"]), image.uuid
                        )
                rows.insert_rows(session, images)
                rows.insert_links(session, links)
                touched.extend((image.entity, image.uuid) for image in images)
            case RemoveRows(images, links):
                rows.delete_links(session, links)
                rows.delete_rows(session, images)
            case SetLinks(link, owner, new, old):
                current = rows.read_links(session, link, owner)
                if current != old:
                    raise ConflictError(
                        link, current, old, "These links were changed meanwhile; not saved."
                    )
                rows.replace_links(session, link, owner, new)
            case AddPlan(document):
                insert_document(session, parse_document(document))
            case RemovePlan(document):
                table = Plan.__table__
                uuid = document["plan"]["uuid"]
                if session.execute(delete(table).where(table.c.uuid == uuid)).rowcount != 1:
                    raise NotFoundError("The plan was deleted meanwhile.")
            case Batch(changes, label):
                inverses = [self._apply(session, part, touched) for part in changes]
                return Batch(tuple(reversed(inverses)), label)
            case _:
                raise TypeError(f"not a change: {change!r}")
        return inverse_of(change)

    # --- validating ------------------------------------------------------------------------

    def _validate(self, session: Session, touched: Iterable[tuple[str, str]]) -> None:
        dependency_plans: set[int] = set()
        for entity, uuid in dict.fromkeys(touched):
            table = rows.spec(entity).table
            row = session.execute(select(table).where(table.c.uuid == uuid)).first()
            if row is None:
                continue
            for name in REQUIRED_TEXT.get(entity, ()):
                column = rows.spec(entity).column(name)
                if not str(getattr(row, column) or "").strip():
                    raise FieldError(name, f"The {FIELD_LABELS.get(name, name)} cannot be empty.")
            if entity in CODED:
                _unique_code(session, entity, row)
            if entity == "baseline":
                _unique_baseline_name(session, row)
            if entity == "item":
                _check_item(session, row)
            if entity == "dependency":
                _check_dependency(session, row)
                dependency_plans.add(row.plan_id)
        for plan_id in dependency_plans:
            _check_cycles(session, plan_id)


def _unique_code(session: Session, entity: str, row: Any) -> None:
    _code_is_free(session, entity, row.plan_id, row.code, row.uuid)


def _code_is_free(session: Session, entity: str, plan_id: int, code: str, uuid: str) -> None:
    """Refuse a code another row of the plan has, naming that row."""
    table = rows.spec(entity).table
    other = session.execute(
        select(table).where(
            table.c.plan_id == plan_id, table.c.code == code.strip(), table.c.uuid != uuid
        )
    ).first()
    if other is not None:
        title = getattr(other, "title", None) or getattr(other, "name", None) or ""
        named = f" ({title[:60]})" if title else ""
        raise FieldError("code", f"The code {code} is already used in this plan{named}.")


def _check_texts(values: Mapping[str, Any]) -> None:
    """Text obeys the plan document's rules (length, no control characters), so that what
    the window stores can always be exported and imported again."""
    for name, value in values.items():
        if isinstance(value, str):
            try:
                text_field(value, name)
            except ValidationError as error:
                raise FieldError(name, str(error).replace(f"{name}: ", "", 1)) from None


def _unique_baseline_name(session: Session, row: Any) -> None:
    table = rows.spec("baseline").table
    twin = session.execute(
        select(table.c.id).where(
            table.c.plan_id == row.plan_id, table.c.name == row.name, table.c.id != row.id
        )
    ).first()
    if twin is not None:
        raise FieldError("name", f"A baseline named {row.name!r} already exists in this plan.")


def _check_item(session: Session, row: Any) -> None:
    if row.planned_start and row.planned_end and row.planned_start > row.planned_end:
        raise FieldError(
            "end", f"The end ({row.planned_end}) is before the start ({row.planned_start})."
        )
    if not 0 <= row.percent_complete <= 100:
        raise FieldError("percent_complete", "Percent complete must be between 0 and 100.")
    if row.kind == ItemKind.MEANS.value:
        parent = session.execute(
            select(Item.kind, Item.plan_id).where(Item.id == row.parent_id)
        ).first()
        is_activity = parent is not None and parent.kind == ItemKind.ACTIVITY.value
        if not is_activity or parent.plan_id != row.plan_id:
            raise FieldError("activity", "A means of action belongs to an activity of its plan.")
    if row.kind in (ItemKind.OUTPUT.value, ItemKind.MILESTONE.value):
        for field, value in (("start", row.planned_start), ("end", row.planned_end)):
            if value is None:
                noun = "key output" if row.kind == ItemKind.OUTPUT.value else "milestone"
                raise FieldError(field, f"A {noun} needs its {field} date.")
    if row.kind == ItemKind.OUTPUT.value:
        twin = session.execute(
            select(Item.code).where(
                Item.plan_id == row.plan_id, Item.number == row.number, Item.id != row.id
            )
        ).scalar()
        if twin is not None:
            raise FieldError("number", f"Key output No. {row.number} already exists ({twin}).")


def _check_dependency(session: Session, row: Any) -> None:
    if row.predecessor_id == row.successor_id:
        raise FieldError("to", "An item cannot depend on itself.")
    twins = session.execute(
        select(func.count()).where(
            Dependency.predecessor_id == row.predecessor_id,
            Dependency.successor_id == row.successor_id,
        )
    ).scalar_one()
    if twins > 1:
        raise FieldError("to", "This dependency already exists.")
    plans = session.execute(
        select(Item.plan_id).where(Item.id.in_([row.predecessor_id, row.successor_id]))
    ).scalars()
    if set(plans) != {row.plan_id}:
        raise FieldError("to", "A dependency links two items of the same plan.")


def _check_cycles(session: Session, plan_id: int) -> None:
    before, after = Item.__table__.alias("before"), Item.__table__.alias("after")
    edges = session.execute(
        select(before.c.code, after.c.code)
        .select_from(Dependency.__table__)
        .join(before, before.c.id == Dependency.predecessor_id)
        .join(after, after.c.id == Dependency.successor_id)
        .where(Dependency.plan_id == plan_id)
    ).all()
    cycles = find_cycles((first, second) for first, second in edges)
    if cycles:
        path = " → ".join([*cycles[0], cycles[0][0]])
        raise FieldError("to", f"This dependency would make a cycle: {path}.")


def _same(current: Any, expected: Any) -> bool:
    if isinstance(current, date) and isinstance(expected, str):
        return current.isoformat() == expected
    if isinstance(current, float) and isinstance(expected, int | float):
        return current == float(expected)
    return current == expected


def _show(value: Any) -> str:
    if value is None or value == "":
        return "empty"
    return repr(value.isoformat() if isinstance(value, date) else value)


# What the database refuses, in words (constraint name -> field, message).
CONSTRAINTS = {
    "date_order": ("end", "The end is before the start."),
    "percent_range": ("percent_complete", "Percent complete must be between 0 and 100."),
    "period_order": ("period_end", "The plan's end is before its start."),
    "uq_plan_code": ("code", "Another plan already has this code."),
    "plan.code": ("code", "Another plan already has this code."),
    "not_self": ("to", "An item cannot depend on itself."),
    "uq_dependency_pair": ("to", "This dependency already exists."),
    "dependency.predecessor_id, dependency.successor_id": ("to", "This dependency already exists."),
    "uq_partner_role": ("role", "The partner already has this role on this item."),
    "partner_role.partner_id": ("role", "The partner already has this role on this item."),
    "milestone_date": ("end", "A milestone starts and ends on the same day."),
    "uq_baseline_plan_name": ("name", "A baseline with this name already exists."),
    "baseline.plan_id, baseline.name": ("name", "A baseline with this name already exists."),
    "FOREIGN KEY": ("", "Other rows still refer to this one."),
    "foreign key": ("", "Other rows still refer to this one."),
}


def _readable(error: IntegrityError) -> ValidationError:
    detail = str(error.orig) if error.orig is not None else str(error)
    for key, (field, message) in CONSTRAINTS.items():
        if key in detail:
            return FieldError(field, message) if field else ValidationError(message)
    return ValidationError(f"The database refused the change ({detail.splitlines()[0]}).")
