"""The 80 mm thermal receipt: Vietnamese text whole, and a barcode that decodes when printed at 203 dpi in 1 bit."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.printing.data import AgencyInfo, ReceiptData, ReceivedDocument
from counter_app.printing.receipt import render_receipt

CODE = "H61.22-261125-1001"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian: poppler-utils / zbar-tools)")
    return path


def _receipt(documents: int = 2) -> bytes:
    data = ReceiptData(
        agency=AgencyInfo(governing_name="UBND TỈNH THỬ NGHIỆM", name="SỞ KHOA HỌC VÀ CÔNG NGHỆ", place="Thử Nghiệm"),
        dossier_code=CODE,
        applicant_name="Nguyễn Thị Hương",
        procedure_name="Cấp và cấp lại chứng chỉ nhân viên bức xạ",
        procedure_code="1.000173",
        received_at=datetime(2026, 11, 25, 9, 30, tzinfo=OFFICE_TZ),
        due_at=datetime(2026, 12, 9, 17, 0, tzinfo=OFFICE_TZ),
        processing_time_text="10 ngày làm việc",
        documents=tuple(
            ReceivedDocument(f"Giấy tờ số {i}: bản sao văn bằng, chứng chỉ chuyên môn", "Bản sao chứng thực")
            for i in range(1, documents + 1)
        ),
        officer_name="Đặng Thị Thu Hà",
    )
    return render_receipt(data, "80mm")


@pytest.mark.parametrize("documents", [1, 12])
def test_each_copy_is_one_roll_page_80_mm_wide(documents):
    reader = PdfReader(__import__("io").BytesIO(_receipt(documents)))
    assert len(reader.pages) == 2  # Liên 1, Liên 2: the printer cuts after each
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(80 * mm, abs=0.5)
    heights = [float(p.mediabox.height) for p in reader.pages]
    assert heights[0] == heights[1]
    if documents == 12:  # the roll grows with the list instead of flowing onto a second page
        one = PdfReader(__import__("io").BytesIO(_receipt(1))).pages[0]
        assert heights[0] > float(one.mediabox.height) + 60 * mm


def test_barcode_decodes_at_203_dpi_one_bit(tmp_path: Path):
    pdftoppm, zbarimg = _tool("pdftoppm"), _tool("zbarimg")
    pdf = tmp_path / "receipt-80mm.pdf"
    pdf.write_bytes(_receipt())
    subprocess.run([pdftoppm, "-r", "203", "-mono", str(pdf), str(tmp_path / "roll")], check=True, timeout=60)
    pages = sorted(tmp_path.glob("roll-*.pbm"))
    assert len(pages) == 2
    for page in pages:
        out = subprocess.run([zbarimg, "-q", "--raw", str(page)], capture_output=True, timeout=60)
        assert out.stdout.decode().split() == [CODE], (page.name, out.stderr[-300:])


def test_vietnamese_text_is_whole(tmp_path: Path):
    pdftotext = _tool("pdftotext")
    pdf = tmp_path / "receipt-80mm.pdf"
    pdf.write_bytes(_receipt())
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    for phrase in ("GIẤY TIẾP NHẬN HỒ SƠ", "Nguyễn Thị Hương", "Đặng Thị Thu Hà", "SỞ KHOA HỌC", "Liên 2"):
        assert phrase in text, phrase
