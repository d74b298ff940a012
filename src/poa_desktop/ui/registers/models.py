"""The register tables: one model per register, its columns declared below.

Every model holds the frozen records ``RegisterService`` returns (``set_rows``), answers
``RecordRole`` with the record and ``ItemUuidRole`` with its uuid, sorts through
``SortRole`` (numbers as numbers, dates as ISO text, statuses in their natural order) and
shows icons only beside words.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from poa_desktop.domain.enums import (
    DependencyType,
    GenderMarker,
    MouStatus,
    PartnerKind,
    PartnerRoleKind,
)
from poa_desktop.domain.records import (
    DependencyRow,
    GenderCoverageRow,
    IndicatorRow,
    MandateRow,
    MeasurementRow,
    MouRow,
    PartnerRoleRow,
    PartnerRow,
)
from poa_desktop.ui.registers.icons import mou_status_icon, overdue_icon, warning_icon
from poa_desktop.ui.registers.labels import (
    codes_text,
    date_key,
    date_text,
    dependency_type_label,
    enum_rank,
    gender_marker_label,
    mou_status_label,
    natural_key,
    number_key,
    number_text,
    partner_kind_label,
    percent_text,
    role_label,
    tr,
)
from poa_desktop.ui.registers.table_model import (
    DATE,
    ENUM,
    INTEGER,
    NUMBER,
    OPTIONAL_DATE,
    OPTIONAL_NUMBER,
    Column,
    RecordTableModel,
)


def _code(record: object) -> str:
    return str(getattr(record, "code", ""))


def _titled(code: str, title: str, *more: str) -> str:
    """Tooltip: "CODE: title" and any further paragraphs that are not empty."""
    head = f"{code}: {title}" if code else title
    return "\n\n".join([head, *(text for text in more if text)])


# --- partners ----------------------------------------------------------------------------

PARTNER_COLUMNS: tuple[Column[PartnerRow], ...] = (
    Column("code", lambda: tr("Code"), _code, lambda: tr("Short unique key of the partner"),
           field="code", value=lambda r: r.code, width=12, fit=True),
    Column("name", lambda: tr("Name"), lambda r: r.name, field="name", value=lambda r: r.name,
           tip=lambda r: _titled("", r.name, r.notes), width=34, stretch=True),
    Column("acronym", lambda: tr("Acronym"), lambda r: r.acronym, field="acronym",
           value=lambda r: r.acronym, width=10),
    Column("kind", lambda: tr("Kind"), lambda r: partner_kind_label(r.kind),
           sort=lambda r: natural_key(partner_kind_label(r.kind)), field="kind",
           value=lambda r: r.kind.value, editor=ENUM, enum=PartnerKind, width=24, fit=True),
    Column("region", lambda: tr("Region"), lambda r: r.region, field="region",
           value=lambda r: r.region, width=16),
    Column("roles", lambda: tr("Roles"), lambda r: str(r.role_count),
           lambda: tr("How many activities, means of action and outputs it has a role on"),
           sort=lambda r: r.role_count, numeric=True, width=6),
    Column("mous", lambda: tr("MOUs"), lambda r: str(r.mou_count),
           lambda: tr("How many MOUs it is a party to"), sort=lambda r: r.mou_count,
           numeric=True, width=6),
    Column("notes", lambda: tr("Notes"), lambda r: r.notes, field="notes",
           value=lambda r: r.notes, width=40, hidden=True),
)  # fmt: skip


class PartnerTableModel(RecordTableModel[PartnerRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("partner", PARTNER_COLUMNS, parent)


PARTNER_ROLE_COLUMNS: tuple[Column[PartnerRoleRow], ...] = (
    Column("partner", lambda: tr("Partner"), lambda r: r.partner_code,
           tip=lambda r: _titled(r.partner_code, r.partner_name), width=10, fit=True),
    Column("item", lambda: tr("Item"), lambda r: r.item_code,
           lambda: tr("Double-click to show the item in the plan"),
           tip=lambda r: _titled(r.item_code, r.item_title), link=lambda r: r.item_uuid, width=8,
           fit=True),
    Column("title", lambda: tr("Item title"), lambda r: r.item_title,
           link=lambda r: r.item_uuid, width=50, stretch=True),
    Column("role", lambda: tr("Role"), lambda r: role_label(r.role),
           sort=lambda r: enum_rank(r.role), field="role", value=lambda r: r.role.value,
           editor=ENUM, enum=PartnerRoleKind, width=10),
    Column("note", lambda: tr("Note"), lambda r: r.note, field="note", value=lambda r: r.note,
           width=36),
)  # fmt: skip


class PartnerRoleTableModel(RecordTableModel[PartnerRoleRow]):
    """The roles of the selected partner (the view hands it that partner's rows)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("partner_role", PARTNER_ROLE_COLUMNS, parent)


# --- MOUs --------------------------------------------------------------------------------


def _overdue_tip(row: MouRow) -> str:
    if not row.overdue:
        return ""
    return tr("Not signed, and its target date {date} has passed").format(
        date=date_text(row.target_date)
    )


MOU_COLUMNS: tuple[Column[MouRow], ...] = (
    Column("code", lambda: tr("Code"), _code, field="code", value=lambda r: r.code, width=12,
           fit=True),
    Column("title", lambda: tr("Title"), lambda r: r.title, field="title",
           value=lambda r: r.title, tip=lambda r: _titled(r.code, r.title, r.source_text, r.notes),
           width=34, stretch=True),
    Column("status", lambda: tr("Status"), lambda r: mou_status_label(r.status),
           sort=lambda r: enum_rank(r.status), icon=lambda r: mou_status_icon(r.status),
           field="status", value=lambda r: r.status.value, editor=ENUM, enum=MouStatus, width=14),
    Column("parties", lambda: tr("Parties"), lambda r: codes_text(r.party_codes),
           lambda: tr("Double-click to choose the parties"),
           tip=lambda r: "\n".join(r.party_names), width=22),
    Column("outputs", lambda: tr("Outputs"), lambda r: codes_text(r.output_codes),
           lambda: tr("The key outputs it serves; double-click to choose"), width=10),
    Column("target", lambda: tr("Target date"), lambda r: date_text(r.target_date),
           sort=lambda r: date_key(r.target_date), field="target_date",
           value=lambda r: r.target_date, editor=OPTIONAL_DATE, width=11),
    Column("signed", lambda: tr("Signed date"), lambda r: date_text(r.signed_date),
           sort=lambda r: date_key(r.signed_date), field="signed_date",
           value=lambda r: r.signed_date, editor=OPTIONAL_DATE, width=11),
    Column("overdue", lambda: tr("Overdue"), lambda r: tr("Overdue") if r.overdue else "",
           lambda: tr("Not signed by its target date"), sort=lambda r: int(r.overdue),
           tip=_overdue_tip, icon=lambda r: overdue_icon() if r.overdue else None, width=10),
    Column("source", lambda: tr("Source's words"), lambda r: r.source_text,
           field="source_text", value=lambda r: r.source_text, width=40, hidden=True),
    Column("notes", lambda: tr("Notes"), lambda r: r.notes, field="notes",
           value=lambda r: r.notes, width=40, hidden=True),
)  # fmt: skip


class MouTableModel(RecordTableModel[MouRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("mou", MOU_COLUMNS, parent)


# --- dependencies ------------------------------------------------------------------------


def _lag_text(row: DependencyRow) -> str:
    return f"{row.lag_days:+d}" if row.lag_days else "0"


DEPENDENCY_COLUMNS: tuple[Column[DependencyRow], ...] = (
    Column("from", lambda: tr("From"), lambda r: r.from_code,
           lambda: tr("The item that comes first; double-click to show it in the plan"),
           tip=lambda r: _titled(r.from_code, r.from_title), link=lambda r: r.from_uuid,
           width=12, fit=True),
    Column("to", lambda: tr("To"), lambda r: r.to_code,
           lambda: tr("The item that depends on it; double-click to show it in the plan"),
           tip=lambda r: _titled(r.to_code, r.to_title), link=lambda r: r.to_uuid, width=12,
           fit=True),
    Column("type", lambda: tr("Type"), lambda r: r.type.value,
           lambda: tr("FS: finish to start, SS: start to start, FF: finish to finish, "
                      "SF: start to finish"),
           sort=lambda r: enum_rank(r.type), tip=lambda r: dependency_type_label(r.type),
           field="type", value=lambda r: r.type.value, editor=ENUM, enum=DependencyType, width=6),
    Column("lag", lambda: tr("Lag (days)"), _lag_text,
           lambda: tr("Days between the two (negative: overlap)"), sort=lambda r: r.lag_days,
           field="lag_days", value=lambda r: r.lag_days, editor=INTEGER, numeric=True, width=8),
    Column("source", lambda: tr("Source's words"), lambda r: r.source_text,
           lambda: tr("Where the plan of action says so"), field="source_text",
           value=lambda r: r.source_text, width=60, stretch=True),
)  # fmt: skip


class DependencyTableModel(RecordTableModel[DependencyRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("dependency", DEPENDENCY_COLUMNS, parent)


# --- mandates and gender coverage -------------------------------------------------------


def _implemented_text(row: MandateRow) -> str:
    return codes_text(row.activity_codes) if row.implemented else tr("Not implemented")


MANDATE_COLUMNS: tuple[Column[MandateRow], ...] = (
    Column("code", lambda: tr("Paragraph"), _code, field="code", value=lambda r: r.code,
           width=9, fit=True),
    Column("text", lambda: tr("Text"), lambda r: r.text, field="text", value=lambda r: r.text,
           width=80, stretch=True),
    Column("activities", lambda: tr("Implemented by"), _implemented_text,
           lambda: tr("The activities that implement the paragraph; double-click to choose"),
           sort=lambda r: (natural_key(codes_text(r.activity_codes)) if r.implemented else ""),
           tip=lambda r: "" if r.implemented else tr("No activity implements this paragraph"),
           icon=lambda r: None if r.implemented else warning_icon(), width=22),
)  # fmt: skip


class MandateTableModel(RecordTableModel[MandateRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("mandate", MANDATE_COLUMNS, parent)


def _marker_count(marker: GenderMarker) -> Column[GenderCoverageRow]:
    def count(row: GenderCoverageRow) -> int:
        return dict(row.by_marker).get(marker, 0)

    return Column(marker.value, lambda: gender_marker_label(marker), lambda r: str(count(r)),
                  lambda: tr("Activities marked “{marker}”").format(
                      marker=gender_marker_label(marker)),
                  sort=count, numeric=True, width=11)  # fmt: skip


COVERAGE_COLUMNS: tuple[Column[GenderCoverageRow], ...] = (
    Column("component", lambda: tr("Component"),
           lambda r: f"{r.component_code} — {r.component_title}",
           sort=lambda r: natural_key(r.component_code), width=40, stretch=True),
    Column("activities", lambda: tr("Activities"), lambda r: str(r.activities),
           sort=lambda r: r.activities, numeric=True, width=9),
    *(_marker_count(marker) for marker in GenderMarker),
    Column("unscreened", lambda: tr("Not screened codes"),
           lambda r: codes_text(r.unscreened_codes),
           lambda: tr("Activities nobody has screened for gender yet"), width=24),
)  # fmt: skip


class GenderCoverageTableModel(RecordTableModel[GenderCoverageRow]):
    """Per component, how many activities carry each gender marker (read-only)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("component", COVERAGE_COLUMNS, parent, key=lambda row: row.component_code)


# --- indicators and measurements ---------------------------------------------------------


def _latest_value(row: IndicatorRow) -> float | None:
    latest = row.latest
    return latest.value if latest is not None else None


def _progress_tip(row: IndicatorRow) -> str:
    if row.progress is not None:
        text = tr("{share} of the way from the baseline ({baseline}) to the target ({target})")
        return text.format(
            share=percent_text(row.progress),
            baseline=number_text(row.baseline_value),
            target=number_text(row.target_value),
        )
    return tr("Needs a baseline, a target different from it and a measurement")


INDICATOR_COLUMNS: tuple[Column[IndicatorRow], ...] = (
    Column("code", lambda: tr("Code"), _code, field="code", value=lambda r: r.code, width=16,
           fit=True),
    Column("title", lambda: tr("Title"), lambda r: r.title, field="title",
           value=lambda r: r.title, tip=lambda r: _titled(r.code, r.title, r.source_text),
           width=40, stretch=True),
    Column("unit", lambda: tr("Unit"), lambda r: r.unit, field="unit", value=lambda r: r.unit,
           width=12),
    Column("baseline", lambda: tr("Baseline"), lambda r: number_text(r.baseline_value),
           sort=lambda r: number_key(r.baseline_value), field="baseline_value",
           value=lambda r: r.baseline_value, editor=OPTIONAL_NUMBER, numeric=True, width=8),
    Column("baseline_date", lambda: tr("Baseline date"), lambda r: date_text(r.baseline_date),
           sort=lambda r: date_key(r.baseline_date), field="baseline_date",
           value=lambda r: r.baseline_date, editor=OPTIONAL_DATE, width=11),
    Column("target", lambda: tr("Target"), lambda r: number_text(r.target_value),
           sort=lambda r: number_key(r.target_value), field="target_value",
           value=lambda r: r.target_value, editor=OPTIONAL_NUMBER, numeric=True, width=8),
    Column("target_date", lambda: tr("Target date"), lambda r: date_text(r.target_date),
           sort=lambda r: date_key(r.target_date), field="target_date",
           value=lambda r: r.target_date, editor=OPTIONAL_DATE, width=11),
    Column("latest", lambda: tr("Latest"), lambda r: number_text(_latest_value(r)),
           lambda: tr("The latest measurement (add one below)"),
           sort=lambda r: number_key(_latest_value(r)), numeric=True, width=8),
    Column("latest_date", lambda: tr("Measured on"),
           lambda r: date_text(r.latest.measured_on if r.latest else None),
           sort=lambda r: date_key(r.latest.measured_on if r.latest else None), width=11),
    Column("progress", lambda: tr("Progress"), lambda r: percent_text(r.progress),
           lambda: tr("How far the latest measurement has come from the baseline to the "
                      "target"),
           sort=lambda r: number_key(r.progress), tip=_progress_tip, numeric=True, width=12,
           share=lambda r: r.progress),
    Column("source", lambda: tr("Source's words"), lambda r: r.source_text,
           field="source_text", value=lambda r: r.source_text, width=40, hidden=True),
)  # fmt: skip


class IndicatorTableModel(RecordTableModel[IndicatorRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("indicator", INDICATOR_COLUMNS, parent)


MEASUREMENT_COLUMNS: tuple[Column[MeasurementRow], ...] = (
    Column("date", lambda: tr("Date"), lambda r: date_text(r.measured_on),
           sort=lambda r: date_key(r.measured_on), field="date", value=lambda r: r.measured_on,
           editor=DATE, width=11),
    Column("value", lambda: tr("Value"), lambda r: number_text(r.value),
           sort=lambda r: number_key(r.value), field="value", value=lambda r: r.value,
           editor=NUMBER, numeric=True, width=10),
    Column("note", lambda: tr("Note"), lambda r: r.note, field="note", value=lambda r: r.note,
           width=50, stretch=True),
)  # fmt: skip


class MeasurementTableModel(RecordTableModel[MeasurementRow]):
    """The measurements of the selected indicator (the view hands it that indicator's)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("measurement", MEASUREMENT_COLUMNS, parent)
