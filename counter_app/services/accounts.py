"""Officer accounts on the station, who is signed in, what they may do, and the audit trail of what they did.

One AccountService per AppServices: the window and the command line sign in through it, and every other service
asks it `require(action)` before acting (domain/roles.PERMISSIONS decides) and `audit(session, …)` to add an entry
in its own transaction. A store with no account yet is run by its set-up admin (the first-run wizard, scripts),
exactly as before accounts existed; creating the first account (an admin) ends that.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from counter_app.domain import passwords
from counter_app.domain.audit import AuditEntry, ChainProblem, verify_chain
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.merge import utc_key
from counter_app.domain.roles import ROLE_LABELS, Action, Officer, Role, allowed, refusal
from counter_app.domain.text import normalize_text
from counter_app.store import accounts as account_rows
from counter_app.store import audit as audit_rows
from counter_app.store import repository
from counter_app.store.db import Database
from counter_app.store.models import Account

log = logging.getLogger(__name__)

# Whoever runs a command on the PC itself with nobody signed in (a recovery code, a restore of a damaged store).
STATION_CLI = Officer(None, "may-tram", "Máy trạm (dòng lệnh)", Role.ADMIN)
SETUP_USERNAME = "thiet-lap"  # the name the set-up admin of a store without accounts is shown by
RECOVERY_VALID = timedelta(hours=24)
# Wrong passwords in a row before an account waits: a guesser at the counter gets 5 tries per 15 minutes.
MAX_FAILED_SIGN_INS = 5
SIGN_IN_PAUSE = timedelta(minutes=15)
OFFICER_NAME_KEY = "officer.name"


class AccountError(ValueError):
    """Bad input (a user name, a password, a role): nothing written."""


class NotAllowed(Exception):
    """The action is not allowed to who is acting (or nobody is signed in): nothing written."""


class NotSignedIn(NotAllowed):
    pass


class SignInFailed(NotAllowed):
    pass


@dataclass(frozen=True)
class AccountInfo:
    id: str
    username: str
    display_name: str
    role: Role
    active: bool
    must_change_password: bool
    created_at: datetime

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


@dataclass(frozen=True)
class ChainReport:
    stations: int
    checked: int
    problem: ChainProblem | None
    station_id: str | None = None  # the station whose chain has the problem


def _info(row: Account) -> AccountInfo:
    return AccountInfo(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        active=row.active,
        must_change_password=row.must_change_password,
        created_at=row.created_at,
    )


def _stamp(row: Account, entry: AuditEntry) -> None:
    """A local change of an account: the version to send to the hub (the other counters of the agency), made on
    this station, recorded by `entry` of its audit trail."""
    row.changed_station = entry.station_id or None
    row.change_hash = entry.hash
    row.hub_ack_at = None


def _officer(row: Account) -> Officer:
    return Officer(account_id=row.id, username=row.username, display_name=row.display_name, role=Role(row.role))


class AccountService:
    def __init__(self, db: Database, clock: Callable[[], datetime] | None = None):
        self._db = db
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        self._signed_in: Officer | None = None
        self._must_change = False

    # --- who is acting -------------------------------------------------------------------------------------

    def has_accounts(self) -> bool:
        with self._db.read() as session:
            return account_rows.count(session) > 0

    def signed_in(self) -> Officer | None:
        """The signed-in account, the set-up admin of a store without accounts, or None (accounts exist, nobody is
        signed in). Read again whenever an account or a setting changed (Database.cached): a role, a name or a
        disabling by an admin, here or from another process, holds from the next call."""
        signed = self._signed_in
        key = ("accounts.acting", signed.account_id if signed is not None else None)
        return self._db.cached(key, lambda: self._read_acting(signed))

    def _read_acting(self, signed: Officer | None) -> Officer | None:
        with self._db.read() as session:
            return self._acting(session, signed)

    def _acting(self, session: Any, signed: Officer | None) -> Officer | None:
        if signed is None:
            if account_rows.count(session):
                return None
            name = repository.read_settings(session).get(OFFICER_NAME_KEY) or "Cán bộ tiếp nhận"
            return Officer(account_id=None, username=SETUP_USERNAME, display_name=name, role=Role.ADMIN)
        assert signed.account_id is not None
        row = account_rows.by_id(session, signed.account_id)
        if row is None or not row.active:  # disabled by an admin meanwhile: signed out from now on
            return None
        return _officer(row)  # the role and name as they are now

    def current(self) -> Officer:
        officer = self.signed_in()
        if officer is None:
            raise NotSignedIn(
                "Chưa đăng nhập: máy này đã có tài khoản cán bộ. Hãy đăng nhập (dòng lệnh: counter-app --as TÊN …)."
            )
        return officer

    def require(self, action: Action) -> Officer:
        """Who is acting, when they may do `action`; NotAllowed (a Vietnamese sentence) otherwise."""
        officer = self.current()
        if not allowed(officer.role, action):
            raise NotAllowed(refusal(officer, action))
        if self._must_change and not officer.is_setup_admin:
            raise NotAllowed(
                f"Mật khẩu của {officer.username} vừa được quản trị đặt lại: hãy đổi mật khẩu trước "
                "(dòng lệnh: counter-app --as TÊN accounts passwd)."
            )
        return officer

    def may(self, action: Action) -> bool:
        """Whether who is signed in may do `action` (to hide or grey out what they may not)."""
        officer = self.signed_in()
        return officer is not None and allowed(officer.role, action)

    def sign_in(self, username: str, password: str) -> Officer:
        """Check the password and act as that account from now on (audited, success or not)."""
        officer, must_change = self._check(username, password)
        self._signed_in = officer
        self._must_change = must_change
        with self._db.write() as session:
            self.audit(session, "sign_in", target=officer.username, officer=officer)
        log.info("account %s signed in", officer.username)
        return officer

    def verify(self, username: str, password: str) -> Officer:
        """Check a password without changing who is signed in (unlocking a locked window checks this)."""
        return self._check(username, password)[0]

    def sign_out(self) -> None:
        self._signed_in = None
        self._must_change = False

    @property
    def must_change_password(self) -> bool:
        return self._must_change

    def _check(self, username: str, password: str) -> tuple[Officer, bool]:
        name = passwords.clean_username(username)
        self._refuse_if_paused(name)
        with self._db.read() as session:
            row = account_rows.by_username(session, name)
            ok = row is not None and row.active and passwords.verify_password(password, row.password_hash)
            found = (_officer(row), row.must_change_password) if row is not None else None
            disabled_but_right = (
                row is not None and not row.active and passwords.verify_password(password, row.password_hash)
            )
        if not ok or found is None:
            with self._db.write() as session:
                self.audit(
                    session,
                    "sign_in.failed",
                    target=name[:32],
                    officer=Officer(None, name[:32], name[:32], Role.OFFICER),
                    detail={"reason": "disabled" if disabled_but_right else "password"},
                )
            log.warning("failed sign-in")
            if disabled_but_right:
                raise SignInFailed(f"Tài khoản {name} đã bị khoá. Nhờ quản trị mở lại.")
            raise SignInFailed("Sai tên đăng nhập hoặc mật khẩu.")
        return found

    def _refuse_if_paused(self, name: str) -> None:
        """After MAX_FAILED_SIGN_INS wrong passwords since the last good sign-in (or an admin's reset), the account
        waits SIGN_IN_PAUSE from the last failure; the password is not even checked meanwhile."""
        now = self._clock()
        with self._db.read() as session:
            recent = audit_rows.recent_for(session, name[:32], utc_key(now - SIGN_IN_PAUSE))
        failures: list = []
        for entry in recent:
            if entry.action in ("sign_in", "account.reset", "account.recovered"):
                failures = []
            elif entry.action == "sign_in.failed" and entry.detail.get("reason") == "password":
                failures.append(entry)
        if len(failures) >= MAX_FAILED_SIGN_INS:
            until = failures[-1].at + SIGN_IN_PAUSE
            raise SignInFailed(
                f"Đã nhập sai mật khẩu {len(failures)} lần: tài khoản {name} tạm dừng đăng nhập đến "
                f"{until.astimezone(OFFICE_TZ):%H:%M}. Quên mật khẩu: nhờ quản trị đặt lại."
            )

    # --- the accounts (an admin's work) ------------------------------------------------------------------

    def accounts(self) -> list[AccountInfo]:
        self.require(Action.ACCOUNTS)
        with self._db.read() as session:
            return [_info(row) for row in account_rows.all_accounts(session)]

    def create(self, username: str, display_name: str, role: str, password: str) -> AccountInfo:
        """A new account. On a store without accounts the first one must be an admin (it replaces the set-up admin)."""
        actor = self.require(Action.ACCOUNTS)
        name = passwords.clean_username(username)
        shown = normalize_text(display_name)
        problems = []
        if problem := passwords.username_problem(name):
            problems.append(problem)
        if not shown or len(shown) > 150:
            problems.append("họ tên in trên giấy tờ cần từ 1 đến 150 ký tự.")
        try:
            chosen = Role(role)
        except ValueError:
            problems.append("vai trò chỉ nhận officer (cán bộ tiếp nhận), supervisor (cán bộ phụ trách) hoặc admin.")
            chosen = Role.OFFICER
        if problem := passwords.password_problem(password, name):
            problems.append(problem)
        if actor.is_setup_admin and chosen is not Role.ADMIN and not problems:
            problems.append(
                "tài khoản đầu tiên phải là quản trị (admin): chỉ quản trị mới tạo được các tài khoản khác."
            )
        if problems:
            raise AccountError("Tài khoản: " + " ".join(problems))
        now = self._clock()
        hashed = passwords.hash_password(password)
        with self._db.write() as session:
            if account_rows.by_username(session, name) is not None:
                raise AccountError(f"Tài khoản: tên đăng nhập '{name}' đã có.")
            row = Account(
                id=str(uuid.uuid4()),
                username=name,
                display_name=shown,
                role=chosen.value,
                password_hash=hashed,
                active=True,
                must_change_password=False,
                created_at=now,
                changed_at=now,
            )
            account_rows.add(session, row)
            _stamp(
                row, self.audit(session, "account.create", target=name, officer=actor, detail={"role": chosen.value})
            )
            info = _info(row)
        if actor.is_setup_admin:  # the set-up admin is gone with the first account: act as the admin it created
            self._signed_in = _officer(row)
        return info

    def reset_password(self, username: str, new_password: str) -> AccountInfo:
        """An admin sets a forgotten password; the officer must choose a new one at the next sign-in."""
        actor = self.require(Action.ACCOUNTS)
        return self._set_password(actor, username, new_password, must_change=True, action="account.reset")

    def change_password(self, old_password: str, new_password: str) -> None:
        """The signed-in officer changes their own password (the old one is asked again)."""
        officer = self.current()
        if officer.is_setup_admin:
            raise AccountError("Máy chưa có tài khoản: tạo tài khoản quản trị trước (counter-app accounts add).")
        self._check(officer.username, old_password)
        self._set_password(officer, officer.username, new_password, must_change=False, action="account.password")
        self._must_change = False

    def _set_password(
        self, actor: Officer, username: str, new_password: str, *, must_change: bool, action: str
    ) -> AccountInfo:
        name = passwords.clean_username(username)
        if problem := passwords.password_problem(new_password, name):
            raise AccountError(f"Mật khẩu mới: {problem}")
        hashed = passwords.hash_password(new_password)
        with self._db.write() as session:
            row = self._existing(session, name)
            row.password_hash = hashed
            row.must_change_password = must_change and row.id != actor.account_id
            row.changed_at = self._clock()
            _stamp(row, self.audit(session, action, target=name, officer=actor))
            return _info(row)

    def set_active(self, username: str, active: bool) -> AccountInfo:
        actor = self.require(Action.ACCOUNTS)
        name = passwords.clean_username(username)
        with self._db.write() as session:
            row = self._existing(session, name)
            if not active and row.id == actor.account_id:
                raise AccountError("Không tự khoá tài khoản đang đăng nhập: nhờ một quản trị khác.")
            if not active and row.role == Role.ADMIN and row.active and account_rows.active_admins(session) <= 1:
                raise AccountError(f"{name} là quản trị cuối cùng còn hoạt động: tạo quản trị khác trước khi khoá.")
            row.active = active
            row.changed_at = self._clock()
            _stamp(
                row, self.audit(session, "account.enable" if active else "account.disable", target=name, officer=actor)
            )
            return _info(row)

    def set_role(self, username: str, role: str) -> AccountInfo:
        actor = self.require(Action.ACCOUNTS)
        name = passwords.clean_username(username)
        try:
            chosen = Role(role)
        except ValueError:
            raise AccountError("Vai trò chỉ nhận officer, supervisor hoặc admin.") from None
        with self._db.write() as session:
            row = self._existing(session, name)
            if row.role == Role.ADMIN and chosen is not Role.ADMIN and account_rows.active_admins(session) <= 1:
                raise AccountError(f"{name} là quản trị cuối cùng: tạo quản trị khác trước khi đổi vai trò.")
            before = row.role
            row.role = chosen.value
            row.changed_at = self._clock()
            _stamp(
                row,
                self.audit(
                    session, "account.role", target=name, officer=actor, detail={"from": before, "to": chosen.value}
                ),
            )
            return _info(row)

    def _existing(self, session: Any, name: str) -> Account:
        row = account_rows.by_username(session, name)
        if row is None:
            raise AccountError(f"Không có tài khoản '{name}'.")
        return row

    # --- a lost admin: a one-time code printed on this PC ----------------------------------------------------

    def issue_recovery_code(self) -> str:
        """A one-time code, valid 24 hours, for resetting an admin's password (`counter-app accounts recovery`, run
        on the counter PC itself: whoever can run it can read the data file anyway). Kept only as a hash."""
        code = passwords.new_recovery_code()
        now = self._clock()
        hashed = passwords.hash_password(code, n=2**14)
        with self._db.write() as session:
            account_rows.add_recovery_code(session, hashed, now, now + RECOVERY_VALID)
            self.audit(
                session,
                "account.recovery_code",
                officer=STATION_CLI,
                detail={"expires_at": (now + RECOVERY_VALID).isoformat(timespec="seconds")},
            )
        log.warning("a recovery code was issued on this station")
        return code

    def recover(self, code: str, username: str, new_password: str) -> AccountInfo:
        """Reset an admin's password (and re-enable it) with a recovery code; the code is used up."""
        name = passwords.clean_username(username)
        typed = passwords.normalize_recovery_code(code)
        if problem := passwords.password_problem(new_password, name):
            raise AccountError(f"Mật khẩu mới: {problem}")
        hashed = passwords.hash_password(new_password)
        now = self._clock()
        with self._db.write() as session:
            found = next(
                (
                    c
                    for c in account_rows.open_recovery_codes(session)
                    if c.expires_at > now and passwords.verify_password(typed, c.code_hash)
                ),
                None,
            )
            if found is None:
                raise SignInFailed(
                    "Mã khôi phục sai, đã dùng hoặc đã hết hạn: tạo mã mới bằng counter-app accounts recovery."
                )
            row = self._existing(session, name)
            if row.role != Role.ADMIN:
                raise AccountError(f"{name} không phải quản trị: mật khẩu của cán bộ do quản trị đặt lại.")
            found.used_at = now
            row.password_hash = hashed
            row.active = True
            row.must_change_password = False
            row.changed_at = now
            _stamp(row, self.audit(session, "account.recovered", target=name, officer=_officer(row)))
            return _info(row)

    # --- the audit trail ---------------------------------------------------------------------------------

    def audit(
        self,
        session: Any,
        action: str,
        *,
        target: str = "",
        detail: dict[str, Any] | None = None,
        officer: Officer | None = None,
    ) -> AuditEntry:
        """Add an entry in the caller's transaction, by `officer` or whoever is acting now. Never personal data in
        `target`/`detail`: codes, keys, user names, file names."""
        who = officer or self._acting(session, self._signed_in) or STATION_CLI
        station_id = repository.read_settings(session).get("station.id", "")
        return audit_rows.append(
            session,
            station_id=station_id,
            at=self._clock(),
            officer_id=who.account_id,
            officer_name=who.display_name,
            action=action,
            target=target,
            detail=detail,
        )

    def record(
        self,
        action: str,
        *,
        target: str = "",
        detail: dict[str, Any] | None = None,
        officer: Officer | None = None,
    ) -> AuditEntry:
        """An audit entry in a transaction of its own (prints, exports, backups: what writes nothing else)."""
        with self._db.write() as session:
            return self.audit(session, action, target=target, detail=detail, officer=officer)

    def verify_trail(self) -> ChainReport:
        """Check every station's chain; the first problem found, naming its entry."""
        self.require(Action.AUDIT)
        with self._db.read() as session:
            stations = audit_rows.stations(session)
            total = 0
            for station_id in stations:
                checked, problem = verify_chain(audit_rows.chain(session, station_id))
                total += checked
                if problem is not None:
                    return ChainReport(len(stations), total, problem, station_id)
        return ChainReport(len(stations), total, None)

    def trail(
        self,
        *,
        officer: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        limit: int = 1000,
    ) -> list[tuple[int, AuditEntry]]:
        """Entries in time order: of one officer (user name, or the name printed on paper), between two days
        (inclusive, office time)."""
        self.require(Action.AUDIT)
        since = utc_key(datetime.combine(date_from, time(0), OFFICE_TZ)) if date_from else None
        until = utc_key(datetime.combine(date_to + timedelta(days=1), time(0), OFFICE_TZ)) if date_to else None
        with self._db.read() as session:
            ids: list[str] | None = None
            name: str | None = None
            if officer is not None:
                row = account_rows.by_username(session, passwords.clean_username(officer))
                if row is not None:
                    ids = [row.id]
                else:
                    name = normalize_text(officer)
            return audit_rows.entries(
                session, officer_ids=ids, officer_name=name, since_utc=since, until_utc=until, limit=limit
            )


class OpenAccess:
    """The stand-in for services built without accounts (a tool, an old test): everything allowed, nothing audited
    beyond the events themselves."""

    def require(self, action: Action) -> Officer | None:
        return None

    def may(self, action: Action) -> bool:
        return True

    def signed_in(self) -> Officer | None:
        return None

    def audit(self, session: Any, action: str, **kwargs: Any) -> None:
        return None

    def record(self, action: str, **kwargs: Any) -> None:
        return None


OPEN_ACCESS = OpenAccess()
