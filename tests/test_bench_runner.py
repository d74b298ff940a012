"""The bench's runner: rounds per measure, grouping measures into child processes, each
measure's own wall seconds and peak memory, and a child's memory being its own."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from poa_desktop.bench import measures, runner
from poa_desktop.bench.measures import Context, all_measures, prepare, rounds_for
from poa_desktop.bench.runner import Measure, floor_rounds, timed_side_by_side

LINUX_MEMORY = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM is Linux's")


@pytest.fixture(scope="module")
def context_s(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    context = prepare(tmp_path_factory.mktemp("bench"), "S")
    yield context
    context.close()


def test_every_timed_measure_keeps_at_least_three_rounds_by_default() -> None:
    single = {"window_memory", "nothing_heavy_at_start"}  # one observation each
    for function in all_measures():
        expected = 1 if function.__name__ in single else 3
        assert rounds_for(function, 5) >= expected, function.__name__
    assert rounds_for(measures.json_export, 5) == 3  # the slow ones are capped
    assert rounds_for(measures.load_view_models, 5) == 5
    assert rounds_for(measures.json_export, 1) == 1  # a quick run asks for fewer
    assert floor_rounds(5) == 3 and floor_rounds(1) == 1


def test_measures_run_by_module_in_children_and_app_starts_here() -> None:
    groups = list(runner._groups(all_measures()))
    in_children = [[f.__name__ for f in group] for in_child, group in groups if in_child]
    here = [group[0].__name__ for in_child, group in groups if not in_child]
    assert in_children[0] == ["load_view_models", "reschedule_after_edit"]
    assert in_children[-1] == ["json_export", "json_import"]
    assert all(len({f.__module__ for f in g}) == 1 for in_child, g in groups if in_child)
    assert here == [
        "first_painted_window",
        "shipped_plan_interactive",
        "gui_thread_stalls",
        "window_memory",
        "nothing_heavy_at_start",
    ]
    assert [f for _, group in groups for f in group] == all_measures()  # order kept


def test_a_memory_budget_is_checked_on_the_peak() -> None:
    measure = Measure("window", [1.0], budget="mb<=500", peak_mb=420.0)
    assert measure.holds is True
    measure.peak_mb = 501.0
    assert measure.holds is False
    assert Measure("unmeasured", [1.0], budget="mb<=500").holds is False


def test_the_json_has_each_measures_seconds_and_round_counts() -> None:
    measure = Measure("m", [0.1, 0.3, 0.2], "floor", [0.1] * 3, "ratio<=4", peak_mb=99.0)
    measure.seconds, measure.cpu_seconds = 1.234, 1.0
    data = measure.as_dict()
    assert data["median_ms"] == 200.0 and data["min_ms"] == 100.0 and data["max_ms"] == 300.0
    assert data["rounds"] == 3 and data["floor_count"] == 3
    assert data["seconds"] == 1.23 and data["peak_mb"] == 99.0 and data["holds"] is True
    assert json.loads(json.dumps(data)) == data


def test_a_child_runs_its_measures_and_reports_seconds_and_memory(
    context_s: Context,
) -> None:
    group = [measures.json_export, measures.json_import]
    results = list(runner._run_child(context_s, group, 5))
    assert [m.name for m in results] == [
        "export the plan as JSON",
        "import the plan from JSON into an empty database",
    ]
    for result in results:
        assert len(result.rounds) == 3
        assert result.seconds >= sum(result.rounds) > 0
        assert result.cpu_seconds > 0
        assert result.peak_mb is not None and 20 < result.peak_mb < 500
    assert len(results[0].floor_rounds) == 3


def test_a_failing_child_says_why(context_s: Context) -> None:
    broken = Context(context_s.folder, "S", context_s.folder / "missing.sqlite",
                     context_s.database, "no-such-plan")  # fmt: skip
    with pytest.raises(RuntimeError, match="json_export"):
        list(runner._run_child(broken, [measures.json_export], 1))


def test_measure_once_times_the_measure_and_takes_its_peak(context_s: Context) -> None:
    def allocating(context: Context, rounds: int) -> Measure:
        block = bytearray(80 * 1024 * 1024)
        block[::4096] = b"x" * len(block[::4096])  # touch every page
        return Measure("allocating", [0.01] * rounds)

    result = runner.measure_once(allocating, context_s, 3)
    assert result.seconds > 0 and len(result.rounds) == 3
    assert result.peak_mb is not None and result.peak_mb >= 80
    assert result.pace_ms is not None and result.pace_ms > 0  # the machine's pace before it
    assert result.as_dict()["pace_ms"] == result.pace_ms


@LINUX_MEMORY
def test_a_child_process_reports_its_own_peak_not_its_parents() -> None:
    """``ru_maxrss`` of a process started by ``subprocess`` starts at its parent's peak; the
    bench's figure (VmHWM) must not."""
    block = bytearray(300 * 1024 * 1024)
    block[::4096] = b"x" * len(block[::4096])
    assert runner.peak_memory_mb() >= 300
    script = "from poa_desktop.bench.runner import peak_memory_mb; print(peak_memory_mb())"
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    del block
    assert float(output) < 150


@LINUX_MEMORY
def test_the_peak_can_start_afresh() -> None:
    block = bytearray(200 * 1024 * 1024)
    block[::4096] = b"x" * len(block[::4096])
    del block
    runner.release()
    if not runner.reset_peak():
        pytest.skip("clear_refs is not writable here")
    assert runner.peak_memory_mb() < runner._status_mb("VmRSS") + 50  # type: ignore[operator]


def test_the_bench_compiles_the_app_as_installing_it_does(tmp_path, monkeypatch) -> None:
    """Start-up is measured on compiled modules (an installed app has them), even where
    writing bytecode on import is off."""
    import poa_desktop
    from poa_desktop.bench.runner import compile_bytecode

    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path))
    compile_bytecode()
    package = Path(poa_desktop.__file__).parent
    compiled = list(tmp_path.rglob("window_commands.*.pyc"))
    assert compiled and str(package).lstrip("/") in str(compiled[0])


def test_a_measure_and_its_floor_alternate_round_by_round() -> None:
    order: list[str] = []
    ours, floors = timed_side_by_side(
        lambda: order.append("ours"), lambda: order.append("floor"), 3
    )
    assert order == ["ours", "floor"] * 3  # both see the machine as it is that moment
    assert len(ours) == len(floors) == 3 and min(ours + floors) >= 0


def test_rounds_run_with_the_set_up_kept_out_of_the_collector_as_in_the_app() -> None:
    import gc

    frozen_during: list[int] = []
    try:
        timed_side_by_side(lambda: frozen_during.append(gc.get_freeze_count()), lambda: None, 2)
        assert len(frozen_during) == 2 and min(frozen_during) > 0
    finally:
        runner.release()
    assert gc.get_freeze_count() == 0  # thawed for the next measure


def test_a_json_target_that_cannot_be_written_is_refused_before_measuring(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[object] = []
    monkeypatch.setattr(runner, "run", lambda *args, **kwargs: ran.append(args))
    status, _, err = cli("bench", "--size", "S", "--json", tmp_path / "missing" / "out.json")
    assert status == 2 and "no such folder" in err and "nothing was measured" in err
    status, _, err = cli("bench", "--size", "S", "--json", tmp_path)
    assert status == 2 and "a folder" in err
    assert ran == []  # minutes of measuring spared
