"""The intake service's own overhead (issue 15 item 2): intake alone, the receipt data from its result, and the SQL
statements one intake sends, on a COPY of the cached 100,000-dossier store (the cached store is never written).

    uv run --frozen python -m benchmarks.intake_service [--store FOLDER] [--intakes 200] [--profile]

Prints median / p95 of `app.intake.intake(...)` alone and of `app.dossiers.receipt_data(code, intake=result)`,
the statements per intake (and per receipt data), and with --profile the top of a cProfile of 50 intakes. A script,
not a test: the figures go to docs/BENCHMARKS.md ("Intake service overhead").
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import event

from benchmarks.counter import _bare_commit
from benchmarks.generate import CACHE, applicant_details, cached_store, vietnamese_name


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


def working_day_procedures(app) -> list:
    """The catalogue's procedures timed in working days (a due date to compute, as most intakes have)."""
    return [p for p in app.catalogue.procedures() if p.processing_time.unit.value == "working_days"]


def request_maker(procedures: list, rng: random.Random):
    """A new intake request on each call: a drawn procedure, name, phone, CCCD and address (what a counter types;
    each applicant's own, so that no line of a receipt but the forms' own repeats an earlier receipt's)."""
    from counter_app.services.intake import IntakeRequest

    people = random.Random(29)  # drawn apart from `rng`, so that `rng` draws the procedures and names it always drew

    def request() -> IntakeRequest:
        return IntakeRequest(
            procedure_code=rng.choice(procedures).code,
            applicant_name=vietnamese_name(rng),
            **applicant_details(people),
        )

    return request


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.intake_service")
    parser.add_argument("--store", type=Path, help="a data folder holding counter.sqlite3 (default: the cached 100k)")
    parser.add_argument("--intakes", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of 50 intakes + receipt data")
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key")
    parser.add_argument("--show-sql", action="store_true", help="print the statements of one intake")
    args = parser.parse_args(argv)

    source = args.store or CACHE / "store-100000"
    if not (source / "counter.sqlite3").exists():
        source = cached_store(100_000)
    from counter_app.services.app import open_services
    from counter_app.services.intake import IntakeRequest

    work = Path(tempfile.mkdtemp(prefix="counter-intake-"))
    shutil.copy2(source / "counter.sqlite3", work / "counter.sqlite3")
    app = open_services(work, check_integrity=False)
    try:
        rng = random.Random(11)
        procedures = working_day_procedures(app)
        request = request_maker(procedures, rng)

        seen: list[str] = []

        def listen(_conn, _cursor, statement, *_rest) -> None:
            seen.append(statement)

        for engine in {app.db.read_engine, app.db.write_engine}:
            event.listen(engine, "before_cursor_execute", listen)

        # Warm: connections open, statements compiled, each procedure read once (as the first intake of each kind
        # after the window starts, or after a change of the catalogue, reads it).
        for procedure in procedures:
            warm = IntakeRequest(procedure_code=procedure.code, applicant_name=vietnamese_name(rng))
            app.dossiers.receipt_data((r := app.intake.intake(warm)).code, intake=r)

        intake_ms: list[float] = []
        data_ms: list[float] = []
        intake_sql: list[int] = []
        data_sql: list[int] = []
        last_intake: list[str] = []
        for _ in range(args.intakes):
            req = request()
            seen.clear()
            t0 = time.perf_counter()
            result = app.intake.intake(req)
            t1 = time.perf_counter()
            intake_sql.append(len(seen))
            last_intake = list(seen)
            seen.clear()
            app.dossiers.receipt_data(result.code, intake=result)
            t2 = time.perf_counter()
            data_sql.append(len(seen))
            intake_ms.append((t1 - t0) * 1000)
            data_ms.append((t2 - t1) * 1000)

        floor = _bare_commit(work)  # p95 of a bare INSERT + COMMIT (WAL, synchronous=FULL) on the same disk, now
        print(f"store: copy of {source}, {args.intakes} intakes")
        print(f"floor: bare SQLite INSERT + COMMIT (FULL) p95 {floor:7.3f} ms")
        print(f"intake alone            median {statistics.median(intake_ms):7.3f} ms  p95 {_p95(intake_ms):7.3f} ms")
        print(f"receipt data (result)   median {statistics.median(data_ms):7.3f} ms  p95 {_p95(data_ms):7.3f} ms")
        print(f"statements per intake   {statistics.median(intake_sql):g} (max {max(intake_sql)})")
        print(f"statements per receipt data {statistics.median(data_sql):g} (max {max(data_sql)})")
        if args.show_sql:
            for sql, n in Counter(" ".join(s.split())[:140] for s in last_intake).items():
                print(f"  {n} × {sql}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(50):
                app.dossiers.receipt_data((r := app.intake.intake(request())).code, intake=r)
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stdout).sort_stats(args.sort).print_stats(40)
    finally:
        app.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
