"""Errors in the window: a readable message box, never a traceback on screen."""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from poa_desktop.domain.errors import UserError


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("errorMessageBox")
    box.exec()


def install_exception_hook() -> None:
    """Route exceptions that escape a Qt slot to a message box (and the log for defects)."""

    def hook(
        kind: type[BaseException], error: BaseException, traceback: TracebackType | None
    ) -> None:
        from PySide6.QtCore import QCoreApplication

        title = QCoreApplication.translate("errors", "poa-desktop")
        if isinstance(error, UserError):
            show_error(None, title, str(error))
            return
        import traceback as traceback_module

        from poa_desktop.cli import log_unexpected

        where = log_unexpected(error.with_traceback(traceback))
        message = QCoreApplication.translate(
            "errors", "Something went wrong ({0}). Your saved work is safe. Details are in {1}."
        ).format(f"{kind.__name__}: {error}", where)
        details = "".join(traceback_module.format_exception(kind, error, traceback))
        show_error(None, title, message, details)

    sys.excepthook = hook
