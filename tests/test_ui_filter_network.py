"""The filter bar's partner kind, region and MOU status filters, driven like a user in the
real window on the shipped plan: what the Partners and MOUs registers and the network then
show, and how Clear and "Any" reset them."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QPushButton, QToolButton

from poa_desktop.domain.enums import MouStatus, PartnerKind
from poa_desktop.domain.filters import FilterCriteria
from poa_desktop.ui.filter_bar import FilterBar
from poa_desktop.ui.roles import RecordRole
from ui_driver import Services, child, open_window

# The offscreen platform has no window system to pass size hints to, raise popups on or
# grab the keyboard for menus; it says so, which is a property of the platform.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)

SSA = {"ISSA", "ECASSA", "CIPRESS", "CIESS"}  # the social security associations
IN_AFRICA = {"ECASSA", "CIPRESS", "U-MAURITIUS"}
MOUS = {"MOU-ISSA", "MOU-SPF-IA", "MOU-ECASSA", "MOU-CIPRESS", "MOU-CIESS"}


@pytest.fixture
def services(database) -> Services:  # type: ignore[no-untyped-def]
    return Services.over(database)


@pytest.fixture
def window(qtbot, services, app_settings):  # type: ignore[no-untyped-def]
    return open_window(qtbot, services, app_settings)


@pytest.fixture
def bar(window) -> FilterBar:  # type: ignore[no-untyped-def]
    return window.filters.bar


# --- driving the bar --------------------------------------------------------------------------


def open_menu(qtbot, menu: QMenu, at: QPoint) -> None:  # type: ignore[no-untyped-def]
    menu.popup(at)
    qtbot.waitUntil(menu.isVisible)


def click_action(qtbot, menu: QMenu, action: QAction) -> None:  # type: ignore[no-untyped-def]
    rect = menu.actionGeometry(action)
    assert rect.isValid() and action.isVisible()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=rect.center())


def tick(qtbot, bar: FilterBar, submenu: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """Open "Partners & MOUs", open the submenu ``submenu`` (partnerKind, region,
    mouStatus) and click its entry ``name``, as a user does."""
    button = child(bar, QToolButton, "partnerFacetsFilterButton")
    assert button.isEnabled(), "the Partners & MOUs filters are greyed out in this view"
    top = button.menu()
    open_menu(qtbot, top, button.mapToGlobal(QPoint(0, button.height())))
    inner = child(top, QMenu, f"{submenu}FilterMenu")
    entry = inner.menuAction()
    assert entry.objectName() == f"{submenu}FilterEntry" and entry.isEnabled()
    click_action(qtbot, top, entry)  # a click on a submenu's entry opens it
    qtbot.waitUntil(inner.isVisible)
    click_action(qtbot, inner, child(inner, QAction, name))
    qtbot.waitUntil(lambda: not top.isVisible() and not inner.isVisible())


def click_top_entry(qtbot, bar: FilterBar, name: str) -> None:  # type: ignore[no-untyped-def]
    button = child(bar, QToolButton, "partnerFacetsFilterButton")
    top = button.menu()
    open_menu(qtbot, top, button.mapToGlobal(QPoint(0, button.height())))
    click_action(qtbot, top, child(top, QAction, name))
    qtbot.waitUntil(lambda: not top.isVisible())


# --- what the views show ----------------------------------------------------------------------


def register_codes(window, name: str) -> set[str]:  # type: ignore[no-untyped-def]
    """The codes of the rows the register ``name`` shows now."""
    model = window.views[name].table.model()
    return {model.index(row, 0).data(RecordRole).code for row in range(model.rowCount())}


def network(qtbot, window):  # type: ignore[no-untyped-def]
    host = window.show_view("network")
    widget = host.widget
    qtbot.waitUntil(lambda: widget.snapshot is not None)
    return widget


def shown_nodes(widget, kind: str) -> set[str]:  # type: ignore[no-untyped-def]
    """The codes of the nodes of ``kind`` the network scene draws (not hidden)."""
    scene = widget.view.network_scene
    return {
        node.attrs["code"]
        for key, node in scene.nodes.items()
        if node.kind == kind and key not in scene.hidden and node.isVisible()
    }


# --- tests ------------------------------------------------------------------------------------


def test_the_controls_are_named_translated_and_filled_from_the_plan(bar: FilterBar) -> None:
    button = child(bar, QToolButton, "partnerFacetsFilterButton")
    assert button.text() == "Partners && MOUs ▾"  # "&&" shows one "&", not a shortcut
    assert button.accessibleName() == "Partners & MOUs"
    assert "kind and region" in button.toolTip()
    top = button.menu()
    assert child(top, QAction, "partnerFacetsFilterAny").text() == "Any kind, region or MOU status"
    kinds = child(top, QMenu, "partnerKindFilterMenu")
    assert kinds.title() == "Partner kind" and kinds.menuAction().toolTip()
    assert [a.data() for a in kinds.actions() if a.isCheckable()] == [k.value for k in PartnerKind]
    assert child(kinds, QAction, "partnerKindFilter_ilo_unit").text() == "ILO unit"
    assert child(kinds, QAction, "partnerKindFilterAny").text() == "Any kind of partner"
    regions = child(top, QMenu, "regionFilterMenu")
    # The regions the partners register has (three partners have none), not a fixed list.
    assert [(a.data(), a.text()) for a in regions.actions() if a.isCheckable()] == [
        ("Africa", "Africa"),
        ("Americas", "Americas"),
        ("Europe and Central Asia", "Europe and Central Asia"),
        ("Global", "Global"),
        ("", "No region given"),
    ]
    assert child(regions, QAction, "regionFilter_Africa").toolTip() == "Partners in Africa"
    statuses = child(top, QMenu, "mouStatusFilterMenu")
    assert [a.data() for a in statuses.actions() if a.isCheckable()] == [s.value for s in MouStatus]
    assert child(statuses, QAction, "mouStatusFilter_in_force").text() == "In force"


def test_a_partner_kind_filters_the_partners_register_and_the_network(
    qtbot, window, bar: FilterBar
) -> None:  # type: ignore[no-untyped-def]
    window.show_view("partners")
    assert len(register_codes(window, "partners")) == 39
    emitted: list[FilterCriteria] = []
    bar.criteriaChanged.connect(emitted.append)
    tick(qtbot, bar, "partnerKind", "partnerKindFilter_social_security_association")
    assert emitted == [
        FilterCriteria(partner_kinds=frozenset({PartnerKind.SOCIAL_SECURITY_ASSOCIATION}))
    ]
    assert register_codes(window, "partners") == SSA
    assert child(bar, QToolButton, "partnerFacetsFilterButton").text() == "Partners && MOUs (1) ▾"
    summary = child(bar, QLabel, "filterSummary").text()
    assert "partner kind Social security association" in summary and "4 matching rows" in summary

    widget = network(qtbot, window)
    assert shown_nodes(widget, "partner") == SSA
    assert shown_nodes(widget, "mou") == MOUS  # a partner filter leaves the MOUs alone
    assert "hidden by the filter" in widget.summary.text()

    # A second kind widens the filter (any ticked kind will do).
    window.show_view("partners")
    window.statusBar().clearMessage()
    tick(qtbot, bar, "partnerKind", "partnerKindFilter_ifi")
    assert register_codes(window, "partners") == SSA | {"WORLD-BANK", "IMF", "RDB"}
    assert "hidden" not in window.statusBar().currentMessage()  # the network keeps quiet
    assert shown_nodes(network(qtbot, window), "partner") == SSA | {"WORLD-BANK", "IMF", "RDB"}


def test_a_region_combines_with_a_kind(qtbot, window, bar: FilterBar) -> None:  # type: ignore[no-untyped-def]
    window.show_view("partners")
    tick(qtbot, bar, "region", "regionFilter_Africa")
    assert register_codes(window, "partners") == IN_AFRICA
    tick(qtbot, bar, "partnerKind", "partnerKindFilter_social_security_association")
    assert register_codes(window, "partners") == {"ECASSA", "CIPRESS"}  # kind AND region
    assert shown_nodes(network(qtbot, window), "partner") == {"ECASSA", "CIPRESS"}

    # Partners whose region is not given can be asked for too.
    window.show_view("partners")
    tick(qtbot, bar, "region", "regionFilter_Africa")  # untick Africa
    tick(qtbot, bar, "partnerKind", "partnerKindFilter_social_security_association")
    tick(qtbot, bar, "region", "regionFilter_")
    assert bar.criteria() == FilterCriteria(regions=frozenset({""}))
    assert register_codes(window, "partners") == {"RDB", "REG-SUBREG-ORGS", "EMPLOYERS", "WORKERS"}
    assert "region No region given" in child(bar, QLabel, "filterSummary").text()


def test_an_mou_status_filters_the_mous_register_and_the_network(
    qtbot, window, bar: FilterBar
) -> None:  # type: ignore[no-untyped-def]
    window.show_view("mous")
    assert register_codes(window, "mous") == MOUS
    top = child(bar, QToolButton, "partnerFacetsFilterButton").menu()
    # The MOUs register has no partner kinds or regions: those entries are greyed here.
    assert not child(top, QMenu, "partnerKindFilterMenu").menuAction().isEnabled()
    assert not child(top, QMenu, "regionFilterMenu").menuAction().isEnabled()
    tick(qtbot, bar, "mouStatus", "mouStatusFilter_negotiating")
    assert register_codes(window, "mous") == {"MOU-ISSA"}
    assert child(top, QMenu, "mouStatusFilterMenu").title() == "MOU status (1)"
    widget = network(qtbot, window)
    assert shown_nodes(widget, "mou") == {"MOU-ISSA"}
    assert len(shown_nodes(widget, "partner")) == 39  # an MOU filter leaves partners alone

    window.show_view("mous")
    tick(qtbot, bar, "mouStatus", "mouStatusFilter_proposed")
    assert register_codes(window, "mous") == MOUS  # negotiating or proposed: all five
    tick(qtbot, bar, "mouStatus", "mouStatusFilter_negotiating")  # untick
    assert register_codes(window, "mous") == MOUS - {"MOU-ISSA"}


def test_clear_and_any_reset_the_partner_filters(qtbot, window, bar: FilterBar) -> None:  # type: ignore[no-untyped-def]
    window.show_view("partners")
    tick(qtbot, bar, "partnerKind", "partnerKindFilter_academic")
    tick(qtbot, bar, "region", "regionFilter_Americas")
    assert register_codes(window, "partners") == {"U-EXTERNADO", "U-CHILE", "U-WEST-INDIES"}
    widget = network(qtbot, window)
    assert shown_nodes(widget, "partner") == {"U-EXTERNADO", "U-CHILE", "U-WEST-INDIES"}

    # "Any kind, region or MOU status" unticks all three at once.
    window.show_view("partners")
    click_top_entry(qtbot, bar, "partnerFacetsFilterAny")
    assert bar.criteria() == FilterCriteria()
    assert len(register_codes(window, "partners")) == 39
    assert len(shown_nodes(network(qtbot, window), "partner")) == 39

    # "Any region" unticks only the regions; Clear filters unticks everything.
    window.show_view("partners")
    tick(qtbot, bar, "partnerKind", "partnerKindFilter_academic")
    tick(qtbot, bar, "region", "regionFilter_Americas")
    tick(qtbot, bar, "region", "regionFilterAny")
    assert bar.criteria() == FilterCriteria(partner_kinds=frozenset({PartnerKind.ACADEMIC}))
    assert len(register_codes(window, "partners")) == 6
    clear = child(bar, QPushButton, "clearFiltersButton")
    assert clear.isEnabled()
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert bar.criteria() == FilterCriteria()
    assert child(bar, QToolButton, "partnerFacetsFilterButton").text() == "Partners && MOUs ▾"
    assert child(bar, QMenu, "partnerKindFilterMenu").title() == "Partner kind"
    assert len(register_codes(window, "partners")) == 39
    widget = network(qtbot, window)
    assert not widget.view.network_scene.hidden


def test_the_filters_are_greyed_where_they_do_not_apply(qtbot, window, bar: FilterBar) -> None:  # type: ignore[no-untyped-def]
    button = child(bar, QToolButton, "partnerFacetsFilterButton")
    window.show_view("partners")
    assert button.isEnabled()
    window.show_view("plan")
    assert not button.isEnabled()  # items have no partner kind, region or MOU status
    window.show_view("partners")
    assert not child(bar, QMenu, "mouStatusFilterMenu").menuAction().isEnabled()
    network(qtbot, window)
    assert button.isEnabled(), "the network shows partners and MOUs: their filters apply"
    for name in ("partnerKind", "region", "mouStatus"):
        assert child(bar, QMenu, f"{name}FilterMenu").menuAction().isEnabled()
    tick(qtbot, bar, "mouStatus", "mouStatusFilter_negotiating")
    assert "none of these applies" not in child(bar, QLabel, "filterSummary").text()
