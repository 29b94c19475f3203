"""Dossier codes: `{agency code}-{yymmdd}-{NNNN}`, unique across the stations of an agency while offline.

Scheme (ARCHITECTURE decision 3): the four-digit daily sequence is split into blocks of 1,000 and each
counter owns the block of its counter number: counter 1 issues 1001–1999, counter 2 issues 2001–2999, …,
counter 9 issues 9001–9999. Block 0 (0001–0999) is reserved for codes that do not come from a counter
(dossiers imported from the provincial portal). Two stations can therefore never issue the same code on the
same day, whether or not they can see each other; the code is the paper identity, while sync identifies a
dossier by its UUID. A counter that issues more than 999 dossiers in one day gets a clear error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from counter_app.domain.field_limits import CODE_TAIL, FIELD_LIMITS

BLOCK_SIZE = 1000
MIN_COUNTER = 1
MAX_COUNTER = 9

# A dossier code is at most 40 characters in the store and at the hub: the agency part, "-yymmdd-" and a 4-digit
# sequence leave 28 for the agency code (a longer one would make a station that can never sync).
MAX_AGENCY_CODE = FIELD_LIMITS["dossier_code"] - CODE_TAIL  # 28: a dossier code fits its 40 characters
AGENCY_CODE_PATTERN = re.compile(r"^[A-Z0-9]+(\.[A-Z0-9]+)*$")
DOSSIER_CODE_PATTERN = re.compile(r"^(?P<agency>[A-Z0-9]+(?:\.[A-Z0-9]+)*)-(?P<day>\d{6})-(?P<seq>\d{4,7})$")


class CodeBlockExhausted(RuntimeError):
    pass


@dataclass(frozen=True)
class DossierCode:
    agency: str
    day: date
    sequence: int

    def __str__(self) -> str:
        return f"{self.agency}-{self.day:%y%m%d}-{self.sequence:04d}"


def block_for_counter(counter: int) -> range:
    """The sequence numbers a counter may issue each day."""
    if not MIN_COUNTER <= counter <= MAX_COUNTER:
        raise ValueError(f"Số quầy phải từ {MIN_COUNTER} đến {MAX_COUNTER} (hiện là {counter}).")
    start = counter * BLOCK_SIZE + 1
    return range(start, start + BLOCK_SIZE - 1)


def next_sequence(counter: int, last_issued: int | None) -> int:
    """The sequence after `last_issued` (None when the counter has issued nothing that day)."""
    block = block_for_counter(counter)
    candidate = block.start if last_issued is None else last_issued + 1
    if candidate not in block:
        raise CodeBlockExhausted(
            f"Quầy {counter} đã cấp hết {len(block)} mã hồ sơ trong ngày; liên hệ quản trị để cấp thêm."
        )
    return candidate


def is_valid_agency_code(code: str) -> bool:
    return len(code) <= MAX_AGENCY_CODE and bool(AGENCY_CODE_PATTERN.match(code))


def parse_dossier_code(text: str) -> DossierCode | None:
    match = DOSSIER_CODE_PATTERN.match(text.strip().upper())
    if not match:
        return None
    raw = match["day"]
    try:
        day = date(2000 + int(raw[:2]), int(raw[2:4]), int(raw[4:6]))
    except ValueError:
        return None
    return DossierCode(match["agency"], day, int(match["seq"]))
