"""DossierListService: pages (keyset), filters, today's counts, urgency, the due-date explanation, the apology
proposal. The clock is the conftest FakeClock: Wednesday 25/11/2026 09:30 unless a test moves it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.events import EventKind
from counter_app.services.dossier_list import DossierFilter, DueFilter
from counter_app.services.intake import IntakeRequest
from tests.conftest import CERT_CODE, XRAY_CODE

TODAY = date(2026, 11, 25)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=OFFICE_TZ)


def intake(services, clock, moment: datetime, name: str, procedure: str = XRAY_CODE, **extra) -> str:
    clock.moment = moment
    return services.intake.intake(IntakeRequest(procedure_code=procedure, applicant_name=name, **extra)).code


@pytest.fixture
def office(services, clock):
    """Dossiers in every situation the list must tell apart, seen at Wednesday 25/11/2026 09:30.

    Working days: Tuesday 24/11/2026 is a (provisional) holiday in the bundled calendar, so the X-ray procedure
    (5 working days) received on 17/11 counts 18, 19, 20, 23, 25/11.
    """
    codes = {
        # Received Tue 17/11 → due Wed 25/11 17:00: due today, and still being handled.
        "due_today": intake(services, clock, at(17, 9), "Nguyễn Thị Hương", id_number="001190012345"),
        # Received Wed 11/11 → due 18/11: overdue now.
        "overdue": intake(services, clock, at(11, 10), "Đặng Văn Hải", channel="postal"),
        # Received Mon 16/11 → due 23/11, but waiting for supplements since 20/11: paused, not overdue.
        "paused": intake(services, clock, at(16, 9), "Trần Thị Hà"),
        # Received 17/11 → due today, already resolved: due today (the applicant may come), not urgent.
        "resolved": intake(services, clock, at(17, 10), "Lê Minh Đức"),
        # Certificate (10 working days) received today: nothing pressing.
        "fresh": intake(services, clock, at(25, 8), "Phạm Quang Vinh", procedure=CERT_CODE),
        # Received Wed 18/11 → due Thu 26/11 17:00, the next working day: due soon.
        "tomorrow": intake(services, clock, at(18, 9), "Hoàng Thị Ngọc"),
        # Received Thu 19/11 → due Fri 27/11: two working days away, not yet flagged.
        "friday": intake(services, clock, at(19, 9), "Vũ Đình Trung"),
    }
    clock.moment = at(20, 9)
    services.lifecycle.record(
        EventRequest.of(codes["paused"], EventKind.SUPPLEMENT_REQUESTED, missing=["1"], reason="Thiếu bản sao")
    )
    services.lifecycle.record(EventRequest.of(codes["resolved"], EventKind.RESOLVED, result="Giấy xác nhận khai báo"))
    clock.moment = at(25, 9, 30)
    return codes


def codes_of(rows) -> list[str]:
    return [r.code for r in rows]


def test_pages_continue_after_the_last_row(services, clock):
    made = [intake(services, clock, at(24, 8, i * 5), f"Người Thứ {chr(65 + i)}") for i in range(7)]
    listing = services.dossier_list
    first = listing.page(limit=3)
    assert codes_of(first) == made[::-1][:3]  # newest received first
    second = listing.page(after=first[-1], limit=3)
    third = listing.page(after=second[-1], limit=3)
    assert codes_of(first + second + third) == made[::-1]
    assert listing.page(after=third[-1], limit=3) == []
    assert codes_of(listing.page(offset=2, limit=2)) == made[::-1][2:4]
    assert listing.count() == 7


def test_ties_on_the_received_second_do_not_lose_rows(services, clock):
    made = [intake(services, clock, at(24, 9), f"Người Cùng Giờ {chr(65 + i)}") for i in range(5)]
    listing = services.dossier_list
    seen = []
    after = None
    while page := listing.page(after=after, limit=2):
        seen += codes_of(page)
        after = page[-1]
    assert sorted(seen) == sorted(made) and len(seen) == 5


def test_filters(services, office):
    listing = services.dossier_list
    assert codes_of(listing.page(DossierFilter(status="awaiting_supplement"))) == [office["paused"]]
    assert codes_of(listing.page(DossierFilter(channel="postal"))) == [office["overdue"]]
    assert codes_of(listing.page(DossierFilter(procedure_code=CERT_CODE))) == [office["fresh"]]
    assert listing.count(DossierFilter(field_code="ATBX")) == 7
    assert listing.count(DossierFilter(field_code="SHTT")) == 0
    received = listing.page(DossierFilter(received_from=date(2026, 11, 17), received_to=date(2026, 11, 18)))
    assert set(codes_of(received)) == {office["due_today"], office["resolved"], office["tomorrow"]}
    assert listing.count(DossierFilter(received_from=TODAY, received_to=TODAY)) == 1


def test_due_filters(services, office):
    listing = services.dossier_list
    assert set(codes_of(listing.page(DossierFilter(due=DueFilter.TODAY)))) == {office["due_today"], office["resolved"]}
    assert codes_of(listing.page(DossierFilter(due=DueFilter.OVERDUE))) == [office["overdue"]]
    soon = listing.page(DossierFilter(due=DueFilter.WITHIN, due_within_days=1))
    assert set(codes_of(soon)) == {office["due_today"], office["tomorrow"]}
    within_two = listing.page(DossierFilter(due=DueFilter.WITHIN, due_within_days=2))
    assert set(codes_of(within_two)) == {office["due_today"], office["tomorrow"], office["friday"]}
    within_ten = listing.page(DossierFilter(due=DueFilter.WITHIN, due_within_days=10))
    assert set(codes_of(within_ten)) == {office["due_today"], office["tomorrow"], office["friday"], office["fresh"]}
    assert codes_of(listing.page(DossierFilter(due=DueFilter.WITHIN, due_within_days=0))) == [office["due_today"]]
    # A status filter narrows a due filter.
    assert listing.count(DossierFilter(status="resolved", due=DueFilter.TODAY)) == 1
    assert listing.count(DossierFilter(status="resolved", due=DueFilter.OVERDUE)) == 0


def test_today_counts(services, office):
    counts = services.dossier_list.today_counts()
    assert counts == {
        "received": 1,
        "due": 2,
        "overdue": 1,
        "awaiting_supplement": 1,
        "due_soon": 2,
        "awaiting_return": 1,
    }


def test_rows_carry_urgency_and_masked_numbers(services, office):
    rows = {r.code: r for r in services.dossier_list.page()}
    assert rows[office["overdue"]].urgency == "overdue"
    assert rows[office["due_today"]].urgency == "due_soon"
    assert rows[office["tomorrow"]].urgency == "due_soon"
    assert rows[office["paused"]].urgency == "" and rows[office["paused"]].paused
    assert rows[office["resolved"]].urgency == ""
    assert rows[office["fresh"]].urgency == ""
    assert rows[office["friday"]].urgency == ""
    assert rows[office["due_today"]].id_number_masked == "••••••••2345"
    assert rows[office["due_today"]].procedure_name.startswith("Khai báo thiết bị X-quang")
    assert services.dossier_list.due_soon() and set(codes_of(services.dossier_list.due_soon())) == {
        office["due_today"],
        office["tomorrow"],
    }


def test_due_explanation_with_a_pause(services, office, clock):
    listing = services.dossier_list
    explanation = listing.due_explanation(office["paused"])
    assert explanation.paused
    assert any(line.startswith("Nhận hồ sơ lúc 09:00 ngày Thứ Hai 16/11/2026") for line in explanation.lines)
    assert any("Tạm dừng từ 09:00 ngày 20/11/2026" in line for line in explanation.lines)
    clock.moment = at(26, 9)
    services.lifecycle.record(EventRequest.of(office["paused"], EventKind.SUPPLEMENT_RECEIVED))
    explanation = listing.due_explanation(office["paused"])
    assert not explanation.paused
    assert explanation.lines[-1].startswith("Hẹn trả kết quả:")
    detail = services.dossiers.detail(office["paused"])
    assert f"{detail.due_at:%d/%m/%Y}" in explanation.lines[-1]
    overdue = listing.due_explanation(office["overdue"])
    assert overdue.warnings[0].startswith("Đã quá hạn từ 17:00 ngày 18/11/2026")


def test_apology_proposal_is_recordable(services, office):
    listing = services.dossier_list
    proposal = listing.apology_proposal(office["due_today"])
    assert not proposal.late_already
    assert proposal.new_due == at(2, 17, month=12)  # five working days after Wed 25/11: Wed 02/12, close of office
    assert "17:00 ngày 25/11/2026" in proposal.reason
    result = services.lifecycle.record(
        EventRequest.of(office["due_today"], EventKind.EXTENDED, reason=proposal.reason, new_due=proposal.new_due)
    )
    assert result.detail.due_at == proposal.new_due
    assert result.detail.original_due_at == at(25, 17)
    explanation = listing.due_explanation(office["due_today"])
    assert any(line.startswith("Xin lỗi và hẹn lại") for line in explanation.lines)
    assert explanation.lines[-1] == "Ngày hẹn trả hiện tại: 17:00 ngày 02/12/2026."
    # No longer due soon: the new date is a week away.
    assert office["due_today"] not in codes_of(listing.due_soon())
    late = listing.apology_proposal(office["overdue"])
    assert late.late_already and late.new_due > services.dossier_list.now()


def test_pages_use_the_right_index_with_and_without_statistics(services, office):
    """Plans are checked on a store never analysed (the usual case) and after ANALYZE, including statistics left
    over from before migration 0007 widened ix_dossiers_status_due."""
    from alembic import command
    from sqlalchemy import text

    from counter_app.store import tracking as store
    from counter_app.store.db import _alembic_config

    listing = services.dossier_list

    def plans(filters: DossierFilter) -> list[str]:
        with services.db.read() as session:
            return store.query_plan(session, store.page_statement(listing.conditions(filters), limit=100))

    def check() -> None:
        by_status = " ".join(plans(DossierFilter(status="received")))
        assert "ix_dossiers_status_received" in by_status and "TEMP B-TREE FOR ORDER BY" not in by_status
        overdue = " ".join(plans(DossierFilter(due=DueFilter.OVERDUE)))
        assert "INDEX ix_dossiers_pending_received" in overdue and "TEMP B-TREE" not in overdue  # migration 0023
        due_today = " ".join(plans(DossierFilter(due=DueFilter.TODAY)))
        assert "COVERING INDEX ix_dossiers_status_due" in due_today
        plain = " ".join(plans(DossierFilter()))
        assert "ix_dossiers_received_at" in plain

    check()
    with services.db.write_engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
        # As a store analysed before 0007 would be: no statistics for the widened index.
        conn.exec_driver_sql("DELETE FROM sqlite_stat1 WHERE idx = 'ix_dossiers_status_due'")
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
        conn.exec_driver_sql("DELETE FROM sqlite_stat1 WHERE idx = 'ix_dossiers_status_due'")
        command.upgrade(cfg, "head")
    with services.db.read() as session:
        assert (
            session.execute(text("SELECT count(*) FROM sqlite_stat1 WHERE idx = 'ix_dossiers_status_due'")).scalar()
            == 1
        )
    check()
    assert codes_of(listing.page(DossierFilter(due=DueFilter.OVERDUE))) == [office["overdue"]]
