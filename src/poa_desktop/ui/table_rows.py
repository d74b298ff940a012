"""Row heights of tables whose rows are as tall as their wrapped text."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QAbstractItemModel, QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

#: A table property: its rows are as tall as their text (set by ``fit_rows_to_text``).
FITS_TEXT = "rowsFitText"
#: A table property: how many ``rows_measured_once`` blocks hold its row heights now
#: (one more while it is off screen).
HELD = "rowsHeld"
#: A table property: held while its dock is behind another's tab.
OFF_SCREEN = "rowsOffScreen"


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


def hold_rows_while_hidden(table: QTableView, hidden: bool) -> None:
    """Rows of a table behind another dock's tab keep their heights until it is shown.

    Qt keeps such a dock off screen at a size of its own, and lays it out again whenever
    the window is, so its rows would be measured at widths never shown, and all again on
    its first show. Measured once it is on screen, they are measured at the right width.
    """
    if bool(table.property(OFF_SCREEN)) == hidden:
        return
    table.setProperty(OFF_SCREEN, hidden)
    depth = int(table.property(HELD) or 0) + (1 if hidden else -1)
    table.setProperty(HELD, depth)
    if hidden and depth == 1 and table.property(FITS_TEXT):
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    elif depth == 0:
        _apply(table)


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
        if self.model() is None:
            return -1
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

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            for signal in (model.modelReset, model.layoutChanged):
                signal.connect(self._choose_scroll_bar)
            for signal in (model.rowsInserted, model.rowsRemoved):
                signal.connect(lambda *_: self._choose_scroll_bar())

    def _choose_scroll_bar(self) -> None:
        """Rows sure to overflow the table get their scroll bar before they are measured.
        Else they are measured at the full width, the bar then appears, the text
        columns narrow, and every row is measured again (twice the pause on a refresh)."""
        model = self.model()
        if model is None or not self.property(FITS_TEXT):
            return
        line = self.fontMetrics().height() + 1
        overflows = model.rowCount() * line > self.viewport().height()
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOn
            if overflows
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        if self.verticalScrollBarPolicy() != policy:
            self.setVerticalScrollBarPolicy(policy)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._choose_scroll_bar()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._row_heights.clear()  # the same text takes other room
        super().changeEvent(event)
