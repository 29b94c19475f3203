"""Wiring: the services of one workstation, built from its data folder and passed explicitly to the UI/CLI."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counter_app.domain.calendar import OfficeCalendar
from counter_app.services.accounts import AccountService
from counter_app.services.calendar import CalendarService
from counter_app.services.catalogue import CatalogueService
from counter_app.services.dossier_list import DossierListService
from counter_app.services.dossiers import DossierService
from counter_app.services.fees import FeeService
from counter_app.services.files import FilesService
from counter_app.services.guidance import GuidanceService
from counter_app.services.intake import DuringCommit, IntakeRequest, IntakeResult, IntakeService
from counter_app.services.lifecycle import LifecycleService
from counter_app.services.portal import PortalService
from counter_app.services.privacy import PrivacyService
from counter_app.services.reports import ReportService
from counter_app.services.search import SearchService
from counter_app.services.service_index import ServiceIndexService
from counter_app.services.settings import SettingsService
from counter_app.services.slip_signing import SlipSigner
from counter_app.services.slips import SlipService
from counter_app.store.db import Database, WorkStopped, default_data_dir, open_database
from counter_app.store.files import FileStore

log = logging.getLogger(__name__)

__all__ = ["AppServices", "ReceiptedIntake", "WorkStopped", "data_folder", "open_services"]


@dataclass
class AppServices:
    db: Database
    settings: SettingsService
    catalogue: CatalogueService
    intake: IntakeService
    dossiers: DossierService
    lifecycle: LifecycleService
    dossier_list: DossierListService  # the dossier list: filtered pages, today's counts, due explanation
    search: SearchService  # look-up by code, name (diacritics ignored), CCCD, phone
    calendar: Callable[[], OfficeCalendar]  # the effective office calendar (bundled + office edits + hours)
    office_calendar: CalendarService  # the supervisor's calendar: years, entries, import/export
    slips: SlipService  # every slip of a dossier and the register, as PDF; printing recorded
    reports: ReportService  # the period report (Biểu 06), its exports, the supervisor's dashboard
    guidance: GuidanceService  # form 02 for a walk-in whose dossier was not received ("hướng dẫn")
    accounts: AccountService  # who is signed in, what they may do (domain/roles.py), the audit trail
    files: FilesService  # digitised papers and e-results: attach, list, open checked (store/files.py)
    privacy: PrivacyService  # personal data: audited reveal, the retention purge, a citizen's export
    service_index: ServiceIndexService  # ratings at the counter and the service index (Decision 766/QĐ-TTg)
    slip_signer: SlipSigner  # the station's key: the signed QR on slips, `verify-slip`, keys for the hub
    portal: PortalService  # the hand-over to the national portal (`export-portal`, the mapping tables)
    fees: FeeService  # phí, lệ phí: collect, refund, cancel, receipts, the fee register

    def intake_with_receipt(self, request: IntakeRequest, paper: str | None = None) -> ReceiptedIntake:
        """Receive a dossier and make its receipt, the receipt rendered while the intake's COMMIT waits for the disk
        (intake.DuringCommit) and handed out only once the commit succeeded. The intake's failures raise as
        `intake.intake` raises them; a receipt that could not be made does not undo a committed dossier: it comes
        back as `receipt_error` (the officer prints it again from the dossier)."""
        # What a receipt may have to write is written before the intake's transaction (the station's signing key,
        # made and recorded on its first use): inside it, a second write could only fail (store.db.NestedWrite).
        self.slip_signer.own_key()
        during = DuringCommit(lambda result: self.dossiers.receipt_renderer(result.code, paper, intake=result))
        result = self.intake.intake(request, during_commit=during)
        if during.started:
            try:
                return ReceiptedIntake(result, during.value(), None)
            except Exception:
                # Made again the ordinary way, now that the dossier is committed; only a second failure is reported.
                log.warning("receipt of %s not made during the commit; made after it", result.code, exc_info=True)
        try:
            # (a replayed request wrote nothing now: its result carries no committed row, so the receipt is read
            # from the store, as for a reprint)
            return ReceiptedIntake(result, self.dossiers.receipt_pdf(result.code, paper, intake=result), None)
        except Exception as exc:
            return ReceiptedIntake(result, None, exc)

    def close(self) -> None:
        self.db.dispose()


@dataclass(frozen=True)
class ReceiptedIntake:
    """An intake committed, with its receipt (PDF) or why the receipt could not be made."""

    result: IntakeResult
    pdf: bytes | None
    receipt_error: Exception | None = None


def data_folder() -> Path:
    """The station's data folder ($COUNTER_APP_DATA_DIR or the per-user folder): the store, its backups, the log."""
    return default_data_dir()


def open_services(
    data_dir: Path | None = None,
    *,
    check_integrity: bool = True,
    quick_check: bool = False,
    load_demo: bool = True,
    clock: Callable[[], datetime] | None = None,
) -> AppServices:
    db = open_database(data_dir, check_integrity=check_integrity, quick_check=quick_check)
    accounts = AccountService(db, clock)
    settings = SettingsService(db, clock, accounts)
    settings.ensure_station_id()
    catalogue = CatalogueService(db, clock, accounts)
    if load_demo:
        catalogue.ensure_demo_catalogue()
    signer = SlipSigner(db, settings, clock)
    if settings.is_set_up():  # the station's signing key exists from its set-up on (made once, kept beside the store)
        try:
            signer.own_key()
        except OSError:  # a read-only data folder: slips go without the QR (services/dossiers.py says so in the log)
            pass
    office_calendar = CalendarService(db, settings, clock)
    calendar = office_calendar.calendar
    file_store = FileStore.beside(db.path)
    dossiers = DossierService(db, settings, clock, signer=signer)
    lifecycle = LifecycleService(db, settings, calendar, clock, dossiers)
    return AppServices(
        db=db,
        settings=settings,
        catalogue=catalogue,
        intake=IntakeService(db, settings, calendar, clock, file_store),
        dossiers=dossiers,
        lifecycle=lifecycle,
        dossier_list=DossierListService(db, calendar, clock),
        search=SearchService(db, calendar, clock),
        calendar=calendar,
        office_calendar=office_calendar,
        slips=SlipService(db, settings, dossiers, clock),
        reports=ReportService(db, settings, clock, calendar),
        guidance=GuidanceService(db, settings, clock),
        accounts=accounts,
        files=FilesService(file_store, settings, lifecycle, dossiers, clock, db),
        privacy=PrivacyService(db, settings, dossiers, clock),
        service_index=ServiceIndexService(db, settings, lifecycle, clock),
        slip_signer=signer,
        portal=PortalService(db, settings, clock),
        fees=FeeService(db, settings, dossiers, lifecycle, clock),
    )
