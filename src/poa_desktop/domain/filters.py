"""Find and filter: which rows a coordinator's search and filters keep.

Plain Python over records, shared by every view (the Qt proxies only call these), so the
rules are tested without a window.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from poa_desktop.domain.enums import GenderMarker, Status

#: The plan's biennia, as (label, first year, last year).
BIENNIA: tuple[tuple[str, int, int], ...] = (
    ("2012–13", 2012, 2013),
    ("2014–15", 2014, 2015),
    ("2016–17", 2016, 2017),
    ("2018–19", 2018, 2019),
)


@dataclass(frozen=True, slots=True)
class FilterCriteria:
    """What the user asked for; empty fields do not filter. All fields combine (AND)."""

    text: str = ""
    components: frozenset[str] = frozenset()  # component codes
    partners: frozenset[str] = frozenset()  # partner codes
    statuses: frozenset[Status] = frozenset()
    gender_markers: frozenset[GenderMarker] = frozenset()
    first_year: int | None = None  # a biennium sets both years
    last_year: int | None = None

    @property
    def active(self) -> bool:
        return bool(
            self.text.strip()
            or self.components
            or self.partners
            or self.statuses
            or self.gender_markers
            or self.first_year is not None
            or self.last_year is not None
        )


@dataclass(frozen=True, slots=True)
class FilterContext:
    """What a row alone does not say but a filter needs: the partners and the progress-note
    text attached to each item (by item uuid)."""

    partner_codes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    partner_text: Mapping[str, str] = field(default_factory=dict)
    note_text: Mapping[str, str] = field(default_factory=dict)
