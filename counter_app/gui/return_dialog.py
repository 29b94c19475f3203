"""Returning the result at the counter: who collects it (the applicant, a representative or the post, with the
postal item's number), their ID, how, the originals handed back, the result's kind and number, where the paper file
goes ("Vị trí lưu hồ sơ"), then the return slip, then the rating.

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
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.event_kinds import EventRequest, ReturnResult
from counter_app.domain.events import ReturnMethod
from counter_app.domain.paper_file import COLLECTOR_LABELS, COLLECTORS
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


# How the dialog names a field in its messages (the receiver's number is labelled as the receiver's).
NAMES = {
    "receiver": "Họ và tên người nhận",
    "receiver_id": "Số CCCD người nhận",
    "id_number": "Số CCCD người nhận",
}


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
        self.collector = QComboBox(collect)
        for value in COLLECTORS:
            self.collector.addItem(COLLECTOR_LABELS[value], value)
        collector_label = QLabel("&Ai nhận:", collect)
        collector_label.setBuddy(self.collector)
        self.collector_error = self._error_label(collect)
        form.addRow(collector_label, self.collector)
        form.addRow("", self.collector_error)
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
        self.tracking_number = QLineEdit(collect)
        self.tracking_number.setMaxLength(40)
        self.tracking_number.setPlaceholderText("Số hiệu bưu gửi, ví dụ EL123456789VN")
        self.tracking_label = QLabel("Số hiệu &bưu gửi:", collect)
        self.tracking_label.setBuddy(self.tracking_number)
        self.tracking_number_error = self._error_label(collect)
        form.addRow(self.tracking_label, self.tracking_number)
        form.addRow("", self.tracking_number_error)
        form.addRow(note_label, self.note)

        # The result handed over, the originals given back, where the paper file goes (issue 13 item 3).
        outcome = QGroupBox("Kết quả, bản chính và hồ sơ giấy", self)
        papers = QFormLayout(outcome)
        self.result_kind = QLineEdit(outcome)
        self.result_kind.setMaxLength(200)
        self.result_kind.setPlaceholderText("Ví dụ: Giấy chứng nhận, Giấy phép, Văn bản trả lời")
        self.result_number = QLineEdit(outcome)
        self.result_number.setMaxLength(100)
        self.result_number.setPlaceholderText("Ví dụ: 123/GCN-SKHCN")
        kind_label = QLabel("Loại giấy tờ kết &quả:", outcome)
        kind_label.setBuddy(self.result_kind)
        number_label = QLabel("&Số giấy tờ kết quả:", outcome)
        number_label.setBuddy(self.result_number)
        self.result_error = self._error_label(outcome)
        papers.addRow(kind_label, self.result_kind)
        papers.addRow(number_label, self.result_number)
        papers.addRow("", self.result_error)
        self.originals = QTableWidget(len(detail.documents), 2, outcome)
        self.originals.setHorizontalHeaderLabels(["Giấy tờ đã nhận (Space: chọn)", "Bản"])
        self.originals.verticalHeader().setVisible(False)
        self.originals.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.originals.setTabKeyNavigation(False)
        header = self.originals.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.original_counts: list[QSpinBox] = []
        for row, document in enumerate(detail.documents):
            item = QTableWidgetItem(str(document.get("name", "")))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(item.text())
            self.originals.setItem(row, 0, item)
            count = QSpinBox(self.originals)
            count.setRange(1, max(1, int(document.get("quantity") or 1)))
            count.setValue(count.maximum())
            self.originals.setCellWidget(row, 1, count)
            self.original_counts.append(count)
        rows_shown = min(max(len(detail.documents), 1), 4)
        self.originals.setFixedHeight(header.sizeHint().height() + rows_shown * self.originals.sizeHintForRow(0) + 6)
        originals_label = QLabel("Bản chính trả &lại:", outcome)
        originals_label.setBuddy(self.originals)
        self.originals_error = self._error_label(outcome)
        papers.addRow(originals_label, self.originals)
        papers.addRow("", self.originals_error)
        self.file_location = QLineEdit(detail.file_location or "", outcome)
        self.file_location.setMaxLength(100)
        self.file_location.setPlaceholderText("Kệ/hộp lưu hồ sơ giấy, ví dụ Kệ 3 hộp 12")
        location_label = QLabel("&Vị trí lưu hồ sơ:", outcome)
        location_label.setBuddy(self.file_location)
        self.file_location_error = self._error_label(outcome)
        papers.addRow(location_label, self.file_location)
        papers.addRow("", self.file_location_error)
        # The fee collected at return (issue 13 item 1) goes in this layout, under the result.
        self.extras = QVBoxLayout()
        papers.addRow(self.extras)

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
        columns = QHBoxLayout()
        columns.addWidget(collect, 1)
        columns.addWidget(outcome, 1)
        layout.addLayout(columns)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.collector.currentIndexChanged.connect(self._collector_changed)
        self.method.currentIndexChanged.connect(self._method_changed)
        self.originals.itemActivated.connect(self._toggle_original)
        self._method_changed()
        fit_to_screen(self, 980, self.sizeHint().height())
        self.receiver.setFocus()
        self.receiver.selectAll()

    def _collector_changed(self, _index: int = 0) -> None:
        """A representative: their name and number from the intake, if one filed it; the post: sent by post."""
        who = self.collector.currentData()
        d = self.detail
        if who == "representative" and d.representative is not None:
            self.receiver.setText(d.representative.name)
            self.receiver_id.setText(d.representative.id_number)
        elif who == "applicant":
            self.receiver.setText(d.applicant_name)
            self.receiver_id.setText(d.id_number or "")
        post = who == "post"
        if post != (self.method.currentData() == ReturnMethod.POST.value):
            self.method.setCurrentIndex(self.method.findData(ReturnMethod.POST.value if post else "counter"))
        if post:
            self.receiver.setText("")
            self.receiver_id.setText("")

    def _method_changed(self, _index: int = 0) -> None:
        post = self.method.currentData() == ReturnMethod.POST.value
        self.tracking_label.setVisible(post)
        self.tracking_number.setVisible(post)
        if not post:
            self.tracking_number_error.setVisible(False)
            set_state(self.tracking_number, "invalid", False)
        if post != (self.collector.currentData() == "post"):
            self.collector.setCurrentIndex(self.collector.findData("post" if post else "applicant"))

    def _toggle_original(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def keyPressEvent(self, event) -> None:
        # Space in the originals ticks the row (the table's own Space only edits).
        if event.key() == Qt.Key.Key_Space and self.originals.hasFocus():
            item = self.originals.item(self.originals.currentRow(), 0)
            if item is not None:
                self._toggle_original(item)
                return
        super().keyPressEvent(event)

    def chosen_originals(self) -> tuple[str, ...]:
        """The ticked originals as the event takes them: "position:copies"."""
        chosen = []
        for row in range(self.originals.rowCount()):
            item = self.originals.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                chosen.append(f"{row + 1}:{self.original_counts[row].value()}")
        return tuple(chosen)

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
        for widget, label in self._targets().values():
            set_state(widget, "invalid", False)
            label.setVisible(False)
        self._show("Đang ghi nhận trả kết quả…", "")
        request = EventRequest(
            self.detail.code,
            ReturnResult(
                receiver=self.receiver.text(),
                receiver_id=self.receiver_id.text(),
                method=self.method.currentData(),
                collector=self.collector.currentData(),
                tracking_number=self.tracking_number.text() if self.tracking_number.isVisibleTo(self) else None,
                originals=self.chosen_originals(),
                result_kind=self.result_kind.text(),
                result_number=self.result_number.text(),
                file_location=self.file_location.text(),
            ),
            note=self.note.toPlainText(),
        )
        self._ops.record_event(request).success(self._recorded).failure(self._failed).run(self)

    def _targets(self) -> dict[str, tuple[QWidget, QLabel]]:
        """Field of the service's errors -> (input, label for its message)."""
        return {
            "collector": (self.collector, self.collector_error),
            "receiver": (self.receiver, self.receiver_error),
            "receiver_id": (self.receiver_id, self.receiver_id_error),
            # clean_id_number reports under "id_number" (the intake's field): here it is the receiver's.
            "id_number": (self.receiver_id, self.receiver_id_error),
            "tracking_number": (self.tracking_number, self.tracking_number_error),
            "result_kind": (self.result_kind, self.result_error),
            "result_number": (self.result_number, self.result_error),
            "originals": (self.originals, self.originals_error),
            "file_location": (self.file_location, self.file_location_error),
        }

    def _failed(self, error: object) -> None:
        self._busy = False
        self.confirm_button.setEnabled(True)
        if isinstance(error, ValidationError):
            first = None
            targets = self._targets()
            for item in error.errors:
                target = targets.get(item.field)
                if target:
                    widget, label = target
                    name = NAMES.get(item.field, item.label)
                    set_state(widget, "invalid", True)
                    shown = label.text() if label.isVisible() else ""
                    label.setText((shown + "\n" if shown else "") + f"{name}: {item.message}")
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
