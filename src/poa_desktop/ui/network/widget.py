"""The network as one widget: lens and size choices and zoom buttons over the view, and
the metrics panel beside it.

The window creates it with the network service and the settings, calls ``set_plan`` and,
after every change, ``refresh``; it hands over the filter bar's test with
``set_predicate`` and shows what the user picks elsewhere with ``select_uuid``. Clicking a
node says ``itemSelected`` (activities, means of action, key outputs, milestones),
``partnerSelected`` or ``mouSelected`` with the record's uuid, so the window can select it
everywhere and open it in the editor. Dragging a node pins it; pins are kept per plan and
lens in the settings.

Reading the plan, the metrics and the layouts run on a worker (``loader``): the view keeps
showing the previous picture (or "Laying out the network…") meanwhile, with a progress bar
and a Cancel button when it takes a while, and ``laidOut`` says when the scene shows the
newest request. A refresh asked for while one runs supersedes it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.domain.network import COMPONENT, DEPENDENCIES, LENSES, MOU, PARTNER, PARTNERS
from poa_desktop.domain.network_layout import Layout, Point
from poa_desktop.domain.network_metrics import node_sizes
from poa_desktop.ui.network.loader import NetworkLoader, Prepared, Request
from poa_desktop.ui.network.metrics_panel import MetricsPanel
from poa_desktop.ui.network.scene import NetworkScene
from poa_desktop.ui.network.style import tr
from poa_desktop.ui.network.view import NetworkView
from poa_desktop.ui.workers import JobRunner

Predicate = Callable[[object], bool]
ITEM_KINDS = frozenset({"activity", "means", "output", "milestone"})
#: Up to this many nodes a lens's betweenness is computed on the GUI thread when the
#: size metric changes (the shipped plan: ~70); above, on the worker.
QUICK_BETWEENNESS = 400
#: How long the work runs before its progress bar and Cancel button show (ms).
SHOW_BUSY_AFTER_MS = 300


class NetworkReader(Protocol):
    """What the widget reads (``NetworkService`` satisfies it): a ``NetworkSnapshot``.
    It is called on a worker thread; when it takes a ``check`` keyword, it is handed a
    function to call between its steps, which raises to stop it."""

    def snapshot(self, plan_uuid: str) -> Any: ...


class PositionStore(Protocol):
    """Where pins are kept (``AppSettings`` satisfies it)."""

    def network_positions(self, plan_uuid: str, lens: str) -> str: ...

    def set_network_positions(self, plan_uuid: str, lens: str, value: str) -> None: ...


def parse_pins(text: str) -> dict[str, Point]:
    """Pinned positions from their JSON text; anything malformed is ignored."""
    try:
        raw = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    pins: dict[str, Point] = {}
    for key, value in raw.items():
        if (
            isinstance(key, str)
            and isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int | float) and math.isfinite(v) for v in value)
        ):
            pins[key] = (float(value[0]), float(value[1]))
    return pins


class NetworkWidget(QWidget):
    #: An activity, means of action, key output or milestone was clicked: its uuid.
    itemSelected = Signal(str)
    #: A partner was clicked: its uuid.
    partnerSelected = Signal(str)
    #: An MOU was clicked: its uuid.
    mouSelected = Signal(str)
    #: A line for the status bar.
    status = Signal(str)
    #: The scene shows the newest request (or the plan is gone): the work is done.
    laidOut = Signal()

    def __init__(
        self,
        service: NetworkReader,
        settings: PositionStore,
        parent: QWidget | None = None,
        jobs: JobRunner | None = None,
    ) -> None:
        """``jobs``: the window's job runner (its worker thread, stopped when the window
        closes); without one the widget runs its own, stopped when it is closed."""
        super().__init__(parent)
        self.setObjectName("networkWidget")
        self._service = service
        self._settings = settings
        self._plan: str | None = None
        self._snapshot: Any = None
        self._predicate: Predicate | None = None
        self._dirty: set[str] = set(LENSES)
        self._fitted: set[str] = set()
        #: The layouts of the shown snapshot (made on the worker), and the node sizes.
        self._layouts: dict[str, Layout] = {}
        self._sizes: dict[str, dict[str, float]] = {}
        self._sizes_metric = ""
        #: Asked for and not yet shown: a new read, lenses laid out afresh.
        self._generation = 0
        self._want_read = False
        self._fresh: set[str] = set()
        self._own_jobs = jobs is None
        self.jobs = (
            jobs if jobs is not None else JobRunner(self, self.status.emit, self.status.emit)
        )
        self.loader = NetworkLoader(service, self.jobs, self)
        self.loader.ready.connect(self._laid_out)
        self.loader.busyChanged.connect(self._busy_changed)
        self.loader.progressed.connect(self._progressed)
        self._show_busy = QTimer(self)
        self._show_busy.setSingleShot(True)
        self._show_busy.setInterval(SHOW_BUSY_AFTER_MS)
        self._show_busy.timeout.connect(self._reveal_busy)
        self.scenes = {lens: NetworkScene(lens, self) for lens in LENSES}
        self.view = NetworkView(self.scenes[LENSES[0]])
        self.metrics = MetricsPanel()

        self.lens_combo = QComboBox()
        self.lens_combo.setObjectName("networkLens")
        self.lens_combo.addItem(tr("Partners & MOUs"), LENSES[0])
        self.lens_combo.addItem(tr("Output dependencies"), DEPENDENCIES)
        self.size_combo = QComboBox()
        self.size_combo.setObjectName("networkSizeMetric")
        self.size_combo.addItem(tr("Links (degree)"), "degree")
        self.size_combo.addItem(tr("Brokerage (betweenness)"), "betweenness")
        self.size_combo.addItem(tr("Same size"), "none")
        lens_label = QLabel(tr("&Lens:"))
        lens_label.setBuddy(self.lens_combo)
        size_label = QLabel(tr("Node &size:"))
        size_label.setBuddy(self.size_combo)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 4, 4, 2)
        bar.addWidget(lens_label)
        bar.addWidget(self.lens_combo)
        bar.addSpacing(12)
        bar.addWidget(size_label)
        bar.addWidget(self.size_combo)
        bar.addSpacing(12)
        for name, action in (
            ("networkZoomIn", self.view.zoom_in_action),
            ("networkZoomOut", self.view.zoom_out_action),
            ("networkFit", self.view.fit_action),
        ):
            button = QToolButton()
            button.setObjectName(name)
            button.setDefaultAction(action)
            bar.addWidget(button)
        self.unpin_button = QToolButton()
        self.unpin_button.setObjectName("networkUnpin")
        self.unpin_button.setText(tr("Unpin all"))
        self.unpin_button.setToolTip(tr("Forget the positions of the nodes you dragged"))
        self.unpin_button.clicked.connect(self.unpin_all)
        bar.addWidget(self.unpin_button)
        bar.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("networkSummary")
        bar.addWidget(self.summary)
        self.progress = QProgressBar()
        self.progress.setObjectName("networkProgress")
        self.progress.setFormat(tr("Laying out…"))
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName(tr("Laying out the network"))
        self.progress.hide()
        bar.addWidget(self.progress)
        self.cancel_button = QToolButton()
        self.cancel_button.setObjectName("networkCancel")
        self.cancel_button.setText(tr("Cancel"))
        self.cancel_button.setToolTip(tr("Stop laying out; the view keeps what it shows"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        bar.addWidget(self.cancel_button)
        self.update_button = QToolButton()
        self.update_button.setObjectName("networkUpdate")
        self.update_button.setText(tr("Update"))
        self.update_button.setToolTip(tr("Read the plan again and lay the network out"))
        self.update_button.clicked.connect(self.refresh)
        self.update_button.hide()
        bar.addWidget(self.update_button)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("networkSplitter")
        splitter.addWidget(self.view)
        splitter.addWidget(self.metrics)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.lens_combo.currentIndexChanged.connect(lambda _index: self._show_lens())
        self.size_combo.currentIndexChanged.connect(lambda _index: self._apply_sizes())
        self.view.nodeClicked.connect(self._clicked)
        self.view.nodeDragged.connect(self._dragged)
        self.view.backgroundClicked.connect(lambda: self.view.network_scene.select_key(None))
        self.metrics.nodeActivated.connect(self._activated)

    # --- what the window calls ---------------------------------------------------------------

    @property
    def lens(self) -> str:
        return str(self.lens_combo.currentData())

    def set_lens(self, lens: str) -> None:
        """Show this lens (built now from the layout the worker made)."""
        self.lens_combo.setCurrentIndex(self.lens_combo.findData(lens))

    @property
    def snapshot(self) -> Any:
        return self._snapshot

    @property
    def busy(self) -> bool:
        """Work asked for is running or waiting (the view shows the previous picture)."""
        return self.loader.busy

    def set_plan(self, plan_uuid: str | None) -> None:
        """Show another plan (None: nothing); positions start afresh."""
        if plan_uuid == self._plan:
            return
        self._plan = plan_uuid
        self._snapshot = None
        self._layouts, self._sizes = {}, {}
        for scene in self.scenes.values():
            scene.clear_network()
            scene.view_centre = None
        self._fitted.clear()
        self._fresh.clear()
        self.metrics.clear_metrics()
        self.summary.clear()
        self.refresh()

    def refresh(self) -> None:
        """Read the plan again (on the worker); nodes stay where they are, new ones are
        placed among them. ``laidOut`` says when the view shows it."""
        if self._plan is None:
            self._generation += 1
            self._want_read = False
            self.loader.cancel()
            self._snapshot = None
            for scene in self.scenes.values():
                scene.clear_network()
            self.metrics.clear_metrics()
            self.summary.clear()
            return
        self._want_read = True
        self._request()

    def cancel(self) -> None:
        """Stop the work asked for; the view keeps what it shows (Update asks again)."""
        if not self.loader.busy:
            return
        self._generation += 1
        self.loader.cancel()
        self.update_button.setVisible(self._want_read or bool(self._fresh))
        self.status.emit(tr("The network was not laid out again; it shows the plan as before."))

    def shutdown(self) -> None:
        """Stop the work and, when the widget runs its own worker, wait for it."""
        self._generation += 1
        self.loader.cancel()
        if self._own_jobs:
            self.jobs.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def set_predicate(self, predicate: Predicate | None) -> None:
        """Show only the nodes whose record passes (components always show)."""
        self._predicate = predicate
        if self._snapshot is None:
            return
        for lens, scene in self.scenes.items():
            if lens not in self._dirty:
                scene.set_hidden(self._hidden(lens))
        self.view.relabel()
        # The filter bar says what the filter keeps; the status bar is left to the view the
        # user is looking at (a docked view behind another's tab still counts as visible).
        self._report(say=False)

    def select_uuid(self, uuid: str | None) -> bool:
        """Show the node of this record selected (no signal); False when not in this lens."""
        scene = self.view.network_scene
        node = scene.node_for_uuid(uuid) if uuid else None
        scene.select_key(node.key if node is not None else None)
        if node is not None and node.isVisible():
            self.view.ensureVisible(node, 80, 80)
        return node is not None

    def unpin_all(self) -> None:
        """Forget the pins of the lens shown and lay it out afresh (on the worker)."""
        if self._plan is None:
            return
        self._settings.set_network_positions(self._plan, self.lens, "{}")
        self._fresh.add(self.lens)
        self._request()
        self.status.emit(tr("Every node is back where the layout puts it."))

    # --- the work on the worker --------------------------------------------------------------

    def _request(self) -> None:
        """Ask the worker for everything wanted and not yet shown (a newer request
        supersedes the one running: it is dropped)."""
        if self._plan is None or (not self._want_read and self._snapshot is None):
            return
        self._generation += 1
        self.update_button.hide()
        shown = {PARTNERS: {} if PARTNERS in self._fresh else self.scenes[PARTNERS].positions()}
        self.loader.request(
            Request(
                self._generation,
                self._plan,
                self._want_read,
                self._snapshot,
                frozenset(self._fresh),
                shown,
                {lens: self.pins(lens) for lens in LENSES},
                self.metric,
            )
        )

    def _laid_out(self, prepared: Prepared) -> None:
        """The worker's answer: shown when it answers the newest request."""
        if prepared.generation != self._generation:
            return  # a newer request is on its way
        if prepared.missing:  # the plan was deleted under us
            self._plan = None
            self.refresh()
            self.status.emit(prepared.missing)
            self.laidOut.emit()
            return
        for lens in self._fresh & set(prepared.layouts):
            self.scenes[lens].clear_network()  # laid out afresh: new items, fitted again
            self._fitted.discard(lens)
        self._fresh -= set(prepared.layouts)
        if prepared.read:
            self._want_read = False
            self._snapshot = prepared.snapshot
            self._layouts = dict(prepared.layouts)
            self._dirty = set(LENSES)
            self.metrics.set_metrics(self._snapshot.metrics, self._snapshot.partners.graph)
        else:
            self._layouts.update(prepared.layouts)
            self._dirty |= set(prepared.layouts)
        self._sizes, self._sizes_metric = dict(prepared.sizes), prepared.metric
        if prepared.metric == self.metric:
            for lens, scene in self.scenes.items():
                if lens not in self._dirty:
                    scene.set_sizes(self._sizes[lens])
        self._show_lens()
        self.laidOut.emit()

    def _busy_changed(self, busy: bool) -> None:
        self.view.set_placeholder(tr("Laying out the network…") if busy else "")
        if busy:
            if not self._show_busy.isActive() and not self.progress.isVisible():
                self._show_busy.start()
            return
        self._show_busy.stop()
        self.progress.hide()
        self.cancel_button.hide()

    def _reveal_busy(self) -> None:
        if self.loader.busy:
            self.progress.show()
            self.cancel_button.show()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))

    # --- lenses ------------------------------------------------------------------------------

    @property
    def metric(self) -> str:
        return str(self.size_combo.currentData())

    def pins(self, lens: str) -> dict[str, Point]:
        if self._plan is None:
            return {}
        return parse_pins(self._settings.network_positions(self._plan, lens))

    def _show_lens(self) -> None:
        lens = self.lens
        scene = self.scenes[lens]
        if self._snapshot is not None and lens in self._dirty:
            self._update_scene(lens)
        self.view.show_scene(scene)
        if self._snapshot is not None and lens not in self._fitted and scene.nodes:
            self._fitted.add(lens)
            self.view.fit()
        self.view.relabel()
        self._report()

    def _update_scene(self, lens: str) -> None:
        """Build the lens's scene from the worker's layout (pins made since win)."""
        layout = self._layouts.get(lens)
        if layout is None:
            return
        network = self._snapshot.lens(lens)
        pins = {key: point for key, point in self.pins(lens).items() if key in network.graph}
        if pins:
            layout = Layout({**layout.positions, **pins}, layout.bands, layout.ticks)
        scene = self.scenes[lens]
        scene.set_network(
            network, layout, shares=self._shares(lens, self.metric), hidden=self._hidden(lens)
        )
        self._dirty.discard(lens)

    def _shares(self, lens: str, metric: str) -> dict[str, float] | None:
        """The node sizes by ``metric``, when known or quick to know (None: the worker
        computes them)."""
        if self._sizes_metric == metric and lens in self._sizes:
            return self._sizes[lens]
        graph = self._snapshot.lens(lens).graph
        if metric != "betweenness":
            return node_sizes(graph, metric)
        if lens == PARTNERS:
            return node_sizes(graph, metric, self._snapshot.metrics.betweenness)
        if len(graph) <= QUICK_BETWEENNESS:
            return node_sizes(graph, metric)
        return None

    def _hidden(self, lens: str) -> set[str]:
        predicate = self._predicate
        if predicate is None or self._snapshot is None:
            return set()
        network = self._snapshot.lens(lens)
        return {
            key
            for key, record in network.records.items()
            if network.graph.nodes[key]["kind"] != COMPONENT and not predicate(record)
        }

    def _apply_sizes(self) -> None:
        if self._snapshot is None:
            return
        metric, missing = self.metric, False
        for lens, scene in self.scenes.items():
            if lens in self._dirty:
                continue
            shares = self._shares(lens, metric)
            if shares is None:
                missing = True
            else:
                scene.set_sizes(shares)
        self.view.relabel()
        if missing:  # betweenness of a large lens: on the worker
            self._request()

    def _report(self, *, say: bool = True) -> None:
        """The summary above the view; with ``say``, on the status bar too."""
        snapshot = self._snapshot
        if snapshot is None:
            self.summary.clear()
            return
        graph = snapshot.lens(self.lens).graph
        kinds = [kind for _, kind in graph.nodes(data="kind")]
        hidden = len(self.view.network_scene.hidden)
        if self.lens == DEPENDENCIES:
            links = sum(1 for *_, t in graph.edges(data="dependency_type") if t != "delivers")
            chain = len(snapshot.metrics.longest_chain)
            text = tr("{items} items · {links} dependencies · longest chain {chain} links").format(
                items=len(kinds), links=links, chain=max(chain - 1, 0)
            )
        else:
            text = tr(
                "{partners} partners · {mous} MOUs ({overdue} overdue) · {outputs} key outputs"
            ).format(
                partners=kinds.count(PARTNER),
                mous=kinds.count(MOU),
                overdue=len(snapshot.metrics.overdue_mous),
                outputs=kinds.count("output"),
            )
        if hidden:
            text += " · " + tr("{count} hidden by the filter").format(count=hidden)
        self.summary.setText(text)
        if say:
            self.status.emit(text)

    # --- gestures ----------------------------------------------------------------------------

    def _clicked(self, key: str) -> None:
        scene = self.view.network_scene
        node = scene.select_key(key)
        if node is None:
            return
        self.status.emit(f"{node.attrs['label']} — {node.attrs['title']}")
        if node.kind == PARTNER:
            self.partnerSelected.emit(node.uuid)
        elif node.kind == MOU:
            self.mouSelected.emit(node.uuid)
        elif node.kind in ITEM_KINDS:
            self.itemSelected.emit(node.uuid)

    def _dragged(self, key: str, x: float, y: float) -> None:
        if self._plan is None:
            return
        scene = self.view.network_scene
        pins = self.pins(scene.lens)
        pins[key] = scene.to_units(QPointF(x, y))
        text = json.dumps({k: [round(p[0], 3), round(p[1], 3)] for k, p in sorted(pins.items())})
        self._settings.set_network_positions(self._plan, scene.lens, text)
        scene.grow_scene_rect()
        self.view.relabel()
        node = scene.nodes.get(key)
        if node is not None:
            self.status.emit(tr("Pinned {label}.").format(label=node.attrs["label"]))

    def _activated(self, lens: str, key: str) -> None:
        if lens and lens != self.lens:
            self.set_lens(lens)
        node = self.view.network_scene.nodes.get(key)
        if node is None:
            return
        if not node.isVisible():
            self.status.emit(
                tr("{label} is hidden by the filter.").format(label=node.attrs["label"])
            )
            return
        self.view.centerOn(node)
        self._clicked(key)
