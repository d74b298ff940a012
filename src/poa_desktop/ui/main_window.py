"""The main window: the plan as a tree, the selected item's details, the key outputs.

The window reads the plan only through ``PlanReader`` (four methods returning plain
records), so it neither knows nor cares how the plan is stored, and tests can hand it any
object with those methods.
"""

from __future__ import annotations

from html import escape
from typing import Protocol

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

import poa_desktop
from poa_desktop.domain.records import ItemDetail, PlanCounts, PlanOutline, PlanRef
from poa_desktop.services.errors import UserError
from poa_desktop.ui.detail_pane import DetailPane
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
from poa_desktop.ui.settings import AppSettings

DEFAULT_SIZE = (1280, 800)
#: Widest a content-sized tree or table column may start (the full text is in its tooltip).
MAX_AUTO_COLUMN_WIDTH = 130


class PlanReader(Protocol):
    """What the window needs from the plan service (``PlanService`` satisfies it)."""

    def list_plans(self) -> list[PlanRef]: ...

    def outline(self, plan_uuid: str) -> PlanOutline: ...

    def counts(self, plan_uuid: str) -> PlanCounts: ...

    def item_detail(self, item_uuid: str) -> ItemDetail: ...


class MainWindow(QMainWindow):
    """Browse one plan: tree on the left, details and key outputs on the right."""

    def __init__(
        self, reader: PlanReader, settings: AppSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._reader = reader
        self._settings = settings
        self._plans: list[PlanRef] = []
        self._plan: PlanRef | None = None
        self._outline: PlanOutline | None = None
        self._loaded = False
        self._headers_restored = False
        self._message_box: QMessageBox | None = None

        self._tree_model = PlanTreeModel(self)
        self._tree_proxy = QSortFilterProxyModel(self)
        self._tree_proxy.setObjectName("planTreeProxy")
        self._tree_proxy.setRecursiveFilteringEnabled(True)
        self._tree_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._tree_proxy.setSortRole(SortRole)
        self._tree_proxy.setSourceModel(self._tree_model)

        self._ko_model = KeyOutputTableModel(self)
        self._ko_proxy = QSortFilterProxyModel(self)
        self._ko_proxy.setObjectName("keyOutputsProxy")
        self._ko_proxy.setSortRole(SortRole)
        self._ko_proxy.setSourceModel(self._ko_model)

        self._build_central()
        self._build_menus()
        self._build_status_bar()
        self._update_title()
        self._restore_window()

    # Construction

    def _build_central(self) -> None:
        self._tree = QTreeView()
        self._tree.setObjectName("planTree")
        self._tree.setAccessibleName(self.tr("Plan"))
        self._tree.setModel(self._tree_proxy)
        self._tree.setUniformRowHeights(True)
        self._tree.setAlternatingRowColors(True)
        self._tree.setAllColumnsShowFocus(True)
        self._tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self._tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TreeColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        self._tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)

        self._detail = DetailPane()

        self._ko_table = QTableView()
        self._ko_table.setObjectName("keyOutputsTable")
        self._ko_table.setAccessibleName(self.tr("Key outputs"))
        self._ko_table.setModel(self._ko_proxy)
        self._ko_table.setSortingEnabled(True)
        self._ko_table.sortByColumn(KeyOutputColumn.NUMBER, Qt.SortOrder.AscendingOrder)
        self._ko_table.setAlternatingRowColors(True)
        self._ko_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._ko_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._ko_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Titles wrap (rows grow to fit) rather than being cut to a few words.
        self._ko_table.setWordWrap(True)
        self._ko_table.verticalHeader().setVisible(False)
        self._ko_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        ko_header = self._ko_table.horizontalHeader()
        ko_header.setStretchLastSection(False)
        ko_header.setSectionResizeMode(KeyOutputColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        self._ko_table.selectionModel().currentChanged.connect(self._on_ko_current_changed)
        self._ko_table.activated.connect(self._on_ko_activated)

        self._tabs = QTabWidget()
        self._tabs.setObjectName("rightTabs")
        self._tabs.addTab(self._detail, self.tr("Details"))
        self._tabs.addTab(self._ko_table, self.tr("Key outputs"))

        self._splitter = QSplitter(Qt.Orientation.Horizontal)
        self._splitter.setObjectName("mainSplitter")
        self._splitter.setChildrenCollapsible(False)
        self._splitter.addWidget(self._tree)
        self._splitter.addWidget(self._tabs)
        self._splitter.setStretchFactor(0, 3)
        self._splitter.setStretchFactor(1, 2)
        self._splitter.setSizes([DEFAULT_SIZE[0] * 3 // 5, DEFAULT_SIZE[0] * 2 // 5])

        self._empty_label = QLabel()
        self._empty_label.setObjectName("emptyStateLabel")
        self._empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty_label.setWordWrap(True)
        self._empty_label.setMargin(32)
        self._empty_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._stack = QStackedWidget()
        self._stack.setObjectName("centralStack")
        self._stack.addWidget(self._splitter)
        self._stack.addWidget(self._empty_label)
        self.setCentralWidget(self._stack)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        menu_bar.setObjectName("menuBar")

        file_menu = menu_bar.addMenu(self.tr("&File"))
        file_menu.setObjectName("fileMenu")
        self._open_plan_menu = QMenu(self.tr("&Open plan"), self)
        self._open_plan_menu.setObjectName("openPlanMenu")
        self._open_plan_menu.setEnabled(False)
        file_menu.addMenu(self._open_plan_menu)
        self._plan_actions = QActionGroup(self)
        self._plan_actions.setExclusive(True)
        file_menu.addSeparator()
        self._quit_action = QAction(self.tr("&Quit"), self)
        self._quit_action.setObjectName("actionQuit")
        self._quit_action.setShortcut(QKeySequence(self.tr("Ctrl+Q")))
        self._quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self._quit_action.triggered.connect(self.close)
        file_menu.addAction(self._quit_action)

        view_menu = menu_bar.addMenu(self.tr("&View"))
        view_menu.setObjectName("viewMenu")
        expand = QAction(self.tr("&Expand all"), self)
        expand.setObjectName("actionExpandAll")
        expand.triggered.connect(self._tree.expandAll)
        collapse = QAction(self.tr("&Collapse to activities"), self)
        collapse.setObjectName("actionCollapseToActivities")
        collapse.triggered.connect(self._expand_default)
        view_menu.addActions([expand, collapse])

        help_menu = menu_bar.addMenu(self.tr("&Help"))
        help_menu.setObjectName("helpMenu")
        self._about_action = QAction(self.tr("&About poa-desktop"), self)
        self._about_action.setObjectName("actionAbout")
        self._about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self._about_action.triggered.connect(self.show_about)
        help_menu.addAction(self._about_action)

    def _build_status_bar(self) -> None:
        status_bar = self.statusBar()
        status_bar.setObjectName("statusBar")
        self._counts_label = QLabel()
        self._counts_label.setObjectName("countsLabel")
        status_bar.addPermanentWidget(self._counts_label, 1)

    # Public state (for the composition root and tests)

    @property
    def plan(self) -> PlanRef | None:
        return self._plan

    @property
    def detail_pane(self) -> DetailPane:
        return self._detail

    # Loading

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.load_plans()

    def load_plans(self) -> None:
        """Read the list of plans and open the remembered one (else the first)."""
        try:
            self._plans = list(self._reader.list_plans())
        except UserError as error:
            self._plans = []
            self._show_empty_state(str(error))
            self._show_error(str(error))
            return
        self._fill_open_plan_menu()
        if not self._plans:
            self._show_empty_state(
                self.tr("This database holds no plan. Use poa-desktop import json FILE or init.")
            )
            return
        remembered = self._settings.last_plan_uuid
        uuids = [plan.uuid for plan in self._plans]
        self.open_plan(remembered if remembered in uuids else uuids[0])

    def open_plan(self, plan_uuid: str) -> bool:
        """Show the plan with this uuid; False (and a message) if it cannot be read."""
        try:
            outline = self._reader.outline(plan_uuid)
            counts = self._reader.counts(plan_uuid)
        except UserError as error:
            self._show_error(str(error))
            return False
        self._plan = outline.plan
        self._outline = outline
        self._tree_model.set_outline(outline)
        self._ko_model.set_outline(outline)
        self._detail.set_outline(outline)
        self._counts_label.setText(self.counts_text(counts))
        self._settings.last_plan_uuid = outline.plan.uuid
        for action in self._plan_actions.actions():
            action.setChecked(action.data() == outline.plan.uuid)
        self._stack.setCurrentWidget(self._splitter)
        self._expand_default()
        self._size_columns()
        self._update_title()
        self._tree.setFocus()
        return True

    def _fill_open_plan_menu(self) -> None:
        self._open_plan_menu.clear()
        for action in self._plan_actions.actions():
            self._plan_actions.removeAction(action)
        for plan in self._plans:
            action = QAction(plan.title, self)
            action.setObjectName(f"actionOpenPlan_{plan.code}")
            action.setCheckable(True)
            action.setData(plan.uuid)
            action.triggered.connect(lambda _checked=False, u=plan.uuid: self.open_plan(u))
            self._plan_actions.addAction(action)
            self._open_plan_menu.addAction(action)
        self._open_plan_menu.setEnabled(len(self._plans) > 1)

    def _show_empty_state(self, text: str) -> None:
        self._plan = None
        self._outline = None
        self._tree_model.set_outline(None)
        self._ko_model.set_outline(None)
        self._detail.set_outline(None)
        self._empty_label.setText(text)
        self._counts_label.clear()
        self._stack.setCurrentWidget(self._empty_label)
        self._update_title()

    def _update_title(self) -> None:
        if self._plan is None:
            self.setWindowTitle(self.tr("poa-desktop"))
        else:
            self.setWindowTitle(self.tr("{title} — poa-desktop").format(title=self._plan.title))

    def _expand_default(self) -> None:
        """Show components and their activities; means of action stay folded."""
        self._tree.collapseAll()
        self._tree.expandToDepth(0)

    def _size_columns(self) -> None:
        """On the first plan shown, restore the user's column widths or fit the contents.

        Later plans keep whatever widths the user has set meanwhile.
        """
        if self._headers_restored:
            return
        self._headers_restored = True
        tree_state = self._settings.tree_header_state
        if tree_state.isEmpty() or not self._tree.header().restoreState(tree_state):
            # Means of action are folded, so measure with everything expanded.
            self._tree.expandAll()
            for column in TreeColumn:
                if column is not TreeColumn.TITLE:
                    self._fit_column(self._tree, column)
            self._expand_default()
        ko_state = self._settings.key_outputs_header_state
        if ko_state.isEmpty() or not self._ko_table.horizontalHeader().restoreState(ko_state):
            for column in KeyOutputColumn:
                if column is not KeyOutputColumn.TITLE:
                    self._fit_column(self._ko_table, column)

    @staticmethod
    def _fit_column(view: QTreeView | QTableView, column: int) -> None:
        view.resizeColumnToContents(column)
        view.setColumnWidth(column, min(view.columnWidth(column), MAX_AUTO_COLUMN_WIDTH))

    # Selection

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._tabs.setCurrentWidget(self._detail)
        self._show_index(current)

    def _on_ko_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_index(current)

    def _on_ko_activated(self, _index: QModelIndex) -> None:
        self._tabs.setCurrentWidget(self._detail)

    def _show_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            self._detail.show_empty()
            return
        uuid = index.data(ItemUuidRole) or ""
        if index.data(ItemKindRole) == COMPONENT_KIND:
            component = next(
                (c for c in (self._outline.components if self._outline else ()) if c.uuid == uuid),
                None,
            )
            if component is None:
                self._detail.show_empty()
            else:
                self._detail.show_component(component)
            return
        self.show_item(uuid)

    def show_item(self, item_uuid: str) -> None:
        """Read one item from the service and show it in the detail pane."""
        try:
            detail = self._reader.item_detail(item_uuid)
        except UserError as error:
            self._detail.show_empty()
            self._show_error(str(error))
            return
        self._detail.show_item(detail)

    def select_item(self, item_uuid: str) -> bool:
        """Make the tree row of this uuid current (expanding its parents)."""
        source = self._tree_model.index_for_uuid(item_uuid)
        index = self._tree_proxy.mapFromSource(source)
        if not index.isValid():
            return False
        self._tree.scrollTo(index)
        self._tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    # Messages

    def counts_text(self, counts: PlanCounts) -> str:
        """The status-bar summary, e.g. "6 components · 17 activities · …"."""
        parts = [
            self._count(counts.components, self.tr("1 component"), self.tr("{n} components")),
        ]
        if counts.cross_cutting_lines:
            # Appended to the components ("5 components + 1 cross-cutting line").
            parts[0] += " + " + self._count(
                counts.cross_cutting_lines,
                self.tr("1 cross-cutting line"),
                self.tr("{n} cross-cutting lines"),
            )
        parts += [
            self._count(counts.activities, self.tr("1 activity"), self.tr("{n} activities")),
            self._count(
                counts.means_of_action,
                self.tr("1 means of action"),
                self.tr("{n} means of action"),
            ),
            self._count(counts.key_outputs, self.tr("1 key output"), self.tr("{n} key outputs")),
            self._count(counts.milestones, self.tr("1 milestone"), self.tr("{n} milestones")),
            self._count(counts.dependencies, self.tr("1 dependency"), self.tr("{n} dependencies")),
            self._count(counts.partners, self.tr("1 partner"), self.tr("{n} partners")),
            self._count(counts.mous, self.tr("1 MOU"), self.tr("{n} MOUs")),
        ]
        return " · ".join(parts)

    @staticmethod
    def _count(n: int, one: str, many: str) -> str:
        return one if n == 1 else many.format(n=n)

    def _show_error(self, text: str) -> None:
        """Tell the user what went wrong without blocking the event loop."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("poa-desktop"),
            text,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("errorDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._message_box = box
        box.open()

    def show_about(self) -> None:
        lines = [
            self.tr("<b>poa-desktop {version}</b>").format(version=poa_desktop.__version__),
            self.tr("Keeps a multi-year plan of action current."),
        ]
        if self._plan is not None:
            lines.append(
                self.tr("Plan: {title}<br>Source: {source}<br>Period: {start} to {end}").format(
                    title=escape(self._plan.title),
                    source=escape(self._plan.source_document),
                    start=self._plan.period_start.isoformat(),
                    end=self._plan.period_end.isoformat(),
                )
            )
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("About poa-desktop"),
            "<p>" + "</p><p>".join(lines) + "</p>",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("aboutDialog")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._message_box = box
        box.open()

    # Settings

    def _restore_window(self) -> None:
        geometry = self._settings.window_geometry
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)
        state = self._settings.window_state
        if not state.isEmpty():
            self.restoreState(state)
        splitter = self._settings.splitter_state
        if not splitter.isEmpty():
            self._splitter.restoreState(splitter)

    def save_settings(self) -> None:
        self._settings.window_geometry = self.saveGeometry()
        self._settings.window_state = self.saveState()
        self._settings.splitter_state = self._splitter.saveState()
        if self._outline is not None:
            self._settings.tree_header_state = self._tree.header().saveState()
            self._settings.key_outputs_header_state = self._ko_table.horizontalHeader().saveState()
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)
