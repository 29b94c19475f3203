"""SQLAlchemy 2 typed models of the local store.

Dossier events are the facts (append-only); the `dossiers` table is their projection, kept in the same
transaction as the event that changes it. Times are stored as ISO-8601 text with their UTC offset (what the
officer saw on the wall clock, and unambiguous), plus a UTC copy where rows must be ordered across stations.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from counter_app.domain.field_limits import FIELD_LIMITS

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class AwareDateTime(TypeDecorator[datetime]):
    """An aware datetime kept as ISO-8601 text with its offset ("2026-11-25T09:15:00+07:00")."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: attach the office offset first")
        return value.isoformat(timespec="seconds")

    def process_result_value(self, value: str | None, dialect: Any) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)


class IsoDate(TypeDecorator[date]):
    impl = String(10)
    cache_ok = True

    def process_bind_param(self, value: date | None, dialect: Any) -> str | None:
        return None if value is None else value.isoformat()

    def process_result_value(self, value: str | None, dialect: Any) -> date | None:
        return None if value is None else date.fromisoformat(value)


class IsoTime(TypeDecorator[time]):
    impl = String(8)
    cache_ok = True

    def process_bind_param(self, value: time | None, dialect: Any) -> str | None:
        return None if value is None else value.strftime("%H:%M")

    def process_result_value(self, value: str | None, dialect: Any) -> time | None:
        return None if value is None else time.fromisoformat(value)


class JsonText(TypeDecorator[Any]):
    """JSON kept as text, written with sorted keys so the same payload is the same bytes on every station."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        return None if value is None else json.loads(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Field(Base):
    """Lĩnh vực."""

    __tablename__ = "fields"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))


class ProcedureVersion(Base):
    """One version of a procedure (TTHC). A replaced procedure keeps its old rows; dossiers point at the
    version they were received under."""

    __tablename__ = "procedures"
    __table_args__ = (
        UniqueConstraint("code", "version", name="code_version"),
        CheckConstraint("duration >= 0", name="duration_non_negative"),
        CheckConstraint("unit IN ('working_days','working_hours','calendar_days')", name="unit_known"),
        CheckConstraint("trigger IN ('complete_dossier','fee_paid')", name="trigger_known"),
        Index("ix_procedures_code_current", "code", "retired"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(500))
    field_code: Mapped[str] = mapped_column(ForeignKey("fields.code"))
    level: Mapped[str] = mapped_column(String(32), default="provincial")
    duration: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(16), default="working_days")
    trigger: Mapped[str] = mapped_column(String(32), default="complete_dossier")
    cutoff: Mapped[time | None] = mapped_column(IsoTime, nullable=True)
    fee: Mapped[str] = mapped_column(Text, default="")
    online_level: Mapped[str] = mapped_column(String(32), default="một phần")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    result_place: Mapped[str] = mapped_column(String(255), default="")
    # Migration 0019: the version's fee schedule (domain.fees.FeeSchedule.to_json); None: none given.
    fees: Mapped[dict | None] = mapped_column(JsonText, nullable=True)
    # Migration 0020: the agency that decides this procedure's dossiers (empty: not said in the catalogue).
    deciding_agency: Mapped[str] = mapped_column(String(FIELD_LIMITS["deciding_agency"]), default="", server_default="")
    effective_from: Mapped[date | None] = mapped_column(IsoDate, nullable=True)
    effective_to: Mapped[date | None] = mapped_column(IsoDate, nullable=True)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)

    field: Mapped[Field] = relationship(lazy="joined")
    documents: Mapped[list[ProcedureDocument]] = relationship(
        back_populates="procedure", order_by="ProcedureDocument.position", cascade="all, delete-orphan"
    )


class ProcedureDocument(Base):
    __tablename__ = "procedure_documents"
    __table_args__ = (CheckConstraint("quantity >= 0", name="quantity_non_negative"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    copy_kind: Mapped[str] = mapped_column(String(32), default="original")
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    mandatory: Mapped[bool] = mapped_column(Boolean, default=True)

    procedure: Mapped[ProcedureVersion] = relationship(back_populates="documents")


class DossierEventRow(Base):
    """An immutable fact about a dossier. Rows with hub_ack_at NULL are the sync outbox (decision 2)."""

    __tablename__ = "dossier_events"
    __table_args__ = (
        UniqueConstraint("station_id", "station_seq", name="station_seq"),
        Index("ix_dossier_events_dossier", "dossier_id", "occurred_utc"),
        Index("ix_dossier_events_outbox", "hub_ack_at", "station_id", "station_seq"),
        # Migration 0019: the fee entries only (the register, the next receipt number).
        Index(
            "ix_dossier_events_fees",
            "occurred_utc",
            sqlite_where=text("kind IN ('fee_collected','fee_refunded','fee_cancelled')"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(String(FIELD_LIMITS["uuid"]))
    station_id: Mapped[str] = mapped_column(String(FIELD_LIMITS["uuid"]))
    station_seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(FIELD_LIMITS["event_kind"]))
    officer: Mapped[str] = mapped_column(String(FIELD_LIMITS["officer"]))
    # The account that recorded it (migration 0012); None before accounts, on a store without them, or from a hub
    # that does not send it.
    officer_id: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["uuid"]), nullable=True)
    occurred_at: Mapped[datetime] = mapped_column(AwareDateTime)
    occurred_utc: Mapped[str] = mapped_column(String(20))  # "YYYY-MM-DDTHH:MM:SSZ", sortable across offsets
    recorded_at: Mapped[datetime] = mapped_column(AwareDateTime)
    payload: Mapped[dict] = mapped_column(JsonText)
    hub_ack_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)


# The statuses of a dossier still being handled (domain.tracking.ACTIVE_STATUSES, what "overdue" means), as the
# literals of the partial index ix_dossiers_pending_received (migration 0023 writes the same text).
PENDING_STATUSES = ("received", "in_progress")
PENDING_WHERE = "+status IN ('received', 'in_progress')"
PENDING_INDEX_COLUMNS = ("status", "received_at", "code", "due_at", "procedure_code", "field_code", "channel")


class Dossier(Base):
    """Projection of a dossier's events: what lists, look-ups and reports read."""

    __tablename__ = "dossiers"
    __table_args__ = (
        CheckConstraint("channel IN ('direct','postal','online')", name="channel_known"),
        CheckConstraint("copies >= 1", name="copies_positive"),
        Index("ix_dossiers_received_day", "received_day"),
        # Migration 0007: received_at and code too, so a due window's page is chosen from the index alone.
        Index("ix_dossiers_status_due", "status", "due_at", "received_at", "code"),
        # Migration 0023: the dossiers still being handled, per status in received order, with every column a list
        # filter reads: the overdue page walks it from the newest and stops at a page (store.tracking.page_statement).
        # SQLite uses a partial index only when the query states this very term, literals (and unary +) included.
        Index(
            "ix_dossiers_pending_received",
            *PENDING_INDEX_COLUMNS,
            sqlite_where=text(PENDING_WHERE),
        ),
        # Migration 0004: list pages in received order per filter, look-ups by CCCD and phone. The FTS5 name
        # index (dossier_search) and its triggers are raw DDL there, unknown to this metadata.
        Index("ix_dossiers_received_at", "received_at"),
        Index("ix_dossiers_status_received", "status", "received_at"),
        Index("ix_dossiers_procedure_received", "procedure_code", "received_at"),
        Index("ix_dossiers_field_received", "field_code", "received_at"),
        # Partial since migration 0022: only the rows that have the value (most have no tax code or file location;
        # statistics over the others made SQLite walk the received_at index instead).
        Index("ix_dossiers_id_number", "id_number", sqlite_where=text("id_number IS NOT NULL")),
        Index("ix_dossiers_phone", "phone", sqlite_where=text("phone IS NOT NULL")),
        Index("ix_dossiers_tax_code", "tax_code", sqlite_where=text("tax_code IS NOT NULL")),  # migration 0011
        Index(  # migration 0020
            "ix_dossiers_file_location", "file_location_folded", sqlite_where=text("file_location_folded IS NOT NULL")
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(FIELD_LIMITS["dossier_code"]), unique=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"))
    procedure_code: Mapped[str] = mapped_column(String(FIELD_LIMITS["procedure_code"]))
    field_code: Mapped[str] = mapped_column(String(FIELD_LIMITS["field_code"]))
    channel: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(24))
    applicant_name: Mapped[str] = mapped_column(String(FIELD_LIMITS["applicant_name"]))
    applicant_folded: Mapped[str] = mapped_column(String(FIELD_LIMITS["applicant_name"]))
    organization: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["organization"]), nullable=True)
    id_number: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["id_number"]), nullable=True)
    # Migration 0011: the paper (cccd | cmnd | passport | other), its issuing country, the organisation's MST.
    id_type: Mapped[str | None] = mapped_column(String(16), nullable=True)
    id_country: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["id_country"]), nullable=True)
    tax_code: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["tax_code"]), nullable=True)
    # Migration 0014: from the CCCD card (its QR) or typed, checked by domain.personal.
    birth_date: Mapped[date | None] = mapped_column(IsoDate, nullable=True)
    sex: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["sex"]), nullable=True)
    id_issued_on: Mapped[date | None] = mapped_column(IsoDate, nullable=True)
    # Migration 0020: who decides it (catalogue or typed at intake) and where its paper file is kept (shelf/box,
    # folded for the search box, who stored it and when: the latest file_stored event or the return's).
    deciding_agency: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["deciding_agency"]), nullable=True)
    file_location: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["file_location"]), nullable=True)
    file_location_folded: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["file_location"]), nullable=True)
    file_stored_by: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["officer"]), nullable=True)
    file_stored_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    phone: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["phone"]), nullable=True)
    email: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["email"]), nullable=True)
    address: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["address"]), nullable=True)
    copies: Mapped[int] = mapped_column(Integer, default=1)
    documents: Mapped[list] = mapped_column(JsonText)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    result_delivery: Mapped[str] = mapped_column(String(16), default="counter")
    received_at: Mapped[datetime] = mapped_column(AwareDateTime)
    received_day: Mapped[date] = mapped_column(IsoDate)
    due_at: Mapped[datetime] = mapped_column(AwareDateTime)
    original_due_at: Mapped[datetime] = mapped_column(AwareDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    station_id: Mapped[str] = mapped_column(String(36))
    counter_number: Mapped[int] = mapped_column(Integer)
    officer: Mapped[str] = mapped_column(String(FIELD_LIMITS["officer"]))
    last_event_at: Mapped[datetime] = mapped_column(AwareDateTime)
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    # Lifecycle (migration 0002): the clock's pauses, where the dossier is, how handling ended.
    paused_since: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    pauses: Mapped[list] = mapped_column(JsonText, default=list, server_default="[]")
    location: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["unit"]), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    supplement_rounds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    extension_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    late: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    returned_late: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Digitised papers (migration 0015): scans attached of its papers, and whether the result's file is.
    scans: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    e_result: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Report (migration 0005): this dossier's contribution to report_counts as JSON [[day, column, delta], …],
    # kept only when its history is not described by the row alone (pauses, extensions, refusal, stop,
    # withdrawal); NULL: derived from the row (store/report_counts.py). A re-fold takes it away before adding
    # the new one.
    report_trace: Mapped[list | None] = mapped_column(JsonText, nullable=True)

    procedure: Mapped[ProcedureVersion] = relationship(lazy="raise")


class CodeSequence(Base):
    """Last sequence number a counter issued on a day (its block is set by the counter number)."""

    __tablename__ = "code_sequences"

    agency_code: Mapped[str] = mapped_column(String(FIELD_LIMITS["agency_code"]), primary_key=True)
    day: Mapped[date] = mapped_column(IsoDate, primary_key=True)
    counter_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_sequence: Mapped[int] = mapped_column(Integer)


class IntakeRequestRow(Base):
    """An intake made with `--request-id` (migration 0008): a script that retries the same request gets the first
    dossier back, never a second one. Written in the intake's own transaction; the primary key is the unique index."""

    __tablename__ = "intake_requests"

    request_id: Mapped[str] = mapped_column(String(FIELD_LIMITS["request_id"]), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"))
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)


class DossierStatusCount(Base):
    """How many dossiers are in each status (migration 0023): kept by triggers on `dossiers` (insert, a change of
    status, delete; raw DDL there, unknown to this metadata) in the transaction of the write, whatever wrote it. The
    list's count with no filter or by status alone reads it instead of walking an index (store.tracking.count)."""

    __tablename__ = "dossier_status_counts"
    __table_args__ = ({"sqlite_with_rowid": False},)

    status: Mapped[str] = mapped_column(String(24), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class DossierPendingDueDay(Base):
    """How many dossiers still being handled (PENDING_STATUSES) are due on each office day, per status (migration
    0024): kept by triggers on `dossiers` (insert, a change of status or due_at, delete; raw DDL there) in the
    transaction of the write, whatever wrote it; a day's row goes when its count falls to zero. The overdue count
    sums the days before today instead of walking an index entry per overdue dossier (store.tracking.count)."""

    __tablename__ = "dossier_pending_due_days"
    __table_args__ = ({"sqlite_with_rowid": False},)

    status: Mapped[str] = mapped_column(String(24), primary_key=True)
    due_day: Mapped[str] = mapped_column(String(10), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ReportCount(Base):
    """Counts the period report is computed from, per day, month and year (migration 0005, docs/REPORTS.md).

    Maintained by store/report_counts.py in the same transaction as every event; grain '*' is the marker row
    "rebuild these counts from the events before reading them"."""

    __tablename__ = "report_counts"
    __table_args__ = (
        CheckConstraint("grain IN ('d', 'm', 'y', '*')", name="grain_known"),
        {"sqlite_with_rowid": False},
    )

    grain: Mapped[str] = mapped_column(String(1), primary_key=True)
    start: Mapped[str] = mapped_column(String(10), primary_key=True)
    field_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    procedure_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The station that received the dossiers counted here (migration 0010): a station's summary for the hub.
    station_id: Mapped[str] = mapped_column(String(36), primary_key=True, default="", server_default="")
    received_direct: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    received_postal: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    received_online: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed_early: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed_on_time: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed_late: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed_refused: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed_stopped: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed_withdrawn: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    overdue_change: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # What the report choices (settings reports.*) move between the columns above (migration 0013).
    closed_on_day_early: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    excused_early: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    excused_on_day_early: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    excused_late: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    returned_late_early: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    returned_late_on_time: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    returned_late_on_day_early: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    overdue_paused_change: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class GuidanceSlip(Base):
    """A form 02 (phiếu hướng dẫn hoàn thiện hồ sơ) given to a citizen whose dossier was NOT received because
    mandatory papers were missing (migration 0009). No dossier, no code: counted as "hướng dẫn" in the reports."""

    __tablename__ = "guidance_slips"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    issued_at: Mapped[datetime] = mapped_column(AwareDateTime, index=True)
    station_id: Mapped[str] = mapped_column(String(36))
    officer: Mapped[str] = mapped_column(String(FIELD_LIMITS["officer"]))
    procedure_code: Mapped[str] = mapped_column(String(FIELD_LIMITS["procedure_code"]))
    procedure_name: Mapped[str] = mapped_column(Text)
    field_code: Mapped[str] = mapped_column(String(FIELD_LIMITS["field_code"]))
    applicant_name: Mapped[str] = mapped_column(String(FIELD_LIMITS["applicant_name"]))
    phone: Mapped[str | None] = mapped_column(String(FIELD_LIMITS["phone"]), nullable=True)
    address: Mapped[str | None] = mapped_column(Text, nullable=True)
    missing: Mapped[Any] = mapped_column(JsonText)  # [{"name", "copy_kind", "quantity"}]
    reason: Mapped[str] = mapped_column(Text, default="")
    print_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Account(Base):
    """An officer's account on this station (migration 0012). The password is kept only as a scrypt hash."""

    __tablename__ = "accounts"
    __table_args__ = (CheckConstraint("role IN ('officer','supervisor','admin')", name="role_known"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(150))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    # True after an admin set the password: the officer is asked for a new one at the next sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    changed_at: Mapped[datetime] = mapped_column(AwareDateTime)
    # The sync of accounts between the agency's counters (migration 0018): where this version was made, the audit
    # entry that recorded it, and when the hub confirmed it (None: still to send).
    changed_station: Mapped[str | None] = mapped_column(String(36), nullable=True)
    change_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hub_ack_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)


class RecoveryCode(Base):
    """A one-time code printed by `counter-app accounts recovery` on this PC, kept as a hash until used or expired."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime)
    used_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)


class AuditRow(Base):
    """One entry of the append-only audit trail (migration 0012; domain/audit.py): triggers refuse UPDATE and
    DELETE, and each entry carries the SHA-256 of the station's previous one."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        UniqueConstraint("station_id", "seq", name="audit_station_seq"),
        Index("ix_audit_entries_at", "at_utc"),
        Index("ix_audit_entries_officer", "officer_id", "at_utc"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(AwareDateTime)
    at_utc: Mapped[str] = mapped_column(String(20))
    officer_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    officer_name: Mapped[str] = mapped_column(String(150))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict] = mapped_column(JsonText)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class SlipKey(Base):
    """A station's Ed25519 public key for the signed QR on slips (migration 0017; domain/slip_code.py): this
    station's own keys (origin 'own', current and former: old slips stay checkable after a new key) and the agency's
    other stations' keys pulled from the hub (origin 'hub'). Private keys are never in the store."""

    __tablename__ = "slip_keys"
    __table_args__ = (CheckConstraint("origin IN ('own','hub')", name="origin_known"),)

    key_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))  # base64url of the raw 32 bytes
    agency_code: Mapped[str] = mapped_column(String(FIELD_LIMITS["agency_code"]))
    counter: Mapped[int | None] = mapped_column(Integer, nullable=True)
    origin: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    # When the hub acknowledged the key (origin 'own'); None: still to register at the next sync.
    registered_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
