"""Words and numbers as the register views show them: translated enum labels, dates,
numbers and percentages, and sort keys that order them correctly.

Kept apart from the models so that delegates (combo boxes) and dialogs show exactly the
same labels as the cells.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QLocale

from poa_desktop.domain.enums import (
    DependencyType,
    GenderMarker,
    MouStatus,
    PartnerKind,
    PartnerRoleKind,
)
from poa_desktop.domain.records import ItemRow, PlanOutline

_CONTEXT = "Registers"
_DIGITS = re.compile(r"\d+")


def tr(text: str) -> str:
    """Translate in the registers' context (every user-visible string goes through it)."""
    return QCoreApplication.translate(_CONTEXT, text)


def partner_kind_label(kind: PartnerKind | str) -> str:
    labels = {
        PartnerKind.UN_AGENCY: tr("UN agency"),
        PartnerKind.IFI: tr("International financial institution"),
        PartnerKind.SOCIAL_SECURITY_ASSOCIATION: tr("Social security association"),
        PartnerKind.DONOR: tr("Donor"),
        PartnerKind.NGO: tr("NGO"),
        PartnerKind.ACADEMIC: tr("Academic"),
        PartnerKind.ILO_UNIT: tr("ILO unit"),
        PartnerKind.REGIONAL_ORGANISATION: tr("Regional organisation"),
        PartnerKind.SOCIAL_PARTNER: tr("Social partner"),
        PartnerKind.INTERAGENCY_INITIATIVE: tr("Interagency initiative"),
        PartnerKind.INTERGOVERNMENTAL_FORUM: tr("Intergovernmental forum"),
        PartnerKind.OTHER: tr("Other"),
    }
    return labels[PartnerKind(kind)]


def role_label(role: PartnerRoleKind | str) -> str:
    labels = {
        PartnerRoleKind.LEAD: tr("Lead"),
        PartnerRoleKind.PARTNER: tr("Partner"),
        PartnerRoleKind.FUNDER: tr("Funder"),
        PartnerRoleKind.HOST: tr("Host"),
    }
    return labels[PartnerRoleKind(role)]


def mou_status_label(status: MouStatus | str) -> str:
    labels = {
        MouStatus.PROPOSED: tr("Proposed"),
        MouStatus.NEGOTIATING: tr("Negotiating"),
        MouStatus.SIGNED: tr("Signed"),
        MouStatus.IN_FORCE: tr("In force"),
        MouStatus.EXPIRED: tr("Expired"),
        MouStatus.TERMINATED: tr("Terminated"),
    }
    return labels[MouStatus(status)]


def dependency_type_label(kind: DependencyType | str) -> str:
    """The short type code with its meaning, e.g. "FS – finish to start"."""
    labels = {
        DependencyType.FS: tr("FS – finish to start"),
        DependencyType.SS: tr("SS – start to start"),
        DependencyType.FF: tr("FF – finish to finish"),
        DependencyType.SF: tr("SF – start to finish"),
    }
    return labels[DependencyType(kind)]


def gender_marker_label(marker: GenderMarker | str) -> str:
    labels = {
        GenderMarker.NOT_SCREENED: tr("Not screened"),
        GenderMarker.NOT_TARGETED: tr("Not targeted"),
        GenderMarker.SIGNIFICANT: tr("Significant"),
        GenderMarker.PRINCIPAL: tr("Principal"),
    }
    return labels[GenderMarker(marker)]


#: The label function of each enum the views edit with a combo box.
ENUM_LABELS = {
    PartnerKind: partner_kind_label,
    PartnerRoleKind: role_label,
    MouStatus: mou_status_label,
    DependencyType: dependency_type_label,
    GenderMarker: gender_marker_label,
}


def enum_label(value: StrEnum) -> str:
    return ENUM_LABELS[type(value)](value)


def enum_rank(value: StrEnum) -> int:
    """Declaration order of an enum member: statuses sort by progress, not alphabetically."""
    return list(type(value)).index(value)


# --- values ------------------------------------------------------------------------------


def date_text(value: date | None) -> str:
    """ISO dates (2014-12-31): unambiguous across the languages a plan is shared in."""
    return value.isoformat() if value is not None else ""


def date_key(value: date | None) -> str:
    """Sort key of a date; missing dates sort first."""
    return value.isoformat() if value is not None else ""


def number_text(value: float | None) -> str:
    """A measured value: whole numbers without decimals, others with what they need."""
    if value is None:
        return ""
    locale = QLocale()
    if float(value).is_integer() and abs(value) < 1e15:
        return locale.toString(int(value))
    return locale.toString(float(value), "g", 12)


def number_key(value: float | None) -> float:
    return float(value) if value is not None else float("-inf")


def parse_number(text: str) -> float | None:
    """What the user typed as a number (in their locale, or with a dot); None if empty.

    Raises ValueError for text that is not a number.
    """
    text = text.strip()
    if not text:
        return None
    value, ok = QLocale().toDouble(text)
    if ok:
        return float(value)
    return float(text.replace(",", "."))


def percent_text(share: float | None) -> str:
    """0.4615 → "46 %" (non-breaking space, as the plan tree shows percentages)."""
    if share is None:
        return ""
    return f"{round(share * 100)}\u00a0%"


def natural_key(text: str) -> str:
    """A string that sorts "KO2" before "KO10" and "35(a)" before "37"."""
    return _DIGITS.sub(lambda match: match.group().zfill(10), text.casefold())


def codes_text(codes: tuple[str, ...]) -> str:
    return ", ".join(codes)


# --- items to pick -----------------------------------------------------------------------


def pickable_items(outline: PlanOutline | None) -> list[ItemRow]:
    """Every item of a plan in reading order: each activity followed by its means of
    action, then the key outputs, then the milestones."""
    if outline is None:
        return []
    means_of: dict[str, list[ItemRow]] = {}
    for means in outline.means_of_action:
        means_of.setdefault(means.parent_code or "", []).append(means)
    items: list[ItemRow] = []
    for activity in outline.activities:
        items.append(activity)
        items.extend(means_of.pop(activity.code, []))
    for orphans in means_of.values():
        items.extend(orphans)
    items.extend(outline.key_outputs)
    items.extend(outline.milestones)
    return items


def item_choice_text(item: ItemRow, width: int = 90) -> str:
    """ "II.2(iv) — Title…" for combo boxes and check lists."""
    title = item.title if len(item.title) <= width else item.title[: width - 1] + "…"
    return f"{item.code} — {title}"
