"""The plan document: the exchange format of one plan (see resources/plans/FORMAT.md).

``parse_document`` turns untrusted data (parsed JSON or TOML) into a validated, normalised
document in which every key is present, in the documented order, with ISO date strings,
and every cross-reference resolves. It raises :class:`ValidationError` naming the section,
the object (by position and code) and the field. It imports nothing but the standard
library, so the command line, the services and the tests share it.
"""

from __future__ import annotations

import math
import uuid as uuid_module
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from poa_desktop.domain.enums import (
    DependencyType,
    GenderMarker,
    MouStatus,
    PartnerKind,
    PartnerRoleKind,
    Status,
    values,
)
from poa_desktop.domain.errors import ValidationError

FORMAT_NAME = "poa-desktop/plan"
FORMAT_VERSION = 1
ITEM_SECTIONS = ("activities", "means_of_action", "key_outputs", "milestones")
#: Longest text accepted in any field: generous for prose, small enough to refuse junk.
MAX_TEXT = 20_000
#: Most objects accepted in one section: far above any real plan, bounds hostile files.
MAX_OBJECTS = 200_000

Document = dict[str, Any]
Check = Callable[[Any, str], Any]


# --- field types -------------------------------------------------------------------------


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"{where}: expected text, found {_kind(value)}.")
    if len(value) > MAX_TEXT:
        raise ValidationError(f"{where}: text of {len(value)} characters (at most {MAX_TEXT}).")
    return value


def _code(value: Any, where: str) -> str:
    text = _text(value, where).strip()
    if not text:
        raise ValidationError(f"{where}: a code is required.")
    if len(text) > 64:
        raise ValidationError(f"{where}: code {text[:40]!r}… is longer than 64 characters.")
    return text


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{where}: expected a whole number, found {_kind(value)}.")
    if abs(value) > 10**9:
        raise ValidationError(f"{where}: {value} is out of range.")
    return value


def _number(value: Any, where: str) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"{where}: expected a number, found {_kind(value)}.")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(f"{where}: {value} is not a finite number.")
    return value


def _bool(value: Any, where: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValidationError(f"{where}: expected true or false, found {_kind(value)}.")
    return value


def _date(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValidationError(f"{where}: expected a date (YYYY-MM-DD), found {_kind(value)}.")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"{where}: {value!r} is not a date (YYYY-MM-DD).") from None
    if len(value) != 10 or parsed.year < 1900 or parsed.year > 2200:
        raise ValidationError(f"{where}: {value!r} is not a plausible date (YYYY-MM-DD).")
    return parsed.isoformat()


def _uuid(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(f"{where}: expected a UUID, found {_kind(value)}.")
    try:
        return str(uuid_module.UUID(value))
    except ValueError:
        raise ValidationError(f"{where}: {value!r} is not a UUID.") from None


def _codes(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(f"{where}: expected a list of codes, found {_kind(value)}.")
    codes = [_code(entry, f"{where}[{index}]") for index, entry in enumerate(value)]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ValidationError(f"{where}: {duplicates[0]!r} is listed twice.")
    return codes


def _choice(enum: type) -> Check:
    allowed = values(enum)

    def check(value: Any, where: str) -> str:
        text = _text(value, where)
        if text not in allowed:
            raise ValidationError(f"{where}: {text!r} is not one of {', '.join(allowed)}.")
        return text

    return check


def _kind(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "nothing (null)",
    }.get(type(value), type(value).__name__)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    check: Check
    default: Any = None
    required: bool = False


def _item_fields(
    before: tuple[Field, ...] = (), after: tuple[Field, ...] = ()
) -> tuple[Field, ...]:
    """Fields common to activities, means of action, key outputs and milestones, with the
    kind's own fields ``before`` the title and ``after`` the description."""
    return (
        Field("uuid", _uuid),
        Field("code", _code, required=True),
        *before,
        Field("title", _text, required=True),
        Field("description", _text, ""),
        *after,
        Field("timing_text", _text, ""),
        Field("start", _date),
        Field("end", _date),
        Field("status", _choice(Status), Status.NOT_STARTED.value),
        Field("percent_complete", _int, 0),
        Field("gender_marker", _choice(GenderMarker), GenderMarker.NOT_SCREENED.value),
        Field("gender_note", _text, ""),
    )


SECTIONS: dict[str, tuple[Field, ...]] = {
    "components": (
        Field("uuid", _uuid),
        Field("code", _code, required=True),
        Field("title", _text, required=True),
        Field("cross_cutting", _bool, False),
        Field("description", _text, ""),
    ),
    "mandates": (
        Field("uuid", _uuid),
        Field("code", _code, required=True),
        Field("text", _text, ""),
    ),
    "activities": _item_fields(
        before=(Field("component", _code, required=True),),
        after=(Field("mandates", _codes, []),),
    ),
    "means_of_action": _item_fields(
        before=(Field("activity", _code, required=True), Field("label", _text, "")),
    ),
    "key_outputs": _item_fields(
        before=(Field("number", _int, required=True), Field("component", _code, required=True)),
        after=(
            Field("means", _codes, []),
            Field("start_year", _int, required=True),
            Field("end_year", _int, required=True),
        ),
    ),
    "milestones": _item_fields(),
    "dependencies": (
        Field("uuid", _uuid),
        Field("from", _code, required=True),
        Field("to", _code, required=True),
        Field("type", _choice(DependencyType), DependencyType.FS.value),
        Field("lag_days", _int, 0),
        Field("source_text", _text, ""),
    ),
    "partners": (
        Field("uuid", _uuid),
        Field("code", _code, required=True),
        Field("name", _text, required=True),
        Field("acronym", _text, ""),
        Field("kind", _choice(PartnerKind), PartnerKind.OTHER.value),
        Field("region", _text, ""),
        Field("notes", _text, ""),
    ),
    "partner_roles": (
        Field("uuid", _uuid),
        Field("partner", _code, required=True),
        Field("item", _code, required=True),
        Field("role", _choice(PartnerRoleKind), PartnerRoleKind.PARTNER.value),
        Field("note", _text, ""),
    ),
    "mous": (
        Field("uuid", _uuid),
        Field("code", _code, required=True),
        Field("title", _text, required=True),
        Field("parties", _codes, []),
        Field("status", _choice(MouStatus), MouStatus.PROPOSED.value),
        Field("target_date", _date),
        Field("signed_date", _date),
        Field("outputs", _codes, []),
        Field("source_text", _text, ""),
        Field("notes", _text, ""),
    ),
    "indicators": (
        Field("uuid", _uuid),
        Field("code", _code, required=True),
        Field("title", _text, required=True),
        Field("unit", _text, ""),
        Field("baseline_value", _number),
        Field("baseline_date", _date),
        Field("target_value", _number),
        Field("target_date", _date),
        Field("source_text", _text, ""),
        Field("measurements", lambda value, where: value, []),  # checked on its own below
    ),
    "progress_notes": (
        Field("uuid", _uuid),
        Field("item", _code, required=True),
        Field("noted_on", _date, required=True),
        Field("author", _text, ""),
        Field("text", _text, required=True),
    ),
    "findings": (
        Field("uuid", _uuid),
        Field("code", _code, required=True),
        Field("subject", _text, ""),
        Field("text", _text, required=True),
    ),
}

PLAN_FIELDS = (
    Field("uuid", _uuid),
    Field("code", _code, required=True),
    Field("title", _text, required=True),
    Field("period_start", _date, required=True),
    Field("period_end", _date, required=True),
    Field("source_document", _text, ""),
    Field("source_title", _text, ""),
    Field("source_date", _date),
    Field("description", _text, ""),
)

MEASUREMENT_FIELDS = (
    Field("uuid", _uuid),
    Field("date", _date, required=True),
    Field("value", _number, required=True),
    Field("note", _text, ""),
)


def _object(data: Any, fields: Iterable[Field], where: str) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise ValidationError(f"{where}: expected an object, found {_kind(data)}.")
    fields = tuple(fields)
    known = {field.name for field in fields}
    unknown = sorted(str(key) for key in data if key not in known)
    if unknown:
        raise ValidationError(f"{where}: unknown field {unknown[0]!r}.")
    result: dict[str, Any] = {}
    for field in fields:
        if field.name in data and data[field.name] is not None:
            result[field.name] = field.check(data[field.name], f"{where}.{field.name}")
        elif field.required:
            raise ValidationError(f"{where}: the field {field.name!r} is required.")
        else:
            default = field.default
            result[field.name] = list(default) if isinstance(default, list) else default
    return result


def _label(section: str, index: int, data: Any) -> str:
    code = data.get("code") if isinstance(data, Mapping) else None
    return f"{section}[{index}]" + (f" ({code})" if isinstance(code, str) and code else "")


# --- the document -------------------------------------------------------------------------


def parse_document(data: Any) -> Document:
    """Validate and normalise a plan document; raise ValidationError on the first problem."""
    if not isinstance(data, Mapping):
        raise ValidationError(f"The file holds {_kind(data)}, not a plan document (an object).")
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
            raise ValidationError(f"{section}: expected a list, found {_kind(entries)}.")
        if len(entries) > MAX_OBJECTS:
            raise ValidationError(f"{section}: {len(entries)} entries (at most {MAX_OBJECTS}).")
        document[section] = [
            _object(entry, fields, _label(section, index, entry))
            for index, entry in enumerate(entries)
        ]
    for index, indicator in enumerate(document["indicators"]):
        where = _label("indicators", index, indicator) + ".measurements"
        raw = indicator["measurements"]
        if not isinstance(raw, list):
            raise ValidationError(f"{where}: expected a list, found {_kind(raw)}.")
        indicator["measurements"] = [
            _object(entry, MEASUREMENT_FIELDS, f"{where}[{position}]")
            for position, entry in enumerate(raw)
        ]
    _normalise_dates(document)
    _check_rules(document)
    _fill_uuids(document)
    return document


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

    activities = {entry["code"] for entry in document["activities"]}
    means = {entry["code"] for entry in document["means_of_action"]}
    for index, entry in enumerate(document["activities"]):
        where = _label("activities", index, entry)
        must_be([entry["component"]], components, "component", f"{where}.component")
        must_be(entry["mandates"], mandates, "mandate paragraph", f"{where}.mandates")
    for index, entry in enumerate(document["means_of_action"]):
        where = _label("means_of_action", index, entry)
        must_be([entry["activity"]], dict.fromkeys(activities), "activity", f"{where}.activity")
    for index, entry in enumerate(document["key_outputs"]):
        where = _label("key_outputs", index, entry)
        if entry["number"] < 1:
            raise ValidationError(f"{where}.number: {entry['number']} is not 1 or more.")
        must_be([entry["component"]], components, "component", f"{where}.component")
        must_be(entry["means"], dict.fromkeys(means), "means of action", f"{where}.means")

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
