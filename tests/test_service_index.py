"""Ratings and the service index (Decision 766/QĐ-TTg): the figures equal a recount of a random history kept by the
test itself, a rating is an event (levels 1-5, optional comment, never required), and a second supplement request
is refused until the officer confirms it (service and CLI)."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from datetime import date, datetime, timedelta

import pytest

from counter_app import cli
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.events import EventKind
from counter_app.domain.lifecycle import TransitionError
from counter_app.domain.reports import custom_period
from counter_app.domain.service_index import DIGITISED, MULTI_SUPPLEMENT, ON_TIME, SATISFIED
from counter_app.domain.validation import ValidationError
from counter_app.services.intake import IntakeRequest
from tests.conftest import CERT_CODE, set_up_station
from tests.test_reports import REPORT_CATALOGUE

K = EventKind
FIELD_OF = {"R.SHTT.01": "SHTT", "R.ATBX.01": "ATBX", "R.ATBX.02": "ATBX", "R.KHCN.01": "KHCN"}
PROCEDURES = tuple(FIELD_OF)


@pytest.fixture
def app(data_dir, clock):
    """A station with three fields of work (the report tests' catalogue)."""
    from counter_app.services.app import open_services

    services = open_services(data_dir, load_demo=False, clock=clock)
    services.catalogue.ensure_demo_catalogue(REPORT_CATALOGUE)
    set_up_station(services.settings)
    yield services
    services.close()


def T(*args) -> datetime:
    return datetime(*args, tzinfo=OFFICE_TZ)


class Truth:
    """What the test itself did to one dossier, written down as it happened (not read back from the index)."""

    def __init__(self, code: str, field: str, received: datetime):
        self.code, self.field, self.received = code, field, received
        self.rounds = 0
        self.closed: datetime | None = None
        self.late = False
        self.ratings: list[tuple[datetime, int]] = []
        self.scanned: datetime | None = None  # when the first scan of its papers was attached


def _random_history(services, clock, rng: random.Random, n_dossiers: int = 14, steps: int = 70) -> list[Truth]:
    from PySide6.QtGui import QColor, QImage

    scan = services.db.path.parent / "scan.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    assert image.save(str(scan), "PNG")
    clock.moment = T(2026, 9, 1, 8, 0)
    truths: list[Truth] = []
    lc = services.lifecycle
    for _ in range(steps):
        clock.moment += timedelta(minutes=rng.choice((20, 90, 60 * 5, 60 * 24, 60 * 24 * 3, 60 * 24 * 6)))
        if len(truths) < n_dossiers and (not truths or rng.random() < 0.35):
            procedure = rng.choice(PROCEDURES)
            code = services.intake.intake(IntakeRequest(procedure_code=procedure, applicant_name="Trần Văn Bình")).code
            truths.append(Truth(code, FIELD_OF[procedure], clock.moment))
            continue
        truth = rng.choice(truths)
        if rng.random() < 0.12:  # a scan of one of its papers (the digitised share)
            services.files.attach(truth.code, scan, document="1")
            truth.scanned = truth.scanned or clock.moment
            continue
        detail = services.dossiers.detail(truth.code)
        # Kinds the index does not look at are left out, so the random history keeps its mix of what it does.
        ignored = (K.RECEIVED, K.SLIP_PRINTED, K.EXTENDED, K.FILE_ATTACHED, K.FILE_STORED)
        kinds = [k for k in detail.allowed_kinds if k not in ignored and not k.value.startswith("fee_")]
        wanted = [k for k in kinds if k in (K.SUPPLEMENT_REQUESTED, K.SUPPLEMENT_RECEIVED, K.RATED)]
        kind = rng.choice(wanted if wanted and rng.random() < 0.5 else kinds)  # enough second requests and ratings
        values: dict = {
            K.HANDED_OVER: {"to_unit": "Phòng Quản lý chuyên ngành" if detail.location != "Phòng Quản lý chuyên ngành"
                            else "Phòng Thanh tra"},
            K.SUPPLEMENT_REQUESTED: {"missing": ["1"], "confirm_second": True},
            K.REFUSED: {"reason": "Không đủ điều kiện"},
            K.STOPPED: {"reason": "Người nộp đề nghị dừng"},
            K.RESULT_RETURNED: {"receiver": "Trần Văn Bình"},
            K.RATED: {"level": rng.randint(1, 5)},
        }.get(kind, {})  # fmt: skip
        before = detail
        try:
            lc.record(EventRequest.of(truth.code, kind, **values))
        except (ValidationError, TransitionError):
            continue
        if kind == K.SUPPLEMENT_REQUESTED:
            truth.rounds += 1
        elif kind == K.RATED:
            truth.ratings.append((clock.moment, values["level"]))
        elif kind in (K.RESOLVED, K.REFUSED, K.STOPPED, K.WITHDRAWN):
            # Default report choices: judged at the closure, or when the pause began if awaiting supplements.
            judged = before.paused_since if before.paused_since is not None else clock.moment
            truth.closed, truth.late = clock.moment, judged > before.due_at
    return truths


def _recount(truths: list[Truth], start: date, end: date) -> dict[str, dict[str, tuple[set, set]]]:
    """The four figures per field and in total ("") as (counted, of) sets of codes, counted from the test's notes."""
    s = T(start.year, start.month, start.day)
    e = T(end.year, end.month, end.day) + timedelta(days=1)
    out: dict[str, dict[str, tuple[set, set]]] = defaultdict(
        lambda: {k: (set(), set()) for k in (ON_TIME, MULTI_SUPPLEMENT, DIGITISED, SATISFIED)}
    )
    for t in truths:
        for key in (t.field, ""):
            f = out[key]
            if t.closed is not None and s <= t.closed < e:
                f[ON_TIME][1].add(t.code)
                f[MULTI_SUPPLEMENT][1].add(t.code)
                if t.rounds >= 2:
                    f[MULTI_SUPPLEMENT][0].add(t.code)
                elif not t.late:
                    f[ON_TIME][0].add(t.code)
            if s <= t.received < e:
                f[DIGITISED][1].add(t.code)
                if t.scanned is not None and t.scanned < e:
                    f[DIGITISED][0].add(t.code)
            given = [(at, level) for at, level in t.ratings if at < e]
            if given and given[-1][0] >= s:
                f[SATISFIED][1].add(t.code)
                if given[-1][1] <= 2:
                    f[SATISFIED][0].add(t.code)
    return out


@pytest.mark.parametrize("seed", [1, 3])
def test_the_index_equals_a_recount_of_a_random_history(app, clock, seed):
    services = app
    rng = random.Random(seed)
    truths = _random_history(services, clock, rng)
    assert (
        sum(t.rounds >= 2 for t in truths)
        and sum(bool(t.ratings) for t in truths)
        and sum(bool(t.scanned) for t in truths)
    )
    clock.moment += timedelta(days=1)
    periods = [
        (date(2026, 9, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 10, 31)),
        (date(2026, 9, 10), date(2026, 12, 31)),  # still running: counted up to now
        (date(2026, 8, 1), clock.moment.date()),
    ]
    for first, last in periods:
        index = services.service_index.index(custom_period(first, last))
        expected = _recount(truths, first, last)
        for row in (index.total, *index.rows):
            for key in (ON_TIME, MULTI_SUPPLEMENT, DIGITISED, SATISFIED):
                counted, of = expected[row.key][key]
                assert (set(row[key].numerator), set(row[key].denominator)) == (counted, of), (first, row.key, key)
        assert {r.key for r in index.rows} == {k for k in expected if k and any(any(v) for v in expected[k].values())}
    # JSON carries the same figures (what `counter-app service-index --json` prints).
    data = index.to_json()
    assert data["total"][ON_TIME]["numerator"] == len(index.total[ON_TIME].numerator)
    assert data["total"][DIGITISED]["numerator"] == len(index.total[DIGITISED].numerator)


def test_a_rating_is_an_event_never_required_and_its_latest_counts(services, clock):
    code = services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Lê Thị Mai")).code
    with pytest.raises(ValidationError, match="từ 1 đến 5"):
        services.service_index.rate(code, 6)
    with pytest.raises(ValidationError, match="từ 1 đến 5"):
        services.service_index.rate(code, "tốt")
    assert [e.kind for e in services.dossiers.detail(code).timeline] == [K.RECEIVED]  # nothing written
    clock.moment += timedelta(minutes=1)
    result = services.service_index.rate(code, 4, "  Phải chờ lâu  ")
    assert result.event.payload == {"level": 4, "comment": "Phải chờ lâu", "stage": "intake"}
    assert result.event.officer == "Cán bộ tiếp nhận" and result.status == "received"  # the status does not move
    kiosk = services.service_index.kiosk()
    assert kiosk is not None and (kiosk.code, kiosk.stage, kiosk.rated_level) == (code, "intake", 4)
    clock.moment += timedelta(minutes=1)
    services.service_index.rate(code, "1")
    index = services.service_index.index(custom_period(date(2026, 11, 1), date(2026, 11, 30)))
    assert index.total[SATISFIED].numerator == (code,) and index.total.levels[1] == (code,)
    assert index.total.levels[4] == ()


def test_a_second_supplement_request_is_refused_until_confirmed(services, clock):
    lc = services.lifecycle
    code = services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Lê Thị Mai")).code
    clock.moment += timedelta(hours=1)
    first = lc.record(EventRequest.of(code, K.SUPPLEMENT_REQUESTED, missing=["1"]))
    assert first.warnings == ()  # the first request warns of nothing
    clock.moment += timedelta(hours=1)
    lc.record(EventRequest.of(code, K.SUPPLEMENT_RECEIVED))
    clock.moment += timedelta(hours=1)
    with pytest.raises(ValidationError) as info:
        lc.record(EventRequest.of(code, K.SUPPLEMENT_REQUESTED, missing=["2"]))
    assert "QUÁ HẠN" in str(info.value) and "766/QĐ-TTg" in str(info.value)
    assert services.dossiers.detail(code).supplement_rounds == 1  # nothing written
    second = lc.record(EventRequest.of(code, K.SUPPLEMENT_REQUESTED, missing=["2"], confirm_second=True))
    assert second.detail.supplement_rounds == 2 and any("QUÁ HẠN" in w for w in second.warnings)


# --- the command line ------------------------------------------------------------------------------------------


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_rate_and_service_index(services, clock, capsys):
    code = services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Lê Thị Mai")).code
    rc, out, err = _cli(capsys, "rate", code, "--level", "2", "--comment", "Nhanh gọn")
    assert rc == 0 and f"{code}: đã ghi nhận đánh giá «Hài lòng»" in out
    rc, out, err = _cli(capsys, "rate", code, "--level", "7")
    assert rc == 2 and out == "" and "từ 1 đến 5" in err and len(err.strip().splitlines()) == 1
    rc, out, err = _cli(capsys, "rate", "H61.22-261125-9999", "--level", "1")
    assert rc == 3 and "H61.22-261125-9999" in err
    rc, out, err = _cli(capsys, "event", code, "rated", "--level", "3")  # the event word works too
    assert rc == 0
    rc, out, err = _cli(capsys, "service-index", "--from", "2026-11-01", "--to", "2026-11-30", "--json")
    assert rc == 0
    data = json.loads(out)
    assert data["total"]["satisfied"]["of_dossiers"] == [code] and data["total"]["satisfied"]["numerator"] == 0
    assert data["total"]["ratings"]["3"]["count"] == 1 and data["fields"][0]["field"] == "ATBX"
    assert data["total"]["digitised"]["known"] is True and data["total"]["digitised"]["text"] == "0,0 % (0/1)"
    rc, out, err = _cli(capsys, "service-index", "--from", "2026-11-01", "--to", "2026-11-30", "--dossiers")
    assert rc == 0 and "Tỷ lệ hài lòng: 0,0 % (0/1)" in out and "Tỷ lệ hồ sơ được số hóa: 0,0 % (0/1)" in out
    rc, out, err = _cli(capsys, "service-index", "--from", "2027-01-01", "--to", "2027-01-31")
    assert rc == 2 and "chưa bắt đầu" in err


def test_cli_refuses_a_second_supplement_request_without_the_flag(services, clock, capsys):
    code = services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Lê Thị Mai")).code
    clock.moment += timedelta(hours=1)
    assert _cli(capsys, "event", code, "supplement-requested", "--missing", "1")[0] == 0
    clock.moment += timedelta(hours=1)
    assert _cli(capsys, "event", code, "supplement-received")[0] == 0
    clock.moment += timedelta(hours=1)
    rc, out, err = _cli(capsys, "event", code, "supplement-requested", "--missing", "2")
    assert rc == 2 and out == "" and "QUÁ HẠN" in err and len(err.strip().splitlines()) == 1
    assert services.dossiers.detail(code).supplement_rounds == 1
    rc, out, err = _cli(capsys, "event", code, "supplement-requested", "--missing", "2", "--confirm-second-supplement")
    assert rc == 0 and "Cảnh báo:" in err and "QUÁ HẠN" in err
    assert services.dossiers.detail(code).supplement_rounds == 2
    rc, out, err = _cli(capsys, "event", code, "supplement-received", "--confirm-second-supplement")
    assert rc == 2 and "không dùng cho" in err  # the flag belongs to the supplement request only
