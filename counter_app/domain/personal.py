"""The applicant's date of birth, sex and identity paper's issue date: read as typed, checked against the clock,
each other and what a CCCD number itself encodes (its century/sex digit and birth year, domain.identity).

A date is typed as dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, ddmmyyyy as the CCCD QR writes it, or
ISO yyyy-mm-dd as scripts write it). Nothing is guessed: a date that is not one of these is refused with a message.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from counter_app.domain.identity import IdentityError, IdType, check_cccd

# Vietnamese has two values on every official paper (the CCCD card, the forms): these exact words are stored.
SEXES = ("Nam", "Nữ")
_SEX_WORDS = {"nam": "Nam", "nữ": "Nữ", "nu": "Nữ"}
# The CCCD's century digit starts at 1900: nobody at the counter was born earlier.
MIN_BIRTH_YEAR = 1900

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_PACKED = re.compile(r"^(\d{2})(\d{2})(\d{4})$")


class PersonalError(ValueError):
    """A date of birth, sex or issue date that cannot be stored; str() says why (Vietnamese), `field` names it."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


def parse_day(text: str | date | None, field: str) -> date | None:
    """A day as the officer or a script typed it; None when nothing was typed. Raises PersonalError."""
    if text is None or isinstance(text, date):
        return text
    value = unicodedata.normalize("NFC", text).strip().replace(" ", "")
    if not value:
        return None
    iso = _ISO.match(value)
    match = _DMY.match(value) or _PACKED.match(value)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        raise PersonalError(f"ngày «{text.strip()}» không có trên lịch.", field) from None
    raise PersonalError(f"«{text.strip()}» không phải một ngày; ghi dạng ngày/tháng/năm, ví dụ 05/03/1990.", field)


def clean_sex(value: str | None) -> str | None:
    """ "Nam" or "Nữ" (any case, "nu" without its mark); None when not given. Raises PersonalError."""
    text = unicodedata.normalize("NFC", value or "").strip()
    if not text:
        return None
    sex = _SEX_WORDS.get(text.lower())
    if sex is None:
        raise PersonalError(f"chỉ ghi Nam hoặc Nữ (đã ghi «{text}»).", "sex")
    return sex


def check_birth_date(born: date, today: date) -> None:
    if born > today:
        raise PersonalError(f"ngày sinh {born:%d/%m/%Y} sau hôm nay ({today:%d/%m/%Y}).", "birth_date")
    if born.year < MIN_BIRTH_YEAR:
        raise PersonalError(f"năm sinh {born.year} trước năm {MIN_BIRTH_YEAR}: hãy xem lại.", "birth_date")


def check_issue_date(issued: date, born: date | None, today: date) -> None:
    if issued > today:
        raise PersonalError(f"ngày cấp {issued:%d/%m/%Y} sau hôm nay ({today:%d/%m/%Y}).", "id_issued_on")
    if born is not None and issued < born:
        raise PersonalError(f"ngày cấp {issued:%d/%m/%Y} trước ngày sinh {born:%d/%m/%Y}.", "id_issued_on")
    if issued.year < MIN_BIRTH_YEAR:
        raise PersonalError(f"năm cấp {issued.year} trước năm {MIN_BIRTH_YEAR}: hãy xem lại.", "id_issued_on")


def check_against_cccd(number: str, born: date | None, sex: str | None, today: date) -> list[PersonalError]:
    """What a 12-digit CCCD number says (century/sex digit, birth year) that the typed sex or birth date contradicts."""
    try:
        facts = check_cccd(number, today.year)
    except IdentityError:
        return []  # the number's own problem is reported on the number
    problems = []
    if sex is not None and facts.sex.lower() != sex.lower():
        problems.append(
            PersonalError(
                f"ghi {sex}, nhưng chữ số thứ 4 của số CCCD ({number[3]}) là của giới tính {facts.sex.capitalize()}.",
                "sex",
            )
        )
    if born is not None and born.year != facts.birth_year:
        problems.append(
            PersonalError(
                f"năm sinh {born.year}, nhưng số CCCD ghi năm sinh {facts.birth_year} (chữ số thứ 4 đến 6).",
                "birth_date",
            )
        )
    return problems


def clean_personal(
    birth_date: str | date | None,
    sex: str | None,
    id_issued_on: str | date | None,
    *,
    id_type: str | None,
    id_number: str | None,
    today: date,
    number_typed: bool | None = None,
) -> tuple[tuple[date | None, str | None, date | None], list[PersonalError]]:
    """((birth date, sex, issue date), problems): each value parsed and checked, and against the CCCD number.

    The issue date belongs to the identity paper: without a number it is refused (nothing to date). `number_typed`:
    a number was typed even if it was refused (its own message says why; None: whether `id_number` is given)."""
    typed = bool(id_number) if number_typed is None else number_typed
    problems: list[PersonalError] = []

    def attempt(read, *args):
        try:
            return read(*args)
        except PersonalError as exc:
            problems.append(exc)
            return None

    born: date | None = attempt(parse_day, birth_date, "birth_date")
    issued: date | None = attempt(parse_day, id_issued_on, "id_issued_on")
    sex_value: str | None = attempt(clean_sex, sex)
    if born is not None:
        try:
            check_birth_date(born, today)
        except PersonalError as exc:
            problems.append(exc)
            born = None
    if issued is not None:
        if not typed:
            problems.append(PersonalError("đã ghi ngày cấp nhưng chưa ghi số giấy tờ.", "id_issued_on"))
            issued = None
        elif id_number:
            try:
                check_issue_date(issued, born, today)
            except PersonalError as exc:
                problems.append(exc)
                issued = None
    if id_number and id_type == IdType.CCCD.value:
        problems += check_against_cccd(id_number, born, sex_value, today)
    return (born, sex_value, issued), problems


def mask_birth_date(value: date | None) -> str:
    """Shown where a list or a log would show it: the year only."""
    return f"••/••/{value.year}" if value else ""


def describe_personal(born: date | None, sex: str | None, issued: date | None, *, masked: bool = True) -> str:
    """One line for a dossier's facts, e.g. "sinh ••/••/1990, Nữ, giấy tờ cấp ngày 01/07/2021"."""
    parts = []
    if born is not None:
        parts.append(f"sinh {mask_birth_date(born) if masked else f'{born:%d/%m/%Y}'}")
    if sex:
        parts.append(sex)
    if issued is not None:
        parts.append(f"giấy tờ cấp ngày {issued:%d/%m/%Y}")
    return ", ".join(parts)
