"""The sync indicator in the window's status bar, against a real hub on 127.0.0.1: online/offline, last sync,
events waiting and why, "Đồng bộ ngay", the conflicts list, the clock warning; the counter keeps working while
the hub does not answer."""

from __future__ import annotations

import uuid
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from sync_harness import HubThread, free_port

from counter_app.domain.event_kinds import EventRequest
from counter_app.services.intake import IntakeRequest
from tests.conftest import CERT_CODE

pytestmark = pytest.mark.gui


@pytest.fixture
def hub(tmp_path: Path):
    from counter_app.hub import admin
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database

    db = open_hub_database(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    token = admin.add_station(db, "H61.22", counter=1).token
    with HubThread(create_app(db=db)) as server:
        server.token = token
        server.db = db
        yield server
    db.dispose()


def make_window(qtbot, services, worker, tmp_path):
    from counter_app.gui.app import create_application
    from counter_app.gui.main_window import MainWindow
    from counter_app.gui.operations import Operations

    create_application([])
    win = MainWindow(
        ops=Operations(services, worker),
        preferences=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def install(win, services, worker):
    import httpx

    from counter_app.gui.sync_panel import install_sync
    from counter_app.services.sync import SyncService

    sync = SyncService(services.db, services.settings, timeout=httpx.Timeout(2.0, connect=1.0))
    return install_sync(win, win.ops, sync, first_delay=0.0, interval=60.0, status_every=0.2)


def test_indicator_shows_sync_and_sync_now_sends_at_once(qtbot, services, worker, hub, tmp_path) -> None:
    services.settings.set_many(
        {"hub.url": hub.url, "hub.token": hub.token, "agency.code": "H61.22", "station.counter": "1"}
    )
    win = make_window(qtbot, services, worker, tmp_path)
    indicator = install(win, services, worker)
    try:
        qtbot.waitUntil(lambda: indicator.status is not None and indicator.status.online is True, timeout=10_000)
        assert "trực tuyến" in indicator.label.text() and "chờ gửi 0" in indicator.label.text()
        services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Nguyễn Thị Hương"))
        indicator.poke()
        qtbot.waitUntil(lambda: indicator.status.pending == 1, timeout=5_000)
        indicator.sync_button.click()  # Đồng bộ ngay
        qtbot.waitUntil(
            lambda: indicator.status.pending == 0 and indicator.status.last_success is not None, timeout=10_000
        )
        assert "lần cuối" in indicator.label.text()
        assert "Sự kiện chờ gửi: 0" in indicator.toolTip()
    finally:
        indicator.stop()


def test_offline_hub_says_why_and_the_counter_keeps_working(qtbot, services, worker, tmp_path) -> None:
    services.settings.set_many(
        {"hub.url": f"http://127.0.0.1:{free_port()}", "hub.token": "cah_x", "agency.code": "H61.22"}
    )
    win = make_window(qtbot, services, worker, tmp_path)
    indicator = install(win, services, worker)
    try:
        services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Trần Văn Bình"))
        indicator.sync_now()
        # a cycle started before the intake may report first (offline, nothing pending): wait for the one after it
        qtbot.waitUntil(
            lambda: indicator.status is not None and indicator.status.online is False and indicator.status.pending,
            timeout=10_000,
        )
        assert indicator.status.pending == 1
        assert "ngoại tuyến" in indicator.label.text()
        assert "Không kết nối được máy chủ" in indicator.toolTip()
        # the window still saves dossiers while the hub is away
        done = []
        worker.submit(
            services.intake.intake,
            IntakeRequest(procedure_code=CERT_CODE, applicant_name="Lê Thị Châu"),
            on_success=done.append,
        )
        qtbot.waitUntil(lambda: bool(done), timeout=5_000)
        indicator.poke()
        qtbot.waitUntil(lambda: indicator.status.pending == 2, timeout=5_000)
    finally:
        indicator.stop()


def test_conflicts_dialog_lists_and_resolves(qtbot, services, worker, tmp_path) -> None:
    from counter_app.domain.events import DossierEvent, EventKind
    from counter_app.store import sync_store

    code = services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Phạm Thu Trang")).code
    services.lifecycle.record(EventRequest.of(code, "resolved", result="Giấy phép"))
    detail = services.dossiers.detail(code)
    # two returns of one result written on two counters offline: the second one arrives from the hub
    services.lifecycle.record(EventRequest.of(code, "result_returned", receiver="Phạm Thu Trang"))
    remote = DossierEvent(
        id=str(uuid.uuid4()),
        dossier_id=detail.id,
        station_id=str(uuid.uuid4()),
        station_seq=1,
        kind=EventKind.RESULT_RETURNED,
        officer="Cán bộ quầy 2",
        occurred_at=detail.received_at + timedelta(hours=3),
        payload={"receiver": "Người được ủy quyền"},
    )
    with services.db.write() as session:
        sync_store.apply_remote_events(session, [sync_store.RemoteEvent(remote, None)], detail.received_at)
    win = make_window(qtbot, services, worker, tmp_path)
    indicator = install(win, services, worker)
    try:
        qtbot.waitUntil(lambda: indicator.status is not None and indicator.status.conflicts == 1, timeout=10_000)
        assert indicator.conflicts_button.isVisible() and "Xung đột (1)" in indicator.conflicts_button.text()
        dialog = indicator.show_conflicts()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5_000)
        assert dialog.table.item(0, 0).text() == code
        assert dialog.table.item(0, 1).text() == "Trả kết quả"
        dialog.resolve(dialog.conflicts[0].id, "Đã thu hồi bản trả trùng")
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=5_000)
        qtbot.waitUntil(lambda: not indicator.conflicts_button.isVisible(), timeout=5_000)
        dialog.close()
    finally:
        indicator.stop()


def test_clock_far_from_the_hub_is_reported() -> None:
    from datetime import datetime

    from counter_app.gui.sync_panel import describe
    from counter_app.sync.engine import SyncStatus

    status = SyncStatus(
        configured=True,
        hub_url="http://127.0.0.1:1",
        online=True,
        last_success=datetime.now(UTC),
        last_attempt=None,
        pending=0,
        summaries_only=False,
        error_kind="",
        error="",
        conflicts=0,
        clock_skew=-420.0,
    )
    text, colour, tooltip = describe(status)
    assert "lệch giờ" in text and colour == "waiting"
    assert "chậm 7 phút" in tooltip
