"""Once the plan is shown, the docked views not on screen are built and read in idle
moments, so that the first switch to one is instant; an edit leaves them to re-read when
they are next shown."""

from __future__ import annotations

import pytest

from ui_driver import Services, open_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

HIDDEN = ("outputs", "partners", "mous", "dependencies", "mandates", "indicators")


def test_hidden_views_are_built_and_read_while_the_window_is_idle(
    qtbot, database, app_settings
) -> None:  # type: ignore[no-untyped-def]
    services = Services.over(database)
    window = open_window(qtbot, services, app_settings)
    assert window.active_view == "plan"
    assert not set(HIDDEN) & set(window.views)  # nothing built before the plan is shown

    qtbot.waitUntil(lambda: set(HIDDEN) <= set(window.views), timeout=15_000)
    partners = window.views["partners"]
    plan = services.plan().uuid
    qtbot.waitUntil(lambda: partners.plan_uuid == plan, timeout=5_000)
    assert partners.table.model().rowCount() == len(services.registers.partners(plan))
    assert "network" not in window.views or not window.layout_.on_screen("network")
    assert window.active_view == "plan"  # built off screen: the user's view stays


def test_a_filter_reaches_a_view_off_screen_when_it_is_shown(qtbot, database, app_settings) -> None:  # type: ignore[no-untyped-def]
    services = Services.over(database)
    window = open_window(qtbot, services, app_settings)
    qtbot.waitUntil(lambda: "partners" in window.views, timeout=15_000)
    partners = window.views["partners"]
    qtbot.waitUntil(lambda: partners.table.model().rowCount() > 1, timeout=5_000)
    everyone = partners.table.model().rowCount()

    bar = window.filters.bar
    with qtbot.waitSignal(bar.criteriaChanged, timeout=2000):
        qtbot.keyClicks(bar.search_field, "ISSA")
    assert partners.table.model().rowCount() == everyone  # behind its tab: not yet

    window.show_view("partners")
    shown = partners.table.model().rowCount()
    assert 0 < shown < everyone
    codes = {partners.table.model().index(row, 0).data() for row in range(shown)}
    assert "ISSA" in codes
