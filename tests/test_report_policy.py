"""The report choices (settings reports.*) both ways on the real store: Biểu 06's early / on time by the appointment
day or moment, "trả muộn" counted late or not, the centre variant II.06a; the report's footnote names each policy
setting that changes a figure (JSON, PDF read back with pdftotext, XLSX read back), and the recount agrees."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from counter_app.cli import EXIT_INVALID, EXIT_OK, main
from counter_app.domain.event_kinds import EventRequest
from counter_app.services.settings import SettingsError
from tests.test_reports import KHCN, XRAY, T, intake, open_report_services


@pytest.fixture
def app(data_dir, clock):
    clock.moment = T(2021, 9, 30, 9)
    services = open_report_services(data_dir, clock)
    yield services
    services.close()


def classes(report) -> tuple[int, int, int, int, int]:
    t = report.total
    return t.resolved_early, t.resolved_on_time, t.resolved_late, t.pending_within, t.pending_overdue


def footnote(report, key: str) -> str:
    """The report's footnote about `key` ("" when the setting changes no figure)."""
    found = [f for f in report.footnotes if f"Thiết lập {key} = " in f]
    assert len(found) <= 1
    return found[0] if found else ""


def same_as_recount(app, period: str, report) -> None:
    recount = app.reports.recount(period)
    assert (recount.rows, recount.total, recount.footnotes) == (report.rows, report.total, report.footnotes)


def test_early_rule_by_the_appointment_day_or_the_due_moment(app):
    # X-ray declaration, 5 working days: received Mon 10/05/2021 09:00, due Mon 17/05 17:00.
    on_the_day = intake(app, XRAY, T(2021, 5, 10, 9))
    app.lifecycle.record(
        EventRequest.of(on_the_day, "resolved", at=T(2021, 5, 17, 10))
    )  # the appointment day, before 17:00
    day_before = intake(app, XRAY, T(2021, 5, 10, 9, 5))
    app.lifecycle.record(EventRequest.of(day_before, "resolved", at=T(2021, 5, 14, 10)))

    by_day = app.reports.report("2021-Q2")
    assert by_day.policy["reports.early_rule"] == "day"  # the default: the appointment DAY
    assert classes(by_day) == (1, 1, 0, 0, 0)
    note = footnote(by_day, "reports.early_rule")
    assert note.startswith(
        "(*) Thiết lập reports.early_rule = day (mặc định): có kết quả trong ngày hẹn trả là đúng hạn"
    )
    assert "Cột (8), (9): 01 hồ sơ tính khác so với moment. Căn cứ: ngày hẹn trả ghi trên giấy tiếp nhận" in note
    assert "Thông tư 01/2020/TT-VPCP" in note
    assert any(
        n.startswith("Trước hạn: có kết quả trước ngày hẹn trả; đúng hạn: trong ngày hẹn trả") for n in by_day.notes
    )
    same_as_recount(app, "2021-Q2", by_day)

    app.settings.set("reports.early_rule", "moment")
    by_moment = app.reports.report("2021-Q2")
    assert classes(by_moment) == (2, 0, 0, 0, 0)
    assert footnote(by_moment, "reports.early_rule").startswith(
        "(*) Thiết lập reports.early_rule = moment (mặc định: day): có kết quả trước thời điểm hẹn trả"
    )
    assert any(n.startswith("Trước hạn: có kết quả trước thời điểm hẹn trả") for n in by_moment.notes)
    same_as_recount(app, "2021-Q2", by_moment)


def test_late_return_counted_late_or_not(app):
    # Resolved on Fri 14/05 (due Mon 17/05 17:00), collected by the applicant on Thu 20/05: "trả muộn".
    collected_late = intake(app, XRAY, T(2021, 5, 10, 9))
    app.lifecycle.record(EventRequest.of(collected_late, "resolved", at=T(2021, 5, 14, 10)))
    app.lifecycle.record(
        EventRequest.of(collected_late, "result_returned", at=T(2021, 5, 20, 9), receiver="Nguyễn Văn Nhận")
    )
    collected_in_time = intake(app, XRAY, T(2021, 5, 10, 9, 5))
    app.lifecycle.record(EventRequest.of(collected_in_time, "resolved", at=T(2021, 5, 14, 10)))
    app.lifecycle.record(
        EventRequest.of(collected_in_time, "result_returned", at=T(2021, 5, 17, 9), receiver="Nguyễn Văn Nhận")
    )
    # Resolved in Q2 on the appointment day, collected in Q3 after it: Q2's figures see it once it is recorded.
    next_quarter = intake(app, XRAY, T(2021, 6, 7, 9))  # due Mon 14/06 17:00
    app.lifecycle.record(EventRequest.of(next_quarter, "resolved", at=T(2021, 6, 14, 9)))
    app.lifecycle.record(
        EventRequest.of(next_quarter, "result_returned", at=T(2021, 6, 16, 9), receiver="Nguyễn Văn Nhận")
    )
    assert (
        app.dossiers.detail(collected_late).returned_late and not app.dossiers.detail(collected_in_time).returned_late
    )

    not_late = app.reports.report("2021-Q2")
    assert classes(not_late) == (2, 1, 0, 0, 0)  # the default: judged by the day of the result
    note = footnote(not_late, "reports.late_return")
    assert note.startswith(
        "(*) Thiết lập reports.late_return = not_late (mặc định): hồ sơ có kết quả đúng hạn mà người nộp"
    )
    assert "Cột (8), (9), (10): 02 hồ sơ tính khác so với late." in note
    assert "Nghị định 61/2018/NĐ-CP" in note
    same_as_recount(app, "2021-Q2", not_late)

    app.settings.set("reports.late_return", "late")
    late = app.reports.report("2021-Q2")
    assert classes(late) == (1, 0, 2, 0, 0)
    assert footnote(late, "reports.late_return").startswith(
        "(*) Thiết lập reports.late_return = late (mặc định: not_late)"
    )
    assert any("trả kết quả cho người nộp sau thời điểm hẹn trả tính là quá hạn" in n for n in late.notes)
    same_as_recount(app, "2021-Q2", late)
    # Both choices at once: on the appointment day, before the moment, collected late — late either way.
    app.settings.set("reports.early_rule", "moment")
    assert classes(app.reports.report("2021-Q2")) == (1, 0, 2, 0, 0)


def test_the_centre_variant_counts_waiting_and_withdrawn_dossiers_on_time(app):
    # Withdrawn after its due date (S&T registration, 15 working days from 01/04).
    withdrawn = intake(app, KHCN, T(2021, 4, 1, 9))
    app.lifecycle.record(EventRequest.of(withdrawn, "withdrawn", at=T(2021, 5, 5, 9), reason="Người nộp xin rút"))
    # Asked for supplements after its due date (12/04 17:00), then stopped: late, judged when the pause began.
    stopped = intake(app, XRAY, T(2021, 4, 5, 9))
    app.lifecycle.record(EventRequest.of(stopped, "supplement_requested", at=T(2021, 4, 14, 9), missing=["1"]))
    app.lifecycle.record(EventRequest.of(stopped, "stopped", at=T(2021, 4, 20, 9), reason="Không bổ sung"))
    # Waiting for supplements at the end of the quarter, the wait begun after its due date (17/05 17:00).
    waiting = intake(app, XRAY, T(2021, 5, 10, 9))
    app.lifecycle.record(EventRequest.of(waiting, "supplement_requested", at=T(2021, 5, 20, 9), missing=["1"]))

    form06 = app.reports.report("2021-Q2")
    assert form06.policy["reports.variant"] == "bieu06"
    assert classes(form06) == (0, 0, 2, 0, 1)
    note = footnote(form06, "reports.variant")
    assert "Cột (9), (10), (12), (13): 03 hồ sơ tính khác so với ii06a." in note
    same_as_recount(app, "2021-Q2", form06)

    app.settings.set("reports.variant", "II06A")  # typed in capitals: stored as the documented value
    assert app.settings.get("reports.variant") == "ii06a"
    centre = app.reports.report("2021-Q2")
    assert classes(centre) == (0, 2, 0, 1, 0)
    assert centre.total.resolved_withdrawn == 1 and centre.total.resolved_stopped == 1
    assert footnote(centre, "reports.variant").startswith("(*) Thiết lập reports.variant = ii06a (mặc định: bieu06)")
    assert any("Hồ sơ đang chờ bổ sung tính trong hạn (biến thể II.06a)" in n for n in centre.notes)
    same_as_recount(app, "2021-Q2", centre)


def test_a_setting_that_changes_no_figure_has_no_footnote_and_due_choices_are_named(app):
    code = intake(app, XRAY, T(2021, 5, 10, 9))
    app.lifecycle.record(EventRequest.of(code, "resolved", at=T(2021, 5, 12, 10)))
    report = app.reports.report("2021-Q2")
    assert report.footnotes == ()
    app.settings.set("due.hour_day", "8h")
    (note,) = app.reports.report("2021-Q2").footnotes
    assert note.startswith("(*) Thiết lập due.hour_day = 8h (mặc định: sessions): thời hạn tính theo giờ")
    assert "Ngày hẹn trả của hồ sơ tiếp nhận theo thiết lập này" in note
    with pytest.raises(SettingsError, match="chỉ nhận day hoặc moment"):
        app.settings.set("reports.early_rule", "hour")


def test_the_footnote_is_printed_on_the_pdf_and_the_xlsx(app, tmp_path: Path):
    code = intake(app, XRAY, T(2021, 5, 10, 9))
    app.lifecycle.record(EventRequest.of(code, "resolved", at=T(2021, 5, 17, 10)))
    report = app.reports.report("2021-Q2")
    (note,) = report.footnotes
    pdf = tmp_path / "bieu06.pdf"
    pdf.write_bytes(app.reports.export(report, "pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Thiết lập: (*) Thiết lập reports.early_rule = day (mặc định)" in flat
    assert "Cột (8), (9): 01 hồ sơ tính khác so với moment" in flat
    xlsx = tmp_path / "bieu06.xlsx"
    xlsx.write_bytes(app.reports.export(report, "xlsx"))
    cells = [c.value for row in load_workbook(xlsx).active.iter_rows() for c in row if isinstance(c.value, str)]
    assert note in cells
    assert cells.index(note) < cells.index("Ghi chú:")  # under the table, before the notes


def test_cli_settings_and_report_json(data_dir, clock, capsys):
    clock.moment = T(2021, 9, 30, 9)
    app = open_report_services(data_dir, clock)
    try:
        code = intake(app, XRAY, T(2021, 5, 10, 9))
        app.lifecycle.record(EventRequest.of(code, "resolved", at=T(2021, 5, 17, 10)))
    finally:
        app.close()
    assert main(["settings", "set", "reports.early_rule", "khoảnh khắc"]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "chỉ nhận day hoặc moment (mặc định day)" in err
    assert main(["settings", "set", "reports.early_rule", "moment"]) == EXIT_OK
    capsys.readouterr()
    assert main(["report", "--period", "2021-Q2"]) == EXIT_OK
    document = json.loads(capsys.readouterr().out)
    assert document["policy"] == {
        "reports.early_rule": "moment",
        "reports.late_return": "not_late",
        "reports.variant": "bieu06",
    }
    assert (document["total"]["resolved_early"], document["total"]["resolved_on_time"]) == (1, 0)
    assert document["footnotes"][0].startswith("(*) Thiết lập reports.early_rule = moment (mặc định: day)")
    assert date.fromisoformat(document["period"]["from"]) == date(2021, 3, 15)


def test_migration_0013_rebuilds_the_counts_the_choices_need(data_dir, clock):
    """A store at 0012 (its counts know nothing of the new classes): after the upgrade the first report rebuilds
    them, and a choice set the other way moves a dossier resolved before 0013 existed."""
    from alembic import command

    from counter_app.store.db import _alembic_config, open_database

    clock.moment = T(2021, 9, 30, 9)
    app = open_report_services(data_dir, clock)
    code = intake(app, XRAY, T(2021, 5, 10, 9))
    app.lifecycle.record(
        EventRequest.of(code, "resolved", at=T(2021, 5, 17, 10))
    )  # the appointment day, before the moment
    app.close()
    db = open_database(data_dir, migrate=False)
    with db.write_engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0012")
        columns = [row[1] for row in conn.exec_driver_sql("PRAGMA table_info(report_counts)")]
        assert "closed_on_day_early" not in columns
        conn.exec_driver_sql("DELETE FROM report_counts WHERE grain = '*'")  # counts current at 0012
        command.upgrade(cfg, "head")
        assert conn.exec_driver_sql("SELECT count(*) FROM report_counts WHERE grain = '*'").scalar() == 1
    db.dispose()
    app = open_report_services(data_dir, clock)
    try:
        app.settings.set("reports.early_rule", "moment")
        assert classes(app.reports.report("2021-Q2"))[:2] == (1, 0)
        assert app.reports.check_counts() == []
    finally:
        app.close()
