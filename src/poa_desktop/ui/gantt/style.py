"""How the chart looks: colours, row geometry and the status icons its labels carry.

Colours follow ``ui.status_style`` (each status also has its own icon shape, so colour is
never the only cue) and ``services.gantt_figure`` (key outputs in purple, activities in
slate), so the screen and the printed report read alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QPixmap

from poa_desktop.domain.enums import Status
from poa_desktop.ui.status_style import LOOKS, status_pixmap

CONTEXT = "Gantt"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


DEFAULT_ROW_HEIGHT = 24
RULER_HEIGHT = 38
#: Pixels an arrow runs straight out of a bar end before it turns.
ARROW_STUB = 8.0
ARROW_HEAD = 6.0
#: A resize grip is this many pixels either side of a bar's end.
GRIP = 5.0
MILESTONE_HALF = 7.0

BACKGROUND = QColor("#ffffff")
#: Beyond the chart's first and last day.
OUTSIDE = QColor("#f1f3f5")
BAND_FILLS = (QColor("#eef2f8"), QColor("#f7f9fc"))
GRID_YEAR = QColor("#c3cad3")
GRID_MINOR = QColor("#e3e7ec")
ROW_LINE = QColor("#f0f2f5")
ACTIVITY = QColor("#33414f")
COMPONENT = QColor("#1d2733")
OUTPUT = QColor("#7b3fa0")
OUTPUT_TINT = QColor("#efe4f6")
ARROW = QColor("#5c6773")
VIOLATED = QColor("#d62828")
CRITICAL = QColor("#c2255c")
SELECTION = QColor("#1864ab")
SELECTED_ROW = QColor(24, 100, 171, 34)
TODAY = QColor("#e8590c")
GHOST_FILL = QColor(134, 142, 150, 110)
GHOST_LINE = QColor("#6c757d")
TEXT = QColor("#1b1f24")
MUTED_TEXT = QColor("#5c6773")
CHIP = QColor(255, 255, 255, 215)
RULER_BACKGROUND = QColor("#f8f9fa")
RULER_LINE = QColor("#adb5bd")


@dataclass(frozen=True, slots=True)
class RowGeometry:
    """Where things sit inside a row of ``height`` pixels (scene y, from the row's top);
    worked out once, since every row reads it."""

    height: int
    bar_top: float = field(init=False)
    bar_height: float = field(init=False)
    center: float = field(init=False)
    ghost_top: float = field(init=False)
    ghost_height: float = field(init=False)

    def __post_init__(self) -> None:
        bar_top = float(round(self.height * 0.2))
        bar_height = float(max(6, round(self.height * 0.5)))
        ghost_top = bar_top + bar_height + 1
        object.__setattr__(self, "bar_top", bar_top)
        object.__setattr__(self, "bar_height", bar_height)
        object.__setattr__(self, "center", bar_top + bar_height / 2)
        object.__setattr__(self, "ghost_top", ghost_top)
        object.__setattr__(self, "ghost_height", max(2.0, min(4.0, self.height - ghost_top - 2)))


_fills: dict[Status | None, QColor] = {}
_outlines: dict[Status | None, QColor] = {}
_tints: dict[tuple[int, float], QColor] = {}


def status_fill(status: Status | None) -> QColor:
    """The fill of a status (made once: the chart paints it for every visible bar)."""
    colour = _fills.get(status)
    if colour is None:
        colour = _fills[status] = (
            QColor(LOOKS[status].fill) if status is not None else QColor(ACTIVITY)
        )
    return colour


def status_outline(status: Status | None) -> QColor:
    colour = _outlines.get(status)
    if colour is None:
        colour = _outlines[status] = (
            QColor(LOOKS[status].outline) if status is not None else QColor(COMPONENT)
        )
    return colour


def tint(colour: QColor, amount: float = 0.72) -> QColor:
    """``colour`` mixed with white (``amount`` of white), for the part not yet done."""
    key = (colour.rgba(), amount)
    mixed = _tints.get(key)
    if mixed is None:
        mixed = _tints[key] = QColor(
            round(colour.red() + (255 - colour.red()) * amount),
            round(colour.green() + (255 - colour.green()) * amount),
            round(colour.blue() + (255 - colour.blue()) * amount),
        )
    return mixed


_pixmaps: dict[tuple[Status, int], QPixmap] = {}


def icon_pixmap(status: Status, size: int) -> QPixmap:
    """The status symbol at ``size`` pixels, drawn once per process."""
    key = (status, size)
    pixmap = _pixmaps.get(key)
    if pixmap is None:
        pixmap = _pixmaps[key] = status_pixmap(status, size)
    return pixmap
