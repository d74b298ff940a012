"""Everything the review pack shows, read in one session with plain Core selects.

The pack used to ask the services for the outline, six registers and the whole plan
document (the latter only for the activities' mandate paragraphs and the checks): on a
large plan the same 15,000 items were read three times, the document most of it. Here
every table is read once and the records are built from id maps: the same records the
services return (``tests/test_review_pack_speed_source.py`` compares them), and for the
checks the document sections they read, with the values ``export_document`` writes.

The queries keep the services' ``ORDER BY`` wherever an order reaches a sheet, so rows
that tie come back as the services return them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from poa_desktop.domain.enums import (
    SIGNED_MOU_STATUSES,
    DependencyType,
    GenderMarker,
    ItemKind,
    MouStatus,
    PartnerKind,
    PartnerRoleKind,
    Status,
)
from poa_desktop.domain.errors import NotFoundError
from poa_desktop.domain.records import (
    ComponentRow,
    DependencyRow,
    IndicatorRow,
    ItemRow,
    MandateRow,
    MeasurementRow,
    MouRow,
    PartnerRoleRow,
    PartnerRow,
    PlanOutline,
)
from poa_desktop.services.plan_export import plan_ref
from poa_desktop.services.review_pack.cells import UNSTORABLE
from poa_desktop.store.database import Database
from poa_desktop.store.models import (
    Baseline,
    Component,
    Indicator,
    IndicatorMeasurement,
    Item,
    MandateParagraph,
    Mou,
    Partner,
    PartnerRole,
    Plan,
    ProgressNote,
    SourceFinding,
    activity_mandate,
    mou_output,
    mou_party,
    output_means,
)
from poa_desktop.store.models import Dependency as DependencyModel

_KINDS = {kind.value: kind for kind in ItemKind}
_STATUSES = {status.value: status for status in Status}
_MARKERS = {marker.value: marker for marker in GenderMarker}
_PARTNER_KINDS = {kind.value: kind for kind in PartnerKind}
_ROLES = {role.value: role for role in PartnerRoleKind}
_MOU_STATUSES = {status.value: status for status in MouStatus}
_DEPENDENCY_TYPES = {kind.value: kind for kind in DependencyType}
_SECTIONS = {
    ItemKind.ACTIVITY.value: "activities",
    ItemKind.MEANS.value: "means_of_action",
    ItemKind.OUTPUT.value: "key_outputs",
    ItemKind.MILESTONE.value: "milestones",
}
_ITEM_COLUMNS = (
    "id", "uuid", "kind", "code", "title", "description", "gender_note", "label", "number",
    "planned_start", "planned_end", "timing_text", "status", "percent_complete",
    "gender_marker", "component_id", "parent_id",
)  # fmt: skip


class Unmapped(Exception):
    """A row refers to something outside the plan's own rows (a database written by other
    means): the caller reads through the services instead, which join rather than map."""


@dataclass(frozen=True, slots=True)
class PackSource:
    """The records of the pack, the document sections the checks read, and whether any
    text holds a character a workbook cannot store (then the caller names it)."""

    outline: PlanOutline
    activity_mandates: dict[str, tuple[str, ...]]
    partners: tuple[PartnerRow, ...]
    partner_roles: tuple[PartnerRoleRow, ...]
    mous: tuple[MouRow, ...]
    dependencies: tuple[DependencyRow, ...]
    mandates: tuple[MandateRow, ...]
    indicators: tuple[IndicatorRow, ...]
    document: dict[str, Any]
    unstorable: bool


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _plain_number(value: float | None) -> float | int | None:
    """As ``export_document`` writes numbers: 47.0 as 47."""
    if value is not None and float(value).is_integer():
        return int(value)
    return value


def _has_unstorable(rows: Iterable[tuple[Any, ...]]) -> bool:
    """Whether any text of the rows holds a character a workbook cannot store: one search
    over all of it (tab, LF and CR are storable, so they join the texts)."""
    text = "\n".join([value for row in rows for value in row if isinstance(value, str)])
    return UNSTORABLE.search(text) is not None


def _links(rows: Iterable[tuple[int, int]], names: dict[int, str]) -> dict[int, list[str]]:
    """Codes linked to each owner, in the rows' order, as ``export_document`` lists them."""
    result: dict[int, list[str]] = defaultdict(list)
    for owner, target in rows:
        if target in names:
            result[owner].append(names[target])
    return result


def read_source(database: Database, plan_uuid: str, today: date) -> PackSource:
    """Read the pack's records in one session; raises NotFoundError for a missing plan and
    :class:`Unmapped` when the services must be asked instead."""
    with database.read() as session:
        run = session.execute
        plan = run(select(Plan.__table__).where(Plan.uuid == plan_uuid)).first()
        if plan is None:
            raise NotFoundError(f"No plan with id {plan_uuid} in this database.")
        pid = plan.id
        component_table = Component.__table__
        components = run(
            select(component_table.c.id, component_table.c.uuid, component_table.c.code,
                   component_table.c.title, component_table.c.cross_cutting,
                   component_table.c.description)
            .where(component_table.c.plan_id == pid)
            .order_by(component_table.c.sort_order, component_table.c.id)
        ).all()  # fmt: skip
        mandate_table = MandateParagraph.__table__
        mandates = run(
            select(mandate_table.c.id, mandate_table.c.uuid, mandate_table.c.code,
                   mandate_table.c.text)
            .where(mandate_table.c.plan_id == pid)
            .order_by(mandate_table.c.sort_order, mandate_table.c.id)
        ).all()  # fmt: skip
        item_table = Item.__table__
        items = run(
            select(*(item_table.c[name] for name in _ITEM_COLUMNS))
            .where(item_table.c.plan_id == pid)
            .order_by(item_table.c.sort_order, item_table.c.id)
        ).all()
        item_ids = select(Item.id).where(Item.plan_id == pid)
        mandate_links = run(
            select(activity_mandate.c.activity_id, activity_mandate.c.mandate_id)
            .where(activity_mandate.c.activity_id.in_(item_ids))
            .order_by(activity_mandate.c.activity_id, activity_mandate.c.sort_order,
                      activity_mandate.c.mandate_id)
        ).all()  # fmt: skip
        means_links = run(
            select(output_means.c.output_id, output_means.c.means_id)
            .where(output_means.c.output_id.in_(item_ids))
            .order_by(output_means.c.output_id, output_means.c.sort_order,
                      output_means.c.means_id)
        ).all()  # fmt: skip
        dependency_table = DependencyModel.__table__
        dependencies = run(
            select(dependency_table.c.uuid, dependency_table.c.predecessor_id,
                   dependency_table.c.successor_id, dependency_table.c.type,
                   dependency_table.c.lag_days, dependency_table.c.source_text)
            .where(dependency_table.c.plan_id == pid)
            .order_by(dependency_table.c.sort_order, dependency_table.c.id)
        ).all()  # fmt: skip
        partner_table = Partner.__table__
        partners = run(
            select(partner_table.c.id, partner_table.c.uuid, partner_table.c.code,
                   partner_table.c.name, partner_table.c.acronym, partner_table.c.kind,
                   partner_table.c.region, partner_table.c.notes)
            .where(partner_table.c.plan_id == pid)
            .order_by(partner_table.c.sort_order, partner_table.c.id)
        ).all()  # fmt: skip
        role_counts = dict(
            run(
                select(PartnerRole.partner_id, func.count())
                .join(Partner, Partner.id == PartnerRole.partner_id)
                .where(Partner.plan_id == pid)
                .group_by(PartnerRole.partner_id)
            ).all()
        )
        mou_counts = dict(
            run(
                select(mou_party.c.partner_id, func.count())
                .join(Partner, Partner.id == mou_party.c.partner_id)
                .where(Partner.plan_id == pid)
                .group_by(mou_party.c.partner_id)
            ).all()
        )
        role_table = PartnerRole.__table__
        roles = run(
            select(role_table.c.uuid, role_table.c.partner_id, role_table.c.item_id,
                   role_table.c.role, role_table.c.note)
            .join(partner_table, partner_table.c.id == role_table.c.partner_id)
            .where(partner_table.c.plan_id == pid)
            .order_by(role_table.c.sort_order, role_table.c.id)
        ).all()  # fmt: skip
        mou_table = Mou.__table__
        mous = run(
            select(mou_table.c.id, mou_table.c.uuid, mou_table.c.code, mou_table.c.title,
                   mou_table.c.status, mou_table.c.target_date, mou_table.c.signed_date,
                   mou_table.c.source_text, mou_table.c.notes)
            .where(mou_table.c.plan_id == pid)
            .order_by(mou_table.c.sort_order, mou_table.c.id)
        ).all()  # fmt: skip
        mou_ids = select(Mou.id).where(Mou.plan_id == pid)
        # The registers' own queries: their order reaches the Partners & MOUs sheet.
        parties: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for mou_id, code, name in run(
            select(mou_party.c.mou_id, Partner.code, Partner.name)
            .join(Partner, Partner.id == mou_party.c.partner_id)
            .where(mou_party.c.mou_id.in_(mou_ids))
            .order_by(mou_party.c.mou_id, mou_party.c.sort_order)
        ):
            parties[mou_id].append((code, name))
        mou_outputs: dict[int, list[str]] = defaultdict(list)
        for mou_id, code in run(
            select(mou_output.c.mou_id, Item.code)
            .join(Item, Item.id == mou_output.c.item_id)
            .where(mou_output.c.mou_id.in_(mou_ids))
            .order_by(mou_output.c.mou_id, mou_output.c.sort_order)
        ):
            mou_outputs[mou_id].append(code)
        measured: dict[int, list[MeasurementRow]] = defaultdict(list)
        for row in run(
            select(IndicatorMeasurement.__table__)
            .join(Indicator, Indicator.id == IndicatorMeasurement.indicator_id)
            .where(Indicator.plan_id == pid)
            .order_by(IndicatorMeasurement.measured_on, IndicatorMeasurement.sort_order)
        ):
            measured[row.indicator_id].append(
                MeasurementRow(row.uuid, row.measured_on, row.value, row.note)
            )
        indicators = run(
            select(Indicator.__table__)
            .where(Indicator.plan_id == pid)
            .order_by(Indicator.sort_order, Indicator.id)
        ).all()
        finding_table = SourceFinding.__table__
        findings = run(
            select(finding_table.c.uuid, finding_table.c.code, finding_table.c.subject,
                   finding_table.c.text)
            .where(finding_table.c.plan_id == pid)
            .order_by(finding_table.c.sort_order, finding_table.c.id)
        ).all()  # fmt: skip
        # Read only to refuse text a workbook cannot store, as the plan's document did.
        note_table = ProgressNote.__table__
        notes = run(
            select(note_table.c.uuid, note_table.c.author, note_table.c.text).where(
                note_table.c.item_id.in_(item_ids)
            )
        ).all()
        baseline_table = Baseline.__table__
        baselines = run(
            select(baseline_table.c.uuid, baseline_table.c.name, baseline_table.c.note).where(
                baseline_table.c.plan_id == pid
            )
        ).all()

    tables = (components, mandates, items, dependencies, partners, roles, mous, indicators,
              findings, notes, baselines)  # fmt: skip
    measurements = ((row.uuid, row.note) for rows in measured.values() for row in rows)
    unstorable = any(_has_unstorable(rows) for rows in tables) or _has_unstorable(measurements)

    component_code = {row[0]: row[2] for row in components}
    mandate_code = {row[0]: row[2] for row in mandates}
    item_by_id = {row[0]: row for row in items}
    item_code = {row[0]: row[3] for row in items}
    partner_by_id = {row[0]: row for row in partners}

    # --- the outline (PlanService.outline) ----------------------------------------------
    numbers: dict[int, list[int]] = defaultdict(list)
    for output_id, means_id in means_links:
        numbers[means_id].append(item_by_id[output_id][8])
    key_numbers = {
        means: tuple(sorted(found, key=lambda n: (n is not None, n or 0)))
        for means, found in numbers.items()
    }
    by_kind: dict[str, list[ItemRow]] = defaultdict(list)
    for row in items:
        (row_id, uuid, kind, code, title, _description, _gender_note, label, number, start,
         end, timing_text, status, percent, marker, component_id, parent_id) = row  # fmt: skip
        parent = item_by_id.get(parent_id) if parent_id is not None else None
        if parent_id is not None and parent is None:
            raise Unmapped(f"item {code}: its parent is not in the plan")
        own_component = component_code.get(component_id) if component_id is not None else None
        parent_component = (
            component_code.get(parent[15]) if parent is not None and parent[15] is not None
            else None
        )  # fmt: skip
        if (component_id is not None and own_component is None) or (
            parent is not None and parent[15] is not None and parent_component is None
        ):
            raise Unmapped(f"item {code}: its component is not in the plan")
        by_kind[kind].append(
            ItemRow(
                uuid,
                _KINDS[kind],
                code,
                title,
                own_component or parent_component,
                parent[3] if parent is not None else None,
                label,
                number,
                start,
                end,
                timing_text,
                _STATUSES[status],
                percent,
                _MARKERS[marker],
                key_numbers.get(row_id, ()),
            )
        )
    outline = PlanOutline(
        plan=plan_ref(plan),
        components=tuple(ComponentRow(row[1], row[2], row[3], row[4]) for row in components),
        activities=tuple(by_kind[ItemKind.ACTIVITY.value]),
        means_of_action=tuple(by_kind[ItemKind.MEANS.value]),
        key_outputs=tuple(sorted(by_kind[ItemKind.OUTPUT.value], key=lambda row: row.number or 0)),
        milestones=tuple(by_kind[ItemKind.MILESTONE.value]),
    )

    # --- registers (RegisterService) ----------------------------------------------------
    activity_mandates = _links(mandate_links, mandate_code)
    position = {row[0]: index for index, row in enumerate(items)}
    activities_of: dict[int, list[int]] = defaultdict(list)
    for activity_id, mandate_id in mandate_links:
        activities_of[mandate_id].append(activity_id)
    mandate_rows = tuple(
        MandateRow(row[1], row[2], row[3],
                   tuple(item_code[a] for a in sorted(activities_of[row[0]], key=position.get)))
        for row in mandates
    )  # fmt: skip
    partner_rows = tuple(
        PartnerRow(uuid=uuid, code=code, name=name, acronym=acronym, kind=_PARTNER_KINDS[kind],
                   region=region, notes=notes, role_count=role_counts.get(row_id, 0),
                   mou_count=mou_counts.get(row_id, 0))
        for row_id, uuid, code, name, acronym, kind, region, notes in partners
    )  # fmt: skip
    role_rows = []
    for uuid, partner_id, item_id, role, note in roles:
        partner, item = partner_by_id[partner_id], item_by_id.get(item_id)
        if item is None:
            raise Unmapped(f"partner role {uuid}: its item is not in the plan")
        role_rows.append(
            PartnerRoleRow(
                uuid,
                partner[1],
                partner[2],
                partner[3],
                item[1],
                item[3],
                item[4],
                _ROLES[role],
                note,
            )
        )
    signed = {status.value for status in SIGNED_MOU_STATUSES}
    mou_rows = tuple(
        MouRow(uuid=uuid, code=code, title=title, status=_MOU_STATUSES[status],
               target_date=target, signed_date=signed_on,
               party_codes=tuple(code for code, _ in parties[row_id]),
               party_names=tuple(name for _, name in parties[row_id]),
               output_codes=tuple(mou_outputs[row_id]), source_text=source, notes=notes,
               overdue=status not in signed and target is not None and target < today)
        for row_id, uuid, code, title, status, target, signed_on, source, notes in mous
    )  # fmt: skip
    dependency_rows = []
    for uuid, before_id, after_id, kind, lag, source in dependencies:
        before, after = item_by_id.get(before_id), item_by_id.get(after_id)
        if before is None or after is None:
            raise Unmapped(f"dependency {uuid}: an item is not in the plan")
        dependency_rows.append(
            DependencyRow(
                uuid,
                before[1],
                before[3],
                before[4],
                after[1],
                after[3],
                after[4],
                _DEPENDENCY_TYPES[kind],
                lag,
                source,
            )
        )
    indicator_rows = tuple(
        IndicatorRow(uuid=row.uuid, code=row.code, title=row.title, unit=row.unit,
                     baseline_value=row.baseline_value, baseline_date=row.baseline_date,
                     target_value=row.target_value, target_date=row.target_date,
                     source_text=row.source_text, measurements=tuple(measured[row.id]))
        for row in indicators
    )  # fmt: skip

    # --- the document sections run_checks reads (export_document's values) -------------
    means_of_output = _links(means_links, item_code)
    document: dict[str, Any] = {
        "plan": {
            "uuid": plan.uuid, "code": plan.code, "title": plan.title,
            "period_start": _iso(plan.period_start), "period_end": _iso(plan.period_end),
        },
        "components": [
            {"uuid": row[1], "code": row[2], "title": row[3], "cross_cutting": row[4],
             "description": row[5]}
            for row in components
        ],
        "mandates": [{"uuid": row[1], "code": row[2], "text": row[3]} for row in mandates],
        **{section: [] for section in _SECTIONS.values()},
    }  # fmt: skip
    for row in items:
        (row_id, uuid, kind, code, title, description, gender_note, label, number, start,
         end, timing_text, status, percent, marker, component_id, parent_id) = row  # fmt: skip
        entry = {
            "uuid": uuid, "code": code, "title": title, "description": description,
            "timing_text": timing_text, "start": _iso(start), "end": _iso(end),
            "status": status, "percent_complete": percent, "gender_marker": marker,
            "gender_note": gender_note,
        }  # fmt: skip
        if kind == ItemKind.ACTIVITY.value:
            entry["component"] = component_code[component_id]
            entry["mandates"] = activity_mandates.get(row_id, [])
        elif kind == ItemKind.MEANS.value:
            entry["activity"] = item_code[parent_id]
            entry["label"] = label
        elif kind == ItemKind.OUTPUT.value:
            entry["number"] = number
            entry["component"] = component_code[component_id]
            entry["means"] = means_of_output.get(row_id, [])
            entry["start_year"] = start.year if start else None
            entry["end_year"] = end.year if end else None
        document[_SECTIONS[kind]].append(entry)
    document["dependencies"] = [
        {"uuid": uuid, "from": item_code[before], "to": item_code[after], "type": kind,
         "lag_days": lag, "source_text": source}
        for uuid, before, after, kind, lag, source in dependencies
    ]  # fmt: skip
    document["mous"] = [
        {"uuid": uuid, "code": code, "title": title, "status": status,
         "target_date": _iso(target), "signed_date": _iso(signed_on), "source_text": source,
         "notes": notes}
        for _, uuid, code, title, status, target, signed_on, source, notes in mous
    ]  # fmt: skip
    document["indicators"] = [
        {"uuid": row.uuid, "code": row.code, "title": row.title, "unit": row.unit,
         "baseline_value": _plain_number(row.baseline_value),
         "baseline_date": _iso(row.baseline_date),
         "target_value": _plain_number(row.target_value), "target_date": _iso(row.target_date),
         "source_text": row.source_text}
        for row in indicators
    ]  # fmt: skip
    document["findings"] = [
        {"uuid": uuid, "code": code, "subject": subject, "text": text}
        for uuid, code, subject, text in findings
    ]
    return PackSource(
        outline=outline,
        activity_mandates={
            entry["code"]: tuple(entry["mandates"]) for entry in document["activities"]
        },
        partners=partner_rows,
        partner_roles=tuple(role_rows),
        mous=mou_rows,
        dependencies=tuple(dependency_rows),
        mandates=mandate_rows,
        indicators=indicator_rows,
        document=document,
        unstorable=unstorable,
    )
