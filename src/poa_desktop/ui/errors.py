"""Errors in the window: a readable message box, never a traceback on screen.

A defect (any exception that is not a ``UserError``) is written with its traceback to the
rotating log and shown as a plain sentence, with the details copyable under "Show
Details…"; the app keeps running.
"""

from __future__ import annotations

import sys
import traceback as traceback_module
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from poa_desktop.domain.errors import UserError


def show_error(parent: QWidget | None, title: str, message: str, details: str = "") -> None:
    """A modal message (used where nothing else can go on until it is read)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("errorMessageBox")
    if details:
        box.setDetailedText(details)
    box.exec()


def describe_unexpected(error: BaseException) -> tuple[str, str]:
    """(plain message, copyable details) for a defect; the traceback goes to the log."""
    from poa_desktop.cli import log_unexpected

    where = log_unexpected(error)
    message = QCoreApplication.translate(
        "errors", "Something went wrong ({0}). Your saved work is safe. Details are in {1}."
    ).format(f"{type(error).__name__}: {error}", where)
    details = "".join(traceback_module.format_exception(type(error), error, error.__traceback__))
    return message, details


def install_exception_hook() -> None:
    """Route exceptions that escape a Qt slot to a message box (and the log for defects)."""

    def hook(
        kind: type[BaseException], error: BaseException, traceback: TracebackType | None
    ) -> None:
        title = QCoreApplication.translate("errors", "poa-desktop")
        if isinstance(error, UserError):
            show_error(None, title, str(error))
            return
        message, details = describe_unexpected(error.with_traceback(traceback))
        show_error(None, title, message, details)

    sys.excepthook = hook
