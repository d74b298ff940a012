"""Reading a review pack back: the rows of its importable sheets, as plain values.

The file is checked first (``safety.check_workbook``), then opened by openpyxl read-only,
without evaluating anything: a cell holding a formula is reported, not computed. Columns are
found by their header text, so a workbook a coordinator rearranged in Excel or LibreOffice
still reads. Every cell that cannot be read is reported by sheet, column and row
("Timeline!F12: 'next year' is not a date or a year"), all of them at once. Text and dates
are held to the plan document's own rules (``domain.fields``: length, control characters,
plausible dates) here, so that what the plan would refuse is refused naming its cell.

Which sheets import: *Activity matrix* (means of action: text, Timing, Start, End, Status;
a new row is a new means of action), *Timeline* (every item: Title, Status, % done, Start,
End; a new row of Kind "Means of action" is a new means of action; a component's title) and
*Key outputs* (Key output, Timing, Start, End, Status, % done). The other sheets are for
reading. Rows deleted from a sheet are not deleted from the plan.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from poa_desktop.domain.changes import Value
from poa_desktop.domain.errors import UserError, ValidationError
from poa_desktop.domain.fields import Check, date_field, text_field
from poa_desktop.services.review_pack.layout import (
    ACTIVITY_MATRIX,
    CODE,
    IMPORT_COLUMNS,
    IMPORTABLE,
    MEANS_LABEL,
    STATUS_LABELS,
    TIMELINE,
    Column,
    header_key,
    kind_from_label,
    status_from_label,
)
from poa_desktop.services.review_pack.progress import CancelCheck, check
from poa_desktop.services.review_pack.safety import check_workbook, require_defusedxml

#: Rows an importable sheet may hold: a large plan's Timeline has over 15,000 (the size of
#: the file itself is bounded by the safety checks).
MAX_ROWS = 100_000
MAX_COLUMNS = 80
HEADER_SEARCH_ROWS = 12
MAX_PROBLEMS_SHOWN = 20
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_YEAR = re.compile(r"^\d{4}$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
#: The years a bare number or year text in a date cell may name (the plan document's
#: plausible dates, ``domain.fields.date_field``, which every date read is checked against).
FIRST_YEAR, LAST_YEAR = 1900, 2200
EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True, slots=True)
class PackRow:
    """One data row of an importable sheet, as read.

    ``values`` holds the fields whose columns the sheet has (dates as dates, statuses as
    their stored value, None for an empty date or text); ``columns`` their column letters.
    ``above`` is the code of the nearest row above that has one (a new row's activity).
    ``label`` is a means label typed before the matrix text, e.g. ``(vii)``.
    """

    sheet: str
    row: int
    code: str
    kind: str | None
    values: tuple[tuple[str, Value], ...]
    columns: tuple[tuple[str, str], ...]
    above: str | None = None
    label: str = ""

    def value(self, field: str) -> Value:
        return dict(self.values).get(field)

    def has(self, field: str) -> bool:
        return field in dict(self.values)

    def cell(self, field: str) -> str:
        columns = dict(self.columns)
        return f"{self.sheet}!{columns.get(field, columns.get(CODE, 'A'))}{self.row}"


@dataclass(frozen=True, slots=True)
class PackContents:
    """The importable sheets of one workbook, read."""

    path: Path
    sheets: tuple[str, ...]
    rows: tuple[PackRow, ...]
    plan_code: str | None = None
    notices: tuple[str, ...] = ()


class _Problems:
    """Every unreadable cell, reported together once a sheet is read."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            raise_problems(self.name, self.items)


def raise_problems(name: str, problems: Sequence[str]) -> None:
    shown = list(problems[:MAX_PROBLEMS_SHOWN])
    more = len(problems) - len(shown)
    tail = f"\n  … and {more} more." if more > 0 else ""
    noun = "problem" if len(problems) == 1 else "problems"
    body = "\n  ".join(shown)
    raise UserError(f"{name}: {len(problems)} {noun}; nothing was changed.\n  {body}{tail}")


def read_review_pack(path: str | Path, *, cancelled: CancelCheck | None = None) -> PackContents:
    """Read the importable sheets of a review pack; raise UserError naming every cell it
    cannot read (and Cancelled when ``cancelled()`` turns true)."""
    path = Path(path)
    name = path.name
    require_defusedxml()
    summary = check_workbook(path)
    present = [sheet for sheet in IMPORTABLE if sheet in summary.sheets]
    if not present:
        found = ", ".join(repr(sheet) for sheet in summary.sheets[:8])
        raise UserError(
            f"{name}: no sheet named {', '.join(repr(s) for s in IMPORTABLE)} (the workbook "
            f"has {found}). Export a review pack from the app and edit that."
        )
    check(cancelled, "nothing was changed.")
    from openpyxl import load_workbook

    problems = _Problems(name)
    rows: list[PackRow] = []
    notices: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
            workbook = load_workbook(path, read_only=True, data_only=False, keep_links=False)
            try:
                plan_code = _custom_property(workbook, "Plan")
                for sheet in present:
                    check(cancelled, "nothing was changed.")
                    rows += _read_sheet(workbook[sheet], sheet, problems, notices)
            finally:
                workbook.close()
    except UserError:
        raise
    except Exception as error:  # untrusted input: any failure inside openpyxl is the file's
        raise UserError(
            f"{name}: the workbook cannot be read ({type(error).__name__}: {error})."
        ) from None
    problems.raise_if_any()
    return PackContents(path, tuple(present), tuple(rows), plan_code, tuple(notices))


def _custom_property(workbook: Any, wanted: str) -> str | None:
    for prop in getattr(workbook, "custom_doc_props", None) or ():
        if prop.name == wanted and isinstance(prop.value, str):
            return prop.value
    return None


def _header(
    rows: list[tuple[Any, ...]], columns: Sequence[Column]
) -> tuple[int, dict[int, Column]]:
    """The header row (1-based) and the importable columns it names, by position."""
    wanted = {column.key: column for column in columns if column.field}
    for number, cells in enumerate(rows, start=1):
        found: dict[int, Column] = {}
        for index, cell in enumerate(cells):
            value = getattr(cell, "value", None)
            if isinstance(value, str):
                column = wanted.get(header_key(value))
                if column is not None and column not in found.values():
                    found[index] = column
        if any(column.field == CODE for column in found.values()) and len(found) > 1:
            return number, found
    return 0, {}


def _read_sheet(sheet: Any, name: str, problems: _Problems, notices: list[str]) -> list[PackRow]:
    from openpyxl.utils import get_column_letter

    columns = IMPORT_COLUMNS[name]
    iterator = sheet.iter_rows(min_row=1, max_row=MAX_ROWS + HEADER_SEARCH_ROWS + 1,
                               max_col=MAX_COLUMNS)  # fmt: skip
    head = []
    for cells in iterator:
        head.append(cells)
        if len(head) == HEADER_SEARCH_ROWS:
            break
    header_row, found = _header(head, columns)
    if not header_row:
        problems.add(name, "no header row with a 'Code' column in its first rows; export a "
                           "review pack from the app and edit that")  # fmt: skip
        return []
    missing = [c.header for c in columns if c.field and c not in found.values()]
    if missing:
        notices.append(f"{name}: no column {', '.join(repr(m) for m in missing)}; "
                       "those values are left as they are.")  # fmt: skip
    letters = {index: get_column_letter(index + 1) for index in found}
    result: list[PackRow] = []
    seen: dict[str, int] = {}
    above: str | None = None
    number = 0

    def rows() -> Any:
        yield from enumerate(head, start=1)
        yield from enumerate(iterator, start=len(head) + 1)

    for number, cells in rows():
        if number <= header_row:
            continue
        if number > header_row + MAX_ROWS:
            problems.add(f"{name}!A{number}", f"the sheet has more than {MAX_ROWS:,} rows")
            break
        row = _read_row(name, number, cells, found, letters, problems)
        if row is None:
            continue
        if row.code:
            if row.code in seen:
                problems.add(row.cell(CODE), f"{row.code} is listed twice in this sheet "
                                             f"(also row {seen[row.code]})")  # fmt: skip
            seen[row.code] = number
        result.append(_with_above(row, above))
        if row.code:
            above = row.code
    return result


def _with_above(row: PackRow, above: str | None) -> PackRow:
    return PackRow(row.sheet, row.row, row.code, row.kind, row.values, row.columns, above,
                   row.label)  # fmt: skip


def _read_row(
    sheet: str,
    number: int,
    cells: tuple[Any, ...],
    found: dict[int, Column],
    letters: dict[int, str],
    problems: _Problems,
) -> PackRow | None:
    values: dict[str, Value] = {}
    columns: dict[str, str] = {}
    code = ""
    kind: str | None = None
    label = ""
    empty = True
    for index, column in found.items():
        cell = cells[index] if index < len(cells) else None
        raw = getattr(cell, "value", None)
        field = column.field or ""
        where = f"{sheet}!{letters[index]}{number}"
        columns[field] = letters[index]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raw = None
        else:
            empty = False
        if getattr(cell, "data_type", None) == "f":
            problems.add(where, f"holds a formula ({one_line(str(raw))[:40]}); formulas are "
                                "not evaluated on import: type the value itself")  # fmt: skip
            continue
        try:
            value = _parse(field, raw)
        except ValueError as error:
            problems.add(where, str(error))
            continue
        if field == CODE:
            code = str(value or "")
        elif field == "kind":
            kind = value if isinstance(value, str) else None
        else:
            if field == "title" and sheet == ACTIVITY_MATRIX and isinstance(value, str):
                match = MEANS_LABEL.match(value)
                if match:
                    label, value = match.group(1).lower(), value[match.end() :]
            values[field] = value
    if empty:
        return None
    if sheet == TIMELINE and not code and kind is None:
        return None  # a heading row (Milestones) or a note
    return PackRow(sheet, number, code, kind, tuple(values.items()), tuple(columns.items()),
                   label=label)  # fmt: skip


def _parse(field: str, raw: Any) -> Value:
    """One cell's value for ``field``; ValueError says why it cannot be read."""
    if field in (CODE, "title", "timing_text"):
        return _text(raw)
    if field == "kind":
        if raw is None:
            return None
        kind = kind_from_label(_text(raw) or "")
        if kind is None:
            raise ValueError(f"{_show(raw)} is not a kind (Component, Activity, Means of "
                             "action, Key output or Milestone)")  # fmt: skip
        return kind
    if field in ("start", "end"):
        return _date(raw, end=field == "end")
    if field == "status":
        if raw is None:
            return None
        status = status_from_label(_text(raw) or "")
        if status is None:
            raise ValueError(f"{_show(raw)} is not a status (one of: "
                             f"{', '.join(STATUS_LABELS.values())})")  # fmt: skip
        return status.value
    if field == "percent_complete":
        return _percent(raw)
    raise ValueError(f"unknown field {field}")  # pragma: no cover - the layout names fields


def one_line(text: str) -> str:
    """``text`` with its line breaks as spaces: a message lists one problem a line."""
    return " ".join(text.splitlines())


def domain_rule(check: Check, value: str) -> Any:
    """``value`` checked by a plan document field rule (``domain.fields``); its refusal as
    a ValueError without the rule's own "where", which the reader puts in front (the cell)."""
    try:
        return check(value, "")
    except ValidationError as error:
        raise ValueError(str(error).removeprefix(": ").rstrip(".")) from None


def _show(raw: Any) -> str:
    text = raw.isoformat() if isinstance(raw, date) else str(raw)
    return repr(text[:60] + ("…" if len(text) > 60 else ""))


def _text(raw: Any) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(f"{raw} is not text")
    if isinstance(raw, datetime):
        raw = raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat()
    elif isinstance(raw, date):
        raw = raw.isoformat()
    elif isinstance(raw, float) and raw.is_integer():
        raw = str(int(raw))
    text = str(raw)
    text = _EXCEL_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)
    text = _surrogates_paired(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        raise ValueError(f"the text holds the control character U+{ord(bad.group()):04X}; "
                         "remove it")  # fmt: skip
    return domain_rule(text_field, text)  # the plan's own rule: C1 controls, length


def _surrogates_paired(text: str) -> str:
    """Excel escapes (``_xD83D__xDE00_``) may spell a character outside the BMP as a
    surrogate pair: join each pair. A lone surrogate is no character: SQLite cannot store
    it, so it is refused."""
    text = _SURROGATE_PAIR.sub(
        lambda pair: pair.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), text
    )
    lone = _SURROGATE.search(text)
    if lone:
        code = f"{ord(lone.group()):04X}"
        raise ValueError(f"the text holds U+{code} (written _x{code}_), half of a character "
                         "pair and not text on its own; remove it")  # fmt: skip
    return text


def _date(raw: Any, *, end: bool) -> date | None:
    """A date cell: a real date, ISO text, or a year (the first or last day of it), and a
    date the plan document accepts (``domain.fields.date_field``: 1900 to 2200)."""
    day = _any_date(raw, end=end)
    if day is not None:
        domain_rule(date_field, day.isoformat())
    return day


def _any_date(raw: Any, *, end: bool) -> date | None:
    if raw is None:
        return None
    if isinstance(raw, datetime):
        serial = (raw.date() - EXCEL_EPOCH).days
        if raw.time() == datetime.min.time() and FIRST_YEAR <= serial <= LAST_YEAR:
            raw = serial  # a year typed into a date cell: Excel stores 2014 as 1905-07-06
        else:
            return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, bool):
        raise ValueError(f"{raw} is not a date")
    if isinstance(raw, int | float) and float(raw).is_integer():
        year = int(raw)
        if FIRST_YEAR <= year <= LAST_YEAR:
            return date(year, 12, 31) if end else date(year, 1, 1)
        raise ValueError(f"{_show(raw)} is not a date or a year (format the cell as a date, "
                         "or write 2014-07-01)")  # fmt: skip
    text = _text(raw) or ""
    text = text.strip()
    if _YEAR.match(text) and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return date(int(text), 12, 31) if end else date(int(text), 1, 1)
    match = _ISO_DATE.match(text)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise ValueError(f"{_show(text)} is not a valid date") from None
    raise ValueError(f"{_show(text)} is not a date or a year (write it as 2014-07-01)")


def _percent(raw: Any) -> int | None:
    if raw is None:
        return None
    number: float | None = None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        number = float(raw)
    elif isinstance(raw, str):
        text = raw.strip().rstrip("%").strip()
        try:
            number = float(text)
        except ValueError:
            number = None
    if number is None or not number.is_integer() or not 0 <= number <= 100:
        raise ValueError(f"{_show(raw)} is not a whole number from 0 to 100")
    return int(number)
