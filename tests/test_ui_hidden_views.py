"""Views behind another dock's tab: built and read in idle moments, their rows held while
off screen and measured at the width they will be shown at, so that a first switch to
any of them finds its rows measured."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QHeaderView

from poa_desktop.ui.table_rows import TextRowsTable, fit_rows_to_text
from ui_driver import Services, open_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def services(database) -> Services:  # type: ignore[no-untyped-def]
    return Services.over(database)


def test_a_hidden_view_has_its_rows_measured_before_it_is_first_shown(
    qtbot, services, app_settings
) -> None:
    window = open_window(qtbot, services, app_settings)
    layout = window.layout_
    assert "partners" not in window.views
    layout.prepare_hidden_views()
    qtbot.waitUntil(lambda: "partners" in window.views and "partners" not in layout._stale)
    tables = window.views["partners"].findChildren(TextRowsTable)
    partners = next(t for t in tables if t.objectName() == "partnersTable")
    assert partners.model().rowCount() > 0
    qtbot.waitUntil(  # measured a slice per turn
        lambda: all(len(table._row_heights) >= table.model().rowCount() for table in tables)
    )
    # Off screen, its rows keep their heights: Qt's relayouts of the hidden dock do
    # not measure them at a size never shown.
    mode = partners.verticalHeader().sectionResizeMode(0)
    assert mode == QHeaderView.ResizeMode.Fixed
    known = {id(table): len(table._row_heights) for table in tables}

    window.show_view("partners")
    qtbot.waitUntil(
        lambda: (
            partners.verticalHeader().sectionResizeMode(0)
            == QHeaderView.ResizeMode.ResizeToContents
        )
    )
    for table in tables:
        for row in range(table.model().rowCount()):
            table.sizeHintForRow(row)
    assert {id(table): len(table._row_heights) for table in tables} == known  # none new
    shortest = partners.verticalHeader().minimumSectionSize()
    heights = [max(partners.sizeHintForRow(row), shortest) for row in range(5)]
    qtbot.waitUntil(lambda: [partners.rowHeight(row) for row in range(5)] == heights)


def test_rows_sure_to_overflow_get_the_scroll_bar_before_they_are_measured(qtbot) -> None:
    table = TextRowsTable()
    qtbot.addWidget(table)
    table.resize(300, 120)
    table.setWordWrap(True)
    fit_rows_to_text(table)
    table.show()
    qtbot.waitExposed(table)
    model = QStringListModel(["MOU with ISSA"] * 3)
    table.setModel(model)
    assert table.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
    model.setStringList(["MOU with ISSA"] * 40)  # a reset: 40 rows cannot fit in 120 px
    assert table.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOn
    model.removeRows(2, 38)
    assert table.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded


def test_rows_of_a_hidden_view_are_measured_a_slice_a_turn(
    qtbot, services, app_settings, monkeypatch
) -> None:
    from poa_desktop.ui import window_layout

    monkeypatch.setattr(window_layout, "MEASURE_SLICE_S", 0.0)  # one row a turn
    window = open_window(qtbot, services, app_settings)
    layout = window.layout_
    layout.ensure_view("partners")
    layout._refresh("partners")
    tables = window.views["partners"].findChildren(TextRowsTable)
    rows = sum(table.model().rowCount() for table in tables)
    turns = 1
    while not layout._measure_rows("partners"):
        turns += 1
    assert turns == rows > 1
    assert all(len(table._row_heights) >= table.model().rowCount() for table in tables)


def test_the_key_outputs_view_is_built_in_one_idle_turn_and_filled_in_the_next(
    qtbot, services, app_settings
) -> None:
    """Built and read in one turn it was the longest pause of a session (60-110 ms)."""
    window = open_window(qtbot, services, app_settings)
    layout = window.layout_
    assert "outputs" not in window.views
    events: list[tuple[str, int]] = []
    ensure, fill = layout.ensure_view, layout._fill_outputs

    def ensure_watched(name: str, **options: bool):  # type: ignore[no-untyped-def]
        view = ensure(name, **options)
        if name == "outputs":
            events.append(("built", view.ko_model.rowCount()))
        return view

    def fill_watched(name: str) -> None:
        fill(name)
        if name == "outputs":
            events.append(("read", window.views[name].ko_model.rowCount()))

    layout.ensure_view = ensure_watched  # type: ignore[method-assign]
    layout._fill_outputs = fill_watched  # type: ignore[method-assign]
    layout.prepare_hidden_views()
    qtbot.waitUntil(lambda: ("read", 18) in events)
    assert events[0] == ("built", 0)  # the idle step that built it read nothing
    assert len(window.outline.key_outputs) == 18


def test_the_key_outputs_view_shown_between_its_build_and_its_read_shows_the_plan(
    qtbot, services, app_settings
) -> None:
    window = open_window(qtbot, services, app_settings)
    layout = window.layout_
    layout.ensure_view("outputs", fill=False)
    assert window.views["outputs"].ko_model.rowCount() == 0
    window.show_view("outputs")
    assert window.views["outputs"].ko_model.rowCount() == 18
    assert "outputs" not in layout._unfilled
