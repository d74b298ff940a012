"""The window's docks: one per view, tabbed by default, each view built when its dock is
first shown (a hidden tab costs nothing at start), and kept up to date only while it is
on screen (a hidden one reads the plan again when next shown).

``show_view`` knows the docked views by name, plus "gantt": the plan view with the chart
given the editor's room.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QTableView, QTabWidget, QUndoView, QWidget

from poa_desktop.domain.errors import UserError
from poa_desktop.domain.records import PlanOutline
from poa_desktop.ui.screenshot import VIEW_NAMES as ALL_VIEW_NAMES
from poa_desktop.ui.settings import AppSettings
from poa_desktop.ui.table_rows import TextRowsTable, hold_rows_while_hidden, rows_measured_once
from poa_desktop.ui.window_views import REGISTER_NAMES, VIEW_NAMES, build_register_view, view_titles

if TYPE_CHECKING:
    from poa_desktop.ui.main_window import MainWindow


#: The longest a turn spends measuring the rows of a view not shown yet (seconds).
MEASURE_SLICE_S = 0.012


class WindowLayout:
    """The docks of ``window`` and the views in them."""

    def __init__(
        self,
        window: MainWindow,
        reader: Any,
        registers: Any,
        builder: Any,
        settings: AppSettings,
        networks: Any,
    ) -> None:
        self._window = window
        self._reader = reader
        self._registers = registers
        self._builder = builder
        self._settings = settings
        self.docks: dict[str, QDockWidget] = {}
        self._stale: set[str] = set()
        self._unfilled: set[str] = set()  # built, its outline not read yet (``ensure_view``)
        self._on_screen: dict[str, bool] = {}
        self._to_measure: dict[str, list[tuple[TextRowsTable, int]]] = {}
        self.names = [name for name in VIEW_NAMES if name != "network" or networks is not None]
        self.history_toggle: QAction
        window.setDockOptions(
            window.DockOption.AllowTabbedDocks
            | window.DockOption.AllowNestedDocks
            | window.DockOption.AnimatedDocks
        )
        window.setTabPosition(Qt.DockWidgetArea.AllDockWidgetAreas, QTabWidget.TabPosition.North)
        if networks is not None:
            from poa_desktop.ui.network_dock import NetworkHost

            host = NetworkHost(networks, settings)
            host.itemSelected.connect(lambda uuid: window.select_item(uuid, show=True))
            host.partnerSelected.connect(lambda uuid: window.select_record("partners", uuid))
            host.mouSelected.connect(lambda uuid: window.select_record("mous", uuid))
            host.status.connect(window.show_status)
            window.views["network"] = host

    # Docks

    def build_docks(self, stack: QUndoStack) -> None:
        window = self._window
        titles = view_titles()
        for name in self.names:
            dock = QDockWidget(titles[name], window)
            dock.setObjectName(f"{name}Dock")
            widget = window.views.get(name)
            if widget is None:
                widget = QWidget()
                widget.setObjectName(f"{name}Placeholder")
            dock.setWidget(widget)
            dock.visibilityChanged.connect(lambda visible, n=name: self._on_dock_shown(n, visible))
            self.docks[name] = dock
        history_view = QUndoView(stack)
        history_view.setObjectName("undoHistoryView")
        history_view.setEmptyLabel(window.tr("<as opened>"))
        history_view.setMinimumWidth(220)
        history = QDockWidget(window.tr("Undo history"), window)
        history.setObjectName("undoHistoryDock")
        history.setWidget(history_view)
        self.docks["history"] = history
        toggle = history.toggleViewAction()
        toggle.setObjectName("actionUndoHistory")
        toggle.setText(window.tr("Undo &history"))
        toggle.setShortcut(QKeySequence("Ctrl+H"))
        self.history_toggle = toggle
        self.default_layout()

    def default_layout(self) -> None:
        window = self._window
        first = self.docks[self.names[0]]
        for name in self.names:
            dock = self.docks[name]
            dock.setFloating(False)
            window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
            dock.show()
            if dock is not first:
                window.tabifyDockWidget(first, dock)
        history = self.docks["history"]
        history.setFloating(False)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, history)
        history.hide()
        window.resizeDocks([history], [280], Qt.Orientation.Horizontal)
        first.raise_()

    def view_actions(self) -> list[QAction]:
        window = self._window
        actions = []
        titles = view_titles()
        for number, name in enumerate(self.names, start=1):
            action = QAction(titles[name], window)
            action.setObjectName(f"actionShowView_{name}")
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, n=name: window.show_view(n))
            actions.append(action)
        return actions

    # Views, built when first shown

    def ensure_view(self, name: str, *, fill: bool = True) -> Any:
        """The view, built if need be. The key outputs view reads the plan's outline as it
        is built, unless ``fill`` is false (the idle turns build it in one turn and fill
        it in the next, ``_fill_outputs``: both in one turn were 60-110 ms)."""
        window = self._window
        view = window.views.get(name)
        if view is None:
            view = self._build(name)
            window.views[name] = view
            dock = self.docks[name]
            self._hold_rows(name)
            with rows_measured_once(*view.findChildren(QTableView)):  # once, not per step
                dock.setWidget(view)
                view.show()  # laid out now, so rows are measured at the widths shown
                dock.layout().activate()
                if name == "outputs":
                    self._unfilled.add(name)
                window.filters.apply_to(name)
        if fill:
            self._fill_outputs(name)
        if name == "network":
            view.ensure()
        return view

    def _fill_outputs(self, name: str) -> None:
        """The key outputs view reads the outline once after it is built."""
        if name not in self._unfilled:
            return
        self._unfilled.discard(name)
        view = self._window.views[name]
        with rows_measured_once(*view.findChildren(QTableView)):
            view.set_outline(self._window.outline)
            view.refresh()
        self._window.filters.apply_to(name)

    def on_screen(self, name: str) -> bool:
        """Whether the view's dock is shown and in front of its tab group."""
        dock = self.docks.get(name)
        return dock is not None and not dock.isHidden() and self._on_screen.get(name, False)

    def prepare_hidden_views(self) -> None:
        """Build the docked views not shown yet and read their rows, one step per turn of
        the event loop (the user's input is served between steps), so that the first
        switch to any of them is instant. The network view lays itself out on a worker
        when first shown, so it is left to that."""
        steps: list[tuple[str, str]] = []
        for name in self.names:
            if name in ("plan", "network") or name in self._window.views:
                continue
            steps += [("build", name), ("read", name), ("measure", name)]

        def step() -> None:
            window = self._window
            if not steps or not window.isVisible() or window.plan is None:
                return
            what, name = steps.pop(0)
            if what == "build":
                self.ensure_view(name, fill=False)
            elif self._on_screen.get(name):  # on screen, a view reads and measures itself
                self._to_measure.pop(name, None)
            elif what == "read":
                self._fill_outputs(name)
                self._refresh(name)
            elif not self._measure_rows(name):
                steps.insert(0, (what, name))  # more rows next turn
            QTimer.singleShot(0, step)

        QTimer.singleShot(0, step)

    def _measure_rows(self, name: str) -> bool:
        """Measure rows of a view behind another's tab at the size it will be shown at
        (the size of the dock in front), for at most ``MEASURE_SLICE_S``; True once every
        row is measured. Its first show then finds them measured. Qt keeps such a dock
        off screen at a size of its own (and may lay it out so again between two turns),
        and its rows are held at their heights meanwhile (``hold_rows_while_hidden``)."""
        dock = self.docks[name]
        tabbed = set(self._window.tabifiedDockWidgets(dock))
        front = next((self.docks[n] for n in self.names if self._on_screen.get(n)
                      and self.docks[n] in tabbed), None)  # fmt: skip
        if front is None or dock.widget() is None:
            return True
        tables = dock.widget().findChildren(TextRowsTable)
        if dock.size() != front.size():
            dock.resize(front.size())
            dock.layout().activate()
            for table in tables:
                table.horizontalHeader().resizeSections()
        queue = self._to_measure.setdefault(  # popped from the end: the first rows first
            name,
            [(table, row) for table in tables for row in range(table.model().rowCount())][::-1],
        )
        deadline = time.perf_counter() + MEASURE_SLICE_S
        while queue:  # at least one row a turn
            table, row = queue.pop()
            if row < table.model().rowCount():
                table.sizeHintForRow(row)
            if time.perf_counter() > deadline:
                break
        if queue:
            return False
        del self._to_measure[name]
        return True

    def _build(self, name: str) -> QWidget:
        window = self._window
        if name == "outputs":
            from poa_desktop.ui.outputs_view import OutputsView

            outputs = OutputsView(
                self._reader, self._registers, self._builder, window.session, self._settings
            )
            outputs.selectionChanged.connect(lambda *_: window.set_active("outputs"))
            outputs.problem.connect(window.show_error)
            window.add_item_list(outputs.ko_table)
            window.add_item_list(outputs.ms_table)
            outputs.restore_layout()
            return outputs  # it reads the plan once in its dock (``ensure_view``)
        if name not in REGISTER_NAMES:
            raise UserError(f"No view called {name!r}.")
        view: Any = build_register_view(
            name, self._reader, self._registers, self._builder, window.session, self._settings
        )
        view.itemActivated.connect(lambda uuid: window.select_item(uuid, show=True))
        view.status.connect(window.show_status)
        self._stale.add(name)
        return view  # type: ignore[no-any-return]

    def show_view(self, name: str) -> QWidget:
        window = self._window
        if name == "gantt" and window.chart is not None:
            self.show_view("plan")
            window.plan_view.set_editor_shown(False)
            window.chart.view.setFocus()
            return window.chart  # type: ignore[no-any-return]
        if name not in self.docks or name == "history":
            names = [n for n in ALL_VIEW_NAMES if n in self.docks or n == "gantt"]
            raise UserError(f"No view called {name!r}; choose one of: {', '.join(names)}.")
        dock = self.docks[name]
        dock.show()
        dock.raise_()
        view = self.ensure_view(name)
        if name == "plan":
            window.plan_view.set_editor_shown(True)
        window.set_active(name)
        self._refresh(name)
        window.filters.apply_pending(name)
        return view  # type: ignore[no-any-return]

    def on_dock_activated(self, dock: QDockWidget) -> None:
        name = dock.objectName().removesuffix("Dock")
        if name in self.names:
            self._window.set_active(name)

    def _on_dock_shown(self, name: str, visible: bool) -> None:
        # A dock behind another's tab is moved off screen, not hidden: isVisible() stays
        # True, so what is on screen is tracked from this signal.
        self._on_screen[name] = visible
        self._hold_rows(name)
        if visible and self._window.is_loaded:
            self.ensure_view(name)
            self._refresh(name)
            self._window.filters.apply_pending(name)

    def _hold_rows(self, name: str) -> None:
        view = self._window.views.get(name)
        if view is not None and name != "network":
            for table in view.findChildren(TextRowsTable):
                hold_rows_while_hidden(table, not self._on_screen.get(name, False))

    def _refresh(self, name: str) -> None:
        """A register or the network re-reads when stale (hidden since the last change)."""
        plan = self._window.plan
        if name not in self._stale or plan is None or name not in self._window.views:
            return
        self._stale.discard(name)
        self._window.views[name].set_plan(plan.uuid)  # type: ignore[attr-defined]
        self._window.filters.apply_to(name)

    # The plan

    def plan_opened(self, outline: PlanOutline) -> None:
        views = self._window.views
        self._unfilled.discard("outputs")  # read here
        if "outputs" in views:
            views["outputs"].set_outline(outline)  # type: ignore[attr-defined]
            views["outputs"].refresh()  # type: ignore[attr-defined]
        for name in self.names[2:]:
            self._stale.add(name)
            if self._on_screen.get(name):
                self.ensure_view(name)
                self._refresh(name)

    def forget_plan(self) -> None:
        views = self._window.views
        if "outputs" in views:
            views["outputs"].set_outline(None)  # type: ignore[attr-defined]
        for name in self.names[2:]:
            if name in views:
                views[name].set_plan(None)  # type: ignore[attr-defined]
            self._stale.add(name)

    def set_views_visible(self, visible: bool) -> None:
        """With no plan the window shows how to start instead of empty views."""
        window = self._window
        if not window.show_empty_label(not visible):
            return
        for name in self.names:
            self.docks[name].setVisible(visible)
        if visible:
            self.docks[window.active_view if window.active_view in self.docks else "plan"].raise_()

    def network_lens(self) -> str:
        host = self._window.views.get("network")
        return str(host.lens) if host is not None else "partners"  # type: ignore[attr-defined]

    # Settings

    def restore(self) -> None:
        window, settings = self._window, self._settings
        geometry = settings.window_geometry
        if geometry.isEmpty() or not window.restoreGeometry(geometry):
            from poa_desktop.ui.main_window import DEFAULT_SIZE

            window.resize(*DEFAULT_SIZE)
        state = settings.window_state
        if not state.isEmpty():
            window.restoreState(state)
        window.plan_view.restore_layout()

    def save(self) -> None:
        window, settings = self._window, self._settings
        settings.window_geometry = window.saveGeometry()
        settings.window_state = window.saveState()
        window.plan_view.save_layout()
        if "outputs" in window.views:
            window.views["outputs"].save_layout()  # type: ignore[attr-defined]
