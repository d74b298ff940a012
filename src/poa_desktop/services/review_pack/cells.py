"""Writing cells safely and making a sheet print-ready.

Every cell of the review pack goes through :class:`SheetWriter`: text is always stored as
text (never a formula, whatever it starts with), dates as real Excel dates, and text that a
cell cannot hold is refused naming the sheet and cell instead of being cut. ``finish`` adds
what a printed sheet needs: landscape A4, fit to width, repeated header rows, frozen panes,
an autofilter, column widths and row heights tall enough for the wrapped text.

openpyxl is imported by the functions that need it, so the window starts without it.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Sequence
from copy import copy
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
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Excel reads ``_x0041_`` in a string as the character U+0041; a literal one is escaped.
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
#: What a spreadsheet would take for a formula (or a DDE command) if typed.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
DATE_FORMAT = "yyyy-mm-dd"
LINE_POINTS = 12.75  # one line of 10-point Arial
MAX_ROW_POINTS = 409  # Excel's tallest row
# Characters of 10-point Arial per unit of Excel column width: a unit is 7 pixels, Arial
# averages 5.8 pixels a character (6.3 in bold), less the cell's padding; a little under.
CHARS_PER_UNIT = 1.15


def cell_text(text: str) -> str:
    """User text as a cell stores it: line breaks as LF (XML turns a bare CR into LF on
    reading, so CRLF and CR are normalised here rather than changed silently later) and a
    literal ``_xHHHH_`` escaped so Excel shows it as typed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _EXCEL_ESCAPE.sub(r"_x005F_\1", text)


def estimated_lines(text: str, width: float, *, bold: bool = False) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide (a generous guess:
    a row a little too tall reads fine, a row too short hides text)."""
    per_line = max(1, int((width - 1) * CHARS_PER_UNIT * (0.92 if bold else 1.0)))
    lines = 0
    for paragraph in text.split("\n"):
        lines += max(1, len(textwrap.wrap(paragraph, per_line, break_long_words=True)))
    return lines


class SheetWriter:
    """One worksheet being written, with the styles the review pack uses."""

    def __init__(self, workbook: Any, name: str, columns: Sequence[Column]) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.sheet = workbook.create_sheet(name)
        self.name = name
        self.columns = list(columns)
        self._texts: dict[tuple[int, int], tuple[str, bool]] = {}  # wrapped text by cell
        self._merges: list[tuple[int, int, int, int]] = []
        self._fixed_heights: dict[int, float] = {}
        self._fonts: dict[tuple[bool, bool, str | None, int], Any] = {}
        self._fills: dict[str, Any] = {}
        self._styles: dict[tuple[Any, ...], Any] = {}
        self._alignments: dict[tuple[str, str, bool, int], Any] = {}
        self._Font, self._PatternFill, self._Alignment = Font, PatternFill, Alignment
        thin = Side(style="thin", color="A0A8B4")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)

    # --- styles --------------------------------------------------------------------------

    def font(
        self, bold: bool = False, italic: bool = False, color: str | None = None, size: int = 0
    ) -> Any:
        key = (bold, italic, color, size or FONT_SIZE)
        if key not in self._fonts:
            self._fonts[key] = self._Font(
                name=FONT, size=key[3], bold=bold, italic=italic, color=color
            )
        return self._fonts[key]

    def fill(self, rgb: str) -> Any:
        if rgb not in self._fills:
            self._fills[rgb] = self._PatternFill("solid", start_color=rgb, end_color=rgb)
        return self._fills[rgb]

    def alignment(
        self, horizontal: str = "general", vertical: str = "top", wrap: bool = True, indent: int = 0
    ) -> Any:
        key = (horizontal, vertical, wrap, indent)
        if key not in self._alignments:
            self._alignments[key] = self._Alignment(
                horizontal=horizontal, vertical=vertical, wrap_text=wrap, indent=indent
            )
        return self._alignments[key]

    # --- cells ---------------------------------------------------------------------------

    def put(
        self,
        row: int,
        column: int,
        value: object,
        *,
        bold: bool = False,
        italic: bool = False,
        color: str | None = None,
        fill: str | None = None,
        horizontal: str = "general",
        indent: int = 0,
        border: bool = True,
        size: int = 0,
        number_format: str | None = None,
        count_lines: bool = True,
    ) -> Any:
        """Write one value; text is always text, dates are dates, numbers are numbers."""
        cell = self.sheet.cell(row=row, column=column)
        if isinstance(value, str):
            self._put_text(cell, value)
        elif isinstance(value, datetime):
            cell.value = value
            number_format = number_format or "yyyy-mm-dd hh:mm"
        elif isinstance(value, date):
            cell.value = value
            number_format = number_format or DATE_FORMAT
            horizontal = "center" if horizontal == "general" else horizontal
        elif isinstance(value, bool | int | float) or value is None:
            cell.value = value
        else:
            raise TypeError(f"cannot write {type(value).__name__} to a cell")
        quote = bool(cell.data_type == "s" and cell.value.startswith(FORMULA_START))
        key = (bold, italic, color, size, fill, horizontal, indent, border, number_format, quote)
        style = self._styles.get(key)
        if style is None:  # styling through openpyxl's descriptors is slow: do it once a look
            cell.font = self.font(bold, italic, color, size)
            if fill:
                cell.fill = self.fill(fill)
            cell.alignment = self.alignment(horizontal, "top", True, indent)
            if border:
                cell.border = self.border
            if number_format:
                cell.number_format = number_format
            cell.quotePrefix = quote  # and Excel keeps text starting with "=" text when edited
            self._styles[key] = copy(cell._style)
        else:
            cell._style = copy(style)
        if count_lines and isinstance(value, str) and value:
            self._texts[(row, column)] = (cell.value, bold)
        return cell

    def _put_text(self, cell: Any, value: str) -> None:
        where = f"{self.name}!{cell.coordinate}"
        bad = _ILLEGAL.search(value)
        if bad:
            raise UserError(
                f"{where}: the text holds the control character U+{ord(bad.group()):04X}, "
                "which a workbook cannot store; remove it in the plan first (nothing was "
                "written)."
            )
        text = cell_text(value)
        if len(text) > MAX_CELL_TEXT:
            raise UserError(
                f"{where}: the text is {len(text):,} characters long and an Excel cell holds "
                f"at most {MAX_CELL_TEXT:,}; shorten it in the plan first (nothing was written)."
            )
        cell.value = text
        cell.data_type = "s"  # openpyxl takes text starting with "=" for a formula

    def width_of(self, column: int) -> float:
        if column <= len(self.columns):
            return self.columns[column - 1].width
        letter = self.letter(column)
        return self.sheet.column_dimensions[letter].width or 8.43

    def merge(self, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
        """Merge a block; its text's height is spread over its rows when the sheet ends."""
        if (first_row, first_column) == (last_row, last_column):
            return
        border = self._styled_border()
        self.sheet.merge_cells(
            start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column
        )
        self._merges.append((first_row, first_column, last_row, last_column))
        for row in range(first_row, last_row + 1):
            for column in range(first_column, last_column + 1):
                target = self.sheet.cell(row=row, column=column)
                if (row, column) != (first_row, first_column):
                    target._style = copy(border)

    def _styled_border(self) -> Any:
        """The style of an empty bordered cell, for the covered cells of a merged block."""
        key = ("merged-border",)
        if key not in self._styles:
            probe = self.sheet.cell(row=1, column=1)
            saved = copy(probe._style)
            probe.border = self.border
            self._styles[key] = copy(probe._style)
            probe._style = saved
        return self._styles[key]

    def set_height(self, row: int, points: float) -> None:
        self._fixed_heights[row] = points

    # --- whole sheet ---------------------------------------------------------------------

    def title(self, text: str, subtitle: str, last_column: int) -> None:
        """Rows 1 and 2: what the sheet is and where it came from."""
        self.put(1, 1, text, bold=True, size=TITLE_SIZE, border=False, count_lines=False)
        self.put(2, 1, subtitle, italic=True, color="4A5565", border=False, count_lines=False)
        for row in (1, 2):
            self.sheet.merge_cells(
                start_row=row, start_column=1, end_row=row, end_column=last_column
            )
            self.sheet.cell(row=row, column=1).alignment = self.alignment(wrap=False)
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
        from openpyxl.worksheet.page import PageMargins

        sheet = self.sheet
        for index, column in enumerate(self.columns, start=1):
            sheet.column_dimensions[self.letter(index)].width = column.width
        for index, width in (extra_widths or {}).items():
            sheet.column_dimensions[self.letter(index)].width = width
        self._row_heights(last_row)
        first, last = header_rows
        sheet.print_title_rows = f"{first}:{last}"
        sheet.freeze_panes = freeze
        sheet.auto_filter.ref = f"A{last}:{self.letter(last_column)}{max(last, last_row)}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        sheet.page_margins = PageMargins(
            left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.25, footer=0.25
        )
        # Excel refuses (with a repair prompt) headers and footers over 255 characters.
        sheet.oddHeader.left.text = _header_footer_text(heading, 110)
        sheet.oddHeader.left.size = 8
        sheet.oddHeader.right.text = _header_footer_text(self.name, 40)
        sheet.oddHeader.right.size = 8
        sheet.oddFooter.left.text = _header_footer_text(footer, 80)
        sheet.oddFooter.left.size = 8
        sheet.oddFooter.right.text = "Page &P of &N"
        sheet.oddFooter.right.size = 8
        sheet.sheet_view.zoomScale = 100

    def _row_heights(self, last_row: int) -> None:
        lines: dict[int, int] = {}
        anchors = {(merge[0], merge[1]): merge for merge in self._merges}
        covered = {
            (row, column)
            for first_row, first_column, last, last_column in self._merges
            for row in range(first_row, last + 1)
            for column in range(first_column, last_column + 1)
        }
        spread: list[tuple[int, int, int]] = []
        for (row, column), (text, bold) in self._texts.items():
            if (row, column) in anchors:
                _, _, last, last_column = anchors[(row, column)]
                width = sum(self.width_of(c) for c in range(column, last_column + 1))
                needed = estimated_lines(text, width, bold=bold)
                if last == row:
                    lines[row] = max(lines.get(row, 1), needed)
                else:
                    spread.append((row, last, needed))
            elif (row, column) not in covered:
                needed = estimated_lines(text, self.width_of(column), bold=bold)
                lines[row] = max(lines.get(row, 1), needed)
        for first, last, needed in spread:  # spread what a merged block lacks over its rows
            missing = needed - sum(lines.get(row, 1) for row in range(first, last + 1))
            count = last - first + 1
            for index, row in enumerate(range(first, last + 1)):
                if missing > 0:
                    lines[row] = lines.get(row, 1) + missing // count + (index < missing % count)
        for row in range(1, last_row + 1):
            if row in self._fixed_heights:
                height = self._fixed_heights[row]
            else:
                height = min(MAX_ROW_POINTS, math.ceil(lines.get(row, 1) * LINE_POINTS + 3))
            self.sheet.row_dimensions[row].height = height

    @staticmethod
    def letter(column: int) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(column)


def _header_footer_text(text: str, limit: int) -> str:
    """Header and footer codes start with ``&``; a literal ampersand is written twice."""
    text = cell_text(text).replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text.replace("&", "&&")
