"""Building changes: what a user action means, as a :mod:`domain.changes` value.

Builders only read (to find the next free code, a row's siblings, what a delete would
take with it); nothing is written until the change is handed to ``PlanEditor.apply``,
usually by an undo command. A delete that would break links others rely on raises
:class:`InUseError` listing them, unless the caller confirmed ``remove_links``.
"""

from __future__ import annotations

import re
import uuid as uuid_module
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from poa_desktop.domain.changes import (
    AddPlan,
    AddRows,
    Batch,
    LinkImage,
    RemovePlan,
    RemoveRows,
    RowImage,
    SetFields,
    SetLinks,
    Value,
)
from poa_desktop.domain.document import FORMAT_NAME, FORMAT_VERSION, SECTIONS
from poa_desktop.domain.enums import (
    DependencyType,
    GenderMarker,
    ItemKind,
    MouStatus,
    PartnerKind,
    PartnerRoleKind,
    Status,
)
from poa_desktop.domain.errors import InUseError, NotFoundError
from poa_desktop.services.plan_export import export_document
from poa_desktop.store import rows
from poa_desktop.store.database import Database
from poa_desktop.store.models import Dependency, Item, Plan

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
         "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"]  # fmt: skip

# What deleting a row takes with it: (child entity, reference field, policy). "own" rows
# go with their parent silently; "link" rows are others' references: deleting them needs
# the user's confirmation; "block" rows forbid the delete (delete or move them first).
CHILDREN: dict[str, tuple[tuple[str, str, str], ...]] = {
    "item": (
        ("item", "activity", "own"),
        ("progress_note", "item", "own"),
        ("partner_role", "item", "link"),
        ("dependency", "from", "link"),
        ("dependency", "to", "link"),
    ),
    "partner": (("partner_role", "partner", "link"),),
    "mou": (),
    "indicator": (("measurement", "indicator", "own"),),
    "component": (("item", "component", "block"),),
    "baseline": (("baseline_item", "baseline", "own"),),
    "mandate": (),
}
# Link tables: which of their rows count as "own" (part of the deleted row) or "link".
LINK_POLICY = {
    ("activity_mandate", "owner"): "own",
    ("activity_mandate", "target"): "link",
    ("output_means", "owner"): "own",
    ("output_means", "target"): "link",
    ("mou_party", "owner"): "own",
    ("mou_party", "target"): "link",
    ("mou_output", "owner"): "own",
    ("mou_output", "target"): "link",
}


def new_uuid() -> str:
    return str(uuid_module.uuid4())


class ChangeBuilder:
    """Turns user actions into changes, reading what it needs from the database."""

    def __init__(self, database: Database, today: Callable[[], date] = date.today) -> None:
        self._database = database
        self._today = today

    # --- editing fields ----------------------------------------------------------------------

    def edit(
        self,
        entity: str,
        uuid: str,
        new: Mapping[str, Value],
        seen: Mapping[str, Value] | None = None,
        label: str = "",
    ) -> SetFields:
        """Set fields; ``seen`` are the values the user was shown (default: read now)."""
        if seen is None:
            with self._database.read() as session:
                seen = rows.read_fields(session, entity, uuid, new)
        return SetFields.of(entity, uuid, new, seen, label or _edit_label(entity, new))

    def set_links(self, link: str, owner: str, targets: Sequence[str], label: str = "") -> SetLinks:
        with self._database.read() as session:
            old = rows.read_links(session, link, owner)
        return SetLinks(link, owner, tuple(targets), old, label or "Change links")

    # --- items ---------------------------------------------------------------------------

    def new_item(
        self,
        plan_uuid: str,
        kind: ItemKind,
        title: str,
        *,
        component: str | None = None,
        activity: str | None = None,
        code: str | None = None,
        start: date | None = None,
        end: date | None = None,
        number: int | None = None,
    ) -> AddRows:
        """A new activity (give ``component``), means of action (``activity``), key output
        (``component``; numbered next) or milestone (``start``)."""
        with self._database.read() as session:
            plan_id = _plan_id(session, plan_uuid)
            parent_code = component_code = None
            if activity is not None:
                parent = session.execute(
                    select(Item.code, Item.component_id).where(Item.uuid == activity)
                ).one()
                parent_code = parent.code
            if component is not None:
                component_code = rows.read_fields(session, "component", component, ["code"])["code"]
            codes = set(session.execute(select(Item.code).where(Item.plan_id == plan_id)).scalars())
            if kind is ItemKind.OUTPUT and number is None:
                highest = session.execute(
                    select(func.max(Item.number)).where(Item.plan_id == plan_id)
                ).scalar()
                number = (highest or 0) + 1
            position = _next_position(session, plan_id)
        if code is None:
            code = _suggest_code(kind, codes, component_code, parent_code, number)
        if kind is ItemKind.MILESTONE:
            start = end = start or end or self._today()
        values: dict[str, Value] = {
            "plan": plan_uuid,
            "kind": kind.value,
            "code": code,
            "title": title,
            "description": "",
            "timing_text": "",
            "start": start,
            "end": end,
            "status": Status.NOT_STARTED.value,
            "percent_complete": 0,
            "gender_marker": GenderMarker.NOT_SCREENED.value,
            "gender_note": "",
            "label": _label_of(code) if kind is ItemKind.MEANS else "",
            "number": number if kind is ItemKind.OUTPUT else None,
            "component": component if kind in (ItemKind.ACTIVITY, ItemKind.OUTPUT) else None,
            "activity": activity if kind is ItemKind.MEANS else None,
            "position": position,
        }
        noun = {ItemKind.ACTIVITY: "activity", ItemKind.MEANS: "means of action",
                ItemKind.OUTPUT: "key output", ItemKind.MILESTONE: "milestone"}[kind]  # fmt: skip
        return AddRows((RowImage.of("item", new_uuid(), values),), label=f"New {noun} {code}")

    def move_item(self, item_uuid: str, offset: int) -> Batch:
        """Move an item up (offset -1) or down (+1) among its siblings."""
        with self._database.read() as session:
            item = session.execute(select(Item.__table__).where(Item.uuid == item_uuid)).one()
            siblings = session.execute(
                select(Item.uuid, Item.sort_order)
                .where(
                    Item.plan_id == item.plan_id,
                    Item.kind == item.kind,
                    Item.parent_id.is_(None)
                    if item.parent_id is None
                    else Item.parent_id == item.parent_id,
                    Item.component_id.is_(None)
                    if item.component_id is None
                    else Item.component_id == item.component_id,
                )
                .order_by(Item.sort_order, Item.id)
            ).all()
        order = [row.uuid for row in siblings]
        here = order.index(item_uuid)
        there = max(0, min(len(order) - 1, here + offset))
        if here == there:
            return Batch((), label=f"Move {item.code}")
        slots = sorted(row.sort_order for row in siblings)
        if len(set(slots)) < len(slots):  # ties: give the group distinct places first
            slots = list(range(slots[0], slots[0] + len(slots)))
        order.insert(there, order.pop(here))
        old = {row.uuid: row.sort_order for row in siblings}
        changes = tuple(
            SetFields.of("item", uuid, {"position": slot}, {"position": old[uuid]})
            for uuid, slot in zip(order, slots, strict=True)
            if old[uuid] != slot
        )
        return Batch(changes, label=f"Move {item.code} {'up' if offset < 0 else 'down'}")

    # --- registers -------------------------------------------------------------------------

    def new_dependency(
        self,
        plan_uuid: str,
        from_uuid: str,
        to_uuid: str,
        type: DependencyType = DependencyType.FS,
        lag_days: int = 0,
        source_text: str = "",
    ) -> AddRows:
        with self._database.read() as session:
            position = _next_position(session, _plan_id(session, plan_uuid), Dependency)
            codes = dict(
                session.execute(
                    select(Item.uuid, Item.code).where(Item.uuid.in_([from_uuid, to_uuid]))
                ).all()
            )
        values: dict[str, Value] = {
            "plan": plan_uuid, "from": from_uuid, "to": to_uuid, "type": DependencyType(type).value,
            "lag_days": lag_days, "source_text": source_text, "position": position,
        }  # fmt: skip
        label = f"New dependency {codes.get(from_uuid, '?')} → {codes.get(to_uuid, '?')}"
        return AddRows((RowImage.of("dependency", new_uuid(), values),), label=label)

    def new_partner(
        self,
        plan_uuid: str,
        name: str,
        *,
        acronym: str = "",
        kind: PartnerKind = PartnerKind.OTHER,
        region: str = "",
        code: str | None = None,
    ) -> AddRows:
        with self._database.read() as session:
            plan_id = _plan_id(session, plan_uuid)
            taken = _codes(session, "partner", plan_id)
            position = _next_position(session, plan_id, rows.spec("partner").table)
        code = code or _free(_slug(acronym or name), taken)
        values: dict[str, Value] = {
            "plan": plan_uuid, "code": code, "name": name, "acronym": acronym,
            "kind": PartnerKind(kind).value, "region": region, "notes": "", "position": position,
        }  # fmt: skip
        return AddRows((RowImage.of("partner", new_uuid(), values),), label=f"New partner {code}")

    def new_partner_role(
        self, partner_uuid: str, item_uuid: str, role: PartnerRoleKind = PartnerRoleKind.PARTNER
    ) -> AddRows:
        values: dict[str, Value] = {
            "partner": partner_uuid, "item": item_uuid, "role": PartnerRoleKind(role).value,
            "note": "", "position": 0,
        }  # fmt: skip
        return AddRows((RowImage.of("partner_role", new_uuid(), values),), label="Link partner")

    def new_mou(
        self,
        plan_uuid: str,
        title: str,
        *,
        parties: Sequence[str] = (),
        status: MouStatus = MouStatus.PROPOSED,
        target_date: date | None = None,
        code: str | None = None,
    ) -> AddRows:
        with self._database.read() as session:
            plan_id = _plan_id(session, plan_uuid)
            code = code or _free("MOU-1", _codes(session, "mou", plan_id))
            position = _next_position(session, plan_id, rows.spec("mou").table)
        uuid = new_uuid()
        values: dict[str, Value] = {
            "plan": plan_uuid, "code": code, "title": title, "status": MouStatus(status).value,
            "target_date": target_date, "signed_date": None, "source_text": "", "notes": "",
            "position": position,
        }  # fmt: skip
        links = tuple(
            LinkImage("mou_party", uuid, party, index) for index, party in enumerate(parties)
        )
        return AddRows((RowImage.of("mou", uuid, values),), links, label=f"New MOU {code}")

    def new_progress_note(
        self, item_uuid: str, text: str, *, author: str = "", noted_on: date | None = None
    ) -> AddRows:
        values: dict[str, Value] = {
            "item": item_uuid, "noted_on": noted_on or self._today(), "author": author,
            "text": text, "position": 0,
        }  # fmt: skip
        image = RowImage.of("progress_note", new_uuid(), values)
        return AddRows((image,), label="Add progress note")

    def new_indicator(
        self, plan_uuid: str, title: str, *, unit: str = "", code: str | None = None
    ) -> AddRows:
        with self._database.read() as session:
            plan_id = _plan_id(session, plan_uuid)
            code = code or _free("IND-1", _codes(session, "indicator", plan_id))
            position = _next_position(session, plan_id, rows.spec("indicator").table)
        values: dict[str, Value] = {
            "plan": plan_uuid, "code": code, "title": title, "unit": unit,
            "baseline_value": None, "baseline_date": None, "target_value": None,
            "target_date": None, "source_text": "", "position": position,
        }  # fmt: skip
        image = RowImage.of("indicator", new_uuid(), values)
        return AddRows((image,), label=f"New indicator {code}")

    def new_measurement(
        self, indicator_uuid: str, measured_on: date, value: float, note: str = ""
    ) -> AddRows:
        values: dict[str, Value] = {
            "indicator": indicator_uuid, "date": measured_on, "value": value, "note": note,
            "position": 0,
        }  # fmt: skip
        return AddRows((RowImage.of("measurement", new_uuid(), values),), label="Add measurement")

    def new_baseline(self, plan_uuid: str, name: str, note: str = "") -> AddRows:
        """Save the plan's current dates and statuses under ``name``."""
        with self._database.read() as session:
            plan_id = _plan_id(session, plan_uuid)
            items = session.execute(
                select(Item.__table__)
                .where(Item.plan_id == plan_id)
                .order_by(Item.sort_order, Item.id)
            ).all()
            position = _next_position(session, plan_id, rows.spec("baseline").table)
        baseline = new_uuid()
        images = [
            RowImage.of(
                "baseline",
                baseline,
                {"plan": plan_uuid, "name": name, "taken_on": self._today(), "note": note,
                 "position": position},
            )
        ]  # fmt: skip
        images += [
            RowImage.of(
                "baseline_item",
                new_uuid(),
                {
                    "baseline": baseline, "item_uuid": item.uuid, "kind": item.kind,
                    "code": item.code, "title": item.title, "start": item.planned_start,
                    "end": item.planned_end, "status": item.status,
                    "percent_complete": item.percent_complete, "position": index,
                },
            )
            for index, item in enumerate(items)
        ]  # fmt: skip
        return AddRows(tuple(images), label=f"Save baseline {name}")

    # --- deleting --------------------------------------------------------------------------

    def delete(self, entity: str, uuid: str, *, remove_links: bool = False) -> RemoveRows:
        """Delete a row with what it owns; refuse (InUseError) to break others' links
        unless ``remove_links``."""
        with self._database.read() as session:
            table = rows.spec(entity).table
            if session.execute(select(table.c.id).where(table.c.uuid == uuid)).first() is None:
                raise NotFoundError(f"The {rows.spec(entity).noun} no longer exists.")
            images: list[RowImage] = []
            links: list[LinkImage] = []
            breaks: list[str] = []
            _collect(session, entity, uuid, images, links, breaks)
        if breaks and not remove_links:
            head = images[0].values
            name = head.get("code") or head.get("name") or rows.spec(entity).noun
            raise InUseError(
                f"{name} is still linked: {'; '.join(breaks[:5])}"
                + (f" and {len(breaks) - 5} more" if len(breaks) > 5 else "")
                + ". Delete the links too?",
                tuple(breaks),
            )
        head = images[0].values
        what = head.get("code") or head.get("name") or rows.spec(entity).noun
        return RemoveRows(_parents_first(images), tuple(links), label=f"Delete {what}")

    # --- plans -----------------------------------------------------------------------------

    def new_plan(self, code: str, title: str, period_start: date, period_end: date) -> AddPlan:
        document = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "plan": {
                "uuid": new_uuid(), "code": code, "title": title,
                "period_start": period_start.isoformat(), "period_end": period_end.isoformat(),
            },
        }  # fmt: skip
        return AddPlan(document, label=f"New plan {code}")

    def duplicate_plan(self, plan_uuid: str, code: str, title: str) -> AddPlan:
        """A copy of a plan under a new code, with new UUIDs: the start of a successor."""
        document = export_document(self._database, plan_uuid)
        copy: dict[str, Any] = {key: value for key, value in document.items()}
        copy["plan"] = dict(document["plan"], uuid=new_uuid(), code=code, title=title)
        for section in SECTIONS:
            copy[section] = [dict(entry, uuid=None) for entry in document[section]]
        copy["indicators"] = [
            dict(entry, measurements=[dict(m, uuid=None) for m in entry["measurements"]])
            for entry in copy["indicators"]
        ]
        # Baseline items find their items in the copy by code (their ids are derived alike).
        copy["baselines"] = [
            dict(entry, items=[dict(i, uuid=None, item_uuid=None) for i in entry["items"]])
            for entry in copy["baselines"]
        ]
        return AddPlan(copy, label=f"Duplicate plan as {code}")

    def delete_plan(self, plan_uuid: str) -> RemovePlan:
        document = export_document(self._database, plan_uuid)
        return RemovePlan(document, label=f"Delete plan {document['plan']['code']}")


def _collect(
    session: Session,
    entity: str,
    uuid: str,
    images: list[RowImage],
    links: list[LinkImage],
    breaks: list[str],
) -> None:
    """Depth-first: the row, what it owns, the links it is part of."""
    table = rows.spec(entity).table
    [image] = rows.read_rows(session, entity, table.c.uuid == uuid)
    if any(existing.uuid == uuid for existing in images):
        return
    images.append(image)
    row_id = rows.id_of(session, entity, uuid)
    for link in rows.links_touching(session, entity, [row_id]):
        owns = rows.LINKS[link.link].owner_entity == entity and link.owner == uuid
        side = "owner" if owns else "target"
        if LINK_POLICY[(link.link, side)] == "link":
            breaks.append(_describe_link(session, link))
        if link not in links:
            links.append(link)
    for child, reference, policy in CHILDREN.get(entity, ()):
        child_spec = rows.spec(child)
        column = child_spec.refs[reference][0]
        for child_image in rows.read_rows(session, child, child_spec.table.c[column] == row_id):
            if policy == "block":
                values = child_image.values
                raise InUseError(
                    f"It still holds {values.get('code') or child}; move or delete that first.",
                    (str(values.get("code")),),
                )
            if policy == "link" and all(existing.uuid != child_image.uuid for existing in images):
                breaks.append(_describe_row(session, child_image))
            _collect(session, child, child_image.uuid, images, links, breaks)


def _parents_first(images: list[RowImage]) -> tuple[RowImage, ...]:
    """Order rows so that every row comes after the rows it refers to (insert in this
    order, delete in reverse), keeping the collected order where there is a choice."""
    by_uuid = {image.uuid: image for image in images}
    placed: list[RowImage] = []
    done: set[str] = set()

    def place(image: RowImage) -> None:
        if image.uuid in done:
            return
        done.add(image.uuid)
        for name in rows.spec(image.entity).refs:
            target = image.values.get(name)
            if isinstance(target, str) and target in by_uuid:
                place(by_uuid[target])
        placed.append(image)

    for image in images:
        place(image)
    return tuple(placed)


def _describe_row(session: Session, image: RowImage) -> str:
    values = image.values
    if image.entity == "dependency":
        codes = dict(
            session.execute(
                select(Item.uuid, Item.code).where(Item.uuid.in_([values["from"], values["to"]]))
            ).all()
        )
        return f"dependency {codes.get(values['from'])} → {codes.get(values['to'])}"
    if image.entity == "partner_role":
        partner = rows.read_fields(session, "partner", str(values["partner"]), ["code"])["code"]
        item = rows.read_fields(session, "item", str(values["item"]), ["code"])["code"]
        return f"{partner} is {values['role']} on {item}"
    return f"{rows.spec(image.entity).noun} {values.get('code', '')}".strip()


def _describe_link(session: Session, link: LinkImage) -> str:
    spec = rows.LINKS[link.link]
    owner = rows.read_fields(session, spec.owner_entity, link.owner, ["code"])["code"]
    target = rows.read_fields(session, spec.target_entity, link.target, ["code"])["code"]
    words = {
        "activity_mandate": f"{owner} implements {target}",
        "output_means": f"{target} delivers {owner}",
        "mou_party": f"{target} is a party to {owner}",
        "mou_output": f"{owner} serves {target}",
    }
    return words[link.link]


def _plan_id(session: Session, plan_uuid: str) -> int:
    plan_id = session.execute(select(Plan.id).where(Plan.uuid == plan_uuid)).scalar()
    if plan_id is None:
        raise NotFoundError(f"No plan with id {plan_uuid}.")
    return plan_id


def _next_position(session: Session, plan_id: int, model: Any = Item) -> int:
    table = getattr(model, "__table__", model)
    highest = session.execute(
        select(func.max(table.c.sort_order)).where(table.c.plan_id == plan_id)
    ).scalar()
    return (highest if highest is not None else -1) + 1


def _codes(session: Session, entity: str, plan_id: int) -> set[str]:
    table = rows.spec(entity).table
    return set(session.execute(select(table.c.code).where(table.c.plan_id == plan_id)).scalars())


def _free(code: str, taken: set[str]) -> str:
    """``code``, or the same with the first free number after it (MOU-1, MOU-2, …)."""
    if code not in taken:
        return code
    stem, _, number = code.rpartition("-")
    if not number.isdigit():
        stem, number = code, "1"
    for candidate in range(int(number) + 1, int(number) + 10_000):
        if f"{stem}-{candidate}" not in taken:
            return f"{stem}-{candidate}"
    return f"{stem}-{new_uuid()[:8]}"


def _slug(text: str) -> str:
    words = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").upper()
    return words[:40] or "PARTNER"


def _label_of(code: str) -> str:
    match = re.search(r"(\([ivxlc]+\))$", code)
    return match.group(1) if match else ""


def _suggest_code(
    kind: ItemKind,
    taken: set[str],
    component_code: str | None,
    parent_code: str | None,
    number: int | None,
) -> str:
    if kind is ItemKind.OUTPUT:
        return _free(f"KO{number}", taken)
    if kind is ItemKind.MEANS and parent_code:
        for numeral in ROMAN:
            if f"{parent_code}({numeral})" not in taken:
                return f"{parent_code}({numeral})"
        return _free(f"{parent_code}-1", taken)
    if kind is ItemKind.ACTIVITY and component_code:
        index = 1
        while f"{component_code}.{index}" in taken:
            index += 1
        return f"{component_code}.{index}"
    return _free("MS-1", taken)


def _edit_label(entity: str, new: Mapping[str, Value]) -> str:
    fields = ", ".join(name.replace("_", " ") for name in new)
    return f"Edit {rows.spec(entity).noun} {fields}"
