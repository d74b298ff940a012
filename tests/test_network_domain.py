"""The network lenses and their metrics on hand-made plans with known answers, the layouts
(layered by time, deterministic, fast) and label placement."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from itertools import combinations

import pytest

from poa_desktop.domain import network as nw
from poa_desktop.domain import network_metrics as nm
from poa_desktop.domain.enums import (
    DependencyType,
    GenderMarker,
    ItemKind,
    MouStatus,
    PartnerKind,
    PartnerRoleKind,
    Status,
)
from poa_desktop.domain.network_labels import LabelBox, place_labels
from poa_desktop.domain.network_layout import dependency_layout, partner_layout
from poa_desktop.domain.records import (
    ComponentRow,
    DependencyRow,
    ItemRow,
    MouRow,
    PartnerRoleRow,
    PartnerRow,
    PlanOutline,
    PlanRef,
)

TODAY = date(2021, 1, 1)
PLAN = PlanRef("plan", "P", "A plan", date(2012, 1, 1), date(2019, 12, 31), "")


def item(code: str, kind: ItemKind, component: str | None, start: date | None = None,
         *, number: int | None = None, delivers: tuple[int, ...] = ()) -> ItemRow:  # fmt: skip
    end = start + timedelta(days=300) if start else None
    return ItemRow(f"u-{code}", kind, code, f"Title of {code}", component, None, "", number,
                   start, end, "", Status.NOT_STARTED, 0, GenderMarker.NOT_SCREENED, delivers)  # fmt: skip


def partner(code: str, kind: PartnerKind = PartnerKind.NGO) -> PartnerRow:
    return PartnerRow(f"u-{code}", code, f"{code} name", code, kind, "Global", "", 0, 0)


def role(who: str, on: ItemRow, kind: PartnerRoleKind = PartnerRoleKind.PARTNER) -> PartnerRoleRow:
    return PartnerRoleRow(f"r-{who}-{on.code}", f"u-{who}", who, who, on.uuid, on.code, on.title,
                          kind, "")  # fmt: skip


def mou(code: str, parties: tuple[str, ...], outputs: tuple[str, ...], status: MouStatus,
        target: date | None = None) -> MouRow:  # fmt: skip
    return MouRow(f"u-{code}", code, f"{code} title", status, target, None, parties, parties,
                  outputs, "", "", False)  # fmt: skip


def dependency(before: ItemRow, after: ItemRow, kind: str = "FS") -> DependencyRow:
    return DependencyRow(f"d-{before.code}-{after.code}", before.uuid, before.code, before.title,
                         after.uuid, after.code, after.title, DependencyType(kind), 0, "")  # fmt: skip


# Components A, B, C. P1 (an ILO unit) leads an activity in each; P2 works on means that
# deliver KO1 (A) and KO2 (B) and is party to M1 (in force, covers KO1); P3 works only on
# KO3 (C), with M2 (proposed, overdue). KO4 has no partner.
A1 = item("A.1", ItemKind.ACTIVITY, "A", date(2012, 1, 1))
B1 = item("B.1", ItemKind.ACTIVITY, "B", date(2012, 1, 1))
C1 = item("C.1", ItemKind.ACTIVITY, "C", None)
MA = item("A.1(i)", ItemKind.MEANS, "A", date(2012, 1, 1), delivers=(1,))
MB = item("B.1(i)", ItemKind.MEANS, "B", date(2013, 4, 1), delivers=(2,))
MC = item("C.1(i)", ItemKind.MEANS, "C", date(2014, 7, 1), delivers=(3,))
KO = [
    item(f"KO{n}", ItemKind.OUTPUT, component, date(2012 + n, 1, 1), number=n)
    for n, component in ((1, "A"), (2, "B"), (3, "C"), (4, "A"))
]
MS = item("MS-1", ItemKind.MILESTONE, None, date(2015, 1, 1))
OUTLINE = PlanOutline(
    PLAN,
    tuple(ComponentRow(f"c-{code}", code, f"Component {code}", False) for code in "ABC"),
    (A1, B1, C1),
    (MA, MB, MC),
    tuple(KO),
    (MS,),
)
SOURCE = nw.NetworkSource(
    OUTLINE,
    (partner("P1", PartnerKind.ILO_UNIT), partner("P2"), partner("P3"), partner("LONER")),
    (role("P1", A1, PartnerRoleKind.LEAD), role("P1", B1, PartnerRoleKind.LEAD),
     role("P1", C1, PartnerRoleKind.LEAD), role("P2", MA), role("P2", MB), role("P3", MC),
     role("P2", MS)),
    (mou("M1", ("P2",), ("KO1",), MouStatus.IN_FORCE, date(2013, 1, 1)),
     mou("M2", ("P3",), ("KO3",), MouStatus.PROPOSED, date(2020, 1, 1))),
    (dependency(MA, MB), dependency(MB, KO[1], "SS"), dependency(MA, MS)),
)  # fmt: skip


@pytest.fixture(scope="module")
def partners() -> nw.Network:
    return nw.build_partner_graph(SOURCE, TODAY)


@pytest.fixture(scope="module")
def dependencies() -> nw.Network:
    return nw.build_dependency_graph(SOURCE)


def labels(refs) -> list[str]:  # type: ignore[no-untyped-def]
    return [ref.label for ref in refs]


# --- the lenses ------------------------------------------------------------------------------


def test_the_partners_lens_aggregates_roles_on_outputs_and_components(partners) -> None:
    graph = partners.graph
    kinds = sorted(kind for _, kind in graph.nodes(data="kind"))
    assert kinds.count("partner") == 4 and kinds.count("mou") == 2
    assert kinds.count("output") == 4 and kinds.count("component") == 3
    p2, ko1, comp_a = "partner:u-P2", "output:u-KO1", "component:c-A"
    assert graph.edges[p2, ko1]["role"] == "partner"
    assert graph.edges[p2, ko1]["items"] == "A.1(i)"  # the means that delivers KO1
    assert graph.edges["partner:u-P1", comp_a] == {"role": "lead", "roles": "lead",
                                                   "items": "A.1", "weight": 1}  # fmt: skip
    assert graph.edges["mou:u-M1", ko1]["role"] == "covers"
    assert graph.edges[p2, "mou:u-M1"]["role"] == "party"
    assert graph.edges[ko1, comp_a]["role"] == "part_of"
    assert graph.degree("partner:u-LONER") == 0  # shown apart, not dropped
    assert not any(
        n.startswith("item:") or "MS-1" in n for n in graph
    )  # milestone roles: not drawn
    assert partners.records["partner:u-P2"].code == "P2"
    node = graph.nodes["mou:u-M2"]
    assert (node["mou_status"], node["overdue"], node["target_date"]) == (
        "proposed", True, date(2020, 1, 1))  # fmt: skip


def test_the_dependencies_lens_has_items_dependencies_and_deliveries(dependencies) -> None:
    graph = dependencies.graph
    assert "milestone:u-MS-1" in graph  # it takes part in a dependency
    edges = {
        (u.split(":")[1], v.split(":")[1], t) for u, v, t in graph.edges(data="dependency_type")
    }
    assert ("u-A.1(i)", "u-B.1(i)", "FS") in edges
    assert ("u-B.1(i)", "u-KO2", "SS") in edges
    assert ("u-A.1(i)", "u-KO1", "delivers") in edges
    assert graph.nodes["means:u-A.1(i)"]["planned_start"] == date(2012, 1, 1)


# --- metrics with known answers --------------------------------------------------------------


def test_degree_ranking_counts_distinct_neighbours(partners) -> None:
    ranked = nm.degree_ranking(partners.graph)
    assert [(r.node.label, r.value) for r in ranked[:3]] == [("P1", 3), ("P2", 3), ("P3", 2)]
    assert ranked[-1].node.label == "LONER" and ranked[-1].value == 0


def test_the_ilo_unit_that_alone_reaches_a_component_is_a_broker_and_a_single_point(
    partners,
) -> None:
    assert nm.broker_ranking(partners.graph)[0].node.label == "P1"
    [point] = nm.single_points_of_failure(partners.graph)
    assert (point.node.label, point.cut_off) == ("P1", ("C",))


def test_an_mou_can_be_a_single_point_of_failure() -> None:
    import networkx as nx

    graph = nx.Graph(lens=nw.PARTNERS)
    for key, kind, code in (
        ("c1", "component", "I"),
        ("c2", "component", "II"),
        ("m", "mou", "M"),
        ("p", "partner", "P"),
        ("o", "output", "KO1"),
    ):
        graph.add_node(key, **nw._node(kind, key, code))  # fmt: skip
    graph.add_edges_from([("c1", "p"), ("p", "m"), ("m", "o"), ("o", "c2")])
    found = {(s.node.label, s.cut_off) for s in nm.single_points_of_failure(graph)}
    assert found == {("P", ("II",)), ("M", ("II",))}  # the output is neither


def test_overdue_mous_use_the_day_given(partners) -> None:
    [late] = nm.overdue_mous(partners.graph, TODAY)
    assert (late.node.label, late.target, late.days) == ("M2", date(2020, 1, 1), 366)
    assert nm.overdue_mous(partners.graph, date(2019, 12, 31)) == ()


def test_partner_output_matrix_says_which_pairs_an_mou_in_force_covers(partners) -> None:
    cells = {(c.partner.label, c.output.label): c for c in nm.partner_output_matrix(partners.graph)}
    assert set(cells) == {("P2", "KO1"), ("P2", "KO2"), ("P3", "KO3")}
    assert cells[("P2", "KO1")].in_force and cells[("P2", "KO1")].mous == ("M1",)
    assert not cells[("P2", "KO2")].in_force and cells[("P2", "KO2")].mous == ()
    assert cells[("P3", "KO3")].via == ("C.1(i)",) and not cells[("P3", "KO3")].in_force


def test_outputs_without_partner_and_unlinked_components(partners, dependencies) -> None:
    assert labels(nm.outputs_without_partner(partners.graph)) == ["KO4"]
    # Partners: only the ILO unit P1 reaches C, so C shares no outside partner.
    assert [u.node.label for u in nm.unlinked_components(partners.graph)] == ["C"]
    # Dependencies: A.1(i) -> B.1(i) links A and B; C has none (the milestone has one end).
    assert [u.node.label for u in nm.unlinked_components(dependencies.graph)] == ["C"]


def test_the_longest_chain_and_cycles(dependencies) -> None:
    chain, cycles = nm.longest_chain(dependencies.graph)
    assert labels(chain) == ["A.1(i)", "B.1(i)", "KO2"] and cycles == ()
    looped = dependencies.graph.copy()
    looped.add_edge("output:u-KO2", "means:u-A.1(i)", dependency_type="FS", lag_days=0)
    chain, cycles = nm.longest_chain(looped)
    assert chain == () and cycles == (("A.1(i)", "B.1(i)", "KO2"),)


def test_network_metrics_gathers_every_answer(partners, dependencies) -> None:
    metrics = nm.network_metrics(partners.graph, dependencies.graph, TODAY, top=2)
    assert labels(r.node for r in metrics.most_connected) == ["P1", "P2"]
    assert [(u.node.label, u.lens) for u in metrics.unlinked_components] == [
        ("C", "partners"), ("C", "dependencies")]  # fmt: skip
    assert len(metrics.longest_chain) == 3


def test_node_sizes_are_shares_of_the_largest(partners) -> None:
    sizes = nm.node_sizes(partners.graph, "degree")
    assert max(sizes.values()) == 1.0 and sizes["partner:u-LONER"] == 0.0
    assert set(nm.node_sizes(partners.graph, "none").values()) == {0.0}


def test_network_predicate_judges_each_record_by_its_own_rules(partners) -> None:
    from poa_desktop.domain.filters import FilterCriteria

    test = nw.network_predicate(FilterCriteria(text="P2"))
    assert test is not None
    kept = {key for key, record in partners.records.items() if test(record)}
    assert "partner:u-P2" in kept and "partner:u-P3" not in kept
    assert nw.network_predicate(FilterCriteria()) is None


# --- layouts ---------------------------------------------------------------------------------


def test_layered_layout_never_points_backwards_in_time(dependencies) -> None:
    graph = dependencies.graph
    layout = dependency_layout(graph)
    x = {node: point[0] for node, point in layout.positions.items()}
    assert all(x[u] < x[v] for u, v in graph.edges())
    # dated items stand at their planned quarter unless a predecessor pushes them on
    assert x["means:u-A.1(i)"] == 0 and x["means:u-B.1(i)"] == 5  # 2013 Q2
    assert x["output:u-KO2"] == 8  # 2014 Q1, already right of B.1(i)
    assert x["milestone:u-MS-1"] == 12
    assert x["activity:u-C.1"] < 0  # undated: before the first year


def test_layered_layout_uses_component_bands_without_overlap(dependencies) -> None:
    layout = dependency_layout(dependencies.graph)
    assert [band.code for band in layout.bands] == ["", "A", "B", "C"]
    for band in layout.bands:
        inside = [p for n, p in layout.positions.items() if band.top < p[1] < band.bottom]
        assert inside
    rows = {}
    for x, y in layout.positions.values():
        rows.setdefault(y, []).append(x)
    assert all(len(xs) == len(set(xs)) for xs in rows.values())  # no two nodes on one spot


def test_layouts_are_deterministic_and_pins_win(partners, dependencies) -> None:
    first = partner_layout(partners.graph).positions
    assert partner_layout(partners.graph).positions == first
    pinned = partner_layout(partners.graph, {"partner:u-P2": (50.0, -5.0)}).positions
    assert pinned["partner:u-P2"] == (50.0, -5.0)
    assert dependency_layout(dependencies.graph, {"output:u-KO4": (1.0, 2.0)}).positions[
        "output:u-KO4"] == (1.0, 2.0)  # fmt: skip


def test_the_partners_layout_keeps_nodes_apart(partners) -> None:
    positions = partner_layout(partners.graph).positions
    closest = min(
        ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
        for a, b in combinations(positions.values(), 2)
    )
    assert closest > 1.0


def synthetic_partners(partners: int, mous: int, seed: int = 1):  # type: ignore[no-untyped-def]
    """A partners-lens graph of the given size, shaped like a real one."""
    import networkx as nx

    rnd = random.Random(seed)
    graph = nx.Graph(lens=nw.PARTNERS)
    components = [f"component:c{i}" for i in range(6)]
    outputs = [f"output:o{i}" for i in range(18)]
    for i, key in enumerate(components):
        graph.add_node(key, **nw._node("component", key, f"C{i}"))
    for i, key in enumerate(outputs):
        graph.add_node(key, **nw._node("output", key, f"KO{i + 1}"))
        graph.add_edge(key, components[i % 6], role="part_of")
    people = [f"partner:p{i}" for i in range(partners)]
    for key in people:
        graph.add_node(key, **nw._node("partner", key, key[-4:], partner_kind="ngo"))
        for target in rnd.sample(outputs + components, rnd.randint(0, 3)):
            graph.add_edge(key, target, role="partner")
    for i in range(mous):
        key = f"mou:m{i}"
        graph.add_node(key, **nw._node("mou", key, f"MOU-{i}", mou_status="proposed"))
        for other in rnd.sample(people, rnd.randint(1, 4)) + rnd.sample(outputs, rnd.randint(0, 2)):
            graph.add_edge(key, other, role="party")
    return graph


def best_of_two(run) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(2):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def test_the_partners_layout_is_fast_for_500_partners_and_2000_mous() -> None:
    graph = synthetic_partners(500, 2000)
    assert len(graph) == 2524
    assert best_of_two(lambda: partner_layout(graph)) < 2.0


def test_each_layout_is_fast_for_500_nodes() -> None:
    import networkx as nx

    graph = synthetic_partners(420, 56)
    assert len(graph) == 500
    assert best_of_two(lambda: partner_layout(graph)) < 1.0
    rnd = random.Random(3)
    items = nx.MultiDiGraph(lens=nw.DEPENDENCIES)
    starts = sorted(date(2012, 1, 1) + timedelta(days=rnd.randint(0, 2500)) for _ in range(500))
    for i, start in enumerate(starts):
        items.add_node(i, **nw._node("means", str(i), f"X.{i}", component=f"C{i % 6}",
                                     planned_start=start, planned_end=start))  # fmt: skip
    for _ in range(500):
        a, b = sorted(rnd.sample(range(500), 2))
        items.add_edge(a, b, dependency_type="FS", lag_days=0)
    layout = dependency_layout(items)
    assert all(layout.positions[u][0] < layout.positions[v][0] for u, v in items.edges())
    assert best_of_two(lambda: dependency_layout(items)) < 1.0


def random_dependencies(size: int, links: int, seed: int, *, cycles: bool = False):  # type: ignore[no-untyped-def]
    """A dependencies-lens graph of ``size`` means of action in six bands, some undated."""
    import networkx as nx

    rnd = random.Random(seed)
    graph = nx.MultiDiGraph(lens=nw.DEPENDENCIES)
    for i in range(size):
        start = date(2012, 1, 1) + timedelta(days=rnd.randint(0, 2500)) if i % 7 else None
        graph.add_node(i, **nw._node("means", str(i), f"X.{i}" + "x" * (i % 9),
                                     component=f"C{i % 6}", planned_start=start,
                                     planned_end=start))  # fmt: skip
    for n in range(links):
        a, b = sorted(rnd.sample(range(size), 2))
        if cycles and n % 50 == 0:
            a, b = b, a  # now and then a link backwards: cycles
        graph.add_edge(a, b, key=f"d{n}", dependency_type="FS", lag_days=0)
    return graph


def slow_rows(members, x, data, chars_per_column: float) -> dict:  # type: ignore[no-untyped-def]
    """The first-free-row rule written the plain way: scan every row for each node."""
    ends: list[float] = []
    rows = {}
    for node in members:
        row = next((r for r, end in enumerate(ends) if end <= x[node]), None)
        if row is None:
            row = len(ends)
            ends.append(0.0)
        ends[row] = x[node] + 1.2 + len(data[node]["label"]) / chars_per_column
        rows[node] = row
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_quick_layered_layout_gives_what_the_plain_rules_give(seed: int) -> None:
    """Kahn's pass equals networkx's condensation pass on a DAG, and the heap of free rows
    picks the same rows as scanning every row."""
    from poa_desktop.domain import network_layout as nl

    graph = random_dependencies(600, 900, seed)
    own = {node: node * 37 % 40 - 3 for node in graph}  # columns -3 … 36, in no order
    assert nl._layer_columns(graph, own) == nl._layer_columns_with_cycles(graph, own)
    layout = dependency_layout(graph)
    data = dict(graph.nodes(data=True))
    x = {node: int(point[0]) for node, point in layout.positions.items()}
    for band in layout.bands:
        members = sorted(
            (n for n, p in layout.positions.items() if band.top < p[1] < band.bottom),
            key=lambda n: (x[n], data[n]["code"]),
        )
        rows = slow_rows(members, x, data, 4.0)
        assert {n: band.top + 0.5 + r for n, r in rows.items()} == {
            n: layout.positions[n][1] for n in members
        }


def test_the_layered_layout_lays_out_cycles_by_their_groups() -> None:
    graph = random_dependencies(300, 400, 9, cycles=True)
    import networkx as nx

    assert not nx.is_directed_acyclic_graph(graph)
    layout = dependency_layout(graph)
    assert set(layout.positions) == set(graph)
    x = {node: point[0] for node, point in layout.positions.items()}
    groups = {
        n: i for i, group in enumerate(nx.strongly_connected_components(graph)) for n in group
    }
    # Between groups every link still points forwards in time; inside a cycle it cannot.
    assert all(x[u] < x[v] for u, v in graph.edges() if groups[u] != groups[v])


# --- labels ----------------------------------------------------------------------------------


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def test_labels_never_overlap_and_the_important_ones_win() -> None:
    rnd = random.Random(5)
    boxes = [LabelBox(f"n{i}", rnd.uniform(0, 300), rnd.uniform(0, 200), 60, 14, 5, i % 7)
             for i in range(120)]  # fmt: skip
    boxes.append(LabelBox("ISSA", 150, 100, 40, 14, 6, 100))
    placed = place_labels(boxes)
    assert "ISSA" in placed
    assert 10 < len(placed) < len(boxes)  # crowded: thinned, not piled up
    rects = {b.key: (x, y, x + b.width, y + b.height) for b in boxes if b.key in placed
             for x, y in [placed[b.key]]}  # fmt: skip
    assert not any(overlaps(a, b) for a, b in combinations(rects.values(), 2))

    def cuts(rect, box) -> bool:  # type: ignore[no-untyped-def]  # the rectangle and the disc
        x = min(max(box.x, rect[0]), rect[2])
        y = min(max(box.y, rect[1]), rect[3])
        return (x - box.x) ** 2 + (y - box.y) ** 2 < box.radius**2 - 1e-9

    assert not any(cuts(rect, box) for rect in rects.values() for box in boxes)


def test_a_lone_label_goes_to_the_right_of_its_node() -> None:
    assert place_labels([LabelBox("a", 0, 0, 30, 10, 4, 1)]) == {"a": (5.5, -5.0)}


@pytest.mark.parametrize("crowd", [700, 2500])
def test_crowded_labels_are_placed_as_without_the_quick_pass(
    crowd: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From 500 labels packed tighter than they fit, places on a node are ruled out in bulk
    first (numpy); what is placed must be exactly what the plain pass places."""
    from poa_desktop.domain import network_labels

    rnd = random.Random(crowd)
    boxes = [LabelBox(f"n{i}", rnd.uniform(0, crowd / 2), rnd.uniform(0, crowd / 4),
                      rnd.uniform(20, 70), 14, rnd.choice([6.5, 7.5, 9.0]), rnd.randint(0, 900))
             for i in range(crowd)]  # fmt: skip
    obstacles = [(box.x, box.y, box.radius) for box in boxes]
    assert network_labels._crowded(sorted(boxes, key=lambda b: -b.priority))
    quick = place_labels(boxes, obstacles)
    monkeypatch.setattr(network_labels, "_PREFILTER_FROM", 10**9)
    assert quick == place_labels(boxes, obstacles)
    assert 0 < len(quick) < len(boxes)


def test_sampled_betweenness_is_networkx_s_answer() -> None:
    """The quick Brandes gives networkx's numbers: exact with every source, and the same
    seeded estimate with a sample."""
    import networkx as nx

    graph = nx.gnm_random_graph(150, 400, seed=3)
    graph.add_edges_from([(150, 151), (152, 152)])  # a separate pair and a self-loop
    exact = nx.betweenness_centrality(graph)
    mine = nm.sampled_betweenness(graph, len(graph))
    assert max(abs(exact[node] - mine[node]) for node in graph) < 1e-12
    estimate = nx.betweenness_centrality(graph, k=40, seed=11)
    mine = nm.sampled_betweenness(graph, 40, 11)
    assert max(abs(estimate[node] - mine[node]) for node in graph) < 1e-12


def test_betweenness_samples_shrink_as_graphs_grow() -> None:
    import networkx as nx

    small, large = nx.path_graph(1200), nx.gnm_random_graph(3000, 9000, seed=1)
    assert nm.betweenness_samples(small) == nm.MAX_BETWEENNESS_SAMPLES
    assert nm.MIN_BETWEENNESS_SAMPLES <= nm.betweenness_samples(large) < 100
    stops = []

    def check() -> None:
        stops.append(1)
        if len(stops) == 3:
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        nm.betweenness(large, check=check)  # asked between sources: it stops there
