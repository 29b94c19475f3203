"""Torture: intake, backup and migration killed with SIGKILL at random moments; then nothing may be lost, nothing
duplicated, and no misleading file left (a copy under its final name that is not complete, a store that is half
made, a store at neither the old nor the new revision).

`uv run python -m benchmarks.torture --iterations 100` is the long run; tests/test_torture.py runs a handful of
iterations of the same drills in CI. Each kill is followed by the checks, then by the same command run to the end
(a script retrying): for intake with the same --request-id, so a dossier committed by the killed run is returned,
never made twice.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROCEDURE = "1.000002.000.00.00.H61"  # tests/data/mini_catalogue.json
MINI_CATALOGUE = ROOT / "tests" / "data" / "mini_catalogue.json"


def _name(i: int) -> str:
    """A valid applicant name per iteration (names may not hold digits)."""
    return "Người Thử " + "".join(chr(ord("A") + int(d)) for d in str(i))


@dataclass
class Report:
    kills: int = 0
    completed_before_kill: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, other: Report) -> None:
        self.kills += other.kills
        self.completed_before_kill += other.completed_before_kill
        self.problems += other.problems


def command(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "counter_app", *args]


def environment(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "COUNTER_APP_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command(data_dir, *args), env=environment(data_dir), cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def run_and_kill(data_dir: Path, delay: float, *args: str) -> tuple[bool, str]:
    """Start the command, SIGKILL it after `delay` seconds; (finished before the kill, its stdout)."""
    proc = subprocess.Popen(
        command(data_dir, *args),
        env=environment(data_dir),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        proc.wait(timeout=delay)
        finished = True
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        finished = False
    out = proc.stdout.read() if proc.stdout else ""
    if proc.stdout:
        proc.stdout.close()
    return finished, out


def make_store(data_dir: Path) -> None:
    from counter_app.services.app import open_services
    from counter_app.services.settings import SETUP_KEYS, SPECS

    app = open_services(data_dir, load_demo=False)
    app.catalogue.ensure_demo_catalogue(MINI_CATALOGUE)
    # set up as an office would (a station never set up refuses intake)
    app.settings.set_many({key: SPECS[key].default or "Thử nghiệm" for key in SETUP_KEYS})
    app.close()


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def sound(path: Path) -> str | None:
    """Why `path` is not a complete, sound store copy; None when it is."""
    try:
        conn = connect(path)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                return "integrity_check failed"
            if conn.execute("SELECT count(*) FROM alembic_version").fetchone() != (1,):
                return "no schema revision"
            conn.execute("SELECT count(*) FROM dossiers").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)
    return None


def dossiers(path: Path) -> set[str]:
    conn = connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT code FROM dossiers")}
    finally:
        conn.close()


def _misleading(data_dir: Path) -> list[str]:
    """Files under a final name that are not complete: the store itself, and every copy in backups/."""
    from counter_app.store.db import DATABASE_FILE

    found = []
    store = data_dir / DATABASE_FILE
    if store.exists() and (why := sound(store)):
        found.append(f"{store.name}: {why}")
    for copy in sorted((data_dir / "backups").glob("*.sqlite3")):
        if why := sound(copy):
            found.append(f"backups/{copy.name}: {why}")
    return found


def timing(data_dir: Path, *args: str) -> float:
    start = time.monotonic()
    done = run(data_dir, *args)
    if done.returncode != 0:
        raise RuntimeError(f"{args}: {done.stderr}")
    return time.monotonic() - start


def torture_intake(folder: Path, iterations: int, rng: random.Random) -> Report:
    report = Report()
    data_dir = folder / "intake"
    make_store(data_dir)
    full = timing(data_dir, "intake", "--procedure", PROCEDURE, "--applicant", "Mẫu Thử", "--request-id", "warm-up")
    requested = {"warm-up"}
    for i in range(iterations):
        request_id = f"torture-{i}"
        args = ("intake", "--procedure", PROCEDURE, "--applicant", _name(i), "--request-id", request_id)
        finished, out = run_and_kill(data_dir, rng.uniform(0.0, full * 1.2), *args)
        report.kills += not finished
        report.completed_before_kill += finished
        report.problems += [f"intake kill {i}: {m}" for m in _misleading(data_dir)]
        retried = run(data_dir, *args)  # the script retries: the same dossier if the killed run committed it
        if retried.returncode != 0:
            report.problems.append(f"intake retry {i}: exit {retried.returncode}: {retried.stderr.strip()}")
        elif out.strip() and out.strip() != retried.stdout.strip():
            report.problems.append(f"intake {i}: killed run said {out.strip()}, retry said {retried.stdout.strip()}")
        requested.add(request_id)
    from counter_app.store.db import DATABASE_FILE

    count = len(dossiers(data_dir / DATABASE_FILE))
    if count != len(requested):
        report.problems.append(f"intake: {len(requested)} requests, {count} dossiers (lost or duplicated)")
    return report


def torture_backup(folder: Path, iterations: int, rng: random.Random) -> Report:
    from counter_app.store.db import DATABASE_FILE

    report = Report()
    data_dir = folder / "backup"
    make_store(data_dir)
    for i in range(3):  # some content worth copying
        run(data_dir, "intake", "--procedure", PROCEDURE, "--applicant", _name(i))
    expected = dossiers(data_dir / DATABASE_FILE)
    usb = folder / "usb"
    full = timing(data_dir, "backup", "--to", str(usb))
    for i in range(iterations):
        finished, _ = run_and_kill(data_dir, rng.uniform(0.0, full * 1.2), "backup", "--to", str(usb))
        report.kills += not finished
        report.completed_before_kill += finished
        for copy in sorted(usb.glob("*.sqlite3")):
            if why := sound(copy):
                report.problems.append(f"backup kill {i}: usb/{copy.name}: {why}")
            elif dossiers(copy) != expected:
                report.problems.append(f"backup kill {i}: usb/{copy.name} does not hold the dossiers")
        report.problems += [f"backup kill {i}: {m}" for m in _misleading(data_dir)]
        time.sleep(1.05)  # copies are named by the second
    # Leftovers of the killed copies are removed by the next copy once idle (backdated here: "idle" is 5 minutes)
    for leftover in usb.glob("*.part*"):
        os.utime(leftover, (0, 0))
    done = run(data_dir, "backup", "--to", str(usb))
    if done.returncode != 0:
        report.problems.append(f"backup after the kills: {done.stderr.strip()}")
    if left := sorted(p.name for p in usb.glob("*.part*")):
        report.problems.append(f"backup: partial files not removed: {left}")
    return report


def _downgrade_to_0007(store: Path) -> None:
    """The store as an older version left it (Alembic's own downgrades, whatever migrations come after 0007)."""
    from alembic import command
    from sqlalchemy import create_engine

    from counter_app.store.db import _alembic_config

    engine = create_engine(f"sqlite:///{store}")
    try:
        with engine.begin() as conn:
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0007")
    finally:
        engine.dispose()


def torture_migration(folder: Path, iterations: int, rng: random.Random) -> Report:
    from counter_app.store.db import DATABASE_FILE, head_revision

    report = Report()
    data_dir = folder / "migration"
    make_store(data_dir)
    for i in range(3):
        run(data_dir, "intake", "--procedure", PROCEDURE, "--applicant", _name(i))
    store = data_dir / DATABASE_FILE
    expected = dossiers(store)
    _downgrade_to_0007(store)
    full = timing(data_dir, "settings", "show")
    for i in range(iterations):
        _downgrade_to_0007(store)
        finished, _ = run_and_kill(data_dir, rng.uniform(0.0, full * 1.2), "settings", "show")
        report.kills += not finished
        report.completed_before_kill += finished
        report.problems += [f"migration kill {i}: {m}" for m in _misleading(data_dir)]
        conn = connect(store)
        try:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        finally:
            conn.close()
        if revision not in ("0007", head_revision()):
            report.problems.append(f"migration kill {i}: store at revision {revision}")
        if dossiers(store) != expected:
            report.problems.append(f"migration kill {i}: dossiers changed")
        time.sleep(1.05)  # pre-migration copies are named by the second
    done = run(data_dir, "settings", "show")
    if done.returncode != 0:
        report.problems.append(f"migration after the kills: {done.stderr.strip()}")
    copies = list((data_dir / "backups").glob("before-migration-*.sqlite3"))
    from counter_app.store.db import KEEP_MIGRATION_COPIES

    if len(copies) > KEEP_MIGRATION_COPIES:
        report.problems.append(f"migration: {len(copies)} pre-migration copies kept")
    return report


DRILLS: dict[str, Callable[[Path, int, random.Random], Report]] = {
    "intake": torture_intake,
    "backup": torture_backup,
    "migration": torture_migration,
}


def torture(folder: Path, iterations: int, seed: int = 14, drills: tuple[str, ...] = tuple(DRILLS)) -> Report:
    rng = random.Random(seed)
    total = Report()
    for name in drills:
        total.add(DRILLS[name](folder, iterations, rng))
    return total


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m benchmarks.torture")
    parser.add_argument("--iterations", type=int, default=100, help="kills per drill (intake, backup, migration)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        started = time.monotonic()
        report = torture(Path(folder), args.iterations, args.seed)
    print(
        f"{report.kills} kills, {report.completed_before_kill} runs finished before their kill, "
        f"{len(report.problems)} problems, {time.monotonic() - started:.0f} s"
    )
    for problem in report.problems:
        print(f"  {problem}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
