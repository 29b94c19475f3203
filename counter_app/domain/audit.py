"""The audit trail's chain: each entry carries the SHA-256 of the one before it (per station), so an entry edited,
removed or inserted afterwards breaks the chain at that place, and `verify_chain` names the first entry that does
not fit. Pure: the store reads the rows, this module judges them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of a station's first entry

# What the entries of the trail are called on screen and in `audit show` (the action names are stable identifiers).
AUDIT_LABELS = {
    "event": "Ghi sự kiện hồ sơ",
    "settings.set": "Sửa thiết lập",
    "catalogue.change": "Sửa danh mục thủ tục",
    "calendar.change": "Sửa lịch làm việc",
    "account.create": "Tạo tài khoản",
    "account.password": "Đổi mật khẩu",
    "account.reset": "Đặt lại mật khẩu",
    "account.disable": "Khoá tài khoản",
    "account.enable": "Mở khoá tài khoản",
    "account.role": "Đổi vai trò",
    "account.recovery_code": "Cấp mã khôi phục",
    "account.recovered": "Khôi phục quản trị bằng mã",
    "sign_in": "Đăng nhập",
    "sign_in.failed": "Đăng nhập sai",
    "print": "In phiếu",
    "guidance": "Hướng dẫn hoàn thiện hồ sơ (mẫu 02, không tiếp nhận)",
    "export": "Xuất dữ liệu",
    "backup": "Sao lưu",
    "restore": "Khôi phục dữ liệu",
    "record.read": "Xem đầy đủ hồ sơ",
    "account.publish": "Gửi tài khoản lên máy chủ đồng bộ",
    "account.synced": "Nhận tài khoản từ máy chủ đồng bộ",
}


@dataclass(frozen=True)
class AuditEntry:
    station_id: str
    seq: int  # 1, 2, 3 … per station
    at: datetime
    officer_id: str | None  # the account; None: the set-up admin of a store without accounts
    officer_name: str
    action: str  # one of AUDIT_LABELS' keys
    target: str = ""  # a dossier code, a setting key, a user name, a file name: never personal data
    detail: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS
    hash: str = ""

    @property
    def label(self) -> str:
        return AUDIT_LABELS.get(self.action, self.action)


def entry_hash(entry: AuditEntry, prev_hash: str) -> str:
    """SHA-256 of the entry's content and the previous entry's hash, over canonical JSON (sorted keys, UTF-8)."""
    content = {
        "station_id": entry.station_id,
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="seconds"),
        "officer_id": entry.officer_id,
        "officer_name": entry.officer_name,
        "action": entry.action,
        "target": entry.target,
        "detail": entry.detail,
        "prev_hash": prev_hash,
    }
    data = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    entry_id: int | None
    reason: str  # Vietnamese


def verify_chain(
    entries: Iterable[tuple[int | None, AuditEntry]], *, after_seq: int = 0, after_hash: str = GENESIS
) -> tuple[int, ChainProblem | None]:
    """(entries checked, the first problem or None). `entries` are one station's, in seq order, with their row ids.

    `after_seq`/`after_hash`: the entry the first of `entries` must follow (the hub checks a pushed batch against
    the last entry it holds of that station); by default the chain's start."""
    expected_prev = after_hash
    expected_seq = after_seq + 1
    checked = 0
    for row_id, entry in entries:
        if entry.seq != expected_seq:
            missing = "bị xoá hoặc chèn thêm" if entry.seq > expected_seq else "trùng hoặc sai thứ tự"
            return checked, ChainProblem(entry.seq, row_id, f"số thứ tự {entry.seq}, cần {expected_seq}: mục {missing}")
        if entry.prev_hash != expected_prev:
            return checked, ChainProblem(
                entry.seq, row_id, "mã băm của mục trước không khớp: mục trước đã bị sửa, xoá hoặc chèn"
            )
        if entry_hash(entry, entry.prev_hash) != entry.hash:
            return checked, ChainProblem(entry.seq, row_id, "nội dung đã bị sửa sau khi ghi (mã băm không khớp)")
        expected_prev = entry.hash
        expected_seq += 1
        checked += 1
    return checked, None
