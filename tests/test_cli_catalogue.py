"""`counter-app catalogue import/export`, `calendar show/import/export` and `due-date` from the command line."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from counter_app.cli import EXIT_INVALID, EXIT_OK, main
from counter_app.domain.calendar import OFFICE_TZ

XRAY = "2.002131"  # demo catalogue: Khai báo thiết bị X-quang chẩn đoán trong y tế, 05 ngày làm việc


@pytest.fixture(autouse=True)
def _store(data_dir):
    return data_dir


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_export_then_import_unchanged(capsys, tmp_path: Path):
    target = tmp_path / "out" / "danh-muc.xlsx"
    code, out, _err = run(capsys, "catalogue", "export", str(target))
    assert code == EXIT_OK and out.strip() == f"Đã xuất 28 thủ tục ra {target}"
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Lĩnh vực", "Thủ tục", "Thành phần hồ sơ", "Phí, lệ phí"]
    assert [c.value for c in workbook["Thủ tục"][1]][:5] == [
        "Mã thủ tục",
        "Tên thủ tục",
        "Mã lĩnh vực",
        "Cấp thực hiện",
        "Thời hạn",
    ]
    assert workbook["Thủ tục"].max_row == 29
    code, out, _err = run(capsys, "catalogue", "import", str(target))
    assert code == EXIT_OK
    assert out.splitlines() == ["Đã nhập: 0 thủ tục mới, 0 thủ tục có phiên bản mới, 28 thủ tục không đổi."]


def test_import_changes_with_dry_run_first(capsys, tmp_path: Path):
    path = tmp_path / "c.json"
    assert run(capsys, "catalogue", "export", str(path))[0] == EXIT_OK
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["schema"] == 1 and len(document["procedures"]) == 28
    xray = next(p for p in document["procedures"] if p["code"] == XRAY)
    xray["duration"] = 4
    new = dict(xray, code="2.999999", name="Thủ tục thử nghiệm mới")
    document["procedures"].append(new)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    code, out, _err = run(capsys, "catalogue", "import", str(path), "--dry-run")
    assert code == EXIT_OK
    assert out.splitlines() == [
        "Kiểm tra (chưa nhập): 1 thủ tục mới, 1 thủ tục có phiên bản mới, 27 thủ tục không đổi.",
        "Thủ tục mới (1): 2.999999",
        f"Phiên bản mới (1): {XRAY}",
    ]
    # The dry run wrote nothing: the real import reports the same.
    code, out, _err = run(capsys, "catalogue", "import", str(path))
    assert out.splitlines()[0] == "Đã nhập: 1 thủ tục mới, 1 thủ tục có phiên bản mới, 27 thủ tục không đổi."
    code, out, _err = run(capsys, "catalogue", "list", "--json")
    items = {p["code"]: p for p in json.loads(out)}
    assert items[XRAY]["duration"] == 4 and "2.999999" in items and len(items) == 29


def test_import_with_errors_lists_them_and_exits_non_zero(capsys, tmp_path: Path):
    path = tmp_path / "c.xlsx"
    run(capsys, "catalogue", "export", str(path))
    workbook = load_workbook(path)
    sheet = workbook["Thủ tục"]
    sheet["E7"] = "mười"
    sheet["F9"] = "tuần"
    workbook.save(path)
    code, out, err = run(capsys, "catalogue", "import", str(path))
    assert code == EXIT_INVALID and out == ""
    lines = err.splitlines()
    assert lines[0] == "Lỗi: Sheet 'Thủ tục', dòng 7, cột 'Thời hạn': 'mười' không phải số"
    assert lines[1].startswith("Lỗi: Sheet 'Thủ tục', dòng 9, cột 'Đơn vị thời hạn': 'tuần' không hợp lệ")
    assert lines[-1] == "Lỗi: Không nhập gì: tệp c.xlsx có 2 lỗi. Sửa các lỗi trên rồi nhập lại."


def test_unknown_format_is_refused(capsys, tmp_path: Path):
    code, _out, err = run(capsys, "catalogue", "export", str(tmp_path / "c.csv"))
    assert code == EXIT_INVALID and "chỉ nhận tệp .xlsx hoặc .json" in err


def test_due_date_text_and_json(capsys):
    code, out, err = run(capsys, "due-date", "--procedure", XRAY, "--received-at", "2026-02-13T10:00:00+07:00")
    assert code == EXIT_OK and err == ""
    lines = out.splitlines()
    assert lines[0] == "Hẹn trả: 17:00 Thứ Sáu 27/02/2026 (2026-02-27T17:00:00+07:00)"
    assert any("Tết Nguyên đán Bính Ngọ" in line for line in lines)

    code, out, err = run(capsys, "due-date", "--procedure", XRAY, "--received-at", "2026-02-13T17:30", "--json")
    assert code == EXIT_OK
    document = json.loads(out)
    assert document["due"] == "2026-03-02T17:00:00+07:00"
    assert document["received_at"] == "2026-02-13T17:30:00+07:00"
    assert isinstance(document["reasons"], list) and document["reasons"][0].startswith("Nhận hồ sơ lúc 17:30")
    assert document["warnings"] == []


def test_due_date_without_received_at_uses_the_injected_clock(capsys, clock):
    """No --received-at: the moment is the CLI's clock (the test's FakeClock), never the machine's today."""
    clock.moment = datetime(2026, 2, 13, 10, 0, tzinfo=OFFICE_TZ)
    code, out, err = run(capsys, "due-date", "--procedure", XRAY, "--json")
    assert code == EXIT_OK and err == ""
    document = json.loads(out)
    assert document["received_at"] == "2026-02-13T10:00:00+07:00"
    assert document["due"] == "2026-02-27T17:00:00+07:00"


def test_due_date_beyond_the_loaded_calendar_warns_on_stderr(capsys):
    code, out, err = run(capsys, "due-date", "--procedure", XRAY, "--received-at", "2031-03-10T09:00+07:00", "--json")
    assert code == EXIT_OK
    assert err.startswith("Cảnh báo: Chưa nạp lịch làm việc năm 2031")
    assert json.loads(out)["warnings"][0].startswith("Chưa nạp lịch làm việc năm 2031")


def test_due_date_errors(capsys):
    code, _out, err = run(capsys, "due-date", "--procedure", "9.999", "--received-at", "2026-03-10T09:00")
    assert code != EXIT_OK and "Không có thủ tục mã '9.999'" in err
    code, _out, err = run(capsys, "due-date", "--procedure", XRAY, "--received-at", "hôm qua")
    assert code == EXIT_INVALID and "không phải thời điểm ISO-8601" in err


def test_calendar_show_import_export(capsys, tmp_path: Path):
    code, out, err = run(capsys, "calendar", "show", "2026")
    assert code == EXIT_OK
    assert out.splitlines()[0] == "Lịch làm việc năm 2026 — Lịch kèm phần mềm (tệp 2026.json)"
    assert "Giờ làm việc: 07:30–11:30, 13:30–17:00" in out
    assert "16/02/2026  Thứ Hai   ngày lễ        Tết Nguyên đán Bính Ngọ" in out

    code, out, err = run(capsys, "calendar", "show", "2032")
    assert "Cảnh báo: Chưa nạp lịch làm việc năm 2032" in err
    assert "Ngày lễ theo luật" in out

    target = tmp_path / "2026.json"
    code, out, _err = run(capsys, "calendar", "export", "2026", str(target))
    assert code == EXIT_OK
    document = json.loads(target.read_text(encoding="utf-8"))
    document["entries"].append(
        {"date": "2026-12-31", "kind": "closure", "name": "Nghỉ kiểm kê", "source": "Thông báo 5/TB-SKHCN"}
    )
    target.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    code, out, _err = run(capsys, "calendar", "import", str(target))
    assert code == EXIT_OK and out.strip() == f"Đã nhập lịch năm 2026: {len(document['entries'])} ngày."
    code, out, _err = run(capsys, "calendar", "show", "2026", "--json")
    shown = json.loads(out)
    assert shown["origin"] == "office" and shown["loaded"]
    assert shown["entries"][-1]["name"] == "Nghỉ kiểm kê"
    # The due date now skips the closure.
    code, out, _err = run(capsys, "due-date", "--procedure", XRAY, "--received-at", "2026-12-24T09:00", "--json")
    assert json.loads(out)["due"] == "2027-01-04T17:00:00+07:00"


def test_calendar_import_error(capsys, tmp_path: Path):
    path = tmp_path / "2026.json"
    path.write_text(
        '{"year": 2026, "entries": [{"date": "2026-02-30", "kind": "holiday", "name": "x", "source": "y"}]}'
    )
    code, _out, err = run(capsys, "calendar", "import", str(path))
    assert code == EXIT_INVALID
    assert err.strip() == "Lỗi: Tệp 2026.json, mục 1: ngày '2026-02-30' không hợp lệ. Không nhập gì."


def test_office_hours_settings_show_in_calendar(capsys):
    assert run(capsys, "settings", "set", "office.cutoff", "16:30")[0] == EXIT_OK
    code, out, _err = run(capsys, "calendar", "show", "2026")
    assert "giờ tiếp nhận cuối 16:30" in out
    code, out, _err = run(capsys, "due-date", "--procedure", XRAY, "--received-at", "2026-03-10T16:45", "--json")
    document = json.loads(out)
    assert document["due"] == "2026-03-18T17:00:00+07:00"  # counted from Wednesday 11/03
    code, _out, err = run(capsys, "settings", "set", "office.afternoon", "13:30")
    assert code == EXIT_INVALID and "HH:MM-HH:MM" in err
