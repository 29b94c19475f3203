"""`counter-app privacy …`: applicants' personal data (docs/PRIVACY.md). A supervisor's commands, audited.

counter-app privacy purge [--dry-run]          erase personal values of dossiers closed more than
                                               privacy.retention_years years ago (codes, dates, counts kept)
counter-app privacy export --id-number SỐ [-o FILE]    a citizen's own data as JSON (the right of access)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from counter_app import cli_common as common
from counter_app.domain.validation import ValidationError


def cmd_privacy_purge(args: argparse.Namespace) -> int:
    services = common.open_services()
    try:
        result = services.privacy.purge(dry_run=args.dry_run)
    finally:
        services.close()
    when = f"kết thúc (trả kết quả, từ chối, dừng, rút) trước ngày {result.cutoff:%d/%m/%Y} (quá {result.years} năm)"
    if result.dry_run:
        print(f"Chạy thử: {len(result.codes)} hồ sơ {when} sẽ bị xoá thông tin cá nhân.")
        print(f"Phiếu hướng dẫn (mẫu 02) cấp trước ngày đó: {result.guidance}.")
        for code in result.codes:
            print(code)
        print("Chưa xoá gì. Chạy lại không có --dry-run để xoá.")
        return common.EXIT_OK
    print(
        f"Đã xoá thông tin cá nhân của {len(result.codes)} hồ sơ {when}; {result.guidance} phiếu hướng dẫn; "
        f"{result.files} tệp đính kèm (bản quét, tệp kết quả)."
    )
    for code in result.codes:
        print(code)
    print("Mã hồ sơ, ngày tháng, thủ tục và số liệu báo cáo được giữ nguyên. Đã ghi vào nhật ký kiểm tra.")
    return common.EXIT_OK


def cmd_privacy_export(args: argparse.Namespace) -> int:
    services = common.open_services()
    try:
        try:
            data = services.privacy.export(args.id_number)
        except ValidationError as exc:
            raise common.CliError(
                "Số giấy tờ (--id-number): " + "; ".join(e.message for e in exc.errors), common.EXIT_INVALID
            ) from None
    finally:
        services.close()
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if args.output:
        target = Path(args.output)
        if target.is_dir():
            raise common.CliError(f"{target} là một thư mục: ghi tên tệp, ví dụ -o du-lieu.json.", common.EXIT_INVALID)
        part = target.with_name(target.name + ".part")
        part.write_text(text + "\n", encoding="utf-8")
        part.replace(target)
        print(target)
    else:
        print(text)
    if not data["dossiers"]:
        print("Không có hồ sơ nào mang số giấy tờ này trên máy trạm.", file=sys.stderr)
    return common.EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    privacy = sub.add_parser(
        "privacy",
        help="dữ liệu cá nhân: xoá khi hết thời hạn lưu trữ, trích xuất cho công dân (cán bộ phụ trách)",
        description="Xem docs/PRIVACY.md: dữ liệu cá nhân lưu ở đâu, bao lâu, ai được xem.",
    )
    privacy_sub = privacy.add_subparsers(dest="privacy_command", required=True)
    purge = privacy_sub.add_parser(
        "purge",
        help="xoá thông tin cá nhân của hồ sơ đã kết thúc quá privacy.retention_years năm (giữ mã, ngày, số liệu)",
    )
    purge.add_argument("--dry-run", action="store_true", help="chỉ liệt kê số hồ sơ và mã hồ sơ sẽ bị xoá")
    purge.set_defaults(func=cmd_privacy_purge)
    export = privacy_sub.add_parser(
        "export", help="xuất toàn bộ dữ liệu của một công dân theo số giấy tờ ra JSON (quyền được tiếp cận dữ liệu)"
    )
    export.add_argument("--id-number", required=True, metavar="SỐ", help="số CCCD, CMND hoặc hộ chiếu")
    export.add_argument("-o", "--output", metavar="FILE", help="ghi ra tệp thay vì đầu ra chuẩn")
    export.set_defaults(func=cmd_privacy_export)
