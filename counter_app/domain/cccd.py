"""The QR code on the chip CCCD card (căn cước công dân gắn chip), as a USB scanner types it.

`ID12|oldID9|FULL NAME|ddmmyyyy|Nam/Nữ|address|ddmmyyyy`: the 12-digit personal number, the old 9-digit CMND
(may be empty), the full name, the date of birth, the sex, the permanent address and the card's issue date.
Read offline: nothing is looked up anywhere.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

FIELD_COUNT = 7
SEXES = {"nam": "Nam", "nữ": "Nữ", "nu": "Nữ"}


@dataclass(frozen=True)
class CccdCard:
    id_number: str
    old_id_number: str
    full_name: str
    birth_date: date
    sex: str  # "Nam" / "Nữ"
    address: str
    issued_on: date


def _date(text: str) -> date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        return None


def parse_cccd_qr(text: str) -> CccdCard | None:
    """The card's fields, or None when the text is not a CCCD QR (a dossier code, a person typing…)."""
    parts = [p.strip() for p in unicodedata.normalize("NFC", text).strip().split("|")]
    if len(parts) != FIELD_COUNT:
        return None
    id_number, old_id, name, born, sex, address, issued = parts
    if len(id_number) != 12 or not id_number.isdigit():
        return None
    if old_id and (len(old_id) != 9 or not old_id.isdigit()):
        return None
    birth_date, issued_on = _date(born), _date(issued)
    sex_value = SEXES.get(sex.lower())
    if not name or birth_date is None or issued_on is None or sex_value is None:
        return None
    return CccdCard(
        id_number, old_id, " ".join(name.split()), birth_date, sex_value, " ".join(address.split()), issued_on
    )
