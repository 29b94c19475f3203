"""Hand-over to the national public service portal: a dossier's events as the record the portal's one-stop sync takes.

Field names follow the Cổng Dịch vụ công quốc gia's dossier sync as the open provincial systems send it (OpenCPS
`DVCQGIntegrationActionImpl`, and provincial DVC back-ends: MaHoSo, MaTTHC, NgayTiepNhan, NgayHenTra, TrangThaiHoSo,
DanhSachHoSoBoSung with NgayHenTraTruoc/NgayHenTraMoi, DanhSachGiayToKetQua, DanhSachLePhi…); every time is
`yyyyMMddHHmmss` in Asia/Ho_Chi_Minh. The codes (procedures, statuses, channels…) go through a mapping that is data
(resources/portal/mapping.json, the office's portal-mapping.json over it). What is assumed about the portal's format
is said plainly in docs/PORTAL.md.

Pure: events in, plain dicts out (and back: `read_record` for the round-trip check and for integrators in Python).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from counter_app.domain.event_kinds import EVENT_LABELS
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.lifecycle import TransitionError, apply_event
from counter_app.domain.merge import event_order_key
from counter_app.domain.state import ONE_STOP_UNIT, DossierState

FORMAT = "counter_app.portal/1"
PORTAL_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")  # no daylight saving since 1975: a fixed +07:00
TIME_FORMAT = "%Y%m%d%H%M%S"

# What the mapping must give a code for (the keys of each table), and the tables that may be left empty.
REQUIRED_TABLES = {
    "statuses": (
        "received",
        "in_progress",
        "awaiting_supplement",
        "refused",
        "stopped",
        "withdrawn",
        "resolved",
        "returned",
    ),
    "channels": ("direct", "online", "postal"),
    "return_methods": ("counter", "post"),
    "applicant_types": ("citizen", "organization"),
    "payment_methods": ("cash", "transfer"),
}
OPEN_TABLES = ("procedures", "fields", "status_labels")
FEE_COLLECTED, FEE_REFUNDED, FEE_CANCELLED = "fee_collected", "fee_refunded", "fee_cancelled"


class MappingError(ValueError):
    """A mapping table that cannot be used (str(): what is wrong, in Vietnamese)."""


@dataclass(frozen=True)
class PortalMapping:
    """Local value -> portal code, table by table (resources/portal/mapping.json)."""

    version: str
    statuses: Mapping[str, str]
    channels: Mapping[str, str]
    return_methods: Mapping[str, str]
    applicant_types: Mapping[str, str]
    payment_methods: Mapping[str, str]
    procedures: Mapping[str, str] = field(default_factory=dict)  # local procedure code -> MaTTHC (absent: the same)
    fields: Mapping[str, str] = field(default_factory=dict)  # local field code -> MaLinhVuc (absent: the same)
    status_labels: Mapping[str, str] = field(default_factory=dict)  # portal status code -> its name

    def inverse(self, table: str) -> dict[str, str]:
        return {code: local for local, code in getattr(self, table).items()}


def merge_mapping(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """`over` (an office's file: only what it changes) over `base`, table by table."""
    merged = {key: (dict(value) if isinstance(value, Mapping) else value) for key, value in base.items()}
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key].update(value)
        else:
            merged[key] = value
    return merged


def load_mapping(data: Any, source: str = "bảng chuyển mã") -> PortalMapping:
    """The mapping from its JSON data; MappingError naming the table and key when it cannot be used. Codes are
    text; within a table no two local values may share a portal code (the export must read back)."""
    if not isinstance(data, Mapping):
        raise MappingError(f"{source}: cần một đối tượng JSON {{…}}.")
    tables: dict[str, dict[str, str]] = {}
    for name in (*REQUIRED_TABLES, *OPEN_TABLES):
        raw = data.get(name, {})
        if not isinstance(raw, Mapping):
            raise MappingError(f"{source}: «{name}» phải là một bảng {{giá trị: mã}}.")
        table: dict[str, str] = {}
        for key, value in raw.items():
            if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
                raise MappingError(f"{source}: {name}.{key} phải là một mã (chữ hoặc số), không để trống.")
            table[str(key).strip()] = str(value).strip()
        missing = [key for key in REQUIRED_TABLES.get(name, ()) if key not in table]
        if missing:
            raise MappingError(f"{source}: bảng «{name}» thiếu mã cho: {', '.join(missing)}.")
        if name != "status_labels":
            seen: dict[str, str] = {}
            for key, value in table.items():
                if value in seen:
                    raise MappingError(f"{source}: bảng «{name}» dùng mã {value} cho cả {seen[value]} và {key}.")
                seen[value] = key
        tables[name] = table
    return PortalMapping(version=str(data.get("version") or ""), **tables)


def portal_time(moment: datetime | None) -> str:
    """`yyyyMMddHHmmss` in Asia/Ho_Chi_Minh; "" for no moment."""
    if moment is None:
        return ""
    return moment.astimezone(PORTAL_TZ).strftime(TIME_FORMAT)


def parse_portal_time(text: str) -> datetime | None:
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=PORTAL_TZ) if text else None


@dataclass
class _Round:
    number: int
    requested_at: datetime
    reason: str
    missing: list[str]
    due_before: datetime
    received_at: datetime | None = None
    due_after: datetime | None = None


def _fold(events: Iterable[DossierEvent]) -> tuple[DossierState | None, list[tuple[DossierEvent, DossierState]]]:
    """The events in merge order folded into the state, each applied one with the state after it (refused ones
    are left out, as every station leaves them out)."""
    state: DossierState | None = None
    steps: list[tuple[DossierEvent, DossierState]] = []
    for event in sorted(events, key=event_order_key):
        try:
            state = apply_event(state, event)
        except (TransitionError, KeyError, ValueError, TypeError):
            continue
        steps.append((event, state))
    return state, steps


def _fees(events: Sequence[DossierEvent], mapping: PortalMapping) -> list[dict[str, Any]]:
    """DanhSachLePhi: one entry per fee receipt (issue 13 item 1's fee_collected events), its amount net of refunds
    and 0 once cancelled, in đồng."""
    receipts: dict[tuple[str, int], dict[str, Any]] = {}
    for e in sorted(events, key=event_order_key):
        p = e.payload or {}
        key = (str(p.get("receipt_series") or ""), int(p.get("receipt_number") or 0))
        if e.kind == FEE_COLLECTED:
            receipts[key] = {
                "TenPhiLePhi": "Phí, lệ phí",
                "MaPhiLePhi": "",
                "HinhThucThu": mapping.payment_methods.get(str(p.get("method") or ""), ""),
                "Gia": int(p.get("amount") or 0),
                "LoaiPhiLePhi": "",
                "SoBienLai": f"{key[0]}-{key[1]:07d}" if key[0] else str(key[1]),
                "NgayThu": portal_time(e.occurred_at),
            }
        elif e.kind == FEE_REFUNDED and key in receipts:
            receipts[key]["Gia"] = max(0, receipts[key]["Gia"] - int(p.get("amount") or 0))
        elif e.kind == FEE_CANCELLED and key in receipts:
            receipts[key]["Gia"] = 0
    return [{**r, "Gia": str(r["Gia"])} for r in receipts.values()]


def portal_record(events: Sequence[DossierEvent], mapping: PortalMapping, until: datetime | None = None) -> dict | None:
    """The portal record of one dossier from its events (those up to `until` when given); None without its intake
    event. No personal data: no name, ID number, phone, e-mail or address (docs/PORTAL.md says why)."""
    if until is not None:
        events = [e for e in events if e.occurred_at <= until]
    state, steps = _fold(events)
    if state is None:
        return None
    data = state.data
    rounds: list[_Round] = []
    progress: list[dict[str, Any]] = []
    refused_at = finished_at = None
    deciding_unit = ""
    return_method = str(data.get("result_delivery") or "") or "counter"
    before: DossierState | None = None
    for event, after in steps:
        kind = event.kind
        p = event.payload or {}
        if kind == EventKind.SUPPLEMENT_REQUESTED:
            missing = [str(m.get("name", "")) for m in p.get("missing_details") or []] or [
                str(m) for m in p.get("missing") or []
            ]
            due = before.due_at if before is not None else after.due_at
            rounds.append(_Round(len(rounds) + 1, event.occurred_at, str(p.get("reason") or ""), missing, due))
        elif kind == EventKind.SUPPLEMENT_RECEIVED and rounds and rounds[-1].received_at is None:
            rounds[-1].received_at, rounds[-1].due_after = event.occurred_at, after.due_at
        elif kind == EventKind.HANDED_OVER and not deciding_unit:
            unit = str(p.get("to_unit") or "")
            deciding_unit = "" if unit in ("", ONE_STOP_UNIT) else unit
        elif kind == EventKind.REFUSED:
            refused_at = event.occurred_at
        elif kind == EventKind.RESULT_RETURNED:
            return_method = str(p.get("method") or return_method)
        if kind in (EventKind.RESOLVED, EventKind.REFUSED, EventKind.STOPPED, EventKind.WITHDRAWN):
            finished_at = event.occurred_at
        if kind != EventKind.SLIP_PRINTED:
            progress.append(
                {
                    "MaHoSo": state.code,
                    "NguoiXuLy": event.officer,
                    "ThoiDiemXuLy": portal_time(event.occurred_at),
                    "NoiDungXuLy": EVENT_LABELS.get(EventKind(kind), str(kind)),
                    "TrangThai": mapping.statuses[after.status.value],
                    "PhongBanXuLy": after.location or ONE_STOP_UNIT,
                    "NgayKetThucTheoQuyDinh": portal_time(after.due_at),
                }
            )
        before = after
    procedure = str(data.get("procedure_code") or "")
    field_code = str(data.get("field_code") or "")
    organization = bool(data.get("organization") or data.get("tax_code"))
    result = next((str(e.payload.get("result") or "") for e, _s in reversed(steps) if e.kind == EventKind.RESOLVED), "")
    return {
        "MaHoSo": state.code,
        "MaTTHC": mapping.procedures.get(procedure, procedure),
        "TenTTHC": str(data.get("procedure_name") or ""),
        "MaLinhVuc": mapping.fields.get(field_code, field_code),
        "KenhThucHien": mapping.channels[str(data.get("channel") or "direct")],
        "LoaiDoiTuong": mapping.applicant_types["organization" if organization else "citizen"],
        "NgayTiepNhan": portal_time(state.received_at),
        "NgayHenTra": portal_time(state.due_at),
        "TrangThaiHoSo": mapping.statuses[state.status.value],
        "NgayKetThucXuLy": portal_time(finished_at),
        "NgayTra": portal_time(state.returned_at),
        "NgayTuChoi": portal_time(refused_at),
        "HinhThuc": mapping.return_methods.get(return_method, mapping.return_methods["counter"]),
        "DonViXuLy": deciding_unit,
        "DanhSachLePhi": _fees(events, mapping),
        "DanhSachHoSoBoSung": [
            {
                "HoSoBoSungId": str(r.number),
                "NoiDungBoSung": "; ".join(x for x in (r.reason, ", ".join(r.missing)) if x),
                "NgayBoSung": portal_time(r.requested_at),
                "NgayTiepNhanBoSung": portal_time(r.received_at),
                "TrangThaiBoSung": r.received_at is not None,
                "NgayHenTraTruoc": portal_time(r.due_before),
                "NgayHenTraMoi": portal_time(r.due_after),
            }
            for r in rounds
        ],
        "DanhSachGiayToKetQua": [{"TenGiayTo": result, "MaGiayToKetQua": ""}] if result else [],
        "QuaTrinhXuLy": progress,
    }


@dataclass(frozen=True)
class PortalRound:
    requested_at: datetime
    received_at: datetime | None
    due_before: datetime
    due_after: datetime | None


@dataclass(frozen=True)
class PortalDossier:
    """A portal record read back into local values (the mapping's inverse)."""

    code: str
    procedure_code: str
    field_code: str
    channel: str
    applicant_type: str
    received_at: datetime
    due_at: datetime
    status: str
    finished_at: datetime | None
    returned_at: datetime | None
    return_method: str
    rounds: tuple[PortalRound, ...]
    results: tuple[str, ...]
    fees: tuple[tuple[str, int], ...]  # (method, net amount in đồng)


def read_record(record: Mapping[str, Any], mapping: PortalMapping) -> PortalDossier:
    """A record written by `portal_record`, back in local values (KeyError/ValueError when it is not one)."""
    procedures, fields = mapping.inverse("procedures"), mapping.inverse("fields")
    received = parse_portal_time(record["NgayTiepNhan"])
    due = parse_portal_time(record["NgayHenTra"])
    assert received is not None and due is not None
    return PortalDossier(
        code=record["MaHoSo"],
        procedure_code=procedures.get(record["MaTTHC"], record["MaTTHC"]),
        field_code=fields.get(record["MaLinhVuc"], record["MaLinhVuc"]),
        channel=mapping.inverse("channels")[record["KenhThucHien"]],
        applicant_type=mapping.inverse("applicant_types")[record["LoaiDoiTuong"]],
        received_at=received,
        due_at=due,
        status=mapping.inverse("statuses")[record["TrangThaiHoSo"]],
        finished_at=parse_portal_time(record["NgayKetThucXuLy"]),
        returned_at=parse_portal_time(record["NgayTra"]),
        return_method=mapping.inverse("return_methods")[record["HinhThuc"]],
        rounds=tuple(
            PortalRound(
                parse_portal_time(r["NgayBoSung"]),  # type: ignore[arg-type]
                parse_portal_time(r["NgayTiepNhanBoSung"]),
                parse_portal_time(r["NgayHenTraTruoc"]),  # type: ignore[arg-type]
                parse_portal_time(r["NgayHenTraMoi"]),
            )
            for r in record["DanhSachHoSoBoSung"]
        ),
        results=tuple(r["TenGiayTo"] for r in record["DanhSachGiayToKetQua"]),
        fees=tuple(
            (mapping.inverse("payment_methods").get(f["HinhThucThu"], ""), int(f["Gia"]))
            for f in record["DanhSachLePhi"]
        ),
    )


def day_file(agency: str, day: str, records: list[dict], mapping: PortalMapping, generated_at: datetime) -> dict:
    """One day's file: the dossiers that moved that day, each as it stood at the end of the day."""
    return {
        "format": FORMAT,
        "agency": agency,
        "day": day,
        "generated_at": portal_time(generated_at),
        "mapping_version": mapping.version,
        "count": len(records),
        "dossiers": records,
    }
