"""What a mouse gesture on the chart means, one small class per gesture.

While a drag goes on only the graphics move (``GanttScene.preview``); the edit is handed to
the host on release, as one change, so each gesture is one undo step. Escape cancels.
A gesture that moves less than the platform's drag distance is a click (it selects).

* ``MoveInteraction``: drag a bar's body; start and end move by whole snapped units.
* ``ResizeInteraction``: drag a bar's left or right end; that end snaps to a unit boundary.
* ``LinkInteraction``: Shift+drag (or drag in link mode) from one bar to another; a new
  finish-to-start dependency from the first to the second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QApplication, QGraphicsLineItem

from poa_desktop.domain.timeline import Unit, moved, resized_end, resized_start, units_for
from poa_desktop.ui.gantt import style
from poa_desktop.ui.gantt.items import Z_LINK, Bar, Milestone
from poa_desktop.ui.gantt.style import tr

if TYPE_CHECKING:
    from poa_desktop.ui.gantt.scene import GanttScene
    from poa_desktop.ui.gantt.view import GanttView

BODY, START, FINISH = "body", "start", "finish"


@dataclass(frozen=True, slots=True)
class Hit:
    """A bar under the mouse and which part of it: its body or one of its ends."""

    uuid: str
    bar: Bar
    zone: str


class Host(Protocol):
    """What a gesture asks of the widget that owns the chart."""

    def snap_unit(self) -> Unit: ...

    def link_mode(self) -> bool: ...

    def commit_dates(
        self, uuid: str, start: date, end: date, seen: tuple[date | None, date | None]
    ) -> bool: ...

    def commit_link(self, from_uuid: str, to_uuid: str) -> bool: ...

    def show_status(self, text: str) -> None: ...


def cursor_for(hit: Hit | None, linking: bool) -> Qt.CursorShape:
    if hit is None:
        return Qt.CursorShape.ArrowCursor
    if linking:
        return Qt.CursorShape.CrossCursor
    if not hit.bar.entry.editable:
        return Qt.CursorShape.PointingHandCursor
    if hit.zone in (START, FINISH):
        return Qt.CursorShape.SizeHorCursor
    return Qt.CursorShape.OpenHandCursor


class Interaction:
    """One gesture from press to release."""

    cursor = Qt.CursorShape.ArrowCursor

    def __init__(self, view: GanttView, host: Host, hit: Hit, press: QPointF) -> None:
        self.view = view
        self.host = host
        self.hit = hit
        self.press = QPointF(press)
        self.started = False

    @property
    def scene(self) -> GanttScene:
        return self.view.gantt_scene

    def _past_threshold(self, pos: QPointF) -> bool:
        if not self.started:
            distance = (pos - self.press).manhattanLength()
            self.started = distance >= QApplication.startDragDistance()
        return self.started

    def move(self, pos: QPointF) -> None:
        raise NotImplementedError

    def finish(self, pos: QPointF) -> None:
        raise NotImplementedError

    def cancel(self) -> None:
        raise NotImplementedError


class _DateDrag(Interaction):
    """A drag that changes a bar's dates: previewed while moving, committed on release."""

    cursor = Qt.CursorShape.ClosedHandCursor

    def __init__(self, view: GanttView, host: Host, hit: Hit, press: QPointF) -> None:
        super().__init__(view, host, hit, press)
        entry = hit.bar.entry
        assert entry.start is not None and entry.end is not None
        self.original: tuple[date, date] = (entry.start, entry.end)
        self.dates = self.original

    def dates_for(self, days: float) -> tuple[date, date]:
        raise NotImplementedError

    def move(self, pos: QPointF) -> None:
        if not self._past_threshold(pos):
            return
        days = (pos.x() - self.press.x()) / self.view.pixels_per_day
        dates = self.dates_for(days)
        if dates != self.dates:
            self.dates = dates
            self.scene.preview(self.hit.uuid, *dates)
        start, end = self.dates
        self.host.show_status(
            tr("{code}: {start} to {end} (release to apply, Esc to cancel)").format(
                code=self.hit.bar.entry.code, start=start.isoformat(), end=end.isoformat()
            )
        )

    def finish(self, pos: QPointF) -> None:
        self.move(pos)
        if not self.started or self.dates == self.original:
            self.scene.end_preview(self.hit.uuid)
            return
        entry = self.hit.bar.entry
        if not self.host.commit_dates(self.hit.uuid, *self.dates, (entry.start, entry.end)):
            self.scene.end_preview(self.hit.uuid)

    def cancel(self) -> None:
        self.scene.end_preview(self.hit.uuid)
        self.host.show_status(tr("Drag cancelled"))


class MoveInteraction(_DateDrag):
    def dates_for(self, days: float) -> tuple[date, date]:
        unit = self.host.snap_unit()
        milestone = isinstance(self.hit.bar, Milestone)
        return moved(*self.original, units_for(days, unit), unit, milestone=milestone)


class ResizeInteraction(_DateDrag):
    cursor = Qt.CursorShape.SizeHorCursor

    def dates_for(self, days: float) -> tuple[date, date]:
        unit = self.host.snap_unit()
        if self.hit.zone == START:
            return resized_start(*self.original, days, unit)
        return resized_end(*self.original, days, unit)


class LinkInteraction(Interaction):
    """Drag from one bar to another: a finish-to-start dependency between them."""

    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, view: GanttView, host: Host, hit: Hit, press: QPointF) -> None:
        super().__init__(view, host, hit, press)
        self.target: Hit | None = None
        self.line = QGraphicsLineItem()
        pen = QPen(style.SELECTION, 1.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.line.setPen(pen)
        self.line.setZValue(Z_LINK)
        self.line.setVisible(False)
        self.scene.addItem(self.line)

    def move(self, pos: QPointF) -> None:
        if not self._past_threshold(pos):
            return
        bar = self.hit.bar
        start = QPointF(bar.anchor_x(True), bar.center_y())
        self.line.setLine(QLineF(start, self.view.mapToScene(pos.toPoint())))
        self.line.setVisible(True)
        target = self.view.hit(pos)
        self.target = target if target is not None and target.uuid != self.hit.uuid else None
        if self.target is not None:
            text = tr("Link {first} → {second} (finish-to-start)").format(
                first=bar.entry.code, second=self.target.bar.entry.code
            )
        else:
            text = tr("Link {first} → … drop on another bar").format(first=bar.entry.code)
        self.host.show_status(text)

    def finish(self, pos: QPointF) -> None:
        self.move(pos)
        self._remove_line()
        if self.started and self.target is not None and self.target.bar.entry.kind != "component":
            self.host.commit_link(self.hit.uuid, self.target.uuid)

    def cancel(self) -> None:
        self._remove_line()
        self.host.show_status(tr("Link cancelled"))

    def _remove_line(self) -> None:
        if self.line.scene() is not None:
            self.scene.removeItem(self.line)
