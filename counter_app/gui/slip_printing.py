"""Printing a dossier's slip after a lifecycle event (return slip, apology, supplement request, …).

The slip is rendered by the slip service on the worker from the committed record (decision 4), drawn onto the
printer here, and its printing recorded on the worker, both through the operations (gui/operations.py). The slip
service is optional: a build without it says plainly that nothing was printed, and the event stays recorded
either way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from counter_app.gui.operations import Operations, Printable

# The forms printed after an event, with the words the status bar uses for them.
SLIP_NAMES = {
    "receipt": "giấy tiếp nhận",
    "return": "phiếu trả kết quả",
    "apology": "văn bản xin lỗi và hẹn lại ngày trả kết quả",
    "supplement": "phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "refusal": "phiếu từ chối giải quyết hồ sơ",
    "stop": "thông báo dừng giải quyết hồ sơ",
    "control": "phiếu kiểm soát quá trình giải quyết hồ sơ",
    "fee_receipt": "biên lai thu phí, lệ phí",
}
NO_SLIP_SERVICE = "phần in phiếu này chưa có trong phiên bản đang chạy"

Done = Callable[[bool, str], None]  # (printed, message for the status bar)


def slips_folder(base: Path | None = None) -> Path:
    from counter_app.gui.printing import PDF_SUBFOLDERS, receipts_folder

    return (base if base is not None else receipts_folder().parent) / PDF_SUBFOLDERS["forms"]


def system_slip_printer(code: str, form: str, name: str = "", tray: str = "", *, folder: Path | None = None):
    """The printer remembered for this form (receipt printer for the receipt, the A4 forms printer for the others);
    with none installed, or a PDF printer chosen, a vector PDF file named after the dossier and the form, in the
    slips folder under `folder` (settings printing.pdf_folder)."""
    from counter_app.gui.printing import printer_for, receipts_folder

    kind = "receipt" if form == "receipt" else "forms"
    where = receipts_folder(folder) if form == "receipt" else slips_folder(folder)
    printer = printer_for(name, f"{code}-{form}", kind=kind, folder=where, tray=tray)
    printer.setDocName(f"{SLIP_NAMES.get(form, form).capitalize()} {code}")
    return printer


def of_dossier(name: str, code: str) -> str:
    """ "<paper> hồ sơ <code>", naming the dossier once when the paper's own name ends with "hồ sơ"."""
    return f"{name} {code}" if name.endswith("hồ sơ") else f"{name} hồ sơ {code}"


class SlipPrinting:
    """print_slip(code, form, done): render on the worker, show it first when `preview` is on, print here,
    record on the worker, then done()."""

    def __init__(
        self,
        owner: QWidget,
        ops: Operations,
        printer_factory: Callable[[str], Any] | None = None,
        *,
        preview: bool = False,
    ):
        self._owner = owner
        self._ops = ops
        self._printer_factory = printer_factory
        self.preview = preview  # "Xem trước khi in" (the dossier window's check box, remembered by the window)
        self.preview_dialog: QWidget | None = None

    @property
    def available(self) -> bool:
        return self._ops.has("slips")

    def print_slip(
        self, code: str, form: str, done: Done, *, source: str | None = None, parent: QWidget | None = None
    ) -> None:
        """Print paper `form` of dossier `code` (printed from event `source`; None: the latest of its kind): a
        reprint when it was printed before — "BẢN IN LẠI" on the paper, recorded as such."""
        name = of_dossier(SLIP_NAMES.get(form, form), code)
        if not self.available:
            done(False, f"Chưa in {name}: {NO_SLIP_SERVICE}.")
            return
        (
            self._ops.slip_for_printing(code, form, source)
            .success(lambda job: self._rendered(code, form, source, job, done, parent))
            .failure(lambda error: done(False, f"Chưa in được {name}: {error}"))
            .run(parent or self._owner)
        )

    def _rendered(
        self, code: str, form: str, source: str | None, job: Printable, done: Done, parent: QWidget | None
    ) -> None:
        from counter_app.gui import printing

        name = of_dossier(SLIP_NAMES.get(form, form), code)
        try:
            if self._printer_factory:
                printer = self._printer_factory(code)
            else:
                printer = system_slip_printer(code, form, job.printer, job.tray, folder=job.folder)
            if self.preview:
                self._preview(code, form, source, job, printer, done, parent)
                return
            printing.print_pdf(job.pdf, printer)
        except printing.PrintError as error:
            done(False, f"Chưa in được {name}: {error}")
            return
        self._record(code, form, source, printing.describe_target(printer), done, parent)

    def _preview(self, code, form, source, job: Printable, printer, done: Done, parent) -> None:
        from PySide6.QtCore import Qt

        from counter_app.gui import printing

        name = SLIP_NAMES.get(form, form)
        dialog = printing.PreviewDialog(
            job.pdf,
            printer,
            code,
            parent or self._owner,
            title=f"Xem trước {of_dossier(name, code)}",
            pages_note="mỗi trang một bản",
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        target = printing.describe_target(printer)

        def closed(_result: int) -> None:
            self.preview_dialog = None
            if dialog.printed:
                self._record(code, form, source, target, done, parent)
            elif dialog.error:
                done(False, f"Chưa in được {of_dossier(name, code)}: {dialog.error}")
            else:
                done(False, f"Chưa in {of_dossier(name, code)} (đã đóng cửa sổ xem trước).")

        dialog.finished.connect(closed)
        self.preview_dialog = dialog
        dialog.open()

    def print_fee_receipt(self, code: str, receipt: str, done: Done, *, parent: QWidget | None = None) -> None:
        """Print the fee receipt `receipt` of dossier `code` (both copies, from its committed entry). It is not a
        slip of the dossier's papers: its print is not recorded (the entry itself is the record)."""
        name = f"biên lai thu phí {receipt} (hồ sơ {code})"
        if not self._ops.has("fees"):
            done(False, f"Chưa in {name}: {NO_SLIP_SERVICE}.")
            return

        def rendered(job: Printable) -> None:
            from counter_app.gui import printing

            try:
                if self._printer_factory:
                    printer = self._printer_factory(code)
                else:
                    printer = system_slip_printer(code, "fee_receipt", job.printer, job.tray, folder=job.folder)
                printing.print_pdf(job.pdf, printer)
            except printing.PrintError as error:
                done(False, f"Chưa in được {name}: {error}")
                return
            done(True, f"Đã in {name} ra {printing.describe_target(printer)}.")

        (
            self._ops.fee_receipt_for_printing(code, receipt)
            .success(rendered)
            .failure(lambda error: done(False, f"Chưa in được {name}: {error}"))
            .run(parent or self._owner)
        )

    def _record(self, code: str, form: str, source: str | None, target: str, done: Done, parent) -> None:
        name = of_dossier(SLIP_NAMES.get(form, form), code)

        def recorded(event) -> None:
            again = " (bản in lại)" if (getattr(event, "payload", None) or {}).get("reprint") else ""
            done(True, f"Đã in {name}{again} ra {target}.")

        (
            self._ops.slip_printed(code, form, source)
            .success(recorded)
            .failure(lambda error: done(True, f"Đã in {name} ra {target} (chưa ghi được việc in: {error})."))
            .run(parent or self._owner)
        )
