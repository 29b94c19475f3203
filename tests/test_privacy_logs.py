"""Issue 12: "a log grep finds no CCCD, phone or name after a day's work".

A day at the counter through the real command line (counter_app.cli.main) and a real hub on 127.0.0.1: intakes
(one refused for a bad phone), handover, supplements, a decision by the supervisor, slips, the result and its
return, the register, an audited reveal, a citizen's export, a backup, a sync, then the hub gone and a sync that
fails — with every logger at DEBUG, written UNMASKED to a file of the test's own (the station's log masks digit
runs as a safety net; this checks that nothing is logged in the first place) and to the station's log. No CCCD,
phone or name of an applicant may appear in any of them.
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

import pytest
from conftest import CERT_CODE, XRAY_CODE

from counter_app.cli import main
from counter_app.domain.text import fold_for_search

APPLICANTS = [
    # name, CCCD, phone, address, date of birth
    ("Đặng Thị Hương", "001190012345", "0912345678", "12 Lý Thường Kiệt, Hoàn Kiếm", "05/03/1990"),
    ("Vũ Văn Khải", "079203004567", "0987654321", "45 Nguyễn Huệ, Quận 1", "17/08/2003"),
]
RECEIVER = ("Trần Quốc Bảo", "036095001234")
BAD_PHONE = "0912-ABC"


@pytest.fixture
def debug_log(tmp_path: Path):
    """Every logger at DEBUG into a plain (unmasked) file for the test."""
    from counter_app import logs

    path = tmp_path / "debug.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(level)
        logs.shutdown_logging()


@pytest.fixture
def hub(tmp_path: Path):
    from sync_harness import HubThread

    from counter_app.hub import admin
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database

    db = open_hub_database(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    token = admin.add_station(db, "H61.22", counter=1).token
    server = HubThread(create_app(db=db))
    server.token = token
    yield server
    db.dispose()


def _cli(capsys, *args: str, expect: int = 0) -> str:
    rc = main(list(args))
    captured = capsys.readouterr()
    assert rc == expect, (args, rc, captured.err)
    return captured.out


def test_a_day_of_work_leaves_no_cccd_phone_or_name_in_any_log(
    services, hub, debug_log, capsys, clock, tmp_path, data_dir, monkeypatch
):
    services.settings.set_many({"hub.url": hub.url, "hub.token": hub.token})
    services.close()
    out = tmp_path / "out"
    out.mkdir()
    with hub:
        codes = []
        for name, cccd, phone, address, born in APPLICANTS:
            args = ["intake", "--procedure", XRAY_CODE, "--applicant", name, "--id-number", cccd, "--phone", phone]
            args += ["--address", address, "--birth-date", born, "--pdf", str(out / f"{cccd}.pdf")]
            codes.append(_cli(capsys, *args).strip().splitlines()[0])
        first, second = codes
        _cli(capsys, "intake", "--procedure", CERT_CODE, "--applicant", "Lê Thị Mai", "--phone", BAD_PHONE, expect=2)
        _cli(capsys, "event", first, "handover", "--to", "Phòng Quản lý chuyên ngành")
        _cli(capsys, "event", second, "supplement-requested", "--missing", "1", "--reason", "Thiếu chữ ký")
        _cli(capsys, "slip", second, "supplement", "--pdf", str(out / "supplement.pdf"))
        _cli(capsys, "event", first, "resolved", "--result", "Giấy xác nhận số 15")
        _cli(capsys, "event", first, "returned", "--receiver", RECEIVER[0], "--receiver-id", RECEIVER[1])
        _cli(capsys, "slip", first, "return", "--pdf", str(out / "return.pdf"))
        _cli(capsys, "receipt", first, "--pdf", str(out / "receipt.pdf"))
        _cli(capsys, "register", "--from", "2026-11-25", "--to", "2026-11-25", "--pdf", str(out / "register.pdf"))
        shown = _cli(capsys, "show", first, "--reveal")
        assert APPLICANTS[0][1] in shown  # the full value reached the officer's screen, not the log
        _cli(capsys, "show", second, "--json")
        assert APPLICANTS[1][1] in _cli(capsys, "privacy", "export", "--id-number", APPLICANTS[1][1])
        _cli(capsys, "privacy", "purge", "--dry-run")
        _cli(capsys, "report", "--period", "2026-11")
        _cli(capsys, "backup")
        _cli(capsys, "sync")
    _cli(capsys, "sync", expect=_cli_sync_failure_code())  # the hub is gone: a failure, logged
    _cli(capsys, "show", "H61.22-261125-9999", expect=3)

    logs = [debug_log, *sorted((data_dir / "logs").glob("*"))]
    text = "\n".join(p.read_text("utf-8", errors="replace") for p in logs if p.is_file())
    assert first in text and "sync" in text.lower()  # the log is there and speaks of the day's work
    assert "DEBUG" in debug_log.read_text("utf-8")
    secrets = [RECEIVER[0], RECEIVER[1], "Lê Thị Mai", BAD_PHONE]
    for name, cccd, phone, address, born in APPLICANTS:
        secrets += [name, cccd, phone, address, born, fold_for_search(name), phone[1:]]
    folded = unicodedata.normalize("NFC", text)
    found = [s for s in secrets if s in folded or s.lower() in folded.lower()]
    assert found == [], found


def _cli_sync_failure_code() -> int:
    from counter_app.cli_common import EXIT_ERROR

    return EXIT_ERROR
