"""The network of one lens as a graphics scene, built once and updated in place.

``set_network`` adds the nodes and edges that are new, updates those that remain (their
look and, when the layout moves them, their position) and removes the rest, so a refresh
after an edit keeps the user's zoom, selection and pinned nodes. The edges are drawn by a
few shared paths (``layers.EdgeLayers``), drawn again when the filter, the selection or a
dragged node changes them. Labels are placed by ``place_labels`` at the view's scale, for
the nodes in sight: by priority, beside their node, never over another label or node;
what has no room is hidden until the user zooms in.

Built on the GUI thread from what the worker prepared (``loader``): on the bench's large
portfolio the dependencies lens (15,200 nodes, 10,400 edges) is built in ~0.35 s.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPathStroker
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QGraphicsView,
    QToolTip,
    QWidget,
)

from poa_desktop.domain.collector import collector_paused
from poa_desktop.domain.network import DEPENDENCIES, Network
from poa_desktop.domain.network_labels import LabelBox, place_labels
from poa_desktop.domain.network_layout import Band, Layout, Point, label_priority
from poa_desktop.ui.network import style
from poa_desktop.ui.network.items import EdgeItem, LabelItem, NodeItem
from poa_desktop.ui.network.layers import MIN_BEND, EdgeLayers, edge_path

#: Room around the nodes, in scene pixels, so the user can pan a little past the edge.
_MARGIN = 400.0


class NetworkScene(QGraphicsScene):
    """Nodes, edges and labels of one lens (``partners`` or ``dependencies``)."""

    def __init__(self, lens: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lens = lens
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[str, EdgeItem] = {}
        self.by_uuid: dict[str, NodeItem] = {}
        #: The key of the selected node.
        self.selected: str | None = None
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
        # Measured on 15,000 nodes and 10,000 edges: without an index the scene is built
        # and drawn faster (the BSP tree keeps items that ignore the view's transformation
        # aside and maps them on every query), and finding the item under the mouse in
        # 25,000 is still well under a millisecond of C++.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self._rect = QRectF()
        self.layers = EdgeLayers(self, self.directed)
        #: The node behind each node's Qt item.
        self._owners: dict[QGraphicsItem, NodeItem] = {}

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
        unit_x, unit_y = self.unit_x, self.unit_y
        return {key: (node.x_ / unit_x, node.y_ / unit_y) for key, node in self.nodes.items()}

    # --- content -------------------------------------------------------------------------

    @collector_paused
    def set_network(
        self,
        network: Network,
        layout: Layout,
        *,
        move: bool = True,
        shares: Mapping[str, float] | None = None,
        hidden: Iterable[str] | None = None,
    ) -> None:
        """Show ``network`` at ``layout``; nodes already shown move only when ``move``.
        ``shares``: the nodes' sizes (see ``set_sizes``), set as the nodes are made;
        ``hidden``: the nodes the filter hides (see ``set_hidden``; None: as before).

        One pass over the nodes and one over the edges; the edges are then drawn once,
        in a few shared paths (``EdgeLayers``)."""
        graph = network.graph
        nodes, records = self.nodes, network.records
        if hidden is not None:
            self.hidden = frozenset(hidden)
        for key in [key for key in nodes if key not in graph]:
            self._remove_node(nodes.pop(key))
        positions, degree = layout.positions, dict(graph.degree)
        unit_x, unit_y, extra = self.unit_x, self.unit_y, style.SIZE_EXTRA[self.lens]
        shares = shares or {}
        by_uuid: dict[str, NodeItem] = {}
        owners = self._owners
        for key, data in graph.nodes(data=True):
            node = nodes.get(key)
            position = positions.get(key)
            if node is None:
                at = (position[0] * unit_x, position[1] * unit_y) if position else (0.0, 0.0)
                node = nodes[key] = NodeItem(
                    self, key, data, records.get(key), degree[key], extra=extra,
                    share=shares.get(key, 0.0), at=at,
                )  # fmt: skip
                owners[node.item] = node
            else:
                node.update_data(data, records.get(key), degree[key])
                if shares:
                    node.set_share(shares.get(key, 0.0))
                if position is not None and move:
                    x, y = position[0] * unit_x, position[1] * unit_y
                    if x != node.x_ or y != node.y_:
                        node.move_to(QPointF(x, y))
            by_uuid[data["uuid"]] = node
        self._set_edges(graph)
        self.by_uuid = by_uuid
        self.bands, self.ticks = layout.bands, layout.ticks
        self._apply_hidden()
        self.grow_scene_rect()

    def _remove_node(self, node: NodeItem) -> None:
        label = node.drop_label()
        if label is not None:
            self.removeItem(label)
        self._owners.pop(node.item, None)
        self.removeItem(node.item)  # its ring and code go with it
        if self.selected == node.key:
            self.selected = None

    def _set_edges(self, graph: Any) -> None:
        edges, nodes, directed = self.edges, self.nodes, self.directed
        wanted: dict[str, tuple[str, str, dict]] = {}
        if graph.is_multigraph():
            for u, v, k, data in graph.edges(keys=True, data=True):
                wanted[f"{u}|{v}|{k}"] = (u, v, data)
        else:
            for u, v, data in graph.edges(data=True):
                wanted[f"{u}|{v}"] = (u, v, data)
        for key in [key for key in edges if key not in wanted]:
            del edges[key]
        for node in nodes.values():
            node.edges = []
        for key, (u, v, data) in wanted.items():
            edge = edges.get(key)
            source, target = nodes[u], nodes[v]
            if edge is None or edge.source is not source or edge.target is not target:
                edge = edges[key] = EdgeItem(key, source, target, data, directed)
            else:
                edge.update_data(data)
            source.edges.append(edge)
            target.edges.append(edge)

    def clear_network(self) -> None:
        self.clear()
        self.layers.forget()
        self._owners.clear()
        self._rect = QRectF()
        self.nodes.clear()
        self.edges.clear()
        self.by_uuid = {}
        self.selected = None
        self.bands, self.ticks = (), ()

    def set_hidden(self, keys: Iterable[str]) -> None:
        """Hide these nodes (a filter keeps them out) and every edge touching one."""
        self.hidden = frozenset(keys)
        self._apply_hidden()

    def _apply_hidden(self) -> None:
        hidden = self.hidden
        for key, node in self.nodes.items():
            shown = key not in hidden
            if node.isVisible() != shown:
                node.setVisible(shown)
        for edge in self.edges.values():
            edge.visible = edge.source.key not in hidden and edge.target.key not in hidden
        self.update_edges()

    def set_sizes(self, shares: Mapping[str, float]) -> None:
        """Node sizes: each node's share (0..1) of the largest value of the size metric."""
        changed = False
        for key, node in self.nodes.items():
            changed = node.set_share(shares.get(key, 0.0)) or changed
        if changed:
            self.layers.redraw_arrows(self.nodes.values())  # they sit on the rims

    def set_scale(self, scale: float) -> None:
        """The view's new scale: the arrowheads are drawn again at their size in pixels
        (the edges run from centre to centre: nothing to redo for them)."""
        self.scale = scale
        self.unit = 1.0 / scale
        if self.directed and self.layers.unit != self.unit:
            self.layers.unit = self.unit
            self.layers.redraw_arrows(self.nodes.values())

    def update_edges(self) -> None:
        """Draw the edges and arrowheads again."""
        self.layers.redraw(self.edges.values(), self.nodes.values())

    def move_node(self, node: NodeItem, point: QPointF) -> None:
        """Move a node (a drag): only its edges are drawn again."""
        node.move_to(point)
        if self.layers.moving is not node:
            self.layers.moving = node
            self.update_edges()
        else:
            self.layers.redraw_moving(self.edges.values(), self.nodes.values())

    def end_move(self) -> None:
        """The drag is over: its edges join the others again."""
        if self.layers.moving is not None:
            self.layers.moving = None
            self.update_edges()

    def select_key(self, key: str | None) -> NodeItem | None:
        """Select one node (None: none); returns it."""
        old = self.nodes.get(self.selected) if self.selected else None
        node = self.nodes.get(key) if key else None
        if old is node:
            return node
        if old is not None:
            old.set_selected(False)
        self.selected = node.key if node is not None else None
        if node is not None:
            node.set_selected(True)
        self.update_edges()
        return node

    def selected_key(self) -> str | None:
        return self.selected

    def node_for_uuid(self, uuid: str) -> NodeItem | None:
        return self.by_uuid.get(uuid)

    def owner(self, item: QGraphicsItem) -> NodeItem | None:
        """The node a Qt item draws (its shape, ring, code or label), if any."""
        while item is not None:
            if isinstance(item, LabelItem):
                return item.owner
            node = self._owners.get(item)
            if node is not None:
                return node
            item = item.parentItem()
        return None

    def edge_near(self, point: QPointF, pixels: float = 4.0) -> EdgeItem | None:
        """The visible edge that passes within ``pixels`` of scene ``point``, if any."""
        reach = pixels * self.unit
        x, y = point.x(), point.y()
        stroker = QPainterPathStroker()
        stroker.setWidth(2 * reach)
        for edge in self.edges.values():
            if not edge.visible:
                continue
            a, b = edge.source, edge.target
            if (
                x < min(a.x_, b.x_) - reach - MIN_BEND
                or x > max(a.x_, b.x_) + reach + MIN_BEND
                or y < min(a.y_, b.y_) - reach
                or y > max(a.y_, b.y_) + reach
            ):
                continue
            if stroker.createStroke(edge_path((edge,), self.directed)).contains(point):
                return edge
        return None

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        """The hover details of the node, label or edge under the mouse, written now."""
        viewport = event.widget()
        view = viewport.parentWidget() if viewport is not None else None
        text = ""
        if isinstance(view, QGraphicsView) and hasattr(view, "node_at"):
            at = QPointF(view.mapFromScene(event.scenePos()))
            node = view.node_at(at, 3)  # type: ignore[attr-defined]
            if node is not None:
                text = node.toolTip()
            else:
                edge = self.edge_near(event.scenePos())
                text = edge.toolTip() if edge is not None else ""
        if text:
            QToolTip.showText(event.screenPos(), text, viewport)
        else:
            QToolTip.hideText()
        event.setAccepted(bool(text))

    # --- geometry ------------------------------------------------------------------------

    def content_rect(self) -> QRectF:
        """The visible nodes' centres (and the bands), for fitting the view."""
        hidden = self.hidden
        shown = [node for key, node in self.nodes.items() if key not in hidden]
        if not shown:
            return QRectF(-100, -100, 200, 200)
        xs, ys = [node.x_ for node in shown], [node.y_ for node in shown]
        left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
        if self.bands:
            top = min(top, self.bands[0].top * self.unit_y)
            bottom = max(bottom, self.bands[-1].bottom * self.unit_y)
        return QRectF(left, top, max(right - left, 1.0), max(bottom - top, 1.0))

    def label_overhang(self) -> float:
        """How far (pixels) the labels of the rightmost nodes reach past them."""
        nodes = [node for key, node in self.nodes.items() if key not in self.hidden]
        if not nodes:
            return 0.0
        right = max(node.x_ for node in nodes)
        near = [node for node in nodes if node.x_ >= right - 1e-6]
        return max(node.radius + node.label_size[0] + 4 for node in near)

    def grow_scene_rect(self) -> None:
        """The scene's rectangle: the nodes and a margin, never shrinking while shown (the
        rectangle is kept here: asking Qt for it would measure every item)."""
        rect = self.content_rect().adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)
        self._rect = rect.united(self._rect) if self.nodes and not self._rect.isNull() else rect
        self.setSceneRect(self._rect)

    def reset_scene_rect(self) -> None:
        self._rect = self.content_rect().adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)
        self.setSceneRect(self._rect)

    # --- labels --------------------------------------------------------------------------

    @collector_paused
    def place_labels(self, area: QRectF | None = None) -> int:
        """Place the labels for the current scale; returns how many are shown. ``area``
        (scene coordinates, usually the view and a margin): only nodes there get a label,
        so a zoomed-in view of a large network places a few hundred, not thousands."""
        scale = self.scale
        hidden = self.hidden
        visible = [node for key, node in self.nodes.items() if key not in hidden]
        if area is not None:
            left, top, right, bottom = area.left(), area.top(), area.right(), area.bottom()
            visible = [
                node for node in visible if left <= node.x_ <= right and top <= node.y_ <= bottom
            ]
        boxes = []
        obstacles = []
        for node in visible:
            x, y, radius = node.x_ * scale, node.y_ * scale, node.radius + 1
            obstacles.append((x, y, radius))
            if node.kind == "component":
                continue  # its code is drawn inside it
            width, height = node.label_size
            boxes.append(
                LabelBox(
                    node.key,
                    x,
                    y,
                    width,
                    height,
                    radius,
                    label_priority(node.attrs, len(node.edges)),
                )
            )
        placed = place_labels(boxes, obstacles)
        for node in self.nodes.values():
            if node.has_label and node.key not in placed:
                node.label.place(None)
        for key, corner in placed.items():
            node = self.nodes[key]
            label = node.label
            label.setPos(node.x_, node.y_)
            label.place(QPointF(corner[0] - node.x_ * scale, corner[1] - node.y_ * scale))
        return len(placed)
