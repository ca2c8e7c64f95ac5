"""Filling a data folder with demo observations (`frontline demo`, `frontline --demo`,
benchmarks), through one bulk transaction."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any

from sqlite_utils import Database

from frontline.core.errors import BugError, ValidationError
from frontline.core.ids import new_id, utc_now
from frontline.core.model import Observation, Status, validate
from frontline.store.db import store_errors, write_transaction
from frontline.store.observations import FIELDS, to_payload

CHUNK = 5000
# Share of still-`new` observations that have not reached the server yet, so that
# My observations shows both queued and synced rows.
QUEUED_SHARE = 0.35
UNREAD_SHARE = 0.4

_INSERT = (f"INSERT INTO observations ({', '.join(FIELDS)}, sync_state, unread) "
           f"VALUES ({', '.join('?' for _ in FIELDS)}, ?, ?)")
_ENQUEUE = ("INSERT INTO outbox (id, entity_id, op, payload, created_at) "
            "VALUES (?, ?, 'observation.upsert', ?, ?)")


@store_errors
def fill_demo(db: Database, *, count: int, seed: int = 7, now: datetime | None = None) -> int:
    """Add `count` observations from `frontline.demo.generate` (the same `seed` and `now`
    give the same ones; ids already present are skipped) and return how many were added.
    Reviewed ones are marked synced; some new ones are still queued in the outbox, as on a PC
    that was offline for a while."""
    from frontline.demo import generate

    rng = random.Random(seed)
    added = 0
    with write_transaction(db):
        for chunk in _chunks(generate(count=count, seed=seed, now=now), CHUNK):
            added += _insert(db, chunk, rng)
    return added


def _insert(db: Database, chunk: list[Observation], rng: random.Random) -> int:
    marks = ", ".join("?" for _ in chunk)
    present = {row[0] for row in db.execute(
        f"SELECT id FROM observations WHERE id IN ({marks})", [o.id for o in chunk])}
    rows: list[list[Any]] = []
    queued: list[list[Any]] = []
    now = utc_now()
    for obs in chunk:
        if obs.id in present:
            continue
        try:
            validate(obs)
        except ValidationError as error:
            raise BugError(f"Demo observation {obs.id} is invalid: {error}") from error
        present.add(obs.id)
        waiting = obs.status == Status.NEW and rng.random() < QUEUED_SHARE
        unread = not waiting and bool(obs.response) and rng.random() < UNREAD_SHARE
        values = [int(v) if isinstance(v, bool) else v for v in (getattr(obs, n) for n in FIELDS)]
        rows.append([*values, "queued" if waiting else "synced", int(unread)])
        if waiting:
            queued.append([new_id(), obs.id, json.dumps(to_payload(obs), ensure_ascii=False), now])
    db.conn.executemany(_INSERT, rows)
    db.conn.executemany(_ENQUEUE, queued)
    return len(rows)


def _chunks(items: Iterable[Observation], size: int) -> Iterator[list[Observation]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
