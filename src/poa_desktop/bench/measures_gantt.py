"""Measures of the Gantt chart: building the scene, scroll, drag and fit-all frames."""

from __future__ import annotations

from collections.abc import Callable

from poa_desktop.bench.measures import Context
from poa_desktop.bench.runner import Measure

MEASURES: list[Callable[[Context, int], Measure]] = []
