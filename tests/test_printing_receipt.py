"""Form 01 receipt: text, copies, barcode, paper sizes, normalisation, long lists, reprint marker."""

from __future__ import annotations

import io
import pickle
import shutil
import subprocess
import sys
import unicodedata
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from counter_app.printing import layout
from counter_app.printing.data import AgencyInfo, ReceiptData, ReceivedDocument
from counter_app.printing.fonts import LICENSE_FILE, font_files, register_fonts
from counter_app.printing.receipt import DOCUMENT_COLUMNS, TITLE, render_receipt
from counter_app.resources import resource_path

TZ = timezone(timedelta(hours=7))
CODE = "H61.22-261125-1001"
DUE_LINE = "Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 09/12/2026"
RECEIVED_LINE = "Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 25/11/2026"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not on PATH (Debian: poppler-utils / zbar-tools)")
    return path


def _data(**changes) -> ReceiptData:
    base = dict(
        agency=AgencyInfo(governing_name="UBND TỈNH YÊN BÁI", place="Yên Bái", phone="0216 3852 123"),
        dossier_code=CODE,
        applicant_name="Nguyễn Thị Hương",
        procedure_name="Cấp chứng chỉ nhân viên bức xạ",
        procedure_code="1.004523",
        received_at=datetime(2026, 11, 25, 8, 30, tzinfo=TZ),
        due_at=datetime(2026, 12, 9, 16, 0, tzinfo=TZ),
        processing_time_text="10 ngày làm việc",
        documents=(
            ReceivedDocument("Đơn đề nghị cấp chứng chỉ nhân viên bức xạ", "Bản chính"),
            ReceivedDocument("Văn bằng chuyên môn", "Bản sao chứng thực"),
            ReceivedDocument("Ảnh 4x6 cm", "Bản chính", 2),
        ),
        address="Số 12, đường Nguyễn Thái Học, phường Yên Bái",
        phone="0912 345 678",
        email="huong.nt@example.vn",
        id_number="015190001234",
        fee="300.000 đồng",
        officer_name="Trần Văn Minh",
        register_book="05",
        register_number="1001",
    )
    base.update(changes)
    return ReceiptData(**base)


def _pdftotext(pdf: bytes, tmp_path: Path, page: int | None = None) -> str:
    exe = _tool("pdftotext")
    src = tmp_path / "in.pdf"
    src.write_bytes(pdf)
    args = [exe, "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run([*args, str(src), "-"], check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def _flat(text: str) -> str:
    """White space collapsed, so a line wrapped by the layout still matches."""
    return " ".join(text.split())


def _in_order(phrase: str, text: str, max_gap: int = 6) -> bool:
    """Whether the words of ``phrase`` occur in ``text`` in order, at most ``max_gap`` other words apart
    (a table cell wrapped over lines is extracted with the row's other cells between its lines)."""
    words, tokens = phrase.split(), text.split()
    for start, token in enumerate(tokens):
        if token != words[0]:
            continue
        at, ok = start, True
        for word in words[1:]:
            window = tokens[at + 1 : at + 2 + max_gap]
            if word not in window:
                ok = False
                break
            at += 1 + window.index(word)
        if ok:
            return True
    return False


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _decode_pages(pdf: bytes, tmp_path: Path) -> list[set[str]]:
    """Barcodes found by zbarimg on each page rendered at 300 dpi."""
    pdftoppm = _tool("pdftoppm")
    zbarimg = _tool("zbarimg")
    src = tmp_path / "bc.pdf"
    src.write_bytes(pdf)
    subprocess.run([pdftoppm, "-r", "300", "-png", str(src), str(tmp_path / "page")], check=True)
    found = []
    for png in sorted(tmp_path.glob("page*.png")):
        # zbarimg exits 4 when it finds nothing; its D-Bus warnings on stderr are harmless.
        out = subprocess.run([zbarimg, "-q", "--raw", str(png)], capture_output=True)
        found.append({line for line in out.stdout.decode().splitlines() if line})
    return found


# ------------------------------------------------------------------------------------------- text


@pytest.mark.parametrize("paper", ["A5", "A4"])
def test_receipt_prints_the_form_in_vietnamese(paper, tmp_path):
    pdf = render_receipt(_data(), paper)
    assert pdf.startswith(b"%PDF")
    text = _flat(_pdftotext(pdf, tmp_path))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH YÊN BÁI",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Yên Bái, ngày 25 tháng 11 năm 2026",
        TITLE,
        f"Mã hồ sơ: {CODE}",
        "Bộ phận tiếp nhận và trả kết quả tiếp nhận hồ sơ của: Nguyễn Thị Hương",
        "Địa chỉ: Số 12, đường Nguyễn Thái Học, phường Yên Bái",
        "Số điện thoại: 0912 345 678",
        "Email: huong.nt@example.vn",
        "Số CCCD: 015190001234",
        "Nội dung yêu cầu giải quyết: Cấp chứng chỉ nhân viên bức xạ",
        "1. Thành phần hồ sơ nộp gồm:",
        "Bản sao chứng thực",
        "2. Số lượng hồ sơ: 01 (bộ)",
        "3. Thời gian giải quyết hồ sơ theo quy định là: 10 ngày làm việc",
        "4. " + RECEIVED_LINE,
        "5. " + DUE_LINE,
        "6. Đăng ký nhận kết quả tại: Bộ phận Một cửa",
        "Phí, lệ phí: 300.000 đồng",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 05",
        "Số thứ tự: 1001",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "(Ký và ghi rõ họ tên)",
        "Trần Văn Minh",
        "Ghi chú:",
    ):
        assert expected in text, f"{expected!r} missing from the {paper} receipt"
    assert "BẢN IN LẠI" not in text


@pytest.mark.parametrize("paper", ["A5", "A4"])
def test_two_copies_each_on_its_own_page(paper, tmp_path):
    pdf = render_receipt(_data(), paper)
    assert _pages(pdf) == 2
    first = _flat(_pdftotext(pdf, tmp_path, page=1))
    second = _flat(_pdftotext(pdf, tmp_path, page=2))
    assert "(Liên 1: Lưu tại Bộ phận Một cửa)" in first
    assert "(Liên 2: Giao người nộp hồ sơ)" not in first
    assert "(Liên 2: Giao người nộp hồ sơ)" in second
    assert "(Liên 1: Lưu tại Bộ phận Một cửa)" not in second
    for page in (first, second):
        assert TITLE in page
        assert "Nguyễn Thị Hương" in page
        assert DUE_LINE in page
        # One-page copies carry no page footer.
        assert "Trang 1/" not in page


@pytest.mark.parametrize("paper", ["A5", "A4"])
def test_page_size(paper):
    pdf = render_receipt(_data(), paper)
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    expected = {"A4": (595.3, 841.9), "A5": (419.5, 595.3)}[paper]
    assert (round(float(box.width), 1), round(float(box.height), 1)) == expected


def test_optional_lines(tmp_path):
    text = _flat(
        _pdftotext(
            render_receipt(_data(organization="Công ty TNHH Thiết bị Y tế Hòa Bình", id_number=None, fee="")),
            tmp_path,
        )
    )
    assert "Tên tổ chức: Công ty TNHH Thiết bị Y tế Hòa Bình" in text
    assert "CCCD" not in text
    assert "Phí, lệ phí" not in text


def test_empty_fields_print_dots_to_fill_in(tmp_path):
    text = _flat(_pdftotext(render_receipt(_data(address=None, email=None, register_book="")), tmp_path))
    assert "Địa chỉ: …" in text
    assert "Email: …" in text
    assert "Quyển số: …" in text


def test_no_documents_still_renders(tmp_path):
    pdf = render_receipt(_data(documents=()))
    assert _pages(pdf) == 2
    assert "Thành phần hồ sơ nộp gồm:" in _flat(_pdftotext(pdf, tmp_path))


# ------------------------------------------------------------------------------------------- barcode


@pytest.mark.parametrize("paper", ["A5", "A4"])
def test_barcode_decodes_to_the_dossier_code_on_both_copies(paper, tmp_path):
    found = _decode_pages(render_receipt(_data(), paper), tmp_path)
    assert found == [{CODE}, {CODE}]


def test_long_dossier_code_decodes_on_a5(tmp_path):
    code = "000.00.15.H61-210615-0001"
    found = _decode_pages(render_receipt(_data(dossier_code=code), "A5"), tmp_path)
    assert found == [{code}, {code}]


def test_non_ascii_dossier_code_is_refused():
    with pytest.raises(ValueError, match="ASCII"):
        render_receipt(_data(dossier_code="Hồ-sơ-1"))


# ------------------------------------------------------------------------------------------- paper


@pytest.mark.parametrize("paper", ["A3", "Letter", "", "A 4", None, 4])
def test_invalid_paper_raises(paper):
    with pytest.raises(ValueError, match="unsupported paper"):
        render_receipt(_data(), paper)


def test_paper_name_is_case_insensitive():
    assert _pages(render_receipt(_data(), "a4")) == 2


# ------------------------------------------------------------------------------------------- one page per copy

FIVE_DOCUMENTS = (
    ReceivedDocument("Đơn đề nghị cấp chứng chỉ nhân viên bức xạ theo mẫu, có dán ảnh", "Bản chính"),
    ReceivedDocument("Bản sao văn bằng, chứng chỉ chuyên môn phù hợp với công việc đảm nhiệm", "Bản sao chứng thực"),
    ReceivedDocument("Bản sao giấy chứng nhận đào tạo an toàn bức xạ", "Bản photo"),
    ReceivedDocument("Phiếu khám sức khỏe tại cơ sở y tế từ cấp huyện trở lên, cấp không quá 06 tháng", "Bản chính"),
    ReceivedDocument("Ảnh cỡ 3 cm x 4 cm", "Bản chính", 3),
)
SEVEN_DOCUMENTS = (
    ReceivedDocument("Đơn đề nghị gia hạn giấy phép tiến hành công việc bức xạ theo mẫu", "Bản chính"),
    ReceivedDocument("Bản sao giấy phép đã được cấp và sắp hết hạn", "Bản photo"),
    ReceivedDocument("Kết quả đo liều kế cá nhân trong thời gian hiệu lực của giấy phép đề nghị gia hạn", "Bản chính"),
    ReceivedDocument("Bản sao kết quả kiểm xạ", "Bản photo"),
    ReceivedDocument("Bản sao giấy chứng nhận kiểm định thiết bị", "Bản photo"),
    ReceivedDocument(
        "Phiếu khai báo nhân viên bức xạ hoặc người phụ trách an toàn bức xạ (nếu có thay đổi so với hồ sơ cấp "
        "giấy phép gần nhất)",
        "Bản chính",
    ),
    ReceivedDocument(
        "Báo cáo đánh giá an toàn bức xạ (nếu có thay đổi so với hồ sơ cấp giấy phép gần nhất)", "Bản chính"
    ),
)


@pytest.mark.parametrize("paper", ["A5", "A4"])
@pytest.mark.parametrize("documents", [FIVE_DOCUMENTS, SEVEN_DOCUMENTS], ids=["5-documents", "7-documents"])
def test_typical_receipt_takes_one_page_per_copy(paper, documents, tmp_path):
    pdf = render_receipt(_data(documents=documents), paper)
    assert _pages(pdf) == 2, "each copy must fit on one page"
    for page, label in ((1, "Liên 1: Lưu tại Bộ phận Một cửa"), (2, "Liên 2: Giao người nộp hồ sơ")):
        text = _flat(_pdftotext(pdf, tmp_path, page=page))
        assert label in text
        # The whole form is on the page, notes included, and there is no page footer.
        for expected in (TITLE, DUE_LINE, "NGƯỜI TIẾP NHẬN HỒ SƠ", "Ghi chú:", "Khi đến nhận kết quả"):
            assert expected in text
        for doc in documents:
            assert _in_order(doc.name, text), f"{doc.name!r} missing from page {page}"
        assert "Trang 1/" not in text


@pytest.mark.parametrize("paper", ["A5", "A4"])
def test_signature_space_is_enough_to_sign(paper):
    # At least 18 mm of blank between "(Ký và ghi rõ họ tên)" and the officer's name (plus the line gaps).
    assert layout.paper_spec(paper).signature_space >= 18 * mm


def test_fee_with_its_own_label_is_not_labelled_twice(tmp_path):
    text = _flat(_pdftotext(render_receipt(_data(fee="Lệ phí: 200.000 đồng/chứng chỉ")), tmp_path))
    assert "7. Lệ phí: 200.000 đồng/chứng chỉ" in text
    assert "Phí, lệ phí: Lệ phí" not in text


# ------------------------------------------------------------------------------------------- long lists


@pytest.mark.parametrize("paper", ["A5", "A4"])
def test_thirty_documents_flow_onto_more_pages(paper, tmp_path):
    names = [f"Văn bản kèm theo số {i:02d} (bản kê khai)" for i in range(1, 31)]
    docs = tuple(ReceivedDocument(name, "Bản photo") for name in names)
    pdf = render_receipt(_data(documents=docs), paper)
    pages = _pages(pdf)
    assert pages >= 4 and pages % 2 == 0, "two copies of equal length, each longer than one page"
    per_copy = pages // 2
    texts = [_flat(_pdftotext(pdf, tmp_path, page=p)) for p in range(1, pages + 1)]
    for copy, label in enumerate(("Liên 1: Lưu tại Bộ phận Một cửa", "Liên 2: Giao người nộp hồ sơ")):
        copy_pages = texts[copy * per_copy : (copy + 1) * per_copy]
        # The copy starts on a new page with the title and its label.
        assert TITLE in copy_pages[0] and label in copy_pages[0]
        whole = " ".join(copy_pages)
        for name in names:
            assert name in whole, f"{name!r} missing from copy {copy + 1}"
        assert DUE_LINE in whole and "NGƯỜI TIẾP NHẬN HỒ SƠ" in whole
        for i, page in enumerate(copy_pages, start=1):
            assert f"Liên {copy + 1} · Trang {i}/{per_copy}" in page
            assert CODE in page
    # The table header repeats on continuation pages.
    assert "Tên giấy tờ" in texts[1]


@pytest.mark.parametrize("paper", ["A5", "A4"])
def test_a_flowing_copy_keeps_its_last_rows_signatures_and_notes_together(paper, tmp_path):
    # Long enough to flow on either paper even set tight: the end of the form (items 2–7, register line,
    # signatures, every note) moves as one block with the last rows of the table, never alone.
    count = {"A5": 11, "A4": 16}[paper]
    docs = tuple(
        ReceivedDocument(f"{FIVE_DOCUMENTS[i % 5].name} (hồ sơ thứ {i + 1:02d})", "Bản chính") for i in range(count)
    )
    pdf = render_receipt(_data(documents=docs), paper)
    pages = _pages(pdf)
    assert pages == 4, "two copies of two pages each"
    for copy in (0, 1):
        first = _flat(_pdftotext(pdf, tmp_path, page=copy * 2 + 1))
        last = _flat(_pdftotext(pdf, tmp_path, page=copy * 2 + 2))
        for late in ("NGƯỜI NỘP HỒ SƠ", "Ghi chú:", "Vào Sổ theo dõi hồ sơ"):
            assert late not in first
        for expected in (
            "Tên giấy tờ",  # the header repeats above the rows carried over
            f"hồ sơ thứ {count:02d}",
            "2. Số lượng hồ sơ: 01 (bộ)",
            DUE_LINE,
            "Vào Sổ theo dõi hồ sơ",
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "Trần Văn Minh",
            "Ghi chú:",
            "Liên 1 chuyển kèm Phiếu kiểm soát",
            "Khi đến nhận kết quả, đề nghị mang theo giấy này.",
            "Điện thoại liên hệ: 0216 3852 123.",
        ):
            assert expected in last, f"{expected!r} not on the last page of copy {copy + 1} ({paper})"
        assert f"hồ sơ thứ {count - 1:02d}" in last, "at least two rows go with the end of the form"


def _demo_catalogue_receipts(tmp_path: Path) -> list[tuple[str, int, ReceiptData]]:
    """(procedure code, number of documents, receipt data) for every procedure of the demo catalogue,
    received through the intake service as the counter does (whole checklist, fee, result place)."""
    from counter_app.domain.calendar import OFFICE_TZ
    from counter_app.services.app import open_services
    from counter_app.services.catalogue import DEMO_CATALOGUE, read_catalogue_file
    from counter_app.services.intake import IntakeRequest

    _, procedures = read_catalogue_file(DEMO_CATALOGUE)
    assert len(procedures) >= 20
    now = datetime(2026, 11, 25, 9, 30, tzinfo=OFFICE_TZ)
    app = open_services(tmp_path / "data", load_demo=True, clock=lambda: now)
    try:
        out = []
        for procedure in procedures:
            result = app.intake.intake(
                IntakeRequest(
                    procedure_code=procedure.code,
                    applicant_name="Nguyễn Thị Hương",
                    id_number="001203004567",
                    phone="0912345678",
                    address="Tổ 5, phường Đồng Tâm, tỉnh Lào Cai",
                )
            )
            out.append((procedure.code, len(procedure.documents), app.dossiers.receipt_data(result.code)))
        return out
    finally:
        app.close()


def test_every_demo_catalogue_receipt_takes_one_page_per_copy(tmp_path, monkeypatch):
    # A4: every procedure; A5: every procedure with up to seven documents (longer ones may flow on, in
    # two equal copies).
    monkeypatch.setenv("COUNTER_APP_DATA_DIR", str(tmp_path / "data"))
    failures = []
    for code, documents, data in _demo_catalogue_receipts(tmp_path):
        for paper in ("A4", "A5"):
            pages = _pages(render_receipt(data, paper))
            if paper == "A4" or documents <= 7:
                ok = pages == 2
            else:
                ok = pages >= 2 and pages % 2 == 0
            if not ok:
                failures.append(f"{code} ({documents} documents) on {paper}: {pages} pages")
    assert not failures, "; ".join(failures)


# ------------------------------------------------------------------------------------------- text normalisation


def test_nfd_input_prints_as_nfc(tmp_path):
    nfd = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731
    data = _data(
        applicant_name=nfd("Nguyễn Thị Hương"),
        procedure_name=nfd("Cấp chứng chỉ nhân viên bức xạ"),
        address=nfd("Thôn Đồng Tâm, xã Hợp Minh"),
        documents=(ReceivedDocument(nfd("Bản khai kinh nghiệm làm việc"), nfd("Bản sao chứng thực")),),
    )
    assert data.applicant_name != "Nguyễn Thị Hương"  # really decomposed
    text = _pdftotext(render_receipt(data), tmp_path)
    assert not any(unicodedata.combining(ch) for ch in text), "combining marks reached the PDF"
    flat = _flat(text)
    for expected in (
        "Nguyễn Thị Hương",
        "Cấp chứng chỉ nhân viên bức xạ",
        "Thôn Đồng Tâm, xã Hợp Minh",
        "Bản khai kinh nghiệm làm việc",
    ):
        assert expected in flat


def test_markup_characters_are_escaped(tmp_path):
    text = _flat(_pdftotext(render_receipt(_data(applicant_name="Công ty <A&B>")), tmp_path))
    assert "Công ty <A&B>" in text


# ------------------------------------------------------------------------------------------- reprint


@pytest.mark.parametrize("paper", ["A5", "A4"])
def test_reprint_is_marked_on_every_page(paper, tmp_path):
    pdf = render_receipt(_data(reprint=True, reprint_note="In lại lần 2"), paper)
    for page in (1, 2):
        text = _flat(_pdftotext(pdf, tmp_path, page=page))
        assert "BẢN IN LẠI" in text
        assert "In lại lần 2" in text
    assert [CODE] * 2 == [next(iter(s)) for s in _decode_pages(pdf, tmp_path)]


# ------------------------------------------------------------------------------------------- fonts, speed


def test_fonts_and_licence_are_bundled_and_embedded(tmp_path):
    for path in font_files().values():
        assert path.is_file()
    licence = resource_path("fonts", LICENSE_FILE).read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert register_fonts() is register_fonts()  # idempotent
    pdffonts = _tool("pdffonts")
    src = tmp_path / "f.pdf"
    src.write_bytes(render_receipt(_data()))
    listing = subprocess.run([pdffonts, str(src)], check=True, capture_output=True, text=True).stdout
    serif = [line for line in listing.splitlines() if "LiberationSerif" in line]
    assert serif and all(" yes yes yes " in line for line in serif)


def test_cached_layout_and_fonts_do_not_leak_between_receipts(tmp_path):
    """The printing layer reuses parsed paragraphs, line breaks and embedded font pieces across
    documents; a receipt must come out byte for byte the same whatever was rendered before it, in this
    process or in a fresh one."""
    first = _data()
    other = _data(
        applicant_name="Công ty Müller & Søn",  # ü, ø: outside the primed Vietnamese repertoire
        address="Thôn Khe Ánh, xã Hưng Khánh",
        documents=SEVEN_DOCUMENTS,
        note="Nộp bổ sung bản gốc khi nhận kết quả.",
    )
    before = render_receipt(first, "A5", invariant=True)
    other_pdf = render_receipt(other, "A5", invariant=True)
    render_receipt(other, "A4")
    after = render_receipt(first, "A5", invariant=True)
    assert after == before

    pickled = tmp_path / "data.pickle"
    pickled.write_bytes(pickle.dumps(first))
    script = (
        "import pickle, sys; from counter_app.printing.receipt import render_receipt; "
        f"sys.stdout.buffer.write(render_receipt(pickle.loads(open({str(pickled)!r}, 'rb').read()), 'A5', "
        "invariant=True))"
    )
    fresh = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True).stdout
    assert fresh == before

    text = _flat(_pdftotext(other_pdf, tmp_path))
    assert "Công ty Müller & Søn" in text and "Thôn Khe Ánh, xã Hưng Khánh" in text
    assert "Nộp bổ sung bản gốc khi nhận kết quả." in text


def test_a_table_is_measured_once_per_width_and_still_splits_as_reportlab_does():
    """Speed without a clock: a slip's tables are wrapped while the story is fitted and again when placed; the
    second wrap at the same width reuses the measurement (layout.WrappedOnceTable), and one offered less height
    than it needs measures again and splits exactly as reportlab's own Table."""
    from reportlab.platypus import Table

    st = layout.form_styles(layout.paper_spec("A5"))
    rows = [(str(i), f"Giấy tờ số {i} " + "rất dài " * (i % 4), "Bản chính", "01") for i in range(1, 13)]

    def table(cls):
        t = layout.grid_table(DOCUMENT_COLUMNS, rows, (0.06, 0.55, 0.25, 0.14), st)
        if cls is not type(t):
            t.__class__ = cls
        return t

    ours = table(layout.WrappedOnceTable)
    measured = []
    original = Table._calc_height

    def counting(self, *args, **kwargs):
        measured.append(self)
        return original(self, *args, **kwargs)

    Table._calc_height = counting
    try:
        first = ours.wrap(300, 10_000)
        again = ours.wrap(300, first[1])  # the frame offers exactly what it needs
        assert again == first and len(measured) == 1
        ours.wrap(250, 10_000)  # another width: measured again
        assert len(measured) == 2
        ours.wrap(300, 10_000)
        assert len(measured) == 3
    finally:
        Table._calc_height = original

    theirs = table(Table)
    assert theirs.wrap(300, 10_000) == first
    short = first[1] / 2
    ours.wrap(300, short)
    theirs.wrap(300, short)
    split_ours, split_theirs = ours.split(300, short), theirs.split(300, short)
    assert len(split_ours) == len(split_theirs) == 2
    assert [len(t._cellvalues) for t in split_ours] == [len(t._cellvalues) for t in split_theirs]


# ------------------------------------------------------------------------------------------- layout helpers


def test_official_date_follows_decree_30():
    assert layout.official_date(date(2026, 11, 25)) == "ngày 25 tháng 11 năm 2026"
    assert layout.official_date(date(2026, 3, 5)) == "ngày 05 tháng 3 năm 2026"
    assert layout.official_date(date(2026, 2, 9)) == "ngày 09 tháng 02 năm 2026"
    assert layout.place_date("Yên Bái", date(2026, 1, 1)) == "Yên Bái, ngày 01 tháng 01 năm 2026"


def test_time_and_date():
    assert layout.time_and_date(datetime(2026, 1, 2, 7, 5, tzinfo=TZ)) == "07 giờ 05 phút, ngày 02/01/2026"


def test_balanced_header_lines():
    fam = register_fonts()
    text = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
    assert layout.balanced_lines(text, fam.bold, 12, 1000) == [text]
    assert layout.balanced_lines(text, fam.bold, 12, 150) == ["BỘ PHẬN TIẾP NHẬN", "VÀ TRẢ KẾT QUẢ"]
