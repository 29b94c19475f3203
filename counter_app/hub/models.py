"""The hub's own tables (separate from a station's store): agencies, station tokens, events, period summaries.

Plain portable types only, so the same models and migrations run on PostgreSQL (production) and SQLite
(a one-office or development hub). Times are ISO-8601 text in UTC; payloads and figures are JSON text with
sorted keys, exactly as the stations sent them.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from counter_app.domain.field_limits import FIELD_LIMITS

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT on PostgreSQL; SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class HubBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Agency(HubBase):
    __tablename__ = "hub_agencies"

    code: Mapped[str] = mapped_column(String(FIELD_LIMITS["agency_code"]), primary_key=True)
    name: Mapped[str] = mapped_column(Text, default="")
    # A provincial reporting hub: the agency's stations send period summaries only, never events (which carry
    # applicants' names, ID numbers and phones).
    summaries_only: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[str] = mapped_column(String(32))
    # Scans and result files go to the hub only when the agency enables it (migration h0002; off by default).
    files_enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Client(HubBase):
    """A token holder: a station of one agency (role 'station') or a provincial reader of reports ('reader')."""

    __tablename__ = "hub_clients"
    __table_args__ = (Index("ix_hub_clients_agency_counter", "agency_code", "counter"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(16), default="station")
    agency_code: Mapped[str | None] = mapped_column(ForeignKey("hub_agencies.code"), nullable=True)
    counter: Mapped[int | None] = mapped_column(Integer, nullable=True)
    label: Mapped[str] = mapped_column(Text, default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the token; never the token
    # The station's own id (settings station.id), bound at its first push: its events must all carry it.
    station_uuid: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["uuid"]), unique=True, nullable=True)
    created_at: Mapped[str] = mapped_column(String(32))
    revoked_at: Mapped[str | None] = mapped_column(String(32), nullable=True)


class HubEvent(HubBase):
    """One dossier event, stored once whatever how often it is pushed (unique on the event UUID)."""

    __tablename__ = "hub_events"
    __table_args__ = (
        Index("ix_hub_events_agency_seq", "agency_code", "hub_seq"),
        Index("ix_hub_events_dossier", "dossier_id"),
        Index("ix_hub_events_code", "code"),
    )

    hub_seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)  # the pull cursor
    id: Mapped[str] = mapped_column(String(FIELD_LIMITS["uuid"]), unique=True)
    agency_code: Mapped[str] = mapped_column(String(FIELD_LIMITS["agency_code"]))
    client_id: Mapped[int] = mapped_column(Integer)
    station_id: Mapped[str] = mapped_column(String(FIELD_LIMITS["uuid"]))
    station_seq: Mapped[int] = mapped_column(Integer)
    dossier_id: Mapped[str] = mapped_column(String(FIELD_LIMITS["uuid"]))
    # set on intake events (status look-up)
    code: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["dossier_code"]), nullable=True)
    kind: Mapped[str] = mapped_column(String(FIELD_LIMITS["event_kind"]))
    officer: Mapped[str] = mapped_column(String(FIELD_LIMITS["officer"]))  # the name shown on paper
    occurred_at: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(32))
    # The officer's account (h0005); None for events of a store without accounts, or pushed by an older station.
    officer_id: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["uuid"]), nullable=True)


class Summary(HubBase):
    """One revision of a station's period summary; the latest revision of each station and period counts."""

    __tablename__ = "hub_summaries"
    __table_args__ = (
        UniqueConstraint("client_id", "period", "revision", name="client_period_revision"),
        Index("ix_hub_summaries_agency_period", "agency_code", "period"),
        Index("ix_hub_summaries_period", "period", "client_id", "revision"),  # h0002: the report of every agency
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(FIELD_LIMITS["agency_code"]))
    client_id: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(16))
    revision: Mapped[int] = mapped_column(Integer)
    figures: Mapped[str] = mapped_column(Text)  # JSON {"name": count, ...}
    groups: Mapped[str] = mapped_column(Text, default="{}")  # JSON {"group": {"name": count}}
    computed_at: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[str] = mapped_column(String(32))


class RateLimitRow(HubBase):
    """The rate limits' state of one client address (hub/limits.py, migration h0002): shared by every worker
    process of the hub, so an address gets one allowance and one lockout whichever worker answers it."""

    __tablename__ = "hub_rate_limits"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # 'lookup' or 'token'
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)  # lookup: what is left in the bucket
    at: Mapped[float] = mapped_column(Float)  # seconds: the bucket's last refill, the last failure
    failures: Mapped[str] = mapped_column(Text)  # token: JSON list of the failure times within the window
    locked_until: Mapped[float] = mapped_column(Float)  # token: refused until then (seconds)


class HubFile(HubBase):
    """A scan or result file of an agency's dossier (the agency enabled files), once per agency by its SHA-256."""

    __tablename__ = "hub_files"

    agency_code: Mapped[str] = mapped_column(String(FIELD_LIMITS["agency_code"]), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[int] = mapped_column(Integer)  # the station that sent it first
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[str] = mapped_column(String(32))


class HubSlipKey(HubBase):
    """A station's Ed25519 public key for the signed QR on its slips (domain/slip_code.py), registered by the station
    with its own token: bound to that token's agency and counter. Kept after the station gets a new key, so its
    older slips still verify."""

    __tablename__ = "hub_slip_keys"
    __table_args__ = (Index("ix_hub_slip_keys_agency", "agency_code"),)

    key_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))  # base64url of the raw 32 bytes
    agency_code: Mapped[str] = mapped_column(String(FIELD_LIMITS["agency_code"]))
    counter: Mapped[int | None] = mapped_column(Integer, nullable=True)
    client_id: Mapped[int] = mapped_column(Integer)
    registered_at: Mapped[str] = mapped_column(String(32))


class HubAuditEntry(HubBase):
    """One entry of a station's audit trail (h0005), exactly as the station chained it (domain/audit.py): the hub
    checks every pushed entry against the one before it and refuses a chain that does not fit."""

    __tablename__ = "hub_audit_entries"
    __table_args__ = (
        UniqueConstraint("station_id", "seq", name="station_seq"),
        Index("ix_hub_audit_entries_agency", "agency_code", "at_utc"),
        Index("ix_hub_audit_entries_hash", "station_id", "hash"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    agency_code: Mapped[str] = mapped_column(String(FIELD_LIMITS["agency_code"]))
    client_id: Mapped[int] = mapped_column(Integer)
    station_id: Mapped[str] = mapped_column(String(FIELD_LIMITS["uuid"]))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(32))  # as the station wrote it (office time with its offset)
    at_utc: Mapped[str] = mapped_column(String(32))
    officer_id: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["uuid"]), nullable=True)
    officer_name: Mapped[str] = mapped_column(String(150))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text)  # JSON, sorted keys
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[str] = mapped_column(String(32))


class HubAccountChange(HubBase):
    """One version of an officer account of an agency, as a station pushed it (h0005); append-only. Stations pull
    the changes after their cursor and keep, per account, the version with the latest (changed_at, station).
    Never a password: only the station's scrypt hash of it."""

    __tablename__ = "hub_account_changes"
    __table_args__ = (
        UniqueConstraint("account_id", "changed_utc", "changed_station", name="account_version"),
        Index("ix_hub_account_changes_agency_seq", "agency_code", "hub_seq"),
        Index("ix_hub_account_changes_username", "agency_code", "username"),
    )

    hub_seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)  # the pull cursor
    agency_code: Mapped[str] = mapped_column(String(FIELD_LIMITS["agency_code"]))
    client_id: Mapped[int] = mapped_column(Integer)
    account_id: Mapped[str] = mapped_column(String(FIELD_LIMITS["uuid"]))
    username: Mapped[str] = mapped_column(String(32))
    display_name: Mapped[str] = mapped_column(String(150))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean)
    must_change_password: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[str] = mapped_column(String(32))
    changed_utc: Mapped[str] = mapped_column(String(32))
    changed_station: Mapped[str] = mapped_column(String(FIELD_LIMITS["uuid"]))
    audit_hash: Mapped[str] = mapped_column(String(64))  # the station's audit entry that recorded this change
    received_at: Mapped[str] = mapped_column(String(32))
