"""An apology with a new date (form 04) extends a dossier only when it is made by the due moment.

Decree 61/2018/NĐ-CP Art. 19: the deciding agency sends the apology with the new date before the due date. One
recorded after the due moment is kept (the applicant is told the new date) but the dossier stays late everywhere:
its due date on record, the list's "overdue", the report's "quá hạn", the timeline and the due-date explanation.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.dossier import project_received
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.lifecycle import apply_event, describe_event, extension_in_time
from counter_app.services.dossier_list import DossierFilter, DueFilter
from tests.test_reports import XRAY, intake, open_report_services


def T(*args: int) -> datetime:
    return datetime(*args, tzinfo=OFFICE_TZ)


DUE = T(2021, 5, 17, 17)  # an X-ray declaration received Mon 10/05/2021 09:00: 5 working days


@pytest.fixture
def app(data_dir, clock):
    clock.moment = T(2021, 5, 18, 10)
    services = open_report_services(data_dir, clock)
    yield services
    services.close()


def _received() -> DossierEvent:
    return DossierEvent(
        "e1", "d1", "s", 1, EventKind.RECEIVED, "A", T(2021, 5, 10, 9), {"code": "X", "due_at": DUE.isoformat()}
    )


def _extended(at: datetime) -> DossierEvent:
    payload = {"due_at": T(2021, 5, 21, 17).isoformat(), "reason": "chờ kiểm định", "previous_due_at": DUE.isoformat()}
    return DossierEvent("e2", "d1", "s", 2, EventKind.EXTENDED, "A", at, payload)


def test_the_rule_in_the_projection():
    state = project_received(_received())
    assert extension_in_time(DUE, DUE) and not extension_in_time(T(2021, 5, 17, 17, 0, 1), DUE)
    in_time = apply_event(state, _extended(DUE))  # at the due moment itself: still in time
    assert in_time.due_at == T(2021, 5, 21, 17) and in_time.extension_count == 1
    after = apply_event(state, _extended(T(2021, 5, 18, 9)))
    assert after.due_at == DUE and after.extension_count == 1
    assert "ghi sau khi đã quá hạn" in describe_event(_extended(T(2021, 5, 18, 9)))
    assert "quá hạn" not in describe_event(_extended(T(2021, 5, 17, 9)))


def test_an_extension_after_the_due_date_is_recorded_but_the_dossier_stays_late(app, clock):
    late_one, timely = intake(app, XRAY, T(2021, 5, 10, 9)), intake(app, XRAY, T(2021, 5, 10, 9, 5))
    result = app.lifecycle.record(
        EventRequest.of(late_one, "extended", at=T(2021, 5, 18, 9), new_due=date(2021, 5, 21), reason="chờ")
    )
    assert result.event.payload["due_at"] == "2021-05-21T17:00:00+07:00"  # the applicant's new date is kept
    assert result.detail.due_at == DUE and result.detail.extension_count == 1
    assert any("vẫn tính là quá hạn" in w and "Nghị định 61/2018/NĐ-CP, Điều 19" in w for w in result.warnings)
    on_time = app.lifecycle.record(
        EventRequest.of(timely, "extended", at=T(2021, 5, 17, 9), new_due=date(2021, 5, 21), reason="chờ")
    )
    assert on_time.detail.due_at == T(2021, 5, 21, 17) and not on_time.warnings

    # The list: the late one is overdue, the extended one is not.
    overdue = {row.code for row in app.dossier_list.page(DossierFilter(due=DueFilter.OVERDUE))}
    assert late_one in overdue and timely not in overdue
    explanation = app.dossier_list.due_explanation(late_one)
    assert any("ghi sau khi đã quá hạn" in line for line in explanation.lines)
    assert explanation.warnings[0].startswith("Đã quá hạn từ 17:00 ngày 17/05/2021")

    # Both resolved on 20/05, before the new date: only the timely extension is on time in the report.
    clock.moment = T(2021, 7, 1, 9)
    for code in (late_one, timely):
        app.lifecycle.record(EventRequest.of(code, "resolved", at=T(2021, 5, 20, 10)))
    assert app.dossiers.detail(late_one).late and not app.dossiers.detail(timely).late
    june = app.reports.report("2021-06")
    assert (june.total.resolved_late, june.total.resolved_early) == (1, 1)
    # A rebuild from the events agrees (the rule lives in the projection, not only in the recording service).
    app.reports.rebuild_counts()
    assert app.reports.report("2021-06").total.resolved_late == 1


def test_an_extension_is_capped_by_what_the_law_allows(app, clock):
    """Once per dossier (Decree 61/2018 Art. 19 as amended by Decree 107/2021), and no further than the procedure's
    own processing time past the due date in force (the law sets no number of days; this bound keeps a typo such as
    31/12/2099 off the apology slip and out of the reports). The Vietnamese message names the cap."""
    from counter_app.domain.validation import ValidationError

    clock.moment = T(2021, 5, 14, 10)
    code = intake(app, XRAY, T(2021, 5, 10, 9))  # 5 working days: due Mon 17/05 17:00
    for too_far in (date(2021, 5, 25), date(2099, 12, 31)):
        with pytest.raises(ValidationError) as caught:
            app.lifecycle.record(
                EventRequest.of(code, "extended", at=T(2021, 5, 14, 9), new_due=too_far, reason="chờ kiểm định")
            )
        message = caught.value.for_field("new_due").message
        assert "muộn nhất là 17:00 ngày 24/05/2021" in message and "05 ngày làm việc" in message
        assert "văn bản pháp luật không quy định số ngày" in message
    assert app.dossiers.detail(code).extension_count == 0  # nothing written
    first = app.lifecycle.record(
        EventRequest.of(code, "extended", at=T(2021, 5, 14, 9), new_due=date(2021, 5, 24), reason="chờ")
    )
    assert first.detail.due_at == T(2021, 5, 24, 17)
    with pytest.raises(ValidationError) as caught:
        app.lifecycle.record(
            EventRequest.of(code, "extended", at=T(2021, 5, 14, 9, 30), new_due=date(2021, 5, 26), reason="chờ")
        )
    message = caught.value.for_field("new_due").message
    assert "đã được hẹn lại ngày trả kết quả 1 lần" in message and "Nghị định 107/2021/NĐ-CP" in message
    assert app.dossiers.detail(code).extension_count == 1


def test_the_command_line_says_the_cap(data_dir, clock, capsys):
    from counter_app import cli

    clock.moment = T(2021, 5, 14, 10)
    services = open_report_services(data_dir, clock)
    try:
        from conftest import set_up_station

        set_up_station(services.settings)
        code = intake(services, XRAY, T(2021, 5, 10, 9))
    finally:
        services.close()
    argv = ["event", code, "extended", "--new-due", "2099-12-31", "--reason", "chờ", "--at", "2021-05-14T09:00"]
    assert cli.main(argv) == cli.EXIT_INVALID
    out, err = capsys.readouterr()
    assert out == "" and "muộn nhất là 17:00 ngày 24/05/2021" in err and "Traceback" not in err


def test_a_late_apology_counts_its_bound_from_when_it_is_made(app, clock):
    """A dossier already late still gets its apology and new date (it stays late): the bound runs from the moment
    the apology is recorded, and the dossier list's proposal never goes past it."""
    from counter_app.domain.validation import ValidationError

    clock.moment = T(2021, 5, 28, 10)
    code = intake(app, XRAY, T(2021, 5, 10, 9))  # due 17/05, recorded 28/05: five working days on is Fri 04/06
    proposal = app.dossier_list.apology_proposal(code)
    assert proposal.late_already and proposal.new_due == T(2021, 6, 4, 17)
    with pytest.raises(ValidationError, match="lúc ghi nhận"):
        app.lifecycle.record(
            EventRequest.of(code, "extended", at=T(2021, 5, 28, 9), new_due=date(2021, 6, 7), reason="chờ")
        )
    result = app.lifecycle.record(
        EventRequest.of(code, "extended", at=T(2021, 5, 28, 9), new_due=proposal.new_due, reason="chờ")
    )
    assert result.event.payload["due_at"] == "2021-06-04T17:00:00+07:00" and result.detail.due_at == DUE
