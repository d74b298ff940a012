"""What the commands share: choosing the database and the plan, printing JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from poa_desktop.config import resolve_database_url

if TYPE_CHECKING:
    from poa_desktop.domain.records import PlanRef


def url(args: argparse.Namespace) -> str:
    return resolve_database_url(getattr(args, "db", None))


def open_database(args: argparse.Namespace, *, seed: bool = True) -> Any:
    """Open (create, check, migrate) the chosen database; an ``OpenedDatabase``."""
    from poa_desktop.services import setup

    opened = setup.open_database(url(args), seed=seed)
    if opened.warning:
        print(f"poa-desktop: warning: {opened.warning}", file=sys.stderr)
    return opened


@contextmanager
def plan_service(args: argparse.Namespace) -> Iterator[tuple[Any, PlanRef]]:
    """The plan service over the chosen database and the chosen plan; closed after."""
    from poa_desktop.services.plan_service import PlanService

    database = open_database(args).database
    try:
        service = PlanService(database)
        yield service, service.find_plan(getattr(args, "plan", None))
    finally:
        database.dispose()


def describe(url: str) -> str:
    from poa_desktop.store.urls import sqlite_file

    path = sqlite_file(url)
    return str(path) if path is not None else url.split("@")[-1]


def plan_json(plan: PlanRef) -> dict[str, Any]:
    return {
        "uuid": plan.uuid,
        "code": plan.code,
        "title": plan.title,
        "period_start": plan.period_start.isoformat(),
        "period_end": plan.period_end.isoformat(),
        "source_document": plan.source_document,
    }


def count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def span_text(first: int | None, last: int | None) -> str:
    if first is None or last is None:
        return "—"
    return str(first) if first == last else f"{first}–{last}"


def print_json(data: Any, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    stream.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
