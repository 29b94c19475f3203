"""No personal data in the log: an intake typed into the real intake form (a refused attempt first, then saved and
printed), a look-up, and a sync with a real hub on 127.0.0.1 (whose request lines land in the same file) — then
the log folder is searched for the applicant's name, CCCD, phone, e-mail and address, and none is there, while
the dossier code, the print and the sync cycle are."""

from __future__ import annotations

import logging
import sys
import threading
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, qInstallMessageHandler
from PySide6.QtWidgets import QApplication
from sync_harness import HubThread

from counter_app import logs
from counter_app.domain.text import fold_for_search
from tests.conftest import CERT_CODE
from tests.test_gui_intake import Keyboard, PdfPrinters

pytestmark = pytest.mark.gui

NAME = "Đặng Thị Mỹ Duyên"
ID_NUMBER = "079301008642"
PHONE = "0987654321"
EMAIL = "duyen.dang@example.vn"
ADDRESS = "12 Lê Lợi, phường Bến Thành"


@pytest.fixture
def station_log(tmp_path: Path, data_dir: Path):
    from counter_app.gui import errors
    from counter_app.gui.app import create_application

    create_application([])
    root = logging.getLogger()
    level = root.level
    hooks = (sys.excepthook, threading.excepthook, sys.unraisablehook)
    logs.shutdown_logging()
    path = logs.setup_logging(data_dir, "test")
    errors.install_crash_reporter()
    yield path
    qInstallMessageHandler(None)
    logs.set_presenter(None)
    sys.excepthook, threading.excepthook, sys.unraisablehook = hooks
    logs.shutdown_logging()
    root.setLevel(level)


@pytest.fixture
def hub(tmp_path: Path):
    from counter_app.hub import admin
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database

    db = open_hub_database(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    token = admin.add_station(db, "H61.22", counter=1).token
    with HubThread(create_app(db=db)) as server:
        server.token = token
        yield server
    db.dispose()


def all_log_text(folder: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("counter-app.log*")))


def test_a_gui_intake_and_a_sync_leave_no_personal_data_in_the_log(
    qtbot, station_log: Path, services, worker, hub, tmp_path: Path
) -> None:
    import httpx

    from counter_app.gui.main_window import MainWindow
    from counter_app.gui.operations import Operations
    from counter_app.gui.sync_panel import install_sync
    from counter_app.services.sync import SyncService

    services.settings.set_many(
        {"hub.url": hub.url, "hub.token": hub.token, "agency.code": "H61.22", "station.counter": "1"}
    )
    printers = PdfPrinters(tmp_path)
    window = MainWindow(
        ops=Operations(services, worker),
        preferences=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        printer_factory=printers,
    )
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: bool(window.intake_form.picker.procedures))
    form = window.intake_form
    form.set_skip_preview(True)
    keys = Keyboard(qtbot)

    # the officer types everything into the real form…
    keys.type_ascii("chung chi buc xa")
    keys.press(Qt.Key.Key_Return)
    assert form.procedure is not None and form.procedure.code == CERT_CODE
    keys.type_text(NAME)
    keys.press(Qt.Key.Key_Tab)  # CCCD (the organisation's row is hidden for a person: off the Tab chain)
    keys.type_ascii(ID_NUMBER)
    keys.press(Qt.Key.Key_Tab)  # phone: a typo first, refused by the service
    keys.type_ascii("09876x4321")
    keys.press(Qt.Key.Key_Tab)  # e-mail
    keys.type_ascii(EMAIL)
    keys.press(Qt.Key.Key_Tab)  # address
    keys.type_text(ADDRESS)
    keys.press(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # the checklist: Ctrl+A ticks every paper
    keys.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not worker.is_busy() and not window._saving, timeout=10_000)
    assert window.today.rowCount() == 0, "refused: nothing saved"

    form.ui.phone.setFocus()
    form.ui.phone.selectAll()
    keys.type_ascii(PHONE)
    with qtbot.waitSignal(window.sig_printed, timeout=20_000) as printed:
        keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    code = printed.args[0]
    detail = services.dossiers.detail(code)
    assert (detail.applicant_name, detail.id_number, detail.phone) == (NAME, ID_NUMBER, PHONE)
    assert detail.email == EMAIL and detail.address == ADDRESS

    # …looks the applicant up by name and by CCCD…
    assert [r.code for r in services.search.search(fold_for_search(NAME))] == [code]
    assert [r.code for r in services.search.search(ID_NUMBER)] == [code]

    # …and the station syncs with the hub on 127.0.0.1 ("Đồng bộ ngay" in the status bar).
    sync = SyncService(services.db, services.settings, timeout=httpx.Timeout(5.0, connect=2.0))
    indicator = install_sync(window, window.ops, sync, first_delay=0.0, interval=60.0, status_every=0.2)
    try:
        qtbot.waitUntil(lambda: indicator.status is not None and indicator.status.online is True, timeout=10_000)
        indicator.sync_button.click()
        qtbot.waitUntil(
            lambda: indicator.status.pending == 0 and indicator.status.last_success is not None, timeout=10_000
        )
    finally:
        indicator.stop()
    QApplication.processEvents()

    text = all_log_text(station_log.parent)
    # the log says what happened…
    assert f"dossier {code} received" in text
    assert f"printed receipt of {code}" in text
    assert "sync cycle ok" in text
    assert "POST /api/v1/events 200" in text, "the hub's request lines are in the same file (same process)"
    assert "refused: phone" in text
    # …and nothing about who the applicant is, in any spelling
    nfd = unicodedata.normalize("NFD", NAME)
    for value in (NAME, nfd, fold_for_search(NAME), "Duyên", "Mỹ Duyên", ID_NUMBER, PHONE, "09876x4321"):
        assert value not in text, value
    for value in (ID_NUMBER[-8:], PHONE[1:], "987 654 321", EMAIL, "duyen.dang", ADDRESS, "Lê Lợi", "Bến Thành"):
        assert value not in text, value
