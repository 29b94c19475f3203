"""One table of field lengths (domain/field_limits.py) for the services, the station's schema and the hub's: every
column holding a field of the table has exactly its width, every typed field is refused one character past it with
a Vietnamese message, and the hub refuses (422) a payload field the station could not have stored — on SQLite and
PostgreSQL. A new text column must be classified here, so the places cannot drift apart (issue 14)."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import String

from counter_app.domain.field_limits import FIELD_LIMITS, PAYLOAD_FIELDS
from counter_app.hub.models import HubBase
from counter_app.store.models import Base

# (table, column) -> the table entry it holds, for every bounded text column of both schemas.
COLUMNS = {
    ("dossier_events", "id"): "uuid",
    ("dossier_events", "dossier_id"): "uuid",
    ("dossier_events", "station_id"): "uuid",
    ("dossier_events", "kind"): "event_kind",
    ("dossier_events", "officer"): "officer",
    ("dossier_events", "officer_id"): "uuid",
    ("dossiers", "id"): "uuid",
    ("dossiers", "code"): "dossier_code",
    ("dossiers", "procedure_code"): "procedure_code",
    ("dossiers", "field_code"): "field_code",
    ("dossiers", "applicant_name"): "applicant_name",
    ("dossiers", "applicant_folded"): "applicant_name",
    ("dossiers", "organization"): "organization",
    ("dossiers", "id_number"): "id_number",
    ("dossiers", "id_country"): "id_country",
    ("dossiers", "tax_code"): "tax_code",
    ("dossiers", "sex"): "sex",
    ("dossiers", "phone"): "phone",
    ("dossiers", "email"): "email",
    ("dossiers", "address"): "address",
    ("dossiers", "station_id"): "uuid",
    ("dossiers", "officer"): "officer",
    ("dossiers", "location"): "unit",
    ("dossiers", "deciding_agency"): "deciding_agency",  # migration 0020
    ("dossiers", "file_location"): "file_location",
    ("dossiers", "file_location_folded"): "file_location",
    ("dossiers", "file_stored_by"): "officer",
    ("code_sequences", "agency_code"): "agency_code",
    ("intake_requests", "request_id"): "request_id",
    ("intake_requests", "dossier_id"): "uuid",
    ("guidance_slips", "id"): "uuid",
    ("guidance_slips", "station_id"): "uuid",
    ("guidance_slips", "officer"): "officer",
    ("guidance_slips", "procedure_code"): "procedure_code",
    ("guidance_slips", "field_code"): "field_code",
    ("guidance_slips", "applicant_name"): "applicant_name",
    ("guidance_slips", "phone"): "phone",
    ("hub_agencies", "code"): "agency_code",
    ("hub_clients", "agency_code"): "agency_code",
    ("hub_clients", "station_uuid"): "uuid",
    ("hub_events", "id"): "uuid",
    ("hub_events", "agency_code"): "agency_code",
    ("hub_events", "station_id"): "uuid",
    ("hub_events", "dossier_id"): "uuid",
    ("hub_events", "code"): "dossier_code",
    ("hub_events", "kind"): "event_kind",
    ("hub_events", "officer"): "officer",
    ("hub_events", "officer_id"): "uuid",
    ("hub_summaries", "agency_code"): "agency_code",
}
# Text columns of those tables that hold no typed field: the program writes them from a closed set.
INTERNAL = {
    ("dossier_events", "occurred_utc"),
    ("dossiers", "channel"),
    ("dossiers", "status"),
    ("dossiers", "id_type"),
    ("dossiers", "result_delivery"),
    ("dossiers", "outcome"),
    ("intake_requests", "fingerprint"),
    ("hub_clients", "role"),
    ("hub_clients", "token_hash"),
    ("hub_clients", "created_at"),
    ("hub_clients", "revoked_at"),
    ("hub_agencies", "created_at"),
    ("hub_events", "occurred_at"),
    ("hub_events", "recorded_at"),
    ("hub_events", "received_at"),
    ("hub_summaries", "period"),
    ("hub_summaries", "computed_at"),
    ("hub_summaries", "received_at"),
}
CHECKED_TABLES = {table for table, _ in COLUMNS}


def _string_columns():
    for metadata in (Base.metadata, HubBase.metadata):
        for table in metadata.tables.values():
            if table.name not in CHECKED_TABLES:
                continue
            for column in table.columns:
                if isinstance(column.type, String) and column.type.length is not None:
                    yield table.name, column.name, column.type.length


def test_every_bounded_column_has_the_width_of_its_field() -> None:
    seen = set()
    for table, column, width in _string_columns():
        key = (table, column)
        if key in INTERNAL:
            continue
        assert key in COLUMNS, f"{table}.{column} (VARCHAR({width})): add it to domain/field_limits and COLUMNS"
        assert width == FIELD_LIMITS[COLUMNS[key]], f"{table}.{column} is {width}, the table says {COLUMNS[key]}"
        seen.add(key)
    assert seen == set(COLUMNS)  # every listed column exists


def test_the_hub_checks_with_the_same_table() -> None:
    from counter_app.domain.codes import MAX_AGENCY_CODE
    from counter_app.hub.app import EventBatch, EventIn

    def max_length(model, name: str) -> int:
        return next(m.max_length for m in model.model_fields[name].metadata if hasattr(m, "max_length"))

    assert max_length(EventIn, "officer") == FIELD_LIMITS["officer"]
    assert max_length(EventBatch, "agency") == FIELD_LIMITS["agency_code"]
    assert MAX_AGENCY_CODE + len("-261125-1001") == FIELD_LIMITS["dossier_code"]
    assert set(PAYLOAD_FIELDS.values()) <= set(FIELD_LIMITS)


def test_the_services_refuse_one_character_past_the_table(services, clock) -> None:
    from counter_app.domain.identity import IdType
    from counter_app.domain.validation import ValidationError
    from counter_app.services.intake import IntakeRequest
    from counter_app.services.settings import SettingsError

    procedure = services.catalogue.procedures(clock().date())[0]

    def intake(**fields) -> None:
        base = {"procedure_code": procedure.code, "applicant_name": "Nguyễn Thị Hương", "received_at": clock()}
        services.intake.intake(IntakeRequest(**{**base, **fields}))

    cases = {
        "applicant_name": "A" * (FIELD_LIMITS["applicant_name"] + 1),
        "organization": "C" * (FIELD_LIMITS["organization"] + 1),
        "address": "Đ" * (FIELD_LIMITS["address"] + 1),
        "note": "n" * (FIELD_LIMITS["note"] + 1),
        "email": "a" * (FIELD_LIMITS["email"] - 9) + "@x.gov.vn" + "n",
    }
    for field, value in cases.items():
        with pytest.raises(ValidationError) as caught:
            intake(**{field: value})
        error = caught.value.for_field(field)
        assert error is not None and f"{FIELD_LIMITS[field]} ký tự" in error.message, (field, caught.value.message)
    with pytest.raises(ValidationError) as caught:
        intake(id_type=IdType.PASSPORT, id_number="P" * (FIELD_LIMITS["id_number"] + 1), id_country="Nhật Bản")
    assert caught.value.for_field("id_number") is not None
    with pytest.raises(SettingsError, match=f"{FIELD_LIMITS['officer']} ký tự"):
        services.settings.set("officer.name", "B" * (FIELD_LIMITS["officer"] + 1))
    # exactly at the limit is accepted, and stored whole
    result = services.intake.intake(
        IntakeRequest(
            procedure_code=procedure.code,
            applicant_name="Á" * FIELD_LIMITS["applicant_name"],
            address="Đ" * FIELD_LIMITS["address"],
            received_at=clock(),
        )
    )
    detail = services.dossiers.detail(result.code)
    assert detail.applicant_name == "Á" * FIELD_LIMITS["applicant_name"]


@pytest.fixture
def hub(hub_db_url: str):
    from sync_harness import HubThread

    from counter_app.hub import admin
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database

    db = open_hub_database(hub_db_url)
    token = admin.add_station(db, "H61.22", counter=1).token
    with HubThread(create_app(db=db)) as server:
        server.token = token
        yield server
    db.dispose()


def test_the_hub_refuses_what_a_station_could_not_have_stored(hub) -> None:
    station = str(uuid.uuid4())

    def push(seq: int, officer: str = "Cán bộ A", **payload) -> httpx.Response:
        body = {"code": f"H61.22-261125-{1000 + seq}", "applicant_name": "Nguyễn Thị Hương", **payload}
        event = {
            "id": str(uuid.uuid4()),
            "dossier_id": str(uuid.uuid4()),
            "station_id": station,
            "station_seq": seq,
            "kind": "received",
            "officer": officer,
            "occurred_at": "2026-11-25T09:00:00+07:00",
            "payload": body,
        }
        return httpx.post(
            f"{hub.url}/api/v1/events",
            json={"agency": "H61.22", "station_id": station, "events": [event]},
            headers={"Authorization": f"Bearer {hub.token}"},
            timeout=10,
        )

    too_long = push(1, applicant_name="A" * (FIELD_LIMITS["applicant_name"] + 1))
    assert too_long.status_code == 422 and too_long.json()["reason"] == "field_too_long"
    assert too_long.json()["field"] == "applicant_name" and too_long.json()["limit"] == FIELD_LIMITS["applicant_name"]
    assert push(1, note="n" * (FIELD_LIMITS["note"] + 1)).json()["field"] == "note"
    assert push(1, officer="B" * (FIELD_LIMITS["officer"] + 1)).status_code == 422
    # exactly at every limit: stored (PostgreSQL's VARCHAR(n) would refuse one more)
    fitting = push(
        1,
        officer="B" * FIELD_LIMITS["officer"],
        applicant_name="Á" * FIELD_LIMITS["applicant_name"],
        address="Đ" * FIELD_LIMITS["address"],
    )
    assert fitting.status_code == 200 and fitting.json()["stored"] == 1
