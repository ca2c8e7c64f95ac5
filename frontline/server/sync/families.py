"""Merge families. A family is an original and every observation merged into it, directly
or through a duplicate that had duplicates of its own (merging such a one keeps its own
duplicates under it, so unmerging it takes them along). Every member carries the family's
count of people (`raised_by`) and the original's answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, select, update

from frontline.core.model import Status
from frontline.server import tables as t
from frontline.server.auth import Principal
from frontline.server.sync.bulk import among, chunks
from frontline.server.sync.rows import audit, load
from frontline.server.sync.versions import stamp

FAMILY_MAX = 10_000  # members walked at most (a guard, far above any real family)


def root_of(conn: Connection, observation_id: str) -> Row[Any] | None:
    """The original at the top of `observation_id`'s family (itself when not merged)."""
    row = load(conn, observation_id)
    seen: set[str] = set()
    while row is not None and row.status == Status.DUPLICATE.value and row.duplicate_of \
            and row.id not in seen:
        seen.add(row.id)
        parent = load(conn, row.duplicate_of)
        if parent is None:
            break  # the original is gone (retention or erasure): this one is the top now
        row = parent
    return row


def descendants(conn: Connection, root_id: str) -> list[Row[Any]]:
    """Every observation merged into `root_id`, at any depth (not the root itself)."""
    o = t.observations.c
    found: list[Row[Any]] = []
    seen = {root_id}
    level = [root_id]
    while level and len(found) < FAMILY_MAX:
        rows = conn.execute(select(t.observations).where(
            among(conn, o.duplicate_of, level), o.status == Status.DUPLICATE.value)).all()
        rows = [r for r in rows if r.id not in seen]
        seen.update(r.id for r in rows)
        found.extend(rows)
        level = [r.id for r in rows]
    return found


def people_count(rows: list[Row[Any]]) -> int:
    """How many people raised what `rows` say: each named author once, and each anonymous
    observation (or one without an author) as one person."""
    named = {r.author_id for r in rows if r.author_id is not None and not r.anonymous}
    return len(named) + sum(1 for r in rows if r.author_id is None or r.anonymous)


def recount(conn: Connection, root_id: str, *, version: int) -> int:
    """Count the family of `root_id` again and stamp the new count on each member whose
    count changed, with the change version (so PCs pull it; `rev` is not bumped: the count
    is derived, nobody edits it, and it never conflicts)."""
    root = load(conn, root_id)
    if root is None:
        return 0
    members = [root, *descendants(conn, root_id)]
    count = people_count(members)
    stale = [r.id for r in members if r.raised_by != count]
    for chunk in chunks(stale):
        conn.execute(update(t.observations).where(among(conn, t.observations.c.id, chunk))
                     .values(raised_by=count, version=version))
    return count


def answer_family(conn: Connection, p: Principal, root_id: str, *, version: int,
                  now: datetime, mutation_id: str) -> None:
    """Give every observation merged into `root_id` the root's answer: each merged author
    reads it on their own PC, whoever answered and wherever."""
    root = load(conn, root_id)
    if root is None or root.status == Status.DUPLICATE.value:
        return  # an answer written on a duplicate stays its own
    for member in descendants(conn, root_id):
        if member.response == root.response:
            continue
        rev = member.rev + 1
        conn.execute(update(t.observations).where(t.observations.c.id == member.id).values(
            response=root.response, responded_at=root.responded_at, version=version, rev=rev,
            updated_at=stamp(now)))
        audit(conn, p, observation_id=member.id, rev=rev, version=version, now=now,
              action="answered", changes={"response": [member.response, root.response]},
              mutation_id=mutation_id)
