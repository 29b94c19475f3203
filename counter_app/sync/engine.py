"""One sync cycle of a station, and what the station knows about its sync (for the status bar and the CLI).

A cycle: ask the hub who we are (agency, counter, policy, clock), push this station's unacknowledged events in
batches and mark each acknowledged batch, pull the other stations' events after the stored cursor and re-fold
the dossiers they touch (cursor and events in one transaction), then send the period summaries that changed.
Every step is idempotent, so a cycle cut anywhere (hub down, hub killed, answer lost, time-out) is simply
repeated later: a lost acknowledgement means the batch is sent again and the hub reports it as duplicates.

The cycle's outcome, the pull cursor and the last sync are kept in the store (`sync_state`), so
`counter-app sync --status` in another process sees what the window's background loop did.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from counter_app.domain.calendar import OFFICE_TZ, as_office_time
from counter_app.domain.transport import ALLOW_SETTING
from counter_app.services.reports import ReportService
from counter_app.services.settings import SettingsService, hub_url_problem
from counter_app.store import account_sync, sync_store
from counter_app.store.db import Database
from counter_app.sync import summaries as summary_module
from counter_app.sync.client import DEFAULT_TIMEOUT, HubClient, HubError

if TYPE_CHECKING:
    import httpx  # imported by HubClient when a cycle runs (sync/client.py)

log = logging.getLogger(__name__)

SKEW_LIMIT = 180.0  # seconds: a station clock further than this from the hub's is reported
BATCH_SIZE = 1000  # the hub's limit per push (MAX_BATCH); halved on a 413
PULL_LIMIT = 200  # events applied per write transaction: short, so an officer's save never waits long behind it
MAX_PULL_PAGES = 200  # per cycle; the rest follows in the next cycle

# sync_state keys
K_CURSOR = "pull_cursor"
K_LAST_SUCCESS = "last_success"
K_LAST_ATTEMPT = "last_attempt"
K_ERROR = "last_error"
K_ERROR_KIND = "last_error_kind"
K_ONLINE = "online"
K_SKEW = "clock_skew"
K_POLICY = "summaries_only"
K_HUB_COUNTER = "hub_counter"
K_HUB_AGENCY = "hub_agency"
K_WARNING = "warning"
K_FILES_CURSOR = "files_cursor"  # the last own file_attached event (station_seq) whose file the hub has
K_AUDIT_SENT = "audit_sent_seq"  # this station's last audit entry the hub confirmed
K_ACCOUNT_CURSOR = "account_cursor"
K_ACCOUNT_WARNING = "account_warning"
AUDIT_BATCH = 1000  # the hub takes up to 2000
ACCOUNT_BATCH = 200
SUMMARY_PREFIX = "summary:"

ERROR_LABELS = {
    "not_configured": "Chưa thiết lập máy chủ đồng bộ",
    "unreachable": "Không kết nối được máy chủ",
    "timeout": "Máy chủ không trả lời kịp",
    "server": "Máy chủ đang lỗi, sẽ thử lại",
    "auth": "Mã truy cập bị từ chối",
    "refused": "Máy chủ từ chối",
    "too_large": "Lô dữ liệu quá lớn",
    "limited": "Máy chủ tạm từ chối địa chỉ này (quá nhiều yêu cầu), sẽ thử lại",
    "insecure": "Không đồng bộ qua http:// không mã hoá",
    "invalid": "Máy chủ từ chối dữ liệu",
    "internal": "Lỗi khi đồng bộ",
}


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _parse(moment: str | None) -> datetime | None:
    return datetime.fromisoformat(moment) if moment else None


@dataclass
class CycleResult:
    ok: bool = False
    configured: bool = True
    acknowledged: int = 0  # own events the hub now confirms
    stored_at_hub: int = 0  # of which new to the hub (the rest were resent duplicates)
    pulled: int = 0
    applied: int = 0
    new_conflicts: int = 0
    summaries_sent: int = 0
    audit_sent: int = 0  # this station's audit entries new to the hub
    accounts_sent: int = 0
    accounts_received: int = 0  # versions of accounts changed here from another counter
    held: int = 0  # events kept here because the agency sends summaries only
    files_sent: int = 0  # scans / result files uploaded (the agency takes files at the hub)
    files_missing: int = 0  # attached here once but no longer on this PC (or damaged): not sent
    error_kind: str = ""
    message: str = ""
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = [
            f"gửi {self.acknowledged} sự kiện (mới với máy chủ {self.stored_at_hub})",
            f"nhận {self.pulled} sự kiện từ máy trạm khác",
            f"gửi {self.summaries_sent} bảng tổng hợp",
        ]
        if self.audit_sent or self.accounts_sent or self.accounts_received:
            parts.append(
                f"gửi {self.audit_sent} mục nhật ký kiểm tra, {self.accounts_sent} tài khoản; "
                f"nhận {self.accounts_received} tài khoản"
            )
        if self.new_conflicts:
            parts.append(f"{self.new_conflicts} xung đột mới cần xử lý")
        if self.held:
            parts.append(f"{self.held} sự kiện giữ tại máy (cơ quan chỉ gửi số liệu tổng hợp)")
        if self.files_sent:
            parts.append(f"gửi {self.files_sent} tệp quét/tệp kết quả")
        if self.files_missing:
            parts.append(f"{self.files_missing} tệp đính kèm không còn trên máy (hỏng hoặc bị xoá), không gửi được")
        head = "Đồng bộ xong" if self.ok else f"Đồng bộ chưa xong: {ERROR_LABELS.get(self.error_kind, self.error_kind)}"
        text = head + ": " + "; ".join(parts) + "."
        if self.message and not self.ok:
            text += f" Lý do: {self.message}"
        return text


@dataclass(frozen=True)
class SyncStatus:
    configured: bool
    hub_url: str
    online: bool | None  # None: never tried
    last_success: datetime | None
    last_attempt: datetime | None
    pending: int  # this station's events not yet acknowledged by the hub
    summaries_only: bool
    error_kind: str
    error: str
    conflicts: int
    clock_skew: float | None
    warning: str = ""
    next_attempt: datetime | None = None
    insecure: bool = False  # plain http:// off the loopback, allowed by hub.allow_plain_http: said on every line

    @property
    def reason(self) -> str:
        """Why events are waiting (empty when nothing waits or nothing is wrong)."""
        if not self.configured:
            return "Chưa thiết lập máy chủ đồng bộ (hub.url và hub.token)."
        if self.summaries_only and self.pending:
            return f"Cơ quan chỉ gửi số liệu tổng hợp: {self.pending} sự kiện được giữ tại máy, không gửi đi."
        if self.error:
            return f"{ERROR_LABELS.get(self.error_kind, 'Lỗi')}: {self.error}"
        if self.pending:
            return "Chờ lần đồng bộ tiếp theo."
        return ""

    @property
    def skew_warning(self) -> str:
        if self.clock_skew is None or abs(self.clock_skew) <= SKEW_LIMIT:
            return ""
        minutes = round(abs(self.clock_skew) / 60)
        way = "nhanh" if self.clock_skew > 0 else "chậm"
        return f"Đồng hồ máy này {way} {minutes} phút so với máy chủ: hãy chỉnh giờ máy tính."

    def line(self) -> str:
        if not self.configured:
            return "Đồng bộ: chưa thiết lập"
        state = "trực tuyến" if self.online else ("ngoại tuyến" if self.online is False else "chưa đồng bộ")
        text = f"Đồng bộ: {state}"
        if self.last_success:
            text += f" · lần cuối {as_office_time(self.last_success):%H:%M %d/%m}"
        text += f" · chờ gửi {self.pending}"
        if self.conflicts:
            text += f" · {self.conflicts} xung đột"
        if self.skew_warning:
            text += " · lệch giờ!"
        if self.insecure:
            text += " · KHÔNG MÃ HOÁ!"
        return text

    def to_json(self) -> dict:
        data = asdict(self)
        for key in ("last_success", "last_attempt", "next_attempt"):
            data[key] = data[key].isoformat(timespec="seconds") if data[key] else None
        data["reason"] = self.reason
        data["skew_warning"] = self.skew_warning
        return data


@dataclass(frozen=True)
class ConflictInfo:
    id: int
    code: str | None
    dossier_id: str
    event_id: str
    kind: str
    station_id: str
    officer: str
    occurred_at: str
    reason: str
    detected_at: str
    resolved_at: str | None
    resolved_by: str | None
    resolution: str | None


class SyncEngine:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        *,
        clock: Callable[[], datetime] | None = None,
        timeout: httpx.Timeout | float | tuple[float, float, float, float] = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        batch_size: int = BATCH_SIZE,
        pull_limit: int = PULL_LIMIT,
        send_summaries: bool = True,
        pull: bool = True,
    ):
        self._db = db
        self._settings = settings
        # The office clock dates summaries (tests fix it); acknowledgement stamps and sync times use the real clock.
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        self._timeout = timeout
        self._transport = transport
        self.batch_size = batch_size
        self.pull_limit = pull_limit
        self.send_summaries = send_summaries
        self.pull = pull  # False only for measuring the push alone (benchmarks)

    # --- status -----------------------------------------------------------------------------------

    def _hub_settings(self) -> tuple[str, str, dict[str, str]]:
        values = self._settings.all()
        return values.get("hub.url", ""), values.get("hub.token", ""), values

    def status(self) -> SyncStatus:
        url, token, values = self._hub_settings()
        station_id = values.get("station.id", "")
        with self._db.read() as session:
            state = sync_store.read_state(session)
            pending = sync_store.pending_count(session, station_id)
            conflicts = sync_store.open_conflict_count(session)
        online = state.get(K_ONLINE)
        skew = state.get(K_SKEW)
        insecure = self._settings.hub_url_warning()
        return SyncStatus(
            configured=bool(url and token),
            hub_url=url,
            online=None if online is None else online == "1",
            last_success=_parse(state.get(K_LAST_SUCCESS)),
            last_attempt=_parse(state.get(K_LAST_ATTEMPT)),
            pending=pending,
            summaries_only=state.get(K_POLICY) == "1",
            error_kind=state.get(K_ERROR_KIND, ""),
            error=state.get(K_ERROR, ""),
            conflicts=conflicts,
            clock_skew=float(skew) if skew else None,
            warning=" ".join(
                w for w in (insecure, state.get(K_WARNING) or "", state.get(K_ACCOUNT_WARNING) or "") if w
            ),
            insecure=bool(insecure),
        )

    def conflicts(self, include_resolved: bool = False) -> list[ConflictInfo]:
        with self._db.read() as session:
            return [
                ConflictInfo(
                    c.id,
                    c.code,
                    c.dossier_id,
                    c.event_id,
                    c.kind,
                    c.station_id,
                    c.officer,
                    c.occurred_at,
                    c.reason,
                    c.detected_at,
                    c.resolved_at,
                    c.resolved_by,
                    c.resolution,
                )
                for c in sync_store.list_conflicts(session, include_resolved)
            ]

    def resolve_conflict(self, conflict_id: int, by: str, note: str) -> bool:
        with self._db.write() as session:
            return sync_store.resolve_conflict(session, conflict_id, by, note, _utc_now()) is not None

    # --- the cycle --------------------------------------------------------------------------------

    def run_cycle(self) -> CycleResult:
        url, token, values = self._hub_settings()
        result = CycleResult()
        if not url or not token:
            result.configured = False
            result.error_kind = "not_configured"
            result.message = "chưa có hub.url và hub.token (counter-app settings set …)"
            return result
        station_id = values["station.id"] if values.get("station.id") else self._settings.ensure_station_id()
        agency = values.get("agency.code", "")
        updates: dict[str, str | None] = {K_LAST_ATTEMPT: _utc_now().isoformat(timespec="seconds")}
        answered = False
        try:
            problem = hub_url_problem(values)
            if problem is not None and problem[0] == "warning":
                result.warnings.append(problem[1])  # every cycle, in the log and the status: it stays loud
                log.warning("%s", problem[1])
            with HubClient(
                url,
                token,
                timeout=self._timeout,
                transport=self._transport,
                allow_plain_http=values.get(ALLOW_SETTING) == "yes",
            ) as client:
                me = client.me()
                answered = True
                if me.clock_skew is not None:
                    updates[K_SKEW] = f"{me.clock_skew:.1f}"
                body = me.body or {}
                if body.get("role") != "station":
                    raise HubError("auth", "mã truy cập này không phải của máy trạm (chỉ đọc báo cáo)")
                if body.get("agency") != agency:
                    raise HubError(
                        "refused",
                        f"mã truy cập thuộc cơ quan {body.get('agency')}, máy này ghi mã cơ quan {agency} (agency.code)",
                    )
                summaries_only = bool(body.get("summaries_only"))
                updates[K_POLICY] = "1" if summaries_only else "0"
                updates[K_HUB_AGENCY] = str(body.get("agency"))
                updates[K_HUB_COUNTER] = str(body.get("counter"))
                warning = None
                counter = values.get("station.counter", "")
                if body.get("counter") is not None and str(body.get("counter")) != counter:
                    warning = (
                        f"Máy chủ đăng ký máy này là quầy {body.get('counter')}, máy đang đặt quầy {counter} "
                        "(station.counter): mã hồ sơ có thể trùng với quầy khác."
                    )
                    result.warnings.append(warning)
                updates[K_WARNING] = warning
                if summaries_only:
                    with self._db.read() as session:
                        result.held = sync_store.pending_count(session, station_id)
                else:
                    self._push(client, agency, station_id, result)
                    if body.get("files_enabled"):
                        self._upload_files(client, station_id, result)
                    if self.pull:
                        self._pull(client, result)
                # The audit trail and the accounts hold no applicant's data: shared whatever the agency's policy.
                # A trail the hub refuses (an entry edited here) stops the accounts from going out, not the rest.
                broken: HubError | None = None
                # The token decides the counter at the hub; a station.counter differing from it is warned about
                # above, and must not stop the trail and the accounts from going.
                station_counter = None if warning else (int(counter) if counter.isdigit() else None)
                account_warnings: list[str] = []
                try:
                    self._push_audit(client, agency, station_id, station_counter, result)
                    account_warnings = self._push_accounts(client, agency, station_id, station_counter, result)
                except HubError as exc:
                    if exc.reason != "audit_chain_broken":
                        raise
                    log.error("the hub refused this station's audit trail: %s", exc.message)
                    broken = exc
                if self.pull:
                    account_warnings += self._pull_accounts(client, station_id, result)
                self._keep_account_warnings(account_warnings, result)
                if self.send_summaries:
                    self._send_summaries(client, station_id, result)
                self._exchange_slip_keys(client, result)
                if broken is not None:
                    raise broken
                result.ok = True
        except HubError as exc:
            answered = answered or exc.kind not in ("unreachable", "timeout", "insecure")
            result.error_kind = exc.kind
            result.message = exc.message
        except Exception as exc:  # a bug must not kill the background loop; it is reported like any failure
            log.exception("sync cycle failed")
            result.error_kind = "internal"
            result.message = f"{type(exc).__name__}: {exc}"
        updates[K_ONLINE] = "1" if answered else "0"
        if result.ok:
            updates[K_LAST_SUCCESS] = updates[K_LAST_ATTEMPT]
            updates[K_ERROR] = None
            updates[K_ERROR_KIND] = None
        else:
            updates[K_ERROR] = result.message
            updates[K_ERROR_KIND] = result.error_kind
        with self._db.write() as session:
            sync_store.write_state(session, updates)
        if result.ok:
            log.info(
                "sync cycle ok: sent %d (new at the hub %d), received %d (applied %d), summaries %d, new conflicts %d, "
                "held %d",
                result.acknowledged,
                result.stored_at_hub,
                result.pulled,
                result.applied,
                result.summaries_sent,
                result.new_conflicts,
                result.held,
            )
        else:
            log.warning("sync cycle failed (%s): %s", result.error_kind, result.message)
        return result

    def _push(self, client: HubClient, agency: str, station_id: str, result: CycleResult) -> None:
        batch = self.batch_size
        with self._db.read() as session:
            pending = sync_store.pending_count(session, station_id)
        rounds = math.ceil(pending / max(batch, 1)) * 2 + 20  # bounded even if batches shrink after a 413
        for _ in range(rounds):
            with self._db.read() as session:
                rows = sync_store.outbox(session, station_id, batch)
                wire = [sync_store.event_to_wire(r) for r in rows]
            if not wire:
                return
            try:
                answer = client.push_events(agency, station_id, wire)
            except HubError as exc:
                if exc.kind == "too_large" and batch > 1:
                    batch = max(1, batch // 2)
                    continue
                raise
            sent = {w["id"] for w in wire}
            acknowledged = [i for i in (answer.body or {}).get("acknowledged", []) if i in sent]
            with self._db.write() as session:
                sync_store.mark_acknowledged(session, acknowledged, _utc_now())
            result.acknowledged += len(acknowledged)
            result.stored_at_hub += int((answer.body or {}).get("stored", 0))
            if len(acknowledged) < len(sent):
                raise HubError("invalid", f"máy chủ chỉ xác nhận {len(acknowledged)}/{len(sent)} sự kiện")
            if len(wire) < batch:
                return

    def _upload_files(self, client: HubClient, station_id: str, result: CycleResult) -> None:
        """The bytes of this station's attached files, after their events (the agency takes files at the hub).
        A file no longer here (or damaged) is counted and skipped: the hub cannot get it from this PC any more."""
        from counter_app.domain.files import FileProblem
        from counter_app.store.files import FileStore

        store = FileStore.beside(self._db.path)
        with self._db.read() as session:
            cursor = int(sync_store.read_state(session).get(K_FILES_CURSOR, "0") or 0)
        while True:
            with self._db.read() as session:
                batch = sync_store.own_files_after(session, station_id, cursor)
            if not batch:
                return
            for seq, payload in batch:
                try:
                    data = store.read_bytes(payload["sha256"])
                except FileProblem as exc:
                    log.warning("file of event %d not sent: %s", seq, exc)
                    result.files_missing += 1
                else:
                    client.put_file(payload["sha256"], data)
                    result.files_sent += 1
                cursor = seq
                with self._db.write() as session:
                    sync_store.write_state(session, {K_FILES_CURSOR: str(cursor)})

    def fetch_file(self, sha256: str) -> bytes:
        """A file attached at another counter of the agency, from the hub (the caller checks its hash)."""
        url, token, values = self._hub_settings()
        if not url or not token:
            raise HubError("not_configured", "máy này chưa kết nối máy chủ đồng bộ")
        with HubClient(
            url, token, timeout=self._timeout, transport=self._transport,
            allow_plain_http=values.get(ALLOW_SETTING) == "yes",
        ) as client:  # fmt: skip
            return client.get_file(sha256)

    def _pull(self, client: HubClient, result: CycleResult) -> None:
        with self._db.read() as session:
            cursor = int(sync_store.read_state(session).get(K_CURSOR, "0") or 0)
        for _ in range(MAX_PULL_PAGES):
            answer = client.pull_events(cursor, self.pull_limit)
            body = answer.body or {}
            items = [sync_store.event_from_wire(e) for e in body.get("events", [])]
            next_cursor = int(body.get("cursor", cursor))
            with self._db.write() as session:  # the events and the cursor move together, or neither does
                outcome = sync_store.apply_remote_events(session, items, _utc_now())
                sync_store.write_state(session, {K_CURSOR: str(next_cursor)})
            result.pulled += len(items)
            result.applied += outcome.stored
            result.new_conflicts += outcome.new_conflicts
            cursor = next_cursor
            if not body.get("more"):
                return

    def _exchange_slip_keys(self, client: HubClient, result: CycleResult) -> None:
        """Register this station's new public keys for the signed slip QR, and keep the agency's stations' keys so
        `verify-slip` checks their slips offline (services/slip_signing.py). A hub without these routes (older) or
        a refusal does not fail the cycle: the events went; the keys go next time."""
        from counter_app.services.slip_signing import SlipSigner

        signer = SlipSigner(self._db, self._settings, self._clock)
        try:
            for key in signer.keys_to_register():
                client.register_slip_key(key)
                signer.registered(key["key_id"])
            body = client.slip_keys().body or {}
            signer.store_pulled(list(body.get("keys") or []))
        except HubError as exc:
            if exc.kind in ("unreachable", "timeout", "auth", "server"):
                raise
            log.warning("slip keys not exchanged with the hub: %s", exc.message)
            result.warnings.append(f"Chưa gửi được khoá ký phiếu lên máy chủ: {exc.message}")

    def _push_audit(
        self, client: HubClient, agency: str, station_id: str, counter: int | None, result: CycleResult
    ) -> None:
        """This station's audit entries after the last one the hub confirmed; the hub checks the chain."""
        with self._db.write() as session:  # accounts from before sharing get their entry first (sent just below)
            account_sync.publish_unrecorded(session, station_id, self._clock())
        with self._db.read() as session:
            sent = int(sync_store.read_state(session).get(K_AUDIT_SENT, "0") or 0)
        for _ in range(10_000):
            with self._db.read() as session:
                wire = [
                    account_sync.audit_to_wire(e)
                    for e in account_sync.audit_outbox(session, station_id, sent, AUDIT_BATCH)
                ]
            if not wire:
                return
            answer = client.push_audit(agency, station_id, counter, wire).body or {}
            result.audit_sent += int(answer.get("stored", 0))
            confirmed = int(answer.get("last_seq", 0))
            if confirmed < wire[-1]["seq"]:
                raise HubError("invalid", f"máy chủ chỉ xác nhận nhật ký kiểm tra đến mục {confirmed}")
            sent = confirmed
            with self._db.write() as session:
                sync_store.write_state(session, {K_AUDIT_SENT: str(sent)})
            if len(wire) < AUDIT_BATCH:
                return

    def _push_accounts(
        self, client: HubClient, agency: str, station_id: str, counter: int | None, result: CycleResult
    ) -> list[str]:
        """This station's account changes not yet confirmed; the refusals (a user name another counter took)."""
        warnings: list[str] = []
        with self._db.read() as session:
            wire = [account_sync.account_to_wire(r) for r in account_sync.account_outbox(session, station_id, 10_000)]
        for start in range(0, len(wire), ACCOUNT_BATCH):
            chunk = wire[start : start + ACCOUNT_BATCH]
            answer = client.push_accounts(agency, station_id, counter, chunk).body or {}
            acknowledged = set(answer.get("acknowledged", []))
            with self._db.write() as session:
                result.accounts_sent += account_sync.mark_accounts_sent(session, chunk, acknowledged, _utc_now())
            warnings += [str(r.get("detail", "")) for r in answer.get("refused", [])]
        return warnings

    def _pull_accounts(self, client: HubClient, station_id: str, result: CycleResult) -> list[str]:
        """The agency's account versions after the cursor, applied by the later-change rule."""
        warnings: list[str] = []
        with self._db.read() as session:
            cursor = int(sync_store.read_state(session).get(K_ACCOUNT_CURSOR, "0") or 0)
        for _ in range(MAX_PULL_PAGES):
            body = client.pull_accounts(cursor, 500).body or {}
            next_cursor = int(body.get("cursor", cursor))
            with self._db.write() as session:  # the accounts and the cursor move together
                outcome = account_sync.apply_remote_accounts(
                    session, body.get("accounts", []), station_id, _utc_now(), self._clock()
                )
                sync_store.write_state(session, {K_ACCOUNT_CURSOR: str(next_cursor)})
            result.accounts_received += len(outcome.applied)
            warnings += outcome.refused
            cursor = next_cursor
            if not body.get("more"):
                break
        return warnings

    def _keep_account_warnings(self, warnings: list[str], result: CycleResult) -> None:
        for warning in warnings:
            log.warning("%s", warning)
        result.warnings += warnings
        with self._db.write() as session:  # shown by the status until a cycle has none
            sync_store.write_state(session, {K_ACCOUNT_WARNING: " ".join(warnings) or None})

    def _send_summaries(self, client: HubClient, station_id: str, result: CycleResult) -> None:
        now = self._clock()
        # The summaries are read from the report's per-day counts: rebuilt first if the store asks for it.
        ReportService(self._db, self._settings, self._clock).ensure_counts()
        with self._db.read() as session:
            state = sync_store.read_state(session)
            computed = [
                summary_module.compute_summary(session, period, station_id, now)
                for period in summary_module.periods_to_send(as_office_time(now).date())
            ]
        for summary in computed:
            period = summary["period"]
            key = SUMMARY_PREFIX + period
            sent = json.loads(state.get(key) or "{}")
            fingerprint = summary_module.fingerprint(summary)
            if sent.get("hash") == fingerprint and sent.get("sent"):
                continue
            revision = int(sent.get("revision", 0))
            if sent.get("hash") != fingerprint or revision == 0:
                revision += 1
                with self._db.write() as session:  # the number is kept before it is used: a resend reuses it
                    sync_store.write_state(
                        session, {key: json.dumps({"hash": fingerprint, "revision": revision, "sent": False})}
                    )
            body = {
                "revision": revision,
                "computed_at": as_office_time(now).isoformat(timespec="seconds"),
                "figures": summary["figures"],
                "groups": summary["groups"],
            }
            try:
                client.put_summary(period, body)
            except HubError as exc:
                if exc.status != 409:
                    raise
                # The number was used with other figures (this store restored from an older copy): take a new one.
                current = (exc.body or {}).get("current_revision") or revision
                revision = int(current) + 1
                body["revision"] = revision
                client.put_summary(period, body)
            with self._db.write() as session:
                sync_store.write_state(
                    session, {key: json.dumps({"hash": fingerprint, "revision": revision, "sent": True})}
                )
            result.summaries_sent += 1
