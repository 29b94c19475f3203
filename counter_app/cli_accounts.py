"""`counter-app accounts …` (officer accounts on this station) and `counter-app audit …` (the audit trail).

    counter-app accounts add USER --name "Họ tên" --role officer|supervisor|admin     (admin; the first: admin)
    counter-app accounts list [--json]                                                 (admin)
    counter-app accounts passwd                                                        (your own password)
    counter-app accounts reset USER                                                    (admin: a forgotten password)
    counter-app accounts disable USER / enable USER / role USER ROLE                   (admin)
    counter-app accounts recovery                                  a one-time code, printed on this PC (lost admin)
    counter-app accounts recover USER --code CODE                  a new password for that admin, with the code
    counter-app audit verify                                       check the hash chain, name the first bad entry
    counter-app audit show [--officer USER] [--from DATE] [--to DATE] [--json]

Passwords are typed at a prompt that does not echo them, or given to scripts in COUNTER_APP_PASSWORD (the acting
account's, with `--as`) and COUNTER_APP_NEW_PASSWORD (the password being set).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from counter_app import cli_common as common
from counter_app.domain.roles import Action


def _new_password() -> str:
    return common.ask_password("Mật khẩu mới: ", common.NEW_PASSWORD_ENV, twice=True)


def cmd_accounts_add(args: argparse.Namespace) -> int:
    services = common.open_services()
    try:
        services.accounts.require(Action.ACCOUNTS)  # refused before a password is asked for nothing
        info = services.accounts.create(args.user, args.name, args.role, _new_password())
    finally:
        services.close()
    print(f"Đã tạo tài khoản {info.username} ({info.role_label}): {info.display_name}")
    return common.EXIT_OK


def cmd_accounts_list(args: argparse.Namespace) -> int:
    services = common.open_services()
    try:
        accounts = services.accounts.accounts()
    finally:
        services.close()
    if args.json:
        items = [
            {
                "id": a.id,
                "username": a.username,
                "name": a.display_name,
                "role": a.role.value,
                "active": a.active,
                "must_change_password": a.must_change_password,
                "created_at": a.created_at.isoformat(timespec="seconds"),
            }
            for a in accounts
        ]
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return common.EXIT_OK
    if not accounts:
        print("Chưa có tài khoản nào (máy chạy với quyền quản trị thiết lập). Tạo quản trị: counter-app accounts add …")
    for a in accounts:
        state = "đang dùng" if a.active else "đã khoá"
        extra = ", phải đổi mật khẩu" if a.must_change_password else ""
        print(f"{a.username}\t{a.role_label}\t{state}{extra}\t{a.display_name}")
    return common.EXIT_OK


def cmd_accounts_passwd(args: argparse.Namespace) -> int:
    services = common.open_services()
    try:
        who = common.identity()
        if who is None:
            raise common.CliError(
                "Đổi mật khẩu của ai? Dùng: counter-app --as TÊN accounts passwd.", common.EXIT_INVALID
            )
        services.accounts.change_password(who[1], _new_password())
    finally:
        services.close()
    print(f"Đã đổi mật khẩu của {who[0]}.")
    return common.EXIT_OK


def cmd_accounts_reset(args: argparse.Namespace) -> int:
    services = common.open_services()
    try:
        services.accounts.require(Action.ACCOUNTS)
        info = services.accounts.reset_password(args.user, _new_password())
    finally:
        services.close()
    print(f"Đã đặt lại mật khẩu của {info.username}; lần đăng nhập tới phải đổi mật khẩu.")
    return common.EXIT_OK


def cmd_accounts_active(args: argparse.Namespace) -> int:
    services = common.open_services()
    try:
        info = services.accounts.set_active(args.user, args.accounts_command == "enable")
    finally:
        services.close()
    print(f"Tài khoản {info.username}: {'đang dùng' if info.active else 'đã khoá'}.")
    return common.EXIT_OK


def cmd_accounts_role(args: argparse.Namespace) -> int:
    services = common.open_services()
    try:
        info = services.accounts.set_role(args.user, args.role)
    finally:
        services.close()
    print(f"Tài khoản {info.username}: {info.role_label}.")
    return common.EXIT_OK


def cmd_accounts_recovery(args: argparse.Namespace) -> int:
    services = common.open_services_unsigned()
    try:
        code = services.accounts.issue_recovery_code()
    finally:
        services.close()
    print(code)
    print(
        "Mã khôi phục dùng một lần, trong 24 giờ, để đặt mật khẩu mới cho một tài khoản quản trị:\n"
        f"  counter-app accounts recover TÊN_QUẢN_TRỊ --code {code}\n"
        "Việc cấp mã đã được ghi vào nhật ký kiểm tra."
    )
    return common.EXIT_OK


def cmd_accounts_recover(args: argparse.Namespace) -> int:
    services = common.open_services_unsigned()
    try:
        info = services.accounts.recover(args.code, args.user, _new_password())
    finally:
        services.close()
    print(f"Đã đặt mật khẩu mới cho quản trị {info.username}; mã khôi phục đã dùng.")
    return common.EXIT_OK


def _day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise common.CliError(f"{option}: '{text}' không phải ngày YYYY-MM-DD.", common.EXIT_INVALID) from None
    common.check_year(day.year, option)
    return day


def cmd_audit_verify(args: argparse.Namespace) -> int:
    services = common.open_services()
    try:
        report = services.accounts.verify_trail()
    finally:
        services.close()
    if report.problem is None:
        print(f"Nhật ký kiểm tra toàn vẹn: {report.checked} mục, {report.stations} máy trạm.")
        return common.EXIT_OK
    p = report.problem
    print(
        f"Lỗi: nhật ký kiểm tra bị can thiệp tại mục số {p.seq} (dòng id {p.entry_id}, máy trạm {report.station_id}): "
        f"{p.reason}. {report.checked} mục trước đó còn nguyên.",
        file=sys.stderr,
    )
    return common.EXIT_ERROR


def cmd_audit_show(args: argparse.Namespace) -> int:
    date_from, date_to = _day(args.date_from, "--from"), _day(args.date_to, "--to")
    if date_from and date_to and date_from > date_to:
        raise common.CliError("--from phải trước hoặc bằng --to.", common.EXIT_INVALID)
    services = common.open_services()
    try:
        entries = services.accounts.trail(officer=args.officer, date_from=date_from, date_to=date_to, limit=args.limit)
    finally:
        services.close()
    if args.json:
        items = [
            {
                "id": row_id,
                "station_id": e.station_id,
                "seq": e.seq,
                "at": e.at.isoformat(timespec="seconds"),
                "officer_id": e.officer_id,
                "officer": e.officer_name,
                "action": e.action,
                "target": e.target,
                "detail": e.detail,
                "hash": e.hash,
            }
            for row_id, e in entries
        ]
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return common.EXIT_OK
    for _row_id, e in entries:
        detail = ", ".join(f"{k}={v}" for k, v in sorted(e.detail.items()))
        print(f"{e.at:%d/%m/%Y %H:%M:%S}\t{e.officer_name}\t{e.label}\t{e.target}" + (f"\t{detail}" if detail else ""))
    if not entries:
        print("Không có mục nào.")
    return common.EXIT_OK


def add_commands(sub) -> None:
    accounts = sub.add_parser(
        "accounts",
        help="tài khoản cán bộ của máy trạm: tạo, liệt kê, đổi/đặt lại mật khẩu, khoá, khôi phục quản trị",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    acc = accounts.add_subparsers(dest="accounts_command", required=True)
    add = acc.add_parser("add", help="tạo tài khoản (quản trị; tài khoản đầu tiên phải là quản trị)")
    add.add_argument("user", metavar="TÊN", help="tên đăng nhập: chữ thường không dấu, số, . _ - (ví dụ ha.nguyen)")
    add.add_argument("--name", required=True, help="họ tên in trên giấy tờ, ví dụ «Nguyễn Thị Thu Hà»")
    add.add_argument(
        "--role",
        required=True,
        choices=["officer", "supervisor", "admin"],
        help="officer: cán bộ tiếp nhận; supervisor: cán bộ phụ trách; admin: quản trị",
    )
    add.set_defaults(func=cmd_accounts_add)
    list_ = acc.add_parser("list", help="liệt kê tài khoản (quản trị)")
    list_.add_argument("--json", action="store_true")
    list_.set_defaults(func=cmd_accounts_list)
    passwd = acc.add_parser("passwd", help="đổi mật khẩu của chính mình (counter-app --as TÊN accounts passwd)")
    passwd.set_defaults(func=cmd_accounts_passwd)
    reset = acc.add_parser("reset", help="đặt lại mật khẩu bị quên (quản trị); người dùng phải đổi khi đăng nhập")
    reset.add_argument("user", metavar="TÊN")
    reset.set_defaults(func=cmd_accounts_reset)
    for name, text in (("disable", "khoá tài khoản (quản trị)"), ("enable", "mở lại tài khoản đã khoá (quản trị)")):
        parser = acc.add_parser(name, help=text)
        parser.add_argument("user", metavar="TÊN")
        parser.set_defaults(func=cmd_accounts_active)
    role = acc.add_parser("role", help="đổi vai trò (quản trị)")
    role.add_argument("user", metavar="TÊN")
    role.add_argument("role", choices=["officer", "supervisor", "admin"])
    role.set_defaults(func=cmd_accounts_role)
    recovery = acc.add_parser(
        "recovery",
        help="in một mã khôi phục dùng một lần (24 giờ) khi quên mật khẩu quản trị: chỉ chạy được trên chính máy này",
    )
    recovery.set_defaults(func=cmd_accounts_recovery)
    recover = acc.add_parser("recover", help="đặt mật khẩu mới cho một quản trị bằng mã khôi phục")
    recover.add_argument("user", metavar="TÊN")
    recover.add_argument("--code", required=True, help="mã do counter-app accounts recovery in ra")
    recover.set_defaults(func=cmd_accounts_recover)

    audit = sub.add_parser("audit", help="nhật ký kiểm tra (ai làm gì, lúc nào): kiểm tra toàn vẹn, xem")
    aud = audit.add_subparsers(dest="audit_command", required=True)
    verify = aud.add_parser("verify", help="kiểm tra chuỗi mã băm; nêu mục đầu tiên bị sửa, xoá hoặc chèn")
    verify.set_defaults(func=cmd_audit_verify)
    show = aud.add_parser("show", help="liệt kê các mục theo cán bộ và khoảng ngày")
    show.add_argument("--officer", help="tên đăng nhập (hoặc họ tên in trên giấy) của cán bộ")
    show.add_argument("--from", dest="date_from", metavar="DATE", help="từ ngày (YYYY-MM-DD)")
    show.add_argument("--to", dest="date_to", metavar="DATE", help="đến ngày, tính cả ngày này")
    show.add_argument("--limit", type=int, default=1000, help="tối đa bao nhiêu mục (mặc định 1000)")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_audit_show)


__all__ = ["add_commands"]
