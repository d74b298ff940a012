"""The defects the review-pack fuzzing (test_fuzz_workbook.py) found, each pinned by the
minimal example it shrank to, on the shipped plan's review pack: a damaged archive refused
naming the part, a cell the plan cannot hold refused naming the file, the sheet and the cell
(dry run and import alike), the database unchanged; and the command line's answers.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from poa_desktop.domain.errors import UserError
from poa_desktop.services.review_pack.reading import _date, _text
from workbook_fuzzing import (
    NAME,
    Huge,
    Importer,
    Pack,
    export_pack,
    header_row,
    make_importer,
    mutate_archive,
    put,
    saved,
    table_digest,
)


@pytest.fixture(scope="module")
def exported_pack(shipped_template: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The shipped plan's review pack, exported once for the module."""
    return export_pack(shipped_template, tmp_path_factory.mktemp("defects-pack"))


@pytest.fixture(scope="module")
def pack(exported_pack: bytes) -> Pack:
    return Pack(exported_pack)


@pytest.fixture
def importer(database, plan_service, shipped_plan, db_path, tmp_path) -> Importer:  # type: ignore[no-untyped-def]
    return make_importer(database, plan_service, shipped_plan, db_path, tmp_path)


# --- the archive --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ops", "message"),
    [
        # Were NotImplementedError from zipfile (flag bits 5 and 6; a version it cannot read).
        ([("header", "xl/worksheets/sheet2.xml", "flags", "both", ("set", 0x40))],
         r"xl/worksheets/sheet2\.xml is encrypted"),
        ([("header", "xl/worksheets/sheet2.xml", "flags", "both", ("set", 0x20))],
         r"xl/worksheets/sheet2\.xml is stored as patch data"),
        ([("header", "xl/styles.xml", "version", "central", ("set", 99))],
         r"the workbook is damaged \(zip file version 9\.9\)"),
        # Were "the workbook cannot be read (ParseError: …)" / "(KeyError: 'Worksheet Key
        # outputs does not exist.')", naming neither the part nor the sheet.
        ([("insert", "xl/worksheets/sheet2.xml", 5000, b"<")],
         r"xl/worksheets/sheet2\.xml \(the sheet 'Timeline'\) is not well-formed XML \(.*line \d+, column \d+\)"),
        ([("truncate", "docProps/core.xml", 100)], r"docProps/core\.xml is not well-formed XML"),
        ([("replace", "xl/worksheets/sheet1.xml", b"<sheetData>", b"<sheetData><x:row/>")],
         r"sheet1\.xml \(the sheet 'Activity matrix'\) is not well-formed XML \(unbound prefix"),
        # Was LookupError (an unknown encoding in a part safety.py parses itself).
        ([("insert", "xl/workbook.xml", 0, b'<?xml version="1.0" encoding="TTF-8"?>')],
         r"xl/workbook\.xml is not well-formed XML \(unknown encoding: TTF-8\)"),
        ([("insert", "xl/worksheets/sheet2.xml", 0, b'<?xml version="1.0" encoding="utf-32"?>')],
         r"sheet2\.xml \(the sheet 'Timeline'\) is not well-formed XML \(multi-byte encodings"),
        ([("drop", "xl/worksheets/sheet3.xml")],
         r"lists the sheet 'Key outputs' but its part xl/worksheets/sheet3\.xml is missing"),
    ],
)  # fmt: skip
def test_archive_defects_found_by_fuzzing_are_refused_naming_the_part(
    importer: Importer, pack: Pack, ops: list[tuple[Any, ...]], message: str
) -> None:
    """Fixed in safety.py; each was a falsifying example of the test above."""
    path = importer.folder / NAME
    path.write_bytes(mutate_archive(pack.data, ops))
    with pytest.raises(UserError, match=rf"^{re.escape(NAME)}: .*{message}"):
        importer._import(path)
    assert importer.run(path.read_bytes()).startswith("refused")  # and unchanged, fast


# --- cells the plan cannot hold ----------------------------------------------------------


def edit_cell(importer: Importer, pack: Pack, sheet: str, code: str, header: str,
              value: object) -> tuple[Path, str]:  # fmt: skip
    """The pack with the cell of ``code`` under ``header`` set to ``value``; its path and
    the cell's coordinate."""
    workbook = pack.workbook()
    target = workbook[sheet]
    header_at = header_row(target)
    column = next(c.column for c in target[header_at] if c.value == header)
    code_column = next(c.column for c in target[header_at] if c.value == "Code")
    row = next(r for r in range(header_at + 1, target.max_row + 1)
               if target.cell(row=r, column=code_column).value == code)  # fmt: skip
    cell = target.cell(row=row, column=column)
    put(cell, value)
    path = importer.folder / NAME
    path.write_bytes(saved(workbook))
    return path, cell.coordinate


@pytest.mark.parametrize(
    ("sheet", "code", "header", "value", "message"),
    [
        # A: a real date was taken whatever its year; the plan then held a date its own
        # JSON export refuses. Now the plan document's rule (domain.fields.date_field).
        pytest.param("Timeline", "I.1", "Start", datetime(1800, 1, 1),
                     "'1800-01-01' is not a plausible date", id="implausible-date-in-a-date-cell"),
        pytest.param("Timeline", "I.1", "Start", -5, "'1899-12-25' is not a plausible date",
                     id="implausible-date-a-negative-serial"),
        pytest.param("Timeline", "I.1", "End", "0800-01-01", "'0800-01-01' is not a plausible",
                     id="implausible-date-as-text"),
        # A: a Timing year outside 1900-2200 moved Start and End (diff._dates_from_timing).
        pytest.param("Activity matrix", "I.1(i)", "Timing", "1899",
                     "the Timing '1899' would move the start and end, but '1899-01-01' is not "
                     "a plausible date", id="implausible-date-from-timing"),
        # B: C1 controls passed the reader; PlanEditor refused them naming no cell.
        pytest.param("Timeline", "I.2(i)", "Title", "Bell\x85ringing",
                     "contains the control character U\\+0085 at position 5", id="c1-control"),
        # C: text over 20,000 characters passed the reader; PlanEditor refused it.
        pytest.param("Timeline", "I.2(i)", "Title", Huge("x", 20_001),
                     r"text of 20001 characters \(at most 20000\)", id="long-text"),
        # D: a key output's emptied date: "A key output needs its start date." at apply
        # time, naming neither KO3 nor the cell.
        pytest.param("Key outputs", "KO3", "Start", None,
                     "KO3 is a key output and needs its start date", id="required-date"),
        # E: date(0, 1, 1) -> ValueError: year 0 is out of range, in _dates_from_timing.
        pytest.param("Activity matrix", "I.1(i)", "Timing", "0000",
                     "the Timing '0000' would move the start and end, but '0000-01-01' is not a date",
                     id="timing-year-0"),
        pytest.param("Activity matrix", "I.1(i)", "Timing", "0000-19",
                     "the Timing '0000-19' would move the start and end, but '0000-01-01' is not a "
                     "date", id="timing-year-0-to-19"),
        # F: _text turned _xD800_ into a lone surrogate; SQLite raised UnicodeEncodeError.
        pytest.param("Timeline", "I.2(i)", "Title", "a_xD800_b",
                     r"the text holds U\+D800 \(written _xD800_\)", id="surrogate"),
    ],
)  # fmt: skip
def test_a_found_defect_is_refused_naming_the_cell(
    importer: Importer, pack: Pack, sheet: str, code: str, header: str, value: object,
    message: str,
) -> None:  # fmt: skip
    path, cell = edit_cell(importer, pack, sheet, code, header, value)
    before = table_digest(importer.db_path)
    try:
        for dry_run in (True, False):
            with pytest.raises(UserError) as refused:
                importer._import(path, dry_run=dry_run)
            assert re.match(rf"{re.escape(NAME)}: 1 problem; nothing was changed\.\n  "
                            rf"{re.escape(sheet)}!{cell}: {message}", str(refused.value)), (
                str(refused.value)[:300])  # fmt: skip
    finally:
        after = table_digest(importer.db_path)
        importer.restore()
    assert after == before


def test_a_milestone_emptied_is_refused_naming_it(importer: Importer, pack: Pack) -> None:
    workbook = pack.workbook()
    sheet = workbook["Timeline"]
    header_at = header_row(sheet)
    kinds = next(c.column for c in sheet[header_at] if c.value == "Kind")
    starts = next(c.column for c in sheet[header_at] if c.value == "Start")
    ends = next(c.column for c in sheet[header_at] if c.value == "End")
    row = next(r for r in range(header_at + 1, sheet.max_row + 1)
               if sheet.cell(row=r, column=kinds).value == "Milestone")  # fmt: skip
    code = sheet.cell(row=row, column=1).value
    sheet.cell(row=row, column=starts).value = sheet.cell(row=row, column=ends).value = None
    path = importer.folder / NAME
    path.write_bytes(saved(workbook))
    with pytest.raises(UserError, match=rf"Timeline!\w+{row}: {re.escape(code)} is a milestone "
                                        "and needs a date"):  # fmt: skip
        importer._import(path)


def test_a_formula_is_named_on_one_line(importer: Importer, pack: Pack) -> None:
    """A formula with line breaks is echoed flattened: one problem, one line."""
    path, cell = edit_cell(importer, pack, "Timeline", "I.2(i)", "Title", "=A1&\r\nB2\rC3")
    with pytest.raises(UserError) as refused:
        importer._import(path, dry_run=True)
    lines = str(refused.value).split("\n")
    assert len(lines) == 2 and lines[1].startswith(
        f"  Timeline!{cell}: holds a formula (=A1& B2 C3)"
    )


def test_the_reader_joins_an_escaped_surrogate_pair_and_refuses_a_lone_half() -> None:
    assert _text("a_xD83D__xDE00_b") == "a\U0001f600b"
    for lone in ("_xDE00__xD83D_", "x_xDBFF_", "_xDC00_"):
        with pytest.raises(ValueError, match="half of a character pair"):
            _text(lone)


def test_the_reader_takes_the_plausible_dates_of_the_plan_document() -> None:
    assert _date(datetime(1900, 1, 1), end=False) == date(1900, 1, 1)
    assert _date("2200-12-31", end=True) == date(2200, 12, 31)
    assert _date(2014, end=True) == date(2014, 12, 31)
    for wrong in (datetime(1899, 12, 31), date(2201, 1, 1), date(1, 1, 1), "9999-12-31"):
        with pytest.raises(ValueError, match="is not a plausible date"):
            _date(wrong, end=False)


# --- the command line ---------------------------------------------------------------------


def test_the_command_line_reports_what_the_fuzzing_checks(
    cli: Any, db_path: Path, pack: Pack, tmp_path: Path
) -> None:
    """``poa-desktop import matrix``: a refusal is status 2 and one message naming the file
    (never "unexpected error", status 1), the database untouched; an edit is listed by a
    dry run and applied by the import."""
    path = tmp_path / NAME
    before = table_digest(db_path)
    hostile = [
        b"PK\x03\x04" + bytes(range(256)),
        mutate_archive(pack.data, [("header", "xl/worksheets/sheet2.xml", "flags", "both",
                                    ("set", 0x40))]),  # was NotImplementedError
        mutate_archive(pack.data, [("insert", "xl/worksheets/sheet2.xml", 5000, b"<")]),
    ]  # fmt: skip
    for data in hostile:
        path.write_bytes(data)
        for dry_run in ((), ("--dry-run",)):
            status, out, err = cli("--db", db_path, "import", "matrix", path, *dry_run)
            assert (status, out) == (2, ""), err
            assert err.startswith(f"poa-desktop: {NAME}: ") and "unexpected" not in err
    assert table_digest(db_path) == before
    workbook = pack.workbook()
    sheet = workbook["Timeline"]
    row = next(
        r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "II.2(iv)"
    )
    sheet.cell(row=row, column=4).value = "At risk"
    path.write_bytes(saved(workbook))
    status, out, _ = cli("--db", db_path, "import", "matrix", path, "--dry-run")
    assert status == 0 and f"Timeline!D{row}: II.2(iv) status: Not started → At risk" in out
    assert table_digest(db_path) == before
    assert cli("--db", db_path, "import", "matrix", path)[0] == 0
    assert table_digest(db_path) != before
