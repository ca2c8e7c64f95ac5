"""Webhooks end to end in one process, on SQLite and PostgreSQL: the app's own worker
delivers to real HTTP receivers on loopback (tests/outbound/receivers.py)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from frontline.core.ids import new_id
from frontline.server import create_app
from frontline.server.db import Database
from frontline.server.outbound.webhooks import verify
from frontline.server.settings import Settings
from frontline.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.helpers.server import (
    World,
    device_headers,
    enrol,
    observation,
    sign_in,
    upsert,
    user_headers,
)
from tests.outbound.receivers import Receiver


@pytest.fixture
def fast(settings: Settings) -> Settings:
    return replace(settings, outbound_retry_first_seconds=1, outbound_timeout_seconds=3)


@pytest.fixture
def app(db: Database, fast: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(fast, database=db), raise_server_exceptions=False) as c:
        c.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
        yield c


def _register(app: TestClient, admin: dict[str, str], url: str, **body: Any) -> dict[str, Any]:
    response = app.post("/v1/admin/webhooks", headers=admin,
                        json={"url": url, "events": ["new_observation", "status_change",
                                                     "answer", "escalation"], **body})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_every_event_arrives_signed_and_retries_repeat_their_idempotency_key(
        app: TestClient, db: Database, fast: Settings, world: World) -> None:
    flaky = Receiver(fail=3, hang=1)  # 500, 500, 500, a hang past the timeout, then 200
    texts = Receiver()
    try:
        admin = user_headers(sign_in(app, "admin"))
        plain = _register(app, admin, flaky.url)
        with_text = _register(app, admin, texts.url, include_text=True)
        assert plain["secret"].startswith("whsec_")
        listed = app.get("/v1/admin/webhooks", headers=admin).json()
        assert {h["id"] for h in listed} == {plain["id"], with_text["id"]}
        assert all("secret" not in h for h in listed)

        pc = device_headers(enrol(app, db, fast, world.store_a))
        obs = observation(summary="Card reader broken again", switch_risk=True, severity=5,
                          customer_words="I will shop elsewhere")
        pushed = app.post("/v1/push", headers=pc, json={"mutations": [upsert(obs)]})
        assert pushed.status_code == 200
        manager = user_headers(sign_in(app, "manager_a"))
        review = {"id": new_id(), "op": "review.update", "observation_id": obs["id"],
                  "base_rev": 1, "changes": {"status": "action_taken", "escalated": True,
                                             "response": "We replaced the reader."}}
        result = app.post("/v1/push", headers=manager, json={"mutations": [review]}).json()
        assert result["results"][0]["status"] == "applied"

        expected = {"new_observation", "status_change", "answer", "escalation"}
        for receiver, hook, text in ((texts, with_text, True), (flaky, plain, False)):
            got = receiver.wait_ok(4)
            assert {g.headers["Frontline-Event"] for g in got} == expected
            for g in got:
                assert verify(hook["secret"], g.body, g.headers["Frontline-Signature"],
                              now=int(time.time()))
                assert g.headers["Idempotency-Key"] == g.headers["Frontline-Event-Id"]
                body = json.loads(g.body)
                assert body["id"] == g.headers["Frontline-Event-Id"]
                assert body["observation"]["id"] == obs["id"]
                assert ("Card reader" in g.body.decode()) == text
                assert "author_id" not in body["observation"]
        # the flaky endpoint saw retries: every attempt of one delivery carried one key
        keys: dict[str, set[str]] = {}
        for g in flaky.all:
            keys.setdefault(g.headers["Idempotency-Key"], set()).add(g.body.decode())
        assert sum(1 for g in flaky.all) >= 4 + 3 + 1
        assert all(len(bodies) == 1 for bodies in keys.values())
        assert len(keys) == 4

        deliveries = app.get(f"/v1/admin/webhooks/{plain['id']}/deliveries", headers=admin)
        assert deliveries.status_code == 200
        rows = deliveries.json()
        assert len(rows) == 4 and any(r["attempts"] > 1 for r in rows)
        assert all("payload" not in r for r in rows)
        assert app.delete(f"/v1/admin/webhooks/{plain['id']}", headers=admin).status_code == 200
        assert len(app.get("/v1/admin/webhooks", headers=admin).json()) == 1
    finally:
        flaky.close()
        texts.close()


def test_a_hanging_endpoint_does_not_delay_the_others(
        app: TestClient, db: Database, fast: Settings, world: World) -> None:
    stuck = Receiver(hang=1000)
    healthy = Receiver()
    try:
        admin = user_headers(sign_in(app, "admin"))
        _register(app, admin, stuck.url, events=["new_observation"])
        _register(app, admin, healthy.url, events=["new_observation"])
        pc = device_headers(enrol(app, db, fast, world.store_a))
        for _ in range(3):
            app.post("/v1/push", headers=pc, json={"mutations": [upsert(observation())]})
        stuck.hanging.wait(60)
        got = healthy.wait_ok(3, timeout=60)
        assert len(got) == 3 and stuck.hanging.is_set()  # delivered while the other hangs
    finally:
        stuck.close()
        healthy.close()


def test_filters_and_admin_only(app: TestClient, db: Database, fast: Settings,
                                world: World) -> None:
    receiver = Receiver()
    try:
        admin = user_headers(sign_in(app, "admin"))
        for name in ("manager_a", "leader", "emp_a"):
            headers = user_headers(sign_in(app, name))
            assert app.get("/v1/admin/webhooks", headers=headers).status_code == 403
            assert app.post("/v1/admin/webhooks", headers=headers,
                            json={"url": receiver.url, "events": ["answer"]}).status_code == 403
        assert app.get("/v1/admin/webhooks").status_code == 401
        bad = app.post("/v1/admin/webhooks", headers=admin,
                       json={"url": "ftp://x", "events": ["answer"]})
        assert bad.status_code == 400
        _register(app, admin, receiver.url, events=["new_observation"], stores=["B1"])
        pc_a = device_headers(enrol(app, db, fast, world.store_a))
        pc_b = device_headers(enrol(app, db, fast, world.store_b))
        app.post("/v1/push", headers=pc_a, json={"mutations": [upsert(observation())]})
        in_b = observation()
        app.post("/v1/push", headers=pc_b, json={"mutations": [upsert(in_b)]})
        got = receiver.wait_ok(1)
        assert json.loads(got[0].body)["observation"]["id"] == in_b["id"]
        assert json.loads(got[0].body)["observation"]["store_id"] == world.store_b
    finally:
        receiver.close()
