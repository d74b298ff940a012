"""Measures of the review pack: exporting it and importing it back, beside the xlsxwriter
and openpyxl read-only floors.

* export: ``export_review_pack`` as the window and ``poa-desktop export matrix`` run it (read
  the plan, its registers and findings, write every sheet, save atomically), beside XlsxWriter
  in its fastest mode (``constant_memory``) writing the same cell values with no styling;
* import: ``import_review_pack`` as a dry run of that same file (the safety checks, reading the
  importable sheets, comparing them with the plan), beside openpyxl's read-only mode
  iterating every row of every sheet of the same workbook, values only.

The rounds of a measure and its floor alternate, so both see the same load on a busy
machine.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from poa_desktop.bench.measures import Context
from poa_desktop.bench.runner import Measure

TODAY = date(2024, 3, 1)
Rows = list[tuple[str, list[tuple[Any, ...]]]]


def _alternating(
    work: Callable[[], Any], floor: Callable[[], Any], rounds: int
) -> tuple[list[float], list[float]]:
    ours: list[float] = []
    floors: list[float] = []
    for _ in range(rounds):
        for job, times in ((work, ours), (floor, floors)):
            started = time.perf_counter()
            job()
            times.append(time.perf_counter() - started)
    return ours, floors


def _services(context: Context) -> tuple[Any, Any, Any]:
    from poa_desktop.services.baseline_service import BaselineService
    from poa_desktop.services.plan_service import PlanService
    from poa_desktop.services.register_service import RegisterService

    database = context.database
    return PlanService(database), RegisterService(database), BaselineService(database)


def _export(context: Context, out: Path, reading: list[float] | None = None) -> Path:
    """Export the pack; ``reading`` gets the seconds spent reading the plan (until the
    first progress report, which comes when everything is read and no sheet is written)."""
    from poa_desktop.services.review_pack import export_review_pack

    plan_service, registers, baselines = _services(context)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done == 0 and reading is not None:
            reading.append(time.perf_counter() - started)

    return export_review_pack(plan_service, registers, baselines, context.plan_uuid, out,
                              today=TODAY, progress=progress)  # fmt: skip


def read_all_rows(path: Path) -> Rows:
    """Floor of the import: every row of every sheet, openpyxl read-only, values only."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    try:
        return [(sheet.title, list(sheet.iter_rows(values_only=True)))
                for sheet in workbook.worksheets]  # fmt: skip
    finally:
        workbook.close()


def write_plain(rows: Rows, out: Path) -> None:
    """Floor of the export: the same values, XlsxWriter constant_memory, no styling."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
    for name, sheet_rows in rows:
        sheet = workbook.add_worksheet(name)
        for row, values in enumerate(sheet_rows):
            for column, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(row, column, value)
                elif isinstance(value, datetime):
                    sheet.write_datetime(row, column, value)
                else:
                    sheet.write_number(row, column, value)
    workbook.close()


def export_pack(context: Context, rounds: int) -> Measure:
    out = context.folder / f"review-pack-{context.size}.xlsx"
    plain = context.folder / "review-pack-floor.xlsx"
    rows = read_all_rows(_export(context, out))
    cells = sum(1 for _, sheet in rows for values in sheet for v in values if v is not None)
    reading: list[float] = []
    ours, floors = _alternating(lambda: _export(context, out, reading),
                                lambda: write_plain(rows, plain), rounds)  # fmt: skip
    read, floor = statistics.median(reading), statistics.median(floors)
    writing = statistics.median(total - part for total, part in zip(ours, reading, strict=True))
    return Measure(
        f"export the review pack ({context.size})",
        ours,
        "xlsxwriter constant_memory writing the same cells",
        floors,
        budget="ratio<=2",
        note=(
            f"{cells:,} cells with values, {out.stat().st_size / 1e6:.1f} MB; reading the plan "
            f"(records, registers, checks) {read * 1000:.0f} ms, writing {writing * 1000:.0f} "
            f"ms = {writing / floor:.2f}× the floor"
        ),
    )


def import_pack(context: Context, rounds: int) -> Measure:
    from poa_desktop.domain.errors import UserError
    from poa_desktop.services.change_builder import ChangeBuilder
    from poa_desktop.services.editing import PlanEditor
    from poa_desktop.services.review_pack import import_review_pack

    path = context.folder / f"review-pack-{context.size}.xlsx"
    if not path.exists():
        _export(context, path)
    plan_service = _services(context)[0]
    builder, editor = ChangeBuilder(context.database), PlanEditor(context.database)
    name = f"import the review pack back ({context.size})"
    floor_name = "openpyxl read-only reading the same workbook"

    def work() -> None:
        report = import_review_pack(plan_service, builder, editor, context.plan_uuid, path,
                                    dry_run=True)  # fmt: skip
        if report.changes:  # the plan's own pack: anything listed is a defect
            raise RuntimeError(f"the plan's own pack lists {len(report.changes)} changes")

    try:
        work()
    except UserError as error:  # refused: say so in the table rather than stop the bench
        first_line = str(error).splitlines()[0]
        floors = [time.perf_counter()]
        read_all_rows(path)
        floors[0] = time.perf_counter() - floors[0]
        return Measure(name, [math.nan], floor_name, floors, budget="ratio<=2",
                       note=f"refused: {first_line}")  # fmt: skip
    ours, floors = _alternating(work, lambda: read_all_rows(path), rounds)
    return Measure(name, ours, floor_name, floors, budget="ratio<=2")


MEASURES: list[Callable[[Context, int], Measure]] = [export_pack, import_pack]
