"""Small item models over tuples of frozen records, for the editor's lists and tables.

``RecordTableModel`` shows records in columns described by ``Column`` values (milestones,
partner links, progress notes); ``CheckListModel`` is a list of choices with check boxes
(an activity's mandate paragraphs, the means of action that deliver a key output).
Both hold plain rows and nothing else, and give each row's record under ``RecordRole``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon

from poa_desktop.ui.plan_tree_model import ItemUuidRole, SortRole
from poa_desktop.ui.roles import RecordRole

_ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass(frozen=True)
class Column:
    """One column: its header and how to show a record in it."""

    header: str
    text: Callable[[Any], str]
    tooltip: Callable[[Any], str] | None = None
    icon: Callable[[Any], QIcon] | None = None
    sort: Callable[[Any], Any] | None = None
    align_right: bool = False


class RecordTableModel(QAbstractTableModel):
    """Records as rows, read-only; ``set_rows`` replaces them all."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._rows: tuple[Any, ...] = ()

    @property
    def rows(self) -> tuple[Any, ...]:
        return self._rows

    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def index_for_uuid(self, uuid: str) -> QModelIndex:
        for row, record in enumerate(self._rows):
            if uuid and getattr(record, "uuid", None) == uuid:
                return self.index(row, 0)
        return QModelIndex()

    def rowCount(self, parent: _ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

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
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        record = self.row_at(index.row())
        if record is None or not 0 <= index.column() < len(self._columns):
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == RecordRole:
            return record
        if role == ItemUuidRole:
            return getattr(record, "uuid", None)
        if role == SortRole:
            return column.sort(record) if column.sort else column.text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(record) if column.tooltip else column.text(record)
        if role == Qt.ItemDataRole.DecorationRole and column.icon is not None:
            return column.icon(record)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


@dataclass(frozen=True, slots=True)
class Choice:
    """One entry of a check list: the uuid it stands for, what it says, a longer tip."""

    uuid: str
    text: str
    tooltip: str = ""


class CheckListModel(QAbstractListModel):
    """Choices with check boxes; ``toggled(uuid, checked)`` when the user ticks one."""

    toggled = Signal(str, bool)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._choices: tuple[Choice, ...] = ()
        self._checked: list[str] = []

    def set_choices(self, choices: Iterable[Choice], checked: Sequence[str]) -> None:
        """Show ``choices``; ``checked`` in their stored order (kept by ``checked_uuids``)."""
        self.beginResetModel()
        self._choices = tuple(choices)
        known = {choice.uuid for choice in self._choices}
        self._checked = [uuid for uuid in checked if uuid in known]
        self.endResetModel()

    def checked_uuids(self) -> list[str]:
        """The ticked uuids: the stored order first, newly ticked ones after."""
        return list(self._checked)

    def choice_at(self, row: int) -> Choice | None:
        return self._choices[row] if 0 <= row < len(self._choices) else None

    def row_of(self, text: str) -> int:
        return next((row for row, c in enumerate(self._choices) if c.text.startswith(text)), -1)

    def rowCount(self, parent: _ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._choices)

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        choice = self.choice_at(index.row())
        if choice is None or index.column() != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return choice.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return choice.tooltip or choice.text
        if role == Qt.ItemDataRole.CheckStateRole:
            return (
                Qt.CheckState.Checked if choice.uuid in self._checked else Qt.CheckState.Unchecked
            )
        if role in (ItemUuidRole, RecordRole):
            return choice.uuid if role == ItemUuidRole else choice
        return None

    def setData(self, index: _ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        choice = self.choice_at(index.row())
        if choice is None:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if checked == (choice.uuid in self._checked):
            return True
        if checked:
            self._checked.append(choice.uuid)
        else:
            self._checked.remove(choice.uuid)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.toggled.emit(choice.uuid, checked)
        return True
