"""The plan document: the exchange format of one plan (see resources/plans/FORMAT.md).

``parse_document`` turns untrusted data (parsed JSON or TOML) into a validated, normalised
document in which every key is present, in the documented order, with ISO date strings,
and every cross-reference resolves. It raises :class:`ValidationError` naming the section,
the object (by position and code) and the field. It imports nothing but the standard
library, so the command line, the services and the tests share it.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from poa_desktop.domain.enums import (
    DependencyType,
    GenderMarker,
    ItemKind,
    MouStatus,
    PartnerKind,
    PartnerRoleKind,
    Status,
)
from poa_desktop.domain.errors import ValidationError
from poa_desktop.domain.fields import (
    Field,
    bool_field,
    choice_field,
    code_field,
    codes_field,
    date_field,
    int_field,
    kind_of,
    number_field,
    text_field,
    uuid_field,
    year_field,
)

FORMAT_NAME = "poa-desktop/plan"
FORMAT_VERSION = 1
ITEM_SECTIONS = ("activities", "means_of_action", "key_outputs", "milestones")
#: Most objects accepted in one section: far above any real plan, bounds hostile files.
MAX_OBJECTS = 200_000

Document = dict[str, Any]


def _item_fields(
    before: tuple[Field, ...] = (), after: tuple[Field, ...] = ()
) -> tuple[Field, ...]:
    """Fields common to activities, means of action, key outputs and milestones, with the
    kind's own fields ``before`` the title and ``after`` the description."""
    return (
        Field("uuid", uuid_field),
        Field("code", code_field, required=True),
        *before,
        Field("title", text_field, required=True),
        Field("description", text_field, ""),
        *after,
        Field("timing_text", text_field, ""),
        Field("start", date_field),
        Field("end", date_field),
        Field("status", choice_field(Status), Status.NOT_STARTED.value),
        Field("percent_complete", int_field, 0),
        Field("gender_marker", choice_field(GenderMarker), GenderMarker.NOT_SCREENED.value),
        Field("gender_note", text_field, ""),
    )


SECTIONS: dict[str, tuple[Field, ...]] = {
    "components": (
        Field("uuid", uuid_field),
        Field("code", code_field, required=True),
        Field("title", text_field, required=True),
        Field("cross_cutting", bool_field, False),
        Field("description", text_field, ""),
    ),
    "mandates": (
        Field("uuid", uuid_field),
        Field("code", code_field, required=True),
        Field("text", text_field, ""),
    ),
    "activities": _item_fields(
        before=(Field("component", code_field, required=True),),
        after=(Field("mandates", codes_field, []),),
    ),
    "means_of_action": _item_fields(
        before=(Field("activity", code_field, required=True), Field("label", text_field, "")),
    ),
    "key_outputs": _item_fields(
        before=(
            Field("number", int_field, required=True),
            Field("component", code_field, required=True),
        ),
        after=(
            Field("means", codes_field, []),
            Field("start_year", year_field, required=True),
            Field("end_year", year_field, required=True),
        ),
    ),
    "milestones": _item_fields(),
    "dependencies": (
        Field("uuid", uuid_field),
        Field("from", code_field, required=True),
        Field("to", code_field, required=True),
        Field("type", choice_field(DependencyType), DependencyType.FS.value),
        Field("lag_days", int_field, 0),
        Field("source_text", text_field, ""),
    ),
    "partners": (
        Field("uuid", uuid_field),
        Field("code", code_field, required=True),
        Field("name", text_field, required=True),
        Field("acronym", text_field, ""),
        Field("kind", choice_field(PartnerKind), PartnerKind.OTHER.value),
        Field("region", text_field, ""),
        Field("notes", text_field, ""),
    ),
    "partner_roles": (
        Field("uuid", uuid_field),
        Field("partner", code_field, required=True),
        Field("item", code_field, required=True),
        Field("role", choice_field(PartnerRoleKind), PartnerRoleKind.PARTNER.value),
        Field("note", text_field, ""),
    ),
    "mous": (
        Field("uuid", uuid_field),
        Field("code", code_field, required=True),
        Field("title", text_field, required=True),
        Field("parties", codes_field, []),
        Field("status", choice_field(MouStatus), MouStatus.PROPOSED.value),
        Field("target_date", date_field),
        Field("signed_date", date_field),
        Field("outputs", codes_field, []),
        Field("source_text", text_field, ""),
        Field("notes", text_field, ""),
    ),
    "indicators": (
        Field("uuid", uuid_field),
        Field("code", code_field, required=True),
        Field("title", text_field, required=True),
        Field("unit", text_field, ""),
        Field("baseline_value", number_field),
        Field("baseline_date", date_field),
        Field("target_value", number_field),
        Field("target_date", date_field),
        Field("source_text", text_field, ""),
        Field("measurements", lambda value, where: value, []),  # checked on its own below
    ),
    "progress_notes": (
        Field("uuid", uuid_field),
        Field("item", code_field, required=True),
        Field("noted_on", date_field, required=True),
        Field("author", text_field, ""),
        Field("text", text_field, required=True),
    ),
    "findings": (
        Field("uuid", uuid_field),
        Field("code", code_field, required=True),
        Field("subject", text_field, ""),
        Field("text", text_field, required=True),
    ),
    "baselines": (
        Field("uuid", uuid_field),
        Field("name", code_field, required=True),
        Field("taken_on", date_field, required=True),
        Field("note", text_field, ""),
        Field("items", lambda value, where: value, None),  # checked on its own below
    ),
}

BASELINE_ITEM_FIELDS = (
    Field("uuid", uuid_field),
    Field("item_uuid", uuid_field),
    Field("code", code_field, required=True),
    Field("kind", choice_field(ItemKind), required=True),
    Field("title", text_field, ""),
    Field("start", date_field),
    Field("end", date_field),
    Field("status", choice_field(Status), Status.NOT_STARTED.value),
    Field("percent_complete", int_field, 0),
)
KIND_SECTIONS = {
    ItemKind.ACTIVITY.value: "activities",
    ItemKind.MEANS.value: "means_of_action",
    ItemKind.OUTPUT.value: "key_outputs",
    ItemKind.MILESTONE.value: "milestones",
}

PLAN_FIELDS = (
    Field("uuid", uuid_field),
    Field("code", code_field, required=True),
    Field("title", text_field, required=True),
    Field("period_start", date_field, required=True),
    Field("period_end", date_field, required=True),
    Field("source_document", text_field, ""),
    Field("source_title", text_field, ""),
    Field("source_date", date_field),
    Field("description", text_field, ""),
)

MEASUREMENT_FIELDS = (
    Field("uuid", uuid_field),
    Field("date", date_field, required=True),
    Field("value", number_field, required=True),
    Field("note", text_field, ""),
)


class Where:
    """Where a value sits (``activities[3] (II.2).start``), spelt out only when an error
    message needs it: a large plan is checked without building a label per field."""

    __slots__ = ("field", "parent", "text")

    def __init__(self, text: Callable[[], str] | str, field: str = "", parent: Where | None = None):
        self.text, self.field, self.parent = text, field, parent

    def __str__(self) -> str:
        if self.parent is not None:
            return f"{self.parent}.{self.field}"
        return self.text() if callable(self.text) else self.text

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __add__(self, other: str) -> str:
        return str(self) + other

    def at(self, field: str) -> Where:
        return Where("", field, self)


def _object(data: Any, fields: Iterable[Field], where: Any) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise ValidationError(f"{where}: expected an object, found {kind_of(data)}.")
    fields = tuple(fields)
    known = {field.name for field in fields}
    if not known.issuperset(data):
        unknown = sorted(str(key) for key in data if key not in known)
        raise ValidationError(f"{where}: unknown field {unknown[0]!r}.")
    place = where if isinstance(where, Where) else Where(str(where))
    result: dict[str, Any] = {}
    for field in fields:
        value = data.get(field.name)
        if value is not None:
            result[field.name] = field.check(value, place.at(field.name))
        elif field.required:
            raise ValidationError(f"{where}: the field {field.name!r} is required.")
        else:
            default = field.default
            result[field.name] = list(default) if isinstance(default, list) else default
    return result


def _label(section: str, index: int, data: Any) -> str:
    code = data.get("code") if isinstance(data, Mapping) else None
    return f"{section}[{index}]" + (f" ({code})" if isinstance(code, str) and code else "")


def _lazy_label(section: str, index: int, data: Any) -> Where:
    return Where(lambda: _label(section, index, data))


# --- the document -------------------------------------------------------------------------


def parse_document(data: Any) -> Document:
    """Validate and normalise a plan document; raise ValidationError on the first problem."""
    if not isinstance(data, Mapping):
        raise ValidationError(f"The file holds {kind_of(data)}, not a plan document (an object).")
    if data.get("format") != FORMAT_NAME:
        raise ValidationError(
            f"format: expected {FORMAT_NAME!r}, found {data.get('format')!r}; "
            "this is not a poa-desktop plan file."
        )
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise ValidationError(
            f"format_version: this app reads version {FORMAT_VERSION}, the file has {version!r}."
        )
    known = {"format", "format_version", "plan", *SECTIONS}
    unknown = sorted(str(key) for key in data if key not in known)
    if unknown:
        raise ValidationError(f"Unknown top-level key {unknown[0]!r}.")

    document: Document = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION}
    document["plan"] = _object(data.get("plan"), PLAN_FIELDS, "plan")
    for section, fields in SECTIONS.items():
        entries = data.get(section, [])
        if entries is None:
            entries = []
        if not isinstance(entries, list):
            raise ValidationError(f"{section}: expected a list, found {kind_of(entries)}.")
        if len(entries) > MAX_OBJECTS:
            raise ValidationError(f"{section}: {len(entries)} entries (at most {MAX_OBJECTS}).")
        document[section] = [
            _object(entry, fields, _lazy_label(section, index, entry))
            for index, entry in enumerate(entries)
        ]
    for index, indicator in enumerate(document["indicators"]):
        where = _label("indicators", index, indicator) + ".measurements"
        raw = indicator["measurements"]
        if not isinstance(raw, list):
            raise ValidationError(f"{where}: expected a list, found {kind_of(raw)}.")
        indicator["measurements"] = [
            _object(entry, MEASUREMENT_FIELDS, f"{where}[{position}]")
            for position, entry in enumerate(raw)
        ]
    for index, baseline in enumerate(document["baselines"]):
        where = f"baselines[{index}] ({baseline['name']})"
        raw = baseline["items"]
        if raw is None:
            continue  # a snapshot of the document's own items, taken once their ids are known
        if not isinstance(raw, list):
            raise ValidationError(f"{where}.items: expected a list, found {kind_of(raw)}.")
        baseline["items"] = [
            _object(entry, BASELINE_ITEM_FIELDS, f"{where}.items[{position}]")
            for position, entry in enumerate(raw)
        ]
    _normalise_dates(document)
    _check_rules(document)
    _fill_uuids(document)
    _fill_baselines(document)
    return document


def _fill_baselines(document: Document) -> None:
    """Expand snapshot baselines, check baseline items, and give them their ids.

    A baseline written without ``items`` records the document's own items as they stand:
    how a plan is shipped with its original baseline without repeating every date.
    """
    namespace = uuid_module.UUID(document["plan"]["uuid"])
    for index, baseline in enumerate(document["baselines"]):
        where = f"baselines[{index}] ({baseline['name']})"
        if baseline["items"] is None:
            baseline["items"] = [
                {
                    "uuid": None,
                    "item_uuid": entry["uuid"],
                    "code": entry["code"],
                    "kind": kind,
                    "title": entry["title"],
                    "start": entry["start"],
                    "end": entry["end"],
                    "status": entry["status"],
                    "percent_complete": entry["percent_complete"],
                }
                for kind, section in KIND_SECTIONS.items()
                for entry in document[section]
            ]
        seen: set[str] = set()
        for position, entry in enumerate(baseline["items"]):
            at = f"{where}.items[{position}] ({entry['code']})"
            if entry["start"] and entry["end"] and entry["start"] > entry["end"]:
                raise ValidationError(f"{at}: start {entry['start']} is after end {entry['end']}.")
            if not 0 <= entry["percent_complete"] <= 100:
                raise ValidationError(f"{at}.percent_complete: not between 0 and 100.")
            if entry["item_uuid"] is None:
                section = KIND_SECTIONS[entry["kind"]]
                entry["item_uuid"] = str(uuid_module.uuid5(namespace, f"{section}:{entry['code']}"))
            if entry["item_uuid"] in seen:
                raise ValidationError(f"{at}: this item is listed twice.")
            seen.add(entry["item_uuid"])
            if entry["uuid"] is None:
                entry["uuid"] = str(
                    uuid_module.uuid5(
                        namespace, f"baseline_items:{baseline['name']}:{entry['item_uuid']}"
                    )
                )


def _normalise_dates(document: Document) -> None:
    for index, output in enumerate(document["key_outputs"]):
        where = _label("key_outputs", index, output)
        first, last = output["start_year"], output["end_year"]
        if first > last:
            raise ValidationError(f"{where}: start_year {first} is after end_year {last}.")
        output["start"] = output["start"] or f"{first:04d}-01-01"
        output["end"] = output["end"] or f"{last:04d}-12-31"
        if int(output["start"][:4]) != first or int(output["end"][:4]) != last:
            raise ValidationError(
                f"{where}: start {output['start']} and end {output['end']} must fall in "
                f"start_year {first} and end_year {last}."
            )
    for index, milestone in enumerate(document["milestones"]):
        where = _label("milestones", index, milestone)
        day = milestone["start"] or milestone["end"]
        if day is None:
            raise ValidationError(f"{where}: a milestone needs a date (start).")
        if milestone["end"] not in (None, day) or milestone["start"] not in (None, day):
            raise ValidationError(f"{where}: a milestone starts and ends on the same day.")
        milestone["start"] = milestone["end"] = day


def _unique(document: Document, section: str, key: str = "code") -> dict[str, int]:
    seen: dict[str, int] = {}
    for index, entry in enumerate(document[section]):
        value = entry[key]
        if value in seen:
            raise ValidationError(
                f"{_label(section, index, entry)}: {key} {value!r} is already used by "
                f"{section}[{seen[value]}]."
            )
        seen[value] = index
    return seen


def _check_rules(document: Document) -> None:
    plan = document["plan"]
    if plan["period_start"] > plan["period_end"]:
        raise ValidationError(
            f"plan: period_start {plan['period_start']} is after period_end {plan['period_end']}."
        )
    components = _unique(document, "components")
    mandates = _unique(document, "mandates")
    partners = _unique(document, "partners")
    _unique(document, "mous")
    _unique(document, "indicators")
    _unique(document, "findings")
    _unique(document, "baselines", "name")
    _unique(document, "key_outputs", "number")

    items: dict[str, str] = {}
    for section in ITEM_SECTIONS:
        for index, entry in enumerate(document[section]):
            code = entry["code"]
            if code in items:
                raise ValidationError(
                    f"{_label(section, index, entry)}: code {code!r} is already used in "
                    f"{items[code]} (activities, means of action, key outputs and "
                    "milestones share one set of codes)."
                )
            items[code] = section
            where = _label(section, index, entry)
            if entry["start"] and entry["end"] and entry["start"] > entry["end"]:
                raise ValidationError(
                    f"{where}: start {entry['start']} is after end {entry['end']}."
                )
            if not 0 <= entry["percent_complete"] <= 100:
                raise ValidationError(
                    f"{where}.percent_complete: {entry['percent_complete']} is not between "
                    "0 and 100."
                )

    def must_be(codes: Iterable[str], known: Mapping[str, Any], what: str, where: str) -> None:
        for code in codes:
            if code not in known:
                raise ValidationError(f"{where}: unknown {what} {code!r}.")

    activities = dict.fromkeys(entry["code"] for entry in document["activities"])
    means = dict.fromkeys(entry["code"] for entry in document["means_of_action"])
    for index, entry in enumerate(document["activities"]):
        where = _label("activities", index, entry)
        must_be([entry["component"]], components, "component", f"{where}.component")
        must_be(entry["mandates"], mandates, "mandate paragraph", f"{where}.mandates")
    for index, entry in enumerate(document["means_of_action"]):
        where = _label("means_of_action", index, entry)
        must_be([entry["activity"]], activities, "activity", f"{where}.activity")
    for index, entry in enumerate(document["key_outputs"]):
        where = _label("key_outputs", index, entry)
        if entry["number"] < 1:
            raise ValidationError(f"{where}.number: {entry['number']} is not 1 or more.")
        must_be([entry["component"]], components, "component", f"{where}.component")
        must_be(entry["means"], means, "means of action", f"{where}.means")

    pairs: dict[tuple[str, str], int] = {}
    for index, entry in enumerate(document["dependencies"]):
        where = f"dependencies[{index}] ({entry['from']} → {entry['to']})"
        must_be([entry["from"]], items, "item", f"{where}.from")
        must_be([entry["to"]], items, "item", f"{where}.to")
        if entry["from"] == entry["to"]:
            raise ValidationError(f"{where}: an item cannot depend on itself.")
        pair = (entry["from"], entry["to"])
        if pair in pairs:
            raise ValidationError(f"{where}: repeats dependencies[{pairs[pair]}].")
        pairs[pair] = index

    roles: set[tuple[str, str, str]] = set()
    for index, entry in enumerate(document["partner_roles"]):
        where = f"partner_roles[{index}] ({entry['partner']} on {entry['item']})"
        must_be([entry["partner"]], partners, "partner", f"{where}.partner")
        must_be([entry["item"]], items, "item", f"{where}.item")
        key = (entry["partner"], entry["item"], entry["role"])
        if key in roles:
            raise ValidationError(f"{where}: the role {entry['role']!r} is given twice.")
        roles.add(key)
    for index, entry in enumerate(document["mous"]):
        where = _label("mous", index, entry)
        must_be(entry["parties"], partners, "partner", f"{where}.parties")
        must_be(entry["outputs"], items, "item", f"{where}.outputs")
    for index, entry in enumerate(document["progress_notes"]):
        must_be([entry["item"]], items, "item", f"progress_notes[{index}].item")


def _fill_uuids(document: Document) -> None:
    """Give every object without a UUID a deterministic one (same file, same UUIDs)."""
    plan = document["plan"]
    if plan["uuid"] is None:
        plan["uuid"] = str(
            uuid_module.uuid5(uuid_module.NAMESPACE_URL, f"poa-desktop:plan:{plan['code']}")
        )
    namespace = uuid_module.UUID(plan["uuid"])

    def derive(*parts: object) -> str:
        return str(uuid_module.uuid5(namespace, ":".join(str(part) for part in parts)))

    keys: dict[str, Callable[[dict[str, Any], int], tuple[object, ...]]] = {
        "dependencies": lambda entry, _: (entry["from"], entry["to"]),
        "partner_roles": lambda entry, _: (entry["partner"], entry["item"], entry["role"]),
        "progress_notes": lambda entry, index: (entry["item"], index),
        "baselines": lambda entry, _: (entry["name"],),
    }
    for section in SECTIONS:
        key = keys.get(section, lambda entry, _: (entry["code"],))
        for index, entry in enumerate(document[section]):
            if entry["uuid"] is None:
                entry["uuid"] = derive(section, *key(entry, index))
    for indicator in document["indicators"]:
        for index, measurement in enumerate(indicator["measurements"]):
            if measurement["uuid"] is None:
                measurement["uuid"] = derive("measurements", indicator["code"], index)
    seen: dict[str, str] = {}
    for where, value in _all_uuids(document):
        if value in seen:
            raise ValidationError(f"{where}: uuid {value} is already used by {seen[value]}.")
        seen[value] = where


def _all_uuids(document: Document) -> Iterable[tuple[str, str]]:
    yield "plan", document["plan"]["uuid"]
    for section in SECTIONS:
        for index, entry in enumerate(document[section]):
            yield _label(section, index, entry), entry["uuid"]
    for indicator in document["indicators"]:
        for index, measurement in enumerate(indicator["measurements"]):
            yield f"indicators ({indicator['code']}).measurements[{index}]", measurement["uuid"]
