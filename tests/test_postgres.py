"""The same database code on PostgreSQL: migrations, constraints, import and export.

The shipped plan exported from PostgreSQL must be byte-identical to the one exported from
SQLite: the backends store the same plan.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from documents import document
from poa_desktop.domain.errors import ValidationError
from poa_desktop.services.files import dump_json
from poa_desktop.services.plan_import import import_document
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.setup import open_database
from poa_desktop.store.models import Base, Item

pytest_plugins = ["postgres_cluster"]


@pytest.fixture
def pg_service(postgres_url: str):  # type: ignore[no-untyped-def]
    opened = open_database(postgres_url)
    assert opened.created and opened.seeded is not None
    yield PlanService(opened.database)
    opened.database.dispose()


def test_the_schema_on_postgres_matches_the_models(
    pg_service: PlanService, postgres_url: str
) -> None:
    engine = create_engine(postgres_url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()


def test_the_shipped_plan_is_the_same_on_both_backends(
    pg_service: PlanService, plan_service: PlanService
) -> None:
    on_postgres = pg_service.document(pg_service.find_plan().uuid)
    on_sqlite = plan_service.document(plan_service.find_plan().uuid)
    assert dump_json(on_postgres) == dump_json(on_sqlite)
    assert pg_service.counts(pg_service.find_plan().uuid).key_outputs == 18


def test_postgres_enforces_the_constraints(pg_service: PlanService) -> None:
    database = pg_service._database
    with pytest.raises(IntegrityError, match="percent_range"), database.unit_of_work() as session:
        session.execute(
            update(Item.__table__).where(Item.code == "I.1").values(percent_complete=101)
        )
    with (
        pytest.raises(IntegrityError, match="uq_item_plan_code"),
        database.unit_of_work() as session,
    ):
        plan_id, component_id = session.execute(
            select(Item.plan_id, Item.component_id).where(Item.code == "I.1")
        ).one()
        session.execute(
            insert(Item.__table__),
            [{"plan_id": plan_id, "kind": "activity", "code": "I.1", "title": "again",
              "component_id": component_id, "uuid": "00000000-0000-4000-8000-000000000009"}],
        )  # fmt: skip
    detail = pg_service.item_detail(
        pg_service.outline(pg_service.find_plan().uuid).activities[0].uuid
    )
    assert detail.row.percent_complete == 0


def test_a_bad_import_leaves_postgres_unchanged(pg_service: PlanService) -> None:
    before = dump_json(pg_service.document(pg_service.find_plan().uuid))
    bad = document()
    bad["plan"]["code"] = "ilo-ss-2011-19"
    with pytest.raises(ValidationError, match="already holds a plan"):
        import_document(pg_service._database, bad)
    replaced = document()
    replaced["dependencies"].append({"from": "I.1(i)", "to": "I.1(ii)"})
    with pytest.raises(ValidationError, match="repeats"):
        import_document(pg_service._database, replaced)
    assert dump_json(pg_service.document(pg_service.find_plan().uuid)) == before


def test_the_command_line_takes_a_postgres_url(
    pg_service: PlanService,
    postgres_url: str,
    cli,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    status, out, err = cli("--db", postgres_url, "summary", "--json")
    assert status == 0, err
    assert json.loads(out)["counts"]["key_outputs"] == 18
    exported = tmp_path / "plan.json"
    assert cli("--db", postgres_url, "export", "json", exported)[0] == 0
    status, _, err = cli("--db", postgres_url, "import", "json", exported, "--replace")
    assert status == 0, err
