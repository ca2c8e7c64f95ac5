"""Writing what the server sends into the local file (real SQLite, no server needed)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from frontline.store import outbox, remote
from frontline.store.db import Store
from frontline.store.observations import get_observation, save_observation
from tests.helpers.store import make

STORE_ID = "store-a"


def wire(obs_id: str, **values: Any) -> dict[str, Any]:
    base = make("Customer could not find the gift cards").to_dict()
    base.update(id=obs_id, store_id=STORE_ID, received_at="2026-11-23T10:00:01.000Z",
                escalated=False, escalation_note="", rev=1)
    base.update(values)
    return base


def page(*observations: dict[str, Any], cursor: str = "v9", **extra: Any) -> dict[str, Any]:
    return {"protocol": 1, "cursor": cursor, "has_more": False,
            "observations": list(observations), "reference_version": 1,
            "server_time": "2026-11-23T10:00:02.000Z", **extra}


def test_a_page_and_its_cursor_land_together(store: Store) -> None:
    db = store.connection()
    applied = remote.apply_pull_page(db, page(wire("a1"), wire("a2"), cursor="v5"))
    assert applied.inserted == 2 and remote.cursor(db) == "v5"
    listed = get_observation(db, "a1")
    assert listed is not None and listed.sync_state == "synced" and not listed.unread


def test_a_page_that_fails_leaves_neither_rows_nor_cursor(store: Store) -> None:
    db = store.connection()
    broken = wire("b2")
    del broken["kind"]  # the local model cannot take it
    with pytest.raises(TypeError):
        remote.apply_pull_page(db, page(wire("b1"), broken, cursor="v7"))
    assert remote.cursor(db) is None and get_observation(db, "b1") is None


def test_news_for_the_author_marks_the_row_unread(store: Store) -> None:
    db = store.connection()
    remote.apply_pull_page(db, page(wire("c1")))
    applied = remote.apply_pull_page(db, page(wire("c1", status="in_progress", rev=2,
                                                   response="We are ordering more.")))
    assert applied.unread == ["c1"]
    listed = get_observation(db, "c1")
    assert listed is not None and listed.unread and listed.observation.status == "in_progress"


def test_a_local_edit_still_queued_keeps_its_text_and_takes_the_review_fields(
        store: Store) -> None:
    db = store.connection()
    obs = save_observation(db, make("First words"))
    save_observation(db, replace(obs, summary="Better words"))
    remote.apply_pull_page(db, page(wire(obs.id, summary="First words", status="acknowledged",
                                         rev=2)))
    listed = get_observation(db, obs.id)
    assert listed is not None
    assert listed.observation.summary == "Better words"  # still to be sent
    assert listed.observation.status == "acknowledged" and listed.sync_state == "queued"


def test_an_older_server_state_does_not_overwrite_a_newer_one(store: Store) -> None:
    db = store.connection()
    remote.apply_pull_page(db, page(wire("d1", status="closed", rev=4)))
    applied = remote.apply_pull_page(db, page(wire("d1", status="new", rev=2)))
    assert applied.skipped_stale == 1
    listed = get_observation(db, "d1")
    assert listed is not None and listed.observation.status == "closed"


def test_observations_the_server_removed_are_deleted_with_their_queue(store: Store) -> None:
    db = store.connection()
    remote.apply_pull_page(db, page(wire("e1"), wire("e2")))
    kept = save_observation(db, make("Kept"))
    applied = remote.apply_pull_page(db, page(removed=["e1", "not-here"]))
    assert applied.removed == 1
    assert get_observation(db, "e1") is None and get_observation(db, "e2") is not None
    assert [e.entity_id for e in outbox.pending(db)] == [kept.id]


def test_an_anonymous_observation_forgets_its_author_once_synced(store: Store) -> None:
    db = store.connection()
    obs = save_observation(db, make("Said anonymously", anonymous=True))
    # even if an older version of the app had kept an author locally
    db.execute("UPDATE observations SET author_id = 'someone' WHERE id = ?", [obs.id])
    entry = outbox.pending(db)[0]
    remote.apply_push_results(db, [entry], [{"mutation_id": entry.id, "status": "applied",
                                             "observation": wire(obs.id, anonymous=True,
                                                                 author_id=None)}])
    row = db.execute("SELECT author_id, sync_state FROM observations WHERE id = ?",
                     [obs.id]).fetchone()
    assert row == (None, "synced")


def test_reference_data_replaces_the_lists_and_keeps_the_people(store: Store) -> None:
    from frontline.store.reference import choices

    db = store.connection()
    remote.apply_reference(db, {
        "protocol": 1, "reference_version": 3,
        "organisation": {"id": "o", "name": "Org", "retention_days": None},
        "regions": [], "stores": [], "teams": [],
        "users": [{"id": "u1", "username": "zoe", "display_name": "Zoë", "role": "employee",
                   "store_id": STORE_ID, "team_id": None, "region_id": None, "disabled": False,
                   "pin_hash": "x"},
                  {"id": "u2", "username": "al", "display_name": "Al", "role": "employee",
                   "store_id": STORE_ID, "team_id": None, "region_id": None, "disabled": True}],
        "taxonomy": {"channels": [{"code": "in_store", "label": "In the shop"}]},
    })
    assert remote.reference_version(db) == 3
    assert [c.label for c in choices(db, "channels")] == ["In the shop"]
    assert [u["id"] for u in remote.people(db)] == ["u1"]  # disabled people are left out


def test_a_replayed_rejection_is_quarantined_not_taken_as_sent(store: Store) -> None:
    db = store.connection()
    obs = save_observation(db, make("Sent once, refused, answer lost"))
    entry = outbox.pending(db)[0]
    outcomes = remote.apply_push_results(db, [entry], [{
        "mutation_id": entry.id, "status": "already_applied", "original_status": "rejected",
        "reason": "Not a known category."}])
    assert [o.status for o in outcomes] == ["rejected"]
    listed = get_observation(db, obs.id)
    assert listed is not None and listed.sync_state == "quarantined"
    assert listed.sync_error == "Not a known category."


def test_an_idle_pull_writes_nothing(store: Store) -> None:
    db = store.connection()
    remote.apply_pull_page(db, page(wire("f1"), cursor="v3"))
    changes = db.conn.total_changes
    remote.apply_pull_page(db, page(cursor="v3"))
    assert db.conn.total_changes == changes
