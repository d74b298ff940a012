"""Correctness at scale: the synthetic portfolio schedules, exports, imports and
round-trips without error. CI uses the M portfolio (1,000 activities, about 2,000 means
of action and 2,000 dependencies); ``POA_LONG_TESTS=1`` adds L (5,000 activities, 10,000
means of action, 10,000 dependencies, 500 partners, 2,000 MOUs). Timings are the
benchmark's business (``poa-desktop bench``), not these tests'.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from poa_desktop.bench.portfolio import portfolio
from poa_desktop.services.baseline_service import BaselineService
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.services.plan_export import export_document
from poa_desktop.services.plan_import import import_document
from poa_desktop.services.plan_service import PlanService
from poa_desktop.services.register_service import RegisterService
from poa_desktop.services.schedule_service import ScheduleService
from poa_desktop.services.setup import open_database
from poa_desktop.store.database import Database
from poa_desktop.store.urls import url_for_path

SIZES = ["M", "L"] if os.environ.get("POA_LONG_TESTS") == "1" else ["M"]
TODAY = date(2016, 6, 30)


@dataclass
class Portfolio:
    size: str
    document: dict[str, Any]
    database: Database
    plan_uuid: str
    folder: Path


@pytest.fixture(scope="module", params=SIZES)
def scaled(request, tmp_path_factory) -> Iterator[Portfolio]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp(f"portfolio-{request.param}")
    document = portfolio(request.param)
    database = open_database(url_for_path(folder / "plan.sqlite"), seed=False).database
    plan = import_document(database, document)
    yield Portfolio(request.param, document, database, plan.uuid, folder)
    database.dispose()


def test_the_portfolio_has_its_size(scaled: Portfolio) -> None:
    outline = PlanService(scaled.database).outline(scaled.plan_uuid)
    expected = {"M": 1_000, "L": 5_000}[scaled.size]
    assert len(outline.activities) == expected
    assert len(outline.means_of_action) >= expected
    assert len(RegisterService(scaled.database).dependencies(scaled.plan_uuid)) >= expected


def test_the_portfolio_round_trips_through_json(scaled: Portfolio) -> None:
    exported = export_document(scaled.database, scaled.plan_uuid)
    other = open_database(url_for_path(scaled.folder / "copy.sqlite"), seed=False).database
    try:
        plan = import_document(other, exported)
        assert export_document(other, plan.uuid) == exported
    finally:
        other.dispose()


def test_the_portfolio_schedules_every_dated_item(scaled: Portfolio) -> None:
    schedule = ScheduleService(scaled.database).schedule(scaled.plan_uuid)
    outline = PlanService(scaled.database).outline(scaled.plan_uuid)
    dated = {
        row.code
        for rows in (outline.activities, outline.means_of_action, outline.key_outputs)
        for row in rows
        if row.start is not None
    }
    scheduled = {row.code for row in schedule.rows}
    assert dated <= scheduled | set(schedule.unscheduled)
    assert schedule.critical_path, "a plan with dependencies has a critical path"
    assert all(
        row.total_slack_days <= 0 and row.critical
        for row in schedule.rows
        if row.code in schedule.critical_path
    )


def test_an_edit_reschedules_incrementally_like_a_full_pass(scaled: Portfolio) -> None:
    schedules = ScheduleService(scaled.database)
    schedules.schedule(scaled.plan_uuid)  # warm the cache the window keeps
    outline = PlanService(scaled.database).outline(scaled.plan_uuid)
    row = next(r for r in outline.means_of_action[len(outline.means_of_action) // 2 :] if r.start)
    assert row.start is not None and row.end is not None
    seen = {"start": row.start, "end": row.end}
    moved = {"start": row.start.replace(year=row.start.year + 1), "end": row.end}
    if moved["start"] > row.end:
        moved["end"] = row.end.replace(year=row.end.year + 1)
    PlanEditor(scaled.database).apply(
        ChangeBuilder(scaled.database).edit("item", row.uuid, moved, seen=seen)
    )
    incremental = schedules.schedule(scaled.plan_uuid)
    full = ScheduleService(scaled.database).schedule(scaled.plan_uuid)
    assert incremental == full

    # A title changed, then the dates moved back: the rows kept from the last answer
    # and the ones made again still match a schedule read afresh.
    edits = [({"title": row.title}, {"title": row.title + " (revised)"}), (moved, seen)]
    editor, builder = PlanEditor(scaled.database), ChangeBuilder(scaled.database)
    for before, after in edits:
        editor.apply(builder.edit("item", row.uuid, after, seen=before))
        incremental = schedules.schedule(scaled.plan_uuid)
        assert incremental == ScheduleService(scaled.database).schedule(scaled.plan_uuid)
    assert next(r for r in incremental.rows if r.uuid == row.uuid).title.endswith("(revised)")


def test_the_review_pack_exports_and_reads_back_unchanged(scaled: Portfolio) -> None:
    from poa_desktop.services.review_pack import export_review_pack, import_review_pack

    plans, registers = PlanService(scaled.database), RegisterService(scaled.database)
    out = export_review_pack(
        plans,
        registers,
        BaselineService(scaled.database),
        scaled.plan_uuid,
        scaled.folder / "pack.xlsx",
        today=TODAY,
    )
    assert out.stat().st_size > 100_000
    report = import_review_pack(
        plans,
        ChangeBuilder(scaled.database),
        PlanEditor(scaled.database),
        scaled.plan_uuid,
        out,
        dry_run=True,
    )
    assert report.changes == ()
    assert not report.applied


def test_both_network_lenses_build_and_lay_out(scaled: Portfolio) -> None:
    from poa_desktop.domain.network_layout import layout
    from poa_desktop.services.network_service import NetworkService

    snapshot = NetworkService(scaled.database, today=lambda: TODAY).snapshot(scaled.plan_uuid)
    for lens in (snapshot.partners, snapshot.dependencies):
        positions = layout(lens).positions
        assert set(positions) == set(lens.graph.nodes)
    assert snapshot.metrics is not None
