"""The key outputs (Figure 1) and the milestones as tables, beside the editor of the
selected one. After any change the window hands the view the plan's outline again; it
keeps the selected row (by uuid).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from poa_desktop.domain.errors import UserError
from poa_desktop.domain.records import ItemRow, PlanOutline
from poa_desktop.ui.detail_pane import DetailPane
from poa_desktop.ui.edit_session import EditSession
from poa_desktop.ui.filter_proxy import RecordFilterProxy
from poa_desktop.ui.key_output_model import KeyOutputColumn, KeyOutputTableModel
from poa_desktop.ui.notes_editor import date_text
from poa_desktop.ui.plan_tree_model import (
    ItemKindRole,
    ItemUuidRole,
)
from poa_desktop.ui.plan_views import Predicate, fit_columns, make_proxy, make_table
from poa_desktop.ui.record_models import Column, RecordTableModel
from poa_desktop.ui.service_protocols import Builder, PlanReader, RegisterReader
from poa_desktop.ui.settings import AppSettings
from poa_desktop.ui.status_style import status_icon, status_label


class OutputsView(QWidget):
    """Key outputs and milestones as tables, with the editor of the selected one."""

    selectionChanged = Signal(str, str)
    problem = Signal(str)

    def __init__(
        self,
        reader: PlanReader,
        registers: RegisterReader,
        builder: Builder,
        session: EditSession,
        settings: AppSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("outputsView")
        self._settings = settings
        self._sized = False
        self._restoring = False
        self._current: tuple[str, str] = ("", "")
        self._plan_uuid = ""

        self.ko_model = KeyOutputTableModel(self)
        self.ko_proxy = make_proxy("keyOutputsProxy", self)
        self.ko_proxy.setSourceModel(self.ko_model)
        self.ko_table = make_table("keyOutputsTable", self.tr("Key outputs"))
        self.ko_table.setModel(self.ko_proxy)
        self.ko_table.sortByColumn(KeyOutputColumn.NUMBER, Qt.SortOrder.AscendingOrder)
        self.ko_table.horizontalHeader().setSectionResizeMode(
            KeyOutputColumn.TITLE, QHeaderView.ResizeMode.Stretch
        )

        self.ms_model = RecordTableModel(
            (
                Column(self.tr("Code"), lambda r: r.code),
                Column(self.tr("Title"), lambda r: r.title),
                Column(
                    self.tr("Date"),
                    lambda r: date_text(r.start) if r.start else "",
                    sort=lambda r: r.start.isoformat() if r.start else "",
                ),
                Column(
                    self.tr("Status"),
                    lambda r: status_label(r.status),
                    icon=lambda r: status_icon(r.status),
                ),
            ),
            self,
        )
        self.ms_proxy = make_proxy("milestonesProxy", self)
        self.ms_proxy.setSourceModel(self.ms_model)
        self.ms_table = make_table("milestonesTable", self.tr("Milestones"))
        self.ms_table.setModel(self.ms_proxy)
        self.ms_table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.ms_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        for table in (self.ko_table, self.ms_table):
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            table.activated.connect(lambda _index: self.detail.focus_title())
            table.selectionModel().currentChanged.connect(
                lambda current, _previous, t=table: self._on_current_changed(t, current)
            )

        self.detail = DetailPane(
            reader, registers, builder, session, settings, name="outputDetailPane"
        )
        lists = QSplitter(Qt.Orientation.Vertical)
        lists.setObjectName("outputsListsSplitter")
        lists.setChildrenCollapsible(False)
        lists.addWidget(self._titled(self.tr("Key outputs (Figure 1)"), self.ko_table))
        lists.addWidget(self._titled(self.tr("Milestones"), self.ms_table))
        lists.setStretchFactor(0, 3)
        lists.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("outputsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(lists)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    @staticmethod
    def _titled(title: str, table: QTableView) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(6, 6, 0, 0)
        column.setSpacing(4)
        label = QLabel(title)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setBuddy(table)
        column.addWidget(label)
        column.addWidget(table)
        return box

    # Rows

    def set_outline(self, outline: PlanOutline | None) -> None:
        same_plan = outline is not None and self._plan_uuid == outline.plan.uuid
        current = self._current if same_plan else ("", "")
        self.detail.set_outline(outline)
        self._restoring = True
        try:
            self.ko_model.set_outline(outline)
            self.ms_model.set_rows(outline.milestones if outline else ())
            self._plan_uuid = outline.plan.uuid if outline else ""
            if current[0]:
                self.select(current[0])
        finally:
            self._restoring = False
        if current[0] and self._current[0] != current[0]:
            self._current = ("", "")
            self.detail.show_empty()
            self.selectionChanged.emit("", "")
        if outline is not None:
            self._size_columns()

    def current(self) -> tuple[str, str]:
        return self._current

    def select(self, uuid: str) -> bool:
        for table, model in ((self.ko_table, self.ko_model), (self.ms_table, self.ms_model)):
            source = model.index_for_uuid(uuid)
            proxy = table.model()
            assert isinstance(proxy, QSortFilterProxyModel)
            index = proxy.mapFromSource(source)
            if index.isValid():
                table.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                table.scrollTo(index)
                return True
        return False

    def row(self, uuid: str) -> ItemRow | None:
        for record in (*self._ko_rows(), *self.ms_model.rows):
            if record.uuid == uuid:
                return record  # type: ignore[no-any-return]
        return None

    def _ko_rows(self) -> list[ItemRow]:
        rows = []
        for row in range(self.ko_model.rowCount()):
            record = self.ko_model.row_at(row)
            if record is not None:
                rows.append(record)
        return rows

    def set_predicate(self, predicate: Predicate | None) -> None:
        for proxy in (self.ko_proxy, self.ms_proxy):
            if isinstance(proxy, RecordFilterProxy):
                proxy.set_predicate(predicate)

    def refresh(self) -> None:
        self.detail.refresh()

    def _on_current_changed(self, table: QTableView, current: QModelIndex) -> None:
        if not current.isValid():
            return
        uuid = current.data(ItemUuidRole) or ""
        kind = current.data(ItemKindRole) or "milestone"
        other = self.ms_table if table is self.ko_table else self.ko_table
        other.selectionModel().clear()
        self._current = (uuid, kind)
        if self._restoring and uuid == self.detail.current_uuid:
            return
        try:
            self.detail.show_item(uuid)
        except UserError as error:
            self.detail.show_empty()
            self.problem.emit(str(error))
        self.selectionChanged.emit(uuid, kind)

    # Layout

    def _size_columns(self) -> None:
        if self._sized:
            return
        self._sized = True
        state = self._settings.key_outputs_header_state
        if state.isEmpty() or not self.ko_table.horizontalHeader().restoreState(state):
            fit_columns(
                self.ko_table, (c for c in KeyOutputColumn if c is not KeyOutputColumn.TITLE)
            )
        state = self._settings.header_state("milestonesTable")
        if state.isEmpty() or not self.ms_table.horizontalHeader().restoreState(state):
            fit_columns(self.ms_table, (0, 2, 3))

    def save_layout(self) -> None:
        if self._sized:
            self._settings.key_outputs_header_state = self.ko_table.horizontalHeader().saveState()
            self._settings.set_header_state(
                "milestonesTable", self.ms_table.horizontalHeader().saveState()
            )
        self._settings.set_header_state("outputsSplitter", self.splitter.saveState())

    def restore_layout(self) -> None:
        state = self._settings.header_state("outputsSplitter")
        if not state.isEmpty():
            self.splitter.restoreState(state)
