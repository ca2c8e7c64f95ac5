"""What reviewers send: `review.update` (status, answer, department, escalation),
`review.merge` and `review.unmerge`. Someone else's change since the reviewer looked wins
(`Conflict`); a reviewer's own queued changes never conflict with each other."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, update

from frontline.core.errors import TransitionError
from frontline.core.model import Status
from frontline.core.review import check_transition
from frontline.core.vocabulary import OPEN_STATUSES, REVIEW_TEXT_FIELDS, REVIEWER_ROLES
from frontline.server import tables as t
from frontline.server.auth import Principal
from frontline.server.outbound import events
from frontline.server.privacy import Redactor
from frontline.server.schemas import MergeMutation, ReviewMutation, UnmergeMutation
from frontline.server.scope import can_read
from frontline.server.sync.families import answer_family, recount, root_of
from frontline.server.sync.intake import REFERENCE_FIELDS, check_reference
from frontline.server.sync.rows import audit, changed_since, load
from frontline.server.sync.versions import stamp
from frontline.server.sync.wire import Conflict, Rejected, applied

#: Where an unmerged observation may go back to (what it was before the merge).
_UNMERGE_TO = {s.value for s in OPEN_STATUSES} | {Status.CLOSED.value, Status.WONT_ACT.value}


def _reviewable(conn: Connection, p: Principal, observation_id: str, base_rev: int) -> Row[Any]:
    if p.user is None or p.user.role not in REVIEWER_ROLES:
        raise Rejected("Only a manager, leader or admin who is signed in can review observations.")
    row = load(conn, observation_id)
    if row is None or not can_read(conn, p, observation_id):
        raise Rejected("This observation is not on the server or is outside what you review.")
    if base_rev > row.rev:
        raise Rejected("This change refers to a version of the observation the server never "
                       "had. Sync again and repeat the change.")
    return row


def review(conn: Connection, p: Principal, m: ReviewMutation, version: int,
           now: datetime, *, redactor: Redactor | None = None) -> dict[str, Any]:
    """Apply a reviewer's changes (texts with personal data redacted, before anything is
    compared or kept, even in a conflict's audit entry); an answer on an original goes to
    its whole family."""
    row = _reviewable(conn, p, m.observation_id, m.base_rev)
    wanted = m.changes.model_dump(exclude_unset=True)
    if "status" in wanted and wanted["status"] is None:
        raise Rejected("A status must be chosen.")
    for text in REVIEW_TEXT_FIELDS:
        if text in wanted and wanted[text] is None:
            wanted[text] = ""
    redactions = (redactor or Redactor(p.org_id)).fields(conn, wanted, REVIEW_TEXT_FIELDS)
    if "escalated" in wanted and wanted["escalated"] is None:
        wanted["escalated"] = False
    current = row._mapping
    changes = {k: [current[k], v] for k, v in wanted.items() if current[k] != v}
    if not changes:
        return applied(m.id, row)
    stale = sorted(changed_since(conn, p, row.id, m.base_rev) & set(changes))
    if stale:
        audit(conn, p, observation_id=row.id, rev=row.rev, version=version, now=now,
              action="conflict", changes={k: [current[k], wanted[k]] for k in stale},
              mutation_id=m.id, redactions={k: v for k, v in redactions.items() if k in stale})
        names = ", ".join(s.replace("_", " ") for s in stale)
        raise Conflict(f"Someone else changed the {names} of this observation since you looked, "
                       "and their change was kept. Look at it again and repeat your change if "
                       "it is still needed.", row)
    if Status.DUPLICATE.value in changes.get("status", ()):
        raise Rejected("Merging is its own change (review.merge, and review.unmerge to undo "
                       "it). Update the app on this computer, then merge again.")
    if "status" in changes:
        if changes["status"][1] not in {s.value for s in Status}:
            raise Rejected(f"“{changes['status'][1]}” is not a known status.")
        try:
            check_transition(
                row.status, changes["status"][1],
                reason=wanted.get("wont_act_reason", row.wont_act_reason) or "",
                duplicate_of=wanted.get("duplicate_of", row.duplicate_of),
            )
        except TransitionError as error:
            raise Rejected(str(error)) from None
    for field in REFERENCE_FIELDS:
        if field in changes:
            check_reference(field, changes[field][1])
    values: dict[str, Any] = {k: v[1] for k, v in changes.items()}
    if "response" in changes:
        values["responded_at"] = stamp(now) if values["response"] else None
    rev = row.rev + 1
    conn.execute(update(t.observations).where(t.observations.c.id == row.id).values(
        version=version, rev=rev, updated_at=stamp(now), **values))
    audit(conn, p, observation_id=row.id, rev=rev, version=version, now=now, action="reviewed",
          changes=changes, mutation_id=m.id,
          redactions={k: v for k, v in redactions.items() if k in changes})
    events.reviewed(conn, row.id, changes, now)
    if "response" in changes:
        answer_family(conn, p, row.id, version=version, now=now, mutation_id=m.id)
    return applied(m.id, load(conn, row.id))


def _merge_conflict(conn: Connection, p: Principal, row: Row[Any], base_rev: int,
                    wanted: dict[str, Any], *, version: int, now: datetime,
                    mutation_id: str) -> None:
    """Someone else changed the status (or merged it) since the manager looked: theirs stands."""
    stale = sorted(changed_since(conn, p, row.id, base_rev) & {"status", "duplicate_of"})
    if not stale:
        return
    current = row._mapping
    audit(conn, p, observation_id=row.id, rev=row.rev, version=version, now=now,
          action="conflict", changes={k: [current[k], wanted.get(k)] for k in stale},
          mutation_id=mutation_id)
    raise Conflict("Someone else changed the status of this observation since you looked, "
                   "and their change was kept. Look at it again and merge or unmerge again "
                   "if it is still needed.", row)


def merge(conn: Connection, p: Principal, m: MergeMutation, version: int,
          now: datetime) -> dict[str, Any]:
    """Make the observation a duplicate of `m.into`'s original; both families are recounted."""
    row = _reviewable(conn, p, m.observation_id, m.base_rev)
    target = load(conn, m.into)
    if target is None or not can_read(conn, p, m.into):
        raise Rejected("The observation chosen as the original is not on the server or is "
                       "outside what you review. Choose one you can see.")
    root = root_of(conn, m.into)
    assert root is not None
    if root.id == row.id or m.into == row.id:
        raise Rejected("An observation cannot be a duplicate of itself or of one of its own "
                       "duplicates: choose another original.")
    if root.status == Status.WITHDRAWN.value:
        raise Rejected("The chosen original was withdrawn by its author: choose another one.")
    if not can_read(conn, p, root.id):
        raise Rejected("The chosen observation is itself a duplicate of one outside what you "
                       "review, so it cannot be the original here.")
    if row.status == Status.DUPLICATE.value and row.duplicate_of == root.id:
        return applied(m.id, row)
    wanted = {"status": Status.DUPLICATE.value, "duplicate_of": root.id}
    _merge_conflict(conn, p, row, m.base_rev, wanted, version=version, now=now,
                    mutation_id=m.id)
    try:
        check_transition(row.status, Status.DUPLICATE, duplicate_of=root.id)
    except TransitionError as error:
        raise Rejected(str(error)) from None
    previous_root = root_of(conn, row.id) if row.status == Status.DUPLICATE.value else None
    before = row.before_merge if row.status == Status.DUPLICATE.value else {
        "status": row.status, "response": row.response, "responded_at": row.responded_at}
    values: dict[str, Any] = {"status": Status.DUPLICATE.value, "duplicate_of": root.id,
                              "before_merge": before}
    changes: dict[str, Any] = {"status": [row.status, values["status"]],
                               "duplicate_of": [row.duplicate_of, root.id]}
    if root.response and root.response != row.response:
        values.update(response=root.response, responded_at=root.responded_at)
        changes["response"] = [row.response, root.response]
    rev = row.rev + 1
    conn.execute(update(t.observations).where(t.observations.c.id == row.id).values(
        version=version, rev=rev, updated_at=stamp(now), **values))
    audit(conn, p, observation_id=row.id, rev=rev, version=version, now=now, action="merged",
          changes=changes, mutation_id=m.id)
    answer_family(conn, p, root.id, version=version, now=now, mutation_id=m.id)
    recount(conn, root.id, version=version)
    if previous_root is not None and previous_root.id != root.id:
        recount(conn, previous_root.id, version=version)
    return applied(m.id, load(conn, row.id))


def unmerge(conn: Connection, p: Principal, m: UnmergeMutation, version: int,
            now: datetime) -> dict[str, Any]:
    """Undo a merge: the observation gets back the status and answer it had before it (its
    own duplicates come along); both families are recounted."""
    row = _reviewable(conn, p, m.observation_id, m.base_rev)
    if row.status != Status.DUPLICATE.value:
        _merge_conflict(conn, p, row, m.base_rev, {"status": row.status, "duplicate_of": None},
                        version=version, now=now, mutation_id=m.id)
        return applied(m.id, row)  # not merged (any more): nothing to undo
    _merge_conflict(conn, p, row, m.base_rev, {"duplicate_of": None}, version=version, now=now,
                    mutation_id=m.id)
    old_root = root_of(conn, row.id)
    before = dict(row.before_merge or {})
    status = before.get("status")
    if status not in _UNMERGE_TO:
        status = Status.ACKNOWLEDGED.value  # merged before the server kept what it was
    values: dict[str, Any] = {"status": status, "duplicate_of": None, "before_merge": None}
    changes: dict[str, Any] = {"status": [row.status, status],
                               "duplicate_of": [row.duplicate_of, None]}
    answer_of_original = old_root is not None and old_root.id != row.id \
        and row.response == old_root.response
    if answer_of_original and row.response != before.get("response", ""):
        values.update(response=before.get("response", "") or "",
                      responded_at=before.get("responded_at"))
        changes["response"] = [row.response, values["response"]]
    rev = row.rev + 1
    conn.execute(update(t.observations).where(t.observations.c.id == row.id).values(
        version=version, rev=rev, updated_at=stamp(now), **values))
    audit(conn, p, observation_id=row.id, rev=rev, version=version, now=now,
          action="unmerged", changes=changes, mutation_id=m.id)
    recount(conn, row.id, version=version)
    if old_root is not None and old_root.id != row.id:
        recount(conn, old_root.id, version=version)
    return applied(m.id, load(conn, row.id))
