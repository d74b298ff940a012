"""The editor, used as a coordinator would: select a row, type, pick, press keys; then ask
the database (through the services) what it now holds."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton

from poa_desktop.domain.enums import GenderMarker, PartnerRoleKind, Status
from poa_desktop.ui.editor_widgets import FieldErrorLabel
from poa_desktop.ui.plan_tree_model import TreeColumn
from poa_desktop.ui.status_style import status_icon
from ui_driver import (
    DialogAnswer,
    Services,
    child,
    click_row,
    find_row,
    open_window,
    select_code,
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def services(database) -> Services:
    return Services.over(database)


@pytest.fixture
def window(qtbot, services, app_settings):
    return open_window(qtbot, services, app_settings)


def error_text(window, field: str) -> str:
    label = child(window.detail_pane, FieldErrorLabel, f"fieldError_{field}")
    return label.text


# Fields


def test_type_a_title_press_enter_then_undo_and_redo(window, qtbot, services) -> None:
    select_code(qtbot, window, "II.2(iv)")
    old = services.item("II.2(iv)").title
    title = window.detail_pane.fields.widget("title")
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Expand the Social Security Inquiry")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert services.item("II.2(iv)").title == "Expand the Social Security Inquiry"
    assert "Saved: II.2(iv) title → “Expand the Social Security Inquiry”" in (
        window.statusBar().currentMessage()
    )

    qtbot.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.item("II.2(iv)").title == old
    qtbot.waitUntil(lambda: title.toPlainText() == old)
    assert window.statusBar().currentMessage().startswith("Undone: II.2(iv) title")

    qtbot.keyClick(
        title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert services.item("II.2(iv)").title == "Expand the Social Security Inquiry"
    qtbot.keyClick(window.plan_view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.item("II.2(iv)").title == old
    qtbot.keyClick(window.plan_view.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert services.item("II.2(iv)").title == "Expand the Social Security Inquiry"
    assert window.plan_view.current()[0] == services.item("II.2(iv)").uuid


def test_typing_not_yet_saved_is_undone_in_the_field_first(window, qtbot, services) -> None:
    select_code(qtbot, window, "II.2(iv)")
    old = services.item("II.2(iv)").title
    title = window.detail_pane.fields.widget("title")
    title.setFocus()
    qtbot.keyClicks(title, " draft")
    qtbot.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert title.toPlainText() != old + " draft"  # the field's own undo took the key
    assert window.session.stack.count() == 0
    qtbot.keyClick(title, Qt.Key.Key_Escape)
    assert title.toPlainText() == old


def test_an_end_before_the_start_is_refused_beside_the_end(window, qtbot, services) -> None:
    select_code(qtbot, window, "II.2(iv)")
    before = services.item("II.2(iv)")
    end = window.detail_pane.fields.widget("end")
    end.date_edit.setFocus()
    end.date_edit.setDate(QDate(2011, 3, 1))
    qtbot.keyClick(end.date_edit, Qt.Key.Key_Return)
    assert "is before the start" in error_text(window, "end")
    label = child(window.detail_pane, FieldErrorLabel, "fieldError_end")
    assert label.isVisible()
    assert services.item("II.2(iv)").end == before.end
    assert window.session.stack.count() == 0  # a refused change is no undo step
    # Fixing the date clears the message and saves.
    end.set_date(date(2016, 12, 31))
    assert services.item("II.2(iv)").end == date(2016, 12, 31)
    assert error_text(window, "end") == ""


def test_no_date_clears_the_start(window, qtbot, services) -> None:
    select_code(qtbot, window, "II.2(iv)")
    start = window.detail_pane.fields.widget("start")
    qtbot.mouseClick(start.none_box, Qt.MouseButton.LeftButton)
    assert services.item("II.2(iv)").start is None
    assert not start.date_edit.isEnabled()
    window.session.undo()
    assert services.item("II.2(iv)").start == date(2012, 1, 1)


def test_status_from_the_combo_shows_in_the_tree(window, qtbot, services) -> None:
    select_code(qtbot, window, "II.2(iv)")
    tree = window.plan_view.tree
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # Enter on the row: to the editor
    title = window.detail_pane.fields.widget("title")
    qtbot.waitUntil(title.hasFocus)
    combo = window.detail_pane.fields.widget("status")
    for _ in range(20):  # Tab down the form to the status
        if combo.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert combo.hasFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # Not started → On track
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # → At risk
    assert services.item("II.2(iv)").status is Status.AT_RISK
    assert window.session.stack.count() == 1  # the two steps are one undo step
    assert window.statusBar().currentMessage() == "Saved: II.2(iv) status → At risk"
    index = find_row(window.plan_view.tree, "II.2(iv)").siblingAtColumn(TreeColumn.STATUS)
    assert index.data() == "At risk"
    icon = index.data(Qt.ItemDataRole.DecorationRole)
    expected = status_icon(Status.AT_RISK).pixmap(16).toImage()
    assert icon.pixmap(16).toImage() == expected
    assert combo.itemIcon(combo.currentIndex()).pixmap(16).toImage() == expected


def test_arrow_steps_in_percent_are_one_undo_step(window, qtbot, services) -> None:
    select_code(qtbot, window, "II.2(iv)")
    spin = window.detail_pane.fields.widget("percent_complete")
    assert spin.suffix() == " %" and (spin.minimum(), spin.maximum()) == (0, 100)
    spin.setFocus()
    for _ in range(3):
        qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert services.item("II.2(iv)").percent_complete == 15
    assert window.session.stack.count() == 1
    window.session.undo()
    assert services.item("II.2(iv)").percent_complete == 0


def test_gender_marker_and_note(window, qtbot, services) -> None:
    select_code(qtbot, window, "II.2")
    combo = window.detail_pane.fields.widget("gender_marker")
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == [
        "Not screened",
        "Not targeted",
        "Significant objective",
        "Principal objective",
    ]
    combo.choose(GenderMarker.SIGNIFICANT.value)
    note = window.detail_pane.fields.widget("gender_note")
    note.setFocus()
    note.selectAll()
    qtbot.keyClicks(note, "Sex-disaggregated data in every report.")
    window.plan_view.tree.setFocus()  # leaving the field saves it
    uuid = services.item("II.2").uuid
    detail = services.plans.item_detail(uuid)
    assert detail.row.gender_marker is GenderMarker.SIGNIFICANT
    assert detail.gender_note == "Sex-disaggregated data in every report."


def test_a_duplicate_code_is_refused_beside_the_code(window, qtbot, services) -> None:
    select_code(qtbot, window, "II.2(iv)")
    code = window.detail_pane.fields.widget("code")
    code.setFocus()
    code.selectAll()
    qtbot.keyClicks(code, "II.2(v)")
    qtbot.keyClick(code, Qt.Key.Key_Return)
    assert "already used" in error_text(window, "code")
    assert "II.2(iv)" in services.codes()


def test_a_stale_edit_shows_both_values_and_can_be_kept(window, qtbot, services) -> None:
    select_code(qtbot, window, "II.2(iv)")
    uuid = services.item("II.2(iv)").uuid
    services.editor.apply(services.builder.edit("item", uuid, {"timing_text": "Elsewhere"}))
    timing = window.detail_pane.fields.widget("timing_text")
    timing.setFocus()
    timing.selectAll()
    qtbot.keyClicks(timing, "Mine")

    def answer(dialog) -> None:
        assert dialog.objectName() == "conflictDialog"
        assert child(dialog, QLabel, "conflictCurrent").text() == "“Elsewhere”"
        assert child(dialog, QLabel, "conflictYours").text() == "“Mine”"
        child(dialog, QPushButton, "keepTheirsButton").click()

    answerer = DialogAnswer(answer)
    qtbot.keyClick(timing, Qt.Key.Key_Return)
    answerer.check()
    assert services.item("II.2(iv)").timing_text == "Elsewhere"
    qtbot.waitUntil(lambda: timing.text() == "Elsewhere")

    services.editor.apply(services.builder.edit("item", uuid, {"timing_text": "Again"}))
    timing.setFocus()
    timing.selectAll()
    qtbot.keyClicks(timing, "Mine")
    answerer = DialogAnswer(lambda d: child(d, QPushButton, "saveMineButton").click())
    qtbot.keyClick(timing, Qt.Key.Key_Return)
    answerer.check()
    assert services.item("II.2(iv)").timing_text == "Mine"
    window.session.undo()
    assert services.item("II.2(iv)").timing_text == "Again"


def test_a_milestone_has_one_date(window, qtbot, services) -> None:
    window.show_view("outputs")
    assert window.outputs_view.select(services.item("MS-GB-312").uuid)
    fields = window.outputs_view.detail.fields
    qtbot.waitUntil(lambda: fields.widget("code").text() == "MS-GB-312")
    assert not fields.widget("end").isVisibleTo(fields)
    fields.widget("start").set_date(date(2011, 11, 15))
    row = services.item("MS-GB-312")
    assert (row.start, row.end) == (date(2011, 11, 15), date(2011, 11, 15))


def test_a_component_title_is_editable(window, qtbot, services) -> None:
    window.show_view("plan")
    tree = window.plan_view.tree
    click_row(qtbot, tree, find_row(tree, "II"))
    title = window.detail_pane.fields.widget("title")
    qtbot.waitUntil(lambda: window.detail_pane.fields.widget("code").text() == "II")
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Knowledge")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    plan = services.plan()
    components = services.plans.outline(plan.uuid).components
    assert next(c.title for c in components if c.code == "II") == "Knowledge"
    assert find_row(tree, "II").siblingAtColumn(TreeColumn.TITLE).data() == "Knowledge"


# Links


def test_link_a_partner_with_a_role_and_remove_it(window, qtbot, services) -> None:
    select_code(qtbot, window, "II.2(iv)")
    links = window.detail_pane.partners
    uuid = services.item("II.2(iv)").uuid
    plan = services.plan()

    def roles() -> list[tuple[str, PartnerRoleKind]]:
        return sorted(
            (r.partner_code, r.role)
            for r in services.registers.partner_roles(plan.uuid)
            if r.item_uuid == uuid
        )

    before = roles()
    assert links.pick("World Bank", PartnerRoleKind.FUNDER)
    qtbot.mouseClick(links.add_button, Qt.MouseButton.LeftButton)
    assert roles() == sorted([*before, ("WORLD-BANK", PartnerRoleKind.FUNDER)])
    qtbot.waitUntil(lambda: links.model.rowCount() == len(before) + 1)
    assert "Link WORLD-BANK to II.2(iv) as Funder" in window.statusBar().currentMessage()

    # The same partner in the same role again is refused beside the pickers.
    qtbot.mouseClick(links.add_button, Qt.MouseButton.LeftButton)
    assert "already has this role" in links.error.text
    assert roles() == sorted([*before, ("WORLD-BANK", PartnerRoleKind.FUNDER)])

    row = next(
        i for i in range(links.model.rowCount()) if "World Bank" in links.model.index(i, 0).data()
    )
    links.table.setCurrentIndex(links.model.index(row, 0))
    qtbot.mouseClick(links.remove_button, Qt.MouseButton.LeftButton)
    assert roles() == before


def test_tick_the_mandate_paragraphs_of_an_activity(window, qtbot, services) -> None:
    select_code(qtbot, window, "I.5")
    mandates = window.detail_pane.mandates
    assert mandates.isVisibleTo(window.detail_pane)
    assert mandates.set_checked("35(j)", True)
    uuid = services.item("I.5").uuid
    qtbot.waitUntil(
        lambda: [m.code for m in services.plans.item_detail(uuid).mandates] == ["35(h)", "35(j)"]
    )
    window.session.undo()
    assert [m.code for m in services.plans.item_detail(uuid).mandates] == ["35(h)"]


def test_tick_the_means_that_deliver_a_key_output(window, qtbot, services) -> None:
    window.show_view("outputs")
    window.outputs_view.select(services.item("KO6").uuid)
    pane = window.outputs_view.detail
    qtbot.waitUntil(lambda: pane.fields.widget("code").text() == "KO6")
    assert pane.delivered_by.set_checked("II.2(v)", True)
    qtbot.waitUntil(lambda: services.item("II.2(v)").key_output_numbers == (6, 8))
    assert (
        find_row(window.plan_view.tree, "II.2(v)").siblingAtColumn(TreeColumn.KEY_OUTPUT).data()
        == "★ KO6, KO8"
    )


# Progress notes


def test_add_and_delete_a_progress_note(window, qtbot, services, app_settings) -> None:
    app_settings.author_name = "SEC/SOC"
    select_code(qtbot, window, "V.2(i)")
    notes = window.detail_pane.notes
    assert notes.author_edit.text() == "SEC/SOC"
    assert notes.date_edit.date() == QDate.currentDate()
    notes.author_edit.setText("Coordinator")
    notes.date_edit.setDate(QDate(2013, 5, 2))
    notes.text_edit.setFocus()
    qtbot.keyClicks(notes.text_edit, "Text agreed with ISSA.")
    qtbot.keyClick(notes.text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    uuid = services.item("V.2(i)").uuid
    [note] = services.plans.item_detail(uuid).progress_notes
    assert (note.noted_on, note.author, note.text) == (
        date(2013, 5, 2),
        "Coordinator",
        "Text agreed with ISSA.",
    )
    assert app_settings.author_name == "Coordinator"
    assert notes.text_edit.toPlainText() == ""
    qtbot.waitUntil(lambda: notes.model.rowCount() == 1)

    notes.table.setCurrentIndex(notes.model.index(0, 0))
    assert notes.delete_button.isEnabled()
    qtbot.mouseClick(notes.delete_button, Qt.MouseButton.LeftButton)
    assert services.plans.item_detail(uuid).progress_notes == ()
    window.session.undo()
    assert len(services.plans.item_detail(uuid).progress_notes) == 1


def test_an_empty_note_is_refused_in_place(window, qtbot, services) -> None:
    select_code(qtbot, window, "V.2(i)")
    notes = window.detail_pane.notes
    qtbot.mouseClick(notes.add_button, Qt.MouseButton.LeftButton)
    assert notes.error.text == "Write what happened first."
    assert services.plans.item_detail(services.item("V.2(i)").uuid).progress_notes == ()


# Errors that are not about a field


def test_a_refused_change_without_a_field_is_a_message(window, qtbot, services) -> None:
    plan = services.plan()
    outline = services.plans.outline(plan.uuid)
    change = services.builder.edit("item", outline.activities[0].uuid, {"title": "x"})
    services.editor.apply(services.builder.delete_plan(plan.uuid))
    assert not window.session.submit(change)
    box = window.findChild(QMessageBox, "errorDialog")
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert window.session.stack.count() == 0
    box.close()
    QApplication.processEvents()


# The undo stack


def test_quick_edits_of_one_field_merge_and_a_round_trip_leaves_no_step(window, services) -> None:
    uuid = services.item("II.2(iv)").uuid
    session = window.session
    for value, seen in ((10, 0), (20, 10)):
        change = services.builder.edit(
            "item", uuid, {"percent_complete": value}, seen={"percent_complete": seen}
        )
        assert session.submit(change)
    assert session.stack.count() == 1
    assert session.stack.text(0) == "II.2(iv) % complete → 20\u00a0%"
    back = services.builder.edit(
        "item", uuid, {"percent_complete": 0}, seen={"percent_complete": 20}
    )
    assert session.submit(back)
    assert session.stack.count() == 0  # 0 → 10 → 20 → 0 is no change at all
    other = services.builder.edit("item", uuid, {"status": "delayed"})
    assert session.submit(other)
    title = services.builder.edit("item", uuid, {"title": "Another title"})
    assert session.submit(title)
    assert session.stack.count() == 2  # different fields do not merge


def test_an_undo_the_database_no_longer_allows_is_dropped_with_a_message(
    window, qtbot, services
) -> None:
    uuid = services.item("II.2(iv)").uuid
    assert window.session.submit(services.builder.edit("item", uuid, {"title": "Mine"}))
    services.editor.apply(services.builder.edit("item", uuid, {"title": "Theirs"}))
    with qtbot.waitSignal(window.session.planChanged):
        window.session.undo()
    assert services.item("II.2(iv)").title == "Theirs"
    assert window.session.stack.count() == 0
    box = window.findChild(QMessageBox, "errorDialog")
    assert box is not None and "Could not undo" in box.text()
    assert "was changed meanwhile" in box.text()
    box.close()


def test_a_move_at_the_end_of_a_list_is_no_step(window, services) -> None:
    first = services.item("II.2(i)").uuid
    assert window.session.submit(services.builder.move_item(first, -1))
    assert window.session.stack.count() == 0
