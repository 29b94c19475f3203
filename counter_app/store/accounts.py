"""Queries of the accounts and recovery codes (models Account, RecoveryCode; migration 0012)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.store.models import Account, RecoveryCode


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Account)) or 0


def all_accounts(session: Session) -> list[Account]:
    return list(session.scalars(select(Account).order_by(Account.username)))


def by_username(session: Session, username: str) -> Account | None:
    return session.scalar(select(Account).where(Account.username == username))


def by_id(session: Session, account_id: str) -> Account | None:
    return session.get(Account, account_id)


def active_admins(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Account).where(Account.role == "admin", Account.active.is_(True))
        )
        or 0
    )


def add(session: Session, account: Account) -> None:
    session.add(account)
    session.flush()


def add_recovery_code(session: Session, code_hash: str, created_at: datetime, expires_at: datetime) -> None:
    session.add(RecoveryCode(code_hash=code_hash, created_at=created_at, expires_at=expires_at))
    session.flush()


def open_recovery_codes(session: Session) -> list[RecoveryCode]:
    """Codes not used yet (the caller checks their expiry against its clock)."""
    return list(session.scalars(select(RecoveryCode).where(RecoveryCode.used_at.is_(None))))
