"""Alt+letter means one thing in each window (issue 10: Alt+X and Alt+B did two things at once).

Collects every mnemonic a user can press in a window as it is shown — the menu bar's menus, labels with a buddy,
buttons, check boxes, group boxes, tabs, and Alt+letter shortcuts — and fails on a letter used twice, or on a
mnemonic no keyboard has a key for (a Vietnamese letter such as "đ"). Walks the counter window on both of its
pages as `counter-app` builds it, the dossier window, and the supervisor's dialogs.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabBar, QWidget

from counter_app.domain.events import EventKind
from counter_app.services.intake import IntakeRequest
from tests.conftest import CERT_CODE
from tests.test_gui_intake import PdfPrinters

pytestmark = pytest.mark.gui


def _mnemonic(text: str) -> str | None:
    """The letter after a single '&' ("&&" is a literal ampersand), lower-cased; None without one."""
    index = 0
    while True:
        index = text.find("&", index)
        if index < 0 or index + 1 >= len(text):
            return None
        if text[index + 1] == "&":
            index += 2
            continue
        return text[index + 1].lower()


def mnemonics(root: QWidget) -> dict[str, list[str]]:
    """letter -> what carries it, for what is visible in `root` now (hidden pages and forms do not count)."""
    found: dict[str, list[str]] = defaultdict(list)

    def visible(widget: QWidget) -> bool:
        return widget is root or widget.isVisibleTo(root)

    for widget in [root, *root.findChildren(QWidget)]:
        if not visible(widget) or widget.window() is not root:  # a dialog of its own is walked on its own
            continue
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, QMenuBar):
            for action in widget.actions():
                if action.isVisible() and (letter := _mnemonic(action.text())):
                    found[letter].append(f"menu «{action.text()}»")
        elif isinstance(widget, QLabel):
            if widget.buddy() is not None and (letter := _mnemonic(widget.text())):
                found[letter].append(f"label «{widget.text()}» ({name})")
        elif isinstance(widget, QAbstractButton):
            if letter := _mnemonic(widget.text()):
                found[letter].append(f"button «{widget.text()}» ({name})")
        elif isinstance(widget, QGroupBox):
            if letter := _mnemonic(widget.title()):
                found[letter].append(f"group «{widget.title()}» ({name})")
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if widget.isTabVisible(i) and (letter := _mnemonic(widget.tabText(i))):
                    found[letter].append(f"tab «{widget.tabText(i)}»")
    for shortcut in root.findChildren(QShortcut):
        parent = shortcut.parent()
        if not shortcut.isEnabled() or (
            isinstance(parent, QWidget) and (not visible(parent) or parent.window() is not root)
        ):
            continue
        for sequence in [shortcut.key(), *shortcut.keys()]:
            text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            if text.startswith("Alt+") and len(text) == 5:
                found[text[-1].lower()].append(f"shortcut {text}")
    return {letter: sorted(set(carriers)) for letter, carriers in found.items()}


def problems(root: QWidget, where: str) -> list[str]:
    out = []
    for letter, carriers in sorted(mnemonics(root).items()):
        if not ("a" <= letter <= "z" or "0" <= letter <= "9"):
            out.append(f"{where}: Alt+{letter} has no key on a keyboard: {carriers}")
        elif len(carriers) > 1:
            out.append(f"{where}: Alt+{letter.upper()} is used {len(carriers)} times: {carriers}")
    return out


def test_mnemonic_collector_sees_a_clash(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    from PySide6.QtWidgets import QCheckBox, QLineEdit, QVBoxLayout

    layout = QVBoxLayout(root)
    label = QLabel("&Xem", root)
    label.setBuddy(QLineEdit(root))
    layout.addWidget(label)
    layout.addWidget(QCheckBox("Văn bản &xin lỗi", root))
    layout.addWidget(QCheckBox("Ca && kíp", root))  # a literal ampersand, no mnemonic
    root.show()
    assert set(mnemonics(root)) == {"x"}
    assert len(problems(root, "test")) == 1


@pytest.fixture
def window(qtbot, services, worker, tmp_path):
    from counter_app.gui.app import build_main_window, create_application

    create_application([])
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
    yield win
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    win.tracking.scanner.uninstall()


def test_no_window_uses_an_alt_letter_twice(qtbot, window, services, worker):
    found = problems(window, "counter window, intake page")
    assert "b" in mnemonics(window) and "n" in mnemonics(window)  # the collector sees the form (Alt+B, Alt+N)
    window.show_page(1)
    qtbot.wait(50)
    found += problems(window, "counter window, tracking page")
    assert "x" in mnemonics(window)  # Lập văn bản xin lỗi (Alt+X, README)

    code = services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name="Lê Văn Tám")).code
    controller = window.tracking.controller
    controller.open_code(code)
    qtbot.waitUntil(lambda: controller.detail_dialog is not None and controller.detail_dialog.isVisible())
    dialog = controller.detail_dialog
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    found += problems(dialog, "dossier window")
    assert "i" in mnemonics(dialog), "the collector sees the dossier window's In lại (Alt+I)"
    # Every event form the dossier window opens (the buttons of the events the rules allow now), and the return.
    # (the "Ghi nhận" row's buttons; "Đính kèm tệp…" opens the system's file dialog, not a form of ours)
    for button in [
        b for b in dialog.actions_box.findChildren(QAbstractButton) if b.isVisible() and b.text().endswith("…")
    ]:
        if not button.isEnabled():
            continue
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.event_dialog is not None or controller.return_dialog is not None, timeout=10_000)
        opened = dialog.event_dialog or controller.return_dialog
        qtbot.waitUntil(opened.isVisible)
        found += problems(opened, f"form «{button.text()}»")
        opened.reject()
        qtbot.waitUntil(lambda: dialog.event_dialog is None and controller.return_dialog is None, timeout=10_000)

    # Every event form there is, whatever the dossier's state, and the return dialog.
    from counter_app.gui.dossier_detail import ACTION_LABELS, EventDialog

    for kind in ACTION_LABELS:
        if kind == EventKind.RESULT_RETURNED:
            continue
        form = EventDialog(dialog.bundle, kind, ops=window.ops, parent=dialog)
        form.show()
        found += problems(form, f"form «{ACTION_LABELS[kind]}»")
        form.close()
    controller.open_return(dialog.bundle)
    qtbot.waitUntil(lambda: controller.return_dialog is not None and controller.return_dialog.isVisible())
    found += problems(controller.return_dialog, "return dialog")
    controller.return_dialog.reject()

    from counter_app.gui.calendar_dialog import open_calendar_dialog
    from counter_app.gui.catalogue_dialog import open_catalogue_dialog
    from counter_app.gui.dashboard import open_dashboard
    from counter_app.gui.settings_dialog import open_settings_dialog

    for opener in (open_catalogue_dialog, open_calendar_dialog, open_dashboard):
        other = opener(window, window.ops)
        qtbot.waitUntil(lambda: not worker.is_busy(), timeout=20_000)
        found += problems(other, type(other).__name__)
        other.close()
    settings = open_settings_dialog(window, window.ops)
    qtbot.waitUntil(settings.save_button.isEnabled)  # its values read on the worker
    found += problems(settings, "settings")
    settings.close()
    assert found == [], "\n".join(found)
