"""Fees (phí, lệ phí) as plain data: what a procedure version charges, how money is written, and receipt numbers.

- A procedure version carries a `FeeSchedule`: its fee items (phí or lệ phí; a fixed amount, or an amount per
  unit — "per thiết bị", "per trang"), and its exemptions, each with its condition as text. Amounts are integer
  đồng, never floats.
- `amount_in_words` writes an amount as it is read on a receipt ("Một triệu hai trăm năm mươi nghìn đồng").
- Receipt numbers ("Biên lai thu phí, lệ phí": series and number) come from a per-station block, like dossier
  codes (domain/codes.py): counter c issues the numbers c000001–c999999 of a series, so two stations never issue
  the same number, even offline. The series carries the year (`BL-26`): a new series each year.
- What was collected, refunded or cancelled is an event of the dossier (domain/event_kinds.py: CollectFee,
  RefundFee, CancelFeeReceipt); `FeeEntry` is one of them read back for the register, and `fee_totals` sums
  them per procedure and payment method for the accountant.

No Qt, no SQLAlchemy, no reportlab.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from counter_app.domain.codes import MAX_COUNTER, MIN_COUNTER
from counter_app.domain.text import normalize_text

# The largest amount one entry may carry: 10 billion đồng (a slip of the keyboard beyond that is refused).
MAX_AMOUNT = 10_000_000_000
MAX_FEE_NAME = 255
MAX_FEE_UNIT = 64
MAX_FEE_TEXT = 1000


class FeeKind(StrEnum):
    FEE = "phi"  # phí: pays for a service (thẩm định, …)
    CHARGE = "le_phi"  # lệ phí: for the State's administrative act itself (cấp giấy, …)


FEE_KIND_LABELS = {FeeKind.FEE: "Phí", FeeKind.CHARGE: "Lệ phí"}


class PaymentMethod(StrEnum):
    CASH = "cash"
    TRANSFER = "transfer"


PAYMENT_METHOD_LABELS = {PaymentMethod.CASH: "Tiền mặt", PaymentMethod.TRANSFER: "Chuyển khoản"}


@dataclass(frozen=True)
class FeeItem:
    """One amount a procedure charges: fixed (`unit` empty) or per unit (`amount` for each `unit`)."""

    kind: FeeKind
    name: str
    amount: int  # đồng
    unit: str = ""  # "thiết bị", "trang", … : the amount is per unit; empty: a fixed amount
    note: str = ""

    @property
    def per_unit(self) -> bool:
        return bool(self.unit)

    def describe(self) -> str:
        money = format_dong(self.amount) + " đồng" + (f"/{self.unit}" if self.unit else "")
        text = (
            f"{FEE_KIND_LABELS[self.kind]} {self.name}: {money}"
            if self.name
            else f"{FEE_KIND_LABELS[self.kind]}: {money}"
        )
        return text + (f" ({self.note})" if self.note else "")

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "name": self.name, "amount": self.amount, "unit": self.unit, "note": self.note}


@dataclass(frozen=True)
class FeeExemption:
    """Who does not pay, or pays less, and when: the condition as the publishing decision words it."""

    condition: str

    def to_json(self) -> dict[str, Any]:
        return {"condition": self.condition}


@dataclass(frozen=True)
class FeeSchedule:
    """Everything a procedure version says about money: its items and its exemptions."""

    items: tuple[FeeItem, ...] = ()
    exemptions: tuple[FeeExemption, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.items or self.exemptions)

    def describe(self) -> list[str]:
        """One line per item, then one per exemption (Vietnamese)."""
        lines = [item.describe() for item in self.items]
        lines += [f"Miễn, giảm: {e.condition}" for e in self.exemptions]
        return lines

    def fixed_total(self) -> int:
        """The sum of the fixed items (what the counter proposes to collect when nothing is per unit)."""
        return sum(item.amount for item in self.items if not item.per_unit)

    def to_json(self) -> dict[str, Any]:
        return {"items": [i.to_json() for i in self.items], "exemptions": [e.to_json() for e in self.exemptions]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> FeeSchedule:
        """From the stored form (to_json); trusted data (checked when it was imported)."""
        if not data:
            return cls()
        return cls(
            tuple(
                FeeItem(
                    FeeKind(i["kind"]), i.get("name", ""), int(i["amount"]), i.get("unit") or "", i.get("note") or ""
                )
                for i in data.get("items", ())
            ),
            tuple(FeeExemption(e["condition"]) for e in data.get("exemptions", ())),
        )


# --- money written out ------------------------------------------------------------------------------------------


def format_dong(amount: int) -> str:
    """1250000 → "1.250.000" (the Vietnamese thousands separator)."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _three(n: int, full: bool) -> list[str]:
    """Words for 0 < n < 1000. `full`: a group after a higher one, read with its hundreds ("không trăm").

    Rules: a zero tens digit before a units digit is "linh" (105 → một trăm linh năm); the units digit 1 after
    tens of 20 or more is "mốt" (21 → hai mươi mốt); 5 after any tens digit is "lăm" (15 → mười lăm, 25 → hai
    mươi lăm); 4 after tens of 20 or more is "tư" (24 → hai mươi tư); 10–19 use "mười"; 20+ use "mươi".
    """
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if hundreds or full:
                words.append("linh")
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt" if tens >= 2 else "một")
    elif units == 5:
        words.append("lăm")
    elif units == 4 and tens >= 2:
        words.append("tư")
    elif units:
        words.append(_DIGITS[units])
    return words


def number_in_words(n: int) -> str:
    """A non-negative integer in Vietnamese words, lower case: 1000005 → "một triệu không trăm linh năm".

    Groups of three digits are named nghìn, triệu; beyond that the count of tỷ is itself read as a number
    (10¹² → "một nghìn tỷ"). A group after a higher one is read with its hundreds ("không trăm").
    """
    if n < 0:
        raise ValueError("number_in_words: a negative number")
    if n == 0:
        return "không"
    billions, rest = divmod(n, 1_000_000_000)
    words = [number_in_words(billions), "tỷ"] if billions else []
    words += _below_billion(rest, after_higher=bool(billions))
    return " ".join(words)


def _below_billion(n: int, *, after_higher: bool) -> list[str]:
    groups = [(n // 1_000_000) % 1000, (n // 1000) % 1000, n % 1000]
    words: list[str] = []
    for group, scale in zip(groups, ("triệu", "nghìn", ""), strict=True):
        if group == 0:
            continue
        words += _three(group, full=after_higher or bool(words))
        if scale:
            words.append(scale)
    return words


def amount_in_words(amount: int) -> str:
    """An amount of đồng as a receipt writes it: "Một triệu hai trăm năm mươi nghìn đồng"."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError("amount_in_words: an integer number of đồng")
    text = number_in_words(abs(amount)) + " đồng"
    text = ("âm " + text) if amount < 0 else text
    return text[:1].upper() + text[1:]


_AMOUNT_TEXT = re.compile(r"^\d{1,3}([.,  ]\d{3})+$|^\d+$")


def parse_amount(value: object) -> int:
    """What an officer or a script typed as an amount → integer đồng. Accepts 200000, "200000", "200.000",
    "200,000", "200 000", with "đ"/"đồng" after it. Raises ValueError (a Vietnamese sentence) otherwise."""
    if isinstance(value, bool):
        raise ValueError("số tiền phải là số nguyên đồng.")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError("số tiền phải là số nguyên đồng (không có phần lẻ).")
        number = int(value)
    else:
        text = normalize_text(str(value or "")).lower()
        text = re.sub(r"\s*(đồng|đ|vnd|vnđ)$", "", text).strip()
        if not text:
            raise ValueError("không được để trống.")
        if not _AMOUNT_TEXT.match(text):
            raise ValueError(f"'{text}' không phải số tiền (ghi số nguyên đồng, ví dụ 200000 hoặc 200.000).")
        number = int(re.sub(r"[.,  ]", "", text))
    if number < 0:
        raise ValueError("số tiền không được âm.")
    if number > MAX_AMOUNT:
        raise ValueError(f"số tiền quá lớn (tối đa {format_dong(MAX_AMOUNT)} đồng).")
    return number


# --- receipt numbers ------------------------------------------------------------------------------------------

RECEIPT_BLOCK = 1_000_000  # numbers per counter per series: counter c issues c000001–c999999
RECEIPT_DIGITS = 7
DEFAULT_SERIES_PREFIX = "BL"
SERIES_PATTERN = re.compile(r"^[A-Z0-9]{1,8}$")


class ReceiptBlockExhausted(RuntimeError):
    pass


def receipt_series(prefix: str, year: int) -> str:
    """The series of a year's receipts: "BL-26" (prefix from the setting fee.receipt_series)."""
    return f"{prefix or DEFAULT_SERIES_PREFIX}-{year % 100:02d}"


def receipt_block(counter: int) -> range:
    """The receipt numbers counter `counter` may issue in a series."""
    if not MIN_COUNTER <= counter <= MAX_COUNTER:
        raise ValueError(f"Số quầy phải từ {MIN_COUNTER} đến {MAX_COUNTER} (hiện là {counter}).")
    start = counter * RECEIPT_BLOCK + 1
    return range(start, start + RECEIPT_BLOCK - 1)


def next_receipt_number(counter: int, last_issued: int | None) -> int:
    """The number after `last_issued` (None: the counter has issued none in the series)."""
    block = receipt_block(counter)
    candidate = block.start if last_issued is None else last_issued + 1
    if candidate not in block:
        raise ReceiptBlockExhausted(
            f"Quầy {counter} đã cấp hết {len(block)} số biên lai của ký hiệu này; liên hệ quản trị."
        )
    return candidate


def format_receipt_number(number: int) -> str:
    return f"{number:0{RECEIPT_DIGITS}d}"


def receipt_label(series: str, number: int) -> str:
    """ "BL-26 số 1000001": how a receipt is named in messages and timelines."""
    return f"{series} số {format_receipt_number(number)}"


def parse_receipt_ref(text: str) -> tuple[str | None, int] | None:
    """A receipt as typed: "1000001", "BL-26/1000001", "BL-26 1000001" or "BL-26 số 1000001" → (series, number)."""
    cleaned = normalize_text(text or "").upper().replace("SỐ", " ")
    match = re.fullmatch(r"(?:([A-Z0-9]+-\d{2})\s*[/ ]?\s*)?(\d{1,9})", " ".join(cleaned.split()))
    if not match:
        return None
    return match.group(1), int(match.group(2))


# --- entries read back ------------------------------------------------------------------------------------------


class EntryKind(StrEnum):
    COLLECTED = "collected"
    REFUNDED = "refunded"
    CANCELLED = "cancelled"


ENTRY_LABELS = {EntryKind.COLLECTED: "Thu", EntryKind.REFUNDED: "Hoàn trả", EntryKind.CANCELLED: "Hủy biên lai"}


@dataclass(frozen=True)
class FeeEntry:
    """One line of the fee register: a collection, a refund or a cancellation (each its own event)."""

    kind: EntryKind
    at: datetime
    code: str  # the dossier
    procedure_code: str
    procedure_name: str
    series: str
    number: int
    amount: int  # đồng, as collected/refunded (a cancellation carries the receipt's amount)
    method: str  # PaymentMethod value
    payer: str
    officer: str
    reason: str = ""
    event_id: str = ""

    @property
    def signed_amount(self) -> int:
        """What the entry adds to the cash book: + collected, − refunded or cancelled."""
        return self.amount if self.kind == EntryKind.COLLECTED else -self.amount


@dataclass(frozen=True)
class FeeTotal:
    """The money of one procedure (or of everything: procedure_code "") over a period."""

    procedure_code: str
    procedure_name: str
    receipts: int = 0
    collected: int = 0
    refunded: int = 0
    cancelled: int = 0
    cash: int = 0  # net by method
    transfer: int = 0

    @property
    def net(self) -> int:
        return self.collected - self.refunded - self.cancelled


def fee_totals(entries: Iterable[FeeEntry]) -> tuple[list[FeeTotal], FeeTotal]:
    """Totals per procedure (by code, in code order) and the grand total."""
    by_code: dict[str, dict[str, Any]] = {}
    grand: dict[str, Any] = {"procedure_code": "", "procedure_name": "Tổng cộng"}
    for e in entries:
        slot = by_code.setdefault(
            e.procedure_code, {"procedure_code": e.procedure_code, "procedure_name": e.procedure_name}
        )
        for target in (slot, grand):
            if e.kind == EntryKind.COLLECTED:
                target["receipts"] = target.get("receipts", 0) + 1
                target["collected"] = target.get("collected", 0) + e.amount
            elif e.kind == EntryKind.REFUNDED:
                target["refunded"] = target.get("refunded", 0) + e.amount
            else:
                target["cancelled"] = target.get("cancelled", 0) + e.amount
            key = "transfer" if e.method == PaymentMethod.TRANSFER.value else "cash"
            target[key] = target.get(key, 0) + e.signed_amount
    return [FeeTotal(**by_code[c]) for c in sorted(by_code)], FeeTotal(**grand)
