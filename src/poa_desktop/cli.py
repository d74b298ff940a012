"""The ``poa-desktop`` command: the window with no subcommand, headless subcommands else.

Bad input never shows a traceback: a :class:`UserError` is printed as one line on stderr
with exit status 2; anything unexpected is logged with its traceback to the log file and
reported as one line that points there (exit status 1). Qt is imported only to open the
window, so the headless commands start fast and run where there is no display.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from logging.handlers import RotatingFileHandler
from pathlib import Path

from poa_desktop import __version__
from poa_desktop.commands import bench, files, plan, timing
from poa_desktop.commands.common import url
from poa_desktop.config import log_path
from poa_desktop.domain.errors import UserError

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
    init.set_defaults(handler=plan.cmd_init)

    summary = commands.add_parser("summary", parents=[common], help="counts and the key outputs")
    summary.add_argument("--json", action="store_true", help="print JSON")
    summary.set_defaults(handler=plan.cmd_summary)

    check = commands.add_parser("check", parents=[common], help="data-quality findings")
    check.add_argument("--json", action="store_true", help="print JSON")
    check.set_defaults(handler=plan.cmd_check)

    schedule = commands.add_parser(
        "schedule", parents=[common], help="early and late dates, slack, the critical path"
    )
    schedule.add_argument("--json", action="store_true", help="print JSON")
    schedule.set_defaults(handler=timing.cmd_schedule)

    baseline = commands.add_parser(
        "baseline", parents=[common], help="save, list and compare baselines"
    )
    baseline_actions = baseline.add_subparsers(dest="action", metavar="ACTION", required=True)
    baseline_list = baseline_actions.add_parser("list", parents=[common], help="the baselines")
    baseline_list.set_defaults(handler=timing.cmd_baseline_list)
    baseline_save = baseline_actions.add_parser(
        "save", parents=[common], help="save the current dates as a named baseline"
    )
    baseline_save.add_argument("name", metavar="NAME")
    baseline_save.add_argument("--note", default="", help="a note kept with the baseline")
    baseline_save.set_defaults(handler=timing.cmd_baseline_save)
    baseline_compare = baseline_actions.add_parser(
        "compare", parents=[common], help="slippage and changes since a baseline"
    )
    baseline_compare.add_argument("name", metavar="NAME")
    baseline_compare.add_argument("--json", action="store_true", help="print JSON")
    baseline_compare.add_argument(
        "--all", action="store_true", help="also list the items that did not change"
    )
    baseline_compare.set_defaults(handler=timing.cmd_baseline_compare)

    backup = commands.add_parser("backup", parents=[common], help="back up the database")
    backup_actions = backup.add_subparsers(dest="action", metavar="ACTION", required=True)
    backup_now = backup_actions.add_parser("now", parents=[common], help="take a backup now")
    backup_now.set_defaults(handler=files.cmd_backup_now)
    backup_list = backup_actions.add_parser("list", parents=[common], help="list the backups")
    backup_list.set_defaults(handler=files.cmd_backup_list)
    restore = commands.add_parser(
        "restore", parents=[common], help="replace the database by a backup (kept aside)"
    )
    restore.add_argument("backup_file", metavar="BACKUP", help="a file from 'backup list'")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(handler=files.cmd_restore)

    render = commands.add_parser("render", parents=[common], help="draw a figure for a report")
    figures = render.add_subparsers(dest="figure", metavar="FIGURE", required=True)
    render_gantt = figures.add_parser(
        "gantt", parents=[common], help="the plan as a Gantt chart (PNG, PDF or SVG)"
    )
    render_gantt.add_argument("out", metavar="OUT", help="file to write: .png, .pdf or .svg")
    render_gantt.add_argument(
        "--paper", choices=("a3", "a4"), default="a3", help="landscape paper size (default a3)"
    )
    render_gantt.set_defaults(handler=files.cmd_render_gantt)
    render_network = figures.add_parser(
        "network", parents=[common], help="a network of the plan (PNG, PDF or SVG)"
    )
    render_network.add_argument(
        "--lens", choices=("partners", "dependencies"), default="partners",
        help="partners & MOUs, or output dependencies (default partners)",
    )  # fmt: skip
    render_network.add_argument("out", metavar="OUT", help="file to write: .png, .pdf or .svg")
    render_network.add_argument("--paper", choices=("a3", "a4"), default="a4")
    render_network.set_defaults(handler=files.cmd_render_network)

    screenshot = commands.add_parser(
        "screenshot", parents=[common], help="render a view of the window to a PNG"
    )
    screenshot.add_argument(
        "view", metavar="VIEW",
        help="plan, outputs, partners, mous, dependencies, mandates or indicators",
    )  # fmt: skip
    screenshot.add_argument("out", metavar="OUT.png")
    screenshot.add_argument(
        "--palette", choices=("light", "dark"), default="light",
        help="the light (default) or dark palette",
    )  # fmt: skip
    screenshot.set_defaults(handler=files.cmd_screenshot)

    bench_parser = commands.add_parser(
        "bench", parents=[common], help="measure speed and memory on a synthetic portfolio"
    )
    bench_parser.add_argument("--size", choices=("S", "M", "L"), default="S")
    bench_parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    bench_parser.add_argument("--rounds", type=int, default=5, help="rounds per measure")
    bench_parser.set_defaults(handler=bench.cmd_bench)

    export = commands.add_parser("export", parents=[common], help="write the plan to a file")
    export_formats = export.add_subparsers(dest="format", metavar="FORMAT", required=True)
    export_json = export_formats.add_parser(
        "json", parents=[common], help="the complete plan document (resources/plans/FORMAT.md)"
    )
    export_json.add_argument("out", metavar="OUT", help="file to write, or - for stdout")
    export_json.set_defaults(handler=plan.cmd_export_json)
    export_matrix = export_formats.add_parser(
        "matrix", parents=[common], help="the Governing Body review pack (Excel workbook)"
    )
    export_matrix.add_argument("out", metavar="OUT.xlsx")
    export_matrix.add_argument(
        "--baseline", metavar="NAME", help="add a 'Changes since NAME' sheet"
    )
    export_matrix.set_defaults(handler=files.cmd_export_matrix)
    for graph_format in ("graphml", "gexf"):
        export_graph = export_formats.add_parser(
            graph_format, parents=[common],
            help=f"the network as {graph_format.upper()} (Gephi, yEd, igraph)",
        )  # fmt: skip
        export_graph.add_argument("out", metavar="OUT", help=f"file to write (.{graph_format})")
        export_graph.add_argument(
            "--lens", choices=("partners", "dependencies"), default="partners"
        )
        export_graph.set_defaults(handler=files.cmd_export_graph, graph_format=graph_format)

    import_ = commands.add_parser("import", parents=[common], help="read a plan from a file")
    import_formats = import_.add_subparsers(dest="format", metavar="FORMAT", required=True)
    import_json = import_formats.add_parser(
        "json", parents=[common], help="a plan document written by 'export json'"
    )
    import_json.add_argument("path", metavar="IN", help="file to read")
    import_json.add_argument(
        "--replace", action="store_true", help="replace a plan with the same code"
    )
    import_json.set_defaults(handler=plan.cmd_import_json)
    import_matrix = import_formats.add_parser(
        "matrix", parents=[common], help="a review pack edited in Excel or LibreOffice"
    )
    import_matrix.add_argument("path", metavar="IN.xlsx")
    import_matrix.add_argument(
        "--dry-run", action="store_true", help="list the differences, change nothing"
    )
    import_matrix.set_defaults(handler=files.cmd_import_matrix)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", cmd_window)
    try:
        from poa_desktop.services.files import clean_stray_files

        clean_stray_files()
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
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
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


def cmd_window(args: argparse.Namespace) -> int:
    from poa_desktop.app import run_gui

    return run_gui(url(args))


if __name__ == "__main__":
    raise SystemExit(main())
