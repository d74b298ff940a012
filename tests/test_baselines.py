"""Baselines: the shipped November 2011 baseline, slippage, changes since, round trips."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from poa_desktop.domain.enums import ItemKind
from poa_desktop.services.baseline_service import BaselineService
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor

SHIPPED = "GB.312, November 2011"


@pytest.fixture
def baselines(database) -> BaselineService:  # type: ignore[no-untyped-def]
    return BaselineService(database)


def item_uuid(plan_service, plan, code: str) -> str:  # type: ignore[no-untyped-def]
    outline = plan_service.outline(plan.uuid)
    rows = outline.activities + outline.means_of_action + outline.key_outputs + outline.milestones
    return next(row.uuid for row in rows if row.code == code)


def test_the_shipped_plan_comes_with_its_november_2011_baseline(
    baselines, plan_service, shipped_plan
) -> None:
    [baseline] = baselines.baselines(shipped_plan.uuid)
    assert (baseline.name, baseline.taken_on) == (SHIPPED, date(2011, 11, 1))
    counts = plan_service.counts(shipped_plan.uuid)
    assert (
        baseline.items
        == counts.activities + counts.means_of_action + counts.key_outputs + counts.milestones
    )
    rows = baselines.compare(shipped_plan.uuid, baseline.uuid)
    assert {row.change for row in rows} == {"unchanged"}


def test_slippage_and_changes_since_the_baseline(
    baselines, plan_service, shipped_plan, database
) -> None:
    editor, build = PlanEditor(database), ChangeBuilder(database)
    guide = item_uuid(plan_service, shipped_plan, "I.3(i)")
    editor.apply(
        build.edit(
            "item",
            guide,
            {"start": date(2014, 7, 1), "end": date(2015, 6, 30), "status": "delayed"},
        )
    )
    activity = item_uuid(plan_service, shipped_plan, "II.2")
    editor.apply(build.new_item(shipped_plan.uuid, ItemKind.MEANS, "New study", activity=activity))
    editor.apply(
        build.delete(
            "item", item_uuid(plan_service, shipped_plan, "MS-CENTENARY-2019"), remove_links=True
        )
    )

    baseline = baselines.find(shipped_plan.uuid, SHIPPED)
    rows = {row.code: row for row in baselines.compare(shipped_plan.uuid, baseline.uuid)}
    moved = rows["I.3(i)"]
    assert (moved.change, moved.start_slip_days, moved.finish_slip_days) == ("changed", 181, 181)
    assert (moved.baseline_status.value, moved.status.value) == ("not_started", "delayed")
    assert rows["II.2(vii)"].change == "added" and rows["II.2(vii)"].baseline_start is None
    assert rows["MS-CENTENARY-2019"].change == "removed"
    assert rows["I.1"].change == "unchanged"


def test_save_a_baseline_and_undo_it(baselines, shipped_plan, database) -> None:
    editor, build = (
        PlanEditor(
            database,
        ),
        ChangeBuilder(database, today=lambda: date(2014, 1, 15)),
    )
    undo = editor.apply(build.new_baseline(shipped_plan.uuid, "Mid-term review", "P&B 2014–15"))
    names = [(b.name, b.taken_on) for b in baselines.baselines(shipped_plan.uuid)]
    assert names == [(SHIPPED, date(2011, 11, 1)), ("Mid-term review", date(2014, 1, 15))]
    editor.apply(undo)
    assert [b.name for b in baselines.baselines(shipped_plan.uuid)] == [SHIPPED]


def test_the_shipped_plan_round_trips_byte_for_byte(cli, db_path: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    assert cli("--db", db_path, "export", "json", first)[0] == 0
    empty = tmp_path / "empty.sqlite"
    cli("--db", empty, "init", "--empty")
    assert cli("--db", empty, "import", "json", first)[0] == 0
    second = tmp_path / "second.json"
    cli("--db", empty, "export", "json", second)
    assert second.read_bytes() == first.read_bytes()
    baselines = json.loads(first.read_text())["baselines"]
    assert [b["name"] for b in baselines] == [SHIPPED] and len(baselines[0]["items"]) == 75


def test_a_duplicated_plan_keeps_a_matching_baseline(
    baselines, plan_service, shipped_plan, database
) -> None:
    PlanEditor(database).apply(
        ChangeBuilder(database).duplicate_plan(shipped_plan.uuid, "copy", "Copy")
    )
    copy = plan_service.find_plan("copy")
    baseline = baselines.find(copy.uuid, SHIPPED)
    assert {row.change for row in baselines.compare(copy.uuid, baseline.uuid)} == {"unchanged"}


def test_baseline_commands(cli, db_path: Path) -> None:
    assert cli("--db", db_path, "baseline", "save", "Today", "--note", "n")[0] == 0
    status, out, _ = cli("--db", db_path, "baseline", "list")
    assert status == 0 and "Today" in out and SHIPPED in out
    status, out, err = cli("--db", db_path, "baseline", "save", "Today")
    assert status == 2 and "already exists" in err
    status, out, _ = cli("--db", db_path, "baseline", "compare", SHIPPED, "--json")
    assert status == 0 and json.loads(out)["items"] == []
    status, _, err = cli("--db", db_path, "baseline", "compare", "Nope")
    assert status == 2 and "No baseline 'Nope'" in err
