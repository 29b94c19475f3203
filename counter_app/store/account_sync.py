"""The station's side of sharing officer accounts and the audit trail with the hub (issue 12).

Accounts: each local change is a version (changed_at, changed_station) recorded by an audit entry (change_hash) and
sent once (hub_ack_at). Versions pulled from the hub are applied by one deterministic rule, the same on every
counter: the later `changed_at` wins; at the same second, the greater station id. A pulled account whose user name
is taken here by another account is not applied (reported): two people never share a sign-in.

Audit: this station's own entries, in sequence order after the last one the hub confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from counter_app.domain.audit import AuditEntry
from counter_app.domain.merge import utc_key
from counter_app.store import audit as audit_rows
from counter_app.store.models import Account, AuditRow

SYNC_OFFICER_NAME = "Máy trạm (đồng bộ)"


# --- audit entries ------------------------------------------------------------------------------------------


def audit_outbox(session: Session, station_id: str, after_seq: int, limit: int) -> list[AuditEntry]:
    rows = session.scalars(
        select(AuditRow)
        .where(AuditRow.station_id == station_id, AuditRow.seq > after_seq)
        .order_by(AuditRow.seq)
        .limit(limit)
    )
    return [audit_rows.entry_from_row(row) for row in rows]


def audit_to_wire(entry: AuditEntry) -> dict:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="seconds"),
        "officer_id": entry.officer_id,
        "officer_name": entry.officer_name,
        "action": entry.action,
        "target": entry.target,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


# --- accounts: sending ---------------------------------------------------------------------------------------


def publish_unrecorded(session: Session, station_id: str, at: datetime) -> int:
    """Accounts waiting to be sent whose version no entry of THIS station's trail records (made before accounts
    were shared, or before the station had its id): an entry "account.publish" records them now."""
    rows = session.scalars(
        select(Account).where(
            Account.hub_ack_at.is_(None),
            or_(Account.change_hash.is_(None), Account.changed_station.is_(None), Account.changed_station == ""),
        )
    ).all()
    for row in rows:
        entry = audit_rows.append(
            session,
            station_id=station_id,
            at=at,
            officer_id=None,
            officer_name=SYNC_OFFICER_NAME,
            action="account.publish",
            target=row.username,
            detail={"role": row.role, "active": row.active},
        )
        row.changed_station = station_id
        row.change_hash = entry.hash
    session.flush()
    return len(rows)


def account_outbox(session: Session, station_id: str, limit: int) -> list[Account]:
    return list(
        session.scalars(
            select(Account)
            .where(Account.hub_ack_at.is_(None), Account.changed_station == station_id)
            .order_by(Account.changed_at, Account.id)
            .limit(limit)
        )
    )


def account_to_wire(row: Account) -> dict:
    return {
        "id": row.id,
        "username": row.username,
        "display_name": row.display_name,
        "role": row.role,
        "password_hash": row.password_hash,  # the scrypt hash: a password never leaves the station
        "active": row.active,
        "must_change_password": row.must_change_password,
        "created_at": row.created_at.isoformat(timespec="seconds"),
        "changed_at": row.changed_at.isoformat(timespec="seconds"),
        "changed_station": row.changed_station,
        "audit_hash": row.change_hash,
    }


def mark_accounts_sent(session: Session, sent: list[dict], acknowledged: set[str], at: datetime) -> int:
    """The versions the hub confirmed (a version changed here meanwhile stays to send)."""
    done = 0
    for item in sent:
        if item["id"] not in acknowledged:
            continue
        row = session.get(Account, item["id"])
        if row is not None and row.change_hash == item["audit_hash"] and row.hub_ack_at is None:
            row.hub_ack_at = at
            done += 1
    return done


# --- accounts: receiving -------------------------------------------------------------------------------------


def version_key(changed_at: datetime, changed_station: str | None) -> tuple[str, str]:
    """The order of two versions of one account, the same on every counter: later change, then greater station."""
    return (utc_key(changed_at), (changed_station or "").lower())


@dataclass
class AccountsApplied:
    applied: list[str] = field(default_factory=list)  # user names changed or added here
    kept: int = 0  # versions older than (or the same as) the one here
    refused: list[str] = field(default_factory=list)  # Vietnamese sentences


def apply_remote_accounts(
    session: Session, items: list[dict], own_station: str, now: datetime, audit_at: datetime
) -> AccountsApplied:
    """Apply pulled versions (`now`: the hub's confirmation stamp; `audit_at`: office time of the audit entries)."""
    outcome = AccountsApplied()
    for item in items:
        changed_at = datetime.fromisoformat(item["changed_at"])
        remote = version_key(changed_at, item["changed_station"])
        row = session.get(Account, item["id"])
        if row is not None and version_key(row.changed_at, row.changed_station or own_station) >= remote:
            outcome.kept += 1
            continue
        holder = session.scalar(select(Account).where(Account.username == item["username"]))
        if holder is not None and holder.id != item["id"]:
            outcome.refused.append(
                f"Tài khoản {item['username']} của quầy khác trùng tên đăng nhập với một tài khoản của máy này: "
                "không nhận về; tài khoản của máy này chỉ dùng được tại đây."
            )
            continue
        if row is None:
            row = Account(id=item["id"], created_at=datetime.fromisoformat(item["created_at"]))
            session.add(row)
        row.username = item["username"]
        row.display_name = item["display_name"]
        row.role = item["role"]
        row.password_hash = item["password_hash"]
        row.active = bool(item["active"])
        row.must_change_password = bool(item.get("must_change_password"))
        row.changed_at = changed_at
        row.changed_station = item["changed_station"]
        row.change_hash = item["audit_hash"]
        row.hub_ack_at = now  # came from the hub: nothing to send back
        session.flush()
        audit_rows.append(
            session,
            station_id=own_station,
            at=audit_at,
            officer_id=None,
            officer_name=SYNC_OFFICER_NAME,
            action="account.synced",
            target=row.username,
            detail={
                "account_id": row.id,
                "role": row.role,
                "active": row.active,
                "from_station": item["changed_station"],
                "audit_hash": item["audit_hash"],
            },
        )
        outcome.applied.append(row.username)
    return outcome
