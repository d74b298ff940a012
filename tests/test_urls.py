"""SQLite URLs are written without SQLAlchemy (so the window paints before it loads), the
same as SQLAlchemy writes them, and read back to the same file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import URL
from sqlalchemy.engine import make_url as sqlalchemy_make_url

from poa_desktop.domain.errors import UserError
from poa_desktop.store.urls import SQLITE_SCHEME, sqlite_file, url_for_path


@pytest.mark.parametrize(
    "name",
    ["plan.sqlite", "a b/c%20d.sqlite", "x#y/é@:z.sqlite", "a+b/(c)&d=e.sqlite", "~tilde.sqlite"],
)
def test_a_file_url_is_what_sqlalchemy_writes_and_reads_back(tmp_path: Path, name: str) -> None:
    path = (tmp_path / name).resolve()
    url = url_for_path(path)
    assert url == URL.create(SQLITE_SCHEME, database=str(path)).render_as_string()
    assert sqlalchemy_make_url(url).database == str(path)
    assert sqlite_file(url) == path


def test_a_question_mark_in_the_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="cannot contain '\\?'"):
        url_for_path(tmp_path / "plan?mode=ro.sqlite")
