"""The database itself enforces the plan's integrity, whatever code writes to it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from poa_desktop.store.database import Database
from poa_desktop.store.models import Component, Dependency, Item, Plan


def plan_and_component(database: Database) -> tuple[int, int]:
    with database.read() as session:
        plan_id = session.execute(select(Plan.id)).scalar_one()
        component_id = session.execute(
            select(Component.id).where(Component.code == "I")
        ).scalar_one()
    return plan_id, component_id


def insert_item(database: Database, **values: Any) -> None:
    plan_id, component_id = plan_and_component(database)
    row = {
        "plan_id": plan_id,
        "kind": "activity",
        "code": "I.99",
        "title": "New activity",
        "component_id": component_id,
        "uuid": "00000000-0000-4000-8000-000000000001",
    }
    row.update(values)
    with database.unit_of_work() as session:
        session.execute(insert(Item.__table__), [row])


def test_a_valid_item_is_stored(database: Database) -> None:
    insert_item(database, planned_start=date(2012, 1, 1), planned_end=date(2012, 12, 31))
    with database.read() as session:
        assert session.execute(select(Item.title).where(Item.code == "I.99")).scalar_one()


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"percent_complete": 101}, "percent_range"),
        ({"percent_complete": -1}, "percent_range"),
        ({"planned_start": date(2013, 1, 1), "planned_end": date(2012, 1, 1)}, "date_order"),
        ({"status": "finished"}, "status"),
        ({"gender_marker": "maybe"}, "gender_marker"),
        ({"kind": "task"}, "kind"),
        ({"code": "II.2"}, "UNIQUE"),  # an existing code in the same plan
        ({"component_id": None}, "has_component"),
        ({"kind": "means", "parent_id": None}, "means_has_activity"),
        ({"kind": "output", "number": None}, "output_number"),
        ({"kind": "output", "number": 1}, "UNIQUE"),  # Figure 1 already has a No. 1
        ({"kind": "milestone", "component_id": None}, "milestone_date"),
        ({"component_id": 999_999}, "FOREIGN KEY"),
        ({"uuid": None}, "NOT NULL"),
    ],
)
def test_the_database_refuses_broken_items(
    database: Database, values: dict[str, Any], constraint: str
) -> None:
    with pytest.raises(IntegrityError, match=constraint):
        insert_item(database, **values)


def test_codes_are_unique_per_plan_not_per_database(database: Database) -> None:
    with database.unit_of_work() as session:
        other = Plan(
            code="other", title="Other", period_start=date(2020, 1, 1), period_end=date(2021, 1, 1)
        )
        session.add(other)
        session.flush()
        component = Component(plan_id=other.id, code="I", title="Also I")
        session.add(component)
        session.flush()
        session.execute(
            insert(Item.__table__),
            [
                {
                    "plan_id": other.id,
                    "kind": "activity",
                    "code": "II.2",
                    "title": "x",
                    "component_id": component.id,
                    "uuid": "00000000-0000-4000-8000-000000000002",
                }
            ],
        )
    with database.read() as session:
        assert session.execute(select(Item.id).where(Item.code == "II.2")).all().__len__() == 2


def test_plan_period_must_be_in_order(database: Database) -> None:
    with pytest.raises(IntegrityError, match="period_order"), database.unit_of_work() as session:
        session.add(
            Plan(
                code="bad", title="Bad", period_start=date(2020, 1, 1), period_end=date(2019, 1, 1)
            )
        )


def test_an_item_others_depend_on_cannot_be_deleted_silently(database: Database) -> None:
    with database.read() as session:
        predecessor = session.execute(select(Dependency.predecessor_id).limit(1)).scalar_one()
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), database.unit_of_work() as session:
        session.execute(delete(Item.__table__).where(Item.__table__.c.id == predecessor))


def test_a_failed_unit_of_work_leaves_nothing_behind(database: Database) -> None:
    with database.read() as session:
        before = session.execute(select(Item.title).where(Item.code == "I.1")).scalar_one()
    with pytest.raises(IntegrityError), database.unit_of_work() as session:
        session.execute(update(Item.__table__).where(Item.code == "I.1").values(title="Changed"))
        session.execute(
            update(Item.__table__).where(Item.code == "I.2").values(percent_complete=200)
        )
    with database.read() as session:
        assert session.execute(select(Item.title).where(Item.code == "I.1")).scalar_one() == before


def test_every_row_has_a_uuid_and_timestamps(database: Database) -> None:
    with database.read() as session:
        rows = session.execute(select(Item.uuid, Item.created_at, Item.updated_at)).all()
    assert rows and all(uuid and created and updated for uuid, created, updated in rows)
    assert len({row.uuid for row in rows}) == len(rows)


def test_a_stale_edit_is_refused(database: Database) -> None:
    """Two copies of the app read the same row; the second write must not win silently."""
    with database.unit_of_work() as first:
        item = first.execute(select(Item).where(Item.code == "I.1")).scalar_one()
        version = item.version_id
        # Another writer changes the row meanwhile (simulated by a bump of its version).
        first.execute(
            update(Item.__table__)
            .where(Item.__table__.c.id == item.id)
            .values(version_id=version + 1)
            .execution_options(synchronize_session=False)
        )
        item.title = "My edit"
        with pytest.raises(StaleDataError):
            first.flush()
        first.rollback()


def test_foreign_keys_wal_and_busy_timeout_are_on(database: Database) -> None:
    with database.writer.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    assert database.writer.pool.size() == 1  # a single writer connection
