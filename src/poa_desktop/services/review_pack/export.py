"""The Governing Body review pack: one workbook of print-ready sheets about one plan.

``export_review_pack`` reads everything first (a missing plan or baseline is refused before
any file is touched), builds the sheets one by one (reporting progress and honouring a
cancel between them), and writes the file through a temporary file renamed over the target:
a crash or a cancel leaves the old file or none, never half a workbook. With a fixed
``today`` the bytes are reproducible: the export date and the workbook's timestamps come
from it, and XlsxWriter dates every zip entry 1980-01-01.

XlsxWriter writes the workbook (in memory: a large plan's pack is a few megabytes); openpyxl
only reads packs back (reading.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from poa_desktop.domain.collector import collector_paused
from poa_desktop.domain.errors import UserError
from poa_desktop.services.files import replacing
from poa_desktop.services.review_pack.cells import PackBook
from poa_desktop.services.review_pack.progress import CancelCheck, Progress, check, report
from poa_desktop.services.review_pack.sheets_plan import (
    write_activity_matrix,
    write_key_outputs,
    write_timeline,
)
from poa_desktop.services.review_pack.sheets_registers import (
    write_changes,
    write_data_quality,
    write_dependencies,
    write_indicators,
    write_mandates,
    write_partners,
)
from poa_desktop.services.review_pack.source import PackData, collect

SheetBuilder = Callable[[Any, PackData], None]


@collector_paused  # a large plan's pack is ~500,000 small objects that all live on
def export_review_pack(
    plan_service: Any,
    registers: Any,
    baselines: Any,
    plan_uuid: str,
    out: str | Path,
    *,
    baseline_name: str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Path:
    """Write the review pack of a plan to ``out`` (.xlsx) and return its path.

    ``plan_service``, ``registers`` and ``baselines`` are a PlanService, RegisterService and
    BaselineService over one database. ``baseline_name`` adds the *Changes since* sheet.
    Raises UserError (a missing plan or baseline, text a cell cannot hold, a folder that
    cannot be written) and Cancelled (a UserError) when ``cancelled()`` turns true.

    Python's cyclic collector is paused meanwhile: every few thousand of the pack's cells
    and records it scanned the whole heap (the window's rows too), which cost a third of
    the export on a large plan; nothing here makes cycles, reference counting frees it.
    """
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"{out}: the review pack is an Excel workbook; name it ….xlsx.")
    today = today or date.today()
    nothing = "no file was written."
    check(cancelled, nothing)
    data = collect(plan_service, registers, baselines, plan_uuid, baseline_name, today)
    builders: list[SheetBuilder] = [
        write_activity_matrix,
        write_timeline,
        write_key_outputs,
        write_partners,
        write_dependencies,
        write_mandates,
        write_indicators,
    ]
    if data.baseline is not None:
        builders.append(write_changes)
    builders.append(write_data_quality)
    total = len(builders) + 1  # and saving
    report(progress, 0, total)

    book = PackBook()
    for done, build in enumerate(builders, start=1):
        check(cancelled, nothing)
        build(book, data)
        report(progress, done, total)
    check(cancelled, nothing)
    _set_properties(book.workbook, data)
    payload = book.close()
    check(cancelled, nothing)
    with replacing(out) as temporary:
        temporary.write_bytes(payload)
    report(progress, total, total)
    return out


def _set_properties(workbook: Any, data: PackData) -> None:
    """Title, plan, date of export and app version, as Excel's File → Info shows them."""
    stamp = datetime(data.today.year, data.today.month, data.today.day)
    creator = f"poa-desktop {data.version}"
    workbook.set_properties(
        {
            "title": f"{data.plan.title} – review pack",
            "subject": f"Plan {data.plan.code}",
            "author": creator,  # also "last modified by"
            "comments": (
                f"Review pack of the plan {data.plan.code} ({data.plan.title}), exported on "
                f"{data.today.isoformat()} by {creator}."
            ),
            "keywords": "plan of action; activity matrix; review pack",
            "created": stamp,  # also "modified": the day of export, not the clock
        }
    )
    custom = [
        ("Plan", data.plan.code),
        ("Plan id", data.plan.uuid),
        ("Exported on", data.today.isoformat()),
        ("App version", data.version),
    ]
    if data.baseline is not None:
        custom.append(("Baseline", data.baseline.name))
    for name, value in custom:
        workbook.set_custom_property(name, _clipped(value), "text")


def _clipped(text: str, limit: int = 255) -> str:
    """Excel holds at most 255 UTF-16 units in a custom property (a long baseline name)."""
    if len(text.encode("utf-16-le")) // 2 <= limit:
        return text
    while len(text.encode("utf-16-le")) // 2 > limit - 1:
        text = text[:-1]
    return text + "…"
