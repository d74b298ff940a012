"""The network view in the real window: built when first shown, a click on a node selects
the record everywhere (an item in the tree, the chart and the editor; a partner or an MOU
in its register), the filter bar applies to it, and an edit shows in it.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from ui_driver import Services, open_window

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
)


@pytest.fixture
def services(database) -> Services:
    return Services.over(database)


@pytest.fixture
def window(qtbot, services, app_settings):
    return open_window(qtbot, services, app_settings)


def network(qtbot, window):  # type: ignore[no-untyped-def]
    host = window.show_view("network")
    widget = host.widget
    if widget.busy:  # laid out on the window's worker: wait for its answer
        with qtbot.waitSignal(widget.laidOut, timeout=10_000):
            pass
    assert widget.snapshot is not None
    qtbot.waitUntil(lambda: not widget.view._relabel.isActive())
    return widget


def click_node(qtbot, widget, label: str) -> None:  # type: ignore[no-untyped-def]
    node = next(n for n in widget.view.network_scene.nodes.values() if n.attrs["label"] == label)
    widget.view.centerOn(node)
    point: QPoint = widget.view.mapFromScene(node.pos())
    qtbot.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_the_network_is_built_only_when_its_dock_is_first_shown(window, qtbot) -> None:
    host = window.views["network"]
    assert host.widget is None
    for name in ("outputs", "partners", "mous", "dependencies", "mandates", "indicators"):
        assert name not in window.views  # hidden tabs: nothing built yet
        placeholder = window.dock(name).widget()
        assert isinstance(placeholder, QWidget) and placeholder.objectName().endswith("Placeholder")
    widget = network(qtbot, window)
    assert host.widget is widget and widget.isVisible()
    assert window.active_view == "network"
    # The plan is read and laid out on the window's worker, which closing the window stops.
    assert widget.jobs is window.jobs


def test_clicking_an_item_opens_it_in_the_tree_chart_and_editor(window, qtbot, services) -> None:
    widget = network(qtbot, window)
    click_node(qtbot, widget, "KO17")
    ko17 = services.item("KO17").uuid
    assert window.active_view == "plan"
    assert window.plan_view.current()[0] == ko17
    assert window.chart.scene.selected == ko17
    qtbot.waitUntil(lambda: window.detail_pane.fields.widget("code").text() == "KO17")
    assert window.detail_pane.isVisible()


def test_clicking_a_partner_or_an_mou_shows_its_register_row(window, qtbot, services) -> None:
    plan = services.plan()
    widget = network(qtbot, window)
    click_node(qtbot, widget, "ISSA")
    assert window.active_view == "partners"
    issa = next(p for p in services.registers.partners(plan.uuid) if p.code == "ISSA")
    assert window.views["partners"].selected_uuid() == issa.uuid

    widget = network(qtbot, window)
    click_node(qtbot, widget, "MOU-ISSA")
    assert window.active_view == "mous"
    mou = next(m for m in services.registers.mous(plan.uuid) if m.code == "MOU-ISSA")
    assert window.views["mous"].selected_uuid() == mou.uuid


def test_the_filter_bar_applies_to_the_network(window, qtbot) -> None:
    widget = network(qtbot, window)
    assert not widget.view.network_scene.hidden
    bar = window.filters.bar
    qtbot.keyClicks(bar.search_field, "ISSA")
    qtbot.waitUntil(lambda: bool(widget.view.network_scene.hidden), timeout=5000)
    shown = {
        node.attrs["label"]
        for key, node in widget.view.network_scene.nodes.items()
        if key not in widget.view.network_scene.hidden
    }
    assert "ISSA" in shown and "ILO-STAT" not in shown
    assert "hidden by the filter" in widget.summary.text()


def test_an_edit_shows_in_the_network(window, qtbot, services) -> None:
    widget = network(qtbot, window)
    plan = services.plan()
    change = services.builder.new_partner(plan.uuid, "African Union Commission", acronym="AUC")
    with qtbot.waitSignal(widget.laidOut, timeout=10_000):
        assert window.session.submit(change)
    assert any(n.attrs["label"] == "AUC" for n in widget.view.network_scene.nodes.values())
    with qtbot.waitSignal(widget.laidOut, timeout=10_000):
        window.session.undo()
    assert all(n.attrs["label"] != "AUC" for n in widget.view.network_scene.nodes.values())
