"""While a job runs on the worker, the interpreter hands over between threads often, so
the window's Python code waits little for a busy worker; the default comes back after."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget

from poa_desktop.ui.workers import JOB_SWITCH_INTERVAL_S, JobRunner


def test_a_job_runs_with_short_handovers_and_the_default_comes_back(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    errors: list[str] = []
    runner = JobRunner(parent, errors.append, lambda _message: None)
    default = sys.getswitchinterval()
    assert default != JOB_SWITCH_INTERVAL_S
    seen: list[float] = []
    done: list[object] = []
    runner.run("Measuring", lambda _job: seen.append(sys.getswitchinterval()), done.append,
               quiet=True)  # fmt: skip
    qtbot.waitUntil(lambda: bool(done) and not runner.busy)
    assert seen == [JOB_SWITCH_INTERVAL_S]
    assert sys.getswitchinterval() == default
    assert errors == []

    def failing(_job: object) -> None:
        raise ValueError("a defect in the work")

    runner.run("Failing", failing)
    qtbot.waitUntil(lambda: bool(errors))  # the defect told in plain words
    assert sys.getswitchinterval() == default  # restored however the work ends
    runner.shutdown()
