"""The slips after intake (forms 02–06, return slip) and the register, from real histories on a real store:
extracted text holds the right fields in exact Vietnamese, the barcode decodes to the dossier code, a
reprint says so and is recorded per form, a slip that does not apply is refused, the form texts are data."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.events import EventKind
from counter_app.printing.form_texts import FormTextError, load_form_texts
from counter_app.services.intake import IntakeRequest
from counter_app.services.slips import SLIP_FORMS, SlipNotApplicable
from counter_app.store.models import DossierEventRow
from tests.conftest import CERT_CODE, XRAY_CODE

K = EventKind
APPLICANT = "Nguyễn Thị Hương"
DIVISION = "Phòng Quản lý chuyên ngành"
OFFICER = "Trần Văn Minh"
PHONE = "0216 3852 123"


def T(*args: int) -> datetime:
    return datetime(*args, tzinfo=OFFICE_TZ)


# --------------------------------------------------------------------------------------------- tools


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not on PATH (Debian: poppler-utils / zbar-tools)")
    return path


def _text(pdf: bytes, tmp_path: Path, page: int | None = None) -> str:
    """pdftotext of the PDF (one page if asked), white space collapsed so wrapped lines still match."""
    exe = _tool("pdftotext")
    src = tmp_path / "slip.pdf"
    src.write_bytes(pdf)
    args = [exe, "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run([*args, str(src), "-"], check=True, capture_output=True)
    return " ".join(out.stdout.decode("utf-8").split())


def _layout(pdf: bytes, tmp_path: Path) -> list[str]:
    """pdftotext -layout lines: columns stay where they are printed."""
    exe = _tool("pdftotext")
    src = tmp_path / "layout.pdf"
    src.write_bytes(pdf)
    out = subprocess.run([exe, "-layout", "-enc", "UTF-8", str(src), "-"], check=True, capture_output=True)
    return out.stdout.decode("utf-8").splitlines()


def _barcodes(pdf: bytes, tmp_path: Path) -> list[set[str]]:
    """What zbarimg decodes on each page rendered at 300 dpi."""
    pdftoppm, zbarimg = _tool("pdftoppm"), _tool("zbarimg")
    folder = tmp_path / "bars"
    folder.mkdir(exist_ok=True)
    src = folder / "in.pdf"
    src.write_bytes(pdf)
    subprocess.run([pdftoppm, "-r", "300", "-png", str(src), str(folder / "page")], check=True)
    found = []
    for png in sorted(folder.glob("page*.png")):
        out = subprocess.run([zbarimg, "-q", "--raw", str(png)], capture_output=True)  # exit 4: nothing found
        found.append({line for line in out.stdout.decode().splitlines() if line})
    return found


def _pages(pdf: bytes) -> list:
    return list(PdfReader(io.BytesIO(pdf)).pages)


def _assert_has(text: str, *phrases: str) -> None:
    for phrase in phrases:
        assert " ".join(phrase.split()) in text, f"missing: {phrase!r} in {text[:1500]!r}…"


def _event_count(services) -> int:
    with services.db.read() as s:
        return s.scalar(select(func.count()).select_from(DossierEventRow))


# --------------------------------------------------------------------------------------------- histories


@pytest.fixture
def office(services):
    # The office's own names (the defaults are placeholders naming no province).
    services.settings.set_many(
        {
            "agency.phone": PHONE,
            "officer.name": OFFICER,
            "agency.governing_name": "UBND tỉnh Yên Bái",
            "agency.place": "Yên Bái",
        }
    )
    return services


def _intake(services, name: str = APPLICANT, procedure: str = CERT_CODE, at: datetime = T(2026, 11, 2, 9), **kw) -> str:
    request = IntakeRequest(
        procedure_code=procedure,
        applicant_name=name,
        id_number="001190012345",
        phone="0912345678",
        email="huong.nt@example.vn",
        address="Số 12, đường Nguyễn Thái Học, phường Yên Bái",
        received_at=at,
        **kw,
    )
    return services.intake.intake(request).code


def _record(services, code: str, kind: EventKind, **kw):
    return services.lifecycle.record(EventRequest.of(code, kind, **kw))


# --------------------------------------------------------------------------------------------- form 02


def test_supplement_request_lists_exactly_the_missing_documents(office, tmp_path):
    code = _intake(office)
    _record(office, code, K.HANDED_OVER, at=T(2026, 11, 2, 10), to_unit=DIVISION)
    _record(
        office,
        code,
        K.SUPPLEMENT_REQUESTED,
        at=T(2026, 11, 4, 10),
        missing=["2", "Giấy khám sức khỏe"],
        reason="bản sao văn bằng chưa được chứng thực",
    )
    pdf = office.slips.render(code, "supplement")
    text = _text(pdf, tmp_path)
    _assert_has(
        text,
        "UBND TỈNH YÊN BÁI",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: ……/HDHS",
        "Yên Bái, ngày 04 tháng 11 năm 2026",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        f"Mã hồ sơ: {code}",
        f"Bộ phận Tiếp nhận và Trả kết quả tiếp nhận hồ sơ của Ông/Bà: {APPLICANT}",
        "Địa chỉ: Số 12, đường Nguyễn Thái Học, phường Yên Bái",
        "Số điện thoại: 0912345678",
        "Email: huong.nt@example.vn",
        "Nội dung yêu cầu giải quyết: Cấp chứng chỉ nhân viên bức xạ",
        "Yêu cầu Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung như sau:",
        "TT",
        "Thành phần hồ sơ",
        "Số lượng",
        "Bản chính",
        "Bản chứng thực",
        "Bản photo",
        "Bản sao văn bằng, chứng chỉ đào tạo",
        "Giấy khám sức khỏe",
        "Lý do: bản sao văn bằng chưa được chứng thực",
        f"Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với công chức {OFFICER}, "
        f"số điện thoại {PHONE} để được hướng dẫn./.",
        "NGƯỜI HƯỚNG DẪN",
        "(Ký và ghi rõ họ tên)",
    )
    # Exactly the missing ones: the documents that were fine are not asked for again.
    assert "Ảnh 3x4" not in text and "Đơn đề nghị cấp chứng chỉ" not in text
    # The certified copy's quantity sits in its column; the free-text document leaves the quantities blank.
    lines = _layout(pdf, tmp_path)
    head = next(line for line in lines if "Bản chứng" in line)
    row = next(line for line in lines if "Bản sao văn bằng, chứng chỉ đào tạo" in line)
    assert abs(row.index("01") - head.index("Bản chứng")) <= 4, (head, row)
    assert next(line for line in lines if "Giấy khám sức khỏe" in line).split() == ["2", "Giấy", "khám", "sức", "khỏe"]
    assert _barcodes(pdf, tmp_path) == [{code}]
    assert "BẢN IN LẠI" not in text


def test_supplement_request_prints_the_latest_round(office, tmp_path):
    code = _intake(office)
    _record(office, code, K.SUPPLEMENT_REQUESTED, at=T(2026, 11, 3, 9), missing=["2"], reason="chưa chứng thực")
    _record(office, code, K.SUPPLEMENT_RECEIVED, at=T(2026, 11, 5, 9))
    _record(
        office,
        code,
        K.SUPPLEMENT_REQUESTED,
        at=T(2026, 11, 9, 14),
        missing=["3"],
        reason="ảnh không đúng cỡ",
        confirm_second=True,
    )
    text = _text(office.slips.render(code, "supplement", "A5"), tmp_path)
    _assert_has(text, "Ảnh 3x4", "Lý do: ảnh không đúng cỡ", "Yên Bái, ngày 09 tháng 11 năm 2026")
    assert "Bản sao văn bằng" not in text and "chưa chứng thực" not in text


# --------------------------------------------------------------------------------------------- form 03


def test_refusal_slip_carries_the_reason(office, tmp_path):
    code = _intake(office)
    _record(
        office, code, K.REFUSED, at=T(2026, 11, 3, 8, 15), reason="Thủ tục không thuộc thẩm quyền giải quyết của Sở"
    )
    pdf = office.slips.render(code, "refusal")
    text = _text(pdf, tmp_path)
    _assert_has(
        text,
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        f"Mã hồ sơ: {code}",
        "Yên Bái, ngày 03 tháng 11 năm 2026",
        f"tiếp nhận hồ sơ của Ông/Bà: {APPLICANT}",
        "Qua xem xét, Bộ phận Tiếp nhận và Trả kết quả thông báo không tiếp nhận, giải quyết hồ sơ này với lý do "
        "cụ thể như sau:",
        "Thủ tục không thuộc thẩm quyền giải quyết của Sở",
        "Xin thông báo cho Ông/Bà được biết và thực hiện./.",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        OFFICER,
    )
    assert _barcodes(pdf, tmp_path) == [{code}]


def test_refusal_during_handling_is_signed_by_the_head_of_the_deciding_agency(office, tmp_path):
    """At the counter (not yet handed over) the officer signs form 03; once the dossier went to the deciding
    agency, the refusal is that agency's decision and its head signs (forms.json signed_by_during_handling)."""
    code = _intake(office)
    _record(office, code, K.HANDED_OVER, at=T(2026, 11, 2, 10), to_unit="Phòng Quản lý chuyên ngành")
    _record(office, code, K.REFUSED, at=T(2026, 11, 5, 9), reason="Cơ sở không đủ điều kiện an toàn bức xạ")
    text = _text(office.slips.render(code, "refusal"), tmp_path)
    _assert_has(text, "THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên và đóng dấu)")
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" not in text and OFFICER not in text


def test_each_form_names_the_role_that_signs_it():
    forms = load_form_texts()
    roles = {key: forms.form(key).signed_by for key in (*SLIP_FORMS, "register", "receipt")}
    assert roles["receipt"] == roles["supplement"] == roles["refusal"] == roles["control"] == "counter_officer"
    assert roles["return"] == "counter_officer"
    assert roles["apology"] == roles["stop"] == "agency_head" and roles["register"] == "unit_head"
    assert forms.form("refusal").signer(during_handling=True)[0] == "agency_head"
    assert forms.form("refusal").signer(during_handling=False)[0] == "counter_officer"
    assert forms.form("supplement").signer(during_handling=True)[0] == "counter_officer"  # no second block


def test_an_unknown_signer_role_is_refused(tmp_path):
    (tmp_path / "forms.json").write_text(
        json.dumps({"forms": {"refusal": {"signed_by": "director"}}}, ensure_ascii=False), encoding="utf-8"
    )
    with pytest.raises(FormTextError, match="signed_by"):
        load_form_texts(override=tmp_path / "forms.json")


# --------------------------------------------------------------------------------------------- form 04


def test_apology_gives_the_new_date_and_is_signed_by_the_agency(office, tmp_path):
    code = _intake(office)  # 10 working days: due 16/11/2026 17:00
    _record(office, code, K.HANDED_OVER, at=T(2026, 11, 2, 10), to_unit=DIVISION)
    _record(
        office, code, K.EXTENDED, at=T(2026, 11, 13, 9), new_due=date(2026, 11, 27), reason="cần lấy ý kiến chuyên gia"
    )
    pdf = office.slips.render(code, "apology")
    text = _text(pdf, tmp_path)
    _assert_has(
        text,
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Số: ……/PXL",
        "Yên Bái, ngày 13 tháng 11 năm 2026",
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        f"Mã hồ sơ: {code}",
        f"Kính gửi: Ông/Bà {APPLICANT}",
        f"Ngày 02/11/2026, Bộ phận Tiếp nhận và Trả kết quả tiếp nhận hồ sơ của Ông/Bà, mã hồ sơ {code}, về việc: "
        "Cấp chứng chỉ nhân viên bức xạ.",
        "Thời gian hẹn trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 16/11/2026.",
        "Lý do: cần lấy ý kiến chuyên gia",
        "Sở Khoa học và Công nghệ thành thật xin lỗi Ông/Bà",
        "Thời gian hẹn trả kết quả lại: 17 giờ 00 phút, ngày 27/11/2026.",
        "Nơi nhận:",
        "GIÁM ĐỐC",
    )
    # The agency issues it: the header ends with the agency, not the one-stop unit.
    assert "BỘ PHẬN TIẾP NHẬN" not in text
    assert _barcodes(pdf, tmp_path) == [{code}]


def test_apology_for_a_dossier_never_extended_is_refused_and_nothing_is_recorded(office):
    code = _intake(office)
    before = _event_count(office)
    with pytest.raises(SlipNotApplicable) as caught:
        office.slips.render(code, "apology")
    assert str(caught.value).startswith(f"Hồ sơ {code} chưa có văn bản xin lỗi/gia hạn")
    assert "Đã tiếp nhận" in str(caught.value)
    assert _event_count(office) == before


@pytest.mark.parametrize(
    "form, words",
    [
        ("supplement", "chưa có yêu cầu bổ sung"),
        ("refusal", "không bị từ chối"),
        ("stop", "không bị dừng giải quyết"),
        ("return", "chưa trả kết quả"),
    ],
)
def test_slips_that_do_not_apply_say_why(office, form, words):
    code = _intake(office)
    with pytest.raises(SlipNotApplicable) as caught:
        office.slips.render(code, form)
    message = str(caught.value)
    assert message.startswith(f"Hồ sơ {code} ") and words in message and "«Đã tiếp nhận»" in message


# --------------------------------------------------------------------------------------------- stop notice


def test_stop_notice_carries_the_reason_and_the_date(office, tmp_path):
    code = _intake(office)
    _record(office, code, K.STOPPED, at=T(2026, 11, 6, 14, 20), reason="Người nộp hồ sơ đề nghị dừng giải quyết")
    pdf = office.slips.render(code, "stop")
    text = _text(pdf, tmp_path)
    _assert_has(
        text,
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "Số: ……/TB",
        "Yên Bái, ngày 06 tháng 11 năm 2026",
        f"Kính gửi: Ông/Bà {APPLICANT}",
        "Sở Khoa học và Công nghệ thông báo dừng giải quyết hồ sơ nêu trên kể từ ngày 06/11/2026.",
        "Lý do: Người nộp hồ sơ đề nghị dừng giải quyết",
    )
    assert _barcodes(pdf, tmp_path) == [{code}]


# --------------------------------------------------------------------------------------------- control sheet


def test_control_sheet_has_one_row_per_handover_judged_against_the_due_date(office, tmp_path):
    code = _intake(office)  # due 16/11/2026 17:00
    _record(office, code, K.HANDED_OVER, at=T(2026, 11, 2, 10, 5), to_unit=DIVISION, receiver="Lê Văn Nam")
    _record(office, code, K.HANDED_OVER, at=T(2026, 11, 16, 9, 0), to_unit="Phòng Kế hoạch - Tài chính")
    _record(office, code, K.RETURNED_FROM_DIVISION, at=T(2026, 11, 17, 8, 30))
    pdf = office.slips.render(code, "control")
    text = _text(pdf, tmp_path)
    _assert_has(
        text,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        f"Mã hồ sơ: {code}",
        f"Người nộp hồ sơ: {APPLICANT}",
        "Nội dung yêu cầu giải quyết: Cấp chứng chỉ nhân viên bức xạ",
        "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 02/11/2026",
        "Thời gian hẹn trả kết quả: 17 giờ 00 phút, ngày 16/11/2026",
        f"Cơ quan (bộ phận) giải quyết hồ sơ: {DIVISION}",
        "Cơ quan phối hợp giải quyết hồ sơ: Phòng Kế hoạch - Tài chính",
        "TÊN CƠ QUAN",
        "THỜI GIAN GIAO",
        "GHI CHÚ",
        "(Trước hạn/đúng hạn/quá hạn)",
        "1. Giao: Bộ phận Tiếp nhận và Trả kết quả",
        "2. Nhận: Phòng Quản lý chuyên ngành",
        "10 giờ 05 phút, ngày 02/11/2026",
        "09 giờ 00 phút, ngày 16/11/2026",
        "08 giờ 30 phút, ngày 17/11/2026",
        "Người giao",
        "Người nhận",
        "Lê Văn Nam",
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
    )
    # Three rows from the timeline, in order; the dossier is still open, so one row is left to fill by hand.
    assert text.index("10 giờ 05 phút") < text.index("09 giờ 00 phút, ngày 16/11") < text.index("08 giờ 30 phút")
    assert text.index("Trước hạn") < text.index("Đúng hạn") < text.index("Quá hạn", text.index("Đúng hạn"))
    assert text.count("1. Giao:") == 4 and text.count("1. Giao: ……") == 1
    assert len(_pages(pdf)) == 1
    assert {code} in _barcodes(pdf, tmp_path)


# --------------------------------------------------------------------------------------------- return slip


def test_return_slip_says_who_collected_what_when_and_how(office, tmp_path):
    code = _intake(office, procedure=XRAY_CODE)
    _record(office, code, K.RESOLVED, at=T(2026, 11, 6, 15), result="Giấy xác nhận khai báo số 125/XN-SKHCN")
    _record(
        office,
        code,
        K.RESULT_RETURNED,
        at=T(2026, 11, 10, 10, 0),
        receiver="Lê Văn Nam",
        receiver_id="001203004567",
        method="counter",
    )
    pdf = office.slips.render(code, "return")
    text = _text(pdf, tmp_path)
    _assert_has(
        text,
        "PHIẾU TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
        f"Mã hồ sơ: {code}",
        "Yên Bái, ngày 10 tháng 11 năm 2026",
        f"trả kết quả giải quyết hồ sơ của Ông/Bà: {APPLICANT}",
        "Nội dung yêu cầu giải quyết: Khai báo thiết bị X-quang chẩn đoán trong y tế",
        "Kết quả giải quyết: Giấy xác nhận khai báo số 125/XN-SKHCN",
        "Người nhận kết quả: Lê Văn Nam",
        "Số CCCD/định danh cá nhân: 001203004567",
        "Thời gian trả kết quả: 10 giờ 00 phút, ngày 10/11/2026",
        "Hình thức trả kết quả: Trực tiếp tại Bộ phận Một cửa",
        "Kết quả được trả sau thời gian hẹn trả kết quả.",  # due 09/11/2026 17:00
        "NGƯỜI NHẬN KẾT QUẢ",
        "NGƯỜI TRẢ KẾT QUẢ",
        OFFICER,
    )
    # The Code128 barcode, and beside it the signed QR (tests/test_slip_qr.py checks what it says).
    (found,) = _barcodes(pdf, tmp_path)
    assert code in found and len(found) == 2
    assert next(iter(found - {code})).startswith(f"CA1|{code}|")


# --------------------------------------------------------------------------------------------- reprint


def _printed(services, code: str) -> list[dict]:
    return [e.payload for e in services.dossiers.detail(code).timeline if e.kind == K.SLIP_PRINTED]


def test_reprint_is_marked_on_paper_and_recorded_per_form(office, tmp_path):
    code = _intake(office)
    _record(office, code, K.REFUSED, at=T(2026, 11, 3, 8, 15), reason="không thuộc thẩm quyền")
    first = _text(office.slips.render(code, "refusal"), tmp_path)
    assert "BẢN IN LẠI" not in first
    office.slips.record_printed(code, "refusal")
    again = office.slips.render(code, "refusal")
    text = _text(again, tmp_path)
    _assert_has(text, "BẢN IN LẠI", "Lần in thứ 2", "không thuộc thẩm quyền")
    assert _barcodes(again, tmp_path) == [{code}], "the mark does not hide the barcode"
    office.slips.record_printed(code, "refusal")
    assert [(p["form"], p["reprint"]) for p in _printed(office, code)] == [("refusal", False), ("refusal", True)]
    assert "Lần in thứ 3" in _text(office.slips.render(code, "refusal"), tmp_path)

    # Per form: the control sheet and the receipt have not been printed yet.
    assert "BẢN IN LẠI" not in _text(office.slips.render(code, "control"), tmp_path)
    receipt = office.slips.render(code, "receipt")
    assert "BẢN IN LẠI" not in _text(receipt, tmp_path)
    office.slips.record_printed(code, "receipt")
    assert "BẢN IN LẠI" in _text(office.slips.render(code, "receipt"), tmp_path)
    assert _printed(office, code)[-1] == {"form": "receipt", "copies": 1, "reprint": False}


def test_every_slip_form_renders_through_the_service(office):
    """Smoke: a dossier that went the whole way has every slip (the stop notice aside) and each is a PDF."""
    code = _intake(office)
    _record(office, code, K.HANDED_OVER, at=T(2026, 11, 2, 10), to_unit=DIVISION)
    _record(office, code, K.SUPPLEMENT_REQUESTED, at=T(2026, 11, 3, 9), missing=["1"], reason="đơn chưa ký")
    _record(office, code, K.SUPPLEMENT_RECEIVED, at=T(2026, 11, 4, 9))
    _record(office, code, K.EXTENDED, at=T(2026, 11, 12, 9), new_due=date(2026, 11, 26), reason="chờ kiểm định")
    _record(office, code, K.RESOLVED, at=T(2026, 11, 20, 9), result="Chứng chỉ số 12/CC")
    _record(office, code, K.RESULT_RETURNED, at=T(2026, 11, 23, 9), receiver=APPLICANT, receiver_id="001190012345")
    control = office.slips.data(code, "control")
    assert [(r.giver_unit, r.receiver_unit, r.result) for r in control.rows] == [
        ("Bộ phận Tiếp nhận và Trả kết quả", DIVISION, "early")
    ]
    assert control.rows[0].note == (
        "Yêu cầu bổ sung ngày 03/11/2026; nhận bổ sung ngày 04/11/2026; hẹn trả lại ngày 26/11/2026"
    )
    for form in SLIP_FORMS:
        if form in ("refusal", "stop"):
            continue
        assert office.slips.render(code, form).startswith(b"%PDF-")
    with pytest.raises(ValueError, match="Không có mẫu phiếu «bogus»"):
        office.slips.render(code, "bogus")


# --------------------------------------------------------------------------------------------- register


def test_register_spans_landscape_pages_with_the_header_repeated(office, clock, tmp_path):
    family = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
    middle = ("Văn", "Thị", "Đức", "Minh")
    given = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Khánh", "Linh", "Nam", "Oanh", "Phúc", "Quân")
    codes, names = [], []
    start = T(2026, 11, 2, 8, 0)
    for i in range(120):
        day = start + timedelta(days=i // 30)  # 30 dossiers a day over four days (Mon–Thu)
        at = day.replace(hour=8 + (i % 30) // 4, minute=(i % 4) * 15)
        names.append(f"{family[i % 10]} {middle[(i // 10) % 4]} {given[i % 12]}")
        codes.append(_intake(office, name=names[-1], at=at))
    outside = _intake(office, name="Ngoài khoảng", at=T(2026, 11, 9, 9))
    _record(office, codes[0], K.HANDED_OVER, at=T(2026, 11, 2, 10), to_unit=DIVISION)
    _record(office, codes[0], K.RESOLVED, at=T(2026, 11, 20, 9))

    data = office.slips.register_data(date(2026, 11, 2), date(2026, 11, 6))
    assert [r.code for r in data.rows] == sorted(codes)
    first = next(r for r in data.rows if r.code == codes[0])
    assert first.deciding_unit == DIVISION and first.handed_at == T(2026, 11, 2, 10)
    assert "Quá hạn" in first.notes  # resolved after 16/11 17:00

    pdf = office.slips.register_pdf(date(2026, 11, 2), date(2026, 11, 6))
    pages = _pages(pdf)
    assert len(pages) >= 3
    for page in pages:
        box = page.mediabox
        assert float(box.width) > float(box.height), "A4 landscape"
    total = len(pages)
    for n in range(1, total + 1):
        text = _text(pdf, tmp_path, page=n)
        _assert_has(
            text,
            "Mã hồ sơ",
            "Tên thủ tục hành chính",
            "Địa chỉ, số điện thoại",
            "Ngày, tháng, năm",
            "Nhận hồ sơ",
            "Ký nhận",
            "Ghi chú",
            "(1)",
            "(14)",
            f"Trang {n}/{total}",
        )
    text = _text(pdf, tmp_path)
    _assert_has(
        text,
        "SỔ THEO DÕI HỒ SƠ",
        "Từ ngày 02/11/2026 đến ngày 06/11/2026",
        codes[0],
        codes[-1],
        names[0],
        names[-1],
    )
    assert outside not in text and "Ngoài khoảng" not in text
    # Ordered by code: the first page holds the smallest codes.
    assert sorted(codes)[0] in _text(pdf, tmp_path, page=1)
    assert sorted(codes)[-1] in _text(pdf, tmp_path, page=total)


def test_register_of_an_empty_range_and_a_reversed_range(office, tmp_path):
    text = _text(office.slips.register_pdf(date(2026, 1, 5), date(2026, 1, 9)), tmp_path)
    _assert_has(text, "SỔ THEO DÕI HỒ SƠ", "Không có hồ sơ nào được tiếp nhận trong thời gian này.")
    with pytest.raises(ValueError, match="Ngày bắt đầu 10/01/2026 sau ngày kết thúc 09/01/2026"):
        office.slips.register_data(date(2026, 1, 10), date(2026, 1, 9))


# --------------------------------------------------------------------------------------------- form texts


def test_bundled_form_texts_load_with_numbers_of_both_circulars():
    texts = load_form_texts()
    assert texts.form_set == "03/2025"
    assert texts.form("control").numbers == {"03/2025": "06", "01/2018": "05"}
    assert texts.form("register").number == "07" and texts.form("stop").number == "05"
    assert texts.form("supplement").number_line == "Số: {number}/HDHS"


def _office_forms(services, content: dict) -> None:
    (Path(services.db.path).parent / "forms.json").write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


def test_an_office_adapts_the_wording_without_code(office, tmp_path):
    code = _intake(office)
    _record(office, code, K.REFUSED, at=T(2026, 11, 3, 8, 15), reason="không thuộc thẩm quyền")
    _office_forms(
        office,
        {
            "forms": {
                "refusal": {
                    "number_line": "Số: {number}/TCHS",
                    "texts": {"closing": "Bộ phận Một cửa trân trọng thông báo để Ông/Bà {applicant} được biết./."},
                }
            }
        },
    )
    text = _text(office.slips.render(code, "refusal"), tmp_path)
    _assert_has(text, "Số: ……/TCHS", f"Bộ phận Một cửa trân trọng thông báo để Ông/Bà {APPLICANT} được biết./.")
    assert "Xin thông báo cho Ông/Bà được biết và thực hiện" not in text
    # The rest of the bundled wording still applies.
    _assert_has(text, "Qua xem xét, Bộ phận Tiếp nhận và Trả kết quả thông báo không tiếp nhận")


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"texts": {"help": "Liên hệ công chức {officer} để được hướng dẫn."}},
            "mẫu «supplement», câu «help»: thiếu chỗ điền {phone}",
        ),
        ({"texts": {"reason": "Lý do: {reson}"}}, "thiếu chỗ điền {reason}"),
        (
            {"texts": {"intro": "{unit} tiếp nhận hồ sơ của {applicant}, {ngay_sinh}"}},
            "chỗ điền {ngay_sinh} không có dữ liệu để điền",
        ),
        ({"texts": {"table_intro": "Yêu cầu {bổ sung"}}, "dấu ngoặc nhọn không hợp lệ"),
    ],
)
def test_form_texts_with_a_wrong_placeholder_are_refused_clearly(office, change, message):
    code = _intake(office)
    _record(office, code, K.SUPPLEMENT_REQUESTED, at=T(2026, 11, 3, 9), missing=["1"])
    _office_forms(office, {"forms": {"supplement": change}})
    with pytest.raises(FormTextError) as caught:
        office.slips.render(code, "supplement")
    assert message in str(caught.value)
    assert "forms.json" in str(caught.value)


def test_the_2018_form_set_and_printed_form_numbers(office, tmp_path):
    code = _intake(office)
    _record(office, code, K.EXTENDED, at=T(2026, 11, 13, 9), new_due=date(2026, 11, 27), reason="chờ kiểm định")
    _office_forms(office, {"form_set": "01/2018", "show_form_number": True})
    apology = _text(office.slips.render(code, "apology"), tmp_path)
    _assert_has(apology, "Mẫu số 04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")
    assert "VĂN BẢN XIN LỖI" not in apology
    _assert_has(_text(office.slips.render(code, "control"), tmp_path), "Mẫu số 05")
    # A form the 2018 set does not have (the stop notice is new in 2025) prints no number.
    stopped = _intake(office, name="Lê Thị Mai")
    _record(office, stopped, K.STOPPED, at=T(2026, 11, 3, 9), reason="người nộp đề nghị dừng")
    assert "Mẫu số" not in _text(office.slips.render(stopped, "stop"), tmp_path)
