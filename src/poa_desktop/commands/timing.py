"""Commands on the plan's timing: the schedule and baselines."""

from __future__ import annotations

import argparse
from typing import Any

from poa_desktop.commands.common import plan_json, plan_service, print_json


def cmd_schedule(args: argparse.Namespace) -> int:
    from poa_desktop.services.schedule_service import ScheduleService

    with plan_service(args) as (service, plan):
        result = ScheduleService(service.database).schedule(plan.uuid)
    if args.json:
        print_json(
            {
                "plan": plan_json(plan),
                "finish": result.finish.isoformat() if result.finish else None,
                "items": [
                    {
                        "code": row.code,
                        "kind": row.kind.value,
                        "planned_start": row.planned_start.isoformat(),
                        "planned_end": row.planned_end.isoformat(),
                        "early_start": row.early_start.isoformat(),
                        "early_finish": row.early_finish.isoformat(),
                        "late_start": row.late_start.isoformat(),
                        "late_finish": row.late_finish.isoformat(),
                        "total_slack_days": row.total_slack_days,
                        "critical": row.critical,
                    }
                    for row in result.rows
                ],
                "critical_path": list(result.critical_path),
                "unscheduled": list(result.unscheduled),
            }
        )
        return 0
    width = max((len(row.code) for row in result.rows), default=4) + 2
    print(
        f"{'Item':<{width}}{'Early start':<13}{'Early finish':<14}{'Late start':<13}"
        f"{'Late finish':<13}{'Slack (days)':>12}"
    )
    for row in result.rows:
        mark = "  critical" if row.critical else ""
        print(
            f"{row.code:<{width}}{row.early_start.isoformat():<13}"
            f"{row.early_finish.isoformat():<14}{row.late_start.isoformat():<13}"
            f"{row.late_finish.isoformat():<13}{row.total_slack_days:>12}{mark}"
        )
    print()
    print("Critical path: " + (" → ".join(result.critical_path) or "none"))
    if result.unscheduled:
        print("Not scheduled (no planned dates): " + ", ".join(result.unscheduled))
    return 0


def cmd_baseline_list(args: argparse.Namespace) -> int:
    from poa_desktop.services.baseline_service import BaselineService

    with plan_service(args) as (service, plan):
        baselines = BaselineService(service.database).baselines(plan.uuid)
    for baseline in baselines:
        print(f"{baseline.taken_on}  {baseline.name}  ({baseline.items} items)")
    if not baselines:
        print(f"{plan.code} has no baseline yet.")
    return 0


def cmd_baseline_save(args: argparse.Namespace) -> int:
    from poa_desktop.services.change_builder import ChangeBuilder
    from poa_desktop.services.editing import PlanEditor

    with plan_service(args) as (service, plan):
        change = ChangeBuilder(service.database).new_baseline(plan.uuid, args.name, args.note)
        PlanEditor(service.database).apply(change)
    print(f"Saved the baseline {args.name!r} of {plan.code} ({len(change.rows) - 1} items).")
    return 0


def cmd_baseline_compare(args: argparse.Namespace) -> int:
    from poa_desktop.services.baseline_service import BaselineService

    with plan_service(args) as (service, plan):
        baselines = BaselineService(service.database)
        baseline = baselines.find(plan.uuid, args.name)
        rows = baselines.compare(plan.uuid, baseline.uuid)
    shown = [row for row in rows if args.all or row.change != "unchanged"]
    if args.json:
        print_json(
            {
                "plan": plan_json(plan),
                "baseline": {"name": baseline.name, "taken_on": baseline.taken_on.isoformat()},
                "items": [_slip_json(row) for row in shown],
            }
        )
        return 0
    print(f"{plan.code} against {baseline.name!r} ({baseline.taken_on}):")
    for row in shown:
        print(f"  {row.change:<9} {row.code:<12} {_slip_words(row)}")
    if not shown:
        print("  nothing changed.")
    return 0


def _slip_json(row: Any) -> dict[str, Any]:
    def day(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "code": row.code,
        "kind": row.kind.value,
        "change": row.change,
        "baseline_start": day(row.baseline_start),
        "baseline_end": day(row.baseline_end),
        "start": day(row.start),
        "end": day(row.end),
        "start_slip_days": row.start_slip_days,
        "finish_slip_days": row.finish_slip_days,
        "baseline_status": row.baseline_status.value if row.baseline_status else None,
        "status": row.status.value if row.status else None,
    }


def _slip_words(row: Any) -> str:
    words = []
    if row.start_slip_days:
        words.append(f"start {row.start_slip_days:+d} d ({row.baseline_start} → {row.start})")
    if row.finish_slip_days:
        words.append(f"finish {row.finish_slip_days:+d} d ({row.baseline_end} → {row.end})")
    if row.baseline_status and row.status and row.baseline_status != row.status:
        words.append(f"status {row.baseline_status.value} → {row.status.value}")
    if row.change in ("added", "removed"):
        words.append(row.title[:70])
    return "; ".join(words) or "other fields changed"
