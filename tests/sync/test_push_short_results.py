"""Short push results (`accepted` instead of the whole observation): the PC ends with the
same local row as if the server had sent everything, on its own and end to end."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from frontline.server.sync.versions import hour_of
from frontline.store import outbox, remote
from frontline.store.db import Store
from frontline.store.observations import get_observation, save_observation
from frontline.sync.client import HttpClient
from frontline.sync.engine import sync_once
from frontline.sync.protocol import NEW_REVIEW_STATE, PUSH_RESULTS_HEADER, PUSH_RESULTS_SHORT
from tests.helpers.store import make
from tests.helpers.sync import ASGIAdapter, ServerWorld

STAMP = "2026-11-23T10:00:01.000Z"


def accepted(obs_id: str, **values: Any) -> dict[str, Any]:
    return {"id": obs_id, "rev": 1, "received_at": STAMP, "updated_at": STAMP,
            "store_id": "store-a", "author_id": None, "device_id": "pc-1", "status": "new",
            **values}


def test_the_store_and_the_protocol_agree_on_a_new_observations_review_side() -> None:
    assert remote.NEW_REVIEW_STATE is NEW_REVIEW_STATE


def test_a_short_result_gives_the_local_row_what_the_server_decided(store: Store) -> None:
    db = store.connection()
    obs = save_observation(db, make("Gift cards were out of stock"))
    [entry] = outbox.pending(db)
    outcomes = remote.apply_push_results(db, [entry], [{
        "mutation_id": entry.id, "status": "applied", "accepted": accepted(obs.id)}])
    assert [o.status for o in outcomes] == ["applied"]
    listed = get_observation(db, obs.id)
    assert listed is not None and listed.sync_state == "synced"
    assert listed.observation.received_at == STAMP and listed.observation.store_id == "store-a"
    assert listed.observation.summary == "Gift cards were out of stock"
    assert db.execute("SELECT server_version FROM observations WHERE id = ?",
                      [obs.id]).fetchone() == (1,)
    assert outbox.count(db, include_quarantined=True) == 0


def test_content_the_server_stored_otherwise_replaces_the_local_text(store: Store) -> None:
    db = store.connection()
    obs = save_observation(db, make("Queue at the till"))
    [entry] = outbox.pending(db)
    remote.apply_push_results(db, [entry], [{
        "mutation_id": entry.id, "status": "applied",
        "accepted": accepted(obs.id, changed={"summary": "Queue at the till (cleaned)",
                                              "observed_at": "2026-11-23T09:00:00.000Z"})}])
    listed = get_observation(db, obs.id)
    assert listed is not None
    assert listed.observation.summary == "Queue at the till (cleaned)"
    assert listed.observation.observed_at == "2026-11-23T09:00:00.000Z"


def test_an_edit_queued_while_the_push_was_away_keeps_its_text(store: Store) -> None:
    db = store.connection()
    obs = save_observation(db, make("First words"))
    first = outbox.pending(db)[0]
    save_observation(db, replace(obs, summary="Better words"))
    remote.apply_push_results(db, [first], [{
        "mutation_id": first.id, "status": "applied",
        "accepted": accepted(obs.id, changed={"summary": "First words (cleaned)"})}])
    listed = get_observation(db, obs.id)
    assert listed is not None
    assert listed.observation.summary == "Better words"  # still to be sent
    assert listed.sync_state == "queued" and listed.observation.received_at == STAMP


def test_an_anonymous_observation_keeps_no_author_or_device_after_a_short_result(
        store: Store) -> None:
    db = store.connection()
    obs = save_observation(db, make("Said anonymously", anonymous=True))
    db.execute("UPDATE observations SET author_id = 'someone' WHERE id = ?", [obs.id])
    [entry] = outbox.pending(db)
    remote.apply_push_results(db, [entry], [{
        "mutation_id": entry.id, "status": "applied",
        "accepted": accepted(obs.id, device_id=None)}])
    row = db.execute("SELECT author_id, device_id, sync_state FROM observations WHERE id = ?",
                     [obs.id]).fetchone()
    assert row == (None, None, "synced")


def test_a_short_result_for_another_observation_is_not_written_here(store: Store) -> None:
    db = store.connection()
    obs = save_observation(db, make("Mine"))
    [entry] = outbox.pending(db)
    remote.apply_push_results(db, [entry], [{
        "mutation_id": entry.id, "status": "applied", "accepted": accepted("someone-else",
                                                                           store_id="x")}])
    listed = get_observation(db, obs.id)
    assert listed is not None and listed.observation.store_id != "x"
    assert outbox.count(db) == 0  # the mutation itself was applied


def test_after_a_sync_the_pc_holds_exactly_what_the_server_stored(
        world: ServerWorld, store: Store, pc: tuple[HttpClient, ASGIAdapter]) -> None:
    client, adapter = pc
    db = store.connection()
    saved = [save_observation(db, make("  Till closed \r\n", details="Line one\r\nline two  ")),
             save_observation(db, make("Said anonymously", anonymous=True)),
             save_observation(db, make("Praise for the new layout", kind="praise", severity=None))]
    # an older PC may have kept observed_at in another ISO form
    db.execute("UPDATE observations SET observed_at = '2026-11-23T11:30:00.250+01:00' "
               "WHERE id = ?", [saved[0].id])
    db.execute("UPDATE outbox SET payload = json_set(payload, '$.observed_at', "
               "'2026-11-23T11:30:00.250+01:00') WHERE entity_id = ?", [saved[0].id])
    adapter.sent.clear()
    report = sync_once(store, client)
    assert report.ok, report.error
    pushes = [r for r in adapter.sent if r.path_url == "/v1/push"]
    assert pushes and pushes[0].headers[PUSH_RESULTS_HEADER] == PUSH_RESULTS_SHORT
    for obs in saved:
        server = world.observation(obs.id)
        listed = get_observation(db, obs.id)
        assert server is not None and listed is not None and listed.sync_state == "synced"
        local = listed.observation
        for name in ("observed_at", "summary", "details", "kind", "severity", "store_id",
                     "author_id", "anonymous", "status", "response"):
            assert getattr(local, name) == getattr(server, name), name
        for name in ("received_at", "updated_at"):  # an anonymous one's: the hour (privacy.md)
            stored = getattr(server, name)
            assert getattr(local, name) == (hour_of(stored) if server.anonymous else stored)
        assert local.device_id == (None if server.anonymous else server.device_id)
    assert world.observation(saved[0].id).observed_at == "2026-11-23T10:30:00.250Z"
