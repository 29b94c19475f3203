"""Printing a dossier's slip after a lifecycle event (return slip, apology, supplement request, …).

The slip is rendered by the slip service on the worker from the committed record (decision 4), drawn onto the
printer here, and its printing recorded on the worker. The slip service (`SlipService.render(code, form)`,
`record_printed(code, form)`) is optional: a build without it says plainly that nothing was printed, and the
event stays recorded either way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtWidgets import QWidget

from counter_app.gui.jobs import JobRunner

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


class SlipRenderer(Protocol):
    def render(self, code: str, form: str) -> bytes: ...

    def record_printed(self, code: str, form: str) -> None: ...


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
        slips: SlipRenderer | None,
        runner: JobRunner,
        printer_factory: Callable[[str], Any] | None = None,
    ):
        self._owner = owner
        self._slips = slips
        self._runner = runner
        self._printer_factory = printer_factory

    @property
    def available(self) -> bool:
        return self._slips is not None

    def print_slip(self, code: str, form: str, done: Done) -> None:
        name = SLIP_NAMES.get(form, form)
        if self._slips is None:
            done(False, f"Chưa in {of_dossier(name, code)}: {NO_SLIP_SERVICE}.")
            return
        self._runner.run(
            self._slips.render,
            code,
            form,
            on_success=lambda pdf: self._rendered(code, form, pdf, done),
            on_error=lambda error: done(False, f"Chưa in được {of_dossier(name, code)}: {error}"),
        )

    def _rendered(self, code: str, form: str, pdf: bytes, done: Done) -> None:
        from counter_app.gui import printing

        name = SLIP_NAMES.get(form, form)
        try:
            if self._printer_factory:
                printer = self._printer_factory(code)
            else:
                chosen = getattr(self._slips, "printer_setting", None)
                # The printer's name is not the slip's: `name` stays the slip's name for the messages below.
                printer_name, tray = chosen(form) if chosen else ("", "")
                folder_of = getattr(self._slips, "pdf_folder", None)
                printer = system_slip_printer(code, form, printer_name, tray, folder=folder_of() if folder_of else None)
            printing.print_pdf(pdf, printer)
        except printing.PrintError as error:
            done(False, f"Chưa in được {of_dossier(name, code)}: {error}")
            return
        target = printing.describe_target(printer)
        assert self._slips is not None
        self._runner.run(
            self._slips.record_printed,
            code,
            form,
            on_success=lambda _none: done(True, f"Đã in {of_dossier(name, code)} ra {target}."),
            on_error=lambda error: done(
                True, f"Đã in {of_dossier(name, code)} ra {target} (chưa ghi được việc in: {error})."
            ),
        )
