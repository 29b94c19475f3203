"""Queries of the stations' public keys for the signed QR on slips (model SlipKey; migration 0017)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.store.models import SlipKey


def by_id(session: Session, key_id: str) -> SlipKey | None:
    return session.get(SlipKey, key_id)


def all_keys(session: Session) -> list[SlipKey]:
    return list(session.scalars(select(SlipKey).order_by(SlipKey.created_at, SlipKey.key_id)))


def unregistered_own(session: Session) -> list[SlipKey]:
    return list(session.scalars(select(SlipKey).where(SlipKey.origin == "own", SlipKey.registered_at.is_(None))))


def add(session: Session, key: SlipKey) -> None:
    session.add(key)
    session.flush()


def mark_registered(session: Session, key_id: str, at: datetime) -> None:
    row = session.get(SlipKey, key_id)
    if row is not None and row.registered_at is None:
        row.registered_at = at
