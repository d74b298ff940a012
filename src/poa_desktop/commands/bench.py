"""``poa-desktop bench``: the benchmark suite on a synthetic portfolio."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_bench(args: argparse.Namespace) -> int:
    from poa_desktop.bench.runner import run

    report = run(args.size, Path(args.json) if args.json else None, rounds=args.rounds)
    over = [measure.name for measure in report.measures if measure.holds is False]
    if over:
        print("Over budget: " + "; ".join(over))
    return 0
