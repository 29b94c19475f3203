"""The fee receipt "Biên lai thu phí, lệ phí" (two copies on one A4 sheet, cut along the dashed line) and the fee
register for the accountant (A4 landscape: every entry of a period, then the totals per procedure).

Reads plain data (FeeReceiptData, FeeRegisterData, in printing/data.py so that the services hold them without
importing reportlab); uses the shared fonts. Amounts are integer đồng, written in
figures with the Vietnamese thousands separator and, on the receipt, in words (domain.fees.amount_in_words).
"""

from __future__ import annotations

import io
from datetime import datetime

from reportlab.lib.colors import black, grey
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from counter_app.domain.calendar import as_office_time
from counter_app.domain.fees import (
    ENTRY_LABELS,
    PAYMENT_METHOD_LABELS,
    amount_in_words,
    format_dong,
    format_receipt_number,
)
from counter_app.printing.data import FeeReceiptData, FeeRegisterData
from counter_app.printing.fonts import register_fonts
from counter_app.printing.markup import escape
from counter_app.printing.recent import dossier_own

TITLE = "BIÊN LAI THU PHÍ, LỆ PHÍ"
COPIES = (
    ("Liên 1", "Lưu tại cơ quan thu"),
    ("Liên 2", "Giao cho người nộp tiền"),
)
REGISTER_TITLE = "SỔ THEO DÕI THU PHÍ, LỆ PHÍ"


def _styles(size: float = 11) -> dict[str, ParagraphStyle]:
    fam = register_fonts()

    def style(name: str, **kw) -> ParagraphStyle:
        base = dict(fontName=fam.regular, fontSize=size, leading=round(size * 1.3, 2), alignment=TA_LEFT)
        base.update(kw)
        return ParagraphStyle(f"fee-{name}-{size}", **base)

    return {
        "body": style("body"),
        "center": style("center", alignment=TA_CENTER),
        "center_bold": style("center-bold", alignment=TA_CENTER, fontName=fam.bold),
        "right": style("right", alignment=TA_RIGHT),
        "italic_center": style("italic-center", alignment=TA_CENTER, fontName=fam.italic, fontSize=size - 1),
        "title": style("title", alignment=TA_CENTER, fontName=fam.bold, fontSize=size + 4, leading=(size + 4) * 1.3),
        "bold": style("bold", fontName=fam.bold),
        "small": style("small", fontSize=size - 2, leading=(size - 2) * 1.25),
        "mark": style("mark", alignment=TA_CENTER, fontName=fam.bold, fontSize=size, textColor=grey),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _date_line(place: str, moment: datetime) -> str:
    m = as_office_time(moment)
    return f"{place or '……'}, ngày {m.day:02d} tháng {m.month:02d} năm {m.year}"


class CutLine(Flowable):
    """The dashed line the two copies are cut along."""

    def __init__(self, width: float):
        super().__init__()
        self.width, self.height = width, 6 * mm

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(grey)
        c.setDash(3, 3)
        c.line(0, self.height / 2, self.width, self.height / 2)


def _copy(data: FeeReceiptData, copy: tuple[str, str], st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    a = data.agency
    left = [
        _p(a.governing_name, st["center"]),
        _p(a.name, st["center_bold"]),
        _p(a.unit_name, st["center"]),
    ]
    right = [
        _p(f"Ký hiệu: {data.series}", st["right"]),
        _p(f"Số: {format_receipt_number(data.number)}", st["right"]),
    ]
    head = Table([[left, right]], colWidths=[width * 0.62, width * 0.38])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    method = PAYMENT_METHOD_LABELS.get(data.method, data.method)  # type: ignore[call-overload]
    lines = [
        f"Họ tên người nộp tiền: {data.payer}",
        f"Mã hồ sơ: {data.dossier_code}",
        f"Thủ tục: {data.procedure_name}",
        "Nội dung thu: " + ("; ".join(data.items) if data.items else "Phí, lệ phí giải quyết thủ tục hành chính"),
    ]
    story: list[Flowable] = [head, Spacer(1, 3 * mm), _p(TITLE, st["title"])]
    story.append(_p(f"({copy[0]}: {copy[1]})", st["italic_center"]))
    if data.reprint:
        story.append(_p("BẢN IN LẠI", st["mark"]))
    story.append(Spacer(1, 3 * mm))
    story += [_p(line, st["body"]) for line in lines]
    story.append(Paragraph(f"Số tiền: <b>{format_dong(data.amount)} đồng</b>", st["body"]))
    story.append(_p(f"(Viết bằng chữ: {amount_in_words(data.amount)})", st["body"]))
    story.append(_p(f"Hình thức thanh toán: {method}", st["body"]))
    if data.note:
        story.append(_p(f"Ghi chú: {data.note}", st["body"]))
    if data.state:
        story.append(_p(data.state, st["bold"]))
    story.append(Spacer(1, 2 * mm))
    story.append(_p(_date_line(a.place, data.issued_at), st["italic_center"]))
    signatures = Table(
        [
            [_p("NGƯỜI NỘP TIỀN", st["center_bold"]), _p("NGƯỜI THU TIỀN", st["center_bold"])],
            [_p("(Ký, ghi rõ họ tên)", st["italic_center"]), _p("(Ký, ghi rõ họ tên)", st["italic_center"])],
            [Spacer(1, 14 * mm), Spacer(1, 14 * mm)],
            [_p(data.payer, st["center"]), _p(data.officer_name, st["center"])],
        ],
        colWidths=[width / 2, width / 2],
    )
    signatures.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    story.append(signatures)
    return [KeepTogether(story)]


def render_fee_receipt(data: FeeReceiptData) -> bytes:
    """Both copies of the receipt on one A4 page (liên 1 above, liên 2 below the dashed line), as PDF bytes."""
    buffer = io.BytesIO()
    margin = 12 * mm
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=10 * mm,
        bottomMargin=8 * mm,
        title=f"{TITLE} {data.series} số {format_receipt_number(data.number)}",
        subject=data.dossier_code,
        author=data.agency.name,
        invariant=1,
    )
    width = A4[0] - 2 * margin
    st = _styles(10.5)
    story: list[Flowable] = []
    story += _copy(data, COPIES[0], st, width)
    story += [Spacer(1, 3 * mm), CutLine(width), Spacer(1, 3 * mm)]
    story += _copy(data, COPIES[1], st, width)
    with dossier_own():  # the payer's name: nothing of it kept in the printing caches (recent.py)
        doc.build(story)
    return buffer.getvalue()


# --- the register -----------------------------------------------------------------------------------------------


def render_fee_register(data: FeeRegisterData) -> bytes:
    """The fee register of a period: every entry, then the totals per procedure and the grand total."""
    buffer = io.BytesIO()
    margin = 12 * mm
    page = landscape(A4)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=REGISTER_TITLE,
        author=data.agency.name,
        invariant=1,
    )
    width = page[0] - 2 * margin
    st = _styles(9.5)
    a = data.agency
    story: list[Flowable] = [
        _p(a.name, st["bold"]),
        _p(a.unit_name, st["body"]),
        Spacer(1, 3 * mm),
        _p(REGISTER_TITLE, st["title"]),
        _p(f"Từ ngày {data.date_from:%d/%m/%Y} đến ngày {data.date_to:%d/%m/%Y}", st["italic_center"]),
        _p("Đơn vị tính: đồng", st["right"]),
        Spacer(1, 2 * mm),
    ]
    head = ["STT", "Ngày", "Ký hiệu, số", "Loại", "Mã hồ sơ", "Thủ tục", "Người nộp", "Hình thức", "Số tiền", "Cán bộ"]
    rows: list[list[object]] = [[_p(h, st["center_bold"]) for h in head]]
    for i, e in enumerate(data.entries, start=1):
        method = PAYMENT_METHOD_LABELS.get(e.method, e.method)  # type: ignore[call-overload]
        kind = ENTRY_LABELS[e.kind] + (f": {e.reason}" if e.reason else "")
        rows.append(
            [
                _p(str(i), st["center"]),
                _p(f"{as_office_time(e.at):%d/%m/%Y %H:%M}", st["center"]),
                _p(f"{e.series} {format_receipt_number(e.number)}", st["center"]),
                _p(kind, st["body"]),
                _p(e.code, st["body"]),
                _p(e.procedure_name, st["small"]),
                _p(e.payer, st["body"]),
                _p(method, st["center"]),
                _p(format_dong(e.signed_amount), st["right"]),
                _p(e.officer, st["body"]),
            ]
        )
    if not data.entries:
        rows.append([_p("Không có khoản thu nào trong kỳ.", st["center"])] + [""] * (len(head) - 1))
    entry_fractions = (0.04, 0.08, 0.1, 0.1, 0.14, 0.19, 0.11, 0.07, 0.08, 0.09)
    table = Table(rows, colWidths=[width * f for f in entry_fractions], repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if not data.entries:
        style.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(style))
    story += [table, Spacer(1, 5 * mm), _p("TỔNG HỢP THEO THỦ TỤC", st["center_bold"]), Spacer(1, 2 * mm)]
    total_head = [
        "Mã thủ tục",
        "Tên thủ tục",
        "Số biên lai",
        "Đã thu",
        "Hoàn trả",
        "Hủy",
        "Còn lại",
        "Tiền mặt",
        "Chuyển khoản",
    ]
    total_rows: list[list[object]] = [[_p(h, st["center_bold"]) for h in total_head]]
    for t in (*data.totals, data.grand_total):
        bold = t is data.grand_total
        cell = st["bold"] if bold else st["body"]
        number = st["right"]
        total_rows.append(
            [
                _p(t.procedure_code, cell),
                _p(t.procedure_name, cell),
                _p(str(t.receipts), number),
                _p(format_dong(t.collected), number),
                _p(format_dong(t.refunded), number),
                _p(format_dong(t.cancelled), number),
                _p(format_dong(t.net), number),
                _p(format_dong(t.cash), number),
                _p(format_dong(t.transfer), number),
            ]
        )
    total_fractions = (0.14, 0.32, 0.07, 0.08, 0.08, 0.08, 0.08, 0.07, 0.08)
    totals = Table(total_rows, colWidths=[width * f for f in total_fractions], repeatRows=1)
    totals.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story.append(totals)
    story += [
        Spacer(1, 4 * mm),
        _p(f"Số tiền còn lại bằng chữ: {amount_in_words(data.grand_total.net)}", st["body"])
        if data.grand_total.net >= 0
        else _p("", st["body"]),
        Spacer(1, 4 * mm),
        _p(_date_line(a.place, data.made_at), st["italic_center"]),
        Table(
            [
                [_p("NGƯỜI LẬP SỔ", st["center_bold"]), _p("KẾ TOÁN", st["center_bold"])],
                [_p("(Ký, ghi rõ họ tên)", st["italic_center"]), _p("(Ký, ghi rõ họ tên)", st["italic_center"])],
            ],
            colWidths=[width / 2, width / 2],
        ),
    ]
    with dossier_own():  # the payers' names
        doc.build(story)
    return buffer.getvalue()
