"""Validation of what an officer types at the counter, with messages in Vietnamese naming the field."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from counter_app.domain.field_limits import FIELD_LIMITS
from counter_app.domain.identity import (
    IdentityError,
    IdType,
    check_cccd,
    check_cmnd,
    check_free_form,
    check_tax_code,
    guess_id_type,
)
from counter_app.domain.text import digits_only, normalize_text

# Labels as they stand on the paper form, so a message points at the box the officer is looking at.
FIELD_LABELS: dict[str, str] = {
    "procedure_code": "Thủ tục hành chính",
    "applicant_name": "Họ và tên người nộp",
    "id_type": "Loại giấy tờ",
    "id_number": "Số giấy tờ tùy thân",
    "id_country": "Quốc gia cấp",
    "id_issued_on": "Ngày cấp giấy tờ",
    "birth_date": "Ngày sinh",
    "sex": "Giới tính",
    "tax_code": "Mã số thuế",
    "phone": "Số điện thoại",
    "email": "Email",
    "address": "Địa chỉ",
    "organization": "Tên tổ chức",
    "channel": "Hình thức nộp",
    "received_at": "Thời gian nhận hồ sơ",
    "copies": "Số lượng hồ sơ (bộ)",
    "documents": "Thành phần hồ sơ",
    "note": "Ghi chú",
    "result_delivery": "Nơi nhận kết quả",
    "request_id": "Mã yêu cầu (--request-id)",
    "applicant_kind": "Người nộp là",
    "representative_name": "Họ tên người nộp thay",
    "representative_id": "Số giấy tờ người nộp thay",
    "relationship": "Quan hệ với người nộp",
    "authorisation": "Giấy ủy quyền",
    "deciding_agency": "Cơ quan giải quyết",
    "originals": "Bản chính trả lại",
    "file_location": "Vị trí lưu hồ sơ",
}

# From the one table of field lengths (domain/field_limits.py), which the store's and the hub's schemas use too.
MAX_LENGTHS: dict[str, int] = {
    field: FIELD_LIMITS[field] for field in ("applicant_name", "organization", "address", "email", "note")
}

# The years a stored or computed date may lie in. Wide enough for any real office (records kept since 2000,
# appointments a few years ahead); narrow enough that a typo such as 9999 is refused instead of printed on a slip or
# hiding a late dossier, and that date arithmetic (an appointment 45 working days on) never overflows.
MIN_YEAR = 2000
MAX_YEAR = 2099


def year_problem(year: int) -> str | None:
    """Why `year` is refused, in Vietnamese; None when it is within MIN_YEAR..MAX_YEAR."""
    if MIN_YEAR <= year <= MAX_YEAR:
        return None
    return f"năm {year} nằm ngoài khoảng cho phép ({MIN_YEAR}–{MAX_YEAR})."


# What a name, an address or a note may hold: exactly the characters the receipt font (Liberation Serif, bundled
# in resources/fonts) prints — Latin with every Vietnamese letter, digits, the usual punctuation. Anything else
# (an emoji, a control or zero-width character, a bidi override, another script) would be stored but left off
# the paper, so the record and the receipt would differ: it is refused with a message instead.
# tests/test_validation_text.py checks every character of these ranges against the font.
PRINTABLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 (no-break space, «», °, é…)
    (0x0100, 0x017F),  # Latin Extended-A (Đ đ Ĩ ĩ Ũ ũ…)
    (0x01A0, 0x01B0),  # Ơ ơ Ư ư and their neighbours
    (0x1EA0, 0x1EF9),  # Latin Extended Additional: the Vietnamese letters with tone marks
    (0x2013, 0x2014),  # – —
    (0x2018, 0x201E),  # ‘ ’ ‚ “ ” „
    (0x2022, 0x2022),  # •
    (0x2026, 0x2026),  # …
    (0x20AB, 0x20AB),  # ₫
    (0x2116, 0x2116),  # №
)


def is_printable_char(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in PRINTABLE_RANGES)


def _describe(ch: str) -> str:
    category = unicodedata.category(ch)
    code = f"U+{ord(ch):04X}"
    if category == "Cc":
        return f"ký tự điều khiển ({code})"
    if category == "Cf" or ch.isspace():
        return f"ký tự vô hình ({code})"
    if category == "So" or ord(ch) >= 0x1F000:
        return f"biểu tượng «{ch}» ({code})"
    return f"ký tự «{ch}» ({code})"


def text_problem(value: str) -> str | None:
    """Why `value` cannot be printed as typed (None when every character can): names the first few culprits."""
    bad = list(dict.fromkeys(ch for ch in value if not is_printable_char(ch)))
    if not bad:
        return None
    shown = ", ".join(_describe(ch) for ch in bad[:3]) + (" …" if len(bad) > 3 else "")
    return f"có {shown} mà giấy in không in được; hãy xoá hoặc gõ lại bằng chữ thường."


def check_printable(field: str, value: str, errors: list[FieldError]) -> None:
    problem = text_problem(value)
    if problem:
        errors.append(FieldError(field, problem))


_MOBILE = re.compile(r"^0(3|5|7|8|9)\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_ALLOWED = re.compile(r"^\+?[\d\s.\-()]+$")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


class ValidationError(ValueError):
    """Raised with one or more field errors; nothing has been written when it is raised."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return "; ".join(f"{e.label}: {e.message}" for e in self.errors)

    def for_field(self, field: str) -> FieldError | None:
        return next((e for e in self.errors if e.field == field), None)


def check_length(field: str, value: str, errors: list[FieldError]) -> None:
    limit = MAX_LENGTHS.get(field)
    if limit is not None and len(value) > limit:
        errors.append(FieldError(field, f"dài quá {limit} ký tự (hiện có {len(value)})."))


def clean_name(value: str | None, errors: list[FieldError], field: str = "applicant_name") -> str:
    name = normalize_text(value)
    if not name:
        errors.append(FieldError(field, "không được để trống."))
        return name
    if any(ch.isdigit() for ch in name):
        errors.append(FieldError(field, "không được chứa chữ số."))
    check_printable(field, name, errors)
    check_length(field, name, errors)
    return name


def clean_id_number(value: str | None, errors: list[FieldError], current_year: int | None = None) -> str | None:
    """A person's identity number where no paper type is chosen (the person collecting a result): 12 digits are a
    CCCD (checked against the province table, and the birth year when `current_year` is given), 9 digits a CMND,
    anything else a passport or other paper number, kept as typed."""
    raw = normalize_text(value).replace(" ", "")
    if not raw:
        return None
    kind = guess_id_type(raw)
    try:
        if kind == IdType.CCCD:
            check_cccd(raw, current_year if current_year is not None else 9999)
        elif kind == IdType.OTHER:
            if raw.isdigit():
                raise IdentityError("số CCCD gồm 12 chữ số, CMND 9 chữ số; hộ chiếu có chữ cái đầu (ví dụ C1234567).")
            check_free_form(raw, "-", IdType.PASSPORT)
    except IdentityError as exc:
        errors.append(FieldError("id_number", str(exc)))
        return None
    return raw


def clean_identity(
    id_type: str | None,
    number: str | None,
    country: str | None,
    errors: list[FieldError],
    current_year: int,
) -> tuple[str | None, str | None, str | None]:
    """(id_type, id_number, id_country) of the applicant's paper, checked for its type (domain.identity).

    No type chosen: 9 digits are taken as a CMND, anything else as a CCCD; a passport or other paper needs its
    type and the issuing country. A CCCD or CMND is digits only (spaces dropped); a passport or other paper is kept as
    typed (trimmed) with its country. Nothing typed: (None, None, None) — the number is optional.
    """
    text = normalize_text(number)
    chosen = normalize_text(id_type).lower()
    kind: IdType | None = None
    if chosen:
        try:
            kind = IdType(chosen)
        except ValueError:
            errors.append(FieldError("id_type", "chỉ nhận cccd, cmnd, passport (hộ chiếu) hoặc other (giấy tờ khác)."))
            return None, None, None
    if not text:
        if normalize_text(country):
            errors.append(FieldError("id_number", "đã ghi quốc gia cấp nhưng chưa ghi số giấy tờ."))
        return None, None, None
    if kind is None:  # not chosen: 9 digits are a CMND, anything else is read as a CCCD (the usual paper)
        kind = IdType.CMND if guess_id_type(text.replace(" ", "")) == IdType.CMND else IdType.CCCD
    try:
        if kind == IdType.CCCD:
            digits = text.replace(" ", "")
            if not digits.isdigit() or len(digits) != 12:
                hint = "" if chosen else " (hộ chiếu, giấy tờ khác: chọn loại giấy tờ và ghi quốc gia cấp)"
                raise IdentityError(f"số CCCD phải gồm đúng 12 chữ số{hint}.")
            check_cccd(digits, current_year)
            return kind.value, digits, None
        if kind == IdType.CMND:
            return kind.value, check_cmnd(text.replace(" ", "")), None
        paper, where = check_free_form(text, country, kind)
        return kind.value, paper, where
    except IdentityError as exc:
        errors.append(FieldError(exc.field, str(exc)))
        return None, None, None


def clean_tax_code(value: str | None, errors: list[FieldError]) -> str | None:
    """An organisation's tax code (MST), checked (domain.identity.check_tax_code); None when not given."""
    text = normalize_text(value)
    if not text:
        return None
    try:
        return check_tax_code(text)
    except IdentityError as exc:
        errors.append(FieldError("tax_code", str(exc)))
        return None


def clean_phone(value: str | None, errors: list[FieldError]) -> str | None:
    """Vietnamese mobile (10 digits, 03/05/07/08/09) or landline (11 digits, 02x); +84 accepted."""
    raw = normalize_text(value)
    if not raw:
        return None
    if not _PHONE_ALLOWED.match(raw):
        errors.append(FieldError("phone", "chỉ được gồm chữ số (có thể bắt đầu bằng +84)."))
        return None
    digits = digits_only(raw)
    if raw.startswith("+84") or (raw.startswith("84") and len(digits) in (11, 12)):
        digits = "0" + digits[2:]
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        return digits
    errors.append(
        FieldError(
            "phone",
            "không đúng định dạng số Việt Nam (di động 10 số bắt đầu bằng 03, 05, 07, 08, 09; cố định 11 số bắt đầu bằng 02).",
        )
    )
    return None


def clean_email(value: str | None, errors: list[FieldError]) -> str | None:
    email = normalize_text(value)
    if not email:
        return None
    check_length("email", email, errors)
    if not _EMAIL.match(email):
        errors.append(FieldError("email", "không đúng định dạng (ví dụ: ten@donvi.gov.vn)."))
        return None
    return email.lower()


def clean_optional_text(field: str, value: str | None, errors: list[FieldError]) -> str | None:
    text = normalize_text(value)
    if not text:
        return None
    check_printable(field, text, errors)
    check_length(field, text, errors)
    return text


def mask_id_number(value: str | None) -> str:
    """Shown in lists: only the last four characters, whatever the paper (CCCD, CMND, passport, other)."""
    if not value:
        return ""
    if len(value) <= 4:
        return "•" * len(value)
    return "•" * (len(value) - 4) + value[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    return value[:3] + "•" * (len(value) - 6) + value[-3:]
