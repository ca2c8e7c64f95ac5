"""Searching and ordering the list of observations fast enough for 200k rows.

Typed text becomes a safe FTS5 query. A search that matches many rows is not sorted in
SQL (that would look up every matching row in the big table): the full order of all rows,
which the unfiltered list has just read from an index, is kept per connection until the
file changes, and the matches are picked from it in Python.

A list's first screen does not wait for the whole list (`first_matching_rowids`): the rows
are walked in the list's order, a few hundred at a time, and tested one by one (the SQL
conditions on those rows only; the words in a scratch in-memory FTS5 table with the same
tokenizer, so that a word matches exactly as the file's index would match it). When the
first rows cannot be found that way cheaply, the whole list is computed.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
import weakref
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

MAX_WORDS = 16
# Above this many matches, picking from the kept order beats sorting in SQL.
FEW_MATCHES = 2000
# The first rows of a list are looked for in at most FIRST_SCAN rows of its order (under
# 1 µs each), of which at most FIRST_CHECK are looked up for the list's conditions (about
# 2 µs each) and at most FIRST_SCAN_WITH_WORDS have their words tested row by row (about
# 25 µs each); past that, the whole list is computed.
FIRST_SCAN = 40000
FIRST_CHECK = 6000
FIRST_SCAN_WITH_WORDS = 600

Keep = Callable[[list[int]], list[int]]  # keeps some rowids, in the order given

# Kept as a packed array: 1.6 MB for 200k rows instead of 7 MB of Python ints.
_ORDER: weakref.WeakKeyDictionary[Database, tuple[Any, array[int]]] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class FirstRows:
    """The first rowids of a list, in its order. `complete`: they are the whole list; else
    the full query (`matching_rowids`, `inbox_rowids`, ...) brings the rest, and its first
    rows are these ones unless the file changed in between."""

    rowids: list[int]
    complete: bool


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


def first_matching_rowids(db: Database, *, text: str, where: Sequence[str],
                          params: Sequence[Any], order_by: str, descending: bool, limit: int,
                          full: Callable[[], list[int]],
                          within: Callable[[], Keep | None] | None = None) -> FirstRows:
    """The first `limit` rowids of the list `full()` computes (observations matching `text`
    and `where`, in the order of `matching_rowids`), found without reading every match.
    `within()`, if given, is called in the same read transaction as the walk and may return
    a quick test in Python that keeps (in order) the rowids that can meet `where` then, so
    that fewer rows are looked up.

    A list whose first rows are not found that way (a narrow filter, few matches, a sort
    order no index gives) comes whole from `full()`, with `complete` set."""
    with read_snapshot(db):  # every window (and the whole list) from one state of the file
        window = _window_source(db, order_by, descending) if limit > 0 else None
        first = None if window is None else _first_rows(
            db, window, within() if within else None, fts_query(text), where, params, limit)
        return FirstRows(full(), True) if first is None else first


@contextmanager
def read_snapshot(db: Database) -> Iterator[None]:
    """A read transaction (WAL: one snapshot of the file), unless one is open already.
    `PRAGMA data_version` inside it is the snapshot's, so what is kept is labelled right."""
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("BEGIN")
    try:
        yield
    finally:
        db.conn.execute("COMMIT")


def _first_rows(db: Database, window: Callable[[int, int], list[int]],
                within: Keep | None, match: str,
                where: Sequence[str], params: Sequence[Any], limit: int) -> FirstRows | None:
    """Walk the order `window(offset, size)` gives (less what `within` leaves out), keeping
    the rows that match, until `limit` are found (None: when that would cost more than
    computing the whole list).

    Words are first tested row by row in the scratch FTS5 table; when they are rarer than
    that can afford, every match is read from the file's index (fewer than for a common
    word) and each row is tested against that set."""
    found: list[int] = []
    matches: set[int] | None = None  # every match, once read
    scanned = tested = checked = 0
    size = limit // 2 + 8  # half a screen first: a rare word costs little before the rest
    while True:
        walked = window(scanned, size)
        rowids = walked if within is None else within(walked)
        if matches is not None:
            candidates = [r for r in rowids if r in matches]
            checked += len(candidates)
            hits, _ = _passing(db, candidates, "", where, params)
        elif match:
            hits, count = _passing(db, rowids, match, where, params)
            tested += count
        else:
            checked += len(rowids)
            hits, _ = _passing(db, rowids, "", where, params)
        found += hits
        scanned += len(walked)
        if len(walked) < size:
            return FirstRows(found, True)  # the whole list was walked
        if len(found) >= limit:
            return FirstRows(found[:limit], False)
        # as many more rows as the rate of matches so far predicts, and a quarter
        size = int((limit - len(found)) * scanned / max(len(found), 0.5) * 1.25) + 8
        if scanned + size > FIRST_SCAN:
            return None
        if matches is None and match:
            if tested + size * tested / scanned <= FIRST_SCAN_WITH_WORDS:
                continue
            matches = set(_ints(db, "SELECT json_group_array(rowid) FROM observations_fts "
                                    "WHERE observations_fts MATCH ?", [match]))
            if len(matches) <= FEW_MATCHES:
                return None  # few enough to sort in SQL
            continue
        if where and checked + size * checked / scanned > FIRST_CHECK:
            return None


def _passing(db: Database, rowids: list[int], match: str, where: Sequence[str],
             params: Sequence[Any]) -> tuple[list[int], int]:
    """The rowids (in the given order) whose rows meet `where` and contain the words, and
    how many rows had their words tested."""
    if not rowids:
        return [], 0
    condition = f" AND {' AND '.join(where)}" if where else ""
    if not match:
        if not where:
            return rowids, 0
        hits = set(_ints(db, f"SELECT json_group_array(o.rowid) FROM observations o "
                             f"WHERE o.rowid IN (SELECT value FROM json_each(?)){condition}",
                             [json.dumps(rowids), *params]))
        return [r for r in rowids if r in hits], 0
    rows = db.execute(
        f"SELECT o.rowid{''.join(f', o.{c}' for c in _fts_columns(db))} FROM observations o "
        f"WHERE o.rowid IN (SELECT value FROM json_each(?)){condition}",
        [json.dumps(rowids), *params]).fetchall()
    hits = _probe_matches(db, rows, match)
    return [r for r in rowids if r in hits], len(rows)


# --- the scratch FTS5 table: does this row contain these words? --------------------------

# Per connection of the file: an in-memory SQLite with an FTS5 table like observations_fts
# (same columns and tokenizer), empty between uses (filled and rolled back each time).
_PROBE: weakref.WeakKeyDictionary[Database, tuple[int, sqlite3.Connection, list[str]]] = \
    weakref.WeakKeyDictionary()


def _fts_columns(db: Database) -> list[str]:
    return _probe(db)[1]


def _probe(db: Database) -> tuple[sqlite3.Connection, list[str]]:
    """The scratch table for `db`, made again if the file's schema changed (a migration)."""
    schema = db.execute("PRAGMA schema_version").fetchone()[0]
    kept = _PROBE.get(db)
    if kept is not None and kept[0] == schema:
        return kept[1], kept[2]
    if kept is not None:
        kept[1].close()
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'observations_fts'").fetchone()[0]
    tokenize = re.search(r"tokenize\s*=\s*('(?:[^']|'')*')", sql)
    columns = [row[1] for row in db.execute("PRAGMA table_info(observations_fts)")]
    scratch = sqlite3.connect(":memory:", isolation_level=None)
    scratch.execute(f"CREATE VIRTUAL TABLE probe USING fts5({', '.join(columns)}, content=''"
                    f"{', tokenize=' + tokenize.group(1) if tokenize else ''})")
    _PROBE[db] = (schema, scratch, columns)
    return scratch, columns


def _probe_matches(db: Database, rows: list[tuple[Any, ...]], match: str) -> set[int]:
    """The rowids of `rows` (rowid, then the FTS columns' text) that `match` finds."""
    if not rows:
        return set()
    scratch, columns = _probe(db)
    scratch.execute("BEGIN")
    try:
        scratch.executemany(
            f"INSERT INTO probe (rowid, {', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in range(len(columns) + 1))})", rows)
        return {r for (r,) in scratch.execute("SELECT rowid FROM probe WHERE probe MATCH ?",
                                              [match])}
    finally:
        scratch.execute("ROLLBACK")


# --- the order of all rows ---------------------------------------------------------------


def _window_source(db: Database, order_by: str, descending: bool
                   ) -> Callable[[int, int], list[int]] | None:
    """Rows `offset`..`offset + size` of the order of all rows: from the kept order, else from
    SQL when an index gives that order (no sort of every row); None when neither can."""
    if order_is_kept(db, order_by, descending):
        kept = _order(db, order_by, descending)
        return lambda offset, size: list(kept[offset:offset + size])
    if not _indexed(db, order_by, descending):
        return None
    sql = _sorted_sql([], order_by, descending, joined=False, window=True)
    return lambda offset, size: _ints(db, sql, [size, offset])


def _indexed(db: Database, order_by: str, descending: bool) -> bool:
    """True when SQLite reads the order from an index (no temporary B-tree to sort)."""
    plan = db.execute("EXPLAIN QUERY PLAN SELECT rowid FROM (" + _sorted_sql(
        [], order_by, descending, joined=False, window=True, plain=True) + ")",
        [1, 0]).fetchall()
    return not any("TEMP B-TREE" in str(row[-1]) for row in plan)


def order_is_kept(db: Database, order_by: str, descending: bool) -> bool:
    """True when the order of all rows is kept and still true (nothing changed the file)."""
    kept = _ORDER.get(db)
    return kept is not None and kept[0] == _version(db, order_by, descending)


def _version(db: Database, order_by: str, descending: bool) -> tuple[Any, ...]:
    # another connection's commit changes `data_version`; this one's, `total_changes`
    return (db.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes,
            order_by, descending)


def _order_list(db: Database, order_by: str, descending: bool) -> list[int]:
    """`_order` as a new list (what the unfiltered list view gets)."""
    rowids = _order(db, order_by, descending)
    return rowids.tolist() if isinstance(rowids, array) else rowids


def _order(db: Database, order_by: str, descending: bool) -> array[int] | list[int]:
    """Every rowid in the given order, read once and kept until the file changes."""
    version = _version(db, order_by, descending)
    kept = _ORDER.get(db)
    if kept is not None and kept[0] == version:
        return kept[1]
    rowids = _ints(db, _sorted_sql([], order_by, descending, joined=False), [])
    _ORDER[db] = (version, array("q", rowids))
    return rowids


def _sorted_sql(where: Sequence[str], order_by: str, descending: bool, *, joined: bool,
                window: bool = False, plain: bool = False) -> str:
    """The rowids meeting `where`, sorted, as one JSON array (`plain`: as rows); `window`:
    only `LIMIT ? OFFSET ?` of them."""
    direction = "DESC" if descending else "ASC"
    # ties newest first: each sort key has an index on (key, observed_at)
    keys = dict.fromkeys([order_by, "observed_at", "rowid"])
    source = ("observations_fts CROSS JOIN observations o ON o.rowid = observations_fts.rowid"
              if joined else "observations o")
    inner = (f"SELECT o.rowid FROM {source}"
             f"{' WHERE ' + ' AND '.join(where) if where else ''} "
             f"ORDER BY {', '.join(f'o.{k} {direction}' for k in keys)}"
             f"{' LIMIT ? OFFSET ?' if window else ''}")
    return inner if plain else f"SELECT json_group_array(rowid) FROM ({inner})"


def _ints(db: Database, sql: str, params: Sequence[Any]) -> list[int]:
    # One JSON array instead of a Python tuple per row: 200k rowids arrive far faster.
    rowids: list[int] = json.loads(db.execute(sql, list(params)).fetchone()[0])
    return rowids
