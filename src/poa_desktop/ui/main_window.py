"""The main window: the coordinators' editor of a plan of action.

Views are dock widgets the user can arrange (tabbed by default): the plan tree with the
Gantt chart beside it and the editor of the selected row, the key outputs and milestones,
the registers and the network. Every edit goes through one ``EditSession`` (apply, then
push on the undo stack); after each push, undo or redo every view re-reads what it shows
and keeps its selection. The File menu's long work runs on a worker thread
(``file_commands``, ``workers``).

The window is painted first and reads the plan right after (so it appears at once at any
size); a view in a dock is built when its dock is first shown. The window is given its
services (see ``service_protocols``) by the composition root and never touches the
database itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QWidget

from poa_desktop.domain.errors import UserError
from poa_desktop.ui.settings import AppSettings

if TYPE_CHECKING:
    from poa_desktop.domain.changes import Change
    from poa_desktop.domain.records import PlanCounts, PlanOutline, PlanRef
    from poa_desktop.ui.detail_pane import DetailPane
    from poa_desktop.ui.first_load import FirstRead
    from poa_desktop.ui.service_protocols import (
        BackupControl,
        Builder,
        Editor,
        FileServices,
        PlanReader,
        RegisterReader,
        SearchReader,
    )

NO_PLAN = (
    "This database holds no plan. Use poa-desktop import json FILE or init, or Plan ▸ New plan…"
)
#: The window's size on a first start (the smallest common laptop screen).
DEFAULT_SIZE = (1366, 768)


class MainWindow(QMainWindow):
    """Edit the plans of one database: views in docks, one undo stack, status messages."""

    #: After every push, undo and redo (once every view has read the plan again).
    planChanged = Signal()
    #: The plans were read for the first time (right after the first paint).
    loaded = Signal()

    def __init__(
        self, settings: AppSettings, parent: QWidget | None = None, *, appearance: Any = None
    ) -> None:
        """The window's frame alone: its title, size and place, and a line saying the plan
        is being opened. It imports none of the views and needs no database, so it paints
        at once; ``attach`` builds the rest."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings
        self.appearance = appearance
        self.attached = False
        self._plans: list[PlanRef] = []
        self._plan: PlanRef | None = None
        self._outline: PlanOutline | None = None
        self._counts: PlanCounts | None = None
        self._load_requested = False
        self._first_load_started = False
        self._prefetched: FirstRead | None = None
        self._on_first_paint: Callable[[], object] | None = None
        self.is_loaded = False
        self._names: dict[str, str] = {}
        self._follow: tuple[str, str] = ("", "")
        self._active = "plan"
        self._storage_warning = ""
        self._message_box: QMessageBox | None = None
        self._build_central()
        self._empty_label.setText(self.tr("Opening the plan…"))
        self._empty_label.show()
        self.setWindowTitle(self.tr("poa-desktop"))
        geometry = settings.window_geometry
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)

    def when_first_painted(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once the frame has painted (the composition root opens the
        database and calls ``attach`` there)."""
        self._on_first_paint = callback

    def attach(
        self,
        reader: PlanReader,
        registers: RegisterReader,
        builder: Builder,
        editor: Editor,
        *,
        search: SearchReader | None = None,
        schedules: Any = None,
        baselines: Any = None,
        networks: Any = None,
        files: FileServices | None = None,
        backups: BackupControl | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        """Build the views, menus and undo stack over the services, then read the plan
        (right after the next paint)."""
        from poa_desktop.ui.describe import describe
        from poa_desktop.ui.edit_session import EditSession
        from poa_desktop.ui.file_commands import FileCommands
        from poa_desktop.ui.item_commands import ItemCommands
        from poa_desktop.ui.plan_views import PlanView
        from poa_desktop.ui.step_chain import StepChain
        from poa_desktop.ui.window_commands import build_commands
        from poa_desktop.ui.window_layout import WindowLayout
        from poa_desktop.ui.window_views import CachedRegisters, FilterWiring
        from poa_desktop.ui.workers import JobRunner

        settings = self.settings
        self._reader = reader
        # Every view reads the registers through one cache, emptied after each change.
        self._registers = CachedRegisters(registers)
        self.builder = builder
        self._baselines = baselines
        self._empty_label.hide()
        self._empty_label.setText("")

        self.session = EditSession(
            editor,
            describe=lambda change: describe(change, self._name_of),
            context=lambda: self._plan.uuid if self._plan else "",
            dialog_parent=lambda: self,
            parent=self,
        )
        self.session.planChanged.connect(self.reload)
        # The views the edit did not show at once are brought up to date one per turn.
        self._after_change = StepChain(self)
        self._after_change.finished.connect(self.planChanged)
        self.session.stepped.connect(self._on_stepped)

        cached: Any = self._registers
        self.plan_view = PlanView(reader, cached, builder, self.session, settings)
        self.chart: Any = None
        if schedules is not None and baselines is not None:
            from poa_desktop.ui.gantt import GanttWidget

            self.chart = GanttWidget(
                reader, cached, schedules, baselines, builder, self.session.submit,  # type: ignore[arg-type]
                settings, today=today, defer_schedule=True,
            )  # fmt: skip
            self.plan_view.attach_chart(self.chart)
            self.chart.status.connect(self.show_status)
        self.views: dict[str, QWidget] = {"plan": self.plan_view}
        self.layout_ = WindowLayout(self, reader, cached, builder, settings, networks)
        self.filters = FilterWiring(self, reader, cached, search)
        self.jobs = JobRunner(self, self.show_error, self.show_status)
        self.files = FileCommands(self, self.jobs, files, backups, today)
        self.commands = ItemCommands(self, builder)
        build_commands(self)
        self._update_title()
        self._update_actions()
        self.layout_.restore()
        self.filters.view_activated(self._active)  # the filters that apply to the first view
        self.attached = True
        if self.isVisible():  # attached to a frame already shown: read the plan soon
            self.update()
            QTimer.singleShot(500, self._first_load)

    # Construction

    def _build_central(self) -> None:
        self._empty_label = QLabel()
        self._empty_label.setObjectName("emptyStateLabel")
        self._empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty_label.setWordWrap(True)
        self._empty_label.setMargin(32)
        self._empty_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setCentralWidget(self._empty_label)
        self._empty_label.hide()

    def add_item_list(self, widget: Any) -> None:
        """A list of items (the tree, the key output and milestone tables): the item
        actions act on it and its context menu offers them."""
        a = self.actions_
        widget.addActions([a.delete, a.move_up, a.move_down])
        widget.customContextMenuRequested.connect(
            lambda pos, w=widget: self._show_context_menu(w, pos)
        )

    # Public state (for the composition root, the screenshot command and tests)

    @property
    def plan(self) -> PlanRef | None:
        return self._plan

    @property
    def detail_pane(self) -> DetailPane:
        return self.plan_view.detail

    @property
    def outputs_view(self) -> Any:
        """The key outputs view (built on first use)."""
        return self.layout_.ensure_view("outputs")

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
        if self._active == "outputs" and "outputs" in self.views:
            return self.views["outputs"].current()  # type: ignore[attr-defined,no-any-return]
        return self.plan_view.current()

    def dock(self, name: str) -> QDockWidget:
        return self.layout_.docks[name]

    def show_view(self, name: str) -> QWidget:
        """Bring a view to the front (plan, gantt, outputs, partners, mous, dependencies,
        mandates, indicators, network), showing its dock if it was closed. "gantt" is the
        plan view with the chart given the editor's room; "plan" shows the editor."""
        return self.layout_.show_view(name)

    def baseline_refs(self) -> tuple[Any, ...]:
        if self._baselines is None or self._plan is None:
            return ()
        try:
            return tuple(self._baselines.baselines(self._plan.uuid))
        except UserError as error:
            self.show_error(str(error))
            return ()

    def network_lens(self) -> str:
        return self.layout_.network_lens()

    def network_pins(self, plan_uuid: str, lens: str) -> dict[str, Any]:
        from poa_desktop.ui.network_dock import pins_of

        return pins_of(self.settings, plan_uuid, lens)

    # Loading: the window paints first, then reads the plan

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.attached:
            callback, self._on_first_paint = self._on_first_paint, None
            if callback is not None:
                QTimer.singleShot(0, callback)
            return
        if not self._load_requested:
            self._load_requested = True
            QTimer.singleShot(0, self._first_load)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # A window shown minimised or off screen may not paint soon: read the plan anyway.
        if self.attached:
            QTimer.singleShot(500, self._first_load)

    def _first_load(self) -> None:
        """Read the plans and the plan to show on the worker (``ui.first_load``), then
        show them; if that read fails, read again here, where it is explained."""
        from poa_desktop.ui.first_load import FirstRead, read_first

        if self._first_load_started or not self.attached:
            return
        self._first_load_started = True
        self._after_change.finished.connect(self._loaded)
        reader, registers, baselines = self._reader, self._registers.source, self._baselines
        remembered = self.settings.last_plan_uuid

        def show(read: FirstRead) -> None:
            self._prefetched = read
            self.load_plans()
            if not self._after_change.pending:  # no plan to show
                self._loaded()

        job = self.jobs.run(
            self.tr("Opening the plan"),
            lambda _job: read_first(reader, registers, baselines, remembered),
            show,
            quiet=True,
        )
        job.ended.connect(lambda outcome: outcome == "done" or show(FirstRead()))

    def _loaded(self) -> None:
        """The first plan is shown in every view (the first load's steps have run)."""
        if self.is_loaded:
            return
        self.is_loaded = True
        if self._storage_warning:
            self._warn_storage(self._storage_warning)
        self.files.back_up_daily()
        from poa_desktop.ui import first_load

        if self._outline is not None:
            first_load.start_reads_warm_up(
                self.jobs, self._reader, self._registers.source, self._outline
            )
        QTimer.singleShot(first_load.WARM_UP_MS, self, lambda: first_load.start_views_warm_up(self))
        self.loaded.emit()

    def _warn_storage(self, text: str) -> None:
        """Shown once, without stopping the user: a modeless box, and the status bar's
        message whenever no other is shown (a later message, such as the day's backup,
        would otherwise end it)."""
        from poa_desktop.ui.window_views import storage_warning_box

        bar = self.statusBar()
        bar.messageChanged.connect(lambda message: message or bar.showMessage(text))
        self.show_status(text, 0)
        storage_warning_box(self, text).show()

    def set_storage_warning(self, text: str) -> None:
        """A warning about where the database is (a network or cloud folder), shown once
        the plan is shown."""
        self._storage_warning = text

    def load_plans(self) -> None:
        """Read the list of plans and open the remembered one (else the first)."""
        self._follow = (self.settings.last_plan_uuid, "")
        self.reload()

    def reload(self) -> None:
        """Read everything shown again (after any change), keeping what is selected."""
        follow_plan, follow_item = self._follow
        self._follow = ("", "")
        self._registers.clear()
        read, self._prefetched = self._prefetched, None
        if read is not None:
            self._registers.prime(read.registers)
        try:
            self._plans = read.plans if read and read.plans else list(self._reader.list_plans())
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
        remembered = self.settings.last_plan_uuid
        for candidate in (follow_plan, current, remembered, uuids[0]):
            if candidate in uuids and self.open_plan(candidate, read and read.outline):
                break
        if follow_item:
            self.select_item(follow_item)

    def open_plan(self, plan_uuid: str, read: PlanOutline | None = None) -> bool:
        """Show the plan with this uuid (``read``: its outline, if just read); False
        (and a message) if it cannot be read."""
        from poa_desktop.ui.item_commands import all_items

        try:
            if read is None or read.plan.uuid != plan_uuid:
                read = self._reader.outline(plan_uuid)
            outline = read
        except UserError as error:
            self.show_error(str(error))
            return False
        switching = self._plan is None or self._plan.uuid != plan_uuid
        self._plan, self._outline = outline.plan, outline
        self._names = {row.uuid: row.code for row in (*outline.components, *all_items(outline))}
        self._names.update({plan.uuid: plan.code for plan in self._plans})
        self.settings.last_plan_uuid = plan_uuid
        self.layout_.set_views_visible(True)
        # The tree at once (what the user just did, or the plan just opened); the chart,
        # the editor pane, the registers, the filters and the counts one per turn after.
        self.plan_view.set_outline(outline)
        for action in self.actions_.plan_group.actions():
            action.setChecked(action.data() == plan_uuid)
        self._update_title()
        self._update_actions()
        if switching and self._active == "plan":
            self.plan_view.tree.setFocus()
        self._after_change.run(
            [
                lambda: self._show_in_chart(outline, switching),
                self.plan_view.refresh,
                lambda: self.layout_.plan_opened(outline),
                lambda: self.filters.plan_opened(outline, switching),
                lambda: self._show_counts(outline.plan.uuid),
            ]
        )
        return True

    def _show_in_chart(self, outline: PlanOutline, switching: bool) -> None:
        if self.chart is None:
            return
        try:
            if switching:
                self.chart.set_plan(outline.plan.uuid, outline)
                if self.plan_view.link is not None:  # the tree's rows, folded as shown
                    self.plan_view.link.sync()
                if self.chart.view.zoom.value == "year":  # years: the whole plan
                    self.chart.view.fit_to_plan()
            else:
                self.chart.refresh_from(outline)
        except UserError as error:
            self.show_error(str(error))

    def _show_counts(self, plan_uuid: str) -> None:
        from poa_desktop.ui.window_views import counts_text

        try:
            self._counts = self._reader.counts(plan_uuid)
        except UserError as error:
            self.show_error(str(error))
            return
        self.counts_label.set_full_text(counts_text(self._counts))

    def database_replaced(self) -> None:
        """The database file was replaced (a backup restored): forget the undo history
        and everything read, and read it all again."""
        self.session.stack.clear()
        self._plan = self._outline = self._counts = None
        self.layout_.forget_plan()
        self.reload()

    def _fill_switch_menu(self) -> None:
        from poa_desktop.ui.actions import fill_switch_plan_menu

        current = self._plan.uuid if self._plan is not None else None
        fill_switch_plan_menu(self, self.actions_, self._plans, current, self.open_plan)

    def _show_empty_state(self, text: str) -> None:
        self._after_change.cancel()
        self._plan = self._outline = self._counts = None
        self.plan_view.set_outline(None)
        if self.chart is not None:
            self.chart.set_plan("")
        self.layout_.forget_plan()
        self.layout_.set_views_visible(False)
        self._empty_label.setText(text)
        self.counts_label.set_full_text("")
        self._update_title()
        self._update_actions()

    def show_empty_label(self, shown: bool) -> bool:
        """Show the "how to start" text instead of the views; True if it changed."""
        if self._empty_label.isHidden() != shown:
            return False
        self._empty_label.setVisible(shown)
        return True

    def _update_title(self) -> None:
        if self._plan is None:
            self.setWindowTitle(self.tr("poa-desktop"))
        else:
            self.setWindowTitle(self.tr("{title} — poa-desktop").format(title=self._plan.title))

    # Selection and the active view

    def select_item(self, item_uuid: str, *, show: bool = False) -> bool:
        """Select an item in the key outputs view if it is in front and holds it, else in
        the plan tree (and so in the chart and the editor)."""
        names = (["outputs"] if self._active == "outputs" else []) + ["plan"]
        if "outputs" in names:
            self._after_change.flush()  # the key outputs view holds the latest rows
        for name in names:
            view: Any = self.views.get(name)
            if view is not None and view.select(item_uuid):
                if show:
                    self.show_view(name)
                return True
        return False

    def select_record(self, view_name: str, uuid: str) -> bool:
        """Show a register (partners, MOUs) with this record's row selected."""
        view: Any = self.show_view(view_name)
        table = getattr(view, "table", None)
        return bool(table is not None and table.select_uuid(uuid))

    def set_active(self, name: str) -> None:
        if name != self._active:
            self._active = name
            self.filters.view_activated(name)
        self._update_actions()

    def _update_actions(self) -> None:
        self.commands.update_actions(self.actions_)
        has_plan = self._plan is not None
        f = self.file_actions
        for action in (f.export_json, f.export_review_pack, f.import_review_pack):
            action.setEnabled(has_plan and self.files.has_files)
        for action in (f.export_network_figure, f.export_network_graph):
            action.setEnabled(has_plan and self.files.has_files)
        f.export_gantt.setEnabled(has_plan and self.files.has_files)
        f.import_json.setEnabled(self.files.has_files)
        f.print_gantt.setEnabled(has_plan and self.chart is not None)
        f.show_gantt.setEnabled(self.chart is not None)
        f.save_baseline.setEnabled(has_plan and self._baselines is not None)
        f.back_up.setEnabled(self.files.has_backups)
        f.restore.setEnabled(self.files.has_backups)

    def _show_context_menu(self, widget: QWidget, pos: QPoint) -> None:
        index = widget.indexAt(pos)  # type: ignore[attr-defined]
        if index.isValid():
            widget.setCurrentIndex(index)  # type: ignore[attr-defined]
        self.set_active("outputs" if widget is not self.plan_view.tree else "plan")
        self.context_menu.popup(widget.viewport().mapToGlobal(pos))  # type: ignore[attr-defined]

    # After a change

    def _on_stepped(self, verb: str, text: str, change: Change, context: str) -> None:
        from poa_desktop.ui.describe import followed_after, step_message

        self.statusBar().showMessage(step_message(verb, text), 10000)
        plan, item = followed_after(verb, change, context)
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
        from poa_desktop.ui.edit_dialogs import show_message

        self._message_box = show_message(self, text)

    def show_status(self, text: str, timeout: int = 10000) -> None:
        self.statusBar().showMessage(text, timeout)

    def show_about(self) -> None:
        from poa_desktop.ui.window_views import about_box

        self._message_box = about_box(self, self._plan)
        self._message_box.open()

    # Settings and closing

    def save_settings(self) -> None:
        self.layout_.save()
        self.settings.sync()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_counts()

    def fit_counts(self) -> None:
        """A message after an edit has priority over the plan's counts beside it."""
        if not self.attached:
            return
        bar = self.statusBar()
        message = bar.currentMessage()
        needed = bar.fontMetrics().horizontalAdvance(message) + 40 if message else 0
        self.counts_label.setMaximumWidth(max(120, bar.width() - needed))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.attached:  # closed before the plan was opened: nothing to keep
            super().closeEvent(event)
            return
        self._after_change.cancel()
        self.save_settings()
        self.jobs.shutdown()
        if self.is_loaded:
            self.files.back_up_on_close()
        super().closeEvent(event)


__all__ = ["DEFAULT_SIZE", "NO_PLAN", "MainWindow"]
