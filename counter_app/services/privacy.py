"""Applicants' personal data, as the law asks (Law 91/2025/QH15, Decree 13/2023; docs/PRIVACY.md):

- `reveal(code)`: one dossier's full identity number, phone, address… for a role that needs them
  (domain.roles Action.PERSONAL_REVEAL), each time an audited read of the applicant's full record;
- `purge(dry_run)`: the retention rule — the personal values of dossiers returned (or refused, stopped,
  withdrawn) more than `privacy.retention_years` years ago (and of walk-in guidance slips issued that long ago) are erased, codes, dates,
  procedures and counts kept, so the reports of those periods do not change; audited;
- `export(id_number)`: a citizen's own data (the right of access), as JSON; audited.

Never logged: codes and counts only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.dossier import STATUS_LABELS, DossierStatus
from counter_app.domain.event_kinds import EVENT_LABELS
from counter_app.domain.events import DossierEvent
from counter_app.domain.lifecycle import describe_event
from counter_app.domain.privacy import DEFAULT_RETENTION_YEARS, ERASED_NAME, retention_cutoff
from counter_app.domain.roles import Action
from counter_app.domain.validation import FieldError, ValidationError, clean_id_number
from counter_app.services.dossiers import DossierService, timeline_details
from counter_app.services.settings import SettingsService
from counter_app.store import privacy as privacy_rows
from counter_app.store.db import Database
from counter_app.store.files import FILES_DIR, FileStore

log = logging.getLogger(__name__)

RETENTION_KEY = "privacy.retention_years"


@dataclass(frozen=True)
class PersonalRecord:
    """One dossier's personal values in full (what a masked screen hides)."""

    code: str
    applicant_name: str
    id_number: str | None
    phone: str | None
    email: str | None
    address: str | None
    birth_date: date | None


@dataclass(frozen=True)
class PurgeResult:
    years: int
    cutoff: date  # dossiers closed before this day
    codes: tuple[str, ...]  # the dossiers erased (or that would be, on a dry run)
    events: int  # event payloads rewritten
    guidance: int  # walk-in guidance slips erased
    dry_run: bool
    files: int = 0  # attached scans and result files deleted (beside the store and beside its backups)


class PrivacyService:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        dossiers: DossierService,
        clock: Callable[[], datetime] | None = None,
    ):
        self._db = db
        self._settings = settings
        self._dossiers = dossiers
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))

    @property
    def _access(self):
        return self._settings.access

    # --- the full value, on purpose ---------------------------------------------------------------------

    def reveal(self, code: str) -> PersonalRecord:
        """The dossier's personal values in full, for a role that may see them; the read is audited."""
        self._access.require(Action.PERSONAL_REVEAL)
        detail = self._dossiers.detail(code)
        self._access.record("record.read", target=detail.code, detail={"via": "reveal"})
        log.info("full record of %s shown", detail.code)
        return PersonalRecord(
            code=detail.code,
            applicant_name=detail.applicant_name,
            id_number=detail.id_number,
            phone=detail.phone,
            email=detail.email,
            address=detail.address,
            birth_date=detail.birth_date,
        )

    # --- the retention rule -----------------------------------------------------------------------------

    def retention_years(self) -> int:
        text = self._settings.get(RETENTION_KEY)
        return int(text) if text.isdigit() else DEFAULT_RETENTION_YEARS

    def purge(self, *, dry_run: bool = False) -> PurgeResult:
        """Erase the personal values of dossiers closed (returned, refused, stopped, withdrawn) more than
        `privacy.retention_years` years before today (the clock's day), in one transaction, audited. A dry run only
        says which dossiers that would be."""
        self._access.require(Action.PRIVACY)
        years = self.retention_years()
        today = self._clock().date()
        cutoff = retention_cutoff(today, years)
        moment = datetime.combine(cutoff, time(0), OFFICE_TZ)
        if dry_run:
            with self._db.read() as session:
                rows = privacy_rows.closed_before(session, moment)
                slips = privacy_rows.guidance_before(session, moment)
                return PurgeResult(years, cutoff, tuple(r.code for r in rows), 0, len(slips), True)
        with self._db.write() as session:
            privacy_rows.secure_erase_on(session)
            rows = privacy_rows.closed_before(session, moment)
            codes = tuple(r.code for r in rows)
            events = sum(privacy_rows.erase(session, row, today) for row in rows)
            session.flush()
            # The scans of their papers and their result files, beside the store and beside its backups (copies made
            # elsewhere — a USB stick — are their keeper's to delete); deleted after the commit (a file deleted for a
            # purge that then failed would be a paper lost), any an interrupted purge left included.
            stores = (FileStore.beside(self._db.path), FileStore(self._db.path.parent / "backups" / FILES_DIR))
            unneeded = {sha for sha in privacy_rows.files_of_erased(session) if any(f.has(sha) for f in stores)}
            guidance = privacy_rows.erase_guidance(session, privacy_rows.guidance_before(session, moment))
            self._access.audit(
                session,
                "privacy.purge",
                target=f"{len(codes)} hồ sơ",
                detail={
                    "years": years,
                    "closed_before": cutoff.isoformat(),
                    "dossiers": len(codes),
                    "events": events,
                    "guidance": guidance,
                    "files": len(unneeded),
                    "codes": list(codes),
                },
            )
        if codes or guidance:
            privacy_rows.forget(self._db)
        for store in stores:
            for sha in unneeded:
                store.remove(sha)
        log.info(
            "retention purge: %d dossiers, %d events, %d guidance slips, %d files",
            len(codes),
            events,
            guidance,
            len(unneeded),
        )
        return PurgeResult(years, cutoff, codes, events, guidance, False, len(unneeded))

    # --- the right of access ------------------------------------------------------------------------------

    def export(self, id_number: str) -> dict[str, Any]:
        """Everything this station holds about the person with `id_number`: their dossiers, with the personal values
        in full, and each dossier's steps and dates. Audited (the codes, never the number)."""
        self._access.require(Action.PRIVACY)
        errors: list[FieldError] = []
        number = clean_id_number(id_number, errors)
        if errors or not number:
            raise ValidationError(errors or [FieldError("id_number", "chưa ghi số giấy tờ.")])
        with self._db.read() as session:
            codes = [row.code for row in privacy_rows.by_id_number(session, number)]
        details = [self._dossiers.detail(code) for code in codes]
        station = self._settings.station()
        now = self._clock()
        self._access.record("privacy.export", target=f"{len(codes)} hồ sơ", detail={"codes": codes})
        log.info("personal data export: %d dossiers", len(codes))
        return {
            "id_number": number,
            "exported_at": now.isoformat(timespec="seconds"),
            "agency": {"code": station.agency_code, "name": station.agency.name, "unit": station.agency.unit_name},
            "purpose": "Tiếp nhận và trả kết quả giải quyết thủ tục hành chính (Bộ phận Một cửa).",
            "retention_years": self.retention_years(),
            "dossiers": [_dossier_json(d) for d in details],
        }


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _event_json(event: DossierEvent) -> dict[str, Any]:
    return {
        "kind": event.kind.value,
        "label": EVENT_LABELS[event.kind],
        "at": event.occurred_at.isoformat(),
        "officer": event.officer,
        "summary": describe_event(event),
        "details": timeline_details(event),
    }


def _dossier_json(d: Any) -> dict[str, Any]:
    return {
        "code": d.code,
        "status": d.status,
        "status_label": STATUS_LABELS[DossierStatus(d.status)],
        "applicant_name": None if d.applicant_name == ERASED_NAME else d.applicant_name,
        "id_type": d.id_type,
        "id_number": d.id_number,
        "id_country": d.id_country,
        "id_issued_on": _iso(d.id_issued_on),
        "birth_date": _iso(d.birth_date),
        "sex": d.sex,
        "phone": d.phone,
        "email": d.email,
        "address": d.address,
        "organization": d.organization,
        "tax_code": d.tax_code,
        "procedure_code": d.procedure_code,
        "procedure_name": d.procedure_name,
        "field": d.field_code,
        "channel": d.channel,
        "documents": list(d.documents),
        "received_at": _iso(d.received_at),
        "due": _iso(d.due_at),
        "resolved_at": _iso(d.resolved_at),
        "returned_at": _iso(d.returned_at),
        "officer": d.officer,
        "events": [_event_json(e) for e in d.timeline],
    }
