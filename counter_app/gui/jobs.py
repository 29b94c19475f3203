"""Service calls from a dialog: on the window's background worker when there is one, else right away.

The main window owns the one worker (ARCHITECTURE decision 5) and passes it to the dialogs it opens; a dialog
opened on its own (a test, a script) runs its calls inline. Either way the callbacks run on the UI thread,
and they are dropped when the dialog has been deleted in the meantime.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtWidgets import QWidget

from counter_app.gui.worker import Worker

Callback = Callable[[Any], None]


class JobRunner:
    def __init__(self, owner: QWidget, worker: Worker | None = None):
        self._owner = owner
        self._worker = worker

    @property
    def worker(self) -> Worker | None:
        return self._worker

    def _guard(self, callback: Callback | None) -> Callback | None:
        if callback is None:
            return None

        def deliver(value: Any) -> None:
            if shiboken6.isValid(self._owner):
                callback(value)

        return deliver

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callback | None = None,
        on_error: Callback | None = None,
        **kwargs: Any,
    ) -> None:
        if self._worker is not None:
            self._worker.submit(fn, *args, on_success=self._guard(on_success), on_error=self._guard(on_error), **kwargs)
            return
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:
            if on_error is None:
                raise
            on_error(exc)
            return
        if on_success is not None:
            on_success(result)
