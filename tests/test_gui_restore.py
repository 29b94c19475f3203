"""Quản trị → Khôi phục từ bản sao lưu… on a real store (issue 14): the copies listed with what each holds, the
chosen one compared with the data in use (what would be lost, named), a confirmation, then — as counter-app does
after the window has closed its store — the copy restored through the service `counter-app restore` uses, the
current file kept in backups/, and the store opened again holding the copy's dossiers."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QMessageBox

pytestmark = pytest.mark.gui


def _count(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    finally:
        conn.close()


def test_the_restore_window_lists_compares_confirms_and_restores(qtbot, data_dir, clock, worker, monkeypatch, tmp_path):
    from conftest import MINI_CATALOGUE, set_up_station
    from PySide6.QtCore import QSettings

    from counter_app.gui import app as gui_app
    from counter_app.services.app import open_services
    from counter_app.services.backup import BackupService
    from counter_app.services.intake import IntakeRequest

    services = open_services(data_dir, load_demo=False, clock=clock)
    services.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
    set_up_station(services.settings)
    procedure = services.catalogue.procedures(clock().date())[0].code

    def intake(name: str) -> str:
        return services.intake.intake(IntakeRequest(procedure_code=procedure, applicant_name=name)).code

    kept = [intake("Nguyễn Thị Hương"), intake("Trần Văn Bình")]
    copy = BackupService(services.db, clock).backup_now().path
    lost = intake("Lê Thị Lan")  # after the copy: restoring loses it
    (copy.parent / "counter-20261124-080000.sqlite3").write_bytes(b"not a backup")  # listed, refused

    gui_app.create_application([])
    window = gui_app.build_main_window(
        services, worker, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    action = next(a for a in window.actions() if a.text() == "Khôi phục từ bản sao lưu…")
    action.trigger()  # who may restore is checked on the worker, then the window opens
    qtbot.waitUntil(lambda: getattr(window, "restore_dialog", None) is not None, timeout=20_000)
    dialog = window.restore_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=20_000)
    rows = {dialog.table.item(r, 3).text(): r for r in range(2)}
    assert dialog.table.item(rows[copy.name], 1).text() == "2"
    assert dialog.table.item(rows[copy.name], 2).text() == kept[-1]  # the last code the copy holds
    assert "Không dùng được" in dialog.table.item(rows["counter-20261124-080000.sqlite3"], 2).text()
    assert dialog.table.item(rows[copy.name], 0).text() == "09:30 25/11/2026"  # what the copy holds up to

    dialog.table.selectRow(rows["counter-20261124-080000.sqlite3"])
    qtbot.waitUntil(lambda: "Không dùng được bản sao này" in dialog.details.text(), timeout=20_000)
    assert "không phải tệp SQLite" in dialog.details.text()
    assert not dialog.restore_button.isEnabled()
    dialog.table.selectRow(rows[copy.name])
    qtbot.waitUntil(dialog.restore_button.isEnabled, timeout=20_000)
    text = dialog.details.text()
    assert "2 hồ sơ" in text and kept[-1] in text and "Mất 1 hồ sơ tiếp nhận sau thời điểm sao lưu" in text
    assert lost in text
    dialog.grab().save(str(tmp_path / "restore-dialog.png"))

    asked: list[str] = []
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda _p, _t, text, *a: asked.append(text) or next(answers))
    )
    dialog.restore_button.click()  # "No": nothing happens
    assert window.restore_request is None and _count(data_dir / "counter.sqlite3") == 3
    dialog.restore_button.click()
    assert lost in asked[-1] and "giữ lại trong backups/" in asked[-1]
    assert window.restore_request == copy and not window.isVisible()

    # What gui/app.py does once the event loop has ended: the worker finishes, the store closes, the copy is
    # restored, the store opens again.
    assert worker.shutdown(10_000)
    services.close()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    assert gui_app.perform_restore(copy)
    assert f"Cần nhập lại 1 hồ sơ tiếp nhận sau thời điểm sao lưu: {lost}" in shown[0]
    reopened = open_services(data_dir, load_demo=False, clock=clock)
    try:
        assert [reopened.dossiers.detail(code).code for code in kept] == kept
        with pytest.raises(Exception, match=lost):
            reopened.dossiers.detail(lost)
        # the restored store's audit trail goes on with the restore itself
        assert [e.target for _, e in reopened.accounts.trail() if e.action == "restore"] == [copy.name]
    finally:
        reopened.close()
    aside = sorted((data_dir / "backups").glob("before-restore-*.sqlite3"))
    assert len(aside) == 1 and _count(aside[0]) == 3  # nothing is ever thrown away
