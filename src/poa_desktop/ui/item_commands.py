"""What the Edit and Plan menus do: new, delete and move items in the context of the
selection, and new, duplicate, rename and delete whole plans. Each builds a change and
hands it to the window's ``EditSession``, so all of it is undoable.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from poa_desktop.domain.changes import AddRows, Change
from poa_desktop.domain.enums import ItemKind
from poa_desktop.domain.errors import UserError
from poa_desktop.domain.records import ItemRow, PlanOutline
from poa_desktop.ui.actions import WindowActions
from poa_desktop.ui.plan_dialogs import (
    ask_duplicate_plan,
    ask_new_plan,
    ask_rename_plan,
    confirm_delete_plan,
)
from poa_desktop.ui.plan_tree_model import COMPONENT_KIND
from poa_desktop.ui.service_protocols import Builder

if TYPE_CHECKING:
    from poa_desktop.ui.main_window import MainWindow

_MOVABLE = (ItemKind.ACTIVITY.value, ItemKind.MEANS.value)


def _tr(text: str) -> str:
    return QCoreApplication.translate("item_commands", text)


def all_items(outline: PlanOutline) -> tuple[ItemRow, ...]:
    return (
        *outline.activities,
        *outline.means_of_action,
        *outline.key_outputs,
        *outline.milestones,
    )


class ItemCommands:
    """The window's item and plan commands, acting on its selection and plan."""

    def __init__(self, window: MainWindow, builder: Builder) -> None:
        self._window = window
        self._builder = builder

    # Context

    def current(self) -> tuple[str, str]:
        return self._window.current_item()

    def context_for_new(self) -> tuple[str, str]:
        """(component uuid, activity uuid) a new item goes under, from the selection."""
        outline = self._window.outline
        if outline is None:
            return "", ""
        uuid, kind = self.current()
        items = {row.uuid: row for row in all_items(outline)}
        by_code = {row.code: row for row in outline.activities}
        components = {c.code: c.uuid for c in outline.components}
        activity = component = ""
        if kind == COMPONENT_KIND:
            component = uuid
        elif uuid in items:
            row = items[uuid]
            component = components.get(row.component_code or "", "")
            if row.kind is ItemKind.ACTIVITY:
                activity = row.uuid
            elif row.kind is ItemKind.MEANS and row.parent_code in by_code:
                activity = by_code[row.parent_code].uuid
        if not component and outline.components:
            component = outline.components[0].uuid
        return component, activity

    def siblings(self, uuid: str, kind: str) -> list[str]:
        """The rows an activity or means of action moves among (its own included)."""
        outline = self._window.outline
        if outline is None or not uuid or kind not in _MOVABLE:
            return []
        rows = outline.activities if kind == ItemKind.ACTIVITY.value else outline.means_of_action
        row = next((r for r in rows if r.uuid == uuid), None)
        if row is None:
            return []
        key = (row.component_code, row.parent_code)
        return [r.uuid for r in rows if (r.component_code, r.parent_code) == key]

    def update_actions(self, a: WindowActions) -> None:
        """Enable what makes sense for the plan and the selection."""
        has_plan = self._window.outline is not None
        uuid, kind = self.current()
        component, activity = self.context_for_new()
        a.new_activity.setEnabled(bool(component))
        a.new_means.setEnabled(bool(activity))
        a.new_output.setEnabled(bool(component))
        a.new_milestone.setEnabled(has_plan)
        a.delete.setEnabled(bool(uuid) and has_plan)
        siblings = self.siblings(uuid, kind)
        a.move_up.setEnabled(bool(siblings) and siblings[0] != uuid)
        a.move_down.setEnabled(bool(siblings) and siblings[-1] != uuid)
        for action in (a.duplicate_plan, a.rename_plan, a.delete_plan):
            action.setEnabled(has_plan)

    # Items

    def new_item(self, kind: ItemKind) -> bool:
        """Create an item in context (under the selected component or activity), select it
        and put the cursor in its title, selected, so typing names it."""
        window = self._window
        plan = window.plan
        if plan is None:
            return False
        component, activity = self.context_for_new()
        titles = {
            ItemKind.ACTIVITY: _tr("New activity"),
            ItemKind.MEANS: _tr("New means of action"),
            ItemKind.OUTPUT: _tr("New key output"),
            ItemKind.MILESTONE: _tr("New milestone"),
        }
        start = end = None
        if kind is ItemKind.OUTPUT:  # Figure 1 gives every key output its years
            start, end = plan.period_start, plan.period_end
        if kind is ItemKind.MILESTONE:
            start = end = date.today()
        change = self._build(
            lambda: self._builder.new_item(
                plan.uuid,
                kind,
                titles[kind],
                component=component if kind in (ItemKind.ACTIVITY, ItemKind.OUTPUT) else None,
                activity=activity if kind is ItemKind.MEANS else None,
                start=start,
                end=end,
            )
        )
        if not isinstance(change, AddRows) or not window.session.submit(change):
            return False
        window.select_item(change.rows[0].uuid, show=True)
        if window.active_view == "outputs":
            window.outputs_view.detail.focus_title()
        else:
            window.plan_view.focus_editor()
        return True

    def delete_current(self) -> bool:
        """Delete the selected row; if others link to it, ask first (naming them)."""
        window = self._window
        uuid, kind = self.current()
        if not uuid:
            return False
        entity = "component" if kind == COMPONENT_KIND else "item"
        in_tree = window.active_view == "plan"
        neighbour = window.plan_view.neighbour(uuid) if in_tree else ""
        done = window.session.submit_delete(
            lambda links: self._builder.delete(entity, uuid, remove_links=links)
        )
        if done and neighbour:
            window.plan_view.select(neighbour)
        return done

    def move_current(self, offset: int) -> bool:
        uuid, kind = self.current()
        if kind not in _MOVABLE:
            return False
        change = self._build(lambda: self._builder.move_item(uuid, offset))
        return change is not None and self._window.session.submit(change)

    # Plans

    def _taken_codes(self) -> frozenset[str]:
        return frozenset(plan.code for plan in self._window.plans)

    def new_plan(self) -> bool:
        answer = ask_new_plan(self._window, self._taken_codes())
        if answer is None or answer.start is None or answer.end is None:
            return False
        start, end = answer.start, answer.end
        change = self._build(lambda: self._builder.new_plan(answer.code, answer.title, start, end))
        return change is not None and self._window.session.submit(change)

    def duplicate_plan(self) -> bool:
        plan = self._window.plan
        if plan is None:
            return False
        answer = ask_duplicate_plan(self._window, plan, self._taken_codes())
        if answer is None:
            return False
        change = self._build(
            lambda: self._builder.duplicate_plan(plan.uuid, answer.code, answer.title)
        )
        return change is not None and self._window.session.submit(change)

    def rename_plan(self) -> bool:
        plan = self._window.plan
        if plan is None:
            return False
        answer = ask_rename_plan(self._window, plan, self._taken_codes())
        if answer is None:
            return False
        new = {"title": answer.title, "code": answer.code}
        seen = {"title": plan.title, "code": plan.code}
        changed = {key: value for key, value in new.items() if value != seen[key]}
        if not changed:
            return False
        change = self._build(
            lambda: self._builder.edit(
                "plan", plan.uuid, changed, seen={key: seen[key] for key in changed}
            )
        )
        return change is not None and self._window.session.submit(change)

    def delete_plan(self) -> bool:
        window = self._window
        plan = window.plan
        if plan is None or not confirm_delete_plan(window, plan, window.counts):
            return False
        change = self._build(lambda: self._builder.delete_plan(plan.uuid))
        return change is not None and window.session.submit(change)

    def _build(self, build: Callable[[], Change]) -> Change | None:
        """Ask the builder (it reads, and may refuse); a refusal is shown, None returned."""
        try:
            return build()
        except UserError as error:
            self._window.show_error(str(error))
            return None
