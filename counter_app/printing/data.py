"""Plain data the printing layer renders; built by services from committed records, never from sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class AgencyInfo:
    governing_name: str = "UBND TỈNH YÊN BÁI"  # cơ quan chủ quản (header, left, first line)
    name: str = "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    unit_name: str = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
    place: str = "Yên Bái"  # used in "Yên Bái, ngày … tháng … năm …"
    address: str = ""
    phone: str = ""
    # The unit's name as written inside a sentence ("Bộ phận tiếp nhận và trả kết quả tiếp nhận hồ sơ
    # của: …"). Empty: derived from unit_name (an all-caps name is put in sentence case).
    unit_label: str = ""


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
