"""Importing a review pack into a plan: read, compare, and (unless a dry run) apply.

``import_review_pack`` is what ``poa-desktop import matrix`` and File → Import call. A dry
run returns the readable list of differences and changes nothing; otherwise the whole
import is applied as ONE change (one transaction; ``report.undo`` undoes all of it). The
window runs the dry run on a worker thread, shows ``report.lines()`` in its preview, and
submits ``report.batch`` through its undo stack when the user accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from poa_desktop.domain.changes import Batch, Change
from poa_desktop.domain.records import PlanOutline
from poa_desktop.services.review_pack.diff import PackChange, changes_to_apply, diff_review_pack
from poa_desktop.services.review_pack.layout import TIMELINE
from poa_desktop.services.review_pack.progress import CancelCheck, Progress, check, report
from poa_desktop.services.review_pack.reading import PackContents, read_review_pack


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import found and did. ``batch`` is the change to apply (None: nothing to
    do); ``undo`` the change that reverts an applied import."""

    path: Path
    plan_code: str
    exported_from: str | None
    sheets: tuple[str, ...]
    changes: tuple[PackChange, ...]
    notices: tuple[str, ...]
    batch: Batch | None
    applied: bool
    undo: Change | None = None

    def lines(self) -> list[str]:
        """The differences, one readable line each, then any notices."""
        head = [change.describe() for change in self.changes]
        return head + [f"Note: {notice}" for notice in self.notices]

    def summary(self) -> str:
        count = len(self.changes)
        what = f"{count} change{'s' * (count != 1)}" if count else "no changes"
        read = ", ".join(self.sheets)
        if not count:
            return f"{self.path.name} ({read}): {what}; the plan already says the same."
        done = "applied as one undoable step" if self.applied else "nothing was changed (dry run)"
        return f"{self.path.name} ({read}): {what}; {done}."


def _unlisted(contents: PackContents, outline: PlanOutline) -> list[str]:
    """Items the Timeline no longer lists: a deleted row does not delete an item."""
    if TIMELINE not in contents.sheets:
        return []
    listed = {row.code for row in contents.rows if row.sheet == TIMELINE}
    items = (*outline.activities, *outline.means_of_action, *outline.key_outputs,
             *outline.milestones)  # fmt: skip
    missing = [item.code for item in items if item.code not in listed]
    if not missing:
        return []
    shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
    return [
        f"{TIMELINE}: {len(missing)} item{'s' * (len(missing) != 1)} of the plan not in the "
        f"sheet, left as they are (deleting a row does not delete an item): {shown}."
    ]


def import_review_pack(
    plan_service: Any,
    builder: Any,
    editor: Any,
    plan_uuid: str,
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportReport:
    """Read ``path``, compare it with the plan, and apply the differences unless
    ``dry_run``. ``plan_service``, ``builder`` and ``editor`` are a PlanService,
    ChangeBuilder and PlanEditor over one database. Raises UserError listing every cell it
    cannot read or accept (nothing is changed then), Cancelled when cancelled, and what
    PlanEditor.apply raises (ConflictError, FieldError…) when the plan refuses the change."""
    path = Path(path)
    nothing = "nothing was changed."
    total = 4
    report(progress, 0, total)
    plan = next((p for p in plan_service.list_plans() if p.uuid == plan_uuid), None)
    if plan is None:
        plan = plan_service.find_plan(plan_uuid)  # raises NotFoundError
    contents = read_review_pack(path, cancelled=cancelled)
    report(progress, 1, total)
    check(cancelled, nothing)
    outline = plan_service.outline(plan_uuid)
    changes = diff_review_pack(contents, outline)
    report(progress, 2, total)
    check(cancelled, nothing)
    notices = list(contents.notices) + _unlisted(contents, outline)
    if contents.plan_code and contents.plan_code != plan.code:
        notices.append(
            f"the workbook was exported from the plan {contents.plan_code}; it is compared "
            f"with {plan.code} by item codes."
        )
    batch = (
        changes_to_apply(changes, builder, plan_uuid, f"Import {path.name}") if changes else None
    )
    report(progress, 3, total)
    check(cancelled, nothing)
    undo = None
    if batch is not None and not dry_run:
        undo = editor.apply(batch)
    report(progress, total, total)
    return ImportReport(
        path=path,
        plan_code=plan.code,
        exported_from=contents.plan_code,
        sheets=contents.sheets,
        changes=changes,
        notices=tuple(notices),
        batch=batch,
        applied=undo is not None,
        undo=undo,
    )
