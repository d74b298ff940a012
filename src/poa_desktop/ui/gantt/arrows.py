"""Dependency arrows: routed at right angles from one bar's end to another's.

An ``Arrow`` is a plain object: the chart paints the arrows whose bounds meet the exposed
area, all ordinary ones in one ``drawLines`` call per pen. The route
(``domain.timeline.route``) is worked out in scene coordinates with the stubs converted
from pixels at the scale painted, and kept until its ends or the scale change, so a
scroll repaints without routing anything. Lines are cosmetic (one device pixel at every
zoom, crisp since every leg is horizontal or vertical); the heads are drawn in device
pixels. A violated dependency is red and dashed, one on the critical path (when shown) is
thick and crimson. Zoomed far out, ordinary arrows lose their heads and then disappear;
violated and critical ones stay.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from poa_desktop.domain.enums import DependencyType
from poa_desktop.domain.records import DependencyRow
from poa_desktop.domain.timeline import End, anchors, route
from poa_desktop.ui.gantt import style
from poa_desktop.ui.gantt.entries import Entry
from poa_desktop.ui.gantt.items import Bar, Milestone

#: Pixels the stubs, heads and a milestone's half width may stick out beyond the ends.
REACH_PIXELS = style.ARROW_STUB + style.ARROW_HEAD + style.MILESTONE_HALF + 2
#: Level of detail (``levelOfDetailFromTransform``) below which arrows have no heads,
#: and below which ordinary arrows are not drawn at all.
HEADS_FROM = 0.35
ARROWS_FROM = 0.2
#: More arrows than this passing through the area painted (neither end in it) are too
#: many to follow: then only the arrows with an end in it are drawn, and critical ones.
PASSING_LIMIT = 150

Point = tuple[float, float]
_PLAIN, _VIOLATED, _CRITICAL, _BOTH = range(4)
_FS = DependencyType.FS


class Arrow:
    """One dependency between two bars; ``x_lo``..``x_hi``, ``y_lo``..``y_hi`` span its
    ends in scene units (the stubs and heads reach a few pixels further)."""

    __slots__ = (
        "_enter",
        "_enter_finish",
        "_key",
        "_leave",
        "_leave_finish",
        "_lines",
        "_points",
        "_shift",
        "after",
        "before",
        "critical",
        "dependency",
        "shown",
        "violated",
        "x_hi",
        "x_lo",
        "y_hi",
        "y_lo",
    )

    def __init__(self, dependency: DependencyRow, before: Bar, after: Bar) -> None:
        self.dependency = dependency
        self.before = before
        self.after = after
        self.violated = False
        self.critical = False
        self.shown = False
        self.x_lo = self.x_hi = self.y_lo = self.y_hi = 0.0
        self._leave, self._enter = anchors(dependency.type)
        self._leave_finish = self._leave is End.FINISH
        self._enter_finish = self._enter is End.FINISH
        #: Days from the anchor day to the earliest day the bound end may fall on.
        self._shift = dependency.lag_days + (1 if dependency.type is _FS else 0)
        self._key: tuple[float, ...] | None = None  # the route is worked out when painted

    def breaks(self, before: Entry, after: Entry) -> bool:
        """Whether the planned dates break the dependency: ``domain.timeline.is_violated``
        on day numbers (a large plan checks 10,000 of them on every re-read)."""
        if before.start is None or before.end is None or after.start is None or after.end is None:
            return False
        anchor = before.end if self._leave_finish else before.start
        bound = after.end if self._enter_finish else after.start
        return bound.toordinal() < anchor.toordinal() + self._shift

    def isVisible(self) -> bool:  # named like the QGraphicsItem method it replaces
        """Drawn: both ends have dates and both rows are shown."""
        return self.shown

    def ends(self) -> tuple[QPointF, QPointF]:
        """Where the arrow leaves and enters, in scene coordinates."""
        return (
            QPointF(self.before.anchor_x(self._leave_finish), self.before.cy),
            QPointF(self.after.anchor_x(self._enter_finish), self.after.cy),
        )

    def relayout(self) -> None:
        """Take the ends' new places (after a bar moved, or rows were shown or hidden)."""
        before, after = self.before, self.after
        self.shown = (
            before.start is not None
            and after.start is not None
            and before.isVisible()
            and after.isVisible()
        )
        x1 = before.x1 if self._leave_finish else before.x0
        x2 = after.x1 if self._enter_finish else after.x0
        self.x_lo, self.x_hi = (x1, x2) if x1 <= x2 else (x2, x1)
        y1, y2 = before.cy, after.cy
        self.y_lo, self.y_hi = (y1, y2) if y1 <= y2 else (y2, y1)

    def route(self, days_per_pixel: float, row_height: float) -> list[Point]:
        """The route in scene coordinates, the stubs ``style.ARROW_STUB`` pixels long at
        ``days_per_pixel``; kept until the ends or the scale change."""
        before, after = self.before, self.after
        start_x = before.anchor_x(self._leave_finish)
        start_x += before.anchor_offset(self._leave_finish) * days_per_pixel
        stop_x = after.anchor_x(self._enter_finish)
        stop_x += after.anchor_offset(self._enter_finish) * days_per_pixel
        key = (days_per_pixel, row_height, start_x, before.cy, stop_x, after.cy)
        if key != self._key:
            half = style.RowGeometry(round(row_height)).bar_height / 2
            if isinstance(after, Milestone):
                half = after.half
            self._points = route(
                (start_x, before.cy),
                self._leave,
                (stop_x, after.cy),
                self._enter,
                stub=style.ARROW_STUB * days_per_pixel,
                clearance=row_height / 2,
                drop=half + 1,
            )
            points = self._points
            self._lines = [
                QLineF(points[i][0], points[i][1], points[i + 1][0], points[i + 1][1])
                for i in range(len(points) - 1)
            ]
            self._key = key
        return self._points

    def lines(self, days_per_pixel: float, row_height: float) -> list[QLineF]:
        """The route's legs (as ``route`` keeps it)."""
        self.route(days_per_pixel, row_height)
        return self._lines

    def tip(self) -> tuple[float, float]:
        """Where the arrow enters its successor, in scene coordinates."""
        return self.after.anchor_x(self._enter_finish), self.after.cy

    @property
    def kind(self) -> int:
        """Which pen draws it: plain, violated, critical, or critical and violated."""
        if self.critical:
            return _BOTH if self.violated else _CRITICAL
        return _VIOLATED if self.violated else _PLAIN


def _pens(scale: float) -> list[QPen]:
    pens = [
        QPen(style.ARROW, 1.0 * scale),
        QPen(style.VIOLATED, 1.6 * scale, Qt.PenStyle.DashLine),
        QPen(style.CRITICAL, 2.2 * scale),
        QPen(style.VIOLATED, 2.2 * scale, Qt.PenStyle.DashLine),
    ]
    for pen in pens:
        pen.setCosmetic(True)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    return pens


def detail_of(transform: QTransform) -> float:
    """The level of detail along x (printing scales both ways)."""
    detail = QStyleOptionGraphicsItem.levelOfDetailFromTransform(transform)
    scale = abs(transform.m22()) or 1.0
    return detail / scale**0.5


class ArrowIndex:
    """Finds the arrows to paint over a band of rows without looking at them all.

    The arrows with an end in the band come from the rows painted (the scene knows the
    arrows at each row); the ones passing through are counted from the sorted tops and
    bottoms of every shown arrow. Made again when rows move up or down or arrows come
    and go (not while a bar is dragged along its row).
    """

    def __init__(self, arrows: list[Arrow]) -> None:
        self.arrows = [arrow for arrow in arrows if arrow.shown]
        self.critical = [arrow for arrow in self.arrows if arrow.critical]
        self._tops = sorted(arrow.y_lo for arrow in self.arrows)
        self._bottoms = sorted(arrow.y_hi for arrow in self.arrows)

    def passing(self, top: float, bottom: float, inside: int) -> int:
        """How many arrows run from above ``top`` to below ``bottom``; ``inside`` is how
        many have both ends between them."""
        above = bisect_left(self._tops, top)
        ended = bisect_right(self._bottoms, bottom)
        return above - ended + inside

    def query(
        self, ends: Iterable[Arrow], exposed: QRectF, transform: QTransform, row_height: float
    ) -> list[Arrow]:
        """The arrows to draw in ``exposed`` (scene coordinates) at ``transform``'s scale,
        given the arrows at the rows it shows (``ends``): those that meet it, less the
        ones the level of detail leaves out."""
        scale = abs(transform.m22()) or 1.0
        reach = REACH_PIXELS * scale / (abs(transform.m11()) or 1.0)
        left, right = exposed.left() - reach, exposed.right() + reach
        top, bottom = exposed.top() - row_height, exposed.bottom() + row_height
        near = {arrow for arrow in ends if arrow.shown}
        inside = sum(1 for arrow in near if arrow.y_lo >= top and arrow.y_hi <= bottom)
        if self.passing(top, bottom, inside) <= PASSING_LIMIT:
            near.update(arrow for arrow in self.arrows if arrow.y_lo < top and arrow.y_hi > bottom)
        else:
            near.update(self.critical)
        found = [
            arrow
            for arrow in near
            if arrow.y_lo <= bottom
            and arrow.y_hi >= top
            and arrow.x_lo <= right
            and arrow.x_hi >= left
        ]
        if detail_of(transform) < ARROWS_FROM:
            found = [arrow for arrow in found if arrow.violated or arrow.critical]
        found.sort(key=_stable)
        return found


def _stable(arrow: Arrow) -> str:
    """The same painting order from frame to frame (where arrows overlap)."""
    return arrow.dependency.uuid


def paint_arrows(
    painter: QPainter,
    arrows: list[Arrow],
    exposed: QRectF,
    transform: QTransform,
    row_height: float,
) -> None:
    """Draw ``arrows`` (from ``ArrowIndex.query``) with the painter in scene coordinates:
    the ordinary and violated ones in one ``drawLines`` call each, the few critical ones
    as antialiased polylines, then the heads of those that end in ``exposed``."""
    if not arrows:
        return
    scale = abs(transform.m22()) or 1.0
    days_per_pixel = scale / (abs(transform.m11()) or 1.0)
    heads = detail_of(transform) >= HEADS_FROM
    reach = 2 * REACH_PIXELS * days_per_pixel
    head_area = exposed.adjusted(-reach, -row_height, reach, row_height)
    groups: list[list[QLineF]] = [[], [], [], []]
    critical: list[Arrow] = []
    tips: list[Arrow] = []
    for arrow in arrows:
        kind = arrow.kind
        if kind == _CRITICAL:
            arrow.route(days_per_pixel, row_height)
            critical.append(arrow)
        else:
            groups[kind].extend(arrow.lines(days_per_pixel, row_height))
        if (heads or kind != _PLAIN) and head_area.contains(*arrow.tip()):
            tips.append(arrow)
    pens = _pens(scale)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for kind, lines in enumerate(groups):
        if lines and kind != _PLAIN:  # dashes are worked out along a line's whole length
            lines = _clipped(lines, head_area, _dash_period(pens[kind], transform))
        if lines:
            painter.setPen(pens[kind])
            painter.drawLines(lines)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for arrow in critical:  # thick: antialiased polylines, so that their corners join
        painter.setPen(pens[_CRITICAL])
        route_points = arrow.route(days_per_pixel, row_height)
        painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in route_points]))
    if not tips:
        return
    painter.save()
    painter.setWorldTransform(QTransform())
    painter.setPen(Qt.PenStyle.NoPen)
    size = style.ARROW_HEAD * scale
    for arrow in tips:
        points = arrow.route(days_per_pixel, row_height)
        if len(points) >= 2:
            painter.setBrush(pens[arrow.kind].color())
            tail, tip = transform.map(QPointF(*points[-2])), transform.map(QPointF(*points[-1]))
            painter.drawPolygon(_head(tail, tip, size))
    painter.restore()


def _dash_period(pen: QPen, transform: QTransform) -> tuple[float, float]:
    """A dash pattern's length in scene units across and down."""
    pixels = sum(pen.dashPattern()) * pen.widthF()
    return pixels / (abs(transform.m11()) or 1.0), pixels / (abs(transform.m22()) or 1.0)


def _clipped(lines: list[QLineF], area: QRectF, period: tuple[float, float]) -> list[QLineF]:
    """The parts of horizontal and vertical ``lines`` inside ``area``, each starting a
    whole number of dash periods from where it did, so the dashes stay put on scrolling."""
    left, top, right, bottom = area.left(), area.top(), area.right(), area.bottom()
    kept = []
    for line in lines:
        x1, y1, x2, y2 = line.x1(), line.y1(), line.x2(), line.y2()
        if y1 == y2:
            if not top <= y1 <= bottom:
                continue
            span = _clip(x1, x2, left, right, period[0])
            if span is not None:
                kept.append(QLineF(span[0], y1, span[1], y2))
        else:
            if not left <= x1 <= right:
                continue
            span = _clip(y1, y2, top, bottom, period[1])
            if span is not None:
                kept.append(QLineF(x1, span[0], x2, span[1]))
    return kept


def _clip(start: float, stop: float, low: float, high: float, period: float) -> Point | None:
    """``start``..``stop`` within ``low``..``high``, the start moved on by whole periods."""
    if start <= stop:
        if stop < low or start > high:
            return None
        if start < low and period > 0:
            start += (low - start) // period * period
        return start, min(stop, high)
    if start < low or stop > high:
        return None
    if start > high and period > 0:
        start -= (start - high) // period * period
    return start, max(stop, low)


def _head(tail: QPointF, tip: QPointF, size: float) -> QPolygonF:
    """A filled triangle at ``tip``, pointing along the leg from ``tail``."""
    if abs(tail.y() - tip.y()) < 1e-6:  # horizontal
        d = 1.0 if tip.x() >= tail.x() else -1.0
        back, side = QPointF(-d * size, 0), QPointF(0, size * 0.6)
    else:
        d = 1.0 if tip.y() >= tail.y() else -1.0
        back, side = QPointF(0, -d * size), QPointF(size * 0.6, 0)
    return QPolygonF([tip, tip + back - side, tip + back + side])
