"""One definition of the report's rules: the hub's consolidated figures for an agency equal each of its stations'
own Biểu 06, on a random history.

Three stations of one agency and a real hub (uvicorn on 127.0.0.1, SQLite) live through about ten weeks of
dossiers (seeded random: intakes by every channel at every counter, hand-overs, supplements, extensions,
refusals, stops, withdrawals, results, returns, each at a random counter, with syncs at random moments, so
stations sometimes act on stale copies). Then everyone syncs and, for both periods a station keeps current at the
hub, the hub's figures (the sum of each station's summary of the dossiers it received) equal the report every
station computes from its own per-day counts (services.reports.ReportService.report), in total and per field —
under the default report choices and again with every choice (settings reports.*) set the other way.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sync_harness import HubThread, make_station

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.events import EventKind
from counter_app.domain.lifecycle import TransitionError, allowed_kinds
from counter_app.domain.reports import OUTPUT_KEYS
from counter_app.domain.state import DossierStatus
from counter_app.services.intake import IntakeRequest
from counter_app.sync.summaries import periods_to_send

AGENCY = "H61.22"
CATALOGUE = {
    "schema": 1,
    "agency": "test",
    "fields": [{"code": "ATBX", "name": "An toàn bức xạ"}, {"code": "SHTT", "name": "Sở hữu trí tuệ"}],
    "procedures": [
        {"code": "P-ATBX-10", "name": "Cấp chứng chỉ nhân viên bức xạ", "field_code": "ATBX", "duration": 10},
        {"code": "P-ATBX-2", "name": "Khai báo thiết bị X-quang", "field_code": "ATBX", "duration": 2},
        {"code": "P-SHTT-3", "name": "Đăng ký chuyển giao công nghệ", "field_code": "SHTT", "duration": 3},
    ],
}
for _procedure in CATALOGUE["procedures"]:
    _procedure.update(unit="working_days", documents=[{"name": "Đơn đề nghị", "copy_kind": "original"}])

KINDS = (
    EventKind.HANDED_OVER,
    EventKind.RETURNED_FROM_DIVISION,
    EventKind.SUPPLEMENT_REQUESTED,
    EventKind.SUPPLEMENT_RECEIVED,
    EventKind.EXTENDED,
    EventKind.RESOLVED,
    EventKind.RESULT_RETURNED,
    EventKind.REFUSED,
    EventKind.STOPPED,
    EventKind.WITHDRAWN,
)


class Clock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def _details(kind: EventKind, station, code: str, rng: random.Random) -> dict:
    if kind == EventKind.HANDED_OVER:
        return {"to_unit": rng.choice(("Phòng Chuyên môn", "Phòng Thanh tra"))}
    if kind == EventKind.SUPPLEMENT_REQUESTED:
        return {"missing": ["Bản sao văn bằng"], "reason": "thiếu giấy tờ", "confirm_second": True}
    if kind in (EventKind.REFUSED, EventKind.STOPPED, EventKind.WITHDRAWN):
        return {"reason": "Người nộp đề nghị" if kind == EventKind.WITHDRAWN else "Không đủ điều kiện"}
    if kind == EventKind.EXTENDED:
        return {"new_due": station.services.dossiers.detail(code).due_at + timedelta(days=rng.randint(1, 6))}
    if kind == EventKind.RESOLVED:
        return {"result": "Giấy chứng nhận"}
    if kind == EventKind.RESULT_RETURNED:
        return {"receiver": "Nguyễn Thị Hương"}
    return {}


def _live_a_history(stations, clock: Clock, rng: random.Random, until: datetime) -> dict[str, int]:
    """Random counter work until `until`; returns how many of each thing happened (to show the history is rich)."""
    done: dict[str, int] = {"intake": 0, "refused_locally": 0, "sync": 0}
    codes: list[str] = []
    while clock.moment < until:
        clock.moment += timedelta(minutes=rng.choice((7, 25, 60, 180, 600, 1500)))
        station = rng.choice(stations)
        roll = rng.random()
        if roll < 0.3 or not codes:
            result = station.services.intake.intake(
                IntakeRequest(
                    procedure_code=rng.choice(CATALOGUE["procedures"])["code"],
                    applicant_name=f"Trần Văn {rng.choice(('An', 'Bình', 'Châu', 'Dũng'))}",
                    channel=rng.choice(("direct", "direct", "postal", "online")),
                )
            )
            codes.append(result.code)
            done["intake"] += 1
        elif roll < 0.85:
            code = rng.choice(codes[-40:])
            try:
                detail = station.services.dossiers.detail(code)
            except LookupError:  # received at another counter, not synced here yet
                continue
            choices = [k for k in allowed_kinds(DossierStatus(detail.status)) if k in KINDS]
            if not choices:
                continue
            kind = rng.choice(choices)
            try:
                station.services.lifecycle.record(EventRequest.of(code, kind, **_details(kind, station, code, rng)))
            except (TransitionError, ValueError):  # e.g. an extension the rules refuse: nothing was written
                done["refused_locally"] += 1
                continue
            done[kind.value] = done.get(kind.value, 0) + 1
        else:
            result = station.sync.sync_once()
            assert result.ok, result.describe()
            done["sync"] += 1
    return done


# Every report choice away from its default (docs/REPORTS.md, "Policy settings").
OTHER_POLICY = {"reports.early_rule": "moment", "reports.late_return": "late", "reports.variant": "ii06a"}


def _check_the_hub_equals_each_station(client, stations, periods, seen: dict[str, int]) -> dict:
    """The hub's figures for each period equal every station's Biểu 06, in total and per field; returns them."""
    out = {}
    for period in periods:
        body = client.consolidated(period).body
        (agency,) = body["agencies"]
        assert agency["agency"] == AGENCY and agency["stations"] == 3
        for station in stations:
            report = station.services.reports.report(period)
            assert {k: agency["figures"].get(k, 0) for k in OUTPUT_KEYS} == {
                k: getattr(report.total, k) for k in OUTPUT_KEYS
            }, f"{station.name}, {period}: the hub's figures differ from the station's Biểu 06 ({report.policy})"
            assert {
                field: {k: figures.get(k, 0) for k in OUTPUT_KEYS} for field, figures in agency["groups"].items()
            } == {row.key: {k: getattr(row, k) for k in OUTPUT_KEYS} for row in report.rows}, (
                f"{station.name}, {period}: per field"
            )
        for k in OUTPUT_KEYS:
            seen[k] += agency["figures"].get(k, 0)
        out[period] = dict(agency["figures"])
    return out


@pytest.mark.parametrize("seed", [6, 2026])
def test_the_hubs_figures_equal_each_stations_report(tmp_path: Path, seed: int) -> None:
    from counter_app.hub import admin
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database
    from counter_app.sync.client import HubClient

    catalogue = tmp_path / "catalogue.json"
    catalogue.write_text(json.dumps(CATALOGUE, ensure_ascii=False), encoding="utf-8")
    db = open_hub_database(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    tokens = [admin.add_station(db, AGENCY, counter=n).token for n in (1, 2, 3)]
    clock = Clock(datetime(2026, 9, 21, 8, 0, tzinfo=OFFICE_TZ))
    rng = random.Random(seed)
    with HubThread(create_app(db=db)) as hub:
        stations = [
            make_station(
                tmp_path / f"station{n}",
                clock,
                agency=AGENCY,
                counter=n,
                hub_url=hub.url,
                token=token,
                catalogue=catalogue,
            )
            for n, token in zip((1, 2, 3), tokens, strict=True)
        ]
        try:
            done = _live_a_history(stations, clock, rng, until=datetime(2026, 11, 27, 10, 0, tzinfo=OFFICE_TZ))
            assert done["intake"] >= 50 and done["sync"] >= 10, done
            assert all(done.get(k.value, 0) for k in (EventKind.RESOLVED, EventKind.SUPPLEMENT_REQUESTED)), done
            for _ in range(2):  # everyone pushes, then everyone pulls what the others pushed
                for station in stations:
                    assert station.sync.sync_once().ok
            periods = periods_to_send(clock.moment.date())
            assert periods == ["2026-11", "2026-12"]
            seen = dict.fromkeys(OUTPUT_KEYS, 0)
            with HubClient(hub.url, tokens[0]) as client:
                defaults = _check_the_hub_equals_each_station(client, stations, periods, seen)
                # The history reaches every column of the form: the equality above is not one of zeros.
                assert all(seen.values()), seen
                # Every report choice set the other way on every station (settings reports.*): each station's
                # report changes, it sends new summaries, and the hub's figures follow, still equal to each one's.
                for station in stations:
                    station.services.settings.set_many(OTHER_POLICY)
                for station in stations:
                    assert station.sync.sync_once().ok
                others = _check_the_hub_equals_each_station(client, stations, periods, dict(seen))
                assert others != defaults, "the report choices changed no figure: the test would prove nothing"
        finally:
            for station in stations:
                station.close()
            db.dispose()
