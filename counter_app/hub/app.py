"""The hub's HTTP API (FastAPI): `create_app(db_url)` builds it; `counter-app hub` serves it on uvicorn.

    GET  /api/v1/health                     liveness and database check (no token)
    GET  /api/v1/me                         who the token is: agency, counter, the agency's policy, limits
    POST /api/v1/events                     a batch of the station's own events; idempotent; all or nothing
    GET  /api/v1/events?after=N             the events of the agency's other stations after the cursor N
    PUT  /api/v1/summaries/{period}         a revision of the station's period summary (latest revision wins)
    GET  /api/v1/reports/consolidated       the period's figures per agency and in total (JSON or XLSX)
    POST /api/v1/audit                      the station's audit entries, checked against its chain on arrival
    POST /api/v1/accounts                   versions of the agency's officer accounts changed on the station
    GET  /api/v1/accounts?after=N           the agency's account versions after the cursor N
    GET  /api/v1/public/status/{code}?check=C  status and appointment date of a dossier (code + the check value
                                            printed on its receipt); no personal data
    POST/GET /api/v1/slip-keys, GET /api/v1/public/verify-slip, GET /verify, GET /api/v1/portal/dossiers:
                                            signed slips and the portal hand-over (hub/slips_portal.py)
    GET  /openapi.json, /docs               the published schema

Every refusal is a clear status with a JSON body {"detail": sentence, "reason": word}: 401 (no or bad token),
403 (another agency or counter, a summaries-only agency's events, a reader anywhere but the consolidated report
and the portal records),
409 (an event id the hub has with other content, an audit entry that does not fit the station's chain), 413 (batch too large), 422 (malformed), 429 with Retry-After (too many look-ups, or too many failed
tokens, from one address: hub/limits.py); a database that cannot be reached answers 503 (the station retries
later). Nothing is ever half written: a batch
is stored in one transaction.
"""

import hashlib
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import String, any_, bindparam, func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from counter_app import __version__
from counter_app.domain.audit import GENESIS, AuditEntry, verify_chain
from counter_app.domain.codes import block_for_counter, parse_dossier_code
from counter_app.domain.events import EventKind
from counter_app.domain.field_limits import FIELD_LIMITS, PAYLOAD_FIELDS
from counter_app.domain.files import HARD_MAX_MB, SNIFF_BYTES, sniff_media_type
from counter_app.domain.merge import utc_key
from counter_app.hub.admin import hash_token, utc_now
from counter_app.hub.db import HubDatabase, open_hub_database
from counter_app.hub.limits import LookupLimiter, RateLimits, TokenFailureLock
from counter_app.hub.models import Agency, Client, HubAccountChange, HubAuditEntry, HubEvent, HubFile, Summary
from counter_app.hub.partitions import MonthPartitions, month_of

log = logging.getLogger(__name__)
request_log = logging.getLogger("counter_app.hub.requests")

API = "/api/v1"
MAX_BATCH = 1000  # events in one push
MAX_BODY = 16 * 1024 * 1024  # bytes of one request body
MAX_FILE_BYTES = HARD_MAX_MB * 1024 * 1024  # one uploaded scan or result file (a station's own limit is lower)
MAX_PULL = 2000
MAX_EVENT_PAYLOAD = 64 * 1024  # bytes of one event's payload (JSON): every station of the agency copies it
MAX_FIGURE = 10**9  # a summary figure: a count of dossiers, never negative, never astronomical
MAX_SUMMARY_KEYS = 200  # figures in a summary, and groups (fields, procedures) in it
MAX_CURSOR = 2**63 - 1  # hub_seq is a 64-bit integer
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
PERIOD_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-Q[1-4]|-H[12])?$"
CODE_PATTERN = re.compile(r"^[A-Z0-9.]{1,40}-\d{6}-\d{4,7}$")


# --- request and response bodies ----------------------------------------------------------------------


class EventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=UUID_PATTERN, description="the event's UUID: its identity everywhere")
    dossier_id: str = Field(pattern=UUID_PATTERN)
    station_id: str = Field(pattern=UUID_PATTERN, description="the writing station's id (settings station.id)")
    station_seq: int = Field(ge=1, le=2**31 - 1)
    kind: EventKind
    officer: str = Field(max_length=FIELD_LIMITS["officer"], description="the officer's name, as shown on paper")
    officer_id: str | None = Field(
        default=None, pattern=UUID_PATTERN, description="the officer's account id (None: a store without accounts)"
    )
    occurred_at: AwareDatetime
    recorded_at: AwareDatetime | None = None
    payload: dict[str, Any] = Field(default_factory=dict)


class EventBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agency: str = Field(max_length=FIELD_LIMITS["agency_code"], description="the agency code the station works for")
    station_id: str = Field(pattern=UUID_PATTERN)
    events: list[EventIn]


async def event_batch(request: Request) -> EventBatch:
    """A push's body, parsed and validated from its JSON bytes by pydantic in one pass (model_validate_json), and
    only once the token has been checked (push_events lists its caller first).

    FastAPI's own road for a body parameter decodes the JSON into Python objects (json.loads) before any
    dependency runs, so a request without a valid token still had its body parsed (up to 4 MB), and then validates
    them: 11.9 ms for a batch of 1,000 events against 10.5 ms in one pass. Same model, same refusal: 422 with
    FastAPI's list of errors, each located under "body"."""
    body = await request.body()
    try:
        return EventBatch.model_validate_json(body)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        broken = next((e for e in errors if e["type"] == "json_invalid"), None)
        if broken is not None:  # FastAPI's own answer for a body that is not JSON: never the body's bytes echoed
            # back (an applicant's data; bytes that are not UTF-8 would break the 422's own encoding: a 500)
            error = (broken.get("ctx") or {}).get("error", "")
            raise RequestValidationError(
                [
                    {
                        "type": "json_invalid",
                        "loc": ("body",),
                        "msg": "JSON decode error",
                        "input": {},
                        "ctx": {"error": error},
                    }
                ]
            ) from None
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in errors]) from None


# The push's documented body (its parameter is the event_batch dependency, which OpenAPI does not describe).
_EVENT_BATCH_BODY = {
    "requestBody": {"required": True, "content": {"application/json": {"schema": EventBatch.model_json_schema()}}}
}

MAX_AUDIT_BATCH = 2000  # audit entries in one push
MAX_ACCOUNT_BATCH = 500
HASH_PATTERN = r"^[0-9a-f]{64}$"
# The station's scrypt hash (domain/passwords.hash_password): anything else (a password typed in clear) is refused.
PASSWORD_HASH = re.compile(
    r"^scrypt\$\d{1,8}\$\d{1,3}\$\d{1,3}\$[A-Za-z0-9+/]{10,100}={0,2}\$[A-Za-z0-9+/]{10,200}={0,2}$"
)


class AuditEntryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seq: int = Field(ge=1, le=2**31 - 1)
    at: str = Field(max_length=32, description="as the station hashed it: ISO 8601 with the office offset")
    officer_id: str | None = Field(default=None, max_length=FIELD_LIMITS["uuid"])
    officer_name: str = Field(max_length=150)
    action: str = Field(max_length=40)
    target: str = Field(default="", max_length=200)
    detail: dict[str, Any] = Field(default_factory=dict)
    prev_hash: str = Field(pattern=HASH_PATTERN)
    hash: str = Field(pattern=HASH_PATTERN)


class AuditBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agency: str = Field(max_length=FIELD_LIMITS["agency_code"])
    station_id: str = Field(pattern=UUID_PATTERN)
    counter: int | None = Field(default=None, description="the station's counter (station.counter), if it says")
    entries: list[AuditEntryIn]


class AuditResult(BaseModel):
    stored: int
    duplicates: int
    last_seq: int = Field(description="the station's last entry the hub now holds")


class AccountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=UUID_PATTERN)
    username: str = Field(min_length=1, max_length=32)
    display_name: str = Field(min_length=1, max_length=150)
    role: str = Field(pattern="^(officer|supervisor|admin)$")
    password_hash: str = Field(max_length=200, description="the station's scrypt hash; never a password")
    active: bool
    must_change_password: bool = False
    created_at: AwareDatetime
    changed_at: AwareDatetime
    changed_station: str = Field(pattern=UUID_PATTERN, description="the station where this version was made")
    audit_hash: str = Field(pattern=HASH_PATTERN, description="that station's audit entry recording the change")


class AccountBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agency: str = Field(max_length=FIELD_LIMITS["agency_code"])
    station_id: str = Field(pattern=UUID_PATTERN)
    counter: int | None = None
    accounts: list[AccountIn]


class AccountRefused(BaseModel):
    id: str
    username: str
    reason: str
    detail: str


class AccountPushResult(BaseModel):
    acknowledged: list[str] = Field(description="account ids whose version the hub now holds")
    refused: list[AccountRefused]


class AccountOut(AccountIn):
    hub_seq: int


class AccountPullResult(BaseModel):
    accounts: list[AccountOut]
    cursor: int
    more: bool


class PushResult(BaseModel):
    acknowledged: list[str] = Field(description="every event id of the batch: all are now stored at the hub")
    stored: int = Field(description="events new to the hub")
    duplicates: int = Field(description="events the hub already had (a resent batch)")


class EventOut(EventIn):
    hub_seq: int


class PullResult(BaseModel):
    events: list[EventOut]
    cursor: int = Field(description="pass as ?after= next time")
    more: bool


Figure = Annotated[int, Field(ge=0, le=MAX_FIGURE)]


class SummaryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    revision: int = Field(ge=1, le=2**31 - 1, description="increases each time the station's figures change")
    computed_at: AwareDatetime
    figures: dict[Annotated[str, Field(max_length=64)], Figure] = Field(max_length=MAX_SUMMARY_KEYS)
    groups: dict[Annotated[str, Field(max_length=64)], dict[Annotated[str, Field(max_length=64)], Figure]] = Field(
        default_factory=dict, max_length=MAX_SUMMARY_KEYS
    )


class SummaryResult(BaseModel):
    period: str
    revision: int
    current_revision: int
    stored: bool


class AgencyFigures(BaseModel):
    agency: str
    name: str
    stations: int
    computed_at: str | None
    figures: dict[str, int]
    groups: dict[str, dict[str, int]]


class ConsolidatedReport(BaseModel):
    period: str
    agencies: list[AgencyFigures]
    total: dict[str, int]


class PublicStatus(BaseModel):
    code: str
    status: str
    status_label: str
    appointment_date: date | None


class MeOut(BaseModel):
    role: str
    client_id: int
    agency: str | None
    agency_name: str | None
    counter: int | None
    station_id: str | None
    summaries_only: bool
    max_batch: int
    server_time: str
    version: str
    files_enabled: bool = False  # the agency receives its stations' scans and result files


class FileResult(BaseModel):
    sha256: str
    size: int
    stored: bool  # False: the hub had it already


# --- errors -------------------------------------------------------------------------------------------


class Refusal(Exception):
    def __init__(self, status: int, reason: str, message: str, extra: dict | None = None, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.message = message
        self.extra = extra or {}
        self.headers = headers or {}


def _refusal_response(
    status: int, reason: str, message: str, headers: dict | None = None, extra: dict | None = None
) -> JSONResponse:
    return JSONResponse({"detail": message, "reason": reason, **(extra or {})}, status_code=status, headers=headers)


class BodyLimit:
    """413 for a body over `limit` bytes, before any of it is parsed (declared length or bytes actually sent)."""

    def __init__(self, app, limit: int, file_limit: int | None = None):
        self.app = app
        self.limit = limit
        self.file_limit = file_limit or limit  # an upload of a scan (PUT /api/v1/files/…) may be larger

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            return await self.app(scope, receive, send)
        limit = self.file_limit if str(scope.get("path", "")).startswith(f"{API}/files/") else self.limit
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return await self._too_large(scope, receive, send, limit)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return await self._too_large(scope, receive, send, limit)
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    async def _too_large(self, scope, receive, send, limit: int):
        response = _refusal_response(413, "too_large", f"Yêu cầu quá lớn (tối đa {limit} byte).")
        await response(scope, receive, send)


class RequestLog:
    """One log line per request (logger `counter_app.hub.requests`): method, path, status, the calling client
    (id:agency/counter) and its station id once bound, duration in ms. Outermost, so refusals by the body limit
    are logged too. Never a query string, a header or a body: tokens and personal data stay out of the log."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500  # what the server answers if the application raises before it responds

        async def send_and_watch(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_watch)
        finally:
            state = scope.get("state") or {}
            level = logging.INFO if status < 400 else logging.WARNING if status < 500 else logging.ERROR
            request_log.log(
                level,
                "%s %s %d client=%s station=%s %.1f ms",
                scope.get("method", "?"),
                scope.get("path", "?"),
                status,
                state.get("client_label", "-"),
                state.get("station_id") or "-",
                (time.perf_counter() - started) * 1000,
            )


# --- authentication -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Caller:
    client_id: int
    role: str
    agency_code: str | None
    counter: int | None
    station_uuid: str | None
    summaries_only: bool
    agency_name: str | None
    files_enabled: bool = False


def _bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


# --- the application ----------------------------------------------------------------------------------


def _address(request: Request) -> str:
    """The client's address: the TCP peer, or what a trusted proxy forwards (uvicorn's --forwarded-allow-ips,
    `counter-app hub --trusted-proxy`)."""
    return request.client.host if request.client else "?"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def create_app(
    db_url: str | None = None,
    *,
    db: HubDatabase | None = None,
    max_batch: int = MAX_BATCH,
    max_body: int = MAX_BODY,
    ingest_hook: Callable[[list[str]], None] | None = None,
    limits: RateLimits | None = None,
    limit_clock: Callable[[], float] | None = None,
    portal_mapping_file: str | None = None,
) -> FastAPI:
    """The hub application on the database at `db_url` (migrated to the current schema first).

    `limits`: the rate limits per client address (hub/limits.py; defaults when None), kept in the database so that
    every worker process shares them; `limit_clock` is the clock they count with (seconds; tests move it; None:
    the database server's clock on PostgreSQL, the wall clock on SQLite).

    Nothing the hub must agree on lives in this process's memory (the agency lock, the station binding, the id
    guard, the limits are all in the database): any number of these applications may serve one database at once
    (`counter-app hub --workers N`).

    `ingest_hook` is for fault-injection tests: called inside the ingest transaction, after the rows are written
    and before the commit, with the batch's event ids.
    """
    if db is None:
        if not db_url:
            raise ValueError("create_app needs db_url or db")
        db = open_hub_database(db_url)
    hub_db = db
    postgres = hub_db.dialect == "postgresql"
    limits = limits or RateLimits()
    lookups = LookupLimiter(hub_db, limits.status_per_minute, limit_clock)
    token_failures = TokenFailureLock(
        hub_db, limits.token_failures, limits.token_window, limits.token_lockout, limit_clock
    )
    months = MonthPartitions(hub_db.write_engine) if postgres else None
    if months is not None:
        months.ensure_ahead()  # this month's and the next ones': a push rarely has to make one

    app = FastAPI(
        title="counter_app hub",
        version=__version__,
        description=(
            "Máy chủ đồng bộ của Bộ phận Một cửa: nhận sự kiện hồ sơ từ các máy trạm, chuyển cho các máy trạm "
            "khác của cùng cơ quan, nhận số liệu tổng hợp theo kỳ và cung cấp báo cáo tổng hợp, tra cứu trạng thái."
        ),
        openapi_url="/openapi.json",
    )
    app.state.db = hub_db
    app.state.limits = limits
    app.add_middleware(BodyLimit, limit=max_body, file_limit=MAX_FILE_BYTES)
    app.add_middleware(RequestLog)  # added last: the outermost, so it sees every answer

    @app.exception_handler(Refusal)
    async def _refused(_request: Request, exc: Refusal) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else {}
        return _refusal_response(exc.status, exc.reason, exc.message, {**headers, **exc.headers}, exc.extra)

    @app.exception_handler(OperationalError)
    async def _db_down(_request: Request, exc: OperationalError) -> JSONResponse:
        log.warning("database unavailable: %s", exc)
        return _refusal_response(503, "storage_unavailable", "Máy chủ tạm thời không ghi được dữ liệu; thử lại sau.")

    @app.exception_handler(DBAPIError)
    async def _db_error(_request: Request, exc: DBAPIError) -> JSONResponse:
        log.warning("database error: %s", exc)
        return _refusal_response(503, "storage_error", "Máy chủ tạm thời không ghi được dữ liệu; thử lại sau.")

    def caller(request: Request, authorization: Annotated[str | None, Header()] = None) -> Caller:
        token = _bearer(authorization)
        if token is None:
            raise Refusal(401, "token_missing", "Thiếu mã truy cập (Authorization: Bearer …).")
        address = _address(request)
        with hub_db.lookup() as session:  # one Core statement (two with the lockout on), autocommit: no ORM
            locked = token_failures.check(session, address)
            if not locked.allowed:  # before the token is looked up: no more guesses from this address for a while
                raise Refusal(
                    429,
                    "too_many_failures",
                    f"Quá nhiều mã truy cập sai từ địa chỉ này; thử lại sau {locked.retry_after} giây.",
                    {"retry_after": locked.retry_after},
                    {"Retry-After": str(locked.retry_after)},
                )
            row = session.execute(_CALLER, {"token_hash": hash_token(token)}).first()
        if row is None or row.revoked_at is not None:
            token_failures.failed(address)
            log.warning("wrong or revoked token from %s", address)
            raise Refusal(401, "token_invalid", "Mã truy cập không đúng hoặc đã bị thu hồi.")
        # for the request log (RequestLog): who called, never the token
        request.state.client_label = (
            f"{row.id}:{row.agency_code}/{row.counter}" if row.role == "station" else f"{row.id}:reader"
        )
        request.state.station_id = row.station_uuid
        return Caller(
            row.id,
            row.role,
            row.agency_code,
            row.counter,
            row.station_uuid,
            bool(row.summaries_only),  # NULL: a reader, no agency
            row.agency_name,
            bool(row.files_enabled),
        )

    def station(who: Annotated[Caller, Depends(caller)]) -> Caller:
        if who.role != "station":
            raise Refusal(403, "not_a_station", "Mã truy cập này chỉ dùng để đọc báo cáo tổng hợp.")
        return who

    @app.get(f"{API}/health")
    def health() -> dict:
        with hub_db.read() as session:
            session.execute(text("SELECT 1"))
        return {"status": "ok", "time": utc_now(), "version": __version__}

    @app.get(f"{API}/me", response_model=MeOut, responses={401: {}, 403: {}})
    def me(who: Annotated[Caller, Depends(station)]) -> MeOut:
        return MeOut(
            role=who.role,
            client_id=who.client_id,
            agency=who.agency_code,
            agency_name=who.agency_name,
            counter=who.counter,
            station_id=who.station_uuid,
            summaries_only=who.summaries_only,
            files_enabled=who.files_enabled,
            max_batch=max_batch,
            server_time=utc_now(),
            version=__version__,
        )

    @app.post(
        f"{API}/events",
        response_model=PushResult,
        responses={401: {}, 403: {}, 413: {}, 422: {}, 503: {}},
        summary="Push a batch of the station's own events (idempotent)",
        openapi_extra=_EVENT_BATCH_BODY,
    )
    def push_events(
        request: Request,
        who: Annotated[Caller, Depends(station)],  # first: a caller without a valid token gets 401, not 422
        batch: Annotated[EventBatch, Depends(event_batch)],
    ) -> PushResult:
        request.state.station_id = who.station_uuid or batch.station_id.lower()  # the request log: the first push too
        agency = batch.agency.strip().upper()
        if agency != who.agency_code:
            raise Refusal(
                403,
                "other_agency",
                f"Mã truy cập thuộc cơ quan {who.agency_code}, không gửi được dữ liệu của {agency}.",
            )
        if len(batch.events) > max_batch:
            raise Refusal(413, "batch_too_large", f"Mỗi lần gửi tối đa {max_batch} sự kiện (gửi {len(batch.events)}).")
        if who.station_uuid is not None and who.station_uuid != batch.station_id:
            raise Refusal(403, "other_station", "Mã truy cập đã gắn với một máy trạm khác.")
        rows: list[dict] = []
        seen: set[str] = set()
        received = utc_now()
        prefix = agency + "-"
        for e in batch.events:
            if e.station_id != batch.station_id:
                raise Refusal(403, "other_station", f"Sự kiện {e.id} không phải của máy trạm đang gửi.")
            code = None
            if e.kind == EventKind.RECEIVED:
                code = e.payload.get("code")
                if not isinstance(code, str) or not code.startswith(prefix):
                    raise Refusal(403, "other_agency", f"Hồ sơ {code} không thuộc cơ quan {agency}.")
                parsed = parse_dossier_code(code)
                if parsed is None or parsed.agency != agency:
                    raise Refusal(422, "bad_code", f"Mã hồ sơ {code} không đúng dạng.")
                if who.counter is not None and parsed.sequence not in block_for_counter(who.counter):
                    raise Refusal(
                        403,
                        "other_counter",
                        f"Mã hồ sơ {code} không thuộc dải số của quầy {who.counter} (máy trạm đang gửi).",
                    )
            payload = _dumps(e.payload)
            if len(payload.encode("utf-8")) > MAX_EVENT_PAYLOAD:
                raise Refusal(
                    413, "event_too_large", f"Sự kiện {e.id} quá lớn (tối đa {MAX_EVENT_PAYLOAD // 1024} KiB dữ liệu)."
                )
            _check_payload_lengths(e.id, e.payload)
            key = e.id.lower()
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                {
                    "id": key,
                    "agency_code": agency,
                    "client_id": who.client_id,
                    "station_id": e.station_id.lower(),
                    "station_seq": e.station_seq,
                    "dossier_id": e.dossier_id.lower(),
                    "code": code,
                    "kind": e.kind.value,
                    "officer": e.officer,
                    "officer_id": e.officer_id.lower() if e.officer_id else None,
                    "occurred_at": _iso(e.occurred_at),
                    "recorded_at": _iso(e.recorded_at) if e.recorded_at else None,
                    "payload": payload,
                    "received_at": received,
                }
            )
        ids = [r["id"] for r in rows]
        new_ids: list[str] = []
        if months is not None:  # before the transaction: a month without its partition gets one (its own lock)
            months.ensure({month_of(e.occurred_at) for e in batch.events})
        try:
            with hub_db.write() as session:
                # One writer per agency at a time: hub_seq values become visible in order, so a reader's cursor
                # never steps over an event still being committed (SQLite serialises all writers anyway).
                summaries_only = session.execute(_LOCK_AGENCY, {"agency": agency}).scalar_one()
                if summaries_only:
                    raise Refusal(
                        403,
                        "summaries_only",
                        f"Cơ quan {agency} chỉ gửi số liệu tổng hợp: máy chủ không nhận sự kiện hồ sơ (có dữ liệu cá nhân).",
                    )
                if who.station_uuid is None:  # bound already: the token check compared it with the batch's
                    _bind_station(session, who, batch.station_id)
                _check_dossiers_belong(session, agency, rows, postgres)
                if rows:
                    new_ids = _insert_events(session, rows, postgres)
                    _check_duplicates_match(session, rows, set(new_ids), postgres)
                if ingest_hook is not None:
                    ingest_hook(ids)
        except IntegrityError as exc:  # a concurrent resend of the same events won the race: nothing written
            if months is not None and "no partition" in str(exc.orig):  # dropped by hand since this worker looked
                months.forget()
            log.info("concurrent push of the same events: %s", exc.orig)
            raise Refusal(503, "retry", "Lô sự kiện đang được ghi bởi một yêu cầu khác; gửi lại sau.") from None
        return PushResult(acknowledged=ids, stored=len(new_ids), duplicates=len(ids) - len(new_ids))

    @app.get(f"{API}/events", response_model=PullResult, responses={401: {}, 403: {}})
    def pull_events(
        who: Annotated[Caller, Depends(station)],
        after: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = 500,
    ) -> Response:
        if who.summaries_only:
            raise Refusal(
                403, "summaries_only", f"Cơ quan {who.agency_code} chỉ gửi số liệu tổng hợp: không chia sẻ sự kiện."
            )
        # One Core statement in autocommit (HubDatabase.lookup): rows as tuples, no ORM objects; a replica's
        # commits appear in the primary's order, so a cursor read there skips nothing.
        with hub_db.lookup(replica=True) as connection:
            rows = connection.execute(
                _PULL, {"agency": who.agency_code, "after": after, "client": who.client_id, "limit": limit + 1}
            ).all()
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = rows[-1].hub_seq if rows else after  # past everything looked at, shown or not
        if who.station_uuid:  # events of this very station pushed under an older token are its own already
            rows = [r for r in rows if r.station_id != who.station_uuid]
        events = [dict(zip(_PULL_HEAD, r[:-1])) for r in rows]
        return _pull_response(events, [r.payload for r in rows], cursor, more)

    @app.put(
        f"{API}/summaries/{{period}}", response_model=SummaryResult, responses={401: {}, 403: {}, 409: {}, 422: {}}
    )
    def put_summary(
        summary: SummaryIn,
        who: Annotated[Caller, Depends(station)],
        period: Annotated[str, Path(pattern=PERIOD_PATTERN, description="2026, 2026-Q4, 2026-11 or 2026-11-25")],
    ) -> SummaryResult:
        figures, groups = _dumps(summary.figures), _dumps(summary.groups)
        with hub_db.write() as session:
            existing = session.scalar(
                select(Summary).where(
                    Summary.client_id == who.client_id, Summary.period == period, Summary.revision == summary.revision
                )
            )
            stored = False
            if existing is not None:
                if existing.figures != figures or existing.groups != groups:
                    current = session.scalar(
                        select(func.max(Summary.revision)).where(
                            Summary.client_id == who.client_id, Summary.period == period
                        )
                    )
                    raise Refusal(
                        409,
                        "revision_used",
                        f"Lần sửa {summary.revision} của kỳ {period} đã được gửi với số liệu khác; hãy gửi lần sửa mới.",
                        {"current_revision": current},
                    )
            else:
                session.add(
                    Summary(
                        agency_code=who.agency_code,
                        client_id=who.client_id,
                        period=period,
                        revision=summary.revision,
                        figures=figures,
                        groups=groups,
                        computed_at=_iso(summary.computed_at),
                        received_at=utc_now(),
                    )
                )
                session.flush()
                stored = True
            current = session.scalar(
                select(func.max(Summary.revision)).where(Summary.client_id == who.client_id, Summary.period == period)
            )
        return SummaryResult(
            period=period, revision=summary.revision, current_revision=current or summary.revision, stored=stored
        )

    @app.get(
        f"{API}/reports/consolidated",
        response_model=ConsolidatedReport,
        responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}},
    )
    def consolidated(
        who: Annotated[Caller, Depends(caller)],
        period: Annotated[str, Query(pattern=PERIOD_PATTERN)],
        format: Annotated[str, Query(pattern="^(json|xlsx)$")] = "json",
    ) -> Any:
        from counter_app.hub.report import consolidated_report, report_xlsx

        only = None if who.role == "reader" else who.agency_code
        with hub_db.read_replica() as session:
            report = consolidated_report(session, period, only)
        if format == "xlsx":
            return Response(
                report_xlsx(report),
                media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                headers={"Content-Disposition": f'attachment; filename="bao-cao-tong-hop-{period}.xlsx"'},
            )
        return report

    # --- scans and result files (issue 13 item 5): only for an agency that enables them ---------------------

    def files_station(who: Annotated[Caller, Depends(station)]) -> Caller:
        if not who.files_enabled:
            raise Refusal(
                403,
                "files_disabled",
                f"Cơ quan {who.agency_code} chưa bật nhận tệp quét trên máy chủ (counter-app hub agency --files).",
            )
        return who

    @app.put(f"{API}/files/{{sha256}}", response_model=FileResult, responses={401: {}, 403: {}, 413: {}, 422: {}})
    def put_file(
        who: Annotated[Caller, Depends(files_station)],
        sha256: Annotated[str, Path(pattern="^[0-9a-f]{64}$")],
        data: Annotated[bytes, Body(media_type="application/octet-stream")],
    ) -> FileResult:
        media = sniff_media_type(data[:SNIFF_BYTES])
        if media is None:
            raise Refusal(422, "file_kind", "Tệp không phải PDF, JPEG hay PNG.")
        if hashlib.sha256(data).hexdigest() != sha256:
            raise Refusal(422, "file_hash", "Nội dung tệp không khớp mã băm SHA-256 đã ghi (tệp hỏng trên đường gửi?).")
        with hub_db.write() as session:
            if session.get(HubFile, (who.agency_code, sha256)) is not None:
                return FileResult(sha256=sha256, size=len(data), stored=False)
            session.add(
                HubFile(
                    agency_code=who.agency_code,
                    sha256=sha256,
                    client_id=who.client_id,
                    size=len(data),
                    media_type=media.name,
                    data=data,
                    received_at=utc_now(),
                )
            )
        return FileResult(sha256=sha256, size=len(data), stored=True)

    @app.get(f"{API}/files/{{sha256}}", responses={200: {"content": {"application/octet-stream": {}}}, 404: {}})
    def get_file(
        who: Annotated[Caller, Depends(files_station)], sha256: Annotated[str, Path(pattern="^[0-9a-f]{64}$")]
    ) -> Response:
        with hub_db.read() as session:  # only the agency's own files: another agency's hash is "not found"
            found = session.get(HubFile, (who.agency_code, sha256))
            if found is None:
                raise Refusal(404, "not_found", "Máy chủ không có tệp này của cơ quan.")
            return Response(found.data, media_type=found.media_type)

    @app.post(
        f"{API}/audit",
        response_model=AuditResult,
        responses={401: {}, 403: {}, 409: {}, 413: {}, 422: {}},
        summary="Push the station's audit entries; the hub checks them against the station's chain",
    )
    def push_audit(request: Request, batch: AuditBatch, who: Annotated[Caller, Depends(station)]) -> AuditResult:
        station_id = batch.station_id.lower()
        request.state.station_id = who.station_uuid or station_id
        agency = _check_scope(who, batch.agency, batch.counter, station_id)
        if len(batch.entries) > MAX_AUDIT_BATCH:
            raise Refusal(413, "batch_too_large", f"Mỗi lần gửi tối đa {MAX_AUDIT_BATCH} mục nhật ký.")
        entries = sorted(batch.entries, key=lambda e: e.seq)
        received = utc_now()
        with hub_db.write() as session:
            session.execute(select(Agency).where(Agency.code == agency).with_for_update()).scalar_one()
            _bind_station(session, who, station_id)
            stored_hashes = (
                dict(
                    session.execute(
                        select(HubAuditEntry.seq, HubAuditEntry.hash).where(
                            HubAuditEntry.station_id == station_id,
                            HubAuditEntry.seq.in_([e.seq for e in entries]),
                        )
                    ).all()
                )
                if entries
                else {}
            )
            last = session.execute(
                select(HubAuditEntry.seq, HubAuditEntry.hash)
                .where(HubAuditEntry.station_id == station_id)
                .order_by(HubAuditEntry.seq.desc())
                .limit(1)
            ).first()
            last_seq, last_hash = (last[0], last[1]) if last else (0, GENESIS)
            for e in entries:  # a resent entry must be the very one the hub holds
                if e.seq in stored_hashes and stored_hashes[e.seq] != e.hash:
                    raise _broken_chain(
                        station_id,
                        e.seq,
                        "khác với mục cùng số thứ tự máy chủ đã nhận (nhật ký đã bị sửa hoặc dữ liệu "
                        "máy trạm được khôi phục từ bản cũ)",
                    )
            new = [e for e in entries if e.seq not in stored_hashes]
            parsed = [(None, _audit_entry(station_id, e)) for e in new]
            _checked, problem = verify_chain(parsed, after_seq=last_seq, after_hash=last_hash)
            if problem is not None:
                raise _broken_chain(station_id, problem.seq, problem.reason)
            for _row_id, entry in parsed:
                session.add(
                    HubAuditEntry(
                        agency_code=agency,
                        client_id=who.client_id,
                        station_id=station_id,
                        seq=entry.seq,
                        at=entry.at.isoformat(timespec="seconds"),
                        at_utc=utc_key(entry.at),
                        officer_id=entry.officer_id,
                        officer_name=entry.officer_name,
                        action=entry.action,
                        target=entry.target,
                        detail=_dumps(entry.detail),
                        prev_hash=entry.prev_hash,
                        hash=entry.hash,
                        received_at=received,
                    )
                )
            session.flush()
            new_last = max([last_seq, *(e.seq for e in new)])
        return AuditResult(stored=len(new), duplicates=len(entries) - len(new), last_seq=new_last)

    @app.post(
        f"{API}/accounts",
        response_model=AccountPushResult,
        responses={401: {}, 403: {}, 413: {}, 422: {}},
        summary="Push versions of the agency's officer accounts made on this station",
    )
    def push_accounts(
        request: Request, batch: AccountBatch, who: Annotated[Caller, Depends(station)]
    ) -> AccountPushResult:
        station_id = batch.station_id.lower()
        request.state.station_id = who.station_uuid or station_id
        agency = _check_scope(who, batch.agency, batch.counter, station_id)
        if len(batch.accounts) > MAX_ACCOUNT_BATCH:
            raise Refusal(413, "batch_too_large", f"Mỗi lần gửi tối đa {MAX_ACCOUNT_BATCH} tài khoản.")
        for a in batch.accounts:
            if a.changed_station.lower() != station_id:
                raise Refusal(
                    403, "other_station", f"Tài khoản {a.username}: phiên bản này không do máy trạm đang gửi tạo."
                )
            if not PASSWORD_HASH.match(a.password_hash):
                raise Refusal(
                    422,
                    "not_a_hash",
                    f"Tài khoản {a.username}: password_hash phải là mã băm scrypt của máy trạm, không bao giờ là mật khẩu.",
                )
        acknowledged: list[str] = []
        refused: list[AccountRefused] = []
        received = utc_now()
        with hub_db.write() as session:
            session.execute(select(Agency).where(Agency.code == agency).with_for_update()).scalar_one()
            _bind_station(session, who, station_id)
            for a in batch.accounts:
                account_id = a.id.lower()
                changed_utc = utc_key(a.changed_at)
                owner = session.scalar(
                    select(HubAccountChange.account_id)
                    .where(HubAccountChange.agency_code == agency, HubAccountChange.username == a.username)
                    .order_by(HubAccountChange.hub_seq)
                    .limit(1)
                )
                if owner is not None and owner != account_id:
                    refused.append(
                        AccountRefused(
                            id=account_id,
                            username=a.username,
                            reason="username_taken",
                            detail=f"Tên đăng nhập {a.username} đã là của một tài khoản khác trong cơ quan {agency} "
                            "(tạo ở quầy khác): tài khoản này chỉ dùng được ở máy này; hãy tạo tài khoản với tên khác.",
                        )
                    )
                    continue
                foreign = session.scalar(
                    select(HubAccountChange.agency_code)
                    .where(HubAccountChange.account_id == account_id, HubAccountChange.agency_code != agency)
                    .limit(1)
                )
                if foreign is not None:
                    raise Refusal(403, "other_agency", f"Tài khoản {a.username} thuộc cơ quan khác.")
                audited = session.scalar(
                    select(HubAuditEntry.id).where(
                        HubAuditEntry.station_id == station_id,
                        HubAuditEntry.hash == a.audit_hash,
                        HubAuditEntry.target == a.username,
                        HubAuditEntry.action.like("account.%"),
                    )
                )
                if audited is None:
                    refused.append(
                        AccountRefused(
                            id=account_id,
                            username=a.username,
                            reason="unaudited",
                            detail=f"Tài khoản {a.username}: máy chủ chưa có mục nhật ký kiểm tra ghi thay đổi này "
                            "(gửi nhật ký trước, rồi gửi lại).",
                        )
                    )
                    continue
                existing = session.scalar(
                    select(HubAccountChange).where(
                        HubAccountChange.account_id == account_id,
                        HubAccountChange.changed_utc == changed_utc,
                        HubAccountChange.changed_station == station_id,
                    )
                )
                if existing is None:
                    session.add(
                        HubAccountChange(
                            agency_code=agency,
                            client_id=who.client_id,
                            account_id=account_id,
                            username=a.username,
                            display_name=a.display_name,
                            role=a.role,
                            password_hash=a.password_hash,
                            active=a.active,
                            must_change_password=a.must_change_password,
                            created_at=_iso(a.created_at),
                            changed_at=_iso(a.changed_at),
                            changed_utc=changed_utc,
                            changed_station=station_id,
                            audit_hash=a.audit_hash,
                            received_at=received,
                        )
                    )
                    session.flush()
                acknowledged.append(account_id)
        if refused:
            log.warning("account versions refused: %s", [(r.id, r.reason) for r in refused])
        return AccountPushResult(acknowledged=acknowledged, refused=refused)

    @app.get(f"{API}/accounts", response_model=AccountPullResult, responses={401: {}, 403: {}})
    def pull_accounts(
        who: Annotated[Caller, Depends(station)],
        after: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = 500,
    ) -> AccountPullResult:
        with hub_db.read() as session:
            rows = session.scalars(
                select(HubAccountChange)
                .where(HubAccountChange.agency_code == who.agency_code, HubAccountChange.hub_seq > after)
                .order_by(HubAccountChange.hub_seq)
                .limit(limit + 1)
            ).all()
        more = len(rows) > limit
        rows = rows[:limit]
        return AccountPullResult(
            accounts=[
                AccountOut(
                    hub_seq=r.hub_seq,
                    id=r.account_id,
                    username=r.username,
                    display_name=r.display_name,
                    role=r.role,
                    password_hash=r.password_hash,
                    active=r.active,
                    must_change_password=r.must_change_password,
                    created_at=datetime.fromisoformat(r.created_at),
                    changed_at=datetime.fromisoformat(r.changed_at),
                    changed_station=r.changed_station,
                    audit_hash=r.audit_hash,
                )
                for r in rows
            ],
            cursor=rows[-1].hub_seq if rows else after,
            more=more,
        )

    @app.get(f"{API}/public/status/{{code}}", response_model=PublicStatus, responses={404: {}, 429: {}})
    def public_status(
        request: Request,
        code: str,
        check: Annotated[
            str, Query(max_length=32, description="the check value printed on the receipt beside the code")
        ] = "",
    ) -> PublicStatus:
        from counter_app.hub.report import public_status as look_up

        allowed = lookups.take(_address(request))
        if not allowed.allowed:  # codes are sequential: a script must not walk them all
            raise Refusal(
                429,
                "rate_limited",
                f"Quá nhiều lượt tra cứu từ địa chỉ này; thử lại sau {allowed.retry_after} giây.",
                {"retry_after": allowed.retry_after},
                {"Retry-After": str(allowed.retry_after)},
            )

        # One answer for an unknown code, a known code without its check value and a wrong check value: the
        # look-up tells nothing about which codes exist.
        not_found = Refusal(404, "not_found", "Không tìm thấy hồ sơ với mã và mã kiểm tra này.")
        wanted = code.strip().upper()
        if len(wanted) > FIELD_LIMITS["dossier_code"] or not CODE_PATTERN.match(wanted):
            raise not_found
        with hub_db.read_replica() as session:
            found = look_up(session, wanted, check)
        if found is None:
            raise not_found
        return found

    # Signed slips (keys, public verification) and the portal hand-over: hub/slips_portal.py.
    from counter_app.hub.slips_portal import add_routes, load_portal_mapping

    mapping = load_portal_mapping(portal_mapping_file)
    add_routes(
        app,
        hub_db=hub_db,
        caller=caller,
        station=station,
        lookups=lookups,
        address=_address,
        refusal=Refusal,
        portal_mapping=lambda: mapping,
    )
    return app


_CALLER = (
    select(
        Client.id,
        Client.role,
        Client.agency_code,
        Client.counter,
        Client.station_uuid,
        Client.revoked_at,
        Agency.summaries_only,
        Agency.name.label("agency_name"),
        Agency.files_enabled,
    )
    .outerjoin(Agency, Agency.code == Client.agency_code)
    .where(Client.token_hash == bindparam("token_hash"))
)

# One writer per agency at a time (push_events): the agency's row locked until the batch commits.
_LOCK_AGENCY = select(Agency.summaries_only).where(Agency.code == bindparam("agency")).with_for_update()

_PULL = (
    select(
        HubEvent.hub_seq,
        HubEvent.id,
        HubEvent.dossier_id,
        HubEvent.station_id,
        HubEvent.station_seq,
        HubEvent.kind,
        HubEvent.officer,
        HubEvent.officer_id,
        HubEvent.occurred_at,
        HubEvent.recorded_at,
        HubEvent.payload,
    )
    .where(
        HubEvent.agency_code == bindparam("agency"),
        HubEvent.hub_seq > bindparam("after"),
        HubEvent.client_id != bindparam("client"),
    )
    .order_by(HubEvent.hub_seq)
    .limit(bindparam("limit"))
)

_PULL_HEAD = tuple(c.name for c in _PULL.selected_columns)[:-1]  # the payload is the last column


def _pull_response(events: list[dict], payloads: list[str], cursor: int, more: bool) -> Response:
    """The pull's JSON, with each stored payload put in as the JSON text it is stored as (written by _dumps when
    the event was pushed): no parse and re-encode of every payload on every pull, which was most of a pull's CPU
    time with several hundred stations pulling."""
    parts = []
    for event, payload in zip(events, payloads):
        head = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
        parts.append(f'{head[:-1]},"payload":{payload}}}')
    body = f'{{"events":[{",".join(parts)}],"cursor":{int(cursor)},"more":{"true" if more else "false"}}}'
    return Response(body.encode("utf-8"), media_type="application/json")


_EVENT_COLUMNS = (
    "id",
    "agency_code",
    "client_id",
    "station_id",
    "station_seq",
    "dossier_id",
    "code",
    "kind",
    "officer",
    "occurred_at",
    "recorded_at",
    "payload",
    "received_at",
    "officer_id",
)
_PG_TYPES = (
    "text",
    "text",
    "int",
    "text",
    "int",
    "text",
    "text",
    "text",
    "text",
    "text",
    "text",
    "text",
    "text",
    "text",
)


def _pg_insert_sql() -> str:
    """One statement whatever the batch size: the columns as arrays (PostgreSQL's fastest multi-row insert short of
    COPY, which cannot skip duplicates). hub_events is partitioned by month (hub/partitions.py), so the ids' unique
    guard is hub_event_ids: the batch's ids go there first, ON CONFLICT (id) DO NOTHING, and only the events whose
    id was new are inserted, in the batch's order (hub_seq follows the station's order)."""
    columns = ", ".join(_EVENT_COLUMNS)
    # %b: psycopg sends the arrays in PostgreSQL's binary format. In text format every element goes through a
    # regular expression that quotes it: 20-40 ms of the hub's CPU for a batch of 1,000 events (a profile of
    # pushes, docs/BENCHMARKS.md), against ~4 ms in binary.
    arrays = ", ".join(f"%b::{t}[]" for t in _PG_TYPES)
    return (
        f"WITH batch AS (SELECT * FROM unnest({arrays}) WITH ORDINALITY AS b({columns}, ord)), "
        "fresh AS (INSERT INTO hub_event_ids (id) SELECT id FROM batch ON CONFLICT (id) DO NOTHING RETURNING id) "
        f"INSERT INTO hub_events ({columns}, occurred_utc) "
        f"SELECT {', '.join(f'batch.{c}' for c in _EVENT_COLUMNS)}, batch.occurred_at::timestamptz "
        "FROM batch JOIN fresh ON fresh.id = batch.id ORDER BY batch.ord RETURNING id"
    )


_PG_INSERT = _pg_insert_sql()


_PG_CLAIM_DOSSIERS = (
    "INSERT INTO hub_dossiers (dossier_id, agency_code) SELECT DISTINCT unnest(%b::text[]), %s "
    "ON CONFLICT (dossier_id) DO NOTHING"
)
_PG_FOREIGN_DOSSIERS = (
    "SELECT dossier_id FROM hub_dossiers WHERE dossier_id = ANY(%b::text[]) AND agency_code <> %s LIMIT 5"
)


def _check_scope(who: Caller, agency_text: str, counter: int | None, station_id: str) -> str:
    """A station token writes only for its own agency, its own counter and its own station: 403 otherwise."""
    agency = agency_text.strip().upper()
    if agency != who.agency_code:
        raise Refusal(
            403, "other_agency", f"Mã truy cập thuộc cơ quan {who.agency_code}, không gửi được dữ liệu của {agency}."
        )
    if counter is not None and who.counter is not None and counter != who.counter:
        raise Refusal(
            403, "other_counter", f"Mã truy cập thuộc quầy {who.counter}, không gửi được dữ liệu của quầy {counter}."
        )
    if who.station_uuid is not None and who.station_uuid != station_id:
        raise Refusal(403, "other_station", "Mã truy cập đã gắn với một máy trạm khác.")
    return agency


def _bind_station(session, who: Caller, station_id: str) -> None:
    """The token's station: bound at its first write (a revoked token of the same PC hands it over); a token
    already bound to another station is refused."""
    station_id = station_id.lower()
    client = session.get(Client, who.client_id)
    assert client is not None
    if client.station_uuid is None:
        other = session.scalar(select(Client).where(Client.station_uuid == station_id))
        if other is not None and other.revoked_at is None:
            raise Refusal(403, "other_station", "Máy trạm này đã đăng ký với một mã truy cập khác.")
        if other is not None:  # a revoked token of the same PC: the new token takes the station over
            other.station_uuid = None
            session.flush()
        client.station_uuid = station_id
    elif client.station_uuid != station_id:
        raise Refusal(403, "other_station", "Mã truy cập đã gắn với một máy trạm khác.")


def _audit_entry(station_id: str, e: AuditEntryIn) -> AuditEntry:
    try:
        at = datetime.fromisoformat(e.at)
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        raise Refusal(
            422, "bad_time", f"Mục nhật ký số {e.seq}: thời điểm '{e.at}' không đúng dạng ISO 8601 có múi giờ."
        )
    return AuditEntry(
        station_id=station_id,
        seq=e.seq,
        at=at,
        officer_id=e.officer_id,
        officer_name=e.officer_name,
        action=e.action,
        target=e.target,
        detail=e.detail,
        prev_hash=e.prev_hash,
        hash=e.hash,
    )


def _broken_chain(station_id: str, seq: int, reason: str) -> Refusal:
    log.warning("audit chain of station %s refused at entry %d: %s", station_id, seq, reason)
    return Refusal(
        409,
        "audit_chain_broken",
        f"Nhật ký kiểm tra của máy trạm {station_id} bị từ chối tại mục số {seq}: {reason}. "
        "Máy chủ không nhận mục này và các mục sau; hãy chạy counter-app audit verify trên máy trạm.",
        {"station_id": station_id, "seq": seq},
    )


def _check_dossiers_belong(session, agency: str, rows: list[dict], postgres: bool = False) -> None:
    """Every event's dossier must be one of the pushing agency's: a station of agency A must not change what the
    public look-up says about a dossier of agency B (the fold reads every event of a dossier id).

    PostgreSQL: the dossier's agency is the first one that pushed an event of it, in hub_dossiers (one index probe
    a dossier, not one a dossier and a month's partition); the claim is part of the batch's transaction, so a
    refused batch claims nothing and two agencies racing for one dossier id meet on its primary key."""
    dossier_ids = sorted({r["dossier_id"] for r in rows})
    if not dossier_ids:
        return
    if postgres:
        connection = session.connection()
        connection.exec_driver_sql(_PG_CLAIM_DOSSIERS, (dossier_ids, agency))
        foreign = [r[0] for r in connection.exec_driver_sql(_PG_FOREIGN_DOSSIERS, (dossier_ids, agency))]
    else:
        foreign = session.scalars(
            select(HubEvent.dossier_id)
            .where(HubEvent.dossier_id.in_(dossier_ids), HubEvent.agency_code != agency)
            .limit(5)
        ).all()
    if foreign:
        raise Refusal(
            403,
            "other_agency_dossier",
            f"Hồ sơ {', '.join(sorted(set(foreign)))} thuộc cơ quan khác; không nhận sự kiện của cơ quan {agency} cho hồ sơ đó.",
            {"dossier_ids": sorted(set(foreign))},
        )


def _check_payload_lengths(event_id: str, payload: dict[str, Any]) -> None:
    """The payload's text fields within the lengths a station's store and validation allow (domain/field_limits):
    what a station could not have typed is refused (422), never stored and copied to every other station."""
    for key, field in PAYLOAD_FIELDS.items():
        value = payload.get(key)
        if isinstance(value, str) and len(value) > FIELD_LIMITS[field]:
            raise Refusal(
                422,
                "field_too_long",
                f"Sự kiện {event_id}: trường {key} dài quá {FIELD_LIMITS[field]} ký tự (có {len(value)}).",
                {"field": key, "limit": FIELD_LIMITS[field]},
            )


_COMPARED = ("station_id", "station_seq", "dossier_id", "kind", "officer", "occurred_at", "payload")


def _check_duplicates_match(session, rows: list[dict], new_ids: set[str], postgres: bool = False) -> None:
    """A resent event is welcome; an event id the hub has with OTHER content is a bug or a forgery: the whole
    batch is refused (409) and the conflicting ids are listed in the answer."""
    resent = {r["id"]: r for r in rows if r["id"] not in new_ids}
    if not resent:
        return
    if postgres:  # one array parameter: a list of 1,000 literals is planned once per monthly partition
        from sqlalchemy.dialects.postgresql import ARRAY

        wanted = HubEvent.id == any_(bindparam("ids", sorted(resent), type_=ARRAY(String)))
    else:
        wanted = HubEvent.id.in_(resent)
    stored = session.scalars(select(HubEvent).where(wanted)).all()
    conflicting = sorted(
        row.id
        for row in stored
        if any(getattr(row, c) != resent[row.id][c] for c in _COMPARED)
        # the account id: an event stored before stations sent it may come again with it
        or (row.officer_id is not None and row.officer_id != resent[row.id]["officer_id"])
    )
    if conflicting:
        log.warning("refused events whose id the hub has with other content: %s", conflicting)
        raise Refusal(
            409,
            "id_conflict",
            f"{len(conflicting)} sự kiện trùng mã với sự kiện đã có ở máy chủ nhưng khác nội dung; không ghi gì.",
            {"conflicting_ids": conflicting},
        )


def _insert_events(session, rows: list[dict], postgres: bool) -> list[str]:
    """INSERT … ON CONFLICT (id) DO NOTHING RETURNING id: the ids new to the hub (duplicates are skipped)."""
    if postgres:
        columns = tuple([row[c] for row in rows] for c in _EVENT_COLUMNS)
        return [r[0] for r in session.connection().exec_driver_sql(_PG_INSERT, columns)]
    from sqlalchemy.dialects.sqlite import insert

    table = HubEvent.__table__
    statement = insert(table).on_conflict_do_nothing(index_elements=["id"]).returning(table.c.id)
    return list(session.execute(statement, rows).scalars())
