"""Find and filter: which rows a coordinator's search and filters keep.

Plain Python over records, shared by every view (the Qt proxies only call these), so the
rules are tested without a window.

The rules, in one place:

* **Text** is case- and accent-insensitive ("securite" finds "Sécurité"; en and em dashes
  count as hyphens, so "2016-17" finds "2016–17"). The text is split into words and every
  word must occur somewhere in the row (a substring, not a whole word): "ISSA 2012" keeps
  rows that mention both.
* **Every criterion combines with AND.** Within one criterion (several components,
  several statuses) any value will do (OR).
* **A criterion that does not apply to a kind of row is ignored for it** (``APPLICABLE``
  lists which apply): a status filter does not empty the partner register. The filter bar
  greys out the controls that do not apply to the view shown.
* **Items** (activities, means of action, key outputs, milestones) are searched by code,
  title, timing text, the key outputs a means delivers ("KO6"), the codes and names of the
  partners with a role on the item, and the text of its progress notes. Partner filters
  use the item's *own* roles: a means of action does not inherit its activity's partners
  (the Social Security Department leads every activity, so inheriting would make that
  filter keep everything), but the tree still shows the activity as the parent of a
  matching means. Years keep an item whose planned start..end overlaps the range; an item
  without planned dates never matches a year filter. Items without a component
  (milestones) never match a component filter.
* **Components** (the top rows of the plan tree) match on their code and title text only,
  and only when text is the sole criterion besides, possibly, their own component code.
  The tree's proxy has ``recursiveFilteringEnabled`` on, so a component or activity row
  stays whenever one of its children matches, and ``autoAcceptChildRows`` off, so a
  matching activity does not drag in means of action that fail a status or partner filter.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from poa_desktop.domain.enums import GenderMarker, MouStatus, PartnerKind, Status
from poa_desktop.domain.records import (
    ComponentRow,
    DependencyRow,
    GenderCoverageRow,
    IndicatorRow,
    ItemRow,
    MandateRow,
    MouRow,
    PartnerRoleRow,
    PartnerRow,
)

#: The plan's biennia, as (label, first year, last year).
BIENNIA: tuple[tuple[str, int, int], ...] = (
    ("2012–13", 2012, 2013),
    ("2014–15", 2014, 2015),
    ("2016–17", 2016, 2017),
    ("2018–19", 2018, 2019),
)

#: The kinds of row ``predicate_for`` knows; "item" also covers the tree's component rows.
KINDS: tuple[str, ...] = (
    "item",
    "partner",
    "partner_role",
    "mou",
    "dependency",
    "mandate",
    "indicator",
    "gender_coverage",
)

_TEXT = "text"
_COMPONENTS = "components"
_PARTNERS = "partners"
_STATUSES = "statuses"
_GENDER = "gender_markers"
_YEARS = "years"
_PARTNER_KINDS = "partner_kinds"
_REGIONS = "regions"
_MOU_STATUSES = "mou_statuses"
_ITEM_CRITERIA = frozenset({_TEXT, _COMPONENTS, _PARTNERS, _STATUSES, _GENDER, _YEARS})

#: Which criteria apply to each kind of row (the others are ignored for it). "years" stands
#: for ``first_year``/``last_year``.
APPLICABLE: Mapping[str, frozenset[str]] = {
    "item": _ITEM_CRITERIA,
    "partner": frozenset({_TEXT, _PARTNERS, _PARTNER_KINDS, _REGIONS}),
    "partner_role": _ITEM_CRITERIA,
    "mou": frozenset({_TEXT, _PARTNERS, _YEARS, _MOU_STATUSES}),
    "dependency": _ITEM_CRITERIA,
    "mandate": frozenset({_TEXT, _COMPONENTS}),
    "indicator": frozenset({_TEXT}),
    "gender_coverage": frozenset({_TEXT, _COMPONENTS}),
}


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
    partner_kinds: frozenset[PartnerKind] = frozenset()  # the partner register
    regions: frozenset[str] = frozenset()  # the partner register
    mou_statuses: frozenset[MouStatus] = frozenset()  # the MOU register

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
            or self.partner_kinds
            or self.regions
            or self.mou_statuses
        )

    @property
    def years(self) -> tuple[int | None, int | None]:
        """(first, last) in order: a range typed backwards (2018 to 2014) is read forwards."""
        first, last = self.first_year, self.last_year
        if first is not None and last is not None and first > last:
            return last, first
        return first, last

    @property
    def biennium(self) -> str | None:
        """The label of the biennium the year range is exactly, else None."""
        for label, first, last in BIENNIA:
            if (self.first_year, self.last_year) == (first, last):
                return label
        return None

    def active_for(self, kind: str) -> bool:
        """Whether any criterion that applies to ``kind`` is set."""
        applicable = APPLICABLE[kind]
        return bool(
            (_TEXT in applicable and self.text.strip())
            or (_COMPONENTS in applicable and self.components)
            or (_PARTNERS in applicable and self.partners)
            or (_STATUSES in applicable and self.statuses)
            or (_GENDER in applicable and self.gender_markers)
            or (_YEARS in applicable and (self.first_year, self.last_year) != (None, None))
            or (_PARTNER_KINDS in applicable and self.partner_kinds)
            or (_REGIONS in applicable and self.regions)
            or (_MOU_STATUSES in applicable and self.mou_statuses)
        )


@dataclass(frozen=True, slots=True)
class FilterContext:
    """What a row alone does not say but a filter needs: the partners and the progress-note
    text attached to each item (by item uuid)."""

    partner_codes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    partner_text: Mapping[str, str] = field(default_factory=dict)
    note_text: Mapping[str, str] = field(default_factory=dict)


EMPTY_CONTEXT = FilterContext()

# --- text ------------------------------------------------------------------------------------

_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−", "-"))


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """``text`` lower-cased, without accents, with dashes as hyphens: what search compares."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_DASHES))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


def search_words(text: str) -> tuple[str, ...]:
    """The folded words of a search; each must occur in a row for it to match."""
    return tuple(dict.fromkeys(fold(text).split()))


def _has_words(words: tuple[str, ...], *fields: str) -> bool:
    if not words:
        return True
    haystack = "\n".join(fold(value) for value in fields if value)
    return all(word in haystack for word in words)


# --- the rules, compiled once per criteria ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rules:
    words: tuple[str, ...]
    components: frozenset[str]
    partners: frozenset[str]
    statuses: frozenset[Status]
    gender_markers: frozenset[GenderMarker]
    first_year: int | None
    last_year: int | None
    partner_kinds: frozenset[PartnerKind] = frozenset()
    regions: frozenset[str] = frozenset()
    mou_statuses: frozenset[MouStatus] = frozenset()

    @classmethod
    def of(cls, criteria: FilterCriteria) -> _Rules:
        first, last = criteria.years
        return cls(
            words=search_words(criteria.text),
            components=criteria.components,
            partners=criteria.partners,
            statuses=criteria.statuses,
            gender_markers=criteria.gender_markers,
            first_year=first,
            last_year=last,
            partner_kinds=criteria.partner_kinds,
            regions=criteria.regions,
            mou_statuses=criteria.mou_statuses,
        )

    @property
    def has_years(self) -> bool:
        return self.first_year is not None or self.last_year is not None

    @property
    def only_text(self) -> bool:
        return not (self.partners or self.statuses or self.gender_markers or self.has_years)

    def years_overlap(self, start: date | None, end: date | None) -> bool:
        """Whether start..end (either may stand for both) overlaps the year range."""
        if not self.has_years:
            return True
        if start is None and end is None:
            return False
        first = (start or end).year  # type: ignore[union-attr]
        last = (end or start).year  # type: ignore[union-attr]
        first, last = min(first, last), max(first, last)
        if self.first_year is not None and last < self.first_year:
            return False
        return not (self.last_year is not None and first > self.last_year)

    def years_hit(self, dates: Iterable[date | None]) -> bool:
        """Whether any of the dates falls in the year range (no date: no match)."""
        if not self.has_years:
            return True
        return any(self.years_overlap(day, day) for day in dates if day is not None)

    # items

    def item_facets(self, row: ItemRow, context: FilterContext) -> bool:
        """Every criterion except the text."""
        if self.components and row.component_code not in self.components:
            return False
        if self.partners and not (context.partner_codes.get(row.uuid, frozenset()) & self.partners):
            return False
        if self.statuses and row.status not in self.statuses:
            return False
        if self.gender_markers and row.gender_marker not in self.gender_markers:
            return False
        return self.years_overlap(row.start, row.end)

    def item_text(self, row: ItemRow, context: FilterContext) -> bool:
        return _has_words(
            self.words,
            row.code,
            row.title,
            row.timing_text,
            " ".join(f"KO{number}" for number in row.key_output_numbers),
            context.partner_text.get(row.uuid, ""),
            context.note_text.get(row.uuid, ""),
        )

    def item(self, row: ItemRow, context: FilterContext) -> bool:
        return self.item_facets(row, context) and self.item_text(row, context)

    def component(self, row: ComponentRow) -> bool:
        if not self.words or not self.only_text:
            return False
        if self.components and row.code not in self.components:
            return False
        return _has_words(self.words, row.code, row.title)


# --- one function per kind of row ------------------------------------------------------------


def item_matches(
    row: ItemRow | ComponentRow, criteria: FilterCriteria, context: FilterContext = EMPTY_CONTEXT
) -> bool:
    """Whether an item (or a component row of the plan tree) passes the criteria."""
    if not criteria.active:
        return True
    rules = _Rules.of(criteria)
    if isinstance(row, ComponentRow):
        return rules.component(row)
    return rules.item(row, context)


def partner_matches(row: PartnerRow, criteria: FilterCriteria) -> bool:
    """Text over code, name, acronym, region and notes; partners: the partner itself."""
    return _partner(_Rules.of(criteria), row)


def partner_role_matches(
    row: PartnerRoleRow,
    criteria: FilterCriteria,
    items_by_uuid: Mapping[str, ItemRow] | None = None,
    context: FilterContext = EMPTY_CONTEXT,
) -> bool:
    """A role on an item: partners by the role's partner; the other item criteria by the
    item (looked up in ``items_by_uuid``); text over both names, the role and its note."""
    return _partner_role(_Rules.of(criteria), row, items_by_uuid or {}, context)


def mou_matches(row: MouRow, criteria: FilterCriteria) -> bool:
    """Text over code, title, parties, outputs, notes and source text; partners: any
    party; years: the target or the signed date falls in the range (no date: no match)."""
    return _mou(_Rules.of(criteria), row)


def dependency_matches(
    row: DependencyRow,
    criteria: FilterCriteria,
    items_by_uuid: Mapping[str, ItemRow] | None = None,
    context: FilterContext = EMPTY_CONTEXT,
) -> bool:
    """Either end passes the item criteria; the text may also be in the link's source text
    or type (then the non-text criteria must still hold for one end)."""
    return _dependency(_Rules.of(criteria), row, items_by_uuid or {}, context)


def mandate_matches(
    row: MandateRow,
    criteria: FilterCriteria,
    components_by_activity: Mapping[str, str] | None = None,
) -> bool:
    """Text over the paragraph's code, text and implementing activity codes; components:
    one implementing activity belongs to one of them (from ``components_by_activity``, an
    activity code → component code map, else the code before the first dot: "III.1" → "III").
    An unimplemented paragraph never matches a component filter."""
    return _mandate(_Rules.of(criteria), row, components_by_activity or {})


def indicator_matches(row: IndicatorRow, criteria: FilterCriteria) -> bool:
    """Text over code, title, unit, source text and measurement notes."""
    return _indicator(_Rules.of(criteria), row)


def gender_coverage_matches(row: GenderCoverageRow, criteria: FilterCriteria) -> bool:
    """Text over the component's code and title and its unscreened activities; components."""
    return _gender_coverage(_Rules.of(criteria), row)


def _partner(rules: _Rules, row: PartnerRow) -> bool:
    if rules.partners and row.code not in rules.partners:
        return False
    if rules.partner_kinds and row.kind not in rules.partner_kinds:
        return False
    if rules.regions and row.region not in rules.regions:
        return False
    return _has_words(rules.words, row.code, row.name, row.acronym, row.region, row.notes)


def _partner_role(
    rules: _Rules, row: PartnerRoleRow, items: Mapping[str, ItemRow], context: FilterContext
) -> bool:
    if rules.partners and row.partner_code not in rules.partners:
        return False
    item = items.get(row.item_uuid)
    without_partners = replace(rules, partners=frozenset())  # the role says the partner
    if item is not None:
        if not without_partners.item_facets(item, context):
            return False
    elif rules.components or rules.statuses or rules.gender_markers or rules.has_years:
        return False
    return _has_words(
        rules.words,
        row.partner_code,
        row.partner_name,
        row.item_code,
        row.item_title,
        row.role.value,
        row.note,
    )


def _mou(rules: _Rules, row: MouRow) -> bool:
    if rules.partners and not (set(row.party_codes) & rules.partners):
        return False
    if rules.mou_statuses and row.status not in rules.mou_statuses:
        return False
    if not rules.years_hit((row.target_date, row.signed_date)):
        return False
    return _has_words(
        rules.words,
        row.code,
        row.title,
        " ".join(row.party_codes),
        " ".join(row.party_names),
        " ".join(row.output_codes),
        row.notes,
        row.source_text,
    )


def _dependency(
    rules: _Rules, row: DependencyRow, items: Mapping[str, ItemRow], context: FilterContext
) -> bool:
    ends: list[tuple[ItemRow | None, str, str]] = [
        (items.get(row.from_uuid), row.from_code, row.from_title),
        (items.get(row.to_uuid), row.to_code, row.to_title),
    ]
    own_text = _has_words(rules.words, row.source_text, row.type.value)
    for item, code, title in ends:
        if item is None:
            # Not in the outline handed over: only the text the row carries can match.
            if (
                rules.only_text
                and not rules.components
                and (own_text or _has_words(rules.words, code, title))
            ):
                return True
            continue
        if rules.item_facets(item, context) and (own_text or rules.item_text(item, context)):
            return True
    return False


def _mandate(rules: _Rules, row: MandateRow, components: Mapping[str, str]) -> bool:
    if rules.components:
        owners = {components.get(code) or code.split(".", 1)[0] for code in row.activity_codes}
        if not owners & rules.components:
            return False
    return _has_words(rules.words, row.code, row.text, " ".join(row.activity_codes))


def _indicator(rules: _Rules, row: IndicatorRow) -> bool:
    return _has_words(
        rules.words,
        row.code,
        row.title,
        row.unit,
        row.source_text,
        " ".join(measurement.note for measurement in row.measurements),
    )


def _gender_coverage(rules: _Rules, row: GenderCoverageRow) -> bool:
    if rules.components and row.component_code not in rules.components:
        return False
    return _has_words(
        rules.words, row.component_code, row.component_title, " ".join(row.unscreened_codes)
    )


# --- for the proxies -------------------------------------------------------------------------

Predicate = Callable[[object], bool]


def predicate_for(
    kind: str,
    criteria: FilterCriteria,
    context: FilterContext = EMPTY_CONTEXT,
    items: Iterable[ItemRow] = (),
) -> Predicate | None:
    """A test for the records of one kind of view, or None when nothing applicable is set
    (the proxy then shows every row without calling anything).

    ``kind`` is one of ``KINDS``. ``items`` (the plan's items, e.g. all rows of a
    ``PlanOutline``) lets dependency and partner-role rows be judged by their items and
    mandate rows by their activities' components; ``context`` comes from
    ``SearchService.context``. A record of another type than the kind expects (a
    placeholder, None) does not match.
    """
    if kind not in APPLICABLE:
        raise ValueError(f"unknown kind of row {kind!r}; expected one of {', '.join(KINDS)}")
    if not criteria.active_for(kind):
        return None
    rules = _Rules.of(_applicable(criteria, kind))
    rows = tuple(items)
    by_uuid = {row.uuid: row for row in rows}
    by_activity = {row.code: row.component_code or "" for row in rows}

    def test(record: object) -> bool:
        if kind == "item":
            if isinstance(record, ItemRow):
                return rules.item(record, context)
            return isinstance(record, ComponentRow) and rules.component(record)
        if kind == "partner":
            return isinstance(record, PartnerRow) and _partner(rules, record)
        if kind == "partner_role":
            return isinstance(record, PartnerRoleRow) and _partner_role(
                rules, record, by_uuid, context
            )
        if kind == "mou":
            return isinstance(record, MouRow) and _mou(rules, record)
        if kind == "dependency":
            return isinstance(record, DependencyRow) and _dependency(
                rules, record, by_uuid, context
            )
        if kind == "mandate":
            return isinstance(record, MandateRow) and _mandate(rules, record, by_activity)
        if kind == "indicator":
            return isinstance(record, IndicatorRow) and _indicator(rules, record)
        return isinstance(record, GenderCoverageRow) and _gender_coverage(rules, record)

    return test


def _applicable(criteria: FilterCriteria, kind: str) -> FilterCriteria:
    """The criteria with what does not apply to ``kind`` cleared."""
    applicable = APPLICABLE[kind]
    years = _YEARS in applicable
    return FilterCriteria(
        text=criteria.text if _TEXT in applicable else "",
        components=criteria.components if _COMPONENTS in applicable else frozenset(),
        partners=criteria.partners if _PARTNERS in applicable else frozenset(),
        statuses=criteria.statuses if _STATUSES in applicable else frozenset(),
        gender_markers=criteria.gender_markers if _GENDER in applicable else frozenset(),
        first_year=criteria.first_year if years else None,
        last_year=criteria.last_year if years else None,
        partner_kinds=criteria.partner_kinds if _PARTNER_KINDS in applicable else frozenset(),
        regions=criteria.regions if _REGIONS in applicable else frozenset(),
        mou_statuses=criteria.mou_statuses if _MOU_STATUSES in applicable else frozenset(),
    )
