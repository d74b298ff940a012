"""A table model over a tuple of frozen records, its columns declared as data.

Each register table is one ``RecordTableModel`` with its own ``Column`` list: what a cell
shows, how it sorts, its tooltip and icon, and, for editable cells, which field of which
entity it edits. Editing does not write: ``setData`` hands (entity, uuid, field, new, old)
to the edit handler the view installs, which builds a change and submits it; the rows are
replaced when the plan is read again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QIcon

from poa_desktop.domain.changes import Value
from poa_desktop.ui.plan_tree_model import ItemUuidRole, SortRole
from poa_desktop.ui.registers.labels import natural_key
from poa_desktop.ui.roles import RecordRole

R = TypeVar("R")

#: The uuid of the plan item a cell points to (a dependency's From or To, a role's item):
#: activating such a cell asks the window to show that item in the plan tree.
LinkedItemRole = Qt.ItemDataRole.UserRole + 12

#: A share between 0 and 1 that the cell draws as a bar beside its text (progress).
ShareRole = Qt.ItemDataRole.UserRole + 13

#: How a cell is edited (which delegate the view installs on its column).
TEXT = "text"
ENUM = "enum"
DATE = "date"  # a date that must be there
OPTIONAL_DATE = "optional_date"  # a date that may be cleared
INTEGER = "integer"
NUMBER = "number"  # a number that must be there
OPTIONAL_NUMBER = "optional_number"

#: (entity, uuid, field, new value, value the user saw) -> whether the edit was accepted.
EditHandler = Callable[[str, str, str, Value, Value], bool]

#: Text longer than this gets a tooltip with all of it (the cell may cut it).
LONG_TEXT = 40

_ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    """One column: how a record shows, sorts and (when ``field`` is set) edits in it."""

    key: str
    header: Callable[[], str]
    text: Callable[[R], str]
    header_tip: Callable[[], str] | None = None
    sort: Callable[[R], Any] | None = None  # default: the text, naturally ordered
    tip: Callable[[R], str] | None = None  # default: the text when it is long
    icon: Callable[[R], QIcon | None] | None = None
    field: str | None = None  # the entity's field this column edits
    value: Callable[[R], Value] | None = None  # the stored value of that field
    editor: str = TEXT
    enum: type[StrEnum] | None = None
    numeric: bool = False  # right-aligned
    width: int = 12  # starting width, in average characters
    stretch: bool = False  # takes the room left over
    hidden: bool = False  # hidden until the user shows it (header menu)
    link: Callable[[R], str | None] | None = None  # the item uuid this cell points to
    fit: bool = False  # widen to the longest text (codes) when first shown
    share: Callable[[R], float | None] | None = None  # drawn as a bar (0..1)

    @property
    def editable(self) -> bool:
        return self.field is not None and self.value is not None


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """Rows of one register; ``set_rows`` replaces them."""

    def __init__(
        self,
        entity: str,
        columns: Sequence[Column[R]],
        parent: QObject | None = None,
        *,
        key: Callable[[R], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._entity = entity
        self._columns = tuple(columns)
        self._rows: tuple[R, ...] = ()
        self._key = key or (lambda record: str(getattr(record, "uuid", "")))
        self._edit_handler: EditHandler | None = None

    # Content

    @property
    def entity(self) -> str:
        return self._entity

    @property
    def columns(self) -> tuple[Column[R], ...]:
        return self._columns

    @property
    def rows(self) -> tuple[R, ...]:
        return self._rows

    def column_of(self, key: str) -> int:
        for number, column in enumerate(self._columns):
            if column.key == key:
                return number
        raise KeyError(key)

    def set_rows(self, rows: Sequence[R]) -> None:
        """Show these rows. The same rows in the same order (after an edit) only change
        their cells, so an open editor, the selection and the scroll position stay; other
        rows reset the model."""
        rows = tuple(rows)
        same = [self._key(row) for row in rows] == [self._key(row) for row in self._rows]
        if same and rows:
            self._rows = rows
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(rows) - 1, len(self._columns) - 1)
            )
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def record(self, index: _ModelIndex) -> R | None:
        return self.row_at(index.row()) if index.isValid() else None

    def index_for_uuid(self, uuid: str | None, column: int = 0) -> QModelIndex:
        """The index of the row with this uuid (or key), or an invalid index."""
        if not uuid:
            return QModelIndex()
        for number, row in enumerate(self._rows):
            if self._key(row) == uuid:
                return self.index(number, column)
        return QModelIndex()

    def set_edit_handler(self, handler: EditHandler | None) -> None:
        """Who turns an edited cell into a change; without one the table is read-only."""
        self._edit_handler = handler

    # QAbstractTableModel

    def rowCount(self, parent: _ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if self._edit_handler is not None and self._column(index).editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            column = self._columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.header()
            if role == Qt.ItemDataRole.ToolTipRole and column.header_tip is not None:
                return column.header_tip()
            return None
        if (
            orientation == Qt.Orientation.Vertical
            and 0 <= section < len(self._rows)
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return str(section + 1)
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record(index)
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
            return column.sort(record) if column.sort else natural_key(column.text(record))
        if role == Qt.ItemDataRole.EditRole:
            return _edit_value(column, record)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tip is not None:
                return column.tip(record) or None
            text = column.text(record)
            return text if len(text) > LONG_TEXT else None
        if role == Qt.ItemDataRole.DecorationRole and column.icon is not None:
            return column.icon(record)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == LinkedItemRole and column.link is not None:
            return column.link(record)
        if role == ShareRole and column.share is not None:
            return column.share(record)
        return None

    def setData(self, index: _ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Hand an edited cell to the edit handler as a change of one field."""
        record = self.record(index)
        if (
            role != Qt.ItemDataRole.EditRole
            or record is None
            or self._edit_handler is None
            or not 0 <= index.column() < len(self._columns)
        ):
            return False
        column = self._columns[index.column()]
        if not column.editable:
            return False
        assert column.value is not None and column.field is not None
        old = column.value(record)
        try:
            new = normalise(column, value)
        except (TypeError, ValueError):
            return False
        if new == old:
            return True  # nothing changed: no undo step
        return self._edit_handler(self._entity, str(getattr(record, "uuid", "")), column.field,
                                  new, old)  # fmt: skip

    def _column(self, index: _ModelIndex) -> Column[R]:
        return self._columns[index.column()]


def _edit_value(column: Column[Any], record: Any) -> Any:
    """What an editor starts from: text, an enum value, a QDate (null: no date), a number."""
    if column.value is None:
        return column.text(record)
    value = column.value(record)
    if column.editor in (DATE, OPTIONAL_DATE):
        return QDate(value) if isinstance(value, date) else QDate()
    if value is None:
        return "" if column.editor == TEXT else None
    return value


def normalise(column: Column[Any], value: Any) -> Value:
    """The value an editor returned, as the field stores it (ValueError if it cannot be)."""
    if column.editor in (DATE, OPTIONAL_DATE):
        if isinstance(value, QDate):
            value = value.toPython() if value.isValid() else None
        if value is None and column.editor == DATE:
            raise ValueError("a date is required")
        if value is not None and not isinstance(value, date):
            raise ValueError(f"not a date: {value!r}")
        return value
    if column.editor == ENUM:
        if column.enum is None:
            raise ValueError("enum column without its enum")
        return column.enum(str(value)).value
    if column.editor == INTEGER:
        return int(value)
    if column.editor in (NUMBER, OPTIONAL_NUMBER):
        if value is None or value == "":
            if column.editor == NUMBER:
                raise ValueError("a number is required")
            return None
        return float(value)
    return "" if value is None else str(value).strip()
