"""The window's first read of the plan, done on the worker.

Right after the frame is painted the window needs the list of plans, the outline of the
plan to show, and what its first views read (the dependencies the chart draws, the
partners the filter bar offers). Read on the GUI thread these were a pause of 60-120 ms,
half of it SQLAlchemy compiling each statement the first time it runs. On the worker the
window answers meanwhile, and the statements the user's first steps need (an item's
detail, the counts, the baselines) are compiled there too, once, so that the first
selection does not pay for it. The reads are plain Python over the services.

Once the plan is shown, the modules of the views not shown yet are imported on the
worker, and those views are built and read in idle turns (``start_views_warm_up``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from poa_desktop.domain.collector import kept_all_session
from poa_desktop.domain.records import PlanOutline, PlanRef

if TYPE_CHECKING:
    from poa_desktop.ui.main_window import MainWindow
    from poa_desktop.ui.workers import JobRunner

#: How long after the plan is shown networkx loads off the GUI thread (for the chart's
#: slack and critical path, and the network view).
WARM_UP_MS = 1500
#: What the views not yet shown import, imported then on a worker.
WARM_UP_MODULES = (
    "networkx",
    *(f"poa_desktop.ui.{name}" for name in ("registers", "outputs_view", "network")),
)

#: Register reads the first views make, handed to the window's cache of them.
PRIMED_REGISTERS = ("dependencies", "partners")


@dataclass(frozen=True)
class FirstRead:
    """What the worker read: the plans, the outline of the one to show (None when there
    is none), and register reads by (method, plan uuid)."""

    plans: list[PlanRef] = field(default_factory=list)
    outline: PlanOutline | None = None
    registers: dict[tuple[str, str], Any] = field(default_factory=dict)


def read_first(reader: Any, registers: Any, baselines: Any, remembered: str) -> FirstRead:
    """The plans, and the remembered plan (else the first) with its first views' reads."""
    plans = list(reader.list_plans())
    uuids = [plan.uuid for plan in plans]
    first = remembered if remembered in uuids else (uuids[0] if uuids else "")
    if not first:
        return FirstRead(plans)
    outline = reader.outline(first)
    read = {(method, first): getattr(registers, method)(first) for method in PRIMED_REGISTERS}
    # Read and dropped: their statements are compiled here, and the window's own reads of
    # them (the status bar's counts, the chart's baselines) then take a few milliseconds.
    reader.counts(first)
    if baselines is not None:
        baselines.baselines(first)
    return FirstRead(plans, outline, read)


def warm_up_reads(reader: Any, registers: Any, outline: PlanOutline) -> None:
    """Run once, and drop, the reads of the user's first steps (selecting an activity or
    a means of action), so their statements are compiled here."""
    plan = outline.plan.uuid
    for rows in (outline.activities, outline.means_of_action):
        if rows:
            reader.item_detail(rows[0].uuid)
            registers.partner_roles(plan, item_uuid=rows[0].uuid)
    registers.mandates(plan)


def start_reads_warm_up(jobs: JobRunner, reader: Any, registers: Any, outline: PlanOutline) -> None:
    """``warm_up_reads`` on the worker, quietly."""
    jobs.run(
        QCoreApplication.translate("first_load", "Preparing the editor"),
        lambda _job: warm_up_reads(reader, registers, outline),
        None,
        quiet=True,
    )


def start_views_warm_up(window: MainWindow) -> None:
    """Import on the worker what the views not shown yet and the chart's slack need
    (``WARM_UP_MODULES``), then build those views in idle turns and let the chart read
    its slack. What the imports make lives all session (``kept_all_session``)."""
    if not window.isVisible():
        return

    def imported(_result: object) -> None:
        window.layout_.prepare_hidden_views()
        if window.chart is not None and window.chart.schedule_stale:
            window.chart.update_schedule()

    window.jobs.run(
        QCoreApplication.translate("first_load", "Preparing the views"),
        kept_all_session(lambda _job: [importlib.import_module(n) for n in WARM_UP_MODULES]),
        imported,
        quiet=True,
    )
