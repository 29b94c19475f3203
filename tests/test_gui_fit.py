"""Every window fits and scales (issue 10): the whole counter window (both tabs), the dossier window, the receipt
preview, the shortcuts, the catalogue, the calendar and the dashboard opened on screens of 1024×768, 1280×720 and
1366×768 at 100 %, and 1920×1080 at 150 % (QT_SCALE_FACTOR). Fails when a visible widget lies outside the screen or
is cut at its window's edge, or a button is narrower than its text (tests/fit_check.py, one process per screen:
Qt's offscreen platform takes the screen's size from a config file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

SCREENS = [(1024, 768, "1"), (1280, 720, "1"), (1366, 768, "1"), (1920, 1080, "1.5")]


@pytest.mark.parametrize(("width", "height", "scale"), SCREENS, ids=lambda v: str(v))
def test_every_window_fits_the_screen(tmp_path, width, height, scale):
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "synchronousWindowSystemEvents": False,
                "windowFrameMargins": False,
                "screens": [
                    {
                        "name": "s",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ],
            }
        )
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": scale}
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("fit_check.py")), str(tmp_path / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    expected = [round(width / float(scale)), round(height / float(scale))]
    assert [abs(a - b) <= 1 for a, b in zip(report["screen"], expected, strict=True)] == [True, True]
    assert report["problems"] == []
