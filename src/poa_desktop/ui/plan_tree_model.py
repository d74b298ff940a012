"""The item model of the plan as a tree, over a ``PlanOutline`` (the key outputs as a
table: ``key_output_model``).

It holds plain rows only (no service, no database), so it can be built from hand-made
rows in tests and refreshed by handing it a new outline.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from poa_desktop.domain.records import ComponentRow, ItemRow, PlanOutline
from poa_desktop.ui.plan_tree_nodes import (
    OUTPUTS_GROUP,
    TreeNodes,
    build_nodes,
)
from poa_desktop.ui.roles import RecordRole
from poa_desktop.ui.status_style import status_icon, status_label

#: The uuid of the component, activity, means of action or key output of a row.
ItemUuidRole = Qt.ItemDataRole.UserRole + 1
#: What a row is: "component" or an ``ItemKind`` value ("activity", "means", ...).
ItemKindRole = Qt.ItemDataRole.UserRole + 2
#: A value to sort on (numbers as numbers, dates as ISO strings), for sort proxies.
SortRole = Qt.ItemDataRole.UserRole + 3
#: A key naming every row, rows without a record included: the record's uuid, else
#: ``OUTPUTS_GROUP``, ``MILESTONES_GROUP`` or ``UNASSIGNED``. The Gantt chart beside the tree
#: gets its rows by these keys, so a group heading is a (blank) row there too.
RowKeyRole = Qt.ItemDataRole.UserRole + 4

COMPONENT_KIND = "component"
#: The kind of the "Key outputs" and "Milestones" headings (``PlanTreeModel(groups=True)``).
GROUP_KIND = "group"

_CONTEXT = "PlanTreeModel"
_ModelIndex = QModelIndex | QPersistentModelIndex
#: The invalid index, used as the default "parent" argument (the root).
_ROOT = QModelIndex()


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def timing_display(row: ItemRow) -> str:
    """The source's timing words, else the planned years, else nothing."""
    if row.timing_text:
        return row.timing_text
    return year_span(row.start.year if row.start else None, row.end.year if row.end else None)


def year_span(first: int | None, last: int | None) -> str:
    if first is None and last is None:
        return ""
    if first is None or last is None or first == last:
        return str(first if first is not None else last)
    return f"{first}–{last}"


def key_output_codes(row: ItemRow) -> str:
    """``"KO6"`` or ``"KO6, KO7"`` for a means of action that delivers key outputs."""
    return ", ".join(f"KO{n}" for n in row.key_output_numbers)


def percent_display(row: ItemRow) -> str:
    return f"{row.percent_complete}\u00a0%"


class TreeColumn(IntEnum):
    CODE = 0
    TITLE = 1
    TIMING = 2
    STATUS = 3
    PERCENT = 4
    KEY_OUTPUT = 5


#: The columns by number: Qt asks for a dozen roles a cell each time it paints a row, and
#: ``TreeColumn(n)`` or ``len(TreeColumn)`` is a Python call of its own each time.
_COLUMNS = tuple(TreeColumn)
_COLUMN_COUNT = len(_COLUMNS)


class PlanTreeModel(QAbstractItemModel):
    """Components, their activities, and the activities' means of action.

    Key outputs are not nodes of the tree: they are marked on the means of action that
    deliver them (bold, and "★ KO6" in the Key output column), as the source does with
    bold type; ``key_output_model.KeyOutputTableModel`` lists them.

    Items whose component or activity is missing from the outline are kept under an extra
    top-level "Not assigned" node rather than silently dropped.

    With ``groups`` the key outputs and the milestones are rows too, under two headings
    ("Key outputs", "Milestones", kind ``GROUP_KIND``, no record) after the components:
    the window's plan view has them so that the Gantt chart beside the tree shows them.
    """

    def __init__(self, parent: Any = None, *, groups: bool = False) -> None:
        super().__init__(parent)
        self._groups = groups
        self._outline: PlanOutline | None = None
        self._nodes = TreeNodes()
        self._key_output_titles: dict[int, str] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._dimmed: Callable[[QModelIndex], bool] | None = None

    # Loading

    @property
    def outline(self) -> PlanOutline | None:
        return self._outline

    def set_outline(
        self, outline: PlanOutline | None, before_reset: Callable[[], object] | None = None
    ) -> bool:
        """Show another outline (or none). An outline of the same shape as the one shown
        (the same rows under the same parents: what an edit of fields, an undo or a redo
        of one gives) updates the rows in place and signals only those that changed, so
        the views keep their expansion, selection and scroll without re-reading 15,000
        rows; any other is a new model, and ``before_reset`` runs first (to note what the
        views show). True if the model was reset."""
        if outline is None:
            nodes, titles = TreeNodes(), {}
        else:
            nodes = build_nodes(outline, groups=self._groups, unassigned_title=_tr("Not assigned"))
            titles = {ko.number: ko.title for ko in outline.key_outputs if ko.number is not None}
        self._key_output_titles = titles
        if self._outline is not None and outline is not None and self._nodes.same_shape(nodes):
            self._outline = outline
            self._update_in_place(nodes.records)
            return False
        if before_reset is not None:
            before_reset()
        self.beginResetModel()
        self._outline, self._nodes = outline, nodes
        self.endResetModel()
        return True

    def _update_in_place(self, new_records: list[Any]) -> None:
        last = self.columnCount() - 1
        records, rows = self._nodes.records, self._nodes.rows
        for node in range(1, len(records)):
            new = new_records[node]
            if records[node] != new:
                records[node] = new
                self.dataChanged.emit(
                    self.createIndex(rows[node], 0, node),
                    self.createIndex(rows[node], last, node),
                )

    # Helpers

    def _node(self, index: _ModelIndex) -> int:
        """The node id of ``index``: 0 (the root) for an invalid or stale one."""
        if not index.isValid():
            return 0
        node = index.internalId()
        return node if 0 < node < len(self._nodes) else 0

    def index_for_uuid(self, uuid: str) -> QModelIndex:
        """The first-column index of the row with this uuid, or an invalid index."""
        if not uuid:
            return QModelIndex()
        records = self._nodes.records
        for node in range(1, len(records)):
            record = records[node]
            if record is not None and record.uuid == uuid:
                return self.createIndex(self._nodes.rows[node], 0, node)
        return QModelIndex()

    def index_for_key(self, key: str) -> QModelIndex:
        """The first-column index of the row with this ``RowKeyRole`` key (a uuid or a
        heading's key), or an invalid index."""
        if not key:
            return QModelIndex()
        nodes = self._nodes
        for node in range(1, len(nodes)):
            if nodes.key(node) == key:
                return self.createIndex(nodes.rows[node], 0, node)
        return QModelIndex()

    # QAbstractItemModel

    def index(self, row: int, column: int, parent: _ModelIndex = _ROOT) -> QModelIndex:
        if column < 0 or column >= _COLUMN_COUNT:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self._nodes.children_of(self._node(parent))
        if row < 0 or row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: _ModelIndex | None = None) -> Any:  # type: ignore[override]
        if index is None:  # QObject.parent(), which this method shadows
            return super().parent()
        if not index.isValid():
            return QModelIndex()
        parent = self._nodes.parents[self._node(index)]
        if parent <= 0:  # the root, or a child of the root
            return QModelIndex()
        return self.createIndex(self._nodes.rows[parent], 0, parent)

    def rowCount(self, parent: _ModelIndex = _ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._nodes.children_of(self._node(parent)))

    def columnCount(self, parent: _ModelIndex = _ROOT) -> int:
        return _COLUMN_COUNT

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(TreeColumn):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _tree_headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tree_header_tips()[section]
        return None

    def set_dimmed(self, dimmed: Callable[[QModelIndex], bool] | None) -> None:
        """Which rows to draw in the disabled text colour (a filter's proxy sets it: the
        rows it keeps only as the parent of a match); None: none."""
        self._dimmed = dimmed

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        if node == 0:
            return None
        record = self._nodes.records[node]
        if role == RecordRole:  # the row's record, for filters and editors
            return record
        dimmed = self._dimmed
        if role == Qt.ItemDataRole.ForegroundRole and dimmed is not None and dimmed(index):  # type: ignore[arg-type]
            return QGuiApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == RowKeyRole:
            return self._nodes.key(node)
        column = _COLUMNS[index.column()]
        if type(record) is ItemRow:
            return self._item_data(record, column, role)
        if record is not None:
            return self._component_data(node, record, column, role)
        return self._group_data(node, column, role)

    def _group_data(self, node: int, column: TreeColumn, role: int) -> Any:
        """A heading: "Key outputs (Figure 1)" or "Milestones", with their years."""
        if role == ItemUuidRole:
            return ""
        if role == ItemKindRole:
            return GROUP_KIND
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        outputs = self._nodes.headings.get(node) == OUTPUTS_GROUP
        title = _tr("Key outputs (Figure 1)") if outputs else _tr("Milestones")
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            if column is TreeColumn.CODE:
                return "★" if outputs else "◆"
            if column is TreeColumn.TITLE:
                return title
            if column is TreeColumn.TIMING:
                return self._component_years(node)
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tr("{title}: {count} rows").format(
                title=title, count=len(self._nodes.children_of(node))
            )
        return None

    def _component_data(
        self, node: int, component: ComponentRow, column: TreeColumn, role: int
    ) -> Any:
        if role == ItemUuidRole:
            return component.uuid
        if role == ItemKindRole:
            return COMPONENT_KIND
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            if column is TreeColumn.CODE:
                return component.code
            if column is TreeColumn.TITLE:
                return component.title
            if column is TreeColumn.TIMING:
                return self._component_years(node)
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = _tr("Cross-cutting component") if component.cross_cutting else _tr("Component")
            return f"{kind} {component.code}: {component.title}"
        return None

    def _component_years(self, node: int) -> str:
        records = self._nodes.records
        items = [
            record
            for child in self._nodes.children_of(node)
            if type(record := records[child]) is ItemRow
        ]
        starts = [item.start.year for item in items if item.start]
        ends = [item.end.year for item in items if item.end]
        if not starts and not ends:
            return ""
        return year_span(min(starts) if starts else None, max(ends) if ends else None)

    def _item_data(self, item: ItemRow, column: TreeColumn, role: int) -> Any:
        if role == ItemUuidRole:
            return item.uuid
        if role == ItemKindRole:
            return str(item.kind.value)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._item_text(item, column)
        if role == SortRole:
            return self._item_sort_key(item, column)
        if role == Qt.ItemDataRole.DecorationRole and column is TreeColumn.STATUS:
            return status_icon(item.status)
        if role == Qt.ItemDataRole.FontRole and item.is_key_output_means:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._item_tooltip(item, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is TreeColumn.PERCENT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole and column is TreeColumn.KEY_OUTPUT:
            return _key_output_spoken(item)
        return None

    def _item_text(self, item: ItemRow, column: TreeColumn) -> str:
        if column is TreeColumn.CODE:
            return item.code
        if column is TreeColumn.TITLE:
            return item.title
        if column is TreeColumn.TIMING:
            return timing_display(item)
        if column is TreeColumn.STATUS:
            return status_label(item.status)
        if column is TreeColumn.PERCENT:
            return percent_display(item)
        if item.key_output_numbers:
            return f"★ {key_output_codes(item)}"
        return ""

    def _item_sort_key(self, item: ItemRow, column: TreeColumn) -> Any:
        if column is TreeColumn.TIMING:
            return item.start.isoformat() if item.start else ""
        if column is TreeColumn.PERCENT:
            return item.percent_complete
        if column is TreeColumn.KEY_OUTPUT:
            return item.key_output_numbers[0] if item.key_output_numbers else 0
        return self._item_text(item, column)

    def _item_tooltip(self, item: ItemRow, column: TreeColumn) -> str:
        if column is TreeColumn.STATUS:
            return status_label(item.status)
        if column is TreeColumn.KEY_OUTPUT:
            return "\n".join(
                f"KO{n}: {self._key_output_titles.get(n, '')}".rstrip(": ")
                for n in item.key_output_numbers
            )
        if column is TreeColumn.TIMING and item.start and item.end:
            return _tr("Planned {start} to {end}").format(
                start=item.start.isoformat(), end=item.end.isoformat()
            )
        return f"{item.code}: {item.title}"


def _key_output_spoken(item: ItemRow) -> str:
    if not item.key_output_numbers:
        return ""
    return _tr("Delivers key output {codes}").format(codes=key_output_codes(item))


def _tree_headers() -> tuple[str, ...]:
    return (
        _tr("Code"),
        _tr("Title"),
        _tr("Timing"),
        _tr("Status"),
        _tr("% complete"),
        _tr("Key output"),
    )


def _tree_header_tips() -> tuple[str, ...]:
    return (
        _tr("The item's code in the plan"),
        _tr("What is to be done"),
        _tr("The timing given by the plan, or the planned years"),
        _tr("The reported status"),
        _tr("Reported completion"),
        _tr("The key outputs (Figure 1) a means of action delivers"),
    )
