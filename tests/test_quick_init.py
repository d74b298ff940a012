"""``stored_through_slots``: a faster ``__init__`` that changes nothing else."""

from __future__ import annotations

import dataclasses
import inspect
from datetime import date

import pytest

from poa_desktop.domain.enums import GenderMarker, ItemKind, Status
from poa_desktop.domain.quick_init import stored_through_slots
from poa_desktop.domain.records import ItemRow


@dataclasses.dataclass(frozen=True, slots=True)
class Plain:
    name: str
    count: int = 3
    tags: tuple[str, ...] = ()


@stored_through_slots
@dataclasses.dataclass(frozen=True, slots=True)
class Quick:
    name: str
    count: int = 3
    tags: tuple[str, ...] = ()


def test_the_rows_are_built_as_the_dataclass_builds_them() -> None:
    for arguments, keywords in (((), {"name": "a"}), (("a", 5), {}), (("a",), {"tags": ("x",)})):
        plain, quick = Plain(*arguments, **keywords), Quick(*arguments, **keywords)
        assert dataclasses.astuple(plain) == dataclasses.astuple(quick)
    assert str(inspect.signature(Quick)) == str(inspect.signature(Plain))
    with pytest.raises(TypeError):
        Quick()  # the field without a default is still required
    with pytest.raises(TypeError):
        Quick("a", 1, (), "one too many")


def test_a_quick_row_stays_frozen_comparable_and_replaceable() -> None:
    row = ItemRow("u", ItemKind.ACTIVITY, "A.1", "Title", "A", None, "", None,
                  date(2012, 1, 1), None, "", Status.NOT_STARTED, 0,
                  GenderMarker.NOT_SCREENED)  # fmt: skip
    assert row.key_output_numbers == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.title = "Changed"  # type: ignore[misc]
    changed = dataclasses.replace(row, title="Changed")
    assert changed.title == "Changed" and changed.uuid == "u" and row.title == "Title"
    assert changed == dataclasses.replace(row, title="Changed") and changed != row
    assert hash(row) == hash(dataclasses.replace(changed, title="Title"))


def test_only_a_frozen_dataclass_with_slots_and_no_factory_is_taken() -> None:
    @dataclasses.dataclass(frozen=True)
    class WithoutSlots:
        name: str

    @dataclasses.dataclass(slots=True)
    class NotFrozen:
        name: str

    @dataclasses.dataclass(frozen=True, slots=True)
    class WithFactory:
        names: list[str] = dataclasses.field(default_factory=list)

    for cls in (WithoutSlots, NotFrozen, WithFactory, object):
        with pytest.raises(TypeError):
            stored_through_slots(cls)
