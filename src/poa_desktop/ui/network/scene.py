"""The network of one lens as a graphics scene, built once and updated in place.

``set_network`` adds the nodes and edges that are new, updates those that remain (their
look, tooltip and, when the layout moves them, their position) and removes the rest, so a
refresh after an edit keeps the user's zoom, selection and pinned nodes. Labels are placed
by ``place_labels`` at the view's scale: by priority, beside their node, never over
another label or node; what has no room is hidden until the user zooms in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtWidgets import QGraphicsScene, QWidget

from poa_desktop.domain.network import DEPENDENCIES, Network
from poa_desktop.domain.network_layout import (
    Band,
    LabelBox,
    Layout,
    Point,
    label_priority,
    place_labels,
)
from poa_desktop.ui.network import style
from poa_desktop.ui.network.items import EdgeItem, NodeItem

#: Room around the nodes, in scene pixels, so the user can pan a little past the edge.
_MARGIN = 400.0


class NetworkScene(QGraphicsScene):
    """Nodes, edges and labels of one lens (``partners`` or ``dependencies``)."""

    def __init__(self, lens: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lens = lens
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[str, EdgeItem] = {}
        self.bands: tuple[Band, ...] = ()
        self.ticks: tuple[tuple[float, str], ...] = ()
        self.hidden: frozenset[str] = frozenset()
        #: The view's scale (pixels per scene unit) and its inverse, for edges and labels.
        self.scale = 1.0
        self.unit = 1.0
        #: Where the view was centred and its scale, kept while another lens is shown.
        self.view_centre: QPointF | None = None
        self.unit_x, self.unit_y = style.UNIT_PIXELS[lens]
        self.setBackgroundBrush(style.BACKGROUND)

    @property
    def directed(self) -> bool:
        return self.lens == DEPENDENCIES

    # --- coordinates ---------------------------------------------------------------------

    def to_scene(self, point: Point) -> QPointF:
        return QPointF(point[0] * self.unit_x, point[1] * self.unit_y)

    def to_units(self, point: QPointF) -> Point:
        return (point.x() / self.unit_x, point.y() / self.unit_y)

    def positions(self) -> dict[str, Point]:
        """Where every node stands now, in layout units."""
        return {key: self.to_units(node.pos()) for key, node in self.nodes.items()}

    # --- content -------------------------------------------------------------------------

    def set_network(self, network: Network, layout: Layout, *, move: bool = True) -> None:
        """Show ``network`` at ``layout``; nodes already shown move only when ``move``."""
        graph = network.graph
        for key in [key for key in self.nodes if key not in graph]:
            node = self.nodes.pop(key)
            self.removeItem(node.label)
            self.removeItem(node)
        for key, data in graph.nodes(data=True):
            node = self.nodes.get(key)
            record = network.records.get(key)
            fresh = node is None
            if node is None:
                node = self.nodes[key] = NodeItem(key, data, record, graph.degree(key))
                node.extra = style.SIZE_EXTRA[self.lens]
                self.addItem(node)
                self.addItem(node.label)
            else:
                node.update_data(data, record, graph.degree(key))
            position = layout.positions.get(key)
            if position is not None and (fresh or move):
                node.setPos(self.to_scene(position))
        wanted: dict[str, tuple[str, str, dict]] = {}
        if graph.is_multigraph():
            for u, v, k, data in graph.edges(keys=True, data=True):
                wanted[f"{u}|{v}|{k}"] = (u, v, data)
        else:
            for u, v, data in graph.edges(data=True):
                wanted[f"{u}|{v}"] = (u, v, data)
        for key in [key for key in self.edges if key not in wanted]:
            self.removeItem(self.edges.pop(key))
        for node in self.nodes.values():
            node.edges = []
        for key, (u, v, data) in wanted.items():
            edge = self.edges.get(key)
            if edge is None:
                edge = self.edges[key] = EdgeItem(
                    key, self.nodes[u], self.nodes[v], data, self.directed
                )
                self.addItem(edge)
            else:
                edge.update_data(data)
            self.nodes[u].edges.append(edge)
            self.nodes[v].edges.append(edge)
        self.bands, self.ticks = layout.bands, layout.ticks
        self._apply_hidden()
        self.update_edges()
        self.grow_scene_rect()

    def clear_network(self) -> None:
        self.clear()
        self.nodes.clear()
        self.edges.clear()
        self.bands, self.ticks = (), ()

    def set_hidden(self, keys: Iterable[str]) -> None:
        """Hide these nodes (a filter keeps them out) and every edge touching one."""
        self.hidden = frozenset(keys)
        self._apply_hidden()

    def _apply_hidden(self) -> None:
        for key, node in self.nodes.items():
            node.setVisible(key not in self.hidden)
        for edge in self.edges.values():
            edge.setVisible(edge.source.isVisible() and edge.target.isVisible())

    def set_sizes(self, shares: Mapping[str, float]) -> None:
        """Node sizes: each node's share (0..1) of the largest value of the size metric."""
        for key, node in self.nodes.items():
            node.set_share(shares.get(key, 0.0))
        self.update_edges()

    def set_scale(self, scale: float) -> None:
        """The view's new scale: edges are trimmed and arrowheads sized in pixels."""
        self.scale = scale
        self.unit = 1.0 / scale
        self.update_edges()

    def update_edges(self) -> None:
        for edge in self.edges.values():
            edge.update_path()

    def select_key(self, key: str | None) -> NodeItem | None:
        """Select one node (None: none); returns it."""
        self.clearSelection()
        node = self.nodes.get(key) if key else None
        if node is not None:
            node.setSelected(True)
            for edge in node.edges:
                edge.update()
        return node

    def selected_key(self) -> str | None:
        for node in self.selectedItems():
            if isinstance(node, NodeItem):
                return node.key
        return None

    def node_for_uuid(self, uuid: str) -> NodeItem | None:
        return next((node for node in self.nodes.values() if node.uuid == uuid), None)

    # --- geometry ------------------------------------------------------------------------

    def content_rect(self) -> QRectF:
        """The visible nodes' centres (and the bands), for fitting the view."""
        points = [node.pos() for node in self.nodes.values() if node.isVisible()]
        if not points:
            return QRectF(-100, -100, 200, 200)
        left = min(p.x() for p in points)
        right = max(p.x() for p in points)
        top = min(p.y() for p in points)
        bottom = max(p.y() for p in points)
        if self.bands:
            top = min(top, self.bands[0].top * self.unit_y)
            bottom = max(bottom, self.bands[-1].bottom * self.unit_y)
        return QRectF(left, top, max(right - left, 1.0), max(bottom - top, 1.0))

    def label_overhang(self) -> float:
        """How far (pixels) the labels of the rightmost nodes reach past them."""
        nodes = [node for node in self.nodes.values() if node.isVisible()]
        if not nodes:
            return 0.0
        right = max(node.pos().x() for node in nodes)
        near = [node for node in nodes if node.pos().x() >= right - 1e-6]
        return max(node.radius + node.label.size[0] + 4 for node in near)

    def grow_scene_rect(self) -> None:
        rect = self.content_rect().adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)
        self.setSceneRect(rect.united(self.sceneRect()) if self.nodes else rect)

    def reset_scene_rect(self) -> None:
        self.setSceneRect(self.content_rect().adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN))

    # --- labels --------------------------------------------------------------------------

    def place_labels(self) -> int:
        """Place the labels for the current scale; returns how many are shown."""
        scale = self.scale
        visible = [node for node in self.nodes.values() if node.isVisible()]
        boxes = []
        for node in visible:
            if node.kind == "component":
                continue  # its code is drawn inside it
            width, height = node.label.size
            boxes.append(
                LabelBox(
                    node.key,
                    node.pos().x() * scale,
                    node.pos().y() * scale,
                    width,
                    height,
                    node.radius + 1,
                    label_priority(node.attrs, len(node.edges)),
                )
            )
        obstacles = [(n.pos().x() * scale, n.pos().y() * scale, n.radius + 1) for n in visible]
        placed = place_labels(boxes, obstacles)
        for node in self.nodes.values():
            corner = placed.get(node.key)
            if corner is None:
                node.label.place(None)
            else:
                node.label.setPos(node.pos())
                node.label.place(
                    QPointF(corner[0] - node.pos().x() * scale, corner[1] - node.pos().y() * scale)
                )
        return len(placed)
