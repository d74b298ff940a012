"""Alembic environment: runs on the connection the caller hands in (see store.migrate)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from poa_desktop.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_on(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: rebuild tables in batch mode (foreign keys are
        # switched off by the caller first, or the rebuild would delete child rows).
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:  # developer use: ``alembic -c db/alembic.ini ...`` with sqlalchemy.url set there
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as own_connection:
        run_on(own_connection)
