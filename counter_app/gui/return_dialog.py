"""Returning the result at the counter: who collects it (name, CCCD), how, then the return slip, then the rating.

Opened by a scan of a resolved dossier (or from its detail window). Enter confirms: the `result_returned` event
is recorded on the worker (a return after the due date is recorded as late by the domain), then the return
slip is printed and its printing recorded. Esc closes without recording anything. Once the return is recorded and
printed, the last step asks the citizen's satisfaction (gui/rating.py): a key 1-5 records it, Esc skips.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.event_kinds import EventRequest, ReturnResult
from counter_app.domain.events import ReturnMethod
from counter_app.domain.validation import ValidationError, mask_id_number
from counter_app.gui.operations import Operations
from counter_app.gui.screen import fit_to_screen
from counter_app.gui.slip_printing import SlipPrinting
from counter_app.gui.style import set_state
from counter_app.services.dossiers import DossierDetail

if TYPE_CHECKING:
    from counter_app.gui.rating import RatingPanel

METHOD_CHOICES = (
    (ReturnMethod.COUNTER.value, "Tại quầy (Bộ phận Một cửa)"),
    (ReturnMethod.POST.value, "Qua dịch vụ bưu chính"),
)


def _when(moment: datetime) -> str:
    return f"{moment:%H:%M} ngày {moment:%d/%m/%Y}"


class ReturnDialog(QDialog):
    sig_returned = Signal(object)  # RecordResult, once recorded (before the slip is printed)
    sig_finished = Signal(str)  # the closing message (recorded, printed or not); the rating step follows
    sig_rated = Signal(object)  # RecordResult of the citizen's rating, when one is given

    def __init__(
        self,
        detail: DossierDetail,
        *,
        now: datetime,
        ops: Operations,
        slips: SlipPrinting,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.detail = detail
        self._ops = ops
        self._printing = slips
        self._busy = False
        self.result = None
        self.message = ""
        self.printed = False
        self.rating: RatingPanel | None = None  # once the return is recorded and its slip printed
        self.rated = None  # RecordResult of the rating, if the citizen gave one
        self.late = now > detail.due_at
        self.setWindowTitle(f"Trả kết quả — hồ sơ {detail.code}")
        self.setObjectName("returnDialog")

        summary = QGroupBox("Hồ sơ", self)
        info = QFormLayout(summary)
        info.addRow("Mã hồ sơ:", self._value(detail.code))
        info.addRow(
            "Người nộp:",
            self._value(detail.applicant_name + (f" — {detail.organization}" if detail.organization else "")),
        )
        if detail.id_number:
            info.addRow("Số CCCD người nộp:", self._value(mask_id_number(detail.id_number)))
        procedure = self._value(detail.procedure_name)
        procedure.setWordWrap(True)
        info.addRow("Thủ tục:", procedure)
        info.addRow("Nhận lúc:", self._value(_when(detail.received_at)))
        info.addRow("Hẹn trả:", self._value(_when(detail.due_at)))
        info.addRow("Trạng thái:", self._value(detail.status_label))

        self.late_label = QLabel(self)
        self.late_label.setWordWrap(True)
        if self.late:
            self.late_label.setText(
                f"Trả sau thời điểm hẹn ({_when(detail.due_at)}): hồ sơ sẽ được ghi nhận là TRẢ MUỘN."
            )
            set_state(self.late_label, "state", "warning")
        self.late_label.setVisible(self.late)

        collect = QGroupBox("Người nhận kết quả", self)
        form = QFormLayout(collect)
        self.receiver = QLineEdit(detail.applicant_name, collect)
        self.receiver.setMaxLength(150)
        self.receiver_id = QLineEdit(detail.id_number or "", collect)
        self.receiver_id.setMaxLength(14)
        self.receiver_id.setPlaceholderText("12 chữ số, đối chiếu với CCCD của người đến nhận")
        self.method = QComboBox(collect)
        for value, label in METHOD_CHOICES:
            self.method.addItem(label, value)
        default = detail.result_delivery if detail.result_delivery in {m.value for m in ReturnMethod} else "counter"
        self.method.setCurrentIndex(max(0, self.method.findData(default)))
        self.note = QPlainTextEdit(collect)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        receiver_label = QLabel("&Họ và tên:", collect)
        receiver_label.setBuddy(self.receiver)
        id_label = QLabel("Số &CCCD:", collect)
        id_label.setBuddy(self.receiver_id)
        method_label = QLabel("Hình thức &trả:", collect)
        method_label.setBuddy(self.method)
        note_label = QLabel("&Ghi chú:", collect)
        note_label.setBuddy(self.note)
        self.receiver_error = self._error_label(collect)
        self.receiver_id_error = self._error_label(collect)
        form.addRow(receiver_label, self.receiver)
        form.addRow("", self.receiver_error)
        form.addRow(id_label, self.receiver_id)
        form.addRow("", self.receiver_id_error)
        form.addRow(method_label, self.method)
        form.addRow(note_label, self.note)

        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setVisible(False)

        self.buttons = QDialogButtonBox(self)
        self.confirm_button = self.buttons.addButton(
            "Xác nhận trả và in phiếu (Enter)", QDialogButtonBox.ButtonRole.AcceptRole
        )
        set_state(self.confirm_button, "role", "primary")
        self.confirm_button.setDefault(True)
        self.cancel_button = self.buttons.addButton("Hủy (Esc)", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # also from the note box, where Enter starts a new line
            QShortcut(QKeySequence(keys), self, self.confirm)
        from counter_app.gui.dossier_detail import CtrlEnter

        CtrlEnter(self.confirm, self).watch(self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.late_label)
        layout.addWidget(collect)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 620, self.sizeHint().height())
        self.receiver.setFocus()
        self.receiver.selectAll()

    @staticmethod
    def _value(text: str) -> QLabel:
        label = QLabel(text)
        label.setProperty("role", "infoValue")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    @staticmethod
    def _error_label(parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setProperty("role", "fieldError")
        label.setWordWrap(True)
        label.setVisible(False)
        return label

    def _show(self, text: str, state: str) -> None:
        self.message_label.setText(text)
        set_state(self.message_label, "state", state)
        self.message_label.setVisible(True)

    # --- confirm ----------------------------------------------------------------------------------------

    def confirm(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.confirm_button.setEnabled(False)
        for widget, label in ((self.receiver, self.receiver_error), (self.receiver_id, self.receiver_id_error)):
            set_state(widget, "invalid", False)
            label.setVisible(False)
        self._show("Đang ghi nhận trả kết quả…", "")
        request = EventRequest(
            self.detail.code,
            ReturnResult(
                receiver=self.receiver.text(), receiver_id=self.receiver_id.text(), method=self.method.currentData()
            ),
            note=self.note.toPlainText(),
        )
        self._ops.record_event(request).success(self._recorded).failure(self._failed).run(self)

    def _failed(self, error: object) -> None:
        self._busy = False
        self.confirm_button.setEnabled(True)
        if isinstance(error, ValidationError):
            first = None
            for item in error.errors:
                # clean_id_number reports under "id_number" (the intake's field): here it is the receiver's.
                target = {
                    "receiver": (self.receiver, self.receiver_error, "Họ và tên người nhận"),
                    "receiver_id": (self.receiver_id, self.receiver_id_error, "Số CCCD người nhận"),
                    "id_number": (self.receiver_id, self.receiver_id_error, "Số CCCD người nhận"),
                }.get(item.field)
                if target:
                    widget, label, name = target
                    set_state(widget, "invalid", True)
                    label.setText(f"{name}: {item.message}")
                    label.setVisible(True)
                    first = first or widget
            self._show("Chưa ghi nhận: " + error.message, "error")
            if first is not None:
                first.setFocus()
            return
        self._show(f"Chưa ghi nhận trả kết quả: {error}", "error")

    def _recorded(self, result) -> None:
        self.result = result
        self.sig_returned.emit(result)
        late = " — TRẢ MUỘN so với ngày hẹn" if result.detail.returned_late else ""
        recorded = f"Đã trả kết quả hồ sơ {result.code} cho {self.receiver.text().strip()}{late}."
        self._show(recorded + " Đang in phiếu trả kết quả…", "ok")
        self._printing.print_slip(result.code, "return", lambda printed, text: self._printed(recorded, printed, text))

    def _printed(self, recorded: str, printed: bool, text: str) -> None:
        self.message = f"{recorded} {text}"
        self.printed = printed
        self.sig_finished.emit(self.message)
        self._start_rating()

    # --- the citizen's rating (never required: Esc skips; gui/rating.py) ------------------------------------

    def _start_rating(self) -> None:
        """The last step: the citizen rates the service with one key (1-5), or Esc closes without a rating."""
        from counter_app.gui.rating import RatingPanel

        panel = self.rating = RatingPanel(self)
        panel.sig_chosen.connect(self._rate)
        panel.sig_skipped.connect(self.reject)
        for widget in self.findChildren(QGroupBox):
            widget.setVisible(False)
        self.buttons.setVisible(False)
        self.late_label.setVisible(False)
        layout = self.layout()
        assert layout is not None
        layout.addWidget(panel)
        self.setWindowTitle(f"Đánh giá mức độ hài lòng — hồ sơ {self.detail.code}")
        self._show(self.message, "ok" if self.printed else "warning")  # what was done, before the question
        panel.setFocus()

    def _rate(self, level: int, comment: str) -> None:
        assert self.rating is not None
        self.rating.set_busy(True)
        self._ops.rate(self.detail.code, level, comment or None).success(self._rated).failure(self._rate_failed).run(
            self
        )

    def _rate_failed(self, error: object) -> None:
        assert self.rating is not None
        self.rating.set_busy(False)
        self.rating.show_message(f"Chưa ghi nhận: {error}", "error")

    def _rated(self, result) -> None:
        self.rated = result
        self.sig_rated.emit(result)
        self.accept()

    def reject(self) -> None:
        if self._busy and self.result is None:
            return  # recording in flight: wait for it rather than leave the officer unsure
        super().reject()
