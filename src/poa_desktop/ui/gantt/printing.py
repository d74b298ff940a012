"""The chart on paper and in a picture: the ruler and every row, at a chosen scale.

The scene is drawn with ``QGraphicsScene.render``; labels and milestones ignore the
painter's world transform (they are the same size at every zoom), so a page is drawn in
screen-like logical pixels and the painter's window/viewport scales those to the printer's
resolution: text and marks keep their proportions on paper.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QFont, QFontInfo, QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter

from poa_desktop.domain.errors import UserError
from poa_desktop.ui.gantt import style
from poa_desktop.ui.gantt.ruler import layout_ruler, paint_ruler
from poa_desktop.ui.gantt.scene import GanttScene
from poa_desktop.ui.gantt.style import tr

#: Logical pixels across a printed page: the chart is laid out this wide, then scaled.
PAGE_WIDTH = 1500
MAX_IMAGE_WIDTH = 12000
TITLE_HEIGHT = 28


@contextmanager
def _scaled(scene: GanttScene, pixels_per_day: float) -> Iterator[None]:
    """Draw at another scale, the labels in a font sized in pixels, and back afterwards
    (labels are laid out as they are painted, for the scale painted at). A font sized in
    points is resolved against the printer's resolution and then scaled again by the page
    mapping; one sized in pixels is scaled once."""
    before, font = scene.pixels_per_day, scene.font()
    pixel_font = QFont(font)
    pixel_font.setPixelSize(max(1, QFontInfo(font).pixelSize()))
    scene.setFont(pixel_font)
    scene.pixels_per_day = pixels_per_day
    scene.relayout_labels()
    try:
        yield
    finally:
        scene.setFont(font)
        scene.set_pixels_per_day(before)


def _draw(
    painter: QPainter, scene: GanttScene, top: float, width: float, rows: range, scale: float
) -> None:
    """The ruler at ``top`` and then ``rows``, the chart's full width across ``width``."""
    left = scene.sceneRect().left()
    days = scene.sceneRect().width()

    def to_x(day: object) -> float:
        return (scene.x(day) - left) * scale  # type: ignore[arg-type]

    cells = layout_ruler(
        scene.font(),
        width,
        to_x,
        scene.date_at(left),
        scene.date_at(left + days),
        scale,
        scene.bands,
    )
    today_x = None
    if scene.today_visible() and scene.today is not None:
        today_x = to_x(scene.today) + scale / 2
    painter.setFont(scene.font())
    paint_ruler(painter, QRectF(0, top, width, style.RULER_HEIGHT), cells, today_x)
    height = scene.row_height
    source = QRectF(left, rows.start * height, days, len(rows) * height)
    target = QRectF(0, top + style.RULER_HEIGHT, width, len(rows) * height)
    scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)


def render_image(scene: GanttScene, path: str | Path, pixels_per_day: float) -> Path:
    """The whole chart (every shown row, the whole time span) as a PNG at a scale (less,
    if the picture would be wider than ``MAX_IMAGE_WIDTH``)."""
    target = Path(path)
    days = scene.sceneRect().width()
    scale = min(pixels_per_day, MAX_IMAGE_WIDTH / days)
    width = math.ceil(days * scale)
    rows = range(len(scene.order))
    height = style.RULER_HEIGHT + max(1, len(rows)) * scene.row_height
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(style.BACKGROUND)
    with _scaled(scene, scale):
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        _draw(painter, scene, 0, width, rows, scale)
        painter.end()
    if not image.save(str(target), "PNG"):
        raise UserError(
            tr("Cannot write {path}; check that the folder is writable.").format(path=target)
        )
    return target


def print_chart(scene: GanttScene, printer: QPrinter, title: str = "") -> int:
    """Print every shown row over as many landscape pages as it takes (the whole time span
    across each page); returns the number of pages."""
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    page = printer.pageLayout().paintRectPixels(printer.resolution())
    days = scene.sceneRect().width()
    scale = PAGE_WIDTH / days
    zoom = page.width() / PAGE_WIDTH
    page_height = page.height() / zoom
    per_page = max(1, int((page_height - TITLE_HEIGHT - style.RULER_HEIGHT) // scene.row_height))
    total = len(scene.order)
    pages = max(1, math.ceil(total / per_page))
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(tr("Cannot print: the printer could not be started."))
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setViewport(QRect(0, 0, page.width(), page.height()))
        painter.setWindow(QRect(0, 0, PAGE_WIDTH, round(page_height)))
        with _scaled(scene, scale):
            for number in range(pages):
                if number:
                    printer.newPage()
                heading = QFont(scene.font())
                heading.setBold(True)
                painter.setFont(heading)
                painter.setPen(style.TEXT)
                painter.drawText(
                    QRectF(0, 0, PAGE_WIDTH, TITLE_HEIGHT - 6),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    tr("{title} — page {page} of {pages}").format(
                        title=title or tr("Gantt chart"), page=number + 1, pages=pages
                    ),
                )
                rows = range(number * per_page, min(total, (number + 1) * per_page))
                _draw(painter, scene, TITLE_HEIGHT, PAGE_WIDTH, rows, scale)
                painter.setPen(style.RULER_LINE)
                painter.drawLine(
                    QPointF(0, TITLE_HEIGHT - 3), QPointF(PAGE_WIDTH, TITLE_HEIGHT - 3)
                )
    finally:
        painter.end()
    return pages
