"""The main window: the coordinators' editor of a plan of action.

Views are dock widgets the user can arrange (tabbed by default): the plan tree with the
editor of the selected row, the key outputs and milestones, and the registers. Every edit
goes through one ``EditSession`` (apply, then push on the undo stack); after each push,
undo or redo every view re-reads what it shows and keeps its selection.

The window is given its services (see ``service_protocols``) by the composition root and
never touches the database itself.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QUndoView, QWidget

import poa_desktop
from poa_desktop.domain.changes import AddPlan, Change
from poa_desktop.domain.enums import ItemKind
from poa_desktop.domain.errors import UserError
from poa_desktop.domain.records import PlanCounts, PlanOutline, PlanRef
from poa_desktop.ui.actions import build_menus, build_toolbar, create_actions, item_context_menu
from poa_desktop.ui.describe import affected_item, affected_plan, describe
from poa_desktop.ui.detail_pane import DetailPane
from poa_desktop.ui.edit_dialogs import show_message
from poa_desktop.ui.edit_session import EditSession
from poa_desktop.ui.editor_widgets import ElidedLabel
from poa_desktop.ui.item_commands import ItemCommands, all_items
from poa_desktop.ui.plan_views import OutputsView, PlanView
from poa_desktop.ui.service_protocols import (
    Builder,
    Editor,
    PlanReader,
    RegisterReader,
    SearchReader,
)
from poa_desktop.ui.settings import AppSettings
from poa_desktop.ui.window_views import (
    VIEW_NAMES,
    CachedRegisters,
    FilterWiring,
    build_register_views,
    counts_text,
    view_titles,
)

DEFAULT_SIZE = (1366, 768)
NO_PLAN = (
    "This database holds no plan. Use poa-desktop import json FILE or init, or Plan ▸ New plan…"
)


class MainWindow(QMainWindow):
    """Edit the plans of one database: views in docks, one undo stack, status messages."""

    #: After every push, undo and redo (once every view has read the plan again).
    planChanged = Signal()

    def __init__(
        self,
        reader: PlanReader,
        registers: RegisterReader,
        builder: Builder,
        editor: Editor,
        settings: AppSettings,
        parent: QWidget | None = None,
        *,
        search: SearchReader | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setDockOptions(
            QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
            | QMainWindow.DockOption.AnimatedDocks
        )
        self.setTabPosition(Qt.DockWidgetArea.AllDockWidgetAreas, self._tab_north())
        self._reader = reader
        # Every view reads the registers through one cache, emptied after each change.
        self._registers = CachedRegisters(registers)
        registers = self._registers  # type: ignore[assignment]
        self._builder = builder
        self._settings = settings
        self._plans: list[PlanRef] = []
        self._plan: PlanRef | None = None
        self._outline: PlanOutline | None = None
        self._counts: PlanCounts | None = None
        self._loaded = False
        self._names: dict[str, str] = {}
        self._follow: tuple[str, str] = ("", "")
        self._active = "plan"
        self._stale: set[str] = set()
        self._on_screen: dict[str, bool] = {}
        self._message_box: QMessageBox | None = None

        self.session = EditSession(
            editor,
            describe=lambda change: describe(change, self._name_of),
            context=lambda: self._plan.uuid if self._plan else "",
            dialog_parent=lambda: self,
            parent=self,
        )
        self.session.planChanged.connect(self.reload)
        self.session.planChanged.connect(self.planChanged)
        self.session.stepped.connect(self._on_stepped)

        self.plan_view = PlanView(reader, registers, builder, self.session, settings)
        self.outputs_view = OutputsView(reader, registers, builder, self.session, settings)
        self.views: dict[str, QWidget] = {"plan": self.plan_view, "outputs": self.outputs_view}
        self.views.update(build_register_views(reader, registers, builder, self.session, settings))
        self.filters = FilterWiring(self, reader, registers, search)

        self.commands = ItemCommands(self, builder)
        self.actions_ = create_actions(self, self.session.stack)
        self._build_central()
        self._docks = self._build_docks()
        build_toolbar(self, self.actions_)
        if self.filters.bar is not None:
            self.addToolBarBreak()
            self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.filters.toolbar)
        build_menus(
            self,
            self.actions_,
            self._view_actions(),
            self._history_toggle,
            self.filters.find_action,
        )
        self._connect()
        self._build_status_bar()
        self._update_title()
        self._update_actions()
        self._restore_window()

    # Construction

    @staticmethod
    def _tab_north():  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QTabWidget

        return QTabWidget.TabPosition.North

    def _build_central(self) -> None:
        self._empty_label = QLabel()
        self._empty_label.setObjectName("emptyStateLabel")
        self._empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty_label.setWordWrap(True)
        self._empty_label.setMargin(32)
        self._empty_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setCentralWidget(self._empty_label)
        self._empty_label.hide()

    def _build_docks(self) -> dict[str, QDockWidget]:
        docks: dict[str, QDockWidget] = {}
        titles = view_titles()
        for name in VIEW_NAMES:
            dock = QDockWidget(titles[name], self)
            dock.setObjectName(f"{name}Dock")
            dock.setWidget(self.views[name])
            dock.visibilityChanged.connect(lambda visible, n=name: self._on_dock_shown(n, visible))
            docks[name] = dock
        self._history_view = QUndoView(self.session.stack)
        self._history_view.setObjectName("undoHistoryView")
        self._history_view.setEmptyLabel(self.tr("<as opened>"))
        self._history_view.setMinimumWidth(220)
        history = QDockWidget(self.tr("Undo history"), self)
        history.setObjectName("undoHistoryDock")
        history.setWidget(self._history_view)
        docks["history"] = history
        self._history_toggle = history.toggleViewAction()
        self._history_toggle.setObjectName("actionUndoHistory")
        self._history_toggle.setText(self.tr("Undo &history"))
        self._history_toggle.setShortcut(QKeySequence("Ctrl+H"))
        self._docks = docks
        self._default_layout()
        return docks

    def _default_layout(self) -> None:
        first = self._docks[VIEW_NAMES[0]]
        for name in VIEW_NAMES:
            dock = self._docks[name]
            dock.setFloating(False)
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
            dock.show()
            if dock is not first:
                self.tabifyDockWidget(first, dock)
        history = self._docks["history"]
        history.setFloating(False)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, history)
        history.hide()
        self.resizeDocks([history], [280], Qt.Orientation.Horizontal)
        first.raise_()

    def _view_actions(self) -> list[QAction]:
        actions = []
        titles = view_titles()
        for number, name in enumerate(VIEW_NAMES, start=1):
            action = QAction(titles[name], self)
            action.setObjectName(f"actionShowView_{name}")
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, n=name: self.show_view(n))
            actions.append(action)
        return actions

    def _connect(self) -> None:
        a = self.actions_
        c = self.commands
        a.new_activity.triggered.connect(lambda: c.new_item(ItemKind.ACTIVITY))
        a.new_means.triggered.connect(lambda: c.new_item(ItemKind.MEANS))
        a.new_output.triggered.connect(lambda: c.new_item(ItemKind.OUTPUT))
        a.new_milestone.triggered.connect(lambda: c.new_item(ItemKind.MILESTONE))
        a.delete.triggered.connect(c.delete_current)
        a.move_up.triggered.connect(lambda: c.move_current(-1))
        a.move_down.triggered.connect(lambda: c.move_current(+1))
        a.new_plan.triggered.connect(c.new_plan)
        a.duplicate_plan.triggered.connect(c.duplicate_plan)
        a.rename_plan.triggered.connect(c.rename_plan)
        a.delete_plan.triggered.connect(c.delete_plan)
        a.expand_all.triggered.connect(self.plan_view.tree.expandAll)
        a.collapse.triggered.connect(self.plan_view.expand_default)
        a.reset_layout.triggered.connect(self._default_layout)
        a.quit.triggered.connect(self.close)
        a.about.triggered.connect(self.show_about)
        lists = (self.plan_view.tree, self.outputs_view.ko_table, self.outputs_view.ms_table)
        self._context_menu = item_context_menu(self, a)
        for widget in lists:
            widget.addActions([a.delete, a.move_up, a.move_down])
            widget.customContextMenuRequested.connect(
                lambda pos, w=widget: self._show_context_menu(w, pos)
            )
        for name in ("plan", "outputs"):
            view = self.views[name]
            view.selectionChanged.connect(  # type: ignore[attr-defined]
                lambda _uuid, _kind, n=name: self._on_selection(n)
            )
            view.problem.connect(self.show_error)  # type: ignore[attr-defined]
        for name in VIEW_NAMES[2:]:
            view = self.views[name]
            if hasattr(view, "itemActivated"):
                view.itemActivated.connect(lambda uuid: self.select_item(uuid, show=True))
            if hasattr(view, "status"):
                view.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.tabifiedDockWidgetActivated.connect(self._on_dock_activated)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        self._counts_label = ElidedLabel("countsLabel")
        bar.addPermanentWidget(self._counts_label)
        bar.messageChanged.connect(lambda _text: self._fit_counts())

    # Public state (for the composition root, the screenshot command and tests)

    @property
    def plan(self) -> PlanRef | None:
        return self._plan

    @property
    def detail_pane(self) -> DetailPane:
        return self.plan_view.detail

    @property
    def active_view(self) -> str:
        return self._active

    @property
    def outline(self) -> PlanOutline | None:
        return self._outline

    @property
    def counts(self) -> PlanCounts | None:
        return self._counts

    @property
    def plans(self) -> tuple[PlanRef, ...]:
        return tuple(self._plans)

    def current_item(self) -> tuple[str, str]:
        """(uuid, kind) of the row the item actions act on: the selection of the active
        item view (the plan tree unless the key outputs view is in front)."""
        if self._active == "outputs":
            return self.outputs_view.current()
        return self.plan_view.current()

    def dock(self, name: str) -> QDockWidget:
        return self._docks[name]

    def show_view(self, name: str) -> QWidget:
        """Bring the view ``name`` (plan, outputs, partners, mous, dependencies, mandates,
        indicators) to the front, showing its dock if it was closed."""
        if name not in self.views:
            raise UserError(f"No view called {name!r}; choose one of: {', '.join(VIEW_NAMES)}.")
        dock = self._docks[name]
        dock.show()
        dock.raise_()
        self._set_active(name)
        return self.views[name]

    # Loading

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.load_plans()

    def load_plans(self) -> None:
        """Read the list of plans and open the remembered one (else the first)."""
        self._follow = (self._settings.last_plan_uuid, "")
        self.reload()

    def reload(self) -> None:
        """Read everything shown again (after any change), keeping what is selected."""
        follow_plan, follow_item = self._follow
        self._follow = ("", "")
        self._registers.clear()
        try:
            self._plans = list(self._reader.list_plans())
        except UserError as error:
            self._plans = []
            self._show_empty_state(str(error))
            self.show_error(str(error))
            return
        self._fill_switch_menu()
        if not self._plans:
            self._show_empty_state(self.tr(NO_PLAN))
            return
        uuids = [plan.uuid for plan in self._plans]
        current = self._plan.uuid if self._plan else ""
        remembered = self._settings.last_plan_uuid
        for candidate in (follow_plan, current, remembered, uuids[0]):
            if candidate in uuids and self.open_plan(candidate):
                break
        if follow_item:
            self.select_item(follow_item)

    def open_plan(self, plan_uuid: str) -> bool:
        """Show the plan with this uuid; False (and a message) if it cannot be read."""
        try:
            outline = self._reader.outline(plan_uuid)
            counts = self._reader.counts(plan_uuid)
        except UserError as error:
            self.show_error(str(error))
            return False
        switching = self._plan is None or self._plan.uuid != plan_uuid
        self._plan, self._outline, self._counts = outline.plan, outline, counts
        self._names = {row.uuid: row.code for row in (*outline.components, *all_items(outline))}
        self._names.update({plan.uuid: plan.code for plan in self._plans})
        self._settings.last_plan_uuid = plan_uuid
        self._set_views_visible(True)
        self.plan_view.set_outline(outline)
        self.outputs_view.set_outline(outline)
        self.plan_view.refresh()
        self.outputs_view.refresh()
        for name in VIEW_NAMES[2:]:
            self._stale.add(name)
            self._refresh_if_shown(name)
        self.filters.plan_opened(outline, switching)
        self._counts_label.set_full_text(counts_text(counts))
        for action in self.actions_.plan_group.actions():
            action.setChecked(action.data() == plan_uuid)
        self._update_title()
        self._update_actions()
        if switching and self._active == "plan":
            self.plan_view.tree.setFocus()
        return True

    def _refresh_if_shown(self, name: str) -> None:
        """Registers re-read when they are on screen; hidden ones when next shown."""
        view = self.views[name]
        if name not in self._stale or not self._on_screen.get(name) or self._plan is None:
            return
        self._stale.discard(name)
        view.set_plan(self._plan.uuid)  # type: ignore[attr-defined]
        self.filters.apply_to(name)

    def _fill_switch_menu(self) -> None:
        menu, group = self.actions_.switch_plan_menu, self.actions_.plan_group
        menu.clear()
        for action in group.actions():
            group.removeAction(action)
            action.deleteLater()
        for plan in self._plans:
            action = QAction(f"{plan.title} ({plan.code})", self)
            action.setObjectName(f"actionOpenPlan_{plan.code}")
            action.setCheckable(True)
            action.setData(plan.uuid)
            action.setChecked(self._plan is not None and plan.uuid == self._plan.uuid)
            action.triggered.connect(lambda _checked=False, u=plan.uuid: self.open_plan(u))
            group.addAction(action)
            menu.addAction(action)
        menu.setEnabled(len(self._plans) > 1)

    def _show_empty_state(self, text: str) -> None:
        self._plan = self._outline = self._counts = None
        self.plan_view.set_outline(None)
        self.outputs_view.set_outline(None)
        for name in VIEW_NAMES[2:]:
            self.views[name].set_plan(None)  # type: ignore[attr-defined]
        self._set_views_visible(False)
        self._empty_label.setText(text)
        self._counts_label.set_full_text("")
        self._update_title()
        self._update_actions()

    def _set_views_visible(self, visible: bool) -> None:
        """With no plan the window shows how to start instead of empty views."""
        if self._empty_label.isHidden() == visible:
            return
        self._empty_label.setVisible(not visible)
        for name in VIEW_NAMES:
            self._docks[name].setVisible(visible)
        if visible:
            self._docks[self._active].raise_()

    def _update_title(self) -> None:
        if self._plan is None:
            self.setWindowTitle(self.tr("poa-desktop"))
        else:
            self.setWindowTitle(self.tr("{title} — poa-desktop").format(title=self._plan.title))

    # Selection and the active view

    def select_item(self, item_uuid: str, *, show: bool = False) -> bool:
        """Select an item in the plan tree (or the key output/milestone tables)."""
        for name, view in (("plan", self.plan_view), ("outputs", self.outputs_view)):
            if view.select(item_uuid):
                if show:
                    self.show_view(name)
                return True
        return False

    def _on_selection(self, name: str) -> None:
        self._set_active(name)
        self._update_actions()

    def _on_dock_activated(self, dock: QDockWidget) -> None:
        name = dock.objectName().removesuffix("Dock")
        if name in self.views:
            self._set_active(name)

    def _on_dock_shown(self, name: str, visible: bool) -> None:
        # A dock behind another's tab is moved off screen, not hidden: isVisible() stays
        # True, so what is on screen is tracked from this signal.
        self._on_screen[name] = visible
        if visible:
            self._refresh_if_shown(name)

    def _set_active(self, name: str) -> None:
        if name != self._active:
            self._active = name
            self.filters.view_activated(name)
        self._update_actions()

    def _update_actions(self) -> None:
        self.commands.update_actions(self.actions_)

    def _show_context_menu(self, widget: QWidget, pos: QPoint) -> None:
        index = widget.indexAt(pos)  # type: ignore[attr-defined]
        if index.isValid():
            widget.setCurrentIndex(index)  # type: ignore[attr-defined]
        self._set_active("outputs" if widget is not self.plan_view.tree else "plan")
        self._context_menu.popup(widget.viewport().mapToGlobal(pos))  # type: ignore[attr-defined]

    # After a change

    def _on_stepped(self, verb: str, text: str, change: Change, context: str) -> None:
        messages = {
            "do": self.tr("Saved: {text}"),
            "undo": self.tr("Undone: {text}"),
            "redo": self.tr("Redone: {text}"),
        }
        self.statusBar().showMessage(messages.get(verb, "{text}").format(text=text), 10000)
        plan, item = "", ""
        if isinstance(change, AddPlan):
            plan = affected_plan(change)
        elif verb in ("undo", "redo"):
            plan = context
        if verb in ("undo", "redo"):
            item = affected_item(change)
        if plan or item:
            self._follow = (plan or self._follow[0], item or self._follow[1])

    def _name_of(self, uuid: str) -> str:
        """A short name of a row for the history ("II.2(iv)", "ISSA", a plan's code)."""
        if uuid in self._names:
            return self._names[uuid]
        if self._plan is not None:
            try:
                partners = self._registers.partners(self._plan.uuid)
            except UserError:
                partners = ()
            self._names.update({p.uuid: p.acronym or p.code for p in partners})
        return self._names.get(uuid, "")

    # Messages

    def show_error(self, text: str) -> None:
        """Tell the user what went wrong without blocking the event loop."""
        self._message_box = show_message(self, text)

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
        self.plan_view.restore_layout()
        self.outputs_view.restore_layout()

    def save_settings(self) -> None:
        self._settings.window_geometry = self.saveGeometry()
        self._settings.window_state = self.saveState()
        self.plan_view.save_layout()
        self.outputs_view.save_layout()
        self._settings.sync()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_counts()

    def _fit_counts(self) -> None:
        """A message after an edit has priority over the plan's counts beside it."""
        bar = self.statusBar()
        message = bar.currentMessage()
        needed = bar.fontMetrics().horizontalAdvance(message) + 40 if message else 0
        self._counts_label.setMaximumWidth(max(120, bar.width() - needed))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)
