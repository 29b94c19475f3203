"""`counter-app export-portal` and `counter-app portal-mapping`: the hand-over to the national public service portal
(services/portal.py, docs/PORTAL.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from counter_app import cli_common
from counter_app.cli_common import EXIT_INVALID, EXIT_OK, CliError


def cmd_export_portal(args: argparse.Namespace) -> int:
    from counter_app.domain.portal import MappingError

    if not args.output.strip():
        raise CliError("--output: thiếu thư mục ghi các tệp.", EXIT_INVALID)
    date_from = cli_common.parse_day(args.date_from, "--from")
    date_to = cli_common.parse_day(args.date_to, "--to")
    mapping = Path(args.mapping) if args.mapping else None
    if mapping is not None and not mapping.is_file():
        raise CliError(f"--mapping: không tìm thấy tệp {mapping}.", cli_common.EXIT_NOT_FOUND)
    services = cli_common.open_services()
    try:
        try:
            result = services.portal.export(date_from, date_to, Path(args.output), mapping)
        except (MappingError, ValueError) as exc:
            raise CliError(str(exc), EXIT_INVALID) from None
    finally:
        services.close()
    for path in result.files:
        print(path)
    print(f"Đã xuất {result.dossiers} bản ghi hồ sơ vào {len(result.files)} tệp.", file=sys.stderr)
    return EXIT_OK


def cmd_portal_mapping_import(args: argparse.Namespace) -> int:
    from counter_app.domain.portal import MappingError

    path = Path(args.file)
    if not args.file.strip() or not path.is_file():
        raise CliError(f"Không tìm thấy tệp {path}.", cli_common.EXIT_NOT_FOUND)
    services = cli_common.open_services()
    try:
        try:
            mapping = services.portal.import_mapping(path)
        except MappingError as exc:
            raise CliError(str(exc), EXIT_INVALID) from None
    finally:
        services.close()
    print(
        f"Đã dùng bảng chuyển mã {path.name}: {len(mapping.procedures)} mã thủ tục, {len(mapping.fields)} mã lĩnh vực, "
        f"{len(mapping.statuses)} trạng thái."
    )
    return EXIT_OK


def cmd_portal_mapping_export(args: argparse.Namespace) -> int:
    if not args.file.strip():
        raise CliError("Thiếu tên tệp để ghi bảng chuyển mã.", EXIT_INVALID)
    services = cli_common.open_services()
    try:
        services.portal.export_mapping(Path(args.file))
    finally:
        services.close()
    print(args.file)
    return EXIT_OK


def add_commands(sub) -> None:
    export = sub.add_parser(
        "export-portal",
        help="xuất hồ sơ và tiến trình xử lý sang Cổng Dịch vụ công quốc gia: mỗi ngày một tệp JSON",
        description=(
            "Ghi vào thư mục -o một tệp portal-<mã cơ quan>-<yyyymmdd>.json cho mỗi ngày, gồm các hồ sơ có bước\n"
            "xử lý trong ngày đó (như cuối ngày), theo tên trường của Cổng DVC quốc gia (MaHoSo, MaTTHC,\n"
            "NgayTiepNhan, NgayHenTra, TrangThaiHoSo…; thời gian yyyyMMddHHmmss giờ Việt Nam). Mã thủ tục, trạng\n"
            "thái… chuyển theo bảng chuyển mã (counter-app portal-mapping). Không có dữ liệu cá nhân. Xem docs/PORTAL.md."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument(
        "--from", dest="date_from", required=True, metavar="DATE", help="từ ngày (YYYY-MM-DD hoặc dd/mm/yyyy)"
    )
    export.add_argument("--to", dest="date_to", required=True, metavar="DATE", help="đến ngày, tính cả ngày này")
    export.add_argument("-o", "--output", required=True, metavar="DIR", help="thư mục ghi các tệp (tạo nếu chưa có)")
    export.add_argument(
        "--mapping", metavar="FILE", help="dùng bảng chuyển mã này (JSON, chỉ phần thay đổi) cho lần xuất này"
    )
    export.set_defaults(func=cmd_export_portal)

    mapping = sub.add_parser("portal-mapping", help="bảng chuyển mã thủ tục, trạng thái… sang mã của Cổng DVC quốc gia")
    mapping_sub = mapping.add_subparsers(dest="portal_mapping_command", required=True)
    imp = mapping_sub.add_parser(
        "import", help="kiểm tra rồi dùng tệp JSON này làm bảng chuyển mã của cơ quan (chỉ cần phần thay đổi)"
    )
    imp.add_argument("file", metavar="FILE")
    imp.set_defaults(func=cmd_portal_mapping_import)
    exp = mapping_sub.add_parser("export", help="ghi bảng chuyển mã đang dùng ra tệp JSON (để sửa rồi import lại)")
    exp.add_argument("file", metavar="FILE")
    exp.set_defaults(func=cmd_portal_mapping_export)
