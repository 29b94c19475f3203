"""What every `counter-app` command module shares, as public names: exit codes, the user-facing error, the clock
and the services a command runs on, and small helpers. cli.py and the cli_*.py modules import from here, never
each other's private names (tests/test_layers.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path
from typing import Any

from counter_app.domain.calendar import OFFICE_TZ

# Exit codes, the same for every command (README, "Exit codes"). A script can tell "try again later" (5) from
# "fix what you typed" (2) from "the data file needs attention" (4); 6 means the main work WAS done.
EXIT_OK = 0
EXIT_ERROR = 1  # failed: an unexpected error (the details go to the log) or a check that found problems
EXIT_INVALID = 2  # bad input: arguments, values, files to import; nothing written
EXIT_NOT_FOUND = 3  # not found or not allowed: no such dossier or file, an event the dossier's state forbids
EXIT_STORE = 4  # the data file cannot be used: damaged, empty or foreign, written by a newer version
EXIT_NO_ROOM = 5  # disk full, folder not writable, file locked by another program: nothing lost, retry after
EXIT_PARTIAL = 6  # committed, then a follow-up failed (intake --pdf: the code is on stdout, the PDF is not written)
EXIT_INTERRUPTED = 130  # Ctrl+C


class CliError(Exception):
    """A user-facing error: printed to stderr, exit code non-zero, no traceback."""

    def __init__(self, message: str, code: int = EXIT_ERROR):
        super().__init__(message)
        self.code = code


# The clock the commands run on: the real one, unless a caller of cli.main() passes another (tests do, to run on
# a fixed day). Deliberately not a setting or an option: a clock an officer could set would back-date dossiers.
Clock = Callable[[], datetime]
_clock: ContextVar[Clock | None] = ContextVar("counter_app_cli_clock", default=None)
_opener: ContextVar[Callable[[], Any] | None] = ContextVar("counter_app_cli_services", default=None)
# `--as USER`: the account the command acts as, and its password (from the prompt or COUNTER_APP_PASSWORD).
_identity: ContextVar[tuple[str, str] | None] = ContextVar("counter_app_cli_identity", default=None)
PASSWORD_ENV = "COUNTER_APP_PASSWORD"
NEW_PASSWORD_ENV = "COUNTER_APP_NEW_PASSWORD"


@contextmanager
def running(clock: Clock | None, opener: Callable[[], Any], identity: tuple[str, str] | None = None) -> Iterator[None]:
    """The context of one command: its clock, how it opens the services and who it acts as (cli.main sets them)."""
    clock_token = _clock.set(clock)
    opener_token = _opener.set(opener)
    identity_token = _identity.set(identity)
    try:
        yield
    finally:
        _identity.reset(identity_token)
        _opener.reset(opener_token)
        _clock.reset(clock_token)


def identity() -> tuple[str, str] | None:
    return _identity.get()


def clock() -> Clock | None:
    """The clock passed to cli.main, or None for the real one."""
    return _clock.get()


def now() -> datetime:
    current = _clock.get()
    return current() if current else datetime.now(OFFICE_TZ)


def default_open_services() -> Any:
    """The services on the command's clock, signed in as `--as USER` when given (a store without accounts is run by
    its set-up admin, as before accounts existed)."""
    from counter_app.services.app import open_services

    # SQLite's quick check before every command, not the full one: every page and row is read (what a power cut
    # damages), the indexes are not compared with their tables. The full check took 18–30 s at 1,000,000 dossiers
    # before each command of a script; `counter-app verify` runs it, and the window runs it at every start.
    services = open_services(clock=_clock.get(), quick_check=True)
    who = _identity.get()
    if who is not None:
        try:
            services.accounts.sign_in(*who)
        except BaseException:
            services.close()
            raise
    return services


def open_services_unsigned() -> Any:
    """The services with nobody signed in (`accounts recovery`/`recover`: the lost admin cannot sign in)."""
    token = _identity.set(None)
    try:
        return open_services()
    finally:
        _identity.reset(token)


def ask_password(prompt: str, env: str = PASSWORD_ENV, *, twice: bool = False) -> str:
    """A password from the environment variable `env` (scripts) or typed at a prompt that does not echo it."""
    import getpass
    import os
    import sys

    given = os.environ.get(env)
    if given is not None:
        return given
    if sys.stdin is None or not sys.stdin.isatty():
        raise CliError(f"Cần mật khẩu: gõ khi được hỏi (trong cửa sổ dòng lệnh) hoặc đặt biến môi trường {env}.", 2)
    try:
        first = getpass.getpass(prompt)
        if twice and getpass.getpass("Nhập lại: ") != first:
            raise CliError("Hai lần nhập mật khẩu không giống nhau; không ghi gì.", 2)
    except EOFError:
        raise CliError("Chưa nhập mật khẩu; không làm gì.", 2) from None
    return first


def open_services() -> Any:
    """The application services for this command, on the command's clock; the caller closes them."""
    opener = _opener.get() or default_open_services
    return opener()


def parse_moment(text: str, option: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=OFFICE_TZ)
        local = moment.astimezone(OFFICE_TZ)
    except (ValueError, OverflowError):
        raise CliError(
            f"{option}: '{text}' không phải thời điểm ISO-8601 (ví dụ 2026-11-25T09:30+07:00).", EXIT_INVALID
        ) from None
    check_year(local.year, option)
    return moment


def check_year(year: int, option: str) -> None:
    from counter_app.domain.validation import year_problem

    problem = year_problem(year)
    if problem:
        raise CliError(f"{option}: {problem}", EXIT_INVALID)


def write_pdf(path: str, data: bytes) -> None:
    """Written beside the target and renamed: a failure (full disk, unwritable folder) leaves no half PDF."""
    target = Path(path)
    if target.is_dir():
        raise CliError(f"{path} là một thư mục; hãy cho tên tệp PDF, ví dụ {target / 'phieu.pdf'}.", EXIT_INVALID)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(target)
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise


def parse_day(text: str, option: str):
    """A day typed as YYYY-MM-DD or dd/mm/yyyy; CliError (exit 2) naming the option otherwise."""
    from datetime import date

    value = text.strip()
    for parse in (date.fromisoformat, lambda v: datetime.strptime(v, "%d/%m/%Y").date()):
        try:
            day = parse(value)
        except ValueError:
            continue
        check_year(day.year, option)
        return day
    raise CliError(f"{option}: '{text}' không phải ngày (YYYY-MM-DD hoặc dd/mm/yyyy).", EXIT_INVALID)
