"""How many characters each field may hold: ONE table, read by the services' validation (and their Vietnamese
messages), the station store's schema (store/models.py), the hub's schema (hub/models.py) and the hub's checks of
what a station sends (hub/app.py). A station never stores what its hub would refuse, nor the hub what its columns
cannot hold; tests/test_field_limits.py compares every place so they cannot drift apart.

Lengths are in characters (Unicode code points after NFC normalisation), as PostgreSQL's VARCHAR(n) counts them.
"""

from __future__ import annotations

FIELD_LIMITS: dict[str, int] = {
    # identities and codes
    "uuid": 36,  # dossier, event and station ids
    "dossier_code": 40,  # {agency code}-{yymmdd}-{sequence}
    "agency_code": 40,  # the column; a code an office types is shorter still (codes.MAX_AGENCY_CODE)
    "procedure_code": 64,
    "field_code": 32,
    "event_kind": 32,
    "request_id": 100,  # intake --request-id
    # what the officer types
    "officer": 150,
    "applicant_name": 150,
    "organization": 250,
    "id_number": 30,
    "id_country": 60,
    "tax_code": 14,
    "sex": 3,  # Nam | Nữ (domain.personal)
    "phone": 15,
    "email": 254,
    "address": 300,
    "unit": 200,  # the unit a dossier is handed to / is at (dossiers.location)
    "note": 1000,
    "reason": 1000,
    "result": 1000,
    # representatives, the deciding agency, the return and the paper file (issue 13 items 2-3)
    "representative_name": 150,
    "relationship": 100,
    "authorisation": 300,
    "deciding_agency": 255,
    "result_kind": 200,
    "result_number": 100,
    "tracking_number": 40,
    "file_location": 100,
}

# The dossier code's tail after the agency code: "-yymmdd-" and up to 4 digits of sequence at the counter's block.
CODE_TAIL = len("-261125-1001")

# Fields of an event's payload (JSON) the hub checks against the table, with the table entry each one uses.
PAYLOAD_FIELDS: dict[str, str] = {
    "code": "dossier_code",
    "procedure_code": "procedure_code",
    "field_code": "field_code",
    "applicant_name": "applicant_name",
    "organization": "organization",
    "id_number": "id_number",
    "id_country": "id_country",
    "tax_code": "tax_code",
    "sex": "sex",
    "phone": "phone",
    "email": "email",
    "address": "address",
    "note": "note",
    "reason": "reason",
    "result": "result",
    "from_unit": "unit",
    "to_unit": "unit",
    "receiver": "applicant_name",
    "receiver_id": "id_number",
    "representative_name": "representative_name",
    "representative_id": "id_number",
    "relationship": "relationship",
    "authorisation": "authorisation",
    "deciding_agency": "deciding_agency",
    "result_kind": "result_kind",
    "result_number": "result_number",
    "tracking_number": "tracking_number",
    "file_location": "file_location",
}


def limit(field: str) -> int:
    return FIELD_LIMITS[field]


def too_long(field: str, value: str) -> str | None:
    """Why `value` is too long for `field`, in Vietnamese; None when it fits."""
    maximum = FIELD_LIMITS[field]
    if len(value) <= maximum:
        return None
    return f"dài quá {maximum} ký tự (hiện có {len(value)})."
