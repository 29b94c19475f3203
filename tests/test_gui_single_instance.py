"""One window per store: a second start brings the running window to the front and leaves (two real processes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parent.parent

FIRST = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import counter_app.gui.app as gui_app
import counter_app.gui.single_instance as single
from counter_app.gui.main_window import MainWindow

raised = []
original = single.bring_to_front

def spy(widget):
    raised.append(type(widget).__name__)
    original(widget)
    print("BROUGHT-TO-FRONT", type(widget).__name__, widget.isMinimized(), flush=True)
    QTimer.singleShot(100, QApplication.quit)

single.bring_to_front = spy

def poll():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if windows:
        windows[0].showMinimized()
        print("READY", flush=True)
        return
    QTimer.singleShot(20, poll)

QTimer.singleShot(0, poll)
QTimer.singleShot(90_000, QApplication.quit)
sys.exit(gui_app.run(["counter-app"]))
"""

SECOND = r"""
import sys, time
import counter_app.gui.app as gui_app
from PySide6.QtWidgets import QApplication
t0 = time.monotonic()
code = gui_app.run(["counter-app"])
main_windows = [w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow"]
print("SECOND", code, len(main_windows), flush=True)
sys.exit(code)
"""


def _set_up(data_dir: Path) -> None:
    from counter_app.services.app import open_services
    from tests.conftest import set_up_station

    services = open_services(data_dir, load_demo=False)
    set_up_station(services.settings)
    services.close()


def test_a_second_start_brings_the_first_window_forward(data_dir):
    _set_up(data_dir)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COUNTER_APP_DATA_DIR": str(data_dir)}
    first = subprocess.Popen(
        [sys.executable, "-c", FIRST], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert first.stdout is not None
        line = first.stdout.readline()
        assert line.strip() == "READY", line + first.stderr.read() if first.poll() is not None else line
        assert (data_dir / "counter_app.lock").exists()
        second = subprocess.run(
            [sys.executable, "-c", SECOND], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert second.returncode == 0, second.stderr[-2000:]
        assert "SECOND 0 0" in second.stdout  # it opened no window of its own
        out, err = first.communicate(timeout=120)
        assert "BROUGHT-TO-FRONT MainWindow False" in out, out + err[-2000:]  # restored from minimised
        assert first.returncode == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    # the lock went with the first window: the next start opens normally (and leaves at once here)
    again = subprocess.run(
        [sys.executable, "-c", "import sys, counter_app.gui.single_instance as s, pathlib;"
         f"g = s.InstanceGuard(pathlib.Path({str(data_dir)!r})); print('FREE', g.acquire())"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "FREE True" in again.stdout, again.stderr


def test_two_stores_on_one_pc_do_not_block_each_other(tmp_path, qtbot):
    from counter_app.gui.single_instance import InstanceGuard, server_name

    a, b = InstanceGuard(tmp_path / "a"), InstanceGuard(tmp_path / "b")
    try:
        assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
        assert a.acquire() and b.acquire()
        assert not InstanceGuard(tmp_path / "a").acquire()
    finally:
        a.release()
        b.release()
