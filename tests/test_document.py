"""The plan document: what it accepts, what it refuses, and how it names the problem."""

from __future__ import annotations

from typing import Any

import pytest

from documents import BASE, document
from poa_desktop.domain.document import parse_document
from poa_desktop.domain.errors import ValidationError


def test_a_valid_document_is_normalised_with_every_key_and_uuid() -> None:
    parsed = parse_document(document())
    assert list(parsed)[:3] == ["format", "format_version", "plan"]
    activity = parsed["activities"][0]
    assert list(activity) == [
        "uuid",
        "code",
        "component",
        "title",
        "description",
        "mandates",
        "timing_text",
        "start",
        "end",
        "status",
        "percent_complete",
        "gender_marker",
        "gender_note",
    ]
    assert activity["status"] == "not_started"
    assert parsed["key_outputs"][0]["start"] == "2020-01-01"
    assert parsed["key_outputs"][0]["end"] == "2021-12-31"
    assert parsed["milestones"][0]["end"] == "2021-06-01"


def test_missing_uuids_are_derived_deterministically() -> None:
    first, second = parse_document(document()), parse_document(document())
    assert first["activities"][0]["uuid"] == second["activities"][0]["uuid"]
    assert first["activities"][0]["uuid"] != first["activities"][1]["uuid"]
    other_plan = document(plan={**BASE["plan"], "code": "other"})
    assert parse_document(other_plan)["activities"][0]["uuid"] != first["activities"][0]["uuid"]


def with_change(section: str, index: int, **changes: Any) -> dict[str, Any]:
    data = document()
    data[section][index].update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "holds a list, not a plan document"),
        ({"format": "something"}, "format: expected 'poa-desktop/plan'"),
        ({**BASE, "format_version": 99}, "format_version: this app reads version 1"),
        ({**BASE, "extra": 1}, "Unknown top-level key 'extra'"),
        ({**BASE, "activities": {}}, "activities: expected a list, found an object"),
        (
            with_change("activities", 1, component="VI"),
            r"activities\[1\] \(II.1\).component: unknown component 'VI'",
        ),
        (with_change("activities", 0, mandates=["99"]), "unknown mandate paragraph '99'"),
        (
            with_change("activities", 0, start="2020-13-01"),
            r"activities\[0\] \(I.1\).start: '2020-13-01' is not a date",
        ),
        (
            with_change("activities", 0, start="2022-01-01"),
            "start 2022-01-01 is after end 2021-12-31",
        ),
        (with_change("activities", 0, percent_complete=150), "150 is not between 0 and 100"),
        (
            with_change("activities", 0, percent_complete="half"),
            "expected a whole number, found text",
        ),
        (with_change("activities", 0, status="done"), "'done' is not one of not_started"),
        (with_change("activities", 0, colour="red"), "unknown field 'colour'"),
        (with_change("activities", 0, title=None), "the field 'title' is required"),
        (with_change("activities", 1, code="I.1"), "code 'I.1' is already used"),
        (with_change("means_of_action", 0, code="KO1"), "share one set of codes"),
        (with_change("means_of_action", 0, activity="I.7"), "unknown activity 'I.7'"),
        (with_change("key_outputs", 0, start_year=2022), "start_year 2022 is after end_year 2021"),
        (  # stored, it was a date the export refused (found by test_hostile_json)
            with_change("key_outputs", 0, start_year=212),
            r"key_outputs\[0\] \(KO1\).start_year: 212 is not a plausible year",
        ),
        (with_change("key_outputs", 0, start="2019-01-01"), "must fall in start_year 2020"),
        (with_change("key_outputs", 0, means=["I.1"]), "unknown means of action 'I.1'"),
        (with_change("dependencies", 0, to="I.1(i)"), "cannot depend on itself"),
        (
            with_change("dependencies", 0, to="X.9"),
            r"dependencies\[0\] \(I.1\(i\) → X.9\).to: unknown item 'X.9'",
        ),
        (with_change("dependencies", 0, type="XX"), "'XX' is not one of FS, SS, FF, SF"),
        (with_change("partner_roles", 0, partner="ILO"), "unknown partner 'ILO'"),
        (with_change("mous", 0, parties=["ISSA", "ISSA"]), "'ISSA' is listed twice"),
        (with_change("mous", 0, status="maybe"), "'maybe' is not one of proposed"),
        (with_change("milestones", 0, start=None), "a milestone needs a date"),
        (with_change("indicators", 0, target_value="sixty"), "expected a number, found text"),
        (
            with_change("indicators", 0, measurements=[{"date": "x", "value": 1}]),
            r"measurements\[0\].date: 'x' is not a date",
        ),
        (with_change("partners", 0, uuid="not-a-uuid"), "'not-a-uuid' is not a UUID"),
        (
            {**BASE, "plan": {**BASE["plan"], "period_end": "2010-01-01"}},
            "period_start 2020-01-01 is after period_end",
        ),
    ],
)
def test_bad_documents_are_refused_with_a_message_naming_where(data: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_document(data)


def test_a_reused_uuid_is_refused() -> None:
    data = document()
    data["activities"][0]["uuid"] = data["activities"][1]["uuid"] = (
        "11111111-1111-4111-8111-111111111111"
    )
    with pytest.raises(ValidationError, match=r"uuid 11111111-.* is already used"):
        parse_document(data)
