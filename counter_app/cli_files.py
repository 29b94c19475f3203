"""`counter-app attach …` and `counter-app files …`: digitised papers and e-results from scripts.

    counter-app attach CODE FILE [--document SỐ|TÊN]      a scan of one of the dossier's papers
    counter-app attach CODE FILE --result                 the result's file (once the dossier has its result)
    counter-app files CODE [--json]                       the files attached to a dossier
    counter-app files --verify                            check every file in the store against its hash
    counter-app files --open SHA256 [-o FILE]             a file's bytes, checked, written out

`counter-app intake … --scan [SỐ|TÊN=]FILE` attaches scans at intake, in the intake's transaction.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from counter_app import cli_common as common
from counter_app.domain.files import FileRole, human_size


def cmd_attach(args: argparse.Namespace) -> int:
    services = common.open_services()
    try:
        outcome = services.files.attach(
            args.code,
            Path(args.file),
            role=FileRole.RESULT if args.result else FileRole.COMPONENT,
            document=args.document,
        )
    finally:
        services.close()
    ref = outcome.file
    print(f"Đã đính kèm {ref.filename} ({human_size(ref.size)}, SHA-256 {ref.sha256}) vào hồ sơ {outcome.record.code}.")
    return common.EXIT_OK


def cmd_files(args: argparse.Namespace) -> int:
    services = common.open_services()
    try:
        if args.verify:
            return _verify(services)
        if args.open:
            path = services.files.open_checked(args.open.strip().lower(), args.code)
            if args.output:
                shutil.copyfile(path, args.output)
                print(args.output)
                return common.EXIT_OK
            sys.stdout.flush()
            getattr(sys.stdout, "buffer", sys.stdout).write(path.read_bytes())
            return common.EXIT_OK
        if not args.code:
            raise common.CliError("Cần mã hồ sơ (counter-app files MÃ), hoặc --verify, hoặc --open SHA256.", 2)
        files = services.files.files_of(args.code)
        present = {f.sha256: services.files.store.has(f.sha256) for f in files}
    finally:
        services.close()
    if args.json:
        print(json.dumps([{**f.to_json(), "here": present[f.sha256]} for f in files], ensure_ascii=False, indent=2))
        return common.EXIT_OK
    if not files:
        print("Hồ sơ chưa có tệp đính kèm.")
    for f in files:
        where = "" if present[f.sha256] else " — không có trên máy này"
        paper = f" — {f.document}" if f.document else ""
        print(
            f"{f.attached_at:%d/%m/%Y %H:%M}  {f.role_label}{paper}: {f.filename} ({human_size(f.size)}) "
            f"{f.sha256[:12]}…{where}"
        )
    return common.EXIT_OK


def _verify(services) -> int:
    damaged = services.files.verify()
    total = services.files.store.count()
    for item in damaged:
        print(f"HỎNG: {item.path}: {item.problem}", file=sys.stderr)
    if damaged:
        print(f"{len(damaged)}/{total} tệp hỏng. Lấy lại từ bản sao lưu (thư mục backups/files).", file=sys.stderr)
        return common.EXIT_ERROR
    print(f"{total} tệp đính kèm: tất cả khớp mã băm.")
    return common.EXIT_OK


def add_commands(sub) -> None:
    attach = sub.add_parser(
        "attach",
        help="đính kèm tệp quét (PDF/JPEG/PNG) của một giấy tờ, hoặc tệp kết quả, vào hồ sơ",
    )
    attach.add_argument("code", metavar="MÃ", help="mã hồ sơ")
    attach.add_argument("file", metavar="TỆP", help="tệp PDF, JPEG hoặc PNG")
    attach.add_argument(
        "--document", metavar="SỐ|TÊN", help="giấy tờ được quét: số thứ tự trong hồ sơ hoặc tên (bỏ trống: chung)"
    )
    attach.add_argument("--result", action="store_true", help="đây là tệp kết quả giải quyết (kết quả điện tử)")
    attach.set_defaults(func=cmd_attach)

    files = sub.add_parser("files", help="xem tệp đính kèm của hồ sơ; kiểm tra toàn bộ tệp đính kèm (--verify)")
    files.add_argument("code", metavar="MÃ", nargs="?", help="mã hồ sơ")
    files.add_argument("--json", action="store_true")
    files.add_argument("--verify", action="store_true", help="kiểm tra mọi tệp đính kèm khớp mã băm (exit 1 nếu hỏng)")
    files.add_argument("--open", metavar="SHA256", help="lấy nội dung một tệp (đã kiểm tra mã băm)")
    files.add_argument("-o", "--output", metavar="TỆP", help="với --open: ghi ra tệp này")
    files.set_defaults(func=cmd_files)
