"""The one road from a widget to the services (gui/operations.py): typed operations on the one worker, callbacks
of closed windows dropped, the default error presenter, one change notice — and a check that no other gui module
reaches a service by itself."""

from __future__ import annotations

import ast
import logging
from dataclasses import fields
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.domain.event_kinds import EventRequest, HandOver, Refuse
from counter_app.domain.validation import ValidationError
from counter_app.gui.operations import Changes, Operations
from counter_app.services.app import AppServices
from counter_app.services.intake import IntakeRequest
from tests.conftest import CERT_CODE, XRAY_CODE

pytestmark = pytest.mark.gui

GUI = Path(__file__).resolve().parents[1] / "counter_app" / "gui"
# The attributes a service is reached by: AppServices' fields (bar the database and the calendar function, which are
# not services) and the names screens used to keep them under before the operations existed.
SERVICE_NAMES = {f.name for f in fields(AppServices)} - {"db", "calendar"} | {"listing", "sync", "reports"}
ROAD = {"operations.py"}  # the one module that touches services
ROOT = {"app.py"}  # opens the services and the worker, builds the Operations (and SyncService); calls no service
# Open exceptions, each with its reason; the list must only shrink (docs/DESIGN.md, "The one road").
EXCEPTIONS: dict[str, str] = {}


def violations(source: str, module: str) -> list[str]:
    """Where `source` (a gui module) reaches a service other than through the operations."""
    found = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Attribute):
            owner = node.value
            name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
            if name.lstrip("_") in SERVICE_NAMES:
                found.append(f"{module}:{line}: {name}.{node.attr}")
            if node.attr == "submit":
                found.append(f"{module}:{line}: .submit (a job on the worker outside the operations)")
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module in ("counter_app.gui.worker", "counter_app.gui.jobs") and module not in ROOT:
                found.append(f"{module}:{line}: imports {node.module}")
            if node.module.startswith("counter_app.services") and module not in ROOT:
                found += [f"{module}:{line}: imports {a.name}" for a in node.names if a.name.endswith("Service")]
    return found


def test_the_check_catches_a_widget_calling_a_service():
    """The check below can fail: each of these is how a widget used to reach the services."""
    snippets = [
        "self._runner.run(self._lifecycle.record, request)",
        "services.lifecycle.record(request)",
        "self._submit(self._catalogue.procedures, today)",
        "rows = self.services.listing.page(filters)",
        "worker.submit(fn)",
        "from counter_app.services.catalogue import CatalogueService",
        "from counter_app.gui.jobs import JobRunner",
    ]
    for snippet in snippets:
        assert violations(snippet, "widget.py"), snippet
    assert violations("self.ops.record_event(request).success(cb).run(self)", "widget.py") == []


def test_no_gui_module_reaches_a_service_but_through_the_operations():
    modules = [p for p in GUI.glob("*.py") if p.name not in ROAD and p.name not in EXCEPTIONS]
    assert len(modules) > 15
    assert all(violations((GUI / name).read_text(encoding="utf-8"), name) for name in EXCEPTIONS), "now clean: remove"
    found = []
    for path in modules:
        found += violations(path.read_text(encoding="utf-8"), path.name)
    assert found == []


# --- the operations at work ----------------------------------------------------------------------------------


def _intake(services, name: str = "Nguyễn Thị Hương") -> str:
    return services.intake.intake(IntakeRequest(procedure_code=CERT_CODE, applicant_name=name)).code


def test_an_operation_runs_on_the_worker_and_announces_what_it_changed(qtbot, services, worker):
    ops = Operations(services, worker)
    code = _intake(services)
    owner = QWidget()
    qtbot.addWidget(owner)
    threads, results, notices = [], [], []
    ops.sig_changed.connect(notices.append)

    def record(s):
        threads.append(QThread.currentThread())
        return s.lifecycle.record(EventRequest(code, HandOver(to_unit="Phòng Quản lý chuyên ngành")))

    op = ops.op("Chưa ghi nhận được", record, lambda r: Changes(dossiers=frozenset({r.code})))
    op.success(results.append).run(owner)
    ops.received_on().success(results.append).run(owner)  # queued after the write: it sees it
    qtbot.waitUntil(lambda: len(results) == 2, timeout=10_000)
    assert threads == [worker.thread_object]
    assert results[0].status == "in_progress"
    assert [row.code for row in results[1]] == [code] and results[1][0].status == "in_progress"
    assert notices == [Changes(dossiers=frozenset({code}))] and notices[0].initiator is owner


def test_a_closed_window_gets_no_callback_but_the_others_still_hear_of_the_change(qtbot, services, worker):
    ops = Operations(services, worker)
    code = _intake(services)
    dialog = QWidget()
    called, notices = [], []
    ops.sig_changed.connect(notices.append)
    ops.record_event(EventRequest(code, Refuse(reason="Không thuộc thẩm quyền"))).success(called.append).run(dialog)
    dialog.deleteLater()  # the officer closed the window while the job was queued
    qtbot.waitUntil(lambda: bool(notices), timeout=10_000)
    assert called == [] and notices[0].dossiers == {code}
    assert services.dossiers.detail(code).status == "refused"


def _boxes() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "operationError" and w.isVisible()]


def test_the_default_presenter_says_a_refusal_in_vietnamese_and_logs_a_fault(qtbot, services, worker, caplog):
    from counter_app.gui import errors

    ops = Operations(services, worker)
    code = _intake(services)
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    caplog.set_level(logging.INFO)
    ops.record_event(EventRequest(code, Refuse(reason="  "))).run(window)  # no failure callback of its own
    qtbot.waitUntil(lambda: bool(_boxes()), timeout=10_000)
    box = _boxes()[0]
    assert box.windowTitle() == "Chưa ghi nhận được"
    assert box.message_label.text() == "Lý do: không được để trống."
    assert any(r.getMessage() == "shown to the officer: Chưa ghi nhận được" for r in caplog.records)
    box.close()
    qtbot.waitUntil(lambda: not _boxes(), timeout=5_000)

    def broken(_services):
        raise RuntimeError("ổ đĩa hỏng")

    ops.op("Không đọc được danh sách", broken).run(window)
    qtbot.waitUntil(lambda: bool(_boxes()), timeout=10_000)
    box = _boxes()[0]
    assert box.windowTitle() == errors.CRASH_TITLE and "nhật ký" in box.message_label.text()
    assert "ổ đĩa" not in box.message_label.text()  # the technical line has it; the message speaks to the officer
    fault = [r for r in caplog.records if r.exc_info and isinstance(r.exc_info[1], RuntimeError)]
    assert fault and fault[-1].levelno >= logging.WARNING  # the traceback is in the log
    box.close()


def test_a_failure_callback_replaces_the_presenter(qtbot, services, worker):
    ops = Operations(services, worker)
    code = _intake(services)
    owner = QWidget()
    qtbot.addWidget(owner)
    errors = []
    ops.record_event(EventRequest(code, Refuse())).failure(errors.append).run(owner)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], ValidationError) and not _boxes()


def test_screens_refresh_on_the_change_notice_not_on_each_other(qtbot, services, worker, tmp_path):
    """The catalogue screen no longer tells the main window to reload: the window hears the notice."""
    from PySide6.QtCore import QSettings

    from counter_app.gui.main_window import MainWindow

    ops = Operations(services, worker)
    window = MainWindow(ops=ops, preferences=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)

    def offered() -> set[str]:
        return {p.code for p in window.intake_form.picker.procedures}

    qtbot.waitUntil(lambda: XRAY_CODE in offered(), timeout=10_000)
    before = offered()
    ops.retire_procedure(XRAY_CODE).run(None)  # as the catalogue screen does
    qtbot.waitUntil(lambda: XRAY_CODE not in offered(), timeout=10_000)
    assert offered() == before - {XRAY_CODE}
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
