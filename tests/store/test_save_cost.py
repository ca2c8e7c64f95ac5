"""What a save writes: only the b-trees that the queries need (save latency, issue 3)."""

from __future__ import annotations

from sqlite_utils import Database

from frontline.store import outbox
from frontline.store.observations import save_observation
from tests.helpers.store import make

_QUARANTINE_QUERIES = (
    # outbox.pending: later entries of a quarantined observation wait behind it
    "SELECT id FROM outbox WHERE quarantined = 0 AND entity_id NOT IN "
    "(SELECT entity_id FROM outbox WHERE quarantined = 1) ORDER BY seq LIMIT 100",
    # outbox.quarantined: the status panel's list
    "SELECT id FROM outbox WHERE quarantined = 1 ORDER BY seq",
    # outbox.retry: is anything else of this observation still quarantined?
    "SELECT 1 FROM outbox WHERE entity_id = 'x' AND quarantined = 1",
)


def test_a_save_queues_its_entry_without_writing_the_quarantine_index(db: Database) -> None:
    saved = save_observation(db, make("Queue past the bakery aisle"))
    entry = outbox.pending(db)[0]
    assert entry.entity_id == saved.id
    index_sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'outbox_quarantined'"
                           ).fetchone()[0]
    assert "WHERE quarantined = 1" in index_sql
    assert "outbox_pending" not in {name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()}


def test_quarantine_lookups_read_the_small_index_not_the_whole_queue(db: Database) -> None:
    for i in range(50):
        save_observation(db, make(f"Queued observation {i}"))
    for sql in _QUARANTINE_QUERIES:
        plan = " / ".join(str(row[-1]) for row in db.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "outbox_quarantined" in plan, plan
