"""What the window does not import (issue 15 item 1: resident memory ≤ 150 MB over a long day).

Every library a process imports stays resident until it ends. Measured on 2026-12-04 (docs/BENCHMARKS.md, "where
the start's memory goes"): `holidays` ~20 MB (its import loads all 251 countries; the due date of every intake
asked it), Alembic with Mako and Pygments ~13 MB (needed only when the store's schema is migrated), reportlab with
PIL ~15 MB before the first receipt, httpx (with click and Pygments) ~6 MB on a station that has no hub.
`cryptography` is imported at start on purpose: the station's slip-signing key is read when the store is opened.
2026-12-05: xml.sax.saxutils (for three string replacements) imported urllib.request, http.client and email
(~2 MB); printing/markup.py replaces it. Each test runs the real code in a fresh interpreter and reads
sys.modules, so an eager import added anywhere on the way fails it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CERT_CODE, MINI_CATALOGUE, set_up_station

ROOT = Path(__file__).resolve().parent.parent

# Not imported by the window's start, once it is shown with the store checked and the catalogue read.
NOT_AT_START = ("holidays", "alembic", "reportlab", "PIL", "barcode", "httpx", "pygments", "xml.sax")
# Not imported all day long, intakes and their receipts included (on a store at the head revision).
NEVER_FOR_AN_INTAKE = ("holidays", "alembic", "mako", "pygments", "xml.sax", "urllib.request", "http.client")

WINDOW_SCRIPT = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import counter_app.gui.app as gui_app
from counter_app.gui.main_window import MainWindow

state = {}

def poll():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if windows and windows[0]._store_label.text() == "Dữ liệu: tốt" and windows[0].intake_form.picker.procedures:
        state["modules"] = sorted(sys.modules)
        windows[0].close()
        QApplication.quit()
    else:
        QTimer.singleShot(20, poll)

QTimer.singleShot(0, poll)
QTimer.singleShot(30_000, QApplication.quit)
code = gui_app.run(["counter-app"])
print("MODULES", json.dumps(state.get("modules")))
sys.exit(code)
"""

INTAKE_SCRIPT = r"""
import json, sys
from datetime import datetime
from pathlib import Path
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.services.app import open_services
from counter_app.services.intake import IntakeRequest

morning = datetime(2026, 11, 25, 9, 30, tzinfo=OFFICE_TZ)  # a Wednesday, office hours
services = open_services(Path(sys.argv[1]), load_demo=False, clock=lambda: morning)
for name in ("Nguyễn Thị Hương", "Trần Văn Hải"):
    code = services.intake.intake(IntakeRequest(procedure_code=sys.argv[2], applicant_name=name)).code
    assert services.dossiers.receipt_pdf(code, "A5").startswith(b"%PDF")
services.close()
print("MODULES", json.dumps(sorted(sys.modules)))
"""


def _modules(script: str, *args: str, data_dir: Path) -> set[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COUNTER_APP_DATA_DIR": str(data_dir)}
    result = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("MODULES "))
    modules = json.loads(line.removeprefix("MODULES "))
    assert modules, "the window never became ready"
    return set(modules)


@pytest.fixture
def store(data_dir: Path) -> Path:
    """A store as the counter finds it in the morning: at the head revision, set up, with its catalogue."""
    from counter_app.services.app import open_services

    services = open_services(data_dir, load_demo=False)
    services.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
    set_up_station(services.settings)
    services.close()
    return data_dir


def _imported(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return [name for name in packages if name in modules]


@pytest.mark.gui
def test_the_window_starts_without_what_only_printing_or_a_migration_needs(store):
    modules = _modules(WINDOW_SCRIPT, data_dir=store)
    assert "sqlalchemy" in modules and "counter_app.gui.main_window" in modules  # the check read a real start
    assert _imported(modules, NOT_AT_START) == []
    assert _imported(modules, ("PySide6.QtPdf", "PySide6.QtPrintSupport")) == []


def test_intakes_and_their_receipts_do_not_import_holidays_or_alembic(store):
    modules = _modules(INTAKE_SCRIPT, str(store), CERT_CODE, data_dir=store)
    assert "reportlab" in modules and "counter_app.domain.due_dates" in modules  # receipts were really made
    assert _imported(modules, NEVER_FOR_AN_INTAKE) == []
