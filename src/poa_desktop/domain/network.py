"""The plan as two networks ("lenses"); the questions asked of them are in
``network_metrics``, their layouts in ``network_layout``.

*Partners & MOUs* (an undirected ``nx.Graph``): partners (ILO units included), MOUs,
key outputs and components are nodes. Roles are **aggregated**, not drawn item by item:
a role on a key output, or on a means of action that delivers key outputs, becomes an edge
partner–output; a role on an activity, or on a means that delivers none, an edge
partner–component; each edge keeps how many roles it stands for (``weight``), on which
items (``items``) and the strongest role (lead > host > funder > partner). Key outputs hang
on their component (``part_of``), MOUs on their parties (``party``) and on the outputs
they cover (``covers``). That keeps the shipped plan at ~70 nodes, where drawing its 50
items as well would bury ISSA, the regional associations and the MOUs. Roles on a
milestone (which has no component) are not drawn.

*Output dependencies* (a ``nx.MultiDiGraph``, one edge per dependency): activities, means
of action, key outputs and the milestones that take part in a dependency; the planned
dependencies (``dependency_type`` FS/SS/FF/SF, ``lag_days``) and each means of action's
``delivers`` edge to the key outputs it produces.

Node keys are ``"<kind>:<uuid>"``. Every node carries the same attributes (see ``_node``);
edges carry ``role`` (partners) or ``dependency_type`` and ``lag_days`` (dependencies).
networkx is imported inside the functions: it is slow to import and most commands never
need it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from poa_desktop.domain.collector import collector_paused
from poa_desktop.domain.enums import (
    SIGNED_MOU_STATUSES,
    DependencyType,
    ItemKind,
    MouStatus,
    PartnerKind,
    Status,
)
from poa_desktop.domain.filters import EMPTY_CONTEXT, FilterContext, FilterCriteria, predicate_for
from poa_desktop.domain.records import (
    DependencyRow,
    ItemRow,
    MouRow,
    PartnerRoleRow,
    PartnerRow,
    PlanOutline,
)

PARTNERS = "partners"
DEPENDENCIES = "dependencies"
LENSES = (PARTNERS, DEPENDENCIES)

PARTNER, MOU, COMPONENT = "partner", "mou", "component"
ITEM_KINDS = frozenset(kind.value for kind in ItemKind)  # activity, means, output, milestone
#: An MOU in one of these statuses binds its parties now (signed MOUs take effect on signing).
IN_FORCE = frozenset({MouStatus.SIGNED.value, MouStatus.IN_FORCE.value})
DELIVERS = "delivers"
_ROLE_RANK = {"lead": 0, "host": 1, "funder": 2, "partner": 3}


@dataclass(frozen=True, slots=True)
class NetworkSource:
    """The records both lenses are built from (what ``NetworkService`` reads)."""

    outline: PlanOutline
    partners: tuple[PartnerRow, ...]
    roles: tuple[PartnerRoleRow, ...]
    mous: tuple[MouRow, ...]
    dependencies: tuple[DependencyRow, ...]


@dataclass(frozen=True, slots=True)
class Network:
    """One lens: its graph, and the record behind each node (for filters and tooltips)."""

    lens: str
    graph: Any
    records: Mapping[str, object] = field(default_factory=dict)


def node_key(kind: str, uuid: str) -> str:
    return f"{kind}:{uuid}"


def is_overdue(status: str, target: date | None, today: date) -> bool:
    """Target date passed and not signed."""
    signed = {value.value for value in SIGNED_MOU_STATUSES}
    return status not in signed and target is not None and target < today


def _node(kind: str, uuid: str, label: str, **attributes: Any) -> dict[str, Any]:
    """The attributes every node has, so an export gives each key one type."""
    return {
        "kind": kind,
        "uuid": uuid,
        "label": label,
        "title": attributes.get("title", label),
        "code": attributes.get("code", label),
        "status": attributes.get("status", ""),
        "component": attributes.get("component") or "",
        "region": attributes.get("region", ""),
        "partner_kind": attributes.get("partner_kind", ""),
        "mou_status": attributes.get("mou_status", ""),
        "overdue": attributes.get("overdue", False),
        "target_date": attributes.get("target_date"),
        "planned_start": attributes.get("planned_start"),
        "planned_end": attributes.get("planned_end"),
    }


def _item_node(row: ItemRow) -> dict[str, Any]:
    """``_node`` of an item, written out: the dependencies lens has one per item (15,000 on
    a large portfolio), so it is built as one literal with the enums' plain values."""
    return {
        "kind": _PLAIN[row.kind],
        "uuid": row.uuid,
        "label": row.code,
        "title": row.title,
        "code": row.code,
        "status": _PLAIN[row.status],
        "component": row.component_code or "",
        "region": "",
        "partner_kind": "",
        "mou_status": "",
        "overdue": False,
        "target_date": None,
        "planned_start": row.start,
        "planned_end": row.end,
    }


#: Each enum value as a plain ``str`` (a StrEnum member hashes as its value; looking it up
#: here is ten times quicker than ``.value``, and exports need exact strings).
_PLAIN: dict[str, str] = {
    member.value: member.value
    for enum in (ItemKind, Status, DependencyType, MouStatus, PartnerKind)
    for member in enum
}


@collector_paused
def build_partner_graph(source: NetworkSource, today: date) -> Network:
    """The *Partners & MOUs* lens (see the module docstring for what is a node)."""
    import networkx as nx

    outline = source.outline
    graph = nx.Graph(
        lens=PARTNERS,
        plan=outline.plan.code,
        title=outline.plan.title,
        components=outline.components,
    )
    records: dict[str, object] = {}
    components: dict[str, str] = {}
    for row in outline.components:
        key = components[row.code] = node_key(COMPONENT, row.uuid)
        graph.add_node(
            key, **_node(COMPONENT, row.uuid, row.code, title=row.title, component=row.code)
        )
        records[key] = row
    outputs: dict[int | None, str] = {}
    items = {row.uuid: row for row in _all_items(outline)}
    by_code = {row.code: row for row in items.values()}
    for row in outline.key_outputs:
        key = outputs[row.number] = node_key(row.kind.value, row.uuid)
        graph.add_node(key, **_item_node(row))
        records[key] = row
        if row.component_code in components:
            _link(graph, key, components[row.component_code], "part_of", row.code)
    partners: dict[str, str] = {}
    for row in source.partners:
        key = partners[row.code] = node_key(PARTNER, row.uuid)
        label, kind = row.acronym or row.code, row.kind.value
        graph.add_node(key, **_node(PARTNER, row.uuid, label, title=row.name, code=row.code,
                                    region=row.region, partner_kind=kind))  # fmt: skip
        records[key] = row
    for row in source.mous:
        key = node_key(MOU, row.uuid)
        late, status = is_overdue(row.status, row.target_date, today), row.status.value
        graph.add_node(key, **_node(MOU, row.uuid, row.code, title=row.title, status=status,
                                    mou_status=status, target_date=row.target_date,
                                    overdue=late))  # fmt: skip
        records[key] = row
        for code in row.party_codes:
            if code in partners:
                _link(graph, partners[code], key, "party")
        for code in row.output_codes:
            for node in _role_target(by_code.get(code), outputs, components):
                _link(graph, key, node, "covers", code)
    aggregated: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for role in source.roles:
        for node in _role_target(items.get(role.item_uuid), outputs, components):
            if role.partner_code in partners:
                aggregated[(partners[role.partner_code], node)].append(
                    (role.role.value, role.item_code)
                )
    for (partner, node), entries in aggregated.items():
        kinds = sorted({kind for kind, _ in entries}, key=lambda kind: _ROLE_RANK.get(kind, 9))
        codes = ",".join(dict.fromkeys(code for _, code in entries))
        _link(graph, partner, node, kinds[0], codes, len(entries), ",".join(kinds))
    return Network(PARTNERS, graph, records)


def _link(graph: Any, one: str, other: str, role: str, items: str = "", weight: int = 1,
          roles: str = "") -> None:  # fmt: skip
    """An edge of the partners lens: its strongest role, all its roles, items and weight."""
    graph.add_edge(one, other, role=role, roles=roles or role, items=items, weight=weight)


def _role_target(
    item: ItemRow | None, outputs: Mapping[int | None, str], components: Mapping[str, str]
) -> list[str]:
    """Where a role on ``item`` is drawn: its key outputs, else its component."""
    if item is None:
        return []
    if item.kind is ItemKind.OUTPUT and item.number in outputs:
        return [outputs[item.number]]
    delivered = [outputs[number] for number in item.key_output_numbers if number in outputs]
    if delivered:
        return delivered
    return [components[item.component_code]] if item.component_code in components else []


def _all_items(outline: PlanOutline) -> Iterable[ItemRow]:
    yield from outline.activities
    yield from outline.means_of_action
    yield from outline.key_outputs
    yield from outline.milestones


@collector_paused
def build_dependency_graph(source: NetworkSource) -> Network:
    """The *Output dependencies* lens: planned dependencies plus means → output deliveries."""
    import networkx as nx

    outline = source.outline
    graph = nx.MultiDiGraph(
        lens=DEPENDENCIES,
        plan=outline.plan.code,
        title=outline.plan.title,
        components=outline.components,
    )
    records: dict[str, object] = {}
    linked = {uuid for row in source.dependencies for uuid in (row.from_uuid, row.to_uuid)}
    keys: dict[str, str] = {}  # item uuid → node key, for every item (drawn or not)
    milestone = ItemKind.MILESTONE
    for row in _all_items(outline):
        key = keys[row.uuid] = f"{_PLAIN[row.kind]}:{row.uuid}"
        if row.kind is milestone and row.uuid not in linked:
            continue
        records[key] = row
    # The keys first, then each node's data: ``add_nodes_from`` given (key, data) pairs
    # copies every dict twice and takes a caught TypeError per node (38 ms against 60 for
    # 15,200 nodes).
    graph.add_nodes_from(records)
    node_data = dict(graph.nodes(data=True))  # each node's own dict, by plain lookups
    for key, row in records.items():
        node_data[key].update(_item_node(row))  # type: ignore[arg-type]
    add_edge = graph.add_edge
    for row in source.dependencies:
        before, after = keys.get(row.from_uuid), keys.get(row.to_uuid)
        if before is None or after is None:
            continue
        kind = _PLAIN[row.type]
        lag = f" {row.lag_days:+d} d" if row.lag_days else ""
        add_edge(before, after, row.uuid, uuid=row.uuid, dependency_type=kind,
                 lag_days=row.lag_days, label=f"{kind}{lag}")  # fmt: skip
    by_number = {row.number: row for row in outline.key_outputs}
    for means in outline.means_of_action:
        for number in means.key_output_numbers:
            output = by_number.get(number)
            if output is not None:
                add_edge(keys[means.uuid], keys[output.uuid],
                         f"{DELIVERS}:{means.uuid}:{output.uuid}", uuid="",
                         dependency_type=DELIVERS, lag_days=0, label=DELIVERS)  # fmt: skip
    return Network(DEPENDENCIES, graph, records)


# --- questions --------------------------------------------------------------------------------


def network_predicate(
    criteria: FilterCriteria,
    context: FilterContext = EMPTY_CONTEXT,
    items: Iterable[ItemRow] = (),
) -> Callable[[object], bool] | None:
    """The filter bar's criteria as one test for the records behind the nodes: items by the
    item rules, partners by the partner rules, MOUs by the MOU rules (``predicate_for``);
    other records (components) pass. None when no criterion applies to any of them."""
    tests = {
        ItemRow: predicate_for("item", criteria, context, items),
        PartnerRow: predicate_for("partner", criteria, context, items),
        MouRow: predicate_for("mou", criteria, context, items),
    }
    if all(test is None for test in tests.values()):
        return None

    def test(record: object) -> bool:
        found = tests.get(type(record))
        return True if found is None else found(record)

    return test
