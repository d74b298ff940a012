"""What a large plan makes again after every edit is freed as soon as it is dropped.

A structure with reference cycles waits for a full scan by Python's cyclic collector,
which on a large portfolio held the interpreter for 90-165 ms. These tests fail if the
plan tree's nodes or a dependency lens leave such garbage behind.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest
from tests.test_network_domain import SOURCE
from tests.test_ui_models import make_outline

from poa_desktop.domain import network as nw
from poa_desktop.domain.network_layout import dependency_layout
from poa_desktop.ui.plan_tree_model import PlanTreeModel
from poa_desktop.ui.plan_tree_nodes import build_nodes


@pytest.fixture
def collector_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def cyclic_garbage_after(make: Callable[[], object]) -> int:
    """How many objects only the cyclic collector could free once ``make``'s result is
    dropped (reference counting frees the rest at once). A first call warms up: imports
    and caches made then leave garbage of their own once."""
    make()
    gc.collect()
    made = make()
    del made
    return gc.collect()


def test_the_plan_trees_nodes_are_freed_when_dropped(collector_off) -> None:
    outline = make_outline(orphan=True)
    assert (
        cyclic_garbage_after(lambda: build_nodes(outline, groups=True, unassigned_title="—")) == 0
    )


def test_a_new_outline_leaves_no_cyclic_garbage_in_the_tree_model(qapp, collector_off) -> None:
    model = PlanTreeModel(groups=True)
    model.set_outline(make_outline())

    def replace_twice() -> None:
        model.set_outline(make_outline(orphan=True))  # a new shape: a reset
        model.set_outline(make_outline(orphan=True))  # the same shape: updated in place

    assert cyclic_garbage_after(replace_twice) == 0


def test_a_dependency_lens_and_its_layout_are_freed_when_dropped(collector_off) -> None:
    def lens_and_layout() -> object:
        network = nw.build_dependency_graph(SOURCE)
        return network, dependency_layout(network.graph)

    assert cyclic_garbage_after(lens_and_layout) == 0
