"""The counter window under pytest-qt (offscreen): a whole intake by keyboard, errors, printing, the worker.

Keys are sent to whatever has the focus (or to the open completer popup, as a real keyboard would), so
the tests exercise the focus chain too. Vietnamese text is typed as one key event per character carrying
the text: qtbot.keyClicks with non-ASCII characters trips a Qt assertion (PLATFORM-NOTES).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QThread, QTimer
from PySide6.QtGui import QColor, QImage, QKeyEvent, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.domain.validation import ValidationError
from tests.conftest import CERT_CODE, XRAY_CODE

pytestmark = pytest.mark.gui

APPLICANT = "Nguyễn Thị Hương"
ID_NUMBER = "001190012345"
PHONE = "0912345678"
# Keys beyond the typed data that one complete intake may cost (the test reports the real number).
MAX_CONTROL_KEYS = 9


# --- fixtures ----------------------------------------------------------------------------------------


class PdfPrinters:
    """Printer factory for tests: every receipt goes to its own PDF file (QPrinter PdfFormat, no printer)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: list[Path] = []

    def __call__(self, code: str):
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        path = self.folder / f"printed-{len(self.files) + 1}-{code}.pdf"
        printer.setOutputFileName(str(path))
        self.files.append(path)
        return printer


@pytest.fixture
def printers(tmp_path: Path) -> PdfPrinters:
    folder = tmp_path / "printed"
    folder.mkdir()
    return PdfPrinters(folder)


@pytest.fixture
def window(qtbot, services, worker, printers, tmp_path):
    from counter_app.gui.app import build_main_window, create_application

    create_application([])  # the running QApplication gets the app's font and style sheet
    # The whole window as `counter-app` builds it: tracking tab, scanner on every window, supervisor tools.
    win = build_main_window(
        services,
        worker,
        QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        printer_factory=printers,
    )
    qtbot.addWidget(win)
    win.resize(1366, 740)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    qtbot.waitUntil(lambda: bool(win.intake_form.picker.procedures))
    yield win
    if win.preview_dialog is not None:
        win.preview_dialog.reject()
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    win.tracking.scanner.uninstall()


class Keyboard:
    """Types like the officer: into the focused widget, or the popup when one is open.

    `press` is a control key (Enter, Tab, Space, arrows, shortcuts) and is counted; `type_*` is data.
    """

    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.control_keys: list[str] = []

    @staticmethod
    def target() -> QWidget:
        widget = QApplication.activePopupWidget() or QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def press(
        self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier, name: str = ""
    ) -> None:
        self.control_keys.append(name or key.name.removeprefix("Key_"))
        QTest.keyClick(self.target(), key, modifier)
        QApplication.processEvents()  # a person is slower than the event loop

    def settle(self) -> None:
        """Keys typed back to back are held by the scanner wedge until it knows they were not a scan."""
        wedges = [w.tracking.scanner for w in QApplication.topLevelWidgets() if hasattr(w, "tracking")]
        self.qtbot.waitUntil(lambda: all(not w.held_text for w in wedges), timeout=2000)
        QApplication.processEvents()

    def type_ascii(self, text: str) -> None:
        assert text.isascii()
        for char in text:
            self.qtbot.keyClicks(self.target(), char)
            QApplication.processEvents()
        self.settle()

    def type_text(self, text: str) -> None:
        """Any text (Vietnamese): one key press/release per character, carrying the character."""
        for char in text:
            widget = self.target()
            QApplication.sendEvent(
                widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )
            QApplication.sendEvent(
                widget, QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )
            QApplication.processEvents()
        self.settle()


def fill_valid(form, services) -> None:
    """Fill the form directly (tests that are not about the keyboard)."""
    procedure = next(p for p in form.picker.procedures if p.code == CERT_CODE)
    form.picker.pick(procedure)
    form.ui.applicantName.setText(APPLICANT)
    form.ui.idNumber.setText(ID_NUMBER)
    form.ui.phone.setText(PHONE)
    for row in range(form.checklist.row_count):
        form.checklist.set_ticked(row, form.checklist.requirement(row).mandatory)


def decode_barcodes(pdf: Path, out_png: Path) -> list[str]:
    """Render page 1 of a PDF with QtPdf (on white) and read it back with zbarimg."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    document.load(str(pdf))
    assert document.status() == QPdfDocument.Status.Ready, document.error()
    points = document.pagePointSize(0)
    size = QSize(round(points.width() / 72 * 300), round(points.height() / 72 * 300))
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, document.render(0, size))
    painter.end()
    assert image.save(str(out_png))
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(out_png)], capture_output=True, text=True)
    return [line.strip() for line in result.stdout.splitlines() if line.strip()]


# --- (a) a whole intake by keyboard alone --------------------------------------------------------------


def test_whole_intake_by_keyboard_counts_control_keys(qtbot, window, services, printers, record_property, capsys):
    form = window.intake_form
    form.set_skip_preview(True)  # a standing preference of this counter, not a key of each intake
    keys = Keyboard(qtbot)

    assert QApplication.focusWidget() is form.ui.procedureSearch, "focus must start in the procedure search"

    keys.type_ascii("chung chi buc xa")
    assert form.picker.popup_visible
    keys.press(Qt.Key.Key_Return, name="Enter")  # picks the highlighted (first) match
    assert form.procedure is not None and form.procedure.code == CERT_CODE
    qtbot.wait(50)
    assert window.isActiveWindow(), "the closed popup must hand the activation back to the window"
    assert form.ui.procedureSearch.text() == "Cấp chứng chỉ nhân viên bức xạ"
    assert QApplication.focusWidget() is form.ui.applicantName, "picking moves on to the applicant's name"
    assert form.checklist.row_count == 3 and not form.checklist.received(), "the checklist starts unticked"
    assert form.ui.dueLabel.text() == "Hẹn trả: 17 giờ 00 phút, Thứ Tư, ngày 09/12/2026"

    keys.type_text(APPLICANT)
    keys.press(Qt.Key.Key_Tab)  # -> Số CCCD (the organisation's row shows only for an organisation: Alt+F)
    assert QApplication.focusWidget() is form.ui.idNumber
    keys.type_ascii(ID_NUMBER)
    keys.press(Qt.Key.Key_Tab)  # -> Điện thoại
    keys.type_ascii(PHONE)
    keys.press(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier, name="Alt+N")  # -> the document checklist
    assert QApplication.focusWidget() is form.ui.documentsTable
    keys.press(Qt.Key.Key_Space)  # tick: application form
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Space)  # tick: copy of the diploma (the photo is not handed in)
    assert [d.name for d in form.checklist.received()] == [
        "Đơn đề nghị cấp chứng chỉ nhân viên bức xạ theo mẫu",
        "Bản sao văn bằng, chứng chỉ đào tạo",
    ]

    with qtbot.waitSignal(window.sig_printed, timeout=20_000) as printed:
        keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier, name="Ctrl+Enter")
    code = printed.args[0]

    detail = services.dossiers.detail(code)
    assert detail.applicant_name == APPLICANT
    assert detail.id_number == ID_NUMBER and detail.phone == PHONE
    assert detail.procedure_code == CERT_CODE
    assert [d["name"] for d in detail.documents] == [
        d.name for d in services.catalogue.find(CERT_CODE, detail.received_at.date()).documents[:2]
    ]
    assert detail.print_count == 1, "printing is recorded after the print succeeded"
    assert printers.files and printers.files[-1].exists() and printers.files[-1].stat().st_size > 1000

    qtbot.waitUntil(lambda: code in window.today.codes())
    row = window.today.row_of(code)
    shown = [window.today.index(row, c).data() for c in range(window.today.columnCount())]
    assert APPLICANT in shown and ID_NUMBER not in shown, "today's list masks the CCCD"
    assert any(cell.endswith(ID_NUMBER[-4:]) and "•" in cell for cell in shown)

    # Ready for the next citizen.
    assert form.procedure is None and form.ui.applicantName.text() == ""
    assert QApplication.focusWidget() is form.ui.procedureSearch
    assert code in form.ui.formMessage.text()

    count = len(keys.control_keys)
    record_property("control_keys", count)
    with capsys.disabled():
        print(f"\n[keyboard intake] {count} keys beyond the typed data: {' '.join(keys.control_keys)}")
    assert count <= MAX_CONTROL_KEYS


def test_type_ahead_ignores_diacritics_and_arrows_choose(qtbot, window):
    form = window.intake_form
    keys = Keyboard(qtbot)
    keys.type_ascii("khai bao x quang")
    assert form.picker.popup_visible
    assert [p.code for p in form.picker.matches("khai bao x quang")] == [XRAY_CODE]
    keys.press(Qt.Key.Key_Return)
    assert form.procedure.code == XRAY_CODE

    # Searching again with a broader query: Down moves off the first match, Enter takes the second.
    window.ui.actionFindProcedure.trigger()
    assert QApplication.focusWidget() is form.ui.procedureSearch
    form.ui.procedureSearch.clear()
    keys.type_ascii("buc xa")  # the name of one, the field name (an toàn bức xạ) of the other
    assert len(form.picker.matches("buc xa")) == 2
    second = form.picker.matches("buc xa")[1]
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Return)
    assert form.procedure == second


def test_tab_order_follows_the_paper_form(qtbot, window):
    ui = window.intake_form.ui
    expected = [
        ui.applicantName,
        ui.idNumber,  # the organisation's and the representative's rows are hidden until asked for (Alt+F, Alt+U)
        ui.phone,
        ui.email,
        ui.address,
        ui.birthDate,  # the CCCD card's facts, after the address (a scan of the card's QR fills them)
        ui.sex,
        ui.idIssuedOn,
        ui.channel,
        ui.copies,
        ui.documentsTable,
        ui.note,
        ui.skipPreview,
        ui.saveButton,
        ui.clearButton,
        window.ui.todayTable,
    ]
    assert QApplication.focusWidget() is ui.procedureSearch
    visited = []
    for _ in expected:
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert [w.objectName() for w in visited] == [w.objectName() for w in expected]


def test_alt_letters_jump_to_the_fields_of_the_paper_form(qtbot, window):
    ui = window.intake_form.ui
    for letter, widget in (
        (Qt.Key.Key_T, ui.applicantName),
        (Qt.Key.Key_F, ui.organization),  # "Hồ sơ của tổ chức" shows the organisation's row and goes there
        (Qt.Key.Key_C, ui.organization),
        (Qt.Key.Key_D, ui.idNumber),
        (Qt.Key.Key_O, ui.phone),
        (Qt.Key.Key_E, ui.email),
        (Qt.Key.Key_A, ui.address),
        (Qt.Key.Key_S, ui.birthDate),
        (Qt.Key.Key_P, ui.channel),
        (Qt.Key.Key_B, ui.copies),
        (Qt.Key.Key_N, ui.documentsTable),
        (Qt.Key.Key_I, ui.note),
    ):
        QTest.keyClick(QApplication.focusWidget(), letter, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is widget, f"Alt+{letter.name[-1]}"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(ui.skipPreview.isChecked)


def test_checklist_keys_space_ctrl_a_and_quantity(qtbot, window):
    form = window.intake_form
    form.picker.pick(next(p for p in form.picker.procedures if p.code == CERT_CODE))
    table = form.ui.documentsTable
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(form.checklist.received()) == 3
    QTest.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert form.checklist.received() == ()
    table.setCurrentCell(2, 0)
    QTest.keyClick(table, Qt.Key.Key_Space)
    QTest.keyClick(table, Qt.Key.Key_Plus)
    QTest.keyClick(table, Qt.Key.Key_Plus)
    QTest.keyClick(table, Qt.Key.Key_Minus)
    (photo,) = form.checklist.received()
    assert photo.name == "Ảnh 3x4" and photo.quantity == 3


def test_shortcuts_focus_help_and_new(qtbot, window, services):
    form = window.intake_form
    fill_valid(form, services)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.ui.todayTable
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F3)
    assert QApplication.focusWidget() is form.ui.procedureSearch
    window.ui.todayTable.setFocus()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is form.ui.procedureSearch

    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    help_dialog = QApplication.activeModalWidget()
    assert help_dialog.windowTitle() == "Phím tắt"
    help_dialog.reject()

    assert form.ui.applicantName.text() == APPLICANT
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert form.ui.applicantName.text() == "" and form.procedure is None and form.checklist.row_count == 0
    assert QApplication.focusWidget() is form.ui.procedureSearch


# --- (b) invalid input: the message names the field, nothing is written --------------------------------


def test_invalid_id_number_shows_vietnamese_message_and_writes_nothing(qtbot, window, services, printers):
    form = window.intake_form
    fill_valid(form, services)
    form.ui.idNumber.setText("12345")
    form.ui.applicantName.setFocus()

    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(form.error_text("id_number")))

    message = form.error_text("id_number")
    assert message.startswith("Số giấy tờ tùy thân: số CCCD phải gồm đúng 12 chữ số")
    assert form.ui.idNumber.property("invalid") is True
    assert QApplication.focusWidget() is form.ui.idNumber, "the offending field gets the focus"
    assert "Chưa lưu hồ sơ" in form.ui.formMessage.text() and "Số giấy tờ tùy thân" in form.ui.formMessage.text()
    assert form.ui.applicantName.text() == APPLICANT, "nothing typed is lost"
    assert services.dossiers.received_on() == []
    assert printers.files == []

    # Typing in the field clears its mark; a corrected form saves.
    form.ui.idNumber.clear()
    keys = Keyboard(qtbot)
    keys.type_ascii(ID_NUMBER)
    assert form.ui.idNumber.property("invalid") is False and form.error_text("id_number") == ""
    form.set_skip_preview(True)
    with qtbot.waitSignal(window.sig_printed, timeout=20_000):
        keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(services.dossiers.received_on()) == 1


def test_missing_mandatory_document_is_refused_on_the_checklist(qtbot, window, services):
    form = window.intake_form
    fill_valid(form, services)
    form.checklist.set_ticked(1, False)
    window.save_and_print()
    qtbot.waitUntil(lambda: bool(form.error_text("documents")))
    assert "còn thiếu giấy tờ bắt buộc: Bản sao văn bằng, chứng chỉ đào tạo" in form.error_text("documents")
    assert QApplication.focusWidget() is form.ui.documentsTable
    assert services.dossiers.received_on() == []


# --- (c) the real print path: preview, QPrinter (PDF), barcode read back -----------------------------------


def test_preview_prints_a_receipt_whose_barcode_decodes(qtbot, window, services, printers, tmp_path):
    form = window.intake_form
    assert not form.skip_preview
    fill_valid(form, services)
    with qtbot.waitSignal(window.sig_saved, timeout=20_000) as saved:
        window.save_and_print()
    code = saved.args[0].code
    qtbot.waitUntil(lambda: window.preview_dialog is not None and window.preview_dialog.isVisible(), timeout=20_000)
    dialog = window.preview_dialog
    assert code in dialog.windowTitle()
    assert services.dossiers.detail(code).print_count == 0, "nothing is recorded before printing"

    with qtbot.waitSignal(window.sig_printed, timeout=20_000):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter = In
    assert services.dossiers.detail(code).print_count == 1
    pdf = printers.files[-1]
    assert pdf.exists()

    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (zbar-tools) is not installed")
    assert code in decode_barcodes(pdf, tmp_path / "page1.png")


def test_closing_the_preview_prints_and_records_nothing(qtbot, window, services, printers):
    form = window.intake_form
    fill_valid(form, services)
    with qtbot.waitSignal(window.sig_saved, timeout=20_000) as saved:
        window.save_and_print()
    code = saved.args[0].code
    qtbot.waitUntil(lambda: window.preview_dialog is not None and window.preview_dialog.isVisible(), timeout=20_000)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.preview_dialog is None)
    qtbot.waitUntil(lambda: not window.ops.worker.is_busy())
    assert services.dossiers.detail(code).print_count == 0
    assert not printers.files[-1].exists()
    assert "Ctrl+P" in window.statusBar().currentMessage()


def test_ctrl_p_reprints_the_selected_dossier(qtbot, window, services, printers):
    form = window.intake_form
    form.set_skip_preview(True)
    fill_valid(form, services)
    with qtbot.waitSignal(window.sig_printed, timeout=20_000) as first:
        window.save_and_print()
    code = first.args[0]
    qtbot.waitUntil(lambda: window.selected_code() == code)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(window.sig_printed, timeout=20_000):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert services.dossiers.detail(code).print_count == 2
    assert len(printers.files) == 2 and all(p.exists() for p in printers.files)


# --- (d) the window never blocks: saving and rendering run on the one worker -------------------------------


def test_save_and_render_run_on_the_worker_while_the_ui_keeps_running(qtbot, window, services, worker, monkeypatch):
    gui_thread = QApplication.instance().thread()
    main_ident = threading.get_ident()
    seen: dict[str, tuple] = {}
    release = threading.Event()

    real_intake, real_renderer = services.intake.intake, services.dossiers.receipt_renderer

    def slow_intake(request, **options):
        seen["intake"] = (QThread.currentThread(), threading.get_ident())
        assert release.wait(10), "the test never released the save"
        return real_intake(request, **options)

    def renderer(code, paper=None, **options):
        render = real_renderer(code, paper, **options)

        def rendering():
            # on the side thread, while the worker's COMMIT waits for the disk (services.intake.DuringCommit)
            seen["render"] = (QThread.currentThread(), threading.get_ident())
            return render()

        return rendering

    monkeypatch.setattr(services.intake, "intake", slow_intake)
    monkeypatch.setattr(services.dossiers, "receipt_renderer", renderer)

    form = window.intake_form
    form.set_skip_preview(True)
    fill_valid(form, services)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)

    window.save_and_print()
    qtbot.waitUntil(lambda: "intake" in seen)
    qtbot.wait(200)  # the save is blocked on the worker: the UI thread must go on processing events
    assert len(ticks) >= 5, "the UI thread stalled while the worker was saving"
    assert not form.ui.saveButton.isEnabled() and form.ui.saveButton.text() == "Đang lưu…"
    window.save_and_print()  # an impatient second Ctrl+Enter must not queue a second dossier
    with qtbot.waitSignal(window.sig_printed, timeout=20_000):
        release.set()
    timer.stop()

    for job in ("intake", "render"):
        qthread, ident = seen[job]
        assert qthread != gui_thread and ident != main_ident, f"{job} ran on the GUI thread"
    assert seen["intake"][0] == worker.thread_object
    assert seen["render"][1] != seen["intake"][1], "rendered beside the worker, while its commit waited"
    assert len(services.dossiers.received_on()) == 1


def test_worker_delivers_results_and_errors_on_the_ui_thread(qtbot, worker):
    outcomes = []

    def where(value):
        outcomes.append((value, threading.get_ident()))

    worker.submit(lambda: threading.get_ident(), on_success=where)
    worker.submit(lambda: 1 / 0, on_error=where)
    qtbot.waitUntil(lambda: len(outcomes) == 2)
    (job_thread, delivered_on_1), (error, delivered_on_2) = outcomes
    assert job_thread != threading.get_ident()
    assert delivered_on_1 == delivered_on_2 == threading.get_ident()
    assert isinstance(error, ZeroDivisionError)


# --- start-up -----------------------------------------------------------------------------------------------


# A store that cannot be opened at start: tests/test_gui_errors.py (a real damaged file, the dialog read back).


RUN_SCRIPT = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import counter_app.gui.app as gui_app
from counter_app.gui.main_window import MainWindow

state = {}

def poll():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if windows and windows[0]._store_label.text() == "Dữ liệu: tốt":
        state["title"] = windows[0].windowTitle()
        windows[0].close()
        QApplication.quit()
    else:
        QTimer.singleShot(20, poll)

QTimer.singleShot(0, poll)
QTimer.singleShot(20_000, QApplication.quit)
code = gui_app.run(["counter-app"])
print("RESULT", code, state.get("title", ""))
sys.exit(code)
"""


def test_run_shows_the_window_then_checks_integrity_in_the_background(data_dir):
    from counter_app.services.app import open_services
    from tests.conftest import set_up_station

    services = open_services(data_dir, load_demo=False)
    set_up_station(services.settings)  # a station never set up opens the first-run wizard instead
    services.close()
    # In its own process: once QApplication.exec() has returned, Qt refuses to activate windows, which would
    # break the tests that follow in this one.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COUNTER_APP_DATA_DIR": str(data_dir)}
    result = subprocess.run([sys.executable, "-c", RUN_SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "RESULT 0 Tiếp nhận hồ sơ" in result.stdout
    assert (data_dir / "ui.ini").exists(), "preferences are saved beside the data"


def test_a_failed_print_is_reported_and_not_recorded(qtbot, window, services, monkeypatch, tmp_path):
    from counter_app.gui import main_window as main_window_module

    warnings = []
    monkeypatch.setattr(
        main_window_module.QMessageBox, "warning", lambda _p, title, text: warnings.append((title, text))
    )

    def broken_printer(code):
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "no-such-folder" / "sub" / f"{code}.pdf"))
        return printer

    window._printer_factory = broken_printer
    form = window.intake_form
    form.set_skip_preview(True)
    fill_valid(form, services)
    with qtbot.waitSignal(window.sig_saved, timeout=20_000) as saved:
        window.save_and_print()
    code = saved.args[0].code
    qtbot.waitUntil(lambda: bool(warnings), timeout=20_000)
    title, text = warnings[0]
    assert title == "Chưa in được giấy tiếp nhận" and code in text and "Ctrl+P" in text
    assert services.dossiers.detail(code).print_count == 0, "the dossier is kept, the print is not recorded"


def test_integrity_problems_are_shown_in_vietnamese(qtbot, window, monkeypatch):
    from counter_app.gui import main_window as main_window_module

    shown = []
    monkeypatch.setattr(main_window_module.QMessageBox, "critical", lambda _p, title, text: shown.append((title, text)))
    window.show_integrity([])
    assert window._store_label.text() == "Dữ liệu: tốt" and not shown
    window.show_integrity(["*** in database main ***", "Page 7 is never used"])
    assert window._store_label.text() == "Dữ liệu: CÓ LỖI"
    assert shown[0][0] == "Tệp dữ liệu bị hỏng" and "Page 7 is never used" in shown[0][1]


def test_passport_and_tax_code_from_the_keyboard(qtbot, window, services, printers):
    """Alt+L opens the paper's type (a passport shows the issuing country field), Alt+M reaches the MST; the
    dossier is saved with both, and the common path (a CCCD) keeps its Tab order."""
    form = window.intake_form
    fill_valid(form, services)
    ui = form.ui
    assert not ui.idCountry.isVisibleTo(form)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert ui.idType.view().isVisible()  # the list is open, ready for the arrow keys
    ui.idType.hidePopup()
    assert QApplication.focusWidget() is ui.idType
    ui.idType.setCurrentIndex(2)  # Hộ chiếu
    assert ui.idCountry.isVisibleTo(form) and ui.idNumber.placeholderText().startswith("Số hộ chiếu")
    ui.idNumber.setText("C4X7Y2Z9")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # Hồ sơ của tổ chức
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is ui.taxCode
    ui.organization.setText("Công ty Cổ phần Sữa")
    ui.taxCode.setText("0300588569")
    request = form.request()
    assert (request.id_type, request.id_country) == ("passport", None)  # the country is still empty
    with pytest.raises(ValidationError) as info:
        services.intake.intake(request)
    form.show_errors(info.value)
    assert "quốc gia cấp" in form.error_text("id_country")
    ui.idCountry.setText("Đức")
    result = services.intake.intake(form.request())
    detail = services.dossiers.detail(result.code)
    assert (detail.id_type, detail.id_number, detail.id_country, detail.tax_code) == (
        "passport",
        "C4X7Y2Z9",
        "Đức",
        "0300588569",
    )
    form.clear()
    assert ui.idType.currentData() == "cccd" and not ui.idCountry.isVisibleTo(form) and ui.taxCode.text() == ""
    assert not form.organizationCheck.isChecked() and not ui.taxCode.isVisibleTo(form)


def test_scans_attached_while_typing_are_saved_with_the_dossier(qtbot, window, services, monkeypatch, tmp_path):
    """Ctrl+K on a checklist paper picks its scan (from the scanner's folder); saved in the intake's transaction;
    a bad file is said on the checklist and nothing is saved; the next citizen starts with none."""
    from PySide6.QtWidgets import QFileDialog

    from tests.test_files import _pdf

    folder = tmp_path / "may-quet"
    folder.mkdir()
    services.settings.set("files.scan_folder", str(folder))
    scan = _pdf(folder / "don.pdf")
    bad = folder / "loi.pdf"
    bad.write_bytes(b"not a pdf")
    picked: list[tuple[str, str]] = []
    answers = [str(bad), str(scan)]

    def pick(parent, title, start, filters):
        picked.append((title, start))
        return answers.pop(0), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    form = window.intake_form
    form.set_skip_preview(True)
    fill_valid(form, services)
    form.ui.documentsTable.setCurrentCell(0, 0)
    first = form.checklist.requirement(0).name
    QTest.keyClick(form.ui.documentsTable, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(form.scans) == 1)
    assert picked == [(f"Bản quét: {first}", str(folder))]
    window.save_and_print()
    qtbot.waitUntil(lambda: "không phải PDF" in form.error_text("scans"), timeout=10_000)
    assert services.dossiers.received_on() == []
    form.dropScansButton.click()  # the wrong file goes; the papers stay ticked
    assert form.scans == [] and not form.error_text("scans")
    QTest.keyClick(form.ui.documentsTable, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(form.scans) == 1)
    assert "don.pdf" in form.scanList.text()
    window.save_and_print()
    qtbot.waitUntil(lambda: len(services.dossiers.received_on()) == 1, timeout=10_000)
    code = services.dossiers.received_on()[0].code
    detail = services.dossiers.detail(code)
    assert detail.scans == 1 and detail.files[0].document == first and detail.files[0].filename == "don.pdf"
    qtbot.waitUntil(lambda: form.scans == [] and not form.dropScansButton.isVisible(), timeout=10_000)


def test_representative_organisation_and_deciding_agency_from_the_keyboard(qtbot, window, services, printers):
    """Issue 13 item 2: Alt+U shows the representative's rows (Tab goes through them), Alt+F the organisation's,
    Alt+J the deciding agency (the catalogue's, typed over); errors land on the rows; the receipt carries them."""
    form = window.intake_form
    fill_valid(form, services)
    ui = form.ui
    assert not form.representativeName.isVisibleTo(form) and not ui.organization.isVisibleTo(form)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert form.representedCheck.isChecked() and QApplication.focusWidget() is form.representativeName
    form.representativeName.setText("Trần Thị Bích")  # (QTest types ASCII only)
    QTest.keyClick(form.representativeName, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.representativeId
    QTest.keyClicks(form.representativeId, "001190054321")
    QTest.keyClick(form.representativeId, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.relationship
    QTest.keyClick(form.relationship, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.authorisation
    QTest.keyClick(form.authorisation, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is ui.idNumber
    # Neither a relationship nor a paper: refused, the message under the representative's rows.
    with pytest.raises(ValidationError) as info:
        services.intake.intake(form.request())
    form.show_errors(info.value)
    assert "Quan hệ với người nộp" in form.representativeError.text() and form.representativeError.isVisibleTo(form)
    form.authorisation.setText("Giấy ủy quyền số 5/2026/UQ")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is ui.organization
    ui.organization.setText("Công ty TNHH Bình Minh")
    ui.taxCode.setText("0100233488")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is form.decidingAgency
    form.decidingAgency.setText("UBND huyện Đông Anh")
    result = services.intake.intake(form.request())
    detail = services.dossiers.detail(result.code)
    assert detail.applicant_kind == "organization" and detail.tax_code == "0100233488"
    assert detail.representative.name == "Trần Thị Bích" and detail.representative.authorisation.endswith("5/2026/UQ")
    assert detail.deciding_agency == "UBND huyện Đông Anh"
    form.clear()
    assert not form.representedCheck.isChecked() and form.representativeName.text() == ""
    assert form.decidingAgency.text() == "" and not form.representativeName.isVisibleTo(form)
    # Unchecked, what was typed in the hidden rows is not sent.
    fill_valid(form, services)
    form.representedCheck.setChecked(True)
    form.representativeName.setText("Lê Văn C")
    form.representedCheck.setChecked(False)
    assert form.request().representative_name is None and form.request().applicant_kind == "individual"


def test_the_station_line_gives_way_to_a_message_on_a_narrow_window(window, qtbot):
    """At 1024 pixels the status bar's permanent labels left a message ~140 pixels: "Đã in giấy tiếp nhận … ra …"
    was cut after a few words. The station's line (also in the title and the settings) steps aside while a message
    needs the room, and comes back when it goes; a short message, or a wide window, leaves it in place."""
    station = window._station_label
    bar = window.statusBar()
    qtbot.waitUntil(lambda: station.text().startswith("Quầy"))
    line = station.text()
    message = "Đã in giấy tiếp nhận H61.22-261125-1001 ra máy in Canon LBP2900 ở quầy 1 (khổ A5)."
    window.resize(1366, 740)
    bar.showMessage("Đã lưu.")
    qtbot.wait(50)
    assert station.text() == line
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    bar.showMessage(message)
    qtbot.waitUntil(lambda: station.text() == "")

    def message_room() -> int:  # the message is drawn from the bar's left edge to the first label shown
        return min(
            w.x() for w in bar.findChildren(QWidget) if w.parentWidget() is bar and w.isVisible() and w is not station
        )

    qtbot.waitUntil(lambda: message_room() > bar.fontMetrics().horizontalAdvance(message))  # the whole message
    bar.showMessage("Đã lưu.")  # a short message in its place: the station's line comes back with it
    qtbot.waitUntil(lambda: station.text() == line)
    bar.showMessage(message)
    qtbot.waitUntil(lambda: station.text() == "")
    bar.clearMessage()
    qtbot.waitUntil(lambda: station.text() == line)
    # The window made wider, then narrower, under the same message: the line follows the room there is.
    window.resize(1600, 740)
    qtbot.waitUntil(lambda: window.width() == 1600)
    bar.showMessage(message)
    qtbot.wait(50)
    assert station.text() == line  # room for both
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: station.text() == "")
    window.resize(1600, 740)
    qtbot.waitUntil(lambda: station.text() == line)
