"""Where the station's data folder is, without SQLAlchemy: the first window of a start needs it (through
services/paths.py) for its geometry before the store is loaded. store/db.py re-exports both names."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "COUNTER_APP_DATA_DIR"


def default_data_dir() -> Path:
    """The store's folder: COUNTER_APP_DATA_DIR if set; on Windows %ProgramData%\\counter_app, which belongs to the
    PC rather than to one Windows account (the installer gives the Users group modify rights on it, so every
    officer who logs on to the counter PC opens the same store, and deleting a broken profile loses nothing);
    elsewhere the per-user data folder (~/.local/share/counter_app)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        return Path(os.environ.get("ProgramData") or r"C:\ProgramData") / "counter_app"
    import platformdirs

    return Path(platformdirs.user_data_dir("counter_app", appauthor=False))
