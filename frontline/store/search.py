"""Searching and ordering the list of observations fast enough for 200k rows.

Typed text becomes a safe FTS5 query. A search that matches many rows is not sorted in
SQL (that would look up every matching row in the big table): the full order of all rows,
which the unfiltered list has just read from an index, is kept per connection until the
file changes, and the matches are picked from it in Python.
"""

from __future__ import annotations

import json
import unicodedata
import weakref
from array import array
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

MAX_WORDS = 16
# Above this many matches, picking from the kept order beats sorting in SQL.
FEW_MATCHES = 2000

# Kept as a packed array: 1.6 MB for 200k rows instead of 7 MB of Python ints.
_ORDER: weakref.WeakKeyDictionary[Database, tuple[Any, array[int]]] = weakref.WeakKeyDictionary()


def fts_query(text: str) -> str:
    """An FTS5 MATCH expression for typed `text`: every word must appear (in any order), and
    the last word matches as a prefix while the person is still typing it.

    Each word is quoted as a string, so FTS5 syntax typed by a person (`"`, `*`, `-`, `:`,
    `AND`, `NEAR(`, parentheses) is searched for as text and never raises. Chunks with no
    letter or digit (lone punctuation, emoji) are dropped, and so is a last word of one
    letter still being typed; "" means "no text filter".
    """
    chunks = text.split()
    words = [c for c in chunks if any(ch.isalnum() for ch in c)][:MAX_WORDS]
    if not words:
        return ""
    parts = ['"' + word.replace('"', '""') + '"' for word in words]
    still_typing = not text[-1:].isspace() and chunks[-1] == words[-1]
    if still_typing:
        if sum(ch.isalnum() for ch in words[-1]) < 2 and not _wide(words[-1]):
            # One letter typed so far matches nearly every row and costs a full index walk:
            # the search starts with the second letter.
            parts.pop()
        else:
            parts[-1] += "*"
    return " ".join(parts)


def _wide(word: str) -> bool:
    """True for scripts where one character is a word (Chinese, Japanese)."""
    return any(unicodedata.east_asian_width(ch) == "W" for ch in word)


def matching_rowids(db: Database, *, text: str, where: Sequence[str], params: Sequence[Any],
                    order_by: str, descending: bool) -> list[int]:
    """Rowids of observations matching `text` (typed) and the SQL conditions `where` on
    `observations o`, sorted by `order_by`, then newest first, then rowid."""
    match = fts_query(text)
    if match:
        found = _ints(db, "SELECT json_group_array(rowid) FROM observations_fts "
                          "WHERE observations_fts MATCH ?", [match])
        if len(found) > FEW_MATCHES:
            wanted = set(found)
            if where:
                wanted.intersection_update(_ints(
                    db, f"SELECT json_group_array(rowid) FROM observations o "
                        f"WHERE {' AND '.join(where)}", params))
            return [r for r in _order(db, order_by, descending) if r in wanted]
        where, params = ["observations_fts MATCH ?", *where], [match, *params]
    elif not where:
        return _order_list(db, order_by, descending)
    return _ints(db, _sorted_sql(where, order_by, descending, joined=bool(match)), params)


def _order_list(db: Database, order_by: str, descending: bool) -> list[int]:
    """`_order` as a new list (what the unfiltered list view gets)."""
    rowids = _order(db, order_by, descending)
    return rowids.tolist() if isinstance(rowids, array) else rowids


def _order(db: Database, order_by: str, descending: bool) -> array[int] | list[int]:
    """Every rowid in the given order, read once and kept until the file changes (another
    connection's commit changes `data_version`; this one's, `total_changes`)."""
    version = (db.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes,
               order_by, descending)
    kept = _ORDER.get(db)
    if kept is not None and kept[0] == version:
        return kept[1]
    rowids = _ints(db, _sorted_sql([], order_by, descending, joined=False), [])
    _ORDER[db] = (version, array("q", rowids))
    return rowids


def _sorted_sql(where: Sequence[str], order_by: str, descending: bool, *, joined: bool) -> str:
    direction = "DESC" if descending else "ASC"
    # ties newest first: each sort key has an index on (key, observed_at)
    keys = dict.fromkeys([order_by, "observed_at", "rowid"])
    source = ("observations_fts CROSS JOIN observations o ON o.rowid = observations_fts.rowid"
              if joined else "observations o")
    return (f"SELECT json_group_array(rowid) FROM (SELECT o.rowid FROM {source}"
            f"{' WHERE ' + ' AND '.join(where) if where else ''} "
            f"ORDER BY {', '.join(f'o.{k} {direction}' for k in keys)})")


def _ints(db: Database, sql: str, params: Sequence[Any]) -> list[int]:
    # One JSON array instead of a Python tuple per row: 200k rowids arrive far faster.
    rowids: list[int] = json.loads(db.execute(sql, list(params)).fetchone()[0])
    return rowids
