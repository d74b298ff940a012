"""The main window, detail pane and settings, used as a coordinator would use them.

Tests marked with the ``plan_service``/``app_settings`` fixtures (from conftest.py) run on
the shipped plan in a fresh database; the others drive the same widgets through a stub
reader, which is all ``MainWindow`` asks for (``PlanReader``).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

import pytest
from PySide6.QtCore import QByteArray, QModelIndex, QSettings, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QLabel,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
)

import poa_desktop
from poa_desktop.domain.enums import GenderMarker, ItemKind, Status
from poa_desktop.domain.records import (
    ComponentRow,
    ItemDetail,
    ItemRow,
    LinkedItem,
    MandateRef,
    PartnerLink,
    PlanCounts,
    PlanOutline,
    PlanRef,
    ProgressNoteRow,
)
from poa_desktop.services.errors import NotFoundError, UserError
from poa_desktop.ui.detail_pane import DetailPane
from poa_desktop.ui.main_window import MainWindow
from poa_desktop.ui.plan_tree_model import ItemUuidRole, TreeColumn
from poa_desktop.ui.settings import (
    ALL_SETTINGS,
    LAST_PLAN_UUID,
    SPLITTER_STATE,
    AppSettings,
)

# The offscreen platform cannot pass size hints to a window system and says so once per
# top-level window; that is a property of the test platform, not of the window.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

EMPTY_HINT = "Select an item in the plan to see its details."
NO_PLAN = "This database holds no plan. Use poa-desktop import json FILE or init."


# Helpers


def child(widget, cls, name):
    found = widget.findChild(cls, name)
    assert found is not None, f"no {cls.__name__} named {name!r}"
    return found


def text_of(widget, name: str) -> str:
    return child(widget, QLabel, name).text()


def open_window(qtbot, reader, settings) -> MainWindow:
    window = MainWindow(reader=reader, settings=settings)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    return window


def find_row(tree: QTreeView, code: str) -> QModelIndex:
    model = tree.model()
    hits = model.match(
        model.index(0, 0),
        Qt.ItemDataRole.DisplayRole,
        code,
        1,
        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
    )
    assert hits, f"{code} is not in the plan tree"
    return hits[0]


def click_row(qtbot, tree: QTreeView, index: QModelIndex) -> None:
    tree.scrollTo(index)
    parent = index.parent()
    while parent.isValid():
        tree.expand(parent)
        parent = parent.parent()
    rect = tree.visualRect(index)
    assert rect.isValid() and tree.viewport().rect().contains(rect.center())
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.fixture
def own_settings(tmp_path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


# A small hand-made plan behind a stub reader.


def _row(kind, code, *, component=None, parent=None, number=None, kos=()) -> ItemRow:
    return ItemRow(
        uuid=f"uuid-{code}",
        kind=kind,
        code=code,
        title=f"Title of {code}",
        component_code=component,
        parent_code=parent,
        label="",
        number=number,
        start=date(2012, 1, 1),
        end=date(2015, 12, 31),
        timing_text="",
        status=Status.ON_TRACK,
        percent_complete=30,
        gender_marker=GenderMarker.SIGNIFICANT,
        key_output_numbers=kos,
    )


def _plan(n: int) -> PlanRef:
    return PlanRef(
        uuid=f"plan-{n}",
        code=f"p{n}",
        title=f"Stub plan {n}",
        period_start=date(2011, 1, 1),
        period_end=date(2019, 12, 31),
        source_document="GB.312/POL/2",
    )


class StubReader:
    """A ``PlanReader`` over hand-made rows; set ``fail_*`` to make a call raise."""

    def __init__(self, plans: int = 1) -> None:
        self.plans = [_plan(n) for n in range(1, plans + 1)]
        self.fail_list: UserError | None = None
        self.fail_detail: UserError | None = None
        self.detail_calls: list[str] = []

    def list_plans(self) -> list[PlanRef]:
        if self.fail_list:
            raise self.fail_list
        return list(self.plans)

    def outline(self, plan_uuid: str) -> PlanOutline:
        plan = next(p for p in self.plans if p.uuid == plan_uuid)
        return PlanOutline(
            plan=plan,
            components=(ComponentRow("uuid-II", "II", "Policy advice", False),),
            activities=(_row(ItemKind.ACTIVITY, "II.2", component="II"),),
            means_of_action=(
                _row(ItemKind.MEANS, "II.2(i)", component="II", parent="II.2"),
                _row(ItemKind.MEANS, "II.2(iv)", component="II", parent="II.2", kos=(6,)),
            ),
            key_outputs=(_row(ItemKind.OUTPUT, "KO6", component="II", number=6),),
            milestones=(),
        )

    def counts(self, plan_uuid: str) -> PlanCounts:
        return PlanCounts(1, 1, 2, 1, 0, 0, 1, 1, 0, 0)

    def item_detail(self, item_uuid: str) -> ItemDetail:
        self.detail_calls.append(item_uuid)
        if self.fail_detail:
            raise self.fail_detail
        rows = self.outline(self.plans[0].uuid)
        row = next(
            r
            for r in rows.activities + rows.means_of_action + rows.key_outputs
            if r.uuid == item_uuid
        )
        return ItemDetail(row=row, description="", gender_note="")


def sample_detail() -> ItemDetail:
    row = _row(ItemKind.MEANS, "II.2(iv)", component="II", parent="II.2", kos=(6,))
    return ItemDetail(
        row=row,
        description="Work with the ISSA on good-practice guidelines. " * 8,
        gender_note="Sex-disaggregated data in every guideline.",
        mandates=(MandateRef("35(c)", "To support constituents in building " * 10),),
        partners=(
            PartnerLink("ISSA", "International Social Security Association", "lead"),
            PartnerLink("WORLD-BANK", "World Bank", "funder"),
        ),
        predecessors=(LinkedItem("II.1(i)", "Build the knowledge base", "FS +0 d"),),
        successors=(),
        outputs=(LinkedItem("KO6", "Good-practice guidelines", "delivers"),),
        progress_notes=(ProgressNoteRow(date(2013, 5, 2), "Coordinator", "First draft out."),),
    )


# AppSettings


def test_settings_defaults_round_trip_and_bad_values(tmp_path):
    path = str(tmp_path / "s.ini")
    settings = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    for setting in ALL_SETTINGS:
        assert settings.get(setting) == setting.default
    settings.splitter_state = QByteArray(b"\x00\xffsplit")
    settings.last_plan_uuid = "abc"
    settings.sync()

    again = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    assert again.get(SPLITTER_STATE) == QByteArray(b"\x00\xffsplit")
    assert again.last_plan_uuid == "abc"
    again.reset(LAST_PLAN_UUID)
    assert again.last_plan_uuid == ""

    with pytest.raises(TypeError):
        again.set(LAST_PLAN_UUID, 42)  # type: ignore[arg-type]


# DetailPane


def test_detail_pane_starts_empty(qtbot):
    pane = DetailPane()
    qtbot.addWidget(pane)
    assert pane.is_empty
    assert text_of(pane, "detailEmpty") == EMPTY_HINT


def test_detail_pane_shows_every_part_of_an_item(qtbot):
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.set_outline(StubReader().outline("plan-1"))
    pane.show_item(sample_detail())
    assert not pane.is_empty
    assert pane.current_uuid == "uuid-II.2(iv)"
    assert text_of(pane, "detailCode") == "II.2(iv)"
    assert text_of(pane, "detailKind") == "Means of action"
    assert text_of(pane, "detailTitle") == "Title of II.2(iv)"
    assert text_of(pane, "detailComponent") == "II — Policy advice"
    assert text_of(pane, "detailActivity") == "II.2 — Title of II.2"
    assert text_of(pane, "detailTiming") == "2012–2015"
    assert "2012" in text_of(pane, "detailStart")
    assert "2015" in text_of(pane, "detailEnd")
    assert text_of(pane, "detailStatus") == "On track"
    assert not child(pane, QLabel, "detailStatusIcon").pixmap().isNull()
    assert child(pane, QProgressBar, "detailPercent").value() == 30
    assert text_of(pane, "detailGender").startswith("Significant")
    assert "Sex-disaggregated" in text_of(pane, "detailGenderNote")
    assert "KO6" in text_of(pane, "detailOutputs")
    assert "35(c)" in text_of(pane, "detailMandates")
    partners = text_of(pane, "detailPartners")
    assert "International Social Security Association (ISSA)" in partners
    assert "Lead" in partners and "Funder" in partners
    assert "WORLD-BANK" not in partners  # a code that only repeats the name is left out
    assert "II.1(i)" in text_of(pane, "detailPredecessors")
    assert "FS +0 d" in text_of(pane, "detailPredecessors")
    assert "None recorded." in text_of(pane, "detailSuccessors")
    assert "First draft out." in text_of(pane, "detailNotes")


def test_detail_pane_leaves_out_what_does_not_apply(qtbot):
    pane = DetailPane()
    qtbot.addWidget(pane)
    means = sample_detail().row
    pane.show_item(ItemDetail(row=means, description="", gender_note=""))

    def shown(name: str) -> bool:
        return child(pane, QLabel, name).isVisibleTo(pane)

    # Mandates belong to activities; an empty description or gender note is not news.
    assert not shown("detailMandatesHeading")
    assert not shown("detailDescriptionHeading")
    assert not shown("detailGenderNote")
    assert shown("detailPartnersHeading")
    assert "None recorded." in text_of(pane, "detailPartners")

    activity = _row(ItemKind.ACTIVITY, "II.2", component="II")
    pane.show_item(ItemDetail(row=activity, description="", gender_note=""))
    assert shown("detailMandatesHeading")
    assert "None recorded." in text_of(pane, "detailMandates")
    assert not shown("detailActivity")  # an activity has no parent activity
    assert not shown("detailOutputs")


def test_detail_pane_escapes_markup_in_data(qtbot):
    pane = DetailPane()
    qtbot.addWidget(pane)
    detail = sample_detail()
    pane.show_item(
        ItemDetail(
            row=detail.row,
            description="",
            gender_note="",
            partners=(PartnerLink("<b>X</b>", "A & B <Partners>", "host"),),
        )
    )
    assert "A &amp; B &lt;Partners&gt;" in text_of(pane, "detailPartners")


def test_detail_pane_summarises_a_component(qtbot):
    pane = DetailPane()
    qtbot.addWidget(pane)
    outline = StubReader().outline("plan-1")
    pane.set_outline(outline)
    pane.show_component(outline.components[0])
    assert text_of(pane, "detailCode") == "II"
    assert text_of(pane, "detailKind") == "Component"
    assert "II.2" in text_of(pane, "detailActivities")
    assert "KO6" in text_of(pane, "detailKeyOutputs")
    assert child(pane, QLabel, "detailCounts").text().startswith("1 activities, 2 means")
    assert not child(pane, QLabel, "detailMandates").isVisibleTo(pane)


def test_detail_pane_wraps_instead_of_clipping(qtbot):
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.set_outline(StubReader().outline("plan-1"))
    pane.show_item(sample_detail())
    pane.resize(360, 500)
    with qtbot.waitExposed(pane):
        pane.show()
    scroll = child(pane, QAbstractScrollArea, "detailScroll")
    qtbot.waitUntil(lambda: scroll.widget().width() <= scroll.viewport().width())
    for label in scroll.widget().findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            needed = label.heightForWidth(label.width())
            assert label.height() >= needed, label.objectName()
            assert label.width() <= scroll.viewport().width(), label.objectName()


# MainWindow over the stub reader


def test_empty_database_shows_how_to_start(qtbot, own_settings):
    reader = StubReader(plans=0)
    window = open_window(qtbot, reader, own_settings)
    label = child(window, QLabel, "emptyStateLabel")
    assert label.isVisible()
    assert label.text() == NO_PLAN
    assert not child(window, QTreeView, "planTree").isVisible()
    assert window.windowTitle() == "poa-desktop"


def test_unreadable_plan_list_is_a_message_not_a_traceback(qtbot, own_settings):
    reader = StubReader()
    reader.fail_list = UserError("The database file is damaged.")
    window = open_window(qtbot, reader, own_settings)
    box = child(window, QMessageBox, "errorDialog")
    qtbot.waitUntil(box.isVisible)
    assert box.text() == "The database file is damaged."
    assert child(window, QLabel, "emptyStateLabel").text() == "The database file is damaged."


def test_item_that_cannot_be_read_shows_an_error(qtbot, own_settings):
    reader = StubReader()
    window = open_window(qtbot, reader, own_settings)
    reader.fail_detail = NotFoundError("Item II.2(iv) no longer exists.")
    window.select_item("uuid-II.2(iv)")
    box = child(window, QMessageBox, "errorDialog")
    qtbot.waitUntil(box.isVisible)
    assert "no longer exists" in box.text()
    assert window.detail_pane.is_empty


def test_remembered_plan_is_reopened_and_others_are_offered(qtbot, own_settings):
    reader = StubReader(plans=2)
    own_settings.last_plan_uuid = "plan-2"
    window = open_window(qtbot, reader, own_settings)
    assert window.windowTitle() == "Stub plan 2 — poa-desktop"
    action = window.findChild(QAction, "actionOpenPlan_p1")
    assert action is not None and action.isEnabled()
    action.trigger()
    assert window.windowTitle() == "Stub plan 1 — poa-desktop"
    assert own_settings.last_plan_uuid == "plan-1"


def test_component_row_shows_a_summary(qtbot, own_settings):
    reader = StubReader()
    window = open_window(qtbot, reader, own_settings)
    tree = child(window, QTreeView, "planTree")
    click_row(qtbot, tree, find_row(tree, "II"))
    assert text_of(window, "detailCode") == "II"
    assert reader.detail_calls == []  # a component is summarised from the outline


def test_quit_closes_and_saves_settings(qtbot, own_settings):
    window = open_window(qtbot, StubReader(), own_settings)
    quit_action = window.findChild(QAction, "actionQuit")
    assert quit_action.shortcut().toString() == "Ctrl+Q"
    quit_action.trigger()
    assert not window.isVisible()
    assert not own_settings.window_geometry.isEmpty()
    assert not own_settings.tree_header_state.isEmpty()


def test_about_names_version_and_source(qtbot, own_settings):
    window = open_window(qtbot, StubReader(), own_settings)
    window.findChild(QAction, "actionAbout").trigger()
    box = child(window, QMessageBox, "aboutDialog")
    qtbot.waitUntil(box.isVisible)
    assert poa_desktop.__version__ in box.text()
    assert "GB.312/POL/2" in box.text()


# MainWindow over the shipped plan (fixtures from conftest.py)


@pytest.fixture
def window(qtbot, plan_service, app_settings) -> MainWindow:
    return open_window(qtbot, plan_service, app_settings)


def test_opens_on_the_shipped_plan(window):
    assert "social security plan of action" in window.windowTitle().lower()
    assert window.windowTitle().endswith(" — poa-desktop")
    counts = text_of(window, "countsLabel")
    assert "18 key outputs" in counts
    assert " · " in counts


def test_tree_shows_components_then_activities(window):
    tree = child(window, QTreeView, "planTree")
    model = tree.model()
    codes = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert codes[:5] == ["I", "II", "III", "IV", "V"]
    assert codes[-1] == "G"
    second = model.index(1, 0)
    assert tree.isExpanded(second)  # activities visible by default
    first_activity = model.index(0, 0, second)
    assert first_activity.data().startswith("II.")
    assert not tree.isExpanded(first_activity)  # means of action folded


def test_clicking_a_means_of_action_shows_its_detail(window, qtbot, plan_service):
    tree = child(window, QTreeView, "planTree")
    index = find_row(tree, "II.2(iv)")
    click_row(qtbot, tree, index)
    qtbot.waitUntil(lambda: text_of(window, "detailCode") == "II.2(iv)")
    assert child(window, QTabWidget, "rightTabs").currentWidget() is window.detail_pane
    assert "KO6" in text_of(window, "detailOutputs")
    assert index.siblingAtColumn(TreeColumn.KEY_OUTPUT).data() == "★ KO6"
    detail = plan_service.item_detail(index.data(ItemUuidRole))
    partners = text_of(window, "detailPartners")
    for partner in detail.partners:
        assert partner.partner_name in partners
    if any(p.partner_code == "ISSA" for p in detail.partners):
        assert "ISSA" in partners


def test_arrow_keys_move_the_detail(window, qtbot):
    tree = child(window, QTreeView, "planTree")
    click_row(qtbot, tree, find_row(tree, "II.2(iv)"))
    qtbot.waitUntil(lambda: text_of(window, "detailCode") == "II.2(iv)")
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    below = tree.currentIndex()
    assert below.data() != "II.2(iv)"
    qtbot.waitUntil(lambda: text_of(window, "detailCode") == below.data())


def test_key_outputs_table_lists_all_eighteen(window, qtbot):
    tabs = child(window, QTabWidget, "rightTabs")
    table = child(window, QTableView, "keyOutputsTable")
    tabs.setCurrentWidget(table)
    assert table.model().rowCount() == 18
    assert [table.model().index(r, 0).data() for r in range(3)] == ["KO1", "KO2", "KO3"]
    index = table.model().index(5, 1)
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: text_of(window, "detailCode") == "KO6")


def test_layout_is_restored_in_a_new_window(qtbot, plan_service, app_settings):
    first = open_window(qtbot, plan_service, app_settings)
    first.resize(720, 540)
    splitter = child(first, QSplitter, "mainSplitter")
    splitter.setSizes([260, 460])
    header = child(first, QTreeView, "planTree").header()
    header.resizeSection(TreeColumn.CODE, 140)
    qtbot.waitUntil(lambda: first.size() == QSize(720, 540))
    sizes = splitter.sizes()
    first.close()

    second = open_window(qtbot, plan_service, app_settings)
    assert second.size() == QSize(720, 540)
    assert child(second, QSplitter, "mainSplitter").sizes() == sizes
    second_header = child(second, QTreeView, "planTree").header()
    assert second_header.sectionSize(TreeColumn.CODE) == 140
    assert second.plan is not None and second.plan.uuid == app_settings.last_plan_uuid
