"""Composition root: builds the database, the services and the window, and wires them.

Nothing else in the app constructs a service or reaches for a global: what a widget needs
is passed to it here. ``AppFiles`` and ``AppBackups`` are the window's File menu seen from
the services' side: plain calls a worker thread can make (each opens its own session).

Starting is fast at any size: only what the first paint needs is imported and built; the
plan is read right after the first paint, and matplotlib, openpyxl and networkx load only
when a figure, a workbook, a network or the schedule is first asked for.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poa_desktop import __version__
from poa_desktop.config import APP_NAME

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from poa_desktop.domain.records import PlanOutline
    from poa_desktop.services.backups import BackupInfo, BackupService
    from poa_desktop.services.baseline_service import BaselineService
    from poa_desktop.services.change_builder import ChangeBuilder
    from poa_desktop.services.editing import PlanEditor
    from poa_desktop.services.network_service import NetworkService
    from poa_desktop.services.plan_service import PlanService
    from poa_desktop.services.register_service import RegisterService
    from poa_desktop.services.schedule_service import ScheduleService
    from poa_desktop.services.search_service import SearchService
    from poa_desktop.services.setup import OpenedDatabase
    from poa_desktop.store.database import Database
    from poa_desktop.ui.main_window import MainWindow
    from poa_desktop.ui.settings import AppSettings

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


def display_problem(environ: os._Environ[str] | dict[str, str] = os.environ) -> str | None:
    """Why no window can be shown here, or None when one can."""
    if environ.get("QT_QPA_PLATFORM"):
        return None
    if sys.platform.startswith("linux") and not (
        environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")
    ):
        return "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    return None


def create_application(argv: list[str] | None = None) -> QApplication:
    from PySide6.QtWidgets import QApplication

    from poa_desktop.ui.import_check import check_imports_cheaply

    check_imports_cheaply()  # every later import pays less to PySide6's import hook
    app = QApplication.instance() or QApplication(argv or [APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app  # type: ignore[return-value]


@dataclass
class Services:
    """Every service of the app over one database."""

    plans: PlanService
    registers: RegisterService
    builder: ChangeBuilder
    editor: PlanEditor
    search: SearchService
    schedules: ScheduleService
    baselines: BaselineService
    networks: NetworkService


class LazyNetworks:
    """``NetworkService``, built (and its graph code imported) when first asked: the
    network view is built only when first shown."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._service: NetworkService | None = None

    def _get(self) -> NetworkService:
        if self._service is None:
            from poa_desktop.services.network_service import NetworkService

            self._service = NetworkService(self._database)
        return self._service

    def snapshot(self, plan_uuid: str, *, top: int = 12, check: Any = None) -> Any:
        return self._get().snapshot(plan_uuid, top=top, check=check)

    def network(self, plan_uuid: str, lens: str) -> Any:
        return self._get().network(plan_uuid, lens)


def build_services(database: Database) -> Services:
    from poa_desktop.services.baseline_service import BaselineService
    from poa_desktop.services.change_builder import ChangeBuilder
    from poa_desktop.services.editing import PlanEditor
    from poa_desktop.services.plan_service import PlanService
    from poa_desktop.services.register_service import RegisterService
    from poa_desktop.services.schedule_service import ScheduleService
    from poa_desktop.services.search_service import SearchService

    return Services(
        PlanService(database),
        RegisterService(database),
        ChangeBuilder(database),
        PlanEditor(database),
        SearchService(database),
        ScheduleService(database),
        BaselineService(database),
        LazyNetworks(database),  # type: ignore[arg-type]
    )


class AppFiles:
    """The File menu's exports and imports over the services (``ui.service_protocols.
    FileServices``). Heavy libraries are imported by the calls that need them."""

    def __init__(self, services: Services) -> None:
        self._s = services

    def export_plan_json(self, plan_uuid: str, path: Path) -> Path:
        from poa_desktop.services.files import dump_json, write_atomic

        write_atomic(path, dump_json(self._s.plans.document(plan_uuid)))
        return path

    def read_plan_json(self, path: Path) -> Mapping[str, Any]:
        from poa_desktop.domain.document import parse_document
        from poa_desktop.services.files import read_json

        return parse_document(read_json(path))

    def draw_gantt(self, outline: PlanOutline, path: Path, paper: str, today: date) -> Path:
        from poa_desktop.services.gantt_figure import draw_gantt

        return draw_gantt(outline, path, paper=paper, today=today)

    def export_review_pack(
        self,
        plan_uuid: str,
        path: Path,
        baseline_name: str | None,
        progress: Progress,
        cancelled: CancelCheck,
    ) -> Path:
        from poa_desktop.services.review_pack import export_review_pack

        s = self._s
        return export_review_pack(
            s.plans,
            s.registers,
            s.baselines,
            plan_uuid,
            path,
            baseline_name=baseline_name,
            progress=progress,
            cancelled=cancelled,
        )

    def preview_review_pack(
        self, plan_uuid: str, path: Path, progress: Progress, cancelled: CancelCheck
    ) -> Any:
        from poa_desktop.services.review_pack import import_review_pack

        s = self._s
        return import_review_pack(
            s.plans,
            s.builder,
            s.editor,
            plan_uuid,
            path,
            dry_run=True,
            progress=progress,
            cancelled=cancelled,
        )

    def draw_network(
        self, plan_uuid: str, lens: str, path: Path, paper: str, pinned: Mapping[str, Any]
    ) -> Path:
        from poa_desktop.domain.network import PARTNERS
        from poa_desktop.services.network_export import render_network

        network = self._s.networks.network(plan_uuid, lens)
        plan = self._s.plans.find_plan(plan_uuid)
        words = "Partners and MOUs" if lens == PARTNERS else "Output dependencies"
        return render_network(
            network.graph, lens, path, paper, pinned=pinned, title=f"{words} — {plan.title}"
        )

    def write_network(self, plan_uuid: str, lens: str, path: Path) -> Path:
        from poa_desktop.services.network_export import write_graph

        return write_graph(self._s.networks.network(plan_uuid, lens).graph, path)


class AppBackups:
    """Backups of the open database file, and restoring one into it (``ui.
    service_protocols.BackupControl``)."""

    def __init__(self, database: Database, url: str, service: BackupService) -> None:
        self._database = database
        self._url = url
        self._service = service

    @property
    def folder(self) -> Path:
        return self._service.folder

    @property
    def keep(self) -> int:
        return self._service.keep

    @keep.setter
    def keep(self, value: int) -> None:
        self._service.keep = value

    def back_up(self, reason: str = "manual") -> BackupInfo:
        return self._service.back_up(reason)

    def back_up_if_due(self, reason: str = "daily") -> BackupInfo | None:
        return self._service.back_up_if_due(reason)

    def backups(self) -> list[BackupInfo]:
        return self._service.backups()

    def restore(self, backup: Path) -> Path:
        """Close every connection, restore (the current file kept aside), and open the
        restored file once to check it and bring its schema up to date; the services'
        database reconnects on its next use."""
        from poa_desktop.services.setup import open_database

        self._database.dispose()
        aside = self._service.restore(backup)
        open_database(self._url, seed=False).database.dispose()
        self._database.dispose()
        return aside


def backups_for(database: Database, url: str, keep: int) -> AppBackups | None:
    """Backups of an embedded SQLite file (None for a server database)."""
    from poa_desktop.services.backups import BackupService
    from poa_desktop.store.urls import sqlite_file

    path = sqlite_file(url)
    if path is None:
        return None
    return AppBackups(database, url, BackupService(path, keep=keep))


def window_settings() -> AppSettings:
    from PySide6.QtCore import QSettings

    from poa_desktop.ui.settings import AppSettings

    return AppSettings(QSettings(APP_NAME, APP_NAME))


def open_with_recovery(url: str, *, ask: bool = True) -> OpenedDatabase:
    """Open the database; a damaged one is explained and, if the user agrees, replaced by
    its newest good backup or by a new database. A database from a newer app is refused
    with a clear message. Raises UserError when the user gives up."""
    from poa_desktop.domain.errors import DamagedDatabaseError, DatabaseVersionError
    from poa_desktop.services.setup import open_database

    try:
        return open_database(url)
    except DamagedDatabaseError as error:
        if not ask:
            raise
        from poa_desktop.ui.startup_dialogs import ask_damaged

        choice = ask_damaged(error)
        if choice == "restore" and error.backup is not None:
            from poa_desktop.services.backups import BackupService
            from poa_desktop.store.urls import sqlite_file

            path = sqlite_file(url)
            assert path is not None  # only a file can be damaged this way
            BackupService(path).restore(Path(str(error.backup)))
            return open_database(url)
        if choice == "new":
            return open_database(url)  # the damaged file was moved aside
        raise
    except DatabaseVersionError as error:
        if ask:
            from poa_desktop.ui.startup_dialogs import refuse_newer

            refuse_newer(error)
        raise


def build_main_window(
    database_url: str,
    *,
    settings: AppSettings | None = None,
    ask: bool = True,
    backups: bool = True,
) -> tuple[MainWindow, Database]:
    """Open the database and build the window on it (the app's whole object graph).
    Without ``backups`` (a screenshot) the window takes none and offers none."""
    opened = open_with_recovery(database_url, ask=ask)
    window = _window_frame(settings if settings is not None else window_settings())
    attach_services(window, opened, database_url, backups=backups)
    return window, opened.database


def _window_frame(settings: AppSettings) -> MainWindow:
    """The window's frame, in the user's palette (it imports none of the views)."""
    from PySide6.QtWidgets import QApplication

    from poa_desktop.ui.appearance import Appearance
    from poa_desktop.ui.main_window import MainWindow

    appearance = Appearance(QApplication.instance(), settings)  # type: ignore[arg-type]
    appearance.apply()
    return MainWindow(settings, appearance=appearance)


def attach_services(
    window: MainWindow, opened: OpenedDatabase, database_url: str, *, backups: bool = True
) -> None:
    """Build the services on the opened database and the window's views over them."""
    database = opened.database
    services = build_services(database)
    window.attach(
        services.plans,
        services.registers,
        services.builder,
        services.editor,
        search=services.search,
        schedules=services.schedules,
        baselines=services.baselines,
        networks=services.networks,
        files=AppFiles(services),
        backups=(
            backups_for(database, database_url, window.settings.backup_keep) if backups else None
        ),
    )
    if opened.warning:
        window.set_storage_warning(opened.warning)


class StartedWindow:
    """The window of a start (``start_main_window``): its database once opened, and the
    exit status when opening failed."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.database: Database | None = None
        self.exit_status = 0

    def fail(self, status: int) -> None:
        from PySide6.QtWidgets import QApplication

        self.exit_status = status
        self.window.close()
        QApplication.exit(status)

    def dispose(self) -> None:
        if self.database is not None:
            self.database.dispose()


def start_main_window(database_url: str, *, ask: bool = True) -> StartedWindow:
    """The app's start: the window's frame first (it paints before the database, the
    models and the views are imported), then, right after its first paint, the database
    opened and the views built. A database that cannot be opened is explained in a dialog
    and ends the app with status 2."""
    from poa_desktop.domain.collector import keep_what_lives, pause_while_starting

    pause_while_starting()  # until the plan is shown: a full scan froze the window
    window = _window_frame(window_settings())
    window.loaded.connect(keep_what_lives)
    started = StartedWindow(window)

    def open_and_attach() -> None:
        from poa_desktop.domain.errors import DamagedDatabaseError, DatabaseVersionError, UserError

        try:
            opened = open_with_recovery(database_url, ask=ask)
        except (DamagedDatabaseError, DatabaseVersionError):
            started.fail(2)  # already explained in a dialog
            return
        except UserError as error:
            from poa_desktop.ui.errors import show_error

            show_error(window, window.tr("Cannot open the plan"), str(error))
            started.fail(2)
            return
        started.database = opened.database
        attach_services(window, opened, database_url)

    window.when_first_painted(open_and_attach)
    return started


def run_gui(database_url: str) -> int:
    problem = display_problem()
    if problem is not None:
        print(
            f"{APP_NAME}: {problem}; the window cannot open here. The headless commands "
            f"work without one: {APP_NAME} summary, check, export json OUT "
            f"(see {APP_NAME} --help).",
            file=sys.stderr,
        )
        return 2
    app = create_application(sys.argv[:1])
    from poa_desktop.ui.errors import install_exception_hook

    install_exception_hook()
    started = start_main_window(database_url)
    started.window.show()
    try:
        status = app.exec()
    finally:
        started.dispose()
    return started.exit_status or status
