"""Progress and cancellation for the long jobs of the review pack (run on a worker thread
by the window): ``progress(done, total)`` is called between steps and ``cancelled()`` is
asked before each one; a cancelled job raises :class:`Cancelled` having written nothing."""

from __future__ import annotations

from collections.abc import Callable

from poa_desktop.domain.errors import UserError

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


class Cancelled(UserError):
    """The user cancelled; nothing was written or changed."""


def check(cancelled: CancelCheck | None, nothing: str) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled(f"cancelled: {nothing}")


def report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)
