"""The whole counter window on a real X display, for tests/test_gui_x11.py (run as a subprocess).

    python tests/x11_driver.py DATA_DIR COMMAND_FILE

Prints `CODE <dossier code>` (a dossier to scan) and `READY` once the window is up with its catalogue. The test
then types with xdotool and writes a command into COMMAND_FILE: `report` prints `SEARCH <text>`, `PROCEDURE <code>`,
`OPENED <code>` and `END`; `quit` closes the window.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main() -> int:
    from PySide6.QtCore import QTimer

    from counter_app.domain.calendar import OFFICE_TZ
    from counter_app.gui.app import build_main_window, create_application
    from counter_app.gui.worker import Worker
    from counter_app.services.app import open_services
    from counter_app.services.intake import IntakeRequest

    data_dir, command_file = Path(sys.argv[1]), Path(sys.argv[2])
    app = create_application(sys.argv[:1])
    moment = datetime(2026, 11, 25, 9, 30, tzinfo=OFFICE_TZ)
    services = open_services(data_dir, load_demo=False, clock=lambda: moment)
    services.catalogue.ensure_demo_catalogue(HERE / "data" / "mini_catalogue.json")
    code = services.intake.intake(
        IntakeRequest(procedure_code="1.000002.000.00.00.H61", applicant_name="Lê Văn Tám")
    ).code
    print("CODE", code, flush=True)
    worker = Worker()
    window = build_main_window(services, worker, None)
    window.resize(1300, 720)
    window.show()
    form = window.intake_form

    def ready() -> None:
        if form.picker.procedures and window.isActiveWindow():
            print("READY", flush=True)
        else:
            QTimer.singleShot(100, ready)

    def poll() -> None:
        if command_file.exists():
            command = command_file.read_text().strip()
            command_file.unlink()
            if command == "quit":
                window.close()
                app.quit()
                return
            detail = window.tracking.controller.detail_dialog
            print("SEARCH", form.ui.procedureSearch.text(), flush=True)
            print("PROCEDURE", form.procedure.code if form.procedure else "", flush=True)
            print("OPENED", detail.code if detail is not None and detail.isVisible() else "", flush=True)
            print("END", flush=True)
        QTimer.singleShot(50, poll)

    QTimer.singleShot(0, ready)
    QTimer.singleShot(0, poll)
    try:
        return app.exec()
    finally:
        worker.shutdown()
        services.close()


if __name__ == "__main__":
    sys.exit(main())
