"""Commands on a plan as a whole: init, summary, check, JSON export and import."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poa_desktop.commands.common import (
    count,
    describe,
    open_database,
    plan_json,
    plan_service,
    print_json,
    span_text,
)

if TYPE_CHECKING:
    from poa_desktop.domain.records import Finding


def cmd_init(args: argparse.Namespace) -> int:
    opened = open_database(args, seed=not args.empty)
    try:
        _report_init(args, opened)
    finally:
        opened.database.dispose()
    return 0


def _report_init(args: argparse.Namespace, opened: Any) -> None:
    from poa_desktop.services.plan_service import PlanService
    from poa_desktop.services.setup import seed_shipped_plan

    database = opened.database
    where = describe(database.url)
    if opened.seeded is not None:
        print(f"Created {where} with the plan {opened.seeded.title!r} ({opened.seeded.code}).")
    elif opened.created:
        print(f"Created {where} with no plan.")
    elif args.empty:
        print(f"{where} already exists; nothing changed.")
    else:
        plans = PlanService(database).list_plans()
        if plans:
            names = ", ".join(plan.code for plan in plans)
            print(f"{where} already holds {len(plans)} plan(s) ({names}); nothing changed.")
        else:
            plan = seed_shipped_plan(database)
            print(f"Added the plan {plan.title!r} ({plan.code}) to {where}.")


def cmd_summary(args: argparse.Namespace) -> int:
    with plan_service(args) as (service, plan):
        counts = service.counts(plan.uuid)
        outline = service.outline(plan.uuid)
    data = {
        "plan": plan_json(plan),
        "counts": {
            "components": counts.components,
            "cross_cutting_lines": counts.cross_cutting_lines,
            "activities": counts.activities,
            "means_of_action": counts.means_of_action,
            "key_outputs": counts.key_outputs,
            "milestones": counts.milestones,
            "dependencies": counts.dependencies,
            "partners": counts.partners,
            "mous": counts.mous,
            "indicators": counts.indicators,
            "mandate_paragraphs": counts.mandates,
        },
        "components": [
            {"code": row.code, "title": row.title, "cross_cutting": row.cross_cutting}
            for row in outline.components
        ],
        "key_outputs": [
            {
                "number": row.number,
                "code": row.code,
                "title": row.title,
                "component": row.component_code,
                "start_year": row.start.year if row.start else None,
                "end_year": row.end.year if row.end else None,
                "timing_text": row.timing_text,
                "status": row.status.value,
                "percent_complete": row.percent_complete,
            }
            for row in outline.key_outputs
        ],
    }
    if args.json:
        print_json(data)
        return 0
    out = sys.stdout
    print(f"{plan.title} ({plan.code})", file=out)
    print(
        f"Source: {plan.source_document or '—'} · period {plan.period_start} to {plan.period_end}",
        file=out,
    )
    print(
        " · ".join(f"{value} {name.replace('_', ' ')}" for name, value in data["counts"].items()),
        file=out,
    )
    print(file=out)
    print("Components", file=out)
    for row in outline.components:
        suffix = " (cross-cutting)" if row.cross_cutting else ""
        print(f"  {row.code:<4} {row.title}{suffix}", file=out)
    print(file=out)
    print("Key outputs", file=out)
    for entry in data["key_outputs"]:
        years = span_text(entry["start_year"], entry["end_year"])
        status = entry["status"].replace("_", " ")
        print(
            f"  {entry['number']:>3}  {entry['component'] or '':<4} {years:<10} "
            f"{status:<12} {entry['title']}",
            file=out,
        )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with plan_service(args) as (service, plan):
        findings = service.findings(plan.uuid)
    if args.json:
        print_json(
            {
                "plan": plan_json(plan),
                "findings": [_finding_json(finding) for finding in findings],
                "totals": _totals(findings),
            }
        )
        return 0
    for finding in findings:
        subject = f"{finding.subject}: " if finding.subject else ""
        print(f"{finding.severity:<8} [{finding.code}] {subject}{finding.message}")
    totals = _totals(findings)
    print(
        f"{plan.code}: {count(totals['error'], 'error')}, "
        f"{count(totals['warning'], 'warning')}, "
        f"{count(totals['note'], 'note')} recorded from the source."
    )
    return 0


def cmd_export_json(args: argparse.Namespace) -> int:
    from poa_desktop.services.files import dump_json, write_atomic

    with plan_service(args) as (service, plan):
        text = dump_json(service.document(plan.uuid))
    if args.out == "-":
        sys.stdout.write(text)
        return 0
    write_atomic(args.out, text)
    print(f"Wrote {plan.code} to {args.out}.", file=sys.stderr)
    return 0


def cmd_import_json(args: argparse.Namespace) -> int:
    from poa_desktop.services.files import read_json
    from poa_desktop.services.plan_import import import_document

    data = read_json(args.path)  # read and parse before the database is touched
    opened = open_database(args, seed=False)
    try:
        plan = import_document(opened.database, data, replace=args.replace)
    except Exception:
        if opened.created:  # leave no half-made database behind
            _remove_new_database(opened.database)
        raise
    finally:
        opened.database.dispose()
    print(f"Imported {plan.title!r} ({plan.code}) into {describe(opened.database.url)}.")
    return 0


# --- helpers --------------------------------------------------------------------------------


def _remove_new_database(database: Any) -> None:
    from poa_desktop.store.urls import sqlite_file

    database.dispose()
    path = sqlite_file(database.url)
    if path is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _finding_json(finding: Finding) -> dict[str, str]:
    return {
        "code": finding.code,
        "severity": finding.severity,
        "subject": finding.subject,
        "message": finding.message,
    }


def _totals(findings: list[Finding]) -> dict[str, int]:
    totals = {"error": 0, "warning": 0, "note": 0}
    for finding in findings:
        totals[finding.severity] += 1
    return totals
