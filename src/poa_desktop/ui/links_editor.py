"""What an item is linked to: partners with their roles, an activity's mandate paragraphs,
the means of action that deliver a key output. Each tick, add or remove is one change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.domain.enums import PartnerRoleKind
from poa_desktop.domain.records import PartnerRoleRow, PartnerRow
from poa_desktop.ui.describe import role_labels
from poa_desktop.ui.edit_session import EditSession
from poa_desktop.ui.editor_widgets import FieldErrorLabel
from poa_desktop.ui.record_models import CheckListModel, Choice, Column, RecordTableModel
from poa_desktop.ui.service_protocols import Builder


def fit_rows(view: QTableView | QListView, rows: int, *, least: int = 2, most: int = 6) -> None:
    """Make a short list as tall as its rows (within limits) instead of a fixed box."""
    shown = max(least, min(most, rows))
    if isinstance(view, QTableView):
        header = view.horizontalHeader().sizeHint().height()
        row = view.verticalHeader().defaultSectionSize()
        view.setFixedHeight(header + shown * row + 2 * view.frameWidth() + 2)
    else:
        row = view.sizeHintForRow(0) if view.model() and view.model().rowCount() else 22
        view.setFixedHeight(shown * max(row, 20) + 2 * view.frameWidth() + 4)


class CheckListEditor(QWidget):
    """A list of choices with check boxes; a tick or untick replaces the owner's links."""

    def __init__(
        self,
        name: str,
        link: str,
        builder: Builder,
        session: EditSession,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._link = link
        self._builder = builder
        self._session = session
        self._owner = ""
        self.model = CheckListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName(f"{name}Filter")
        self.filter_edit.setPlaceholderText(self.tr("Type to narrow the list"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QListView()
        self.view.setObjectName(f"{name}List")
        self.view.setModel(self.proxy)
        self.view.setUniformItemSizes(True)
        # Long paragraphs end in "…" (the whole text is the tooltip) instead of scrolling.
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setAlternatingRowColors(True)
        # Links are replaced after the click is over (a reset inside setData would pull the
        # row from under the view).
        self.model.toggled.connect(self._on_toggled, Qt.ConnectionType.QueuedConnection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view)

    def show_choices(self, owner: str, choices: Iterable[Choice], checked: Sequence[str]) -> None:
        same = owner == self._owner
        scroll = self.view.verticalScrollBar().value() if same else 0
        self._owner = owner
        if not same:
            self.filter_edit.clear()
        self.model.set_choices(choices, checked)
        fit_rows(self.view, self.model.rowCount(), least=3, most=8)
        if same:
            self.view.verticalScrollBar().setValue(scroll)
        elif checked:  # show the first ticked entry, not the top of a long list
            ticked = set(checked)
            rows = [
                row
                for row in range(self.model.rowCount())
                if (choice := self.model.choice_at(row)) is not None and choice.uuid in ticked
            ]
            if rows:
                index = self.proxy.mapFromSource(self.model.index(rows[0]))
                self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)

    def set_checked(self, text: str, checked: bool) -> bool:
        """Tick or untick the choice starting with ``text``, as a click would."""
        row = self.model.row_of(text)
        if row < 0:
            return False
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return self.model.setData(self.model.index(row), state, Qt.ItemDataRole.CheckStateRole)

    def _on_toggled(self, _uuid: str, _checked: bool) -> None:
        if not self._owner:
            return
        change = self._builder.set_links(self._link, self._owner, self.model.checked_uuids())
        if not self._session.submit(change):
            self._session.planChanged.emit()  # put the ticks back as stored


class PartnerLinksEditor(QWidget):
    """The partners of an item with their roles; pick a partner and a role to add one."""

    def __init__(
        self, builder: Builder, session: EditSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("partnerLinks")
        self._builder = builder
        self._session = session
        self._item = ""
        roles = role_labels()
        self.model = RecordTableModel(
            (
                Column(self.tr("Partner"), _partner_text, _partner_tip),
                Column(self.tr("Role"), lambda r: roles.get(r.role, str(r.role))),
            ),
            self,
        )
        self.table = QTableView()
        self.table.setObjectName("partnerLinksTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())

        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setObjectName("removePartnerButton")
        self.remove_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogDiscardButton)
        )
        self.remove_button.setToolTip(self.tr("Remove the selected partner from this item"))
        self.remove_button.clicked.connect(self._remove)

        self.partner_picker = QComboBox()
        self.partner_picker.setObjectName("partnerPicker")
        self.partner_picker.setAccessibleName(self.tr("Partner to link"))
        self.partner_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.partner_picker.setMinimumContentsLength(10)
        self.role_picker = QComboBox()
        self.role_picker.setObjectName("partnerRolePicker")
        self.role_picker.setAccessibleName(self.tr("Role of the partner"))
        for role, label in roles.items():
            self.role_picker.addItem(label, role.value)
        self.role_picker.setCurrentIndex(self.role_picker.findData(PartnerRoleKind.PARTNER.value))
        self.add_button = QPushButton(self.tr("&Link partner"))
        self.add_button.setObjectName("addPartnerButton")
        self.add_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogNewFolder)
        )
        self.add_button.clicked.connect(self._add)
        self.error = FieldErrorLabel("role")

        adding = QHBoxLayout()
        adding.addWidget(self.partner_picker, 1)
        adding.addWidget(self.role_picker)
        adding.addWidget(self.add_button)
        below = QHBoxLayout()
        below.addWidget(self.remove_button)
        below.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(below)
        layout.addLayout(adding)
        layout.addWidget(self.error)

    def show_links(
        self, item_uuid: str, roles: Sequence[PartnerRoleRow], partners: Sequence[PartnerRow]
    ) -> None:
        if item_uuid != self._item:
            self.error.clear()
        self._item = item_uuid
        selected = self._selected_uuid()
        self.model.set_rows(roles)
        fit_rows(self.table, len(roles), least=1, most=6)
        index = self.model.index_for_uuid(selected)
        if index.isValid():
            self.table.setCurrentIndex(index)
        picked = self.partner_picker.currentData()
        self.partner_picker.clear()
        for partner in sorted(partners, key=lambda p: p.name.casefold()):
            self.partner_picker.addItem(_partner_name(partner.code, partner.name), partner.uuid)
        found = self.partner_picker.findData(picked)
        self.partner_picker.setCurrentIndex(max(0, found))
        self._update_buttons()

    def pick(self, partner_code_or_name: str, role: PartnerRoleKind) -> bool:
        """Choose a partner and role in the pickers (keyboard helper and tests)."""
        index = self.partner_picker.findText(partner_code_or_name, Qt.MatchFlag.MatchContains)
        if index < 0:
            return False
        self.partner_picker.setCurrentIndex(index)
        self.role_picker.setCurrentIndex(self.role_picker.findData(role.value))
        return True

    def show_field_error(self, field: str, message: str) -> bool:
        if field not in ("role", "partner", "item"):
            return False
        self.error.show_message(message)
        return True

    def _selected_uuid(self) -> str:
        record = self.model.row_at(self.table.currentIndex().row())
        return record.uuid if record is not None else ""

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self._selected_uuid()))
        self.add_button.setEnabled(bool(self._item) and self.partner_picker.count() > 0)

    def _add(self) -> None:
        partner = self.partner_picker.currentData()
        if not self._item or not partner:
            return
        self.error.clear()
        role = PartnerRoleKind(self.role_picker.currentData())
        self._session.submit(self._builder.new_partner_role(partner, self._item, role), self)

    def _remove(self) -> None:
        uuid = self._selected_uuid()
        if uuid:
            self._session.submit_delete(
                lambda links: self._builder.delete("partner_role", uuid, remove_links=links)
            )


def _partner_name(code: str, name: str) -> str:
    def letters(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    if code and letters(code) != letters(name):
        return f"{name} ({code})"
    return name or code


def _partner_text(row: PartnerRoleRow) -> str:
    return _partner_name(row.partner_code, row.partner_name)


def _partner_tip(row: PartnerRoleRow) -> str:
    return f"{row.partner_name} ({row.partner_code})" + (f"\n{row.note}" if row.note else "")
