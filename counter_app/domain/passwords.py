"""Passwords and recovery codes: hashed with scrypt (memory-hard, in the standard library), checked in constant
time; and the rules for a user name and a password, as Vietnamese sentences."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

# scrypt with N=2^15, r=8, p=1 needs 32 MiB and ~0.1 s per check on a counter PC: cheap for one sign-in, costly for
# someone trying a stolen copy of the store. The parameters are stored with each hash, so they can grow later.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
_MAXMEM = 64 * 1024 * 1024
MIN_PASSWORD = 8
MAX_PASSWORD = 128
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
# A recovery code: 4 groups of 5 letters/digits without the ones read wrongly on paper (0/O, 1/I/L).
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, n: int = SCRYPT_N) -> str:
    """`scrypt$N$r$p$salt$hash` (base64): a fresh salt every time, so one password never gives the same text twice."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, maxmem=_MAXMEM, dklen=32)
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_MAXMEM,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def username_problem(username: str) -> str | None:
    if not _USERNAME.match(username):
        return (
            f"tên đăng nhập '{username}' không hợp lệ: 2 đến 32 ký tự, chữ thường không dấu, chữ số và . _ -, "
            "bắt đầu bằng chữ hoặc số (ví dụ: ha.nguyen)."
        )
    return None


def clean_username(username: str) -> str:
    return username.strip().lower()


def password_problem(password: str, username: str = "") -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"mật khẩu cần ít nhất {MIN_PASSWORD} ký tự."
    if len(password) > MAX_PASSWORD:
        return f"mật khẩu dài quá {MAX_PASSWORD} ký tự."
    if password.strip() != password:
        return "mật khẩu không được bắt đầu hay kết thúc bằng dấu cách."
    if username and password.lower() == username.lower():
        return "mật khẩu không được trùng tên đăng nhập."
    return None


def new_recovery_code() -> str:
    """A one-time code to print on paper: 20 characters in 4 groups, about 99 bits."""
    chars = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(20))
    return "-".join(chars[i : i + 5] for i in range(0, 20, 5))


def normalize_recovery_code(code: str) -> str:
    """What was typed, as printed: case, spaces and dashes do not matter."""
    chars = re.sub(r"[\s-]", "", code).upper()
    return "-".join(chars[i : i + 5] for i in range(0, len(chars), 5))
