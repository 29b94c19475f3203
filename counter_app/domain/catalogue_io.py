"""Catalogue files as plain data: parsing and checking JSON documents and spreadsheet tables, and back.

Two shapes carry the same catalogue:

- JSON, the shape of resources/catalogue/demo_catalogue.json: {"schema": 1, "agency": ..., "fields": [{code,
  name}], "procedures": [{code, name, field_code, level, duration, unit, trigger, cutoff, fee, online_level,
  legal_basis, result_place, effective_from, effective_to, deciding_agency, documents: [{name, copy_kind, quantity,
  mandatory}], fees: {items: [{kind: phi|le_phi, name, amount (integer đồng), unit (per-unit amounts), note}],
  exemptions: [{condition}]}}]}.
- Tables (the sheets of an XLSX workbook, read and written by services.catalogue_io): "Lĩnh vực" (one row per
  field), "Thủ tục" (one row per procedure), "Thành phần hồ sơ" (one row per required document, keyed by the
  procedure code, in order), and, optionally, "Phí, lệ phí" (one row per fee item — Loại "Phí" or "Lệ phí", Mức thu
  in đồng, Đơn vị tính for an amount per unit — or per exemption — Loại "Miễn, giảm", its condition in "Ghi chú,
  điều kiện"). Each sheet has a header row whose Vietnamese column names are matched without
  regard to case or diacritics, in any order; unknown columns are ignored; rows above the header (a title) and
  empty rows are skipped.

Every problem is collected, not just the first, each with where it is (sheet, row and column, or the item and
key of a JSON document) and why, in Vietnamese: "Sheet 'Thủ tục', dòng 7, cột 'Thời hạn': 'mười' không phải
số". A file with any problem raises CatalogueFileError carrying all of them, so a caller imports all or nothing.

No Qt, no SQLAlchemy, no openpyxl: cell values arrive as plain Python values (str, int, float, bool, date,
datetime, time, None).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from counter_app.domain.catalogue import (
    CopyKind,
    DocumentRequirement,
    DurationUnit,
    FieldOfWork,
    Procedure,
    ProcessingTime,
    StartTrigger,
)
from counter_app.domain.fees import (
    FEE_KIND_LABELS,
    MAX_AMOUNT,
    MAX_FEE_NAME,
    MAX_FEE_TEXT,
    MAX_FEE_UNIT,
    FeeExemption,
    FeeItem,
    FeeKind,
    FeeSchedule,
    parse_amount,
)
from counter_app.domain.text import fold_for_search, normalize_text

SCHEMA_VERSION = 1

SHEET_FIELDS = "Lĩnh vực"
SHEET_PROCEDURES = "Thủ tục"
SHEET_DOCUMENTS = "Thành phần hồ sơ"
SHEET_FEES = "Phí, lệ phí"

MAX_CODE = 64
MAX_FIELD_CODE = 32
MAX_NAME = 500
MAX_DURATION = 1000
MAX_QUANTITY = 99
# How far down a sheet the header row may be (rows above it: a title, a note).
HEADER_SEARCH_ROWS = 10

# --- labels used in spreadsheets (the JSON form keeps the codes) ----------------------------------------

UNIT_XLSX = {
    DurationUnit.WORKING_DAYS: "ngày làm việc",
    DurationUnit.WORKING_HOURS: "giờ làm việc",
    DurationUnit.CALENDAR_DAYS: "ngày lịch",
}
TRIGGER_XLSX = {
    StartTrigger.COMPLETE_DOSSIER: "nhận đủ hồ sơ hợp lệ",
    StartTrigger.FEE_PAID: "nhận đủ hồ sơ và phí, lệ phí",
}
COPY_KIND_XLSX = {
    CopyKind.ORIGINAL: "Bản chính",
    CopyKind.CERTIFIED_COPY: "Bản sao chứng thực",
    CopyKind.PHOTOCOPY: "Bản photo",
    CopyKind.ORIGINAL_OR_COPY: "Bản chính hoặc bản sao chứng thực",
}
LEVEL_LABELS = {
    "provincial": "Cấp tỉnh",
    "commune": "Cấp xã",
    "district": "Cấp huyện (đến 30/06/2025)",  # abolished by the two-tier local government of 01/07/2025
    "central": "Cấp trung ương",
}
ONLINE_LEVELS = ("toàn trình", "một phần")
YES, NO = "Có", "Không"
EXEMPTION = "exemption"  # a row of the fee sheet that is an exemption, not an amount
FEE_ROW_XLSX: dict[str, str] = {**{k.value: v for k, v in FEE_KIND_LABELS.items()}, EXEMPTION: "Miễn, giảm"}


def _fold(value: str) -> str:
    return " ".join(fold_for_search(value).replace(",", " ").split())


def _choices(mapping: Mapping[Any, str], extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Folded accepted spellings → value: the label, the code, and any extra aliases."""
    accepted: dict[str, Any] = {}
    for value, label in mapping.items():
        accepted[_fold(label)] = value
        accepted[_fold(str(value))] = value
    for alias, value in (extra or {}).items():
        accepted[_fold(alias)] = value
    return accepted


UNIT_CHOICES = _choices(
    UNIT_XLSX, {"ngày": DurationUnit.CALENDAR_DAYS, "ngày làm việc (ngày)": DurationUnit.WORKING_DAYS}
)
TRIGGER_CHOICES = _choices(
    TRIGGER_XLSX,
    {
        "nhận đủ hồ sơ": StartTrigger.COMPLETE_DOSSIER,
        "hồ sơ hợp lệ": StartTrigger.COMPLETE_DOSSIER,
        "nộp phí": StartTrigger.FEE_PAID,
        "nộp phí, lệ phí": StartTrigger.FEE_PAID,
        "nhận đủ hồ sơ hợp lệ và phí, lệ phí": StartTrigger.FEE_PAID,
    },
)
COPY_KIND_CHOICES = _choices(
    COPY_KIND_XLSX,
    {
        "bản sao": CopyKind.PHOTOCOPY,
        "bản chụp": CopyKind.PHOTOCOPY,
        "bản sao có chứng thực": CopyKind.CERTIFIED_COPY,
        "bản chính hoặc bản sao": CopyKind.ORIGINAL_OR_COPY,
    },
)
LEVEL_CHOICES = _choices(
    LEVEL_LABELS, {"tỉnh": "provincial", "xã": "commune", "huyện": "district", "trung ương": "central"}
)
ONLINE_CHOICES = _choices({v: v for v in ONLINE_LEVELS}, {"toàn trình (trực tuyến toàn trình)": "toàn trình"})
FEE_ROW_CHOICES = _choices(
    FEE_ROW_XLSX, {"miễn giảm": EXEMPTION, "miễn": EXEMPTION, "giảm": EXEMPTION, "lệ phí": FeeKind.CHARGE}
)
BOOL_CHOICES = {
    **{_fold(s): True for s in ("có", "x", "bắt buộc", "true", "yes", "1", "c")},
    **{_fold(s): False for s in ("không", "không bắt buộc", "false", "no", "0", "k", "-")},
}

# --- problems ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportIssue:
    """One problem in a catalogue file: where (sheet/row/column, or JSON item/key) and why."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    item: str | None = None  # JSON: "thủ tục thứ 3 (mã 1.000001)"

    def __str__(self) -> str:
        parts = []
        if self.sheet is not None:
            parts.append(f"Sheet '{self.sheet}'")
            if self.row is not None:
                parts.append(f"dòng {self.row}")
            if self.column:
                parts.append(f"cột '{self.column}'")
        else:
            if self.item:
                parts.append(self.item)
            if self.column:
                parts.append(f"trường '{self.column}'")
        text = (", ".join(parts) + ": " if parts else "") + self.message
        return text[:1].upper() + text[1:]


class CatalogueFileError(ValueError):
    """A catalogue file that cannot be imported; `issues` lists every problem found."""

    def __init__(self, issues: Sequence[ImportIssue]):
        self.issues = tuple(issues)
        head = f"Tệp danh mục có {len(self.issues)} lỗi, chưa nhập gì"
        shown = "; ".join(str(i) for i in self.issues[:5])
        more = f"; … và {len(self.issues) - 5} lỗi khác" if len(self.issues) > 5 else ""
        super().__init__(f"{head}: {shown}{more}")


@dataclass(frozen=True)
class CatalogueData:
    """What a catalogue file holds, checked: fields and procedures (field names filled in)."""

    fields: tuple[FieldOfWork, ...]
    procedures: tuple[Procedure, ...]


# --- cleaning one value -----------------------------------------------------------------------------------


class _Bad(Exception):
    """A value that cannot be used; the message says why (the location is added by the caller)."""


def _show(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_line(value: object) -> str:
    """One-line text: NFC, white space collapsed. Numbers typed into a text cell become their digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(str(value))


def clean_block(value: object) -> str:
    """Longer text (fee, legal basis): NFC, each line trimmed and its spaces collapsed, line breaks kept."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", clean_line(value) if not isinstance(value, str) else value)
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line).strip()


def _integer(value: object, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise _Bad(f"'{_show(value)}' không phải số")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise _Bad(f"'{_show(value)}' không phải số nguyên")
        number = int(value)
    else:
        text = clean_line(value)
        if not re.fullmatch(r"[+-]?\d+", text):
            raise _Bad(f"'{_show(text)}' không phải số")
        number = int(text)
    if not low <= number <= high:
        raise _Bad(f"{number} phải từ {low} đến {high}")
    return number


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def _date(value: object) -> date:
    if isinstance(value, datetime):
        if value.time() != time():
            raise _Bad(f"'{_show(value)}' phải là một ngày, không kèm giờ")
        return value.date()
    if isinstance(value, date):
        return value
    text = clean_line(value)
    try:
        if match := _DMY.match(text):
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise _Bad(f"'{_show(text)}' không phải ngày hợp lệ (dd/mm/yyyy)")


_HM = re.compile(r"^(\d{1,2})\s*(?::|h|g|giờ)\s*(\d{2})?\s*(?:phút|p)?$", re.IGNORECASE)


def _time(value: object) -> time:
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        if value.second or value.microsecond:
            raise _Bad(f"'{value.isoformat()}' phải là giờ:phút")
        return value
    text = clean_line(value)
    match = _HM.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise _Bad(f"'{_show(text)}' không phải giờ hợp lệ (HH:MM, ví dụ 15:00)")


def _choice(value: object, choices: Mapping[str, Any], shown: Iterable[str]) -> Any:
    text = clean_line(value)
    found = choices.get(_fold(text))
    if found is None:
        raise _Bad(f"'{_show(text)}' không hợp lệ (chỉ nhận: {', '.join(shown)})")
    return found


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = clean_line(value)
    found = BOOL_CHOICES.get(_fold(text))
    if found is None:
        raise _Bad(f"'{_show(text)}' không hợp lệ (ghi '{YES}' hoặc '{NO}')")
    return found


# --- one record (a row or a JSON object) ------------------------------------------------------------------


class _Record:
    """The raw values of one row/object, and a way to report a problem at one of its columns."""

    def __init__(
        self,
        values: Mapping[str, object],
        issues: list[ImportIssue],
        *,
        sheet: str | None = None,
        row: int | None = None,
        item: str | None = None,
        headers: Mapping[str, str] | None = None,
    ):
        self.values, self._issues = values, issues
        self.sheet, self.row, self.item = sheet, row, item
        self._headers = headers or {}
        self.ok = True

    def column(self, key: str) -> str:
        return self._headers.get(key, key)

    def problem(self, key: str | None, message: str) -> None:
        self.ok = False
        self._issues.append(ImportIssue(message, self.sheet, self.row, self.column(key) if key else None, self.item))

    def has(self, key: str) -> bool:
        return not _is_blank(self.values.get(key))

    def get(self, key: str, convert, default: Any = None, *, required: bool = False) -> Any:
        raw = self.values.get(key)
        if _is_blank(raw):
            if required:
                self.problem(key, "không được để trống")
            return default
        try:
            return convert(raw)
        except _Bad as exc:
            self.problem(key, str(exc))
            return default

    def text(self, key: str, *, required: bool = False, limit: int | None = None, block: bool = False) -> str:
        text = self.get(key, clean_block if block else clean_line, "", required=required)
        if limit is not None and len(text) > limit:
            self.problem(key, f"dài quá {limit} ký tự")
        return text

    def code(self, key: str, limit: int) -> str:
        text = self.text(key, required=True, limit=limit)
        if text and re.search(r"\s", text):
            self.problem(key, f"mã '{_show(text)}' không được chứa khoảng trắng")
        return text


# --- procedures and documents from records ----------------------------------------------------------------


def _field(record: _Record) -> FieldOfWork | None:
    code = record.code("code", MAX_FIELD_CODE)
    name = record.text("name", required=True, limit=255)
    return FieldOfWork(code, name) if record.ok else None


def _document(record: _Record) -> DocumentRequirement | None:
    name = record.text("name", required=True, limit=1000)
    copy_kind = record.get(
        "copy_kind", lambda v: _choice(v, COPY_KIND_CHOICES, COPY_KIND_XLSX.values()), CopyKind.ORIGINAL
    )
    quantity = record.get("quantity", lambda v: _integer(v, 1, MAX_QUANTITY), 1)
    mandatory = record.get("mandatory", _boolean, True)
    return DocumentRequirement(name, copy_kind, quantity, mandatory) if record.ok else None


def _amount(value: object) -> int:
    try:
        return parse_amount(value)
    except ValueError as exc:
        raise _Bad(str(exc)) from None


def _fee_entry(record: _Record, kind_key: str = "kind") -> FeeItem | FeeExemption | None:
    """One fee row (sheet "Phí, lệ phí") or one JSON fee item: an amount (phí / lệ phí, fixed or per unit), or an
    exemption whose condition is the note."""
    kind = record.get(kind_key, lambda v: _choice(v, FEE_ROW_CHOICES, FEE_ROW_XLSX.values()), None, required=True)
    name = record.text("name", limit=MAX_FEE_NAME)
    unit = record.text("unit", limit=MAX_FEE_UNIT)
    note = record.text("note", block=True, limit=MAX_FEE_TEXT)
    if kind == EXEMPTION:
        if not note:
            record.problem("note", "dòng miễn, giảm phải ghi điều kiện miễn, giảm")
        return FeeExemption(note) if record.ok else None
    amount = record.get("amount", _amount, 0, required=True)
    if amount is not None and amount > MAX_AMOUNT:
        record.problem("amount", "số tiền quá lớn")
    if not record.ok or kind is None:
        return None
    return FeeItem(FeeKind(kind), name, amount, unit, note)


def _schedule(entries: Iterable[FeeItem | FeeExemption | None]) -> FeeSchedule:
    found = [e for e in entries if e is not None]
    return FeeSchedule(
        tuple(e for e in found if isinstance(e, FeeItem)), tuple(e for e in found if isinstance(e, FeeExemption))
    )


def _procedure(record: _Record, field_names: Mapping[str, str]) -> Procedure | None:
    code = record.code("code", MAX_CODE)
    name = record.text("name", required=True, limit=MAX_NAME)
    field_code = record.code("field_code", MAX_FIELD_CODE)
    if field_code and field_code not in field_names:
        record.problem(
            "field_code",
            f"mã lĩnh vực '{_show(field_code)}' không có trong danh sách lĩnh vực (sheet '{SHEET_FIELDS}' "
            "hoặc danh mục đang dùng)",
        )
    level = record.get("level", lambda v: _choice(v, LEVEL_CHOICES, LEVEL_LABELS.values()), "provincial")
    duration = record.get("duration", lambda v: _integer(v, 0, MAX_DURATION), 0, required=True)
    unit = record.get("unit", lambda v: _choice(v, UNIT_CHOICES, UNIT_XLSX.values()), DurationUnit.WORKING_DAYS)
    trigger = record.get(
        "trigger", lambda v: _choice(v, TRIGGER_CHOICES, TRIGGER_XLSX.values()), StartTrigger.COMPLETE_DOSSIER
    )
    cutoff = record.get("cutoff", _time)
    fee = record.text("fee", block=True)
    online_level = record.get("online_level", lambda v: _choice(v, ONLINE_CHOICES, ONLINE_LEVELS), "một phần")
    legal_basis = record.text("legal_basis", block=True)
    result_place = record.text("result_place", limit=255)
    deciding_agency = record.text("deciding_agency", limit=255)
    effective_from = record.get("effective_from", _date)
    effective_to = record.get("effective_to", _date)
    if effective_from and effective_to and effective_to < effective_from:
        record.problem(
            "effective_to",
            f"ngày hết hiệu lực {effective_to:%d/%m/%Y} trước ngày có hiệu lực {effective_from:%d/%m/%Y}",
        )
    if not record.ok:
        return None
    return Procedure(
        code=code,
        name=name,
        field_code=field_code,
        field_name=field_names.get(field_code, ""),
        processing_time=ProcessingTime(duration, unit, trigger, cutoff),
        level=level,
        fee=fee,
        online_level=online_level,
        legal_basis=legal_basis,
        result_place=result_place,
        deciding_agency=deciding_agency,
        effective_from=effective_from,
        effective_to=effective_to,
    )


# --- tables (XLSX sheets) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False  # the column must be present in the sheet


FIELD_COLUMNS = (
    Column("code", "Mã lĩnh vực", ("Mã",), True),
    Column("name", "Tên lĩnh vực", ("Tên", "Lĩnh vực"), True),
)
PROCEDURE_COLUMNS = (
    Column("code", "Mã thủ tục", ("Mã TTHC", "Mã số thủ tục"), True),
    Column("name", "Tên thủ tục", ("Tên TTHC", "Tên thủ tục hành chính"), True),
    Column("field_code", "Mã lĩnh vực", (), True),
    Column("level", "Cấp thực hiện"),
    Column("duration", "Thời hạn", ("Thời hạn giải quyết",), True),
    Column("unit", "Đơn vị thời hạn", ("Đơn vị",)),
    Column("trigger", "Tính từ", ("Thời điểm bắt đầu tính",)),
    Column("cutoff", "Giờ tiếp nhận cuối", ("Giờ nhận cuối",)),
    Column("fee", "Phí, lệ phí", ("Phí lệ phí", "Phí", "Lệ phí")),
    Column("online_level", "Mức độ trực tuyến", ("Dịch vụ công trực tuyến", "Mức độ DVC")),
    Column("legal_basis", "Căn cứ pháp lý"),
    Column("result_place", "Nơi trả kết quả"),
    Column("effective_from", "Hiệu lực từ ngày", ("Hiệu lực từ", "Ngày hiệu lực")),
    Column("effective_to", "Hiệu lực đến ngày", ("Hiệu lực đến", "Ngày hết hiệu lực")),
    Column("deciding_agency", "Cơ quan giải quyết", ("Cơ quan có thẩm quyền quyết định", "Cơ quan thực hiện")),
)
DOCUMENT_COLUMNS = (
    Column("procedure_code", "Mã thủ tục", ("Mã TTHC",), True),
    Column("position", "STT", ("Số thứ tự", "TT")),
    Column("name", "Tên giấy tờ", ("Tên thành phần hồ sơ", "Thành phần hồ sơ", "Tên"), True),
    Column("copy_kind", "Loại bản", ("Bản",)),
    Column("quantity", "Số lượng", ("Số bản",)),
    Column("mandatory", "Bắt buộc", ("Bắt buộc?",)),
)
FEE_COLUMNS = (
    Column("procedure_code", "Mã thủ tục", ("Mã TTHC",), True),
    Column("kind", "Loại", ("Loại phí", "Phí hay lệ phí"), True),
    Column("name", "Tên khoản thu", ("Tên phí, lệ phí", "Tên")),
    Column("amount", "Mức thu (đồng)", ("Mức thu", "Số tiền", "Số tiền (đồng)")),
    Column("unit", "Đơn vị tính", ("Tính theo",)),
    Column("note", "Ghi chú, điều kiện", ("Ghi chú", "Điều kiện miễn, giảm", "Điều kiện")),
)
SHEET_COLUMNS = {
    SHEET_FIELDS: FIELD_COLUMNS,
    SHEET_PROCEDURES: PROCEDURE_COLUMNS,
    SHEET_DOCUMENTS: DOCUMENT_COLUMNS,
    SHEET_FEES: FEE_COLUMNS,
}

Rows = Sequence[Sequence[object]]


def _match_header(row: Sequence[object], columns: Sequence[Column]) -> dict[str, tuple[int, str]]:
    """key → (index, header text as written) for the cells of `row` that name a known column."""
    found: dict[str, tuple[int, str]] = {}
    for index, cell in enumerate(row):
        if not isinstance(cell, str) or not cell.strip():
            continue
        folded = _fold(cell)
        for column in columns:
            if column.key in found:
                continue
            if folded in (_fold(column.header), *(_fold(a) for a in column.aliases)):
                found[column.key] = (index, normalize_text(cell))
                break
    return found


def _records(sheet: str, rows: Rows, columns: Sequence[Column], issues: list[ImportIssue]) -> list[_Record] | None:
    """The data rows of a sheet as records; None (with issues) when its header row cannot be found."""
    required = [c for c in columns if c.required]
    header_at, mapping = None, {}
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
        candidate = _match_header(row, columns)
        if required[0].key in candidate:
            header_at, mapping = number, candidate
            break
    if header_at is None:
        issues.append(
            ImportIssue(
                f"không tìm thấy dòng tiêu đề (cần các cột: {', '.join(repr(c.header) for c in required)})", sheet
            )
        )
        return None
    missing = [c.header for c in required if c.key not in mapping]
    if missing:
        for header in missing:
            issues.append(ImportIssue(f"thiếu cột '{header}'", sheet, header_at))
        return None
    headers = {key: text for key, (_i, text) in mapping.items()}
    headers.update({c.key: c.header for c in columns if c.key not in headers})
    records = []
    for number, row in enumerate(rows[header_at:], start=header_at + 1):
        values = {key: (row[i] if i < len(row) else None) for key, (i, _t) in mapping.items()}
        if all(_is_blank(v) for v in values.values()):
            continue
        records.append(_Record(values, issues, sheet=sheet, row=number, headers=headers))
    return records


def parse_tables(sheets: Mapping[str, Rows], known_fields: Mapping[str, str] | None = None) -> CatalogueData:
    """A catalogue from spreadsheet sheets (name → rows of cell values); raises CatalogueFileError.

    `known_fields` (code → name) are the fields already in the store: a procedure may name one of them even
    when the file has no "Lĩnh vực" sheet. Sheet names are matched without regard to case or diacritics.
    """
    issues: list[ImportIssue] = []
    by_fold = {_fold(name): rows for name, rows in sheets.items()}

    def sheet(name: str, required: bool) -> Rows | None:
        rows = by_fold.get(_fold(name))
        if rows is None and required:
            present = ", ".join(f"'{n}'" for n in sheets) or "không có sheet nào"
            issues.append(ImportIssue(f"Thiếu sheet '{name}' (tệp có: {present})."))
        return rows

    field_rows = sheet(SHEET_FIELDS, required=False)
    procedure_rows = sheet(SHEET_PROCEDURES, required=True)
    document_rows = sheet(SHEET_DOCUMENTS, required=True)
    fee_rows = sheet(SHEET_FEES, required=False)  # files made before fees were data have none

    field_names = dict(known_fields or {})
    fields: list[FieldOfWork] = []
    if field_rows is not None:
        seen: dict[str, int] = {}
        for record in _records(SHEET_FIELDS, field_rows, FIELD_COLUMNS, issues) or ():
            field = _field(record)
            if field is None:
                continue
            if field.code in seen:
                record.problem("code", f"mã lĩnh vực '{field.code}' trùng với dòng {seen[field.code]}")
                continue
            seen[field.code] = record.row or 0
            fields.append(field)
            field_names[field.code] = field.name

    procedures: dict[str, Procedure] = {}
    procedure_rows_seen: dict[str, int] = {}
    if procedure_rows is not None:
        records = _records(SHEET_PROCEDURES, procedure_rows, PROCEDURE_COLUMNS, issues)
        for record in records or ():
            procedure = _procedure(record, field_names)
            code = clean_line(record.values.get("code"))
            if code in procedure_rows_seen:
                record.problem("code", f"mã thủ tục '{_show(code)}' trùng với dòng {procedure_rows_seen[code]}")
                continue
            if code:
                procedure_rows_seen[code] = record.row or 0
            if procedure is not None:
                procedures[procedure.code] = procedure
        if records is not None and not records:
            issues.append(ImportIssue("sheet không có thủ tục nào", SHEET_PROCEDURES))

    documents: dict[str, list[tuple[float, int, DocumentRequirement]]] = {}
    if document_rows is not None:
        for record in _records(SHEET_DOCUMENTS, document_rows, DOCUMENT_COLUMNS, issues) or ():
            code = record.text("procedure_code", required=True)
            position = record.get("position", lambda v: _integer(v, 0, 10_000))
            document = _document(record)
            if code and code not in procedure_rows_seen:
                record.problem(
                    "procedure_code", f"mã thủ tục '{_show(code)}' không có trong sheet '{SHEET_PROCEDURES}'"
                )
                continue
            if document is not None:
                order = float(position) if position is not None else float("inf")
                documents.setdefault(code, []).append((order, record.row or 0, document))

    fees: dict[str, list[FeeItem | FeeExemption | None]] = {}
    if fee_rows is not None:
        for record in _records(SHEET_FEES, fee_rows, FEE_COLUMNS, issues) or ():
            code = record.text("procedure_code", required=True)
            entry = _fee_entry(record)
            if code and code not in procedure_rows_seen:
                record.problem(
                    "procedure_code", f"mã thủ tục '{_show(code)}' không có trong sheet '{SHEET_PROCEDURES}'"
                )
                continue
            fees.setdefault(code, []).append(entry)

    if issues:
        raise CatalogueFileError(issues)
    result = []
    for code, procedure in procedures.items():
        docs = tuple(d for _o, _r, d in sorted(documents.get(code, ()), key=lambda t: (t[0], t[1])))
        result.append(dataclasses.replace(procedure, documents=docs, fees=_schedule(fees.get(code, ()))))
    return CatalogueData(tuple(fields), tuple(result))


def catalogue_to_tables(
    fields: Sequence[FieldOfWork], procedures: Sequence[Procedure]
) -> dict[str, list[list[object]]]:
    """Sheets (name → rows, the first row the headers) for writing a workbook; dates stay `date` values."""
    field_rows: list[list[object]] = [[c.header for c in FIELD_COLUMNS]]
    field_rows += [[f.code, f.name] for f in fields]
    procedure_rows: list[list[object]] = [[c.header for c in PROCEDURE_COLUMNS]]
    document_rows: list[list[object]] = [[c.header for c in DOCUMENT_COLUMNS]]
    fee_rows: list[list[object]] = [[c.header for c in FEE_COLUMNS]]
    for p in procedures:
        t = p.processing_time
        procedure_rows.append(
            [
                p.code,
                p.name,
                p.field_code,
                LEVEL_LABELS.get(p.level, p.level),
                t.duration,
                UNIT_XLSX[t.unit],
                TRIGGER_XLSX[t.trigger],
                t.cutoff.strftime("%H:%M") if t.cutoff else None,
                p.fee or None,
                p.online_level,
                p.legal_basis or None,
                p.result_place or None,
                p.effective_from,
                p.effective_to,
                p.deciding_agency or None,
            ]
        )
        for position, d in enumerate(p.documents, start=1):
            document_rows.append(
                [p.code, position, d.name, COPY_KIND_XLSX[d.copy_kind], d.quantity, YES if d.mandatory else NO]
            )
        for item in p.fees.items:
            fee_rows.append(
                [
                    p.code,
                    FEE_KIND_LABELS[item.kind],
                    item.name or None,
                    item.amount,
                    item.unit or None,
                    item.note or None,
                ]
            )
        for exemption in p.fees.exemptions:
            fee_rows.append([p.code, FEE_ROW_XLSX[EXEMPTION], None, None, None, exemption.condition])
    return {
        SHEET_FIELDS: field_rows,
        SHEET_PROCEDURES: procedure_rows,
        SHEET_DOCUMENTS: document_rows,
        SHEET_FEES: fee_rows,
    }


# --- JSON ---------------------------------------------------------------------------------------------------


def parse_json_document(data: object, known_fields: Mapping[str, str] | None = None) -> CatalogueData:
    """A catalogue from a decoded JSON document (demo_catalogue.json's shape); raises CatalogueFileError."""
    issues: list[ImportIssue] = []
    if not isinstance(data, dict) or not isinstance(data.get("procedures"), list):
        raise CatalogueFileError([ImportIssue('Tệp JSON phải là một đối tượng có danh sách "procedures".')])
    schema = data.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION:
        raise CatalogueFileError(
            [ImportIssue(f"Phiên bản định dạng (schema) {schema!r} chưa được hỗ trợ (cần {SCHEMA_VERSION}).")]
        )

    field_names = dict(known_fields or {})
    fields: list[FieldOfWork] = []
    raw_fields = data.get("fields", [])
    if not isinstance(raw_fields, list):
        issues.append(ImportIssue('"fields" phải là một danh sách'))
        raw_fields = []
    seen_fields: dict[str, int] = {}
    for number, item in enumerate(raw_fields, start=1):
        where = f"lĩnh vực thứ {number}"
        if not isinstance(item, dict):
            issues.append(ImportIssue("phải là một đối tượng {code, name}", item=where))
            continue
        field = _field(_Record(item, issues, item=where))
        if field is None:
            continue
        if field.code in seen_fields:
            issues.append(
                ImportIssue(
                    f"mã lĩnh vực '{field.code}' trùng với lĩnh vực thứ {seen_fields[field.code]}",
                    item=where,
                    column="code",
                )
            )
            continue
        seen_fields[field.code] = number
        fields.append(field)
        field_names[field.code] = field.name

    procedures: list[Procedure] = []
    seen_codes: dict[str, int] = {}
    for number, item in enumerate(data["procedures"], start=1):
        if not isinstance(item, dict):
            issues.append(ImportIssue("phải là một đối tượng", item=f"thủ tục thứ {number}"))
            continue
        code = clean_line(item.get("code"))
        where = f"thủ tục thứ {number}" + (f" (mã {_show(code)})" if code else "")
        record = _Record(item, issues, item=where)
        procedure = _procedure(record, field_names)
        if code in seen_codes:
            record.problem("code", f"mã thủ tục '{_show(code)}' trùng với thủ tục thứ {seen_codes[code]}")
        elif code:
            seen_codes[code] = number
        raw_documents = item.get("documents", [])
        if not isinstance(raw_documents, list):
            record.problem("documents", "phải là một danh sách")
            raw_documents = []
        documents = []
        for doc_number, doc in enumerate(raw_documents, start=1):
            doc_where = f"{where}, giấy tờ thứ {doc_number}"
            if not isinstance(doc, dict):
                issues.append(
                    ImportIssue("phải là một đối tượng {name, copy_kind, quantity, mandatory}", item=doc_where)
                )
                record.ok = False
                continue
            doc_record = _Record(doc, issues, item=doc_where)
            document = _document(doc_record)
            record.ok = record.ok and doc_record.ok
            if document is not None:
                documents.append(document)
        schedule = _json_fees(item.get("fees"), where, record, issues)
        if procedure is not None and record.ok:
            procedures.append(dataclasses.replace(procedure, documents=tuple(documents), fees=schedule))
    if not data["procedures"]:
        issues.append(ImportIssue('Danh sách "procedures" trống: tệp không có thủ tục nào.'))
    if issues:
        raise CatalogueFileError(issues)
    return CatalogueData(tuple(fields), tuple(procedures))


def _json_fees(raw: object, where: str, record: _Record, issues: list[ImportIssue]) -> FeeSchedule:
    """A procedure's "fees": {"items": [{kind, name, amount, unit, note}], "exemptions": [{condition}]}."""
    if raw is None:
        return FeeSchedule()
    if not isinstance(raw, dict):
        record.problem("fees", 'phải là một đối tượng {"items": [...], "exemptions": [...]}')
        return FeeSchedule()
    entries: list[FeeItem | FeeExemption | None] = []
    for key, shape in (("items", "{kind, name, amount, unit, note}"), ("exemptions", "{condition}")):
        values = raw.get(key, [])
        if not isinstance(values, list):
            record.problem("fees", f'"{key}" phải là một danh sách')
            continue
        for number, value in enumerate(values, start=1):
            label = "khoản phí" if key == "items" else "miễn, giảm"
            item_where = f"{where}, {label} thứ {number}"
            if not isinstance(value, dict):
                issues.append(ImportIssue(f"phải là một đối tượng {shape}", item=item_where))
                record.ok = False
                continue
            if key == "exemptions":
                value = {"kind": EXEMPTION, "note": value.get("condition")}
            fee_record = _Record(value, issues, item=item_where)
            entries.append(_fee_entry(fee_record))
            record.ok = record.ok and fee_record.ok
    return _schedule(entries)


def catalogue_to_json(fields: Sequence[FieldOfWork], procedures: Sequence[Procedure], agency: str = "") -> dict:
    """The JSON document (demo_catalogue.json's shape) for fields and procedures."""
    return {
        "schema": SCHEMA_VERSION,
        "agency": agency,
        "fields": [{"code": f.code, "name": f.name} for f in fields],
        "procedures": [procedure_to_json(p) for p in procedures],
    }


def procedure_to_json(p: Procedure) -> dict:
    t = p.processing_time
    return {
        "code": p.code,
        "name": p.name,
        "field_code": p.field_code,
        "level": p.level,
        "duration": t.duration,
        "unit": t.unit.value,
        "trigger": t.trigger.value,
        "cutoff": t.cutoff.strftime("%H:%M") if t.cutoff else None,
        "fee": p.fee,
        "online_level": p.online_level,
        "legal_basis": p.legal_basis,
        "result_place": p.result_place,
        "effective_from": p.effective_from.isoformat() if p.effective_from else None,
        "effective_to": p.effective_to.isoformat() if p.effective_to else None,
        "deciding_agency": p.deciding_agency,
        "documents": [
            {"name": d.name, "copy_kind": d.copy_kind.value, "quantity": d.quantity, "mandatory": d.mandatory}
            for d in p.documents
        ],
        "fees": p.fees.to_json(),
    }


# --- comparing versions -----------------------------------------------------------------------------------


def content_key(procedure: Procedure) -> Procedure:
    """What makes two versions of a procedure the same rule: everything but the store's identity and dates."""
    return dataclasses.replace(
        procedure, version_id=None, field_name="", effective_from=None, effective_to=None, extra={}
    )


def same_rule(incoming: Procedure, stored: Procedure) -> bool:
    """Whether importing `incoming` over `stored` changes nothing.

    Dates left empty in the file do not count as a change (the file does not say); dates given must match.
    """
    if content_key(incoming) != content_key(stored):
        return False
    if incoming.effective_from is not None and incoming.effective_from != stored.effective_from:
        return False
    return incoming.effective_to is None or incoming.effective_to == stored.effective_to


def check_procedure(
    procedure: Procedure, known_fields: Mapping[str, str]
) -> tuple[Procedure | None, list[ImportIssue]]:
    """A procedure edited on screen, cleaned (NFC, spaces) and checked like an imported row.

    Returns the cleaned procedure (None when there is a problem) and the problems, each naming the column as
    the spreadsheet does ("trường 'Thời hạn'").
    """
    issues: list[ImportIssue] = []
    record = _Record(procedure_to_json(procedure), issues, headers={c.key: c.header for c in PROCEDURE_COLUMNS})
    cleaned = _procedure(record, known_fields)
    doc_headers = {c.key: c.header for c in DOCUMENT_COLUMNS}
    documents = []
    for number, document in enumerate(procedure.documents, start=1):
        doc_record = _Record(
            {
                "name": document.name,
                "copy_kind": document.copy_kind.value,
                "quantity": document.quantity,
                "mandatory": document.mandatory,
            },
            issues,
            item=f"giấy tờ thứ {number}",
            headers=doc_headers,
        )
        documents.append(_document(doc_record))
    schedule = _json_fees(procedure.fees.to_json(), "phí, lệ phí", _Record({}, issues), issues)
    if issues or cleaned is None:
        return None, issues
    return dataclasses.replace(cleaned, documents=tuple(d for d in documents if d is not None), fees=schedule), []
