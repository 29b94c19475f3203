"""`counter-app` sub-commands for the hub and for a station's sync.

    counter-app hub --db URL [--host 127.0.0.1] [--port 8765]        serve the hub (needs the `hub` extra)
        [--tls-cert PEM --tls-key PEM] [--allow-plain-http] [--trusted-proxy IP]
        [--status-rate N] [--token-failures N] [--token-lockout SECONDS]
        [--workers N] [--read-db URL]                                  N worker processes; a replica for readers
    counter-app hub add-station --db URL --agency CODE [--counter N]  issue a station token (its LAST line)
    counter-app hub add-reader --db URL [--label TEXT]                a token that reads the consolidated report
    counter-app hub agency --db URL CODE [--summaries-only|--full] [--name NAME] [--files on|off]
    counter-app hub stations --db URL                                  list the tokens issued (never the tokens)
    counter-app hub revoke --db URL ID                                 revoke a token (frees its counter number)

    counter-app sync                       one cycle now; exit 0 only when everything went (nothing left waiting)
    counter-app sync --status [--json]     online/offline, last success, events waiting and why, conflicts, clock
    counter-app sync conflicts [--all] [--json]
    counter-app sync resolve ID --note TEXT

URL is `postgresql://user:password@host/db` (psycopg 3) or `sqlite:///path/hub.sqlite3` (or a plain file path).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from counter_app import cli_common as common

DEFAULT_PORT = 8765


def _hub_db(args: argparse.Namespace):
    url = getattr(args, "sub_db", None) or getattr(args, "db", None)
    if not url:
        raise common.CliError(
            "Thiếu --db: địa chỉ cơ sở dữ liệu của máy chủ (postgresql://… hoặc sqlite:///…).", common.EXIT_INVALID
        )
    try:
        from counter_app.hub.db import HubDbError, open_hub_database
    except ImportError as exc:  # the counter's installer does not carry the hub's dependencies
        raise common.CliError(f"Máy này chưa cài phần máy chủ (pip install 'counter-app[hub]'): {exc}") from None
    try:
        return open_hub_database(url)
    except HubDbError as exc:
        raise common.CliError(str(exc), common.EXIT_INVALID) from None
    except Exception as exc:  # no server, wrong password, unwritable file: one clear line
        raise common.CliError(f"Không mở được cơ sở dữ liệu của máy chủ: {exc}") from None


# --- hub ------------------------------------------------------------------------------------------------


def cmd_hub(args: argparse.Namespace) -> int:
    from counter_app.domain import transport

    if not args.db:
        raise common.CliError("Thiếu --db URL (postgresql://… hoặc sqlite:///…).", common.EXIT_INVALID)
    if bool(args.tls_cert) != bool(args.tls_key):
        raise common.CliError("HTTPS cần cả --tls-cert (chứng chỉ) và --tls-key (khoá riêng).", common.EXIT_INVALID)
    for option, name in (("--tls-cert", args.tls_cert), ("--tls-key", args.tls_key)):
        if name and not Path(name).is_file():
            raise common.CliError(f"{option}: không có tệp {name}.", common.EXIT_NOT_FOUND)
    tls = bool(args.tls_cert)
    plain_off_loopback = not tls and not transport.is_loopback(args.host)
    if plain_off_loopback and not args.allow_plain_http:
        raise common.CliError(transport.hub_refusal(args.host), common.EXIT_INVALID)
    if args.db.strip().startswith("sqlite:///") and not Path(args.db.strip()[len("sqlite:///") :]).exists():
        raise common.CliError(
            f"Chưa có cơ sở dữ liệu {args.db}: máy chủ không tự tạo một máy chủ trống (có thể gõ nhầm đường dẫn). "
            "Tạo bằng: counter-app hub add-station --db … --agency ….",
            common.EXIT_NOT_FOUND,
        )
    try:
        from counter_app.hub.limits import RateLimits
        from counter_app.hub.server import serve
    except ImportError as exc:
        raise common.CliError(f"Máy này chưa cài phần máy chủ (pip install 'counter-app[hub]'): {exc}") from None
    if plain_off_loopback:
        print(transport.hub_warning(args.host), file=sys.stderr, flush=True)
    limits = RateLimits(
        status_per_minute=args.status_rate, token_failures=args.token_failures, token_lockout=args.token_lockout
    )
    if args.read_db and not args.db.strip().startswith(("postgresql", "postgres:")):
        raise common.CliError("--read-db (bản sao chỉ đọc) chỉ dùng khi --db là PostgreSQL.", common.EXIT_INVALID)
    if args.portal_mapping:  # checked before listening: a bad table is a clear refusal, not a failed start
        from counter_app.domain.portal import MappingError
        from counter_app.hub.slips_portal import load_portal_mapping

        if not Path(args.portal_mapping).is_file():
            raise common.CliError(f"--portal-mapping: không có tệp {args.portal_mapping}.", common.EXIT_NOT_FOUND)
        try:
            load_portal_mapping(args.portal_mapping)
        except (MappingError, ValueError) as exc:
            raise common.CliError(f"--portal-mapping: {exc}", common.EXIT_INVALID) from None
    db = _hub_db(args)  # migrate and check the connection before listening (once, before any worker starts)
    db.dispose()
    if args.workers > 1:
        print(f"{args.workers} tiến trình phục vụ cùng một cơ sở dữ liệu.", flush=True)
    scheme = "https" if tls else "http"
    print(
        f"Máy chủ đồng bộ: {scheme}://{args.host}:{args.port} (tài liệu API: /docs, lược đồ: /openapi.json)", flush=True
    )
    print(
        f"Giới hạn mỗi địa chỉ: {_limit_text(limits.status_per_minute, 'lượt tra cứu/phút')}; "
        f"sau {_limit_text(limits.token_failures, 'mã truy cập sai')} trong {limits.token_window // 60} phút "
        f"thì từ chối {limits.token_lockout} giây.",
        flush=True,
    )
    serve(
        args.db,
        args.host,
        args.port,
        log_level=args.log_level,
        limits=limits,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        trusted_proxies=args.trusted_proxy,
        workers=args.workers,
        read_url=args.read_db,
        portal_mapping=args.portal_mapping,
    )
    return common.EXIT_OK


def _limit_text(value: int, unit: str) -> str:
    return f"{value} {unit}" if value > 0 else f"không giới hạn {unit}"


def _count(text: str) -> int:
    """A limit on the command line: a whole number from 0 (0 switches the limit off)."""
    if not text.strip().isdigit() or int(text) > 10**6:
        raise argparse.ArgumentTypeError(f"'{text}' không phải số nguyên từ 0 đến 1000000")
    return int(text)


def _workers(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"'{text}' không phải số tiến trình từ 1 đến 64")
    return int(text)


def cmd_hub_add_station(args: argparse.Namespace) -> int:
    from counter_app.hub.admin import HubAdminError, add_station

    db = _hub_db(args)
    try:
        issued = add_station(db, args.agency, args.counter, args.label or "")
    except HubAdminError as exc:
        raise common.CliError(str(exc), common.EXIT_INVALID) from None
    finally:
        db.dispose()
    print(
        f"Đã cấp mã truy cập cho máy trạm số {issued.client_id}: cơ quan {issued.agency_code}, quầy {issued.counter}."
    )
    print(f"Trên máy trạm: counter-app settings set station.counter {issued.counter}")
    print(
        "               counter-app settings set hub.url http(s)://…  và  counter-app settings set hub.token <mã dưới đây>"
    )
    print("Mã chỉ hiện một lần (máy chủ chỉ lưu dạng băm):")
    print(issued.token)
    return common.EXIT_OK


def cmd_hub_add_reader(args: argparse.Namespace) -> int:
    from counter_app.hub.admin import add_reader

    db = _hub_db(args)
    try:
        issued = add_reader(db, args.label or "")
    finally:
        db.dispose()
    print(f"Đã cấp mã đọc báo cáo tổng hợp số {issued.client_id}. Mã chỉ hiện một lần:")
    print(issued.token)
    return common.EXIT_OK


def cmd_hub_agency(args: argparse.Namespace) -> int:
    from counter_app.hub.admin import HubAdminError, set_agency

    db = _hub_db(args)
    try:
        policy = True if args.summaries_only else (False if args.full else None)
        files = {"on": True, "off": False}.get(args.files or "")
        agency = set_agency(db, args.code, summaries_only=policy, name=args.name, files_enabled=files)
    except HubAdminError as exc:
        raise common.CliError(str(exc), common.EXIT_INVALID) from None
    finally:
        db.dispose()
    mode = "chỉ gửi số liệu tổng hợp" if agency.summaries_only else "đồng bộ sự kiện hồ sơ giữa các quầy"
    files_mode = "nhận tệp quét, tệp kết quả của các quầy" if agency.files_enabled else "không nhận tệp quét"
    print(f"Cơ quan {agency.code} {agency.name}: {mode}; {files_mode}.")
    return common.EXIT_OK


def cmd_hub_stations(args: argparse.Namespace) -> int:
    from counter_app.hub.admin import list_agencies, list_clients

    db = _hub_db(args)
    try:
        agencies = {a.code: a for a in list_agencies(db)}
        clients = list_clients(db)
    finally:
        db.dispose()
    for c in clients:
        agency = agencies.get(c.agency_code or "")
        policy = " (chỉ tổng hợp)" if agency and agency.summaries_only else ""
        state = f"thu hồi {c.revoked_at}" if c.revoked_at else "hiệu lực"
        where = f"{c.agency_code}{policy} quầy {c.counter}" if c.role == "station" else "đọc báo cáo"
        print(f"{c.id}\t{where}\tmáy trạm {c.station_uuid or '(chưa kết nối)'}\t{state}\t{c.label}")
    return common.EXIT_OK


def cmd_hub_revoke(args: argparse.Namespace) -> int:
    from counter_app.hub.admin import HubAdminError, revoke

    db = _hub_db(args)
    try:
        client = revoke(db, args.id)
    except HubAdminError as exc:
        raise common.CliError(str(exc), common.EXIT_INVALID) from None
    finally:
        db.dispose()
    print(f"Đã thu hồi mã truy cập số {client.id} ({client.revoked_at}).")
    return common.EXIT_OK


# --- sync -----------------------------------------------------------------------------------------------


def _sync_service(services):
    from counter_app.services.sync import SyncService

    return SyncService(services.db, services.settings)


def _print_status(status, as_json: bool) -> None:
    from counter_app.domain.calendar import as_office_time

    if as_json:
        print(json.dumps(status.to_json(), ensure_ascii=False, indent=2))
        return
    if not status.configured:
        print("Đồng bộ: chưa thiết lập (counter-app settings set hub.url URL; counter-app settings set hub.token MÃ)")
    else:
        state = {True: "trực tuyến", False: "ngoại tuyến", None: "chưa đồng bộ lần nào"}[status.online]
        print(f"Máy chủ:          {status.hub_url} — {state}")
    last = f"{as_office_time(status.last_success):%H:%M:%S %d/%m/%Y}" if status.last_success else "chưa có"
    print(f"Lần đồng bộ tốt:  {last}")
    print(f"Chờ gửi:          {status.pending} sự kiện")
    if status.reason:
        print(f"Lý do:            {status.reason}")
    if status.summaries_only:
        print("Chính sách:       cơ quan chỉ gửi số liệu tổng hợp (sự kiện có dữ liệu cá nhân không rời máy)")
    if status.conflicts:
        print(f"Xung đột:         {status.conflicts} cần cán bộ phụ trách xem xét (counter-app sync conflicts)")
    if status.clock_skew is not None:
        print(f"Lệch đồng hồ:     {status.clock_skew:+.0f} giây so với máy chủ")
    for warning in filter(None, (status.skew_warning, status.warning)):
        print(f"Cảnh báo: {warning}", file=sys.stderr)


def cmd_sync(args: argparse.Namespace) -> int:
    services = common.open_services()
    try:
        sync = _sync_service(services)
        if args.status:
            status = sync.status()
            _print_status(status, args.json)
            return common.EXIT_OK if status.configured and status.online and not status.error else common.EXIT_ERROR
        result = sync.sync_once()
        status = sync.status()
        if not result.configured and not args.json:
            raise common.CliError(
                "Chưa thiết lập máy chủ đồng bộ: counter-app settings set hub.url https://… và hub.token …",
                common.EXIT_INVALID,
            )
        if args.json:
            print(
                json.dumps(
                    {"ok": result.ok, "result": result.__dict__, "status": status.to_json()},
                    ensure_ascii=False,
                    indent=2,
                    default=str,
                )
            )
        else:
            print(result.describe())
            for warning in result.warnings:
                print(f"Cảnh báo: {warning}", file=sys.stderr)
            if status.skew_warning:
                print(f"Cảnh báo: {status.skew_warning}", file=sys.stderr)
        if not result.configured:
            return common.EXIT_INVALID
        everything = result.ok and (status.pending == 0 or status.summaries_only)
        if result.ok and not everything:
            print(f"Còn {status.pending} sự kiện chờ gửi: {status.reason}", file=sys.stderr)
        elif not result.ok and not args.json:
            print(f"Lỗi: {result.describe()}", file=sys.stderr)
        return common.EXIT_OK if everything else common.EXIT_ERROR
    finally:
        services.close()


def cmd_sync_conflicts(args: argparse.Namespace) -> int:
    from counter_app.domain.event_kinds import EVENT_LABELS
    from counter_app.domain.events import EventKind

    services = common.open_services()
    try:
        conflicts = _sync_service(services).conflicts(include_resolved=args.all)
    finally:
        services.close()
    if args.json:
        print(json.dumps([c.__dict__ for c in conflicts], ensure_ascii=False, indent=2))
        return common.EXIT_OK
    if not conflicts:
        print("Không có xung đột nào cần xử lý.")
    for c in conflicts:
        label = EVENT_LABELS.get(EventKind(c.kind), c.kind)
        done = f" — đã xử lý {c.resolved_at} bởi {c.resolved_by}: {c.resolution}" if c.resolved_at else ""
        print(f"#{c.id}\t{c.code or c.dossier_id}\t{label}\t{c.occurred_at}\t{c.officer}\t{c.reason}{done}")
    return common.EXIT_OK


def cmd_sync_resolve(args: argparse.Namespace) -> int:
    services = common.open_services()
    try:
        done = _sync_service(services).resolve_conflict(args.id, args.note, by=args.officer)
    finally:
        services.close()
    if not done:
        raise common.CliError(f"Không có xung đột số {args.id}.")
    print(f"Đã ghi nhận xử lý xung đột #{args.id}.")
    return common.EXIT_OK


# --- parser ---------------------------------------------------------------------------------------------


def add_commands(sub: argparse._SubParsersAction) -> None:
    hub = sub.add_parser(
        "hub",
        help="máy chủ đồng bộ: chạy máy chủ, cấp mã truy cập cho máy trạm",
        description="Chạy máy chủ đồng bộ (không có lệnh con) hoặc quản trị máy chủ (lệnh con).",
    )
    hub.add_argument("--db", help="cơ sở dữ liệu của máy chủ: postgresql://… hoặc sqlite:///…")
    hub.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1; đặt sau proxy TLS)")
    hub.add_argument("--port", type=int, default=DEFAULT_PORT)
    hub.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    hub.add_argument(
        "--allow-plain-http",
        action="store_true",
        help="cho phép --host khác 127.0.0.1 không có TLS (chỉ khi proxy TLS ở máy khác trong mạng nội bộ)",
    )
    hub.add_argument("--tls-cert", help="tệp chứng chỉ (PEM): máy chủ nói HTTPS")
    hub.add_argument("--tls-key", help="tệp khoá riêng (PEM) của chứng chỉ")
    hub.add_argument(
        "--trusted-proxy",
        default="127.0.0.1",
        help="địa chỉ proxy được tin để báo địa chỉ thật của máy khách (X-Forwarded-For; mặc định 127.0.0.1)",
    )
    hub.add_argument(
        "--status-rate",
        type=_count,
        default=30,
        help="số lượt tra cứu trạng thái công khai mỗi phút của một địa chỉ (mặc định 30; 0: không giới hạn)",
    )
    hub.add_argument(
        "--token-failures",
        type=_count,
        default=10,
        help="số lần mã truy cập sai trong 10 phút thì khoá địa chỉ đó (mặc định 10; 0: không khoá)",
    )
    hub.add_argument(
        "--token-lockout",
        type=_count,
        default=900,
        help="số giây khoá một địa chỉ sau quá nhiều mã sai (mặc định 900; trả lời 429 kèm Retry-After)",
    )
    hub.add_argument(
        "--workers",
        type=_workers,
        default=1,
        help="số tiến trình phục vụ cùng cổng và cùng cơ sở dữ liệu (mặc định 1; thường bằng số lõi CPU)",
    )
    hub.add_argument(
        "--read-db",
        help="bản sao chỉ đọc PostgreSQL (postgresql://…) cho việc nhận sự kiện, báo cáo tổng hợp, tra cứu công khai",
    )
    hub.add_argument(
        "--portal-mapping",
        metavar="FILE",
        help="bảng chuyển mã sang Cổng DVC quốc gia (JSON, chỉ phần thay đổi) cho /api/v1/portal/dossiers",
    )
    hub.set_defaults(func=cmd_hub)
    hub_sub = hub.add_subparsers(dest="hub_command")

    def with_db(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument("--db", dest="sub_db", required=True, help="cơ sở dữ liệu của máy chủ")
        return parser

    add = with_db(hub_sub.add_parser("add-station", help="cấp mã truy cập cho một máy trạm (dòng cuối là mã)"))
    add.add_argument("--agency", required=True, help="mã cơ quan, ví dụ H61.22")
    add.add_argument(
        "--counter", type=int, help="số quầy (mặc định: số nhỏ nhất còn trống); không trùng trong một cơ quan"
    )
    add.add_argument("--label", help="ghi chú (tên máy, vị trí)")
    add.set_defaults(func=cmd_hub_add_station)
    reader = with_db(hub_sub.add_parser("add-reader", help="cấp mã chỉ đọc báo cáo tổng hợp mọi cơ quan"))
    reader.add_argument("--label")
    reader.set_defaults(func=cmd_hub_add_reader)
    agency = with_db(
        hub_sub.add_parser("agency", help="thiết lập một cơ quan: chỉ gửi số liệu tổng hợp hay đồng bộ đầy đủ")
    )
    agency.add_argument("code")
    mode = agency.add_mutually_exclusive_group()
    mode.add_argument(
        "--summaries-only", action="store_true", help="máy trạm chỉ gửi số liệu tổng hợp, không gửi sự kiện"
    )
    mode.add_argument("--full", action="store_true", help="đồng bộ sự kiện hồ sơ giữa các quầy (mặc định)")
    agency.add_argument("--name")
    agency.add_argument(
        "--files",
        choices=["on", "off"],
        help="on: máy chủ nhận tệp quét và tệp kết quả của các quầy, quầy khác tải về khi mở (mặc định off: "
        "tệp ở lại máy trạm)",
    )
    agency.set_defaults(func=cmd_hub_agency)
    stations = with_db(hub_sub.add_parser("stations", help="liệt kê mã truy cập đã cấp"))
    stations.set_defaults(func=cmd_hub_stations)
    revoke = with_db(hub_sub.add_parser("revoke", help="thu hồi một mã truy cập"))
    revoke.add_argument("id", type=int)
    revoke.set_defaults(func=cmd_hub_revoke)

    sync = sub.add_parser(
        "sync",
        help="đồng bộ với máy chủ: một lượt ngay, hoặc xem tình trạng",
        description="Không có lệnh con: đồng bộ một lượt; mã thoát 0 chỉ khi mọi việc đều xong và không còn gì chờ gửi.",
    )
    sync.add_argument("--status", action="store_true", help="chỉ xem tình trạng, không đồng bộ")
    sync.add_argument("--json", action="store_true")
    sync.set_defaults(func=cmd_sync)
    sync_sub = sync.add_subparsers(dest="sync_command")
    conflicts = sync_sub.add_parser("conflicts", help="các xung đột chờ cán bộ phụ trách xử lý")
    conflicts.add_argument("--all", action="store_true", help="cả những xung đột đã xử lý")
    conflicts.add_argument("--json", action="store_true")
    conflicts.set_defaults(func=cmd_sync_conflicts)
    resolve = sync_sub.add_parser("resolve", help="ghi nhận đã xử lý một xung đột")
    resolve.add_argument("id", type=int)
    resolve.add_argument("--note", required=True, help="đã xử lý thế nào")
    resolve.add_argument("--officer", help="người xử lý (mặc định theo officer.name)")
    resolve.set_defaults(func=cmd_sync_resolve)
