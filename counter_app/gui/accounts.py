"""Accounts in the window: the first admin after the first-run wizard, sign-in at start, a fast switch of officer,
the lock after idle minutes (the form's unsaved text stays where it was), a change of password, and the admin's
screen of accounts. Every decision (passwords, roles, who may) is the AccountService's; these only ask and show,
through the operations (gui/operations.py): each call, the scrypt checks included, runs on the window's worker and
its answer comes back to the dialog. The sign-in at start runs before the worker exists: its operations run inline.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.roles import ROLE_LABELS, Action, Role
from counter_app.gui.operations import Op, Operations, present_error
from counter_app.gui.screen import fit_to_screen
from counter_app.services.accounts import AccountError, NotAllowed

T = TypeVar("T")

INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(128)
    return field


class _Form(QDialog):
    """A small form: labelled fields, a message line, OK/Cancel with Vietnamese words."""

    def __init__(self, title: str, intro: str, parent: QWidget | None = None, ok: str = "Đồng ý", cancel: str = "Huỷ"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def confirm(self) -> None:  # overridden
        self.accept()

    def fail(self, text: str, focus: QWidget | None = None) -> None:
        self.message.setText(text)
        if focus is not None:
            focus.setFocus()

    def ask(self, op: Op, focus: QWidget | None, done: Callable[[object], None] | None = None) -> None:
        """Run `op` (OK waits for its answer); its refusal (a Vietnamese sentence) goes on the message line,
        anything else to the presenter."""

        def succeeded(value: object) -> None:
            self.ok_button.setEnabled(True)
            (done or (lambda _value: self.accept()))(value)

        def failed(exc: BaseException) -> None:
            self.ok_button.setEnabled(True)
            if isinstance(exc, (AccountError, NotAllowed)):
                self.fail(str(exc), focus)
            else:
                present_error(self, op.title, exc)

        self.ok_button.setEnabled(False)
        op.success(succeeded).failure(failed).run(self)


def _check_twice(dialog: _Form, first: QLineEdit, second: QLineEdit) -> str | None:
    if first.text() != second.text():
        second.clear()
        dialog.fail("Hai lần nhập mật khẩu không giống nhau.", second)
        return None
    return first.text()


class FirstAdminDialog(_Form):
    """After the first-run wizard: the station's first account, an admin (it replaces the set-up admin)."""

    def __init__(self, ops: Operations, officer_name: str = "", parent: QWidget | None = None):
        super().__init__(
            "Tạo tài khoản quản trị",
            "Tài khoản quản trị đầu tiên của máy này. Sau đó mỗi cán bộ đăng nhập bằng tài khoản của mình: tên người "
            "đăng nhập được in trên giấy tiếp nhận và ghi vào mọi bước xử lý. «Để sau»: máy dùng chung, không đăng "
            "nhập (có thể tạo tài khoản sau: Tài khoản → Tài khoản cán bộ).",
            parent,
            ok="Tạo tài khoản",
            cancel="Để sau",
        )
        self.ops = ops
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setPlaceholderText("ví dụ: quantri hoặc ha.nguyen")
        self.display_name = QLineEdit(officer_name)
        self.display_name.setObjectName("displayName")
        self.password = _password_field()
        self.password_again = _password_field()
        self.form.addRow("Tên đăng nhập:", self.username)
        self.form.addRow("Họ tên (in trên giấy tờ):", self.display_name)
        self.form.addRow("Mật khẩu (ít nhất 8 ký tự):", self.password)
        self.form.addRow("Nhập lại mật khẩu:", self.password_again)
        self.username.setFocus()

    def confirm(self) -> None:
        password = _check_twice(self, self.password, self.password_again)
        if password is None:
            return
        op = self.ops.create_account(self.username.text(), self.display_name.text(), Role.ADMIN.value, password)
        self.ask(op, self.username)


class SignInDialog(_Form):
    """Sign-in at start, the switch of officer, and the unlock of a locked window (then `locked_user` is named)."""

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        locked_user: str | None = None,
        at_start: bool = False,
    ):
        title = "Màn hình đã khoá" if locked_user else "Đăng nhập"
        intro = (
            f"Máy đã khoá sau thời gian không dùng. {locked_user} nhập mật khẩu để làm tiếp (những gì đang gõ dở vẫn "
            "còn nguyên), hoặc bấm «Đổi cán bộ» để cán bộ khác đăng nhập."
            if locked_user
            else "Đăng nhập bằng tài khoản cán bộ của mình: tên người đăng nhập được in trên giấy tờ và ghi vào mọi "
            "bước xử lý."
        )
        super().__init__(
            title, intro, parent, ok="Đăng nhập", cancel="Thoát phần mềm" if at_start or locked_user else "Huỷ"
        )
        self.ops = ops
        self.username = QLineEdit(locked_user or "")
        self.username.setObjectName("username")
        self.password = _password_field()
        self.password.setObjectName("password")
        self.form.addRow("Tên đăng nhập:", self.username)
        self.form.addRow("Mật khẩu:", self.password)
        if locked_user:
            self.username.setReadOnly(True)
            self.switch_button = QPushButton("Đổi cán bộ")
            self.switch_button.clicked.connect(self.switch_officer)
            self.buttons.addButton(self.switch_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.password.setFocus()
        else:
            self.username.setFocus()

    def switch_officer(self) -> None:
        self.username.setReadOnly(False)
        self.username.clear()
        self.password.clear()
        self.message.clear()
        self.username.setFocus()

    def confirm(self) -> None:
        if not self.username.text().strip():
            self.fail("Chưa nhập tên đăng nhập.", self.username)
            return
        password = self.password.text()

        def signed_in(answer: tuple[object, bool]) -> None:
            self.ok_button.setEnabled(True)
            must_change = answer[1]
            if must_change:
                changed = ChangePasswordDialog(self.ops, self, old_password=password, forced=True)
                if changed.exec() != QDialog.DialogCode.Accepted:
                    self.ops.sign_out().run(self)
                    self.password.clear()
                    self.fail("Cần đổi mật khẩu do quản trị đặt lại trước khi làm việc.", self.password)
                    return
            self.accept()

        def refused(exc: BaseException) -> None:
            self.ok_button.setEnabled(True)
            if isinstance(exc, NotAllowed):
                self.password.clear()
                self.fail(str(exc), self.password)
            else:
                present_error(self, "Không đăng nhập được", exc)

        self.ok_button.setEnabled(False)  # one scrypt check at a time: OK waits for the answer
        self.ops.sign_in(self.username.text(), password).success(signed_in).failure(refused).run(self)


class ChangePasswordDialog(_Form):
    def __init__(self, ops: Operations, parent: QWidget | None = None, *, old_password: str = "", forced: bool = False):
        super().__init__(
            "Đổi mật khẩu",
            "Mật khẩu này do quản trị đặt lại: hãy đặt mật khẩu mới của riêng mình." if forced else "",
            parent,
        )
        self.ops = ops
        self.old = _password_field()
        self.old.setText(old_password)
        self.new = _password_field()
        self.again = _password_field()
        if not forced:
            self.form.addRow("Mật khẩu hiện tại:", self.old)
        self.form.addRow("Mật khẩu mới (ít nhất 8 ký tự):", self.new)
        self.form.addRow("Nhập lại mật khẩu mới:", self.again)
        (self.new if forced else self.old).setFocus()

    def confirm(self) -> None:
        password = _check_twice(self, self.new, self.again)
        if password is None:
            return
        self.ask(self.ops.change_password(self.old.text(), password), self.new)


class AccountDialog(_Form):
    """A new account (the admin's screen)."""

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__("Thêm tài khoản", "", parent, ok="Tạo tài khoản")
        self.ops = ops
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(ROLE_LABELS[role], role.value)
        self.password = _password_field()
        self.password_again = _password_field()
        self.form.addRow("Tên đăng nhập:", self.username)
        self.form.addRow("Họ tên (in trên giấy tờ):", self.display_name)
        self.form.addRow("Vai trò:", self.role)
        self.form.addRow("Mật khẩu ban đầu:", self.password)
        self.form.addRow("Nhập lại mật khẩu:", self.password_again)

    def confirm(self) -> None:
        password = _check_twice(self, self.password, self.password_again)
        if password is None:
            return
        op = self.ops.create_account(self.username.text(), self.display_name.text(), self.role.currentData(), password)
        self.ask(op, self.username)


class NewPasswordDialog(_Form):
    def __init__(self, ops: Operations, username: str, parent: QWidget | None = None):
        super().__init__(
            f"Đặt lại mật khẩu của {username}",
            "Mật khẩu tạm thời: người dùng phải đổi mật khẩu của riêng mình ở lần đăng nhập tới.",
            parent,
        )
        self.ops = ops
        self._username = username
        self.password = _password_field()
        self.password_again = _password_field()
        self.form.addRow("Mật khẩu tạm thời:", self.password)
        self.form.addRow("Nhập lại:", self.password_again)

    def confirm(self) -> None:
        password = _check_twice(self, self.password, self.password_again)
        if password is None:
            return
        self.ask(self.ops.reset_password(self._username, password), self.password)


class AccountsScreen(QDialog):
    """The admin's screen: the station's accounts; add, reset a password, lock/unlock, change a role."""

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Tài khoản cán bộ")
        self.ops = ops
        self._rows: list = []
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Tên đăng nhập", "Họ tên", "Vai trò", "Trạng thái"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.add_button = QPushButton("&Thêm…")
        self.reset_button = QPushButton("Đặt lại &mật khẩu…")
        self.active_button = QPushButton("&Khoá / mở khoá")
        self.role_button = QPushButton("Đổi &vai trò…")
        close = QPushButton("Đóng")
        for button in (self.add_button, self.reset_button, self.active_button, self.role_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add)
        self.reset_button.clicked.connect(self.reset)
        self.active_button.clicked.connect(self.toggle_active)
        self.role_button.clicked.connect(self.change_role)
        close.clicked.connect(self.accept)
        fit_to_screen(self, 720, 420)
        self.load()

    def load(self) -> None:
        self.ops.account_list().success(self._show).failure(self._refused).run(self)

    def _refused(self, exc: BaseException) -> None:
        if not isinstance(exc, (AccountError, NotAllowed)):
            present_error(self, "Không đọc được tài khoản", exc)
            return
        self.message.setText(str(exc))
        self._show([])

    def _show(self, rows: list) -> None:
        self._rows = list(rows)
        self.table.setRowCount(len(self._rows))
        for index, info in enumerate(self._rows):
            values = [
                info.username,
                info.display_name,
                info.role_label,
                ("đang dùng" if info.active else "đã khoá")
                + (", phải đổi mật khẩu" if info.must_change_password else ""),
            ]
            for column, value in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def selected(self):
        index = self.table.currentRow()
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def _do(self, op: Op, done: str) -> None:
        def changed(_value: object) -> None:
            self.message.setText(done)
            self.load()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, (AccountError, NotAllowed)):
                self.message.setText(str(exc))
            else:
                present_error(self, op.title, exc)

        op.success(changed).failure(failed).run(self)

    def add(self) -> None:
        if AccountDialog(self.ops, self).exec() == QDialog.DialogCode.Accepted:
            self.message.setText("Đã tạo tài khoản.")
            self.load()

    def reset(self) -> None:
        info = self.selected()
        if info is None:
            self.message.setText("Chọn một tài khoản trong bảng trước.")
            return
        if NewPasswordDialog(self.ops, info.username, self).exec() == QDialog.DialogCode.Accepted:
            self.message.setText(f"Đã đặt lại mật khẩu của {info.username}.")
            self.load()

    def toggle_active(self) -> None:
        info = self.selected()
        if info is None:
            self.message.setText("Chọn một tài khoản trong bảng trước.")
            return
        self._do(
            self.ops.set_account_active(info.username, not info.active),
            f"Đã {'mở khoá' if not info.active else 'khoá'} tài khoản {info.username}.",
        )

    def change_role(self) -> None:
        info = self.selected()
        if info is None:
            self.message.setText("Chọn một tài khoản trong bảng trước.")
            return
        labels = [ROLE_LABELS[r] for r in Role]
        label, ok = QInputDialog.getItem(
            self, "Đổi vai trò", f"Vai trò của {info.username}:", labels, labels.index(info.role_label), False
        )
        if ok:
            role = list(Role)[labels.index(label)]
            self._do(self.ops.set_account_role(info.username, role.value), f"Đã đổi vai trò của {info.username}.")


class AuditScreen(QDialog):
    """The supervisor's view of the audit trail: who did what and when, by officer and days; the chain's check."""

    def __init__(self, ops: Operations, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.setWindowTitle("Nhật ký kiểm tra")
        self.ops = ops
        today = today or ops.now().date()  # the office's day, not the PC's time zone
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.officer = QLineEdit()
        self.officer.setPlaceholderText("tên đăng nhập hoặc họ tên (trống: mọi cán bộ)")
        self.date_from = QDateEdit(QDate(today.year, today.month, 1))
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        show = QPushButton("&Xem")
        show.setDefault(True)
        verify = QPushButton("&Kiểm tra toàn vẹn")
        for label, widget in (("Cán bộ:", self.officer), ("Từ ngày:", self.date_from), ("đến:", self.date_to)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(show)
        filters.addWidget(verify)
        layout.addLayout(filters)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Thời điểm", "Cán bộ", "Việc", "Đối tượng", "Chi tiết"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        show.clicked.connect(self.load)
        verify.clicked.connect(self.verify)
        fit_to_screen(self, 980, 560)
        self.load()

    def load(self) -> None:
        first, last = self.date_from.date().toPython(), self.date_to.date().toPython()
        assert isinstance(first, date) and isinstance(last, date)  # QDate.toPython (typed `object` in the stubs)
        officer = self.officer.text().strip() or None
        self.ops.audit_trail(officer, first, last).success(self._show).failure(self._refused).run(self)

    def _refused(self, exc: BaseException) -> None:
        if not isinstance(exc, (AccountError, NotAllowed)):
            present_error(self, "Không đọc được nhật ký kiểm tra", exc)
            return
        self._show([])
        self.message.setText(str(exc))

    def _show(self, entries: list) -> None:
        self.message.setText(f"{len(entries)} mục.")
        self.table.setRowCount(len(entries))
        for index, (_row_id, entry) in enumerate(entries):
            detail = ", ".join(f"{k}={v}" for k, v in sorted(entry.detail.items()) if k != "event_id")
            values = [f"{entry.at:%d/%m/%Y %H:%M:%S}", entry.officer_name, entry.label, entry.target, detail]
            for column, value in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def verify(self) -> None:
        self.ops.verify_trail().success(self._verified).failure(self._refused_check).run(self)

    def _refused_check(self, exc: BaseException) -> None:
        if isinstance(exc, (AccountError, NotAllowed)):
            self.message.setText(str(exc))
        else:
            present_error(self, "Không kiểm tra được nhật ký", exc)

    def _verified(self, report) -> None:
        if report.problem is None:
            self.message.setText(f"Nhật ký toàn vẹn: {report.checked} mục đã kiểm tra, không mục nào bị sửa hay xoá.")
        else:
            p = report.problem
            self.message.setText(
                f"NHẬT KÝ BỊ CAN THIỆP tại mục số {p.seq} (dòng id {p.entry_id}): {p.reason}. "
                f"{report.checked} mục trước đó còn nguyên. Báo ngay cho lãnh đạo và cán bộ phụ trách CNTT."
            )


class IdleLock(QObject):
    """Locks the window after `minutes` without a key or a mouse move: its content is hidden (not cleared: the
    form's unsaved text stays) until the officer signs in again — or another officer does (a fast switch)."""

    CHECK_MS = 5_000

    def __init__(self, window, ops: Operations, minutes: int, on_signed_in: Callable[[], None]):
        super().__init__(window)
        self._window = window
        self.ops = ops
        self._minutes = minutes
        self._on_signed_in = on_signed_in
        self._last_input = time.monotonic()
        self._locked = False
        self._timer = QTimer(self)
        self._timer.setInterval(self.CHECK_MS)
        self._timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        if minutes > 0:
            self._timer.start()

    @property
    def locked(self) -> bool:
        return self._locked

    def set_minutes(self, minutes: int) -> None:
        self._minutes = minutes
        if minutes > 0:
            self._timer.start()
        else:
            self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in INPUT_EVENTS:
            self._last_input = time.monotonic()
        return False

    def idle_seconds(self) -> float:
        return time.monotonic() - self._last_input

    def check(self) -> None:
        if not self._locked and self._minutes > 0 and self.idle_seconds() >= self._minutes * 60:
            self.lock()

    def lock(self) -> None:
        """Ask who is signed in (on the worker), then hide the window's content and ask for a sign-in. Nothing of
        the form is touched; leaving the lock signs out and closes the window."""
        if self._locked:
            return
        self._locked = True  # from now: no second lock while the first is asked for

        def asked(officer) -> None:
            if officer is None or officer.is_setup_admin:  # a store without accounts has nothing to lock with
                self._locked = False
                return
            self._ask_to_unlock(officer.username)

        def failed(exc: BaseException) -> None:
            self._locked = False
            present_error(self._window, "Không khoá được màn hình", exc)

        self.ops.signed_in().success(asked).failure(failed).run(self._window)

    def _ask_to_unlock(self, username: str) -> None:
        central = self._window.centralWidget()
        focused = QApplication.focusWidget()
        central.setVisible(False)
        self._window.menuBar().setEnabled(False)
        try:
            dialog = SignInDialog(self.ops, self._window, locked_user=username)
            signed_in = dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self._locked = False
            self._last_input = time.monotonic()
        if not signed_in:
            self.ops.sign_out().run()
            self._window.close()
            return
        central.setVisible(True)
        self._window.menuBar().setEnabled(True)
        if focused is not None and focused.isVisible():
            focused.setFocus(Qt.FocusReason.OtherFocusReason)
        self._on_signed_in()


def install_accounts(window, ops: Operations, idle_minutes: int) -> IdleLock:
    """The *Tài khoản* menu (switch officer, lock, own password, the admin's screen) and the idle lock."""

    def refresh() -> None:
        window.load()  # the officer's name in the status bar; what they may open

    def switch() -> None:
        if SignInDialog(ops, window).exec() == QDialog.DialogCode.Accepted:
            refresh()

    def change_password() -> None:
        def asked(officer) -> None:
            if officer is None or officer.is_setup_admin:
                QMessageBox.information(
                    window, "Đổi mật khẩu", "Máy chưa có tài khoản: tạo tài khoản trong Tài khoản cán bộ."
                )
                return
            ChangePasswordDialog(ops, window).exec()

        ops.signed_in().success(asked).run(window)

    def open_screen() -> None:
        def asked(allowed: bool) -> None:
            if not allowed:
                QMessageBox.warning(window, "Tài khoản cán bộ", "Chỉ quản trị quản lý tài khoản.")
                return
            AccountsScreen(ops, window).exec()
            refresh()

        ops.may(Action.ACCOUNTS).success(asked).run(window)

    def open_trail() -> None:
        def asked(allowed: bool) -> None:
            if not allowed:
                QMessageBox.warning(
                    window, "Nhật ký kiểm tra", "Chỉ cán bộ phụ trách và quản trị xem nhật ký kiểm tra."
                )
                return
            AuditScreen(ops, window).exec()

        ops.may(Action.AUDIT).success(asked).run(window)

    lock = IdleLock(window, ops, idle_minutes, refresh)
    window.add_tool("Tài &khoản", "Đổi cán bộ…", "Ctrl+Shift+U", switch)
    window.add_tool("Tài &khoản", "Khoá màn hình", "Ctrl+Shift+K", lock.lock)
    window.add_tool("Tài &khoản", "Đổi mật khẩu…", "", change_password)
    window.add_tool("Tài &khoản", "Tài khoản cán bộ… (quản trị)", "", open_screen)
    window.add_tool("Tài &khoản", "Nhật ký kiểm tra… (cán bộ phụ trách)", "", open_trail)
    window.idle_lock = lock
    return lock


def _inline(op: Op[T]) -> T:
    """The answer of an operation of an Operations without a worker (run inline); its error is raised."""
    answers: list = []
    problems: list[BaseException] = []
    op.success(answers.append).failure(problems.append).run()
    if problems:
        raise problems[0]
    return answers[0]


def sign_in_at_start(ops: Operations, *, first_run: bool) -> bool:
    """The first run creates the first admin (or leaves the station without accounts, as before them); a station
    with accounts asks who is at the counter. False: the officer left the program instead. Before the window's
    worker exists: `ops` has none, so its operations run inline (the dialogs are modal)."""
    assert ops.worker is None, "the sign-in at start reads its answers inline"
    if first_run and not _inline(ops.has_accounts()):
        FirstAdminDialog(ops, _inline(ops.all_settings()).get("officer.name", "")).exec()
    if _inline(ops.signed_in()) is not None:  # the admin just created, or a station without accounts
        return True
    return SignInDialog(ops, at_start=True).exec() == QDialog.DialogCode.Accepted


def _idle_minutes(values: dict[str, str]) -> int:
    return int(values.get("security.idle_lock_minutes", "10") or 0)


def install_accounts_for(window, ops: Operations) -> IdleLock | None:
    """install_accounts with the station's idle-lock setting, read on the worker (None: a build without
    accounts). The lock counts from the start; its minutes arrive with the settings."""
    if not ops.has("accounts"):
        return None
    lock = install_accounts(window, ops, _idle_minutes({}))
    ops.all_settings().success(lambda values: lock.set_minutes(_idle_minutes(values))).run(lock)
    return lock
