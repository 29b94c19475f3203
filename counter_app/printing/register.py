"""Sổ theo dõi hồ sơ (form 07 under Circular 03/2025, 06 in 2018): the dossiers received in a date range,
one row each, on A4 landscape.

Columns as DOMAIN.md §2.7 (no official copy found; the heads are in the form texts): TT · Mã hồ sơ · Tên
TTHC · Số lượng hồ sơ (bộ) · Tên cá nhân, tổ chức · Địa chỉ, số điện thoại · Cơ quan chủ trì giải quyết ·
the five dates (nhận hồ sơ, hẹn trả, chuyển đến cơ quan giải quyết, nhận kết quả từ cơ quan giải quyết, trả
kết quả) under one "Ngày, tháng, năm" head · Ký nhận · Ghi chú. The three header rows (heads, date heads,
column numbers) repeat on every page; build_pdf numbers the pages ("Trang i/n") once there is more than one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from counter_app.printing import layout as L
from counter_app.printing.data import RegisterData, RegisterRow
from counter_app.printing.fonts import register_fonts
from counter_app.printing.form_texts import FormTexts, load_form_texts
from counter_app.printing.recent import dossier_own
from counter_app.printing.slips import common_values, paged_table, ruled_table, short_date

# A4 turned: the register is a wide table. Binding on the left, as for a book.
A4_LANDSCAPE = replace(
    L.paper_spec("A4"),
    name="A4-landscape",
    width=A4[1],
    height=A4[0],
    margin_left=20 * mm,
    margin_right=10 * mm,
    margin_top=12 * mm,
    margin_bottom=14 * mm,
    body_size=12,
    header_size=11,
    motto_size=12,
    title_size=14,
    small_size=9,
    table_size=8,
)


def _when(moment: datetime | None) -> str:
    """ "25/11/2026 08:30" (wraps to date / time in a narrow column); "" for None."""
    if moment is None:
        return ""
    return f"{short_date(moment)} {moment.hour:02d}:{moment.minute:02d}"


def _widths(rows: tuple[RegisterRow, ...], total: float) -> list[float]:
    """Column widths (points): fixed for numbers, codes and dates, the rest shared by the text columns."""
    fam = register_fonts()
    size = A4_LANDSCAPE.table_size
    pad = 6 + 1
    code_w = (
        max([stringWidth("Mã hồ sơ", fam.bold, size)] + [stringWidth(r.code, fam.regular, size) for r in rows]) + pad
    )
    date_w = stringWidth("00/00/0000", fam.regular, size) + pad + 2
    tt_w = max(stringWidth(str(len(rows) or 1), fam.regular, size), stringWidth("TT", fam.bold, size)) + pad
    copies_w = 13 * mm
    sign_w = 13 * mm
    fixed = tt_w + code_w + copies_w + 5 * date_w + sign_w
    # procedure, applicant, contact, deciding unit, note
    shares = (0.26, 0.17, 0.29, 0.15, 0.13)
    rest = max(total - fixed, 60 * mm)
    procedure, applicant, contact, deciding, note = (rest * s for s in shares)
    return [tt_w, code_w, procedure, copies_w, applicant, contact, deciding, *([date_w] * 5), sign_w, note]


def register_story(data: RegisterData, texts: FormTexts) -> list[Flowable]:
    form = texts.form("register")
    spec = A4_LANDSCAPE
    st = L.form_styles(spec)
    values = {
        **common_values(data.agency, None),
        "date_from": short_date(data.date_from),
        "date_to": short_date(data.date_to),
    }
    story: list[Flowable] = [L.agency_header(data.agency, None, st)]
    subtitle = form.plain("period", **values)
    story += L.form_title(form.title, st, subtitle=subtitle)
    story.append(L.gap(st, 1.5))

    c = form.columns
    head1 = [
        c["number"],
        c["code"],
        c["procedure"],
        c["copies"],
        c["applicant"],
        c["contact"],
        c["deciding_unit"],
        c["dates"],
        "",
        "",
        "",
        "",
        c["signature"],
        c["note"],
    ]
    head2 = ["", "", "", "", "", "", "", c["received"], c["due"], c["handed"], c["result"], c["returned"], "", ""]
    numbers = [f"({i})" for i in range(1, 15)]
    spans = [((col, 0), (col, 1)) for col in (0, 1, 2, 3, 4, 5, 6, 12, 13)] + [((7, 0), (11, 0))]
    body: list[list[object]] = []
    for i, row in enumerate(data.rows, start=1):
        body.append(
            [
                str(i),
                row.code,
                row.procedure_name,
                L.two_digits(row.copies),
                row.applicant_name,
                row.contact,
                row.deciding_unit,
                _when(row.received_at),
                _when(row.due_at),
                _when(row.handed_at),
                _when(row.result_at),
                _when(row.returned_at),
                "",
                "; ".join(row.notes),
            ]
        )
    extra: list[tuple] = [
        ("FONTNAME", (0, 2), (-1, 2), register_fonts().italic),
        ("ALIGN", (0, 2), (-1, 2), "CENTER"),
    ]
    widths = _widths(data.rows, spec.text_width)
    centered = (0, 3, 7, 8, 9, 10, 11)
    # The column-number row is the third header row: it repeats with the heads.
    if not body:
        body.append([form.plain("empty")] + [""] * 13)
        spans.append(((0, 3), (-1, 3)))
        extra.append(("ALIGN", (0, 3), (-1, 3), "CENTER"))
        story.append(
            ruled_table([head1, head2, numbers], body, widths, st, spans=spans, centered_cols=centered, extra=extra)
        )
        return story
    page_height = spec.height - spec.margin_top - spec.margin_bottom
    story += paged_table(
        [head1, head2, numbers],
        body,
        widths,
        st,
        first_page_height=page_height - _height(story, spec.text_width) - 2,
        page_height=page_height - 1,
        spans=spans,
        centered_cols=centered,
        extra=extra,
    )
    return story


def _height(flowables: list[Flowable], width: float) -> float:
    """The height the flowables take at the top of a page (a little more, never less)."""
    total = 0.0
    for flowable in flowables:
        _, height = flowable.wrap(width, 1e9)
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def render_register(data: RegisterData, texts: FormTexts | None = None) -> bytes:
    """The register as PDF bytes on A4 landscape (the header rows repeat on every page, pages numbered).

    Every cell is some applicant's own (names, addresses, phones as plain table strings): the whole register is
    rendered inside recent.dossier_own(), so a reprint leaves none of it in the printing caches. A register is
    printed a few times a day; what replay would save is not worth keeping citizens' lines in memory."""
    texts = texts or load_form_texts()
    form = texts.form("register")
    with dossier_own():
        return L.build_pdf(
            register_story(data, texts),
            A4_LANDSCAPE,
            title=f"{form.title.capitalize()} {short_date(data.date_from)} – {short_date(data.date_to)}",
            subject=form.plain("period", date_from=short_date(data.date_from), date_to=short_date(data.date_to)),
        )
