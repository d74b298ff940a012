"""What the window and its editors need from the services, as Protocols.

The window is handed its services by the composition root (app.py); these Protocols say
exactly which methods it calls, so a test can hand it anything that has them and the UI
never imports the store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from poa_desktop.domain.changes import (
    AddPlan,
    AddRows,
    Batch,
    Change,
    RemovePlan,
    RemoveRows,
    SetFields,
    SetLinks,
    Value,
)
from poa_desktop.domain.enums import DependencyType, ItemKind, PartnerRoleKind
from poa_desktop.domain.filters import FilterContext
from poa_desktop.domain.records import (
    ItemDetail,
    MandateRow,
    PartnerRoleRow,
    PartnerRow,
    PlanCounts,
    PlanOutline,
    PlanRef,
)

#: Hand a change to the window: applied and pushed on its undo stack, or refused (False,
#: the reason shown to the user).
Submit = Callable[[Change], bool]


class PlanReader(Protocol):
    """What the window reads about plans (``PlanService`` satisfies it)."""

    def list_plans(self) -> list[PlanRef]: ...

    def outline(self, plan_uuid: str) -> PlanOutline: ...

    def counts(self, plan_uuid: str) -> PlanCounts: ...

    def item_detail(self, item_uuid: str) -> ItemDetail: ...

    def document(self, plan_uuid: str) -> Mapping[str, Any]: ...


class RegisterReader(Protocol):
    """What the editor reads from the registers (``RegisterService`` satisfies it)."""

    def partners(self, plan_uuid: str) -> tuple[PartnerRow, ...]: ...

    def partner_roles(
        self, plan_uuid: str, *, item_uuid: str | None = None
    ) -> tuple[PartnerRoleRow, ...]: ...

    def mandates(self, plan_uuid: str) -> tuple[MandateRow, ...]: ...


class Builder(Protocol):
    """What the window asks of ``ChangeBuilder``: changes as values, nothing written."""

    def edit(
        self,
        entity: str,
        uuid: str,
        new: Mapping[str, Value],
        seen: Mapping[str, Value] | None = None,
        label: str = "",
    ) -> SetFields: ...

    def set_links(
        self, link: str, owner: str, targets: Sequence[str], label: str = ""
    ) -> SetLinks: ...

    def new_item(
        self,
        plan_uuid: str,
        kind: ItemKind,
        title: str,
        *,
        component: str | None = None,
        activity: str | None = None,
        code: str | None = None,
        start: date | None = None,
        end: date | None = None,
        number: int | None = None,
    ) -> AddRows: ...

    def move_item(self, item_uuid: str, offset: int) -> Batch: ...

    def new_partner_role(
        self, partner_uuid: str, item_uuid: str, role: PartnerRoleKind = ...
    ) -> AddRows: ...

    def new_progress_note(
        self, item_uuid: str, text: str, *, author: str = "", noted_on: date | None = None
    ) -> AddRows: ...

    def delete(self, entity: str, uuid: str, *, remove_links: bool = False) -> RemoveRows: ...

    def new_plan(self, code: str, title: str, period_start: date, period_end: date) -> AddPlan: ...

    def duplicate_plan(self, plan_uuid: str, code: str, title: str) -> AddPlan: ...

    def delete_plan(self, plan_uuid: str) -> RemovePlan: ...

    def new_baseline(self, plan_uuid: str, name: str, note: str = "") -> AddRows: ...

    def new_dependency(
        self,
        plan_uuid: str,
        from_uuid: str,
        to_uuid: str,
        type: DependencyType = ...,
        lag_days: int = 0,
        source_text: str = "",
    ) -> AddRows: ...


class Editor(Protocol):
    """``PlanEditor``: applies a change in one transaction and returns its inverse."""

    def apply(self, change: Change) -> Change: ...


class SearchReader(Protocol):
    """``SearchService``: what find and filter know beyond the rows (partners, notes)."""

    def context(self, plan_uuid: str) -> FilterContext: ...


#: ``progress(done, total)`` and ``cancelled()``, as the long services take them.
ProgressCallback = Callable[[int, int], None]
CancelCallback = Callable[[], bool]


class FileServices(Protocol):
    """What the File menu writes and reads (``app.AppFiles`` over the services). Every
    method runs on a worker thread and writes its file atomically; none touches Qt."""

    def export_plan_json(self, plan_uuid: str, path: Path) -> Path: ...

    def read_plan_json(self, path: Path) -> Mapping[str, Any]:
        """The plan document in ``path``, checked and normalised (nothing is stored)."""
        ...

    def draw_gantt(self, outline: PlanOutline, path: Path, paper: str, today: date) -> Path: ...

    def export_review_pack(
        self,
        plan_uuid: str,
        path: Path,
        baseline_name: str | None,
        progress: ProgressCallback,
        cancelled: CancelCallback,
    ) -> Path: ...

    def preview_review_pack(
        self, plan_uuid: str, path: Path, progress: ProgressCallback, cancelled: CancelCallback
    ) -> Any:
        """What importing ``path`` would change (an ``ImportReport``; nothing applied)."""
        ...

    def draw_network(
        self, plan_uuid: str, lens: str, path: Path, paper: str, pinned: Mapping[str, Any]
    ) -> Path: ...

    def write_network(self, plan_uuid: str, lens: str, path: Path) -> Path: ...


class BackupControl(Protocol):
    """The database file's backups (``app.AppBackups`` over ``BackupService``)."""

    @property
    def folder(self) -> Path: ...

    def back_up(self, reason: str = "manual") -> Any: ...

    def back_up_if_due(self, reason: str = "daily") -> Any: ...

    def backups(self) -> list[Any]:
        """``BackupInfo`` values, newest first (path, taken_at, reason, plans, items)."""
        ...

    def restore(self, backup: Path) -> Path:
        """Close the database, put ``backup`` in its place (the current file is kept aside
        and returned), open it again (migrating if need be)."""
        ...
