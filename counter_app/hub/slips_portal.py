"""The hub's routes for signed slips (issue 13 item 6) and the hand-over to the national portal (item 7).

    POST /api/v1/slip-keys                  a station registers its public key (its own token: its agency, counter)
    GET  /api/v1/slip-keys                  the agency's stations' public keys (a station verifies offline)
    GET  /api/v1/public/verify-slip?text=…  the verdict on a slip's QR text (JSON; no token; rate-limited)
    GET  /verify?text=…                     the same as a page for a phone (Vietnamese; no token; rate-limited)
    GET  /api/v1/portal/dossiers?day=…      the dossiers that moved that day as portal records (domain/portal.py):
                                            a reader token (the province's integration) sees every agency, or
                                            `agency=`; a station token its own agency only

The verdicts are domain/slip_code.py's, as on a station; what the hub knows of the dossier now (its appointment
and status) is what it merges from the events, never anything personal.
"""

import html
import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from counter_app.domain import slip_code
from counter_app.domain.calendar import OFFICE_TZ, as_office_time
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.merge import merge_events
from counter_app.domain.portal import FORMAT, PortalMapping, portal_record, portal_time
from counter_app.domain.slip_code import CurrentDossier, KnownKey
from counter_app.domain.state import STATUS_LABELS
from counter_app.hub.admin import utc_now
from counter_app.hub.models import HubEvent, HubSlipKey

API = "/api/v1"
KEY_ID_PATTERN = r"^[A-Za-z0-9_-]{8}$"


class SlipKeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key_id: str = Field(pattern=KEY_ID_PATTERN)
    public_key: str = Field(min_length=43, max_length=44, description="base64url of the raw 32-byte Ed25519 key")
    created_at: str | None = Field(default=None, max_length=40)


def ed25519_ok(public_key: bytes, message: bytes, signature: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _event(row: HubEvent) -> DossierEvent:
    return DossierEvent(
        id=row.id,
        dossier_id=row.dossier_id,
        station_id=row.station_id,
        station_seq=row.station_seq,
        kind=EventKind(row.kind),
        officer=row.officer,
        occurred_at=datetime.fromisoformat(row.occurred_at),
        payload=json.loads(row.payload),
    )


def verify_text(session, text: str) -> slip_code.Verdict:
    """The verdict on `text` with the keys and dossiers the hub holds."""

    def find_key(kid: str) -> KnownKey | None:
        row = session.get(HubSlipKey, kid)
        if row is None:
            return None
        return KnownKey(row.key_id, slip_code.b64url_decode(row.public_key), row.agency_code, row.counter)

    def current(code: str) -> CurrentDossier | None:
        dossier_id = session.scalar(
            select(HubEvent.dossier_id).where(HubEvent.code == code).order_by(HubEvent.hub_seq).limit(1)
        )
        if dossier_id is None:
            return None
        rows = session.scalars(select(HubEvent).where(HubEvent.dossier_id == dossier_id)).all()
        state = merge_events(_event(r) for r in rows).state
        if state is None:
            return None
        return CurrentDossier(as_office_time(state.due_at).date(), STATUS_LABELS[state.status])

    return slip_code.judge(text, find_key, ed25519_ok, current)


_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kiểm tra giấy tiếp nhận, phiếu trả kết quả</title>
<style>body{{font-family:sans-serif;max-width:36em;margin:1em auto;padding:0 1em}}textarea{{width:100%}}
.ok{{color:#064;border-left:4px solid #064;padding-left:.6em}}.no{{color:#900;border-left:4px solid #900;padding-left:.6em}}</style>
</head><body><h1>Kiểm tra giấy tiếp nhận hồ sơ / phiếu trả kết quả</h1>
<p>Quét mã QR trên giấy bằng điện thoại, dán nội dung (bắt đầu bằng CA1|…) vào ô dưới rồi bấm Kiểm tra.</p>
<form method="get" action="/verify"><textarea name="text" rows="4">{text}</textarea>
<p><button type="submit">Kiểm tra</button></p></form>{verdict}</body></html>"""


def add_routes(
    app: FastAPI,
    *,
    hub_db,
    caller: Callable,
    station: Callable,
    lookups,
    address: Callable[[Request], str],
    refusal: type[Exception],
    portal_mapping: Callable[[], PortalMapping],
) -> None:
    """Add this module's routes to the hub app (hub/app.py create_app passes its dependencies in)."""

    def limited(request: Request) -> None:
        allowed = lookups.take(address(request))
        if not allowed.allowed:  # the same bucket as the public status look-up
            raise refusal(
                429,
                "rate_limited",
                f"Quá nhiều lượt tra cứu từ địa chỉ này; thử lại sau {allowed.retry_after} giây.",
                {"retry_after": allowed.retry_after},
                {"Retry-After": str(allowed.retry_after)},
            )

    @app.post(f"{API}/slip-keys", responses={401: {}, 403: {}, 409: {}, 422: {}})
    def register_slip_key(key: SlipKeyIn, who: Annotated[Any, Depends(station)]) -> dict:
        try:
            public = slip_code.b64url_decode(key.public_key)
        except ValueError:
            public = b""
        if len(public) != slip_code.PUBLIC_KEY_BYTES or slip_code.key_id(public) != key.key_id:
            raise refusal(422, "bad_key", "Khoá công khai không hợp lệ hoặc không khớp mã khoá.")
        with hub_db.write() as session:
            row = session.get(HubSlipKey, key.key_id)
            if row is not None:
                if row.public_key != key.public_key or row.agency_code != who.agency_code:
                    raise refusal(409, "key_taken", "Mã khoá này đã được đăng ký cho một máy trạm khác.")
                return {"key_id": key.key_id, "stored": False}
            session.add(
                HubSlipKey(
                    key_id=key.key_id,
                    public_key=key.public_key,
                    agency_code=who.agency_code,
                    counter=who.counter,
                    client_id=who.client_id,
                    registered_at=utc_now(),
                )
            )
        return {"key_id": key.key_id, "stored": True}

    @app.get(f"{API}/slip-keys", responses={401: {}, 403: {}})
    def slip_keys(who: Annotated[Any, Depends(station)]) -> dict:
        with hub_db.read() as session:
            rows = session.scalars(
                select(HubSlipKey).where(HubSlipKey.agency_code == who.agency_code).order_by(HubSlipKey.registered_at)
            ).all()
            keys = [
                {"key_id": r.key_id, "public_key": r.public_key, "agency": r.agency_code, "counter": r.counter}
                for r in rows
            ]
        return {"keys": keys}

    @app.get(f"{API}/public/verify-slip", responses={429: {}})
    def public_verify_slip(request: Request, text: Annotated[str, Query(max_length=1000)]) -> dict:
        limited(request)
        with hub_db.read() as session:
            return verify_text(session, text).as_dict()

    @app.get("/verify", response_class=HTMLResponse, responses={429: {}})
    def verify_page(request: Request, text: Annotated[str, Query(max_length=1000)] = "") -> HTMLResponse:
        shown = ""
        if text.strip():
            limited(request)
            with hub_db.read() as session:
                verdict = verify_text(session, text)
            css, head = ("ok", "Phiếu thật") if verdict.genuine else ("no", "Không hợp lệ")
            shown = f'<p class="{css}"><b>{head}.</b> {html.escape(verdict.message)}</p>'
        return HTMLResponse(_PAGE.format(text=html.escape(text), verdict=shown))

    @app.get(f"{API}/portal/dossiers", responses={401: {}, 403: {}})
    def portal_dossiers(
        who: Annotated[Any, Depends(caller)],
        day: Annotated[date, Query(description="the office day (YYYY-MM-DD): dossiers with an event that day")],
        agency: Annotated[str | None, Query(max_length=40)] = None,
    ) -> dict:
        if who.role != "reader":
            if agency is not None and agency != who.agency_code:
                raise refusal(403, "other_agency", "Mã truy cập của máy trạm chỉ xem được hồ sơ của cơ quan mình.")
            agency = who.agency_code
        mapping = portal_mapping()
        end = datetime.combine(day + timedelta(days=1), datetime.min.time(), OFFICE_TZ)
        records: list[dict] = []
        with hub_db.read() as session:
            # Stations write office time (+07:00): the text range is the day with a day's margin each side, and the
            # exact day is checked on the parsed moment.
            query = select(HubEvent.dossier_id, HubEvent.occurred_at, HubEvent.kind).where(
                HubEvent.occurred_at >= (day - timedelta(days=1)).isoformat(),
                HubEvent.occurred_at < (day + timedelta(days=2)).isoformat(),
            )
            if agency is not None:
                query = query.where(HubEvent.agency_code == agency)
            moved: dict[str, None] = {}
            for dossier_id, occurred_at, kind in session.execute(query.order_by(HubEvent.hub_seq)):
                if kind != EventKind.SLIP_PRINTED and as_office_time(datetime.fromisoformat(occurred_at)).date() == day:
                    moved.setdefault(dossier_id, None)
            for dossier_id in moved:
                rows = session.scalars(select(HubEvent).where(HubEvent.dossier_id == dossier_id)).all()
                record = portal_record([_event(r) for r in rows], mapping, until=end - timedelta(seconds=1))
                if record is not None:
                    records.append(record)
        return {
            "format": FORMAT,
            "agency": agency,
            "day": day.isoformat(),
            "generated_at": portal_time(datetime.now(OFFICE_TZ)),
            "mapping_version": mapping.version,
            "count": len(records),
            "dossiers": records,
        }


def load_portal_mapping(override=None) -> PortalMapping:
    """The bundled mapping tables (resources/portal/mapping.json) with `override` (a JSON file: only what it changes)
    over them; MappingError when they cannot be used (the hub refuses to start with a bad file)."""
    from pathlib import Path

    from counter_app.domain.portal import load_mapping, merge_mapping
    from counter_app.resources import resource_path

    data = json.loads(resource_path("portal", "mapping.json").read_text(encoding="utf-8"))
    if override is not None:
        data = merge_mapping(data, json.loads(Path(override).read_text(encoding="utf-8")))
    return load_mapping(data, str(override or "mapping.json"))
