"""Measures of the network lenses: laying out the partner and dependency lenses."""

from __future__ import annotations

from collections.abc import Callable

from poa_desktop.bench.measures import Context
from poa_desktop.bench.runner import Measure

MEASURES: list[Callable[[Context, int], Measure]] = []
