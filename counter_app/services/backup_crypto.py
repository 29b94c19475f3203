"""Encrypted backup copies: a key the admin holds, AES-256-GCM in chunks, streamed (the store may be gigabytes).

The key is a passphrase typed at a prompt, the environment variable COUNTER_APP_BACKUP_KEY (scripts), or a key
file (`counter-app backup --make-key FILE`: 32 random bytes, base64) — all three are the same thing, a secret
text; scrypt (N=2^15, r=8, p=1: 32 MiB, ~0.1 s) turns it into the AES key with a salt of the copy's own, so a guess
costs as much as a sign-in.

File format (one version so far):

    magic "COUNTERAPP-ENC1\\n" (16 bytes) | salt (16) | log2 N, r, p (1 byte each) | nonce prefix (7) |
    chunk size (4, big-endian)                                                   — the header, 46 bytes
    then chunks: AES-GCM(key, nonce = prefix | chunk number (4, big-endian) | last? (1), plaintext chunk,
                         associated data = the header) — each chunk size + 16 bytes, the last one shorter.

The chunk number and the last-chunk flag in the nonce make a reordered, dropped or truncated chunk fail its tag
(the STREAM construction), and the header as associated data binds every chunk to this salt and these parameters.
A wrong key fails the first chunk's tag: nothing is written where the store is.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"COUNTERAPP-ENC1\n"
ENCRYPTED_SUFFIX = ".enc"
KEY_ENV = "COUNTER_APP_BACKUP_KEY"
MIN_PASSPHRASE = 12
CHUNK = 1 << 20  # 1 MiB of plaintext per chunk
_LOG2_N, _R, _P = 15, 8, 1
_HEADER = struct.Struct(">16s16sBBB7sI")
TAG = 16


class BackupKeyError(ValueError):
    """A key that cannot be used (too short, an unreadable key file) or does not open the copy; Vietnamese text."""


class WrongKey(BackupKeyError):
    pass


def is_encrypted(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def passphrase_key(text: str) -> bytes:
    """A typed passphrase (or the environment variable), as the bytes scrypt takes."""
    value = unicodedata.normalize("NFC", text).strip()
    if len(value) < MIN_PASSPHRASE:
        raise BackupKeyError(f"Khoá sao lưu cần ít nhất {MIN_PASSPHRASE} ký tự (đã có {len(value)}).")
    return value.encode("utf-8")


def key_file_key(path: Path) -> bytes:
    """The secret kept in a key file (its text, surrounding whitespace dropped)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BackupKeyError(f"Không tìm thấy tệp khoá {path}.") from None
    except OSError as exc:
        raise BackupKeyError(f"Không đọc được tệp khoá {path}: {exc.strerror or exc}.") from None
    if len(data) > 4096:
        raise BackupKeyError(f"Tệp {path} không phải tệp khoá sao lưu (quá lớn).")
    try:
        return passphrase_key(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise BackupKeyError(f"Tệp {path} không phải tệp khoá sao lưu (không phải văn bản).") from None


def new_key_file(path: Path) -> Path:
    """A new key file: 32 random bytes in base64, one line. Never overwrites an existing file."""
    secret = base64.b64encode(os.urandom(32)).decode("ascii")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="ascii") as handle:
            handle.write(secret + "\n")
    except FileExistsError:
        raise BackupKeyError(f"Tệp {path} đã có: không ghi đè một khoá (có thể đang mở các bản sao cũ).") from None
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass
    return path


def _derive(secret: bytes, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    if not (10 <= log2_n <= 20 and 1 <= r <= 16 and 1 <= p <= 4):
        raise BackupKeyError("Tệp sao lưu mã hoá có tham số lạ: có thể tệp đã hỏng.")
    n = 1 << log2_n
    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + (1 << 20), dklen=32)


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", number, 1 if last else 0)


def _blocks(handle: BinaryIO, size: int) -> Iterator[tuple[bytes, bool]]:
    """(block, is it the last) — one block read ahead, so the last is known; an empty input is one empty block."""
    current = handle.read(size)
    while True:
        following = handle.read(size)
        yield current, not following
        if not following:
            return
        current = following


def encrypt_file(source: Path, target: Path, secret: bytes) -> Path:
    """Encrypt `source` into `target` (written as .part, synced, renamed: a failure leaves no partial copy)."""
    salt, prefix = os.urandom(16), os.urandom(7)
    header = _HEADER.pack(MAGIC, salt, _LOG2_N, _R, _P, prefix, CHUNK)
    aead = AESGCM(_derive(secret, salt, _LOG2_N, _R, _P))
    partial = target.with_name(target.name + ".part")
    try:
        with open(source, "rb") as reader, open(partial, "wb") as writer:
            writer.write(header)
            for number, (block, last) in enumerate(_blocks(reader, CHUNK)):
                writer.write(aead.encrypt(_nonce(prefix, number, last), block, header))
            writer.flush()
            os.fsync(writer.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _opens(aead: AESGCM, prefix: bytes, block: bytes, header: bytes) -> bool:
    """Whether the first block opens as a middle chunk (the key is right; the file was cut after it)."""
    try:
        aead.decrypt(_nonce(prefix, 0, False), block, header)
    except InvalidTag:
        return False
    return True


def decrypt_file(source: Path, target: Path, secret: bytes) -> Path:
    """Decrypt `source` into `target` (.part, renamed once every chunk checked). WrongKey when the key does not
    open it, BackupKeyError when the file is damaged or cut short — `target` is then not written."""
    partial = target.with_name(target.name + ".part")
    try:
        with open(source, "rb") as reader:
            header = reader.read(_HEADER.size)
            if len(header) < _HEADER.size or not header.startswith(MAGIC):
                raise BackupKeyError(f"Tệp {source.name} không phải bản sao lưu mã hoá của counter-app.")
            _magic, salt, log2_n, r, p, prefix, chunk = _HEADER.unpack(header)
            if not 1 <= chunk <= 1 << 26:
                raise BackupKeyError(f"Tệp {source.name} có tham số lạ: có thể tệp đã hỏng.")
            aead = AESGCM(_derive(secret, salt, log2_n, r, p))
            with open(partial, "wb") as writer:
                for number, (block, last) in enumerate(_blocks(reader, chunk + TAG)):
                    try:
                        writer.write(aead.decrypt(_nonce(prefix, number, last), block, header))
                    except InvalidTag:
                        if number == 0 and not _opens(aead, prefix, block, header):
                            raise WrongKey(
                                f"Sai khoá giải mã bản sao lưu {source.name} (hoặc tệp đã bị sửa). Chưa thay đổi gì."
                            ) from None
                        raise BackupKeyError(
                            f"Bản sao lưu {source.name} bị hỏng hoặc thiếu phần cuối (đoạn {number + 1}). "
                            "Chưa thay đổi gì; hãy chọn bản sao khác."
                        ) from None
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target
