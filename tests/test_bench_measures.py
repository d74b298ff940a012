"""The bench's measures on the S portfolio: they run, keep their floors, and let go of
what they built (so a later measure's peak memory is not theirs)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from poa_desktop.bench import measures_network, runner
from poa_desktop.bench.measures import Context, json_import, prepare
from poa_desktop.bench.portfolio import portfolio

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
)


@pytest.fixture(scope="module")
def context_s(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    context = prepare(tmp_path_factory.mktemp("bench"), "S")
    yield context
    context.close()


def test_a_context_without_its_document_makes_the_same_one_again(context_s: Context) -> None:
    again = Context(context_s.folder, "S", context_s.path, context_s.database, "uuid")
    assert again.document == context_s.document == portfolio("S")


def test_the_network_measures_run_and_let_their_scenes_go(qtbot, context_s: Context) -> None:  # type: ignore[no-untyped-def]
    from poa_desktop.ui.network.scene import NetworkScene
    from poa_desktop.ui.network.view import NetworkView

    try:
        results = [runner.measure_once(m, context_s, 3) for m in measures_network.MEASURES]
    finally:
        measures_network.forget()
    assert [m.name for m in results] == [
        "build the dependency lens's graph (S)",
        "lay out the dependency lens (S)",
        "lay out the partner lens (30 partners, 40 MOUs)",
        "build the network scene (S, dependency lens)",
    ]
    assert all(len(m.rounds) == 3 for m in results)
    assert all(len(m.floor_rounds) == 3 for m in results[1:])  # the graph's build has none
    assert not results[0].budget and results[1].budget == "ms<=300"
    assert all(m.seconds > 0 and m.peak_mb for m in results)
    assert "labels at fit" in results[-1].note
    runner.release()
    alive = [o for o in gc.get_objects() if isinstance(o, NetworkScene | NetworkView)]
    assert alive == []


def test_the_network_rows_are_read_once_per_run(context_s: Context) -> None:
    try:
        first, _ = measures_network._source(context_s)
        again, _ = measures_network._source(context_s)
        assert again is first
        measures_network.forget()
        assert measures_network._source(context_s)[0] is not first
    finally:
        measures_network.forget()


def test_the_json_import_takes_three_rounds_into_fresh_databases(tmp_path: Path) -> None:
    context = prepare(tmp_path, "S")
    try:
        result = json_import(context, 3)
    finally:
        context.close()
    assert len(result.rounds) == 3
    assert len(list(tmp_path.glob("import-*.sqlite"))) == 3


def test_the_network_scene_measure_holds_two_scenes_at_most(
    qtbot, context_s: Context, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The view shows one scene and builds the next: the bench must not keep every
    round's scene (its peak memory would be the rounds', not the view's)."""
    import weakref

    from poa_desktop.ui.network import scene as scene_module

    alive: weakref.WeakSet[object] = weakref.WeakSet()
    most = [0]

    class Counted(scene_module.NetworkScene):
        def set_network(self, *args: object, **kwargs: object) -> None:
            super().set_network(*args, **kwargs)  # type: ignore[arg-type]
            alive.add(self)  # a scene holding the network's items
            most[0] = max(most[0], len(alive))

    monkeypatch.setattr(scene_module, "NetworkScene", Counted)
    try:
        result = measures_network.dependency_scene(context_s, 5)
    finally:
        measures_network.forget()
    assert len(result.rounds) == 5
    assert most[0] == 2
