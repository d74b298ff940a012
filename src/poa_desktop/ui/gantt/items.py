"""What one row draws — a bar, a milestone, a baseline ghost — and how each is painted.

These are plain objects, not ``QGraphicsItem``s: a plan of 15,000 rows would take half a
second just to create that many items. One ``ChartItem`` (``layer.py``) paints the rows the
view exposes from them, so the cost of a frame follows the rows on screen, not the plan.

The view zooms by scaling x only (one scene unit is one day across, one pixel down), so
each painter maps geometry through the painter's transform and draws in device pixels:
outlines, hatching and icons stay crisp at every zoom, and a milestone's diamond is the
same size at every zoom. Sizes are multiplied by the painter's vertical scale, which is 1
on screen, so a chart drawn at another scale keeps its proportions.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen, QPolygonF

from poa_desktop.domain.enums import ItemKind
from poa_desktop.ui.gantt import style
from poa_desktop.ui.gantt.entries import COMPONENT, Entry

Z_ROW = -5.0
Z_CHART = 0.0
Z_LINK = 10.0
#: Below this many pixels per day only components' and activities' labels are drawn.
LABEL_DETAIL = 0.04
_OUTPUT = ItemKind.OUTPUT.value
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_NO_PEN = Qt.PenStyle.NoPen
_NO_BRUSH = Qt.BrushStyle.NoBrush


class Bar:
    """An activity or component (a summary bracket), a means of action or a key output
    (a bar filled to its percent complete). ``start``/``end`` are the dates drawn, which
    differ from the entry's while a drag previews new ones.

    ``x0``/``x1`` (scene x of the start's left and the end's right edge), ``row_top`` and
    ``cy`` (the row's middle) are plain numbers: arrows, labels and the painter read them
    all the time. ``shown`` is whether the row is in the chart (the tree may collapse it).
    """

    __slots__ = (
        "critical",
        "cy",
        "days",
        "end",
        "entry",
        "height",
        "label_cache",
        "placed",
        "row_top",
        "selected",
        "shown",
        "start",
        "top",
        "x0",
        "x1",
    )

    def __init__(self, entry: Entry) -> None:
        self.entry = entry
        #: (entry, text) of the label last worked out (see ``labels.label_text_of``).
        self.label_cache: tuple[Entry, str] | None = None
        self.start: date | None = entry.start
        self.end: date | None = entry.end
        self.critical = False
        self.selected = False
        self.placed = False
        self.shown = False
        self.days = 1.0
        self.x0 = self.x1 = self.cy = self.row_top = self.top = self.height = 0.0

    # geometry

    def place(self, origin: int, geometry: style.RowGeometry, row_top: float) -> None:
        """Put the bar on its row at its drawn dates (``origin``: the ordinal of day 0)."""
        self.placed = True
        self.row_top = row_top
        self.top = row_top + geometry.bar_top
        self.height = geometry.bar_height
        self.cy = row_top + geometry.center
        if self.start is None or self.end is None:
            self.days = 0.0
            return
        self.days = float(self.end.toordinal() - self.start.toordinal() + 1)
        self.x0 = float(self.start.toordinal() - origin)
        self.x1 = self.x0 + self.days

    def move_to_row(self, row_top: float) -> None:
        """Another row, the same dates (the tree above collapsed or expanded)."""
        shift = row_top - self.row_top
        self.row_top = row_top
        self.top += shift
        self.cy += shift

    def set_dates(self, start: date | None, end: date | None) -> None:
        self.start, self.end = start, end

    def isVisible(self) -> bool:  # named like the QGraphicsItem method it replaces
        """Drawn: the row is shown and the entry has dates."""
        return self.shown and self.entry.dated

    def pos(self) -> QPointF:
        return QPointF(self.x0, self.row_top)

    def anchor_x(self, finish: bool) -> float:
        return self.x1 if finish else self.x0

    def anchor_offset(self, finish: bool) -> float:
        """Pixels an arrow keeps off this end (a milestone's diamond has a width)."""
        return 0.0

    def center_y(self) -> float:
        return self.cy

    def label_anchor(self) -> tuple[float, float]:
        return self.x0, self.cy

    def scene_rect(self) -> QRectF:
        """The bar in scene units (days across, pixels down)."""
        return QRectF(self.x0, self.top, self.days, self.height)


class Milestone(Bar):
    """A diamond on its day, the same size at every zoom."""

    __slots__ = ("half",)

    def __init__(self, entry: Entry) -> None:
        super().__init__(entry)
        self.half = style.MILESTONE_HALF

    def place(self, origin: int, geometry: style.RowGeometry, row_top: float) -> None:
        self.placed = True
        self.row_top = row_top
        self.cy = row_top + geometry.center
        self.half = min(style.MILESTONE_HALF, geometry.height * 0.32)
        self.top, self.height = self.cy - self.half, 2 * self.half
        self.days = 0.0
        if self.start is not None:
            self.x0 = self.x1 = self.start.toordinal() - origin + 0.5

    def pos(self) -> QPointF:
        return QPointF(self.x0, self.cy)

    def anchor_offset(self, finish: bool) -> float:
        return self.half if finish else -self.half

    def scene_rect(self) -> QRectF:
        return QRectF(self.x0, self.top, 0.0, self.height)


class Ghost:
    """The baseline's dates: a thin grey bar under the current one."""

    __slots__ = (
        "days",
        "end",
        "entry",
        "height",
        "placed",
        "row_top",
        "shown",
        "start",
        "top",
        "x0",
    )

    def __init__(self, entry: Entry, start: date, end: date) -> None:
        self.entry = entry
        self.start, self.end = start, end
        self.shown = False
        self.placed = False
        self.row_top = self.x0 = self.days = self.top = self.height = 0.0

    def place(self, origin: int, geometry: style.RowGeometry, row_top: float) -> None:
        self.placed = True
        self.row_top = row_top
        self.x0 = float(self.start.toordinal() - origin)
        self.days = float(self.end.toordinal() - self.start.toordinal() + 1)
        self.top = row_top + geometry.ghost_top
        self.height = geometry.ghost_height

    def move_to_row(self, row_top: float) -> None:
        self.top += row_top - self.row_top
        self.row_top = row_top

    @property
    def x1(self) -> float:
        return self.x0 + self.days

    def scene_rect(self) -> QRectF:
        return QRectF(self.x0, self.top, self.days, self.height)

    def isVisible(self) -> bool:  # named like the QGraphicsItem method it replaces
        return self.shown


# --- painting (the painter's world transform is reset: everything in device pixels) -------


def paint_bar(painter: QPainter, bar: Bar, rect: QRectF, scale: float) -> None:
    """A bar or a summary bracket in device rect ``rect``, with its marks."""
    if rect.width() < 2:
        rect.setWidth(2)
    if bar.entry.summary:
        _paint_summary(painter, bar.entry, rect, scale)
    else:
        _paint_plain(painter, bar.entry, rect, scale)
    if bar.critical:
        pen = QPen(style.CRITICAL, 2.5 * scale)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(_NO_BRUSH)
        painter.drawRect(rect.adjusted(-1.5 * scale, -1.5 * scale, 1.5 * scale, 1.5 * scale))
    if bar.selected:
        painter.setPen(QPen(style.SELECTION, 1.6 * scale, Qt.PenStyle.DashLine))
        painter.setBrush(_NO_BRUSH)
        painter.drawRect(rect.adjusted(-3.5 * scale, -3 * scale, 3.5 * scale, 3 * scale))


def _fill_done(painter: QPainter, path: QPainterPath, rect: QRectF, percent: int) -> None:
    done = max(0, min(100, percent))
    if done:
        painter.save()
        painter.setClipRect(
            QRectF(rect.left(), rect.top(), rect.width() * done / 100, rect.height()),
            Qt.ClipOperation.IntersectClip,
        )
        painter.drawPath(path)
        painter.restore()


def _paint_plain(painter: QPainter, entry: Entry, rect: QRectF, scale: float) -> None:
    output = entry.kind == _OUTPUT
    fill = style.status_fill(entry.status)
    painter.setRenderHint(_ANTIALIASING)
    path = _output_path(rect) if output else _rounded(rect, 3 * scale)
    painter.setPen(_NO_PEN)
    painter.setBrush(style.tint(fill, 0.6))
    painter.drawPath(path)
    painter.setBrush(fill)
    _fill_done(painter, path, rect, entry.percent)
    if output:  # key outputs: purple hatching and a purple outline, pointed ends
        painter.setBrush(QBrush(style.OUTPUT, Qt.BrushStyle.BDiagPattern))
        painter.drawPath(path)
        painter.setPen(QPen(style.OUTPUT, 1.5 * scale))
    else:
        painter.setPen(QPen(style.status_outline(entry.status), 1.0 * scale))
    painter.setBrush(_NO_BRUSH)
    painter.drawPath(path)


def _paint_summary(painter: QPainter, entry: Entry, rect: QRectF, scale: float) -> None:
    """A bracket: a thick bar with its ends pointing down at the rows it sums up."""
    component = entry.kind == COMPONENT
    colour = style.COMPONENT if component else style.ACTIVITY
    thick = max(3.0 * scale, rect.height() * (0.55 if component else 0.42))
    top, left, right = rect.top(), rect.left(), rect.right()
    tip = min(rect.height() * 0.9, thick + 5 * scale)
    reach = min(5.0 * scale, rect.width() / 2)
    path = _polygon_path(
        [
            QPointF(left, top),
            QPointF(right, top),
            QPointF(right, top + tip),
            QPointF(right - reach, top + thick),
            QPointF(left + reach, top + thick),
            QPointF(left, top + tip),
        ]
    )
    painter.setRenderHint(_ANTIALIASING)
    painter.setPen(_NO_PEN)
    painter.setBrush(style.tint(colour, 0.45))
    painter.drawPath(path)
    painter.setBrush(colour)
    _fill_done(painter, path, rect, entry.percent)
    painter.setPen(QPen(colour, 1.0 * scale))
    painter.setBrush(_NO_BRUSH)
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


def paint_milestone(painter: QPainter, bar: Bar, x: float, y: float) -> None:
    """A diamond centred on device point (x, y), in screen pixels at every zoom."""
    half = getattr(bar, "half", style.MILESTONE_HALF)
    painter.setRenderHint(_ANTIALIASING)
    painter.setPen(QPen(style.status_outline(bar.entry.status), 1.2))
    painter.setBrush(style.status_fill(bar.entry.status))
    painter.drawPolygon(
        QPolygonF(
            [QPointF(x, y - half), QPointF(x + half, y), QPointF(x, y + half), QPointF(x - half, y)]
        )
    )
    rect = QRectF(x - half, y - half, 2 * half, 2 * half)
    if bar.critical:
        painter.setPen(QPen(style.CRITICAL, 2.5))
        painter.setBrush(_NO_BRUSH)
        painter.drawEllipse(rect.adjusted(-3, -3, 3, 3))
    if bar.selected:
        painter.setPen(QPen(style.SELECTION, 1.6, Qt.PenStyle.DashLine))
        painter.setBrush(_NO_BRUSH)
        painter.drawRect(rect.adjusted(-4, -4, 4, 4))


def paint_ghost(painter: QPainter, ghost: Ghost, rect: QRectF, scale: float) -> None:
    """A baseline's bar (or, for a milestone, a small caret under its day)."""
    painter.setPen(QPen(style.GHOST_LINE, 1.0 * scale))
    painter.setBrush(style.GHOST_FILL)
    if ghost.entry.milestone:
        half = 4.0 * scale
        x, top, bottom = rect.center().x(), rect.top(), rect.bottom() + 1 * scale
        painter.setRenderHint(_ANTIALIASING)
        caret = [QPointF(x, top), QPointF(x + half, bottom), QPointF(x - half, bottom)]
        painter.drawPolygon(QPolygonF(caret))
    else:
        painter.setRenderHint(_ANTIALIASING, False)
        if rect.width() < 2:
            rect.setWidth(2)
        painter.drawRect(rect)


def paint_today(painter: QPainter, x: float, top: float, bottom: float, scale: float) -> None:
    """The vertical line on today's date, from device y ``top`` to ``bottom``."""
    painter.setRenderHint(_ANTIALIASING)
    painter.setPen(QPen(style.TODAY, 2.0 * scale, Qt.PenStyle.SolidLine))
    painter.drawLine(QPointF(x, top), QPointF(x, bottom))
