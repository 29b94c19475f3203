"""Workstation settings (agency, station, officer, printing), kept in the local store so a backup carries them."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from counter_app.domain import transport
from counter_app.domain.calendar import OFFICE_TZ, OfficeHours
from counter_app.domain.codes import MAX_AGENCY_CODE, MAX_COUNTER, MIN_COUNTER, is_valid_agency_code
from counter_app.domain.field_limits import FIELD_LIMITS
from counter_app.domain.files import DEFAULT_MAX_MB as FILES_DEFAULT_MAX_MB
from counter_app.domain.files import HARD_MAX_MB as FILES_HARD_MAX_MB
from counter_app.domain.policy import CHOICES as POLICY_CHOICES
from counter_app.domain.policy import DuePolicy, check_choice
from counter_app.domain.text import normalize_text
from counter_app.printing.data import AgencyInfo
from counter_app.store import repository
from counter_app.store.db import Database

if TYPE_CHECKING:
    from counter_app.services.accounts import AccountService, OpenAccess


class SettingsError(ValueError):
    pass


def _agency_code(value: str) -> str:
    code = value.strip().upper()
    if not is_valid_agency_code(code):
        raise SettingsError(
            f"Mã cơ quan chỉ gồm chữ in hoa, chữ số và dấu chấm, tối đa {MAX_AGENCY_CODE} ký tự, ví dụ H61.22."
        )
    return code


def _counter(value: str) -> str:
    if not value.strip().isdigit() or not MIN_COUNTER <= int(value) <= MAX_COUNTER:
        raise SettingsError(f"Số quầy phải là số từ {MIN_COUNTER} đến {MAX_COUNTER}.")
    return str(int(value))


def _paper(value: str) -> str:
    paper = value.strip().upper().replace(" ", "")
    if paper not in ("A4", "A5", "80MM"):
        raise SettingsError("Khổ giấy chỉ nhận A4, A5 hoặc 80mm (máy in nhiệt cuộn 80 mm).")
    return paper


def _text(limit: int) -> Callable[[str], str]:
    def clean(value: str) -> str:
        text = normalize_text(value)
        if len(text) > limit:
            raise SettingsError(f"Giá trị dài quá {limit} ký tự.")
        return text

    return clean


def _required_text(limit: int) -> Callable[[str], str]:
    clean_text = _text(limit)

    def clean(value: str) -> str:
        text = clean_text(value)
        if not text:
            raise SettingsError("Giá trị không được để trống.")
        return text

    return clean


def _url(value: str) -> str:
    url = value.strip()
    if url and not url.startswith(("http://", "https://")):
        raise SettingsError("Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://.")
    return url.rstrip("/")


_YES = {"yes": "yes", "có": "yes", "co": "yes", "true": "yes", "1": "yes"}
_NO = {"no": "no", "không": "no", "khong": "no", "false": "no", "0": "no", "": "no"}


def _yes_no(value: str) -> str:
    word = normalize_text(value).lower()
    if word in _YES:
        return _YES[word]
    if word in _NO:
        return _NO[word]
    raise SettingsError("Chỉ nhận yes (có) hoặc no (không).")


def hub_url_problem(values: Mapping[str, str]) -> tuple[str, str] | None:
    """("refused" | "warning", Vietnamese sentence) when hub.url is plain http:// off the loopback; None when not.
    The one rule of `settings set`, the settings dialog, the first-run wizard and every sync cycle."""
    host = transport.plain_http_host(values.get("hub.url", ""))
    if host is None:
        return None
    if values.get(transport.ALLOW_SETTING, "no") == "yes":
        return "warning", transport.station_warning(host)
    return "refused", transport.station_refusal(host)


_SESSION = re.compile(r"^\s*(\d{1,2})[:hH](\d{2})\s*[-–]\s*(\d{1,2})[:hH](\d{2})\s*$")


def _clock_time(hour: str, minute: str) -> time:
    if int(hour) > 23 or int(minute) > 59:
        raise SettingsError(f"{hour}:{minute} không phải giờ hợp lệ.")
    return time(int(hour), int(minute))


def parse_session(value: str) -> tuple[time, time]:
    """ "07:30-11:30" → (07:30, 11:30)."""
    match = _SESSION.match(value)
    if not match:
        raise SettingsError("Phiên làm việc ghi dạng HH:MM-HH:MM, ví dụ 07:30-11:30.")
    start, end = _clock_time(*match.group(1, 2)), _clock_time(*match.group(3, 4))
    if start >= end:
        raise SettingsError(f"Giờ bắt đầu {start:%H:%M} phải trước giờ kết thúc {end:%H:%M}.")
    return start, end


def _session(value: str) -> str:
    start, end = parse_session(value)
    return f"{start:%H:%M}-{end:%H:%M}"


def _optional_clock(value: str) -> str:
    text = value.strip()
    if not text:
        return ""
    match = re.fullmatch(r"(\d{1,2})[:hH](\d{2})", text)
    if not match:
        raise SettingsError("Giờ ghi dạng HH:MM, ví dụ 16:30 (để trống: không giới hạn).")
    return _clock_time(*match.group(1, 2)).strftime("%H:%M")


_FUNCTION_KEY = re.compile(r"^(?:(?:Ctrl|Alt|Shift)\+)*F([1-9]|1[0-9]|2[0-4])$")


def _scanner_key(value: str) -> str:
    """A key the scanner sends before / after what it reads: F1…F24 (optionally with Ctrl/Alt/Shift+), or
    one printable character that is not a letter, digit or space. Empty: no exact mode."""
    text = value.strip()
    if not text:
        return ""
    parts = text.split("+")
    parts = [p.capitalize() for p in parts[:-1]] + [parts[-1].upper()]
    key = "+".join(parts)
    if _FUNCTION_KEY.match(key):
        return key
    if len(text) == 1 and text.isprintable() and not text.isalnum() and not text.isspace():
        return text
    raise SettingsError("Phím của máy quét ghi dạng F1…F24 (có thể kèm Ctrl+, Alt+, Shift+) hoặc một ký hiệu như ~.")


def _printer(value: str) -> str:
    return normalize_text(value)[:200]


def _folder(value: str) -> str:
    """A folder for PDF files: empty (the default under the data folder) or a whole path, as typed."""
    text = normalize_text(value)
    if not text:
        return ""
    if len(text) > 260:
        raise SettingsError("Đường dẫn thư mục dài quá 260 ký tự.")
    if not (PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute()):
        raise SettingsError(f"Ghi đường dẫn đầy đủ của thư mục, ví dụ D:\\GiayTiepNhan (đã ghi «{text}»).")
    return text


def _key_file(value: str) -> str:
    """The key file of encrypted daily backups: empty, or a whole path (the file is read when a copy is made)."""
    text = normalize_text(value)
    if not text:
        return ""
    if len(text) > 260:
        raise SettingsError("Đường dẫn tệp khoá dài quá 260 ký tự.")
    if not (PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute()):
        raise SettingsError(f"Ghi đường dẫn đầy đủ của tệp khoá, ví dụ E:\\khoa-sao-luu.key (đã ghi «{text}»).")
    return text


# The PDF files written when no printer is installed, under the data folder unless printing.pdf_folder says otherwise.
DEFAULT_PDF_FOLDER = "ban-in"


# Paper trays a printer driver understands (Qt's QPrinter.PaperSource), by the words an office uses.
TRAYS = {"": "tự động", "upper": "khay trên", "lower": "khay dưới", "middle": "khay giữa", "manual": "khe nạp tay"}


def _tray(value: str) -> str:
    tray = value.strip().lower()
    if tray in ("auto", "tự động"):
        tray = ""
    if tray not in TRAYS:
        raise SettingsError("Khay giấy chỉ nhận: auto, upper, lower, middle hoặc manual.")
    return tray


def _policy(key: str) -> Callable[[str], str]:
    def clean(value: str) -> str:
        try:
            return check_choice(key, value)
        except ValueError as exc:
            raise SettingsError(str(exc)) from None

    return clean


def _retention_years(value: str) -> str:
    from counter_app.domain.privacy import MAX_RETENTION_YEARS, MIN_RETENTION_YEARS

    text = value.strip()
    if not text.isdigit() or not MIN_RETENTION_YEARS <= int(text) <= MAX_RETENTION_YEARS:
        raise SettingsError(f"Số năm lưu giữ từ {MIN_RETENTION_YEARS} đến {MAX_RETENTION_YEARS}.")
    return str(int(text))


def _idle_minutes(value: str) -> str:
    text = value.strip()
    if not text.isdigit() or int(text) > 240:
        raise SettingsError("Số phút từ 0 đến 240 (0: không tự khoá).")
    return str(int(text))


def _max_mb(value: str) -> str:
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= FILES_HARD_MAX_MB:
        raise SettingsError(f"Số MB từ 1 đến {FILES_HARD_MAX_MB}.")
    return str(int(text))


PLACEHOLDER_GOVERNING = "UBND tỉnh ……"
PLACEHOLDER_PLACE = "……"


def _receipt_series(value: str) -> str:
    from counter_app.domain.fees import SERIES_PATTERN

    text = normalize_text(value).upper()
    if not SERIES_PATTERN.match(text):
        raise SettingsError("Ký hiệu biên lai chỉ gồm chữ in hoa không dấu và số, tối đa 8 ký tự (ví dụ BL).")
    return text


@dataclass(frozen=True)
class SettingSpec:
    label: str
    default: str
    clean: Callable[[str], str]
    secret: bool = False


SPECS: dict[str, SettingSpec] = {
    "agency.code": SettingSpec("Mã định danh cơ quan", "H61.22", _agency_code),
    "agency.name": SettingSpec("Tên cơ quan", "Sở Khoa học và Công nghệ", _required_text(200)),
    # Neutral placeholders (no real province: since 01/07/2025 the map has 34 provinces, and a wrong name on a slip
    # is worse than a blank): the first-run set-up asks for the real ones; a slip shows the dots until then.
    "agency.governing_name": SettingSpec("Cơ quan chủ quản", PLACEHOLDER_GOVERNING, _text(200)),
    "agency.unit_name": SettingSpec("Tên bộ phận", "Bộ phận Tiếp nhận và Trả kết quả", _required_text(200)),
    "agency.place": SettingSpec("Địa danh (ghi ngày tháng)", PLACEHOLDER_PLACE, _required_text(60)),
    "agency.address": SettingSpec("Địa chỉ cơ quan", "", _text(300)),
    "agency.phone": SettingSpec("Điện thoại cơ quan", "", _text(40)),
    "station.counter": SettingSpec("Số quầy", "1", _counter),
    "officer.name": SettingSpec("Cán bộ tiếp nhận", "Cán bộ tiếp nhận", _required_text(FIELD_LIMITS["officer"])),
    "printing.paper": SettingSpec("Khổ giấy biên nhận", "A5", _paper),
    "office.morning": SettingSpec("Giờ làm việc buổi sáng", "07:30-11:30", _session),
    "office.afternoon": SettingSpec("Giờ làm việc buổi chiều", "13:30-17:00", _session),
    # Receipt after this time counts from the next working session (empty: the afternoon session's end).
    "office.cutoff": SettingSpec("Giờ tiếp nhận cuối trong ngày", "", _optional_clock),
    # Exact scanner mode: the key the scanner sends before (and after: empty means Enter) what it reads.
    "scanner.prefix": SettingSpec("Phím đầu mã của máy quét (trống: nhận biết theo tốc độ gõ)", "", _scanner_key),
    "scanner.suffix": SettingSpec("Phím cuối mã của máy quét (trống: Enter)", "", _scanner_key),
    "printing.receipt_printer": SettingSpec("Máy in giấy tiếp nhận", "", _printer),
    "printing.receipt_tray": SettingSpec("Khay giấy biên nhận", "", _tray),
    "printing.forms_printer": SettingSpec("Máy in phiếu A4", "", _printer),
    "printing.forms_tray": SettingSpec("Khay giấy phiếu A4", "", _tray),
    "printing.report_printer": SettingSpec("Máy in báo cáo", "", _printer),
    "printing.pdf_folder": SettingSpec("Thư mục lưu tệp PDF khi không có máy in", "", _folder),
    "fee.receipt_series": SettingSpec("Ký hiệu biên lai thu phí, lệ phí", "BL", _receipt_series),
    # Policy choices where offices differ (domain.policy; docs/CATALOGUE_AND_CALENDAR.md, docs/REPORTS.md).
    **{
        key: SettingSpec(f"{choice.label} ({key})" if choice.label else key, choice.default, _policy(key))
        for key, choice in POLICY_CHOICES.items()
    },
    "security.idle_lock_minutes": SettingSpec("Khoá màn hình sau (phút không dùng)", "10", _idle_minutes),
    "files.max_mb": SettingSpec("Dung lượng tối đa một tệp đính kèm (MB)", str(FILES_DEFAULT_MAX_MB), _max_mb),
    "files.scan_folder": SettingSpec("Thư mục máy quét tài liệu ghi tệp", "", _folder),
    "privacy.retention_years": SettingSpec(
        "Số năm giữ thông tin cá nhân sau khi hồ sơ kết thúc", "5", _retention_years
    ),
    "backup.key_file": SettingSpec("Tệp khoá mã hoá bản sao lưu hằng ngày", "", _key_file),
    "hub.url": SettingSpec("Địa chỉ máy chủ đồng bộ", "", _url),
    "hub.token": SettingSpec("Mã truy cập máy chủ", "", _text(200), secret=True),
    transport.ALLOW_SETTING: SettingSpec("Cho phép đồng bộ qua http:// không mã hoá (ngoài máy này)", "no", _yes_no),
}

# What each key is for, in Vietnamese: shown beside the field in the first-run wizard and the settings dialog.
SETTING_HELP: dict[str, str] = {
    "scanner.prefix": "Chế độ máy quét chính xác: phím máy quét gửi trước mã (F1…F24, có thể kèm Ctrl+/Alt+/Shift+, hoặc một ký hiệu như ~). Để trống: nhận biết máy quét theo tốc độ gõ.",
    "scanner.suffix": "Phím máy quét gửi sau mã. Để trống: Enter.",
    "agency.name": "Tên cơ quan in trên giấy tiếp nhận và các phiếu, ví dụ «Sở Khoa học và Công nghệ».",
    "agency.governing_name": "Cơ quan chủ quản, dòng đầu góc trái các mẫu phiếu, ví dụ «UBND tỉnh …». Để trống nếu không có.",
    "agency.unit_name": "Tên bộ phận tiếp nhận, in dưới tên cơ quan.",
    "agency.place": "Địa danh ghi trước ngày tháng trên phiếu («…, ngày 25 tháng 11 năm 2026»).",
    "agency.address": "Địa chỉ trụ sở, in ở chân phiếu (không bắt buộc).",
    "agency.phone": "Số điện thoại liên hệ của bộ phận, in ở chân phiếu (không bắt buộc).",
    "officer.name": "Họ tên cán bộ tiếp nhận, ký trên giấy tiếp nhận.",
    "hub.token": "Mã truy cập máy chủ cấp cho máy này (counter-app hub add-station). Chỉ hiện một lần khi cấp.",
    "agency.code": "Mã định danh của cơ quan trên Cổng dịch vụ công (ví dụ H61.22). Đứng đầu mọi mã hồ sơ và không đổi được với hồ sơ đã cấp: nhập đúng ngay từ đầu.",
    "station.counter": "Số quầy của máy này (1–9). Mỗi máy trong cơ quan một số riêng: số quầy quyết định dải mã hồ sơ (quầy 1: 1001–1999, quầy 2: 2001–2999…).",
    "printing.paper": "Khổ giấy tiếp nhận: A5 (mặc định), A4, hoặc 80MM cho máy in nhiệt cuộn 80 mm (203 dpi).",
    "office.morning": "Giờ làm việc buổi sáng, dạng HH:MM-HH:MM.",
    "office.afternoon": "Giờ làm việc buổi chiều, dạng HH:MM-HH:MM.",
    "office.cutoff": "Giờ nhận hồ sơ cuối trong ngày (HH:MM); hồ sơ nhận sau giờ này tính từ buổi làm việc sau. Để trống: hết giờ chiều.",
    "printing.receipt_printer": "Máy in dùng cho giấy tiếp nhận (2 liên). Phần mềm luôn in ra máy này, kể cả khi Windows tự đổi máy in mặc định. Để trống: máy in mặc định.",
    "printing.forms_printer": "Máy in cho các phiếu khổ A4 (bổ sung, từ chối, xin lỗi, trả kết quả, sổ theo dõi). Để trống: máy in mặc định.",
    "printing.report_printer": "Máy in cho báo cáo (Biểu 06). Để trống: máy in mặc định.",
    "printing.pdf_folder": "Khi máy không có máy in (hoặc chọn «Microsoft Print to PDF»), giấy tiếp nhận, phiếu và báo cáo được lưu thành tệp PDF vào thư mục này (các thư mục con giay-tiep-nhan, phieu, bao-cao). Để trống: thư mục «ban-in» trong thư mục dữ liệu.",
    "printing.receipt_tray": "Khay giấy của máy in biên nhận: auto (tự động), upper (khay trên), lower (khay dưới), middle, manual (khe nạp tay), ví dụ khay chứa giấy A5.",
    "printing.forms_tray": "Khay giấy của máy in phiếu A4: auto, upper, lower, middle hoặc manual.",
    "files.max_mb": "Tệp quét hoặc tệp kết quả lớn hơn chừng ấy MB bị từ chối khi đính kèm (1–200; mặc định 20).",
    "files.scan_folder": "Thư mục máy quét tài liệu (hoặc điện thoại, máy ảnh) ghi tệp PDF/JPEG/PNG vào. Nút «Lấy tệp mới nhất từ máy quét» đính kèm tệp mới nhất trong thư mục này. Để trống nếu không dùng.",
    "security.idle_lock_minutes": "Cửa sổ tự khoá sau chừng ấy phút không dùng bàn phím, chuột (0: không tự khoá); mở lại bằng mật khẩu, những gì đang gõ dở được giữ nguyên.",
    "privacy.retention_years": "Thông tin cá nhân (họ tên, số giấy tờ, điện thoại, địa chỉ, ngày sinh…) của hồ sơ đã kết thúc (trả kết quả, từ chối, dừng, rút) quá chừng ấy năm bị xoá khi cán bộ phụ trách chạy «counter-app privacy purge»; mã hồ sơ, ngày tháng, thủ tục và số liệu báo cáo được giữ nguyên. Mặc định 5 năm (xem docs/PRIVACY.md).",
    "backup.key_file": "Đường dẫn đầy đủ tới tệp khoá (tạo bằng: counter-app backup --make-key TỆP). Khi có, bản sao lưu tự động hằng ngày được mã hoá bằng khoá này; khôi phục cần đúng tệp khoá đó. Để trống: bản sao hằng ngày không mã hoá.",
    "fee.receipt_series": "Ký hiệu đầu của biên lai thu phí, lệ phí (chữ in hoa và số, tối đa 8 ký tự); phần mềm thêm năm: BL-26. Số biên lai theo dải của quầy: quầy 1 từ 1000001, quầy 2 từ 2000001…",
    "hub.url": "Địa chỉ máy chủ đồng bộ của tỉnh (https://…). Để trống nếu máy làm việc độc lập.",
    transport.ALLOW_SETTING: "Mặc định no: địa chỉ http:// tới máy khác bị từ chối, vì mã truy cập và dữ liệu cá nhân sẽ đi trên mạng không mã hoá. Chỉ đặt yes khi mạng nội bộ đã được bảo vệ cách khác; phần mềm vẫn cảnh báo mỗi lần đồng bộ.",
}
SETTING_HELP.update(
    {
        key: "; ".join(f"{value}: {text}" for value, text in choice.options.items())
        + f". Mặc định {choice.default} — căn cứ: {choice.basis}."
        for key, choice in POLICY_CHOICES.items()
    }
)
# station.id is generated once and never set by hand: sync identifies the workstation by it.
# station.set_up_at records when the station was set up (every SETUP_KEYS key given explicitly, by the first-run
# wizard or `counter-app settings set`): until then nothing official is issued (the window runs the wizard first,
# the CLI refuses `intake`), so no office prints a default agency, place or officer on a receipt by mistake, and no
# second PC issues dossier codes on a counter number nobody chose.
SET_UP_AT = "station.set_up_at"
READ_ONLY_KEYS = {"station.id", SET_UP_AT}
SETUP_KEYS = (
    "agency.code",
    "agency.name",
    "agency.governing_name",
    "agency.place",
    "station.counter",
    "officer.name",
)


class NotSetUp(SettingsError):
    """The station has not been set up: `missing` names the keys still to be given."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(
            "Máy trạm chưa được thiết lập nên chưa tiếp nhận hồ sơ: còn thiếu "
            + ", ".join(f"{key} ({SPECS[key].label.lower()})" for key in missing)
            + ". Mở cửa sổ phần mềm để chạy trình thiết lập lần đầu, hoặc: counter-app settings set KHOÁ GIÁ_TRỊ …"
        )


@dataclass(frozen=True)
class StationSettings:
    station_id: str
    counter: int
    agency_code: str
    officer_name: str  # the signed-in officer's name (the `officer.name` setting on a store without accounts)
    paper: str
    agency: AgencyInfo
    officer_id: str | None = None  # the signed-in account (None on a store without accounts)


def check_setting(key: str, value: str) -> str:
    """The value as it would be stored; SettingsError (Vietnamese, naming the setting) when it is not valid.
    Pure (no store): the settings forms check each field with it as it is typed."""
    if key in READ_ONLY_KEYS:
        raise SettingsError(f"Thiết lập '{key}' do phần mềm tự sinh, không sửa tay.")
    spec = SPECS.get(key)
    if spec is None:
        known = ", ".join(sorted(SPECS))
        raise SettingsError(f"Không có thiết lập '{key}'. Các thiết lập: {known}.")
    try:
        cleaned = spec.clean(value)
    except SettingsError as exc:
        raise SettingsError(f"{spec.label} ({key}): {exc}") from None
    return cleaned


def check_settings(current: Mapping[str, str], values: Mapping[str, str]) -> dict[str, str]:
    """`values` checked one by one, then the rules between keys over `current` (every setting now) with them
    (office hours; a plain-http hub address needs hub.allow_plain_http). Pure: the settings screens use it."""
    cleaned = {key: check_setting(key, value) for key, value in values.items()}
    merged = {**current, **cleaned}
    if any(key.startswith("office.") for key in cleaned):
        office_hours(merged)
    if "hub.url" in cleaned or transport.ALLOW_SETTING in cleaned:
        problem = hub_url_problem(merged)
        if problem is not None and problem[0] == "refused":
            raise SettingsError(problem[1])
    return cleaned


class SettingsService:
    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime] | None = None,
        access: AccountService | OpenAccess | None = None,
    ):
        from counter_app.services.accounts import OPEN_ACCESS

        self._db = db
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        # Who is acting and what they may do (services/accounts.py): the services that hold the settings ask it.
        self.access: AccountService | OpenAccess = access or OPEN_ACCESS

    def ensure_station_id(self) -> str:
        # Read first: a write transaction costs an fsync (synchronous=FULL), and this runs on every intake.
        with self._db.read() as session:
            station_id = repository.read_settings(session).get("station.id")
        if station_id:
            return station_id
        with self._db.write() as session:
            values = repository.read_settings(session)
            station_id = values.get("station.id")
            if not station_id:
                station_id = str(uuid.uuid4())
                repository.write_setting(session, "station.id", station_id)
            return station_id

    def all(self) -> dict[str, str]:
        """Every setting (defaults where none is stored): a fresh dict, read from the store only when the settings
        changed since the last read (Database.cached; any process's change is seen at the next call)."""
        return dict(self._db.cached("settings.all", self._read_all))

    def _read_all(self) -> dict[str, str]:
        with self._db.read() as session:
            stored = repository.read_settings(session)
        values = {key: spec.default for key, spec in SPECS.items()}
        values.update(stored)
        return values

    def show(self) -> dict[str, str]:
        """For display: secrets masked."""
        values = self.all()
        for key, spec in SPECS.items():
            if spec.secret and values.get(key):
                values[key] = "••••" + values[key][-4:]
        return dict(sorted(values.items()))

    def get(self, key: str) -> str:
        if key not in SPECS and key not in READ_ONLY_KEYS:
            raise SettingsError(f"Không có thiết lập '{key}'.")
        return self.all().get(key, "")

    def set(self, key: str, value: str) -> str:
        return self.set_many({key: value})[key]

    def set_many(self, values: Mapping[str, str]) -> dict[str, str]:
        """Check every value (and the office hours as a whole), then write them all in one transaction."""
        from counter_app.domain.roles import Action

        cleaned = self.check_many(values)
        self.access.require(Action.SETTINGS)
        with self._db.write() as session:
            for key, value in cleaned.items():
                repository.write_setting(session, key, value)
            shown = {key: ("••••" if SPECS[key].secret and value else value) for key, value in cleaned.items()}
            self.access.audit(session, "settings.set", target=",".join(sorted(cleaned))[:200], detail=shown)
            stored = repository.read_settings(session)
            if SET_UP_AT not in stored and all(key in stored for key in SETUP_KEYS):
                repository.write_setting(session, SET_UP_AT, self._clock().isoformat(timespec="seconds"))
        return cleaned

    def check_many(self, values: Mapping[str, str]) -> dict[str, str]:
        """Every value checked, then the rules between them (office hours; a plain-http hub address needs
        hub.allow_plain_http): the values as they would be stored, or SettingsError."""
        return check_settings(self.all(), values)

    def hub_url_warning(self) -> str:
        """The warning to show while hub.url is plain http:// off the loopback (allowed); empty otherwise."""
        problem = hub_url_problem(self.all())
        return problem[1] if problem is not None and problem[0] == "warning" else ""

    def missing_setup(self) -> list[str]:
        """The SETUP_KEYS never given explicitly (empty once the station is set up)."""
        with self._db.read() as session:
            stored = repository.read_settings(session)
        if SET_UP_AT in stored:
            return []
        return [key for key in SETUP_KEYS if key not in stored]

    def is_set_up(self) -> bool:
        return not self.missing_setup()

    def require_set_up(self) -> None:
        missing = self.missing_setup()
        if missing:
            raise NotSetUp(missing)

    def check(self, key: str, value: str) -> str:
        """The value as it would be stored; SettingsError (Vietnamese, naming the setting) when it is not valid."""
        return self._clean(key, value)

    def stored(self) -> dict[str, str]:
        """Only the values given explicitly (no defaults)."""
        with self._db.read() as session:
            return dict(repository.read_settings(session))

    def pdf_folder(self) -> Path:
        """Where PDF files go when there is no printer (printing.pdf_folder; empty: «ban-in» in the data folder)."""
        value = self.get("printing.pdf_folder")
        return Path(value) if value else Path(self._db.path).parent / DEFAULT_PDF_FOLDER

    def office_hours(self) -> OfficeHours:
        """The office's working sessions and cut-off (settings office.*)."""
        return office_hours(self.all())

    def due_policy(self) -> DuePolicy:
        """The office's due-date choices (settings due.*)."""
        return DuePolicy.from_settings(self.all())

    def _clean(self, key: str, value: str) -> str:
        return check_setting(key, value)

    def station(self) -> StationSettings:
        # One read of the settings on the hot path (intake, every print); the id is written only the first time.
        v = self.all()
        station_id = v.get("station.id") or self.ensure_station_id()
        officer = self.access.signed_in()  # events and paper carry who is signed in
        return StationSettings(
            station_id=station_id,
            officer_id=officer.account_id if officer else None,
            counter=int(v["station.counter"]),
            agency_code=v["agency.code"],
            officer_name=officer.display_name if officer and officer.account_id else v["officer.name"],
            paper=v["printing.paper"],
            agency=AgencyInfo(
                governing_name=v["agency.governing_name"].upper(),
                name=v["agency.name"].upper(),
                unit_name=v["agency.unit_name"].upper(),
                place=v["agency.place"],
                address=v["agency.address"],
                phone=v["agency.phone"],
            ),
        )


def office_hours(values: Mapping[str, str]) -> OfficeHours:
    """OfficeHours from settings values (defaults where missing); SettingsError when they do not fit together."""
    try:
        morning = parse_session(values.get("office.morning") or SPECS["office.morning"].default)
        afternoon = parse_session(values.get("office.afternoon") or SPECS["office.afternoon"].default)
        cutoff_text = _optional_clock(values.get("office.cutoff", ""))
        cutoff = time.fromisoformat(cutoff_text) if cutoff_text else None
        return OfficeHours(*morning, *afternoon, cutoff=cutoff)
    except (SettingsError, ValueError) as exc:
        raise SettingsError(f"Giờ làm việc (office.*): {exc}") from None
