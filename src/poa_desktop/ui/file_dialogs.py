"""The File menu's dialogs: where to write an export (with its options), the preview of a
review pack before it is applied, the backups to restore from, and a baseline's name.

Paths are chosen through a ``FileChooser`` (the platform's file dialog); the window holds
one and a test may put its own in its place, so no native dialog opens in a test. An
export dialog shows the path in a text field beside "Browse…", so the user sees where the
file goes and a test can type it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.ui.record_models import Column, RecordTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("file_dialogs", text)


class FileChooser:
    """Asks for a path with the platform's file dialog (``None``: the user cancelled)."""

    def save_path(self, parent: QWidget, title: str, start: Path, filters: str) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(parent, title, str(start), filters)
        return Path(name) if name else None

    def open_path(self, parent: QWidget, title: str, start: Path, filters: str) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(parent, title, str(start), filters)
        return Path(name) if name else None


@dataclass(frozen=True)
class ExportChoice:
    path: Path
    paper: str = "a3"
    baseline: str | None = None
    lens: str = ""


PAPERS = (("a3", "A3 landscape"), ("a4", "A4 landscape"))


class ExportDialog(QDialog):
    """Where to write a file, and the export's options (paper, baseline, lens)."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        start: Path,
        suffixes: Sequence[str],
        chooser: FileChooser,
        *,
        papers: bool = False,
        baselines: Sequence[str] | None = None,
        lenses: Sequence[tuple[str, str]] = (),
        lens: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(title)
        self._suffixes = tuple(suffixes)
        self._chooser = chooser
        self.path_edit = QLineEdit(str(start))
        self.path_edit.setObjectName("exportPathEdit")
        self.path_edit.setMinimumWidth(420)
        browse = QPushButton(_tr("Browse…"))
        browse.setObjectName("exportBrowseButton")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout()
        file_label = QLabel(_tr("&File:"))
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, row)
        hint = QLabel(
            _tr("Written as {formats}, chosen by the file's ending.").format(
                formats=", ".join(s.lstrip(".").upper() for s in self._suffixes)
            )
        )
        hint.setObjectName("exportFormatsHint")
        form.addRow("", hint)
        self.paper_combo: QComboBox | None = None
        if papers:
            self.paper_combo = self._combo("exportPaperCombo", [(k, _tr(t)) for k, t in PAPERS])
            form.addRow(_tr("&Paper:"), self.paper_combo)
        self.baseline_combo: QComboBox | None = None
        if baselines is not None:
            choices = [("", _tr("None (no “Changes since” sheet)"))]
            choices += [(name, name) for name in baselines]
            self.baseline_combo = self._combo("exportBaselineCombo", choices)
            if baselines:
                self.baseline_combo.setCurrentIndex(len(choices) - 1)
            form.addRow(_tr("&Changes since:"), self.baseline_combo)
        self.lens_combo: QComboBox | None = None
        if lenses:
            self.lens_combo = self._combo("exportLensCombo", list(lenses))
            self.lens_combo.setCurrentIndex(max(0, self.lens_combo.findData(lens)))
            form.addRow(_tr("&Network:"), self.lens_combo)
        self.problem = QLabel()
        self.problem.setObjectName("exportProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("exportSaveButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    @staticmethod
    def _combo(name: str, choices: Sequence[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        for key, text in choices:
            combo.addItem(text, key)
        return combo

    def _browse(self) -> None:
        filters = ";;".join(f"{s.lstrip('.').upper()} (*{s})" for s in self._suffixes)
        chosen = self._chooser.save_path(
            self, self.windowTitle(), Path(self.path_edit.text()), filters
        )
        if chosen is not None:
            self.path_edit.setText(str(chosen))

    def path(self) -> Path:
        text = self.path_edit.text().strip()
        path = Path(text).expanduser()
        if path.suffix.lower() not in self._suffixes:
            path = path.with_name(path.name + self._suffixes[0])
        return path

    def accept(self) -> None:
        text = self.path_edit.text().strip()
        problem = ""
        if not text:
            problem = _tr("Name the file to write.")
        elif not self.path().parent.is_dir():
            problem = _tr("The folder {folder} does not exist.").format(folder=self.path().parent)
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            return
        super().accept()

    def choice(self) -> ExportChoice:
        return ExportChoice(
            self.path(),
            paper=str(self.paper_combo.currentData()) if self.paper_combo else "a3",
            baseline=(str(self.baseline_combo.currentData()) or None)
            if self.baseline_combo
            else None,
            lens=str(self.lens_combo.currentData()) if self.lens_combo else "",
        )


def _table(name: str, model: RecordTableModel) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _change_text(change: Any) -> str:
    text = str(change.describe())
    prefix = f"{change.where}: "
    return text[len(prefix) :] if text.startswith(prefix) else text


class ReviewPackPreview(QDialog):
    """The differences a review pack would make, listed before anything changes; accept
    applies them as one undoable step."""

    def __init__(self, parent: QWidget, report: Any) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPackPreview")
        self.setWindowTitle(_tr("Import review pack: {name}").format(name=report.path.name))
        self.resize(900, 520)
        summary = QLabel(
            _tr("{count} differences between {name} and the plan {plan}.").format(
                count=len(report.changes), name=report.path.name, plan=report.plan_code
            )
            if len(report.changes) != 1
            else _tr("1 difference between {name} and the plan {plan}.").format(
                name=report.path.name, plan=report.plan_code
            )
        )
        summary.setObjectName("previewSummary")
        summary.setWordWrap(True)
        self.model = RecordTableModel(
            (
                Column(_tr("Cell"), lambda c: str(c.where)),
                Column(_tr("Item"), lambda c: str(c.code)),
                Column(_tr("Change"), _change_text, tooltip=lambda c: str(c.describe())),
            ),
            self,
        )
        self.model.set_rows(report.changes)
        self.table = _table("previewTable", self.model)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        notices = QLabel("\n".join(f"• {notice}" for notice in report.notices))
        notices.setObjectName("previewNotices")
        notices.setWordWrap(True)
        notices.setVisible(bool(report.notices))
        buttons = QDialogButtonBox()
        apply = buttons.addButton(
            _tr("Apply as one step (undo with Ctrl+Z)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        apply.setObjectName("applyImportButton")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("cancelImportButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(notices)
        layout.addWidget(buttons)


class ProblemsDialog(QMessageBox):
    """A file that cannot be read: the problems, one per line (sheet, row and column)."""

    def __init__(self, parent: QWidget, title: str, text: str) -> None:
        first, _newline, rest = text.partition("\n")
        super().__init__(QMessageBox.Icon.Warning, title, first, QMessageBox.StandardButton.Ok)
        self.setParent(parent, self.windowFlags())
        self.setObjectName("fileProblemsDialog")
        if rest.strip():
            self.setInformativeText(
                "\n".join(line.strip() for line in rest.splitlines() if line.strip())
            )
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


def _size_text(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(1, size // 1024)} kB"


def _count(value: int | None) -> str:
    return _tr("damaged") if value is None else str(value)


class RestoreDialog(QDialog):
    """The backups of the database, newest first; one is chosen to restore."""

    def __init__(self, parent: QWidget, backups: Sequence[Any], folder: Path) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(_tr("Restore a backup"))
        self.resize(720, 420)
        intro = QLabel(
            _tr(
                "Choose the backup to go back to. The database as it is now is kept aside, "
                "so nothing is lost. Backups are in {folder}."
            ).format(folder=folder)
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = RecordTableModel(
            (
                Column(_tr("Taken"), lambda b: f"{b.taken_at:%Y-%m-%d %H:%M:%S}"),
                Column(_tr("Why"), lambda b: _reason_text(str(b.reason))),
                Column(_tr("Plans"), lambda b: _count(b.plans), align_right=True),
                Column(_tr("Items"), lambda b: _count(b.items), align_right=True),
                Column(_tr("Size"), lambda b: _size_text(int(b.size)), align_right=True),
            ),
            self,
        )
        self.model.set_rows(backups)
        self.table = _table("backupsTable", self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(
            _tr("Restore…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restoreButton")
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("cancelRestoreButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update())
        if backups:
            self.table.selectRow(0)
        self._update()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def chosen(self) -> Any:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, row: int) -> None:
        self.table.selectRow(row)

    def _update(self) -> None:
        chosen = self.chosen()
        self.restore_button.setEnabled(chosen is not None and chosen.plans is not None)


def _reason_text(reason: str) -> str:
    if reason.startswith("before-migration"):
        return _tr("before an upgrade of the database")
    return {
        "manual": _tr("backed up by hand"),
        "daily": _tr("daily"),
        "close": _tr("on closing"),
    }.get(reason, reason)


def confirm_restore(parent: QWidget, backup: Any) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _tr("Restore this backup?"),
        _tr(
            "Go back to the plan as it was on {taken}? Everything changed since then is "
            "replaced; the database as it is now is kept aside, and the undo history is "
            "cleared."
        ).format(taken=f"{backup.taken_at:%Y-%m-%d %H:%M}"),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("confirmRestoreDialog")
    restore = box.addButton(_tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
    restore.setObjectName("confirmRestoreButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is restore


def confirm_replace_plan(parent: QWidget, code: str, title: str) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _tr("Replace the plan?"),
        _tr(
            "This database already holds a plan {code} ({title}). Replace it by the plan "
            "in the file? You can undo this with Ctrl+Z."
        ).format(code=code, title=title),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("replacePlanDialog")
    replace = box.addButton(_tr("Replace"), QMessageBox.ButtonRole.AcceptRole)
    replace.setObjectName("replacePlanButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is replace


class BaselineDialog(QDialog):
    """The name (and a note) of a new baseline of the plan's dates."""

    def __init__(self, parent: QWidget, taken: Sequence[str], today: date) -> None:
        super().__init__(parent)
        self.setObjectName("baselineDialog")
        self.setWindowTitle(_tr("Save baseline"))
        self._taken = {name.casefold() for name in taken}
        self.name_edit = QLineEdit(_tr("Baseline of {day}").format(day=today.isoformat()))
        self.name_edit.setObjectName("baselineNameEdit")
        self.name_edit.selectAll()
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("baselineNoteEdit")
        self.note_edit.setPlaceholderText(_tr("e.g. as approved by the Governing Body"))
        self.problem = QLabel()
        self.problem.setObjectName("baselineProblem")
        self.problem.hide()
        form = QFormLayout()
        form.addRow(_tr("&Name:"), self.name_edit)
        form.addRow(_tr("N&ote:"), self.note_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        intro = QLabel(
            _tr("Keeps the current dates, statuses and progress of every item under a name.")
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def accept(self) -> None:
        name = self.name_edit.text().strip()
        if not name or name.casefold() in self._taken:
            self.problem.setText(
                _tr("Give the baseline a name.")
                if not name
                else _tr("There is already a baseline called “{name}”.").format(name=name)
            )
            self.problem.show()
            return
        super().accept()

    def answer(self) -> tuple[str, str]:
        return self.name_edit.text().strip(), self.note_edit.text().strip()
