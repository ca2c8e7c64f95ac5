"""Catching up with a server restored from a backup (docs/deploy.md, "Restoring").

The server answers a pull cursor it never issued with `reset: true` and a page from the
start (`frontline/server/backup.py`). The sync engine then pulls everything again, taking
the server's state even where its revision is older than the one held here (the server is
authoritative, and went back in time), and finally sends again this PC's own observations
that the server no longer has: their outbox entries were deleted once the (now lost)
server applied them, so only the rows themselves remain.

A resync interrupted half-way (the network drops, the app closes) starts again from the
beginning at the next sync: `begin` leaves a mark that only `finish` removes.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from frontline.core.model import Observation
from frontline.core.vocabulary import REVIEW_FIELDS
from frontline.store import outbox
from frontline.store.db import store_errors, write_transaction
from frontline.store.observations import FIELDS

RESYNC_KEY = "resync_after_restore"
_FRESH = Observation.__dataclass_fields__


@store_errors
def pending(db: Database) -> bool:
    """True while a resync has begun and not finished."""
    return outbox.get_state(db, RESYNC_KEY) == "1"


@store_errors
def begin(db: Database) -> None:
    """Mark a resync as under way (the PC's pull starts from the beginning until `finish`)."""
    outbox.set_state(db, RESYNC_KEY, "1")


@store_errors
def finish(db: Database, seen: Iterable[str], device_id: str | None) -> list[str]:
    """After a complete pull from the beginning: queue again, as new, every observation
    this PC (`device_id`) sent that the server did not return (`seen` holds every id it
    returned), and clear the mark. Returns the ids queued again. One transaction."""
    seen = set(seen)
    resent: list[str] = []
    with write_transaction(db):
        if device_id:
            rows = db.execute(
                f"SELECT {', '.join(FIELDS)} FROM observations WHERE device_id = ? "
                "AND sync_state = 'synced' AND NOT EXISTS "
                "(SELECT 1 FROM outbox WHERE outbox.entity_id = observations.id)",
                [device_id]).fetchall()
            for row in rows:
                payload = dict(zip(FIELDS, row, strict=True))
                if payload["id"] in seen:
                    continue
                # as the PC first sent it: the review side starts again on the server
                for name in REVIEW_FIELDS & set(FIELDS):
                    payload[name] = _FRESH[name].default
                payload["anonymous"] = bool(payload["anonymous"])
                payload["switch_risk"] = bool(payload["switch_risk"])
                db.execute("UPDATE observations SET server_version = NULL, "
                           "sync_state = 'queued', sync_error = '' WHERE id = ?",
                           [payload["id"]])
                outbox.enqueue(db, entity_id=payload["id"], op="observation.upsert",
                               payload=payload)
                resent.append(str(payload["id"]))
        db.execute("DELETE FROM sync_state WHERE key = ?", [RESYNC_KEY])
    return resent
