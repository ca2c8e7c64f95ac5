"""What a push answers, and what the server keeps to answer a replay the same way, on the
fast paths that keep a push cheap (request parsing, batch inserts, short results)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from frontline.server import tables as t
from frontline.server.db import Database
from frontline.sync.protocol import PUSH_RESULTS_HEADER, PUSH_RESULTS_SHORT
from tests.helpers.server import (
    World,
    count_rows,
    observation,
    push,
    sign_in,
    stored_row,
    upsert,
)


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
    assert response.status_code == 200  # one bad item is that item's rejection (issue #19)
    [result] = response.json()["results"]
    assert result["status"] == "rejected" and "lone surrogate" in result["reason"]


SHORT = {PUSH_RESULTS_HEADER: PUSH_RESULTS_SHORT}


def test_a_pc_that_asks_for_short_results_gets_what_the_server_decided_not_the_whole_text(
    client: TestClient, db: Database, pc: dict[str, str], world: World
) -> None:
    plain = observation()
    messy = observation(summary="  Till closed \r\n", observed_at="2026-11-23T11:30:00.250+01:00")
    anonymous = observation(anonymous=True)
    results = push(client, {**pc, **SHORT}, upsert(plain), upsert(messy), upsert(anonymous))
    assert [r["status"] for r in results] == ["applied"] * 3
    assert all("observation" not in r for r in results)
    first = results[0]["accepted"]
    stored = stored_row(db, plain["id"])
    assert first == {"id": plain["id"], "rev": 1, "received_at": stored.received_at,
                     "updated_at": stored.updated_at, "store_id": world.store_a,
                     "author_id": None, "device_id": stored.device_id, "status": "new"}
    assert results[1]["accepted"]["changed"] == {
        "summary": "Till closed", "observed_at": "2026-11-23T10:30:00.250Z"}
    assert results[2]["accepted"]["author_id"] is None
    assert results[2]["accepted"]["device_id"] is None  # an anonymous one never names its PC


def test_without_the_header_a_push_still_answers_with_the_whole_observation(
    client: TestClient, pc: dict[str, str]
) -> None:
    obs = observation()
    [result] = push(client, pc, upsert(obs))
    assert "accepted" not in result and result["observation"]["summary"] == obs["summary"]


def test_a_replay_of_a_short_answer_gets_the_same_answer_as_already_applied(
    client: TestClient, db: Database, pc: dict[str, str]
) -> None:
    mutation = upsert(observation(summary="Sent twice (the first answer was lost)"))
    [first] = push(client, {**pc, **SHORT}, mutation)
    [again] = push(client, {**pc, **SHORT}, mutation)
    assert again["status"] == "already_applied" and again["original_status"] == "applied"
    assert again["accepted"] == first["accepted"]
    # in a batch of new ones too (the fast path sends the replay the one-by-one way)
    results = push(client, {**pc, **SHORT}, upsert(observation()), mutation, upsert(observation()))
    assert [r["status"] for r in results] == ["applied", "already_applied", "applied"]
    assert results[1]["accepted"] == first["accepted"]
    assert count_rows(db, t.observations) == 3


def test_a_short_answer_replayed_by_a_pc_that_asks_in_full_gets_the_observation(
    client: TestClient, pc: dict[str, str]
) -> None:
    mutation = upsert(observation())
    push(client, {**pc, **SHORT}, mutation)
    [again] = push(client, pc, mutation)
    assert again["status"] == "already_applied" and "accepted" not in again
    assert again["observation"]["id"] == mutation["observation"]["id"]


def test_a_replayed_short_answer_never_shows_another_persons_observation(
    client: TestClient, world: World
) -> None:
    author = {"Authorization": f"Bearer {sign_in(client, 'emp_a')}"}
    colleague = {"Authorization": f"Bearer {sign_in(client, 'emp_a2')}"}
    mutation = upsert(observation(author_id=world.users["emp_a"]))
    [first] = push(client, {**author, **SHORT}, mutation)
    assert first["accepted"]["author_id"] == world.users["emp_a"]
    [replayed] = push(client, {**colleague, **SHORT}, mutation)
    assert replayed["status"] == "already_applied"
    assert "accepted" not in replayed and "observation" not in replayed


def test_the_short_result_has_the_same_fields_on_the_wire_and_in_the_server_model() -> None:
    from typing import get_type_hints

    from frontline.server.schemas import AcceptedOut
    from frontline.sync.protocol import AcceptedWire

    assert set(get_type_hints(AcceptedWire)) == set(AcceptedOut.model_fields)
