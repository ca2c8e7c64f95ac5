"""What a push answers, and what the server keeps to answer a replay the same way, on the
fast paths that keep a push cheap (request parsing, batch inserts, short results)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from frontline.server.db import Database
from frontline.server.settings import Settings
from tests.server.conftest import World, device_headers, enrol, observation, upsert


@pytest.fixture
def pc(client: TestClient, db: Database, settings: Settings, world: World) -> dict[str, str]:
    return device_headers(enrol(client, db, settings, world.store_a))


def push(client: TestClient, headers: dict[str, str], *mutations: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post("/v1/push", json={"mutations": list(mutations)}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["results"]  # type: ignore[no-any-return]


def test_an_emoji_sent_as_an_escaped_surrogate_pair_is_stored_and_a_lone_one_refused(
    client: TestClient, pc: dict[str, str]
) -> None:
    import json

    obs = observation(summary="placeholder")
    body = json.dumps({"mutations": [upsert(obs)]}).replace("placeholder", "Smiled \\ud83d\\ude00")
    response = client.post("/v1/push", content=body.encode(), headers={
        **pc, "Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["status"] == "applied"
    lone = json.dumps({"mutations": [upsert(observation(summary="placeholder"))]}).replace(
        "placeholder", "Half \\uDE00 an emoji")
    response = client.post("/v1/push", content=lone.encode(), headers={
        **pc, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert "lone surrogate" in response.json()["message"]
