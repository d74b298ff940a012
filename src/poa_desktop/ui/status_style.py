"""How a status looks: a translated label and an icon whose shape alone tells it apart.

Colour is never the only cue (colour-blind users, monochrome prints, screen readers get
the label): each status has its own shape, and the colours are mid-tones with a darker
outline so they read on both light and dark palettes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from poa_desktop.domain.enums import Status

_CONTEXT = "StatusStyle"


class Shape(Enum):
    RING = "ring"  # not started: nothing there yet
    DISC = "disc"  # on track: solid and steady
    TRIANGLE = "triangle"  # at risk: the warning sign
    DIAMOND = "diamond"  # delayed: the road sign for "hazard ahead"
    CHECK = "check"  # completed
    CROSS = "cross"  # cancelled


@dataclass(frozen=True, slots=True)
class StatusLook:
    shape: Shape
    fill: str
    outline: str


#: One look per status; the tests check that shapes are pairwise distinct.
LOOKS: dict[Status, StatusLook] = {
    Status.NOT_STARTED: StatusLook(Shape.RING, "#8c96a3", "#5b6470"),
    Status.ON_TRACK: StatusLook(Shape.DISC, "#2f9e44", "#1e6b2e"),
    Status.AT_RISK: StatusLook(Shape.TRIANGLE, "#f2a900", "#9c6b00"),
    Status.DELAYED: StatusLook(Shape.DIAMOND, "#e03131", "#9b1c1c"),
    Status.COMPLETED: StatusLook(Shape.CHECK, "#1c7ed6", "#114f86"),
    Status.CANCELLED: StatusLook(Shape.CROSS, "#868e96", "#495057"),
}

_ICON_SIZES = (16, 24, 32, 48)
_icon_cache: dict[Status, QIcon] = {}


def status_label(status: Status | str) -> str:
    """The user-visible, translated name of a status."""
    status = Status(status)
    # Literal strings so that lupdate can collect them.
    labels = {
        Status.NOT_STARTED: QCoreApplication.translate(_CONTEXT, "Not started"),
        Status.ON_TRACK: QCoreApplication.translate(_CONTEXT, "On track"),
        Status.AT_RISK: QCoreApplication.translate(_CONTEXT, "At risk"),
        Status.DELAYED: QCoreApplication.translate(_CONTEXT, "Delayed"),
        Status.COMPLETED: QCoreApplication.translate(_CONTEXT, "Completed"),
        Status.CANCELLED: QCoreApplication.translate(_CONTEXT, "Cancelled"),
    }
    return labels[status]


def status_icon(status: Status | str) -> QIcon:
    """The icon of a status, drawn once per process (a QGuiApplication must exist)."""
    status = Status(status)
    icon = _icon_cache.get(status)
    if icon is None:
        icon = QIcon()
        for size in _ICON_SIZES:
            icon.addPixmap(status_pixmap(status, size))
        _icon_cache[status] = icon
    return icon


def status_style(status: Status | str) -> tuple[str, QIcon]:
    """(translated label, icon) for a status."""
    return status_label(status), status_icon(status)


def status_pixmap(status: Status | str, size: int) -> QPixmap:
    """Draw the status symbol into a transparent square pixmap of ``size`` pixels."""
    look = LOOKS[Status(status)]
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _draw(painter, look, float(size))
    finally:
        painter.end()
    return pixmap


def _draw(painter: QPainter, look: StatusLook, size: float) -> None:
    fill = QColor(look.fill)
    outline = QColor(look.outline)
    width = max(1.0, size / 12.0)
    margin = size * 0.12
    box = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    pen = QPen(outline, width)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)

    if look.shape is Shape.RING:
        painter.setPen(QPen(fill, max(1.5, size / 7.0)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = size / 14.0
        painter.drawEllipse(box.adjusted(inset, inset, -inset, -inset))
    elif look.shape is Shape.DISC:
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawEllipse(box)
    elif look.shape is Shape.TRIANGLE:
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(box.center().x(), box.top()),
                    QPointF(box.right(), box.bottom()),
                    QPointF(box.left(), box.bottom()),
                ]
            )
        )
        _draw_bang(painter, box, size)
    elif look.shape is Shape.DIAMOND:
        painter.setPen(pen)
        painter.setBrush(fill)
        c = box.center()
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(c.x(), box.top()),
                    QPointF(box.right(), c.y()),
                    QPointF(c.x(), box.bottom()),
                    QPointF(box.left(), c.y()),
                ]
            )
        )
    elif look.shape is Shape.CHECK:
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(box, size / 6.0, size / 6.0)
        tick = QPainterPath()
        tick.moveTo(box.left() + box.width() * 0.22, box.top() + box.height() * 0.52)
        tick.lineTo(box.left() + box.width() * 0.43, box.top() + box.height() * 0.72)
        tick.lineTo(box.left() + box.width() * 0.80, box.top() + box.height() * 0.30)
        white = QPen(QColor("#ffffff"), max(1.5, size / 8.0))
        white.setCapStyle(Qt.PenCapStyle.RoundCap)
        white.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(white)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(tick)
    elif look.shape is Shape.CROSS:
        thick = QPen(fill, max(2.0, size / 5.0))
        thick.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(thick)
        inset = size * 0.1
        b = box.adjusted(inset, inset, -inset, -inset)
        painter.drawLine(b.topLeft(), b.bottomRight())
        painter.drawLine(b.topRight(), b.bottomLeft())


def _draw_bang(painter: QPainter, box: QRectF, size: float) -> None:
    """The exclamation mark inside the warning triangle."""
    pen = QPen(QColor("#3b2a00"), max(1.2, size / 11.0))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    x = box.center().x()
    painter.drawLine(
        QPointF(x, box.top() + box.height() * 0.38), QPointF(x, box.top() + box.height() * 0.66)
    )
    painter.drawPoint(QPointF(x, box.top() + box.height() * 0.82))
