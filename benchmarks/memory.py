"""`./dev bench --memory`: the window's resident memory over a long day at the counter (issue 17).

The real window (`build_main_window`, as `counter-app` builds it, offscreen) takes N intakes through the intake
form with Ctrl+Enter, every receipt printed (every other one rasterised at 300 dpi by a QPrinter writing a PDF,
the others to the no-printer vector file), the "Theo dõi hồ sơ" tab looked at every fifth intake. Resident memory
is read after the first 100 intakes and after N, beside the targets (≤ 150 MB, flat per intake). The floor, in
the same run, is the same N intakes through the services alone (intake + receipt PDF, no window). Each part runs
in a fresh interpreter so neither sees the other's imports, on a store made beforehand by a third one (migrated,
catalogue loaded, station set up): a counter's window opens yesterday's store, at the head revision. One counter issues at most 999 codes a day, so the
clock moves to the next working day every 300 intakes. The loop is tests/test_gui_memory.py's, without pytest.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINI_CATALOGUE = ROOT / "tests" / "data" / "mini_catalogue.json"
CERT_CODE = "1.000001.000.00.00.H61"
FIRST = 100
PER_DAY = 300
TARGET_MB = 150.0
TARGET_KB_PER_INTAKE = 25.0  # "flat": the bound tests/test_gui_memory.py states (about 120 before the fix)

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương")
MIDDLE = ("Thị", "Văn", "Minh", "Ngọc", "Đức", "Thu", "Quốc")
GIVEN = ("Hương", "Hải", "Lan", "Dũng", "Phương", "Tuấn", "Hà", "Sơn", "Yến", "Khánh", "Thảo", "Long", "Nhung")


def applicant(n: int) -> str:
    return f"{FAMILY[n % 11]} {MIDDLE[n // 11 % 7]} {GIVEN[n // 77 % 13]}"


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise OSError("no VmRSS")


class Clock:
    """The office clock, moved by hand: 09:30 on a working day, then the next working day."""

    def __init__(self) -> None:
        from counter_app.domain.calendar import OFFICE_TZ

        self.moment = datetime(2026, 11, 25, 9, 30, tzinfo=OFFICE_TZ)

    def __call__(self) -> datetime:
        return self.moment

    def next_day(self, calendar) -> None:
        self.moment = datetime.combine(calendar.next_working_day(self.moment.date()), self.moment.timetz())


def open_store(folder: Path, clock: Clock):
    from counter_app.services.app import open_services
    from counter_app.services.settings import SETUP_KEYS, SPECS

    services = open_services(folder / "data", load_demo=False, clock=clock)
    services.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
    fallback = {"agency.place": "Thử nghiệm", "officer.name": "Cán bộ tiếp nhận", "agency.governing_name": ""}
    services.settings.set_many({key: SPECS[key].default or fallback.get(key, "Thử nghiệm") for key in SETUP_KEYS})
    return services


def open_existing_store(folder: Path, clock: Clock):
    """The store as a counter finds it in the morning: made (schema migrated, catalogue, station set up) by another
    process, so that the measured one opens it at the head revision and never imports Alembic (~13 MB), as the
    window does on every day but the first after an upgrade."""
    from counter_app.services.app import open_services

    subprocess.run(
        [sys.executable, "-m", "benchmarks.memory", "--part", "store", "--folder", str(folder)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return open_services(folder / "data", load_demo=False, clock=clock)


def office_calendar():
    from counter_app.domain.calendar import OfficeCalendar

    return OfficeCalendar()


def floor(intakes: int) -> dict:
    """The same intakes and receipts through the services alone."""
    from counter_app.services.intake import IntakeRequest

    clock = Clock()
    calendar = office_calendar()
    with tempfile.TemporaryDirectory() as tmp:
        services = open_existing_store(Path(tmp), clock)
        figures = {"start": rss_mb()}
        for n in range(intakes):
            if n and n % PER_DAY == 0:
                clock.next_day(calendar)
            code = services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name=applicant(n))).code
            services.dossiers.receipt_pdf(code, "A5")
            if n + 1 == FIRST:
                gc.collect()
                figures["first"] = rss_mb()
        gc.collect()
        figures["last"] = rss_mb()
        services.close()
    return figures


def wait_until(condition, timeout: float = 30.0) -> None:
    """Run Qt's event loop until `condition()` holds (TimeoutError after `timeout` seconds)."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(condition)
        QApplication.processEvents()
        time.sleep(0.002)


def settle() -> None:
    """Pending events and deferred deletions done, then a garbage collection."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


class AlternatingPrinters:
    """The window's printer_factory: every other receipt to a 300 dpi QPrinter writing a PDF (the raster path of a
    real printer), the others to the no-printer vector file; four file names reused."""

    def __init__(self, folder: Path, *, raster: bool = True) -> None:
        self.folder = folder
        self.count = 0
        self.raster = raster  # False: every receipt to the vector file
        folder.mkdir(exist_ok=True)

    def __call__(self, code: str):
        from PySide6.QtPrintSupport import QPrinter

        from counter_app.gui import printing

        self.count += 1
        stem = f"receipt-{self.count % 4}"
        if self.count % 2 and self.raster:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(self.folder / f"{stem}.pdf"))
            return printer
        return printing.printer_for("", stem, folder=self.folder)


def fill_intake_form(form, n: int, *, preview: bool, name: str | None = None) -> None:
    """Intake number `n` typed into the window's intake form (the certificate procedure, a name, a CCCD and a
    phone, the mandatory papers ticked), to be saved through the preview or straight to the printer.

    Each character is its own edit, as a key typed by the officer makes it (`QLineEdit.insert`: an undoable edit,
    without the key events that the scanner's filter would hold as a scan at this speed). Setting the whole text at
    once instead would empty each field's undo history, and hide what typing leaves in it (gui/fields.py)."""
    form.set_skip_preview(not preview)
    form.picker.pick(next(p for p in form.picker.procedures if p.code == CERT_CODE))
    typed = {
        form.ui.applicantName: applicant(n) if name is None else name,
        form.ui.idNumber: f"0011900{n:05d}",
        form.ui.phone: f"09{n % 10**8:08d}",
    }
    for field, text in typed.items():
        assert field.text() == "", "the window did not empty the form after the previous intake"
        for char in text:
            field.insert(char)
    for row in range(form.checklist.row_count):
        form.checklist.set_ticked(row, form.checklist.requirement(row).mandatory)


def intake_through_window(
    win, worker, n: int, printed: list[str], *, preview: bool | None = None, name: str | None = None
) -> str:
    """Intake number `n` typed into the window's form and saved with Ctrl+Enter; through the preview (Enter = In)
    when `preview`, by default every other one. Returns the code printed."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    form = win.intake_form
    if not win.isActiveWindow():
        win.activateWindow()
        wait_until(win.isActiveWindow)
    preview = n % 2 == 0 if preview is None else preview
    fill_intake_form(form, n, preview=preview, name=name)
    before = len(printed)
    QTest.keyClick(form.ui.applicantName, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    if preview:  # Enter = In
        wait_until(lambda: win.preview_dialog is not None and win.preview_dialog.isVisible())
        wait_until(lambda: QApplication.activeWindow() is win.preview_dialog)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    wait_until(lambda: len(printed) > before and not worker.is_busy())
    return printed[-1]


def window(intakes: int) -> dict:
    """The intakes through the real window, as tests/test_gui_memory.py drives it."""
    # QtTest, QtPrintSupport and gui/printing.py are imported only once the window is measured as shown: the
    # window itself imports the printing modules at its first receipt.
    from PySide6.QtCore import QSettings, Qt

    from counter_app.gui.app import build_main_window, create_application
    from counter_app.gui.worker import Worker

    clock = Clock()
    calendar = office_calendar()
    tmp = tempfile.TemporaryDirectory()
    folder = Path(tmp.name)
    printer_factory = AlternatingPrinters(folder / "printed")

    create_application([])
    started = {"start": rss_mb()}  # QApplication made, no store and no window yet
    services = open_existing_store(folder, clock)
    worker = Worker()
    preferences = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
    win = build_main_window(services, worker, preferences, printer_factory=printer_factory)
    win.resize(1366, 768)
    win.show()
    win.activateWindow()
    wait_until(lambda: bool(win.intake_form.picker.procedures) and not worker.is_busy())
    settle()
    started["shown"] = rss_mb()
    from PySide6.QtTest import QTest

    page = win.tracking.page
    printed: list[str] = []
    win.sig_printed.connect(lambda code: printed.append(code))

    def activate() -> None:
        if not win.isActiveWindow():
            win.activateWindow()
            wait_until(win.isActiveWindow)

    def look_up(code: str) -> None:
        activate()
        QTest.keyClick(win, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        done: list[bool] = []
        page.sig_search_done.connect(lambda *a: done.append(True))
        page.search_box.setText(code)
        wait_until(lambda: bool(done))
        page.sig_search_done.disconnect()
        if page.model.row_of(code) != 0:
            raise RuntimeError(f"{code} not found in the tracking tab")
        QTest.keyClick(win, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)

    figures = dict(started)
    began = time.monotonic()
    for n in range(intakes):
        if n and n % PER_DAY == 0:
            clock.next_day(calendar)
        code = intake_through_window(win, worker, n, printed)
        if n % 5 == 4:
            look_up(code)
        if n + 1 == FIRST:
            settle()
            figures["first"] = rss_mb()
    settle()
    figures["last"] = rss_mb()
    figures["seconds"] = time.monotonic() - began
    figures["printed"] = printer_factory.count
    if win.preview_dialog is not None:
        win.preview_dialog.reject()
    wait_until(lambda: not worker.is_busy())
    win.tracking.scanner.uninstall()
    worker.shutdown(10_000)
    services.close()
    tmp.cleanup()
    return figures


def _part(name: str, intakes: int) -> dict:
    """One part in a fresh interpreter (offscreen), its figures read back as JSON."""
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory", "--part", name, "--intakes", str(intakes)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{name} part failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(intakes: int) -> list[str]:
    """Both parts; the lines printed (and recorded in docs/BENCHMARKS.md by hand)."""
    base = _part("floor", intakes)
    win = _part("window", intakes)
    growth = (win["last"] - win["first"]) * 1024 / (intakes - FIRST)
    floor_growth = (base["last"] - base["first"]) * 1024 / (intakes - FIRST)

    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER"

    rows = [
        ("window shown, catalogue loaded, no intake yet", f"{win['shown']:.1f} MB", "", ""),
        (
            f"window after {FIRST:,} intakes",
            f"{win['first']:.1f} MB",
            f"≤ {TARGET_MB:.0f} MB",
            win["first"] <= TARGET_MB,
        ),
        (
            f"window after {intakes:,} intakes",
            f"{win['last']:.1f} MB",
            f"≤ {TARGET_MB:.0f} MB",
            win["last"] <= TARGET_MB,
        ),
        (
            f"growth per intake ({FIRST:,} → {intakes:,})",
            f"{growth:.1f} KB",
            f"≤ {TARGET_KB_PER_INTAKE:.0f} KB (flat)",
            growth <= TARGET_KB_PER_INTAKE,
        ),
    ]
    floors = ["", f"{base['first']:.1f} MB", f"{base['last']:.1f} MB", f"{floor_growth:.1f} KB"]
    lines = [
        f"{label:<48} {value:>9}  {('target ' + target) if target else '':<24} {verdict(ok) if target else '':<4}"
        f"  {('floor ' + f) if f else '(QApplication alone: ' + format(win['start'], '.1f') + ' MB)'}"
        for (label, value, target, ok), f in zip(rows, floors, strict=True)
    ]
    lines.append(f"({win['printed']:,} receipts printed, {win['seconds'] / 60:.1f} min through the window)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory")
    parser.add_argument("--intakes", type=int, default=2000, help="intakes through the window (and the floor)")
    parser.add_argument("--part", choices=("window", "floor", "store"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.part == "store":
        open_store(args.folder, Clock()).close()
        return 0
    if args.intakes <= FIRST:
        parser.error(f"--intakes must be more than {FIRST}")
    if args.part:
        figures = (window if args.part == "window" else floor)(args.intakes)
        print(json.dumps(figures))
        return 0
    for line in run(args.intakes):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
