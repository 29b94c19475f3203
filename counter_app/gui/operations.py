"""The one road from a widget to the services: typed operations on the one worker, and one change notice.

Every screen holds an `Operations` and asks it for what it needs (as Anki's `CollectionOp`/`QueryOp`):

    self.ops.record_event(request).success(self._recorded).failure(self._failed).run(self)

- An operation runs on the single worker (gui/worker.py: one ordered writer, so a list read after a save sees it).
  Its callbacks run on the UI thread; they are dropped if `parent` (the widget that asked) was deleted meanwhile.
- Without `.failure(...)`, the default presenter logs the error and tells the officer in Vietnamese
  (`present_error`). A refusal the officer can act on (a ValueError: validation, a transition the rules forbid,
  a slip that does not apply…) is a warning with its message; anything else is reported as an unexpected error.
- A write announces what it changed on `Operations.sig_changed` (a `Changes`, as Anki's `OpChanges` /
  `operation_did_execute`) after its own success callback, even if the widget that asked has closed. Screens
  subscribe and decide for themselves whether to refresh; no window wires itself to another's signals.

Only this module touches the services; `tests/test_gui_operations.py` fails if another gui module calls one.
Three reads run now, on the UI thread, and say so in their names or docstrings: `list_page` (Qt's `fetchMore()`
is synchronous; a keyset page is a ~1.6 ms read on the read engine, which a write never blocks: WAL),
`preview_due_now` (the due date shown while the officer picks a procedure: arithmetic over the cached calendar)
and `now` (the services' clock).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.events import EventKind
from counter_app.gui import errors
from counter_app.gui.worker import Worker
from counter_app.services.dossiers import DossierDetail, DossierNotFound

if TYPE_CHECKING:
    from counter_app.services.backup import CopyInfo, RestorePreview

log = logging.getLogger(__name__)

T = TypeVar("T")
Callback = Callable[[Any], None]


@dataclass(frozen=True)
class Changes:
    """What an operation changed; screens refresh what they show of it."""

    dossiers: frozenset[str] = frozenset()  # codes of dossiers received or with a new event
    catalogue: bool = False  # procedures or fields
    calendar: bool = False  # the office calendar or office hours
    settings: bool = False  # station settings (agency, officer, hub)
    synced: bool = False  # events from other stations folded in
    printed: frozenset[str] = frozenset()  # codes whose slip or receipt print was recorded
    guidance: bool = False  # a form 02 for a walk-in was issued (the dashboard's "hướng dẫn" figure)
    initiator: object = field(default=None, compare=False)  # the widget whose operation it was (run's parent)

    @property
    def empty(self) -> bool:
        return self == Changes()


NO_CHANGES = Changes()


@dataclass(frozen=True)
class Printable:
    """A document rendered on the worker with the printer remembered for its paper, read in the same job."""

    pdf: bytes
    printer: str = ""  # settings printing.*_printer; "" is the system's default printer
    tray: str = ""  # settings printing.*_tray; "" is the printer's own choice
    folder: Path | None = None  # where a PDF goes with no printer (settings printing.pdf_folder)


@dataclass(frozen=True)
class SavedIntake:
    """A dossier saved, with its receipt ready to print or why it could not be made (the dossier stays saved)."""

    result: Any  # services.intake.IntakeResult
    receipt: Printable | None
    receipt_error: Exception | None = None


def _printer(values: dict[str, str], kind: str) -> tuple[str, str]:
    """(printer, tray) remembered for a kind of paper: receipt, forms (A4 slips) or report."""
    return values.get(f"printing.{kind}_printer", ""), values.get(f"printing.{kind}_tray", "")


@dataclass(frozen=True)
class SetupStart:
    """What the set-up wizard and the settings dialog start from, read in one job."""

    station_id: str  # made now if the store has none yet
    values: dict[str, str]  # every setting, defaults included
    stored: dict[str, str]  # only the values the office gave
    pdf_folder: str = ""  # where PDFs go with no printer when printing.pdf_folder is empty


@dataclass(frozen=True)
class BackupCopies:
    """The copies the restore window offers, newest first, and the folder they are in (backups/ beside the store,
    where "Chọn tệp khác…" opens)."""

    folder: Path
    copies: list[CopyInfo]


@dataclass(frozen=True)
class DetailBundle:
    """What the dossier window shows, read in one worker job."""

    detail: DossierDetail
    explanation: object  # DueExplanation
    urgency: str
    checklist: tuple[str, ...]  # the procedure's documents (names), for a supplement request
    now: datetime
    fee_proposal: int | None = None  # what the procedure's fee schedule says to collect (fixed items), if it says


def load_bundle(dossiers: Any, listing: Any, catalogue: Any, code: str) -> DetailBundle:
    """Worker job: the dossier, its due-date explanation, its urgency and its procedure's checklist."""
    detail = dossiers.detail(code)
    explanation = listing.due_explanation(detail.code)
    urgency = listing.urgency_of(detail.status, detail.due_at)
    checklist: tuple[str, ...] = ()
    proposal: int | None = None
    received = next((e for e in detail.timeline if e.kind == EventKind.RECEIVED), None)
    version_id = (received.payload or {}).get("procedure_version_id") if received else None
    if catalogue is not None and version_id is not None:
        procedure = catalogue.version(int(version_id))
        if procedure is not None:
            checklist = tuple(d.name for d in procedure.documents)
            items = procedure.fees.items
            if items and not any(i.per_unit for i in items):
                proposal = procedure.fees.fixed_total()
    return DetailBundle(detail, explanation, urgency, checklist, listing.now(), proposal)


# --- the default error presenter ------------------------------------------------------------------------------

# Errors with a sentence for the officer: shown as they are. Anything else is a fault: logged with its traceback.
EXPECTED_ERRORS: tuple[type[BaseException], ...] = (ValueError, DossierNotFound, OSError)


def present_error(parent: QWidget | None, title: str, error: BaseException | object) -> None:
    """Say `error` to the officer in Vietnamese, logged (gui/errors.py): a refusal with its own sentence
    (`show_error`: the message may name a person, so only the title is logged), a fault as the crash dialog with
    "Sao chép chi tiết" (`report_exception`; the worker has already logged its traceback)."""
    widget = parent if isinstance(parent, QWidget) and shiboken6.isValid(parent) else None
    dialog: errors.ErrorDialog | None
    if isinstance(error, EXPECTED_ERRORS):
        dialog = errors.show_error(widget, str(error), title=title)
    else:
        exc = error if isinstance(error, BaseException) else RuntimeError(str(error))
        dialog = errors.report_exception(exc, widget, logged=True)
    if dialog is not None:
        dialog.setObjectName("operationError")


# --- one operation --------------------------------------------------------------------------------------------


@dataclass
class Op(Generic[T]):
    """One service call: `.success(cb)`, `.failure(cb)`, then `.run(parent)`."""

    ops: Operations
    title: str  # what failed, for the default presenter ("Không ghi nhận được sự kiện")
    fn: Callable[[Any], T]  # called on the worker with the services
    changes: Callable[[T], Changes] | None = None  # what a successful write changed
    _success: Callable[[T], None] | None = field(default=None, repr=False)
    _failure: Callable[[BaseException], None] | None = field(default=None, repr=False)

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Op[T]:
        self._failure = callback
        return self

    def run(self, parent: QObject | None = None) -> None:
        """Queue it on the worker (inline when the Operations has none: a dialog opened on its own, tests).
        Raises RuntimeError when the worker has stopped (the application is closing)."""
        self.ops._run(self, parent)

    def run_aside(self, parent: QObject | None = None) -> None:
        """Queue a long read beside the worker (gui/aside.py: the start-up check, the daily copy), so that saves
        and searches do not wait for it; on the worker when the Operations has no aside runner."""
        self.ops._run(self, parent, aside=True)


class Operations(QObject):
    """The services, reached only through typed operations on the one worker."""

    sig_changed = Signal(object)  # Changes: after every write that changed something
    sig_busy_changed = Signal(bool)  # the worker started or finished a batch of jobs
    sig_unhandled_error = Signal(object)  # a job queued on the worker by other means failed with no handler

    def __init__(
        self, services: Any, worker: Worker | None = None, parent: QObject | None = None, *, aside: Any = None
    ):
        super().__init__(parent)
        self._services = services
        self._worker = worker
        self._aside = aside  # gui/aside.AsideRunner: long reads beside the worker (Op.run_aside)
        self._sync: Any = None  # SyncService, attached when the sync indicator is installed (imports httpx)
        if worker is not None:
            worker.sig_busy_changed.connect(self.sig_busy_changed)
            worker.sig_unhandled_error.connect(self.sig_unhandled_error)

    @property
    def worker(self) -> Worker | None:
        return self._worker

    def has(self, name: str) -> bool:
        """Whether this build has service `name` (a tab without slips says nothing was printed)."""
        return getattr(self._services, name, None) is not None

    def notify(self, changes: Changes) -> None:
        """Announce changes made outside an operation (sync's own thread folded remote events in)."""
        if not changes.empty:
            self.sig_changed.emit(changes)

    # --- running --------------------------------------------------------------------------------------------

    def op(self, title: str, fn: Callable[[Any], T], changes: Callable[[T], Changes] | Changes | None = None) -> Op[T]:
        if isinstance(changes, Changes):
            fixed = changes
            return Op(self, title, fn, lambda _value: fixed)
        return Op(self, title, fn, changes)

    def _run(self, op: Op[Any], parent: QObject | None, *, aside: bool = False) -> None:
        def alive() -> bool:
            return parent is None or shiboken6.isValid(parent)

        def succeeded(value: Any) -> None:
            try:
                if op._success is not None and alive():
                    op._success(value)
            finally:
                if op.changes is not None:
                    self.notify(replace(op.changes(value), initiator=parent))

        def failed(error: BaseException) -> None:
            if op._failure is not None and alive():
                op._failure(error)
            else:
                present_error(parent if alive() and isinstance(parent, QWidget) else None, op.title, error)

        services = self._services
        if aside and self._aside is not None:
            self._aside.submit(op.fn, services, on_success=succeeded, on_error=failed)
            return
        if self._worker is not None:
            self._worker.submit(op.fn, services, on_success=succeeded, on_error=failed)
            return
        try:
            value = op.fn(services)
        except Exception as error:
            failed(error)
            return
        succeeded(value)

    # --- the station ---------------------------------------------------------------------------------------

    def station(self) -> Op[Any]:
        return self.op("Không đọc được thiết lập máy trạm", lambda s: s.settings.station())

    def setting(self, key: str) -> Op[str]:
        return self.op("Không đọc được thiết lập", lambda s: s.settings.get(key))

    def set_settings(self, values: dict[str, str]) -> Op[Any]:
        return self.op("Không lưu được thiết lập", lambda s: s.settings.set_many(values), Changes(settings=True))

    def settings_start(self) -> Op[SetupStart]:
        def read(s: Any) -> SetupStart:
            station_id = s.settings.ensure_station_id()
            return SetupStart(station_id, s.settings.all(), s.settings.stored(), str(s.settings.pdf_folder()))

        return self.op("Không đọc được thiết lập máy trạm", read)

    def is_set_up(self) -> Op[bool]:
        return self.op("Không đọc được thiết lập máy trạm", lambda s: s.settings.is_set_up())

    def record_audit(self, action: str, **details: Any) -> Op[Any]:
        """One entry of the audit trail (services.accounts.record), e.g. the restore done before the window opens."""
        return self.op("Không ghi được nhật ký kiểm tra", lambda s: s.accounts.record(action, **details))

    def check_store(self) -> Op[list[str]]:
        return self.op("Không kiểm tra được tệp dữ liệu", lambda s: s.db.integrity_check())

    def daily_backup(self) -> Op[Any]:
        def backup(s: Any) -> Any:
            from counter_app.services.backup import BackupService

            return BackupService(s.db).ensure_daily(s.settings.get("backup.key_file"))

        return self.op("Không sao lưu được dữ liệu hôm nay", backup)

    # --- accounts and the audit trail (services.accounts) ---------------------------------------------------
    # Who is signed in lives in AccountService; every read of it and every password check (scrypt) runs on the
    # worker like any other call. The sign-in at start runs before the worker exists: inline (gui/app.py).

    def has_accounts(self) -> Op[bool]:
        return self.op("Không đọc được tài khoản", lambda s: s.accounts.has_accounts())

    def signed_in(self) -> Op[Any]:
        """The officer signed in (the set-up admin of a store without accounts; None: nobody)."""
        return self.op("Không đọc được tài khoản", lambda s: s.accounts.signed_in())

    def may(self, action: Any) -> Op[bool]:
        return self.op("Không đọc được quyền", lambda s: s.accounts.may(action))

    def sign_in(self, username: str, password: str) -> Op[tuple[Any, bool]]:
        """(the officer, whether they must change a password an admin set) — NotAllowed when refused."""

        def sign_in(s: Any) -> tuple[Any, bool]:
            officer = s.accounts.sign_in(username, password)
            return officer, bool(s.accounts.must_change_password)

        return self.op("Không đăng nhập được", sign_in)

    def sign_out(self) -> Op[None]:
        return self.op("Không đăng xuất được", lambda s: s.accounts.sign_out())

    def change_password(self, old: str, new: str) -> Op[Any]:
        return self.op("Không đổi được mật khẩu", lambda s: s.accounts.change_password(old, new))

    def create_account(self, username: str, display_name: str, role: str, password: str) -> Op[Any]:
        return self.op("Không tạo được tài khoản", lambda s: s.accounts.create(username, display_name, role, password))

    def reset_password(self, username: str, password: str) -> Op[Any]:
        return self.op("Không đặt lại được mật khẩu", lambda s: s.accounts.reset_password(username, password))

    def set_account_active(self, username: str, active: bool) -> Op[Any]:
        return self.op("Không khoá / mở khoá được", lambda s: s.accounts.set_active(username, active))

    def set_account_role(self, username: str, role: str) -> Op[Any]:
        return self.op("Không đổi được vai trò", lambda s: s.accounts.set_role(username, role))

    def account_list(self) -> Op[list]:
        return self.op("Không đọc được tài khoản", lambda s: s.accounts.accounts())

    def audit_trail(self, officer: str | None, date_from: date, date_to: date) -> Op[list]:
        return self.op(
            "Không đọc được nhật ký kiểm tra",
            lambda s: s.accounts.trail(officer=officer, date_from=date_from, date_to=date_to),
        )

    def verify_trail(self) -> Op[Any]:
        return self.op("Không kiểm tra được nhật ký", lambda s: s.accounts.verify_trail())

    # --- backups and restore (services.backup) ----------------------------------------------------------------
    # Reading and comparing copies runs on the worker; the restore itself cannot: the store must be closed first,
    # so gui/app.py restores the chosen copy once the window has closed (services.backup.restore_copy).

    def require(self, action: Any) -> Op[Any]:
        """Who is signed in, when they may do `action` (domain.roles.Action); NotAllowed (a Vietnamese sentence)
        otherwise. The officer, or None on a store without accounts."""
        return self.op("Không được phép", lambda s: s.accounts.require(action))

    def backup_copies(self) -> Op[BackupCopies]:
        """The copies in backups/, each checked and described (a bad one says why it cannot be restored)."""

        def read(s: Any) -> BackupCopies:
            from counter_app.services.backup import BackupService

            backup = BackupService(s.db)
            return BackupCopies(backup.folder, backup.list_copies())

        return self.op("Không đọc được các bản sao lưu", read)

    def restore_preview(self, copy: Path, key: bytes | None = None) -> Op[RestorePreview]:
        """What restoring `copy` would lose compared with the data in use (read-only); RestoreRefused (a Vietnamese
        sentence) for a copy that cannot be restored — or, encrypted, whose `key` is missing or wrong."""

        def read(s: Any) -> RestorePreview:
            from counter_app.services.backup import BackupService

            return BackupService(s.db).preview_restore(copy, key)

        return self.op("Không dùng được bản sao này", read)

    # --- intake and today's list ----------------------------------------------------------------------------

    def procedures(self, on: date | None = None) -> Op[list]:
        return self.op("Không đọc được danh mục thủ tục", lambda s: s.catalogue.procedures(on))

    def catalogue_choices(self) -> Op[tuple[list, list]]:
        """(fields, procedures) for filters."""
        return self.op("Không đọc được danh mục", lambda s: (s.catalogue.fields(), s.catalogue.procedures()))

    def preview_due_now(self, procedure: Any) -> Any:
        """The due date an intake now would get, computed now on the UI thread: it follows every key of the
        procedure search and is arithmetic over the cached office calendar. Raises what the service raises."""
        return self._services.intake.preview_due(procedure)

    def intake(self, request: Any) -> Op[SavedIntake]:
        """Save the dossier and make its receipt in one job (the receipt rendered while the COMMIT waits for the
        disk: AppServices.intake_with_receipt), with the receipt printer remembered."""

        def save(s: Any) -> SavedIntake:
            done = s.intake_with_receipt(request)
            job = None
            if done.pdf is not None:
                job = Printable(done.pdf, *_printer(s.settings.all(), "receipt"), s.settings.pdf_folder())
            return SavedIntake(done.result, job, done.receipt_error)

        return self.op("Không lưu được hồ sơ", save, lambda saved: Changes(dossiers=frozenset({saved.result.code})))

    def received_on(self, day: date | None = None) -> Op[list]:
        return self.op("Không đọc được danh sách hôm nay", lambda s: s.dossiers.received_on(day))

    def receipt_for_printing(self, code: str) -> Op[Printable]:
        """A receipt printed again: its PDF read from the store, and the receipt printer and tray remembered."""

        def render(s: Any) -> Printable:
            return Printable(
                s.dossiers.receipt_pdf(code),
                *_printer(s.settings.all(), "receipt"),
                s.settings.pdf_folder(),
            )

        return self.op("Không tạo được giấy tiếp nhận", render)

    def receipt_printed(self, code: str) -> Op[None]:
        return self.op(
            "Chưa ghi được việc in giấy tiếp nhận",
            lambda s: s.dossiers.record_printed(code),
            Changes(printed=frozenset({code})),
        )

    # --- one dossier ----------------------------------------------------------------------------------------

    def dossier_bundle(self, code: str) -> Op[DetailBundle]:
        """What the dossier window shows (gui.dossier_detail.DetailBundle), read in one job."""

        return self.op(
            f"Không đọc được hồ sơ {code}",
            lambda s: load_bundle(s.dossiers, s.dossier_list, getattr(s, "catalogue", None), code),
        )

    def reveal_personal(self, code: str) -> Op[Any]:
        """The dossier's full identity number, phone, address (services.privacy.reveal: a role that may, audited)."""
        return self.op("Không hiện được thông tin đầy đủ", lambda s: s.privacy.reveal(code))

    def apology_proposal(self, code: str) -> Op[Any]:
        return self.op("Không lập được đề xuất xin lỗi", lambda s: s.dossier_list.apology_proposal(code))

    def record_event(self, request: EventRequest) -> Op[Any]:
        """Record one lifecycle event (services.lifecycle.LifecycleService.record)."""
        return self.op(
            "Chưa ghi nhận được",
            lambda s: s.lifecycle.record(request),
            lambda r: Changes(dossiers=frozenset({r.code})),
        )

    # --- digitised papers and e-results (services.files) ---------------------------------------------------

    def attach_file(self, code: str, path: Path, role: str, document: str | None) -> Op[Any]:
        """Copy `path` into the file store and record it on dossier `code` (AttachOutcome)."""
        return self.op(
            "Chưa đính kèm được tệp",
            lambda s: s.files.attach(code, path, role=role, document=document),
            lambda r: Changes(dossiers=frozenset({r.record.code})),
        )

    def newest_scan(self) -> Op[Path | None]:
        """The newest PDF/JPEG/PNG in the scanner's folder (settings files.scan_folder); FileProblem if unset."""

        def newest(s: Any) -> Path | None:
            from counter_app.domain.files import FileProblem
            from counter_app.services.files import newest_scan

            folder = s.files.scan_folder()
            if folder is None:
                raise FileProblem("Chưa đặt thư mục máy quét (Quản trị → Cài đặt, files.scan_folder).")
            return newest_scan(folder)

        return self.op("Không đọc được thư mục máy quét", newest)

    def checked_file(self, sha256: str, code: str) -> Op[Path]:
        """The file's path once its bytes were checked against its hash (FileProblem: damaged or not here);
        the opening is audited."""
        return self.op("Không mở được tệp", lambda s: s.files.open_checked(sha256, code))

    def slip_for_printing(self, code: str, form: str, source: str | None = None) -> Op[Printable]:
        """The slip's PDF and the printer remembered for its paper (the receipt printer for the receipt, else A4);
        `source`: the event the paper is printed from, to reprint an older one (None: the latest)."""

        def render(s: Any) -> Printable:
            pdf = s.slips.render(code, form, source=source)
            return Printable(
                pdf, *_printer(s.settings.all(), "receipt" if form == "receipt" else "forms"), s.settings.pdf_folder()
            )

        return self.op("Không tạo được phiếu", render)

    def fee_receipt_for_printing(self, code: str, receipt: str) -> Op[Printable]:
        """The fee receipt (both copies) of a committed entry, and the A4 forms printer (services.fees)."""

        def render(s: Any) -> Printable:
            return Printable(
                s.fees.receipt_pdf(code, receipt), *_printer(s.settings.all(), "forms"), s.settings.pdf_folder()
            )

        return self.op("Không tạo được biên lai thu phí", render)

    def slip_printed(self, code: str, form: str, source: str | None = None) -> Op[Any]:
        """Record the print (who, when, which paper, reprint or not): the slip_printed event."""
        return self.op(
            "Chưa ghi được việc in phiếu",
            lambda s: s.slips.record_printed(code, form, source=source),
            Changes(printed=frozenset({code})),
        )

    # --- form 02 for a walk-in (services.guidance: nothing is received) ------------------------------------

    def issue_guidance(self, request: Any) -> Op[Any]:
        """Record a form 02 for a walk-in (GuidanceRequest -> GuidanceRecord); it is printed after the commit."""
        return self.op("Không ghi được phiếu hướng dẫn", lambda s: s.guidance.issue(request), Changes(guidance=True))

    def guidance_for_printing(self, guidance_id: str) -> Op[Printable]:
        def render(s: Any) -> Printable:
            return Printable(
                s.guidance.pdf(guidance_id), *_printer(s.settings.all(), "receipt"), s.settings.pdf_folder()
            )

        return self.op("Không tạo được phiếu hướng dẫn", render)

    def guidance_printed(self, guidance_id: str) -> Op[int]:
        return self.op(
            "Chưa ghi được việc in phiếu hướng dẫn",
            lambda s: s.guidance.record_printed(guidance_id),
            Changes(guidance=True),
        )

    # --- the dossier list and search ------------------------------------------------------------------------

    def list_page(self, filters: Any = None, *, after: Any = None, limit: int = 200) -> list:
        """One keyset page, read now on the UI thread (see the module docstring): for the list model's fetchMore."""
        return self._services.dossier_list.page(filters, after=after, limit=limit)

    def now(self) -> datetime:
        """The services' clock (the tests' fake one in tests; the office clock without one)."""
        for name in ("dossier_list", "reports"):
            service = getattr(self._services, name, None)
            if service is not None and hasattr(service, "now"):
                return service.now()
        return datetime.now(OFFICE_TZ)

    def count(self, filters: Any) -> Op[int]:
        return self.op("Không đếm được hồ sơ", lambda s: s.dossier_list.count(filters))

    def today_counts(self) -> Op[dict]:
        return self.op("Không đếm được hồ sơ hôm nay", lambda s: s.dossier_list.today_counts())

    def due_soon(self) -> Op[list]:
        return self.op("Không đọc được hồ sơ sắp đến hạn", lambda s: s.dossier_list.due_soon())

    def search(self, text: str) -> Op[list]:
        return self.op("Không tìm được", lambda s: s.search.search(text))

    # --- the catalogue ---------------------------------------------------------------------------------------

    def catalogue_entries(self) -> Op[tuple[list, list]]:
        return self.op(
            "Không đọc được danh mục", lambda s: (s.catalogue.entries(include_retired=True), s.catalogue.fields())
        )

    def procedure_history(self, code: str) -> Op[list]:
        return self.op("Không đọc được các phiên bản", lambda s: s.catalogue.history(code))

    def save_procedure(self, procedure: Any, *, new: bool) -> Op[Any]:
        return self.op(
            "Không lưu được thủ tục", lambda s: s.catalogue.save(procedure, new=new), Changes(catalogue=True)
        )

    def retire_procedure(self, code: str) -> Op[int]:
        return self.op("Không bãi bỏ được thủ tục", lambda s: s.catalogue.retire(code), Changes(catalogue=True))

    def restore_procedure(self, code: str) -> Op[Any]:
        return self.op("Không khôi phục được thủ tục", lambda s: s.catalogue.restore(code), Changes(catalogue=True))

    def import_catalogue(self, path: Path, *, dry_run: bool) -> Op[Any]:
        return self.op(
            "Không nhập được danh mục",
            lambda s: s.catalogue.import_file(path, dry_run=dry_run),
            None if dry_run else Changes(catalogue=True),
        )

    def export_catalogue(self, path: Path, agency: str = "") -> Op[int]:
        return self.op("Không xuất được danh mục", lambda s: s.catalogue.export_file(path, agency=agency))

    # --- the office calendar ---------------------------------------------------------------------------------

    def calendar_year(self, year: int) -> Op[Any]:
        return self.op("Không đọc được lịch làm việc", lambda s: s.office_calendar.year(year))

    def _calendar_write(self, title: str, fn: Callable[[Any], T]) -> Op[T]:
        return self.op(title, fn, Changes(calendar=True))

    def add_calendar_entry(self, entry: Any) -> Op[Any]:
        return self._calendar_write("Không thêm được ngày", lambda s: s.office_calendar.add_entry(entry))

    def update_calendar_entry(self, day: date, entry: Any) -> Op[Any]:
        return self._calendar_write("Không sửa được ngày", lambda s: s.office_calendar.update_entry(day, entry))

    def delete_calendar_entry(self, day: date) -> Op[Any]:
        return self._calendar_write("Không xoá được ngày", lambda s: s.office_calendar.delete_entry(day))

    def set_calendar_complete(self, year: int, complete: bool) -> Op[Any]:
        return self._calendar_write("Không lưu được lịch", lambda s: s.office_calendar.set_complete(year, complete))

    def reset_calendar_year(self, year: int) -> Op[Any]:
        return self._calendar_write("Không khôi phục được lịch", lambda s: s.office_calendar.reset_year(year))

    def set_office_hours(self, values: dict[str, str]) -> Op[Any]:
        return self.op(
            "Không lưu được giờ làm việc", lambda s: s.settings.set_many(values), Changes(calendar=True, settings=True)
        )

    def import_calendar(self, path: Path) -> Op[Any]:
        return self._calendar_write("Không nhập được lịch", lambda s: s.office_calendar.import_file(path))

    def export_calendar(self, year: int, path: Path) -> Op[int]:
        return self.op("Không xuất được lịch", lambda s: s.office_calendar.export_year(year, path))

    # --- ratings and the service index (Decision 766/QĐ-TTg) ---------------------------------------------------

    def rate(self, code: str, level: int, comment: str | None = None) -> Op[Any]:
        """Record the citizen's rating of `code` (services.service_index.ServiceIndexService.rate)."""
        return self.op(
            "Chưa ghi nhận được đánh giá",
            lambda s: s.service_index.rate(code, level, comment),
            lambda r: Changes(dossiers=frozenset({r.code})),
        )

    def kiosk_dossier(self) -> Op[Any]:
        """The dossier this station last received or returned a result of (KioskDossier or None)."""
        return self.op("Không đọc được hồ sơ vừa xử lý", lambda s: s.service_index.kiosk())

    def service_index(self, period: Any) -> Op[Any]:
        return self.op("Không tính được chỉ số phục vụ", lambda s: s.service_index.index(period))

    def index_dossiers(self, codes: Sequence[str]) -> Op[list]:
        return self.op("Không đọc được danh sách hồ sơ", lambda s: s.service_index.dossiers(list(codes)))

    # --- reports --------------------------------------------------------------------------------------------

    def report_fields(self) -> Op[list]:
        return self.op("Không đọc được lĩnh vực", lambda s: s.reports.fields())

    def dashboard(self, period: Any, field_code: str | None) -> Op[Any]:
        return self.op("Không lập được báo cáo", lambda s: s.reports.dashboard(period, field_code))

    def export_report(self, period: Any, fmt: str) -> Op[Any]:
        return self.op("Không xuất được báo cáo", lambda s: s.reports.export_period(period, fmt))

    def report_for_printing(self, period: Any) -> Op[Printable]:
        """Biểu 06 of `period` as PDF and the report printer remembered (settings printing.report_printer)."""

        def render(s: Any) -> Printable:
            _report, pdf = s.reports.export_period(period, "pdf")
            return Printable(pdf, *_printer(s.settings.all(), "report"), s.settings.pdf_folder())

        return self.op("Không lập được báo cáo", render)

    # --- sync ---------------------------------------------------------------------------------------------
    # The loop runs on the sync's own thread (the network must never hold the worker); these only steer it.

    def attach_sync(self, sync: Any) -> None:
        self._sync = sync

    def start_sync(self, *, on_status: Callable[[Any], None], on_cycle: Callable[[Any], None], **options: Any) -> None:
        """Start the background loop; `on_status`/`on_cycle` are called on the sync thread (emit a queued signal)."""
        self._sync.start_background(on_status=on_status, on_cycle=on_cycle, **options)

    def stop_sync(self) -> None:
        if self._sync is not None:
            self._sync.stop_background()

    def poke_sync(self) -> None:
        if self._sync is not None:
            self._sync.poke()

    def sync_now(self) -> None:
        if self._sync is not None:
            self._sync.request_now()

    def sync_conflicts(self, include_resolved: bool) -> Op[list]:
        sync = self._sync
        return self.op("Không đọc được các xung đột", lambda _s: sync.conflicts(include_resolved))

    def resolve_conflict(self, conflict_id: int, note: str) -> Op[bool]:
        sync = self._sync
        return self.op("Không ghi nhận được", lambda _s: sync.resolve_conflict(conflict_id, note), Changes(synced=True))

    def all_settings(self) -> Op[dict]:
        return self.op("Không đọc được thiết lập", lambda s: s.settings.all())
