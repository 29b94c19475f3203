"""What the officer feels in the window: real key events (xdotool) into the real window (xcb on Xvfb + openbox).

    python -m benchmarks.gui_latency [--size 100000] [--samples 30]

The window runs in a subprocess (benchmarks/gui_driver.py) on a copy of the generated store of `--size`
dossiers; it timestamps each key as it arrives and the paint that answers it. Measured (p95 of `--samples`):
- Ctrl+Enter on a filled intake form → the receipt preview painted (intake committed, receipt rendered);
- a scanned code (typed by xdotool at 2 ms per key, as a USB scanner does, then Enter) → the dossier window
  painted with that dossier;
- a key typed into the tracking tab's search box (150 ms between keys, a quick typist) → the list repainted with
  the results for that text.
The floor, in the same run and window: a key typed into the procedure search → that field repainted.
"""

from __future__ import annotations

import argparse
import queue
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

TARGETS = {"preview": 150.0, "dossier": 100.0, "search": 50.0}
SEARCH_WORDS = ["nguyen van", "tran thi", "le minh", "pham thu", "hoang duc"]


class Driver:
    def __init__(self, env: dict[str, str], folder: Path) -> None:
        (folder / "pdf").mkdir()
        self.env = env
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.gui_driver", str(folder), str(folder / "pdf")],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        self.codes: list[str] = []
        self.latencies: dict[str, list[float]] = {}
        self.missed = 0  # key events whose answer never came (printed with the figures)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for text in self.process.stdout:
            self.lines.put(text)
        self.lines.put("")

    def line(self, timeout: float = 60.0) -> str:
        try:
            text = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError("no answer from the window") from None
        if not text:
            raise RuntimeError("the window's process ended")
        text = text.rstrip("\n")
        if text.startswith("LAT "):
            _, what, ms, *_ = text.split(" ")
            self.latencies.setdefault(what, []).append(float(ms))
        elif text.startswith("CODES "):
            self.codes = text.split()[1:]
        return text

    def expect(self, prefix: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.line(max(deadline - time.monotonic(), 0.01))
            if text.startswith(prefix):
                return text
        raise TimeoutError(f"no {prefix!r} from the window")

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True, timeout=60)

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.send("quit")
                self.process.wait(20)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()


def measure(size: int, samples: int, display: str | None = None) -> dict[str, list[float]]:
    from benchmarks.startup import Display, prepared_store

    folder = prepared_store(size)
    screen = Display(display)
    driver = Driver(screen.env, folder)
    try:
        driver.expect("READY", timeout=180)
        wid = subprocess.run(
            ["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(driver.process.pid)],
            env=screen.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout.split()[0]
        driver.xdotool("windowactivate", "--sync", wid)
        time.sleep(0.3)

        # floor: a key into the procedure search, its repaint
        driver.send("intake-tab")
        driver.expect("OK")
        for _ in range(samples):
            driver.xdotool("key", "x")
            driver.expect("LAT floor")
            driver.xdotool("key", "BackSpace")
            time.sleep(0.05)
        floor = driver.latencies.pop("floor")[:samples]  # later keys into that field are not the floor's

        # Ctrl+Enter → preview painted
        for i in range(samples + 2):  # the first two load reportlab's fonts and QtPdf: left out
            driver.send("prefill")
            driver.expect("PREFILLED")
            time.sleep(0.1)
            driver.xdotool("key", "ctrl+Return")
            try:
                driver.expect("LAT preview", timeout=20)
            except TimeoutError:
                driver.missed += 1  # counted and said: a sample lost is not a sample dropped silently
                continue
            if i < 2:
                driver.latencies["preview"].pop()
            time.sleep(0.2)
            driver.xdotool("key", "Escape")  # close the preview without printing
            time.sleep(0.2)

        # a scan → the dossier window
        for i in range(samples + 1):
            code = driver.codes[i % len(driver.codes)]
            driver.xdotool("type", "--delay", "2", code)
            driver.xdotool("key", "--delay", "2", "Return")
            try:
                driver.expect("LAT dossier", timeout=20)
            except TimeoutError:
                driver.missed += 1
                driver.xdotool("key", "Escape")
                driver.xdotool("windowactivate", "--sync", wid)
                continue
            if i < 1:
                driver.latencies["dossier"].pop()
            time.sleep(0.2)
            driver.xdotool("key", "Escape")
            time.sleep(0.2)
            driver.xdotool("windowactivate", "--sync", wid)

        # a keystroke in the tracking search → the list repainted
        driver.send("tracking-tab")
        driver.expect("OK")
        taken = 0
        for word in SEARCH_WORDS * 10:
            for ch in word:
                driver.xdotool("key", "space" if ch == " " else ch)
                try:
                    driver.expect("LAT search", timeout=10)
                except TimeoutError:
                    driver.missed += 1
                    continue
                taken += 1
                time.sleep(0.15)
            driver.xdotool("key", "ctrl+a", "BackSpace")
            time.sleep(0.3)
            if taken >= samples:
                break
        driver.latencies["floor"] = floor
        if driver.missed:
            print(f"gui latency: {driver.missed} key events got no answer within the wait (left out)")
        return driver.latencies
    finally:
        driver.close()
        screen.close()
        shutil.rmtree(folder, ignore_errors=True)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 2 else values[0]


def rows(size: int, samples: int = 30, display: str | None = None):
    from benchmarks.counter import Row

    latencies = measure(size, samples, display)
    floor = _p95(latencies["floor"])
    label = f"{size:,}"
    names = {
        "preview": "Ctrl+Enter → receipt preview painted, xcb (p95)",
        "dossier": "scanned code → dossier window painted, xcb (p95)",
        "search": "search keystroke → list repainted, xcb (p95)",
    }
    return [
        Row(label, names[what], _p95(latencies[what]), TARGETS[what], floor, "key → field repainted, same window")
        for what in ("preview", "dossier", "search")
        if latencies.get(what)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gui_latency")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--display", help="an X display number already running with a window manager")
    args = parser.parse_args(argv)
    for row in rows(args.size, args.samples, args.display):
        print(row.console())
    return 0


if __name__ == "__main__":
    sys.exit(main())
