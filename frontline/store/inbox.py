"""The team inbox's query, in the local file: which observations a reviewer sees, filtered,
searched and sorted, and how many are new since they last looked.

The inbox lists what the manager's pull brought in: observations the server has sent
(`server_version` is set) of the stores in the manager's scope, never withdrawn ones.
A leader's inbox lists escalations first (`escalated_first`). The review commands are in
`frontline.store.review`.
"""

from __future__ import annotations

import dataclasses
import json
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from frontline.core.errors import BugError
from frontline.core.ids import utc_now
from frontline.core.model import Status
from frontline.store import outbox, search
from frontline.store.db import store_errors
from frontline.store.observations import ORDERABLE
from frontline.store.search import FirstRows, first_matching_rowids, matching_rowids


def _seen_key(user_id: str) -> str:
    return f"inbox_seen:{user_id}"



# --- the inbox query ---------------------------------------------------------------------


@dataclass(frozen=True)
class InboxQuery:
    """What the inbox shows: search text, filters (empty = all) and sort order.

    `store_ids` is the manager's scope (None: every store the file holds, for leaders and
    admins). `anonymous`: True only anonymous ones, False only named ones. `since`/`until`
    are UTC times as stored (`observed_at` >= since, < until)."""

    text: str = ""
    store_ids: tuple[str, ...] | None = ()
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    customer_types: tuple[str, ...] = ()
    severities: tuple[int, ...] = ()
    switch_risk: bool | None = None
    since: str | None = None
    until: str | None = None
    author_id: str | None = None
    anonymous: bool | None = None
    escalated_only: bool = False
    escalated_first: bool = False  # a leader's inbox: escalations on top, each part in order
    order_by: str = "observed_at"
    descending: bool = True


def _scope_where(store_ids: tuple[str, ...] | None) -> tuple[list[str], list[Any]]:
    """Reached the server (pulled, or sent and confirmed), not withdrawn, in scope."""
    where = ["(o.server_version IS NOT NULL OR o.sync_state = 'synced')",
             "o.status != 'withdrawn'"]
    params: list[Any] = []
    if store_ids is not None:
        if not store_ids:
            return ["0"], []
        where.append(f"o.store_id IN ({', '.join('?' for _ in store_ids)})")
        params.extend(store_ids)
    return where, params


def _where(query: InboxQuery) -> tuple[list[str], list[Any]]:
    where, params = _scope_where(query.store_ids)
    filters, more = _filter_where(query)
    return where + filters, params + more


def _filter_where(query: InboxQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for column, values in (("status", query.statuses), ("kind", query.kinds),
                           ("category", query.categories), ("department", query.departments),
                           ("channel", query.channels), ("customer_type", query.customer_types),
                           ("severity", query.severities)):
        if values:
            where.append(f"o.{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    if query.switch_risk is not None:
        where.append("o.switch_risk = ?")
        params.append(int(query.switch_risk))
    if query.since:
        where.append("o.observed_at >= ?")
        params.append(query.since)
    if query.until:
        where.append("o.observed_at < ?")
        params.append(query.until)
    if query.author_id:
        where.append("o.author_id = ?")
        params.append(query.author_id)
    if query.anonymous is not None:
        where.append("o.anonymous = ?")
        params.append(int(query.anonymous))
    if query.escalated_only:
        where.append("o.escalated = 1")
    return where, params


@dataclass(frozen=True)
class _Scope:
    rowids: frozenset[int]
    left_out: bool  # True: `rowids` are the ones the scope leaves out

    def pick(self, rowids: Iterable[int]) -> list[int]:
        """`rowids` in scope, in the order given."""
        if self.left_out:
            out = self.rowids
            return [r for r in rowids if r not in out]
        keep = self.rowids
        return [r for r in rowids if r in keep]


# The inbox's scope as a set of rowids, kept per connection until the file changes: the
# unfiltered inbox and a search matching thousands of rows then pick from the kept order of
# all rows (`search._order`) instead of sorting 200k rows in SQL on every paint. Every
# store's scope is kept as the few rows it leaves out (withdrawn, never sent), not as the
# 200k it holds: found through indexes, and a set of a few thousand is quick to rebuild.
_SCOPE: weakref.WeakKeyDictionary[Database, tuple[Any, _Scope]] = weakref.WeakKeyDictionary()


def _kept_scope(db: Database, store_ids: tuple[str, ...] | None) -> _Scope | None:
    """The kept scope if it is still true, else None (nothing is read)."""
    kept = _SCOPE.get(db)
    return kept[1] if kept is not None and kept[0] == _scope_version(db, store_ids) else None


def _scope_version(db: Database, store_ids: tuple[str, ...] | None) -> tuple[Any, ...]:
    return (db.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes,
            store_ids)


def _scope(db: Database, store_ids: tuple[str, ...] | None) -> _Scope:
    version = _scope_version(db, store_ids)
    kept = _SCOPE.get(db)
    if kept is not None and kept[0] == version:
        return kept[1]
    if store_ids is None:
        # every store: all rows but the few left out, found through indexes (status, sync
        # state) instead of reading 200k rows
        scope = _Scope(frozenset(json.loads(db.execute(
            "SELECT json_group_array(rowid) FROM observations o WHERE o.status = 'withdrawn' "
            "OR (o.sync_state IN ('queued', 'quarantined') AND o.server_version IS NULL)"
        ).fetchone()[0])), left_out=True)
    else:
        where, params = _scope_where(store_ids)
        scope = _Scope(frozenset(json.loads(db.execute(
            f"SELECT json_group_array(rowid) FROM observations o WHERE {' AND '.join(where)}",
            params).fetchone()[0])), left_out=False)
    _SCOPE[db] = (version, scope)
    return scope


@store_errors
def inbox_rowids(db: Database, query: InboxQuery) -> list[int]:
    """Rowids of the inbox's observations matching `query`, in its order (search, filters
    and sort in SQL or from the kept order; fetch the visible ones with
    `observations.fetch_rows`). For the first screen, `inbox_first_rowids` is quicker."""
    rowids = _inbox_rowids(db, query)
    if not query.escalated_first:
        return rowids
    flagged = set(json.loads(db.execute(
        "SELECT json_group_array(rowid) FROM observations WHERE escalated = 1").fetchone()[0]))
    if not flagged:
        return rowids
    return [r for r in rowids if r in flagged] + [r for r in rowids if r not in flagged]


@store_errors
def inbox_first_rowids(db: Database, query: InboxQuery, limit: int = 100) -> FirstRows:
    """The first `limit` rowids of `inbox_rowids(db, query)` (the same rows, in the same
    order), quickly even when a word is in most rows or a sync has just changed the file.

    When `complete` is False, show these and then run `inbox_rowids` for the whole list
    (its count, and the rows further down)."""
    if query.order_by not in ORDERABLE:
        raise BugError(f"Cannot sort the inbox by {query.order_by!r}")
    with search.read_snapshot(db):  # both parts from one state of the file
        return _first_rowids(db, query, limit)


def _first_rowids(db: Database, query: InboxQuery, limit: int) -> FirstRows:
    if not query.escalated_first:
        return _first(db, query, limit, lambda: _inbox_rowids(db, query))
    # escalations on top: the first rows among them, then (if they are fewer) the others
    on_top = dataclasses.replace(query, escalated_only=True, escalated_first=False)
    top = _first(db, on_top, limit, lambda: _inbox_rowids(db, on_top))
    if query.escalated_only:
        return top
    if not top.complete or len(top.rowids) >= limit:
        return FirstRows(top.rowids[:limit], False)
    below = dataclasses.replace(query, escalated_first=False)

    def not_escalated() -> list[int]:
        flagged = set(json.loads(db.execute(
            "SELECT json_group_array(rowid) FROM observations WHERE escalated = 1"
        ).fetchone()[0]))
        return [r for r in _inbox_rowids(db, below) if r not in flagged]

    rest = _first(db, below, limit - len(top.rowids), not_escalated,
                  extra="NOT o.escalated = 1")
    rowids = top.rowids + rest.rowids
    return FirstRows(rowids if rest.complete else rowids[:limit], rest.complete)


def _first(db: Database, query: InboxQuery, limit: int, full: Callable[[], list[int]],
           extra: str = "") -> FirstRows:
    where, params = _where(query)

    def within() -> search.Keep | None:  # fewer rows to look up, when the scope is at hand
        scope = _kept_scope(db, query.store_ids)
        return None if scope is None else scope.pick

    return first_matching_rowids(db, text=query.text, where=[*where, extra] if extra else where,
                                 params=params, order_by=query.order_by,
                                 descending=query.descending, limit=limit, full=full,
                                 within=within)


def _inbox_rowids(db: Database, query: InboxQuery) -> list[int]:
    if query.order_by not in ORDERABLE:
        raise BugError(f"Cannot sort the inbox by {query.order_by!r}")
    filters, more = _filter_where(query)
    match = search.fts_query(query.text)
    if not filters and not match:
        return _scope(db, query.store_ids).pick(
            search._order(db, query.order_by, query.descending))
    if match:
        found = json.loads(db.execute(
            "SELECT json_group_array(rowid) FROM observations_fts WHERE observations_fts "
            "MATCH ?", [match]).fetchone()[0])
        if len(found) > search.FEW_MATCHES:
            scope = _scope(db, query.store_ids)
            wanted = set(scope.pick(found))
            if filters:
                wanted.intersection_update(json.loads(db.execute(
                    f"SELECT json_group_array(rowid) FROM observations o "
                    f"WHERE {' AND '.join(filters)}", more).fetchone()[0]))
            return [r for r in search._order(db, query.order_by, query.descending)
                    if r in wanted]
    where, params = _where(query)
    return matching_rowids(db, text=query.text, where=where, params=params,
                           order_by=query.order_by, descending=query.descending)


def scope_store_ids(user: Mapping[str, Any], reference: Mapping[str, Any]
                    ) -> tuple[str, ...] | None:
    """The stores a signed-in reviewer's inbox shows (`user` as `device.signed_in` keeps it,
    `reference` as `remote.stored_reference`): a manager their store, a leader their region's
    stores (every store without a region), an admin every store (None). Anyone else: none."""
    role = user.get("role")
    if role == "admin":
        return None
    if role == "leader":
        region = user.get("region_id")
        if not region:
            return None
        return tuple(str(s["id"]) for s in reference.get("stores") or ()
                     if s.get("region_id") == region)
    if role == "manager" and user.get("store_id"):
        return (str(user["store_id"]),)
    return ()


@store_errors
def new_since_seen(db: Database, user_id: str, store_ids: tuple[str, ...] | None) -> int:
    """How many inbox observations arrived on the server after `user_id` last looked
    (`mark_seen`) and are still new; all new ones when they never looked."""
    where, params = _where(InboxQuery(store_ids=store_ids, statuses=(Status.NEW.value,)))
    seen = outbox.get_state(db, _seen_key(user_id))
    if seen:
        where.append("coalesce(o.received_at, o.updated_at) > ?")
        params.append(seen)
    value: int = db.execute(f"SELECT count(*) FROM observations o WHERE {' AND '.join(where)}",
                            params).fetchone()[0]
    return value


@store_errors
def mark_seen(db: Database, user_id: str, at: str | None = None) -> None:
    """Remember that `user_id` looked at the inbox now (or `at`)."""
    outbox.set_state(db, _seen_key(user_id), at or utc_now())
