"""The operational endpoints and the schema: health, readiness, metrics, migrations."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient

from frontline.server import Settings, create_app, migrate
from frontline.server.db import Database
from frontline.server.tables import metadata


def test_health_answers_without_a_token(client: TestClient) -> None:
    response = client.get("/health", headers={"X-Frontline-Protocol": ""})
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.headers["X-Request-ID"]


def test_ready_touches_the_database(client: TestClient) -> None:
    assert client.get("/ready").json()["status"] == "ready"


def test_ready_says_503_when_the_database_is_gone(client: TestClient, db: Database) -> None:
    if not db.is_sqlite:
        pytest.skip("breaks the schema on purpose: done on the per-test SQLite copy only")
    with db.write() as conn:
        conn.exec_driver_sql("DROP TABLE applied_mutations")
        conn.exec_driver_sql("ALTER TABLE organisations RENAME TO gone")
    response = client.get("/ready")
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert response.json()["error"] == "busy"


def test_metrics_are_prometheus_text_and_count_requests(client: TestClient) -> None:
    client.get("/health")
    body = client.get("/metrics").text
    assert 'frontline_http_requests_total{method="GET",route="/health",status="200"}' in body
    assert "frontline_push_batch_size" in body


def test_migrations_match_the_tables_and_rerun_cleanly(db: Database) -> None:
    migrate.upgrade(db)  # already at head: nothing to do, no error
    assert migrate.current_revision(db) == migrate.head_revision()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                metadata)
    assert diff == []


def test_an_unknown_address_is_a_json_404(client: TestClient) -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_an_unreachable_database_is_503_with_retry_after_not_500(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "missing" / "folder")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        client.headers["X-Frontline-Protocol"] = "1"
        response = client.get("/v1/pull", headers={"X-Frontline-Device": "fld_x"})
        ready = client.get("/ready")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.json()["error"] == "busy"
    assert ready.status_code == 503
