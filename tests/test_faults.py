"""Faults at the edges: a full disk, a read-only folder, a locked file, a network folder.

Each gives a clear message, leaves the saved data intact, and the app keeps working. The
full-disk and read-only cases mount a small tmpfs, which needs root (CI runs as root);
elsewhere they are skipped.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from poa_desktop.domain.errors import UserError
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.setup import open_database
from poa_desktop.store.database import Database
from poa_desktop.store.faults import storage_warning
from poa_desktop.store.urls import url_for_path


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1536k", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def first_title(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT title FROM item WHERE code = 'I.1'").fetchone()[0]


def test_a_full_disk_refuses_the_edit_and_keeps_what_was_saved(
    small_disk: Path, db_path: Path
) -> None:
    path = small_disk / "plan.sqlite"
    shutil.copyfile(db_path, path)
    opened = open_database(url_for_path(path))
    service = PlanService(opened.database)
    editor, build = PlanEditor(opened.database), ChangeBuilder(opened.database)
    item = service.outline(service.find_plan().uuid).activities[0].uuid
    editor.apply(build.edit("item", item, {"title": "Saved before the disk filled"}))
    filler = small_disk / "filler.bin"
    with filler.open("wb") as stream, contextlib.suppress(OSError):  # fill the disk
        stream.write(b"\0" * 4_000_000)
    means = service.outline(service.find_plan().uuid).means_of_action
    with pytest.raises(UserError, match="The disk is full"):
        for round_ in range(40):  # long notes until the next page cannot be written
            for row in means:
                note = f"{round_} {row.code} " + "x" * 19_000
                editor.apply(build.edit("item", row.uuid, {"description": note}))
    assert service.item_detail(item).row.title == "Saved before the disk filled"
    filler.unlink()  # space again: the app goes on working
    editor.apply(build.edit("item", item, {"title": "Saved after"}))
    opened.database.dispose()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert first_title(path) == "Saved after"


def test_a_read_only_folder_gives_a_clear_message(small_disk: Path, db_path: Path) -> None:
    path = small_disk / "plan.sqlite"
    shutil.copyfile(db_path, path)
    before = path.read_bytes()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    with pytest.raises(UserError, match="read-only") as raised:
        open_database(url_for_path(path))
    assert "Traceback" not in str(raised.value)
    assert path.read_bytes() == before


def test_a_locked_database_gives_a_clear_message_then_works(db_path: Path) -> None:
    database = Database(url_for_path(db_path), busy_ms=200)
    service = PlanService(database)
    editor, build = PlanEditor(database), ChangeBuilder(database)
    item = service.outline(service.find_plan().uuid).activities[0].uuid
    seen = {"title": service.item_detail(item).row.title}
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the file
    try:
        with pytest.raises(UserError, match="locked by another program"):
            editor.apply(build.edit("item", item, {"title": "while locked"}, seen=seen))
    finally:
        other.rollback()
        other.close()
    editor.apply(build.edit("item", item, {"title": "after the lock"}))
    assert service.item_detail(item).row.title == "after the lock"
    database.dispose()


def test_a_cloud_or_network_folder_is_warned_about(tmp_path: Path) -> None:
    synced = tmp_path / "Dropbox" / "plans" / "plan.sqlite"
    assert "cloud-synchronised" in (storage_warning(synced) or "")
    mounts = tmp_path / "mounts"
    mounts.write_text(f"server:/export {tmp_path / 'net'} nfs4 rw 0 0\n/dev/sda1 / ext4 rw 0 0\n")
    assert "network drive (nfs4)" in (storage_warning(tmp_path / "net" / "p.sqlite", mounts) or "")
    assert storage_warning(tmp_path / "local" / "p.sqlite", mounts) is None


def test_the_command_line_prints_the_storage_warning(cli, tmp_path: Path) -> None:
    db = tmp_path / "OneDrive" / "plan.sqlite"
    status, _, err = cli("--db", db, "init")
    assert status == 0 and "warning:" in err and "cloud-synchronised" in err
