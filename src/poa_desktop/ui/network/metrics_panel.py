"""The metrics panel: the questions asked of the network, one page each, answered by
``domain.network`` (``NetworkMetrics``). Clicking an answer shows its node in the view."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QToolBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.domain.network import DEPENDENCIES, PARTNERS
from poa_desktop.domain.network_metrics import NetworkMetrics
from poa_desktop.ui.network.style import tr
from poa_desktop.ui.roles import RecordRole

#: The value a column sorts by (numbers sort as numbers).
SortRole = Qt.ItemDataRole.UserRole + 11
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class MetricRow:
    """One answer: the lens and node it points at, its cells and their sort values."""

    lens: str
    key: str
    cells: tuple[str, ...]
    sort: tuple[object, ...] = ()
    tip: str = ""


class MetricsModel(QAbstractTableModel):
    """A table of ``MetricRow``s under fixed headers."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._rows: tuple[MetricRow, ...] = ()

    def set_rows(self, rows: Sequence[MetricRow]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def rows(self) -> tuple[MetricRow, ...]:
        return self._rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column] if column < len(row.cells) else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tip or None
        if role == SortRole:
            if column < len(row.sort):
                return row.sort[column]
            return row.cells[column] if column < len(row.cells) else ""
        if role == RecordRole:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None


@dataclass(frozen=True, slots=True)
class _Page:
    name: str
    title: str
    note: str
    headers: tuple[str, ...]
    rows: Callable[[NetworkMetrics, Any], list[MetricRow]]


def _pages() -> tuple[_Page, ...]:
    return (
        _Page(
            "MostConnected",
            tr("Most connected partners"),
            tr("Partners by how many key outputs, components and MOUs they are linked to."),
            (tr("Partner"), tr("Name"), tr("Links")),
            _most_connected,
        ),
        _Page(
            "Brokers",
            tr("Brokers"),
            tr(
                "On the most shortest paths between others (betweenness): without them, "
                "parts of the network drift apart."
            ),
            (tr("Partner or MOU"), tr("Kind"), tr("Betweenness")),
            _brokers,
        ),
        _Page(
            "SinglePoints",
            tr("Single points of failure"),
            tr("A partner or MOU whose removal cuts these components off from the rest."),
            (tr("Partner or MOU"), tr("Cuts off")),
            _single_points,
        ),
        _Page(
            "OverdueMous",
            tr("Overdue MOUs"),
            tr("Target date passed and not signed."),
            (tr("MOU"), tr("Target"), tr("Days overdue"), tr("Status")),
            _overdue,
        ),
        _Page(
            "WithoutMou",
            tr("Contributions without an MOU in force"),
            tr(
                "Partner × key output: the partner contributes (by a role, or as party to an "
                "MOU covering the output) and no signed MOU in force covers the pair."
            ),
            (tr("Partner"), tr("Output"), tr("Through"), tr("MOUs not in force")),
            _without,
        ),
        _Page(
            "OutputsWithoutPartner",
            tr("Key outputs with no partner"),
            tr(
                "No partner has a role on the output or on a means of action delivering it, "
                "and no MOU covers it."
            ),
            (tr("Output"), tr("Title")),
            _outputs_alone,
        ),
        _Page(
            "IsolatedComponents",
            tr("Components with no link to another"),
            tr(
                "No dependency joins the component to another one, or no partner outside "
                "the ILO works on it and on another one."
            ),
            (tr("Component"), tr("Title"), tr("Missing")),
            _isolated,
        ),
        _Page(
            "LongestChain",
            tr("Longest dependency chain"),
            tr(
                "The longest run of items each waiting on the one before (dependencies and "
                "deliveries of key outputs)."
            ),
            (tr("Step"), tr("Item"), tr("Title")),
            _chain,
        ),
    )


def _most_connected(metrics: NetworkMetrics, graph: Any) -> list[MetricRow]:
    return [
        MetricRow(
            PARTNERS,
            r.node.key,
            (r.node.label, r.node.title, f"{r.value:.0f}"),
            (r.node.label, r.node.title, r.value),
        )
        for r in metrics.most_connected
    ]


def _brokers(metrics: NetworkMetrics, graph: Any) -> list[MetricRow]:
    kinds = {"partner": tr("Partner"), "mou": tr("MOU")}
    return [
        MetricRow(
            PARTNERS,
            r.node.key,
            (r.node.label, kinds.get(r.node.kind, r.node.kind), f"{r.value:.3f}"),
            (r.node.label, r.node.kind, r.value),
            r.node.title,
        )
        for r in metrics.brokers
    ]


def _single_points(metrics: NetworkMetrics, graph: Any) -> list[MetricRow]:
    return [
        MetricRow(PARTNERS, s.node.key, (s.node.label, ", ".join(s.cut_off)), tip=s.node.title)
        for s in metrics.single_points
    ]


def _overdue(metrics: NetworkMetrics, graph: Any) -> list[MetricRow]:
    rows = []
    for o in metrics.overdue_mous:
        status = graph.nodes[o.node.key]["mou_status"] if o.node.key in graph else ""
        rows.append(
            MetricRow(
                PARTNERS,
                o.node.key,
                (o.node.label, o.target.isoformat(), str(o.days), status.replace("_", " ")),
                (o.node.label, o.target, o.days, status),
                o.node.title,
            )
        )
    return rows


def _without(metrics: NetworkMetrics, graph: Any) -> list[MetricRow]:
    return [
        MetricRow(
            PARTNERS,
            c.partner.key,
            (
                c.partner.label,
                c.output.label,
                ", ".join(c.via) or tr("MOU only"),
                ", ".join(c.mous) or "—",
            ),
            tip=f"{c.partner.title} — {c.output.title}",
        )
        for c in metrics.matrix
        if not c.in_force
    ]


def _outputs_alone(metrics: NetworkMetrics, graph: Any) -> list[MetricRow]:
    return [
        MetricRow(PARTNERS, n.key, (n.label, n.title), tip=n.title)
        for n in metrics.outputs_without_partner
    ]


def _isolated(metrics: NetworkMetrics, graph: Any) -> list[MetricRow]:
    words = {DEPENDENCIES: tr("no dependency"), PARTNERS: tr("no shared partner outside the ILO")}
    return [
        MetricRow(
            PARTNERS if u.lens == PARTNERS else "",
            u.node.key if u.lens == PARTNERS else "",
            (u.node.label, u.node.title, words.get(u.lens, u.lens)),
        )
        for u in metrics.unlinked_components
    ]


def _chain(metrics: NetworkMetrics, graph: Any) -> list[MetricRow]:
    if metrics.cycles:
        return [
            MetricRow(
                "", "", ("—", " → ".join((*cycle, cycle[0])), tr("a cycle: no longest chain"))
            )
            for cycle in metrics.cycles
        ]
    return [
        MetricRow(
            DEPENDENCIES, n.key, (str(step), n.label, n.title), (step, n.label, n.title), n.title
        )
        for step, n in enumerate(metrics.longest_chain, start=1)
    ]


class MetricsPanel(QToolBox):
    """One page per question, each a short note over a sortable table."""

    #: An answer was chosen: (lens, node key) to show and select.
    nodeActivated = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkMetrics")
        self._pages = _pages()
        self.models: dict[str, MetricsModel] = {}
        self.views: dict[str, QTreeView] = {}
        for page in self._pages:
            body = QWidget()
            layout = QVBoxLayout(body)
            layout.setContentsMargins(2, 2, 2, 2)
            note = QLabel(page.note)
            note.setWordWrap(True)
            note.setObjectName(f"network{page.name}Note")
            model = MetricsModel(page.headers, self)
            proxy = QSortFilterProxyModel(self)
            proxy.setSourceModel(model)
            proxy.setSortRole(SortRole)
            view = QTreeView()
            view.setObjectName(f"network{page.name}")
            view.setModel(proxy)
            view.setRootIsDecorated(False)
            view.setUniformRowHeights(True)
            view.setAlternatingRowColors(True)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setSortingEnabled(page.name not in ("LongestChain",))
            view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
            view.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            view.header().setStretchLastSection(True)
            for column in range(len(page.headers) - 1):
                view.setColumnWidth(column, 96 if column == 0 else 110)
            view.setAccessibleName(page.title)
            view.clicked.connect(self._chosen)
            view.activated.connect(self._chosen)
            note.setBuddy(view)
            layout.addWidget(note)
            layout.addWidget(view, 1)
            self.addItem(body, page.title)
            self.models[page.name] = model
            self.views[page.name] = view

    def set_metrics(self, metrics: NetworkMetrics, graph: Any) -> None:
        """Show the answers (``graph``: the partners lens, for MOU statuses)."""
        for number, page in enumerate(self._pages):
            rows = page.rows(metrics, graph)
            self.models[page.name].set_rows(rows)
            self.setItemText(number, f"{page.title} ({len(rows)})")

    def clear_metrics(self) -> None:
        for number, page in enumerate(self._pages):
            self.models[page.name].set_rows(())
            self.setItemText(number, page.title)

    def _chosen(self, index: QModelIndex) -> None:
        row = index.data(RecordRole)
        if isinstance(row, MetricRow) and row.key:
            self.nodeActivated.emit(row.lens, row.key)
