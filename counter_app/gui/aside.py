"""Long reads beside the one worker: the start-up integrity check and the daily copy of the store.

At 1,000,000 dossiers `PRAGMA integrity_check` takes 20–30 s and the daily copy (backup API + quick_check of the
copy) as long; on the one ordered worker (gui/worker.py) every save, search and receipt of the first minute after
the start waited behind them, and closing the window in that minute waited 30 s, then crashed on a worker still
running. Both only read the store (WAL: a reader never blocks the writer, nor the writer a reader), so they run
here, one after the other, on a thread of their own; results come back to the UI thread through a queued signal,
like the worker's. Closing the window stops them at once (store.db.LongWork: sqlite3 interrupt, and a flag the
copy looks at between its steps); the thread is a daemon, so nothing it still does can keep the program open.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]


class AsideRunner(QObject):
    """`submit(fn, *args, on_success=cb, on_error=cb)`: jobs in order on one daemon thread, callbacks on the UI
    thread. Only for work that reads (or writes files of its own): the store's writes stay on the one worker."""

    _sig_done = Signal(int, bool, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: queue.SimpleQueue[tuple[int, Callable[[], Any]] | None] = queue.SimpleQueue()
        self._callbacks: dict[int, tuple[Callback | None, Callback | None]] = {}
        self._ids = itertools.count(1)
        self._sig_done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._loop, name="counter-app-aside", daemon=True)
        self._thread.start()
        self._stopped = False

    def submit(
        self, fn: Callable[..., Any], *args: Any, on_success: Callback | None = None, on_error: Callback | None = None
    ) -> int:
        if self._stopped:
            raise RuntimeError("aside runner stopped")
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_success, on_error)
        self._jobs.put((job_id, lambda: fn(*args)))
        return job_id

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            job_id, call = job
            try:
                ok, value = True, call()
            except BaseException as exc:  # delivered to on_error; the thread keeps going
                log.warning("aside job %s failed", job_id, exc_info=True)
                ok, value = False, exc
            try:
                self._sig_done.emit(job_id, ok, value)
            except RuntimeError:  # the window (and this object) are gone: the program is closing
                return

    def _deliver(self, job_id: int, ok: bool, value: object) -> None:
        on_success, on_error = self._callbacks.pop(job_id, (None, None))
        callback = on_success if ok else on_error
        if callback is not None:
            callback(value)
        elif not ok:
            log.error("aside job %s failed and has no error handler", job_id)

    def shutdown(self, timeout_s: float = 5.0) -> bool:
        """No more jobs; wait up to `timeout_s` for the one running (stop its store work first: LongWork.stop).
        False when it is still running (a daemon thread: it does not keep the program open)."""
        if not self._stopped:
            self._stopped = True
            self._jobs.put(None)
        self._thread.join(timeout_s)
        return not self._thread.is_alive()
