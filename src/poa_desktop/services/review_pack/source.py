"""Everything a review pack shows, read once before a cell is written.

Reading first means a plan or baseline that does not exist is refused before any file is
touched, and the sheets are drawn from one consistent set of records. The records come
from one read session (source_read.py), the same the services would return; a plan
service that does not say its database is asked through the services instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from poa_desktop import __version__
from poa_desktop.domain.checks import run_checks
from poa_desktop.domain.enums import SIGNED_MOU_STATUSES
from poa_desktop.domain.errors import UserError
from poa_desktop.domain.records import (
    BaselineRef,
    DependencyRow,
    Finding,
    IndicatorRow,
    ItemRow,
    MandateRow,
    MouRow,
    PartnerRoleRow,
    PartnerRow,
    PlanOutline,
    PlanRef,
    SlipRow,
)
from poa_desktop.services.review_pack.cells import UNSTORABLE
from poa_desktop.services.review_pack.source_read import PackSource, Unmapped, read_source


@dataclass(frozen=True, slots=True)
class PackData:
    plan: PlanRef
    outline: PlanOutline
    activity_mandates: dict[str, tuple[str, ...]]  # activity code -> paragraph codes, in order
    partners: tuple[PartnerRow, ...]
    partner_roles: tuple[PartnerRoleRow, ...]
    mous: tuple[MouRow, ...]
    dependencies: tuple[DependencyRow, ...]
    mandates: tuple[MandateRow, ...]
    indicators: tuple[IndicatorRow, ...]
    findings: tuple[Finding, ...]
    today: date
    baseline: BaselineRef | None = None
    slips: tuple[SlipRow, ...] = ()
    version: str = __version__
    means_by_activity: dict[str, list[ItemRow]] = field(default_factory=dict)

    @property
    def heading(self) -> str:
        return f"{self.plan.title} ({self.plan.code})"

    @property
    def footer(self) -> str:
        return f"Exported {self.today.isoformat()} by poa-desktop {self.version}"

    def subtitle(self, what: str) -> str:
        source = f" · {self.plan.source_document}" if self.plan.source_document else ""
        return f"{what} · plan {self.plan.code}{source} · exported {self.today.isoformat()}"

    def years(self) -> list[int]:
        return list(range(self.plan.period_start.year, self.plan.period_end.year + 1))

    def mou_overdue(self, mou: MouRow) -> bool:
        """Overdue as of the export's day (not the day the rows were read)."""
        return (
            mou.status not in SIGNED_MOU_STATUSES
            and mou.target_date is not None
            and mou.target_date < self.today
        )


def refuse_unstorable_text(document: Mapping[str, Any]) -> None:
    """Refuse text a workbook cannot store, naming the entry and field (the editor never
    stores such text; a database written by other means may hold it). The cell writer
    would refuse it too, but by sheet and cell, which says less about what to fix."""
    for section, entries in document.items():
        if not isinstance(entries, list):
            continue
        for entry in entries:
            for key, value in entry.items():
                if isinstance(value, str) and (bad := UNSTORABLE.search(value)):
                    name = entry.get("code") or entry.get("name") or entry.get("uuid")
                    raise UserError(
                        f"{section} {name}: {key} holds the control character "
                        f"U+{ord(bad.group()):04X}, which a workbook cannot store; remove it "
                        "in the plan first (nothing was written)."
                    )


def collect(
    plan_service: Any,
    registers: Any,
    baselines: Any,
    plan_uuid: str,
    baseline_name: str | None,
    today: date,
) -> PackData:
    """Read the plan, its registers, findings and (when named) the baseline comparison.

    Everything is read in one session (source_read.py); the findings are ``run_checks``
    over the document sections read there, what ``plan_service.findings`` computes. Text a
    workbook cannot store is named from the plan's whole document, as before."""
    database = getattr(plan_service, "database", None)
    source = None
    if database is not None:
        try:
            source = read_source(database, plan_uuid, today)
        except Unmapped:  # rows that refer outside the plan: the services join them
            source = None
    if source is None:
        source = _source_through_services(plan_service, registers, plan_uuid)
    if source.unstorable:  # rare: the document names the entry and field
        refuse_unstorable_text(plan_service.document(plan_uuid, validated=False))
    baseline = slips = None
    if baseline_name is not None:
        baseline = baselines.find(plan_uuid, baseline_name)
        slips = baselines.compare(plan_uuid, baseline.uuid)
    outline = source.outline
    means: dict[str, list[ItemRow]] = defaultdict(list)
    for row in outline.means_of_action:
        means[row.parent_code or ""].append(row)
    return PackData(
        plan=outline.plan,
        outline=outline,
        activity_mandates=source.activity_mandates,
        partners=source.partners,
        partner_roles=source.partner_roles,
        mous=source.mous,
        dependencies=source.dependencies,
        mandates=source.mandates,
        indicators=source.indicators,
        findings=tuple(run_checks(source.document, today=today)),
        today=today,
        baseline=baseline,
        slips=tuple(slips or ()),
        means_by_activity=dict(means),
    )


def _source_through_services(plan_service: Any, registers: Any, plan_uuid: str) -> PackSource:
    """The same records read through the services (slower: the whole plan document)."""
    document = plan_service.document(plan_uuid, validated=False)
    refuse_unstorable_text(document)
    return PackSource(
        outline=plan_service.outline(plan_uuid),
        activity_mandates={
            entry["code"]: tuple(entry["mandates"]) for entry in document["activities"]
        },
        partners=registers.partners(plan_uuid),
        partner_roles=registers.partner_roles(plan_uuid),
        mous=registers.mous(plan_uuid),
        dependencies=registers.dependencies(plan_uuid),
        mandates=registers.mandates(plan_uuid),
        indicators=registers.indicators(plan_uuid),
        document=document,
        unstorable=False,  # refused above, by entry and field
    )
