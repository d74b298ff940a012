"""The dependencies, mandates and indicators registers driven like a coordinator drives
them: new dependencies and cycles, implementing activities and gender coverage,
measurements and targets; each assertion reads the database back through the services.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QSpinBox,
)

from poa_desktop.domain.enums import DependencyType
from poa_desktop.ui.registers import (
    DependenciesView,
    IndicatorsView,
    MandatesView,
)
from register_driver import (
    OFFSCREEN_NOTICES,
    button,
    cell,
    commit,
    display,
    double_click,
    press_ok,
    reactivate,
    start_editing,
    wait_for,
)

pytestmark = OFFSCREEN_NOTICES


def test_add_a_dependency_then_edit_its_type_and_lag(
    qtbot, open_view, plan_service, registers, shipped_plan
) -> None:
    view = open_view(DependenciesView)
    before = len(registers.dependencies(shipped_plan.uuid))
    qtbot.mouseClick(button(view, "dependenciesAddButton"), Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, view, QDialog, "dependencyDialog")
    from_combo = dialog.findChild(QComboBox, "dependencyFromCombo")
    to_combo = dialog.findChild(QComboBox, "dependencyToCombo")
    from_combo.lineEdit().clear()
    qtbot.keyClicks(from_combo.lineEdit(), "V.2(i)")
    qtbot.keyClicks(to_combo.lineEdit(), "V.2(i)")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # an item cannot depend on itself
    to_combo.lineEdit().clear()
    qtbot.keyClicks(to_combo.lineEdit(), "KO18")
    dialog.findChild(QSpinBox, "dependencyLagSpin").setValue(30)
    press_ok(qtbot, dialog)
    rows = registers.dependencies(shipped_plan.uuid)
    added = rows[-1]
    assert len(rows) == before + 1
    assert (added.from_code, added.to_code, added.type, added.lag_days) == (
        "V.2(i)",
        "KO18",
        DependencyType.FS,
        30,
    )
    assert view.selected_uuid() == added.uuid

    reactivate(qtbot, view)
    combo = start_editing(qtbot, view.table, added.uuid, "type")
    combo.setCurrentIndex(combo.findData("SS"))
    commit(qtbot, view.table, combo)
    spin = start_editing(qtbot, view.table, added.uuid, "lag")
    assert isinstance(spin, QSpinBox)
    spin.selectAll()
    qtbot.keyClicks(spin, "-5")
    commit(qtbot, view.table, spin)
    added = registers.dependencies(shipped_plan.uuid)[-1]
    assert (added.type, added.lag_days) == (DependencyType.SS, -5)
    assert display(view.table, added.uuid, "lag") == "-5"


def test_double_click_from_selects_that_item_in_the_plan(qtbot, open_view, registers, shipped_plan):
    view = open_view(DependenciesView)
    row = registers.dependencies(shipped_plan.uuid)[2]
    with qtbot.waitSignal(view.itemActivated) as activated:
        double_click(qtbot, view.table, cell(view.table, row.uuid, "from"))
    assert activated.args == [row.from_uuid]
    view.table.select_uuid(row.uuid)
    with qtbot.waitSignal(view.itemActivated) as activated:
        qtbot.mouseClick(button(view, "dependenciesShowToButton"), Qt.MouseButton.LeftButton)
    assert activated.args == [row.to_uuid]


def test_a_dependency_cycle_is_refused(qtbot, open_view, undo_window, registers, shipped_plan):
    view = open_view(DependenciesView)
    row = next(r for r in registers.dependencies(shipped_plan.uuid) if r.from_code == "I.3(i)")
    view.table.select_uuid(row.uuid)
    qtbot.mouseClick(button(view, "dependenciesAddButton"), Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, view, QDialog, "dependencyDialog")
    dialog.from_combo.select_uuid(row.to_uuid)
    dialog.to_combo.select_uuid(row.from_uuid)
    press_ok(qtbot, dialog)
    assert "cycle" in str(undo_window.refused[-1])
    assert len(registers.dependencies(shipped_plan.uuid)) == view.table.source.rowCount()


# --- mandates and gender coverage ---------------------------------------------------------


def test_removing_the_only_implementing_activity_flags_the_paragraph(
    qtbot, open_view, undo_window, registers, shipped_plan, plan_service
) -> None:
    view = open_view(MandatesView)
    mandate = next(m for m in registers.mandates(shipped_plan.uuid) if m.code == "35(d)")
    assert mandate.activity_codes == ("III.2",)
    assert display(view.table, mandate.uuid, "activities") == "III.2"
    view.table.select_uuid(mandate.uuid)
    qtbot.mouseClick(button(view, "mandatesActivitiesButton"), Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, view, QDialog, "mandateActivitiesDialog")
    assert [dialog.list.item(i).text().split(" — ")[0] for i in range(dialog.list.count())
            if dialog.list.item(i).checkState() == Qt.CheckState.Checked] == ["III.2"]  # fmt: skip
    activity = next(
        a for a in plan_service.outline(shipped_plan.uuid).activities if a.code == "III.2"
    )
    paragraphs_before = [m.code for m in plan_service.item_detail(activity.uuid).mandates]
    dialog.set_checked(activity.uuid, False)
    press_ok(qtbot, dialog)
    assert (
        next(m for m in registers.mandates(shipped_plan.uuid) if m.code == "35(d)").activity_codes
        == ()
    )
    flag = cell(view.table, mandate.uuid, "activities")
    assert flag.data() == "Not implemented"
    assert flag.data(Qt.ItemDataRole.DecorationRole) is not None
    assert (
        "1 not implemented" in view.findChild(type(view._count_label), "mandatesCountLabel").text()
    )
    # The activity keeps its other paragraphs.
    assert [m.code for m in plan_service.item_detail(activity.uuid).mandates] == [
        code for code in paragraphs_before if code != "35(d)"
    ]
    undo_window.stack.undo()
    assert display(view.table, mandate.uuid, "activities") == "III.2"


def test_add_two_implementing_activities_is_one_undo_step(
    qtbot, open_view, undo_window, registers, shipped_plan, plan_service
):
    view = open_view(MandatesView)
    mandate = next(m for m in registers.mandates(shipped_plan.uuid) if m.code == "35(d)")
    view.table.select_uuid(mandate.uuid)
    activities = {a.code: a.uuid for a in plan_service.outline(shipped_plan.uuid).activities}
    qtbot.mouseClick(button(view, "mandatesActivitiesButton"), Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, view, QDialog, "mandateActivitiesDialog")
    dialog.set_checked(activities["I.1"], True)
    dialog.set_checked(activities["V.2"], True)
    press_ok(qtbot, dialog)
    codes = next(
        m for m in registers.mandates(shipped_plan.uuid) if m.code == "35(d)"
    ).activity_codes
    assert set(codes) == {"I.1", "III.2", "V.2"}
    assert undo_window.stack.count() == 1


def test_gender_coverage_heading_counts_marked_activities(open_view, registers, shipped_plan):
    view = open_view(MandatesView)
    rows = registers.gender_coverage(shipped_plan.uuid)
    marked, total = sum(r.marked for r in rows), sum(r.activities for r in rows)
    assert (
        view.coverage_heading
        == f"Gender coverage: {marked} of {total} activities carry a gender marker"
    )
    assert view.coverage_table.source.rows == rows


# --- indicators ----------------------------------------------------------------------------


def test_a_measurement_shows_progress(
    qtbot, open_view, undo_window, registers, shipped_plan
) -> None:
    view = open_view(IndicatorsView)
    c102 = next(
        i for i in registers.indicators(shipped_plan.uuid) if i.code == "C102-RATIFICATIONS"
    )
    assert (c102.baseline_value, c102.target_value, c102.measurements) == (47, 60, ())
    view.table.select_uuid(c102.uuid)
    assert display(view.table, c102.uuid, "progress") == ""
    qtbot.mouseClick(button(view, "indicatorsAddMeasurementButton"), Qt.MouseButton.LeftButton)
    dialog = wait_for(qtbot, view, QDialog, "measurementDialog")
    dialog.findChild(QDateEdit, "measurementDateEdit").setDate(QDate(2015, 12, 31))
    qtbot.keyClicks(dialog.findChild(QLineEdit, "measurementValueEdit"), "53")
    press_ok(qtbot, dialog)
    [measurement] = next(
        i for i in registers.indicators(shipped_plan.uuid) if i.code == c102.code
    ).measurements
    assert (measurement.measured_on, measurement.value) == (date(2015, 12, 31), 53)
    assert display(view.table, c102.uuid, "progress") == "46\u00a0%"
    assert display(view.table, c102.uuid, "latest") == "53"
    assert view.measurements_table.source.rows == (measurement,)
    undo_window.stack.undo()
    assert display(view.table, c102.uuid, "progress") == ""


def test_edit_a_target_and_delete_a_measurement(
    qtbot, open_view, measured, registers, shipped_plan
):
    view = open_view(IndicatorsView)
    view.table.select_uuid(measured.uuid)
    editor = start_editing(qtbot, view.table, measured.uuid, "target")
    editor.selectAll()
    qtbot.keyClicks(editor, "59")
    commit(qtbot, view.table, editor)
    assert (
        next(
            i for i in registers.indicators(shipped_plan.uuid) if i.uuid == measured.uuid
        ).target_value
        == 59
    )
    assert display(view.table, measured.uuid, "progress") == "50\u00a0%"  # (53-47)/(59-47)
    latest = view.measurements_table.source.rows[-1]
    view.measurements_table.select_uuid(latest.uuid)
    qtbot.mouseClick(button(view, "indicatorsDeleteMeasurementButton"), Qt.MouseButton.LeftButton)
    [left] = next(
        i for i in registers.indicators(shipped_plan.uuid) if i.uuid == measured.uuid
    ).measurements
    assert left.value == 50


def test_add_an_indicator_and_name_it(qtbot, open_view, registers, shipped_plan) -> None:
    view = open_view(IndicatorsView)
    qtbot.mouseClick(button(view, "indicatorsAddButton"), Qt.MouseButton.LeftButton)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Countries with a national social protection floor")
    commit(qtbot, view.table, editor)
    added = registers.indicators(shipped_plan.uuid)[-1]
    assert (added.code, added.title) == (
        "IND-1",
        "Countries with a national social protection floor",
    )


# --- columns, filter, plan ------------------------------------------------------------------
