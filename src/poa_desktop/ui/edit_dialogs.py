"""The questions an edit can raise: someone changed the row meanwhile (``ConflictDialog``),
a delete would take links with it (``confirm_links``), or a plain refusal (``show_message``).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.domain.changes import Value
from poa_desktop.domain.errors import ConflictError, InUseError
from poa_desktop.ui.describe import field_labels, value_text

#: How many dependents the delete confirmation lists before "and N more".
_LISTED = 12


#: Values longer than this are shown in a scrolling box rather than a label.
LONG_VALUE = 600


class ConflictDialog(QDialog):
    """Shows what the database holds now next to the user's edit; accept = save mine."""

    def __init__(self, error: ConflictError, yours: Value, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Changed meanwhile"))
        field = error.field
        label = field_labels().get(field, field.replace("_", " "))
        intro = QLabel(
            self.tr(
                "The {field} was changed by someone else (another window or copy of the app) "
                "after you read it. Your edit was not saved."
            ).format(field=label)
        )
        intro.setObjectName("conflictMessage")
        intro.setWordWrap(True)

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        rows = (
            ("conflictCurrent", self.tr("Now in the database:"), error.current),
            ("conflictSeen", self.tr("You saw:"), error.yours),
            ("conflictYours", self.tr("Your edit:"), yours),
        )
        for row, (name, caption, value) in enumerate(rows):
            head = QLabel(caption)
            head.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            text = _shown(field, value)
            shown: QLabel | QPlainTextEdit
            if len(text) > LONG_VALUE:  # a long note: in a box of its own that scrolls
                shown = QPlainTextEdit(text)
                shown.setReadOnly(True)
                shown.setMaximumHeight(140)
            else:
                shown = QLabel(text)
                shown.setTextFormat(Qt.TextFormat.PlainText)  # a title is never markup
                shown.setWordWrap(True)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setObjectName(name)
            if name != "conflictSeen":
                font = shown.font()
                font.setBold(True)
                shown.setFont(font)
            grid.addWidget(head, row, 0)
            grid.addWidget(shown, row, 1)

        buttons = QDialogButtonBox()
        keep = QPushButton(self.tr("Keep the database value"))
        keep.setObjectName("keepTheirsButton")
        mine = QPushButton(self.tr("Save my edit"))
        mine.setObjectName("saveMineButton")
        buttons.addButton(keep, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(mine, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        keep.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)


def _shown(field: str, value: object) -> str:
    if isinstance(value, tuple):  # links: a list of uuids means little; say how many
        return str(len(value))
    return value_text(field, value, whole=True)  # type: ignore[arg-type]


def confirm_links(parent: QWidget | None, error: InUseError) -> bool:
    """Ask before a delete takes others' links with it; True = delete with links."""
    box = QMessageBox(parent)
    box.setObjectName("inUseDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(box.tr("Delete with its links?"))
    listed = [f"<li>{escape(text)}</li>" for text in error.dependents[:_LISTED]]
    more = len(error.dependents) - _LISTED
    if more > 0:
        listed.append(f"<li><i>{escape(box.tr('and {n} more').format(n=more))}</i></li>")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(
        box.tr("Other rows of the plan refer to this one. Deleting it also removes:")
        + f"<ul>{''.join(listed)}</ul>"
        + box.tr("You can undo the delete (Ctrl+Z).")
    )
    delete = box.addButton(box.tr("Delete with links"), QMessageBox.ButtonRole.DestructiveRole)
    delete.setObjectName("deleteWithLinksButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    cancel.setObjectName("cancelButton")
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is delete


def show_message(parent: QWidget | None, text: str, title: str = "") -> QMessageBox:
    """A refusal in words; non-blocking (the caller's work is done either way)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title or QCoreApplication.translate("edit_dialogs", "poa-desktop"),
        text,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("errorDialog")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
