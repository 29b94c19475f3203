"""The first-run wizard and Quản trị → Cài đặt: real widgets offscreen, a real store, a real hub on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard

from counter_app.gui.operations import Operations
from counter_app.services.settings import SET_UP_AT

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parent.parent

OFFICE = {
    "agency.code": "H99.07",
    "agency.name": "Sở Tư pháp",
    "agency.governing_name": "UBND tỉnh Thử Nghiệm",
    "agency.place": "Thử Nghiệm",
    "agency.address": "Số 1 đường Hoà Bình",
    "agency.phone": "0216 3 888 888",
}


@pytest.fixture
def bare(data_dir, clock):
    """A store never set up."""
    from counter_app.services.app import open_services

    services = open_services(data_dir, load_demo=False, clock=clock)
    yield services
    services.close()


def _fill(wizard, values: dict[str, str]) -> None:
    for form in (wizard.agency, wizard.counter, wizard.printers, wizard.hub):
        for key, value in values.items():
            if key in form.editors:
                form.set_value(key, value)


def test_the_wizard_refuses_defaults_and_writes_everything_at_once(qtbot, bare, tmp_path):
    from counter_app.gui.setup_wizard import SetupWizard

    printed = []
    wizard = SetupWizard(
        Operations(bare), test_printer=lambda values, kind: printed.append((values, kind)) or "tệp thử"
    )
    qtbot.addWidget(wizard)
    wizard.show()
    # the keys that make a station start empty: no default agency code or counter to click through
    assert wizard.agency.value("agency.code") == "" and wizard.counter.value("station.counter") == ""
    wizard.next()
    assert wizard.currentId() == 0  # refused: the agency is empty
    assert "Mã cơ quan" in wizard.agency.errors["agency.code"].text()
    _fill(wizard, OFFICE)
    wizard.next()
    assert wizard.currentId() == 1
    wizard.next()
    assert wizard.currentId() == 1 and "chọn số quầy" in wizard.counter.errors["station.counter"].text()
    _fill(wizard, {"station.counter": "2", "officer.name": "Đặng Thị Thu Hà"})
    wizard.next()
    assert wizard.currentId() == 2
    wizard.test_receipt.click()
    assert printed and printed[0][1] == "receipt" and printed[0][0]["agency.name"] == "Sở Tư pháp"
    assert "tệp thử" in wizard.test_result.text()
    assert not bare.settings.is_set_up()  # nothing written before "Hoàn tất"
    wizard.next()
    assert wizard.currentId() == 3
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QWizard.DialogCode.Accepted
    values = bare.settings.all()
    assert {k: values[k] for k in OFFICE} == OFFICE
    assert values["station.counter"] == "2" and values["officer.name"] == "Đặng Thị Thu Hà"
    assert values[SET_UP_AT] == "2026-11-25T09:30:00+07:00"
    assert bare.settings.station().agency.name == "SỞ TƯ PHÁP"  # what the receipt header prints


def test_the_test_print_is_a_real_receipt_in_the_office_names(qtbot, bare, tmp_path, monkeypatch):
    """No printer here: the test print is the vector PDF written to the receipts folder, read back."""
    from counter_app.gui import printing
    from counter_app.gui.setup_wizard import SetupWizard, print_test_page

    monkeypatch.setattr(printing, "receipts_folder", lambda: tmp_path / "giay-tiep-nhan")
    monkeypatch.setattr(printing.QPrinterInfo, "availablePrinterNames", staticmethod(lambda: []))
    wizard = SetupWizard(Operations(bare), test_printer=print_test_page)
    qtbot.addWidget(wizard)
    _fill(wizard, {**OFFICE, "station.counter": "3", "officer.name": "Đặng Thị Thu Hà"})
    wizard.test_receipt.click()
    pdf = tmp_path / "giay-tiep-nhan" / "ban-in-thu.pdf"
    assert pdf.exists(), wizard.test_result.text()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "SỞ TƯ PHÁP" in text and "Đặng Thị Thu Hà" in text and "Bản in thử" in text
    assert "YÊN BÁI" not in text.upper()


def test_the_hub_refuses_a_counter_it_did_not_issue(qtbot, bare, tmp_path):
    from sync_harness import HubThread

    from counter_app.gui.setup_wizard import SetupWizard
    from counter_app.hub import admin
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database

    db = open_hub_database(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    token = admin.add_station(db, "H99.07", counter=2).token
    try:
        with HubThread(create_app(db=db)) as hub:
            wizard = SetupWizard(Operations(bare), test_printer=lambda values, kind: "")
            qtbot.addWidget(wizard)
            wizard.show()
            _fill(wizard, {**OFFICE, "station.counter": "1", "officer.name": "Đặng Thị Thu Hà"})
            _fill(wizard, {"hub.url": hub.url, "hub.token": token})
            for _ in range(3):
                wizard.next()
            assert wizard.currentId() == 3
            wizard.button(QWizard.WizardButton.FinishButton).click()
            page = wizard.currentPage()
            assert wizard.result() != QWizard.DialogCode.Accepted
            assert "quầy số 2" in page.result.text() and "quầy số 1" in page.result.text()
            assert not bare.settings.is_set_up()
            wizard.back()
            wizard.back()
            _fill(wizard, {"station.counter": "2"})
            wizard.next()
            wizard.next()
            wizard.button(QWizard.WizardButton.FinishButton).click()
            assert wizard.result() == QWizard.DialogCode.Accepted, page.result.text()
            assert bare.settings.all()["hub.url"] == hub.url and bare.settings.is_set_up()
    finally:
        db.dispose()


def test_settings_dialog_checks_every_key_and_saves_all_or_nothing(qtbot, services):
    from counter_app.gui.settings_dialog import SettingsDialog
    from counter_app.services.settings import SETTING_HELP, SPECS

    dialog = SettingsDialog(Operations(services))  # no worker: its reads and its write run inline
    qtbot.addWidget(dialog)
    assert set(dialog.form.editors) == set(SPECS)  # every key README lists
    assert all(SETTING_HELP[key] for key in SPECS)
    dialog.form.set_value("officer.name", "Lò Văn Páo")
    dialog.form.set_value("office.morning", "11:30-07:30")
    dialog.save_button.click()
    assert "phải trước giờ kết thúc" in dialog.form.errors["office.morning"].text()
    assert services.settings.all()["officer.name"] != "Lò Văn Páo"  # nothing written
    dialog.form.set_value("office.morning", "07:00-11:30")
    dialog.save_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert services.settings.all()["officer.name"] == "Lò Văn Páo"
    assert services.settings.all()["office.morning"] == "07:00-11:30"


def test_settings_dialog_offers_each_policy_choice_with_its_values(qtbot, services):
    from PySide6.QtWidgets import QComboBox

    from counter_app.domain.policy import CHOICES
    from counter_app.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Operations(services))  # no worker: its reads and its write run inline
    qtbot.addWidget(dialog)
    combo = dialog.form.editors["reports.early_rule"]
    assert isinstance(combo, QComboBox) and combo.currentData() == "day"
    assert [combo.itemData(i) for i in range(combo.count())] == ["day", "moment"]
    assert combo.itemText(0).startswith("day (mặc định) — có kết quả trong ngày hẹn trả là đúng hạn")
    assert all(isinstance(dialog.form.editors[key], QComboBox) for key in CHOICES)
    dialog.form.set_value("reports.early_rule", "moment")
    dialog.form.set_value("reports.variant", "ii06a")
    dialog.save_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    values = services.settings.all()
    assert (values["reports.early_rule"], values["reports.variant"], values["due.hour_day"]) == (
        "moment",
        "ii06a",
        "sessions",
    )


def test_settings_dialog_goes_through_the_worker_and_the_window_hears_of_it(qtbot, services, worker):
    """As in the window: the values are read and written by jobs on the one worker, and a save is announced on the
    change notice (Changes.settings), which the window's station line and the scanner subscribe to."""
    from counter_app.gui.settings_dialog import SettingsDialog

    ops = Operations(services, worker)
    heard = []
    ops.sig_changed.connect(heard.append)
    dialog = SettingsDialog(ops)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()  # nothing to save before the values are read
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert dialog.form.value("officer.name") == services.settings.all()["officer.name"]
    dialog.form.set_value("officer.name", "Lò Văn Páo")
    with qtbot.waitSignal(dialog.accepted):
        dialog.save_button.click()
    assert services.settings.all()["officer.name"] == "Lò Văn Páo"
    assert [c.settings for c in heard] == [True] and heard[0].initiator is dialog


RUN_SCRIPT = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard
import counter_app.gui.app as gui_app
from counter_app.gui.main_window import MainWindow
from counter_app.gui.setup_wizard import SetupWizard
from counter_app.gui.accounts import FirstAdminDialog

state = {}

def poll():
    for w in QApplication.topLevelWidgets():
        if isinstance(w, SetupWizard) and w.isVisible() and "wizard" not in state:
            state["wizard"] = w.windowTitle()
            for form in (w.agency, w.counter):
                for key, value in {"agency.code": "H99.07", "agency.name": "Sở Tư pháp",
                                   "agency.governing_name": "UBND tỉnh Thử Nghiệm", "agency.place": "Thử Nghiệm",
                                   "station.counter": "4", "officer.name": "Đặng Thị Thu Hà"}.items():
                    if key in form.editors:
                        form.set_value(key, value)
            for _ in range(3):
                w.next()
            w.button(QWizard.WizardButton.FinishButton).click()
        if isinstance(w, FirstAdminDialog) and w.isVisible() and "admin" not in state:
            state["admin"] = w.display_name.text()  # the officer named in the wizard, offered as the admin's name
            w.username.setText("quantri")
            for field in (w.password, w.password_again):
                field.setText("quan-tri-2026")
            w.confirm()
        if isinstance(w, MainWindow) and w.isVisible() and w._store_label.text() == "Dữ liệu: tốt":
            QApplication.processEvents()
            focus = QApplication.focusWidget()
            state["focus"] = focus.objectName() if focus else ""
            w.close()
            QApplication.quit()
            return
    QTimer.singleShot(20, poll)

QTimer.singleShot(0, poll)
QTimer.singleShot(30_000, QApplication.quit)
code = gui_app.run(["counter-app"])
print("RESULT", code, state)
sys.exit(code)
"""


def test_a_fresh_store_opens_the_wizard_then_the_window(data_dir):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COUNTER_APP_DATA_DIR": str(data_dir)}
    result = subprocess.run([sys.executable, "-c", RUN_SCRIPT], capture_output=True, text=True, env=env, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "'wizard': 'Thiết lập máy trạm lần đầu" in result.stdout
    assert "'focus': 'procedureSearch'" in result.stdout, result.stdout  # the window keeps its first-key focus
    assert "'admin': 'Đặng Thị Thu Hà'" in result.stdout  # then the first admin was created
    from counter_app.services.app import open_services

    services = open_services(data_dir, load_demo=False)
    try:
        assert services.settings.is_set_up() and services.settings.station().counter == 4
        services.accounts.sign_in("quantri", "quan-tri-2026")
        assert [(a.username, a.display_name, a.role.value) for a in services.accounts.accounts()] == [
            ("quantri", "Đặng Thị Thu Hà", "admin")
        ]
    finally:
        services.close()


def test_a_plain_http_hub_off_this_pc_is_refused_unless_allowed_and_then_confirmed(qtbot, services, monkeypatch):
    """The settings dialog and the wizard's hub page apply `settings set`'s rule (issue 14): http:// to another
    machine is refused with the reason under hub.url; allowed (hub.allow_plain_http), it must be confirmed."""
    from PySide6.QtWidgets import QMessageBox

    from counter_app.gui.settings_dialog import SettingsDialog
    from counter_app.gui.setup_wizard import SetupWizard

    asked: list[str] = []
    answer = {"value": QMessageBox.StandardButton.No}

    def question(_parent, _title, text, *args):
        asked.append(text)
        return answer["value"]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    dialog = SettingsDialog(Operations(services))
    qtbot.addWidget(dialog)
    dialog.form.set_value("hub.url", "http://10.0.0.5:8765")
    dialog.save_button.click()
    assert "tới 10.0.0.5" in dialog.message.text() and "hub.allow_plain_http" in dialog.message.text()
    assert services.settings.all()["hub.url"] == "" and not asked
    dialog.form.set_value("hub.allow_plain_http", "yes")
    dialog.save_button.click()  # allowed, but the officer says No when warned
    assert asked and "không mã hoá tới 10.0.0.5" in asked[0] and services.settings.all()["hub.url"] == ""
    answer["value"] = QMessageBox.StandardButton.Yes
    dialog.save_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert services.settings.all()["hub.url"] == "http://10.0.0.5:8765"
    assert "10.0.0.5" in services.settings.hub_url_warning()

    services.settings.set_many({"hub.url": "", "hub.allow_plain_http": "no"})
    wizard = SetupWizard(Operations(services), test_printer=lambda values, kind: "")
    qtbot.addWidget(wizard)
    _fill(wizard, {"hub.url": "http://192.168.1.20", "hub.token": "cah_x"})
    page = wizard.page(3)
    assert not page.validatePage()
    assert "tới 192.168.1.20" in wizard.hub.errors["hub.url"].text()
