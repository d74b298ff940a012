"""The nodes, edges and node labels of the network view.

Nodes and labels ignore the view's transformation (they keep their size in pixels when
the user zooms); edges live in scene coordinates and run from centre to centre, under the
nodes, so zooming changes nothing about them (``layers.EdgeLayers`` draws them).

Why they are built the way they are: a large portfolio draws 15,000 nodes and 10,000
edges, and every call from Qt into Python costs time, and more while the worker thread
holds the interpreter (Qt waits for it at each call). So a ``NodeItem`` is a plain Python
record around a path item that the *scene* makes (``QGraphicsScene.addPath``): a Qt item
with no Python behind it, drawn, bounded and hit-tested in C++ without ever calling into
Python; an ``EdgeItem`` is a plain record drawn by a few shared path items. Moving a node
goes through the scene (``NetworkScene.move_node``), selection is the scene's (a ring
behind the node), tooltips are written when asked for (``NetworkScene.helpEvent``), and
a label item is made only when the label is first placed.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPainterPath
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from poa_desktop.domain.network import PARTNERS
from poa_desktop.domain.network_layout import EDGE_LOOKS, PARTNER_COLOURS
from poa_desktop.ui.network import style
from poa_desktop.ui.network.style import tr

_FLAG = QGraphicsItem.GraphicsItemFlag
# Looked up once: each lookup of a Qt enum member costs half a microsecond, and a large
# network makes tens of thousands of items.
_NO_PEN = Qt.PenStyle.NoPen
_NO_BUTTON = Qt.MouseButton.NoButton
_IGNORES_TRANSFORMATIONS = _FLAG.ItemIgnoresTransformations


def _kind_words(data: Mapping[str, Any]) -> str:
    words = {
        "component": tr("Component"),
        "mou": tr("MOU"),
        "output": tr("Key output"),
        "activity": tr("Activity"),
        "means": tr("Means of action"),
        "milestone": tr("Milestone"),
    }
    if data["kind"] == "partner":
        kind = PARTNER_COLOURS.get(data["partner_kind"], PARTNER_COLOURS["other"])[1]
        return tr("Partner ({kind})").format(kind=tr(kind))
    return words.get(data["kind"], data["kind"])


def tooltip_html(data: Mapping[str, Any], degree: int) -> str:
    """What a hover over a node tells: what it is and the facts the lenses use."""
    lines = [f"<b>{html.escape(data['label'])}</b> — {html.escape(_kind_words(data))}"]
    if data["title"] and data["title"] != data["label"]:
        lines.append(html.escape(data["title"]))
    facts = []
    if data["component"] and data["kind"] != "component":
        facts.append(tr("Component {code}").format(code=data["component"]))
    if data["region"]:
        facts.append(tr("Region: {region}").format(region=data["region"]))
    if data["kind"] == "mou":
        facts.append(tr("Status: {status}").format(status=data["mou_status"].replace("_", " ")))
        if data["target_date"] is not None:
            facts.append(tr("Target: {date}").format(date=data["target_date"].isoformat()))
        if data["overdue"]:
            facts.append(f"<span style='color:#c92a2a'>{tr('Overdue')}</span>")
    elif data["status"] and data["kind"] not in ("partner", "component"):
        facts.append(tr("Status: {status}").format(status=data["status"].replace("_", " ")))
    if data["planned_start"] is not None and data["planned_end"] is not None:
        facts.append(f"{data['planned_start'].isoformat()} – {data['planned_end'].isoformat()}")
    facts.append(tr("{count} links").format(count=degree))
    lines.append(" · ".join(facts))
    return "<br>".join(lines)


class NodeItem:
    """A partner, MOU, key output, component or item, drawn by kind, status and size.

    ``item`` is its Qt item (made by ``scene``); ``extra``: pixels the size metric adds
    at most (per lens); ``share``: this node's share of it (0..1)."""

    __slots__ = (
        "_code",
        "_label",
        "_radius",
        "_ring",
        "_shape",
        "attrs",
        "degree",
        "edges",
        "extra",
        "item",
        "key",
        "record",
        "selected",
        "share",
        "x_",
        "y_",
    )  # fmt: skip

    def __init__(
        self,
        scene: QGraphicsScene,
        key: str,
        data: Mapping[str, Any],
        record: object,
        degree: int = 0,
        *,
        extra: float = style.SIZE_EXTRA[PARTNERS],
        share: float = 0.0,
        at: tuple[float, float] = (0.0, 0.0),
    ) -> None:
        self.key = key
        self.edges: list[EdgeItem] = []
        self.share = share
        self.extra = extra
        self.record = record
        self.degree = degree
        self.selected = False
        self.attrs = data
        self._label: LabelItem | None = None
        self._ring: QGraphicsPathItem | None = None
        self._code: QGraphicsSimpleTextItem | None = None
        self._shape, brush, pen = style.node_look(data)
        self._radius = style.BASE_RADIUS.get(data["kind"], 6.0) + share * extra
        #: Where the node stands (scene coordinates), kept here for the edges' sake.
        self.x_, self.y_ = at
        self.item = item = scene.addPath(style.node_path(self._shape, self._radius), pen, brush)
        item.setPos(at[0], at[1])
        item.setFlags(_IGNORES_TRANSFORMATIONS)
        item.setZValue(3)
        if data["kind"] == "component":
            self._show_code(data["label"])

    # --- what Qt's items would say --------------------------------------------------------

    def pos(self) -> QPointF:
        return QPointF(self.x_, self.y_)

    def x(self) -> float:
        return self.x_

    def y(self) -> float:
        return self.y_

    def isVisible(self) -> bool:
        return self.item.isVisible()

    def setVisible(self, visible: bool) -> None:
        self.item.setVisible(visible)
        if self._label is not None:
            self._label.setVisible(self._label.placed and visible)

    def isSelected(self) -> bool:
        """Selected in the scene (``NetworkScene.select_key``), shown by a ring."""
        return self.selected

    def toolTip(self) -> str:
        """The hover details, written when asked for (see ``NetworkScene.helpEvent``)."""
        return tooltip_html(self.attrs, self.degree)

    @property
    def uuid(self) -> str:
        return str(self.attrs["uuid"])

    @property
    def kind(self) -> str:
        return str(self.attrs["kind"])

    @property
    def radius(self) -> float:
        return self._radius

    # --- changes ---------------------------------------------------------------------------

    def update_data(self, data: Mapping[str, Any], record: object, degree: int) -> None:
        """Take the node's (new) attributes; nothing is redone when they did not change."""
        self.record = record
        if data == self.attrs and degree == self.degree:
            return
        self.attrs = data
        self.degree = degree
        self._shape, brush, pen = style.node_look(data)
        self._radius = style.BASE_RADIUS.get(data["kind"], 6.0) + self.share * self.extra
        self.item.setPath(style.node_path(self._shape, self._radius))
        self.item.setBrush(brush)
        self.item.setPen(pen)
        if self._label is not None:
            self._label.set_text(data["label"], style.strong(data), data["kind"] == "output")
        if data["kind"] == "component":
            self._show_code(data["label"])

    def _show_code(self, code: str) -> None:
        """A component's code, drawn inside it."""
        if self._code is None:
            self._code = QGraphicsSimpleTextItem(self.item)
            font = QFont(style.label_font())
            font.setBold(True)
            font.setPointSizeF(style.LABEL_POINT_SIZE + 0.5)
            self._code.setFont(font)
            self._code.setBrush(Qt.GlobalColor.white)
            self._code.setAcceptedMouseButtons(_NO_BUTTON)
        self._code.setText(code)
        box = self._code.boundingRect()
        self._code.setPos(-box.width() / 2, -box.height() / 2)

    def set_share(self, share: float) -> bool:
        """Size the node; True when its radius changed."""
        if share == self.share:
            return False
        self.share = share
        radius = self._radius = style.BASE_RADIUS.get(self.kind, 6.0) + share * self.extra
        self.item.setPath(style.node_path(self._shape, radius))
        if self._ring is not None:
            self._ring.setPath(style.ring_path(self._shape, radius))
        return True

    def move_to(self, point: QPointF) -> None:
        """Move the node and its label (the scene redraws the edges: ``move_node``)."""
        self.x_, self.y_ = point.x(), point.y()
        self.item.setPos(point)
        if self._label is not None:
            self._label.setPos(point)

    def set_selected(self, selected: bool) -> None:
        self.selected = selected
        if selected and self._ring is None:
            self._ring = QGraphicsPathItem(style.ring_path(self._shape, self._radius), self.item)
            self._ring.setFlag(_FLAG.ItemStacksBehindParent)
            self._ring.setPen(_NO_PEN)
            self._ring.setBrush(style.SELECTED)
        if self._ring is not None:
            self._ring.setVisible(selected)
        for edge in self.edges:
            edge.highlighted = edge.source.selected or edge.target.selected
        if self._label is not None:
            self._label.mark_selected(selected)

    # --- the label -----------------------------------------------------------------------------

    @property
    def label_size(self) -> tuple[float, float]:
        return style.label_size(self.attrs["label"], style.strong(self.attrs))

    @property
    def label(self) -> LabelItem:
        """The node's label (made, hidden, when first asked for)."""
        if self._label is None:
            self._label = LabelItem(self)
            self._label.setPos(self.x_, self.y_)
            scene = self.item.scene()
            if scene is not None:
                scene.addItem(self._label)
        return self._label

    @property
    def has_label(self) -> bool:
        return self._label is not None

    def drop_label(self) -> LabelItem | None:
        label, self._label = self._label, None
        return label


class LabelItem(QGraphicsPathItem):
    """A node's label, placed beside it by the scene (never over another label or node);
    hidden when there is no room at the current zoom. A rounded box with the text in it,
    both drawn by Qt."""

    def __init__(self, owner: NodeItem) -> None:
        super().__init__()
        self.owner = owner
        self.text = ""
        self.offset = QPointF(0, 0)
        self.placed = False
        self._size = QRectF()
        self._text = QGraphicsSimpleTextItem(self)
        self._text.setAcceptedMouseButtons(_NO_BUTTON)
        self.setFlags(_IGNORES_TRANSFORMATIONS)
        self.setAcceptedMouseButtons(_NO_BUTTON)
        self.setPen(_NO_PEN)
        self.setZValue(4)
        self.setVisible(False)
        data = owner.attrs
        self.set_text(data["label"], style.strong(data), data["kind"] == "output")
        self.mark_selected(owner.selected)

    def set_text(self, text: str, bold: bool, output: bool) -> None:
        self.text = text
        font = style.label_font()
        font.setBold(bold)
        self._text.setFont(font)
        self._text.setText(text)
        self._text.setBrush(style.OUTPUT_TEXT if output else style.LABEL_TEXT)
        width, height = style.label_size(text, bold)
        self._size = QRectF(0, 0, width, height)
        self._shape()

    @property
    def size(self) -> tuple[float, float]:
        return self._size.width(), self._size.height()

    def mark_selected(self, selected: bool) -> None:
        self.setBrush(style.SELECTED if selected else style.LABEL_BACKGROUND)

    def place(self, offset: QPointF | None) -> None:
        """Show the label with its top-left ``offset`` pixels from the node, or hide it."""
        self.placed = offset is not None and self.owner.isVisible()
        if offset is not None and offset != self.offset:
            self.offset = offset
            self._shape()
        self.setVisible(self.placed)

    def _shape(self) -> None:
        box = self._size.translated(self.offset)
        path = QPainterPath()
        path.addRoundedRect(box, 3, 3)
        self.setPath(path)
        text = self._text.boundingRect()
        self._text.setPos(
            box.left() + (box.width() - text.width()) / 2,
            box.top() + (box.height() - text.height()) / 2,
        )


class EdgeItem:
    """A link: a straight line (partners lens) or a left-to-right curve with an arrowhead
    at its target (dependencies lens), styled by role or dependency type; drawn by the
    scene's ``EdgeLayers``."""

    __slots__ = (
        "attrs",
        "colour",
        "directed",
        "highlighted",
        "key",
        "side",
        "source",
        "target",
        "visible",
    )  # fmt: skip

    def __init__(
        self, key: str, source: NodeItem, target: NodeItem, data: Mapping[str, Any], directed: bool
    ) -> None:
        self.key = key
        self.source = source
        self.target = target
        self.directed = directed
        #: 1 when the edge comes into its target from the left, -1 from the right.
        self.side = 1
        self.highlighted = source.selected or target.selected
        self.visible = True
        self.attrs: Mapping[str, Any] = {}
        self.colour = ""
        self.update_data(data)

    @property
    def kind(self) -> str:
        return str(self.attrs.get("dependency_type") or self.attrs.get("role") or "partner")

    def update_data(self, data: Mapping[str, Any]) -> None:
        if data != self.attrs:
            self.attrs = data
            self.colour = style.edge_colour(self.kind)

    def isVisible(self) -> bool:
        return self.visible

    def setVisible(self, visible: bool) -> None:
        self.visible = visible

    def toolTip(self) -> str:
        look = EDGE_LOOKS.get(self.kind)
        words = tr(look.label) if look else self.kind
        if self.attrs.get("items"):
            words += f": {self.attrs['items']}"
        return f"{self.source.attrs['label']} — {self.target.attrs['label']}<br>{words}"
