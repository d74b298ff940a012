"""The filter bar driven like a user, the record filter proxy over the real plan tree, and
the screenshot renderer."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from poa_desktop.domain.enums import GenderMarker, Status
from poa_desktop.domain.errors import UserError
from poa_desktop.domain.filters import FilterCriteria, predicate_for
from poa_desktop.domain.records import ComponentRow
from poa_desktop.services.register_service import RegisterService
from poa_desktop.services.search_service import SearchService
from poa_desktop.store.urls import url_for_path
from poa_desktop.ui.filter_bar import FilterBar
from poa_desktop.ui.filter_proxy import RecordFilterProxy, natural_key
from poa_desktop.ui.key_output_model import KeyOutputColumn, KeyOutputTableModel
from poa_desktop.ui.plan_tree_model import (
    PlanTreeModel,
    SortRole,
    TreeColumn,
)
from poa_desktop.ui.roles import RecordRole
from poa_desktop.ui.screenshot import VIEW_NAMES, render_view, screenshot_main

# The offscreen test platform has no window system to pass size hints to, raise popups on or
# grab the keyboard for menus; it says so, which is a property of the platform.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)
_ROOT = QModelIndex()


def child(widget, cls, name):
    found = widget.findChild(cls, name)
    assert found is not None, f"no {cls.__name__} named {name!r}"
    return found


@pytest.fixture
def plan(plan_service, shipped_plan, database):  # type: ignore[no-untyped-def]
    outline = plan_service.outline(shipped_plan.uuid)
    items = outline.activities + outline.means_of_action + outline.key_outputs + outline.milestones
    context = SearchService(database).context(shipped_plan.uuid)
    partners = RegisterService(database).partners(shipped_plan.uuid)
    return outline, items, context, partners


@pytest.fixture
def bar(qtbot, plan) -> FilterBar:  # type: ignore[no-untyped-def]
    outline, _items, _context, partners = plan
    widget = FilterBar()
    qtbot.addWidget(widget)
    widget.set_components(outline.components)
    widget.set_partners(partners)
    widget.resize(1366, widget.sizeHint().height())
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


def recorder(bar: FilterBar) -> list[FilterCriteria]:
    emitted: list[FilterCriteria] = []
    bar.criteriaChanged.connect(emitted.append)
    return emitted


def click_menu_entry(qtbot, button: QToolButton, name: str) -> None:
    """Open the button's menu and click the entry called ``name``, as a user would."""
    menu = button.menu()
    action = child(menu, QAction, name)
    menu.popup(button.mapToGlobal(QPoint(0, button.height())))
    qtbot.waitUntil(menu.isVisible)
    rect = menu.actionGeometry(action)
    assert rect.isValid()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not menu.isVisible())


# --- the filter bar --------------------------------------------------------------------------


def test_filter_bar_controls_are_named_and_translated(bar: FilterBar) -> None:
    field = child(bar, QLineEdit, "searchField")
    assert bar.objectName() == "filterBar"
    assert field.placeholderText() == "Find (Ctrl+F): code, title, partner, note"
    assert field.isClearButtonEnabled()
    for name in ("componentFilterButton", "partnerFilterButton", "statusFilterButton"):
        assert child(bar, QToolButton, name).menu() is not None
    child(bar, QToolButton, "genderFilterButton")
    combo = child(bar, QComboBox, "bienniumCombo")
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All biennia", "2012–13", "2014–15", "2016–17", "2018–19",
    ]  # fmt: skip
    child(bar, QSpinBox, "yearFromSpin")
    child(bar, QSpinBox, "yearToSpin")
    assert not child(bar, QPushButton, "clearFiltersButton").isEnabled()
    assert child(bar, QLabel, "filterSummary").text() == "No filter: every row is shown."
    assert bar.findAction.objectName() == "actionFind"
    components = child(bar, QMenu, "componentFilterMenu")
    assert [a.data() for a in components.actions() if a.isCheckable()] == [
        "I", "II", "III", "IV", "V", "G",
    ]  # fmt: skip
    partners = child(bar, QMenu, "partnerFilterMenu")
    assert len([a for a in partners.actions() if a.isCheckable()]) == 39


def test_nothing_is_clipped_at_1366_pixels(bar: FilterBar) -> None:
    assert bar.minimumSizeHint().width() <= 1000
    for widget in bar.findChildren(QWidget):
        if widget.isVisible() and isinstance(widget, QToolButton | QPushButton | QComboBox):
            assert widget.width() >= widget.sizeHint().width(), widget.objectName()
            assert widget.geometry().right() <= bar.width(), widget.objectName()
    field = child(bar, QLineEdit, "searchField")
    assert field.width() >= field.fontMetrics().horizontalAdvance(field.placeholderText())


def test_typing_emits_once_after_a_pause(qtbot, bar: FilterBar) -> None:
    emitted = recorder(bar)
    field = child(bar, QLineEdit, "searchField")
    with qtbot.waitSignal(bar.criteriaChanged, timeout=2000) as blocker:
        qtbot.keyClicks(field, "ratification")
        assert emitted == []  # nothing while the user is still typing
    assert blocker.args[0] == FilterCriteria(text="ratification")
    assert emitted == [FilterCriteria(text="ratification")]  # one signal for 12 keys
    assert "ratification" in child(bar, QLabel, "filterSummary").text()
    assert child(bar, QPushButton, "clearFiltersButton").isEnabled()
    with qtbot.waitSignal(bar.criteriaChanged, timeout=2000) as blocker:
        qtbot.keyClick(field, Qt.Key.Key_Escape)  # Escape empties the field
    assert field.text() == ""
    assert blocker.args[0] == FilterCriteria()


def test_menus_and_year_controls_apply_at_once(qtbot, bar: FilterBar) -> None:
    emitted = recorder(bar)
    click_menu_entry(qtbot, child(bar, QToolButton, "componentFilterButton"), "componentFilter_II")
    assert emitted[-1] == FilterCriteria(components=frozenset({"II"}))
    assert child(bar, QToolButton, "componentFilterButton").text() == "Component (1) ▾"
    click_menu_entry(qtbot, child(bar, QToolButton, "statusFilterButton"), "statusFilter_on_track")
    click_menu_entry(qtbot, child(bar, QToolButton, "genderFilterButton"), "genderFilter_principal")
    click_menu_entry(qtbot, child(bar, QToolButton, "partnerFilterButton"), "partnerFilter_ISSA")
    assert len(emitted) == 4
    assert emitted[-1] == FilterCriteria(
        components=frozenset({"II"}),
        partners=frozenset({"ISSA"}),
        statuses=frozenset({Status.ON_TRACK}),
        gender_markers=frozenset({GenderMarker.PRINCIPAL}),
    )

    combo = child(bar, QComboBox, "bienniumCombo")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # All biennia → 2012–13
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # → 2014–15
    assert (emitted[-1].first_year, emitted[-1].last_year) == (2014, 2015)
    assert child(bar, QSpinBox, "yearFromSpin").value() == 2014
    assert child(bar, QSpinBox, "yearToSpin").value() == 2015

    to_year = child(bar, QSpinBox, "yearToSpin")
    to_year.setFocus()
    to_year.selectAll()
    qtbot.keyClicks(to_year, "2017")
    qtbot.keyClick(to_year, Qt.Key.Key_Return)
    assert (emitted[-1].first_year, emitted[-1].last_year) == (2014, 2017)
    assert combo.currentIndex() == -1  # no biennium is 2014–2017
    summary = child(bar, QLabel, "filterSummary").text()
    assert "years 2014–2017" in summary and "partner ISSA" in summary

    # "Any component" unticks every component.
    click_menu_entry(qtbot, child(bar, QToolButton, "componentFilterButton"), "componentFilterAny")
    assert emitted[-1].components == frozenset()

    count = len(emitted)
    qtbot.mouseClick(child(bar, QPushButton, "clearFiltersButton"), Qt.MouseButton.LeftButton)
    assert len(emitted) == count + 1 and emitted[-1] == FilterCriteria()
    assert bar.criteria() == FilterCriteria()
    assert combo.currentText() == "All biennia"
    assert child(bar, QSpinBox, "yearFromSpin").text() == "Any"
    assert not child(bar, QPushButton, "clearFiltersButton").isEnabled()


def test_ctrl_f_focuses_the_search_field(qtbot, plan) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    bar = FilterBar()
    tree = QTreeView()
    tree.setObjectName("someView")
    layout = QVBoxLayout(window)
    layout.addWidget(bar)
    layout.addWidget(tree)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    field = child(bar, QLineEdit, "searchField")
    field.setText("old search")
    qtbot.keyClick(tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(field.hasFocus)
    assert field.selectedText() == "old search"  # typing replaces the last search


def test_new_rows_keep_ticks_that_still_exist(qtbot, bar: FilterBar, plan) -> None:  # type: ignore[no-untyped-def]
    outline, *_ = plan
    bar.set_criteria(FilterCriteria(components=frozenset({"II", "G"}), text="x"))
    emitted = recorder(bar)
    bar.set_components(outline.components)  # the same plan re-read: nothing changes
    assert emitted == []
    bar.set_components([ComponentRow("u", "II", "Knowledge", False)])  # G was deleted
    assert emitted == [FilterCriteria(text="x", components=frozenset({"II"}))]


def test_controls_that_do_not_apply_are_greyed(bar: FilterBar) -> None:
    bar.set_applicable("partner")
    assert child(bar, QLineEdit, "searchField").isEnabled()
    assert child(bar, QToolButton, "partnerFilterButton").isEnabled()
    assert not child(bar, QToolButton, "statusFilterButton").isEnabled()
    assert not child(bar, QComboBox, "bienniumCombo").isEnabled()
    bar.set_criteria(FilterCriteria(statuses=frozenset({Status.DELAYED})))
    assert "does not apply" not in child(bar, QLabel, "filterSummary").text()
    assert "none of these applies" in child(bar, QLabel, "filterSummary").text()
    bar.set_applicable(None)
    assert child(bar, QToolButton, "statusFilterButton").isEnabled()
    bar.set_match_count(3)
    assert child(bar, QLabel, "filterSummary").text().endswith("— 3 matching rows")


# --- the proxy over the real plan tree -------------------------------------------------------


def visible_codes(proxy, parent: QModelIndex = _ROOT) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The proxy's rows as {code: children}, recursively."""
    return {
        proxy.index(row, 0, parent).data(): visible_codes(proxy, proxy.index(row, 0, parent))
        for row in range(proxy.rowCount(parent))
    }


@pytest.fixture
def tree_proxy(qapp, plan):  # type: ignore[no-untyped-def]
    outline, *_ = plan
    model = PlanTreeModel()
    model.set_outline(outline)
    proxy = RecordFilterProxy(sort_role=SortRole)
    proxy.setSourceModel(model)
    yield proxy
    proxy.setSourceModel(None)


def test_plan_tree_gives_records(tree_proxy) -> None:  # type: ignore[no-untyped-def]
    first = tree_proxy.sourceModel().index(0, 0)
    assert isinstance(first.data(RecordRole), ComponentRow), (
        "PlanTreeModel must return each row's record (ComponentRow/ItemRow) under RecordRole"
    )


def test_ratification_keeps_i4_and_its_component(tree_proxy, plan) -> None:  # type: ignore[no-untyped-def]
    _outline, items, context, _partners = plan
    every_row = visible_codes(tree_proxy)
    assert len(every_row) == 6
    with_signal: list[bool] = []
    tree_proxy.predicateChanged.connect(with_signal.append)
    tree_proxy.set_predicate(
        predicate_for("item", FilterCriteria(text="ratification"), context, items)
    )
    assert with_signal == [True]
    assert visible_codes(tree_proxy) == {"I": {"I.4": {"I.4(i)": {}, "I.4(ii)": {}}}}
    component = tree_proxy.index(0, 0)
    activity = tree_proxy.index(0, 0, component)
    means = tree_proxy.index(0, 0, activity)
    assert not tree_proxy.matches(component)  # kept as the parent of a match
    assert tree_proxy.matches(activity) and tree_proxy.matches(means)
    assert tree_proxy.data(component, Qt.ItemDataRole.ForegroundRole) is not None  # dimmed
    assert tree_proxy.data(means, Qt.ItemDataRole.ForegroundRole) is None
    assert tree_proxy.match_count() == 3
    tree_proxy.set_predicate(None)
    assert visible_codes(tree_proxy) == every_row
    outline = plan[0]
    assert tree_proxy.match_count() == 6 + len(outline.activities) + len(outline.means_of_action)


def test_filters_follow_the_bar(qtbot, bar: FilterBar, tree_proxy, plan) -> None:  # type: ignore[no-untyped-def]
    """The wiring the window does: criteria → predicate → proxy."""
    _outline, items, context, _partners = plan
    bar.criteriaChanged.connect(
        lambda criteria: tree_proxy.set_predicate(predicate_for("item", criteria, context, items))
    )
    click_menu_entry(qtbot, child(bar, QToolButton, "genderFilterButton"), "genderFilter_principal")
    assert set(visible_codes(tree_proxy)) == {"I", "G"}
    assert set(visible_codes(tree_proxy)["I"]) == {"I.2"}
    with qtbot.waitSignal(bar.criteriaChanged, timeout=2000):
        qtbot.keyClicks(child(bar, QLineEdit, "searchField"), "gender-sensitive")
    assert visible_codes(tree_proxy) == {"I": {"I.2": {}}}  # I.2 itself, not its means
    qtbot.mouseClick(child(bar, QPushButton, "clearFiltersButton"), Qt.MouseButton.LeftButton)
    assert tree_proxy.predicate is None and len(visible_codes(tree_proxy)) == 6


def test_proxy_passes_the_model_tester(qtmodeltester, tree_proxy, plan) -> None:  # type: ignore[no-untyped-def]
    _outline, items, context, _partners = plan
    criteria = FilterCriteria(text="issa", statuses=frozenset({Status.NOT_STARTED}))
    tree_proxy.set_predicate(predicate_for("item", criteria, context, items))
    tree_proxy.sort(TreeColumn.CODE, Qt.SortOrder.DescendingOrder)
    assert list(visible_codes(tree_proxy)) == ["V", "III", "II"]
    qtmodeltester.check(tree_proxy)


def test_proxy_sorts_text_naturally(qapp, plan) -> None:  # type: ignore[no-untyped-def]
    outline, *_ = plan
    assert sorted(["KO10", "KO2", "KO1"], key=natural_key) == ["KO1", "KO2", "KO10"]
    model = KeyOutputTableModel()
    model.set_outline(outline)
    proxy = RecordFilterProxy()  # display text: "KO1", "KO2", … "KO18"
    proxy.setSourceModel(model)
    proxy.sort(KeyOutputColumn.NUMBER, Qt.SortOrder.AscendingOrder)
    numbers = [proxy.index(row, KeyOutputColumn.NUMBER).data() for row in range(proxy.rowCount())]
    assert numbers == [f"KO{n}" for n in range(1, 19)]
    proxy.setSourceModel(None)


# --- screenshots -----------------------------------------------------------------------------


def test_unknown_view_names_list_the_valid_ones(tmp_path, db_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match="plan, outputs, partners, mous, dependencies"):
        screenshot_main(url_for_path(db_path), "timeline", tmp_path / "out.png")
    assert not (tmp_path / "out.png").exists()
    with pytest.raises(UserError, match="choose one of"):
        render_view(QWidget(), "nope", tmp_path / "out.png")


def _needs_show_view() -> None:
    from poa_desktop.ui.main_window import MainWindow

    if not hasattr(MainWindow, "show_view"):
        pytest.skip("MainWindow.show_view(name) is not written yet (main-window engineer)")


@pytest.mark.parametrize("view", VIEW_NAMES)
def test_screenshot_of_each_view(qapp, tmp_path, db_path, view: str) -> None:  # type: ignore[no-untyped-def]
    _needs_show_view()
    out = tmp_path / "shots" / f"{view}.png"
    assert screenshot_main(url_for_path(db_path), view, out) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)
    colours = {image.pixel(x, y) for x in range(0, 1366, 40) for y in range(0, 768, 40)}
    assert len(colours) > 3  # drawn, not a blank rectangle
