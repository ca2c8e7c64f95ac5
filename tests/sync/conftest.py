"""Fixtures for sync tests: the real server app in this process, reached through the real
`HttpClient` (a requests adapter hands each request to FastAPI's TestClient), and a real
local store (`store`, `tests/conftest.py`). No mocks: the server database is a real SQLite
file (PostgreSQL when FRONTLINE_TEST_POSTGRES_URL is set, for the tests that ask for it).
The helpers are in `tests/helpers/sync.py`.

The end-to-end fault tests use a real `frontline-server` process instead (the `server`
fixture, `tests/helpers/realserver.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from frontline.server import create_app
from frontline.store.db import Store
from frontline.sync.client import HttpClient
from tests.helpers.sync import ASGIAdapter, ServerWorld, open_world


@pytest.fixture
def world(server_db_template: Path, tmp_path: Path) -> Iterator[ServerWorld]:
    db, settings, org = open_world(server_db_template, tmp_path / "server")
    with TestClient(create_app(settings, database=db), raise_server_exceptions=True) as tc:
        yield ServerWorld(db, settings, tc, **org)
    db.dispose()


@pytest.fixture
def pc(world: ServerWorld, store: Store) -> tuple[HttpClient, ASGIAdapter]:
    """An enrolled PC of store A: its HttpClient (tokens in the data folder) and adapter."""
    from frontline.sync.device import enrol

    client, adapter = world.http_client(store.data_dir)
    enrol(store.connection(), client, code=world.code(), device_name="Till 1")
    return client, adapter
