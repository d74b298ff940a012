"""Where the database is: ``--db``, then ``POA_DB_URL``, then the user's data folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from platformdirs import user_data_path, user_log_path, user_state_path

from poa_desktop.domain.errors import UserError
from poa_desktop.store.urls import url_for_path

APP_NAME = "poa-desktop"
DATABASE_FILE = "poa-desktop.sqlite"
URL_VARIABLE = "POA_DB_URL"


def default_database_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / DATABASE_FILE


def pending_writes_path() -> Path:
    """Where in-flight temporary files are noted, so a crash's leftovers can be removed."""
    return user_state_path(APP_NAME, appauthor=False) / "pending-writes"


def log_path() -> Path:
    return user_log_path(APP_NAME, appauthor=False) / "poa-desktop.log"


def resolve_database_url(db_option: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The SQLAlchemy URL to open.

    ``--db`` takes a file path or, if it contains ``://``, a URL; ``POA_DB_URL`` a URL or
    a path. With neither, the SQLite file in the user's data folder.
    """
    choice = db_option if db_option else environ.get(URL_VARIABLE, "").strip()
    if not choice:
        return url_for_path(default_database_path())
    if "://" in choice:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        try:
            parsed = make_url(choice)
            parsed.get_dialect()
        except ArgumentError:
            raise UserError(f"{choice!r} is not a database URL.") from None
        except NoSuchModuleError:
            scheme = choice.split("://", 1)[0]
            raise UserError(
                f"{scheme!r} is not a database this app knows (in {choice!r})."
            ) from None
        except ImportError as error:
            raise UserError(
                f"The database driver for {choice.split('://', 1)[0]!r} is not installed "
                f"({error.name or error})."
            ) from None
        if parsed.get_backend_name() == "sqlite" and parsed.query:
            # With them the driver may open another file than the one named (with
            # uri=true, "plan.sqlite?mode=ro" was created beside it).
            raise UserError(
                f"{choice!r}: options after '?' in a SQLite URL are not supported; give "
                "the file's path (--db plan.sqlite) or its URL without them."
            )
        return choice
    path = Path(choice).expanduser()
    if path.is_dir():
        raise UserError(f"{path} is a folder; --db needs a database file (e.g. plan.sqlite).")
    return url_for_path(path)
