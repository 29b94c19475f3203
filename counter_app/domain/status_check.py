"""The check value printed on the receipt beside the dossier code ("Mã kiểm tra"), asked by the hub's public status
look-up together with the code. Dossier codes are sequential (agency-date-number): alone they can be walked by a
script; with a random check value of 6 characters (31^6 ≈ 887 million values) a guess is hopeless within the
hub's rate limit per address.

The value is random, made once at intake and carried by the received event's payload (`check`), so every station
of the agency (reprints) and the hub (look-ups) have the same value. Its alphabet leaves out 0/O, 1/I/L: read from
paper and typed by a citizen, it is hard to get wrong.
"""

from __future__ import annotations

import hmac
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # 31 characters: no 0, 1, I, L, O
LENGTH = 6
PAYLOAD_KEY = "check"
_TYPED_AWAY = re.compile(r"[\s\-.]")


def new_check() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_check(typed: str | None) -> str:
    """What a citizen typed, as stored: upper case, without spaces, dashes or dots ("k7p 2qx" → "K7P2QX")."""
    return _TYPED_AWAY.sub("", typed or "").upper()


def is_well_formed(value: str) -> bool:
    return len(value) == LENGTH and all(c in ALPHABET for c in value)


def matches(stored: str | None, typed: str | None) -> bool:
    """Whether `typed` is the dossier's check value, compared in constant time. A dossier without one (received
    before check values existed) matches nothing: the public look-up does not find it."""
    if not stored or not is_well_formed(stored):
        return False
    return hmac.compare_digest(stored.encode("ascii"), normalize_check(typed).encode("ascii", "replace"))
