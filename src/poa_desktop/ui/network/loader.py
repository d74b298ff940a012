"""Reading and laying out the network off the GUI thread.

On a large portfolio reading both lenses, answering the metrics panel's questions and
laying the lenses out takes seconds; the GUI thread only builds the scene from the result.
``prepare`` is that work, in plain Python (no widget is touched); ``NetworkLoader`` runs it
as a quiet job of a ``JobRunner`` (the window's, so closing the window or restoring a
backup stops it like any other job) and hands the result back on the GUI thread.

A newer request supersedes an older one: the running job is told to stop at its next
step, its result is dropped, and only the newest request is run next; a request waiting
to start is simply replaced. So after an edit the view never shows what was laid out
before it.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from poa_desktop.domain.errors import NotFoundError
from poa_desktop.domain.network import DEPENDENCIES, LENSES, PARTNERS
from poa_desktop.domain.network_layout import Layout, Point, dependency_layout, partner_layout
from poa_desktop.domain.network_metrics import node_sizes
from poa_desktop.ui.network.style import tr
from poa_desktop.ui.workers import Job, JobContext, JobRunner

Positions = Mapping[str, Point]


@dataclass(frozen=True, slots=True)
class Request:
    """What to prepare: read the plan again (``read``) or reuse ``snapshot``; lay out the
    lenses in ``relayout`` (all of them after a read); size the nodes by ``metric``.
    ``shown``: where each lens's nodes stand now (kept, new ones placed among them; empty
    for a lens laid out afresh); ``pins``: the positions the user pinned."""

    generation: int
    plan: str
    read: bool
    snapshot: Any = None
    relayout: frozenset[str] = frozenset()
    shown: Mapping[str, Positions] = field(default_factory=dict)
    pins: Mapping[str, Positions] = field(default_factory=dict)
    metric: str = "degree"


@dataclass(frozen=True, slots=True)
class Prepared:
    """The answer to a request: the snapshot, the layouts made and the node sizes of
    both lenses by ``metric``; ``missing`` says why there is nothing (the plan is gone)."""

    generation: int
    read: bool
    snapshot: Any = None
    layouts: Mapping[str, Layout] = field(default_factory=dict)
    sizes: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    metric: str = "degree"
    missing: str = ""


class Superseded(Exception):
    """A newer request came: the work stops (not an error)."""


Check = Callable[[], None]


def prepare(
    reader: Any,
    request: Request,
    check: Check = lambda: None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> Prepared:
    """Do ``request`` (on any thread): ``check`` raises to stop between steps."""
    snapshot = request.snapshot
    if request.read:
        progress(0, 4)
        try:
            snapshot = read_snapshot(reader, request.plan, check)
        except NotFoundError as error:  # the plan was deleted under us
            return Prepared(request.generation, True, missing=str(error))
    progress(2, 4)
    layouts = {}
    for lens in LENSES if request.read else sorted(request.relayout):
        check()
        graph = snapshot.lens(lens).graph
        layouts[lens] = lay_out(
            lens, graph, request.shown.get(lens, {}), request.pins.get(lens, {})
        )
    progress(3, 4)
    sizes = {}
    for lens in LENSES:
        check()
        known = snapshot.metrics.betweenness if lens == PARTNERS else None
        sizes[lens] = node_sizes(snapshot.lens(lens).graph, request.metric, known, check)
    progress(4, 4)
    return Prepared(request.generation, request.read, snapshot, layouts, sizes, request.metric)


def read_snapshot(reader: Any, plan: str, check: Check) -> Any:
    """``reader.snapshot(plan)``, stoppable between its steps when the reader takes a
    ``check`` (``NetworkService`` does)."""
    if "check" in inspect.signature(reader.snapshot).parameters:
        return reader.snapshot(plan, check=check)
    check()
    return reader.snapshot(plan)


def lay_out(lens: str, graph: Any, shown: Positions, pins: Positions) -> Layout:
    """The lens's layout: pins win; in the partners lens the nodes shown stay put and new
    ones are placed among them (the force layout runs only when there are new ones)."""
    pins = {key: point for key, point in pins.items() if key in graph}
    if lens == DEPENDENCIES:
        return dependency_layout(graph, pins)
    shown = {key: point for key, point in shown.items() if key in graph}
    if shown and len(shown) == len(graph):
        return Layout({**shown, **pins})
    return partner_layout(graph, {**shown, **pins})


class NetworkLoader(QObject):
    """Runs ``prepare`` for the newest request, one at a time, on ``jobs``'s worker."""

    #: The newest request is ready: a ``Prepared`` (on the GUI thread).
    ready = Signal(object)
    #: Work started (True) or everything asked is done or dropped (False).
    busyChanged = Signal(bool)
    #: (done, total) steps of the running work.
    progressed = Signal(int, int)

    def __init__(self, reader: Any, jobs: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader = reader
        self._jobs = jobs
        self._waiting: Request | None = None
        self._job: Job | None = None
        self._stop = threading.Event()

    @property
    def busy(self) -> bool:
        return self._job is not None or self._waiting is not None

    def request(self, request: Request) -> None:
        """Prepare ``request`` as soon as the worker is free; what runs now is stopped."""
        self._waiting = request
        if self._job is not None:
            self._stop.set()
            return
        self._start()

    def cancel(self) -> None:
        """Drop what waits and stop what runs; nothing more is handed back."""
        self._waiting = None
        self._stop.set()
        if self._job is None:
            self.busyChanged.emit(False)

    def _start(self) -> None:
        request, self._waiting = self._waiting, None
        if request is None:
            return
        stop = self._stop = threading.Event()
        reader = self._reader

        def work(job: JobContext) -> Prepared | None:  # on the worker thread
            def check() -> None:
                if stop.is_set():
                    raise Superseded
                job.check()  # the window is closing: Cancelled

            try:
                return prepare(reader, request, check, job.progress)
            except Superseded:
                return None

        def done(result: Prepared | None) -> None:  # on the GUI thread
            if result is not None and not stop.is_set() and self._waiting is None:
                self.ready.emit(result)

        job = self._jobs.run(tr("Laying out the network"), work, done, quiet=True)
        if not job.running:  # the runner is closed (the window closes, a restore runs)
            self.busyChanged.emit(False)
            return
        self._job = job
        job.ended.connect(self._ended)
        job.relay.progressed.connect(self.progressed)
        self.busyChanged.emit(True)

    def _ended(self, _outcome: str) -> None:
        self._job = None
        if self._waiting is not None:
            self._start()
        else:
            self.busyChanged.emit(False)
