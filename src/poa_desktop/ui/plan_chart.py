"""The Gantt chart beside the plan tree, kept in step with it.

The chart shows the tree's rows, in the tree's order, at the tree's row height: a branch
the user folds (or the filter hides) folds in the chart too, because after every expand,
collapse, filter or reset the link hands the chart the keys of the rows the tree shows
(``set_visible_rows``). The two scroll together (the tree scrolls per pixel and its own
scroll bar is hidden: the chart's serves both), the tree's first row lines up with the
chart's first row, and a row chosen in either is chosen in the other.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, QTimer
from PySide6.QtCore import Signal as _Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QScrollBar,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from poa_desktop.ui.plan_tree_model import RowKeyRole

#: The least height of a row of the tree and the chart, so bars are not slivers.
MIN_ROW_HEIGHT = 22
#: The tree's header is as tall as the chart's time ruler, so they read as one band.
HEADER_HEIGHT = 38
_ModelIndex = QModelIndex | QPersistentModelIndex


class Chart(Protocol):
    """What the link needs of ``GanttWidget``."""

    itemSelected: _Signal

    def set_visible_rows(self, uuids_in_tree_order: list[str], row_height: int) -> None: ...

    def select_item(self, uuid: str) -> None: ...

    @property
    def scene(self) -> Any: ...

    def link_vertical_scroll(self, scroll_bar: QScrollBar) -> None: ...

    def rows_top(self) -> int: ...


class UniformRows(QStyledItemDelegate):
    """Every row of the tree exactly ``height`` pixels tall (the chart's rows are too)."""

    def __init__(self, height: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.height = height

    def sizeHint(self, option: QStyleOptionViewItem, index: _ModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), self.height)


def row_height_for(tree: QTreeView) -> int:
    return max(MIN_ROW_HEIGHT, tree.fontMetrics().height() + 8)


def shown_keys(tree: QTreeView) -> list[str]:
    """The ``RowKeyRole`` keys of the rows the tree shows, top to bottom."""
    model = tree.model()
    keys: list[str] = []
    pending: list[QModelIndex] = []

    def push_children(parent: QModelIndex) -> None:
        for row in reversed(range(model.rowCount(parent))):
            pending.append(model.index(row, 0, parent))

    push_children(QModelIndex())
    while pending:
        index = pending.pop()
        keys.append(index.data(RowKeyRole) or "")
        if model.hasChildren(index) and tree.isExpanded(index):
            push_children(index)
    return keys


class TreeChartLink(QObject):
    """Ties a plan tree (over a proxy) to the chart beside it; ``top_bar`` is the widget
    above the tree whose height lines the tree's rows up with the chart's."""

    #: The user chose a row in the chart: its uuid (the window selects it in the tree).
    rowChosen = _Signal(str)

    def __init__(
        self, tree: QTreeView, chart: QWidget, top_bar: QWidget, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._tree = tree
        self._chart = chart
        self._top_bar = top_bar
        self._row_height = row_height_for(tree)
        tree.setItemDelegate(UniformRows(self._row_height, tree))
        tree.setUniformRowHeights(True)
        tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        tree.setFrameShape(QFrame.Shape.NoFrame)
        tree.header().setFixedHeight(HEADER_HEIGHT)
        tree.header().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.sync)

        model = tree.model()
        tree.expanded.connect(self.schedule)
        tree.collapsed.connect(self.schedule)
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.rowsMoved,
        ):
            signal.connect(self.schedule)
        chart.link_vertical_scroll(tree.verticalScrollBar())  # type: ignore[attr-defined]
        tree.selectionModel().currentChanged.connect(self._on_tree_current)
        chart.itemSelected.connect(self._chosen_in_chart)  # type: ignore[attr-defined]
        self._from_chart = False
        for watched in (chart, tree, tree.header()):
            watched.installEventFilter(self)
        self.schedule()

    @property
    def row_height(self) -> int:
        return self._row_height

    def schedule(self, *_args: object) -> None:
        """Hand the chart the tree's rows once the current burst of changes is over (an
        "expand all" expands every branch one by one)."""
        self._timer.start()

    def sync(self) -> None:
        """Hand the chart the tree's shown rows now."""
        self._timer.stop()
        self._chart.set_visible_rows(shown_keys(self._tree), self._row_height)  # type: ignore[attr-defined]
        self.align()
        current = self._tree.currentIndex()
        key = current.data(RowKeyRole) if current.isValid() else ""
        self._chart.scene.set_selected(key or "")  # type: ignore[attr-defined]  # no scrolling

    def align(self) -> None:
        """Make the bar above the tree as tall as it takes for the tree's first row to
        start where the chart's first row starts."""
        tree_top = self._tree.viewport().mapTo(self._tree, self._tree.viewport().rect().topLeft())
        needed = self._chart.rows_top() - tree_top.y()  # type: ignore[attr-defined]
        if needed > 0 and self._top_bar.height() != needed:
            self._top_bar.setFixedHeight(needed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest):
            QTimer.singleShot(0, self.align)
        return False

    def _chosen_in_chart(self, uuid: str) -> None:
        """The chart already shows the row chosen; nothing scrolls under the mouse."""
        self._from_chart = True
        try:
            self.rowChosen.emit(uuid)
        finally:
            self._from_chart = False

    def _on_tree_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._from_chart:
            return
        key = current.data(RowKeyRole) if current.isValid() else ""
        self._chart.select_item(key or "")  # type: ignore[attr-defined]
