"""The period report (Biểu 06): the reference quarter of Sở KH&CN Yên Bái rebuilt through the real services, period
boundaries, carry-over, extensions, the rule for refused/stopped/withdrawn dossiers, a running period, the store's
counts (migration, rebuild, re-fold), and the exports (XLSX read back, LibreOffice, PDF, JSON, CLI)."""

from __future__ import annotations

import io
import json
import re
import shutil
import sqlite3
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.reports import (
    OUTPUT_KEYS,
    PeriodError,
    ReportIdentityError,
    ReportRow,
    classify_closure,
    custom_period,
    parse_period,
)
from counter_app.services.intake import IntakeRequest
from counter_app.services.reports import ReportError
from tests.conftest import FakeClock

REPORT_CATALOGUE = Path(__file__).parent / "data" / "report_catalogue.json"
SHTT, XRAY, LICENCE, KHCN = "R.SHTT.01", "R.ATBX.01", "R.ATBX.02", "R.KHCN.01"


def T(*args: int) -> datetime:
    return datetime(*args, tzinfo=OFFICE_TZ)


def open_report_services(folder: Path, clock: FakeClock):
    from counter_app.services.app import open_services

    app = open_services(folder, load_demo=False, clock=clock)
    app.catalogue.ensure_demo_catalogue(REPORT_CATALOGUE)
    return app


_names = iter(
    f"{a} {b} {c}"
    for a in ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ")
    for b in ("Văn", "Thị", "Minh", "Thu")
    for c in ("An", "Bình", "Chi", "Dũng", "Hà", "Hương", "Lan", "Long", "Mai", "Nam", "Sơn", "Yến")
)


def intake(app, procedure: str, at: datetime, channel: str = "direct") -> str:
    return app.intake.intake(
        IntakeRequest(procedure_code=procedure, applicant_name=next(_names), channel=channel, received_at=at)
    ).code


def resolve(app, code: str, at: datetime, *, returned: bool = True) -> None:
    app.lifecycle.record(
        EventRequest.of(
            code,
            "handed_over",
            at=at - timedelta(hours=2) if at.hour >= 10 else at,
            to_unit="Phòng Quản lý chuyên ngành",
        )
    )
    app.lifecycle.record(EventRequest.of(code, "resolved", at=at))
    if returned:
        app.lifecycle.record(
            EventRequest.of(code, "result_returned", at=at + timedelta(days=1), receiver="Nguyễn Văn Nhận")
        )


def figures(row: ReportRow) -> dict[str, int]:
    return {k: getattr(row, k) for k in OUTPUT_KEYS}


# --- the reference quarter -------------------------------------------------------------------------------------

# Q2 2021 (15/03–14/06/2021), Sở KH&CN Yên Bái: 71 = 11 online + 3 direct or postal + 57 carried over; by field 55
# intellectual property (all carried over from Q1), 11 atomic energy and radiation safety, 5 S&T activities; all
# 71 resolved early. ../shared/reference/report-2021-Q2-yen-bai-dost.txt


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    clock = FakeClock(T(2021, 7, 1, 9))
    app = open_report_services(tmp_path_factory.mktemp("reference"), clock)
    # Q1 only: received and resolved before 15/03 (in no column of Q2).
    for day in (4, 5, 6):
        resolve(app, intake(app, SHTT, T(2021, 1, day, 9)), T(2021, 1, 20, 10))
    # 55 intellectual-property dossiers received 01–12/03 (30 calendar days: due 31/03–12/04), resolved 15–26/03.
    days = [1, 2, 3, 4, 5, 8, 9, 10, 11, 12]
    resolved_on = [15, 16, 17, 18, 19, 22, 23, 24, 25, 26]
    for i in range(55):
        day = days[i // 6] if i < 30 else days[5 + (i - 30) // 5]
        code = intake(app, SHTT, T(2021, 3, day, 8, 5 * (i % 6)), "online" if i % 7 == 0 else "direct")
        resolve(app, code, T(2021, 3, resolved_on[i % 10], 10, i % 50), returned=i % 2 == 0)
    # One radiation licence and one S&T registration also carried over from Q1.
    resolve(app, intake(app, LICENCE, T(2021, 3, 10, 9)), T(2021, 3, 19, 15))
    resolve(app, intake(app, KHCN, T(2021, 3, 11, 14), "postal"), T(2021, 3, 24, 9))
    # New in Q2: 10 X-ray declarations (8 online, 2 direct), 4 S&T registrations (3 online, 1 by post).
    for n, day in enumerate((5, 6, 7, 8, 12, 13, 14, 15, 26, 27)):
        code = intake(app, XRAY, T(2021, 4, day, 9, 30), "online" if n < 8 else "direct")
        resolve(app, code, T(2021, 4, day + 1, 14))
    for n, day in enumerate((10, 11, 12, 13)):
        code = intake(app, KHCN, T(2021, 5, day, 10), "online" if n < 3 else "postal")
        resolve(app, code, T(2021, 5, 20 + n % 2, 16))
    # Q3: received from 15/06 (outside Q2).
    intake(app, XRAY, T(2021, 6, 15, 8))
    resolve(app, intake(app, XRAY, T(2021, 6, 16, 8), "online"), T(2021, 6, 17, 9))
    yield app
    app.close()


def test_reference_quarter_gives_the_reference_numbers(reference):
    report = reference.reports.report("2021-Q2")
    assert (report.period.start, report.period.end, report.as_of) == (date(2021, 3, 15), date(2021, 6, 14), None)
    t = report.total
    assert (t.received_total, t.received_online, t.received_direct, t.carried_over) == (71, 11, 3, 57)
    assert (t.resolved_total, t.resolved_early, t.resolved_on_time, t.resolved_late) == (71, 71, 0, 0)
    assert (t.pending_total, t.pending_within, t.pending_overdue) == (0, 0, 0)
    by_field = {row.key: row for row in report.rows}
    assert {
        k: (r.received_total, r.carried_over, r.received_online, r.received_direct) for k, r in by_field.items()
    } == {
        "SHTT": (55, 55, 0, 0),
        "ATBX": (11, 1, 8, 2),
        "KHCN": (5, 1, 3, 1),
    }
    assert all(r.resolved_total == r.resolved_early == r.received_total for r in report.rows)
    assert by_field["KHCN"].received_postal == 1
    assert report.summary.startswith(
        "Từ ngày 15/3/2021 đến ngày 14/6/2021, Bộ phận Một cửa của Sở Khoa học và Công nghệ đã tiếp nhận và giải "
        "quyết 71 hồ sơ (trong đó gồm: 11 hồ sơ trực tuyến; 03 hồ sơ trực tiếp hoặc qua dịch vụ bưu chính công ích "
        "và 57 hồ sơ từ kỳ trước chuyển sang)."
    )
    assert (
        "tập trung ở lĩnh vực Sở hữu trí tuệ: 55 hồ sơ từ quý I chuyển sang, còn lại là 11 hồ sơ lĩnh vực Năng lượng"
        in report.summary
    )
    assert "05 hồ sơ lĩnh vực Hoạt động khoa học và công nghệ" in report.summary
    assert report.summary.endswith("Tất cả 71 hồ sơ đều được giải quyết trước hạn.")
    # The same numbers recounted by folding every event.
    recount = reference.reports.recount("2021-Q2")
    assert (recount.rows, recount.total) == (report.rows, report.total)


def test_reference_quarter_is_the_same_under_every_report_choice(reference):
    """All 71 were resolved on a day before their appointment day, collected in time, none withdrawn or waiting: the
    reference reproduces under the default (the appointment day) and every other choice, with no footnote."""
    default = reference.reports.report("2021-Q2")
    assert default.policy == {
        "reports.early_rule": "day",
        "reports.late_return": "not_late",
        "reports.variant": "bieu06",
    }
    assert default.footnotes == ()
    try:
        for early_rule in ("day", "moment"):
            for late_return in ("not_late", "late"):
                for variant in ("bieu06", "ii06a"):
                    choices = {
                        "reports.early_rule": early_rule,
                        "reports.late_return": late_return,
                        "reports.variant": variant,
                    }
                    reference.settings.set_many(choices)
                    report = reference.reports.report("2021-Q2")
                    assert report.policy == choices
                    assert (report.rows, report.total, report.footnotes) == (default.rows, default.total, ())
                    assert report.summary == default.summary
    finally:
        reference.settings.set_many(default.policy)


def test_pending_of_a_quarter_is_carried_over_into_the_next(reference):
    q1, q2, q3 = (reference.reports.report(p) for p in ("2021-Q1", "2021-Q2", "2021-Q3"))
    assert (q1.total.received_total, q1.total.resolved_total, q1.total.pending_total) == (60, 3, 57)
    assert q1.total.pending_total == q2.total.carried_over and q2.total.pending_total == q3.total.carried_over == 0
    assert (q3.total.received_total, q3.total.resolved_total, q3.total.pending_total) == (2, 1, 1)
    half = reference.reports.report("2021-H1")  # 15/12/2020–14/06/2021: everything up to Q2
    assert (half.total.received_total, half.total.carried_over, half.total.resolved_total) == (74, 0, 74)


def test_by_procedure_rows_carry_their_field(reference):
    report = reference.reports.report("2021-Q2", by="procedure")
    rows = {r.key: r for r in report.rows}
    assert set(rows) == {SHTT, XRAY, LICENCE, KHCN}
    assert rows[XRAY].field_code == rows[LICENCE].field_code == "ATBX"
    assert (rows[XRAY].received_total, rows[LICENCE].carried_over) == (10, 1)
    assert report.total == reference.reports.report("2021-Q2").total
    data = report.to_json()
    assert {r["procedure"] for r in data["rows"]} == set(rows) and all(r["field"] for r in data["rows"])


# --- boundaries, carry-over, extensions --------------------------------------------------------------------------


@pytest.fixture
def app(data_dir, clock):
    clock.moment = T(2021, 9, 30, 9)
    services = open_report_services(data_dir, clock)
    yield services
    services.close()


def test_received_at_23_59_on_the_14th_resolved_on_the_15th(app):
    code = intake(app, XRAY, T(2021, 6, 14, 23, 59))
    app.lifecycle.record(EventRequest.of(code, "resolved", at=T(2021, 6, 15, 8, 0)))
    q2, q3 = app.reports.report("2021-Q2"), app.reports.report("2021-Q3")
    assert figures(q2.total) | {} == figures(q2.rows[0])
    assert (q2.total.received_total, q2.total.received_direct, q2.total.resolved_total, q2.total.pending_total) == (
        1,
        1,
        0,
        1,
    )
    assert (q2.total.pending_within, q2.total.pending_overdue) == (1, 0)
    assert (q3.total.carried_over, q3.total.received_direct, q3.total.resolved_early) == (1, 0, 1)
    june, july = app.reports.report("2021-06"), app.reports.report("2021-07")
    assert (june.period.start, june.period.end) == (date(2021, 5, 15), date(2021, 6, 14))
    assert (
        june.total.received_total,
        june.total.pending_total,
        july.total.carried_over,
        july.total.resolved_total,
    ) == (1, 1, 1, 1)
    # One second earlier in the custom range that ends on the 14th, and the day after: the same split.
    assert app.reports.report(custom_period(date(2021, 6, 14), date(2021, 6, 14))).total.pending_total == 1
    assert app.reports.report(custom_period(date(2021, 6, 15), date(2021, 6, 15))).total.resolved_total == 1


def test_a_dossier_carried_over_twice(app):
    # 30 calendar days from 10/05 (due 09/06 17:00); waits for supplements 20/05 → 25/06; resolved 05/07.
    code = intake(app, SHTT, T(2021, 5, 10, 9), "online")
    app.lifecycle.record(
        EventRequest.of(code, "supplement_requested", at=T(2021, 5, 20, 10), missing=["1"], reason="thiếu bản gốc")
    )
    app.lifecycle.record(EventRequest.of(code, "supplement_received", at=T(2021, 6, 25, 10)))
    app.lifecycle.record(EventRequest.of(code, "resolved", at=T(2021, 7, 5, 15)))
    may, june, july = (app.reports.report(p) for p in ("2021-05", "2021-06", "2021-07"))
    assert (may.total.received_online, may.total.pending_within, may.total.pending_overdue) == (1, 1, 0)
    assert (june.total.carried_over, june.total.received_online, june.total.pending_total) == (1, 0, 1)
    # Paused on 20/05, before its due date: not overdue while waiting, though 09/06 has passed.
    assert june.total.pending_within == 1
    assert (july.total.carried_over, july.total.resolved_total, july.total.resolved_early) == (1, 1, 1)
    for report in (may, june, july):
        recount = app.reports.recount(report.period)
        assert (recount.rows, recount.total) == (report.rows, report.total)


def test_late_after_an_extension_and_the_original_date_kept(app):
    codes = [intake(app, XRAY, T(2021, 5, 10, 9, m)) for m in (0, 10, 20)]  # 5 working days: due 17/05 17:00
    for code in codes:
        app.lifecycle.record(
            EventRequest.of(code, "extended", at=T(2021, 5, 14, 9), new_due=date(2021, 5, 21), reason="chờ kiểm định")
        )
    early, late, still_open = codes
    app.lifecycle.record(
        EventRequest.of(early, "resolved", at=T(2021, 5, 20, 10))
    )  # after the original date, before the new one
    app.lifecycle.record(EventRequest.of(late, "resolved", at=T(2021, 5, 24, 9)))  # after the new date too
    app.lifecycle.record(EventRequest.of(still_open, "resolved", at=T(2021, 6, 16, 9)))
    may, june, july = (app.reports.report(p) for p in ("2021-05", "2021-06", "2021-07"))
    assert (may.total.received_direct, may.total.pending_within) == (3, 3)
    assert (june.total.carried_over, june.total.resolved_early, june.total.resolved_late) == (3, 1, 1)
    assert (june.total.pending_total, june.total.pending_overdue) == (1, 1)  # past 21/05 at the end of 14/06
    assert (july.total.carried_over, july.total.resolved_late) == (1, 1)
    detail = app.dossiers.detail(late)
    assert detail.late and detail.due_at == T(2021, 5, 21, 17) and detail.original_due_at == T(2021, 5, 17, 17)
    assert not app.dossiers.detail(early).late


def test_on_time_is_the_promised_day_and_late_is_after_the_promised_moment():
    due = T(2021, 5, 10, 17)
    assert classify_closure(T(2021, 5, 7, 16), due).value == "early"
    assert classify_closure(T(2021, 5, 10, 8), due).value == "on_time"
    assert classify_closure(T(2021, 5, 10, 17), due).value == "on_time"
    assert classify_closure(T(2021, 5, 10, 17, 0, 1), due).value == "late"
    # Paused before the due date: judged at the pause, whenever handling ended.
    assert classify_closure(T(2021, 6, 1, 9), due, paused_since=T(2021, 5, 9, 9)).value == "early"


def test_refused_stopped_withdrawn_count_as_handled_in_the_period_they_end(app):
    refused = intake(app, LICENCE, T(2021, 4, 1, 9))
    app.lifecycle.record(EventRequest.of(refused, "refused", at=T(2021, 4, 5, 9), reason="Không thuộc thẩm quyền"))
    stopped = intake(app, LICENCE, T(2021, 4, 1, 10), "online")
    app.lifecycle.record(EventRequest.of(stopped, "supplement_requested", at=T(2021, 4, 2, 9), missing=["1"]))
    app.lifecycle.record(EventRequest.of(stopped, "stopped", at=T(2021, 6, 20, 9), reason="Quá hạn bổ sung"))
    withdrawn = intake(app, KHCN, T(2021, 6, 1, 9))
    app.lifecycle.record(
        EventRequest.of(withdrawn, "withdrawn", at=T(2021, 7, 20, 9), reason="Người nộp xin rút")
    )  # after its due
    q2, q3 = app.reports.report("2021-Q2"), app.reports.report("2021-Q3")
    t = q2.total
    assert (t.received_total, t.resolved_total, t.resolved_refused, t.pending_total) == (3, 1, 1, 2)
    assert (q3.total.carried_over, q3.total.resolved_total, q3.total.resolved_stopped, q3.total.resolved_withdrawn) == (
        2,
        2,
        1,
        1,
    )
    # Stopped while paused since before its due date: early; withdrawn after its due date: late.
    assert (q3.total.resolved_early, q3.total.resolved_late) == (1, 1)
    assert any("1 dừng, 1 rút" in note for note in q3.notes)
    assert "01 hồ sơ dừng giải quyết, 01 hồ sơ do người nộp rút hồ sơ" in q3.summary
    recount = app.reports.recount("2021-Q3")
    assert (recount.rows, recount.total) == (q3.rows, q3.total)


def test_a_running_period_is_counted_up_to_now(app, clock):
    due_later_today = intake(app, XRAY, T(2021, 6, 3, 9))  # 5 working days: due 10/06 17:00
    overdue = intake(app, XRAY, T(2021, 6, 2, 9))  # due 09/06 17:00
    clock.moment = T(2021, 6, 10, 10, 15)
    report = app.reports.report("2021-Q2")
    assert report.as_of == clock.moment
    assert "tính đến 10:15 ngày 10/06/2021" in report.period_line
    assert (report.total.pending_total, report.total.pending_within, report.total.pending_overdue) == (2, 1, 1)
    assert "(số liệu tính đến 10:15 ngày 10/6/2021)" in report.summary
    recount = app.reports.recount("2021-Q2")
    assert recount.total == report.total
    clock.moment = T(2021, 6, 10, 17, 30)  # both promised moments have passed
    assert app.reports.report("2021-Q2").total.pending_overdue == 2
    with pytest.raises(ReportError, match="chưa bắt đầu"):
        app.reports.report("2021-Q3")
    assert due_later_today and overdue


# --- periods and rows ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, start, end, label",
    [
        ("2021-Q2", date(2021, 3, 15), date(2021, 6, 14), "Quý II năm 2021"),
        ("2021-Q1", date(2020, 12, 15), date(2021, 3, 14), "Quý I năm 2021"),
        ("Q4-2021", date(2021, 9, 15), date(2021, 12, 14), "Quý IV năm 2021"),
        ("2021-06", date(2021, 5, 15), date(2021, 6, 14), "Tháng 6 năm 2021"),
        ("1/2021", date(2020, 12, 15), date(2021, 1, 14), "Tháng 1 năm 2021"),
        ("2021-H1", date(2020, 12, 15), date(2021, 6, 14), "6 tháng đầu năm 2021"),
        ("2021-H2", date(2021, 6, 15), date(2021, 12, 14), "6 tháng cuối năm 2021"),
        ("2021", date(2020, 12, 15), date(2021, 12, 14), "Năm 2021"),
        ("2021-04-01..2021-04-30", date(2021, 4, 1), date(2021, 4, 30), "Từ ngày 01/04/2021 đến ngày 30/04/2021"),
    ],
)
def test_periods_run_from_the_15th_to_the_14th(text, start, end, label):
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize("text", ["2021-Q5", "2021-13", "quý 2", "", "2021-04-30..2021-04-01", "1999"])
def test_bad_periods_are_refused_in_vietnamese(text):
    with pytest.raises(PeriodError) as info:
        parse_period(text)
    assert any(word in str(info.value) for word in ("không", "trước", "ngoài"))


def test_row_identities_are_checked():
    good = ReportRow("X", "X", 10, 2, 3, 5, 6, 4, 1, 1, 4, 3, 1)
    assert good.check() is good
    for broken in (
        ReportRow("X", "X", 10, 2, 3, 4, 6, 4, 1, 1, 4, 3, 1),  # 3 ≠ 4+5+6
        ReportRow("X", "X", 10, 2, 3, 5, 6, 4, 1, 0, 4, 3, 1),  # 7 ≠ 8+9+10
        ReportRow("X", "X", 10, 2, 3, 5, 6, 4, 1, 1, 4, 2, 1),  # 11 ≠ 12+13
        ReportRow("X", "X", 10, 2, 3, 5, 5, 3, 1, 1, 4, 3, 1),  # 3 ≠ 7+11
    ):
        with pytest.raises(ReportIdentityError):
            broken.check()


# --- the store's counts: migration, rebuild, re-fold ----------------------------------------------------------------


def test_counts_survive_a_rebuild_and_agree_with_a_recount(reference):
    before = reference.reports.report("2021-Q2")
    assert reference.reports.check_counts() == []
    result = reference.reports.rebuild_counts()
    assert result.dossiers == 76 and "76 hồ sơ" in result.describe()
    assert reference.reports.check_counts() == []
    assert reference.reports.report("2021-Q2").total == before.total


def test_damaged_counts_are_found_and_repaired(app):
    assert app.reports.check_counts() == ["chưa tính lại số liệu tổng hợp sau khi nâng cấp (còn dấu cần tính lại)"]
    app.reports.ensure_counts()
    code = intake(app, XRAY, T(2021, 4, 5, 9))
    app.lifecycle.record(EventRequest.of(code, "resolved", at=T(2021, 4, 6, 9)))
    assert app.reports.check_counts() == []
    with app.db.write() as session:
        session.connection().exec_driver_sql(
            "UPDATE report_counts SET closed_early = closed_early + 5 WHERE grain = 'm'"
        )
    problems = app.reports.check_counts()
    assert problems and "closed_early" in problems[0]
    app.reports.rebuild_counts()
    assert app.reports.check_counts() == []


def test_refold_replaces_a_dossiers_contribution(app):
    """A re-fold (sync: events merged into the middle of a history) takes the old contribution away and adds the
    new one, through repository.store_projection."""
    from counter_app.domain.events import DossierEvent, EventKind
    from counter_app.domain.merge import merge_events
    from counter_app.store import repository
    from counter_app.store.models import DossierEventRow

    code = intake(app, XRAY, T(2021, 5, 3, 9))  # due 10/05 17:00
    app.lifecycle.record(EventRequest.of(code, "resolved", at=T(2021, 5, 20, 9)))  # late
    assert app.reports.report("2021-06").total.resolved_late == 1
    with app.db.write() as session:
        row = repository.dossier_by_code(session, code)
        # Another station extended the date on 07/05 (offline); its event arrives now.
        event = DossierEvent(
            "remote-1",
            row.id,
            "station-b",
            1,
            EventKind.EXTENDED,
            "Cán bộ B",
            T(2021, 5, 7, 9),
            {"due_at": "2021-05-21T17:00:00+07:00", "reason": "chờ kiểm định"},
        )
        session.add(
            DossierEventRow(
                id=event.id,
                dossier_id=row.id,
                station_id="station-b",
                station_seq=1,
                kind="extended",
                officer="Cán bộ B",
                occurred_at=event.occurred_at,
                occurred_utc="2021-05-07T02:00:00Z",
                recorded_at=event.occurred_at,
                payload=event.payload,
            )
        )
        session.flush()
        merged = merge_events(repository.dossier_events(session, row.id))
        received = next(e for e in merged.applied if e.kind == EventKind.RECEIVED)
        repository.store_projection(session, row, merged.state, received)
    june = app.reports.report("2021-06")
    assert (june.total.resolved_late, june.total.resolved_early) == (0, 1)
    assert app.reports.check_counts() == []
    assert app.dossiers.detail(code).extension_count == 1


def test_migration_0005_asks_for_a_rebuild_that_the_first_report_does(tmp_path, clock):
    """A store at 0004 with dossiers: after the upgrade the counts are rebuilt before the first report."""
    from alembic import command

    from counter_app.store.db import _alembic_config, open_database

    clock.moment = T(2021, 9, 30, 9)
    folder = tmp_path / "old"
    app = open_report_services(folder, clock)
    code = intake(app, XRAY, T(2021, 4, 5, 9))
    app.lifecycle.record(EventRequest.of(code, "supplement_requested", at=T(2021, 4, 6, 9), missing=["1"]))
    intake(app, KHCN, T(2021, 4, 7, 9), "online")
    expected = app.reports.report("2021-Q2")
    app.close()
    db = open_database(folder, migrate=False)
    with db.write_engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
        command.upgrade(cfg, "head")
    with db.read_engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM report_counts").scalar() == 1  # only the marker
        assert conn.exec_driver_sql("SELECT count(*) FROM dossier_search").scalar() == 2  # 0004's index kept
    db.dispose()
    app = open_report_services(folder, clock)
    try:
        assert app.reports.report("2021-Q2").total == expected.total
        assert app.reports.check_counts() == []
    finally:
        app.close()


# --- exports ------------------------------------------------------------------------------------------------------


def test_xlsx_is_laid_out_like_the_form_with_numbers_as_numbers(reference, tmp_path):
    from openpyxl import load_workbook

    report = reference.reports.report("2021-Q2")
    data = reference.reports.export(report, "xlsx")
    ws = load_workbook(io.BytesIO(data)).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A7:A8", "B7:B8", "C7:F7", "G7:J7", "K7:M7"} <= merged
    assert ws["A4"].value.startswith("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC")
    assert "Quý II năm 2021" in ws["A5"].value and "15/03/2021" in ws["A5"].value
    assert ws["A2"].value == "SỞ KHOA HỌC VÀ CÔNG NGHỆ" and ws["J1"].value == "Biểu số 06/VPCP/KSTT"
    assert [ws.cell(8, c).value for c in range(3, 14)] == [
        "Tổng số",
        "Trực tuyến",
        "Trực tiếp, dịch vụ bưu chính",
        "Từ kỳ trước",
        "Tổng số",
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
        "Tổng số",
        "Trong hạn",
        "Quá hạn",
    ]
    assert [ws.cell(9, c).value for c in range(1, 14)] == [f"({i})" for i in range(1, 14)]
    body = {ws.cell(r, 2).value: [ws.cell(r, c).value for c in range(3, 14)] for r in range(10, 14)}
    assert body["Sở hữu trí tuệ"] == [55, 0, 0, 55, 55, 55, 0, 0, 0, 0, 0]
    assert body["Tổng cộng"] == [71, 11, 3, 57, 71, 71, 0, 0, 0, 0, 0]
    assert all(isinstance(v, int) for v in body["Tổng cộng"])
    assert ws.page_setup.orientation == "landscape"
    texts = [ws.cell(r, 1).value for r in range(14, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, str)]
    assert any(t.startswith("Từ ngày 15/3/2021") for t in texts)
    assert any("từ chối giải quyết, dừng giải quyết hoặc người nộp rút" in t for t in texts)


def test_xlsx_by_procedure_groups_under_field_rows(reference):
    from openpyxl import load_workbook

    report = reference.reports.report("2021-Q2", by="procedure")
    ws = load_workbook(io.BytesIO(reference.reports.export(report, "xlsx"))).active
    column_a = [ws.cell(r, 1).value for r in range(10, 10 + 7)]
    assert column_a[0] == "I" and "II" in column_a and "III" in column_a
    atbx = next(
        r for r in range(10, 20) if ws.cell(r, 2).value == "Lĩnh vực Năng lượng nguyên tử, an toàn bức xạ và hạt nhân"
    )
    assert ws.cell(atbx, 3).value == 11 and ws.cell(atbx, 2).font.bold


@pytest.mark.skipif(not (shutil.which("libreoffice") or shutil.which("soffice")), reason="LibreOffice is not installed")
def test_libreoffice_converts_the_xlsx_to_pdf(reference, tmp_path):
    report = reference.reports.report("2021-Q2")
    source = tmp_path / "bieu06.xlsx"
    source.write_bytes(reference.reports.export(report, "xlsx"))
    office = shutil.which("libreoffice") or shutil.which("soffice")
    result = subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "bieu06.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    # poppler reads LibreOffice's PDF text as a person sees it (pypdf's extraction garbles its font subsets)
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC" in " ".join(text.split()) and "71" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = (float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height  # landscape


def test_pdf_is_a4_landscape_with_the_figures(reference):
    from pypdf import PdfReader

    report = reference.reports.report("2021-Q2")
    reader = PdfReader(io.BytesIO(reference.reports.export(report, "pdf")))
    assert len(reader.pages) == 1  # the quarter of three fields, notes, summary and signatures on one page
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    text = "".join(p.extract_text() for p in reader.pages)
    for needle in (
        "Biểu số 06/VPCP/KSTT",
        "Quý II năm 2021",
        "Sở hữu trí tuệ",
        "Tổng cộng",
        "(13)",
        "NGƯỜI LẬP BIỂU",
        "Tất cả 71 hồ sơ đều được giải quyết trước hạn.",
    ):
        assert needle in text.replace("\n", " "), needle


@pytest.mark.parametrize("copies", [2, 12], ids=["just-too-long", "several-pages"])
def test_pdf_signatures_stay_with_the_end_of_the_table_and_the_notes(reference, copies):
    # A report one page cannot hold: the place and date and the signatures go to the last page together with
    # the notes, the summary and the last rows of the table (the total row and at least one more), never alone.
    from dataclasses import replace

    from pypdf import PdfReader

    from counter_app.printing.report_pdf import render_report_pdf

    report = reference.reports.report("2021-Q2")
    report = replace(report, rows=report.rows * copies)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(render_report_pdf(report))).pages]
    assert len(pages) >= 2
    *first, last = pages
    for needle in (
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
        "Ghi chú:",
        "Tổng cộng",
        "(13)",
        "Tất cả 71 hồ sơ đều được giải quyết trước hạn.",
        f"{len(report.rows)} Sở hữu trí tuệ",
    ):
        assert needle in last, needle
    for page in first:
        assert "NGƯỜI LẬP BIỂU" not in page and "Ghi chú:" not in page and "Tổng cộng" not in page
        assert "Sở hữu trí tuệ" in page  # the table's own rows, not an empty page


def test_json_has_period_rows_and_total(reference):
    data = json.loads(reference.reports.export(reference.reports.report("2021-Q2"), "json"))
    assert data["period"]["from"] == "2021-03-15" and data["period"]["to"] == "2021-06-14"
    assert [r["field"] for r in data["rows"]] == ["KHCN", "ATBX", "SHTT"]  # field names in alphabetical order
    for item in (*data["rows"], data["total"]):
        assert set(OUTPUT_KEYS) <= set(item)
    assert data["total"]["received_total"] == 71 and data["total"]["carried_over"] == 57


def test_cli_report_writes_every_format(reference, monkeypatch, tmp_path, capsys):
    from counter_app import cli

    monkeypatch.setattr(cli, "_services", lambda: _Unclosed(reference))
    assert cli.main(["report", "--period", "2021-Q2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"]["received_total"] == 71
    for fmt in ("xlsx", "pdf", "json"):
        target = tmp_path / f"q2.{fmt}"
        assert cli.main(["report", "--period", "2021-Q2", "--output", str(target)]) == 0
        assert target.stat().st_size > 500
    assert (
        cli.main(
            [
                "report",
                "--from",
                "2021-03-15",
                "--to",
                "2021-06-14",
                "--by",
                "procedure",
                "--format",
                "json",
                "-o",
                str(tmp_path / "p.json"),
            ]
        )
        == 0
    )
    assert json.loads((tmp_path / "p.json").read_text())["total"]["received_total"] == 71
    capsys.readouterr()
    assert cli.main(["report", "--period", "2021-Q2", "--summary"]) == 0
    assert capsys.readouterr().out.startswith("Từ ngày 15/3/2021 đến ngày 14/6/2021")
    assert cli.main(["report", "--period", "2021-Q2", "--verify", "-o", str(tmp_path / "v.json")]) == 0
    assert cli.main(["report", "--check-aggregates"]) == 0
    assert cli.main(["report", "--period", "2021-Q7"]) == 2
    assert cli.main(["report", "--period", "2021-Q2", "--format", "pdf"]) == 2  # PDF needs --output
    assert cli.main(["report"]) == 2
    err = capsys.readouterr().err
    assert "'2021-Q7' không hợp lệ" in err and "--output" in err and "Thiếu kỳ báo cáo" in err


class _Unclosed:
    """The module's services, kept open when a CLI command closes them."""

    def __init__(self, services):
        self._services = services

    def __getattr__(self, name):
        return getattr(self._services, name)

    def close(self) -> None:
        pass


def test_cli_rebuild_in_a_subprocess(tmp_path):
    import os
    import sys

    env = dict(os.environ, COUNTER_APP_DATA_DIR=str(tmp_path / "data"))

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "counter_app", *args], capture_output=True, text=True, env=env, timeout=120
        )

    result = run("report", "--rebuild-aggregates")
    assert result.returncode == 0 and "Đã tính lại số liệu tổng hợp" in result.stdout, result.stderr
    result = run("report", "--period", "2021-Q2", "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout)["total"]["received_total"] == 0
    sqlite3.connect(tmp_path / "data" / "counter.sqlite3").close()


def test_counts_are_written_in_the_events_transaction(app):
    """An event rolled back takes its counts with it (the counts are written on the same connection)."""
    from counter_app.domain.events import DossierEvent, EventKind
    from counter_app.store import repository

    app.reports.ensure_counts()
    code = intake(app, XRAY, T(2021, 4, 5, 9))
    before = app.reports.report("2021-Q2").total
    with pytest.raises(RuntimeError):
        with app.db.write() as session:
            row = repository.dossier_by_code(session, code)
            repository.append_event(
                session,
                DossierEvent("x1", row.id, "s", 99, EventKind.RESOLVED, "A", T(2021, 4, 6, 9), {}),
                recorded_at=T(2021, 4, 6, 9),
            )
            raise RuntimeError("printer on fire")
    assert app.reports.report("2021-Q2").total == before
    assert app.reports.check_counts() == []
