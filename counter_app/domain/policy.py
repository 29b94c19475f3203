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
| reports.early_rule           | day             | moment           | Biểu 06 as provincial one-stop systems read it: a     |
|                              |                 |                  | result on the appointment day is on time ("đúng hạn") |
| reports.late_return          | not_late        | late             | the time limit binds the agency (Decree 61/2018 Arts. |
|                              |                 |                  | 19, 22); a citizen collecting late is not its delay    |
| reports.variant              | bieu06          | ii06a            | Biểu số 06/VPCP/KSTT (Circular 01/2020/TT-VPCP); ii06a |
|                              |                 |                  | is the centre's variant (paused, withdrawn: on time)   |

The report choices change no stored count: the per-day counts keep every class each choice needs
(domain/reports.py) and a report applies the choices when it reads them (ReportPolicy), so a change of setting
changes the station's report and what it sends to the hub at once, for past periods too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import timedelta


@dataclass(frozen=True)
class Choice:
    key: str
    default: str
    options: Mapping[str, str]  # value -> Vietnamese description (for the explanation and the settings)
    basis: str  # the legal basis or the practice of the default, in Vietnamese
    label: str = ""  # short Vietnamese name for the settings screen


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
            "Hồ sơ trực tuyến nộp ngày nghỉ",
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
            "Thời hạn tính theo giờ",
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
            "Thời gian chờ bổ sung",
        ),
        Choice(
            "reports.early_rule",
            "day",
            {
                "day": "có kết quả trong ngày hẹn trả là đúng hạn, trước ngày hẹn trả là trước hạn",
                "moment": "có kết quả trước thời điểm hẹn trả là trước hạn, kể cả trong ngày hẹn trả",
            },
            "ngày hẹn trả ghi trên giấy tiếp nhận (Biểu số 06/VPCP/KSTT, Thông tư 01/2020/TT-VPCP), như các hệ "
            "thống một cửa điện tử cấp tỉnh tính",
            "Biểu 06: trước hạn, đúng hạn",
        ),
        Choice(
            "reports.late_return",
            "not_late",
            {
                "not_late": "hồ sơ có kết quả đúng hạn mà người nộp nhận muộn (trả muộn) không tính quá hạn",
                "late": "hồ sơ trả cho người nộp sau thời điểm hẹn trả (trả muộn) tính quá hạn",
            },
            "Nghị định 61/2018/NĐ-CP, Điều 19, 22: thời hạn ràng buộc cơ quan giải quyết, không phải lúc người nộp "
            "đến nhận kết quả",
            "Biểu 06: trả muộn",
        ),
        Choice(
            "reports.variant",
            "bieu06",
            {
                "bieu06": "Biểu số 06/VPCP/KSTT: hồ sơ chờ bổ sung và hồ sơ rút phân loại theo hạn như mọi hồ sơ",
                "ii06a": "biến thể II.06a: hồ sơ kết thúc khi đang chờ bổ sung và hồ sơ rút tính đúng hạn, hồ sơ "
                "đang chờ bổ sung tính trong hạn",
            },
            "mẫu Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP); II.06a: cách thống kê của Trung tâm Phục vụ hành "
            "chính công",
            "Biểu 06: mẫu báo cáo",
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


@dataclass(frozen=True)
class ReportPolicy:
    """The report choices (settings reports.*): how Biểu 06 classifies what the per-day counts keep."""

    early_rule: str = "day"
    late_return: str = "not_late"
    variant: str = "bieu06"

    @classmethod
    def from_settings(cls, values: Mapping[str, str]) -> ReportPolicy:
        return cls(
            **{f.name: values.get(f"reports.{f.name}") or CHOICES[f"reports.{f.name}"].default for f in fields(cls)}
        )

    def values(self) -> dict[str, str]:
        """{"reports.early_rule": "day", …}"""
        return {f"reports.{f.name}": getattr(self, f.name) for f in fields(self)}

    def flipped(self, name: str) -> ReportPolicy:
        """The same policy with the choice `name` set to its other value (each choice has two)."""
        options = list(CHOICES[f"reports.{name}"].options)
        other = next(v for v in options if v != getattr(self, name))
        return replace(self, **{name: other})


def check_choice(key: str, value: str) -> str:
    """The value if `key` accepts it; ValueError with the Vietnamese list of options otherwise."""
    choice = CHOICES[key]
    cleaned = value.strip().lower()
    if cleaned not in choice.options:
        raise ValueError(f"chỉ nhận {' hoặc '.join(choice.options)} (mặc định {choice.default}).")
    return cleaned
