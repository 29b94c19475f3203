"""The command line logs to the station's file: the command's name (never its arguments), what it did by dossier
code, the print; the applicant typed on the command line is nowhere in the log."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from counter_app import logs
from counter_app.cli import main
from tests.conftest import CERT_CODE, MINI_CATALOGUE, set_up_station

NAME = "Trịnh Văn Khải"
ID_NUMBER = "031095004321"
PHONE = "0904111222"


@pytest.fixture
def clean_logging():
    root = logging.getLogger()
    level = root.level
    yield
    logs.shutdown_logging()
    root.setLevel(level)


def test_cli_commands_log_to_the_station_file_without_personal_data(
    data_dir: Path, tmp_path: Path, capsys, clean_logging
) -> None:
    from counter_app.services.app import open_services

    services = open_services(data_dir, load_demo=False)
    services.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
    set_up_station(services.settings)
    services.close()
    pdf = tmp_path / "receipt.pdf"
    args = ["intake", "--procedure", CERT_CODE, "--applicant", NAME, "--id-number", ID_NUMBER, "--phone", PHONE]
    assert main([*args, "--pdf", str(pdf)]) == 0
    code = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["event", code, "handover", "--to", "Phòng Quản lý chuyên ngành"]) == 0
    assert main(["event", code, "returned", "--receiver", NAME, "--method", "counter"]) != 0  # not resolved yet
    capsys.readouterr()

    path = data_dir / "logs" / "counter-app.log"
    assert logs.current_log_file() == path
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "start cli: counter_app" in text and str(data_dir) in text
    assert "counter-app intake" in text and "counter-app event" in text
    assert f"dossier {code} received (procedure {CERT_CODE}, direct)" in text
    assert f"printed receipt of {code} (1 copies)" in text
    assert f"event handed_over recorded on {code}" in text
    for value in (NAME, "Khải", ID_NUMBER, PHONE, PHONE[1:]):
        assert value not in text, value


def test_the_cli_writes_nothing_to_stderr_through_logging(data_dir: Path, capsys, clean_logging) -> None:
    """The log goes to the file only: a script reading stderr sees its one line, not log records."""
    assert main(["settings", "set", "station.counter", "3"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and "station.counter = 3" in captured.out
    assert "counter-app settings set" in (data_dir / "logs" / "counter-app.log").read_text(encoding="utf-8")
    assert sys.stderr is not None
