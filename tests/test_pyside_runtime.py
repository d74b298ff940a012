"""Guard against a PySide6 build that crashes the application on Python 3.11.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` each time a Qt method that
returns void is called from Python; after a few thousand calls ``None``'s count reaches
zero and the interpreter aborts with "Fatal Python error: none_dealloc". (On Python 3.12+
``None`` is immortal, so the same build is harmless there.) ``pyproject.toml`` pins
``PySide6-Essentials<6.12`` on Python < 3.12; these tests fail if an environment slips past
the pin, and show the abort as a failed test rather than a dead test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import PySide6

CALLS = 100_000

#: Runs in a child interpreter: an abort there kills only the child, whose stderr the
#: test then reports.
_PROBE = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtCore import QObject, QTimer

    obj = QObject()
    timer = QTimer()
    before = sys.getrefcount(None)
    for i in range({CALLS}):
        obj.setObjectName("probe")  # void
        timer.setInterval(i % 1000)  # void
        obj.blockSignals(False)  # returns bool: a control, not the bug
    after = sys.getrefcount(None)
    print(f"survived {{before}} {{after}}")
    """
)


def _pyside_version() -> tuple[int, int]:
    major, minor = PySide6.__version__.split(".")[:2]
    return int(major), int(minor)


def test_pyside_version_is_safe_on_this_python():
    if sys.version_info >= (3, 12):
        return  # None is immortal: every PySide6 release is fine here.
    assert _pyside_version() < (6, 12), (
        f"PySide6 {PySide6.__version__} on Python "
        f"{sys.version_info.major}.{sys.version_info.minor} aborts after a few thousand "
        "calls of a void Qt method (Fatal Python error: none_dealloc); "
        "install PySide6-Essentials<6.12 (see pyproject.toml)."
    )


def test_many_void_qt_calls_do_not_abort_the_interpreter():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert result.returncode == 0, (
        f"{CALLS} void Qt calls killed the interpreter (exit {result.returncode}); "
        f"stderr:\n{result.stderr[-4000:]}"
    )
    words = result.stdout.split()
    assert words[:1] == ["survived"], result.stdout + result.stderr
    before, after = int(words[1]), int(words[2])
    # Python < 3.12 counts references to None: a leak of one per call would show here long
    # before it aborts. (From 3.12 the count is a fixed sentinel.)
    if sys.version_info < (3, 12):
        assert after > before - 1000, f"None lost {before - after} references"
