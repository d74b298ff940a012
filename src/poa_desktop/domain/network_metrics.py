"""The questions asked of the network lenses (see ``network``), in the domain layer: the
most connected partners (degree), the brokers (betweenness), single points of failure,
overdue MOUs, partners contributing without an MOU in force, outputs with no partner,
components with no link to another, the longest dependency chain; and node sizes.

networkx is imported inside the functions: it is slow to import and most commands never
need it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from poa_desktop.domain.enums import ItemKind, PartnerKind
from poa_desktop.domain.network import (
    COMPONENT,
    DEPENDENCIES,
    IN_FORCE,
    MOU,
    PARTNER,
    is_overdue,
    node_key,
)

#: Above this many nodes betweenness is estimated from a seeded sample of sources.
EXACT_BETWEENNESS_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class NodeRef:
    """A node named for a list: its key, the uuid of its record, kind and labels."""

    key: str
    uuid: str
    kind: str
    label: str
    title: str


@dataclass(frozen=True, slots=True)
class Ranked:
    node: NodeRef
    value: float


@dataclass(frozen=True, slots=True)
class SinglePoint:
    """A partner or MOU whose removal leaves ``cut_off`` (component codes) apart from the rest."""

    node: NodeRef
    cut_off: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OverdueMou:
    node: NodeRef
    target: date
    days: int


@dataclass(frozen=True, slots=True)
class MatrixCell:
    """A partner contributing to a key output (through roles ``via`` items and/or as party to
    ``mous`` covering it); ``in_force`` when one of those MOUs is signed or in force."""

    partner: NodeRef
    output: NodeRef
    via: tuple[str, ...]
    mous: tuple[str, ...]
    in_force: bool


@dataclass(frozen=True, slots=True)
class UnlinkedComponent:
    node: NodeRef
    lens: str


@dataclass(frozen=True, slots=True)
class NetworkMetrics:
    most_connected: tuple[Ranked, ...]
    brokers: tuple[Ranked, ...]
    single_points: tuple[SinglePoint, ...]
    overdue_mous: tuple[OverdueMou, ...]
    matrix: tuple[MatrixCell, ...]
    outputs_without_partner: tuple[NodeRef, ...]
    unlinked_components: tuple[UnlinkedComponent, ...]
    longest_chain: tuple[NodeRef, ...]
    cycles: tuple[tuple[str, ...], ...]
    #: Every partners-lens node's betweenness (the brokers' ranking and the node sizes).
    betweenness: Mapping[str, float] = field(default_factory=dict)


def ref(graph: Any, key: str) -> NodeRef:
    data = graph.nodes[key]
    return NodeRef(key, data["uuid"], data["kind"], data["label"], data["title"])


def _of_kind(graph: Any, kinds: Iterable[str]) -> list[str]:
    wanted = set(kinds)
    return [node for node, kind in graph.nodes(data="kind") if kind in wanted]


def _ranking(graph: Any, values: Mapping[str, float], top: int | None) -> tuple[Ranked, ...]:
    order = sorted(values, key=lambda node: (-values[node], graph.nodes[node]["label"], node))
    return tuple(Ranked(ref(graph, node), values[node]) for node in order[:top])


def degree_ranking(
    graph: Any, kinds: Iterable[str] = (PARTNER,), top: int | None = None
) -> tuple[Ranked, ...]:
    """Nodes of ``kinds`` by how many distinct neighbours they have, most first (ties by label)."""
    return _ranking(graph, {node: graph.degree(node) for node in _of_kind(graph, kinds)}, top)


def betweenness(
    graph: Any, seed: int = 0, check: Callable[[], None] | None = None
) -> dict[str, float]:
    """Normalised betweenness of every node, undirected: exact (networkx) up to
    ``EXACT_BETWEENNESS_LIMIT`` nodes; above, estimated from a seeded sample of sources
    whose number is bounded by the graph's size (``betweenness_samples``). ``check`` is
    called between sources (it raises to stop the work)."""
    import networkx as nx

    plain = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    if graph.is_multigraph():
        plain = nx.Graph(plain)
    if len(plain) <= EXACT_BETWEENNESS_LIMIT:
        return nx.betweenness_centrality(plain)
    return sampled_betweenness(plain, betweenness_samples(plain), seed, check)


#: Node and edge visits a sampled betweenness may make (~0.5 s of Python). On the bench's
#: L portfolio (2,700 nodes, 9,000 edges: 64 sources) the top 12 brokers of 32, 64, 128
#: or 256 sources share only 2 or 3 with the exact top 12 (19 s): more sources cost time
#: and buy no better ranking there.
BETWEENNESS_WORK = 750_000
MAX_BETWEENNESS_SAMPLES = 256
MIN_BETWEENNESS_SAMPLES = 32


def betweenness_samples(graph: Any) -> int:
    """How many sources a sampled betweenness starts from: each costs one pass over the
    graph, so fewer on larger graphs (256 at most, 32 at least)."""
    size = graph.number_of_nodes() + graph.number_of_edges()
    samples = BETWEENNESS_WORK // max(size, 1)
    return int(min(MAX_BETWEENNESS_SAMPLES, max(MIN_BETWEENNESS_SAMPLES, samples)))


def sampled_betweenness(
    graph: Any, samples: int, seed: int = 0, check: Callable[[], None] | None = None
) -> dict[str, float]:
    """Brandes's betweenness from ``samples`` seeded sources over an undirected graph,
    normalised and scaled as networkx's ``betweenness_centrality(k=samples)`` is (every
    node as source gives its exact answer). Nodes are numbered and their neighbours kept
    in lists, which is about three times quicker than networkx's dictionaries."""
    import random

    nodes = list(graph)
    count = len(nodes)
    index = {node: number for number, node in enumerate(nodes)}
    adjacency = [[index[other] for other in graph[node] if other != node] for node in nodes]
    sources = (
        range(count)
        if samples >= count
        else [index[node] for node in random.Random(seed).sample(nodes, samples)]
    )
    total = [0.0] * count
    for source in sources:
        if check is not None:
            check()
        _accumulate_from(source, adjacency, total)
    if count <= 2:
        return dict(zip(nodes, total, strict=True))
    chosen = len(sources)
    if chosen == count:
        scale = 1.0 / ((count - 1) * (count - 2))
        return {node: total[number] * scale for number, node in enumerate(nodes)}
    # As networkx does for a sample without endpoints: a source counts one pair less.
    as_source = 1.0 / ((chosen - 1) * (count - 2)) if chosen > 1 else 0.0
    otherwise = 1.0 / (chosen * (count - 2))
    picked = set(sources)
    return {
        node: total[number] * (as_source if number in picked else otherwise)
        for number, node in enumerate(nodes)
    }


def _accumulate_from(source: int, adjacency: list[list[int]], total: list[float]) -> None:
    """One source of Brandes's algorithm: breadth-first shortest-path counts, then the
    dependencies accumulated back from the farthest nodes."""
    distance = {source: 0}
    paths = {source: 1.0}
    before: dict[int, list[int]] = {source: []}
    order = [source]
    for node in order:  # the list grows while it is walked: a queue without popping
        step = distance[node] + 1
        reach = paths[node]
        for other in adjacency[node]:
            known = distance.get(other)
            if known is None:
                distance[other] = step
                paths[other] = reach
                before[other] = [node]
                order.append(other)
            elif known == step:
                paths[other] += reach
                before[other].append(node)
    share = dict.fromkeys(order, 0.0)
    for node in reversed(order):
        coefficient = (1.0 + share[node]) / paths[node]
        for previous in before[node]:
            share[previous] += paths[previous] * coefficient
        if node != source:
            total[node] += share[node]


def broker_ranking(
    graph: Any,
    kinds: Iterable[str] = (PARTNER, MOU),
    top: int | None = None,
    values: Mapping[str, float] | None = None,
) -> tuple[Ranked, ...]:
    """The brokers: nodes of ``kinds`` on the most shortest paths between others (> 0 only).
    ``values``: the graph's betweenness when already computed."""
    values = betweenness(graph) if values is None else values
    wanted = {node: values[node] for node in _of_kind(graph, kinds) if values[node] > 0}
    return _ranking(graph, wanted, top)


def single_points_of_failure(graph: Any) -> tuple[SinglePoint, ...]:
    """Partners and MOUs whose removal cuts one or more components off from the rest.

    Only articulation points can do that; for each, the component nodes left outside the
    piece that keeps the most components (ties: the first in plan order) are cut off.
    """
    import networkx as nx

    components = _of_kind(graph, (COMPONENT,))
    order = {node: index for index, node in enumerate(components)}
    found = []
    for node in sorted(nx.articulation_points(graph), key=lambda n: graph.nodes[n]["label"]):
        if graph.nodes[node]["kind"] not in (PARTNER, MOU):
            continue
        rest = graph.subgraph(n for n in graph if n != node)
        pieces = [
            sorted((n for n in piece if n in order), key=order.__getitem__)
            for piece in nx.connected_components(rest)
        ]
        pieces = sorted((p for p in pieces if p), key=lambda p: (-len(p), order[p[0]]))
        if len(pieces) > 1:
            cut = sorted((n for p in pieces[1:] for n in p), key=order.__getitem__)
            found.append(SinglePoint(ref(graph, node), tuple(graph.nodes[n]["code"] for n in cut)))
    return tuple(found)


def overdue_mous(graph: Any, today: date) -> tuple[OverdueMou, ...]:
    """MOUs whose target date has passed and that are not signed, most overdue first."""
    found = []
    for node in _of_kind(graph, (MOU,)):
        data = graph.nodes[node]
        if is_overdue(data["mou_status"], data["target_date"], today):
            days = (today - data["target_date"]).days
            found.append(OverdueMou(ref(graph, node), data["target_date"], days))
    return tuple(sorted(found, key=lambda row: (-row.days, row.node.label)))


def partner_output_matrix(graph: Any) -> tuple[MatrixCell, ...]:
    """Every (partner, key output) pair a partner contributes to, by role or by MOU."""
    via: dict[tuple[str, str], list[str]] = defaultdict(list)
    mous: dict[tuple[str, str], list[str]] = defaultdict(list)
    in_force: set[tuple[str, str]] = set()
    for partner in _of_kind(graph, (PARTNER,)):
        for other, edge in graph[partner].items():
            kind = graph.nodes[other]["kind"]
            if kind == ItemKind.OUTPUT.value:
                via[(partner, other)].extend(edge["items"].split(","))
            elif kind == MOU:
                mou = graph.nodes[other]
                for output in graph[other]:
                    if graph.nodes[output]["kind"] == ItemKind.OUTPUT.value:
                        mous[(partner, output)].append(mou["label"])
                        if mou["mou_status"] in IN_FORCE:
                            in_force.add((partner, output))
    pairs = sorted(set(via) | set(mous), key=lambda p: (graph.nodes[p[0]]["label"], _number(p[1])))
    return tuple(
        MatrixCell(
            ref(graph, p),
            ref(graph, o),
            tuple(via[(p, o)]),
            tuple(mous[(p, o)]),
            (p, o) in in_force,
        )
        for p, o in pairs
    )


def _number(key: str) -> tuple[int, str]:
    digits = "".join(char for char in key if char.isdigit())
    return (int(digits) if digits else 0, key)


def outputs_without_partner(graph: Any) -> tuple[NodeRef, ...]:
    """Key outputs no partner has a role on (directly or through a delivering means of
    action) and no MOU covers."""
    found = []
    for output in _of_kind(graph, (ItemKind.OUTPUT.value,)):
        kinds = {graph.nodes[other]["kind"] for other in graph[output]}
        if not kinds & {PARTNER, MOU}:
            found.append(ref(graph, output))
    return tuple(found)


def unlinked_components(graph: Any) -> tuple[UnlinkedComponent, ...]:
    """Components with no link to another component.

    Dependencies lens: no dependency or delivery joins one of its items to an item of another
    component (a milestone, which has no component, links the components it touches).
    Partners lens: no partner outside the ILO (kind ``ilo_unit``) works on it and on another
    component (the Social Security Department leads everything, so it would link all).
    """
    lens = graph.graph.get("lens")
    linked: set[str] = set()
    if lens == DEPENDENCIES:
        for before, after in graph.edges():
            codes = {_band(graph, before), _band(graph, after)}
            if "" not in codes and len(codes) > 1:
                linked |= codes
        for node in graph:
            if _band(graph, node) == "":
                codes = {_band(graph, n) for n in nx_neighbours(graph, node)} - {""}
                if len(codes) > 1:
                    linked |= codes
    else:
        for partner in _of_kind(graph, (PARTNER,)):
            if graph.nodes[partner]["partner_kind"] == PartnerKind.ILO_UNIT.value:
                continue
            codes = set().union(*(_components_of(graph, other) for other in graph[partner]))
            if len(codes) > 1:
                linked |= codes
    return tuple(
        UnlinkedComponent(
            NodeRef(node_key(COMPONENT, row.uuid), row.uuid, COMPONENT, row.code, row.title),
            lens or "",
        )
        for row in graph.graph.get("components", ())
        if row.code not in linked
    )


def _band(graph: Any, node: str) -> str:
    """The component code a dependencies-lens node is drawn in ("" for milestones)."""
    data = graph.nodes[node]
    return "" if data["kind"] == ItemKind.MILESTONE.value else data["component"]


def nx_neighbours(graph: Any, node: str) -> set[str]:
    """Neighbours in either direction."""
    if graph.is_directed():
        return set(graph.predecessors(node)) | set(graph.successors(node))
    return set(graph[node])


def _components_of(graph: Any, node: str) -> set[str]:
    """The component codes a partners-lens node stands in (an MOU: through its outputs)."""
    data = graph.nodes[node]
    if data["kind"] == MOU:
        return {graph.nodes[n]["component"] for n in graph[node] if graph.nodes[n]["component"]}
    return {data["component"]} if data["component"] else set()


def longest_chain(graph: Any) -> tuple[tuple[NodeRef, ...], tuple[tuple[str, ...], ...]]:
    """The longest chain of dependencies (most links) and, when there is none because the
    dependencies form cycles, the cycles as code lists."""
    import networkx as nx

    from poa_desktop.domain.checks import find_cycles

    if nx.is_directed_acyclic_graph(graph):
        path = nx.dag_longest_path(graph, weight=None)
        return tuple(ref(graph, node) for node in path) if len(path) > 1 else (), ()
    found = []
    for cycle in find_cycles(graph.edges()):
        names = [graph.nodes[node]["label"] for node in cycle]
        first = names.index(min(names))  # each cycle from its first label, for stable output
        found.append(tuple(names[first:] + names[:first]))
    return (), tuple(sorted(found))


def network_metrics(
    partners: Any,
    dependencies: Any,
    today: date,
    top: int = 12,
    check: Callable[[], None] | None = None,
) -> NetworkMetrics:
    """Every question the metrics panel answers, over the two lenses' graphs. ``check`` is
    called now and then (it raises to stop the work)."""
    chain, cycles = longest_chain(dependencies)
    values = betweenness(partners, check=check)
    if check is not None:
        check()
    return NetworkMetrics(
        most_connected=degree_ranking(partners, top=top),
        brokers=broker_ranking(partners, top=top, values=values),
        single_points=single_points_of_failure(partners),
        overdue_mous=overdue_mous(partners, today),
        matrix=partner_output_matrix(partners),
        outputs_without_partner=outputs_without_partner(partners),
        unlinked_components=unlinked_components(partners) + unlinked_components(dependencies),
        longest_chain=chain,
        cycles=cycles,
        betweenness=values,
    )


def node_sizes(
    graph: Any,
    metric: str,
    values: Mapping[str, float] | None = None,
    check: Callable[[], None] | None = None,
) -> dict[str, float]:
    """Each node's share (0..1) of the largest value of ``metric`` (degree, betweenness;
    anything else: all 0), for sizing nodes. ``values``: the graph's betweenness when
    already computed."""
    if metric == "degree":
        values = {node: float(degree) for node, degree in graph.degree}
    elif metric == "betweenness":
        values = betweenness(graph, check=check) if values is None else values
    else:
        return dict.fromkeys(graph, 0.0)
    largest = max(values.values(), default=0.0) or 1.0
    return {node: value / largest for node, value in values.items()}
