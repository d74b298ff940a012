"""How the network view looks: Qt colours, pens and node shapes, from the one palette the
report figure uses too (``domain.network_layout``), so the screen and the page read alike.

Nodes, labels and arrowheads keep their size in pixels whatever the zoom (zooming changes
the distances, not the marks), so the scale factors below say how many pixels one layout
unit is at 100 %.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)

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
SELECTED_NAME = "#ff8c00"
SELECTED = QColor(SELECTED_NAME)
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


def node_look(data: Mapping[str, Any]) -> tuple[str, QBrush, QPen]:
    """A node's shape, fill and outline, shared by every node that looks the same."""
    return _look(
        data["kind"], data["partner_kind"], data["mou_status"], data["overdue"], data["status"]
    )


@functools.cache
def _look(
    kind: str, partner_kind: str, mou_status: str, overdue: bool, status: str
) -> tuple[str, QBrush, QPen]:
    data = {"kind": kind, "partner_kind": partner_kind, "mou_status": mou_status,
            "overdue": overdue, "status": status}  # fmt: skip
    return node_shape(data), brush(node_colour(data)), outline(data)


def outline(data: Mapping[str, Any]) -> QPen:
    """Overdue MOUs in red; items by status (the status outlines of the legend)."""
    if data["kind"] == "mou" and data["overdue"]:
        return _pen(OVERDUE_COLOUR, 2.5)
    if data["kind"] not in ("mou", "partner", "component") and data["status"] in STATUS_OUTLINES:
        return _pen(STATUS_OUTLINES[data["status"]], 1.6)
    return _pen("#ffffff", 1.2)


@functools.cache
def _pen(colour: str, width: float) -> QPen:
    return QPen(QColor(colour), width)


@functools.cache
def brush(colour: str) -> QBrush:
    """One brush per colour, shared by every node of that colour (Qt shares it too)."""
    return QBrush(QColor(colour))


@functools.cache
def edge_pen(kind: str, highlighted: bool = False, thin: bool = False) -> QPen:
    """A cosmetic pen (its width in pixels at every zoom) for a role or dependency type;
    ``highlighted``: the pen of an edge of the selected node. One pen per kind, shared.

    ``thin`` pens are at most one pixel wide: Qt draws those with its quick cosmetic
    stroker, and wider ones with the general one, which dashes a curve along its whole
    length, in sight or not: 10,000 dependency curves took 1.5 s to draw at 1.3 pixels
    and 0.13 s at 1 pixel. A dependencies lens with many edges uses them."""
    look = EDGE_LOOKS.get(kind, EDGE_LOOKS["partner"])
    pen = QPen(QColor(look.colour), min(look.width, 1.0) if thin else look.width)
    pen.setStyle(_DASHES[look.shape])
    pen.setCosmetic(True)
    if highlighted:
        pen.setColor(SELECTED)
        pen.setWidthF(max(look.width, 2.0))
    return pen


def edge_colour(kind: str) -> str:
    return EDGE_LOOKS.get(kind, EDGE_LOOKS["partner"]).colour


@functools.cache
def label_metrics(bold: bool) -> QFontMetricsF:
    font = label_font()
    font.setBold(bold)
    return QFontMetricsF(font)


@functools.cache
def label_size(text: str, bold: bool) -> tuple[float, float]:
    """A label's box in pixels (text and a little padding)."""
    metrics = label_metrics(bold)
    return metrics.horizontalAdvance(text) + 6, metrics.height() + 2


@functools.cache
def node_path(shape: str, radius: float) -> QPainterPath:
    """The outline of a node of this shape, centred on (0, 0); shared between nodes (a
    QPainterPath is copied on write)."""
    return _shape_path(shape, radius)


@functools.cache
def ring_path(shape: str, radius: float) -> QPainterPath:
    """The selection ring around a node: its outline stroked 6 pixels wide."""
    ring = QPainterPathStroker()
    ring.setWidth(6)
    return ring.createStroke(node_path(shape, radius))


@functools.cache
def arrow_polygon(radius: float, side: int) -> QPolygonF:
    """An arrowhead touching a node's rim (pixels from its centre), pointing into the node
    from the left (``side`` 1, an edge from an earlier column) or from the right (-1)."""
    tip = -side * (radius + 1)
    back = tip - side * ARROW
    return QPolygonF([QPointF(tip, 0), QPointF(back, ARROW * 0.45), QPointF(back, -ARROW * 0.45)])


def shape_path(data: Mapping[str, Any], radius: float) -> QPainterPath:
    """The outline of a node of this kind, centred on (0, 0)."""
    return node_path(node_shape(data), radius)


def _shape_path(shape: str, radius: float) -> QPainterPath:
    path = QPainterPath()
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
