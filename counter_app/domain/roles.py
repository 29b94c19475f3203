"""Who may do what at the counter: the roles, the actions, and ONE table saying which role may do which action.

Services ask `allowed(role, action)` (through services/accounts.Access.require) before they act, so the window and
the command line refuse the same things with the same Vietnamese sentence. Nothing else in the program decides a
permission: a new action is a new row of PERMISSIONS, never an `if role == …` somewhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    OFFICER = "officer"  # cán bộ tiếp nhận: intake, ordinary events, returns, prints
    SUPERVISOR = "supervisor"  # cán bộ phụ trách: also decisions, reports, catalogue and calendar, the audit trail
    ADMIN = "admin"  # quản trị: also accounts and settings


ROLE_LABELS = {
    Role.OFFICER: "Cán bộ tiếp nhận",
    Role.SUPERVISOR: "Cán bộ phụ trách",
    Role.ADMIN: "Quản trị",
}


class Action(StrEnum):
    INTAKE = "intake"
    RECORD_EVENT = "record_event"  # handover, supplements, resolved, returned, withdrawn, back from a division
    PRINT = "print"  # receipts, slips, the register, form 02 for a walk-in
    SYNC = "sync"
    APOLOGY = "apology"  # extended: an apology with a new appointment date (mẫu 04)
    REFUSE = "refuse"  # refused during handling (mẫu 03)
    STOP = "stop"  # handling stopped (a decision of the agency, like a refusal)
    CONFLICTS = "conflicts"  # settle the sync conflicts between stations
    REPORTS = "reports"  # Biểu 06, its exports, the dashboard
    CATALOGUE = "catalogue"  # import / edit / retire procedures
    CALENDAR = "calendar"  # days off, make-up days
    BACKUP = "backup"  # a copy on demand (the window's daily copy is the program's own)
    AUDIT = "audit"  # read and verify the audit trail
    RESTORE = "restore"
    SETTINGS = "settings"
    ACCOUNTS = "accounts"
    PERSONAL_REVEAL = "personal.reveal"  # see an applicant's full CCCD/ID number, phone, address (audited)
    PRIVACY = "privacy"  # retention purge, a citizen's own data exported (docs/PRIVACY.md)
    COLLECT_FEE = "collect_fee"  # record phí, lệ phí collected, print its receipt
    REFUND_FEE = "refund_fee"  # refund a receipt, or cancel it (a supervisor's decision)


# What each action is called in a refusal ("… không được <label>").
ACTION_LABELS = {
    Action.INTAKE: "tiếp nhận hồ sơ",
    Action.RECORD_EVENT: "ghi nhận bước xử lý hồ sơ",
    Action.PRINT: "in phiếu",
    Action.SYNC: "đồng bộ",
    Action.APOLOGY: "gia hạn, xin lỗi và hẹn lại ngày trả kết quả",
    Action.REFUSE: "từ chối giải quyết hồ sơ",
    Action.STOP: "dừng giải quyết hồ sơ",
    Action.CONFLICTS: "xử lý xung đột đồng bộ",
    Action.REPORTS: "xem và xuất báo cáo",
    Action.CATALOGUE: "sửa danh mục thủ tục",
    Action.CALENDAR: "sửa lịch làm việc",
    Action.BACKUP: "sao lưu dữ liệu",
    Action.AUDIT: "xem nhật ký kiểm tra",
    Action.RESTORE: "khôi phục dữ liệu",
    Action.SETTINGS: "sửa thiết lập",
    Action.ACCOUNTS: "quản lý tài khoản",
    Action.PERSONAL_REVEAL: "xem đầy đủ số giấy tờ, điện thoại và địa chỉ của người nộp",
    Action.PRIVACY: "xoá dữ liệu cá nhân hết thời hạn lưu trữ hoặc trích xuất dữ liệu cho công dân",
    Action.COLLECT_FEE: "thu phí, lệ phí",
    Action.REFUND_FEE: "hoàn trả phí, lệ phí hoặc hủy biên lai",
}

_O, _S, _A = Role.OFFICER, Role.SUPERVISOR, Role.ADMIN

# THE permission table: each action and the roles that may do it. An admin is also a supervisor, a supervisor also
# an officer (a small office may have one person in several roles; the paper names who signed in).
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.INTAKE: frozenset({_O, _S, _A}),
    Action.RECORD_EVENT: frozenset({_O, _S, _A}),
    Action.PRINT: frozenset({_O, _S, _A}),
    Action.SYNC: frozenset({_O, _S, _A}),
    Action.APOLOGY: frozenset({_S, _A}),
    Action.REFUSE: frozenset({_S, _A}),
    Action.STOP: frozenset({_S, _A}),
    Action.CONFLICTS: frozenset({_S, _A}),
    Action.REPORTS: frozenset({_S, _A}),
    Action.CATALOGUE: frozenset({_S, _A}),
    Action.CALENDAR: frozenset({_S, _A}),
    Action.BACKUP: frozenset({_S, _A}),
    Action.AUDIT: frozenset({_S, _A}),
    Action.RESTORE: frozenset({_A}),
    Action.SETTINGS: frozenset({_A}),
    Action.ACCOUNTS: frozenset({_A}),
    # Lists and screens show CCCD/ID numbers and phones masked to everyone. The officer at the counter has the
    # applicant and the paper in front of them and needs no full value from the store; a supervisor answering a
    # complaint, calling about a result or checking a representative does, one dossier at a time, each time audited.
    Action.PERSONAL_REVEAL: frozenset({_S, _A}),
    Action.PRIVACY: frozenset({_S, _A}),
    Action.COLLECT_FEE: frozenset({_O, _S, _A}),
    Action.REFUND_FEE: frozenset({_S, _A}),
}


def allowed(role: Role | str, action: Action) -> bool:
    return Role(role) in PERMISSIONS[action]


def least_role(action: Action) -> Role:
    """The lowest role allowed to do `action` (for the refusal's "cần vai trò …")."""
    return next(role for role in Role if role in PERMISSIONS[action])


@dataclass(frozen=True)
class Officer:
    """Who is acting: a signed-in account, or the set-up admin of a store that has no account yet (account_id
    None, the name of the `officer.name` setting, as every store had before accounts existed)."""

    account_id: str | None
    username: str
    display_name: str  # the name printed on paper and carried by events
    role: Role

    @property
    def is_setup_admin(self) -> bool:
        return self.account_id is None


def refusal(officer: Officer, action: Action) -> str:
    """The Vietnamese sentence of a refused action, naming who, what and which role it needs."""
    need = least_role(action)
    return (
        f"Tài khoản {officer.username} ({ROLE_LABELS[officer.role].lower()}) không được {ACTION_LABELS[action]}: "
        f"việc này cần vai trò {ROLE_LABELS[need].lower()}"
        + (" trở lên" if need is not Role.ADMIN else "")
        + ". Nhờ người có quyền đăng nhập để làm."
    )
