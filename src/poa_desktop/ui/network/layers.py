"""The edges of a lens drawn as a few shared path items, one per look.

A large portfolio has 10,000 edges; one Qt item each made the scene slow to build and to
draw (each item is created, indexed and painted on its own). Here every edge of the same
kind (a role or a dependency type) goes into one ``QPainterPath`` drawn by one path item
that the scene makes (no Python is called while it paints); the edges of the selected
node go into a highlighted path on top, and, while a node is dragged, its edges into a
path of their own, so a drag redraws a handful of edges, not all of them.

Arrowheads (dependencies lens) keep their size in pixels: they are computed for the
view's scale, one filled path per colour, and again when the scale or a node's size
changes. A node's arrowhead sits on its rim on the side the edge comes in, in the colour
of the last visible edge coming in on that side (the selection's colour when one of them
is highlighted).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene

from poa_desktop.ui.network import style

if TYPE_CHECKING:
    from poa_desktop.ui.network.items import EdgeItem, NodeItem

#: How far a dependency curve bends out of its ends at least (scene units).
MIN_BEND = 24.0
#: From this many edges the dependencies lens draws them one pixel wide (Qt's quick
#: cosmetic stroker; see ``style.edge_pen``); fewer keep the legend's widths.
THIN_FROM = 2000
_NO_PEN = QPen(Qt.PenStyle.NoPen)
_NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)


def edge_path(edges: Iterable[EdgeItem], directed: bool) -> QPainterPath:
    """The edges as one path: lines, or left-to-right curves (each edge's ``side`` is
    set on the way: 1 when it comes into its target from the left)."""
    path = QPainterPath()
    move, line, cubic = path.moveTo, path.lineTo, path.cubicTo
    for edge in edges:
        source, target = edge.source, edge.target
        ax, ay, bx, by = source.x_, source.y_, target.x_, target.y_
        move(ax, ay)
        if directed:
            forward = 1.0 if bx >= ax else -1.0
            edge.side = 1 if bx >= ax else -1
            bend = max(abs(bx - ax) / 2, MIN_BEND) * forward
            cubic(ax + bend, ay, bx - bend, by, bx, by)
        else:
            line(bx, by)
    return path


class EdgeLayers:
    """The path items that draw a scene's edges and arrowheads."""

    def __init__(self, scene: QGraphicsScene, directed: bool) -> None:
        self._scene = scene
        self._directed = directed
        self._edges: dict[tuple[str, bool, bool], QGraphicsPathItem] = {}
        self._arrows: dict[tuple[str, bool], QGraphicsPathItem] = {}
        #: The node being dragged: its edges (and the arrowheads they end in) are drawn
        #: apart, so each step of the drag redraws only them.
        self.moving: NodeItem | None = None
        self.unit = 1.0
        self.thin = False

    def forget(self) -> None:
        """The scene was cleared: its items are gone."""
        self._edges.clear()
        self._arrows.clear()
        self.moving = None

    def redraw(self, edges: Collection[EdgeItem], nodes: Iterable[NodeItem]) -> None:
        """Draw every visible edge and arrowhead again."""
        thin = self._directed and len(edges) >= THIN_FROM
        if thin != self.thin:
            self.thin = thin
            for (kind, lit, _moving), item in self._edges.items():
                item.setPen(style.edge_pen(kind, lit, thin))
        self._draw(edges, nodes, moving=False)
        self._draw(edges, nodes, moving=True)

    def redraw_moving(self, edges: Iterable[EdgeItem], nodes: Iterable[NodeItem]) -> None:
        """Draw again only what the dragged node touches."""
        self._draw(edges, nodes, moving=True)

    def redraw_arrows(self, nodes: Iterable[NodeItem]) -> None:
        """Draw the arrowheads again (the scale or the nodes' sizes changed; the edges,
        which run from centre to centre, stay as they are)."""
        if not self._directed:
            return
        near = self._near(self.moving) if self.moving is not None else set()
        self._show_arrows(self._arrows_of(nodes, near, False), False)
        self._show_arrows(self._arrows_of(near, near, True), True)

    def _draw(self, edges: Iterable[EdgeItem], nodes: Iterable[NodeItem], *, moving: bool) -> None:
        moved = self.moving
        if moving:
            edges = moved.edges if moved is not None else ()
        groups: dict[tuple[str, bool], list[EdgeItem]] = {}
        for edge in edges:
            if edge.visible and (
                moving or moved is None or (edge.source is not moved and edge.target is not moved)
            ):
                groups.setdefault((edge.kind, edge.highlighted), []).append(edge)
        paths = {
            (kind, lit, moving): edge_path(group, self._directed)
            for (kind, lit), group in groups.items()
        }
        self._show(self._edges, paths, moving)
        if self._directed:
            near = self._near(moved) if moved is not None else set()
            if moving:
                nodes = near
            self._show_arrows(self._arrows_of(nodes, near, moving), moving)

    def _near(self, node: NodeItem) -> set[NodeItem]:
        """The nodes whose arrowheads a drag of ``node`` may change."""
        return {node} | {edge.target for edge in node.edges}

    def _arrows_of(
        self, nodes: Iterable[NodeItem], near: set[NodeItem], moving: bool
    ) -> dict[tuple[str, bool], QPainterPath]:
        paths: dict[tuple[str, bool], QPainterPath] = {}
        unit = self.unit
        for node in nodes:
            if (node in near) != moving:
                continue
            sides: dict[int, str] = {}
            for edge in node.edges:
                if edge.target is node and edge.visible:
                    before = sides.get(edge.side)
                    lit = edge.highlighted or before == style.SELECTED_NAME
                    sides[edge.side] = style.SELECTED_NAME if lit else edge.colour
            for side, colour in sides.items():
                path = paths.get((colour, moving))
                if path is None:
                    path = paths[(colour, moving)] = QPainterPath()
                tip = node.x_ - side * (node.radius + 1) * unit
                back = tip - side * style.ARROW * unit
                spread = style.ARROW * 0.45 * unit
                path.moveTo(tip, node.y_)
                path.lineTo(back, node.y_ + spread)
                path.lineTo(back, node.y_ - spread)
                path.closeSubpath()
        return paths

    def _show(
        self,
        items: dict[tuple[str, bool, bool], QGraphicsPathItem],
        paths: dict[tuple[str, bool, bool], QPainterPath],
        moving: bool,
    ) -> None:
        for key, item in items.items():
            if key[2] == moving and key not in paths:
                item.setPath(QPainterPath())
        for key, path in paths.items():
            item = items.get(key)
            if item is None:
                kind, lit, _ = key
                pen = style.edge_pen(kind, lit, self.thin)
                item = items[key] = self._scene.addPath(QPainterPath(), pen, _NO_BRUSH)
                item.setZValue(1 if lit else 0)
                item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            item.setPath(path)

    def _show_arrows(self, paths: dict[tuple[str, bool], QPainterPath], moving: bool) -> None:
        items = self._arrows
        for key, item in items.items():
            if key[1] == moving and key not in paths:
                item.setPath(QPainterPath())
        for key, path in paths.items():
            item = items.get(key)
            if item is None:
                item = items[key] = self._scene.addPath(
                    QPainterPath(), _NO_PEN, style.brush(key[0])
                )
                item.setZValue(2)
                item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            item.setPath(path)
