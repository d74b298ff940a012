"""Plain, immutable data handed from the services to the UI and the command line.

The UI never sees an ORM object: these rows are safe to keep after the transaction that
read them has closed, to pass between threads, and to compare in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from poa_desktop.domain.enums import (
    DependencyType,
    GenderMarker,
    ItemKind,
    MouStatus,
    PartnerKind,
    PartnerRoleKind,
    Status,
)
from poa_desktop.domain.quick_init import stored_through_slots


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


@stored_through_slots  # read by the thousand
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
    uuid: str = ""


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


# --- registers: partners, MOUs, dependencies, mandates, indicators --------------------------


@dataclass(frozen=True, slots=True)
class PartnerRow:
    uuid: str
    code: str
    name: str
    acronym: str
    kind: PartnerKind
    region: str
    notes: str
    role_count: int  # how many activities, means and outputs it has a role on
    mou_count: int  # how many MOUs it is a party to


@stored_through_slots  # read by the thousand
@dataclass(frozen=True, slots=True)
class PartnerRoleRow:
    uuid: str
    partner_uuid: str
    partner_code: str
    partner_name: str
    item_uuid: str
    item_code: str
    item_title: str
    role: PartnerRoleKind
    note: str


@stored_through_slots  # read by the thousand
@dataclass(frozen=True, slots=True)
class MouRow:
    """An MOU with its parties and outputs by code; ``overdue`` when its target date has
    passed (as of the day the row was read) and it is not signed."""

    uuid: str
    code: str
    title: str
    status: MouStatus
    target_date: date | None
    signed_date: date | None
    party_codes: tuple[str, ...]
    party_names: tuple[str, ...]
    output_codes: tuple[str, ...]
    source_text: str
    notes: str
    overdue: bool


@stored_through_slots  # read by the thousand
@dataclass(frozen=True, slots=True)
class DependencyRow:
    uuid: str
    from_uuid: str
    from_code: str
    from_title: str
    to_uuid: str
    to_code: str
    to_title: str
    type: DependencyType
    lag_days: int
    source_text: str


@dataclass(frozen=True, slots=True)
class MandateRow:
    """A mandate paragraph and the activities that implement it (none: flagged)."""

    uuid: str
    code: str
    text: str
    activity_codes: tuple[str, ...]

    @property
    def implemented(self) -> bool:
        return bool(self.activity_codes)


@dataclass(frozen=True, slots=True)
class GenderCoverageRow:
    """Per component: how many activities carry a gender marker, and which do not."""

    component_code: str
    component_title: str
    activities: int
    by_marker: tuple[tuple[GenderMarker, int], ...]
    unscreened_codes: tuple[str, ...]
    component_uuid: str = ""
    unscreened_uuids: tuple[str, ...] = ()

    @property
    def marked(self) -> int:
        return self.activities - len(self.unscreened_codes)


@dataclass(frozen=True, slots=True)
class MeasurementRow:
    uuid: str
    measured_on: date
    value: float
    note: str


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """An indicator with its measurements; ``progress`` is the share of the way from
    baseline to target that the latest measurement has come (None when not computable)."""

    uuid: str
    code: str
    title: str
    unit: str
    baseline_value: float | None
    baseline_date: date | None
    target_value: float | None
    target_date: date | None
    source_text: str
    measurements: tuple[MeasurementRow, ...]

    @property
    def latest(self) -> MeasurementRow | None:
        return max(self.measurements, key=lambda row: row.measured_on, default=None)

    @property
    def progress(self) -> float | None:
        latest = self.latest
        if latest is None or self.baseline_value is None or self.target_value is None:
            return None
        span = self.target_value - self.baseline_value
        if span == 0:
            return None
        return (latest.value - self.baseline_value) / span


# --- scheduling -------------------------------------------------------------------------------


@stored_through_slots  # read by the thousand
@dataclass(frozen=True, slots=True)
class ScheduleRow:
    """One item's planned dates beside its early and late dates and total slack."""

    uuid: str
    code: str
    title: str
    kind: ItemKind
    planned_start: date
    planned_end: date
    early_start: date
    early_finish: date
    late_start: date
    late_finish: date
    total_slack_days: int
    critical: bool


@dataclass(frozen=True, slots=True)
class PlanSchedule:
    rows: tuple[ScheduleRow, ...]
    critical_path: tuple[str, ...]  # item codes, first to last
    unscheduled: tuple[str, ...]  # item codes without planned dates
    finish: date | None


# --- baselines --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BaselineRef:
    uuid: str
    name: str
    taken_on: date
    note: str
    items: int


@dataclass(frozen=True, slots=True)
class SlipRow:
    """One item against a baseline. ``change`` is ``added`` (not in the baseline),
    ``removed`` (deleted since), ``changed`` or ``unchanged``; slips are in days, later is
    positive, None where either side has no date."""

    item_uuid: str
    code: str
    title: str
    kind: ItemKind
    change: str
    baseline_start: date | None
    baseline_end: date | None
    start: date | None
    end: date | None
    start_slip_days: int | None
    finish_slip_days: int | None
    baseline_status: Status | None
    status: Status | None
    baseline_percent: int | None
    percent: int | None
    baseline_title: str | None

    @property
    def retimed(self) -> bool:
        return bool(self.start_slip_days or self.finish_slip_days)
