"""`counter-app`: the command line for scripts and checks. Without a sub-command it opens the window."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import datetime
from pathlib import Path

from counter_app import (
    __version__,
    cli_accounts,
    cli_common,
    cli_fees,
    cli_files,
    cli_office,
    cli_portal,
    cli_privacy,
    cli_rating,
    cli_report,
    cli_selftest,
    cli_slip_check,
    cli_sync,
)
from counter_app.cli_common import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_NO_ROOM,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_STORE,
    CliError,
    Clock,
)
from counter_app.domain import event_kinds
from counter_app.domain.validation import ValidationError

# Exit codes (the same for every command): counter_app/cli_common.py.
log = logging.getLogger(__name__)
# No handler configured (a script, the tests): a failure's traceback must not reach stderr through logging's
# last-resort handler. A log file configured by the application still receives it (propagation is untouched).
logging.getLogger("counter_app").addHandler(logging.NullHandler())

# argparse speaks English through gettext; the officers and supervisors who read this help do not.
_ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tuỳ chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "show program's version number and exit": "hiện số phiên bản rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không nhận ra: %s",
    "expected one argument": "cần đúng một giá trị",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "giá trị %(type)s không hợp lệ: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "tuỳ chọn mơ hồ: %(option)s có thể là %(matches)s",
    "not allowed with argument %s": "không dùng cùng tham số %s",
}
argparse._ = lambda text: _ARGPARSE_VI.get(text, text)  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (and exit 2), like every other error of the command line."""

    def error(self, message: str):
        self.exit(EXIT_INVALID, f"Lỗi: {message} (xem: {self.prog} --help)\n")


_test_clock: Clock | None = None  # set by the test suite's fixtures for commands run in-process
_now = cli_common.now
_parse_moment = cli_common.parse_moment
_check_year = cli_common.check_year
_write_pdf = cli_common.write_pdf


def _services():
    return cli_common.default_open_services()


# --- commands -----------------------------------------------------------------------------------------


def _chosen_documents(services, args: argparse.Namespace) -> tuple:
    """`--document` values: a checklist number (1, 2, …), a checklist name typed with or without accents, or
    the name of a paper outside the checklist (kept as given)."""
    from counter_app.domain.text import fold_for_search
    from counter_app.services.intake import DocumentInput

    moment = _parse_moment(args.received_at, "--received-at") if args.received_at else _now()
    procedure = services.catalogue.find(args.procedure.strip(), moment.date())
    checklist = procedure.documents if procedure else ()
    chosen = []
    for value in args.document:
        text = value.strip()
        if text.isdigit() and checklist:
            index = int(text)
            if not 1 <= index <= len(checklist):
                raise CliError(f"--document {text}: thủ tục có {len(checklist)} giấy tờ, đánh số từ 1.", EXIT_INVALID)
            doc = checklist[index - 1]
        else:
            doc = next((d for d in checklist if fold_for_search(d.name) == fold_for_search(text)), None)
        chosen.append(DocumentInput(doc.name, doc.copy_kind, doc.quantity) if doc else DocumentInput(text))
    return tuple(chosen)


def _scan(value: str):
    """`--scan [SỐ|TÊN=]FILE`: a scan, and the paper it is of when said before '='."""
    from counter_app.services.intake import ScanInput

    paper, sep, path = value.rpartition("=")
    if sep and not Path(value).exists():
        return ScanInput(path=path, document=paper)
    return ScanInput(path=value)


def cmd_intake(args: argparse.Namespace) -> int:
    from counter_app.services.intake import IntakeRequest
    from counter_app.services.settings import NotSetUp

    services = _services()
    try:
        try:
            services.settings.require_set_up()  # nothing official before the station is set up
        except NotSetUp as exc:  # not allowed yet: the message names the settings still missing
            raise CliError(str(exc), EXIT_NOT_FOUND) from None
        request = IntakeRequest(
            procedure_code=args.procedure,
            applicant_name=args.applicant,
            id_number=args.id_number,
            id_type=args.id_type,
            id_country=args.id_country,
            tax_code=args.tax_code,
            birth_date=args.birth_date,
            sex=args.sex,
            id_issued_on=args.id_issued_on,
            phone=args.phone,
            email=args.email,
            address=args.address,
            organization=args.organization,
            channel=args.channel,
            received_at=_parse_moment(args.received_at, "--received-at") if args.received_at else None,
            copies=args.copies,
            documents=_chosen_documents(services, args) if args.document else None,
            request_id=args.request_id,
            scans=tuple(_scan(value) for value in args.scan or ()),
            applicant_kind=args.applicant_kind,
            representative_name=args.representative_name,
            representative_id=args.representative_id,
            relationship=args.relationship,
            authorisation=args.authorisation,
            deciding_agency=args.deciding_agency,
        )
        result = services.intake.intake(request)
        # Committed: the code is said now, whatever happens to the PDF, so a retry never makes a second dossier.
        print(result.code, flush=True)
        if result.replayed:
            print(
                f"Cảnh báo: --request-id {args.request_id} đã được dùng: đây là hồ sơ đã tiếp nhận lúc "
                f"{result.received_at:%H:%M %d/%m/%Y}, không tạo hồ sơ mới.",
                file=sys.stderr,
            )
        for warning in result.warnings:
            print(f"Cảnh báo: {warning}", file=sys.stderr)
        if args.pdf:
            return _receipt_after_commit(services, result.code, args.pdf, args.paper)
        return EXIT_OK
    finally:
        services.close()


def _receipt_after_commit(services, code: str, pdf: str, paper: str | None) -> int:
    """The receipt of a dossier just committed: a failure here is said after the code, with the way to redo it."""
    redo = f"In lại bằng: counter-app receipt {code} --pdf <tệp>."
    try:
        _write_pdf(pdf, services.dossiers.receipt_pdf(code, paper))
    except Exception as exc:
        message, _ = explain(exc)
        print(
            f"Lỗi: Hồ sơ {code} ĐÃ ĐƯỢC LƯU nhưng chưa ghi được giấy tiếp nhận ra {pdf}: {message} {redo}",
            file=sys.stderr,
        )
        return EXIT_PARTIAL
    try:
        services.dossiers.record_printed(code)
    except Exception as exc:
        message, _ = explain(exc)
        print(
            f"Lỗi: Hồ sơ {code} đã lưu, giấy tiếp nhận đã ghi ra {pdf}, nhưng chưa ghi nhận được việc in: {message}",
            file=sys.stderr,
        )
        return EXIT_PARTIAL
    return EXIT_OK


def cmd_catalogue_list(args: argparse.Namespace) -> int:
    services = _services()
    try:
        procedures = services.catalogue.procedures()
        if args.json:
            items = [
                {
                    "code": p.code,
                    "name": p.name,
                    "field": p.field_code,
                    "field_name": p.field_name,
                    "duration": p.processing_time.duration,
                    "unit": p.processing_time.unit.value,
                    "trigger": p.processing_time.trigger.value,
                    "online_level": p.online_level,
                    "documents": [d.name for d in p.documents],
                }
                for p in procedures
            ]
            print(json.dumps(items, ensure_ascii=False, indent=2))
        else:
            for p in procedures:
                print(f"{p.code}\t{p.field_code}\t{p.processing_time.describe()}\t{p.name}")
        return EXIT_OK
    finally:
        services.close()


def cmd_settings_show(args: argparse.Namespace) -> int:
    services = _services()
    try:
        values = services.settings.show()
        if args.json:
            print(json.dumps(values, ensure_ascii=False, indent=2))
        else:
            for key, value in values.items():
                print(f"{key} = {value}")
        return EXIT_OK
    finally:
        services.close()


def cmd_settings_set(args: argparse.Namespace) -> int:
    from counter_app.services.settings import SettingsError

    pairs = [args.key, args.value, *args.more]
    if len(pairs) % 2:
        raise CliError(f"Thiếu giá trị cho thiết lập '{pairs[-1]}' (KHOÁ GIÁ_TRỊ [KHOÁ GIÁ_TRỊ …]).", EXIT_INVALID)
    values = dict(zip(pairs[::2], pairs[1::2]))
    services = _services()
    try:
        cleaned = services.settings.set_many(values)  # all or nothing, one transaction
        warning = services.settings.hub_url_warning() if {"hub.url", "hub.allow_plain_http"} & set(cleaned) else ""
    except SettingsError as exc:
        raise CliError(str(exc), EXIT_INVALID) from None
    finally:
        services.close()
    for key, value in cleaned.items():
        print(f"{key} = {value}")
    if warning:
        print(f"CẢNH BÁO: {warning}", file=sys.stderr)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from counter_app.domain.identity import describe_identity
    from counter_app.domain.personal import describe_personal
    from counter_app.domain.validation import mask_id_number, mask_phone
    from counter_app.services.dossiers import DossierNotFound

    services = _services()
    try:
        try:
            detail = services.dossiers.detail(args.code)
        except DossierNotFound as exc:
            raise CliError(str(exc), EXIT_NOT_FOUND) from None
        full = services.privacy.reveal(detail.code) if args.reveal else None  # role-gated, audited
        if args.json:  # the full record (identity number, phone, address): a read the audit trail keeps
            if full is None:
                services.accounts.record("record.read", target=detail.code, detail={"via": "show --json"})
            values = detail.to_json()
            if full is not None:
                values.update(id_number=full.id_number, phone=full.phone, email=full.email, address=full.address)
            print(json.dumps(values, ensure_ascii=False, indent=2))
            return EXIT_OK
        print(f"Mã hồ sơ:     {detail.code}")
        print(f"Trạng thái:   {detail.status_label}")
        print(f"Người nộp:    {detail.applicant_name}")
        if detail.id_number:
            print(
                f"Giấy tờ:      {describe_identity(detail.id_type, detail.id_number, detail.id_country, masked=None if full else mask_id_number(detail.id_number))}"
            )
        personal = describe_personal(detail.birth_date, detail.sex, detail.id_issued_on, masked=full is None)
        if personal:
            print(f"Nhân thân:    {personal}")
        if detail.organization:
            print(f"Tổ chức:      {detail.organization}" + (f" (MST {detail.tax_code})" if detail.tax_code else ""))
        if detail.representative:
            print(f"Người nộp thay: {detail.representative.describe(masked=True)}")
        if detail.deciding_agency:
            print(f"Cơ quan giải quyết: {detail.deciding_agency}")
        if detail.phone:
            print(f"Điện thoại:   {detail.phone if full else mask_phone(detail.phone)}")
        if full and detail.email:
            print(f"Thư điện tử:  {detail.email}")
        if full and detail.address:
            print(f"Địa chỉ:      {detail.address}")
        print(f"Thủ tục:      {detail.procedure_code} {detail.procedure_name}")
        print(f"Nhận lúc:     {detail.received_at:%H:%M %d/%m/%Y}")
        _print_lifecycle(detail)
        return EXIT_OK
    finally:
        services.close()


# `counter-app event CODE KIND` and `counter-app slip CODE FORM`: the words scripts type, from the one description
# of each event kind and slip form (domain.event_kinds; plain Python, so --help imports no service).
EVENT_KINDS = {cls.CLI: kind.value for kind, cls in event_kinds.EVENT_KINDS.items() if cls.CLI}
SLIP_FORM_HELP = {form: event_kinds.SLIPS[form].help for form in event_kinds.SLIP_FORMS}


def _print_lifecycle(detail) -> None:
    """The lifecycle part of `show`: due dates, pause, location, timeline with Vietnamese labels."""
    from counter_app.domain.event_kinds import EVENT_LABELS
    from counter_app.domain.lifecycle import describe_event

    due = f"{detail.due_at:%H:%M %d/%m/%Y}"
    if detail.original_due_at != detail.due_at:
        due += f" (hạn theo quy định: {detail.original_due_at:%H:%M %d/%m/%Y})"
    print(f"Hẹn trả:      {due}")
    if detail.paused:
        print(f"Tạm dừng:     từ {detail.paused_since:%H:%M %d/%m/%Y} (chờ bổ sung hồ sơ, không tính thời gian)")
    if detail.location:
        print(f"Đang ở:       {detail.location}")
    if detail.resolved_at:
        late = " — quá hạn" if detail.late else ""
        print(f"Có kết quả:   {detail.resolved_at:%H:%M %d/%m/%Y}{late}")
    if detail.returned_at:
        late = " — quá hạn" if detail.returned_late else ""
        print(f"Đã trả:       {detail.returned_at:%H:%M %d/%m/%Y}{late}")
    if detail.file_location:
        by = f"{detail.file_stored_by}, " if detail.file_stored_by else ""
        at = f"{detail.file_stored_at:%H:%M %d/%m/%Y}" if detail.file_stored_at else ""
        print(f"Lưu hồ sơ:    {detail.file_location} ({by}{at})")
    print("Diễn biến:")
    for event in detail.timeline:
        summary = describe_event(event)
        line = f"  {event.occurred_at:%d/%m/%Y %H:%M}  {EVENT_LABELS[event.kind]}"
        print(line + (f": {summary}" if summary else "") + f"  [{event.officer}]")
    words = [word for word, kind in EVENT_KINDS.items() if kind in {k.value for k in detail.allowed_kinds}]
    if words:
        print("Có thể ghi nhận: " + ", ".join(words))


def _parse_due(text: str, option: str):
    """A date (its close of office is meant) or a moment."""
    from datetime import date

    if len(text.strip()) == 10:
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            pass
        else:
            _check_year(day.year, option)
            return day
    return _parse_moment(text, option)


def _event_options() -> list[event_kinds.Detail]:
    """The options of `counter-app event`, in --help order: --at, then every detail an event takes, --note, --officer."""
    common = event_kinds.COMMON_DETAILS
    return [common["at"], *(d for d in event_kinds.DETAILS.values() if d.option), common["note"], common["officer"]]


def _option_value(detail: event_kinds.Detail, value):
    if value is None or detail.parse in ("text", "flag"):
        return value
    if detail.parse == "due":
        return _parse_due(value, detail.option or detail.name)
    return _parse_moment(value, detail.option or detail.name)


def cmd_event(args: argparse.Namespace) -> int:
    from counter_app.domain.lifecycle import TransitionError
    from counter_app.services.dossiers import DossierNotFound

    values = {d.name: _option_value(d, getattr(args, d.name)) for d in _event_options()}
    request = event_kinds.EventRequest.of(args.code, EVENT_KINDS[args.kind], **values)
    services = _services()
    try:
        try:
            result = services.lifecycle.record(request)
        except (DossierNotFound, TransitionError) as exc:
            raise CliError(str(exc), EXIT_NOT_FOUND) from None
        for warning in result.warnings:
            print(f"Cảnh báo: {warning}", file=sys.stderr)
        if args.json:
            print(json.dumps(result.detail.to_json(), ensure_ascii=False, indent=2))
        else:
            print(result.confirmation())
        return EXIT_OK
    finally:
        services.close()


def cmd_receipt(args: argparse.Namespace) -> int:
    from counter_app.services.dossiers import DossierNotFound

    services = _services()
    try:
        try:
            pdf = services.dossiers.receipt_pdf(args.code, args.paper)
        except DossierNotFound as exc:
            raise CliError(str(exc), EXIT_NOT_FOUND) from None
        _write_pdf(args.pdf, pdf)
        services.dossiers.record_printed(args.code.strip().upper())
        print(args.pdf)
        return EXIT_OK
    finally:
        services.close()


def cmd_slip(args: argparse.Namespace) -> int:
    """`counter-app slip CODE FORM --pdf FILE [--number N]`: render from the committed dossier, write, record the
    print (a paper printed before is a reprint: "BẢN IN LẠI"); `counter-app slip CODE --list`: what was printed."""
    from counter_app.domain.printed import NoSuchPaper, number_of, paper_line
    from counter_app.services.dossiers import DossierNotFound
    from counter_app.services.slips import FormTextError, SlipNotApplicable

    if not args.list and (not args.form or not args.pdf):
        raise CliError("cần FORM và --pdf FILE (hoặc --list để xem các giấy tờ đã in của hồ sơ).", EXIT_INVALID)
    services = _services()
    try:
        code = args.code.strip().upper()
        try:
            papers = services.slips.papers(code)
        except DossierNotFound as exc:
            raise CliError(str(exc), EXIT_NOT_FOUND) from None
        if args.list:
            if args.json:
                rows = [
                    {
                        "form": p.form,
                        "number": number_of(p, papers),
                        "source_at": p.source_at.isoformat() if p.source_at else None,
                        "prints": [
                            {
                                "at": e.occurred_at.isoformat(),
                                "officer": e.officer,
                                "reprint": bool(e.payload.get("reprint")),
                            }
                            for e in p.prints
                        ],
                    }
                    for p in papers
                ]
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            else:
                for p in papers:
                    print(f"{p.form:<11} {number_of(p, papers):>2}  {paper_line(p, papers)}")
            return EXIT_OK
        source = None
        if args.number is not None:
            same = [p for p in papers if p.form == args.form]
            if not 1 <= args.number <= len(same):
                raise CliError(
                    f"--number {args.number}: hồ sơ {code} có {len(same)} giấy «{args.form}» (xem: slip {code} --list).",
                    EXIT_NOT_FOUND,
                )
            source = same[args.number - 1].source_id
        try:
            pdf = services.slips.render(code, args.form, args.paper, source=source)
        except (DossierNotFound, SlipNotApplicable, NoSuchPaper) as exc:
            raise CliError(str(exc), EXIT_NOT_FOUND) from None
        except FormTextError as exc:
            raise CliError(str(exc)) from None
        _write_pdf(args.pdf, pdf)
        services.slips.record_printed(code, args.form, source=source)
        print(args.pdf)
        return EXIT_OK
    finally:
        services.close()


def cmd_guidance(args: argparse.Namespace) -> int:
    """`counter-app guidance --procedure P --applicant NAME --missing N … --pdf FILE`: form 02 for a walk-in
    (no dossier is received): recorded, written as PDF, the print counted."""
    from counter_app.services.guidance import GuidanceRequest
    from counter_app.services.slips import FormTextError

    services = _services()
    try:
        record = services.guidance.issue(
            GuidanceRequest(
                procedure_code=args.procedure,
                applicant_name=args.applicant,
                missing=tuple(args.missing),
                phone=args.phone,
                address=args.address,
                reason=args.reason,
            )
        )
        try:
            pdf = services.guidance.pdf(record.id, args.paper)
        except FormTextError as exc:
            raise CliError(f"Đã ghi phiếu hướng dẫn nhưng chưa in được: {exc}") from None
        _write_pdf(args.pdf, pdf)
        services.guidance.record_printed(record.id)
        print(args.pdf)
        return EXIT_OK
    finally:
        services.close()


def _parse_day(text: str, option: str):
    from datetime import date

    value = text.strip()
    for parse in (date.fromisoformat, lambda v: datetime.strptime(v, "%d/%m/%Y").date()):
        try:
            day = parse(value)
        except ValueError:
            continue
        _check_year(day.year, option)
        return day
    raise CliError(f"{option}: '{text}' không phải ngày (YYYY-MM-DD hoặc dd/mm/yyyy).", EXIT_INVALID)


def cmd_register(args: argparse.Namespace) -> int:
    """`counter-app register --from DATE --to DATE --pdf FILE`: the sổ theo dõi hồ sơ, A4 landscape."""
    from counter_app.services.slips import FormTextError

    date_from = _parse_day(args.date_from, "--from")
    date_to = _parse_day(args.date_to, "--to")
    services = _services()
    try:
        try:
            pdf = services.slips.register_pdf(date_from, date_to, full=args.reveal)
        except FormTextError as exc:
            raise CliError(str(exc)) from None
        except ValueError as exc:
            raise CliError(str(exc), EXIT_INVALID) from None
        _write_pdf(args.pdf, pdf)
        print(args.pdf)
        return EXIT_OK
    finally:
        services.close()


def cmd_verify(args: argparse.Namespace) -> int:
    """Checks the file as it is: never creates, migrates or changes it (but for --rebuild-counts, which refills the
    counts the triggers keep from the dossiers, in one transaction, when the file itself is sound)."""
    from counter_app.store.db import DATABASE_FILE, default_data_dir, head_revision, open_database
    from counter_app.store.failures import ForeignFile, StoreDamaged

    path = default_data_dir() / DATABASE_FILE
    if not path.is_file():
        raise CliError(f"Chưa có tệp dữ liệu {path}.", EXIT_NOT_FOUND)
    if path.stat().st_size == 0:
        raise ForeignFile(path, "rỗng (0 byte)")
    db = open_database(path.parent, check_integrity=False, migrate=False)
    try:
        problems = db.integrity_check()
        revision = None if problems else db.current_revision()
        if not problems and args.rebuild_counts:
            if revision != head_revision():  # the counts are defined by this program's schema, no other
                raise CliError(
                    f"Tệp dữ liệu ở phiên bản lược đồ {revision or 'không rõ'}, chương trình này ở {head_revision()}: "
                    "chỉ dựng lại bảng đếm khi hai phiên bản khớp. Tệp cũ: mở chương trình (hoặc chạy một lệnh "
                    "counter-app bất kỳ) một lần để nâng cấp; tệp mới hơn: dùng bản chương trình mới hơn.",
                    EXIT_STORE,
                )
            db.rebuild_tallies()
        checked, differences = ([], []) if problems else db.tally_differences()
    finally:
        db.dispose()
    print(f"Tệp dữ liệu: {db.path}")
    if problems:
        for problem in problems[:20]:
            print(f"Lỗi: {problem}", file=sys.stderr)
        raise StoreDamaged(path, problems)
    print(f"Phiên bản lược đồ: {revision}")
    print("Kiểm tra toàn vẹn: tốt")
    if args.rebuild_counts:
        print("Đã dựng lại các bảng đếm hồ sơ từ dữ liệu.")
    if differences:
        for table, key, kept, counted in differences[:20]:
            print(f"Lỗi: bảng đếm {table} {'/'.join(key)}: ghi {kept}, đếm lại được {counted}", file=sys.stderr)
        print(
            f"Các bảng đếm hồ sơ (số liệu ở khung bên và tổng của danh sách) lệch với dữ liệu ở {len(differences)} "
            "dòng; bản thân hồ sơ không sao. Sửa bằng: counter-app verify --rebuild-counts",
            file=sys.stderr,
        )
        return EXIT_ERROR
    print("Bảng đếm hồ sơ: " + ("khớp với dữ liệu" if checked else "chưa có (tệp ở phiên bản cũ)"))
    return EXIT_OK


def _backup_key(args: argparse.Namespace, *, new: bool) -> bytes:
    """The key of an encrypted copy: --key-file, else COUNTER_APP_BACKUP_KEY, else typed (twice for a new copy)."""
    import getpass
    import os

    from counter_app.services import backup_crypto

    try:
        if args.key_file:
            return backup_crypto.key_file_key(Path(args.key_file))
        given = os.environ.get(backup_crypto.KEY_ENV)
        if given is not None:
            return backup_crypto.passphrase_key(given)
        if sys.stdin is None or not sys.stdin.isatty():
            raise CliError(
                f"Cần khoá sao lưu: --key-file TỆP, biến môi trường {backup_crypto.KEY_ENV}, hoặc gõ khi được hỏi "
                "(trong cửa sổ dòng lệnh).",
                EXIT_INVALID,
            )
        try:
            typed = getpass.getpass("Khoá sao lưu (cụm mật khẩu): ")
            if new and getpass.getpass("Nhập lại: ") != typed:
                raise CliError("Hai lần nhập khoá không giống nhau; không làm gì.", EXIT_INVALID)
        except EOFError:
            raise CliError("Chưa nhập khoá; không làm gì.", EXIT_INVALID) from None
        return backup_crypto.passphrase_key(typed)
    except backup_crypto.BackupKeyError as exc:
        raise CliError(str(exc), EXIT_INVALID) from None


def cmd_backup(args: argparse.Namespace) -> int:
    from counter_app.domain.roles import Action
    from counter_app.services import backup_crypto
    from counter_app.services.backup import BackupService

    if args.make_key:
        try:
            path = backup_crypto.new_key_file(Path(args.make_key))
        except backup_crypto.BackupKeyError as exc:
            raise CliError(str(exc), EXIT_INVALID) from None
        print(path)
        print(
            "Giữ tệp khoá này ở nơi an toàn (quản trị giữ, ngoài máy trạm nếu có thể). Mất tệp khoá: không mở được "
            "các bản sao lưu đã mã hoá bằng nó.",
            file=sys.stderr,
        )
        return EXIT_OK
    services = _services()
    try:
        services.accounts.require(Action.BACKUP)  # refused before a key is asked for nothing
        key = _backup_key(args, new=True) if args.encrypt or args.key_file else None
        result = BackupService(services.db).backup_now(Path(args.to) if args.to else None, key=key)
        services.accounts.record("backup", target=result.path.name, detail={"encrypted": key is not None})
    finally:
        services.close()
    print(result.path)
    return EXIT_OK


def _restorer():
    """Who restores: checked against the current store when it can be opened (an admin, or the set-up admin of a
    store without accounts). A store that cannot be opened (damaged: the reason to restore) checks nobody — whoever
    runs this command sits at the PC with the data folder in reach."""
    from counter_app.domain.roles import Action
    from counter_app.store.db import DATABASE_FILE, default_data_dir
    from counter_app.store.failures import StoreError

    if not (default_data_dir() / DATABASE_FILE).is_file():
        return None
    try:
        services = _services()
    except StoreError:
        return None
    try:
        return services.accounts.require(Action.RESTORE)
    finally:
        services.close()


def cmd_restore(args: argparse.Namespace) -> int:
    """`counter-app restore FILE`: check the copy, keep the current file aside, restore, say what is lost."""
    from counter_app.services.app import data_folder
    from counter_app.services.backup import RestoreRefused, restore_copy
    from counter_app.services.backup_crypto import is_encrypted

    copy = Path(args.file)
    if not copy.is_file():
        raise CliError(f"Không tìm thấy tệp sao lưu {copy}.", EXIT_NOT_FOUND)
    officer = _restorer()
    key = _backup_key(args, new=False) if is_encrypted(copy) else None  # `backup --encrypt`: the admin's key
    try:
        result = restore_copy(
            data_folder(), copy, key
        )  # migrated to this version and checked now, not at the next start
    except RestoreRefused as exc:
        raise CliError(str(exc), EXIT_INVALID) from None
    restored = cli_common.open_services_unsigned()
    try:  # the restored trail goes on with the restore itself, by whoever did it
        restored.accounts.record("restore", target=copy.name, officer=officer)
    finally:
        restored.close()
    print(f"Đã khôi phục từ {result.restored_from} (lược đồ {result.revision}).")
    if result.kept_aside:
        print(f"Tệp dữ liệu trước khi khôi phục được giữ tại {result.kept_aside}.")
    if result.comparison_error:
        print(f"Không so sánh được với tệp trước đó ({result.comparison_error}): hãy đối chiếu sổ theo dõi.")
    elif result.lost_dossiers or result.lost_events:
        if result.lost_dossiers:
            print(
                f"Mất {len(result.lost_dossiers)} hồ sơ tiếp nhận sau thời điểm sao lưu (cần nhập lại): "
                + ", ".join(result.lost_dossiers)
            )
        if result.lost_events:
            print(
                f"Mất {result.lost_events} bước xử lý ghi sau thời điểm sao lưu của các hồ sơ: "
                + ", ".join(result.lost_event_codes)
            )
    elif result.kept_aside:
        print("Không mất hồ sơ hay bước xử lý nào so với tệp trước đó.")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from counter_app.gui.app import run

    return run([sys.argv[0]])


# --- parser -------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="counter-app",
        description="Phần mềm Bộ phận Một cửa: tiếp nhận hồ sơ, in giấy biên nhận, theo dõi và báo cáo.",
    )
    parser.add_argument("--version", action="version", version=f"counter-app {__version__}")
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="TÊN",
        help="làm việc với tài khoản này (trước tên lệnh); mật khẩu hỏi khi chạy, hoặc lấy từ biến môi trường "
        "COUNTER_APP_PASSWORD. Máy chưa có tài khoản: không cần (lệnh chạy với quyền quản trị thiết lập).",
    )
    sub = parser.add_subparsers(dest="command")

    gui = sub.add_parser("gui", help="mở cửa sổ ứng dụng (mặc định)")
    gui.set_defaults(func=cmd_gui)

    intake = sub.add_parser("intake", help="tiếp nhận một hồ sơ, in mã hồ sơ ra stdout")
    intake.add_argument("--procedure", required=True, help="mã thủ tục (mã TTHC)")
    intake.add_argument("--applicant", required=True, help="họ và tên người nộp")
    intake.add_argument(
        "--id-number",
        help="số giấy tờ tùy thân: CCCD 12 chữ số, CMND 9 chữ số, hộ chiếu hoặc giấy tờ khác ghi như trên giấy",
    )
    intake.add_argument(
        "--id-type",
        choices=["cccd", "cmnd", "passport", "other"],
        help="loại giấy tờ (mặc định: 9 chữ số là CMND, còn lại là CCCD)",
    )
    intake.add_argument("--id-country", help="quốc gia cấp hộ chiếu hoặc giấy tờ khác (bắt buộc với passport/other)")
    intake.add_argument("--birth-date", help="ngày sinh người nộp, dd/mm/yyyy (như trên thẻ CCCD)")
    intake.add_argument("--sex", help="giới tính: Nam hoặc Nữ")
    intake.add_argument("--id-issued-on", help="ngày cấp giấy tờ tùy thân, dd/mm/yyyy")
    intake.add_argument("--tax-code", help="mã số thuế của tổ chức: 10 chữ số, hoặc 13 (10 số + '-' + 3 số chi nhánh)")
    intake.add_argument("--phone", help="số điện thoại (di động 10 số hoặc cố định 11 số; nhận cả +84)")
    intake.add_argument("--email", help="thư điện tử")
    intake.add_argument("--address", help="địa chỉ người nộp")
    intake.add_argument(
        "--organisation",
        "--organization",
        dest="organization",
        help="tên tổ chức (hồ sơ của tổ chức; --applicant là người đến nộp cho tổ chức)",
    )
    intake.add_argument(
        "--applicant-kind",
        choices=["individual", "organization"],
        help="người nộp là cá nhân (individual) hay tổ chức (organization); mặc định: tổ chức khi có "
        "--organisation hoặc --tax-code",
    )
    intake.add_argument("--representative-name", help="họ tên người nộp thay (nộp thay, ủy quyền)")
    intake.add_argument("--representative-id", help="số CCCD/CMND/hộ chiếu của người nộp thay")
    intake.add_argument("--relationship", help="quan hệ của người nộp thay với người nộp, ví dụ «Con», «Được ủy quyền»")
    intake.add_argument("--authorisation", help="giấy ủy quyền, ví dụ «Giấy ủy quyền số 12/2026/GUQ ngày 01/12/2026»")
    intake.add_argument(
        "--deciding-agency", help="cơ quan giải quyết hồ sơ (mặc định: theo danh mục thủ tục; Nghị định 118/2025)"
    )
    intake.add_argument(
        "--channel",
        default="direct",
        choices=["direct", "postal", "online"],
        help="hình thức nộp: direct (trực tiếp), postal (bưu chính), online (trực tuyến)",
    )
    intake.add_argument("--received-at", help="thời điểm nhận, ISO-8601 (mặc định: bây giờ)")
    intake.add_argument("--copies", type=int, default=1, help="số bộ hồ sơ")
    intake.add_argument(
        "--document",
        action="append",
        metavar="SỐ|TÊN",
        help="giấy tờ đã nhận (lặp lại được): số thứ tự trong danh mục hoặc tên; bỏ trống: nhận đủ cả danh mục",
    )
    intake.add_argument(
        "--scan",
        action="append",
        metavar="[SỐ|TÊN=]TỆP",
        help="tệp quét (PDF/JPEG/PNG) của một giấy tờ, lưu cùng hồ sơ (lặp lại được); trước '=' là số thứ tự "
        "hoặc tên giấy tờ",
    )
    intake.add_argument("--pdf", help="ghi giấy tiếp nhận ra tệp PDF này")
    intake.add_argument(
        "--request-id",
        metavar="ID",
        help="mã yêu cầu của script gọi (tối đa 100 ký tự): gọi lại với cùng mã trả về hồ sơ đã tạo, không tạo hồ sơ thứ hai",
    )
    intake.add_argument(
        "--paper",
        type=str.upper,
        choices=["A4", "A5", "80MM"],
        help="khổ giấy (mặc định theo thiết lập printing.paper; 80MM: máy in nhiệt cuộn 80 mm)",
    )
    intake.set_defaults(func=cmd_intake)

    catalogue = sub.add_parser("catalogue", help="danh mục thủ tục")
    catalogue_sub = catalogue.add_subparsers(dest="catalogue_command", required=True)
    cat_list = catalogue_sub.add_parser("list", help="liệt kê thủ tục đang hiệu lực")
    cat_list.add_argument("--json", action="store_true")
    cat_list.set_defaults(func=cmd_catalogue_list)
    cli_office.add_catalogue_commands(catalogue_sub)

    settings = sub.add_parser("settings", help="thiết lập của máy trạm")
    settings_sub = settings.add_subparsers(dest="settings_command", required=True)
    show = settings_sub.add_parser("show")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_settings_show)
    set_ = settings_sub.add_parser(
        "set",
        help="đặt một hay nhiều thiết lập (cùng lúc, tất cả hoặc không gì)",
        description="Đặt thiết lập: counter-app settings set KHOÁ GIÁ_TRỊ [KHOÁ GIÁ_TRỊ …]. Máy trạm mới cần đủ "
        "agency.code, agency.name, agency.governing_name, agency.place, station.counter, officer.name "
        "trước khi tiếp nhận hồ sơ.",
    )
    set_.add_argument("key")
    set_.add_argument("value")
    set_.add_argument("more", nargs="*", metavar="KHOÁ GIÁ_TRỊ", help="các cặp thiết lập khác")
    set_.set_defaults(func=cmd_settings_set)

    show_dossier = sub.add_parser("show", help="xem một hồ sơ và diễn biến của nó")
    show_dossier.add_argument("code")
    show_dossier.add_argument("--json", action="store_true")
    show_dossier.add_argument(
        "--reveal",
        action="store_true",
        help="hiện đầy đủ số giấy tờ, điện thoại, địa chỉ (cán bộ phụ trách trở lên; ghi vào nhật ký kiểm tra)",
    )
    show_dossier.set_defaults(func=cmd_show)

    event = sub.add_parser(
        "event",
        help="ghi nhận một bước xử lý hồ sơ (chuyển, bổ sung, từ chối, gia hạn, dừng, có kết quả, trả, rút)",
        description="Ghi nhận một sự kiện của hồ sơ. Sự kiện không phù hợp với trạng thái hồ sơ bị từ chối.",
    )
    event.add_argument("code", help="mã hồ sơ")
    event.add_argument("kind", choices=list(EVENT_KINDS), help="loại sự kiện")
    for detail in _event_options():
        assert detail.option is not None
        if detail.parse == "flag":  # None when not given, so kinds that do not take it are not refused
            event.add_argument(detail.option, dest=detail.name, help=detail.help, action="store_true", default=None)
            continue
        event.add_argument(
            detail.option,
            dest=detail.name,
            help=detail.help,
            action="append" if detail.repeat else "store",
            choices=list(detail.choices) or None,
        )
    event.add_argument("--json", action="store_true", help="in hồ sơ sau khi ghi nhận dưới dạng JSON")
    event.set_defaults(func=cmd_event)

    receipt = sub.add_parser("receipt", help="in lại giấy tiếp nhận ra PDF")
    receipt.add_argument("code")
    receipt.add_argument("--pdf", required=True)
    receipt.add_argument("--paper", type=str.upper, choices=["A4", "A5", "80MM"], help="khổ giấy (80MM: cuộn 80 mm)")
    receipt.set_defaults(func=cmd_receipt)

    slip = sub.add_parser(
        "slip",
        help="in một phiếu của hồ sơ ra PDF (biên nhận, bổ sung, từ chối, xin lỗi, dừng, kiểm soát, trả kết quả)",
        description=(
            "In một phiếu của hồ sơ ra tệp PDF, từ dữ liệu đã lưu, và ghi nhận việc in\n"
            "(lần in sau của cùng giấy ghi «BẢN IN LẠI»). Phiếu không áp dụng cho hồ sơ\n"
            "(ví dụ văn bản xin lỗi cho hồ sơ chưa gia hạn) bị từ chối, không ghi gì."
        ),
        epilog="FORM (số mẫu theo Thông tư 03/2025/TT-VPCP):\n"
        + "\n".join(f"  {key:<11} {label}" for key, label in SLIP_FORM_HELP.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    slip.add_argument("code", help="mã hồ sơ")
    slip.add_argument(
        "form",
        nargs="?",
        choices=list(SLIP_FORM_HELP),
        metavar="FORM",
        help="mẫu phiếu: " + ", ".join(SLIP_FORM_HELP),
    )
    slip.add_argument("--pdf", metavar="FILE", help="ghi phiếu ra tệp PDF này (đường dẫn được in ra stdout)")
    slip.add_argument("--paper", choices=["A4", "A5"], help="khổ giấy (mặc định theo mẫu phiếu)")
    slip.add_argument(
        "--number",
        type=int,
        metavar="N",
        help="giấy thứ N của mẫu này (hồ sơ yêu cầu bổ sung hai lần có hai phiếu 02; xem --list); mặc định: giấy mới nhất",
    )
    slip.add_argument("--list", action="store_true", help="liệt kê các giấy tờ của hồ sơ và số lần đã in, không in gì")
    slip.add_argument("--json", action="store_true", help="với --list: in dạng JSON")
    slip.set_defaults(func=cmd_slip)

    guidance = sub.add_parser(
        "guidance",
        help="in phiếu hướng dẫn hoàn thiện hồ sơ (mẫu 02) cho người nộp thiếu giấy tờ, không tiếp nhận hồ sơ",
        description=(
            "Người nộp thiếu giấy tờ bắt buộc: không tiếp nhận hồ sơ, in phiếu hướng dẫn (mẫu 02) nêu thủ tục,\n"
            "người nộp và các giấy tờ còn thiếu (không có mã hồ sơ). Phiếu được ghi lại và tính vào số\n"
            "«hướng dẫn» trong báo cáo của lãnh đạo."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    guidance.add_argument("--procedure", required=True, help="mã thủ tục")
    guidance.add_argument("--applicant", required=True, help="họ và tên người nộp")
    guidance.add_argument(
        "--missing",
        action="append",
        required=True,
        metavar="N",
        help="giấy tờ còn thiếu: số thứ tự trong thành phần hồ sơ hoặc tên giấy tờ (lặp lại cho từng giấy tờ)",
    )
    guidance.add_argument("--phone", help="số điện thoại người nộp")
    guidance.add_argument("--address", help="địa chỉ người nộp")
    guidance.add_argument("--reason", help="lý do (mặc định: hồ sơ chưa đủ thành phần theo quy định)")
    guidance.add_argument(
        "--pdf", required=True, metavar="FILE", help="ghi phiếu ra tệp PDF này (đường dẫn được in ra stdout)"
    )
    guidance.add_argument("--paper", choices=["A4", "A5"], help="khổ giấy (mặc định theo mẫu phiếu)")
    guidance.set_defaults(func=cmd_guidance)

    register = sub.add_parser(
        "register",
        help="in sổ theo dõi hồ sơ (các hồ sơ tiếp nhận trong khoảng ngày) ra PDF, khổ A4 ngang",
    )
    register.add_argument(
        "--from", dest="date_from", required=True, metavar="DATE", help="từ ngày (YYYY-MM-DD hoặc dd/mm/yyyy)"
    )
    register.add_argument("--to", dest="date_to", required=True, metavar="DATE", help="đến ngày, tính cả ngày này")
    register.add_argument("--pdf", required=True, metavar="FILE", help="tệp PDF ghi ra (đường dẫn được in ra stdout)")
    register.add_argument(
        "--reveal",
        action="store_true",
        help="in đầy đủ số điện thoại (mặc định che bớt; cán bộ phụ trách trở lên; ghi vào nhật ký kiểm tra)",
    )
    register.set_defaults(func=cmd_register)

    verify = sub.add_parser("verify", help="kiểm tra toàn vẹn tệp dữ liệu và các bảng đếm hồ sơ")
    verify.add_argument(
        "--rebuild-counts",
        action="store_true",
        help="dựng lại các bảng đếm hồ sơ (theo trạng thái, theo ngày hẹn) từ dữ liệu rồi kiểm tra (ghi vào tệp)",
    )
    verify.set_defaults(func=cmd_verify)
    backup = sub.add_parser("backup", help="sao lưu tệp dữ liệu ngay (mặc định vào thư mục backups/ cạnh tệp)")
    backup.add_argument("--to", help="thư mục đích, ví dụ ổ USB")
    backup.add_argument(
        "--encrypt",
        action="store_true",
        help="mã hoá bản sao (AES-256-GCM) bằng khoá của quản trị: --key-file, biến môi trường "
        "COUNTER_APP_BACKUP_KEY, hoặc cụm mật khẩu gõ khi được hỏi (ít nhất 12 ký tự)",
    )
    backup.add_argument("--key-file", metavar="TỆP", help="tệp khoá (tạo bằng --make-key); dùng kèm --encrypt")
    backup.add_argument(
        "--make-key", metavar="TỆP", help="tạo một tệp khoá mới (ngẫu nhiên) rồi thoát; không sao lưu gì"
    )
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser(
        "restore",
        help="khôi phục tệp dữ liệu từ một bản sao lưu (đóng cửa sổ ứng dụng trước)",
        description=(
            "Kiểm tra bản sao, giữ lại tệp dữ liệu hiện tại trong backups/ (before-restore-…), khôi phục, rồi\n"
            "liệt kê những hồ sơ và bước xử lý có trong tệp hiện tại mà bản sao không có (cần nhập lại)."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    restore.add_argument(
        "file",
        metavar="FILE",
        help="tệp sao lưu (.sqlite3 hoặc .sqlite3.enc), ví dụ backups/counter-20261125-080000.sqlite3",
    )
    restore.add_argument(
        "--key-file",
        metavar="TỆP",
        help="tệp khoá của bản sao đã mã hoá (hoặc biến môi trường COUNTER_APP_BACKUP_KEY, hoặc gõ khi được hỏi)",
    )
    restore.set_defaults(func=cmd_restore)
    cli_office.add_commands(sub)
    cli_report.add_commands(sub)
    cli_sync.add_commands(sub)
    cli_selftest.add_commands(sub)
    cli_accounts.add_commands(sub)
    cli_files.add_commands(sub)
    cli_privacy.add_commands(sub)
    cli_rating.add_commands(sub)
    cli_slip_check.add_commands(sub)
    cli_portal.add_commands(sub)
    cli_fees.add_commands(sub)
    return parser


def explain(exc: BaseException) -> tuple[str, int]:
    """Any error as one Vietnamese sentence and its exit code (the table at the top of this module)."""
    from counter_app.store import failures

    if isinstance(exc, CliError):
        return str(exc), exc.code
    from counter_app.services.accounts import AccountError, NotAllowed

    if isinstance(exc, NotAllowed):  # not allowed, not signed in, a wrong password: nothing written
        return str(exc), EXIT_NOT_FOUND
    if isinstance(exc, AccountError):
        return str(exc), EXIT_INVALID
    from counter_app.domain.files import FileProblem
    from counter_app.services.dossiers import DossierNotFound

    if isinstance(exc, FileProblem):
        return str(exc), EXIT_INVALID
    if isinstance(exc, DossierNotFound):
        return str(exc), EXIT_NOT_FOUND
    if isinstance(exc, ValidationError):
        return "; ".join(f"{e.label}: {e.message}" for e in exc.errors), EXIT_INVALID
    if isinstance(exc, failures.StoreError | OSError) or failures.sqlite_code(exc) is not None:
        from counter_app.store.db import DATABASE_FILE, default_data_dir

        known = failures.classify(exc, default_data_dir() / DATABASE_FILE)
        if isinstance(known, failures.DiskFull | failures.NotWritable | failures.StoreLocked):
            return str(known), EXIT_NO_ROOM
        if isinstance(known, failures.StoreDamaged | failures.ForeignFile | failures.StoreTooNew):
            return str(known), EXIT_STORE
        if known is not None:
            return str(known), EXIT_ERROR
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return f"Không tìm thấy tệp hoặc thư mục {exc.filename}.", EXIT_NOT_FOUND
    if isinstance(exc, IsADirectoryError):
        return f"{exc.filename} là một thư mục, không phải tệp.", EXIT_INVALID
    if isinstance(exc, OSError):
        return f"Không đọc/ghi được {exc.filename or 'tệp'}: {exc.strerror or exc}.", EXIT_ERROR
    if isinstance(exc, UnicodeError):
        return "Văn bản không đúng mã UTF-8 (tệp hoặc tham số có ký tự hỏng); không ghi gì.", EXIT_INVALID
    if isinstance(exc, OverflowError):
        return "Một giá trị quá lớn (số hoặc ngày ngoài phạm vi cho phép); không ghi gì.", EXIT_INVALID
    if isinstance(exc, RecursionError):
        return "Dữ liệu lồng nhau quá sâu, không đọc được; không ghi gì.", EXIT_INVALID
    if isinstance(exc, MemoryError):
        return "Không đủ bộ nhớ để làm việc này (tệp quá lớn?); không ghi gì.", EXIT_ERROR
    return (
        f"Lỗi không mong đợi ({type(exc).__name__}). Chi tiết đã ghi vào nhật ký; hãy báo cán bộ phụ trách CNTT.",
        EXIT_ERROR,
    )


def _undecodable(argv: list[str]) -> str | None:
    """An argument that is not valid text (Linux hands undecodable bytes over as lone surrogates)."""
    for position, arg in enumerate(argv, 1):
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in arg):
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            return f"tham số thứ {position} ({shown}) không phải văn bản UTF-8 hợp lệ."
    return None


def main(argv: list[str] | None = None, *, clock: Clock | None = None) -> int:
    """Run one command. `clock` replaces the real clock for every service the command opens (tests only).

    Every error ends here as one Vietnamese line on stderr and an exit code from the table above; the traceback
    goes to the log only (logging's handlers; without one configured, nowhere).

    Output is UTF-8 whatever the Windows code page, a windowed program's missing streams are sinks, and a failure
    to write output never changes the exit code: what a command committed stays committed (counter_app.console).
    """
    from counter_app.console import text_streams

    argv = sys.argv[1:] if argv is None else list(argv)
    with text_streams() as (out, _err):
        bad = _undecodable(argv)
        if bad:
            print(f"Lỗi: {bad}", file=sys.stderr)
            return EXIT_INVALID
        code = _main(argv, clock)
    if out.error is not None and not isinstance(out.error, BrokenPipeError) and sys.stderr is not None:
        try:  # the command's work stands; say once that its output did not get through
            print(f"Cảnh báo: không ghi được kết quả ra đầu ra chuẩn ({out.error}).", file=sys.stderr)
        except (OSError, ValueError):
            pass
    return code


def _main(argv: list[str], clock: Clock | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args.func = cmd_gui
    _start_log(args)
    try:
        identity = None
        if args.as_user:
            identity = (args.as_user, cli_common.ask_password(f"Mật khẩu của {args.as_user}: "))
        # late-bound: tests replace _services
        with cli_common.running(clock or _test_clock, lambda: _services(), identity):
            return args.func(args)
    except BrokenPipeError:  # `counter-app show --json | head`: the reader left, nothing to report
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu (Ctrl+C).", file=sys.stderr)
        return EXIT_INTERRUPTED
    except ValidationError as exc:
        for error in exc.errors:
            print(f"Lỗi: {error.label}: {error.message}", file=sys.stderr)
        return EXIT_INVALID
    except Exception as exc:  # a clear line, not a traceback, for scripts and officers alike
        message, code = explain(exc)
        if type(exc).__name__ in ("NotAllowed", "NotSignedIn", "SignInFailed"):  # a refusal, not a failure
            log.info("counter-app %s refused (exit %d)", _command(args), code)
        elif not isinstance(exc, CliError):  # the traceback goes to the log, never to the user
            level = logging.ERROR if code == EXIT_ERROR else logging.WARNING
            log.log(level, "counter-app %s failed (exit %d)", _command(args), code, exc_info=exc)
        print(f"Lỗi: {message}", file=sys.stderr)
        return code
    finally:
        _end_log(args)


def _command(args: argparse.Namespace) -> str:
    """`intake`, `hub add-station`: the command's name for the log, never its arguments (names, CCCD)."""
    return getattr(args.func, "__name__", "?").removeprefix("cmd_").replace("_", " ")


def _logs_here(args: argparse.Namespace) -> bool:
    """The station's commands log to the station's file. Not `hub …`: the hub runs on a server and logs to
    standard error (hub/server.py); not the window, which opens the log itself (gui/app.py)."""
    return args.func is not cmd_gui and not _command(args).startswith("hub")


def _start_log(args: argparse.Namespace) -> None:
    """Log to <data folder>/logs/counter-app.log (counter_app/logs.py). A command never creates the data folder
    just to log (`verify` on a missing store must leave nothing behind): until the folder exists, the records are
    held in memory, and `_end_log` writes them if the command created it."""
    if not _logs_here(args):
        return
    from counter_app import logs
    from counter_app.services.app import data_folder

    if data_folder().is_dir():
        logs.setup_logging(data_folder(), "cli")
    else:
        logs.hold_early_messages()
    log.info("counter-app %s", _command(args))


def _end_log(args: argparse.Namespace) -> None:
    if not _logs_here(args):
        return
    from counter_app import logs
    from counter_app.services.app import data_folder

    if logs.current_log_file() != logs.log_path(data_folder()) and data_folder().is_dir():
        logs.setup_logging(data_folder(), "cli")


if __name__ == "__main__":
    sys.exit(main())
