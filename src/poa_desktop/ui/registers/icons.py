"""Icons of the register cells: an MOU's status, an overdue MOU, an unimplemented paragraph.

As with item statuses (``ui.status_style``) every icon has its own shape and always sits
beside its text, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

from poa_desktop.domain.enums import MouStatus

_SIZES = (16, 24, 32, 48)
_cache: dict[str, QIcon] = {}

Draw = Callable[[QPainter, QRectF, float], None]


def _icon(key: str, draw: Draw) -> QIcon:
    icon = _cache.get(key)
    if icon is None:
        icon = QIcon()
        for size in _SIZES:
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            try:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                margin = size * 0.12
                draw(painter, QRectF(margin, margin, size - 2 * margin, size - 2 * margin), size)
            finally:
                painter.end()
            icon.addPixmap(pixmap)
        _cache[key] = icon
    return icon


def _pen(color: str, size: float, scale: float = 12.0) -> QPen:
    pen = QPen(QColor(color), max(1.2, size / scale))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _ring(painter: QPainter, box: QRectF, size: float) -> None:  # proposed: nothing yet
    painter.setPen(_pen("#8c96a3", size, 7.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = size / 14.0
    painter.drawEllipse(box.adjusted(inset, inset, -inset, -inset))


def _half(painter: QPainter, box: QRectF, size: float) -> None:  # negotiating: half way
    painter.setPen(_pen("#9c6b00", size))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(box)
    painter.setBrush(QColor("#f2a900"))
    painter.drawPie(box, 90 * 16, 180 * 16)


def _tick(painter: QPainter, box: QRectF, size: float, color: str = "#ffffff") -> None:
    pen = _pen(color, size, 8.0)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPolyline(
        QPolygonF(
            [
                QPointF(box.left() + box.width() * 0.22, box.top() + box.height() * 0.52),
                QPointF(box.left() + box.width() * 0.43, box.top() + box.height() * 0.72),
                QPointF(box.left() + box.width() * 0.80, box.top() + box.height() * 0.30),
            ]
        )
    )


def _signed(painter: QPainter, box: QRectF, size: float) -> None:  # signed: ticked square
    painter.setPen(_pen("#114f86", size))
    painter.setBrush(QColor("#1c7ed6"))
    painter.drawRoundedRect(box, size / 6.0, size / 6.0)
    _tick(painter, box, size)


def _in_force(painter: QPainter, box: QRectF, size: float) -> None:  # in force: ticked disc
    painter.setPen(_pen("#1e6b2e", size))
    painter.setBrush(QColor("#2f9e44"))
    painter.drawEllipse(box)
    _tick(painter, box, size)


def _expired(painter: QPainter, box: QRectF, size: float) -> None:  # expired: hourglass
    painter.setPen(_pen("#495057", size))
    painter.setBrush(QColor("#adb5bd"))
    painter.drawPolygon(
        QPolygonF(
            [
                box.topLeft(),
                box.topRight(),
                QPointF(box.left(), box.bottom()),
                box.bottomRight(),
            ]
        )
    )


def _terminated(painter: QPainter, box: QRectF, size: float) -> None:  # terminated: cross
    painter.setPen(_pen("#9b1c1c", size, 5.0))
    inset = size * 0.1
    b = box.adjusted(inset, inset, -inset, -inset)
    painter.drawLine(b.topLeft(), b.bottomRight())
    painter.drawLine(b.topRight(), b.bottomLeft())


def _clock(painter: QPainter, box: QRectF, size: float) -> None:  # overdue
    painter.setPen(_pen("#9b1c1c", size))
    painter.setBrush(QColor("#ffe3e3"))
    painter.drawEllipse(box)
    c = box.center()
    painter.setPen(_pen("#9b1c1c", size, 9.0))
    painter.drawLine(c, QPointF(c.x(), box.top() + box.height() * 0.2))
    painter.drawLine(c, QPointF(box.left() + box.width() * 0.75, c.y()))


def _warning(painter: QPainter, box: QRectF, size: float) -> None:  # not implemented
    painter.setPen(_pen("#9c6b00", size))
    painter.setBrush(QColor("#f2a900"))
    painter.drawPolygon(
        QPolygonF(
            [
                QPointF(box.center().x(), box.top()),
                box.bottomRight(),
                box.bottomLeft(),
            ]
        )
    )
    x = box.center().x()
    painter.setPen(_pen("#3b2a00", size, 11.0))
    painter.drawLine(
        QPointF(x, box.top() + box.height() * 0.38), QPointF(x, box.top() + box.height() * 0.66)
    )
    painter.drawPoint(QPointF(x, box.top() + box.height() * 0.82))


_MOU_DRAW: dict[MouStatus, Draw] = {
    MouStatus.PROPOSED: _ring,
    MouStatus.NEGOTIATING: _half,
    MouStatus.SIGNED: _signed,
    MouStatus.IN_FORCE: _in_force,
    MouStatus.EXPIRED: _expired,
    MouStatus.TERMINATED: _terminated,
}


def mou_status_icon(status: MouStatus | str) -> QIcon:
    status = MouStatus(status)
    return _icon(f"mou:{status.value}", _MOU_DRAW[status])


def overdue_icon() -> QIcon:
    return _icon("overdue", _clock)


def warning_icon() -> QIcon:
    """Something is missing: a paragraph no activity implements."""
    return _icon("warning", _warning)
