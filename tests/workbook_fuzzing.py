"""Support for the review-pack importer's fuzz tests (test_fuzz_workbook.py) and the
regression tests of the defects they found (test_workbook_defects.py): the shipped plan's
review pack, one import checked end to end (``Importer``), the zip-level and cell-level
mutations, and the measures (time, peak memory, table digests).

An import of whatever workbook applies a sensible difference or raises ``UserError`` naming
the file and the problem (each problem by its cell or sheet), in under two seconds and
bounded memory, and a refused import leaves every table of the database exactly as it was.
A successful import is compared with the plan before and after (only what the report lists
changed, every value in the plan's own ranges, the plan still a valid document), then undone
in one step and the tables compared again.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import re
import shutil
import sqlite3
import struct
import time
import tracemalloc
import warnings
import zipfile
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, event, note, settings
from hypothesis.control import currently_in_test_context
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.utils.exceptions import IllegalCharacterError

from poa_desktop.domain.document import parse_document
from poa_desktop.domain.errors import UserError, ValidationError
from poa_desktop.domain.fields import CONTROL, MAX_TEXT, date_field
from poa_desktop.domain.records import PlanOutline, PlanRef
from poa_desktop.services.baseline_service import BaselineService
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.register_service import RegisterService
from poa_desktop.services.review_pack import ImportReport, export_review_pack, import_review_pack
from poa_desktop.services.review_pack.layout import IMPORTABLE
from poa_desktop.store.database import Database

LONG = os.environ.get("POA_LONG_TESTS") == "1"
#: Every example, from reading the file to the answer, within this many seconds.
TIME_LIMIT = 2.0
#: Most the process may grow while one import runs (peak resident set; tracemalloc's peak
#: where /proc is missing). Over the CI examples an import grows it by at most about 1 MB
#: (tracemalloc: a peak of about 2 MB of Python objects): the checks stream each part
#: through a 64 kB window and openpyxl reads sheets streaming. The checks admit parts of
#: up to 16 MB unpacked: 64 MB allows a few copies of the largest admissible part and
#: fails on an import that holds a zip bomb's output, an expanded entity or a sheet of
#: millions of cells in memory.
MEMORY_LIMIT = 64 * 1024 * 1024
#: Columns the database bumps on every write, which undo does not turn back.
BOOKKEEPING = frozenset({"updated_at", "version_id"})
NAME = "pack.xlsx"
CELL = re.compile(r"(Activity matrix|Timeline|Key outputs)!([A-Z]{1,3})(\d+)")
PROBLEM_LIST = re.compile(rf"^{re.escape(NAME)}: \d+ problems?; nothing was changed\.\n")
FIELDS = ("title", "timing_text", "start", "end", "status", "percent_complete")
SURROGATE = re.compile("[\ud800-\udfff]")
#: The slowest example and the largest growth seen, printed at the end (pytest -s).
WORST = {"seconds": 0.0, "megabytes": 0.0}


def fuzz_settings(ci: int, long: int) -> settings:
    return settings(
        max_examples=long if LONG else ci,
        deadline=None,  # each example's own time is asserted against TIME_LIMIT instead
        derandomize=not LONG,
        database=None,
        print_blob=True,
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                               HealthCheck.data_too_large, HealthCheck.large_base_example],
    )  # fmt: skip


# --- measuring ----------------------------------------------------------------------------


def table_digest(path: Path, ignore: frozenset[str] = frozenset()) -> dict[str, tuple[int, str]]:
    """Per table: row count and a hash of every row (columns in name order, less ``ignore``),
    read through a separate connection, as in test_migration_chain.contents."""
    result = {}
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]  # fmt: skip
        for table in sorted(tables):
            columns = sorted(row[1] for row in connection.execute(f"PRAGMA table_info({table})")
                             if row[1] not in ignore)  # fmt: skip
            rows = connection.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(columns)}"
            ).fetchall()
            result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return result


def _proc_kib(key: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(key)


def _reset_high_water_mark() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")  # Linux: VmHWM := VmRSS
        return True
    except OSError:
        return False


class PeakMemory:
    """How far the process grows at most inside the block. On Linux the kernel's resident
    high-water mark is reset before and read after: it counts every allocation (zlib's and
    expat's buffers too) and costs nothing. Elsewhere tracemalloc's peak (Python only)."""

    def __enter__(self) -> PeakMemory:
        self.kernel = _reset_high_water_mark()
        if self.kernel:
            self.base = _proc_kib("VmRSS")
        else:
            tracemalloc.start()
        self.grown = 0
        return self

    def __exit__(self, *exc: object) -> None:
        if self.kernel:
            self.grown = _proc_kib("VmHWM") - self.base
        else:
            self.grown = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()


def export_pack(template: Path, folder: Path) -> bytes:
    """The shipped plan's review pack (a module fixture of each test module wraps this)."""
    from poa_desktop.services.setup import open_database
    from poa_desktop.store.urls import url_for_path

    shutil.copyfile(template, folder / "plan.sqlite")
    database = open_database(url_for_path(folder / "plan.sqlite")).database
    try:
        service = PlanService(database)
        path = export_review_pack(service, RegisterService(database), BaselineService(database),
                                  service.find_plan().uuid, folder / NAME,
                                  today=date(2024, 3, 1))  # fmt: skip
        return path.read_bytes()
    finally:
        database.dispose()


#: The sheets the cell-level fuzzing keeps: the importable ones and one that is only read.
#: The other sheets only make every save slower (the archive fuzzing keeps them all).
EDITED_SHEETS = (*IMPORTABLE, "Partners & MOUs")


class Pack:
    """The shipped plan's review pack: its bytes, and openpyxl's workbook of it pickled
    (unpickling takes 25 ms, loading 200 ms). A short repr keeps hypothesis' reports short."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        workbook = load_workbook(io.BytesIO(data))
        for name in workbook.sheetnames:
            if name not in EDITED_SHEETS:
                workbook.remove(workbook[name])
        self._pickled = pickle.dumps(workbook)

    def workbook(self) -> Any:
        return pickle.loads(self._pickled)

    def __repr__(self) -> str:
        return f"Pack({len(self.data):,} bytes)"


def state(outline: PlanOutline) -> dict[tuple[str, str], dict[str, Any]]:
    """What an import may change, by (entity, code)."""
    result: dict[tuple[str, str], dict[str, Any]] = {}
    for row in (*outline.activities, *outline.means_of_action, *outline.key_outputs,
                *outline.milestones):  # fmt: skip
        result[("item", row.code)] = {
            "title": row.title, "timing_text": row.timing_text, "start": row.start,
            "end": row.end, "status": row.status.value, "percent_complete": row.percent_complete,
            "kind": row.kind.value, "parent": row.parent_code,
        }  # fmt: skip
    for component in outline.components:
        result[("component", component.code)] = {"title": component.title}
    return result


def plausible(value: object) -> bool:
    """A date the plan document accepts (its own rule), or not a date."""
    if not isinstance(value, date):
        return True
    try:
        date_field(value.isoformat(), "")
    except ValidationError:
        return False
    return True


@dataclass
class Touched:
    """Where a cell-level fuzz example edited the workbook, so that every change the import
    reports, and every cell a refusal names, can be traced back to an edit."""

    cells: set[tuple[str, int, int]] = field(default_factory=set)
    rows: set[tuple[str, int]] = field(default_factory=set)
    columns: set[tuple[str, int]] = field(default_factory=set)
    sheets: set[str] = field(default_factory=set)

    def covers(self, sheet: str, row: int, column: int) -> bool:
        return (sheet in self.sheets or (sheet, row, column) in self.cells
                or (sheet, row) in self.rows or (sheet, column) in self.columns)  # fmt: skip

    def covers_row(self, sheet: str, row: int) -> bool:
        return (sheet in self.sheets or (sheet, row) in self.rows
                or any(s == sheet for s, _ in self.columns)
                or any((s, r) == (sheet, row) for s, r, _ in self.cells))  # fmt: skip

    def shift(self, sheet: str, at: int, delta: int) -> None:
        """Rows from ``at`` on moved by ``delta`` (rows inserted or deleted)."""

        def moved(row: int) -> int:
            return row + delta if row >= at else row

        self.cells = {(s, moved(r) if s == sheet else r, c) for s, r, c in self.cells}
        self.rows = {(s, moved(r) if s == sheet else r) for s, r in self.rows}


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


# --- one import, checked ------------------------------------------------------------------


@dataclass
class Importer:
    database: Database
    plan_service: PlanService
    plan: PlanRef
    db_path: Path
    folder: Path
    pristine: Path

    def run(self, data: bytes, touched: Touched | None = None) -> str:
        """Import ``data`` as a workbook and check everything the issue promises; return
        what happened, for hypothesis' statistics."""
        try:
            return self._run(data, touched)
        except BaseException:
            self.restore()  # so that the next example (hypothesis shrinking) starts clean
            raise

    def restore(self) -> None:
        """Put back the database as the test got it."""
        self.database.dispose()
        with (closing(sqlite3.connect(self.pristine)) as source,
              closing(sqlite3.connect(self.db_path)) as target):  # fmt: skip
            source.backup(target)

    def _run(self, data: bytes, touched: Touched | None) -> str:
        path = self.folder / NAME
        path.write_bytes(data)
        before = table_digest(self.db_path)
        before_content = table_digest(self.db_path, BOOKKEEPING)
        plan_before = state(self.plan_service.outline(self.plan.uuid))
        started = time.perf_counter()
        with PeakMemory() as memory:
            try:
                report: ImportReport | UserError = self._import(path)
            except UserError as error:
                report = error
        elapsed = time.perf_counter() - started
        if isinstance(report, UserError):
            outcome = self._refused(report, before, touched)
        else:
            outcome = self._applied(report, before, before_content, plan_before, touched)
        assert memory.grown < MEMORY_LIMIT, (
            f"the import grew the process by {memory.grown / 2**20:.1f} MB "
            f"(at most {MEMORY_LIMIT / 2**20:.0f} MB)"
        )
        if elapsed >= TIME_LIMIT:  # a loaded machine: repeat (a dry run) and take the fastest
            elapsed = min(elapsed, *(self._timed_dry_run(path) for _ in range(2)))
        assert elapsed < TIME_LIMIT, f"the import took {elapsed:.2f} s"
        WORST["seconds"] = max(WORST["seconds"], elapsed)
        WORST["megabytes"] = max(WORST["megabytes"], memory.grown / 2**20)
        if currently_in_test_context():
            event(f"outcome: {outcome}")
        return outcome

    def _import(self, path: Path, *, dry_run: bool = False) -> ImportReport:
        return import_review_pack(self.plan_service, ChangeBuilder(self.database),
                                  PlanEditor(self.database), self.plan.uuid, path,
                                  dry_run=dry_run)  # fmt: skip

    def _timed_dry_run(self, path: Path) -> float:
        started = time.perf_counter()
        with suppress(UserError):
            self._import(path, dry_run=True)
        return time.perf_counter() - started

    def _refused(self, error: UserError, before: dict[str, Any], touched: Touched | None) -> str:
        message = str(error)
        say(f"refused: {message[:600]}")
        assert table_digest(self.db_path) == before, "a refused import changed the database"
        assert message.strip() and "Traceback" not in message
        assert message.startswith(f"{NAME}: "), f"the refusal does not name the file: {message!r}"
        if touched is not None:
            check_names_an_edit(message, touched)
        first = message.split("\n", 1)[0]
        return "refused: " + re.sub(r"[\d,.]+", "N", first[len(NAME) + 2 :])[:60]

    def _applied(
        self,
        report: ImportReport,
        before: dict[str, Any],
        before_content: dict[str, Any],
        plan_before: dict[tuple[str, str], dict[str, Any]],
        touched: Touched | None,
    ) -> str:
        say(f"applied: {report.lines()[:20]}")
        assert report.applied == bool(report.changes) == (report.batch is not None)
        assert report.summary().startswith(NAME) and len(report.lines()) >= len(report.changes)
        try:
            plan_after = state(self.plan_service.outline(self.plan.uuid))
            check_difference(report, plan_before, plan_after, touched)
            # What is stored is still a plan document (it exports and imports again).
            parse_document(self.plan_service.document(self.plan.uuid))
        finally:
            if report.undo is not None:
                PlanEditor(self.database).apply(report.undo)
        assert table_digest(self.db_path, BOOKKEEPING) == before_content, (
            "one undo did not restore every table"
        )
        restored = state(self.plan_service.outline(self.plan.uuid))
        assert restored == plan_before, "one undo did not restore the plan"
        if report.undo is None:
            assert table_digest(self.db_path) == before, "an import of nothing wrote"
        return f"applied {len(report.changes)}"


def say(text: str) -> None:
    """What hypothesis prints with a failing example."""
    if currently_in_test_context():
        note(text)


def check_names_an_edit(message: str, touched: Touched) -> None:
    """A refusal of an edited workbook names what is wrong where: each listed problem by its
    cell (or its sheet), and at least one of them is a cell or sheet the example edited."""
    if not PROBLEM_LIST.match(message):
        assert touched.sheets, f"a whole-file refusal although only cells changed: {message!r}"
        return
    lines = message.split("\n  ")[1:]  # a problem may quote text with line breaks
    pointed = False
    for line in lines:
        if line.startswith("… and "):
            continue
        cells = [(s, int(r), column_number(c)) for s, c, r in CELL.findall(line)]
        sheet = next((s for s in IMPORTABLE if line.startswith(f"{s}: ")), None)
        assert cells or sheet, f"a problem without its sheet or cell: {line!r}"
        pointed |= any(touched.covers(*cell) for cell in cells)
        pointed |= sheet is not None and (sheet in touched.sheets
                                          or any(s == sheet for s, _ in touched.columns))  # fmt: skip
    if not pointed and len(lines) > 20:
        return  # only the first 20 problems are listed; the edited one may be further down
    assert pointed, f"no problem names an edited cell: {message!r}"


def check_difference(
    report: ImportReport,
    before: dict[tuple[str, str], dict[str, Any]],
    after: dict[tuple[str, str], dict[str, Any]],
    touched: Touched | None,
) -> None:
    """The plan changed exactly as the report says, to values the plan allows, from cells
    the example edited."""
    reported: set[tuple[tuple[str, str], str]] = set()
    added: set[tuple[str, str]] = set()
    for change in report.changes:
        where = CELL.fullmatch(change.where)
        assert where, f"a change without its cell: {change.describe()}"
        sheet, row, column = where.group(1), int(where.group(3)), column_number(where.group(2))
        values = dict(change.values) if change.is_new else {change.field: change.new}
        if change.is_new:
            key = ("item", change.code)
            assert key not in before and after[key]["kind"] == "means", change.describe()
            assert before[("item", change.activity_code)]["kind"] == "activity"
            assert after[key]["parent"] == change.activity_code
            assert touched is None or touched.covers_row(sheet, row), change.describe()
            added.add(key)
            for name, value in values.items():
                assert after[key][name] == value, (change.describe(), name)
        else:
            key = (change.entity, change.code)
            assert key in before and change.field in FIELDS, change.describe()
            assert before[key][change.field] == change.old != change.new, change.describe()
            assert after[key][change.field] == change.new, change.describe()
            assert touched is None or touched.covers(sheet, row, column), (
                f"a change from a cell the example did not edit: {change.describe()}"
            )
            reported.add((key, change.field))
        for name, value in values.items():
            assert plausible(value), (name, value)
            if isinstance(value, str):
                assert len(value) <= MAX_TEXT and not CONTROL.search(value), (name, value[:80])
                assert not SURROGATE.search(value), (name, value[:80])
            if name == "percent_complete":
                assert value is None or 0 <= value <= 100
    for key in after.keys() - added:
        assert key in before, f"{key} appeared without being reported"
        for name, value in after[key].items():
            if value != before[key][name]:
                assert (key, name) in reported, f"{key} {name} changed without being reported"
    assert before.keys() <= after.keys(), "an import removed items"


def make_importer(
    database: Database, plan_service: PlanService, plan: PlanRef, db_path: Path, tmp_path: Path
) -> Importer:
    """An Importer over the test's database (the ``importer`` fixture of each test module)."""
    folder = tmp_path / "fuzz"
    folder.mkdir()
    pristine = folder / "pristine.sqlite"
    with closing(sqlite3.connect(db_path)) as source, closing(sqlite3.connect(pristine)) as target:
        source.backup(target)
    return Importer(database, plan_service, plan, db_path, folder, pristine)


# --- the archive mutated ----------------------------------------------------------------

HEADER_FIELDS = {"version": (4, 6, 2), "flags": (6, 8, 2), "method": (8, 10, 2), "crc": (14, 16, 4),
                 "csize": (18, 20, 4), "size": (22, 24, 4)}  # fmt: skip


def build_zip(members: list[tuple[str, bytes, int]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicated name: intended
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data, method in members:
                info = zipfile.ZipInfo(name, date_time=(2024, 3, 1, 0, 0, 0))
                info.compress_type = method
                archive.writestr(info, data)
    return buffer.getvalue()


def header_offsets(data: bytes, member: str) -> tuple[int, int] | None:
    """Where the local and the central header of ``member`` (the first so named) start."""
    eocd = data.rfind(b"PK\x05\x06")
    try:
        position = struct.unpack_from("<I", data, eocd + 16)[0] if eocd >= 0 else len(data)
        while data[position : position + 4] == b"PK\x01\x02":
            length, extra, comment = struct.unpack_from("<HHH", data, position + 28)
            if data[position + 46 : position + 46 + length] == member.encode():
                return struct.unpack_from("<I", data, position + 42)[0], position
            position += 46 + length + extra + comment
    except struct.error:  # an archive an earlier operation cut short
        pass
    return None


def patch_header(data: bytes, member: str, name: str, which: str, value: tuple[str, int]) -> bytes:
    found = header_offsets(data, member)
    if found is None:
        return data
    patched = bytearray(data)
    local_at, central_at, width = HEADER_FIELDS[name]
    form, mask = ("<H", 0xFFFF) if width == 2 else ("<I", 0xFFFFFFFF)
    places = {"local": [found[0] + local_at], "central": [found[1] + central_at]}
    places["both"] = places["local"] + places["central"]
    for place in places[which]:
        if place + width > len(patched):
            continue
        old = struct.unpack_from(form, patched, place)[0]
        new = old + value[1] if value[0] == "add" else value[1]
        struct.pack_into(form, patched, place, new & mask)
    return bytes(patched)


def mutate_archive(pack: bytes, ops: list[tuple[Any, ...]]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        members = [(info.filename, archive.read(info), info.compress_type)
                   for info in archive.infolist()]  # fmt: skip
    raw: list[tuple[Any, ...]] = []
    for op in ops:
        kind = op[0]
        if kind.startswith("raw-") or kind == "header":
            raw.append(op)
            continue
        index = next((i for i, (name, _, _) in enumerate(members) if name == op[1]), None)
        if index is None:
            continue
        name, part, method = members[index]
        if kind == "flip":
            at = op[2] % max(len(part), 1)
            part = part[:at] + bytes([part[at] ^ op[3]]) + part[at + 1 :] if part else part
        elif kind == "truncate":
            part = part[: op[2] % (len(part) + 1)]
        elif kind == "insert":
            at = op[2] % (len(part) + 1)
            part = part[:at] + op[3] + part[at:]
        elif kind == "drop":
            del members[index]
            continue
        elif kind == "duplicate":
            members.append((name, part, method))
        elif kind == "rename":
            name = op[2]
        elif kind == "stored":
            method = zipfile.ZIP_STORED
        elif kind == "replace":  # only in the regression tests below
            part = part.replace(op[2], op[3], 1)
        members[index] = (name, part, method)
    data = build_zip(members)
    for op in raw:
        if op[0] == "header":
            data = patch_header(data, *op[1:])
        elif op[0] == "raw-flip" and data:
            at = op[1] % len(data)
            data = data[:at] + bytes([data[at] ^ op[2]]) + data[at + 1 :]
        elif op[0] == "raw-truncate":
            data = data[: op[1] % (len(data) + 1)]
        elif op[0] == "raw-insert":
            at = op[1] % (len(data) + 1)
            data = data[:at] + op[2] + data[at:]
    return data


# --- cells edited -----------------------------------------------------------------------


@dataclass(frozen=True)
class Huge:
    """A long text, kept short in hypothesis' reports (a 200 kB repr is refused)."""

    unit: str
    size: int

    def text(self) -> str:
        return (self.unit * self.size)[: self.size]


def header_row(sheet: Any) -> int:
    for row in sheet.iter_rows(min_row=1, max_row=12):
        if any(isinstance(cell.value, str) and cell.value.strip() == "Code" for cell in row):
            return row[0].row
    return 0


def put(cell: Any, value: object) -> object:
    """Set a cell as openpyxl lets a program; a character a cell cannot hold is written as
    Excel stores it (``_x0007_``)."""
    if isinstance(value, Huge):
        value = value.text()
    if isinstance(cell, MergedCell):  # Excel edits a merged block through its first cell
        sheet = cell.parent
        block = next(r for r in sheet.merged_cells.ranges if cell.coordinate in r)
        cell = sheet.cell(row=block.min_row, column=block.min_col)
    try:
        cell.value = value
    except (IllegalCharacterError, ValueError):
        value = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"_x{ord(m.group()):04X}_", str(value))
        cell.value = value
    return value


def saved(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook.save(buffer)
    return buffer.getvalue()
