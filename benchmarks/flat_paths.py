"""The station paths issue 15 wants flat in the store's size, alone, on a COPY of a cached store (opening the copy
migrates it, as a station's update does):

    uv run --frozen python -m benchmarks.flat_paths [--sizes 10000,100000,1000000] [--samples 50]

Prints the median of: the list page of 100 filtered to "overdue" (first page, 20 pages down by keyset, narrowed to
one procedure and to each status it covers), the list count with no filter and by status, the overdue count, and
today's counts for the side panel; the clock is the real one. With
`--plans`, the query plans of the overdue page and of each of today's counts. A script, not a test:
docs/BENCHMARKS.md quotes it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from benchmarks.counter import _timed
from benchmarks.generate import cached_store
from counter_app.services.dossier_list import DossierFilter, DueFilter

PAGE = 100


def _plan(app, statement) -> str:
    with app.db.read() as session:
        compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return "\n".join(f"      {r[3]}" for r in rows)


def measure(size: int, samples: int, plans: bool) -> None:
    from counter_app.services.app import open_services
    from counter_app.store import tracking

    work = Path(tempfile.mkdtemp(prefix="counter-flat-"))
    shutil.copy2(cached_store(size) / "counter.sqlite3", work / "counter.sqlite3")
    app = open_services(work, check_integrity=False)
    try:
        listing = app.dossier_list
        overdue = DossierFilter(due=DueFilter.OVERDUE)
        first = listing.page(overdue, limit=PAGE)
        last = first[-1] if first else None
        for _ in range(19):
            if last is None:
                break
            more = listing.page(overdue, after=last, limit=PAGE)
            last = more[-1] if more else None
        procedure = first[0].procedure_code if first else ""
        by_procedure = DossierFilter(due=DueFilter.OVERDUE, procedure_code=procedure)
        received = DossierFilter(due=DueFilter.OVERDUE, status="received")
        in_progress = DossierFilter(due=DueFilter.OVERDUE, status="in_progress")
        timed = {
            "list page of 100, overdue": lambda: listing.page(overdue, limit=PAGE),
            "list page of 100, overdue, 20 pages down": lambda: listing.page(overdue, after=last, limit=PAGE),
            "list page of 100, overdue, one procedure": lambda: listing.page(by_procedure, limit=PAGE),
            "list page of 100, overdue, status 'đã tiếp nhận'": lambda: listing.page(received, limit=PAGE),
            "list page of 100, overdue, status 'đang giải quyết'": lambda: listing.page(in_progress, limit=PAGE),
            "list count, no filter": listing.count,
            "list count, status 'đã trả'": lambda: listing.count(DossierFilter(status="returned")),
            "list count, overdue": lambda: listing.count(overdue),
            "today's counts, side panel": listing.today_counts,
        }
        with app.db.read() as session:
            rows = session.connection().exec_driver_sql("SELECT count(*) FROM dossiers").scalar()
        overdue_count = listing.count(overdue)
        assert listing.count() == rows, (listing.count(), rows)
        print(f"{size:,} dossiers ({overdue_count:,} overdue at {listing.now():%d/%m/%Y %H:%M})")
        for name, fn in timed.items():
            fn()
            print(f"  {name:52s} {statistics.median(_timed(fn, samples)):8.2f} ms")
        if plans:
            print("  plan, overdue page:")
            print(_plan(app, tracking.page_statement(listing.conditions(overdue), limit=PAGE)))
            today = listing.now().date()
            for name, f in {
                "received today": DossierFilter(received_from=today, received_to=today),
                "due today": DossierFilter(due=DueFilter.TODAY),
                "overdue": overdue,
                "awaiting supplement": DossierFilter(status="awaiting_supplement"),
                "due soon": DossierFilter(due=DueFilter.WITHIN, due_within_days=1),
                "awaiting return": DossierFilter(status="resolved"),
                "no filter": DossierFilter(),
            }.items():
                print(f"  plan, count {name}:")
                print(_plan(app, tracking.count_statement(listing.conditions(f))))
    finally:
        app.close()
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.flat_paths")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--plans", action="store_true", help="print the query plans too")
    args = parser.parse_args(argv)
    for size in (int(s) for s in args.sizes.split(",")):
        measure(size, args.samples, args.plans)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
