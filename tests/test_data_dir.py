"""Where the store lives: the PC's folder on Windows (%ProgramData%), the user's on Linux, or COUNTER_APP_DATA_DIR."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from counter_app.store import db


def test_windows_store_belongs_to_the_pc_not_to_one_account(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv(db.DATA_DIR_ENV, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("ProgramData", str(tmp_path / "ProgramData"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Users" / "ha" / "AppData" / "Local"))
    assert db.default_data_dir() == tmp_path / "ProgramData" / "counter_app"


def test_windows_without_programdata_variable_uses_the_standard_folder(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(db.DATA_DIR_ENV, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("ProgramData", raising=False)
    assert str(db.default_data_dir()).replace("\\", "/").endswith("C:/ProgramData/counter_app")


def test_environment_variable_wins_everywhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv(db.DATA_DIR_ENV, str(tmp_path / "store"))
    assert db.default_data_dir() == tmp_path / "store"


def test_linux_keeps_the_per_user_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv(db.DATA_DIR_ENV, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert db.default_data_dir() == tmp_path / "xdg" / "counter_app"
