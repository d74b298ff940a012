"""The network view driven like a user on the shipped plan: click to select, drag to pin,
switch lenses, zoom; the metrics panel; refresh after an edit; the filter."""

from __future__ import annotations

import json
from datetime import date
from itertools import combinations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt

from poa_desktop.domain.enums import PartnerRoleKind
from poa_desktop.domain.filters import FilterCriteria
from poa_desktop.domain.network import DEPENDENCIES, PARTNERS, network_predicate
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.services.network_service import NetworkService
from poa_desktop.services.register_service import RegisterService
from poa_desktop.ui.network import NetworkWidget
from poa_desktop.ui.network.items import NodeItem
from poa_desktop.ui.network.metrics_panel import MetricRow
from poa_desktop.ui.roles import RecordRole

#: The offscreen platform says so whenever a top-level window is shown; it is harmless.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def service(database):  # type: ignore[no-untyped-def]
    return NetworkService(database, today=lambda: date(2014, 6, 1))


@pytest.fixture
def widget(qtbot, service, app_settings, shipped_plan):  # type: ignore[no-untyped-def]
    shown = make_widget(qtbot, service, app_settings)
    show_plan(qtbot, shown, shipped_plan.uuid)
    settle(qtbot, shown)
    return shown


def show_plan(qtbot, shown: NetworkWidget, plan: str) -> None:  # type: ignore[no-untyped-def]
    """Show the plan and wait until it is laid out (on the worker)."""
    with qtbot.waitSignal(shown.laidOut, timeout=10_000):
        shown.set_plan(plan)


def make_widget(qtbot, service, settings) -> NetworkWidget:  # type: ignore[no-untyped-def]
    created = NetworkWidget(service, settings)
    qtbot.addWidget(created)
    created.resize(1366, 768)
    with qtbot.waitExposed(created):
        created.show()
    return created


def settle(qtbot, shown: NetworkWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not shown.view._relabel.isActive())
    shown.view.relabel()


def node(shown: NetworkWidget, label: str) -> NodeItem:
    return next(n for n in shown.view.network_scene.nodes.values() if n.attrs["label"] == label)


def point_of(shown: NetworkWidget, item: NodeItem) -> QPoint:
    return shown.view.mapFromScene(item.pos())


def uuid_of_partner(database, plan, code: str) -> str:  # type: ignore[no-untyped-def]
    return next(p.uuid for p in RegisterService(database).partners(plan.uuid) if p.code == code)


def label_rects(shown: NetworkWidget) -> dict[str, QRectF]:
    view = shown.view
    return {
        n.attrs["label"]: n.label.deviceTransform(view.viewportTransform()).mapRect(
            n.label.boundingRect()
        )
        for n in view.network_scene.nodes.values()
        if n.label.isVisible()
    }


def test_clicking_nodes_says_which_record_to_select(qtbot, widget, database, shipped_plan) -> None:
    viewport = widget.view.viewport()
    issa = node(widget, "ISSA")
    with qtbot.waitSignal(widget.partnerSelected) as picked:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point_of(widget, issa))
    assert picked.args == [uuid_of_partner(database, shipped_plan, "ISSA")]
    assert issa.isSelected()
    mou = node(widget, "MOU-ISSA")
    with qtbot.waitSignal(widget.mouSelected) as picked:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point_of(widget, mou))
    mous = RegisterService(database).mous(shipped_plan.uuid)
    assert picked.args == [next(m.uuid for m in mous if m.code == "MOU-ISSA")]
    output = node(widget, "KO17")
    with qtbot.waitSignal(widget.itemSelected) as picked:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point_of(widget, output))
    outline = widget.snapshot.partners.records
    assert picked.args == [outline[output.key].uuid] and outline[output.key].code == "KO17"


def test_the_dependencies_lens_selects_items(qtbot, widget) -> None:
    widget.set_lens(DEPENDENCIES)
    settle(qtbot, widget)
    assert widget.view.network_scene is widget.scenes[DEPENDENCIES]
    assert widget.view.network_scene.bands  # components as bands
    item = node(widget, "I.3(i)")
    with qtbot.waitSignal(widget.itemSelected) as picked:
        qtbot.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=point_of(widget, item))  # fmt: skip
    assert picked.args == [item.uuid]
    edges = widget.view.network_scene.edges.values()
    assert all(e.source.pos().x() < e.target.pos().x() for e in edges)  # never backwards
    rects = label_rects(widget)
    assert {"KO3", "KO11", "MS-TME-2015", "I.3(i)"} <= set(rects)
    assert not any(a.intersects(b) for a, b in combinations(rects.values(), 2))
    widget.set_lens(PARTNERS)
    assert widget.view.network_scene is widget.scenes[PARTNERS]


def test_dragging_a_node_pins_it_and_the_pin_is_kept(
    qtbot, widget, service, app_settings, shipped_plan
) -> None:
    viewport = widget.view.viewport()
    issa = node(widget, "ISSA")
    before = QPointF(issa.pos())
    start = point_of(widget, issa)
    end = start + QPoint(70, 45)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(10, 5))
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    moved = issa.pos() - before
    assert moved.x() > 0 and moved.y() > 0
    saved = json.loads(app_settings.network_positions(shipped_plan.uuid, PARTNERS))
    scene = widget.view.network_scene
    assert saved[issa.key] == pytest.approx(list(scene.to_units(issa.pos())), abs=1e-3)
    again = make_widget(qtbot, service, app_settings)  # a new session of the window
    show_plan(qtbot, again, shipped_plan.uuid)
    assert node(again, "ISSA").pos().x() == pytest.approx(issa.pos().x(), abs=0.5)
    assert node(again, "ISSA").pos().y() == pytest.approx(issa.pos().y(), abs=0.5)
    again.unpin_all()
    assert app_settings.network_positions(shipped_plan.uuid, PARTNERS) == "{}"


def test_escape_puts_a_dragged_node_back(qtbot, widget, app_settings, shipped_plan) -> None:
    viewport = widget.view.viewport()
    issa = node(widget, "ISSA")
    before = QPointF(issa.pos())
    start = point_of(widget, issa)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(60, 0))
    qtbot.keyClick(widget.view, Qt.Key.Key_Escape)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(60, 0))
    assert issa.pos() == before
    assert app_settings.network_positions(shipped_plan.uuid, PARTNERS) == "{}"


def test_the_shipped_partners_are_all_labelled_without_overlap(qtbot, widget) -> None:
    rects = label_rects(widget)
    for name in ("ISSA", "ECASSA", "CIPRESS", "CIESS", "MOU-ISSA", "MOU-SPF-IA", "MOU-ECASSA",
                 "MOU-CIPRESS", "MOU-CIESS", "SEC/SOC"):  # fmt: skip
        assert name in rects, name
    assert not any(a.intersects(b) for a, b in combinations(rects.values(), 2))
    assert "International Social Security Association" in node(widget, "ISSA").toolTip()


def test_zooming_out_thins_the_labels_and_zooming_in_brings_them_back(qtbot, widget) -> None:
    shown = len(label_rects(widget))
    for _ in range(4):
        widget.view.zoom_out_action.trigger()
    widget.view.relabel()
    fewer = label_rects(widget)
    assert 0 < len(fewer) < shown
    assert "MOU-ISSA" in fewer or "ISSA" in fewer  # the important ones stay longest
    assert not any(a.intersects(b) for a, b in combinations(fewer.values(), 2))
    widget.view.fit_action.trigger()
    widget.view.relabel()
    assert len(label_rects(widget)) == shown


def wheel(widget: NetworkWidget, at: QPointF, notches: int, modifiers) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    viewport = widget.view.viewport()
    event = QWheelEvent(at, QPointF(viewport.mapToGlobal(at.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, modifiers,
                        Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(viewport, event)


def test_ctrl_wheel_zooms_about_the_mouse(qtbot, widget) -> None:
    view = widget.view
    issa = node(widget, "ISSA")
    at = QPointF(point_of(widget, issa))
    before = view.scale_factor
    with qtbot.waitSignal(view.zoomChanged):
        wheel(widget, at, 2, Qt.KeyboardModifier.ControlModifier)
    assert view.scale_factor == pytest.approx(before * 1.15**2)
    assert (QPointF(point_of(widget, issa)) - at).manhattanLength() <= 2  # ISSA stays put
    wheel(widget, at, -1, Qt.KeyboardModifier.NoModifier)  # a plain wheel scrolls
    assert view.scale_factor == pytest.approx(before * 1.15**2)


def test_the_metrics_panel_answers_on_the_shipped_plan(qtbot, widget, qtmodeltester) -> None:
    panel = widget.metrics
    connected = [row.cells[0] for row in panel.models["MostConnected"].rows()]
    assert connected[:2] == ["SEC/SOC", "ISSA"]
    overdue = [row.cells[0] for row in panel.models["OverdueMous"].rows()]
    assert overdue == ["MOU-ISSA", "MOU-SPF-IA"]  # as of 2014-06-01
    points = panel.models["SinglePoints"].rows()
    assert [(r.cells[0], r.cells[1]) for r in points] == [("SEC/SOC", "I, IV, G")]
    chain = [row.cells[1] for row in panel.models["LongestChain"].rows()]
    assert chain == ["II.2(v)", "I.3(i)", "I.3(ii)", "KO3", "KO11"]
    for model in panel.models.values():
        qtmodeltester.check(model)
    view = panel.views["MostConnected"]
    index = view.model().index(1, 0)
    assert isinstance(index.data(RecordRole), MetricRow)
    with qtbot.waitSignal(widget.partnerSelected):
        view.clicked.emit(index)  # choosing ISSA there selects it in the view
    assert node(widget, "ISSA").isSelected()
    chain_view = panel.views["LongestChain"]
    with qtbot.waitSignal(widget.itemSelected):
        chain_view.clicked.emit(chain_view.model().index(0, 0))
    assert widget.lens == DEPENDENCIES


def test_a_refresh_after_an_edit_keeps_the_nodes_where_they_are(
    qtbot, widget, database, shipped_plan
) -> None:
    issa = node(widget, "ISSA")
    where = QPointF(issa.pos())
    outline = widget.snapshot.partners.records
    ko1 = next(record for record in outline.values() if getattr(record, "code", "") == "KO1")
    partner = uuid_of_partner(database, shipped_plan, "ISSA")
    PlanEditor(database).apply(
        ChangeBuilder(database).new_partner_role(partner, ko1.uuid, PartnerRoleKind.FUNDER)
    )
    with qtbot.waitSignal(widget.laidOut):
        widget.refresh()
    scene = widget.view.network_scene
    assert (
        f"{issa.key}|output:{ko1.uuid}" in scene.edges
        or f"output:{ko1.uuid}|{issa.key}" in scene.edges
    )
    assert node(widget, "ISSA") is issa and issa.pos() == where


def test_the_filter_hides_nodes_but_keeps_components(qtbot, widget) -> None:
    widget.set_predicate(network_predicate(FilterCriteria(text="ISSA")))
    scene = widget.view.network_scene
    assert node(widget, "ISSA").isVisible() and node(widget, "MOU-ISSA").isVisible()
    assert not node(widget, "WORLD-BANK").isVisible()
    assert node(widget, "V").isVisible()  # a component
    hidden_edges = [e for e in scene.edges.values() if not e.isVisible()]
    assert hidden_edges and all(not (e.source.isVisible() and e.target.isVisible())
                                for e in hidden_edges)  # fmt: skip
    assert "hidden by the filter" in widget.summary.text()
    widget.set_predicate(None)
    assert node(widget, "WORLD-BANK").isVisible()


def test_select_uuid_shows_a_record_chosen_elsewhere(widget, database, shipped_plan) -> None:
    assert widget.select_uuid(uuid_of_partner(database, shipped_plan, "CIESS"))
    assert node(widget, "CIESS").isSelected()
    assert not widget.select_uuid("no-such-uuid")
    assert widget.view.network_scene.selected_key() is None


def test_the_size_metric_changes_node_sizes(qtbot, widget) -> None:
    sec = node(widget, "SEC/SOC")
    by_degree = sec.radius
    widget.size_combo.setCurrentIndex(widget.size_combo.findData("none"))
    assert sec.radius < by_degree
    assert node(widget, "ISSA").radius == sec.radius


def test_malformed_pins_are_ignored(qtbot, service, app_settings, shipped_plan) -> None:
    from poa_desktop.ui.network.widget import parse_pins

    assert parse_pins('{"a": [1, 2], "b": [1], "c": "x", "d": [1, NaN]}') == {"a": (1.0, 2.0)}
    assert parse_pins("not json") == {} and parse_pins("[1, 2]") == {}
    app_settings.set_network_positions(shipped_plan.uuid, PARTNERS, "{broken")
    shown = make_widget(qtbot, service, app_settings)
    show_plan(qtbot, shown, shipped_plan.uuid)
    assert len(shown.view.network_scene.nodes) == 68


def test_a_plan_that_is_gone_empties_the_view(qtbot, service, app_settings) -> None:
    shown = make_widget(qtbot, service, app_settings)
    with qtbot.waitSignal(shown.status) as said:
        shown.set_plan("no-such-plan")
    assert "no-such-plan" in said.args[0]
    assert shown.view.network_scene.nodes == {} and shown.snapshot is None


@pytest.mark.qt_log_ignore(  # the tooltip is a window of its own
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)
def test_hovering_tells_about_a_node_and_an_edge(qtbot, widget) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    viewport = widget.view.viewport()

    def hover(at: QPoint) -> str:
        QToolTip.hideText()
        QApplication.sendEvent(
            viewport, QHelpEvent(QEvent.Type.ToolTip, at, viewport.mapToGlobal(at))
        )
        qtbot.waitUntil(QToolTip.isVisible)
        return QToolTip.text()

    assert "International Social Security Association" in hover(
        point_of(widget, node(widget, "ISSA"))
    )
    issa, mou = node(widget, "ISSA"), node(widget, "MOU-ISSA")
    middle = widget.view.mapFromScene((issa.pos() + mou.pos()) / 2)
    assert widget.view.node_at(QPointF(middle)) is None  # between the two, on the line
    said = hover(middle)
    assert "Party to MOU" in said and "ISSA" in said and "MOU-ISSA" in said
