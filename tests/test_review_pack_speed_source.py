"""The review pack's one-session read (services/review_pack/source_read.py) returns what
the services return: the same records, the same findings, the same refusals. It maps ids
where the services join, so these tests are what keeps the two in step."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from poa_desktop.bench.portfolio import portfolio
from poa_desktop.domain.errors import NotFoundError, UserError
from poa_desktop.domain.records import PlanRef
from poa_desktop.services.baseline_service import BaselineService
from poa_desktop.services.plan_import import import_document
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.register_service import RegisterService
from poa_desktop.services.review_pack import source
from poa_desktop.services.review_pack.source_read import read_source
from poa_desktop.services.setup import open_database
from poa_desktop.store.database import Database
from poa_desktop.store.urls import url_for_path

TODAY = date(2024, 3, 1)
SHIPPED_BASELINE = "GB.312, November 2011"


class ServicesOnly:
    """A plan service that does not say its database: ``collect`` asks the services."""

    def __init__(self, database: Database) -> None:
        self._inner = PlanService(database)

    def outline(self, uuid: str) -> Any:
        return self._inner.outline(uuid)

    def document(self, uuid: str, *, validated: bool = True) -> Any:
        return self._inner.document(uuid, validated=validated)


def _collect_slowly(plans: Any, *args: Any) -> Any:
    return source.collect(ServicesOnly(plans.database), *args)


def _both(database: Database, plan_uuid: str, baseline: str | None) -> tuple[Any, Any]:
    plans = PlanService(database)
    registers = RegisterService(database, today=lambda: TODAY)
    baselines = BaselineService(database)
    fast = source.collect(plans, registers, baselines, plan_uuid, baseline, TODAY)
    slow = _collect_slowly(plans, registers, baselines, plan_uuid, baseline, TODAY)
    return fast, slow


def test_the_shipped_plan_reads_as_through_the_services(
    database: Database, shipped_plan: PlanRef
) -> None:
    fast, slow = _both(database, shipped_plan.uuid, SHIPPED_BASELINE)
    assert fast.findings and fast.partners and fast.mous and fast.dependencies
    assert fast == slow
    # The checks see what plan_service.findings sees.
    assert list(fast.findings) == PlanService(database).findings(shipped_plan.uuid, today=TODAY)


def test_a_generated_portfolio_reads_as_through_the_services(tmp_path: Path) -> None:
    database = open_database(url_for_path(tmp_path / "plan.sqlite"), seed=False).database
    try:
        plan = import_document(database, portfolio("S"))
        fast, slow = _both(database, plan.uuid, None)
        assert len(fast.outline.means_of_action) > 100 and fast.partner_roles
        assert fast == slow
    finally:
        database.dispose()


def test_a_missing_plan_is_refused(database: Database) -> None:
    with pytest.raises(NotFoundError, match="No plan with id nope"):
        read_source(database, "nope", TODAY)


@pytest.mark.parametrize(
    ("sql", "where"),
    [
        ("UPDATE item SET description = ? WHERE code = 'II.2'", r"activities II\.2: description"),
        ("UPDATE partner SET notes = ? WHERE code = (SELECT min(code) FROM partner)", "partners"),
        ("UPDATE baseline SET note = ?", "baselines GB.312, November 2011: note"),
    ],
)  # fmt: skip
def test_text_a_workbook_cannot_store_is_named_as_before(
    database: Database, shipped_plan: PlanRef, sql: str, where: str
) -> None:
    """Refused naming the section and field, also in text no sheet shows (as the plan's
    document named it)."""
    with database.writer.begin() as connection:
        changed = connection.exec_driver_sql(sql, ("Bell\x07",)).rowcount
    if changed == 0:
        pytest.skip("the shipped plan has no such row")
    assert read_source(database, shipped_plan.uuid, TODAY).unstorable
    for collect in (source.collect, _collect_slowly):
        with pytest.raises(UserError, match=rf"{where}.*control character U\+0007"):
            collect(PlanService(database), RegisterService(database),
                    BaselineService(database), shipped_plan.uuid, None, TODAY)  # fmt: skip


def test_tabs_and_line_breaks_are_storable(database: Database, shipped_plan: PlanRef) -> None:
    with database.writer.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE item SET description = ? WHERE code = 'II.2'", ("a\tb\r\nc",)
        )
    assert not read_source(database, shipped_plan.uuid, TODAY).unstorable


def test_without_a_database_the_services_are_asked(
    database: Database, shipped_plan: PlanRef
) -> None:
    """A plan service that does not say its database (a stand-in) still exports."""
    registers = RegisterService(database, today=lambda: TODAY)
    data = source.collect(ServicesOnly(database), registers, BaselineService(database), shipped_plan.uuid,
                          None, TODAY)  # fmt: skip
    fast, _ = _both(database, shipped_plan.uuid, None)
    assert data == fast
