"""Following dossiers after intake: which are due, due soon or overdue, what a scan should open, and what kind
of search the officer typed. Pure domain code (no Qt, no store).

Definitions the list, its side panel and the warnings share:

- The office must act before the due date only while the clock runs: a dossier received or handed to a
  division (ACTIVE_STATUSES). A dossier awaiting the applicant's supplements is paused (its due date moves when
  they arrive) and a resolved one is done on time or not, so neither is "due soon" nor "overdue".
- Overdue: active, and the due moment has passed.
- Due soon: active, not yet overdue, and due by the close of office on the N-th working day after today
  (N = 1 for the warning that an apology slip, form 04, is needed: the rules want it before the deadline, so
  a dossier due today or on the next working day that is still not resolved is flagged).
- Due today: the promised moment falls on today and the result has not been handed over yet (active or
  resolved — the applicant may come today either way).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from counter_app.domain.dossier import DossierStatus
from counter_app.domain.paper_file import location_query
from counter_app.domain.text import digits_only, fold_for_search, normalize_text

_S = DossierStatus
# The clock runs and the office has to deliver by the due date.
ACTIVE_STATUSES: tuple[DossierStatus, ...] = (_S.RECEIVED, _S.IN_PROGRESS)
# "Hẹn trả hôm nay": an appointment today whose result has not been handed over.
DUE_TODAY_STATUSES: tuple[DossierStatus, ...] = (_S.RECEIVED, _S.IN_PROGRESS, _S.RESOLVED)
# The warning before the deadline: due by the close of this many working days from today, still not resolved.
APOLOGY_WARNING_WORKING_DAYS = 1


class Urgency(StrEnum):
    NONE = ""
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


URGENCY_LABELS = {
    Urgency.NONE: "",
    Urgency.DUE_SOON: "Sắp đến hạn",
    Urgency.OVERDUE: "Quá hạn",
}


def urgency(status: str, due_at: datetime, now: datetime, soon_until: datetime) -> Urgency:
    """How pressing a dossier is at `now`; `soon_until` is the end of the "due soon" window."""
    if DossierStatus(status) not in ACTIVE_STATUSES:
        return Urgency.NONE
    if due_at < now:
        return Urgency.OVERDUE
    if due_at <= soon_until:
        return Urgency.DUE_SOON
    return Urgency.NONE


class NextAction(StrEnum):
    """What a scanned dossier opens with, ready for Enter."""

    RETURN = "return"  # the result is ready: the return dialog
    SUPPLEMENT_RECEIVED = "supplement_received"  # the applicant brings the supplements
    DETAIL = "detail"  # anything else: the dossier with its timeline


def next_action(status: str) -> NextAction:
    status = DossierStatus(status)
    if status == _S.RESOLVED:
        return NextAction.RETURN
    if status == _S.AWAITING_SUPPLEMENT:
        return NextAction.SUPPLEMENT_RECEIVED
    return NextAction.DETAIL


# --- search queries ----------------------------------------------------------------------------------


class QueryKind(StrEnum):
    EMPTY = "empty"
    CODE = "code"  # a dossier code or its beginning ("H61.22-2611…")
    ID_NUMBER = "id_number"  # 12 digits: CCCD / personal identification number
    PAPER = "paper"  # letters then digits (C1234567): a passport or other paper's number, else a code's beginning
    TAX_CODE = "tax_code"  # 13 digits or 10-3: an organisation's MST with its branch
    PHONE = "phone"  # a Vietnamese phone number (normalised to 0xxxxxxxxx)
    DIGITS = "digits"  # other digits: the beginning of a CCCD or phone number
    NAME = "name"  # words of the applicant's name, diacritics and case ignored
    LOCATION = "location"  # where the paper file is kept: "Kệ 3 hộp 12" (domain.paper_file.location_query)


@dataclass(frozen=True)
class SearchQuery:
    kind: QueryKind
    value: str = ""  # the code prefix (upper case), the digits, or the folded name
    tokens: tuple[str, ...] = ()  # NAME: folded words, in the order typed


MIN_DIGITS = 4  # fewer digits than this match too much to be a useful look-up
MAX_NAME_TOKENS = 6
_DIGITS_AND_SEPARATORS = re.compile(r"^\+?[\d\s.\-()]+$")
_WORD = re.compile(r"[a-z0-9]+")
_CODE_CHARS = re.compile(r"^[A-Z0-9.\-]+$")
_PAPER = re.compile(r"^[A-Za-z]{1,3}\d{5,12}$")
_TAX_BRANCH = re.compile(r"^\d{10}-\d{3}$")


def parse_query(text: str | None) -> SearchQuery:
    """Recognise what the officer typed in the search box.

    Letters only: words of a name. Letters with digits: a dossier code or its beginning; 1–3 letters then 5–12
    digits (C1234567) a passport or other paper's number, or else a code's beginning. Digits only: 12 digits
    are a CCCD number; 13 digits or 10-3 an organisation's tax code with its branch; 10–11 digits from 0 (or +84…)
    a phone number (or a tax code); digits with the code's "-" a code; other digits the beginning of an identity
    number (CCCD, CMND), a phone number or a tax code.
    """
    raw = normalize_text(text)
    if not raw:
        return SearchQuery(QueryKind.EMPTY)
    place = location_query(raw)
    if place:
        return SearchQuery(QueryKind.LOCATION, place)
    compact = raw.replace(" ", "")
    if _DIGITS_AND_SEPARATORS.match(raw):
        digits = digits_only(raw)
        if raw.startswith("+84") or (digits.startswith("84") and len(digits) == 11):
            return SearchQuery(QueryKind.PHONE, "0" + digits[2:])
        if len(digits) == 12 and "-" not in compact:
            return SearchQuery(QueryKind.ID_NUMBER, digits)
        if _TAX_BRANCH.match(compact) or (len(digits) == 13 and compact.isdigit()):
            return SearchQuery(QueryKind.TAX_CODE, f"{digits[:10]}-{digits[10:]}")
        if len(digits) in (10, 11) and digits.startswith("0"):
            return SearchQuery(QueryKind.PHONE, digits)
        if "-" in compact and _CODE_CHARS.match(compact):
            return SearchQuery(QueryKind.CODE, compact)
        if len(digits) < MIN_DIGITS:
            return SearchQuery(QueryKind.EMPTY, digits)
        return SearchQuery(QueryKind.DIGITS, digits)
    upper = compact.upper()
    if _PAPER.match(compact):
        return SearchQuery(QueryKind.PAPER, compact)
    if any(ch.isdigit() for ch in raw) and _CODE_CHARS.match(upper):
        return SearchQuery(QueryKind.CODE, upper)
    folded = fold_for_search(raw)
    tokens = tuple(_WORD.findall(folded))[:MAX_NAME_TOKENS]
    if not tokens:
        return SearchQuery(QueryKind.EMPTY)
    return SearchQuery(QueryKind.NAME, " ".join(tokens), tokens)
