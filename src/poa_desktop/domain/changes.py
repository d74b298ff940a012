"""Edits as data.

Every edit a user makes is a :class:`Change`. Applying a change (``PlanEditor.apply``, one
transaction) returns its inverse, so undo is "apply the inverse" and redo is "apply the
inverse of that". A change names rows by UUID, never by database id, so it still applies
after its rows were deleted and restored, and it carries what the user saw (``old``) so a
stale edit (someone else changed the row meanwhile) is refused instead of overwriting.

Field names follow the plan document (resources/plans/FORMAT.md): ``start``/``end`` for an
item's planned dates, ``position`` for its place among its siblings; a reference to another
row is that row's UUID under the referring name (``component``, ``activity``, ``from``,
``to``, ``partner``, ``item``, ``indicator``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeAlias

Value: TypeAlias = str | int | float | bool | date | None


def _freeze(values: Mapping[str, Value]) -> tuple[tuple[str, Value], ...]:
    return tuple(sorted(values.items()))


@dataclass(frozen=True, slots=True)
class RowImage:
    """One row as it was: its entity (``item``, ``partner``, ``mou``…), UUID and fields."""

    entity: str
    uuid: str
    fields: tuple[tuple[str, Value], ...]

    @classmethod
    def of(cls, entity: str, uuid: str, values: Mapping[str, Value]) -> RowImage:
        return cls(entity, uuid, _freeze(values))

    @property
    def values(self) -> dict[str, Value]:
        return dict(self.fields)


@dataclass(frozen=True, slots=True)
class LinkImage:
    """One link row: ``activity_mandate``, ``output_means``, ``mou_party``, ``mou_output``."""

    link: str
    owner: str
    target: str
    position: int


@dataclass(frozen=True, slots=True)
class SetFields:
    """Change fields of one row from ``old`` (what the user saw) to ``new``."""

    entity: str
    uuid: str
    new: tuple[tuple[str, Value], ...]
    old: tuple[tuple[str, Value], ...]
    label: str = ""

    @classmethod
    def of(
        cls,
        entity: str,
        uuid: str,
        new: Mapping[str, Value],
        old: Mapping[str, Value],
        label: str = "",
    ) -> SetFields:
        missing = sorted(set(new) - set(old))
        if missing:
            raise ValueError(f"old values missing for {missing}")
        return cls(entity, uuid, _freeze(new), _freeze({key: old[key] for key in new}), label)


@dataclass(frozen=True, slots=True)
class AddRows:
    """Insert rows (parents before children), then links."""

    rows: tuple[RowImage, ...]
    links: tuple[LinkImage, ...] = ()
    label: str = ""


@dataclass(frozen=True, slots=True)
class RemoveRows:
    """Delete links, then rows (children before parents); the images allow the undo."""

    rows: tuple[RowImage, ...]
    links: tuple[LinkImage, ...] = ()
    label: str = ""


@dataclass(frozen=True, slots=True)
class SetLinks:
    """Replace the ordered targets ``link`` rows give one owner (an activity's mandate
    paragraphs, an output's means of action, an MOU's parties or outputs)."""

    link: str
    owner: str
    new: tuple[str, ...]
    old: tuple[str, ...]
    label: str = ""


@dataclass(frozen=True, slots=True)
class AddPlan:
    """Create a whole plan from its document (new plan, duplicate, undo of a delete)."""

    document: Mapping[str, Any] = field(hash=False)
    label: str = ""


@dataclass(frozen=True, slots=True)
class RemovePlan:
    """Delete a whole plan; ``document`` is the plan as it was, for the undo."""

    document: Mapping[str, Any] = field(hash=False)
    label: str = ""


@dataclass(frozen=True, slots=True)
class Batch:
    """Several changes applied together, in one transaction, as one undo step."""

    changes: tuple[Change, ...]
    label: str = ""


Change: TypeAlias = SetFields | AddRows | RemoveRows | SetLinks | AddPlan | RemovePlan | Batch


def inverse_of(change: Change) -> Change:
    """The change that undoes ``change`` (as applied, with the images it carries)."""
    match change:
        case SetFields(entity, uuid, new, old, label):
            return SetFields(entity, uuid, old, new, label)
        case AddRows(rows, links, label):
            return RemoveRows(rows, links, label)
        case RemoveRows(rows, links, label):
            return AddRows(rows, links, label)
        case SetLinks(link, owner, new, old, label):
            return SetLinks(link, owner, old, new, label)
        case AddPlan(document, label):
            return RemovePlan(document, label)
        case RemovePlan(document, label):
            return AddPlan(document, label)
        case Batch(changes, label):
            return Batch(tuple(inverse_of(part) for part in reversed(changes)), label)
    raise TypeError(f"not a change: {change!r}")


def label_of(change: Change) -> str:
    return change.label
