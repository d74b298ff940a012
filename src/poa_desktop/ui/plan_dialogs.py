"""Dialogs of the Plan menu: new, duplicate, rename, delete. Each returns what the user
asked for (or None); the window turns that into a change and submits it, so all of them
are undoable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.domain.records import PlanCounts, PlanRef
from poa_desktop.ui.editor_widgets import FieldErrorLabel


def _tr(text: str) -> str:
    return QCoreApplication.translate("plan_dialogs", text)


@dataclass(frozen=True, slots=True)
class PlanAnswer:
    code: str
    title: str
    start: date | None = None
    end: date | None = None


class PlanDialog(QDialog):
    """Code and title (and, for a new plan, its period), checked before OK is allowed."""

    def __init__(
        self,
        title: str,
        intro: str,
        *,
        code: str = "",
        plan_title: str = "",
        period: tuple[date, date] | None = None,
        taken_codes: frozenset[str] = frozenset(),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._taken = taken_codes
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.code_edit = QLineEdit(code)
        self.code_edit.setObjectName("planCodeEdit")
        self.code_edit.setPlaceholderText(self.tr("a short key, e.g. ilo-ss-2020-25"))
        self.title_edit = QLineEdit(plan_title)
        self.title_edit.setObjectName("planTitleEdit")
        self.code_error = FieldErrorLabel("planCode")
        form = QFormLayout()
        form.addRow(self.tr("&Title"), self.title_edit)
        form.addRow(self.tr("&Code"), self.code_edit)
        form.addRow("", self.code_error)
        self.start_edit: QDateEdit | None = None
        self.end_edit: QDateEdit | None = None
        self.period_error = FieldErrorLabel("planPeriod")
        if period is not None:
            self.start_edit = self._date_edit("planStartEdit", period[0])
            self.end_edit = self._date_edit("planEndEdit", period[1])
            form.addRow(self.tr("&Start"), self.start_edit)
            form.addRow(self.tr("&End"), self.end_edit)
            form.addRow("", self.period_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("planDialogButtons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for edit in (self.code_edit, self.title_edit):
            edit.textChanged.connect(self._check)
        for dates in (self.start_edit, self.end_edit):
            if dates is not None:
                dates.dateChanged.connect(self._check)
        QWidget.setTabOrder(self.title_edit, self.code_edit)
        if self.start_edit is not None and self.end_edit is not None:
            QWidget.setTabOrder(self.code_edit, self.start_edit)
            QWidget.setTabOrder(self.start_edit, self.end_edit)
        self.title_edit.setFocus()
        self.title_edit.selectAll()
        self._check()

    @staticmethod
    def _date_edit(name: str, value: date) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day))
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        return edit

    def _check(self) -> None:
        code = self.code_edit.text().strip()
        problem = ""
        if code in self._taken:
            problem = self.tr("Another plan already has the code {code}.").format(code=code)
        if problem:
            self.code_error.show_message(problem)
        else:
            self.code_error.clear()
        period_ok = True
        if self.start_edit is not None and self.end_edit is not None:
            period_ok = self.start_edit.date() <= self.end_edit.date()
            if period_ok:
                self.period_error.clear()
            else:
                self.period_error.show_message(self.tr("The end is before the start."))
        ok = bool(code) and bool(self.title_edit.text().strip()) and not problem and period_ok
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        button.setEnabled(ok)

    def answer(self) -> PlanAnswer:
        def py(edit: QDateEdit | None) -> date | None:
            if edit is None:
                return None
            value = edit.date()
            return date(value.year(), value.month(), value.day())

        return PlanAnswer(
            self.code_edit.text().strip(),
            " ".join(self.title_edit.text().split()),
            py(self.start_edit),
            py(self.end_edit),
        )


def ask_new_plan(parent: QWidget, taken: frozenset[str]) -> PlanAnswer | None:
    year = date.today().year
    dialog = PlanDialog(
        _tr("New plan"),
        _tr("An empty plan: add its components and activities afterwards."),
        period=(date(year, 1, 1), date(year + 5, 12, 31)),
        taken_codes=taken,
        parent=parent,
    )
    return _run(dialog)


def ask_duplicate_plan(parent: QWidget, plan: PlanRef, taken: frozenset[str]) -> PlanAnswer | None:
    dialog = PlanDialog(
        _tr("Duplicate plan"),
        _tr(
            "A copy of “{title}” with everything in it, under a new code: the start of a "
            "successor plan. The original is not changed."
        ).format(title=plan.title),
        code=_free(f"{plan.code}-next", taken),
        plan_title=_tr("{title} (successor)").format(title=plan.title),
        taken_codes=taken,
        parent=parent,
    )
    return _run(dialog)


def ask_rename_plan(parent: QWidget, plan: PlanRef, taken: frozenset[str]) -> PlanAnswer | None:
    dialog = PlanDialog(
        _tr("Rename plan"),
        _tr("The title is what everyone sees; the code is the plan's short key."),
        code=plan.code,
        plan_title=plan.title,
        taken_codes=taken - {plan.code},
        parent=parent,
    )
    return _run(dialog)


def confirm_delete_plan(parent: QWidget, plan: PlanRef, counts: PlanCounts | None) -> bool:
    box = QMessageBox(parent)
    box.setObjectName("deletePlanDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_tr("Delete plan"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(_tr("Delete the plan “{title}” ({code})?").format(title=plan.title, code=plan.code))
    if counts is not None:
        box.setInformativeText(
            _tr(
                "It holds {a} activities, {m} means of action, {k} key outputs, "
                "{s} milestones, {p} partners, {o} MOUs and {d} dependencies. "
                "You can undo the delete (Ctrl+Z) while this window is open."
            ).format(
                a=counts.activities,
                m=counts.means_of_action,
                k=counts.key_outputs,
                s=counts.milestones,
                p=counts.partners,
                o=counts.mous,
                d=counts.dependencies,
            )
        )
    delete = box.addButton(_tr("Delete plan"), QMessageBox.ButtonRole.DestructiveRole)
    delete.setObjectName("confirmDeletePlanButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is delete


def _run(dialog: PlanDialog) -> PlanAnswer | None:
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.answer() if accepted else None
    finally:
        dialog.deleteLater()


def _free(code: str, taken: frozenset[str]) -> str:
    if code not in taken:
        return code
    number = 2
    while f"{code}-{number}" in taken:
        number += 1
    return f"{code}-{number}"
