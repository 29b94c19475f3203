"""The period report as files: XLSX laid out like the official form (Biểu số 06/VPCP/KSTT) and JSON for machines.

The workbook: agency and form number on top, the title with the period, "Đơn vị tính", a two-row header with
merged group cells in Vietnamese, the column numbers (1)…(13), one row per field (per procedure: grouped under
bold field rows with their subtotal), the total row, the notes, the summary paragraph and the signature lines.
Figures are numbers (not text) so the office can add them up; the page is A4 landscape, fitted to the width,
with the header rows repeated on every printed page. The PDF (printing/report_pdf.py) follows the same layout.
"""

from __future__ import annotations

import io
import json
import math

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

FONT = "Times New Roman"


def report_json(report: Report) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"


def report_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 06"
    n_cols = 2 + len(OUTPUT_KEYS)  # 13
    last = get_column_letter(n_cols)
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)

    def font(size: float = 12, bold: bool = False, italic: bool = False) -> Font:
        return Font(name=FONT, size=size, bold=bold, italic=italic)

    def put(
        cell: str,
        value,
        *,
        size: float = 12,
        bold: bool = False,
        italic: bool = False,
        align=center,
        merge_to: str | None = None,
    ) -> None:
        ws[cell] = value
        ws[cell].font = font(size, bold, italic)
        ws[cell].alignment = align
        if merge_to:
            ws.merge_cells(f"{cell}:{merge_to}")

    widths = [6, 40] + [9.5] * len(OUTPUT_KEYS)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    # Heading: the agency on the left, the form number on the right.
    put("A1", (report.governing_name or "").upper(), merge_to="E1")
    put("A2", (report.agency_name or "").upper(), bold=True, merge_to="E2")
    put("J1", FORM_NUMBER, bold=True, merge_to=f"{last}1")
    put("J2", "Đơn vị báo cáo: " + (report.agency_name or ""), size=11, italic=True, merge_to=f"{last}2")
    put("A4", FORM_TITLE, size=13, bold=True, merge_to=f"{last}4")
    ws.row_dimensions[4].height = 20
    put("A5", f"Kỳ báo cáo: {report.period.label} {report.period_line}", italic=True, merge_to=f"{last}5")
    put("A6", UNIT_LINE, size=11, italic=True, align=Alignment(horizontal="right"), merge_to=f"{last}6")

    # The two-row header with merged groups, then the column numbers.
    h1, h2, h3 = 7, 8, 9
    put(f"A{h1}", "STT", bold=True, merge_to=f"A{h2}")
    label_heading = LABEL_HEADINGS.get(report.group_by, LABEL_HEADING)
    put(f"B{h1}", label_heading, bold=True, merge_to=f"B{h2}")
    col = 3
    for title, keys in GROUP_HEADINGS:
        first, end = get_column_letter(col), get_column_letter(col + len(keys) - 1)
        put(f"{first}{h1}", title, bold=True, merge_to=f"{end}{h1}")
        for key in keys:
            put(f"{get_column_letter(col)}{h2}", COLUMN_HEADINGS[key][1], bold=True)
            col += 1
    for c in range(1, n_cols + 1):
        put(f"{get_column_letter(c)}{h3}", f"({c})", size=11, italic=True)
    ws.row_dimensions[h1].height = 33
    ws.row_dimensions[h2].height = 48

    r = h3 + 1
    first_body = r
    for number, label, row, kind in table_lines(report):
        bold = kind in ("field", "total") and (report.group_by == "procedure" or kind == "total")
        put(f"A{r}", number, bold=bold)
        put(f"B{r}", label, bold=bold, align=center if kind == "total" else left)
        for c, key in enumerate(OUTPUT_KEYS, start=3):
            cell = ws.cell(row=r, column=c, value=getattr(row, key))
            cell.font = font(12, bold)
            cell.alignment = Alignment(horizontal="center", vertical="center")
            cell.number_format = "#,##0"
        lines = max(1, math.ceil(len(label) / 44))
        ws.row_dimensions[r].height = max(18, 16 * lines)
        r += 1
    for row_cells in ws.iter_rows(min_row=h1, max_row=r - 1, min_col=1, max_col=n_cols):
        for cell in row_cells:
            cell.border = box

    # The footnotes of the policy settings that change a figure, the notes, the summary paragraph, the signatures.
    text_chars = int(sum(widths) * 1.3)  # characters of 11-12 pt Times a line holds across the 13 columns
    for footnote in report.footnotes:
        r += 1
        put(
            f"A{r}",
            footnote,
            size=11,
            italic=True,
            align=Alignment(horizontal="left", vertical="top", wrap_text=True),
            merge_to=f"{last}{r}",
        )
        ws.row_dimensions[r].height = 15 * max(1, math.ceil(len(footnote) / text_chars))
    r += 1
    put(f"A{r}", "Ghi chú:", size=11, bold=True, align=left, merge_to=f"B{r}")
    r += 1
    for note in report.notes:
        put(
            f"A{r}",
            f"– {note}",
            size=11,
            align=Alignment(horizontal="left", vertical="top", wrap_text=True),
            merge_to=f"{last}{r}",
        )
        ws.row_dimensions[r].height = 15 * max(1, math.ceil((len(note) + 2) / text_chars))
        r += 1
    if report.summary:
        r += 1
        put(f"A{r}", "Tóm tắt (để đưa vào báo cáo):", size=11, bold=True, align=left, merge_to=f"E{r}")
        r += 1
        put(
            f"A{r}",
            report.summary,
            align=Alignment(horizontal="justify", vertical="top", wrap_text=True),
            merge_to=f"{last}{r}",
        )
        ws.row_dimensions[r].height = 16 * max(1, math.ceil(len(report.summary) / (text_chars * 0.92)))
        r += 1
    r += 1
    put(f"I{r}", signature_date(report), italic=True, merge_to=f"{last}{r}")
    r += 1
    put(f"A{r}", "NGƯỜI LẬP BIỂU", bold=True, merge_to=f"D{r}")
    put(f"I{r}", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", bold=True, merge_to=f"{last}{r}")
    r += 1
    put(f"A{r}", "(Ký, ghi rõ họ tên)", size=11, italic=True, merge_to=f"D{r}")
    put(f"I{r}", "(Ký tên, đóng dấu)", size=11, italic=True, merge_to=f"{last}{r}")

    # Printing: A4 landscape, one page wide, the header rows on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.4, top=0.5, bottom=0.5)
    ws.print_title_rows = f"{h1}:{h3}"
    ws.print_options.horizontalCentered = True
    ws.freeze_panes = f"C{first_body}"
    wb.properties.title = f"{FORM_NUMBER} — {report.period.label}"
    wb.properties.creator = "counter_app"

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


__all__ = ["report_json", "report_xlsx", "table_lines"]
