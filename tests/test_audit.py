"""The audit trail (issue 12): an entry for every write and print, chained by SHA-256 per station; events and entries
refused UPDATE/DELETE by triggers; `audit verify` names the first entry an attacker edited; `audit show` filters."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta

import pytest

from counter_app.cli import main
from counter_app.domain.audit import GENESIS, AuditEntry, entry_hash, verify_chain
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import EventRequest
from tests.conftest import CERT_CODE

ADMIN_PW = "quan-tri-2026"
OFFICER_PW = "can-bo-2026"


def _entry(seq: int, prev: str, **changes) -> AuditEntry:
    fields = dict(
        station_id="s1",
        seq=seq,
        at=datetime(2026, 11, 25, 9, seq, tzinfo=OFFICE_TZ),
        officer_id="a1",
        officer_name="Nguyễn Thị Hà",
        action="event",
        target=f"H61.22-261125-100{seq}",
        detail={"kind": "received"},
        prev_hash=prev,
    )
    fields.update(changes)
    entry = AuditEntry(**fields)
    return AuditEntry(**{**fields, "hash": entry_hash(entry, prev)})


def test_the_chain_names_the_first_entry_that_does_not_fit():
    chain, prev = [], GENESIS
    for seq in range(1, 6):
        entry = _entry(seq, prev)
        chain.append((seq * 10, entry))
        prev = entry.hash
    assert verify_chain(chain) == (5, None)
    edited = list(chain)
    edited[2] = (30, AuditEntry(**{**chain[2][1].__dict__, "target": "H61.22-261125-9999"}))
    checked, problem = verify_chain(edited)
    assert checked == 2 and problem.seq == 3 and problem.entry_id == 30 and "bị sửa" in problem.reason
    removed = chain[:2] + chain[3:]
    checked, problem = verify_chain(removed)
    assert checked == 2 and problem.seq == 4 and "bị xoá" in problem.reason
    # an attacker who recomputes the edited entry's hash breaks the link of the next one
    forged = _entry(3, chain[1][1].hash, target="H61.22-261125-9999")
    checked, problem = verify_chain(chain[:2] + [(30, forged)] + chain[3:])
    assert checked == 3 and problem.seq == 4 and "mục trước" in problem.reason


@pytest.fixture
def worked(services, clock):
    """A day's work by an admin and an officer: accounts, a setting, a dossier, a print, a handover."""
    from counter_app.services.intake import IntakeRequest

    services.accounts.create("quantri", "Lê Văn Quản", "admin", ADMIN_PW)
    services.accounts.create("ha", "Nguyễn Thị Hà", "officer", OFFICER_PW)
    services.settings.set("agency.phone", "0216 3852 123")
    services.accounts.sign_in("ha", OFFICER_PW)
    clock.moment += timedelta(minutes=5)
    code = services.intake.intake(
        IntakeRequest(procedure_code=CERT_CODE, applicant_name="Trần Văn Nam", id_number="001190012345")
    ).code
    services.dossiers.record_printed(code)
    clock.moment += timedelta(minutes=5)
    services.lifecycle.record(EventRequest.of(code, "handed_over", to_unit="Phòng Quản lý chuyên ngành"))
    services.accounts.sign_in("quantri", ADMIN_PW)
    return services, code


def test_every_write_and_print_is_an_entry_with_its_officer(worked):
    services, code = worked
    trail = [e for _, e in services.accounts.trail()]
    assert [(e.action, e.officer_name, e.target) for e in trail] == [
        (
            "settings.set",
            "Cán bộ tiếp nhận",
            "agency.code,agency.governing_name,agency.name,agency.place,officer.name,station.counter",
        ),
        ("account.create", "Cán bộ tiếp nhận", "quantri"),  # the set-up admin, named by officer.name
        ("account.create", "Lê Văn Quản", "ha"),
        ("settings.set", "Lê Văn Quản", "agency.phone"),
        ("sign_in", "Nguyễn Thị Hà", "ha"),
        ("event", "Nguyễn Thị Hà", code),
        ("event", "Nguyễn Thị Hà", code),
        ("event", "Nguyễn Thị Hà", code),
        ("sign_in", "Lê Văn Quản", "quantri"),
    ]
    assert [e.detail.get("kind") for e in trail[5:8]] == ["received", "slip_printed", "handed_over"]
    assert trail[6].detail["form"] == "receipt" and trail[6].detail["reprint"] is False
    assert [e.seq for e in trail] == list(range(1, 10)) and trail[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(trail, trail[1:], strict=False))
    text = json.dumps([e.detail for e in trail], ensure_ascii=False) + " ".join(e.target for e in trail)
    assert "Trần Văn Nam" not in text and "001190012345" not in text  # no applicant's data in the trail
    only_ha = services.accounts.trail(officer="ha")
    assert {e.officer_name for _, e in only_ha} == {"Nguyễn Thị Hà"} and len(only_ha) == 4


def test_events_and_entries_cannot_be_updated_or_deleted(worked):
    services, _ = worked
    conn = sqlite3.connect(services.db.path)
    try:
        for statement in (
            "UPDATE dossier_events SET officer = 'Người khác'",
            "UPDATE dossier_events SET payload = '{}' WHERE kind = 'received'",
            "DELETE FROM dossier_events",
            "UPDATE audit_entries SET target = 'x'",
            "DELETE FROM audit_entries WHERE seq = 3",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(statement)
            conn.rollback()
        # the sync outbox mark is the one column a station writes after the fact
        conn.execute("UPDATE dossier_events SET hub_ack_at = '2026-11-25T10:00:00+07:00'")
        conn.commit()
    finally:
        conn.close()


def test_audit_verify_names_the_row_an_attacker_edited(worked, capsys, monkeypatch):
    services, _ = worked
    services.close()
    monkeypatch.setenv("COUNTER_APP_PASSWORD", ADMIN_PW)
    assert main(["--as", "quantri", "audit", "verify"]) == 0
    assert "toàn vẹn: 10 mục" in capsys.readouterr().out  # 9 above and this sign-in
    conn = sqlite3.connect(services.db.path)
    try:  # the attacker drops the trigger, rewrites who received the dossier, and puts the trigger back
        (ddl,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_entries_append_only'").fetchone()
        conn.execute("DROP TRIGGER audit_entries_append_only")
        (row_id,) = conn.execute("SELECT id FROM audit_entries WHERE seq = 6").fetchone()
        conn.execute("UPDATE audit_entries SET officer_name = 'Lê Văn Quản' WHERE id = ?", (row_id,))
        conn.execute(ddl)
        conn.commit()
    finally:
        conn.close()
    rc = main(["--as", "quantri", "audit", "verify"])
    err = capsys.readouterr().err
    assert rc == 1
    assert f"mục số 6 (dòng id {row_id}" in err and "nội dung đã bị sửa" in err and "5 mục trước đó còn nguyên" in err


def test_audit_show_by_officer_and_days(worked, capsys, monkeypatch):
    services, code = worked
    services.close()
    monkeypatch.setenv("COUNTER_APP_PASSWORD", ADMIN_PW)
    rc = main(["--as", "quantri", "audit", "show", "--officer", "ha", "--from", "2026-11-25", "--to", "2026-11-25"])
    out = capsys.readouterr().out
    assert rc == 0 and out.count("\n") == 4 and all("Nguyễn Thị Hà" in line for line in out.splitlines())
    assert f"Ghi sự kiện hồ sơ\t{code}\tevent_id=" in out
    assert main(["--as", "quantri", "audit", "show", "--from", "2026-11-26"]) == 0
    assert capsys.readouterr().out == "Không có mục nào.\n"
    assert main(["--as", "quantri", "audit", "show", "--from", "2026-11-26", "--to", "2026-11-25"]) == 2


def test_backup_and_restore_are_audited(worked, capsys, monkeypatch, tmp_path):
    services, _ = worked
    services.close()
    monkeypatch.setenv("COUNTER_APP_PASSWORD", ADMIN_PW)
    assert main(["--as", "quantri", "backup", "--to", str(tmp_path / "usb")]) == 0
    copy = capsys.readouterr().out.strip()
    assert main(["--as", "quantri", "audit", "show", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [e["action"] for e in entries[-2:]] == ["backup", "sign_in"] and entries[-2]["target"] in copy
    assert main(["--as", "quantri", "restore", copy]) == 0
    capsys.readouterr()
    assert main(["--as", "quantri", "audit", "show", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    # the copy was taken before its own entry was written: the restored trail goes on from the copy's last entry
    assert [e["action"] for e in entries[-3:]] == ["sign_in", "restore", "sign_in"]
    assert entries[-2]["officer"] == "Lê Văn Quản" and entries[-2]["target"] == copy.rsplit("/", 1)[-1]
    assert main(["--as", "quantri", "audit", "verify"]) == 0
