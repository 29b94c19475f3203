"""The receipt of an intake is rendered while the intake's COMMIT waits for the disk (issue 15: intake commit + receipt),
and handed out only once the commit succeeded: the same receipt as one made afterwards from the store, nothing of
it when the commit fails, the dossier kept when only its receipt fails."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, func, select

from counter_app.printing import receipt as receipt_module
from counter_app.services.intake import DuringCommit, IntakeRequest
from counter_app.store.models import Dossier
from tests.conftest import CERT_CODE


def _request(**changes) -> IntakeRequest:
    values = dict(
        procedure_code=CERT_CODE,
        applicant_name="Nguyễn Thị Hương",
        id_number="001203004567",
        phone="0912345678",
        address="Số 12, đường Nguyễn Thái Học",
    )
    values.update(changes)
    return IntakeRequest(**values)


def _dossiers(services) -> int:
    with services.db.read() as session:
        return session.scalar(select(func.count()).select_from(Dossier))


@pytest.fixture
def invariant_receipts(monkeypatch):
    """Receipts with a fixed creation date and id, so that two renderings of the same data compare equal."""
    real = receipt_module.render_receipt
    monkeypatch.setattr(receipt_module, "render_receipt", lambda data, paper="A5": real(data, paper, invariant=True))


def test_the_receipt_made_during_the_commit_is_the_receipt_from_the_store(services, invariant_receipts):
    done = services.intake_with_receipt(_request())
    assert done.receipt_error is None
    assert done.pdf == services.dossiers.receipt_pdf(done.result.code)  # read back from the store, as a reprint
    assert services.dossiers.detail(done.result.code).applicant_name == "Nguyễn Thị Hương"


def test_the_rendering_runs_while_the_commit_is_waiting(services):
    """The COMMIT is held until the rendering has started on its own thread: were the rendering after the commit
    (or on the committing thread), the commit would wait in vain and the intake would fail."""
    rendering = threading.Event()
    threads: list[str] = []

    def hold_commit(_conn) -> None:
        if not rendering.wait(timeout=20):
            raise AssertionError("the receipt was not being rendered while the commit waited")

    def prepare(result):
        threads.append(threading.current_thread().name)
        render = services.dossiers.receipt_renderer(result.code, intake=result)

        def work() -> bytes:
            threads.append(threading.current_thread().name)
            rendering.set()
            return render()

        return work

    services.slip_signer.own_key()  # made and recorded before the transaction, as intake_with_receipt does
    event.listen(services.db.write_engine, "commit", hold_commit)
    try:
        during = DuringCommit(prepare)
        result = services.intake.intake(_request(), during_commit=during)
    finally:
        event.remove(services.db.write_engine, "commit", hold_commit)
    assert during.value().startswith(b"%PDF")
    assert threads[0] == threading.current_thread().name and threads[1] != threads[0]
    assert services.dossiers.detail(result.code).code == result.code


def test_a_failed_commit_hands_out_no_receipt(services):
    """The rendering is waited for and thrown away; nothing is written."""
    before = _dossiers(services)
    finished = threading.Event()

    def fail_commit(_conn) -> None:
        raise RuntimeError("the disk is gone")

    def prepare(result):
        render = services.dossiers.receipt_renderer(result.code, intake=result)

        def work() -> bytes:
            pdf = render()
            finished.set()
            return pdf

        return work

    services.slip_signer.own_key()
    event.listen(services.db.write_engine, "commit", fail_commit)
    during = DuringCommit(prepare)
    try:
        with pytest.raises(Exception, match="the disk is gone"):
            services.intake.intake(_request(), during_commit=during)
    finally:
        event.remove(services.db.write_engine, "commit", fail_commit)
    assert finished.is_set(), "the side thread is done before the intake's failure comes out"
    with pytest.raises(RuntimeError, match="before the intake committed"):
        during.value()
    assert _dossiers(services) == before


def test_a_receipt_that_cannot_be_made_does_not_undo_the_dossier(services, monkeypatch):
    def broken(*_args, **_kwargs):
        raise ValueError("no fonts")

    monkeypatch.setattr(receipt_module, "render_receipt", broken)
    before = _dossiers(services)
    done = services.intake_with_receipt(_request())
    assert done.pdf is None and isinstance(done.receipt_error, ValueError)
    assert _dossiers(services) == before + 1
    assert services.dossiers.detail(done.result.code).applicant_name == "Nguyễn Thị Hương"


def test_receipt_data_that_cannot_be_read_does_not_undo_the_dossier(services, monkeypatch):
    def broken(*_args, **_kwargs):
        raise LookupError("no such procedure version")

    monkeypatch.setattr(type(services.dossiers), "receipt_data", broken)
    done = services.intake_with_receipt(_request())
    assert done.pdf is None and isinstance(done.receipt_error, LookupError)
    monkeypatch.undo()
    assert services.dossiers.detail(done.result.code).applicant_name == "Nguyễn Thị Hương"


def test_a_replayed_request_gets_its_receipt_from_the_store(services, invariant_receipts):
    first = services.intake_with_receipt(_request(request_id="req-42"))
    again = services.intake_with_receipt(_request(request_id="req-42"))
    assert again.result.replayed and again.result.code == first.result.code
    assert again.pdf == first.pdf


def test_a_write_inside_the_intakes_transaction_fails_at_once_and_the_receipt_is_made_after(services, monkeypatch):
    """A receipt that had to write something first (as the station's signing key on its first use did) would have
    waited the busy timeout (10 s) for the intake's own transaction: the write refuses at once (NestedWrite), and
    the receipt is made again, the ordinary way, once the dossier is committed."""
    import time

    from counter_app.store.db import NestedWrite

    real = type(services.dossiers).receipt_renderer
    writes: list[str] = []

    def writing_renderer(self, code, paper=None, *, intake=None):
        with services.db.write() as session:  # e.g. a key recorded on its first use
            session.execute(select(1))
        writes.append(code)
        return real(self, code, paper, intake=intake)

    monkeypatch.setattr(type(services.dossiers), "receipt_renderer", writing_renderer)
    during = DuringCommit(lambda result: services.dossiers.receipt_renderer(result.code, intake=result))
    started = time.monotonic()
    result = services.intake.intake(_request(), during_commit=during)
    assert time.monotonic() - started < 5, "no wait for the busy timeout"
    with pytest.raises(NestedWrite):
        during.value()
    assert services.dossiers.detail(result.code).code == result.code

    done = services.intake_with_receipt(_request(applicant_name="Trần Văn Minh"))
    assert done.receipt_error is None and done.pdf.startswith(b"%PDF")
    assert writes == [done.result.code]  # the second try, after the commit
