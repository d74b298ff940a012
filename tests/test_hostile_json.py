"""Hostile and broken plan files: every one fails fast with a message naming the problem,
and the database is unchanged. A fuzz suite (hypothesis) throws random structures and
mutated plans at the importer; only ``UserError`` may come out."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import document
from poa_desktop.domain.errors import UserError
from poa_desktop.services import files
from poa_desktop.services.files import read_json
from poa_desktop.services.plan_import import import_document
from poa_desktop.services.plan_service import PlanService

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)


@settings(
    max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=JSON)
def test_random_structures_are_refused_with_a_message(data: Any, database) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError):
        import_document(database, data)


REUSED = "3f0c1c1e-7d5e-4bc4-9f54-2a55f6d0c001"
SECTIONS = ["plan", "components", "activities", "means_of_action", "key_outputs", "dependencies",
            "partners", "mous", "indicators", "milestones"]  # fmt: skip


@settings(
    max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    section=st.sampled_from(SECTIONS), key=st.text(max_size=12), value=JSON, pick=st.integers(0, 10)
)
def test_mutated_plans_import_whole_or_not_at_all(
    database, section: str, key: str, value: Any, pick: int
) -> None:  # type: ignore[no-untyped-def]
    data = document()
    target = data[section]
    if isinstance(target, list):
        if not target:
            return
        target = target[pick % len(target)]
    fields = sorted(target)
    target[fields[pick % len(fields)] if pick % 3 else key] = value
    service = PlanService(database)
    before = [plan.code for plan in service.list_plans()]
    try:
        plan = import_document(database, copy.deepcopy(data))
    except UserError:
        assert [p.code for p in service.list_plans()] == before
    else:
        assert plan.code in {p.code for p in service.list_plans()}
        service.document(plan.uuid)  # what was stored reads back as a valid document


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


HOSTILE = {
    "deep nesting": ("[" * 100_000 + "]" * 100_000, "nested too deeply|not valid JSON"),
    "duplicate key": ('{"format": "a", "format": "b"}', "appears twice"),
    "NaN": ('{"format": NaN}', "not valid JSON"),
    "huge number": ('{"format": 1' + "0" * 5000 + "}", "not valid JSON|not a poa-desktop plan"),
    "binary": (b"\x00\x01\x02PK\x03\x04" * 100, "not UTF-8|not valid JSON"),
    "empty": ("", "not valid JSON"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_fail_fast_with_a_message(name: str, tmp_path: Path) -> None:
    text, message = HOSTILE[name]
    started = time.perf_counter()
    with pytest.raises(UserError, match=message):
        read_json(write(tmp_path / "plan.json", text))
    assert time.perf_counter() - started < 2.0


def test_a_file_too_large_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_DOCUMENT_BYTES", 1000)
    with pytest.raises(UserError, match="too large"):
        read_json(write(tmp_path / "big.json", "[" + "1," * 1000 + "1]"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["activities"][0].update(title="Null\x00byte"), "control character U\\+0000"),
        (lambda d: d["partners"][0].update(name="Bell\x07"), "control character U\\+0007"),
        (lambda d: d["activities"][0].update(start="2020-02-30"), "is not a date"),
        (lambda d: d["activities"][0].update(start="0001-01-01"), "not a plausible date"),
        (lambda d: d["activities"][0].update(percent_complete=True), "expected a whole number"),
        (lambda d: d["dependencies"][0].update(lag_days=10**12), "out of range"),
        (lambda d: d["mous"][0].update(parties=["NOBODY"]), "unknown partner 'NOBODY'"),
        (
            lambda d: d["partners"][1].update(uuid=d["partners"][0].setdefault("uuid", REUSED)),
            "is already used by",
        ),
        (lambda d: d.update(activities="lots"), "expected a list"),
    ],
)
def test_broken_values_name_the_problem_and_change_nothing(database, change, message: str) -> None:  # type: ignore[no-untyped-def]
    data = document()
    change(data)
    service = PlanService(database)
    before = json.dumps(service.document(service.find_plan().uuid))
    with pytest.raises(UserError, match=message):
        import_document(database, data)
    assert json.dumps(service.document(service.find_plan().uuid)) == before
    assert [plan.code for plan in service.list_plans()] == ["ilo-ss-2011-19"]


def test_tabs_and_line_breaks_are_fine(database) -> None:  # type: ignore[no-untyped-def]
    data = document()
    data["activities"][0]["description"] = "Line one\nLine two\tindented\r\n"
    import_document(database, data)
