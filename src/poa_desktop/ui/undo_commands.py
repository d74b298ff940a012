"""The one undo command of the window: a ``Change`` applied through ``PlanEditor``.

``PlanEditor.apply(change)`` writes a change in one transaction and returns its inverse, so
undo is "apply the inverse" and redo is "apply what that returned". The window applies a
change *before* pushing its command (see ``EditSession.submit``): a refused change raises
there, is shown to the user and never reaches the stack. The pushed command therefore
holds a change that is already applied, and its first ``redo()`` (which ``QUndoStack.push``
calls) does nothing.

Consecutive edits of the same fields of the same row within a few seconds merge into one
step, so stepping a spin box or a combo with the arrow keys is one undo, not twenty.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from poa_desktop.domain.changes import Change, SetFields
from poa_desktop.domain.errors import UserError
from poa_desktop.ui.service_protocols import Editor

#: ``QUndoCommand.id`` of field edits; commands with another id (or -1) never merge.
FIELD_EDIT_ID = 0x504F41
#: Edits of one field this close together (seconds) are one undo step.
MERGE_SECONDS = 3.0

#: Told when an undo or redo was refused: (the error, "undo" or "redo", the command).
FailureHandler = Callable[[UserError, str, "ChangeCommand"], None]
#: Told after an undo or redo was applied: (the command, "undo" or "redo").
AppliedHandler = Callable[["ChangeCommand", str], None]


class ChangeCommand(QUndoCommand):
    """Undo/redo of one change; ``context`` is the plan the change was made in."""

    def __init__(
        self,
        editor: Editor,
        change: Change,
        inverse: Change,
        *,
        text: str,
        context: str = "",
        on_failure: FailureHandler | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(text)
        self._editor = editor
        self._redo_change = change
        self._undo_change = inverse
        self._applied_first = True  # pushed after the session applied it
        self._on_failure = on_failure
        self._on_applied: AppliedHandler | None = None
        self._stamp = clock()
        self.context = context
        #: The change the last undo/redo applied (for the window to follow it).
        self.last_applied: Change = change

    def set_on_applied(self, handler: AppliedHandler | None) -> None:
        self._on_applied = handler

    @property
    def change(self) -> Change:
        """The change as redo applies it."""
        return self._redo_change

    @property
    def inverse(self) -> Change:
        """The change undo applies."""
        return self._undo_change

    # QUndoCommand

    def redo(self) -> None:
        if self._applied_first:
            self._applied_first = False
            return
        self._run(self._redo_change, "redo")

    def undo(self) -> None:
        self._run(self._undo_change, "undo")

    def _run(self, change: Change, verb: str) -> None:
        try:
            inverse = self._editor.apply(change)
        except UserError as error:
            # The database no longer allows this step (another window changed the row):
            # nothing was written, and the step leaves the history.
            self.setObsolete(True)
            if self._on_failure is not None:
                self._on_failure(error, verb, self)
            return
        self.last_applied = change
        if verb == "undo":
            self._redo_change = inverse
        else:
            self._undo_change = inverse
        if self._on_applied is not None:
            self._on_applied(self, verb)

    def id(self) -> int:
        return FIELD_EDIT_ID if isinstance(self._redo_change, SetFields) else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Fold a later edit of the same fields of the same row into this step."""
        if not isinstance(other, ChangeCommand) or other.context != self.context:
            return False
        mine, theirs = self._redo_change, other._redo_change
        if not isinstance(mine, SetFields) or not isinstance(theirs, SetFields):
            return False
        if (mine.entity, mine.uuid) != (theirs.entity, theirs.uuid):
            return False
        if [name for name, _ in mine.new] != [name for name, _ in theirs.new]:
            return False
        if theirs.old != mine.new or other._stamp - self._stamp > MERGE_SECONDS:
            return False
        self._redo_change = SetFields(mine.entity, mine.uuid, theirs.new, mine.old, theirs.label)
        self._undo_change = SetFields(mine.entity, mine.uuid, mine.old, theirs.new, theirs.label)
        self.last_applied = self._redo_change
        self._stamp = other._stamp
        self.setText(other.text())
        if theirs.new == mine.old:  # back where it started: no step at all
            self.setObsolete(True)
        return True
