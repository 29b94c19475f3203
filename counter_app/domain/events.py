"""Dossier events: the immutable facts every dossier's state is projected from (ARCHITECTURE decision 1)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class EventKind(StrEnum):
    RECEIVED = "received"
    HANDED_OVER = "handed_over"
    RETURNED_FROM_DIVISION = "returned_from_division"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    SUPPLEMENT_RECEIVED = "supplement_received"
    REFUSED = "refused"
    EXTENDED = "extended"  # apology with a new appointment date
    STOPPED = "stopped"
    RESOLVED = "resolved"
    RESULT_RETURNED = "result_returned"
    WITHDRAWN = "withdrawn"
    SLIP_PRINTED = "slip_printed"  # printing is recorded as its own event (decision 4)
    FILE_ATTACHED = "file_attached"  # a scan of a paper or the result's file (domain/files.py)
    RATED = "rated"  # the applicant's satisfaction rating (domain/satisfaction.py); changes nothing else
    FEE_COLLECTED = "fee_collected"  # phí, lệ phí collected, with its receipt (domain/fees.py)
    FEE_REFUNDED = "fee_refunded"  # part or all of a receipt paid back (a new entry, never an edit)
    FEE_CANCELLED = "fee_cancelled"  # a receipt cancelled (hủy biên lai): what was left of it no longer counts
    FILE_STORED = "file_stored"  # the paper file put away or moved (shelf/box: "Vị trí lưu hồ sơ")


class Channel(StrEnum):
    DIRECT = "direct"
    POSTAL = "postal"
    ONLINE = "online"


CHANNEL_LABELS = {
    Channel.DIRECT: "Trực tiếp",
    Channel.POSTAL: "Qua bưu chính công ích",
    Channel.ONLINE: "Trực tuyến",
}


# The Vietnamese names of the events, and everything else about each kind: domain.event_kinds.


class ReturnMethod(StrEnum):
    """How a result reaches the applicant."""

    COUNTER = "counter"
    POST = "post"


RETURN_METHOD_LABELS = {
    ReturnMethod.COUNTER: "Trực tiếp tại Bộ phận Một cửa",
    ReturnMethod.POST: "Qua dịch vụ bưu chính",
}


def new_event_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class DossierEvent:
    id: str
    dossier_id: str
    station_id: str
    station_seq: int
    kind: EventKind
    officer: str
    occurred_at: datetime  # local time with its UTC offset
    payload: dict[str, Any] = field(default_factory=dict)
    officer_id: str | None = None  # the signed-in account that recorded it (None: no accounts, or not known)
