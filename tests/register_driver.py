"""Driving the register views (partners, MOUs, dependencies, mandates, indicators) as a
coordinator drives them, for the ``test_ui_register*`` modules.

``submit`` is what the window hands every view: here a real QUndoStack and a minimal undo
command over ``PlanEditor.apply`` (the window's own command lives in ui/undo_commands.py);
after every push, undo and redo the views re-read their rows, as the window's
``planChanged`` makes them do. The fixtures that build these (``registers``,
``undo_window``, ``open_view``, ``measured``) are in conftest.py.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QToolButton,
)

from poa_desktop.domain.changes import Change
from poa_desktop.domain.errors import UserError
from poa_desktop.services.editing import PlanEditor
from poa_desktop.ui.registers import (
    DependencyTableModel,
    GenderCoverageTableModel,
    IndicatorTableModel,
    MandateTableModel,
    MeasurementTableModel,
    MouTableModel,
    PartnerRoleTableModel,
    PartnerTableModel,
)

# The offscreen platform cannot pass size hints to a window system, raise a window or
# grab the keyboard (a completer's popup asks it to); that is the test platform, not us.
OFFSCREEN_NOTICES = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)


# --- the window's part, in miniature -------------------------------------------------------


class ApplyCommand(QUndoCommand):
    """One applied change: undo applies its inverse, redo the inverse of that."""

    def __init__(self, editor: PlanEditor, change: Change, inverse: Change) -> None:
        super().__init__(change.label)
        self._editor = editor
        self._redo = change
        self._undo = inverse
        self._pushed = True

    def redo(self) -> None:
        if self._pushed:  # applied before the push
            self._pushed = False
            return
        self._undo = self._editor.apply(self._redo)

    def undo(self) -> None:
        self._redo = self._editor.apply(self._undo)


class Window:
    """Applies a change, pushes it, and has every view re-read (``planChanged``)."""

    def __init__(self, editor: PlanEditor) -> None:
        self.editor = editor
        self.stack = QUndoStack()
        self.views: list = []
        self.refused: list[UserError] = []
        self.stack.indexChanged.connect(lambda _index: self.plan_changed())

    def submit(self, change: Change) -> bool:
        try:
            inverse = self.editor.apply(change)
        except UserError as error:
            self.refused.append(error)
            return False
        self.stack.push(ApplyCommand(self.editor, change, inverse))
        return True

    def plan_changed(self) -> None:
        for view in self.views:
            view.refresh()


# --- helpers -----------------------------------------------------------------------------


def cell(table, uuid: str, key: str) -> QModelIndex:
    index = table.proxy_index(uuid, key)
    assert index.isValid(), f"no row {uuid} / column {key}"
    return index


def start_editing(qtbot, table, uuid: str, key: str):
    """Select a cell and press F2, as a user would; returns the editor widget."""
    index = cell(table, uuid, key)
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert table.state() == table.State.EditingState
    editor = QApplication.focusWidget()
    assert editor is not None and table.viewport().isAncestorOf(editor)
    return editor


def commit(qtbot, table, editor) -> None:
    """Press Enter in a cell editor; the delegate commits on the next turn of the loop."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)


def type_into_cell(qtbot, table, uuid: str, key: str, text: str) -> None:
    editor = start_editing(qtbot, table, uuid, key)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    commit(qtbot, table, editor)


def double_click(qtbot, table, index: QModelIndex) -> None:
    """Press, release, double-click, release: what a mouse sends (Qt needs the press)."""
    viewport, at = table.viewport(), table.visualRect(index).center()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at)


def reactivate(qtbot, view) -> None:
    """After a dialog closed, its window is active again (offscreen has no window manager)."""
    with qtbot.waitActive(view):
        view.activateWindow()


def button(view, name: str) -> QToolButton:
    found = view.findChild(QToolButton, name)
    assert found is not None, name
    return found


def wait_for(qtbot, parent, cls, name: str):
    found: list = []

    def shown() -> bool:
        widget = parent.findChild(cls, name)
        if widget is not None and widget.isVisible():
            found[:] = [widget]
            return True
        return False

    qtbot.waitUntil(shown)
    return found[0]


def press_ok(qtbot, dialog: QDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def partner(registers, plan, code: str):
    return next(row for row in registers.partners(plan.uuid) if row.code == code)


def display(table, uuid: str, key: str) -> str:
    return cell(table, uuid, key).data()


def shipped_rows(registers, plan_uuid):
    indicators = registers.indicators(plan_uuid)
    return {
        PartnerTableModel: registers.partners(plan_uuid),
        PartnerRoleTableModel: registers.partner_roles(plan_uuid),
        MouTableModel: registers.mous(plan_uuid),
        DependencyTableModel: registers.dependencies(plan_uuid),
        MandateTableModel: registers.mandates(plan_uuid),
        GenderCoverageTableModel: registers.gender_coverage(plan_uuid),
        IndicatorTableModel: indicators,
        MeasurementTableModel: next(i for i in indicators if i.measurements).measurements,
    }
