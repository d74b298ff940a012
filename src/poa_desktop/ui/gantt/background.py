"""The chart's background: biennium bands, year and quarter or month lines, row lines.

Drawn once per paint for the exposed area (no items), in device pixels so the lines stay
one pixel wide at every zoom; outside the chart's first and last day it is grey.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QPainter, QPen, QTransform

from poa_desktop.domain.timeline import Unit, Zoom, ticks, zoom_for
from poa_desktop.ui.gantt import style

if TYPE_CHECKING:
    from poa_desktop.ui.gantt.scene import GanttScene

_UNITS = {Zoom.YEAR: Unit.YEAR, Zoom.QUARTER: Unit.QUARTER, Zoom.MONTH: Unit.MONTH}


def draw_background(scene: GanttScene, painter: QPainter, rect: QRectF, rows: int) -> None:
    painter.fillRect(rect, style.OUTSIDE)
    chart = scene.sceneRect()
    rect = rect.intersected(QRectF(chart.left(), rect.top(), chart.width(), rect.height()))
    if rect.isEmpty():
        return
    painter.fillRect(rect, style.BACKGROUND)
    for index, band in enumerate(scene.bands):
        left, right = scene.x(band.start), scene.x(band.end) + 1
        shaded = QRectF(left, rect.top(), right - left, rect.height()).intersected(rect)
        if not shaded.isEmpty():
            painter.fillRect(shaded, style.BAND_FILLS[index % 2])
    transform = painter.worldTransform()
    scale = abs(transform.m22()) or 1.0
    across = abs(transform.m11()) / scale
    painter.save()
    painter.setWorldTransform(QTransform())
    area = transform.mapRect(rect)
    level = zoom_for(across)
    unit = _UNITS[level]
    first, last = scene.date_at(rect.left()), scene.date_at(rect.right())
    lines: tuple[list[QLineF], list[QLineF]] = ([], [])  # minor, major
    for tick in ticks(first, last, unit):
        x = transform.map(QPointF(scene.x(tick.start), 0)).x()
        major = tick.start.month == 1 and tick.start.day == 1
        lines[major].append(QLineF(x, area.top(), x, area.bottom()))
    height = scene.row_height
    top = max(0, math.floor(rect.top() / height))
    bottom = min(rows, math.ceil(rect.bottom() / height))
    rules = []
    for row in range(top, bottom + 1):
        y = transform.map(QPointF(0, row * height)).y()
        rules.append(QLineF(area.left(), y, area.right(), y))
    for colour, batch in (
        (style.GRID_MINOR, lines[0]),
        (style.GRID_YEAR, lines[1]),
        (style.ROW_LINE, rules),
    ):
        if batch:
            painter.setPen(QPen(colour, scale))
            painter.drawLines(batch)
    painter.restore()
