"""With no printer installed, every paper is the program's own vector PDF — the same the CLI writes — saved in the
folder the setting `printing.pdf_folder` names (issue 10, item 6): receipts in `giay-tiep-nhan`, slips in `phieu`;
a reprint is saved beside the first print, marked "BẢN IN LẠI", never over it. The window is built as
`counter-app` builds it; the status messages name the file and never say "hồ sơ hồ sơ"."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from counter_app.services.intake import IntakeRequest
from tests.conftest import XRAY_CODE
from tests.test_doubled_words import doubled

pytestmark = pytest.mark.gui


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def images_in(pdf: Path) -> list[str]:
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[2:]


def test_the_setting_is_checked_and_defaults_under_the_data_folder(services, data_dir):
    assert services.settings.pdf_folder() == Path(services.db.path).parent / "ban-in"
    with pytest.raises(ValueError, match="đường dẫn đầy đủ"):
        services.settings.set("printing.pdf_folder", "ban-in")
    services.settings.set("printing.pdf_folder", "D:\\GiayTiepNhan")  # a Windows path is whole too
    assert str(services.settings.pdf_folder()) == "D:\\GiayTiepNhan"


def test_no_printer_writes_the_vector_pdf_into_the_configured_folder(qtbot, services, worker, tmp_path, monkeypatch):
    from counter_app.cli import main
    from counter_app.gui import printing
    from counter_app.gui.app import build_main_window, create_application

    monkeypatch.setattr(printing.QPrinterInfo, "availablePrinterNames", staticmethod(lambda: []))  # no printer
    folder = tmp_path / "ban-in"
    services.settings.set("printing.pdf_folder", str(folder))
    code = services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Nguyễn Thị Hương")).code
    create_application([])
    win = build_main_window(services, worker, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    win.intake_form.set_skip_preview(True)

    win.print_receipt(code)
    first = folder / "giay-tiep-nhan" / f"{code}.pdf"
    qtbot.waitUntil(lambda: str(first) in win.statusBar().currentMessage(), timeout=15_000)
    assert first.read_bytes().startswith(b"%PDF") and images_in(first) == [], "vector, never rasterised"
    assert "BẢN IN LẠI" not in text_of(first)
    win.print_receipt(code)  # again: a reprint, beside the first file
    again = folder / "giay-tiep-nhan" / f"{code}-2.pdf"
    qtbot.waitUntil(lambda: str(again) in win.statusBar().currentMessage(), timeout=15_000)
    assert "BẢN IN LẠI" in text_of(again) and first.exists()
    # The same PDF as the CLI writes for the same (third) print.
    assert main(["receipt", code, "--pdf", str(tmp_path / "cli.pdf")]) == 0
    assert text_of(tmp_path / "cli.pdf") == text_of(again)

    # A slip through the dossier window's printing: into `phieu`, and the message says the paper and code once.
    messages: list[str] = []
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    win.tracking.controller.slips.print_slip(code, "control", lambda printed, text: messages.append(text))
    qtbot.waitUntil(lambda: bool(messages), timeout=15_000)
    slip = folder / "phieu" / f"{code}-control.pdf"
    assert messages == [f"Đã in phiếu kiểm soát quá trình giải quyết hồ sơ {code} ra tệp {slip}."]
    assert doubled(messages[0]) == [] and images_in(slip) == []
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    win.tracking.scanner.uninstall()


def test_a_reused_dossier_window_forgets_the_last_dossiers_message(qtbot, services, worker, tmp_path):
    from counter_app.gui.app import build_main_window, create_application

    first, second = (
        services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name=name)).code
        for name in ("Lê Văn Tám", "Trần Văn Bình")
    )
    create_application([])
    win = build_main_window(services, worker, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    controller = win.tracking.controller
    controller.open_code(first)
    qtbot.waitUntil(lambda: controller.detail_dialog is not None and controller.detail_dialog.code == first)
    dialog = controller.detail_dialog
    dialog.message.setText(f"Đã ghi nhận chuyển giải quyết hồ sơ {first}.")  # what a recorded event leaves
    dialog.message.setVisible(True)
    controller.open_code(first)  # the same dossier again: its message stays
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    assert dialog.message.isVisibleTo(dialog)
    controller.open_code(second)
    qtbot.waitUntil(lambda: dialog.code == second)
    assert controller.detail_dialog is dialog and dialog.message.isHidden() and dialog.message.text() == ""
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    win.tracking.scanner.uninstall()
