"""What a mouse gesture on the network means, one small class per gesture.

* ``PanInteraction``: a drag that starts on the background scrolls the view; a press and
  release without moving is a click on the background (it clears the selection).
* ``NodeInteraction``: a press on a node; released without moving, it is a click (the node
  is selected everywhere); moved past the platform's drag distance, it drags the node,
  which is pinned where it is dropped. Escape puts it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from poa_desktop.ui.network.items import NodeItem
    from poa_desktop.ui.network.view import NetworkView


class Interaction:
    """One gesture from press to release, in viewport coordinates."""

    cursor = Qt.CursorShape.ArrowCursor

    def __init__(self, view: NetworkView, press: QPointF) -> None:
        self.view = view
        self.press = QPointF(press)
        self.started = False

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
        """Escape: undo what the gesture did so far."""


class PanInteraction(Interaction):
    cursor = Qt.CursorShape.ClosedHandCursor

    def __init__(self, view: NetworkView, press: QPointF) -> None:
        super().__init__(view, press)
        self.last = QPointF(press)

    def move(self, pos: QPointF) -> None:
        if not self._past_threshold(pos):
            return
        delta = pos - self.last
        self.last = QPointF(pos)
        horizontal, vertical = self.view.horizontalScrollBar(), self.view.verticalScrollBar()
        horizontal.setValue(horizontal.value() - round(delta.x()))
        vertical.setValue(vertical.value() - round(delta.y()))

    def finish(self, pos: QPointF) -> None:
        if not self.started:
            self.view.backgroundClicked.emit()


class NodeInteraction(Interaction):
    cursor = Qt.CursorShape.ClosedHandCursor

    def __init__(self, view: NetworkView, node: NodeItem, press: QPointF) -> None:
        super().__init__(view, press)
        self.node = node
        self.origin = QPointF(node.pos())
        self.grab = view.mapToScene(press.toPoint()) - self.origin

    def move(self, pos: QPointF) -> None:
        if not self._past_threshold(pos):
            return
        scene = self.view.network_scene
        scene.move_node(self.node, self.view.mapToScene(pos.toPoint()) - self.grab)

    def finish(self, pos: QPointF) -> None:
        if self.started:
            self.move(pos)
            self.view.network_scene.end_move()
            where = self.node.pos()
            self.view.nodeDragged.emit(self.node.key, where.x(), where.y())
        else:
            self.view.nodeClicked.emit(self.node.key)

    def cancel(self) -> None:
        scene = self.view.network_scene
        scene.move_node(self.node, self.origin)
        scene.end_move()
