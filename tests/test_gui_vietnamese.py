"""Vietnamese everywhere (issue 10): Qt's own strings (message-box buttons, the text fields' context menu, the file
dialog, calendars) come from resources/translations/qt_vi.qm and QLocale vi_VN; a walk through the windows and
dialogs fails on an English word in a visible widget."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QDate, QLocale, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCalendarWidget,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTabBar,
    QWidget,
)

from tests.test_gui_intake import PdfPrinters

pytestmark = pytest.mark.gui

ENGLISH = re.compile(
    r"\b(OK|Cancel|Yes|No|Save|Close|Open|Apply|Reset|Help|Discard|Abort|Retry|Ignore|Undo|Redo|Cut|Copy|Paste|"
    r"Delete|Select All|Look in|File name|Files of type|Detail View|List View|Back|Forward|New Folder|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu(?! phí)|Fri|Sat|Sun|"  # «Thu phí»: collect fees
    r"January|February|March|April|May|June|July|August|September|October|November|December|Name|Size|Type|"
    r"Date Modified|Directory|Show Details)\b"
)


def visible_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
    return [t.replace("&", "") for t in texts if t]


def english_in(root: QWidget) -> list[str]:
    return [t for t in visible_texts(root) if ENGLISH.search(re.sub(r"<[^>]+>", " ", t))]


@pytest.fixture
def app(qtbot):
    from counter_app.gui.app import create_application

    return create_application([])


def test_the_translation_and_the_locale_are_installed(app):
    assert QLocale().language() == QLocale.Language.Vietnamese
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Huỷ"
    assert QLocale().monthName(12) != "December"
    assert QLocale().dayName(1, QLocale.FormatType.ShortFormat) not in ("Mon", "Monday")


def test_message_box_buttons_and_context_menu_are_vietnamese(qtbot, app):
    box = QMessageBox(QMessageBox.Icon.Question, "Xác nhận", "Lưu thay đổi?")
    box.setStandardButtons(
        QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Ok
        | QMessageBox.StandardButton.Cancel
        | QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Close
    )
    qtbot.addWidget(box)
    box.show()
    texts = [b.text().replace("&", "") for b in box.buttons()]
    assert {"Có", "Không", "Đồng ý", "Huỷ", "Lưu", "Đóng"} <= set(texts), texts
    assert english_in(box) == []
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert {b.text().replace("&", "") for b in buttons.buttons()} == {"Đồng ý", "Huỷ"}
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    entries = [a.text().split("\t")[0].replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert entries and all(not ENGLISH.search(e) for e in entries), entries
    assert "Chọn tất cả" in entries


def test_calendar_and_file_dialog_are_vietnamese(qtbot, app):
    calendar = QCalendarWidget()
    qtbot.addWidget(calendar)
    calendar.setSelectedDate(QDate(2026, 12, 3))
    calendar.show()
    texts = " ".join(visible_texts(calendar))
    model = calendar.findChild(QWidget, "qt_calendar_calendarview").model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert not ENGLISH.search(texts), texts
    assert not any(ENGLISH.search(str(h or "")) for h in headers), headers
    dialog = QFileDialog(None, "Lưu báo cáo")
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog) or QApplication.testAttribute(
        Qt.ApplicationAttribute.AA_DontUseNativeDialogs
    )
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    assert english_in(dialog) == [], english_in(dialog)


def test_the_whole_window_and_its_dialogs_have_no_english(qtbot, services, worker, tmp_path, app):
    from counter_app.gui.app import build_main_window
    from counter_app.gui.help import ShortcutsDialog

    folder = tmp_path / "printed"
    folder.mkdir()
    win = build_main_window(
        services,
        worker,
        QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        printer_factory=PdfPrinters(folder),
    )
    qtbot.addWidget(win)
    win.resize(1366, 740)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: bool(win.intake_form.picker.procedures))
    assert english_in(win) == []
    win.show_page(1)
    qtbot.wait(50)
    assert english_in(win) == []
    shortcuts = ShortcutsDialog(win)
    qtbot.addWidget(shortcuts)
    shortcuts.show()
    assert english_in(shortcuts) == []
    from counter_app.gui.calendar_dialog import open_calendar_dialog
    from counter_app.gui.catalogue_dialog import open_catalogue_dialog
    from counter_app.gui.dashboard import open_dashboard
    from counter_app.gui.settings_dialog import open_settings_dialog

    for opener in (open_catalogue_dialog, open_calendar_dialog, open_dashboard, open_settings_dialog):
        dialog = opener(win, win.ops)
        qtbot.waitUntil(lambda: not worker.is_busy(), timeout=20_000)
        qtbot.wait(100)
        assert english_in(dialog) == [], (type(dialog).__name__, english_in(dialog))
        dialog.close()
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    win.tracking.scanner.uninstall()


def test_the_dossier_window_its_forms_and_every_preview_are_vietnamese(qtbot, services, worker, tmp_path, app):
    """The dossier window (with its printed papers), each event form, the return dialog, the receipt and slip
    previews and the message log: no English word in a visible widget."""
    from counter_app.domain.event_kinds import EventRequest
    from counter_app.domain.events import EventKind
    from counter_app.gui import printing
    from counter_app.gui.app import build_main_window
    from counter_app.gui.dossier_detail import ACTION_LABELS, EventDialog
    from counter_app.gui.message_log import MessageLogDialog
    from counter_app.services.intake import IntakeRequest
    from tests.conftest import XRAY_CODE

    code = services.intake.intake(IntakeRequest(procedure_code=XRAY_CODE, applicant_name="Lê Văn Tám")).code
    services.lifecycle.record(EventRequest.of(code, EventKind.SUPPLEMENT_REQUESTED, missing=["1"], reason="Thiếu"))
    folder = tmp_path / "printed"
    folder.mkdir()
    win = build_main_window(
        services,
        worker,
        QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        printer_factory=PdfPrinters(folder),
    )
    qtbot.addWidget(win)
    win.show()
    controller = win.tracking.controller
    controller.open_code(code)
    qtbot.waitUntil(lambda: controller.detail_dialog is not None and controller.detail_dialog.code == code)
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    dialog = controller.detail_dialog
    assert dialog.papers.list.count() >= 3 and english_in(dialog) == []
    for kind in ACTION_LABELS:
        if kind != EventKind.RESULT_RETURNED:
            form = EventDialog(dialog.bundle, kind, ops=win.ops, parent=dialog)
            form.show()
            assert english_in(form) == [], (kind, english_in(form))
            form.close()
    controller.open_return(dialog.bundle)
    qtbot.waitUntil(lambda: controller.return_dialog is not None and controller.return_dialog.isVisible())
    assert english_in(controller.return_dialog) == []
    controller.return_dialog.reject()
    # The slip preview, as "In lại" with "Xem trước khi in" shows it, and the receipt's.
    dialog.papers.preview.setChecked(True)
    dialog.papers.choose("supplement:" + dialog.papers.papers[1].source_id)
    dialog.papers.reprint()
    qtbot.waitUntil(lambda: controller.slips.preview_dialog is not None, timeout=15_000)
    assert english_in(controller.slips.preview_dialog) == []
    controller.slips.preview_dialog.reject()
    receipt = printing.PreviewDialog(services.dossiers.receipt_pdf(code), PdfPrinters(folder)(code), code, win)
    qtbot.addWidget(receipt)
    receipt.show()
    assert english_in(receipt) == []
    log = MessageLogDialog(win.message_log, win)
    qtbot.addWidget(log)
    log.show()
    assert english_in(log) == []
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    win.tracking.scanner.uninstall()
