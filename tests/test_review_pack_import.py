"""The review pack, read back: a coordinator's edits become one undoable change; broken and
hostile workbooks are refused quickly, with a message naming the problem, before anything
is written.

Which sheets import (see services/review_pack/reading.py): *Activity matrix* (means of
action: text, Timing, Start, End, Status; new rows are new means of action), *Timeline*
(every item's Title, Status, % done, Start and End; component titles; new rows of Kind
"Means of action") and *Key outputs* (Key output, Timing, Start, End, Status, % done).
Every hostile file is built here with zipfile or openpyxl; nothing is downloaded.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from poa_desktop.domain.errors import UserError
from poa_desktop.domain.records import PlanRef
from poa_desktop.services.baseline_service import BaselineService
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.services.files import dump_json
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.register_service import RegisterService
from poa_desktop.services.review_pack import (
    ImportReport,
    export_review_pack,
    import_review_pack,
    read_review_pack,
)
from poa_desktop.store.database import Database

TIMELINE_PART = "xl/worksheets/sheet2.xml"  # sheets are written in order: matrix, timeline…


@pytest.fixture(scope="module")
def exported_pack(shipped_template: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The shipped plan's review pack, exported once for the module (it takes a second)."""
    import shutil

    from poa_desktop.services.setup import open_database
    from poa_desktop.store.urls import url_for_path

    folder = tmp_path_factory.mktemp("pack")
    shutil.copyfile(shipped_template, folder / "plan.sqlite")
    database = open_database(url_for_path(folder / "plan.sqlite")).database
    try:
        service = PlanService(database)
        path = export_review_pack(service, RegisterService(database), BaselineService(database),
                                  service.find_plan().uuid, folder / "pack.xlsx",
                                  today=date(2024, 3, 1))  # fmt: skip
        return path.read_bytes()
    finally:
        database.dispose()


@pytest.fixture
def pack(exported_pack: bytes, tmp_path: Path) -> Path:
    """A fresh copy of the shipped plan's review pack, for a test to edit."""
    path = tmp_path / "pack.xlsx"
    path.write_bytes(exported_pack)
    return path


@pytest.fixture
def run_import(database: Database, plan_service: PlanService, shipped_plan: PlanRef):  # type: ignore[no-untyped-def]
    def run(path: Path, *, dry_run: bool = False, **options: Any) -> ImportReport:
        return import_review_pack(plan_service, ChangeBuilder(database), PlanEditor(database),
                                  shipped_plan.uuid, path, dry_run=dry_run, **options)  # fmt: skip

    return run


def snapshot(plan_service: PlanService, plan: PlanRef) -> str:
    return dump_json(plan_service.document(plan.uuid))


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> set[tuple[str, str, str]]:
    """(section, code, field) for every field that differs; new entries as 'added'."""
    found: set[tuple[str, str, str]] = set()
    for section in ("activities", "means_of_action", "key_outputs", "milestones", "components",
                    "partners", "mous", "dependencies", "indicators", "mandates"):  # fmt: skip
        old = {entry.get("code", entry["uuid"]): entry for entry in before[section]}
        new = {entry.get("code", entry["uuid"]): entry for entry in after[section]}
        for code in new.keys() - old.keys():
            found.add((section, code, "added"))
        for code in old.keys() - new.keys():
            found.add((section, code, "removed"))
        for code in old.keys() & new.keys():
            for field in old[code]:
                if old[code][field] != new[code][field]:
                    found.add((section, code, field))
    assert before["baselines"] == after["baselines"]
    return found


def row_of(sheet: Any, code: str) -> int:
    column = column_of(sheet, "Code") - 1
    return next(row[column].row for row in sheet.iter_rows() if row[column].value == code)


def column_of(sheet: Any, header: str) -> int:
    for row in sheet.iter_rows(max_row=6):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(header):
                return cell.column
    raise KeyError(header)


def edit(path: Path, change: Callable[[Any], None]) -> Path:
    """Change cells the way a user would, with openpyxl, and save the workbook."""
    workbook = load_workbook(path)
    change(workbook)
    workbook.save(path)
    return path


def set_cell(workbook: Any, sheet: str, code: str, header: str, value: Any) -> str:
    ws = workbook[sheet]
    cell = ws.cell(row=row_of(ws, code), column=column_of(ws, header))
    cell.value = value
    return cell.coordinate


@contextmanager
def refused(match: str, plan_service: PlanService, plan: PlanRef) -> Iterator[None]:
    """The block must raise UserError matching ``match`` within two seconds, leaving the
    database as it was."""
    before = snapshot(plan_service, plan)
    started = time.perf_counter()
    with pytest.raises(UserError, match=match):
        yield
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"took {elapsed:.2f} s"
    assert snapshot(plan_service, plan) == before


# --- the round trip ---------------------------------------------------------------------


def coordinator_edits(workbook: Any) -> None:
    """Retime a means (Timeline) and another through its Timing (matrix), complete an
    output (Key outputs), rename an output (Timeline), add two means (matrix)."""
    set_cell(workbook, "Timeline", "II.2(ii)", "Start", datetime(2014, 1, 1))
    set_cell(workbook, "Timeline", "II.2(ii)", "End", datetime(2015, 6, 30))
    set_cell(workbook, "Activity matrix", "I.2(ii)", "Timing", "2016-17")
    set_cell(workbook, "Key outputs", "KO3", "Status", "Completed")
    set_cell(workbook, "Key outputs", "KO3", "% done", 100)
    set_cell(workbook, "Timeline", "KO5", "Title", "Improved modelling toolbox")
    matrix = workbook["Activity matrix"]
    last = matrix.max_row
    matrix.append(["V.3(ii)", None, None, "(ii) Report to the Governing Body on the SPF mechanism",
                   "2015", datetime(2015, 1, 1), datetime(2015, 12, 31), "Not started"])  # fmt: skip
    matrix.append([None, None, None, "(iii) Publish the mechanism's terms of reference", None,
                   None, None, "On track"])  # fmt: skip
    assert matrix.max_row == last + 2


EXPECTED = {
    ("means_of_action", "II.2(ii)", "start"), ("means_of_action", "II.2(ii)", "end"),
    ("means_of_action", "I.2(ii)", "timing_text"), ("means_of_action", "I.2(ii)", "start"),
    ("means_of_action", "I.2(ii)", "end"), ("key_outputs", "KO3", "status"),
    ("key_outputs", "KO3", "percent_complete"), ("key_outputs", "KO5", "title"),
    ("means_of_action", "V.3(ii)", "added"), ("means_of_action", "V.3(iii)", "added"),
}  # fmt: skip


def test_a_round_trip_changes_exactly_the_edited_fields_in_one_undo_step(
    pack, run_import, plan_service, shipped_plan
) -> None:  # type: ignore[no-untyped-def]
    before = plan_service.document(shipped_plan.uuid)
    report = run_import(edit(pack, coordinator_edits))
    after = plan_service.document(shipped_plan.uuid)
    assert changed_fields(before, after) == EXPECTED
    means = {entry["code"]: entry for entry in after["means_of_action"]}
    assert means["II.2(ii)"]["start"] == "2014-01-01" and means["II.2(ii)"]["end"] == "2015-06-30"
    assert (means["I.2(ii)"]["timing_text"], means["I.2(ii)"]["start"], means["I.2(ii)"]["end"]) == (
        "2016-17", "2016-01-01", "2017-12-31")  # fmt: skip
    new = means["V.3(ii)"]
    assert (new["activity"], new["label"], new["title"], new["timing_text"], new["start"]) == (
        "V.3",
        "(ii)",
        "Report to the Governing Body on the SPF mechanism",
        "2015",
        "2015-01-01",
    )
    assert (means["V.3(iii)"]["activity"], means["V.3(iii)"]["status"]) == ("V.3", "on_track")
    outputs = {entry["code"]: entry for entry in after["key_outputs"]}
    assert (outputs["KO3"]["status"], outputs["KO3"]["percent_complete"]) == ("completed", 100)
    assert outputs["KO5"]["title"] == "Improved modelling toolbox"
    assert report.applied and len(report.batch.changes) == 6  # 4 edited items, 2 new rows
    lines = report.lines()
    assert any(line.startswith("Timeline!F") and "II.2(ii) start: 2013-01-01 → 2014-01-01" in line
               for line in lines)  # fmt: skip
    assert any("KO3 status: Not started → Completed" in line for line in lines)
    PlanEditor(plan_service.database).apply(report.undo)  # one step reverts everything
    assert plan_service.document(shipped_plan.uuid) == before


def test_a_dry_run_lists_the_differences_and_changes_nothing(
    pack, run_import, plan_service, shipped_plan
) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(plan_service, shipped_plan)
    report = run_import(edit(pack, coordinator_edits), dry_run=True)
    assert snapshot(plan_service, shipped_plan) == before
    assert not report.applied and report.undo is None and report.batch is not None
    assert len(report.changes) == len(EXPECTED)
    assert "nothing was changed (dry run)" in report.summary()
    assert any("new means of action V.3(iii) under V.3" in line for line in report.lines())


def test_an_untouched_pack_changes_nothing(pack, run_import, plan_service, shipped_plan) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(plan_service, shipped_plan)
    report = run_import(pack)
    assert report.changes == () and report.batch is None and not report.applied
    assert snapshot(plan_service, shipped_plan) == before


def test_a_label_not_in_roman_numerals_reads_back_as_the_label(
    database, plan_service, shipped_plan, run_import, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The matrix prints a means' label before its text; a label like ``(1)`` or ``a)`` (a
    large plan numbers its means so) is taken off again, not read as a new title."""
    means = plan_service.outline(shipped_plan.uuid).means_of_action
    first, second = (next(r for r in means if r.code == code) for code in ("II.2(iv)", "I.3(i)"))
    editor, build = PlanEditor(database), ChangeBuilder(database)
    editor.apply(build.edit("item", first.uuid, {"label": "(1)"}))
    editor.apply(build.edit("item", second.uuid, {"label": "a)"}))
    path = export_review_pack(plan_service, RegisterService(database), BaselineService(database),
                              shipped_plan.uuid, tmp_path / "labels.xlsx",
                              today=date(2024, 3, 1))  # fmt: skip
    matrix = load_workbook(path)["Activity matrix"]
    text = matrix.cell(row=row_of(matrix, "II.2(iv)"), column=4).value
    assert text.startswith("(1) Expand/improve the Social Security Inquiry")
    assert run_import(path).changes == ()
    set_cell_path = edit(path, lambda workbook: set_cell(
        workbook, "Activity matrix", "I.3(i)", "Means of action (key", "a) A new text"))  # fmt: skip
    [change] = run_import(set_cell_path, dry_run=True).changes
    assert (change.code, change.field, change.new) == ("I.3(i)", "title", "A new text")


def test_a_year_in_a_date_cell_means_the_whole_year(
    pack, run_import, plan_service, shipped_plan
) -> None:  # type: ignore[no-untyped-def]
    def years(workbook: Any) -> None:
        set_cell(workbook, "Timeline", "IV.2(ii)", "Start", 2014)
        set_cell(workbook, "Timeline", "IV.2(ii)", "End", "2018")

    run_import(edit(pack, years))
    row = next(
        r for r in plan_service.outline(shipped_plan.uuid).means_of_action if r.code == "IV.2(ii)"
    )
    assert (row.start, row.end) == (date(2014, 1, 1), date(2018, 12, 31))


def test_a_milestone_moves_as_one_date(pack, run_import, plan_service, shipped_plan) -> None:  # type: ignore[no-untyped-def]
    run_import(edit(pack, lambda wb: set_cell(wb, "Timeline", "MS-TME-2015", "Start",
                                              datetime(2015, 11, 20))))  # fmt: skip
    row = next(
        r for r in plan_service.outline(shipped_plan.uuid).milestones if r.code == "MS-TME-2015"
    )
    assert (row.start, row.end) == (date(2015, 11, 20), date(2015, 11, 20))


def test_two_sheets_that_disagree_are_both_named(
    pack, run_import, plan_service, shipped_plan
) -> None:  # type: ignore[no-untyped-def]
    def disagree(workbook: Any) -> None:
        set_cell(workbook, "Timeline", "II.2(ii)", "Start", datetime(2014, 1, 1))
        set_cell(workbook, "Activity matrix", "II.2(ii)", "Start", datetime(2015, 1, 1))

    with refused(r"II\.2\(ii\) start: Activity matrix!F\d+ says 2015-01-01 and Timeline!F\d+ "
                 r"says 2014-01-01; make them agree", plan_service, shipped_plan):  # fmt: skip
        run_import(edit(pack, disagree))


def test_a_stale_import_is_refused_and_changes_nothing(
    pack, run_import, plan_service, shipped_plan, database
) -> None:  # type: ignore[no-untyped-def]
    from poa_desktop.domain.errors import ConflictError

    report = run_import(edit(pack, coordinator_edits), dry_run=True)
    uuid = next(
        r.uuid for r in plan_service.outline(shipped_plan.uuid).key_outputs if r.code == "KO3"
    )
    PlanEditor(database).apply(ChangeBuilder(database).edit("item", uuid, {"status": "at_risk"}))
    before = snapshot(plan_service, shipped_plan)
    with pytest.raises(ConflictError):
        PlanEditor(database).apply(report.batch)
    assert snapshot(plan_service, shipped_plan) == before


def test_import_reports_progress_and_can_be_cancelled(
    pack, run_import, plan_service, shipped_plan
) -> None:  # type: ignore[no-untyped-def]
    from poa_desktop.services.review_pack import Cancelled

    calls: list[tuple[int, int]] = []
    with refused("cancelled: nothing was changed", plan_service, shipped_plan):
        run_import(edit(pack, coordinator_edits), progress=lambda d, t: calls.append((d, t)),
                   cancelled=lambda: len(calls) >= 3)  # fmt: skip
    assert calls[-1] == (2, 4)
    calls.clear()
    run_import(pack, progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 4) and calls[-1] == (4, 4)
    assert issubclass(Cancelled, UserError)


# --- cells it cannot read -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "code", "header", "value", "message"),
    [
        ("Timeline", "II.2(iv)", "Start", "next year",
         r"Timeline!F{row}: 'next year' is not a date or a year"),
        ("Timeline", "II.2(iv)", "End", "2014-02-30", r"Timeline!G{row}: '2014-02-30' is not a valid date"),
        ("Timeline", "II.2(iv)", "% done", datetime(2014, 7, 1), r"Timeline!E{row}: '2014-07-01.*' is not a whole number"),
        ("Timeline", "II.2(iv)", "% done", "lots", r"Timeline!E{row}: 'lots' is not a whole number from 0 to 100"),
        ("Timeline", "II.2(iv)", "% done", 140, r"Timeline!E{row}: '140' is not a whole number"),
        ("Key outputs", "KO3", "Status", "finished", r"Key outputs!H{row}: 'finished' is not a status \(one of: Not started"),
        ("Timeline", "II.2(iv)", "Kind", "Task", r"Timeline!B{row}: 'Task' is not a kind"),
        ("Timeline", "II.2(iv)", "Start", "=DATE(2014,1,1)",
         r"Timeline!F{row}: holds a formula \(=DATE\(2014,1,1\)\); formulas are not evaluated"),
        ("Timeline", "II.2(iv)", "Title", "Bell_x0007_ringing",
         r"Timeline!C{row}: the text holds the control character U\+0007"),
        ("Timeline", "II.2(iv)", "Title", "  ", r"Timeline!C{row}: the title cannot be empty"),
        ("Timeline", "II.2(iv)", "Code", "ZZ.9", r"Timeline!A{row}: unknown code 'ZZ\.9'"),
        ("Key outputs", "KO3", "Code", "KO99", r"Key outputs!B{row}: unknown code 'KO99'; only new means"),
        ("Timeline", "II.2(iv)", "End", datetime(2011, 6, 30), r"Timeline!G{row}: II\.2\(iv\) would start 2012-01-01 after it ends 2011-06-30"),
    ],
)  # fmt: skip
def test_a_cell_it_cannot_read_is_named_by_sheet_column_and_row(
    pack, run_import, plan_service, shipped_plan, sheet, code, header, value, message
) -> None:  # type: ignore[no-untyped-def]
    workbook = load_workbook(pack)
    row = row_of(workbook[sheet], code)
    set_cell(workbook, sheet, code, header, value)
    workbook.save(pack)
    with refused(message.format(row=row), plan_service, shipped_plan):
        run_import(pack)


def test_every_problem_is_listed_at_once(pack, run_import, plan_service, shipped_plan) -> None:  # type: ignore[no-untyped-def]
    def many(workbook: Any) -> None:
        set_cell(workbook, "Timeline", "II.2(iv)", "Start", "soon")
        set_cell(workbook, "Timeline", "II.2(v)", "Status", "finished")
        set_cell(workbook, "Activity matrix", "I.3(i)", "End", "later")

    with refused(r"pack\.xlsx: 3 problems; nothing was changed\.\n  Activity matrix!G\d+: 'later'",
                 plan_service, shipped_plan):  # fmt: skip
        run_import(edit(pack, many))


# --- broken and hostile files --------------------------------------------------------------


def rewrite(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """The same archive with one member's bytes changed."""
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            target.writestr(name, change(data) if name == member else data)
    return path


def with_doctype(doctype: str, use: str) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        text = data.decode("utf-8")
        head, _, body = text.partition("?>") if text.startswith("<?xml") else ("", "", text)
        body = body.replace("<v>0</v>", f"<v>{use}</v>", 1)
        return (f"{head}{'?>' if head else ''}{doctype}{body}").encode()

    return change


BILLION_LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'
              for n in range(1, 10))
    + "]>"
)  # fmt: skip


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def lie_about_size(path: Path, member: str, declared: int) -> Path:
    """Patch the local and central headers of ``member`` to declare ``declared`` bytes."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    central = data.find(b"PK\x01\x02" + b"", 0)
    while central != -1:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + length] == name:
            struct.pack_into("<I", data, central + 24, declared)
            local = struct.unpack_from("<I", data, central + 42)[0]
            struct.pack_into("<I", data, local + 22, declared)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    else:
        raise AssertionError(f"{member} not found")
    path.write_bytes(bytes(data))
    return path


def sheet_of_cells(rows: int, columns: int) -> bytes:
    """A sheet of rows × columns numeric cells, each with its reference and value."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(index) for index in range(1, columns + 1)]
    body = b"".join(
        b'<row r="%d">' % number
        + b"".join(
            b'<c r="%s%d"><v>%d</v></c>' % (letter.encode(), number, number * 7 + index)
            for index, letter in enumerate(letters)
        )
        + b"</row>"
        for number in range(1, rows + 1)
    )
    return (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>' + body + b"</sheetData></worksheet>")  # fmt: skip


def build_hostile(kind: str, pack: Path, tmp_path: Path) -> Path:
    path = tmp_path / f"{kind}.xlsx"
    if kind == "not-a-zip":
        path.write_text("Code,Title\nI.1,Something\n")
    elif kind == "old-xls":
        path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 4000)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        path.write_bytes(pack.read_bytes()[:20_000])
    elif kind == "zip-without-parts":
        path.write_bytes(zip_of({"hello.txt": b"hello", "xl/styles.xml": b"<styleSheet/>"}))
    elif kind == "no-expected-sheets":
        workbook = Workbook()
        workbook.active.title = "Budget"
        workbook.active["A1"] = "Code"
        workbook.save(path)
    elif kind == "zip-bomb":
        path.write_bytes(zip_of({"[Content_Types].xml": b"<Types/>",
                                 "xl/workbook.xml": b"<workbook/>",
                                 "xl/worksheets/sheet1.xml": b"\0" * (64 * 1024 * 1024)}))  # fmt: skip
    elif kind == "zip-bomb-under-the-size-limit":
        path.write_bytes(zip_of({"[Content_Types].xml": b"<Types/>",
                                 "xl/workbook.xml": b"<workbook/>",
                                 "xl/worksheets/sheet1.xml": b" " * (12 * 1024 * 1024)}))  # fmt: skip
    elif kind == "lying-size":
        path.write_bytes(pack.read_bytes())
        lie_about_size(path, TIMELINE_PART, 1_000)
    elif kind == "billion-laughs-in-a-sheet":
        path.write_bytes(pack.read_bytes())
        rewrite(path, TIMELINE_PART, with_doctype(BILLION_LAUGHS, "&lol9;"))
    elif kind == "billion-laughs-in-the-workbook":
        path.write_bytes(pack.read_bytes())
        rewrite(path, "xl/workbook.xml", with_doctype(BILLION_LAUGHS, "&lol9;"))
    elif kind == "external-entity":
        path.write_bytes(pack.read_bytes())
        rewrite(path, TIMELINE_PART, with_doctype(
            '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"))  # fmt: skip
    elif kind == "million-cells":
        path.write_bytes(pack.read_bytes())
        rewrite(path, TIMELINE_PART, lambda _: sheet_of_cells(10_000, 100))
    elif kind == "too-many-cells":
        path.write_bytes(pack.read_bytes())
        rewrite(path, TIMELINE_PART, lambda _: sheet_of_cells(5_000, 100))  # 15 MB
    elif kind == "raw-control-character":
        path.write_bytes(pack.read_bytes())
        rewrite(
            path, TIMELINE_PART, lambda data: data.replace(b"Not started", b"Not\x07started", 1)
        )
    elif kind == "not-xml":
        path.write_bytes(pack.read_bytes())
        rewrite(path, "xl/workbook.xml", lambda data: data[: len(data) // 2])
    else:
        raise AssertionError(kind)
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("not-a-zip", "not an Excel workbook \\(.xlsx\\): the file is not a zip archive"),
        ("old-xls", "old-format \\(.xls\\) or password-protected workbook"),
        ("empty", "the file is empty"),
        ("truncated", "not a zip archive|damaged"),
        ("zip-without-parts", "not an Excel workbook: the archive has no \\[Content_Types\\].xml"),
        ("no-expected-sheets", "no sheet named 'Activity matrix', 'Timeline', 'Key outputs' \\(the workbook has 'Budget'\\)"),
        ("zip-bomb", "xl/worksheets/sheet1.xml unpacks to 64.0 MB \\(at most 16.0 MB per part\\)"),
        ("zip-bomb-under-the-size-limit", "compressed [\\d,]+ to 1 \\(at most 100 to 1\\): it looks like a zip bomb"),
        ("lying-size", "sheet2.xml declares 1,000 bytes but unpacks to more: the archive lies"),
        ("billion-laughs-in-a-sheet", "sheet2.xml declares a DTD or XML entities"),
        ("billion-laughs-in-the-workbook", "xl/workbook.xml declares a DTD or XML entities"),
        ("external-entity", "sheet2.xml declares a DTD or XML entities"),
        ("million-cells", "sheet2.xml unpacks to [\\d.]+ MB \\(at most 16.0 MB per part\\)"),
        ("too-many-cells", "sheet2.xml holds more than 400,000 cells"),
        ("raw-control-character", "sheet2.xml holds the control character U\\+0007"),
        ("not-xml", "xl/workbook.xml is not well-formed XML"),
    ],
)  # fmt: skip
def test_hostile_and_broken_files_are_refused_quickly(
    pack, run_import, plan_service, shipped_plan, tmp_path, kind, message
) -> None:  # type: ignore[no-untyped-def]
    path = build_hostile(kind, pack, tmp_path)
    with refused(message, plan_service, shipped_plan):
        run_import(path)


def test_reading_needs_defusedxml(pack, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(UserError, match="needs the defusedxml package"):
        read_review_pack(pack)


def test_a_workbook_saved_by_another_program_reads_the_same(
    pack, run_import, plan_service, shipped_plan, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Excel and LibreOffice write shared strings, drop our styles and may reorder columns:
    the reader finds columns by their headers and values by type."""
    source = load_workbook(pack)
    copy = Workbook()
    copy.remove(copy.active)
    for name in ("Timeline", "Key outputs"):
        sheet = copy.create_sheet(name)
        for row in source[name].iter_rows(values_only=True):
            values = list(row)
            values[0], values[2] = values[2], values[0]  # move the Code column
            sheet.append(values)
    timeline = copy["Timeline"]
    row = next(r[0].row for r in timeline.iter_rows() if r[2].value == "II.2(v)")
    timeline.cell(row=row, column=4, value="delayed")  # a status typed by hand
    path = tmp_path / "resaved.xlsx"
    copy.save(path)
    report = run_import(path, dry_run=True)
    assert [line.split(": ", 1)[1] for line in report.lines()] == [
        "II.2(v) status: Not started → Delayed"
    ]
    assert report.sheets == ("Timeline", "Key outputs")


def test_a_deleted_row_deletes_nothing_and_is_noted(
    pack, run_import, plan_service, shipped_plan
) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(plan_service, shipped_plan)

    def delete_row(workbook: Any) -> None:
        sheet = workbook["Timeline"]
        sheet.delete_rows(row_of(sheet, "II.2(iii)"))

    report = run_import(edit(pack, delete_row))
    assert report.changes == () and snapshot(plan_service, shipped_plan) == before
    assert report.notices == (
        "Timeline: 1 item of the plan not in the sheet, left as they are (deleting a row does "
        "not delete an item): II.2(iii).",
    )
