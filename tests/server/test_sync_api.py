"""The sync API end to end through the app: enrol, sign in, push, pull, replay,
per-item results, review conflicts, pagination, reference data."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from frontline.core.ids import new_id
from frontline.server import tables as t
from frontline.server.db import Database
from frontline.server.settings import Settings
from tests.helpers.server import (
    World,
    count_rows,
    device_headers,
    enrol,
    observation,
    push,
    sign_in,
    upsert,
    user_headers,
)


def pull_all(client: TestClient, headers: dict[str, str], cursor: str | None = None,
             limit: int = 500) -> tuple[list[dict[str, Any]], str]:
    seen: list[dict[str, Any]] = []
    while True:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        response = client.get("/v1/pull", params=params, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        seen.extend(page["observations"])
        cursor = page["cursor"]
        if not page["has_more"]:
            return seen, cursor  # type: ignore[return-value]


def review(obs_id: str, base_rev: int, **changes: Any) -> dict[str, Any]:
    return {"id": new_id(), "op": "review.update", "observation_id": obs_id, "base_rev": base_rev,
            "changes": changes}


def test_a_pc_enrols_pushes_and_a_manager_pulls_and_answers(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    device = enrol(client, db, settings, world.store_a)
    pc = device_headers(device)
    obs = observation(author_id=world.users["emp_a"], team_id=world.team_a)
    [result] = push(client, pc, upsert(obs))
    assert result["status"] == "applied"
    stored = result["observation"]
    assert stored["store_id"] == world.store_a and stored["device_id"] == device["device_id"]
    assert stored["status"] == "new" and stored["rev"] == 1 and stored["received_at"]

    manager = user_headers(sign_in(client, "manager_a"))
    seen, cursor = pull_all(client, manager)
    assert [o["id"] for o in seen] == [obs["id"]]

    [answer] = push(client, manager, review(obs["id"], 1, status="action_taken",
                                            response="We opened a second till at lunchtime."))
    assert answer["status"] == "applied", answer
    assert answer["observation"]["responded_at"]

    # the PC hears back: "you said, we did"
    seen, _ = pull_all(client, pc)
    assert seen[-1]["response"] == "We opened a second till at lunchtime."
    assert seen[-1]["status"] == "action_taken" and seen[-1]["rev"] == 2
    # and the manager's next pull from the cursor has exactly the change
    again, _ = pull_all(client, manager, cursor)
    assert [o["rev"] for o in again] == [2]


def test_a_replayed_mutation_is_answered_already_applied_and_changes_nothing(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    mutation = upsert(observation(author_id=world.users["emp_a"]))
    [first] = push(client, pc, mutation)
    audit_before = count_rows(db, t.audit)
    [second] = push(client, pc, mutation)
    assert first["status"] == "applied"
    assert second["status"] == "already_applied"
    assert second["original_status"] == "applied"
    assert second["observation"] == first["observation"]
    assert count_rows(db, t.observations) == 1
    assert count_rows(db, t.audit) == audit_before


def test_one_bad_item_is_rejected_with_a_reason_and_the_rest_land(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    good1 = upsert(observation())
    empty_summary = upsert(observation(summary="   "))
    no_op = {"id": new_id(), "observation": observation()}
    not_an_object = "hello"
    wrong_type = upsert(observation(severity="very"))
    good2 = upsert(observation(kind="praise"))
    results = push(client, pc, good1, empty_summary, no_op, not_an_object, wrong_type, good2)
    assert [r["status"] for r in results] == [
        "applied", "rejected", "rejected", "rejected", "rejected", "applied"]
    assert "summary" in results[1]["reason"].lower()
    assert results[3]["mutation_id"] is None
    assert all(len(r["reason"]) > 20 for r in results[1:5])
    assert count_rows(db, t.observations) == 2


def test_a_card_number_in_the_text_is_stored_redacted_not_rejected(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    pc = device_headers(enrol(client, db, settings, world.store_a))
    [result] = push(client, pc, upsert(observation(details="Card 4111 1111 1111 1111 declined")))
    assert result["status"] == "applied"
    assert result["observation"]["details"] == "Card [card] declined"
    assert count_rows(db, t.observations) == 1


def test_authors_edit_while_new_and_get_a_conflict_once_review_started(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    obs = observation(author_id=world.users["emp_a"])
    push(client, pc, upsert(obs))
    [edit] = push(client, pc, upsert({**obs, "details": "Only one till was open."}))
    assert edit["status"] == "applied" and edit["observation"]["rev"] == 2
    manager = user_headers(sign_in(client, "manager_a"))
    push(client, manager, review(obs["id"], 2, status="acknowledged"))
    [late] = push(client, pc, upsert({**obs, "details": "Changed my mind"}))
    assert late["status"] == "conflict"
    assert late["observation"]["details"] == "Only one till was open."
    assert late["observation"]["status"] == "acknowledged"
    assert "review" in late["reason"].lower()


def test_a_stale_review_change_to_the_same_field_is_a_conflict_with_an_audit_entry(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    obs = observation(author_id=world.users["emp_a"])
    push(client, pc, upsert(obs))
    manager = user_headers(sign_in(client, "manager_a"))
    leader = user_headers(sign_in(client, "leader"))
    [first] = push(client, manager, review(obs["id"], 1, status="in_progress"))
    assert first["status"] == "applied"
    # the leader still saw rev 1: a different field merges, the same field conflicts
    [merged] = push(client, leader, review(obs["id"], 1, assignee_department="stock"))
    assert merged["status"] == "applied"
    assert merged["observation"]["status"] == "in_progress"
    assert merged["observation"]["assignee_department"] == "stock"
    [clash] = push(client, leader, review(obs["id"], 1, status="closed"))
    assert clash["status"] == "conflict"
    assert clash["observation"]["status"] == "in_progress"
    assert "status" in clash["reason"]
    with db.read() as conn:
        actions = conn.execute(select(t.audit.c.action).where(t.audit.c.observation_id == obs["id"])
                               .order_by(t.audit.c.id)).scalars().all()
    assert actions == ["created", "reviewed", "reviewed", "conflict"]


def test_review_rules_are_enforced_with_readable_reasons(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    obs = observation(author_id=world.users["emp_a"])
    push(client, pc, upsert(obs))
    manager = user_headers(sign_in(client, "manager_a"))
    [no_reason] = push(client, manager, review(obs["id"], 1, status="wont_act"))
    assert no_reason["status"] == "rejected" and "why" in no_reason["reason"].lower()
    [bad_dept] = push(client, manager, review(obs["id"], 1, assignee_department="nowhere"))
    assert bad_dept["status"] == "rejected"
    [by_pc] = push(client, pc, review(obs["id"], 1, status="closed"))
    assert by_pc["status"] == "rejected" and "manager" in by_pc["reason"]


def test_the_author_withdraws_before_review_only(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    first = observation(author_id=world.users["emp_a"])
    second = observation(author_id=world.users["emp_a"])
    push(client, pc, upsert(first), upsert(second))
    manager = user_headers(sign_in(client, "manager_a"))
    push(client, manager, review(second["id"], 1, status="acknowledged"))
    results = push(client, pc,
                   {"id": new_id(), "op": "observation.withdraw", "observation_id": first["id"]},
                   {"id": new_id(), "op": "observation.withdraw", "observation_id": second["id"]})
    assert results[0]["status"] == "applied"
    assert results[0]["observation"]["status"] == "withdrawn"
    assert results[1]["status"] == "conflict"


def test_pull_pages_through_every_change_once_in_order(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    ids = []
    for batch in range(3):
        obs = [observation(summary=f"Batch {batch} item {i}") for i in range(3)]
        ids += [o["id"] for o in obs]
        push(client, pc, *[upsert(o) for o in obs])
    seen, cursor = pull_all(client, pc, limit=2)
    assert sorted(o["id"] for o in seen) == sorted(ids)
    assert len(seen) == len(set(o["id"] for o in seen))
    nothing, same = pull_all(client, pc, cursor)
    assert nothing == [] and same == cursor


def test_an_idle_pull_returns_nothing_and_the_reference_version(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    page = client.get("/v1/pull", headers=pc).json()
    assert page["observations"] == [] and page["has_more"] is False
    assert page["reference_version"] >= 1


def test_reference_data_carries_pin_hashes_only_for_the_devices_own_store(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    data = client.get("/v1/reference", headers=pc).json()
    users = {u["username"]: u for u in data["users"]}
    assert users["emp_a"]["pin_hash"].startswith("$argon2")
    assert "emp_b" not in users
    assert {s["code"] for s in data["stores"]} == {"A1", "B1"}
    assert data["organisation"]["retention_days"] == 365
    assert any(c["code"] == "out_of_stock" for c in data["taxonomy"]["categories"])
    # a person signed in without an enrolled PC gets no PIN hashes at all
    manager = client.get("/v1/reference", headers=user_headers(sign_in(client, "manager_a"))).json()
    assert all(u.get("pin_hash") is None for u in manager["users"])


def test_me_names_the_device_and_the_user(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    device = enrol(client, db, settings, world.store_a)
    token = sign_in(client, "manager_a")
    me = client.get("/v1/me", headers={**device_headers(device), **user_headers(token)}).json()
    assert me["device_id"] == device["device_id"]
    assert me["user"]["username"] == "manager_a"
    assert me["store_id"] == world.store_a


def test_sign_out_ends_the_user_token(client: TestClient, world: World) -> None:
    headers = user_headers(sign_in(client, "manager_a"))
    assert client.post("/v1/sign-out", json={}, headers=headers).status_code == 200
    assert client.get("/v1/me", headers=headers).status_code == 401


def test_a_manager_issues_codes_for_their_store_only(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    manager = user_headers(sign_in(client, "manager_a"))
    ok = client.post("/v1/enrolment-codes", json={"store_id": world.store_a}, headers=manager)
    assert ok.status_code == 200
    device = client.post("/v1/enrol", json={"code": ok.json()["code"],
                                            "device_name": "Back office"}).json()
    assert device["store_id"] == world.store_a
    other = client.post("/v1/enrolment-codes", json={"store_id": world.store_b}, headers=manager)
    assert other.status_code == 403
    listed = client.get("/v1/devices", headers=manager).json()
    assert [d["id"] for d in listed] == [device["device_id"]]
    assert client.post(f"/v1/devices/{device['device_id']}/revoke",
                       headers=manager).status_code == 200
    assert client.get("/v1/me", headers=device_headers(device)).status_code == 401


def test_a_mutation_repeated_inside_one_batch_applies_once(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    mutation = upsert(observation())
    first, second = push(client, pc, mutation, mutation)
    assert (first["status"], second["status"]) == ("applied", "already_applied")
    assert count_rows(db, t.observations) == 1 and count_rows(db, t.applied_mutations) == 1


def test_create_then_edit_then_withdraw_in_one_batch_apply_in_order(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    obs = observation(author_id=world.users["emp_a"])
    other = observation(author_id=world.users["emp_a"])
    results = push(client, pc, upsert(obs), upsert({**obs, "details": "More"}), upsert(other),
                   {"id": new_id(), "op": "observation.withdraw", "observation_id": obs["id"]})
    assert [r["status"] for r in results] == ["applied"] * 4
    assert [r["observation"]["rev"] for r in results] == [1, 2, 1, 3]
    seen, _ = pull_all(client, pc)
    final = {o["id"]: o for o in seen}
    assert final[obs["id"]]["status"] == "withdrawn" and final[obs["id"]]["details"] == "More"
    assert final[other["id"]]["status"] == "new"


def test_an_id_longer_than_a_uuid_is_rejected_not_a_server_error(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    results = push(client, pc, upsert(observation()), upsert(observation(id="x" * 50)),
                   upsert(observation()))
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert count_rows(db, t.observations) == 2


def test_the_history_of_an_observation_lists_every_change_in_scope_only(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    obs = observation(author_id=world.users["emp_a"])
    push(client, pc, upsert(obs))
    manager = user_headers(sign_in(client, "manager_a"))
    push(client, manager, review(obs["id"], 1, status="acknowledged"))
    history = client.get(f"/v1/observations/{obs['id']}/history", headers=manager)
    assert history.status_code == 200
    entries = history.json()
    assert [e["action"] for e in entries] == ["created", "reviewed"]
    assert entries[1]["changes"] == {"status": ["new", "acknowledged"]}
    assert entries[1]["actor_user_id"] == world.users["manager_a"]
    other = user_headers(sign_in(client, "manager_b"))
    assert client.get(f"/v1/observations/{obs['id']}/history", headers=other).status_code == 404
