"""Print and reprint like an office does (issue 10, item 6), in the whole window as `counter-app` builds it, with no
printer installed: the dossier window lists every paper of the dossier with its prints; "In lại" prints the chosen
one from the committed record marked "BẢN IN LẠI" (read back with pdftotext), records who/when/what and counts
it; "Xem trước khi in" shows any slip first and is remembered; with no printer the file is the same vector PDF as
the CLI's, in the folder `printing.pdf_folder` names; a reused dossier window forgets the last dossier's message;
the CLI lists and reprints too."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.events import EventKind
from counter_app.services.intake import IntakeRequest
from tests.conftest import XRAY_CODE
from tests.test_doubled_words import doubled

pytestmark = pytest.mark.gui
SHOTS = os.environ.get("COUNTER_APP_SHOTS")  # a folder: screenshots of the windows, to look at


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=OFFICE_TZ)


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def images_in(pdf: Path) -> list[str]:
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[2:]


@pytest.fixture
def office(services, clock, tmp_path):
    """A dossier received 20/11 whose receipt was printed, then asked twice for supplements (two forms 02)."""
    folder = tmp_path / "ban-in"
    services.settings.set("printing.pdf_folder", str(folder))
    clock.moment = at(20, 9)
    code = services.intake.intake(
        IntakeRequest(
            procedure_code=XRAY_CODE,
            applicant_name="Nguyễn Thị Hương",
            id_number="001190012345",
            birth_date="15/03/1990",
            sex="Nữ",
            id_issued_on="10/05/2021",
        )
    ).code
    services.slips.record_printed(code, "receipt")
    clock.moment = at(20, 10)
    services.lifecycle.record(
        EventRequest.of(code, EventKind.SUPPLEMENT_REQUESTED, missing=["1"], reason="Thiếu chữ ký")
    )
    clock.moment = at(23, 9)
    services.lifecycle.record(EventRequest.of(code, EventKind.SUPPLEMENT_RECEIVED))
    clock.moment = at(23, 10)
    services.lifecycle.record(
        EventRequest.of(
            code, EventKind.SUPPLEMENT_REQUESTED, missing=["1"], reason="Bản sao chưa chứng thực", confirm_second=True
        )
    )
    other = services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Trần Văn Bình")).code
    clock.moment = at(25, 10)
    return {"code": code, "other": other, "folder": folder}


@pytest.fixture
def whole(qtbot, services, worker, tmp_path, monkeypatch):
    from counter_app.gui import printing
    from counter_app.gui.app import build_main_window, create_application

    monkeypatch.setattr(printing.QPrinterInfo, "availablePrinterNames", staticmethod(lambda: []))  # no printer
    create_application([])
    win = build_main_window(services, worker, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1366, 740)
    win.show()
    qtbot.waitExposed(win)
    yield win
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    win.tracking.scanner.uninstall()


def open_dossier(qtbot, whole, worker, code: str):
    controller = whole.tracking.controller
    controller.open_code(code)
    qtbot.waitUntil(lambda: controller.detail_dialog is not None and controller.detail_dialog.code == code)
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    return controller.detail_dialog


def lines(dialog) -> list[str]:
    return [dialog.papers.list.item(i).text() for i in range(dialog.papers.list.count())]


def wait_message(qtbot, dialog, fragment: str) -> str:
    qtbot.waitUntil(lambda: fragment in dialog.message.text(), timeout=15_000)
    return dialog.message.text()


def test_reprint_any_paper_from_the_dossier_window(qtbot, whole, worker, services, office, tmp_path, capsys):
    code, folder = office["code"], office["folder"]
    dialog = open_dossier(qtbot, whole, worker, code)
    shown = lines(dialog)
    assert [line.split(" · ")[0] for line in shown] == [
        "Giấy tiếp nhận (mẫu 01)",
        "Phiếu yêu cầu bổ sung (mẫu 02) — lần 1, ngày 20/11/2026",
        "Phiếu yêu cầu bổ sung (mẫu 02) — lần 2, ngày 23/11/2026",
        "Phiếu kiểm soát (mẫu 06)",
    ]
    assert "in 1 lần, lần cuối 09:00 20/11/2026" in shown[0] and shown[1].endswith("chưa in")
    # The facts the CCCD carries, the date of birth masked to its year.
    assert dialog.fact_values["personal"].text() == "sinh ••/••/1990, Nữ"
    assert dialog.fact_values["issued"].text() == "10/05/2021"

    # The receipt again, straight to "the printer": no printer here, so the vector PDF in the configured folder.
    assert dialog.papers.current.form == "receipt"
    QTest.keyClick(dialog, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    message = wait_message(qtbot, dialog, "Đã in")
    receipt = folder / "giay-tiep-nhan" / f"{code}-receipt.pdf"
    assert f"Đã in giấy tiếp nhận hồ sơ {code} (bản in lại) ra tệp {receipt}." == message
    assert doubled(message) == []
    assert "BẢN IN LẠI" in text_of(receipt) and images_in(receipt) == [], "vector, with the reprint mark"
    qtbot.waitUntil(lambda: "in 2 lần (1 bản in lại)" in lines(dialog)[0])
    printed = [e for e in services.dossiers.detail(code).timeline if e.kind == EventKind.SLIP_PRINTED]
    assert [(e.payload["form"], e.payload["reprint"], e.officer) for e in printed][-1] == (
        "receipt",
        True,
        services.settings.station().officer_name,
    )
    # The same PDF as the CLI's reprint (both are the program's own vector file, marked as a reprint).
    from counter_app.cli import main

    assert main(["receipt", code, "--pdf", str(tmp_path / "cli.pdf")]) == 0
    assert text_of(tmp_path / "cli.pdf") == text_of(receipt)
    assert receipt.read_bytes()[:8] == (tmp_path / "cli.pdf").read_bytes()[:8] == b"%PDF-1.4"

    # Round 1 of form 02, with the preview on: shown first, Enter prints it.
    dialog.papers.preview.setChecked(True)
    assert whole.preferences.value("slips/preview", type=bool) is True  # remembered for the next start
    dialog.papers.list.setCurrentRow(1)
    dialog.papers.reprint_button.click()
    slips = whole.tracking.controller.slips
    qtbot.waitUntil(lambda: slips.preview_dialog is not None and slips.preview_dialog.isVisible(), timeout=15_000)
    preview = slips.preview_dialog
    assert preview.windowTitle() == f"Xem trước phiếu yêu cầu bổ sung, hoàn thiện hồ sơ {code}"
    if SHOTS:
        preview.grab().save(str(Path(SHOTS) / "slip-preview.png"))
    QTest.keyClick(preview.print_button, Qt.Key.Key_Return)
    wait_message(qtbot, dialog, "Đã in phiếu yêu cầu bổ sung")
    first = folder / "phieu" / f"{code}-supplement.pdf"
    text = text_of(first)
    assert "BẢN IN LẠI" not in text and "Thiếu chữ ký" in text and "chưa chứng thực" not in text, "round 1 as it was"

    # Round 1 again: a reprint, beside the first file, never over it.
    dialog.papers.list.setCurrentRow(1)
    dialog.papers.reprint_button.click()
    qtbot.waitUntil(lambda: slips.preview_dialog is not None and slips.preview_dialog.isVisible(), timeout=15_000)
    slips.preview_dialog.print_and_close()
    message = wait_message(qtbot, dialog, "(bản in lại)")
    again = folder / "phieu" / f"{code}-supplement-2.pdf"
    assert str(again) in message and first.exists()
    text = text_of(again)
    assert "BẢN IN LẠI" in text and "Lần in thứ 2" in text and "Thiếu chữ ký" in text
    qtbot.waitUntil(lambda: "in 2 lần (1 bản in lại)" in lines(dialog)[1])
    assert lines(dialog)[2].endswith("chưa in"), "round 2 is another paper"
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "dossier-window-reprint.png"))
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(again), f"{SHOTS}/reprint"], check=True
        )

    # Closing the preview prints nothing and records nothing.
    before = len(services.dossiers.detail(code).timeline)
    dialog.papers.list.setCurrentRow(3)
    dialog.papers.reprint_button.click()
    qtbot.waitUntil(lambda: slips.preview_dialog is not None and slips.preview_dialog.isVisible(), timeout=15_000)
    slips.preview_dialog.reject()
    wait_message(qtbot, dialog, "đã đóng cửa sổ xem trước")
    assert len(services.dossiers.detail(code).timeline) == before

    # The reused window shows another dossier without this one's message.
    dialog = open_dossier(qtbot, whole, worker, office["other"])
    assert dialog.message.isHidden() and dialog.message.text() == ""
    assert whole.tracking.controller.detail_dialog is dialog


def test_the_cli_lists_and_reprints_any_paper(services, office, data_dir, capsys, tmp_path):
    from counter_app.cli import main

    code = office["code"]
    assert main(["slip", code, "--list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("receipt      1  Giấy tiếp nhận (mẫu 01) · in 1 lần, lần cuối 09:00 20/11/2026")
    assert out[1].startswith("supplement   1  Phiếu yêu cầu bổ sung (mẫu 02) — lần 1, ngày 20/11/2026 · chưa in")
    target = tmp_path / "lan-1.pdf"
    assert main(["slip", code, "supplement", "--number", "1", "--pdf", str(target)]) == 0
    assert "Thiếu chữ ký" in text_of(target) and "BẢN IN LẠI" not in text_of(target)
    assert main(["slip", code, "supplement", "--number", "1", "--pdf", str(target)]) == 0
    assert "BẢN IN LẠI" in text_of(target)
    capsys.readouterr()
    assert main(["slip", code, "--list", "--json"]) == 0
    import json

    papers = json.loads(capsys.readouterr().out)
    round_one = next(p for p in papers if p["form"] == "supplement" and p["number"] == 1)
    assert [p["reprint"] for p in round_one["prints"]] == [False, True]
    assert main(["slip", code, "supplement", "--number", "3", "--pdf", str(target)]) == 3
    assert "có 2 giấy «supplement»" in capsys.readouterr().err
    assert main(["slip", code]) == 2
