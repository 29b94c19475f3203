"""Fees at the counter: collect (with its receipt), refund, cancel, reprint a receipt, and the accountant's register.

Collecting, refunding and cancelling are dossier events (domain/event_kinds.py CollectFee, RefundFee,
CancelFeeReceipt), recorded through the lifecycle service like every event: one transaction, the officer's
permission checked (domain/roles.py: officers collect; refunds and cancellations are a supervisor's), the audit
entry and the sync outbox with it. The receipt number is taken inside that transaction (the station's block, see
domain/fees.py); the receipt is rendered from the committed event only.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from counter_app.domain.calendar import OFFICE_TZ, as_office_time
from counter_app.domain.event_kinds import CancelFeeReceipt, CollectFee, EventRequest, RefundFee, fee_accounts
from counter_app.domain.events import DossierEvent, EventKind
from counter_app.domain.fees import (
    ENTRY_LABELS,
    PAYMENT_METHOD_LABELS,
    FeeEntry,
    FeeTotal,
    PaymentMethod,
    fee_totals,
    format_dong,
    format_receipt_number,
    parse_receipt_ref,
    receipt_label,
)
from counter_app.domain.roles import Action
from counter_app.printing.data import AgencyInfo, FeeReceiptData, FeeRegisterData
from counter_app.services.dossiers import DossierService
from counter_app.services.lifecycle import LifecycleService, RecordResult
from counter_app.services.settings import SettingsService
from counter_app.store import fee_rows, repository
from counter_app.store.db import Database

REGISTER_MAX_DAYS = 366


class ReceiptNotFound(LookupError):
    """No such receipt on the dossier; str() says so in Vietnamese."""


@dataclass(frozen=True)
class FeeResult:
    """What the officer sees after a fee entry: the event, the dossier, and the receipt it concerns."""

    record: RecordResult
    series: str
    number: int
    amount: int

    @property
    def code(self) -> str:
        return self.record.code

    @property
    def event(self) -> DossierEvent:
        return self.record.event

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.record.warnings

    @property
    def receipt(self) -> str:
        return receipt_label(self.series, self.number)

    def confirmation(self) -> str:
        kind = self.event.kind
        if kind == EventKind.FEE_COLLECTED:
            method = PAYMENT_METHOD_LABELS[PaymentMethod(self.event.payload["method"])].lower()
            return f"{self.code}: đã thu {format_dong(self.amount)} đồng ({method}), biên lai {self.receipt}."
        if kind == EventKind.FEE_REFUNDED:
            return f"{self.code}: đã hoàn trả {format_dong(self.amount)} đồng của biên lai {self.receipt}."
        return f"{self.code}: đã hủy biên lai {self.receipt} ({format_dong(self.amount)} đồng không còn tính)."


class FeeService:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        dossiers: DossierService,
        lifecycle: LifecycleService,
        clock: Callable[[], datetime] | None = None,
    ):
        self._db = db
        self._settings = settings
        self._dossiers = dossiers
        self._lifecycle = lifecycle
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))

    # --- entries (each one event) -------------------------------------------------------------------------

    def collect(
        self,
        code: str,
        amount: int | str | None,
        method: str | None = None,
        payer: str | None = None,
        *,
        at: datetime | None = None,
        officer: str | None = None,
        note: str | None = None,
    ) -> FeeResult:
        """Record phí, lệ phí collected for dossier `code`, with the next receipt number of this station.
        Raises DossierNotFound, ValidationError, NotAllowed; nothing is written then."""
        request = EventRequest(code, CollectFee(amount, method, payer), at=at, officer=officer, note=note)
        return self._result(self._lifecycle.record(request))

    def refund(
        self, code: str, receipt: str | None, amount: int | str | None, reason: str, *, at: datetime | None = None
    ) -> FeeResult:
        """Pay back part or all of a receipt (a supervisor's): a new entry, the receipt stays as it was."""
        return self._result(self._lifecycle.record(EventRequest(code, RefundFee(receipt, amount, reason), at=at)))

    def cancel(self, code: str, receipt: str | None, reason: str, *, at: datetime | None = None) -> FeeResult:
        """Cancel a receipt (a supervisor's): a new entry; the number stays used, never issued again."""
        return self._result(self._lifecycle.record(EventRequest(code, CancelFeeReceipt(receipt, reason), at=at)))

    @staticmethod
    def _result(record: RecordResult) -> FeeResult:
        p = record.event.payload
        return FeeResult(record, p["receipt_series"], int(p["receipt_number"]), int(p["amount"]))

    # --- the receipt ------------------------------------------------------------------------------------------

    def _agency(self) -> AgencyInfo:
        from counter_app.domain.text import normalize_text

        return replace(
            self._settings.station().agency,
            unit_label=normalize_text(self._settings.get("agency.unit_name")),
            name_label=normalize_text(self._settings.get("agency.name")),
        )

    def receipt_data(self, code: str, receipt: str | None = None, *, reprint: bool = False) -> FeeReceiptData:
        """A receipt of dossier `code` as committed (`receipt` None: its latest). Raises DossierNotFound,
        ReceiptNotFound."""
        detail = self._dossiers.detail(code)
        collected = [e for e in detail.timeline if e.kind == EventKind.FEE_COLLECTED]
        event = collected[-1] if collected else None
        if receipt:
            ref = parse_receipt_ref(receipt)
            event = next(
                (
                    e
                    for e in reversed(collected)
                    if ref
                    and e.payload.get("receipt_number") == ref[1]
                    and (ref[0] is None or e.payload.get("receipt_series") == ref[0])
                ),
                None,
            )
        if event is None:
            what = f"biên lai số {receipt}" if receipt else "biên lai thu phí nào"
            raise ReceiptNotFound(f"Hồ sơ {detail.code} không có {what}.")
        p = event.payload
        account = next(
            a
            for a in fee_accounts(detail.timeline)
            if a.series == p["receipt_series"] and a.number == p["receipt_number"]
        )
        state = ""
        if account.cancelled:
            state = "BIÊN LAI ĐÃ BỊ HỦY"
        elif account.refunded:
            state = f"Đã hoàn trả {format_dong(account.refunded)} đồng"
        with self._db.read() as session:
            row = repository.dossier_by_code(session, detail.code)
            procedure = repository.procedure_version(session, row.procedure_id) if row is not None else None
        return FeeReceiptData(
            agency=self._agency(),
            series=p["receipt_series"],
            number=int(p["receipt_number"]),
            issued_at=event.occurred_at,
            amount=int(p["amount"]),
            method=p.get("method") or "",
            payer=p.get("payer") or detail.applicant_name,
            dossier_code=detail.code,
            procedure_name=detail.procedure_name,
            items=tuple(procedure.fees.describe()) if procedure else (),
            officer_name=event.officer,
            note=p.get("note") or "",
            state=state,
            reprint=reprint,
        )

    def receipt_pdf(self, code: str, receipt: str | None = None, *, reprint: bool = False) -> bytes:
        """The receipt (both copies) as PDF bytes. Must run on the rendering worker."""
        from counter_app.printing.fee_receipt import render_fee_receipt  # reportlab: not at the window's start

        return render_fee_receipt(self.receipt_data(code, receipt, reprint=reprint))

    def proposal(self, code: str) -> int | None:
        """What the procedure's schedule says to collect (its fixed items), None when it does not say."""
        with self._db.read() as session:
            row = repository.dossier_by_code(session, code.strip().upper())
            procedure = repository.procedure_version(session, row.procedure_id) if row is not None else None
        if procedure is None or not procedure.fees.items or any(i.per_unit for i in procedure.fees.items):
            return None
        return procedure.fees.fixed_total()

    # --- the register -----------------------------------------------------------------------------------------

    def register(self, date_from: date, date_to: date) -> FeeRegisterData:
        """Every fee entry from `date_from` to `date_to` (office days, both included) and the totals per procedure
        (reports permission: the supervisor and the accountant's export). Raises ValueError for a bad range."""
        self._settings.access.require(Action.REPORTS)
        if date_from > date_to:
            raise ValueError(f"Ngày bắt đầu {date_from:%d/%m/%Y} sau ngày kết thúc {date_to:%d/%m/%Y}.")
        if (date_to - date_from).days >= REGISTER_MAX_DAYS:
            raise ValueError(f"Sổ thu phí lập tối đa {REGISTER_MAX_DAYS} ngày một lần; hãy chia nhỏ khoảng thời gian.")
        start = datetime.combine(date_from, time(), OFFICE_TZ)
        end = datetime.combine(date_to + timedelta(days=1), time(), OFFICE_TZ)
        with self._db.read() as session:
            entries = fee_rows.fee_entries(session, start, end)
        totals, grand = fee_totals(entries)
        return FeeRegisterData(self._agency(), date_from, date_to, tuple(entries), tuple(totals), grand, self._clock())

    def register_pdf(self, data: FeeRegisterData) -> bytes:
        from counter_app.printing.fee_receipt import render_fee_register

        return render_fee_register(data)

    def register_xlsx(self, data: FeeRegisterData, path: Path) -> None:
        """The register as an XLSX workbook, written beside `path` and renamed into place: never half a file."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.stem}-{os.getpid()}.part{path.suffix}")
        try:
            write_register_workbook(data, partial)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise

    @staticmethod
    def register_json(data: FeeRegisterData) -> str:
        return json.dumps(register_document(data), ensure_ascii=False, indent=2)


ENTRY_HEADERS = (
    "STT", "Thời điểm", "Ký hiệu", "Số biên lai", "Loại", "Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Người nộp",
    "Hình thức", "Số tiền (đồng)", "Lý do", "Cán bộ",
)  # fmt: skip
TOTAL_HEADERS = (
    "Mã thủ tục", "Tên thủ tục", "Số biên lai", "Đã thu", "Hoàn trả", "Hủy", "Còn lại", "Tiền mặt", "Chuyển khoản",
)  # fmt: skip
SHEET_ENTRIES = "Sổ thu phí"
SHEET_TOTALS = "Tổng hợp theo thủ tục"


_METHODS = frozenset(m.value for m in PaymentMethod)


def _method(entry: FeeEntry) -> str:
    return PAYMENT_METHOD_LABELS[PaymentMethod(entry.method)] if entry.method in _METHODS else entry.method


def _total_row(t: FeeTotal) -> list[object]:
    return [t.procedure_code, t.procedure_name, t.receipts, t.collected, t.refunded, t.cancelled, t.net, t.cash,
            t.transfer]  # fmt: skip


def register_tables(data: FeeRegisterData) -> dict[str, list[list[object]]]:
    """The register as two sheets (header row first): every entry (signed amounts), the totals per procedure."""
    entries: list[list[object]] = [list(ENTRY_HEADERS)]
    for i, e in enumerate(data.entries, start=1):
        entries.append(
            [
                i,
                as_office_time(e.at).replace(tzinfo=None),
                e.series,
                format_receipt_number(e.number),
                ENTRY_LABELS[e.kind],
                e.code,
                e.procedure_code,
                e.procedure_name,
                e.payer,
                _method(e),
                e.signed_amount,
                e.reason or None,
                e.officer,
            ]
        )
    totals: list[list[object]] = [list(TOTAL_HEADERS)]
    totals += [_total_row(t) for t in data.totals]
    totals.append(["", "Tổng cộng", *_total_row(data.grand_total)[2:]])
    return {SHEET_ENTRIES: entries, SHEET_TOTALS: totals}


# Column widths (characters) of the two sheets, and the columns holding đồng amounts.
ENTRY_WIDTHS = (6, 17, 9, 12, 14, 22, 24, 44, 24, 14, 16, 28, 22)
TOTAL_WIDTHS = (24, 50, 12, 16, 16, 16, 16, 16, 16)
MONEY_FORMAT = "#,##0"


def write_register_workbook(data: FeeRegisterData, target: Path) -> None:
    """Each sheet: the title, the period and the unit above a bold header row; amounts as numbers (#,##0)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    tables = register_tables(data)
    workbook = Workbook()
    workbook.remove(workbook.active)
    title = f"SỔ THEO DÕI THU PHÍ, LỆ PHÍ — {data.agency.name}"
    period = f"Từ ngày {data.date_from:%d/%m/%Y} đến ngày {data.date_to:%d/%m/%Y}. Đơn vị tính: đồng"
    layouts = {SHEET_ENTRIES: (ENTRY_WIDTHS, {11}), SHEET_TOTALS: (TOTAL_WIDTHS, {4, 5, 6, 7, 8, 9})}
    for name, rows in tables.items():
        widths, money = layouts[name]
        ws = workbook.create_sheet(name)
        ws.append([title])
        ws.append([period])
        ws.append([])
        ws["A1"].font = Font(bold=True, size=13)
        for row in rows:
            ws.append(list(row))
        header = 4
        for cell in ws[header]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DCE6F1")
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.freeze_panes = f"A{header + 1}"
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        for row in ws.iter_rows(min_row=header + 1):
            for cell in row:
                if cell.column in money and isinstance(cell.value, int):
                    cell.number_format = MONEY_FORMAT
                elif isinstance(cell.value, datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM"
        if name == SHEET_TOTALS:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToHeight = 0
    workbook.save(target)


def register_document(data: FeeRegisterData) -> dict:
    """The register as JSON (`counter-app fee-report --json`): amounts in integer đồng."""

    def total(t: FeeTotal) -> dict:
        return {
            "procedure_code": t.procedure_code,
            "procedure_name": t.procedure_name,
            "receipts": t.receipts,
            "collected": t.collected,
            "refunded": t.refunded,
            "cancelled": t.cancelled,
            "net": t.net,
            "cash": t.cash,
            "transfer": t.transfer,
        }

    return {
        "from": data.date_from.isoformat(),
        "to": data.date_to.isoformat(),
        "entries": [
            {
                "kind": e.kind.value,
                "at": e.at.isoformat(timespec="seconds"),
                "receipt_series": e.series,
                "receipt_number": e.number,
                "code": e.code,
                "procedure_code": e.procedure_code,
                "amount": e.amount,
                "signed_amount": e.signed_amount,
                "method": e.method,
                "payer": e.payer,
                "reason": e.reason,
                "officer": e.officer,
            }
            for e in data.entries
        ],
        "by_procedure": [total(t) for t in data.totals],
        "total": total(data.grand_total),
    }
