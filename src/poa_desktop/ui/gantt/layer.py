"""The one graphics item that draws the rows: ``ChartItem``.

It covers the whole chart and paints only what the exposed area shows (the rows it
crosses and the arrows that pass through it), in the order the eye expects: baseline
ghosts, arrows, bars and milestones, the today line, labels. So the cost of a frame
follows what is on screen, whether the plan has 90 rows or 15,000, and building the chart
creates no graphics items at all. The scene keeps no index (a handful of items).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter, QPainterPath, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from poa_desktop.ui.gantt.arrows import Arrow, paint_arrows
from poa_desktop.ui.gantt.items import (
    Z_CHART,
    Bar,
    Milestone,
    paint_bar,
    paint_ghost,
    paint_milestone,
    paint_today,
)
from poa_desktop.ui.gantt.labels import LabelLayout, layout_label, paint_labels, thinned

if TYPE_CHECKING:
    from poa_desktop.ui.gantt.scene import GanttScene

_NO_PATH = QPainterPath()
#: Device pixels a bar's marks (selection, critical outline) stick out beyond it.
_MARKS = 8.0


class ChartItem(QGraphicsItem):
    """Paints the exposed rows of its ``GanttScene``; picks nothing (the view finds what
    is under the mouse from the rows themselves)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setZValue(Z_CHART)
        self._rect = QRectF()

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        return _NO_PATH

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        scene = self.scene()
        if scene is None:
            return
        exposed = QRectF(option.exposedRect)  # type: ignore[attr-defined]
        if painter.hasClipping():
            exposed = exposed.intersected(painter.clipBoundingRect())
        if not exposed.isEmpty():
            paint_chart(scene, painter, exposed)  # type: ignore[arg-type]


def rows_in(scene: GanttScene, top: float, bottom: float) -> list[Bar]:
    """The bars of the rows between scene y ``top`` and ``bottom`` (the tree's group
    rows, such as the key outputs' heading, have none)."""
    height = scene.row_height
    first = max(0, math.floor(top / height))
    last = min(len(scene.order_ref), math.ceil(bottom / height))
    bars = scene.bars_ref
    found = [bars.get(uuid) for uuid in scene.order_ref[first:last]]
    return [bar for bar in found if bar is not None]


def arrows_in(scene: GanttScene, exposed: QRectF, transform: QTransform) -> list[Arrow]:
    """The arrows drawn in ``exposed`` (scene coordinates) at ``transform``."""
    height = scene.row_height
    ends = [
        arrow
        for bar in rows_in(scene, exposed.top() - height, exposed.bottom() + height)
        for arrow in scene.arrows_at(bar.entry.uuid)
    ]
    return scene.arrow_index().query(ends, exposed, transform, height)


def labels_in(
    scene: GanttScene, exposed: QRectF, transform: QTransform, bars: list[Bar] | None = None
) -> list[LabelLayout]:
    """The labels drawn in ``exposed`` (scene coordinates) at ``transform``."""
    scale = abs(transform.m22()) or 1.0
    across = abs(transform.m11()) / scale
    chart = scene.sceneRect()
    fonts = scene.label_fonts()
    device = transform.mapRect(exposed)
    layouts = []
    for bar in rows_in(scene, exposed.top(), exposed.bottom()) if bars is None else bars:
        if not bar.shown or thinned(bar, across):
            continue
        layout = layout_label(bar, fonts, across, chart.left(), chart.right())
        origin = transform.map(QPointF(layout.x, layout.y))
        if device.intersects(layout.chip_at(origin.x()).translated(origin)):
            layouts.append(layout)
    return layouts


def paint_chart(scene: GanttScene, painter: QPainter, exposed: QRectF) -> None:
    """Everything the rows draw inside ``exposed`` (scene coordinates)."""
    transform = painter.worldTransform()
    scale = abs(transform.m22()) or 1.0
    margin = _MARKS * scale / (abs(transform.m11()) or 1.0)
    left, right = exposed.left() - margin, exposed.right() + margin
    device = transform.mapRect(exposed)
    height = scene.row_height
    bars = rows_in(scene, exposed.top(), exposed.bottom())
    painter.save()
    painter.setWorldTransform(QTransform())
    ghosts = scene.ghosts_ref
    for bar in bars:
        ghost = ghosts.get(bar.entry.uuid)
        if ghost is not None and ghost.shown and ghost.x0 <= right and ghost.x1 >= left:
            paint_ghost(painter, ghost, transform.mapRect(ghost.scene_rect()), scale)
    painter.setWorldTransform(transform)
    paint_arrows(painter, arrows_in(scene, exposed, transform), exposed, transform, height)
    painter.setWorldTransform(QTransform())
    for bar in bars:
        if not bar.isVisible() or bar.x1 < left or bar.x0 > right:
            continue
        if isinstance(bar, Milestone):
            point = transform.map(QPointF(bar.x0, bar.cy))
            paint_milestone(painter, bar, point.x(), point.y())
        else:
            paint_bar(painter, bar, transform.mapRect(bar.scene_rect()), scale)
    today = scene.today_x()
    if today is not None and left <= today <= right:
        x = transform.map(QPointF(today, 0)).x()
        bottom = min(device.bottom(), transform.map(QPointF(0, scene.rows_height())).y())
        paint_today(painter, x, max(device.top(), transform.dy()), bottom, scale)
    paint_labels(painter, labels_in(scene, exposed, transform, bars), transform)
    painter.restore()
