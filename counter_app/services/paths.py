"""Paths a window needs before the services open (the first window of a start): nothing here loads the store."""

from __future__ import annotations

from pathlib import Path

from counter_app.store.data_dir import default_data_dir

UI_SETTINGS_FILE = "ui.ini"  # the window's preferences (layout, "print without preview"), beside the data


def ui_settings_path(data_dir: Path | None = None) -> Path:
    """The window's preferences file of the station whose data folder is `data_dir` (default: this station's)."""
    return (data_dir or default_data_dir()) / UI_SETTINGS_FILE
