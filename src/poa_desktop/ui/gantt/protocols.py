"""What the Gantt widget needs from the services, as Protocols (the UI never imports the
store); ``PlanService``, ``RegisterService``, ``ScheduleService``, ``BaselineService``,
``ChangeBuilder`` and ``AppSettings`` satisfy them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from poa_desktop.domain.changes import AddRows, Change, SetFields, Value
from poa_desktop.domain.enums import DependencyType
from poa_desktop.domain.records import (
    BaselineRef,
    DependencyRow,
    PlanOutline,
    PlanSchedule,
    SlipRow,
)

#: Hand a change to the window: applied and pushed on its undo stack, or refused (False).
Submit = Callable[[Change], bool]


class OutlineReader(Protocol):
    def outline(self, plan_uuid: str) -> PlanOutline: ...


class DependencyReader(Protocol):
    def dependencies(self, plan_uuid: str) -> tuple[DependencyRow, ...]: ...


class ScheduleReader(Protocol):
    def schedule(self, plan_uuid: str) -> PlanSchedule: ...


class BaselineReader(Protocol):
    def baselines(self, plan_uuid: str) -> tuple[BaselineRef, ...]: ...

    def compare(self, plan_uuid: str, baseline_uuid: str) -> tuple[SlipRow, ...]: ...


class GanttBuilder(Protocol):
    def edit(
        self,
        entity: str,
        uuid: str,
        new: Mapping[str, Value],
        seen: Mapping[str, Value] | None = None,
        label: str = "",
    ) -> SetFields: ...

    def new_dependency(
        self,
        plan_uuid: str,
        from_uuid: str,
        to_uuid: str,
        type: DependencyType = ...,
        lag_days: int = 0,
        source_text: str = "",
    ) -> AddRows: ...


class GanttSettings(Protocol):
    """The two settings the chart remembers (``AppSettings`` has them as properties)."""

    gantt_zoom: str
    gantt_baseline: str
