"""The plan view: the plan as a tree, the Gantt chart beside it, and the editor of the
selected row (``PlanView``), plus the helpers the item views share.

The tree holds components, activities and means of action, then the key outputs and the
milestones under two headings. After any change the window hands the view the plan's
outline again; it keeps the selected row (by uuid), the open branches and the scroll
position. ``OutputsView`` (ui/outputs_view.py) shows the key outputs and milestones as
tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QSplitter,
    QTableView,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.domain.errors import UserError
from poa_desktop.domain.records import ComponentRow, PlanOutline
from poa_desktop.ui.detail_pane import DetailPane
from poa_desktop.ui.edit_session import EditSession
from poa_desktop.ui.filter_proxy import RecordFilterProxy
from poa_desktop.ui.plan_chart import TreeChartLink
from poa_desktop.ui.plan_tree_model import (
    COMPONENT_KIND,
    ItemKindRole,
    ItemUuidRole,
    PlanTreeModel,
    RowKeyRole,
    SortRole,
    TreeColumn,
)
from poa_desktop.ui.service_protocols import Builder, PlanReader, RegisterReader
from poa_desktop.ui.settings import AppSettings
from poa_desktop.ui.table_rows import TextRowsTable, fit_rows_to_text, rows_measured_once

#: Widest a content-sized column may start (the full text is in its tooltip).
MAX_AUTO_COLUMN_WIDTH = 112
#: Tree columns the chart beside the tree already shows, hidden until the user asks.
CHART_SHOWS = (TreeColumn.TIMING, TreeColumn.PERCENT, TreeColumn.KEY_OUTPUT)
#: Widths of tree | chart | editor at 1366 pixels.
PANE_SIZES = (400, 560, 406)
Predicate = Callable[[object], bool]


def fit_column(view: QTreeView | QTableView, column: int) -> None:
    view.resizeColumnToContents(column)
    view.setColumnWidth(column, min(view.columnWidth(column), MAX_AUTO_COLUMN_WIDTH))


def fit_columns(table: QTableView, columns: Iterable[int]) -> None:
    """Fit several columns of a table whose rows are as tall as their text: the row
    heights wait until the last column is fitted (each width change would otherwise
    measure every row again, which made building a view take hundreds of ms)."""
    with rows_measured_once(table):
        for column in columns:
            fit_column(table, column)


def make_proxy(name: str, parent: QWidget) -> QSortFilterProxyModel:
    proxy = RecordFilterProxy(parent, sort_role=SortRole)
    proxy.setObjectName(name)
    return proxy


def make_table(name: str, accessible: str) -> QTableView:
    table = TextRowsTable()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setSortingEnabled(True)
    table.setAlternatingRowColors(True)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    fit_rows_to_text(table)
    table.horizontalHeader().setStretchLastSection(False)
    return table


class PlanView(QWidget):
    """The plan tree, the Gantt chart beside it (``attach_chart``) and the editor of the
    selected row, side by side in one splitter."""

    #: The selected row changed: (uuid, kind) with kind "component", "group" or an ItemKind.
    selectionChanged = Signal(str, str)
    #: Something could not be read; the window shows it.
    problem = Signal(str)
    #: The editor pane was shown (True) or hidden (False).
    editorShown = Signal(bool)

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
        self.model = PlanTreeModel(self, groups=True)
        self.proxy = make_proxy("planTreeProxy", self)
        self.proxy.setSourceModel(self.model)
        self.chart: QWidget | None = None
        self.link: TreeChartLink | None = None

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
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._columns_menu)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        # Enter on a row (or a double click) goes to its title, ready to edit.
        self.tree.activated.connect(lambda _index: self.focus_editor())

        # Tools over the tree (the window adds its actions); it is as tall as the chart's
        # toolbar, so the tree's rows line up with the chart's.
        self.tree_bar = QToolBar(self.tr("Plan tree"))
        self.tree_bar.setObjectName("planTreeBar")
        self.tree_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tree_pane = QWidget()
        tree_pane.setObjectName("planTreePane")
        column = QVBoxLayout(tree_pane)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.tree_bar)
        column.addWidget(self.tree, 1)

        self.detail = DetailPane(reader, registers, builder, session, settings, name="detailPane")
        # The pane shows the new current row a turn after the tree (see _on_current_changed).
        self._pending: tuple[str, str] | None = None
        self._show_timer = QTimer(self)
        self._show_timer.setObjectName("detailShowTimer")
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(0)
        self._show_timer.timeout.connect(self.show_pending)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(tree_pane)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.detail.setVisible(settings.editor_shown)

    def attach_chart(self, chart: QWidget) -> None:
        """Place the Gantt chart between the tree and the editor and keep it in step."""
        self.chart = chart
        self.splitter.insertWidget(1, chart)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes(list(PANE_SIZES))
        self.link = TreeChartLink(self.tree, chart, self.tree_bar, self)
        self.link.rowChosen.connect(self._on_chart_row)

    # Rows

    def set_outline(self, outline: PlanOutline | None) -> None:
        """Show this outline, keeping the selected row, open branches and scroll."""
        same_plan = (
            outline is not None
            and self.model.outline is not None
            and self.model.outline.plan.uuid == outline.plan.uuid
        )
        current = self.current()[0] if same_plan else ""
        expanded: set[str] = set()
        scroll = self.tree.verticalScrollBar().value() if same_plan else 0

        def note_expanded() -> None:
            if same_plan:
                expanded.update(self.expanded_keys())

        self.detail.set_outline(outline)
        self._restoring = True
        try:
            # Rows updated in place (an edit): branches, selection and scroll stay as they are.
            reset = self.model.set_outline(outline, before_reset=note_expanded)
            if reset:
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
        if self.link is not None and reset:
            self.link.sync()
            if same_plan:
                self.tree.verticalScrollBar().setValue(scroll)
        if current and not self.model.index_for_uuid(current).isValid():
            self.detail.show_empty()
            self.selectionChanged.emit("", "")

    def current(self) -> tuple[str, str]:
        """(uuid, kind) of the selected row, or ("", "")."""
        index = self.tree.currentIndex()
        if not index.isValid():
            return "", ""
        return index.data(ItemUuidRole) or "", index.data(ItemKindRole) or ""

    def select(self, uuid: str, *, scroll: bool = True) -> bool:
        """Make the row with this uuid current, opening its branch (and scrolling to it
        unless it was chosen where it is already seen)."""
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
        if scroll:
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

    def expanded_keys(self) -> set[str]:
        """The ``RowKeyRole`` keys of the open branches (headings included)."""
        found: set[str] = set()
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                if self.tree.isExpanded(index):
                    found.add(index.data(RowKeyRole) or "")
                    pending.append(index)
        return found

    def _expand(self, keys: set[str]) -> None:
        for key in keys:
            index = self.proxy.mapFromSource(self.model.index_for_key(key))
            if index.isValid():
                self.tree.expand(index)

    def expand_default(self) -> None:
        """Components and their activities, the key outputs and the milestones; means of
        action stay folded."""
        self.tree.collapseAll()
        self.tree.expandToDepth(0)

    def set_predicate(self, predicate: Predicate | None) -> None:
        if isinstance(self.proxy, RecordFilterProxy):
            self.proxy.set_predicate(predicate)
            if predicate is not None:
                self.tree.expandAll()

    def refresh(self) -> None:
        self.detail.refresh()

    # The editor pane

    @property
    def editor_shown(self) -> bool:
        return not self.detail.isHidden()

    def set_editor_shown(self, shown: bool) -> None:
        """Show or hide the editor beside the tree (hidden, the chart has the room)."""
        if shown == self.editor_shown:
            return
        self.detail.setVisible(shown)
        self._settings.editor_shown = shown
        self.editorShown.emit(shown)

    def focus_editor(self) -> None:
        """Open the editor (if hidden) and put the cursor in the title."""
        self.set_editor_shown(True)
        self.show_pending()  # the title of the current row, not of the one before
        self.detail.focus_title()

    # Selection

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        uuid = current.data(ItemUuidRole) or "" if current.isValid() else ""
        kind = current.data(ItemKindRole) or "" if current.isValid() else ""
        shown = self._pending[0] if self._pending is not None else self.detail.current_uuid
        if self._restoring and uuid == shown:
            return
        # The tree (and the chart) show the new row in this turn, the editor pane in the
        # next: each is a short pause instead of one long one, and arrowing through rows
        # reads only the row the keys stop on.
        self._pending = (uuid, kind)
        self._show_timer.start()
        self.selectionChanged.emit(uuid, kind)

    def show_pending(self) -> None:
        """Show the current row in the editor pane now if it is still to be shown."""
        self._show_timer.stop()
        pending, self._pending = self._pending, None
        if pending is not None:
            self._show(*pending)

    def _on_chart_row(self, uuid: str) -> None:
        self.select(uuid, scroll=False)

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

    # Columns and layout

    def _columns_menu(self, pos: QPoint) -> None:
        """Choose the tree's columns (the code and title always show)."""
        header = self.tree.header()
        menu = QMenu(self)
        menu.setObjectName("planColumnsMenu")
        for column in TreeColumn:
            if column in (TreeColumn.CODE, TreeColumn.TITLE):
                continue
            action = menu.addAction(str(self.model.headerData(column, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda shown, c=column: self.set_column_shown(c, shown))
        menu.popup(header.mapToGlobal(pos))

    def set_column_shown(self, column: TreeColumn, shown: bool) -> None:
        self.tree.header().setSectionHidden(column, not shown)
        if shown:
            fit_column(self.tree, column)

    def _size_columns(self) -> None:
        """On the first plan shown, restore the user's column widths or fit the contents."""
        if self._sized or self.model.outline is None:
            return
        self._sized = True
        state = self._settings.tree_header_state
        header = self.tree.header()
        if state.isEmpty() or not header.restoreState(state):
            # Columns the chart shows are hidden, and fitted when the user shows one
            # (``set_column_shown``): fitting a column asks every expanded row its size.
            hidden = CHART_SHOWS if self.chart is not None else ()
            self.tree.expandAll()
            for column in TreeColumn:
                if column is not TreeColumn.TITLE and column not in hidden:
                    fit_column(self.tree, column)
            self.expand_default()
            for column in hidden:
                header.setSectionHidden(column, True)
        header.setSectionResizeMode(TreeColumn.TITLE, QHeaderView.ResizeMode.Stretch)

    def _splitter_key(self) -> str:
        return "planSplitter" if self.chart is not None else ""

    def save_layout(self) -> None:
        if self.model.outline is not None:
            self._settings.tree_header_state = self.tree.header().saveState()
        if self._splitter_key():
            self._settings.set_header_state(self._splitter_key(), self.splitter.saveState())
        else:
            self._settings.splitter_state = self.splitter.saveState()

    def restore_layout(self) -> None:
        key = self._splitter_key()
        state = self._settings.header_state(key) if key else self._settings.splitter_state
        if not state.isEmpty():
            self.splitter.restoreState(state)
