"""What a dossier's projection holds: its status and state, the same on every station (domain/lifecycle.py folds
events into it, as each kind's description in domain/event_kinds.py says; domain/dossier.py projects the first)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from counter_app.domain.due_dates import Pause

# Where a dossier is when no specialist division holds it (the projection's `location`).
ONE_STOP_UNIT = "Bộ phận Một cửa"


class DossierStatus(StrEnum):
    RECEIVED = "received"  # đã tiếp nhận
    IN_PROGRESS = "in_progress"  # đang giải quyết (handed to the division)
    AWAITING_SUPPLEMENT = "awaiting_supplement"  # chờ bổ sung
    STOPPED = "stopped"
    REFUSED = "refused"
    RESOLVED = "resolved"  # có kết quả, chờ trả
    RETURNED = "returned"  # đã trả kết quả
    WITHDRAWN = "withdrawn"


STATUS_LABELS = {
    DossierStatus.RECEIVED: "Đã tiếp nhận",
    DossierStatus.IN_PROGRESS: "Đang giải quyết",
    DossierStatus.AWAITING_SUPPLEMENT: "Chờ bổ sung",
    DossierStatus.STOPPED: "Dừng giải quyết",
    DossierStatus.REFUSED: "Từ chối",
    DossierStatus.RESOLVED: "Có kết quả, chờ trả",
    DossierStatus.RETURNED: "Đã trả kết quả",
    DossierStatus.WITHDRAWN: "Rút hồ sơ",
}


@dataclass(frozen=True)
class DossierState:
    id: str
    code: str
    status: DossierStatus
    received_at: datetime
    due_at: datetime  # the promised moment now (moved on by pauses, replaced by an extension made in time)
    original_due_at: datetime  # the legal due date without extensions (pauses included): what reports judge
    last_event_at: datetime
    data: dict[str, Any] = field(default_factory=dict)  # the intake payload (applicant, procedure, documents)
    resolved_at: datetime | None = None
    returned_at: datetime | None = None
    print_count: int = 0
    paused_since: datetime | None = None  # start of the open pause (awaiting supplements), else None
    pauses: tuple[Pause, ...] = ()  # every pause so far, the open one last with end None
    location: str | None = None  # the unit holding the dossier (the one-stop unit or a division)
    outcome: str | None = None  # how handling ended: resolved | refused | stopped | withdrawn; None while open
    supplement_rounds: int = 0
    extension_count: int = 0
    late: bool = False  # resolved after the due date in force then
    returned_late: bool = False  # result returned after the due date in force then
    scans: int = 0  # files attached as scans of its papers (> 0: the dossier is digitised)
    e_result: bool = False  # the result's file is attached
    # Where the paper file is kept ("Vị trí lưu hồ sơ": shelf/box), who stored it, when (the return or file_stored).
    file_location: str | None = None
    file_stored_by: str | None = None
    file_stored_at: datetime | None = None

    @property
    def paused(self) -> bool:
        return self.paused_since is not None
