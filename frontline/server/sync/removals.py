"""Removed observations (tombstones): retention and erasure leave an id, its store and the
change version in `removed_observations`, so the pull feed tells every PC to delete its
copy (`PullResponse.removed`) and a push can never bring the observation back."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, insert, or_, select

from frontline.core.ids import format_time
from frontline.core.vocabulary import Role
from frontline.server import tables as t
from frontline.server.auth import Principal
from frontline.server.sync.bulk import chunks

#: Why a push for a removed observation is refused (the PC deletes its copy at the next pull).
REMOVED_REASON = ("Your organisation has deleted this observation (its retention period ended, "
                  "or it was erased on request), so this change was not applied. The copy on "
                  "this computer is removed at the next sync.")


def record_removed(conn: Connection, org_id: str, rows: list[tuple[str, str | None]], *,
                   version: int, now: datetime, reason: str) -> None:
    """Leave a tombstone and one audit entry without content (`expired`, or `erased` for
    `reason="erasure"`) for each removed `(observation id, store id)`."""
    stamp = format_time(now)
    conn.execute(insert(t.removed_observations), [
        {"org_id": org_id, "observation_id": i, "store_id": s, "version": version,
         "removed_at": stamp, "reason": reason} for i, s in rows])
    action = "erased" if reason == "erasure" else "expired"
    conn.execute(insert(t.audit), [
        {"org_id": org_id, "observation_id": i, "rev": 0, "version": version, "at": stamp,
         "actor_user_id": None, "actor_role": Role.ADMIN.value if reason == "erasure" else None,
         "device_id": None, "action": action, "mutation_id": None, "changes": {}}
        for i, _ in rows])


def removed_since(conn: Connection, org_id: str, version: int, last_id: str, head: int,
                  store_ids: Iterable[str] | None, limit: int) -> list[Any]:
    """Removed observations after the cursor `(version, last_id)` up to `head`, in feed
    order, at most `limit + 1` (for `has_more`). `store_ids=None`: every store."""
    r = t.removed_observations.c
    after = or_(r.version > version, and_(r.version == version, r.observation_id > last_id)) \
        if last_id else r.version > version
    query = select(r.observation_id, r.version).where(r.org_id == org_id, after, r.version <= head)
    if store_ids is not None:
        query = query.where(r.store_id.in_(list(store_ids)))
    return list(conn.execute(query.order_by(r.version, r.observation_id).limit(limit + 1)).all())


def is_removed(conn: Connection, org_id: str, observation_ids: Iterable[str]) -> set[str]:
    """Which of these ids were removed (a push must not bring them back)."""
    found: set[str] = set()
    r = t.removed_observations.c
    for chunk in chunks(list(observation_ids)):
        found.update(conn.execute(select(r.observation_id).where(
            r.org_id == org_id, r.observation_id.in_(chunk))).scalars())
    return found


def removed_scope(conn: Connection, p: Principal) -> list[str] | None:
    """The stores whose removals `p` hears of (None: all of the organisation): those whose
    observations `p` may read (see `scope.observation_filter`)."""
    s = t.stores.c
    user = p.user
    if user is not None:
        if user.role == Role.ADMIN or (user.role == Role.LEADER and not user.region_id):
            return None
        if user.role == Role.LEADER:
            return list(conn.execute(select(s.id).where(s.org_id == p.org_id,
                                                        s.region_id == user.region_id)).scalars())
        return [user.store_id] if user.store_id else []
    if p.device is not None:
        return [p.device.store_id]
    return []
