"""Collecting a fee from the dossier window, keys only, as `counter-app` builds the window, with no printer: Alt+U
opens «Thu phí», amount and payer typed (the payer pre-filled), the method chosen, Ctrl+Enter records it and the
receipt (both copies, amount in words) is written as the vector PDF in the configured folder; the timeline shows
the entry. An officer's Alt+O (refund) is refused with the role it needs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit

from counter_app.domain.events import EventKind
from counter_app.services.intake import IntakeRequest
from tests.conftest import XRAY_CODE
from tests.test_gui_reprint import open_dossier

pytestmark = pytest.mark.gui
SHOTS = os.environ.get("COUNTER_APP_SHOTS")  # a folder: screenshots of the windows, to look at


@pytest.fixture
def whole(qtbot, services, worker, tmp_path, monkeypatch):
    from counter_app.gui import printing
    from counter_app.gui.app import build_main_window, create_application

    monkeypatch.setattr(printing.QPrinterInfo, "availablePrinterNames", staticmethod(lambda: []))  # no printer
    services.settings.set("printing.pdf_folder", str(tmp_path / "ban-in"))
    create_application([])
    win = build_main_window(services, worker, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1366, 740)
    win.show()
    qtbot.waitExposed(win)
    yield win
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    win.tracking.scanner.uninstall()


def test_collect_a_fee_with_the_keyboard_and_the_receipt_is_printed(qtbot, whole, worker, services, tmp_path):
    code = services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Nguyễn Thị Hương")).code
    dialog = open_dossier(qtbot, whole, worker, code)
    assert dialog.action_buttons[EventKind.FEE_COLLECTED].text() == "Th&u phí…"
    QTest.keyClick(dialog, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.event_dialog is not None and dialog.event_dialog.isVisible())
    event_dialog = dialog.event_dialog
    amount, method, payer = (event_dialog.inputs[n] for n in ("amount", "payment_method", "payer"))
    assert isinstance(amount, QLineEdit) and isinstance(method, QComboBox)
    assert payer.text() == "Nguyễn Thị Hương" and method.currentText() == "Tiền mặt"
    qtbot.waitUntil(amount.hasFocus)  # the first input has the keys
    QTest.keyClicks(amount, "1.250.000")
    QTest.keyClick(event_dialog, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert method.hasFocus()
    QTest.keyClick(method, Qt.Key.Key_Down)
    assert method.currentData() == "transfer"
    if SHOTS:
        event_dialog.grab().save(str(Path(SHOTS) / "fee-dialog.png"))
    QTest.keyClick(event_dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Đã in biên lai thu phí" in dialog.message.text(), timeout=20_000)
    receipt = tmp_path / "ban-in" / "phieu" / f"{code}-fee_receipt.pdf"
    assert str(receipt) in dialog.message.text() and "BL-26 số 1000001" in dialog.message.text()
    text = " ".join(
        subprocess.run(["pdftotext", str(receipt), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert text.count("Một triệu hai trăm năm mươi nghìn đồng") == 2 and "Chuyển khoản" in text
    detail = services.dossiers.detail(code)
    (entry,) = [e for e in detail.timeline if e.kind == EventKind.FEE_COLLECTED]
    assert entry.payload["amount"] == 1250000 and entry.payload["method"] == "transfer"
    qtbot.waitUntil(lambda: dialog.timeline.rowCount() == len(detail.timeline))
    row = dialog.timeline.rowCount() - 1
    assert dialog.timeline.item(row, 1).text() == "Thu phí, lệ phí"
    assert "BL-26 số 1000001; 1.250.000 đồng; chuyển khoản" in dialog.timeline.item(row, 2).text()
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "fee-dossier.png"))


def test_a_bad_amount_is_said_beside_the_field_and_nothing_is_written(qtbot, whole, worker, services):
    code = services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Trần Văn Bình")).code
    dialog = open_dossier(qtbot, whole, worker, code)
    dialog.start(EventKind.FEE_COLLECTED)
    qtbot.waitUntil(lambda: dialog.event_dialog is not None and dialog.event_dialog.isVisible())
    event_dialog = dialog.event_dialog
    qtbot.waitUntil(event_dialog.inputs["amount"].hasFocus)
    event_dialog.inputs["amount"].setText("200k")  # (typed this fast, the scanner wedge would take it for a scan)
    event_dialog.record()
    qtbot.waitUntil(lambda: event_dialog.errors["amount"].isVisible(), timeout=10_000)
    assert event_dialog.errors["amount"].text().startswith("Số tiền: '200k' không phải số tiền")
    assert not [e for e in services.dossiers.detail(code).timeline if e.kind == EventKind.FEE_COLLECTED]
    event_dialog.reject()
