"""Due dates: fixed cases computed by hand from the official 2025–2027 calendars, and properties."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from counter_app.domain.calendar import OFFICE_TZ, OfficeCalendar
from counter_app.domain.calendar_data import load_office_calendar
from counter_app.domain.catalogue import DurationUnit, ProcessingTime, StartTrigger
from counter_app.domain.due_dates import DueDate, Pause, compute_due

CAL = load_office_calendar()
DAYS, HOURS, CAL_DAYS = DurationUnit.WORKING_DAYS, DurationUnit.WORKING_HOURS, DurationUnit.CALENDAR_DAYS
SAME_DAY_CUTOFF = time(15, 0)


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=OFFICE_TZ)


def due(received: datetime, duration: int, unit=DAYS, cutoff=None, **kw) -> DueDate:
    return compute_due(received, ProcessingTime(duration, unit, cutoff=cutoff), CAL, **kw)


def text(result: DueDate) -> str:
    return "\n".join(result.reasons)


# --- fixed cases: every one asserts the exact moment ------------------------------------------------------------

FIXED = [
    # Tết 2026 (14–22/02): received Fri 13/02 → day 1 Mon 23/02, day 5 Fri 27/02.
    ("tet-2026", at(2026, 2, 13, 10, 0), 5, DAYS, None, at(2026, 2, 27, 17)),
    # The same after 17:00: Mon 23/02 becomes the day of receipt, day 1 Tue 24/02, day 5 Mon 02/03.
    ("tet-2026-after-hours", at(2026, 2, 13, 17, 30), 5, DAYS, None, at(2026, 3, 2, 17)),
    # Tết 2025 (25/01–02/02): Fri 24/01 + 1 working day → Mon 03/02.
    ("tet-2025", at(2025, 1, 24, 10, 0), 1, DAYS, None, at(2025, 2, 3, 17)),
    # Tết Dương lịch 2026, Friday 02/01 swapped: Wed 31/12/2025 + 1 → Mon 05/01/2026.
    ("new-year-2026", at(2025, 12, 31, 10, 0), 1, DAYS, None, at(2026, 1, 5, 17)),
    # ... and the make-up Saturday 10/01/2026 is day 1 for a dossier of Fri 09/01.
    ("make-up-sat-2026-01-10", at(2026, 1, 9, 10, 0), 1, DAYS, None, at(2026, 1, 10, 17)),
    # Hùng Kings' day Sun 26/04/2026, nghỉ bù Mon 27/04: Thu 23/04 + 2 → Fri 24/04, Tue 28/04.
    ("hung-kings-2026", at(2026, 4, 23, 14, 0), 2, DAYS, None, at(2026, 4, 28, 17)),
    # Fri 24/04/2026 + 5: Tue 28, Wed 29, (30/04, 01/05, weekend) Mon 04/05, Tue 05/05, Wed 06/05.
    ("hung-kings-and-30-4-2026", at(2026, 4, 24, 9, 0), 5, DAYS, None, at(2026, 5, 6, 17)),
    # 30/4–1/5 2025 with Fri 02/05 swapped: Tue 29/04 + 2 → Mon 05/05, Tue 06/05.
    ("30-4-2025", at(2025, 4, 29, 10, 0), 2, DAYS, None, at(2025, 5, 6, 17)),
    # The make-up Saturday 26/04/2025 counts: Fri 25/04 + 2 → Sat 26/04, Mon 28/04.
    ("make-up-sat-2025-04-26", at(2025, 4, 25, 10, 0), 2, DAYS, None, at(2025, 4, 28, 17)),
    # Received on that Saturday, it is a normal working day: day 1 is Mon 28/04.
    ("received-on-make-up-sat", at(2025, 4, 26, 9, 0), 1, DAYS, None, at(2025, 4, 28, 17)),
    # Quốc khánh 2025 (01–02/09 + weekend): Fri 29/08 + 1 → Wed 03/09.
    ("2-9-2025", at(2025, 8, 29, 10, 0), 1, DAYS, None, at(2025, 9, 3, 17)),
    # Quốc khánh 2026 (29/08–02/09, Mon 31/08 swapped to Sat 22/08): Fri 28/08 + 1 → Thu 03/09.
    ("2-9-2026", at(2026, 8, 28, 10, 0), 1, DAYS, None, at(2026, 9, 3, 17)),
    ("make-up-sat-2026-08-22", at(2026, 8, 21, 10, 0), 1, DAYS, None, at(2026, 8, 22, 17)),
    # 16:45 is inside hours: Tue 10/03/2026 + 5 → Tue 17/03.
    ("received-16-45", at(2026, 3, 10, 16, 45), 5, DAYS, None, at(2026, 3, 17, 17)),
    # 17:30 is after hours: Wed 11/03 is the day of receipt → Wed 18/03.
    ("received-17-30", at(2026, 3, 10, 17, 30), 5, DAYS, None, at(2026, 3, 18, 17)),
    # Before 07:30 the same day still counts as the day of receipt.
    ("received-06-50", at(2026, 3, 10, 6, 50), 5, DAYS, None, at(2026, 3, 17, 17)),
    # Same-day procedure with a 15:00 cut-off.
    ("same-day-before-cutoff", at(2026, 3, 10, 14, 59), 0, DAYS, SAME_DAY_CUTOFF, at(2026, 3, 10, 17)),
    ("same-day-at-cutoff", at(2026, 3, 10, 15, 0), 0, DAYS, SAME_DAY_CUTOFF, at(2026, 3, 10, 17)),
    ("same-day-after-cutoff", at(2026, 3, 10, 15, 30), 0, DAYS, SAME_DAY_CUTOFF, at(2026, 3, 11, 17)),
    ("same-day-after-cutoff-friday", at(2026, 3, 13, 15, 30), 0, DAYS, SAME_DAY_CUTOFF, at(2026, 3, 16, 17)),
    ("one-day-after-cutoff", at(2026, 3, 10, 15, 30), 1, DAYS, SAME_DAY_CUTOFF, at(2026, 3, 12, 17)),
    # Online dossier on Sunday 08/03/2026 21:15: Mon 09/03 is the day of receipt, day 3 Thu 12/03.
    ("online-sunday", at(2026, 3, 8, 21, 15), 3, DAYS, None, at(2026, 3, 12, 17)),
    # Calendar days: Mon 02/03 + 13 days = Sun 15/03 → close of Mon 16/03.
    ("calendar-days-sunday", at(2026, 3, 2, 10, 0), 13, CAL_DAYS, None, at(2026, 3, 16, 17)),
    ("calendar-days-weekday", at(2026, 3, 2, 10, 0), 10, CAL_DAYS, None, at(2026, 3, 12, 17)),
    # Mon 09/02/2026 + 5 days = Sat 14/02, inside Tết → Mon 23/02.
    ("calendar-days-tet", at(2026, 2, 9, 10, 0), 5, CAL_DAYS, None, at(2026, 2, 23, 17)),
    # Working hours across lunch: 10:30 + 4 h = 10:30–11:30, 13:30–16:30.
    ("hours-across-lunch", at(2026, 3, 10, 10, 30), 4, HOURS, None, at(2026, 3, 10, 16, 30)),
    # ... overnight: 15:00 + 4 h = 15:00–17:00, next day 07:30–09:30.
    ("hours-overnight", at(2026, 3, 10, 15, 0), 4, HOURS, None, at(2026, 3, 11, 9, 30)),
    # ... received at lunch: from 13:30.
    ("hours-received-at-lunch", at(2026, 3, 10, 12, 10), 2, HOURS, None, at(2026, 3, 10, 15, 30)),
    # ... received Friday evening: Mon 16/03 07:30–11:30, 13:30–17:00, Tue 07:30–08:00.
    ("hours-friday-evening", at(2026, 3, 13, 18, 0), 8, HOURS, None, at(2026, 3, 17, 8, 0)),
    # ... ending exactly at the end of the morning session.
    ("hours-ending-11-30", at(2026, 3, 10, 7, 30), 4, HOURS, None, at(2026, 3, 10, 11, 30)),
    # 2027 (provisional Tết 04–10/02): Wed 03/02/2027 + 1 → Thu 11/02.
    ("tet-2027-estimate", at(2027, 2, 3, 10, 0), 1, DAYS, None, at(2027, 2, 11, 17)),
    # 24/11/2026 Ngày Văn hóa Việt Nam: Mon 23/11 + 1 → Wed 25/11.
    ("culture-day-2026", at(2026, 11, 23, 10, 0), 1, DAYS, None, at(2026, 11, 25, 17)),
    # Into 2028 (not loaded; statutory 01/01 on Saturday → nghỉ bù Mon 03/01): Thu 30/12/2027 + 3 → Wed 05/01.
    ("into-2028", at(2027, 12, 30, 10, 0), 3, DAYS, None, at(2028, 1, 5, 17)),
]


@pytest.mark.parametrize(
    ("received", "duration", "unit", "cutoff", "expected"), [c[1:] for c in FIXED], ids=[c[0] for c in FIXED]
)
def test_fixed_case(received, duration, unit, cutoff, expected):
    result = due(received, duration, unit, cutoff)
    assert result.due == expected
    assert result.due.utcoffset() == timedelta(hours=7)


def test_tet_2026_explains_every_skipped_day():
    result = due(at(2026, 2, 13, 10, 0), 5)
    assert [s.day for s in result.skipped] == [date(2026, 2, 14) + timedelta(days=i) for i in range(9)]
    reasons = text(result)
    assert "Tết Nguyên đán Bính Ngọ" in reasons
    assert "Thứ Bảy 14/02/2026 và Chủ nhật 15/02/2026" in reasons
    assert "ngày làm việc thứ nhất là Thứ Hai 23/02/2026" in reasons
    assert result.warnings == ()


def test_hung_kings_day_reasons():
    result = due(at(2026, 4, 23, 14, 0), 2)
    skipped = {s.day: s.reason for s in result.skipped}
    assert "Giỗ Tổ Hùng Vương" in skipped[date(2026, 4, 26)]
    assert skipped[date(2026, 4, 27)].startswith("nghỉ bù: Giỗ Tổ Hùng Vương")


def test_make_up_saturday_is_named_as_counted():
    reasons = text(due(at(2025, 4, 25, 10, 0), 2))
    assert "Tính Thứ Bảy 26/04/2025 là ngày làm việc" in reasons


def test_moved_start_is_explained():
    after_hours = due(at(2026, 3, 10, 17, 30), 5)
    assert "Nhận sau 17:00, tính từ phiên làm việc kế tiếp: 07:30 ngày 11/03/2026." in after_hours.reasons
    assert any("Nhận sau 15:00" in r for r in due(at(2026, 3, 10, 15, 30), 0, cutoff=SAME_DAY_CUTOFF).reasons)
    sunday = due(at(2026, 3, 8, 21, 15), 3)
    assert sunday.start == at(2026, 3, 9, 7, 30)
    assert "Nhận vào ngày nghỉ (Chủ nhật), tính từ phiên làm việc kế tiếp: 07:30 ngày 09/03/2026." in sunday.reasons
    assert not any(r.startswith("Nhận sau") for r in due(at(2026, 3, 10, 16, 45), 5).reasons)


def test_warnings_for_unloaded_and_provisional_years():
    assert any("Chưa nạp lịch làm việc năm 2028" in w for w in due(at(2027, 12, 30, 10, 0), 3).warnings)
    assert any("dự kiến" in w for w in due(at(2027, 2, 3, 10, 0), 1).warnings)
    assert due(at(2026, 3, 10, 10, 0), 5).warnings == ()
    bare = compute_due(at(2026, 3, 10, 10, 0), ProcessingTime(5), OfficeCalendar())
    assert any("Chưa nạp lịch làm việc năm 2026" in w for w in bare.warnings)


def test_trigger_is_stated():
    result = compute_due(at(2026, 3, 10, 10, 0), ProcessingTime(25, CAL_DAYS, StartTrigger.FEE_PAID), CAL)
    assert "kể từ khi nhận đủ hồ sơ hợp lệ và phí, lệ phí" in text(result)


# --- pauses and extensions ----------------------------------------------------------------------------------------

# Received Mon 02/03/2026 09:00, 10 working days: days 03/03 … 16/03, base due Mon 16/03 17:00.
BASE = at(2026, 3, 16, 17)
ROUND_1 = Pause(at(2026, 3, 4, 10), at(2026, 3, 6, 10), "chờ bổ sung lần 1")  # 5 h + 7 h 30 + 2 h 30 = 15 h
ROUND_2 = Pause(at(2026, 3, 12, 15), at(2026, 3, 17, 8), "chờ bổ sung lần 2")  # 2 + 7.5 + 0 + 0 + 7.5 + 0.5 = 17 h 30
INSIDE_2 = Pause(at(2026, 3, 16, 9), at(2026, 3, 16, 16), "dừng giải quyết")  # inside round 2: counted once


def ten_days(pauses=(), **kw) -> DueDate:
    return due(at(2026, 3, 2, 9, 0), 10, pauses=pauses, **kw)


def test_no_pause_base():
    assert ten_days().due == BASE


def test_one_supplement_round_adds_two_working_days():
    result = ten_days([ROUND_1])
    assert result.due == at(2026, 3, 18, 17)
    assert result.paused_time == timedelta(hours=15)
    assert "cộng thêm 15 giờ làm việc (bằng 2 ngày làm việc)" in text(result)


def test_several_supplement_rounds_with_overlap():
    # 15 h + 17 h 30 = 32 h 30 = 4 working days + 2 h 30 after Mon 16/03 17:00 → Mon 23/03 10:00.
    result = ten_days([ROUND_2, INSIDE_2, ROUND_1])
    assert result.due == at(2026, 3, 23, 10, 0)
    assert result.paused_time == timedelta(hours=32, minutes=30)
    assert not result.paused


def test_pause_over_a_weekend_adds_no_weekend():
    weekend = Pause(at(2026, 3, 6, 17, 0), at(2026, 3, 9, 7, 30), "chờ bổ sung")
    assert ten_days([weekend]).due == BASE
    assert ten_days([weekend]).paused_time == timedelta()


def test_pause_after_the_deadline_changes_nothing():
    late = Pause(at(2026, 3, 17, 9, 0), at(2026, 3, 20, 9, 0), "chờ bổ sung")
    result = ten_days([late])
    assert result.due == BASE
    assert "không cộng thêm" in text(result)


def test_pause_on_the_day_of_receipt_adds_nothing():
    # The day of receipt is not counted, so a pause ending before day 1 costs no time.
    assert ten_days([Pause(at(2026, 3, 2, 10), at(2026, 3, 2, 16), "chờ bổ sung")]).due == BASE


def test_open_pause():
    open_round = Pause(at(2026, 3, 4, 10), None, "chờ bổ sung lần 1")
    now = ten_days([open_round], as_of=at(2026, 3, 6, 10))
    assert now.paused and now.due == at(2026, 3, 18, 17)
    assert any("đang tạm dừng" in w for w in now.warnings)
    undetermined = ten_days([open_round])
    assert undetermined.paused and undetermined.due == BASE
    assert any("sớm nhất có thể" in w for w in undetermined.warnings)
    assert "chưa biết lúc tiếp tục xử lý" in text(undetermined)


def test_pause_ending_before_it_starts_is_rejected():
    with pytest.raises(ValueError, match="Thời gian tạm dừng không hợp lệ"):
        ten_days([Pause(at(2026, 3, 5, 10), at(2026, 3, 4, 10))])


def test_pause_in_working_hours():
    # 4 working hours from 10:30 end at 16:30; a pause 11:00–14:00 covers 11:00–11:30 and 13:30–14:00 (1 h of
    # working time), so the period ends 1 h of working time later: 16:30–17:00, then 07:30–08:00 next morning.
    result = due(at(2026, 3, 10, 10, 30), 4, HOURS, pauses=[Pause(at(2026, 3, 10, 11, 0), at(2026, 3, 10, 14, 0))])
    assert result.due == at(2026, 3, 11, 8, 0)


def test_extension_keeps_the_original():
    result = due(at(2026, 3, 10, 10, 0), 5, extended_to=at(2026, 3, 24, 17))
    assert result.due == at(2026, 3, 24, 17)
    assert result.original_due == at(2026, 3, 17, 17)
    assert "hạn ban đầu 17:00 ngày 17/03/2026" in text(result)
    assert result.warnings == ()
    odd = due(at(2026, 3, 10, 10, 0), 5, extended_to=at(2026, 3, 15, 9))
    assert len(odd.warnings) == 2  # earlier than the original, and on a Sunday


def test_to_json():
    data = due(at(2026, 3, 10, 10, 0), 5, extended_to=at(2026, 3, 24, 17)).to_json()
    assert data["due"] == "2026-03-24T17:00:00+07:00"
    assert data["original_due"] == "2026-03-17T17:00:00+07:00"
    assert isinstance(data["reasons"], list) and data["reasons"]
    assert data["warnings"] == []
    json.dumps(data, ensure_ascii=False)  # serialisable as is


def test_naive_and_foreign_offsets_are_office_time():
    naive = compute_due(datetime(2026, 3, 10, 16, 45), ProcessingTime(5), CAL)
    utc = compute_due(datetime(2026, 3, 10, 9, 45, tzinfo=OFFICE_TZ.utc), ProcessingTime(5), CAL)
    assert naive.due == utc.due == at(2026, 3, 17, 17)


# --- properties ---------------------------------------------------------------------------------------------------

moments = st.integers(min_value=0, max_value=(3 * 365 - 20) * 24 * 60).map(
    lambda m: at(2025, 1, 1) + timedelta(minutes=m)
)
units = st.sampled_from([DAYS, HOURS, CAL_DAYS])
cutoffs = st.sampled_from([None, SAME_DAY_CUTOFF])


def processing(unit, duration, cutoff) -> ProcessingTime:
    return ProcessingTime(duration, unit, cutoff=cutoff)


def count_from(result: DueDate, unit: DurationUnit, duration: int) -> datetime:
    """Where the clock starts counting (module docstring: the day of receipt is not counted in day periods)."""
    if unit == HOURS or duration == 0:
        return result.start
    return datetime.combine(result.start.date() + timedelta(days=1), time(), OFFICE_TZ)


def union_working_time(calendar, spans) -> timedelta:
    merged: list[list[datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return sum((calendar.working_time(s, e) for s, e in merged), timedelta())


@settings(max_examples=300, deadline=None)
@given(received=moments, unit=units, duration=st.integers(0, 40), cutoff=cutoffs)
def test_due_is_inside_office_hours_on_a_working_day(received, unit, duration, cutoff):
    result = compute_due(received, processing(unit, duration, cutoff), CAL)
    assert CAL.is_working_day(result.due.date())
    assert CAL.is_office_time(result.due)
    assert result.due >= received
    if unit != HOURS:
        assert result.due.time() == CAL.hours.afternoon_end


@settings(max_examples=200, deadline=None)
@given(received=moments, unit=units, duration=st.integers(0, 30), more=st.integers(1, 10), cutoff=cutoffs)
def test_longer_duration_never_earlier(received, unit, duration, more, cutoff):
    shorter = compute_due(received, processing(unit, duration, cutoff), CAL).due
    longer = compute_due(received, processing(unit, duration + more, cutoff), CAL).due
    assert longer >= shorter
    if unit == DAYS:
        assert longer > shorter  # each more working day is a later day


@settings(max_examples=200, deadline=None)
@given(received=moments, unit=units, duration=st.integers(0, 30), cutoff=cutoffs)
def test_received_at_the_start_gives_the_same_date(received, unit, duration, cutoff):
    # Moving a receipt outside hours to the next session start is the whole effect of being outside hours.
    result = compute_due(received, processing(unit, duration, cutoff), CAL)
    assert compute_due(result.start, processing(unit, duration, cutoff), CAL).due == result.due


pause_spans = st.lists(st.tuples(st.integers(0, 60 * 24 * 60), st.integers(0, 6 * 24 * 60)), min_size=1, max_size=4)


@settings(max_examples=200, deadline=None)
@given(received=moments, unit=units, duration=st.integers(0, 30), spans=pause_spans, extra=pause_spans)
def test_adding_a_pause_never_moves_earlier(received, unit, duration, spans, extra):
    def pauses(items):
        return [Pause(received + timedelta(minutes=a), received + timedelta(minutes=a + b)) for a, b in items]

    work = processing(unit, duration, None)
    before = compute_due(received, work, CAL, pauses(spans)).due
    after = compute_due(received, work, CAL, pauses(spans + extra)).due
    assert after >= before >= compute_due(received, work, CAL).due


@settings(max_examples=300, deadline=None)
@given(
    received=moments,
    unit=units,
    duration=st.integers(0, 30),
    cutoff=cutoffs,
    spans=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 8 * 24 * 60)), min_size=1, max_size=4),
)
def test_pauses_add_exactly_their_working_time(received, unit, duration, cutoff, spans):
    work = processing(unit, duration, cutoff)
    base = compute_due(received, work, CAL)
    start = count_from(base, unit, duration)
    window = int((base.due - start).total_seconds() // 60)
    assume(window > 0)
    # Pauses begin while the clock is still running (after counting starts, before the base due date).
    intervals = [
        (start + timedelta(minutes=int(f * window)), start + timedelta(minutes=int(f * window) + length))
        for f, length in spans
    ]
    result = compute_due(received, work, CAL, [Pause(s, e, "chờ bổ sung") for s, e in intervals])
    paused = union_working_time(CAL, intervals)
    assert result.paused_time == paused
    grown = CAL.working_time(received, result.due) - CAL.working_time(received, base.due)
    assert grown == paused
    assert CAL.is_office_time(result.due)
