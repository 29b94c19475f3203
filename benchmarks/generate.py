"""A generator of realistic stores: Vietnamese names, the demo catalogue, five years of dossiers.

It writes through the store's own schema (Alembic migrations) and fills `dossiers`, `dossier_events` and
`code_sequences` in bulk with raw SQL for speed: going through IntakeService would take hours at 1,000,000.
Each dossier gets a `received` event with the same payload shape the service writes; older dossiers also
get `resolved` and `result_returned` events; the report's per-day counts are summed from the same values as the
rows are drawn (domain.reports.simple_deltas, what the app's write path adds for such a dossier) and written with
store/report_counts.store_daily. Worker processes draw the rows, chunk by chunk, while this one inserts them.
Generated stores are cached under benchmarks/.data/.

    uv run --frozen python -m benchmarks.generate 5000000               # into benchmarks/.data/store-5000000
    uv run --frozen python -m benchmarks.generate 100000 --folder /tmp/x   # a new folder, not cached
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sqlite3
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.reports import add_delta, simple_deltas, zero_counts
from counter_app.domain.text import fold_for_search

CACHE = Path(__file__).resolve().parent / ".data"
# 2: the report counts (report_counts) are filled too; 3: the name index is merged (optimize); 4: report counts per
# receiving station (migration 0010); 5: the classes the report choices move (migration 0013); 6: drawn in chunks by
# worker processes, time-ordered ids (UUID v7), received times numbered in order within a day
GENERATOR_VERSION = "6"

FAMILY = (
    ["Nguyễn"] * 38
    + ["Trần"] * 11
    + ["Lê"] * 9
    + ["Phạm"] * 7
    + [
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đinh",
        "Lương",
        "Đào",
        "Trịnh",
        "Mai",
        "Tạ",
        "Hà",
        "Triệu",
    ]
)
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Xuân", "Đình", "Ngọc", "Tiến", "Mạnh"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hồng", "Kim", "Bích", "Diệu"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Giang",
    "Hải",
    "Hiếu",
    "Hùng",
    "Huy",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Thành",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
]
GIVEN_F = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "My",
    "Nga",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quỳnh",
    "Thảo",
    "Trang",
    "Yến",
]
ORGS = [
    "Bệnh viện Đa khoa tỉnh",
    "Công ty TNHH Kỹ thuật Y tế Minh Phát",
    "Trung tâm Y tế huyện Văn Chấn",
    "Công ty Cổ phần Xây dựng Hòa Bình",
    "Phòng khám Đa khoa Hồng Đức",
    "Viện Nghiên cứu Nông nghiệp miền núi",
]
CHANNELS = ["direct"] * 70 + ["online"] * 22 + ["postal"] * 8


# Named, so that columns added by later migrations (with defaults) do not break the generator.
DOSSIER_COLUMNS = (
    "id",
    "code",
    "procedure_id",
    "procedure_code",
    "field_code",
    "channel",
    "status",
    "applicant_name",
    "applicant_folded",
    "organization",
    "id_number",
    "phone",
    "email",
    "address",
    "copies",
    "documents",
    "note",
    "result_delivery",
    "received_at",
    "received_day",
    "due_at",
    "original_due_at",
    "resolved_at",
    "returned_at",
    "station_id",
    "counter_number",
    "officer",
    "last_event_at",
    "print_count",
)


def vietnamese_name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


_STREETS = (
    "Nguyễn Thái Học",
    "Trần Hưng Đạo",
    "Lê Lợi",
    "Điện Biên",
    "Hoàng Hoa Thám",
    "Yên Ninh",
    "Đinh Tiên Hoàng",
    "Kim Đồng",
)
_PROVINCES = ("001", "010", "015", "022", "024", "031", "038", "040", "048", "079")  # codes of Circular 59/2021
_WARDS = ("Yên Bái", "Nam Cường", "Văn Phú", "Âu Lâu", "Nghĩa Lộ", "Trung Tâm", "Cầu Thia")


def applicant_details(rng: random.Random) -> dict[str, str]:
    """What a counter types besides the name, different for each applicant as in an office: a mobile number, a
    CCCD number and an address (a receipt prints all three, so none of its lines repeats an earlier receipt's)."""
    return {
        "phone": f"09{rng.randrange(10**8):08d}",
        # a province of birth registration, then the century/sex digit and year of someone born 1950–1999
        "id_number": f"{rng.choice(_PROVINCES)}{rng.choice('01')}{rng.randrange(50, 100)}{rng.randrange(10**6):06d}",
        "address": f"Số {rng.randrange(1, 400)}, đường {rng.choice(_STREETS)}, phường {rng.choice(_WARDS)}",
    }


def _working_days_after(day: date, n: int) -> date:
    while n > 0:  # weekends only: good enough for synthetic history
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _uuid_text(value: int) -> str:
    """str(uuid.UUID(int=value)), without building the UUID object (the generator makes millions)."""
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _uuid7(ms: int, rng: random.Random) -> str:
    """A UUID version 7 (RFC 9562: milliseconds since 1970, then random bits) for the moment `ms`. Ids that follow
    time make the primary-key B-trees grow at their right edge, as rows go in oldest first, instead of at a random
    page each (at 5,000,000 dossiers and ~15,000,000 events those indexes outgrow any cache)."""
    bits = rng.getrandbits(74)
    return _uuid_text((ms << 80) | (0x7 << 76) | ((bits >> 62) << 64) | (0b10 << 62) | (bits & ((1 << 62) - 1)))


def _utc(moment: datetime) -> str:
    """moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), in a third of the time."""
    return moment.astimezone(UTC).isoformat()[:19] + "Z"


LATENESS = [-3] * 70 + [-1] * 20 + [0] * 7 + [2] * 3  # days from the due day to the result
_str = json.encoder.encode_basestring  # a str as JSON (ensure_ascii=False)
# Received between 07:30 and 16:45 office time (+07:00): the same day in UTC. Indexed by minute of the day.
_LOCAL_MINUTE = [f"{m // 60:02d}:{m % 60:02d}:00+07:00" for m in range(24 * 60)]
_UTC_MINUTE = [f"{(m - 420) // 60:02d}:{(m - 420) % 60:02d}:00Z" if m >= 420 else "" for m in range(24 * 60)]


def _returned_payload(name: str) -> str:
    return f'{{"method": "counter", "receiver_name": {_str(name)}}}'


_FOLDED: dict[str, str] = {}  # names come from short lists: fold each once per process


# The dossiers are drawn in chunks of CHUNK_DAYS working days, each from its own random stream seeded with
# (seed, chunk number): the store depends on the seed and the size only, not on how many processes drew it or in
# which order they finished. The parent inserts the chunks in order.
CHUNK_DAYS = 5
QUEUED_PER_WORKER = 2  # chunks drawn ahead of the inserts (bounds the memory: ~20,000 dossiers a chunk at 5M)
OFFICER = "Nguyễn Thị Thu Hà"

DailyKey = tuple[str, str, str, str]  # report_counts.Key: (day ISO, field code, procedure code, station id)


@dataclass(frozen=True)
class Plan:
    """What every chunk needs to draw its dossiers (sent once to each worker process)."""

    seed: int
    end: date
    station_id: str
    agency_code: str
    procedures: tuple[tuple[int | None, str, str, str, int, str], ...]  # version id, code, field, name, duration, unit
    working_days: tuple[date, ...]
    per_day: tuple[int, ...]

    @property
    def chunks(self) -> int:
        return -(-len(self.working_days) // CHUNK_DAYS)


@dataclass
class Chunk:
    dossiers: list[tuple]
    events: list[tuple]  # station_seq numbered from 1 within the chunk: the parent adds what came before
    sequences: list[tuple]  # code_sequences rows
    daily: dict[DailyKey, list[int]]  # the chunk's per-day report counts (domain.reports.simple_deltas)


def _procedure_json(procedure: tuple[int | None, str, str, str, int, str]) -> tuple[str, str]:
    """The parts of a `received` payload that depend on the procedure only, as JSON (see _received_payload)."""
    version_id, code, field, name, duration, unit = procedure
    return (
        f'"duration": {json.dumps(duration)}, "email": null, "field_code": {_str(field)}, "id_number": ',
        f'"procedure_code": {_str(code)}, "procedure_name": {_str(name)}, "procedure_version_id": {json.dumps(version_id)},'
        f' "result_delivery": "counter", "unit": {_str(unit)}}}',
    )


def _received_payload(
    head: str, tail: str, name: str, channel: str, code: str, due_iso: str, org: str | None, id_number: str, phone: str
) -> str:
    """json.dumps(payload, ensure_ascii=False, sort_keys=True) of the `received` event's payload (the shape the
    intake service writes), from pieces: the keys in sorted order, each value escaped as JSON."""
    return (
        f'{{"address": "Yên Bái", "applicant_name": {_str(name)}, "channel": {_str(channel)}, "code": {_str(code)},'
        f' "copies": 1, "counter_number": 1, "documents": [], "due_at": {_str(due_iso)}, {head}{_str(id_number)},'
        f' "note": null, "organization": {"null" if org is None else _str(org)}, "phone": {_str(phone)}, {tail}'
    )


def draw_chunk(plan: Plan, k: int) -> Chunk:
    """The rows of the dossiers received on the working days of chunk `k`, with their events and report counts."""
    rng = random.Random(f"{plan.seed}:{k}")
    end_of_day = datetime.combine(plan.end, datetime.min.time(), OFFICE_TZ) + timedelta(hours=17)
    ten_days_ago, an_hour_ago = end_of_day - timedelta(days=10), end_of_day - timedelta(hours=1)
    working_days, station_id = plan.working_days, plan.station_id
    procedures = [(p, *_procedure_json(p)) for p in plan.procedures]
    out = Chunk([], [], [], defaultdict(zero_counts))
    daily, events_out, dossiers_out = out.daily, out.events, out.dossiers
    day_iso: dict[date, str] = {}
    due_of: dict[date, tuple[datetime, str]] = {}
    two_hours = timedelta(hours=2)
    station_seq = 0
    for index in range(k * CHUNK_DAYS, min(len(working_days), (k + 1) * CHUNK_DAYS)):
        day, n = working_days[index], plan.per_day[index]
        if not n:
            continue
        day_start = datetime.combine(day, datetime.min.time(), OFFICE_TZ)
        day_ms = int(day_start.timestamp()) * 1000
        today = day.isoformat()
        day_code = f"{plan.agency_code}-{day:%y%m%d}-"
        # Received between 07:30 and 16:45, numbered in the order they came (as the counter numbers them).
        minutes = sorted(rng.randint(7 * 60 + 30, 16 * 60 + 45) for _ in range(n))
        for i, minute in enumerate(minutes):
            (version_id, pcode, field, pname, duration, unit), head, tail = rng.choice(procedures)
            received = day_start + timedelta(minutes=minute)
            received_iso = f"{today}T{_LOCAL_MINUTE[minute]}"
            days_after = duration if unit != "working_hours" else max(1, duration // 8)
            later = index + days_after
            due_day = working_days[later] if later < len(working_days) else _working_days_after(day, days_after)
            if due_day not in due_of:
                due_moment = datetime.combine(due_day, datetime.min.time(), OFFICE_TZ) + timedelta(hours=17)
                due_of[due_day] = (due_moment, due_moment.isoformat())
            due, due_iso = due_of[due_day]
            name = vietnamese_name(rng)
            code = f"{day_code}{1001 + i:04d}"
            did = _uuid7(day_ms + minute * 60_000, rng)
            phone = f"09{rng.randrange(10**8):08d}"
            id_number = f"0{rng.randrange(10**11):011d}"
            channel = rng.choice(CHANNELS)
            org = rng.choice(ORGS) if rng.random() < 0.3 else None
            payload = _received_payload(head, tail, name, channel, code, due_iso, org, id_number, phone)
            station_seq += 1
            events_out.append(
                (
                    _uuid7(day_ms + minute * 60_000, rng),
                    did,
                    station_id,
                    station_seq,
                    "received",
                    OFFICER,
                    received_iso,
                    f"{today}T{_UTC_MINUTE[minute]}",
                    received_iso,
                    payload,
                    None,
                )
            )
            status, resolved_at, returned_at, resolved_iso, returned_iso = "received", None, None, None, None
            last_event_iso = received_iso
            if due < ten_days_ago or rng.random() < 0.5 and due < end_of_day:
                resolved_at = min(due + timedelta(days=rng.choice(LATENESS)), an_hour_ago)
                resolved_at = max(resolved_at, received + two_hours)
                returned_at = min(resolved_at + timedelta(days=rng.randint(0, 5)), end_of_day)
                status = "returned"
                resolved_iso, returned_iso = resolved_at.isoformat(), returned_at.isoformat()
                last_event_iso = returned_iso
                for kind, at, at_iso, body in (
                    ("resolved", resolved_at, resolved_iso, "{}"),
                    ("result_returned", returned_at, returned_iso, _returned_payload(name)),
                ):
                    station_seq += 1
                    events_out.append(
                        (
                            _uuid7(int(at.timestamp()) * 1000, rng),
                            did,
                            station_id,
                            station_seq,
                            kind,
                            OFFICER,
                            at_iso,
                            _utc(at),
                            at_iso,
                            body,
                            None,
                        )
                    )
            dossiers_out.append(
                (
                    did,
                    code,
                    version_id,
                    pcode,
                    field,
                    channel,
                    status,
                    name,
                    _FOLDED.get(name) or _FOLDED.setdefault(name, fold_for_search(name)),
                    org,
                    id_number,
                    phone,
                    None,
                    "Yên Bái",
                    1,
                    "[]",
                    None,
                    "counter",
                    received_iso,
                    today,
                    due_iso,
                    due_iso,
                    resolved_iso,
                    returned_iso,
                    station_id,
                    1,
                    OFFICER,
                    last_event_iso,
                    1,
                )
            )
            # What the app's write path adds to the per-day counts for such a dossier (report_counts.record_event
            # gives the same for a simple history); the store's own recount must agree (tests/test_bench_generate).
            for delta in simple_deltas(received, channel, due, resolved_at, returned_at):
                iso = day_iso.get(delta.day) or day_iso.setdefault(delta.day, delta.day.isoformat())
                add_delta(daily[(iso, field, pcode, station_id)], delta.column, delta.delta)
        out.sequences.append((plan.agency_code, today, 1, 1000 + n))
    return out


_PLAN: Plan | None = None  # in a worker process: set once by _receive_plan


def _receive_plan(plan: Plan) -> None:
    global _PLAN
    _PLAN = plan


def _draw_in_worker(k: int) -> Chunk:
    assert _PLAN is not None
    return draw_chunk(_PLAN, k)


class _Clock:
    """Phases with their wall and CPU time (of this process), printed as they end: the long runs show where the
    time goes."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.cpu_start = self.cpu_last = time.process_time()
        self.phases: dict[str, float] = {}

    def lap(self, phase: str, detail: str = "") -> None:
        now, cpu = time.perf_counter(), time.process_time()
        self.phases[phase] = now - self.last
        print(f"  {phase}: {now - self.last:.1f} s (CPU here {cpu - self.cpu_last:.1f} s){detail}", flush=True)
        self.last, self.cpu_last = now, cpu

    def total(self) -> str:
        return f"{self.last - self.start:.1f} s (CPU here {self.cpu_last - self.cpu_start:.1f} s{_workers_cpu()})"


def _workers_cpu() -> str:
    """CPU time of the worker processes that have ended (POSIX; not known on Windows)."""
    try:
        import resource
    except ImportError:
        return ""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return f", in workers {children.ru_utime + children.ru_stime:.1f} s"


def _chunks(plan: Plan, workers: int, waited: list[float]) -> Iterator[Chunk]:
    """The plan's chunks in order: drawn here (workers=0) or by worker processes, a few chunks ahead of the
    consumer. `waited` receives the time spent waiting for a worker."""
    if workers <= 0:
        for k in range(plan.chunks):
            yield draw_chunk(plan, k)
        return
    # spawn (as on Windows), not fork: the parent holds an open SQLite connection.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_receive_plan, initargs=(plan,)) as pool:
        pending: deque[Future[Chunk]] = deque()
        submitted = 0
        while pending or submitted < plan.chunks:
            while submitted < plan.chunks and len(pending) < workers * QUEUED_PER_WORKER:
                pending.append(pool.submit(_draw_in_worker, submitted))
                submitted += 1
            t = time.perf_counter()
            chunk = pending.popleft().result()
            waited.append(time.perf_counter() - t)
            yield chunk


def make_plan(path: Path, count: int, *, seed: int, end: date, years: int) -> tuple[Plan, Path]:
    """Create (or migrate) the store at `path` through the app and plan `count` dossiers over `years` years."""
    from counter_app.services.app import open_services  # not in the worker processes: they only draw rows

    app = open_services(path, check_integrity=False)
    station = app.settings.station()
    procedures = tuple(
        (p.version_id, p.code, p.field_code, p.name, p.processing_time.duration, p.processing_time.unit.value)
        for p in app.catalogue.procedures()
    )
    db_path = app.db.path
    app.close()
    start = end - timedelta(days=365 * years)
    working_days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    working_days = [d for d in working_days if d.weekday() < 5]
    per_day = [count // len(working_days)] * len(working_days)
    for i in range(count - sum(per_day)):
        per_day[i] += 1
    plan = Plan(seed, end, station.station_id, station.agency_code, procedures, tuple(working_days), tuple(per_day))
    return plan, db_path


DEFAULT_WORKERS = 2
# Kept while the rows go in: a partial index that no generated row enters (building it after the load would read
# the whole events table, ~7.5 GB at 5M, for nothing). Every other secondary index, one a later migration adds
# included, is dropped during the load and built after it: at 100,000, keeping the indexes that follow the
# insertion order (received time, time-ordered ids) live cost more CPU in the inserting process than building
# them after (CPU measured: +2.0 s in the load, -0.9 s after), and the load is bound by two cores' CPU.
KEPT_DURING_LOAD = frozenset({"ix_dossier_events_fees"})


def generate(
    path: Path,
    count: int,
    *,
    seed: int = 7,
    end: date = date(2026, 11, 24),
    years: int = 5,
    workers: int = DEFAULT_WORKERS,
) -> Path:
    """Fill the store at `path` (a data folder) with `count` dossiers received over `years` years. `workers`
    processes draw the rows while this one inserts them (0: all in this process; the store is the same)."""
    from counter_app.store import report_counts  # not in the worker processes: they only draw rows

    clock = _Clock()
    plan, db_path = make_plan(path, count, seed=seed, end=end, years=years)
    clock.lap("migrated store")
    conn = sqlite3.connect(db_path, isolation_level=None)  # transactions are explicit below
    # Generation only: no rollback journal and no fsync (a generation that fails leaves no `complete` marker and
    # is redone from scratch, see cached_store), a large page cache, sorter threads for CREATE INDEX. The store is
    # given back to the app in WAL mode below; the app sets synchronous=FULL on every connection it opens.
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-524288")  # 512 MB
    conn.execute("PRAGMA threads=2")
    conn.execute("BEGIN")
    # Bulk load first, index after: the secondary indexes (but KEPT_DURING_LOAD) and the name index's insert
    # trigger are dropped, the rows go in, then the indexes are created again from their own SQL and the name
    # index is rebuilt in one pass (it is an external-content FTS5 table over dossiers). The primary keys and
    # unique codes stay: time-ordered ids and codes grow at the B-trees' right edge.
    deferred = [
        row
        for row in conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ('dossiers', 'dossier_events') AND sql IS"
            " NOT NULL AND (type = 'index' OR (type = 'trigger' AND name = 'dossiers_search_insert'))"
        )
        if row[1] not in KEPT_DURING_LOAD
    ]
    for kind, name, _sql in deferred:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    insert_dossier = (
        f"INSERT INTO dossiers ({', '.join(DOSSIER_COLUMNS)}) VALUES ({', '.join('?' * len(DOSSIER_COLUMNS))})"
    )
    daily: dict[DailyKey, list[int]] = defaultdict(zero_counts)
    station_seq, waited = 0, list[float]()
    for chunk in _chunks(plan, workers, waited):
        conn.executemany(insert_dossier, chunk.dossiers)
        # The chunk numbers its events from 1: SQLite adds the events of the chunks before (no tuple rebuilt here).
        conn.executemany(
            "INSERT INTO dossier_events (id, dossier_id, station_id, station_seq, kind, officer, occurred_at,"
            f" occurred_utc, recorded_at, payload, hub_ack_at) VALUES (?,?,?,? + {station_seq},?,?,?,?,?,?,?)",
            chunk.events,
        )
        conn.executemany("INSERT INTO code_sequences VALUES (?,?,?,?)", chunk.sequences)
        station_seq += len(chunk.events)
        for key, counts in chunk.daily.items():
            total = daily[key]
            for i, value in enumerate(counts):
                total[i] += value
    clock.lap(
        "rows",
        f"; {count:,} dossiers, {station_seq:,} events; {workers} drawing process(es){_workers_cpu()},"
        f" this one waited for them {sum(waited):.1f} s",
    )
    for kind, _name, sql in deferred:
        if kind == "index":
            conn.execute(sql)
    clock.lap("indexes")
    for kind, _name, sql in deferred:
        if kind == "trigger":
            conn.execute(sql)
    # Rebuilt in one pass, then merged as FTS5's automerge does over years of single intakes (and as migration
    # 0004 does after its backfill).
    conn.execute("INSERT INTO dossier_search(dossier_search) VALUES ('rebuild')")
    conn.execute("INSERT INTO dossier_search(dossier_search) VALUES ('optimize')")
    clock.lap("name index")
    # The raw INSERTs bypass repository.append_event: the report's per-day counts were summed as the rows were
    # drawn; they replace whatever the migrations left (the "rebuild me" marker included).
    rows = report_counts.store_daily(conn, daily)
    clock.lap("report counts", f"; {rows:,} rows")
    conn.execute("COMMIT")  # journal off: the pages still in the cache are written to the file here
    clock.lap("commit")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode=WAL")  # what the app expects (store/db.py)
    conn.close()
    clock.lap("statistics, WAL mode")
    print(f"  generated {count:,} dossiers in {clock.total()} → {db_path}", flush=True)
    return db_path


def cached_store(count: int) -> Path:
    """The data folder of a generated store with `count` dossiers, generated once and reused."""
    folder = CACHE / f"store-{count}"
    marker = folder / "complete"
    # A store generated by an older version of this module is generated again.
    if not marker.exists() or marker.read_text().strip() != GENERATOR_VERSION:
        if folder.exists():
            for child in sorted(folder.rglob("*"), reverse=True):
                child.unlink() if child.is_file() else child.rmdir()
        folder.mkdir(parents=True, exist_ok=True)
        generate(folder, count)
        marker.write_text(GENERATOR_VERSION)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate",
        description="Generate a benchmark store (cached in benchmarks/.data/store-N unless --folder is given).",
    )
    parser.add_argument("size", type=int, help="number of dossiers, e.g. 5000000")
    parser.add_argument("--folder", type=Path, help="a new data folder to fill instead of the cache")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="processes drawing rows (default 2)")
    args = parser.parse_args(argv)
    if args.folder is None:
        print(cached_store(args.size))
        return 0
    if args.folder.exists() and any(args.folder.iterdir()):
        parser.error(f"{args.folder} is not empty")
    generate(args.folder, args.size, workers=args.workers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
