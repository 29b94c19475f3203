"""The intake form (ui/intake_form.ui): procedure, applicant, documents received, appointment preview.

The form gathers what the officer typed into an IntakeRequest and shows what the intake service says
about it; it never saves anything itself (the main window sends the request to the worker).
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from counter_app.domain.catalogue import Procedure
from counter_app.domain.events import Channel
from counter_app.domain.identity import FREE_FORM_TYPES, IdType
from counter_app.domain.personal import SEXES
from counter_app.domain.representation import RELATIONSHIPS, ApplicantKind
from counter_app.domain.validation import FieldError, ValidationError
from counter_app.gui.checklist import DocumentChecklist
from counter_app.gui.fields import empty
from counter_app.gui.forms.ui_intake_form import Ui_IntakeForm
from counter_app.gui.operations import Operations
from counter_app.gui.procedure_picker import ProcedurePicker
from counter_app.gui.screen import SmallestAtWidth
from counter_app.gui.style import set_state
from counter_app.services.intake import IntakeRequest, ScanInput

# Items of the "Hình thức nộp" combo box, in the order the .ui lists them.
CHANNEL_VALUES = (Channel.DIRECT.value, Channel.POSTAL.value, Channel.ONLINE.value)
# Items of the identity paper combo box, in the order the .ui lists them; the placeholder each one shows.
ID_TYPE_VALUES = (IdType.CCCD.value, IdType.CMND.value, IdType.PASSPORT.value, IdType.OTHER.value)
ID_PLACEHOLDERS = {
    IdType.CCCD.value: "12 chữ số",
    IdType.CMND.value: "9 chữ số",
    IdType.PASSPORT.value: "Số hộ chiếu, ghi như trên giấy",
    IdType.OTHER.value: "Số giấy tờ, ghi như trên giấy",
}
# Items of the "Giới tính" combo box, in the order the .ui lists them ("—": not given).
SEX_VALUES = ("", *SEXES)
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
# The appointment moves when the clock passes a cut-off or the end of the day: recompute it now and then.
DUE_REFRESH_MS = 30_000


def format_due(moment: datetime) -> str:
    return f"{moment:%H} giờ {moment:%M} phút, {WEEKDAYS[moment.weekday()]}, ngày {moment:%d/%m/%Y}"


class IntakeForm(SmallestAtWidth):
    sig_save_requested = Signal()
    sig_clear_requested = Signal()
    sig_guidance_requested = Signal()  # form 02 for a walk-in: mandatory papers missing, nothing received
    # Built in code by _build_party_rows (not in the .ui): who files and for whom, the deciding agency.
    organizationCheck: QCheckBox
    representedCheck: QCheckBox
    representativeName: QLineEdit
    representativeId: QLineEdit
    relationship: QComboBox
    authorisation: QLineEdit
    representativeError: QLabel
    decidingAgency: QLineEdit
    decidingAgencyError: QLabel

    # SmallestAtWidth: the fee's wrapped label would make the whole form height-for-width, and a layout never gives
    # such an item less than its preferred height: on a short screen the form would push the window past the
    # screen's edge (or scroll) instead of first shrinking the papers' list toward its minimum.

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_IntakeForm()
        self.ui.setupUi(self)
        self._ops = ops
        self._build_party_rows()
        self.picker = ProcedurePicker(self.ui.procedureSearch, self)
        self.checklist = DocumentChecklist(self.ui.documentsTable, self)
        # Field of the service's errors -> (input widget, label for its message).
        self._fields = {
            "procedure_code": (self.ui.procedureSearch, self.ui.procedureError),
            "applicant_name": (self.ui.applicantName, self.ui.applicantNameError),
            "organization": (self.ui.organization, self.ui.organizationError),
            "tax_code": (self.ui.taxCode, self.ui.organizationError),
            "id_type": (self.ui.idType, self.ui.idNumberError),
            "id_number": (self.ui.idNumber, self.ui.idNumberError),
            "id_country": (self.ui.idCountry, self.ui.idNumberError),
            "phone": (self.ui.phone, self.ui.phoneError),
            "email": (self.ui.email, self.ui.emailError),
            "address": (self.ui.address, self.ui.addressError),
            "birth_date": (self.ui.birthDate, self.ui.personalError),
            "sex": (self.ui.sex, self.ui.personalError),
            "id_issued_on": (self.ui.idIssuedOn, self.ui.personalError),
            "channel": (self.ui.channel, self.ui.channelError),
            "copies": (self.ui.copies, self.ui.copiesError),
            "documents": (self.ui.documentsTable, self.ui.documentsError),
            "scans": (self.ui.documentsTable, self.ui.documentsError),
            "note": (self.ui.note, self.ui.noteError),
            "applicant_kind": (self.organizationCheck, self.ui.organizationError),
            "representative_name": (self.representativeName, self.representativeError),
            "representative_id": (self.representativeId, self.representativeError),
            "relationship": (self.relationship, self.representativeError),
            "authorisation": (self.authorisation, self.representativeError),
            "deciding_agency": (self.decidingAgency, self.decidingAgencyError),
        }
        for index, value in enumerate(CHANNEL_VALUES):
            self.ui.channel.setItemData(index, value)
        for index, value in enumerate(ID_TYPE_VALUES):
            self.ui.idType.setItemData(index, value)
        for index, value in enumerate(SEX_VALUES):
            self.ui.sex.setItemData(index, value)
        self.ui.dueDetailsButton.setEnabled(False)
        # Under the checklist: the unticked mandatory papers become a form 02 (no dossier is received).
        self.guidanceButton = QPushButton("In phiếu hướng dẫn bổ sung — mẫu 02 (Ctrl+G)", self.ui.documentsBox)
        self.guidanceButton.setObjectName("guidanceButton")
        self.guidanceButton.setAutoDefault(False)
        self.guidanceButton.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Ctrl+G from anywhere in the form
        self.guidanceButton.setToolTip(
            "Người nộp thiếu giấy tờ bắt buộc: không tiếp nhận hồ sơ, in phiếu hướng dẫn (mẫu 02) ghi thủ tục, "
            "người nộp và các giấy tờ chưa đánh dấu."
        )
        self.guidanceButton.setEnabled(False)
        self.ui.documentsLayout.addWidget(self.guidanceButton)
        # Scans handed over with the papers (issue 13 item 5): Ctrl+K attaches a file to the paper chosen in the
        # checklist; they are saved with the dossier, in its transaction, and listed here until then.
        self.scans: list[ScanInput] = []
        self.scanButton = QPushButton("Đính kèm bản quét giấy tờ đang chọn… (Ctrl+K)", self.ui.documentsBox)
        self.scanButton.setObjectName("scanButton")
        self.scanButton.setAutoDefault(False)
        self.scanButton.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Ctrl+K from anywhere in the form
        self.scanButton.setToolTip(
            "Chọn tệp PDF/JPEG/PNG quét từ giấy tờ đang chọn trong danh mục (thư mục máy quét mở sẵn nếu đã đặt "
            "files.scan_folder). Tệp được lưu cùng hồ sơ khi bấm Lưu."
        )
        self.scanButton.clicked.connect(self.choose_scan)
        QShortcut(QKeySequence("Ctrl+K"), self, activated=self.choose_scan)
        self.scanList = QLabel("", self.ui.documentsBox)
        self.scanList.setObjectName("scanList")
        self.scanList.setWordWrap(True)
        self.scanList.setVisible(False)
        self.dropScansButton = QPushButton("Bỏ các bản quét đã chọn", self.ui.documentsBox)
        self.dropScansButton.setObjectName("dropScansButton")
        self.dropScansButton.setAutoDefault(False)
        self.dropScansButton.setVisible(False)
        self.dropScansButton.clicked.connect(self.drop_scans)
        self.ui.documentsLayout.addWidget(self.scanButton)
        self.ui.documentsLayout.addWidget(self.scanList)
        self.ui.documentsLayout.addWidget(self.dropScansButton)
        self._due_timer = QTimer(self)
        self._due_timer.setInterval(DUE_REFRESH_MS)
        self._connect()

    def _build_party_rows(self) -> None:
        """Who files and for whom (issue 13 item 2), in the applicant box under the name: two switches, "Tổ chức"
        (Alt+F: the organisation's name and MST appear) and "Nộp thay/ủy quyền" (Alt+U: the representative's name,
        ID, relationship and authorisation paper appear); hidden, they are off the Tab chain. In the procedure box:
        the deciding agency (the catalogue's, editable; Alt+J), which may differ from this receiving unit."""
        ui = self.ui
        grid = ui.applicantLayout
        moved = []
        for index in reversed(range(grid.count())):
            row, column, rows, columns = cast(tuple[int, int, int, int], grid.getItemPosition(index))
            if row >= 2:  # the organisation's rows go one down, everything from the identity paper five
                item = grid.takeAt(index)
                assert item is not None
                moved.append((item, row + (1 if row < 4 else 5), column, rows, columns))
        for item, row, column, rows, columns in moved:
            grid.addItem(item, row, column, rows, columns)
        box = ui.applicantBox
        self.organizationCheck = QCheckBox("Hồ sơ của tổ chức (Alt+F)", box)
        self.organizationCheck.setObjectName("organizationCheck")
        self.representedCheck = QCheckBox("Nộp thay/ủy quyền (Alt+U)", box)
        self.representedCheck.setObjectName("representedCheck")
        for check, keys in ((self.organizationCheck, "Alt+F"), (self.representedCheck, "Alt+U")):
            check.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # most applicants are persons filing for themselves
            # A shortcut rather than a mnemonic: a mnemonic's animated click toggles only ~100 ms later, after the
            # officer has started typing the next field.
            QShortcut(QKeySequence(keys), self, activated=check.toggle)
        switches = QHBoxLayout()
        switches.addWidget(self.organizationCheck)
        switches.addWidget(self.representedCheck)
        switches.addStretch(1)
        grid.addLayout(switches, 2, 1, 1, 3)
        self.representativeName = QLineEdit(box)
        self.representativeName.setObjectName("representativeName")
        self.representativeName.setMaxLength(150)
        self.representativeName.setPlaceholderText("Họ và tên người nộp thay")
        self.representativeId = QLineEdit(box)
        self.representativeId.setObjectName("representativeId")
        self.representativeId.setMaxLength(30)
        self.representativeId.setPlaceholderText("CCCD 12 số / CMND / hộ chiếu")
        self.relationship = QComboBox(box)
        self.relationship.setObjectName("relationship")
        self.relationship.setEditable(True)
        self.relationship.addItems(["", *RELATIONSHIPS])
        relationship_editor = self.relationship.lineEdit()
        assert relationship_editor is not None  # an editable combo box has its line edit
        relationship_editor.setPlaceholderText("Quan hệ với người nộp")
        relationship_editor.setMaxLength(100)
        self.authorisation = QLineEdit(box)
        self.authorisation.setObjectName("authorisation")
        self.authorisation.setMaxLength(300)
        self.authorisation.setPlaceholderText("Giấy ủy quyền số … ngày …")
        self.representativeLabel = QLabel("Người nộp thay (&W):", box)
        self.representativeLabel.setBuddy(self.representativeName)
        self.representativeIdLabel = QLabel("Số giấy tờ:", box)
        self.representativeIdLabel.setBuddy(self.representativeId)
        self.relationshipLabel = QLabel("Quan hệ:", box)
        self.relationshipLabel.setBuddy(self.relationship)
        self.authorisationLabel = QLabel("Ủy quyền:", box)
        self.authorisationLabel.setBuddy(self.authorisation)
        self.representativeError = QLabel(box)
        self.representativeError.setObjectName("representativeError")
        self.representativeError.setProperty("role", "fieldError")
        self.representativeError.setWordWrap(True)
        self.representativeError.setVisible(False)
        grid.addWidget(self.representativeLabel, 5, 0)
        grid.addWidget(self.representativeName, 5, 1)
        grid.addWidget(self.representativeIdLabel, 5, 2)
        grid.addWidget(self.representativeId, 5, 3)
        grid.addWidget(self.relationshipLabel, 6, 0)
        grid.addWidget(self.relationship, 6, 1)
        grid.addWidget(self.authorisationLabel, 6, 2)
        grid.addWidget(self.authorisation, 6, 3)
        grid.addWidget(self.representativeError, 7, 1, 1, 3)
        QWidget.setTabOrder(ui.organization, self.representativeName)
        QWidget.setTabOrder(self.representativeName, self.representativeId)
        QWidget.setTabOrder(self.representativeId, self.relationship)
        QWidget.setTabOrder(self.relationship, self.authorisation)
        QWidget.setTabOrder(self.authorisation, ui.idNumber)
        # The deciding agency: a row of its own at the foot of the procedure box.
        procedure_grid = ui.procedureLayout
        row = procedure_grid.rowCount()
        self.decidingAgency = QLineEdit(ui.procedureBox)
        self.decidingAgency.setObjectName("decidingAgency")
        self.decidingAgency.setMaxLength(255)
        self.decidingAgency.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # off the Tab chain: Alt+J
        self.decidingAgency.setPlaceholderText("Theo danh mục thủ tục (Nghị định 118/2025: có thể khác nơi tiếp nhận)")
        self.decidingAgencyLabel = QLabel("Cơ quan giải quyết (&J):", ui.procedureBox)
        self.decidingAgencyLabel.setBuddy(self.decidingAgency)
        self.decidingAgencyError = QLabel(ui.procedureBox)
        self.decidingAgencyError.setObjectName("decidingAgencyError")
        self.decidingAgencyError.setProperty("role", "fieldError")
        self.decidingAgencyError.setWordWrap(True)
        self.decidingAgencyError.setVisible(False)
        procedure_grid.addWidget(self.decidingAgencyLabel, row, 0)
        procedure_grid.addWidget(self.decidingAgency, row, 1, 1, 3)
        procedure_grid.addWidget(self.decidingAgencyError, row + 1, 1, 1, 3)
        ui.organization.setPlaceholderText("Tên tổ chức, doanh nghiệp như trên giấy đăng ký")
        self._show_organization(False)
        self._show_representative(False)

    def _show_organization(self, shown: bool) -> None:
        ui = self.ui
        for widget in (ui.organizationLabel, ui.organization, ui.taxCodeLabel, ui.taxCode):
            widget.setVisible(shown)
        if not shown and hasattr(self, "_fields"):
            for field in ("organization", "tax_code", "applicant_kind"):
                self.clear_error(field)
        elif shown and self.isVisible():
            ui.organization.setFocus()

    def _show_representative(self, shown: bool) -> None:
        for widget in (
            self.representativeLabel,
            self.representativeName,
            self.representativeIdLabel,
            self.representativeId,
            self.relationshipLabel,
            self.relationship,
            self.authorisationLabel,
            self.authorisation,
        ):
            widget.setVisible(shown)
        if not shown and hasattr(self, "_fields"):
            for field in ("representative_name", "representative_id", "relationship", "authorisation"):
                self.clear_error(field)
        elif shown and self.isVisible():
            self.representativeName.setFocus()

    def _connect(self) -> None:
        ui = self.ui
        self.organizationCheck.toggled.connect(self._show_organization)
        self.representedCheck.toggled.connect(self._show_representative)
        for widget, field in (
            (self.representativeName, "representative_name"),
            (self.representativeId, "representative_id"),
            (self.authorisation, "authorisation"),
            (self.decidingAgency, "deciding_agency"),
        ):
            widget.textEdited.connect(lambda _text, f=field: self.clear_error(f))
        self.relationship.editTextChanged.connect(lambda _text: self.clear_error("relationship"))
        self.picker.sig_picked.connect(self._procedure_picked)
        ui.saveButton.clicked.connect(self.sig_save_requested)
        ui.clearButton.clicked.connect(self.sig_clear_requested)
        self.guidanceButton.clicked.connect(self.sig_guidance_requested)
        ui.dueDetailsButton.toggled.connect(ui.dueReasons.setVisible)
        self._due_timer.timeout.connect(self.refresh_due)
        ui.idType.currentIndexChanged.connect(self._id_type_changed)
        # The paper's type and the MST are off the Tab chain (most applicants are individuals with a CCCD): Alt+L
        # and Alt+M (the MST label's mnemonic) reach them.
        QShortcut(QKeySequence("Alt+L"), self, activated=self._focus_id_type)
        fields = (
            "applicant_name",
            "organization",
            "tax_code",
            "id_number",
            "id_country",
            "phone",
            "email",
            "address",
            "birth_date",
            "id_issued_on",
        )
        for field in (*fields, "note"):
            widget = cast(QLineEdit, self._fields[field][0])
            widget.textEdited.connect(lambda _text, f=field: self.clear_error(f))
        ui.procedureSearch.textEdited.connect(lambda _text: self.clear_error("procedure_code"))
        ui.channel.currentIndexChanged.connect(lambda _i: self.clear_error("channel"))
        ui.sex.currentIndexChanged.connect(lambda _i: self.clear_error("sex"))
        ui.copies.valueChanged.connect(lambda _v: self.clear_error("copies"))
        self.checklist.sig_changed.connect(lambda: self.clear_error("documents"))

    # --- reading the form ----------------------------------------------------------------------------

    @property
    def procedure(self) -> Procedure | None:
        return self.picker.current

    @property
    def skip_preview(self) -> bool:
        return self.ui.skipPreview.isChecked()

    def set_skip_preview(self, value: bool) -> None:
        self.ui.skipPreview.setChecked(value)

    def request(self) -> IntakeRequest:
        ui = self.ui
        procedure = self.procedure
        documents = self.checklist.received() if procedure is not None and procedure.documents else None
        organisation = self.organizationCheck.isChecked()
        represented = self.representedCheck.isChecked()
        return IntakeRequest(
            procedure_code=procedure.code if procedure else "",
            applicant_name=ui.applicantName.text(),
            applicant_kind=(ApplicantKind.ORGANIZATION if organisation else ApplicantKind.INDIVIDUAL).value,
            organization=(ui.organization.text() or None) if organisation else None,
            id_number=ui.idNumber.text() or None,
            id_type=ui.idType.currentData() or IdType.CCCD.value,
            id_country=(ui.idCountry.text() or None) if ui.idCountry.isVisibleTo(self) else None,
            tax_code=(ui.taxCode.text() or None) if organisation else None,
            representative_name=(self.representativeName.text() or None) if represented else None,
            representative_id=(self.representativeId.text() or None) if represented else None,
            relationship=(self.relationship.currentText() or None) if represented else None,
            authorisation=(self.authorisation.text() or None) if represented else None,
            deciding_agency=self.decidingAgency.text() or None,
            birth_date=ui.birthDate.text() or None,
            sex=ui.sex.currentData() or None,
            id_issued_on=ui.idIssuedOn.text() or None,
            phone=ui.phone.text() or None,
            email=ui.email.text() or None,
            address=ui.address.text() or None,
            channel=ui.channel.currentData() or Channel.DIRECT.value,
            copies=ui.copies.value(),
            documents=documents,
            note=ui.note.text() or None,
            scans=tuple(self.scans),
        )

    # --- scans ---------------------------------------------------------------------------------------

    def choose_scan(self) -> None:
        """Ctrl+K: a file for the paper chosen in the checklist, from the scanner's folder when it is set."""
        row = self.ui.documentsTable.currentRow()
        paper = self.checklist.requirement(row).name if 0 <= row < self.checklist.row_count else ""
        self._ops.setting("files.scan_folder").success(lambda folder: self._pick_scan(folder, paper)).run(self)

    def _pick_scan(self, folder: str, paper: str) -> None:
        from PySide6.QtWidgets import QFileDialog

        title = f"Bản quét: {paper}" if paper else "Chọn bản quét"
        name, _ = QFileDialog.getOpenFileName(
            self, title, folder or "", "Tệp quét (*.pdf *.jpg *.jpeg *.png);;Mọi tệp (*)"
        )
        if name:
            self.add_scan(name, paper)

    def add_scan(self, path: str, paper: str) -> None:
        """Keep a scan for the dossier being typed (checked and copied when it is saved)."""
        from pathlib import Path

        self.scans.append(ScanInput(path, paper))
        self.clear_error("scans")
        lines = [f"{s.document or 'chung'}: {Path(s.path).name}" for s in self.scans]
        self.scanList.setText(f"Bản quét kèm theo ({len(self.scans)}): " + "; ".join(lines))
        self.scanList.setVisible(True)
        self.dropScansButton.setVisible(True)

    def drop_scans(self) -> None:
        """Forget the scans chosen for this dossier (a wrong or unreadable file); the papers stay ticked."""
        self.scans = []
        self.scanList.clear()
        self.scanList.setVisible(False)
        self.dropScansButton.setVisible(False)
        self.clear_error("scans")

    def guidance_request(self):
        """What a form 02 needs from the form: the procedure, the applicant, the unticked mandatory papers."""
        from counter_app.services.guidance import GuidanceRequest

        procedure = self.procedure
        missing = self.checklist.missing_mandatory() if procedure is not None else ()
        ui = self.ui
        return GuidanceRequest(
            procedure_code=procedure.code if procedure else "",
            applicant_name=ui.applicantName.text(),
            missing=tuple(missing),
            phone=ui.phone.text() or None,
            address=ui.address.text() or None,
        )

    def _focus_id_type(self) -> None:
        self.ui.idType.setFocus()
        self.ui.idType.showPopup()

    def _id_type_changed(self, _index: int) -> None:
        """A passport or other paper needs its issuing country; a CCCD or CMND does not."""
        value = self.ui.idType.currentData() or IdType.CCCD.value
        self.ui.idNumber.setPlaceholderText(ID_PLACEHOLDERS[value])
        self.ui.idCountry.setVisible(IdType(value) in FREE_FORM_TYPES)
        for field in ("id_type", "id_number", "id_country"):
            self.clear_error(field)

    # --- procedure and appointment -------------------------------------------------------------------

    def set_procedures(self, procedures: list[Procedure]) -> None:
        self.picker.set_procedures(procedures)

    def _procedure_picked(self, procedure: Procedure) -> None:
        ui = self.ui
        self.clear_error("procedure_code")
        ui.fieldValue.setText(procedure.field_name or procedure.field_code)
        ui.codeValue.setText(procedure.code)
        ui.durationValue.setText(procedure.processing_time.describe())
        ui.feeValue.setText(procedure.fee or "Không")
        self.decidingAgency.setText(procedure.deciding_agency)
        self.clear_error("deciding_agency")
        self.checklist.fill(procedure)
        self.guidanceButton.setEnabled(bool(procedure.documents))
        self.refresh_due()
        self._due_timer.start()
        # The procedure is chosen: the next thing on the paper form is the applicant's name.
        ui.applicantName.setFocus()

    def refresh_due(self) -> None:
        ui = self.ui
        procedure = self.procedure
        ui.dueDetailsButton.setEnabled(procedure is not None)
        if procedure is None:
            ui.dueLabel.setText("Hẹn trả: —")
            ui.dueLabel.setToolTip("")
            ui.dueReasons.setText("")
            return
        try:
            due = self._ops.preview_due_now(procedure)
        except Exception as exc:  # a calendar gap must not stop the intake; the officer sees why
            ui.dueLabel.setText("Hẹn trả: không tính được")
            ui.dueReasons.setText(str(exc))
            return
        ui.dueLabel.setText(f"Hẹn trả: {format_due(due.due)}")
        lines = [*due.reasons, *(f"Lưu ý: {w}" for w in due.warnings)]
        ui.dueLabel.setToolTip("\n".join(lines))
        ui.dueReasons.setText("\n".join(f"• {line}" for line in lines))

    def fill_from_cccd(self, card) -> None:
        """Name, CCCD number, date of birth, sex, address and the card's issue date from the card's QR
        (domain.cccd.CccdCard); the officer checks them, and the intake service checks them again."""
        ui = self.ui
        ui.idType.setCurrentIndex(ID_TYPE_VALUES.index(IdType.CCCD.value))
        ui.applicantName.setText(card.full_name)
        ui.idNumber.setText(card.id_number)
        ui.address.setText(card.address)
        ui.birthDate.setText(f"{card.birth_date:%d/%m/%Y}")
        ui.sex.setCurrentIndex(max(ui.sex.findData(card.sex), 0))
        ui.idIssuedOn.setText(f"{card.issued_on:%d/%m/%Y}")
        for field in ("applicant_name", "id_number", "address", "birth_date", "sex", "id_issued_on"):
            self.clear_error(field)
        self.show_message(f"Đã điền từ thẻ CCCD: {card.full_name}; hãy đối chiếu với thẻ.", "ok")
        # Next: the procedure if none is chosen yet, else the first thing the card does not carry.
        if self.procedure is None:
            self.focus_procedure()
        else:
            ui.phone.setFocus()

    # --- errors and messages -------------------------------------------------------------------------

    def show_errors(self, error: ValidationError) -> QWidget | None:
        """Mark every offending field (red border, message under it), focus the first; returns it."""
        self.clear_errors()
        first: QWidget | None = None
        general: list[FieldError] = []
        messages: dict[str, list[str]] = {}
        for item in error.errors:
            if item.field in self._fields:
                messages.setdefault(item.field, []).append(f"{item.label}: {item.message}")
            else:
                general.append(item)
        for field, texts in messages.items():
            widget, label = self._fields[field]
            set_state(widget, "invalid", True)
            label.setText("\n".join(texts))
            label.setVisible(True)
            if first is None or self._form_order(widget) < self._form_order(first):
                first = widget
        labels = "; ".join(dict.fromkeys(e.label for e in error.errors))
        summary = f"Chưa lưu hồ sơ — cần sửa: {labels}."
        if general:
            summary += " " + " ".join(f"{e.label}: {e.message}" for e in general)
        self.show_message(summary, "error")
        self.wrapped_lines_changed()
        if first is not None:
            first.setFocus()
        return first

    def _form_order(self, widget: QWidget) -> int:
        order = [w for w, _label in self._fields.values()]
        return order.index(widget) if widget in order else len(order)

    def error_text(self, field: str) -> str:
        _widget, label = self._fields[field]
        return "" if label.isHidden() else label.text()

    def clear_error(self, field: str) -> None:
        widget, label = self._fields[field]
        set_state(widget, "invalid", False)
        label.clear()
        label.setVisible(False)
        self.wrapped_lines_changed()

    def clear_errors(self) -> None:
        for field in self._fields:
            self.clear_error(field)
        self.ui.formMessage.setVisible(False)

    def show_message(self, text: str, state: str = "ok") -> None:
        label: QLabel = self.ui.formMessage
        label.setText(text)
        set_state(label, "state", state)
        label.setVisible(True)
        self.wrapped_lines_changed()

    def set_busy(self, busy: bool) -> None:
        self.ui.saveButton.setEnabled(not busy)
        self.ui.saveButton.setText("Đang lưu…" if busy else "Lưu và in (Ctrl+Enter)")

    # --- navigation ----------------------------------------------------------------------------------

    def focus_procedure(self) -> None:
        self.ui.procedureSearch.setFocus()
        self.ui.procedureSearch.selectAll()

    def clear(self) -> None:
        """Empty the form for the next citizen (the skip-preview preference stays)."""
        ui = self.ui
        self.clear_errors()
        self.picker.reset()
        self.checklist.fill(None)
        self.guidanceButton.setEnabled(False)
        self._due_timer.stop()
        empty(ui.applicantName, ui.organization, ui.taxCode, ui.idNumber, ui.idCountry, ui.phone, ui.email)
        empty(ui.birthDate, ui.idIssuedOn, ui.address, ui.note)
        ui.sex.setCurrentIndex(0)
        ui.idType.setCurrentIndex(0)
        self.drop_scans()
        self.organizationCheck.setChecked(False)
        self.representedCheck.setChecked(False)
        empty(self.representativeName, self.representativeId, self.authorisation, self.decidingAgency)
        self.relationship.setCurrentIndex(0)
        self.relationship.setEditText("")
        ui.channel.setCurrentIndex(0)
        ui.copies.setValue(1)
        for label in (ui.fieldValue, ui.codeValue, ui.durationValue, ui.feeValue):
            label.setText("—")
        ui.dueDetailsButton.setChecked(False)
        self.refresh_due()
        self.focus_procedure()
