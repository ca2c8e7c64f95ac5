"""The last Insights figures fetched for each filter set, kept in the local file so that the
page (and `frontline report`) can show them with "as of <time>" when the server cannot be
reached, also after the app restarts. Each entry belongs to the person whose scope it
covers: another reviewer signed in on the same PC never sees it.

    save_figures(db, key, user_id, doc)         # after every fetch
    load_figures(db, key, user_id)              # CachedFigures | None
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from frontline.core.ids import utc_now
from frontline.store.db import store_errors, write_transaction

#: entries kept per person (the oldest go first): a leader tries a few dozen filter sets
KEEP = 50


@dataclass(frozen=True)
class CachedFigures:
    """A `/v1/insights` answer as it was fetched, and when (UTC, `core.ids` format)."""

    doc: dict[str, Any]
    fetched_at: str


@store_errors
def save_figures(db: Database, key: str, user_id: str, doc: dict[str, Any], *,
                 fetched_at: str | None = None) -> None:
    """Keep `doc` as the figures of filter set `key` for `user_id` (replacing older ones),
    and forget that person's oldest entries beyond `KEEP`."""
    with write_transaction(db):
        db.execute("INSERT OR REPLACE INTO insights_cache (key, user_id, doc, fetched_at) "
                   "VALUES (?, ?, ?, ?)",
                   [_key(key, user_id), user_id, json.dumps(doc, ensure_ascii=False),
                    fetched_at or utc_now()])
        db.execute("DELETE FROM insights_cache WHERE user_id = ? AND key NOT IN (SELECT key "
                   "FROM insights_cache WHERE user_id = ? ORDER BY fetched_at DESC LIMIT ?)",
                   [user_id, user_id, KEEP])


@store_errors
def load_figures(db: Database, key: str, user_id: str) -> CachedFigures | None:
    """The figures last fetched for filter set `key` by `user_id`, or None."""
    row = db.execute("SELECT doc, fetched_at FROM insights_cache WHERE key = ?",
                     [_key(key, user_id)]).fetchone()
    if row is None:
        return None
    return CachedFigures(json.loads(row[0]), row[1])


@store_errors
def latest_figures(db: Database, user_id: str | None = None) -> CachedFigures | None:
    """The most recently fetched figures (of `user_id`, or of anyone), or None."""
    sql = "SELECT doc, fetched_at FROM insights_cache"
    args: list[str] = []
    if user_id is not None:
        sql += " WHERE user_id = ?"
        args.append(user_id)
    row = db.execute(sql + " ORDER BY fetched_at DESC LIMIT 1", args).fetchone()
    return None if row is None else CachedFigures(json.loads(row[0]), row[1])


@store_errors
def forget_figures(db: Database, user_id: str | None = None) -> int:
    """Remove the kept figures (of `user_id`, or all); returns how many."""
    with write_transaction(db):
        if user_id is None:
            return db.execute("DELETE FROM insights_cache").rowcount
        return db.execute("DELETE FROM insights_cache WHERE user_id = ?", [user_id]).rowcount


def _key(key: str, user_id: str) -> str:
    return f"{user_id}|{key}"
