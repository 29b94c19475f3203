"""Identity papers and tax codes as they really are at a counter: checked where the law gives a structure, recorded
as typed where it does not.

- CCCD / personal identification number (`cccd`): 12 digits = 3-digit code of the province of birth registration
  (the official table, resources/identity/cccd_province_codes.json, Circular 59/2021/TT-BCA Phụ lục I) + 1 digit for
  century and sex + 2 digits of the birth year + 6 digits. The birth year may not be after the current year (of the
  clock passed in, never the machine's date).
- CMND (`cmnd`): the old 9-digit identity card, still accepted while cards in circulation remain valid.
- Passport (`passport`) and other papers (`other`: residence card, driving licence of a foreigner …): recorded as
  typed (outer spaces trimmed, NFC), with the issuing country, which is required.
- Tax code of an organisation (MST): 10 digits whose last one is the check digit (weights 31 29 23 19 17 13 7 5 3,
  check = 10 − sum mod 11), or 13 digits = those 10 + a 3-digit branch number, written with or without "-"
  (stored as NNNNNNNNNN-NNN, the form printed on registration certificates). Digits 3–9 are a sequence from
  0000001. The structure is Circular 105/2020/TT-BTC, Art. 5; the check digit's weights are not in the circular:
  they are the ones python-stdnum uses (stdnum/vn/mst.py, whose doctests 0100233488 and 0314409058-002 are
  checked in tests/test_representation.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from counter_app.domain.field_limits import FIELD_LIMITS
from counter_app.domain.text import normalize_text
from counter_app.resources import resource_path


class IdType(StrEnum):
    CCCD = "cccd"
    CMND = "cmnd"
    PASSPORT = "passport"
    OTHER = "other"


ID_TYPE_LABELS = {
    IdType.CCCD: "CCCD/Căn cước",
    IdType.CMND: "CMND",
    IdType.PASSPORT: "Hộ chiếu",
    IdType.OTHER: "Giấy tờ khác",
}
# Papers whose number is recorded as typed; the issuing country is required for them.
FREE_FORM_TYPES = frozenset({IdType.PASSPORT, IdType.OTHER})
MAX_FREE_FORM = FIELD_LIMITS["id_number"]
MAX_COUNTRY = FIELD_LIMITS["id_country"]
_FREE_FORM = re.compile(r"^[0-9A-Za-z][0-9A-Za-z ./\-]*$")
_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_TAX_13 = re.compile(r"^(\d{10})-?(\d{3})$")


class IdentityError(ValueError):
    """A number that does not fit its paper; str() is the Vietnamese reason (without the field's label), `field`
    the input it is about (id_number, or id_country for a missing issuing country)."""

    def __init__(self, message: str, field: str = "id_number"):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ProvinceTable:
    codes: dict[str, str]
    source: str
    century: dict[str, tuple[int, str]]  # digit -> (first year of the century, sex)


@lru_cache(maxsize=1)
def province_table() -> ProvinceTable:
    data = json.loads(resource_path("identity", "cccd_province_codes.json").read_text(encoding="utf-8"))
    century = {k: (int(v[0]), str(v[1])) for k, v in data["century_sex_digit"]["digits"].items()}
    return ProvinceTable(dict(data["codes"]), data["source"], century)


@dataclass(frozen=True)
class CccdFacts:
    province_code: str
    province: str
    birth_year: int
    sex: str


def check_cccd(number: str, current_year: int) -> CccdFacts:
    """The facts a 12-digit CCCD number encodes; raises IdentityError naming what is wrong."""
    if not number.isdigit() or len(number) != 12:
        raise IdentityError("số CCCD phải gồm đúng 12 chữ số.")
    table = province_table()
    code = number[:3]
    province = table.codes.get(code)
    if province is None:
        raise IdentityError(
            f"mã tỉnh {code} (3 chữ số đầu) không có trong bảng mã tỉnh nơi đăng ký khai sinh (Thông tư 59/2021/TT-BCA)."
        )
    base, sex = table.century[number[3]]
    year = base + int(number[4:6])
    if year > current_year:
        raise IdentityError(
            f"chữ số thứ 4 ({number[3]}: thế kỷ, giới tính) và năm sinh {number[4:6]} cho năm sinh {year}, "
            f"sau năm hiện tại {current_year}."
        )
    return CccdFacts(code, province, year, sex)


def check_cmnd(number: str) -> str:
    if not number.isdigit() or len(number) != 9:
        raise IdentityError("số CMND phải gồm đúng 9 chữ số.")
    return number


def check_free_form(number: str, country: str | None, id_type: IdType) -> tuple[str, str]:
    """A passport or other paper: the number as typed (trimmed) and its issuing country (required)."""
    label = ID_TYPE_LABELS[id_type].lower()
    if len(number) > MAX_FREE_FORM:
        raise IdentityError(f"số {label} dài quá {MAX_FREE_FORM} ký tự.")
    if not _FREE_FORM.match(number):
        raise IdentityError(f"số {label} chỉ gồm chữ cái Latinh, chữ số, dấu cách, '.', '/' hoặc '-'.")
    country = normalize_text(country)
    if not country:
        raise IdentityError(f"cần ghi quốc gia cấp {label}.", "id_country")
    if len(country) > MAX_COUNTRY:
        raise IdentityError(f"tên quốc gia cấp dài quá {MAX_COUNTRY} ký tự.", "id_country")
    return number, country


def tax_check_digit(first_nine: str) -> int | None:
    """The 10th digit of a tax code with these first nine digits; None when no valid code can start so."""
    check = 10 - sum(int(d) * w for d, w in zip(first_nine, _TAX_WEIGHTS, strict=True)) % 11
    return None if check == 10 else check


def check_tax_code(value: str) -> str:
    """An organisation's MST: 10 digits with a correct check digit, or 13 (10 + branch 001–999, "-" optional).
    Returns it as stored (NNNNNNNNNN or NNNNNNNNNN-NNN); raises IdentityError."""
    raw = value.replace(" ", "")
    branch = None
    if raw.isdigit() and len(raw) == 10:
        base = raw
    elif match := _TAX_13.match(raw):
        base, branch = match.groups()
    else:
        raise IdentityError("mã số thuế gồm 10 chữ số, hoặc 13 chữ số (10 số + '-' + 3 số của đơn vị phụ thuộc).")
    if base[2:9] == "0000000":
        raise IdentityError(f"mã số thuế {base}: chữ số thứ 3 đến 9 là số thứ tự, từ 0000001.")
    expected = tax_check_digit(base[:9])
    if expected is None or int(base[9]) != expected:
        raise IdentityError(f"mã số thuế {base} sai chữ số kiểm tra (chữ số thứ 10).")
    if branch == "000":
        raise IdentityError("3 số cuối của mã số thuế đơn vị phụ thuộc phải từ 001 đến 999.")
    return f"{base}-{branch}" if branch else base


ID_NUMBER_LABELS = {
    IdType.CCCD: "Số CCCD",
    IdType.CMND: "Số CMND",
    IdType.PASSPORT: "Số hộ chiếu",
    IdType.OTHER: "Số giấy tờ",
}


def id_label(id_type: str | None, number: str | None = None) -> str:
    """The label a form prints before the number ("Số CCCD", "Số hộ chiếu" …)."""
    try:
        kind = IdType(id_type) if id_type else guess_id_type(number or "")
    except ValueError:
        kind = IdType.OTHER
    return ID_NUMBER_LABELS[kind]


def describe_identity(
    id_type: str | None, number: str | None, country: str | None, *, masked: str | None = None
) -> str:
    """ "Số hộ chiếu: C1234567 (cấp tại: Đức)" — `masked` replaces the number where it must not be shown."""
    if not number:
        return ""
    shown = masked if masked is not None else number
    return f"{id_label(id_type, number)}: {shown}" + (f" (nơi cấp: {country})" if country else "")


def guess_id_type(number: str) -> IdType:
    """The paper a number most likely belongs to when no type was chosen (older records, the search box)."""
    if number.isdigit() and len(number) == 12:
        return IdType.CCCD
    if number.isdigit() and len(number) == 9:
        return IdType.CMND
    return IdType.OTHER
