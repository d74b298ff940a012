"""Bring a database to the current schema, safely.

Rules: an empty database gets the whole chain; an older one is upgraded in one
transaction with SQLite's foreign keys off (a batch rebuild with them on silently deletes
child rows) and checked with ``PRAGMA foreign_key_check`` before it commits; a database
from a newer version of the app, or one this app did not create, is refused, never
migrated down or written to.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, inspect

from poa_desktop.domain.errors import DatabaseVersionError
from poa_desktop.store.database import create_sqlite_engine
from poa_desktop.store.urls import is_sqlite, sqlite_file

if TYPE_CHECKING:  # Alembic is imported only when a database is created or changed
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: The newest revision of the chain. Opening a SQLite file already at this revision reads
#: one row with ``sqlite3`` and never imports Alembic (about 200 ms of a cold start); a
#: test keeps it equal to the head of the migration scripts.
HEAD_REVISION = "0003"


@dataclass(frozen=True, slots=True)
class MigrationResult:
    """What ``upgrade`` did: the revision before (None for a new database) and after."""

    before: str | None
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def created(self) -> bool:
        return self.before is None


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "the migration chain has no head"
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in script_directory().walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def sqlite_file_revision(path: Path) -> str | None:
    """The schema revision of an existing SQLite file, read with plain ``sqlite3``; None
    when it cannot be read that way (the full check then decides)."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return str(rows[0][0]) if len(rows) == 1 else None


def _migration_engine(url: str) -> Engine:
    if is_sqlite(url):
        return create_sqlite_engine(url, writer=True, foreign_keys=False, wal=False)
    return create_engine(url)


def upgrade(
    url: str, *, before_change: Callable[[str | None], None] | None = None
) -> MigrationResult:
    """Upgrade the database at ``url`` to the head revision.

    ``before_change`` is called with the current revision when an existing database is
    about to be changed (the place to take a backup); it is not called for a new or an
    up-to-date database.
    """
    path = sqlite_file(url)
    if path is not None and sqlite_file_revision(path) == HEAD_REVISION:
        return MigrationResult(HEAD_REVISION, HEAD_REVISION)  # the common case, at start
    from alembic import command

    head = head_revision()
    engine = _migration_engine(url)
    try:
        with engine.connect() as connection:
            before = current_revision(connection)
            tables = set(inspect(connection).get_table_names())
            connection.rollback()
            if before is None and tables:
                raise DatabaseVersionError(
                    "This database was not created by poa-desktop (it has tables "
                    f"but no schema version: {', '.join(sorted(tables)[:5])}); "
                    "it was left untouched."
                )
            if before is not None and before not in known_revisions():
                raise DatabaseVersionError(
                    f"This database has schema version {before}, written by a newer "
                    "version of poa-desktop. Update the app to open it; it was left "
                    "untouched."
                )
            if before == head:
                return MigrationResult(before, head)
            if before is not None and before_change is not None:
                before_change(before)
            with connection.begin():
                command.upgrade(alembic_config(connection), "head")
                if engine.dialect.name == "sqlite":
                    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise DatabaseVersionError(
                            "The schema upgrade would leave broken references "
                            f"({len(problems)} rows, first in table {problems[0][0]}); "
                            "it was rolled back and the database is unchanged."
                        )
        return MigrationResult(before, head)
    finally:
        engine.dispose()
