"""Applicants' personal data: which values are personal, how long they are kept, and what erasing them leaves.

Plain rules, no store: the retention service (services/privacy.py) and the append-only trigger of the events
(migration 0016) both follow them. What stays after an erasure — the dossier's code, procedure, field, channel,
dates, status and counts — is everything a report (Biểu 06) or a timeline needs, so reports of past periods do not
change; what goes is everything that says who the applicant was.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from counter_app.domain.event_kinds import TERMINAL_STATUSES

# The dossier's columns that say who the applicant is (store.models.Dossier). `applicant_name` cannot be empty (a
# list shows a name), so it becomes ERASED_NAME; the others become empty (NULL).
PERSONAL_COLUMNS = (
    "applicant_name",
    "organization",
    "id_number",
    "id_country",
    "tax_code",
    "birth_date",
    "sex",
    "id_issued_on",
    "phone",
    "email",
    "address",
    "note",
)
ERASED_NAME = "(đã xoá thông tin cá nhân)"

# The keys of event payloads that carry personal data: the intake event's applicant (the same names as the
# columns above), on the return who collected the result, and an attached scan's original file name (often the
# applicant's name). A payload keeps every other key as it was.
PERSONAL_PAYLOAD_KEYS = frozenset(PERSONAL_COLUMNS) | {"receiver", "receiver_id", "receiver_phone", "filename"}
# The representative who filed for the applicant (intake, issue 13 item 2): who they are, and their tie to the applicant.
PERSONAL_PAYLOAD_KEYS |= {"representative_name", "representative_id", "relationship", "authorisation"}

# The key an erased payload gains: the day it was erased. The events' append-only trigger lets exactly one change
# through: values of a payload set to null, with this key added, nothing else (migration 0016).
ERASED_KEY = "personal_erased"

DEFAULT_RETENTION_YEARS = 5
MIN_RETENTION_YEARS = 1
MAX_RETENTION_YEARS = 100


# A dossier's handling is over when it is returned, refused, stopped or withdrawn: the retention years count from
# then — the return, or for the others (no return) the last step recorded.
CLOSED_STATUSES = TERMINAL_STATUSES


def closed_at(returned_at: datetime | None, last_event_at: datetime) -> datetime:
    return returned_at or last_event_at


def retention_cutoff(today: date, years: int) -> date:
    """The day `years` years before `today` (29 February → 28 February): dossiers closed BEFORE it are due for
    erasure (closed on that very day: kept one more day)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year that has none
        return today.replace(year=today.year - years, day=28)


def erase_payload(payload: dict[str, Any] | None, on: date) -> dict[str, Any] | None:
    """The payload with its personal values set to null and the day of erasure added; None when it has no personal
    value left to erase (nothing to write). Key order is kept: the trigger compares key by key."""
    if not payload:
        return None
    personal = [key for key in payload if key in PERSONAL_PAYLOAD_KEYS and payload[key] not in (None, "")]
    if not personal:
        return None
    erased = {key: (None if key in PERSONAL_PAYLOAD_KEYS else value) for key, value in payload.items()}
    erased[ERASED_KEY] = on.isoformat()
    return erased


def is_erased(payload: dict[str, Any] | None) -> bool:
    return bool(payload) and ERASED_KEY in (payload or {})
