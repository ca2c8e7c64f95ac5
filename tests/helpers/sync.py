"""The real server app in this process, reached through the real `HttpClient`: a requests
adapter hands each request to FastAPI's TestClient (`ASGIAdapter`), and `ServerWorld` is
that server with a small organisation on it. The fixtures are in `tests/sync/conftest.py`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from fastapi.testclient import TestClient
from requests.structures import CaseInsensitiveDict

from frontline.server import admin, auth
from frontline.server.db import Database
from frontline.server.settings import Settings
from frontline.sync.client import HttpClient
from frontline.sync.credentials import TokenStore
from tests.helpers.server import FAST_HASH, NOW, PASSWORD, copy_database

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


def open_world(template: Path, folder: Path) -> tuple[Database, Settings, dict[str, Any]]:
    """A copy of the migrated server database `template` in `folder`, with its settings and
    a small organisation (stores A and B, a team, a manager and three employees): the
    arguments of `ServerWorld` but the TestClient."""
    db = copy_database(template, folder / "server.db")
    settings = Settings(data_dir=folder, **FAST_HASH)  # type: ignore[arg-type]
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
    return db, settings, {"org_id": org, "store_id": store_a, "other_store_id": store_b,
                          "team_id": team, "users": users, "pins": pins}
