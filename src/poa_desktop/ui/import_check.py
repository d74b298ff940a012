"""A cheaper answer to the question PySide6 asks of every module imported after it.

Once imported, PySide6 replaces Python's ``__import__`` (for its opt-in
``from __feature__ import snake_case``) and, after each new module, asks whether that
module's source mentions "PySide6". It finds out through ``inspect.getsource``, which
decodes and tokenizes the whole file through ``linecache``: 348 modules at this app's
start (SQLAlchemy, the services, the views), 105-135 ms of a 1.3-1.7 s start, measured.

The same answer from the file's bytes costs a read. Only the way of finding out changes:
a compiled module has no source, so no; any other that is not a plain ``.py`` file
(built in, zipped, sourceless) gets PySide6's own answer. The
check is private to PySide6 (``shibokensupport.feature._mod_uses_pyside``); where a
version has none, nothing is changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib.machinery import EXTENSION_SUFFIXES
from types import ModuleType

#: Set on the replacement, so that installing twice keeps one.
_MARK = "_poa_desktop_reads_bytes"


def check_imports_cheaply() -> bool:
    """Install the cheaper check (after PySide6 is imported); True if it is in place."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if getattr(original, _MARK, False):
        return True
    feature._mod_uses_pyside = _reading_bytes(original)  # type: ignore[attr-defined]
    return True


def _reading_bytes(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    compiled = tuple(EXTENSION_SUFFIXES)

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(compiled):
            return False  # no source: PySide6's own check says no too, slowly (11 ms)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    setattr(uses_pyside, _MARK, True)
    uses_pyside.__wrapped__ = original  # type: ignore[attr-defined]
    return uses_pyside
