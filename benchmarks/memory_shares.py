"""Where the window's resident memory goes: the shares behind docs/BENCHMARKS.md (issue 15 item 1).

    QT_QPA_PLATFORM=offscreen uv run --frozen python -m benchmarks.memory_shares [--intakes 8]

One fresh interpreter (offscreen), on a store made beforehand by another one (benchmarks/memory.py's
open_existing_store): resident memory after each step of a counter's morning — PySide6, QApplication, the
libraries and modules the store and services import, the store opened, the window built and shown with the
catalogue; then the libraries the first receipt imports (imported here one group at a time, so that each is
measured alone), and a few intakes through the window (every other one through the preview, every other one
rasterised for a printer). Each figure is read after gc and malloc_trim(0), so freed memory is not counted.
Then `--cuts`: what the packages this work keeps out of the window cost when they are imported after the
window's own start modules, each in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.memory import (
    ROOT,
    AlternatingPrinters,
    Clock,
    intake_through_window,
    open_existing_store,
    settle,
    wait_until,
)

_libc = ctypes.CDLL(None) if sys.platform.startswith("linux") else None


def rss_mb() -> float:
    gc.collect()
    if _libc is not None:
        _libc.malloc_trim(0)
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise OSError("no VmRSS")


class Steps:
    def __init__(self) -> None:
        self.last = rss_mb()
        self.rows: list[tuple[str, float, float]] = [("Python interpreter", self.last, self.last)]

    def __call__(self, label: str) -> None:
        now = rss_mb()
        self.rows.append((label, now - self.last, now))
        self.last = now


def _import_all(names: list[str]) -> None:
    import importlib

    for name in names:
        importlib.import_module(name)


def shares(intakes: int) -> list[tuple[str, float, float]]:
    step = Steps()
    import counter_app.gui  # noqa: F401  (PySide6, and gui/pyside_compat.py's fixes, as the window starts)

    _import_all(["PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtNetwork"])
    step("PySide6 (QtCore, QtGui, QtWidgets, QtNetwork)")
    from counter_app.gui.app import create_application

    create_application([])
    step("QApplication (platform plugin, fonts, style sheet)")
    _import_all(["sqlalchemy", "sqlalchemy.orm", "sqlalchemy.dialects.sqlite"])
    step("SQLAlchemy (with asyncio, ssl, typing_extensions)")
    _import_all(["cryptography.hazmat.primitives.asymmetric.ed25519", "cryptography.hazmat.primitives.serialization"])
    step("cryptography (the slip-signing key, read when the store opens)")
    _import_all(["counter_app.services.app", "counter_app.services.sync"])
    step("our domain, store, services, sync modules")
    from PySide6.QtCore import QSettings

    from counter_app.gui.app import build_main_window
    from counter_app.gui.worker import Worker

    step("our gui modules")
    clock = Clock()
    tmp = tempfile.TemporaryDirectory()
    folder = Path(tmp.name)
    services = open_existing_store(folder, clock)
    step("the store opened (yesterday's, at the head revision)")

    worker = Worker()
    printer_factory = AlternatingPrinters(folder / "printed")

    preferences = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
    win = build_main_window(services, worker, preferences, printer_factory=printer_factory)
    win.resize(1366, 768)
    step("the window built (intake form, tracking tab)")
    win.show()
    win.activateWindow()
    wait_until(lambda: bool(win.intake_form.picker.procedures) and not worker.is_busy())
    settle()
    step("the window shown, catalogue and today's list read")
    _import_all(["reportlab.platypus", "reportlab.pdfgen.canvas", "reportlab.graphics.barcode.qrencoder"])
    step("first receipt: reportlab (with PIL)")
    _import_all(["barcode"])
    step("first receipt: python-barcode")
    _import_all(["PySide6.QtPdf", "PySide6.QtPrintSupport", "counter_app.gui.printing"])
    step("first receipt: QtPdf, QtPrintSupport")
    printed: list[str] = []
    win.sig_printed.connect(lambda code: printed.append(code))
    for n in range(intakes):
        intake_through_window(win, worker, n, printed)
        settle()
    step(f"{intakes} intakes printed (fonts, the receipt's caches, QtPdf's document, the preview, the printer)")
    worker.shutdown(10_000)
    services.close()
    tmp.cleanup()
    return step.rows


# What this work keeps out of the window (issue 15 item 1), imported after the window's own start modules.
CUTS = {
    "holidays (all 251 countries), as every intake's due date imported it": (
        "import holidays; holidays.country_holidays('VN', years=2026, language='vi')"
    ),
    "Alembic (with Mako, Pygments), when the store is migrated": "import alembic.command, alembic.config",
    "httpx (with click, Pygments), the sync indicator's import": "import httpx",
    "reportlab (with PIL) before the first receipt": "import reportlab.platypus",
}
WINDOW_START = "import counter_app.gui, counter_app.gui.app, counter_app.services.app, counter_app.gui.main_window"
MEASURE = (
    "import gc, ctypes, sys\n"
    "def rss():\n"
    "    gc.collect(); ctypes.CDLL(None).malloc_trim(0)\n"
    "    return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS:')) / 1024\n"
)


def _run(code: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE + code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=300
    )
    return float(done.stdout.strip().splitlines()[-1])


def cuts() -> list[tuple[str, float]]:
    rows = []
    for label, code in CUTS.items():
        delta = _run(f"{WINDOW_START}\nbefore = rss()\n{code}\nprint(rss() - before)")
        rows.append((label, delta))
    # shiboken's import hook and linecache: SQLAlchemy and the services imported after PySide6, with shiboken's
    # own `_mod_uses_pyside` put back, against gui/pyside_compat.py's.
    hooked = (
        "import counter_app.gui, sys\n"
        "from counter_app.gui import pyside_compat\n"
        "feature = sys.modules['shibokensupport.feature']\n"
        "{restore}\n"
        "before = rss()\n"
        "import sqlalchemy.orm, counter_app.services.app, counter_app.gui.app, counter_app.gui.main_window\n"
        "print(rss() - before)"
    )
    shiboken_own = (
        "import inspect\n"
        "def asked_through_linecache(module):\n"
        "    try:\n"
        "        return 'PySide6' in inspect.getsource(module)\n"
        "    except (TypeError, OSError, SyntaxError):\n"
        "        return False\n"
        "feature._mod_uses_pyside = asked_through_linecache"
    )
    with_source = _run(hooked.format(restore=shiboken_own))
    without = _run(hooked.format(restore="pass"))
    rows.append(("source kept in linecache by shiboken's import hook (SQLAlchemy, our modules)", with_source - without))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory_shares")
    parser.add_argument("--intakes", type=int, default=8)
    parser.add_argument("--cuts", action="store_true", help="also measure what this work keeps out of the window")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = shares(args.intakes)
    cut_rows = cuts() if args.cuts else []
    if args.json:
        print(json.dumps({"shares": rows, "cuts": cut_rows}))
        return 0
    for label, delta, total in rows:
        print(f"{label:<92} {delta:+7.1f} MB  {total:7.1f} MB")
    for label, delta in cut_rows:
        print(f"kept out: {label:<82} {delta:+7.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
