"""The station's signing key and the signed QR on its slips (domain/slip_code.py), and `verify-slip`.

The private key is one file beside the store, `slip-signing-key.pem` (PKCS#8 PEM, unencrypted, readable by the
Windows user only where the OS allows): generated the first time the station signs a slip, never written to the
store, the log or the hub, and deliberately NOT in backups (a backup copies the store only). A backup on a USB stick
must not carry the means to forge slips; a station restored on another PC makes a new key at its first slip and
registers it at the next sync, while its former public keys stay in the store (table slip_keys, which backups do
carry) and at the hub, so its older slips still verify. Public keys: this station's own (registered at the hub by
the sync with the station's token) and the agency's other stations' (pulled from the hub), so `verify-slip` works
offline for any slip of the agency the station has heard of.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from counter_app.domain import slip_code
from counter_app.domain.calendar import OFFICE_TZ, as_office_time
from counter_app.domain.slip_code import CurrentDossier, KnownKey, Verdict
from counter_app.domain.state import STATUS_LABELS, DossierStatus
from counter_app.store import repository
from counter_app.store import slip_keys as key_store
from counter_app.store.db import Database
from counter_app.store.models import SlipKey

log = logging.getLogger(__name__)

KEY_FILE = "slip-signing-key.pem"


def signature_ok(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """An Ed25519 signature check (False for a bad key or signature, never an exception)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class OwnKey:
    key_id: str
    public_key: bytes
    sign: Callable[[bytes], bytes]


class SlipSigner:
    """Signs this station's slips and checks any slip of the agency it knows the key of."""

    def __init__(
        self, db: Database, settings, clock: Callable[[], datetime] | None = None, key_file: Path | None = None
    ):
        self._db = db
        self._settings = settings
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        self.key_file = key_file or Path(db.path).parent / KEY_FILE
        self._own: OwnKey | None = None

    # --- the station's own key ------------------------------------------------------------------------

    def own_key(self) -> OwnKey:
        """The station's key: read from its file, made (and its public half recorded) the first time."""
        if self._own is not None and self.key_file.exists():
            return self._own
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        private = None
        if self.key_file.exists():
            try:
                loaded = serialization.load_pem_private_key(self.key_file.read_bytes(), password=None)
                private = loaded if isinstance(loaded, Ed25519PrivateKey) else None
            except ValueError:
                private = None
            if private is None:  # damaged: kept aside for whoever looks into it, never silently reused
                aside = self.key_file.with_name(f"{self.key_file.name}.damaged-{self._clock():%Y%m%d%H%M%S}")
                os.replace(self.key_file, aside)
                log.warning("slip signing key file damaged; moved aside, a new key is made")
        if private is None:
            private = Ed25519PrivateKey.generate()
            pem = private.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            self.key_file.parent.mkdir(parents=True, exist_ok=True)
            temp = self.key_file.with_name(self.key_file.name + ".tmp")
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(pem)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.key_file)
        public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        kid = slip_code.key_id(public)
        self._record_own(kid, public)
        self._own = OwnKey(kid, public, private.sign)
        return self._own

    def _record_own(self, kid: str, public: bytes) -> None:
        with self._db.read() as session:
            if key_store.by_id(session, kid) is not None:
                return
        values = self._settings.all()
        counter = values.get("station.counter", "")
        with self._db.write() as session:
            if key_store.by_id(session, kid) is None:
                key_store.add(
                    session,
                    SlipKey(
                        key_id=kid,
                        public_key=slip_code.b64url(public),
                        agency_code=values.get("agency.code", ""),
                        counter=int(counter) if counter.isdigit() else None,
                        origin="own",
                        created_at=self._clock(),
                    ),
                )
        log.info("slip signing key %s made for this station", kid)

    def qr_text(self, code: str, appointment: datetime | date) -> str:
        """The signed QR text of dossier `code` promised for `appointment` (office date)."""
        day = as_office_time(appointment).date() if isinstance(appointment, datetime) else appointment
        key = self.own_key()
        return slip_code.compose(code, day, key.key_id, key.sign)

    # --- checking ------------------------------------------------------------------------------------

    def known_key(self, kid: str) -> KnownKey | None:
        with self._db.read() as session:
            row = key_store.by_id(session, kid)
            if row is None:
                return None
            return KnownKey(row.key_id, slip_code.b64url_decode(row.public_key), row.agency_code, row.counter)

    def _current(self, code: str) -> CurrentDossier | None:
        with self._db.read() as session:
            row = repository.dossier_by_code(session, code)
            if row is None:
                return None
            due, status = row.due_at, row.status
        return CurrentDossier(as_office_time(due).date(), STATUS_LABELS.get(DossierStatus(status), status))

    def verify(self, text: str) -> Verdict:
        """The verdict on a QR text, offline: keys and dossiers as this station knows them."""
        return slip_code.judge(text, self.known_key, signature_ok, self._current)

    # --- keys and the hub -----------------------------------------------------------------------------

    def keys_to_register(self) -> list[dict]:
        """This station's public keys the hub has not acknowledged yet (sent by the sync with the station's token)."""
        with self._db.read() as session:
            return [
                {"key_id": k.key_id, "public_key": k.public_key, "created_at": k.created_at.isoformat()}
                for k in key_store.unregistered_own(session)
            ]

    def registered(self, kid: str) -> None:
        with self._db.write() as session:
            key_store.mark_registered(session, kid, self._clock())

    def store_pulled(self, keys: list[dict]) -> int:
        """Keep the agency's stations' public keys the hub sent (checked: the id must be the key's); returns how
        many were new. A key id already known is never replaced."""
        added = 0
        with self._db.write() as session:
            for item in keys:
                try:
                    kid, public_text = str(item["key_id"]), str(item["public_key"])
                    public = slip_code.b64url_decode(public_text)
                except (KeyError, ValueError, TypeError):
                    continue
                if len(public) != slip_code.PUBLIC_KEY_BYTES or slip_code.key_id(public) != kid:
                    continue
                if key_store.by_id(session, kid) is not None:
                    continue
                counter = item.get("counter")
                key_store.add(
                    session,
                    SlipKey(
                        key_id=kid,
                        public_key=public_text,
                        agency_code=str(item.get("agency") or ""),
                        counter=int(counter) if isinstance(counter, int) else None,
                        origin="hub",
                        created_at=self._clock(),
                    ),
                )
                added += 1
        return added
