"""``poa-desktop bench``: measure the app on a synthetic portfolio, beside floors.

Every figure is the median of several rounds (with min and max) and is shown beside a
floor measured in the same run (the same work done the plainest way: raw ``sqlite3``, a
bare Qt window, networkx's own topological pass…), so a ratio holds on a noisy machine.
Budgets from the benchmark issue are checked on the ratios or on absolute times.
"""

from __future__ import annotations

import gc
import json
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Measure:
    name: str
    rounds: list[float]
    floor_name: str = ""
    floor_rounds: list[float] = field(default_factory=list)
    budget: str = ""  # e.g. "ratio<=4" or "ms<=100"
    note: str = ""
    peak_mb: float = 0.0  # the process's peak resident memory once this measure ran

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
        value = self.ratio if kind == "ratio" else self.median_ms
        return value is not None and value <= float(limit)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            median_ms=round(self.median_ms, 2),
            min_ms=round(min(self.rounds) * 1000, 2),
            max_ms=round(max(self.rounds) * 1000, 2),
            floor_ms=round(self.floor_ms, 2) if self.floor_ms is not None else None,
            ratio=round(self.ratio, 2) if self.ratio is not None else None,
            holds=self.holds,
        )
        data.pop("rounds")
        data.pop("floor_rounds")
        return data


def timed(work: Callable[[], Any], rounds: int) -> list[float]:
    results = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        results.append(time.perf_counter() - started)
    return results


@dataclass
class Report:
    size: str
    measures: list[Measure] = field(default_factory=list)
    peak_memory_mb: float = 0.0
    setup_seconds: float = 0.0

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
            "peak_memory_mb": round(self.peak_memory_mb, 1),
            "measures": [measure.as_dict() for measure in self.measures],
        }


def _line(measure: Measure) -> str:
    floor = f"{measure.floor_ms:9.1f} ms" if measure.floor_ms is not None else " " * 12
    ratio = f"{measure.ratio:6.2f}×" if measure.ratio is not None else " " * 7
    verdict = {None: "", True: "ok", False: "OVER"}[measure.holds]
    return (
        f"{measure.name:<50}{measure.median_ms:10.1f} ms  [{min(measure.rounds) * 1000:8.1f} – "
        f"{max(measure.rounds) * 1000:8.1f}]  floor {floor} {ratio}  {measure.budget:<12}"
        f"{verdict:<5}{measure.peak_mb:6.0f} MB"
    )


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(size: str = "S", json_out: Path | None = None, rounds: int = 5) -> Report:
    """Build the portfolio in a temporary database and measure; print and save the table."""
    import os

    from poa_desktop.app import display_problem
    from poa_desktop.bench import measures

    if display_problem() is not None:  # measure headless: Qt's offscreen platform
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    report = Report(size)
    with tempfile.TemporaryDirectory(prefix="poa-bench-") as folder:
        started = time.perf_counter()
        context = measures.prepare(Path(folder), size)
        report.setup_seconds = time.perf_counter() - started
        print(f"Portfolio {size}: {context.describe()} (set up in {report.setup_seconds:.1f} s)")
        print(f"{'measure':<50}{'median':>13}  {'[min – max]':^21}  {'floor':>15} {'ratio':>7}")
        for measure in measures.all_measures():
            result = measure(context, rounds)
            result.peak_mb = result.peak_mb or round(peak_memory_mb(), 1)
            report.add(result)
            gc.collect()  # what a measure built is not the next one's memory
        context.close()
    report.peak_memory_mb = peak_memory_mb()
    print(f"peak memory of this process (every measure together): {report.peak_memory_mb:.0f} MB")
    if json_out is not None:
        json_out.write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
    return report
