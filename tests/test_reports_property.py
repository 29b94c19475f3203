"""Property tests of the report: for random dossier histories the identities hold, the per-day counts give the same
report as a naive recount from whole histories, the pending of a period is the carried over of the next, and the
counts kept event by event equal a rebuild from scratch.

Two levels: the pure domain with many examples (events made directly), and the real store through the services
with fewer (each example copies a migrated template store, so no example pays for the migrations)."""

from __future__ import annotations

import itertools
import shutil
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.dossier import DossierState
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.lifecycle import TransitionError, allowed_kinds, apply_event
from counter_app.domain.policy import ReportPolicy
from counter_app.domain.reports import (
    COUNT_COLUMNS,
    DossierHistory,
    ReportPeriod,
    custom_period,
    history_deltas,
    is_simple,
    month_period,
    naive_counts,
    quarter_period,
    report_deltas,
    rows_from_counts,
    simple_deltas,
    sum_rows,
    zero_counts,
)
from counter_app.domain.validation import ValidationError
from tests.conftest import FakeClock
from tests.test_reports import KHCN, LICENCE, SHTT, XRAY, open_report_services

K = EventKind
ORIGIN = datetime(2021, 3, 1, 0, 0, tzinfo=OFFICE_TZ)
CHANNELS = ("direct", "postal", "online")
# Gaps between events, in minutes: same second, minutes, to the stroke of midnight, hours, days, weeks.
GAPS = st.one_of(
    st.sampled_from([0, 1, 59, 60 * 24, 60 * 24 * 7]),
    st.integers(min_value=0, max_value=60 * 24 * 25),
)
# Every combination of the report choices (settings reports.*): the counts must give the naive recount under each.
POLICIES = [
    ReportPolicy(early_rule=e, late_return=r, variant=v)
    for e in ("day", "moment")
    for r in ("not_late", "late")
    for v in ("bieu06", "ii06a")
]
PERIODS = [month_period(2021, m) for m in range(3, 10)] + [quarter_period(2021, q) for q in (1, 2, 3, 4)]


def _to_midnight(moment: datetime) -> datetime:
    return datetime.combine(moment.date() + timedelta(days=1), time(0), OFFICE_TZ)


@st.composite
def domain_histories(draw):
    """Up to six dossiers, each up to eight events, with payloads the lifecycle rules accept."""
    seq = itertools.count(1)
    histories = []
    for n in range(draw(st.integers(min_value=1, max_value=6))):
        received = ORIGIN + timedelta(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 120)))
        if draw(st.booleans()):
            received = _to_midnight(received) - timedelta(minutes=draw(st.sampled_from([0, 1])))
        due = received + timedelta(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 30)))
        dossier_id = f"d{n}"

        def event(kind, at, payload, dossier_id=dossier_id):
            return DossierEvent(f"e{next(seq)}", dossier_id, "s1", next(seq), kind, "Cán bộ", at, payload)

        events = [event(K.RECEIVED, received, {"code": f"C{n}", "due_at": due.isoformat()})]
        state = apply_event(None, events[0])
        at = received
        for _ in range(draw(st.integers(min_value=0, max_value=8))):
            kinds = [k for k in allowed_kinds(state.status) if k != K.RECEIVED]
            if not kinds:
                break
            kind = draw(st.sampled_from(kinds))
            gap = draw(GAPS)
            at = _to_midnight(at) if gap == 60 * 24 and draw(st.booleans()) else at + timedelta(minutes=gap)
            payload: dict = {}
            if kind == K.HANDED_OVER:
                payload = {"to_unit": "Phòng A"}
            elif kind == K.SUPPLEMENT_REQUESTED:
                payload = {"missing": ["Giấy tờ 1"]}
            elif kind == K.SUPPLEMENT_RECEIVED:
                moved = state.due_at + timedelta(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 20)))
                payload = {"due_at": moved.isoformat()}
            elif kind in (K.REFUSED, K.STOPPED):
                payload = {"reason": "lý do"}
            elif kind == K.EXTENDED:
                later = state.due_at + timedelta(minutes=draw(st.integers(min_value=1, max_value=60 * 24 * 20)))
                payload = {"reason": "lý do", "due_at": later.isoformat()}
            elif kind == K.RESULT_RETURNED:
                payload = {"receiver": "Nguyễn Văn A", "method": "counter"}
            elif kind == K.RATED:
                payload = {"level": draw(st.integers(min_value=1, max_value=5))}
            elif kind == K.FILE_ATTACHED:
                payload = {"sha256": "ab" * 32, "size": 1200, "media_type": "application/pdf", "role": "component"}
            elif kind == K.FILE_STORED:  # where the paper file is: counted by no report column
                payload = {"file_location": "Kệ 3 hộp 12"}
            elif kind in (K.FEE_COLLECTED, K.FEE_REFUNDED, K.FEE_CANCELLED):  # money: counted by no report column
                payload = {"receipt_series": "BL-26", "receipt_number": 1000001, "amount": 1000, "method": "cash"}
                payload |= {} if kind == K.FEE_COLLECTED else {"reason": "lý do"}
            ev = event(kind, at, payload)
            state = apply_event(state, ev)
            events.append(ev)
        histories.append(
            DossierHistory(draw(st.sampled_from(["F1", "F2"])), draw(st.sampled_from(CHANNELS)), tuple(events))
        )
    return histories


def _engine_rows(histories, period: ReportPeriod, now: datetime, policy: ReportPolicy | None = None):
    """The fast path's arithmetic, in memory: per-day deltas event by event, cumulative sums, rows."""
    daily: dict[str, dict[date, list[int]]] = defaultdict(lambda: defaultdict(zero_counts))
    finals: dict[str, list[DossierState]] = defaultdict(list)
    index = {c: i for i, c in enumerate(COUNT_COLUMNS)}
    for h in histories:
        state = None
        for event in h.events:
            new = apply_event(state, event)
            for d in report_deltas(state, new, event.occurred_at, h.channel):
                daily[h.key][d.day][index[d.column]] += d.delta
            state = new
        finals[h.key].append(state)

    def cumulative(day: date) -> dict[str, list[int]]:
        out = {}
        for key, days in daily.items():
            acc = zero_counts()
            for d, counts in days.items():
                if d <= day:
                    acc = [a + b for a, b in zip(acc, counts)]
            out[key] = acc
        return out

    as_of = period.as_of(now)
    last = as_of.date() if as_of else period.end
    corrections = {}
    if as_of:
        tomorrow = _to_midnight(as_of)
        corrections = {
            key: sum(
                1
                for s in states
                if s.status.value in ("received", "in_progress")
                and s.paused_since is None
                and as_of <= s.due_at < tomorrow
            )
            for key, states in finals.items()
        }
    labels = {"F1": "F1", "F2": "F2"}
    return rows_from_counts(
        labels,
        cumulative(period.start - timedelta(days=1)),
        cumulative(last),
        corrections,
        include_empty=True,
        policy=policy,
    )


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    histories=domain_histories(),
    extra=st.tuples(st.integers(0, 150), st.integers(0, 60)),
    policy=st.sampled_from(POLICIES),
)
def test_domain_counts_equal_a_naive_recount_and_reconcile(histories, extra, policy):
    last_event = max(e.occurred_at for h in histories for e in h.events)
    closed_now = last_event + timedelta(days=400)
    start = (ORIGIN + timedelta(days=extra[0])).date()
    periods = [*PERIODS, custom_period(start, start + timedelta(days=extra[1]))]
    for period in periods:
        rows = _engine_rows(histories, period, closed_now, policy)
        naive = naive_counts(histories, period, closed_now, policy)
        for row in rows:
            expected = naive.get(row.key)
            assert row.figures() == (expected.figures() if expected else (0,) * 11), (period.code, row.key)
            if expected:
                assert row.to_json() == expected.to_json()
        sum_rows(rows)  # identities of the total
    # Each month's pending is the next month's carried over, field by field.
    for a, b in zip(PERIODS[:6], PERIODS[1:7]):
        ra = {r.key: r for r in _engine_rows(histories, a, closed_now, policy)}
        rb = {r.key: r for r in _engine_rows(histories, b, closed_now, policy)}
        assert all(ra[k].pending_total == rb[k].carried_over for k in ra)
    # A period still running at a moment after the last event (possibly the same day).
    now = last_event + timedelta(minutes=extra[1] * 7)
    running = custom_period(start if start <= now.date() else now.date(), now.date() + timedelta(days=3))
    rows = _engine_rows(histories, running, now, policy)
    naive = naive_counts(histories, running, now, policy)
    assert [r.figures() for r in rows] == [naive[r.key].figures() if r.key in naive else (0,) * 11 for r in rows]


@settings(max_examples=150, deadline=None)
@given(histories=domain_histories())
def test_a_simple_dossier_contributes_what_its_row_says(histories):
    for h in histories:
        state = None
        for event in h.events:
            state = apply_event(state, event)
        whole = history_deltas(h.events, h.channel)
        if is_simple(state):
            assert (
                simple_deltas(state.received_at, h.channel, state.due_at, state.resolved_at, state.returned_at) == whole
            )


# --- the real store --------------------------------------------------------------------------------------------------

STORE_CLOCK = datetime(2022, 6, 30, 12, 0, tzinfo=OFFICE_TZ)
PROCEDURES = (SHTT, XRAY, LICENCE, KHCN)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("template")
    app = open_report_services(folder, FakeClock(STORE_CLOCK))
    app.reports.ensure_counts()
    copy = folder / "template.sqlite3"
    app.db.backup_to(copy)  # one consistent file, no WAL beside it
    app.close()
    return copy


_example = itertools.count()

STEP = st.tuples(st.integers(min_value=0, max_value=30), GAPS, st.integers(min_value=0, max_value=10))
DOSSIER = st.tuples(
    st.sampled_from(PROCEDURES),
    st.sampled_from(CHANNELS),
    st.integers(min_value=0, max_value=60 * 24 * 150),
    st.lists(STEP, max_size=7),
)


def _details(app, code: str, kind: EventKind, at: datetime, pick: int, location: str | None, due: datetime) -> dict:
    if kind == K.HANDED_OVER:
        return {
            "to_unit": "Phòng Quản lý chuyên ngành" if location != "Phòng Quản lý chuyên ngành" else "Phòng Kế hoạch"
        }
    if kind == K.SUPPLEMENT_REQUESTED:
        return {"missing": ["1"], "confirm_second": True}  # the officer confirms a second request
    if kind in (K.REFUSED, K.STOPPED):
        return {"reason": "Lý do thử"}
    if kind == K.RATED:
        return {"level": 1 + pick % 5}
    if kind == K.EXTENDED:
        calendar = app.calendar()
        day = max(due.date(), at.date()) + timedelta(days=1 + pick)
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
        return {"new_due": day, "reason": "Chờ ý kiến"}
    if kind == K.RESULT_RETURNED:
        return {"receiver": "Nguyễn Văn Nhận"}
    if kind == K.SLIP_PRINTED:
        return {"form": "receipt"}
    if kind == K.FEE_COLLECTED:
        return {"amount": 1000 * (1 + pick), "payment_method": "cash"}
    return {}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    dossiers=st.lists(DOSSIER, min_size=1, max_size=5),
    now_offset=st.integers(min_value=0, max_value=60 * 24 * 10),
    policy=st.sampled_from(POLICIES),
)
def test_store_reports_equal_a_recount_and_the_rebuild(template, tmp_path, dossiers, now_offset, policy):
    folder = tmp_path / f"ex{next(_example)}"
    folder.mkdir()
    shutil.copy2(template, folder / "counter.sqlite3")
    clock = FakeClock(STORE_CLOCK)
    from counter_app.services.app import open_services
    from counter_app.services.intake import IntakeRequest

    app = open_services(folder, load_demo=False, check_integrity=False, clock=clock)
    try:
        app.settings.set_many(policy.values())
        last = ORIGIN
        for n, (procedure, channel, offset, steps) in enumerate(dossiers):
            at = ORIGIN + timedelta(minutes=offset)
            code = app.intake.intake(
                IntakeRequest(
                    procedure_code=procedure, applicant_name=f"Người Thứ {chr(65 + n)}", channel=channel, received_at=at
                )
            ).code
            for pick, gap, extra in steps:
                detail = app.dossiers.detail(code)
                # (a refund or a cancellation names a receipt: the fee entries are collections here)
                kinds = [k for k in detail.allowed_kinds if k not in (K.RECEIVED, K.FEE_REFUNDED, K.FEE_CANCELLED)]
                kind = kinds[pick % len(kinds)]
                at = at + timedelta(minutes=gap)
                try:
                    app.lifecycle.record(
                        EventRequest.of(
                            code, kind, at=at, **_details(app, code, kind, at, extra, detail.location, detail.due_at)
                        )
                    )
                except (ValidationError, TransitionError):
                    continue
                last = max(last, at)
        assert app.reports.check_counts() == []  # kept event by event == rebuilt from scratch
        reports = {p.code: app.reports.report(p) for p in PERIODS}
        for period in PERIODS:
            recount = app.reports.recount(period)
            assert (recount.rows, recount.total) == (reports[period.code].rows, reports[period.code].total), period.code
            assert recount.footnotes == reports[period.code].footnotes and recount.policy == policy.values()
        for a, b in zip(PERIODS[:6], PERIODS[1:7]):
            assert reports[a.code].total.pending_total == reports[b.code].total.carried_over
        # Counted up to now, in a period still running.
        clock.moment = last + timedelta(minutes=now_offset)
        running = custom_period(date(2021, 3, 1), clock.moment.date() + timedelta(days=2))
        report, recount = app.reports.report(running), app.reports.recount(running)
        assert report.as_of == clock.moment and (recount.rows, recount.total) == (report.rows, report.total)
        app.reports.rebuild_counts()
        assert app.reports.report(running).total == report.total
    finally:
        app.close()
