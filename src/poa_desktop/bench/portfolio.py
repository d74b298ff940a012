"""A seeded synthetic portfolio, as a plan document, for benchmarks and scale tests.

Sizes follow the benchmark issue: S has 100 activities, M 1,000, L 5,000 activities with
about 10,000 means of action, 10,000 dependencies, 500 partners and 2,000 MOUs. The same
seed gives the same document, so runs compare like with like. Dependencies always point
from an earlier-created item to a later one, so the graph is acyclic like a real plan's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from poa_desktop.domain.enums import (
    DependencyType,
    GenderMarker,
    MouStatus,
    PartnerKind,
    PartnerRoleKind,
    Status,
)


@dataclass(frozen=True, slots=True)
class Size:
    name: str
    activities: int
    means_per_activity: int
    dependencies: int
    partners: int
    mous: int
    outputs: int
    milestones: int


SIZES = {
    "S": Size("S", 100, 2, 200, 30, 40, 20, 10),
    "M": Size("M", 1_000, 2, 2_000, 150, 400, 80, 40),
    "L": Size("L", 5_000, 2, 10_000, 500, 2_000, 200, 100),
}
COMPONENTS = ("I", "II", "III", "IV", "V")
START = date(2020, 1, 1)
YEARS = 10


def portfolio(size: str = "S", seed: int = 2011) -> dict[str, Any]:
    """The document of a synthetic plan of the given size."""
    spec = SIZES[size]
    rng = random.Random(seed)

    def span(min_days: int = 60, max_days: int = 1500) -> tuple[str, str]:
        first = START + timedelta(days=rng.randrange(0, 365 * YEARS - max_days))
        last = first + timedelta(days=rng.randrange(min_days, max_days))
        return first.isoformat(), last.isoformat()

    activities, means = [], []
    for index in range(spec.activities):
        component = COMPONENTS[index % len(COMPONENTS)]
        code = f"{component}.{index // len(COMPONENTS) + 1}"
        first, last = span()
        activities.append(
            {
                "code": code,
                "component": component,
                "title": f"Activity {code}: strengthen national social protection systems",
                "mandates": [f"P{index % 50 + 1}"],
                "start": first,
                "end": last,
                "status": rng.choice(list(Status)).value,
                "percent_complete": rng.randrange(0, 101, 5),
                "gender_marker": rng.choice(list(GenderMarker)).value,
            }
        )
        for label in range(1, spec.means_per_activity + 1):
            inner = (
                date.fromisoformat(first) + timedelta(days=rng.randrange(0, 30)),
                date.fromisoformat(last) - timedelta(days=rng.randrange(0, 30)),
            )
            means.append(
                {
                    "code": f"{code}({label})",
                    "activity": code,
                    "label": f"({label})",
                    "title": f"Means {label} of {code}: deliver a study, a tool or a training",
                    "start": inner[0].isoformat(),
                    "end": max(inner).isoformat(),
                    "status": rng.choice(list(Status)).value,
                    "percent_complete": rng.randrange(0, 101, 5),
                }
            )
    outputs = []
    for number in range(1, spec.outputs + 1):
        first, last = span(365, 2000)
        delivering = rng.sample(range(len(means)), 2)
        outputs.append(
            {
                "code": f"KO{number}",
                "number": number,
                "component": COMPONENTS[number % len(COMPONENTS)],
                "title": f"Key output {number}",
                "means": sorted({means[i]["code"] for i in delivering}),
                "start_year": int(first[:4]),
                "end_year": int(last[:4]),
            }
        )
    milestones = [
        {"code": f"MS-{n}", "title": f"Milestone {n}", "start": span(1, 2)[0]}
        for n in range(1, spec.milestones + 1)
    ]
    items = [entry["code"] for entry in activities + means]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < spec.dependencies:
        first_index = rng.randrange(0, len(items) - 1)
        second_index = rng.randrange(first_index + 1, min(len(items), first_index + 400))
        pairs.add((first_index, second_index))
    dependencies = [
        {
            "from": items[a],
            "to": items[b],
            "type": rng.choice(list(DependencyType)).value,
            "lag_days": rng.choice((0, 0, 0, 30, -15)),
        }
        for a, b in sorted(pairs)
    ]
    regions = ("Africa", "Americas", "Arab States", "Asia and the Pacific", "Europe", "Global")
    partners = [
        {
            "code": f"P-{n}",
            "name": f"Partner organisation {n}",
            "kind": rng.choice(list(PartnerKind)).value,
            "region": rng.choice(regions),
        }
        for n in range(1, spec.partners + 1)
    ]
    roles = {
        (rng.randrange(spec.partners), rng.randrange(len(means)), rng.choice(list(PartnerRoleKind)))
        for _ in range(spec.activities * 2)
    }
    partner_roles = [
        {"partner": partners[p]["code"], "item": means[m]["code"], "role": role.value}
        for p, m, role in sorted(roles)
    ]
    mous = []
    for n in range(1, spec.mous + 1):
        status = rng.choice(list(MouStatus))
        target = span(1, 2)[0]
        mous.append(
            {
                "code": f"MOU-{n}",
                "title": f"Memorandum of understanding {n}",
                "parties": sorted(
                    {partners[rng.randrange(spec.partners)]["code"] for _ in range(2)}
                ),
                "status": status.value,
                "target_date": target,
                "signed_date": target
                if status.value in ("signed", "in_force", "expired", "terminated")
                else None,
                "outputs": [f"KO{rng.randrange(1, spec.outputs + 1)}"],
            }
        )
    return {
        "format": "poa-desktop/plan",
        "format_version": 1,
        "plan": {
            "code": f"synthetic-{spec.name.lower()}",
            "title": f"Synthetic portfolio {spec.name}",
            "period_start": START.isoformat(),
            "period_end": date(START.year + YEARS - 1, 12, 31).isoformat(),
        },
        "components": [{"code": code, "title": f"Component {code}"} for code in COMPONENTS],
        "mandates": [{"code": f"P{n}", "text": f"Mandate paragraph {n}"} for n in range(1, 51)],
        "activities": activities,
        "means_of_action": means,
        "key_outputs": outputs,
        "milestones": milestones,
        "dependencies": dependencies,
        "partners": partners,
        "partner_roles": partner_roles,
        "mous": mous,
        "indicators": [],
        "progress_notes": [],
        "findings": [],
    }
