"""`counter-app export-portal`: the dossiers and their progress as JSON files per day, in the national portal's
one-stop sync fields (domain/portal.py), with the mapping tables as data (docs/PORTAL.md).

The mapping in force is the bundled resources/portal/mapping.json with the office's own `portal-mapping.json` (only
what it changes) from the data folder over it; `portal-mapping import FILE` checks and installs such a file,
`portal-mapping export FILE` writes the mapping in force, and `export-portal --mapping FILE` uses another one once.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.merge import utc_key
from counter_app.domain.portal import MappingError, PortalMapping, day_file, load_mapping, merge_mapping, portal_record
from counter_app.resources import resource_path
from counter_app.store import portal_queries, repository
from counter_app.store.db import Database

__all__ = ["MAPPING_FILE", "MappingError", "PortalExport", "PortalService"]

MAPPING_FILE = "portal-mapping.json"
MAX_DAYS = 366


@dataclass(frozen=True)
class PortalExport:
    files: tuple[Path, ...]
    dossiers: int  # records written, over all days (a dossier that moved on two days is in both files)


def _read_json(path: Path, label: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise MappingError(
            f"{label} ({path.name}) không phải JSON hợp lệ: dòng {exc.lineno}, cột {exc.colno}."
        ) from None
    except UnicodeDecodeError:
        raise MappingError(f"{label} ({path.name}) không phải văn bản UTF-8.") from None


class PortalService:
    def __init__(self, db: Database, settings, clock: Callable[[], datetime] | None = None):
        self._db = db
        self._settings = settings
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        self.office_file = Path(db.path).parent / MAPPING_FILE

    # --- the mapping ------------------------------------------------------------------------------------

    @staticmethod
    def bundled_data() -> dict[str, Any]:
        return _read_json(resource_path("portal", "mapping.json"), "Bảng chuyển mã kèm theo phần mềm")

    def mapping_data(self, override: Path | None = None) -> dict[str, Any]:
        data = self.bundled_data()
        for path, label in ((self.office_file, "Bảng chuyển mã của cơ quan"), (override, "Bảng chuyển mã")):
            if path is not None and (path != self.office_file or path.exists()):
                over = _read_json(path, label)
                if not isinstance(over, dict):
                    raise MappingError(f"{label} ({path.name}): cần một đối tượng JSON {{…}}.")
                data = merge_mapping(data, over)
        return data

    def mapping(self, override: Path | None = None) -> PortalMapping:
        """The mapping in force (MappingError when it cannot be used)."""
        return load_mapping(self.mapping_data(override), "bảng chuyển mã")

    def import_mapping(self, path: Path) -> PortalMapping:
        """Check `path` over the bundled mapping and keep it as the office's file; nothing changes if it is refused."""
        from counter_app.domain.roles import Action

        over = _read_json(path, "Bảng chuyển mã")
        if not isinstance(over, dict):
            raise MappingError(f"Bảng chuyển mã ({path.name}): cần một đối tượng JSON {{…}}.")
        mapping = load_mapping(merge_mapping(self.bundled_data(), over), path.name)
        self._settings.access.require(Action.SETTINGS)
        _write_json(self.office_file, over)
        return mapping

    def export_mapping(self, path: Path) -> None:
        _write_json(path, self.mapping_data())

    # --- the export --------------------------------------------------------------------------------------

    def records_of_day(self, day: date, mapping: PortalMapping) -> list[dict]:
        """The dossiers that moved on `day` (office time), each as it stood at the end of that day."""
        start = datetime.combine(day, time(0), OFFICE_TZ)
        end = start + timedelta(days=1)
        records: list[dict] = []
        with self._db.read() as session:
            ids = portal_queries.dossiers_moved_between(session, utc_key(start), utc_key(end), ("slip_printed",))
            for dossier_id in ids:
                record = portal_record(
                    repository.dossier_events(session, dossier_id), mapping, until=end - timedelta(seconds=1)
                )
                if record is not None:
                    records.append(record)
        return records

    def export(self, date_from: date, date_to: date, folder: Path, mapping_file: Path | None = None) -> PortalExport:
        """One file per day from `date_from` to `date_to` (both included) in `folder`: portal-<agency>-<yyyymmdd>.json.
        A day nothing moved gets its file too (count 0): the receiver knows the day was handed over."""
        if date_from > date_to:
            raise ValueError(
                f"Ngày bắt đầu {date_from:%d/%m/%Y} sau ngày kết thúc {date_to:%d/%m/%Y}: không xuất được."
            )
        if (date_to - date_from).days >= MAX_DAYS:
            raise ValueError(f"Xuất tối đa {MAX_DAYS} ngày một lần; hãy chia nhỏ khoảng thời gian.")
        from counter_app.domain.roles import Action

        self._settings.access.require(Action.REPORTS)
        mapping = self.mapping(mapping_file)
        agency = self._settings.get("agency.code")
        folder.mkdir(parents=True, exist_ok=True)
        files: list[Path] = []
        total = 0
        day = date_from
        while day <= date_to:
            records = self.records_of_day(day, mapping)
            target = folder / f"portal-{agency}-{day:%Y%m%d}.json"
            _write_json(target, day_file(agency, day.isoformat(), records, mapping, self._clock()))
            files.append(target)
            total += len(records)
            day += timedelta(days=1)
        self._settings.access.record(
            "export", target="portal", detail={"from": date_from.isoformat(), "to": date_to.isoformat()}
        )
        return PortalExport(tuple(files), total)


def _write_json(path: Path, data: Any) -> None:
    """Written beside the target and renamed: a failure leaves no half file."""
    temp = path.with_name(f".{path.name}.tmp")
    with open(temp, "w", encoding="utf-8", newline="\n") as out:
        json.dump(data, out, ensure_ascii=False, indent=1)
        out.write("\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, path)
