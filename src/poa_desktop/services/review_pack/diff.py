"""What a review pack would change: its rows against the plan, matched by code.

``diff_review_pack`` compares the rows read from a workbook with the plan as it stands and
lists each field that differs (old and new value, and the cell it came from) and each new
means of action. Nothing is written: ``changes_to_apply`` turns the list into ONE ``Batch``
change, applied in one transaction and undone in one step. Problems (unknown codes, two
sheets disagreeing about one value, a start after an end) are reported all together, each
with its cell.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from poa_desktop.domain.changes import AddRows, Batch, Change, RowImage, Value
from poa_desktop.domain.enums import ItemKind, Status
from poa_desktop.domain.fields import date_field, text_field
from poa_desktop.domain.records import ComponentRow, ItemRow, PlanOutline
from poa_desktop.services.change_builder import ROMAN
from poa_desktop.services.review_pack.layout import (
    ACTIVITY_MATRIX,
    KEY_OUTPUTS,
    MEANS_CODE,
    STATUS_LABELS,
)
from poa_desktop.services.review_pack.reading import (
    PackContents,
    PackRow,
    domain_rule,
    raise_problems,
)

ITEM_FIELDS = ("title", "timing_text", "start", "end", "status", "percent_complete")
FIELD_WORDS = {
    "title": "title",
    "timing_text": "timing",
    "start": "start",
    "end": "end",
    "status": "status",
    "percent_complete": "% done",
}
#: Timing words that name years only: "2013", "2012-19", "(2014)", "2016–2017".
_YEARS = re.compile(r"^\(?\s*(\d{4})\s*(?:[-–]\s*(\d{4}|\d{2}))?\s*\)?$")


@dataclass(frozen=True, slots=True)
class PackChange:
    """One difference: ``field`` of the item ``code`` goes from ``old`` to ``new``, as the
    cell ``where`` says. A new means of action has ``field == "new"``, no ``uuid``, its
    activity, and its fields in ``values``."""

    code: str
    field: str
    old: Value
    new: Value
    where: str
    entity: str = "item"
    uuid: str | None = None
    activity_code: str | None = None
    activity_uuid: str | None = None
    values: tuple[tuple[str, Value], ...] = ()

    @property
    def is_new(self) -> bool:
        return self.field == "new"

    def describe(self) -> str:
        """One readable line, as the dry run and the preview list it."""
        if self.is_new:
            values = dict(self.values)
            start, end = values.get("start"), values.get("end")
            timed = f", {_word(start)} to {_word(end)}" if start or end else ""
            status = values.get("status") or Status.NOT_STARTED.value
            return (
                f"{self.where}: new means of action {self.code} under {self.activity_code}: "
                f"{_word(values.get('title'))}{timed}, {STATUS_LABELS[Status(status)]}"
            )
        noun = "component " if self.entity == "component" else ""
        return (
            f"{self.where}: {noun}{self.code} {FIELD_WORDS.get(self.field, self.field)}: "
            f"{_word(self.old, self.field)} → {_word(self.new, self.field)}"
        )


def _word(value: Value, field: str = "") -> str:
    if value is None or value == "":
        return "(empty)"
    if field == "status" and isinstance(value, str):
        return STATUS_LABELS.get(Status(value), value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _implausible(day: str) -> str | None:
    """Why the plan refuses the date ``day`` (YYYY-MM-DD), if it does."""
    try:
        domain_rule(date_field, day)
    except ValueError as error:
        return str(error)
    return None


def _norm(text: Value) -> str:
    return str(text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _current(item: ItemRow, field: str) -> Value:
    if field == "status":
        return item.status.value
    if field == "percent_complete":
        return item.percent_complete
    return getattr(item, field)


def _matrix_title(row: PackRow, item: ItemRow, new: Value) -> Value:
    """The title a matrix cell gives a means of action: the matrix prints its label before
    the text (``(iv) Establishment of …``). The reader takes off a label in roman numerals;
    any other label the item has (``(1)``, ``a)``) is taken off here."""
    if row.label and not item.label:
        return f"{row.label} {new or ''}"
    if item.label and not row.label and isinstance(new, str):
        text = new.lstrip()
        if text.startswith(f"{item.label} "):
            return text[len(item.label) + 1 :]
    return new


def _same(field: str, old: Value, new: Value) -> bool:
    if field in ("title", "timing_text"):
        return _norm(old) == _norm(new)
    return old == new


class _Diff:
    def __init__(self, contents: PackContents, current: PlanOutline) -> None:
        self.name = contents.path.name
        self.outline = current
        self.items: dict[str, ItemRow] = {
            row.code: row
            for row in (*current.activities, *current.means_of_action, *current.key_outputs,
                        *current.milestones)
        }  # fmt: skip
        self.components: dict[str, ComponentRow] = {row.code: row for row in current.components}
        self.problems: list[str] = []
        # (entity, code, field) -> [(new value, cell)], only values that differ from now
        self.proposed: dict[tuple[str, str, str], list[tuple[Value, str]]] = defaultdict(list)
        self.new_rows: list[PackChange] = []
        self.taken = set(self.items)

    # --- rows ------------------------------------------------------------------------------

    def row(self, row: PackRow) -> None:
        if row.kind == "component" or (row.code in self.components and row.code not in self.items):
            self._component(row)
        elif row.code in self.items:
            self._item(row, self.items[row.code])
        else:
            self._new(row)

    def _component(self, row: PackRow) -> None:
        component = self.components.get(row.code)
        if component is None:
            self.problems.append(f"{row.cell('code')}: unknown component {row.code!r}; new "
                                 "components are added in the app")  # fmt: skip
            return
        title = row.value("title")
        if row.has("title") and not _same("title", component.title, title):
            if not _norm(title):
                self.problems.append(f"{row.cell('title')}: the title cannot be empty")
            else:
                self.proposed[("component", row.code, "title")].append(
                    (_norm(title), row.cell("title"))
                )

    def _item(self, row: PackRow, item: ItemRow) -> None:
        if row.sheet == ACTIVITY_MATRIX and item.kind is not ItemKind.MEANS:
            return  # an activity without means of action stands in the matrix by its code
        for field in ITEM_FIELDS:
            if not row.has(field):
                continue
            new = row.value(field)
            if field == "title" and row.sheet == ACTIVITY_MATRIX:
                new = _matrix_title(row, item, new)
            if field in ("status", "percent_complete") and new is None:
                continue  # left empty: not given
            old = _current(item, field)
            if _same(field, old, new):
                continue
            if field == "title" and not _norm(new):
                self.problems.append(f"{row.cell(field)}: the title cannot be empty")
                continue
            if field in ("title", "timing_text"):
                new = _norm(new)
                if not self._text_ok(row, field, new):
                    continue
            self.proposed[("item", item.code, field)].append((new, row.cell(field)))

    def _text_ok(self, row: PackRow, field: str, text: Value) -> bool:
        """The plan's text rule, once more after a label is put in front of a title."""
        try:
            domain_rule(text_field, str(text))
        except ValueError as error:
            self.problems.append(f"{row.cell(field)}: {error}")
            return False
        return True

    def _new(self, row: PackRow) -> None:
        if row.sheet == KEY_OUTPUTS or (row.kind not in (None, ItemKind.MEANS.value)):
            what = f"unknown code {row.code!r}" if row.code else "a row without a code"
            self.problems.append(f"{row.cell('code')}: {what}; only new means of action can "
                                 "be added from a workbook")  # fmt: skip
            return
        activity = self._activity_for(row)
        if activity is None:
            return
        code = self._code_for(row, activity)
        if code is None:
            return
        title = _norm(row.value("title"))
        if not title:
            self.problems.append(f"{row.cell('title')}: a new means of action needs a text")
            return
        values: dict[str, Value] = {"title": title}
        for field in ("timing_text", "start", "end", "status", "percent_complete"):
            value = row.value(field)
            if value is not None:
                values[field] = _norm(value) if field == "timing_text" else value
        start, end = values.get("start"), values.get("end")
        if isinstance(start, date) and isinstance(end, date) and start > end:
            self.problems.append(f"{row.cell('start')}: the start {start} is after the end {end}")
            return
        self.taken.add(code)
        self.new_rows.append(
            PackChange(code, "new", None, title, row.cell("title"), uuid=None,
                       activity_code=activity.code, activity_uuid=activity.uuid,
                       values=tuple(values.items()))
        )  # fmt: skip

    def _activity_for(self, row: PackRow) -> ItemRow | None:
        if row.code:
            match = MEANS_CODE.match(row.code)
            parent = self.items.get(match.group("activity")) if match else None
            if parent is None or parent.kind is not ItemKind.ACTIVITY:
                self.problems.append(
                    f"{row.cell('code')}: unknown code {row.code!r}: no such item, and not the "
                    "code of a new means of action (an activity's code and a label, like "
                    "II.2(vii))"
                )
                return None
            return parent
        above = self.items.get(row.above or "")
        if above is None and row.above:  # under another new means of action
            match = MEANS_CODE.match(row.above)
            above = self.items.get(match.group("activity")) if match else None
        if above is not None and above.kind is ItemKind.MEANS:
            above = self.items.get(above.parent_code or "")
        if above is None or above.kind is not ItemKind.ACTIVITY:
            self.problems.append(f"{row.cell('code')}: a new row without a code, and no "
                                 "activity above it; give it a code like II.2(vii)")  # fmt: skip
            return None
        return above

    def _code_for(self, row: PackRow, activity: ItemRow) -> str | None:
        if row.code:
            if row.code in self.taken:
                self.problems.append(f"{row.cell('code')}: the code {row.code} is used twice")
                return None
            return row.code
        if row.label and f"{activity.code}{row.label}" not in self.taken:
            return f"{activity.code}{row.label}"
        for numeral in ROMAN:
            if f"{activity.code}({numeral})" not in self.taken:
                return f"{activity.code}({numeral})"
        self.problems.append(f"{row.cell('code')}: no free code under {activity.code}; give one")
        return None

    # --- all together ---------------------------------------------------------------------

    def result(self) -> tuple[PackChange, ...]:
        chosen: dict[tuple[str, str, str], tuple[Value, str]] = {}
        for key, candidates in self.proposed.items():
            values = {value for value, _ in candidates}
            if len(values) > 1:
                cells = " and ".join(f"{where} says {_word(value, key[2])}"
                                     for value, where in candidates)  # fmt: skip
                self.problems.append(f"{key[1]} {FIELD_WORDS[key[2]]}: {cells}; make them agree")
                continue
            chosen[key] = candidates[0]
        self._dates_from_timing(chosen)
        self._milestones(chosen)
        self._required_dates(chosen)
        self._date_order(chosen)
        if self.problems:
            raise_problems(self.name, self.problems)
        changes: list[PackChange] = []
        for (entity, code, field), (new, where) in chosen.items():
            if entity == "component":
                component = self.components[code]
                changes.append(PackChange(code, field, component.title, new, where,
                                          entity="component", uuid=component.uuid))  # fmt: skip
            else:
                item = self.items[code]
                changes.append(PackChange(code, field, _current(item, field), new, where,
                                          uuid=item.uuid))  # fmt: skip
        return tuple(changes) + tuple(self.new_rows)

    def _dates_from_timing(self, chosen: dict[tuple[str, str, str], tuple[Value, str]]) -> None:
        """A retimed Timing ("2013-19") with Start and End untouched moves the dates too."""
        for (entity, code, field), (text, where) in list(chosen.items()):
            if field != "timing_text" or entity != "item":
                continue
            if ("item", code, "start") in chosen or ("item", code, "end") in chosen:
                continue
            match = _YEARS.match(str(text or ""))
            if not match:
                continue
            first = int(match.group(1))
            last_text = match.group(2) or match.group(1)
            last = int(last_text) if len(last_text) == 4 else first // 100 * 100 + int(last_text)
            item = self.items[code]
            if last < first or item.kind is ItemKind.MILESTONE:
                continue
            problem = _implausible(f"{first:04d}-01-01") or _implausible(f"{last:04d}-12-31")
            if problem:
                self.problems.append(f"{where}: the Timing {_word(text)} would move the start "
                                     f"and end, but {problem}")  # fmt: skip
                continue
            start, end = date(first, 1, 1), date(last, 12, 31)
            if item.start is not None and item.start.year == first:
                start = item.start  # the same year: keep the day it had
            if item.end is not None and item.end.year == last:
                end = item.end
            if start != item.start:
                chosen[("item", code, "start")] = (start, where)
            if end != item.end:
                chosen[("item", code, "end")] = (end, where)

    def _milestones(self, chosen: dict[tuple[str, str, str], tuple[Value, str]]) -> None:
        """A milestone has one date: a changed start or end moves both."""
        for code, item in self.items.items():
            if item.kind is not ItemKind.MILESTONE:
                continue
            start, end = chosen.get(("item", code, "start")), chosen.get(("item", code, "end"))
            if start and end and start[0] != end[0]:
                self.problems.append(
                    f"{start[1]}: a milestone has one date, but its start and end say "
                    f"{_word(start[0])} and {_word(end[0])}"
                )
            elif start or end:
                day, where = start or end  # type: ignore[misc]
                if day is None:
                    self.problems.append(f"{where}: {code} is a milestone and needs a date; "
                                         "the cell cannot be empty")  # fmt: skip
                    continue
                for field in ("start", "end"):
                    if day != getattr(item, field):
                        chosen[("item", code, field)] = (day, where)
                    else:
                        chosen.pop(("item", code, field), None)

    def _required_dates(self, chosen: dict[tuple[str, str, str], tuple[Value, str]]) -> None:
        """A key output has a start and an end (the plan refuses it without): an emptied
        date cell is named here, with its item, rather than refused when applied."""
        for code, item in self.items.items():
            if item.kind is not ItemKind.OUTPUT:
                continue
            for field in ("start", "end"):
                given = chosen.get(("item", code, field))
                if given is not None and given[0] is None:
                    self.problems.append(f"{given[1]}: {code} is a key output and needs its "
                                         f"{field} date; the cell cannot be empty")  # fmt: skip
                    del chosen[("item", code, field)]

    def _date_order(self, chosen: dict[tuple[str, str, str], tuple[Value, str]]) -> None:
        for code, item in self.items.items():
            start = chosen.get(("item", code, "start"))
            end = chosen.get(("item", code, "end"))
            if start is None and end is None:
                continue
            first = start[0] if start else item.start
            last = end[0] if end else item.end
            if isinstance(first, date) and isinstance(last, date) and first > last:
                where = (start or end)[1]  # type: ignore[index]
                self.problems.append(f"{where}: {code} would start {first} after it ends {last}")


def diff_review_pack(contents: PackContents, current: PlanOutline) -> tuple[PackChange, ...]:
    """Every field the workbook changes and every means of action it adds, in sheet and
    row order of the cells that say so (new means last); UserError lists all problems."""
    diff = _Diff(contents, current)
    for row in contents.rows:
        diff.row(row)
    return diff.result()


def changes_to_apply(
    diff: tuple[PackChange, ...] | list[PackChange],
    builder: Any,
    plan_uuid: str,
    label: str = "",
) -> Batch:
    """ONE change for the whole import: every field edit and new means of action, applied
    in one transaction and undone in one step. Each edit carries the value the comparison
    saw, so a row changed meanwhile is refused (ConflictError) instead of overwritten."""
    parts: list[Change] = []
    edits: dict[tuple[str, str], tuple[dict[str, Value], dict[str, Value], str]] = {}
    for change in diff:
        if change.is_new or change.uuid is None:
            continue
        new, seen, _ = edits.setdefault((change.entity, change.uuid), ({}, {}, change.code))
        new[change.field] = change.new
        seen[change.field] = change.old
    for (entity, uuid), (new, seen, code) in edits.items():
        parts.append(builder.edit(entity, uuid, new, seen, label=f"Import {code}"))
    added = [change for change in diff if change.is_new]
    for index, change in enumerate(added):
        values = dict(change.values)
        start, end = values.get("start"), values.get("end")
        rows = builder.new_item(
            plan_uuid, ItemKind.MEANS, str(values["title"]), activity=change.activity_uuid,
            code=change.code, start=start if isinstance(start, date) else None,
            end=end if isinstance(end, date) else None,
        )  # fmt: skip
        [image] = rows.rows
        fields = dict(image.values)
        for field in ("timing_text", "status", "percent_complete"):
            if field in values:
                fields[field] = values[field]
        fields["position"] = int(fields.get("position") or 0) + index
        parts.append(AddRows((RowImage.of("item", image.uuid, fields),), rows.links,
                             label=rows.label))  # fmt: skip
    count = len(diff)
    return Batch(tuple(parts), label or f"Import review pack ({count} change{'s' * (count != 1)})")
