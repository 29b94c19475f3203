"""Setting a station up: the counter number checked against the hub, and a test receipt in the office's own names.

The hub already binds each station token to one agency and one counter number (`counter-app hub add-station`
refuses a second active station with the same number) and, after the first sync, to one station id. The wizard
asks the hub who the token is (`GET /api/v1/me`) and accepts the set-up only when the agency and counter typed
here are the token's, and the token is not already another PC's: two PCs can never share a counter number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.text import normalize_text
from counter_app.printing.data import AgencyInfo, ReceiptData, ReceivedDocument


@dataclass(frozen=True)
class HubCheck:
    ok: bool
    message: str  # Vietnamese, for the wizard


def check_counter_with_hub(
    url: str, token: str, agency_code: str, counter: int, station_id: str, *, transport=None, allow_plain_http=False
) -> HubCheck:
    """Ask the hub whether this token may issue codes as `agency_code` counter `counter` on this station."""
    from counter_app.sync.client import HubClient, HubError

    try:
        with HubClient(url, token, transport=transport, allow_plain_http=allow_plain_http) as client:
            me = client.me().body or {}
    except HubError as exc:
        return HubCheck(False, f"Không kiểm tra được với máy chủ đồng bộ: {exc}")
    if me.get("role") not in (None, "station"):
        return HubCheck(False, "Mã truy cập này không phải mã của máy trạm (counter-app hub add-station).")
    hub_agency, hub_counter, hub_station = me.get("agency"), me.get("counter"), me.get("station_id")
    if hub_agency and hub_agency != agency_code:
        return HubCheck(False, f"Máy chủ cấp mã này cho cơ quan {hub_agency}, không phải {agency_code}.")
    if hub_counter is not None and int(hub_counter) != counter:
        return HubCheck(
            False,
            f"Máy chủ cấp mã này cho quầy số {hub_counter}; máy này đang chọn quầy số {counter}. "
            "Hai máy không được dùng chung số quầy (mã hồ sơ sẽ trùng): chọn đúng số quầy máy chủ đã cấp.",
        )
    if hub_station and hub_station.lower() != station_id.lower():
        return HubCheck(
            False,
            "Mã truy cập này đã được một máy trạm khác dùng. Mỗi máy cần mã riêng (counter-app hub add-station).",
        )
    return HubCheck(True, f"Máy chủ xác nhận: cơ quan {hub_agency or agency_code}, quầy số {hub_counter or counter}.")


def agency_from(values: Mapping[str, str]) -> AgencyInfo:
    return AgencyInfo(
        governing_name=normalize_text(values.get("agency.governing_name", "")).upper(),
        name=normalize_text(values.get("agency.name", "")).upper(),
        unit_name=normalize_text(values.get("agency.unit_name", "")).upper(),
        place=normalize_text(values.get("agency.place", "")),
        address=normalize_text(values.get("agency.address", "")),
        phone=normalize_text(values.get("agency.phone", "")),
        unit_label=normalize_text(values.get("agency.unit_name", "")),
        name_label=normalize_text(values.get("agency.name", "")),
    )


def sample_receipt_pdf(values: Mapping[str, str], paper: str, now: datetime | None = None) -> bytes:
    """A sample receipt with the names typed in the wizard, marked as a test print (no dossier is created)."""
    from counter_app.printing.receipt import render_receipt

    moment = (now or datetime.now(OFFICE_TZ)).replace(microsecond=0)
    code = f"{values.get('agency.code') or 'H00'}-000000-{values.get('station.counter') or '1'}000"
    data = ReceiptData(
        agency=agency_from(values),
        dossier_code=code,
        applicant_name="Nguyễn Văn Thử",
        procedure_name="Bản in thử: kiểm tra máy in, khổ giấy, chữ tiếng Việt và mã vạch",
        procedure_code="0.000000",
        received_at=moment,
        due_at=moment,
        processing_time_text="(bản in thử)",
        documents=(ReceivedDocument("Giấy đề nghị (mẫu thử)", "Bản chính"),),
        officer_name=normalize_text(values.get("officer.name", "")),
        counter_number=int(values["station.counter"]) if values.get("station.counter", "").isdigit() else None,
        reprint=True,
        reprint_note="Bản in thử — không có giá trị",
    )
    return render_receipt(data, paper)
