"""The outbox: queued mutations go out in order, in bounded batches; a bad one is set aside
without blocking the rest."""

from __future__ import annotations

from sqlite_utils import Database

from frontline.store import outbox
from frontline.store.observations import count_pending, get_observation, save_observation
from tests.helpers.store import make


def test_pending_is_oldest_first_and_bounded_by_count_and_bytes(db: Database) -> None:
    saved = [save_observation(db, make(f"Note {n}", details="x" * 1000)) for n in range(5)]
    assert [e.entity_id for e in outbox.pending(db)] == [o.id for o in saved]
    assert len(outbox.pending(db, limit=2)) == 2
    size = len(outbox.pending(db)[0].payload_json.encode())
    assert len(outbox.pending(db, max_bytes=size * 2 + 10)) == 2
    assert len(outbox.pending(db, max_bytes=1)) == 1  # never stuck behind a big entry


def test_applied_mutations_leave_the_queue_and_the_row_becomes_synced(db: Database) -> None:
    saved = save_observation(db, make())
    [entry] = outbox.pending(db)
    assert outbox.mark_applied(db, [entry.id], server_versions={saved.id: 7}) == 1
    assert outbox.mark_applied(db, [entry.id]) == 0  # a retry is harmless
    listed = get_observation(db, saved.id)
    assert listed is not None and listed.sync_state == "synced"
    assert db.execute("SELECT server_version FROM observations").fetchone()[0] == 7
    assert count_pending(db) == 0 and outbox.count(db) == 0


def test_row_stays_queued_until_all_its_mutations_are_applied(db: Database) -> None:
    saved = save_observation(db, make("First"))
    save_observation(db, make("Second version", id=saved.id))
    first, _second = outbox.pending(db)
    outbox.mark_applied(db, [first.id])
    listed = get_observation(db, saved.id)
    assert listed is not None and listed.sync_state == "queued"


def test_quarantined_mutation_is_shown_with_its_reason_and_does_not_block_others(
    db: Database,
) -> None:
    bad = save_observation(db, make("Refused by the server"))
    good = save_observation(db, make("Fine"))
    save_observation(db, make("Refused, edited again", id=bad.id))
    first = outbox.pending(db)[0]
    outbox.quarantine(db, first.id, "The server does not know store S-99.")

    waiting = outbox.pending(db)
    assert [e.entity_id for e in waiting] == [good.id]  # the bad row's later edit waits
    listed = get_observation(db, bad.id)
    assert listed is not None
    assert listed.sync_state == "quarantined"
    assert listed.sync_error == "The server does not know store S-99."
    assert [e.id for e in outbox.quarantined(db)] == [first.id]
    assert outbox.count(db) == 2 and outbox.count(db, include_quarantined=True) == 3

    outbox.requeue(db, first.id)
    assert [e.entity_id for e in outbox.pending(db)] == [bad.id, good.id, bad.id]
    listed = get_observation(db, bad.id)
    assert listed is not None and listed.sync_state == "queued" and listed.sync_error == ""


def test_failed_attempts_are_counted_and_stay_queued(db: Database) -> None:
    save_observation(db, make())
    [entry] = outbox.pending(db)
    outbox.record_failure(db, [entry.id], "Server unreachable")
    [again] = outbox.pending(db)
    assert (again.id, again.attempts, again.last_error) == (entry.id, 1, "Server unreachable")


def test_sync_state_values_persist(db: Database) -> None:
    assert outbox.get_state(db, "cursor") is None
    outbox.set_state(db, "cursor", "10")
    outbox.set_state(db, "cursor", "11")
    assert outbox.get_state(db, "cursor") == "11"
