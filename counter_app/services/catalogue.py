"""The procedure catalogue as the counter sees it: the procedures in force, searchable as one types."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from counter_app.domain.catalogue import FieldOfWork, Procedure, matches_query, procedure_from_dict
from counter_app.resources import resource_path
from counter_app.store import repository
from counter_app.store.db import Database

DEMO_CATALOGUE = resource_path("catalogue", "demo_catalogue.json")


def read_catalogue_file(path: Path) -> tuple[list[FieldOfWork], list[Procedure]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    fields = [FieldOfWork(f["code"], f["name"]) for f in data["fields"]]
    names = {f.code: f.name for f in fields}
    return fields, [procedure_from_dict(p, names) for p in data["procedures"]]


class CatalogueService:
    def __init__(self, db: Database):
        self._db = db

    def ensure_demo_catalogue(self, path: Path = DEMO_CATALOGUE) -> int:
        """Load the demo catalogue into an empty store (first run); returns how many procedures were added."""
        with self._db.write() as session:
            if repository.count_procedures(session):
                return 0
            fields, procedures = read_catalogue_file(path)
            for field in fields:
                repository.upsert_field(session, field)
            session.flush()
            for procedure in procedures:
                repository.add_procedure_version(session, procedure)
            return len(procedures)

    def procedures(self, on: date | None = None) -> list[Procedure]:
        with self._db.read() as session:
            return repository.list_current_procedures(session, on)

    def fields(self) -> list[FieldOfWork]:
        with self._db.read() as session:
            return repository.list_fields(session)

    def find(self, code: str, on: date) -> Procedure | None:
        with self._db.read() as session:
            return repository.find_current_procedure(session, code, on)

    def search(self, query: str, on: date | None = None) -> list[Procedure]:
        return [p for p in self.procedures(on) if matches_query(p, query)]
