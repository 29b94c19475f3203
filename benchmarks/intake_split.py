"""Where the time of "intake commit + receipt" goes (issue 15 item 2), on a COPY of a cached store.

    uv run --frozen python -m benchmarks.intake_split [--size 1000000] [--samples 200]

Alternates, in one run: the window's path (`AppServices.intake_with_receipt`: the receipt rendered while the COMMIT
waits for the disk) and the sequential one (`intake.intake`, then `dossiers.receipt_pdf` from the result), then
renders the collected receipt data alone; prints median / p95 / max of each beside the bare SQLite commit
(synchronous=FULL) of the same store, the floor. A script, not a test: docs/BENCHMARKS.md quotes it.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.counter import _bare_commit
from benchmarks.generate import cached_store
from benchmarks.intake_service import request_maker, working_day_procedures


def _figures(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=20)
    return f"median {statistics.median(samples):6.2f}  p90 {cuts[17]:6.2f}  p95 {cuts[18]:6.2f}  max {max(samples):6.2f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.intake_split")
    parser.add_argument("--size", type=int, default=1_000_000, help="dossiers in the generated store")
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args(argv)

    from counter_app.printing.receipt import render_receipt
    from counter_app.services.app import open_services

    work = Path(tempfile.mkdtemp(prefix="counter-split-"))
    shutil.copy2(cached_store(args.size) / "counter.sqlite3", work / "counter.sqlite3")
    app = open_services(work, check_integrity=False)
    try:
        request = request_maker(working_day_procedures(app), random.Random(5))

        for _ in range(50):  # warm: connections, caches, fonts, what every receipt repeats (as benchmarks/counter.py)
            app.intake_with_receipt(request())
        rows: dict[str, list[float]] = {
            "intake + receipt, rendered during the COMMIT": [],
            "sequential: intake alone": [],
            "sequential: receipt (data + render)": [],
            "sequential: both": [],
            "render alone (reportlab, two copies, QR)": [],
        }
        datas = []
        clock = time.perf_counter
        for _ in range(args.samples):
            start = clock()
            done = app.intake_with_receipt(request())
            rows["intake + receipt, rendered during the COMMIT"].append((clock() - start) * 1000)
            assert done.pdf, done.receipt_error
            start = clock()
            result = app.intake.intake(request())
            middle = clock()
            app.dossiers.receipt_pdf(result.code, intake=result)
            end = clock()
            rows["sequential: intake alone"].append((middle - start) * 1000)
            rows["sequential: receipt (data + render)"].append((end - middle) * 1000)
            rows["sequential: both"].append((end - start) * 1000)
            datas.append(app.dossiers.receipt_data(result.code, intake=result))
        for data in datas:
            start = clock()
            render_receipt(data)
            rows["render alone (reportlab, two copies, QR)"].append((clock() - start) * 1000)
        for label, samples in rows.items():
            print(f"{label:48} {_figures(samples)}")
        print(f"{'bare SQLite commit, synchronous=FULL (floor)':48} median {_bare_commit(work):6.2f} ms")
    finally:
        app.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
