"""The written architecture as data and as a check: who may import whom, where SQL may be written, no cycles.

`RULES` mirrors the table "Layers and who may import whom" in ARCHITECTURE.md, with the deviations that
docs/DESIGN.md ("Layer rules") gives reasons for. `check(graph)` returns one readable line per broken rule;
tests/test_layers.py runs it on counter_app and on synthetic graphs that must fail.

How the graph is read (ast, nothing is imported):
- every `import` and `from … import …` counts, at module level, inside functions and methods, and inside
  `if TYPE_CHECKING:` blocks. A type-only import is still a dependency on the other module's shape (a gui
  screen annotated with a store model knows the store), so it counts for the layer rules and for cycles alike;
  breaking a cycle by moving an import under TYPE_CHECKING or into a function does not hide it.
- `from counter_app.pkg import name` is an edge to `counter_app.pkg.name` when that is a module, else to
  `counter_app.pkg`.
- SQL is: importing sqlalchemy, alembic, sqlite3 or psycopg, or a string (f-string parts included) that reads as
  a SQL statement (upper-case keywords: `SELECT … FROM`, `INSERT INTO`, `UPDATE x SET`, `DELETE FROM`, `PRAGMA`,
  `CREATE TABLE|INDEX|TRIGGER|VIEW`, `DROP …`, `ALTER TABLE`), or a call of `text(`/`select(`/`insert(`/
  `update(`/`delete(` bound from sqlalchemy.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "counter_app"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE

# Modules every layer may use: the package itself (its __version__), the resource path helper and the log set-up.
# They may import only the standard library and each other (checked).
SHARED = frozenset({"counter_app", "counter_app.resources", "counter_app.logs"})

SQL_LIBRARIES = frozenset({"sqlalchemy", "alembic", "sqlite3", "psycopg", "psycopg2"})
SQL_LAYERS = frozenset({"store", "hub"})  # the only layers that may write SQL


@dataclass(frozen=True)
class Rule:
    may_import: frozenset[str]  # other counter_app layers this one may import (its own is always allowed)
    third_party: frozenset[str] | None = None  # None: any library not in `forbidden`; a set: only these
    forbidden: frozenset[str] = frozenset()  # libraries this layer must never import


def _fs(*names: str) -> frozenset[str]:
    return frozenset(names)


_UI = _fs("PySide6", "shiboken6")
_SERVER = _fs("fastapi", "uvicorn", "starlette")

# The one table. Keep it in step with ARCHITECTURE.md and docs/DESIGN.md ("Layer rules").
RULES: dict[str, Rule] = {
    "domain": Rule(may_import=_fs(), third_party=_fs("holidays")),
    "store": Rule(may_import=_fs("domain"), forbidden=_UI | _SERVER | _fs("reportlab", "barcode", "httpx")),
    "printing": Rule(may_import=_fs("domain"), forbidden=_UI | _SERVER | _fs("httpx")),
    # services/sync.py is the services' face of the sync package (the gui may only reach services).
    "services": Rule(may_import=_fs("domain", "store", "printing", "sync"), forbidden=_UI | _SERVER),
    "sync": Rule(may_import=_fs("domain", "store", "services"), forbidden=_UI | _SERVER | _fs("reportlab")),
    "hub": Rule(may_import=_fs("domain"), forbidden=_UI | _fs("reportlab", "httpx")),
    "gui": Rule(may_import=_fs("services", "domain"), forbidden=_SERVER | _fs("httpx")),
    # The command line: services and domain; it also opens the window (gui.app) and runs the hub (hub.*).
    "cli": Rule(may_import=_fs("services", "domain", "gui", "hub"), forbidden=_SERVER),
}

# Imports the table does not allow yet, each with the reason it is still there. tests/test_layers.py fails when one
# is no longer needed, so the list only shrinks. (The command line's data-file commands landed on main while the
# layer rules did: they open the file as it is, before any service can, and map the store's failures to exit codes.)
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("counter_app.cli", "counter_app.store.db"): "verify/backup/restore open the data file as it is: move to services",
    ("counter_app.cli", "counter_app.store.failures"): "exit codes from the store's failures: move to services",
    ("counter_app.cli_selftest", "counter_app.sync.client"): "the self-test reaches the hub: use services.sync",
}

# Modules that import private names (`_x`) of another counter_app module are refused in these layers.
NO_PRIVATE_IMPORTS = frozenset(RULES)

# Generated or migration code is not checked (pyside6-uic output; Alembic revisions use op.execute by design).
SKIPPED = re.compile(r"^counter_app\.(gui\.forms|store\.migrations|hub\.migrations)(\.|$)")


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != PACKAGE or module in SHARED:
        return None
    if parts[-1] == "__main__":  # `python -m …` entry points launch the command line
        return "cli"
    if len(parts) >= 2 and parts[1] in RULES:
        return parts[1]
    if parts[1] in ("cli", "console") or parts[1].startswith("cli_"):  # console: the command line's streams
        return "cli"
    return None


@dataclass
class ModuleInfo:
    name: str
    imports: set[str] = field(default_factory=set)  # counter_app modules and external top-level packages
    private_uses: set[str] = field(default_factory=set)  # "counter_app.cli._services"
    sql: list[str] = field(default_factory=list)  # where SQL is written: "line 12: SELECT …"


Graph = dict[str, ModuleInfo]

_SQL_TEXT = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|^\s*PRAGMA\b|\bCREATE\s+(UNIQUE\s+|VIRTUAL\s+)?(TABLE|INDEX|TRIGGER|VIEW)\b|\bDROP\s+(TABLE|INDEX|TRIGGER|VIEW)\b"
    r"|\bALTER\s+TABLE\b"
)
_SQL_CALLS = frozenset({"text", "select", "insert", "update", "delete", "func"})


def module_names(root: Path = ROOT) -> dict[str, Path]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _resolve_from(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def read_module(name: str, source: str, known: Iterable[str], is_package: bool = False) -> ModuleInfo:
    """The imports, private-name uses and SQL of one module's source."""
    known = set(known)
    info = ModuleInfo(name)
    tree = ast.parse(source)
    module_aliases: dict[str, str] = {}  # local name -> counter_app module it is bound to
    sql_names: set[str] = set()  # local names bound to sqlalchemy's statement builders

    def add(target: str) -> None:
        if target.split(".")[0] == PACKAGE:
            info.imports.add(target)
        else:
            info.imports.add(target.split(".")[0])

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
                if alias.name in known and alias.asname:
                    module_aliases[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _resolve_from(name, is_package, node)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if full in known:
                    add(full)
                    module_aliases[alias.asname or alias.name] = full
                    continue
                add(base)
                private = alias.name.startswith("_") and not alias.name.startswith("__")
                if private and base.split(".")[0] == PACKAGE and base != name:
                    info.private_uses.add(full)
                if base.split(".")[0] == "sqlalchemy" and alias.name in _SQL_CALLS:
                    sql_names.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            target = module_aliases.get(node.value.id)
            attr = node.attr
            if target and target != name and attr.startswith("_") and not attr.startswith("__"):
                info.private_uses.add(f"{target}.{attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in sql_names:
            info.sql.append(f"line {node.lineno}: {node.func.id}(…) from sqlalchemy")
        elif isinstance(node, ast.JoinedStr | ast.Constant):
            text = _string_of(node)
            if text is not None and _SQL_TEXT.search(text):
                info.sql.append(f"line {node.lineno}: {text.strip()[:60]!r}")
    for library in sorted(SQL_LIBRARIES & info.imports):
        info.sql.append(f"imports {library}")
    info.sql = sorted(set(info.sql))
    return info


def _string_of(node: ast.JoinedStr | ast.Constant) -> str | None:
    """A string literal's text; an f-string's with each placeholder read as `x`."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    return "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)


def build_graph(root: Path = ROOT) -> Graph:
    names = module_names(root)
    graph = {}
    for name, path in names.items():
        if SKIPPED.match(name):
            continue
        graph[name] = read_module(name, path.read_text(encoding="utf-8"), names, path.name == "__init__.py")
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """Strongly connected components of more than one module (or a module importing itself), iteratively."""
    edges = {m: sorted(t for t in info.imports if t in graph) for m, info in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = edges[node]
            if i < len(targets):
                work.append((node, i + 1))
                target = targets[i]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges[node]:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(found)


def check(
    graph: Graph, rules: dict[str, Rule] = RULES, exceptions: dict[tuple[str, str], str] = EXCEPTIONS
) -> list[str]:
    """Every broken rule, one line each (empty: the graph keeps the architecture)."""
    problems = []
    stdlib = sys.stdlib_module_names
    for name in sorted(SHARED & set(graph)):
        for target in sorted(graph[name].imports):
            if target not in SHARED and target.split(".")[0] not in stdlib:
                problems.append(f"{name} (shared by every layer) imports {target}: only the standard library")
    for name, info in sorted(graph.items()):
        layer = layer_of(name)
        if layer is None or layer not in rules:
            continue
        rule = rules[layer]
        for target in sorted(info.imports):
            if target.split(".")[0] == PACKAGE:
                other = layer_of(target)
                if target in SHARED or other is None or other == layer or other in rule.may_import:
                    continue
                if (name, target) in exceptions:
                    continue
                problems.append(f"{name} ({layer}) imports {target} ({other}): {layer} may import {_list(rule)}")
            elif target in rule.forbidden or (rule.third_party is not None and target not in stdlib | rule.third_party):
                problems.append(f"{name} ({layer}) imports {target}: not allowed in {layer}")
        if layer not in SQL_LAYERS:
            problems.extend(
                f"{name} ({layer}) writes SQL ({where}): SQL belongs in store/ or hub/" for where in info.sql
            )
        if layer in NO_PRIVATE_IMPORTS:
            problems.extend(
                f"{name} ({layer}) uses the private name {used}: make it public or move it"
                for used in info.private_uses
            )
    problems.extend("import cycle: " + " -> ".join(component) for component in cycles(graph))
    return problems


def _list(rule: Rule) -> str:
    return ", ".join(sorted(rule.may_import)) or "nothing else in counter_app"
