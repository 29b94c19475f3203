"""Alembic environment: migrations run from the application (Database.migrate), on its own connection."""

from __future__ import annotations

from alembic import context

from counter_app.store import office_calendar  # noqa: F401  (its tables: calendar_years, calendar_entries)
from counter_app.store.models import Base

target_metadata = Base.metadata
connection = context.config.attributes.get("connection")


def include_object(obj, name, type_, reflected, compare_to):
    """Autogenerate leaves the FTS5 name index (migration 0004, raw DDL) and its shadow tables alone."""
    return not (type_ == "table" and name and name.startswith("dossier_search"))


if connection is None:  # `alembic revision --autogenerate` from a developer's shell
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///migration-dev.sqlite3"
    with create_engine(url).connect() as connection:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True, include_object=include_object
        )
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(
        connection=connection, target_metadata=target_metadata, render_as_batch=True, include_object=include_object
    )
    with context.begin_transaction():
        context.run_migrations()
