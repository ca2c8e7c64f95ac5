"""Server test fixtures. Every store test runs on SQLite, and on PostgreSQL too when
FRONTLINE_TEST_POSTGRES_URL is set (Kinto-style: one suite, every backend). Never a
mocked database.

PostgreSQL isolation: each test session migrates a schema of its own
(`ft_<random>`, dropped at the end) and truncates its tables between tests, so two
test runs on one database do not collide. SQLite: each test gets a copy of a file
migrated once per session.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from frontline.server import admin, auth, create_app, migrate
from frontline.server import tables as t
from frontline.server.db import Database
from frontline.server.settings import Settings
from frontline.sync.protocol import DEVICE_TOKEN_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION

POSTGRES_URL = os.environ.get("FRONTLINE_TEST_POSTGRES_URL", "")
NO_POSTGRES = "FRONTLINE_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped"

FAST_HASH = {"argon2_time_cost": 1, "argon2_memory_kib": 8192}


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
            target = tmp_path / "server.db"
            shutil.copy(self.template, target)
            return Database(f"sqlite:///{target}")
        return Database(self.url, connect_args=self.connect_args)


@pytest.fixture(scope="session")
def sqlite_backend(tmp_path_factory: pytest.TempPathFactory) -> Backend:
    template = tmp_path_factory.mktemp("template") / "server.db"
    db = Database(f"sqlite:///{template}")
    migrate.upgrade(db)
    db.dispose()
    return Backend("sqlite", f"sqlite:///{template}", template=template)


@pytest.fixture(scope="session")
def postgres_backend() -> Iterator[Backend]:
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    schema = f"ft_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(POSTGRES_URL)
    with admin_engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    backend = Backend("postgresql", POSTGRES_URL,
                      connect_args={"options": f"-csearch_path={schema}"},
                      schema=schema)
    db = Database(POSTGRES_URL, connect_args=backend.connect_args)
    migrate.upgrade(db)
    db.dispose()
    try:
        yield backend
    finally:
        with admin_engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin_engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> Backend:
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_backend")  # type: ignore[no-any-return]
    return request.getfixturevalue("postgres_backend")  # type: ignore[no-any-return]


def _truncate(db: Database) -> None:
    names = ", ".join(f'"{table.name}"' for table in reversed(t.metadata.sorted_tables))
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} CASCADE"))


@pytest.fixture
def db(backend: Backend, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty server database on each backend."""
    database = backend.database(tmp_path)
    if backend.name == "postgresql":
        _truncate(database)
    try:
        yield database
    finally:
        if backend.name == "postgresql":
            _truncate(database)
        database.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, **FAST_HASH)


@pytest.fixture
def client(db: Database, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, database=db), raise_server_exceptions=False) as c:
        c.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
        yield c


NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


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


@pytest.fixture
def world(db: Database, settings: Settings) -> World:
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


def publish_held(db: Database) -> int:
    """Publish the anonymous changes the server holds until the hour is over (docs/privacy.md,
    "Anonymity against timing"), as the first pull of the next hour would."""
    from datetime import timedelta

    from frontline.server.sync.versions import release_held

    with db.write() as conn:
        orgs = conn.execute(select_org_ids()).scalars().all()
        later = datetime.now(UTC) + timedelta(hours=1)
        return sum(release_held(conn, org, later) for org in orgs)


def select_org_ids() -> Any:
    from sqlalchemy import select

    return select(t.organisations.c.id)
