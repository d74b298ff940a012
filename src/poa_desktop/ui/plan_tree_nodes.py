"""The shape of the plan tree: which row sits under which, by node id.

The nodes are parallel lists indexed by node id (0 is the root), not an object per row.
A large plan has 15,000 rows and is read again after every edit; an object per row (and a
list of children per row) was 30,000 more objects for Python's cyclic collector to scan
each time they were kept, and its full scans (90 ms here, with the interpreter held) came
once a read. Lists of ints are not scanned at all. Comparing two shapes is then three
list comparisons, done in C.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from poa_desktop.domain.records import ComponentRow, ItemRow, PlanOutline

#: A row's record: an item, a component, or None for a heading (see ``TreeNodes.headings``).
Record = ItemRow | ComponentRow | None

OUTPUTS_GROUP = "#group:outputs"
MILESTONES_GROUP = "#group:milestones"
UNASSIGNED = "#unassigned"

_NO_CHILDREN: tuple[int, ...] = ()


@dataclass(slots=True, eq=False)
class TreeNodes:
    """Node ids 0 (the root) to ``len(parents) - 1``, each with its parent's id, its row
    under that parent and its record."""

    parents: list[int] = field(default_factory=lambda: [-1])
    rows: list[int] = field(default_factory=lambda: [0])
    records: list[Record] = field(default_factory=lambda: [None])
    #: The key of each heading without a record (``OUTPUTS_GROUP``, ``MILESTONES_GROUP``).
    headings: dict[int, str] = field(default_factory=dict)
    #: The children of each node that has any; a leaf has no entry.
    children: dict[int, list[int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.parents)

    def add(self, parent: int, record: Record = None, heading: str = "") -> int:
        node = len(self.parents)
        siblings = self.children.get(parent)
        if siblings is None:
            siblings = self.children[parent] = []
        self.parents.append(parent)
        self.rows.append(len(siblings))
        self.records.append(record)
        siblings.append(node)
        if heading:
            self.headings[node] = heading
        return node

    def children_of(self, node: int) -> list[int] | tuple[int, ...]:
        return self.children.get(node, _NO_CHILDREN)

    def key(self, node: int) -> str:
        """The row's key: its record's uuid, else its heading's key, else ``UNASSIGNED``
        (the "Not assigned" component has no uuid)."""
        record = self.records[node]
        if record is None:
            return self.headings.get(node, "")
        return record.uuid or UNASSIGNED

    def same_shape(self, other: TreeNodes) -> bool:
        """Whether both hold the same rows (by key) under the same parents."""
        return (
            self.parents == other.parents
            and self.rows == other.rows
            and self.headings == other.headings
            and _uuids(self.records) == _uuids(other.records)
        )


def _uuids(records: list[Record]) -> list[str]:
    return [record.uuid if record is not None else "" for record in records]


def build_nodes(outline: PlanOutline, *, groups: bool, unassigned_title: str) -> TreeNodes:
    """Components, their activities and the activities' means of action; items whose
    component or activity is missing go under an extra "Not assigned" component. With
    ``groups`` the key outputs and the milestones follow, each under a heading."""
    nodes = TreeNodes()
    by_component = {component.code: nodes.add(0, component) for component in outline.components}
    unassigned = -1

    def unassigned_node() -> int:
        nonlocal unassigned
        if unassigned < 0:
            placeholder = ComponentRow(
                uuid="", code="—", title=unassigned_title, cross_cutting=False
            )
            unassigned = nodes.add(0, placeholder)
        return unassigned

    add = nodes.add
    by_activity: dict[str, int] = {}
    for activity in outline.activities:
        parent = by_component.get(activity.component_code or "")
        by_activity[activity.code] = add(unassigned_node() if parent is None else parent, activity)
    for means in outline.means_of_action:
        parent = by_activity.get(means.parent_code or "")
        add(unassigned_node() if parent is None else parent, means)
    if groups:
        for key, rows in (
            (OUTPUTS_GROUP, outline.key_outputs),
            (MILESTONES_GROUP, outline.milestones),
        ):
            if rows:
                heading = add(0, heading=key)
                for row in rows:
                    add(heading, row)
    return nodes
