"""A manager's review, in the local file: the review commands (the inbox's query is in
`frontline.store.inbox`, re-exported here).

Every command checks the change with `frontline.core.review.check_transition`, updates the
local row at once (the manager sees the change offline) and queues a `review.update` for
the server in the SAME transaction, naming `base_rev`: the server version of the
observation the manager looked at (`server_version`). The server decides conflicts; when a
change loses, `remote.apply_push_results` writes the server's state and records the reason
under `conflict_key(id)`, which `conflict_of` reads for the detail pane.

Two changes to one observation while the first is still queued are merged into one queued
mutation with the first one's `base_rev` (a second mutation naming the same base would
conflict with the first on the server).

Escalation lives in the columns `escalated` and `escalation_note` (migration 0002), set
by `escalate` and by pulls; a leader's inbox lists escalations first (`escalated_first`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from frontline.core.errors import BugError, TransitionError
from frontline.core.ids import utc_now
from frontline.core.model import Status
from frontline.core.review import check_transition
from frontline.store import outbox
from frontline.store.db import store_errors, write_transaction
from frontline.store.inbox import (  # noqa: F401  (the inbox query, re-exported)
    InboxQuery,
    inbox_rowids,
    mark_seen,
    new_since_seen,
    scope_store_ids,
)
from frontline.store.observations import ListedObservation, get_observation

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
