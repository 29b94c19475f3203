"""Dossier lifecycle: the transition table exhaustively, pauses across supplement rounds, extensions, time order,
and that a refused event writes nothing."""

from __future__ import annotations

import itertools
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.dossier import ONE_STOP_UNIT, STATUS_LABELS, DossierStatus
from counter_app.domain.event_kinds import EVENT_LABELS, EventRequest
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.lifecycle import (
    TERMINAL_STATUSES,
    TRANSITIONS,
    TransitionError,
    allowed_kinds,
    apply_event,
    can_follow,
    fold_events,
    target_status,
)
from counter_app.domain.validation import ValidationError
from counter_app.services.intake import IntakeRequest
from counter_app.store import repository
from counter_app.store.models import Dossier, DossierEventRow
from tests.conftest import CERT_CODE, XRAY_CODE

S = DossierStatus
K = EventKind


def T(*args: int) -> datetime:
    return datetime(*args, tzinfo=OFFICE_TZ)


# The table as the rules state it (ARCHITECTURE decision 1, DOMAIN.md §1.1): written out here independently of
# the module, so a change to either one shows up.
EXPECTED: dict[EventKind, tuple[set[DossierStatus], DossierStatus | None]] = {
    K.RECEIVED: (set(), S.RECEIVED),
    K.HANDED_OVER: ({S.RECEIVED, S.IN_PROGRESS}, S.IN_PROGRESS),
    K.RETURNED_FROM_DIVISION: ({S.IN_PROGRESS}, S.IN_PROGRESS),
    K.SUPPLEMENT_REQUESTED: ({S.RECEIVED, S.IN_PROGRESS}, S.AWAITING_SUPPLEMENT),
    K.SUPPLEMENT_RECEIVED: ({S.AWAITING_SUPPLEMENT}, S.IN_PROGRESS),
    K.REFUSED: ({S.RECEIVED, S.IN_PROGRESS, S.AWAITING_SUPPLEMENT}, S.REFUSED),
    K.EXTENDED: ({S.RECEIVED, S.IN_PROGRESS, S.AWAITING_SUPPLEMENT}, None),
    K.STOPPED: ({S.RECEIVED, S.IN_PROGRESS, S.AWAITING_SUPPLEMENT}, S.STOPPED),
    K.RESOLVED: ({S.RECEIVED, S.IN_PROGRESS}, S.RESOLVED),
    K.RESULT_RETURNED: ({S.RESOLVED}, S.RETURNED),
    K.WITHDRAWN: ({S.RECEIVED, S.IN_PROGRESS, S.AWAITING_SUPPLEMENT}, S.WITHDRAWN),
    K.SLIP_PRINTED: (set(S), None),
    K.FILE_ATTACHED: (set(S), None),  # a scan may be added to the file whatever happened to the dossier
    K.RATED: (set(S), None),  # a rating may come at intake, at return or later; it changes nothing else
    # Fees (domain/fees.py) may be collected, refunded or cancelled whatever the dossier's status.
    K.FEE_COLLECTED: (set(S), None),
    K.FEE_REFUNDED: (set(S), None),
    K.FEE_CANCELLED: (set(S), None),
    K.FILE_STORED: (set(S), None),  # the paper file may be put away or moved whatever the status
}
FEE_KINDS = (K.FEE_COLLECTED, K.FEE_REFUNDED, K.FEE_CANCELLED)

PAIRS = list(itertools.product(list(S), list(K)))


def test_every_kind_has_a_row_and_the_table_matches_the_rules():
    assert set(TRANSITIONS) == set(K) == set(EXPECTED)
    for kind, (sources, target) in EXPECTED.items():
        for status in S:
            assert can_follow(status, kind) == (status in sources), (status, kind)
            if status in sources:
                assert target_status(status, kind) == (target or status)
    assert all(
        allowed_kinds(status) == (K.SLIP_PRINTED, K.FILE_ATTACHED, K.RATED, *FEE_KINDS, K.FILE_STORED)
        for status in TERMINAL_STATUSES
    )
    assert can_follow(None, K.RECEIVED) and not can_follow(None, K.HANDED_OVER)


# --- pure domain: every (status, event) pair through apply_event --------------------------------------------

_seq = itertools.count(1)
RECEIVED_AT = T(2026, 11, 2, 9, 0)
DUE = T(2026, 11, 16, 17, 0)


def _event(kind: EventKind, at: datetime, **payload) -> DossierEvent:
    return DossierEvent(f"e{next(_seq)}", "d1", "station", next(_seq), kind, "Cán bộ A", at, payload)


def _valid_payload(kind: EventKind) -> dict:
    return {
        K.RECEIVED: {"code": "H61.22-261102-1001", "due_at": DUE.isoformat()},
        K.HANDED_OVER: {"from_unit": "Bộ phận Một cửa", "to_unit": "Phòng Quản lý chuyên ngành"},
        K.RETURNED_FROM_DIVISION: {"from_unit": "Phòng Quản lý chuyên ngành", "to_unit": "Bộ phận Một cửa"},
        K.SUPPLEMENT_REQUESTED: {"missing": ["Ảnh 3x4"], "reason": "thiếu ảnh"},
        K.SUPPLEMENT_RECEIVED: {"due_at": T(2026, 11, 18, 17).isoformat()},
        K.REFUSED: {"reason": "không thuộc thẩm quyền"},
        K.EXTENDED: {"due_at": T(2026, 11, 30, 17).isoformat(), "reason": "cần thẩm định thêm"},
        K.STOPPED: {"reason": "người nộp đề nghị dừng"},
        K.RESOLVED: {},
        K.RESULT_RETURNED: {"receiver": "Nguyễn Thị Hương", "method": "counter"},
        K.WITHDRAWN: {},
        K.SLIP_PRINTED: {"form": "receipt"},
        K.FILE_ATTACHED: {"sha256": "ab" * 32, "size": 1200, "media_type": "application/pdf", "role": "component"},
        K.RATED: {"level": 2, "stage": "return"},
        K.FEE_COLLECTED: {**_RECEIPT, "amount": 200000, "method": "cash", "payer": "Nguyễn Thị Hương"},
        K.FEE_REFUNDED: {**_RECEIPT, "amount": 50000, "method": "cash", "reason": "thu thừa"},
        K.FEE_CANCELLED: {**_RECEIPT, "amount": 150000, "method": "cash", "reason": "viết sai"},
        K.FILE_STORED: {"file_location": "Kệ 3 hộp 12"},
    }[kind]


_RECEIPT = {"receipt_series": "BL-26", "receipt_number": 1000001}


# How to bring a dossier to each status: kinds after `received`.
PATHS: dict[DossierStatus, tuple[EventKind, ...]] = {
    S.RECEIVED: (),
    S.IN_PROGRESS: (K.HANDED_OVER,),
    S.AWAITING_SUPPLEMENT: (K.HANDED_OVER, K.SUPPLEMENT_REQUESTED),
    S.STOPPED: (K.STOPPED,),
    S.REFUSED: (K.REFUSED,),
    S.RESOLVED: (K.HANDED_OVER, K.RESOLVED),
    S.RETURNED: (K.RESOLVED, K.RESULT_RETURNED),
    S.WITHDRAWN: (K.WITHDRAWN,),
}


def _state_in(status: DossierStatus):
    events = [_event(K.RECEIVED, RECEIVED_AT, **_valid_payload(K.RECEIVED))]
    for hour, kind in enumerate(PATHS[status], start=10):
        events.append(_event(kind, T(2026, 11, 3, hour), **_valid_payload(kind)))
    state = fold_events(events)
    assert state is not None and state.status == status
    return state


@pytest.mark.parametrize(("status", "kind"), PAIRS, ids=[f"{s.value}-{k.value}" for s, k in PAIRS])
def test_domain_transition(status: DossierStatus, kind: EventKind):
    state = _state_in(status)
    event = _event(kind, T(2026, 11, 4, 9), **_valid_payload(kind))
    sources, target = EXPECTED[kind]
    if status in sources:
        after = apply_event(state, event)
        assert after.status == (target or status)
        assert after.last_event_at == event.occurred_at
    else:
        with pytest.raises(TransitionError) as info:
            apply_event(state, event)
        message = str(info.value)
        assert state.code in message
        if kind != K.RECEIVED:
            assert message == (
                f"Hồ sơ {state.code} đang ở trạng thái «{STATUS_LABELS[status]}»: "
                f"không thể ghi nhận «{EVENT_LABELS[kind]}»."
            )


def test_domain_refuses_events_before_the_last_one_and_incomplete_ones():
    state = _state_in(S.IN_PROGRESS)
    with pytest.raises(TransitionError, match="trước sự kiện gần nhất"):
        apply_event(state, _event(K.RESOLVED, T(2026, 11, 3, 9)))
    with pytest.raises(TransitionError, match="lý do"):
        apply_event(state, _event(K.REFUSED, T(2026, 11, 5, 9), reason="  "))
    with pytest.raises(TransitionError, match="muộn hơn"):
        apply_event(state, _event(K.EXTENDED, T(2026, 11, 5, 9), reason="x", due_at=DUE.isoformat()))
    with pytest.raises(TransitionError, match="giấy tờ"):
        apply_event(state, _event(K.SUPPLEMENT_REQUESTED, T(2026, 11, 5, 9), missing=[]))
    with pytest.raises(TransitionError, match="chưa được tiếp nhận"):
        apply_event(None, _event(K.HANDED_OVER, T(2026, 11, 5, 9), to_unit="X"))


def test_domain_projection_of_pauses_location_and_outcome():
    state = _state_in(S.AWAITING_SUPPLEMENT)
    assert state.location == "Phòng Quản lý chuyên ngành"
    assert state.paused and state.paused_since == T(2026, 11, 3, 11) and state.supplement_rounds == 1
    state = apply_event(state, _event(K.REFUSED, T(2026, 11, 5, 9), reason="hồ sơ giả mạo"))
    # Refused while waiting: the wait ends there; the due date stays.
    assert not state.paused and state.pauses[-1].end == T(2026, 11, 5, 9)
    assert state.outcome == "refused" and state.due_at == DUE


# --- the service: every (status, event) pair against a real store ---------------------------------------------


def _details(kind: EventKind, *, setup: bool = False) -> dict:
    return {
        K.RECEIVED: {},
        # A handover from one division to another (in_progress → in_progress) names a different unit.
        K.HANDED_OVER: {"to_unit": "Phòng Quản lý chuyên ngành" if setup else "Phòng Kế hoạch - Tài chính"},
        K.RETURNED_FROM_DIVISION: {},
        K.SUPPLEMENT_REQUESTED: {"missing": ["1"], "reason": "đơn chưa ký"},
        K.SUPPLEMENT_RECEIVED: {},
        K.REFUSED: {"reason": "không thuộc thẩm quyền"},
        K.EXTENDED: {"new_due": date(2026, 12, 18), "reason": "cần lấy ý kiến chuyên gia"},
        K.STOPPED: {"reason": "người nộp đề nghị dừng"},
        K.RESOLVED: {"result": "Chứng chỉ số 12/CC"},
        K.RESULT_RETURNED: {"receiver": "Nguyễn Thị Hương", "receiver_id": "001203004567", "method": "counter"},
        K.WITHDRAWN: {"reason": "người nộp rút"},
        K.SLIP_PRINTED: {"form": "receipt"},
        K.FILE_ATTACHED: {"sha256": "cd" * 32, "size": 2048, "media_type": "image/png", "filename": "anh.png"},
        K.RATED: {"level": "1", "comment": "Cán bộ hướng dẫn tận tình"},
        K.FEE_COLLECTED: {"amount": "200000", "payment_method": "cash"},
        K.FEE_REFUNDED: {"amount": "50000", "reason": "thu thừa"},
        K.FEE_CANCELLED: {"reason": "viết sai"},
        K.FILE_STORED: {"file_location": "Kệ 3 hộp 12"},
    }[kind]


def _intake(services, name: str = "Nguyễn Thị Hương", procedure: str = CERT_CODE, **kw):
    return services.intake.intake(IntakeRequest(procedure_code=procedure, applicant_name=name, **kw)).code


def _snapshot(services, code: str):
    with services.db.read() as s:
        row = repository.dossier_by_code(s, code)
        events = s.scalar(select(func.count()).select_from(DossierEventRow))
        return events, repository.dossier_state_from_row(row), services.dossiers.detail(code).to_json()


@pytest.mark.parametrize("status", list(S), ids=[s.value for s in S])
def test_service_transition_table_exhaustively(services, status: DossierStatus):
    for kind in K:
        code = _intake(services)
        for step in PATHS[status]:
            services.lifecycle.record(EventRequest.of(code, step, **_details(step, setup=True)))
        assert services.dossiers.detail(code).status == status.value
        if kind in (K.FEE_REFUNDED, K.FEE_CANCELLED):  # they name a receipt: collect one first
            services.lifecycle.record(EventRequest.of(code, K.FEE_COLLECTED, **_details(K.FEE_COLLECTED)))
        sources, target = EXPECTED[kind]
        before = _snapshot(services, code)
        if status in sources:
            result = services.lifecycle.record(EventRequest.of(code, kind, **_details(kind)))
            assert result.status == (target or status).value, (status, kind)
            assert result.event.kind == kind and result.event.officer == "Cán bộ tiếp nhận"
            assert _snapshot(services, code)[0] == before[0] + 1
        else:
            with pytest.raises(TransitionError) as info:
                services.lifecycle.record(EventRequest.of(code, kind, **_details(kind)))
            assert code in str(info.value) and (kind == K.RECEIVED or STATUS_LABELS[status] in str(info.value))
            assert _snapshot(services, code) == before, f"{status} × {kind} wrote something"


def test_projection_is_a_fold_of_the_stored_events(services, clock):
    code = _intake(services, received_at=T(2026, 11, 2, 9))
    steps = [
        (K.HANDED_OVER, T(2026, 11, 2, 10), {"to_unit": "Phòng Quản lý chuyên ngành"}),
        (K.SUPPLEMENT_REQUESTED, T(2026, 11, 4, 10), {"missing": ["2"]}),
        (K.SUPPLEMENT_RECEIVED, T(2026, 11, 9, 10), {}),
        (K.EXTENDED, T(2026, 11, 10, 9), {"new_due": T(2026, 11, 27, 10), "reason": "chờ kết quả kiểm định"}),
        (K.RETURNED_FROM_DIVISION, T(2026, 11, 12, 9), {}),
        (K.RESOLVED, T(2026, 11, 20, 15), {}),
    ]
    for kind, at, details in steps:
        services.lifecycle.record(EventRequest.of(code, kind, at=at, **details))
    services.dossiers.record_printed(code)
    with services.db.read() as s:
        row = repository.dossier_by_code(s, code)
        stored = repository.dossier_state_from_row(row)
        rebuilt = fold_events(repository.dossier_events(s, row.id))
    assert rebuilt is not None
    for name in (
        "status",
        "due_at",
        "original_due_at",
        "last_event_at",
        "resolved_at",
        "returned_at",
        "print_count",
        "paused_since",
        "pauses",
        "location",
        "outcome",
        "supplement_rounds",
        "extension_count",
        "late",
    ):
        assert getattr(rebuilt, name) == getattr(stored, name), name
    assert stored.location == ONE_STOP_UNIT and stored.extension_count == 1 and stored.outcome == "resolved"


# --- pauses across several supplement rounds -----------------------------------------------------------------


def test_pauses_across_several_supplement_rounds_move_the_due_date_by_working_time(services):
    """10 working days from Mon 02/11/2026 09:00: due Mon 16/11 17:00 (Tue 03/11 is day 1). Office hours
    07:30–11:30, 13:30–17:00 (7 h 30 a day); every pause adds the working time it covers."""
    L = services.lifecycle
    code = _intake(services, received_at=T(2026, 11, 2, 9))
    assert services.dossiers.detail(code).due_at == T(2026, 11, 16, 17)
    L.record(EventRequest.of(code, K.HANDED_OVER, at=T(2026, 11, 2, 10), to_unit="Phòng Quản lý chuyên ngành"))

    # Round 1: Wed 04/11 10:00 → Mon 09/11 10:00 = 5 h + Thu + Fri + 2 h 30 = 22 h 30 = 3 working days.
    waiting = L.record(
        EventRequest.of(
            code, K.SUPPLEMENT_REQUESTED, at=T(2026, 11, 4, 10), missing=["2"], reason="bản sao chưa chứng thực"
        )
    )
    assert waiting.status == "awaiting_supplement" and waiting.paused
    assert waiting.detail.paused_since == T(2026, 11, 4, 10)
    assert waiting.due_at == T(2026, 11, 16, 17)  # the earliest possible while the clock is stopped
    resumed = L.record(EventRequest.of(code, K.SUPPLEMENT_RECEIVED, at=T(2026, 11, 9, 10)))
    assert (resumed.status, resumed.paused) == ("in_progress", False)
    assert resumed.due_at == T(2026, 11, 19, 17)
    assert resumed.detail.original_due_at == T(2026, 11, 19, 17)  # no extension: the legal date is the promise

    # Round 2: Tue 10/11 14:00 → Wed 11/11 14:00 = one working day.
    L.record(
        EventRequest.of(
            code, K.SUPPLEMENT_REQUESTED, at=T(2026, 11, 10, 14), missing=["Giấy khám sức khỏe"], confirm_second=True
        )
    )
    assert L.record(EventRequest.of(code, K.SUPPLEMENT_RECEIVED, at=T(2026, 11, 11, 14))).due_at == T(2026, 11, 20, 17)

    # Round 3, inside one day: Fri 13/11 09:00 → 16:00 = 2 h 30 + 2 h 30 (lunch not counted) = 5 h.
    L.record(EventRequest.of(code, K.SUPPLEMENT_REQUESTED, at=T(2026, 11, 13, 9), missing=["1"], confirm_second=True))
    done = L.record(EventRequest.of(code, K.SUPPLEMENT_RECEIVED, at=T(2026, 11, 13, 16)))
    # 20/11 17:00 + 5 h: Mon 23/11 07:30–11:30 (4 h) and 13:30–14:30.
    assert done.due_at == T(2026, 11, 23, 14, 30)
    detail = done.detail
    assert detail.supplement_rounds == 3 and not detail.paused
    assert [(p.start, p.end) for p in detail.pauses] == [
        (T(2026, 11, 4, 10), T(2026, 11, 9, 10)),
        (T(2026, 11, 10, 14), T(2026, 11, 11, 14)),
        (T(2026, 11, 13, 9), T(2026, 11, 13, 16)),
    ]
    # The stored event carries the date, so every station projects the same one without the calendar.
    last = detail.timeline[-1]
    assert last.kind == K.SUPPLEMENT_RECEIVED and last.payload["due_at"] == "2026-11-23T14:30:00+07:00"


def test_extension_keeps_the_original_and_a_later_pause_moves_the_new_date(services, clock):
    clock.moment = T(2026, 12, 1, 9)
    L = services.lifecycle
    code = _intake(services, received_at=T(2026, 11, 2, 9))
    L.record(EventRequest.of(code, K.HANDED_OVER, at=T(2026, 11, 2, 10), to_unit="Phòng Quản lý chuyên ngành"))
    L.record(EventRequest.of(code, K.SUPPLEMENT_REQUESTED, at=T(2026, 11, 4, 10), missing=["2"]))
    L.record(EventRequest.of(code, K.SUPPLEMENT_RECEIVED, at=T(2026, 11, 9, 10)))  # due 19/11 17:00

    with pytest.raises(ValidationError) as info:
        L.record(
            EventRequest.of(code, K.EXTENDED, at=T(2026, 11, 18, 9), new_due=T(2026, 11, 19, 17), reason="chưa xong")
        )
    assert "muộn hơn" in str(info.value)
    with pytest.raises(ValidationError, match="Lý do"):
        L.record(EventRequest.of(code, K.EXTENDED, at=T(2026, 11, 18, 9), new_due=date(2026, 11, 27)))
    with pytest.raises(ValidationError, match="Thứ Bảy"):
        L.record(
            EventRequest.of(code, K.EXTENDED, at=T(2026, 11, 18, 9), new_due=date(2026, 11, 28), reason="chưa xong")
        )

    extended = L.record(
        EventRequest.of(code, K.EXTENDED, at=T(2026, 11, 18, 9), new_due=date(2026, 11, 27), reason="chờ kiểm định")
    )
    assert extended.due_at == T(2026, 11, 27, 17)  # a date means the close of office that day
    assert extended.detail.original_due_at == T(2026, 11, 19, 17)
    assert extended.detail.extension_count == 1 and extended.status == "in_progress"
    payload = extended.event.payload
    assert payload["previous_due_at"] == "2026-11-19T17:00:00+07:00" and payload["reason"] == "chờ kiểm định"

    # A supplement round after the extension moves the new date by its working time (Wed 25/11 09:00 →
    # Thu 26/11 09:00 = 7 h 30); the legal date is not moved by a pause that starts after it has passed.
    L.record(EventRequest.of(code, K.SUPPLEMENT_REQUESTED, at=T(2026, 11, 25, 9), missing=["1"], confirm_second=True))
    resumed = L.record(EventRequest.of(code, K.SUPPLEMENT_RECEIVED, at=T(2026, 11, 26, 9)))
    assert resumed.due_at == T(2026, 11, 30, 17)
    assert resumed.detail.original_due_at == T(2026, 11, 19, 17)


def test_resolved_after_the_due_date_is_late_and_return_is_recorded(services):
    L = services.lifecycle
    code = _intake(services, procedure=XRAY_CODE, received_at=T(2026, 11, 2, 9))  # 5 working days: 09/11 17:00
    resolved = L.record(EventRequest.of(code, K.RESOLVED, at=T(2026, 11, 10, 8)))
    assert resolved.detail.late and resolved.detail.resolved_at == T(2026, 11, 10, 8)
    returned = L.record(
        EventRequest.of(
            code,
            K.RESULT_RETURNED,
            at=T(2026, 11, 10, 9),
            receiver="  trần   văn bình ",
            receiver_id="001203004567",
            method="post",
            tracking_number="EL123456789VN",  # by post: the postal item's number (issue 13 item 3)
        )
    )
    assert returned.status == "returned" and returned.detail.returned_late
    assert returned.event.payload == {
        "receiver": "trần văn bình",
        "receiver_id": "001203004567",
        "method": "post",
        "collector": "post",
        "tracking_number": "EL123456789VN",
    }
    on_time = _intake(services, procedure=XRAY_CODE, name="Lê Thị Mai", received_at=T(2026, 11, 2, 9))
    assert not L.record(EventRequest.of(on_time, K.RESOLVED, at=T(2026, 11, 9, 17))).detail.late


# --- time order, validation, nothing written on error ---------------------------------------------------------


def _counts(services) -> tuple[int, int]:
    with services.db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(DossierEventRow)),
            s.scalar(select(func.count()).select_from(Dossier).where(Dossier.status != "received")),
        )


def test_at_before_the_last_event_is_refused_and_writes_nothing(services):
    L = services.lifecycle
    code = _intake(services, received_at=T(2026, 11, 2, 9))
    L.record(EventRequest.of(code, K.HANDED_OVER, at=T(2026, 11, 3, 10), to_unit="Phòng Quản lý chuyên ngành"))
    before = _snapshot(services, code)
    with pytest.raises(TransitionError) as info:
        L.record(EventRequest.of(code, K.RESOLVED, at=T(2026, 11, 3, 9, 59)))
    assert "trước sự kiện gần nhất" in str(info.value) and "10:00 ngày 03/11/2026" in str(info.value)
    with pytest.raises(TransitionError):  # before the receipt itself
        L.record(EventRequest.of(code, K.RESOLVED, at=T(2026, 11, 1, 9)))
    assert _snapshot(services, code) == before
    # The same moment as the last event is fine (a script may record two steps in one minute).
    assert L.record(EventRequest.of(code, K.RESOLVED, at=T(2026, 11, 3, 10))).status == "resolved"


def test_future_moment_and_bad_details_are_refused_and_write_nothing(services, clock):
    L = services.lifecycle
    code = _intake(services)
    before = _counts(services)
    cases = [
        (K.RESOLVED, {"at": T(2026, 11, 25, 10)}, "Thời điểm"),  # clock: 25/11 09:30
        (K.REFUSED, {"reason": "   "}, "Lý do"),
        (K.STOPPED, {}, "Lý do"),
        (K.HANDED_OVER, {}, "Đơn vị nhận hồ sơ"),
        (K.HANDED_OVER, {"to_unit": "bộ phận tiếp nhận và trả kết quả"}, "đang ở"),
        (K.SUPPLEMENT_REQUESTED, {"missing": []}, "Giấy tờ cần bổ sung"),
        (K.SUPPLEMENT_REQUESTED, {"missing": ["7"]}, "số 7"),
        (K.RESOLVED, {"reason": "xong"}, "không dùng cho"),
        (K.EXTENDED, {"reason": "x"}, "Ngày hẹn trả mới"),
    ]
    for kind, details, fragment in cases:
        with pytest.raises(ValidationError) as info:
            L.record(EventRequest.of(code, kind, **details))
        assert fragment in str(info.value), (kind, details, str(info.value))
    L.record(EventRequest.of(code, K.RESOLVED))
    for details, fragment in [
        ({}, "Người nhận"),
        ({"receiver": "Nguyễn Văn 2"}, "chữ số"),
        ({"receiver": "Nguyễn Văn Hai", "receiver_id": "123"}, "12 chữ số"),
        ({"receiver": "Nguyễn Văn Hai", "method": "fax"}, "counter"),
    ]:
        with pytest.raises(ValidationError, match=fragment):
            L.record(EventRequest.of(code, K.RESULT_RETURNED, **details))
    assert _counts(services) == (before[0] + 1, before[1] + 1)


def test_missing_documents_come_from_the_checklist_or_free_text(services):
    code = _intake(services)
    result = services.lifecycle.record(
        EventRequest.of(
            code,
            K.SUPPLEMENT_REQUESTED,
            missing=["1", "ban sao van bang, CHUNG CHI dao tao", "Giấy khám sức khỏe", "1"],
            reason="Đơn chưa ký; bản sao chưa chứng thực",
        )
    )
    payload = result.event.payload
    assert payload["missing"] == [
        "Đơn đề nghị cấp chứng chỉ nhân viên bức xạ theo mẫu",
        "Bản sao văn bằng, chứng chỉ đào tạo",
        "Giấy khám sức khỏe",
    ]
    details = payload["missing_details"]
    assert [d["in_checklist"] for d in details] == [True, True, False]
    assert details[1]["copy_kind"] == "certified_copy" and details[1]["quantity"] == 1
    assert payload["round"] == 1


def test_unknown_dossier_and_nfd_text(services):
    import unicodedata

    from counter_app.services.dossiers import DossierNotFound

    with pytest.raises(DossierNotFound):
        services.lifecycle.record(EventRequest.of("H61.22-261125-9999", K.RESOLVED))
    code = _intake(services)
    nfd = unicodedata.normalize("NFD", "Phòng Quản lý chuyên ngành")
    result = services.lifecycle.record(EventRequest.of(code.lower(), K.HANDED_OVER, to_unit=nfd))
    assert result.event.payload["to_unit"] == unicodedata.normalize("NFC", nfd)
    assert result.detail.location == unicodedata.normalize("NFC", nfd)
    assert result.event.payload["from_unit"] == "Bộ phận Tiếp nhận và Trả kết quả"  # the office's own name
    back = services.lifecycle.record(EventRequest.of(code, K.RETURNED_FROM_DIVISION))
    assert back.detail.location == ONE_STOP_UNIT and back.event.payload["from_unit"] == result.detail.location


def test_migration_0002_upgrades_an_existing_store(tmp_path):
    from alembic import command

    from counter_app.store.db import _alembic_config, head_revision, open_database

    db = open_database(tmp_path)
    with db.write_engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO fields (code, name) VALUES ('ATBX', 'An toàn bức xạ')")
        conn.exec_driver_sql(
            "INSERT INTO procedures (id, code, version, name, field_code, level, duration, unit, trigger, fee, "
            "online_level, legal_basis, result_place, retired) VALUES (1, 'P', 1, 'Thủ tục', 'ATBX', 'provincial', "
            "5, 'working_days', 'complete_dossier', '', '', '', '', 0)"
        )
    with db.write_engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    with db.write_engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO dossiers (id, code, procedure_id, procedure_code, field_code, channel, status, applicant_name,"
            " applicant_folded, copies, documents, result_delivery, received_at, received_day, due_at, original_due_at,"
            " station_id, counter_number, officer, last_event_at, print_count) VALUES ('d1', 'H61.22-261102-1001', 1,"
            " 'P', 'ATBX', 'direct', 'received', 'A', 'a', 1, '[]', 'counter', '2026-11-02T09:00:00+07:00',"
            " '2026-11-02', '2026-11-09T17:00:00+07:00', '2026-11-09T17:00:00+07:00', 's', 1, 'o',"
            " '2026-11-02T09:00:00+07:00', 0)"
        )
    db.dispose()
    db = open_database(tmp_path)
    try:
        assert db.current_revision() == head_revision()
        with db.read() as s:
            row = repository.dossier_by_code(s, "H61.22-261102-1001")
            state = repository.dossier_state_from_row(row)
        assert state.location == ONE_STOP_UNIT and state.pauses == () and not state.late
        assert state.supplement_rounds == 0 and state.paused_since is None
    finally:
        db.dispose()
