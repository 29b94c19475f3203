"""The PyInstaller spec builds a program that starts, computes a due date and prints a receipt.

PyInstaller builds for the system it runs on: here that is Linux, which checks the spec (data files,
hidden imports, resources found through counter_app.resources) the Windows build uses too.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


# For .ci/run: a folder where the build is kept for its second round (at the moved clock, the same sources), which
# runs these tests again on the program the first round built. The build goes into a subfolder of its own, the only
# thing ever deleted there. Unset: each run builds its own.
CACHE_ENV = "COUNTER_APP_TEST_FROZEN_CACHE"
BUILD_INPUTS = ("counter_app", "resources", "build_installer.spec", "pyproject.toml", "uv.lock")


def _inputs_digest() -> str:
    """What the build is made from: every file of its inputs (name and bytes), the interpreter and the packages
    installed beside it (names and versions: the lock does not cover one installed by hand)."""
    from importlib.metadata import distributions

    digest = hashlib.sha256(f"{sys.executable}\0{sys.version}".encode())
    installed = sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions())
    digest.update("\0".join(installed).encode())
    for name in BUILD_INPUTS:
        top = ROOT / name
        for path in sorted(top.rglob("*")) if top.is_dir() else [top]:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def frozen_program(tmp_path_factory) -> Path:
    if shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("PyInstaller is not installed in this environment")
    cache = os.environ.get(CACHE_ENV)
    if cache:
        work, digest = Path(cache) / "counter-app-frozen", _inputs_digest()
        stamp = work / "inputs.sha256"
        program = work / "dist" / "counter-app" / "counter-app"
        if program.exists() and stamp.exists() and stamp.read_text() == digest:
            return program
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    else:
        work = tmp_path_factory.mktemp("pyinstaller")
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pyinstaller"),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "build_installer.spec"),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=600,
    )
    program = work / "dist" / "counter-app" / "counter-app"
    assert program.exists()
    if cache:
        stamp.write_text(digest)
    return program


@pytest.fixture(scope="module")
def console_twin(frozen_program: Path) -> Path:
    twin = frozen_program.with_name("counter-app-cli")
    assert twin.exists(), "the console twin is built beside the window program"
    return twin


def _run(program: Path, data: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, COUNTER_APP_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(program), *args], env=env, capture_output=True, text=True, timeout=120)


def _set_up(program: Path, data: Path) -> None:
    """What an office's script does on a new PC: `settings set` of the keys the first-run wizard asks."""
    from tests.conftest import station_setup

    pairs = [part for item in station_setup().items() for part in item]
    result = _run(program, data, "settings", "set", *pairs)
    assert result.returncode == 0, result.stderr


def test_frozen_program_runs_intake_and_prints(frozen_program, tmp_path):
    assert _run(frozen_program, tmp_path, "--version").stdout.strip().startswith("counter-app ")
    refused = _run(frozen_program, tmp_path, "intake", "--procedure", "1.000173", "--applicant", "Đặng Thị Hương")
    assert refused.returncode == 3 and "chưa được thiết lập" in refused.stderr
    _set_up(frozen_program, tmp_path)
    pdf = tmp_path / "receipt.pdf"
    result = _run(
        frozen_program,
        tmp_path,
        "intake",
        "--procedure",
        "1.000173",
        "--applicant",
        "Đặng Thị Hương",
        "--received-at",
        "2026-04-24T09:00:00+07:00",
        "--pdf",
        str(pdf),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("H61.22-260424-")
    assert pdf.read_bytes().startswith(b"%PDF")
    due = _run(
        frozen_program,
        tmp_path,
        "due-date",
        "--procedure",
        "1.000173",
        "--received-at",
        "2026-04-24T09:00:00+07:00",
        "--json",
    )
    assert due.returncode == 0, due.stderr
    assert "Giỗ Tổ" in due.stdout  # the holiday names come from `holidays`' catalogues, bundled as data


def test_frozen_window_starts_offscreen(frozen_program, tmp_path):
    _set_up(frozen_program, tmp_path)
    env = dict(
        os.environ, COUNTER_APP_DATA_DIR=str(tmp_path), QT_QPA_PLATFORM="offscreen", COUNTER_APP_EXIT_AFTER_SHOW="1"
    )
    result = subprocess.run([str(frozen_program)], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "usable-at" in result.stdout


def test_console_twin_self_test_in_utf8_mode_through_a_cp1252_pipe(console_twin, tmp_path):
    """What the Windows CI runs after the build: the self-test, with a Windows code page forced on the pipe."""
    env = dict(os.environ, COUNTER_APP_DATA_DIR=str(tmp_path), QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="cp1252")
    result = subprocess.run([str(console_twin), "self-test"], env=env, capture_output=True, timeout=180)
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0, out + result.stderr.decode("utf-8", "replace")
    assert "Python UTF-8 mode: 1" in out  # the frozen programs run in UTF-8 mode
    assert "Nguyễn Thị Hương" in out and "Tự kiểm tra: tốt" in out
    assert not (tmp_path / "counter.sqlite3").exists()  # a throw-away store, never the office's


def test_no_test_tools_and_no_qml_in_the_folder(frozen_program):
    folder = frozen_program.parent
    names = [p.name.lower() for p in folder.rglob("*")]
    for unwanted in ("hypothesis", "_pytest", "pytestqt", "pydantic", "fastapi", "uvicorn", "psycopg"):
        assert not any(name.startswith(unwanted) for name in names), unwanted
    assert not any("qt6qml" in name or "qt6quick" in name for name in names), "QtQml/QtQuick left in"
