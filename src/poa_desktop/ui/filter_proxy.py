"""A sort/filter proxy that asks a plain predicate about each row's record.

Every model of the window returns its row's frozen record (``ItemRow``, ``PartnerRow``…)
under ``RecordRole`` in column 0; the rules of what matches live in
``poa_desktop.domain.filters`` (``predicate_for``), so the proxy only wires them to Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from poa_desktop.ui.roles import RecordRole

Predicate = Callable[[object], bool]
_ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DIGITS = re.compile(r"(\d+)")
_CACHE_LIMIT = 20_000


def natural_key(text: str) -> tuple[Any, ...]:
    """A sort key that puts "KO2" before "KO10" and "II.2" before "II.10"."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in _DIGITS.split(text)
        if part
    )


class RecordFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose record passes ``predicate`` (all rows when it is None).

    Recursive filtering is on, so in a tree a component or activity stays whenever one of
    its descendants matches; such a row, kept only as a parent, is drawn in the disabled
    text colour so the matches stand out (by the source model, told by ``set_dimmed``).
    ``autoAcceptChildRows`` stays off: a matching activity does not bring in means of
    action that fail the filter.

    Sorting is dynamic and uses ``sort_role`` (falling back to the display text where a
    model gives nothing for it); text sorts naturally ("KO2" before "KO10").
    """

    #: Emitted after the rows were filtered anew; True when a predicate is set.
    predicateChanged = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        sort_role: int = Qt.ItemDataRole.DisplayRole,
        record_role: int = RecordRole,
    ) -> None:
        super().__init__(parent)
        self._predicate: Predicate | None = None
        self._record_role = record_role
        self._verdicts: dict[object, bool] = {}
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(False)
        self.setDynamicSortFilter(True)
        self.setSortRole(sort_role)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    # Filtering

    @property
    def predicate(self) -> Predicate | None:
        return self._predicate

    @property
    def filtering(self) -> bool:
        return self._predicate is not None

    def set_predicate(self, predicate: Predicate | None) -> None:
        """Filter with ``predicate`` (None shows every row)."""
        if predicate is None and self._predicate is None:
            return
        self._begin_filter_change()
        self._predicate = predicate
        self._verdicts.clear()
        self._tell_source()
        self._end_filter_change()
        self.predicateChanged.emit(predicate is not None)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        super().setSourceModel(model)
        self._tell_source()

    def _tell_source(self) -> None:
        """Tell a tree model which rows are kept only as the parent of a match, to draw
        them dimmed (``set_dimmed``). The source model draws them, not this proxy: a
        Python ``data`` here would double the cost of every cell Qt paints or measures."""
        dimmed = getattr(self.sourceModel(), "set_dimmed", None)
        if dimmed is not None:
            dimmed(self._kept_only_as_parent if self._predicate is not None else None)

    def _kept_only_as_parent(self, source_index: QModelIndex) -> bool:
        return not self._matches(source_index.siblingAtColumn(0))

    def filterAcceptsRow(self, source_row: int, source_parent: _ModelIndex) -> bool:
        if self._predicate is None:
            return True
        model = self.sourceModel()
        if model is None:
            return False
        return self._matches(model.index(source_row, 0, source_parent))

    def _matches(self, source_index: QModelIndex) -> bool:
        """Whether the row itself passes (not merely as the parent of a match)."""
        predicate = self._predicate
        if predicate is None:
            return True
        record = source_index.data(self._record_role)
        if record is None:
            return False
        try:
            verdict = self._verdicts.get(record)
        except TypeError:  # an unhashable record: ask every time
            return bool(predicate(record))
        if verdict is None:
            # Records are frozen values and the predicate is pure, so an equal record gets
            # the same answer until the predicate changes (which clears this cache).
            if len(self._verdicts) > _CACHE_LIMIT:
                self._verdicts.clear()
            verdict = self._verdicts[record] = bool(predicate(record))
        return verdict

    def matches(self, index: _ModelIndex) -> bool:
        """Whether the row at this proxy index passes the filter itself (True when no
        filter is set; False for a parent kept only because a child matches)."""
        if not index.isValid():
            return False
        source = self.mapToSource(index)
        return self._matches(source.siblingAtColumn(0))

    def match_count(self) -> int:
        """How many rows pass the filter themselves (every row when none is set)."""
        model = self.sourceModel()
        if model is None:
            return 0
        count = 0
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                if self._matches(index):
                    count += 1
                if model.hasChildren(index):
                    pending.append(index)
        return count

    # Sorting

    def lessThan(self, left: _ModelIndex, right: _ModelIndex) -> bool:
        return self._sort_value(left) < self._sort_value(right)

    def _sort_value(self, index: _ModelIndex) -> tuple[Any, ...]:
        value = index.data(self.sortRole())
        if value is None:
            value = index.data(Qt.ItemDataRole.DisplayRole)
        if value is None:
            return (2,)
        if isinstance(value, bool | int | float):
            return (0, float(value))
        return (1, natural_key(str(value)))

    # Qt 6.9 added begin/endFilterChange; older versions only have invalidateRowsFilter.

    def _begin_filter_change(self) -> None:
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()

    def _end_filter_change(self) -> None:
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt < 6.9
            self.invalidateRowsFilter()
