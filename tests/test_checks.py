"""Data-quality checks on hand-made plans with known answers."""

from __future__ import annotations

from datetime import date

import pytest

from documents import document
from poa_desktop.domain.checks import find_cycles, run_checks
from poa_desktop.domain.document import parse_document
from poa_desktop.domain.records import Finding

TODAY = date(2020, 6, 1)


def findings(**changes: object) -> list[Finding]:
    return run_checks(parse_document(document(**changes)), today=TODAY)


def codes(found: list[Finding]) -> list[tuple[str, str]]:
    return [(finding.code, finding.subject) for finding in found]


def test_the_base_plan_has_only_its_recorded_finding() -> None:
    assert codes(findings()) == [("source-F01", "KO1")]


def test_a_reference_in_prose_to_a_missing_item_is_an_error() -> None:
    base = document()
    base["means_of_action"][2]["title"] = "In conjunction with II.2(iv) and I.1, see No. 7"
    found = run_checks(parse_document(base), today=TODAY)
    messages = {finding.message for finding in found if finding.code == "dangling-reference"}
    assert messages == {
        "refers to 'II.2(iv)', but the plan has no item II.2(iv).",
        "refers to 'see No. 7', but the plan has no key output No. 7.",
    }
    assert all(f.severity == "error" for f in found if f.code == "dangling-reference")


def test_references_written_with_a_dot_before_the_label_resolve() -> None:
    base = document()
    base["means_of_action"][2]["title"] = "Pursued in the context of I.1.(ii) and I.1"
    assert "dangling-reference" not in {f.code for f in run_checks(parse_document(base))}


def test_an_output_timed_differently_from_its_means_is_a_contradiction() -> None:
    base = document()
    base["key_outputs"][0]["start_year"] = 2021
    found = run_checks(parse_document(base), today=TODAY)
    [finding] = [f for f in found if f.code == "timing-contradiction"]
    assert finding.subject == "KO1"
    assert "timed 2021" in finding.message and "run 2020–2021" in finding.message


def test_a_dependency_cycle_is_named() -> None:
    base = document()
    base["dependencies"] += [
        {"from": "I.1(ii)", "to": "II.1(i)", "type": "SS"},
        {"from": "II.1(i)", "to": "I.1(i)", "type": "SS"},
    ]
    found = run_checks(parse_document(base), today=TODAY)
    [cycle] = [f for f in found if f.code == "dependency-cycle"]
    assert cycle.severity == "error"
    assert "I.1(i) → I.1(ii) → II.1(i) → I.1(i)" in cycle.message


def test_find_cycles_on_an_acyclic_graph_is_empty() -> None:
    assert find_cycles([("a", "b"), ("b", "c"), ("a", "c")]) == []
    assert find_cycles([("a", "b"), ("b", "a"), ("c", "d"), ("d", "c")]) == [["a", "b"], ["c", "d"]]


@pytest.mark.parametrize(
    ("kind", "lag", "violated"),
    [
        ("FS", 0, True),  # II.1(i) starts 2021-06-01, before I.1(ii) ends 2021-12-31
        ("SS", 0, False),  # it starts after I.1(ii) starts (2021-01-01)
        ("SS", 200, True),  # ... but not 200 days after
        ("FF", 0, False),  # it ends 2023-12-31, after I.1(ii) ends
        ("SF", 0, False),
        ("SF", 3000, True),
    ],
)
def test_violated_dependencies_for_every_type(kind: str, lag: int, violated: bool) -> None:
    base = document()
    base["dependencies"] = [{"from": "I.1(ii)", "to": "II.1(i)", "type": kind, "lag_days": lag}]
    found = run_checks(parse_document(base), today=TODAY)
    assert ("dependency-violated" in {f.code for f in found}) is violated


def test_a_mandate_no_activity_implements_is_reported() -> None:
    base = document()
    base["mandates"].append({"code": "1(c)", "text": "Forgotten."})
    found = run_checks(parse_document(base), today=TODAY)
    assert ("mandate-not-implemented", "1(c)") in codes(found)


def test_unscheduled_items_outputs_without_means_and_indicator_without_baseline() -> None:
    base = document()
    base["means_of_action"][2].update(start=None, end=None, timing_text="-")
    base["key_outputs"][0]["means"] = []
    base["indicators"][0]["baseline_value"] = None
    found = codes(run_checks(parse_document(base), today=TODAY))
    assert ("no-timing", "II.1(i)") in found
    assert ("output-without-means", "KO1") in found
    assert ("indicator-no-baseline", "IND-1") in found


def test_mou_overdue_and_inconsistent_dates() -> None:
    base = document()
    base["mous"].append(
        {"code": "MOU-2", "title": "Signed, no date", "status": "signed", "parties": ["WB"]}
    )
    found = run_checks(parse_document(base), today=date(2021, 1, 1))
    assert ("mou-overdue", "MOU-1") in codes(found)
    assert ("mou-dates", "MOU-2") in codes(found)
    on_time = run_checks(parse_document(base), today=date(2020, 1, 1))
    assert ("mou-overdue", "MOU-1") not in codes(on_time)


def test_errors_come_first() -> None:
    base = document()
    base["means_of_action"][2]["title"] = "see II.9"
    found = run_checks(parse_document(base), today=date(2030, 1, 1))
    severities = [finding.severity for finding in found]
    assert severities == sorted(severities, key=["error", "warning", "note"].index)
    assert severities[0] == "error"
