"""Driving the main window as a user would, for the window and editor tests.

The services are the real ones over the test's database file; what a test checks is what
the database then holds, read back through the services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QTreeView, QWidget

from poa_desktop.app import AppFiles, build_services
from poa_desktop.domain.records import ItemRow, PlanRef
from poa_desktop.services.baseline_service import BaselineService
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.services.network_service import NetworkService
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.register_service import RegisterService
from poa_desktop.services.schedule_service import ScheduleService
from poa_desktop.services.search_service import SearchService
from poa_desktop.store.database import Database
from poa_desktop.ui.main_window import MainWindow
from poa_desktop.ui.settings import AppSettings

WINDOW_SIZE = (1366, 768)


@dataclass
class Services:
    """The real services over one database, as app.py builds them."""

    plans: PlanService
    registers: RegisterService
    builder: ChangeBuilder
    editor: PlanEditor
    search: SearchService
    schedules: ScheduleService | None = None
    baselines: BaselineService | None = None
    networks: NetworkService | None = None
    files: AppFiles | None = None
    backups: Any = None

    @classmethod
    def over(cls, database: Database) -> Services:
        built = build_services(database)
        return cls(
            built.plans,
            built.registers,
            built.builder,
            built.editor,
            built.search,
            built.schedules,
            built.baselines,
            built.networks,
            AppFiles(built),
        )

    def plan(self) -> PlanRef:
        return self.plans.find_plan("ilo-ss-2011-19")

    def item(self, code: str, plan: PlanRef | None = None) -> ItemRow:
        outline = self.plans.outline((plan or self.plan()).uuid)
        rows = outline.activities + outline.means_of_action + outline.key_outputs
        return next(row for row in rows + outline.milestones if row.code == code)

    def codes(self, plan: PlanRef | None = None) -> set[str]:
        outline = self.plans.outline((plan or self.plan()).uuid)
        rows = outline.activities + outline.means_of_action + outline.key_outputs
        return {row.code for row in rows + outline.milestones}


def open_window(
    qtbot: Any,
    services: Services,
    settings: AppSettings,
    *,
    resize: bool = True,
    appearance: Any = None,
) -> MainWindow:
    window = MainWindow(settings, appearance=appearance)
    window.attach(
        services.plans,
        services.registers,
        services.builder,
        services.editor,
        search=services.search,
        schedules=services.schedules,
        baselines=services.baselines,
        networks=services.networks,
        files=services.files,
        backups=services.backups,
    )
    return show_window(qtbot, window, resize=resize)


def show_window(qtbot: Any, window: MainWindow, *, resize: bool = True) -> MainWindow:
    """Show the window as the app does and wait until it has read the plan (which it
    does right after its first paint)."""
    qtbot.addWidget(window)
    if resize:
        window.resize(*WINDOW_SIZE)
    with qtbot.waitExposed(window):
        window.show()
    # Loaded, and the quiet reads it starts then (``ui.first_load``) done.
    qtbot.waitUntil(lambda: window.is_loaded and not window.jobs.busy)
    return window


def child(widget: QWidget, cls: type, name: str) -> Any:
    found = widget.findChild(cls, name)
    assert found is not None, f"no {cls.__name__} named {name!r}"
    return found


def find_row(tree: QTreeView, code: str) -> QModelIndex:
    model = tree.model()
    hits = model.match(
        model.index(0, 0),
        Qt.ItemDataRole.DisplayRole,
        code,
        1,
        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
    )
    assert hits, f"{code} is not in the plan tree"
    return hits[0]


def click_row(qtbot: Any, tree: QTreeView, index: QModelIndex) -> None:
    parent = index.parent()
    while parent.isValid():
        tree.expand(parent)
        parent = parent.parent()
    tree.scrollTo(index)
    rect = tree.visualRect(index)
    assert rect.isValid() and tree.viewport().rect().contains(rect.center())
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def select_code(qtbot: Any, window: MainWindow, code: str) -> None:
    """Click the row of ``code`` in the plan tree and wait for the editor to show it."""
    window.show_view("plan")
    tree = window.plan_view.tree
    click_row(qtbot, tree, find_row(tree, code))
    qtbot.waitUntil(lambda: window.detail_pane.fields.widget("code").text() == code)


class DialogAnswer:
    """Answers the next modal dialog with ``handler(dialog)`` while the code under test
    waits in ``exec()``; a failing handler closes the dialog and is re-raised by
    ``check()`` (so a test never hangs on an unanswered dialog)."""

    def __init__(self, handler: Callable[[QWidget], object], name: str = "") -> None:
        self._handler = handler
        self._name = name  # answer only the dialog with this objectName
        self.dialog_name = ""
        self.error: BaseException | None = None
        self.called = False
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or (self._name and dialog.objectName() != self._name):
            return
        self._timer.stop()
        self.called = True
        self.dialog_name = dialog.objectName()
        try:
            self._handler(dialog)
        except BaseException as error:
            self.error = error
            dialog.close()

    def check(self, qtbot: Any = None, window: QWidget | None = None) -> None:
        """Re-raise what went wrong; with ``window``, wait until it is active again (as
        after any dialog) so that its shortcuts work."""
        self._timer.stop()
        if self.error is not None:
            raise self.error
        assert self.called, "no dialog was shown"
        if qtbot is not None and window is not None:
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow)
