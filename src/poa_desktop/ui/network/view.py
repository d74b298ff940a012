"""The network view: zoom, pan, fit, hover details and the mouse gestures.

Ctrl+wheel zooms about the mouse; Ctrl+= and Ctrl+- zoom about the middle, Ctrl+0 fits
the network. Dragging the background pans, dragging a node pins it, clicking a node
selects it. Zooming changes the distances between the marks, not the marks: nodes, labels
and arrowheads keep their size in pixels, and labels are placed again after each zoom
(``NetworkScene.place_labels``), so fewer show when zoomed out and none overlap. In the
dependencies lens the component bands and the years are painted behind the scene, with
their titles kept in sight at the view's left and top edges.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from poa_desktop.ui.network import style
from poa_desktop.ui.network.interactions import Interaction, NodeInteraction, PanInteraction
from poa_desktop.ui.network.items import NodeItem
from poa_desktop.ui.network.scene import NetworkScene
from poa_desktop.ui.network.style import tr

ZOOM_STEP = 1.4
WHEEL_STEP = 1.15
MIN_SCALE, MAX_SCALE = 0.05, 6.0
_FIT_MARGIN = 40
_RULER = 18
#: Pixels around the view whose nodes still get a label.
_LABEL_MARGIN = 160
#: How long a scroll must pause before the labels are placed again (ms).
_SCROLL_RELABEL_MS = 60


class NetworkView(QGraphicsView):
    #: A node was clicked (its key, "<kind>:<uuid>").
    nodeClicked = Signal(str)
    #: A node was dragged and dropped at scene (x, y).
    nodeDragged = Signal(str, float, float)
    #: The background was clicked without dragging.
    backgroundClicked = Signal()
    #: The scale changed (pixels per scene unit).
    zoomChanged = Signal(float)

    def __init__(self, scene: NetworkScene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkView")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(tr("Network"))
        self._interaction: Interaction | None = None
        self._relabel = QTimer(self)
        self._relabel.setSingleShot(True)
        self._relabel.setInterval(0)
        self._relabel.timeout.connect(self.relabel)
        self._placeholder = ""
        self._over_node = False
        # Labels are placed for what is in sight, so again after a scroll: once it pauses
        # (placing them in a large network's crowded overview takes a good part of 0.2 s).
        self.horizontalScrollBar().valueChanged.connect(self._scrolled)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.zoom_in_action = self._action(
            "networkZoomInAction", tr("Zoom in"), "Ctrl+=", QKeySequence.StandardKey.ZoomIn
        )
        self.zoom_in_action.triggered.connect(lambda: self.zoom_by(ZOOM_STEP))
        self.zoom_out_action = self._action(
            "networkZoomOutAction", tr("Zoom out"), "Ctrl+-", QKeySequence.StandardKey.ZoomOut
        )
        self.zoom_out_action.triggered.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        self.fit_action = self._action("networkFitAction", tr("Fit"), "Ctrl+0", None)
        self.fit_action.triggered.connect(self.fit)
        self.show_scene(scene)

    def _action(
        self, name: str, text: str, key: str, standard: QKeySequence.StandardKey | None
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        keys = [QKeySequence(key)]
        if standard is not None and QKeySequence(standard) not in keys:
            keys.append(QKeySequence(standard))
        action.setShortcuts([k for k in keys if not k.isEmpty()])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({key})")
        self.addAction(action)
        return action

    @property
    def network_scene(self) -> NetworkScene:
        return self.scene()  # type: ignore[return-value]

    def show_scene(self, scene: NetworkScene) -> None:
        """Show another lens's scene, at the zoom and place it was last seen."""
        current = self.scene()
        if isinstance(current, NetworkScene) and current is not scene:
            current.view_centre = self.mapToScene(self.viewport().rect().center())
        self.setScene(scene)
        self.setTransform(QTransform.fromScale(scene.scale, scene.scale))
        if scene.view_centre is not None:
            self.centerOn(scene.view_centre)
        self.schedule_relabel()

    # --- zoom ----------------------------------------------------------------------------

    @property
    def scale_factor(self) -> float:
        return self.transform().m11()

    def set_scale(self, scale: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``scale``, keeping the scene point under viewport ``anchor`` (default:
        the middle) where it is."""
        scale = min(max(scale, MIN_SCALE), MAX_SCALE)
        at = anchor if anchor is not None else QPointF(self.viewport().rect().center())
        point = self.mapToScene(at.toPoint())
        self.setTransform(QTransform.fromScale(scale, scale))
        self.network_scene.set_scale(scale)
        moved = self.mapFromScene(point)
        horizontal, vertical = self.horizontalScrollBar(), self.verticalScrollBar()
        horizontal.setValue(horizontal.value() + round(moved.x() - at.x()))
        vertical.setValue(vertical.value() + round(moved.y() - at.y()))
        self.zoomChanged.emit(scale)
        self.schedule_relabel()

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        self.set_scale(self.scale_factor * factor, anchor)

    def fit(self) -> None:
        """The whole network (what the filter shows) in the view, labels included."""
        scene = self.network_scene
        rect = scene.content_rect()
        overhang = scene.label_overhang()
        area = (
            self.viewport()
            .rect()
            .adjusted(_FIT_MARGIN, _FIT_MARGIN + _RULER, -_FIT_MARGIN, -_FIT_MARGIN)
        )
        scale = min(
            (area.width() - overhang) / max(rect.width(), 1.0),
            area.height() / max(rect.height(), 1.0),
        )
        self.set_scale(min(scale, 1.6))
        centre = rect.center() + QPointF(overhang / 2, -_RULER / 2) / self.scale_factor
        self.centerOn(centre)
        self.schedule_relabel()

    def schedule_relabel(self) -> None:
        self._relabel.start(0)

    def _scrolled(self) -> None:
        if not self._relabel.isActive() or self._relabel.interval():
            self._relabel.start(_SCROLL_RELABEL_MS)

    def relabel(self) -> None:
        """Place the labels for the current zoom and place (now, rather than when the loop
        runs): only the nodes in sight, and a margin around, get one."""
        self._relabel.stop()
        self.network_scene.set_scale(self.scale_factor)
        self.network_scene.place_labels(self.visible_area())
        self.viewport().update()

    def visible_area(self) -> QRectF:
        """What the view shows, in scene coordinates, with a margin of ``_LABEL_MARGIN``
        pixels (a node just out of sight may have its label in sight)."""
        margin = _LABEL_MARGIN / max(self.scale_factor, 1e-9)
        shown = self.mapToScene(self.viewport().rect()).boundingRect()
        return shown.adjusted(-margin, -margin, margin, margin)

    def set_placeholder(self, text: str) -> None:
        """A line shown in the middle while the scene is empty (the network is being laid
        out); empty: none."""
        if text != self._placeholder:
            self._placeholder = text
            self.viewport().update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            notches = event.angleDelta().y() / 120
            if notches:
                self.zoom_by(WHEEL_STEP**notches, event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.schedule_relabel()

    # --- picking and gestures --------------------------------------------------------------

    def node_at(self, pos: QPointF, reach: float = 2.0) -> NodeItem | None:
        """The visible node (or the node of the label) at viewport ``pos``, give or take
        ``reach`` pixels: the topmost, labels over nodes.

        Worked out here from the nodes' places rather than asked of Qt: Qt would outline
        the edges' shared paths to test them (10,000 curves on a large portfolio: over a
        second a click) and measure every item that ignores the zoom (0.2 s)."""
        scene = self.network_scene
        inverse, _ok = self.viewportTransform().inverted()
        at = inverse.map(QPointF(pos))
        x, y, scale, hidden = at.x(), at.y(), self.scale_factor, scene.hidden
        found = None
        for key, node in scene.nodes.items():
            if key in hidden:
                continue
            if node.has_label and node.label.placed:
                left = (node.x_ - x) * scale + node.label.offset.x()
                top = (node.y_ - y) * scale + node.label.offset.y()
                width, height = node.label.size
                if (
                    left - reach <= 0 <= left + width + reach
                    and top - reach <= 0 <= top + height + reach
                ):
                    return node
            if math.hypot(node.x_ - x, node.y_ - y) * scale <= node.radius + reach:
                found = node  # later nodes are drawn over earlier ones
        return found

    def centerOn(self, target: object, *more: float) -> None:
        """Qt's ``centerOn``, which also takes a node."""
        if isinstance(target, NodeItem):
            target = target.item
        super().centerOn(target, *more)  # type: ignore[call-overload]

    def ensureVisible(self, target: object, *more: float) -> None:
        """Qt's ``ensureVisible``, which also takes a node."""
        if isinstance(target, NodeItem):
            target = target.item
        super().ensureVisible(target, *more)  # type: ignore[call-overload]

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        node = self.node_at(event.position())
        self._interaction = (
            NodeInteraction(self, node, event.position())
            if node is not None
            else PanInteraction(self, event.position())
        )
        self.viewport().setCursor(self._interaction.cursor)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._interaction is not None:
            self._interaction.move(event.position())
            event.accept()
            return
        # A pointing hand over a node. The view says so itself: were the nodes to carry
        # a cursor, Qt would test every item's outline at each move of the mouse.
        over = self.node_at(event.position()) is not None
        if over != self._over_node:
            self._over_node = over
            if over:
                self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
            else:
                self.viewport().unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        interaction = self._interaction
        if interaction is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        self._interaction = None
        self.viewport().unsetCursor()
        self._over_node = False
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

    # --- bands and years (dependencies lens) -----------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawBackground(painter, rect)
        scene = self.network_scene
        if not scene.bands:
            return
        for number, band in enumerate(scene.bands):
            top, bottom = band.top * scene.unit_y, band.bottom * scene.unit_y
            painter.fillRect(
                QRectF(rect.left(), top, rect.width(), bottom - top), style.BAND_FILLS[number % 2]
            )
        pen = QPen(style.GRID, 1)
        pen.setCosmetic(True)
        painter.setPen(pen)
        for x, _ in scene.ticks:
            painter.drawLine(
                QPointF(x * scene.unit_x, rect.top()), QPointF(x * scene.unit_x, rect.bottom())
            )

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawForeground(painter, rect)
        scene = self.network_scene
        if self._placeholder and not scene.nodes:
            painter.save()
            painter.resetTransform()
            painter.setPen(style.BAND_TITLE)
            painter.setFont(style.label_font())
            painter.drawText(
                QRectF(self.viewport().rect()), Qt.AlignmentFlag.AlignCenter, self._placeholder
            )
            painter.restore()
        if not scene.bands:
            return
        painter.save()
        painter.resetTransform()
        font = style.label_font()
        font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        width = self.viewport().width()
        for band in scene.bands:
            y = self.mapFromScene(QPointF(0, band.top * scene.unit_y)).y()
            text = metrics.elidedText(band.title, Qt.TextElideMode.ElideRight, 340)
            box = QRectF(
                4,
                y - metrics.height() - 2,
                metrics.horizontalAdvance(text) + 10,
                metrics.height() + 2,
            )
            painter.fillRect(box, style.LABEL_BACKGROUND)
            painter.setPen(style.BAND_TITLE)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.fillRect(QRectF(0, 0, width, _RULER), style.LABEL_BACKGROUND)
        font.setBold(False)
        painter.setFont(font)
        painter.setPen(style.BAND_TITLE)
        free = float("-inf")  # zoomed far out, years too close to read are left out
        for x, label in scene.ticks:
            left = self.mapFromScene(QPointF(x * scene.unit_x, 0)).x()
            if left + 3 < free:
                continue
            painter.drawText(
                QRectF(left + 3, 0, 120, _RULER),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                label,
            )
            free = left + 3 + metrics.horizontalAdvance(label) + 6
        painter.restore()
