"""A real `frontline-server` process on a free loopback port, for the fault tests.

`init --demo` runs once per test session into a template; each test gets a copy of the
SQLite file (and its one-time demo enrolment codes), or, on PostgreSQL, a database of its
own name (`frontline_sync_test_<pid>`) initialised afresh and dropped after the test.
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

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from frontline.core.faultpoints import ENV_VAR, announcement
from tests.childoutput import GENEROUS, ChildOutput

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SERVER = [str(BIN / "frontline-server")]
FRONTLINE = [str(BIN / "frontline")]
FAST_ENV = {"FRONTLINE_ARGON2_TIME_COST": "1", "FRONTLINE_ARGON2_MEMORY_KIB": "8192",
            "FRONTLINE_LOG_LEVEL": "WARNING"}
#: Our own database on the PostgreSQL server, one per test process (two test runs at once
#: must not drop each other's).
PG_DB_NAME = f"frontline_sync_test_{os.getpid()}"


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


def postgres_url(base: str) -> str:
    """`base` with the database name replaced by ours (created afresh, empty)."""
    url = make_url(base)
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        _drop(conn)
        conn.execute(text(f'CREATE DATABASE "{PG_DB_NAME}"'))
    engine.dispose()
    return url.set(database=PG_DB_NAME).render_as_string(hide_password=False)


def _drop(conn: Any) -> None:
    """DROP … WITH (FORCE) ends our own leftover sessions, but not an autovacuum worker
    (a superuser's) that has just started on the freshly filled database: PostgreSQL
    refuses the whole drop then. The worker is done within moments, so try again."""
    from sqlalchemy.exc import ProgrammingError

    for attempt in range(50):
        try:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_DB_NAME}" WITH (FORCE)'))
            return
        except ProgrammingError as error:
            if "pg_signal_backend" not in str(error) or attempt == 49:
                raise
            time.sleep(0.2)


def drop_postgres(base: str) -> None:
    """Drop our database (at the end of a test)."""
    engine = create_engine(make_url(base).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        _drop(conn)
    engine.dispose()


class DemoTemplate:
    """`frontline-server init --demo` output, once per session."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.info = run_server_cli(folder, "init", "--demo")["demo"]

    @property
    def codes(self) -> list[dict[str, Any]]:
        return list(self.info["codes"])


class RealServer:
    """One server process; `kill()` is SIGKILL, `start()` starts it again on the same port."""

    def __init__(self, data_dir: Path, *, database_url: str = "", port: int | None = None):
        self.data_dir = data_dir
        self.database_url = database_url
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.output: ChildOutput
        self.log = data_dir / "server.log"

    @classmethod
    def from_template(cls, template: DemoTemplate, folder: Path, *,
                      postgres_base: str = "") -> RealServer:
        folder.mkdir(parents=True, exist_ok=True)
        if postgres_base:
            url = postgres_url(postgres_base)
            info = run_server_cli(folder, "init", "--demo", database_url=url)["demo"]
            server = cls(folder, database_url=url)
            server.codes = list(info["codes"])
            return server
        for name in os.listdir(template.folder):
            if name.startswith("frontline-server.db"):
                shutil.copy(template.folder / name, folder / name)
        server = cls(folder)
        server.codes = template.codes
        return server

    codes: list[dict[str, Any]]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, faultpoint: str = "") -> None:
        """Start the server and return once it listens (it says so on stderr). With
        `faultpoint` (see `frontline.core.faultpoints`) it stops there when reached:
        `wait_at_faultpoint()` returns then."""
        env = server_env(self.database_url)
        env["FRONTLINE_LOG_LEVEL"] = "INFO"  # uvicorn says "running on" at INFO
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
