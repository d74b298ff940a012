"""``poa-desktop schedule`` on the shipped plan and on a plan with a cycle."""

from __future__ import annotations

import json
from pathlib import Path

from documents import document


def test_schedule_json_of_the_shipped_plan(cli, db_path: Path) -> None:
    status, out, err = cli("--db", db_path, "schedule", "--json")
    assert status == 0, err
    result = json.loads(out)
    items = {item["code"]: item for item in result["items"]}
    # IV.2(ii) (2013-19) waits for the guide I.3(i) (2014) finish-to-start: it slips to 2015
    # and finishes two years late, so the chain that feeds it is the critical path.
    tools = items["IV.2(ii)"]
    assert (tools["early_start"], tools["early_finish"]) == ("2015-01-01", "2021-12-30")
    assert tools["total_slack_days"] == 0 and tools["critical"]
    assert result["critical_path"] == ["II.2(v)", "I.3(i)", "IV.2(ii)"]
    assert result["finish"] == "2021-12-30"
    assert set(result["unscheduled"]) == {"I.5", "I.5(i)", "II.3", "II.3(i)"}
    for item in result["items"]:
        assert item["early_start"] <= item["late_start"]
        assert item["total_slack_days"] >= 0


def test_schedule_text_lists_items_and_the_critical_path(cli, db_path: Path) -> None:
    status, out, _ = cli("--db", db_path, "schedule")
    assert status == 0
    assert "Critical path: II.2(v) → I.3(i) → IV.2(ii)" in out
    assert out.splitlines()[0].split()[:2] == ["Item", "Early"]


def test_a_plan_with_a_cycle_has_no_schedule(cli, tmp_path: Path) -> None:
    data = document()
    data["dependencies"].append({"from": "I.1(ii)", "to": "I.1(i)", "type": "SS"})
    source = tmp_path / "cycle.json"
    source.write_text(json.dumps(data))
    db = tmp_path / "c.sqlite"
    assert cli("--db", db, "import", "json", source)[0] == 0
    status, _, err = cli("--db", db, "schedule")
    assert status == 2 and "Traceback" not in err
    assert "cycle: I.1(i) → I.1(ii) → I.1(i)" in err


def test_the_schedule_follows_edits_like_a_fresh_one(database, plan_service, shipped_plan) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from poa_desktop.services.change_builder import ChangeBuilder
    from poa_desktop.services.editing import PlanEditor
    from poa_desktop.services.schedule_service import ScheduleService

    service, build, editor = (
        ScheduleService(database),
        ChangeBuilder(database),
        PlanEditor(database),
    )
    first = service.schedule(shipped_plan.uuid)
    guide = next(
        r for r in plan_service.outline(shipped_plan.uuid).means_of_action if r.code == "I.3(i)"
    )
    moved = {"start": guide.start + timedelta(days=400), "end": guide.end + timedelta(days=400)}
    editor.apply(build.edit("item", guide.uuid, moved))
    editor.apply(build.edit("item", guide.uuid, {"title": "Draft guide, retitled"}))
    followed = service.schedule(shipped_plan.uuid)
    fresh = ScheduleService(database).schedule(shipped_plan.uuid)
    assert followed == fresh and followed != first
    assert next(r for r in followed.rows if r.code == "I.3(i)").title == "Draft guide, retitled"
    editor.apply(
        build.new_dependency(
            shipped_plan.uuid,
            guide.uuid,
            next(
                r.uuid
                for r in plan_service.outline(shipped_plan.uuid).key_outputs
                if r.code == "KO18"
            ),
        )
    )
    assert service.schedule(shipped_plan.uuid) == ScheduleService(database).schedule(
        shipped_plan.uuid
    )
