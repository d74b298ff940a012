"""The window's first read of the plan runs on the worker, and a failed read there is
read again, and explained, on the GUI thread."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from poa_desktop.domain.errors import UserError
from ui_driver import Services, open_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Recording:
    """The real service, noting which thread called what (and failing once if asked)."""

    def __init__(self, service: Any, fail_first: str = "") -> None:
        self._service = service
        self._fail_first = fail_first
        self.calls: list[tuple[str, bool]] = []

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._service, name)
        if not callable(method):
            return method

        def call(*args: Any, **kwargs: Any) -> Any:
            on_gui = threading.current_thread() is threading.main_thread()
            self.calls.append((name, on_gui))
            if name == self._fail_first:
                self._fail_first = ""
                raise UserError("The database is busy; try again.")
            return method(*args, **kwargs)

        return call


@pytest.fixture
def services(database) -> Services:  # type: ignore[no-untyped-def]
    return Services.over(database)


def test_the_plan_is_first_read_on_the_worker(qtbot, services, app_settings) -> None:
    plans, registers = Recording(services.plans), Recording(services.registers)
    services.plans, services.registers = plans, registers  # type: ignore[assignment]
    window = open_window(qtbot, services, app_settings)
    assert window.outline is not None and window.outline.plan.code == "ilo-ss-2011-19"
    assert ("outline", False) in plans.calls and ("outline", True) not in plans.calls
    assert ("list_plans", True) not in plans.calls
    # The chart's dependencies and the filter bar's partners came with the first read.
    assert ("dependencies", True) not in registers.calls
    assert ("partners", True) not in registers.calls
    assert window.chart is not None
    dependencies = registers._service.dependencies(window.outline.plan.uuid)
    assert len(dependencies) == 21
    assert all(window.chart.scene.arrow(row.uuid) is not None for row in dependencies)


def test_a_first_read_that_fails_on_the_worker_is_read_again(qtbot, services, app_settings):
    plans = Recording(services.plans, fail_first="outline")
    services.plans = plans  # type: ignore[assignment]
    window = open_window(qtbot, services, app_settings)
    assert window.outline is not None and len(window.outline.activities) == 17
    assert [on_gui for name, on_gui in plans.calls if name == "outline"] == [False, True]
