"""Dossier codes: shape, counter blocks, and uniqueness across two stations writing offline the same day."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.codes import (
    CodeBlockExhausted,
    DossierCode,
    block_for_counter,
    next_sequence,
    parse_dossier_code,
)
from counter_app.services.app import open_services
from counter_app.services.intake import IntakeRequest
from tests.conftest import MINI_CATALOGUE, XRAY_CODE, FakeClock


def test_code_shape_and_parse():
    code = DossierCode("H61.22", date(2026, 11, 25), 1001)
    assert str(code) == "H61.22-261125-1001"
    assert parse_dossier_code(" h61.22-261125-1001 ") == code
    assert parse_dossier_code("H61.22-261345-1001") is None  # month 13
    assert parse_dossier_code("H61.22-261125-01") is None


def test_blocks_do_not_overlap():
    seen: set[int] = set()
    for counter in range(1, 10):
        block = set(block_for_counter(counter))
        assert not seen & block
        assert all(1 <= n <= 9999 for n in block)
        seen |= block
    with pytest.raises(ValueError):
        block_for_counter(0)
    with pytest.raises(ValueError):
        block_for_counter(10)


def test_block_exhaustion_is_a_clear_error():
    assert next_sequence(2, None) == 2001
    assert next_sequence(2, 2997) == 2998
    with pytest.raises(CodeBlockExhausted, match="Quầy 2"):
        next_sequence(2, 2999)


def test_two_offline_stations_never_collide(tmp_path):
    clock = FakeClock(datetime(2026, 11, 25, 10, 0, tzinfo=OFFICE_TZ))
    stations = []
    for counter in (1, 2):
        app = open_services(tmp_path / f"station{counter}", load_demo=False, clock=clock)
        app.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
        app.settings.set("station.counter", str(counter))
        stations.append(app)
    try:
        codes: list[str] = []
        for i in range(40):
            for app in stations:
                codes.append(
                    app.intake.intake(
                        IntakeRequest(procedure_code=XRAY_CODE, applicant_name=f"Người nộp số {'I' * (i % 5 + 1)}")
                    ).code
                )
        assert len(codes) == len(set(codes)) == 80
        assert {c.rsplit("-", 1)[0] for c in codes} == {"H61.22-261125"}
        ids = {app.settings.station().station_id for app in stations}
        assert len(ids) == 2
    finally:
        for app in stations:
            app.close()
