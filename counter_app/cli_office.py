"""`counter-app` sub-commands for the office's rules: catalogue import/export, the office calendar, due dates.

    counter-app catalogue import FILE [--dry-run]    .xlsx or .json; all or nothing, errors by row and column
    counter-app catalogue export FILE                the current version of every procedure in use
    counter-app calendar show YEAR [--json]          the office calendar of a year, and where it comes from
    counter-app calendar import FILE                 a yearly file (resources/calendar format) replaces that year
    counter-app calendar export YEAR FILE
    counter-app due-date --procedure CODE [--received-at ISO-8601] [--json]

Results go to stdout; warnings ("Cảnh báo: …") and errors ("Lỗi: …") to stderr, with a non-zero exit code on error.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from pathlib import Path

from counter_app import cli_common as common


def _warn(message: str) -> None:
    print(f"Cảnh báo: {message}", file=sys.stderr)


# --- catalogue --------------------------------------------------------------------------------------------


def cmd_catalogue_import(args: argparse.Namespace) -> int:
    from counter_app.domain.catalogue_io import CatalogueFileError

    services = common.open_services()
    try:
        try:
            summary = services.catalogue.import_file(Path(args.file), dry_run=args.dry_run)
        except CatalogueFileError as exc:
            for issue in exc.issues:
                print(f"Lỗi: {issue}", file=sys.stderr)
            raise common.CliError(
                f"Không nhập gì: tệp {Path(args.file).name} có {len(exc.issues)} lỗi. Sửa các lỗi trên rồi nhập lại.",
                common.EXIT_INVALID,
            ) from None
        print(summary.describe())
        for label, codes in (
            ("Thủ tục mới", summary.added),
            ("Phiên bản mới", summary.new_versions),
            ("Lĩnh vực mới", summary.fields_added),
            ("Lĩnh vực đổi tên", summary.fields_renamed),
        ):
            if codes:
                print(f"{label} ({len(codes)}): {', '.join(codes)}")
        return common.EXIT_OK
    finally:
        services.close()


def cmd_catalogue_export(args: argparse.Namespace) -> int:
    from counter_app.domain.catalogue_io import CatalogueFileError

    services = common.open_services()
    try:
        try:
            count = services.catalogue.export_file(Path(args.file), agency=services.settings.get("agency.name"))
        except CatalogueFileError as exc:
            raise common.CliError(str(exc.issues[0]), common.EXIT_INVALID) from None
        print(f"Đã xuất {count} thủ tục ra {args.file}")
        return common.EXIT_OK
    finally:
        services.close()


# --- calendar ---------------------------------------------------------------------------------------------


def cmd_calendar_show(args: argparse.Namespace) -> int:
    from counter_app.domain.calendar import DAY_KIND_LABELS, WEEKDAY_NAMES, statutory_holiday
    from counter_app.services.calendar import entry_to_json

    common.check_year(args.year, "NĂM")
    services = common.open_services()
    try:
        view = services.office_calendar.year(args.year)
    finally:
        services.close()
    if view.warning:
        _warn(view.warning)
    if view.provisional_days:
        _warn(
            "Lịch có ngày nghỉ dự kiến, chưa có thông báo chính thức: "
            + ", ".join(d.strftime("%d/%m/%Y") for d in view.provisional_days)
        )
    if args.json:
        print(
            json.dumps(
                {
                    "year": view.year,
                    "origin": view.origin,
                    "origin_text": view.origin_text,
                    "loaded": view.loaded,
                    "description": view.description,
                    "office_hours": view.hours.describe(),
                    "cutoff": view.hours.cutoff.strftime("%H:%M") if view.hours.cutoff else None,
                    "entries": [entry_to_json(e) for e in view.entries],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return common.EXIT_OK
    print(f"Lịch làm việc năm {view.year} — {view.origin_text}")
    cutoff = f"; giờ tiếp nhận cuối {view.hours.cutoff:%H:%M}" if view.hours.cutoff else ""
    print(f"Giờ làm việc: {view.hours.describe()}{cutoff}")
    if not view.entries:
        print("(đơn vị chưa có ngày nghỉ hay ngày làm bù nào của năm này)")
    for e in view.entries:
        mark = " (dự kiến)" if e.provisional and "dự kiến" not in e.name.lower() else ""
        print(
            f"{e.day:%d/%m/%Y}  {WEEKDAY_NAMES[e.day.weekday()]:<9} {DAY_KIND_LABELS[e.kind]:<14} {e.name}{mark}"
            f"  — {e.source}"
        )
    listed = {e.day for e in view.entries}
    statutory = [
        (day, name)
        for day in (date(args.year, 1, 1) + timedelta(days=i) for i in range(366))
        if day.year == args.year and day not in listed and (name := statutory_holiday(day))
    ]
    if view.loaded:
        # The office's calendar is the authority for its year: the package's guesses are not used at all.
        print(
            f"Lịch trên quyết định mọi ngày nghỉ của năm {args.year}; danh sách ngày lễ tự động không dùng cho năm này."
        )
    elif statutory:
        print("Ngày lễ theo luật (tính tự động, không có trong lịch trên):")
        for day, name in statutory:
            print(f"{day:%d/%m/%Y}  {WEEKDAY_NAMES[day.weekday()]:<9} {name}")
    return common.EXIT_OK


def cmd_calendar_import(args: argparse.Namespace) -> int:
    from counter_app.domain.calendar_data import CalendarDataError

    services = common.open_services()
    try:
        try:
            result = services.office_calendar.import_file(Path(args.file))
        except CalendarDataError as exc:
            raise common.CliError(f"{exc}. Không nhập gì.", common.EXIT_INVALID) from None
    finally:
        services.close()
    replaced = " (thay lịch năm này đơn vị đã có)" if result.replaced_office_year else ""
    print(f"Đã nhập lịch năm {result.year}: {result.entries} ngày{replaced}.")
    return common.EXIT_OK


def cmd_calendar_export(args: argparse.Namespace) -> int:
    common.check_year(args.year, "NĂM")
    if not Path(args.file).name or Path(args.file).is_dir():
        raise common.CliError(f"'{args.file}' không phải tên tệp; ví dụ lich-{args.year}.json.", common.EXIT_INVALID)
    services = common.open_services()
    try:
        count = services.office_calendar.export_year(args.year, Path(args.file))
    finally:
        services.close()
    print(f"Đã xuất lịch năm {args.year} ({count} ngày) ra {args.file}")
    return common.EXIT_OK


# --- due dates ----------------------------------------------------------------------------------------------


def cmd_due_date(args: argparse.Namespace) -> int:
    from counter_app.domain.calendar import OFFICE_TZ, WEEKDAY_NAMES
    from counter_app.domain.due_dates import compute_due

    received = (
        common.parse_moment(args.received_at, "--received-at") if args.received_at else common.now()
    ).astimezone(OFFICE_TZ)
    services = common.open_services()
    try:
        procedure = services.catalogue.find(args.procedure, received.date())
        if procedure is None:
            raise common.CliError(
                f"Không có thủ tục mã '{args.procedure}' còn hiệu lực ngày {received:%d/%m/%Y} "
                "(xem: counter-app catalogue list)."
            )
        due = compute_due(received, procedure.processing_time, services.calendar())
    finally:
        services.close()
    for warning in due.warnings:
        _warn(warning)
    if args.json:
        document = {
            "procedure": procedure.code,
            "procedure_name": procedure.name,
            "processing_time": procedure.processing_time.describe(),
            "received_at": received.isoformat(timespec="seconds"),
            **due.to_json(),
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return common.EXIT_OK
    print(
        f"Hẹn trả: {due.due:%H:%M} {WEEKDAY_NAMES[due.due.weekday()]} {due.due:%d/%m/%Y}"
        f" ({due.due.isoformat(timespec='seconds')})"
    )
    print(f"Thủ tục: {procedure.code} — {procedure.name} ({procedure.processing_time.describe()})")
    print("Cách tính:")
    for reason in due.reasons:
        print(f"  - {reason}")
    return common.EXIT_OK


# --- parser -------------------------------------------------------------------------------------------------


def add_catalogue_commands(catalogue_sub) -> None:
    """`catalogue import` and `catalogue export`, on the parser of `catalogue`'s sub-commands."""
    imp = catalogue_sub.add_parser(
        "import",
        help="nhập danh mục từ tệp .xlsx hoặc .json (có lỗi thì không nhập gì)",
        description="Nhập danh mục thủ tục. Thủ tục mới được thêm; thủ tục đã có mà nội dung khác được lưu thành "
        "phiên bản mới; thủ tục không đổi được giữ nguyên. Tệp có lỗi thì không nhập gì.",
    )
    imp.add_argument("file", help="tệp .xlsx (sheet 'Lĩnh vực', 'Thủ tục', 'Thành phần hồ sơ') hoặc .json")
    imp.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và cho biết sẽ thay đổi gì")
    imp.set_defaults(func=cmd_catalogue_import)
    exp = catalogue_sub.add_parser("export", help="xuất danh mục đang áp dụng ra tệp .xlsx hoặc .json")
    exp.add_argument("file", help="định dạng theo đuôi tệp: .xlsx hoặc .json")
    exp.set_defaults(func=cmd_catalogue_export)


def add_commands(sub) -> None:
    """`calendar …` and `due-date`, on the top-level sub-command parser."""
    calendar = sub.add_parser("calendar", help="lịch làm việc của cơ quan (ngày nghỉ, ngày làm bù)")
    calendar_sub = calendar.add_subparsers(dest="calendar_command", required=True)
    show = calendar_sub.add_parser("show", help="xem lịch một năm")
    show.add_argument("year", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_calendar_show)
    imp = calendar_sub.add_parser("import", help="nhập lịch một năm từ tệp JSON (thay cả năm)")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_calendar_import)
    exp = calendar_sub.add_parser("export", help="xuất lịch một năm ra tệp JSON")
    exp.add_argument("year", type=int)
    exp.add_argument("file")
    exp.set_defaults(func=cmd_calendar_export)

    due = sub.add_parser("due-date", help="tính ngày hẹn trả và giải thích cách tính")
    due.add_argument("--procedure", required=True, help="mã thủ tục (mã TTHC)")
    due.add_argument("--received-at", help="thời điểm nhận, ISO-8601 (mặc định: bây giờ)")
    due.add_argument("--json", action="store_true", help="in một đối tượng JSON (due, reasons, warnings, …)")
    due.set_defaults(func=cmd_due_date)
