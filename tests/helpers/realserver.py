"""A real `frontline-server` process on a free loopback port (the `server` fixture).

`init --demo` runs once per test session into a template (`DemoTemplate`, the
`demo_template` fixture): for SQLite a data folder whose database file each test copies,
for PostgreSQL (made on first use) a database `frontline_demo_template_<pid>` that each test
copies with `CREATE DATABASE … TEMPLATE` into a database of its own name
(`frontline_sync_test_<pid>`, dropped after the test). A copy holds the template's one-time
demo enrolment codes, unspent.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from frontline.core.faultpoints import ENV_VAR, announcement
from tests.helpers.childoutput import GENEROUS, ChildOutput

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SERVER = [str(BIN / "frontline-server")]
FRONTLINE = [str(BIN / "frontline")]
FAST_ENV = {"FRONTLINE_ARGON2_TIME_COST": "1", "FRONTLINE_ARGON2_MEMORY_KIB": "8192",
            "FRONTLINE_LOG_LEVEL": "WARNING"}
#: Our own databases on the PostgreSQL server, one of each per test process (two test runs
#: at once must not drop each other's).
PG_DB_NAME = f"frontline_sync_test_{os.getpid()}"
PG_TEMPLATE_NAME = f"frontline_demo_template_{os.getpid()}"
_TEMPLATES: list[str] = []  # the template databases made in this process, by name
POSTGRES_URL = os.environ.get("FRONTLINE_TEST_POSTGRES_URL", "")
NO_POSTGRES = "FRONTLINE_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped"
#: The params of a module's `server_backend` fixture that runs its `server` on both databases.
SERVER_BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(database_url: str = "") -> dict[str, str]:
    env = {**os.environ, **FAST_ENV}
    env.pop("FRONTLINE_DATABASE_URL", None)
    if database_url:
        env["FRONTLINE_DATABASE_URL"] = database_url
    return env


def run_server_cli(data_dir: Path, *args: str, database_url: str = "",
                   stdin: str | None = None) -> Any:
    """Run `frontline-server --data-dir D ARGS --json` and return the parsed JSON."""
    result = subprocess.run([*SERVER, "--data-dir", str(data_dir), *args, "--json"],
                            capture_output=True, text=True, env=server_env(database_url),
                            input=stdin, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"frontline-server {' '.join(args)} failed: {result.stderr}")
    return json.loads(result.stdout)


def _maintenance(base: str) -> Any:
    """An autocommit engine on the server's `postgres` database (CREATE / DROP DATABASE)."""
    return create_engine(make_url(base).set(database="postgres"), isolation_level="AUTOCOMMIT")


def postgres_url(base: str, *, name: str = PG_DB_NAME, template: str = "") -> str:
    """`base` with the database name replaced by `name`, created afresh: empty, or a copy of
    the database `template`."""
    from sqlalchemy.exc import OperationalError

    engine = _maintenance(base)
    with engine.connect() as conn:
        _drop(conn, name)
        copy = f' TEMPLATE "{template}"' if template else ""
        # an autovacuum worker on the fresh template: "being accessed by other users"
        _execute_retrying(conn, f'CREATE DATABASE "{name}"{copy}', OperationalError,
                          "other users")
    engine.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def _drop(conn: Any, name: str = PG_DB_NAME) -> None:
    """DROP … WITH (FORCE) ends our own leftover sessions, but not an autovacuum worker
    (a superuser's) that has just started on the freshly filled database: PostgreSQL
    refuses the whole drop then. The worker is done within moments, so try again."""
    from sqlalchemy.exc import ProgrammingError

    _execute_retrying(conn, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                      ProgrammingError, "pg_signal_backend")


def _execute_retrying(conn: Any, sql: str, error: type[Exception], busy: str) -> None:
    """Run `sql`; while it fails with `error` saying `busy` (a worker of PostgreSQL's own
    on the database, done within moments), wait a little and try again."""
    for attempt in range(50):
        try:
            conn.execute(text(sql))
            return
        except error as failure:
            if busy not in str(failure) or attempt == 49:
                raise
            time.sleep(0.2)


def drop_postgres(base: str, name: str = PG_DB_NAME) -> None:
    """Drop one of our databases (at the end of a test, or of the session)."""
    engine = _maintenance(base)
    with engine.connect() as conn:
        _drop(conn, name)
    engine.dispose()


class DemoTemplate:
    """`frontline-server init --demo` output, once per session: into `folder` (SQLite) at
    once, and into a PostgreSQL template database when a test first asks for one."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.info = run_server_cli(folder, "init", "--demo")["demo"]
        self.postgres_info: dict[str, Any] | None = None
        # one template database per DemoTemplate: several (a session's, a module's own) may
        # live in one process, and each keeps the codes of its own template
        self.postgres_name = f"{PG_TEMPLATE_NAME}_{len(_TEMPLATES)}"
        _TEMPLATES.append(self.postgres_name)

    @property
    def codes(self) -> list[dict[str, Any]]:
        return list(self.info["codes"])

    def postgres(self, base: str) -> dict[str, Any]:
        """The PostgreSQL template (`PG_TEMPLATE_NAME`), made on first use; its demo info."""
        if self.postgres_info is None:
            url = postgres_url(base, name=self.postgres_name)
            folder = self.folder.parent / "postgres-template"
            folder.mkdir(exist_ok=True)
            self.postgres_info = run_server_cli(folder, "init", "--demo", database_url=url)["demo"]
        return self.postgres_info

    def close(self) -> None:
        """Drop the PostgreSQL template, if one was made."""
        if self.postgres_info is not None:
            drop_postgres(POSTGRES_URL, self.postgres_name)
            self.postgres_info = None


class RealServer:
    """One server process; `kill()` is SIGKILL, `start()` starts it again on the same port."""

    def __init__(self, data_dir: Path, *, database_url: str = "", port: int | None = None,
                 log_level: str = "INFO"):
        self.data_dir = data_dir
        self.database_url = database_url
        self.port = port or free_port()
        self.log_level = log_level  # uvicorn says "running on" at INFO: INFO or DEBUG
        self.process: subprocess.Popen[bytes] | None = None
        self.output: ChildOutput
        self.log = data_dir / "server.log"
        self.info: dict[str, Any] = {}
        self.codes: list[dict[str, Any]] = []

    @classmethod
    def from_template(cls, template: DemoTemplate, folder: Path, *,
                      postgres_base: str = "", log_level: str = "INFO") -> RealServer:
        """A server on a copy of the demo template: `folder` gets a copy of its SQLite
        file, or with `postgres_base` a database copied from the PostgreSQL template."""
        folder.mkdir(parents=True, exist_ok=True)
        if postgres_base:
            info = template.postgres(postgres_base)
            url = postgres_url(postgres_base, template=template.postgres_name)
            server = cls(folder, database_url=url, log_level=log_level)
        else:
            info = template.info
            for name in os.listdir(template.folder):
                if name.startswith("frontline-server.db"):
                    shutil.copy(template.folder / name, folder / name)
            server = cls(folder, log_level=log_level)
        server.info = info
        server.codes = list(info["codes"])
        return server

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, faultpoint: str = "") -> None:
        """Start the server and return once it listens (it says so on stderr). With
        `faultpoint` (see `frontline.core.faultpoints`) it stops there when reached:
        `wait_at_faultpoint()` returns then."""
        env = server_env(self.database_url)
        env["FRONTLINE_LOG_LEVEL"] = self.log_level
        env.pop(ENV_VAR, None)
        if faultpoint:
            env[ENV_VAR] = faultpoint
        self.process = subprocess.Popen(
            [*SERVER, "--data-dir", str(self.data_dir), "serve", "--host", "127.0.0.1",
             "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        assert self.process.stderr is not None
        self.output = ChildOutput(self.process.stderr, log=self.log, name="the server")
        self.output.wait_for("Uvicorn running on")

    def wait_at_faultpoint(self, name: str) -> None:
        """Block until the server has stopped at the faultpoint `name`."""
        self.output.wait_for(announcement(name).strip())

    def logs(self) -> str:
        """What the server has said on stderr so far (all of it, once it has stopped)."""
        return self.output.text()

    def kill(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=GENEROUS)
            self.output.join()
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=GENEROUS)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def cli(self, *args: str) -> Any:
        return run_server_cli(self.data_dir, *args, database_url=self.database_url)

    def code(self) -> str:
        """A one-time enrolment code for the demo's first store."""
        return str(self.codes.pop(0)["code"])

    # --- what the server holds ------------------------------------------------------

    def engine_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'frontline-server.db'}"

    def query(self, sql: str, **params: Any) -> list[Any]:
        engine = create_engine(self.engine_url())
        try:
            with engine.connect() as conn:
                return list(conn.execute(text(sql), params).all())
        finally:
            engine.dispose()

    def created_counts(self, device_id: str) -> dict[str, int]:
        """observation id -> how many times it was created, for one device's observations."""
        rows = self.query(
            "SELECT o.id, (SELECT count(*) FROM audit a WHERE a.observation_id = o.id "
            "AND a.action = 'created') FROM observations o WHERE o.device_id = :d", d=device_id)
        return {r[0]: int(r[1]) for r in rows}
