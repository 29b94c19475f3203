"""The dossier window's "Tệp đính kèm" in the whole window as `counter-app` builds it: a scan attached at intake is
listed with its paper; a file taken from the scanner's folder is attached as the paper the officer chooses; the
result's file is offered only once there is a result; a damaged file is said, never opened."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from counter_app.domain.event_kinds import EventRequest
from counter_app.gui import attached_files
from counter_app.services.intake import IntakeRequest, ScanInput
from tests.conftest import CERT_CODE
from tests.test_files import _pdf, _png

pytestmark = pytest.mark.gui


# The whole window as `counter-app` builds it, with no printer, and opening a dossier in it: as the reprint tests.
from tests.test_gui_reprint import open_dossier, whole  # noqa: E402,F401,F811 (a fixture and a helper)


def lines(dialog) -> list[str]:
    return [dialog.attached.list.item(i).text() for i in range(dialog.attached.list.count())]


def test_files_in_the_dossier_window(
    qtbot,
    whole,  # noqa: F811 (the fixture)
    worker,
    services,
    clock,
    tmp_path,
    monkeypatch,
):
    scan = _pdf(tmp_path / "don-de-nghi.pdf")
    code = services.intake.intake(
        IntakeRequest(procedure_code=CERT_CODE, applicant_name="Lê Thị Hoa", scans=(ScanInput(str(scan), "1"),))
    ).code
    first_paper = services.dossiers.detail(code).documents[0]["name"]
    second_paper = services.dossiers.detail(code).documents[1]["name"]
    dialog = open_dossier(qtbot, whole, worker, code)
    assert lines(dialog)[0].startswith(f"Bản quét thành phần hồ sơ — {first_paper}: don-de-nghi.pdf")
    assert "đã số hoá" in dialog.attached.title()
    assert attached_files.RESULT_FILE not in dialog.attached.choices()  # no result yet

    # The scanner wrote a photo into its folder: "Lấy tệp mới từ máy quét" (Alt+Q), the officer picks the paper.
    folder = tmp_path / "may-quet"
    folder.mkdir()
    services.settings.set("files.scan_folder", str(folder))
    (folder / "ghi-chu.txt").write_text("không phải ảnh", encoding="utf-8")
    time.sleep(0.01)
    _png(folder / "IMG_0001.png")
    asked: list[str] = []

    def choose(path):
        asked.append(path.name)
        return dialog.attached.meaning(f"Bản quét: {second_paper}")

    monkeypatch.setattr(dialog.attached, "ask_meaning", choose)
    QTest.keyClick(dialog, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(lines(dialog)) == 2, timeout=10_000)
    assert asked == ["IMG_0001.png"]
    assert lines(dialog)[1].startswith(f"Bản quét thành phần hồ sơ — {second_paper}: IMG_0001.png")
    assert "Đã đính kèm IMG_0001.png" in dialog.message.text()

    # Once there is a result, its file may be attached; the title says the dossier has an e-result.
    clock.moment += timedelta(hours=2)
    services.lifecycle.record(EventRequest.of(code, "resolved", result="Chứng chỉ số 7/CC"))
    dialog.load(code)
    qtbot.waitUntil(lambda: attached_files.RESULT_FILE in dialog.attached.choices(), timeout=10_000)
    clock.moment += timedelta(minutes=5)
    dialog.attach_file(_pdf(tmp_path / "chung-chi.pdf", "Chung chi"), "result", None)
    qtbot.waitUntil(lambda: "có kết quả điện tử" in dialog.attached.title(), timeout=10_000)

    # A damaged file is refused with a message, never handed to the viewer.
    opened: list[str] = []
    monkeypatch.setattr(attached_files, "open_with_viewer", lambda path: opened.append(path.name) or True)
    monkeypatch.setattr("counter_app.gui.dossier_detail.open_with_viewer", attached_files.open_with_viewer)
    dialog.attached.list.setCurrentRow(0)
    QTest.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: opened == [f"{dialog.attached.files[0].sha256}.pdf"], timeout=10_000)
    stored = services.files.open_checked(dialog.attached.files[0].sha256)
    stored.write_bytes(stored.read_bytes()[:-10])
    QTest.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "đã bị thay đổi hoặc hỏng" in dialog.message.text(), timeout=10_000)
    assert len(opened) == 1
    if os.environ.get("COUNTER_APP_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["COUNTER_APP_SHOTS"], "dossier-files.png"))
