"""Every migration upgrades a database full of data and downgrades again with row counts
and content unchanged; a migration killed part-way leaves the old or the new revision."""

from __future__ import annotations

import hashlib
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic import command

from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.services.plan_service import PlanService
from poa_desktop.store import migrate
from poa_desktop.store.database import Database, create_sqlite_engine
from poa_desktop.store.urls import url_for_path

REVISIONS = [
    script.revision for script in reversed(list(migrate.script_directory().walk_revisions()))
]


def to_revision(path: Path, revision: str, *, down: bool) -> None:
    engine = create_sqlite_engine(url_for_path(path), writer=True, foreign_keys=False, wal=False)
    with engine.connect() as connection, connection.begin():
        config = migrate.alembic_config(connection)
        (command.downgrade if down else command.upgrade)(config, revision)
    engine.dispose()


def contents(path: Path) -> dict[str, tuple[int, str]]:
    """Per table: row count and a hash of every row (columns in name order)."""
    result = {}
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version'")]  # fmt: skip
        for table in sorted(tables):
            columns = sorted(row[1] for row in connection.execute(f"PRAGMA table_info({table})"))
            rows = connection.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(columns)}"
            ).fetchall()
            result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return result


MIGRATE = (
    "import sys; from poa_desktop.store.migrate import upgrade; print('go', flush=True); "
    "upgrade(sys.argv[1]); print('done', flush=True)"
)


def run_migration(path: Path, kill_after: float | None) -> float:
    """Run the upgrade in a child; SIGKILL it ``kill_after`` seconds into the migration
    (None: let it finish). Returns how long the migration ran."""
    child = subprocess.Popen(
        [sys.executable, "-c", MIGRATE, url_for_path(path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "go"
    started = time.perf_counter()
    if kill_after is None:
        child.communicate(timeout=120)
    else:
        time.sleep(kill_after)
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
    return time.perf_counter() - started


@pytest.fixture
def full_database(db_path: Path) -> Path:
    """The shipped plan plus a progress note and a second baseline: data in every table."""
    database = Database(url_for_path(db_path))
    service, build, editor = PlanService(database), ChangeBuilder(database), PlanEditor(database)
    plan = service.find_plan()
    item = service.outline(plan.uuid).means_of_action[0].uuid
    editor.apply(build.new_progress_note(item, "Progress", author="A"))
    editor.apply(build.new_baseline(plan.uuid, "Second"))
    database.dispose()
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode = DELETE")
    return db_path


@pytest.mark.parametrize("step", range(1, len(REVISIONS)))
def test_each_revision_upgrades_and_downgrades_without_loss(full_database: Path, step: int) -> None:
    older, newer = REVISIONS[step - 1], REVISIONS[step]
    to_revision(full_database, older, down=True)
    before = contents(full_database)
    assert before["item"][0] == 75
    to_revision(full_database, newer, down=False)
    upgraded = contents(full_database)
    for table, (count, _) in before.items():
        assert upgraded[table][0] == count, table
    to_revision(full_database, older, down=True)
    assert contents(full_database) == before
    with sqlite3.connect(full_database) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_migration_killed_part_way_leaves_old_or_new(full_database: Path) -> None:
    to_revision(full_database, REVISIONS[0], down=True)
    with sqlite3.connect(full_database) as connection:  # make the rebuild take a while
        plan_id = connection.execute("SELECT id FROM plan").fetchone()[0]
        connection.executemany(
            "INSERT INTO partner (uuid, plan_id, code, name, acronym, kind, region, notes, "
            "sort_order, created_at, updated_at) VALUES (?, ?, ?, 'Filler', '', 'other', '', "
            "'', 0, '2011-01-01', '2011-01-01')",
            [(f"filler-{n}", plan_id, f"F-{n}") for n in range(60_000)],
        )
    original = contents(full_database)
    trial = full_database.with_name("trial.sqlite")
    shutil.copyfile(full_database, trial)
    duration = run_migration(trial, kill_after=None)  # how long one takes on this machine
    rng = random.Random(102)
    outcomes = set()
    for attempt in range(6):
        kill_after = rng.uniform(0.05, 0.9) * duration if attempt < 5 else None
        run_migration(full_database, kill_after=kill_after)
        with sqlite3.connect(full_database) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert revision in (REVISIONS[0], REVISIONS[-1])
        outcomes.add(revision)
        if revision == REVISIONS[0]:
            assert contents(full_database) == original
        else:
            to_revision(full_database, REVISIONS[0], down=True)
            assert contents(full_database) == original
    assert outcomes == {REVISIONS[0], REVISIONS[-1]}, outcomes  # killed during and after
