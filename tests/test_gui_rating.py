"""The rating step of the return dialog (keys 1-5, Esc skips), the citizen-facing kiosk, the warning before a second
supplement request, and the service index panel (its figures equal a recount of a random history), offscreen."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app.domain.event_kinds import EventRequest
from counter_app.domain.events import EventKind
from counter_app.domain.reports import custom_period
from counter_app.domain.service_index import INDICATORS, percent
from counter_app.gui.operations import Operations
from tests.test_gui_tracking import SCAN_INTERVAL_MS, dossiers, printers, tracked  # noqa: F401 (fixtures)
from tests.test_service_index import _random_history, _recount, app  # noqa: F401 (fixture)

pytestmark = pytest.mark.gui
K = EventKind


def _rated(services, code: str) -> list:
    return [e for e in services.dossiers.detail(code).timeline if e.kind == K.RATED]


def _return(qtbot, tab, code: str):
    tab.controller.open_code(code)
    qtbot.waitUntil(lambda: tab.controller.return_dialog is not None and tab.controller.return_dialog.isVisible())
    dialog = tab.controller.return_dialog
    with qtbot.waitSignal(dialog.sig_finished, timeout=15_000):
        dialog.confirm()
    qtbot.waitUntil(lambda: dialog.rating is not None and dialog.rating.isVisible())
    return dialog


@pytest.mark.parametrize("key", [Qt.Key.Key_1, Qt.Key.Key_5])
def test_the_return_ends_with_a_one_key_rating(qtbot, services, tracked, dossiers, key):  # noqa: F811
    _win, tab = tracked
    code = dossiers["resolved"]
    dialog = _return(qtbot, tab, code)
    assert services.dossiers.detail(code).status == "returned"  # recorded before the rating is asked
    assert not dialog.receiver.isVisible() and "1 đến 5" in dialog.rating.hint.text()
    dialog.grab().save(str(qtbot_shot("return-rating")))
    with qtbot.waitSignal(dialog.sig_rated, timeout=10_000):
        QTest.keyClick(dialog.rating, key)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [rating] = _rated(services, code)
    assert rating.payload["level"] == (1 if key == Qt.Key.Key_1 else 5) and rating.payload["stage"] == "return"
    assert rating.officer == services.settings.station().officer_name


def test_esc_skips_the_rating_and_a_comment_goes_with_a_click(qtbot, services, tracked, dossiers):  # noqa: F811
    _win, tab = tracked
    code = dossiers["resolved"]
    dialog = _return(qtbot, tab, code)
    QTest.keyClick(dialog.rating, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _rated(services, code) == [] and services.dossiers.detail(code).status == "returned"

    # Typing the comment: digits go into the box, a button records it.
    other = dossiers["due_soon"]
    services.lifecycle.record(EventRequest.of(other, K.RESOLVED))
    dialog = _return(qtbot, tab, other)
    dialog.rating.comment.setFocus()
    for ch in "Cho 2 lan":  # typed as a person types (a burst of keys is the barcode scanner's)
        QTest.keyClick(dialog.rating.comment, ch)
        qtbot.wait(SCAN_INTERVAL_MS + 30)
    assert dialog.rating.comment.toPlainText() == "Cho 2 lan" and _rated(services, other) == []
    with qtbot.waitSignal(dialog.sig_rated, timeout=10_000):
        dialog.rating.buttons[3].click()
    [rating] = _rated(services, other)
    assert (rating.payload["level"], rating.payload["comment"]) == (3, "Cho 2 lan")


def test_the_kiosk_shows_the_dossier_just_returned_and_records_a_key(qtbot, services, clock, dossiers):  # noqa: F811
    from counter_app.gui.rating import KioskWindow

    ops = Operations(services)
    kiosk = KioskWindow(ops)
    qtbot.addWidget(kiosk)
    kiosk.show()
    code = dossiers["fresh"]  # received at this counter last
    qtbot.waitUntil(lambda: kiosk.dossier is not None)
    assert kiosk.dossier.code == code and "Vừa tiếp nhận hồ sơ" in kiosk.info.text()
    returned = dossiers["resolved"]
    ops.record_event(EventRequest.of(returned, K.RESULT_RETURNED, receiver="Nguyễn Thị Hương")).run()
    qtbot.waitUntil(lambda: kiosk.dossier is not None and kiosk.dossier.code == returned)  # follows the counter
    assert "Vừa trả kết quả" in kiosk.info.text() and returned in kiosk.info.text()
    kiosk.grab().save(str(qtbot_shot("kiosk-dossier")))
    kiosk.panel.comment.setPlainText("Nhanh")
    ops.record_event(EventRequest.of(code, K.SLIP_PRINTED, form="receipt")).run()  # the office goes on working
    assert kiosk.dossier.code == returned and kiosk.panel.comment.toPlainText() == "Nhanh"  # not wiped
    kiosk.panel.comment.clear()
    with qtbot.waitSignal(kiosk.sig_rated, timeout=10_000):
        QTest.keyClick(kiosk.panel, Qt.Key.Key_2)
    assert kiosk.thanks.isVisible() and "Cảm ơn" in kiosk.thanks.text()
    [rating] = _rated(services, returned)
    assert rating.payload == {"level": 2, "stage": "return"}
    kiosk._timer.stop()
    kiosk.refresh()
    qtbot.waitUntil(lambda: kiosk.dossier is None)  # rated: waits for the next citizen
    # Esc skips a dossier without rating it.
    clock.moment += timedelta(minutes=5)
    ops.record_event(EventRequest.of(dossiers["due_soon"], K.RESOLVED)).run()
    ops.record_event(EventRequest.of(dossiers["due_soon"], K.RESULT_RETURNED, receiver="Trần Thị Hà")).run()
    qtbot.waitUntil(lambda: kiosk.dossier is not None and kiosk.dossier.code == dossiers["due_soon"])
    QTest.keyClick(kiosk, Qt.Key.Key_Escape)
    assert kiosk.dossier is None and not kiosk.panel.isVisible()
    assert _rated(services, dossiers["due_soon"]) == []
    kiosk.grab().save(str(qtbot_shot("kiosk")))
    kiosk.close()


def qtbot_shot(name: str):
    import tempfile
    from pathlib import Path

    return Path(tempfile.gettempdir()) / f"counter-app-{name}.png"


def _answer_box(qtbot, answer: str, seen: list) -> None:
    """Answer the second-supplement question when it shows: remember its text and default button, then `answer`."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append((box.objectName(), box.text(), box.defaultButton().text()))
        if answer == "esc":
            QTest.keyClick(box, Qt.Key.Key_Escape)
        elif answer == "enter":
            QTest.keyClick(box, Qt.Key.Key_Return)
        else:
            next(b for b in box.buttons() if b.text().startswith("&Có")).click()

    QTimer.singleShot(0, press)


def test_a_second_supplement_request_warns_first_and_defaults_to_no(qtbot, services, clock, dossiers):  # noqa: F811
    from counter_app.gui.dossier_detail import EventDialog

    code = dossiers["awaiting"]  # asked once already
    services.lifecycle.record(EventRequest.of(code, K.SUPPLEMENT_RECEIVED))
    ops = Operations(services)
    bundles: list = []
    ops.dossier_bundle(code).success(bundles.append).run()
    dialog = EventDialog(bundles[0], K.SUPPLEMENT_REQUESTED, ops=ops)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.warning.isVisible() and "QUÁ HẠN" in dialog.warning.text()
    dialog.missing_list.item(0).setCheckState(Qt.CheckState.Checked)
    for answer in ("esc", "enter"):  # Esc and Enter both keep "Không"
        seen: list = []
        _answer_box(qtbot, answer, seen)
        dialog.record()
        assert seen and seen[0][0] == "secondSupplementBox" and "766/QĐ-TTg" in seen[0][1]
        assert seen[0][2] == "&Không"
        assert services.dossiers.detail(code).supplement_rounds == 1 and dialog.record_button.isEnabled()
    seen = []
    _answer_box(qtbot, "yes", seen)
    with qtbot.waitSignal(dialog.sig_recorded, timeout=10_000):
        dialog.record()
    assert services.dossiers.detail(code).supplement_rounds == 2

    # The first request of another dossier asks nothing.
    fresh = EventDialog(_bundle(ops, dossiers["fresh"]), K.SUPPLEMENT_REQUESTED, ops=ops)
    qtbot.addWidget(fresh)
    assert not fresh.second_supplement and not fresh.warning.text()


def _bundle(ops, code):
    out: list = []
    ops.dossier_bundle(code).success(out.append).run()
    return out[0]


def test_the_index_panel_shows_the_recount_and_the_dossiers_behind_a_figure(qtbot, app, clock):  # noqa: F811
    from counter_app.gui.service_index import KEYS, ServiceIndexDialog

    truths = _random_history(app, clock, random.Random(7), n_dossiers=10, steps=50)
    clock.moment += timedelta(days=1)
    first, last = date(2026, 9, 1), date(2026, 10, 31)
    dialog = ServiceIndexDialog(Operations(app), today=clock.moment.date())
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.sig_loaded, timeout=10_000):
        dialog.set_period(custom_period(first, last))
    expected = _recount(truths, first, last)
    shown = {row.key for row in dialog.rows()}
    assert "" in shown and shown - {""} <= set(expected)
    for field_key in shown:
        for key in KEYS:
            counted, of = expected[field_key][key]
            want = f"{percent(len(counted), len(of))} ({len(counted)}/{len(of)})"
            assert dialog.figure(field_key, key) == want, (field_key, key)
    # Click the total's on-time figure: its dossiers, those counted first.
    counted, of = expected[""]["on_time"]
    column = KEYS.index("on_time") + 1
    with qtbot.waitSignal(dialog.sig_listed, timeout=10_000):
        dialog.table.cellClicked.emit(0, column)
    listed = dialog.listed_codes()
    assert {c for _, c in listed} == of and {c for mark, c in listed if mark == "Có"} == counted
    assert [mark for mark, _ in listed] == sorted((mark for mark, _ in listed), key=lambda m: m != "Có")
    assert INDICATORS["on_time"] in dialog.list_title.text()
    dialog.grab().save(str(qtbot_shot("service-index")))
