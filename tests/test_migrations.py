"""Migrations: one chain from the first schema, safe on databases that hold data."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from poa_desktop.domain.errors import DamagedDatabaseError, DatabaseVersionError
from poa_desktop.services.setup import open_database
from poa_desktop.store import migrate
from poa_desktop.store.database import create_sqlite_engine
from poa_desktop.store.models import Base
from poa_desktop.store.urls import url_for_path

FIRST = "0001"

# Rows of a small plan in the first schema: parents with children in every child table.
FIRST_SCHEMA_ROWS = """
INSERT INTO plan (id, uuid, code, title, period_start, period_end, source_document,
  source_title, description, created_at, updated_at)
  VALUES (1, 'p-1', 'old', 'Old plan', '2011-01-01', '2019-12-31', 'GB', '', '', '2011-01-01', '2011-01-01');
INSERT INTO component (id, uuid, plan_id, code, title, cross_cutting, description, sort_order,
  created_at, updated_at) VALUES (1, 'c-1', 1, 'I', 'Policy', 0, '', 0, '2011-01-01', '2011-01-01');
INSERT INTO mandate_paragraph (id, uuid, plan_id, code, text, sort_order, created_at, updated_at)
  VALUES (1, 'm-1', 1, '35(a)', 'Assist.', 0, '2011-01-01', '2011-01-01');
INSERT INTO item (id, uuid, plan_id, kind, code, title, description, timing_text, planned_start,
  planned_end, status, percent_complete, gender_marker, gender_note, sort_order, component_id,
  parent_id, label, number, created_at, updated_at) VALUES
  (1, 'i-1', 1, 'activity', 'I.1', 'Activity', '', '', '2012-01-01', '2013-12-31', 'on_track', 40,
   'significant', '', 0, 1, NULL, '', NULL, '2011-01-01', '2011-01-01'),
  (2, 'i-2', 1, 'means', 'I.1(i)', 'Means one', '', '', '2012-01-01', '2012-12-31', 'completed', 100,
   'not_screened', '', 1, NULL, 1, '(i)', NULL, '2011-01-01', '2011-01-01'),
  (3, 'i-3', 1, 'means', 'I.1(ii)', 'Means two', '', '', '2013-01-01', '2013-12-31', 'delayed', 10,
   'not_screened', '', 2, NULL, 1, '(ii)', NULL, '2011-01-01', '2011-01-01'),
  (4, 'i-4', 1, 'output', 'KO1', 'Output', '', '2012', '2012-01-01', '2012-12-31', 'on_track', 50,
   'not_screened', '', 3, 1, NULL, '', 1, '2011-01-01', '2011-01-01');
INSERT INTO activity_mandate (activity_id, mandate_id, sort_order) VALUES (1, 1, 0);
INSERT INTO output_means (output_id, means_id, sort_order) VALUES (4, 2, 0);
INSERT INTO dependency (id, uuid, plan_id, predecessor_id, successor_id, type, lag_days,
  source_text, sort_order, created_at, updated_at)
  VALUES (1, 'd-1', 1, 2, 3, 'FS', 0, 'then', 0, '2011-01-01', '2011-01-01');
INSERT INTO partner (id, uuid, plan_id, code, name, acronym, kind, region, notes, sort_order,
  created_at, updated_at) VALUES (1, 'pa-1', 1, 'ISSA', 'ISSA', 'ISSA',
  'social_security_association', 'Global', '', 0, '2011-01-01', '2011-01-01');
INSERT INTO partner_role (id, uuid, partner_id, item_id, role, note, sort_order, created_at,
  updated_at) VALUES (1, 'r-1', 1, 2, 'partner', '', 0, '2011-01-01', '2011-01-01');
INSERT INTO mou (id, uuid, plan_id, code, title, status, target_date, source_text, notes,
  sort_order, created_at, updated_at) VALUES (1, 'mo-1', 1, 'MOU-1', 'MOU', 'negotiating',
  '2011-12-31', '', '', 0, '2011-01-01', '2011-01-01');
INSERT INTO mou_party (mou_id, partner_id, sort_order) VALUES (1, 1, 0);
INSERT INTO mou_output (mou_id, item_id, sort_order) VALUES (1, 4, 0);
"""

CHILD_TABLES = (
    "item",
    "activity_mandate",
    "output_means",
    "dependency",
    "partner_role",
    "mou_party",
    "mou_output",
)


def make_first_schema_database(path: Path) -> str:
    url = url_for_path(path)
    engine = create_sqlite_engine(url, writer=True, foreign_keys=False)
    with engine.connect() as connection, connection.begin():
        command.upgrade(migrate.alembic_config(connection), FIRST)
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.executescript(FIRST_SCHEMA_ROWS)
    return url


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as raw:
        return {
            table: raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in CHILD_TABLES
        }


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_upgrading_an_old_database_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    url = make_first_schema_database(path)
    before = counts(path)
    assert before == {table: count for table, count in before.items() if count > 0}

    backups: list[str | None] = []
    result = migrate.upgrade(url, before_change=backups.append)

    assert (result.before, result.after) == (FIRST, migrate.head_revision())
    assert backups == [FIRST]  # the hook for a backup ran before the change
    assert counts(path) == before
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert {row[0] for row in raw.execute("SELECT version_id FROM item")} == {1}
        assert raw.execute("SELECT count(*) FROM progress_note").fetchone() == (0,)


def test_an_upgraded_database_reads_as_a_plan(tmp_path: Path) -> None:
    from poa_desktop.services.plan_service import PlanService

    path = tmp_path / "old.sqlite"
    make_first_schema_database(path)
    opened = open_database(url_for_path(path))
    assert opened.migrated_from == FIRST and opened.seeded is None
    service = PlanService(opened.database)
    plan = service.find_plan()
    detail = service.item_detail(service.outline(plan.uuid).means_of_action[0].uuid)
    assert detail.row.key_output_numbers == (1,)
    assert [link.code for link in detail.successors] == ["I.1(ii)"]
    opened.database.dispose()


def test_the_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    url = url_for_path(tmp_path / "new.sqlite")
    migrate.upgrade(url)
    engine = create_sqlite_engine(url, writer=False)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_a_database_from_a_newer_app_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    migrate.upgrade(url_for_path(path))
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    before = digest(path)
    with pytest.raises(DatabaseVersionError, match="newer version of poa-desktop"):
        open_database(url_for_path(path))
    assert digest(path) == before


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE invoices (id INTEGER)")
    before = digest(path)
    with pytest.raises(DatabaseVersionError, match="not created by poa-desktop"):
        open_database(url_for_path(path))
    assert digest(path) == before


def test_a_file_that_is_not_a_database_is_moved_aside_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("These are my meeting notes, not a database.\n" * 20)
    before = digest(path)
    with pytest.raises(DamagedDatabaseError, match="not an SQLite database file") as raised:
        open_database(url_for_path(path))
    moved = Path(str(raised.value.moved_to))
    assert not path.exists() and digest(moved) == before
    assert moved.name.startswith("notes.sqlite.damaged-")


def test_a_migration_takes_a_backup_first(tmp_path: Path) -> None:
    from poa_desktop.services.backups import BackupService

    path = tmp_path / "old.sqlite"
    make_first_schema_database(path)
    open_database(url_for_path(path)).database.dispose()
    [backup] = BackupService(path).backups()
    assert backup.reason == f"before-migration-{FIRST}"
    assert (backup.plans, backup.items) == (1, 4)


def test_the_chain_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    path = tmp_path / "roundtrip.sqlite"
    url = make_first_schema_database(path)
    migrate.upgrade(url)
    engine = create_sqlite_engine(url, writer=True, foreign_keys=False)
    with engine.connect() as connection, connection.begin():
        command.downgrade(migrate.alembic_config(connection), FIRST)
    engine.dispose()
    assert counts(path)["item"] == 4
    migrate.upgrade(url)
    assert counts(path)["dependency"] == 1


def test_the_head_constant_is_the_head_of_the_scripts() -> None:
    assert migrate.head_revision() == migrate.HEAD_REVISION


def test_opening_an_up_to_date_file_does_not_import_alembic(tmp_path: Path) -> None:
    """The start of the app reads the revision with sqlite3; Alembic loads only to create
    or change a database (and then it does: a new file gets the whole chain)."""
    import subprocess
    import sys

    path = tmp_path / "plan.sqlite"
    script = (
        "import sys\nfrom poa_desktop.services.setup import open_database\n"
        "opened = open_database(sys.argv[1])\n"
        "print(opened.created, 'alembic' in sys.modules)"
    )
    url = url_for_path(path)
    first = subprocess.run([sys.executable, "-c", script, url], capture_output=True, text=True)
    again = subprocess.run([sys.executable, "-c", script, url], capture_output=True, text=True)
    assert first.stdout.split() == ["True", "True"], first.stderr
    assert again.stdout.split() == ["False", "False"], again.stderr


def test_a_file_at_an_older_revision_is_still_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    open_database(url_for_path(path)).database.dispose()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff'")
    connection.close()
    assert migrate.sqlite_file_revision(path) == "ffff"
    with pytest.raises(DatabaseVersionError, match="newer version"):
        open_database(url_for_path(path))
    assert migrate.sqlite_file_revision(tmp_path / "missing.sqlite") is None


def test_the_revision_is_read_from_a_file_whose_name_needs_escaping(tmp_path: Path) -> None:
    path = tmp_path / "plans #1 100%.sqlite"
    open_database(url_for_path(path)).database.dispose()
    assert path.is_file()
    assert migrate.sqlite_file_revision(path) == migrate.HEAD_REVISION


def test_a_question_mark_in_a_database_path_is_refused_not_misread(tmp_path: Path) -> None:
    from poa_desktop.domain.errors import UserError

    with pytest.raises(UserError, match=r"cannot contain '\?'"):
        url_for_path(tmp_path / "draft?.sqlite")
    assert not list(tmp_path.glob("draft*"))
