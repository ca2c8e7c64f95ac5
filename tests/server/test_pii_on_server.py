"""Customer personal data, checked again on the server (issue 12): every free text of every
push (new observations, author edits, reviewers' texts) is stored redacted, never refused
for it; the push result says what was stored; the organisation's staff are not customers;
what was redacted is counted in /metrics and in the change's audit entry (counts only);
the organisation's `pii_policy` reaches the PCs and does not change what the server does.
On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from frontline.core.ids import new_id
from frontline.core.model import SEGMENT_MAX
from frontline.core.vocabulary import FREE_TEXT_FIELDS
from frontline.server import admin, migrate
from frontline.server import tables as t
from frontline.server.cli import main
from frontline.server.db import Database
from frontline.server.privacy import Redactor, pii_policy_of, set_pii_policy
from frontline.server.settings import Settings
from frontline.sync.protocol import PUSH_RESULTS_HEADER, PUSH_RESULTS_SHORT
from tests.helpers.server import (
    NOW,
    World,
    device_headers,
    enrol,
    observation,
    sign_in,
    upsert,
    user_headers,
)

#: One customer's personal data, a piece in each author text.
AUTHOR_TEXTS = {
    "summary": "Mrs Maria Nowak wants a call on +44 20 7946 0018",
    "details": "Her e-mail is jane.doe@example.com; she lives at 12 High Street in town",
    "customer_words": "Refund to GB82 WEST 1234 5698 7654 32 please",
    "action_taken": "Card 4111 1111 1111 1111 declined twice, paid cash",
    "suggestion": "Write to jane.doe@example.com when it is back",
    "customer_segment": "Maria Nowak's family",
}
REDACTED = {
    "summary": "Mrs [name] wants a call on [phone]",
    "details": "Her e-mail is [email]; she lives at [address] in town",
    "customer_words": "Refund to [iban] please",
    "action_taken": "Card [card] declined twice, paid cash",
    "suggestion": "Write to [email] when it is back",
    "customer_segment": "[name]'s family",
}
REVIEW_TEXTS = {
    "response": "We called Mrs Maria Nowak back on +44 20 7946 0018.",
    "escalation_note": "Her card 4111 1111 1111 1111 was charged twice",
    "wont_act_reason": "Asked jane.doe@example.com to use the web form",
}
#: Pieces of the personal data above that must be nowhere on the server.
SECRETS = ("Nowak", "7946 0018", "79460018", "jane.doe", "example.com", "4111 1111",
           "4111111111111111", "GB82", "WEST 1234", "High Street")


def push(client: TestClient, headers: dict[str, str],
         *mutations: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post("/v1/push", json={"mutations": list(mutations)}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["results"]  # type: ignore[no-any-return]


def review(obs_id: str, base_rev: int, **changes: Any) -> dict[str, Any]:
    return {"id": new_id(), "op": "review.update", "observation_id": obs_id,
            "base_rev": base_rev, "changes": changes}


def stored(db: Database, obs_id: str) -> Any:
    with db.read() as conn:
        return conn.execute(select(t.observations).where(t.observations.c.id == obs_id)).one()


def audit_of(db: Database, obs_id: str) -> list[Any]:
    with db.read() as conn:
        return list(conn.execute(select(t.audit).where(t.audit.c.observation_id == obs_id)
                                 .order_by(t.audit.c.id)).all())


def everything(db: Database) -> str:
    """Every row of every server table, as one text."""
    out = []
    with db.read() as conn:
        for table in t.metadata.sorted_tables:
            for row in conn.execute(select(table)).mappings():
                out.append(json.dumps({k: str(v) for k, v in row.items()}, ensure_ascii=False))
    return "\n".join(out)


def assert_no_secret(text_: str) -> None:
    found = [s for s in SECRETS if s in text_]
    assert not found, f"personal data on the server: {found}"


# --- what is stored, and what the PC is told ------------------------------------------


def test_every_author_text_of_a_new_observation_is_stored_redacted_and_the_result_says_so(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    pc = device_headers(enrol(client, db, settings, world.store_a))
    obs = observation(author_id=world.users["emp_a"], **AUTHOR_TEXTS)
    clean = observation(summary="Queue at the till, order 2024-118873 late")
    [result, other] = push(client, pc, upsert(obs), upsert(clean))
    assert result["status"] == other["status"] == "applied"
    row = stored(db, obs["id"])
    for field, expected in REDACTED.items():
        assert getattr(row, field) == expected, field
        assert result["observation"][field] == expected, field
    assert stored(db, clean["id"]).summary == clean["summary"]  # order numbers stay
    [created] = audit_of(db, obs["id"])
    assert created.action == "created" and created.changes == {}
    assert created.redactions == {
        "summary": {"NAME": 1, "PHONE": 1}, "details": {"EMAIL": 1, "ADDRESS": 1},
        "customer_words": {"IBAN": 1}, "action_taken": {"CARD": 1},
        "suggestion": {"EMAIL": 1}, "customer_segment": {"NAME": 1}}
    assert audit_of(db, clean["id"])[0].redactions is None
    assert_no_secret(everything(db))


def test_a_short_result_carries_the_redacted_texts_in_changed(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    pc = {**device_headers(enrol(client, db, settings, world.store_a)),
          PUSH_RESULTS_HEADER: PUSH_RESULTS_SHORT}
    obs = observation(**AUTHOR_TEXTS)
    clean = observation()
    [result, plain] = push(client, pc, upsert(obs), upsert(clean))
    assert result["accepted"]["changed"] == REDACTED  # only the texts the server changed
    assert "changed" not in plain["accepted"]
    # a replay gets the same answer, and the stored answer holds no personal data either
    [again] = push(client, pc, upsert(obs, result["mutation_id"]))
    assert again["status"] == "already_applied" and again["accepted"]["changed"] == REDACTED
    assert_no_secret(everything(db))


def test_an_author_edit_is_stored_redacted_and_only_its_counts_are_audited(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    pc = device_headers(enrol(client, db, settings, world.store_a))
    obs = observation(author_id=world.users["emp_a"])
    push(client, pc, upsert(obs))
    edit = {**obs, "details": AUTHOR_TEXTS["details"], "suggestion": AUTHOR_TEXTS["suggestion"]}
    [result] = push(client, pc, upsert(edit))
    assert result["status"] == "applied" and result["observation"]["rev"] == 2
    assert result["observation"]["details"] == REDACTED["details"]
    assert stored(db, obs["id"]).suggestion == REDACTED["suggestion"]
    edited = audit_of(db, obs["id"])[-1]
    assert edited.action == "edited"
    assert edited.changes["details"] == ["", REDACTED["details"]]
    assert edited.redactions == {"details": {"EMAIL": 1, "ADDRESS": 1},
                                 "suggestion": {"EMAIL": 1}}
    # the PC sends the same text again (its copy still holds it): nothing changes
    [same] = push(client, pc, upsert({**edit, "action_taken": "Opened a till"}))
    assert same["observation"]["rev"] == 3
    assert set(audit_of(db, obs["id"])[-1].changes) == {"action_taken"}
    assert audit_of(db, obs["id"])[-1].redactions is None
    assert_no_secret(everything(db))


def test_review_texts_are_stored_redacted_and_reach_merged_authors_redacted(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    pc = device_headers(enrol(client, db, settings, world.store_a))
    original, duplicate = observation(), observation()
    push(client, pc, upsert(original), upsert(duplicate))
    manager = user_headers(sign_in(client, "manager_a"))
    [merged] = push(client, manager, {"id": new_id(), "op": "review.merge",
                                      "observation_id": duplicate["id"], "base_rev": 1,
                                      "into": original["id"]})
    assert merged["status"] == "applied"
    [answered] = push(client, manager, review(
        original["id"], 1, status="action_taken", response=REVIEW_TEXTS["response"],
        escalated=True, escalation_note=REVIEW_TEXTS["escalation_note"]))
    assert answered["status"] == "applied"
    assert answered["observation"]["response"] == "We called Mrs [name] back on [phone]."
    assert answered["observation"]["escalation_note"] == "Her card [card] was charged twice"
    assert stored(db, duplicate["id"]).response == "We called Mrs [name] back on [phone]."
    reviewed = [a for a in audit_of(db, original["id"]) if a.action == "reviewed"][-1]
    assert reviewed.redactions == {"response": {"NAME": 1, "PHONE": 1},
                                   "escalation_note": {"CARD": 1}}
    [other] = push(client, pc, upsert(observation()))
    [wont] = push(client, manager, review(other["observation"]["id"], 1, status="wont_act",
                                          wont_act_reason=REVIEW_TEXTS["wont_act_reason"]))
    assert wont["status"] == "applied"
    assert wont["observation"]["wont_act_reason"] == "Asked [email] to use the web form"
    assert_no_secret(everything(db))


def test_a_losing_review_keeps_no_personal_data_in_its_conflict_entry(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    pc = device_headers(enrol(client, db, settings, world.store_a))
    obs = observation()
    push(client, pc, upsert(obs))
    first = user_headers(sign_in(client, "manager_a"))
    second = user_headers(sign_in(client, "leader_a"))
    push(client, first, review(obs["id"], 1, response="We opened a second till."))
    [lost] = push(client, second, review(obs["id"], 1, response=REVIEW_TEXTS["response"]))
    assert lost["status"] == "conflict"
    conflict = [a for a in audit_of(db, obs["id"]) if a.action == "conflict"][-1]
    assert conflict.changes["response"][1] == "We called Mrs [name] back on [phone]."
    assert conflict.redactions == {"response": {"NAME": 1, "PHONE": 1}}
    assert_no_secret(everything(db))


def test_a_text_that_is_only_personal_data_is_kept_as_placeholders_within_its_limit(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    pc = device_headers(enrol(client, db, settings, world.store_a))
    only = observation(summary="jane.doe@example.com")
    # "a@b.io" is 6 characters, "[email]" 7: the segment would grow past its 80
    full = observation(customer_segment="x" * (SEGMENT_MAX - 7) + " a@b.io")
    results = push(client, pc, upsert(only), upsert(full))
    assert [r["status"] for r in results] == ["applied", "applied"]
    assert stored(db, only["id"]).summary == "[email]"
    segment = stored(db, full["id"]).customer_segment
    assert len(segment) == SEGMENT_MAX and "a@b.io" not in segment
    assert results[1]["observation"]["customer_segment"] == segment


def test_staff_names_of_the_organisation_are_not_redacted_customers_names_are(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    with db.write() as conn:  # a colleague of another store: staff too
        admin.create_user(conn, settings, world.org_id, username="anna", role="employee",
                          display_name="Anna Kowalska", store=world.store_b, now=NOW)
    pc = device_headers(enrol(client, db, settings, world.store_a))
    obs = observation(details="Anna Kowalska helped Jan Kowalski find the right size")
    [result] = push(client, pc, upsert(obs))
    assert result["observation"]["details"] == "Anna Kowalska helped [name] find the right size"


def test_the_staff_names_are_read_only_when_a_name_was_found() -> None:
    redactor = Redactor("org")
    # no connection at all: a text without a name never asks for the staff
    assert redactor.text(None, "details", "Call 06 12 34 56 78 back")  # type: ignore[arg-type]
    assert redactor.text(None, "details", "") == ("", {})  # type: ignore[arg-type]


# --- counted, never shown ---------------------------------------------------------------


def test_redactions_are_counted_in_metrics_by_kind_and_field(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    pc = device_headers(enrol(client, db, settings, world.store_a))
    push(client, pc, upsert(observation(**AUTHOR_TEXTS)),
         upsert(observation(details="Call +44 20 7946 0018 or +44 20 7946 0019")))
    manager = user_headers(sign_in(client, "manager_a"))
    [done] = push(client, pc, upsert(observation()))
    push(client, manager, review(done["observation"]["id"], 1,
                                 response=REVIEW_TEXTS["response"]))
    body = client.get("/metrics").text
    counts = {}
    for labels, value in re.findall(r"^frontline_redactions_total\{(.*)\} ([\d.]+)$", body, re.M):
        named = dict(re.findall(r'(\w+)="(\w+)"', labels))
        counts[named["kind"], named["field"]] = float(value)
    assert counts == {
        ("NAME", "summary"): 1, ("PHONE", "summary"): 1, ("EMAIL", "details"): 1,
        ("ADDRESS", "details"): 1, ("PHONE", "details"): 2, ("IBAN", "customer_words"): 1,
        ("CARD", "action_taken"): 1, ("EMAIL", "suggestion"): 1,
        ("NAME", "customer_segment"): 1, ("NAME", "response"): 1, ("PHONE", "response"): 1}
    assert {field for _, field in counts} <= set(FREE_TEXT_FIELDS)
    assert_no_secret("\n".join(line for line in body.splitlines() if "redactions" in line))


# --- the organisation's policy ----------------------------------------------------------


def test_the_policy_is_redact_by_default_and_reaches_pcs_with_a_new_reference_version(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    pc = device_headers(enrol(client, db, settings, world.store_a))
    before = client.get("/v1/reference", headers=pc).json()
    assert before["organisation"]["pii_policy"] == "redact"
    with db.write() as conn:
        assert set_pii_policy(conn, world.org_id, "block")["pii_policy"] == "block"
    after = client.get("/v1/reference", headers=pc).json()
    assert after["organisation"]["pii_policy"] == "block"
    assert after["reference_version"] > before["reference_version"]
    with db.write() as conn:  # the same again: nothing for the PCs to fetch
        set_pii_policy(conn, world.org_id, "block")
        with pytest.raises(admin.AdminError, match="redact, block"):
            set_pii_policy(conn, world.org_id, "warn")
        assert pii_policy_of(conn, world.org_id)["pii_policy"] == "block"
    assert client.get("/v1/reference", headers=pc).json()["reference_version"] == \
        after["reference_version"]


def test_a_pc_offline_across_policy_changes_still_gets_its_texts_redacted_not_refused(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    """The server half of switching policy while PCs are offline: whatever the policy now
    and whatever the PC last received, a push is stored redacted; the PC hears of the new
    policy at its next pull (the reference version it holds is stale)."""
    pc = device_headers(enrol(client, db, settings, world.store_a))
    held = client.get("/v1/reference", headers=pc).json()["reference_version"]  # "redact"
    for policy in ("block", "redact", "block"):
        with db.write() as conn:
            set_pii_policy(conn, world.org_id, policy)
        obs = observation(**AUTHOR_TEXTS)
        [result] = push(client, pc, upsert(obs))
        assert result["status"] == "applied"
        assert {f: result["observation"][f] for f in REDACTED} == REDACTED
        pulled = client.get("/v1/pull", headers=pc).json()
        assert pulled["reference_version"] != held  # so the PC refetches the policy
    assert_no_secret(everything(db))


def test_org_privacy_sets_and_shows_the_policy_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(tmp_path)

    def run(*args: str) -> Any:
        code = main(["--data-dir", d, *args, "--json"])
        out = capsys.readouterr()
        assert code == 0, out.err
        return json.loads(out.out)

    run("init")
    org = run("org", "create", "Test Retail")
    assert run("org", "privacy") == {"org_id": org["id"], "pii_policy": "redact"}
    assert run("org", "privacy", "--policy", "block")["pii_policy"] == "block"
    assert run("org", "privacy")["pii_policy"] == "block"
    with pytest.raises(SystemExit):
        main(["--data-dir", d, "org", "privacy", "--policy", "warn"])
    assert "invalid choice" in capsys.readouterr().err


def test_an_organisation_made_before_the_policy_existed_gets_redact(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = migrate.alembic_config()
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004_insights")
        conn.execute(text("INSERT INTO organisations (id, name, version, reference_version, "
                          "created_at) VALUES ('o1', 'Old Retail', 0, 1, '2026-01-01')"))
        conn.execute(text("INSERT INTO audit (org_id, observation_id, rev, version, at, "
                          "action, changes) VALUES ('o1', 'x', 1, 1, '2026', 'created', '{}')"))
        conn.commit()
    migrate.upgrade(db)
    with db.read() as conn:
        assert pii_policy_of(conn, "o1")["pii_policy"] == "redact"
        assert conn.execute(select(t.audit.c.redactions)).scalar_one() is None
    db.dispose()


def test_a_push_s_texts_are_detected_ahead_of_its_write_transaction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The route runs the detector before it takes the organisation's write lock; inside,
    `Redactor.text` only looks each text up (cleaned as intake cleans it)."""
    from frontline.server import privacy

    items = [upsert(observation(summary="  Call +44 20 7946 0018\r\n")),
             review(new_id(), 1, response=REVIEW_TEXTS["response"]), "not an item"]
    texts = list(privacy.pushed_texts(items))
    assert texts == ["Call +44 20 7946 0018", REVIEW_TEXTS["response"]]
    redactor = Redactor("org")
    redactor.detect_ahead(texts)

    def no_detect(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("detected inside the transaction")

    monkeypatch.setattr(privacy, "detect", no_detect)
    assert redactor.text(None, "summary", texts[0]) == (  # type: ignore[arg-type]
        "Call [phone]", {"PHONE": 1})
