"""The counter window on a real X display for benchmarks/gui_latency.py (run as a subprocess under xcb).

    python -m benchmarks.gui_driver DATA_DIR PDF_FOLDER

The window is the one `counter-app` shows (build_main_window), on the given store. The harness types into it with
xdotool; this side only watches: the moment a key arrives (an application-wide event filter) and the moment the
answer is painted. It prints `READY`, `CODES c1 c2 …` (dossiers to scan), and one `LAT <what> <ms>` line per
measure:
- `floor`: a key typed into the procedure search → that field repainted (what any key costs in this window);
- `preview`: Ctrl+Enter on a filled form → the receipt preview's pages painted (intake committed, receipt made);
- `dossier`: the Enter that ends a scanned code → the dossier window painted with that dossier;
- `search`: a key typed into the tracking tab's search box → the list repainted with that text's results.
Commands on stdin: `prefill` (fill the form for the next Ctrl+Enter; answers `PREFILLED`), `intake-tab`,
`tracking-tab`, `quit`.
"""

from __future__ import annotations

import queue
import random
import sys
import threading
import time
from pathlib import Path

from benchmarks.generate import applicant_details, vietnamese_name


def main() -> int:
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from counter_app.gui import printing
    from counter_app.gui.app import build_main_window, create_application
    from counter_app.gui.dossier_detail import DossierDetailDialog
    from counter_app.gui.worker import Worker
    from counter_app.services.app import open_services

    data_dir, pdf_folder = Path(sys.argv[1]), Path(sys.argv[2])
    app = create_application(sys.argv[:1])
    services = open_services(data_dir, check_integrity=False)
    worker = Worker()
    count = [0]

    def printer_factory(code: str) -> QPrinter:  # a PDF file per receipt: no printer on the benchmark's display
        count[0] += 1
        return printing.printer_for("", f"receipt-{count[0] % 3}", folder=pdf_folder)

    window = build_main_window(services, worker, None, printer_factory=printer_factory)
    window.resize(1300, 720)
    window.show()
    window.activateWindow()
    form = window.intake_form
    page = window.tracking.page

    def say(*parts: object) -> None:
        print(*parts, flush=True)

    class Watch(QObject):
        """Key arrivals and the paints that answer them."""

        def __init__(self) -> None:
            super().__init__()
            self.floor_key: float | None = None
            self.save_key: float | None = None
            self.scan_key: float | None = None
            self.search_key: float | None = None
            self.search_answered = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            kind = event.type()
            now = time.perf_counter()
            if kind == QEvent.Type.ShortcutOverride:  # a shortcut (Ctrl+Enter) gets no KeyPress
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                    event.modifiers() & Qt.KeyboardModifier.ControlModifier
                ):
                    if self.save_key is None:
                        self.save_key = now
            elif kind == QEvent.Type.KeyPress and not event.isAutoRepeat():
                key, mods = event.key(), event.modifiers()
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and mods & Qt.KeyboardModifier.ControlModifier:
                    if self.save_key is None:
                        self.save_key = now
                elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.scan_key is None:
                    if not (window.preview_dialog and window.preview_dialog.isVisible()):
                        self.scan_key = now
                elif event.text().isprintable() and event.text():
                    if obj is form.ui.procedureSearch and self.floor_key is None:
                        self.floor_key = now
                    elif obj is page.search_box:
                        self.search_key = now
                        self.search_answered = False
            elif kind == QEvent.Type.Paint:
                if obj is form.ui.procedureSearch and self.floor_key is not None:
                    say("LAT floor", f"{(now - self.floor_key) * 1000:.3f}")
                    self.floor_key = None
                elif self.save_key is not None and isinstance(obj, printing._PagesCanvas):
                    say("LAT preview", f"{(now - self.save_key) * 1000:.3f}")
                    self.save_key = None
                elif self.scan_key is not None and isinstance(obj, DossierDetailDialog):
                    if obj.isVisible() and obj.code:
                        say("LAT dossier", f"{(now - self.scan_key) * 1000:.3f}", obj.code)
                        self.scan_key = None
                elif self.search_key is not None and self.search_answered and obj is page.table.viewport():
                    say("LAT search", f"{(now - self.search_key) * 1000:.3f}", page.search_box.text())
                    self.search_key = None
            return False

    watch = Watch()
    app.installEventFilter(watch)
    page.sig_search_done.connect(lambda _text: setattr(watch, "search_answered", True))
    page.model.modelReset.connect(lambda: setattr(watch, "search_answered", True))

    procedure = None
    people = random.Random(3)  # each sample its own applicant: no line of a receipt repeats an earlier one's

    def prefill() -> None:
        nonlocal procedure
        if window.preview_dialog is not None:
            window.preview_dialog.reject()
        if procedure is None:
            procedure = next(p for p in form.picker.procedures if p.processing_time.unit.value == "working_days")
        form.picker.pick(procedure)
        details = applicant_details(people)
        form.ui.applicantName.setText(vietnamese_name(people))
        form.ui.idNumber.setText(details["id_number"])
        form.ui.phone.setText(details["phone"])
        form.ui.address.setText(details["address"])
        for row in range(form.checklist.row_count):
            form.checklist.set_ticked(row, form.checklist.requirement(row).mandatory)
        form.ui.applicantName.setFocus()
        say("PREFILLED")

    commands: queue.Queue[str] = queue.Queue()

    def read_stdin() -> None:
        for line in sys.stdin:
            commands.put(line.strip())
        commands.put("quit")

    threading.Thread(target=read_stdin, daemon=True).start()

    def poll() -> None:
        while not commands.empty():
            command = commands.get()
            if command == "prefill":
                prefill()
            elif command == "intake-tab":
                window.show_page(0)
                form.focus_procedure()
                say("OK")
            elif command == "tracking-tab":
                window.show_page(1)
                page.focus_search()
                say("OK")
            elif command == "quit":
                QApplication.exit(0)
                return
        QTimer.singleShot(5, poll)

    def ready() -> None:
        if form.picker.procedures and window.isActiveWindow() and not worker.is_busy():
            import sqlite3

            conn = sqlite3.connect(data_dir / "counter.sqlite3")
            rows = conn.execute("SELECT code FROM dossiers ORDER BY random() LIMIT 40").fetchall()
            conn.close()
            say("CODES", *[r[0] for r in rows])
            say("READY")
            QTimer.singleShot(0, poll)
        else:
            window.activateWindow()  # a window manager that came up after the window did not focus it
            QTimer.singleShot(50, ready)

    QTimer.singleShot(0, ready)
    try:
        return app.exec()
    finally:
        worker.shutdown()
        services.close()


if __name__ == "__main__":
    sys.exit(main())
