"""Form texts as data (ARCHITECTURE decision 6): titles, form numbers, sentences, column heads and signature
titles of the official slips, read from ``resources/forms/forms.json`` and, if the office has one, a
``forms.json`` in its data folder holding only what it changes (merged over the bundled file, key by key).

Sentences carry ``{placeholders}`` filled from the dossier. The loader checks every sentence against what
the slips need: a sentence without a placeholder it must carry (a supplement request's help line without
``{phone}``), a placeholder nobody fills (``{reson}``), a missing sentence or a malformed brace is refused
with one clear message naming the file, the form and the sentence.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counter_app.domain.text import normalize_text
from counter_app.printing.markup import escape as _xml_escape
from counter_app.resources import resource_path

FORMS_FILE = "forms.json"
FORM_SETS = ("03/2025", "01/2018")
EMPTY_VALUE = "……………"  # what an empty value prints as: dots to fill in by hand

# Placeholders whose value is a citizen's own (a sentence with one is rendered as layout.OwnParagraph: never cached):
# the applicant, and on the return slip who received the result, their ID number and who came for it.
PERSONAL_PLACEHOLDERS = frozenset({"applicant", "receiver", "receiver_id", "collector"})


def uses_personal(template: str) -> bool:
    """Whether ``template`` has a PERSONAL_PLACEHOLDERS placeholder."""
    return any(name in PERSONAL_PLACEHOLDERS for _, name, _, _ in string.Formatter().parse(template))


# Placeholders every sentence of every form may use.
COMMON_PLACEHOLDERS = frozenset(
    {
        "unit",
        "agency",
        "applicant",
        "code",
        "procedure",
        "procedure_code",
        "received",
        "received_date",
        "due",
        "due_date",
        "place",
        "number",
    }
)

# Per form: placeholders its sentences may use besides the common ones.
FORM_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "receipt": frozenset(),
    "supplement": frozenset({"reason", "officer", "phone", "round"}),
    "refusal": frozenset({"reason", "officer"}),
    "apology": frozenset({"reason", "previous_due", "previous_due_date", "new_due", "new_due_date", "officer"}),
    "stop": frozenset({"reason", "stopped", "stopped_date", "officer"}),
    "control": frozenset({"deciding_unit", "cooperating_unit", "giver_unit", "receiver_unit", "time", "index", "date"}),
    "register": frozenset({"date_from", "date_to", "rounds"}),
    "return": frozenset(
        {
            "receiver",
            "receiver_id",
            "result",
            "returned",
            "method",
            "officer",
            "resolved",
            # issue 13 item 3
            "collector",
            "tracking_number",
            "originals",
            "result_paper",
            "file_location",
        }
    ),
}

# Per form: sentences added after form files were first written, with their wording when a file does not give
# one (a file written before keeps loading). A file that gives one is checked like any other sentence.
OPTIONAL_TEXTS: dict[str, dict[str, str]] = {
    "return": {
        "collector": "Người đến nhận: {collector}",
        "tracking_number": "Số hiệu bưu gửi: {tracking_number}",
        "result_paper": "Giấy tờ kết quả: {result_paper}",
        "originals": "Bản chính trả lại người nộp: {originals}",
        "file_location": "Vị trí lưu hồ sơ: {file_location}",
    },
}

# Per form: the sentences it prints and the placeholders each must keep (an empty set: any wording).
REQUIRED_TEXTS: dict[str, dict[str, frozenset[str]]] = {
    "receipt": {},
    "supplement": {
        "intro": frozenset({"applicant"}),
        "request": frozenset({"procedure"}),
        "table_intro": frozenset(),
        "reason": frozenset({"reason"}),
        "help": frozenset({"officer", "phone"}),
    },
    "refusal": {
        "intro": frozenset({"applicant"}),
        "request": frozenset({"procedure"}),
        "decision": frozenset(),
        "reason": frozenset({"reason"}),
        "closing": frozenset(),
    },
    "apology": {
        "addressee": frozenset({"applicant"}),
        "received": frozenset({"code"}),
        "promised": frozenset({"previous_due"}),
        "not_met": frozenset(),
        "reason": frozenset({"reason"}),
        "apology": frozenset(),
        "new_due": frozenset({"new_due"}),
        "closing": frozenset(),
    },
    "stop": {
        "addressee": frozenset({"applicant"}),
        "received": frozenset({"code"}),
        "decision": frozenset(),
        "reason": frozenset({"reason"}),
        "after": frozenset(),
        "closing": frozenset(),
    },
    "control": {
        "applicant": frozenset({"applicant"}),
        "request": frozenset({"procedure"}),
        "received": frozenset({"received"}),
        "due": frozenset({"due"}),
        "deciding_unit": frozenset({"deciding_unit"}),
        "cooperating_unit": frozenset({"cooperating_unit"}),
        "giver": frozenset({"giver_unit"}),
        "receiver": frozenset({"receiver_unit"}),
        "time": frozenset({"time"}),
        "giver_sign": frozenset(),
        "receiver_sign": frozenset(),
        "early": frozenset(),
        "on_time": frozenset(),
        "late": frozenset(),
        "note_supplement_requested": frozenset({"date"}),
        "note_supplement_received": frozenset({"date"}),
        "note_extended": frozenset({"date"}),
    },
    "register": {
        "period": frozenset({"date_from", "date_to"}),
        "empty": frozenset(),
        "late": frozenset(),
        "refused": frozenset(),
        "stopped": frozenset(),
        "withdrawn": frozenset(),
        "supplements": frozenset({"rounds"}),
        "extended": frozenset(),
        "post": frozenset(),
    },
    "return": {
        "intro": frozenset({"applicant"}),
        "request": frozenset({"procedure"}),
        "received": frozenset({"received"}),
        "due": frozenset({"due"}),
        "result": frozenset({"result"}),
        "receiver": frozenset({"receiver"}),
        "receiver_id": frozenset({"receiver_id"}),
        "returned": frozenset({"returned"}),
        "method": frozenset({"method"}),
        "late": frozenset(),
    },
}

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "supplement": ("number", "document", "quantity", "original", "certified_copy", "photocopy", "or"),
    "control": ("unit", "time", "result", "result_hint", "note"),
    "register": (
        "number",
        "code",
        "procedure",
        "copies",
        "applicant",
        "contact",
        "deciding_unit",
        "dates",
        "received",
        "due",
        "handed",
        "result",
        "returned",
        "signature",
        "note",
    ),
}

# Values printed in bold wherever a sentence puts them.
BOLD_PLACEHOLDERS = frozenset({"applicant", "procedure", "new_due", "receiver", "result", "code"})

SLIP_FORMS = tuple(REQUIRED_TEXTS)


class FormTextError(ValueError):
    """The form texts cannot be used; str() is one Vietnamese sentence naming the file, form and sentence."""


@dataclass(frozen=True)
class SignatureText:
    title: str
    hint: str = ""
    above: str = ""
    name: str = ""  # may hold placeholders, e.g. "{officer}"


# Who signs a slip (forms.json "signed_by"): the roles of DOMAIN.md §2, in Vietnamese for the screens.
SIGNER_ROLES = {
    "counter_officer": "cán bộ tiếp nhận (Bộ phận Một cửa)",
    "unit_head": "người đứng đầu bộ phận tiếp nhận",
    "agency_head": "thủ trưởng cơ quan giải quyết",
}


@dataclass(frozen=True)
class CopyText:
    text: str
    short: str = ""


@dataclass(frozen=True)
class FormText:
    """The texts of one form, for the chosen form set."""

    key: str
    number: str | None  # its number in the chosen form set ("02"), None when the set has no such form
    title: str
    numbers: Mapping[str, str] = field(default_factory=dict)
    subtitle: str = ""
    number_line: str | None = None  # "Số: {number}/HDHS"
    paper: str = "A4"
    copies: tuple[CopyText, ...] = (CopyText(""),)
    texts: Mapping[str, str] = field(default_factory=dict)
    columns: Mapping[str, str] = field(default_factory=dict)
    signatures: tuple[SignatureText, ...] = ()
    recipients_title: str = ""
    recipients: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    min_rows: int = 0  # an open dossier's sheet gets rows to fill by hand: at least one, up to this many rows in all
    issuer: str = "unit"  # whose name the header ends with, in bold: "unit" (the one-stop unit) or "agency"
    form_number_line: str = ""  # "Mẫu số 02" when the office prints form numbers, else ""
    signed_by: str = "counter_officer"  # SIGNER_ROLES key: who signs this slip
    # A refusal decided after the dossier went to the deciding agency: that agency's head signs (forms.json).
    signed_by_during_handling: str = ""
    signatures_during_handling: tuple[SignatureText, ...] = ()

    def signer(self, during_handling: bool = False) -> tuple[str, tuple[SignatureText, ...]]:
        """(role, signature blocks) of the slip; during handling, the second block when the form has one."""
        if during_handling and self.signed_by_during_handling:
            return self.signed_by_during_handling, self.signatures_during_handling
        return self.signed_by, self.signatures

    def text(self, key: str, **values: Any) -> str:
        """Sentence ``key`` as Paragraph markup: the sentence escaped, values escaped (empty ones as dots),
        the values of BOLD_PLACEHOLDERS in bold."""
        return fill_markup(self.texts[key], values)

    def is_own(self, key: str) -> bool:
        """Whether sentence ``key`` carries a citizen's own text (PERSONAL_PLACEHOLDERS)."""
        return uses_personal(self.texts[key])

    def plain(self, key: str, **values: Any) -> str:
        """Sentence ``key`` as plain text (no markup), empty values as dots."""
        return fill_plain(self.texts[key], values)

    def column(self, key: str) -> str:
        return self.columns[key]


@dataclass(frozen=True)
class FormTexts:
    form_set: str
    forms: Mapping[str, FormText]
    source: str = ""

    def form(self, key: str) -> FormText:
        try:
            return self.forms[key]
        except KeyError:
            raise FormTextError(f"{self.source}: không có mẫu «{key}».") from None


# --------------------------------------------------------------------------------------------- filling


class _Values(dict):
    def __init__(self, values: Mapping[str, Any], markup: bool):
        super().__init__()
        for name, value in values.items():
            text = normalize_text("" if value is None else str(value))
            if markup:
                text = _xml_escape(text) if text else EMPTY_VALUE
                if name in BOLD_PLACEHOLDERS and text != EMPTY_VALUE:
                    text = f"<b>{text}</b>"
            else:
                text = text or EMPTY_VALUE
            self[name] = text

    def __missing__(self, key: str) -> str:
        return EMPTY_VALUE


def _escape_template(template: str) -> str:
    """Escape the literal parts of a template for markup; the {placeholders} stay as they are."""
    out = []
    for literal, name, spec, conv in string.Formatter().parse(template):
        out.append(_xml_escape(literal).replace("{", "{{").replace("}", "}}"))
        if name is not None:
            out.append("{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}")
    return "".join(out)


def fill_markup(template: str, values: Mapping[str, Any]) -> str:
    return _escape_template(normalize_text(template)).format_map(_Values(values, markup=True))


def fill_plain(template: str, values: Mapping[str, Any]) -> str:
    return normalize_text(normalize_text(template).format_map(_Values(values, markup=False)))


# --------------------------------------------------------------------------------------------- loading


def placeholders(template: str) -> set[str]:
    """The placeholder names of a template; ValueError for a malformed brace."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return override


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FormTextError(f"Không tìm thấy tệp mẫu phiếu {path}.") from None
    except json.JSONDecodeError as exc:
        raise FormTextError(f"{path}: không đọc được JSON (dòng {exc.lineno}, cột {exc.colno}: {exc.msg}).") from None
    if not isinstance(data, dict):
        raise FormTextError(f"{path}: nội dung phải là một đối tượng JSON.")
    return data


def bundled_forms_path() -> Path:
    return resource_path("forms", FORMS_FILE)


def load_form_texts(path: Path | None = None, override: Path | None = None) -> FormTexts:
    """The form texts of ``path`` (default: the bundled file), with ``override`` merged over it when that
    file exists. Raises FormTextError with a clear message for anything a slip could not print."""
    path = path or bundled_forms_path()
    data = _read_json(path)
    source = str(path)
    if override is not None and override.exists():
        data = _merge(data, _read_json(override))
        source = f"{path} + {override}"
    return parse_form_texts(data, source)


def _str(value: Any, where: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise FormTextError(f"{where}: phải là một chuỗi{' không rỗng' if required else ''}.")
    return normalize_text(value)


def _check_template(template: str, where: str, allowed: frozenset[str], required: frozenset[str]) -> None:
    try:
        names = placeholders(template)
    except ValueError as exc:
        raise FormTextError(
            f"{where}: dấu ngoặc nhọn không hợp lệ ({exc}); viết {{{{ và }}}} cho dấu ngoặc thường."
        ) from None
    for name in sorted(names):
        if not name.isidentifier():
            raise FormTextError(f"{where}: chỗ điền {{{name}}} không hợp lệ.")
    missing = sorted(required - names)
    if missing:
        shown = ", ".join("{" + m + "}" for m in missing)
        raise FormTextError(f"{where}: thiếu chỗ điền {shown} trong «{template}».")
    unknown = sorted(names - allowed)
    if unknown:
        shown = ", ".join("{" + u + "}" for u in unknown)
        known = ", ".join("{" + a + "}" for a in sorted(allowed))
        raise FormTextError(f"{where}: chỗ điền {shown} không có dữ liệu để điền (dùng được: {known}).")


def parse_form_texts(data: Mapping[str, Any], source: str = "forms.json") -> FormTexts:
    form_set = data.get("form_set", FORM_SETS[0])
    if form_set not in FORM_SETS:
        raise FormTextError(f"{source}: form_set phải là một trong {', '.join(FORM_SETS)} (đang là {form_set!r}).")
    show_number = bool(data.get("show_form_number", False))
    number_pattern = _str(data.get("form_number_line", "Mẫu số {number}"), f"{source}: form_number_line")
    _check_template(number_pattern, f"{source}: form_number_line", frozenset({"number"}), frozenset({"number"}))
    raw_forms = data.get("forms")
    if not isinstance(raw_forms, dict):
        raise FormTextError(f"{source}: thiếu mục «forms».")
    forms: dict[str, FormText] = {}
    for key in SLIP_FORMS:
        raw = raw_forms.get(key)
        where = f"{source}, mẫu «{key}»"
        if not isinstance(raw, dict):
            raise FormTextError(f"{where}: không có trong tệp.")
        forms[key] = _parse_form(key, raw, where, form_set, number_pattern if show_number else "")
    return FormTexts(form_set=form_set, forms=forms, source=source)


def _parse_form(key: str, raw: Mapping[str, Any], where: str, form_set: str, number_pattern: str) -> FormText:
    allowed = COMMON_PLACEHOLDERS | FORM_PLACEHOLDERS[key]
    numbers = raw.get("numbers") or {}
    if not isinstance(numbers, dict):
        raise FormTextError(f"{where}: «numbers» phải là đối tượng {{\"03/2025\": \"02\", …}}.")
    number = numbers.get(form_set)
    titles = raw.get("titles")
    if isinstance(titles, dict) and titles.get(form_set):
        title = _str(titles[form_set], f"{where}, titles[{form_set}]")
    else:
        title = _str(raw.get("title"), f"{where}, title")
    number_line = raw.get("number_line")
    if number_line is not None:
        number_line = _str(number_line, f"{where}, number_line")
        _check_template(number_line, f"{where}, number_line", allowed, frozenset())

    texts_raw = raw.get("texts") or {}
    if not isinstance(texts_raw, dict):
        raise FormTextError(f"{where}: «texts» phải là đối tượng.")
    texts: dict[str, str] = {}
    for text_key, required in REQUIRED_TEXTS[key].items():
        if text_key not in texts_raw:
            raise FormTextError(f"{where}: thiếu câu «{text_key}».")
        template = _str(texts_raw[text_key], f"{where}, câu «{text_key}»")
        _check_template(template, f"{where}, câu «{text_key}»", allowed, required)
        texts[text_key] = template
    for text_key, default in OPTIONAL_TEXTS.get(key, {}).items():
        template = _str(texts_raw[text_key], f"{where}, câu «{text_key}»") if text_key in texts_raw else default
        _check_template(template, f"{where}, câu «{text_key}»", allowed, frozenset())
        texts[text_key] = template

    columns_raw = raw.get("columns") or {}
    columns: dict[str, str] = {}
    for column in REQUIRED_COLUMNS.get(key, ()):
        if column not in columns_raw:
            raise FormTextError(f"{where}: thiếu tên cột «{column}».")
        columns[column] = _str(columns_raw[column], f"{where}, cột «{column}»")

    def signature_blocks(name_of_list: str) -> list[SignatureText]:
        blocks: list[SignatureText] = []
        for i, sig in enumerate(raw.get(name_of_list) or (), start=1):
            w = f"{where}, {name_of_list} {i}"
            if not isinstance(sig, dict):
                raise FormTextError(f"{w}: phải là đối tượng {{\"title\": …}}.")
            name = _str(sig.get("name"), f"{w}, name", required=False)
            _check_template(name, f"{w}, name", allowed, frozenset())
            blocks.append(
                SignatureText(
                    title=_str(sig.get("title"), f"{w}, title"),
                    hint=_str(sig.get("hint"), f"{w}, hint", required=False),
                    above=_str(sig.get("above"), f"{w}, above", required=False),
                    name=name,
                )
            )
        return blocks

    def role(name_of_key: str, default: str) -> str:
        value = raw.get(name_of_key, default)
        if value and value not in SIGNER_ROLES:
            raise FormTextError(f"{where}: «{name_of_key}» chỉ nhận {', '.join(SIGNER_ROLES)} (đang là {value!r}).")
        return value or ""

    signatures = signature_blocks("signatures")
    during_handling = signature_blocks("signatures_during_handling")
    signed_by_during_handling = role("signed_by_during_handling", "")
    if bool(during_handling) != bool(signed_by_during_handling):
        raise FormTextError(f"{where}: «signatures_during_handling» và «signed_by_during_handling» phải đi cùng nhau.")

    copies_raw = raw.get("copies")
    copies: tuple[CopyText, ...] = (CopyText(""),)
    if copies_raw:
        if not isinstance(copies_raw, list):
            raise FormTextError(f"{where}: «copies» phải là danh sách liên.")
        copies = tuple(
            CopyText(
                _str(c.get("text"), f"{where}, liên {i}", required=False),
                _str(c.get("short"), f"{where}, liên {i}", required=False),
            )
            if isinstance(c, dict)
            else CopyText(_str(c, f"{where}, liên {i}"))
            for i, c in enumerate(copies_raw, start=1)
        )

    def str_list(name: str) -> tuple[str, ...]:
        items = raw.get(name)
        if items is None:
            return ()
        if not isinstance(items, list):
            raise FormTextError(f"{where}: «{name}» phải là danh sách chuỗi.")
        return tuple(_str(x, f"{where}, {name}") for x in items)

    min_rows = raw.get("min_rows", 0)
    if not isinstance(min_rows, int) or not 0 <= min_rows <= 10:
        raise FormTextError(f"{where}: «min_rows» phải là số nguyên từ 0 đến 10.")
    paper = _str(raw.get("paper", "A4"), f"{where}, paper")
    issuer = raw.get("issuer", "unit")
    if issuer not in ("unit", "agency"):
        raise FormTextError(f"{where}: «issuer» phải là \"unit\" (bộ phận một cửa) hoặc \"agency\" (cơ quan).")
    return FormText(
        key=key,
        number=number,
        numbers=dict(numbers),
        title=title,
        subtitle=_str(raw.get("subtitle"), f"{where}, subtitle", required=False),
        number_line=number_line,
        paper=paper,
        copies=copies,
        texts=texts,
        columns=columns,
        signatures=tuple(signatures),
        recipients_title=_str(raw.get("recipients_title"), f"{where}, recipients_title", required=False),
        recipients=str_list("recipients"),
        notes=str_list("notes"),
        min_rows=min_rows,
        issuer=issuer,
        form_number_line=number_pattern.format(number=number) if number_pattern and number else "",
        signed_by=role("signed_by", "counter_officer"),
        signed_by_during_handling=signed_by_during_handling,
        signatures_during_handling=tuple(during_handling),
    )
