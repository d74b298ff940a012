"""The plan tree and key-output table models, over hand-made outline rows.

The models only see plain rows, so building a small outline by hand exercises exactly
what the service hands them, without a database.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QIcon

from poa_desktop.domain.enums import GenderMarker, ItemKind, Status
from poa_desktop.domain.records import ComponentRow, ItemRow, PlanOutline, PlanRef
from poa_desktop.ui.key_output_model import KeyOutputColumn, KeyOutputTableModel
from poa_desktop.ui.plan_tree_model import (
    COMPONENT_KIND,
    ItemKindRole,
    ItemUuidRole,
    PlanTreeModel,
    SortRole,
    TreeColumn,
)
from poa_desktop.ui.roles import RecordRole
from poa_desktop.ui.status_style import LOOKS, status_icon, status_label

DISPLAY = Qt.ItemDataRole.DisplayRole


def item(
    kind: ItemKind,
    code: str,
    *,
    component: str | None = None,
    parent: str | None = None,
    number: int | None = None,
    start: date | None = None,
    end: date | None = None,
    timing: str = "",
    status: Status = Status.NOT_STARTED,
    percent: int = 0,
    kos: tuple[int, ...] = (),
) -> ItemRow:
    return ItemRow(
        uuid=f"uuid-{code}",
        kind=kind,
        code=code,
        title=f"Title of {code}, a fairly long sentence that a tree column would clip",
        component_code=component,
        parent_code=parent,
        label="",
        number=number,
        start=start,
        end=end,
        timing_text=timing,
        status=status,
        percent_complete=percent,
        gender_marker=GenderMarker.NOT_SCREENED,
        key_output_numbers=kos,
    )


def make_outline(*, orphan: bool = False) -> PlanOutline:
    plan = PlanRef(
        uuid="plan-1",
        code="test",
        title="Test plan",
        period_start=date(2011, 1, 1),
        period_end=date(2019, 12, 31),
        source_document="GB.312/POL/2",
    )
    components = (
        ComponentRow("uuid-I", "I", "Knowledge", False),
        ComponentRow("uuid-II", "II", "Policy advice", False),
        ComponentRow("uuid-G", "G", "Gender", True),
    )
    activities = [
        item(ItemKind.ACTIVITY, "I.1", component="I", timing="2012-19"),
        item(ItemKind.ACTIVITY, "II.1", component="II", start=date(2012, 1, 1)),
        item(
            ItemKind.ACTIVITY,
            "II.2",
            component="II",
            start=date(2012, 1, 1),
            end=date(2015, 12, 31),
            status=Status.AT_RISK,
        ),
        item(ItemKind.ACTIVITY, "G.1", component="G"),
    ]
    means = [
        item(ItemKind.MEANS, "I.1(i)", component="I", parent="I.1", status=Status.COMPLETED),
        item(ItemKind.MEANS, "II.2(i)", component="II", parent="II.2", percent=40),
        item(
            ItemKind.MEANS,
            "II.2(iv)",
            component="II",
            parent="II.2",
            kos=(6,),
            status=Status.ON_TRACK,
            percent=25,
        ),
        item(ItemKind.MEANS, "II.2(v)", component="II", parent="II.2", kos=(6, 7)),
    ]
    if orphan:
        activities.append(item(ItemKind.ACTIVITY, "IX.1", component="IX"))
        means.append(item(ItemKind.MEANS, "IX.9(i)", parent="IX.9"))
    key_outputs = (
        item(ItemKind.OUTPUT, "KO6", component="II", number=6, start=date(2013, 1, 1)),
        item(ItemKind.OUTPUT, "KO1", component="I", number=1, status=Status.DELAYED, percent=90),
        item(ItemKind.OUTPUT, "KO7", component="II", number=7, percent=5),
    )
    return PlanOutline(
        plan=plan,
        components=components,
        activities=tuple(activities),
        means_of_action=tuple(means),
        key_outputs=key_outputs,
        milestones=(item(ItemKind.MILESTONE, "MS-1", start=date(2012, 6, 1)),),
    )


@pytest.fixture
def tree_model(qapp) -> PlanTreeModel:
    model = PlanTreeModel()
    model.set_outline(make_outline())
    return model


@pytest.fixture
def ko_model(qapp) -> KeyOutputTableModel:
    model = KeyOutputTableModel()
    model.set_outline(make_outline())
    return model


def find(model, code: str) -> QModelIndex:
    hits = model.match(
        model.index(0, 0),
        DISPLAY,
        code,
        1,
        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
    )
    assert hits, f"{code} not in the model"
    return hits[0]


def cell(index: QModelIndex, column: int, role: int = DISPLAY):
    return index.siblingAtColumn(column).data(role)


# Model contract (Qt's own model tester, in C++ and in its Python port).


@pytest.mark.parametrize("force_py", [False, True])
@pytest.mark.parametrize("orphan", [False, True])
def test_tree_model_passes_the_model_tester(qtmodeltester, force_py, orphan):
    model = PlanTreeModel()
    model.set_outline(make_outline(orphan=orphan))
    qtmodeltester.check(model, force_py=force_py)


@pytest.mark.parametrize("force_py", [False, True])
def test_empty_tree_model_passes_the_model_tester(qtmodeltester, qapp, force_py):
    qtmodeltester.check(PlanTreeModel(), force_py=force_py)


@pytest.mark.parametrize("force_py", [False, True])
def test_key_output_model_passes_the_model_tester(qtmodeltester, ko_model, force_py):
    qtmodeltester.check(ko_model, force_py=force_py)


@pytest.mark.parametrize("force_py", [False, True])
def test_models_survive_the_tester_through_a_sort_proxy(qtmodeltester, tree_model, force_py):
    proxy = QSortFilterProxyModel()
    proxy.setRecursiveFilteringEnabled(True)
    proxy.setSourceModel(tree_model)
    proxy.setSortRole(SortRole)
    proxy.sort(TreeColumn.CODE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy, force_py=force_py)


# Tree shape.


def test_top_level_is_the_components_in_order(tree_model):
    codes = [tree_model.index(r, 0).data() for r in range(tree_model.rowCount())]
    assert codes == ["I", "II", "G"]


def test_components_hold_their_activities_and_activities_their_means(tree_model):
    shape = {}
    for r in range(tree_model.rowCount()):
        component = tree_model.index(r, 0)
        for a in range(tree_model.rowCount(component)):
            activity = tree_model.index(a, 0, component)
            means = [
                tree_model.index(m, 0, activity).data()
                for m in range(tree_model.rowCount(activity))
            ]
            shape[(component.data(), activity.data())] = means
    assert shape == {
        ("I", "I.1"): ["I.1(i)"],
        ("II", "II.1"): [],
        ("II", "II.2"): ["II.2(i)", "II.2(iv)", "II.2(v)"],
        ("G", "G.1"): [],
    }


def test_means_have_no_children_and_know_their_parents(tree_model):
    means = find(tree_model, "II.2(iv)")
    assert tree_model.rowCount(means) == 0
    assert means.parent().data() == "II.2"
    assert means.parent().parent().data() == "II"
    assert not means.parent().parent().parent().isValid()


def test_key_outputs_and_milestones_are_not_tree_nodes(tree_model):
    hits = tree_model.match(tree_model.index(0, 0), DISPLAY, "KO6", -1, Qt.MatchFlag.MatchRecursive)
    assert hits == []
    assert not tree_model.match(
        tree_model.index(0, 0), DISPLAY, "MS-1", -1, Qt.MatchFlag.MatchRecursive
    )


def test_orphans_are_kept_under_a_not_assigned_node(qapp):
    model = PlanTreeModel()
    model.set_outline(make_outline(orphan=True))
    assert model.rowCount() == 4
    last = model.index(3, 0)
    assert cell(last, TreeColumn.TITLE) == "Not assigned"
    children = {model.index(r, 0, last).data() for r in range(model.rowCount(last))}
    assert children == {"IX.1", "IX.9(i)"}


# Row content.


def test_key_output_means_are_bold_and_marked(tree_model):
    means = find(tree_model, "II.2(iv)")
    assert cell(means, TreeColumn.KEY_OUTPUT) == "★ KO6"
    for column in TreeColumn:
        font = cell(means, column, Qt.ItemDataRole.FontRole)
        assert isinstance(font, QFont) and font.bold(), column
    assert cell(find(tree_model, "II.2(v)"), TreeColumn.KEY_OUTPUT) == "★ KO6, KO7"
    assert "KO6: Title of KO6" in cell(means, TreeColumn.KEY_OUTPUT, Qt.ItemDataRole.ToolTipRole)


def test_ordinary_means_are_not_bold_nor_marked(tree_model):
    means = find(tree_model, "II.2(i)")
    assert cell(means, TreeColumn.KEY_OUTPUT) == ""
    font = cell(means, TreeColumn.TITLE, Qt.ItemDataRole.FontRole)
    assert font is None or not font.bold()


def test_status_has_text_and_icon(tree_model):
    means = find(tree_model, "II.2(iv)")
    assert cell(means, TreeColumn.STATUS) == "On track"
    icon = cell(means, TreeColumn.STATUS, Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()
    assert cell(find(tree_model, "II.2"), TreeColumn.STATUS) == "At risk"
    # Only the status column carries an icon.
    assert cell(means, TreeColumn.TITLE, Qt.ItemDataRole.DecorationRole) is None


def test_each_status_has_its_own_shape_and_a_label():
    shapes = [look.shape for look in LOOKS.values()]
    assert len(shapes) == len(set(shapes)) == len(Status)
    labels = {status_label(s) for s in Status}
    assert len(labels) == len(Status)


def test_status_icons_are_drawn(qapp):
    for status in Status:
        image = status_icon(status).pixmap(16, 16).toImage()
        assert not image.isNull()
        opaque = sum(1 for x in range(16) for y in range(16) if image.pixelColor(x, y).alpha() > 0)
        assert opaque > 10, status


def test_timing_uses_the_source_words_else_the_planned_years(tree_model):
    assert cell(find(tree_model, "I.1"), TreeColumn.TIMING) == "2012-19"
    assert cell(find(tree_model, "II.2"), TreeColumn.TIMING) == "2012–2015"
    assert cell(find(tree_model, "II.1"), TreeColumn.TIMING) == "2012"
    assert cell(find(tree_model, "G.1"), TreeColumn.TIMING) == ""
    # A component spans its activities' planned years.
    assert cell(find(tree_model, "II"), TreeColumn.TIMING) == "2012–2015"


def test_percent_is_shown_and_sorts_as_a_number(tree_model):
    means = find(tree_model, "II.2(i)")
    assert cell(means, TreeColumn.PERCENT).replace("\u00a0", " ") == "40 %"
    assert cell(means, TreeColumn.PERCENT, SortRole) == 40


def test_titles_have_full_tooltips(tree_model):
    means = find(tree_model, "II.2(iv)")
    tip = cell(means, TreeColumn.TITLE, Qt.ItemDataRole.ToolTipRole)
    assert tip == "II.2(iv): " + make_outline().means_of_action[2].title
    component_tip = cell(find(tree_model, "G"), TreeColumn.TITLE, Qt.ItemDataRole.ToolTipRole)
    assert component_tip == "Cross-cutting component G: Gender"


def test_uuid_and_kind_roles_on_every_level(tree_model):
    component = find(tree_model, "II")
    activity = find(tree_model, "II.2")
    means = find(tree_model, "II.2(iv)")
    assert component.data(ItemUuidRole) == "uuid-II"
    assert component.data(ItemKindRole) == COMPONENT_KIND
    assert activity.data(ItemUuidRole) == "uuid-II.2"
    assert activity.data(ItemKindRole) == "activity"
    # Any column of the row answers, so a click anywhere finds the item.
    assert cell(means, TreeColumn.STATUS, ItemUuidRole) == "uuid-II.2(iv)"
    assert cell(means, TreeColumn.PERCENT, ItemKindRole) == "means"
    assert tree_model.index_for_uuid("uuid-II.2(iv)") == means
    assert not tree_model.index_for_uuid("no-such-uuid").isValid()


def test_headers(tree_model):
    headers = [tree_model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(TreeColumn))]
    assert headers == ["Code", "Title", "Timing", "Status", "% complete", "Key output"]


def test_set_outline_resets_the_model(qtbot, tree_model):
    with qtbot.waitSignals([tree_model.modelAboutToBeReset, tree_model.modelReset]):
        tree_model.set_outline(None)
    assert tree_model.rowCount() == 0
    with qtbot.waitSignal(tree_model.modelReset):
        tree_model.set_outline(make_outline())
    assert tree_model.rowCount() == 3


def test_model_parent_without_arguments_is_the_qobject_parent(qapp):
    from PySide6.QtCore import QObject

    owner = QObject()
    model = PlanTreeModel(owner)
    assert model.parent() is owner


# Key output table.


def test_key_output_table_lists_every_key_output(ko_model):
    assert ko_model.rowCount() == 3
    assert ko_model.columnCount() == len(KeyOutputColumn)
    headers = [ko_model.headerData(c, Qt.Orientation.Horizontal) for c in KeyOutputColumn]
    assert headers == ["No.", "Title", "Component", "Timing", "Status", "%"]
    first = ko_model.index(0, 0)
    assert first.data() == "KO6"
    assert first.data(ItemUuidRole) == "uuid-KO6"
    assert first.data(ItemKindRole) == "output"
    assert ko_model.index(0, KeyOutputColumn.COMPONENT).data() == "II"
    assert ko_model.index(0, KeyOutputColumn.TIMING).data() == "2013"
    assert ko_model.index(1, KeyOutputColumn.STATUS).data() == "Delayed"
    icon = ko_model.index(1, KeyOutputColumn.STATUS).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()
    tip = ko_model.index(0, KeyOutputColumn.COMPONENT).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "II: Policy advice"


def test_key_output_table_sorts_by_number_not_text(ko_model):
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(ko_model)
    proxy.setSortRole(SortRole)
    proxy.sort(KeyOutputColumn.NUMBER)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["KO1", "KO6", "KO7"]
    proxy.sort(KeyOutputColumn.PERCENT, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["KO1", "KO7", "KO6"]


def test_key_output_table_reset(qtbot, ko_model):
    with qtbot.waitSignal(ko_model.modelReset):
        ko_model.set_outline(None)
    assert ko_model.rowCount() == 0


# The plan view's tree: key outputs and milestones under headings after the components.


@pytest.mark.parametrize("force_py", [False, True])
def test_tree_model_with_headings_passes_the_model_tester(qtmodeltester, force_py):
    model = PlanTreeModel(groups=True)
    model.set_outline(make_outline(orphan=True))
    qtmodeltester.check(model, force_py=force_py)


def test_headings_hold_the_key_outputs_and_milestones(qapp):
    from poa_desktop.ui.plan_tree_model import GROUP_KIND, RowKeyRole
    from poa_desktop.ui.plan_tree_nodes import MILESTONES_GROUP, OUTPUTS_GROUP, UNASSIGNED

    outline = make_outline(orphan=True)
    model = PlanTreeModel(groups=True)
    model.set_outline(outline)
    tops = [model.index(r, 0) for r in range(model.rowCount())]
    assert [cell(i, TreeColumn.TITLE) for i in tops[-2:]] == [
        "Key outputs (Figure 1)",
        "Milestones",
    ]
    assert [i.data(RowKeyRole) for i in tops] == [
        *(c.uuid for c in outline.components),
        UNASSIGNED,
        OUTPUTS_GROUP,
        MILESTONES_GROUP,
    ]
    outputs, milestones = tops[-2], tops[-1]
    assert outputs.data(ItemKindRole) == GROUP_KIND and outputs.data(ItemUuidRole) == ""
    assert outputs.data(RecordRole) is None  # a filter never matches a heading itself
    assert [model.index(r, 0, outputs).data() for r in range(model.rowCount(outputs))] == [
        ko.code for ko in outline.key_outputs
    ]
    assert model.index(0, 0, milestones).data(ItemKindRole) == "milestone"
    assert model.index_for_uuid(outline.key_outputs[0].uuid).parent() == outputs
    assert model.index_for_key(MILESTONES_GROUP) == milestones
    assert cell(milestones, TreeColumn.TIMING) == "2012"


def test_an_edited_outline_updates_rows_in_place_and_a_new_shape_resets(
    qapp, plan_service, shipped_plan
) -> None:  # type: ignore[no-untyped-def]
    """An edit of fields (or its undo) keeps the model: only the changed row is signalled,
    so the views keep expansion, selection and scroll without re-reading every row."""
    from dataclasses import replace

    outline = plan_service.outline(shipped_plan.uuid)
    model = PlanTreeModel(groups=True)
    model.set_outline(outline)
    resets: list[bool] = []
    changed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda first, last: changed.append((first.row(), last.column())))

    means = outline.means_of_action[3]
    renamed = replace(means, title="Renamed in place")
    edited = replace(
        outline,
        means_of_action=tuple(renamed if m is means else m for m in outline.means_of_action),
    )
    model.set_outline(edited)
    index = model.index_for_uuid(means.uuid)
    assert not resets
    assert changed == [(index.row(), model.columnCount() - 1)]
    assert index.siblingAtColumn(TreeColumn.TITLE).data() == "Renamed in place"
    assert model.outline is edited

    model.set_outline(edited)  # the same rows: nothing to signal
    assert not resets and len(changed) == 1

    fewer = replace(edited, means_of_action=edited.means_of_action[1:])
    model.set_outline(fewer)  # a row gone: the views are told it is a new model
    assert resets == [True]
    assert not model.index_for_uuid(edited.means_of_action[0].uuid).isValid()
