"""The service index (Decision 766/QĐ-TTg) for the supervisor, and the ratings the citizen gives at the counter.

`index(period)` reads the dossiers the period can count and their events in one read transaction and hands them to
domain/service_index.py; `dossiers(codes)` is the list behind a figure. `rate(code, level, comment)` records the
`rated` event through the lifecycle service (one transaction, synced like every event); `kiosk()` is what the
citizen-facing window shows: the dossier this station last received or returned a result of.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.calendar import OFFICE_TZ, as_office_time
from counter_app.domain.dossier import STATUS_LABELS, DossierStatus
from counter_app.domain.event_kinds import EventRequest, Rate
from counter_app.domain.events import EventKind
from counter_app.domain.merge import merge_events
from counter_app.domain.policy import ReportPolicy
from counter_app.domain.reports import ReportPeriod, parse_period
from counter_app.domain.roles import Action
from counter_app.domain.satisfaction import level_of
from counter_app.domain.service_index import IndexDossier, ServiceIndex, compute_service_index
from counter_app.domain.text import fold_for_search
from counter_app.services.lifecycle import LifecycleService, RecordResult
from counter_app.services.reports import ReportError
from counter_app.services.settings import SettingsService
from counter_app.store import index_queries, report_queries
from counter_app.store.db import Database


@dataclass(frozen=True)
class IndexItem:
    """One dossier of a list behind a figure."""

    code: str
    applicant_name: str
    procedure_name: str
    field_code: str
    status_label: str
    received_at: datetime
    due_at: datetime
    supplement_rounds: int

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "applicant_name": self.applicant_name,
            "procedure_name": self.procedure_name,
            "field": self.field_code,
            "status": self.status_label,
            "received_at": self.received_at.isoformat(),
            "due_at": self.due_at.isoformat(),
            "supplement_rounds": self.supplement_rounds,
        }


@dataclass(frozen=True)
class KioskDossier:
    """What the citizen sees on the kiosk: the dossier just received or returned at this counter."""

    code: str
    procedure_name: str
    stage: str  # "intake" | "return"
    at: datetime
    officer: str
    rated_level: int | None  # already rated since (its level), or None

    @property
    def stage_label(self) -> str:
        return "Vừa trả kết quả" if self.stage == "return" else "Vừa tiếp nhận hồ sơ"


class ServiceIndexService:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        lifecycle: LifecycleService,
        clock: Callable[[], datetime] | None = None,
    ):
        self._db = db
        self._settings = settings
        self._lifecycle = lifecycle
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))

    def now(self) -> datetime:
        return as_office_time(self._clock())

    # --- the index ----------------------------------------------------------------------------------------------

    def index(self, period: ReportPeriod | str) -> ServiceIndex:
        """The four figures for `period`, per field and in total, with the dossiers behind each. Raises
        PeriodError (a period that does not parse) or ReportError (not started)."""
        self._settings.access.require(Action.REPORTS)
        period = parse_period(period) if isinstance(period, str) else period
        now = self.now()
        if now < period.start_moment:
            raise ReportError(f"Kỳ {period.label} ({period.range_text()}) chưa bắt đầu: chưa có số liệu.")
        policy = ReportPolicy.from_settings(self._settings.all())
        with self._db.read() as session:
            fields = report_queries.field_names(session)
            rows = index_queries.dossiers_touching(session, period.start_moment, period.end)
            events = index_queries.events_of(session, [r[0] for r in rows])
        dossiers = []
        for dossier_id, code, field_code in rows:
            applied = merge_events(events.get(dossier_id, ())).applied
            dossiers.append(IndexDossier(code, field_code, tuple(applied)))  # digitised: from its file_attached events
        labels = {c: fields[c] for c in sorted(fields, key=lambda c: (fold_for_search(fields[c]), c))}
        return compute_service_index(dossiers, period, now, policy, labels)

    def dossiers(self, codes: list[str] | tuple[str, ...]) -> list[IndexItem]:
        """The dossiers behind a figure, in code order."""
        self._settings.access.require(Action.REPORTS)
        with self._db.read() as session:
            rows = index_queries.list_rows(session, list(codes))
        return [
            IndexItem(
                code=r[0],
                applicant_name=r[1],
                procedure_name=r[2],
                field_code=r[3],
                status_label=STATUS_LABELS[DossierStatus(r[4])],
                received_at=r[5],
                due_at=r[6],
                supplement_rounds=r[7] or 0,
            )
            for r in rows
        ]

    # --- ratings ------------------------------------------------------------------------------------------------

    def rate(self, code: str, level: int | str | None, comment: str | None = None) -> RecordResult:
        """Record the citizen's rating of dossier `code` (level 1..5, optional comment) as a `rated` event.
        Raises DossierNotFound or ValidationError (a level outside 1..5, a comment too long); nothing written."""
        return self._lifecycle.record(EventRequest(code, Rate(level=level, comment=comment)))

    def kiosk(self) -> KioskDossier | None:
        """The dossier this station last received or returned a result of (None: none yet)."""
        station_id = self._settings.station().station_id
        with self._db.read() as session:
            found = index_queries.latest_at_station(session, station_id)
            if found is None:
                return None
            dossier, event, rating = found
            procedure = report_queries.procedure_version_names(session).get(dossier.procedure_id, "")
            code = dossier.code
        level = level_of(rating.payload.get("level")) if rating is not None else None
        return KioskDossier(
            code=code,
            procedure_name=procedure,
            stage="return" if event.kind == EventKind.RESULT_RETURNED else "intake",
            at=event.occurred_at,
            officer=event.officer,
            rated_level=level.number if level else None,
        )
