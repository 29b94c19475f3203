"""The signed QR on a receipt or return slip: its text, and the verdict on a text a QR reader gives back.

The text is short, versioned and readable on a phone: ``CA1|H61.22-261204-1001|20261218|Kq3xY0bA|<signature>``
— the format version, the dossier code, the appointment date (yyyymmdd, office time), the signing key's id (8
base64url characters of the SHA-256 of the station's Ed25519 public key) and the Ed25519 signature (64 bytes,
base64url without padding) of everything before the last ``|``. Only the station's private key can make a
signature; anyone holding its public key (the station itself, the agency's other stations after a sync, the
hub's public page) can check it.

Pure: the signature check itself is passed in (services and the hub check with `cryptography`), so the format and
the reasons a slip is refused are written once, here.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

VERSION = "CA1"
SEPARATOR = "|"
KEY_ID_LENGTH = 8
SIGNATURE_BYTES = 64
PUBLIC_KEY_BYTES = 32
MAX_TEXT = 300  # a QR text longer than this is not one of ours, whatever it says
_CODE = re.compile(r"^[A-Z0-9.]{1,40}-\d{6}-\d{4,7}$")
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{8}$")
_B64URL = re.compile(r"^[A-Za-z0-9_-]+$")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64url_decode(text: str) -> bytes:
    """Raises ValueError for anything that is not unpadded base64url."""
    if not _B64URL.match(text or ""):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(public_key: bytes) -> str:
    """The short id of a raw 32-byte Ed25519 public key, as printed in the QR."""
    return b64url(hashlib.sha256(public_key).digest())[:KEY_ID_LENGTH]


@dataclass(frozen=True)
class SlipClaim:
    """What a slip's QR says: this dossier, this appointment date, signed by this key."""

    code: str
    appointment: date
    key_id: str
    signature: bytes = b""

    def message(self) -> bytes:
        """The bytes signed: the text before the signature."""
        return SEPARATOR.join((VERSION, self.code, f"{self.appointment:%Y%m%d}", self.key_id)).encode("ascii")

    def text(self) -> str:
        return f"{self.message().decode('ascii')}{SEPARATOR}{b64url(self.signature)}"


class MalformedSlip(ValueError):
    """The text is not a slip QR of this application (str(): why, in Vietnamese)."""


def compose(code: str, appointment: date, kid: str, sign: Callable[[bytes], bytes]) -> str:
    """The QR text of dossier `code` promised for `appointment`, signed by `sign` (the station's private key)."""
    claim = SlipClaim(code, appointment, kid)
    return SlipClaim(code, appointment, kid, sign(claim.message())).text()


def parse(text: str) -> SlipClaim:
    """The claim in a QR text; MalformedSlip saying what is wrong with it."""
    raw = (text or "").strip()
    if not raw:
        raise MalformedSlip("Chưa có nội dung mã QR để kiểm tra.")
    if len(raw) > MAX_TEXT or not raw.isascii():
        raise MalformedSlip("Nội dung không phải mã QR trên giấy tiếp nhận hay phiếu trả kết quả của phần mềm này.")
    parts = raw.split(SEPARATOR)
    if parts[0] != VERSION:
        if parts[0].startswith("CA") and len(parts) > 1:
            raise MalformedSlip(f"Mã QR dạng {parts[0]} không được phiên bản phần mềm này đọc (chỉ đọc {VERSION}).")
        raise MalformedSlip("Nội dung không phải mã QR trên giấy tiếp nhận hay phiếu trả kết quả của phần mềm này.")
    if len(parts) != 5:
        raise MalformedSlip(f"Mã QR thiếu hoặc thừa phần: cần 5 phần ngăn bởi «|», có {len(parts)}.")
    _, code, day, kid, signature = parts
    if not _CODE.match(code):
        raise MalformedSlip(f"«{code}» không phải mã hồ sơ hợp lệ.")
    try:
        if not re.fullmatch(r"\d{8}", day):
            raise ValueError(day)
        appointment = date(int(day[:4]), int(day[4:6]), int(day[6:]))
    except ValueError:
        raise MalformedSlip(f"«{day}» không phải ngày hẹn trả (dạng năm-tháng-ngày yyyymmdd).") from None
    if not _KEY_ID.match(kid):
        raise MalformedSlip(f"«{kid}» không phải mã khoá ký của máy trạm.")
    try:
        sig = b64url_decode(signature)
    except ValueError:
        sig = b""
    if len(sig) != SIGNATURE_BYTES:
        raise MalformedSlip("Chữ ký trong mã QR bị cắt hoặc hỏng (không đủ 64 byte).")
    return SlipClaim(code, appointment, kid, sig)


@dataclass(frozen=True)
class KnownKey:
    """A station's public key as the verifier knows it (its own, pulled from the hub, or the hub's own table)."""

    key_id: str
    public_key: bytes
    agency_code: str
    counter: int | None = None


@dataclass(frozen=True)
class CurrentDossier:
    """What the verifier knows of the dossier now: its appointment date and status label."""

    appointment: date | None
    status_label: str = ""


@dataclass(frozen=True)
class Verdict:
    genuine: bool
    reason: str  # ok | malformed | unknown_station | bad_signature | wrong_agency | appointment_changed
    message: str  # Vietnamese, one sentence or two
    claim: SlipClaim | None = None
    key: KnownKey | None = None

    def as_dict(self) -> dict:
        out: dict = {"genuine": self.genuine, "reason": self.reason, "message": self.message}
        if self.claim is not None:
            out.update(code=self.claim.code, appointment_date=self.claim.appointment.isoformat())
            out["key_id"] = self.claim.key_id
        if self.key is not None:
            out.update(agency=self.key.agency_code, counter=self.key.counter)
        return out


def _dmy(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def judge(
    text: str,
    find_key: Callable[[str], KnownKey | None],
    signature_ok: Callable[[bytes, bytes, bytes], bool],
    current: Callable[[str], CurrentDossier | None],
) -> Verdict:
    """Whether `text` is a genuine slip: well formed, signed by a known key of the dossier's agency, and promising
    the appointment the dossier has now (when the verifier knows the dossier). `signature_ok(public_key, message,
    signature)` checks an Ed25519 signature; `current(code)` is the dossier as the verifier knows it, or None."""
    try:
        claim = parse(text)
    except MalformedSlip as exc:
        return Verdict(False, "malformed", str(exc))
    key = find_key(claim.key_id)
    if key is None:
        return Verdict(
            False,
            "unknown_station",
            f"Không biết khoá ký «{claim.key_id}»: phiếu không do một máy trạm đã biết ký. Nếu phiếu của một quầy "
            "khác, hãy đồng bộ để lấy khoá của các máy trạm, hoặc kiểm tra trên trang tra cứu của máy chủ.",
            claim,
        )
    if not signature_ok(key.public_key, claim.message(), claim.signature):
        return Verdict(
            False,
            "bad_signature",
            "Chữ ký không khớp với nội dung: mã hồ sơ hoặc ngày hẹn trong mã QR đã bị sửa, hoặc phiếu giả.",
            claim,
            key,
        )
    agency = claim.code.rsplit("-", 2)[0]
    if agency != key.agency_code:
        return Verdict(
            False,
            "wrong_agency",
            f"Khoá ký thuộc cơ quan {key.agency_code}, nhưng mã hồ sơ là của cơ quan {agency}.",
            claim,
            key,
        )
    signer = f"quầy số {key.counter} của cơ quan {key.agency_code}" if key.counter else f"cơ quan {key.agency_code}"
    now = current(claim.code)
    if now is not None and now.appointment is not None and now.appointment != claim.appointment:
        return Verdict(
            False,
            "appointment_changed",
            f"Phiếu do {signer} ký, nhưng ngày hẹn đã thay đổi: phiếu ghi {_dmy(claim.appointment)}, nay hẹn trả "
            f"{_dmy(now.appointment)}. Dùng phiếu mới nhất.",
            claim,
            key,
        )
    tail = f" Trạng thái hiện nay: {now.status_label}." if now is not None and now.status_label else ""
    if now is None:
        tail = " Máy này chưa có hồ sơ nên chưa so được với ngày hẹn hiện tại."
    return Verdict(
        True,
        "ok",
        f"Phiếu thật: hồ sơ {claim.code}, hẹn trả ngày {_dmy(claim.appointment)}, do {signer} ký.{tail}",
        claim,
        key,
    )
