"""Long work off the GUI thread, with a progress dialog that can cancel it.

``JobRunner.run(title, work, on_done)`` runs ``work(job)`` on a worker thread and shows a
window-modal ``QProgressDialog`` (after a short delay, so quick jobs do not flash one)
with a Cancel button. ``work`` gets a ``JobContext``:

* ``job.progress(done, total)`` moves the bar (the services' ``progress`` callback);
* ``job.cancelled()`` says whether the user cancelled (the services' ``cancelled``);
* ``job.commit(action)`` runs the last, irreversible step (renaming the finished file into
  place) unless the user cancelled first; once committed, a late Cancel changes nothing.

A cancelled job reports "cancelled" and its result is dropped; a ``UserError`` (or an
``OSError``) comes back as its message; any other exception is logged and reported as a
plain sentence. ``on_done`` runs on the GUI thread with the result. The work must not touch
a widget, and each service call opens its own database session, so nothing is shared with
the GUI thread but plain values.

Jobs run one at a time (a pool of one thread): an export and an import never overlap.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from poa_desktop.domain.errors import UserError

#: How long a job runs before its progress dialog shows (milliseconds).
SHOW_AFTER_MS = 400


def _tr(text: str) -> str:
    return QCoreApplication.translate("workers", text)


class Cancelled(UserError):
    """The user cancelled the job; nothing was written or changed."""


class JobContext:
    """What the work sees of its job: progress, the cancel flag, the final commit."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._committed = False

    def progress(self, done: int, total: int) -> None:
        self._relay.progressed.emit(int(done), int(total))

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if the user cancelled."""
        if self._cancel.is_set():
            raise Cancelled(_tr("Cancelled; nothing was written or changed."))

    def commit(self, action: Callable[[], Any]) -> Any:
        """Run the last step unless cancelled; after it the job counts as done."""
        with self._lock:
            self.check()
            result = action()
            self._committed = True
            return result

    def request_cancel(self) -> bool:
        """Ask the work to stop; False when it already committed (too late)."""
        with self._lock:
            if self._committed:
                return False
            self._cancel.set()
            return True


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits through it (queued connections)."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str, str)  # (kind: "cancelled", "error" or "bug", message)


#: The interpreter's hand-over interval while a job runs (Python's default is 5 ms).
JOB_SWITCH_INTERVAL_S = 0.0005


class _ShortHandovers:
    """While any job runs, the interpreter hands over between threads every 0.5 ms.

    The window's Python code (each slot, each override Qt calls) must take the
    interpreter back from a busy worker, and waited up to the whole interval each time:
    on the network view's first show the window stood still 65-85 ms for 32-42 ms of its
    own work; with 0.5 ms, 43-72 ms (six runs). The default comes back when the last job
    ends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._default = sys.getswitchinterval()

    def __enter__(self) -> None:
        with self._lock:
            if self._running == 0:
                self._default = sys.getswitchinterval()
                sys.setswitchinterval(JOB_SWITCH_INTERVAL_S)
            self._running += 1

    def __exit__(self, *_exc: object) -> None:
        with self._lock:
            self._running -= 1
            if self._running == 0:
                sys.setswitchinterval(self._default)


_short_handovers = _ShortHandovers()


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[JobContext], Any], context: JobContext, relay: _Relay):
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._context = context
        self._relay = relay

    def run(self) -> None:  # on the worker thread: no widget is touched here
        context, relay = self._context, self._relay
        try:
            with _short_handovers:
                result = self._work(context)
        except Cancelled as error:
            relay.failed.emit("cancelled", str(error))
        except UserError as error:
            kind = "cancelled" if context.cancelled() else "error"
            relay.failed.emit(kind, str(error))
        except OSError as error:
            relay.failed.emit("error", str(error.strerror or error))
        except Exception as error:  # a defect: logged, told in plain words
            from poa_desktop.ui.errors import describe_unexpected

            message, _details = describe_unexpected(error)
            relay.failed.emit("bug", message)
        else:
            if context.cancelled():
                relay.failed.emit("cancelled", _tr("Cancelled; nothing was written or changed."))
            else:
                relay.succeeded.emit(result)


class Job(QObject):
    """One job: its dialog (if any) and how it ended. Its slots run on the GUI thread (the
    worker emits through ``relay``, which lives there too)."""

    #: The job ended (after ``on_done`` or the error was reported): "done", "cancelled",
    #: "error" or "bug".
    ended = Signal(str)

    def __init__(self, title: str, runner: JobRunner, on_done: Callable[[Any], None] | None):
        super().__init__(runner)
        self.title = title
        self.relay = _Relay(self)
        self.context = JobContext(self.relay)
        self.dialog: QProgressDialog | None = None
        self.quiet = False
        self.on_error: Callable[[str], None] | None = None
        self.outcome = ""
        self.message = ""
        self._runner = runner
        self._on_done = on_done
        self.relay.progressed.connect(self._progressed)
        self.relay.succeeded.connect(self._succeeded)
        self.relay.failed.connect(self._failed)

    @property
    def running(self) -> bool:
        return not self.outcome

    def cancel(self) -> None:
        self.context.request_cancel()

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        dialog = self.dialog
        if dialog is None or self.context.cancelled():
            return
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    @Slot(object)
    def _succeeded(self, result: Any) -> None:
        self._close()
        try:
            if self._on_done is not None:
                self._on_done(result)
        finally:
            self._end("done", "")

    @Slot(str, str)
    def _failed(self, kind: str, message: str) -> None:
        self._close()
        runner = self._runner
        if kind == "cancelled":
            runner.report_status(
                _tr("{title}: cancelled; nothing was written or changed.").format(title=self.title)
            )
        elif self.quiet:
            runner.report_status(message)
        elif kind == "error" and self.on_error is not None:
            self.on_error(message)
        else:
            runner.report_error(message)
        self._end(kind, message)

    def _end(self, outcome: str, message: str) -> None:
        self.outcome, self.message = outcome, message
        self._runner.forget(self)
        self.ended.emit(outcome)
        self.deleteLater()

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None


class JobRunner(QObject):
    """Runs the window's long jobs; tells it errors (``show_error``) and news (``status``)."""

    started = Signal(object)

    def __init__(
        self,
        parent_widget: QWidget,
        show_error: Callable[[str], None],
        status: Callable[[str], None],
    ) -> None:
        super().__init__(parent_widget)
        self._parent_widget = parent_widget
        self._show_error = show_error
        self._status = status
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.jobs: list[Job] = []
        self._closed = False

    def run(
        self,
        title: str,
        work: Callable[[JobContext], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        label: str = "",
        cancellable: bool = True,
        quiet: bool = False,
        on_error: Callable[[str], None] | None = None,
    ) -> Job:
        """Start ``work`` on the worker thread. ``quiet`` jobs (background reading) show no
        dialog and report errors in the status bar only; ``on_error`` shows a refusal its
        own way (else a message box)."""
        job = Job(title, self, on_done)
        job.quiet = quiet
        job.on_error = on_error
        if self._closed:  # the window is closing: start nothing
            job.outcome = "cancelled"
            return job
        if not quiet:
            job.dialog = self._dialog(title, label or title, cancellable)
            job.dialog.canceled.connect(job.cancel)
        self.jobs.append(job)
        self.pool.start(_Runnable(work, job.context, job.relay))
        self.started.emit(job)
        return job

    def _dialog(self, title: str, label: str, cancellable: bool) -> QProgressDialog:
        dialog = QProgressDialog(label, "", 0, 0)
        dialog.setParent(self._parent_widget, dialog.windowFlags())
        dialog.setObjectName("jobProgressDialog")
        if cancellable:
            button = QPushButton(_tr("Cancel"))
            button.setObjectName("jobCancelButton")
            dialog.setCancelButton(button)
        else:
            dialog.setCancelButton(None)  # type: ignore[arg-type]
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setMinimumWidth(360)
        return dialog

    def report_error(self, message: str) -> None:
        self._show_error(message)

    def report_status(self, message: str) -> None:
        self._status(message)

    def forget(self, job: Job) -> None:
        if job in self.jobs:
            self.jobs.remove(job)

    @property
    def busy(self) -> bool:
        return bool(self.jobs)

    def shutdown(self, seconds: float = 10.0) -> None:
        """Cancel what runs and wait for the worker (when the window closes). The wait
        sleeps in Python, so the worker (which needs the interpreter) can finish."""
        self._closed = True
        for job in list(self.jobs):
            job.cancel()
        self.pool.clear()  # jobs not started yet never start
        deadline = time.monotonic() + seconds
        while self.pool.activeThreadCount() and time.monotonic() < deadline:
            time.sleep(0.01)

    def reopen(self) -> None:
        """Accept jobs again (after a restore, which stops them while it runs)."""
        self._closed = False
