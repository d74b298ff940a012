"""Starting fast at any size: the window paints before it reads the plan (so the first
paint does not grow with the plan), no heavy library (matplotlib, openpyxl, networkx) is
loaded to show the plan, and hidden docks are built only when first shown.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QEvent, QObject

from poa_desktop.services.plan_service import PlanService
from poa_desktop.store.urls import url_for_path
from poa_desktop.ui.main_window import MainWindow
from ui_driver import Services, show_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class CountingPlans(PlanService):
    """The real service, counting what the window reads."""

    calls: list[str]

    def list_plans(self):  # type: ignore[no-untyped-def]
        self.calls.append("list_plans")
        return super().list_plans()

    def outline(self, plan_uuid: str):  # type: ignore[no-untyped-def]
        self.calls.append("outline")
        return super().outline(plan_uuid)


class FirstPaint(QObject):
    def __init__(self, plans: CountingPlans) -> None:
        super().__init__()
        self.plans = plans
        self.reads_at_first_paint: list[str] | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.reads_at_first_paint is None:
            self.reads_at_first_paint = list(self.plans.calls)
        return False


def test_the_window_paints_before_it_reads_the_plan(qtbot, database, app_settings) -> None:
    services = Services.over(database)
    plans = CountingPlans(database)
    plans.calls = []
    window = MainWindow(app_settings)
    window.attach(
        plans, services.registers, services.builder, services.editor,
        search=services.search, schedules=services.schedules, baselines=services.baselines,
        networks=services.networks, files=services.files,
    )  # fmt: skip
    assert plans.calls == []  # building the window reads nothing
    painted = FirstPaint(plans)
    window.installEventFilter(painted)
    show_window(qtbot, window)
    assert painted.reads_at_first_paint == []
    assert plans.calls[:2] == ["list_plans", "outline"]  # read right after
    assert window.plan is not None and window.plan_view.proxy.rowCount() == 8


def test_nothing_heavy_is_loaded_to_show_the_plan(db_path, tmp_path) -> None:
    script = textwrap.dedent(
        """
        import sys, time
        from PySide6.QtCore import QCoreApplication, QSettings
        from poa_desktop.app import build_main_window, create_application
        from poa_desktop.ui.settings import AppSettings

        app = create_application(["test"])
        settings = AppSettings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
        window, database = build_main_window(sys.argv[1], settings=settings)
        window.show()
        deadline = time.monotonic() + 30
        while not window.is_loaded and time.monotonic() < deadline:
            QCoreApplication.processEvents()
        while window.jobs.busy and time.monotonic() < deadline:  # the daily backup
            QCoreApplication.processEvents()
        heavy = [m for m in ("matplotlib", "openpyxl", "networkx") if m in sys.modules]
        print("loaded:", window.is_loaded, window.plan is not None)
        print("heavy:", ",".join(heavy) or "none")
        window.hide()
        database.dispose()
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, url_for_path(db_path), str(tmp_path / "s.ini")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "loaded: True True" in result.stdout
    assert "heavy: none" in result.stdout


def test_the_chart_reads_its_slack_once_networkx_has_loaded(qtbot, database, app_settings) -> None:
    services = Services.over(database)
    window = MainWindow(app_settings)
    window.attach(
        services.plans, services.registers, services.builder, services.editor,
        schedules=services.schedules, baselines=services.baselines,
    )  # fmt: skip
    show_window(qtbot, window)
    chart = window.chart
    # Networkx may already be loaded in this test process; either way the chart ends up
    # with the schedule, read off the GUI thread's critical path.
    qtbot.waitUntil(lambda: not chart.schedule_stale, timeout=15000)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=15000)
    uuid = services.item("II.2(iv)").uuid
    assert "Total slack" in chart.scene.tooltip(uuid)


def test_the_app_paints_its_frame_before_it_opens_the_database(db_path, tmp_path) -> None:
    """The app's own start (``run_gui``): the frame paints before SQLAlchemy, the
    database layer and the views are imported; then the plan is opened into the same
    window."""
    script = textwrap.dedent(
        """
        import sys, time
        from PySide6.QtCore import QCoreApplication, QEvent, QObject
        from poa_desktop.app import create_application, start_main_window

        LATER = ("sqlalchemy", "poa_desktop.store.database", "poa_desktop.store.models",
                 "poa_desktop.ui.plan_views", "poa_desktop.ui.window_layout")

        class FirstPaint(QObject):
            seen = None
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint and self.seen is None:
                    self.seen = [m for m in LATER if m in sys.modules]
                return False

        app = create_application(["test"])
        started = start_main_window(sys.argv[1], ask=False)
        window = started.window
        painted = FirstPaint()
        window.installEventFilter(painted)
        window.show()
        deadline = time.monotonic() + 30
        while not window.is_loaded and time.monotonic() < deadline:
            QCoreApplication.processEvents()
        print("at first paint:", ",".join(painted.seen or []) or "none")
        print("then:", window.is_loaded, window.plan.code if window.plan else None)
        print("now:", ",".join(m for m in LATER if m in sys.modules))
        window.close()
        started.dispose()
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, url_for_path(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "at first paint: none" in result.stdout
    assert "then: True ilo-ss-2011-19" in result.stdout
    assert "now: sqlalchemy,poa_desktop.store.database,poa_desktop.store.models" in result.stdout


def test_a_database_that_cannot_be_opened_is_explained_and_ends_the_app(tmp_path) -> None:
    """Bad input at start: the frame has painted, the database then fails to open. The
    user reads why in a box naming the place, and the app ends with status 2."""
    script = textwrap.dedent(
        """
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMessageBox
        from poa_desktop.app import create_application, start_main_window

        app = create_application(["test"])
        started = start_main_window(sys.argv[1], ask=False)

        def answer():
            box = app.activeModalWidget()
            if isinstance(box, QMessageBox):
                print("box:", box.objectName(), "|", box.text().replace("\\n", " "))
                box.accept()
            else:
                QTimer.singleShot(50, answer)

        QTimer.singleShot(50, answer)
        started.window.show()
        status = app.exec()
        started.dispose()
        print("status:", started.exit_status or status, "attached:", started.window.attached)
        """
    )
    folder = tmp_path / "plans"  # a folder where the database file should be
    folder.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", script, url_for_path(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"box: errorMessageBox | {folder} is a folder, not a database file." in result.stdout
    assert "status: 2 attached: False" in result.stdout
