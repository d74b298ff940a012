"""The chart's rows as plain values: one ``Entry`` per component or item, the default row
order, and the words of labels and tooltips.

A component has no dates of its own; its entry spans its activities, so the chart draws it
as a summary over them like the tree shows it above them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from poa_desktop.domain.enums import ItemKind, Status
from poa_desktop.domain.records import (
    ComponentRow,
    DependencyRow,
    ItemRow,
    PlanOutline,
    ScheduleRow,
    SlipRow,
)
from poa_desktop.domain.timeline import earliest
from poa_desktop.ui.gantt.style import tr
from poa_desktop.ui.status_style import status_label

COMPONENT = "component"
_MILESTONE = ItemKind.MILESTONE.value
_SUMMARIES = frozenset({COMPONENT, ItemKind.ACTIVITY.value})


class Entry(NamedTuple):
    """What one row of the chart draws (a named tuple: a large plan makes 15,000 of them
    on every re-read, three times faster than frozen dataclasses)."""

    uuid: str
    kind: str  # "component" or an ItemKind value
    code: str
    title: str
    start: date | None
    end: date | None
    status: Status | None
    percent: int
    key_outputs: tuple[int, ...] = ()

    @property
    def dated(self) -> bool:
        return self.start is not None and self.end is not None

    @property
    def milestone(self) -> bool:
        return self.kind == _MILESTONE

    @property
    def summary(self) -> bool:
        return self.kind in _SUMMARIES

    @property
    def editable(self) -> bool:
        """Items have dates to drag; a component's span follows its activities."""
        return self.kind != COMPONENT and self.dated


def entries(rows: Iterable[ItemRow | ComponentRow]) -> dict[str, Entry]:
    """One entry per row, by uuid; a component spans its activities' dates."""
    rows = list(rows)
    spans: dict[str, list[date]] = {}
    for row in rows:
        if isinstance(row, ItemRow) and row.kind is ItemKind.ACTIVITY and row.component_code:
            for day in (row.start, row.end):
                if day is not None:
                    spans.setdefault(row.component_code, []).append(day)
    result: dict[str, Entry] = {}
    for row in rows:
        if isinstance(row, ComponentRow):
            days = spans.get(row.code, [])
            result[row.uuid] = Entry(
                row.uuid,
                COMPONENT,
                row.code,
                row.title,
                min(days) if days else None,
                max(days) if days else None,
                None,
                0,
            )
        else:
            result[row.uuid] = Entry(
                row.uuid,
                str(row.kind),  # a StrEnum's str() is its value (and much cheaper than .value)
                row.code,
                row.title,
                row.start,
                row.end,
                row.status,
                row.percent_complete,
                row.key_output_numbers,
            )
    return result


def outline_rows(outline: PlanOutline) -> list[ItemRow | ComponentRow]:
    """The rows in the plan tree's order (component, its activities, each followed by
    its means of action), then the key outputs, then the milestones: the default order
    until the window hands over the tree's visible rows."""
    rows: list[ItemRow | ComponentRow] = []
    placed: set[str] = set()
    means_by_activity: dict[str, list[ItemRow]] = {}
    for means in outline.means_of_action:
        means_by_activity.setdefault(means.parent_code or "", []).append(means)
    for component in outline.components:
        rows.append(component)
        for activity in outline.activities:
            if activity.component_code != component.code:
                continue
            rows.append(activity)
            rows.extend(means_by_activity.get(activity.code, []))
    placed = {row.uuid for row in rows}
    rows.extend(
        row for row in outline.activities + outline.means_of_action if row.uuid not in placed
    )
    rows.extend(outline.key_outputs)
    rows.extend(outline.milestones)
    return rows


def label_text(entry: Entry) -> str:
    """What a bar says beside itself: the code (the tree beside it gives the title), the
    key outputs a means delivers, a milestone's short title."""
    if entry.milestone:
        return textwrap.shorten(entry.title, width=34, placeholder="…")
    if entry.kind == ItemKind.OUTPUT.value:
        return f"★ {entry.code}"
    if entry.key_outputs:
        return f"{entry.code}  ★" + ",".join(f"KO{n}" for n in entry.key_outputs)
    if not entry.dated and entry.kind != COMPONENT:
        return tr("{code}: no planned dates").format(code=entry.code)
    return entry.code


def kind_name(kind: str) -> str:
    return {
        COMPONENT: tr("Component"),
        ItemKind.ACTIVITY.value: tr("Activity"),
        ItemKind.MEANS.value: tr("Means of action"),
        ItemKind.OUTPUT.value: tr("Key output"),
        ItemKind.MILESTONE.value: tr("Milestone"),
    }[kind]


def _days(value: int) -> str:
    return tr("{n:+d} days").format(n=value) if value else tr("on time")


def tooltip(
    entry: Entry,
    schedule: ScheduleRow | None = None,
    slip: SlipRow | None = None,
    baseline_name: str = "",
    violations: Sequence[str] = (),
    critical: bool = False,
) -> str:
    """Everything the hover tip says about a row, one fact per line."""
    lines = [f"{entry.code} — {textwrap.shorten(entry.title, width=90, placeholder='…')}"]
    kind = kind_name(entry.kind)
    if entry.key_outputs:
        kind += " · " + tr("delivers {codes}").format(
            codes=", ".join(f"KO{n}" for n in entry.key_outputs)
        )
    lines.append(kind)
    if entry.start is not None and entry.end is not None:
        if entry.milestone:
            lines.append(tr("Date: {day}").format(day=entry.start.isoformat()))
        else:
            lines.append(
                tr("Planned: {start} to {end} ({days} days)").format(
                    start=entry.start.isoformat(),
                    end=entry.end.isoformat(),
                    days=(entry.end - entry.start).days + 1,
                )
            )
    else:
        lines.append(tr("No planned dates"))
    if entry.status is not None:
        lines.append(
            tr("Status: {status} · {percent} % complete").format(
                status=status_label(entry.status), percent=entry.percent
            )
        )
    if schedule is not None:
        text = tr("Total slack: {days} days").format(days=schedule.total_slack_days)
        if schedule.critical:
            text += " " + tr("(critical)")
        lines.append(text)
        lines.append(
            tr("Early start {es}, late finish {lf}").format(
                es=schedule.early_start.isoformat(), lf=schedule.late_finish.isoformat()
            )
        )
    if critical:
        lines.append(tr("On the critical path"))
    if slip is not None:
        lines.extend(_slip_lines(slip, baseline_name))
    lines.extend(tr("Violated: {text}").format(text=text) for text in violations)
    return "\n".join(lines)


def _slip_lines(slip: SlipRow, baseline_name: str) -> list[str]:
    name = baseline_name or tr("the baseline")
    if slip.change == "added":
        return [tr("Not in baseline “{name}” (added since)").format(name=name)]
    if slip.baseline_start is None or slip.baseline_end is None:
        return [tr("Baseline “{name}”: no dates").format(name=name)]
    lines = [
        tr("Baseline “{name}”: {start} to {end}").format(
            name=name, start=slip.baseline_start.isoformat(), end=slip.baseline_end.isoformat()
        )
    ]
    if slip.start_slip_days is not None and slip.finish_slip_days is not None:
        lines.append(
            tr("Slippage: start {start}, finish {finish}").format(
                start=_days(slip.start_slip_days), finish=_days(slip.finish_slip_days)
            )
        )
    return lines


def violation_text(dependency: DependencyRow, before: Entry | None = None) -> str:
    """ "IV.2(ii): FS on I.3(i) wants it to start on or after 2015-01-01"."""
    text = tr("{to}: {type} dependency on {frm}").format(
        to=dependency.to_code, type=dependency.type.value, frm=dependency.from_code
    )
    if dependency.lag_days:
        text += " " + tr("(lag {n:+d} days)").format(n=dependency.lag_days)
    if before is not None and before.start is not None and before.end is not None:
        end, day = earliest(dependency.type, dependency.lag_days, before.start, before.end)
        verb = tr("start") if end.value == "start" else tr("finish")
        text += " " + tr("wants it to {verb} on or after {day}").format(
            verb=verb, day=day.isoformat()
        )
    return text
