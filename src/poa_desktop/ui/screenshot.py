"""Pictures of the window for documentation and review: ``poa-desktop screenshot VIEW OUT``.

The window is drawn offscreen at a fixed size, so a picture can be made on a server with no
display and comes out the same on every machine with the same fonts.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Protocol

from poa_desktop.domain.errors import UserError

#: The views ``MainWindow.show_view`` can bring to the front, in menu order; "gantt" is
#: the plan view with the chart across the window.
VIEW_NAMES: tuple[str, ...] = (
    "plan",
    "outputs",
    "partners",
    "mous",
    "dependencies",
    "mandates",
    "indicators",
    "gantt",
    "network",
)
DEFAULT_SIZE = (1366, 768)
#: How long to let the window settle (layouts, deferred loads, first paint), in rounds of
#: ``_ROUND_MS`` milliseconds.
_ROUNDS = 6
_ROUND_MS = 25
#: How long a screenshot waits for work the view started on a worker (the network's layout).
JOB_WAIT_SECONDS = 30


class ViewWindow(Protocol):
    """What the renderer needs of the main window."""

    def show_view(self, name: str) -> object: ...


def check_view_name(name: str) -> str:
    """``name`` if it is a view, else a UserError that lists the views."""
    if name not in VIEW_NAMES:
        raise UserError(f"No view called {name!r}; choose one of: {', '.join(VIEW_NAMES)}.")
    return name


def render_view(
    window: ViewWindow, name: str, path: Path | str, size: tuple[int, int] = DEFAULT_SIZE
) -> Path:
    """Show ``window`` at ``size`` with the view ``name`` in front and save it as a PNG.

    Returns the path written. Raises UserError for an unknown view or a file that cannot
    be written.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    check_view_name(name)
    if not isinstance(window, QWidget):
        raise TypeError("render_view needs the main window (a QWidget)")
    target = Path(path)
    if target.suffix.lower() != ".png":
        raise UserError(f"{target}: a screenshot is written as PNG; name the file *.png.")
    window.setWindowState(Qt.WindowState.WindowNoState)  # a remembered maximised state
    window.resize(*size)
    window.show()
    _settle()
    window.show_view(name)
    window.resize(*size)  # a view may have asked for more room; the picture has a fixed size
    _settle()
    deadline = time.monotonic() + JOB_WAIT_SECONDS  # the network lays itself out on a worker
    while getattr(window, "jobs", None) is not None and window.jobs.busy:  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            break
        _settle(rounds=1)
    _settle(rounds=1)
    pixmap = window.grab()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"Cannot create the folder {target.parent}: {error.strerror}.") from None
    if not pixmap.save(str(target), "PNG"):
        raise UserError(f"Cannot write {target}; check that the folder is writable.")
    return target


def screenshot_main(database_url: str, view: str, out: Path | str, palette: str = "light") -> int:
    """The ``screenshot VIEW OUT.png [--palette light|dark]`` command: build the real window
    on the database, render the view in that palette and write the PNG. Runs without a
    display (offscreen); the user's own palette choice is left alone."""
    check_view_name(view)  # before anything slow, and before the database is opened
    from poa_desktop.app import build_main_window, create_application, display_problem

    if display_problem() is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # must precede the QApplication
    create_application(sys.argv[:1])
    _quiet_offscreen_notices()
    window, database = build_main_window(database_url, ask=False, backups=False)
    if window.appearance is not None:
        window.appearance.apply(palette, remember=False)
    try:
        written = render_view(window, view, Path(out))
    finally:
        # hide(), not close(): closing would save this fixed size as the user's geometry.
        window.hide()
        window.jobs.shutdown()
        window.deleteLater()
        _settle(rounds=1)
        database.dispose()
    print(f"Wrote the {view} view to {written}.", file=sys.stderr)
    return 0


def _quiet_offscreen_notices() -> None:
    """Qt's offscreen platform says "does not support propagateSizeHints()" for every
    window it shows: true and harmless here, so it is not printed; anything else is."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode: object, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def _settle(rounds: int = _ROUNDS) -> None:
    """Let queued work run: posted events, zero-delay timers, layouts and painting."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    for _ in range(rounds):
        loop = QEventLoop()
        QTimer.singleShot(_ROUND_MS, loop.quit)
        loop.exec()
        QCoreApplication.sendPostedEvents()
