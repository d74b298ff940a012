"""Database URLs and the SQLite files behind them.

Apart from the engine and its sessions: the command line and the window's frame need a
URL before anything opens it. SQLAlchemy itself (a third of a second to import) is
imported only by the functions that read a URL, so the window paints before it loads.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from poa_desktop.domain.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

#: The driver of the SQLite files this app writes.
SQLITE_SCHEME = "sqlite+pysqlite"


def url_for_path(path: str | Path) -> str:
    """The SQLAlchemy URL of a SQLite file, as ``URL.create(SQLITE_SCHEME, database=…)``
    renders it (a SQLite URL's database part is the path as it is). A "?" in the path
    would be read back as the start of the URL's options (another file would be opened),
    so it is refused."""
    database = str(Path(path).expanduser().resolve())
    if "?" in database:
        raise UserError(f"{database}: a database file's path cannot contain '?'; rename it.")
    return f"{SQLITE_SCHEME}:///{database}"


def make_url(url: str | URL) -> URL:
    """SQLAlchemy's reading of ``url`` (imported when first needed)."""
    from sqlalchemy.engine import make_url as read

    return read(url)


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
