"""The graphics items of one row: bars, milestones, labels, baseline ghosts, the today line.

The view zooms by scaling x only (one scene unit is one day across, one pixel down), so
items keep their geometry in days and draw in device pixels: each ``paint`` maps its rect
through the painter's transform and draws with the transform reset. Outlines, hatching and
icons therefore stay crisp at every zoom. Milestones and labels ignore the view's transform
altogether (a diamond and a line of text are the same size at every zoom). Every size is
multiplied by the painter's vertical scale, which is 1 on screen and the page scale when
printing, so a printed chart keeps its proportions.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from poa_desktop.domain.enums import ItemKind
from poa_desktop.ui.gantt import style
from poa_desktop.ui.gantt.entries import COMPONENT, Entry, label_text

Z_ROW = -5.0
Z_GHOST = 1.0
Z_ARROW = 2.0
Z_BAR = 3.0
Z_LABEL = 4.0
Z_TODAY = 3.5
#: Below this many pixels per day only components' and activities' labels are drawn.
LABEL_DETAIL = 0.04

_NO_PATH = QPainterPath()
_EMPTY = QRectF()
_IGNORES_TRANSFORMATIONS = QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations


def device(painter: QPainter, rect: QRectF) -> tuple[QRectF, float]:
    """``rect`` in device pixels, and the vertical scale (1 on screen)."""
    transform = painter.worldTransform()
    return transform.mapRect(rect), abs(transform.m22()) or 1.0


class _RowItem(QGraphicsItem):
    """Something drawn for one entry in one row."""

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry
        self.row_top = 0.0

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.boundingRect())
        return path


class BarItem(_RowItem):
    """An activity or component (a summary bracket), a means of action or a key output
    (a bar filled to its percent complete). ``start``/``end`` are the dates drawn, which
    differ from the entry's while a drag previews new ones.

    ``x0``/``x1`` (scene x of the start's left and the end's right edge) and ``cy`` (the
    row's middle) are kept as plain numbers: arrows and labels read them thousands of
    times when rows move.
    """

    def __init__(self, entry: Entry) -> None:
        super().__init__(entry)
        self.setZValue(Z_BAR)
        self.start: date | None = entry.start
        self.end: date | None = entry.end
        self.critical = False
        self.selected = False
        self.placed = False
        self.days = 1.0
        self.x0 = self.x1 = self.cy = 0.0
        self._rect = QRectF()

    # geometry

    def place(self, origin: date, geometry: style.RowGeometry, row_top: float) -> None:
        """Put the bar on its row at its drawn dates."""
        self.prepareGeometryChange()
        self.placed = True
        self.row_top = row_top
        self.cy = row_top + geometry.center
        if self.start is None or self.end is None:
            self._rect = QRectF()
            self.setPos(0, row_top)
            return
        self.days = float((self.end - self.start).days + 1)
        self.x0 = float((self.start - origin).days)
        self.x1 = self.x0 + self.days
        self.setPos(self.x0, row_top)
        self._rect = QRectF(0, geometry.bar_top, self.days, geometry.bar_height)

    def move_to_row(self, row_top: float) -> None:
        """Another row, the same dates (the tree above collapsed or expanded)."""
        self.cy += row_top - self.row_top
        self.row_top = row_top
        self.setY(row_top)

    def set_dates(self, start: date | None, end: date | None) -> None:
        self.start, self.end = start, end

    def anchor_x(self, finish: bool) -> float:
        return self.x1 if finish else self.x0

    def anchor_offset(self, finish: bool) -> float:
        """Pixels an arrow keeps off this end (a milestone's diamond has a width)."""
        return 0.0

    def center_y(self) -> float:
        return self.cy

    def label_anchor(self) -> tuple[float, float]:
        return self.x0, self.cy

    def boundingRect(self) -> QRectF:
        return self._rect

    # painting

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._rect.isEmpty():
            return
        rect, scale = device(painter, self._rect)
        painter.save()
        painter.setWorldTransform(QTransform())
        if rect.width() < 2:
            rect.setWidth(2)
        if self.entry.summary:
            self._paint_summary(painter, rect, scale)
        else:
            self._paint_bar(painter, rect, scale)
        if self.critical:
            pen = QPen(style.CRITICAL, 2.5 * scale)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(-1.5 * scale, -1.5 * scale, 1.5 * scale, 1.5 * scale))
        if self.selected:
            pen = QPen(style.SELECTION, 1.6 * scale, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(-3.5 * scale, -3 * scale, 3.5 * scale, 3 * scale))
        painter.restore()

    def _paint_bar(self, painter: QPainter, rect: QRectF, scale: float) -> None:
        entry = self.entry
        output = entry.kind == ItemKind.OUTPUT.value
        fill = style.status_fill(entry.status)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = _output_path(rect) if output else _rounded(rect, 3 * scale)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.tint(fill, 0.6))
        painter.drawPath(path)
        done = max(0, min(100, entry.percent))
        if done:
            painter.save()
            painter.setClipRect(
                QRectF(rect.left(), rect.top(), rect.width() * done / 100, rect.height())
            )
            painter.setBrush(fill)
            painter.drawPath(path)
            painter.restore()
        if output:  # key outputs: purple hatching and a purple outline, pointed ends
            painter.setBrush(QBrush(style.OUTPUT, Qt.BrushStyle.BDiagPattern))
            painter.drawPath(path)
            painter.setPen(QPen(style.OUTPUT, 1.5 * scale))
        else:
            painter.setPen(QPen(style.status_outline(entry.status), 1.0 * scale))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    def _paint_summary(self, painter: QPainter, rect: QRectF, scale: float) -> None:
        """A bracket: a thick bar with its ends pointing down at the rows it sums up."""
        colour = style.COMPONENT if self.entry.kind == COMPONENT else style.ACTIVITY
        thick = max(3.0 * scale, rect.height() * (0.55 if self.entry.kind == COMPONENT else 0.42))
        bar = QRectF(rect.left(), rect.top(), rect.width(), thick)
        tip = min(rect.height() * 0.9, thick + 5 * scale)
        reach = min(5.0 * scale, rect.width() / 2)
        path = QPainterPath()
        path.moveTo(bar.left(), bar.top())
        path.lineTo(bar.right(), bar.top())
        path.lineTo(bar.right(), rect.top() + tip)
        path.lineTo(bar.right() - reach, bar.bottom())
        path.lineTo(bar.left() + reach, bar.bottom())
        path.lineTo(bar.left(), rect.top() + tip)
        path.closeSubpath()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.tint(colour, 0.45))
        painter.drawPath(path)
        done = max(0, min(100, self.entry.percent))
        if done:
            painter.save()
            painter.setClipRect(
                QRectF(rect.left(), rect.top(), rect.width() * done / 100, rect.height())
            )
            painter.setBrush(colour)
            painter.drawPath(path)
            painter.restore()
        painter.setPen(QPen(colour, 1.0 * scale))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)


def _rounded(rect: QRectF, radius: float) -> QPainterPath:
    path = QPainterPath()
    radius = min(radius, rect.height() / 2, rect.width() / 2)
    path.addRoundedRect(rect, radius, radius)
    return path


def _output_path(rect: QRectF) -> QPainterPath:
    """A bar with pointed ends, the shape that sets key outputs apart."""
    point = min(rect.height() / 2, rect.width() / 4)
    middle = rect.center().y()
    return _polygon_path(
        [
            QPointF(rect.left(), middle),
            QPointF(rect.left() + point, rect.top()),
            QPointF(rect.right() - point, rect.top()),
            QPointF(rect.right(), middle),
            QPointF(rect.right() - point, rect.bottom()),
            QPointF(rect.left() + point, rect.bottom()),
        ]
    )


def _polygon_path(points: list[QPointF]) -> QPainterPath:
    path = QPainterPath()
    path.addPolygon(QPolygonF(points))
    path.closeSubpath()
    return path


class MilestoneItem(BarItem):
    """A diamond on its day, the same size at every zoom."""

    def __init__(self, entry: Entry) -> None:
        super().__init__(entry)
        self.setFlag(_IGNORES_TRANSFORMATIONS)

    def place(self, origin: date, geometry: style.RowGeometry, row_top: float) -> None:
        self.prepareGeometryChange()
        self.placed = True
        self.row_top = row_top
        self.cy = row_top + geometry.center
        half = min(style.MILESTONE_HALF, geometry.height * 0.32)
        self._rect = QRectF(-half, -half, 2 * half, 2 * half)
        self.days = 0.0
        if self.start is not None:
            self.x0 = self.x1 = (self.start - origin).days + 0.5
        self.setPos(self.x0, self.cy)

    def move_to_row(self, row_top: float) -> None:
        self.cy += row_top - self.row_top
        self.row_top = row_top
        self.setY(self.cy)

    def anchor_offset(self, finish: bool) -> float:
        return self._rect.width() / 2 if finish else -self._rect.width() / 2

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self.start is None:
            return
        rect = self._rect
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        diamond = _polygon_path(
            [
                QPointF(0, rect.top()),
                QPointF(rect.right(), 0),
                QPointF(0, rect.bottom()),
                QPointF(rect.left(), 0),
            ]
        )
        painter.setPen(QPen(style.status_outline(self.entry.status), 1.2))
        painter.setBrush(style.status_fill(self.entry.status))
        painter.drawPath(diamond)
        if self.critical:
            painter.setPen(QPen(style.CRITICAL, 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(rect.adjusted(-3, -3, 3, 3))
        if self.selected:
            painter.setPen(QPen(style.SELECTION, 1.6, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(-4, -4, 4, 4))


class LabelFonts:
    """The fonts labels use (plain, bold for summaries, italic for undated rows), with the
    widths of texts already measured: thousands of labels re-place on every zoom."""

    def __init__(self, font: QFont) -> None:
        self.key = font.key()
        self._fonts: dict[tuple[bool, bool], tuple[QFont, QFontMetricsF, dict[str, float]]] = {}
        for bold in (False, True):
            for italic in (False, True):
                variant = QFont(font)
                variant.setBold(bold)
                variant.setItalic(italic)
                self._fonts[bold, italic] = (variant, QFontMetricsF(variant), {})
        self.height = QFontMetricsF(font).height() + 2

    def font(self, bold: bool, italic: bool) -> QFont:
        return self._fonts[bold, italic][0]

    def width(self, bold: bool, italic: bool, text: str) -> float:
        _font, metrics, widths = self._fonts[bold, italic]
        width = widths.get(text)
        if width is None:
            width = widths[text] = metrics.horizontalAdvance(text)
        return width


class LabelItem(QGraphicsItem):
    """A bar's status icon and code in a white chip: inside the bar when it fits, else
    after it, or before it when the chart ends first. Text never scales with the zoom.

    A label inside a long bar keeps to the visible part of it: when the bar starts left of
    the view, the chip is drawn at the view's left edge (the view repaints in full when it
    scrolls), so the code stays readable at month zoom in the middle of a long bar.
    """

    def __init__(self, owner: BarItem) -> None:
        super().__init__()
        self.owner = owner
        self.setFlag(_IGNORES_TRANSFORMATIONS)
        self.setZValue(Z_LABEL)
        self.text = ""
        self.inside = False
        self.font: QFont | None = None
        #: The (scale, chart left, chart right) it was laid out for.
        self.stamp: tuple[float, float, float] | None = None
        self._entry: Entry | None = None
        self._bounds: tuple[float, float, float, float] | None = None
        self._rect = self._chip = _EMPTY
        self._icon = 0.0

    def relayout(self, fonts: LabelFonts, pixels_per_day: float, left: float, right: float) -> None:
        """Place the label for the current zoom; ``left``/``right`` are the chart's edges."""
        owner, entry = self.owner, self.owner.entry
        if entry is not self._entry:
            self._entry = entry
            self.text = label_text(entry)
        self.stamp = (pixels_per_day, left, right)
        bold, italic = entry.summary, not entry.dated
        self.font = fonts.font(bold, italic)
        x, y = owner.label_anchor()
        if not entry.dated:
            x = left + 2
        self.setPos(x, y)
        height = fonts.height
        self._icon = 14.0 if entry.status is not None and entry.dated else 0.0
        width = self._icon + fonts.width(bold, italic, self.text) + 9
        milestone = isinstance(owner, MilestoneItem)
        span = 0.0 if milestone else owner.days * pixels_per_day
        gap = owner.anchor_offset(True) + 4 if milestone else 4.0
        self.inside = not milestone and entry.dated and span >= width + 6
        if self.inside:
            chip = (3.0, -height / 2, width, height)
            bounds = (0.0, -height / 2, span, height)
        else:
            start = span + gap
            if entry.dated and start + width > (right - x) * pixels_per_day:
                start = -(width + gap)
            chip = bounds = (start, -height / 2, width, height)
        self._chip = QRectF(*chip)
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
            self._rect = QRectF(*bounds)

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self._chip)
        return path

    def chip(self, origin_x: float = 0.0) -> QRectF:
        """Where the chip is drawn when the label's origin is ``origin_x`` pixels from the
        left edge of the view (negative: scrolled past)."""
        chip = QRectF(self._chip)
        if self.inside and origin_x + chip.left() < 0:
            shift = min(-origin_x + 3, self._rect.width() - chip.width() - 3) - chip.left()
            chip.translate(max(0.0, shift), 0)
        return chip

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        owner, entry = self.owner, self.owner.entry
        detail = getattr(owner.scene(), "pixels_per_day", 1.0)
        if detail < LABEL_DETAIL and not entry.summary and not (owner.selected or owner.critical):
            return  # thinned when zoomed far out: the summaries still say where things are
        chip = self.chip(painter.worldTransform().dx())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.CHIP)
        painter.drawRoundedRect(chip, 3, 3)
        if self._icon:
            pixmap = style.icon_pixmap(entry.status, 12)  # type: ignore[arg-type]
            painter.drawPixmap(QPointF(chip.left() + 3, -6), pixmap)
        if self.font is not None:
            painter.setFont(self.font)
        painter.setPen(style.TEXT if entry.dated else style.MUTED_TEXT)
        text = chip.adjusted(4 + self._icon, 0, -3, 0)
        painter.drawText(text, Qt.AlignmentFlag.AlignVCenter, self.text)


class GhostItem(_RowItem):
    """The baseline's dates: a thin grey bar under the current one."""

    def __init__(self, entry: Entry, start: date, end: date) -> None:
        super().__init__(entry)
        self.setZValue(Z_GHOST)
        self.start, self.end = start, end
        self._rect = QRectF()

    def place(self, origin: date, geometry: style.RowGeometry, row_top: float) -> None:
        self.prepareGeometryChange()
        self.row_top = row_top
        self.setPos(float((self.start - origin).days), row_top)
        days = (self.end - self.start).days + 1
        self._rect = QRectF(0, geometry.ghost_top, days, geometry.ghost_height)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect, scale = device(painter, self._rect)
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.setPen(QPen(style.GHOST_LINE, 1.0 * scale))
        painter.setBrush(style.GHOST_FILL)
        if self.entry.milestone:  # a small caret under the baseline's day
            half = 4.0 * scale
            x, top = rect.center().x(), rect.top()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.drawPath(
                _polygon_path(
                    [
                        QPointF(x, top),
                        QPointF(x + half, top + rect.height() + 1 * scale),
                        QPointF(x - half, top + rect.height() + 1 * scale),
                    ]
                )
            )
        else:
            if rect.width() < 2:
                rect.setWidth(2)
            painter.drawRect(rect)
        painter.restore()


class TodayItem(QGraphicsItem):
    """A vertical line on today's date, across every row."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_TODAY)
        self._rect = QRectF()
        self.day: date | None = None

    def place(self, x: float, height: float) -> None:
        self.prepareGeometryChange()
        self.setPos(x + 0.5, 0)
        self._rect = QRectF(-0.5, 0, 1.0, height)

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        return _NO_PATH

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect, scale = device(painter, self._rect)
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.setPen(QPen(style.TODAY, 2.0 * scale, Qt.PenStyle.SolidLine))
        x = rect.center().x()
        painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        painter.restore()
