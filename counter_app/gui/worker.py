"""The one background worker: every database access and every PDF rendering of the window runs here.

ARCHITECTURE decision 5: SQLite has one writer and reportlab is not thread-safe, so a single thread takes
the jobs in order. Ordering is a feature: a list refresh submitted after a save sees that save. The UI
thread never waits on disk; results come back as plain values through a queued signal and the callbacks
run on the UI thread, so they may touch widgets. The jobs themselves must never touch a widget.
"""

from __future__ import annotations

import itertools
import logging
import queue
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, Signal, SignalInstance

from counter_app.domain.validation import ValidationError

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]


def _name(fn: Callable[..., Any]) -> str:
    """`IntakeService.intake`, `<lambda>`: which job failed, for the log (never its arguments)."""
    return getattr(fn, "__qualname__", None) or type(fn).__name__


@dataclass(frozen=True)
class _Job:
    job_id: int
    fn: Callable[..., Any]
    args: tuple
    kwargs: dict


class _WorkerThread(QThread):
    """Runs jobs from the queue until it gets None; reports each outcome through `report`."""

    def __init__(self, jobs: queue.SimpleQueue, succeeded: SignalInstance, failed: SignalInstance):
        super().__init__()
        self.setObjectName("counter-app-worker")
        self._jobs = jobs
        self._succeeded = succeeded
        self._failed = failed

    def run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                result = job.fn(*job.args, **job.kwargs)
            except ValidationError as exc:  # what the officer typed: the form shows it; no traceback needed
                log.info("job %s (%s) refused: %s", job.job_id, _name(job.fn), ", ".join(e.field for e in exc.errors))
                self._failed.emit(job.job_id, exc)
            except BaseException as exc:  # delivered to on_error on the UI thread; the worker keeps going
                # (even a SystemExit raised by a job must not stop the one writer: every later job would hang)
                log.warning("job %s (%s) failed", job.job_id, _name(job.fn), exc_info=True)
                self._failed.emit(job.job_id, exc)
            else:
                self._succeeded.emit(job.job_id, result)


class Worker(QObject):
    """`submit(fn, *args, on_success=cb, on_error=cb)`; callbacks run on the UI thread, in job order."""

    sig_busy_changed = Signal(bool)
    # An error with no on_error of its own: the window shows it rather than losing it.
    sig_unhandled_error = Signal(object)
    _sig_succeeded = Signal(int, object)
    _sig_failed = Signal(int, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._callbacks: dict[int, tuple[Callback | None, Callback | None, QObject | None]] = {}
        self._ids = itertools.count(1)
        self._sig_succeeded.connect(
            lambda job_id, value: self._deliver(job_id, True, value), Qt.ConnectionType.QueuedConnection
        )
        self._sig_failed.connect(
            lambda job_id, error: self._deliver(job_id, False, error), Qt.ConnectionType.QueuedConnection
        )
        self._thread = _WorkerThread(self._jobs, self._sig_succeeded, self._sig_failed)
        self._thread.start()
        self._stopped = False

    @property
    def thread_object(self) -> QThread:
        """The QThread the jobs run on (tests compare it with QThread.currentThread() inside a job)."""
        return self._thread

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def is_busy(self) -> bool:
        return bool(self._callbacks)

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callback | None = None,
        on_error: Callback | None = None,
        context: QObject | None = None,
        **kwargs: Any,
    ) -> int:
        """Queue `fn(*args, **kwargs)`. With `context`, the callbacks are dropped if it is deleted first
        (a window closed while its last job was running); the job itself still runs to the end."""
        if self._stopped:
            raise RuntimeError("worker stopped")
        job_id = next(self._ids)
        was_idle = not self._callbacks
        self._callbacks[job_id] = (on_success, on_error, context)
        self._jobs.put(_Job(job_id, fn, args, kwargs))
        if was_idle:
            self.sig_busy_changed.emit(True)
        return job_id

    def _deliver(self, job_id: int, ok: bool, value: object) -> None:
        on_success, on_error, context = self._callbacks.pop(job_id, (None, None, None))
        if context is not None and not shiboken6.isValid(context):
            on_success = on_error = None
            if not ok:
                log.error("background job failed after its window closed: %s", value)
                ok = True
        try:
            if ok:
                if on_success is not None:
                    on_success(value)
            elif on_error is not None:
                on_error(value)
            else:
                # Logged with its traceback when it failed (run above); the window shows it (sig_unhandled_error).
                log.error("background job %s failed and has no error handler", job_id)
                self.sig_unhandled_error.emit(value)
        finally:
            if not self._callbacks:
                self.sig_busy_changed.emit(False)

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Let queued jobs finish (a save in flight must commit), then stop the thread."""
        if self._stopped:
            return True
        self._stopped = True
        self._jobs.put(None)
        return self._thread.wait(timeout_ms)
