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

from sqlalchemy import Connection, update

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
