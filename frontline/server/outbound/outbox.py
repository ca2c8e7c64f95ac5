"""The durable outbox: rows written with the change that caused them, sent at least once.

A worker claims due rows (`claim`): PostgreSQL locks them with `FOR UPDATE SKIP LOCKED`,
so two processes or replicas never take the same row; both databases also set a lease
(`claimed_until`), which SQLite's `BEGIN IMMEDIATE` makes exclusive, and which lets another
process take the row over when the one that claimed it died mid-send. After each attempt
the row is `sent`, or retried (`retry_at`: doubling from `outbound_retry_first_seconds`,
with jitter, at most an hour apart) until `outbound_give_up_hours` after it was made, then
`failed`. A final row's payload is emptied: the outbox keeps no text once it is done.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, and_, or_, select, update

from frontline.core.ids import format_time, parse_time
from frontline.server import tables as t
from frontline.server.db import Database
from frontline.server.settings import Settings

PENDING, SENT, FAILED = "pending", "sent", "failed"
MAX_GAP = timedelta(hours=1)


@dataclass(frozen=True)
class Claimed:
    id: str
    org_id: str
    channel: str
    target: str
    event: str
    payload: str
    attempts: int
    created_at: str


def lease(settings: Settings) -> timedelta:
    """How long a claim holds: one attempt's timeout and a margin."""
    return timedelta(seconds=settings.outbound_timeout_seconds * 2 + 5)


def _due(now: datetime, channels: tuple[str, ...]) -> ColumnElement[bool]:
    o = t.outbox.c
    stamp = format_time(now)
    return and_(o.status == PENDING, o.next_attempt_at <= stamp, o.channel.in_(channels),
                or_(o.claimed_until.is_(None), o.claimed_until < stamp))


def any_due(db: Database, now: datetime, channels: tuple[str, ...]) -> bool:
    """A cheap read first, so an idle server never takes SQLite's write lock."""
    with db.read() as conn:
        return conn.execute(select(t.outbox.c.id).where(_due(now, channels)).limit(1)).first() \
            is not None


def claim(db: Database, settings: Settings, now: datetime, limit: int,
          channels: tuple[str, ...]) -> list[Claimed]:
    """Take up to `limit` due rows for this worker (oldest due first)."""
    if limit <= 0 or not channels or not any_due(db, now, channels):
        return []
    o = t.outbox.c
    with db.write() as conn:
        pick = select(t.outbox).where(_due(now, channels)).order_by(o.next_attempt_at) \
            .limit(limit)
        if conn.dialect.name == "postgresql":
            pick = pick.with_for_update(skip_locked=True)
        rows = list(conn.execute(pick))
        if rows:
            conn.execute(update(t.outbox).where(o.id.in_([r.id for r in rows]))
                         .values(claimed_until=format_time(now + lease(settings))))
    return [Claimed(r.id, r.org_id, r.channel, r.target, r.event, r.payload, r.attempts,
                    r.created_at) for r in rows]


def retry_at(settings: Settings, attempts: int, now: datetime,
             rand: random.Random | None = None) -> datetime:
    """When to try again after `attempts` failed attempts: exponential, with jitter."""
    base = settings.outbound_retry_first_seconds * 2 ** min(attempts - 1, 20)
    gap = min(timedelta(seconds=base), MAX_GAP)
    return now + gap * (rand or random).uniform(0.5, 1.0)


def mark_sent(conn: Connection, row_id: str, now: datetime) -> None:
    o = t.outbox.c
    conn.execute(update(t.outbox).where(o.id == row_id).values(
        status=SENT, sent_at=format_time(now), attempts=o.attempts + 1, claimed_until=None,
        payload="", last_error=""))


def mark_failed_attempt(db: Database, settings: Settings, row: Claimed, error: str,
                        now: datetime) -> str:
    """Record a failed attempt: retried later, or `failed` once it is too old. Returns the
    row's new status."""
    attempts = row.attempts + 1
    give_up = parse_time(row.created_at) + timedelta(hours=settings.outbound_give_up_hours)
    later = retry_at(settings, attempts, now)
    final = later > give_up
    values = {"attempts": attempts, "claimed_until": None, "last_error": error[:300],
              "next_attempt_at": format_time(later)}
    if final:
        values.update(status=FAILED, payload="")
    with db.write() as conn:
        conn.execute(update(t.outbox).where(t.outbox.c.id == row.id,
                                            t.outbox.c.status == PENDING).values(**values))
    return FAILED if final else PENDING
