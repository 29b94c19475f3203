"""Fees (issue 13, item 1): amounts in Vietnamese words, fee schedules in the catalogue, collecting / refunding /
cancelling as events, receipt numbers that never collide or repeat, the receipt PDF, the register, the CLI."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.domain import fees as F
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.catalogue_io import (
    SHEET_FEES,
    CatalogueFileError,
    catalogue_to_json,
    catalogue_to_tables,
    parse_json_document,
    parse_tables,
)
from counter_app.domain.events import EventKind
from counter_app.domain.validation import ValidationError
from counter_app.services.intake import IntakeRequest
from counter_app.store.models import DossierEventRow
from tests.conftest import CERT_CODE, MINI_CATALOGUE, set_up_station

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "resources" / "catalogue" / "demo_catalogue.json"


def T(*args: int) -> datetime:
    return datetime(*args, tzinfo=OFFICE_TZ)


# --- money in words ---------------------------------------------------------------------------------------------

WORDS = {
    0: "Không đồng",
    1: "Một đồng",
    5: "Năm đồng",
    10: "Mười đồng",
    11: "Mười một đồng",
    14: "Mười bốn đồng",
    15: "Mười lăm đồng",
    20: "Hai mươi đồng",
    21: "Hai mươi mốt đồng",
    24: "Hai mươi tư đồng",
    25: "Hai mươi lăm đồng",
    31: "Ba mươi mốt đồng",
    44: "Bốn mươi tư đồng",
    55: "Năm mươi lăm đồng",
    101: "Một trăm linh một đồng",
    104: "Một trăm linh bốn đồng",
    105: "Một trăm linh năm đồng",
    110: "Một trăm mười đồng",
    111: "Một trăm mười một đồng",
    115: "Một trăm mười lăm đồng",
    121: "Một trăm hai mươi mốt đồng",
    1_000: "Một nghìn đồng",
    1_001: "Một nghìn không trăm linh một đồng",
    1_010: "Một nghìn không trăm mười đồng",
    10_000: "Mười nghìn đồng",
    15_000: "Mười lăm nghìn đồng",
    21_000: "Hai mươi mốt nghìn đồng",
    105_000: "Một trăm linh năm nghìn đồng",
    200_000: "Hai trăm nghìn đồng",
    1_250_000: "Một triệu hai trăm năm mươi nghìn đồng",
    1_000_005: "Một triệu không trăm linh năm đồng",
    2_005_000: "Hai triệu không trăm linh năm nghìn đồng",
    1_000_000_000: "Một tỷ đồng",
    1_000_000_005: "Một tỷ không trăm linh năm đồng",
    2_500_000_000: "Hai tỷ năm trăm triệu đồng",
    10_000_000_000: "Mười tỷ đồng",
    1_000_000_000_000: "Một nghìn tỷ đồng",
}


@pytest.mark.parametrize(("amount", "words"), WORDS.items(), ids=[str(n) for n in WORDS])
def test_amounts_in_words(amount: int, words: str):
    assert F.amount_in_words(amount) == words


_DIGIT = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6}
_DIGIT |= {"bảy": 7, "tám": 8, "chín": 9}


def _read_back(words: str) -> int:
    """An independent reader of Vietnamese numbers (what a person does with the words on a receipt)."""
    total = section = group = pending = 0
    for word in words.split():
        if word in _DIGIT:
            pending = _DIGIT[word]
        elif word == "trăm":
            group, pending = group + pending * 100, 0
        elif word == "mươi":
            group, pending = group + pending * 10, 0
        elif word == "mười":
            group += 10
        elif word == "linh":
            pass
        elif word in ("nghìn", "triệu"):
            section += (group + pending) * (1000 if word == "nghìn" else 1_000_000)
            group = pending = 0
        elif word == "tỷ":
            total = (section + group + pending) * 1_000_000_000
            section = group = pending = 0
        else:
            raise AssertionError(f"unknown word {word!r} in {words!r}")
    return total + section + group + pending


def test_random_amounts_read_back_and_keep_the_reading_rules():
    rng = random.Random(13)
    samples = [rng.randrange(0, 10**scale) for scale in range(1, 13) for _ in range(300)]
    for n in samples + list(range(0, 2100)):
        words = F.number_in_words(n)
        assert _read_back(words) == n, (n, words)
        tokens = words.split()
        for before, word in zip(tokens, tokens[1:], strict=False):
            if word == "mốt":
                assert before == "mươi", words  # 21, 31 …: never 11 ("mười một") nor after "linh"
            if word == "tư":
                assert before == "mươi", words  # 24, 34 …: never 14 ("mười bốn") nor 104 ("linh bốn")
            if word == "lăm":
                assert before in ("mươi", "mười"), words  # 15, 25 …: never 105 ("linh năm")
        assert "mười mươi" not in words and "một mươi" not in words


def test_amounts_typed_by_officers():
    for text in ("200000", "200.000", "200,000", "200 000", "200.000 đồng", "200000đ", 200000, 200000.0):
        assert F.parse_amount(text) == 200000, text
    for bad, why in (("abc", "không phải số tiền"), ("-5", "không phải số tiền"), ("1.5", "không phải số tiền"),
                     ("", "để trống"), (12.5, "phần lẻ"), (F.MAX_AMOUNT + 1, "quá lớn")):  # fmt: skip
        with pytest.raises(ValueError, match=why):
            F.parse_amount(bad)
    assert F.format_dong(1250000) == "1.250.000" and F.format_dong(0) == "0"


def test_receipt_blocks_are_the_counters_and_refs_are_read_as_typed():
    assert (F.receipt_block(1).start, F.receipt_block(1).stop - 1) == (1_000_001, 1_999_999)
    assert F.next_receipt_number(2, None) == 2_000_001 and F.next_receipt_number(2, 2_000_041) == 2_000_042
    with pytest.raises(F.ReceiptBlockExhausted, match="Quầy 1 đã cấp hết"):
        F.next_receipt_number(1, 1_999_999)
    assert F.receipt_series("BL", 2026) == "BL-26"
    assert F.parse_receipt_ref("1000001") == (None, 1000001)
    assert F.parse_receipt_ref("bl-26 số 1000001") == ("BL-26", 1000001)
    assert F.parse_receipt_ref("BL-26/1000001") == ("BL-26", 1000001)
    assert F.parse_receipt_ref("số mấy") is None


# --- the catalogue carries fees ---------------------------------------------------------------------------------


def _document(fees: object) -> dict:
    return {
        "schema": 1,
        "fields": [{"code": "ATBX", "name": "An toàn bức xạ"}],
        "procedures": [
            {"code": "1.000173", "name": "Cấp chứng chỉ nhân viên bức xạ", "field_code": "ATBX", "duration": 10,
             "documents": [{"name": "Đơn đề nghị"}], "fees": fees},
        ],
    }  # fmt: skip


SCHEDULE = {
    "items": [
        {"kind": "le_phi", "name": "cấp chứng chỉ", "amount": 200000, "unit": "", "note": ""},
        {"kind": "phi", "name": "thẩm định", "amount": 1500000, "unit": "thiết bị", "note": "mức thông thường"},
    ],
    "exemptions": [{"condition": "Người có công với cách mạng"}],
}


def test_json_fees_round_trip_and_bad_ones_are_all_reported():
    data = parse_json_document(_document(SCHEDULE))
    fees = data.procedures[0].fees
    assert fees.items[0] == F.FeeItem(F.FeeKind.CHARGE, "cấp chứng chỉ", 200000)
    assert fees.items[1].per_unit and fees.items[1].describe() == (
        "Phí thẩm định: 1.500.000 đồng/thiết bị (mức thông thường)"
    )
    assert fees.exemptions == (F.FeeExemption("Người có công với cách mạng"),)
    assert catalogue_to_json(data.fields, data.procedures)["procedures"][0]["fees"] == SCHEDULE
    bad = {"items": [{"kind": "le_phi", "amount": "mười"}, {"kind": "thuế", "amount": 5}],
           "exemptions": [{"condition": "  "}]}  # fmt: skip
    with pytest.raises(CatalogueFileError) as info:
        parse_json_document(_document(bad))
    messages = [str(i) for i in info.value.issues]
    assert len(messages) == 3, messages
    assert "khoản phí thứ 1" in messages[0] and "'mười' không phải số tiền" in messages[0]
    assert "khoản phí thứ 2" in messages[1] and "'thuế' không hợp lệ" in messages[1]
    assert "miễn, giảm thứ 1" in messages[2] and "phải ghi điều kiện" in messages[2]


def test_xlsx_fee_sheet_round_trips_and_an_unknown_procedure_is_refused():
    data = parse_json_document(_document(SCHEDULE))
    tables = catalogue_to_tables(data.fields, data.procedures)
    assert tables[SHEET_FEES][1:] == [
        ["1.000173", "Lệ phí", "cấp chứng chỉ", 200000, None, None],
        ["1.000173", "Phí", "thẩm định", 1500000, "thiết bị", "mức thông thường"],
        ["1.000173", "Miễn, giảm", None, None, None, "Người có công với cách mạng"],
    ]
    assert parse_tables(tables).procedures[0].fees == data.procedures[0].fees
    # Older workbooks have no fee sheet: still imported, with no fees.
    older = {name: rows for name, rows in tables.items() if name != SHEET_FEES}
    assert not parse_tables(older).procedures[0].fees
    tables[SHEET_FEES].append(["9.999999", "Lệ phí", "x", "150.000", None, None])
    tables[SHEET_FEES].append(["1.000173", "Lệ phí", "y", "một trăm", None, None])
    with pytest.raises(CatalogueFileError) as info:
        parse_tables(tables)
    assert [str(i) for i in info.value.issues] == [
        "Sheet 'Phí, lệ phí', dòng 5, cột 'Mã thủ tục': mã thủ tục '9.999999' không có trong sheet 'Thủ tục'",
        "Sheet 'Phí, lệ phí', dòng 6, cột 'Mức thu (đồng)': 'một trăm' không phải số tiền (ghi số nguyên đồng, "
        "ví dụ 200000 hoặc 200.000).",
    ]


def test_fees_are_stored_with_the_version_and_a_bad_file_imports_nothing(services, tmp_path: Path):
    good = tmp_path / "fees.json"
    good.write_text(json.dumps(_document(SCHEDULE), ensure_ascii=False), encoding="utf-8")
    services.catalogue.import_file(good)
    exported = tmp_path / "out.xlsx"
    services.catalogue.export_file(exported)
    from openpyxl import load_workbook

    rows = list(load_workbook(exported)[SHEET_FEES].iter_rows(values_only=True))
    assert ("1.000173", "Lệ phí", "cấp chứng chỉ", 200000, None, None) in rows
    other = tmp_path / "other"
    from counter_app.services.app import open_services

    fresh = open_services(other, load_demo=False)
    try:
        fresh.catalogue.import_file(exported)
        procedure = next(p for p in fresh.catalogue.procedures() if p.code == "1.000173")
        assert procedure.fees == parse_json_document(_document(SCHEDULE)).procedures[0].fees
        before = len(fresh.catalogue.procedures())
        bad = tmp_path / "bad.json"
        doc = _document({"items": [{"kind": "phi", "amount": -1}]})
        doc["procedures"][0]["code"] = "1.999999"
        bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(CatalogueFileError, match="chưa nhập gì"):
            fresh.catalogue.import_file(bad)
        assert len(fresh.catalogue.procedures()) == before
    finally:
        fresh.close()


def test_demo_catalogue_has_the_fees_it_knows():
    data = parse_json_document(json.loads(DEMO.read_text(encoding="utf-8")))
    by_code = {p.code: p for p in data.procedures}
    assert by_code["1.000173"].fees.items == (F.FeeItem(F.FeeKind.CHARGE, "cấp chứng chỉ nhân viên bức xạ", 200000,
                                                          "chứng chỉ"),)  # fmt: skip
    assert by_code["9.920001"].fees.items[0].amount == 2_000_000 and by_code["9.920001"].fees.exemptions
    assert not by_code["2.002131"].fees  # "Không"


# --- collecting, refunding, cancelling ----------------------------------------------------------------------------


def _intake(services, name: str = "Nguyễn Thị Hương") -> str:
    return services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name=name)).code


def _fee_rows(services) -> int:
    with services.db.read() as s:
        return s.scalar(select(func.count()).select_from(DossierEventRow).where(DossierEventRow.kind.like("fee_%")))


def test_collect_refund_cancel_are_new_entries_and_the_register_adds_them_up(services, clock):
    code = _intake(services)
    first = services.fees.collect(code, "1.250.000", "cash", None)
    assert first.receipt == "BL-26 số 1000001"
    assert first.event.payload == {
        "receipt_series": "BL-26", "receipt_number": 1000001, "amount": 1250000, "method": "cash",
        "payer": "Nguyễn Thị Hương", "procedure_code": CERT_CODE,
    }  # fmt: skip
    assert first.event.officer == "Cán bộ tiếp nhận"
    second = services.fees.collect(code, 200000, "transfer", "Công ty TNHH Ánh Dương")
    assert second.number == 1000002
    assert services.fees.refund(code, "1000001", "250.000", "thu thừa").amount == 250000
    with pytest.raises(ValidationError, match="hoàn trả quá số đã thu: biên lai BL-26 số 1000001 còn 1.000.000"):
        services.fees.refund(code, "1000001", 1_000_001, "thu thừa")
    with pytest.raises(ValidationError, match="Lý do: không được để trống"):
        services.fees.cancel(code, "1000002", "  ")
    assert services.fees.cancel(code, "BL-26 1000002", "viết sai tên").amount == 200000
    with pytest.raises(ValidationError, match="đã bị hủy"):
        services.fees.cancel(code, "1000002", "lần nữa")
    with pytest.raises(ValidationError, match="không có biên lai số 1000009"):
        services.fees.refund(code, "1000009", None, "x")
    # The dossier's status is untouched; the timeline says each entry.
    detail = services.dossiers.detail(code)
    assert detail.status == "received"
    kinds = [e.kind for e in detail.timeline]
    assert kinds.count(EventKind.FEE_COLLECTED) == 2 and EventKind.FEE_CANCELLED in kinds
    register = services.fees.register(date(2026, 11, 25), date(2026, 11, 25))
    assert [(e.kind.value, e.number, e.signed_amount) for e in register.entries] == [
        ("collected", 1000001, 1250000),
        ("collected", 1000002, 200000),
        ("refunded", 1000001, -250000),
        ("cancelled", 1000002, -200000),
    ]
    total = register.grand_total
    assert (total.receipts, total.collected, total.refunded, total.cancelled, total.net) == (
        2, 1450000, 250000, 200000, 1000000,
    )  # fmt: skip
    assert (total.cash, total.transfer) == (1000000, 0)
    assert [t.procedure_code for t in register.totals] == [CERT_CODE]
    # The day before has nothing; the audit trail names the officer of each entry.
    assert not services.fees.register(date(2026, 11, 24), date(2026, 11, 24)).entries


def test_an_amount_other_than_the_schedule_warns(services):
    # The mini catalogue has no fees: import a procedure that has.
    doc = _document({"items": [{"kind": "le_phi", "name": "cấp chứng chỉ", "amount": 200000}]})
    path = Path(services.db.path).parent / "fees.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    services.catalogue.import_file(path)
    code = services.intake.intake(IntakeRequest(procedure_code="1.000173", applicant_name="Lê Văn Tâm")).code
    assert services.fees.proposal(code) == 200000
    assert services.fees.collect(code, 200000, "cash").warnings == ()
    (warning,) = services.fees.collect(code, 150000, "cash").warnings
    assert "khác mức thu của thủ tục (200.000 đồng)" in warning


def test_refunds_and_cancellations_are_a_supervisors(services):
    from counter_app.services.accounts import NotAllowed

    accounts = services.accounts
    accounts.create("quantri", "Lê Văn Quản", "admin", "quan-tri-2026")
    accounts.create("phutrach", "Phạm Thị Phụ Trách", "supervisor", "phu-trach-2026")
    accounts.create("ha", "Nguyễn Thị Hà", "officer", "can-bo-2026")
    accounts.sign_out()
    accounts.sign_in("ha", "can-bo-2026")
    code = _intake(services)
    collected = services.fees.collect(code, 100000, "cash")
    assert collected.event.officer == "Nguyễn Thị Hà" and collected.event.officer_id
    for attempt in (lambda: services.fees.refund(code, None, None, "x"), lambda: services.fees.cancel(code, None, "x")):
        with pytest.raises(NotAllowed, match="cần vai trò cán bộ phụ trách"):
            attempt()
    with pytest.raises(NotAllowed):
        services.fees.register(date(2026, 11, 1), date(2026, 11, 30))
    accounts.sign_out()
    accounts.sign_in("phutrach", "phu-trach-2026")
    refund = services.fees.refund(code, None, None, "miễn lệ phí")  # the dossier's only receipt, all of it
    assert refund.amount == 100000 and refund.event.officer == "Phạm Thị Phụ Trách"
    assert services.fees.register(date(2026, 11, 1), date(2026, 11, 30)).grand_total.net == 0
    # The audit trail says who recorded each entry, with its receipt and amount (never the payer).
    details = {e.detail.get("kind"): (e.officer_name, e.detail) for _n, e in services.accounts.trail()}
    officer, detail = details["fee_refunded"]
    assert officer == "Phạm Thị Phụ Trách"
    assert {k: detail[k] for k in ("receipt_series", "receipt_number", "amount")} == {
        "receipt_series": "BL-26", "receipt_number": 1000001, "amount": 100000,
    }  # fmt: skip
    assert details["fee_collected"][0] == "Nguyễn Thị Hà" and "payer" not in details["fee_collected"][1]


def test_the_store_refuses_to_edit_or_delete_a_fee_entry(services):
    code = _intake(services)
    services.fees.collect(code, 100000, "cash")
    connection = sqlite3.connect(services.db.path)
    try:
        for sql in (
            "UPDATE dossier_events SET payload = '{\"amount\": 1}' WHERE kind = 'fee_collected'",
            "DELETE FROM dossier_events WHERE kind = 'fee_collected'",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                connection.execute(sql)
    finally:
        connection.close()
    assert services.fees.register(date(2026, 11, 25), date(2026, 11, 25)).grand_total.collected == 100000


def test_a_rollback_takes_no_number_and_leaves_no_hole(services, monkeypatch):
    from counter_app.store import repository

    code = _intake(services)
    assert services.fees.collect(code, 100000, "cash").number == 1000001
    with pytest.raises(ValidationError):
        services.fees.collect(code, "một trăm", "cash")  # refused before any number is taken
    real = repository.append_event

    def failing(session, event, recorded_at):
        real(session, event, recorded_at)  # the row is in the transaction …
        raise OSError("đĩa đầy")  # … which then fails: everything rolls back

    monkeypatch.setattr(repository, "append_event", failing)
    with pytest.raises(OSError):
        services.fees.collect(code, 100000, "cash")
    monkeypatch.setattr(repository, "append_event", real)
    assert _fee_rows(services) == 1
    assert services.fees.collect(code, 100000, "cash").number == 1000002  # the next one: no hole, no repeat
    numbers = [e.number for e in services.fees.register(date(2026, 11, 25), date(2026, 11, 25)).entries]
    assert numbers == [1000001, 1000002]


CRASH = """
import os, sys
from pathlib import Path
from datetime import datetime
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.services.app import open_services
from counter_app.store import audit
app = open_services(Path(sys.argv[1]), load_demo=False, clock=lambda: datetime(2026, 11, 25, 10, 0, tzinfo=OFFICE_TZ))
def crash(*args, **kwargs):
    os._exit(9)  # the power goes after the receipt's row was written, before the commit
audit.append_all = crash  # the one audit write path (audit.append calls it too)
app.fees.collect(sys.argv[2], 100000, "cash")
"""


def test_a_crash_before_commit_never_reuses_a_committed_number(services, data_dir):
    code = _intake(services)
    assert services.fees.collect(code, 100000, "cash").number == 1000001
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", CRASH, str(data_dir), code], env=env, timeout=120)
    assert result.returncode == 9
    assert _fee_rows(services) == 1  # the crashed entry left nothing
    assert services.fees.collect(code, 100000, "cash").number == 1000002


# --- two stations, offline, then synced through the hub ----------------------------------------------------------


@pytest.fixture
def hub(tmp_path: Path):
    from sync_harness import HubThread

    from counter_app.hub import admin
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database

    db = open_hub_database(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    tokens = [admin.add_station(db, "H61.22", counter=n).token for n in (1, 2)]
    with HubThread(create_app(db=db)) as server:
        server.db = db
        server.tokens = tokens
        yield server
    db.dispose()


class StepClock:
    def __init__(self) -> None:
        self.moment = T(2026, 11, 25, 9, 0)

    def __call__(self) -> datetime:
        from datetime import timedelta

        self.moment += timedelta(seconds=20)
        return self.moment


def test_two_offline_stations_never_issue_the_same_receipt_number(hub, tmp_path: Path):
    from sync_harness import make_station

    from counter_app.hub.models import HubEvent

    clock = StepClock()
    stations = [
        make_station(tmp_path / f"s{n}", clock, agency="H61.22", counter=n, hub_url=hub.url, token=hub.tokens[n - 1])
        for n in (1, 2)
    ]
    try:
        issued: list[tuple[str, int]] = []
        for station in stations:  # offline: neither has seen the other
            app = station.services
            for name in ("Nguyễn Thị Hương", "Trần Văn Bình", "Lê Thị Cúc"):
                code = app.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name=name)).code
                result = app.fees.collect(code, 150000, "cash")
                issued.append((result.series, result.number))
        assert len(set(issued)) == 6
        assert sorted(n for _s, n in issued) == [1000001, 1000002, 1000003, 2000001, 2000002, 2000003]
        for station in (*stations, stations[0]):  # each sends its own, then pulls the other's
            assert station.sync.sync_once().ok
        with hub.db.read() as session:
            kinds = list(session.scalars(select(HubEvent.kind)))
        assert kinds.count("fee_collected") == 6
        for station in stations:
            register = station.services.fees.register(date(2026, 11, 25), date(2026, 11, 25))
            numbers = [(e.series, e.number) for e in register.entries]
            assert sorted(numbers) == sorted(issued)  # every station sees all six, none twice
            assert register.grand_total.collected == 6 * 150000
        # After seeing the other station's receipts, station 1 goes on in its own block.
        app = stations[0].services
        code = app.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Phạm Văn Dũng")).code
        assert app.fees.collect(code, 150000, "transfer").number == 1000004
    finally:
        for station in stations:
            station.close()


# --- the receipt and the register on paper, and the commands ---------------------------------------------------------


def _pdftotext(path: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext is not on PATH (Debian: poppler-utils)")
    out = subprocess.run([exe, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.fixture
def cli_code(data_dir, capsys) -> str:
    from counter_app.cli import main
    from counter_app.services.app import open_services

    services = open_services(data_dir, load_demo=False)
    services.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
    set_up_station(services.settings)
    services.close()
    assert main(["intake", "--procedure", CERT_CODE, "--applicant", "Nguyễn Thị Hương"]) == 0
    return capsys.readouterr().out.strip()


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    from counter_app.cli import main

    rc = main(list(argv))
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def test_cli_fee_records_and_writes_the_receipt_in_two_copies(cli_code, capsys, tmp_path: Path):
    target = tmp_path / "bien-lai.pdf"
    rc, out, err = _run(capsys, "fee", cli_code, "--amount", "1250000", "--method", "cash", "--payer",
                        "Trần Văn Bình", "--pdf", str(target))  # fmt: skip
    assert (rc, err) == (0, "")
    assert out.splitlines() == [
        f"{cli_code}: đã thu 1.250.000 đồng (tiền mặt), biên lai BL-26 số 1000001.",
        str(target),
    ]
    text = _pdftotext(target)
    assert text.count("BIÊN LAI THU PHÍ, LỆ PHÍ") == 2
    assert "Liên 1: Lưu tại cơ quan thu" in text and "Liên 2: Giao cho người nộp tiền" in text
    assert text.count("Viết bằng chữ: Một triệu hai trăm năm mươi nghìn đồng") == 2
    assert text.count("Ký hiệu: BL-26") == 2 and text.count("Số: 1000001") == 2
    assert "Số tiền: 1.250.000 đồng" in text and "Trần Văn Bình" in text and "Hình thức thanh toán: Tiền mặt" in text
    assert f"Mã hồ sơ: {cli_code}" in text and "BẢN IN LẠI" not in text
    # Without --pdf: into the PDF folder, named after the dossier and the receipt.
    rc, out, _ = _run(capsys, "fee", cli_code, "--amount", "200.000", "--method", "transfer")
    written = Path(out.splitlines()[-1])
    assert rc == 0 and written.name == f"{cli_code}-BL-26-1000002.pdf" and written.parent.name == "bien-lai-phi"
    assert "Hai trăm nghìn đồng" in _pdftotext(written)
    # Again, later: marked as a reprint.
    again = tmp_path / "lai.pdf"
    assert _run(capsys, "fee-receipt", cli_code, "--receipt", "1000001", "--pdf", str(again))[0] == 0
    assert "BẢN IN LẠI" in _pdftotext(again)


def test_cli_fee_refuses_bad_input_with_one_line_and_writes_nothing(cli_code, capsys, tmp_path: Path):
    target = tmp_path / "x.pdf"
    rc, out, err = _run(capsys, "fee", cli_code, "--amount", "hai trăm", "--method", "cash", "--pdf", str(target))
    assert (rc, out) == (2, "") and not target.exists()
    assert err == "Lỗi: Số tiền: 'hai trăm' không phải số tiền (ghi số nguyên đồng, ví dụ 200000 hoặc 200.000).\n"
    rc, out, err = _run(capsys, "fee", "H61.22-261125-9999", "--amount", "1", "--method", "cash")
    assert rc == 3 and "H61.22-261125-9999" in err and len(err.splitlines()) == 1
    with pytest.raises(SystemExit) as info:
        _run(capsys, "fee", cli_code, "--amount", "1", "--method", "card")
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: tham số --method: lựa chọn không hợp lệ: 'card'") and len(err.splitlines()) == 1
    rc, _out, err = _run(capsys, "fee-refund", cli_code, "--reason", "x")
    assert rc == 2 and err == "Lỗi: Biên lai: hồ sơ chưa có biên lai thu phí nào.\n"


def test_cli_fee_report_in_json_xlsx_and_pdf(cli_code, capsys, tmp_path: Path):
    _run(capsys, "fee", cli_code, "--amount", "1250000", "--method", "cash", "--pdf", str(tmp_path / "1.pdf"))
    _run(capsys, "fee", cli_code, "--amount", "200000", "--method", "transfer", "--pdf", str(tmp_path / "2.pdf"))
    assert (
        _run(capsys, "fee-refund", cli_code, "--receipt", "1000001", "--amount", "250000", "--reason", "thừa")[0] == 0
    )
    assert _run(capsys, "fee-cancel", cli_code, "--receipt", "1000002", "--reason", "viết sai")[0] == 0
    rc, out, _ = _run(capsys, "fee-report", "--from", "2026-11-01", "--to", "2026-11-30", "--json")
    document = json.loads(out)
    assert rc == 0 and document["total"] == {
        "procedure_code": "", "procedure_name": "Tổng cộng", "receipts": 2, "collected": 1450000,
        "refunded": 250000, "cancelled": 200000, "net": 1000000, "cash": 1000000, "transfer": 0,
    }  # fmt: skip
    assert [e["kind"] for e in document["entries"]] == ["collected", "collected", "refunded", "cancelled"]
    rc, out, _ = _run(capsys, "fee-report", "--from", "2026-11-01", "--to", "2026-11-30")
    assert rc == 0 and "còn 1.000.000 đồng" in out
    rc, _out, err = _run(capsys, "fee-report", "--from", "2026-11-30", "--to", "2026-11-01")
    assert rc == 2 and "sau ngày kết thúc" in err

    xlsx = tmp_path / "so-thu-phi.xlsx"
    assert _run(capsys, "fee-report", "--from", "2026-11-01", "--to", "2026-11-30", "--xlsx", str(xlsx))[0] == 0
    from openpyxl import load_workbook

    book = load_workbook(xlsx)
    assert book.sheetnames == ["Sổ thu phí", "Tổng hợp theo thủ tục"]
    entries = list(book["Sổ thu phí"].iter_rows(min_row=5, values_only=True))
    assert [(r[3], r[4], r[10]) for r in entries] == [
        ("1000001", "Thu", 1250000), ("1000002", "Thu", 200000),
        ("1000001", "Hoàn trả", -250000), ("1000002", "Hủy biên lai", -200000),
    ]  # fmt: skip
    totals = book["Tổng hợp theo thủ tục"]
    assert totals["G6"].value == 1000000 and totals["G6"].number_format == "#,##0"
    assert totals.cell(totals.max_row, 2).value == "Tổng cộng"

    pdf = tmp_path / "so-thu-phi.pdf"
    assert _run(capsys, "fee-report", "--from", "2026-11-01", "--to", "2026-11-30", "--pdf", str(pdf))[0] == 0
    text = _pdftotext(pdf)
    assert "SỔ THEO DÕI THU PHÍ, LỆ PHÍ" in text and "Từ ngày 01/11/2026 đến ngày 30/11/2026" in text
    assert "-250.000" in text and "Số tiền còn lại bằng chữ: Một triệu đồng" in text

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")
    result = subprocess.run(
        [office, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "lo"), str(xlsx)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    converted = _pdftotext(tmp_path / "lo" / "so-thu-phi.pdf")
    assert "SỔ THEO DÕI THU PHÍ, LỆ PHÍ" in converted and "Hủy biên lai" in converted
    assert "1,250,000" in converted or "1.250.000" in converted  # a number, shown with the locale's separators
