"""Hand-made plan documents for tests: small, with known answers."""

from __future__ import annotations

import copy
from typing import Any

BASE: dict[str, Any] = {
    "format": "poa-desktop/plan",
    "format_version": 1,
    "plan": {
        "code": "test-plan",
        "title": "Test plan",
        "period_start": "2020-01-01",
        "period_end": "2023-12-31",
        "source_document": "TEST/1",
    },
    "components": [
        {"code": "I", "title": "Policy"},
        {"code": "II", "title": "Knowledge"},
        {"code": "G", "title": "Gender", "cross_cutting": True},
    ],
    "mandates": [{"code": "1(a)", "text": "Do policy."}, {"code": "1(b)", "text": "Know."}],
    "activities": [
        {
            "code": "I.1",
            "component": "I",
            "title": "Write the guide",
            "mandates": ["1(a)"],
            "start": "2020-01-01",
            "end": "2021-12-31",
        },
        {
            "code": "II.1",
            "component": "II",
            "title": "Research",
            "mandates": ["1(b)"],
            "start": "2021-01-01",
            "end": "2023-12-31",
        },
    ],
    "means_of_action": [
        {
            "code": "I.1(i)",
            "activity": "I.1",
            "label": "(i)",
            "title": "Draft the guide",
            "timing_text": "2020",
            "start": "2020-01-01",
            "end": "2020-12-31",
        },
        {
            "code": "I.1(ii)",
            "activity": "I.1",
            "label": "(ii)",
            "title": "Endorse the guide",
            "start": "2021-01-01",
            "end": "2021-12-31",
        },
        {
            "code": "II.1(i)",
            "activity": "II.1",
            "label": "",
            "title": "Studies based on the guide",
            "start": "2021-06-01",
            "end": "2023-12-31",
        },
    ],
    "key_outputs": [
        {
            "code": "KO1",
            "number": 1,
            "component": "I",
            "title": "Guide",
            "means": ["I.1(i)", "I.1(ii)"],
            "start_year": 2020,
            "end_year": 2021,
        }
    ],
    "milestones": [{"code": "MS-1", "title": "Meeting", "start": "2021-06-01"}],
    "dependencies": [
        {"from": "I.1(i)", "to": "I.1(ii)", "type": "FS", "source_text": "then"},
    ],
    "partners": [
        {
            "code": "ISSA",
            "name": "International Social Security Association",
            "kind": "social_security_association",
        },
        {"code": "WB", "name": "World Bank", "kind": "ifi"},
    ],
    "partner_roles": [{"partner": "ISSA", "item": "I.1(i)", "role": "partner"}],
    "mous": [
        {
            "code": "MOU-1",
            "title": "MOU with ISSA",
            "parties": ["ISSA"],
            "status": "negotiating",
            "target_date": "2020-12-31",
            "outputs": ["KO1"],
        }
    ],
    "indicators": [
        {
            "code": "IND-1",
            "title": "Ratifications",
            "unit": "ratifications",
            "baseline_value": 10,
            "baseline_date": "2020-01-01",
            "target_value": 15,
            "target_date": "2023-12-31",
            "measurements": [{"date": "2022-01-01", "value": 12.5, "note": "mid-term"}],
        }
    ],
    "progress_notes": [
        {
            "item": "I.1(i)",
            "noted_on": "2020-06-01",
            "author": "A. Coordinator",
            "text": "Drafting.",
        }
    ],
    "findings": [{"code": "F01", "subject": "KO1", "text": "The source gives two years."}],
}


def document(**changes: Any) -> dict[str, Any]:
    """A deep copy of the base document with top-level sections replaced."""
    result = copy.deepcopy(BASE)
    result.update(copy.deepcopy(changes))
    return result
