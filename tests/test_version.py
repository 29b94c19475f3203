"""The version the program reports is the one the package declares."""

import tomllib
from pathlib import Path

from counter_app import __version__
from counter_app.cli import main


def test_version_matches_pyproject():
    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert __version__ == pyproject["project"]["version"]


def test_cli_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    assert capsys.readouterr().out.strip() == f"counter-app {__version__}"


def test_command_line_help_and_errors_are_vietnamese(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("cách dùng: counter-app") and "tuỳ chọn" in out
    with pytest.raises(SystemExit) as info:
        main(["intake"])
    assert info.value.code == 2
    assert "thiếu tham số bắt buộc: --procedure, --applicant" in capsys.readouterr().err
