"""The office calendar in the store: bundled years, supervisor edits, yearly imports, office hours from settings."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import inspect

from counter_app.domain.calendar import OFFICE_TZ, CalendarEntry, DayKind, OfficeHours
from counter_app.domain.calendar_data import CalendarDataError
from counter_app.domain.catalogue import ProcessingTime
from counter_app.domain.due_dates import compute_due
from counter_app.services.calendar import CalendarError
from counter_app.services.intake import IntakeRequest
from counter_app.services.settings import SettingsError
from counter_app.store.db import head_revision, open_database
from tests.conftest import XRAY_CODE


def at(*args) -> datetime:
    return datetime(*args, tzinfo=OFFICE_TZ)


def test_migration_creates_the_calendar_tables(tmp_path: Path):
    db = open_database(tmp_path)
    try:
        assert db.current_revision() == head_revision()
        tables = set(inspect(db.read_engine).get_table_names())
        assert {"calendar_years", "calendar_entries"} <= tables
    finally:
        db.dispose()


def test_a_store_at_0002_is_upgraded_and_keeps_its_data(tmp_path: Path):
    from alembic import command

    from counter_app.store.db import _alembic_config

    db = open_database(tmp_path, migrate=False)
    try:
        with db.write_engine.begin() as conn:
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0002")
            conn.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('office.cutoff', '16:00')")
        assert db.current_revision() == "0002"
        assert "calendar_entries" not in inspect(db.read_engine).get_table_names()
    finally:
        db.dispose()
    db = open_database(tmp_path)
    try:
        assert db.current_revision() == head_revision()
        assert "calendar_entries" in inspect(db.read_engine).get_table_names()
        with db.read_engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT value FROM settings WHERE key = 'office.cutoff'").scalar() == "16:00"
        # The copy taken before migrating is there.
        assert list((tmp_path / "backups").glob("before-migration-0002-*.sqlite3"))
    finally:
        db.dispose()


def test_bundled_years_are_loaded_and_others_warn(services):
    calendar = services.calendar()
    assert {2025, 2026, 2027} <= calendar.loaded_years
    view = services.office_calendar.year(2026)
    assert view.origin == "bundled" and view.loaded and view.warning is None
    assert date(2026, 2, 16) in {e.day for e in view.entries}
    far = services.office_calendar.year(2031)
    assert far.origin == "none" and not far.loaded
    assert far.warning.startswith("Chưa nạp lịch làm việc năm 2031")
    due = compute_due(at(2031, 3, 10, 9), ProcessingTime(5), calendar)
    assert any("Chưa nạp lịch làm việc năm 2031" in w for w in due.warnings)


def test_adding_a_closure_takes_over_the_year_and_moves_due_dates(services):
    received = at(2026, 12, 28, 9)  # Monday; 3 working days → Thursday 31/12
    assert compute_due(received, ProcessingTime(3), services.calendar()).due == at(2026, 12, 31, 17)
    services.office_calendar.add_entry(
        CalendarEntry(date(2026, 12, 30), DayKind.CLOSURE, "  Nghỉ   kiểm kê cuối năm ", "Thông báo 12/TB-SKHCN")
    )
    view = services.office_calendar.year(2026)
    assert view.origin == "office" and view.loaded
    assert "sửa từ lịch kèm phần mềm (2026.json)" in view.origin_text
    # The bundled entries of the year came along with the edit.
    assert date(2026, 2, 16) in {e.day for e in view.entries}
    closure = services.calendar().entry(date(2026, 12, 30))
    assert closure.name == "Nghỉ kiểm kê cuối năm"
    due = compute_due(received, ProcessingTime(3), services.calendar())
    assert due.due == at(2027, 1, 4, 17)  # 29/12, 31/12, (01/01 holiday, weekend) 04/01
    assert any("Nghỉ kiểm kê cuối năm" in r for r in due.reasons)


def test_edit_and_delete_entries(services):
    cal = services.office_calendar
    cal.update_entry(
        date(2026, 1, 2),
        CalendarEntry(date(2026, 1, 2), DayKind.DAY_OFF, "Nghỉ hoán đổi", "Công văn 12729/VPCP-KGVX"),
    )
    assert services.calendar().entry(date(2026, 1, 2)).name == "Nghỉ hoán đổi"
    cal.delete_entry(date(2026, 1, 2))
    assert services.calendar().entry(date(2026, 1, 2)) is None
    assert services.calendar().is_working_day(date(2026, 1, 2))
    with pytest.raises(CalendarError, match="không có trong lịch"):
        cal.delete_entry(date(2026, 1, 2))
    with pytest.raises(CalendarError, match="đã có trong lịch"):
        cal.add_entry(CalendarEntry(date(2026, 2, 16), DayKind.CLOSURE, "Trùng", "x"))
    with pytest.raises(CalendarError, match="căn cứ"):
        cal.add_entry(CalendarEntry(date(2026, 3, 3), DayKind.CLOSURE, "Không căn cứ", " "))
    with pytest.raises(CalendarError, match="vốn là ngày làm việc"):
        cal.add_entry(CalendarEntry(date(2026, 3, 3), DayKind.EXTRA_WORKDAY, "Làm bù", "x"))
    # Moving an entry to another day.
    cal.update_entry(
        date(2026, 8, 22), CalendarEntry(date(2026, 8, 29), DayKind.EXTRA_WORKDAY, "Làm bù", "Thông báo mới")
    )
    assert services.calendar().is_working_day(date(2026, 8, 29))
    assert not services.calendar().is_working_day(date(2026, 8, 22))
    # Back to the bundled file.
    assert cal.reset_year(2026)
    assert services.office_calendar.year(2026).origin == "bundled"
    assert services.calendar().entry(date(2026, 1, 2)) is not None


def test_entry_in_an_unloaded_year_keeps_the_warning_until_marked_complete(services):
    cal = services.office_calendar
    cal.add_entry(CalendarEntry(date(2030, 1, 2), DayKind.CLOSURE, "Nghỉ", "Thông báo 1/TB"))
    assert 2030 not in services.calendar().loaded_years
    assert cal.year(2030).warning
    cal.set_complete(2030, True)
    assert 2030 in services.calendar().loaded_years
    assert cal.year(2030).warning is None


def test_import_a_year_file_replaces_the_year(services, tmp_path: Path):
    path = tmp_path / "2028.json"
    path.write_text(
        json.dumps(
            {
                "year": 2028,
                "description": "Lịch nghỉ năm 2028",
                "entries": [
                    {"date": "2028-01-01", "kind": "holiday", "name": "Tết Dương lịch", "source": "BLLĐ Điều 112"},
                    {"date": "2028-01-29", "kind": "extra_workday", "name": "Làm bù", "source": "Thông báo 1/TB-BNV"},
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    result = services.office_calendar.import_file(path)
    assert (result.year, result.entries, result.replaced_office_year) == (2028, 2, False)
    view = services.office_calendar.year(2028)
    assert view.loaded and view.description == "Lịch nghỉ năm 2028" and "nhập từ tệp 2028.json" in view.origin_text
    assert services.calendar().is_working_day(date(2028, 1, 29))  # a Saturday worked
    # Export and re-import give the same year.
    out = tmp_path / "out" / "2028.json"
    assert services.office_calendar.export_year(2028, out) == 2
    assert services.office_calendar.import_file(out).replaced_office_year
    assert services.office_calendar.year(2028).entries == view.entries


def test_import_with_an_error_writes_nothing(services, tmp_path: Path):
    path = tmp_path / "2026.json"
    path.write_text(
        json.dumps({"year": 2026, "entries": [{"date": "2026-13-01", "kind": "holiday", "name": "x", "source": "y"}]}),
        encoding="utf-8",
    )
    with pytest.raises(CalendarDataError, match="mục 1"):
        services.office_calendar.import_file(path)
    assert services.office_calendar.year(2026).origin == "bundled"


def test_office_hours_come_from_settings(services):
    assert services.calendar().hours == OfficeHours()
    services.settings.set_many({"office.morning": "08:00-12:00", "office.afternoon": "13h00-17h30"})
    assert services.settings.get("office.afternoon") == "13:00-17:30"
    hours = services.calendar().hours
    assert (hours.morning_start, hours.afternoon_end) == (time(8), time(17, 30))
    with pytest.raises(SettingsError, match="HH:MM-HH:MM"):
        services.settings.set("office.morning", "sáng")
    with pytest.raises(SettingsError, match="Giờ làm việc không hợp lệ"):
        services.settings.set("office.morning", "08:00-14:00")  # runs into the afternoon
    with pytest.raises(SettingsError, match="phải nằm trong giờ làm việc"):
        services.settings.set("office.cutoff", "18:00")
    assert services.settings.get("office.morning") == "08:00-12:00"  # nothing written by a failed set


def test_office_cutoff_moves_a_late_receipt_to_the_next_day(services, clock):
    received = at(2026, 11, 25, 16, 45)  # Wednesday, inside office hours
    assert compute_due(received, ProcessingTime(1), services.calendar()).due == at(2026, 11, 26, 17)
    services.settings.set("office.cutoff", "16:30")
    due = compute_due(received, ProcessingTime(1), services.calendar())
    assert due.due == at(2026, 11, 27, 17)
    assert any("giờ tiếp nhận cuối trong ngày của đơn vị" in r for r in due.reasons)
    # The earlier of the procedure's and the office's cut-off applies.
    same_day = ProcessingTime(0, cutoff=time(15, 0))
    assert "của thủ tục" in " ".join(compute_due(at(2026, 11, 25, 15, 30), same_day, services.calendar()).reasons)
    # Intake uses the same calendar.
    clock.moment = received
    result = services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Phạm Thị Dung"))
    assert result.due_at == at(2026, 12, 3, 17)  # 5 working days from Thursday 26/11


def test_office_hours_reject_a_cutoff_outside_hours():
    with pytest.raises(ValueError, match="phải nằm trong giờ làm việc"):
        OfficeHours(cutoff=time(7, 0))
