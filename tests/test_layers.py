"""The layer rules of ARCHITECTURE.md as a test: import graph (ast), SQL only in store/ and hub/, no cycles.

The rules are the table `RULES` in tests/layer_rules.py; docs/DESIGN.md ("Layer rules") says the same in prose
and a test below keeps the two in step. The synthetic graphs show that each rule can fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from layer_rules import EXCEPTIONS, RULES, SHARED, build_graph, check, cycles, layer_of, module_names, read_module

DESIGN = Path(__file__).resolve().parent.parent / "docs" / "DESIGN.md"


def test_counter_app_keeps_the_layer_rules():
    graph = build_graph()
    assert len(graph) > 80  # the whole package was read, not an empty folder
    problems = check(graph)
    assert problems == [], "\n".join(problems)


def test_every_exception_is_still_needed():
    graph = build_graph()
    unused = [pair for pair in EXCEPTIONS if pair[1] not in graph.get(pair[0], None).imports]
    assert unused == [], f"no longer imported: remove from EXCEPTIONS {unused}"


def _graph(sources: dict[str, str]):
    known = set(module_names()) | set(sources)
    return {name: read_module(name, source, known) for name, source in sources.items()}


def test_imports_inside_functions_and_type_checking_blocks_count():
    info = read_module(
        "counter_app.gui.x",
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from counter_app.store.models import Dossier\n"
        "def f():\n    import sqlalchemy.orm\n    from ..services import dossiers\n    return dossiers\n"
        "class C:\n    def m(self):\n        from counter_app.domain.text import fold_for_search\n",
        module_names(),
    )
    assert {
        "counter_app.store.models",
        "sqlalchemy",
        "counter_app.services.dossiers",
        "counter_app.domain.text",
    } <= info.imports


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ({"counter_app.domain.bad": "import PySide6.QtCore\n"}, "imports PySide6: not allowed in domain"),
        ({"counter_app.domain.bad": "def f():\n    import reportlab\n"}, "imports reportlab: not allowed in domain"),
        ({"counter_app.domain.bad": "import httpx\n"}, "imports httpx: not allowed in domain"),
        ({"counter_app.domain.bad": "import barcode\n"}, "imports barcode: not allowed in domain"),
        ({"counter_app.domain.bad": "from counter_app.store import db\n"}, "imports counter_app.store.db (store)"),
        ({"counter_app.gui.bad": "from counter_app.store.repository import dossier_by_code\n"}, "(store): gui may"),
        ({"counter_app.gui.bad": "def f():\n    from sqlalchemy import select\n"}, "writes SQL (imports sqlalchemy)"),
        ({"counter_app.printing.bad": "from counter_app.services import reports\n"}, "(services): printing may"),
        ({"counter_app.printing.bad": "import counter_app.store.models\n"}, "(store): printing may"),
        ({"counter_app.services.bad": 'Q = "SELECT code FROM dossiers"\n'}, "writes SQL (line 1: 'SELECT code FROM"),
        ({"counter_app.services.bad": 'def f(t):\n    return f"DELETE FROM {t}"\n'}, "writes SQL (line 2:"),
        ({"counter_app.sync.bad": "from sqlalchemy import text as t\nt('x')\n"}, "t(…) from sqlalchemy"),
        ({"counter_app.services.bad": "import sqlite3\n"}, "writes SQL (imports sqlite3)"),
        ({"counter_app.cli_bad": "from counter_app.cli import _services\n"}, "private name counter_app.cli._services"),
        (
            {"counter_app.cli_bad": "from counter_app import cli\ncli._write_pdf('a', b'')\n"},
            "counter_app.cli._write_pdf",
        ),
        (
            {
                "counter_app.domain.a": "from counter_app.domain import b\n",
                "counter_app.domain.b": "def f():\n    from counter_app.domain.a import x\n",
            },
            "import cycle: counter_app.domain.a -> counter_app.domain.b",
        ),
    ],
)
def test_a_graph_that_breaks_a_rule_fails(sources, expected):
    problems = check(_graph(sources))
    assert any(expected in p for p in problems), problems


def test_what_is_allowed_passes():
    sources = {
        "counter_app.domain.ok": "import holidays\nfrom datetime import date\nfrom counter_app.resources import resource_path\n",
        "counter_app.store.ok": "from sqlalchemy import select\nfrom counter_app.domain import text\nQ = 'SELECT 1 FROM x'\n",
        "counter_app.gui.ok": "from PySide6.QtCore import Qt\nfrom counter_app.services import dossiers\n",
        "counter_app.services.ok": "from counter_app.store import repository\nMSG = 'Chọn (SELECT) từ danh sách'\n",
    }
    assert check(_graph(sources)) == []


def test_cycles_are_strongly_connected_components():
    graph = _graph(
        {
            "counter_app.domain.a": "from counter_app.domain import b\n",
            "counter_app.domain.b": "from counter_app.domain import c\n",
            "counter_app.domain.c": "from counter_app.domain import a\nfrom counter_app.domain import d\n",
            "counter_app.domain.d": "",
        }
    )
    assert cycles(graph) == [["counter_app.domain.a", "counter_app.domain.b", "counter_app.domain.c"]]


def test_every_module_belongs_to_a_layer():
    unplaced = [m for m in build_graph() if layer_of(m) is None and m not in SHARED]
    assert unplaced == []


def test_design_md_states_the_same_rules():
    """docs/DESIGN.md's table "Layer rules" names, for each layer, the layers it may import: the same as RULES."""
    text = DESIGN.read_text(encoding="utf-8")
    section = text.split("## Layer rules", 1)[1].split("\n## ", 1)[0]
    stated = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        match = re.fullmatch(r"`(\w+)`", cells[0]) if len(cells) >= 3 else None
        if match:
            stated[match.group(1)] = set(re.findall(r"`(\w+)`", cells[1]))
    assert stated == {layer: set(rule.may_import) for layer, rule in RULES.items()}
