"""One dossier: its facts, the timeline of events, why it is due when it is, and the events that may come next.

`DossierDetailDialog` is a window of its own (not modal: the officer may look something up in the list
meanwhile; a scan still works in it). Its action buttons are the events the lifecycle rules allow now; each
opens `EventDialog` (or the return dialog) and, once recorded, the slip the event calls for is printed and the
window reloads. Everything reads and writes through the operations (gui/operations.py) on the worker; the lists
learn of a recorded event from the operations' change notice, not from this window.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.event_kinds import COMMON_DETAILS, DETAILS, EVENT_KINDS, EVENT_LABELS, Detail, EventRequest
from counter_app.domain.events import CHANNEL_LABELS, Channel, EventKind
from counter_app.domain.fees import receipt_label
from counter_app.domain.lifecycle import describe_event
from counter_app.domain.paper_file import COLLECTOR_LABELS
from counter_app.domain.personal import describe_personal
from counter_app.domain.printed import paper_title
from counter_app.domain.roles import Action
from counter_app.domain.satisfaction import second_supplement_warning
from counter_app.domain.tracking import NextAction, Urgency, next_action
from counter_app.domain.validation import ValidationError, mask_id_number, mask_phone
from counter_app.gui.attached_files import AttachedFilesBox, open_with_viewer
from counter_app.gui.flow import FlowLayout
from counter_app.gui.operations import DetailBundle, Operations
from counter_app.gui.printed_papers import PrintedPapersBox
from counter_app.gui.scanner import SCAN_PROPERTY
from counter_app.gui.screen import fit_to_screen, make_scrollable, wrap_items
from counter_app.gui.slip_printing import SlipPrinting
from counter_app.gui.style import set_state
from counter_app.services.dossiers import DossierDetail

# The buttons of the events an officer records from this window (with their Alt-letter), and the slip each event
# calls for: from the one description of each kind (domain.event_kinds).
ACTION_LABELS: dict[EventKind, str] = {kind: cls.ACTION for kind, cls in EVENT_KINDS.items() if cls.ACTION}
SLIP_FOR_EVENT: dict[EventKind, str] = {kind: cls.SLIP for kind, cls in EVENT_KINDS.items() if cls.SLIP}
FEE_KINDS = frozenset({EventKind.FEE_COLLECTED, EventKind.FEE_REFUNDED, EventKind.FEE_CANCELLED})


class CtrlEnter(QObject):
    """Ctrl+Enter in a multi-line box (where Enter starts a new line) does `action`."""

    def __init__(self, action: Callable[[], None], parent: QObject):
        super().__init__(parent)
        self._action = action

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            if (
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                if event.type() == QEvent.Type.KeyPress:
                    self._action()
                event.accept()
                return True
        return False


def _prefill(name: str, bundle: DetailBundle) -> str:
    """What a fee entry's line starts with: the amount the procedure charges, the applicant as payer, the latest
    receipt (a refund or a cancellation names it)."""
    if name == "amount" and bundle.fee_proposal is not None:
        return str(bundle.fee_proposal)
    if name == "payer":
        return bundle.detail.applicant_name
    if name == "receipt":
        numbers = [e.payload.get("receipt_number") for e in bundle.detail.timeline if e.kind == EventKind.FEE_COLLECTED]
        return str(numbers[-1]) if numbers else ""
    return ""


def describe_return(timeline) -> str:
    """The latest return in one line: who collected, the result paper, the postal item's number."""
    returned = [e for e in timeline if e.kind == EventKind.RESULT_RETURNED]
    if not returned:
        return ""
    p = returned[-1].payload or {}
    who = COLLECTOR_LABELS.get(p.get("collector") or "", "")
    receiver = p.get("receiver") or ""
    parts = [f"{who}: {receiver}" if who and receiver and receiver != who else (receiver or who)]
    paper = " số ".join(x for x in (p.get("result_kind"), p.get("result_number")) if x)
    if paper:
        parts.append(paper)
    if p.get("tracking_number"):
        parts.append(f"bưu gửi {p['tracking_number']}")
    return "; ".join(x for x in parts if x)


def _when(moment: datetime | None) -> str:
    return f"{moment:%H:%M} ngày {moment:%d/%m/%Y}" if moment else "—"


# --- one event ---------------------------------------------------------------------------------------------


class EventDialog(QDialog):
    """The details of one lifecycle event, recorded on Ctrl+Enter from anywhere (Enter too, outside a multi-line box)."""

    sig_recorded = Signal(object)  # RecordResult

    def __init__(
        self,
        bundle: DetailBundle,
        kind: EventKind,
        *,
        ops: Operations,
        proposal=None,  # ApologyProposal for EventKind.EXTENDED
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.kind = kind
        self.bundle = bundle
        self._ops = ops
        self._busy = False
        self.result = None
        detail = bundle.detail
        self.setWindowTitle(f"{EVENT_LABELS[kind]} — hồ sơ {detail.code}")
        self.setObjectName("eventDialog")

        intro = QLabel(
            f"<b>{detail.code}</b> — {detail.applicant_name}<br>{detail.procedure_name}<br>"
            f"Trạng thái: {detail.status_label} · hẹn trả {_when(detail.due_at)}",
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        for name in EVENT_KINDS[kind].INPUTS:
            spec = DETAILS.get(name) or COMMON_DETAILS[name]
            widget = self._make_input(spec, bundle, proposal)
            label = QLabel(spec.caption, self)
            label.setBuddy(widget)
            error = QLabel(self)
            error.setProperty("role", "fieldError")
            error.setWordWrap(True)
            error.setVisible(False)
            form.addRow(label, widget)
            form.addRow("", error)
            self.inputs[name] = widget
            self.errors[name] = error

        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        if kind == EventKind.EXTENDED and proposal is not None:
            text = (
                "Văn bản xin lỗi phải gửi trước khi hết hạn trả kết quả."
                if not proposal.late_already
                else "Hồ sơ đã quá hạn: văn bản xin lỗi và ngày hẹn mới vẫn được ghi để báo người nộp, nhưng hồ sơ "
                "vẫn tính là quá hạn (văn bản xin lỗi phải gửi trước khi hết hạn — Nghị định 61/2018/NĐ-CP, Điều 19)."
            )
            self.warning.setText(text + " Lý do và ngày hẹn mới đã điền sẵn: sửa cho đúng trước khi ghi.")
            set_state(self.warning, "state", "warning")
        # A second supplement request counts the dossier as overdue in the service index (Decision 766/QĐ-TTg):
        # said up front, and asked again (default "Không") before anything is recorded.
        self.second_supplement = kind == EventKind.SUPPLEMENT_REQUESTED and detail.supplement_rounds >= 1
        if self.second_supplement:
            self.warning.setText(second_supplement_warning(detail.code, detail.supplement_rounds))
            set_state(self.warning, "state", "warning")
        self.warning.setVisible(bool(self.warning.text()))
        prints = kind in SLIP_FOR_EVENT or kind == EventKind.FEE_COLLECTED  # the fee receipt: printing/fee_receipt.py
        self.print_after = QCheckBox(
            "&In biên lai ngay sau khi ghi" if kind == EventKind.FEE_COLLECTED else "&In phiếu ngay sau khi ghi", self
        )
        self.print_after.setChecked(prints)
        self.print_after.setVisible(prints)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        buttons = QDialogButtonBox(self)
        self.record_button = buttons.addButton("Ghi nhận (Ctrl+Enter)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.record_button.setProperty("role", "primary")
        self.record_button.setDefault(True)
        buttons.addButton("Hủy (Esc)", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.record)
        buttons.rejected.connect(self.reject)

        # Enter in a multi-line box starts a new line; Ctrl+Enter records from anywhere.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.record)
        ctrl_enter = CtrlEnter(self.record, self)
        for widget in self.findChildren(QPlainTextEdit):
            ctrl_enter.watch(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(self.print_after)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, self.sizeHint().height())
        first = next(iter(self.inputs.values()), None)
        if first is not None:
            first.setFocus()

    def _make_input(self, detail: Detail, bundle: DetailBundle, proposal) -> QWidget:
        """The input for `detail`, by its kind of input (Detail.input)."""
        name = detail.name
        if detail.input == "missing":
            box = QListWidget(self)
            wrap_items(box)  # a paper's name runs to 150 characters
            for doc in bundle.checklist:
                item = QListWidgetItem(doc)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setToolTip(doc)
                box.addItem(item)
            box.setMinimumHeight(min(240, 26 * max(3, len(bundle.checklist))))
            wrapper = QWidget(self)
            inner = QVBoxLayout(wrapper)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(box)
            other = QPlainTextEdit(wrapper)
            other.setPlaceholderText("Giấy tờ khác (mỗi dòng một giấy tờ)")
            other.setTabChangesFocus(True)
            other.setFixedHeight(self.fontMetrics().height() * 3 + 12)
            inner.addWidget(other)
            self.missing_list, self.missing_other = box, other
            wrapper.setFocusProxy(box)
            return wrapper
        if detail.input in ("text", "long_text"):
            edit = QPlainTextEdit(self)
            edit.setTabChangesFocus(True)
            # a long text (the apology letter's reason, proposed whole) is read in full before it is signed
            edit.setFixedHeight(self.fontMetrics().height() * (7 if detail.input == "long_text" else 2) + 12)
            if name == "reason" and proposal is not None:
                edit.setPlainText(proposal.reason)
            return edit
        if detail.input == "moment":
            edit = QDateTimeEdit(self)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("HH:mm dd/MM/yyyy")
            # Shown and read back as office wall-clock time (date and time fields only, no zone conversion).
            moment = proposal.new_due if proposal is not None else bundle.detail.due_at
            edit.setDateTime(QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)))
            return edit
        if detail.input == "choice":
            combo = QComboBox(self)
            for value, label in zip(detail.choices, detail.choice_labels or detail.choices, strict=True):
                combo.addItem(label, value)
            return combo
        edit = QLineEdit(self)
        edit.setMaxLength(detail.max_length)
        edit.setText(_prefill(name, bundle))
        return edit

    def values(self) -> dict:
        """The event's details as typed (names of domain.event_kinds.DETAILS, and note)."""
        out: dict = {}
        for name, widget in self.inputs.items():
            if widget is self.inputs.get("missing"):
                chosen = [
                    self.missing_list.item(i).text()
                    for i in range(self.missing_list.count())
                    if self.missing_list.item(i).checkState() == Qt.CheckState.Checked
                ]
                chosen += [line.strip() for line in self.missing_other.toPlainText().splitlines() if line.strip()]
                out["missing"] = chosen
            elif isinstance(widget, QDateTimeEdit):
                value = widget.dateTime()
                d, t = value.date(), value.time()
                out[name] = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=OFFICE_TZ)
            elif isinstance(widget, QPlainTextEdit):
                out[name] = widget.toPlainText()
            elif isinstance(widget, QLineEdit):
                out[name] = widget.text()
            elif isinstance(widget, QComboBox):
                out[name] = widget.currentData()
        return out

    def record(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.record_button.setEnabled(False)
        for name, label in self.errors.items():
            label.setVisible(False)
            set_state(self.inputs[name], "invalid", False)
        self.message.setVisible(False)
        values = self.values()
        if self.second_supplement:
            if not self.confirm_second_supplement():
                self._busy = False
                self.record_button.setEnabled(True)
                return
            values["confirm_second"] = True
        try:
            request = EventRequest.of(self.bundle.detail.code, self.kind, **values)
        except ValidationError as error:
            self._failed(error)
            return
        self._ops.record_event(request).success(self._recorded).failure(self._failed).run(self)

    def confirm_second_supplement(self) -> bool:
        """Ask before a second (or later) supplement request; the default answer is "Không"."""
        detail = self.bundle.detail
        box = QMessageBox(QMessageBox.Icon.Warning, "Yêu cầu bổ sung lần nữa?", "", parent=self)
        box.setObjectName("secondSupplementBox")
        box.setText(
            second_supplement_warning(detail.code, detail.supplement_rounds)
            + "\n\nVẫn ghi nhận yêu cầu bổ sung lần này?"
        )
        yes = box.addButton("&Có, vẫn yêu cầu bổ sung", QMessageBox.ButtonRole.YesRole)
        no = box.addButton("&Không", QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        return box.clickedButton() is yes

    def _failed(self, error: object) -> None:
        self._busy = False
        self.record_button.setEnabled(True)
        first = None
        if isinstance(error, ValidationError):
            for item in error.errors:
                label = self.errors.get(item.field)
                if label is not None:
                    label.setText(f"{item.label}: {item.message}")
                    label.setVisible(True)
                    set_state(self.inputs[item.field], "invalid", True)
                    first = first or self.inputs[item.field]
            text = "Chưa ghi nhận: " + error.message
        else:
            text = f"Chưa ghi nhận: {error}"
        self.message.setText(text)
        set_state(self.message, "state", "error")
        self.message.setVisible(True)
        if first is not None:
            first.setFocus()

    def _recorded(self, result) -> None:
        self.result = result
        self.sig_recorded.emit(result)
        self.accept()


# --- the dossier window -------------------------------------------------------------------------------------


class DossierDetailDialog(QDialog):
    """The dossier `code`: facts, due-date explanation, timeline, and the events allowed now."""

    sig_loaded = Signal(object)  # DetailBundle
    sig_message = Signal(str)  # for the main window's status bar
    sig_preview_changed = Signal(bool)  # "Xem trước khi in" ticked or not (the window remembers it)

    def __init__(
        self,
        *,
        ops: Operations,
        slips: SlipPrinting,
        open_return: Callable[[DetailBundle], None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ops = ops
        self._printing = slips
        self._open_return = open_return
        self.bundle: DetailBundle | None = None
        self.event_dialog: EventDialog | None = None
        self._focus_action: EventKind | None = None
        self.setObjectName("dossierDetail")
        self.setProperty(SCAN_PROPERTY, True)  # a scan here opens the scanned dossier
        self.setWindowTitle("Hồ sơ")
        self.setModal(False)

        self.header = QLabel(self)
        self.header.setProperty("role", "due")
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)

        facts = QGroupBox("Thông tin hồ sơ", self)
        self.facts = QGridLayout(facts)
        self.facts.setHorizontalSpacing(14)
        self.facts.setVerticalSpacing(3)  # lines of text, close together: more of the history shows on a short screen
        self.fact_values: dict[str, QLabel] = {}
        names = (
            ("procedure", "Thủ tục"),  # a row of its own, the whole width: a long name on 2 lines, not 5
            ("status", "Trạng thái"),
            ("applicant", "Người nộp"),
            ("id_number", "Số CCCD"),
            ("phone", "Điện thoại"),
            ("personal", "Nhân thân"),
            ("issued", "Ngày cấp giấy tờ"),
            ("channel", "Hình thức nộp"),
            ("received", "Nhận lúc"),
            ("due", "Hẹn trả"),
            ("location", "Đang ở"),
            ("officer", "Cán bộ tiếp nhận"),
            # Issue 13 items 2-3.
            ("representative", "Người nộp thay"),
            ("deciding_agency", "Cơ quan giải quyết"),
            ("returned_to", "Trả kết quả"),
            ("file_location", "Vị trí lưu hồ sơ"),
        )
        # CCCD and phone are masked; a role that needs them (domain.roles PERSONAL_REVEAL) opens them on purpose,
        # one dossier at a time, and the audit trail keeps that read. Hidden for the others. Beside the masked CCCD,
        # not on a row of its own (a row less above the history on a short screen).
        self.revealed = None  # services.privacy.PersonalRecord of the dossier shown, once opened
        self.reveal_button = QPushButton("Hiện đầy đủ", facts)
        self.reveal_button.setObjectName("revealPersonal")
        self.reveal_button.setToolTip(
            "Hiện đầy đủ số giấy tờ, điện thoại, địa chỉ, ngày sinh của người nộp (việc xem được ghi vào nhật ký "
            "kiểm tra)"
        )
        self.reveal_button.setAutoDefault(False)
        self.reveal_button.setVisible(False)
        self.reveal_button.clicked.connect(self.reveal)
        for i, (key, label) in enumerate(names):
            # the procedure alone on row 0, then two facts a row
            row, col = (0, 0) if i == 0 else ((i - 1) // 2 + 1, (i - 1) % 2)
            caption = QLabel(label + ":", facts)
            caption.setProperty("role", "hint")
            value = QLabel("", facts)
            value.setProperty("role", "infoValue")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addWidget(caption, row, col * 2)
            if key == "id_number":
                cell = QHBoxLayout()
                cell.addWidget(value, 1)
                cell.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignVCenter)
                self.facts.addLayout(cell, row, col * 2 + 1)
            elif key == "procedure":
                self.facts.addWidget(value, row, col * 2 + 1, 1, 3)
            else:
                self.facts.addWidget(value, row, col * 2 + 1)
            self.fact_values[key] = value
        self.facts.setColumnStretch(1, 1)
        self.facts.setColumnStretch(3, 1)

        timeline_box = QGroupBox("Quá trình giải quyết", self)
        self.timeline = QTableWidget(0, 4, timeline_box)
        self.timeline.setHorizontalHeaderLabels(["Thời điểm", "Sự kiện", "Nội dung", "Cán bộ"])
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setWordWrap(True)
        self.timeline.setTabKeyNavigation(False)  # Tab leaves the table (arrows move in it)
        header = self.timeline.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        # Wrapped rows take their height from the column widths, known only once laid out.
        header.sectionResized.connect(lambda *_: self.timeline.resizeRowsToContents())
        QVBoxLayout(timeline_box).addWidget(self.timeline)

        due_box = QGroupBox("Vì sao hẹn trả ngày này", self)
        self.explanation = QTextBrowser(due_box)
        self.explanation.setOpenLinks(False)
        QVBoxLayout(due_box).addWidget(self.explanation)

        # What was printed for this dossier, each paper with its prints, and "In lại" for the chosen one.
        self.papers = PrintedPapersBox(self, preview=self._printing.preview, on_preview_changed=self._preview_changed)
        self.papers.sig_reprint.connect(self.reprint)
        # Scans of its papers and the result's file (issue 13 item 5), below the printed papers.
        self.attached = AttachedFilesBox(self)
        self.attached.sig_attach.connect(self.attach_file)
        self.attached.sig_open.connect(self.open_file)
        self.attached.sig_take_scan.connect(self.take_scan)
        # Side by side, not the papers above the files: stacked, their two lists and button rows made the window's
        # smallest height ~150 px taller, and on 1366×768 with the taskbar the "Ghi nhận" steps were below the fold.
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        for box in (due_box, self.papers, self.attached):
            lower.addWidget(box)
            lower.setStretchFactor(lower.indexOf(box), 1)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(timeline_box)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.actions_box = QGroupBox("Ghi nhận", self)
        rows = QVBoxLayout(self.actions_box)
        # Rows that wrap: an overdue dossier offers 8 steps and more, wider than a 1024-pixel screen in one line.
        self.actions_layout = FlowLayout()
        # The fee entries on a row of their own.
        self.fee_actions_layout = FlowLayout()
        rows.addLayout(self.actions_layout)
        rows.addLayout(self.fee_actions_layout)
        self.action_buttons: dict[EventKind, QPushButton] = {}
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng (Esc)")
        close.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(facts)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.actions_box)
        layout.addWidget(self.message)
        layout.addWidget(close)
        # Always in a scroll area, the content at its smallest height for the width (screen.SmallestAtWidth): a
        # long procedure name or an overdue dossier's banner may need more than a 720-pixel screen, and its wrapped
        # lines are then scrolled to, never cut. The steps and their message stay below it, always in view.
        scroll = make_scrollable(self, below=(self.actions_box, self.message))
        assert scroll is not None  # a dialog with a layout, not wrapped before
        self._scroll = scroll
        # As wide as an overdue dossier's 9 steps on one line, where the screen has room; they wrap on a narrower one.
        # A minimum of its own, so that the layout does not set one for each dossier (one or two rows of steps):
        # at 150 % on X11 each new minimum sent to the window manager came back rounded down, and the window lost a
        # pixel or two at every scan. Below the scroll area, the steps and "Đóng" still get the room they need.
        self.setMinimumSize(480, 360)
        fit_to_screen(self, 1260, 760)

    # --- loading ---------------------------------------------------------------------------------------

    @property
    def code(self) -> str | None:
        return self.bundle.detail.code if self.bundle else None

    def load(self, code: str, focus: EventKind | None = None) -> None:
        self._focus_action = focus
        if code.strip().upper() != self.code:
            self.clear_message()  # another dossier: the last one's message is not about it
        (
            self.ops.dossier_bundle(code)
            .success(self.show_bundle)
            .failure(lambda error: self._say(f"Không đọc được hồ sơ {code}: {error}", "error"))
            .run(self)
        )

    def show_bundle(self, bundle: DetailBundle, focus: EventKind | None = None) -> None:
        """Show `bundle`; `focus` is the action made the default (Enter), else the next sensible one."""
        if focus is not None:
            self._focus_action = focus
        if self.bundle is not None and self.bundle.detail.code != bundle.detail.code:
            self.clear_message()  # the window is reused: the last dossier's message is not about this one
            self._scroll.verticalScrollBar().setValue(0)  # from its top: its code, its banner
        self.bundle = bundle
        d = bundle.detail
        if self.revealed is not None and self.revealed.code != d.code:
            self.revealed = None  # another dossier: masked again
        self.setWindowTitle(f"Hồ sơ {d.code} — {d.applicant_name}")
        self.header.setText(f"Hồ sơ {d.code}")
        values = self.fact_values
        values["status"].setText(d.status_label + (" (đang tạm dừng tính thời gian)" if d.paused else ""))
        values["applicant"].setText(d.applicant_name + (f" — {d.organization}" if d.organization else ""))
        self._show_personal(d)
        values["issued"].setText(f"{d.id_issued_on:%d/%m/%Y}" if d.id_issued_on else "—")
        values["procedure"].setText(d.procedure_name)
        values["procedure"].setToolTip(d.procedure_code)
        values["channel"].setText(CHANNEL_LABELS.get(Channel(d.channel), d.channel))
        values["received"].setText(_when(d.received_at))
        due = _when(d.due_at)
        if d.original_due_at != d.due_at:
            due += f" (hạn theo quy định {_when(d.original_due_at)})"
        if d.returned_at:
            due += f"; đã trả {_when(d.returned_at)}" + (" — trả muộn" if d.returned_late else "")
        values["due"].setText(due)
        values["location"].setText(d.location or "—")
        values["officer"].setText(f"{d.officer} (quầy {d.counter_number})")
        # The representative's number masked, as every personal number here.
        values["representative"].setText(d.representative.describe(masked=True) if d.representative else "—")
        values["deciding_agency"].setText(d.deciding_agency or "—")
        values["returned_to"].setText(describe_return(d.timeline) or "—")
        stored = ", ".join(x for x in (d.file_stored_by, _when(d.file_stored_at) if d.file_stored_at else "") if x)
        values["file_location"].setText(f"{d.file_location} ({stored})" if d.file_location else "—")
        self._show_banner(bundle)
        self._show_timeline(d)
        self._show_explanation(bundle)
        self._show_actions(bundle)
        self.papers.show_detail(d)
        self.attached.show_detail(d)
        self.sig_loaded.emit(bundle)

    def _show_personal(self, d: DossierDetail) -> None:
        """Masked (the date of birth to its year, as every personal number here: domain.personal), or in full once
        "Hiện đầy đủ" was pressed for this dossier."""
        values = self.fact_values
        full = self.revealed
        if full is None:
            values["id_number"].setText(mask_id_number(d.id_number) or "—")
            values["phone"].setText(mask_phone(d.phone) or "—")
            values["personal"].setText(describe_personal(d.birth_date, d.sex, None) or "—")
        else:
            values["id_number"].setText(full.id_number or "—")
            values["phone"].setText(full.phone or "—")
            personal = describe_personal(full.birth_date, d.sex, None, masked=False)
            extra = [x for x in (personal, f"địa chỉ: {full.address}" if full.address else "", full.email or "") if x]
            values["personal"].setText("; ".join(extra) or "—")
        has_personal = bool(d.id_number or d.phone or d.birth_date or d.address)
        self.reveal_button.setVisible(False)
        if full is None and has_personal:
            self.ops.may(Action.PERSONAL_REVEAL).success(self.reveal_button.setVisible).run(self)

    def reveal(self) -> None:
        """Open the full values of the dossier shown (audited by the service)."""
        if self.bundle is None:
            return
        code = self.bundle.detail.code

        def shown(record) -> None:
            if self.bundle is None or self.bundle.detail.code != record.code:
                return
            self.revealed = record
            self._show_personal(self.bundle.detail)
            self._say("Đã hiện đầy đủ thông tin cá nhân; việc xem đã được ghi vào nhật ký kiểm tra.", "ok")

        self.ops.reveal_personal(code).success(shown).failure(lambda error: self._say(str(error), "error")).run(self)

    def _show_banner(self, bundle: DetailBundle) -> None:
        d = bundle.detail
        text, state = "", ""
        if bundle.urgency == Urgency.OVERDUE.value:
            text, state = (
                f"Hồ sơ đã QUÁ HẠN từ {_when(d.due_at)}. Cần lập văn bản xin lỗi và hẹn lại ngày trả.",
                "error",
            )
        elif bundle.urgency == Urgency.DUE_SOON.value:
            text, state = (
                f"Sắp đến hạn trả ({_when(d.due_at)}) mà chưa có kết quả: nếu không kịp, lập văn bản xin lỗi "
                "và hẹn lại ngày trả TRƯỚC khi hết hạn (Alt+X).",
                "warning",
            )
        elif d.paused:
            text, state = (
                f"Đang chờ người nộp bổ sung hồ sơ từ {_when(d.paused_since)}: thời gian giải quyết tạm dừng.",
                "warning",
            )
        self.banner.setText(text)
        set_state(self.banner, "state", state)
        self.banner.setVisible(bool(text))

    def _show_timeline(self, d: DossierDetail) -> None:
        self.timeline.setRowCount(len(d.timeline))
        for row, event in enumerate(d.timeline):
            cells = (_when(event.occurred_at), EVENT_LABELS[event.kind], describe_event(event), event.officer)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.timeline.setItem(row, col, item)
        self.timeline.resizeRowsToContents()
        # Again once laid out (the columns' widths, and so the wrapped rows' heights, settle after the window is
        # shown or refilled): the newest event whole, at the bottom, also when the window is reused for another one.
        QTimer.singleShot(0, self, self._settle_timeline)

    def _settle_timeline(self) -> None:
        self.timeline.resizeRowsToContents()
        if self.timeline.rowCount():
            self.timeline.scrollToBottom()

    def _show_explanation(self, bundle: DetailBundle) -> None:
        e = bundle.explanation
        parts = [f"<p><b>Hẹn trả: {_when(e.due_at)}</b></p>"]
        if e.warnings:
            parts.append("".join(f"<p style='color:#8a5a00'>⚠ {w}</p>" for w in e.warnings))
        parts.append("<ol>" + "".join(f"<li>{line}</li>" for line in e.lines) + "</ol>")
        self.explanation.setHtml("".join(parts))

    def _show_actions(self, bundle: DetailBundle) -> None:
        for button in self.action_buttons.values():
            self.actions_layout.removeWidget(button)
            self.fee_actions_layout.removeWidget(button)
            button.deleteLater()
        self.action_buttons.clear()
        d = bundle.detail
        allowed = [k for k in ACTION_LABELS if k in d.allowed_kinds]
        for kind in allowed:
            button = QPushButton(ACTION_LABELS[kind], self.actions_box)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, k=kind: self.start(k))
            (self.fee_actions_layout if kind in FEE_KINDS else self.actions_layout).addWidget(button)
            self.action_buttons[kind] = button
        # Tab through the steps' row, then the fees' row (the buttons were made in the steps' list order).
        ordered = [b for k, b in self.action_buttons.items() if k not in FEE_KINDS]
        ordered += [b for k, b in self.action_buttons.items() if k in FEE_KINDS]
        for before, after in zip(ordered, ordered[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self.actions_box.setVisible(bool(allowed))
        if not allowed:
            self.actions_box.setTitle("Ghi nhận")
        # The next sensible action is the default button: Enter does it.
        primary = self._focus_action
        if primary is None:
            action = next_action(d.status)
            primary = {
                NextAction.RETURN: EventKind.RESULT_RETURNED,
                NextAction.SUPPLEMENT_RECEIVED: EventKind.SUPPLEMENT_RECEIVED,
            }.get(action)
            if primary is None and bundle.urgency in (Urgency.DUE_SOON.value, Urgency.OVERDUE.value):
                primary = EventKind.EXTENDED
        button = self.action_buttons.get(primary) if primary else None
        if button is not None:
            button.setDefault(True)
            button.setProperty("role", "primary")
            button.style().unpolish(button)
            button.style().polish(button)
            button.setFocus()
            # Once the last dossier's buttons are gone (deleteLater: the one that had the keyboard took it along).
            QTimer.singleShot(0, button, button.setFocus)
        self.actions_box.setTitle("Ghi nhận" + (f" — Enter: {EVENT_LABELS[primary]}" if button is not None else ""))
        self._focus_action = None

    @property
    def default_action(self) -> EventKind | None:
        return next((k for k, b in self.action_buttons.items() if b.isDefault()), None)

    # --- actions -----------------------------------------------------------------------------------------

    def start(self, kind: EventKind) -> None:
        """Open the dialog for `kind` (the return dialog for a return; form 04 pre-filled for an apology)."""
        if self.bundle is None:
            return
        if kind == EventKind.RESULT_RETURNED:
            self._open_return(self.bundle)
            return
        if kind == EventKind.EXTENDED:
            (
                self.ops.apology_proposal(self.bundle.detail.code)
                .success(lambda proposal: self._open_event(kind, proposal))
                .failure(lambda error: self._say(str(error), "error"))
                .run(self)
            )
            return
        self._open_event(kind, None)

    def _open_event(self, kind: EventKind, proposal) -> None:
        assert self.bundle is not None
        dialog = EventDialog(self.bundle, kind, ops=self.ops, proposal=proposal, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_recorded.connect(lambda result: self._recorded(result, dialog.print_after.isChecked()))
        dialog.finished.connect(lambda _r: setattr(self, "event_dialog", None))
        self.event_dialog = dialog
        dialog.open()

    def _recorded(self, result, print_slip: bool) -> None:
        code = result.code
        text = result.confirmation()
        if result.event.kind in FEE_KINDS:  # what was collected, refunded or cancelled, and the receipt
            text = f"{code}: {EVENT_LABELS[result.event.kind]} — {describe_event(result.event)}."
        if result.warnings:
            text += " Lưu ý: " + " ".join(result.warnings)
        self._say(text, "ok")
        self.load(code)
        if print_slip and result.event.kind == EventKind.FEE_COLLECTED:
            p = result.event.payload
            self._printing.print_fee_receipt(
                code,
                receipt_label(p["receipt_series"], p["receipt_number"]),
                lambda printed, message: self._say(f"{text} {message}", "ok" if printed else "warning"),
            )
            return
        form = SLIP_FOR_EVENT.get(result.event.kind)
        if print_slip and form:
            self._printing.print_slip(
                code, form, lambda printed, message: self._say(f"{text} {message}", "ok" if printed else "warning")
            )

    def clear_message(self) -> None:
        self.message.clear()
        self.message.setVisible(False)

    # --- printed papers ------------------------------------------------------------------------------------

    def _preview_changed(self, on: bool) -> None:
        self._printing.preview = on
        self.sig_preview_changed.emit(on)

    def reprint(self, paper) -> None:
        """Print the chosen paper again (PrintedPaper): from the committed record, "BẢN IN LẠI" on it when it was
        printed before, recorded; the list then counts it."""
        if self.bundle is None:
            return
        code = self.bundle.detail.code
        what = paper_title(paper, self.papers.papers)
        self._say(f"Đang in lại {what} — {code}…" if paper.count else f"Đang in {what} — {code}…", "ok")

        def done(printed: bool, message: str) -> None:
            self._say(message, "ok" if printed else "warning")
            if printed:
                self.papers.choose(paper.key)
                self.load(code)

        self._printing.print_slip(code, paper.form, done, source=paper.source_id, parent=self)

    # --- attached files ------------------------------------------------------------------------------------

    def attach_file(self, path: Path, role: str, document: str | None) -> None:
        if self.bundle is None:
            return
        code = self.bundle.detail.code
        self._say(f"Đang đính kèm {path.name} vào hồ sơ {code}…", "ok")

        def done(outcome) -> None:
            self._say(f"Đã đính kèm {outcome.file.filename} vào hồ sơ {code}.", "ok")
            self.load(code)

        self.ops.attach_file(code, path, role, document).success(done).failure(
            lambda error: self._say(f"Chưa đính kèm được: {error}", "warning")
        ).run(self)

    def take_scan(self) -> None:
        def found(path: Path | None) -> None:
            if path is None:
                self._say("Thư mục máy quét chưa có tệp PDF, JPEG hay PNG nào.", "warning")
                return
            self.attached.attach_path(path)

        self.ops.newest_scan().success(found).failure(lambda error: self._say(str(error), "warning")).run(self)

    def open_file(self, sha256: str) -> None:
        def opened(path: Path) -> None:
            if not open_with_viewer(path):
                self._say(f"Không có chương trình để mở {path.name} trên máy này; tệp ở {path}.", "warning")

        code = self.bundle.detail.code if self.bundle else ""
        self.ops.checked_file(sha256, code).success(opened).failure(lambda error: self._say(str(error), "error")).run(
            self
        )

    def _say(self, text: str, state: str) -> None:
        self.message.setText(text)
        set_state(self.message, "state", state)
        self.message.setVisible(True)
        self.sig_message.emit(text)

    def keyPressEvent(self, event) -> None:
        # Enter on an action button does that action; anywhere else it does the default (next sensible) action —
        # the timeline table would otherwise swallow it after a click.
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused in self.action_buttons.values():
                focused.click()
                return
            if self.default_action is not None:
                self.action_buttons[self.default_action].click()
                return
        super().keyPressEvent(event)
