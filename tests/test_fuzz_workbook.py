"""Fuzzing the review-pack importer (``poa-desktop import matrix IN.xlsx``): whatever the
workbook holds, the import applies a sensible difference or raises ``UserError`` naming the
file and the problem, in under two seconds and bounded memory, and a refused import leaves
every table of the database exactly as it was (the checks: ``workbook_fuzzing.Importer``).

Three kinds of input, all but the last made from the shipped plan's real review pack:

* the archive mutated at the zip level: bytes flipped, cut or inserted in a part, parts
  dropped, duplicated or renamed, declared sizes, CRCs, methods and flags changed in the
  headers, the raw archive damaged;
* cells edited with openpyxl as a coordinator (or an attacker) could: any unicode text and
  control characters, numbers where codes or dates belong, dates from 0001 to 9999,
  formulas, huge strings, empty rows, duplicated, unknown and new codes, swapped and
  renamed columns, renamed or deleted sheets;
* arbitrary bytes, bare or behind the zip and OLE signatures, and minimal workbooks whose
  sheet holds arbitrary XML.

The defects this fuzzing found are fixed and pinned, each by its minimal example, in
test_workbook_defects.py. A new one: pin it there as a strict xfail until it is fixed. CI
runs a short derandomized series; ``POA_LONG_TESTS=1`` a long random one.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell

from poa_desktop.services.review_pack.layout import IMPORT_COLUMNS, IMPORTABLE, header_key
from workbook_fuzzing import (
    FIELDS,
    MEMORY_LIMIT,
    WORST,
    Huge,
    Importer,
    Pack,
    PeakMemory,
    Touched,
    build_zip,
    export_pack,
    fuzz_settings,
    header_row,
    make_importer,
    mutate_archive,
    put,
    saved,
)


@pytest.fixture(scope="module")
def exported_pack(shipped_template: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The shipped plan's review pack, exported once for the module."""
    return export_pack(shipped_template, tmp_path_factory.mktemp("fuzz-pack"))


@pytest.fixture(scope="module")
def pack(exported_pack: bytes) -> Pack:
    return Pack(exported_pack)


@pytest.fixture
def importer(database, plan_service, shipped_plan, db_path, tmp_path) -> Importer:  # type: ignore[no-untyped-def]
    return make_importer(database, plan_service, shipped_plan, db_path, tmp_path)


@pytest.fixture(scope="module", autouse=True)
def worst_seen() -> Iterator[None]:
    yield
    print(f"\nslowest import {WORST['seconds']:.2f} s, largest growth "
          f"{WORST['megabytes']:.1f} MB")  # fmt: skip


def test_the_memory_meter_sees_an_import_that_would_hold_too_much() -> None:
    """The bound can fail: holding a zip bomb's worth of bytes is measured as such."""
    with PeakMemory() as memory:
        held = b"x" * (MEMORY_LIMIT + 16 * 2**20)
        del held
    assert memory.grown >= MEMORY_LIMIT


# --- (a) the archive mutated --------------------------------------------------------------

#: The parts the checks and the reader care most about come first (hypothesis shrinks
#: towards them); sheet1-3 are the importable sheets.
MEMBERS = ("xl/worksheets/sheet2.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml",
           "xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels",
           "xl/styles.xml", "docProps/custom.xml", "_rels/.rels", "xl/worksheets/sheet8.xml",
           "xl/theme/theme1.xml", "docProps/core.xml", "docProps/app.xml")  # fmt: skip
SNIPPETS = st.one_of(
    st.sampled_from([b"<!DOCTYPE x>", b'<!ENTITY e "x">', b"&e;", b"&amp;", b"\x00", b"\x07",
                     b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"]]>", b"<![CDATA[<v>]]>",
                     b'<c r="A1"><v>1</v></c>', b'<row r="1048577">', b"<v>1e999</v>",
                     b"<v>nan</v>", b'<c r="F9" s="99"><v>-1</v></c>', b'<c t="e"><v>#REF!</v></c>',
                     b'<c r="ZZZZ1" t="inlineStr"><is><t>x</t></is></c>', b' xmlns:x="y"',
                     b"</worksheet>", b'<?xml version="1.0"?>', b'<sheet name="Timeline" r:id="rId99"/>',
                     b"_x0000_", b"\xef\xbb\xbf", b'<?xml version="1.0" encoding="TTF-8"?>',
                     b'<?xml version="1.0" encoding="UTF-16"?>', b'<?xml version="1.1"?>']),
    st.binary(min_size=1, max_size=32),
)  # fmt: skip
NEW_NAMES = st.one_of(
    st.sampled_from((*MEMBERS, "xl/worksheets/Sheet1.xml", "XL/workbook.xml",
                     "[content_types].xml", "../evil.xml", "/xl/workbook.xml", "xl\\workbook.xml",
                     "xl/worksheets/sheet1.xml/", "xl/sharedStrings.xml")),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=24),
)  # fmt: skip
OFFSET = st.integers(0, 2**31)
HEADER_VALUE = st.one_of(
    st.integers(-2, 2).map(lambda delta: ("add", delta)),
    st.sampled_from([0, 1, 8, 9, 12, 14, 63, 99, 0x20, 0x40, 0x41, 0x800, 2**31, 2**32 - 1])
    .map(lambda v: ("set", v)),
    st.integers(0, 2**32 - 1).map(lambda v: ("set", v)),
)  # fmt: skip
ARCHIVE_OPS = st.one_of(
    st.tuples(st.just("flip"), st.sampled_from(MEMBERS), OFFSET, st.integers(1, 255)),
    st.tuples(st.just("truncate"), st.sampled_from(MEMBERS), OFFSET),
    st.tuples(st.just("insert"), st.sampled_from(MEMBERS), OFFSET, SNIPPETS),
    st.tuples(st.just("drop"), st.sampled_from(MEMBERS)),
    st.tuples(st.just("duplicate"), st.sampled_from(MEMBERS)),
    st.tuples(st.just("rename"), st.sampled_from(MEMBERS), NEW_NAMES),
    st.tuples(st.just("stored"), st.sampled_from(MEMBERS)),
    st.tuples(st.just("header"), st.sampled_from(MEMBERS),
              st.sampled_from(["size", "csize", "crc", "method", "flags", "version"]),
              st.sampled_from(["both", "local", "central"]), HEADER_VALUE),
    st.tuples(st.just("raw-flip"), OFFSET, st.integers(1, 255)),
    st.tuples(st.just("raw-truncate"), OFFSET),
    st.tuples(st.just("raw-insert"), OFFSET, st.binary(min_size=1, max_size=64)),
)  # fmt: skip
#: (offset in the local header, in the central header, width) of each header field.


@fuzz_settings(ci=120, long=5000)
@given(ops=st.lists(ARCHIVE_OPS, min_size=1, max_size=3))
def test_a_mutated_archive_imports_sensibly_or_is_refused_with_a_message(
    importer: Importer, pack: Pack, ops: list[tuple[Any, ...]]
) -> None:
    importer.run(mutate_archive(pack.data, ops))


# --- (b) cells edited with openpyxl -------------------------------------------------------

PLAN_DATES = st.dates(date(2010, 1, 1), date(2020, 12, 31))
EDGE_DATES = st.sampled_from([date(1900, 1, 1), date(1900, 2, 28), date(1900, 3, 1),
                              date(1899, 12, 30), date(1899, 12, 31), date(9999, 12, 31),
                              date(1, 1, 1), date(2200, 12, 31), date(2201, 1, 1),
                              date(1905, 7, 6)])  # fmt: skip
ANY_DATES = st.one_of(EDGE_DATES, st.dates(), st.datetimes(),
                      PLAN_DATES.map(lambda day: datetime(day.year, day.month, day.day)))  # fmt: skip
LABELS = st.sampled_from(["Not started", "On track", "At risk", "Delayed", "Completed",
                          "Cancelled", "completed", "AT RISK", "on_track", "finished",
                          "Means of action", "Activity", "Key output", "Milestone",
                          "Component", "Task"])  # fmt: skip
CODES = st.sampled_from(["I", "II", "G", "I.1", "II.2", "II.2(iv)", "II.2(v)", "V.3", "V.3(ii)",
                         "II.2(vii)", "II.2(xx)", "II.9(iv)", "ZZ.9", "KO3", "KO99", "MS-GB-312",
                         "MS-TME-2015", " II.2(iv) ", "ii.2(IV)", "(iv)", "I.1(i)"])  # fmt: skip
YEARS = st.one_of(
    st.sampled_from(["2014", "2013-19", "2012-13", "(2015)", "2016–2017", "2019-12",
                     "2014-02-30", "2014-07-01", "2014-07-01 00:00", "1899", "2201", "0000",
                     "99999", "2014.5", "50%", "100 %", " 40 "]),
    st.integers(1899, 2201),
)  # fmt: skip
NUMBERS = st.one_of(
    st.integers(-(10**15), 10**15),
    st.floats(),
    st.sampled_from([0, 50, 100, 101, -1, 0.5, 99.99, 1e300, -1e300, 2**53 + 1]),
)
FORMULAS = st.one_of(
    st.sampled_from(["=1/0", "=A1", "=DATE(2014,1,1)", "=SUM(A:A)", "=NOW()", "=+-", "=",
                     '=HYPERLINK("http://example.org","x")', "=cmd|' /C calc'!A0"]),
    st.text(max_size=12).map(lambda text: "=" + text),
)  # fmt: skip


HUGE = st.builds(Huge, st.text(min_size=1, max_size=3),
                 st.sampled_from([20_001, 32_767, 40_000, 200_000]))  # fmt: skip
ODD = st.sampled_from([None, "", "   ", True, False, clock(12, 0), timedelta(days=3), "\n",
                       "_x0007_", "_x0085_", "_xD800_", "_x005F_x0041_", "#N/A", "#VALUE!"])  # fmt: skip
VALUES = st.one_of(
    PLAN_DATES,
    LABELS,
    CODES,
    YEARS,
    st.text(max_size=40),
    ANY_DATES,
    NUMBERS,
    FORMULAS,
    st.text(st.characters(max_codepoint=0x9F), max_size=8),
    ODD,
    HUGE,
)
SHEETS = st.sampled_from(IMPORTABLE)
SPOT = st.tuples(st.sampled_from(["data", "data", "data", "below", "header", "top"]),
                 st.integers(0, 10_000))  # fmt: skip
COLUMN = st.integers(1, 12)
HEADERS = st.sampled_from(sorted({c.header for cs in IMPORT_COLUMNS.values() for c in cs}))
#: Values a coordinator would type in each importable column (the edits that should apply).
TYPED = {
    "title": st.text(min_size=1, max_size=60),
    "timing_text": YEARS.map(str),
    "start": PLAN_DATES.map(lambda day: datetime(day.year, day.month, day.day)),
    "end": PLAN_DATES.map(lambda day: datetime(day.year, day.month, day.day)),
    "status": LABELS,
    "percent_complete": st.integers(0, 100),
}
TYPED_EDIT = st.sampled_from(FIELDS).flatmap(
    lambda name: st.tuples(st.just("typed"), SHEETS, SPOT, st.just(name), TYPED[name])
)
EDITS = st.one_of(
    TYPED_EDIT,
    st.tuples(st.just("set"), SHEETS, SPOT, COLUMN, VALUES),
    st.tuples(st.just("set"), st.sampled_from([*IMPORTABLE, "Partners & MOUs"]), SPOT, COLUMN, VALUES),
    st.tuples(st.just("append"), SHEETS, st.lists(VALUES, min_size=1, max_size=10)),
    st.tuples(st.just("copy"), SHEETS, SPOT),
    st.tuples(st.sampled_from(["insert", "delete"]), SHEETS, SPOT, st.integers(1, 3)),
    st.tuples(st.just("swap"), SHEETS, COLUMN, COLUMN, st.booleans()),
    st.tuples(st.just("header"), SHEETS, COLUMN, st.one_of(HEADERS, st.text(max_size=12))),
    st.tuples(st.just("sheet"), SHEETS,
              st.sampled_from([None, *IMPORTABLE, "Timeline ", "timeline", "Sheet1", "Key outputs (2)"])),
)  # fmt: skip


def header_field(sheet: str, text: str) -> str | None:
    key = header_key(text)
    return next((c.field for c in IMPORT_COLUMNS.get(sheet, ()) if c.key == key), None)


def structural_columns(sheet: Any, header: int) -> set[int]:
    """The columns that decide what a whole row is (Code, Kind)."""
    if not header:
        return set()
    return {cell.column for cell in sheet[header]
            if isinstance(cell.value, str) and cell.value.strip() in ("Code", "Kind")}  # fmt: skip


def shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}… ({len(str(value)):,} characters)"


def apply_edits(workbook: Any, edits: list[tuple[Any, ...]]) -> tuple[Touched, list[str]]:
    """Apply the edits; return where they touched and a readable list of what was done."""
    touched = Touched()
    said: list[str] = []
    for edit in edits:
        kind, name = edit[0], edit[1]
        if name not in workbook.sheetnames:
            continue
        sheet = workbook[name]
        header = header_row(sheet)
        first, last = header + 1, max(sheet.max_row, header + 1)

        def row_at(spot: tuple[str, int]) -> int:
            where, n = spot
            if where == "data":
                return first + n % (last - first + 1)  # noqa: B023
            if where == "header":
                return header or 1  # noqa: B023
            return 1 + n % 2 if where == "top" else last + 1 + n % 3  # noqa: B023

        if kind == "typed":  # a value of the right kind in the column of that field
            column = next((c.column for c in (sheet[header] if header else ())
                           if isinstance(c.value, str) and header_field(name, c.value) == edit[3]),
                          None)  # fmt: skip
            if column is None:
                continue
            kind, edit = "set", (kind, name, edit[2], column, edit[4])
        if kind == "set":
            row, column = row_at(edit[2]), edit[3]
            value = put(sheet.cell(row=row, column=column), edit[4])
            said.append(f"{name}!{sheet.cell(row=row, column=column).coordinate} = {shown(value)}")
            if row <= header or not header:
                touched.sheets.add(name)
            elif row > last or column in structural_columns(sheet, header):
                touched.rows.add((name, row))
            else:
                touched.cells.add((name, row, column))
        elif kind == "append":
            sheet.append([None] * len(edit[2]))
            row = sheet.max_row
            values = [put(sheet.cell(row=row, column=c), v) for c, v in enumerate(edit[2], 1)]
            touched.rows.add((name, row))
            said.append(f"{name}: row {row} appended: [{', '.join(map(shown, values))}]")
        elif kind == "copy":
            source = row_at(edit[2])
            values = [cell.value for cell in sheet[source]]
            sheet.append(values)
            touched.rows.add((name, sheet.max_row))
            said.append(f"{name}: row {source} copied to row {sheet.max_row}")
        elif kind == "insert":
            row = row_at(edit[2])
            sheet.insert_rows(row, edit[3])
            touched.shift(name, row, edit[3])
            said.append(f"{name}: {edit[3]} empty rows inserted at {row}")
        elif kind == "delete":
            row = row_at(edit[2])
            sheet.delete_rows(row, 1)
            touched.cells = {t for t in touched.cells if t[:2] != (name, row)}
            touched.rows.discard((name, row))
            touched.shift(name, row + 1, -1)
            if row <= header:
                touched.sheets.add(name)
            said.append(f"{name}: row {row} deleted")
        elif kind == "swap":
            left, right, with_header = edit[2], edit[3], edit[4]
            for row in range(1 if with_header else first, last + 1):
                a, b = sheet.cell(row=row, column=left), sheet.cell(row=row, column=right)
                if not isinstance(a, MergedCell) and not isinstance(b, MergedCell):
                    a.value, b.value = b.value, a.value
            if {left, right} & structural_columns(sheet, header) and not with_header:
                touched.sheets.add(name)
            touched.columns |= {(name, left), (name, right)}
            said.append(f"{name}: columns {left} and {right} swapped"
                        f"{' with their headers' if with_header else ''}")  # fmt: skip
        elif kind == "header":
            if header:
                value = put(sheet.cell(row=header, column=edit[2]), edit[3])
                said.append(f"{name}: header of column {edit[2]} = {value!r}")
            touched.sheets.add(name)
        elif kind == "sheet" and edit[2] is None:
            if len(workbook.sheetnames) > 1:
                workbook.remove(sheet)
                said.append(f"sheet {name!r} deleted")
            touched.sheets.add(name)
        elif kind == "sheet":
            if edit[2] not in workbook.sheetnames:
                sheet.title = edit[2]
                said.append(f"sheet {name!r} renamed {edit[2]!r}")
            touched.sheets |= {name, edit[2]}
    return touched, said


@fuzz_settings(ci=45, long=1500)
@given(edits=st.lists(TYPED_EDIT, min_size=1, max_size=3) | st.lists(EDITS, min_size=1, max_size=4))
def test_edited_cells_import_sensibly_or_are_named(
    importer: Importer, pack: Pack, edits: list[tuple[Any, ...]]
) -> None:
    workbook = pack.workbook()
    touched, said = apply_edits(workbook, edits)
    note("edits:\n  " + "\n  ".join(said))
    importer.run(saved(workbook), touched)


def test_the_pack_resaved_by_openpyxl_changes_nothing(importer: Importer, pack: Pack) -> None:
    """The fuzz examples start from this: the unpickled workbook, saved, is a no-op."""
    assert importer.run(saved(pack.workbook())) == "applied 0"


# --- (c) arbitrary bytes ------------------------------------------------------------------

OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
ZIP_NAMES = st.one_of(st.sampled_from(["[Content_Types].xml", "xl/workbook.xml",
                                       "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
                                       "_rels/.rels"]), st.text(min_size=1, max_size=12))  # fmt: skip
XML_BITS = st.lists(
    st.one_of(SNIPPETS, st.sampled_from([b"<row>", b"</row>", b"<c>", b"</c>", b"<v>", b"</v>",
                                         b'<c t="s"><v>7</v></c>', b'<c t="b"><v>2</v></c>',
                                         b'<c t="d"><v>x</v></c>', b'<c t="str"><v/></c>',
                                         b'<c r="A2"><f>1/0</f><v>1</v></c>']),
              st.text(max_size=20).map(str.encode)),
    max_size=20,
).map(b"".join)  # fmt: skip


def minimal_workbook() -> bytes:
    """A small, valid workbook with a Timeline sheet, for its sheet XML to be replaced."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Timeline"
    sheet.append([column.header for column in IMPORT_COLUMNS["Timeline"]])
    sheet.append(["II.2(iv)", "Means of action", "Fuzzed", "On track", 10,
                  datetime(2013, 1, 1), datetime(2013, 12, 31)])  # fmt: skip
    return saved(workbook)


MINIMAL = minimal_workbook()


def with_sheet_data(body: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(MINIMAL)) as archive:
        members = [(i.filename, archive.read(i), i.compress_type) for i in archive.infolist()]
    name = "xl/worksheets/sheet1.xml"
    members = [(n, re.sub(rb"<sheetData>.*</sheetData>", lambda _: b"<sheetData>" + body +
                          b"</sheetData>", data, flags=re.S) if n == name else data, method)
               for n, data, method in members]  # fmt: skip
    return build_zip(members)


ARBITRARY = st.one_of(
    st.binary(max_size=4096),
    st.binary(max_size=4096).map(lambda data: b"PK\x03\x04" + data),
    st.binary(max_size=64).map(lambda data: b"PK\x05\x06" + data),
    st.binary(max_size=4096).map(lambda data: OLE_MAGIC + data),
    st.dictionaries(ZIP_NAMES, st.one_of(st.binary(max_size=512), XML_BITS), max_size=6).map(
        lambda parts: build_zip([(n, d, zipfile.ZIP_DEFLATED) for n, d in parts.items()])
    ),
    XML_BITS.map(with_sheet_data),
)


@fuzz_settings(ci=150, long=5000)
@given(data=ARBITRARY)
def test_arbitrary_bytes_are_refused_with_a_message(importer: Importer, data: bytes) -> None:
    importer.run(data)
