"""Shared fixtures; the helpers they use are in `tests/helpers/`. Qt tests run offscreen;
nothing here imports Qt.

- `server_db_template`: a server database file migrated once per session (tests copy it).
- `demo_template`: `frontline-server init --demo`, once per session (`DemoTemplate`).
- `server`: a real `frontline-server serve` process on a copy of the demo template, started
  and stopped around the test. On SQLite; a module that wants PostgreSQL too overrides
  `server_backend` (`@pytest.fixture(params=SERVER_BACKENDS)`), and one that wants the
  server's every log line overrides `server_log_level`.
- `store`: the PC's local store in a fresh data folder (`tmp_path / "pc"`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# keyring must never touch a real keychain from the test suite
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

from frontline.store.db import Store  # noqa: E402 - after the environment above
from tests.helpers.realserver import (  # noqa: E402
    NO_POSTGRES,
    POSTGRES_URL,
    DemoTemplate,
    RealServer,
    drop_postgres,
)
from tests.helpers.server import migrated_sqlite  # noqa: E402


def pytest_terminal_summary(terminalreporter, config) -> None:
    """Print pytest-randomly's seed at the end too (its header line is hidden by -q), so a
    failure that depends on the order can be replayed."""
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int):
        terminalreporter.write_line(
            f"Test order and random seed: {seed} (replay it with --randomly-seed={seed})")


@pytest.fixture(scope="session")
def server_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A server database file migrated to the newest schema, once per session."""
    return migrated_sqlite(tmp_path_factory.mktemp("server-db-template") / "server.db")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoTemplate]:
    """`frontline-server init --demo`, once per session (PostgreSQL's on first use)."""
    template = DemoTemplate(tmp_path_factory.mktemp("demo-server") / "sqlite")
    try:
        yield template
    finally:
        template.close()


@pytest.fixture
def server_backend() -> str:
    """The database of the `server` fixture: "sqlite" here; a module may override it."""
    return "sqlite"


@pytest.fixture
def server_log_level() -> str:
    """The `server` fixture's log level: INFO ("running on" is said at INFO) or DEBUG."""
    return "INFO"


@pytest.fixture
def server(demo_template: DemoTemplate, tmp_path: Path, server_backend: str,
           server_log_level: str) -> Iterator[RealServer]:
    """A real `frontline-server serve` process on a copy of the demo template, listening."""
    postgres = server_backend == "postgresql"
    if postgres and not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    real = RealServer.from_template(demo_template, tmp_path / "server",
                                    postgres_base=POSTGRES_URL if postgres else "",
                                    log_level=server_log_level)
    try:
        real.start()
        yield real
    finally:
        real.stop()
        if postgres:
            drop_postgres(POSTGRES_URL)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """The PC's local store, a real SQLite file in a fresh data folder."""
    opened = Store.open(tmp_path / "pc")
    yield opened
    opened.close()
