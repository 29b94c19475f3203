"""Escaping text for reportlab's Paragraph markup, without importing xml.sax.saxutils.

`xml.sax.saxutils` imports urllib.request, and with it http.client, ssl and email: about 2 MB resident that the
window kept all day for three string replacements (docs/BENCHMARKS.md, "Window memory over a long day",
2026-12-05). These are the same replacements, in the same order, as saxutils' escape and unescape
(tests/test_print_markup.py compares them).
"""

from __future__ import annotations

from collections.abc import Mapping


def escape(data: str) -> str:
    """Escape &, < and > (the ampersand first), as xml.sax.saxutils.escape(data)."""
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def unescape(data: str, entities: Mapping[str, str] | None = None) -> str:
    """Undo escape, then replace each of `entities` (the ampersand last), as xml.sax.saxutils.unescape."""
    data = data.replace("&lt;", "<").replace("&gt;", ">")
    for key, value in (entities or {}).items():
        data = data.replace(key, value)
    return data.replace("&amp;", "&")
