"""The applicant's satisfaction rating: five levels, one key each, and the rule warning before a second supplement
request (both feed the service index, domain/service_index.py).

Plain Python. A rating is an event of its own (`rated`, domain/event_kinds.Rate): it syncs like every other fact,
carries the officer who recorded it (the one serving at that counter) and never changes the dossier's status.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "LEVELS",
    "SATISFIED_LEVELS",
    "SECOND_SUPPLEMENT_BASIS",
    "Level",
    "level_of",
    "level_problem",
    "second_supplement_warning",
]


@dataclass(frozen=True)
class Level:
    """One level: the key the citizen (or the officer) presses, and its Vietnamese name."""

    number: int  # 1..5: the key, the CLI's --level, the stored payload "level"
    label: str
    short: str  # a stable English word for scripts and JSON (never shown)


# In the order the forms of the national portal list them: 1 is the best. The key is the number on the button.
LEVELS: tuple[Level, ...] = (
    Level(1, "Rất hài lòng", "very_satisfied"),
    Level(2, "Hài lòng", "satisfied"),
    Level(3, "Bình thường", "neutral"),
    Level(4, "Không hài lòng", "dissatisfied"),
    Level(5, "Rất không hài lòng", "very_dissatisfied"),
)
_BY_NUMBER = {level.number: level for level in LEVELS}
# What the satisfaction share counts as satisfied (docs/REPORTS.md, "Chỉ số phục vụ"): the two upper levels.
SATISFIED_LEVELS = frozenset({1, 2})
MAX_COMMENT = 1000


def level_problem(value: object) -> str | None:
    """Why `value` is not a level (Vietnamese), or None."""
    if isinstance(value, bool):
        return "phải là một số từ 1 đến 5."
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit():
            return f"phải là một số từ 1 đến 5 (1 = {LEVELS[0].label}, 5 = {LEVELS[-1].label}), không phải «{value}»."
        value = int(value)
    if not isinstance(value, int) or value not in _BY_NUMBER:
        return f"phải là một số từ 1 đến 5 (1 = {LEVELS[0].label}, 5 = {LEVELS[-1].label})."
    return None


def level_of(value: object) -> Level | None:
    """The level `value` names (1..5, as int or text), or None."""
    if level_problem(value) is not None:
        return None
    return _BY_NUMBER[int(str(value).strip())]


# --- the second supplement request ------------------------------------------------------------------------------

# Decision 766/QĐ-TTg (23/06/2022), the index of service to citizens and businesses: a dossier asked for supplements
# more than once is counted as overdue in its "tiến độ giải quyết" group, whatever its dates (docs/REPORTS.md).
SECOND_SUPPLEMENT_BASIS = (
    "Quyết định 766/QĐ-TTg: hồ sơ yêu cầu bổ sung quá một lần được tính là hồ sơ quá hạn trong Bộ chỉ số phục vụ "
    "người dân, doanh nghiệp"
)


def second_supplement_warning(code: str, rounds: int) -> str:
    """What the officer is told before asking dossier `code` (asked `rounds` times already) for supplements again."""
    return (
        f"Hồ sơ {code} đã được yêu cầu bổ sung {rounds} lần. Yêu cầu bổ sung lần {rounds + 1} sẽ làm hồ sơ bị tính "
        f"là QUÁ HẠN trong chỉ số phục vụ người dân, doanh nghiệp, dù được trả đúng hẹn ({SECOND_SUPPLEMENT_BASIS})."
    )
