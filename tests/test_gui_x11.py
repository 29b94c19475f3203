"""End to end on a real X server: Xvfb + openbox + xdotool typing at 60 ms per key into the whole counter window.

This is the path the officer's keyboard takes (X events with the server's time stamps, the completer popup as its
own override-redirect window with a keyboard grab), which offscreen tests cannot reproduce. The window runs in a
subprocess (tests/x11_driver.py) that reports what its fields hold when asked. Skipped, with the reason, only
when Xvfb, openbox or xdotool are not installed (./dev installs them; CI has them).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CERT_CODE
from tests.xdisplay import MISSING, WAIT_S, XDisplay

pytestmark = pytest.mark.gui

KEY_DELAY_MS = 60


class Desktop:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.display = XDisplay("1366x768")
        self.env = self.display.env
        self.command_file = tmp / "command"
        try:
            self.app = subprocess.Popen(
                [
                    sys.executable,
                    str(Path(__file__).with_name("x11_driver.py")),
                    str(tmp / "data"),
                    str(self.command_file),
                ],
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        except BaseException:
            self.display.close()
            raise

    def line(self) -> str:
        assert self.app.stdout is not None
        text = self.app.stdout.readline()
        if not text:
            raise AssertionError(f"the window's process ended: {self.app.stderr.read() if self.app.stderr else ''}")
        return text.rstrip("\n")

    def expect(self, prefix: str) -> str:
        while True:
            text = self.line()
            if text.startswith(prefix):
                return text[len(prefix) :].strip()

    def xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True, timeout=WAIT_S)

    def report(self) -> dict[str, str]:
        self.command_file.write_text("report")
        values: dict[str, str] = {}
        while (text := self.line()) != "END":
            key, _, value = text.partition(" ")
            values[key] = value
        return values

    def close(self) -> None:
        if self.app.poll() is None:
            self.command_file.write_text("quit")
            try:
                self.app.wait(10)
            except subprocess.TimeoutExpired:
                self.app.kill()
        self.display.close()


@pytest.fixture
def desktop(tmp_path):
    if MISSING:
        pytest.skip(f"needs {', '.join(MISSING)} (installed by ./dev: apt-get install xvfb openbox xdotool)")
    desk = Desktop(tmp_path)
    try:
        yield desk
    finally:
        desk.close()


def settle(desktop: Desktop, expected: str, key: str = "SEARCH") -> dict[str, str]:
    """Ask until the field shows what was typed (the last held key is given back after ~50 ms)."""
    deadline = time.monotonic() + WAIT_S
    while True:
        values = desktop.report()
        if values.get(key) == expected or time.monotonic() > deadline:
            return values
        time.sleep(0.2)


def test_typing_at_60_ms_per_key_and_a_scan_in_a_real_x_window(desktop):
    code = desktop.expect("CODE")
    desktop.expect("READY")
    wid = subprocess.run(
        ["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(desktop.app.pid)],
        env=desktop.env,
        capture_output=True,
        text=True,
        timeout=WAIT_S,
        check=True,
    ).stdout.split()[0]
    desktop.xdotool("windowactivate", "--sync", wid)

    # The case: "chung" came out as "cuhng" at 60-80 ms per key with the completer popup open.
    desktop.xdotool("type", "--delay", str(KEY_DELAY_MS), "chung chi buc xa")
    assert settle(desktop, "chung chi buc xa")["SEARCH"] == "chung chi buc xa"
    desktop.xdotool("key", "--delay", str(KEY_DELAY_MS), "Return")
    values = settle(desktop, CERT_CODE, "PROCEDURE")
    assert values["PROCEDURE"] == CERT_CODE

    # A new form, a few letters (the popup opens), then a scan: it opens the dossier and never lands in the field.
    desktop.xdotool("key", "--delay", str(KEY_DELAY_MS), "ctrl+n")
    desktop.xdotool("type", "--delay", str(KEY_DELAY_MS), "cap")
    assert settle(desktop, "cap")["SEARCH"] == "cap"
    desktop.xdotool("type", "--delay", "2", code)
    desktop.xdotool("key", "--delay", "2", "Return")
    values = settle(desktop, code, "OPENED")
    assert values["OPENED"] == code
    assert values["SEARCH"] == "cap"
