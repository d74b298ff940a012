"""``poa-desktop bench``: measure the app on a synthetic portfolio, beside floors.

Every figure is the median of several rounds (with min and max) and is shown beside a
floor measured in the same run (the same work done the plainest way: raw ``sqlite3``, a
bare Qt window, networkx's own topological pass…), so a ratio holds on a noisy machine.
Budgets from the benchmark issue are checked on the ratios or on absolute times.

Memory: the bench builds the portfolio once, then runs each area's measures (the view
models, the Gantt chart, the network lenses, the review pack, JSON) in a fresh process of
its own, as an app would hold one area's objects rather than every area's at once; the
measures that start the app themselves run it in processes of their own too. A measure's
``peak_mb`` is the peak resident memory (``VmHWM``, reset just before the measure) of the
process that did its work, which includes that process's Python, Qt and SQLAlchemy and
whatever the area keeps between its measures. The run's peak is the highest of these, and
the window's own peak on the portfolio with every view shown is a measure of its own.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

#: The memory budget of the benchmark issue: the app's peak resident memory, in MB.
MEMORY_BUDGET_MB = 500
#: How a child process reports a finished measure on its standard output.
MARK = "@measure "


@dataclass
class Measure:
    name: str
    rounds: list[float]
    floor_name: str = ""
    floor_rounds: list[float] = field(default_factory=list)
    budget: str = ""  # e.g. "ratio<=4", "ms<=100" or "mb<=500" (on peak_mb)
    note: str = ""
    #: Peak resident memory (MB) of the process that did the work, while it did it
    #: (None: not measured, e.g. a bare-window start).
    peak_mb: float | None = None
    #: Wall and CPU seconds the whole measure took: rounds, floors, set-up and any
    #: processes it started (their CPU counts once they have ended).
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    #: The machine's pace just before the measure (``machine_pace_ms``).
    pace_ms: float | None = None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.rounds) * 1000

    @property
    def floor_ms(self) -> float | None:
        return statistics.median(self.floor_rounds) * 1000 if self.floor_rounds else None

    @property
    def ratio(self) -> float | None:
        floor = self.floor_ms
        return self.median_ms / floor if floor else None

    @property
    def holds(self) -> bool | None:
        if not self.budget:
            return None
        kind, limit = self.budget.split("<=")
        value = {"ratio": self.ratio, "mb": self.peak_mb}.get(kind, self.median_ms)
        return value is not None and value <= float(limit)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            median_ms=round(self.median_ms, 2),
            min_ms=round(min(self.rounds) * 1000, 2),
            max_ms=round(max(self.rounds) * 1000, 2),
            rounds=len(self.rounds),
            floor_ms=round(self.floor_ms, 2) if self.floor_ms is not None else None,
            floor_count=len(self.floor_rounds),
            ratio=round(self.ratio, 2) if self.ratio is not None else None,
            holds=self.holds,
            seconds=round(self.seconds, 2),
            cpu_seconds=round(self.cpu_seconds, 2),
        )
        data.pop("floor_rounds")
        return data


def settle() -> None:
    """Before a measure's rounds: what its set-up built (modules, rows, models) is kept out
    of the cyclic collector's later scans (``gc.freeze``), as the app keeps what its start
    built (``collector.keep_what_lives``). Without it, a full scan in a round walked every
    module's objects too, which the app's scans never do (90-150 ms against 40 here).
    ``release`` thaws them after the measure. Once per measure: what a round made and
    dropped must stay collectable (a scene kept frozen would never be freed)."""
    if gc.get_freeze_count():
        return
    gc.collect()
    gc.freeze()


def timed(work: Callable[[], Any], rounds: int) -> list[float]:
    settle()
    results = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        results.append(time.perf_counter() - started)
    return results


def timed_side_by_side(
    work: Callable[[], Any], floor: Callable[[], Any], rounds: int
) -> tuple[list[float], list[float]]:
    """Rounds of ``work`` and of its ``floor``, alternating: this machine's speed changes
    by half from one minute to the next, and a ratio of two blocks timed minutes apart
    measured the machine, not the code."""
    ours: list[float] = []
    floors: list[float] = []
    for _ in range(rounds):
        ours.extend(timed(work, 1))  # ``timed`` settles once a measure (``settle``)
        floors.extend(timed(floor, 1))
    return ours, floors


def floor_rounds(rounds: int) -> int:
    """Rounds of a floor: a floor is plain work with a small spread, three give its median."""
    return max(1, min(rounds, 3))


@dataclass
class Report:
    size: str
    measures: list[Measure] = field(default_factory=list)
    peak_memory_mb: float = 0.0
    setup_seconds: float = 0.0
    setup_peak_mb: float = 0.0
    total_seconds: float = 0.0

    @property
    def other_seconds(self) -> float:
        return self.total_seconds - self.setup_seconds - sum(m.seconds for m in self.measures)

    def add(self, measure: Measure) -> None:
        self.measures.append(measure)
        print(_line(measure), flush=True)
        if measure.note:
            print(f"    {measure.note}", flush=True)

    def as_dict(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "python": sys.version.split()[0],
            "setup_seconds": round(self.setup_seconds, 2),
            "total_seconds": round(self.total_seconds, 2),
            # starting the children and what no measure counts (total - set-up - measures)
            "other_seconds": round(self.other_seconds, 2),
            "peak_memory_mb": round(self.peak_memory_mb, 1),
            "memory_budget_mb": MEMORY_BUDGET_MB,
            "memory_note": MEMORY_NOTE,
            "setup_peak_mb": round(self.setup_peak_mb, 1),
            "measures": [measure.as_dict() for measure in self.measures],
        }


MEMORY_NOTE = (
    "peak resident memory (VmHWM, reset before each measure) of the process that did each "
    "measure's work: each area runs in a fresh process, the window in the app's own; the "
    "run's peak is the highest of them. The bench's own process (portfolio generation and "
    "import) is reported apart as setup_peak_mb."
)


def _line(measure: Measure) -> str:
    floor = f"{measure.floor_ms:9.1f} ms" if measure.floor_ms is not None else " " * 12
    ratio = f"{measure.ratio:6.2f}×" if measure.ratio is not None else " " * 7
    verdict = {None: "", True: "ok", False: "OVER"}[measure.holds]
    memory = f"{measure.peak_mb:6.0f} MB" if measure.peak_mb is not None else " " * 9
    return (
        f"{measure.name:<50}{measure.median_ms:10.1f} ms  [{min(measure.rounds) * 1000:8.1f} – "
        f"{max(measure.rounds) * 1000:8.1f}]  floor {floor} {ratio}  {measure.budget:<12}"
        f"{verdict:<5}{memory}{measure.seconds:7.1f} s"
    )


# --- memory ------------------------------------------------------------------------------------


def _status_mb(key: str) -> float | None:
    """A figure of ``/proc/self/status`` (Linux) in MB, or None."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_memory_mb() -> float:
    """This process's peak resident memory since it started or since ``reset_peak``.

    ``VmHWM`` where Linux has it: ``ru_maxrss`` of a process started by ``subprocess``
    counts its parent's peak at the fork, so it is no measure of a child's own memory."""
    peak = _status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> bool:
    """Start the peak afresh from the current resident memory (Linux's ``clear_refs``)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        return False
    return True


def release() -> None:
    """Let go of what the last measure built: Qt objects waiting for ``deleteLater``,
    Python garbage, and the allocator's free pages (so the next peak starts low)."""
    gc.unfreeze()  # what ``settle`` kept for the last measure
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QCoreApplication, QEvent

        if QCoreApplication.instance() is not None:
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            QCoreApplication.processEvents()
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


_PACE_KEYS = [f"means:{number:036d}" for number in range(15_000)]


def machine_pace_ms() -> float:
    """How long a fixed piece of plain Python (15,000 dict inserts and lookups) takes now,
    best of three, in ms. This machine's speed swings by up to 2x from one minute to the
    next; a measure over its budget in a slow spell says so beside it."""
    keys = _PACE_KEYS
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        seen: dict[str, int] = {}
        for number, key in enumerate(keys):
            seen[key] = max(number, seen.get(key, 0))
        best = min(best, time.perf_counter() - started)
    return best * 1000


def measure_once(function: Callable[[Any, int], Measure], context: Any, rounds: int) -> Measure:
    """Run one measure, with its wall and CPU seconds, the machine's pace before it and
    (when its work is done in this process) its peak memory."""
    release()
    pace = machine_pace_ms()
    reset_peak()  # where it cannot be reset, the peak is the process's since it started
    wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    result = function(context, rounds)
    result.pace_ms = round(pace, 2)
    result.seconds = time.perf_counter() - wall
    result.cpu_seconds = time.process_time() - cpu + _children_cpu() - children
    if result.peak_mb is None and not getattr(function, "own_process", False):
        result.peak_mb = round(peak_memory_mb(), 1)
    release()
    return result


# --- children ----------------------------------------------------------------------------------


def _groups(
    functions: list[Callable[[Any, int], Measure]],
) -> Iterator[tuple[bool, list[Callable[[Any, int], Measure]]]]:
    """Consecutive measures of one module run in one child; those that start processes of
    their own (``own_process``) run here."""
    group: list[Callable[[Any, int], Measure]] = []
    for function in functions:
        if getattr(function, "own_process", False):
            if group:
                yield True, group
                group = []
            yield False, [function]
        elif group and group[0].__module__ != function.__module__:
            yield True, group
            group = [function]
        else:
            group.append(function)
    if group:
        yield True, group


def _run_child(
    context: Any, group: list[Callable[[Any, int], Measure]], rounds: int
) -> Iterator[Measure]:
    """Run ``group`` in a fresh process on the prepared database; yield each measure as
    the child reports it."""
    from poa_desktop.bench.measures import rounds_for

    spec = {
        "folder": str(context.folder),
        "size": context.size,
        "path": str(context.path),
        "plan_uuid": context.plan_uuid,
        "measures": [[f.__module__, f.__name__, rounds_for(f, rounds)] for f in group],
    }
    errors = context.folder / "child-stderr.txt"
    with (
        errors.open("w", encoding="utf-8") as stderr,
        subprocess.Popen(
            [sys.executable, "-m", "poa_desktop.bench.runner", json.dumps(spec)],
            stdout=subprocess.PIPE, stderr=stderr, text=True,
        ) as process,
    ):  # fmt: skip
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(MARK):
                yield Measure(**json.loads(line[len(MARK) :]))
    if process.returncode != 0:
        tail = errors.read_text(encoding="utf-8", errors="replace").strip()[-2000:]
        names = ", ".join(f.__name__ for f in group)
        raise RuntimeError(f"the bench's child for {names} failed:\n{tail}")


def child(spec: dict[str, Any]) -> None:
    """In a child: open the prepared database and run the measures named in ``spec``,
    printing each as one line."""
    import importlib

    from poa_desktop.bench.measures import Context
    from poa_desktop.store.database import Database
    from poa_desktop.store.urls import url_for_path

    path = Path(spec["path"])
    database = Database(url_for_path(path))
    context = Context(Path(spec["folder"]), spec["size"], path, database, spec["plan_uuid"])
    for module, name, rounds in spec["measures"]:
        function = getattr(importlib.import_module(module), name)
        result = measure_once(function, context, rounds)
        print(MARK + json.dumps(asdict(result)), flush=True)
    context.close()


# --- the run -----------------------------------------------------------------------------------


def compile_bytecode() -> None:
    """Compile the app's modules as installing it does. The start-up measures start the
    app in fresh processes: from a source tree where writing bytecode is off
    (``PYTHONDONTWRITEBYTECODE``, as on this machine) each of them compiled every module
    again, 0.4-0.6 s an installed app never spends, while the floor's libraries come
    compiled."""
    import compileall

    import poa_desktop

    compileall.compile_dir(Path(poa_desktop.__file__).parent, quiet=1)


def run(size: str = "S", json_out: Path | None = None, rounds: int = 5) -> Report:
    """Build the portfolio in a temporary database and measure; print and save the table."""
    from poa_desktop.app import display_problem
    from poa_desktop.bench import measures

    if display_problem() is not None:  # measure headless: Qt's offscreen platform
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    report = Report(size)
    started = time.perf_counter()
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="poa-bench-") as folder:
        # The app's settings of the windows started here stay in the run's own folder
        # (not the user's); the children inherit it.
        os.environ["XDG_CONFIG_HOME"] = str(Path(folder) / "config")
        context = measures.prepare(Path(folder), size)
        report.setup_seconds = time.perf_counter() - started
        report.setup_peak_mb = peak_memory_mb()
        print(f"Portfolio {size}: {context.describe()} (set up in {report.setup_seconds:.1f} s)")
        print(
            f"{'measure':<50}{'median':>13}  {'[min – max]':^21}  {'floor':>15} {'ratio':>7}"
            f"{'':19}{'peak':>6}{'took':>8}"
        )
        context.drop_document()  # the children make their own when they need it
        release()
        for in_child, group in _groups(measures.all_measures()):
            if in_child:
                for result in _run_child(context, group, rounds):
                    report.add(result)
            else:
                (function,) = group
                report.add(measure_once(function, context, measures.rounds_for(function, rounds)))
        context.close()
    report.total_seconds = time.perf_counter() - started
    peaks = [m.peak_mb for m in report.measures if m.peak_mb is not None]
    report.peak_memory_mb = max(peaks, default=0.0)
    heaviest = max(report.measures, key=lambda m: m.peak_mb or 0.0)
    verdict = "ok" if report.peak_memory_mb <= MEMORY_BUDGET_MB else "OVER"
    print(
        f"peak memory: {report.peak_memory_mb:.0f} MB (budget {MEMORY_BUDGET_MB} MB) {verdict}: "
        f"{heaviest.name}; each area measured in a process of its own (VmHWM, reset before "
        f"each measure); the bench's own set-up peaked at {report.setup_peak_mb:.0f} MB"
    )
    print(
        f"total run time: {report.total_seconds:.0f} s ({report.total_seconds / 60:.1f} min): "
        f"set-up {report.setup_seconds:.0f} s, measures "
        f"{sum(m.seconds for m in report.measures):.0f} s, starting their processes "
        f"{report.other_seconds:.0f} s"
    )
    paces = [m.pace_ms for m in report.measures if m.pace_ms]
    if paces:
        slowest = max(report.measures, key=lambda m: m.pace_ms or 0.0)
        print(
            f"machine pace: a fixed piece of Python took {min(paces):.1f}-{max(paces):.1f} ms "
            f"before the measures (x{max(paces) / min(paces):.1f}); slowest before: "
            f"{slowest.name}"
        )
    if json_out is not None:
        from poa_desktop.services.files import write_atomic

        write_atomic(json_out, json.dumps(report.as_dict(), indent=2) + "\n")
    return report


if __name__ == "__main__":
    child(json.loads(sys.argv[1]))
    sys.stdout.flush()
    os._exit(0)  # skip Qt's and Python's teardown: the figures are out
