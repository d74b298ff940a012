"""Find and filter rules (domain.filters) on hand-made rows with known answers, and on the
shipped plan read through the real services."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from poa_desktop.domain.enums import (
    DependencyType,
    GenderMarker,
    ItemKind,
    MouStatus,
    PartnerKind,
    PartnerRoleKind,
    Status,
)
from poa_desktop.domain.filters import (
    APPLICABLE,
    BIENNIA,
    KINDS,
    FilterContext,
    FilterCriteria,
    dependency_matches,
    fold,
    gender_coverage_matches,
    indicator_matches,
    item_matches,
    mandate_matches,
    mou_matches,
    partner_matches,
    partner_role_matches,
    predicate_for,
)
from poa_desktop.domain.records import (
    ComponentRow,
    DependencyRow,
    GenderCoverageRow,
    IndicatorRow,
    ItemRow,
    MandateRow,
    MeasurementRow,
    MouRow,
    PartnerRoleRow,
    PartnerRow,
    PlanOutline,
)
from poa_desktop.services.change_builder import ChangeBuilder
from poa_desktop.services.editing import PlanEditor
from poa_desktop.services.register_service import RegisterService
from poa_desktop.services.search_service import SearchService


def item(
    code: str,
    title: str = "A title",
    *,
    component: str | None = "II",
    start: date | None = date(2012, 1, 1),
    end: date | None = date(2013, 12, 31),
    timing: str = "",
    status: Status = Status.NOT_STARTED,
    marker: GenderMarker = GenderMarker.NOT_SCREENED,
    kind: ItemKind = ItemKind.MEANS,
    outputs: tuple[int, ...] = (),
) -> ItemRow:
    return ItemRow(
        uuid=f"uuid-{code}",
        kind=kind,
        code=code,
        title=title,
        component_code=component,
        parent_code=None,
        label="",
        number=None,
        start=start,
        end=end,
        timing_text=timing,
        status=status,
        percent_complete=0,
        gender_marker=marker,
        key_output_numbers=outputs,
    )


FRENCH = item("II.1(i)", "Réforme de la Sécurité sociale", timing="Biennium 2014–15")
SURVEY = item("II.2(iv)", "Expand the survey", status=Status.ON_TRACK, outputs=(6,))
GENDER = item(
    "I.2",
    "Gender-sensitive language",
    component="I",
    marker=GenderMarker.PRINCIPAL,
    start=date(2013, 1, 1),
    end=date(2015, 12, 31),
    kind=ItemKind.ACTIVITY,
)
UNDATED = item("I.5(i)", "See capacity building", component="I", start=None, end=None)
MILESTONE = item(
    "MS-1",
    "Conference",
    component=None,
    start=date(2016, 6, 1),
    end=date(2016, 6, 1),
    kind=ItemKind.MILESTONE,
    status=Status.COMPLETED,
)
ITEMS = (FRENCH, SURVEY, GENDER, UNDATED, MILESTONE)
CONTEXT = FilterContext(
    partner_codes={SURVEY.uuid: frozenset({"ISSA", "IMF"}), GENDER.uuid: frozenset({"ILC"})},
    partner_text={
        SURVEY.uuid: "ISSA\nInternational Social Security Association\nIMF\nFonds monétaire",
        GENDER.uuid: "ILC\nInternational Labour Conference",
    },
    note_text={UNDATED.uuid: "Anna\nWaiting for the Turin budget"},
)


def kept(criteria: FilterCriteria, rows: tuple[ItemRow, ...] = ITEMS) -> list[str]:
    return [row.code for row in rows if item_matches(row, criteria, CONTEXT)]


# --- items, one criterion at a time ----------------------------------------------------------


def test_no_criteria_keeps_every_row_and_gives_no_predicate() -> None:
    criteria = FilterCriteria(text="   ")
    assert not criteria.active
    assert kept(criteria) == [row.code for row in ITEMS]
    for kind in KINDS:
        assert predicate_for(kind, criteria, CONTEXT) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("securite", ["II.1(i)"]),  # accents typed or not
        ("SÉCURITÉ SOCIALE", ["II.1(i)"]),  # case, and two words both present
        ("sociale reforme", ["II.1(i)"]),  # word order does not matter
        ("sociale survey", []),  # every word must occur in the same row
        ("2014-15", ["II.1(i)"]),  # a hyphen finds the en dash of the timing text
        ("ii.2(iv)", ["II.2(iv)"]),  # code
        ("ko6", ["II.2(iv)"]),  # the key output a means delivers
        ("issa", ["II.2(iv)"]),  # a partner's code
        ("association", ["II.2(iv)"]),  # a partner's name
        ("monetaire", ["II.2(iv)"]),  # ... without its accent
        ("turin budget", ["I.5(i)"]),  # progress-note text
        ("anna", ["I.5(i)"]),  # progress-note author
        ("conference", ["I.2", "MS-1"]),  # a title and a partner name
        ("nothing like this", []),
    ],
)
def test_text_search(text: str, expected: list[str]) -> None:
    assert kept(FilterCriteria(text=text)) == expected


def test_text_search_without_context_sees_only_the_row() -> None:
    assert not item_matches(SURVEY, FilterCriteria(text="issa"))
    assert item_matches(SURVEY, FilterCriteria(text="survey"))


def test_fold_removes_case_accents_and_dash_kinds() -> None:
    assert fold("  Sécurité   Sociale—2016–17 ") == "securite sociale-2016-17"


def test_components() -> None:
    assert kept(FilterCriteria(components=frozenset({"I"}))) == ["I.2", "I.5(i)"]
    assert kept(FilterCriteria(components=frozenset({"I", "II"}))) == [
        "II.1(i)",
        "II.2(iv)",
        "I.2",
        "I.5(i)",
    ]
    # A milestone has no component: it never matches a component filter.
    assert "MS-1" not in kept(FilterCriteria(components=frozenset({"I", "II", "III"})))


def test_partners_use_the_items_own_roles() -> None:
    assert kept(FilterCriteria(partners=frozenset({"ISSA"}))) == ["II.2(iv)"]
    assert kept(FilterCriteria(partners=frozenset({"ILC", "IMF"}))) == ["II.2(iv)", "I.2"]
    assert kept(FilterCriteria(partners=frozenset({"WHO"}))) == []


def test_statuses() -> None:
    assert kept(FilterCriteria(statuses=frozenset({Status.ON_TRACK}))) == ["II.2(iv)"]
    assert kept(FilterCriteria(statuses=frozenset({Status.ON_TRACK, Status.COMPLETED}))) == [
        "II.2(iv)",
        "MS-1",
    ]


def test_gender_markers() -> None:
    assert kept(FilterCriteria(gender_markers=frozenset({GenderMarker.PRINCIPAL}))) == ["I.2"]
    assert len(kept(FilterCriteria(gender_markers=frozenset({GenderMarker.NOT_SCREENED})))) == 4


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (2012, 2013, ["II.1(i)", "II.2(iv)", "I.2"]),  # I.2 (2013–15) overlaps by one year
        (2012, 2012, ["II.1(i)", "II.2(iv)"]),  # I.2 starts the year after
        (2014, 2015, ["I.2"]),  # the day after 2013 ends: no longer overlaps 2012–13
        (2016, 2017, ["MS-1"]),  # a one-day milestone
        (2011, 2011, []),  # the year before everything
        (2018, None, []),  # open-ended "from 2018"
        (None, 2012, ["II.1(i)", "II.2(iv)"]),  # open-ended "until 2012"
        (2015, 2013, ["II.1(i)", "II.2(iv)", "I.2"]),  # typed backwards: read as 2013–2015
    ],
)
def test_year_ranges_keep_overlapping_items_and_never_undated_ones(
    first: int | None, last: int | None, expected: list[str]
) -> None:
    criteria = FilterCriteria(first_year=first, last_year=last)
    assert kept(criteria) == expected
    assert "I.5(i)" not in kept(criteria)  # no planned dates


def test_an_item_with_only_one_date_is_that_day() -> None:
    started = replace(SURVEY, start=date(2016, 3, 1), end=None)
    assert item_matches(started, FilterCriteria(first_year=2016, last_year=2017))
    assert not item_matches(started, FilterCriteria(first_year=2017, last_year=2017))


@pytest.mark.parametrize(("label", "first", "last"), BIENNIA)
def test_biennium_edges(label: str, first: int, last: int) -> None:
    criteria = FilterCriteria(first_year=first, last_year=last)
    assert criteria.biennium == label
    ends_before = item("X", start=date(first - 2, 1, 1), end=date(first - 1, 12, 31))
    ends_first_day = item("X", start=date(first - 2, 1, 1), end=date(first, 1, 1))
    starts_last_day = item("X", start=date(last, 12, 31), end=date(last + 3, 1, 1))
    starts_after = item("X", start=date(last + 1, 1, 1), end=date(last + 3, 1, 1))
    spans_it = item("X", start=date(first - 1, 1, 1), end=date(last + 1, 1, 1))
    assert not item_matches(ends_before, criteria)
    assert item_matches(ends_first_day, criteria)
    assert item_matches(starts_last_day, criteria)
    assert not item_matches(starts_after, criteria)
    assert item_matches(spans_it, criteria)


def test_criteria_combine_with_and() -> None:
    both = FilterCriteria(components=frozenset({"II"}), statuses=frozenset({Status.ON_TRACK}))
    assert kept(both) == ["II.2(iv)"]
    assert kept(replace(both, text="securite")) == []
    assert kept(replace(both, partners=frozenset({"ISSA"}), first_year=2013)) == ["II.2(iv)"]
    assert kept(replace(both, partners=frozenset({"ISSA"}), first_year=2014)) == []
    everything = FilterCriteria(
        text="language",
        components=frozenset({"I"}),
        partners=frozenset({"ILC"}),
        statuses=frozenset({Status.NOT_STARTED}),
        gender_markers=frozenset({GenderMarker.PRINCIPAL}),
        first_year=2014,
        last_year=2015,
    )
    assert kept(everything) == ["I.2"]
    assert kept(replace(everything, gender_markers=frozenset({GenderMarker.SIGNIFICANT}))) == []


# --- component rows of the tree --------------------------------------------------------------

COMPONENT = ComponentRow("uuid-c2", "II", "Knowledge development and sharing", False)


def test_component_rows_match_on_their_own_text_only() -> None:
    assert item_matches(COMPONENT, FilterCriteria(text="knowledge"))
    assert item_matches(COMPONENT, FilterCriteria(text="knowledge", components=frozenset({"II"})))
    assert not item_matches(
        COMPONENT, FilterCriteria(text="knowledge", components=frozenset({"I"}))
    )
    assert not item_matches(COMPONENT, FilterCriteria(text="survey"))
    # A component has no status, partners or dates: it stays only as a parent of matches.
    assert not item_matches(COMPONENT, FilterCriteria(components=frozenset({"II"})))
    assert not item_matches(
        COMPONENT, FilterCriteria(text="knowledge", statuses=frozenset({Status.NOT_STARTED}))
    )
    test = predicate_for("item", FilterCriteria(text="sharing"), CONTEXT)
    assert test is not None and test(COMPONENT) and not test(None)


# --- registers -------------------------------------------------------------------------------

PARTNER = PartnerRow(
    "uuid-p",
    "ISSA",
    "International Social Security Association",
    "ISSA",
    PartnerKind.SOCIAL_SECURITY_ASSOCIATION,
    "Genève",
    "Privileged partner",
    4,
    1,
)


def test_partner_rows() -> None:
    assert partner_matches(PARTNER, FilterCriteria(text="geneve privileged"))
    assert not partner_matches(PARTNER, FilterCriteria(text="world bank"))
    assert partner_matches(PARTNER, FilterCriteria(partners=frozenset({"ISSA", "IMF"})))
    assert not partner_matches(PARTNER, FilterCriteria(partners=frozenset({"IMF"})))
    # Statuses, components and years do not apply to partners: ignored, not "no match".
    ignored = FilterCriteria(statuses=frozenset({Status.DELAYED}), components=frozenset({"I"}))
    assert partner_matches(PARTNER, ignored)
    assert predicate_for("partner", ignored) is None


MOU = MouRow(
    "uuid-m",
    "MOU-ISSA",
    "MOU with ISSA on joint activities",
    MouStatus.NEGOTIATING,
    date(2011, 12, 31),
    None,
    ("ISSA",),
    ("International Social Security Association",),
    ("KO17",),
    "Sign MOU with ISSA",
    "Discussions already started",
    False,
)


def test_mou_rows() -> None:
    assert mou_matches(MOU, FilterCriteria(text="association"))  # a party's name
    assert mou_matches(MOU, FilterCriteria(text="ko17 started"))  # output and notes
    assert mou_matches(MOU, FilterCriteria(partners=frozenset({"ISSA"})))
    assert not mou_matches(MOU, FilterCriteria(partners=frozenset({"CIESS"})))
    assert mou_matches(MOU, FilterCriteria(first_year=2011, last_year=2011))  # target date
    assert not mou_matches(MOU, FilterCriteria(first_year=2012, last_year=2013))
    signed_later = replace(MOU, signed_date=date(2012, 5, 1))
    assert mou_matches(signed_later, FilterCriteria(first_year=2012, last_year=2013))
    undated = replace(MOU, target_date=None)
    assert not mou_matches(undated, FilterCriteria(first_year=2011, last_year=2019))


DEPENDENCY = DependencyRow(
    "uuid-d",
    GENDER.uuid,
    GENDER.code,
    GENDER.title,
    SURVEY.uuid,
    SURVEY.code,
    SURVEY.title,
    DependencyType.FS,
    0,
    "Row I.2 then the survey",
)
BY_UUID = {row.uuid: row for row in ITEMS}


def test_dependency_rows_match_when_either_end_does() -> None:
    def matches(criteria: FilterCriteria) -> bool:
        return dependency_matches(DEPENDENCY, criteria, BY_UUID, CONTEXT)

    assert matches(FilterCriteria(gender_markers=frozenset({GenderMarker.PRINCIPAL})))  # from
    assert matches(FilterCriteria(partners=frozenset({"ISSA"})))  # to, by its partner
    assert matches(FilterCriteria(text="issa"))  # to, by its partner's code
    assert matches(FilterCriteria(text="then"))  # the link's own source text
    assert not matches(FilterCriteria(statuses=frozenset({Status.DELAYED})))
    # The text of one end and the status of the other do not add up to a match.
    assert not matches(FilterCriteria(text="language", statuses=frozenset({Status.ON_TRACK})))
    assert matches(FilterCriteria(text="survey", statuses=frozenset({Status.ON_TRACK})))
    # Without the items only the text the row carries can match.
    assert dependency_matches(DEPENDENCY, FilterCriteria(text="gender-sensitive"))
    assert not dependency_matches(DEPENDENCY, FilterCriteria(components=frozenset({"I"})))


ROLE = PartnerRoleRow(
    "uuid-r",
    "uuid-p",
    "ISSA",
    "International Social Security Association",
    SURVEY.uuid,
    SURVEY.code,
    SURVEY.title,
    PartnerRoleKind.PARTNER,
    "with ISSA",
)


def test_partner_role_rows() -> None:
    assert partner_role_matches(ROLE, FilterCriteria(text="survey association"))
    assert partner_role_matches(ROLE, FilterCriteria(partners=frozenset({"ISSA"})))
    assert not partner_role_matches(ROLE, FilterCriteria(partners=frozenset({"IMF"})))
    on_track = FilterCriteria(statuses=frozenset({Status.ON_TRACK}))
    assert partner_role_matches(ROLE, on_track, BY_UUID, CONTEXT)
    assert not partner_role_matches(ROLE, replace(on_track, components=frozenset({"I"})), BY_UUID)


MANDATE = MandateRow("uuid-35p", "35(p)", "strengthen cooperation with ISSA", ("V.2",))


def test_mandate_rows() -> None:
    assert mandate_matches(MANDATE, FilterCriteria(text="cooperation issa"))
    assert mandate_matches(MANDATE, FilterCriteria(text="v.2"))  # an implementing activity
    assert mandate_matches(MANDATE, FilterCriteria(components=frozenset({"V"})))  # "V.2" → V
    assert not mandate_matches(MANDATE, FilterCriteria(components=frozenset({"II"})))
    # An explicit map wins over the code's prefix.
    assert mandate_matches(MANDATE, FilterCriteria(components=frozenset({"G"})), {"V.2": "G"})
    unimplemented = replace(MANDATE, activity_codes=())
    assert not mandate_matches(unimplemented, FilterCriteria(components=frozenset({"V"})))


def test_indicator_and_gender_coverage_rows() -> None:
    indicator = IndicatorRow(
        "uuid-i",
        "C102",
        "Ratifications of Convention No. 102",
        "countries",
        47.0,
        date(2011, 6, 1),
        60.0,
        date(2019, 12, 31),
        "Para. 7",
        (MeasurementRow("uuid-x", date(2015, 1, 1), 50.0, "Counted by NORMES"),),
    )
    assert indicator_matches(indicator, FilterCriteria(text="ratification"))
    assert indicator_matches(indicator, FilterCriteria(text="normes countries"))
    assert not indicator_matches(indicator, FilterCriteria(text="gender"))
    coverage = GenderCoverageRow("I", "Policy development", 5, (), ("I.1", "I.4"))
    assert gender_coverage_matches(coverage, FilterCriteria(text="i.4"))
    assert not gender_coverage_matches(coverage, FilterCriteria(components=frozenset({"II"})))


def test_predicate_for_every_kind_and_unknown_kinds() -> None:
    assert set(APPLICABLE) == set(KINDS)
    criteria = FilterCriteria(text="issa")
    records = {
        "item": SURVEY,
        "partner": PARTNER,
        "partner_role": ROLE,
        "mou": MOU,
        "dependency": DEPENDENCY,
        "mandate": MANDATE,
    }
    for kind, record in records.items():
        test = predicate_for(kind, criteria, CONTEXT, ITEMS)
        assert test is not None, kind
        assert test(record), kind
        assert not test(object()), kind  # a record of another type never matches
    test = predicate_for("item", FilterCriteria(text="no such words"), CONTEXT)
    assert test is not None and not test(SURVEY)
    with pytest.raises(ValueError, match="unknown kind"):
        predicate_for("gantt", criteria)


# --- the shipped plan through the real services ----------------------------------------------


@pytest.fixture
def plan_rows(plan_service, shipped_plan, database):  # type: ignore[no-untyped-def]
    outline: PlanOutline = plan_service.outline(shipped_plan.uuid)
    items = outline.activities + outline.means_of_action + outline.key_outputs + outline.milestones
    return outline, items, SearchService(database).context(shipped_plan.uuid)


def codes(  # type: ignore[no-untyped-def]
    criteria: FilterCriteria, plan_rows, kinds=(ItemKind.ACTIVITY, ItemKind.MEANS)
) -> set[str]:
    _outline, items, context = plan_rows
    test = predicate_for("item", criteria, context, items)
    assert test is not None
    return {row.code for row in items if row.kind in kinds and test(row)}


def test_shipped_search_for_issa_finds_its_means_by_partner_and_title(plan_rows) -> None:  # type: ignore[no-untyped-def]
    found = codes(FilterCriteria(text="ISSA"), plan_rows)
    # II.2(iv) and V.2(i) name ISSA; II.2(v) and III.1(i) only through their partner role.
    assert {"II.2(iv)", "II.2(v)", "III.1(i)", "V.2(i)", "V.2"} <= found
    assert "I.1" not in found and "IV.1(i)" not in found
    assert codes(FilterCriteria(partners=frozenset({"ISSA"})), plan_rows) == {
        "II.2(iv)",
        "II.2(v)",
        "III.1(i)",
        "V.2(i)",
    }


def test_shipped_component_and_status(plan_rows) -> None:  # type: ignore[no-untyped-def]
    component = FilterCriteria(components=frozenset({"II"}))
    in_two = codes(component, plan_rows)
    assert in_two == {
        "II.1",
        "II.2",
        "II.3",
        "II.1(i)",
        "II.2(i)",
        "II.2(ii)",
        "II.2(iii)",
        "II.2(iv)",
        "II.2(v)",
        "II.2(vi)",
        "II.3(i)",
    }
    assert codes(replace(component, statuses=frozenset({Status.NOT_STARTED})), plan_rows) == in_two
    assert codes(replace(component, statuses=frozenset({Status.ON_TRACK})), plan_rows) == set()
    # The one means on track is in component V.
    assert codes(
        FilterCriteria(components=frozenset({"II", "V"}), statuses=frozenset({Status.ON_TRACK})),
        plan_rows,
    ) == {"V.2(i)"}


def test_shipped_biennium_2016_17(plan_rows) -> None:  # type: ignore[no-untyped-def]
    found = codes(FilterCriteria(first_year=2016, last_year=2017), plan_rows)
    assert "IV.1(i)" in found  # network complete by the end of 2016–17
    assert "II.2(v)" not in found  # 2012–13
    assert "V.2(ii)" not in found  # before the end of 2014
    assert "I.5" not in found  # no planned dates
    milestones = codes(
        FilterCriteria(first_year=2016, last_year=2017), plan_rows, kinds=(ItemKind.MILESTONE,)
    )
    assert milestones == {"MS-TEACHING-NETWORK"}


def test_shipped_gender_principal(plan_rows) -> None:  # type: ignore[no-untyped-def]
    criteria = FilterCriteria(gender_markers=frozenset({GenderMarker.PRINCIPAL}))
    assert codes(criteria, plan_rows, kinds=(ItemKind.ACTIVITY,)) == {"I.2", "G.1"}


def test_shipped_registers(plan_rows, database, shipped_plan) -> None:  # type: ignore[no-untyped-def]
    _outline, items, context = plan_rows
    registers = RegisterService(database)
    issa = FilterCriteria(text="issa")
    mou_test = predicate_for("mou", issa, context, items)
    assert mou_test is not None
    assert {row.code for row in registers.mous(shipped_plan.uuid) if mou_test(row)} == {
        "MOU-ISSA",
        "MOU-ECASSA",
        "MOU-CIPRESS",
        "MOU-CIESS",
    }  # ISSA and the three "similar to the ISSA MOU"
    dependency_test = predicate_for(
        "dependency", FilterCriteria(partners=frozenset({"ISSA"})), context, items
    )
    assert dependency_test is not None
    links = {
        (row.from_code, row.to_code)
        for row in registers.dependencies(shipped_plan.uuid)
        if dependency_test(row)
    }
    assert ("V.2(i)", "V.2(ii)") in links and ("II.2(iv)", "II.3(i)") in links
    assert ("I.2(i)", "I.2(ii)") not in links
    mandate_test = predicate_for(
        "mandate", FilterCriteria(components=frozenset({"G"})), context, items
    )
    assert mandate_test is not None
    assert [row.code for row in registers.mandates(shipped_plan.uuid) if mandate_test(row)] == [
        "35(q)"
    ]
    partner_test = predicate_for("partner", FilterCriteria(text="universit"))
    assert partner_test is not None
    assert len([row for row in registers.partners(shipped_plan.uuid) if partner_test(row)]) == 6


def test_search_context_follows_edits(database, shipped_plan, plan_rows) -> None:  # type: ignore[no-untyped-def]
    """A progress note and a new partner role become searchable once written."""
    _outline, items, _context = plan_rows
    builder, editor = ChangeBuilder(database), PlanEditor(database)
    target = next(row for row in items if row.code == "IV.2(ii)")
    editor.apply(builder.new_progress_note(target.uuid, "Curriculum drafted with Sciences Po"))
    who = next(
        row for row in RegisterService(database).partners(shipped_plan.uuid) if row.code == "WHO"
    )
    editor.apply(builder.new_partner_role(who.uuid, target.uuid, PartnerRoleKind.PARTNER))
    context = SearchService(database).context(shipped_plan.uuid)
    assert "Sciences Po" in context.note_text[target.uuid]
    assert context.partner_codes[target.uuid] == frozenset({"WHO"})
    assert item_matches(target, FilterCriteria(text="sciences po curriculum"), context)
    assert item_matches(target, FilterCriteria(text="world health"), context)
    assert item_matches(target, FilterCriteria(partners=frozenset({"WHO"})), context)
    assert not item_matches(target, FilterCriteria(text="sciences po"), _context)


def test_search_context_of_an_unknown_plan(database) -> None:  # type: ignore[no-untyped-def]
    from poa_desktop.domain.errors import NotFoundError

    with pytest.raises(NotFoundError):
        SearchService(database).context("no-such-plan")
