"""Work after an edit, one part per turn of the event loop.

After an edit the window has several views to bring up to date (the tree, the chart, the
editor pane, the registers and the filter menus). Done in one go they add up to a pause
the user feels; done one per turn, the window answers keys and paints between them. The
tree is updated at once (it shows what the user just did); ``StepChain`` runs the rest.

A new run replaces the steps not yet run: each step reads the newest plan, so a step left
over from an earlier edit would only repeat work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal

Step = Callable[[], object]


class StepChain(QObject):
    """Runs steps one per event-loop turn; ``finished`` once the last has run."""

    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: list[Step] = []
        self._timer = QTimer(self)
        self._timer.setObjectName("stepChainTimer")
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_next)

    @property
    def pending(self) -> bool:
        return bool(self._steps)

    def run(self, steps: Iterable[Step]) -> None:
        """Run ``steps`` from the next turn on, dropping those of an earlier run."""
        self._steps = list(steps)
        if self._steps:
            self._timer.start()
        else:
            self._timer.stop()
            self.finished.emit()

    def cancel(self) -> None:
        """Forget the steps not yet run (the work they do is being done another way)."""
        self._steps = []
        self._timer.stop()

    def flush(self) -> None:
        """Run every step left now (before something that needs the views up to date)."""
        self._timer.stop()
        if not self._steps:
            return
        while self._steps:
            self._steps.pop(0)()
        self.finished.emit()

    def _run_next(self) -> None:
        if not self._steps:
            return
        self._steps.pop(0)()
        if self._steps:
            self._timer.start()
        else:
            self.finished.emit()
