"""Data-quality checks over a plan document.

The checks read a validated document (see ``domain.document``), so they run the same on
the shipped plan, on an imported file and on a live database, and tests can feed them
hand-made plans. Structural rules (references in fields, codes, date order) are enforced
on import and by the database; these checks find what is allowed but probably wrong:
references made in prose to things that do not exist, timings that contradict each other,
dependency cycles, mandate paragraphs no activity implements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from poa_desktop.domain.document import ITEM_SECTIONS, Document
from poa_desktop.domain.enums import SIGNED_MOU_STATUSES, DependencyType
from poa_desktop.domain.records import Finding

ERROR = "error"
WARNING = "warning"
NOTE = "note"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, NOTE: 2}

#: "see No. 3", "(see No. 3.)": Figure 1's way of pointing at another key output.
OUTPUT_REFERENCE = re.compile(r"\bsee No\.\s*(\d+)", re.IGNORECASE)


def run_checks(document: Document, *, today: date | None = None) -> list[Finding]:
    """Every finding for the plan, errors first, then by check and subject."""
    today = today or date.today()
    findings = [
        *_prose_references(document),
        *_output_timing(document),
        *_means_outside_activity(document),
        *_outside_plan_period(document),
        *_unscheduled(document),
        *_dependency_cycles(document),
        *_violated_dependencies(document),
        *_unimplemented_mandates(document),
        *_outputs_without_means(document),
        *_mou_dates(document, today),
        *_indicators(document),
        *_recorded(document),
    ]
    return sorted(findings, key=lambda finding: SEVERITY_ORDER[finding.severity])


def _items(document: Document) -> Iterator[dict[str, Any]]:
    for section in ITEM_SECTIONS:
        yield from document[section]


def _reference_pattern(document: Document) -> re.Pattern[str] | None:
    """Codes written the way this plan writes item codes: a component code, a dot, a
    number, and optionally a label in brackets (``II.2``, ``II.2(iv)``, ``II.2.(iv)``)."""
    components = sorted((entry["code"] for entry in document["components"]), key=len, reverse=True)
    if not components:
        return None
    alternatives = "|".join(re.escape(code) for code in components)
    return re.compile(rf"(?<![\w.])((?:{alternatives})\.\d+)(?:\.?(\([ivxlc]+\)))?(?![\w.])")


def _prose_references(document: Document) -> Iterator[Finding]:
    """References written in prose (titles, timing words, the source's quoted words) to
    items or key-output numbers the plan does not have: one finding per missing target,
    naming every place that refers to it."""
    pattern = _reference_pattern(document)
    items = {entry["code"] for entry in _items(document)}
    numbers = {entry["number"] for entry in document["key_outputs"]}
    texts: list[tuple[str, str]] = []
    for entry in _items(document):
        for field in ("title", "description", "timing_text"):
            texts.append((entry["code"], entry[field]))
    for entry in document["dependencies"]:
        texts.append((f"{entry['from']} → {entry['to']}", entry["source_text"]))
    for entry in document["mous"]:
        texts.append((entry["code"], entry["source_text"]))
    missing: dict[str, tuple[str, list[str]]] = {}  # target -> (as written, subjects)
    for subject, text in texts:
        found: list[tuple[str, str]] = []
        if pattern is not None:
            for match in pattern.finditer(text):
                code = match.group(1) + (match.group(2) or "")
                if code not in items:
                    found.append((f"item {code}", repr(match.group(0))))
        for match in OUTPUT_REFERENCE.finditer(text):
            if int(match.group(1)) not in numbers:
                found.append((f"key output No. {match.group(1)}", repr(match.group(0))))
        for target, written in found:
            subjects = missing.setdefault(target, (written, []))[1]
            if subject not in subjects:
                subjects.append(subject)
    for target, (written, subjects) in missing.items():
        also = f" (also quoted in {', '.join(subjects[1:])})" if subjects[1:] else ""
        yield Finding(
            "dangling-reference",
            ERROR,
            subjects[0],
            f"refers to {written}{also}, but the plan has no {target}.",
        )


def _years(start: str | None, end: str | None) -> tuple[int, int] | None:
    if start is None or end is None:
        return None
    return int(start[:4]), int(end[:4])


def _output_timing(document: Document) -> Iterator[Finding]:
    """A key output's years against the timing of the means of action that deliver it."""
    means = {entry["code"]: entry for entry in document["means_of_action"]}
    for output in document["key_outputs"]:
        spans = [
            _years(means[code]["start"], means[code]["end"])
            for code in output["means"]
            if code in means
        ]
        spans = [span for span in spans if span is not None]
        if not spans:
            continue
        first = min(span[0] for span in spans)
        last = max(span[1] for span in spans)
        if (first, last) != (output["start_year"], output["end_year"]):
            timed = _span(output["start_year"], output["end_year"])
            written = _as_written(output["timing_text"], output["start_year"], output["end_year"])
            yield Finding(
                "timing-contradiction",
                WARNING,
                output["code"],
                f"key output {output['number']} is timed {timed}"
                f"{written}, but its means of action "
                f"{', '.join(output['means'])} run {_span(first, last)}.",
            )


def _as_written(timing_text: str, first: int, last: int) -> str:
    """The source's own timing words, when they say more than the years."""
    text = timing_text.strip().replace("-", "–")
    plain = {_span(first, last), f"{first}–{last % 100:02d}"}
    return f" ({timing_text.strip()!r} in the source)" if text and text not in plain else ""


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _means_outside_activity(document: Document) -> Iterator[Finding]:
    activities = {entry["code"]: entry for entry in document["activities"]}
    for entry in document["means_of_action"]:
        activity = activities[entry["activity"]]
        if None in (entry["start"], entry["end"], activity["start"], activity["end"]):
            continue
        if entry["start"] < activity["start"] or entry["end"] > activity["end"]:
            yield Finding(
                "timing-contradiction",
                WARNING,
                entry["code"],
                f"runs {entry['start']} to {entry['end']}, outside its activity "
                f"{activity['code']} ({activity['start']} to {activity['end']}).",
            )


def _outside_plan_period(document: Document) -> Iterator[Finding]:
    plan = document["plan"]
    for entry in _items(document):
        if entry["start"] is None or entry["end"] is None:
            continue
        if entry["start"] < plan["period_start"] or entry["end"] > plan["period_end"]:
            yield Finding(
                "outside-period",
                WARNING,
                entry["code"],
                f"runs {entry['start']} to {entry['end']}, outside the plan's period "
                f"{plan['period_start']} to {plan['period_end']}.",
            )


def _unscheduled(document: Document) -> Iterator[Finding]:
    for section in ("activities", "means_of_action"):
        for entry in document[section]:
            if entry["start"] is None or entry["end"] is None:
                timing = entry["timing_text"].strip()
                said = f"the source's timing is {timing!r}" if timing else "no timing is given"
                yield Finding(
                    "no-timing",
                    WARNING,
                    entry["code"],
                    f"has no planned dates ({said}); it cannot be scheduled.",
                )


def _dependency_graph(document: Document) -> Any:
    import networkx as nx  # imported when first needed: it is slow to import

    graph = nx.DiGraph()
    graph.add_nodes_from(entry["code"] for entry in _items(document))
    graph.add_edges_from((entry["from"], entry["to"]) for entry in document["dependencies"])
    return graph


def find_cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """One cycle for each tangle of dependencies, as the list of codes around it.

    ``is_directed_acyclic_graph`` answers the common case in linear time; only a cyclic
    graph is searched, one strongly connected component at a time (``find_cycle`` on a
    whole large acyclic graph is very slow).
    """
    import networkx as nx

    graph = nx.DiGraph(list(edges))
    if nx.is_directed_acyclic_graph(graph):
        return []
    cycles = []
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        cycle = nx.find_cycle(graph.subgraph(component))
        cycles.append([edge[0] for edge in cycle])
    return sorted(cycles)


def _dependency_cycles(document: Document) -> Iterator[Finding]:
    edges = [(entry["from"], entry["to"]) for entry in document["dependencies"]]
    for cycle in find_cycles(edges):
        path = " → ".join([*cycle, cycle[0]])
        yield Finding("dependency-cycle", ERROR, cycle[0], f"dependencies form a cycle: {path}.")


def _violated_dependencies(document: Document) -> Iterator[Finding]:
    """Dependencies the planned dates break, read as the Gantt chart and the scheduler read
    them (``domain.timeline.earliest``)."""
    from poa_desktop.domain.timeline import End, earliest

    items = {entry["code"]: entry for entry in _items(document)}
    for entry in document["dependencies"]:
        before, after = items[entry["from"]], items[entry["to"]]
        if None in (before["start"], before["end"], after["start"], after["end"]):
            continue
        kind = DependencyType(entry["type"])
        enter, day = earliest(
            kind,
            entry["lag_days"],
            date.fromisoformat(before["start"]),
            date.fromisoformat(before["end"]),
        )
        bound = after["start"] if enter is End.START else after["end"]
        if date.fromisoformat(bound) < day:
            yield Finding(
                "dependency-violated",
                WARNING,
                after["code"],
                f"{kind.value} dependency on {before['code']}"
                f"{_lag(entry['lag_days'])} wants it to "
                f"{'start' if enter is End.START else 'finish'} "
                f"on or after {day.isoformat()}, but it is planned for {bound}.",
            )


def _lag(days: int) -> str:
    return f" with a lag of {days} days" if days else ""


def _unimplemented_mandates(document: Document) -> Iterator[Finding]:
    used = {code for entry in document["activities"] for code in entry["mandates"]}
    for mandate in document["mandates"]:
        if mandate["code"] not in used:
            yield Finding(
                "mandate-not-implemented",
                WARNING,
                mandate["code"],
                f"no activity implements paragraph {mandate['code']}.",
            )


def _outputs_without_means(document: Document) -> Iterator[Finding]:
    for output in document["key_outputs"]:
        if not output["means"]:
            yield Finding(
                "output-without-means",
                WARNING,
                output["code"],
                f"key output {output['number']} has no means of action that delivers it.",
            )


def _mou_dates(document: Document, today: date) -> Iterator[Finding]:
    for mou in document["mous"]:
        signed = mou["status"] in {status.value for status in SIGNED_MOU_STATUSES}
        if signed and mou["signed_date"] is None:
            yield Finding(
                "mou-dates", WARNING, mou["code"], f"is {mou['status']} but has no signed date."
            )
        if not signed and mou["signed_date"] is not None:
            yield Finding(
                "mou-dates",
                WARNING,
                mou["code"],
                f"has a signed date ({mou['signed_date']}) but its status is {mou['status']}.",
            )
        if not signed and mou["target_date"] and mou["target_date"] < today.isoformat():
            yield Finding(
                "mou-overdue",
                WARNING,
                mou["code"],
                f"was due to be signed by {mou['target_date']} and is still {mou['status']}.",
            )


def _indicators(document: Document) -> Iterator[Finding]:
    for indicator in document["indicators"]:
        if indicator["target_value"] is not None and indicator["baseline_value"] is None:
            yield Finding(
                "indicator-no-baseline",
                WARNING,
                indicator["code"],
                "has a target but no baseline, so progress cannot be measured.",
            )


def _recorded(document: Document) -> Iterator[Finding]:
    """Findings written down when the plan was transcribed from its source document."""
    for entry in document["findings"]:
        yield Finding(f"source-{entry['code']}", NOTE, entry["subject"], entry["text"])
