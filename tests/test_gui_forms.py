"""The committed forms (counter_app/gui/forms/ui_*.py) are exactly what ui/*.ui compiles to."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.gui import build_forms

FORMS = build_forms.forms()


def test_every_expected_form_exists():
    names = {path.name for path in FORMS}
    assert {"main_window.ui", "intake_form.ui"} <= names


@pytest.mark.parametrize("ui_file", FORMS, ids=lambda p: p.name)
def test_committed_form_matches_regenerated(ui_file: Path, tmp_path: Path):
    regenerated = tmp_path / build_forms.target_for(ui_file).name
    regenerated.write_text(build_forms.compile_form(ui_file), encoding="utf-8")
    committed = build_forms.target_for(ui_file)
    assert committed.exists(), f"{committed} missing: run {build_forms.REGENERATE_COMMAND}"
    assert build_forms.normalise(committed.read_text(encoding="utf-8")) == build_forms.normalise(
        regenerated.read_text(encoding="utf-8")
    ), f"{committed.name} is stale: run {build_forms.REGENERATE_COMMAND}"


@pytest.mark.parametrize("ui_file", FORMS, ids=lambda p: p.name)
def test_generated_form_says_do_not_edit(ui_file: Path):
    head = build_forms.target_for(ui_file).read_text(encoding="utf-8").splitlines()[:2]
    assert f"ui/{ui_file.name}" in head[0] and "do not edit" in head[0]
    assert build_forms.REGENERATE_COMMAND in head[1]


def test_forms_import_and_build(qtbot):
    from PySide6.QtWidgets import QMainWindow, QWidget

    from counter_app.gui.forms.ui_intake_form import Ui_IntakeForm
    from counter_app.gui.forms.ui_main_window import Ui_MainWindow

    form, window = QWidget(), QMainWindow()
    qtbot.addWidget(form)
    qtbot.addWidget(window)
    Ui_IntakeForm().setupUi(form)
    Ui_MainWindow().setupUi(window)
    assert form.findChild(QWidget, "procedureSearch") is not None
    assert window.findChild(QWidget, "todayTable") is not None
