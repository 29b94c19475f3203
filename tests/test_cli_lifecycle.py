"""`counter-app event` and `counter-app show`: a dossier's history rebuilt from a script, refusals on stderr."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from counter_app.cli import EVENT_KINDS, main
from counter_app.domain.event_kinds import EVENT_LABELS
from counter_app.domain.events import EventKind
from tests.conftest import CERT_CODE, MINI_CATALOGUE, set_up_station


@pytest.fixture
def code(data_dir, capsys) -> str:
    """A dossier received Mon 02/11/2026 09:00 (10 working days: due Mon 16/11 17:00), through the CLI."""
    from counter_app.services.app import open_services

    services = open_services(data_dir, load_demo=False)
    services.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
    set_up_station(services.settings)
    services.close()
    assert (
        main(
            [
                "intake",
                "--procedure",
                CERT_CODE,
                "--applicant",
                "Nguyễn Thị Hương",
                "--received-at",
                "2026-11-02T09:00",
            ]
        )
        == 0
    )
    return capsys.readouterr().out.strip()


def _show(code: str, capsys) -> dict:
    assert main(["show", code, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _event(capsys, *args: str) -> tuple[int, str, str]:
    rc = main(["event", *args])
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def test_cli_kinds_cover_every_lifecycle_event():
    # received: `intake`; slip_printed: `slip`/`receipt`; file_attached: `attach` (a file, not typed details); the fee
    # entries have their own commands (counter-app fee, fee-refund, fee-cancel: counter_app/cli_fees.py).
    fees = {"fee_collected", "fee_refunded", "fee_cancelled"}
    assert (
        set(EVENT_KINDS.values()) == {k.value for k in EventKind} - {"received", "slip_printed", "file_attached"} - fees
    )


def test_a_whole_history_from_the_command_line(code, capsys):
    steps = [
        ("handover", "--to", "Phòng Quản lý chuyên ngành", "--at", "2026-11-02T10:00"),
        (
            "supplement-requested",
            "--missing",
            "2",
            "--missing",
            "Giấy khám sức khỏe",
            "--reason",
            "bản sao chưa chứng thực",
            "--at",
            "2026-11-04T10:00",
        ),
        ("supplement-received", "--at", "2026-11-09T10:00"),
        ("extended", "--new-due", "2026-11-27", "--reason", "chờ kết quả kiểm định", "--at", "2026-11-18T09:00"),
        ("returned-from-division", "--at", "2026-11-20T08:00"),
        ("resolved", "--at", "2026-11-20T15:00", "--result", "Chứng chỉ số 12/CC"),
        (
            "returned",
            "--receiver",
            "Nguyễn Thị Hương",
            "--receiver-id",
            "001203004567",
            "--method",
            "counter",
            "--at",
            "2026-11-23T09:00+07:00",
        ),
    ]
    lines = []
    for kind, *options in steps:
        rc, out, err = _event(capsys, code, kind, *options)
        assert rc == 0, err
        assert out.count("\n") == 1  # one line of confirmation
        lines.append(out)
    assert "trạng thái «Chờ bổ sung»;" in lines[1] and "tạm dừng" in lines[1]
    assert "hẹn trả 17:00 19/11/2026" in lines[2]  # the pause Wed 10:00 → Mon 10:00 added 3 working days
    assert "hẹn trả 17:00 27/11/2026" in lines[3]
    assert "trạng thái «Đã trả kết quả»;" in lines[-1]

    data = _show(code, capsys)
    assert data["code"] == code and data["status"] == "returned"
    assert data["due"] == "2026-11-27T17:00:00+07:00"
    assert datetime.fromisoformat(data["due"]).utcoffset() == timedelta(hours=7)
    assert data["original_due"] == "2026-11-19T17:00:00+07:00"
    assert data["paused"] is False and data["late"] is False and data["extension_count"] == 1
    kinds = [e["kind"] for e in data["timeline"]]
    assert kinds == [
        "received",
        "handed_over",
        "supplement_requested",
        "supplement_received",
        "extended",
        "returned_from_division",
        "resolved",
        "result_returned",
    ]
    for entry in data["timeline"]:
        assert {"kind", "at", "officer", "details"} <= set(entry)
        assert entry["label"] == EVENT_LABELS[EventKind(entry["kind"])]
    request = data["timeline"][2]
    assert request["at"] == "2026-11-04T10:00:00+07:00"
    assert request["details"]["missing"] == ["Bản sao văn bằng, chứng chỉ đào tạo", "Giấy khám sức khỏe"]
    assert data["timeline"][-1]["details"]["receiver_id"].endswith("4567")
    assert "001203004567" not in json.dumps(data)  # personal numbers stay masked in output
    assert "id_number" not in data["timeline"][0]["details"]

    assert main(["show", code]) == 0
    text = capsys.readouterr().out
    assert "Trạng thái:   Đã trả kết quả\n" in text
    assert "Hẹn trả:      17:00 27/11/2026 (hạn theo quy định: 17:00 19/11/2026)" in text
    assert "04/11/2026 10:00  Yêu cầu bổ sung: giấy tờ: Bản sao văn bằng, chứng chỉ đào tạo; Giấy khám sức khỏe" in text
    assert "Xin lỗi và hẹn lại ngày trả kết quả: hẹn lại 17:00 ngày 27/11/2026" in text
    assert "Trả kết quả: người nhận: Nguyễn Thị Hương (CCCD ••••••••4567); nhận tại quầy" in text


def test_show_says_when_the_clock_is_paused(code, capsys):
    assert _event(capsys, code, "supplement-requested", "--missing", "1", "--at", "2026-11-04T10:00")[0] == 0
    data = _show(code, capsys)
    assert data["status"] == "awaiting_supplement" and data["paused"] is True
    assert data["paused_since"] == "2026-11-04T10:00:00+07:00"
    assert data["due"] == "2026-11-16T17:00:00+07:00"
    assert main(["show", code]) == 0
    text = capsys.readouterr().out
    assert "Tạm dừng:     từ 10:00 04/11/2026" in text
    assert "Có thể ghi nhận: supplement-received, refused, extended, stopped, withdrawn" in text


def test_a_refused_transition_says_why_on_stderr_and_writes_nothing(code, capsys):
    assert _event(capsys, code, "resolved", "--at", "2026-11-10T09:00")[0] == 0
    assert _event(capsys, code, "returned", "--receiver", "Nguyễn Thị Hương", "--at", "2026-11-10T10:00")[0] == 0
    before = _show(code, capsys)
    rc, out, err = _event(capsys, code, "supplement-requested", "--missing", "1")
    assert rc != 0 and out == ""
    assert err.strip() == (
        f"Lỗi: Hồ sơ {code} đang ở trạng thái «Đã trả kết quả»: không thể ghi nhận «Yêu cầu bổ sung»."
    )
    assert _show(code, capsys) == before


def test_at_before_the_last_event_is_refused(code, capsys):
    assert _event(capsys, code, "handover", "--to", "Phòng Quản lý chuyên ngành", "--at", "2026-11-03T10:00")[0] == 0
    before = _show(code, capsys)
    rc, out, err = _event(capsys, code, "resolved", "--at", "2026-11-03T09:00")
    assert rc != 0 and out == ""
    assert "trước sự kiện gần nhất" in err and "10:00 ngày 03/11/2026" in err
    assert _show(code, capsys) == before


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("refused",), "Lý do: không được để trống"),
        (("handover",), "Đơn vị nhận hồ sơ: không được để trống"),
        (("extended", "--reason", "chậm"), "Ngày hẹn trả mới"),
        (("extended", "--reason", "chậm", "--new-due", "2026-11-28"), "không phải giờ làm việc"),
        (("resolved", "--reason", "xong"), "Lý do: không dùng cho «Có kết quả giải quyết»"),
        (("resolved", "--at", "ngày mai"), "--at"),
        (("supplement-requested", "--missing", "9"), "số 9"),
    ],
)
def test_bad_options_exit_2_with_the_field_named(code, capsys, args, fragment):
    rc, out, err = _event(capsys, code, *args)
    assert rc == 2 and out == ""
    assert fragment in err


def test_unknown_dossier_and_unknown_kind(code, capsys):
    rc, _out, err = _event(capsys, "H61.22-261102-9999", "resolved")
    assert rc == 3 and "Không tìm thấy hồ sơ mã H61.22-261102-9999" in err
    with pytest.raises(SystemExit) as info:
        main(["event", code, "approve"])
    assert info.value.code == 2
