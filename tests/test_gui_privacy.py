"""The dossier window keeps CCCD and phone masked; «Hiện đầy đủ» opens them for a role that may (issue 12 item 4),
through the worker, audited. Offscreen under pytest-qt with the real services."""

from __future__ import annotations

import pytest
from conftest import CERT_CODE, XRAY_CODE
from PySide6.QtCore import Qt

from counter_app.services.intake import IntakeRequest
from tests.test_gui_tracking import PdfPrinters, _close_dialogs, _window

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, services, worker, tmp_path):
    def take(name, procedure, **extra):
        return services.intake.intake(IntakeRequest(procedure_code=procedure, applicant_name=name, **extra)).code

    codes = {
        "resolved": take("Nguyễn Thị Hương", XRAY_CODE, id_number="001190012345", phone="0912345678"),
        "fresh": take("Lê Minh Đức", CERT_CODE, id_number="036085001122"),
    }
    services.accounts.create("quantri", "Lê Văn Quản", "admin", "quan-tri-2026")
    services.accounts.create("phutrach", "Phạm Thị Phụ Trách", "supervisor", "phu-trach-2026")
    services.accounts.create("ha", "Nguyễn Thị Hà", "officer", "can-bo-2026")
    services.accounts.sign_in("ha", "can-bo-2026")
    (tmp_path / "printed").mkdir()
    win, tab = _window(qtbot, services, worker, PdfPrinters(tmp_path / "printed"), tmp_path)
    yield win, tab, codes
    _close_dialogs(tab)
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    tab.scanner.uninstall()


def _open(qtbot, win, tab, code):
    tab.controller.open_detail(code)
    qtbot.waitUntil(lambda: tab.controller.detail_dialog is not None and tab.controller.detail_dialog.code == code)
    return tab.controller.detail_dialog


def test_reveal_is_hidden_from_an_officer_and_opens_the_full_values_for_a_supervisor(
    qtbot, services, worker, window, tmp_path
):
    win, tab, dossiers = window
    code = dossiers["resolved"]
    detail = _open(qtbot, win, tab, code)
    values = detail.fact_values
    assert values["id_number"].text() == "••••••••2345" and values["phone"].text() == "091••••678"
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    assert not detail.reveal_button.isVisible()  # an officer's role does not see full values

    services.accounts.sign_in("phutrach", "phu-trach-2026")
    detail.load(code)
    qtbot.waitUntil(detail.reveal_button.isVisible, timeout=10_000)
    assert detail.reveal_button.text() == "Hiện đầy đủ"
    assert values["id_number"].text() == "••••••••2345"  # still masked until asked
    detail.grab().save(str(tmp_path / "dossier-masked.png"))
    detail.reveal_button.click()
    qtbot.waitUntil(lambda: values["id_number"].text() == "001190012345", timeout=10_000)
    assert values["phone"].text() == "0912345678" and not detail.reveal_button.isVisible()
    assert "nhật ký kiểm tra" in detail.message.text()
    detail.grab().save(str(tmp_path / "dossier-revealed.png"))

    detail.load(dossiers["fresh"])  # another dossier: masked again
    qtbot.waitUntil(lambda: detail.code == dossiers["fresh"] and values["id_number"].text() == "••••••••1122")
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)

    services.accounts.sign_in("quantri", "quan-tri-2026")
    reads = [e for _, e in services.accounts.trail() if e.action == "record.read"]
    assert [(e.target, e.detail["via"], e.officer_name) for e in reads] == [(code, "reveal", "Phạm Thị Phụ Trách")]


def test_tab_goes_through_the_steps_row_then_the_fees_and_leaves_the_history_table(qtbot, window):
    """The steps are tabbed through in their rows' order (the fees' row last), and Tab never stays in the history
    table (its cells are walked with the arrows); another dossier opens with its default step holding the keyboard."""
    win, tab, dossiers = window
    detail = _open(qtbot, win, tab, dossiers["fresh"])
    qtbot.waitUntil(lambda: bool(detail.action_buttons))
    qtbot.wait(50)  # the last load's buttons deleted
    steps = [detail.actions_layout.itemAt(i).widget() for i in range(detail.actions_layout.count())]
    fees = [detail.fee_actions_layout.itemAt(i).widget() for i in range(detail.fee_actions_layout.count())]
    assert steps and fees
    chain, widget = [], steps[0]
    for _ in range(len(steps) + len(fees) - 1):
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisibleTo(detail):
            widget = widget.nextInFocusChain()
        chain.append(widget)
    assert [b.text() for b in chain] == [b.text() for b in steps[1:] + fees]
    assert not detail.timeline.tabKeyNavigation()
    kind = next(iter(detail.action_buttons))  # a step both dossiers offer, made the default (Enter)
    detail.load(dossiers["resolved"], kind)
    qtbot.waitUntil(lambda: detail.code == dossiers["resolved"] and detail.default_action is kind)
    qtbot.waitUntil(lambda: detail.focusWidget() is detail.action_buttons[detail.default_action])
