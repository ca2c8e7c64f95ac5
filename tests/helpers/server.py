"""Server test helpers: the database backends (SQLite copy of a migrated template,
PostgreSQL schema of our own), a small organisation (`World`, `make_world`), and request
builders. The fixtures that use them are in `tests/server/conftest.py`."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from frontline.server import admin, auth, migrate
from frontline.server import tables as t
from frontline.server.db import Database
from frontline.server.settings import Settings
from frontline.sync.protocol import DEVICE_TOKEN_HEADER

POSTGRES_URL = os.environ.get("FRONTLINE_TEST_POSTGRES_URL", "")
NO_POSTGRES = "FRONTLINE_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped"

#: Argon2 at its cheapest: password hashing is not what these tests measure.
FAST_HASH = {"argon2_time_cost": 1, "argon2_memory_kib": 8192}
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def migrated_sqlite(path: Path) -> Path:
    """A server database file at `path`, migrated to the newest schema."""
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    db.dispose()
    return path


@contextmanager
def migrated_schema(prefix: str = "ft") -> Iterator[str]:
    """A schema of our own (`<prefix>_<random>`) on FRONTLINE_TEST_POSTGRES_URL, migrated
    to the newest version, dropped afterwards: two test runs on one database never meet."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(POSTGRES_URL)
    with admin_engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        db = Database(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
        migrate.upgrade(db)
        db.dispose()
        yield schema
    finally:
        with admin_engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin_engine.dispose()


def copy_database(template: Path, target: Path) -> Database:
    """A copy of the SQLite file `template` at `target`, opened."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, target)
    return Database(f"sqlite:///{target}")


@dataclass
class Backend:
    name: str
    url: str
    connect_args: dict[str, Any] = field(default_factory=dict)
    template: Path | None = None
    schema: str | None = None

    def database(self, tmp_path: Path) -> Database:
        if self.name == "sqlite":
            assert self.template is not None
            return copy_database(self.template, tmp_path / "server.db")
        return Database(self.url, connect_args=self.connect_args)


def truncate(db: Database) -> None:
    names = ", ".join(f'"{table.name}"' for table in reversed(t.metadata.sorted_tables))
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} CASCADE"))


@dataclass
class World:
    """A small organisation: two regions, a store in each, users of every role."""

    org_id: str
    region_a: str
    region_b: str
    store_a: str
    store_b: str
    team_a: str
    # name -> id: admin, leader, leader_a, manager_a, manager_b, emp_a, emp_a2, emp_b
    users: dict[str, str]
    pins: dict[str, str]


def make_world(db: Database, settings: Settings) -> World:
    """`World` written into `db`."""
    with db.write() as conn:
        org = admin.create_org(conn, "Test Retail", now=NOW, retention_days=365)
        ra = admin.create_region(conn, org, "North")
        rb = admin.create_region(conn, org, "South")
        sa = admin.create_store(conn, org, "A1", "Alpha Street", region_id=ra)
        sb = admin.create_store(conn, org, "B1", "Beta Road", region_id=rb)
        ta = admin.create_team(conn, org, sa, "Tills")
        spec = {
            "admin": ("admin", None, None), "leader": ("leader", None, None),
            "leader_a": ("leader", None, ra), "manager_a": ("manager", sa, None),
            "manager_b": ("manager", sb, None), "emp_a": ("employee", sa, None),
            "emp_a2": ("employee", sa, None), "emp_b": ("employee", sb, None),
        }
        users = {}
        pins = {"emp_a": "2468", "emp_a2": "1357", "emp_b": "9753"}
        for name, (role, store, region) in spec.items():
            users[name] = admin.create_user(
                conn, settings, org, username=name, role=role, password=PASSWORD,
                pin=pins.get(name), store=store, region_id=region,
                team_id=ta if name == "emp_a" else None, now=NOW)
    return World(org, ra, rb, sa, sb, ta, users, pins)


def issue_code(db: Database, settings: Settings, store_id: str) -> str:
    with db.write() as conn:
        code, _ = auth.issue_enrolment_code(conn, settings, store_id=store_id, created_by=None,
                                            now=datetime.now(UTC))
    return code


def enrol(client: TestClient, db: Database, settings: Settings, store_id: str,
          name: str = "Till PC") -> dict[str, Any]:
    response = client.post("/v1/enrol", json={"code": issue_code(db, settings, store_id),
                                              "device_name": name})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    response = client.post("/v1/sign-in", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["user_token"]  # type: ignore[no-any-return]


def device_headers(device: dict[str, Any]) -> dict[str, str]:
    return {DEVICE_TOKEN_HEADER: device["device_token"]}


def user_headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def observation(**overrides: Any) -> dict[str, Any]:
    from frontline.core.ids import new_id

    data = {"id": new_id(), "observed_at": "2026-11-23T10:00:00.000Z", "kind": "pain_point",
            "summary": "Customer waited ten minutes at the till", "channel": "in_store",
            "customer_type": "existing"}
    data.update(overrides)
    return data


def upsert(obs: dict[str, Any], mutation_id: str | None = None) -> dict[str, Any]:
    from frontline.core.ids import new_id

    return {"id": mutation_id or new_id(), "op": "observation.upsert", "observation": obs}


def count_rows(db: Database, table: Any) -> int:
    from sqlalchemy import func, select

    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def push(client: TestClient, headers: dict[str, str],
         *mutations: dict[str, Any]) -> list[dict[str, Any]]:
    """POST /v1/push with `mutations`; its results (the answer must be 200)."""
    response = client.post("/v1/push", json={"mutations": list(mutations)}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["results"]  # type: ignore[no-any-return]


def stored_row(db: Database, observation_id: str) -> Any:
    """The server's row of one observation (it must be there)."""
    from sqlalchemy import select

    with db.read() as conn:
        return conn.execute(select(t.observations)
                            .where(t.observations.c.id == observation_id)).one()


def publish_held(db: Database) -> int:
    """Publish the anonymous changes the server holds until the hour is over (docs/privacy.md,
    "Anonymity against timing"), as the first pull of the next hour would."""
    from datetime import timedelta

    from sqlalchemy import select

    from frontline.server import tables as t
    from frontline.server.sync.versions import release_held

    with db.write() as conn:
        orgs = conn.execute(select(t.organisations.c.id)).scalars().all()
        later = datetime.now(UTC) + timedelta(hours=1)
        return sum(release_held(conn, org, later) for org in orgs)
