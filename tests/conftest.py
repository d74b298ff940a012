"""Shared fixtures: every test gets its own database file, settings file and user folders.

Building the shipped plan takes a moment, so it is built once per session into a template
file, and each test gets a fresh copy of that file.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything imports Qt

import pytest

from poa_desktop.domain.records import PlanRef
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.setup import open_database
from poa_desktop.store.database import Database
from poa_desktop.store.urls import url_for_path


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep tests away from the real user's data, config and log folders."""
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        folder = tmp_path / "user" / name.lower()
        folder.mkdir(parents=True)
        monkeypatch.setenv(name, str(folder))
    monkeypatch.delenv("POA_DB_URL", raising=False)


@pytest.fixture(scope="session")
def shipped_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "shipped.sqlite"
    opened = open_database(url_for_path(path))
    opened.database.dispose()
    return path


@pytest.fixture
def db_path(tmp_path: Path, shipped_template: Path) -> Path:
    """A fresh database file holding the shipped plan."""
    path = tmp_path / "plan.sqlite"
    shutil.copyfile(shipped_template, path)
    return path


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    database = open_database(url_for_path(db_path)).database
    yield database
    database.dispose()


@pytest.fixture
def plan_service(database: Database) -> PlanService:
    return PlanService(database)


@pytest.fixture
def shipped_plan(plan_service: PlanService) -> PlanRef:
    return plan_service.find_plan()


@pytest.fixture
def app_settings(tmp_path: Path, qapp):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from poa_desktop.ui.settings import AppSettings

    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run the command line in-process: returns (exit status, stdout, stderr)."""
    from poa_desktop.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            status = main([str(arg) for arg in argv])
        except SystemExit as exit_:  # argparse's own errors and --version
            status = int(exit_.code or 0)
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


# --- the register views (test_ui_register*.py; the driver is register_driver.py) ----------


@pytest.fixture
def registers(database: Database):  # type: ignore[no-untyped-def]
    from poa_desktop.services.register_service import RegisterService

    return RegisterService(database)


@pytest.fixture
def undo_window(database: Database):  # type: ignore[no-untyped-def]
    """The window's part in miniature: an undo stack and views that re-read on change."""
    from poa_desktop.services.editing import PlanEditor
    from register_driver import Window

    window = Window(PlanEditor(database))
    yield window
    window.views.clear()  # the views are gone; a stack cleared later must not call them


@pytest.fixture
def open_view(qtbot, database, plan_service, shipped_plan, registers, undo_window, app_settings):  # type: ignore[no-untyped-def]
    """Open a register view on the shipped plan, shown and active, wired to ``undo_window``."""
    from poa_desktop.services.change_builder import ChangeBuilder
    from poa_desktop.ui.registers import CombinedReader

    reader = CombinedReader(registers, plan_service)
    builder = ChangeBuilder(database)

    def make(cls, settings=None):  # type: ignore[no-untyped-def]
        view = cls(reader, builder, undo_window.submit, settings or app_settings)
        qtbot.addWidget(view)
        view.resize(1280, 720)
        with qtbot.waitActive(view):
            view.show()
            view.activateWindow()
        view.set_plan(shipped_plan.uuid)
        undo_window.views.append(view)
        return view

    return make


@pytest.fixture
def measured(database: Database, registers, shipped_plan: PlanRef):  # type: ignore[no-untyped-def]
    """The shipped plan with two measurements of Convention No. 102 ratifications."""
    from datetime import date

    from poa_desktop.services.change_builder import ChangeBuilder
    from poa_desktop.services.editing import PlanEditor

    editor, builder = PlanEditor(database), ChangeBuilder(database)
    c102 = next(
        i for i in registers.indicators(shipped_plan.uuid) if i.code == "C102-RATIFICATIONS"
    )
    editor.apply(builder.new_measurement(c102.uuid, date(2013, 12, 31), 50, "count"))
    editor.apply(builder.new_measurement(c102.uuid, date(2015, 12, 31), 53, "count"))
    return c102
