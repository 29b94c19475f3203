"""Plain data the printing layer renders; built by services from committed records, never from sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from counter_app.domain.fees import FeeEntry, FeeTotal


@dataclass(frozen=True)
class AgencyInfo:
    governing_name: str = "UBND TỈNH ……"  # cơ quan chủ quản (header, left, first line); a placeholder by default
    name: str = "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    unit_name: str = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
    place: str = "……"  # used in "[place], ngày … tháng … năm …"; a placeholder by default
    address: str = ""
    phone: str = ""
    # The unit's name as written inside a sentence ("Bộ phận tiếp nhận và trả kết quả tiếp nhận hồ sơ
    # của: …"). Empty: derived from unit_name (an all-caps name is put in sentence case).
    unit_label: str = ""
    # The agency's name inside a sentence ("Sở Khoa học và Công nghệ xin lỗi Ông/Bà …"). Empty: derived from
    # name in sentence case, which lowers proper nouns ("Sở khoa học…"): services set it from the settings.
    name_label: str = ""


@dataclass(frozen=True)
class ReceivedDocument:
    name: str
    copy_kind: str  # Vietnamese label: "Bản chính", "Bản sao chứng thực", "Bản photo"
    quantity: int = 1


@dataclass(frozen=True)
class ReceiptData:
    agency: AgencyInfo
    dossier_code: str
    applicant_name: str
    procedure_name: str
    procedure_code: str
    received_at: datetime  # aware, local office time
    due_at: datetime  # aware, local office time
    processing_time_text: str  # "10 ngày làm việc"
    documents: tuple[ReceivedDocument, ...] = ()
    copies: int = 1  # số lượng hồ sơ (bộ)
    field_name: str = ""
    organization: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    id_number: str | None = None
    id_label: str = "Số CCCD"  # "Số CMND", "Số hộ chiếu", "Số giấy tờ" (domain.identity.id_label)
    id_country: str | None = None  # issuing country of a passport or other paper
    tax_code: str | None = None  # the organisation's MST
    # Issue 13 item 2: a representative filing for the applicant (already worded lines), the deciding agency.
    representative_name: str | None = None
    representative_id: str | None = None  # printed in full, like the applicant's own number: the receipt is theirs
    representative_role: str = ""  # "Được ủy quyền; Giấy ủy quyền số 12/2026/GUQ"
    deciding_agency: str | None = None
    fee: str = ""
    result_place: str = "Bộ phận Một cửa"
    officer_name: str = ""
    counter_number: int | None = None
    register_book: str = ""  # Quyển số
    register_number: str = ""  # Số thứ tự
    note: str | None = None
    reprint: bool = False
    reprint_note: str = ""
    extra: dict = field(default_factory=dict, compare=False)
    # The signed QR text beside the barcode (domain/slip_code.py); "" prints no QR.
    slip_qr: str = ""
    # The check value the hub's public look-up asks with the code (domain/status_check); "" for a dossier received
    # before check values existed.
    status_check: str = ""


# --- the other slips (supplement request, refusal, apology, stop notice, control sheet, return, register) ----


@dataclass(frozen=True)
class SlipDossier:
    """What every slip says about the dossier: who, what, when (office-local aware datetimes)."""

    code: str
    applicant_name: str
    procedure_name: str
    received_at: datetime
    due_at: datetime
    procedure_code: str = ""
    organization: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    id_number: str | None = None
    tax_code: str | None = None


@dataclass(frozen=True)
class MissingDocumentLine:
    """One row of a supplement request: a document from the checklist (copy kind and quantity known) or
    typed by the officer (copy_kind None: the quantity columns are left to fill in by hand)."""

    name: str
    copy_kind: str | None = None  # CopyKind value: original | certified_copy | photocopy | original_or_copy
    quantity: int | None = None


@dataclass(frozen=True)
class SupplementSlipData:
    agency: AgencyInfo
    dossier: SlipDossier
    issued_at: datetime  # when the request was made (the event's moment)
    documents: tuple[MissingDocumentLine, ...]
    reason: str = ""
    officer_name: str = ""
    officer_phone: str = ""
    round: int = 1
    number: str = ""  # document number for "Số: …/HDHS" ("" prints dots)
    reprint: bool = False
    reprint_note: str = ""


@dataclass(frozen=True)
class RefusalSlipData:
    agency: AgencyInfo
    dossier: SlipDossier
    issued_at: datetime
    reason: str
    officer_name: str = ""
    # Decided after the dossier went to the deciding agency (not at the counter): signed by that agency's head.
    during_handling: bool = False
    number: str = ""
    reprint: bool = False
    reprint_note: str = ""


@dataclass(frozen=True)
class ApologySlipData:
    agency: AgencyInfo
    dossier: SlipDossier
    issued_at: datetime
    previous_due_at: datetime
    new_due_at: datetime
    reason: str
    officer_name: str = ""
    number: str = ""
    reprint: bool = False
    reprint_note: str = ""


@dataclass(frozen=True)
class StopSlipData:
    agency: AgencyInfo
    dossier: SlipDossier
    issued_at: datetime  # when handling stopped
    reason: str
    officer_name: str = ""
    number: str = ""
    reprint: bool = False
    reprint_note: str = ""


@dataclass(frozen=True)
class ControlSheetRow:
    """One handover: the giving and receiving units, when, who, and how the giving unit kept its time."""

    giver_unit: str
    receiver_unit: str
    handed_at: datetime | None = None
    giver_name: str = ""
    receiver_name: str = ""
    result: str = ""  # "early" | "on_time" | "late" | "" (not judged yet)
    note: str = ""


@dataclass(frozen=True)
class ControlSheetData:
    agency: AgencyInfo
    dossier: SlipDossier
    rows: tuple[ControlSheetRow, ...] = ()
    deciding_unit: str = ""
    cooperating_unit: str = ""
    open_rows: bool = True  # still being handled: leave rows to fill in by hand (how many: the form texts' min_rows)
    reprint: bool = False
    reprint_note: str = ""


@dataclass(frozen=True)
class ReturnSlipData:
    agency: AgencyInfo
    dossier: SlipDossier
    returned_at: datetime
    receiver_name: str
    receiver_id: str | None = None
    method_label: str = ""
    result: str = ""
    officer_name: str = ""
    late: bool = False
    reprint: bool = False
    reprint_note: str = ""
    qr: str = ""  # the signed QR text beside the barcode (domain/slip_code.py); "" prints no QR
    # Issue 13 item 3 (already worded; empty: the line is left out).
    collector: str = ""  # "Người được ủy quyền"
    tracking_number: str = ""
    result_paper: str = ""  # "Giấy chứng nhận số 123/GCN"
    originals: str = ""  # "Giấy khai sinh (01 bản); …"
    file_location: str = ""  # "Kệ 3 hộp 12"


@dataclass(frozen=True)
class RegisterRow:
    """One dossier in the register (sổ theo dõi hồ sơ); dates None are left blank."""

    code: str
    procedure_name: str
    applicant_name: str
    received_at: datetime
    due_at: datetime
    copies: int = 1
    contact: str = ""  # address, phone
    deciding_unit: str = ""
    handed_at: datetime | None = None  # first handover to the deciding unit
    result_at: datetime | None = None  # result received back from the deciding unit
    returned_at: datetime | None = None  # result returned to the applicant
    notes: tuple[str, ...] = ()  # already worded (form texts), e.g. "Quá hạn", "Bổ sung 2 lần"


@dataclass(frozen=True)
class RegisterData:
    agency: AgencyInfo
    date_from: date
    date_to: date
    printed_at: datetime
    rows: tuple[RegisterRow, ...] = ()


@dataclass(frozen=True)
class FeeReceiptData:
    """One receipt, as committed (its event): what both copies print."""

    agency: AgencyInfo
    series: str
    number: int
    issued_at: datetime
    amount: int
    method: str  # PaymentMethod value
    payer: str
    dossier_code: str
    procedure_name: str
    items: tuple[str, ...] = ()  # what the procedure charges (FeeSchedule.describe), the "Nội dung thu"
    officer_name: str = ""
    note: str = ""
    state: str = ""  # "" or a line saying the receipt was refunded / cancelled since (on a reprint)
    reprint: bool = False


@dataclass(frozen=True)
class FeeRegisterData:
    agency: AgencyInfo
    date_from: date
    date_to: date
    entries: tuple[FeeEntry, ...]
    totals: tuple[FeeTotal, ...]
    grand_total: FeeTotal
    made_at: datetime
