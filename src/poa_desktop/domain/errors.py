"""Errors a user can read and act on.

A service raises :class:`UserError` (or a subclass) with a sentence that names what is
wrong and where; the command line prints it on one line and exits with status 2, the window
shows it in a message box. Anything else is a defect: it is logged with its traceback and
the user sees one line that points to the log.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a refused action, explained in plain words."""

    exit_status = 2


class NotFoundError(UserError):
    """A plan, item or file that the user named does not exist."""


class ValidationError(UserError):
    """Input that breaks a rule of the plan (a date order, a duplicate code, a cycle)."""


class DatabaseVersionError(UserError):
    """The database was written by a newer version of the app, or by another program."""


class FieldError(ValidationError):
    """A value the user typed breaks a rule; ``field`` names the field to show it beside."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class ConflictError(UserError):
    """The row changed since the user read it (another window or copy of the app).

    ``current`` is what the database holds now, ``yours`` what this edit expected to find.
    """

    def __init__(self, field: str, current: object, yours: object, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.current = current
        self.yours = yours


class InUseError(UserError):
    """An item others depend on cannot be deleted without deleting those links too.

    ``dependents`` describes each link in a few words, for the confirmation dialog.
    """

    def __init__(self, message: str, dependents: tuple[str, ...]) -> None:
        super().__init__(message)
        self.dependents = dependents


class DamagedDatabaseError(UserError):
    """The database file is damaged or not a database: it was moved aside, untouched.

    ``moved_to`` is where it went; ``backup`` the newest good backup to offer (or None).
    """

    def __init__(self, message: str, moved_to: object, backup: object | None) -> None:
        super().__init__(message)
        self.moved_to = moved_to
        self.backup = backup
