"""Item-level validation (issue #19): every problem with one item of a push is that item's
rejection with a reason, never a 500 for the batch; ids are UUIDs; times stay in range
and in a plausible window; texts are cleaned once at the edge; ints from a request are
ASCII digits only; every audit action the server writes can be read back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from frontline.core.ids import new_id
from frontline.core.vocabulary import AUDIT_ACTIONS
from frontline.server import retention
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


@pytest.fixture
def pc(client: TestClient, db: Database, settings: Settings, world: World) -> dict[str, str]:
    return device_headers(enrol(client, db, settings, world.store_a))


def push(client: TestClient, headers: dict[str, str], *items: Any) -> list[dict[str, Any]]:
    response = client.post("/v1/push", headers=headers, json={"mutations": list(items)})
    assert response.status_code == 200, response.text
    return response.json()["results"]  # type: ignore[no-any-return]


def lands_alone(client: TestClient, pc: dict[str, str], bad: dict[str, Any]) -> str:
    """Push `bad` between two good items: the good ones apply, `bad` is rejected; its reason."""
    good1, good2 = upsert(observation()), upsert(observation())
    results = push(client, pc, good1, bad, good2)
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"], results
    assert results[1]["reason"]
    return str(results[1]["reason"])


# --- 2: a time that leaves the representable range after conversion to UTC ----------


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59.999-01:00",
                                  "0001-01-01T00:00:00.000+01:00",
                                  "9999-12-31T23:59:59.999999-23:59"])
def test_a_time_out_of_range_in_utc_is_rejected_alone(
        client: TestClient, pc: dict[str, str], when: str) -> None:
    reason = lands_alone(client, pc, upsert(observation(observed_at=when)))
    assert "time" in reason.lower()


@pytest.mark.parametrize("nasty", ["NUL \x00 in text", "lone \ud800 surrogate"])
def test_unstorable_text_in_one_item_rejects_that_item_alone(
        client: TestClient, pc: dict[str, str], nasty: str) -> None:
    import json

    body = json.dumps({"mutations": [upsert(observation()), upsert(observation(summary=nasty)),
                                     upsert(observation())]})
    response = client.post("/v1/push", content=body.encode(), headers={
        **pc, "Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert "NUL" in results[1]["reason"] or "surrogate" in results[1]["reason"]


def test_a_number_too_large_to_read_rejects_its_item_alone(client: TestClient,
                                                           pc: dict[str, str]) -> None:
    import json

    body = json.dumps({"mutations": [upsert(observation()), upsert(observation(severity=7)),
                                     upsert(observation())]}).replace('"severity": 7',
                                                                      '"severity": ' + "9" * 5000)
    response = client.post("/v1/push", content=body.encode(), headers={
        **pc, "Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == ["applied", "rejected", "applied"]


# --- 6: the plausibility window of observed_at --------------------------------------


@pytest.mark.parametrize("when", ["1999-12-31T23:59:59.999Z", "9999-01-01T00:00:00.000Z",
                                  "2200-05-01T10:00:00.000Z"])
def test_an_observed_at_outside_the_window_is_rejected_alone(
        client: TestClient, pc: dict[str, str], when: str) -> None:
    reason = lands_alone(client, pc, upsert(observation(observed_at=when)))
    assert "2000" in reason or "future" in reason, reason


def test_an_observed_at_inside_the_window_is_accepted(client: TestClient, pc: dict[str, str]
                                                      ) -> None:
    for when in ("2000-01-01T00:00:00.000Z", datetime.now(UTC).isoformat()):
        [result] = push(client, pc, upsert(observation(observed_at=when)))
        assert result["status"] == "applied", result


# --- 5: ids are canonical UUIDs -------------------------------------------------------


BAD_IDS = ["../../etc/passwd", "=HYPERLINK(\"http://x\")", "0190F000-0000-7000-8000-000000000000",
           "{0190f000-0000-7000-8000-000000000000}", "0190f0000000700080000000000000000",
           "x' OR '1'='1", " 0190f000-0000-7000-8000-00000000000"]


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize("field", ["id", "team_id", "store_id", "author_id", "device_id",
                                   "duplicate_of"])
def test_every_id_field_of_an_upsert_must_be_a_uuid(
        client: TestClient, pc: dict[str, str], field: str, bad: str) -> None:
    reason = lands_alone(client, pc, upsert(observation(**{field: bad})))
    assert field in reason


@pytest.mark.parametrize("bad", BAD_IDS[:2])
def test_mutation_ids_and_referenced_ids_must_be_uuids(
        client: TestClient, pc: dict[str, str], bad: str) -> None:
    lands_alone(client, pc, upsert(observation(), mutation_id=bad))
    lands_alone(client, pc, {"id": new_id(), "op": "observation.withdraw", "observation_id": bad})
    lands_alone(client, pc, {"id": new_id(), "op": "review.merge", "observation_id": new_id(),
                             "base_rev": 1, "into": bad})


def test_path_ids_must_be_uuids(client: TestClient, world: World) -> None:
    manager = user_headers(sign_in(client, "manager_a"))
    for path in ("/v1/observations/..%2F..%2Fetc/history", "/v1/observations/%EF%BC%91/history",
                 "/v1/observations/=HYPERLINK(1)/history"):
        assert client.get(path, headers=manager).status_code in (400, 404, 422), path
    response = client.post("/v1/devices/not-a-uuid/revoke", headers=manager, json={})
    assert response.status_code in (400, 404, 422)


# --- 7: review texts and device names are cleaned -------------------------------------


def test_review_texts_are_cleaned_of_control_characters(
        client: TestClient, db: Database, pc: dict[str, str], world: World) -> None:
    obs = observation()
    push(client, pc, upsert(obs))
    manager = user_headers(sign_in(client, "manager_a"))
    [result] = push(client, manager, {
        "id": new_id(), "op": "review.update", "observation_id": obs["id"], "base_rev": 1,
        "changes": {"status": "wont_act", "wont_act_reason": "No\x1b[31m budget\x07",
                    "response": "We\x1b]0;pwned\x07 heard you\u200b\r\n", "escalated": True,
                    "escalation_note": "Cafe\u0301\x9b2J"}})
    assert result["status"] == "applied", result
    with db.read() as conn:
        row = conn.execute(select(t.observations).where(t.observations.c.id == obs["id"])).one()
    assert row.wont_act_reason == "No[31m budget"
    assert row.response == "We]0;pwned heard you"
    assert row.escalation_note == "Caf\u00e92J"


def test_a_device_name_is_cleaned(client: TestClient, db: Database, settings: Settings,
                                  world: World) -> None:
    enrol(client, db, settings, world.store_a, name="Till\x1b[2J\x1b]0;evil\x07 PC\u0085")
    with db.read() as conn:
        [name] = conn.execute(select(t.devices.c.name)).scalars().all()
    assert name == "Till[2J]0;evil PC"


# --- 4: ints from a request are ASCII digits -----------------------------------------


@pytest.mark.parametrize("cursor", ["v\u00b2", "v\uff11", "v\u0661", "v1_0", "v+1", "v 1",
                                    "v-1", "v1:\u0661"])
def test_a_cursor_with_other_digits_is_a_400(client: TestClient, pc: dict[str, str],
                                            cursor: str) -> None:
    response = client.get("/v1/pull", params={"cursor": cursor}, headers=pc)
    assert response.status_code == 400, response.text


@pytest.mark.parametrize("limit", ["\uff15", "\u0665", "5_0", "+5", " 5", "\u00b2", "5.0",
                                   "99999999999999999999999"])
def test_a_limit_with_other_digits_is_refused(client: TestClient, pc: dict[str, str],
                                             limit: str) -> None:
    response = client.get("/v1/pull", params={"limit": limit}, headers=pc)
    assert response.status_code in (400, 422), response.text


@pytest.mark.parametrize("version", ["1_0", "+1", " 1 ", "0x1", "1.0"])
def test_a_protocol_header_with_other_digits_is_refused(client: TestClient, pc: dict[str, str],
                                                       version: str) -> None:
    response = client.get("/v1/pull", headers={**pc, "X-Frontline-Protocol": version})
    assert response.status_code in (400, 426), response.text


def test_insights_numbers_are_ascii_digits(client: TestClient, world: World) -> None:
    manager = user_headers(sign_in(client, "manager_a"))
    for params in ({"since": "2026-01-01", "until": "2026-12-31", "quotes": "\uff15"},
                   {"since": "2026-01-01", "until": "2026-12-31", "quotes": "1_0"},
                   {"since": "\uff12\uff10\uff12\uff16-01-01", "until": "2026-12-31"},
                   {"since": "20260101", "until": "2026-12-31"},
                   {"since": "2026-W01-1", "until": "2026-12-31"},
                   {"since": "2026-01-01", "until": "2026-12-31", "store": "../../etc"},
                   {"since": "2026-01-01", "until": "2026-12-31", "store": "=HYPERLINK(1)"}):
        response = client.get("/v1/insights", params=params, headers=manager)
        assert response.status_code in (400, 422), (params, response.text)


# --- 3: every audit action can be read back -------------------------------------------


def test_history_after_strip_text_is_readable(client: TestClient, db: Database,
                                              pc: dict[str, str], world: World) -> None:
    obs = observation(observed_at="2025-01-10T09:00:00.000Z")
    push(client, pc, upsert(obs))
    with db.write() as conn:
        retention.set_retention(conn, world.org_id, days=365, action="strip_text")
    assert retention.apply_retention(db.write, now=datetime.now(UTC))["stripped"] == 1
    for who in ("manager_a", "admin"):
        response = client.get(f"/v1/observations/{obs['id']}/history",
                              headers=user_headers(sign_in(client, who)))
        assert response.status_code == 200, response.text
        assert [e["action"] for e in response.json()] == ["created", "text_removed"]


def test_every_audit_action_is_readable(client: TestClient, db: Database, pc: dict[str, str],
                                        world: World) -> None:
    obs = observation()
    push(client, pc, upsert(obs))
    with db.write() as conn:
        conn.execute(insert(t.audit), [
            {"org_id": world.org_id, "observation_id": obs["id"], "rev": 1, "version": 1,
             "at": "2026-11-23T12:00:00.000Z", "actor_user_id": None, "actor_role": None,
             "device_id": None, "action": action, "mutation_id": None, "changes": {}}
            for action in AUDIT_ACTIONS])
    response = client.get(f"/v1/observations/{obs['id']}/history",
                          headers=user_headers(sign_in(client, "manager_a")))
    assert response.status_code == 200, response.text
    assert {e["action"] for e in response.json()} == set(AUDIT_ACTIONS)


def test_the_server_writes_only_known_audit_actions() -> None:
    """Every `action="..."` literal in the server's code is in `AUDIT_ACTIONS`."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "frontline" / "server"
    pattern = re.compile(r'"action":\s*"(\w+)"|\baction="(\w+)"')
    written = {a or b for path in root.rglob("*.py") for a, b in pattern.findall(path.read_text())}
    written -= {"version", "store_true", "store_false", "append"}  # argparse's
    assert written and written <= set(AUDIT_ACTIONS), written - set(AUDIT_ACTIONS)
