"""Bad input of every kind gets a 4xx with a readable JSON message, and writes nothing."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from frontline.server import tables as t
from frontline.server.db import Database
from frontline.server.settings import Settings
from tests.helpers.server import (
    World,
    count_rows,
    device_headers,
    enrol,
    issue_code,
    observation,
    sign_in,
    upsert,
    user_headers,
)

WRITTEN = (t.observations, t.audit, t.applied_mutations, t.devices)


def snapshot(db: Database) -> dict[str, int]:
    return {table.name: count_rows(db, table) for table in WRITTEN}


def post_raw(client: TestClient, headers: dict[str, str], body: bytes, **extra: str) -> Any:
    return client.post("/v1/push", content=body,
                       headers={**headers, "Content-Type": "application/json", **extra})


BAD_BODIES: dict[str, bytes] = {
    "malformed JSON": b'{"mutations": [',
    "not an object": b"[1, 2, 3]",
    "wrong type for mutations": b'{"mutations": "all of them"}',
    "unknown field": b'{"mutations": [], "drop_tables": true}',
    "invalid UTF-8": b'{"mutations": [{"id": "\xff\xfe"}]}',
    "empty body": b"",
    "deeply nested": b"[" * 100_000 + b"]" * 100_000,
    "protocol as text": b'{"protocol": "1", "mutations": []}',
}


@pytest.mark.parametrize("name", list(BAD_BODIES))
def test_a_bad_push_body_is_a_4xx_with_a_message_and_writes_nothing(
    client: TestClient, db: Database, pc: dict[str, str], name: str
) -> None:
    before = snapshot(db)
    response = post_raw(client, pc, BAD_BODIES[name])
    assert 400 <= response.status_code < 500, response.text
    body = response.json()
    assert body["error"] in {"invalid_request", "too_large"}
    assert len(body["message"]) > 15
    assert snapshot(db) == before


def test_a_huge_body_is_413_before_it_is_read(
    client: TestClient, db: Database, pc: dict[str, str], settings: Settings
) -> None:
    before = snapshot(db)
    huge = b'{"mutations": [' + b" " * (settings.max_body_bytes + 10) + b"]}"
    response = post_raw(client, pc, huge)
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    assert snapshot(db) == before


def test_a_gzip_bomb_is_413(client: TestClient, db: Database, pc: dict[str, str],
                            settings: Settings) -> None:
    bomb = gzip.compress(b'{"mutations": [' + b" " * (settings.max_body_bytes * 2) + b"]}")
    assert len(bomb) < settings.max_body_bytes
    response = post_raw(client, pc, bomb, **{"Content-Encoding": "gzip"})
    assert response.status_code == 413


def test_a_gzipped_push_is_accepted(client: TestClient, db: Database, pc: dict[str, str]) -> None:
    body = gzip.compress(json.dumps({"mutations": [upsert(observation())]}).encode())
    response = post_raw(client, pc, body, **{"Content-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.json()["results"][0]["status"] == "applied"


def test_a_batch_over_the_limit_is_413_and_says_how_many(
    client: TestClient, db: Database, pc: dict[str, str], settings: Settings
) -> None:
    mutations = [upsert(observation()) for _ in range(settings.max_batch_items + 1)]
    response = client.post("/v1/push", json={"mutations": mutations}, headers=pc)
    assert response.status_code == 413
    assert str(settings.max_batch_items) in response.json()["message"]
    assert count_rows(db, t.observations) == 0


def test_sql_looking_text_is_stored_as_text(client: TestClient, db: Database,
                                            pc: dict[str, str]) -> None:
    sneaky = "x'); DROP TABLE observations; --"
    obs = observation(summary=sneaky, details="1 OR 1=1")
    response = client.post("/v1/push", json={"mutations": [upsert(obs)]}, headers=pc)
    assert response.json()["results"][0]["observation"]["summary"] == sneaky
    params = {"cursor": "v0' OR '1'='1"}
    assert client.get("/v1/pull", params=params, headers=pc).status_code == 400
    assert count_rows(db, t.observations) == 1


def test_an_observation_for_another_store_is_rejected(
    client: TestClient, db: Database, pc: dict[str, str], world: World
) -> None:
    results = client.post("/v1/push", headers=pc, json={"mutations": [
        upsert(observation(store_id=world.store_b)),
        upsert(observation(author_id=world.users["emp_b"])),
    ]}).json()["results"]
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert "store" in results[0]["reason"]
    assert count_rows(db, t.observations) == 0


def test_another_stores_observation_cannot_be_edited_or_withdrawn(
    client: TestClient, db: Database, settings: Settings, world: World, pc: dict[str, str]
) -> None:
    other_pc = device_headers(enrol(client, db, settings, world.store_b))
    obs = observation()
    client.post("/v1/push", headers=other_pc, json={"mutations": [upsert(obs)]})
    before = snapshot(db)
    results = client.post("/v1/push", headers=pc, json={"mutations": [
        upsert({**obs, "summary": "hijacked"}),
        {"id": "m-withdraw-1", "op": "observation.withdraw", "observation_id": obs["id"]},
    ]}).json()["results"]
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert snapshot(db) == before


def test_no_header_or_an_old_protocol_gets_update_required(client: TestClient,
                                                           pc: dict[str, str]) -> None:
    for version in ("", "0", "abc"):
        response = client.get("/v1/pull", headers={**pc, "X-Frontline-Protocol": version})
        assert response.status_code == 426
        assert response.json() == {
            "error": "update_required",
            "message": "This version of Frontline is too old for the server. Ask IT to update it.",
        }


def expire_devices(db: Database) -> None:
    with db.write() as conn:
        conn.execute(update(t.devices).values(
            expires_at=(datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")))


def revoke_devices(db: Database) -> None:
    with db.write() as conn:
        conn.execute(update(t.devices).values(revoked_at="2026-01-01T00:00:00.000Z"))


@pytest.mark.parametrize("spoil", [expire_devices, revoke_devices], ids=["expired", "revoked"])
def test_an_expired_or_revoked_device_token_is_401_and_writes_nothing(
    client: TestClient, db: Database, pc: dict[str, str], spoil: Callable[[Database], None]
) -> None:
    spoil(db)
    before = snapshot(db)
    response = client.post("/v1/push", headers=pc, json={"mutations": [upsert(observation())]})
    assert response.status_code == 401
    assert "enrol" in response.json()["message"]
    assert snapshot(db) == before


def test_unknown_and_malformed_tokens_are_401(client: TestClient) -> None:
    for headers in ({"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"},
                    {"X-Frontline-Device": "fld_nope"}, {}):
        response = client.get("/v1/pull", headers=headers)
        assert response.status_code == 401, headers
        assert response.json()["error"] == "unauthorized"


def test_an_enrolment_code_works_once(client: TestClient, db: Database, settings: Settings,
                                      world: World) -> None:
    code = issue_code(db, settings, world.store_a)
    first = client.post("/v1/enrol", json={"code": code.lower().replace("-", " "),
                                           "device_name": "Till 1"})
    assert first.status_code == 200
    before = snapshot(db)
    again = client.post("/v1/enrol", json={"code": code, "device_name": "Till 2"})
    assert again.status_code == 401
    assert "new one" in again.json()["message"]
    assert snapshot(db) == before


def test_enrol_with_wrong_fields_is_422_readable(client: TestClient) -> None:
    response = client.post("/v1/enrol", json={"code": 12, "device": "x"})
    assert response.status_code == 422
    message = response.json()["message"]
    assert "code" in message and "device" in message


def test_repeated_failed_sign_ins_are_throttled_with_retry_after(
    client: TestClient, world: World, settings: Settings
) -> None:
    for _ in range(settings.login_max_failures):
        assert client.post("/v1/sign-in", json={"username": "manager_a",
                                                "password": "wrong"}).status_code == 401
    blocked = client.post("/v1/sign-in", json={"username": "manager_a",
                                               "password": "correct horse battery"})
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert blocked.json()["error"] == "throttled"
    # another account from the same address is not affected
    assert client.post("/v1/sign-in", json={"username": "manager_b",
                                            "password": "correct horse battery"}).status_code == 200


def test_a_disabled_user_cannot_sign_in_and_their_token_stops(
    client: TestClient, db: Database, world: World
) -> None:
    from frontline.server import admin

    token = sign_in(client, "manager_a")
    with db.write() as conn:
        admin.set_user_disabled(conn, world.org_id, "manager_a", True, now=datetime.now(UTC))
    assert client.get("/v1/me", headers=user_headers(token)).status_code == 401
    assert client.post("/v1/sign-in", json={"username": "manager_a",
                                            "password": "correct horse battery"}).status_code == 401


def test_a_busy_server_answers_503_with_retry_after(db: Database, world: World,
                                                    tmp_path: Any) -> None:
    from frontline.server import create_app
    from tests.helpers.server import FAST_HASH

    settings = Settings(data_dir=tmp_path, push_concurrency=0, **FAST_HASH)  # no push slots at all
    with TestClient(create_app(settings, database=db)) as busy:
        busy.headers["X-Frontline-Protocol"] = "1"
        pc = device_headers(enrol(busy, db, settings, world.store_a))
        response = busy.post("/v1/push", headers=pc, json={"mutations": [upsert(observation())]})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(settings.retry_after_seconds)
    assert count_rows(db, t.observations) == 0


def test_query_parameters_of_the_wrong_type_are_422(client: TestClient, pc: dict[str, str]) -> None:
    response = client.get("/v1/pull", params={"limit": "lots"}, headers=pc)
    assert response.status_code == 422
    assert "limit" in response.json()["message"]
