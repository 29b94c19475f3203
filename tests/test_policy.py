"""Policy choices as settings (domain.policy): each one both ways, and the explanation says which applied."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.calendar_data import load_office_calendar
from counter_app.domain.catalogue import DurationUnit, ProcessingTime
from counter_app.domain.due_dates import Pause, compute_due
from counter_app.domain.policy import CHOICES, DuePolicy, ReportPolicy
from counter_app.services.settings import SettingsError

CAL = load_office_calendar()


def T(*args: int) -> datetime:
    return datetime(*args, tzinfo=OFFICE_TZ)


def with_policy(**choices) -> object:
    return replace(CAL, policy=DuePolicy(**choices)) if choices else CAL


def text(result) -> str:
    return "\n".join(result.reasons)


def test_every_choice_has_a_documented_default_and_basis():
    for key, choice in CHOICES.items():
        assert choice.default in choice.options and choice.basis
        assert key.startswith(("due.", "reports."))
    assert DuePolicy() == DuePolicy.from_settings({})
    assert ReportPolicy() == ReportPolicy.from_settings({})
    assert ReportPolicy().values() == {
        "reports.early_rule": "day",  # the issue: Biểu 06 follows the appointment day by default
        "reports.late_return": "not_late",
        "reports.variant": "bieu06",
    }


@pytest.mark.parametrize(
    "choice, due",
    [
        ("receipt_day", T(2026, 3, 16, 17)),  # Mon 09/03 is the (uncounted) day of receipt: day 5 Mon 16/03
        ("day_one", T(2026, 3, 13, 17)),  # Mon 09/03 is day 1: day 5 Fri 13/03
    ],
)
def test_online_on_a_saturday(choice, due):
    result = compute_due(T(2026, 3, 7, 10), ProcessingTime(5), with_policy(nonworking_receipt=choice))
    assert result.due == due
    assert f"Thiết lập due.nonworking_receipt = {choice}" in text(result)


def test_the_nonworking_choice_is_silent_on_a_working_day():
    result = compute_due(T(2026, 3, 9, 10), ProcessingTime(5), with_policy(nonworking_receipt="day_one"))
    assert result.due == T(2026, 3, 16, 17) and "due.nonworking_receipt" not in text(result)


@pytest.mark.parametrize(
    "choice, due",
    [
        ("sessions", T(2026, 3, 11, 8, 0)),  # 8 h of the office's 7 h 30 days: Tue 07:30 → Wed 08:00
        ("8h", T(2026, 3, 10, 17, 0)),  # a day counts as 8 h: 8 h is one working day, Tue 17:00
    ],
)
def test_hours_with_a_7_5_or_8_hour_day(choice, due):
    result = compute_due(
        T(2026, 3, 10, 7, 30), ProcessingTime(8, DurationUnit.WORKING_HOURS), with_policy(hour_day=choice)
    )
    assert result.due == due
    assert f"Thiết lập due.hour_day = {choice}" in text(result)


@pytest.mark.parametrize(
    "choice, due, added",
    [
        ("working_time", T(2026, 3, 10, 16, 0), "cộng thêm 6 giờ 30 phút làm việc"),
        ("working_days", T(2026, 3, 10, 17, 0), "cộng thêm 1 ngày làm việc"),
    ],
)
def test_pauses_in_working_time_or_whole_days(choice, due, added):
    pause = Pause(T(2026, 3, 4, 10), T(2026, 3, 5, 9), "chờ bổ sung")
    result = compute_due(T(2026, 3, 2, 9), ProcessingTime(5), with_policy(pause_count=choice), [pause])
    assert result.due == due
    assert added in text(result) and f"Thiết lập due.pause_count = {choice}" in text(result)


def test_settings_carry_the_choices_into_every_due_date(services):
    assert services.settings.get("due.pause_count") == "working_time"
    with pytest.raises(SettingsError, match="chỉ nhận working_time hoặc working_days"):
        services.settings.set("due.pause_count", "days")
    services.settings.set("due.nonworking_receipt", "DAY_ONE")
    assert services.calendar().policy.nonworking_receipt == "day_one"
    assert compute_due(T(2026, 3, 7, 10), ProcessingTime(5), services.calendar()).due == T(2026, 3, 13, 17)
