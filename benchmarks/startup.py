"""Cold start as the officer feels it: a real X window (xcb on Xvfb, openbox), real key events (xdotool).

    python -m benchmarks.startup [--size 100000] [--runs 7] [--program PATH]

From the moment `counter-app` is launched, xdotool types a key every KEY_MS into whatever window has the keyboard
(before ours exists they reach no one). Measured per run, from the launch:
- the first window shown (`early-shown`) and the first typed key it received (`first-key`): the window accepts
  typing;
- the counter window taking the keyboard with every key typed so far replayed into its procedure search
  (`replayed`).
The floor is the same launch and the same keys for a bare PySide6 program (QApplication, a QMainWindow with one
QLineEdit, shown maximized): what a Python + Qt window costs on this machine in this run. The store is the
generated one of `--size` dossiers (benchmarks/generate.py), set up so that the counter window opens directly.
`--program` measures another launcher, e.g. the frozen one-folder build (dist/counter-app/counter-app).

PYTHONDONTWRITEBYTECODE is removed from the environment of the measured processes: an installed program has its
bytecode compiled (the frozen build carries it; pip/uv compile on install), so a start without it measures the
compiler, not the program.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.xdisplay import XDisplay  # the tests' own Xvfb + openbox (run from the project's root: python -m)

KEY_MS = 20  # xdotool's delay between keys: the resolution of "first key received"
TARGET_MS = 600.0

FLOOR_SNIPPET = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); field = QLineEdit(); w.setCentralWidget(field); w.showMaximized(); field.setFocus()
app.processEvents()
print(f"early-shown {time.time():.6f}", flush=True)
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.KeyPress:
            print(f"first-key {time.time():.6f}", flush=True)
            app.exit(0)
        return False
f = F(); field.installEventFilter(f)
app.exec()
"""


@dataclass
class Run:
    shown_ms: float
    first_key_ms: float
    ready_ms: float | None


class Display:
    """Xvfb with openbox on a free display number, ready once openbox has taken the screen (tests/xdisplay.py), or
    the display given (its window manager is the caller's)."""

    def __init__(self, number: str | None = None) -> None:
        self._own: XDisplay | None = None
        if number is None:
            self._own = XDisplay("1366x768")
            self.env = dict(self._own.env)
        else:
            self.env = {**os.environ, "DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}
            self.env.pop("QT_SCALE_FACTOR", None)
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)

    def close(self) -> None:
        if self._own is not None:
            self._own.close()


def _launch(command: list[str], env: dict[str, str], *, until: str, timeout: float = 60.0) -> dict[str, float]:
    """Launch, type a key every KEY_MS from the same moment, and collect the probe's stamps (ms after launch)."""
    t0 = time.time()
    app = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    typist = subprocess.Popen(
        ["xdotool", "type", "--delay", str(KEY_MS), "a" * int(timeout * 1000 / KEY_MS)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stamps: dict[str, float] = {}
    try:
        assert app.stdout is not None
        for line in app.stdout:
            parts = line.split()
            if len(parts) >= 2 and parts[0] not in stamps:
                try:
                    stamps[parts[0]] = (float(parts[1]) - t0) * 1000
                except ValueError:
                    continue
            if until in stamps:
                break
    finally:
        typist.terminate()
        typist.wait(10)
        try:
            app.wait(30)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait(10)
    if until not in stamps:
        raise RuntimeError(f"{command[0]} never reported {until!r}: {app.stderr.read()[-800:] if app.stderr else ''}")
    return stamps


def prepared_store(size: int) -> Path:
    """A copy of the generated store of `size` dossiers, set up (station, office) so the window opens at once."""
    from benchmarks.counter import _set_up
    from benchmarks.generate import cached_store

    folder = Path(tempfile.mkdtemp(prefix="counter-start-"))
    shutil.copy2(cached_store(size) / "counter.sqlite3", folder / "counter.sqlite3")
    _set_up(folder)
    return folder


def measure(size: int, runs: int, program: list[str] | None, display: str | None) -> tuple[list[Run], list[Run]]:
    folder = prepared_store(size)
    screen = Display(display)
    try:
        env = dict(screen.env, COUNTER_APP_DATA_DIR=str(folder), COUNTER_APP_START_PROBE="1")
        env["COUNTER_APP_PROBE_QUIT_MS"] = "300"
        command = program or [sys.executable, "-m", "counter_app"]
        floor_command = [sys.executable, "-c", FLOOR_SNIPPET]
        # warm the page cache and the bytecode once each, then alternate (the machine's load hits both alike)
        _launch(floor_command, screen.env, until="first-key")
        _launch(command, env, until="focus-text")
        floors, apps = [], []
        for _ in range(runs):
            f = _launch(floor_command, screen.env, until="first-key")
            floors.append(Run(f["early-shown"], f["first-key"], None))
            a = _launch(command, env, until="focus-text")
            apps.append(Run(a["early-shown"], a["first-key"], a.get("replayed")))
        return floors, apps
    finally:
        screen.close()
        shutil.rmtree(folder, ignore_errors=True)


def rows(size: int, runs: int = 7, program: list[str] | None = None, display: str | None = None):
    from benchmarks.counter import Row

    floors, apps = measure(size, runs, program, display)
    floor = statistics.median(r.first_key_ms for r in floors)
    label = f"{size:,}"
    ready = [r.ready_ms for r in apps if r.ready_ms is not None]
    out = [
        Row(
            label,
            "start → window accepts typing, xcb (median)",
            statistics.median(r.first_key_ms for r in apps),
            TARGET_MS,
            floor,
            "bare PySide6 window, same keys",
        ),
        Row(
            label,
            "  start → first window shown (median)",
            statistics.median(r.shown_ms for r in apps),
            TARGET_MS,
            statistics.median(r.shown_ms for r in floors),
            "bare PySide6 window shown",
        ),
    ]
    if ready:
        out.append(
            Row(
                label,
                "  start → counter window has the typed keys (median)",
                statistics.median(ready),
                None,
                floor,
                "bare PySide6 window, same keys",
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--program", help="the launcher to measure (default: python -m counter_app)")
    parser.add_argument("--display", help="an X display number already running with a window manager")
    args = parser.parse_args(argv)
    for row in rows(args.size, args.runs, [args.program] if args.program else None, args.display):
        print(row.console())
    return 0


if __name__ == "__main__":
    sys.exit(main())
