"""A generator of realistic stores: Vietnamese names, the demo catalogue, five years of dossiers.

It writes through the store's own schema (Alembic migrations) and fills `dossiers`, `dossier_events` and
`code_sequences` in bulk with raw SQL for speed: going through IntakeService would take hours at 1,000,000.
Each dossier gets a `received` event with the same payload shape the service writes; older dossiers also
get `resolved` and `result_returned` events; the report's per-day counts are then rebuilt from them
(store/report_counts.rebuild). Generated stores are cached under benchmarks/.data/.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.text import fold_for_search
from counter_app.services.app import open_services

CACHE = Path(__file__).resolve().parent / ".data"
# 2: the report counts (report_counts) are filled too; 3: the name index is merged (optimize); 4: report counts per
# receiving station (migration 0010); 5: the classes the report choices move (migration 0013)
GENERATOR_VERSION = "5"  # (6 would regenerate every cached store: the bulk load writes the same rows)

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


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def generate(path: Path, count: int, *, seed: int = 7, end: date = date(2026, 11, 24), years: int = 5) -> Path:
    """Fill the store at `path` (a data folder) with `count` dossiers received over `years` years."""
    app = open_services(path, check_integrity=False)
    station = app.settings.station()
    procedures = [
        (p.version_id, p.code, p.field_code, p.name, p.processing_time.duration, p.processing_time.unit.value)
        for p in app.catalogue.procedures()
    ]
    db_path = app.db.path
    app.close()

    rng = random.Random(seed)
    start = end - timedelta(days=365 * years)
    working_days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    working_days = [d for d in working_days if d.weekday() < 5]
    per_day = [count // len(working_days)] * len(working_days)
    for i in range(count - sum(per_day)):
        per_day[i] += 1

    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")  # generation only; the app always runs with FULL
    conn.execute("PRAGMA cache_size=-262144")  # 256 MB of page cache: the random-id B-trees stay in memory longer
    conn.execute("BEGIN")
    # Bulk load first, index after: the secondary indexes and the name index's insert trigger are dropped, the
    # rows go in, then the indexes are created again from their own SQL and the name index is rebuilt in one
    # pass (it is an external-content FTS5 table over dossiers). ~3× faster at 100,000 than row-by-row upkeep.
    deferred = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ('dossiers', 'dossier_events') AND sql IS NOT"
        " NULL AND (type = 'index' OR (type = 'trigger' AND name = 'dossiers_search_insert'))"
    ).fetchall()
    for kind, name, _sql in deferred:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    due_index = {day: i for i, day in enumerate(working_days)}
    dossier_rows, event_rows, seq_rows = [], [], []
    station_seq = 0
    now = datetime.combine(end, datetime.min.time(), OFFICE_TZ) + timedelta(hours=17)
    t0 = time.perf_counter()

    def flush() -> None:
        conn.executemany(
            f"INSERT INTO dossiers ({', '.join(DOSSIER_COLUMNS)}) VALUES ({', '.join('?' * len(DOSSIER_COLUMNS))})",
            dossier_rows,
        )
        conn.executemany(
            "INSERT INTO dossier_events (id, dossier_id, station_id, station_seq, kind, officer, occurred_at,"
            " occurred_utc, recorded_at, payload, hub_ack_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            event_rows,
        )
        dossier_rows.clear()
        event_rows.clear()

    folded: dict[str, str] = {}  # names come from short lists: fold each once
    ten_days_ago, an_hour_ago = now - timedelta(days=10), now - timedelta(hours=1)
    for day, n in zip(working_days, per_day):
        day_start = datetime.combine(day, datetime.min.time(), OFFICE_TZ)
        day_code = f"{station.agency_code}-{day:%y%m%d}-"
        for i in range(n):
            seq = 1001 + i
            version_id, pcode, field, pname, duration, unit = rng.choice(procedures)
            received = day_start + timedelta(minutes=rng.randint(7 * 60 + 30, 16 * 60 + 45))
            days_after = duration if unit != "working_hours" else max(1, duration // 8)
            later = due_index[day] + days_after
            due_day = working_days[later] if later < len(working_days) else _working_days_after(day, days_after)
            due = datetime.combine(due_day, datetime.min.time(), OFFICE_TZ) + timedelta(hours=17)
            name = vietnamese_name(rng)
            code = f"{day_code}{seq:04d}"
            did = _uuid_text(rng.getrandbits(128))
            phone = "09" + "".join(rng.choice("0123456789") for _ in range(8))
            id_number = "0" + "".join(rng.choice("0123456789") for _ in range(11))
            channel = rng.choice(CHANNELS)
            org = rng.choice(ORGS) if rng.random() < 0.3 else None
            payload = {
                "code": code,
                "procedure_code": pcode,
                "procedure_version_id": version_id,
                "procedure_name": pname,
                "field_code": field,
                "channel": channel,
                "applicant_name": name,
                "organization": org,
                "id_number": id_number,
                "phone": phone,
                "email": None,
                "address": "Yên Bái",
                "copies": 1,
                "documents": [],
                "note": None,
                "result_delivery": "counter",
                "counter_number": 1,
                "duration": duration,
                "unit": unit,
                "due_at": due.isoformat(),
            }
            status, resolved_at, returned_at = "received", None, None
            events = [("received", received, payload)]
            if due < ten_days_ago or rng.random() < 0.5 and due < now:
                lateness = rng.choices([-3, -1, 0, 2], weights=[70, 20, 7, 3])[0]
                resolved_at = min(due + timedelta(days=lateness), an_hour_ago)
                resolved_at = max(resolved_at, received + timedelta(hours=2))
                returned_at = resolved_at + timedelta(days=rng.randint(0, 5))
                returned_at = min(returned_at, now)
                status = "returned"
                events.append(("resolved", resolved_at, {}))
                events.append(("result_returned", returned_at, {"receiver_name": name, "method": "counter"}))
            for kind, at, body in events:
                station_seq += 1
                event_rows.append(
                    (
                        _uuid_text(rng.getrandbits(128)),
                        did,
                        station.station_id,
                        station_seq,
                        kind,
                        "Nguyễn Thị Thu Hà",
                        at.isoformat(),
                        _utc(at),
                        at.isoformat(),
                        json.dumps(body, ensure_ascii=False, sort_keys=True),
                        None,
                    )
                )
            dossier_rows.append(
                (
                    did,
                    code,
                    version_id,
                    pcode,
                    field,
                    channel,
                    status,
                    name,
                    folded.get(name) or folded.setdefault(name, fold_for_search(name)),
                    org,
                    id_number,
                    phone,
                    None,
                    "Yên Bái",
                    1,
                    "[]",
                    None,
                    "counter",
                    received.isoformat(),
                    day.isoformat(),
                    due.isoformat(),
                    due.isoformat(),
                    resolved_at.isoformat() if resolved_at else None,
                    returned_at.isoformat() if returned_at else None,
                    station.station_id,
                    1,
                    "Nguyễn Thị Thu Hà",
                    events[-1][1].isoformat(),
                    1,
                )
            )
        if n:
            seq_rows.append((station.agency_code, day.isoformat(), 1, 1000 + n))
        if len(dossier_rows) >= 20000:
            flush()
    flush()
    conn.executemany("INSERT INTO code_sequences VALUES (?,?,?,?)", seq_rows)
    loaded = time.perf_counter()
    for _kind, _name, sql in deferred:
        conn.execute(sql)
    conn.execute("INSERT INTO dossier_search(dossier_search) VALUES ('rebuild')")
    print(f"  rows in {loaded - t0:.1f} s, indexes and name index in {time.perf_counter() - loaded:.1f} s")
    # The raw INSERTs bypass repository.append_event: compute the report's per-day counts from what was written.
    from counter_app.store import report_counts

    rebuilt = report_counts.rebuild(conn)
    print(f"  report counts: {rebuilt.rows:,} rows in {rebuilt.seconds:.1f} s")
    # The name index was filled row by row by the triggers in one big transaction; merge it as FTS5's automerge
    # does over years of single intakes (and as migration 0004 does after its backfill).
    conn.execute("INSERT INTO dossier_search(dossier_search) VALUES ('optimize')")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.close()
    print(f"  generated {count:,} dossiers in {time.perf_counter() - t0:.1f} s → {db_path}")
    return db_path


def cached_store(count: int) -> Path:
    """The data folder of a generated store with `count` dossiers, generated once and reused."""
    folder = CACHE / f"store-{count}"
    marker = folder / "complete"
    # A store generated before the report counts existed (GENERATOR_VERSION 1) is generated again.
    if not marker.exists() or marker.read_text().strip() != GENERATOR_VERSION:
        if folder.exists():
            for child in sorted(folder.rglob("*"), reverse=True):
                child.unlink() if child.is_file() else child.rmdir()
        folder.mkdir(parents=True, exist_ok=True)
        generate(folder, count)
        marker.write_text(GENERATOR_VERSION)
    return folder
