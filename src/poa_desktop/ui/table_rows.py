"""Row heights of tables whose rows are as tall as their wrapped text."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QHeaderView, QTableView

#: A table property: its rows are as tall as their text (set by ``fit_rows_to_text``).
FITS_TEXT = "rowsFitText"


def fit_rows_to_text(table: QTableView, fits: bool = True) -> None:
    """Rows as tall as their wrapped text (``fits``) or of one fixed height."""
    table.setProperty(FITS_TEXT, fits)
    mode = QHeaderView.ResizeMode.ResizeToContents if fits else QHeaderView.ResizeMode.Fixed
    table.verticalHeader().setSectionResizeMode(mode)


@contextmanager
def rows_measured_once(*tables: QTableView) -> Iterator[None]:
    """Hold a table's row heights while its column widths change, then measure once:
    with rows sized to their contents, each width change measures every row again, which
    made fitting a view's columns cost hundreds of milliseconds."""
    held = [table for table in tables if table.property(FITS_TEXT)]
    for table in held:
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    try:
        yield
    finally:
        for table in held:
            table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
