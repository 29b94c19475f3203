"""Alembic environment of the hub: migrations run from the application (HubDatabase.migrate) on its connection."""

from __future__ import annotations

from alembic import context

from counter_app.hub.db import VERSION_TABLE
from counter_app.hub.models import HubBase

target_metadata = HubBase.metadata
connection = context.config.attributes.get("connection")

if connection is None:  # `alembic revision --autogenerate` from a developer's shell
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///hub-migration-dev.sqlite3"
    with create_engine(url).connect() as connection:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True, version_table=VERSION_TABLE
        )
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(
        connection=connection, target_metadata=target_metadata, render_as_batch=True, version_table=VERSION_TABLE
    )
    with context.begin_transaction():
        context.run_migrations()
