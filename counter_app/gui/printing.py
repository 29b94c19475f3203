"""Printing a receipt PDF through Qt: pages rasterised by QtPdf onto a QPrinter, with a Vietnamese preview that
draws the PDF's vectors at the screen's own size (PdfPreview), not a 300 dpi raster.

The PDF is rendered by reportlab on the worker; here it is only drawn. QtPdf and QtPrintSupport are
imported by this module alone, and this module only when the first receipt is printed, so they cost
nothing at start-up.

Memory over a long day (issue 17): QtPdf keeps 20–60 KB for every QPdfDocument object it destroys (measured
with Qt 6.11: 500 documents made and deleted grow the process by 10 MB, one document reloaded 500 times by
nothing), so every PdfPages draws through ONE document object, reloaded with its own bytes when another PDF
was drawn in between. A PDF target (PdfFileTarget: no printer installed) is not rasterised at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QRectF, QSize, QSizeF, QStandardPaths, Qt
from PySide6.QtGui import QColor, QImage, QKeySequence, QPageLayout, QPageSize, QPainter, QPalette, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.gui import heap
from counter_app.gui.screen import fit_to_screen

# 300 dpi keeps 0.33 mm barcode modules at about 4 device pixels (decodable) and an A5 page near 17 MB.
RENDER_DPI = 300
NO_PRINTER_NAME = ""


class PrintError(RuntimeError):
    """The printer could not be opened; the message is for the officer."""


class _SharedDocument:
    """The one QPdfDocument every PdfPages draws through (see the module's note), on the UI thread.

    `holding(token, data)` returns the document loaded with `data`, reloading it only when another PDF was
    loaded since (a preview left open while a slip prints, say): a reload of a receipt takes a few ms."""

    def __init__(self) -> None:
        self._document: QPdfDocument | None = None
        self._buffer: QBuffer | None = None
        self._token: int | None = None
        self.loads = 0  # documents loaded so far (tests check the reuse)

    def holding(self, token: int, data: bytes) -> QPdfDocument:
        document = self._document
        if document is None or not shiboken6.isValid(document):
            # Owned by the application, so it goes before QtPdf does when the program ends.
            document = self._document = QPdfDocument(QCoreApplication.instance())
            self._token = None
        if self._token == token:
            return document
        document.close()
        buffer = QBuffer()  # QtPdf reads from it while the document is open: it must outlive the load
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._token = None
        document.load(buffer)
        if self._buffer is not None:
            self._buffer.close()
        self._buffer = buffer
        self.loads += 1
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
            raise PrintError("Không đọc được tệp PDF của giấy tiếp nhận.")
        self._token = token
        return document


_shared = _SharedDocument()
_tokens = itertools.count(1)


class PdfPages:
    """A PDF held in memory, drawn page by page through the shared QPdfDocument."""

    def __init__(self, data: bytes):
        self.data = data
        self._token = next(_tokens)
        document = self._document()
        self._sizes = [document.pagePointSize(i) for i in range(document.pageCount())]

    def _document(self) -> QPdfDocument:
        return _shared.holding(self._token, self.data)

    @property
    def page_count(self) -> int:
        return len(self._sizes)

    def page_size_points(self, index: int = 0) -> QSizeF:
        return QSizeF(self._sizes[index])

    def render(self, index: int, dpi: int = RENDER_DPI) -> QImage:
        points = self.page_size_points(index)
        return self.render_size(index, QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi)))

    def render_size(self, index: int, size: QSize) -> QImage:
        """Page `index` drawn from the PDF's vectors at exactly `size` pixels, on white."""
        page = self._document().render(index, size)
        # QtPdf leaves the background transparent; printers and decoders need white paper.
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.drawImage(0, 0, page)
        painter.end()
        return image


def match_page_size(printer: QPrinter, pages: PdfPages) -> None:
    """Print on the PDF's own paper (A5/A4), edge to edge: the PDF already carries its margins."""
    size = pages.page_size_points(0)
    printer.setPageSize(QPageSize(size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch))
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if size.width() > size.height() else QPageLayout.Orientation.Portrait
    )
    printer.setFullPage(True)


def paint_pages(pages: PdfPages, printer: QPrinter) -> None:
    """Draw every page onto an already configured printer (also what the preview widget calls)."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(f"Không mở được máy in “{printer.printerName() or printer.outputFileName()}”.")
    try:
        for index in range(pages.page_count):
            if index:
                printer.newPage()
            # At the printer's own resolution when it is lower (a 203 dpi thermal printer): the 80 mm receipt's
            # two-dot bar modules then land on whole dots instead of being resampled from 300 dpi.
            resolution = printer.resolution()
            image = pages.render(index, min(resolution, RENDER_DPI) if resolution > 0 else RENDER_DPI)
            target = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
            scale = min(target.width() / image.width(), target.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF(target.x(), target.y(), width, height), image)
    finally:
        painter.end()


def print_pdf(data: bytes, printer: QPrinter) -> None:
    """Print straight away (the 'no preview' path). Raises PrintError when the printer cannot be opened.

    A PDF target (no printer installed, or "Microsoft Print to PDF" chosen) gets our own vector PDF written as
    is: sharp text and bars, searchable, and no Windows "Save as" dialog on every receipt."""
    if is_vector_target(printer):
        write_pdf_file(data, Path(printer.outputFileName()))
        return
    pages = PdfPages(data)
    match_page_size(printer, pages)
    paint_pages(pages, printer)


# Windows' virtual printers that make a PDF: printing to them rasterises and opens a "Save as" dialog each time.
PDF_PRINTER_NAMES = ("microsoft print to pdf",)


def is_pdf_printer(name: str) -> bool:
    folded = name.strip().lower()
    return folded in PDF_PRINTER_NAMES or folded.endswith("print to pdf")


class PdfFileTarget(QPrinter):
    """A printer that is really a PDF file: print_pdf writes the vector PDF to outputFileName()."""

    vector_pdf = True


def is_vector_target(printer: QPrinter) -> bool:
    return bool(getattr(printer, "vector_pdf", False)) and printer.outputFormat() == QPrinter.OutputFormat.PdfFormat


def write_pdf_file(data: bytes, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(target.name + ".part")
        part.write_bytes(data)
        part.replace(target)
    except OSError as exc:
        raise PrintError(f"Không ghi được tệp PDF {target}: {exc.strerror or exc}") from exc


_TRAYS = {
    "upper": QPrinter.PaperSource.Upper,
    "lower": QPrinter.PaperSource.Lower,
    "middle": QPrinter.PaperSource.Middle,
    "manual": QPrinter.PaperSource.Manual,
}


def printer_for(
    name: str, file_stem: str, *, kind: str = "receipt", folder: Path | None = None, tray: str = ""
) -> QPrinter:
    """The printer remembered for this kind of paper (settings printing.receipt_printer, printing.forms_printer,
    printing.report_printer), not whatever Windows made the default today; the default when none was chosen or
    the chosen one is gone; a vector PDF file when there is no printer or the choice is a PDF printer.
    Receipts are printed one-sided: Liên 1 and Liên 2 must be two sheets, never the two faces of one."""
    names = QPrinterInfo.availablePrinterNames()
    chosen = name if name and name in names else ""
    if not chosen and names:
        chosen = QPrinterInfo.defaultPrinterName() or names[0]
    if not chosen or is_pdf_printer(chosen):
        printer: QPrinter = PdfFileTarget(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(unused_name((folder or receipts_folder()) / f"{file_stem}.pdf")))
    else:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPrinterName(chosen)
    if kind == "receipt":
        printer.setDuplex(QPrinter.DuplexMode.DuplexNone)
    if tray in _TRAYS and not is_vector_target(printer):
        printer.setPaperSource(_TRAYS[tray])  # the paper size itself follows the PDF (match_page_size)
    return printer


# Sub-folders of the PDF folder (settings printing.pdf_folder), by kind of paper.
PDF_SUBFOLDERS = {"receipt": "giay-tiep-nhan", "forms": "phieu", "report": "bao-cao"}


def receipts_folder(base: Path | None = None) -> Path:
    """Where receipts go as PDF files on a workstation with no printer installed: `base` is the PDF folder the
    settings name (SettingsService.pdf_folder()); without it (a test, the first-run wizard before the store has
    its settings) the user's Documents folder."""
    if base is None:
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        base = Path(documents or str(Path.home())) / "counter_app"
    return base / PDF_SUBFOLDERS["receipt"]


def unused_name(target: Path) -> Path:
    """`target`, or `stem-2.pdf`, `stem-3.pdf`… when a file of that name is already there: a reprint never
    overwrites the paper it reprints."""
    candidate, number = target, 1
    while candidate.exists():
        number += 1
        candidate = target.with_name(f"{target.stem}-{number}{target.suffix}")
    return candidate


def system_printer(code: str, name: str = "", tray: str = "", *, folder: Path | None = None) -> QPrinter:
    """The receipt printer (`name`: settings printing.receipt_printer); with none, a PDF file named after the code
    in the receipts folder under `folder` (settings printing.pdf_folder)."""
    printer = printer_for(name, code, kind="receipt", folder=receipts_folder(folder), tray=tray)
    printer.setDocName(f"Giấy tiếp nhận {code}")
    return printer


def describe_target(printer: QPrinter) -> str:
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return f"tệp {printer.outputFileName()}"
    return f"máy in {printer.printerName()}"


PrinterFactory = Callable[[str], QPrinter]

PAGE_GAP = 12  # pixels between the pages of the preview, and around them


class PdfPreview(QScrollArea):
    """The pages of a PDF side by side (Liên 1 beside Liên 2), each drawn from the PDF's vectors at the size it
    has on the screen (QtPdf), never a 300 dpi raster scaled down: a receipt's preview costs what its few hundred
    thousand screen pixels cost, and stays sharp at every zoom. Ctrl+ / Ctrl− zoom, Ctrl+0 fits the window."""

    def __init__(self, pages: PdfPages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = pages
        self.zoom = 1.0  # × the size that fits the view
        self.page_widget = _PagesCanvas(self)
        self.setWidget(self.page_widget)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidgetResizable(False)
        self.setBackgroundRole(QPalette.ColorRole.Dark)
        self.painted = 0  # times the pages were drawn on the screen (benchmarks/gui_latency.py waits for it)

    def set_pages(self, pages: PdfPages) -> None:
        self.pages = pages
        self.page_widget.images.clear()
        self.relayout()

    def fit_scale(self) -> float:
        """Points → pixels that put every page, side by side, inside the visible area."""
        view = self.viewport().size()
        count = max(self.pages.page_count, 1)
        width = sum(self.pages.page_size_points(i).width() for i in range(count))
        height = max(self.pages.page_size_points(i).height() for i in range(count))
        free_w = max(view.width() - PAGE_GAP * (count + 1), 50)
        free_h = max(view.height() - 2 * PAGE_GAP, 50)
        return min(free_w / width, free_h / height)

    def page_rects(self) -> list[QRectF]:
        scale = self.fit_scale() * self.zoom
        x, rects = float(PAGE_GAP), []
        for i in range(self.pages.page_count):
            size = self.pages.page_size_points(i)
            rects.append(QRectF(x, PAGE_GAP, round(size.width() * scale), round(size.height() * scale)))
            x += rects[-1].width() + PAGE_GAP
        return rects

    def relayout(self) -> None:
        rects = self.page_rects()
        width = int(max((r.right() for r in rects), default=0) + PAGE_GAP)
        height = int(max((r.bottom() for r in rects), default=0) + PAGE_GAP)
        self.page_widget.resize(width, height)
        self.page_widget.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.relayout()

    def zoomIn(self) -> None:
        self.zoom = min(self.zoom * 1.25, 8.0)
        self.relayout()

    def zoomOut(self) -> None:
        self.zoom = max(self.zoom / 1.25, 0.25)
        self.relayout()

    def fitInView(self) -> None:
        self.zoom = 1.0
        self.relayout()

    def updatePreview(self) -> None:
        self.relayout()


class _PagesCanvas(QWidget):
    def __init__(self, view: PdfPreview) -> None:
        super().__init__()
        self.view = view
        self.images: dict[tuple[int, int, int], QImage] = {}  # (page, width, height) in device pixels

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        ratio = self.devicePixelRatioF()
        for index, rect in enumerate(self.view.page_rects()):
            if not rect.intersects(QRectF(event.rect())):
                continue
            key = (index, round(rect.width() * ratio), round(rect.height() * ratio))
            image = self.images.get(key)
            if image is None:
                if len(self.images) > 8:  # a zoom makes new sizes: keep only the latest few
                    self.images.clear()
                image = self.images[key] = self.view.pages.render_size(index, QSize(key[1], key[2]))
                image.setDevicePixelRatio(ratio)
            painter.fillRect(rect.translated(2, 2), QColor(0, 0, 0, 60))  # a sheet's shadow
            painter.drawImage(rect.topLeft(), image)
        painter.end()
        self.view.painted += 1


class ReceiptPreviewDialog(QDialog):
    """Print preview in Vietnamese, keyboard first: Enter prints, Esc closes without printing.

    Built on QPrintPreviewWidget rather than QPrintPreviewDialog: the stock dialog is English only and on
    Linux asks a second print dialog before printing; at the counter one Enter should print.
    """

    def __init__(
        self,
        data: bytes,
        printer: QPrinter,
        code: str,
        parent: QWidget | None = None,
        *,
        title: str = "",
        pages_note: str = "",
    ):
        """`title`: what is previewed (default: the receipt of `code`); `pages_note`: what the pages are (default:
        the receipt's two copies)."""
        super().__init__(parent)
        self.setWindowTitle(title or f"Xem trước giấy tiếp nhận — {code}")
        # Each preview window leaves freed holes in glibc's heap: given back once it is deleted (gui/heap.py).
        self.destroyed.connect(heap.release_soon)
        self.printed = False
        self.error: str | None = None
        self._printer = printer
        self._data = data
        self._pages = PdfPages(data)
        match_page_size(printer, self._pages)

        # Both copies (Liên 1, Liên 2) side by side: the officer sees the whole slip at a glance.
        self.preview = PdfPreview(self._pages, self)

        self.printer_choice = QComboBox(self)
        # A long PDF path must not widen the dialog past a small screen: the combo shrinks, its tooltip is whole.
        self.printer_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.printer_choice.setMinimumContentsLength(24)
        self.printer_choice.currentTextChanged.connect(self.printer_choice.setToolTip)
        self._fill_printers()
        self.printer_choice.setToolTip(self.printer_choice.currentText())
        self.printer_choice.currentIndexChanged.connect(self._printer_chosen)
        printer_label = QLabel("&Máy in:", self)
        printer_label.setBuddy(self.printer_choice)
        note = pages_note or "Liên 1 lưu, Liên 2 giao người nộp"
        info = QLabel(f"{self._pages.page_count} trang ({note}) · Ctrl+ / Ctrl−: phóng to / thu nhỏ", self)
        info.setProperty("role", "hint")

        buttons = QDialogButtonBox(self)
        self.print_button = buttons.addButton("In (Enter)", QDialogButtonBox.ButtonRole.AcceptRole)
        close_button = buttons.addButton("Đóng, không in (Esc)", QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_and_close)
        close_button.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(printer_label)
        top.addWidget(self.printer_choice, 1)
        top.addWidget(info)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 980, 720)
        self.print_button.setFocus()
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, self.preview.zoomIn)
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, self.preview.zoomOut)
        QShortcut(QKeySequence("Ctrl+0"), self, self.preview.fitInView)

    def _fill_printers(self) -> None:
        if self._printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            self.printer_choice.addItem(f"Tệp PDF: {self._printer.outputFileName()}", NO_PRINTER_NAME)
        names = QPrinterInfo.availablePrinterNames()
        for name in names:
            self.printer_choice.addItem(name, name)
        current = self.printer_choice.findData(
            NO_PRINTER_NAME
            if self._printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
            else self._printer.printerName()
        )
        self.printer_choice.setCurrentIndex(max(current, 0))
        self.printer_choice.setEnabled(self.printer_choice.count() > 1)

    def _printer_chosen(self, _index: int) -> None:
        name = self.printer_choice.currentData()
        if name:
            self._printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
            self._printer.setPrinterName(name)
            match_page_size(self._printer, self._pages)
        self.preview.updatePreview()

    def print_and_close(self) -> None:
        try:
            if is_vector_target(self._printer):
                write_pdf_file(self._data, Path(self._printer.outputFileName()))
            else:
                paint_pages(self._pages, self._printer)
        except PrintError as exc:
            self.error = str(exc)
            self.reject()
            return
        self.printed = True
        self.accept()


# Every paper's preview (receipt, slips) is this dialog; the old name says where it started.
PreviewDialog = ReceiptPreviewDialog
