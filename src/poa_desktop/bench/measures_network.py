"""Measures of the network lenses: laying out the partner and dependency lenses.

Each times the domain work the network view does when it shows a lens: build the lens's
graph from the rows the services read (``NetworkService.source``, read once beforehand and
not timed) and lay it out (``domain.network_layout``). Drawing the scene is not included.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from poa_desktop.bench.measures import Context
from poa_desktop.bench.runner import Measure, timed

#: The day MOUs are judged overdue on: fixed, so every run builds the same graph.
TODAY = date(2015, 1, 1)


def _timed_with_cpu(work: Callable[[], Any], rounds: int) -> tuple[list[float], float]:
    """Wall-clock rounds (what the budget is checked on) and the median CPU time in ms,
    which other programs running at the same time inflate much less."""
    wall, cpu = [], []
    for _ in range(rounds):
        started, used = time.perf_counter(), time.process_time()
        work()
        cpu.append(time.process_time() - used)
        wall.append(time.perf_counter() - started)
    return wall, statistics.median(cpu) * 1000


def _source(context: Context) -> tuple[Any, float]:
    """The rows both lenses are built from, and how long reading them took (seconds)."""
    from poa_desktop.services.network_service import NetworkService

    started = time.perf_counter()
    source = NetworkService(context.database, today=lambda: TODAY).source(context.plan_uuid)
    return source, time.perf_counter() - started


def dependency_lens(context: Context, rounds: int) -> Measure:
    import networkx as nx

    from poa_desktop.domain.network import build_dependency_graph
    from poa_desktop.domain.network_layout import dependency_layout

    source, read = _source(context)

    def work() -> None:
        dependency_layout(build_dependency_graph(source).graph)

    graph = build_dependency_graph(source).graph
    wall, cpu = _timed_with_cpu(work, rounds)
    return Measure(
        f"lay out the dependency lens ({context.size})",
        wall,
        "networkx topological pass over the same graph",
        timed(lambda: list(nx.topological_sort(graph)), rounds),
        budget="ms<=300",
        note=(
            f"graph build + layered layout; {graph.number_of_nodes():,} nodes, "
            f"{graph.number_of_edges():,} edges; CPU median {cpu:.0f} ms; "
            f"rows read beforehand in {read * 1000:.0f} ms"
        ),
    )


def partner_lens(context: Context, rounds: int) -> Measure:
    import networkx as nx

    from poa_desktop.domain.network import build_partner_graph
    from poa_desktop.domain.network_layout import partner_layout

    source, read = _source(context)

    def work() -> None:
        partner_layout(build_partner_graph(source, TODAY).graph)

    graph = build_partner_graph(source, TODAY).graph
    nodes, edges = list(graph.nodes), list(graph.edges)

    def floor() -> None:
        plain = nx.Graph()
        plain.add_nodes_from(nodes)
        plain.add_edges_from(edges)

    wall, cpu = _timed_with_cpu(work, rounds)
    return Measure(
        f"lay out the partner lens ({len(source.partners):,} partners, {len(source.mous):,} MOUs)",
        wall,
        "a networkx Graph of the same nodes and edges, no attributes",
        timed(floor, rounds),
        budget="ms<=2000",
        note=(
            f"graph build + seeded force layout; {len(nodes):,} nodes, {len(edges):,} edges; "
            f"CPU median {cpu:.0f} ms; rows read beforehand in {read * 1000:.0f} ms"
        ),
    )


MEASURES: list[Callable[[Context, int], Measure]] = [dependency_lens, partner_lens]
