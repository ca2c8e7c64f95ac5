"""A manager's review, in the local file: the inbox query and the review commands.

Every command checks the change with `frontline.core.review.check_transition`, updates the
local row at once (the manager sees the change offline) and queues a `review.update` for
the server in the SAME transaction, naming `base_rev`: the server version of the
observation the manager looked at (`server_version`). The server decides conflicts; when a
change loses, `remote.apply_push_results` writes the server's state and records the reason
under `conflict_key(id)`, which `conflict_of` reads for the detail pane.

Two changes to one observation while the first is still queued are merged into one queued
mutation with the first one's `base_rev` (a second mutation naming the same base would
conflict with the first on the server).

The inbox lists what the manager's pull brought in: observations the server has sent
(`server_version` is set) of the stores in the manager's scope, never withdrawn ones.
Escalation lives in the columns `escalated` and `escalation_note` (migration 0002), set
by `escalate` and by pulls; a leader's inbox lists escalations first (`escalated_first`).
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from frontline.core.errors import BugError, TransitionError
from frontline.core.ids import utc_now
from frontline.core.model import Status
from frontline.core.review import check_transition
from frontline.store import outbox, search
from frontline.store.db import store_errors, write_transaction
from frontline.store.observations import ORDERABLE, ListedObservation, get_observation
from frontline.store.search import matching_rowids

OP = "review.update"
#: the fields a review may change (docs/sync-protocol.md, review.update)
REVIEW_CHANGES = frozenset({"status", "assignee_department", "response", "duplicate_of",
                            "wont_act_reason", "escalated", "escalation_note"})
_LOCAL_COLUMNS = frozenset({"status", "assignee_department", "response", "duplicate_of",
                            "wont_act_reason", "escalated", "escalation_note"})
RESPONSE_MAX = 2000
REASON_MAX = 1000


def conflict_key(obs_id: str) -> str:
    """Where the reason a review change lost on the server is kept."""
    return f"review_conflict:{obs_id}"


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


# The inbox's scope as a set of rowids, kept per connection until the file changes: the
# unfiltered inbox and a search matching thousands of rows then pick from the kept order of
# all rows (`search._order`) instead of sorting 200k rows in SQL on every paint.
_SCOPE: weakref.WeakKeyDictionary[Database, tuple[Any, frozenset[int]]] = \
    weakref.WeakKeyDictionary()


def _scope_set(db: Database, store_ids: tuple[str, ...] | None) -> frozenset[int]:
    version = (db.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes,
               store_ids)
    kept = _SCOPE.get(db)
    if kept is not None and kept[0] == version:
        return kept[1]
    if store_ids is None:
        # every store: all rows but the few left out, found through indexes (status, sync
        # state) instead of reading 200k rows
        left_out = set(json.loads(db.execute(
            "SELECT json_group_array(rowid) FROM observations o WHERE o.status = 'withdrawn' "
            "OR (o.sync_state IN ('queued', 'quarantined') AND o.server_version IS NULL)"
        ).fetchone()[0]))
        rowids = frozenset(r for r in search._order(db, "observed_at", True)
                           if r not in left_out)
    else:
        where, params = _scope_where(store_ids)
        rowids = frozenset(json.loads(db.execute(
            f"SELECT json_group_array(rowid) FROM observations o WHERE {' AND '.join(where)}",
            params).fetchone()[0]))
    _SCOPE[db] = (version, rowids)
    return rowids


@store_errors
def inbox_rowids(db: Database, query: InboxQuery) -> list[int]:
    """Rowids of the inbox's observations matching `query`, in its order (search, filters
    and sort in SQL or from the kept order; fetch the visible ones with
    `observations.fetch_rows`)."""
    rowids = _inbox_rowids(db, query)
    if not query.escalated_first:
        return rowids
    flagged = set(json.loads(db.execute(
        "SELECT json_group_array(rowid) FROM observations WHERE escalated = 1").fetchone()[0]))
    if not flagged:
        return rowids
    return [r for r in rowids if r in flagged] + [r for r in rowids if r not in flagged]


def _inbox_rowids(db: Database, query: InboxQuery) -> list[int]:
    if query.order_by not in ORDERABLE:
        raise BugError(f"Cannot sort the inbox by {query.order_by!r}")
    filters, more = _filter_where(query)
    match = search.fts_query(query.text)
    if not filters and not match:
        scope = _scope_set(db, query.store_ids)
        return [r for r in search._order(db, query.order_by, query.descending) if r in scope]
    if match:
        found = json.loads(db.execute(
            "SELECT json_group_array(rowid) FROM observations_fts WHERE observations_fts "
            "MATCH ?", [match]).fetchone()[0])
        if len(found) > search.FEW_MATCHES:
            wanted = set(found) & _scope_set(db, query.store_ids)
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


@store_errors
def conflict_of(db: Database, obs_id: str) -> str | None:
    """Why this PC's last review change of `obs_id` lost on the server, or None."""
    raw = outbox.get_state(db, conflict_key(obs_id))
    if not raw:
        return None
    value: str = json.loads(raw).get("reason", "")
    return value or None


@store_errors
def escalation_of(db: Database, obs_id: str) -> str | None:
    """The escalation note of `obs_id` when it is escalated, else None."""
    row = db.execute("SELECT escalated, escalation_note FROM observations WHERE id = ?",
                     [obs_id]).fetchone()
    return None if row is None or not row[0] else str(row[1] or "")


# --- the review commands -------------------------------------------------------------------


@store_errors
def review(db: Database, obs_id: str, changes: Mapping[str, Any]) -> ListedObservation:
    """Apply review `changes` to `obs_id` locally and queue them for the server, in one
    transaction; return the row as now stored. Raises `TransitionError` with a message for
    the manager when the status change is not allowed (e.g. won't act without a reason)."""
    unknown = set(changes) - REVIEW_CHANGES
    if unknown:
        raise BugError(f"Not review fields: {sorted(unknown)}")
    changes = {k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items()}
    if len(str(changes.get("response") or "")) > RESPONSE_MAX:
        raise TransitionError(f"The response is too long: keep it under {RESPONSE_MAX} "
                              "characters.")
    if len(str(changes.get("wont_act_reason") or "")) > REASON_MAX:
        raise TransitionError(f"The reason is too long: keep it under {REASON_MAX} characters.")
    with write_transaction(db):
        listed = get_observation(db, obs_id)
        if listed is None:
            raise BugError(f"No observation {obs_id} in the local file")
        if _server_version(db, obs_id) is None:
            raise TransitionError("This observation has not reached the server yet, so it "
                                  "cannot be reviewed. Sync, then try again.")
        obs = listed.observation
        department = changes.get("assignee_department")
        if department and db.execute("SELECT count(*) FROM departments").fetchone()[0] and \
                db.execute("SELECT 1 FROM departments WHERE code = ?", [department]).fetchone() \
                is None:
            raise TransitionError(f"“{department}” is not one of your organisation's "
                                  "departments. Choose one from the list.")
        if "status" in changes:
            check_transition(
                obs.status, changes["status"],
                reason=str(changes.get("wont_act_reason", obs.wont_act_reason) or ""),
                duplicate_of=changes.get("duplicate_of", obs.duplicate_of))
            if changes["status"] == Status.DUPLICATE and changes.get("duplicate_of") == obs_id:
                raise TransitionError("An observation cannot be a duplicate of itself: "
                                      "choose the original.")
        local = {k: int(v) if isinstance(v, bool) else v for k, v in changes.items()
                 if k in _LOCAL_COLUMNS}
        now = utc_now()
        if "response" in local:
            local["responded_at"] = now if local["response"] else None
        db.execute(
            f"UPDATE observations SET {''.join(f'{k} = ?, ' for k in local)}updated_at = ?, "
            "sync_state = 'queued', sync_error = '' WHERE id = ?", [*local.values(), now, obs_id])
        db.execute("DELETE FROM sync_state WHERE key = ?", [conflict_key(obs_id)])
        _queue(db, obs_id, dict(changes))
        stored = get_observation(db, obs_id)
    assert stored is not None
    return stored


def _server_version(db: Database, obs_id: str) -> int | None:
    row = db.execute("SELECT server_version FROM observations WHERE id = ?", [obs_id]).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def _queue(db: Database, obs_id: str, changes: dict[str, Any]) -> None:
    """Queue `changes`, merged into a review of `obs_id` still waiting (keeping its base)."""
    waiting = db.execute(
        "SELECT id, payload FROM outbox WHERE entity_id = ? AND op = ? AND quarantined = 0 "
        "ORDER BY seq DESC LIMIT 1", [obs_id, OP]).fetchone()
    base_rev = _server_version(db, obs_id) or 0
    if waiting is not None:
        payload = json.loads(waiting[1])
        base_rev = int(payload.get("base_rev", base_rev))
        changes = {**payload.get("changes", {}), **changes}
        db.execute("DELETE FROM outbox WHERE id = ?", [waiting[0]])
    outbox.enqueue(db, entity_id=obs_id, op=OP,
                   payload={"observation_id": obs_id, "base_rev": base_rev, "changes": changes})


def acknowledge(db: Database, obs_id: str) -> ListedObservation:
    """new → acknowledged: the manager has seen it."""
    return review(db, obs_id, {"status": Status.ACKNOWLEDGED.value})


def set_status(db: Database, obs_id: str, status: str) -> ListedObservation:
    """Move to `status` (in progress, action taken, closed, or reopen) when allowed."""
    if status in (Status.WONT_ACT, Status.DUPLICATE):
        raise BugError("Use wont_act() or mark_duplicate(): they need a reason or an original")
    return review(db, obs_id, {"status": status})


def assign_department(db: Database, obs_id: str, department: str | None) -> ListedObservation:
    """Give the observation to the department that owns the fix (None: nobody yet)."""
    return review(db, obs_id, {"assignee_department": department or None})


@store_errors
def respond(db: Database, obs_id: str, text: str) -> ListedObservation:
    """Write (or replace) the answer the author will read; the authors of the observations
    marked as its duplicates get the same answer (each queued as its own review)."""
    with write_transaction(db):
        stored = review(db, obs_id, {"response": text})
        for duplicate in duplicates_of(db, obs_id):
            review(db, duplicate, {"response": text})
    return stored


def wont_act(db: Database, obs_id: str, reason: str) -> ListedObservation:
    """No action will be taken; `reason` is required, and the author reads it."""
    return review(db, obs_id, {"status": Status.WONT_ACT.value, "wont_act_reason": reason})


def _before_merge_key(obs_id: str) -> str:
    return f"before_merge:{obs_id}"


@store_errors
def unmerge(db: Database, obs_id: str) -> ListedObservation:
    """Undo "duplicate of": the observation stands on its own again, with the status it had
    before it was merged when this PC merged it (else acknowledged)."""
    with write_transaction(db):
        listed = get_observation(db, obs_id)
        if listed is None or listed.observation.status != Status.DUPLICATE:
            raise TransitionError("This observation is not marked as a duplicate, so there is "
                                  "nothing to undo.")
        before = outbox.get_state(db, _before_merge_key(obs_id)) or Status.ACKNOWLEDGED.value
        stored = review(db, obs_id, {"status": before, "duplicate_of": None})
        db.execute("DELETE FROM sync_state WHERE key = ?", [_before_merge_key(obs_id)])
    return stored


@store_errors
def mark_duplicate(db: Database, obs_id: str, original_id: str) -> ListedObservation:
    """This observation says the same as `original_id` (which keeps the review). When the
    original already has an answer and this one has none, its author gets that answer."""
    changes: dict[str, Any] = {"status": Status.DUPLICATE.value, "duplicate_of": original_id}
    with write_transaction(db):
        original, this = get_observation(db, original_id), get_observation(db, obs_id)
        if original is not None and original.observation.response and this is not None \
                and not this.observation.response:
            changes["response"] = original.observation.response
        if this is not None and this.observation.status != Status.DUPLICATE:
            outbox.set_state(db, _before_merge_key(obs_id), this.observation.status)
        return review(db, obs_id, changes)


def escalate(db: Database, obs_id: str, note: str) -> ListedObservation:
    """Flag for leadership, with a note saying why (required)."""
    if not note.strip():
        raise TransitionError("Say why this needs leadership: the note is what they read first.")
    return review(db, obs_id, {"escalated": True, "escalation_note": note})


@store_errors
def duplicates_of(db: Database, obs_id: str) -> Sequence[str]:
    """Ids of the observations marked as duplicates of `obs_id` (how many raised it)."""
    return [r[0] for r in db.execute(
        "SELECT id FROM observations WHERE duplicate_of = ? AND status = 'duplicate'",
        [obs_id]).fetchall()]


# --- "You said, we did" ------------------------------------------------------------------


@dataclass(frozen=True)
class BoardItem:
    """One change made because someone spoke up. Deliberately without its author."""

    summary: str
    response: str
    responded_at: str
    category: str | None
    department: str | None
    raised_by: int  # how many people raised it (the observation and its duplicates)


@store_errors
def board(db: Database, store_id: str | None, *, limit: int = 50) -> list[BoardItem]:
    """The store board: observations with action taken and an answer, newest answer
    first, with the answer and how many raised it, never who."""
    where = ["o.status = 'action_taken'", "o.response != ''"]
    params: list[Any] = []
    if store_id is not None:
        where.append("o.store_id = ?")
        params.append(store_id)
    rows = db.execute(
        "SELECT o.summary, o.response, coalesce(o.responded_at, o.updated_at), o.category, "
        "coalesce(o.assignee_department, o.department), (SELECT count(*) FROM observations d "
        "WHERE d.duplicate_of = o.id AND d.status = 'duplicate') "
        f"FROM observations o WHERE {' AND '.join(where)} "
        "ORDER BY coalesce(o.responded_at, o.updated_at) DESC LIMIT ?", [*params, limit])
    return [BoardItem(r[0], r[1], r[2], r[3], r[4], 1 + int(r[5])) for r in rows.fetchall()]
