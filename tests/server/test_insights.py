"""GET /v1/insights on SQLite and PostgreSQL: the right numbers on a small known dataset,
each role's scope, anonymity of quotes, and readable answers to bad parameters."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from frontline.core.ids import new_id
from frontline.server import tables as t
from frontline.server.db import Database
from frontline.server.settings import Settings
from tests.helpers.server import (
    World,
    device_headers,
    enrol,
    observation,
    publish_held,
    sign_in,
    upsert,
    user_headers,
)

RANGE = {"since": "2026-11-01", "until": "2026-11-15"}


def put(db: Database, world: World, store: str, observed: str, kind: str, category: str | None,
        status: str, *, words: str = "", responded: str | None = None, author: str | None = None,
        switch_risk: bool = False, channel: str = "in_store", customer_type: str = "existing",
        department: str | None = None) -> str:
    """One observation written straight into the server's table (times are chosen, which
    a push would not allow: the server stamps the answer time)."""
    obs_id = new_id()
    with db.write() as conn:
        conn.execute(insert(t.observations).values(
            id=obs_id, org_id=world.org_id, version=1, rev=1, observed_at=observed,
            received_at=observed, updated_at=observed, kind=kind, summary=f"{kind} {category}",
            customer_words=words, channel=channel, customer_type=customer_type,
            category=category, department=department, switch_risk=switch_risk,
            store_id=store, author_id=world.users[author] if author else None,
            anonymous=author is None, status=status,
            response="We changed it." if responded else "", responded_at=responded))
    return obs_id


@pytest.fixture
def known(db: Database, world: World) -> World:
    """Seven observations counted between 1 and 15 November, two that are not."""
    a, b = world.store_a, world.store_b
    put(db, world, a, "2026-11-02T09:00:00.000Z", "pain_point", "queue_wait", "action_taken",
        words="I waited twenty minutes", responded="2026-11-04T09:00:00.000Z", author="emp_a",
        switch_risk=True, department="store_ops")
    put(db, world, a, "2026-11-03T10:00:00.000Z", "pain_point", "queue_wait", "new",
        words="Too slow, every time", department="store_ops")
    put(db, world, a, "2026-11-10T09:00:00.000Z", "praise", "staff_knowledge", "closed",
        responded="2026-11-11T09:00:00.000Z", author="emp_a2", department="hr")
    put(db, world, a, "2026-11-11T12:00:00.000Z", "pain_point", "queue_wait", "duplicate",
        words="Same queue again", responded="2026-11-12T12:00:00.000Z", author="emp_a",
        department="store_ops")
    put(db, world, a, "2026-11-12T08:00:00.000Z", "idea", None, "wont_act", words="Open earlier",
        author="emp_a")
    put(db, world, a, "2026-11-13T08:00:00.000Z", "pain_point", "queue_wait", "withdrawn",
        words="withdrawn words", author="emp_a", department="store_ops")
    put(db, world, a, "2026-10-20T08:00:00.000Z", "pain_point", "queue_wait", "new",
        words="too early to count", author="emp_a", department="store_ops")
    put(db, world, b, "2026-11-05T15:00:00.000Z", "pain_point", "queue_wait", "in_progress",
        words="Store B secret words", author="emp_b", switch_risk=True, channel="phone",
        department="store_ops")
    put(db, world, b, "2026-11-06T15:00:00.000Z", "pain_point", "out_of_stock", "acknowledged",
        author="emp_b", customer_type="former", department="stock")
    return world


def ask(client: TestClient, who: str, **params: Any) -> Any:
    token = sign_in(client, who)
    return client.get("/v1/insights", params={**RANGE, **params}, headers=user_headers(token))


def themes(doc: dict[str, Any]) -> dict[tuple[str | None, str], int]:
    return {(th["category"], th["kind"]): th["count"] for th in doc["themes"]}


def test_an_admin_sees_every_store_counted_right(client: TestClient, known: World) -> None:
    response = ask(client, "admin")
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["scope"] == {"role": "admin", "label": "Whole organisation", "stores": 2}
    assert doc["total"] == 7  # not the withdrawn one, not the one before the range
    assert doc["switch_risk"] == 2 and doc["switch_risk_share"] == round(2 / 7, 4)
    assert themes(doc) == {("queue_wait", "pain_point"): 4, ("staff_knowledge", "praise"): 1,
                           (None, "idea"): 1, ("out_of_stock", "pain_point"): 1}
    top = doc["themes"][0]
    assert (top["category"], top["switch_risk"], top["answered"]) == ("queue_wait", 2, 2)
    assert {s["code"]: s["count"] for s in doc["stores"]} == {"A1": 5, "B1": 2}
    store_a = next(s for s in doc["stores"] if s["code"] == "A1")
    assert (store_a["answered"], store_a["action_taken"], store_a["open"]) == (3, 1, 1)
    assert store_a["region"] == "North"
    assert {d["department"]: d["count"] for d in doc["departments"]} == {
        "store_ops": 4, "hr": 1, None: 1, "stock": 1}
    # weeks start on Monday: 1 November 2026 is a Sunday
    assert [(w["week"], w["count"], w["pain_point"], w["praise"], w["idea"], w["switch_risk"])
            for w in doc["weeks"]] == [("2026-10-26", 0, 0, 0, 0, 0),
                                        ("2026-11-02", 4, 4, 0, 0, 2),
                                        ("2026-11-09", 3, 1, 1, 1, 0)]


def test_close_the_loop_counts_decisions_not_duplicates(client: TestClient, known: World) -> None:
    loop = ask(client, "admin").json()["loop"]
    # six decided on (seven counted, one is a duplicate); answered: 48 h and 24 h
    assert loop == {
        "decided_on": 6, "answered": 2, "answered_share": round(2 / 6, 4),
        "action_taken": 1, "action_taken_share": round(1 / 6, 4),
        "closed": 1, "closed_share": round(1 / 6, 4),
        "wont_act": 1, "wont_act_share": round(1 / 6, 4),
        "open": 3, "open_share": 0.5, "duplicates": 1,
        "median_days_to_answer": 1.5,
    }


def test_quotes_are_the_largest_themes_words_newest_first_without_authors(
        client: TestClient, known: World) -> None:
    doc = ask(client, "admin").json()
    assert doc["quotes_category"] == "queue_wait"
    assert [q["words"] for q in doc["quotes"]] == [
        "Same queue again", "Store B secret words", "Too slow, every time",
        "I waited twenty minutes"]
    assert doc["quotes"][1] == {"words": "Store B secret words", "observed_on": "2026-11-05",
                                "store": "Beta Road", "kind": "pain_point", "channel": "phone",
                                "customer_type": "existing", "switch_risk": True, "severity": None}
    body = ask(client, "admin").text
    assert [q["words"] for q in ask(client, "admin", category="uncategorised").json()["quotes"]] \
        == ["Open earlier"]
    for user_id in known.users.values():  # no author, named or not, anywhere in the answer
        assert user_id not in body
    assert "emp_a" not in body
    assert len(ask(client, "admin", quotes="2").json()["quotes"]) == 2
    assert ask(client, "admin", quotes="0").json()["quotes"] == []


def test_a_manager_never_sees_another_stores_counts_or_quotes(client: TestClient,
                                                              known: World) -> None:
    doc = ask(client, "manager_a").json()
    assert doc["scope"] == {"role": "manager", "label": "Store Alpha Street", "stores": 1}
    assert doc["total"] == 5
    assert [s["code"] for s in doc["stores"]] == ["A1"]
    assert themes(doc)[("queue_wait", "pain_point")] == 3
    assert ("out_of_stock", "pain_point") not in themes(doc)
    words = [q["words"] for q in doc["quotes"]]
    assert words == ["Same queue again", "Too slow, every time", "I waited twenty minutes"]
    response = ask(client, "manager_a", store=known.store_b)
    assert response.status_code == 403
    assert "Store B secret words" not in response.text
    other = ask(client, "manager_b", category="queue_wait").json()
    assert other["total"] == 2 and [q["words"] for q in other["quotes"]] == ["Store B secret words"]


def test_a_regional_leader_sees_their_region_and_an_unassigned_leader_the_organisation(
        client: TestClient, known: World) -> None:
    north = ask(client, "leader_a").json()
    assert north["scope"] == {"role": "leader", "label": "Region North", "stores": 1}
    assert north["total"] == 5 and "Store B secret words" not in str(north)
    assert ask(client, "leader").json()["total"] == 7


def test_filters_narrow_every_figure(client: TestClient, known: World) -> None:
    assert ask(client, "admin", kind="praise").json()["total"] == 1
    phone = ask(client, "admin", channel="phone").json()
    assert phone["total"] == 1 and [s["code"] for s in phone["stores"]] == ["B1"]
    assert ask(client, "admin", customer_type="former").json()["total"] == 1
    only_b = ask(client, "admin", store=known.store_b).json()
    assert only_b["total"] == 2 and only_b["filters"]["store"] == known.store_b
    empty = ask(client, "admin", since="2020-01-01", until="2020-01-31").json()
    assert empty["total"] == 0 and empty["themes"] == [] and empty["quotes"] == []
    assert empty["loop"]["answered_share"] is None
    assert empty["loop"]["median_days_to_answer"] is None


def test_employees_and_pcs_are_refused(client: TestClient, db: Database, settings: Settings,
                                       known: World) -> None:
    response = ask(client, "emp_a")
    assert response.status_code == 403
    assert "managers, leaders and admins" in response.json()["message"]
    pc = device_headers(enrol(client, db, settings, known.store_a))
    response = client.get("/v1/insights", params=RANGE, headers=pc)
    assert response.status_code == 403
    assert client.get("/v1/insights", params=RANGE).status_code == 401


@pytest.mark.parametrize(("params", "status", "says"), [
    ({"since": None}, 422, "since"),
    ({"since": "yesterday"}, 400, "YYYY-MM-DD"),
    ({"until": "2026-02-30"}, 400, "YYYY-MM-DD"),
    ({"since": "2026-11-15", "until": "2026-11-01"}, 400, "swap"),
    ({"since": "9999-12-30", "until": "9999-12-31"}, 400, "between 1900 and 2999"),
    ({"since": "0001-01-01", "until": "0001-01-02"}, 400, "between 1900 and 2999"),
    ({"since": "2020-01-01", "until": "2026-11-01"}, 400, "at most"),
    ({"kind": "complaint"}, 400, "pain_point"),
    ({"channel": "fax"}, 400, "`channel`"),
    ({"customer_type": "vip"}, 400, "`customer_type`"),
    ({"category": "nonsense"}, 400, "`category`"),
    ({"quotes": "999"}, 400, "0 to 50"),
    ({"quotes": "-1"}, 400, "0 to 50"),
    ({"quotes": "²"}, 400, "0 to 50"),
    ({"store": "x" * 37}, 400, "store id"),
    ({"store": new_id()}, 403, "not one whose insights"),
])
def test_bad_parameters_get_a_readable_answer(client: TestClient, known: World,
                                              params: dict[str, Any], status: int,
                                              says: str) -> None:
    token = sign_in(client, "admin")
    query = {k: v for k, v in {**RANGE, **params}.items() if v is not None}
    response = client.get("/v1/insights", params=query, headers=user_headers(token))
    assert response.status_code == status, response.text
    assert says in response.json()["message"]


def test_what_a_pc_pushes_and_a_manager_answers_shows_up(client: TestClient, db: Database,
                                                        settings: Settings, world: World) -> None:
    """End to end through the sync API: an anonymous quote stays anonymous, an answer counts."""
    pc = device_headers(enrol(client, db, settings, world.store_a))
    named = observation(observed_at="2026-11-10T09:00:00.000Z", category="queue_wait",
                        author_id=world.users["emp_a"], customer_words="Named words")
    anonymous = observation(observed_at="2026-11-10T10:00:00.000Z", category="queue_wait",
                            anonymous=True, customer_words="Anonymous words")
    pushed = client.post("/v1/push", headers=pc, json={"mutations": [upsert(named),
                                                                     upsert(anonymous)]})
    assert [r["status"] for r in pushed.json()["results"]] == ["applied", "applied"]
    publish_held(db)  # the anonymous one is published at the next hour (docs/privacy.md)
    manager = user_headers(sign_in(client, "manager_a"))
    answer = {"id": new_id(), "op": "review.update", "observation_id": named["id"], "base_rev": 1,
              "changes": {"status": "action_taken", "response": "Second till opened."}}
    result = client.post("/v1/push", headers=manager, json={"mutations": [answer]}).json()
    assert result["results"][0]["status"] == "applied"
    response = client.get("/v1/insights", params=RANGE, headers=manager)
    doc = response.json()
    assert doc["total"] == 2 and doc["loop"]["answered"] == 1 and doc["loop"]["action_taken"] == 1
    assert {q["words"] for q in doc["quotes"]} == {"Named words", "Anonymous words"}
    assert world.users["emp_a"] not in response.text and named["id"] not in response.text
