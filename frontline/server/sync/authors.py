"""What authors send: `observation.upsert` (create, or edit until review starts) and
`observation.withdraw`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, update

from frontline.core.errors import TransitionError
from frontline.core.model import Status
from frontline.core.review import check_transition
from frontline.server import tables as t
from frontline.server.auth import Principal
from frontline.server.outbound import events
from frontline.server.schemas import UpsertMutation, WithdrawMutation
from frontline.server.sync.intake import Lookups, may_withdraw, new_row, owns, prepare_upsert
from frontline.server.sync.removals import REMOVED_REASON, is_removed
from frontline.server.sync.rows import audit, load
from frontline.server.sync.versions import stamp, version_for
from frontline.server.sync.wire import Conflict, Rejected, applied, created


def upsert(conn: Connection, p: Principal, m: UpsertMutation, version: int, now: datetime, *,
           short: bool = False, lookups: Lookups | None = None) -> dict[str, Any]:
    """Create the observation, or apply the author's edit while it is still new (its texts
    with personal data redacted)."""
    obs, content, store_id, author, redactions = prepare_upsert(conn, p, m, lookups)
    existing = load(conn, obs.id)
    if existing is None:
        if is_removed(conn, p.org_id, [obs.id]):
            raise Rejected(REMOVED_REASON)
        version = version_for(obs.anonymous, version)  # held: published apart from the batch
        row = new_row(p, obs, content, store_id, author, version, now)
        conn.execute(insert(t.observations).values(**row))
        audit(conn, p, observation_id=obs.id, rev=1, version=version, now=now, action="created",
              changes={}, mutation_id=m.id, anonymous_author=obs.anonymous,
              redactions=redactions)
        events.created(conn, [row], now)
        return created(m, row, short=short)
    if existing.org_id != p.org_id or existing.store_id != store_id or not owns(p, existing, author):
        raise Rejected("An observation with this id already exists and is not yours to change.")
    if bool(existing.anonymous) != obs.anonymous:
        raise Rejected("Whether an observation is anonymous cannot change after it was sent. "
                       "Withdraw it and record a new one.")
    if existing.status != Status.NEW.value:
        raise Conflict("Review of this observation has started, so your edit was not applied. "
                       "Ask your manager if something needs to change.", existing)
    changes = {k: [existing._mapping[k], v] for k, v in content.items() if existing._mapping[k] != v}
    if changes:
        rev = existing.rev + 1
        version = version_for(obs.anonymous, version)
        conn.execute(update(t.observations).where(t.observations.c.id == obs.id).values(
            version=version, rev=rev, updated_at=stamp(now), **{k: v[1] for k, v in changes.items()},
        ))
        audit(conn, p, observation_id=obs.id, rev=rev, version=version, now=now, action="edited",
              changes=changes, mutation_id=m.id, anonymous_author=obs.anonymous,
              redactions={k: v for k, v in redactions.items() if k in changes})
    return applied(m.id, load(conn, obs.id))


def withdraw(conn: Connection, p: Principal, m: WithdrawMutation, version: int,
             now: datetime) -> dict[str, Any]:
    """The author takes the observation back (when `check_transition` allows it)."""
    row = load(conn, m.observation_id)
    if row is None or row.org_id != p.org_id or not may_withdraw(p, row):
        raise Rejected("This observation is not on the server or is not yours to withdraw.")
    if row.status == Status.WITHDRAWN.value:
        return applied(m.id, row)
    try:
        check_transition(row.status, Status.WITHDRAWN, by_author=True)
    except TransitionError as error:
        raise Conflict(str(error), row) from None
    rev = row.rev + 1
    version = version_for(bool(row.anonymous), version)
    conn.execute(update(t.observations).where(t.observations.c.id == row.id).values(
        version=version, rev=rev, updated_at=stamp(now), status=Status.WITHDRAWN.value))
    audit(conn, p, observation_id=row.id, rev=rev, version=version, now=now, action="withdrawn",
          changes={"status": [row.status, Status.WITHDRAWN.value]}, mutation_id=m.id,
          anonymous_author=bool(row.anonymous))
    events.withdrawn(conn, row.id, row.status, now)
    return applied(m.id, load(conn, row.id))
