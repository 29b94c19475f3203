"""Scans and result files at the hub (issue 13 item 5): sent only when the agency enables it, checked on arrival,
fetched by another counter of the same agency when an officer opens the file there — never by another agency.
A real hub (uvicorn in a thread on 127.0.0.1) on SQLite and PostgreSQL, real stations."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sync_harness import HubThread, make_station

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.files import FileProblem
from counter_app.services.intake import IntakeRequest, ScanInput

CERT = "1.000001.000.00.00.H61"


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 25, 9, 0, tzinfo=OFFICE_TZ)

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=30)
        return self.moment


def _pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n%scan\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    return path


@pytest.fixture
def hub(hub_db_url):
    from counter_app.hub import admin
    from counter_app.hub.app import create_app
    from counter_app.hub.db import open_hub_database

    db = open_hub_database(hub_db_url)
    tokens = [admin.add_station(db, "H61.22", counter=n).token for n in (1, 2)]
    other = admin.add_station(db, "H61.99", counter=1).token
    admin.set_agency(db, "H61.99", files_enabled=True)
    with HubThread(create_app(db=db)) as server:
        server.db = db
        server.tokens = tokens
        server.other = other
        yield server
    db.dispose()


def _hub_files(hub) -> dict[str, bytes]:
    from sqlalchemy import select

    from counter_app.hub.models import HubFile

    with hub.db.read() as session:
        return {f.sha256: bytes(f.data) for f in session.scalars(select(HubFile))}


def test_files_go_to_the_hub_only_when_the_agency_takes_them(hub, tmp_path):
    from counter_app.hub.admin import set_agency

    one = make_station(tmp_path / "s1", Clock(), agency="H61.22", counter=1, hub_url=hub.url, token=hub.tokens[0])
    two = make_station(tmp_path / "s2", Clock(), agency="H61.22", counter=2, hub_url=hub.url, token=hub.tokens[1])
    try:
        scan = _pdf(tmp_path / "don.pdf")
        sha = hashlib.sha256(scan.read_bytes()).hexdigest()
        code = one.services.intake.intake(
            IntakeRequest(procedure_code=CERT, applicant_name="Lê Thị Hoa", scans=(ScanInput(str(scan), "1"),))
        ).code

        # Off by default: the event syncs, the bytes stay on the station; a direct upload is refused.
        result = one.sync.sync_once()
        assert result.ok and result.acknowledged == 2 and result.files_sent == 0
        assert _hub_files(hub) == {}
        refused = httpx.put(
            f"{hub.url}/api/v1/files/{sha}",
            content=scan.read_bytes(),
            headers={"Authorization": f"Bearer {hub.tokens[0]}"},
        )
        assert refused.status_code == 403 and refused.json()["reason"] == "files_disabled"
        assert two.sync.sync_once().ok
        with pytest.raises(FileProblem, match="chưa tải được từ máy chủ"):
            two.services.files.open_checked(sha, code)

        # The agency takes files: the next cycle sends what was attached before, once.
        set_agency(hub.db, "H61.22", files_enabled=True)
        result = one.sync.sync_once()
        assert result.ok and result.files_sent == 1 and "gửi 1 tệp quét" in result.describe()
        assert _hub_files(hub) == {sha: scan.read_bytes()}
        assert one.sync.sync_once().files_sent == 0

        # Counter 2 sees the file in the dossier and gets its bytes from the hub when the officer opens it.
        assert two.sync.sync_once().ok
        (attached,) = two.services.dossiers.detail(code).files
        assert attached.sha256 == sha and not two.services.files.store.has(sha)
        path = two.services.files.open_checked(sha, code)
        assert path.read_bytes() == scan.read_bytes() and two.services.files.store.has(sha)

        # Checked on arrival: bytes that do not hash to the name are refused.
        bad = httpx.put(
            f"{hub.url}/api/v1/files/{'0' * 64}",
            content=scan.read_bytes(),
            headers={"Authorization": f"Bearer {hub.tokens[1]}"},
        )
        assert bad.status_code == 422 and bad.json()["reason"] == "file_hash"
        # Another agency (files enabled too) cannot read this agency's file.
        foreign = httpx.get(f"{hub.url}/api/v1/files/{sha}", headers={"Authorization": f"Bearer {hub.other}"})
        assert foreign.status_code == 404
    finally:
        one.close()
        two.close()


def test_a_file_gone_from_the_station_is_counted_not_sent(hub, tmp_path):
    from counter_app.hub.admin import set_agency

    set_agency(hub.db, "H61.22", files_enabled=True)
    one = make_station(tmp_path / "s1", Clock(), agency="H61.22", counter=1, hub_url=hub.url, token=hub.tokens[0])
    try:
        scan = _pdf(tmp_path / "don.pdf")
        sha = hashlib.sha256(scan.read_bytes()).hexdigest()
        one.services.intake.intake(
            IntakeRequest(procedure_code=CERT, applicant_name="Lê Thị Hoa", scans=(ScanInput(str(scan)),))
        )
        one.services.files.store.checked_path(sha).unlink()
        result = one.sync.sync_once()
        assert result.ok and result.files_sent == 0 and result.files_missing == 1
        assert "không còn trên máy" in result.describe()
        assert _hub_files(hub) == {}
    finally:
        one.close()
