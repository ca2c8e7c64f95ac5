"""Pushes of many new observations at once (the fast path that writes them with one
insert per table) keep every guarantee of the one-by-one path: cleaned texts, normalised
times, personal data redacted, an audit row and an idempotency record per observation, and one
failing row never failing the others."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from frontline.core.model import Observation
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
    stored_row,
    upsert,
)


def test_texts_pushed_in_a_batch_are_stored_cleaned_as_the_pc_cleans_them(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    messy = observation(summary="  Till\u200b closed\r\n", details="Line one\r\nline\x07 two  ",
                        customer_words="Cafe\u0301 ", suggestion="\ufeffOpen the second till")
    [result] = push(client, pc, upsert(messy), *[upsert(observation()) for _ in range(3)])[:1]
    assert result["status"] == "applied"
    row = stored_row(db, messy["id"])
    expected = Observation(**{k: v for k, v in messy.items() if k != "id"},
                           id=messy["id"]).cleaned()
    for name in ("summary", "details", "customer_words", "suggestion"):
        assert getattr(row, name) == getattr(expected, name)
    assert row.customer_words == "Café" and row.details == "Line one\nline two"


def test_observed_at_in_another_iso_form_is_stored_in_the_one_stored_form(
    client: TestClient, db: Database, settings: Settings, world: World,
    pc: dict[str, str],
) -> None:
    offset = observation(observed_at="2026-11-23T11:30:00.250+01:00")
    plain = observation(observed_at="2026-11-23T10:31:00.000Z")
    assert [r["status"] for r in push(client, pc, upsert(offset), upsert(plain))] == ["applied"] * 2
    assert stored_row(db, offset["id"]).observed_at == "2026-11-23T10:30:00.250Z"
    assert stored_row(db, plain["id"]).observed_at == "2026-11-23T10:31:00.000Z"


def test_a_card_number_is_redacted_in_any_text_while_many_short_numbers_pass(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    pc = device_headers(enrol(client, db, settings, world.store_a))
    # 8 + 8 digits across two fields: more than 13 in all, no card in any one field
    numbers = observation(summary="Order 12345678 late", details="Ticket 87654321 reopened")
    card_in_quote = observation(customer_words="Ma carte 4111 1111 1111 1111 — refusée ☹")
    card_in_segment = observation(customer_segment="4111111111111111")
    results = push(client, pc, upsert(numbers), upsert(card_in_quote), upsert(card_in_segment))
    assert [r["status"] for r in results] == ["applied"] * 3  # never refused for it
    assert stored_row(db, numbers["id"]).details == "Ticket 87654321 reopened"
    assert stored_row(db, card_in_quote["id"]).customer_words == "Ma carte [card] — refusée ☹"
    assert stored_row(db, card_in_segment["id"]).customer_segment == "[card]"
    assert results[1]["observation"]["customer_words"] == "Ma carte [card] — refusée ☹"
    assert count_rows(db, t.observations) == 3


def test_every_new_observation_of_a_batch_has_its_audit_row_and_replays_once(
    client: TestClient, db: Database, settings: Settings, world: World,
    caplog: pytest.LogCaptureFixture,
) -> None:
    pc = device_headers(enrol(client, db, settings, world.store_a))
    mutations = [upsert(observation(author_id=world.users["emp_a"])) for _ in range(50)]
    with caplog.at_level(logging.WARNING, logger="frontline.server.sync"):
        first = push(client, pc, *mutations)
    assert {r["status"] for r in first} == {"applied"}
    assert "bulk insert failed" not in caplog.text  # written together, not one by one
    again = push(client, pc, *mutations[::-1])
    assert {r["status"] for r in again} == {"already_applied"}
    assert [r["mutation_id"] for r in again] == [m["id"] for m in mutations[::-1]]
    with db.read() as conn:
        audit = conn.execute(select(t.audit.c.observation_id, t.audit.c.action, t.audit.c.version,
                                    t.audit.c.mutation_id)).all()
        versions = set(conn.execute(select(t.observations.c.version)).scalars())
    assert sorted((a.observation_id, a.mutation_id) for a in audit) == sorted(
        (m["observation"]["id"], m["id"]) for m in mutations)
    assert {a.action for a in audit} == {"created"}
    assert len(versions) == 1 and {a.version for a in audit} == versions  # one write, one version
    assert count_rows(db, t.applied_mutations) == 50


def _refuse_summary(db: Database, summary: str) -> None:
    """A database rule that refuses one row, so that the batch insert fails as a whole."""
    with db.engine.begin() as conn:
        if db.is_sqlite:
            conn.execute(text(
                "CREATE TRIGGER refuse_one BEFORE INSERT ON observations "
                f"WHEN NEW.summary = '{summary}' BEGIN SELECT RAISE(ABORT, 'refused'); END"))
        else:
            conn.execute(text(
                "CREATE OR REPLACE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.summary = '{summary}' THEN RAISE EXCEPTION 'refused'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"))
            conn.execute(text("CREATE TRIGGER refuse_one BEFORE INSERT ON observations "
                              "FOR EACH ROW EXECUTE FUNCTION refuse_one()"))


def _drop_rule(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER refuse_one" if db.is_sqlite
                          else "DROP TRIGGER refuse_one ON observations"))


def test_a_row_the_database_refuses_fails_alone_and_the_rest_of_the_batch_lands(
    client: TestClient, db: Database, settings: Settings, world: World,
    caplog: pytest.LogCaptureFixture,
) -> None:
    pc = device_headers(enrol(client, db, settings, world.store_a))
    _refuse_summary(db, "Refused by the database")
    try:
        mutations = [upsert(observation()) for _ in range(5)]
        mutations.insert(2, upsert(observation(summary="Refused by the database")))
        with caplog.at_level(logging.WARNING, logger="frontline.server.sync"):
            results = push(client, pc, *mutations)
    finally:
        _drop_rule(db)
    assert "bulk insert failed" in caplog.text
    assert [r["status"] for r in results] == ["applied"] * 2 + ["rejected"] + ["applied"] * 3
    assert "could not store" in results[2]["reason"]
    assert count_rows(db, t.observations) == 5
    assert count_rows(db, t.audit) == 5 and count_rows(db, t.applied_mutations) == 5
    # the refused one was not remembered as applied: sent again, it lands
    [retry] = push(client, pc, mutations[2])
    assert retry["status"] == "applied"
    assert count_rows(db, t.observations) == 6
