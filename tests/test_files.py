"""Digitised papers and e-results (issue 13 item 5): scans attached at intake and later, the result's file, kept by
content hash beside the store, checked on read, in the backups, bad files refused with a message."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from counter_app.cli import main
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.files import FileProblem
from counter_app.domain.lifecycle import TransitionError
from counter_app.domain.validation import ValidationError
from counter_app.services.backup import BackupService, restore_copy
from counter_app.services.intake import IntakeRequest, ScanInput
from counter_app.store.files import FileStore
from tests.conftest import CERT_CODE, XRAY_CODE


def _pdf(path: Path, text: str = "Đơn đề nghị cấp chứng chỉ") -> Path:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text.encode("ascii", "ignore").decode())
    page.showPage()
    page.save()
    path.write_bytes(buffer.getvalue())
    return path


def _png(path: Path) -> Path:
    from PySide6.QtGui import QColor, QImage

    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    assert image.save(str(path), "PNG")
    return path


def _events(services) -> int:
    conn = sqlite3.connect(services.db.path)
    try:
        return conn.execute("SELECT count(*) FROM dossier_events").fetchone()[0]
    finally:
        conn.close()


def test_scan_at_intake_is_kept_by_hash_checked_and_makes_the_dossier_digitised(services, tmp_path):
    scan = _pdf(tmp_path / "don.pdf")
    result = services.intake.intake(
        IntakeRequest(procedure_code=CERT_CODE, applicant_name="Lê Thị Hoa", scans=(ScanInput(str(scan), "1"),))
    )
    detail = services.dossiers.detail(result.code)
    assert detail.scans == 1 and not detail.e_result
    (attached,) = detail.files
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    assert attached.sha256 == digest and attached.role == "component" and attached.filename == "don.pdf"
    assert attached.document == detail.documents[0]["name"]  # "1": the first paper received, by its name
    stored = services.files.open_checked(digest)
    assert stored.read_bytes() == scan.read_bytes() and stored.parent.parent == services.db.path.parent / "files"
    assert detail.to_json()["files"][0]["sha256"] == digest


def test_same_bytes_are_stored_once(services, tmp_path):
    scan = _pdf(tmp_path / "a.pdf")
    copy = tmp_path / "b.pdf"
    copy.write_bytes(scan.read_bytes())
    one = services.intake.intake(
        IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Lê Văn Nam", scans=(ScanInput(str(scan)),))
    )
    two = services.intake.intake(
        IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Lê Văn Bắc", scans=(ScanInput(str(copy)),))
    )
    assert services.files.store.count() == 1
    assert services.dossiers.detail(one.code).files[0].sha256 == services.dossiers.detail(two.code).files[0].sha256


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"Day la van ban, khong phai PDF", "không phải PDF, ảnh JPEG, ảnh PNG"),
        (b"", "Tệp rỗng"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(services, tmp_path, content, expected):
    bad = tmp_path / "scan.pdf"  # the name says PDF; the content decides
    bad.write_bytes(content)
    before = _events(services)
    with pytest.raises(ValidationError) as info:
        services.intake.intake(
            IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Lê Văn Nam", scans=(ScanInput(str(bad)),))
        )
    assert expected in str(info.value.errors[0].message)
    assert _events(services) == before
    assert services.files.store.count() == 0


def test_size_limit_from_settings(services, tmp_path):
    services.settings.set("files.max_mb", "1")
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    code = services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Lê Văn Nam")).code
    with pytest.raises(FileProblem, match="quá giới hạn 1 MB"):
        services.files.attach(code, big)
    assert services.dossiers.detail(code).files == ()


def test_missing_scan_file_is_a_clear_error(services, tmp_path):
    with pytest.raises(ValidationError) as info:
        services.intake.intake(
            IntakeRequest(
                procedure_code=XRAY_CODE,
                applicant_name="Lê Văn Nam",
                scans=(ScanInput(str(tmp_path / "khong-co.pdf")),),
            )
        )
    assert "Không tìm thấy tệp" in info.value.errors[0].message


def test_result_file_only_once_there_is_a_result(services, tmp_path, clock):
    result_file = _png(tmp_path / "ket-qua.png")
    code = services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Lê Văn Nam")).code
    with pytest.raises((ValidationError, TransitionError), match="đã có kết quả"):
        services.files.attach(code, result_file, role="result")
    assert not services.dossiers.detail(code).e_result
    clock.moment += timedelta(hours=1)
    services.lifecycle.record(EventRequest.of(code, "resolved", result="Giấy phép số 5/GP"))
    clock.moment += timedelta(minutes=5)
    outcome = services.files.attach(code, result_file, role="result")
    detail = services.dossiers.detail(code)
    assert detail.e_result and detail.scans == 0
    assert outcome.file.media_type == "image/png"
    assert [f.role for f in detail.files] == ["result"]


def test_a_damaged_file_is_detected_on_read_and_by_verify(services, tmp_path, capsys):
    scan = _pdf(tmp_path / "don.pdf")
    code = services.intake.intake(
        IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Lê Văn Nam", scans=(ScanInput(str(scan)),))
    ).code
    sha = services.dossiers.detail(code).files[0].sha256
    stored = services.files.open_checked(sha)
    data = bytearray(stored.read_bytes())
    data[-20] ^= 0xFF
    stored.write_bytes(bytes(data))
    with pytest.raises(FileProblem, match="đã bị thay đổi hoặc hỏng"):
        services.files.open_checked(sha)
    assert [d.sha256 for d in services.files.verify()] == [sha]
    capsys.readouterr()
    assert main(["files", "--verify"]) == 1
    assert sha in capsys.readouterr().err


def test_scans_are_in_the_backup_and_come_back_with_a_restore(services, data_dir, tmp_path):
    scan = _pdf(tmp_path / "don.pdf")
    code = services.intake.intake(
        IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Lê Văn Nam", scans=(ScanInput(str(scan)),))
    ).code
    sha = services.dossiers.detail(code).files[0].sha256
    backup = BackupService(services.db).backup_now()
    in_backup = FileStore(backup.path.parent / "files")
    assert in_backup.checked_path(sha).read_bytes() == scan.read_bytes()
    # A second copy does not copy the file again (the backup folder keeps each file once).
    assert FileStore.beside(services.db.path).mirror_to(backup.path.parent / "files") == 0

    # The PC's files folder is lost; restoring the copy brings the scan back.
    services.close()
    for path in (data_dir / "files").rglob("*.pdf"):
        path.unlink()
    restore_copy(data_dir, backup.path)
    assert FileStore(data_dir / "files").checked_path(sha).read_bytes() == scan.read_bytes()


def test_cli_intake_scan_attach_and_list(services, data_dir, tmp_path, capsys, clock):
    scan = _pdf(tmp_path / "to-khai.pdf")
    photo = _png(tmp_path / "anh.png")
    services.close()
    assert main(["intake", "--procedure", CERT_CODE, "--applicant", "Phạm Văn Đồng", "--scan", f"1={scan}"]) == 0
    code = capsys.readouterr().out.strip()
    assert main(["attach", code, str(photo), "--document", "Ảnh chân dung 3x4"]) == 0
    assert "Đã đính kèm anh.png" in capsys.readouterr().out
    assert main(["files", code, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [f["filename"] for f in listed] == ["to-khai.pdf", "anh.png"]
    assert all(f["here"] for f in listed) and listed[1]["document"] == "Ảnh chân dung 3x4"
    assert main(["show", code, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["scans"] == 2
    # Bad input: one Vietnamese line, exit 2, nothing attached.
    text = tmp_path / "ghi-chu.txt"
    text.write_text("không phải ảnh", encoding="utf-8")
    assert main(["attach", code, str(text)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "không phải PDF" in err
    assert main(["attach", code, str(photo), "--result"]) == 2  # no result yet
    assert "khi hồ sơ đã có kết quả" in capsys.readouterr().err
    assert main(["files", "--verify"]) == 0
    assert "2 tệp đính kèm" in capsys.readouterr().out
    out = tmp_path / "ban-sao.png"
    assert main(["files", code, "--open", listed[1]["sha256"], "-o", str(out)]) == 0
    assert out.read_bytes() == photo.read_bytes()
    capsys.readouterr()
    assert main(["audit", "show", "--json"]) == 0
    opened = [e for e in json.loads(capsys.readouterr().out) if e["action"] == "file.open"]
    assert [(e["target"], e["detail"]["sha256"]) for e in opened] == [(code, listed[1]["sha256"])]
