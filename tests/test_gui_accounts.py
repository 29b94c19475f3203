"""Accounts in the window (issue 12): sign-in, the idle lock that keeps the form's unsaved text, a fast switch of
officer through the lock, the admin's screen, and an officer refused an admin's screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from counter_app.gui.operations import Operations  # without a worker: the dialogs' calls run inline

ADMIN_PW = "quan-tri-2026"
OFFICER_PW = "can-bo-2026"
SUP_PW = "phu-trach-2026"


@pytest.fixture
def staffed(services):
    services.accounts.create("quantri", "Lê Văn Quản", "admin", ADMIN_PW)
    services.accounts.create("ha", "Nguyễn Thị Hà", "officer", OFFICER_PW)
    services.accounts.create("binh", "Trần Thị Bình", "supervisor", SUP_PW)
    services.accounts.sign_out()
    return services


@pytest.fixture
def window(qtbot, staffed, worker, tmp_path: Path):
    from counter_app.gui.app import build_main_window, create_application

    create_application([])
    staffed.accounts.sign_in("ha", OFFICER_PW)
    win = build_main_window(staffed, worker, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    win.load()
    qtbot.waitUntil(lambda: "Nguyễn Thị Hà" in win._station_label.text())
    return win


def _answer(dialog_type, fill, *, attempts: int = 200):
    """Fill the modal dialog of `dialog_type` as soon as it shows (the test's thread is inside its exec())."""

    def poll(left: int = attempts) -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, dialog_type) and w.isVisible()), None)
        if dialog is None:
            if left:
                QTimer.singleShot(20, lambda: poll(left - 1))
            return
        fill(dialog)

    QTimer.singleShot(0, poll)


def test_sign_in_says_a_wrong_password_and_lets_the_right_one_in(qtbot, staffed):
    from counter_app.gui.accounts import SignInDialog

    dialog = SignInDialog(Operations(staffed), at_start=True)
    qtbot.addWidget(dialog)
    dialog.username.setText("ha")
    dialog.password.setText("sai-mat-khau")
    dialog.confirm()
    assert dialog.message.text() == "Sai tên đăng nhập hoặc mật khẩu." and dialog.password.text() == ""
    assert dialog.result() != QDialog.DialogCode.Accepted and staffed.accounts.signed_in() is None
    dialog.password.setText(OFFICER_PW)
    dialog.confirm()
    assert dialog.result() == QDialog.DialogCode.Accepted and staffed.accounts.signed_in().username == "ha"


def test_the_idle_lock_keeps_the_unsaved_form_and_lets_another_officer_in(qtbot, window, staffed):
    from counter_app.gui.accounts import SignInDialog

    window.intake_form.ui.applicantName.setText("Nguyễn Văn Chưa Lưu")
    lock = window.idle_lock
    lock.set_minutes(10)
    lock._last_input -= 9 * 60
    lock.check()  # 9 minutes idle: nothing happens
    assert not lock.locked and window.centralWidget().isVisible()
    seen = {}

    def switch(dialog: SignInDialog) -> None:
        seen["hidden"] = not window.centralWidget().isVisible()  # personal data off the screen while locked
        seen["title"] = dialog.windowTitle()
        seen["user"] = dialog.username.text()
        dialog.switch_officer()
        dialog.username.setText("binh")
        dialog.password.setText(SUP_PW)
        dialog.confirm()

    _answer(SignInDialog, switch)
    lock._last_input -= 2 * 60  # 11 minutes idle now
    lock.check()  # who is signed in is read on the worker, then the lock asks
    qtbot.waitUntil(lambda: "user" in seen and not lock.locked, timeout=20_000)
    assert seen == {"hidden": True, "title": "Màn hình đã khoá", "user": "ha"}
    assert window.centralWidget().isVisible() and not lock.locked
    assert window.intake_form.ui.applicantName.text() == "Nguyễn Văn Chưa Lưu"  # the unsaved text is kept
    assert staffed.accounts.signed_in().username == "binh"
    qtbot.waitUntil(lambda: "Trần Thị Bình" in window._station_label.text())
    trail = [(e.action, e.target) for _, e in staffed.accounts.trail(officer="binh")]
    assert trail[-1] == ("sign_in", "binh")


def test_an_officer_is_refused_the_accounts_screen_and_an_admin_adds_an_account(qtbot, staffed):
    from counter_app.gui.accounts import AccountDialog, AccountsScreen

    staffed.accounts.sign_in("ha", OFFICER_PW)
    screen = AccountsScreen(Operations(staffed))
    qtbot.addWidget(screen)
    assert screen.table.rowCount() == 0 and "không được quản lý tài khoản" in screen.message.text()

    staffed.accounts.sign_in("quantri", ADMIN_PW)
    screen = AccountsScreen(Operations(staffed))
    qtbot.addWidget(screen)
    assert [screen.table.item(r, 0).text() for r in range(screen.table.rowCount())] == ["binh", "ha", "quantri"]

    def fill(dialog: AccountDialog) -> None:
        dialog.username.setText("lan.pham")
        dialog.display_name.setText("Phạm Thị Lan")
        dialog.password.setText("lan-2026-abc")
        dialog.password_again.setText("lan-2026-abc")
        dialog.confirm()

    _answer(AccountDialog, fill)
    screen.add()
    assert [screen.table.item(r, 0).text() for r in range(screen.table.rowCount())] == [
        "binh",
        "ha",
        "lan.pham",
        "quantri",
    ]
    screen.table.selectRow(1)
    screen.toggle_active()
    assert screen.table.item(1, 3).text() == "đã khoá" and "Đã khoá tài khoản ha" in screen.message.text()


def test_the_supervisor_s_audit_screen_lists_and_checks_the_trail(qtbot, staffed):
    from datetime import date

    from counter_app.gui.accounts import AuditScreen

    staffed.accounts.sign_in("ha", OFFICER_PW)
    screen = AuditScreen(Operations(staffed), today=date(2026, 11, 25))
    qtbot.addWidget(screen)
    assert screen.table.rowCount() == 0 and "không được xem nhật ký kiểm tra" in screen.message.text()

    staffed.accounts.sign_in("binh", SUP_PW)
    screen = AuditScreen(Operations(staffed), today=date(2026, 11, 25))
    qtbot.addWidget(screen)
    rows = [[screen.table.item(r, c).text() for c in range(5)] for r in range(screen.table.rowCount())]
    assert rows[-1][1:4] == ["Trần Thị Bình", "Đăng nhập", "binh"] and rows[1][2] == "Tạo tài khoản"
    screen.officer.setText("ha")
    screen.load()
    assert screen.table.rowCount() == 1 and screen.message.text() == "1 mục."  # her sign-in before the refusal
    screen.verify()
    assert screen.message.text().startswith("Nhật ký toàn vẹn:")


def test_a_supervisor_is_refused_the_settings_in_the_dialog(qtbot, staffed):
    from counter_app.gui.settings_dialog import SettingsDialog

    staffed.accounts.sign_in("binh", SUP_PW)
    from counter_app.gui.operations import Operations

    dialog = SettingsDialog(Operations(staffed))  # no worker: its reads and its write run inline
    qtbot.addWidget(dialog)
    dialog.form.set_value("agency.phone", "0216 3852 123")
    dialog.save_button.click()
    assert dialog.message.text().startswith("Chưa lưu: Tài khoản binh (cán bộ phụ trách) không được sửa thiết lập")
    assert staffed.settings.all()["agency.phone"] == ""
