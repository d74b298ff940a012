"""The graphics items of the network view: nodes, edges and the labels beside the nodes.

Nodes and labels ignore the view's transformation (they keep their size in pixels when the
user zooms); edges live in scene coordinates and are trimmed at the nodes' rims, so the
scene tells them how many scene units a pixel is (``NetworkScene.unit``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from poa_desktop.domain.network import PARTNERS
from poa_desktop.domain.network_layout import EDGE_LOOKS, PARTNER_COLOURS
from poa_desktop.ui.network import style
from poa_desktop.ui.network.style import tr

if TYPE_CHECKING:
    pass

_FLAG = QGraphicsItem.GraphicsItemFlag


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


class NodeItem(QGraphicsItem):
    """A partner, MOU, key output, component or item, drawn by kind, status and size."""

    def __init__(self, key: str, data: Mapping[str, Any], record: object, degree: int = 0) -> None:
        super().__init__()
        self.key = key
        self.edges: list[EdgeItem] = []
        self.label = LabelItem(self)
        self.share = 0.0
        #: Pixels the size metric adds at most (the scene sets it for its lens).
        self.extra = style.SIZE_EXTRA[PARTNERS]
        self.record = record
        self.setFlag(_FLAG.ItemIgnoresTransformations)
        self.setFlag(_FLAG.ItemIsSelectable)
        self.setFlag(_FLAG.ItemSendsGeometryChanges)
        self.setAcceptHoverEvents(True)
        self.setZValue(3)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.attrs: dict[str, Any] = {}
        self.update_data(data, record, degree)

    @property
    def uuid(self) -> str:
        return str(self.attrs["uuid"])

    @property
    def kind(self) -> str:
        return str(self.attrs["kind"])

    @property
    def radius(self) -> float:
        return style.BASE_RADIUS.get(self.kind, 6.0) + self.share * self.extra

    def update_data(self, data: Mapping[str, Any], record: object, degree: int) -> None:
        self.prepareGeometryChange()
        self.attrs = dict(data)
        self.record = record
        self._path = style.shape_path(self.attrs, self.radius)
        self.setToolTip(tooltip_html(self.attrs, degree))
        self.label.set_text(self.attrs["label"], style.strong(self.attrs), self.kind == "output")
        self.update()

    def set_share(self, share: float) -> None:
        if share != self.share:
            self.prepareGeometryChange()
            self.share = share
            self._path = style.shape_path(self.attrs, self.radius)
            self.update()

    def boundingRect(self) -> QRectF:
        r = self.radius + 4
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        return self._path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.isSelected():
            ring = QPainterPathStroker()
            ring.setWidth(6)
            painter.fillPath(ring.createStroke(self._path), style.SELECTED)
        painter.setPen(style.outline(self.attrs))
        painter.setBrush(QBrush(style.fill(self.attrs)))
        painter.drawPath(self._path)
        if self.kind == "component":
            font = QFont(painter.font())
            font.setBold(True)
            font.setPointSizeF(style.LABEL_POINT_SIZE + 0.5)
            painter.setFont(font)
            painter.setPen(Qt.GlobalColor.white)
            painter.drawText(self.boundingRect(), Qt.AlignmentFlag.AlignCenter, self.attrs["label"])

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self.label.setPos(self.pos())
            for edge in self.edges:
                edge.update_path()
        elif change == QGraphicsItem.GraphicsItemChange.ItemVisibleHasChanged:
            self.label.setVisible(self.label.placed and bool(value))
        elif change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.label.update()
        return super().itemChange(change, value)


class LabelItem(QGraphicsItem):
    """A node's label, placed beside it by the scene (never over another label or node);
    hidden when there is no room at the current zoom."""

    def __init__(self, owner: NodeItem) -> None:
        super().__init__()
        self.owner = owner
        self.text = ""
        self.offset = QPointF(0, 0)
        self.placed = False
        self._font = style.label_font()
        self._size = QRectF()
        self._output = False
        self.setFlag(_FLAG.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(4)
        self.setVisible(False)

    def set_text(self, text: str, bold: bool, output: bool) -> None:
        self.prepareGeometryChange()
        self.text = text
        self._output = output
        self._font.setBold(bold)
        metrics = QFontMetricsF(self._font)
        self._size = QRectF(0, 0, metrics.horizontalAdvance(text) + 6, metrics.height() + 2)

    @property
    def size(self) -> tuple[float, float]:
        return self._size.width(), self._size.height()

    def place(self, offset: QPointF | None) -> None:
        """Show the label with its top-left ``offset`` pixels from the node, or hide it."""
        self.placed = offset is not None and self.owner.isVisible()
        if offset is not None:
            self.prepareGeometryChange()
            self.offset = offset
        self.setVisible(self.placed)

    def boundingRect(self) -> QRectF:
        return self._size.translated(self.offset)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = self.boundingRect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        background = style.SELECTED if self.owner.isSelected() else style.LABEL_BACKGROUND
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setFont(self._font)
        painter.setPen(style.OUTPUT_TEXT if self._output else style.LABEL_TEXT)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text)


class EdgeItem(QGraphicsItem):
    """A link: a straight line (partners lens) or a left-to-right curve with an arrowhead
    (dependencies lens), styled by role or dependency type."""

    def __init__(
        self, key: str, source: NodeItem, target: NodeItem, data: Mapping[str, Any], directed: bool
    ) -> None:
        super().__init__()
        self.key = key
        self.source = source
        self.target = target
        self.directed = directed
        self.attrs: dict[str, Any] = {}
        self._path = QPainterPath()
        self._arrow = QPolygonF()
        self.setZValue(1 if directed else 0)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.update_data(data)

    @property
    def kind(self) -> str:
        return str(self.attrs.get("dependency_type") or self.attrs.get("role") or "partner")

    def update_data(self, data: Mapping[str, Any]) -> None:
        self.attrs = dict(data)
        self._pen = style.edge_pen(self.kind)
        look = EDGE_LOOKS.get(self.kind)
        words = tr(look.label) if look else self.kind
        if self.attrs.get("items"):
            words += f": {self.attrs['items']}"
        self.setToolTip(f"{self.source.attrs['label']} — {self.target.attrs['label']}<br>{words}")
        self.update_path()

    def _unit(self) -> float:
        scene = self.scene()
        return float(getattr(scene, "unit", 1.0))

    def update_path(self) -> None:
        self.prepareGeometryChange()
        unit = self._unit()
        a, b = self.source.pos(), self.target.pos()
        path = QPainterPath()
        if self.directed:
            forward = 1.0 if b.x() >= a.x() else -1.0
            start = QPointF(a.x() + forward * self.source.radius * unit, a.y())
            end = QPointF(b.x() - forward * (self.target.radius + 1) * unit, b.y())
            bend = max(abs(end.x() - start.x()) / 2, 24 * unit) * forward
            path.moveTo(start)
            path.cubicTo(
                QPointF(start.x() + bend, start.y()), QPointF(end.x() - bend, end.y()), end
            )
            direction = QPointF(forward, 0.0)
        else:
            dx, dy = b.x() - a.x(), b.y() - a.y()
            length = math.hypot(dx, dy) or 1.0
            ux, uy = dx / length, dy / length
            start = QPointF(
                a.x() + ux * self.source.radius * unit, a.y() + uy * self.source.radius * unit
            )
            end = QPointF(
                b.x() - ux * self.target.radius * unit, b.y() - uy * self.target.radius * unit
            )
            path.moveTo(start)
            path.lineTo(end)
            direction = QPointF(ux, uy)
        self._path = path
        self._arrow = QPolygonF()
        if self.directed:
            size = style.ARROW * unit
            back = QPointF(end.x() - direction.x() * size, end.y() - direction.y() * size)
            side = QPointF(-direction.y() * size * 0.45, direction.x() * size * 0.45)
            self._arrow = QPolygonF([end, back + side, back - side])
        self.update()

    def boundingRect(self) -> QRectF:
        margin = 4 * self._unit()
        rect = self._path.boundingRect().united(self._arrow.boundingRect())
        return rect.adjusted(-margin, -margin, margin, margin)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(6 * self._unit())
        return stroker.createStroke(self._path)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self._pen)
        if self.source.isSelected() or self.target.isSelected():
            pen.setColor(style.SELECTED)
            pen.setWidthF(max(pen.widthF(), 2.0))
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if self.directed:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pen.color())
            painter.drawPolygon(self._arrow)
