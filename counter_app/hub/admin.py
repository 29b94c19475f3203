"""Hub administration: agencies, station tokens (stored hashed), readers of the consolidated report.

A token is `cah_` + 32 random bytes (URL-safe base64). The hub keeps only its SHA-256; the token itself is shown
once, when it is issued, and cannot be recovered from the hub's database.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from counter_app.domain.codes import MAX_COUNTER, MIN_COUNTER, is_valid_agency_code
from counter_app.hub.db import HubDatabase
from counter_app.hub.models import Agency, Client

TOKEN_PREFIX = "cah_"


class HubAdminError(ValueError):
    """A refused administration step; the message is a Vietnamese sentence for the operator."""


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    client_id: int
    role: str
    agency_code: str | None
    counter: int | None
    token: str


def ensure_agency(db: HubDatabase, code: str, name: str = "") -> None:
    code = code.strip().upper()
    if not is_valid_agency_code(code):
        raise HubAdminError(f"Mã cơ quan '{code}' không hợp lệ (chữ in hoa, chữ số và dấu chấm, ví dụ H61.22).")
    with db.write() as session:
        agency = session.get(Agency, code)
        if agency is None:
            session.add(Agency(code=code, name=name, summaries_only=False, created_at=utc_now()))
        elif name:
            agency.name = name


def set_agency(
    db: HubDatabase,
    code: str,
    *,
    summaries_only: bool | None = None,
    name: str | None = None,
    files_enabled: bool | None = None,
) -> Agency:
    ensure_agency(db, code)
    with db.write() as session:
        agency = session.get(Agency, code.strip().upper())
        assert agency is not None
        if summaries_only is not None:
            agency.summaries_only = summaries_only
        if files_enabled is not None:
            agency.files_enabled = files_enabled
        if name is not None:
            agency.name = name
        return agency


def add_station(db: HubDatabase, agency_code: str, counter: int | None = None, label: str = "") -> IssuedToken:
    """Issue a station token for `agency_code`; refuses a second active station with the same counter number."""
    code = agency_code.strip().upper()
    ensure_agency(db, code)
    with db.write() as session:
        taken = set(
            session.scalars(
                select(Client.counter).where(
                    Client.agency_code == code, Client.role == "station", Client.revoked_at.is_(None)
                )
            )
        )
        if counter is None:
            free = [n for n in range(MIN_COUNTER, MAX_COUNTER + 1) if n not in taken]
            if not free:
                raise HubAdminError(f"Cơ quan {code} đã có đủ {MAX_COUNTER} quầy.")
            counter = free[0]
        if not MIN_COUNTER <= counter <= MAX_COUNTER:
            raise HubAdminError(f"Số quầy phải từ {MIN_COUNTER} đến {MAX_COUNTER}.")
        if counter in taken:
            raise HubAdminError(
                f"Cơ quan {code} đã có máy trạm quầy {counter}: hai máy trạm không được trùng số quầy "
                "(mã hồ sơ sẽ trùng). Chọn số quầy khác hoặc thu hồi máy cũ (counter-app hub revoke)."
            )
        token = new_token()
        client = Client(
            role="station",
            agency_code=code,
            counter=counter,
            label=label,
            token_hash=hash_token(token),
            created_at=utc_now(),
        )
        session.add(client)
        session.flush()
        return IssuedToken(client.id, "station", code, counter, token)


def add_reader(db: HubDatabase, label: str = "") -> IssuedToken:
    """A token that may read the consolidated report of every agency (and nothing else)."""
    with db.write() as session:
        token = new_token()
        client = Client(role="reader", label=label, token_hash=hash_token(token), created_at=utc_now())
        session.add(client)
        session.flush()
        return IssuedToken(client.id, "reader", None, None, token)


def revoke(db: HubDatabase, client_id: int) -> Client:
    with db.write() as session:
        client = session.get(Client, client_id)
        if client is None:
            raise HubAdminError(f"Không có máy trạm/mã truy cập số {client_id}.")
        if client.revoked_at is None:
            client.revoked_at = utc_now()
        return client


def list_clients(db: HubDatabase) -> list[Client]:
    with db.read() as session:
        return list(session.scalars(select(Client).order_by(Client.agency_code, Client.counter, Client.id)))


def list_agencies(db: HubDatabase) -> list[Agency]:
    with db.read() as session:
        return list(session.scalars(select(Agency).order_by(Agency.code)))
