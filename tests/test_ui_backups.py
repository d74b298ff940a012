"""Backups and recovery in the window, used as a coordinator would: back up now, restore a
backup (listed with its date, reason and counts, confirmed first, the current file kept
aside), the daily backup at start and the one on close, a damaged or newer database at
start, a warning about a network folder, and saving a baseline.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPushButton

from poa_desktop.app import backups_for, build_main_window
from poa_desktop.domain.errors import DamagedDatabaseError, DatabaseVersionError
from poa_desktop.services.backups import BackupService
from poa_desktop.store.urls import url_for_path
from ui_driver import DialogAnswer, Services, child, open_window, select_code, show_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def services(database, db_path) -> Services:
    services = Services.over(database)
    services.backups = backups_for(database, url_for_path(db_path), keep=10)
    return services


@pytest.fixture
def window(qtbot, services, app_settings):
    return open_window(qtbot, services, app_settings)


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def wait_jobs(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=30000)


def test_back_up_now_names_the_file(window, qtbot, services, db_path) -> None:
    action(window, "actionBackUpNow").trigger()
    wait_jobs(qtbot, window)
    [backup] = [b for b in BackupService(db_path).backups() if b.reason == "manual"]
    assert str(backup.path) in window.statusBar().currentMessage()
    counts = services.plans.counts(services.plan().uuid)
    items = counts.activities + counts.means_of_action + counts.key_outputs + counts.milestones
    assert (backup.plans, backup.items) == (1, items)


def test_restore_lists_the_backups_asks_and_goes_back(window, qtbot, services, db_path) -> None:
    taken = services.backups.back_up("manual")
    select_code(qtbot, window, "II.2(iv)")
    window.detail_pane.fields.widget("status").choose("at_risk")
    assert services.item("II.2(iv)").status == "at_risk"
    rows: list[list[str]] = []

    def choose(dialog) -> None:  # type: ignore[no-untyped-def]
        model = dialog.model
        rows.extend(
            [model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())
        )
        child(dialog, QPushButton, "restoreButton").click()

    texts: list[str] = []

    def confirm(box) -> None:  # type: ignore[no-untyped-def]
        texts.append(box.text())
        child(box, QPushButton, "confirmRestoreButton").click()

    listing = DialogAnswer(choose, "restoreDialog")
    confirming = DialogAnswer(confirm, "confirmRestoreDialog")
    action(window, "actionRestore").trigger()
    listing.check()
    confirming.check()

    # The window's daily backup may share the second of the one taken by hand.
    [manual] = [row for row in rows if row[0] == f"{taken.taken_at:%Y-%m-%d %H:%M:%S}"
                and row[1] == "backed up by hand"]  # fmt: skip
    assert manual[1:4] == ["backed up by hand", "1", str(taken.items)]
    assert f"{taken.taken_at:%Y-%m-%d %H:%M}" in texts[0]
    qtbot.waitUntil(lambda: "kept as" in window.statusBar().currentMessage())
    assert services.item("II.2(iv)").status == "not_started"  # as in the backup
    assert window.session.stack.count() == 0  # the history of another file is gone
    assert window.plan is not None and window.detail_pane is not None
    aside = [p for p in db_path.parent.iterdir() if "before-restore" in p.name]
    assert aside, "the database as it was is kept aside"
    kept = sqlite3.connect(aside[0])
    try:
        status = kept.execute("SELECT status FROM item WHERE code = 'II.2(iv)'").fetchone()[0]
    finally:
        kept.close()
    assert status == "at_risk"


def test_restore_can_be_cancelled_at_the_question(window, qtbot, services) -> None:
    services.backups.back_up("manual")
    select_code(qtbot, window, "II.2(iv)")
    window.detail_pane.fields.widget("status").choose("at_risk")
    listing = DialogAnswer(
        lambda d: child(d, QPushButton, "restoreButton").click(), "restoreDialog"
    )
    confirming = DialogAnswer(lambda box: box.reject(), "confirmRestoreDialog")
    action(window, "actionRestore").trigger()
    listing.check()
    confirming.check()
    assert services.item("II.2(iv)").status == "at_risk"
    assert window.session.stack.count() == 1


def _open(qtbot, db_path, app_settings):  # type: ignore[no-untyped-def]
    window, database = build_main_window(url_for_path(db_path), settings=app_settings)
    show_window(qtbot, window)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=30000)
    return window, database


def test_a_daily_backup_at_start_one_on_close_and_the_kept_number(
    qtbot, db_path, app_settings
) -> None:
    app_settings.backup_keep = 2
    window, database = _open(qtbot, db_path, app_settings)
    try:
        reasons = [b.reason for b in BackupService(db_path).backups()]
        assert reasons == ["daily"]
        assert "Daily backup" in window.statusBar().currentMessage()
        window.close()
        assert [b.reason for b in BackupService(db_path).backups()] == ["close", "daily"]
    finally:
        database.dispose()
    for _ in range(2):  # no second daily backup today; each close makes one
        window, database = _open(qtbot, db_path, app_settings)
        try:
            window.close()
        finally:
            database.dispose()
    assert [b.reason for b in BackupService(db_path).backups()] == ["close", "close"]


def _damage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 4000)


def test_a_damaged_database_offers_the_newest_good_backup(qtbot, db_path, app_settings) -> None:
    good = BackupService(db_path).back_up("manual")
    _damage(db_path)
    seen: list[str] = []

    def restore(box) -> None:  # type: ignore[no-untyped-def]
        seen.extend([box.text(), box.informativeText()])
        child(box, QPushButton, "restoreBackupButton").click()

    answerer = DialogAnswer(restore, "damagedDatabaseDialog")
    window, database = build_main_window(url_for_path(db_path), settings=app_settings)
    try:
        answerer.check()
        assert "damaged" in seen[0] and "moved aside, unchanged" in seen[0]
        assert good.path.name in seen[1]
        show_window(qtbot, window)
        assert window.plan is not None and window.plan.code == "ilo-ss-2011-19"
        assert [p for p in db_path.parent.iterdir() if "damaged" in p.name]
    finally:
        database.dispose()


def test_a_damaged_database_without_backup_can_start_afresh(qtbot, db_path, app_settings) -> None:
    _damage(db_path)
    answerer = DialogAnswer(
        lambda box: child(box, QPushButton, "newDatabaseButton").click(), "damagedDatabaseDialog"
    )
    window, database = build_main_window(url_for_path(db_path), settings=app_settings)
    try:
        answerer.check()
        show_window(qtbot, window)
        assert window.plan is not None  # the shipped plan, in a new file
        moved = [p for p in db_path.parent.iterdir() if "damaged" in p.name]
        assert moved and moved[0].read_bytes().startswith(b"SQLite format 3\x00\xde\xad")
    finally:
        database.dispose()


def test_a_damaged_database_and_quit(qtbot, db_path, app_settings) -> None:
    _damage(db_path)
    answerer = DialogAnswer(
        lambda box: child(box, QPushButton, "quitButton").click(), "damagedDatabaseDialog"
    )
    with pytest.raises(DamagedDatabaseError):
        build_main_window(url_for_path(db_path), settings=app_settings)
    answerer.check()
    assert not db_path.exists()  # moved aside, never overwritten


def test_a_database_from_a_newer_version_is_refused(qtbot, db_path, app_settings) -> None:
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.close()
    before = db_path.read_bytes()
    seen: list[str] = []

    def close(box) -> None:  # type: ignore[no-untyped-def]
        seen.extend([box.text(), box.informativeText()])
        box.accept()

    answerer = DialogAnswer(close, "newerDatabaseDialog")
    with pytest.raises(DatabaseVersionError):
        build_main_window(url_for_path(db_path), settings=app_settings)
    answerer.check()
    assert "newer version" in seen[0] and "Nothing in it was changed" in seen[1]
    assert db_path.read_bytes() == before


def test_a_network_folder_is_warned_about_once(qtbot, db_path, app_settings, monkeypatch) -> None:
    warning = "The database is in a folder synchronised by Dropbox; keep one copy open."
    monkeypatch.setattr("poa_desktop.services.setup.storage_warning", lambda path: warning)
    window, database = build_main_window(url_for_path(db_path), settings=app_settings)
    try:
        show_window(qtbot, window)
        box = child(window, QMessageBox, "storageWarning")
        qtbot.waitUntil(box.isVisible)
        assert box.text() == warning and not box.isModal()  # the window stays usable
        bar = window.statusBar()
        bar.showMessage("Saved: something", 10000)  # another message (the day's backup)…
        bar.clearMessage()  # …ends: the warning is the status bar's message again
        assert bar.currentMessage() == warning
        window.reload()
        assert len(window.findChildren(QMessageBox, "storageWarning")) == 1  # once
        box.close()
    finally:
        database.dispose()


def test_save_a_baseline_then_undo(window, qtbot, services) -> None:
    plan = services.plan()

    def name_it(dialog) -> None:  # type: ignore[no-untyped-def]
        edit = child(dialog, QLineEdit, "baselineNameEdit")
        edit.setText("GB.312, November 2011")  # taken: refused in the dialog
        dialog.accept()
        assert child(dialog, QLabel, "baselineProblem").isVisibleTo(dialog)
        edit.setText("Mid-term review 2015")
        child(dialog, QLineEdit, "baselineNoteEdit").setText("As reported to GB.325")
        dialog.accept()

    answerer = DialogAnswer(name_it, "baselineDialog")
    action(window, "actionSaveBaseline").trigger()
    answerer.check()
    names = [b.name for b in services.baselines.baselines(plan.uuid)]
    assert names[-1] == "Mid-term review 2015"
    combo = window.chart.baseline_combo
    qtbot.waitUntil(lambda: combo.findText("Mid-term review 2015") >= 0)  # the chart offers it
    window.session.undo()
    assert "Mid-term review 2015" not in [b.name for b in services.baselines.baselines(plan.uuid)]
