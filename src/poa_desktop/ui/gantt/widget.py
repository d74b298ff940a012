"""The Gantt chart as one widget: a toolbar over a ``GanttView``, wired to the services.

The window places it beside the plan tree, hands it the tree's visible rows
(``set_visible_rows``) and row height, links the scroll bars, calls ``refresh`` after every
change and ``select_item`` when the tree's selection moves; the widget says
``itemSelected`` when the user clicks a row. Every edit (drag, resize, link) is one
``Change`` handed to ``submit`` on release.

With ``defer_schedule`` the slack and critical path (networkx's topological pass) are not
read while networkx is not loaded yet: the window starts without it and calls
``update_schedule`` once it has loaded it off the GUI thread; turning the critical path on
reads it at once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMenu,
    QScrollBar,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.domain.changes import Change
from poa_desktop.domain.enums import DependencyType
from poa_desktop.domain.errors import UserError
from poa_desktop.domain.records import (
    BaselineRef,
    DependencyRow,
    PlanOutline,
    PlanSchedule,
    SlipRow,
)
from poa_desktop.domain.timeline import Unit, Zoom, snap_for
from poa_desktop.ui.gantt.entries import outline_rows
from poa_desktop.ui.gantt.protocols import (
    BaselineReader,
    DependencyReader,
    GanttBuilder,
    GanttSettings,
    OutlineReader,
    ScheduleReader,
    Submit,
)
from poa_desktop.ui.gantt.scene import GanttScene
from poa_desktop.ui.gantt.style import tr
from poa_desktop.ui.gantt.view import GanttView

#: Violated dependencies listed in the toolbar's menu (the rest are counted).
MENU_VIOLATIONS = 30


def _zoom_names() -> dict[Zoom, str]:
    return {Zoom.YEAR: tr("Years"), Zoom.QUARTER: tr("Quarters"), Zoom.MONTH: tr("Months")}


def _snap_names() -> dict[Unit, str]:
    return {Unit.MONTH: tr("Month"), Unit.QUARTER: tr("Quarter"), Unit.YEAR: tr("Year")}


class GanttWidget(QWidget):
    #: The user clicked a row's bar (or the row): its uuid, for the tree and the editor.
    itemSelected = Signal(str)
    #: A line for the status bar (what a drag would do, what was done or refused).
    status = Signal(str)

    def __init__(
        self,
        reader: OutlineReader,
        registers: DependencyReader,
        schedules: ScheduleReader,
        baselines: BaselineReader,
        builder: GanttBuilder,
        submit: Submit,
        settings: GanttSettings,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
        defer_schedule: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ganttWidget")
        self._defer_schedule = defer_schedule
        self._schedule_stale = False
        self._reader = reader
        self._registers = registers
        self._schedules = schedules
        self._baseline_reader = baselines
        self._builder = builder
        self._submit = submit
        self._settings = settings
        self._today = today
        self._plan_uuid = ""
        self._plan_title = ""
        self._visible: list[str] | None = None
        self._default_order: list[str] = []
        self._baselines: tuple[BaselineRef, ...] = ()
        self._refreshes = 0
        self._snap_chosen = False
        self._zoom_level: Zoom | None = None

        self._scene = GanttScene(self)
        self._scene.setFont(self.font())
        self.view = GanttView(self._scene, self)
        self.view.host = self
        self.view.rowClicked.connect(self._on_row_clicked)
        self.view.set_zoom(self._stored_zoom())
        self.view.zoomChanged.connect(self._on_zoom_changed)
        self.toolbar = self._build_toolbar()
        for action in (self.view.zoom_in_action, self.view.zoom_out_action, self.view.fit_action):
            self.addAction(action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        self._sync_zoom_controls()

    # --- toolbar -------------------------------------------------------------------------

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(tr("Gantt chart"), self)
        bar.setObjectName("ganttToolBar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addAction(self.view.zoom_out_action)
        bar.addAction(self.view.zoom_in_action)
        bar.addAction(self.view.fit_action)
        self.zoom_combo = QComboBox(bar)
        self.zoom_combo.setObjectName("ganttZoomLevel")
        self.zoom_combo.setToolTip(tr("Divide the time axis into years, quarters or months"))
        for zoom, name in _zoom_names().items():
            self.zoom_combo.addItem(name, zoom.value)
        self.zoom_combo.activated.connect(self._on_zoom_chosen)
        bar.addWidget(self.zoom_combo)
        bar.addSeparator()
        snap_label = QLabel(tr("Snap:"), bar)
        bar.addWidget(snap_label)
        self.snap_combo = QComboBox(bar)
        self.snap_combo.setObjectName("ganttSnap")
        self.snap_combo.setToolTip(tr("Dragged dates snap to whole months, quarters or years"))
        snap_label.setBuddy(self.snap_combo)
        for unit, name in _snap_names().items():
            self.snap_combo.addItem(name, unit.value)
        self.snap_combo.activated.connect(self._on_snap_chosen)
        bar.addWidget(self.snap_combo)
        self.link_action = QAction(tr("Link"), self)
        self.link_action.setObjectName("ganttLinkMode")
        self.link_action.setCheckable(True)
        self.link_action.setToolTip(
            tr("Drag from one bar to another to add a finish-to-start dependency (or Shift+drag)")
        )
        bar.addAction(self.link_action)
        bar.addSeparator()
        self.critical_action = QAction(tr("Critical path"), self)
        self.critical_action.setObjectName("ganttCriticalPath")
        self.critical_action.setCheckable(True)
        self.critical_action.setToolTip(tr("Highlight the chain of items with no slack"))
        self.critical_action.toggled.connect(self._on_critical_toggled)
        bar.addAction(self.critical_action)
        baseline_label = QLabel(tr("Baseline:"), bar)
        bar.addWidget(baseline_label)
        self.baseline_combo = QComboBox(bar)
        self.baseline_combo.setObjectName("ganttBaseline")
        self.baseline_combo.setToolTip(tr("Show a baseline's dates as thin bars under the bars"))
        self.baseline_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.baseline_combo.setMaximumWidth(220)
        baseline_label.setBuddy(self.baseline_combo)
        self.baseline_combo.activated.connect(self._on_baseline_chosen)
        bar.addWidget(self.baseline_combo)
        bar.addSeparator()
        self.violations_button = QToolButton(bar)
        self.violations_button.setObjectName("ganttViolations")
        self.violations_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.violations_menu = QMenu(self.violations_button)
        self.violations_menu.setObjectName("ganttViolationsMenu")
        self.violations_button.setMenu(self.violations_menu)
        bar.addWidget(self.violations_button)
        self.print_action = QAction(tr("Print…"), self)
        self.print_action.setObjectName("ganttPrint")
        self.print_action.triggered.connect(self.print_chart)
        bar.addAction(self.print_action)
        self._update_violations()
        return bar

    # --- the plan ------------------------------------------------------------------------

    @property
    def scene(self) -> GanttScene:
        return self._scene

    @property
    def plan_uuid(self) -> str:
        return self._plan_uuid

    def set_plan(self, plan_uuid: str, outline: PlanOutline | None = None) -> None:
        """Show another plan (its rows in the default order until the tree hands its own);
        ``outline``: the plan as the window just read it, not read again."""
        self._plan_uuid = plan_uuid
        self._visible = None
        if not plan_uuid:
            self._scene.build((date.today(), date.today()), [])
            self._update_violations()
            return
        if outline is None or outline.plan.uuid != plan_uuid:
            outline = self._reader.outline(plan_uuid)
        self._plan_title = outline.plan.title
        rows = outline_rows(outline)
        self._default_order = [row.uuid for row in rows]
        self._fill_baselines(
            self._baseline_reader.baselines(plan_uuid), self._settings.gantt_baseline
        )
        name, slips = self._read_slips()
        self._scene.build(
            (outline.plan.period_start, outline.plan.period_end),
            rows,
            self._registers.dependencies(plan_uuid),
            self._read_schedule(),
            slips,
            baseline_name=name,
            today=self._today(),
        )
        self._scene.set_show_critical(self.critical_action.isChecked())
        self.view.set_zoom(self._stored_zoom())
        self.view.scroll_to_x(self._scene.x(outline.plan.period_start), 12)
        self._update_violations()

    def refresh(self) -> None:
        """Re-read the plan and update only what changed (after any edit, undo or redo)."""
        self.refresh_from(None)

    def refresh_from(self, outline: PlanOutline | None) -> None:
        """``refresh`` with the plan as the window just read it (None: read it here)."""
        if not self._plan_uuid:
            return
        self._refreshes += 1
        if outline is None or outline.plan.uuid != self._plan_uuid:
            try:
                outline = self._reader.outline(self._plan_uuid)
            except UserError:  # the plan was deleted: show nothing
                self.set_plan("")
                return
        self._plan_title = outline.plan.title
        rows = outline_rows(outline)
        self._default_order = [row.uuid for row in rows]
        self._fill_baselines(
            self._baseline_reader.baselines(self._plan_uuid), self.baseline_combo.currentText()
        )
        name, slips = self._read_slips()
        self._scene.baseline_name = name
        self._scene.update_rows(
            rows,
            self._registers.dependencies(self._plan_uuid),
            self._read_schedule(),
            slips,
        )
        self._scene.set_rows(self._visible if self._visible is not None else self._default_order)
        self._update_violations()

    @property
    def schedule_stale(self) -> bool:
        """True while the slack and critical path wait for ``update_schedule``."""
        return self._schedule_stale

    def update_schedule(self) -> None:
        """Read the slack and the critical path now (loading networkx if need be)."""
        if not self._plan_uuid:
            return
        self._defer_schedule = False
        self._scene.set_schedule(self._read_schedule())

    def _stored_zoom(self) -> Zoom:
        zoom = self._settings.gantt_zoom
        return Zoom(zoom) if zoom in {z.value for z in Zoom} else Zoom.YEAR

    def rows_top(self) -> int:
        """How far below this widget's top edge the first row starts (below the toolbar
        and the ruler), for the window to line the tree's first row up with it."""
        return self.view.viewport().mapTo(self, QPoint(0, 0)).y()

    def _read_schedule(self) -> PlanSchedule | None:
        if self._defer_schedule and "networkx" not in sys.modules:
            self._schedule_stale = True  # read when networkx is loaded (update_schedule)
            return None
        self._schedule_stale = False
        try:
            return self._schedules.schedule(self._plan_uuid)
        except UserError as error:  # a cycle: no schedule, no critical path
            self.status.emit(str(error))
            return None

    def _read_slips(self) -> tuple[str, tuple[SlipRow, ...]]:
        uuid = self.baseline_combo.currentData()
        if not uuid:
            return "", ()
        return self.baseline_combo.currentText(), self._baseline_reader.compare(
            self._plan_uuid, uuid
        )

    def _fill_baselines(self, baselines: tuple[BaselineRef, ...], chosen: str) -> None:
        self._baselines = baselines
        combo = self.baseline_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(tr("None"), "")
        for baseline in baselines:
            combo.addItem(baseline.name, baseline.uuid)
            combo.setItemData(
                combo.count() - 1,
                tr("Taken on {day}: {note}").format(
                    day=baseline.taken_on.isoformat(), note=baseline.note
                ),
                Qt.ItemDataRole.ToolTipRole,
            )
        index = combo.findText(chosen) if chosen else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    # --- rows and selection --------------------------------------------------------------

    @property
    def rowHeight(self) -> int:
        return self._scene.row_height

    def set_row_height(self, row_height: int) -> None:
        self._scene.set_rows(self._scene.order, row_height)

    def set_visible_rows(
        self, uuids_in_tree_order: Sequence[str], row_height: int | None = None
    ) -> None:
        """Show exactly these rows in this order (the tree's expanded rows, top to bottom);
        the others are hidden, not rebuilt."""
        self._visible = list(uuids_in_tree_order)
        self._scene.set_rows(self._visible, row_height)

    def select_item(self, uuid: str) -> None:
        """Select a row (the tree's or the editor's selection) and scroll it into view."""
        self._scene.set_selected(uuid)
        self.view.ensure_row_visible(uuid)

    def link_vertical_scroll(self, scroll_bar: QScrollBar) -> None:
        """Keep the chart's vertical scroll bar and ``scroll_bar`` (the plan tree's, in
        per-pixel scroll mode) at the same value."""
        mine = self.view.verticalScrollBar()
        # Slots of the scroll bars themselves: the connection ends with either of them.
        scroll_bar.valueChanged.connect(mine.setValue)
        mine.valueChanged.connect(scroll_bar.setValue)

    def _on_row_clicked(self, uuid: str) -> None:
        if uuid:
            self.itemSelected.emit(uuid)

    # --- zoom, snap, critical path, baseline, violations ---------------------------------

    def _on_zoom_chosen(self, index: int) -> None:
        self.view.set_zoom(self.zoom_combo.itemData(index))

    def _on_zoom_changed(self, _pixels_per_day: float) -> None:
        self._sync_zoom_controls()

    def _sync_zoom_controls(self) -> None:
        level = self.view.zoom
        self.zoom_combo.setCurrentIndex(self.zoom_combo.findData(level.value))
        if level is self._zoom_level:
            return
        self._zoom_level = level
        if self._settings.gantt_zoom != level.value:
            self._settings.gantt_zoom = level.value
        if not self._snap_chosen:
            self.snap_combo.setCurrentIndex(self.snap_combo.findData(snap_for(level).value))

    def _on_snap_chosen(self, _index: int) -> None:
        self._snap_chosen = True

    def snap_unit(self) -> Unit:
        return Unit(self.snap_combo.currentData())

    def set_snap(self, unit: Unit | str) -> None:
        self.snap_combo.setCurrentIndex(self.snap_combo.findData(Unit(unit).value))
        self._snap_chosen = True

    def link_mode(self) -> bool:
        return self.link_action.isChecked()

    def _on_critical_toggled(self, shown: bool) -> None:
        if shown and self._schedule_stale:
            self.update_schedule()
        self._scene.set_show_critical(shown)
        if shown:
            codes = [self._scene.entry(uuid) for uuid in self._scene.critical_path]
            path = " → ".join(entry.code for entry in codes if entry is not None)
            self.status.emit(
                tr("Critical path: {path}").format(path=path) if path else tr("No critical path")
            )

    def _on_baseline_chosen(self, _index: int) -> None:
        name, slips = self._read_slips()
        self._settings.gantt_baseline = name
        self._scene.set_slips(slips, name)

    def violations(self) -> list[DependencyRow]:
        """The dependencies the planned dates break."""
        return self._scene.violations()

    def _update_violations(self) -> None:
        """The toolbar's count of violated dependencies and its menu of the first few
        (a large plan may break thousands: the menu stays short, the count says all)."""
        count = self._scene.violation_count()
        rows = self._scene.violations()[:MENU_VIOLATIONS]
        texts = self._scene.violation_texts(MENU_VIOLATIONS)
        menu = self.violations_menu
        menu.clear()
        for row, text in zip(rows, texts, strict=True):
            action = menu.addAction(text)
            action.triggered.connect(lambda _=False, uuid=row.to_uuid: self._show_violation(uuid))
        if count > len(rows):
            more = tr("… and {n} more").format(n=count - len(rows))
            menu.addAction(more).setEnabled(False)
            texts = [*texts, more]
        button = self.violations_button
        if rows:
            button.setText(
                tr("⚠ 1 violated dependency")
                if count == 1
                else tr("⚠ {n} violated dependencies").format(n=count)
            )
            button.setToolTip("\n".join(texts))
        else:
            button.setText(tr("No violated dependencies"))
            button.setToolTip(tr("Every dependency holds with the planned dates"))
        button.setEnabled(bool(rows))

    def _show_violation(self, uuid: str) -> None:
        self.select_item(uuid)
        self.itemSelected.emit(uuid)

    # --- edits (the view's gestures call these) ------------------------------------------

    def commit_dates(
        self, uuid: str, start: date, end: date, seen: tuple[date | None, date | None]
    ) -> bool:
        entry = self._scene.entry(uuid)
        code = entry.code if entry is not None else "?"
        change = self._builder.edit(
            "item",
            uuid,
            {"start": start, "end": end},
            seen={"start": seen[0], "end": seen[1]},
            label=tr("Reschedule {code} to {start} – {end}").format(
                code=code, start=start.isoformat(), end=end.isoformat()
            ),
        )
        return self._hand_over(
            change,
            tr("{code} now runs {start} to {end}").format(
                code=code, start=start.isoformat(), end=end.isoformat()
            ),
        )

    def commit_link(self, from_uuid: str, to_uuid: str) -> bool:
        change = self._builder.new_dependency(
            self._plan_uuid, from_uuid, to_uuid, DependencyType.FS
        )
        before, after = self._scene.entry(from_uuid), self._scene.entry(to_uuid)
        return self._hand_over(
            change,
            tr("Added: {second} starts after {first} finishes").format(
                first=before.code if before else "?", second=after.code if after else "?"
            ),
        )

    def _hand_over(self, change: Change, done: str) -> bool:
        """Submit a change; refresh unless the window already did while submitting."""
        refreshes = self._refreshes
        if not self._submit(change):
            self.status.emit(tr("The change was not made."))
            return False
        if self._refreshes == refreshes:
            self.refresh()
        self.status.emit(done)
        return True

    def show_status(self, text: str) -> None:
        self.status.emit(text)

    # --- printing ------------------------------------------------------------------------

    def print_chart(self) -> bool:
        """Ask for a printer, then print every shown row on landscape pages."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("ganttPrintDialog")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        self.print_to(printer)
        return True

    def print_to(self, printer: object) -> int:
        """Print onto a set-up ``QPrinter``; returns the number of pages."""
        from poa_desktop.ui.gantt import printing

        return printing.print_chart(self._scene, printer, self._plan_title)  # type: ignore[arg-type]

    def render_to_image(self, path: str | Path) -> Path:
        """The whole chart at the current zoom as a PNG."""
        from poa_desktop.ui.gantt import printing

        return printing.render_image(self._scene, path, self.view.pixels_per_day)
