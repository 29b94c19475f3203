"""No doubled word in what a user reads (issue 10: "hồ sơ hồ sơ" in messages).

Scans every Vietnamese string the program can show — string literals in counter_app (the constant parts of
f-strings too), the Qt Designer forms, the form texts of the slips — for a word or a two-syllable word written
twice in a row. Messages composed from a name and a template are checked where they are made
(tests/test_gui_reprint.py prints every slip and reads the status messages).
"""

from __future__ import annotations

import ast
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# A word (or two syllables, as "hồ sơ") repeated after one space, the first letter in either case ("Hồ sơ hồ sơ"),
# the rest exactly ("url URL" and "đ Đ" are not repeats; aligned columns, with several spaces, are not text).
DOUBLED = re.compile(r"(?<!\w)(\w)(\w+(?: \w+)?) (?i:\1)\2(?!\w)")
# Repetitions that are Vietnamese, not typos.
ALLOWED = {"từng từng"}
PLACEHOLDER = "\x00"  # stands for an f-string's {…}: a repeat across it is not a repeat in the text


def doubled(text: str) -> list[str]:
    return [m.group(0) for m in DOUBLED.finditer(text) if m.group(0).lower() not in ALLOWED]


def _vietnamese(text: str) -> bool:
    return any(ord(ch) > 0x7F for ch in text)


def python_strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    in_fstring: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = []
            for value in node.values:
                in_fstring.add(id(value))
                parts.append(value.value if isinstance(value, ast.Constant) else PLACEHOLDER)
            found.append((node.lineno, "".join(str(p) for p in parts)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in in_fstring:
            found.append((node.lineno, node.value))
    return [(line, text) for line, text in found if _vietnamese(text)]


def ui_strings(path: Path) -> list[tuple[int, str]]:
    return [(0, e.text) for e in ET.parse(path).iter("string") if e.text and _vietnamese(e.text)]


def json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return []


def test_the_check_sees_a_doubled_word():
    assert doubled("Đã in phiếu yêu cầu bổ sung, hoàn thiện hồ sơ hồ sơ H61.22-261125-1001.") == ["hồ sơ hồ sơ"]
    assert doubled("Không có có hồ sơ") == ["có có"]
    assert doubled(f"Đã in phiếu hồ sơ{PLACEHOLDER} hồ sơ") == []
    assert doubled("Hồ sơ của hồ sơ") == []


@pytest.mark.parametrize("folder", ["counter_app", "ui", "resources"])
def test_no_doubled_word_in_user_visible_text(folder):
    problems = []
    for path in sorted((ROOT / folder).rglob("*")):
        if path.suffix == ".py":
            strings = python_strings(path)
        elif path.suffix == ".ui":
            strings = ui_strings(path)
        elif path.suffix == ".json" and path.stat().st_size < 2_000_000:
            strings = [(0, s) for s in json_strings(json.loads(path.read_text(encoding="utf-8")))]
        else:
            continue
        for line, text in strings:
            for words in doubled(text):
                problems.append(f"{path.relative_to(ROOT)}:{line}: «{words}» in {text[:120]!r}")
    assert problems == [], "\n".join(problems)


def test_composed_print_messages_have_no_doubled_word():
    """ "Đã in <paper> hồ sơ <code>": a paper whose name ends in "hồ sơ" does not say it twice."""
    from counter_app.gui.slip_printing import SLIP_NAMES, of_dossier

    for name in SLIP_NAMES.values():
        for template in ("Đã in {x} ra tệp a.pdf.", "Chưa in được {x}: lỗi.", "Xem trước {x}"):
            text = template.format(x=of_dossier(name, "H61.22-261125-1001"))
            assert doubled(text) == [], text
    assert (
        of_dossier("phiếu kiểm soát quá trình giải quyết hồ sơ", "C") == "phiếu kiểm soát quá trình giải quyết hồ sơ C"
    )
