"""Deterministic layouts of the two network lenses, and labels that never pile up.

Plain Python and numpy (networkx inside the functions), shared by the window's network view
and the matplotlib figure, so both draw the same picture. Positions are in layout units:
about one unit between linked nodes (partners lens); one unit per quarter across and per
row down (dependencies lens). The caller scales them to pixels or to the page.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from poa_desktop.domain.collector import collector_paused
from poa_desktop.domain.enums import ItemKind
from poa_desktop.domain.network import COMPONENT, DEPENDENCIES, MOU, Network

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Band:
    """A horizontal band of the layered layout: one component (or the milestones)."""

    code: str
    title: str
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Layout:
    """Node positions in layout units (about one unit between neighbours; the dependency
    lens: one unit per quarter across, per row down), with its bands and year ticks."""

    positions: Mapping[str, Point]
    bands: tuple[Band, ...] = ()
    ticks: tuple[tuple[float, str], ...] = ()


def layout(network: Network, pinned: Mapping[str, Point] | None = None, seed: int = 7) -> Layout:
    """The lens's own layout, with ``pinned`` positions kept."""
    if network.lens == DEPENDENCIES:
        return dependency_layout(network.graph, pinned)
    return partner_layout(network.graph, pinned, seed=seed)


@collector_paused
def partner_layout(
    graph: Any,
    pinned: Mapping[str, Point] | None = None,
    *,
    seed: int = 7,
    iterations: int | None = None,
) -> Layout:
    """Force-directed, seeded and bounded: rings by kind (components inside, then outputs,
    MOUs, partners sorted by kind and region), then Fruchterman–Reingold in numpy (dense,
    so at most ``_CORE_LIMIT`` nodes take part; on larger graphs MOUs sit at the centre of
    their parties). Pinned nodes stay where they are and pull their neighbours. Isolated
    nodes line up in rows below. networkx's own spring layout needs SciPy from 500 nodes.
    """
    import numpy as np

    pinned = dict(pinned or {})
    isolated = [n for n in graph if graph.degree(n) == 0 and n not in pinned]
    nodes = [n for n in graph if n not in set(isolated)]
    core = (
        nodes
        if len(nodes) <= _CORE_LIMIT
        else [n for n in nodes if graph.nodes[n]["kind"] != MOU or n in pinned]
    )
    index = {node: i for i, node in enumerate(core)}
    adjacency = np.zeros((len(core), len(core)))
    for a, b in graph.edges(core):  # weaker pull at hubs, so their neighbours get room
        if b in index:
            pull = max(graph.degree(a), graph.degree(b)) ** -_HUB_SPREAD
            adjacency[index[a], index[b]] = adjacency[index[b], index[a]] = pull
    if len(core) < len(nodes):  # the MOUs left out still pull their parties together
        for mou in (n for n in nodes if n not in index):
            ends = [index[n] for n in graph[mou] if n in index]
            for i in ends:
                adjacency[i, ends] = np.maximum(adjacency[i, ends], 0.5)
        np.fill_diagonal(adjacency, 0.0)
    start = _rings(graph, core, np.random.default_rng(seed))
    fixed = np.zeros(len(core), dtype=bool)
    for node, point in pinned.items():
        if node in index:
            start[index[node]] = point
            fixed[index[node]] = True
    steps = iterations or max(40, min(200, 30_000 // max(len(core), 1)))
    placed = _force(adjacency, start, fixed, steps)
    positions: dict[str, Point] = {
        n: (float(placed[i, 0]), float(placed[i, 1])) for n, i in index.items()
    }
    _place_by_neighbours(graph, [n for n in nodes if n not in index], positions)
    _place_in_rows(graph, isolated, positions)
    positions.update(pinned)
    return Layout({node: positions[node] for node in graph if node in positions})


_CORE_LIMIT = 1000
_HUB_SPREAD = 0.75
_MIN_GAP = 3.0
_GRAVITY = 0.15
_RING_ORDER = {COMPONENT: 0, ItemKind.OUTPUT.value: 1, MOU: 2}


def _rings(graph: Any, nodes: Sequence[str], rng: Any) -> Any:
    """Starting positions: one ring per kind, radius growing with its size, a little jitter."""
    import numpy as np

    rings: dict[int, list[str]] = defaultdict(list)
    for node in nodes:
        rings[_RING_ORDER.get(graph.nodes[node]["kind"], 3)].append(node)
    result = np.zeros((len(nodes), 2))
    where = {node: i for i, node in enumerate(nodes)}
    radius = 0.0
    for level in sorted(rings):
        members = sorted(
            rings[level],
            key=lambda n: (graph.nodes[n]["partner_kind"], graph.nodes[n]["region"], n),
        )
        radius += max(1.5, len(members) / (2 * math.pi) * 0.9)
        for number, node in enumerate(members):
            angle = 2 * math.pi * number / len(members)
            result[where[node]] = (radius * math.cos(angle), radius * math.sin(angle))
    return result + rng.normal(scale=0.05, size=result.shape)


def _force(adjacency: Any, pos: Any, fixed: Any, iterations: int) -> Any:
    """Fruchterman–Reingold with ideal edge length 1 and a weak pull to the centre, which
    keeps separate pieces together. Dense, in float32 and per axis (a 3-D difference array
    is thirty times slower): O(n²) per step, about 2 ms for 500 nodes."""
    import numpy as np

    pos = pos.astype(np.float32)
    adjacency = adjacency.astype(np.float32)
    if len(pos) < 2:
        return pos.astype(float)
    temperature = max(float(np.ptp(pos, axis=0).max()) * 0.1, 0.5)
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        dx, dy, squared = _differences(pos)
        strength = 1.0 / squared - adjacency * np.sqrt(squared)  # k²/d and d²/k, over d
        move = (
            np.stack(
                [np.einsum("ij,ij->i", dx, strength), np.einsum("ij,ij->i", dy, strength)], axis=1
            )
            - _GRAVITY * pos
        )
        length = np.sqrt((move**2).sum(axis=1))
        length[length < 0.01] = 0.01
        step = move * (np.minimum(length, temperature) / length)[:, None]
        step[fixed] = 0.0
        pos += step
        temperature -= cooling
    return _spread(pos, fixed).astype(float)


def _differences(pos: Any) -> tuple[Any, Any, Any]:
    """Pairwise x and y differences and squared distances (at least 1e-4)."""
    import numpy as np

    dx = pos[:, 0][:, None] - pos[:, 0][None, :]
    dy = pos[:, 1][:, None] - pos[:, 1][None, :]
    squared = dx * dx + dy * dy
    np.maximum(squared, 1e-4, out=squared)
    return dx, dy, squared


def _spread(pos: Any, fixed: Any, gap: float | None = None, rounds: int = 30) -> Any:
    """Push apart nodes closer than ``gap`` (half each way), so that crowded neighbourhoods
    (many partners on the same outputs) open up and leave room for labels."""
    import numpy as np

    gap = _MIN_GAP if gap is None else gap
    for _ in range(rounds):
        dx, dy, squared = _differences(pos)
        distance = np.sqrt(squared)
        overlap = np.clip(gap - distance, 0.0, None)
        np.fill_diagonal(overlap, 0.0)
        if not overlap.any():
            break
        share = overlap / distance / 2
        push = np.stack(
            [np.einsum("ij,ij->i", dx, share), np.einsum("ij,ij->i", dy, share)], axis=1
        )
        push[fixed] = 0.0
        pos = pos + push
    return pos


def _place_by_neighbours(graph: Any, nodes: Sequence[str], positions: dict[str, Point]) -> None:
    """Each node at the centre of its placed neighbours, spread on a small spiral when
    several share a centre (golden angle, so they never stack)."""
    taken: dict[tuple[int, int], int] = defaultdict(int)
    for node in nodes:
        around = [positions[n] for n in graph[node] if n in positions] or [(0.0, 0.0)]
        x = sum(p[0] for p in around) / len(around)
        y = sum(p[1] for p in around) / len(around)
        cell = (round(x * 2), round(y * 2))
        taken[cell] += 1
        turn = taken[cell]
        angle, radius = turn * 2.39996, 0.3 * _MIN_GAP * math.sqrt(turn)
        positions[node] = (x + radius * math.cos(angle), y + radius * math.sin(angle))


def _place_in_rows(graph: Any, nodes: Sequence[str], positions: dict[str, Point]) -> None:
    """Nodes with no link in rows under the rest, by kind and label, each as wide as its
    label: seen, and not in the way."""
    if not nodes:
        return
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    room = max(max(xs) - min(xs), 12.0)
    order = sorted(nodes, key=lambda n: (graph.nodes[n]["partner_kind"], graph.nodes[n]["label"]))
    rows: list[list[tuple[str, float]]] = [[]]
    used = 0.0
    for node in order:
        width = (1.2 + 0.25 * len(graph.nodes[node]["label"])) * _MIN_GAP / 2
        if rows[-1] and used + width > room:
            rows.append([])
            used = 0.0
        rows[-1].append((node, width))
        used += width
    for number, row in enumerate(rows):
        x = (min(xs) + max(xs)) / 2 - sum(width for _, width in row) / 2
        for node, width in row:
            positions[node] = (x, max(ys) + _MIN_GAP + number * _MIN_GAP / 2)
            x += width


#: The column of items without planned dates, left of the first year.
_UNDATED = -3
_MILESTONE = ItemKind.MILESTONE.value


#: Beyond any year of a plan: the start of a search for the first and last years.
_NO_YEAR = 1_000_000


@collector_paused
def dependency_layout(
    graph: Any, pinned: Mapping[str, Point] | None = None, *, chars_per_column: float = 4.0
) -> Layout:
    """Layers left to right by time: x is the quarter of the planned start (undated items
    three columns before the first year), pushed right so every successor stands at least one
    column after its predecessors; y: one band per component (milestones on top), in each
    band the first free row whose last label (``chars_per_column`` characters per column)
    ends before the node. Cycles are laid out by their strongly connected groups.

    Linear in nodes and edges (15,000 items and 10,000 dependencies in ~0.1 s): one pass
    over the node data, a topological pass over plain dicts (networkx's condensation only
    when there are cycles), and a heap of free rows per band.
    """
    # One pass over the node data. Columns are counted in absolute quarters (year * 4 +
    # quarter) until the first year is known, then shifted once, as they are placed.
    own: dict[str, int] = {}
    codes_of: dict[str, str] = {}
    spans: dict[str, float] = {}  # how many columns a node's label takes
    by_band: dict[str, list[str]] = defaultdict(list)
    undated: list[str] = []
    first, last = _NO_YEAR, -_NO_YEAR
    for node, attributes in graph.nodes(data=True):
        start, end = attributes["planned_start"], attributes["planned_end"]
        if start is None:
            undated.append(node)
        else:
            year = start.year
            own[node] = year * 4 + (start.month - 1) // 3
            first = min(first, year)
        if end is not None:
            last = max(last, end.year)
        codes_of[node] = attributes["code"]
        spans[node] = 1.2 + len(attributes["label"]) / chars_per_column
        by_band["" if attributes["kind"] == _MILESTONE else attributes["component"]].append(node)
    first_year = 2000 if first == _NO_YEAR else first
    base = first_year * 4
    for node in undated:
        own[node] = base + _UNDATED
    x = _layer_columns(graph, own)
    titles = {row.code: f"{row.code}  {row.title}" for row in graph.graph.get("components", ())}
    codes = [code for code in ("", *titles) if code in by_band]
    codes += sorted(set(by_band) - set(codes))
    positions: dict[str, Point] = {}
    bands = []
    top = 1.0  # a free row above each band, for its title
    for code in codes:
        members = by_band[code]
        members.sort(key=codes_of.__getitem__)
        members.sort(key=x.__getitem__)  # stable: by column, then code
        rows = _stack_rows(members, x, spans)
        for node, row in rows.items():
            positions[node] = (float(x[node] - base), top + row)
        count = max(rows.values(), default=0) + 1
        title = titles.get(code, code) if code else "Milestones"
        bands.append(Band(code, title, top - 0.5, top + count - 0.5))
        top += count + 1
    last = first_year if last == -_NO_YEAR else last
    ticks = tuple(
        (float((year - first_year) * 4), str(year)) for year in range(first_year, last + 2)
    )
    if undated:
        ticks = ((float(_UNDATED), "no dates"), *ticks)
    positions.update(pinned or {})
    return Layout(positions, tuple(bands), ticks)


def _layer_columns(graph: Any, own: Mapping[str, int]) -> dict[str, int]:
    """Each node's column: its own, or one after its latest predecessor if that is later.
    The nodes of a cycle share the floor their group's predecessors give them."""
    successors: dict[str, list[str]] = {}
    waiting: dict[str, int] = defaultdict(int)
    # The adjacency's own dicts: ``graph.edges()`` builds a tuple per edge through a view
    # (and a dropped graph whose ``edges`` view was made waits for a full collection: the
    # view holds the graph). Several edges between two nodes count as one.
    for before, after_keys in graph.adjacency():
        if after_keys:
            successors[before] = after = list(after_keys)  # distinct successors
            for node in after:
                waiting[node] += 1
    floors: dict[str, int] = {}  # one column after the latest predecessor placed so far
    # A node without edges keeps its own column; Kahn's algorithm walks the others, every
    # predecessor placed before its successors.
    x = dict(own)
    ready = [node for node in successors if node not in waiting]
    placed = 0
    while ready:
        node = ready.pop()
        placed += 1
        column = own[node]
        floor = floors.get(node)
        if floor is not None and floor > column:
            column = x[node] = floor
        for after in successors.get(node, ()):
            if floors.get(after, column) <= column:
                floors[after] = column + 1
            waiting[after] -= 1
            if not waiting[after]:
                ready.append(after)
    if placed == len(successors.keys() | waiting.keys()):
        return x
    return _layer_columns_with_cycles(graph, own)


def _layer_columns_with_cycles(graph: Any, own: Mapping[str, int]) -> dict[str, int]:
    import networkx as nx

    condensed = nx.condensation(graph)
    x: dict[str, int] = {}
    for group in nx.topological_sort(condensed):
        members = condensed.nodes[group]["members"]
        floor = max(
            (x[p] + 1 for m in members for p in graph.predecessors(m) if p in x), default=None
        )
        for node in members:
            x[node] = own[node] if floor is None else max(own[node], floor)
    return x


def _stack_rows(
    members: Sequence[str], x: Mapping[str, int], spans: Mapping[str, float]
) -> dict[str, int]:
    """The row of each member (sorted by column): the lowest row whose last label ends at
    or before the member's column, else a new row. Columns only grow along ``members``, so
    a row once free stays free: a heap of busy rows by end and a heap of free rows."""
    busy: list[tuple[float, int]] = []
    free: list[int] = []
    rows: dict[str, int] = {}
    count = 0
    push, pop = heapq.heappush, heapq.heappop
    for node in members:
        column = x[node]
        while busy and busy[0][0] <= column:
            push(free, pop(busy)[1])
        if free:
            row = pop(free)
        else:
            row, count = count, count + 1
        rows[node] = row
        push(busy, (column + spans[node], row))
    return rows


# --- labels that never pile up ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Look:
    """How a kind of node or edge is drawn: colour, shape (nodes) or dash (edges), and the
    legend's words."""

    colour: str
    shape: str  # circle, square, diamond, hexagon, triangle, roundrect | solid, dash, dot, dashdot
    label: str
    width: float = 1.0


#: Node kinds; a partner's colour comes from its partner kind, an MOU's from its status.
NODE_LOOKS: dict[str, Look] = {
    "component": Look("#33414f", "roundrect", "Component"),
    "output": Look("#7b3fa0", "hexagon", "Key output"),
    "mou": Look("#b8860b", "diamond", "MOU"),
    "partner": Look("#4c78a8", "circle", "Partner"),
    "activity": Look("#33414f", "square", "Activity"),
    "means": Look("#3d8fb0", "circle", "Means of action"),
    "milestone": Look("#b03a2e", "diamond", "Milestone"),
}
PARTNER_COLOURS: dict[str, tuple[str, str]] = {
    "ilo_unit": ("#1f5f99", "ILO unit"),
    "social_security_association": ("#d9480f", "Social security association"),
    "un_agency": ("#3b8fd9", "UN agency"),
    "ifi": ("#2f7d4f", "Financial institution"),
    "regional_organisation": ("#9c36b5", "Regional organisation"),
    "interagency_initiative": ("#0c8599", "Interagency initiative"),
    "intergovernmental_forum": ("#5c7cfa", "Intergovernmental forum"),
    "donor": ("#e8590c", "Donor"),
    "ngo": ("#c2255c", "NGO"),
    "academic": ("#74b816", "Academic"),
    "social_partner": ("#a61e4d", "Social partner"),
    "other": ("#868e96", "Other"),
}
MOU_COLOURS: dict[str, str] = {
    "proposed": "#f3d9a4",
    "negotiating": "#e5a50a",
    "signed": "#40a060",
    "in_force": "#2b8a3e",
    "expired": "#adb5bd",
    "terminated": "#6d6d6d",
}
STATUS_OUTLINES: dict[str, str] = {
    "not_started": "#5b6470",
    "on_track": "#2f9e44",
    "at_risk": "#f2a900",
    "delayed": "#e03131",
    "completed": "#1c7ed6",
    "cancelled": "#868e96",
}
OVERDUE_COLOUR = "#e03131"
EDGE_LOOKS: dict[str, Look] = {
    "lead": Look("#1f3b57", "solid", "Leads", 2.2),
    "host": Look("#0c8599", "dot", "Hosts", 1.6),
    "funder": Look("#2f7d4f", "dashdot", "Funds", 1.6),
    "partner": Look("#6b7f95", "solid", "Partner on", 1.0),
    "party": Look("#b8860b", "solid", "Party to MOU", 1.6),
    "covers": Look("#7b3fa0", "dash", "MOU covers output", 1.2),
    "part_of": Look("#c5cdd6", "solid", "Output of component", 0.8),
    "FS": Look("#33414f", "solid", "Finish → start", 1.3),
    "SS": Look("#1c7ed6", "dash", "Start → start", 1.3),
    "FF": Look("#2f9e44", "dashdot", "Finish → finish", 1.3),
    "SF": Look("#e8590c", "dot", "Start → finish", 1.3),
    "delivers": Look("#b197c9", "dot", "Delivers key output", 1.0),
}


def node_colour(data: Mapping[str, Any]) -> str:
    """The fill of a node: a partner by its kind, an MOU by its status, others by kind."""
    if data["kind"] == "partner":
        return PARTNER_COLOURS.get(data["partner_kind"], PARTNER_COLOURS["other"])[0]
    if data["kind"] == "mou":
        return MOU_COLOURS.get(data["mou_status"], NODE_LOOKS["mou"].colour)
    return NODE_LOOKS.get(data["kind"], NODE_LOOKS["partner"]).colour


def node_shape(data: Mapping[str, Any]) -> str:
    """An ILO unit is a square among the round partners."""
    if data["kind"] == "partner" and data["partner_kind"] == "ilo_unit":
        return "square"
    return NODE_LOOKS.get(data["kind"], NODE_LOOKS["partner"]).shape


def label_priority(data: Mapping[str, Any], degree: int) -> float:
    """Which labels win when they compete: components, MOUs, social security associations
    (ISSA and the regional ones), key outputs, then by how connected the node is."""
    base = {"component": 1000, "mou": 900, "output": 500, "activity": 400, "milestone": 300}
    if data["partner_kind"] == "social_security_association":
        return 800 + degree
    return base.get(data["kind"], 0) + degree
