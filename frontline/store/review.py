"""A manager's review, in the local file: the review commands (the inbox's query is in
`frontline.store.inbox`, re-exported here).

Every command checks the change with `frontline.core.review.check_transition`, updates the
local row at once (the manager sees the change offline) and queues a `review.update` (or
`review.merge` / `review.unmerge`) for the server in the SAME transaction, naming `base_rev`:
the server version of the observation the manager looked at (`server_version`). The server
decides conflicts; when a change loses, `remote.apply_push_results` writes the server's state
and records the reason under `conflict_key(id)`, which `conflict_of` reads for the detail
pane.

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
from frontline.core.vocabulary import (
    REVIEW_CHANGES,
    REVIEW_TEXT_FIELDS,
    REVIEW_TEXT_MAX,
    STATUS_NEEDS,
)
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
from frontline.store.privacy import enforce_in

OP = "review.update"
OP_MERGE, OP_UNMERGE = "review.merge", "review.unmerge"


#: What the messages call each reviewer's text.
_TEXT_NAMES = {"response": "response", "wont_act_reason": "reason",
               "escalation_note": "escalation note"}


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
    the manager when the status change is not allowed (e.g. won't act without a reason).
    Customer personal data in the answer, reason or note is replaced by placeholders, or
    refused under the "block" policy (`PersonalDataError`; `frontline.store.privacy`)."""
    unknown = set(changes) - REVIEW_CHANGES
    if unknown:
        raise BugError(f"Not review fields: {sorted(unknown)}")
    if changes.get("status") == Status.DUPLICATE:
        raise TransitionError("Choose the observation this one duplicates.")
    changes = _checked_texts(db, changes)
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
        if "status" in changes and obs.status == Status.DUPLICATE \
                and changes["status"] != obs.status:
            raise TransitionError("This observation is merged into another as its duplicate: "
                                  "undo the merge first (Undo duplicate, key u).")
        if "status" in changes:
            check_transition(
                obs.status, changes["status"],
                reason=str(changes.get("wont_act_reason", obs.wont_act_reason) or ""),
                duplicate_of=changes.get("duplicate_of", obs.duplicate_of))
            if changes["status"] == Status.DUPLICATE and changes.get("duplicate_of") == obs_id:
                raise TransitionError("An observation cannot be a duplicate of itself: "
                                      "choose the original.")
        # every review change is a column of the local row
        local = {k: int(v) if isinstance(v, bool) else v for k, v in changes.items()}
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


def _checked_texts(db: Database, changes: Mapping[str, Any]) -> dict[str, Any]:
    """`changes` with its texts stripped and without customer personal data (replaced, or
    refused under "block": `store.privacy`), each within its length limit."""
    changes = {k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items()}
    texts = {k: v for k, v in changes.items() if k in REVIEW_TEXT_FIELDS and isinstance(v, str)}
    if texts:
        changes.update(enforce_in(db, texts).fields)
    for name, limit in REVIEW_TEXT_MAX.items():
        if len(str(changes.get(name) or "")) > limit:
            raise TransitionError(f"The {_TEXT_NAMES[name]} is too long: keep it under "
                                  f"{limit} characters.")
    return changes


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
    if status in STATUS_NEEDS:
        raise BugError("Use wont_act() or mark_duplicate(): they need a reason or an original")
    return review(db, obs_id, {"status": status})


def assign_department(db: Database, obs_id: str, department: str | None) -> ListedObservation:
    """Give the observation to the department that owns the fix (None: nobody yet)."""
    return review(db, obs_id, {"assignee_department": department or None})


@store_errors
def respond(db: Database, obs_id: str, text: str) -> ListedObservation:
    """Write (or replace) the answer the author will read. The server gives the same answer
    to every observation merged into this one (whoever merged them, on whichever PC); the
    duplicates held here show it at once."""
    with write_transaction(db):
        stored = review(db, obs_id, {"response": text})
        if stored.observation.status != Status.DUPLICATE:
            now = utc_now() if stored.observation.response else None
            for duplicate in _family(db, obs_id):
                db.execute("UPDATE observations SET response = ?, responded_at = ? "
                           "WHERE id = ? AND response != ?",
                           [stored.observation.response, now, duplicate,
                            stored.observation.response])
    return stored


def wont_act(db: Database, obs_id: str, reason: str) -> ListedObservation:
    """No action will be taken; `reason` is required, and the author reads it."""
    return review(db, obs_id, {"status": Status.WONT_ACT.value, "wont_act_reason": reason})


def _before_merge_key(obs_id: str) -> str:
    return f"before_merge:{obs_id}"


def _root_of(db: Database, obs_id: str) -> str:
    """The original at the top of `obs_id`'s family, as this file knows it."""
    seen = {obs_id}
    current = obs_id
    while True:
        row = db.execute("SELECT status, duplicate_of FROM observations WHERE id = ?",
                         [current]).fetchone()
        if row is None or row[0] != Status.DUPLICATE or not row[1] or row[1] in seen:
            return current
        seen.add(row[1])
        current = row[1]


def _family(db: Database, root_id: str) -> list[str]:
    """Ids of every observation merged into `root_id` here, at any depth."""
    found: list[str] = []
    seen = {root_id}
    level = [root_id]
    while level:
        rows = [r[0] for r in db.execute(
            f"SELECT id FROM observations WHERE status = 'duplicate' AND duplicate_of IN "
            f"({', '.join('?' for _ in level)})", level).fetchall() if r[0] not in seen]
        seen.update(rows)
        found.extend(rows)
        level = rows
    return found


def _recount(db: Database, root_id: str, *, at_least: int = 1) -> None:
    """Count the people of a family as far as this file knows, and never below `at_least`
    (a merge only adds people: the server's count may include other stores' observations
    this PC does not hold). The server's count replaces it at the next sync."""
    members = [root_id, *_family(db, root_id)]
    marks = ", ".join("?" for _ in members)
    named, anonymous = db.execute(
        f"SELECT count(DISTINCT CASE WHEN anonymous = 0 THEN author_id END), "
        f"sum(anonymous = 1 OR author_id IS NULL) FROM observations WHERE id IN ({marks})",
        members).fetchone()
    count = max(int(named or 0) + int(anonymous or 0), at_least, 1)
    db.execute(f"UPDATE observations SET raised_by = ? WHERE id IN ({marks})",
               [count, *members])


def _queue_merge(db: Database, op: str, obs_id: str, payload: dict[str, Any]) -> None:
    base_rev = _server_version(db, obs_id) or 0
    outbox.enqueue(db, entity_id=obs_id, op=op,
                   payload={"observation_id": obs_id, "base_rev": base_rev, **payload})


@store_errors
def unmerge(db: Database, obs_id: str) -> ListedObservation:
    """Undo "duplicate of": the observation stands on its own again. The server restores
    the status (and answer) it had before the merge; until the next sync this PC shows the
    status it remembers (acknowledged when another PC merged it)."""
    with write_transaction(db):
        listed = get_observation(db, obs_id)
        if listed is None or listed.observation.status != Status.DUPLICATE:
            raise TransitionError("This observation is not marked as a duplicate, so there is "
                                  "nothing to undo.")
        old_root = _root_of(db, obs_id)
        before = outbox.get_state(db, _before_merge_key(obs_id)) or Status.ACKNOWLEDGED.value
        db.execute("UPDATE observations SET status = ?, duplicate_of = NULL, updated_at = ?, "
                   "sync_state = 'queued', sync_error = '' WHERE id = ?",
                   [before, utc_now(), obs_id])
        db.execute("DELETE FROM sync_state WHERE key IN (?, ?)",
                   [_before_merge_key(obs_id), conflict_key(obs_id)])
        _queue_merge(db, OP_UNMERGE, obs_id, {})
        _recount(db, obs_id)
        if old_root != obs_id:
            _recount(db, old_root)
        stored = get_observation(db, obs_id)
    assert stored is not None
    return stored


@store_errors
def mark_duplicate(db: Database, obs_id: str, original_id: str) -> ListedObservation:
    """This observation says the same as `original_id` (or as the original that one is a
    duplicate of), which keeps the review. Every author is kept and counted; when the
    original already has an answer, this one's author gets it. Reversible (`unmerge`)."""
    with write_transaction(db):
        this, original = get_observation(db, obs_id), get_observation(db, original_id)
        if this is None or original is None:
            raise BugError(f"No observation {obs_id} or {original_id} in the local file")
        root = _root_of(db, original_id)
        if root == obs_id or original_id == obs_id:
            raise TransitionError("An observation cannot be a duplicate of itself or of one "
                                  "of its own duplicates: choose the original.")
        if _server_version(db, obs_id) is None or _server_version(db, root) is None:
            raise TransitionError("This observation or the original has not reached the "
                                  "server yet, so they cannot be merged. Sync, then try again.")
        obs = this.observation
        check_transition(obs.status, Status.DUPLICATE, duplicate_of=root)
        root_row = get_observation(db, root)
        assert root_row is not None
        if root_row.observation.status == Status.WITHDRAWN:
            raise TransitionError("The chosen original was withdrawn by its author: choose "
                                  "another one.")
        old_root = _root_of(db, obs_id) if obs.status == Status.DUPLICATE else None
        if obs.status != Status.DUPLICATE:
            outbox.set_state(db, _before_merge_key(obs_id), obs.status)
        answer = root_row.observation.response
        db.execute(
            "UPDATE observations SET status = 'duplicate', duplicate_of = ?, updated_at = ?, "
            "response = CASE WHEN ? != '' THEN ? ELSE response END, "
            "responded_at = CASE WHEN ? != '' THEN ? ELSE responded_at END, "
            "sync_state = 'queued', sync_error = '' WHERE id = ?",
            [root, utc_now(), answer, answer, answer, root_row.observation.responded_at,
             obs_id])
        db.execute("DELETE FROM sync_state WHERE key = ?", [conflict_key(obs_id)])
        _queue_merge(db, OP_MERGE, obs_id, {"into": root})
        held = db.execute("SELECT raised_by FROM observations WHERE id = ?", [root]).fetchone()
        _recount(db, root, at_least=int(held[0]) if held else 1)
        if old_root is not None and old_root != root:
            _recount(db, old_root)
        stored = get_observation(db, obs_id)
    assert stored is not None
    return stored


def escalate(db: Database, obs_id: str, note: str) -> ListedObservation:
    """Flag for leadership, with a note saying why (required)."""
    if not note.strip():
        raise TransitionError("Say why this needs leadership: the note is what they read first.")
    return review(db, obs_id, {"escalated": True, "escalation_note": note})


@store_errors
def duplicates_of(db: Database, obs_id: str) -> Sequence[str]:
    """Ids of the observations marked as duplicates of `obs_id` directly."""
    return [r[0] for r in db.execute(
        "SELECT id FROM observations WHERE duplicate_of = ? AND status = 'duplicate'",
        [obs_id]).fetchall()]


@store_errors
def raised_by(db: Database, obs_ids: Sequence[str]) -> dict[str, int]:
    """How many people raised what each observation says (it and its merged duplicates,
    each person once; the server's count, which sees every store)."""
    counts: dict[str, int] = {}
    for start in range(0, len(obs_ids), 500):
        chunk = list(obs_ids[start:start + 500])
        counts.update((str(r[0]), int(r[1])) for r in db.execute(
            f"SELECT id, raised_by FROM observations WHERE id IN "
            f"({', '.join('?' for _ in chunk)})", chunk).fetchall())
    return counts


@store_errors
def marks_of(db: Database, obs_ids: Sequence[str]) -> dict[str, tuple[int, bool]]:
    """For the inbox's list: (how many people raised it, escalated) per observation."""
    marks: dict[str, tuple[int, bool]] = {}
    for start in range(0, len(obs_ids), 500):
        chunk = list(obs_ids[start:start + 500])
        marks.update((str(r[0]), (int(r[1]), bool(r[2]))) for r in db.execute(
            f"SELECT id, raised_by, escalated FROM observations WHERE id IN "
            f"({', '.join('?' for _ in chunk)})", chunk).fetchall())
    return marks


# --- "You said, we did" ------------------------------------------------------------------


@dataclass(frozen=True)
class BoardItem:
    """One change made because someone spoke up. Deliberately without its author."""

    summary: str
    response: str
    responded_at: str
    category: str | None
    department: str | None
    raised_by: int  # how many people raised it (the observation and its duplicates, per person)


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
        "coalesce(o.assignee_department, o.department), o.raised_by "
        f"FROM observations o WHERE {' AND '.join(where)} "
        "ORDER BY coalesce(o.responded_at, o.updated_at) DESC LIMIT ?", [*params, limit])
    return [BoardItem(r[0], r[1], r[2], r[3], r[4], max(1, int(r[5]))) for r in rows.fetchall()]
