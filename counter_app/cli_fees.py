"""`counter-app fee …`: phí, lệ phí at the counter and the accountant's register.

    counter-app fee CODE --amount 200000 --method cash|transfer [--payer NAME] [--pdf F]   collect, print the receipt
    counter-app fee-refund CODE [--receipt N] [--amount N] --reason TEXT                   pay back (supervisor)
    counter-app fee-cancel CODE [--receipt N] --reason TEXT                                cancel a receipt (supervisor)
    counter-app fee-receipt CODE [--receipt N] --pdf F                                     print a receipt again
    counter-app fee-report --from D --to D [--xlsx F | --pdf F | --json]                   the fee register

A receipt is written only after its entry is committed. Without --pdf, `fee` writes it into the PDF folder
(settings printing.pdf_folder, sub-folder bien-lai-phi) and prints the path.
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
            f"{option}: '{text}' không phải ngày YYYY-MM-DD (ví dụ 2026-11-01).", common.EXIT_INVALID
        ) from None
    common.check_year(day.year, option)
    return day


def _at(args: argparse.Namespace):
    return common.parse_moment(args.at, "--at") if getattr(args, "at", None) else None


def _say_warnings(result) -> None:
    for warning in result.warnings:
        print(f"Cảnh báo: {warning}", file=sys.stderr)


def _not_found(exc: Exception) -> common.CliError:
    return common.CliError(str(exc), common.EXIT_NOT_FOUND)


def cmd_fee(args: argparse.Namespace) -> int:
    from counter_app.domain.lifecycle import TransitionError
    from counter_app.services.dossiers import DossierNotFound

    services = common.open_services()
    try:
        try:
            result = services.fees.collect(
                args.code, args.amount, args.method, args.payer, at=_at(args), note=args.note
            )
        except (DossierNotFound, TransitionError) as exc:
            raise _not_found(exc) from None
        _say_warnings(result)
        print(result.confirmation())
        target = args.pdf or str(_default_pdf(services, result))
        try:
            pdf = services.fees.receipt_pdf(result.code, f"{result.series} {result.number}")
            common.write_pdf(target, pdf)
        except common.CliError:
            raise
        except Exception as exc:  # the money is recorded: say so, and how to print the receipt again
            raise common.CliError(
                f"Đã ghi nhận khoản thu (biên lai {result.receipt}) nhưng chưa ghi được biên lai ra {target}: {exc}. "
                f"In lại: counter-app fee-receipt {result.code} --receipt {result.number} --pdf TỆP",
                common.EXIT_PARTIAL,
            ) from None
        print(target)
        return common.EXIT_OK
    finally:
        services.close()


def _default_pdf(services, result) -> Path:
    folder = services.settings.pdf_folder() / "bien-lai-phi"
    return folder / f"{result.code}-{result.series}-{result.number:07d}.pdf"


def _settle(args: argparse.Namespace, apply) -> int:
    """fee-refund and fee-cancel: one change to a fee receipt by the supervisor, said back in one line."""
    from counter_app.domain.lifecycle import TransitionError
    from counter_app.services.dossiers import DossierNotFound

    services = common.open_services()
    try:
        try:
            result = apply(services.fees)
        except (DossierNotFound, TransitionError) as exc:
            raise _not_found(exc) from None
        _say_warnings(result)
        print(result.confirmation())
        return common.EXIT_OK
    finally:
        services.close()


def cmd_fee_refund(args: argparse.Namespace) -> int:
    return _settle(
        args, lambda fees: fees.refund(args.code, args.receipt, args.amount, args.reason or "", at=_at(args))
    )


def cmd_fee_cancel(args: argparse.Namespace) -> int:
    return _settle(args, lambda fees: fees.cancel(args.code, args.receipt, args.reason or "", at=_at(args)))


def cmd_fee_receipt(args: argparse.Namespace) -> int:
    from counter_app.services.dossiers import DossierNotFound
    from counter_app.services.fees import ReceiptNotFound

    services = common.open_services()
    try:
        try:
            pdf = services.fees.receipt_pdf(args.code, args.receipt, reprint=True)
        except (DossierNotFound, ReceiptNotFound) as exc:
            raise _not_found(exc) from None
        common.write_pdf(args.pdf, pdf)
        print(args.pdf)
        return common.EXIT_OK
    finally:
        services.close()


def cmd_fee_report(args: argparse.Namespace) -> int:
    from counter_app.domain.fees import format_dong

    date_from, date_to = _date(args.date_from, "--from"), _date(args.date_to, "--to")
    services = common.open_services()
    try:
        try:
            data = services.fees.register(date_from, date_to)
        except ValueError as exc:
            raise common.CliError(str(exc), common.EXIT_INVALID) from None
        if args.json:
            print(services.fees.register_json(data))
        elif args.pdf:
            common.write_pdf(args.pdf, services.fees.register_pdf(data))
            print(args.pdf)
        elif args.xlsx:
            target = Path(args.xlsx)
            if target.is_dir():
                raise common.CliError(f"{target} là một thư mục; hãy cho tên tệp, ví dụ so-thu-phi.xlsx.", 2)
            services.fees.register_xlsx(data, target)
            print(args.xlsx)
        else:
            print(f"Sổ thu phí, lệ phí từ {date_from:%d/%m/%Y} đến {date_to:%d/%m/%Y}: {len(data.entries)} dòng.")
            for t in (*data.totals, data.grand_total):
                print(
                    f"  {t.procedure_code or 'Tổng cộng'}: {t.receipts} biên lai, thu {format_dong(t.collected)}, "
                    f"hoàn {format_dong(t.refunded)}, hủy {format_dong(t.cancelled)}, còn {format_dong(t.net)} đồng"
                )
        return common.EXIT_OK
    finally:
        services.close()


def add_commands(sub) -> None:
    fee = sub.add_parser(
        "fee",
        help="thu phí, lệ phí của một hồ sơ và in biên lai (PDF)",
        description="Ghi nhận khoản phí, lệ phí đã thu của hồ sơ (số tiền nguyên đồng) và in biên lai thu phí, lệ phí "
        "(2 liên) ra PDF, sau khi đã lưu. Số biên lai lấy theo dải của quầy, không bao giờ cấp lại.",
    )
    fee.add_argument("code", help="mã hồ sơ")
    fee.add_argument("--amount", required=True, help="số tiền đã thu, đồng (ví dụ 200000 hoặc 200.000)")
    fee.add_argument("--method", required=True, choices=["cash", "transfer"], help="tiền mặt hoặc chuyển khoản")
    fee.add_argument("--payer", help="họ tên người nộp tiền (mặc định: người nộp hồ sơ)")
    fee.add_argument("--pdf", help="ghi biên lai ra tệp này (mặc định: thư mục PDF, thư mục con bien-lai-phi)")
    fee.add_argument("--at", help="thời điểm thu, ISO-8601 (mặc định: bây giờ)")
    fee.add_argument("--note", help="ghi chú")
    fee.set_defaults(func=cmd_fee)

    refund = sub.add_parser("fee-refund", help="hoàn trả phí, lệ phí đã thu (cán bộ phụ trách)")
    refund.add_argument("code", help="mã hồ sơ")
    refund.add_argument("--receipt", help="số biên lai (bỏ qua được khi hồ sơ chỉ có một biên lai)")
    refund.add_argument("--amount", help="số tiền hoàn trả, đồng (mặc định: toàn bộ số còn lại của biên lai)")
    refund.add_argument("--reason", required=True, help="lý do hoàn trả")
    refund.add_argument("--at", help="thời điểm, ISO-8601 (mặc định: bây giờ)")
    refund.set_defaults(func=cmd_fee_refund)

    cancel = sub.add_parser("fee-cancel", help="hủy một biên lai thu phí (cán bộ phụ trách)")
    cancel.add_argument("code", help="mã hồ sơ")
    cancel.add_argument("--receipt", help="số biên lai (bỏ qua được khi hồ sơ chỉ có một biên lai)")
    cancel.add_argument("--reason", required=True, help="lý do hủy")
    cancel.add_argument("--at", help="thời điểm, ISO-8601 (mặc định: bây giờ)")
    cancel.set_defaults(func=cmd_fee_cancel)

    again = sub.add_parser("fee-receipt", help="in lại biên lai thu phí của hồ sơ ra PDF (ghi «BẢN IN LẠI»)")
    again.add_argument("code", help="mã hồ sơ")
    again.add_argument("--receipt", help="số biên lai (mặc định: biên lai gần nhất)")
    again.add_argument("--pdf", required=True, help="tệp PDF")
    again.set_defaults(func=cmd_fee_receipt)

    report = sub.add_parser(
        "fee-report",
        help="sổ thu phí, lệ phí và tổng hợp theo thủ tục trong một khoảng ngày: XLSX, PDF hoặc JSON",
    )
    report.add_argument("--from", dest="date_from", required=True, help="từ ngày (YYYY-MM-DD)")
    report.add_argument("--to", dest="date_to", required=True, help="đến ngày (YYYY-MM-DD, tính cả ngày này)")
    output = report.add_mutually_exclusive_group()
    output.add_argument("--xlsx", help="ghi ra tệp XLSX (sheet «Sổ thu phí» và «Tổng hợp theo thủ tục»)")
    output.add_argument("--pdf", help="ghi ra tệp PDF (A4 ngang)")
    output.add_argument("--json", action="store_true", help="in JSON ra stdout")
    report.set_defaults(func=cmd_fee_report)
