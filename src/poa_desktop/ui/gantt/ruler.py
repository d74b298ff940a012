"""The time ruler above the chart: biennia over years, years over quarters or months.

Which tiers it shows follows the zoom (``domain.timeline.RULER_TIERS``). A label sits in
the middle of the visible part of its span, so a year or a biennium stays named while the
chart is scrolled through it; a label that does not fit is shortened, then left out.
The same layout draws the ruler on screen and on printed pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QLocale, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsView, QWidget

from poa_desktop.domain.timeline import RULER_TIERS, Band, Tick, Unit, ticks, zoom_for
from poa_desktop.ui.gantt import style
from poa_desktop.ui.gantt.style import tr


@dataclass(frozen=True, slots=True)
class Cell:
    """One division of a tier: ``tier`` 0 (upper) or 1 (lower), x from left to right,
    its label (maybe empty) and its shade (an index into the band fills, or None)."""

    tier: int
    left: float
    right: float
    text: str
    shade: int | None = None


def _fit(metrics: QFontMetricsF, width: float, *texts: str) -> str:
    """The first of ``texts`` (longest first) that fits in ``width``; else nothing."""
    for text in texts:
        if metrics.horizontalAdvance(text) + 6 <= width:
            return text
    return ""


def _unit_texts(tick: Tick) -> tuple[str, ...]:
    if tick.unit is Unit.YEAR:
        return (str(tick.year), f"’{tick.year % 100:02d}")
    if tick.unit is Unit.QUARTER:
        return (
            tr("Q{n} {year}").format(n=tick.number, year=tick.year),
            tr("Q{n}").format(n=tick.number),
        )
    locale = QLocale()
    return (
        locale.monthName(tick.number, QLocale.FormatType.ShortFormat),
        locale.monthName(tick.number, QLocale.FormatType.NarrowFormat),
    )


def layout_ruler(
    font: QFont,
    width: float,
    to_x: Callable[[date], float],
    first: date,
    last: date,
    pixels_per_day: float,
    bands: Sequence[Band],
) -> list[Cell]:
    """The cells of both tiers between x = 0 and ``width`` (``to_x`` places a day's left
    edge; ``first``..``last`` are the days in view)."""
    metrics = QFontMetricsF(font)
    upper, lower = RULER_TIERS[zoom_for(pixels_per_day)]
    cells: list[Cell] = []

    def visible(left: float, right: float) -> tuple[float, float]:
        return max(0.0, left), min(width, right)

    def cell(tier: int, left: float, right: float, text: str, shade: int | None = None) -> Cell:
        return Cell(tier, max(-1.0, left), min(width, right), text, shade)

    if upper == "biennium":
        for index, band in enumerate(bands):
            left, right = to_x(band.start), to_x(band.end) + pixels_per_day
            if right < 0 or left > width:
                continue
            shown = visible(left, right)
            text = _fit(
                metrics,
                shown[1] - shown[0],
                tr("Biennium {label}").format(label=band.label),
                band.label,
            )
            cells.append(cell(0, left, right, text, index % 2))
    else:
        shades = {band.start.year: index % 2 for index, band in enumerate(bands)}
        shades.update({band.end.year: index % 2 for index, band in enumerate(bands)})
        labels = {band.start.year: band.label for band in bands}
        for tick in ticks(first, last, Unit.YEAR):
            left, right = to_x(tick.start), to_x(tick.stop)
            shown = visible(left, right)
            label = labels.get(tick.year)
            texts = (str(tick.year),)
            if label:
                texts = (
                    tr("{year} · biennium {label}").format(year=tick.year, label=label),
                    *texts,
                )
            text = _fit(metrics, shown[1] - shown[0], *texts)
            cells.append(cell(0, left, right, text, shades.get(tick.year)))
    stride = 1
    if lower is Unit.YEAR:  # zoomed far out: name every second, fifth, tenth… year
        needed = metrics.horizontalAdvance("2000") + 6
        year = 365.25 * pixels_per_day
        stride = next((k for k in (1, 2, 5, 10, 20, 50) if k * year >= needed), 100)
    for tick in ticks(first, last, lower):
        left, right = to_x(tick.start), to_x(tick.stop)
        if stride > 1:
            span = left + stride * (right - left)
            room = min(width, span) - max(0.0, left)
            text = str(tick.year) if tick.year % stride == 0 and room >= needed else ""
            cells.append(cell(1, left, right, ""))
            if text:
                cells.append(cell(1, left, span, text))
            continue
        shown = visible(left, right)
        cells.append(cell(1, left, right, _fit(metrics, shown[1] - shown[0], *_unit_texts(tick))))
    return cells


def paint_ruler(
    painter: QPainter,
    rect: QRectF,
    cells: Sequence[Cell],
    today_x: float | None = None,
) -> None:
    """Draw laid-out cells into ``rect`` (cell x are relative to its left edge)."""
    painter.save()
    painter.setClipRect(rect)
    painter.fillRect(rect, style.RULER_BACKGROUND)
    half = rect.height() / 2
    for cell in cells:
        top = rect.top() + cell.tier * half
        left = rect.left() + cell.left
        right = rect.left() + cell.right
        box = QRectF(left, top, right - left, half)
        if cell.shade is not None:
            painter.fillRect(box, style.BAND_FILLS[cell.shade])
        painter.setPen(QPen(style.RULER_LINE, 1))
        painter.drawLine(QPointF(left, top), QPointF(left, top + half))
        if cell.text:
            shown = QRectF(
                max(left, rect.left()), top, min(right, rect.right()) - max(left, rect.left()), half
            )
            painter.setPen(style.TEXT)
            painter.drawText(shown, Qt.AlignmentFlag.AlignCenter, cell.text)
    painter.setPen(QPen(style.RULER_LINE, 1))
    painter.drawLine(
        QPointF(rect.left(), rect.top() + half), QPointF(rect.right(), rect.top() + half)
    )
    painter.drawLine(
        QPointF(rect.left(), rect.bottom() - 0.5), QPointF(rect.right(), rect.bottom() - 0.5)
    )
    if today_x is not None:
        x = rect.left() + today_x
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.TODAY)
        bottom = rect.bottom()
        painter.drawPolygon(
            QPolygonF([QPointF(x - 5, bottom - 7), QPointF(x + 5, bottom - 7), QPointF(x, bottom)])
        )
    painter.restore()


class GanttRuler(QWidget):
    """The ruler over a ``GanttView``'s viewport, scrolled and zoomed with it."""

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view)
        self.setObjectName("ganttRuler")
        self._view = view
        self.setAutoFillBackground(False)

    def cells(self) -> list[Cell]:
        view = self._view
        scene = view.scene()
        if scene is None:
            return []
        width = float(view.viewport().width())
        chart = scene.sceneRect()
        left = max(chart.left(), view.mapToScene(0, 0).x())
        right = min(chart.right() - 1, view.mapToScene(int(width), 0).x())
        end = float(view.mapFromScene(QPointF(chart.right(), 0)).x())
        return layout_ruler(
            self.font(),
            min(width, end),
            lambda day: float(view.mapFromScene(QPointF(scene.x(day), 0)).x()),
            scene.date_at(left),
            scene.date_at(right),
            view.transform().m11(),
            scene.bands,
        )

    def labels(self) -> list[tuple[int, str]]:
        """(tier, text) of every label shown, left to right: what a user can read."""
        return [(cell.tier, cell.text) for cell in self.cells() if cell.text]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        scene = self._view.scene()
        today_x = None
        if scene is not None and scene.today_visible() and scene.today is not None:
            today_x = float(self._view.mapFromScene(QPointF(scene.x(scene.today) + 0.5, 0)).x())
        paint_ruler(painter, QRectF(self.rect()), self.cells(), today_x)
        painter.end()
