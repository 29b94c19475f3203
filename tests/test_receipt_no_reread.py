"""The receipt of an intake is made from the record as committed, without reading it back (issue 15): the same
receipt as one made from the store, and no query of the dossier or its events on the way."""

from __future__ import annotations

from sqlalchemy import event

from counter_app.printing.receipt import render_receipt
from counter_app.services.intake import IntakeRequest
from tests.conftest import CERT_CODE


def _request(**changes) -> IntakeRequest:
    values = dict(
        procedure_code=CERT_CODE,
        applicant_name="Nguyễn Thị Hương",
        organization="Công ty TNHH Minh Phát",
        id_number="001203004567",
        phone="0912345678",
        email="huong@example.vn",
        address="Số 12, đường Nguyễn Thái Học",
        copies=2,
        note="Nộp thay cho con",
    )
    values.update(changes)
    return IntakeRequest(**values)


def _statements(services) -> list[str]:
    seen: list[str] = []
    for engine in {services.db.read_engine, services.db.write_engine}:
        event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_the_receipt_from_the_intake_result_is_the_receipt_from_the_store(services):
    result = services.intake.intake(_request())
    from_result = services.dossiers.receipt_data(result.code, intake=result)
    from_store = services.dossiers.receipt_data(result.code)
    assert from_result == from_store
    assert render_receipt(from_result, "A5", invariant=True) == render_receipt(from_store, "A5", invariant=True)


def test_no_query_reads_the_dossier_back_for_its_receipt(services):
    result = services.intake.intake(_request())
    seen = _statements(services)
    pdf = services.dossiers.receipt_pdf(result.code, intake=result)
    assert pdf.startswith(b"%PDF")
    reads = [sql for sql in seen if "FROM dossiers" in sql or "FROM dossier_events" in sql]
    assert reads == []
    seen.clear()
    services.dossiers.receipt_pdf(result.code)  # without the result: read from the store, as a reprint is
    assert any("FROM dossiers" in sql for sql in seen)  # (the listener does see the reads it looks for)


def test_a_result_of_another_dossier_or_a_replayed_request_falls_back_to_the_store(services):
    first = services.intake.intake(_request(request_id="req-1"))
    second = services.intake.intake(_request(applicant_name="Trần Văn Minh"))
    # the result of the second intake says nothing about the first dossier: its receipt is read from the store
    assert services.dossiers.receipt_data(first.code, intake=second).applicant_name == "Nguyễn Thị Hương"
    again = services.intake.intake(_request(request_id="req-1"))
    assert again.replayed and again.committed_row is None
    assert services.dossiers.receipt_data(first.code, intake=again) == services.dossiers.receipt_data(first.code)
