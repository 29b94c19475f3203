"""`./dev bench` (or `uv run python -m benchmarks`): measure the counter's hot paths at 100k and 1M dossiers, and
what the officer feels in the real window (benchmarks/startup.py, benchmarks/gui_latency.py).

Every figure is printed beside its target and as a ratio to a floor measured in the same run, so a slow
machine shows up as a slow floor rather than as a regression. Results go to docs/BENCHMARKS.md with --write.
"""

from __future__ import annotations

import argparse
import platform
import sys
from datetime import datetime
from pathlib import Path

from benchmarks import counter

DOCS = Path(__file__).resolve().parent.parent / "docs" / "BENCHMARKS.md"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated dossier counts")
    parser.add_argument("--write", action="store_true", help="record the results in docs/BENCHMARKS.md")
    parser.add_argument("--sync", action="store_true", help="only the hub's ingest benchmark (benchmarks/sync.py)")
    parser.add_argument("--memory", action="store_true", help="only the window's memory (benchmarks/memory.py)")
    parser.add_argument(
        "--hub-scale",
        nargs=argparse.REMAINDER,
        help="only the province hub: many stations, --workers N, PostgreSQL (benchmarks/hub_scale.py; its options "
        "follow, e.g. --hub-scale --stations 300 --dossiers 10000000)",
    )
    parser.add_argument("--intakes", type=int, default=2000, help="with --memory: intakes through the window")
    parser.add_argument(
        "--chart", action="store_true", help="draw every size's paths on docs/growth.png (benchmarks/growth.py)"
    )
    parser.add_argument(
        "--window-size",
        type=int,
        help="the store size for the real-window rows (start, Ctrl+Enter, scan, search; default: the largest"
        " of --sizes up to 1,000,000); 0 leaves them out",
    )
    parser.add_argument("--samples", type=int, default=30, help="key events per real-window measure")
    args = parser.parse_args()
    if args.memory:
        from benchmarks import memory

        return memory.main(["--intakes", str(args.intakes)])
    if args.hub_scale is not None:
        from benchmarks import hub_scale

        return hub_scale.main(args.hub_scale)
    if args.sync:
        from benchmarks import sync

        return sync.main([])
    sizes = [int(s) for s in args.sizes.split(",") if s]
    lines = [
        f"Run {datetime.now():%Y-%m-%d %H:%M} on {platform.machine()}, Python {platform.python_version()}, "
        f"SQLite {counter.sqlite_version()}",
        "",
        "| size | measure | result | target | floor | ratio to floor | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    measured = []
    for size in sizes:
        for row in counter.run(size):
            print(row.console())
            lines.append(row.markdown())
            measured.append(row)
    window_size = args.window_size
    if window_size is None:
        window_size = max([s for s in sizes if s <= 1_000_000] or [min(sizes)])
    for row in _window_rows(window_size, args.samples):
        print(row.console())
        lines.append(row.markdown())
    if args.chart:
        from benchmarks import growth

        chart = growth.draw(
            growth.figures_from_rows(measured),
            CHART,
            f"Station paths by store size ({datetime.now():%Y-%m-%d}, {platform.machine()}, log-log)",
        )
        print(f"chart written to {chart}")
    if args.write:
        DOCS.write_text(replace_generated(DOCS.read_text(encoding="utf-8"), "\n".join(lines)), encoding="utf-8")
        print(f"written to {DOCS}")
    return 0


CHART = DOCS.parent / "growth.png"


def _window_rows(size: int, samples: int) -> list:
    """The real-window rows (xcb on Xvfb, xdotool keys) when Xvfb, openbox and xdotool are here; else the
    offscreen cold start alone, as before."""
    import shutil

    if not size:
        return []
    if all(shutil.which(tool) for tool in ("Xvfb", "openbox", "xdotool")):
        from benchmarks import gui_latency, startup

        return [*startup.rows(size, runs=7), *gui_latency.rows(size, samples)]
    print("Xvfb, openbox or xdotool missing: the real-window rows are left out (./dev setup installs them)")
    return counter.run_startup()


BEGIN = "<!-- bench:begin (./dev bench --write replaces what lies between these two lines) -->"
END = "<!-- bench:end -->"


def replace_generated(document: str, table: str) -> str:
    """Put `table` between the markers, keeping every hand-written section (reading notes, the hub's and the
    window's figures) as it is. A document without markers gets them after its first paragraph."""
    block = f"{BEGIN}\n{table}\n{END}"
    if BEGIN in document and END in document:
        head, rest = document.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        return head + block + tail
    title, sep, rest = document.partition("\n\n")
    return title + sep + block + "\n\n" + rest


if __name__ == "__main__":
    sys.exit(main())
