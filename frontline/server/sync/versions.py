"""The organisation's change version, the time a write stamps, and the pull cursor.

Cursors use Replicache's "global version" per organisation: every write transaction
first runs `UPDATE organisations SET version = version + 1 ... RETURNING version`,
which also takes the organisation's row lock until commit, and stamps each row it
changes with that version. Writers of one organisation therefore commit in version
order, and a reader that reads the committed version first and then the rows up to it
can never skip a change (see docs/sync-protocol.md, "Cursors").
"""

from __future__ import annotations

import functools
import re
from datetime import datetime

from sqlalchemy import Connection, select, update

from frontline.core.ids import format_time
from frontline.server import tables as t
from frontline.server.errors import invalid
from frontline.server.http import ascii_int

#: The last id of a page: an observation id (a UUID), ASCII only.
_SAFE_ID = re.compile(r"[0-9a-f-]{0,36}")


def bump_version(conn: Connection, org_id: str) -> int:
    """Take the organisation's write lock and the next change version (first in every
    write transaction that changes observations)."""
    version = conn.execute(
        update(t.organisations).where(t.organisations.c.id == org_id)
        .values(version=t.organisations.c.version + 1)
        .returning(t.organisations.c.version)
    ).scalar_one()
    return int(version)


@functools.lru_cache(maxsize=16)
def stamp(now: datetime) -> str:
    """`format_time(now)`, once per batch: every row a push writes carries the same time."""
    return format_time(now)


def parse_cursor(cursor: str | None) -> tuple[int, str]:
    """`v<version>` or `v<version>:<last id>`; None or empty means from the start."""
    if not cursor:
        return 0, ""
    head, _, last_id = cursor.partition(":")
    version = ascii_int(head[1:], most=2**63 - 1) if head.startswith("v") else None
    if version is None or len(cursor) > 100 or not _SAFE_ID.fullmatch(last_id):
        raise invalid("The sync cursor is not one this server made. Sync from the start "
                      "(send no cursor).")
    return version, last_id


def make_cursor(version: int, last_id: str = "") -> str:
    """The cursor `parse_cursor` reads: after `last_id` within `version`, or after all of it."""
    return f"v{version}:{last_id}" if last_id else f"v{version}"


# --- anonymity against timing (docs/privacy.md) ---------------------------------------

#: The version of an anonymous author's change not yet published: no pull returns it (the
#: feed starts after version 0) until `release_held` gives it a version of its own.
HELD = 0


def version_for(anonymous: bool, version: int) -> int:
    """The version an author's change is stamped with: the batch's, or `HELD` when the
    observation is anonymous (so that it is not published with, and linked to, the batch)."""
    return HELD if anonymous else version


def hour_of(when: str) -> str:
    """A stored time (`format_time`) to the start of its hour."""
    return when[:13] + ":00:00.000Z"


def day_of(when: str) -> str:
    """A stored time (`format_time`) to the start of its day."""
    return when[:10] + "T00:00:00.000Z"


def release_due(conn: Connection, org_id: str, now: datetime) -> bool:
    """Whether the organisation holds anonymous changes made before the current hour."""
    o = t.observations.c
    return conn.execute(
        select(o.id).where(o.org_id == org_id, o.version == HELD,
                           o.updated_at < hour_of(format_time(now))).limit(1)
    ).first() is not None


def release_held(conn: Connection, org_id: str, now: datetime) -> int:
    """Publish the anonymous changes held since before the current hour, all in one new
    version of their own (a write transaction). Returns how many observations."""
    if not release_due(conn, org_id, now):
        return 0
    version = bump_version(conn, org_id)  # the organisation's lock, first
    cutoff = hour_of(format_time(now))
    o, a = t.observations.c, t.audit.c
    released = conn.execute(update(t.observations).where(
        o.org_id == org_id, o.version == HELD, o.updated_at < cutoff).values(version=version))
    # their audit entries too (also those of a row a reviewer's change published meanwhile)
    conn.execute(update(t.audit).where(a.org_id == org_id, a.version == HELD, a.at < cutoff)
                 .values(version=version))
    return int(released.rowcount)
