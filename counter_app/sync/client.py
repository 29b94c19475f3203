"""The station's HTTP client for the hub (httpx, explicit timeouts). Every failure becomes a HubError saying why."""

from __future__ import annotations

import ssl
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from counter_app import __version__
from counter_app.domain.transport import plain_http_host, station_refusal

# httpx is imported when a client is made, not with this module: the window imports the sync package at start
# (its status bar indicator), and a station with no hub never needs the library (~6 MB resident, issue 15 item 1).
if TYPE_CHECKING:
    import httpx

API = "/api/v1"
# Seconds (connect, read, write, pool), as httpx.Timeout takes them: 5 to connect, 15 for the rest.
DEFAULT_TIMEOUT = (5.0, 15.0, 15.0, 15.0)


class HubError(Exception):
    """Why a call to the hub did not go through.

    kind: 'unreachable' (no connection), 'timeout' (no answer in time), 'server' (5xx: retry later),
    'auth' (401: token missing or wrong), 'refused' (403: the hub's policy), 'too_large' (413), 'limited' (429:
    too many failed tokens or look-ups from this address; `retry_after` seconds), 'insecure' (plain http:// off
    the loopback, not allowed: nothing was sent), 'invalid' (422, 409 and other 4xx). `retry` says whether trying
    again later may succeed without anyone changing anything.
    """

    def __init__(
        self, kind: str, message: str, *, status: int | None = None, reason: str | None = None, body: Any = None
    ):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status
        self.reason = reason
        self.body = body
        self.retry_after: int | None = None

    @property
    def retry(self) -> bool:
        return self.kind in ("unreachable", "timeout", "server", "limited")


@dataclass(frozen=True)
class HubAnswer:
    body: Any
    clock_skew: float | None  # station clock minus hub clock, in seconds (from the Date header), None if unknown


def _detail(response: httpx.Response) -> tuple[str, str | None, Any]:
    try:
        body = response.json()
    except ValueError:
        return (response.text[:200] or response.reason_phrase), None, None
    if isinstance(body, dict):
        detail = body.get("detail")
        if isinstance(detail, list):  # FastAPI's 422: a list of field errors
            first = detail[0] if detail else {}
            where = ".".join(str(x) for x in first.get("loc", ()))
            return f"dữ liệu không hợp lệ ({where}: {first.get('msg', '')})", "invalid", body
        return str(detail or body), body.get("reason"), body
    return str(body), None, body


def tls_context() -> ssl.SSLContext:
    """Certificates checked against the operating system's trust store (Windows certificate store, macOS
    keychain, OpenSSL's paths on Linux) rather than certifi's bundle alone: an office behind a TLS-inspecting
    proxy, or with its own certificate authority installed by IT, syncs wherever its browsers work."""
    import truststore

    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class HubClient:
    def __init__(
        self,
        url: str,
        token: str,
        *,
        timeout: httpx.Timeout | float | tuple[float, float, float, float] = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        allow_plain_http: bool = False,
    ):
        """`allow_plain_http`: the station's setting hub.allow_plain_http; without it an http:// URL off the loopback
        is refused here, before anything (the token first of all) is sent."""
        self.url = url.rstrip("/")
        host = plain_http_host(self.url)
        if host is not None and not allow_plain_http:
            raise HubError("insecure", station_refusal(host))
        import httpx

        self._client = httpx.Client(
            base_url=self.url,
            timeout=timeout,
            verify=tls_context(),
            transport=transport,
            headers={"Authorization": f"Bearer {token}", "User-Agent": f"counter-app/{__version__}"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, *, raw: bool = False, **kwargs: Any) -> HubAnswer:
        """`raw`: the answer's bytes as the body (a file), not JSON."""
        import httpx

        sent = time.time()
        try:
            response = self._client.request(method, f"{API}{path}", **kwargs)
        except httpx.TimeoutException as exc:
            raise HubError("timeout", f"máy chủ không trả lời kịp ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise HubError(
                "unreachable", f"không kết nối được máy chủ {self.url} ({type(exc).__name__}: {exc})"
            ) from exc
        answered = time.time()
        skew = None
        date = response.headers.get("date")
        if date:
            try:
                hub_time = parsedate_to_datetime(date).timestamp()
                skew = (sent + answered) / 2 - hub_time  # the Date header has whole seconds: ±1 s
            except (TypeError, ValueError):
                skew = None
        if response.status_code >= 400:
            message, reason, body = _detail(response)
            status = response.status_code
            if status >= 500:
                kind = "server"
            elif status == 401:
                kind = "auth"
            elif status == 403:
                kind = "refused"
            elif status == 413:
                kind = "too_large"
            elif status == 429:
                kind = "limited"
            else:
                kind = "invalid"
            error = HubError(kind, message, status=status, reason=reason, body=body)
            retry_after = response.headers.get("retry-after", "")
            error.retry_after = int(retry_after) if retry_after.isdigit() else None
            raise error
        if raw:
            return HubAnswer(response.content, skew)
        try:
            body = response.json() if response.content else None
        except ValueError as exc:
            raise HubError("server", "máy chủ trả lời không đúng định dạng") from exc
        return HubAnswer(body, skew)

    def me(self) -> HubAnswer:
        return self._call("GET", "/me")

    def push_events(self, agency: str, station_id: str, events: list[dict]) -> HubAnswer:
        return self._call("POST", "/events", json={"agency": agency, "station_id": station_id, "events": events})

    def pull_events(self, after: int, limit: int = 500) -> HubAnswer:
        return self._call("GET", "/events", params={"after": after, "limit": limit})

    def push_audit(self, agency: str, station_id: str, counter: int | None, entries: list[dict]) -> HubAnswer:
        body = {"agency": agency, "station_id": station_id, "counter": counter, "entries": entries}
        return self._call("POST", "/audit", json=body)

    def push_accounts(self, agency: str, station_id: str, counter: int | None, accounts: list[dict]) -> HubAnswer:
        body = {"agency": agency, "station_id": station_id, "counter": counter, "accounts": accounts}
        return self._call("POST", "/accounts", json=body)

    def pull_accounts(self, after: int, limit: int = 500) -> HubAnswer:
        return self._call("GET", "/accounts", params={"after": after, "limit": limit})

    def put_summary(self, period: str, body: dict) -> HubAnswer:
        return self._call("PUT", f"/summaries/{period}", json=body)

    def put_file(self, sha256: str, data: bytes) -> HubAnswer:
        """Upload a scan or result file (the agency must have files enabled at the hub)."""
        return self._call("PUT", f"/files/{sha256}", content=data, headers={"Content-Type": "application/octet-stream"})

    def get_file(self, sha256: str) -> bytes:
        return self._call("GET", f"/files/{sha256}", raw=True).body

    def register_slip_key(self, body: dict) -> HubAnswer:
        return self._call("POST", "/slip-keys", json=body)

    def slip_keys(self) -> HubAnswer:
        return self._call("GET", "/slip-keys")

    def consolidated(self, period: str) -> HubAnswer:
        return self._call("GET", "/reports/consolidated", params={"period": period})
