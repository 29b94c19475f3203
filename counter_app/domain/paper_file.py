"""The return done fully, and the paper file afterwards (issue 13 item 3).

- Who collects the result: the applicant, a person they authorised (representative), or the post (then the postal
  item's number is required).
- The originals handed back: papers received at intake (by their position on the receipt or their name), each
  with how many copies, never more than were received.
- Where the paper file is kept ("Vị trí lưu hồ sơ": "Kệ 3 hộp 12"), who put it there and when: recorded at return
  or later as an event of its own, as often as the file moves; the latest is where it is. The search box finds a
  dossier by it ("Kệ 3 hộp 12", "kệ 3": every box of shelf 3; or "vt: …" for any other wording).

Plain Python: no Qt, no store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from counter_app.domain.field_limits import FIELD_LIMITS
from counter_app.domain.text import fold_for_search, normalize_text
from counter_app.domain.validation import FieldError, check_printable

COLLECTORS = ("applicant", "representative", "post")
COLLECTOR_LABELS = {
    "applicant": "Người nộp hồ sơ",
    "representative": "Người được ủy quyền",
    "post": "Bưu chính",
}
MAX_ORIGINALS = 50
# The first word of a location as offices write them: "Kệ 3 hộp 12", "Tủ 2 ngăn 4", "Hộp 15", "Kho A giá 3".
LOCATION_WORDS = frozenset({"ke", "hop", "tu", "ngan", "gia", "kho", "phong", "cap", "day"})
_EXPLICIT = re.compile(r"^(?:vt|vi tri)\s*:\s*(.*)$")
_QUANTITY = re.compile(r"^(.*?)\s*:\s*(\d{1,3})$")


def clean_file_location(value: Any, errors: list[FieldError], *, required: bool = False) -> str:
    text = normalize_text(value) if isinstance(value, str) else ""
    if not text:
        if required:
            errors.append(FieldError("file_location", "phải ghi vị trí lưu hồ sơ, ví dụ «Kệ 3 hộp 12»."))
        return ""
    check_printable("file_location", text, errors)
    limit = FIELD_LIMITS["file_location"]
    if len(text) > limit:
        errors.append(FieldError("file_location", f"dài quá {limit} ký tự (hiện có {len(text)})."))
    return text


def fold_location(value: str) -> str:
    """A location as the search compares it: case, diacritics and spacing ignored ("kệ  3 Hộp 12" = "ke 3 hop 12")."""
    return " ".join(re.findall(r"[a-z0-9]+", fold_for_search(value)))


def location_query(text: str) -> str | None:
    """The folded location the search box asks for, or None when the text is not a location.

    "vt: …" / "vị trí: …" is always one; otherwise a text whose first word is a storage word (kệ, hộp, tủ, ngăn,
    giá, kho …) and that has a digit (a name never has one)."""
    folded = " ".join(fold_for_search(normalize_text(text)).split())
    explicit = _EXPLICIT.match(folded)
    if explicit:
        return fold_location(explicit[1]) or None
    words = fold_location(folded).split()
    if words and words[0] in LOCATION_WORDS and any(ch.isdigit() for ch in folded):
        return " ".join(words)
    return None


def clean_originals(
    items: Iterable[str], received: Sequence[dict[str, Any]], errors: list[FieldError]
) -> list[dict[str, Any]]:
    """The originals handed back, as [{"name", "quantity"}]: each item a received paper's position ("2") or name
    (case and diacritics ignored), optionally ":N" copies (default: as many as were received)."""
    by_folded = {fold_for_search(str(d.get("name", ""))): d for d in received}
    found: list[dict[str, Any]] = []
    for raw in items:
        text = normalize_text(raw)
        if not text:
            continue
        count: int | None = None
        match = _QUANTITY.match(text)
        if match and match[1]:
            text, count = match[1], int(match[2])
        if text.isdigit():
            position = int(text)
            if not 1 <= position <= len(received):
                errors.append(
                    FieldError("originals", f"không có giấy tờ số {position} trong hồ sơ đã nhận (có {len(received)}).")
                )
                continue
            doc = received[position - 1]
        else:
            found_doc = by_folded.get(fold_for_search(text))
            if found_doc is None:
                errors.append(FieldError("originals", f"«{text}» không có trong thành phần hồ sơ đã nhận."))
                continue
            doc = found_doc
        name = str(doc.get("name", ""))
        most = int(doc.get("quantity") or 1)
        quantity = most if count is None else count
        if not 1 <= quantity <= most:
            errors.append(FieldError("originals", f"«{name}»: đã nhận {most} bản, trả lại từ 1 đến {most} bản."))
            continue
        if any(f["name"] == name for f in found):
            errors.append(FieldError("originals", f"«{name}» ghi hai lần."))
            continue
        found.append({"name": name, "quantity": quantity})
    if len(found) > MAX_ORIGINALS:
        errors.append(FieldError("originals", f"quá {MAX_ORIGINALS} giấy tờ."))
    return found


def describe_originals(items: Any) -> str:
    """ "Giấy khai sinh (01 bản); Sổ hộ khẩu (02 bản)" from a payload's originals ("" when none)."""
    if not isinstance(items, list):
        return ""
    parts = []
    for item in items:
        if isinstance(item, dict) and item.get("name"):
            parts.append(f"{item['name']} ({int(item.get('quantity') or 1):02d} bản)")
    return "; ".join(parts)
