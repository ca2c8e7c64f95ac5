"""Data lifetime on this PC: what the organisation's retention and local-keep settings remove.

`purge_after_sync(db, *, keep_author=None, now=None) -> Purged` runs after each sync
(`frontline.sync.engine.sync_once`) with the settings the server last sent in the reference
data (`organisation.retention_days`, `retention_action`, `local_keep_days`):

- retention: a synced observation observed more than `retention_days` ago is deleted
  (`delete`) or keeps only its structured fields (`strip_text`), as on the server;
- local keep: a synced observation unchanged for `local_keep_days` is deleted from this PC
  (the server keeps it; it comes back if it changes again), except those of `keep_author`
  (the person signed in with a password on their own PC) and, when that person reviews
  (manager, leader, admin), those still open in review (their inbox);
- never a queued or quarantined one: what has not reached the server stays until it has.

Whenever rows were deleted or stripped (here, or by a pull's `removed` ids), `scrub(db)`
rewrites the full-text index without them and empties the write-ahead log, so their text
does not linger in the file (the connection runs with `secure_delete`, which zeroes freed
pages).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from frontline.core.ids import format_time, parse_time, utc_now
from frontline.core.vocabulary import (
    AWAITING_DECISION,
    REVIEWER_ROLES,
    STRIPPED_FIELDS,
    STRIPPED_SUMMARY,
    codes,
)
from frontline.store.db import store_errors, write_transaction
from frontline.store.outbox import get_state, set_state
from frontline.store.remote import REFERENCE_VERSION_KEY, stored_reference

log = logging.getLogger(__name__)

PURGED_KEY = "retention_purged"
PURGE_EVERY_SECONDS = 3600
MERGE_PAGES = 64
_SETTLED = ("sync_state = 'synced' AND NOT EXISTS "
            "(SELECT 1 FROM outbox WHERE outbox.entity_id = observations.id)")


@dataclass(frozen=True)
class Purged:
    """What one purge did."""

    deleted: int = 0  # past the organisation's retention (delete)
    stripped: int = 0  # past the organisation's retention (strip_text)
    expired_locally: int = 0  # unchanged for local_keep_days

    @property
    def total(self) -> int:
        return self.deleted + self.stripped + self.expired_locally


@store_errors
def purge_after_sync(db: Database, *, keep_author: str | None = None,
                     now: datetime | None = None) -> Purged:
    """Apply the organisation's retention and local-keep settings to synced observations,
    in one transaction (see the module docstring); then `scrub` when anything went."""
    moment = now or parse_time(utc_now())
    # days are the unit: once an hour is enough, unless the settings (the reference data) or
    # the person changed; the idle sync check then reads one small row, and scans nothing
    signature = json.dumps([get_state(db, REFERENCE_VERSION_KEY), keep_author])
    last = json.loads(get_state(db, PURGED_KEY) or "{}")
    if last.get("settings") == signature and last.get("at") and \
            0 <= (moment - parse_time(last["at"])).total_seconds() < PURGE_EVERY_SECONDS:
        return Purged()
    org = stored_reference(db).get("organisation") or {}
    days, keep_days = org.get("retention_days"), org.get("local_keep_days")
    if not days and not keep_days:
        set_state(db, PURGED_KEY, json.dumps({"at": format_time(moment), "settings": signature}))
        return Purged()
    deleted = stripped = expired = 0
    with write_transaction(db):
        set_state(db, PURGED_KEY, json.dumps({"at": format_time(moment), "settings": signature}))
        if days:
            cutoff = _cutoff(moment, int(days))
            if (org.get("retention_action") or "delete") == "strip_text":
                not_yet = " OR ".join([f"{n} != ''" for n in STRIPPED_FIELDS] + ["summary != ?"])
                stripped = db.execute(
                    f"UPDATE observations SET summary = ?, "
                    f"{', '.join(f'{n} = ' + repr('') for n in STRIPPED_FIELDS)} "
                    f"WHERE observed_at < ? AND {_SETTLED} AND ({not_yet})",
                    [STRIPPED_SUMMARY, cutoff, STRIPPED_SUMMARY]).rowcount
            else:
                deleted = db.execute(
                    f"DELETE FROM observations WHERE observed_at < ? AND {_SETTLED}",
                    [cutoff]).rowcount
        if keep_days:
            # a signed-in reviewer's inbox (what is still open in review) stays on their PC
            inbox = f" AND status NOT IN {codes(AWAITING_DECISION)!r}" \
                if _is_reviewer(db, keep_author) else ""
            expired = db.execute(
                f"DELETE FROM observations WHERE updated_at < ? AND {_SETTLED} "
                f"AND (? IS NULL OR author_id IS NOT ?){inbox}",
                [_cutoff(moment, int(keep_days)), keep_author, keep_author]).rowcount
    purged = Purged(deleted, stripped, expired)
    if purged.total:
        log.info("removed %d and stripped %d observations past their lifetime on this PC",
                 deleted + expired, stripped)
        scrub(db)
    return purged


def _is_reviewer(db: Database, user_id: str | None) -> bool:
    if user_id is None:
        return False
    users = stored_reference(db).get("users") or []
    return any(u.get("id") == user_id and u.get("role") in REVIEWER_ROLES
               for u in users)


def _cutoff(now: datetime, days: int) -> str:
    return format_time(now - timedelta(days=days))


@store_errors
def scrub(db: Database) -> None:
    """Leave no trace of deleted or stripped text in the file: rebuild the full-text index
    (an external-content FTS5 index keeps deleted words until its segments merge) and
    checkpoint the write-ahead log, truncating it (old page images stay in it otherwise).
    Call outside a transaction. A checkpoint blocked by a reader is retried at the next."""
    # an incremental optimize: each step merges about MERGE_PAGES pages in its own short
    # transaction, so a save waits milliseconds, not the seconds a one-shot 'optimize' takes
    # on 200k rows; a negative value merges every segment until one is left
    for _ in range(100_000):
        with write_transaction(db):
            before = db.conn.total_changes
            db.execute("INSERT INTO observations_fts (observations_fts, rank) VALUES ('merge', ?)",
                       [-MERGE_PAGES])
            done = db.conn.total_changes - before < 2
        if done:
            break
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy and busy[0]:
        log.info("the write-ahead log could not be emptied yet (a reader is active)")
