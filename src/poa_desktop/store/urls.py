"""Database URLs and the SQLite files behind them.

Apart from the engine and its sessions: the command line and the window's frame need a
URL before anything opens it, and ``sqlalchemy.orm`` (what the engine module brings) is
not needed to paint the window.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url

from poa_desktop.domain.errors import UserError


def url_for_path(path: str | Path) -> str:
    """The SQLAlchemy URL of a SQLite file. A "?" in the path would be read back as the
    start of the URL's options (another file would be opened), so it is refused."""
    database = str(Path(path).expanduser().resolve())
    if "?" in database:
        raise UserError(f"{database}: a database file's path cannot contain '?'; rename it.")
    return URL.create("sqlite+pysqlite", database=database).render_as_string()


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def is_memory_sqlite(url: str | URL) -> bool:
    parsed = make_url(url)
    return is_sqlite(parsed) and parsed.database in (None, "", ":memory:")


def sqlite_file(url: str | URL) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if not is_sqlite(parsed) or is_memory_sqlite(parsed):
        return None
    return Path(parsed.database or "")
