"""The outbox: mutations waiting to be pushed to the server, and the sync's key/value state.

Every command writes its outbox entry in the same transaction as the change it describes,
so a committed change is always queued and a queued change always committed. Entries go
out in the order they were made; the mutation id is the server's idempotency key.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from frontline.core.ids import new_id, utc_now
from frontline.store.db import store_errors, write_transaction

_COLUMNS = ("id", "seq", "entity_id", "op", "payload", "created_at", "attempts", "last_error",
            "quarantined", "quarantine_reason")


@dataclass(frozen=True)
class OutboxEntry:
    """One queued mutation. `payload_json` is exactly what was stored (for byte budgets)."""

    id: str
    seq: int
    entity_id: str
    op: str
    payload_json: str
    created_at: str
    attempts: int
    last_error: str
    quarantined: bool
    quarantine_reason: str

    @property
    def payload(self) -> dict[str, Any]:
        """The mutation's body, decoded."""
        value: dict[str, Any] = json.loads(self.payload_json)
        return value


def enqueue(db: Database, *, entity_id: str, op: str, payload: Mapping[str, Any]) -> str:
    """Queue one mutation and return its id. Call inside the transaction making the change."""
    mutation_id = new_id()
    db.execute(
        "INSERT INTO outbox (id, entity_id, op, payload, created_at) VALUES (?, ?, ?, ?, ?)",
        [mutation_id, entity_id, op, json.dumps(payload, ensure_ascii=False), utc_now()],
    )
    return mutation_id


@store_errors
def pending(db: Database, *, limit: int = 100, max_bytes: int = 1_000_000) -> list[OutboxEntry]:
    """The next mutations to push, oldest first: at most `limit` entries and about `max_bytes`
    of payload (always at least one entry if any is waiting). Quarantined entries are left
    out, and so are later entries for the same entity, which must wait behind them."""
    cursor = db.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM outbox WHERE quarantined = 0 AND entity_id NOT IN "
        "(SELECT entity_id FROM outbox WHERE quarantined = 1) ORDER BY seq LIMIT ?",
        [limit],
    )
    batch: list[OutboxEntry] = []
    size = 0
    for row in cursor:
        entry = _entry(row)
        size += len(entry.payload_json.encode())
        if batch and size > max_bytes:
            break
        batch.append(entry)
    return batch


@store_errors
def mark_applied(db: Database, ids: Iterable[str], *,
                 server_versions: Mapping[str, int] | None = None) -> int:
    """Remove mutations the server has applied; an observation with nothing left in the queue
    becomes `synced`. `server_versions` maps entity ids to the version the server gave them.
    Returns how many entries were removed (ids already gone are ignored: retries are safe)."""
    ids = list(ids)
    removed = 0
    with write_transaction(db):
        entities: set[str] = set()
        for mutation_id in ids:
            row = db.execute("SELECT entity_id FROM outbox WHERE id = ?", [mutation_id]).fetchone()
            if row is None:
                continue
            entities.add(row[0])
            removed += db.execute("DELETE FROM outbox WHERE id = ?", [mutation_id]).rowcount
        for entity_id in entities:
            db.execute(
                "UPDATE observations SET sync_state = 'synced', sync_error = '' WHERE id = ? "
                "AND NOT EXISTS (SELECT 1 FROM outbox WHERE entity_id = ?)",
                [entity_id, entity_id],
            )
            # an anonymous observation keeps no author once synced (as `remote._settle`)
            db.execute("UPDATE observations SET author_id = NULL WHERE id = ? AND anonymous = 1 "
                       "AND author_id IS NOT NULL AND sync_state = 'synced'", [entity_id])
        for entity_id, version in (server_versions or {}).items():
            db.execute("UPDATE observations SET server_version = ? WHERE id = ?",
                       [version, entity_id])
    return removed


@store_errors
def record_failure(db: Database, ids: Iterable[str], error: str) -> None:
    """Count a failed attempt (network down, server busy) for each id; they stay queued."""
    with write_transaction(db):
        for mutation_id in ids:
            db.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                       [error, mutation_id])


@store_errors
def quarantine(db: Database, mutation_id: str, reason: str) -> None:
    """Set aside a mutation the server refused, with a reason the author can read; the others
    keep going. Its observation shows as `quarantined` with that reason."""
    with write_transaction(db):
        row = db.execute("SELECT entity_id FROM outbox WHERE id = ?", [mutation_id]).fetchone()
        if row is None:
            return
        db.execute("UPDATE outbox SET quarantined = 1, quarantine_reason = ?, "
                   "attempts = attempts + 1 WHERE id = ?", [reason, mutation_id])
        db.execute("UPDATE observations SET sync_state = 'quarantined', sync_error = ? "
                   "WHERE id = ?", [reason, row[0]])


@store_errors
def requeue(db: Database, mutation_id: str) -> None:
    """Send a quarantined mutation again (after the cause was fixed, e.g. the app updated)."""
    with write_transaction(db):
        row = db.execute("SELECT entity_id FROM outbox WHERE id = ?", [mutation_id]).fetchone()
        if row is None:
            return
        db.execute("UPDATE outbox SET quarantined = 0, quarantine_reason = '' WHERE id = ?",
                   [mutation_id])
        db.execute(
            "UPDATE observations SET sync_state = 'queued', sync_error = '' WHERE id = ? AND "
            "NOT EXISTS (SELECT 1 FROM outbox WHERE entity_id = ? AND quarantined = 1)",
            [row[0], row[0]],
        )


@store_errors
def quarantined(db: Database) -> list[OutboxEntry]:
    """Mutations set aside, oldest first."""
    cursor = db.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM outbox WHERE quarantined = 1 ORDER BY seq")
    return [_entry(row) for row in cursor]


@store_errors
def count(db: Database, *, include_quarantined: bool = False) -> int:
    """How many mutations are waiting to be pushed."""
    where = "" if include_quarantined else " WHERE quarantined = 0"
    value: int = db.execute(f"SELECT count(*) FROM outbox{where}").fetchone()[0]
    return value


@store_errors
def get_state(db: Database, key: str) -> str | None:
    """A value of the sync's own state (e.g. the pull cursor), or None if never set."""
    row = db.execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


@store_errors
def set_state(db: Database, key: str, value: str) -> None:
    """Set a sync state value. Call inside the transaction whose changes it covers (e.g. the
    pull cursor together with the pulled rows); it opens its own when none is open."""
    with write_transaction(db):
        db.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) "
                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])


def _entry(row: tuple[Any, ...]) -> OutboxEntry:
    (mutation_id, seq, entity_id, op, payload, created_at, attempts, last_error, quarantined_,
     reason) = row
    return OutboxEntry(mutation_id, seq, entity_id, op, payload, created_at, attempts,
                       last_error, bool(quarantined_), reason)
