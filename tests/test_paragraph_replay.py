"""A paragraph or table drawn again from what it drew in an earlier document (layout._draw_or_replay) gives the bytes
reportlab's own drawing gives, and is replayed only where that holds (issue 15 item 2)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from reportlab.platypus import Flowable

from benchmarks.receipt_render import receipt_corpus
from counter_app.printing import layout as L
from counter_app.printing.receipt import render_receipt
from counter_app.services.slips import SLIP_FORMS


def _clear() -> None:
    for cache in (L._parsed, L._wrapped, L._drawn):
        cache.clear()


@pytest.fixture
def replays(monkeypatch):
    """Counts the paragraphs drawn from the cache."""
    hits = []
    original = L._drawn.get

    def counting(key):
        value = original(key)
        if value is not None:
            hits.append(key)
        return value

    monkeypatch.setattr(L._drawn, "get", counting)
    return hits


def _drawing_only(monkeypatch) -> None:
    """Every paragraph and table drawn by reportlab, none replayed."""

    def draw(flowable, key, canvas, x, y, _sW):
        Flowable.drawOn(flowable, canvas, x, y, _sW)

    monkeypatch.setattr(L, "_draw_or_replay", draw)


@pytest.mark.parametrize("paper", ["A5", "A4", "80MM"])
def test_replayed_receipts_are_the_bytes_of_drawn_ones(paper, monkeypatch, replays):
    corpus = receipt_corpus()
    _clear()
    replayed = [render_receipt(data, paper, invariant=True) for data in corpus]
    # ~17 a receipt (21 before the applicant's own lines stopped being kept: layout.OwnParagraph)
    assert len(replays) > 14 * len(corpus), "most of a receipt's paragraphs come back from earlier receipts"
    tables = {key[1][0] for key in replays if key[0] == "table"}
    assert tables == {"agency_header", "grid_table", "signature_row"}, "and its tables"
    _drawing_only(monkeypatch)
    _clear()
    drawn = [render_receipt(data, paper, invariant=True) for data in corpus]
    changed = [i for i, (a, b) in enumerate(zip(replayed, drawn, strict=True)) if a != b]
    assert not changed, f"{paper}: receipts {changed} differ"


def test_a_character_outside_the_primed_ones_stops_recording_not_replaying(monkeypatch, replays):
    """ "ñ" is not in fonts.REPERTOIRE: the document that draws it encodes it with a code of its own. What that document
    draws after it is not kept (its codes are that document's), what was kept earlier still replays, and the bytes
    are reportlab's."""
    data = receipt_corpus()[5]
    foreign = dataclasses.replace(data, applicant_name="Juan Muñoz", address="Calle Ñandú 12, Hà Nội")
    order = [data, foreign, data, foreign, foreign, data]
    _clear()
    replayed = [render_receipt(item, "A5", invariant=True) for item in order]
    assert replays, "the receipts after the first replay"
    assert not any("Muñoz" in key[0] or "Ñandú" in key[0] for key in L._drawn._values)
    _drawing_only(monkeypatch)
    _clear()
    drawn = [render_receipt(item, "A5", invariant=True) for item in order]
    assert replayed == drawn


def test_a_face_named_otherwise_in_a_later_document_is_drawn_not_replayed(monkeypatch, replays):
    """Internal font names (/F1, /F2…) follow the order in which a document first uses each face. A paragraph kept
    from a document where the regular face was /F1 is drawn anew in one where it is /F2."""
    spec = L.paper_spec("A5")
    st = L.form_styles(spec)

    def pdf(first_markup: str) -> bytes:
        story = [L.line(first_markup, st), L.line("Nội dung yêu cầu giải quyết: hồ sơ", st)]
        return L.build_pdf(story, spec, title="Thử", invariant=True)

    _clear()
    replayed = [pdf("Dòng thường"), pdf("Dòng thường"), pdf("<b>Dòng đậm</b>"), pdf("<i>Dòng nghiêng</i>")]
    before = len(replays)
    assert before, "the second document replays both lines"
    _drawing_only(monkeypatch)
    _clear()
    drawn = [pdf("Dòng thường"), pdf("Dòng thường"), pdf("<b>Dòng đậm</b>"), pdf("<i>Dòng nghiêng</i>")]
    assert replayed == drawn


def test_markup_that_reads_the_canvas_is_never_replayed(replays):
    """Underlines take the canvas's line width (and links the page's position): drawn each time."""
    spec = L.paper_spec("A5")
    st = L.form_styles(spec)
    for _ in range(3):
        story = [L.line("Có <u>gạch chân</u> và <strike>gạch ngang</strike>", st)]
        L.build_pdf(story, spec, title="Thử", invariant=True)
    assert not replays and not any("<u>" in key[0] for key in L._drawn._values)


class _Translucent(Flowable):
    """Draws ``inner`` with the fill half transparent (an ExtGState), as a watermark would."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.inner.wrap(availWidth, availHeight)
        return self.width, self.height

    def draw(self):
        self.canv.setFillAlpha(0.5)
        self.inner.drawOn(self.canv, 0, 0)


def test_a_paragraph_under_a_transparency_is_drawn_not_replayed(monkeypatch, replays):
    """What reportlab writes for a colour's alpha depends on the ExtGState already set: no replay under one, and
    nothing drawn under one is kept."""
    spec = L.paper_spec("A5")
    st = L.form_styles(spec)
    text = "Dòng chữ mờ làm nền"

    def pdf(translucent: bool) -> bytes:
        line = L.line(text, st)
        return L.build_pdf([_Translucent(line) if translucent else line], spec, title="Thử", invariant=True)

    order = [False, False, True, True, False]
    _clear()
    replayed = [pdf(flag) for flag in order]
    # kept from its second document on (recent.RecentCache), so replayed in the last one only
    assert len(replays) == 1
    _drawing_only(monkeypatch)
    _clear()
    assert replayed == [pdf(flag) for flag in order]


_UNSTABLE = re.compile(rb"/(CreationDate|ModDate) \(D:[^)]*\)|/ID\s*\[<[0-9a-fA-F]+><[0-9a-fA-F]+>\]")


@pytest.fixture
def office(services):
    from tests.test_printing_slips import OFFICER, PHONE

    services.settings.set_many(
        {"agency.phone": PHONE, "officer.name": OFFICER, "agency.governing_name": "UBND tỉnh Yên Bái"}
    )
    return services


def test_every_slip_form_replays_to_the_bytes_reportlab_draws(office, monkeypatch, replays):
    """The other forms go through the same layout: each slip of a dossier that went the whole way, rendered two
    times over (the second time replayed), is the slip drawn with replay off (dates and the document id aside)."""
    from tests.test_printing_slips import DIVISION, K, T, _intake, _record

    code = _intake(office)
    _record(office, code, K.HANDED_OVER, at=T(2026, 11, 2, 10), to_unit=DIVISION)
    _record(office, code, K.SUPPLEMENT_REQUESTED, at=T(2026, 11, 3, 9), missing=["1"], reason="đơn chưa ký")
    _record(office, code, K.SUPPLEMENT_RECEIVED, at=T(2026, 11, 4, 9))
    _record(office, code, K.RESOLVED, at=T(2026, 11, 20, 9), result="Chứng chỉ số 12/CC")
    _record(office, code, K.RESULT_RETURNED, at=T(2026, 11, 23, 9), receiver="Nguyễn Thị Hương")
    forms = [form for form in SLIP_FORMS if form not in ("refusal", "stop", "apology")]

    def slips() -> list[bytes]:
        return [_UNSTABLE.sub(b"", office.slips.render(code, form)) for form in forms]

    _clear()
    slips()
    before = len(replays)
    replayed = slips()
    assert len(replays) - before >= 4 * len(forms), "the second round replays"
    _drawing_only(monkeypatch)
    _clear()
    drawn = slips()
    changed = [form for form, a, b in zip(forms, replayed, drawn, strict=True) if a != b]
    assert not changed, f"{changed} differ"


def _replay_and_draw(monkeypatch, documents) -> tuple[list[bytes], list[bytes]]:
    """Each of ``documents`` (callables making a PDF) made with replay, then again with replay off, caches cleared."""
    _clear()
    replayed = [make() for make in documents]
    with monkeypatch.context() as patch:
        _drawing_only(patch)
        _clear()
        drawn = [make() for make in documents]
    return replayed, drawn


def test_a_transparency_inside_a_text_object_is_never_kept(monkeypatch, replays):
    """A paragraph of several fragments sets its colours inside its text object: an alpha below 1 writes "/gRLsN gs"
    there, N numbered by what the page used before. Such a drawing is not kept (reviewer's case)."""
    spec = L.paper_spec("A5")
    st = L.form_styles(spec)
    mark = 'Ghi chú <font color="rgba(0,0,0,0.5)">mờ</font> và <b>đậm</b>'
    before = 'Trước <font color="rgba(0,0,0,0.3)">nhạt</font> <b>x</b>'

    def pdf(with_before: bool):
        def make() -> bytes:
            story = ([L.Paragraph(before, st.body)] if with_before else []) + [L.line(mark, st)]
            return L.build_pdf(story, spec, title="Thử", invariant=True)

        return make

    replayed, drawn = _replay_and_draw(monkeypatch, [pdf(False), pdf(False), pdf(True)])
    assert replayed == drawn
    assert not any(key[0] == mark for key in L._drawn._values)


def test_a_spot_colour_is_never_kept(monkeypatch, replays):
    """A Separation colour is a resource of the page and an object of the document: a drawing that uses one is not
    kept, or a replay would name a colour space the document does not hold."""
    from reportlab.lib.colors import CMYKColorSep
    from reportlab.lib.styles import ParagraphStyle

    spec = L.paper_spec("A5")
    st = L.form_styles(spec)
    spot = ParagraphStyle("spot", parent=st.body, textColor=CMYKColorSep(0, 0.5, 1, 0, spotName="PANTONE_X", density=1))

    def make() -> bytes:
        return L.build_pdf([L.CachedParagraph("Dòng mực pha", spot)], spec, title="Thử", invariant=True)

    replayed, drawn = _replay_and_draw(monkeypatch, [make, make, make])
    assert replayed == drawn and all(pdf.count(b"PANTONE_X") for pdf in replayed)
    assert not replays


def test_a_document_that_encoded_text_before_it_was_primed_is_not_primed():
    """Its codes for the repertoire are its own: neither its encoded strings nor its drawings may be shared."""
    from reportlab.pdfbase import pdfdoc, pdfmetrics

    from counter_app.printing import fonts

    fonts.register_fonts()
    primed_first, early = pdfdoc.PDFDocument(), pdfdoc.PDFDocument()
    fonts.prime_subsets(primed_first)
    assert fonts.only_primed(primed_first)
    regular = pdfmetrics.getFont(fonts.SERIF.regular)
    regular.splitString("Ǹ", early)  # a character outside the repertoire, encoded before priming
    fonts.prime_subsets(early)
    assert not fonts.only_primed(early)
    assert not hasattr(regular.state[early], "primed_next_code")
