"""The network view does its long work on a worker: the scene is filled only when the
worker's answer comes (``laidOut``), a refresh asked for meanwhile supersedes the one
running (its answer is never shown), closing stops the work, and a mid-size portfolio
(the bench's M) shows every node."""

from __future__ import annotations

import threading
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRectF

from poa_desktop.domain.network import DEPENDENCIES, PARTNERS
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.services.network_service import NetworkService
from poa_desktop.ui.network import NetworkWidget

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class GatedReader:
    """The network service, held at a gate: each ``snapshot`` reads the plan, notes the
    thread it runs on, then waits for the test to open the gate (giving up as soon as the
    widget says stop, as a real reader does between its steps)."""

    def __init__(self, service: NetworkService) -> None:
        self.service = service
        self.gate = threading.Event()
        self.threads: list[threading.Thread] = []
        self.calls = 0

    def snapshot(self, plan_uuid: str, *, check: Any = None) -> Any:
        self.calls += 1
        self.threads.append(threading.current_thread())
        snapshot = self.service.snapshot(plan_uuid, check=check)
        while not self.gate.wait(0.005):
            check()
        return snapshot


@pytest.fixture
def service(database) -> NetworkService:  # type: ignore[no-untyped-def]
    return NetworkService(database, today=lambda: date(2014, 6, 1))


@pytest.fixture
def reader(service: NetworkService) -> Any:
    gated = GatedReader(service)
    yield gated
    gated.gate.set()  # whatever a test left waiting may finish


def make_widget(qtbot, reader, settings) -> NetworkWidget:  # type: ignore[no-untyped-def]
    widget = NetworkWidget(reader, settings)
    qtbot.addWidget(widget, before_close_func=lambda _w: reader.gate.set())
    widget.resize(1366, 768)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


def labels(widget: NetworkWidget) -> set[str]:
    return {node.attrs["label"] for node in widget.view.network_scene.nodes.values()}


def test_the_plan_is_read_and_laid_out_on_a_worker(
    qtbot, reader, app_settings, shipped_plan
) -> None:  # type: ignore[no-untyped-def]
    widget = make_widget(qtbot, reader, app_settings)
    widget.set_plan(shipped_plan.uuid)
    qtbot.waitUntil(lambda: reader.calls == 1)
    # The GUI thread is free while the worker waits: the view says what it is doing.
    assert widget.busy and widget.snapshot is None
    assert widget.view.network_scene.nodes == {}
    assert widget.view._placeholder == "Laying out the network…"
    qtbot.waitUntil(widget.progress.isVisible)  # after a moment: progress and Cancel
    assert widget.cancel_button.isVisible()
    with qtbot.waitSignal(widget.laidOut):
        reader.gate.set()
    assert reader.threads[0] is not threading.main_thread()
    assert {"ISSA", "MOU-ISSA", "ECASSA"} <= labels(widget)
    assert not widget.busy and not widget.progress.isVisible()
    assert widget.view._placeholder == ""


def test_a_newer_refresh_wins_over_one_still_running(
    qtbot, reader, app_settings, shipped_plan, database
) -> None:  # type: ignore[no-untyped-def]
    reader.gate.set()
    widget = make_widget(qtbot, reader, app_settings)
    with qtbot.waitSignal(widget.laidOut):
        widget.set_plan(shipped_plan.uuid)
    reader.gate.clear()
    shown: list[bool] = []
    widget.laidOut.connect(lambda: shown.append("AUC" in labels(widget)))

    widget.refresh()  # read before the edit below; held at the gate
    qtbot.waitUntil(lambda: reader.calls == 2)
    builder = ChangeBuilder(database)
    PlanEditor(database).apply(
        builder.new_partner(shipped_plan.uuid, "African Union Commission", acronym="AUC")
    )
    widget.refresh()  # after the edit: supersedes the first
    assert "AUC" not in labels(widget)  # the previous picture stays meanwhile
    with qtbot.waitSignal(widget.laidOut, timeout=10_000):
        reader.gate.set()
    qtbot.waitUntil(lambda: not widget.busy)
    assert shown == [True]  # the stale answer was never shown
    assert reader.calls == 3


def test_cancel_keeps_the_picture_and_update_asks_again(
    qtbot, reader, app_settings, shipped_plan
) -> None:  # type: ignore[no-untyped-def]
    reader.gate.set()
    widget = make_widget(qtbot, reader, app_settings)
    with qtbot.waitSignal(widget.laidOut):
        widget.set_plan(shipped_plan.uuid)
    before = labels(widget)
    reader.gate.clear()
    widget.refresh()
    qtbot.waitUntil(widget.cancel_button.isVisible)
    with qtbot.waitSignal(widget.status) as said:
        widget.cancel_button.click()
    assert "not laid out again" in said.args[0]
    qtbot.waitUntil(lambda: not widget.busy)
    assert labels(widget) == before and widget.update_button.isVisible()
    reader.gate.set()
    with qtbot.waitSignal(widget.laidOut):
        widget.update_button.click()
    assert not widget.update_button.isVisible()


def test_closing_stops_the_work(qtbot, reader, app_settings, shipped_plan) -> None:  # type: ignore[no-untyped-def]
    widget = NetworkWidget(reader, app_settings)
    qtbot.addWidget(widget)
    widget.show()
    widget.set_plan(shipped_plan.uuid)
    qtbot.waitUntil(lambda: reader.calls == 1)
    widget.close()  # the reader is still held at the gate: it is told to stop
    assert widget.jobs.pool.activeThreadCount() == 0
    assert widget.snapshot is None


# --- a mid-size portfolio ---------------------------------------------------------------------


@pytest.fixture
def portfolio_m(tmp_path: Path):  # type: ignore[no-untyped-def]
    from poa_desktop.bench.portfolio import portfolio
    from poa_desktop.services.plan_import import import_document
    from poa_desktop.services.setup import open_database
    from poa_desktop.store.urls import url_for_path

    database = open_database(url_for_path(tmp_path / "m.sqlite"), seed=False).database
    plan = import_document(database, portfolio("M"))
    yield database, plan
    database.dispose()


def test_an_m_portfolio_shows_every_node(qtbot, portfolio_m, app_settings) -> None:  # type: ignore[no-untyped-def]
    database, plan = portfolio_m
    service = NetworkService(database, today=lambda: date(2015, 1, 1))
    widget = NetworkWidget(service, app_settings)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    with qtbot.waitExposed(widget):
        widget.show()
    with qtbot.waitSignal(widget.laidOut, timeout=60_000):
        widget.set_plan(plan.uuid)
    snapshot = widget.snapshot
    for lens in (PARTNERS, DEPENDENCIES):
        widget.set_lens(lens)
        graph = snapshot.lens(lens).graph
        scene = widget.view.network_scene
        assert set(scene.nodes) == set(graph)
        assert len(scene.edges) == graph.number_of_edges()
        assert all(node.isVisible() for node in scene.nodes.values())
        rect = scene.sceneRect()
        assert all(rect.contains(node.pos()) for node in scene.nodes.values())
        widget.view.fit()
        widget.view.relabel()
        view = widget.view
        shown: list[QRectF] = [
            node.label.deviceTransform(view.viewportTransform()).mapRect(node.label.boundingRect())
            for node in scene.nodes.values()
            if node.has_label and node.label.isVisible()
        ]
        assert shown, lens  # some labels fit at fit-all
        assert not any(a.intersects(b) for a, b in combinations(shown, 2))
