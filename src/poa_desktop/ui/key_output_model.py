"""The key outputs (Figure 1) as a table, over a ``PlanOutline``: the key outputs view's
model. Plain rows only, like the plan tree's model (``plan_tree_model``)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from poa_desktop.domain.records import ItemRow, PlanOutline
from poa_desktop.ui.plan_tree_model import (
    ItemKindRole,
    ItemUuidRole,
    SortRole,
    percent_display,
    timing_display,
)
from poa_desktop.ui.roles import RecordRole
from poa_desktop.ui.status_style import status_icon, status_label

_ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanTreeModel", text)  # its words' first context


class KeyOutputColumn(IntEnum):
    NUMBER = 0
    TITLE = 1
    COMPONENT = 2
    TIMING = 3
    STATUS = 4
    PERCENT = 5


class KeyOutputTableModel(QAbstractTableModel):
    """The key outputs of Figure 1 as a flat, sortable table."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[ItemRow, ...] = ()
        self._component_titles: dict[str, str] = {}

    def set_outline(self, outline: PlanOutline | None) -> None:
        self.beginResetModel()
        self._rows = outline.key_outputs if outline is not None else ()
        self._component_titles = (
            {c.code: c.title for c in outline.components} if outline is not None else {}
        )
        self.endResetModel()

    def row_at(self, row: int) -> ItemRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def index_for_uuid(self, uuid: str) -> QModelIndex:
        for row, item in enumerate(self._rows):
            if uuid and item.uuid == uuid:
                return self.index(row, 0)
        return QModelIndex()

    def rowCount(self, parent: _ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(KeyOutputColumn)

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(KeyOutputColumn):
            return (
                _tr("No."),
                _tr("Title"),
                _tr("Component"),
                _tr("Timing"),
                _tr("Status"),
                _tr("%"),
            )[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        item = self.row_at(index.row())
        if item is None or not 0 <= index.column() < len(KeyOutputColumn):
            return None
        if role == RecordRole:
            return item
        column = KeyOutputColumn(index.column())
        if role == ItemUuidRole:
            return item.uuid
        if role == ItemKindRole:
            return str(item.kind.value)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == SortRole:
            return self._sort_key(item, column)
        if role == Qt.ItemDataRole.DecorationRole and column is KeyOutputColumn.STATUS:
            return status_icon(item.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is KeyOutputColumn.COMPONENT:
                title = self._component_titles.get(item.component_code or "", "")
                return f"{item.component_code}: {title}" if title else item.component_code
            if column is KeyOutputColumn.STATUS:
                return status_label(item.status)
            return f"{item.code}: {item.title}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            KeyOutputColumn.NUMBER,
            KeyOutputColumn.PERCENT,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, item: ItemRow, column: KeyOutputColumn) -> str:
        if column is KeyOutputColumn.NUMBER:
            return item.code
        if column is KeyOutputColumn.TITLE:
            return item.title
        if column is KeyOutputColumn.COMPONENT:
            return item.component_code or ""
        if column is KeyOutputColumn.TIMING:
            return timing_display(item)
        if column is KeyOutputColumn.STATUS:
            return status_label(item.status)
        return percent_display(item)

    def _sort_key(self, item: ItemRow, column: KeyOutputColumn) -> Any:
        if column is KeyOutputColumn.NUMBER:
            return item.number if item.number is not None else 0
        if column is KeyOutputColumn.TIMING:
            return item.start.isoformat() if item.start else ""
        if column is KeyOutputColumn.PERCENT:
            return item.percent_complete
        if column is KeyOutputColumn.STATUS:
            return list(type(item.status)).index(item.status)
        return self._text(item, column)
