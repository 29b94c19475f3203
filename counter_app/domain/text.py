"""Text normalisation shared by validation, storage and search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize_text(value: str | None) -> str:
    """NFC-normalise, trim, and collapse runs of white space to one space.

    Vietnamese typed on some keyboards (or pasted from PDFs) arrives decomposed (NFD); stored and
    printed text must be NFC or accents stack badly and searches miss.
    """
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold_for_search(value: str | None) -> str:
    """Lower-case, diacritics removed, đ→d: "Nguyễn Thị Hương" → "nguyen thi huong".

    đ/Đ is a letter of its own in Unicode (not d plus a mark), so NFD alone does not fold it.
    """
    text = unicodedata.normalize("NFD", normalize_text(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("đ", "d").replace("Đ", "D").lower()


def digits_only(value: str | None) -> str:
    return "".join(ch for ch in (value or "") if ch.isdigit())
