"""Row heights of tables whose rows are as tall as their wrapped text."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

#: A table property: its rows are as tall as their text (set by ``fit_rows_to_text``).
FITS_TEXT = "rowsFitText"
#: A table property: how many ``rows_measured_once`` blocks hold its row heights now.
HELD = "rowsHeld"


def fit_rows_to_text(table: QTableView, fits: bool = True) -> None:
    """Rows as tall as their wrapped text (``fits``) or of one fixed height. Inside
    ``rows_measured_once`` the choice takes effect when the outermost block ends."""
    table.setProperty(FITS_TEXT, fits)
    if not table.property(HELD):
        _apply(table)


def _apply(table: QTableView) -> None:
    fits = bool(table.property(FITS_TEXT))
    mode = QHeaderView.ResizeMode.ResizeToContents if fits else QHeaderView.ResizeMode.Fixed
    table.verticalHeader().setSectionResizeMode(mode)


@contextmanager
def rows_measured_once(*tables: QTableView) -> Iterator[None]:
    """Hold the row heights of ``tables`` while their columns and rows change, then
    measure once: with rows sized to their contents, each width change measures every
    row again, which made building a view cost hundreds of milliseconds. Blocks nest:
    only the outermost one measures."""
    for table in tables:
        depth = int(table.property(HELD) or 0)
        table.setProperty(HELD, depth + 1)
        if depth == 0 and table.property(FITS_TEXT):
            table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    try:
        yield
    finally:
        for table in tables:
            depth = int(table.property(HELD) or 1) - 1
            table.setProperty(HELD, depth)
            if depth == 0:
                _apply(table)


#: Row heights a table remembers before it forgets them all (a register of 400 rows
#: sorted, filtered and edited for a day stays far below).
_REMEMBERED_ROWS = 8192


class TextRowsTable(QTableView):
    """A table whose rows are as tall as their wrapped text, measuring each row once.

    With rows sized to their contents Qt measures every cell of every row (a dozen
    model calls each) whenever the table lays itself out: after each edit, each refresh,
    each sort. A row's height depends only on what it shows and on the column widths, so
    it is remembered under that key and measured again only when one of them changes.
    ``row_key`` says what a row shows; by default its cells' text.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._row_heights: dict[tuple[Hashable, tuple[int, ...]], int] = {}

    def row_key(self, row: int) -> Hashable:
        """What row ``row`` (of the table's model) shows, as a hashable value."""
        model = self.model()
        columns = self.horizontalHeader().count()
        return tuple(model.index(row, column).data() for column in range(columns))

    def sizeHintForRow(self, row: int) -> int:
        key = (self.row_key(row), self._widths())
        try:
            known = self._row_heights.get(key)
        except TypeError:  # an unhashable row: measured every time
            return QTableView.sizeHintForRow(self, row)
        if known is None:
            if len(self._row_heights) >= _REMEMBERED_ROWS:
                self._row_heights.clear()
            known = self._row_heights[key] = QTableView.sizeHintForRow(self, row)
        return known

    def _widths(self) -> tuple[int, ...]:
        header = self.horizontalHeader()
        return tuple(
            0 if header.isSectionHidden(column) else header.sectionSize(column)
            for column in range(header.count())
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._row_heights.clear()  # the same text takes other room
        super().changeEvent(event)
