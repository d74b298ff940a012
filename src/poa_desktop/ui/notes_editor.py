"""Progress notes on an item: dated, signed, newest first; add one or delete one.

The author defaults to the name last used (``AppSettings.author_name``) and the date to
today, so recording "what happened" is one line of typing and Ctrl+Enter.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.ui.edit_session import EditSession
from poa_desktop.ui.editor_widgets import FieldErrorLabel, UndoPassThrough
from poa_desktop.ui.links_editor import fit_rows
from poa_desktop.ui.record_models import Column, RecordTableModel
from poa_desktop.ui.service_protocols import Builder
from poa_desktop.ui.settings import AppSettings


@dataclass(frozen=True, slots=True)
class NoteEntry:
    """A progress note as the editor lists it; ``uuid`` is "" when it cannot be named."""

    uuid: str
    noted_on: date
    author: str
    text: str


def date_text(value: date) -> str:
    return QLocale().toString(QDate(value.year, value.month, value.day), "d MMM yyyy")


class NotesEditor(QWidget):
    """The list of notes and a form to add one."""

    def __init__(
        self,
        builder: Builder,
        session: EditSession,
        settings: AppSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("progressNotes")
        self._builder = builder
        self._session = session
        self._settings = settings
        self._item = ""
        self.model = RecordTableModel(
            (
                Column(self.tr("Date"), lambda n: date_text(n.noted_on), sort=lambda n: n.noted_on),
                Column(self.tr("Who"), lambda n: n.author),
                Column(self.tr("What"), lambda n: n.text),
            ),
            self,
        )
        self.table = QTableView()
        self.table.setObjectName("notesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())

        self.delete_button = QPushButton(self.tr("Delete note"))
        self.delete_button.setObjectName("deleteNoteButton")
        self.delete_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        self.delete_button.clicked.connect(self._delete)

        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("noteDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.author_edit = QLineEdit()
        self.author_edit.setObjectName("noteAuthor")
        self.author_edit.setPlaceholderText(self.tr("Your name or unit"))
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("noteText")
        self.text_edit.setPlaceholderText(self.tr("What happened? (Ctrl+Enter adds the note)"))
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.add_button = QPushButton(self.tr("&Add note"))
        self.add_button.setObjectName("addNoteButton")
        self.add_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
        )
        self.add_button.clicked.connect(self.add_note)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.text_edit)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.add_note)
        self.error = FieldErrorLabel("text")
        self._undo_pass = UndoPassThrough(self)
        for widget in (self.author_edit, self.text_edit, self.date_edit):
            widget.installEventFilter(self._undo_pass)

        who_when = QHBoxLayout()
        who_when.addWidget(self.date_edit)
        who_when.addWidget(self.author_edit, 1)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Date, who"), who_when)
        form.addRow(self.tr("Note"), self.text_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._reset_form()
        # Tab goes down the form to "Add note"; deleting comes last.
        chain = (
            self.table,
            self.date_edit,
            self.author_edit,
            self.text_edit,
            self.add_button,
            self.delete_button,
        )
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def show_notes(self, item_uuid: str, notes: Sequence[NoteEntry]) -> None:
        if item_uuid != self._item:
            self.error.clear()
            self._reset_form()
        self._item = item_uuid
        self.model.set_rows(notes)
        self.table.resizeRowsToContents()
        fit_rows(self.table, len(notes), least=1, most=5)
        self._update_buttons()

    def show_field_error(self, field: str, message: str) -> bool:
        if field not in ("text", "noted_on", "author"):
            return False
        self.error.show_message(message)
        return True

    def add_note(self) -> None:
        text = self.text_edit.toPlainText().strip()
        if not self._item:
            return
        if not text:
            self.error.show_message(self.tr("Write what happened first."))
            self.text_edit.setFocus()
            return
        self.error.clear()
        author = self.author_edit.text().strip()
        qdate = self.date_edit.date()
        change = self._builder.new_progress_note(
            self._item,
            text,
            author=author,
            noted_on=date(qdate.year(), qdate.month(), qdate.day()),
        )
        if self._session.submit(change, self):
            if author != self._settings.author_name:
                self._settings.author_name = author
            self.text_edit.clear()

    def _reset_form(self) -> None:
        today = date.today()
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.author_edit.setText(self._settings.author_name)
        self.text_edit.clear()

    def _selected(self) -> NoteEntry | None:
        return self.model.row_at(self.table.currentIndex().row())  # type: ignore[no-any-return]

    def _update_buttons(self) -> None:
        note = self._selected()
        self.delete_button.setEnabled(note is not None and bool(note.uuid))

    def _delete(self) -> None:
        note = self._selected()
        if note is not None and note.uuid:
            self._session.submit_delete(
                lambda links: self._builder.delete("progress_note", note.uuid, remove_links=links)
            )
