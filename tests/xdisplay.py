"""A real X display for the tests and benchmarks that drive a real window: Xvfb on a free display number, with
openbox (without a window manager, dialogs get no focus and a maximised window is not held to the screen).

    with XDisplay("1024x768", taskbar=48) as display:
        subprocess.run([...], env=display.env)

`taskbar` reserves a strip at the bottom of the screen, as Windows' taskbar does: openbox's margins, which it
publishes as the work area (_NET_WORKAREA) that Qt reads as the screen's available geometry.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

TOOLS = ("Xvfb", "openbox", "xdotool")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
WAIT_S = 60  # generous: the machine is shared; nothing is asserted about time
SYSTEM_RC = Path("/etc/xdg/openbox/rc.xml")


def wait_for_openbox(env: dict[str, str]) -> None:
    """Until openbox has taken the screen (its own window, class "Openbox", exists): ~0.5 s after its start here.
    A window shown before that gets the keyboard only when openbox comes, and keys typed meanwhile go nowhere; an
    officer's PC has its window manager up long before the counter program starts."""
    subprocess.run(
        ["xdotool", "search", "--sync", "--class", "openbox"],
        env=env,
        check=True,
        timeout=WAIT_S,
        stdout=subprocess.DEVNULL,
    )


def stop(processes) -> None:
    """End each process still running: terminate, then kill after 10 s."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def _openbox_config(folder: Path, taskbar: int) -> Path:
    text = SYSTEM_RC.read_text(encoding="utf-8")
    margins = re.search(r"<margins>.*?</margins>", text, re.S)
    if margins is None:
        raise RuntimeError(f"{SYSTEM_RC} has no <margins> section")
    block, count = re.subn(r"<bottom>\s*\d+\s*</bottom>", f"<bottom>{taskbar}</bottom>", margins.group(0))
    if count != 1:
        raise RuntimeError(f"{SYSTEM_RC}'s <margins> has no <bottom> to set")
    path = folder / "rc.xml"
    path.write_text(text[: margins.start()] + block + text[margins.end() :], encoding="utf-8")
    return path


class XDisplay:
    """Xvfb (WIDTHxHEIGHT, 24-bit) and openbox, up and ready once made; `env` runs a program on it (xcb)."""

    def __init__(self, size: str = "1366x768", *, taskbar: int = 0) -> None:
        self.processes: list[subprocess.Popen] = []
        self._folder = Path(tempfile.mkdtemp(prefix="xdisplay-"))
        try:
            read_fd, write_fd = os.pipe()
            self.processes.append(
                subprocess.Popen(
                    ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
                    pass_fds=(write_fd,),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            os.close(write_fd)
            with os.fdopen(read_fd) as pipe:
                number = pipe.readline().strip()
            if not number:
                raise RuntimeError("Xvfb did not start")
            self.env = {**os.environ, "DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}
            self.env.pop("QT_SCALE_FACTOR", None)
            command = ["openbox"]
            if taskbar:
                command += ["--config-file", str(_openbox_config(self._folder, taskbar))]
            self.processes.append(
                subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            )
            wait_for_openbox(self.env)
        except BaseException:
            self.close()
            raise

    def xdotool(self, *args: str) -> str:
        return subprocess.run(
            ["xdotool", *args], env=self.env, check=True, timeout=WAIT_S, capture_output=True, text=True
        ).stdout

    def find_window(self, name: str, timeout: float = WAIT_S) -> str:
        """The first visible window whose title matches `name` (a regular expression), once it exists. Asked again
        and again rather than with `--sync`: xdotool gives up with an X error when a window it is looking at is
        destroyed meanwhile (the counter's first window, replaced by the counter window)."""
        deadline = time.monotonic() + timeout
        while True:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", name],
                env=self.env,
                timeout=WAIT_S,
                capture_output=True,
                text=True,
            ).stdout.split()
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise TimeoutError(f"no window named {name!r} within {timeout:.0f} s")
            time.sleep(0.1)

    def close(self) -> None:
        stop(reversed(self.processes))
        self.processes.clear()
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> XDisplay:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
