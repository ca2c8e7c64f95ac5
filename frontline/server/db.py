"""Opening the server database and running transactions on it.

SQLite: WAL, a busy timeout, foreign keys on, and writers serialised by one lock
per process (`BEGIN IMMEDIATE` serialises them across processes). PostgreSQL:
psycopg 3 with a small pool; writers of one organisation are serialised by the
row lock on its `organisations.version` (see `sync.bump_version`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url


class Database:
    """An engine plus the per-process write lock that SQLite needs."""

    def __init__(self, url: str, *, connect_args: dict[str, Any] | None = None):
        self.url = url
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self._write_lock = threading.Lock() if self.is_sqlite else None
        if self.is_sqlite:
            self.engine = create_engine(
                url,
                connect_args={"check_same_thread": False, "timeout": 30, **(connect_args or {})},
                hide_parameters=True,  # observation text never reaches a log or error message
            )
            _configure_sqlite(self.engine)
        else:
            self.engine = create_engine(
                url,
                pool_pre_ping=True,
                pool_size=8,
                max_overflow=8,
                connect_args=connect_args or {},
                hide_parameters=True,
            )

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction (committed at the end; nothing should be written)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: committed when the block ends, rolled back on error."""
        if self._write_lock is not None:
            with self._write_lock, self.engine.connect() as conn:
                conn = conn.execution_options(frontline_write=True)
                with conn.begin():
                    yield conn
        else:
            with self.engine.connect() as conn, conn.begin():
                yield conn

    def dispose(self) -> None:
        self.engine.dispose()


def _configure_sqlite(engine: Engine) -> None:
    # SQLAlchemy's documented recipe: let SQLAlchemy, not pysqlite, emit BEGIN, so that
    # SAVEPOINTs work and writers can take the write lock up front (BEGIN IMMEDIATE).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # erased and expired observations are zeroed on disk, not left in free pages
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("frontline_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")
