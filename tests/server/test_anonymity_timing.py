"""Anonymity against timing (issue #19): a manager who reads everything they may read (the
devices list, pull pages and their cursors, histories, received_at and updated_at) tries to
tell which PC sent an anonymous observation, and cannot (docs/privacy.md, "Anonymity
against timing")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from frontline.core.ids import new_id
from frontline.server import auth
from frontline.server.db import Database
from frontline.server.settings import Settings
from tests.helpers.server import (
    World,
    device_headers,
    enrol,
    observation,
    sign_in,
    upsert,
    user_headers,
)


class Clock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(datetime(2026, 11, 23, 10, 17, 23, 456000, tzinfo=UTC))
    monkeypatch.setattr(auth, "now_dt", clock)
    return clock


def push(client: TestClient, headers: dict[str, str], *items: Any) -> list[dict[str, Any]]:
    response = client.post("/v1/push", headers=headers, json={"mutations": list(items)})
    assert response.status_code == 200, response.text
    return response.json()["results"]  # type: ignore[no-any-return]


def pages(client: TestClient, headers: dict[str, str]) -> list[tuple[str, dict[str, Any]]]:
    """Every observation, one per page, with the cursor that follows it (the attacker's
    finest view of the feed's order and versions)."""
    out, cursor = [], None
    while True:
        params: dict[str, Any] = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/pull", params=params, headers=headers).json()
        out += [(page["cursor"], o) for o in page["observations"]]
        cursor = page["cursor"]
        if not page["has_more"]:
            return out


def version_of(cursor: str) -> str:
    return cursor.split(":")[0]


def test_a_manager_cannot_tell_which_pc_sent_an_anonymous_observation(
        client: TestClient, db: Database, settings: Settings, world: World, clock: Clock) -> None:
    pc1 = device_headers(enrol(client, db, settings, world.store_a, name="Till 1"))
    pc2 = device_headers(enrol(client, db, settings, world.store_a, name="Till 2"))
    manager = user_headers(sign_in(client, "manager_a"))
    secret = observation(anonymous=True, summary="My manager shouts at the new staff")
    named1 = observation(author_id=world.users["emp_a"])
    named2 = observation(author_id=world.users["emp_a2"])

    # PC 1 sends a named and the anonymous observation in one batch; PC 2 a named one later
    push(client, pc1, upsert(named1), upsert(secret))
    seen_right_after = {o["id"] for _, o in pages(client, manager)}
    clock.moment += timedelta(minutes=7, milliseconds=311)
    push(client, pc2, upsert(named2))
    devices_then = client.get("/v1/devices", headers=manager).json()

    # the attacker watches the feed: the anonymous one does not appear with PC 1's push
    assert secret["id"] not in seen_right_after
    assert named1["id"] in seen_right_after
    for crafted in ("v0", "v0:0", "v0:00000000-0000-0000-0000-000000000000"):
        page = client.get("/v1/pull", params={"cursor": crafted}, headers=manager).json()
        assert secret["id"] not in {o["id"] for o in page["observations"]}

    # an edit by the author in the same hour stays unseen too
    edited = {**secret, "details": "Every Monday"}
    push(client, pc1, upsert(edited))
    assert secret["id"] not in {o["id"] for _, o in pages(client, manager)}

    # the next hour: it appears, for everyone at once
    clock.moment = datetime(2026, 11, 23, 11, 4, 9, 871000, tzinfo=UTC)
    feed = pages(client, manager)
    by_id = {o["id"]: (cursor, o) for cursor, o in feed}
    assert secret["id"] in by_id
    cursor, anon = by_id[secret["id"]]
    assert anon["device_id"] is None and anon["author_id"] is None
    assert anon["details"] == "Every Monday"

    # 1. its times are the hour, not the moment: they equal nothing a PC left behind
    assert anon["received_at"] == anon["updated_at"] == "2026-11-23T10:00:00.000Z"
    devices_now = client.get("/v1/devices", headers=manager).json()
    last_seen = {d["last_seen_at"] for d in devices_then + devices_now}
    assert last_seen == {"2026-11-23T00:00:00.000Z"}  # the day only, the same for both PCs
    named_times = {o[k] for _, o in feed if not o["anonymous"] for k in ("received_at",
                                                                         "updated_at")}
    assert anon["received_at"] not in named_times

    # 2. its version is not the version of any named observation (the batch it came in)
    named_versions = {version_of(c) for c, o in feed if not o["anonymous"]}
    assert version_of(cursor) not in named_versions
    # and it does not sit next to PC 1's named observation in the feed's order more than
    # next to PC 2's: it comes after both, in a version of its own
    order = [o["id"] for _, o in feed]
    assert order.index(secret["id"]) > max(order.index(named1["id"]), order.index(named2["id"]))

    # 3. its history names no actor, no device, and says the hour only
    history = client.get(f"/v1/observations/{secret['id']}/history", headers=manager).json()
    assert [e["action"] for e in history] == ["created", "edited"]
    for entry in history:
        assert entry["device_id"] is None and entry["actor_user_id"] is None
        assert entry["actor_role"] is None
        assert entry["at"] == "2026-11-23T10:00:00.000Z"

    # 4. the attacker's best guess: the PCs that pushed in that hour, which is both
    hour = anon["received_at"][:13]
    candidates = {o["device_id"] for _, o in feed
                  if not o["anonymous"] and o["received_at"][:13] == hour}
    assert len(candidates) == 2


def test_an_admin_sees_last_seen_to_the_hour_and_a_pc_its_own_answer_coarse(
        client: TestClient, db: Database, settings: Settings, world: World, clock: Clock) -> None:
    pc = device_headers(enrol(client, db, settings, world.store_a))
    secret = observation(anonymous=True)
    [result] = push(client, pc, upsert(secret))
    assert result["observation"]["received_at"] == "2026-11-23T10:00:00.000Z"
    [short] = client.post("/v1/push", headers={**pc, "X-Frontline-Push-Results": "short"},
                          json={"mutations": [upsert(observation(anonymous=True))]}
                          ).json()["results"]
    assert short["accepted"]["received_at"] == short["accepted"]["updated_at"] \
        == "2026-11-23T10:00:00.000Z"
    admin = user_headers(sign_in(client, "admin"))
    [device] = client.get("/v1/devices", headers=admin).json()
    assert device["last_seen_at"] == "2026-11-23T10:00:00.000Z"


def test_a_reviewers_change_to_a_held_observation_is_not_lost(
        client: TestClient, db: Database, settings: Settings, world: World, clock: Clock) -> None:
    """Held anonymous changes are published at the next hour, never skipped by a cursor."""
    pc = device_headers(enrol(client, db, settings, world.store_a))
    manager = user_headers(sign_in(client, "manager_a"))
    secret = observation(anonymous=True)
    push(client, pc, upsert(secret))
    cursor = client.get("/v1/pull", headers=manager).json()["cursor"]
    clock.moment += timedelta(hours=1)
    page = client.get("/v1/pull", params={"cursor": cursor}, headers=manager).json()
    assert [o["id"] for o in page["observations"]] == [secret["id"]]
    [result] = push(client, manager, {
        "id": new_id(), "op": "review.update", "observation_id": secret["id"], "base_rev": 1,
        "changes": {"status": "acknowledged"}})
    assert result["status"] == "applied", result
    page = client.get("/v1/pull", params={"cursor": page["cursor"]}, headers=manager).json()
    assert [o["status"] for o in page["observations"]] == ["acknowledged"]


def test_insights_do_not_count_an_anonymous_observation_before_it_is_published(
        client: TestClient, db: Database, settings: Settings, world: World, clock: Clock) -> None:
    pc = device_headers(enrol(client, db, settings, world.store_a))
    manager = user_headers(sign_in(client, "manager_a"))
    params = {"since": "2026-11-01", "until": "2026-11-30"}

    def total() -> int:
        response = client.get("/v1/insights", params=params, headers=manager)
        assert response.status_code == 200, response.text
        return int(response.json()["total"])

    push(client, pc, upsert(observation(anonymous=True, customer_words="Too slow")))
    assert total() == 0
    clock.moment += timedelta(hours=1)
    client.get("/v1/pull", headers=manager)  # any pull publishes what the last hour held
    assert total() == 1
