"""Scope basics (who reads and reviews what) and anonymity (the author of an anonymous
observation is nowhere on the server)."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from frontline.core.ids import new_id
from frontline.server import tables as t
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


def pulled_ids(client: TestClient, headers: dict[str, str]) -> set[str]:
    page = client.get("/v1/pull", params={"limit": 1000}, headers=headers)
    assert page.status_code == 200, page.text
    return {o["id"] for o in page.json()["observations"]}


@pytest.fixture
def two_stores(client: TestClient, db: Database, settings: Settings,
               world: World) -> dict[str, str]:
    """One observation in each store, by each store's first employee."""
    pc_a = device_headers(enrol(client, db, settings, world.store_a))
    pc_b = device_headers(enrol(client, db, settings, world.store_b))
    a, b = observation(author_id=world.users["emp_a"]), observation(author_id=world.users["emp_b"])
    client.post("/v1/push", headers=pc_a, json={"mutations": [upsert(a)]})
    client.post("/v1/push", headers=pc_b, json={"mutations": [upsert(b)]})
    return {"a": a["id"], "b": b["id"]}


def test_a_manager_reads_their_store_only(client: TestClient, world: World,
                                          two_stores: dict[str, str]) -> None:
    assert pulled_ids(client, user_headers(sign_in(client, "manager_a"))) == {two_stores["a"]}
    assert pulled_ids(client, user_headers(sign_in(client, "manager_b"))) == {two_stores["b"]}


def test_leaders_read_their_region_or_everything_and_admins_everything(
    client: TestClient, world: World, two_stores: dict[str, str]
) -> None:
    assert pulled_ids(client, user_headers(sign_in(client, "leader_a"))) == {two_stores["a"]}
    assert pulled_ids(client, user_headers(sign_in(client, "leader"))) == set(two_stores.values())
    assert pulled_ids(client, user_headers(sign_in(client, "admin"))) == set(two_stores.values())


def test_a_manager_cannot_review_another_stores_observation(
    client: TestClient, db: Database, world: World, two_stores: dict[str, str]
) -> None:
    manager_b = user_headers(sign_in(client, "manager_b"))
    result = client.post("/v1/push", headers=manager_b, json={"mutations": [{
        "id": new_id(), "op": "review.update", "observation_id": two_stores["a"], "base_rev": 1,
        "changes": {"status": "closed"}}]}).json()["results"][0]
    assert result["status"] == "rejected"
    assert "observation" not in result  # nothing about it leaks
    with db.read() as conn:
        assert conn.execute(select(t.observations.c.status)
                            .where(t.observations.c.id == two_stores["a"])).scalar_one() == "new"


def test_an_employee_sees_their_own_and_their_stores_answered_ones(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    mine, colleague_open, colleague_answered = (
        observation(author_id=world.users["emp_a"]),
        observation(author_id=world.users["emp_a2"]),
        observation(author_id=world.users["emp_a2"]),
    )
    client.post("/v1/push", headers=pc, json={"mutations": [upsert(o) for o in
                                                          (mine, colleague_open,
                                                           colleague_answered)]})
    manager = user_headers(sign_in(client, "manager_a"))
    client.post("/v1/push", headers=manager, json={"mutations": [{
        "id": new_id(), "op": "review.update", "observation_id": colleague_answered["id"],
        "base_rev": 1, "changes": {"status": "action_taken", "response": "New signage is up."}}]})
    employee = user_headers(sign_in(client, "emp_a"))
    assert pulled_ids(client, employee) == {mine["id"], colleague_answered["id"]}
    # a store's PC gets its employees' observations (each person sees theirs behind a PIN)
    assert pulled_ids(client, pc) == {mine["id"], colleague_open["id"], colleague_answered["id"]}


def test_an_employee_cannot_review(client: TestClient, world: World,
                                   two_stores: dict[str, str]) -> None:
    employee = user_headers(sign_in(client, "emp_a"))
    result = client.post("/v1/push", headers=employee, json={"mutations": [{
        "id": new_id(), "op": "review.update", "observation_id": two_stores["a"], "base_rev": 1,
        "changes": {"response": "I answer myself"}}]}).json()["results"][0]
    assert result["status"] == "rejected"


def test_a_device_cannot_claim_an_author_from_another_store(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    result = client.post("/v1/push", headers=pc, json={"mutations": [
        upsert(observation(author_id=world.users["emp_b"]))]}).json()["results"][0]
    assert result["status"] == "rejected"


def all_stored_text(db: Database) -> str:
    dump = []
    with db.read() as conn:
        for table in t.metadata.sorted_tables:
            if table.name == "users":
                continue
            for row in conn.execute(select(table)):
                dump.append(json.dumps({k: str(v) for k, v in row._mapping.items()}))
    return "\n".join(dump)


def test_the_author_of_an_anonymous_observation_is_stored_nowhere(
    client: TestClient, db: Database, settings: Settings, world: World,
    caplog: pytest.LogCaptureFixture,
) -> None:
    author_id = world.users["emp_a"]
    pc = device_headers(enrol(client, db, settings, world.store_a))
    # the employee is even signed in on the PC: the server must still drop who it is
    person = user_headers(sign_in(client, "emp_a"))
    # signing in writes a token row that names the user; that is not about the observation
    with db.write() as conn:
        conn.execute(t.user_tokens.delete())
    person = user_headers(sign_in(client, "emp_a"))
    with db.write() as conn:
        token_rows = conn.execute(select(t.user_tokens)).all()
    anon = observation(anonymous=True, summary="Manager shouted at a customer")
    caplog.set_level(logging.DEBUG)
    with caplog.at_level(logging.DEBUG):
        result = client.post("/v1/push", headers={**pc, **person},
                             json={"mutations": [upsert(anon)]}).json()["results"][0]
        assert result["status"] == "applied"
        assert result["observation"]["author_id"] is None
        assert result["observation"]["anonymous"] is True
        edit = client.post("/v1/push", headers=pc, json={"mutations": [
            upsert({**anon, "details": "In front of everyone"})]}).json()["results"][0]
        assert edit["status"] == "applied"
        withdraw = client.post("/v1/push", headers=pc, json={"mutations": [
            {"id": new_id(), "op": "observation.withdraw", "observation_id": anon["id"]}]})
        assert withdraw.json()["results"][0]["status"] == "applied"
    stored = all_stored_text(db)
    token_text = "\n".join(json.dumps({k: str(v) for k,
                                       v in r._mapping.items()}) for r in token_rows)
    assert stored.count(author_id) == token_text.count(author_id)  # only the sign-in token
    assert author_id not in caplog.text
    assert "emp_a" not in caplog.text
    assert "shouted" not in caplog.text  # observation text is never logged


def test_an_anonymous_observation_cannot_name_its_author(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    result = client.post("/v1/push", headers=pc, json={"mutations": [
        upsert(observation(anonymous=True, author_id=world.users["emp_a"]))]}).json()["results"][0]
    assert result["status"] == "applied"
    assert result["observation"]["author_id"] is None
    assert world.users["emp_a"] not in all_stored_text(db)


def test_only_the_device_that_sent_an_anonymous_observation_can_change_it(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    pc1 = device_headers(enrol(client, db, settings, world.store_a, "Till 1"))
    pc2 = device_headers(enrol(client, db, settings, world.store_a, "Till 2"))
    anon = observation(anonymous=True)
    client.post("/v1/push", headers=pc1, json={"mutations": [upsert(anon)]})
    result = client.post("/v1/push", headers=pc2, json={"mutations": [
        {"id": new_id(), "op": "observation.withdraw",
         "observation_id": anon["id"]}]}).json()["results"][0]
    assert result["status"] == "rejected"


def test_a_visitor_signed_in_on_another_stores_pc_cannot_author_there(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    visitor = user_headers(sign_in(client, "manager_b"))
    result = client.post("/v1/push", headers={**pc, **visitor}, json={"mutations": [
        upsert(observation())]}).json()["results"][0]
    assert result["status"] == "rejected"
    assert "member of this store" in result["reason"]


def test_replaying_someone_elses_mutation_id_shows_nothing_new(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    colleague = upsert(observation(author_id=world.users["emp_a2"]))
    client.post("/v1/push", headers=pc, json={"mutations": [colleague]})
    # a person signed in elsewhere (no PC) replays the id: the PC's answer is not theirs to see
    employee = user_headers(sign_in(client, "emp_a"))
    replay = client.post("/v1/push", headers=employee,
                         json={"mutations": [colleague]}).json()["results"][0]
    assert replay["status"] in {"already_applied", "rejected"}
    assert "observation" not in replay


def test_the_retry_of_an_anonymous_push_by_a_signed_in_person_shows_the_observation(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    person = user_headers(sign_in(client, "emp_a"))
    mutation = upsert(observation(anonymous=True))
    client.post("/v1/push", headers={**pc, **person}, json={"mutations": [mutation]})
    retry = client.post("/v1/push", headers={**pc, **person},
                        json={"mutations": [mutation]}).json()["results"][0]
    assert retry["status"] == "already_applied"
    assert retry["observation"]["author_id"] is None
