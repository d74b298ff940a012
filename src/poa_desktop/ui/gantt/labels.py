"""Bar labels: a status icon and the code in a white chip, laid out when painted.

A label sits inside its bar when it fits, else after it, or before it when the chart ends
first; its text never scales with the zoom. Nothing is laid out ahead of time: the painter
works out the labels of the rows on screen for the scale it paints at (text widths are
measured once per text), so zooming costs nothing for the rows off screen.

A label inside a long bar keeps to the visible part of it: when the bar starts left of the
view, the chip is drawn at the view's left edge (the view repaints in full when it
scrolls), so the code stays readable at month zoom in the middle of a long bar.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QStaticText, QTransform

from poa_desktop.ui.gantt import style
from poa_desktop.ui.gantt.entries import label_text
from poa_desktop.ui.gantt.items import LABEL_DETAIL, Bar, Milestone


class LabelFonts:
    """The fonts labels use (plain, bold for summaries, italic for undated rows), with the
    widths of texts already measured and their layouts kept (``QStaticText``)."""

    def __init__(self, font: QFont) -> None:
        self.key = font.key()
        self._fonts: dict[tuple[bool, bool], tuple[QFont, QFontMetricsF, dict[str, float]]] = {}
        self._texts: dict[tuple[bool, bool, str], QStaticText] = {}
        for bold in (False, True):
            for italic in (False, True):
                variant = QFont(font)
                variant.setBold(bold)
                variant.setItalic(italic)
                self._fonts[bold, italic] = (variant, QFontMetricsF(variant), {})
        self.height = QFontMetricsF(font).height() + 2

    def static_text(self, bold: bool, italic: bool, text: str) -> QStaticText:
        """``text`` laid out once in its font (a label is drawn on every frame)."""
        key = (bold, italic, text)
        static = self._texts.get(key)
        if static is None:
            static = self._texts[key] = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), self.font(bold, italic))
        return static

    def font(self, bold: bool, italic: bool) -> QFont:
        return self._fonts[bold, italic][0]

    def width(self, bold: bool, italic: bool, text: str) -> float:
        _font, metrics, widths = self._fonts[bold, italic]
        width = widths.get(text)
        if width is None:
            width = widths[text] = metrics.horizontalAdvance(text)
        return width


@dataclass(slots=True)
class LabelLayout:
    """Where a label goes: its anchor in scene coordinates, its chip and the area it may
    use (``bounds``, the bar when inside it) in pixels from the anchor."""

    bar: Bar
    x: float
    y: float
    text: str
    font: QFont
    static: QStaticText
    icon: float
    inside: bool
    chip: QRectF
    bounds: QRectF

    def chip_at(self, origin_x: float) -> QRectF:
        """The chip when the anchor is ``origin_x`` device pixels from the view's left
        edge (negative: scrolled past): inside a bar it keeps to the visible part."""
        chip = QRectF(self.chip)
        if self.inside and origin_x + chip.left() < 0:
            shift = min(-origin_x + 3, self.bounds.width() - chip.width() - 3) - chip.left()
            chip.translate(max(0.0, shift), 0)
        return chip


def label_text_of(bar: Bar) -> str:
    """The label's words, worked out once per entry."""
    cache = bar.label_cache
    if cache is None or cache[0] is not bar.entry:
        cache = bar.label_cache = (bar.entry, label_text(bar.entry))
    return cache[1]


def layout_label(
    bar: Bar, fonts: LabelFonts, pixels_per_day: float, left: float, right: float
) -> LabelLayout:
    """Place ``bar``'s label at a scale; ``left``/``right`` are the chart's edges."""
    entry = bar.entry
    text = label_text_of(bar)
    bold, italic = entry.summary, not entry.dated
    x, y = bar.x0, bar.cy
    if not entry.dated:
        x = left + 2
    height = fonts.height
    icon = 14.0 if entry.status is not None and entry.dated else 0.0
    width = icon + fonts.width(bold, italic, text) + 9
    milestone = isinstance(bar, Milestone)
    span = 0.0 if milestone else bar.days * pixels_per_day
    gap = bar.anchor_offset(True) + 4 if milestone else 4.0
    inside = not milestone and entry.dated and span >= width + 6
    if inside:
        chip = QRectF(3.0, -height / 2, width, height)
        bounds = QRectF(0.0, -height / 2, span, height)
    else:
        start = span + gap
        if entry.dated and start + width > (right - x) * pixels_per_day:
            start = -(width + gap)
        chip = QRectF(start, -height / 2, width, height)
        bounds = QRectF(chip)
    font, static = fonts.font(bold, italic), fonts.static_text(bold, italic, text)
    return LabelLayout(bar, x, y, text, font, static, icon, inside, chip, bounds)


def thinned(bar: Bar, pixels_per_day: float) -> bool:
    """Zoomed far out only the summaries' labels are drawn (and the selected or critical
    rows'): they still say where things are."""
    return (
        pixels_per_day < LABEL_DETAIL
        and not bar.entry.summary
        and not (bar.selected or bar.critical)
    )


def paint_labels(painter: QPainter, layouts: list[LabelLayout], transform: QTransform) -> None:
    """Draw laid-out labels; ``transform`` maps scene to device (the painter's is reset)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for layout in layouts:
        origin = transform.map(QPointF(layout.x, layout.y))
        painter.setWorldTransform(QTransform.fromTranslate(origin.x(), origin.y()))
        chip = layout.chip_at(origin.x())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.CHIP)
        painter.drawRoundedRect(chip, 3, 3)
        entry = layout.bar.entry
        if layout.icon and entry.status is not None:
            painter.drawPixmap(QPointF(chip.left() + 3, -6), style.icon_pixmap(entry.status, 12))
        painter.setFont(layout.font)
        painter.setPen(style.TEXT if entry.dated else style.MUTED_TEXT)
        # where drawText(chip less its padding, AlignVCenter) puts it, laid out once
        top = chip.top() + (chip.height() - layout.static.size().height()) / 2
        painter.drawStaticText(QPointF(chip.left() + 4 + layout.icon, top), layout.static)
    painter.setWorldTransform(QTransform())


class Label:
    """A row's label as the scene hands it out (``GanttScene.label``)."""

    __slots__ = ("owner",)

    def __init__(self, owner: Bar) -> None:
        self.owner = owner

    def isVisible(self) -> bool:  # named like the QGraphicsItem method it replaces
        """Every shown row has a label (an undated one says so at the chart's left)."""
        return self.owner.shown

    @property
    def text(self) -> str:
        return label_text_of(self.owner)
