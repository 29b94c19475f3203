"""The receipt's preview is drawn from the PDF's vectors at the size it has on the screen (issue 15), not from a
300 dpi raster: what it shows is what poppler (pdftoppm) draws from the same PDF at the same size."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from counter_app.gui import printing
from counter_app.printing.receipt import render_receipt
from tests.test_printing_receipt import _data

pytestmark = pytest.mark.gui


BLOCK = 4  # compared in 4×4 pixel blocks: two rasterisers anti-alias small type differently, not its place


def _blocks(image: QImage) -> list[float]:
    """Mean grey level of each BLOCK×BLOCK square of `image`."""
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    bits, stride = bytes(image.constBits()), image.bytesPerLine()
    out = []
    for by in range(0, image.height() - BLOCK + 1, BLOCK):
        for bx in range(0, image.width() - BLOCK + 1, BLOCK):
            total = sum(bits[(by + y) * stride + bx + x] for y in range(BLOCK) for x in range(BLOCK))
            out.append(total / BLOCK / BLOCK)
    return out


def _difference(a: QImage, b: QImage) -> float:
    pa, pb = _blocks(a), _blocks(b)
    assert len(pa) == len(pb)
    return sum(abs(x - y) for x, y in zip(pa, pb)) / len(pa)


def _ink(image: QImage) -> float:
    blocks = _blocks(image)
    return sum(1 for p in blocks if p < 200) / len(blocks)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils, installed by ./dev)")
def test_preview_shows_each_copy_as_poppler_draws_it_at_the_same_size(qtbot, tmp_path: Path):
    pdf = render_receipt(_data(), "A5")
    printer = printing.PdfFileTarget(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    dialog = printing.ReceiptPreviewDialog(pdf, printer, "H61.22-261125-1001")
    qtbot.addWidget(dialog)
    dialog.resize(980, 720)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview.painted > 0, timeout=10_000)

    rects = dialog.preview.page_rects()
    assert len(rects) == 2 and rects[0].right() < rects[1].left()  # Liên 1 beside Liên 2
    canvas = dialog.preview.page_widget.grab()
    (tmp_path / "r.pdf").write_bytes(pdf)
    for page, rect in enumerate(rects, start=1):
        shown = canvas.copy(rect.toRect()).toImage()
        # a preview drawn from vectors: a few hundred pixels wide, not 1748 (A5 at 300 dpi)
        assert shown.width() == round(rect.width()) < 800
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-f",
                str(page),
                "-l",
                str(page),
                "-scale-to-x",
                str(shown.width()),
                "-scale-to-y",
                str(shown.height()),
                str(tmp_path / "r.pdf"),
                str(tmp_path / f"p{page}"),
            ],
            check=True,
        )
        poppler = QImage(str(next(tmp_path.glob(f"p{page}*.png"))))
        assert (poppler.width(), poppler.height()) == (shown.width(), shown.height())
        assert 0.02 < _ink(shown) < 0.5  # text and bars are there, on white paper
        blank = QImage(shown.size(), QImage.Format.Format_RGB32)
        blank.fill(0xFFFFFF)
        shifted = shown.copy(3, 0, shown.width(), shown.height())  # the same page drawn 3 pixels off
        same, off, empty = _difference(shown, poppler), _difference(shifted, poppler), _difference(blank, poppler)
        print(f"page {page}: {same:.2f} from poppler's drawing; {off:.2f} when 3 px off; {empty:.2f} when blank")
        assert same < off / 2 and same < empty / 3, f"page {page} differs from pdftoppm's drawing"


def test_the_no_printer_path_writes_the_vector_pdf_itself(qtbot, tmp_path: Path):
    pdf = render_receipt(_data(), "A5")
    target = printing.PdfFileTarget(QPrinter.PrinterMode.HighResolution)
    target.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target.setOutputFileName(str(tmp_path / "receipt.pdf"))
    dialog = printing.ReceiptPreviewDialog(pdf, target, "H61.22-261125-1001")
    qtbot.addWidget(dialog)
    dialog.print_and_close()
    assert dialog.printed
    assert (tmp_path / "receipt.pdf").read_bytes() == pdf  # the reportlab PDF as it is: vectors, searchable
