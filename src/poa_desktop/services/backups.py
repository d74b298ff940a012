"""Backups of the embedded database: before every migration, daily, on close, on demand.

Backups live in the user's data folder, one folder per database file, named
``<name>-<timestamp>-<reason>.sqlite``. Automatic ones (daily, on close) rotate: the newest
``keep`` are kept; manual and pre-migration backups are never deleted by the app. A
restore checks the backup first and keeps the current file aside, so nothing is lost even
by restoring the wrong one.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from platformdirs import user_data_path

from poa_desktop.domain.errors import UserError
from poa_desktop.store.sqlite_files import copy_database, move_aside, quick_check

AUTOMATIC = ("daily", "close")
NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z0-9-]+)\.sqlite$")
STAMP = "%Y%m%d-%H%M%S-%f"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size: int
    plans: int | None  # None: the backup could not be read
    items: int | None

    @property
    def healthy(self) -> bool:
        return self.plans is not None


def backup_folder(database_file: Path) -> Path:
    """Where the backups of ``database_file`` go: the user's data folder, one folder per
    database (named after it, with a short hash of its full path to keep namesakes apart)."""
    resolved = database_file.expanduser().resolve()
    digest = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:8]
    return user_data_path("poa-desktop", appauthor=False) / "backups" / f"{resolved.stem}-{digest}"


class BackupService:
    def __init__(
        self,
        database_file: Path,
        *,
        folder: Path | None = None,
        keep: int = 10,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.database_file = database_file
        self.folder = folder or backup_folder(database_file)
        self.keep = keep
        self._now = now

    def back_up(self, reason: str = "manual") -> BackupInfo:
        """Take a consistent copy now (safe while the app is editing)."""
        if not self.database_file.exists():
            raise UserError(f"{self.database_file}: there is no database to back up yet.")
        taken_at = self._now()
        target = (
            self.folder / f"{self.database_file.stem}-{taken_at.strftime(STAMP)}-{reason}.sqlite"
        )
        try:
            copy_database(self.database_file, target)
        except sqlite3.Error as error:
            raise UserError(
                f"The backup failed: {error}. The database itself is unchanged."
            ) from None
        except OSError as error:
            raise UserError(
                f"The backup could not be written to {self.folder} ({error.strerror or error}); "
                "the database itself is unchanged."
            ) from None
        self._rotate()
        return self._info(target)

    def back_up_if_due(
        self, reason: str = "daily", every: timedelta = timedelta(days=1)
    ) -> BackupInfo | None:
        """A backup if the newest automatic one is older than ``every`` (or there is none)."""
        newest = next((b for b in self.backups() if b.reason in AUTOMATIC), None)
        if newest is not None and self._now() - newest.taken_at < every:
            return None
        return self.back_up(reason)

    def backups(self) -> list[BackupInfo]:
        """Every backup of this database, newest first."""
        if not self.folder.is_dir():
            return []
        found = [self._info(path) for path in self.folder.glob("*.sqlite") if NAME.match(path.name)]
        return sorted(found, key=lambda info: info.taken_at, reverse=True)

    def newest_good(self) -> BackupInfo | None:
        return next((info for info in self.backups() if info.healthy), None)

    def restore(self, backup: Path) -> Path:
        """Replace the database by ``backup``; return where the current file was kept.

        The database must be closed (no engine open on it) while this runs.
        """
        health = quick_check(backup)
        if not health.ok:
            raise UserError(f"{backup.name} is damaged ({health.reason}); nothing was restored.")
        aside = (
            move_aside(self.database_file, "before-restore", self._now())
            if self.database_file.exists()
            else self.database_file
        )
        try:
            copy_database(backup, self.database_file)
        except (sqlite3.Error, OSError) as error:
            if aside != self.database_file and not self.database_file.exists():
                aside.rename(self.database_file)
            raise UserError(f"The restore failed ({error}); the database is as it was.") from None
        return aside

    def _rotate(self) -> None:
        automatic = [info for info in self.backups() if info.reason in AUTOMATIC]
        for old in automatic[self.keep :]:
            old.path.unlink(missing_ok=True)

    def _info(self, path: Path) -> BackupInfo:
        match = NAME.match(path.name)
        taken_at = datetime.strptime(match["stamp"], STAMP) if match else datetime.fromtimestamp(0)
        reason = match["reason"] if match else "unknown"
        plans = items = None
        try:
            connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
            try:
                plans = connection.execute("SELECT count(*) FROM plan").fetchone()[0]
                items = connection.execute("SELECT count(*) FROM item").fetchone()[0]
            finally:
                connection.close()
        except sqlite3.Error:
            pass
        return BackupInfo(path, taken_at, reason, path.stat().st_size, plans, items)
