"""The command line on Windows' terms: a cp1252 pipe, no console at all, an output that fails after a commit."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from counter_app.cli import main
from counter_app.domain.calendar import OFFICE_TZ
from tests.conftest import CERT_CODE, MINI_CATALOGUE, station_setup

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(data_dir: Path, clock) -> tuple[Path, str]:
    """A store with the mini catalogue and one dossier (Nguyễn Thị Hương, received 02/11/2026 09:00)."""
    from counter_app.services.app import open_services
    from counter_app.services.intake import IntakeRequest

    services = open_services(data_dir, load_demo=False, clock=clock)
    try:
        services.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
        services.settings.set_many({**station_setup(), "officer.name": "Đặng Thị Thu Hà"})
        result = services.intake.intake(
            IntakeRequest(
                procedure_code=CERT_CODE,
                applicant_name="Nguyễn Thị Hương",
                received_at=datetime(2026, 11, 2, 9, 0, tzinfo=OFFICE_TZ),
            )
        )
    finally:
        services.close()
    return data_dir, result.code


def _run_cp1252(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, COUNTER_APP_DATA_DIR=str(data), PYTHONIOENCODING="cp1252", PYTHONUTF8="0")
    return subprocess.run(
        [sys.executable, "-m", "counter_app", *args], cwd=ROOT, env=env, capture_output=True, timeout=120
    )


COMMANDS = [
    ("settings", "show"),
    ("show", "{code}"),
    ("show", "{code}", "--json"),
    ("catalogue", "list", "--json"),
    ("due-date", "--procedure", CERT_CODE, "--received-at", "2026-04-24T09:00+07:00", "--json"),
    ("report", "--period", "2026-Q4"),
    ("verify",),
    ("calendar", "show", "2026"),
    ("sync", "--status"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c).replace("{code}", "CODE"))
def test_vietnamese_output_through_a_cp1252_pipe(store, command):
    data, code = store
    result = _run_cp1252(data, *(part.format(code=code) for part in command))
    # `sync --status` on a station with no hub says so and exits 1 by design; everything else exits 0
    assert result.returncode == (1 if command[0] == "sync" else 0), result.stderr.decode("utf-8", "replace")
    text = result.stdout.decode("utf-8")  # UTF-8 whatever the code page: never the cp1252 bytes
    assert any(ord(ch) > 0x7F for ch in text), text  # Vietnamese went through, not only ASCII
    assert "Traceback" not in result.stderr.decode("utf-8", "replace")
    if "--json" in command or command[0] == "report":
        json.loads(text)


def test_the_receipt_printed_name_survives_the_pipe(store):
    data, code = store
    result = _run_cp1252(data, "show", code)
    assert "Nguyễn Thị Hương" in result.stdout.decode("utf-8")
    assert "Đặng Thị Thu Hà" in result.stdout.decode("utf-8")  # the officer in the timeline


@pytest.mark.parametrize(
    "argv",
    [
        ["settings", "show"],
        ["show", "{code}"],
        ["report", "--period", "2026-Q4", "--by", "procedure"],
        ["catalogue", "list", "--json"],
        ["verify"],
        ["show", "H61.22-000000-0000"],  # an error: its line goes nowhere, the exit code still says so
    ],
)
def test_a_windowed_program_without_streams(store, monkeypatch, argv):
    """console=False on Windows: sys.stdout and sys.stderr are None; commands run and never crash."""
    _data, code = store
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    rc = main([part.format(code=code) for part in argv])
    assert (rc != 0) if argv[1:] == ["H61.22-000000-0000"] else (rc == 0)
    assert sys.stdout is None and sys.stderr is None  # put back as found


class _FullDisk(io.TextIOBase):
    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


def _events(data: Path, code: str) -> list[str]:
    from counter_app.services.app import open_services

    services = open_services(data, load_demo=False)
    try:
        return [event.kind for event in services.dossiers.detail(code).timeline]
    finally:
        services.close()


def test_an_output_error_never_turns_a_committed_event_into_a_failure(store, monkeypatch, capsys):
    """`event … handover > log.txt` on a full disk: the event is recorded once and the exit code says so, so a
    script that retries on failure does not record it twice."""
    data, code = store
    before = _events(data, code)
    monkeypatch.setattr(sys, "stdout", _FullDisk())
    rc = main(["event", code, "handover", "--to", "Phòng Quản lý chuyên ngành", "--at", "2026-11-24T10:00"])
    assert rc == 0
    after = _events(data, code)
    assert len(after) == len(before) + 1
    assert "không ghi được kết quả" in capsys.readouterr().err


def test_a_cp1252_stream_in_process_gets_utf8(store, monkeypatch):
    data, code = store
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", stream)
    rc = main(["event", code, "handover", "--to", "Phòng Quản lý chuyên ngành", "--at", "2026-11-24T10:00"])
    stream.flush()
    assert rc == 0
    assert "«Chuyển hồ sơ giải quyết»" in raw.getvalue().decode("utf-8")
