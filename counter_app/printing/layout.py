"""What every official slip shares: paper, styles, the two-column header, title, signature blocks,
barcode block, numbered items, tables, notes, the reprint marker, and the PDF build.

A form module (receipt, supplement request, refusal, apology, control sheet, register, return slip)
builds one *story* (a list of platypus flowables) with the helpers here and hands it to ``build_pdf``
with its copies (liên). The story is laid out once; each copy re-uses the laid-out pages (PDF Form
XObjects), starts on a new page, and prints its own label where ``form_title(..., copy_label=True)``
left room for it. A form longer than one page gets a small footer "Mã hồ sơ … · Liên … · Trang i/n"
on each page (one-page forms get none).

Typical use::

    spec = paper_spec("A5")
    st = form_styles(spec)
    story = [agency_header(agency, day, st), *form_title("PHIẾU …", st, copy_label=True), ...]
    pdf = build_pdf(story, spec, copies=(CopyLabel("(Liên 1: …)", "Liên 1"), ...), title="…", code=code)

Text rules: every string passes through ``clean`` (NFC, collapsed white space) before it is drawn;
strings put into Paragraph markup go through ``esc`` (clean + XML escape). Helpers taking plain text
escape it themselves; helpers whose parameter is named ``*_markup`` take markup the caller built with
``esc``.

Formatting follows Nghị định 30/2020/NĐ-CP (công tác văn thư) where it applies: Times-like serif,
national motto in the right column with a rule under "Độc lập - Tự do - Hạnh phúc", a short rule under
the agency name, day < 10 and months 1–2 written with a leading zero in "ngày … tháng … năm …". The type
sizes and spacing are set so that a slip with a table of six or seven documents fits one A5 or A4 page.

Speed (a receipt is printed while the applicant waits; the target for intake + receipt is 10 ms p95): the
helpers build CachedParagraph, which keeps parsed markup and line breaks across documents (styles with the
same attributes are one object, so papers and fitting candidates that share a style share these); table cells
that fit on one line are plain strings; tables are measured once per width (WrappedOnceTable); the fonts
keep their embedded subsets (fonts.CachingTTFont, primed per document by _SlipDoc); the layout is done once
for all copies; streams are deflated at zlib's fastest level. All of it assumes the single rendering worker.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from typing import NamedTuple

from reportlab import rl_config
from reportlab.lib.colors import black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import FrameBreak

from counter_app.domain.text import normalize_text
from counter_app.printing.barcode import Code128Flowable, QrFlowable, qr_size
from counter_app.printing.data import AgencyInfo
from counter_app.printing.fonts import (
    SERIF,
    faces_named_alike,
    faces_named_in,
    only_primed,
    prime_subsets,
    register_fonts,
)
from counter_app.printing.markup import escape as _xml_escape
from counter_app.printing.recent import RecentCache, document_done, dossier_own

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
REPRINT_MARK = "BẢN IN LẠI"
SIGN_HINT = "(Ký và ghi rõ họ tên)"
DOTS = "…………………………"
PRINTER_MARGIN = 4 * mm  # most office printers cannot print closer to the edge of the sheet


# --------------------------------------------------------------------------------------------- text


def clean(value: object) -> str:
    """NFC-normalised, trimmed, single-spaced text ("" for None)."""
    if value is None:
        return ""
    return normalize_text(str(value))


def esc(value: object) -> str:
    """``clean`` then escaped for reportlab Paragraph markup."""
    return _xml_escape(clean(value))


def or_dots(value: object, dots: str = DOTS) -> str:
    """Escaped value, or a dotted filler to be completed by hand when the value is empty."""
    text = esc(value)
    return text if text else dots


def official_date(day: date) -> str:
    """ "ngày 05 tháng 3 năm 2026": day < 10 and months 1, 2 get a leading zero (NĐ 30/2020)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place: str, day: date) -> str:
    """ "Lào Cai, ngày 25 tháng 11 năm 2026" (no place: just the date)."""
    place = clean(place)
    return f"{place}, {official_date(day)}" if place else official_date(day).capitalize()


def time_and_date(moment: datetime) -> str:
    """ "08 giờ 30 phút, ngày 25/11/2026", in the moment's own (office-local) time."""
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, ngày {moment.day:02d}/{moment.month:02d}/{moment.year}"


def two_digits(number: int) -> str:
    """01, 02, … 10, 123: counts on official forms are written with at least two digits."""
    return f"{number:02d}"


def sentence_case(text: str) -> str:
    """ "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" -> "Bộ phận tiếp nhận và trả kết quả"; mixed case unchanged.

    Only for generic unit names: proper nouns inside an all-caps name would be lowered too.
    """
    text = clean(text)
    return text.capitalize() if text.isupper() else text


# --------------------------------------------------------------------------------------------- paragraphs

# Only text seen in an earlier document is kept (recent.RecentCache): a dossier's own text never fills these.
# The caps are far above what the forms repeat (a few hundred paragraphs and widths over all forms and papers).
_PARSED_CACHE_SIZE = 1024
_WRAPPED_CACHE_SIZE = 2048
_parsed = RecentCache(_PARSED_CACHE_SIZE)  # (markup, style, bullet) -> parsed fragments
_wrapped = RecentCache(_WRAPPED_CACHE_SIZE)  # (markup, style, bullet, width) -> (size, state after wrap)
_DRAWN_CACHE_SIZE = 1024  # ~0.6 MB when full: a form's paragraphs and tables, a few dozen procedures' document tables
_drawn = RecentCache(_DRAWN_CACHE_SIZE)  # (markup, style, bullet, width) or ("table", key, size) -> _Drawn
_WRAP_STATE = ("width", "height", "_wrapWidths", "blPara", "frags", "_width_max")
# Markup whose drawing is a function of the text, the style and the width alone. Links, underlines, images and
# callbacks read the canvas's state or the page's position, or leave more than page content; a paragraph style with
# a background or border is drawn each time too. (A <font backColor=…> run is replayed: its drawing is its own.)
_REPLAYABLE_TAGS = frozenset({"b", "i", "br", "font", "super", "sub"})
_TAG = re.compile(r"</?\s*([A-Za-z]+)")


class _Drawn(NamedTuple):
    """What a paragraph drew inside its own origin: content-stream operators, and the faces they select."""

    ops: tuple[str, ...]
    faces: tuple[tuple[str, str], ...]
    version: tuple[int, int]  # the lowest PDF version the drawing asked of the document


def _draw_or_replay(flowable: Flowable, key: tuple, canvas, x: float, y: float, _sW: float) -> None:
    """``flowable.drawOn(canvas, x, y, _sW)``, for a flowable whose drawing inside its origin is a function of
    ``key`` alone: replayed from what it drew in an earlier document, drawn and kept otherwise. Same bytes either
    way, because a drawing is kept, and replayed, only where drawing would have given those operators and done
    nothing else:
    - the text is encoded alike (fonts.only_primed when it was kept) and the fonts have the same internal names
      (fonts.faces_named_alike);
    - the graphics state's ExtGState (transparency, overprint, blend) is at its defaults, then and now, and the
      drawing selected none (no `gs` operator, in a text object or out of it, and no new ExtGState named): what
      reportlab writes for it depends on what was set before on the page;
    - the drawing added nothing to the page's or the document's own lists: no spot colour (a Separation colour
      space), shading, annotation (a link) or form used;
    - what the drawing asked of the document itself is asked again: the PDF version transparency needs (every
      colour with an alpha asks for 1.4, even an opaque one).
    One drawing is kept per key; the canvas's colour-space enforcement (``_enforceColorSpace``) is taken to be the
    same in every document (reportlab's default, none)."""
    doc = canvas._doc
    x = flowable._hAlignAdjust(x, _sW)
    default_gs = _ext_gstate_default(canvas)
    drawn = _drawn.get(key) if default_gs else None
    if drawn is not None and faces_named_alike(doc, drawn.faces):
        canvas.saveState()
        canvas.translate(x, y)
        canvas._code.extend(drawn.ops)
        canvas.restoreState()
        doc._pdfVersion = max(doc._pdfVersion, drawn.version)
        return
    version = doc._pdfVersion
    doc._pdfVersion = _LOWEST_PDF_VERSION  # what the drawing needs, whatever an earlier one asked
    lists = _page_lists(canvas)
    canvas.saveState()
    canvas.translate(x, y)
    start = len(canvas._code)
    try:
        flowable._drawOn(canvas)
    finally:
        needed = doc._pdfVersion
        doc._pdfVersion = max(version, needed)
    ops = tuple(canvas._code[start:])
    canvas.restoreState()
    # (only_primed after the drawing holds only if it held before: a document's codes are only ever added to)
    if default_gs and only_primed(doc) and _page_lists(canvas) == lists and not any(map(_SELECTS_GSTATE, ops)):
        faces = faces_named_in(doc, "\n".join(ops))
        if faces is not None:
            _drawn.put(key, _Drawn(ops, faces, needed))


_SELECTS_GSTATE = re.compile(r"\sgs(?:\s|$)").search  # "/gRLs0 gs", alone or inside a text object


def _page_lists(canvas) -> tuple[int, ...]:
    """How much the page (or form) and its document have collected that a drawing may add to: named ExtGStates,
    spot colours, shadings, annotations, forms used."""
    return (
        len(canvas._extgstate._c),
        len(canvas._colorsUsed),
        len(canvas._shadingUsed),
        len(canvas._annotationrefs),
        len(canvas._formsinuse),
    )


_LOWEST_PDF_VERSION = (1, 0)


def _ext_gstate_default(canvas) -> bool:
    state = canvas._extgstate
    return all(value == state.defaults.get(name) for name, value in state._d.items())


def _replayable(markup: str, style: ParagraphStyle) -> bool:
    if style.backColor is not None or style.borderWidth:
        return False
    return all(tag.lower() in _REPLAYABLE_TAGS for tag in _TAG.findall(markup))


class CachedParagraph(Paragraph):
    """A Paragraph that remembers, across documents, how its markup parses and how it breaks into
    lines at a given width.

    Most of a slip repeats from one document to the next (headings, motto, notes, signature titles,
    "Số lượng hồ sơ: 01 (bộ)"…), and parsing plus line breaking is most of platypus's cost. The key is
    (markup, style object, bullet text[, width]); styles come from the cached ``form_styles``, so equal
    keys give equal results. Wrapping leaves only read-only state behind (the lines, their fragments), so
    the state is shared; drawing is per document as usual. A paragraph made by ``split`` (a page break
    inside it) is an ordinary Paragraph.
    """

    def __init__(self, text, style=None, bulletText=None, frags=None, caseSensitive=1, encoding="utf8"):
        if frags is not None or text is None or style is None or caseSensitive != 1:
            self._key = None
            super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
            return
        key = (text, style, bulletText)
        parsed = _parsed.get(key)
        if parsed is None:
            super().__init__(text, style, bulletText, None, caseSensitive, encoding)
            _parsed.put(key, (self.text, self.frags, self.bulletText))
        else:
            self.caseSensitive = caseSensitive
            self.encoding = encoding
            clean_text, frags, bullet = parsed
            self._setup(clean_text, style, bullet, frags, None)
        self._key = key

    def wrap(self, availWidth, availHeight):
        if self._key is None:
            return super().wrap(availWidth, availHeight)
        key = (*self._key, availWidth)
        hit = _wrapped.get(key)
        if hit is None:
            size = super().wrap(availWidth, availHeight)
            state = {name: self.__dict__[name] for name in _WRAP_STATE if name in self.__dict__}
            _wrapped.put(key, (size, state))
            return size
        size, state = hit
        self.__dict__.update(state)
        return size

    def drawOn(self, canvas, x, y, _sW=0):
        """Drawn as reportlab draws it; what it draws in a document that holds only primed characters
        (fonts.only_primed) is kept, and later documents get those operators again instead of a new
        drawing of the same lines: the same bytes (tests/test_receipt_fit.py), a fifth of a receipt's
        time. Only markup whose drawing depends on nothing but the text, style and width (_replayable)."""
        width = self.__dict__.get("width")
        if self._key is None or width is None or not _replayable(self._key[0], self._key[1]):
            return super().drawOn(canvas, x, y, _sW)
        _draw_or_replay(self, (*self._key, width), canvas, x, y, _sW)

    def split(self, availWidth, availHeight):
        # Splitting may edit the line fragments in place, and ours may be shared: split a private copy.
        # (reportlab makes the pieces as self.__class__(None, style, frags=…): uncached paragraphs.)
        if self._key is None:
            return super().split(availWidth, availHeight)
        text, style, bullet = self._key
        return Paragraph(text, style, bulletText=bullet).split(availWidth, availHeight)


class OwnParagraph(CachedParagraph):
    """A paragraph of a dossier's own text (the applicant's name, address, phone, ID number): parsed and wrapped
    once for the document being rendered, like any CachedParagraph, but nothing of it is kept across documents, how
    ever often the same text comes back (two citizens of one name, one street): recent.dossier_own."""

    def __init__(self, *args, **kwargs):
        with dossier_own():
            super().__init__(*args, **kwargs)

    def wrap(self, availWidth, availHeight):
        with dossier_own():
            return super().wrap(availWidth, availHeight)

    def drawOn(self, canvas, x, y, _sW=0):
        with dossier_own():
            return super().drawOn(canvas, x, y, _sW)

    def split(self, availWidth, availHeight):
        # The pieces of a page break inside it are drawn later, outside this paragraph's drawOn: they stay its own.
        with dossier_own():
            pieces = super().split(availWidth, availHeight)
        for piece in pieces:
            if type(piece) is Paragraph:
                piece.__class__ = _OwnPiece
        return pieces


class _OwnPiece(Paragraph):
    """A piece of an OwnParagraph split across pages: measured and drawn inside dossier_own() like it."""

    def wrap(self, availWidth, availHeight):
        with dossier_own():
            return super().wrap(availWidth, availHeight)

    def drawOn(self, canvas, x, y, _sW=0):
        with dossier_own():
            return super().drawOn(canvas, x, y, _sW)

    def split(self, availWidth, availHeight):
        with dossier_own():  # reportlab makes the pieces as self.__class__: _OwnPiece again
            return super().split(availWidth, availHeight)


# --------------------------------------------------------------------------------------------- paper


@dataclass(frozen=True)
class PaperSpec:
    """Page geometry and type sizes of one paper format (points)."""

    name: str
    width: float
    height: float
    margin_left: float
    margin_right: float
    margin_top: float
    margin_bottom: float
    body_size: float
    header_size: float  # agency lines and national name
    motto_size: float  # "Độc lập - Tự do - Hạnh phúc"
    title_size: float
    small_size: float  # notes, footer
    table_size: float
    barcode_module: float
    barcode_height: float
    barcode_font_size: float
    signature_space: float  # blank height left for a hand signature
    gap: float  # standard vertical gap between blocks
    leading_factor: float  # body leading / body size
    para_space: float  # extra space after body paragraphs

    @property
    def pagesize(self) -> tuple[float, float]:
        return (self.width, self.height)

    @property
    def text_width(self) -> float:
        return self.width - self.margin_left - self.margin_right

    @property
    def leading(self) -> float:
        return round(self.body_size * self.leading_factor, 2)


_PAPERS: dict[str, PaperSpec] = {
    "A4": PaperSpec(
        name="A4",
        width=A4[0],
        height=A4[1],
        margin_left=30 * mm,
        margin_right=15 * mm,
        margin_top=20 * mm,
        margin_bottom=20 * mm,
        body_size=13,
        header_size=12,
        motto_size=13,
        title_size=14,
        small_size=10,
        table_size=12,
        barcode_module=0.33 * mm,
        barcode_height=12 * mm,
        barcode_font_size=9,
        signature_space=20 * mm,
        gap=4,
        leading_factor=1.15,
        para_space=0.5,
    ),
    "A5": PaperSpec(
        name="A5",
        width=A5[0],
        height=A5[1],
        margin_left=18 * mm,
        margin_right=10 * mm,
        margin_top=9 * mm,
        margin_bottom=8 * mm,
        body_size=9.5,
        header_size=8.5,
        motto_size=9.5,
        title_size=11,
        small_size=7.5,
        table_size=9,
        barcode_module=0.33 * mm,
        barcode_height=9 * mm,
        barcode_font_size=7.5,
        signature_space=18 * mm,
        gap=3,
        leading_factor=1.15,
        para_space=0,
    ),
    # An 80 mm thermal roll (72 mm printable) at 203 dpi, 1 bit: every size is for that printer. The bar module is
    # exactly two printer dots, so every bar and space rasterises to whole dots and the code still decodes (an A5
    # receipt scaled down to the roll gives 1.5-dot modules, which do not). The page is as long as its copy
    # (receipt.render_receipt sets the height): the printer cuts after each copy.
    "80MM": PaperSpec(
        name="80MM",
        width=80 * mm,
        height=297 * mm,
        margin_left=4 * mm,
        margin_right=4 * mm,
        margin_top=4 * mm,
        margin_bottom=6 * mm,
        body_size=8,
        header_size=7,
        motto_size=7.5,
        title_size=9,
        small_size=6.5,
        table_size=7,
        barcode_module=2 * 25.4 / 203 * mm,
        barcode_height=10 * mm,
        barcode_font_size=7,
        signature_space=14 * mm,
        gap=2.5,
        leading_factor=1.15,
        para_space=0,
    ),
}

PAPERS: tuple[str, ...] = tuple(_PAPERS)


def paper_spec(paper: str) -> PaperSpec:
    """The spec of "A4", "A5" or "80MM" (case-insensitive); ValueError for anything else."""
    key = paper.strip().upper() if isinstance(paper, str) else None
    if key not in _PAPERS:
        raise ValueError(f"unsupported paper {paper!r}: expected one of {', '.join(PAPERS)}")
    return _PAPERS[key]


# --------------------------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class FormStyles:
    """Paragraph styles of one paper format; get them with ``form_styles(spec)`` (cached)."""

    spec: PaperSpec
    body: ParagraphStyle
    body_justified: ParagraphStyle
    body_center: ParagraphStyle
    item: ParagraphStyle  # numbered item with a hanging number
    header_left: ParagraphStyle
    header_left_bold: ParagraphStyle
    header_national: ParagraphStyle
    header_motto: ParagraphStyle
    header_date: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    table_head: ParagraphStyle
    table_cell: ParagraphStyle
    table_cell_center: ParagraphStyle
    sign_title: ParagraphStyle
    sign_hint: ParagraphStyle
    sign_name: ParagraphStyle
    note: ParagraphStyle
    item_indent: float = 0.0


# One ParagraphStyle object per distinct (name, attributes): papers that differ only in what a style does not use
# share it, and with it the paragraphs cached under it (CachedParagraph's keys hold the style object). The fitting
# candidates of a receipt (receipt._fit_specs) differ in a few sizes each: a candidate that keeps the body text's
# size lays out the document's own paragraphs (name, address, procedure) from the cache instead of again.
_styles: dict[tuple, ParagraphStyle] = {}


@cache
def form_styles(spec: PaperSpec) -> FormStyles:
    fam = register_fonts()
    s = spec.body_size
    lead = spec.leading

    def style(name: str, **kw) -> ParagraphStyle:
        base = dict(fontName=fam.regular, fontSize=s, leading=lead, alignment=TA_LEFT, spaceBefore=0, spaceAfter=0)
        base.update(kw)
        key = (f"{spec.name}-{name}", *sorted(base.items()))
        found = _styles.get(key)
        if found is None:
            found = _styles[key] = ParagraphStyle(key[0], **base)
        return found

    hs = spec.header_size
    ts = spec.table_size
    tl = round(ts * 1.12, 2)
    indent = round(s * 1.35, 1)
    return FormStyles(
        spec=spec,
        body=style("body", spaceAfter=spec.para_space),
        body_justified=style("body-justified", alignment=TA_JUSTIFY, spaceAfter=spec.para_space),
        body_center=style("body-center", alignment=TA_CENTER),
        item=style(
            "item",
            leftIndent=indent,
            bulletIndent=0,
            bulletFontName=fam.regular,
            bulletFontSize=s,
            spaceAfter=spec.para_space,
        ),
        header_left=style("header-left", fontSize=hs, leading=hs * 1.15, alignment=TA_CENTER),
        header_left_bold=style(
            "header-left-bold", fontName=fam.bold, fontSize=hs, leading=hs * 1.15, alignment=TA_CENTER
        ),
        header_national=style(
            "header-national", fontName=fam.bold, fontSize=hs, leading=hs * 1.15, alignment=TA_CENTER
        ),
        header_motto=style(
            "header-motto",
            fontName=fam.bold,
            fontSize=spec.motto_size,
            leading=spec.motto_size * 1.15,
            alignment=TA_CENTER,
        ),
        header_date=style(
            "header-date",
            fontName=fam.italic,
            fontSize=spec.motto_size,
            leading=spec.motto_size * 1.2,
            alignment=TA_CENTER,
        ),
        title=style(
            "title", fontName=fam.bold, fontSize=spec.title_size, leading=spec.title_size * 1.25, alignment=TA_CENTER
        ),
        subtitle=style("subtitle", fontName=fam.italic, alignment=TA_CENTER),
        table_head=style("table-head", fontName=fam.bold, fontSize=ts, leading=tl, alignment=TA_CENTER),
        table_cell=style("table-cell", fontSize=ts, leading=tl),
        table_cell_center=style("table-cell-center", fontSize=ts, leading=tl, alignment=TA_CENTER),
        sign_title=style("sign-title", fontName=fam.bold, alignment=TA_CENTER),
        sign_hint=style("sign-hint", fontName=fam.italic, alignment=TA_CENTER),
        sign_name=style("sign-name", fontName=fam.bold, alignment=TA_CENTER),
        note=style("note", fontSize=spec.small_size, leading=round(spec.small_size * 1.18, 2), alignment=TA_JUSTIFY),
        item_indent=indent,
    )


# --------------------------------------------------------------------------------------------- blocks

_NO_PAD = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
]


def _rule(width: float, *, before: float = 1.0, after: float = 2.0) -> HRFlowable:
    return HRFlowable(width=width, thickness=0.6, color=black, spaceBefore=before, spaceAfter=after, hAlign="CENTER")


def balanced_lines(text: str, font_name: str, size: float, width: float) -> list[str]:
    """``text`` as one line if it fits ``width``, else split in two lines of as equal width as possible
    (headers look official that way: "BỘ PHẬN TIẾP NHẬN / VÀ TRẢ KẾT QUẢ"). Words are never broken;
    if no two-line split fits, the text is returned whole for the Paragraph to wrap."""
    if stringWidth(text, font_name, size) <= width:
        return [text]
    words = text.split(" ")
    best: tuple[float, list[str]] | None = None
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        widest = max(stringWidth(first, font_name, size), stringWidth(second, font_name, size))
        if widest <= width and (best is None or widest < best[0]):
            best = (widest, [first, second])
    return best[1] if best else [text]


def agency_header(
    agency: AgencyInfo,
    issued_on: date | None,
    styles: FormStyles,
    *,
    number_line: str | None = None,
) -> Flowable:
    """The two-column heading of every slip.

    Left: governing agency / agency / unit (the last non-empty line bold, as the issuing body), a short
    centred rule, then ``number_line`` (e.g. "Số: …/HDHS") if given. Right: national name (bold), motto
    (bold) with a rule as long as the motto, then the italic "{place}, ngày … tháng … năm …" line when
    ``issued_on`` is given. The right column is as wide as the national name; a left line too long for
    what remains is split in two balanced lines.
    """
    spec = styles.spec
    fam = register_fonts()
    size = spec.header_size
    gutter = 2 * mm

    right_w = (
        max(
            stringWidth(NATIONAL_NAME, fam.bold, size),
            stringWidth(NATIONAL_MOTTO, fam.bold, spec.motto_size),
        )
        + 2
    )
    left_w = spec.text_width - right_w - gutter

    lines = [clean(x) for x in (agency.governing_name, agency.name, agency.unit_name)]
    lines = [x for x in lines if x]
    left: list[Flowable] = []
    last_w = 0.0
    for i, text in enumerate(lines):
        bold = i == len(lines) - 1
        font = fam.bold if bold else fam.regular
        parts = balanced_lines(text, font, size, left_w)
        last_w = max(stringWidth(part, font, size) for part in parts)
        st = styles.header_left_bold if bold else styles.header_left
        left.append(CachedParagraph("<br/>".join(_xml_escape(part) for part in parts), st))
    if lines:
        left.append(_rule(min(last_w, left_w) * 0.4, before=size * 0.3, after=1.5))
    if number_line:
        left.append(Spacer(1, 1))
        left.append(CachedParagraph(esc(number_line), styles.header_left))

    motto_w = stringWidth(NATIONAL_MOTTO, fam.bold, spec.motto_size)
    right: list[Flowable] = [
        CachedParagraph(NATIONAL_NAME, styles.header_national),
        CachedParagraph(NATIONAL_MOTTO, styles.header_motto),
        _rule(motto_w, before=spec.motto_size * 0.25, after=spec.gap),
    ]
    if issued_on is not None:
        right.append(CachedParagraph(esc(place_date(agency.place, issued_on)), styles.header_date))

    table = WrappedOnceTable(
        [[left, "", right]],
        colWidths=[left_w, gutter, right_w],
        style=TableStyle([*_NO_PAD, ("ALIGN", (0, 0), (-1, -1), "CENTER")]),
    )
    table.replay_key = ("agency_header", agency, issued_on, number_line, styles)
    return table


def form_title(
    title: str,
    styles: FormStyles,
    *,
    subtitle: str | None = None,
    copy_label: bool = False,
    space_before: float | None = None,
) -> list[Flowable]:
    """Bold centred title (upper case as given), then an optional italic subtitle, then (``copy_label``)
    the line where each copy prints its own label (see CopyLabel)."""
    gap = styles.spec.gap if space_before is None else space_before
    out: list[Flowable] = [Spacer(1, gap * 1.2), CachedParagraph(esc(title), styles.title)]
    if subtitle:
        out.append(CachedParagraph(esc(subtitle), styles.subtitle))
    if copy_label:
        out.append(CopyLabelSlot(styles))
    return out


def barcode_block(
    code: str,
    styles: FormStyles,
    *,
    caption_markup: str | None = None,
    caption_below: bool = True,
    qr: str = "",
) -> list[Flowable]:
    """A centred Code128 barcode of ``code``; with ``qr`` (a signed slip text), its QR beside it (``with_qr``).

    Without a caption the code is printed in small type under the bars; with ``caption_markup`` (e.g.
    "Mã hồ sơ: <b>…</b>", which must contain the code) the caption replaces that small text, under the
    bars by default or above them.
    """
    spec = styles.spec
    barcode = Code128Flowable(
        clean(code),
        module_width=spec.barcode_module,
        bar_height=spec.barcode_height,
        font_size=None if caption_markup else spec.barcode_font_size,
    )
    if not caption_markup:
        block: list[Flowable] = [barcode]
    else:
        caption = CachedParagraph(caption_markup, styles.body_center)
        block = [barcode, Spacer(1, 1.2), caption] if caption_below else [caption, Spacer(1, 1.2), barcode]
    return with_qr(block, qr, styles) if qr else block


# Points per QR module: at most 0.33 mm on sheets (4 dots at 300 dpi), three printer dots on the 203 dpi roll (whole
# dots, as the roll's bar module); on sheets the QR is made no taller than the barcode and its caption, so a receipt
# that fitted its page without the QR still does, but never below QR_MIN_MODULE (3 dots at 300 dpi, what a phone and
# zbarimg read).
QR_MODULE = {"A4": 0.33 * mm, "A5": 0.33 * mm, "80MM": 3 * 25.4 / 203 * mm}
QR_MIN_MODULE = 0.25 * mm
QR_GAP = 4 * mm


def with_qr(block: list[Flowable], qr: str, styles: FormStyles) -> list[Flowable]:
    """`block` (the barcode and its caption) with the signed QR `qr` to its right, both vertically centred; on a
    paper too narrow for both side by side (the 80 mm roll), the QR centred under the block."""
    spec = styles.spec
    sizes = [_size_on_one_line(f, spec.text_width) or f.wrap(spec.text_width, spec.height) for f in block]
    # A paragraph takes whatever width it is given: what the block needs is the barcode's width.
    needed = max((w for f, (w, _h) in zip(block, sizes, strict=True) if not isinstance(f, Paragraph)), default=0)
    block_height = sum(h for _w, h in sizes)
    largest = QR_MODULE.get(spec.name, QR_MODULE["A5"])
    n = qr_size(qr, 1.0)  # modules across, quiet zone included
    module = largest if spec.name == "80MM" else max(QR_MIN_MODULE, min(largest, block_height / n))
    side = n * module
    code = QrFlowable(qr, module=module)
    left_width = spec.text_width - side - QR_GAP
    if needed > left_width:
        return [*block, Spacer(1, 1.5), code]
    table = WrappedOnceTable(
        [[block, code]],
        colWidths=[left_width, side + QR_GAP],
        style=TableStyle([*_NO_PAD, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "RIGHT")]),
    )
    return [table]


def _size_on_one_line(flowable: Flowable, width: float) -> tuple[float, float] | None:
    """What ``flowable.wrap(width, …)`` returns, without breaking lines, for a paragraph that surely takes one line at
    ``width`` (its text a point shorter than the line, fixed leading): (width, leading). None otherwise. Breaking a
    paragraph of several fragments into lines is what costs (~0.1 ms: a receipt's caption, measured here only for
    its height before the table it goes in measures it again at its own width)."""
    if not isinstance(flowable, Paragraph) or getattr(flowable, "bulletText", None):
        return None
    style = flowable.style
    auto_leading = getattr(flowable, "autoLeading", getattr(style, "autoLeading", ""))  # as Paragraph.wrap reads it
    if auto_leading not in ("", "off") or style.wordWrap:
        return None
    frags = getattr(flowable, "frags", None)
    if not frags or not all(isinstance(getattr(f, "text", None), str) for f in frags):
        return None
    room = width - style.leftIndent - style.firstLineIndent - style.rightIndent
    if sum(stringWidth(f.text, f.fontName, f.fontSize) for f in frags) > room - 1:
        return None
    return width, style.leading


def line(markup: str, styles: FormStyles, *, justified: bool = False, own: bool = False) -> Paragraph:
    """One body paragraph from markup (build it with ``esc``); `own` for a dossier's own text (OwnParagraph)."""
    return (OwnParagraph if own else CachedParagraph)(markup, styles.body_justified if justified else styles.body)


def labelled(
    label: str, value: object, styles: FormStyles, *, bold: bool = False, dots: bool = True, own: bool = False
) -> Paragraph:
    """ "Label: value" (value bold if asked); an empty value prints as dots to fill in by hand. `own` for a dossier's
    own text (OwnParagraph)."""
    text = or_dots(value) if dots else esc(value)
    if bold and esc(value):
        text = f"<b>{text}</b>"
    return (OwnParagraph if own else CachedParagraph)(f"{esc(label)}: {text}", styles.body)


def numbered(number: int | str, markup: str, styles: FormStyles) -> Paragraph:
    """A numbered item "1. …" with the text hanging past the number."""
    return CachedParagraph(markup, styles.item, bulletText=f"{number}.")


def grid_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    col_fractions: Sequence[float],
    styles: FormStyles,
    *,
    centered_cols: Sequence[int] = (),
    fit_cols: Sequence[int] = (),
    left_indent: float = 0.0,
) -> Table:
    """A ruled table of plain-text cells; the header row repeats when the table breaks across pages.

    Columns in ``fit_cols`` are as narrow as their widest cell (header included) allows, but never wider
    than their ``col_fractions`` share; the other columns share what is left in proportion to their
    fractions. A cell whose text fits its column on one line is drawn as a plain string (the table sets
    it exactly where a one-line Paragraph would go, at a fraction of the cost); longer text wraps.
    """
    spec = styles.spec
    fam = register_fonts()
    avail = spec.text_width - left_indent
    n_cols = len(col_fractions)
    total = float(sum(col_fractions))
    widths = [avail * f / total for f in col_fractions]
    pad_x = 3.0
    size = spec.table_size
    head = [clean(h) for h in header]
    body = [[clean(cell) for cell in row] for row in rows]

    fit = [i for i in fit_cols if 0 <= i < n_cols]
    if fit:
        for i in fit:
            natural = stringWidth(head[i], fam.bold, size)
            for row in body:
                natural = max(natural, stringWidth(row[i], fam.regular, size))
            widths[i] = min(widths[i], natural + 2 * pad_x + 1)
        flexible = [i for i in range(n_cols) if i not in fit]
        spare = avail - sum(widths)
        flex_total = sum(col_fractions[i] for i in flexible) or 1.0
        for i in flexible:
            widths[i] += spare * col_fractions[i] / flex_total

    centered = set(centered_cols)

    def cell(text: str, col: int, bold: bool) -> object:
        if stringWidth(text, fam.bold if bold else fam.regular, size) <= widths[col] - 2 * pad_x:
            return text
        if bold:
            return CachedParagraph(_xml_escape(text), styles.table_head)
        return CachedParagraph(_xml_escape(text), styles.table_cell_center if col in centered else styles.table_cell)

    data = [[cell(text, i, True) for i, text in enumerate(head)]]
    data.extend([cell(text, i, False) for i, text in enumerate(row)] for row in body)
    pad = max(1.0, size * 0.14)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), fam.regular),
        ("FONTNAME", (0, 0), (-1, 0), fam.bold),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), styles.table_cell.leading),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad_x),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad_x),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 0.5),
    ]
    commands.extend(("ALIGN", (i, 1), (i, -1), "CENTER") for i in sorted(centered) if i < n_cols)
    table = WrappedOnceTable(
        data,
        colWidths=widths,
        repeatRows=1,
        hAlign="RIGHT" if left_indent else "CENTER",
        style=TableStyle(commands),
    )
    content = (tuple(head), tuple(map(tuple, body)), tuple(col_fractions), tuple(centered_cols), tuple(fit_cols))
    table.replay_key = ("grid_table", *content, left_indent, styles)
    return table


class WrappedOnceTable(Table):
    """A Table that does not measure itself again when asked the same width: a slip's tables are wrapped while
    the story is fitted (stack_height), and again by the frame that places them, each time measuring every
    cell (~1 ms a receipt). The measurement is reused only when it was complete (every row measured: reportlab
    stops at the height it was offered) and the height now offered holds the whole table, which is when a new
    measurement would give the same rows; anything else (a table that must split) measures as reportlab does."""

    _wrapped_width: float | None = None  # the width of the last measurement, whoever asked for it
    # Set by the builders of tables whose content is all in it (the heading, the document table, the signatures): the
    # key under which what the table draws is kept across documents (_draw_or_replay). It must stand for everything
    # the table draws: its builder's arguments, with the cells and the TableStyle the builder makes from them; a
    # table whose style is changed afterwards (setStyle) must not keep it. _cells_replayable checks the cells; link
    # commands (HREF, DESTINATION) and shadings in the style are caught when the drawing adds an annotation or a
    # shading to the page (_page_lists), a row callback (renderCB) is not, and no builder uses one. Pieces made by
    # split() have no key.
    replay_key: tuple | None = None

    def drawOn(self, canvas, x, y, _sW=0):
        if self.replay_key is None or self._wrapped_width is None or not _cells_replayable(self):
            return super().drawOn(canvas, x, y, _sW)
        size = (self._wrapped_width, self._width, self._height, tuple(self._colWidths), tuple(self._rowHeights))
        _draw_or_replay(self, ("table", self.replay_key, size), canvas, x, y, _sW)

    def wrap(self, availWidth, availHeight):
        if availWidth == self._wrapped_width and self._hmax == len(self._rowHeights) and availHeight >= self._height:
            self.availWidth = availWidth
            return self._width, self._height
        return super().wrap(availWidth, availHeight)

    def _calc(self, availWidth, availHeight):
        # Recorded here, not in wrap: split() measures too, maybe at another width.
        super()._calc(availWidth, availHeight)
        self._wrapped_width = availWidth


def _cells_replayable(table: Table) -> bool:
    """Whether every cell of ``table`` draws as a function of its content alone: text, spacers, rules and
    paragraphs whose markup is _replayable."""

    def ok(value) -> bool:
        if isinstance(value, (list, tuple)):
            return all(ok(item) for item in value)
        if isinstance(value, OwnParagraph):
            return False  # a dossier's own text is never kept, in a table's drawing neither
        if isinstance(value, CachedParagraph):
            return value._key is not None and _replayable(value._key[0], value._key[1])
        return value is None or isinstance(value, (str, Spacer, HRFlowable))

    return all(ok(cell) for row in table._cellvalues for cell in row)


@dataclass(frozen=True)
class SignatureBlock:
    """One signature column: [above] / TITLE / (hint) / blank space / name."""

    title: str
    hint: str = SIGN_HINT
    name: str = ""
    above: str = ""  # e.g. "KT. GIÁM ĐỐC" above the title, or a date line


def signature_row(blocks: Sequence[SignatureBlock], styles: FormStyles, *, space: float | None = None) -> Table:
    """Signature blocks side by side in equal columns; kept on one page."""
    spec = styles.spec
    space = spec.signature_space if space is None else space
    cells: list[list[Flowable]] = []
    for block in blocks:
        cell: list[Flowable] = []
        if block.above:
            cell.append(CachedParagraph(esc(block.above), styles.sign_title))
        cell.append(CachedParagraph(esc(block.title), styles.sign_title))
        if block.hint:
            cell.append(CachedParagraph(esc(block.hint), styles.sign_hint))
        cell.append(Spacer(1, space))
        if clean(block.name):
            cell.append(CachedParagraph(esc(block.name), styles.sign_name))
        cells.append(cell)
    width = spec.text_width / max(1, len(blocks))
    table = WrappedOnceTable([cells], colWidths=[width] * len(blocks), style=TableStyle(_NO_PAD))
    table.replay_key = ("signature_row", tuple(blocks), space, styles)
    return table


def notes_block(lines: Sequence[str], styles: FormStyles, *, title: str = "Ghi chú") -> list[Flowable]:
    """Small print at the bottom: the bold title "Ghi chú:" hanging to the left of the notes, one
    paragraph per line (plain text), so the title takes no line of its own and never stands alone."""
    lines = [clean(x) for x in lines if clean(x)]
    if not lines:
        return []
    label = f"{clean(title)}:"
    style = _hanging_note_style(styles, label)
    out: list[Flowable] = [
        Spacer(1, styles.spec.gap * 0.8),
        CachedParagraph(_xml_escape(lines[0]), style, bulletText=label),
    ]
    out.extend(CachedParagraph(_xml_escape(x), style) for x in lines[1:])
    return out


@lru_cache(maxsize=32)
def _hanging_note_style(styles: FormStyles, label: str) -> ParagraphStyle:
    note = styles.note
    fam = register_fonts()
    # reportlab pushes the first line right unless the indent clears the label plus 0.6 em.
    indent = stringWidth(label, fam.bold, note.fontSize) + 0.6 * note.fontSize + 0.5
    return ParagraphStyle(
        f"{note.name}-hanging-{label}",
        parent=note,
        leftIndent=indent,
        bulletIndent=0,
        bulletFontName=fam.bold,
        bulletFontSize=note.fontSize,
    )


def fits_line(text: str, styles: FormStyles, *, width: float | None = None) -> bool:
    """Whether plain ``text`` (no markup, white space as it will be drawn) in the body style fits on one
    line of ``width`` (default: the text width)."""
    style = styles.body
    avail = styles.spec.text_width if width is None else width
    return stringWidth(text, style.fontName, style.fontSize) <= avail


def gap(styles: FormStyles, factor: float = 1.0) -> Spacer:
    return Spacer(1, styles.spec.gap * factor)


_BIG = 1e6


def stack_height(flowables: Sequence[Flowable], width: float) -> float:
    """Height of ``flowables`` stacked in a frame of ``width`` with no page break; a slight overestimate
    (the space after one flowable and the space before the next are added, not merged). Containers
    (KeepTogether, TableWithTail) count their content; CondPageBreak counts nothing."""
    total = 0.0
    for f in flowables:
        if isinstance(f, CondPageBreak):
            continue
        content = getattr(f, "_content", None)
        if content is not None:
            total += stack_height(content, width)
            continue
        _, h = f.wrap(width, _BIG)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


class TableWithTail(Flowable):
    """A table with what leads into it (``lead``, e.g. its heading) and the end of the form after it
    (``tail``: closing items, signatures, notes), laid out so that the end never stands alone.

    All on the page when it fits. Otherwise the table breaks between rows (its repeated header rows
    repeat), and at least ``keep_rows`` of its last rows go to the next page together with the whole
    tail, which is not split: the signatures stay with the notes and with the end of the table. If not
    even one row fits here with ``keep_rows`` left over, everything moves to the next page. At the top of
    a page and still too long (a tail longer than a page), the table and then the tail flow on.
    """

    def __init__(self, lead: Sequence[Flowable], table: Table, tail: Sequence[Flowable], *, keep_rows: int = 2) -> None:
        super().__init__()
        self.lead = list(lead)
        self.table = table
        self.tail = list(tail)
        self.keep_rows = keep_rows
        self._content = [*self.lead, table, *self.tail]  # for stack_height

    def getSpaceBefore(self) -> float:
        return self._content[0].getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self._content[-1].getSpaceAfter()

    def wrap(self, availWidth, availHeight):
        return availWidth, 0xFFFFFF  # always split, like KeepTogether: split decides the layout

    def split(self, availWidth, availHeight):
        lead_h = stack_height(self.lead, availWidth)
        tail_h = stack_height(self.tail, availWidth)
        _, table_h = self.table.wrap(availWidth, _BIG)
        if lead_h + table_h + tail_h <= availHeight:
            return [*self.lead, self.table, *self.tail]
        frame = getattr(self, "_frame", None)
        at_top = frame is None or bool(getattr(frame, "_atTop", False))
        heights = list(self.table._rowHeights)
        n_head = self.table.repeatRows if isinstance(self.table.repeatRows, int) else 0
        head_h, body = sum(heights[:n_head]), heights[n_head:]
        room = availHeight - lead_h - head_h
        rows, used = 0, 0.0
        while rows < len(body) - self.keep_rows and used + body[rows] <= room:
            used += body[rows]
            rows += 1
        if rows >= 1:
            parts = self.table.split(availWidth, head_h + used + 0.01)
            if len(parts) == 2:
                rest = TableWithTail([], parts[1], self.tail, keep_rows=self.keep_rows)
                return [*self.lead, parts[0], FrameBreak(), rest]
        if not at_top:
            return []  # all of it to the next page
        return [*self.lead, self.table, KeepTogether(self.tail)]

    def draw(self) -> None:  # never drawn: split always hands back its pieces
        pass


# --------------------------------------------------------------------------------------------- build


@dataclass(frozen=True)
class CopyLabel:
    """One copy (liên) of a form: the line printed at the story's CopyLabelSlot, and the short name used
    in the multi-page footer ("Liên 1")."""

    text: str
    short: str = ""


class CopyLabelSlot(Flowable):
    """Reserves one line where each copy prints its own label (e.g. "(Liên 1: Lưu tại Bộ phận Một cửa)").

    Must be a top-level flowable of the story (not inside a table) and appear at most once.
    """

    def __init__(self, styles: FormStyles) -> None:
        super().__init__()
        self.style = styles.subtitle
        self.position: tuple[int, float, float, float] | None = None  # page number, x, y, width
        self._avail = 0.0

    def wrap(self, availWidth, availHeight):
        self._avail = availWidth
        return availWidth, self.style.leading

    def drawOn(self, canvas, x, y, _sW=0):
        self.position = (canvas.getPageNumber(), x, y, self._avail)

    def draw(self) -> None:  # drawn per copy by the document, see _SlipDoc
        pass


class _SlipDoc(BaseDocTemplate):
    """Lays the story out once; every copy's pages reuse the laid-out pages as Form XObjects.

    Page content is captured into one form per page ("slippage{i}"); the first copy's pages are emitted
    as the layout goes, the other copies' pages are emitted after it. On top of the shared form each
    page gets its copy label (at the CopyLabelSlot), the reprint mark, and a footer form defined at the
    end, when the page count is known.
    """

    def __init__(
        self, buffer, spec: PaperSpec, copies: Sequence[CopyLabel], *, code: str, reprint: bool, reprint_note: str, **kw
    ) -> None:
        super().__init__(
            buffer,
            pagesize=spec.pagesize,
            leftMargin=spec.margin_left,
            rightMargin=spec.margin_right,
            topMargin=spec.margin_top,
            bottomMargin=spec.margin_bottom,
            **kw,
        )
        self.spec = spec
        self.copies = [CopyLabel(clean(c.text), clean(c.short)) for c in copies]
        self.code = clean(code)
        self.reprint = reprint
        self.reprint_note = clean(reprint_note)
        self.page_forms = 0
        self.pages: list[tuple[int, int]] = []  # emitted page -> (copy index, page index within the copy)
        self.slot: CopyLabelSlot | None = None
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        template = PageTemplate(id="slip", frames=[frame], onPage=self._page_begin, onPageEnd=self._page_end)
        self.addPageTemplates([template])

    # Layout pass: capture each page into a form, emit it as a page of the first copy.
    def _page_begin(self, canvas, doc) -> None:
        if self.page_forms == 0:
            prime_subsets(canvas._doc)  # before any text is drawn: same font subsets in every document
        canvas.beginForm(f"slippage{self.page_forms}")

    def _page_end(self, canvas, doc) -> None:
        canvas.endForm()
        self._emit(canvas, 0, self.page_forms)
        self.page_forms += 1

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, CopyLabelSlot):
            self.slot = flowable

    def _emit(self, canvas, copy: int, page: int) -> None:
        """Draw page ``page`` of copy ``copy`` (the caller shows the page)."""
        self.pages.append((copy, page))
        canvas.doForm(f"slippage{page}")
        label = self.copies[copy].text if copy < len(self.copies) else ""
        slot = self.slot if self.slot is not None and self.slot.position is not None else None
        if label and slot is not None and slot.position[0] - 1 == page:
            _, x, y, width = slot.position
            style = slot.style
            size = style.fontSize
            text_w = stringWidth(label, style.fontName, size)
            if text_w > width:
                size *= width / text_w
                text_w = width
            canvas.saveState()
            canvas.setFont(style.fontName, size)
            canvas.drawCentredString(x + width / 2, y + (style.leading - size) / 2 + 0.22 * size, label)
            canvas.restoreState()
        if self.reprint:
            self._draw_reprint_mark(canvas)
        canvas.doForm(f"slipfooter{len(self.pages) - 1}")

    def _draw_reprint_mark(self, canvas) -> None:
        spec = self.spec
        fam = register_fonts()
        size = spec.small_size
        text_w = stringWidth(REPRINT_MARK, fam.bold, size)
        pad = size * 0.3
        box_w, box_h = text_w + 2 * pad, size + 2 * pad
        x1 = spec.width - spec.margin_right
        # Centred in the top margin, but never closer than PRINTER_MARGIN to the edge of the sheet.
        y0 = spec.height - max(spec.margin_top * 0.5 - box_h / 2, PRINTER_MARGIN) - box_h
        canvas.saveState()
        canvas.setLineWidth(0.8)
        canvas.rect(x1 - box_w, y0, box_w, box_h, stroke=1, fill=0)
        canvas.setFont(fam.bold, size)
        canvas.drawString(x1 - box_w + pad, y0 + pad + size * 0.2, REPRINT_MARK)
        if self.reprint_note:
            canvas.setFont(fam.italic, spec.small_size)
            canvas.drawRightString(x1 - box_w - 4, y0 + pad + size * 0.2, self.reprint_note)
        canvas.restoreState()

    def _define_footers(self) -> None:
        canvas = self.canv
        spec = self.spec
        fam = register_fonts()
        total = self.page_forms
        for emitted, (copy, page) in enumerate(self.pages):
            canvas.beginForm(f"slipfooter{emitted}")
            if total > 1:
                parts = []
                if self.code:
                    parts.append(f"Mã hồ sơ: {self.code}")
                short = self.copies[copy].short if copy < len(self.copies) else ""
                if short:
                    parts.append(short)
                parts.append(f"Trang {page + 1}/{total}")
                canvas.setFont(fam.italic, spec.small_size)
                canvas.drawRightString(
                    spec.width - spec.margin_right,
                    max(spec.margin_bottom * 0.5 - spec.small_size * 0.3, PRINTER_MARGIN + spec.small_size * 0.25),
                    " · ".join(parts),
                )
            canvas.endForm()

    def _endBuild(self) -> None:
        # The base class finishes the last page of the first copy; we add the other copies, define the
        # footers (now that the page count is known) and only then save.
        self._doSave = 0
        super()._endBuild()
        canvas = self.canv
        for copy in range(1, len(self.copies)):
            for page in range(self.page_forms):
                self._emit(canvas, copy, page)
                canvas.showPage()
        self._define_footers()
        canvas.save()


@cache
def _fast_flate():
    """reportlab's FlateDecode filter at zlib level 1 (its own uses the default, 6)."""

    class FastFlate(pdfdoc.PDFStreamFilterZCompress):
        def encode(self, text):
            return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, 1)

    return FastFlate()


def build_pdf(
    story: list[Flowable],
    paper: PaperSpec | str,
    *,
    copies: Sequence[CopyLabel] = (CopyLabel(""),),
    title: str,
    subject: str = "",
    code: str = "",
    reprint: bool = False,
    reprint_note: str = "",
    invariant: bool = False,
) -> bytes:
    """Lay out ``story`` once and emit it once per copy, each copy starting on a new page.

    Copies differ only in their label, printed where the story has a CopyLabelSlot (see form_title),
    and in the footer that multi-page copies get ("Mã hồ sơ … · Liên 1 · Trang 1/2"). ``reprint``
    draws a boxed "BẢN IN LẠI" (with ``reprint_note`` beside it) in the top margin of every page.
    ``invariant`` makes the output byte-for-byte reproducible (fixed creation date and document id).
    """
    spec = paper if isinstance(paper, PaperSpec) else paper_spec(paper)
    register_fonts()
    if not copies:
        raise ValueError("build_pdf: at least one copy is needed")
    buffer = io.BytesIO()
    doc = _SlipDoc(
        buffer,
        spec,
        copies,
        code=code,
        reprint=reprint,
        reprint_note=reprint_note,
        title=clean(title),
        subject=clean(subject),
        author="counter_app",
        creator="counter_app",
        invariant=1 if invariant else 0,
        initialFontName=SERIF.regular,  # keep unembedded Helvetica out of the PDF
        initialFontSize=spec.body_size,
    )
    # ASCII85-wrapping compressed streams only makes the file bigger and slower to write; reportlab
    # reads the switch from its global config at save time, so set it for this build only (rendering
    # runs on one worker, see ARCHITECTURE decision 5).
    # Likewise the streams are deflated at zlib's fastest level: a receipt's page content (~10 KB) deflates in a
    # quarter of the time of the default level for ~15 % more bytes.
    saved_a85, saved_flate = rl_config.useA85, pdfdoc.PDFZCompress
    rl_config.useA85 = 0
    pdfdoc.PDFZCompress = _fast_flate()
    try:
        doc.build(list(story))
    finally:
        rl_config.useA85, pdfdoc.PDFZCompress = saved_a85, saved_flate
        document_done()  # what this document alone computed leaves the caches (recent.RecentCache)
    return buffer.getvalue()
