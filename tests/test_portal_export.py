"""The hand-over to the national portal (issue 13 item 7): a seeded random history exported with
`counter-app export-portal` and read back round-trips its fields (codes, yyyyMMddHHmmss dates, status mapping,
supplement rounds with old/new appointment, result papers); the mapping tables are data an office can replace."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

import pytest

from counter_app.cli import main
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.portal import (
    MappingError,
    load_mapping,
    parse_portal_time,
    portal_time,
    read_record,
)
from counter_app.services.intake import IntakeRequest
from counter_app.services.lifecycle import EventRequest
from tests.conftest import CERT_CODE, XRAY_CODE

START = datetime(2026, 11, 23, 8, 0, tzinfo=OFFICE_TZ)  # a Monday
NAMES = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Oanh", "Phúc", "Quân", "Sơn")


def _name(i: int) -> str:
    return f"Người nộp {NAMES[i % len(NAMES)]} {NAMES[i // len(NAMES) % len(NAMES)]}"


def _history(services, clock, seed: int, n: int = 14) -> dict[str, dict]:
    """Dossiers received over a week with random progress; what each should read back as, from the services."""
    rng = random.Random(seed)
    expected: dict[str, dict] = {}
    moments = sorted(START + timedelta(minutes=rng.randrange(0, 5 * 24 * 60)) for _ in range(n))
    for i, moment in enumerate(moments):
        clock.moment = moment
        organization = rng.random() < 0.3
        result = services.intake.intake(
            IntakeRequest(
                procedure_code=rng.choice([CERT_CODE, XRAY_CODE]),
                applicant_name=_name(i),
                organization="Công ty TNHH Thử" if organization else None,
                channel=rng.choice(["direct", "postal", "online"]),
            )
        )
        rounds: list[tuple[datetime, datetime, datetime, datetime | None]] = []
        results: list[str] = []
        code = result.code

        def record(kind: str, code: str = code, **fields) -> bool:
            clock.moment += timedelta(hours=rng.randrange(1, 30))
            try:
                services.lifecycle.record(EventRequest.of(code, kind, **fields))
            except Exception:  # a step the dossier's state does not allow: the history simply goes on
                return False
            return True

        if rng.random() < 0.8:
            record("handed_over", to_unit="Phòng Quản lý chuyên ngành")
        for _ in range(rng.choice([0, 0, 1, 2])):
            before = services.dossiers.detail(code).due_at
            if not record("supplement_requested", missing=["Bản vẽ mặt bằng"], reason="Thiếu bản vẽ"):
                break
            asked = clock.moment
            if rng.random() < 0.8 and record("supplement_received"):
                rounds.append((asked, clock.moment, before, services.dossiers.detail(code).due_at))
            else:
                rounds.append((asked, None, before, None))
                break
        ending = rng.random()
        if ending < 0.55:
            paper = f"Giấy phép số {i}/GP"
            if record("resolved", result=paper):
                results.append(paper)
                if rng.random() < 0.6:
                    record("result_returned", receiver=_name(i), method=rng.choice(["counter", "post"]))
        elif ending < 0.65:
            record("refused", reason="Không đủ điều kiện")
        elif ending < 0.72:
            record("withdrawn", reason="Người nộp xin rút")
        detail = services.dossiers.detail(code)
        returned = [e for e in detail.timeline if e.kind == "result_returned"]
        expected[code] = {
            "procedure_code": detail.procedure_code,
            "channel": detail.channel,
            "applicant_type": "organization" if organization else "citizen",
            "received_at": detail.received_at,
            "due_at": detail.due_at,
            "status": detail.status,
            "returned_at": detail.returned_at,
            "return_method": (returned[-1].payload.get("method") or "counter") if returned else "counter",
            "rounds": rounds,
            "results": tuple(results),
        }
    return expected


def _second(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(microsecond=0)


@pytest.mark.parametrize("seed", [7, 2026])
def test_random_history_round_trips_through_the_daily_files(services, clock, tmp_path, capsys, seed):
    expected = _history(services, clock, seed)
    # The history exercises what is checked: several statuses, supplement rounds, results, both return methods.
    assert len({e["status"] for e in expected.values()}) >= 4
    assert sum(len(e["rounds"]) for e in expected.values()) >= 3 and any(e["results"] for e in expected.values())
    clock.moment = START + timedelta(days=30)
    out = tmp_path / "portal"
    assert main(["export-portal", "--from", "2026-11-23", "--to", "2026-12-31", "-o", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    files = sorted(out.glob("portal-H61.22-*.json"))
    assert [str(f) for f in files] == printed and len(files) == 39  # one a day, empty days included
    mapping = services.portal.mapping()
    latest: dict[str, dict] = {}
    for path in files:
        day = json.loads(path.read_text(encoding="utf-8"))
        assert day["format"] == "counter_app.portal/1" and day["count"] == len(day["dossiers"])
        for record in day["dossiers"]:
            latest[record["MaHoSo"]] = record  # the file of the last day it moved: as it stands now
            for moment in (record["NgayTiepNhan"], record["NgayHenTra"]):
                assert len(moment) == 14 and moment.isdigit()
    assert set(latest) == set(expected)
    for code, want in expected.items():
        record = latest[code]
        got = read_record(record, mapping)
        assert record["MaTTHC"] == want["procedure_code"]  # no procedure mapped: the catalogue's code
        assert got.procedure_code == want["procedure_code"]
        assert got.channel == want["channel"]
        assert got.applicant_type == want["applicant_type"]
        assert got.received_at == _second(want["received_at"])
        assert got.due_at == _second(want["due_at"])
        assert got.status == want["status"], code
        assert record["TrangThaiHoSo"] == mapping.statuses[want["status"]]
        assert got.returned_at == _second(want["returned_at"])
        assert got.return_method == want["return_method"]
        assert got.results == want["results"]
        assert [(r.requested_at, r.received_at, r.due_before, r.due_after) for r in got.rounds] == [
            tuple(_second(m) for m in r) for r in want["rounds"]
        ]
        assert "Người nộp" not in json.dumps(record, ensure_ascii=False)  # no personal data
        assert record["QuaTrinhXuLy"][0]["TrangThai"] == mapping.statuses["received"]


def test_times_are_portal_text_in_ho_chi_minh_time():
    from datetime import UTC

    moment = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert portal_time(moment) == "20261201063000"
    assert parse_portal_time("20261201063000") == moment
    assert portal_time(None) == "" and parse_portal_time("") is None


def test_an_office_mapping_replaces_codes_and_reads_back(services, clock, tmp_path, capsys):
    clock.moment = START
    code = services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Trần Văn Bình")).code
    office = tmp_path / "office-mapping.json"
    office.write_text(
        json.dumps({"procedures": {CERT_CODE: "1.004227"}, "statuses": {"received": "1"}}), encoding="utf-8"
    )
    assert main(["portal-mapping", "import", str(office)]) == 0
    assert "1 mã thủ tục" in capsys.readouterr().out
    assert main(["export-portal", "--from", "23/11/2026", "--to", "23/11/2026", "-o", str(tmp_path / "o")]) == 0
    record = json.loads((tmp_path / "o" / "portal-H61.22-20261123.json").read_text(encoding="utf-8"))["dossiers"][0]
    assert record["MaHoSo"] == code and record["MaTTHC"] == "1.004227" and record["TrangThaiHoSo"] == "1"
    back = read_record(record, services.portal.mapping())
    assert back.procedure_code == CERT_CODE and back.status == "received"
    exported = tmp_path / "in-force.json"
    assert main(["portal-mapping", "export", str(exported)]) == 0
    assert json.loads(exported.read_text(encoding="utf-8"))["procedures"] == {CERT_CODE: "1.004227"}


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "không phải JSON hợp lệ"),
        ('{"statuses": {"received": "4"}}', "dùng mã 4 cho cả"),
        ('{"channels": {"direct": ""}}', "không để trống"),
        ('{"procedures": ["a"]}', "phải là một bảng"),
    ],
)
def test_a_bad_mapping_is_refused_and_nothing_changes(services, tmp_path, capsys, content, words):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["portal-mapping", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    assert not services.portal.office_file.exists()


def test_bad_ranges_and_a_missing_mapping_file(services, tmp_path, capsys):
    assert main(["export-portal", "--from", "2026-12-02", "--to", "2026-12-01", "-o", str(tmp_path)]) == 2
    assert "sau ngày kết thúc" in capsys.readouterr().err
    assert main(["export-portal", "--from", "hôm qua", "--to", "2026-12-01", "-o", str(tmp_path)]) == 2
    assert (
        main(["export-portal", "--from", "2026-12-01", "--to", "2026-12-01", "-o", str(tmp_path), "--mapping", "x"])
        == 3
    )
    capsys.readouterr()


def test_the_bundled_mapping_is_complete():
    from counter_app.services.portal import PortalService

    mapping = load_mapping(PortalService.bundled_data())
    assert mapping.statuses["returned"] == "10" and mapping.statuses["awaiting_supplement"] == "5"
    with pytest.raises(MappingError, match="thiếu mã cho: withdrawn"):
        data = PortalService.bundled_data()
        del data["statuses"]["withdrawn"]
        load_mapping(data)


def test_fee_entries_become_danh_sach_le_phi():
    """Fees recorded by the fee entries (issue 13 item 1) are listed net of refunds, 0 once cancelled."""
    import uuid

    from counter_app.domain.events import DossierEvent
    from counter_app.domain.portal import _fees

    def fee(kind: str, number: int, amount: int, minute: int) -> DossierEvent:
        return DossierEvent(
            id=str(uuid.uuid4()),
            dossier_id="d",
            station_id="s",
            station_seq=minute,
            kind=kind,  # type: ignore[arg-type]
            officer="x",
            occurred_at=START + timedelta(minutes=minute),
            payload={"receipt_series": "AA/26", "receipt_number": number, "amount": amount, "method": "cash"},
        )

    from counter_app.services.portal import PortalService

    mapping = load_mapping(PortalService.bundled_data())
    fees = _fees(
        [fee("fee_collected", 1, 200000, 1), fee("fee_refunded", 1, 50000, 2), fee("fee_collected", 2, 10000, 3),
         fee("fee_cancelled", 2, 10000, 4)],
        mapping,
    )  # fmt: skip
    assert [(f["Gia"], f["HinhThucThu"], f["SoBienLai"]) for f in fees] == [
        ("150000", "1", "AA/26-0000001"),
        ("0", "1", "AA/26-0000002"),
    ]
