"""A throw-away PostgreSQL server for the tests that prove the app works beyond SQLite.

It runs ``initdb`` into a temporary folder and starts ``postgres`` on a Unix socket there
(no TCP port, nothing left behind). As root, the server runs as the ``postgres`` user,
since PostgreSQL refuses to run as root. Where no server binaries are installed the
tests are skipped, unless ``POA_REQUIRE_POSTGRES=1`` (set by CI) makes that a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SEARCH = ("/usr/lib/postgresql/*/bin",)


def _binaries() -> Path | None:
    for pattern in SEARCH:
        for folder in sorted(Path("/").glob(pattern.lstrip("/")), reverse=True):
            if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
                return folder
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _unavailable(reason: str) -> None:
    if os.environ.get("POA_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required here but {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The base URL (without database name) of a running temporary server."""
    binaries = _binaries()
    if binaries is None:
        _unavailable("no initdb/pg_ctl found")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        _unavailable("running as root without runuser")
    pytest.importorskip("psycopg") if os.environ.get("POA_REQUIRE_POSTGRES") != "1" else None
    folder = Path(tempfile.mkdtemp(prefix="poa-pg-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    try:
        subprocess.run(
            _as_server_user(
                [str(binaries / "initdb"), "-D", str(data), "-U", "poa", "--auth=trust",
                 "--encoding=UTF8", "--locale=C.UTF-8"]
            ),
            **run,
        )  # fmt: skip
        subprocess.run(
            _as_server_user(
                [str(binaries / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"),
                 "-o", f"-k {sockets} -c listen_addresses='' -c fsync=off", "start"]
            ),
            **run,
        )  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        _unavailable(f"the server did not start ({error})")
    try:
        yield f"postgresql+psycopg://poa@/?host={sockets}"
    finally:
        subprocess.run(
            _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database on the temporary server for one test."""
    import sqlalchemy

    name = "t_" + "".join(ch if ch.isalnum() else "_" for ch in request.node.name)[:50].lower()
    admin = sqlalchemy.create_engine(
        postgres_server.replace("/?", "/postgres?"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_server.replace("/?", f"/{name}?")
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
