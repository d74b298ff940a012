"""The Network view's place in the window: the ``NetworkWidget`` (ui/network) is built the
first time its dock is shown, so starting the window neither imports nor lays out any
graph. Until then the host keeps the plan and the filter it is handed and passes them on
when the widget exists; its signals are the widget's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

Predicate = Callable[[object], bool]


class NetworkHost(QWidget):
    """Holds the network widget once built; forwards what the window asks."""

    #: An activity, means of action, key output or milestone was clicked: its uuid.
    itemSelected = Signal(str)
    partnerSelected = Signal(str)
    mouSelected = Signal(str)
    status = Signal(str)

    def __init__(
        self, service: Any, settings: Any, parent: QWidget | None = None, jobs: Any = None
    ) -> None:
        """``jobs``: the window's ``JobRunner``, on whose worker the network is laid out
        (when not given, the window's ``jobs`` is used once the widget is built)."""
        super().__init__(parent)
        self.setObjectName("networkView")
        self._service = service
        self._settings = settings
        self._jobs = jobs
        self._plan: str | None = None
        self._predicate: Predicate | None = None
        self.widget: Any = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self.widget is not None

    def ensure(self) -> Any:
        """Build the widget (first show), handing it the plan and filter it was given."""
        if self.widget is None:
            from poa_desktop.ui.network import NetworkWidget

            widget = NetworkWidget(self._service, self._settings, self, self._runner())
            widget.itemSelected.connect(self.itemSelected)
            widget.partnerSelected.connect(self.partnerSelected)
            widget.mouSelected.connect(self.mouSelected)
            widget.status.connect(self.status)
            self._layout.addWidget(widget)
            widget.show()  # a child added to a shown widget is not shown by itself
            self.widget = widget
            if self._predicate is not None:
                widget.set_predicate(self._predicate)
            widget.set_plan(self._plan)
        return self.widget

    def _runner(self) -> Any:
        """The window's job runner: closing the window or restoring a backup stops its
        jobs, the network's among them. None: the widget runs its own."""
        from poa_desktop.ui.workers import JobRunner

        if isinstance(self._jobs, JobRunner):
            return self._jobs
        owner = self.parentWidget()  # up to the window (a floating dock is a window too)
        while owner is not None:
            jobs = getattr(owner, "jobs", None)
            if isinstance(jobs, JobRunner):
                return jobs
            owner = owner.parentWidget()
        return None

    @property
    def lens(self) -> str:
        return str(self.widget.lens) if self.widget is not None else "partners"

    def set_plan(self, plan_uuid: str | None) -> None:
        """Show this plan (read again when it is the same one)."""
        same = plan_uuid == self._plan
        self._plan = plan_uuid
        if self.widget is None:
            return
        if same:
            self.widget.refresh()
        else:
            self.widget.set_plan(plan_uuid)

    def set_predicate(self, predicate: Predicate | None) -> None:
        self._predicate = predicate
        if self.widget is not None:
            self.widget.set_predicate(predicate)

    def select_uuid(self, uuid: str | None) -> bool:
        return bool(self.widget.select_uuid(uuid)) if self.widget is not None else False


def pins_of(settings: Any, plan_uuid: str, lens: str) -> dict[str, Any]:
    """The node positions the user pinned in a lens (for the exported figure)."""
    from poa_desktop.ui.network.widget import parse_pins

    return parse_pins(settings.network_positions(plan_uuid, lens))
