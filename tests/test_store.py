"""The local store: pragmas, migrations from an empty file, a copy before migrating, integrity check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from counter_app.store.db import DATABASE_FILE, StoreError, head_revision, open_database
from tests.conftest import scribble_second_page


def test_new_store_is_migrated_and_durable(tmp_path: Path):
    db = open_database(tmp_path)
    try:
        assert db.current_revision() == head_revision()
        with db.write_engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert db.integrity_check() == []
    finally:
        db.dispose()


def test_reopening_a_current_store_takes_no_copy(tmp_path: Path):
    open_database(tmp_path).dispose()
    db = open_database(tmp_path)
    db.dispose()
    assert not (tmp_path / "backups").exists()


def test_existing_store_is_copied_before_migrating(tmp_path: Path):
    db = open_database(tmp_path)
    db.dispose()
    # Pretend the file is at an older revision; the upgrade then fails (tables exist), which also shows that
    # a failed migration says where the copy is and leaves the original in place.
    conn = sqlite3.connect(tmp_path / DATABASE_FILE)
    conn.execute("UPDATE alembic_version SET version_num = '0005'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as info:
        open_database(tmp_path)
    copies = list((tmp_path / "backups").glob("before-migration-0005-*.sqlite3"))
    assert len(copies) == 1
    assert str(copies[0]) in str(info.value)
    copy = sqlite3.connect(copies[0])
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0005",)
    copy.close()


@pytest.mark.parametrize("quick", [False, True], ids=["integrity_check", "quick_check"])
def test_corrupt_file_is_refused_with_a_clear_message(tmp_path: Path, quick: bool):
    open_database(tmp_path).dispose()
    scribble_second_page(tmp_path / DATABASE_FILE)
    with pytest.raises(StoreError) as info:
        open_database(tmp_path, quick_check=quick)
    assert "bị hỏng" in str(info.value)


def test_fast_head_revision_matches_alembic():
    from alembic.script import ScriptDirectory

    from counter_app.store.db import _alembic_config

    assert head_revision() == ScriptDirectory.from_config(_alembic_config()).get_current_head()
