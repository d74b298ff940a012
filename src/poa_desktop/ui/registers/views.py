"""The base of the register views: what reading, editing and deleting mean for all of them.

A register view reads its rows through ``RegisterReader`` and never writes: every edit is
a change from ``RegisterBuilder`` handed to ``submit`` (the window pushes it on its undo
stack, or shows why it was refused and returns False). After a change the window tells
every view to ``refresh()``; a view also refreshes itself after its own change if nobody
did, so it is right on its own too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import ClassVar, Protocol

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QSplitter,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.domain.changes import (
    AddRows,
    Change,
    RemoveRows,
    SetFields,
    SetLinks,
    Value,
)
from poa_desktop.domain.enums import DependencyType, MouStatus, PartnerKind, PartnerRoleKind
from poa_desktop.domain.errors import InUseError, UserError
from poa_desktop.domain.records import (
    DependencyRow,
    GenderCoverageRow,
    IndicatorRow,
    MandateRow,
    MouRow,
    PartnerRoleRow,
    PartnerRow,
    PlanOutline,
)
from poa_desktop.ui.registers.labels import tr
from poa_desktop.ui.registers.record_table import Predicate, RecordTable
from poa_desktop.ui.settings import AppSettings

#: Hand a change to the window; False when it was refused (the window said why).
Submit = Callable[[Change], bool]
#: How many links a "still linked" message lists before "and N more".
LISTED_LINKS = 12


class RegisterReader(Protocol):
    """What the register views read: ``RegisterService`` plus ``PlanService.outline``
    (``CombinedReader`` puts the two together)."""

    def partners(self, plan_uuid: str) -> Sequence[PartnerRow]: ...

    def partner_roles(self, plan_uuid: str) -> Sequence[PartnerRoleRow]: ...

    def mous(self, plan_uuid: str) -> Sequence[MouRow]: ...

    def dependencies(self, plan_uuid: str) -> Sequence[DependencyRow]: ...

    def mandates(self, plan_uuid: str) -> Sequence[MandateRow]: ...

    def gender_coverage(self, plan_uuid: str) -> Sequence[GenderCoverageRow]: ...

    def indicators(self, plan_uuid: str) -> Sequence[IndicatorRow]: ...

    def outline(self, plan_uuid: str) -> PlanOutline: ...


class RegisterBuilder(Protocol):
    """What the register views ask of ``ChangeBuilder``."""

    def edit(
        self,
        entity: str,
        uuid: str,
        new: Mapping[str, Value],
        seen: Mapping[str, Value] | None = None,
        label: str = "",
    ) -> SetFields: ...

    def set_links(
        self, link: str, owner: str, targets: Sequence[str], label: str = ""
    ) -> SetLinks: ...

    def new_dependency(
        self,
        plan_uuid: str,
        from_uuid: str,
        to_uuid: str,
        type: DependencyType = ...,
        lag_days: int = 0,
        source_text: str = "",
    ) -> AddRows: ...

    def new_partner(
        self,
        plan_uuid: str,
        name: str,
        *,
        acronym: str = "",
        kind: PartnerKind = ...,
        region: str = "",
        code: str | None = None,
    ) -> AddRows: ...

    def new_partner_role(
        self, partner_uuid: str, item_uuid: str, role: PartnerRoleKind = ...
    ) -> AddRows: ...

    def new_mou(
        self,
        plan_uuid: str,
        title: str,
        *,
        parties: Sequence[str] = (),
        status: MouStatus = ...,
        target_date: date | None = None,
        code: str | None = None,
    ) -> AddRows: ...

    def new_indicator(
        self, plan_uuid: str, title: str, *, unit: str = "", code: str | None = None
    ) -> AddRows: ...

    def new_measurement(
        self, indicator_uuid: str, measured_on: date, value: float, note: str = ""
    ) -> AddRows: ...

    def delete(self, entity: str, uuid: str, *, remove_links: bool = False) -> RemoveRows: ...


class _Registers(Protocol):
    def partners(self, plan_uuid: str) -> Sequence[PartnerRow]: ...
    def partner_roles(self, plan_uuid: str) -> Sequence[PartnerRoleRow]: ...
    def mous(self, plan_uuid: str) -> Sequence[MouRow]: ...
    def dependencies(self, plan_uuid: str) -> Sequence[DependencyRow]: ...
    def mandates(self, plan_uuid: str) -> Sequence[MandateRow]: ...
    def gender_coverage(self, plan_uuid: str) -> Sequence[GenderCoverageRow]: ...
    def indicators(self, plan_uuid: str) -> Sequence[IndicatorRow]: ...


class _Outlines(Protocol):
    def outline(self, plan_uuid: str) -> PlanOutline: ...


class CombinedReader:
    """A ``RegisterReader`` from a ``RegisterService`` and a ``PlanService``."""

    def __init__(self, registers: _Registers, plans: _Outlines) -> None:
        self._registers = registers
        self._plans = plans

    def partners(self, plan_uuid: str) -> Sequence[PartnerRow]:
        return self._registers.partners(plan_uuid)

    def partner_roles(self, plan_uuid: str) -> Sequence[PartnerRoleRow]:
        return self._registers.partner_roles(plan_uuid)

    def mous(self, plan_uuid: str) -> Sequence[MouRow]:
        return self._registers.mous(plan_uuid)

    def dependencies(self, plan_uuid: str) -> Sequence[DependencyRow]:
        return self._registers.dependencies(plan_uuid)

    def mandates(self, plan_uuid: str) -> Sequence[MandateRow]:
        return self._registers.mandates(plan_uuid)

    def gender_coverage(self, plan_uuid: str) -> Sequence[GenderCoverageRow]:
        return self._registers.gender_coverage(plan_uuid)

    def indicators(self, plan_uuid: str) -> Sequence[IndicatorRow]:
        return self._registers.indicators(plan_uuid)

    def outline(self, plan_uuid: str) -> PlanOutline:
        return self._plans.outline(plan_uuid)


class RegisterView(QWidget):
    """A toolbar over one register table (and, for some registers, a second table).

    Subclasses build their body in ``_build_body`` (returning the widget below the
    toolbar and setting ``self._table``), read their rows in ``_load`` and enable their
    buttons in ``_update_actions``.
    """

    #: An item of the plan to select in the plan tree (its uuid).
    itemActivated = Signal(str)
    #: A short message for the status bar.
    status = Signal(str)

    #: The register's name: "partners", "mous", "dependencies", "mandates", "indicators".
    NAME: ClassVar[str] = ""

    def __init__(
        self,
        reader: RegisterReader,
        builder: RegisterBuilder,
        submit: Submit,
        settings: AppSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{self.NAME}View")
        self._reader = reader
        self._builder = builder
        self._submit = submit
        self._settings = settings
        self._plan_uuid: str | None = None
        self._refreshes = 0
        self._message_box: QMessageBox | None = None
        self._dialog: QDialog | None = None
        self._table: RecordTable
        #: The toolbar's buttons in order (None for a gap): the context menu offers them.
        self._buttons: list[QToolButton | None] = []

        self._toolbar = QHBoxLayout()
        self._toolbar.setContentsMargins(0, 0, 0, 0)
        self._toolbar.setSpacing(2)
        self._count_label = QLabel()
        self._count_label.setObjectName(f"{self.NAME}CountLabel")
        self._count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body = self._build_body()
        self._toolbar.addStretch(1)
        self._toolbar.addWidget(self._count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(self._toolbar)
        layout.addWidget(body, 1)
        self.refresh()

    # --- the API the window uses -----------------------------------------------------------

    @property
    def plan_uuid(self) -> str | None:
        return self._plan_uuid

    @property
    def table(self) -> RecordTable:
        """The register's main table (the one ``set_predicate`` filters)."""
        return self._table

    def set_plan(self, plan_uuid: str | None) -> None:
        """Show the registers of this plan (None: show nothing)."""
        if plan_uuid != self._plan_uuid:
            self._plan_uuid = plan_uuid
            self._table.setCurrentIndex(QModelIndex())
        self.refresh()

    def refresh(self) -> None:
        """Read the rows again, keeping the selection and scroll position by uuid."""
        self._refreshes += 1
        if self._plan_uuid is None:
            self._clear()
        else:
            try:
                self._load(self._plan_uuid)
            except UserError as error:
                self._clear()
                self.status.emit(str(error))
        if not self._table.currentIndex().isValid() and self._table.model().rowCount() > 0:
            self._table.setCurrentIndex(self._table.model().index(0, 0))
        self._update_count()
        self._update_actions()

    def set_predicate(self, predicate: Predicate | None) -> None:
        """Keep only the rows whose record passes ``predicate`` (None: all rows)."""
        self._table.set_predicate(predicate)
        self._update_count()
        self._update_actions()

    def selected_uuid(self) -> str | None:
        """The uuid of the current row of the main table, or None."""
        return self._table.current_uuid()

    # --- for subclasses --------------------------------------------------------------------

    def _build_body(self) -> QWidget:
        raise NotImplementedError

    def _load(self, plan_uuid: str) -> None:
        raise NotImplementedError

    def _clear(self) -> None:
        raise NotImplementedError

    def _update_actions(self) -> None:
        """Enable the buttons that make sense for the current selection."""

    def _count_text(self, shown: int, total: int) -> str:
        if shown == total:
            return tr("{total} rows").format(total=total)
        return tr("{shown} of {total} rows shown").format(shown=shown, total=total)

    def _update_count(self) -> None:
        shown = self._table.model().rowCount()
        total = self._table.source.rowCount()
        self._count_label.setText(self._count_text(shown, total) if self._plan_uuid else "")

    def _button(
        self,
        key: str,
        text: str,
        icon: QStyle.StandardPixmap,
        slot: Callable[[], object],
        tip: str = "",
    ) -> QToolButton:
        """A toolbar button named ``<register><key>Button`` (e.g. partnersAddButton)."""
        button = QToolButton(self)
        button.setObjectName(f"{self.NAME}{key}Button")
        button.setText(text)
        button.setIcon(self.style().standardIcon(icon))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        button.setToolTip(tip or text.replace("&", "").rstrip("…"))
        button.clicked.connect(lambda: slot())
        self._toolbar.addWidget(button)
        self._buttons.append(button)
        return button

    def _separator(self) -> None:
        self._toolbar.addSpacing(12)
        self._buttons.append(None)

    def context_menu(self, table: RecordTable) -> QMenu:
        """The menu of a row: the toolbar's commands as they stand for the current
        selection (same words, icons and enabled state), then the table's columns."""
        menu = QMenu(self)
        menu.setObjectName(f"{self.NAME}ContextMenu")
        for button in self._buttons:
            if button is None:
                menu.addSeparator()
                continue
            if button.isHidden():
                continue
            action = menu.addAction(button.icon(), button.text())
            action.setObjectName(button.objectName().replace("Button", "Action"))
            action.setToolTip(button.toolTip())
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.addSeparator()
        menu.addMenu(table.columns_menu())
        return menu

    def _show_context_menu(self, table: RecordTable, position: QPoint) -> None:
        if self._plan_uuid is None:
            return
        menu = self.context_menu(table)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(table.viewport().mapToGlobal(position))

    def _heading(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _split_with(self, heading: QLabel, lower_table: RecordTable) -> QSplitter:
        """The main table above, a heading and a second table below (a partner's roles, an
        indicator's measurements, the gender coverage), in a splitter named after the
        register."""
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.addWidget(heading)
        lower_layout.addWidget(lower_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName(f"{self.NAME}Splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        return splitter

    def _table_for(self, table: RecordTable, *, on_add: Callable[[], object] | None = None,
                   on_delete: Callable[[], object] | None = None) -> RecordTable:  # fmt: skip
        """Wire a table: edits become changes, keys add/delete, linked cells activate."""
        table.source.set_edit_handler(self._edit_field)
        table.linkActivated.connect(self.itemActivated)
        if on_add is not None:
            table.addRequested.connect(lambda: on_add())
        if on_delete is not None:
            table.deleteRequested.connect(lambda: on_delete())
        table.currentUuidChanged.connect(lambda _uuid: self._update_actions())
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(
            lambda position, t=table: self._show_context_menu(t, position)
        )
        return table

    # --- changes ---------------------------------------------------------------------------

    def submit(self, change: Change) -> bool:
        """Hand a change to the window; refresh if the window did not (True if applied)."""
        before = self._refreshes
        if not self._submit(change):
            return False
        if self._refreshes == before:
            self.refresh()
        if change.label:
            self.status.emit(change.label)
        return True

    def _edit_field(self, entity: str, uuid: str, field: str, new: Value, old: Value) -> bool:
        try:
            change = self._builder.edit(entity, uuid, {field: new}, seen={field: old})
        except UserError as error:
            self._show_error(str(error))
            return False
        return self.submit(change)

    def _build_and_submit(self, build: Callable[[], Change]) -> Change | None:
        """Build a change (the builder reads, and may refuse) and submit it."""
        try:
            change = build()
        except UserError as error:
            self._show_error(str(error))
            return None
        return change if self.submit(change) else None

    def _delete(self, entity: str, uuid: str | None, what: str) -> None:
        """Delete a row; if others link to it, ask first (listing the links)."""
        if not uuid:
            return
        try:
            change = self._builder.delete(entity, uuid)
        except InUseError as error:
            self._confirm_delete_with_links(entity, uuid, what, error)
            return
        except UserError as error:
            self._show_error(str(error))
            return
        self.submit(change)

    def _confirm_delete_with_links(
        self, entity: str, uuid: str, what: str, error: InUseError
    ) -> None:
        links = list(error.dependents)
        listed = "\n".join(f"• {link}" for link in links[:LISTED_LINKS])
        if len(links) > LISTED_LINKS:
            listed += "\n" + tr("and {count} more").format(count=len(links) - LISTED_LINKS)
        box = QMessageBox(self)
        box.setObjectName("deleteLinkedBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("Delete {what}?").format(what=what))
        box.setText(tr("{what} is still linked:").format(what=what) + "\n\n" + listed)
        box.setInformativeText(
            tr("Delete it together with these links? You can undo this with Undo.")
        )
        delete = box.addButton(tr("Delete with links"), QMessageBox.ButtonRole.DestructiveRole)
        delete.setObjectName("deleteWithLinksButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(_result: int) -> None:
            if box.clickedButton() is delete:
                self._build_and_submit(
                    lambda: self._builder.delete(entity, uuid, remove_links=True)
                )

        box.finished.connect(finished)
        self._message_box = box
        box.open()

    def _show_error(self, text: str) -> None:
        box = QMessageBox(self)
        box.setObjectName("registerErrorBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("Not changed"))
        box.setText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._message_box = box
        box.open()
        self.status.emit(text)

    def _open_dialog(self, dialog: QDialog, on_accept: Callable[[], object]) -> None:
        """Show a dialog without blocking; ``on_accept`` runs when the user says OK."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: on_accept())
        self._dialog = dialog
        dialog.open()

    def _outline(self) -> PlanOutline | None:
        if self._plan_uuid is None:
            return None
        try:
            return self._reader.outline(self._plan_uuid)
        except UserError as error:
            self._show_error(str(error))
            return None

    @staticmethod
    def _keep_order(old: Sequence[str], checked: Sequence[str]) -> list[str]:
        """Targets still checked keep their place; newly checked ones follow in list order."""
        kept = [uuid for uuid in old if uuid in checked]
        return kept + [uuid for uuid in checked if uuid not in kept]


def added_uuid(change: Change | None) -> str | None:
    """The uuid of the first row a submitted ``AddRows`` created."""
    if isinstance(change, AddRows) and change.rows:
        return change.rows[0].uuid
    return None
