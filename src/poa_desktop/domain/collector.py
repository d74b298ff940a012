"""Pausing Python's cyclic garbage collector around bulk construction.

Plain Python, no Qt: the network lenses and their layouts use it.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")


def collector_paused(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``function`` with Python's cyclic garbage collector paused.

    Building a lens or its layout makes tens of thousands of small dicts and tuples that
    all live on; every few thousand the collector scans the whole heap (the window's rows,
    models and scenes too), which on a large portfolio cost more than the build itself
    (~0.1 s of 0.3 s). Reference counting still frees what dies; the collector runs again
    as soon as the function returns.
    """

    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


def pause_while_starting() -> None:
    """Turn the cyclic collector off while the app builds what it keeps all session.

    Start-up makes a few hundred thousand objects (modules, the ORM's mappings, the
    window's widgets and rows) that all live on; the collector would scan them again and
    again as they are made (a full scan of the started window took 50-120 ms here, once
    on a worker thread that held the interpreter meanwhile, so the window froze).
    ``keep_what_lives`` turns it back on."""
    gc.disable()


def keep_what_lives() -> None:
    """Everything alive now lives as long as the app: move it out of the collector's
    reach (``gc.freeze``) and turn the collector back on. Later full scans then walk
    only what the session made since, a few milliseconds instead of a hundred."""
    gc.freeze()
    gc.enable()


def kept_all_session(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``function``, whose objects live all session (modules it imports), with the
    collector paused, then keep them out of its later scans (``keep_what_lives``).

    Importing on a worker thread with the collector on, a full scan started there held
    the interpreter, and so froze the window, for ~100 ms."""

    @functools.wraps(function)
    def kept(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.freeze()
            if was_on:
                gc.enable()

    return kept
