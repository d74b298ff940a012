"""Reading what the network lenses need, and handing them over as plain data.

The records come from ``PlanService`` and ``RegisterService`` (one read session each); the
graphs and the answers to the metrics panel's questions are built by ``domain.network``.
A ``NetworkSnapshot`` holds no session and no ORM object: the window may keep it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from poa_desktop.domain.errors import UserError
from poa_desktop.domain.network import (
    DEPENDENCIES,
    LENSES,
    PARTNERS,
    Network,
    NetworkSource,
    build_dependency_graph,
    build_partner_graph,
)
from poa_desktop.domain.network_metrics import NetworkMetrics, network_metrics
from poa_desktop.domain.records import PlanRef
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.register_service import RegisterService
from poa_desktop.store.database import Database


@dataclass(frozen=True, slots=True)
class NetworkSnapshot:
    """Both lenses of one plan as read at one moment, with the metrics over them."""

    plan: PlanRef
    partners: Network
    dependencies: Network
    metrics: NetworkMetrics
    today: date

    def lens(self, name: str) -> Network:
        return self.partners if name == PARTNERS else self.dependencies


class NetworkService:
    """Builds the network lenses of a plan. ``today`` decides which MOUs are overdue."""

    def __init__(self, database: Database, today: Callable[[], date] = date.today) -> None:
        self._plans = PlanService(database)
        self._registers = RegisterService(database, today=today)
        self._today = today

    def source(self, plan_uuid: str) -> NetworkSource:
        """The records the lenses are built from."""
        return NetworkSource(
            outline=self._plans.outline(plan_uuid),
            partners=self._registers.partners(plan_uuid),
            roles=self._registers.partner_roles(plan_uuid),
            mous=self._registers.mous(plan_uuid),
            dependencies=self._registers.dependencies(plan_uuid),
        )

    def network(self, plan_uuid: str, lens: str) -> Network:
        """One lens: ``partners`` or ``dependencies`` (anything else is a UserError)."""
        check_lens(lens)
        source = self.source(plan_uuid)
        if lens == PARTNERS:
            return build_partner_graph(source, self._today())
        return build_dependency_graph(source)

    def snapshot(
        self, plan_uuid: str, *, top: int = 12, check: Callable[[], None] | None = None
    ) -> NetworkSnapshot:
        """Both lenses and the metrics panel's answers (``top`` entries per ranking).
        ``check`` is called between the steps (it raises to stop the work: the network
        view runs this on a worker thread and stops it when a newer request comes)."""
        step = check or (lambda: None)
        source = self.source(plan_uuid)
        step()
        today = self._today()
        partners = build_partner_graph(source, today)
        dependencies = build_dependency_graph(source)
        step()
        metrics = network_metrics(partners.graph, dependencies.graph, today, top=top, check=check)
        return NetworkSnapshot(source.outline.plan, partners, dependencies, metrics, today)


def check_lens(lens: str) -> str:
    """``lens`` when it is one of the lenses, else a UserError that names them."""
    if lens not in LENSES:
        raise UserError(f"No network lens called {lens!r}; choose {PARTNERS} or {DEPENDENCIES}.")
    return lens
