"""The Gantt view: zoom (x only), the ruler above, tooltips and the mouse gestures.

Zooming scales the view's transform along x (pixels per day) and leaves y alone, so rows
keep the height the plan tree's rows have and the vertical scroll bar can be linked to the
tree's. Ctrl+wheel zooms about the mouse; the zoom actions (Ctrl+=, Ctrl+-, Ctrl+0 fits
the plan) zoom about the middle.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QToolTip, QWidget

from poa_desktop.domain.timeline import ZOOM_PIXELS_PER_DAY, Zoom, clamp_scale, zoom_for
from poa_desktop.ui.gantt import style
from poa_desktop.ui.gantt.interactions import (
    BODY,
    FINISH,
    START,
    Hit,
    Host,
    Interaction,
    LinkInteraction,
    MoveInteraction,
    ResizeInteraction,
    cursor_for,
)
from poa_desktop.ui.gantt.items import Bar, Milestone
from poa_desktop.ui.gantt.layer import arrows_in, labels_in, rows_in
from poa_desktop.ui.gantt.ruler import GanttRuler
from poa_desktop.ui.gantt.scene import GanttScene
from poa_desktop.ui.gantt.style import tr

#: Each zoom step (button, shortcut, wheel notch) multiplies or divides the scale by this.
ZOOM_STEP = 1.5
WHEEL_STEP = 1.15


class GanttView(QGraphicsView):
    #: The scale changed (pixels per day).
    zoomChanged = Signal(float)
    #: The user clicked a bar or a row ("" for empty space).
    rowClicked = Signal(str)

    def __init__(self, scene: GanttScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("ganttView")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        # The bands, grid and row lines: scrolled with the rows, redrawn only where
        # exposed (the scene invalidates them when the rows or the chart's edges change).
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setMouseTracking(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.ruler = GanttRuler(self)
        self.setViewportMargins(0, style.RULER_HEIGHT, 0, 0)
        self.host: Host | None = None
        #: The whole plan is fitted to the width (kept so on resizing until zoomed).
        self.fitted = False
        self._interaction: Interaction | None = None
        self.horizontalScrollBar().valueChanged.connect(self.ruler.update)
        self.zoom_in_action = self._action(
            "ganttZoomIn", tr("Zoom in"), [QKeySequence("Ctrl+="), QKeySequence.StandardKey.ZoomIn]
        )
        self.zoom_in_action.triggered.connect(lambda: self.zoom_by(ZOOM_STEP))
        self.zoom_out_action = self._action(
            "ganttZoomOut",
            tr("Zoom out"),
            [QKeySequence("Ctrl+-"), QKeySequence.StandardKey.ZoomOut],
        )
        self.zoom_out_action.triggered.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        self.fit_action = self._action("ganttFit", tr("Fit plan"), [QKeySequence("Ctrl+0")])
        self.fit_action.triggered.connect(self.fit_to_plan)
        self.setTransform(QTransform.fromScale(scene.pixels_per_day, 1))

    def _action(
        self, name: str, text: str, keys: list[QKeySequence | QKeySequence.StandardKey]
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        unique: list[QKeySequence] = []
        for key in keys:
            sequences = (
                QKeySequence.keyBindings(key)
                if isinstance(key, QKeySequence.StandardKey)
                else [key]
            )
            for sequence in sequences:
                if not sequence.isEmpty() and sequence not in unique:
                    unique.append(sequence)
        action.setShortcuts(unique)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({unique[0].toString(QKeySequence.SequenceFormat.NativeText)})")
        return action

    @property
    def gantt_scene(self) -> GanttScene:
        return self.scene()  # type: ignore[return-value]

    # --- rows ----------------------------------------------------------------------------

    @property
    def rowHeight(self) -> int:
        return self.gantt_scene.row_height

    def set_rows(self, visible_row_uuids: list[str], row_height: int | None = None) -> None:
        """Show these rows, in the plan tree's order, each ``row_height`` pixels tall."""
        self.gantt_scene.set_rows(visible_row_uuids, row_height)

    # --- zoom and scrolling --------------------------------------------------------------

    @property
    def pixels_per_day(self) -> float:
        return self.transform().m11()

    @property
    def zoom(self) -> Zoom:
        return zoom_for(self.pixels_per_day)

    def set_pixels_per_day(self, pixels_per_day: float, anchor: float | None = None) -> None:
        """Zoom to a scale, keeping the day under viewport x ``anchor`` (default: the
        middle) where it is."""
        self.fitted = False
        pixels_per_day = clamp_scale(pixels_per_day)
        at = self.viewport().width() / 2 if anchor is None else anchor
        scene_x = self.viewportTransform().inverted()[0].map(QPointF(at, 0)).x()
        self.setTransform(QTransform.fromScale(pixels_per_day, 1))
        self.gantt_scene.set_pixels_per_day(pixels_per_day)
        self.scroll_to_x(scene_x, at)
        self.zoomChanged.emit(pixels_per_day)

    def zoom_by(self, factor: float, anchor: float | None = None) -> None:
        self.set_pixels_per_day(self.pixels_per_day * factor, anchor)

    def set_zoom(self, zoom: Zoom | str) -> None:
        """Jump to a zoom level's own scale (years, quarters or months)."""
        self.set_pixels_per_day(ZOOM_PIXELS_PER_DAY[Zoom(zoom)])

    def fit_to_plan(self) -> None:
        """The whole plan across the view's width."""
        first, last = self.gantt_scene.extent()
        days = (last - first).days + 1
        width = max(50, self.viewport().width() - 24)
        self.set_pixels_per_day(width / days)
        self.scroll_to_x(self.gantt_scene.x(first), 12)
        self.fitted = True  # stays fitted when the view is resized, until zoomed

    def scroll_to_x(self, scene_x: float, at: float = 0.0) -> None:
        """Scroll so that scene ``scene_x`` is ``at`` pixels from the viewport's left."""
        now = self.viewportTransform().map(QPointF(scene_x, 0)).x()
        bar = self.horizontalScrollBar()
        bar.setValue(bar.value() + round(now - at))
        self.ruler.update()

    def ensure_row_visible(self, uuid: str) -> None:
        scene = self.gantt_scene
        row = scene.row_of(uuid)
        if row is None:
            return
        bar = scene.bar(uuid)
        top = row * scene.row_height
        y_bar = self.verticalScrollBar()
        if top < y_bar.value() or top + scene.row_height > y_bar.value() + self.viewport().height():
            y_bar.setValue(max(0, top - self.viewport().height() // 3))
        if bar is not None and bar.isVisible() and bar.start is not None:
            mapping = self.viewportTransform()
            left = mapping.map(QPointF(bar.anchor_x(False), 0)).x()
            right = mapping.map(QPointF(bar.anchor_x(True), 0)).x()
            if right < 0 or left > self.viewport().width():
                self.scroll_to_x(bar.anchor_x(False), 40)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            notches = event.angleDelta().y() / 120
            if notches:
                self.zoom_by(WHEEL_STEP**notches, event.position().x())
            event.accept()
            return
        super().wheelEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if dx:
            self.ruler.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        area = self.viewport().geometry()
        self.ruler.setGeometry(
            QRect(area.left(), area.top() - style.RULER_HEIGHT, area.width(), style.RULER_HEIGHT)
        )
        if self.fitted and event.oldSize().width() != event.size().width():
            self.fit_to_plan()

    # --- picking -------------------------------------------------------------------------

    def hit(self, pos: QPointF) -> Hit | None:
        """The bar at viewport ``pos`` (its label counts), and which part of it.

        Worked out from the rows under the mouse (a bar wins over a label), not from
        graphics items: the rows are painted by one item.
        """
        grip = style.GRIP
        point = pos.toPoint()
        area = QRectF(point.x() - grip, point.y() - 1, 2 * grip + 1, 3)
        transform = self.viewportTransform()
        scene_area = transform.inverted()[0].mapRect(area)
        scene = self.gantt_scene
        bars = rows_in(scene, scene_area.top(), scene_area.bottom())
        found: Bar | None = None
        for bar in bars:
            if bar.isVisible() and self._bar_rect(bar, transform).intersects(area):
                found = bar
                break
        if found is None:
            labels = labels_in(scene, scene_area, transform, bars)
            found = labels[0].bar if labels else None
        if found is None:
            return None
        zone = BODY
        if found.entry.editable and not isinstance(found, Milestone):
            left = self.mapFromScene(QPointF(found.anchor_x(False), 0)).x()
            right = self.mapFromScene(QPointF(found.anchor_x(True), 0)).x()
            if right - left >= 3 * style.GRIP:
                if abs(pos.x() - left) <= style.GRIP:
                    zone = START
                elif abs(pos.x() - right) <= style.GRIP:
                    zone = FINISH
        return Hit(found.entry.uuid, found, zone)

    # --- what is drawn -------------------------------------------------------------------

    def shown_area(self) -> QRectF:
        """The part of the scene the viewport shows."""
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def shown_labels(self) -> list[str]:
        """The labels drawn in the viewport, top to bottom: what a user can read."""
        area, transform = self.shown_area(), self.viewportTransform()
        return [layout.text for layout in labels_in(self.gantt_scene, area, transform)]

    def shown_arrows(self) -> set[str]:
        """The uuids of the dependencies whose arrows are drawn in the viewport (the
        level of detail leaves some out when zoomed out or crowded)."""
        area, transform = self.shown_area(), self.viewportTransform()
        return {arrow.dependency.uuid for arrow in arrows_in(self.gantt_scene, area, transform)}

    @staticmethod
    def _bar_rect(bar: Bar, transform: QTransform) -> QRectF:
        """Where ``bar`` is drawn, in viewport pixels."""
        if isinstance(bar, Milestone):
            middle = transform.map(QPointF(bar.x0, bar.cy))
            return QRectF(middle.x() - bar.half, middle.y() - bar.half, 2 * bar.half, 2 * bar.half)
        return transform.mapRect(bar.scene_rect())

    # --- tooltips ------------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.hit(QPointF(event.pos()))
            if hit is None:
                QToolTip.hideText()
                event.ignore()
                return True
            QToolTip.showText(
                event.globalPos(), self.gantt_scene.tooltip(hit.uuid), self.viewport()
            )
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, pos: QPoint) -> str:
        """The tooltip a hover at viewport ``pos`` shows (empty over nothing)."""
        hit = self.hit(QPointF(pos))
        return self.gantt_scene.tooltip(hit.uuid) if hit is not None else ""

    # --- gestures ------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position()
        hit = self.hit(pos)
        uuid = (
            hit.uuid
            if hit is not None
            else self.gantt_scene.uuid_at(self.mapToScene(pos.toPoint()).y())
        )
        self.gantt_scene.set_selected(uuid or "")
        self.rowClicked.emit(uuid or "")
        event.accept()
        if hit is None or self.host is None:
            return
        linking = self.host.link_mode() or bool(
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        )
        interaction: Interaction | None = None
        if linking and hit.bar.entry.kind != "component":
            interaction = LinkInteraction(self, self.host, hit, pos)
        elif not linking and hit.bar.entry.editable:
            kind = ResizeInteraction if hit.zone in (START, FINISH) else MoveInteraction
            interaction = kind(self, self.host, hit, pos)
        self._interaction = interaction
        if interaction is not None:
            self.viewport().setCursor(interaction.cursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._interaction is not None:
            self._interaction.move(event.position())
            event.accept()
            return
        linking = self.host is not None and (
            self.host.link_mode() or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        )
        hit = self.hit(event.position()) if self.host is not None else None
        self.viewport().setCursor(cursor_for(hit, linking))
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        interaction = self._interaction
        if interaction is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        self._interaction = None
        self.viewport().unsetCursor()
        interaction.finish(event.position())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self._interaction is not None:
            interaction, self._interaction = self._interaction, None
            interaction.cancel()
            self.viewport().unsetCursor()
            event.accept()
            return
        super().keyPressEvent(event)

    @property
    def dragging(self) -> bool:
        return self._interaction is not None
