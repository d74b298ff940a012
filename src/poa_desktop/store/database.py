"""The database: engines, connection settings and the unit of work.

SQLite is the embedded default; any SQLAlchemy URL works. For SQLite every connection runs
with foreign keys on, WAL and a busy timeout, and all writes go through one writer
connection that takes the write lock when its transaction begins (``BEGIN IMMEDIATE``), so
two writers never deadlock on a lock upgrade. Readers use their own pooled connections,
which WAL lets run beside the writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from poa_desktop.store.urls import is_memory_sqlite, is_sqlite

BUSY_TIMEOUT_MS = 10_000


def _configure_sqlite(
    engine: Engine, *, immediate: bool, foreign_keys: bool, wal: bool, busy_ms: int
) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy (not the driver) decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        if wal:  # persistent in the file; a no-op for in-memory databases
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_sqlite_engine(
    url: str,
    *,
    writer: bool,
    foreign_keys: bool = True,
    wal: bool = True,
    busy_ms: int = BUSY_TIMEOUT_MS,
) -> Engine:
    """An engine for a SQLite URL with this app's connection settings.

    ``wal=False`` leaves the file's journal mode alone: the migration engine must not
    change a file before it knows the file is ours.
    """
    if is_memory_sqlite(url):
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    elif writer:
        engine = create_engine(
            url,
            pool_size=1,
            max_overflow=0,
            pool_timeout=max(busy_ms, 1000) / 1000,
            connect_args={"check_same_thread": False},
        )
    else:
        engine = create_engine(url, pool_size=4, connect_args={"check_same_thread": False})
    _configure_sqlite(engine, immediate=writer, foreign_keys=foreign_keys, wal=wal, busy_ms=busy_ms)
    return engine


class Database:
    """One database: a writer for units of work, readers for queries.

    A service method opens exactly one of these per user action, so every edit is one
    transaction that either commits whole or leaves nothing behind.
    """

    def __init__(self, url: str, *, busy_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.url = url
        if is_sqlite(url):
            self.writer = create_sqlite_engine(url, writer=True, busy_ms=busy_ms)
            self.reader = (
                self.writer
                if is_memory_sqlite(url)
                else create_sqlite_engine(url, writer=False, busy_ms=busy_ms)
            )
        else:
            self.writer = create_engine(url, pool_pre_ping=True)
            self.reader = self.writer
        self._write_sessions = sessionmaker(self.writer, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.reader)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session whose work commits on success and rolls back on any exception."""
        with self._write_sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries only; whatever it changes is rolled back."""
        with self._read_sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def dispose(self) -> None:
        self.writer.dispose()
        if self.reader is not self.writer:
            self.reader.dispose()
