"""How long the GUI thread is blocked by what a coordinator does in the window.

A zero-interval heartbeat timer ticks whenever the event loop is free; the longest gap
between two ticks while a step runs (including the timers, repaints and deferred work it
sets off) is how long the window could not answer the user. The scenario runs the real
main window on a database in a fresh process, so first-use imports (the network code on
the first network view) count as a user would feel them.

Each gap is measured twice: on the wall clock (what the user waits) and in the GUI
thread's own CPU time (``time.thread_time``), which holds on a machine busy with other
work. Run it as ``python -m poa_desktop.bench.gui_stalls DATABASE_URL``: it prints one
JSON object, {step name: [longest wall stall in ms, longest CPU stall in ms]}, then the
process's peak memory ({"peak_mb": …}): the window's own, every view shown once. (The peak
is Linux's ``VmHWM`` of this process: ``ru_maxrss`` of a process started by ``subprocess``
would count the parent's memory at the fork.)
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

#: Quiet time after each step, for debounced and deferred work to run (the search field
#: waits 150 ms after the last key, the schedule is computed after the first paint); the
#: next step also waits while the window's workers are busy (a lens being laid out), so
#: that what their answer costs the GUI thread counts in the step that asked for it.
SETTLE_MS = 300
#: How often a busy window is looked at again, and for how long at most.
POLL_MS = 50
BUSY_LIMIT_S = 60.0


def scenario(window: Any) -> list[tuple[str, Callable[[], object]]]:
    """The steps, in order: select, edit, undo and redo, search, and every view."""
    from poa_desktop.ui.window_views import VIEW_NAMES

    outline = window.outline
    activity = outline.activities[0]
    means = outline.means_of_action[len(outline.means_of_action) // 2]
    builder = window.builder
    titles = {"title": activity.title}
    renamed = {"title": activity.title + " (revised)"}
    start = {"start": means.start, "end": means.end}
    moved = {
        "start": means.start.replace(year=means.start.year + 1) if means.start else None,
        "end": means.end.replace(year=means.end.year + 1) if means.end else None,
    }
    search = window.filters.bar.search_field if window.filters.bar is not None else None
    steps: list[tuple[str, Callable[[], object]]] = [
        ("select an activity", lambda: window.select_item(activity.uuid, show=True)),
        ("select a means of action", lambda: window.select_item(means.uuid, show=True)),
        (
            "rename an activity",
            lambda: window.session.submit(builder.edit("item", activity.uuid, renamed, titles)),
        ),
        (
            "move a means of action a year",
            lambda: window.session.submit(builder.edit("item", means.uuid, moved, start)),
        ),
        ("undo", window.session.stack.undo),
        ("redo", window.session.stack.redo),
    ]
    if search is not None:
        steps += [
            ("type a search", lambda: search.setText("ISSA")),
            ("clear the search", lambda: search.setText("")),
        ]
    for name in (*VIEW_NAMES, "gantt", "plan"):
        steps.append((f"show the {name} view", lambda n=name: window.show_view(n)))
    return steps


class StallMeter:
    """Records the longest gap between heartbeat ticks for the step that is running."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.step = "start"
        self.worst: dict[str, float] = {}
        self.worst_cpu: dict[str, float] = {}
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._timer = QTimer()
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def begin(self, step: str) -> None:
        self._tick()
        self.step = step

    def _tick(self) -> None:
        now, now_cpu = time.perf_counter(), time.thread_time()
        gap, self._last = now - self._last, now
        cpu, self._last_cpu = now_cpu - self._last_cpu, now_cpu
        self.worst[self.step] = max(self.worst.get(self.step, 0.0), gap)
        self.worst_cpu[self.step] = max(self.worst_cpu.get(self.step, 0.0), cpu)


def measure(database_url: str) -> dict[str, tuple[float, float]]:
    """Open the window on ``database_url``, run the scenario, return each step's longest
    stall in ms: (wall clock, GUI-thread CPU)."""
    from PySide6.QtCore import QTimer

    from poa_desktop.app import build_main_window, create_application
    from poa_desktop.domain.collector import keep_what_lives, pause_while_starting

    app = create_application(["bench"])
    pause_while_starting()  # as the app's start does (``app.start_main_window``)
    window, database = build_main_window(database_url, ask=False, backups=False)
    window.loaded.connect(keep_what_lives)
    window.resize(1366, 768)
    meter = StallMeter()
    steps: list[tuple[str, Callable[[], object]]] = []
    failures: list[str] = []
    deadline = [0.0]

    def settle() -> None:
        deadline[0] = time.perf_counter() + BUSY_LIMIT_S
        QTimer.singleShot(SETTLE_MS, when_idle)

    def when_idle() -> None:
        if window.jobs.busy and time.perf_counter() < deadline[0]:
            QTimer.singleShot(POLL_MS, when_idle)
            return
        next_step()

    def next_step() -> None:
        if not window.is_loaded:  # the first load is a step of its own
            settle()
            return
        if not steps and meter.step == "open the window":
            steps.extend(scenario(window))
        if not steps:
            meter.begin("end")
            meter.stop()
            app.quit()
            return
        name, action = steps.pop(0)
        meter.begin(name)
        try:
            action()
        except Exception as error:  # a broken step ends the run, never hangs it
            failures.append(f"{name}: {error!r}")
            steps.clear()
        settle()

    meter.start()
    meter.begin("open the window")
    window.show()
    settle()
    app.exec()
    window.hide()
    window.jobs.shutdown()
    database.dispose()
    for name in ("start", "end"):
        meter.worst.pop(name, None)
    if failures:
        raise RuntimeError("; ".join(failures))
    return {
        step: (round(gap * 1000, 1), round(meter.worst_cpu[step] * 1000, 1))
        for step, gap in meter.worst.items()
    }


def main(argv: list[str]) -> int:
    """Print the stalls as one JSON line, then the process's peak memory as another."""
    from poa_desktop.bench.runner import peak_memory_mb

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(json.dumps(measure(argv[0])))
    print(json.dumps({"peak_mb": round(peak_memory_mb(), 1)}), flush=True)
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    os._exit(code)  # the figures are out: skip Qt's and Python's teardown
