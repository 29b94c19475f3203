"""The printing layer's caches keep what repeats across documents and nothing of one dossier (issue 17)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta

from counter_app.printing import barcode, layout
from counter_app.printing.fonts import SERIF, register_fonts
from counter_app.printing.receipt import render_receipt
from counter_app.printing.recent import RecentCache, document_done, dossier_own
from tests.test_printing_receipt import _data


def test_a_key_is_kept_across_documents_only_from_its_second_document():
    cache = RecentCache(limit=3)
    assert cache.put("heading", 1) is False  # first document: computed for it alone
    assert cache.get("heading") == 1 and cache.current_size == 1  # ...and reused within it
    assert cache.put("heading", 1) is False, "a second sight in the same document is not a repeat"
    cache.put("Nguyễn Thị Hương", 2)
    document_done()
    assert cache.get("heading") is None and cache.get("Nguyễn Thị Hương") is None and cache.current_size == 0
    assert len(cache) == 0
    assert cache.put("heading", 1) is True  # it came back in another document: kept from now on
    document_done()
    document_done()
    assert cache.get("heading") == 1 and "heading" in cache


def test_a_dossiers_own_text_is_never_kept_however_often_it_comes_back():
    cache = RecentCache(limit=3)
    for _ in range(3):
        with dossier_own():
            assert cache.put("Nguyễn Văn An", 1) is False
            assert cache.get("Nguyễn Văn An") == 1, "reused within its document"
        cache.put("heading", 2)
        document_done()
    assert "Nguyễn Văn An" not in cache and cache.get("Nguyễn Văn An") is None and "heading" in cache
    assert hash("Nguyễn Văn An") not in cache._seen, "not even remembered as seen"


def test_kept_values_and_remembered_keys_are_bounded():
    cache = RecentCache(limit=2, seen_limit=3)
    for key in "abcde":
        cache.put(key, key)
    assert len(cache._seen) == 3  # the oldest first sights are forgotten
    document_done()
    for key in "cde":
        assert cache.put(key, key) is True
    assert len(cache) == 2 and "c" not in cache and cache.get("e") == "e"  # least recently used out
    assert len(cache._seen) == 0


def test_receipts_of_different_dossiers_do_not_fill_the_caches():
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    faces = [pdfmetrics.getFont(face) for face in (SERIF.regular, SERIF.bold, SERIF.italic)]
    # What earlier tests rendered (the same codes and dates, say) would count as repeated here: start afresh.
    for cache in (layout._parsed, layout._wrapped, layout._drawn, *(face._splits for face in faces)):
        cache.clear()
    base = _data()

    def receipt(n: int) -> bytes:
        return render_receipt(
            replace(
                base,
                dossier_code=f"H61.22-261125-{1001 + n}",
                applicant_name=f"Nguyễn Thị Hương {n}",
                received_at=base.received_at + timedelta(minutes=n),
                register_number=str(1001 + n),
            )
        )

    def sizes() -> tuple[int, int, int, int]:
        return (
            len(layout._parsed),
            len(layout._wrapped),
            len(layout._drawn),
            sum(len(face._splits) for face in faces),
        )

    for n in range(5):  # the forms' own text is kept from the second receipt on
        receipt(n)
    after_five = sizes()
    for n in range(5, 45):
        receipt(n)
    assert sizes() == after_five, "40 more dossiers must add nothing to what is kept across documents"
    assert all(size > 0 for size in after_five), "what repeats is still kept"
    keys = [key[0] for key in layout._parsed._values]
    assert not any("Nguyễn Thị Hương" in text for text in keys), "an applicant's name is not kept"
    assert not any("Nguyễn Thị Hương" in key[0] for key in layout._drawn._values), "nor what drew it"
    assert barcode._cached_runs.cache_info().currsize <= 8


def test_citizens_of_one_name_and_one_street_leave_nothing_in_the_caches():
    """Names and streets repeat between citizens: the receipt's applicant lines (layout.OwnParagraph) are kept for
    their own document only. Before, a name seen in a second receipt was kept, and a day of 2,000 receipts with a
    thousand names filled the caches to their caps (~9 MB, docs/BENCHMARKS.md)."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    faces = [pdfmetrics.getFont(face) for face in (SERIF.regular, SERIF.bold, SERIF.italic)]
    for cache in (layout._parsed, layout._wrapped, layout._drawn, *(face._splits for face in faces)):
        cache.clear()
    base = _data()
    names = ("Trần Thị Bích Ngọc", "Lê Văn Quyết")
    for n in range(6):
        render_receipt(
            replace(
                base,
                dossier_code=f"H61.22-261125-{2001 + n}",
                applicant_name=names[n % 2],
                address="Số 7 ngõ Quỳnh, phường Bạch Mai, Hà Nội",
                phone="0912345678",
                register_number=str(2001 + n),
            )
        )
    own = ("Trần Thị Bích Ngọc", "Lê Văn Quyết", "ngõ Quỳnh", "0912345678")
    texts = [str(key) for cache in (layout._parsed, layout._wrapped, layout._drawn) for key in cache._values]
    texts += [str(key) for face in faces for key in face._splits._values]
    assert texts, "the forms' own text is kept"
    assert not [text for text in texts if any(part in text for part in own)], "no applicant's line, name or phone"


def test_an_lru_dict_keeps_its_limit_and_drops_the_least_recently_used():
    from counter_app.printing.recent import LruDict

    cache = LruDict(limit=2)
    cache["a"], cache["b"] = 1, 2
    assert cache.get("a") == 1  # read: now the most recent
    cache["c"] = 3
    assert list(cache) == ["a", "c"] and cache.get("b", 0) == 0


def _kept_texts(faces) -> list[str]:
    texts = [str(key) for cache in (layout._parsed, layout._wrapped, layout._drawn) for key in cache._values]
    return texts + [str(key) for face in faces for key in face._splits._values]


def _faces():
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    faces = [pdfmetrics.getFont(face) for face in (SERIF.regular, SERIF.bold, SERIF.italic)]
    for cache in (layout._parsed, layout._wrapped, layout._drawn, *(face._splits for face in faces)):
        cache.clear()
    return faces


def test_an_own_line_broken_across_pages_stays_its_own():
    """The pieces of an OwnParagraph split at a page break are drawn after it, outside its drawOn: they are still
    its own (layout._OwnPiece)."""
    from reportlab.pdfgen.canvas import Canvas

    faces = _faces()
    st = layout.form_styles(layout.paper_spec("A5"))
    address = "Địa chỉ: " + ", ".join(["Số 7 ngõ Quỳnh, phường Bạch Mai, Hà Nội"] * 6)
    for _ in range(3):
        canvas = Canvas(io.BytesIO())
        line = layout.OwnParagraph(address, st.body)
        line.wrap(200, 1000)
        pieces = line.split(200, st.body.leading * 2.5)
        assert len(pieces) == 2 and all(isinstance(piece, layout._OwnPiece) for piece in pieces)
        for piece in pieces:
            piece.wrap(200, 1000)
            piece.drawOn(canvas, 20, 300)
            piece.split(200, st.body.leading)  # a piece broken again stays its own too
        canvas.save()
        document_done()
    assert not [text for text in _kept_texts(faces) if "ngõ Quỳnh" in text]


def test_return_slips_of_one_receiver_leave_nothing_of_them_in_the_caches(services):
    """The return slip names who received the result, with their ID number, in its lines and under its signature
    (form_texts.PERSONAL_PLACEHOLDERS): rendered three times, nothing of them is kept."""
    from tests.test_printing_slips import K, T, _intake, _record

    faces = _faces()
    code = _intake(services)
    _record(services, code, K.RESOLVED, at=T(2026, 11, 20, 9), result="Chứng chỉ số 12/CC")
    _record(
        services, code, K.RESULT_RETURNED, at=T(2026, 11, 23, 9), receiver="Lê Văn Quyết", receiver_id="001099012345"
    )
    for _ in range(3):
        services.slips.render(code, "return")
    kept = _kept_texts(faces)
    assert kept, "the form's own text is kept"
    assert not [text for text in kept if "Lê Văn Quyết" in text or "001099012345" in text]


def test_registers_and_fee_papers_leave_no_citizen_in_the_caches():
    """The register (sổ theo dõi), the fee receipt and the fee register list citizens in table cells drawn as plain
    strings: printed three times (a register reprinted, receipts of one payer), nothing of them is kept across
    documents. The register's part is the one that can fail today (it fails without dossier_own in
    render_register); the fee papers are built by reportlab's own doc.build, whose fonts are not primed, so nothing
    of them is cached yet: their part holds the line if that changes."""
    from datetime import date, datetime

    from counter_app.domain.calendar import OFFICE_TZ
    from counter_app.domain.fees import EntryKind, FeeEntry, FeeTotal
    from counter_app.printing.data import AgencyInfo, FeeReceiptData, FeeRegisterData, RegisterData, RegisterRow
    from counter_app.printing.fee_receipt import render_fee_receipt, render_fee_register
    from counter_app.printing.register import render_register

    faces = _faces()
    at = datetime(2026, 11, 25, 9, 0, tzinfo=OFFICE_TZ)
    agency = AgencyInfo(governing_name="UBND TỈNH YÊN BÁI", place="Yên Bái")
    name, contact, payer = "Trần Thị Bích Ngọc", "Số 7 ngõ Quỳnh, 0912345678", "Lê Văn Quyết"
    row = RegisterRow(
        code="H61.22-261125-2001",
        procedure_name="Cấp giấy phép tiến hành công việc bức xạ",
        applicant_name=name,
        received_at=at,
        due_at=at,
        contact=contact,
    )
    register = RegisterData(agency=agency, date_from=date(2026, 11, 25), date_to=date(2026, 11, 25), printed_at=at)
    register = replace(register, rows=(row,))
    receipt = FeeReceiptData(
        agency=agency,
        series="BL26",
        number=12,
        issued_at=at,
        amount=500000,
        method="cash",
        payer=payer,
        dossier_code=row.code,
        procedure_name=row.procedure_name,
        officer_name="Cán bộ thu",
    )
    entry = FeeEntry(
        kind=EntryKind.COLLECTED,
        at=at,
        code=row.code,
        procedure_code="1.000001",
        procedure_name=row.procedure_name,
        series="BL26",
        number=12,
        amount=500000,
        method="cash",
        payer=payer,
        officer="Cán bộ thu",
    )
    total = FeeTotal(procedure_code="", procedure_name="", receipts=1, collected=500000, cash=500000)
    for _ in range(3):
        render_register(register)
        render_fee_receipt(receipt)
        render_fee_register(
            FeeRegisterData(
                agency=agency,
                date_from=date(2026, 11, 25),
                date_to=date(2026, 11, 25),
                entries=(entry,),
                totals=(total,),
                grand_total=total,
                made_at=at,
            )
        )
    own = (name, "ngõ Quỳnh", "0912345678", payer)
    assert not [text for text in _kept_texts(faces) if any(part in text for part in own)]
    from counter_app.printing import recent

    assert recent._keeping, "outside those documents, what repeats is kept again"
