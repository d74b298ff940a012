"""Backups, restore and recovery of the embedded database."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from poa_desktop.domain.errors import DamagedDatabaseError, UserError
from poa_desktop.services.backups import BackupService
from poa_desktop.services.setup import open_database
from poa_desktop.store.urls import url_for_path


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2014, 3, 1, 9, 0, 0)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def titles(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT title FROM item")}


def test_a_backup_is_a_healthy_copy_with_counts(db_path: Path) -> None:
    info = BackupService(db_path).back_up()
    assert info.reason == "manual" and info.healthy
    assert (info.plans, info.items) == (1, 75)
    assert titles(info.path) == titles(db_path)
    assert not [p for p in info.path.parent.iterdir() if p.suffix == ".tmp"]


def test_a_backup_taken_during_an_edit_holds_only_committed_work(db_path: Path) -> None:
    writer = sqlite3.connect(db_path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE item SET title = 'half-typed' WHERE code = 'I.1'")
    info = BackupService(db_path).back_up()  # the online backup sees the last commit
    writer.rollback()
    writer.close()
    assert "half-typed" not in titles(info.path)


def test_automatic_backups_rotate_and_manual_ones_stay(db_path: Path) -> None:
    clock = Clock()
    backups = BackupService(db_path, keep=3, now=clock)
    manual = backups.back_up("manual")
    for _ in range(5):
        backups.back_up("close")
    kept = backups.backups()
    assert [info.reason for info in kept].count("close") == 3
    assert manual.path in {info.path for info in kept}
    assert kept[0].taken_at > kept[-1].taken_at  # newest first


def test_a_daily_backup_is_taken_once_a_day(db_path: Path) -> None:
    clock = Clock()
    backups = BackupService(db_path, now=clock)
    assert backups.back_up_if_due() is not None
    assert backups.back_up_if_due() is None
    clock.now += timedelta(days=1)
    assert backups.back_up_if_due() is not None


def test_restore_keeps_the_current_file_aside(db_path: Path) -> None:
    backups = BackupService(db_path)
    backup = backups.back_up()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE item SET title = 'after the backup' WHERE code = 'I.1'")
    aside = backups.restore(backup.path)
    assert "after the backup" not in titles(db_path)
    assert "after the backup" in titles(aside)
    assert aside.name.startswith("plan.sqlite.before-restore-")


def test_a_damaged_backup_is_not_restored(db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(UserError, match="damaged"):
        BackupService(db_path).restore(bad)
    assert titles(db_path)


def corrupt(path: Path) -> None:
    """Overwrite the middle of the file with garbage, as a failing disk might."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = b"\xde\xad\xbe\xef" * 2048
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["corrupt", "truncate"])
def test_a_damaged_database_is_moved_aside_and_the_newest_backup_offered(
    db_path: Path, damage: str
) -> None:
    backup = BackupService(db_path).back_up()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    if damage == "corrupt":
        corrupt(db_path)
    else:
        data = db_path.read_bytes()
        db_path.write_bytes(data[: len(data) // 3])
    damaged = db_path.read_bytes()
    with pytest.raises(DamagedDatabaseError) as raised:
        open_database(url_for_path(db_path))
    error = raised.value
    assert Path(str(error.moved_to)).read_bytes() == damaged  # kept, unchanged
    assert not db_path.exists()
    assert Path(str(error.backup)) == backup.path
    assert "restore" in str(error) and str(backup.path) in str(error)


def test_backup_and_restore_commands(cli, db_path: Path) -> None:
    status, out, _ = cli("--db", db_path, "backup", "now")
    assert status == 0 and "1 plan(s), 75 items" in out
    status, out, _ = cli("--db", db_path, "backup", "list")
    path = out.split()[-1]
    assert status == 0 and "manual" in out
    status, _, err = cli("--db", db_path, "restore", path)
    assert status == 2 and "--yes" in err  # no terminal to ask on
    status, out, _ = cli("--db", db_path, "restore", path, "--yes")
    assert status == 0 and "kept as" in out


def test_backups_are_for_sqlite_only(cli) -> None:
    status, _, err = cli("--db", "postgresql+psycopg://nobody@/nothing", "backup", "list")
    assert status == 2 and "pg_dump" in err
