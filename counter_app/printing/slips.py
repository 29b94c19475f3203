"""The official slips after intake, through the same printing layer as the receipt (printing.layout):
supplement request (form 02), refusal (03), apology with a new date (04), stop notice (05 under Circular
03/2025), process control sheet (06; 05 in 2018) and the result-return slip. The register (sổ theo dõi hồ
sơ) is in printing.register.

Every slip has the shared two-column header, its title, a Code128 barcode of the dossier code, the
applicant and procedure, and the fields of DOMAIN.md §2. The wording — titles, sentences, column heads,
signature titles, number lines — comes from the form texts (printing.form_texts, resources/forms), so an
office adapts it without code. A reprint carries the boxed "BẢN IN LẠI" of build_pdf.

Everything here reads plain data (printing.data) and must run on the single rendering worker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from functools import cache
from typing import Any

from reportlab.lib.colors import black
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from counter_app.printing import layout as L
from counter_app.printing.data import (
    AgencyInfo,
    ApologySlipData,
    ControlSheetData,
    ControlSheetRow,
    RefusalSlipData,
    ReturnSlipData,
    SlipDossier,
    StopSlipData,
    SupplementSlipData,
)
from counter_app.printing.fonts import register_fonts
from counter_app.printing.form_texts import (
    EMPTY_VALUE,
    FormText,
    FormTexts,
    SignatureText,
    fill_plain,
    load_form_texts,
    uses_personal,
)

__all__ = ["FORM_OF", "agency_label", "common_values", "render_slip", "unit_label"]

NUMBER_DOTS = "……"


# --------------------------------------------------------------------------------------------- values


def unit_label(agency: AgencyInfo) -> str:
    return L.clean(agency.unit_label) or L.sentence_case(agency.unit_name) or "Bộ phận Một cửa"


def agency_label(agency: AgencyInfo) -> str:
    return L.clean(getattr(agency, "name_label", "")) or L.sentence_case(agency.name) or unit_label(agency)


def short_date(moment: datetime | date | None) -> str:
    return "" if moment is None else f"{moment.day:02d}/{moment.month:02d}/{moment.year}"


def common_values(agency: AgencyInfo, dossier: SlipDossier | None) -> dict[str, Any]:
    """The placeholders every sentence may use (form_texts.COMMON_PLACEHOLDERS)."""
    values: dict[str, Any] = {"unit": unit_label(agency), "agency": agency_label(agency), "place": agency.place}
    if dossier is not None:
        values.update(
            applicant=dossier.applicant_name,
            code=dossier.code,
            procedure=dossier.procedure_name,
            procedure_code=dossier.procedure_code,
            received=L.time_and_date(dossier.received_at),
            received_date=short_date(dossier.received_at),
            due=L.time_and_date(dossier.due_at),
            due_date=short_date(dossier.due_at),
        )
    return values


# --------------------------------------------------------------------------------------------- styles


@cache
def _extra_styles(spec: L.PaperSpec) -> dict[str, ParagraphStyle]:
    st = L.form_styles(spec)
    fam = register_fonts()
    indent = 10 * mm if spec.name == "A4" else 6 * mm
    small = spec.small_size
    return {
        # Body paragraphs of a letter: justified, first line indented (NĐ 30/2020).
        "letter": ParagraphStyle(
            f"{spec.name}-slip-letter", parent=st.body_justified, firstLineIndent=indent, spaceAfter=spec.gap * 0.75
        ),
        # "Kính gửi: …" and the addressee's details: a block set in from the left, as in a letter.
        "addressee": ParagraphStyle(f"{spec.name}-slip-addressee", parent=st.body, leftIndent=spec.text_width * 0.2),
        "form_number": ParagraphStyle(
            f"{spec.name}-slip-form-number",
            parent=st.body,
            fontName=fam.bold,
            fontSize=small + 1,
            leading=(small + 1) * 1.2,
            alignment=TA_RIGHT,
        ),
        "recipients_title": ParagraphStyle(
            f"{spec.name}-slip-recipients-title",
            parent=st.body,
            fontName=fam.bold_italic,
            fontSize=small + 1,
            leading=(small + 1) * 1.2,
            alignment=TA_LEFT,
        ),
        "recipients": ParagraphStyle(
            f"{spec.name}-slip-recipients", parent=st.body, fontSize=small, leading=small * 1.2, alignment=TA_LEFT
        ),
        "cell": ParagraphStyle(f"{spec.name}-slip-cell", parent=st.table_cell),
        "cell_center": ParagraphStyle(f"{spec.name}-slip-cell-center", parent=st.table_cell_center),
        "cell_head": ParagraphStyle(f"{spec.name}-slip-cell-head", parent=st.table_head),
        "cell_small": ParagraphStyle(
            f"{spec.name}-slip-cell-small",
            parent=st.table_cell_center,
            fontName=fam.bold,
            fontSize=spec.table_size - 1,
            leading=(spec.table_size - 1) * 1.15,
        ),
        "cell_note": ParagraphStyle(
            f"{spec.name}-slip-cell-note",
            parent=st.table_cell,
            fontSize=spec.table_size - 1.5,
            leading=(spec.table_size - 1.5) * 1.15,
        ),
        "cell_name": ParagraphStyle(
            f"{spec.name}-slip-cell-name",
            parent=st.table_cell_center,
            fontSize=spec.table_size - 1,
            leading=(spec.table_size - 1) * 1.15,
        ),
    }


# --------------------------------------------------------------------------------------------- pieces


def _head(
    form: FormText,
    agency: AgencyInfo,
    code: str,
    st: L.FormStyles,
    *,
    issued_on: date | None,
    number: str = "",
    values: Mapping[str, Any] | None = None,
    qr: str = "",
) -> list[Flowable]:
    """Form number (if the office prints it), agency header with the number line, title, barcode (with the signed
    QR beside it when ``qr`` is given)."""
    xs = _extra_styles(st.spec)
    story: list[Flowable] = []
    if form.form_number_line:
        story.append(Paragraph(L.esc(form.form_number_line), xs["form_number"]))
    number_line = None
    if form.number_line:
        number_line = fill_plain(form.number_line, {**(values or {}), "number": L.clean(number) or NUMBER_DOTS})
    if form.issuer == "agency":  # signed by the head of the agency: the agency is the issuing body
        agency = replace(agency, unit_name="")
    story.append(L.agency_header(agency, issued_on, st, number_line=number_line))
    labelled_copies = len(form.copies) > 1 or bool(form.copies[0].text)
    story += L.form_title(form.title, st, subtitle=form.subtitle or None, copy_label=labelled_copies)
    story.append(L.gap(st, 0.5))
    if code:  # a form 02 for a walk-in has no dossier and no code
        story += L.barcode_block(code, st, caption_markup=f"Mã hồ sơ: <b>{L.esc(code)}</b>", qr=qr)
    story.append(L.gap(st, 0.8))
    return story


SEP = "\u00a0" * 4  # characters, not entities: see receipt._SEP


def _contact_lines(dossier: SlipDossier, st: L.FormStyles, style: ParagraphStyle | None = None) -> list[Flowable]:
    """Organisation, address, "Số điện thoại: … Email: …" of the applicant."""
    style = style or st.body
    lines: list[str] = []
    if L.clean(dossier.organization):
        lines.append(f"Tên tổ chức: {L.esc(dossier.organization)}")
    if L.clean(dossier.tax_code):
        lines.append(f"Mã số thuế: {L.esc(dossier.tax_code)}")
    lines.append(f"Địa chỉ: {L.or_dots(dossier.address)}")
    phone = f"Số điện thoại: {L.or_dots(dossier.phone, '……………………')}"
    email = f"Email: {L.or_dots(dossier.email, '……………………')}"
    lines.append(f"{phone}{SEP}{email}")
    return [L.OwnParagraph(markup, style) for markup in lines]


def _sign_cell(sig: SignatureText, values: Mapping[str, Any], st: L.FormStyles, space: float) -> list[Flowable]:
    cell: list[Flowable] = []
    if sig.above:
        cell.append(Paragraph(L.esc(sig.above), st.sign_title))
    cell.append(Paragraph(L.esc(sig.title), st.sign_title))
    if sig.hint:
        cell.append(Paragraph(L.esc(sig.hint), st.sign_hint))
    cell.append(Spacer(1, space))
    name = fill_plain(sig.name, values) if sig.name else ""
    if name and name != EMPTY_VALUE:  # "{receiver}" under the return slip's signature is a citizen's name
        cell.append((L.OwnParagraph if uses_personal(sig.name) else Paragraph)(L.esc(name), st.sign_name))
    return cell


def _signatures(
    form: FormText,
    values: Mapping[str, Any],
    st: L.FormStyles,
    *,
    recipients: bool = False,
    during_handling: bool = False,
) -> Table:
    """The signature blocks of the form side by side (those of the role that signs it, forms.json "signed_by");
    a single block sits in the right half, with the "Nơi nhận" list in the left half when ``recipients``."""
    spec = st.spec
    xs = _extra_styles(spec)
    space = spec.signature_space
    _role, blocks = form.signer(during_handling)
    cells: list[list[Flowable] | str] = [_sign_cell(s, values, st, space) for s in blocks]
    if len(cells) <= 1:
        left: list[Flowable] | str = ""
        if recipients and (form.recipients or form.recipients_title):
            left = [Spacer(1, 2)]
            if form.recipients_title:
                left.append(Paragraph(L.esc(form.recipients_title), xs["recipients_title"]))
            left += [Paragraph(L.esc(r), xs["recipients"]) for r in form.recipients]
        cells = [left, cells[0] if cells else ""]
    width = spec.text_width / len(cells)
    return Table(
        [cells],
        colWidths=[width] * len(cells),
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )


def ruled_table(
    header_rows: Sequence[Sequence[str]],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    st: L.FormStyles,
    *,
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    centered_cols: Sequence[int] = (),
    head_style: ParagraphStyle | None = None,
    cell_style: ParagraphStyle | None = None,
    extra: Sequence[tuple] = (),
    h_align: str = "CENTER",
) -> Table:
    """A ruled table with ``len(header_rows)`` header rows (repeated on every page) and spans.

    Header cells are bold and centred; a body cell is a plain string when it fits its column on one line
    (cheap), a wrapping Paragraph otherwise, or any flowable / list of flowables given as is.
    """
    data, commands = _ruled_data(
        header_rows,
        rows,
        widths,
        st,
        spans=spans,
        centered_cols=centered_cols,
        head_style=head_style,
        cell_style=cell_style,
        extra=extra,
    )
    return Table(data, colWidths=list(widths), repeatRows=len(header_rows), hAlign=h_align, style=TableStyle(commands))


def paged_table(
    header_rows: Sequence[Sequence[str]],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    st: L.FormStyles,
    *,
    first_page_height: float,
    page_height: float,
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    centered_cols: Sequence[int] = (),
    extra: Sequence[tuple] = (),
) -> list[Flowable]:
    """``ruled_table`` cut into one table per page, with page breaks between them.

    reportlab splits a long table page by page, re-measuring all the rows left at every split: thousands
    of rows take seconds. Here the rows are measured once, packed into pages (``first_page_height`` is
    what the first page has left for the table, ``page_height`` a whole page), and each page gets a small
    table of its own with the header rows. Should a page still overflow (a miscount), the table splits
    there as usual, header repeated. Spans must lie within the header rows.
    """
    data, commands = _ruled_data(header_rows, rows, widths, st, spans=spans, centered_cols=centered_cols, extra=extra)
    n_head = len(header_rows)
    whole = Table(data, colWidths=list(widths), repeatRows=n_head, style=TableStyle(commands))
    whole.wrap(sum(widths), 1e9)
    heights = list(whole._rowHeights)
    head_h = sum(heights[:n_head])
    pages: list[list[int]] = []
    current: list[int] = []
    room = first_page_height - head_h
    for i, height in enumerate(heights[n_head:], start=n_head):
        if current and height > room:
            pages.append(current)
            current, room = [], page_height - head_h
        current.append(i)
        room -= height
    if current or not pages:
        pages.append(current)
    out: list[Flowable] = []
    for k, page in enumerate(pages):
        if k:
            out.append(PageBreak())
        chunk = data[:n_head] + [data[i] for i in page]
        out.append(Table(chunk, colWidths=list(widths), repeatRows=n_head, style=TableStyle(commands)))
    return out


def _ruled_data(
    header_rows: Sequence[Sequence[str]],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    st: L.FormStyles,
    *,
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    centered_cols: Sequence[int] = (),
    head_style: ParagraphStyle | None = None,
    cell_style: ParagraphStyle | None = None,
    extra: Sequence[tuple] = (),
) -> tuple[list[list[object]], list[tuple]]:
    """The cells and style commands of a ruled table (see ruled_table)."""
    xs = _extra_styles(st.spec)
    fam = register_fonts()
    head_style = head_style or xs["cell_head"]
    cell_style = cell_style or xs["cell"]
    center_style = ParagraphStyle(f"{cell_style.name}-c", parent=cell_style, alignment=TA_CENTER)
    size = cell_style.fontSize
    pad_x = 3.0
    centered = set(centered_cols)
    spanned_hidden = set()
    for (c0, r0), (c1, r1) in spans:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (c, r) != (c0, r0):
                    spanned_hidden.add((c, r))

    data: list[list[object]] = []
    for r, header in enumerate(header_rows):
        data.append(
            [
                ""
                if (c, r) in spanned_hidden or not h
                else (Paragraph(L.esc(h), head_style) if isinstance(h, str) else h)
                for c, h in enumerate(header)
            ]
        )

    def body_cell(value: object, col: int) -> object:
        if not isinstance(value, str):
            return value
        text = L.clean(value)
        if not text:
            return ""
        if stringWidth(text, cell_style.fontName, size) <= widths[col] - 2 * pad_x:
            return text
        return Paragraph(L.esc(text), center_style if col in centered else cell_style)

    data.extend([body_cell(v, c) for c, v in enumerate(row)] for row in rows)
    pad = max(1.0, size * 0.18)
    n_head = len(header_rows)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), fam.regular),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), cell_style.leading),
        ("LEFTPADDING", (0, 0), (-1, -1), pad_x),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad_x),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 0.5),
    ]
    commands += [("SPAN", a, b) for a, b in spans]
    commands += [("ALIGN", (c, n_head), (c, -1), "CENTER") for c in sorted(centered)]
    commands += list(extra)
    return data, commands


def _letter(markup: str, st: L.FormStyles, *, own: bool = False) -> Paragraph:
    return (L.OwnParagraph if own else Paragraph)(markup, _extra_styles(st.spec)["letter"])


def _build(
    form: FormText,
    story: list[Flowable],
    spec: L.PaperSpec,
    *,
    code: str,
    subject: str,
    reprint: bool,
    reprint_note: str,
) -> bytes:
    return L.build_pdf(
        story,
        spec,
        copies=tuple(L.CopyLabel(c.text, c.short) for c in form.copies),
        title=f"{form.title.capitalize()} – {L.clean(code)}" if L.clean(code) else form.title.capitalize(),
        subject=subject,
        code=code,
        reprint=reprint,
        reprint_note=reprint_note,
    )


# --------------------------------------------------------------------------------------------- form 02


def _quantity_cells(copy_kind: str | None, quantity: int | None, or_word: str) -> tuple[str, str, str]:
    """(Bản chính, Bản chứng thực, Bản photo) for one missing document."""
    if not copy_kind:
        return ("", "", "")
    q = L.two_digits(quantity or 1)
    if copy_kind == "original":
        return (q, "", "")
    if copy_kind == "certified_copy":
        return ("", q, "")
    if copy_kind == "photocopy":
        return ("", "", q)
    if copy_kind == "original_or_copy":
        return (q, f"{or_word} {q}", "")
    return ("", "", "")


def supplement_story(data: SupplementSlipData, form: FormText, st: L.FormStyles) -> list[Flowable]:
    d = data.dossier
    values = {
        **common_values(data.agency, d),
        "reason": data.reason,
        "officer": data.officer_name,
        "phone": data.officer_phone,
        "round": data.round,
    }
    story = _head(form, data.agency, d.code, st, issued_on=data.issued_at.date(), number=data.number, values=values)
    story.append(L.line(form.text("intro", **values), st, own=form.is_own("intro")))
    story += _contact_lines(d, st)
    story.append(L.line(form.text("request", **values), st, own=form.is_own("request"), justified=True))
    story.append(CondPageBreak(st.spec.leading * 6))
    story.append(L.line(form.text("table_intro", **values), st, own=form.is_own("table_intro"), justified=True))
    story.append(L.gap(st, 0.5))

    c = form.columns
    spec = st.spec
    w = spec.text_width
    qty_w = max(stringWidth(c["certified_copy"], register_fonts().bold, spec.table_size) + 8, w * 0.12)
    qty_w = min(qty_w, w * 0.16)
    tt_w = max(stringWidth(c["number"], register_fonts().bold, spec.table_size) + 8, w * 0.06)
    widths = [tt_w, w - tt_w - 3 * qty_w, qty_w, qty_w, qty_w]
    rows = [
        (str(i), doc.name, *_quantity_cells(doc.copy_kind, doc.quantity, c["or"]))
        for i, doc in enumerate(data.documents, start=1)
    ] or [("", EMPTY_VALUE, "", "", "")]
    story.append(
        ruled_table(
            [
                (c["number"], c["document"], c["quantity"], "", ""),
                ("", "", c["original"], c["certified_copy"], c["photocopy"]),
            ],
            rows,
            widths,
            st,
            spans=(((0, 0), (0, 1)), ((1, 0), (1, 1)), ((2, 0), (4, 0))),
            centered_cols=(0, 2, 3, 4),
        )
    )
    story.append(L.gap(st, 0.8))
    story.append(L.line(form.text("reason", **values), st, own=form.is_own("reason"), justified=True))
    story.append(L.line(form.text("help", **values), st, own=form.is_own("help"), justified=True))
    story.append(L.gap(st, 0.8))
    story.append(KeepTogether([_signatures(form, values, st)]))
    return story


# --------------------------------------------------------------------------------------------- form 03


def refusal_story(data: RefusalSlipData, form: FormText, st: L.FormStyles) -> list[Flowable]:
    d = data.dossier
    values = {**common_values(data.agency, d), "reason": data.reason, "officer": data.officer_name}
    story = _head(form, data.agency, d.code, st, issued_on=data.issued_at.date(), number=data.number, values=values)
    story.append(L.line(form.text("intro", **values), st, own=form.is_own("intro")))
    story += _contact_lines(d, st)
    story.append(L.line(form.text("request", **values), st, own=form.is_own("request"), justified=True))
    story.append(L.gap(st, 0.6))
    story.append(_letter(form.text("decision", **values), st, own=form.is_own("decision")))
    story.append(_letter(form.text("reason", **values), st, own=form.is_own("reason")))
    story.append(_letter(form.text("closing", **values), st, own=form.is_own("closing")))
    story.append(L.gap(st, 0.8))
    story.append(KeepTogether([_signatures(form, values, st, during_handling=data.during_handling)]))
    return story


# --------------------------------------------------------------------------------------------- form 04


def _addressee(form: FormText, values: Mapping[str, Any], d: SlipDossier, st: L.FormStyles) -> list[Flowable]:
    xs = _extra_styles(st.spec)
    out: list[Flowable] = [L.gap(st, 0.5), L.OwnParagraph(form.text("addressee", **values), xs["addressee"])]
    return out + _contact_lines(d, st, xs["addressee"]) + [L.gap(st, 1.2)]


def apology_story(data: ApologySlipData, form: FormText, st: L.FormStyles) -> list[Flowable]:
    d = data.dossier
    values = {
        **common_values(data.agency, d),
        "reason": data.reason,
        "officer": data.officer_name,
        "previous_due": L.time_and_date(data.previous_due_at),
        "previous_due_date": short_date(data.previous_due_at),
        "new_due": L.time_and_date(data.new_due_at),
        "new_due_date": short_date(data.new_due_at),
    }
    story = _head(form, data.agency, d.code, st, issued_on=data.issued_at.date(), number=data.number, values=values)
    story += _addressee(form, values, d, st)
    for key in ("received", "promised", "not_met", "reason", "apology", "new_due", "closing"):
        story.append(_letter(form.text(key, **values), st, own=form.is_own(key)))
    story.append(L.gap(st, 1.0))
    story.append(KeepTogether([_signatures(form, values, st, recipients=True)]))
    return story


# --------------------------------------------------------------------------------------------- stop notice


def stop_story(data: StopSlipData, form: FormText, st: L.FormStyles) -> list[Flowable]:
    d = data.dossier
    values = {
        **common_values(data.agency, d),
        "reason": data.reason,
        "officer": data.officer_name,
        "stopped": L.time_and_date(data.issued_at),
        "stopped_date": short_date(data.issued_at),
    }
    story = _head(form, data.agency, d.code, st, issued_on=data.issued_at.date(), number=data.number, values=values)
    story += _addressee(form, values, d, st)
    for key in ("received", "decision", "reason", "after", "closing"):
        story.append(_letter(form.text(key, **values), st, own=form.is_own(key)))
    story.append(L.gap(st, 1.0))
    story.append(KeepTogether([_signatures(form, values, st, recipients=True)]))
    return story


# --------------------------------------------------------------------------------------------- control sheet

BLANK_TIME = "… giờ … phút, ngày …/…/……"  # as wide as a filled-in time: one line


def _control_row(
    index: int | None,
    row: ControlSheetRow | None,
    form: FormText,
    values: Mapping[str, Any],
    st: L.FormStyles,
    widths: Sequence[float],
) -> list[object]:
    xs = _extra_styles(st.spec)
    cell_style = xs["cell"]
    if row is None:
        giver, receiver, when, giver_name, receiver_name, result, note = "", "", None, "", "", "", ""
    else:
        giver, receiver, when = row.giver_unit, row.receiver_unit, row.handed_at
        giver_name, receiver_name, result, note = row.giver_name, row.receiver_name, row.result, row.note
    v = {**values, "giver_unit": giver, "receiver_unit": receiver, "index": index or ""}
    unit_cell = [
        Paragraph(form.text("giver", **v), cell_style),
        Spacer(1, 2),
        Paragraph(form.text("receiver", **v), cell_style),
    ]
    time_text = L.time_and_date(when) if when is not None else BLANK_TIME
    inner_w = widths[1] - 6
    space = st.spec.signature_space * 0.6
    signs = Table(
        [
            [
                Paragraph(L.esc(form.text("giver_sign")), xs["cell_small"]),
                Paragraph(L.esc(form.text("receiver_sign")), xs["cell_small"]),
            ],
            [Spacer(1, space), Spacer(1, space)],
            [
                Paragraph(L.esc(giver_name), xs["cell_name"]) if L.clean(giver_name) else "",
                Paragraph(L.esc(receiver_name), xs["cell_name"]) if L.clean(receiver_name) else "",
            ],
        ],
        colWidths=[inner_w / 2, inner_w / 2],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    time_cell = [Paragraph(form.text("time", time=time_text), xs["cell_center"]), Spacer(1, 3), signs]
    result_label = form.text(result) if result in ("early", "on_time", "late") else ""
    result_cell = Paragraph(result_label, xs["cell_center"]) if result_label else ""
    note_cell = Paragraph(L.esc(note), xs["cell_note"]) if L.clean(note) else ""
    return [unit_cell, time_cell, result_cell, note_cell]


def control_story(data: ControlSheetData, form: FormText, st: L.FormStyles) -> list[Flowable]:
    d = data.dossier
    values = {
        **common_values(data.agency, d),
        "deciding_unit": data.deciding_unit,
        "cooperating_unit": data.cooperating_unit,
    }
    story = _head(form, data.agency, d.code, st, issued_on=None, values=values)
    for key in ("applicant", "request", "received", "due", "deciding_unit", "cooperating_unit"):
        story.append(L.line(form.text(key, **values), st, own=form.is_own(key), justified=True))
    story.append(L.gap(st, 0.8))
    w = st.spec.text_width
    widths = [w * 0.25, w * 0.37, w * 0.17, w * 0.21]
    c = form.columns
    xs = _extra_styles(st.spec)
    result_head = [
        Paragraph(L.esc(c["result"]), xs["cell_head"]),
        Paragraph(f"<i>{L.esc(c['result_hint'])}</i>", xs["cell_center"]),
    ]
    blank = max(1, form.min_rows - len(data.rows)) if data.open_rows else 0
    rows = [_control_row(i, r, form, values, st, widths) for i, r in enumerate(data.rows, start=1)]
    rows += [_control_row(None, None, form, values, st, widths) for _ in range(blank)]
    if not rows:
        rows = [_control_row(None, None, form, values, st, widths)]
    story.append(
        ruled_table(
            [(c["unit"], c["time"], result_head, c["note"])],
            rows,
            widths,
            st,
            extra=[("VALIGN", (0, 1), (-1, -1), "TOP"), ("VALIGN", (2, 1), (2, -1), "MIDDLE")],
        )
    )
    story += L.notes_block(form.notes, st)
    return story


# --------------------------------------------------------------------------------------------- return slip


def return_story(data: ReturnSlipData, form: FormText, st: L.FormStyles) -> list[Flowable]:
    d = data.dossier
    values = {
        **common_values(data.agency, d),
        "receiver": data.receiver_name,
        "receiver_id": data.receiver_id,
        "result": data.result,
        "returned": L.time_and_date(data.returned_at),
        "method": data.method_label,
        "officer": data.officer_name,
        "collector": data.collector,
        "tracking_number": data.tracking_number,
        "result_paper": data.result_paper,
        "originals": data.originals,
        "file_location": data.file_location,
    }
    story = _head(form, data.agency, d.code, st, issued_on=data.returned_at.date(), values=values, qr=data.qr)
    story.append(L.line(form.text("intro", **values), st, own=form.is_own("intro")))
    story.append(L.line(form.text("request", **values), st, own=form.is_own("request"), justified=True))
    for key in ("received", "due", "result", "result_paper", "collector", "receiver", "receiver_id", "returned",
                "method", "tracking_number", "originals", "file_location"):  # fmt: skip
        if key in ("result_paper", "collector", "tracking_number", "originals", "file_location") and not values[key]:
            continue  # said only when recorded (a return recorded before issue 13 has none of them)
        story.append(L.line(form.text(key, **values), st, own=form.is_own(key), justified=True))
    if data.late:
        story.append(L.line(f"<i>{form.text('late', **values)}</i>", st, justified=True))
    story.append(L.gap(st, 1.0))
    story.append(KeepTogether([_signatures(form, values, st)]))
    return story


# --------------------------------------------------------------------------------------------- dispatch

FORM_OF: dict[type, str] = {
    SupplementSlipData: "supplement",
    RefusalSlipData: "refusal",
    ApologySlipData: "apology",
    StopSlipData: "stop",
    ControlSheetData: "control",
    ReturnSlipData: "return",
}
_STORIES = {
    "supplement": supplement_story,
    "refusal": refusal_story,
    "apology": apology_story,
    "stop": stop_story,
    "control": control_story,
    "return": return_story,
}


def render_slip(data: object, paper: str | None = None, texts: FormTexts | None = None) -> bytes:
    """One slip as PDF bytes. ``data`` is one of the *SlipData / ControlSheetData classes (the register:
    printing.register.render_register); ``paper`` "A4" or "A5" (None: the form's default in the form texts); ``texts`` the
    loaded form texts (None: the bundled ones). ValueError for an unknown paper or data type."""
    key = FORM_OF.get(type(data))
    if key is None:  # the register is not a slip: printing.register.render_register (it builds on this module)
        raise ValueError(f"render_slip: no slip for {type(data).__name__}")
    texts = texts or load_form_texts()
    form = texts.form(key)
    spec = L.paper_spec(paper or form.paper)
    st = L.form_styles(spec)
    story = _STORIES[key](data, form, st)
    dossier: SlipDossier = data.dossier  # type: ignore[attr-defined]
    return _build(
        form,
        story,
        spec,
        code=dossier.code,
        subject=dossier.procedure_name,
        reprint=data.reprint,  # type: ignore[attr-defined]
        reprint_note=data.reprint_note,  # type: ignore[attr-defined]
    )
