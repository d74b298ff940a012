"""The shipped plan against its source, GB.312/POL/2 (Figure 1, Appendix I, Appendix II)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from poa_desktop.domain.checks import run_checks
from poa_desktop.domain.document import parse_document
from poa_desktop.services.plan_service import PlanService
from poa_desktop.store.shipped import read_plan_toml

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_0b227f95b8fc1787.txt"

# Figure 1, "The plan of action pentagon: Outputs by area": number -> (component, years).
FIGURE_1 = {
    1: ("I", 2012, 2012), 2: ("I", 2013, 2013), 3: ("I", 2015, 2015), 4: ("I", 2012, 2019),
    5: ("II", 2012, 2019), 6: ("II", 2012, 2019), 7: ("II", 2012, 2019), 8: ("II", 2012, 2013),
    9: ("II", 2012, 2019), 10: ("III", 2012, 2012), 11: ("III", 2015, 2015),
    12: ("III", 2015, 2015), 13: ("IV", 2016, 2017), 14: ("IV", 2011, 2019),
    15: ("IV", 2012, 2019), 16: ("V", 2012, 2014), 17: ("V", 2012, 2012), 18: ("V", 2014, 2014),
}  # fmt: skip

# Appendix I: each activity and the conclusions paragraphs in its brackets.
APPENDIX_I = {
    "I.1": ["37"], "I.2": ["38"], "I.3": ["35(l)"], "I.4": ["35(k)", "35(i)"], "I.5": ["35(h)"],
    "II.1": ["35(f)"], "II.2": ["35(m)"], "II.3": ["35(n)"],
    "III.1": ["35(a)", "35(b)"], "III.2": ["35(d)"], "III.3": ["35(g)"],
    "IV.1": ["35(c)"], "IV.2": ["35(j)"],
    "V.1": ["35(o)"], "V.2": ["35(p)"], "V.3": ["35(e)"],
    "G.1": ["35(q)"],
}  # fmt: skip

MANDATES = [f"35({letter})" for letter in "abcdefghijklmnopq"] + ["37", "38"]


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    return parse_document(read_plan_toml())


def by_code(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {entry["code"]: entry for entry in entries}


def test_plan_and_components(shipped: dict[str, Any]) -> None:
    assert shipped["plan"]["source_document"] == "GB.312/POL/2"
    assert (shipped["plan"]["period_start"][:4], shipped["plan"]["period_end"][:4]) == (
        "2011",
        "2019",
    )
    components = [(c["code"], c["cross_cutting"]) for c in shipped["components"]]
    assert components == [
        ("I", False), ("II", False), ("III", False), ("IV", False), ("V", False), ("G", True),
    ]  # fmt: skip


def test_the_18_key_outputs_have_figure_1_years(shipped: dict[str, Any]) -> None:
    outputs = {
        o["number"]: (o["component"], o["start_year"], o["end_year"])
        for o in shipped["key_outputs"]
    }
    assert outputs == FIGURE_1
    assert all(output["means"] for output in shipped["key_outputs"])


def test_every_activity_has_its_conclusions_paragraphs(shipped: dict[str, Any]) -> None:
    assert {a["code"]: a["mandates"] for a in shipped["activities"]} == APPENDIX_I


def test_every_conclusions_paragraph_is_there_and_implemented(shipped: dict[str, Any]) -> None:
    assert [m["code"] for m in shipped["mandates"]] == MANDATES
    implemented = {code for a in shipped["activities"] for code in a["mandates"]}
    assert implemented == set(MANDATES)


def test_the_mous_the_text_names(shipped: dict[str, Any]) -> None:
    mous = by_code(shipped["mous"])
    issa = mous["MOU-ISSA"]
    assert (issa["parties"], issa["status"], issa["target_date"], issa["outputs"]) == (
        ["ISSA"], "negotiating", "2011-12-31", ["KO17"],
    )  # fmt: skip
    regional = {code: mous[code]["parties"] for code in ("MOU-ECASSA", "MOU-CIPRESS", "MOU-CIESS")}
    assert regional == {
        "MOU-ECASSA": ["ECASSA"],
        "MOU-CIPRESS": ["CIPRESS"],
        "MOU-CIESS": ["CIESS"],
    }
    assert all(mous[code]["outputs"] == ["KO18"] for code in regional)
    assert {"WORLD-BANK", "IMF", "OECD", "EC"} <= set(mous["MOU-SPF-IA"]["parties"])


def test_the_partners_the_text_names(shipped: dict[str, Any]) -> None:
    partners = by_code(shipped["partners"])
    expected_kinds = {
        "ISSA": "social_security_association",
        "ECASSA": "social_security_association",
        "CIPRESS": "social_security_association",
        "CIESS": "social_security_association",
        "WORLD-BANK": "ifi",
        "IMF": "ifi",
        "OECD": "other",
        "TURIN-CENTRE": "ilo_unit",
        "U-MAASTRICHT": "academic",
        "U-WEST-INDIES": "academic",
        "UNICEF": "un_agency",
        "GIZ": "donor",
        "HELPAGE": "ngo",
    }
    assert {code: partners[code]["kind"] for code in expected_kinds} == expected_kinds


def test_the_targets_and_milestones(shipped: dict[str, Any]) -> None:
    ratifications = by_code(shipped["indicators"])["C102-RATIFICATIONS"]
    assert (ratifications["baseline_value"], ratifications["baseline_date"][:7]) == (47, "2011-07")
    assert (ratifications["target_value"], ratifications["target_date"][:4]) == (60, "2019")
    population = by_code(shipped["indicators"])["C102-POPULATION"]
    assert population["target_value"] == 30 and population["unit"] == "per cent"
    days = {m["code"]: m["start"] for m in shipped["milestones"]}
    assert days["MS-ILC-2012"][:4] == "2012"
    assert days["MS-GB-2012-11"][:7] == "2012-11"
    assert days["MS-TME-2015"][:4] == "2015"


def test_the_dependencies_the_text_states(shipped: dict[str, Any]) -> None:
    edges = {(d["from"], d["to"]) for d in shipped["dependencies"]}
    assert {("KO3", "KO11"), ("KO3", "KO12")} <= edges  # "(see No. 3)"
    assert {("I.3(i)", "IV.2(ii)"), ("II.2(v)", "IV.2(ii)")} <= edges  # guide feeds the tools
    assert {
        ("III.1(i)", "II.3(i)"),
        ("II.2(iv)", "II.3(i)"),
    } <= edges  # "pursued in the context of"
    assert ("I.3(i)", "I.3(ii)") in edges  # the draft guide goes to the tripartite meeting


def test_check_reports_the_sources_own_inconsistencies(shipped: dict[str, Any]) -> None:
    findings = run_checks(shipped)
    errors = [f for f in findings if f.severity == "error"]
    assert [(f.code, f.subject) for f in errors] == [("dangling-reference", "IV.2(ii)")]
    assert "III.2(iv)" in errors[0].message
    contradictions = {f.subject for f in findings if f.code == "timing-contradiction"}
    assert {"KO17", "KO11", "KO7"} <= contradictions  # Figure 1 against the matrix
    recorded = {f.subject for f in findings if f.severity == "note"}
    assert {"IV.2(ii)", "V.2(i)", "KO12"} <= recorded
    assert not [f for f in findings if f.code == "mandate-not-implemented"]


def test_the_database_holds_the_shipped_plan(plan_service: PlanService) -> None:
    plan = plan_service.find_plan()
    counts = plan_service.counts(plan.uuid)
    assert (counts.components, counts.cross_cutting_lines, counts.key_outputs) == (5, 1, 18)
    assert counts.activities == len(APPENDIX_I)
    assert counts.mandates == len(MANDATES)


@pytest.mark.skipif(not SEED.exists(), reason="the seed document is beside the repository")
def test_figure_1_and_appendix_ii_text_match_the_seed(shipped: dict[str, Any]) -> None:
    seed = SEED.read_text(encoding="utf-8")
    figure = seed[seed.index("Figure 1.") : seed.index("Points for discussion")]
    printed = {
        int(number): (title.strip(), years)
        for number, title, years in re.findall(
            r"^- (\d+)\. (.+?), (\d{4}(?:[-–]\d{2})?)", figure, re.MULTILINE
        )
    }
    assert set(printed) == set(FIGURE_1) - {12}  # Figure 1 prints output 12 without a number
    outputs = {o["number"]: o for o in shipped["key_outputs"]}
    for number, (title, years) in printed.items():
        assert outputs[number]["title"] == title
        assert outputs[number]["start_year"] == int(years[:4])
    flat = " ".join(seed.split())
    for mandate in shipped["mandates"]:
        assert " ".join(mandate["text"].split())[:60] in flat, mandate["code"]
