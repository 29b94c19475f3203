"""Every command, run with the fuzz classes of issue 14, ends with one line and a documented exit code, never a
traceback: undecodable arguments (what Linux hands over for invalid UTF-8), unwritable output paths, year
0/9999/10000 and huge integers, garbage, empty and deeply nested files, text with control and bidi characters,
and a data file that is empty, garbage or full (SQLite's max_page_count: SQLITE_FULL without root).

The commands run in-process through `cli.main`; an exception escaping main() fails the test with its traceback.
"""

from __future__ import annotations

import argparse
import sqlite3

import pytest

from counter_app import cli
from counter_app.cli import build_parser, main
from counter_app.store import db as store_db
from counter_app.store.db import DATABASE_FILE
from tests.conftest import XRAY_CODE

DOCUMENTED_EXITS = {0, 1, 2, 3, 4, 5, 6}
SKIPPED = {"gui", "hub"}  # the window, and the hub's server (both run until closed)

DATE_FUZZ = ["0000-01-01", "10000-01-01", "9999-12-31", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00+14:00"]
INT_FUZZ = ["0", "-1", "10000", "9" * 40]
TEXT_FUZZ = ["a\udcffb", "A\u202eB\u200bC\x00D\x1b[2J", "x" * 20_000, "", "[" * 5000]
DATE_OPTIONS = {"--received-at", "--at", "--new-due", "--from", "--to", "--period"}
INT_OPTIONS = {"--copies", "year", "id", "--counter"}
OUTPUT_OPTIONS = {"--pdf", "--output", "export-file", "backup-to"}


def leaf_commands() -> list[tuple[list[str], argparse.ArgumentParser]]:
    found = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if path and parser.get_default("func") is not None and " ".join(path) not in SKIPPED:
            found.append((path, parser))
        for action in subs:
            for name, sub in action.choices.items():
                walk(sub, [*path, name])

    walk(build_parser(), [])
    return found


def templates(tmp, code: str) -> dict[str, list[str]]:
    """A valid command line for every command; the fuzz replaces one value at a time."""
    hub = f"sqlite:///{tmp / 'hub.sqlite3'}"
    return {
        "intake": [
            "--procedure",
            XRAY_CODE,
            "--applicant",
            "Lê Thu",
            "--id-number",
            "001203004567",
            "--phone",
            "0912345678",
            "--email",
            "a@b.vn",
            "--address",
            "Số 1",
            "--organization",
            "Công ty A",
            "--received-at",
            "2026-11-25T09:00",
            "--copies",
            "1",
            "--document",
            "1",
            "--pdf",
            str(tmp / "r.pdf"),
        ],
        "catalogue list": [],
        "catalogue import": [str(tmp / "catalogue.json"), "--dry-run"],
        "catalogue export": [str(tmp / "export.json")],
        "settings show": [],
        "settings set": ["officer.name", "Nguyễn Văn B"],
        "show": [code],
        "event": [
            code,
            "extended",
            "--new-due",
            "2026-12-20",
            "--reason",
            "Cần xác minh",
            "--at",
            "2026-11-26T09:00",
            "--note",
            "ghi chú",
            "--officer",
            "Cán bộ A",
        ],
        "receipt": [code, "--pdf", str(tmp / "again.pdf")],
        "slip": [code, "receipt", "--pdf", str(tmp / "slip.pdf")],
        "guidance": [
            "--procedure",
            XRAY_CODE,
            "--applicant",
            "Lê Thu",
            "--missing",
            "1",
            "--phone",
            "0912345678",
            "--address",
            "Số 1",
            "--reason",
            "Thiếu đơn",
            "--pdf",
            str(tmp / "guidance.pdf"),
        ],
        "register": ["--from", "2026-11-01", "--to", "2026-11-30", "--pdf", str(tmp / "register.pdf")],
        "verify": [],
        "self-test": [],  # no options: a fuzz case is an unknown argument, refused with exit 2
        "backup": ["--to", str(tmp / "usb")],
        "calendar show": ["2026"],
        "calendar import": [str(tmp / "calendar.json")],
        "calendar export": ["2026", str(tmp / "cal.json")],
        "due-date": ["--procedure", XRAY_CODE, "--received-at", "2026-11-25T09:00"],
        "report": ["--period", "2026-Q4", "--format", "json", "--output", str(tmp / "report.json")],
        "rate": [code, "--level", "2", "--comment", "Hài lòng"],
        "attach": [code, str(tmp / "scan.pdf"), "--document", "1"],
        "files": [code, "--json"],
        "service-index": ["--from", "2026-11-01", "--to", "2026-11-30", "--json"],
        "hub add-station": ["--db", hub, "--agency", "H61.22", "--counter", "2", "--label", "Quầy 2"],
        "hub add-reader": ["--db", hub, "--label", "Sở"],
        "hub agency": ["--db", hub, "H61.22", "--name", "UBND"],
        "hub stations": ["--db", hub],
        "hub revoke": ["--db", hub, "1"],
        "sync": [],
        "sync conflicts": ["--json"],
        "sync resolve": ["1", "--note", "đã xem"],
        "restore": [str(tmp / "copy.sqlite3")],
        # accounts: no password in the environment and no terminal, so the ones that set one stop at asking (exit 2)
        "accounts add": ["ha.nguyen", "--name", "Nguyễn Thị Hà", "--role", "officer"],
        "accounts list": ["--json"],
        "accounts passwd": [],
        "accounts reset": ["ha.nguyen"],
        "accounts disable": ["ha.nguyen"],
        "accounts enable": ["ha.nguyen"],
        "accounts role": ["ha.nguyen", "supervisor"],
        "accounts recovery": [],
        "accounts recover": ["quantri", "--code", "ABCDE-FGHJK-MNPQR-STUVW"],
        "fee": [
            code,
            "--amount",
            "200000",
            "--method",
            "cash",
            "--payer",
            "Lê Thu",
            "--pdf",
            str(tmp / "fee.pdf"),
            "--at",
            "2026-11-26T09:00",
            "--note",
            "ghi chú",
        ],
        "fee-refund": [
            code,
            "--receipt",
            "1000001",
            "--amount",
            "1000",
            "--reason",
            "thu thừa",
            "--at",
            "2026-11-26T10:00",
        ],
        "fee-cancel": [code, "--receipt", "1000001", "--reason", "viết sai", "--at", "2026-11-26T11:00"],
        "fee-receipt": [code, "--receipt", "1000001", "--pdf", str(tmp / "bien-lai.pdf")],
        "fee-report": ["--from", "2026-11-01", "--to", "2026-11-30", "--pdf", str(tmp / "so-thu-phi.pdf")],
        "audit verify": [],
        "audit show": ["--officer", "ha.nguyen", "--from", "2026-11-01", "--to", "2026-11-30"],
        "privacy purge": ["--dry-run"],
        "privacy export": ["--id-number", "001190012345", "--output", str(tmp / "cong-dan.json")],
        "verify-slip": ["CA1|H61.22-261125-1001|20261209|abcdefgh|" + "A" * 86],
        "export-portal": ["--from", "2026-11-01", "--to", "2026-11-30", "--output", str(tmp / "portal")],
        "portal-mapping import": [str(tmp / "catalogue.json")],
        "portal-mapping export": [str(tmp / "mapping-out.json")],
    }


def value_kind(option: str, command: str) -> str:
    if command == "backup" and option == "--to":
        return "output"
    if option in DATE_OPTIONS:
        return "date"
    if option in INT_OPTIONS:
        return "int"
    if option in ("--pdf", "--output") or (
        command in ("catalogue export", "calendar export", "portal-mapping export") and option == "file"
    ):
        return "output"
    if option == "file":
        return "input"
    return "text"


def fuzz_values(kind: str, tmp) -> list[str]:
    blocked = tmp / "a-file"
    blocked.write_text("x")
    outputs = [str(blocked / "out.pdf"), "/proc/1/forbidden/out.pdf", str(tmp), "", "a\udcff.pdf"]
    garbage = tmp / "garbage.json"
    garbage.write_bytes(bytes(range(256)) * 50)
    empty = tmp / "empty.json"
    empty.write_bytes(b"")
    deep = tmp / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    bad_utf8 = tmp / "latin1.json"
    bad_utf8.write_bytes('{"name": "Lê"}'.encode("cp1258"))
    fake_xlsx = tmp / "fake.xlsx"
    fake_xlsx.write_bytes(b"PK\x03\x04" + b"\0" * 500)
    inputs = [str(garbage), str(empty), str(deep), str(bad_utf8), str(fake_xlsx), str(tmp), str(tmp / "missing.json")]
    return {"date": DATE_FUZZ, "int": INT_FUZZ, "output": outputs, "input": inputs, "text": TEXT_FUZZ}[kind]


def run(argv: list[str], capsys) -> tuple[int, str]:
    try:
        rc = main(argv)
    except SystemExit as exc:  # argparse's own refusals (exit 2) and --help
        rc = exc.code if isinstance(exc.code, int) else 2
    err = capsys.readouterr().err
    return rc, err


def check(argv: list[str], rc: int, err: str, problems: list[str]) -> None:
    shown = " ".join(a[:40].encode("utf-8", "backslashreplace").decode() for a in argv)
    if rc not in DOCUMENTED_EXITS:
        problems.append(f"{shown}: exit {rc}")
    if "Traceback" in err:
        problems.append(f"{shown}: traceback on stderr")
    if "Lỗi không mong đợi" in err:
        problems.append(f"{shown}: an unexpected error for an expected input: {err.strip()[:200]}")
    if rc not in (0,) and not err.strip():
        problems.append(f"{shown}: exit {rc} without a word on stderr")


@pytest.fixture
def store_with_dossier(services, data_dir, capsys):
    assert main(["intake", "--procedure", XRAY_CODE, "--applicant", "Đặng Văn Ước"]) == 0
    code = capsys.readouterr().out.strip()
    (data_dir.parent / "catalogue.json").write_text("{}", encoding="utf-8")
    (data_dir.parent / "scan.pdf").write_bytes(b"%PDF-1.4\n%scan\n%%EOF\n")
    (data_dir.parent / "calendar.json").write_text("{}", encoding="utf-8")
    services.db.backup_to(data_dir.parent / "copy.sqlite3")
    return code


def test_every_command_with_every_fuzz_class_gives_a_line_and_a_documented_exit(store_with_dossier, data_dir, capsys):
    tmp = data_dir.parent
    commands = templates(tmp, store_with_dossier)
    leaves = {" ".join(path): parser for path, parser in leaf_commands()}
    assert set(leaves) <= set(commands), f"a command without a fuzz template: {set(leaves) - set(commands)}"
    problems: list[str] = []
    runs = 0
    for name, base in commands.items():
        words = name.split()
        rc, err = run([*words, *base, "\udcff"], capsys)  # an undecodable argument anywhere
        check([*words, *base], rc, err, problems)
        assert rc == cli.EXIT_INVALID and "UTF-8" in err
        positions = [i for i, a in enumerate(base) if not a.startswith("--")]
        positional_names = [a.dest for a in leaves[name]._actions if not a.option_strings]
        for index in positions:
            option = base[index - 1] if index and base[index - 1].startswith("--") else None
            if option is None:
                count = len([i for i in positions if i < index and (i == 0 or not base[i - 1].startswith("--"))])
                option = positional_names[count] if count < len(positional_names) else "value"
            for value in fuzz_values(value_kind(option, name), tmp):
                argv = [*words, *base[:index], value, *base[index + 1 :]]
                rc, err = run(argv, capsys)
                check(argv, rc, err, problems)
                runs += 1
    assert runs > 250
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("damage", ["empty", "garbage", "full"])
def test_every_command_on_an_unusable_data_file_says_so(damage, store_with_dossier, data_dir, capsys, monkeypatch):
    tmp = data_dir.parent
    path = data_dir / DATABASE_FILE
    if damage == "empty":
        path.write_bytes(b"")
        expected = {cli.EXIT_STORE}
    elif damage == "garbage":
        path.write_bytes(b"\x13\x37" * 40_000)
        expected = {cli.EXIT_STORE}
    else:  # no page may be added: every write hits SQLITE_FULL, exactly as on a full disk
        original = store_db._set_pragmas

        def full(connection: sqlite3.Connection, record: object) -> None:
            original(connection, record)
            pages = connection.execute("PRAGMA page_count").fetchone()[0]
            connection.execute(f"PRAGMA max_page_count = {pages}")

        monkeypatch.setattr(store_db, "_set_pragmas", full)
        expected = {cli.EXIT_NO_ROOM, cli.EXIT_OK, cli.EXIT_NOT_FOUND, cli.EXIT_ERROR, cli.EXIT_INVALID}
    for name, base in templates(tmp, store_with_dossier).items():
        if name.startswith("hub") or name == "restore":  # restore itself: tests/test_failures.py
            continue
        if name == "self-test":  # runs in a throw-away store of its own: the office's file is not its business
            continue
        argv = [*name.split(), *base]
        rc, err = run(argv, capsys)
        problems: list[str] = []
        check(argv, rc, err, problems)
        assert not problems, problems
        if name == "verify" and damage == "full":
            assert rc == 0
        elif damage != "full":
            assert rc in expected, (argv, rc, err)
            assert "Tệp" in err
        else:
            assert rc in expected, (argv, rc, err)
    if damage == "full":  # intakes go on while existing pages have room, then each says so; none is lost
        capsys.readouterr()
        before = dossier_count(data_dir)
        reported, codes = [], []
        for _ in range(200):
            rc = main(["intake", "--procedure", XRAY_CODE, "--applicant", "Lê Văn Tám"])
            captured = capsys.readouterr()
            codes.append(rc)
            reported += captured.out.split()
            if rc != 0:
                assert rc == cli.EXIT_NO_ROOM and "giới hạn kích thước" in captured.err and not captured.out
                break
        assert cli.EXIT_NO_ROOM in codes
        monkeypatch.undo()
        assert dossier_count(data_dir) == before + len(reported)


def dossier_count(folder) -> int:
    conn = sqlite3.connect(folder / DATABASE_FILE)
    try:
        return conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    finally:
        conn.close()
