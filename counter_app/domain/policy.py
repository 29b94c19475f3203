"""Policy choices where reasonable offices differ: each one a setting with a documented default and its basis.

The due-date choices travel with the office calendar (OfficeCalendar.policy), so every due date — at intake, in the
explanation, after a pause — is computed under the same choices; compute_due says in its explanation which choice
applied whenever one changed the date it gives. docs/CATALOGUE_AND_CALENDAR.md and docs/REPORTS.md list them.

| setting                      | default         | other            | basis of the default                                  |
| due.nonworking_receipt       | receipt_day     | day_one          | Civil Code 2015 Art. 147 (the day of the event is not  |
|                              |                 |                  | counted); several provincial systems count day 1      |
| due.hour_day                 | sessions        | 8h               | the office's own sessions (7 h 30 by default) vs the  |
|                              |                 |                  | 8-hour civil-service day (Labour Code 2019 Art. 105)   |
| due.pause_count              | working_time    | working_days     | the time the applicant actually took (DOMAIN §1.1 6)   |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import timedelta


@dataclass(frozen=True)
class Choice:
    key: str
    default: str
    options: Mapping[str, str]  # value -> Vietnamese description (for the explanation and the settings)
    basis: str  # the legal basis or the practice of the default, in Vietnamese


CHOICES: dict[str, Choice] = {
    c.key: c
    for c in (
        Choice(
            "due.nonworking_receipt",
            "receipt_day",
            {
                "receipt_day": "hồ sơ nộp trực tuyến vào ngày nghỉ: ngày làm việc kế tiếp là ngày tiếp nhận, không tính",
                "day_one": "hồ sơ nộp trực tuyến vào ngày nghỉ: ngày làm việc kế tiếp là ngày thứ nhất của thời hạn",
            },
            "Bộ luật Dân sự 2015, Điều 147 (không tính ngày xảy ra sự kiện); nhiều hệ thống một cửa cấp tỉnh tính "
            "ngày làm việc kế tiếp là ngày thứ nhất",
        ),
        Choice(
            "due.hour_day",
            "sessions",
            {
                "sessions": "thời hạn tính theo giờ: giờ làm việc theo các phiên của đơn vị",
                "8h": "thời hạn tính theo giờ: mỗi ngày làm việc tính là 8 giờ",
            },
            "giờ làm việc do đơn vị công bố (thiết lập office.morning, office.afternoon); ngày làm việc 8 giờ theo "
            "Bộ luật Lao động 2019, Điều 105",
        ),
        Choice(
            "due.pause_count",
            "working_time",
            {
                "working_time": "thời gian chờ bổ sung: cộng đúng thời gian làm việc đã tạm dừng",
                "working_days": "thời gian chờ bổ sung: cộng số ngày làm việc trọn vẹn đã tạm dừng",
            },
            "thời gian người nộp bổ sung hồ sơ không tính vào thời hạn giải quyết (Nghị định 61/2018/NĐ-CP, "
            "Điều 19; DOMAIN §1.1 bước 6): tính đúng thời gian đã dừng",
        ),
    )
}
EIGHT_HOURS = timedelta(hours=8)


@dataclass(frozen=True)
class DuePolicy:
    """The due-date choices (values of CHOICES); the defaults reproduce the rule of domain.due_dates."""

    nonworking_receipt: str = "receipt_day"
    hour_day: str = "sessions"
    pause_count: str = "working_time"

    @classmethod
    def from_settings(cls, values: Mapping[str, str]) -> DuePolicy:
        return cls(**{f.name: values.get(f"due.{f.name}") or CHOICES[f"due.{f.name}"].default for f in fields(cls)})

    def line(self, name: str) -> str:
        """ "Thiết lập due.hour_day = 8h: …" — the choice and its basis, for the explanation."""
        choice = CHOICES[f"due.{name}"]
        value = getattr(self, name)
        default = " (mặc định)" if value == choice.default else f" (mặc định: {choice.default})"
        return f"Thiết lập {choice.key} = {value}{default}: {choice.options[value]}."


def check_choice(key: str, value: str) -> str:
    """The value if `key` accepts it; ValueError with the Vietnamese list of options otherwise."""
    choice = CHOICES[key]
    cleaned = value.strip().lower()
    if cleaned not in choice.options:
        raise ValueError(f"chỉ nhận {' hoặc '.join(choice.options)} (mặc định {choice.default}).")
    return cleaned
