"""One register table as the user sees it: sortable, filterable by a predicate over records,
columns the user can hide and size (remembered per table), rows that wrap long text.

``RecordTable`` is the building block of every register view; the views add the toolbar,
the second table where there is one, and what the edits mean.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QWidget

from poa_desktop.ui.plan_tree_model import SortRole
from poa_desktop.ui.registers.delegates import delegate_for
from poa_desktop.ui.registers.labels import tr
from poa_desktop.ui.registers.table_model import LinkedItemRole, RecordTableModel
from poa_desktop.ui.roles import RecordRole
from poa_desktop.ui.settings import AppSettings
from poa_desktop.ui.table_rows import (
    FITS_TEXT,
    TextRowsTable,
    fit_rows_to_text,
    rows_measured_once,
)

Predicate = Callable[[object], bool]
_ModelIndex = QModelIndex | QPersistentModelIndex
#: Widest a column starts (in pixels) when its declared width would be wider.
MAX_START_WIDTH = 520
#: Up to this many rows, each is as tall as its wrapped text; beyond, one line each.
WRAPPED_ROWS = 400


class RecordProxy(QSortFilterProxyModel):
    """Sorts on ``SortRole``; keeps the rows whose record (``RecordRole``) passes the
    predicate (all rows without one)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._predicate: Predicate | None = None
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    @property
    def predicate(self) -> Predicate | None:
        return self._predicate

    def set_predicate(self, predicate: Predicate | None) -> None:
        self.beginFilterChange()
        self._predicate = predicate
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _ModelIndex) -> bool:
        if self._predicate is None:
            return True
        model = self.sourceModel()
        record = model.index(source_row, 0, source_parent).data(RecordRole)
        return record is not None and bool(self._predicate(record))


class RecordTable(TextRowsTable):
    """A register table over a ``RecordTableModel`` (through a ``RecordProxy``)."""

    #: Insert or Ctrl+N while the table has the focus.
    addRequested = Signal()
    #: The Delete key while the table has the focus (and no cell is being edited).
    deleteRequested = Signal()
    #: A cell that points to a plan item was activated (double-click, Enter): its uuid.
    linkActivated = Signal(str)
    #: Any other read-only cell was activated: (column key, record).
    cellActivated = Signal(str, object)
    #: The current row changed (its record's uuid, "" for none).
    currentUuidChanged = Signal(str)

    def __init__(
        self,
        model: RecordTableModel[Any],
        settings: AppSettings,
        name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._settings = settings
        self._source = model
        self._proxy = RecordProxy(self)
        self._proxy.setObjectName(f"{name}Proxy")
        self._proxy.setSourceModel(model)
        self._restoring = False
        self._fitted = False  # code columns widened to their longest text yet?
        self._empty_text = ""
        self.setModel(self._proxy)

        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        fit_rows_to_text(self)
        self._delegates = []
        for number, column in enumerate(model.columns):
            delegate = delegate_for(column, self)
            if delegate is not None:
                self._delegates.append(delegate)
                self.setItemDelegateForColumn(number, delegate)

        header = self.horizontalHeader()
        header.setObjectName(f"{name}Header")
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_header_menu)
        self._apply_default_columns()
        self.setSortingEnabled(True)
        self._columns_menu = self._build_columns_menu()
        self.restore_header()
        header.sectionResized.connect(self._save_header)
        header.sectionMoved.connect(self._save_header)
        header.sortIndicatorChanged.connect(self._save_header)

        self.activated.connect(self._on_activated)
        self.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

    # Models

    @property
    def source(self) -> RecordTableModel[Any]:
        return self._source

    @property
    def proxy(self) -> RecordProxy:
        return self._proxy

    def set_predicate(self, predicate: Predicate | None) -> None:
        self._proxy.set_predicate(predicate)
        self.viewport().update()

    def set_empty_text(self, text: str) -> None:
        """What an empty table says instead of nothing (e.g. how to add the first row)."""
        self._empty_text = text
        self.viewport().update()

    def empty_text(self) -> str:
        """The hint shown now: the empty text, or that the filter hides every row."""
        if self._proxy.rowCount() > 0:
            return ""
        if self._source.rowCount() > 0:
            return tr("No rows match the filter.")
        return self._empty_text

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        text = self.empty_text()
        if not text:
            return
        painter = QPainter(self.viewport())
        try:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.viewport().rect().adjusted(16, 16, -16, -16),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                text,
            )
        finally:
            painter.end()

    # Rows and selection

    def current_record(self) -> Any:
        index = self.currentIndex()
        if not index.isValid():
            return None
        return self._source.record(self._proxy.mapToSource(index))

    def current_uuid(self) -> str | None:
        record = self.current_record()
        return getattr(record, "uuid", None) if record is not None else None

    def proxy_index(self, uuid: str | None, column_key: str | None = None) -> QModelIndex:
        column = self._source.column_of(column_key) if column_key else 0
        return self._proxy.mapFromSource(self._source.index_for_uuid(uuid, column))

    def select_uuid(self, uuid: str | None, column_key: str | None = None) -> bool:
        """Make the row with this uuid current (and visible); False if it is not shown."""
        index = self.proxy_index(uuid, column_key)
        if not index.isValid():
            return False
        if column_key is None and self.currentIndex().isValid():
            index = index.siblingAtColumn(self.currentIndex().column())
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True

    def set_rows(self, rows: Any) -> None:
        """Show new rows, keeping the current row (by uuid) and the scroll position."""
        uuid = self.current_uuid()
        row, column = self.currentIndex().row(), max(self.currentIndex().column(), 0)
        scroll = self.verticalScrollBar().value()
        self._source.set_rows(rows)
        self._choose_row_heights()
        self.viewport().update()
        self._restoring = True
        try:
            self._fit_columns()
        finally:
            self._restoring = False
        if uuid and not self.currentIndex().isValid():
            index = self.proxy_index(uuid)
            count = self._proxy.rowCount()
            if not index.isValid() and count > 0:  # it was deleted: take its place
                index = self._proxy.index(min(row, count - 1), 0)
            if index.isValid():
                self.setCurrentIndex(index.siblingAtColumn(column))
        self.updateGeometries()
        self.verticalScrollBar().setValue(scroll)
        if self.currentIndex().isValid():
            self.scrollTo(self.currentIndex())

    def _choose_row_heights(self) -> None:
        """Rows as tall as their wrapped text while the register is small; one line each
        (the full text in the tooltip) beyond ``WRAPPED_ROWS``, where measuring every
        row's text on each layout would cost seconds (10,000 dependencies)."""
        wrapped = self._source.rowCount() <= WRAPPED_ROWS
        if wrapped != bool(self.property(FITS_TEXT)):
            header = self.verticalHeader()
            fit_rows_to_text(self, wrapped)
            if not wrapped:  # one line of text and the cell's padding
                line = self.fontMetrics().height() + 10
                header.setDefaultSectionSize(line)
                for section in range(header.count()):  # rows measured before
                    header.resizeSection(section, line)

    def edit_cell(self, uuid: str, column_key: str) -> bool:
        """Select a row and start editing one of its cells (after adding a row)."""
        index = self.proxy_index(uuid, column_key)
        if not index.isValid():
            return False
        self.setFocus()
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return self.edit(index, QAbstractItemView.EditTrigger.AllEditTriggers, None)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = self._source.record(self._proxy.mapToSource(current))
        self.currentUuidChanged.emit(str(getattr(record, "uuid", "") or ""))

    def _on_activated(self, index: QModelIndex) -> None:
        linked = index.data(LinkedItemRole)
        if isinstance(linked, str) and linked:
            self.linkActivated.emit(linked)
            return
        source = self._proxy.mapToSource(index)
        record = self._source.record(source)
        if record is not None:
            self.cellActivated.emit(self._source.columns[source.column()].key, record)

    # Keys: the table's own keys win over window-wide shortcuts while it has the focus.

    def _key_request(self, event: QKeyEvent) -> Signal | None:
        if self.state() == QAbstractItemView.State.EditingState:
            return None
        if event.key() == Qt.Key.Key_Delete and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            return self.deleteRequested
        if event.key() == Qt.Key.Key_Insert or event.matches(QKeySequence.StandardKey.New):
            return self.addRequested
        return None

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._key_request(event) is not None
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        signal = self._key_request(event)
        if signal is not None:
            event.accept()
            signal.emit()
            return
        super().keyPressEvent(event)

    # Columns: default widths, the header menu, the saved state

    def _apply_default_columns(self) -> None:
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        char = max(6, metrics.averageCharWidth())
        for number, column in enumerate(self._source.columns):
            width = min(MAX_START_WIDTH, column.width * char + 16)
            if column.icon is not None:
                width += 20
            # Room for the whole header and its sort arrow.
            width = max(width, metrics.horizontalAdvance(column.header()) + 28)
            header.resizeSection(number, width)
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column.stretch
                else QHeaderView.ResizeMode.Interactive
            )
            header.setSectionResizeMode(number, mode)
            header.setSectionHidden(number, column.hidden)

    def _build_columns_menu(self) -> QMenu:
        menu = QMenu(tr("Columns"), self)
        menu.setObjectName(f"{self.objectName()}ColumnsMenu")
        menu.addSection(tr("Columns"))
        for number, column in enumerate(self._source.columns):
            action = QAction(column.header(), menu)
            action.setObjectName(f"column_{column.key}")
            action.setCheckable(True)
            action.toggled.connect(lambda shown, n=number: self._set_column_shown(n, shown))
            menu.addAction(action)
        menu.addSeparator()
        plan_order = QAction(tr("Plan order"), menu)
        plan_order.setObjectName("planOrderAction")
        plan_order.setToolTip(tr("Show the rows in the plan's own order"))
        plan_order.triggered.connect(
            lambda: self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        )
        menu.addAction(plan_order)
        reset = QAction(tr("Reset columns"), menu)
        reset.setObjectName("resetColumnsAction")
        reset.triggered.connect(self.reset_columns)
        menu.addAction(reset)
        menu.aboutToShow.connect(self._sync_columns_menu)
        return menu

    def columns_menu(self) -> QMenu:
        """The header's context menu (show/hide columns, plan order, reset)."""
        self._sync_columns_menu()
        return self._columns_menu

    def _sync_columns_menu(self) -> None:
        header = self.horizontalHeader()
        shown = [not header.isSectionHidden(n) for n in range(header.count())]
        actions = [a for a in self._columns_menu.actions() if a.objectName().startswith("column_")]
        for number, action in enumerate(actions):
            action.blockSignals(True)
            action.setChecked(shown[number])
            # The last visible column cannot be hidden: the table would look empty.
            action.setEnabled(not (shown[number] and sum(shown) == 1))
            action.blockSignals(False)

    def _show_header_menu(self, position: QPoint) -> None:
        self._sync_columns_menu()
        self._columns_menu.popup(self.horizontalHeader().mapToGlobal(position))

    def _set_column_shown(self, number: int, shown: bool) -> None:
        header = self.horizontalHeader()
        hidden_after = [header.isSectionHidden(n) for n in range(header.count())]
        hidden_after[number] = not shown
        if all(hidden_after):
            self._sync_columns_menu()
            return
        header.setSectionHidden(number, not shown)
        if shown and header.sectionSize(number) < header.minimumSectionSize():
            header.resizeSection(number, header.defaultSectionSize())
        self._save_header()

    def set_column_shown(self, key: str, shown: bool) -> None:
        self._set_column_shown(self._source.column_of(key), shown)

    def is_column_shown(self, key: str) -> bool:
        return not self.horizontalHeader().isSectionHidden(self._source.column_of(key))

    def reset_columns(self) -> None:
        """Back to the default widths, order and visible columns, in plan order."""
        header = self.horizontalHeader()
        self._restoring = True
        try:
            for visual in range(header.count()):
                logical = header.logicalIndex(visual)
                if logical != visual:
                    header.moveSection(header.visualIndex(visual), visual)
            self._apply_default_columns()
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self._fitted = False
            self._fit_columns()
        finally:
            self._restoring = False
        self._save_header()

    def _fit_columns(self) -> None:
        """Widen code columns to their longest code, once, when no saved widths apply."""
        if self._fitted or self._source.rowCount() == 0:
            return
        self._fitted = True
        header = self.horizontalHeader()
        with rows_measured_once(self):
            for number, column in enumerate(self._source.columns):
                if column.fit and not header.isSectionHidden(number):
                    wanted = min(MAX_START_WIDTH, self.sizeHintForColumn(number) + 4)
                    if wanted > header.sectionSize(number):
                        header.resizeSection(number, wanted)

    def restore_header(self) -> None:
        state = self._settings.header_state(self.objectName())
        if state.isEmpty():
            return
        self._fitted = True
        self._restoring = True
        try:
            if not self.horizontalHeader().restoreState(state):
                self._apply_default_columns()
        finally:
            self._restoring = False

    def _save_header(self, *_args: object) -> None:
        if not self._restoring:
            self._settings.set_header_state(self.objectName(), self.horizontalHeader().saveState())
