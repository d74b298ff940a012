"""How the network view looks: Qt colours, pens and node shapes, from the one palette the
report figure uses too (``domain.network_layout``), so the screen and the page read alike.

Nodes, labels and arrowheads keep their size in pixels whatever the zoom (zooming changes
the distances, not the marks), so the scale factors below say how many pixels one layout
unit is at 100 %.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainterPath, QPen, QPolygonF

from poa_desktop.domain.network import DEPENDENCIES, PARTNERS
from poa_desktop.domain.network_layout import (
    EDGE_LOOKS,
    OVERDUE_COLOUR,
    STATUS_OUTLINES,
    node_colour,
    node_shape,
)

CONTEXT = "Network"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


#: Pixels per layout unit at 100 %, across and down.
UNIT_PIXELS: dict[str, tuple[float, float]] = {PARTNERS: (64.0, 64.0), DEPENDENCIES: (34.0, 28.0)}
#: A node's radius in pixels before the size metric adds up to ``SIZE_EXTRA``.
BASE_RADIUS: dict[str, float] = {
    "component": 15.0,
    "mou": 9.0,
    "output": 8.0,
    "partner": 6.5,
    "activity": 7.0,
    "means": 6.0,
    "milestone": 7.0,
}
#: Pixels the size metric adds at most, per lens (rows are close in the dependencies lens).
SIZE_EXTRA: dict[str, float] = {PARTNERS: 9.0, DEPENDENCIES: 4.0}
ARROW = 7.0
LABEL_POINT_SIZE = 8.5
SELECTED = QColor("#ff8c00")
LABEL_TEXT = QColor("#1d2733")
OUTPUT_TEXT = QColor("#6a2c91")
LABEL_BACKGROUND = QColor(255, 255, 255, 215)
BAND_FILLS = (QColor("#f7f9fc"), QColor("#eef2f8"))
BAND_TITLE = QColor("#33414f")
GRID = QColor("#d5dbe2")
BACKGROUND = QColor("#ffffff")
_DASHES = {
    "solid": Qt.PenStyle.SolidLine,
    "dash": Qt.PenStyle.DashLine,
    "dot": Qt.PenStyle.DotLine,
    "dashdot": Qt.PenStyle.DashDotLine,
}


def label_font() -> QFont:
    font = QFont()
    font.setPointSizeF(LABEL_POINT_SIZE)
    return font


def strong(data: Mapping[str, Any]) -> bool:
    """Labels in bold: MOUs and social security associations (ISSA, ECASSA, CIPRESS…)."""
    return data["kind"] == "mou" or data["partner_kind"] == "social_security_association"


def fill(data: Mapping[str, Any]) -> QColor:
    return QColor(node_colour(data))


def outline(data: Mapping[str, Any]) -> QPen:
    """Overdue MOUs in red; items by status (the status outlines of the legend)."""
    if data["kind"] == "mou" and data["overdue"]:
        return QPen(QColor(OVERDUE_COLOUR), 2.5)
    if data["kind"] not in ("mou", "partner", "component") and data["status"] in STATUS_OUTLINES:
        return QPen(QColor(STATUS_OUTLINES[data["status"]]), 1.6)
    return QPen(QColor("#ffffff"), 1.2)


def edge_pen(kind: str) -> QPen:
    """A cosmetic pen (its width in pixels at every zoom) for a role or dependency type."""
    look = EDGE_LOOKS.get(kind, EDGE_LOOKS["partner"])
    pen = QPen(QColor(look.colour), look.width)
    pen.setStyle(_DASHES[look.shape])
    pen.setCosmetic(True)
    return pen


def shape_path(data: Mapping[str, Any], radius: float) -> QPainterPath:
    """The outline of a node of this kind, centred on (0, 0)."""
    path = QPainterPath()
    shape = node_shape(data)
    r = radius
    if shape == "circle":
        path.addEllipse(QPointF(0, 0), r, r)
    elif shape == "square":
        path.addRect(QRectF(-r * 0.9, -r * 0.9, r * 1.8, r * 1.8))
    elif shape == "roundrect":
        path.addRoundedRect(QRectF(-r, -r * 0.8, 2 * r, 1.6 * r), 4, 4)
    elif shape == "diamond":
        path.addPolygon(QPolygonF([QPointF(0, -r), QPointF(r, 0), QPointF(0, r), QPointF(-r, 0)]))
        path.closeSubpath()
    else:  # hexagon
        corners = [
            QPointF(
                r * math.cos(math.pi / 3 * k + math.pi / 6),
                r * math.sin(math.pi / 3 * k + math.pi / 6),
            )
            for k in range(6)
        ]
        path.addPolygon(QPolygonF(corners))
        path.closeSubpath()
    return path
