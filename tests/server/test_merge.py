"""Merging duplicates on the server (review.merge / review.unmerge): across stores for a
leader, every author kept and counted once, the original's answer given to every merged
author whoever answers, unmerge restoring what the observation was, and conflicts decided
by the server like any review change."""

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
    device_headers,
    enrol,
    observation,
    sign_in,
    upsert,
    user_headers,
)
from tests.server.test_sync_api import pull_all, push, review


def merge(obs_id: str, base_rev: int, into: str) -> dict[str, Any]:
    return {"id": new_id(), "op": "review.merge", "observation_id": obs_id, "base_rev": base_rev,
            "into": into}


def unmerge(obs_id: str, base_rev: int) -> dict[str, Any]:
    return {"id": new_id(), "op": "review.unmerge", "observation_id": obs_id, "base_rev": base_rev}


def row(db: Database, obs_id: str) -> Any:
    with db.read() as conn:
        return conn.execute(select(t.observations).where(t.observations.c.id == obs_id)).one()


def raise_in(client: TestClient, db: Database, settings: Settings, store_id: str,
             *authors: str | None) -> list[str]:
    """One observation per author (None: anonymous) from a PC of `store_id`."""
    pc = device_headers(enrol(client, db, settings, store_id))
    made = [observation(author_id=a) if a else observation(anonymous=True) for a in authors]
    results = push(client, pc, *(upsert(o) for o in made))
    assert [r["status"] for r in results] == ["applied"] * len(made)
    return [o["id"] for o in made]


def test_a_leader_merges_across_stores_counting_each_person_once(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    a1, a2, anon = raise_in(client, db, settings, world.store_a, world.users["emp_a"],
                            world.users["emp_a"], None)
    [b1] = raise_in(client, db, settings, world.store_b, world.users["emp_b"])
    leader = user_headers(sign_in(client, "leader"))
    results = push(client, leader, merge(a2, 1, a1), merge(anon, 1, a1), merge(b1, 1, a2))
    assert [r["status"] for r in results] == ["applied"] * 3, results
    # b1 named a duplicate: it joins the original; emp_a twice is one person
    assert {i: (row(db, i).duplicate_of, row(db, i).raised_by) for i in (a1, a2, anon, b1)} == {
        a1: (None, 3), a2: (a1, 3), anon: (a1, 3), b1: (a1, 3)}
    # the store B manager pulls their observation with the family's count, never A's
    manager_b = user_headers(sign_in(client, "manager_b"))
    pulled, _ = pull_all(client, manager_b)
    assert {o["id"]: o["raised_by"] for o in pulled if o["id"] in (a1, b1)} == {b1: 3}


def test_a_store_manager_cannot_merge_into_another_stores_observation(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    [a1] = raise_in(client, db, settings, world.store_a, world.users["emp_a"])
    [b1] = raise_in(client, db, settings, world.store_b, world.users["emp_b"])
    manager_a = user_headers(sign_in(client, "manager_a"))
    [result] = push(client, manager_a, merge(a1, 1, b1))
    assert result["status"] == "rejected" and "outside what you review" in result["reason"]
    assert (row(db, a1).status, row(db, a1).duplicate_of, row(db, b1).raised_by) == ("new", None, 1)


def test_the_answer_reaches_every_merged_author_whoever_answers_and_merging_later_takes_it(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    a1, a2, a3 = raise_in(client, db, settings, world.store_a, world.users["emp_a"],
                          world.users["emp_a2"], None)
    [b1] = raise_in(client, db, settings, world.store_b, world.users["emp_b"])
    leader = user_headers(sign_in(client, "leader"))
    push(client, leader, merge(b1, 1, a1), merge(a2, 1, a1))
    manager_a = user_headers(sign_in(client, "manager_a"))  # answers; merged nothing
    [answered] = push(client, manager_a, review(a1, row(db, a1).rev, status="action_taken",
                                                response="A second till opens at noon."))
    assert answered["status"] == "applied"
    for obs_id in (b1, a2):
        assert row(db, obs_id).response == "A second till opens at noon."
        assert row(db, obs_id).status == "duplicate"
    # merged after the answer: it takes the answer at once
    [late] = push(client, manager_a, merge(a3, 1, a1))
    assert late["observation"]["response"] == "A second till opens at noon."
    # store B's PC pulls its author's observation with the answer
    pc_b = device_headers(enrol(client, db, settings, world.store_b))
    pulled, _ = pull_all(client, pc_b)
    [mine] = [o for o in pulled if o["id"] == b1]
    assert (mine["status"], mine["response"], mine["raised_by"]) == (
        "duplicate", "A second till opens at noon.", 4)
    with db.read() as conn:
        actions = conn.execute(select(t.audit.c.action).where(t.audit.c.observation_id == b1)
                               .order_by(t.audit.c.id)).scalars().all()
    assert actions == ["created", "merged", "answered"]


def test_unmerge_restores_status_and_answer_and_takes_its_own_duplicates_along(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    a1, a2, a3 = raise_in(client, db, settings, world.store_a, world.users["emp_a"],
                          world.users["emp_a2"], None)
    manager = user_headers(sign_in(client, "manager_a"))
    push(client, manager, review(a2, 1, status="in_progress"), merge(a3, 1, a2))
    push(client, manager, review(a1, 1, response="We fixed the door."))
    [merged] = push(client, manager, merge(a2, row(db, a2).rev, a1))
    assert merged["status"] == "applied"
    assert (row(db, a3).duplicate_of, row(db, a1).raised_by) == (a2, 3)  # a3 stays under a2
    assert row(db, a3).response == row(db, a2).response == "We fixed the door."

    [undone] = push(client, manager, unmerge(a2, row(db, a2).rev))
    assert undone["status"] == "applied"
    assert (row(db, a2).status, row(db, a2).duplicate_of, row(db, a2).response) == (
        "in_progress", None, "")
    assert (row(db, a1).raised_by, row(db, a2).raised_by, row(db, a3).raised_by) == (1, 2, 2)
    assert row(db, a3).duplicate_of == a2


def test_merging_is_refused_with_a_reason_when_it_cannot_hold(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    a1, a2 = raise_in(client, db, settings, world.store_a, world.users["emp_a"],
                      world.users["emp_a2"])
    manager = user_headers(sign_in(client, "manager_a"))
    push(client, manager, merge(a2, 1, a1))
    refused = push(client, manager, merge(a1, 1, a2), merge(a1, 1, a1),
                   review(a1, 1, status="duplicate"), merge(a1, 1, new_id()))
    assert [r["status"] for r in refused] == ["rejected"] * 4
    assert "its own duplicates" in refused[0]["reason"]
    assert "itself" in refused[1]["reason"]
    assert "review.merge" in refused[2]["reason"]
    assert "not on the server" in refused[3]["reason"]
    assert (row(db, a1).status, row(db, a1).duplicate_of) == ("new", None)


def test_two_reviewers_offline_merge_and_change_status_the_first_wins_visibly(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    a1, a2 = raise_in(client, db, settings, world.store_a, world.users["emp_a"],
                      world.users["emp_a2"])
    manager = user_headers(sign_in(client, "manager_a"))
    leader = user_headers(sign_in(client, "leader_a"))
    [first] = push(client, manager, review(a2, 1, status="in_progress"))
    assert first["status"] == "applied"
    [second] = push(client, leader, merge(a2, 1, a1))  # the leader still saw rev 1
    assert second["status"] == "conflict" and "status" in second["reason"]
    assert second["observation"]["status"] == "in_progress"
    assert (row(db, a2).duplicate_of, row(db, a1).raised_by) == (None, 1)


def test_erasing_a_merged_observation_counts_its_family_again_and_merging_still_works(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    from datetime import UTC, datetime

    from frontline.server.retention import erase_observation

    a1, a2, a3, a4 = raise_in(client, db, settings, world.store_a, world.users["emp_a"],
                              world.users["emp_a2"], None, None)
    manager = user_headers(sign_in(client, "manager_a"))
    push(client, manager, merge(a2, 1, a1), merge(a3, 1, a1))
    assert row(db, a1).raised_by == 3
    with db.write() as conn:  # an erasure request for a2's text
        erase_observation(conn, world.org_id, a2, now=datetime.now(UTC))
    assert (row(db, a1).raised_by, row(db, a3).raised_by) == (2, 2)
    with db.write() as conn:  # and then for the original itself
        erase_observation(conn, world.org_id, a1, now=datetime.now(UTC))
    assert row(db, a3).raised_by == 1  # on its own again (still marked a duplicate)
    # merging into the orphaned duplicate lands on it: no error about the missing original
    [result] = push(client, manager, merge(a4, 1, a3))
    assert result["status"] == "applied", result
    assert (row(db, a4).duplicate_of, row(db, a3).raised_by) == (a3, 2)
