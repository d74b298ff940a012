"""Small dialogs of the register views: pick an item and a role, tick a list of partners,
outputs or activities, describe a dependency, record a measurement.

Dialogs only collect choices; the view turns them into a change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.domain.enums import DependencyType, PartnerRoleKind
from poa_desktop.domain.records import ItemRow
from poa_desktop.ui.registers.delegates import DATE_FORMAT, MAX_LAG_DAYS
from poa_desktop.ui.registers.labels import (
    dependency_type_label,
    item_choice_text,
    parse_number,
    role_label,
    tr,
)


class ItemCombo(QComboBox):
    """Pick a plan item: type part of its code or title, or choose from the list."""

    def __init__(self, items: Sequence[ItemRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.setMinimumContentsLength(50)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._codes: dict[str, str] = {}
        for item in items:
            self.addItem(item_choice_text(item), item.uuid)
            self._codes[item.code.casefold()] = item.uuid
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.setCurrentIndex(-1)
        self.lineEdit().setPlaceholderText(tr("Type a code or part of a title"))
        # Show a chosen entry from its code on, not scrolled to the end of its title.
        self.currentIndexChanged.connect(lambda _index: self.lineEdit().setCursorPosition(0))

    def item_uuid(self) -> str | None:
        """The chosen item: the list entry shown, or the item whose code was typed."""
        text = self.currentText().strip()
        if not text:
            return None
        found = self.findText(text, Qt.MatchFlag.MatchExactly)
        if found >= 0:
            return str(self.itemData(found))
        return self._codes.get(text.split(" — ")[0].strip().casefold())

    def select_uuid(self, uuid: str | None) -> None:
        self.setCurrentIndex(self.findData(uuid) if uuid else -1)


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.setObjectName("dialogButtons")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class PartnerRoleDialog(QDialog):
    """Which item a partner gets a role on, and which role."""

    def __init__(self, partner: str, items: Sequence[ItemRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("partnerRoleDialog")
        self.setMinimumWidth(640)
        self.setWindowTitle(tr("Add a role for {partner}").format(partner=partner))
        self.item_combo = ItemCombo(items, self)
        self.item_combo.setObjectName("roleItemCombo")
        self.role_combo = QComboBox(self)
        self.role_combo.setObjectName("roleKindCombo")
        for role in PartnerRoleKind:
            self.role_combo.addItem(role_label(role), role.value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(PartnerRoleKind.PARTNER.value))
        form = QFormLayout()
        form.addRow(tr("&Item:"), self.item_combo)
        form.addRow(tr("&Role:"), self.role_combo)
        self.buttons = _buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.item_combo.currentTextChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.item_combo.item_uuid() is not None)

    def item_uuid(self) -> str | None:
        return self.item_combo.item_uuid()

    def role(self) -> PartnerRoleKind:
        return PartnerRoleKind(self.role_combo.currentData())


class ChecklistDialog(QDialog):
    """Tick the entries that apply (an MOU's parties, the activities implementing a
    paragraph); a filter line narrows a long list."""

    def __init__(
        self,
        name: str,
        title: str,
        explanation: str,
        entries: Iterable[tuple[str, str]],
        checked: Iterable[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.resize(640, 520)
        label = QLabel(explanation, self)
        label.setWordWrap(True)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("checklistFilter")
        self.filter_edit.setPlaceholderText(tr("Filter the list"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter)
        self.list = QListWidget(self)
        self.list.setObjectName("checklist")
        self.list.setWordWrap(True)
        self.list.setAccessibleName(title)
        ticked = set(checked)
        for uuid, text in entries:
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, uuid)
            item.setToolTip(text)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(Qt.CheckState.Checked if uuid in ticked else Qt.CheckState.Unchecked)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(_buttons(self))

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def item_for(self, uuid: str) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == uuid:
                return item
        return None

    def set_checked(self, uuid: str, checked: bool) -> None:
        item = self.item_for(uuid)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked_uuids(self) -> list[str]:
        """The ticked entries, in list order."""
        return [
            str(self.list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]


class DependencyDialog(QDialog):
    """A new dependency: which item waits for which, how, with what lag."""

    def __init__(self, items: Sequence[ItemRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dependencyDialog")
        self.setWindowTitle(tr("New dependency"))
        self.setMinimumWidth(720)
        self.from_combo = ItemCombo(items, self)
        self.from_combo.setObjectName("dependencyFromCombo")
        self.to_combo = ItemCombo(items, self)
        self.to_combo.setObjectName("dependencyToCombo")
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("dependencyTypeCombo")
        for kind in DependencyType:
            self.type_combo.addItem(dependency_type_label(kind), kind.value)
        self.lag_spin = QSpinBox(self)
        self.lag_spin.setObjectName("dependencyLagSpin")
        self.lag_spin.setRange(-MAX_LAG_DAYS, MAX_LAG_DAYS)
        self.lag_spin.setSuffix(tr(" days"))
        self.source_edit = QLineEdit(self)
        self.source_edit.setObjectName("dependencySourceEdit")
        self.source_edit.setPlaceholderText(tr("Where the plan says so (optional)"))
        self.problem = QLabel(self)
        self.problem.setObjectName("dependencyProblemLabel")
        form = QFormLayout()
        form.addRow(tr("&From (comes first):"), self.from_combo)
        form.addRow(tr("&To (waits for it):"), self.to_combo)
        form.addRow(tr("T&ype:"), self.type_combo)
        form.addRow(tr("&Lag:"), self.lag_spin)
        form.addRow(tr("&Source's words:"), self.source_edit)
        self.buttons = _buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.from_combo.currentTextChanged.connect(self._check)
        self.to_combo.currentTextChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        first, then = self.from_uuid(), self.to_uuid()
        problem = ""
        if first is not None and first == then:
            problem = tr("An item cannot depend on itself.")
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(first is not None and then is not None and not problem)

    def from_uuid(self) -> str | None:
        return self.from_combo.item_uuid()

    def to_uuid(self) -> str | None:
        return self.to_combo.item_uuid()

    def dependency_type(self) -> DependencyType:
        return DependencyType(self.type_combo.currentData())

    def lag_days(self) -> int:
        return self.lag_spin.value()

    def source_text(self) -> str:
        return self.source_edit.text().strip()


class MeasurementDialog(QDialog):
    """A new measurement of an indicator: when, how much, and a note."""

    def __init__(
        self, indicator: str, unit: str, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("measurementDialog")
        self.setMinimumWidth(420)
        self.setWindowTitle(tr("Add a measurement of {indicator}").format(indicator=indicator))
        self.date_edit = QDateEdit(QDate(today), self)
        self.date_edit.setObjectName("measurementDateEdit")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.value_edit = QLineEdit(self)
        self.value_edit.setObjectName("measurementValueEdit")
        validator = QDoubleValidator(self.value_edit)
        validator.setNotation(QDoubleValidator.Notation.StandardNotation)
        validator.setLocale(QLocale())
        self.value_edit.setValidator(validator)
        if unit:
            self.value_edit.setPlaceholderText(unit)
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("measurementNoteEdit")
        form = QFormLayout()
        form.addRow(tr("&Date:"), self.date_edit)
        form.addRow(tr("&Value:"), self.value_edit)
        form.addRow(tr("&Note:"), self.note_edit)
        self.buttons = _buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.value_edit.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        ok: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.value() is not None)

    def measured_on(self) -> date:
        return self.date_edit.date().toPython()

    def value(self) -> float | None:
        try:
            return parse_number(self.value_edit.text())
        except ValueError:
            return None

    def note(self) -> str:
        return self.note_edit.text().strip()
