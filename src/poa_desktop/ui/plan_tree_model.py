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
OUTPUTS_GROUP = "#group:outputs"
MILESTONES_GROUP = "#group:milestones"
UNASSIGNED = "#unassigned"

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


class _Node:
    """One row of the tree; ``node_id`` is its position in the model's node list. A plain
    class with slots: a large plan makes 15,000 of them on each read."""

    __slots__ = ("children", "component", "group", "item", "node_id", "parent", "row")

    def __init__(
        self,
        node_id: int,
        parent: _Node | None,
        row: int,
        component: ComponentRow | None = None,
        item: ItemRow | None = None,
        group: str = "",  # the key of a heading without a record (GROUP_KIND)
    ) -> None:
        self.node_id = node_id
        self.parent = parent
        self.row = row
        self.component = component
        self.item = item
        self.group = group
        self.children: list[_Node] = []

    @property
    def key(self) -> str:
        if self.item is not None:
            return self.item.uuid
        if self.component is not None:
            return self.component.uuid or UNASSIGNED
        return self.group


def _same_shape(old: list[_Node], new: list[_Node]) -> bool:
    """Whether two node lists hold the same rows (by key) under the same parents."""
    if len(old) != len(new):
        return False
    return all(
        one.key == other.key
        and one.row == other.row
        and (one.parent.node_id if one.parent else -1)
        == (other.parent.node_id if other.parent else -1)
        for one, other in zip(old[1:], new[1:], strict=True)
    )


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
        self._root = _Node(node_id=0, parent=None, row=0)
        self._nodes: list[_Node] = [self._root]
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
        old_nodes, old_outline = self._nodes, self._outline
        root = _Node(node_id=0, parent=None, row=0)
        self._root, self._nodes, self._key_output_titles = root, [root], {}
        if outline is not None:
            self._build(outline)
        if old_outline is not None and outline is not None and _same_shape(old_nodes, self._nodes):
            new_nodes = self._nodes
            self._root, self._nodes, self._outline = old_nodes[0], old_nodes, outline
            self._update_in_place(new_nodes)
            return False
        new_root, new_nodes = self._root, self._nodes
        self._root, self._nodes = old_nodes[0], old_nodes
        if before_reset is not None:
            before_reset()
        self.beginResetModel()
        self._outline, self._root, self._nodes = outline, new_root, new_nodes
        self.endResetModel()
        return True

    def _update_in_place(self, new_nodes: list[_Node]) -> None:
        last = self.columnCount() - 1
        for node, new in zip(self._nodes[1:], new_nodes[1:], strict=True):
            if node.item != new.item or node.component != new.component:
                node.item, node.component = new.item, new.component
                self.dataChanged.emit(
                    self.createIndex(node.row, 0, node.node_id),
                    self.createIndex(node.row, last, node.node_id),
                )

    def _new_node(
        self,
        parent: _Node,
        component: ComponentRow | None = None,
        item: ItemRow | None = None,
        group: str = "",
    ) -> _Node:
        nodes, children = self._nodes, parent.children
        node = _Node(len(nodes), parent, len(children), component, item, group)
        nodes.append(node)
        children.append(node)
        return node

    def _build(self, outline: PlanOutline) -> None:
        self._key_output_titles = {
            ko.number: ko.title for ko in outline.key_outputs if ko.number is not None
        }
        by_component: dict[str, _Node] = {}
        for component in outline.components:
            by_component[component.code] = self._new_node(self._root, component=component)
        unassigned: _Node | None = None

        def unassigned_node() -> _Node:
            nonlocal unassigned
            if unassigned is None:
                placeholder = ComponentRow(
                    uuid="", code="—", title=_tr("Not assigned"), cross_cutting=False
                )
                unassigned = self._new_node(self._root, component=placeholder)
            return unassigned

        by_activity: dict[str, _Node] = {}
        for activity in outline.activities:
            parent = by_component.get(activity.component_code or "") or unassigned_node()
            by_activity[activity.code] = self._new_node(parent, item=activity)
        for means in outline.means_of_action:
            parent = by_activity.get(means.parent_code or "") or unassigned_node()
            self._new_node(parent, item=means)
        if not self._groups:
            return
        for key, rows in (
            (OUTPUTS_GROUP, outline.key_outputs),
            (MILESTONES_GROUP, outline.milestones),
        ):
            if rows:
                heading = self._new_node(self._root, group=key)
                for row in rows:
                    self._new_node(heading, item=row)

    # Helpers

    def _node(self, index: _ModelIndex) -> _Node:
        if not index.isValid():
            return self._root
        node_id = index.internalId()
        if 0 < node_id < len(self._nodes):
            return self._nodes[node_id]
        return self._root

    def index_for_uuid(self, uuid: str) -> QModelIndex:
        """The first-column index of the row with this uuid, or an invalid index."""
        if not uuid:
            return QModelIndex()
        for node in self._nodes[1:]:
            record = node.item or node.component
            if record is not None and record.uuid == uuid:
                return self.createIndex(node.row, 0, node.node_id)
        return QModelIndex()

    def index_for_key(self, key: str) -> QModelIndex:
        """The first-column index of the row with this ``RowKeyRole`` key (a uuid or a
        heading's key), or an invalid index."""
        if not key:
            return QModelIndex()
        for node in self._nodes[1:]:
            if node.key == key:
                return self.createIndex(node.row, 0, node.node_id)
        return QModelIndex()

    # QAbstractItemModel

    def index(self, row: int, column: int, parent: _ModelIndex = _ROOT) -> QModelIndex:
        if column < 0 or column >= _COLUMN_COUNT:
            return QModelIndex()
        if parent.isValid():
            if parent.column() != 0:
                return QModelIndex()
            parent_node = self._node(parent)
        else:
            parent_node = self._root
        children = parent_node.children
        if row < 0 or row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row].node_id)

    def parent(self, index: _ModelIndex | None = None) -> Any:  # type: ignore[override]
        if index is None:  # QObject.parent(), which this method shadows
            return super().parent()
        if not index.isValid():
            return QModelIndex()
        parent_node = self._node(index).parent
        if parent_node is None or parent_node is self._root:
            return QModelIndex()
        return self.createIndex(parent_node.row, 0, parent_node.node_id)

    def rowCount(self, parent: _ModelIndex = _ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

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
        if node is self._root:
            return None
        if role == RecordRole:  # the row's record, for filters and editors
            return node.item or node.component
        dimmed = self._dimmed
        if role == Qt.ItemDataRole.ForegroundRole and dimmed is not None and dimmed(index):  # type: ignore[arg-type]
            return QGuiApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == RowKeyRole:
            return node.key
        column = _COLUMNS[index.column()]
        if node.item is not None:
            return self._item_data(node.item, column, role)
        if node.component is not None:
            return self._component_data(node, column, role)
        return self._group_data(node, column, role)

    def _group_data(self, node: _Node, column: TreeColumn, role: int) -> Any:
        """A heading: "Key outputs (Figure 1)" or "Milestones", with their years."""
        if role == ItemUuidRole:
            return ""
        if role == ItemKindRole:
            return GROUP_KIND
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        title = _tr("Key outputs (Figure 1)") if node.group == OUTPUTS_GROUP else _tr("Milestones")
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            if column is TreeColumn.CODE:
                return "★" if node.group == OUTPUTS_GROUP else "◆"
            if column is TreeColumn.TITLE:
                return title
            if column is TreeColumn.TIMING:
                return self._component_years(node)
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tr("{title}: {count} rows").format(title=title, count=len(node.children))
        return None

    def _component_data(self, node: _Node, column: TreeColumn, role: int) -> Any:
        component = node.component
        assert component is not None
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

    def _component_years(self, node: _Node) -> str:
        starts = [c.item.start.year for c in node.children if c.item and c.item.start]
        ends = [c.item.end.year for c in node.children if c.item and c.item.end]
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
