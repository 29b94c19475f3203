"""Accounts and roles (issue 12): the permission table, passwords, sign-in, what an officer is refused (services and
the command line, exit 3), who every event and slip carries, the recovery code of a lost admin."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime

import pytest

from counter_app.cli import main
from counter_app.domain import passwords
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.roles import PERMISSIONS, Action, Role, allowed
from counter_app.services.accounts import AccountError, NotAllowed, NotSignedIn, SignInFailed
from tests.conftest import CERT_CODE

ADMIN_PW = "quan-tri-2026"
SUP_PW = "phu-trach-2026"
OFFICER_PW = "can-bo-2026"


def test_the_permission_table_covers_every_action_and_nests_the_roles():
    assert set(PERMISSIONS) == set(Action)
    for action in Action:
        roles = PERMISSIONS[action]
        assert roles, action
        # an admin may do whatever a supervisor may, a supervisor whatever an officer may
        if Role.OFFICER in roles:
            assert Role.SUPERVISOR in roles
        if Role.SUPERVISOR in roles:
            assert Role.ADMIN in roles
    supervisor_only = {
        Action.APOLOGY,
        Action.REFUSE,
        Action.CONFLICTS,
        Action.REPORTS,
        Action.CATALOGUE,
        Action.CALENDAR,
    }
    for action in supervisor_only:
        assert not allowed(Role.OFFICER, action) and allowed(Role.SUPERVISOR, action)
    for action in (Action.ACCOUNTS, Action.SETTINGS):
        assert not allowed(Role.SUPERVISOR, action) and allowed(Role.ADMIN, action)
    assert allowed(Role.OFFICER, Action.INTAKE) and allowed(Role.OFFICER, Action.RECORD_EVENT)


def test_passwords_are_salted_scrypt_hashes_checked_in_full():
    first, second = passwords.hash_password("mật khẩu dài"), passwords.hash_password("mật khẩu dài")
    assert first != second and first.startswith("scrypt$32768$8$1$")
    assert passwords.verify_password("mật khẩu dài", first)
    assert not passwords.verify_password("mật khẩu dài ", first)
    assert not passwords.verify_password("mật khẩu dài", "garbage")
    assert passwords.password_problem("short") and passwords.password_problem("ha.nguyen", "ha.nguyen")
    assert passwords.password_problem("đủ tám ký tự") is None
    assert passwords.username_problem("Hà") and passwords.username_problem("ha.nguyen") is None
    code = passwords.new_recovery_code()
    assert len(code) == 23 and passwords.normalize_recovery_code(code.lower().replace("-", " ")) == code


@pytest.fixture
def staffed(services):
    """The test store with an admin, a supervisor and an officer; nobody signed in."""
    accounts = services.accounts
    assert accounts.signed_in().is_setup_admin
    with pytest.raises(AccountError, match="đầu tiên phải là quản trị"):
        accounts.create("ha", "Nguyễn Thị Hà", "officer", OFFICER_PW)
    accounts.create("quantri", "Lê Văn Quản", "admin", ADMIN_PW)
    assert accounts.signed_in().username == "quantri"  # the set-up admin became the admin it created
    accounts.create("phutrach", "Phạm Thị Phụ Trách", "supervisor", SUP_PW)
    accounts.create("ha", "Nguyễn Thị Hà", "officer", OFFICER_PW)
    accounts.sign_out()
    return services


def _intake(services, name="Trần Văn Nam"):
    from counter_app.services.intake import IntakeRequest

    return services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name=name))


def test_nobody_signed_in_is_refused_and_a_wrong_password_too(staffed):
    with pytest.raises(NotSignedIn):
        _intake(staffed)
    with pytest.raises(SignInFailed, match="Sai tên đăng nhập hoặc mật khẩu"):
        staffed.accounts.sign_in("ha", "wrong-password")
    with pytest.raises(SignInFailed):
        staffed.accounts.sign_in("nobody", OFFICER_PW)
    assert staffed.accounts.signed_in() is None


def test_an_officer_works_the_counter_and_is_refused_a_supervisor_s_and_an_admin_s_work(staffed, clock, tmp_path):
    from counter_app.domain.calendar import CalendarEntry, DayKind

    staffed.accounts.sign_in("ha", OFFICER_PW)
    result = _intake(staffed)
    staffed.lifecycle.record(EventRequest.of(result.code, "handed_over", to_unit="Phòng Quản lý chuyên ngành"))
    refused = {
        "extension": lambda: staffed.lifecycle.record(
            EventRequest.of(result.code, "extended", new_due=date(2026, 12, 22), reason="Cần thẩm định")
        ),
        "refusal": lambda: staffed.lifecycle.record(
            EventRequest.of(result.code, "refused", reason="Không đủ điều kiện")
        ),
        "stop": lambda: staffed.lifecycle.record(EventRequest.of(result.code, "stopped", reason="Theo yêu cầu")),
        "report": lambda: staffed.reports.report("2026-11"),
        "dashboard": lambda: staffed.reports.dashboard("2026-11"),
        "catalogue": lambda: staffed.catalogue.retire(CERT_CODE),
        "calendar": lambda: staffed.office_calendar.add_entry(
            CalendarEntry(datetime(2026, 12, 31).date(), DayKind.DAY_OFF, "Nghỉ")
        ),
        "settings": lambda: staffed.settings.set("agency.phone", "0123"),
        "accounts": lambda: staffed.accounts.create("x.y", "X Y", "officer", "abcdefgh1"),
        "audit": staffed.accounts.verify_trail,
    }
    for what, attempt in refused.items():
        with pytest.raises(NotAllowed, match="Tài khoản ha \\(cán bộ tiếp nhận\\) không được") as caught:
            attempt()
        assert "cần vai trò" in str(caught.value), what
    detail = staffed.dossiers.detail(result.code)
    assert detail.status == "in_progress"  # nothing of the refused decisions was written
    assert staffed.catalogue.find(CERT_CODE, clock().date()) is not None

    staffed.accounts.sign_in("phutrach", SUP_PW)
    staffed.lifecycle.record(
        EventRequest.of(result.code, "extended", new_due=date(2026, 12, 22), reason="Cần thẩm định")
    )
    assert staffed.reports.report("2026-11").total is not None
    with pytest.raises(NotAllowed, match="cần vai trò quản trị"):
        staffed.settings.set("agency.phone", "0123")


def test_events_and_slips_carry_the_signed_in_officer(staffed, tmp_path):
    staffed.accounts.sign_in("ha", OFFICER_PW)
    ha_id = staffed.accounts.signed_in().account_id
    result = _intake(staffed)
    staffed.dossiers.record_printed(result.code)
    staffed.accounts.sign_in("phutrach", SUP_PW)
    staffed.lifecycle.record(EventRequest.of(result.code, "handed_over", to_unit="Phòng Quản lý chuyên ngành"))
    timeline = staffed.dossiers.detail(result.code).timeline
    assert [(e.kind.value, e.officer) for e in timeline] == [
        ("received", "Nguyễn Thị Hà"),
        ("slip_printed", "Nguyễn Thị Hà"),
        ("handed_over", "Phạm Thị Phụ Trách"),
    ]
    with staffed.db.read() as session:
        from sqlalchemy import text

        ids = session.execute(text("SELECT kind, officer_id FROM dossier_events ORDER BY station_seq")).all()
    assert ids[0] == ("received", ha_id) and ids[2][1] != ha_id and ids[2][1] is not None
    # the receipt names who received the dossier, not the settings' fixed officer.name
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(staffed.dossiers.receipt_pdf(result.code))
    shown = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Nguyễn Thị Hà" in shown and "Cán bộ tiếp nhận" not in shown.replace("NGƯỜI TIẾP NHẬN", "")


def test_a_store_without_accounts_behaves_as_before(services):
    result = _intake(services)
    assert services.dossiers.detail(result.code).timeline[0].officer == "Cán bộ tiếp nhận"
    assert services.settings.station().officer_id is None


def test_admin_resets_a_forgotten_password_and_the_officer_must_change_it(staffed):
    staffed.accounts.sign_in("quantri", ADMIN_PW)
    info = staffed.accounts.reset_password("ha", "tam-thoi-123")
    assert info.must_change_password
    staffed.accounts.sign_in("ha", "tam-thoi-123")
    with pytest.raises(NotAllowed, match="đổi mật khẩu trước"):
        _intake(staffed)
    staffed.accounts.change_password("tam-thoi-123", "moi-cua-ha-1")
    _intake(staffed)
    with pytest.raises(SignInFailed):
        staffed.accounts.sign_in("ha", "tam-thoi-123")


def test_the_last_admin_cannot_be_disabled_and_a_disabled_account_cannot_sign_in(staffed):
    staffed.accounts.sign_in("quantri", ADMIN_PW)
    with pytest.raises(AccountError, match="Không tự khoá"):
        staffed.accounts.set_active("quantri", False)
    with pytest.raises(AccountError, match="quản trị cuối cùng"):
        staffed.accounts.set_role("quantri", "officer")
    staffed.accounts.set_active("ha", False)
    with pytest.raises(SignInFailed, match="đã bị khoá"):
        staffed.accounts.sign_in("ha", OFFICER_PW)


# --- the command line -------------------------------------------------------------------------------------------


def _run(capsys, *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


@pytest.fixture
def cli_staffed(staffed, monkeypatch, capsys):
    """The accounts of `staffed`, and a dossier received by the officer through the CLI."""
    staffed.close()
    monkeypatch.setenv("COUNTER_APP_PASSWORD", OFFICER_PW)
    rc, out, err = _run(capsys, "--as", "ha", "intake", "--procedure", CERT_CODE, "--applicant", "Trần Văn Nam")
    assert rc == 0, err
    return out.strip()


def test_cli_officer_is_refused_supervisor_and_admin_commands_with_exit_3(cli_staffed, capsys, tmp_path):
    code = cli_staffed
    assert _run(capsys, "--as", "ha", "event", code, "handover", "--to", "Phòng A")[0] == 0
    attempts = [
        ("event", code, "extended", "--new-due", "2026-12-22", "--reason", "Cần thẩm định"),
        ("event", code, "refused", "--reason", "Không đủ điều kiện"),
        ("report", "--period", "2026-11"),
        ("settings", "set", "agency.phone", "0123"),
        ("accounts", "list"),
        ("audit", "verify"),
        ("calendar", "import", str(tmp_path / "2027.json")),
        ("backup", "--to", str(tmp_path / "b")),
        ("catalogue", "import", str(tmp_path / "danh-muc.xlsx")),
        ("sync", "resolve", "1", "--note", "đã xem"),
        ("accounts", "reset", "ha"),
    ]
    for args in attempts:
        rc, out, err = _run(capsys, "--as", "ha", *args)
        assert rc == 3, (args, err)
        assert err.startswith("Lỗi: Tài khoản ha (cán bộ tiếp nhận) không được") and err.count("\n") == 1, err
    assert not (tmp_path / "b").exists()
    rc, out, err = _run(capsys, "--as", "ha", "show", code, "--json")
    assert rc == 0 and json.loads(out)["status"] == "in_progress"


def test_cli_needs_a_sign_in_once_accounts_exist_and_says_a_wrong_password(cli_staffed, capsys, monkeypatch):
    rc, _, err = _run(capsys, "intake", "--procedure", CERT_CODE, "--applicant", "Lê Thị Bình")
    assert rc == 3 and "Chưa đăng nhập" in err
    monkeypatch.setenv("COUNTER_APP_PASSWORD", "not-it-at-all")
    rc, _, err = _run(capsys, "--as", "ha", "intake", "--procedure", CERT_CODE, "--applicant", "Lê Thị Bình")
    assert rc == 3 and err == "Lỗi: Sai tên đăng nhập hoặc mật khẩu.\n"
    monkeypatch.delenv("COUNTER_APP_PASSWORD")
    rc, _, err = _run(capsys, "--as", "ha", "intake", "--procedure", CERT_CODE, "--applicant", "Lê Thị Bình")
    assert rc == 2 and "COUNTER_APP_PASSWORD" in err  # no terminal to ask on: said, nothing done


def test_cli_accounts_from_set_up_to_a_lost_admin(data_dir, services, capsys, monkeypatch):
    services.close()
    monkeypatch.setenv("COUNTER_APP_NEW_PASSWORD", ADMIN_PW)
    rc, out, err = _run(capsys, "accounts", "add", "quantri", "--name", "Lê Văn Quản", "--role", "admin")
    assert rc == 0 and "Đã tạo tài khoản quantri (Quản trị)" in out, err
    monkeypatch.setenv("COUNTER_APP_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("COUNTER_APP_NEW_PASSWORD", OFFICER_PW)
    assert (
        _run(capsys, "--as", "quantri", "accounts", "add", "ha", "--name", "Nguyễn Thị Hà", "--role", "officer")[0] == 0
    )
    rc, out, _ = _run(capsys, "--as", "quantri", "accounts", "list", "--json")
    assert rc == 0 and [(a["username"], a["role"]) for a in json.loads(out)] == [
        ("ha", "officer"),
        ("quantri", "admin"),
    ]
    rc, _, err = _run(capsys, "--as", "quantri", "accounts", "add", "Hà Nội", "--name", "X", "--role", "officer")
    assert rc == 2 and "tên đăng nhập" in err

    # the admin's password is lost: a one-time code printed on this PC resets it
    rc, out, _ = _run(capsys, "accounts", "recovery")
    recovery_code = out.splitlines()[0]
    assert rc == 0 and len(recovery_code) == 23
    monkeypatch.setenv("COUNTER_APP_NEW_PASSWORD", "mat-khau-moi-9")
    rc, _, err = _run(capsys, "accounts", "recover", "ha", "--code", recovery_code)
    assert rc == 2 and "không phải quản trị" in err  # and the code was not used up
    rc, out, err = _run(capsys, "accounts", "recover", "quantri", "--code", recovery_code.lower())
    assert rc == 0, err
    rc, _, err = _run(capsys, "accounts", "recover", "quantri", "--code", recovery_code)
    assert rc == 3 and "đã dùng" in err
    monkeypatch.setenv("COUNTER_APP_PASSWORD", "mat-khau-moi-9")
    assert _run(capsys, "--as", "quantri", "accounts", "list")[0] == 0
    rc, out, _ = _run(capsys, "--as", "quantri", "audit", "show", "--json")
    actions = [e["action"] for e in json.loads(out)]
    assert actions.count("account.recovery_code") == 1 and actions.count("account.recovered") == 1


def test_five_wrong_passwords_pause_the_account_until_an_admin_resets_it(staffed, clock):
    from datetime import timedelta

    for _ in range(5):
        with pytest.raises(SignInFailed, match="Sai tên đăng nhập"):
            staffed.accounts.sign_in("ha", "doan-mo-mat-khau")
    with pytest.raises(SignInFailed, match="sai mật khẩu 5 lần: tài khoản ha tạm dừng đăng nhập đến 09:45"):
        staffed.accounts.sign_in("ha", OFFICER_PW)  # even the right password waits
    clock.moment += timedelta(minutes=16)
    staffed.accounts.sign_in("ha", OFFICER_PW)  # the pause is over
    for _ in range(5):
        with pytest.raises(SignInFailed):
            staffed.accounts.sign_in("ha", "doan-mo-mat-khau")
    staffed.accounts.sign_in("quantri", ADMIN_PW)
    staffed.accounts.reset_password("ha", "tam-thoi-456")  # an admin's reset ends the pause
    staffed.accounts.sign_in("ha", "tam-thoi-456")
