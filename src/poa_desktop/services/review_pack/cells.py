"""Writing cells safely and making a sheet print-ready, with XlsxWriter.

Every cell of the review pack goes through :class:`SheetWriter`: text is always written as
text (``write_string``: never a formula, whatever it starts with), dates as real Excel dates,
and text that a cell cannot hold is refused naming the sheet and cell instead of being cut.
``finish`` adds what a printed sheet needs: landscape A4, fit to width, repeated header
rows, frozen panes, an autofilter, column widths and row heights tall enough for the wrapped
text.

XlsxWriter (not openpyxl) writes the pack because it is several times faster on a large
plan; each distinct look is one cached ``Format``. xlsxwriter is imported by
:class:`PackBook`, so the window starts without it.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from poa_desktop.domain.errors import UserError
from poa_desktop.services.review_pack.layout import (
    FONT,
    FONT_SIZE,
    HEADER_FILL,
    MAX_CELL_TEXT,
    TITLE_SIZE,
    Column,
)

#: Characters XML (and so a workbook) cannot hold; tab, LF and CR are allowed.
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Any control character (line breaks and tabs too): text that needs a closer look.
_SPECIAL = re.compile(r"[\x00-\x1f\ufffe\uffff]")
#: What a spreadsheet would take for a formula (or a DDE command) if typed.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
LINE_POINTS = 12.75  # one line of 10-point Arial
MAX_ROW_POINTS = 409  # Excel's tallest row
# Characters of 10-point Arial per unit of Excel column width: a unit is 7 pixels, Arial
# averages 5.8 pixels a character (6.3 in bold), less the cell's padding; a little under.
CHARS_PER_UNIT = 1.15
DEFAULT_WIDTH = 8.43
PIXELS_PER_UNIT = 7  # Excel's unit of column width: the width of a digit of the default font
BORDER_COLOR = "#A0A8B4"
#: Excel's serial day numbers count from 1899-12-30 (from 1900-03-01 on, past its leap bug).
_EPOCH = date(1899, 12, 30).toordinal()
_FIRST_PLAIN_SERIAL = date(1900, 3, 1)


def cell_text(text: str) -> str:
    """User text as a cell stores it: line breaks as LF (XML turns a bare CR into LF on
    reading, so CRLF and CR are normalised here rather than changed silently later).
    XlsxWriter itself escapes a literal ``_xHHHH_`` so Excel shows it as typed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def chars_per_line(width: float, *, bold: bool = False) -> int:
    """Characters of 10-point Arial that surely fit on one line of a column ``width`` wide."""
    return max(1, int((width - 1) * CHARS_PER_UNIT * (0.92 if bold else 1.0)))


def estimated_lines(text: str, width: float, *, bold: bool = False) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide (a generous guess:
    a row a little too tall reads fine, a row too short hides text). Words wrap greedily,
    a word longer than a line is broken, as a spreadsheet shows it."""
    per_line = chars_per_line(width, bold=bold)
    lines = 0
    for paragraph in text.split("\n"):
        if len(paragraph) <= per_line:
            lines += 1
            continue
        count, used = 1, -1  # lines of this paragraph; characters on the last one
        for word in paragraph.split():
            size = len(word)
            if used >= 0 and used + 1 + size <= per_line:
                used += 1 + size
                continue
            if used >= 0:
                count += 1
            extra, used = divmod(size, per_line) if size > per_line else (0, size)
            count += extra - (1 if extra and not used else 0)
            if extra and not used:
                used = per_line
        lines += count
    return lines


class PackBook:
    """The workbook being written (in memory) and its cached cell formats.

    Formats belong to the workbook, so the sheets share one cache: a look (bold, fill,
    border…) becomes one ``Format`` the first time it is used.
    """

    def __init__(self) -> None:
        import xlsxwriter

        from poa_desktop.services.review_pack.fast_sheet import PackSheet

        #: The worksheets' class (tests swap in fast_sheet.ReferenceSheet to compare).
        self.sheet_class: type = PackSheet

        self.buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(
            self.buffer,
            {
                "in_memory": True,  # no temporary files; zip entries dated 1980-01-01
                "strings_to_formulas": False,  # belt and braces: text goes through
                "strings_to_urls": False,  # write_string anyway
                "strings_to_numbers": False,
            },
        )
        self._formats: dict[tuple[Any, ...], Any] = {}

    def format(self, key: tuple[Any, ...]) -> Any:
        found = self._formats.get(key)
        if found is None:
            found = self._formats[key] = self.workbook.add_format(_format_properties(key))
        return found

    def grid_format(self) -> Any:
        """The look a :meth:`SheetWriter.grid` gives its cells: the cells' thin border."""
        found = self._formats.get(("grid",))
        if found is None:
            found = self._formats[("grid",)] = self.workbook.add_format(
                {"border": 1, "border_color": BORDER_COLOR}
            )
        return found

    def close(self) -> bytes:
        """Finish the workbook and return its bytes."""
        self.workbook.close()
        return self.buffer.getvalue()


def _format_properties(key: tuple[Any, ...]) -> dict[str, Any]:
    bold, italic, color, size, fill, horizontal, indent, border, number_format, quote, wrap = key
    properties: dict[str, Any] = {"font_name": FONT, "font_size": size or FONT_SIZE,
                                  "valign": "top"}  # fmt: skip
    if wrap:
        properties["text_wrap"] = True
    if bold:
        properties["bold"] = True
    if italic:
        properties["italic"] = True
    if color:
        properties["font_color"] = f"#{color}"
    if fill:
        properties["pattern"] = 1
        properties["bg_color"] = f"#{fill}"
    if horizontal != "general":
        properties["align"] = horizontal
    if indent:
        properties["indent"] = indent
    if border:
        properties["border"] = 1
        properties["border_color"] = BORDER_COLOR
    if number_format:
        properties["num_format"] = number_format
    if quote:
        properties["quote_prefix"] = True  # and Excel keeps text starting with "=" text
    return properties


@dataclass(frozen=True, slots=True)
class Look:
    """How a cell looks. ``count_lines``: whether its text may make its row taller."""

    bold: bool = False
    italic: bool = False
    color: str | None = None
    fill: str | None = None
    horizontal: str = "general"
    indent: int = 0
    border: bool = True
    size: int = 0
    number_format: str | None = None
    wrap: bool = True
    count_lines: bool = True


class Style:
    """A look resolved to the workbook's formats, for cells written in a loop: the format
    of text and numbers, of text that starts like a formula (quote prefix) and of dates."""

    __slots__ = ("_book", "_dated", "_key", "_quoted", "_timed", "bold", "count_lines", "plain")

    def __init__(self, book: PackBook, look: Look) -> None:
        self._book = book
        self._key = (look.bold, look.italic, look.color, look.size, look.fill, look.horizontal,
                     look.indent, look.border, look.number_format, False, look.wrap)  # fmt: skip
        self.bold = look.bold
        self.count_lines = look.count_lines
        self.plain = book.format(self._key)
        self._quoted: Any = None
        self._dated: Any = None
        self._timed: Any = None

    def quoted(self) -> Any:
        if self._quoted is None:
            self._quoted = self._book.format((*self._key[:9], True, self._key[10]))
        return self._quoted

    def dated(self) -> Any:
        """Dates: the look's number format or yyyy-mm-dd, centred unless aligned."""
        if self._dated is None:
            key = list(self._key)
            key[5] = "center" if key[5] == "general" else key[5]
            key[8] = key[8] or DATE_FORMAT
            self._dated = self._book.format(tuple(key))
        return self._dated

    def timed(self) -> Any:
        if self._timed is None:
            self._timed = self._book.format((*self._key[:8], self._key[8] or DATETIME_FORMAT,
                                             False, self._key[10]))  # fmt: skip
        return self._timed


class SheetWriter:
    """One worksheet being written, with the looks the review pack uses.

    Rows and columns are 1-based here, as a reader of the sheet counts them. ``put`` takes
    the look as keywords; loops over many rows resolve a :class:`Look` once with ``style``
    and ``write`` with it.
    """

    def __init__(self, book: PackBook, name: str, columns: Sequence[Column]) -> None:
        self.book = book
        self.sheet = book.workbook.add_worksheet(name, worksheet_class=book.sheet_class)
        self.name = name
        self.columns = list(columns)
        self._widths = {index: column.width for index, column in enumerate(columns, start=1)}
        # Text that may need more than one line, by cell: most cells are short and skip this.
        self._texts: dict[tuple[int, int], tuple[str, bool]] = {}
        self._one_line: dict[tuple[int, bool], int] = {}
        self._merges: list[tuple[int, int, int, int]] = []
        self._fixed_heights: dict[int, float] = {}
        self._styles: dict[Look, Style] = {}

    # --- cells ---------------------------------------------------------------------------

    def style(self, look: Look | None = None, **options: Any) -> Style:
        """The resolved formats of a look (given, or built from keywords)."""
        look = look if look is not None else Look(**options)
        found = self._styles.get(look)
        if found is None:
            found = self._styles[look] = Style(self.book, look)
        return found

    def put(self, row: int, column: int, value: object, **look: Any) -> None:
        """Write one value with a look given as keywords (see :class:`Look`)."""
        self.write(row, column, value, self.style(Look(**look)))

    def write(self, row: int, column: int, value: object, style: Style) -> None:
        """Write one value: text is always text (never a formula), dates are real dates,
        numbers are numbers, None and empty text an empty (formatted) cell."""
        sheet = self.sheet
        if isinstance(value, str) and value:
            # A line break, tab or worse; isprintable() clears most text without a search.
            special = not value.isprintable() and _SPECIAL.search(value) is not None
            if special or len(value) > MAX_CELL_TEXT:
                value = self._checked(row, column, value)
            quoted = value.startswith(FORMULA_START)
            sheet.put_string(row - 1, column - 1, value,
                             style.quoted() if quoted else style.plain)  # fmt: skip
            if style.count_lines:
                fits = self._one_line.get((column, style.bold)) or self._fits(column, style)
                if special or len(value) > fits:
                    self._texts[(row, column)] = (value, style.bold)
        elif value is None or value == "":
            sheet.put_blank(row - 1, column - 1, style.plain)
        elif isinstance(value, bool):
            sheet.write_boolean(row - 1, column - 1, value, style.plain)
        elif isinstance(value, datetime):
            sheet.write_datetime(row - 1, column - 1, value, style.timed())
        elif isinstance(value, date):
            if value >= _FIRST_PLAIN_SERIAL:  # the serial number a date cell holds
                sheet.put_number(row - 1, column - 1, value.toordinal() - _EPOCH,
                                 style.dated())  # fmt: skip
            else:
                sheet.write_datetime(row - 1, column - 1, value, style.dated())
        elif isinstance(value, int | float):
            if math.isfinite(value):
                sheet.put_number(row - 1, column - 1, value, style.plain)
            else:  # a workbook holds no infinity or NaN
                sheet.put_string(row - 1, column - 1, str(value), style.plain)
        else:
            raise TypeError(f"cannot write {type(value).__name__} to a cell")

    def _fits(self, column: int, style: Style) -> int:
        """Characters that surely fit on one line of the column (in the style's weight)."""
        key = (column, style.bold)
        found = self._one_line.get(key)
        if found is None:
            found = self._one_line[key] = chars_per_line(self.width_of(column), bold=style.bold)
        return found

    def blanks(self, row: int, first: int, last: int, **look: Any) -> None:
        """Empty cells ``first``..``last`` of a row with one look (a grid's empty cells)."""
        if last < first:
            return
        self.sheet.put_blanks(row - 1, first - 1, last - 1, self.style(Look(**look)).plain)

    def grid(self, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
        """Thin borders round every cell of a block whose cells are mostly left empty (the
        Timeline's years, the mandate matrix): drawn by one conditional format instead of
        an empty bordered cell each, which on a large plan were most of the file."""
        if last_row < first_row or last_column < first_column:
            return
        self.sheet.conditional_format(
            first_row - 1, first_column - 1, last_row - 1, last_column - 1,
            {"type": "formula", "criteria": "TRUE", "format": self.book.grid_format()},
        )  # fmt: skip

    def _checked(self, row: int, column: int, value: str) -> str:
        bad = UNSTORABLE.search(value)
        if bad:
            raise UserError(
                f"{self.where(row, column)}: the text holds the control character "
                f"U+{ord(bad.group()):04X}, which a workbook cannot store; remove it in the "
                "plan first (nothing was written)."
            )
        text = cell_text(value)
        if len(text) > MAX_CELL_TEXT:
            raise UserError(
                f"{self.where(row, column)}: the text is {len(text):,} characters long and an "
                f"Excel cell holds at most {MAX_CELL_TEXT:,}; shorten it in the plan first "
                "(nothing was written)."
            )
        return text

    def where(self, row: int, column: int) -> str:
        return f"{self.name}!{self.letter(column)}{row}"

    def width_of(self, column: int) -> float:
        return self._widths.get(column, DEFAULT_WIDTH)

    def merged(
        self,
        first_row: int,
        first_column: int,
        last_row: int,
        last_column: int,
        value: object,
        **look: Any,
    ) -> None:
        """Write ``value`` over a merged block; its text's height is spread over its rows
        when the sheet ends. A one-cell block is a plain cell."""
        if (first_row, first_column) != (last_row, last_column):
            cell_format = self.style(Look(**look)).plain
            # merge_range writes its value with write(), which could take text for a
            # formula: merge an empty block, then put the value itself into its first cell.
            self.sheet.merge_range(first_row - 1, first_column - 1, last_row - 1,
                                   last_column - 1, None, cell_format)  # fmt: skip
            self._merges.append((first_row, first_column, last_row, last_column))
        self.put(first_row, first_column, value, **look)

    def set_height(self, row: int, points: float) -> None:
        self._fixed_heights[row] = points

    def validate(self, column: int, first: int, last: int, options: dict[str, Any]) -> None:
        """A data validation (a list or a range) on rows ``first``..``last`` of a column."""
        if last >= first:
            self.sheet.data_validation(first - 1, column - 1, last - 1, column - 1, options)

    # --- whole sheet ---------------------------------------------------------------------

    def title(self, text: str, subtitle: str, last_column: int) -> None:
        """Rows 1 and 2: what the sheet is and where it came from."""
        self.merged(1, 1, 1, last_column, text, bold=True, size=TITLE_SIZE, border=False,
                    count_lines=False, wrap=False)  # fmt: skip
        self.merged(2, 1, 2, last_column, subtitle, italic=True, color="4A5565", border=False,
                    count_lines=False, wrap=False)  # fmt: skip
        self.set_height(1, 22)
        self.set_height(2, 15)

    def header(self, row: int, columns: Sequence[Column] | None = None, start: int = 1) -> None:
        for offset, column in enumerate(columns if columns is not None else self.columns):
            self.put(row, start + offset, column.header, bold=True, fill=HEADER_FILL,
                     horizontal="center")  # fmt: skip

    def finish(
        self,
        *,
        header_rows: tuple[int, int],
        last_row: int,
        last_column: int,
        freeze: str,
        heading: str,
        footer: str,
        extra_widths: dict[int, float] | None = None,
    ) -> None:
        """Widths, heights, print setup, repeated headers, frozen panes, autofilter."""
        sheet = self.sheet
        self._widths.update(extra_widths or {})
        for index, width in sorted(self._widths.items()):
            # In pixels, so the file holds exactly ``width`` (XlsxWriter's set_column adds
            # the cell padding on top): the widths the layout and row heights assume.
            sheet.set_column_pixels(index - 1, index - 1, width * PIXELS_PER_UNIT)
        self._row_heights(last_row)
        first, last = header_rows
        sheet.repeat_rows(first - 1, last - 1)
        sheet.freeze_panes(freeze)
        sheet.autofilter(last - 1, 0, max(last, last_row) - 1, last_column - 1)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.center_horizontally()
        sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        # Excel refuses (with a repair prompt) headers and footers over 255 characters.
        _header_footer(
            sheet.set_header,
            "header",
            sheet,
            f"&L&8{_header_footer_text(heading, 110)}&R&8{_header_footer_text(self.name, 40)}",
        )
        _header_footer(
            sheet.set_footer,
            "footer",
            sheet,
            f"&L&8{_header_footer_text(footer, 80)}&R&8Page &P of &N",
        )

    def _row_heights(self, last_row: int) -> None:
        lines: dict[int, int] = {}
        anchors = {(merge[0], merge[1]): merge for merge in self._merges}
        spread: list[tuple[int, int, int]] = []
        known: dict[tuple[str, float, bool], int] = {}  # a register repeats its titles

        def estimate(text: str, width: float, bold: bool) -> int:
            found = known.get((text, width, bold))
            if found is None:
                found = known[(text, width, bold)] = estimated_lines(text, width, bold=bold)
            return found

        for (row, column), (text, bold) in self._texts.items():
            if (row, column) in anchors:
                _, _, last, last_column = anchors[(row, column)]
                width = sum(self.width_of(c) for c in range(column, last_column + 1))
                needed = estimate(text, width, bold)
                if last == row:
                    lines[row] = max(lines.get(row, 1), needed)
                else:
                    spread.append((row, last, needed))
            else:  # merged blocks hold text only in their first cell
                needed = estimate(text, self.width_of(column), bold)
                lines[row] = max(lines.get(row, 1), needed)
        for first, last, needed in spread:  # spread what a merged block lacks over its rows
            missing = needed - sum(lines.get(row, 1) for row in range(first, last + 1))
            count = last - first + 1
            for index, row in enumerate(range(first, last + 1)):
                if missing > 0:
                    lines[row] = lines.get(row, 1) + missing // count + (index < missing % count)
        # Every row is at least one line of 10-point text with some air: the sheet's default
        # height; only taller (and the title's) rows are set one by one.
        self.sheet.set_default_row(math.ceil(LINE_POINTS + 3))
        for row, count in lines.items():
            if count > 1 and row not in self._fixed_heights and row <= last_row:
                self.sheet.set_row(row - 1, min(MAX_ROW_POINTS, math.ceil(count * LINE_POINTS + 3)))
        for row, height in self._fixed_heights.items():
            self.sheet.set_row(row - 1, height)

    @staticmethod
    def letter(column: int) -> str:
        from xlsxwriter.utility import xl_col_to_name

        return str(xl_col_to_name(column - 1))


def _header_footer(setter: Any, attribute: str, sheet: Any, text: str) -> None:
    """Set a page header or footer. XlsxWriter reads ``&G`` and ``&[Picture]`` as image
    placeholders, which a plan's title may hold (``R&G`` is written ``R&&G``): such text
    is set on the worksheet directly, as set_header would have stored it."""
    if "&G" in text or "&[Picture]" in text:
        setter("", {"margin": 0.25})
        setattr(sheet, attribute, text)
    else:
        setter(text, {"margin": 0.25})


def _header_footer_text(text: str, limit: int) -> str:
    """Header and footer codes start with ``&``; a literal ampersand is written twice. At
    most ``limit`` characters as written (the three parts stay under Excel's 255)."""
    text = cell_text(text).replace("\n", " ")
    if len(text.replace("&", "&&")) > limit:
        text = text[:limit]
        while len(text.replace("&", "&&")) > limit - 1:
            text = text[:-1]
        text = text.rstrip() + "…"
    return text.replace("&", "&&")
