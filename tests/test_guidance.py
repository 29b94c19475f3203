"""Form 02 for a walk-in (issue 10): the citizen lacks mandatory papers, no dossier is received; the officer prints
a phiếu hướng dẫn naming the procedure, the applicant and what is missing — recorded, counted as "hướng dẫn" for
the supervisor, from the CLI (`counter-app guidance`) and the services alike."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from counter_app.cli import main
from counter_app.domain.validation import ValidationError
from counter_app.services.guidance import GuidanceRequest
from tests.conftest import CERT_CODE, MINI_CATALOGUE


def _text(path: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext is not on PATH (Debian: poppler-utils)")
    out = subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True)
    return " ".join(out.stdout.decode("utf-8").split())


def test_a_guidance_slip_is_recorded_printed_and_counted(services, tmp_path):
    record = services.guidance.issue(
        GuidanceRequest(procedure_code=CERT_CODE, applicant_name="Trần Văn Bình", missing=("2",), phone="0912345678")
    )
    assert [d.name for d in record.missing] == ["Bản sao văn bằng, chứng chỉ đào tạo"]
    assert record.issued_at.date() == date(2026, 11, 25)
    pdf = tmp_path / "02.pdf"
    pdf.write_bytes(services.guidance.pdf(record.id))
    text = _text(pdf)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Trần Văn Bình" in text and "Cấp chứng chỉ nhân viên bức xạ" in text
    assert "Bản sao văn bằng, chứng chỉ đào tạo" in text
    assert "Mã hồ sơ" not in text, "a walk-in has no dossier code"
    assert "BẢN IN LẠI" not in text
    assert services.guidance.record_printed(record.id) == 1
    again = tmp_path / "02-again.pdf"
    again.write_bytes(services.guidance.pdf(record.id))
    assert "BẢN IN LẠI" in _text(again)
    assert services.guidance.count(date(2026, 11, 1), date(2026, 11, 30)) == 1
    assert services.guidance.count(date(2026, 11, 26), date(2026, 11, 30)) == 0
    assert services.guidance.count(date(2026, 11, 1), date(2026, 11, 30), "ATBX") == 1
    assert services.dossiers.received_on(date(2026, 11, 25)) == [], "no dossier was received"
    assert services.reports.dashboard("2026-11-20..2026-11-25").guidance == 1, (
        "the supervisor's dashboard shows the figure"
    )
    assert services.reports.dashboard("2026-11-01..2026-11-24").guidance == 0


def test_bad_requests_are_refused_and_write_nothing(services):
    with pytest.raises(ValidationError) as caught:
        services.guidance.issue(GuidanceRequest(procedure_code=CERT_CODE, applicant_name="", missing=("9",)))
    fields = {e.field for e in caught.value.errors}
    assert fields == {"applicant_name", "documents"}
    assert "từ 1 đến 3" in caught.value.message
    with pytest.raises(ValidationError):
        services.guidance.issue(GuidanceRequest(procedure_code=CERT_CODE, applicant_name="Lê Hà", missing=()))
    assert services.guidance.count(date(2026, 1, 1), date(2026, 12, 31)) == 0


def test_cli_guidance_writes_the_pdf_and_is_counted(data_dir, capsys, tmp_path):
    from counter_app.services.app import open_services

    services = open_services(data_dir, load_demo=False)
    services.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
    services.close()
    out = tmp_path / "huong-dan.pdf"
    argv = ["guidance", "--procedure", CERT_CODE, "--applicant", "Phạm Thu Trang", "--missing", "1"]
    rc = main([*argv, "--missing", "ban sao van bang, chung chi dao tao", "--pdf", str(out)])
    captured = capsys.readouterr()
    assert rc == 0, captured.err
    assert captured.out.strip() == str(out)
    text = _text(out)
    assert "Phạm Thu Trang" in text and "Đơn đề nghị cấp chứng chỉ nhân viên bức xạ theo mẫu" in text
    assert "Bản sao văn bằng" in text
    rc = main([*argv[:-1], "7", "--pdf", str(tmp_path / "x.pdf")])
    captured = capsys.readouterr()
    assert rc == 2 and "Thành phần hồ sơ" in captured.err and len(captured.err.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()
    services = open_services(data_dir, load_demo=False)
    try:
        assert services.guidance.count(date(2026, 1, 1), date(2026, 12, 31)) == 1
    finally:
        services.close()
