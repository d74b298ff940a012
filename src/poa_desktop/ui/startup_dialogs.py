"""What the user is asked when the database cannot be opened as it is.

* a damaged file (``DamagedDatabaseError``): it was moved aside, unchanged; restore the
  newest good backup, start with a new database holding the shipped plan, or quit;
* a file from a newer version of the app (``DatabaseVersionError``): refused, never
  migrated down.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from poa_desktop.domain.errors import DamagedDatabaseError, DatabaseVersionError


def _tr(text: str) -> str:
    return QCoreApplication.translate("startup", text)


def damaged_text(error: DamagedDatabaseError) -> tuple[str, str]:
    """(what happened, what can be done) in plain words."""
    moved = Path(str(error.moved_to)).name if error.moved_to else ""
    what = _tr(
        "The plan database could not be read: the file is damaged or is not a database "
        "(this can happen when the computer lost power while saving, or the file was "
        "copied only partly). Nothing was lost from it: it was moved aside, unchanged, "
        "as {moved}."
    ).format(moved=moved or _tr("a copy beside it"))
    if error.backup is not None:
        backup = Path(str(error.backup)).name
        then = _tr(
            "You can restore the newest good backup ({backup}), which holds the plan as it "
            "was then, or start with a new database holding the shipped plan."
        ).format(backup=backup)
    else:
        then = _tr(
            "There is no backup of it. You can start with a new database holding the "
            "shipped plan; the damaged file stays where it was moved for a specialist."
        )
    return what, then


def ask_damaged(error: DamagedDatabaseError, parent: QWidget | None = None) -> str:
    """ "restore", "new" or "quit"."""
    what, then = damaged_text(error)
    box = QMessageBox(QMessageBox.Icon.Warning, _tr("The plan database is damaged"), what)
    if parent is not None:
        box.setParent(parent, box.windowFlags())
    box.setObjectName("damagedDatabaseDialog")
    box.setInformativeText(then)
    box.setDetailedText(str(error))
    restore: QPushButton | None = None
    if error.backup is not None:
        restore = box.addButton(_tr("Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
        restore.setObjectName("restoreBackupButton")
    new = box.addButton(_tr("Start with a new database"), QMessageBox.ButtonRole.ActionRole)
    new.setObjectName("newDatabaseButton")
    quit_button = box.addButton(_tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    quit_button.setObjectName("quitButton")
    box.setDefaultButton(restore or new)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return "restore"
    if clicked is new:
        return "new"
    return "quit"


def refuse_newer(error: DatabaseVersionError, parent: QWidget | None = None) -> None:
    """A database this version must not change (a newer schema, or not ours at all)."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        _tr("This database cannot be opened by this version"),
        str(error),
        QMessageBox.StandardButton.Close,
    )
    if parent is not None:
        box.setParent(parent, box.windowFlags())
    box.setObjectName("newerDatabaseDialog")
    box.setInformativeText(
        _tr(
            "Nothing in it was changed. Install the newest version of poa-desktop to open "
            "it, or start poa-desktop on another database (poa-desktop --db FILE)."
        )
    )
    box.exec()
