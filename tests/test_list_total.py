"""The unfiltered list count read from the report's yearly counts (report_counts.received_total) agrees with
count(*) over the dossiers: after intakes on every channel and across years, every kind of status change, an
extension, the retention purge, a migration of an existing store (counts waiting for a rebuild: the rows are
counted), and the rebuild. The clock is the conftest FakeClock (25/11/2026 09:30) unless a test moves it."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import text

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.events import EventKind as K
from counter_app.services.dossier_list import DossierFilter
from counter_app.services.intake import IntakeRequest
from counter_app.store import report_counts
from counter_app.store.db import _alembic_config
from tests.conftest import CERT_CODE, XRAY_CODE


def T(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=OFFICE_TZ)


def _rows(services) -> int:
    with services.db.read() as session:
        return session.execute(text("SELECT count(*) FROM dossiers")).scalar()


def _from_counts(services) -> int | None:
    with services.db.read() as session:
        return report_counts.received_total(session)


def _agree(services, expected: int) -> None:
    assert _rows(services) == expected
    assert _from_counts(services) == expected
    assert services.dossier_list.count() == expected
    assert services.dossier_list.count(DossierFilter()) == expected


def test_the_total_follows_every_write(services, clock):
    # A new store's counts wait for their first rebuild (migration 0005's marker): the rows are counted till then.
    assert _from_counts(services) is None and services.dossier_list.count() == 0
    services.reports.ensure_counts()  # what the first report (or a sync) does
    _agree(services, 0)
    codes = []
    for i, (moment, channel) in enumerate(
        [
            (T(2026, 11, 2, 9), "direct"),
            (T(2026, 11, 3, 10), "postal"),
            (T(2026, 11, 4, 11), "online"),
            (T(2026, 11, 5, 9), "direct"),
            (T(2026, 11, 6, 9), "direct"),
            (T(2026, 11, 9, 9), "postal"),
            (T(2026, 11, 10, 9), "direct"),
        ]
    ):
        clock.moment = moment
        procedure = XRAY_CODE if i % 2 else CERT_CODE
        request = IntakeRequest(procedure_code=procedure, applicant_name=f"Người Nộp {chr(65 + i)}", channel=channel)
        codes.append(services.intake.intake(request).code)
        _agree(services, i + 1)
    clock.moment = T(2026, 11, 12, 9)
    record = services.lifecycle.record
    record(EventRequest.of(codes[0], K.HANDED_OVER, from_unit="Bộ phận Một cửa", to_unit="Phòng chuyên môn"))
    record(EventRequest.of(codes[0], K.SUPPLEMENT_REQUESTED, missing=["Ảnh 3x4"], reason="thiếu ảnh"))
    record(EventRequest.of(codes[1], K.RESOLVED, result="Giấy xác nhận"))
    record(EventRequest.of(codes[1], K.RESULT_RETURNED, receiver="Người Nộp B", method="counter"))
    record(EventRequest.of(codes[2], K.REFUSED, reason="không thuộc thẩm quyền"))
    record(EventRequest.of(codes[3], K.WITHDRAWN))
    record(EventRequest.of(codes[4], K.STOPPED, reason="người nộp đề nghị dừng"))
    record(EventRequest.of(codes[5], K.EXTENDED, new_due=T(2026, 11, 20, 17), reason="cần thẩm định"))
    _agree(services, 7)
    clock.moment = T(2026, 11, 13, 9)
    record(EventRequest.of(codes[0], K.SUPPLEMENT_RECEIVED))
    _agree(services, 7)
    # A year later: a new year's row, then the purge of dossiers closed more than a year ago (rows stay, values go).
    clock.moment = T(2028, 1, 20, 9)
    services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Người Nộp Mới"))
    _agree(services, 8)
    services.settings.set_many({"privacy.retention_years": "1"})
    assert services.privacy.purge().codes
    _agree(services, 8)


def test_a_migrated_store_counts_its_rows_until_the_counts_are_rebuilt(services, clock):
    services.reports.ensure_counts()
    for i in range(5):
        clock.moment = T(2026, 11, 2 + i, 9)
        services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name=f"Người Cũ {chr(65 + i)}"))
    _agree(services, 5)
    # A store from before the report counts (migration 0005): upgraded, its counts wait for a rebuild.
    with services.db.write_engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
        command.upgrade(cfg, "head")
    services.db.read_engine.dispose()
    assert _from_counts(services) is None
    assert services.dossier_list.count() == _rows(services) == 5
    services.reports.ensure_counts()
    _agree(services, 5)
    clock.moment = T(2026, 11, 25, 9, 30)
    services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Người Mới"))
    _agree(services, 6)
    # A request for a rebuild (the marker) sends the count back to the rows at once.
    with services.db.write() as session:
        report_counts.request_rebuild(session)
    assert _from_counts(services) is None
    assert services.dossier_list.count() == 6
