"""Alembic environment: runs on the connection `frontline.server.migrate` hands over,
or on `$FRONTLINE_DATABASE_URL` when Alembic is run from the command line.
Batch mode, so that SQLite can alter tables."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, create_engine

from frontline.server.tables import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = os.environ.get("FRONTLINE_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("Set FRONTLINE_DATABASE_URL to the database to migrate.")
    engine = create_engine(url)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
