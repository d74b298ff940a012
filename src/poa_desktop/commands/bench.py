"""``poa-desktop bench``: the benchmark suite on a synthetic portfolio."""

from __future__ import annotations

import argparse
from pathlib import Path

from poa_desktop.domain.errors import UserError


def _json_target(name: str | None) -> Path | None:
    """Where the JSON goes, refused before minutes of measuring when it cannot go there."""
    if not name:
        return None
    path = Path(name)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder for the bench's JSON; nothing was measured.")
    if path.is_dir():
        raise UserError(f"{path}: a folder; give the JSON file's name. Nothing was measured.")
    return path


def cmd_bench(args: argparse.Namespace) -> int:
    from poa_desktop.bench.runner import run

    report = run(args.size, _json_target(args.json), rounds=args.rounds)
    paces = [measure.pace_ms for measure in report.measures if measure.pace_ms]
    fastest = min(paces, default=0.0)
    over = [
        measure.name + (f" (machine pace x{measure.pace_ms / fastest:.1f})" if fastest else "")
        for measure in report.measures
        if measure.holds is False
    ]
    if over:
        print("Over budget: " + "; ".join(over))
    return 0
