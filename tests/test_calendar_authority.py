"""The office's calendar of a year is the authority for that year; the holidays package fills only other years.

The hand-worked case: Tết 2028. The `holidays` package guesses 24/01–29/01/2028 as Tết; an office calendar that
announces Tết from Tuesday 25/01 (and a day off on Monday 31/01) leaves Monday 24/01 a working day. A 5-working-day
dossier received Friday 21/01/2028 is then due Friday 04/02/2028 (day 1 = 24/01, days 2–5 = 01/02–04/02), not
Monday 07/02 (what the package's days plus the office's give together).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.calendar_data import load_office_calendar
from counter_app.domain.catalogue import ProcessingTime
from counter_app.domain.due_dates import compute_due

SOURCE = "Thông báo số 01/TB-BNV (ví dụ kiểm thử)"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=OFFICE_TZ)


def office_2028(folder: Path) -> Path:
    entries = [
        {"date": f"2028-01-{d}", "kind": "holiday", "name": "Tết Nguyên đán Mậu Thân", "source": SOURCE}
        for d in (25, 26, 27, 28)
    ]
    entries.append({"date": "2028-01-31", "kind": "day_off", "name": "Nghỉ Tết (hoán đổi)", "source": SOURCE})
    path = folder / "2028.json"
    path.write_text(json.dumps({"year": 2028, "entries": entries}, ensure_ascii=False), encoding="utf-8")
    return path


def test_office_file_wins_over_the_package(tmp_path: Path):
    calendar = load_office_calendar(extra_files=[office_2028(tmp_path)])
    assert calendar.is_working_day(date(2028, 1, 24))  # the package says "29 Tết"; the office file says work
    assert not calendar.is_working_day(date(2028, 1, 31))
    result = compute_due(at(2028, 1, 21, 10, 0), ProcessingTime(5), calendar)
    assert result.due == at(2028, 2, 4, 17, 0)
    text = "\n".join(result.reasons)
    assert "Nguồn lịch: năm 2028 theo lịch làm việc của đơn vị" in text
    assert "Tính Thứ Hai 24/01/2028 là ngày làm việc theo lịch làm việc của đơn vị năm 2028" in text
    assert "«29 Tết»" in text
    assert f"Tết Nguyên đán Mậu Thân (theo lịch làm việc của đơn vị năm 2028, căn cứ {SOURCE})" in text
    assert not any("Chưa nạp lịch làm việc năm 2028" in w for w in result.warnings)


def test_without_an_office_file_the_package_decides_and_says_so():
    calendar = load_office_calendar()
    assert 2028 not in calendar.loaded_years
    result = compute_due(at(2028, 1, 21, 10, 0), ProcessingTime(5), calendar)
    # 24–29/01 from the package (29 Tết … mùng bốn): day 1 Mon 31/01, day 5 Fri 04/02.
    assert result.due == at(2028, 2, 4, 17, 0)
    assert [s.day for s in result.skipped][:1] == [date(2028, 1, 22)]
    tet = [s for s in result.skipped if s.day == date(2028, 1, 24)][0]
    assert "gói holidays" in tet.source and "chưa có lịch làm việc của đơn vị năm 2028" in tet.source
    text = "\n".join(result.reasons)
    assert "năm 2028 theo danh sách ngày lễ tự động (gói holidays), chưa có lịch của đơn vị" in text
    assert any("Chưa nạp lịch làm việc năm 2028" in w for w in result.warnings)


def test_package_and_office_together_would_give_the_wrong_date(tmp_path: Path):
    """The same office entries in a year the office does not own (not loaded): the package's days count too."""
    calendar = load_office_calendar(extra_files=[office_2028(tmp_path)])
    unowned = type(calendar)(
        entries=calendar.entries_between(date(2028, 1, 1), date(2028, 12, 31)), hours=calendar.hours
    )
    assert compute_due(at(2028, 1, 21, 10, 0), ProcessingTime(5), unowned).due == at(2028, 2, 7, 17, 0)


def test_imported_year_is_the_authority_through_the_service(services, tmp_path: Path):
    before = compute_due(at(2028, 1, 21, 10, 0), ProcessingTime(5), services.calendar())
    services.office_calendar.import_file(office_2028(tmp_path))
    calendar = services.calendar()
    assert 2028 in calendar.loaded_years and calendar.is_working_day(date(2028, 1, 24))
    after = compute_due(at(2028, 1, 21, 10, 0), ProcessingTime(5), calendar)
    assert after.due == at(2028, 2, 4, 17, 0)
    assert before.skipped != after.skipped
    # Going back to no office calendar for 2028 gives the package its say again.
    services.office_calendar.reset_year(2028)
    assert not services.calendar().is_working_day(date(2028, 1, 24))


def test_bundled_years_name_the_office_calendar_as_source():
    result = compute_due(at(2026, 2, 13, 10, 0), ProcessingTime(5), load_office_calendar())
    assert result.due == at(2026, 2, 27, 17, 0)
    tet = [s for s in result.skipped if s.day == date(2026, 2, 16)][0]
    assert tet.source.startswith("theo lịch làm việc của đơn vị năm 2026, căn cứ Thông báo 9441/TB-BNV")
