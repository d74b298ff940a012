"""Two copies of the app on one database file: a stale edit is refused, never saved over
the other copy's.

Each copy is a main window over its own ``Database`` (its own engine and connections) on
the same file, as two processes would be. Copy B retitles an item through its detail
editor; copy A, still showing the old title, retitles the same item and presses Enter. The
window must show the conflict dialog with what the database holds now and what the user
typed, keep nothing on its undo stack, and leave B's title in the database.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from poa_desktop.services.setup import open_database
from poa_desktop.store.database import Database
from poa_desktop.store.urls import url_for_path
from ui_driver import DialogAnswer, Services, child, open_window, select_code

# The offscreen platform cannot pass size hints to a window system and says so once per
# top-level window; that is a property of the test platform, not of the window.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CODE = "II.2(iv)"
THEIRS = "Social Security Inquiry, 100 countries"
MINE = "World Social Security Report 2014"
#: Long titles that differ only after the 40th character, where the dialog cuts values.
LONG_THEIRS = "Extend the Social Security Inquiry to all member States by 2015"
LONG_MINE = "Extend the Social Security Inquiry to all member States by 2017"


@pytest.fixture
def second_database(db_path: Path) -> Iterator[Database]:
    """The same database file opened again, as a second copy of the app opens it."""
    database = open_database(url_for_path(db_path)).database
    yield database
    database.dispose()


def retitle(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select all of the title in the detail editor, type ``text`` and press Enter."""
    title = window.detail_pane.fields.widget("title")
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, text)
    qtbot.keyClick(title, Qt.Key.Key_Return)


def test_a_stale_title_edit_is_refused_with_both_values_and_nothing_to_undo(
    qtbot, database, second_database, app_settings
) -> None:  # type: ignore[no-untyped-def]
    copy_a, copy_b = Services.over(database), Services.over(second_database)
    assert copy_a.plans.database is not copy_b.plans.database
    original = copy_a.item(CODE).title
    window_a = open_window(qtbot, copy_a, app_settings)
    window_b = open_window(qtbot, copy_b, app_settings)
    select_code(qtbot, window_a, CODE)
    select_code(qtbot, window_b, CODE)
    title_a = window_a.detail_pane.fields.widget("title")
    assert title_a.toPlainText() == original

    # Copy B retitles the item; copy A has not re-read and still shows the old title.
    window_b.activateWindow()
    qtbot.waitUntil(window_b.isActiveWindow)
    retitle(qtbot, window_b, THEIRS)
    assert copy_a.item(CODE).title == THEIRS  # committed: copy A's services read it
    assert window_b.session.stack.count() == 1
    assert title_a.toPlainText() == original

    # In copy A the user retitles the same item and presses Enter.
    window_a.activateWindow()
    qtbot.waitUntil(window_a.isActiveWindow)
    shown: dict[str, str] = {}

    def answer(dialog) -> None:  # type: ignore[no-untyped-def]
        shown["dialog"] = dialog.objectName()
        for name in ("conflictCurrent", "conflictSeen", "conflictYours"):
            shown[name] = child(dialog, QLabel, name).text()
        child(dialog, QPushButton, "keepTheirsButton").click()

    answerer = DialogAnswer(answer)
    retitle(qtbot, window_a, MINE)
    answerer.check(qtbot, window_a)

    assert shown["dialog"] == "conflictDialog"
    assert shown["conflictCurrent"] == f"“{THEIRS}”"  # what the database holds now
    assert shown["conflictYours"] == f"“{MINE}”"  # what the user typed
    assert shown["conflictSeen"].startswith(f"“{original[:30]}")  # what copy A showed
    assert window_a.session.stack.count() == 0
    assert not window_a.session.stack.canUndo()
    assert copy_a.item(CODE).title == THEIRS
    assert copy_b.item(CODE).title == THEIRS
    # Copy A re-reads and now shows what the database holds.
    qtbot.waitUntil(lambda: title_a.toPlainText() == THEIRS)
    # Undo in copy A has nothing to undo: B's title stays.
    window_a.session.undo()
    assert copy_b.item(CODE).title == THEIRS


def test_saving_over_a_stale_edit_is_one_undo_step_in_that_copy(
    qtbot, database, second_database, app_settings
) -> None:  # type: ignore[no-untyped-def]
    """The other answer: "Save my edit" writes the user's title, undoably, in copy A."""
    copy_a, copy_b = Services.over(database), Services.over(second_database)
    window_a = open_window(qtbot, copy_a, app_settings)
    select_code(qtbot, window_a, CODE)
    uuid = copy_b.item(CODE).uuid
    copy_b.editor.apply(copy_b.builder.edit("item", uuid, {"title": THEIRS}))

    answerer = DialogAnswer(lambda d: child(d, QPushButton, "saveMineButton").click(),
                            "conflictDialog")  # fmt: skip
    retitle(qtbot, window_a, MINE)
    answerer.check(qtbot, window_a)
    assert copy_b.item(CODE).title == MINE
    assert window_a.session.stack.count() == 1
    window_a.session.undo()
    assert copy_b.item(CODE).title == THEIRS


def test_the_conflict_dialog_shows_long_values_in_full(
    qtbot, database, second_database, app_settings
) -> None:  # type: ignore[no-untyped-def]
    """Two long titles that differ after the 40th character (where the editor's short quotes
    end) must be told apart in the dialog."""
    copy_a, copy_b = Services.over(database), Services.over(second_database)
    window_a = open_window(qtbot, copy_a, app_settings)
    select_code(qtbot, window_a, CODE)
    uuid = copy_b.item(CODE).uuid
    copy_b.editor.apply(copy_b.builder.edit("item", uuid, {"title": LONG_THEIRS}))
    shown: dict[str, str] = {}

    def answer(dialog) -> None:  # type: ignore[no-untyped-def]
        for name in ("conflictCurrent", "conflictYours"):
            label = child(dialog, QLabel, name)
            shown[name] = f"{label.text()}\n{label.toolTip()}"
        child(dialog, QPushButton, "keepTheirsButton").click()

    answerer = DialogAnswer(answer, "conflictDialog")
    retitle(qtbot, window_a, LONG_MINE)
    answerer.check(qtbot, window_a)
    assert copy_b.item(CODE).title == LONG_THEIRS and window_a.session.stack.count() == 0
    assert LONG_THEIRS in shown["conflictCurrent"]
    assert LONG_MINE in shown["conflictYours"]
