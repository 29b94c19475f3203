"""Office calendar: the bundled 2025–2027 data, the loader's errors, and working-time arithmetic."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.calendar import OFFICE_TZ, DayKind, OfficeCalendar, OfficeHours
from counter_app.domain.calendar_data import (
    CalendarDataError,
    calendar_files,
    load_calendar_year,
    load_office_calendar,
)
from counter_app.resources import resource_path

CAL = load_office_calendar()


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=OFFICE_TZ)


# --- bundled data ---------------------------------------------------------------------------------------------


def test_bundled_years_are_loaded():
    assert set(calendar_files()) >= {2025, 2026, 2027}
    assert CAL.loaded_years >= {2025, 2026, 2027}
    assert CAL.covers(date(2026, 6, 1)) and not CAL.covers(date(2028, 6, 1))


def test_every_bundled_entry_names_its_source():
    for year, path in calendar_files().items():
        for entry in load_calendar_year(path):
            assert entry.day.year == year
            assert entry.name and entry.source


@pytest.mark.parametrize(
    "day",
    # Tết 2025 (25/01–02/02), 30/4–1/5 2025 with the swapped Friday, Quốc khánh 2025 (30/08–02/09).
    [
        "2025-01-27",
        "2025-01-31",
        "2025-04-30",
        "2025-05-01",
        "2025-05-02",
        "2025-09-01",
        "2025-09-02",
        # 2026: Tết Dương lịch swap, Tết 14–22/02, Giỗ Tổ + nghỉ bù, 30/4–1/5, Quốc khánh 29/08–02/09, 24/11.
        "2026-01-01",
        "2026-01-02",
        "2026-02-16",
        "2026-02-20",
        "2026-04-26",
        "2026-04-27",
        "2026-04-30",
        "2026-05-01",
        "2026-08-31",
        "2026-09-01",
        "2026-09-02",
        "2026-11-24",
        # 2027: statutory days, nghỉ bù for 01/05 on a Saturday, Tết estimate.
        "2027-01-01",
        "2027-02-08",
        "2027-04-16",
        "2027-05-03",
        "2027-09-02",
        "2027-09-03",
    ],
)
def test_announced_days_off(day):
    assert not CAL.is_working_day(date.fromisoformat(day))


@pytest.mark.parametrize("day", ["2025-04-26", "2026-01-10", "2026-08-22"])
def test_make_up_saturdays_are_working_days(day):
    d = date.fromisoformat(day)
    assert d.weekday() == 5
    assert CAL.is_working_day(d)
    assert CAL.entry(d).kind == DayKind.EXTRA_WORKDAY
    assert not OfficeCalendar().is_working_day(d)  # without the office data it is an ordinary Saturday


@pytest.mark.parametrize("day", ["2025-02-03", "2026-02-13", "2026-02-23", "2026-04-28", "2026-09-03", "2027-02-11"])
def test_working_days_around_the_holidays(day):
    assert CAL.is_working_day(date.fromisoformat(day))


def test_tet_2026_is_nine_days():
    off = [date(2026, 2, 14) + timedelta(days=i) for i in range(9)]
    assert all(not CAL.is_working_day(d) for d in off)
    assert CAL.is_working_day(date(2026, 2, 13)) and CAL.is_working_day(date(2026, 2, 23))
    assert CAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)


def test_reasons_name_the_day():
    assert CAL.non_working_reason(date(2026, 4, 27)) == "nghỉ bù: Giỗ Tổ Hùng Vương (26/04/2026 trùng Chủ nhật)"
    assert CAL.non_working_reason(date(2026, 2, 17)) == "ngày lễ: Tết Nguyên đán Bính Ngọ"
    assert CAL.non_working_reason(date(2026, 3, 7)) == "Thứ Bảy"
    assert CAL.non_working_reason(date(2026, 3, 8)) == "Chủ nhật"
    assert CAL.non_working_reason(date(2026, 3, 9)) is None


def test_2027_estimates_are_marked_provisional():
    tet = CAL.entry(date(2027, 2, 8))
    assert tet.provisional and "dự kiến" in tet.source.lower()
    assert not CAL.entry(date(2027, 4, 30)).provisional


def test_office_entry_wins_over_statutory_list():
    closure = OfficeCalendar(entries=[_entry("2026-03-10", DayKind.CLOSURE, "Mất điện toàn trụ sở")])
    assert closure.non_working_reason(date(2026, 3, 10)) == "nghỉ (đơn vị): Mất điện toàn trụ sở"
    # The holidays package's guess can be overruled by declaring the day a working day.
    worked = OfficeCalendar(entries=[_entry("2028-01-03", DayKind.EXTRA_WORKDAY, "Làm việc")])
    assert not OfficeCalendar().is_working_day(date(2028, 1, 3))
    assert worked.is_working_day(date(2028, 1, 3))


def _entry(day: str, kind: DayKind, name: str):
    from counter_app.domain.calendar import CalendarEntry

    return CalendarEntry(date.fromisoformat(day), kind, name, "test")


# --- loader -----------------------------------------------------------------------------------------------------


def write(tmp_path: Path, name: str, entries, year: int = 2026) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"year": year, "entries": entries}, ensure_ascii=False), encoding="utf-8")
    return path


GOOD = {"date": "2026-03-10", "kind": "closure", "name": "Nghỉ", "source": "Quyết định 1/QĐ-SKHCN"}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({**GOOD, "date": "2026-02-30"}, "Tệp 2026.json, mục 3: ngày '2026-02-30' không hợp lệ"),
        ({**GOOD, "date": "10/03/2026"}, "Tệp 2026.json, mục 3: ngày '10/03/2026' không hợp lệ"),
        ({**GOOD, "date": "2025-03-10"}, "Tệp 2026.json, mục 3: ngày '2025-03-10' không thuộc năm 2026 của tệp"),
        ({**GOOD, "kind": "vacation"}, "Tệp 2026.json, mục 3: loại ngày 'vacation' không hợp lệ"),
        ({**GOOD, "name": " "}, "Tệp 2026.json, mục 3: thiếu tên ngày (name)"),
        ({k: v for k, v in GOOD.items() if k != "source"}, "Tệp 2026.json, mục 3: thiếu căn cứ (source)"),
        (
            {**GOOD, "date": "2026-03-11", "kind": "extra_workday"},
            "Tệp 2026.json, mục 3: ngày '2026-03-11' (Thứ Tư) vốn là ngày làm việc",
        ),
        ({**GOOD, "date": "2026-01-01"}, "Tệp 2026.json, mục 3: ngày '2026-01-01' trùng với mục 1"),
        ("2026-03-10", "Tệp 2026.json, mục 3: phải là một đối tượng"),
    ],
)
def test_malformed_entry_names_file_entry_and_reason(tmp_path, bad, message):
    entries = [
        {"date": "2026-01-01", "kind": "holiday", "name": "Tết Dương lịch", "source": "BLLĐ 2019"},
        {"date": "2026-01-10", "kind": "extra_workday", "name": "Làm bù", "source": "CV 12729/VPCP-KGVX"},
        bad,
    ]
    with pytest.raises(CalendarDataError) as info:
        load_calendar_year(write(tmp_path, "2026.json", entries))
    assert str(info.value).startswith(message)
    assert info.value.file == "2026.json" and info.value.entry == 3


def test_malformed_files(tmp_path):
    broken = tmp_path / "2026.json"
    broken.write_text('{"year": 2026, "entries": [', encoding="utf-8")
    with pytest.raises(CalendarDataError, match=r"^Tệp 2026.json: không đọc được JSON \(dòng 1"):
        load_calendar_year(broken)
    with pytest.raises(CalendarDataError, match="tên tệp là năm 2027 nhưng nội dung ghi năm 2026"):
        load_calendar_year(write(tmp_path, "2027.json", [GOOD]))
    with pytest.raises(CalendarDataError, match="không tìm thấy tệp"):
        load_calendar_year(tmp_path / "2030.json")
    (tmp_path / "list.json").write_text("[]", encoding="utf-8")
    with pytest.raises(CalendarDataError, match='"entries"'):
        load_calendar_year(tmp_path / "list.json")


def test_load_selected_years_and_extra_files(tmp_path):
    only_2026 = load_office_calendar(years=[2026])
    assert only_2026.loaded_years == {2026}
    assert only_2026.entry(date(2025, 4, 26)) is None

    closure = write(tmp_path, "dong-cua.json", [GOOD])
    cal = load_office_calendar(years=[2026], extra_files=[closure])
    assert cal.non_working_reason(date(2026, 3, 10)) == "nghỉ (đơn vị): Nghỉ"
    assert cal.is_working_day(date(2026, 8, 22))  # bundled entries are kept

    imported = write(tmp_path, "2028.json", [{**GOOD, "date": "2028-03-10"}], year=2028)
    assert 2028 in load_office_calendar(extra_files=[imported]).loaded_years


def test_loader_reads_only_year_files(tmp_path):
    write(tmp_path, "2026.json", [GOOD])
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    cal = load_office_calendar(directory=tmp_path)
    assert cal.loaded_years == {2026}
    assert load_office_calendar(directory=tmp_path / "missing").loaded_years == frozenset()


def test_bundled_directory_is_the_resource_folder():
    assert calendar_files()[2026] == resource_path("calendar", "2026.json")


# --- office hours and working time ------------------------------------------------------------------------------


def test_office_hours_must_be_ordered():
    with pytest.raises(ValueError, match="Giờ làm việc không hợp lệ"):
        OfficeHours(morning_start=time(8), morning_end=time(7))
    assert OfficeHours().day_length == timedelta(hours=7, minutes=30)


def test_sessions_and_next_session_start():
    assert CAL.is_open(at(2026, 3, 10, 7, 30)) and not CAL.is_open(at(2026, 3, 10, 11, 30))
    assert CAL.is_office_time(at(2026, 3, 10, 17, 0)) and not CAL.is_open(at(2026, 3, 10, 17, 0))
    assert CAL.next_session_start(at(2026, 3, 10, 12, 0)) == at(2026, 3, 10, 13, 30)
    assert CAL.next_session_start(at(2026, 3, 13, 17, 30)) == at(2026, 3, 16, 7, 30)
    assert CAL.next_session_start(at(2026, 2, 13, 17, 30)) == at(2026, 2, 23, 7, 30)  # over Tết
    assert CAL.sessions_on(date(2026, 3, 8)) == []


def test_working_time_examples():
    assert CAL.working_time(at(2026, 3, 10, 10, 30), at(2026, 3, 10, 16, 30)) == timedelta(hours=4)
    assert CAL.working_time(at(2026, 3, 13, 16, 0), at(2026, 3, 16, 10, 0)) == timedelta(minutes=210)
    assert CAL.add_working_time(at(2026, 3, 10, 10, 30), timedelta(hours=1)) == at(2026, 3, 10, 11, 30)
    assert CAL.add_working_time(at(2026, 3, 10, 15, 0), timedelta(hours=4)) == at(2026, 3, 11, 9, 30)


def brute_force_minutes(calendar: OfficeCalendar, start: datetime, end: datetime) -> int:
    """Working minutes counted one minute at a time (independent of the calendar's own arithmetic)."""
    count, moment = 0, start
    while moment < end:
        count += calendar.is_open(moment)
        moment += timedelta(minutes=1)
    return count


minutes_2026 = st.integers(min_value=0, max_value=365 * 24 * 60).map(lambda m: at(2026, 1, 1) + timedelta(minutes=m))


@settings(max_examples=60, deadline=None)
@given(start=minutes_2026, length=st.integers(min_value=0, max_value=4 * 24 * 60))
def test_working_time_matches_minute_count(start, length):
    end = start + timedelta(minutes=length)
    assert CAL.working_time(start, end) == timedelta(minutes=brute_force_minutes(CAL, start, end))


@settings(max_examples=200, deadline=None)
@given(start=minutes_2026, minutes=st.integers(min_value=1, max_value=20 * 450))
def test_add_working_time_is_the_earliest_moment(start, minutes):
    amount = timedelta(minutes=minutes)
    end = CAL.add_working_time(start, amount)
    assert CAL.working_time(start, end) == amount
    assert CAL.is_office_time(end)
    assert CAL.working_time(start, end - timedelta(minutes=1)) < amount


# --- the statutory table (domain/statutory_holidays.py) -------------------------------------------------------


def test_the_statutory_table_is_the_holidays_package_answer():
    """The window reads the generated table instead of importing `holidays` (~20 MB): it must say what the package
    says, year by year, and the package still answers outside it. After upgrading `holidays`, run
    scripts/statutory_holidays.py."""
    import holidays

    from counter_app.domain.calendar import _statutory
    from counter_app.domain.statutory_holidays import FIRST_YEAR, LAST_YEAR, TABLE

    assert sorted(TABLE) == list(range(FIRST_YEAR, LAST_YEAR + 1))
    assert FIRST_YEAR <= 2026 <= LAST_YEAR - 30
    for year in (*TABLE, FIRST_YEAR - 1, LAST_YEAR + 1):
        expected = dict(holidays.country_holidays("VN", years=year, language="vi"))
        assert _statutory(year) == expected, f"{year}: the table is stale, run scripts/statutory_holidays.py"
