"""The procedure catalogue: what the counter sees (the procedures in force, searchable as one types) and what a
supervisor does with it (versions with effective dates, edits, retiring, import and export of files).

Versioning (ARCHITECTURE decision 6): a change never rewrites a stored rule. An imported or edited procedure
whose content differs from its current version becomes a new version; the previous one ends the day before
the new one starts (or is retired if the new one starts on or before it did). Dossiers keep pointing at the
version they were received under. Each user action is one transaction: a file with any error imports nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.catalogue import FieldOfWork, Procedure, matches_query, procedure_from_dict
from counter_app.domain.catalogue_io import CatalogueData, CatalogueFileError, ImportIssue, check_procedure, same_rule
from counter_app.domain.roles import Action
from counter_app.domain.text import normalize_text
from counter_app.resources import resource_path
from counter_app.services import catalogue_io
from counter_app.store import catalogue_versions as versions
from counter_app.store import repository
from counter_app.store.db import Database

DEMO_CATALOGUE = resource_path("catalogue", "demo_catalogue.json")


def read_catalogue_file(path: Path) -> tuple[list[FieldOfWork], list[Procedure]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    fields = [FieldOfWork(f["code"], f["name"]) for f in data["fields"]]
    names = {f.code: f.name for f in fields}
    return fields, [procedure_from_dict(p, names) for p in data["procedures"]]


class CatalogueError(ValueError):
    """A supervisor action that cannot be done; str() is the Vietnamese message."""


class ProcedureInvalid(CatalogueError):
    def __init__(self, issues: list[ImportIssue]):
        self.issues = tuple(issues)
        super().__init__("; ".join(str(i) for i in issues))


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, with dry_run, would do)."""

    added: tuple[str, ...] = ()  # codes new to the store (version 1)
    new_versions: tuple[str, ...] = ()  # codes whose content changed (a new version)
    unchanged: tuple[str, ...] = ()
    fields_added: tuple[str, ...] = ()
    fields_renamed: tuple[str, ...] = ()
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.new_versions or self.fields_added or self.fields_renamed)

    def describe(self) -> str:
        head = "Kiểm tra (chưa nhập)" if self.dry_run else "Đã nhập"
        text = (
            f"{head}: {len(self.added)} thủ tục mới, {len(self.new_versions)} thủ tục có phiên bản mới, "
            f"{len(self.unchanged)} thủ tục không đổi"
        )
        if self.fields_added or self.fields_renamed:
            text += f"; lĩnh vực: {len(self.fields_added)} mới, {len(self.fields_renamed)} đổi tên"
        return text + "."


@dataclass(frozen=True)
class SaveResult:
    procedure: Procedure  # the current version after the save
    version: int
    created: bool  # False: nothing differed, nothing was written


@dataclass(frozen=True)
class CatalogueEntry:
    """A row of the supervisor's list: the latest version of a code, its status and history size."""

    procedure: Procedure
    version: int
    retired: bool
    version_count: int = 1

    def status(self, today: date) -> str:
        if self.retired:
            return "Đã bãi bỏ"
        p = self.procedure
        if p.effective_to is not None and p.effective_to < today:
            return "Hết hiệu lực"
        if p.effective_from is not None and p.effective_from > today:
            return "Chưa có hiệu lực"
        return "Đang áp dụng"


@dataclass(frozen=True)
class VersionInfo:
    procedure: Procedure
    version: int
    retired: bool
    dossier_count: int


class _DryRun(Exception):
    def __init__(self, summary: ImportSummary):
        self.summary = summary


class CatalogueService:
    def __init__(self, db: Database, clock: Callable[[], datetime] | None = None, access: Any = None):
        from counter_app.services.accounts import OPEN_ACCESS

        self._db = db
        self._clock = clock or (lambda: datetime.now(OFFICE_TZ))
        self._access = access or OPEN_ACCESS  # services/accounts.py: a supervisor's work, audited

    def today(self) -> date:
        return self._clock().astimezone(OFFICE_TZ).date()

    # --- the counter's view ----------------------------------------------------------------------------

    def ensure_demo_catalogue(self, path: Path = DEMO_CATALOGUE) -> int:
        """Load the demo catalogue into an empty store (first run); returns how many procedures were added."""
        with self._db.write() as session:
            if repository.count_procedures(session):
                return 0
            fields, procedures = read_catalogue_file(path)
            for field_ in fields:
                repository.upsert_field(session, field_)
            session.flush()
            for procedure in procedures:
                repository.add_procedure_version(session, procedure)
            return len(procedures)

    def procedures(self, on: date | None = None) -> list[Procedure]:
        """One version per procedure code: the one in force on `on`, or the newest one; never a retired one."""
        with self._db.read() as session:
            rows = versions.effective_rows(session, on) if on is not None else versions.latest_rows(session)
            return [repository.procedure_to_domain(r) for r in rows]

    def fields(self) -> list[FieldOfWork]:
        with self._db.read() as session:
            return repository.list_fields(session)

    def find(self, code: str, on: date) -> Procedure | None:
        with self._db.read() as session:
            return repository.find_current_procedure(session, normalize_text(code), on)

    def search(self, query: str, on: date | None = None) -> list[Procedure]:
        return [p for p in self.procedures(on) if matches_query(p, query)]

    def version(self, version_id: int) -> Procedure | None:
        """A stored version by its id (what a dossier was received under), retired or not."""
        with self._db.read() as session:
            return repository.procedure_version(session, version_id)

    # --- the supervisor's view -------------------------------------------------------------------------

    def entries(self, include_retired: bool = False) -> list[CatalogueEntry]:
        """The latest version of every code, for the supervisor's list (retired codes too when asked)."""
        with self._db.read() as session:
            rows = versions.latest_rows(session, include_retired=include_retired)
            counts = versions.version_counts(session)
            return [
                CatalogueEntry(repository.procedure_to_domain(r), r.version, bool(r.retired), counts.get(r.code, 1))
                for r in rows
            ]

    def history(self, code: str) -> list[VersionInfo]:
        """Every version of a code, oldest first, with how many dossiers were received under each."""
        with self._db.read() as session:
            rows = versions.versions_of(session, normalize_text(code))
            counts = versions.dossier_counts(session, [r.id for r in rows])
            return [
                VersionInfo(repository.procedure_to_domain(r), r.version, bool(r.retired), counts.get(r.id, 0))
                for r in rows
            ]

    def check(self, procedure: Procedure) -> list[ImportIssue]:
        """Problems with a procedure as edited on screen (empty when it can be saved)."""
        known = {f.code: f.name for f in self.fields()}
        return check_procedure(procedure, known)[1]

    def save(self, procedure: Procedure, *, new: bool = False) -> SaveResult:
        """Save an edited (or, with `new`, an added) procedure as a new version when its content changed; one
        transaction. A new version starts on its effective_from, or today when none is given. `new` refuses a
        code already in the store (an added procedure must not silently become a version of another).
        """
        known = {f.code: f.name for f in self.fields()}
        cleaned, issues = check_procedure(procedure, known)
        if cleaned is None:
            raise ProcedureInvalid(issues)
        procedure = cleaned
        self._access.require(Action.CATALOGUE)
        with self._db.write() as session:
            existing = versions.versions_of(session, procedure.code)
            if new and existing:
                raise CatalogueError(
                    f"Mã thủ tục '{procedure.code}' đã có trong danh mục ({existing[-1].name}); "
                    "hãy chọn thủ tục đó và bấm Sửa."
                )
            current = [r for r in existing if not r.retired]
            if current:
                latest = current[-1]
                if same_rule(procedure, repository.procedure_to_domain(latest)):
                    return SaveResult(repository.procedure_to_domain(latest), latest.version, created=False)
            row = versions.add_version(session, procedure, self.today())
            session.flush()
            session.refresh(row)
            self._access.audit(session, "catalogue.change", target=procedure.code, detail={"version": row.version})
            return SaveResult(repository.procedure_to_domain(row), row.version, created=True)

    def retire(self, code: str) -> int:
        """Retire a procedure (all its versions in use): it leaves intake; history and dossiers stay."""
        self._access.require(Action.CATALOGUE)
        with self._db.write() as session:
            count = versions.retire_code(session, normalize_text(code))
            if not count:
                raise CatalogueError(f"Không có thủ tục mã '{code}' đang áp dụng để bãi bỏ.")
            self._access.audit(session, "catalogue.change", target=normalize_text(code), detail={"retired": count})
            return count

    def restore(self, code: str) -> Procedure:
        """Bring a retired procedure's newest version back into use."""
        self._access.require(Action.CATALOGUE)
        with self._db.write() as session:
            rows = versions.versions_of(session, normalize_text(code))
            if not rows:
                raise CatalogueError(f"Không có thủ tục mã '{code}'.")
            if any(not r.retired for r in rows):
                raise CatalogueError(f"Thủ tục mã '{code}' đang áp dụng, không cần khôi phục.")
            row = versions.restore_latest(session, rows[0].code)
            assert row is not None
            self._access.audit(session, "catalogue.change", target=row.code, detail={"restored": row.version})
            return repository.procedure_to_domain(row)

    # --- files -----------------------------------------------------------------------------------------

    def read_file(self, path: Path) -> CatalogueData:
        """Read and check a catalogue file against the fields already known; raises CatalogueFileError."""
        known = {f.code: f.name for f in self.fields()}
        return catalogue_io.read_catalogue(Path(path), known)

    def import_file(self, path: Path, *, dry_run: bool = False) -> ImportSummary:
        """Import a catalogue file (.xlsx or .json) all or nothing; raises CatalogueFileError with every problem.

        A code new to the store becomes version 1; an existing code whose content differs gets a new version
        (starting on the file's effective_from, or today); an unchanged one is left alone. Codes absent from
        the file are left as they are. With dry_run the same work is done and then rolled back.
        """
        if not dry_run:
            self._access.require(Action.CATALOGUE)  # before the file is read: a refusal says so first
        data = self.read_file(path)
        return self.import_data(data, dry_run=dry_run)

    def import_data(self, data: CatalogueData, *, dry_run: bool = False) -> ImportSummary:
        today = self.today()
        if not dry_run:
            self._access.require(Action.CATALOGUE)
        try:
            with self._db.write() as session:
                known = {f.code: f.name for f in repository.list_fields(session)}
                fields_added, fields_renamed = [], []
                for field_ in data.fields:
                    if field_.code not in known:
                        fields_added.append(field_.code)
                    elif known[field_.code] != field_.name:
                        fields_renamed.append(field_.code)
                    else:
                        continue
                    repository.upsert_field(session, field_)
                session.flush()
                added, new_versions, unchanged = [], [], []
                for procedure in data.procedures:
                    rows = versions.versions_of(session, procedure.code)
                    live = [r for r in rows if not r.retired]
                    if not rows:
                        added.append(procedure.code)
                    elif live and same_rule(procedure, repository.procedure_to_domain(live[-1])):
                        unchanged.append(procedure.code)
                        continue
                    else:
                        new_versions.append(procedure.code)
                    versions.add_version(session, procedure, today)
                summary = ImportSummary(
                    tuple(added),
                    tuple(new_versions),
                    tuple(unchanged),
                    tuple(fields_added),
                    tuple(fields_renamed),
                    dry_run,
                )
                session.flush()
                if dry_run:
                    raise _DryRun(summary)
                self._access.audit(
                    session,
                    "catalogue.change",
                    target="import",
                    detail={"added": len(added), "new_versions": len(new_versions), "fields": len(fields_added)},
                )
                return summary
        except _DryRun as done:
            return done.summary

    def export_file(self, path: Path, agency: str = "") -> int:
        """Write the current version of every procedure in use (and all fields) to `path`; returns how many."""
        with self._db.read() as session:
            fields = repository.list_fields(session)
            procedures = [repository.procedure_to_domain(r) for r in versions.latest_rows(session)]
        fields.sort(key=lambda f: f.code)
        catalogue_io.write_catalogue(Path(path), fields, procedures, agency)
        return len(procedures)


__all__ = [
    "CatalogueEntry",
    "CatalogueError",
    "CatalogueFileError",
    "CatalogueService",
    "ImportSummary",
    "ProcedureInvalid",
    "SaveResult",
    "VersionInfo",
]
