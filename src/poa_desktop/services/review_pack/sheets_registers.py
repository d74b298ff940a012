"""The registers' sheets of the review pack: Partners & MOUs, Dependencies, Mandate
coverage, Indicators, Changes since a baseline and Data quality. They are for reading and
printing; the import does not read them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from poa_desktop.domain.records import SlipRow
from poa_desktop.services.review_pack.cells import PackBook, SheetWriter
from poa_desktop.services.review_pack.layout import (
    COVERAGE_MARK,
    DATA_QUALITY,
    DEPENDENCIES,
    INDICATORS,
    KIND_LABELS,
    MANDATES,
    MOU_STATUS_LABELS,
    OVERDUE_FONT,
    PARTNERS,
    STATUS_LABELS,
    Column,
    partner_kind_label,
    sheet_name_for_changes,
)
from poa_desktop.services.review_pack.source import PackData

GREY = "4A5565"


def _table(
    book: PackBook,
    data: PackData,
    name: str,
    columns: tuple[Column, ...],
    title: str,
    what: str,
) -> SheetWriter:
    writer = SheetWriter(book, name, columns)
    writer.title(f"{data.plan.title} – {title}", data.subtitle(what), len(columns))
    writer.header(3)
    return writer


def _finish(writer: SheetWriter, data: PackData, last: int, freeze: str = "B4") -> None:
    writer.finish(header_rows=(3, 3), last_row=max(last, 3), last_column=len(writer.columns),
                  freeze=freeze, heading=data.heading, footer=data.footer)  # fmt: skip


# --- Partners & MOUs ----------------------------------------------------------------------

PARTNER_COLUMNS = (
    Column("Partner code", 15), Column("Partner", 34), Column("Kind", 16), Column("Region", 12),
    Column("Roles", 30), Column("MOU", 13), Column("MOU title", 34), Column("MOU status", 12),
    Column("Target date", 11.5), Column("Signed date", 11.5), Column("Overdue", 10),
)  # fmt: skip


def write_partners(book: PackBook, data: PackData) -> None:
    writer = _table(book, data, PARTNERS, PARTNER_COLUMNS, "Partners and MOUs",
                    f"One row per partner and MOU; overdue: not signed by the target date "
                    f"(as of {data.today.isoformat()})")  # fmt: skip
    roles: dict[str, list[str]] = defaultdict(list)
    for role in data.partner_roles:
        roles[role.partner_uuid].append(f"{role.role.value} on {role.item_code}")
    mous_by_party: dict[str, list[Any]] = defaultdict(list)
    for mou in data.mous:
        for code in mou.party_codes:
            mous_by_party[code].append(mou)
    code, plain, bold = writer.style(color=GREY, size=9), writer.style(), writer.style(bold=True)
    row = 4
    for partner in data.partners:
        for mou in mous_by_party.get(partner.code) or [None]:
            writer.write(row, 1, partner.code, code)
            writer.write(row, 2, partner.name, bold if partner.mou_count else plain)
            writer.write(row, 3, partner_kind_label(partner.kind), plain)
            writer.write(row, 4, partner.region, plain)
            writer.write(row, 5, "; ".join(roles.get(partner.uuid, [])), plain)
            _mou_cells(writer, data, row, mou)
            row += 1
    for mou in data.mous:  # MOUs nobody is a party to yet
        if not mou.party_codes:
            writer.blanks(row, 1, 5)
            _mou_cells(writer, data, row, mou)
            row += 1
    _finish(writer, data, row - 1, freeze="C4")


def _mou_cells(writer: SheetWriter, data: PackData, row: int, mou: Any) -> None:
    if mou is None:
        writer.blanks(row, 6, 11)
        return
    overdue = data.mou_overdue(mou)
    writer.put(row, 6, mou.code, color=GREY, size=9)
    writer.put(row, 7, mou.title)
    writer.put(row, 8, MOU_STATUS_LABELS[mou.status])
    writer.put(row, 9, mou.target_date, color=OVERDUE_FONT if overdue else None, bold=overdue)
    writer.put(row, 10, mou.signed_date)
    writer.put(row, 11, "Overdue" if overdue else "", color=OVERDUE_FONT, bold=True)


# --- Dependencies -------------------------------------------------------------------------

DEPENDENCY_COLUMNS = (
    Column("From", 16), Column("Predecessor", 40), Column("Type", 6), Column("Lag (days)", 8),
    Column("To", 16), Column("Successor", 40), Column("Source text", 62),
)  # fmt: skip


def write_dependencies(book: PackBook, data: PackData) -> None:
    writer = _table(book, data, DEPENDENCIES, DEPENDENCY_COLUMNS, "Dependencies",
                    "FS finish-to-start, SS start-to-start, FF finish-to-finish, "
                    "SF start-to-finish")  # fmt: skip
    code, plain = writer.style(color=GREY, size=9), writer.style()
    centred, italic = writer.style(horizontal="center"), writer.style(italic=True)
    row = 4
    for dependency in data.dependencies:
        writer.write(row, 1, dependency.from_code, code)
        writer.write(row, 2, dependency.from_title, plain)
        writer.write(row, 3, dependency.type.value, centred)
        writer.write(row, 4, dependency.lag_days, centred)
        writer.write(row, 5, dependency.to_code, code)
        writer.write(row, 6, dependency.to_title, plain)
        writer.write(row, 7, dependency.source_text, italic)
        row += 1
    _finish(writer, data, row - 1)


# --- Mandate coverage ---------------------------------------------------------------------


def write_mandates(book: PackBook, data: PackData) -> None:
    activities = [activity.code for activity in data.outline.activities]
    columns = (
        Column("Para.", 8),
        Column("Conclusions paragraph", 58),
        *(Column(code, 6) for code in activities),
        Column("Activities", 11),
    )
    writer = _table(book, data, MANDATES, columns, "Mandate coverage",
                    f"Conclusions paragraphs × activities; {COVERAGE_MARK} the activity "
                    "implements the paragraph")  # fmt: skip
    last_column = len(columns)
    column_of = {code: 3 + index for index, code in enumerate(activities)}
    row = 4
    for mandate in data.mandates:
        writer.put(row, 1, mandate.code, bold=True)
        writer.put(row, 2, mandate.text)
        for code in mandate.activity_codes:  # the others stay empty, in the sheet's grid
            if code in column_of:
                writer.put(row, column_of[code], COVERAGE_MARK, fill="C9D3E0",
                           horizontal="center", count_lines=False)  # fmt: skip
        count = len(mandate.activity_codes)
        writer.put(row, last_column, count if count else "None", horizontal="center",
                   bold=not count, color=None if count else OVERDUE_FONT)  # fmt: skip
        row += 1
    writer.grid(4, 3, row - 1, last_column - 1)
    _finish(writer, data, row - 1, freeze="C4")


# --- Indicators ---------------------------------------------------------------------------

INDICATOR_COLUMNS = (
    Column("Code", 19), Column("Indicator", 44), Column("Unit", 14), Column("Baseline", 10),
    Column("Baseline date", 11.5), Column("Target", 10), Column("Target date", 11.5),
    Column("Latest", 10), Column("Latest date", 11.5), Column("Progress", 10),
    Column("Source text", 52),
)  # fmt: skip


def write_indicators(book: PackBook, data: PackData) -> None:
    writer = _table(book, data, INDICATORS, INDICATOR_COLUMNS, "Indicators",
                    "Progress: the share of the way from baseline to target that the latest "
                    "measurement has come")  # fmt: skip
    row = 4
    for indicator in data.indicators:
        latest = indicator.latest
        writer.put(row, 1, indicator.code, color=GREY, size=9)
        writer.put(row, 2, indicator.title)
        writer.put(row, 3, indicator.unit)
        writer.put(row, 4, indicator.baseline_value)
        writer.put(row, 5, indicator.baseline_date)
        writer.put(row, 6, indicator.target_value)
        writer.put(row, 7, indicator.target_date)
        writer.put(row, 8, latest.value if latest else None)
        writer.put(row, 9, latest.measured_on if latest else None)
        writer.put(row, 10, indicator.progress, number_format="0%", bold=True)
        writer.put(row, 11, indicator.source_text, italic=True)
        row += 1
    _finish(writer, data, row - 1)


# --- Changes since a baseline -------------------------------------------------------------

CHANGE_COLUMNS = (
    Column("Code", 16), Column("Kind", 12), Column("Title", 40), Column("What changed", 20),
    Column("Baseline start", 11.5), Column("Start", 11.5), Column("Start slip (days)", 9),
    Column("Baseline end", 11.5), Column("End", 11.5), Column("Finish slip (days)", 9),
    Column("Baseline status", 11), Column("Status", 11), Column("Baseline % done", 9),
    Column("% done", 8), Column("Title in the baseline", 34),
)  # fmt: skip


def what_changed(slip: SlipRow) -> str:
    if slip.change in ("added", "removed"):
        return slip.change
    words = []
    if slip.retimed:
        words.append("retimed")
    if slip.baseline_status is not None and slip.baseline_status != slip.status:
        words.append("status changed")
    if slip.baseline_percent is not None and slip.baseline_percent != slip.percent:
        words.append("% done changed")
    if slip.baseline_title is not None and slip.baseline_title != slip.title:
        words.append("renamed")
    return ", ".join(words) or "changed"


def write_changes(book: PackBook, data: PackData) -> None:
    baseline = data.baseline
    assert baseline is not None
    name = sheet_name_for_changes(baseline.name)
    writer = _table(book, data, name, CHANGE_COLUMNS,
                    f"Changes since {baseline.name} ({baseline.taken_on.isoformat()})",
                    "Items added, removed, retimed or changed since the baseline; slips in "
                    "days, later is positive")  # fmt: skip
    row = 4
    changed = [slip for slip in data.slips if slip.change != "unchanged"]
    for slip in changed:
        status = STATUS_LABELS[slip.status] if slip.status else None
        before = STATUS_LABELS[slip.baseline_status] if slip.baseline_status else None
        writer.put(row, 1, slip.code, color=GREY, size=9)
        writer.put(row, 2, KIND_LABELS[slip.kind])
        writer.put(row, 3, slip.title)
        writer.put(row, 4, what_changed(slip), bold=True)
        writer.put(row, 5, slip.baseline_start)
        writer.put(row, 6, slip.start)
        writer.put(row, 7, slip.start_slip_days, horizontal="center")
        writer.put(row, 8, slip.baseline_end)
        writer.put(row, 9, slip.end)
        writer.put(row, 10, slip.finish_slip_days, horizontal="center")
        writer.put(row, 11, before)
        writer.put(row, 12, status, bold=before is not None and before != status)
        writer.put(row, 13, slip.baseline_percent, horizontal="center")
        writer.put(row, 14, slip.percent, horizontal="center")
        renamed = slip.baseline_title is not None and slip.baseline_title != slip.title
        writer.put(row, 15, slip.baseline_title if renamed else None)
        row += 1
    if not changed:
        writer.put(row, 3, "Nothing has changed since the baseline.", italic=True)
        row += 1
    _finish(writer, data, row - 1)


# --- Data quality -------------------------------------------------------------------------

FINDING_COLUMNS = (
    Column("Severity", 10), Column("Check", 24), Column("Subject", 18), Column("Finding", 110),
)  # fmt: skip


def write_data_quality(book: PackBook, data: PackData) -> None:
    counts = defaultdict(int)
    for finding in data.findings:
        counts[finding.severity] += 1
    summary = ", ".join(
        f"{counts[s]} {s}{'s' * (counts[s] != 1)}"
        for s in ("error", "warning", "note")
        if counts[s]
    )
    writer = _table(book, data, DATA_QUALITY, FINDING_COLUMNS, "Data quality",
                    f"The findings of 'poa-desktop check': {summary or 'none'}")  # fmt: skip
    plain, error_style = writer.style(), writer.style(bold=True, color=OVERDUE_FONT)
    row = 4
    for finding in data.findings:
        error = finding.severity == "error"
        writer.write(row, 1, finding.severity.capitalize(), error_style if error else plain)
        writer.write(row, 2, finding.code, plain)
        writer.write(row, 3, finding.subject, plain)
        writer.write(row, 4, finding.message, plain)
        row += 1
    _finish(writer, data, row - 1)
