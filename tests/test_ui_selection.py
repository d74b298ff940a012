"""The editor pane follows the tree a turn later: arrowing through the plan reads only the
row the keys stop on, and the tree answers each key at once."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from ui_driver import Services, open_window, select_code

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class CountingPlans:
    """The real plan service, counting the item reads the editor pane makes."""

    def __init__(self, service: Any) -> None:
        self._service = service
        self.details: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._service, name)

    def item_detail(self, item_uuid: str) -> Any:
        self.details.append(item_uuid)
        return self._service.item_detail(item_uuid)


@pytest.fixture
def services(database) -> Services:  # type: ignore[no-untyped-def]
    return Services.over(database)


def test_arrowing_through_rows_reads_only_the_row_the_keys_stop_on(
    qtbot, services, app_settings
) -> None:
    plans = CountingPlans(services.plans)
    services.plans = plans  # type: ignore[assignment]
    window = open_window(qtbot, services, app_settings)
    select_code(qtbot, window, "II.2(i)")
    plans.details.clear()
    tree = window.plan_view.tree
    for _ in range(3):
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    expected = services.item("II.2(iv)")
    assert window.plan_view.current()[0] == expected.uuid  # the tree answered each key
    assert window.detail_pane.fields.widget("code").text() != "II.2(iv)"  # not yet read
    qtbot.waitUntil(lambda: window.detail_pane.fields.widget("code").text() == "II.2(iv)")
    assert plans.details == [expected.uuid]  # one read, not one per key


def test_a_column_the_chart_shows_is_fitted_when_the_user_shows_it(
    qtbot, services, app_settings
) -> None:
    """The first open hides the tree's timing, % and key-output columns (the chart beside
    it shows them) without fitting them; showing one fits it to its contents then."""
    from poa_desktop.ui.plan_tree_model import TreeColumn
    from poa_desktop.ui.plan_views import CHART_SHOWS, MAX_AUTO_COLUMN_WIDTH

    window = open_window(qtbot, services, app_settings)
    view = window.plan_view
    header = view.tree.header()
    assert all(header.isSectionHidden(column) for column in CHART_SHOWS)
    assert not header.isSectionHidden(TreeColumn.CODE)

    view.set_column_shown(TreeColumn.TIMING, True)
    assert not header.isSectionHidden(TreeColumn.TIMING)
    wanted = max(view.tree.sizeHintForColumn(TreeColumn.TIMING),
                 header.sectionSizeHint(TreeColumn.TIMING))  # fmt: skip
    assert view.tree.columnWidth(TreeColumn.TIMING) == min(wanted, MAX_AUTO_COLUMN_WIDTH)
