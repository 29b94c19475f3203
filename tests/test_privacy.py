"""Personal data (issue 12 item 4): masked unless the role may reveal (audited), the retention purge (reports of
those periods unchanged, the search index and the file forget), a citizen's export, never in the logs."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import pytest
from conftest import CERT_CODE, XRAY_CODE

from counter_app.cli import main
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.events import EventKind as K
from counter_app.domain.privacy import ERASED_NAME, erase_payload, retention_cutoff
from counter_app.services.accounts import NotAllowed
from counter_app.services.intake import IntakeRequest
from counter_app.store.db import DATABASE_FILE

ADMIN_PW = "quan-tri-2026"
SUP_PW = "phu-trach-2026"
OFFICER_PW = "tiep-nhan-2026"
OLD_NAME = "Đặng Thị Hương"
OLD_CCCD = "001190012345"
OLD_PHONE = "0912345678"
NEW_NAME = "Vũ Văn Khải"
NEW_CCCD = "079203004567"


def T(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=OFFICE_TZ)


def _run(capsys, *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


@pytest.fixture
def staffed(services):
    services.accounts.create("quantri", "Lê Văn Quản", "admin", ADMIN_PW)
    services.accounts.create("phutrach", "Phạm Thị Phụ Trách", "supervisor", SUP_PW)
    services.accounts.create("ha", "Nguyễn Thị Hà", "officer", OFFICER_PW)
    services.accounts.sign_out()
    return services


def _receive_and_return(services, clock, name, cccd, phone, received, returned, procedure=XRAY_CODE) -> str:
    clock.moment = returned
    code = services.intake.intake(
        IntakeRequest(
            procedure_code=procedure,
            applicant_name=name,
            id_number=cccd,
            phone=phone,
            address="12 Lý Thường Kiệt, Hà Nội",
            received_at=received,
        )
    ).code
    services.lifecycle.record(EventRequest.of(code, K.RESOLVED, at=received.replace(day=received.day + 3)))
    services.lifecycle.record(
        EventRequest.of(code, K.RESULT_RETURNED, at=returned, receiver=name, receiver_id=cccd, method="counter")
    )
    return code


# --- the rules ------------------------------------------------------------------------------------------------


def test_the_cutoff_is_the_same_day_years_before_and_an_erased_payload_only_loses_values():
    assert retention_cutoff(T(2028, 1, 27).date(), 5).isoformat() == "2023-01-27"
    assert retention_cutoff(T(2028, 2, 29).date(), 1).isoformat() == "2027-02-28"
    payload = {"code": "X", "applicant_name": "A", "phone": "", "copies": 1, "documents": [{"name": "Đơn"}]}
    erased = erase_payload(payload, T(2028, 1, 27).date())
    assert erased == {
        "code": "X",
        "applicant_name": None,
        "phone": None,
        "copies": 1,
        "documents": [{"name": "Đơn"}],
        "personal_erased": "2028-01-27",
    }
    assert erase_payload({"form": "receipt", "copies": 1}, T(2028, 1, 27).date()) is None
    assert erase_payload({"receiver": None}, T(2028, 1, 27).date()) is None


# --- masked unless revealed, and the reveal audited ------------------------------------------------------------


def test_an_officer_sees_masked_values_and_cannot_reveal_a_supervisor_can_and_it_is_audited(staffed, clock):
    staffed.accounts.sign_in("ha", OFFICER_PW)
    code = staffed.intake.intake(
        IntakeRequest(procedure_code=CERT_CODE, applicant_name=NEW_NAME, id_number=NEW_CCCD, phone=OLD_PHONE)
    ).code
    row = staffed.dossiers.received_on()[0]
    assert row.id_number_masked == "••••••••4567" and row.phone_masked == "091••••678"
    with pytest.raises(NotAllowed, match="không được xem đầy đủ số giấy tờ"):
        staffed.privacy.reveal(code)
    staffed.accounts.sign_in("phutrach", SUP_PW)
    full = staffed.privacy.reveal(code)
    assert (full.id_number, full.phone) == (NEW_CCCD, OLD_PHONE)
    staffed.accounts.sign_in("quantri", ADMIN_PW)
    trail = staffed.accounts.trail()
    reads = [e for _, e in trail if e.action == "record.read"]
    assert [(e.target, e.detail, e.officer_name) for e in reads] == [(code, {"via": "reveal"}, "Phạm Thị Phụ Trách")]
    assert not any(NEW_CCCD in json.dumps(e.detail) or NEW_CCCD in e.target for _, e in trail)


def test_cli_show_masks_and_reveal_is_for_a_supervisor(staffed, capsys, monkeypatch):
    staffed.accounts.sign_in("ha", OFFICER_PW)
    code = staffed.intake.intake(
        IntakeRequest(procedure_code=CERT_CODE, applicant_name=NEW_NAME, id_number=NEW_CCCD, phone=OLD_PHONE)
    ).code
    staffed.close()
    monkeypatch.setenv("COUNTER_APP_PASSWORD", OFFICER_PW)
    rc, out, err = _run(capsys, "--as", "ha", "show", code)
    assert rc == 0 and "••••••••4567" in out and NEW_CCCD not in out and OLD_PHONE not in out
    rc, out, err = _run(capsys, "--as", "ha", "show", code, "--reveal")
    assert rc == 3 and out == "" and "không được xem đầy đủ" in err and err.count("\n") == 1
    monkeypatch.setenv("COUNTER_APP_PASSWORD", SUP_PW)
    rc, out, err = _run(capsys, "--as", "phutrach", "show", code, "--reveal")
    assert rc == 0 and f"Số CCCD: {NEW_CCCD}" in out and OLD_PHONE in out
    rc, out, err = _run(capsys, "--as", "phutrach", "show", code, "--reveal", "--json")
    assert rc == 0 and json.loads(out)["id_number"] == NEW_CCCD
    monkeypatch.setenv("COUNTER_APP_PASSWORD", ADMIN_PW)
    rc, out, err = _run(capsys, "--as", "quantri", "audit", "show", "--json")
    reads = [e for e in json.loads(out) if e["action"] == "record.read"]
    assert [e["detail"]["via"] for e in reads] == ["reveal", "reveal"]


# --- the retention rule ----------------------------------------------------------------------------------------


REFUSED_NAME = "Hoàng Thị Lụa"


@pytest.fixture
def aged(services, clock):
    """One dossier returned in November 2026 and one refused then (past a 1-year rule on 27/01/2028), one returned
    in June 2027 and one still open (not)."""
    old = _receive_and_return(services, clock, OLD_NAME, OLD_CCCD, OLD_PHONE, T(2026, 11, 2, 9), T(2026, 11, 10, 9))
    clock.moment = T(2026, 11, 12, 9)
    refused = services.intake.intake(
        IntakeRequest(procedure_code=CERT_CODE, applicant_name=REFUSED_NAME, phone="0977111222")
    ).code
    services.lifecycle.record(EventRequest.of(refused, K.REFUSED, reason="Không đủ điều kiện"))
    new = _receive_and_return(services, clock, NEW_NAME, NEW_CCCD, "0987654321", T(2027, 6, 1, 9), T(2027, 6, 9, 9))
    clock.moment = T(2027, 12, 1, 9)
    services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Mai Văn Mở"))
    services.settings.set_many({"privacy.retention_years": "1"})
    clock.moment = T(2028, 1, 27, 10)
    return old, new, refused


def _biểu_06(services, period: str) -> dict:
    return {
        "counts": services.reports.report(period).total.figures(),
        "recount": services.reports.recount(period).total.figures(),
        "rows": [(r.key, r.figures()) for r in services.reports.report(period, by="procedure").rows],
    }


def test_purge_erases_personal_values_keeps_codes_dates_and_reports_and_the_index_forgets(services, aged):
    old, new, refused = aged
    before = {period: _biểu_06(services, period) for period in ("2026-11", "2026", "2027-06", "2027")}
    assert services.search.search("huong")[0].code == old

    dry = services.privacy.purge(dry_run=True)
    assert dry.dry_run and dry.codes == (old, refused) and dry.cutoff.isoformat() == "2027-01-27"
    assert services.dossiers.detail(old).id_number == OLD_CCCD  # a dry run changes nothing

    result = services.privacy.purge()
    assert result.codes == (old, refused) and result.events == 3  # 2 intakes and the return named someone
    assert services.dossiers.detail(refused).applicant_name == ERASED_NAME
    gone = services.dossiers.detail(old)
    assert gone.applicant_name == ERASED_NAME
    assert (gone.id_number, gone.phone, gone.address, gone.birth_date) == (None, None, None, None)
    assert (gone.code, gone.procedure_code, gone.status, gone.received_at, gone.returned_at) == (
        old,
        XRAY_CODE,
        "returned",
        T(2026, 11, 2, 9),
        T(2026, 11, 10, 9),
    )
    assert services.dossiers.detail(new).id_number == NEW_CCCD  # returned within the year: kept
    assert {period: _biểu_06(services, period) for period in before} == before
    services.reports.rebuild_counts()  # refolded from the erased events: still the same
    assert {period: _biểu_06(services, period) for period in before} == before

    assert services.search.search("huong") == [] and services.search.search(OLD_CCCD) == []
    assert services.search.search(OLD_PHONE) == []
    assert [hit.code for hit in services.search.search("khai")] == [new]
    assert services.privacy.purge().codes == ()  # already erased: nothing left to do

    # the purge is in the audit trail, with codes and counts only
    entries = [e for _, e in services.accounts.trail() if e.action == "privacy.purge"]
    assert len(entries) == 2 and entries[0].detail["codes"] == [old, refused] and entries[0].detail["years"] == 1
    assert services.accounts.verify_trail().problem is None

    services.close()
    raw = (services.db.path).read_bytes()
    for secret in (OLD_CCCD, OLD_PHONE, OLD_NAME, "dang thi huong", REFUSED_NAME, "0977111222"):
        assert secret.encode() not in raw, secret
    assert NEW_CCCD.encode() in raw  # the kept dossier is still there (the check can fail)


def _pdf(path, text: str):
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return path


def test_purge_deletes_the_scans_of_erased_dossiers_but_not_a_paper_a_kept_dossier_shares(services, aged, tmp_path):
    from counter_app.services.backup import BackupService
    from counter_app.store.files import FileStore

    old, new, _refused = aged
    own = services.files.attach(old, _pdf(tmp_path / "cccd-dang-thi-huong.pdf", "CCCD 001190012345")).file
    shared = _pdf(tmp_path / "mau-chung.pdf", "Mau don chung")
    services.files.attach(old, shared)
    services.files.attach(new, shared)
    BackupService(services.db).backup_now()  # mirrors files/ beside the copies
    store, beside_backups = FileStore.beside(services.db.path), FileStore(services.db.path.parent / "backups" / "files")
    assert store.has(own.sha256) and beside_backups.has(own.sha256)

    result = services.privacy.purge()
    assert result.files == 1
    assert not store.has(own.sha256) and not beside_backups.has(own.sha256)
    kept = services.files.files_of(new)
    assert [f.sha256 for f in kept] == [services.files.files_of(old)[1].sha256]  # still there for the kept one
    assert store.has(kept[0].sha256)
    assert {f.filename for f in services.files.files_of(old)} <= {None, ""}  # the file names were personal too
    entry = [e for _, e in services.accounts.trail() if e.action == "privacy.purge"][-1]
    assert entry.detail["files"] == 1


def test_the_events_stay_append_only_except_for_the_erasure(services, aged):
    old = aged[0]
    path = services.db.path
    services.close()
    conn = sqlite3.connect(path)
    try:
        event_id, payload = conn.execute(
            "SELECT e.id, e.payload FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id "
            "WHERE d.code = ? AND e.kind = 'received'",
            (old,),
        ).fetchone()
        data = json.loads(payload)
        attempts = {
            "changed value": {**data, "applicant_name": "Người khác", "personal_erased": "2028-01-27"},
            "no mark": {**data, "applicant_name": None},
            "added key": {**data, "applicant_name": None, "personal_erased": "2028-01-27", "extra": 1},
            "dropped key": {k: v for k, v in data.items() if k != "copies"} | {"personal_erased": "2028-01-27"},
            "nested change": {**data, "documents": [{"name": "Giấy khác"}], "personal_erased": "2028-01-27"},
            "a value turned into text": {**data, "copies": "1", "personal_erased": "2028-01-27"},
        }
        for why, attempt in attempts.items():
            try:
                conn.execute("UPDATE dossier_events SET payload = ? WHERE id = ?", (json.dumps(attempt), event_id))
            except sqlite3.IntegrityError as exc:
                assert "append-only" in str(exc), why
            else:
                pytest.fail(f"not refused: {why}")
            conn.rollback()
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE dossier_events SET officer = 'X' WHERE id = ?", (event_id,))
        erased = erase_payload(data, T(2028, 1, 27).date())
        conn.execute("UPDATE dossier_events SET payload = ? WHERE id = ?", (json.dumps(erased), event_id))
        conn.commit()
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):  # erased once: final
            again = {**erased, "personal_erased": "2029-01-01"}
            conn.execute("UPDATE dossier_events SET payload = ? WHERE id = ?", (json.dumps(again), event_id))
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM dossier_events WHERE id = ?", (event_id,))
    finally:
        conn.close()


def test_purge_also_erases_old_guidance_slips(services, clock):
    from counter_app.services.guidance import GuidanceRequest

    clock.moment = T(2026, 11, 25, 9)
    services.guidance.issue(
        GuidanceRequest(procedure_code=CERT_CODE, applicant_name=OLD_NAME, missing=("2",), phone=OLD_PHONE)
    )
    services.settings.set_many({"privacy.retention_years": "1"})
    clock.moment = T(2028, 1, 27, 10)
    assert services.privacy.purge(dry_run=True).guidance == 1
    assert services.privacy.purge().guidance == 1
    services.close()
    raw = services.db.path.read_bytes()
    assert OLD_PHONE.encode() not in raw and OLD_NAME.encode() not in raw


def test_cli_purge_dry_run_lists_codes_is_for_a_supervisor_and_is_audited(staffed, clock, capsys, monkeypatch):
    staffed.accounts.sign_in("quantri", ADMIN_PW)
    old = _receive_and_return(staffed, clock, OLD_NAME, OLD_CCCD, OLD_PHONE, T(2026, 11, 2, 9), T(2026, 11, 10, 9))
    staffed.settings.set_many({"privacy.retention_years": "1"})
    clock.moment = T(2028, 1, 27, 10)
    staffed.close()
    monkeypatch.setenv("COUNTER_APP_PASSWORD", OFFICER_PW)
    rc, out, err = _run(capsys, "--as", "ha", "privacy", "purge", "--dry-run")
    assert rc == 3 and "không được xoá dữ liệu cá nhân" in err
    monkeypatch.setenv("COUNTER_APP_PASSWORD", SUP_PW)
    rc, out, err = _run(capsys, "--as", "phutrach", "privacy", "purge", "--dry-run")
    assert rc == 0 and "Chạy thử: 1 hồ sơ kết thúc (trả kết quả, từ chối, dừng, rút) trước ngày 27/01/2027" in out
    assert out.splitlines()[2] == old and "Chưa xoá gì" in out
    rc, out, err = _run(capsys, "--as", "phutrach", "show", old)
    assert OLD_NAME in out
    rc, out, err = _run(capsys, "--as", "phutrach", "privacy", "purge")
    assert rc == 0 and out.startswith("Đã xoá thông tin cá nhân của 1 hồ sơ") and old in out
    rc, out, err = _run(capsys, "--as", "phutrach", "show", old)
    assert rc == 0 and OLD_NAME not in out and ERASED_NAME in out
    rc, out, err = _run(capsys, "--as", "phutrach", "audit", "show", "--json")
    purges = [e for e in json.loads(out) if e["action"] == "privacy.purge"]
    assert len(purges) == 1 and purges[0]["officer"] == "Phạm Thị Phụ Trách"


# --- a citizen's own data ------------------------------------------------------------------------------------


def test_cli_export_gives_the_citizen_s_dossiers_as_json_audited_and_gated(
    staffed, clock, capsys, monkeypatch, tmp_path
):
    staffed.accounts.sign_in("quantri", ADMIN_PW)
    first = _receive_and_return(staffed, clock, OLD_NAME, OLD_CCCD, OLD_PHONE, T(2026, 11, 2, 9), T(2026, 11, 10, 9))
    clock.moment = T(2026, 11, 25, 9)
    second = staffed.intake.intake(
        IntakeRequest(procedure_code=CERT_CODE, applicant_name=OLD_NAME, id_number=OLD_CCCD, phone=OLD_PHONE)
    ).code
    staffed.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name=NEW_NAME, id_number=NEW_CCCD))
    staffed.close()
    monkeypatch.setenv("COUNTER_APP_PASSWORD", OFFICER_PW)
    rc, out, err = _run(capsys, "--as", "ha", "privacy", "export", "--id-number", OLD_CCCD)
    assert rc == 3 and out == ""
    monkeypatch.setenv("COUNTER_APP_PASSWORD", SUP_PW)
    rc, out, err = _run(
        capsys, "--as", "phutrach", "privacy", "export", "--id-number", f" {OLD_CCCD[:6]} {OLD_CCCD[6:]}"
    )
    assert rc == 0, err
    data = json.loads(out)
    assert data["id_number"] == OLD_CCCD and [d["code"] for d in data["dossiers"]] == [first, second]
    one = data["dossiers"][0]
    assert (one["applicant_name"], one["phone"], one["status"]) == (OLD_NAME, OLD_PHONE, "returned")
    assert [e["kind"] for e in one["events"]] == ["received", "resolved", "result_returned"]
    assert NEW_NAME not in out and NEW_CCCD not in out
    target = tmp_path / "cong-dan.json"
    rc, out, err = _run(capsys, "--as", "phutrach", "privacy", "export", "--id-number", OLD_CCCD, "-o", str(target))
    assert rc == 0 and out.strip() == str(target) and json.loads(target.read_text("utf-8"))["dossiers"]
    for bad in ("12345", "0011900123456", "", "abc!"):
        rc, out, err = _run(capsys, "--as", "phutrach", "privacy", "export", "--id-number", bad)
        assert rc == 2 and out == "" and err.startswith("Lỗi: Số giấy tờ") and err.count("\n") == 1, (bad, err)
    rc, out, err = _run(capsys, "--as", "phutrach", "privacy", "export", "--id-number", "036095001234")
    assert rc == 0 and json.loads(out)["dossiers"] == [] and "Không có hồ sơ" in err
    monkeypatch.setenv("COUNTER_APP_PASSWORD", ADMIN_PW)
    rc, out, err = _run(capsys, "--as", "quantri", "audit", "show", "--json")
    exports = [e for e in json.loads(out) if e["action"] == "privacy.export"]
    assert [e["detail"]["codes"] for e in exports] == [[first, second], [first, second], []]
    assert OLD_CCCD not in out


def test_retention_years_is_a_checked_setting(services):
    from counter_app.services.settings import SettingsError

    assert services.settings.get("privacy.retention_years") == "5"
    for bad in ("0", "abc", "101", "-1"):
        with pytest.raises(SettingsError, match="Số năm lưu giữ"):
            services.settings.set_many({"privacy.retention_years": bad})
    assert DATABASE_FILE


def test_the_register_masks_phones_unless_a_supervisor_asks_and_that_is_audited(staffed, capsys, monkeypatch, tmp_path):
    import subprocess

    staffed.accounts.sign_in("ha", OFFICER_PW)
    staffed.intake.intake(
        IntakeRequest(procedure_code=CERT_CODE, applicant_name=NEW_NAME, phone=OLD_PHONE, address="12 Lý Thường Kiệt")
    )
    row = staffed.slips.register_data(T(2026, 11, 25).date(), T(2026, 11, 25).date()).rows[0]
    assert row.contact == "12 Lý Thường Kiệt, 091••••678"
    staffed.close()

    def text(pdf) -> str:
        return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout

    args = ("register", "--from", "2026-11-25", "--to", "2026-11-25", "--pdf")
    monkeypatch.setenv("COUNTER_APP_PASSWORD", OFFICER_PW)
    rc, out, err = _run(capsys, "--as", "ha", *args, str(tmp_path / "so.pdf"))
    assert rc == 0, err
    assert OLD_PHONE not in text(tmp_path / "so.pdf") and "678" in text(tmp_path / "so.pdf")
    rc, out, err = _run(capsys, "--as", "ha", *args, str(tmp_path / "full.pdf"), "--reveal")
    assert rc == 3 and not (tmp_path / "full.pdf").exists()
    monkeypatch.setenv("COUNTER_APP_PASSWORD", SUP_PW)
    rc, out, err = _run(capsys, "--as", "phutrach", *args, str(tmp_path / "full.pdf"), "--reveal")
    assert rc == 0 and OLD_PHONE in text(tmp_path / "full.pdf")
    monkeypatch.setenv("COUNTER_APP_PASSWORD", ADMIN_PW)
    rc, out, err = _run(capsys, "--as", "quantri", "audit", "show", "--json")
    prints = [e["detail"] for e in json.loads(out) if e["action"] == "print" and e["target"] == "register"]
    assert [p.get("full", False) for p in prints] == [False, True]
