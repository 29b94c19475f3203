"""`counter-app self-test`: what an installer or CI checks on the frozen program, in a throw-away store.

Opens a new store in a temporary folder (never the office's), sets a station up, receives a dossier from the
bundled demo catalogue, renders its receipt (fonts, barcode), computes a due date across a holiday (the
`holidays` catalogues are data files), prints Vietnamese text, and reports Python's UTF-8 mode and the trust
store. Exit 0 when all went; one line per check either way.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import datetime
from pathlib import Path


def cmd_self_test(args: argparse.Namespace) -> int:
    from counter_app import __version__
    from counter_app.domain.calendar import OFFICE_TZ
    from counter_app.services.app import open_services
    from counter_app.services.intake import IntakeRequest

    failures = 0

    def report(ok: bool, text: str) -> None:
        nonlocal failures
        failures += 0 if ok else 1
        print(f"{'tốt ' if ok else 'LỖI '} {text}", flush=True)

    print(f"counter-app {__version__} — tự kiểm tra (frozen: {bool(getattr(sys, 'frozen', False))})")
    if getattr(sys, "frozen", False):
        report(sys.flags.utf8_mode == 1, f"Python UTF-8 mode: {sys.flags.utf8_mode}")
    with tempfile.TemporaryDirectory(prefix="counter-app-self-test-") as folder:
        services = open_services(Path(folder))
        try:
            services.settings.set_many(
                {
                    "agency.code": "H00.01",
                    "agency.name": "Cơ quan tự kiểm tra",
                    "agency.governing_name": "",
                    "agency.place": "Tự kiểm tra",
                    "station.counter": "1",
                    "officer.name": "Đặng Thị Thu Hà",
                }
            )
            report(services.settings.is_set_up(), "thiết lập máy trạm")
            procedure = services.catalogue.procedures()[0]
            result = services.intake.intake(
                IntakeRequest(
                    procedure_code=procedure.code,
                    applicant_name="Nguyễn Thị Hương",
                    received_at=datetime(2026, 4, 24, 9, 0, tzinfo=OFFICE_TZ),
                )
            )
            report(result.code.startswith("H00.01-260424-1"), f"tiếp nhận hồ sơ {result.code}")
            pdf = services.dossiers.receipt_pdf(result.code, None)
            report(pdf.startswith(b"%PDF") and len(pdf) > 5000, f"giấy tiếp nhận PDF ({len(pdf)} byte)")
            due = services.dossiers.detail(result.code).due_at
            report(due.date() > datetime(2026, 4, 30).date(), f"hẹn trả qua ngày lễ 30/4, 1/5: {due:%d/%m/%Y}")
            from counter_app.sync.client import tls_context

            report(type(tls_context()).__module__.startswith("truststore"), "TLS theo kho chứng thư của hệ điều hành")
        finally:
            services.close()
    print("Tiếng Việt: ắ ằ ẳ ẵ ặ đ Đ ơ ư — Nguyễn Thị Hương")
    print("Tự kiểm tra: tốt" if not failures else f"Tự kiểm tra: {failures} lỗi")
    return 0 if not failures else 1


def add_commands(sub) -> None:
    test = sub.add_parser("self-test", help="tự kiểm tra chương trình (kho dữ liệu tạm, không động đến dữ liệu thật)")
    test.set_defaults(func=cmd_self_test)
