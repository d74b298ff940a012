"""The measurements of ``poa-desktop bench``, each beside its floor.

Each measure is a function ``(context, rounds) -> Measure``; ``all_measures()`` lists them
in the order they run and ``rounds_for`` says how many rounds each gets. Heavy modules are
imported inside the measures that need them. The runner runs each module's measures in a
fresh process on the prepared database, except those marked ``own_process``, which start
processes of their own (the app, a bare window) and run from the bench's process.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from poa_desktop.bench.runner import (
    MEMORY_BUDGET_MB,
    Measure,
    floor_rounds,
    timed,
    timed_side_by_side,
)
from poa_desktop.store.database import Database
from poa_desktop.store.urls import url_for_path

#: Rounds a measure gets at most: the slow ones whose spread is small take the fewest
#: that still give a median with a min and a max; the window's memory and the modules
#: loaded at start are one observation each. Others take the rounds asked for (5).
MAX_ROUNDS = {
    "export_pack": 3,
    "import_pack": 3,
    "json_export": 3,
    "json_import": 3,
    "first_painted_window": 3,
    "shipped_plan_interactive": 3,
    "gui_thread_stalls": 3,
    "window_memory": 1,
    "nothing_heavy_at_start": 1,
}

Function = Callable[["Context", int], Measure]


def rounds_for(function: Function, rounds: int) -> int:
    return max(1, min(rounds, MAX_ROUNDS.get(function.__name__, rounds)))


def own_process(function: Function) -> Function:
    """Mark a measure that starts processes of its own: the runner runs it itself."""
    function.own_process = True  # type: ignore[attr-defined]
    return function


@dataclass
class Context:
    folder: Path
    size: str
    path: Path
    database: Database
    plan_uuid: str
    _document: dict[str, Any] | None = None

    @property
    def document(self) -> dict[str, Any]:
        """The portfolio's document (made again from its seed when it was let go)."""
        if self._document is None:
            from poa_desktop.bench.portfolio import portfolio

            self._document = portfolio(self.size)
        return self._document

    def drop_document(self) -> None:
        self._document = None

    def describe(self) -> str:
        d = self.document
        return (
            f"{len(d['activities']):,} activities, {len(d['means_of_action']):,} means of action, "
            f"{len(d['dependencies']):,} dependencies, {len(d['partners']):,} partners, "
            f"{len(d['mous']):,} MOUs"
        )

    def close(self) -> None:
        self.database.dispose()


def prepare(folder: Path, size: str) -> Context:
    from poa_desktop.bench.portfolio import portfolio
    from poa_desktop.services.plan_import import import_document
    from poa_desktop.services.setup import open_database

    path = folder / f"portfolio-{size}.sqlite"
    document = portfolio(size)
    database = open_database(url_for_path(path), seed=False).database
    plan = import_document(database, document)
    return Context(folder, size, path, database, plan.uuid, document)


def _raw_tables(path: Path) -> None:
    """Floor: the rows the view models need, read with plain sqlite3."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("SELECT * FROM item").fetchall()
        connection.execute("SELECT * FROM component").fetchall()
        connection.execute("SELECT * FROM output_means").fetchall()
    finally:
        connection.close()


def load_view_models(context: Context, rounds: int) -> Measure:
    from PySide6.QtWidgets import QApplication

    from poa_desktop.services.plan_service import PlanService
    from poa_desktop.ui.plan_tree_model import PlanTreeModel

    QApplication.instance() or QApplication(["bench"])
    service = PlanService(context.database)
    model = PlanTreeModel()

    def work() -> None:
        model.set_outline(service.outline(context.plan_uuid))

    ours, floors = timed_side_by_side(work, lambda: _raw_tables(context.path), rounds)
    return Measure(
        "load the plan into the view models",
        ours,
        "plain sqlite3 read of the same tables",
        floors,
        budget="ratio<=4",
    )


def reschedule_after_edit(context: Context, rounds: int) -> Measure:
    import networkx as nx

    from poa_desktop.services.change_builder import ChangeBuilder
    from poa_desktop.services.editing import PlanEditor
    from poa_desktop.services.plan_service import PlanService
    from poa_desktop.services.schedule_service import ScheduleService

    builder, editor = ChangeBuilder(context.database), PlanEditor(context.database)
    schedules = ScheduleService(context.database)
    rows = PlanService(context.database).outline(context.plan_uuid).means_of_action
    row = rows[len(rows) // 2]
    dates = {"start": row.start, "end": row.end}
    step = [timedelta(days=1)]

    def work() -> None:
        """Move one means of action by a day (alternately forward and back), reschedule."""
        moved = {name: value + step[0] for name, value in dates.items()}
        editor.apply(builder.edit("item", row.uuid, moved, seen=dates))
        dates.update(moved)
        step[0] = -step[0]
        schedules.schedule(context.plan_uuid)

    graph = nx.DiGraph((d["from"], d["to"]) for d in context.document["dependencies"])
    return Measure(
        "edit one item and reschedule the plan",
        timed(work, rounds),
        "networkx topological pass over the same graph",
        timed(lambda: list(nx.topological_sort(graph)), floor_rounds(rounds)),
        budget="ms<=100",
    )


def json_export(context: Context, rounds: int) -> Measure:
    from poa_desktop.services.files import dump_json
    from poa_desktop.services.plan_export import export_document

    target = context.folder / "export.json"
    return Measure(
        "export the plan as JSON",
        timed(
            lambda: target.write_text(
                dump_json(export_document(context.database, context.plan_uuid))
            ),
            rounds,
        ),
        "plain sqlite3 read of the item table",
        timed(lambda: _raw_tables(context.path), floor_rounds(rounds)),
    )


def json_import(context: Context, rounds: int) -> Measure:
    from poa_desktop.services.plan_import import import_document
    from poa_desktop.services.setup import open_database

    counter = [0]
    document = context.document  # made beforehand, as a file is read before an import

    def work() -> None:
        counter[0] += 1
        opened = open_database(
            url_for_path(context.folder / f"import-{counter[0]}.sqlite"), seed=False
        )
        import_document(opened.database, document)
        opened.database.dispose()

    return Measure("import the plan from JSON into an empty database", timed(work, rounds))


WINDOW_SCRIPT = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
{imports}
class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
{build}
painted = Painted()
window.installEventFilter(painted)
window.show()
app.exec()
"""
FLOOR_IMPORTS = "from PySide6.QtWidgets import QApplication, QMainWindow\nimport sqlalchemy"
FLOOR_BUILD = "app = QApplication(['floor'])\nwindow = QMainWindow()\nwindow.resize(1280, 800)"
APP_IMPORTS = "from poa_desktop.app import create_application, start_main_window"
#: The app's own start (``run_gui``): the frame paints, then the database opens.
APP_BUILD = "app = create_application(['bench'])\nwindow = start_main_window(sys.argv[1]).window"
#: Until the plan is in every view: the window's ``loaded``, then its next paint.
SHOWN_SCRIPT = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from poa_desktop.app import create_application, start_main_window
class Shown(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and window.is_loaded:
            print("painted", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
app = create_application(['bench'])
window = start_main_window(sys.argv[1]).window
shown = Shown()
window.installEventFilter(shown)
window.loaded.connect(window.update)
window.show()
app.exec()
"""


def _environment() -> dict[str, str]:
    import os

    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _first_paint(script: str, argument: str) -> float:
    """Seconds from starting ``script`` to its window's first paint. The process is
    stopped once it has painted: what it does next (reading the plan, quitting) is not
    this measure's, and waiting for it would only lengthen the run."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", script, argument],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # the offscreen platform's notices, not ours
        text=True,
        env=_environment(),
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.kill()
    process.communicate(timeout=120)
    if line.strip() != "painted":
        raise RuntimeError("the window did not paint")
    return elapsed


def _paints(app_script: str, floor_script: str, argument: str, rounds: int) -> tuple[list, list]:
    """Rounds of the app's start and of the floor's, alternating (both see the same load)."""
    ours: list[float] = []
    floors: list[float] = []
    for _ in range(rounds):
        ours.append(_first_paint(app_script, argument))
        if floor_script:
            floors.append(_first_paint(floor_script, argument))
    return ours, floors


@own_process
def first_painted_window(context: Context, rounds: int) -> Measure:
    app_script = WINDOW_SCRIPT.format(imports=APP_IMPORTS, build=APP_BUILD)
    floor_script = WINDOW_SCRIPT.format(imports=FLOOR_IMPORTS, build=FLOOR_BUILD)
    ours, floors = _paints(app_script, floor_script, url_for_path(context.path), rounds)
    return Measure(
        f"start to first painted main window ({context.size})",
        ours,
        "bare Python, an empty Qt window, SQLAlchemy imported",
        floors,
        budget="ratio<=1.2",
    )


def _shipped(context: Context) -> Path:
    """A database holding the shipped plan, made once per run (copies serve the measures
    that edit it)."""
    from poa_desktop.services.setup import open_database

    shipped = context.folder / "shipped.sqlite"
    if not shipped.exists():
        open_database(url_for_path(shipped)).database.dispose()
    return shipped


#: A start that runs to its end: the window closes as the user's does, saving its layout.
USED_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from poa_desktop.app import create_application, start_main_window
app = create_application(['bench'])
started = start_main_window(sys.argv[1])
started.window.loaded.connect(lambda: QTimer.singleShot(0, started.window.close))
started.window.show()
app.exec()
started.dispose()
"""


@own_process
def shipped_plan_interactive(context: Context, rounds: int) -> Measure:
    """A warm start: the app has been used once (its window layout saved, as after any
    day's work) and the files are in the system's cache."""
    url = url_for_path(_shipped(context))
    subprocess.run([sys.executable, "-c", USED_SCRIPT, url], env=_environment(),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   timeout=120)  # fmt: skip
    ours, _ = _paints(SHOWN_SCRIPT, "", url, rounds)
    return Measure("start to the shipped plan shown (warm)", ours, budget="ms<=1500")


def _window_scenario(path: Path, timeout: float) -> tuple[dict[str, list[float]], float]:
    """Run ``gui_stalls`` on the database at ``path`` in a child: its steps' stalls
    ({step: [wall ms, CPU ms]}) and the child's peak memory in MB."""
    import json

    result = subprocess.run(
        [sys.executable, "-m", "poa_desktop.bench.gui_stalls", url_for_path(path)],
        capture_output=True, text=True, env=_environment(), check=False, timeout=timeout,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"the window scenario failed: {result.stderr.strip()[-500:]}")
    *_, steps, peak = result.stdout.strip().splitlines()
    return json.loads(steps), float(json.loads(peak)["peak_mb"])


@own_process
def gui_thread_stalls(context: Context, rounds: int) -> Measure:
    """The longest time the window cannot answer while a coordinator works on the shipped
    plan (select, edit, undo, search, every view): see ``gui_stalls``. Each round runs on
    a fresh copy of the shipped plan (the scenario edits it)."""
    from poa_desktop.store.sqlite_files import copy_database

    shipped = _shipped(context)
    worst: list[float] = []
    notes = []
    peaks = []
    for index in range(rounds):
        copy = copy_database(shipped, context.folder / f"stalls-{index}.sqlite")
        steps, peak = _window_scenario(copy, timeout=300)
        step, (wall, cpu) = max(steps.items(), key=lambda item: item[1][0])
        worst.append(wall / 1000)
        peaks.append(peak)
        notes.append(f"{step}: {wall:.0f} ms wall, {cpu:.0f} ms GUI-thread CPU")
    return Measure(
        "longest GUI-thread stall, shipped plan",
        worst,
        budget="ms<=100",
        note="; ".join(notes),
        peak_mb=max(peaks),
    )


@own_process
def window_memory(context: Context, rounds: int) -> Measure:
    """The window's own peak memory on the portfolio, every view shown once: the app's
    peak, measured in the app's process (on a copy: the scenario edits)."""
    from poa_desktop.store.sqlite_files import copy_database

    copy = copy_database(context.path, context.folder / "memory.sqlite")
    scenarios = []
    peaks = []
    for _ in range(rounds):
        started = time.perf_counter()
        _steps, peak = _window_scenario(copy, timeout=600)
        scenarios.append(time.perf_counter() - started)
        peaks.append(peak)
    peak = max(peaks)
    return Measure(
        f"peak memory of the window ({context.size}), every view shown",
        scenarios,
        budget=f"mb<={MEMORY_BUDGET_MB}",
        note=(
            f"{peak:.0f} MB (budget {MEMORY_BUDGET_MB} MB): the app's process's peak resident "
            "memory (VmHWM) through the whole scenario; the time is the scenario's"
        ),
        peak_mb=peak,
    )


@own_process
def nothing_heavy_at_start(context: Context, rounds: int) -> Measure:
    script = (
        "import sys\nfrom poa_desktop.app import build_main_window, create_application\n"
        "app = create_application(['bench'])\nwindow, database = build_main_window(sys.argv[1])\n"
        "window.show(); app.processEvents()\n"
        "heavy = ('matplotlib', 'openpyxl', 'networkx')\n"
        "print(','.join(m for m in heavy if m in sys.modules), flush=True)\n"
        "import os\nos._exit(0)"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", script, url_for_path(context.path)],
        capture_output=True, text=True, env=_environment(), check=False, timeout=120,
    )  # fmt: skip
    loaded = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    return Measure(
        "heavy modules loaded at start",
        [time.perf_counter() - started],
        note=f"loaded: {loaded or 'none'}",
        budget="",
    )


def all_measures() -> list[Function]:
    """Every measure in the order it runs; the Gantt, network and review-pack measures live
    in their own modules (imported here, not at the top, because they import this one)."""
    from poa_desktop.bench import measures_gantt, measures_network, measures_pack

    return [
        load_view_models,
        reschedule_after_edit,
        *measures_gantt.MEASURES,
        *measures_network.MEASURES,
        *measures_pack.MEASURES,
        json_export,
        json_import,
        first_painted_window,
        shipped_plan_interactive,
        gui_thread_stalls,
        window_memory,
        nothing_heavy_at_start,
    ]
