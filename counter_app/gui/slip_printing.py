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
    "return": "phiếu trả kết quả",
    "apology": "văn bản xin lỗi và hẹn lại ngày trả kết quả",
    "supplement": "phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "refusal": "phiếu từ chối giải quyết hồ sơ",
    "stop": "thông báo dừng giải quyết hồ sơ",
    "control": "phiếu kiểm soát quá trình giải quyết hồ sơ",
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
    """print_slip(code, form, done): render on the worker, print here, record on the worker, then done()."""

    def __init__(
        self,
        owner: QWidget,
        ops: Operations,
        printer_factory: Callable[[str], Any] | None = None,
    ):
        self._owner = owner
        self._ops = ops
        self._printer_factory = printer_factory

    @property
    def available(self) -> bool:
        return self._ops.has("slips")

    def print_slip(self, code: str, form: str, done: Done) -> None:
        name = SLIP_NAMES.get(form, form)
        if not self.available:
            done(False, f"Chưa in {of_dossier(name, code)}: {NO_SLIP_SERVICE}.")
            return
        (
            self._ops.slip_for_printing(code, form)
            .success(lambda job: self._rendered(code, form, job, done))
            .failure(lambda error: done(False, f"Chưa in được {of_dossier(name, code)}: {error}"))
            .run(self._owner)
        )

    def _rendered(self, code: str, form: str, job: Printable, done: Done) -> None:
        from counter_app.gui import printing

        name = SLIP_NAMES.get(form, form)
        try:
            if self._printer_factory:
                printer = self._printer_factory(code)
            else:
                printer = system_slip_printer(code, form, job.printer, job.tray, folder=job.folder)
            printing.print_pdf(job.pdf, printer)
        except printing.PrintError as error:
            done(False, f"Chưa in được {of_dossier(name, code)}: {error}")
            return
        target = printing.describe_target(printer)
        (
            self._ops.slip_printed(code, form)
            .success(lambda _none: done(True, f"Đã in {of_dossier(name, code)} ra {target}."))
            .failure(
                lambda error: done(
                    True, f"Đã in {of_dossier(name, code)} ra {target} (chưa ghi được việc in: {error})."
                )
            )
            .run(self._owner)
        )
