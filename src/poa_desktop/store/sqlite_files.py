"""SQLite files as files: health checks, consistent copies, moving a damaged file aside.

Backups use SQLite's online backup API, so a copy taken while the app is editing is a
consistent snapshot; each copy is written to a temporary file, flushed and renamed, so a
crash never leaves half a backup where a good one should be.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
COMPANIONS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True, slots=True)
class Health:
    """The result of a quick check: ``ok``, or the reason in SQLite's words. ``damaged``
    tells a broken file from one that could not be read (read-only media, a lock)."""

    ok: bool
    reason: str = ""
    damaged: bool = True


def looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(16) == SQLITE_HEADER


def quick_check(path: Path) -> Health:
    """Open the file read-only and run ``PRAGMA quick_check`` (seconds even for big files)."""
    try:
        if not looks_like_sqlite(path):
            return Health(False, "it is not an SQLite database file")
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        finally:
            connection.close()
    except sqlite3.OperationalError as error:  # could not read it: not evidence of damage
        return Health(False, str(error), damaged=False)
    except sqlite3.DatabaseError as error:
        return Health(False, str(error))
    except OSError as error:
        return Health(False, error.strerror or str(error), damaged=False)
    if rows == [("ok",)]:
        return Health(True)
    return Health(False, "; ".join(str(row[0]) for row in rows[:3]))


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of ``source`` at ``target`` (online backup, temp file, rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        writer = sqlite3.connect(temporary)
        try:
            reader.backup(writer)
            writer.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        finally:
            writer.close()
            reader.close()
        with temporary.open("rb+") as stream:
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def move_aside(path: Path, why: str, now: datetime | None = None) -> Path:
    """Rename a file (and its WAL companions) out of the way, never overwriting anything."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{why}-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.{why}-{stamp}-{counter}")
    os.replace(path, target)
    for suffix in COMPANIONS:
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            os.replace(companion, Path(f"{target}{suffix}"))
    return target


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file so the file alone holds every committed edit."""
    connection = sqlite3.connect(path, timeout=30)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
