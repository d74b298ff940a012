"""Dependency arrows: routed at right angles from one bar's end to another's, in pixels.

The route (``domain.timeline.route``) is worked out in device pixels when painting, so
the stubs and the arrowhead keep their size at every zoom; the bounding rect allows for
the stubs at the scene's current scale. A violated dependency is red and dashed, one on the
critical path (when shown) is thick and crimson. Zoomed far out, ordinary arrows lose their
heads and then disappear; violated and critical ones stay.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from poa_desktop.domain.records import DependencyRow
from poa_desktop.domain.timeline import End, anchors, route
from poa_desktop.ui.gantt import style
from poa_desktop.ui.gantt.items import Z_ARROW, BarItem, MilestoneItem

#: Pixels the stubs, heads and a milestone's half width may stick out beyond the ends.
REACH_PIXELS = style.ARROW_STUB + style.ARROW_HEAD + style.MILESTONE_HALF + 2
#: Level of detail (``levelOfDetailFromTransform``) below which arrows have no heads,
#: and below which ordinary arrows are not drawn at all.
HEADS_FROM = 0.35
ARROWS_FROM = 0.2

_NO_PATH = QPainterPath()


class DependencyItem(QGraphicsItem):
    def __init__(self, dependency: DependencyRow, before: BarItem, after: BarItem) -> None:
        super().__init__()
        self.setZValue(Z_ARROW)
        self.dependency = dependency
        self.before = before
        self.after = after
        self.violated = False
        self.critical = False
        self._rect = QRectF()
        self._bounds: tuple[float, float, float, float] | None = None
        self._shown = True
        self._leave, self._enter = anchors(dependency.type)
        self._leave_finish = self._leave is End.FINISH
        self._enter_finish = self._enter is End.FINISH

    def ends(self) -> tuple[QPointF, QPointF]:
        """Where the arrow leaves and enters, in scene coordinates."""
        return (
            QPointF(self.before.anchor_x(self._leave_finish), self.before.cy),
            QPointF(self.after.anchor_x(self._enter_finish), self.after.cy),
        )

    def relayout(self, reach: float, row_height: float) -> None:
        """Recompute the bounds after a bar moved or the zoom changed; ``reach`` is how
        far (in days) the stubs and heads may stick out at the smallest scale in use."""
        before, after = self.before, self.after
        visible = (
            before.start is not None
            and after.start is not None
            and before.isVisible()
            and after.isVisible()
        )
        if visible != self._shown:
            self._shown = visible
            self.setVisible(visible)
        x1 = before.x1 if self._leave_finish else before.x0
        x2 = after.x1 if self._enter_finish else after.x0
        y1, y2 = before.cy, after.cy
        bounds = (
            min(x1, x2) - reach,
            min(y1, y2) - row_height / 2 - 2,
            abs(x1 - x2) + 2 * reach,
            abs(y1 - y2) + row_height + 4,
        )
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
            self._rect = QRectF(*bounds)

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        return _NO_PATH  # arrows are not picked by the mouse: bars under them are

    def points(self, transform: QTransform, row_height: float) -> list[tuple[float, float]]:
        """The route in device pixels under ``transform``."""
        first, last = (transform.map(point) for point in self.ends())
        scale = abs(transform.m22()) or 1.0
        leave_finish = self._leave is End.FINISH
        enter_finish = self._enter is End.FINISH
        start = (first.x() + self.before.anchor_offset(leave_finish) * scale, first.y())
        stop = (last.x() + self.after.anchor_offset(enter_finish) * scale, last.y())
        half = style.RowGeometry(round(row_height)).bar_height / 2
        if isinstance(self.after, MilestoneItem):
            half = abs(self.after.anchor_offset(True))
        return route(
            start,
            self._leave,
            stop,
            self._enter,
            stub=style.ARROW_STUB * scale,
            clearance=row_height * scale / 2,
            drop=(half + 1) * scale,
        )

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        transform = painter.worldTransform()
        detail = QStyleOptionGraphicsItem.levelOfDetailFromTransform(transform)
        scale = abs(transform.m22()) or 1.0
        detail /= scale**0.5  # the level of detail along x (printing scales both ways)
        emphasised = self.violated or self.critical
        if detail < ARROWS_FROM and not emphasised:
            return
        scene = self.scene()
        row_height = float(getattr(scene, "row_height", style.DEFAULT_ROW_HEIGHT))
        points = self.points(transform, row_height)
        if self.critical:
            pen = QPen(style.CRITICAL, 2.2 * scale)
        elif self.violated:
            pen = QPen(style.VIOLATED, 1.6 * scale)
        else:
            pen = QPen(style.ARROW, 1.0 * scale)
        if self.violated:
            pen.setStyle(Qt.PenStyle.DashLine)
            if self.critical:
                pen.setColor(style.VIOLATED)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in points]))
        if detail >= HEADS_FROM or emphasised:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pen.color())
            painter.drawPolygon(_head(points, style.ARROW_HEAD * scale))
        painter.restore()


def _head(points: list[tuple[float, float]], size: float) -> QPolygonF:
    """A filled triangle at the last point, pointing along the last leg."""
    if len(points) < 2:
        return QPolygonF()
    (xa, ya), (xb, yb) = points[-2], points[-1]
    if ya == yb:  # horizontal
        d = 1.0 if xb >= xa else -1.0
        back, side = QPointF(-d * size, 0), QPointF(0, size * 0.6)
    else:
        d = 1.0 if yb >= ya else -1.0
        back, side = QPointF(0, -d * size), QPointF(size * 0.6, 0)
    tip = QPointF(xb, yb)
    return QPolygonF([tip, tip + back - side, tip + back + side])
