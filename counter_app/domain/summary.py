"""Period summaries as the hub receives them: the figures of form 06/VPCP/KSTT, and the reporting periods.

The figure names are the report JSON's (issue 5): received_total = received_online + received_direct +
carried_over; resolved_total = resolved_early + resolved_on_time + resolved_late; pending_total =
pending_within + pending_overdue; received_total = resolved_total + pending_total. All are counts of dossiers,
so the hub adds them up across stations and agencies.

Periods follow the reporting cut-off (DOMAIN.md §4.2): a month runs from the 15th of the previous month to the
14th of the month, a quarter from the 15th of the last month of the previous quarter, a year from 15/12 of the
previous year to 14/12. A day period ("2026-11-25") is that day alone.
"""

from __future__ import annotations

import re
from datetime import date

from counter_app.domain.reports import OUTPUT_KEYS

# The figures are the report's columns (3)–(13), in its order: one definition (domain/reports.py).
FIGURE_KEYS = OUTPUT_KEYS

FIGURE_LABELS = {
    "received_total": "Số hồ sơ nhận giải quyết: tổng số",
    "received_online": "Trong đó: trực tuyến",
    "received_direct": "Trong đó: trực tiếp, bưu chính",
    "carried_over": "Từ kỳ trước chuyển sang",
    "resolved_total": "Số hồ sơ đã giải quyết: tổng số",
    "resolved_early": "Trước hạn",
    "resolved_on_time": "Đúng hạn",
    "resolved_late": "Quá hạn",
    "pending_total": "Số hồ sơ đang giải quyết: tổng số",
    "pending_within": "Trong hạn",
    "pending_overdue": "Quá hạn (đang giải quyết)",
}


def figure_order(key: str) -> tuple[int, str]:
    return (FIGURE_KEYS.index(key), key) if key in FIGURE_KEYS else (len(FIGURE_KEYS), key)


_PERIOD = re.compile(
    r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<month>\d{2})(?:-(?P<day>\d{2}))?))?$"
)


def _previous_month_15th(year: int, month: int) -> date:
    return date(year - 1, 12, 15) if month == 1 else date(year, month - 1, 15)


def period_range(period: str) -> tuple[date, date]:
    """(first day, last day) of a period key: 2026, 2026-H1, 2026-Q4, 2026-11 or 2026-11-25."""
    match = _PERIOD.match(period.strip())
    if not match:
        raise ValueError(f"Kỳ báo cáo '{period}' không hợp lệ (ví dụ 2026, 2026-Q4, 2026-11, 2026-11-25).")
    year = int(match["year"])
    if match["day"]:
        day = date(year, int(match["month"]), int(match["day"]))
        return day, day
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise ValueError(f"Tháng {month} không hợp lệ.")
        return _previous_month_15th(year, month), date(year, month, 14)
    if match["quarter"]:
        last_month = int(match["quarter"]) * 3
        return _previous_month_15th(year, last_month - 2), date(year, last_month, 14)
    if match["half"]:
        return (
            (date(year - 1, 12, 15), date(year, 6, 14))
            if match["half"] == "1"
            else (date(year, 6, 15), date(year, 12, 14))
        )
    return date(year - 1, 12, 15), date(year, 12, 14)


def month_period_of(day: date) -> str:
    """The monthly reporting period a day belongs to (the 15th opens the next month's period)."""
    if day.day >= 15:
        year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    else:
        year, month = day.year, day.month
    return f"{year:04d}-{month:02d}"
