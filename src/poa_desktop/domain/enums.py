"""Closed vocabularies of a plan of action.

The string values are what the database stores (with CHECK constraints built from these
enums) and what the JSON dump writes, so renaming a value needs a migration.
"""

from __future__ import annotations

from enum import StrEnum


class ItemKind(StrEnum):
    """The kinds of schedulable item in a plan (one table, one code space)."""

    ACTIVITY = "activity"
    MEANS = "means"
    OUTPUT = "output"
    MILESTONE = "milestone"


class Status(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    DELAYED = "delayed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class GenderMarker(StrEnum):
    """OECD DAC gender equality policy marker, plus the state before anyone screened it."""

    NOT_SCREENED = "not_screened"
    NOT_TARGETED = "not_targeted"
    SIGNIFICANT = "significant"
    PRINCIPAL = "principal"


class DependencyType(StrEnum):
    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class PartnerKind(StrEnum):
    UN_AGENCY = "un_agency"
    IFI = "ifi"
    SOCIAL_SECURITY_ASSOCIATION = "social_security_association"
    DONOR = "donor"
    NGO = "ngo"
    ACADEMIC = "academic"
    ILO_UNIT = "ilo_unit"
    REGIONAL_ORGANISATION = "regional_organisation"
    SOCIAL_PARTNER = "social_partner"
    INTERAGENCY_INITIATIVE = "interagency_initiative"
    INTERGOVERNMENTAL_FORUM = "intergovernmental_forum"
    OTHER = "other"


class PartnerRoleKind(StrEnum):
    LEAD = "lead"
    PARTNER = "partner"
    FUNDER = "funder"
    HOST = "host"


class MouStatus(StrEnum):
    PROPOSED = "proposed"
    NEGOTIATING = "negotiating"
    SIGNED = "signed"
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    TERMINATED = "terminated"


#: MOU statuses in which the MOU has been signed (a signed date is expected).
SIGNED_MOU_STATUSES = frozenset(
    {MouStatus.SIGNED, MouStatus.IN_FORCE, MouStatus.EXPIRED, MouStatus.TERMINATED}
)


def values(enum: type[StrEnum]) -> list[str]:
    """The stored values of an enum, in declaration order."""
    return [member.value for member in enum]
