"""Commands that write or replace files: backups, restore, report figures."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from poa_desktop.commands.common import open_database, plan_service, url
from poa_desktop.domain.errors import UserError


def _backups(args: argparse.Namespace) -> Any:
    from poa_desktop.services.backups import BackupService
    from poa_desktop.store.urls import sqlite_file

    path = sqlite_file(url(args))
    if path is None:
        raise UserError(
            "Backups here are for the embedded SQLite database; back up other databases "
            "with their own tools (for PostgreSQL: pg_dump)."
        )
    return BackupService(path)


def cmd_backup_now(args: argparse.Namespace) -> int:
    open_database(args).database.dispose()  # creates, checks and migrates it first
    info = _backups(args).back_up("manual")
    print(f"Backed up to {info.path} ({info.plans} plan(s), {info.items} items).")
    return 0


def cmd_backup_list(args: argparse.Namespace) -> int:
    backups = _backups(args)
    found = backups.backups()
    for info in found:
        contents = f"{info.plans} plan(s), {info.items} items" if info.healthy else "DAMAGED"
        print(f"{info.taken_at:%Y-%m-%d %H:%M:%S}  {info.reason:<26} {contents:<24} {info.path}")
    if not found:
        print(f"No backups yet in {backups.folder}.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    backups = _backups(args)
    source = Path(args.backup_file).expanduser()
    if not source.is_file():
        raise UserError(f"{source}: no such backup file.")
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError("Restoring replaces the database; add --yes to confirm.")
        answer = input(f"Replace {backups.database_file} by {source.name}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing restored.")
            return 1
    aside = backups.restore(source)
    print(f"Restored {source.name}; the previous database was kept as {aside}.")
    return 0


def cmd_render_gantt(args: argparse.Namespace) -> int:
    from poa_desktop.services.gantt_figure import draw_gantt

    with plan_service(args) as (service, plan):
        outline = service.outline(plan.uuid)
    draw_gantt(outline, args.out, paper=args.paper)
    print(f"Wrote the Gantt chart of {plan.code} to {args.out}.", file=sys.stderr)
    return 0


def cmd_screenshot(args: argparse.Namespace) -> int:
    from poa_desktop.ui.screenshot import screenshot_main

    return screenshot_main(url(args), args.view, args.out, args.palette)


def cmd_render_network(args: argparse.Namespace) -> int:
    from poa_desktop.services.network_export import render_network_command

    with plan_service(args) as (service, plan):
        out = render_network_command(
            service.database, plan.uuid, args.lens, args.out, paper=args.paper
        )
    print(f"Wrote the {args.lens} network of {plan.code} to {out}.", file=sys.stderr)
    return 0


def cmd_export_graph(args: argparse.Namespace) -> int:
    from poa_desktop.services.network_export import export_graph_command

    with plan_service(args) as (service, plan):
        out = export_graph_command(
            service.database, plan.uuid, args.lens, args.out, expected=args.graph_format
        )
    print(f"Wrote the {args.lens} network of {plan.code} to {out}.", file=sys.stderr)
    return 0


def cmd_export_matrix(args: argparse.Namespace) -> int:
    from poa_desktop.services.baseline_service import BaselineService
    from poa_desktop.services.register_service import RegisterService
    from poa_desktop.services.review_pack import export_review_pack

    with plan_service(args) as (service, plan):
        database = service.database
        out = export_review_pack(
            service,
            RegisterService(database),
            BaselineService(database),
            plan.uuid,
            args.out,
            baseline_name=args.baseline,
        )
    print(f"Wrote the review pack of {plan.code} to {out}.", file=sys.stderr)
    return 0


def cmd_import_matrix(args: argparse.Namespace) -> int:
    from poa_desktop.services.change_builder import ChangeBuilder
    from poa_desktop.services.editing import PlanEditor
    from poa_desktop.services.review_pack import import_review_pack

    with plan_service(args) as (service, plan):
        database = service.database
        report = import_review_pack(
            service,
            ChangeBuilder(database),
            PlanEditor(database),
            plan.uuid,
            args.path,
            dry_run=args.dry_run,
        )
    for line in report.lines():
        print(line)
    print(report.summary())
    return 0
