"""Every edit of the window goes through ``EditSession.submit``: applied, then undoable.

``submit(change)`` applies the change first (``PlanEditor.apply``: one transaction, the
inverse back) and only then pushes a ``ChangeCommand`` holding both, so a refused change is
shown to the user and never sits on the undo stack. What the user sees when a change is
refused depends on why:

* ``FieldError``: the reason beside the field (the caller's ``FieldErrorSink``), else a box;
* ``ConflictError``: the database value next to the user's edit, with "Save my edit";
* ``InUseError``: a delete needs confirming (``submit_delete`` asks, then rebuilds the
  change with ``remove_links=True``);
* any other ``UserError``: a message box.

After every push, undo and redo the session emits ``planChanged`` (every view re-reads) and
``stepped`` (what happened, for the status bar and for following the change).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from poa_desktop.domain.changes import Batch, Change, SetFields, SetLinks
from poa_desktop.domain.errors import ConflictError, FieldError, InUseError, UserError
from poa_desktop.ui.edit_dialogs import ConflictDialog, confirm_links, show_message
from poa_desktop.ui.service_protocols import Editor
from poa_desktop.ui.undo_commands import ChangeCommand

#: Steps kept for undo; plan deletes hold a whole plan, so not unlimited.
UNDO_LIMIT = 500


class FieldErrorSink(Protocol):
    """An editor that can show a refusal next to the field it is about."""

    def show_field_error(self, field: str, message: str) -> bool:
        """Show ``message`` beside ``field``; False when this editor has no such field."""
        ...


class EditSession(QObject):
    """One undo stack and the one way to change the plan."""

    #: After every push, undo, redo (and refused step): views re-read their rows.
    planChanged = Signal()
    #: (verb "do" / "undo" / "redo" / "failed", description, change applied, plan uuid).
    stepped = Signal(str, str, object, str)

    def __init__(
        self,
        editor: Editor,
        *,
        describe: Callable[[Change], str],
        context: Callable[[], str],
        dialog_parent: Callable[[], QWidget | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._editor = editor
        self._describe = describe
        self._context = context
        self._dialog_parent = dialog_parent
        self._busy = False
        self._pushing = False
        self._pending: list[tuple[str, str, Change, str]] = []
        self._stack = QUndoStack(self)
        self._stack.setObjectName("undoStack")
        self._stack.setUndoLimit(UNDO_LIMIT)
        self._stack.indexChanged.connect(self._flush)

    @property
    def stack(self) -> QUndoStack:
        return self._stack

    @property
    def busy(self) -> bool:
        """True while a change is being applied or a question about it is open."""
        return self._busy

    # Submitting

    def submit(self, change: Change, fields: FieldErrorSink | None = None) -> bool:
        """Apply ``change`` and make it undoable; False (and the reason shown) if refused.

        A change that changes nothing (an empty move at the end of a list, a field set to
        what it holds) succeeds without an undo step.
        """
        if self._busy:
            return False
        if _changes_nothing(change):
            return True
        self._busy = True
        try:
            applied = self._apply(change, fields)
        finally:
            self._busy = False
        if applied is None:
            return False
        change, inverse = applied
        text = self._describe(change)
        context = self._context()
        command = ChangeCommand(
            self._editor,
            change,
            inverse,
            text=text,
            context=context,
            on_failure=self._step_failed,
        )
        command.set_on_applied(self._step_applied)
        self._pushing = True
        try:
            self._stack.push(command)
        finally:
            self._pushing = False
        self.stepped.emit("do", text, change, context)
        self.planChanged.emit()
        return True

    def submit_delete(self, build: Callable[[bool], Change]) -> bool:
        """Build a delete with ``build(remove_links)``; if it would break others' links, ask
        first (naming them) and build it again with ``remove_links=True``."""
        try:
            change = build(False)
        except InUseError as error:
            if not self._ask_links(error):
                return False
            try:
                change = build(True)
            except UserError as again:
                self._message(str(again))
                return False
        except UserError as error:
            self._message(str(error))
            return False
        return self.submit(change)

    def _apply(self, change: Change, fields: FieldErrorSink | None) -> tuple[Change, Change] | None:
        """Apply, resolving a conflict if the user says "save my edit"; None if refused."""
        while True:
            try:
                return change, self._editor.apply(change)
            except FieldError as error:
                if fields is None or not fields.show_field_error(error.field, str(error)):
                    self._message(str(error))
                return None
            except ConflictError as error:
                retry = self._resolve_conflict(change, error)
                if retry is None:
                    # The database holds news: let every view show it.
                    QTimer.singleShot(0, self.planChanged.emit)
                    return None
                change = retry
            except UserError as error:
                self._message(str(error))
                return None

    def _resolve_conflict(self, change: Change, error: ConflictError) -> Change | None:
        """Ask; the same change expecting what the database holds now if the user insists."""
        yours = dict(change.new).get(error.field) if isinstance(change, SetFields) else None
        dialog = ConflictDialog(error, yours, self._dialog_parent())
        try:
            keep_mine = dialog.exec() == ConflictDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
        if not keep_mine:
            return None
        if isinstance(change, SetFields):
            old = dict(change.old)
            old[error.field] = error.current  # type: ignore[assignment]
            return SetFields(
                change.entity, change.uuid, change.new, tuple(sorted(old.items())), change.label
            )
        if isinstance(change, SetLinks) and isinstance(error.current, tuple):
            return SetLinks(change.link, change.owner, change.new, error.current, change.label)
        return None

    def _ask_links(self, error: InUseError) -> bool:
        return confirm_links(self._dialog_parent(), error)

    def _message(self, text: str) -> None:
        show_message(self._dialog_parent(), text)

    # Undo and redo (the stack calls the commands; they report here)

    def undo(self) -> None:
        self._stack.undo()

    def redo(self) -> None:
        self._stack.redo()

    def _step_applied(self, command: ChangeCommand, verb: str) -> None:
        self._pending.append((verb, command.text(), command.last_applied, command.context))

    def _step_failed(self, error: UserError, verb: str, command: ChangeCommand) -> None:
        what = self.tr("Could not undo") if verb == "undo" else self.tr("Could not redo")
        self._pending.append(("failed", f"{what}: {command.text()}", command.last_applied, ""))
        self._message(
            self.tr("{what} “{step}”: {reason} The step was removed from the history.").format(
                what=what, step=command.text(), reason=str(error)
            )
        )
        # A refused redo does not move the stack's index, so no indexChanged follows.
        QTimer.singleShot(0, self._flush)

    def _flush(self, _index: int = 0) -> None:
        if self._pushing or not self._pending:
            return
        pending, self._pending = self._pending, []
        for verb, text, change, context in pending:
            self.stepped.emit(verb, text, change, context)
        self.planChanged.emit()


def _changes_nothing(change: Change) -> bool:
    if isinstance(change, Batch):
        return all(_changes_nothing(part) for part in change.changes)
    if isinstance(change, SetFields):
        return change.new == change.old
    if isinstance(change, SetLinks):
        return change.new == change.old
    return False
