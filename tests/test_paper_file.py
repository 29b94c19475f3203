"""Issue 13 item 3: the return done fully (who collected — applicant, representative, post with its tracking number —,
their ID, the originals handed back, the result's kind and number) and the paper file's location, recorded at return
or later as an event of its own, searchable; on the return slip, in `show`, from the command line."""

from __future__ import annotations

import io
import json
from datetime import datetime

import pytest
from pypdf import PdfReader

from counter_app.cli import main
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.events import EventKind
from counter_app.domain.paper_file import clean_originals, fold_location, location_query
from counter_app.domain.tracking import QueryKind, parse_query
from counter_app.domain.validation import ValidationError
from counter_app.services.intake import IntakeRequest
from tests.conftest import CERT_CODE, MINI_CATALOGUE, set_up_station

K = EventKind
RECEIVED = [
    {"name": "Đơn đề nghị cấp chứng chỉ nhân viên bức xạ theo mẫu", "copy_kind": "original", "quantity": 1},
    {"name": "Bản sao văn bằng, chứng chỉ đào tạo", "copy_kind": "certified_copy", "quantity": 1},
    {"name": "Ảnh 3x4", "copy_kind": "original", "quantity": 2},
]


def T(*args) -> datetime:
    return datetime(*args, tzinfo=OFFICE_TZ)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def resolved(services, clock) -> str:
    """A dossier received Mon 23/11/2026 09:00 by a representative, resolved Tue 24/11 (the clock: Wed 25/11 09:30)."""
    code = services.intake.intake(
        IntakeRequest(
            procedure_code=CERT_CODE,
            applicant_name="Nguyễn Văn An",
            id_number="001090012345",
            received_at=T(2026, 11, 23, 9),
            representative_name="Trần Thị Bích",
            representative_id="001190054321",
            relationship="Được ủy quyền",
        )
    ).code
    services.lifecycle.record(EventRequest.of(code, K.RESOLVED, at=T(2026, 11, 24, 15), result="Đã cấp chứng chỉ"))
    return code


# --- plain rules ------------------------------------------------------------------------------------------


def test_originals_by_position_or_name_with_copies():
    errors: list = []
    found = clean_originals(["3:1", "don de nghi cap chung chi nhan vien buc xa theo mau"], RECEIVED, errors)
    assert errors == []
    assert found == [{"name": "Ảnh 3x4", "quantity": 1}, {"name": RECEIVED[0]["name"], "quantity": 1}]
    assert clean_originals(["Ảnh 3x4"], RECEIVED, errors) == [{"name": "Ảnh 3x4", "quantity": 2}]  # 3x4 is no count


@pytest.mark.parametrize(
    ("items", "fragment"),
    [
        (["4"], "không có giấy tờ số 4"),
        (["3:3"], "đã nhận 2 bản"),
        (["Giấy khai sinh"], "không có trong thành phần hồ sơ đã nhận"),
        (["1", "1"], "ghi hai lần"),
    ],
)
def test_originals_that_were_not_received_are_refused(items, fragment):
    errors: list = []
    clean_originals(items, RECEIVED, errors)
    assert any(fragment in e.message for e in errors), errors


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Kệ 3 hộp 12", "ke 3 hop 12"),
        ("kệ  3,  HỘP 12", "ke 3 hop 12"),
        ("Tủ 2 ngăn 4", "tu 2 ngan 4"),
        ("vt: Phòng lưu trữ A-7", "phong luu tru a 7"),
        ("Nguyễn Văn An", None),  # a name
        ("Kệ sách", None),  # no digit: a name-like word, left to the name search
        ("H61.22-261125-1001", None),
    ],
)
def test_the_search_box_knows_a_location(typed, expected):
    assert location_query(typed) == expected
    if expected:
        assert parse_query(typed).kind == QueryKind.LOCATION
    assert fold_location("Kệ 3 Hộp 12") == "ke 3 hop 12"


# --- the service ------------------------------------------------------------------------------------------


def test_a_full_return_by_the_representative_is_stored_and_printed(services, resolved):
    result = services.lifecycle.record(
        EventRequest.of(
            resolved,
            K.RESULT_RETURNED,
            collector="representative",
            receiver="Trần Thị Bích",
            receiver_id="001190054321",
            originals=["3:1", "1"],
            result_kind="Chứng chỉ nhân viên bức xạ",
            result_number="123/CC-SKHCN",
            file_location="Kệ 3 hộp 12",
        )
    )
    p = result.event.payload
    assert p["collector"] == "representative" and p["result_number"] == "123/CC-SKHCN"
    assert p["originals"] == [{"name": "Ảnh 3x4", "quantity": 1}, {"name": RECEIVED[0]["name"], "quantity": 1}]
    detail = result.detail
    assert detail.file_location == "Kệ 3 hộp 12" and detail.file_stored_by == "Cán bộ tiếp nhận"
    assert detail.file_stored_at == result.event.occurred_at
    pdf = services.slips.render(resolved, "return")
    text = pdf_text(pdf)
    for line in (
        "Người đến nhận: Người được ủy quyền",
        "Giấy tờ kết quả: Chứng chỉ nhân viên bức xạ số 123/CC-SKHCN",
        "Ảnh 3x4 (01 bản)",
        "Vị trí lưu hồ sơ: Kệ 3 hộp 12",
    ):
        assert line in text, line
    # The timeline masks the collector's number.
    shown = json.dumps(detail.to_json(), ensure_ascii=False)
    assert "001190054321" not in shown and "kết quả: Chứng chỉ nhân viên bức xạ số 123/CC-SKHCN" in shown


def test_by_post_the_tracking_number_is_required(services, resolved):
    with pytest.raises(ValidationError) as info:
        services.lifecycle.record(EventRequest.of(resolved, K.RESULT_RETURNED, method="post"))
    assert [e.field for e in info.value.errors] == ["tracking_number"]
    result = services.lifecycle.record(
        EventRequest.of(resolved, K.RESULT_RETURNED, method="post", tracking_number="EL123456789VN")
    )
    assert result.event.payload["receiver"] == "Bưu chính" and result.event.payload["collector"] == "post"
    text = pdf_text(services.slips.render(resolved, "return"))
    assert "Số hiệu bưu gửi: EL123456789VN" in text and "Vị trí lưu hồ sơ" not in text


def test_collector_and_method_must_agree(services, resolved):
    with pytest.raises(ValidationError) as info:
        services.lifecycle.record(
            EventRequest.of(resolved, K.RESULT_RETURNED, receiver="A B", collector="post", method="counter")
        )
    assert "collector" in {e.field for e in info.value.errors}
    assert services.dossiers.detail(resolved).status == "resolved"  # nothing written


def test_the_location_moves_later_and_the_search_follows(services, resolved, clock):
    services.lifecycle.record(
        EventRequest.of(resolved, K.RESULT_RETURNED, receiver="Trần Thị Bích", file_location="Kệ 3 hộp 12")
    )
    other = services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Lê Văn Cường")).code
    services.lifecycle.record(
        EventRequest.of(other, K.FILE_STORED, file_location="Kệ 30 hộp 1", stored_by="Lê Thị Lưu")
    )
    assert [r.code for r in services.search.search("Kệ 3 hộp 12")] == [resolved]
    assert [r.code for r in services.search.search("ke 3")] == [resolved]  # shelf 3, not shelf 30
    assert [r.code for r in services.search.search("KỆ 30")] == [other]
    moved = services.lifecycle.record(EventRequest.of(resolved, K.FILE_STORED, file_location="Kho lưu trữ, giá 5"))
    assert moved.detail.file_location == "Kho lưu trữ, giá 5" and moved.detail.status == "returned"
    assert services.search.search("Kệ 3 hộp 12") == []
    assert [r.code for r in services.search.search("kho luu tru gia 5")] == [resolved]
    assert services.dossiers.detail(other).file_stored_by == "Lê Thị Lưu"
    with pytest.raises(ValidationError):
        services.lifecycle.record(EventRequest.of(other, K.FILE_STORED, file_location="  "))


def test_the_location_search_uses_its_index(services):
    from counter_app.domain.tracking import SearchQuery
    from counter_app.store.tracking import query_plan, search_statements

    with services.db.read() as session:
        for stmt in search_statements(SearchQuery(QueryKind.LOCATION, "ke 3 hop 12"), 50):
            plan = " ".join(query_plan(session, stmt))
            assert "ix_dossiers_file_location" in plan and "SCAN dossiers" not in plan.replace("USING INDEX", "")


# --- the command line -------------------------------------------------------------------------------------


def test_cli_return_and_file_stored(data_dir, capsys, tmp_path):
    from counter_app.services.app import open_services

    services = open_services(data_dir, load_demo=False)
    services.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
    set_up_station(services.settings)
    services.close()
    assert main(["intake", "--procedure", CERT_CODE, "--applicant", "Nguyễn Văn An", "--received-at",
                 "2026-11-23T09:00"]) == 0  # fmt: skip
    code = capsys.readouterr().out.strip()
    assert main(["event", code, "resolved", "--at", "2026-11-24T15:00"]) == 0
    capsys.readouterr()
    rc = main(["event", code, "returned", "--method", "post"])
    err = capsys.readouterr().err
    assert rc == 2 and "Số hiệu bưu gửi" in err and len(err.strip().splitlines()) == 1
    rc = main(
        [
            "event", code, "returned", "--receiver", "Nguyễn Văn An", "--receiver-id", "001090012345",
            "--collector", "applicant", "--original", "1", "--original", "Ảnh 3x4:2",
            "--result-kind", "Chứng chỉ", "--result-number", "45/CC", "--file-location", "Kệ 3 hộp 12",
        ]
    )  # fmt: skip
    assert rc == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["event", code, "file-stored", "--file-location", "Kệ 4 hộp 1", "--stored-by", "Lê Thị Lưu"]) == 0
    capsys.readouterr()
    assert main(["show", code]) == 0
    shown = capsys.readouterr().out
    assert "Lưu hồ sơ:    Kệ 4 hộp 1 (Lê Thị Lưu," in shown
    assert "trả lại bản chính: Đơn đề nghị cấp chứng chỉ nhân viên bức xạ theo mẫu (01 bản); Ảnh 3x4 (02 bản)" in shown
    assert "001090012345" not in shown
    pdf = tmp_path / "return.pdf"
    assert main(["slip", code, "return", "--pdf", str(pdf)]) == 0
    text = pdf_text(pdf.read_bytes())
    assert "Giấy tờ kết quả: Chứng chỉ số 45/CC" in text and "Vị trí lưu hồ sơ: Kệ 3 hộp 12" in text
    with pytest.raises(SystemExit):
        main(["event", "--help"])
    help_text = capsys.readouterr().out
    for option in ("--collector", "--tracking-number", "--original", "--result-kind", "--result-number",
                   "--file-location", "--stored-by", "file-stored"):  # fmt: skip
        assert option in help_text
