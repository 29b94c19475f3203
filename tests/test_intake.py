"""Intake service: validation writes nothing, codes are allocated per counter block, due dates skip days off."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.validation import ValidationError
from counter_app.services.intake import DocumentInput, IntakeRequest
from counter_app.store.models import CodeSequence, Dossier, DossierEventRow
from tests.conftest import CERT_CODE, XRAY_CODE


def _counts(services) -> tuple[int, int, int]:
    with services.db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Dossier)),
            s.scalar(select(func.count()).select_from(DossierEventRow)),
            s.scalar(select(func.count()).select_from(CodeSequence)),
        )


def test_intake_commits_dossier_event_and_code(services):
    result = services.intake.intake(
        IntakeRequest(procedure_code=CERT_CODE, applicant_name="  Nguyễn   Thị Hương ", phone="0912 345 678")
    )
    assert result.code == "H61.22-261125-1001"
    assert result.applicant_name == "Nguyễn Thị Hương"
    detail = services.dossiers.detail(result.code)
    assert detail.phone == "0912345678"
    assert detail.status == "received"
    assert [e.kind.value for e in detail.timeline] == ["received"]
    event = detail.timeline[0]
    assert event.station_seq == 1
    assert event.occurred_at.utcoffset().total_seconds() == 7 * 3600
    assert _counts(services) == (1, 1, 1)


def test_codes_follow_the_counter_block(services):
    codes = [
        services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name=f"Người nộp {chr(65 + i)}")).code
        for i in range(3)
    ]
    assert codes == ["H61.22-261125-1001", "H61.22-261125-1002", "H61.22-261125-1003"]
    services.settings.set("station.counter", "3")
    assert services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Trần Văn Bình")).code == (
        "H61.22-261125-3001"
    )


def test_nfd_input_is_stored_nfc(services):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Đặng Thị Ánh")
    result = services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name=nfd))
    stored = services.dossiers.detail(result.code).applicant_name
    assert stored == unicodedata.normalize("NFC", "Đặng Thị Ánh")
    assert unicodedata.is_normalized("NFC", stored)


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"applicant_name": "   "}, "applicant_name", "không được để trống"),
        ({"applicant_name": "Nguyễn Văn 3"}, "applicant_name", "chữ số"),
        ({"applicant_name": "A" * 151}, "applicant_name", "150"),
        ({"id_number": "12345678901"}, "id_number", "12 chữ số"),
        ({"id_number": "0012030045678"}, "id_number", "12 chữ số"),
        ({"id_number": "00120300456a"}, "id_number", "12 chữ số"),
        ({"phone": "0123456789"}, "phone", "định dạng"),
        ({"phone": "091234567"}, "phone", "định dạng"),
        ({"phone": "09x2345678"}, "phone", "chữ số"),
        ({"email": "huong@"}, "email", "định dạng"),
        ({"channel": "fax"}, "channel", "direct"),
        ({"copies": 0}, "copies", "từ 1"),
        ({"procedure_code": "9.999999"}, "procedure_code", "không có thủ tục"),
        ({"procedure_code": "1.000003.000.00.00.H61"}, "procedure_code", "còn hiệu lực"),
        ({"received_at": datetime(2026, 11, 26, 9, 0, tzinfo=OFFICE_TZ)}, "received_at", "hiện tại"),
        ({"documents": (DocumentInput("Ảnh 3x4"),)}, "documents", "còn thiếu giấy tờ bắt buộc"),
    ],
)
def test_invalid_input_names_the_field_and_writes_nothing(services, changes, field, fragment):
    base = {"procedure_code": CERT_CODE, "applicant_name": "Lê Văn An"}
    base.update(changes)
    with pytest.raises(ValidationError) as info:
        services.intake.intake(IntakeRequest(**base))
    error = info.value.for_field(field)
    assert error is not None, info.value.message
    assert fragment in error.message
    assert error.label in info.value.message
    assert _counts(services) == (0, 0, 0)


def test_valid_phone_forms(services):
    for raw, stored in [
        ("+84 912 345 678", "0912345678"),
        ("0243.826.1234", "02438261234"),
        ("0386-123-456", "0386123456"),
    ]:
        code = services.intake.intake(
            IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Phạm Thu", phone=raw)
        ).code
        assert services.dossiers.detail(code).phone == stored


def test_due_date_skips_weekend_and_holiday(services, clock):
    # Friday 24/04/2026, 5 working days: skips the weekend, Hùng Kings' day (Sun 26/04, moved to Mon 27/04),
    # 30/04 and 01/05 and the next weekend.
    clock.moment = datetime(2026, 4, 24, 9, 0, tzinfo=OFFICE_TZ)
    result = services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Hoàng Minh"))
    assert result.due_at.date().isoformat() == "2026-05-06"
    assert result.due_at.hour == 17
    assert any("Giỗ Tổ" in reason for reason in result.due_reasons)


def test_mandatory_documents_only_is_enough(services):
    docs = (
        DocumentInput("Đơn đề nghị cấp chứng chỉ nhân viên bức xạ theo mẫu"),
        DocumentInput("Bản sao văn bằng, chứng chỉ đào tạo", quantity=2),
    )
    result = services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Vũ Hà", documents=docs))
    stored = services.dossiers.detail(result.code).documents
    assert [d["quantity"] for d in stored] == [1, 2]


def test_cli_intake_records_only_the_documents_named(services, data_dir, capsys):
    from counter_app.cli import main

    rc = main(
        [
            "intake",
            "--procedure",
            CERT_CODE,
            "--applicant",
            "Lê Thu",
            "--document",
            "1",
            "--document",
            "ban sao van bang, chung chi dao tao",
        ]
    )
    assert rc == 0, capsys.readouterr().err
    code = capsys.readouterr().out.strip()
    names = [d["name"] for d in services.dossiers.detail(code).documents]
    assert names == ["Đơn đề nghị cấp chứng chỉ nhân viên bức xạ theo mẫu", "Bản sao văn bằng, chứng chỉ đào tạo"]
    # a mandatory paper missing: refused, nothing written
    rc = main(["intake", "--procedure", CERT_CODE, "--applicant", "Lê Thu", "--document", "3"])
    assert rc == 2
    assert "còn thiếu giấy tờ bắt buộc" in capsys.readouterr().err
    rc = main(["intake", "--procedure", CERT_CODE, "--applicant", "Lê Thu", "--document", "9"])
    assert rc == 2 and "đánh số từ 1" in capsys.readouterr().err
