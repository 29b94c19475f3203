"""The first-run wizard: on a station never set up, the office's own names, the counter number (checked against the
hub when there is one), the officer, the printers (with a test print) and optionally the hub — before the counter
window opens, so nothing official is ever printed with someone else's names or a counter number nobody chose.

Everything is written in one transaction when the officer presses "Hoàn tất" (SettingsService.set_many), which
also records `station.set_up_at`; cancelling writes nothing and the window does not open.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from counter_app.domain.transport import ALLOW_SETTING
from counter_app.gui.operations import Operations, SetupStart, present_error
from counter_app.gui.screen import fit_to_screen
from counter_app.gui.settings_form import SettingsForm
from counter_app.services.settings import SETUP_KEYS, SettingsError, check_settings

AGENCY_KEYS = (
    "agency.code",
    "agency.name",
    "agency.governing_name",
    "agency.unit_name",
    "agency.place",
    "agency.address",
    "agency.phone",
)
COUNTER_KEYS = ("station.counter", "officer.name")
PRINTER_PAGE_KEYS = (
    "printing.receipt_printer",
    "printing.paper",
    "printing.receipt_tray",
    "printing.forms_printer",
    "printing.forms_tray",
)
HUB_KEYS = ("hub.url", "hub.token", ALLOW_SETTING)

# (url, token, agency code, counter, station id, *, allow_plain_http) -> (ok, message):
# services.station_setup.check_counter_with_hub
HubChecker = Callable[..., tuple[bool, str]]
# (values typed so far, "receipt" | "forms") -> where it went (Vietnamese); raises with a Vietnamese message
TestPrinter = Callable[[dict[str, str], str], str]


def check_with_hub(
    url: str, token: str, agency: str, counter: int, station_id: str, *, allow_plain_http: bool = False
) -> tuple[bool, str]:
    from counter_app.services.station_setup import check_counter_with_hub

    result = check_counter_with_hub(url, token, agency, counter, station_id, allow_plain_http=allow_plain_http)
    return result.ok, result.message


def confirm_plain_http(parent, current: Mapping[str, str], values: dict[str, str]) -> bool:
    """A plain-http hub address off the loopback: refused (the message under hub.url) unless allowed; allowed, it
    is said loudly and must be confirmed. True when the values may be saved."""
    from PySide6.QtWidgets import QMessageBox

    from counter_app.services.settings import hub_url_problem

    problem = hub_url_problem({**current, **values})
    if problem is None:
        return True
    kind, message = problem
    if kind == "refused":
        return False
    answer = QMessageBox.question(
        parent,
        "Kết nối không mã hoá",
        f"{message}\n\nVẫn dùng địa chỉ này?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def print_test_page(values: dict[str, str], kind: str) -> str:
    """A sample receipt (or the same on A4 for the forms printer) on the chosen printer, "Bản in thử" on it."""
    from counter_app.gui.printing import describe_target, print_pdf, printer_for
    from counter_app.services.station_setup import sample_receipt_pdf

    prefix = "printing.receipt" if kind == "receipt" else "printing.forms"
    name, tray = values.get(f"{prefix}_printer", ""), values.get(f"{prefix}_tray", "")
    paper = (values.get("printing.paper") or "A5") if kind == "receipt" else "A4"
    pdf = sample_receipt_pdf(values, paper)  # no worker yet: the wizard runs before the window and its worker
    printer = printer_for(name, "ban-in-thu", kind=kind, tray=tray)
    print_pdf(pdf, printer)
    return describe_target(printer)


class _FormPage(QWizardPage):
    def __init__(self, title: str, subtitle: str, form: SettingsForm):
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.form = form
        self.extra = QVBoxLayout()
        # The page's fields scroll on a short screen (1920×1080 at 150 % less the taskbar): the wizard's buttons
        # (Tiếp, Hoàn tất) stay on the screen.
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(form)
        inner.addLayout(self.extra)
        inner.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def validatePage(self) -> bool:  # noqa: N802 (Qt's name)
        return self.form.check() is not None


class _HubPage(_FormPage):
    def __init__(self, wizard: SetupWizard, form: SettingsForm):
        super().__init__(
            "Máy chủ đồng bộ (không bắt buộc)",
            "Nếu cơ quan có máy chủ đồng bộ của tỉnh, nhập địa chỉ và mã truy cập đã cấp cho máy này. Phần mềm hỏi máy "
            "chủ để chắc chắn số quầy đã chọn đúng là số quầy được cấp: hai máy không bao giờ dùng chung một số quầy. "
            "Để trống nếu máy làm việc độc lập (có thể đặt sau trong Quản trị → Cài đặt).",
            form,
        )
        self._wizard = wizard
        self.result = QLabel("", self)
        self.result.setWordWrap(True)
        self.extra.addWidget(self.result)

    def validatePage(self) -> bool:  # noqa: N802
        cleaned = self.form.check()
        if cleaned is None:
            return False
        url, token = cleaned["hub.url"], cleaned["hub.token"]
        if bool(url) != bool(token):
            self.form.show_error(
                "hub.token" if url else "hub.url", "Cần cả địa chỉ máy chủ và mã truy cập (hoặc để trống cả hai)."
            )
            return False
        if not url:
            return True
        try:
            check_settings(self._wizard.current, cleaned)  # the rule between the keys: http:// off this PC
        except SettingsError as exc:
            self.form.show_error("hub.url", str(exc))
            return False
        if not confirm_plain_http(self, self._wizard.current, cleaned):
            return False
        values = self._wizard.values()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            ok, message = self._wizard.hub_checker(
                url,
                token,
                values["agency.code"].strip().upper(),
                int(values["station.counter"] or 0),
                self._wizard.station_id,
                allow_plain_http=cleaned.get(ALLOW_SETTING) == "yes",
            )
        finally:
            QApplication.restoreOverrideCursor()
        self.result.setText(message)
        self.result.setStyleSheet("" if ok else "color: #b00020;")
        return ok


class SetupWizard(QWizard):
    """Thiết lập lần đầu. `accepted` only after every value was checked and written (SettingsService.set_many)."""

    def __init__(
        self,
        ops: Operations,
        *,
        hub_checker: HubChecker = check_with_hub,
        test_printer: TestPrinter = print_test_page,
        parent=None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Thiết lập máy trạm lần đầu — Bộ phận Một cửa")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, "Tiếp theo >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Quay lại")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Hoàn tất")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Thoát")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.ops = ops
        self.hub_checker = hub_checker
        self.test_printer = test_printer
        self.station_id = ""  # read with the values (made now if the store has none)
        self.current: dict[str, str] = {}  # every setting as stored now (defaults included)
        self.error: str | None = None
        self.written = False  # the values were committed (station.set_up_at recorded when they were complete)

        self.agency = SettingsForm(AGENCY_KEYS, {})
        self.counter = SettingsForm(COUNTER_KEYS, {})
        self.printers = SettingsForm(PRINTER_PAGE_KEYS, {})
        self.hub = SettingsForm(HUB_KEYS, {})
        self.addPage(
            _FormPage(
                "Cơ quan",
                "Tên và mã của cơ quan như sẽ in trên giấy tiếp nhận và các phiếu. Mã định danh đứng đầu mọi mã hồ sơ "
                "và không đổi được với hồ sơ đã cấp.",
                self.agency,
            )
        )
        self.addPage(
            _FormPage(
                "Quầy và cán bộ",
                "Mỗi máy trạm trong cơ quan một số quầy riêng: số quầy quyết định dải mã hồ sơ máy này cấp.",
                self.counter,
            )
        )
        printer_page = _FormPage(
            "Máy in",
            "Máy in cho giấy tiếp nhận (2 liên, in một mặt) và cho phiếu A4: phần mềm luôn in ra đúng máy đã chọn. "
            "«In thử» để kiểm tra khổ giấy, chữ tiếng Việt và mã vạch.",
            self.printers,
        )
        buttons = QHBoxLayout()
        self.test_receipt = QPushButton("In &thử giấy tiếp nhận", printer_page)
        self.test_forms = QPushButton("In thử &phiếu A4", printer_page)
        buttons.addWidget(self.test_receipt)
        buttons.addWidget(self.test_forms)
        buttons.addStretch(1)
        self.test_result = QLabel("", printer_page)
        self.test_result.setWordWrap(True)
        printer_page.extra.addLayout(buttons)
        printer_page.extra.addWidget(self.test_result)
        self.test_receipt.clicked.connect(lambda: self._test_print("receipt"))
        self.test_forms.clicked.connect(lambda: self._test_print("forms"))
        self.addPage(printer_page)
        self.addPage(_HubPage(self, self.hub))
        # As wide as the widest page's rows at their narrowest, where the screen allows: pages scroll down, not sideways.
        widest = max(
            (
                page.form.minimumSizeHint().width()
                for page in map(self.page, self.pageIds())
                if isinstance(page, _FormPage)
            ),
            default=0,
        )
        fit_to_screen(self, max(780, widest + 80), 680)
        self.ops.settings_start().success(self._loaded).run(self)

    def _loaded(self, start: SetupStart) -> None:
        self.station_id = start.station_id
        self.current = dict(start.values)
        # The keys that make a station never start from a default: the office types its own.
        self.printers.show_default_folder(start.pdf_folder)
        for form in (self.agency, self.counter, self.printers, self.hub):
            for key in form.keys:
                form.set_value(key, start.stored.get(key, "") if key in SETUP_KEYS else start.values.get(key, ""))

    def values(self) -> dict[str, str]:
        return {**self.agency.values(), **self.counter.values(), **self.printers.values(), **self.hub.values()}

    def _test_print(self, kind: str) -> None:
        try:
            where = self.test_printer(self.values(), kind)
        except Exception as exc:  # PrintError, or a value the sample cannot render: say it, never crash
            self.test_result.setText(f"Chưa in được: {exc}")
            self.test_result.setStyleSheet("color: #b00020;")
            return
        self.test_result.setText(f"Đã gửi bản in thử tới {where}. Kiểm tra chữ tiếng Việt, lề và mã vạch trên giấy.")
        self.test_result.setStyleSheet("")

    def done(self, result: int) -> None:
        """Finish: the last page is checked (the hub asked), then everything is written in one transaction."""
        if result == QWizard.DialogCode.Accepted:
            if not self.validateCurrentPage():
                return

            def written(_none: object) -> None:
                self.written = True
                QDialog.done(self, result)  # not QWizard.done: it would check the page (and ask the hub) again

            def refused(exc: BaseException) -> None:
                if not isinstance(exc, SettingsError):
                    present_error(self, "Không lưu được thiết lập", exc)  # logged; a fault gets the crash report
                    return
                self.error = str(exc)  # checked page by page already; a last word if two fields disagree
                self.test_result.setText(str(exc))

            # One transaction; it records station.set_up_at.
            self.ops.set_settings(self.values()).success(written).failure(refused).run(self)
            return
        QDialog.done(self, result)


def run_setup_wizard(ops: Operations, parent=None) -> bool:
    """Show the wizard until the station is set up; False when the officer leaves it (nothing written).
    `ops` has no worker (the wizard runs before the window): its reads and its write run inline."""
    wizard = SetupWizard(ops, parent=parent)
    if wizard.exec() != QWizard.DialogCode.Accepted or not wizard.written:
        return False
    answer: list[bool] = []
    ops.is_set_up().success(answer.append).run()
    return bool(answer and answer[0])
