"""Which part of an intake through the window grows resident memory: the bisection behind docs/BENCHMARKS.md.

    QT_QPA_PLATFORM=offscreen uv run --frozen python -m benchmarks.memory_parts [--preview alt|all|none]
        [--lookup 5|0] [--no-print-raster] [--trim-each] [--same-name] [--tracemalloc] [--warm 40] [--n 200]

The real window (`build_main_window`), driven as tests/test_gui_memory.py drives it, with parts switched off one
at a time. Prints one JSON line: resident memory per intake, and per intake again once `malloc_trim(0)` has given
glibc's free pages back (freed memory not returned, told apart from memory kept), anonymous pages, Python objects.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import tempfile
import time
from pathlib import Path

from benchmarks.memory import (
    AlternatingPrinters,
    Clock,
    applicant,
    intake_through_window,
    open_store,
    settle,
    wait_until,
)

libc = ctypes.CDLL("libc.so.6")


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])


def rollup():
    out = {}
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if parts[0] in ("Rss:", "Anonymous:", "Private_Dirty:", "Shared_Clean:", "Private_Clean:"):
                out[parts[0][:-1]] = int(parts[1])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--warm", type=int, default=40)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--preview", choices=("alt", "all", "none"), default="alt")
    ap.add_argument("--lookup", type=int, default=5, help="look up every Nth; 0 = never")
    ap.add_argument("--trim-each", action="store_true")
    ap.add_argument("--same-name", action="store_true")
    ap.add_argument("--no-print-raster", action="store_true")
    ap.add_argument("--tracemalloc", action="store_true")
    ap.add_argument("--label", default="")
    a = ap.parse_args()

    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest

    from counter_app.gui.app import build_main_window, create_application
    from counter_app.gui.worker import Worker

    clock = Clock()
    tmp = tempfile.TemporaryDirectory()
    folder = Path(tmp.name)
    create_application([])
    services = open_store(folder, clock)
    worker = Worker()
    prefs = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
    win = build_main_window(
        services, worker, prefs, printer_factory=AlternatingPrinters(folder / "printed", raster=not a.no_print_raster)
    )
    win.resize(1366, 768)
    win.show()
    win.activateWindow()
    wait_until(lambda: bool(win.intake_form.picker.procedures) and not worker.is_busy())
    settle()
    page = win.tracking.page
    printed = []
    win.sig_printed.connect(lambda code: printed.append(code))

    def activate():
        if not win.isActiveWindow():
            win.activateWindow()
            wait_until(win.isActiveWindow)

    def preview_for(n):
        return {"alt": n % 2 == 0, "all": True, "none": False}[a.preview]

    def one_intake(n):
        return intake_through_window(
            win, worker, n, printed, preview=preview_for(n), name=applicant(0) if a.same_name else None
        )

    def look_up(code):
        activate()
        QTest.keyClick(win, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        done = []
        page.sig_search_done.connect(lambda *x: done.append(True))
        page.search_box.setText(code)
        wait_until(lambda: bool(done))
        page.sig_search_done.disconnect()
        QTest.keyClick(win, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)

    def intake(n):
        code = one_intake(n)
        if a.lookup and n % a.lookup == a.lookup - 1:
            look_up(code)
        if a.trim_each:
            libc.malloc_trim(0)

    for n in range(a.warm):
        intake(n)
    settle()
    if a.tracemalloc:
        import tracemalloc

        tracemalloc.start(10)
        snap0 = tracemalloc.take_snapshot()
    r0, s0, o0 = rss_kb(), rollup(), len(gc.get_objects())
    libc.malloc_trim(0)
    t0 = rss_kb()
    began = time.monotonic()
    for n in range(a.warm, a.warm + a.n):
        intake(n)
    settle()
    r1, s1, o1 = rss_kb(), rollup(), len(gc.get_objects())
    tt = time.perf_counter()
    libc.malloc_trim(0)
    trim_ms = (time.perf_counter() - tt) * 1000
    t1 = rss_kb()
    from counter_app.gui import heap

    res = {
        "label": a.label,
        "args": vars(a),
        "rss_kb_per_intake": round((r1 - r0) / a.n, 2),
        "after_trim_kb_per_intake": round((t1 - t0) / a.n, 2),
        "anon_kb_per_intake": round((s1["Anonymous"] - s0["Anonymous"]) / a.n, 2),
        "objects_per_intake": round((o1 - o0) / a.n, 2),
        "rss_mb": [round(r0 / 1024, 1), round(r1 / 1024, 1)],
        "trimmed_mb": [round(t0 / 1024, 1), round(t1 / 1024, 1)],
        "trim_ms": round(trim_ms, 2),
        "heap_trims": heap.trims,
        "seconds_per_intake": round((time.monotonic() - began) / a.n, 3),
    }
    if a.tracemalloc:
        snap1 = tracemalloc.take_snapshot()
        stats = snap1.compare_to(snap0, "traceback")[:8]
        res["tracemalloc_top"] = [
            f"{s.size_diff / 1024:.0f} KB {s.count_diff} blocks {s.traceback.format()[-1:]}" for s in stats
        ]
        res["tracemalloc_total_kb"] = round(sum(s.size_diff for s in snap1.compare_to(snap0, "filename")) / 1024, 1)
    print(json.dumps(res, ensure_ascii=False))
    if win.preview_dialog is not None:
        win.preview_dialog.reject()
    wait_until(lambda: not worker.is_busy())
    win.tracking.scanner.uninstall()
    worker.shutdown(10_000)
    services.close()
    os._exit(0)


if __name__ == "__main__":
    main()
