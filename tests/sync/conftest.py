"""Fixtures for sync tests: the real server app in this process, reached through the real
`HttpClient` (a requests adapter hands each request to FastAPI's TestClient), and a real
local store. No mocks: the server database is a real SQLite file (PostgreSQL when
FRONTLINE_TEST_POSTGRES_URL is set, for the tests that ask for it).

The end-to-end fault tests use a real `frontline-server` process instead (`realserver.py`).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from fastapi.testclient import TestClient
from requests.structures import CaseInsensitiveDict

from frontline.core.model import Observation
from frontline.server import admin, auth, create_app, migrate
from frontline.server.db import Database
from frontline.server.settings import Settings
from frontline.store.db import Store
from frontline.sync.client import HttpClient
from frontline.sync.credentials import TokenStore

FAST_HASH = {"argon2_time_cost": 1, "argon2_memory_kib": 8192}
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
BASE_URL = "http://frontline.test"


class ASGIAdapter(requests.adapters.BaseAdapter):
    """Sends a `requests` request to an ASGI app in this process. `faults` is a list of
    callables run before each request: one may raise (a network error) or return a
    `(status, headers, body)` answer instead of the server's."""

    def __init__(self, client: TestClient):
        super().__init__()
        self.client = client
        self.faults: list[Callable[[requests.PreparedRequest], Any]] = []
        self.sent: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, stream: bool = False,  # type: ignore[override]
             timeout: Any = None, verify: Any = True, cert: Any = None,
             proxies: Any = None) -> requests.Response:
        self.sent.append(request)
        if self.faults:
            fault = self.faults.pop(0)
            canned = fault(request)
            if canned is not None:
                status, headers, body = canned
                return self._response(request, status, headers, body)
        answer = self.client.request(request.method or "GET", request.url or "",
                                     content=request.body, headers=dict(request.headers))
        return self._response(request, answer.status_code, dict(answer.headers), answer.content)

    @staticmethod
    def _response(request: requests.PreparedRequest, status: int, headers: dict[str, str],
                  body: bytes) -> requests.Response:
        response = requests.Response()
        response.status_code = status
        headers = {k: v for k, v in headers.items() if k.lower() != "content-encoding"}
        response.headers = CaseInsensitiveDict(headers)
        response._content = body
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        pass


@dataclass
class ServerWorld:
    """The in-process server and a small organisation on it."""

    db: Database
    settings: Settings
    app_client: TestClient
    org_id: str
    store_id: str
    other_store_id: str
    team_id: str
    users: dict[str, str]  # username -> id
    pins: dict[str, str]
    adapters: list[ASGIAdapter] = field(default_factory=list)

    def code(self, store_id: str | None = None) -> str:
        with self.db.write() as conn:
            code, _ = auth.issue_enrolment_code(conn, self.settings,
                                                store_id=store_id or self.store_id,
                                                created_by=None, now=datetime.now(UTC))
        return code

    def http_client(self, data_dir: Path) -> tuple[HttpClient, ASGIAdapter]:
        session = requests.Session()
        adapter = ASGIAdapter(self.app_client)
        session.mount("http://", adapter)
        self.adapters.append(adapter)
        client = HttpClient(BASE_URL, TokenStore(data_dir), session=session)
        return client, adapter

    def observation(self, obs_id: str) -> Any:
        from sqlalchemy import select

        from frontline.server import tables as t

        with self.db.read() as conn:
            return conn.execute(select(t.observations).where(t.observations.c.id == obs_id)).first()

    def observation_ids(self) -> list[str]:
        from sqlalchemy import select

        from frontline.server import tables as t

        with self.db.read() as conn:
            return list(conn.execute(select(t.observations.c.id)).scalars())


@pytest.fixture(scope="session")
def server_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("server-template") / "server.db"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    db.dispose()
    return path


@pytest.fixture
def world(server_template: Path, tmp_path: Path) -> Iterator[ServerWorld]:
    target = tmp_path / "server" / "server.db"
    target.parent.mkdir()
    shutil.copy(server_template, target)
    db = Database(f"sqlite:///{target}")
    settings = Settings(data_dir=target.parent, **FAST_HASH)  # type: ignore[arg-type]
    pins = {"emp_a": "2468", "emp_a2": "1357"}
    with db.write() as conn:
        org = admin.create_org(conn, "Test Retail", now=NOW, retention_days=365)
        region = admin.create_region(conn, org, "North")
        store_a = admin.create_store(conn, org, "A1", "Alpha Street", region_id=region)
        store_b = admin.create_store(conn, org, "B1", "Beta Road", region_id=region)
        team = admin.create_team(conn, org, store_a, "Tills")
        users = {}
        for name, role, store in (("manager_a", "manager", store_a), ("emp_a", "employee", store_a),
                                  ("emp_a2", "employee", store_a), ("emp_b", "employee", store_b)):
            users[name] = admin.create_user(conn, settings, org, username=name, role=role,
                                            display_name=name.replace("_", " ").title(),
                                            password=PASSWORD, pin=pins.get(name), store=store,
                                            now=NOW)
    with TestClient(create_app(settings, database=db), raise_server_exceptions=True) as tc:
        yield ServerWorld(db, settings, tc, org, store_a, store_b, team, users, pins)
    db.dispose()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "pc")
    yield opened
    opened.close()


@pytest.fixture
def pc(world: ServerWorld, store: Store) -> tuple[HttpClient, ASGIAdapter]:
    """An enrolled PC of store A: its HttpClient (tokens in the data folder) and adapter."""
    from frontline.sync.device import enrol

    client, adapter = world.http_client(store.data_dir)
    enrol(store.connection(), client, code=world.code(), device_name="Till 1")
    return client, adapter


def make(summary: str = "Customer waited twenty minutes at the till", **values: Any) -> Observation:
    """A valid new observation; override any field."""
    values.setdefault("kind", "pain_point")
    return Observation.new(summary=summary, **values)
