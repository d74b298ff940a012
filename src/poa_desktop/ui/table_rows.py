"""Row heights of tables whose rows are as tall as their wrapped text."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QHeaderView, QTableView

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
