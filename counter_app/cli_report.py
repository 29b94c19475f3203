"""`counter-app report`: the period report (Biểu số 06/VPCP/KSTT) as XLSX, PDF or JSON, and its counts.

    counter-app report --period 2021-Q2 [--by field|procedure] [--format xlsx|pdf|json] [--output FILE]
    counter-app report --from 2021-04-01 --to 2021-04-30 …
    counter-app report --period 2021-Q2 --summary          the Vietnamese summary paragraph only
    counter-app report --period 2021-Q2 --verify           recount from every event and compare (slow)
    counter-app report --rebuild-aggregates                recompute the report counts from the events (repair)
    counter-app report --check-aggregates                  compare the stored counts with a recount

Periods: 2021-06 (month: 15/05–14/06), 2021-Q2 (quarter: 15/03–14/06), 2021-H1 (15/12/2020–14/06/2021),
2021 (year: 15/12/2020–14/12/2021). Without --output the JSON goes to stdout; --format defaults to the
output file's extension.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from counter_app import cli_common as common


def _date(text: str, option: str) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise common.CliError(
            f"{option}: '{text}' không phải ngày YYYY-MM-DD (ví dụ 2021-03-15).", common.EXIT_INVALID
        ) from None
    common.check_year(day.year, option)
    return day


def _period(args: argparse.Namespace):
    from counter_app.domain.reports import PeriodError, custom_period, parse_period

    try:
        if args.period:
            if args.date_from or args.date_to:
                raise common.CliError("Dùng --period hoặc --from/--to, không dùng cả hai.", common.EXIT_INVALID)
            return parse_period(args.period)
        if not (args.date_from and args.date_to):
            raise common.CliError(
                "Thiếu kỳ báo cáo: --period (ví dụ 2021-Q2, 2021-06, 2021-H1, 2021) hoặc --from và --to.",
                common.EXIT_INVALID,
            )
        return custom_period(_date(args.date_from, "--from"), _date(args.date_to, "--to"))
    except PeriodError as exc:
        raise common.CliError(str(exc), common.EXIT_INVALID) from None


period_of = _period  # --period or --from/--to, for the other commands of a period (cli_rating)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    if args.output:
        suffix = Path(args.output).suffix.lower().lstrip(".")
        if suffix in ("xlsx", "pdf", "json"):
            return suffix
        raise common.CliError(
            f"Không đoán được định dạng từ tên tệp '{args.output}': thêm --format xlsx|pdf|json.", common.EXIT_INVALID
        )
    return "json"


def cmd_report(args: argparse.Namespace) -> int:
    from counter_app.domain.reports import PeriodError, ReportIdentityError
    from counter_app.services.reports import ReportError

    services = common.open_services()
    try:
        reports = services.reports
        if args.rebuild_aggregates:
            print(reports.rebuild_counts().describe())
            return common.EXIT_OK
        if args.check_aggregates:
            problems = reports.check_counts()
            if problems:
                for problem in problems:
                    print(f"Lỗi: {problem}", file=sys.stderr)
                print(
                    "Số liệu tổng hợp báo cáo không khớp với các sự kiện: chạy counter-app report "
                    "--rebuild-aggregates để tính lại.",
                    file=sys.stderr,
                )
                return common.EXIT_ERROR
            print("Số liệu tổng hợp báo cáo khớp với các sự kiện.")
            return common.EXIT_OK
        period = _period(args)
        fmt = _format(args)
        if fmt in ("xlsx", "pdf") and not args.output and not args.summary:
            raise common.CliError(f"Báo cáo {fmt.upper()} cần --output TỆP.", common.EXIT_INVALID)
        try:
            report = reports.report(period, by=args.by, include_empty=args.all_fields)
            if args.verify:
                recount = reports.recount(period, by=args.by, include_empty=args.all_fields)
                if (recount.rows, recount.total) != (report.rows, report.total):
                    raise common.CliError(
                        "Số liệu tổng hợp khác với khi đếm lại từ các sự kiện: chạy counter-app report "
                        "--rebuild-aggregates rồi lập lại báo cáo."
                    )
                print("Đã đối chiếu: số liệu tổng hợp khớp với đếm lại từ các sự kiện.", file=sys.stderr)
        except (PeriodError, ReportError) as exc:
            raise common.CliError(str(exc), common.EXIT_INVALID) from None
        except ReportIdentityError as exc:
            raise common.CliError(f"{exc} Chạy counter-app report --rebuild-aggregates để tính lại.") from None
        if args.summary:
            print(report.summary)
            if not args.output:
                return common.EXIT_OK
        data = reports.export(report, fmt)
        if args.output:
            common.write_pdf(args.output, data)  # written whole, then renamed into place
            if not args.summary:
                print(args.output)
        else:
            print(data.decode("utf-8"), end="")  # print(): a windowed program's stdout is None
        return common.EXIT_OK
    finally:
        services.close()


def add_commands(sub) -> None:
    report = sub.add_parser(
        "report",
        help="báo cáo tình hình, kết quả giải quyết TTHC (Biểu 06) theo kỳ: XLSX, PDF, JSON",
        description="Lập báo cáo tình hình, kết quả giải quyết TTHC (Biểu số 06/VPCP/KSTT) cho một kỳ. Kỳ tháng, quý, "
        "6 tháng, năm tính từ ngày 15 tháng trước đến ngày 14 tháng cuối kỳ.",
    )
    report.add_argument("--period", help="kỳ báo cáo: 2021-06 (tháng), 2021-Q2 (quý), 2021-H1 (6 tháng), 2021 (năm)")
    report.add_argument("--from", dest="date_from", help="từ ngày (YYYY-MM-DD), với --to")
    report.add_argument("--to", dest="date_to", help="đến ngày (YYYY-MM-DD, tính cả ngày này)")
    report.add_argument(
        "--by",
        choices=["field", "procedure", "agency"],
        default="field",
        help="theo lĩnh vực (mặc định), thủ tục, hoặc cơ quan giải quyết (agency: đếm lại từ các sự kiện, chậm hơn)",
    )
    report.add_argument(
        "--format", choices=["xlsx", "pdf", "json"], help="định dạng (mặc định theo đuôi tệp, hoặc json)"
    )
    report.add_argument("--output", "-o", help="ghi ra tệp này (không có: in JSON ra stdout)")
    report.add_argument("--all-fields", action="store_true", help="liệt kê cả lĩnh vực không có hồ sơ")
    report.add_argument("--summary", action="store_true", help="in đoạn tóm tắt để đưa vào báo cáo")
    report.add_argument("--verify", action="store_true", help="đối chiếu với đếm lại từ từng sự kiện (chậm)")
    report.add_argument("--rebuild-aggregates", action="store_true", help="tính lại số liệu tổng hợp từ các sự kiện")
    report.add_argument("--check-aggregates", action="store_true", help="kiểm tra số liệu tổng hợp với các sự kiện")
    report.set_defaults(func=cmd_report)


__all__ = ["add_commands", "cmd_report", "period_of"]
