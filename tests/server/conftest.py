"""Server test fixtures. Every store test runs on SQLite, and on PostgreSQL too when
FRONTLINE_TEST_POSTGRES_URL is set (Kinto-style: one suite, every backend). Never a
mocked database. The helpers they use are in `tests/helpers/server.py`.

PostgreSQL isolation: each test session migrates a schema of its own
(`ft_<random>`, dropped at the end) and truncates its tables between tests, so two
test runs on one database do not collide. SQLite: each test gets a copy of a file
migrated once per session (`server_db_template`, `tests/conftest.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from frontline.server import create_app
from frontline.server.db import Database
from frontline.server.settings import Settings
from frontline.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.helpers.server import (
    FAST_HASH,
    NO_POSTGRES,
    POSTGRES_URL,
    Backend,
    World,
    device_headers,
    enrol,
    make_world,
    migrated_schema,
    truncate,
)


@pytest.fixture(scope="session")
def sqlite_backend(server_db_template: Path) -> Backend:
    return Backend("sqlite", f"sqlite:///{server_db_template}", template=server_db_template)


@pytest.fixture(scope="session")
def postgres_backend() -> Iterator[Backend]:
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    with migrated_schema("ft") as schema:
        yield Backend("postgresql", POSTGRES_URL,
                      connect_args={"options": f"-csearch_path={schema}"}, schema=schema)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> Backend:
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_backend")  # type: ignore[no-any-return]
    return request.getfixturevalue("postgres_backend")  # type: ignore[no-any-return]


@pytest.fixture
def db(backend: Backend, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty server database on each backend."""
    database = backend.database(tmp_path)
    if backend.name == "postgresql":
        truncate(database)
    try:
        yield database
    finally:
        if backend.name == "postgresql":
            truncate(database)
        database.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, **FAST_HASH)


@pytest.fixture
def client(db: Database, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, database=db), raise_server_exceptions=False) as c:
        c.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
        yield c


@pytest.fixture
def world(db: Database, settings: Settings) -> World:
    """A small organisation: two regions, a store in each, users of every role."""
    return make_world(db, settings)


@pytest.fixture
def pc(client: TestClient, db: Database, settings: Settings, world: World) -> dict[str, str]:
    """The device headers of an enrolled PC of store A."""
    return device_headers(enrol(client, db, settings, world.store_a))
