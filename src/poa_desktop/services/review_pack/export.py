"""The Governing Body review pack: one workbook of print-ready sheets about one plan.

``export_review_pack`` reads everything first (a missing plan or baseline is refused before
any file is touched), builds the sheets one by one (reporting progress and honouring a
cancel between them), and writes the file through a temporary file renamed over the target:
a crash or a cancel leaves the old file or none, never half a workbook. With a fixed
``today`` the bytes are reproducible: the export date, the workbook's timestamps and the zip
entries' times all come from it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from poa_desktop.domain.errors import UserError
from poa_desktop.services.files import replacing
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

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for done, build in enumerate(builders, start=1):
        check(cancelled, nothing)
        build(workbook, data)
        report(progress, done, total)
    check(cancelled, nothing)
    _set_properties(workbook, data)
    payload = _workbook_bytes(workbook, today)
    check(cancelled, nothing)
    with replacing(out) as temporary:
        temporary.write_bytes(payload)
    report(progress, total, total)
    return out


def _set_properties(workbook: Any, data: PackData) -> None:
    from openpyxl.packaging.custom import StringProperty

    stamp = datetime(data.today.year, data.today.month, data.today.day)
    properties = workbook.properties
    properties.title = f"{data.plan.title} – review pack"
    properties.subject = f"Plan {data.plan.code}"
    properties.creator = f"poa-desktop {data.version}"
    properties.lastModifiedBy = properties.creator
    properties.description = (
        f"Review pack of the plan {data.plan.code} ({data.plan.title}), exported on "
        f"{data.today.isoformat()} by poa-desktop {data.version}."
    )
    properties.keywords = "plan of action; activity matrix; review pack"
    properties.created = stamp
    properties.modified = stamp
    workbook.custom_doc_props.append(StringProperty(name="Plan", value=data.plan.code))
    workbook.custom_doc_props.append(StringProperty(name="Plan id", value=data.plan.uuid))
    workbook.custom_doc_props.append(
        StringProperty(name="Exported on", value=data.today.isoformat())
    )
    workbook.custom_doc_props.append(StringProperty(name="App version", value=data.version))
    if data.baseline is not None:
        workbook.custom_doc_props.append(StringProperty(name="Baseline", value=data.baseline.name))


def _workbook_bytes(workbook: Any, today: date) -> bytes:
    """The saved workbook, with every zip entry dated ``today`` so equal input gives
    equal bytes (openpyxl stamps entries and the modified time with the clock)."""
    from openpyxl.writer.excel import ExcelWriter

    first = io.BytesIO()
    with zipfile.ZipFile(first, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()  # save_workbook would reset "modified"
    stamp = (max(today.year, 1980), today.month, today.day, 0, 0, 0)
    second = io.BytesIO()
    with (
        zipfile.ZipFile(first) as source,
        zipfile.ZipFile(second, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename))
    return second.getvalue()
