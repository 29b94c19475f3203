"""Form 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (receipt and appointment slip).

Two copies, each starting on its own page: Liên 1 stays with the one-stop unit (it travels with the
Phiếu kiểm soát), Liên 2 goes to the applicant. Content follows DOMAIN.md §2.2 (the 2018 template, with
the common local additions: CCCD number, fee line, barcode of the dossier code).

One sheet per copy whenever possible: the story is measured before it is laid out, and a receipt that
would not fit its page at the paper's normal sizes is set a little tighter, step by step (smaller gaps,
the minimum signature space of 18 mm, a shorter barcode; then a point smaller table type and half a
point smaller notes; then half a point smaller body text; see ``_FIT_STEPS``): the first step that fits
is used, found by bisection rather than by trying each in turn (``_fitted_story``).
A receipt that still does not fit flows on, and then the end of the form (items 2–7, the register line,
the signatures and the notes) moves as one block, together with at least the last rows of the document
table: never a lone note line, nor signatures alone on a page.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from counter_app.printing import layout as L
from counter_app.printing.data import ReceiptData
from counter_app.printing.markup import unescape
from counter_app.printing.recent import LruDict

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
COPIES: tuple[L.CopyLabel, ...] = (
    L.CopyLabel("(Liên 1: Lưu tại Bộ phận Một cửa)", "Liên 1"),
    L.CopyLabel("(Liên 2: Giao người nộp hồ sơ)", "Liên 2"),
)
DOCUMENT_COLUMNS = ("TT", "Tên giấy tờ", "Hình thức", "Số lượng")
NOTES = (
    "- Giấy này lập thành 02 liên: Liên 1 chuyển kèm Phiếu kiểm soát quá trình giải quyết hồ sơ, lưu tại "
    "Bộ phận Một cửa; Liên 2 giao người nộp hồ sơ.",
    "- Kết quả được trả tại Bộ phận Một cửa, hoặc tại nhà (trụ sở tổ chức) qua dịch vụ bưu chính nếu có "
    "đăng ký. Khi đến nhận kết quả, đề nghị mang theo giấy này.",
)


def render_receipt(data: ReceiptData, paper: str = "A5", *, invariant: bool = False) -> bytes:
    """The receipt as PDF bytes: two copies (Liên 1, Liên 2), each starting on a new page. A receipt
    with up to seven documents takes one page per copy on either paper (on A4, longer lists too; the
    demo catalogue is checked by the tests); longer lists flow on (see the module docstring).

    ``paper`` is "A5" (default) or "A4"; anything else raises ValueError. All text is NFC-normalised.
    ``invariant`` gives byte-for-byte reproducible output (fixed creation date and id; for tests).
    Must run on the single rendering worker (reportlab is not thread-safe, and the printing layer's
    caches assume one thread).
    """
    spec = L.paper_spec(paper)
    if spec.name == "80MM":  # a roll: the page is as long as the copy, never fitted or cut short
        # Nothing in the story depends on the page's height: the story measured is the one laid out.
        story = _receipt_story(data, L.form_styles(spec))
        length = L.stack_height(story, spec.text_width) + spec.margin_top + spec.margin_bottom + 4 * mm
        spec = replace(spec, height=max(length, 100 * mm))
    else:
        spec, story = _fitted_story(data, spec)
    code = L.clean(data.dossier_code)
    return L.build_pdf(
        story,
        spec,
        copies=COPIES,
        title=f"{TITLE.capitalize()} – {code}",
        subject=L.clean(data.procedure_name),
        code=code,
        reprint=data.reprint,
        reprint_note=data.reprint_note,
        invariant=invariant,
    )


def _unit_label(data: ReceiptData) -> str:
    return L.clean(data.agency.unit_label) or L.sentence_case(data.agency.unit_name) or "Bộ phận Một cửa"


# No-break spaces as characters, not "&nbsp;" entities: reportlab's parser makes every entity a fragment of its own,
# and a paragraph of several fragments takes ~8 times as long to break into lines as one of plain text.
_SEP = "\u00a0" * 4


def _contact_lines(data: ReceiptData, st: L.FormStyles) -> list[Flowable]:
    """ "Số điện thoại: … Email: …" on one line, with "Số CCCD: …" in front of them when all three fit
    on one line (with shorter dots for an empty email if need be), else the CCCD on a line below."""
    phone = f"Số điện thoại: {L.or_dots(data.phone, '……………………')}"
    email = f"Email: {L.or_dots(data.email, '……………………')}"
    if not L.clean(data.id_number):
        return [L.line(f"{phone}{_SEP}{email}", st, own=True)]
    cccd = f"{L.esc(data.id_label)}: {L.esc(data.id_number)}" + (
        f" ({L.esc(data.id_country)})" if L.clean(data.id_country) else ""
    )
    short_email = f"Email: {L.or_dots(data.email, '……………')}"
    for candidate in (email, short_email):
        markup = _SEP.join((cccd, phone, candidate))
        if L.fits_line(unescape(markup), st):
            return [L.line(markup, st, own=True)]
    return [L.line(f"{phone}{_SEP}{email}", st, own=True), L.line(cccd, st, own=True)]


_FEE_LABEL = re.compile(r"^(phí|lệ phí|phí, lệ phí|phí và lệ phí)\s*:", re.IGNORECASE)


def _fee_markup(fee: str) -> str:
    """ "Phí, lệ phí: 300.000 đồng"; a fee text that already starts with its own label ("Lệ phí: …")
    is printed as it is, not as "Phí, lệ phí: Lệ phí: …"."""
    text = L.clean(fee)
    return L.esc(text) if _FEE_LABEL.match(text) else f"Phí, lệ phí: {L.esc(text)}"


def _receipt_story(data: ReceiptData, st: L.FormStyles) -> list[Flowable]:
    esc = L.esc
    story: list[Flowable] = [L.agency_header(data.agency, data.received_at.date(), st)]
    story += L.form_title(TITLE, st, copy_label=True)
    story.append(L.gap(st, 0.5))
    caption = f"Mã hồ sơ: <b>{esc(data.dossier_code)}</b>"
    if L.clean(data.status_check):  # asked with the code by the online status look-up
        caption += f"{_SEP}Mã kiểm tra: <b>{esc(data.status_check)}</b>"
    story += L.barcode_block(data.dossier_code, st, caption_markup=caption, qr=data.slip_qr)
    story.append(L.gap(st, 0.7))

    # Who and what.
    story.append(
        L.line(f"{esc(_unit_label(data))} tiếp nhận hồ sơ của: <b>{esc(data.applicant_name)}</b>", st, own=True)
    )
    if L.clean(data.organization):
        story.append(L.labelled("Tên tổ chức", data.organization, st, own=True))
    if L.clean(data.tax_code):
        story.append(L.labelled("Mã số thuế", data.tax_code, st, own=True))
    if L.clean(data.representative_name):
        who = f"Người nộp thay: <b>{esc(data.representative_name)}</b>"
        if L.clean(data.representative_id):
            who += f"{_SEP}Số giấy tờ: {esc(data.representative_id)}"
        story.append(L.line(who, st, own=True))
        if L.clean(data.representative_role):
            story.append(L.labelled("Quan hệ, giấy ủy quyền", data.representative_role, st, own=True))
    story.append(L.labelled("Địa chỉ", data.address, st, own=True))
    story += _contact_lines(data, st)
    story.append(L.line(f"Nội dung yêu cầu giải quyết: <b>{esc(data.procedure_name)}</b>", st, justified=True))
    if L.clean(data.deciding_agency):
        # Decree 118/2025: the receiving unit (the header, the first line) and the deciding agency may differ.
        story.append(L.labelled("Cơ quan giải quyết", data.deciding_agency, st))

    # Items 1–6 (7: fee, a common local addition).
    # Keep "1. Thành phần…" with the table head and a first row or two, without tying it to the whole table.
    story.append(CondPageBreak(st.spec.leading * 6))
    heading = L.numbered(1, "Thành phần hồ sơ nộp gồm:", st)
    rows = [
        (str(i), doc.name, doc.copy_kind, L.two_digits(doc.quantity)) for i, doc in enumerate(data.documents, start=1)
    ] or [("", "…", "", "")]
    table = L.grid_table(
        DOCUMENT_COLUMNS,
        rows,
        (0.06, 0.55, 0.25, 0.14),
        st,
        centered_cols=(0, 2, 3),
        fit_cols=(0, 2, 3),
        left_indent=st.item_indent,
    )
    tail: list[Flowable] = [L.gap(st, 0.5)]
    tail.append(L.numbered(2, f"Số lượng hồ sơ: {L.two_digits(data.copies)} (bộ)", st))
    tail.append(
        L.numbered(3, f"Thời gian giải quyết hồ sơ theo quy định là: {L.or_dots(data.processing_time_text)}", st)
    )
    tail.append(L.numbered(4, f"Thời gian nhận hồ sơ: {L.time_and_date(data.received_at)}", st))
    tail.append(L.numbered(5, f"Thời gian trả kết quả giải quyết hồ sơ: <b>{L.time_and_date(data.due_at)}</b>", st))
    tail.append(L.numbered(6, f"Đăng ký nhận kết quả tại: {L.or_dots(data.result_place)}", st))
    if L.clean(data.fee):
        tail.append(L.numbered(7, _fee_markup(data.fee), st))

    register = L.line(
        f"Vào Sổ theo dõi hồ sơ, Quyển số: {L.or_dots(data.register_book, '…………')}"
        f"\u00a0\u00a0Số thứ tự: {L.or_dots(data.register_number, '…………')}",
        st,
    )
    signatures = L.signature_row(
        (
            L.SignatureBlock("NGƯỜI NỘP HỒ SƠ"),
            L.SignatureBlock("NGƯỜI TIẾP NHẬN HỒ SƠ", name=data.officer_name),
        ),
        st,
    )
    notes = list(NOTES)
    if L.clean(data.agency.phone):
        notes.append(f"- Điện thoại liên hệ: {L.clean(data.agency.phone)}.")
    if L.clean(data.note):
        notes.append(f"- {L.clean(data.note)}")
    tail += [register, L.gap(st, 0.5), signatures, *L.notes_block(notes, st)]
    story.append(L.TableWithTail([heading], table, tail))
    return story


# --------------------------------------------------------------------------------------------- fitting

# Tighter settings tried in turn when a receipt would not fit one page at the paper's own sizes: each
# step applies on top of the previous ones. Never below 18 mm of signature space, 8 mm of bars, 8 pt
# table type, 6.5 pt notes or 9 pt body text.
_FIT_STEPS: tuple[dict, ...] = (
    {"gap": 0.6, "para_space": 0.0, "signature_space": 18 * mm, "barcode_height": 0.85},
    {"table_size": -1.0, "small_size": -0.5},
    {"body_size": -0.5},
)
_FIT_FLOORS = {"table_size": 8.0, "small_size": 6.5, "body_size": 9.0}
_FIT_FUZZ = 1.0  # points kept free at the foot of the page, against rounding in the layout


@lru_cache(maxsize=8)
def _fit_specs(spec: L.PaperSpec) -> tuple[L.PaperSpec, ...]:
    """``spec`` and its tighter variants, in the order they are tried."""
    out = [spec]
    current = spec
    for step in _FIT_STEPS:
        changes: dict[str, float] = {}
        for name, value in step.items():
            if name == "gap":
                changes[name] = spec.gap * value
            elif name == "barcode_height":
                changes[name] = max(8 * mm, spec.barcode_height * value)
            elif name in _FIT_FLOORS:
                changes[name] = max(getattr(current, name) + value, _FIT_FLOORS[name])
            else:
                changes[name] = min(getattr(current, name), value) if name == "signature_space" else value
        current = replace(current, **changes)
        out.append(current)
    return tuple(out)


def _frame_height(spec: L.PaperSpec) -> float:
    return spec.height - spec.margin_top - spec.margin_bottom


def _fits(story: list[Flowable], spec: L.PaperSpec) -> bool:
    """Whether ``story`` (built for ``spec``) fits one page of ``spec``."""
    return L.stack_height(story, spec.text_width) <= _frame_height(spec) - _FIT_FUZZ


# What each receipt's shape (paper, procedure, document list) needed last time: where the next receipt of that shape
# starts its search. Procedure and document names only (as the catalogue has them, or as an officer typed a paper
# the catalogue lacks), never the applicant's; bounded. The answer equals the linear search's because heights never
# grow from one step to the next (tests/test_receipt_fit.py checks it over the corpus): where they did, the
# bisection would not find the first step that fits either.
_FIT_HINTS_SIZE = 512
_fit_hints: LruDict = LruDict(_FIT_HINTS_SIZE)  # _fit_key -> the index of the step that fitted


def _fit_key(data: ReceiptData, spec: L.PaperSpec) -> tuple:
    return (spec, data.procedure_name, tuple((d.name, d.copy_kind, d.quantity) for d in data.documents))


def _fitted_story(data: ReceiptData, spec: L.PaperSpec) -> tuple[L.PaperSpec, list[Flowable]]:
    """The first of ``_fit_specs(spec)`` whose story fits one page, with that story; if none does, the
    story at the paper's own sizes (it flows on).

    Every step only shrinks sizes and gaps, so a candidate's story is never taller than the one before it
    (tests/test_receipt_fit.py checks it over a corpus): the candidates that fit are the tail of the list, and
    the answer is where that tail starts, whatever order the candidates are tried in. Each try builds and measures
    one whole story, so the order matters for the time only:
    - a receipt of a shape seen before (the same procedure and document list on the same paper: the length of the
      document table, which decides most of it) starts where that shape's last receipt ended, at step k: if k fits
      and k-1 does not, two stories; only a receipt whose other lines are much shorter or longer than last time
      searches on, by bisection;
    - any other tries the paper's own sizes first (most receipts fit them), then bisects over the tighter steps:
      three stories for any receipt that needs tightening (the linear search took up to four).
    """
    candidates = _fit_specs(spec)
    stories: dict[int, list[Flowable]] = {}
    known: dict[int, bool] = {}

    def fits(index: int) -> bool:
        if index not in known:
            candidate = candidates[index]
            stories[index] = _receipt_story(data, L.form_styles(candidate))
            known[index] = _fits(stories[index], candidate)
        return known[index]

    key = _fit_key(data, spec)
    hint = _fit_hints.get(key, 0)
    # The first that fits lies in [low, high]; high == len(candidates): none does. Every bound but that one has
    # been tried, so the search ends on a step whose story is built.
    if hint > 0:
        if not fits(hint):
            low, high = hint + 1, len(candidates)
        elif fits(hint - 1):
            low, high = 0, hint - 1
        else:
            low = high = hint
    elif fits(0):
        low = high = 0
    else:
        low, high = 1, len(candidates)
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    _fit_hints[key] = min(low, len(candidates) - 1)
    if low < len(candidates):
        return candidates[low], stories[low]
    # None fits, given heights that never grow. Should a receipt ever break that, a step the search passed over may
    # still fit: tried before the story flows on (more stories, only for receipts that flow on anyway).
    for index in range(1, len(candidates)):
        if fits(index):
            return candidates[index], stories[index]
    fits(0)
    return spec, stories[0]
