"""Measures of the review pack: exporting it and importing it back, beside the xlsxwriter
and openpyxl read-only floors."""

from __future__ import annotations

from collections.abc import Callable

from poa_desktop.bench.measures import Context
from poa_desktop.bench.runner import Measure

MEASURES: list[Callable[[Context, int], Measure]] = []
