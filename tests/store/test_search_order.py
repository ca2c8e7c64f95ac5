"""The inbox and My observations list exactly the rows a plain SQL `ORDER BY` lists, in the
same order, however they get there: the kept order of all rows, a search matching most rows,
the first screen found before the whole list (`inbox_first_rowids`, `query_first_rowids`),
and after the file changed under them (inserts, a changed sort column, deletes, withdrawn
observations, pulls written by another connection)."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from sqlite_utils import Database

from frontline.store import search
from frontline.store.db import Store
from frontline.store.demo import fill_demo
from frontline.store.inbox import InboxQuery, inbox_first_rowids, inbox_rowids
from frontline.store.observations import (
    ObservationQuery,
    query_first_rowids,
    query_rowids,
    save_observation,
)
from tests.helpers.store import make

# Texts the demo data does not have: diacritics, case and punctuation, so that the scratch
# FTS5 table's tokenizer is compared with the file's on them.
ODD_TEXTS = ("Café closed early, customer upset", "CAFE queue at the Über counter",
             "don't make the customer wait", "Naïve refund rule: dont refund online",
             "Customer-service desk empty", "customers asked for the café menu")


def _plain(db: Database, query: InboxQuery) -> list[int]:
    """The inbox as one SQL statement, written independently of `frontline.store.inbox`."""
    where = ["(o.server_version IS NOT NULL OR o.sync_state = 'synced')",
             "o.status != 'withdrawn'"]
    params: list[Any] = []
    if query.store_ids is not None:
        where.append(f"o.store_id IN ({', '.join('?' * len(query.store_ids)) or 'NULL'})")
        params += query.store_ids
    for column, values in (("status", query.statuses), ("kind", query.kinds),
                           ("severity", query.severities), ("channel", query.channels)):
        if values:
            where.append(f"o.{column} IN ({', '.join('?' * len(values))})")
            params += values
    if query.escalated_only:
        where.append("o.escalated = 1")
    match = search.fts_query(query.text)
    if match:
        where.append("o.rowid IN (SELECT rowid FROM observations_fts "
                     "WHERE observations_fts MATCH ?)")
        params.append(match)
    direction = "DESC" if query.descending else "ASC"
    first = "o.escalated DESC, " if query.escalated_first else ""
    return [r for (r,) in db.execute(
        f"SELECT o.rowid FROM observations o WHERE {' AND '.join(where)} ORDER BY {first}"
        f"o.{query.order_by} {direction}, o.observed_at {direction}, o.rowid {direction}",
        params)]


def _plain_mine(db: Database, query: ObservationQuery) -> list[int]:
    where, params = ["1"], []
    if query.kinds:
        where.append(f"o.kind IN ({', '.join('?' * len(query.kinds))})")
        params += query.kinds
    if query.mine_only:
        where.append("o.author_id IS ?")
        params.append(query.author_id)
    match = search.fts_query(query.text)
    if match:
        where.append("o.rowid IN (SELECT rowid FROM observations_fts "
                     "WHERE observations_fts MATCH ?)")
        params.append(match)
    direction = "DESC" if query.descending else "ASC"
    return [r for (r,) in db.execute(
        f"SELECT o.rowid FROM observations o WHERE {' AND '.join(where)} "
        f"ORDER BY o.{query.order_by} {direction}, o.observed_at {direction}, "
        f"o.rowid {direction}", params)]


def _filled(db: Database) -> None:
    fill_demo(db, count=600, seed=3)
    for n, text in enumerate(ODD_TEXTS * 4):
        save_observation(db, make(text, observed_at=f"2026-0{1 + n % 9}-0{1 + n % 9}T10:00:00Z"))
    # most rows pulled from the server, a few escalated
    db.execute("UPDATE observations SET server_version = 1 WHERE rowid % 5 != 0")
    db.execute("UPDATE observations SET escalated = 1 WHERE rowid % 23 = 0")
    db.conn.commit()


def _change(db: Database, rng: random.Random) -> None:
    """What saves and pulls do to the file: every kind of change that moves a row in or out
    of a list, or to another place in it."""
    rowids = [r for (r,) in db.execute("SELECT rowid FROM observations")]
    picked = rng.sample(rowids, 12)
    stamp = f"2026-{rng.randint(1, 12):02}-{rng.randint(10, 28)}T0{rng.randint(0, 9)}:00:00.000Z"
    db.execute("UPDATE observations SET observed_at = ? WHERE rowid IN (?, ?)",
               [stamp, *picked[:2]])
    db.execute("UPDATE observations SET status = 'closed', updated_at = ? WHERE rowid = ?",
               [stamp, picked[2]])
    db.execute("UPDATE observations SET status = 'withdrawn' WHERE rowid = ?", [picked[3]])
    db.execute("DELETE FROM observations WHERE rowid = ?", [picked[4]])
    db.execute("UPDATE observations SET server_version = 7 WHERE rowid = ?", [picked[5]])
    db.execute("UPDATE observations SET escalated = 1 - escalated WHERE rowid = ?", [picked[6]])
    db.execute("UPDATE observations SET summary = ? WHERE rowid = ?",
               [rng.choice(ODD_TEXTS), picked[7]])
    db.execute("UPDATE observations SET severity = ? WHERE rowid = ?",
               [rng.randint(1, 5), picked[8]])
    db.conn.commit()
    save_observation(db, make(rng.choice(ODD_TEXTS), observed_at=stamp))


INBOX_QUERIES = [
    InboxQuery(store_ids=None),
    InboxQuery(store_ids=None, text="customer"),
    InboxQuery(store_ids=None, text="cust"),
    InboxQuery(store_ids=None, text="cafe"),
    InboxQuery(store_ids=None, text="don't"),
    InboxQuery(store_ids=None, text="customer refund "),
    InboxQuery(store_ids=None, text="Über"),
    InboxQuery(store_ids=None, text="no such words"),
    InboxQuery(store_ids=None, text="customer", statuses=("new",), severities=(3, 4, 5)),
    InboxQuery(store_ids=None, statuses=("new",)),
    InboxQuery(store_ids=None, text="the", order_by="kind"),
    InboxQuery(store_ids=None, text="customer", order_by="status", descending=False),
    InboxQuery(store_ids=None, order_by="severity"),
    InboxQuery(store_ids=None, text="customer", escalated_first=True),
    InboxQuery(store_ids=None, escalated_first=True),
    InboxQuery(store_ids=None, text="customer", escalated_only=True),
    InboxQuery(store_ids=()),
]

# (few matches sorted in SQL, rows tested in the scratch FTS5 table before reading every
# match, rows walked and rows looked up for the first screen): the defaults, then each
# other way through
Way = tuple[int, int, int, int]
WAYS: list[Way] = [
    (search.FEW_MATCHES, search.FIRST_SCAN_WITH_WORDS, search.FIRST_SCAN, search.FIRST_CHECK),
    (0, 0, 10**6, 10**6), (10**9, 10**6, 10**6, 10**6), (0, 10**6, 3, 10**6), (0, 0, 10**6, 5)]


def _set_ways(monkeypatch: pytest.MonkeyPatch, way: Way) -> None:
    few, with_words, scan, check = way
    monkeypatch.setattr(search, "FEW_MATCHES", few)
    monkeypatch.setattr(search, "FIRST_SCAN_WITH_WORDS", with_words)
    monkeypatch.setattr(search, "FIRST_SCAN", scan)
    monkeypatch.setattr(search, "FIRST_CHECK", check)


def _check_first(first: search.FirstRows, whole: list[int], limit: int) -> None:
    if first.complete:
        assert first.rowids == whole
    else:
        assert first.rowids == whole[:limit]
        assert len(first.rowids) == limit


@pytest.mark.parametrize("way", WAYS)
def test_inbox_lists_what_plain_sql_lists_while_the_file_changes(
    store: Store, db: Database, monkeypatch: pytest.MonkeyPatch, way: Way
) -> None:
    _filled(db)
    _set_ways(monkeypatch, way)
    [[one_store]] = db.execute("SELECT store_id FROM observations GROUP BY store_id "
                               "ORDER BY count(*) DESC LIMIT 1")
    queries = [*INBOX_QUERIES, InboxQuery(store_ids=(one_store,), text="customer"),
               InboxQuery(store_ids=(one_store,))]
    rng = random.Random(11)
    for round_ in range(4):
        for query in queries:
            expected = _plain(db, query)
            # first screens before and after the whole list (which keeps an order)
            _check_first(inbox_first_rowids(db, query, 7), expected, 7)
            assert inbox_rowids(db, query) == expected, (round_, query)
            for limit in (1, 7, 40):
                _check_first(inbox_first_rowids(db, query, limit), expected, limit)
        if round_ == 2:  # a pull written by another connection (the sync worker's)
            worker = threading.Thread(target=lambda: _change(store.connection(), rng))
            worker.start()
            worker.join()
        else:
            _change(db, rng)


MINE_QUERIES = [
    ObservationQuery(),
    ObservationQuery(text="customer"),
    ObservationQuery(text="café"),
    ObservationQuery(text="customer", kinds=("pain_point",), order_by="kind"),
    ObservationQuery(text="refund", descending=False),
    ObservationQuery(mine_only=True, author_id=None, text="customer"),
    ObservationQuery(order_by="summary"),
    ObservationQuery(text="customer wait"),
]


@pytest.mark.parametrize("way", WAYS)
def test_my_observations_list_what_plain_sql_lists_while_the_file_changes(
    db: Database, monkeypatch: pytest.MonkeyPatch, way: Way
) -> None:
    _filled(db)
    _set_ways(monkeypatch, way)
    rng = random.Random(5)
    for round_ in range(3):
        for query in MINE_QUERIES:
            expected = _plain_mine(db, query)
            _check_first(query_first_rowids(db, query, 9), expected, 9)
            assert query_rowids(db, query) == expected, (round_, query)
            for limit in (1, 9, 50):
                _check_first(query_first_rowids(db, query, limit), expected, limit)
        _change(db, rng)


def test_a_word_in_most_rows_shows_its_first_screen_without_reading_every_match(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filled(db)
    query = InboxQuery(store_ids=None, text="customer")
    inbox_rowids(db, InboxQuery(store_ids=None))  # the list is on screen before the search
    reads: list[str] = []
    db.conn.set_trace_callback(reads.append)
    try:
        first = inbox_first_rowids(db, query, 20)
    finally:
        db.conn.set_trace_callback(None)
    assert not first.complete and first.rowids == _plain(db, query)[:20]
    assert not any("observations_fts MATCH" in sql for sql in reads), reads


def test_right_after_a_sync_the_first_screen_does_not_wait_for_the_whole_order(
    store: Store, db: Database
) -> None:
    _filled(db)
    inbox_rowids(db, InboxQuery(store_ids=None))
    worker = threading.Thread(target=lambda: _change(store.connection(), random.Random(2)))
    worker.start()
    worker.join()
    reads: list[str] = []
    db.conn.set_trace_callback(reads.append)
    try:
        first = inbox_first_rowids(db, InboxQuery(store_ids=None), 30)
    finally:
        db.conn.set_trace_callback(None)
    assert not first.complete and first.rowids == _plain(db, InboxQuery(store_ids=None))[:30]
    assert all("LIMIT" in sql or "json_each" in sql for sql in reads
               if "ORDER BY" in sql)  # no read of every row's place


@pytest.mark.parametrize("make_query", [
    lambda: InboxQuery(store_ids=None, text="customer"),
    lambda: InboxQuery(store_ids=None, escalated_first=True),
])
def test_the_first_screen_and_the_whole_list_agree_at_every_size(
    db: Database, make_query: Callable[[], InboxQuery]
) -> None:
    _filled(db)
    query = make_query()
    whole = inbox_rowids(db, query)
    for limit in range(1, 60, 3):
        _check_first(inbox_first_rowids(db, query, limit), whole, limit)
    _check_first(inbox_first_rowids(db, replace(query, descending=False), 5),
                 inbox_rowids(db, replace(query, descending=False)), 5)
