"""Opens the counter's windows on a screen of a given size and lists what does not fit (tests/test_gui_fit.py).

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json [QT_SCALE_FACTOR=1.5] python tests/fit_check.py DATA_DIR

Prints one JSON object: {"screen": [w, h], "problems": [...], "scrolls": {"intake": bool, "tracking": bool,
"dossier": bool}}. A
problem is a window whose smallest size is larger than the screen, a visible widget outside the screen's available
area, or outside its window (cut at the edge), a button narrower than its text needs, or, on a page that scrolls,
a field with the keyboard left out of view, a scrolling window whose content is taller than its smallest height.
"scrolls" says which pages of the counter window scroll, and whether the dossier window does.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def check(window, area, problems: list[str]) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QWidget

    name = type(window).__name__
    frame = window.frameGeometry()
    if not area.contains(frame.topLeft()) or frame.right() > area.right() + 1 or frame.bottom() > area.bottom() + 1:
        problems.append(f"{name}: window {frame.getRect()} outside the screen {area.getRect()}")
    # The offscreen platform maximises a window to the screen whatever its minimum; a window manager does not.
    smallest = window.minimumSizeHint().expandedTo(window.minimumSize())
    if smallest.width() > area.width() or smallest.height() > area.height():
        problems.append(
            f"{name}: its smallest size {smallest.toTuple()} is larger than the screen {area.size().toTuple()}"
        )
    from PySide6.QtWidgets import QScrollArea

    from counter_app.gui.screen import PageScroll

    # A form that scrolls sideways hides part of each row: a problem when the window could have been wider (the
    # screen had room), except on the screens smaller than the counter's pages (FIT_MAY_SCROLL=1). Item views
    # (lists, tables) scroll sideways by their own choice of columns and are not asked.
    if not os.environ.get("FIT_MAY_SCROLL"):
        for area_widget in window.findChildren(QScrollArea):
            if not area_widget.isVisibleTo(window) or area_widget.horizontalScrollBar().maximum() <= 0:
                continue
            # as wide as the rows need, were the window given it: a problem when the screen had that room
            needed = area_widget.widget().minimumSizeHint().width() + frame.width() - area_widget.viewport().width()
            if frame.width() < needed <= area.width() - 20:
                problems.append(
                    f"{name}: {area_widget.objectName() or type(area_widget).__name__} scrolls sideways "
                    f"({area_widget.widget().minimumSizeHint().width()} px of rows in {area_widget.viewport().width()}) "
                    f"in a window {frame.width()} px wide on a screen of {area.width()}"
                )

    # A window made scrollable (screen.make_scrollable) scrolls only as far as its content at its smallest: given
    # its preferred height instead (a wrapped label makes a layout height-for-width), the dossier window scrolled
    # through 1,126 px of tables and lists at their preferred heights on a screen where 768 would have done.
    if window.property("scrollWrapped"):
        for area_widget in window.findChildren(QScrollArea):
            content = area_widget.widget()
            if area_widget.parentWidget() is not window or content is None:
                continue
            smallest = content.minimumSizeHint().height()
            if area_widget.verticalScrollBar().maximum() > 0 and content.height() > smallest + 1:
                problems.append(
                    f"{name}: scrolls through {content.height()} px of content whose smallest height is {smallest}"
                )

    inner = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() <= 0 or widget.height() <= 0 or widget.isWindow():
            continue
        # Inside a scroll area the content may extend beyond the view: it is reached by scrolling. A page of the
        # counter window that does not scroll is checked as if it were not in one.
        parent, scrolled = widget.parentWidget(), False
        while parent is not None and parent is not window:
            if isinstance(parent, QAbstractScrollArea) and not (
                isinstance(parent, PageScroll) and not parent.scrolls()
            ):
                scrolled = True
                break
            parent = parent.parentWidget()
        label = widget.objectName() or type(widget).__name__
        if not scrolled:
            top_left = widget.mapTo(window, widget.rect().topLeft())
            right, bottom = top_left.x() + widget.width(), top_left.y() + widget.height()
            if top_left.x() < -1 or top_left.y() < -1 or right > inner.width() + 1 or bottom > inner.height() + 1:
                text = widget.text() if isinstance(widget, QAbstractButton) else ""
                problems.append(
                    f"{name}: {label} «{text}» cut at the window's edge ({top_left.x()},{top_left.y()},{right},{bottom} in {inner.width()}x{inner.height()})"
                )
                continue
        # A wrapped label shows all its lines, scrolled or not: a layout squeezed below them cuts the last ones.
        if (
            isinstance(widget, QLabel)
            and widget.wordWrap()
            and widget.text()
            and widget.height() + 1 < widget.heightForWidth(widget.width())
        ):
            problems.append(
                f"{name}: «{widget.text()[:40]}…» {widget.height()} px tall, its lines need {widget.heightForWidth(widget.width())}"
            )
        if isinstance(widget, QAbstractButton) and widget.text():  # scrolled or not, a button shows its whole text
            lines = widget.text().replace("&", "").splitlines()  # a button of several lines: its longest
            need = max(widget.fontMetrics().horizontalAdvance(line) for line in lines)
            if need > widget.width() - 4:
                problems.append(f"{name}: button «{widget.text()}» {widget.width()} px wide, its text needs {need}")


def main() -> int:
    from PySide6.QtCore import QTimer

    from counter_app.domain.calendar import OFFICE_TZ
    from counter_app.gui.app import build_main_window, create_application
    from counter_app.gui.worker import Worker
    from counter_app.services.app import open_services
    from counter_app.services.intake import IntakeRequest

    app = create_application(sys.argv[:1])
    now = [datetime(2026, 10, 7, 9, 30, tzinfo=OFFICE_TZ)]
    services = open_services(Path(sys.argv[1]), load_demo=False, clock=lambda: now[0])
    services.catalogue.ensure_demo_catalogue(HERE / "data" / "mini_catalogue.json")
    # The dossier window's worst case: the demo catalogue's longest procedure name (266 characters), a long name,
    # an organisation filing through a representative, received in October and overdue by the window's day (a
    # banner, and the apology letter among its steps).
    from dataclasses import replace

    from counter_app.services.catalogue import DEMO_CATALOGUE

    demo = services.catalogue.read_file(DEMO_CATALOGUE)
    longest = max(demo.procedures, key=lambda p: len(p.name))
    field = [f for f in demo.fields if f.code == longest.field_code]
    services.catalogue.import_data(replace(demo, fields=tuple(field), procedures=(longest,)))
    worst = services.intake.intake(
        IntakeRequest(
            procedure_code=longest.code,
            applicant_name="Công ty Trách nhiệm hữu hạn Thiết bị Y tế và Khoa học Kỹ thuật Hoàng Phương Thảo",
            phone="0912345678",
        )
    ).code
    now[0] = datetime(2026, 11, 25, 9, 30, tzinfo=OFFICE_TZ)
    code = services.intake.intake(
        IntakeRequest(procedure_code="1.000002.000.00.00.H61", applicant_name="Lê Văn Tám")
    ).code
    worker = Worker()
    window = build_main_window(services, worker, None)
    window.showMaximized()
    area = app.primaryScreen().availableGeometry()
    problems: list[str] = []

    def settle() -> None:
        for _ in range(30):
            app.processEvents()
        while worker.is_busy():
            app.processEvents()

    from PySide6.QtWidgets import QAbstractButton

    from counter_app.gui.screen import PageScroll

    scrolls: dict[str, bool] = {}

    def check_page(name: str) -> None:
        settle()
        check(window, area, problems)
        scroll = window.centralWidget().currentWidget()
        if not isinstance(scroll, PageScroll) or not scroll.isVisible():
            problems.append(f"MainWindow: the {name} page is not in a PageScroll")
            return
        scrolls[name] = scroll.scrolls()
        if name == "intake" and scrolls[name]:
            # A page that scrolls brings the field with the keyboard into view: the last button, then the first field.
            for button in (window.intake_form.ui.saveButton, window.intake_form.ui.procedureSearch):
                button.setFocus()
                settle()
                top_left = button.mapTo(scroll.viewport(), button.rect().topLeft())
                inside = scroll.viewport().rect().contains(top_left) and scroll.viewport().rect().contains(
                    top_left + button.rect().bottomRight()
                )
                if not inside:
                    label = button.text() if isinstance(button, QAbstractButton) else button.objectName()
                    problems.append(f"MainWindow: «{label}» has the keyboard but is scrolled out of view")

    check_page("intake")
    # Messages under the fields and a long fee wrap to several lines: each shown whole (the page grows, or scrolls).

    from counter_app.domain.validation import FieldError, ValidationError

    form = window.intake_form
    long = "không đúng định dạng: chỉ được gồm chữ số, có thể bắt đầu bằng +84, ví dụ 0912 345 678 hoặc +84 912 345 678"
    form.ui.feeValue.setText("Phí thẩm định: 1.500.000 - 6.000.000 đồng/thiết bị tùy loại, " * 3)
    form.show_errors(
        ValidationError([FieldError("phone", long), FieldError("email", long), FieldError("applicant_name", long)])
    )
    for _ in range(3):
        settle()
    check(window, area, problems)  # every wrapped line of the messages and the fee whole (the labels' check)
    form.clear_errors()
    form.ui.feeValue.setText("—")
    settle()
    window.show_page(1)
    check_page("tracking")
    window.show_page(0)

    from counter_app.gui import printing
    from counter_app.gui.calendar_dialog import open_calendar_dialog
    from counter_app.gui.catalogue_dialog import open_catalogue_dialog
    from counter_app.gui.dashboard import open_dashboard
    from counter_app.gui.help import ShortcutsDialog
    from counter_app.gui.message_log import MessageLogDialog

    window.statusBar().showMessage("Đã lưu giấy tiếp nhận vào " + "/rat/dai/thu-muc" * 20 + "/H61.22-261125-1001.pdf")
    dialogs = [ShortcutsDialog(window), MessageLogDialog(window.message_log, window)]
    for dialog in dialogs:
        dialog.show()
    for opener in (open_catalogue_dialog, open_calendar_dialog, open_dashboard):
        dialogs.append(opener(window, window.ops))
    controller = window.tracking.controller
    controller.open_code(worst)
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    # A long folder (printing.pdf_folder on a deep share) must not widen the preview past the screen.
    printer.setOutputFileName(str(Path(sys.argv[1]) / ("thu-muc-ban-in-rat-dai-" * 6) / "giay-tiep-nhan" / "x.pdf"))
    preview = printing.ReceiptPreviewDialog(services.dossiers.receipt_pdf(code), printer, code, window)
    preview.show()
    dialogs.append(preview)
    settle()
    if controller.detail_dialog is not None:
        dialogs.append(controller.detail_dialog)
        from PySide6.QtWidgets import QScrollArea

        detail = controller.detail_dialog
        # Does the dossier window scroll (its facts, history and papers)? Its "Ghi nhận" steps must not: they stay
        # in view, whole, outside any scroll area, on every screen.
        scrolls["dossier"] = any(
            a.verticalScrollBar().maximum() > 0 for a in detail.findChildren(QScrollArea) if a.parentWidget() is detail
        )
        # Nothing of the dossier window scrolls sideways, on any screen (its rows wrap: the steps, the files'
        # buttons, long names).
        for a in detail.findChildren(QScrollArea):
            if a.parentWidget() is detail and a.horizontalScrollBar().maximum() > 0:
                problems.append(
                    f"DossierDetailDialog scrolls sideways: {a.widget().minimumSizeHint().width()} px of content "
                    f"in {a.viewport().width()}"
                )
        steps = detail.actions_box
        parent = steps.parentWidget()
        while parent is not None and parent is not detail and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        top_left = steps.mapTo(detail, steps.rect().topLeft())
        scrolls["dossier_steps_in_view"] = (
            steps.isVisible() and parent is detail and detail.rect().contains(top_left + steps.rect().bottomRight())
        )
    else:
        problems.append("the dossier window did not open")
    for dialog in dialogs:
        settle()
        check(dialog, area, problems)
    for dialog in dialogs:
        dialog.close()
    settle()

    # Every window the menus open (an action whose text has "…", and the help's two), modal or not: each is checked
    # as it appears, then closed.
    from PySide6.QtWidgets import QApplication, QDialog

    def shown() -> set:
        return {w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window}

    def open_and_check(label: str, trigger) -> None:
        before = shown()
        done: list[bool] = []

        def poll() -> None:
            new = [w for w in shown() - before if w.isWindow() and type(w).__name__ not in ("QMenu", "QTipLabel")]
            if not new:
                QTimer.singleShot(20, poll)
                return
            settle()
            for w in new:
                check(w, area, problems)
                if isinstance(w, QDialog):
                    w.reject()
                w.close()
            done.append(True)

        QTimer.singleShot(20, poll)
        trigger()
        deadline = time.monotonic() + 20
        while not done and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.005)
        if not done:
            problems.append(f"{label}: no window opened")
        settle()

    def leaves(menu):
        for action in menu.actions():
            if action.menu() is not None:
                yield from leaves(action.menu())
            elif action.isEnabled() and ("…" in action.text() or action.text() in ("Phím tắt", "Giới thiệu")):
                yield action

    for top in window.menuBar().actions():
        for action in leaves(top.menu()):
            open_and_check(action.text(), action.trigger)

    # The dossier window's own dialogs: one for each step it offers this dossier (transfer, supplement, extension
    # with its apology letter, result, …).
    controller.open_code(worst)
    settle()
    detail = controller.detail_dialog
    if detail is not None:
        for kind, button in list(detail.action_buttons.items()):
            if button.isEnabled():
                open_and_check(f"the dossier window's {kind.value}", lambda kind=kind: detail.start(kind))
        detail.close()
        settle()

    # The first run's set-up wizard (opened before any counter window).
    from counter_app.gui.setup_wizard import SetupWizard

    wizard = SetupWizard(services_ops := window.ops)
    del services_ops
    open_and_check("SetupWizard", wizard.show)
    print(
        json.dumps(
            {"screen": [area.width(), area.height()], "problems": problems, "scrolls": scrolls}, ensure_ascii=False
        )
    )
    QTimer.singleShot(0, app.quit)
    app.exec()
    worker.shutdown()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
