"""Opening a database: create it, migrate it, fill a new one with the shipped plan."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import DatabaseError, OperationalError

from poa_desktop.domain.errors import DamagedDatabaseError, UserError
from poa_desktop.domain.records import PlanRef
from poa_desktop.services.backups import BackupService
from poa_desktop.store import migrate
from poa_desktop.store.database import Database
from poa_desktop.store.faults import readable_fault, storage_warning
from poa_desktop.store.models import Plan
from poa_desktop.store.sqlite_files import move_aside, quick_check
from poa_desktop.store.urls import sqlite_file


@dataclass(frozen=True, slots=True)
class OpenedDatabase:
    database: Database
    created: bool
    migrated_from: str | None
    seeded: PlanRef | None
    warning: str | None = None  # e.g. the file is on a network or cloud-synchronised folder


def open_database(url: str, *, seed: bool = True) -> OpenedDatabase:
    """Open (creating and migrating as needed) the database at ``url``.

    A database created by this call is filled with the shipped plan when ``seed`` is true.
    """
    path = sqlite_file(url)
    before_change = None
    if path is not None:
        _check_sqlite_file(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(
                f"{path.parent}: cannot create the folder ({error.strerror})."
            ) from None
        backups = BackupService(path)

        def before_change(revision: str | None) -> None:
            backups.back_up(f"before-migration-{revision}")

    try:
        result = migrate.upgrade(url, before_change=before_change)
    except (OperationalError, DatabaseError) as error:
        fault = readable_fault(error)
        if fault is not None:
            raise UserError(f"Cannot open the database {_where(url)}: {fault}") from None
        raise UserError(f"Cannot open the database {_where(url)}: {_reason(error)}.") from None
    database = Database(url)
    seeded = None
    if result.created and seed:
        seeded = seed_shipped_plan(database)
    return OpenedDatabase(
        database=database,
        created=result.created,
        migrated_from=result.before if result.changed and not result.created else None,
        seeded=seeded,
        warning=storage_warning(path) if path is not None else None,
    )


def seed_shipped_plan(database: Database, *, replace: bool = False) -> PlanRef:
    """Import the built-in plan of action (its reader is imported here: opening a
    database that has a plan needs neither)."""
    from poa_desktop.services.plan_import import import_document
    from poa_desktop.store.shipped import read_plan_toml

    return import_document(database, read_plan_toml(), replace=replace)


def plan_count(database: Database) -> int:
    with database.read() as session:
        return session.execute(select(func.count()).select_from(Plan)).scalar_one()


def _check_sqlite_file(path: Path) -> None:
    """A damaged file, or one that is not a database at all, is moved aside (never
    overwritten, never written to) and the newest good backup is offered."""
    if not path.exists():
        return
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a database file.")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UserError(f"{path}: cannot be read ({error.strerror}).") from None
    if size == 0:
        return  # an empty file is a new database (SQLite writes its header on first use)
    health = quick_check(path)
    if health.ok:
        return
    if not health.damaged:
        words = health.reason.lower()
        hint = (
            " (the file or its folder is read-only)"
            if "readonly" in words or "unable to open" in words
            else ""
        )
        raise UserError(f"{path} cannot be opened: {health.reason}{hint}.")
    try:
        moved = move_aside(path, "damaged")
    except OSError as error:
        raise UserError(
            f"{path} cannot be used ({health.reason}), and it could not be moved aside "
            f"({error.strerror}); it was left as it is. Copy it somewhere safe."
        ) from None
    backup = BackupService(path).newest_good()
    offer = (
        f" The newest good backup is {backup.path} ({backup.taken_at:%Y-%m-%d %H:%M}); "
        f"restore it with: poa-desktop --db {path} restore {backup.path}"
        if backup is not None
        else " There is no backup of it to restore."
    )
    raise DamagedDatabaseError(
        f"{path} cannot be used: {health.reason}. It was moved aside, unchanged, to "
        f"{moved.name}.{offer}",
        moved,
        backup.path if backup is not None else None,
    )


def _where(url: str) -> str:
    path = sqlite_file(url)
    return str(path) if path is not None else url.split("@")[-1]


def _reason(error: Exception) -> str:
    original = getattr(error, "orig", None)
    if isinstance(original, sqlite3.Error):
        return str(original)
    return str(original or error).splitlines()[0]
