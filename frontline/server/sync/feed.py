"""Pull: one page of the feed of changes in the caller's scope, changed observations and
removed ids together in (version, id) order, after a cursor."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from frontline.core.ids import format_time
from frontline.server import tables as t
from frontline.server.auth import Principal
from frontline.server.backup import epoch_of
from frontline.server.scope import observation_filter
from frontline.server.sync.removals import removed_scope, removed_since
from frontline.server.sync.versions import HELD, make_cursor, parse_cursor
from frontline.server.sync.wire import observation_wire
from frontline.sync.protocol import PROTOCOL_VERSION


def pull(conn: Connection, principal: Principal, cursor: str | None, limit: int, *,
         now: datetime) -> dict[str, Any]:
    """One page of observations in scope changed since `cursor`, oldest change first."""
    version, last_id = parse_cursor(cursor)
    org = conn.execute(
        select(t.organisations.c.version, t.organisations.c.reference_version)
        .where(t.organisations.c.id == principal.org_id)
    ).one()
    head = int(org.version)
    # a cursor this database never issued (restored from a backup: frontline/server/backup.py)
    reset = bool(cursor) and (version > head or epoch_of(version) != epoch_of(head))
    if reset:
        version, last_id = 0, ""
    o = t.observations.c
    after = or_(o.version > version, and_(o.version == version, o.id > last_id)) if last_id \
        else o.version > version
    rows = conn.execute(
        select(t.observations)
        .where(o.org_id == principal.org_id, after, o.version > HELD, o.version <= head,
               observation_filter(principal))
        .order_by(o.version, o.id)
        .limit(limit + 1)
    ).all()
    gone = removed_since(conn, principal.org_id, version, last_id, head,
                         removed_scope(conn, principal), limit)
    # one feed: changed rows and removed ids, in (version, id) order
    feed = sorted([(r.version, r.id, r) for r in rows] + [(g.version, g.observation_id, None)
                                                          for g in gone],
                  key=lambda item: (item[0], item[1]))
    has_more = len(feed) > limit
    taken = feed[:limit]
    page = [r for _, _, r in taken if r is not None]
    removed = [i for _, i, r in taken if r is None]
    if has_more:
        next_cursor = make_cursor(taken[-1][0], taken[-1][1])
    else:
        next_cursor = make_cursor(max(head, version))
    return {
        "protocol": PROTOCOL_VERSION,
        "cursor": next_cursor,
        "has_more": has_more,
        "observations": [observation_wire(r) for r in page],
        "reference_version": int(org.reference_version),
        "server_time": format_time(now),
        "removed": removed,  # retention and erasure: the client deletes these
        "reset": reset,  # pull again from the start; the page starts there
    }
