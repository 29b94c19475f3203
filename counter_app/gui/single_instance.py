"""One window per store: a second start (a double-click on a slow start) brings the running window to the front
instead of opening a second one — two windows on one store meant two sync loops and two daily backups.

A QLockFile in the data folder says "a window has this store"; Qt removes a stale lock left by a crash (the
owner's process id is checked). The owner listens on a QLocalServer (a named pipe on Windows, a socket on Linux)
whose name is derived from the store's folder, so two stores on one PC (COUNTER_APP_DATA_DIR) stay independent.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

LOCK_FILE = "counter_app.lock"
ACTIVATE = b"activate\n"


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha1(str(data_dir.resolve()).lower().encode("utf-8")).hexdigest()[:16]
    return f"counter_app-{digest}"


class InstanceGuard(QObject):
    """`acquire()` → True for the first window on a store; a later start calls `activate_running()` and leaves."""

    sig_activate_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        data_dir.mkdir(parents=True, exist_ok=True)
        self._name = server_name(data_dir)
        self._lock = QLockFile(str(data_dir / LOCK_FILE))
        self._lock.setStaleLockTime(0)  # never stale by age: only a dead owner's lock is removed
        self._server: QLocalServer | None = None
        self.activations = 0

    def acquire(self) -> bool:
        if not self._lock.tryLock(200):
            return False
        QLocalServer.removeServer(self._name)  # a socket left by a crashed owner (Linux)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self._name):
            log.warning("single instance: cannot listen on %s: %s", self._name, server.errorString())
        server.newConnection.connect(self._connection)
        self._server = server
        return True

    def activate_running(self, timeout_ms: int = 3000) -> bool:
        """Ask the running window to come to the front; False when it could not be reached."""
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(ACTIVATE)
        socket.flush()
        socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(ACTIVATE.strip()):
            self.activations += 1
            self.sig_activate_requested.emit()


def bring_to_front(window: QWidget) -> None:
    """Restore a minimised window, raise it and ask for the focus (Windows may only flash the taskbar button)."""
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
