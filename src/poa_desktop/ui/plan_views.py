"""The two views of the plan's items, each a list beside the editor of the selected row:

* ``PlanView``: components, activities and means of action as a tree;
* ``OutputsView``: the key outputs (Figure 1) and the milestones as tables.

After any change the window hands them the plan's outline again; they keep the selected
row (by uuid), the expanded branches and the scroll position.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.domain.errors import UserError
from poa_desktop.domain.records import ComponentRow, ItemRow, PlanOutline
from poa_desktop.ui.detail_pane import DetailPane
from poa_desktop.ui.edit_session import EditSession
from poa_desktop.ui.filter_proxy import RecordFilterProxy
from poa_desktop.ui.notes_editor import date_text
from poa_desktop.ui.plan_tree_model import (
    COMPONENT_KIND,
    ItemKindRole,
    ItemUuidRole,
    KeyOutputColumn,
    KeyOutputTableModel,
    PlanTreeModel,
    SortRole,
    TreeColumn,
)
from poa_desktop.ui.record_models import Column, RecordTableModel
from poa_desktop.ui.service_protocols import Builder, PlanReader, RegisterReader
from poa_desktop.ui.settings import AppSettings
from poa_desktop.ui.status_style import status_icon, status_label

#: Widest a content-sized column may start (the full text is in its tooltip).
MAX_AUTO_COLUMN_WIDTH = 112
Predicate = Callable[[object], bool]


def fit_column(view: QTreeView | QTableView, column: int) -> None:
    view.resizeColumnToContents(column)
    view.setColumnWidth(column, min(view.columnWidth(column), MAX_AUTO_COLUMN_WIDTH))


def _proxy(name: str, parent: QWidget) -> QSortFilterProxyModel:
    proxy = RecordFilterProxy(parent, sort_role=SortRole)
    proxy.setObjectName(name)
    return proxy


def _table(name: str, accessible: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setSortingEnabled(True)
    table.setAlternatingRowColors(True)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(False)
    return table


class PlanView(QWidget):
    """The plan tree and the editor of its selected row."""

    #: The selected row changed: (uuid, kind) with kind "component" or an ItemKind value.
    selectionChanged = Signal(str, str)
    #: Something could not be read; the window shows it.
    problem = Signal(str)

    def __init__(
        self,
        reader: PlanReader,
        registers: RegisterReader,
        builder: Builder,
        session: EditSession,
        settings: AppSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planView")
        self._settings = settings
        self._restoring = False
        self._sized = False
        self.model = PlanTreeModel(self)
        self.proxy = _proxy("planTreeProxy", self)
        self.proxy.setSourceModel(self.model)

        self.tree = QTreeView()
        self.tree.setObjectName("planTree")
        self.tree.setAccessibleName(self.tr("Plan"))
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TreeColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        # Enter on a row (or a double click) goes to its title, ready to edit.
        self.tree.activated.connect(lambda _index: self.detail.focus_title())

        self.detail = DetailPane(reader, registers, builder, session, settings, name="detailPane")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    # Rows

    def set_outline(self, outline: PlanOutline | None) -> None:
        """Show this outline, keeping the selected row, open branches and scroll."""
        same_plan = (
            outline is not None
            and self.model.outline is not None
            and self.model.outline.plan.uuid == outline.plan.uuid
        )
        current = self.current()[0] if same_plan else ""
        expanded = self.expanded_uuids() if same_plan else set()
        scroll = self.tree.verticalScrollBar().value() if same_plan else 0
        self.detail.set_outline(outline)
        self._restoring = True
        try:
            self.model.set_outline(outline)
            if same_plan:
                self._expand(expanded)
            else:
                self.expand_default()
            if current and self.select(current):
                self.tree.verticalScrollBar().setValue(scroll)
        finally:
            self._restoring = False
        if not same_plan:
            self._size_columns()
        if current and not self.model.index_for_uuid(current).isValid():
            self.detail.show_empty()
            self.selectionChanged.emit("", "")

    def current(self) -> tuple[str, str]:
        """(uuid, kind) of the selected row, or ("", "")."""
        index = self.tree.currentIndex()
        if not index.isValid():
            return "", ""
        return index.data(ItemUuidRole) or "", index.data(ItemKindRole) or ""

    def select(self, uuid: str) -> bool:
        """Make the row with this uuid current, opening its branch."""
        index = self.proxy.mapFromSource(self.model.index_for_uuid(uuid))
        if not index.isValid():
            return False
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self.tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.scrollTo(index)
        return True

    def neighbour(self, uuid: str) -> str:
        """The row to select once this one is gone: the next sibling, else the previous,
        else the parent."""
        index = self.proxy.mapFromSource(self.model.index_for_uuid(uuid))
        if not index.isValid():
            return ""
        for row in (index.row() + 1, index.row() - 1):
            sibling = index.sibling(row, 0)
            if sibling.isValid():
                return sibling.data(ItemUuidRole) or ""
        parent = index.parent()
        return parent.data(ItemUuidRole) or "" if parent.isValid() else ""

    def expanded_uuids(self) -> set[str]:
        found: set[str] = set()
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                if self.tree.isExpanded(index):
                    found.add(index.data(ItemUuidRole) or "")
                    pending.append(index)
        return found

    def _expand(self, uuids: set[str]) -> None:
        for uuid in uuids:
            index = self.proxy.mapFromSource(self.model.index_for_uuid(uuid))
            if index.isValid():
                self.tree.expand(index)

    def expand_default(self) -> None:
        """Components and their activities; means of action stay folded."""
        self.tree.collapseAll()
        self.tree.expandToDepth(0)

    def set_predicate(self, predicate: Predicate | None) -> None:
        if isinstance(self.proxy, RecordFilterProxy):
            self.proxy.set_predicate(predicate)
            if predicate is not None:
                self.tree.expandAll()

    def refresh(self) -> None:
        self.detail.refresh()

    # Selection

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        uuid = current.data(ItemUuidRole) or "" if current.isValid() else ""
        kind = current.data(ItemKindRole) or "" if current.isValid() else ""
        if self._restoring and uuid == self.detail.current_uuid:
            return
        self._show(uuid, kind)
        self.selectionChanged.emit(uuid, kind)

    def _show(self, uuid: str, kind: str) -> None:
        if not uuid:
            self.detail.show_empty()
            return
        if kind == COMPONENT_KIND:
            component = self._component(uuid)
            if component is None:
                self.detail.show_empty()
            else:
                self.detail.show_component(component)
            return
        try:
            self.detail.show_item(uuid)
        except UserError as error:
            self.detail.show_empty()
            self.problem.emit(str(error))

    def _component(self, uuid: str) -> ComponentRow | None:
        outline = self.model.outline
        return next((c for c in outline.components if c.uuid == uuid), None) if outline else None

    # Layout

    def _size_columns(self) -> None:
        """On the first plan shown, restore the user's column widths or fit the contents."""
        if self._sized or self.model.outline is None:
            return
        self._sized = True
        state = self._settings.tree_header_state
        if state.isEmpty() or not self.tree.header().restoreState(state):
            self.tree.expandAll()
            for column in TreeColumn:
                if column is not TreeColumn.TITLE:
                    fit_column(self.tree, column)
            self.expand_default()

    def save_layout(self) -> None:
        if self.model.outline is not None:
            self._settings.tree_header_state = self.tree.header().saveState()
        self._settings.splitter_state = self.splitter.saveState()

    def restore_layout(self) -> None:
        state = self._settings.splitter_state
        if not state.isEmpty():
            self.splitter.restoreState(state)


class OutputsView(QWidget):
    """Key outputs and milestones as tables, with the editor of the selected one."""

    selectionChanged = Signal(str, str)
    problem = Signal(str)

    def __init__(
        self,
        reader: PlanReader,
        registers: RegisterReader,
        builder: Builder,
        session: EditSession,
        settings: AppSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("outputsView")
        self._settings = settings
        self._sized = False
        self._restoring = False
        self._current: tuple[str, str] = ("", "")
        self._plan_uuid = ""

        self.ko_model = KeyOutputTableModel(self)
        self.ko_proxy = _proxy("keyOutputsProxy", self)
        self.ko_proxy.setSourceModel(self.ko_model)
        self.ko_table = _table("keyOutputsTable", self.tr("Key outputs"))
        self.ko_table.setModel(self.ko_proxy)
        self.ko_table.sortByColumn(KeyOutputColumn.NUMBER, Qt.SortOrder.AscendingOrder)
        self.ko_table.horizontalHeader().setSectionResizeMode(
            KeyOutputColumn.TITLE, QHeaderView.ResizeMode.Stretch
        )

        self.ms_model = RecordTableModel(
            (
                Column(self.tr("Code"), lambda r: r.code),
                Column(self.tr("Title"), lambda r: r.title),
                Column(
                    self.tr("Date"),
                    lambda r: date_text(r.start) if r.start else "",
                    sort=lambda r: r.start.isoformat() if r.start else "",
                ),
                Column(
                    self.tr("Status"),
                    lambda r: status_label(r.status),
                    icon=lambda r: status_icon(r.status),
                ),
            ),
            self,
        )
        self.ms_proxy = _proxy("milestonesProxy", self)
        self.ms_proxy.setSourceModel(self.ms_model)
        self.ms_table = _table("milestonesTable", self.tr("Milestones"))
        self.ms_table.setModel(self.ms_proxy)
        self.ms_table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.ms_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        for table in (self.ko_table, self.ms_table):
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            table.activated.connect(lambda _index: self.detail.focus_title())
            table.selectionModel().currentChanged.connect(
                lambda current, _previous, t=table: self._on_current_changed(t, current)
            )

        self.detail = DetailPane(
            reader, registers, builder, session, settings, name="outputDetailPane"
        )
        lists = QSplitter(Qt.Orientation.Vertical)
        lists.setObjectName("outputsListsSplitter")
        lists.setChildrenCollapsible(False)
        lists.addWidget(self._titled(self.tr("Key outputs (Figure 1)"), self.ko_table))
        lists.addWidget(self._titled(self.tr("Milestones"), self.ms_table))
        lists.setStretchFactor(0, 3)
        lists.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("outputsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(lists)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    @staticmethod
    def _titled(title: str, table: QTableView) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(6, 6, 0, 0)
        column.setSpacing(4)
        label = QLabel(title)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setBuddy(table)
        column.addWidget(label)
        column.addWidget(table)
        return box

    # Rows

    def set_outline(self, outline: PlanOutline | None) -> None:
        same_plan = outline is not None and self._plan_uuid == outline.plan.uuid
        current = self._current if same_plan else ("", "")
        self.detail.set_outline(outline)
        self._restoring = True
        try:
            self.ko_model.set_outline(outline)
            self.ms_model.set_rows(outline.milestones if outline else ())
            self._plan_uuid = outline.plan.uuid if outline else ""
            if current[0]:
                self.select(current[0])
        finally:
            self._restoring = False
        if current[0] and self._current[0] != current[0]:
            self._current = ("", "")
            self.detail.show_empty()
            self.selectionChanged.emit("", "")
        if outline is not None:
            self._size_columns()

    def current(self) -> tuple[str, str]:
        return self._current

    def select(self, uuid: str) -> bool:
        for table, model in ((self.ko_table, self.ko_model), (self.ms_table, self.ms_model)):
            source = model.index_for_uuid(uuid)
            proxy = table.model()
            assert isinstance(proxy, QSortFilterProxyModel)
            index = proxy.mapFromSource(source)
            if index.isValid():
                table.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                table.scrollTo(index)
                return True
        return False

    def row(self, uuid: str) -> ItemRow | None:
        for record in (*self._ko_rows(), *self.ms_model.rows):
            if record.uuid == uuid:
                return record  # type: ignore[no-any-return]
        return None

    def _ko_rows(self) -> list[ItemRow]:
        rows = []
        for row in range(self.ko_model.rowCount()):
            record = self.ko_model.row_at(row)
            if record is not None:
                rows.append(record)
        return rows

    def set_predicate(self, predicate: Predicate | None) -> None:
        for proxy in (self.ko_proxy, self.ms_proxy):
            if isinstance(proxy, RecordFilterProxy):
                proxy.set_predicate(predicate)

    def refresh(self) -> None:
        self.detail.refresh()

    def _on_current_changed(self, table: QTableView, current: QModelIndex) -> None:
        if not current.isValid():
            return
        uuid = current.data(ItemUuidRole) or ""
        kind = current.data(ItemKindRole) or "milestone"
        other = self.ms_table if table is self.ko_table else self.ko_table
        other.selectionModel().clear()
        self._current = (uuid, kind)
        if self._restoring and uuid == self.detail.current_uuid:
            return
        try:
            self.detail.show_item(uuid)
        except UserError as error:
            self.detail.show_empty()
            self.problem.emit(str(error))
        self.selectionChanged.emit(uuid, kind)

    # Layout

    def _size_columns(self) -> None:
        if self._sized:
            return
        self._sized = True
        state = self._settings.key_outputs_header_state
        if state.isEmpty() or not self.ko_table.horizontalHeader().restoreState(state):
            for column in KeyOutputColumn:
                if column is not KeyOutputColumn.TITLE:
                    fit_column(self.ko_table, column)
        state = self._settings.header_state("milestonesTable")
        if state.isEmpty() or not self.ms_table.horizontalHeader().restoreState(state):
            for column in (0, 2, 3):
                fit_column(self.ms_table, column)

    def save_layout(self) -> None:
        if self._sized:
            self._settings.key_outputs_header_state = self.ko_table.horizontalHeader().saveState()
            self._settings.set_header_state(
                "milestonesTable", self.ms_table.horizontalHeader().saveState()
            )
        self._settings.set_header_state("outputsSplitter", self.splitter.saveState())

    def restore_layout(self) -> None:
        state = self._settings.header_state("outputsSplitter")
        if not state.isEmpty():
            self.splitter.restoreState(state)
