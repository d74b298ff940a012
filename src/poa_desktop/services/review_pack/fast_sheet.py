"""An XlsxWriter worksheet that stores and writes plain cells faster, byte for byte the same.

On a large plan the pack is some 400,000 cells. XlsxWriter spends most of its time per
cell in general-purpose code: ``write_string`` converts A1 arguments, ``_write_rows``
looks at every column of every row and escapes every attribute. The review pack writes
only strings, numbers, dates and formatted blanks, with a format on every cell, into a
workbook kept in memory; for those cells :class:`PackSheet` stores the same cell tuples
and writes the same XML with less work. Anything else (a cell without a format, a
boolean, a date-time, a merged range, comments) goes through XlsxWriter's own code; a
constant_memory workbook is refused.

It relies on XlsxWriter's private worksheet structures (``table``, ``_write_row``…), which
have been stable for years; ``tests/test_review_pack_speed_writer.py`` compares its output
with :class:`ReferenceSheet` (XlsxWriter's own writers) so a change there shows at once.
"""

from __future__ import annotations

from typing import Any

import xlsxwriter.worksheet as _worksheet
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet


def _cell_tuple(name: str) -> Any:
    """XlsxWriter's tuple class of a kind of cell (older releases spelled it ``cell_*_tuple``)."""
    found = getattr(_worksheet, f"Cell{name}Tuple", None)
    return found if found is not None else getattr(_worksheet, f"cell_{name.lower()}_tuple")


CellBlankTuple = _cell_tuple("Blank")
CellDatetimeTuple = _cell_tuple("Datetime")
CellNumberTuple = _cell_tuple("Number")
CellStringTuple = _cell_tuple("String")

#: Strings at most this long cannot exceed Excel's 32,767 UTF-16 units (XlsxWriter's own
#: shortcut); longer ones take XlsxWriter's path, which measures and truncates.
_SHORT = 32_767 // 2
_NUMBER = (CellNumberTuple, CellDatetimeTuple)
#: Excel's rows and columns: a cell outside takes XlsxWriter's path, which ignores it.
_ROWS, _COLUMNS = 1_048_576, 16_384


class PackSheet(Worksheet):
    """A worksheet with fast ``put_*`` writers (0-based row and column, a format always).

    They store the cell as XlsxWriter does but leave the sheet's dimensions (its used
    range) to :meth:`_settle_dimensions`, which takes them from the stored cells before
    the sheet is written (min and max do not care in what order cells came)."""

    def put_string(self, row: int, col: int, string: str, cell_format: Any) -> None:
        if len(string) > _SHORT or not (0 <= row < _ROWS and 0 <= col < _COLUMNS):
            self._write_string(row, col, string, cell_format)
        else:
            index = self.str_table._get_shared_string_index(string)
            self.table[row][col] = CellStringTuple(index, cell_format)

    def put_number(self, row: int, col: int, number: float, cell_format: Any) -> None:
        """A finite int or float (the caller writes infinities and NaN as text)."""
        if 0 <= row < _ROWS and 0 <= col < _COLUMNS:
            self.table[row][col] = CellNumberTuple(number, cell_format)
        else:
            self._write_number(row, col, number, cell_format)

    def put_blank(self, row: int, col: int, cell_format: Any) -> None:
        if 0 <= row < _ROWS and 0 <= col < _COLUMNS:
            self.table[row][col] = CellBlankTuple(cell_format)
        else:
            self._write_blank(row, col, None, cell_format)

    def put_blanks(self, row: int, first: int, last: int, cell_format: Any) -> None:
        """Formatted blanks in columns ``first``..``last`` of a row."""
        if not (0 <= row < _ROWS and 0 <= first <= last < _COLUMNS):
            for col in range(first, last + 1):
                self._write_blank(row, col, None, cell_format)
            return
        cells = self.table[row]
        blank = CellBlankTuple(cell_format)
        for col in range(first, last + 1):
            cells[col] = blank

    def _settle_dimensions(self) -> None:
        """Widen the used range to every stored cell, as ``_check_dimensions`` would have
        on each write."""
        for row_num, cells in self.table.items():
            if cells:
                self._check_dimensions(row_num, min(cells))
                self._check_dimensions(row_num, max(cells))

    def _assemble_xml_file(self) -> None:
        if self.constant_memory:  # the put_* writers assume a sheet kept in memory
            raise RuntimeError("PackSheet does not support constant_memory")
        self._settle_dimensions()
        super()._assemble_xml_file()

    # --- writing the XML -----------------------------------------------------------------

    def _write_rows(self) -> None:
        """``Worksheet._write_rows`` for a sheet without comments, written a row at a time:
        the same rows, spans, cells and attributes in the same order, so the same bytes."""
        if self.comments:
            super()._write_rows()
            return
        table, row_info = self.table, self.row_info
        spans = self._spans()
        self.row_spans = spans
        letters: dict[int, str] = {}
        xf_indices: dict[int, int] = {}  # id(format) -> index, assigned in cell order
        write = self.fh.write
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = table.get(row_num)
            info = row_info.get(row_num)
            span = spans.get(row_num // 16)
            if not cells:
                if info is not None:  # a row with a height or format only
                    self._write_empty_row(row_num, span, info)
                continue
            self._write_row(row_num, span, info)
            number = str(row_num + 1)
            parts: list[str] = []
            for col in sorted(cells):
                cell = cells[col]
                cell_format = cell.format
                kind = type(cell)
                if cell_format is None or not (
                    kind is CellStringTuple or kind is CellBlankTuple or kind in _NUMBER
                ):
                    if parts:
                        write("".join(parts))
                        parts.clear()
                    self._write_cell(row_num, col, cell)
                    continue
                letter = letters.get(col)
                if letter is None:
                    letter = letters[col] = xl_col_to_name(col)
                key = id(cell_format)
                xf = xf_indices.get(key)
                if xf is None:
                    xf = xf_indices[key] = cell_format._get_xf_index()
                if kind is CellStringTuple:
                    parts.append(f'<c r="{letter}{number}" s="{xf}" t="s"><v>{cell.string}</v></c>')
                elif kind is CellBlankTuple:
                    parts.append(f'<c r="{letter}{number}" s="{xf}"/>')
                else:
                    parts.append(f'<c r="{letter}{number}" s="{xf}"><v>{cell.number:.16G}</v></c>')
            parts.append("</row>")
            write("".join(parts))

    def _spans(self) -> dict[int, str]:
        """The ``spans`` of each block of 16 rows: its first and last used column."""
        low: dict[int, int] = {}
        high: dict[int, int] = {}
        for row_num, cells in self.table.items():
            if not cells:
                continue
            block = row_num // 16
            first, last = min(cells), max(cells)
            if block not in low or first < low[block]:
                low[block] = first
            if block not in high or last > high[block]:
                high[block] = last
        return {block: f"{low[block] + 1}:{high[block] + 1}" for block in low}


class ReferenceSheet(PackSheet):
    """The same ``put_*`` API through XlsxWriter's own writers: what tests compare with."""

    def put_string(self, row: int, col: int, string: str, cell_format: Any) -> None:
        self.write_string(row, col, string, cell_format)

    def put_number(self, row: int, col: int, number: float, cell_format: Any) -> None:
        self.write_number(row, col, number, cell_format)

    def put_blank(self, row: int, col: int, cell_format: Any) -> None:
        self.write_blank(row, col, None, cell_format)

    def put_blanks(self, row: int, first: int, last: int, cell_format: Any) -> None:
        for col in range(first, last + 1):
            self.write_blank(row, col, None, cell_format)

    def _write_rows(self) -> None:
        Worksheet._write_rows(self)
