"""Changes in words, for the undo history and the status bar.

"II.2(iv) status → At risk" says more than the builder's "Edit item status"; the names of
rows come from the plan the window shows (``Names``), values in the words the editor uses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication

from poa_desktop.domain.changes import (
    AddPlan,
    AddRows,
    Batch,
    Change,
    RemovePlan,
    RemoveRows,
    RowImage,
    SetFields,
    SetLinks,
    Value,
)
from poa_desktop.domain.enums import GenderMarker, ItemKind, PartnerRoleKind, Status
from poa_desktop.ui.status_style import status_label

_CONTEXT = "describe"
#: Longest text value quoted in a description.
_QUOTE = 40

#: uuid → a short name of the row ("II.2(iv)", "ISSA"), or "" when unknown.
Names = Callable[[str], str]


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def gender_labels() -> dict[GenderMarker, str]:
    """The OECD DAC gender equality policy marker, in the editor's words."""
    return {
        GenderMarker.NOT_SCREENED: _tr("Not screened"),
        GenderMarker.NOT_TARGETED: _tr("Not targeted"),
        GenderMarker.SIGNIFICANT: _tr("Significant objective"),
        GenderMarker.PRINCIPAL: _tr("Principal objective"),
    }


def role_labels() -> dict[PartnerRoleKind, str]:
    return {
        PartnerRoleKind.LEAD: _tr("Lead"),
        PartnerRoleKind.PARTNER: _tr("Partner"),
        PartnerRoleKind.FUNDER: _tr("Funder"),
        PartnerRoleKind.HOST: _tr("Host"),
    }


def kind_labels() -> dict[ItemKind, str]:
    return {
        ItemKind.ACTIVITY: _tr("Activity"),
        ItemKind.MEANS: _tr("Means of action"),
        ItemKind.OUTPUT: _tr("Key output"),
        ItemKind.MILESTONE: _tr("Milestone"),
    }


def field_labels() -> dict[str, str]:
    return {
        "code": _tr("code"),
        "title": _tr("title"),
        "description": _tr("description"),
        "timing_text": _tr("timing"),
        "start": _tr("start"),
        "end": _tr("end"),
        "status": _tr("status"),
        "percent_complete": _tr("% complete"),
        "gender_marker": _tr("gender marker"),
        "gender_note": _tr("gender note"),
        "number": _tr("number"),
        "position": _tr("position"),
        "period_start": _tr("start"),
        "period_end": _tr("end"),
        "name": _tr("name"),
        "text": _tr("text"),
        "role": _tr("role"),
    }


def value_text(field: str, value: Value, *, whole: bool = False) -> str:
    """A value as the editor shows it ("At risk", "40 %", "no date", "“New title”"); text
    is cut to a short quote unless ``whole`` (where two values must be told apart)."""
    if field == "status" and isinstance(value, str):
        return status_label(value)
    if field == "gender_marker" and isinstance(value, str):
        return gender_labels().get(GenderMarker(value), value)
    if field == "role" and isinstance(value, str):
        return role_labels().get(PartnerRoleKind(value), value)
    if field == "percent_complete" and isinstance(value, int):
        return f"{value}\u00a0%"
    if value is None:
        return _tr("no date") if field in ("start", "end") else _tr("empty")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        if not value.strip():
            return _tr("empty")
        if whole:
            return f"“{value}”"
        flat = " ".join(value.split())
        return f"“{flat[:_QUOTE]}…”" if len(flat) > _QUOTE else f"“{flat}”"
    return str(value)


def describe(change: Change, names: Names) -> str:
    """One line naming what the change does."""
    match change:
        case SetFields(entity, uuid, new, _old, label):
            return _describe_fields(entity, uuid, dict(new), names, label)
        case SetLinks(link, owner, new, _old, label):
            what = {
                "activity_mandate": _tr("{name}: mandate paragraphs ({n})"),
                "output_means": _tr("{name}: delivered by {n} means of action"),
                "mou_party": _tr("{name}: parties ({n})"),
                "mou_output": _tr("{name}: key outputs served ({n})"),
            }.get(link)
            name = names(owner)
            return what.format(name=name, n=len(new)) if what and name else label
        case AddRows(rows, _links, label):
            return _describe_rows(rows, names, label, adding=True)
        case RemoveRows(rows, _links, label):
            return _describe_rows(rows, names, label, adding=False)
        case AddPlan(document, label):
            return label or _tr("New plan {code}").format(code=document["plan"]["code"])
        case RemovePlan(document, label):
            return label or _tr("Delete plan {code}").format(code=document["plan"]["code"])
        case Batch(changes, label):
            if label:
                return label
            return "; ".join(describe(part, names) for part in changes[:3])
    return ""


def _describe_fields(
    entity: str, uuid: str, new: dict[str, Value], names: Names, label: str
) -> str:
    name = names(uuid)
    if not name:
        return label
    labels = field_labels()
    if len(new) == 1:
        [(field, value)] = new.items()
        return _tr("{name} {field} → {value}").format(
            name=name, field=labels.get(field, field), value=value_text(field, value)
        )
    fields = ", ".join(labels.get(field, field) for field in new)
    return _tr("{name}: {fields}").format(name=name, fields=fields)


def _describe_rows(rows: tuple[RowImage, ...], names: Names, label: str, *, adding: bool) -> str:
    if not rows:
        return label
    head = rows[0]
    values = head.values
    if head.entity == "item":
        kind = kind_labels().get(ItemKind(str(values["kind"])), "")
        code = str(values.get("code", ""))
        if adding:
            return _tr("New {kind} {code}").format(kind=kind.lower(), code=code)
        others = len(rows) - 1
        if others:
            return _tr("Delete {code} with {n} more rows").format(code=code, n=others)
        return _tr("Delete {code}").format(code=code)
    if head.entity == "partner_role":
        partner = names(str(values.get("partner", ""))) or _tr("partner")
        item = names(str(values.get("item", ""))) or _tr("item")
        role = value_text("role", values.get("role"))
        if adding:
            return _tr("Link {partner} to {item} as {role}").format(
                partner=partner, item=item, role=role
            )
        return _tr("Unlink {partner} from {item}").format(partner=partner, item=item)
    if head.entity == "progress_note":
        item = names(str(values.get("item", ""))) or _tr("item")
        if adding:
            return _tr("Progress note on {item}").format(item=item)
        return _tr("Delete progress note on {item}").format(item=item)
    return label


def affected_item(change: Change) -> str:
    """The uuid of the item a change is about (to select it after undo/redo), or ""."""
    match change:
        case SetFields(entity, uuid, _new, _old, _label):
            return uuid if entity == "item" else ""
        case SetLinks(_link, owner, _new, _old, _label):
            return owner if _link in ("activity_mandate", "output_means") else ""
        case AddRows(rows, _links, _label) | RemoveRows(rows, _links, _label):
            for image in rows:
                if image.entity == "item":
                    return image.uuid
                if image.entity in ("partner_role", "progress_note"):
                    return str(image.values.get("item") or "")
            return ""
        case Batch(changes, _label):
            for part in changes:
                found = affected_item(part)
                if found:
                    return found
    return ""


def affected_plan(change: Change) -> str:
    """The uuid of the plan a plan-level change adds or removes, or "" (in a batch, the
    last plan it adds: a plan replaced by an imported one is followed to the new one)."""
    match change:
        case AddPlan(document, _label) | RemovePlan(document, _label):
            return str(document["plan"]["uuid"])
        case SetFields(entity, uuid, _new, _old, _label) if entity == "plan":
            return uuid
        case Batch(changes, _label):
            added = [part for part in changes if isinstance(part, AddPlan)]
            return affected_plan(added[-1]) if added else ""
    return ""


def adds_plan(change: Change) -> bool:
    """Whether applying ``change`` creates a plan (alone or in a batch)."""
    if isinstance(change, Batch):
        return any(adds_plan(part) for part in change.changes)
    return isinstance(change, AddPlan)


def status_value(value: str) -> Status:
    return Status(value)


def step_message(verb: str, text: str) -> str:
    """The status bar's words for an edit done, undone or redone ("Saved: …")."""
    messages = {
        "do": _tr("Saved: {text}"),
        "undo": _tr("Undone: {text}"),
        "redo": _tr("Redone: {text}"),
    }
    return messages.get(verb, "{text}").format(text=text)


def followed_after(verb: str, change: Change, context: str) -> tuple[str, str]:
    """The (plan, item) uuids the window shows after a step ("" for no change): a plan a
    change adds, the plan of an undo or redo (``context``) and the item it is about."""
    stepped = verb in ("undo", "redo")
    if adds_plan(change):
        return affected_plan(change), affected_item(change) if stepped else ""
    return (context, affected_item(change)) if stepped else ("", "")
