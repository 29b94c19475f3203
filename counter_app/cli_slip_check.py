"""`counter-app verify-slip TEXT`: whether the QR text of a receipt or return slip is genuine (domain/slip_code.py).

Exit 0 for a genuine slip, 1 otherwise, saying why in Vietnamese (malformed, unknown station, bad signature, the
key of another agency, the appointment changed since). Offline: the station's own keys and the keys of the agency's
other stations it has pulled from the hub at its last sync; the dossier as this station knows it.
"""

from __future__ import annotations

import argparse
import json
import sys

from counter_app import cli_common
from counter_app.cli_common import EXIT_ERROR, EXIT_OK


def cmd_verify_slip(args: argparse.Namespace) -> int:
    text = args.text if args.text != "-" else sys.stdin.read()
    services = cli_common.open_services()
    try:
        verdict = services.slip_signer.verify(text)
    finally:
        services.close()
    if args.json:
        print(json.dumps(verdict.as_dict(), ensure_ascii=False, indent=2))
    elif verdict.genuine:
        print(verdict.message)
    else:
        print(f"KHÔNG HỢP LỆ: {verdict.message}", file=sys.stderr)
    return EXIT_OK if verdict.genuine else EXIT_ERROR


def add_commands(sub) -> None:
    verify = sub.add_parser(
        "verify-slip",
        help="kiểm tra mã QR trên giấy tiếp nhận hoặc phiếu trả kết quả là thật hay giả (0: thật, 1: không)",
        description=(
            "Dán nội dung đầu đọc QR trả về (dạng CA1|MÃ HỒ SƠ|yyyymmdd|khoá|chữ ký), hoặc «-» để đọc từ stdin.\n"
            "Kiểm tra chữ ký của máy trạm (không cần mạng) và ngày hẹn so với hồ sơ trên máy này."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verify.add_argument("text", metavar="TEXT", help="nội dung mã QR (đặt trong ngoặc kép: có ký tự «|»)")
    verify.add_argument("--json", action="store_true", help="kết quả dạng JSON (genuine, reason, message, …)")
    verify.set_defaults(func=cmd_verify_slip)
