"""``poa-desktop bench``: the benchmark suite on a synthetic portfolio."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_bench(args: argparse.Namespace) -> int:
    from poa_desktop.bench.runner import run

    report = run(args.size, Path(args.json) if args.json else None, rounds=args.rounds)
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
