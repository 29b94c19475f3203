"""The command line's text streams, made safe for Windows: UTF-8 whatever the code page, and never fatal.

On Windows a pipe or a file gets the ANSI code page (cp1252/cp1258) unless Python runs in UTF-8 mode, and the
first Vietnamese letter of a `print()` raised UnicodeEncodeError — after the command had committed its write, so
a script that retried on exit 1 recorded the event twice. A windowed (console=False) program has
`sys.stdout = sys.stderr = None`. `text_streams()` fixes both for the duration of one command: each stream writes
UTF-8, a missing one is a sink, and a failure to write output (a closed pipe, a full disk) is remembered instead
of raised, so it can never turn a committed write into an error exit.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO


class SafeStream(io.TextIOBase):
    """A text stream that writes to `target` and swallows output errors (remembering the first)."""

    def __init__(self, target: TextIO | None):
        super().__init__()
        self._target = target
        self.error: BaseException | None = None

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._target, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:  # type: ignore[override]
        return getattr(self._target, "errors", None) or "replace"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        try:
            return bool(self._target is not None and self._target.isatty())
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        if self._target is None:
            raise io.UnsupportedOperation("no underlying stream")
        return self._target.fileno()

    def write(self, text: str) -> int:
        if self._target is not None and self.error is None:
            try:
                self._target.write(text)
            except (OSError, ValueError) as exc:  # ValueError: the stream was closed
                self._give_up(exc)
        return len(text)

    def flush(self) -> None:
        if self._target is not None and self.error is None:
            try:
                self._target.flush()
            except (OSError, ValueError) as exc:
                self._give_up(exc)

    def __getattr__(self, name: str) -> Any:  # e.g. `buffer` for code that writes bytes
        if self._target is None:
            raise AttributeError(name)
        return getattr(self._target, name)

    def _give_up(self, exc: BaseException) -> None:
        """Stop writing; point the descriptor at the null device so the interpreter's own flush at exit cannot
        fail again (Python's documented cure for a reader that went away)."""
        self.error = exc
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._target.fileno())  # type: ignore[union-attr]
            os.close(null)
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            pass


def utf8(stream: TextIO | None) -> TextIO | None:
    """The same stream writing UTF-8 (unencodable text replaced, never an exception), or None."""
    if stream is None:
        return None
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(encoding="utf-8", errors="replace")
        except (OSError, ValueError, io.UnsupportedOperation):
            try:  # data already buffered in another encoding: at least never raise on a letter
                reconfigure(errors="replace")
            except (OSError, ValueError, io.UnsupportedOperation):
                pass
    return stream


@contextmanager
def text_streams() -> Iterator[tuple[SafeStream, SafeStream]]:
    """sys.stdout/sys.stderr as UTF-8 SafeStreams for the duration; the originals are put back afterwards."""
    saved = sys.stdout, sys.stderr
    out, err = SafeStream(utf8(sys.stdout)), SafeStream(utf8(sys.stderr))
    sys.stdout, sys.stderr = out, err
    try:
        yield out, err
    finally:
        out.flush()
        err.flush()
        sys.stdout, sys.stderr = saved
