"""The ``poa-desktop`` command: the window with no subcommand, headless subcommands else.

Bad input never shows a traceback: a :class:`UserError` is printed as one line on stderr
with exit status 2; anything unexpected is logged with its traceback to the log file and
reported as one line that points there (exit status 1). Qt is imported only to open the
window, so the headless commands start fast and run where there is no display.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from poa_desktop import __version__
from poa_desktop.config import log_path, resolve_database_url
from poa_desktop.domain.errors import UserError
from poa_desktop.domain.records import Finding, PlanRef

PROG = "poa-desktop"
log = logging.getLogger("poa_desktop")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH|URL",
        default=argparse.SUPPRESS,
        help="database file or SQLAlchemy URL (default: $POA_DB_URL, else the file in "
        "your data folder)",
    )
    common.add_argument(
        "--plan",
        metavar="CODE",
        default=argparse.SUPPRESS,
        help="which plan, when the database holds several",
    )
    parser = argparse.ArgumentParser(
        prog=PROG,
        parents=[common],
        description="Keep a multi-year, multi-agency plan of action current. With no "
        "command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = commands.add_parser(
        "init", parents=[common], help="create the database with the shipped plan"
    )
    init.add_argument("--empty", action="store_true", help="create it with no plan")
    init.set_defaults(handler=cmd_init)

    summary = commands.add_parser("summary", parents=[common], help="counts and the key outputs")
    summary.add_argument("--json", action="store_true", help="print JSON")
    summary.set_defaults(handler=cmd_summary)

    check = commands.add_parser("check", parents=[common], help="data-quality findings")
    check.add_argument("--json", action="store_true", help="print JSON")
    check.set_defaults(handler=cmd_check)

    schedule = commands.add_parser(
        "schedule", parents=[common], help="early and late dates, slack, the critical path"
    )
    schedule.add_argument("--json", action="store_true", help="print JSON")
    schedule.set_defaults(handler=cmd_schedule)

    baseline = commands.add_parser(
        "baseline", parents=[common], help="save, list and compare baselines"
    )
    baseline_actions = baseline.add_subparsers(dest="action", metavar="ACTION", required=True)
    baseline_list = baseline_actions.add_parser("list", parents=[common], help="the baselines")
    baseline_list.set_defaults(handler=cmd_baseline_list)
    baseline_save = baseline_actions.add_parser(
        "save", parents=[common], help="save the current dates as a named baseline"
    )
    baseline_save.add_argument("name", metavar="NAME")
    baseline_save.add_argument("--note", default="", help="a note kept with the baseline")
    baseline_save.set_defaults(handler=cmd_baseline_save)
    baseline_compare = baseline_actions.add_parser(
        "compare", parents=[common], help="slippage and changes since a baseline"
    )
    baseline_compare.add_argument("name", metavar="NAME")
    baseline_compare.add_argument("--json", action="store_true", help="print JSON")
    baseline_compare.add_argument(
        "--all", action="store_true", help="also list the items that did not change"
    )
    baseline_compare.set_defaults(handler=cmd_baseline_compare)

    render = commands.add_parser("render", parents=[common], help="draw a figure for a report")
    figures = render.add_subparsers(dest="figure", metavar="FIGURE", required=True)
    render_gantt = figures.add_parser(
        "gantt", parents=[common], help="the plan as a Gantt chart (PNG, PDF or SVG)"
    )
    render_gantt.add_argument("out", metavar="OUT", help="file to write: .png, .pdf or .svg")
    render_gantt.add_argument(
        "--paper", choices=("a3", "a4"), default="a3", help="landscape paper size (default a3)"
    )
    render_gantt.set_defaults(handler=cmd_render_gantt)

    export = commands.add_parser("export", parents=[common], help="write the plan to a file")
    export_formats = export.add_subparsers(dest="format", metavar="FORMAT", required=True)
    export_json = export_formats.add_parser(
        "json", parents=[common], help="the complete plan document (resources/plans/FORMAT.md)"
    )
    export_json.add_argument("out", metavar="OUT", help="file to write, or - for stdout")
    export_json.set_defaults(handler=cmd_export_json)

    import_ = commands.add_parser("import", parents=[common], help="read a plan from a file")
    import_formats = import_.add_subparsers(dest="format", metavar="FORMAT", required=True)
    import_json = import_formats.add_parser(
        "json", parents=[common], help="a plan document written by 'export json'"
    )
    import_json.add_argument("path", metavar="IN", help="file to read")
    import_json.add_argument(
        "--replace", action="store_true", help="replace a plan with the same code"
    )
    import_json.set_defaults(handler=cmd_import_json)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", cmd_window)
    try:
        return handler(args)
    except UserError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as error:  # a defect: keep the traceback in the log, not on screen
        where = log_unexpected(error)
        print(
            f"{PROG}: unexpected error ({type(error).__name__}: {error}); "
            f"the details are in {where}.",
            file=sys.stderr,
        )
        return 1


def log_unexpected(error: BaseException) -> Path | str:
    """Append the traceback to the log file; return where it went."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return "no log (the log folder cannot be written)"
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    try:
        log.error("unexpected error", exc_info=error)
    finally:
        log.removeHandler(handler)
        handler.close()
    return path


# --- commands -------------------------------------------------------------------------------


def _url(args: argparse.Namespace) -> str:
    return resolve_database_url(getattr(args, "db", None))


def _open(args: argparse.Namespace, *, seed: bool = True):  # type: ignore[no-untyped-def]
    from poa_desktop.services.setup import open_database

    return open_database(_url(args), seed=seed)


@contextmanager
def _plan_service(args: argparse.Namespace) -> Iterator[tuple[Any, PlanRef]]:
    """The plan service over the chosen database and the chosen plan; closed after."""
    from poa_desktop.services.plan_service import PlanService

    database = _open(args).database
    try:
        service = PlanService(database)
        yield service, service.find_plan(getattr(args, "plan", None))
    finally:
        database.dispose()


def cmd_window(args: argparse.Namespace) -> int:
    from poa_desktop.app import run_gui

    return run_gui(_url(args))


def cmd_init(args: argparse.Namespace) -> int:
    opened = _open(args, seed=not args.empty)
    try:
        _report_init(args, opened)
    finally:
        opened.database.dispose()
    return 0


def _report_init(args: argparse.Namespace, opened: Any) -> None:
    from poa_desktop.services.plan_service import PlanService
    from poa_desktop.services.setup import seed_shipped_plan

    database = opened.database
    where = _describe(database.url)
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
    with _plan_service(args) as (service, plan):
        counts = service.counts(plan.uuid)
        outline = service.outline(plan.uuid)
    data = {
        "plan": _plan_json(plan),
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
        _print_json(data)
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
        years = _years(entry["start_year"], entry["end_year"])
        status = entry["status"].replace("_", " ")
        print(
            f"  {entry['number']:>3}  {entry['component'] or '':<4} {years:<10} "
            f"{status:<12} {entry['title']}",
            file=out,
        )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with _plan_service(args) as (service, plan):
        findings = service.findings(plan.uuid)
    if args.json:
        _print_json(
            {
                "plan": _plan_json(plan),
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
        f"{plan.code}: {_count(totals['error'], 'error')}, "
        f"{_count(totals['warning'], 'warning')}, "
        f"{_count(totals['note'], 'note')} recorded from the source."
    )
    return 0


def cmd_schedule(args: argparse.Namespace) -> int:
    from poa_desktop.services.schedule_service import ScheduleService

    with _plan_service(args) as (service, plan):
        result = ScheduleService(service.database).schedule(plan.uuid)
    if args.json:
        _print_json(
            {
                "plan": _plan_json(plan),
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

    with _plan_service(args) as (service, plan):
        baselines = BaselineService(service.database).baselines(plan.uuid)
    for baseline in baselines:
        print(f"{baseline.taken_on}  {baseline.name}  ({baseline.items} items)")
    if not baselines:
        print(f"{plan.code} has no baseline yet.")
    return 0


def cmd_baseline_save(args: argparse.Namespace) -> int:
    from poa_desktop.services.change_builder import ChangeBuilder
    from poa_desktop.services.editing import PlanEditor

    with _plan_service(args) as (service, plan):
        change = ChangeBuilder(service.database).new_baseline(plan.uuid, args.name, args.note)
        PlanEditor(service.database).apply(change)
    print(f"Saved the baseline {args.name!r} of {plan.code} ({len(change.rows) - 1} items).")
    return 0


def cmd_baseline_compare(args: argparse.Namespace) -> int:
    from poa_desktop.services.baseline_service import BaselineService

    with _plan_service(args) as (service, plan):
        baselines = BaselineService(service.database)
        baseline = baselines.find(plan.uuid, args.name)
        rows = baselines.compare(plan.uuid, baseline.uuid)
    shown = [row for row in rows if args.all or row.change != "unchanged"]
    if args.json:
        _print_json(
            {
                "plan": _plan_json(plan),
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


def cmd_render_gantt(args: argparse.Namespace) -> int:
    from poa_desktop.services.gantt_figure import draw_gantt

    with _plan_service(args) as (service, plan):
        outline = service.outline(plan.uuid)
    draw_gantt(outline, args.out, paper=args.paper)
    print(f"Wrote the Gantt chart of {plan.code} to {args.out}.", file=sys.stderr)
    return 0


def cmd_export_json(args: argparse.Namespace) -> int:
    from poa_desktop.services.files import dump_json, write_atomic

    with _plan_service(args) as (service, plan):
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
    opened = _open(args, seed=False)
    try:
        plan = import_document(opened.database, data, replace=args.replace)
    except Exception:
        if opened.created:  # leave no half-made database behind
            _remove_new_database(opened.database)
        raise
    finally:
        opened.database.dispose()
    print(f"Imported {plan.title!r} ({plan.code}) into {_describe(opened.database.url)}.")
    return 0


# --- helpers --------------------------------------------------------------------------------


def _remove_new_database(database: Any) -> None:
    from poa_desktop.store.database import sqlite_file

    database.dispose()
    path = sqlite_file(database.url)
    if path is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _describe(url: str) -> str:
    from poa_desktop.store.database import sqlite_file

    path = sqlite_file(url)
    return str(path) if path is not None else url.split("@")[-1]


def _plan_json(plan: PlanRef) -> dict[str, Any]:
    return {
        "uuid": plan.uuid,
        "code": plan.code,
        "title": plan.title,
        "period_start": plan.period_start.isoformat(),
        "period_end": plan.period_end.isoformat(),
        "source_document": plan.source_document,
    }


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


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _years(first: int | None, last: int | None) -> str:
    if first is None or last is None:
        return "—"
    return str(first) if first == last else f"{first}–{last}"


def _print_json(data: Any, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    stream.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
