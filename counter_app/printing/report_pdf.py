"""The period report (Biểu số 06/VPCP/KSTT) as PDF on A4 landscape, laid out like the XLSX export: agency and form
number, title and period, "Đơn vị tính", the table with its merged two-row header and column numbers (repeated on
every page), the total row, the notes, the summary paragraph and the signature blocks. The notes, summary, place and
date and signatures stay together, with the last rows of the table (layout.TableWithTail).

Reads a domain Report (plain data); uses the shared layout's fonts, styles and PDF build read-only.
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.colors import black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from counter_app.domain.reports import (
    COLUMN_HEADINGS,
    FORM_NUMBER,
    FORM_TITLE,
    GROUP_HEADINGS,
    LABEL_HEADING,
    LABEL_HEADINGS,
    OUTPUT_KEYS,
    UNIT_LINE,
    Report,
    signature_date,
    table_lines,
)
from counter_app.printing import layout as L
from counter_app.printing.fonts import register_fonts
from counter_app.printing.markup import escape

A4_LANDSCAPE = replace(
    L.paper_spec("A4"),
    name="A4-landscape-report",
    width=A4[1],
    height=A4[0],
    margin_left=20 * mm,
    margin_right=12 * mm,
    margin_top=12 * mm,
    margin_bottom=14 * mm,
    body_size=12,
    header_size=11.5,
    motto_size=12,
    title_size=13,
    small_size=10,
    table_size=10.5,
)


def _styles():
    fam = register_fonts()
    spec = A4_LANDSCAPE
    ts = spec.table_size

    def style(name: str, **kw) -> ParagraphStyle:
        base = dict(fontName=fam.regular, fontSize=ts, leading=round(ts * 1.15, 2), alignment=TA_CENTER)
        base.update(kw)
        return ParagraphStyle(f"report-{name}", **base)

    return {
        "head": style("head", fontName=fam.bold),
        "cell": style("cell", alignment=TA_LEFT),
        "cell_bold": style("cell-bold", fontName=fam.bold, alignment=TA_LEFT),
        "total": style("total", fontName=fam.bold),
        "agency": style("agency", fontSize=spec.header_size, leading=spec.header_size * 1.2),
        "agency_bold": style(
            "agency-bold", fontName=fam.bold, fontSize=spec.header_size, leading=spec.header_size * 1.2
        ),
        "form": style("form", fontName=fam.bold, fontSize=spec.header_size, leading=spec.header_size * 1.2),
        "form_note": style("form-note", fontName=fam.italic, fontSize=spec.small_size, leading=spec.small_size * 1.2),
        "title": style("title", fontName=fam.bold, fontSize=spec.title_size, leading=spec.title_size * 1.3),
        "subtitle": style("subtitle", fontName=fam.italic, fontSize=spec.body_size, leading=spec.body_size * 1.25),
        "unit": style("unit", fontName=fam.italic, fontSize=spec.small_size, alignment=TA_RIGHT),
        "summary": style(
            "summary",
            fontSize=spec.body_size - 0.5,
            leading=(spec.body_size - 0.5) * 1.3,
            alignment=TA_JUSTIFY,
            firstLineIndent=8 * mm,
        ),
        "summary_head": style("summary-head", fontName=fam.bold, fontSize=spec.small_size, alignment=TA_LEFT),
    }


def _header(report: Report, st: dict, width: float) -> Flowable:
    left = [
        Paragraph(escape((report.governing_name or "").upper()), st["agency"]),
        Paragraph(escape((report.agency_name or "").upper()), st["agency_bold"]),
    ]
    right = [
        Paragraph(escape(FORM_NUMBER), st["form"]),
        Paragraph(escape(f"Đơn vị báo cáo: {report.agency_name}"), st["form_note"]),
    ]
    table = Table([[left, "", right]], colWidths=[width * 0.42, width * 0.23, width * 0.35])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _table(report: Report, st: dict, width: float) -> Table:

    fam = register_fonts()
    n_fig = len(OUTPUT_KEYS)
    stt_w = 11 * mm
    # Procedure names need more width than field names; column (5) has the longest heading.
    fig_w = (15.2 if report.group_by == "procedure" else 16.7) * mm
    fig_widths = [fig_w + (4.8 * mm if key == "received_direct" else 0) for key in OUTPUT_KEYS]
    label_w = width - stt_w - sum(fig_widths)
    label_heading = LABEL_HEADINGS.get(report.group_by, LABEL_HEADING)
    head1: list[object] = [Paragraph("STT", st["head"]), Paragraph(escape(label_heading), st["head"])]
    head2: list[object] = ["", ""]
    spans = [((0, 0), (0, 1)), ((1, 0), (1, 1))]
    col = 2
    for title, keys in GROUP_HEADINGS:
        head1 += [Paragraph(escape(title), st["head"])] + [""] * (len(keys) - 1)
        spans.append(((col, 0), (col + len(keys) - 1, 0)))
        for key in keys:
            head2.append(Paragraph(escape(COLUMN_HEADINGS[key][1]), st["head"]))
        col += len(keys)
    numbers = [f"({i})" for i in range(1, n_fig + 3)]
    body: list[list[object]] = []
    bold_rows: list[int] = []
    for number, label, row, kind in table_lines(report):
        r = 3 + len(body)
        bold = kind == "total" or (report.group_by == "procedure" and kind == "field")
        if bold:
            bold_rows.append(r)
        style = st["total"] if kind == "total" else st["cell_bold"] if bold else st["cell"]
        body.append(
            [number, Paragraph(escape(label), style), *(f"{getattr(row, k):,}".replace(",", ".") for k in OUTPUT_KEYS)]
        )
    if not report.rows:
        body.insert(0, ["", Paragraph("Không có hồ sơ nào trong kỳ.", st["cell"]), *([""] * n_fig)])
        bold_rows = [r + 1 for r in bold_rows]
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("FONTNAME", (0, 0), (-1, -1), fam.regular),
        ("FONTSIZE", (0, 0), (-1, -1), A4_LANDSCAPE.table_size),
        ("FONTNAME", (0, 2), (-1, 2), fam.italic),
        ("FONTSIZE", (0, 2), (-1, 2), A4_LANDSCAPE.table_size - 1),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("SPAN", a, b) for a, b in spans]
    commands += [("FONTNAME", (0, r), (-1, r), fam.bold) for r in bold_rows]
    return Table(
        [head1, head2, numbers, *body],
        colWidths=[stt_w, label_w, *fig_widths],
        repeatRows=3,
        style=TableStyle(commands),
    )


def report_story(report: Report) -> list[Flowable]:
    spec = A4_LANDSCAPE
    width = spec.text_width
    st = _styles()
    fs = L.form_styles(spec)
    period = f"Kỳ báo cáo: {report.period.label} {report.period_line}"
    story: list[Flowable] = [
        _header(report, st, width),
        Spacer(1, 3 * mm),
        Paragraph(escape(FORM_TITLE), st["title"]),
        Paragraph(escape(period), st["subtitle"]),
        Paragraph(escape(UNIT_LINE), st["unit"]),
        Spacer(1, 1.5 * mm),
    ]
    # The end of the report (notes, summary, place and date, signatures) is one block that goes with the
    # last rows of the table (the total row at least): never the signatures alone on a page.
    # The footnotes of the policy settings that change a figure come first, under the table they qualify.
    tail: list[Flowable] = list(L.notes_block(report.footnotes, fs, title="Thiết lập"))
    tail += L.notes_block(report.notes, fs)
    if report.summary:
        tail += [
            Spacer(1, 2 * mm),
            Paragraph("Tóm tắt (để đưa vào báo cáo):", st["summary_head"]),
            Spacer(1, 1 * mm),
            Paragraph(escape(report.summary), st["summary"]),
        ]

    date_line = Paragraph(escape(signature_date(report)), fs.header_date)
    signatures = L.signature_row(
        [
            L.SignatureBlock("NGƯỜI LẬP BIỂU", hint="(Ký, ghi rõ họ tên)"),
            L.SignatureBlock("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", hint="(Ký tên, đóng dấu)"),
        ],
        fs,
        space=15 * mm,
    )
    dated = Table(
        [["", date_line]],
        colWidths=[width / 2, width / 2],
        style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]),
    )
    tail += [Spacer(1, 2 * mm), dated, signatures]
    story.append(L.TableWithTail([], _table(report, st, width), tail))
    return story


def render_report_pdf(report: Report) -> bytes:
    """The report as PDF bytes (A4 landscape; pages numbered when there is more than one)."""
    return L.build_pdf(
        report_story(report),
        A4_LANDSCAPE,
        title=f"{FORM_NUMBER} — {report.period.label}",
        subject=f"{FORM_TITLE} {report.period_line}",
    )


__all__ = ["A4_LANDSCAPE", "render_report_pdf", "report_story"]
