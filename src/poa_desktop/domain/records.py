"""Plain, immutable data handed from the services to the UI and the command line.

The UI never sees an ORM object: these rows are safe to keep after the transaction that
read them has closed, to pass between threads, and to compare in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from poa_desktop.domain.enums import GenderMarker, ItemKind, Status


@dataclass(frozen=True, slots=True)
class PlanRef:
    """Enough of a plan to list it and to name it in a title bar."""

    uuid: str
    code: str
    title: str
    period_start: date
    period_end: date
    source_document: str


@dataclass(frozen=True, slots=True)
class ComponentRow:
    uuid: str
    code: str
    title: str
    cross_cutting: bool


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One schedulable item: an activity, a means of action, a key output or a milestone.

    ``parent_code`` is the activity of a means of action; ``component_code`` is set for
    activities, key outputs and (through their activity) means of action.
    ``key_output_numbers`` lists the Figure 1 outputs a means of action delivers (empty
    for other kinds), which is how the source's bold type is kept.
    """

    uuid: str
    kind: ItemKind
    code: str
    title: str
    component_code: str | None
    parent_code: str | None
    label: str
    number: int | None
    start: date | None
    end: date | None
    timing_text: str
    status: Status
    percent_complete: int
    gender_marker: GenderMarker
    key_output_numbers: tuple[int, ...] = ()

    @property
    def is_key_output_means(self) -> bool:
        return bool(self.key_output_numbers)


@dataclass(frozen=True, slots=True)
class PlanOutline:
    """The whole plan as rows, in display order, for trees, tables and charts."""

    plan: PlanRef
    components: tuple[ComponentRow, ...]
    activities: tuple[ItemRow, ...]
    means_of_action: tuple[ItemRow, ...]
    key_outputs: tuple[ItemRow, ...]
    milestones: tuple[ItemRow, ...]


@dataclass(frozen=True, slots=True)
class PlanCounts:
    """How many of each thing a plan holds; ``components`` excludes cross-cutting lines
    (the shipped plan has five components and gender mainstreaming across all)."""

    components: int
    activities: int
    means_of_action: int
    key_outputs: int
    milestones: int
    dependencies: int
    partners: int
    mous: int
    indicators: int
    mandates: int
    cross_cutting_lines: int = 0


@dataclass(frozen=True, slots=True)
class LinkedItem:
    """Another item seen from the one being shown (a dependency end, a delivered output)."""

    code: str
    title: str
    relation: str  # e.g. "FS +0 d", "delivers", "delivered by"


@dataclass(frozen=True, slots=True)
class PartnerLink:
    partner_code: str
    partner_name: str
    role: str


@dataclass(frozen=True, slots=True)
class MandateRef:
    code: str
    text: str


@dataclass(frozen=True, slots=True)
class ProgressNoteRow:
    noted_on: date
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class ItemDetail:
    """Everything the detail pane shows for one item."""

    row: ItemRow
    description: str
    gender_note: str
    mandates: tuple[MandateRef, ...] = ()
    partners: tuple[PartnerLink, ...] = ()
    predecessors: tuple[LinkedItem, ...] = ()
    successors: tuple[LinkedItem, ...] = ()
    outputs: tuple[LinkedItem, ...] = field(default=())
    progress_notes: tuple[ProgressNoteRow, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One data-quality finding from ``check``.

    ``severity`` is ``error`` (the data cannot be right), ``warning`` (it may be right but
    deserves a look) or ``note`` (recorded when the plan was transcribed from its source).
    """

    code: str
    severity: str
    subject: str
    message: str
