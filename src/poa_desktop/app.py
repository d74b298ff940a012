"""Composition root: builds the database, the services and the window, and wires them.

Nothing else in the app constructs a service or reaches for a global: what a widget needs
is passed to it here.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from poa_desktop import __version__
from poa_desktop.config import APP_NAME

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from poa_desktop.store.database import Database
    from poa_desktop.ui.main_window import MainWindow


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

    app = QApplication.instance() or QApplication(argv or [APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app  # type: ignore[return-value]


def build_main_window(database_url: str) -> tuple[MainWindow, Database]:
    """Open the database and build the window on it (the app's whole object graph)."""
    from PySide6.QtCore import QSettings

    from poa_desktop.services.change_builder import ChangeBuilder
    from poa_desktop.services.editing import PlanEditor
    from poa_desktop.services.plan_service import PlanService
    from poa_desktop.services.register_service import RegisterService
    from poa_desktop.services.search_service import SearchService
    from poa_desktop.services.setup import open_database
    from poa_desktop.ui.main_window import MainWindow
    from poa_desktop.ui.settings import AppSettings

    opened = open_database(database_url)
    settings = AppSettings(QSettings(APP_NAME, APP_NAME))
    database = opened.database
    window = MainWindow(
        PlanService(database),
        RegisterService(database),
        ChangeBuilder(database),
        PlanEditor(database),
        settings,
        search=SearchService(database),
    )
    return window, database


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
    from poa_desktop.ui.errors import install_exception_hook, show_error

    install_exception_hook()
    from poa_desktop.domain.errors import UserError

    try:
        window, database = build_main_window(database_url)
    except UserError as error:
        show_error(None, app.translate("app", "Cannot open the plan"), str(error))
        return 2
    window.show()
    try:
        return app.exec()
    finally:
        database.dispose()
