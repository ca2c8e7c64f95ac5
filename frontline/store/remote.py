"""What the server sends, written into the local file: pulled pages, push results, reference data.

The server is authoritative. Each function below writes in ONE transaction, so a crash leaves
the file either before or after the whole change: a pulled page lands together with the
cursor that covers it, and a push result removes its outbox entry together with the state
the server gave the observation. Replaying any of them is harmless (the push was idempotent
on the server; a page pulled twice writes the same rows).

Rules when a server observation meets the local row:

- no local row: insert it, `synced`; unread when it already carries news for its author
  (a status other than `new`, or a response);
- the local row still has a mutation in the outbox (queued or quarantined): keep the local
  content (the author's edit still has to go out) and take only the review fields;
- otherwise: take everything, `synced`;
- a change of `status` or `response` marks the row unread ("you said, we did");
- a server state older (by `rev`) than one already held is ignored (an `already_applied`
  replay carries the state of its first application);
- an anonymous observation never keeps an author in the local file once it has synced.

Reference data (stores, teams, the people of this store with their PIN hashes) lives in the
`sync_state` table as JSON; the taxonomy goes through `reference.replace_reference`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlite_utils import Database

from frontline.core.model import Observation
from frontline.core.vocabulary import NEW_REVIEW_STATE, REVIEW_FIELDS
from frontline.store import outbox
from frontline.store.db import store_errors, write_transaction
from frontline.store.observations import FIELDS
from frontline.store.reference import REFERENCE_KEY, replace_reference
from frontline.store.reference import stored_reference as stored_reference  # re-exported

CURSOR_KEY = "cursor"
REFERENCE_VERSION_KEY = "reference_version"

# Written on every row the server sends; the content fields only when nothing is queued.
_REVIEW = sorted(REVIEW_FIELDS)
_CONTENT = [n for n in FIELDS if n != "id" and n not in REVIEW_FIELDS]
_ALL = [n for n in FIELDS if n != "id"]
_INSERT = (f"INSERT INTO observations ({', '.join(FIELDS)}, sync_state, unread, server_version) "
           f"VALUES ({', '.join('?' for _ in FIELDS)}, 'synced', ?, ?)")
_TAXONOMY_LISTS = ("kinds", "channels", "customer_types", "departments", "categories")


@dataclass
class Applied:
    """What one write from the server changed in the local file."""

    inserted: int = 0
    updated: int = 0
    removed: int = 0
    skipped_stale: int = 0
    unread: list[str] = field(default_factory=list)  # ids newly marked unread (for a notification)


@dataclass(frozen=True)
class PushOutcome:
    """How one pushed mutation ended, as `apply_push_results` recorded it."""

    mutation_id: str
    entity_id: str
    status: str  # applied | already_applied | rejected | conflict
    reason: str = ""


def observation_from_wire(wire: Mapping[str, Any]) -> Observation:
    """A server observation (`ObservationWire`) as the local model: `rev`, `escalated`,
    `escalation_note` and `raised_by` are not fields of `Observation` (`rev` is kept as
    `server_version`, the others by `_write_extras`)."""
    obs = Observation.from_dict(dict(wire))
    if obs.anonymous and obs.author_id is not None:
        obs = replace(obs, author_id=None)
    return obs


def _value(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _write_remote(db: Database, wire: Mapping[str, Any], result: Applied, *,
                  force_content: bool = False, authoritative: bool = False) -> None:
    """Merge one server observation into the local file (inside a transaction).
    `authoritative`: the server's state wins even over a newer revision held here (after
    the server was restored from a backup: store/resync.py)."""
    rev = wire.get("rev")
    row = db.execute(f"SELECT {', '.join(FIELDS)}, server_version FROM observations "
                     "WHERE id = ?", [wire.get("id")]).fetchone()
    if (row is not None and rev is not None and row[-1] is not None
            and int(rev) == int(row[-1]) and not force_content and not authoritative):
        # already held (e.g. our own push coming back in the pull); the count of people
        # changes without a new rev when duplicates are merged into it elsewhere. Checked
        # before the observation is built, most of the cost of pulling one's pushes back.
        _write_extras(db, str(wire["id"]), wire)
        return
    obs = observation_from_wire(wire)
    if row is None:
        news = obs.status != "new" or bool(obs.response)
        db.execute(_INSERT, [*(_value(getattr(obs, n)) for n in FIELDS), int(news), rev])
        _write_extras(db, obs.id, wire)
        result.inserted += 1
        if news:
            result.unread.append(obs.id)
        return
    local = dict(zip(FIELDS, row, strict=False))
    held_rev = row[-1]
    if rev is not None and held_rev is not None and int(rev) < int(held_rev) \
            and not authoritative:
        result.skipped_stale += 1
        return
    queued = db.execute("SELECT 1 FROM outbox WHERE entity_id = ? LIMIT 1",
                        [obs.id]).fetchone() is not None
    names = _ALL if (force_content or not queued) else _REVIEW
    # only what differs: an unchanged text must not re-index the full-text search
    changed = [n for n in names if _value(getattr(obs, n)) != local[n]]
    news = (obs.status, obs.response) != (local["status"], local["response"])
    synced = ", sync_state = 'synced', sync_error = ''" if not queued else ""
    db.execute(
        f"UPDATE observations SET {''.join(f'{n} = ?, ' for n in changed)}"
        f"server_version = coalesce(?, server_version), unread = max(unread, ?){synced} "
        "WHERE id = ?",
        [*(_value(getattr(obs, n)) for n in changed), rev, int(news), obs.id],
    )
    _write_extras(db, obs.id, wire)
    result.updated += 1
    if news:
        result.unread.append(obs.id)


def _write_extras(db: Database, obs_id: str, wire: Mapping[str, Any]) -> None:
    """The fields that are not of `Observation`: the escalation flag and note (columns
    since 0002) and how many people raised it (0003)."""
    raised_by = wire.get("raised_by")
    if isinstance(raised_by, int) and not isinstance(raised_by, bool) and raised_by >= 1:
        db.execute("UPDATE observations SET raised_by = ? WHERE id = ? AND raised_by != ?",
                   [raised_by, obs_id, raised_by])
    if "escalated" in wire:
        db.execute("UPDATE observations SET escalated = ?, escalation_note = ? WHERE id = ? "
                   "AND (escalated, escalation_note) IS NOT (?, ?)",
                   [int(bool(wire["escalated"])), str(wire.get("escalation_note") or ""), obs_id,
                    int(bool(wire["escalated"])), str(wire.get("escalation_note") or "")])


def _purge(db: Database, ids: Iterable[str], result: Applied) -> None:
    """Delete observations the server says are gone (retention, or out of scope), with any
    mutation still queued for them: the organisation decided they must not be kept."""
    for obs_id in ids:
        db.execute("DELETE FROM outbox WHERE entity_id = ?", [obs_id])
        result.removed += db.execute("DELETE FROM observations WHERE id = ?", [obs_id]).rowcount


def cursor_key(user_id: str | None = None) -> str:
    """Where the pull cursor is kept: one per reader, since a signed-in manager reads more
    than the PC alone (a cursor shared between the two would skip the manager's rows)."""
    return CURSOR_KEY if user_id is None else f"{CURSOR_KEY}:{user_id}"


@store_errors
def apply_pull_page(db: Database, page: Mapping[str, Any], *, user_id: str | None = None,
                    authoritative: bool = False) -> Applied:
    """Write one `PullResponse` page and its new cursor (of `user_id`'s reads, or the PC's)
    in one transaction. `authoritative`: see `_write_remote`."""
    result = Applied()
    key = cursor_key(user_id)
    if not page.get("observations") and not page.get("removed") \
            and outbox.get_state(db, key) == str(page["cursor"]):
        return result  # nothing new (the idle check): no write at all
    with write_transaction(db):
        for wire in page.get("observations", ()):
            _write_remote(db, wire, result, authoritative=authoritative)
        _purge(db, page.get("removed", ()) or (), result)
        outbox.set_state(db, key, str(page["cursor"]))
    return result


@store_errors
def apply_push_results(db: Database, entries: Sequence[outbox.OutboxEntry],
                       results: Sequence[Mapping[str, Any]]) -> list[PushOutcome]:
    """Record the server's answer to one pushed batch, in one transaction: applied and
    already-applied mutations leave the outbox and their observation takes the server's
    state; a rejected one is quarantined with its reason (the others go on); a conflict
    drops the mutation and the server's state replaces the local one."""
    by_id = {str(r.get("mutation_id")): r for r in results if r.get("mutation_id")}
    outcomes: list[PushOutcome] = []
    scratch = Applied()
    with write_transaction(db):
        for index, entry in enumerate(entries):
            res = by_id.get(entry.id)
            if res is None and index < len(results) and not results[index].get("mutation_id"):
                res = results[index]  # a malformed item the server could not read the id of
            if res is None:
                continue  # no answer for it: it stays queued and goes again next time
            status = _status_of(res)
            reason = str(res.get("reason") or "")
            wire = res.get("observation")
            accepted = res.get("accepted")
            if status in ("applied", "already_applied"):
                db.execute("DELETE FROM outbox WHERE id = ?", [entry.id])
                if not wire and _settle_accepted(db, entry.entity_id, accepted):
                    outcomes.append(PushOutcome(entry.id, entry.entity_id, status, reason))
                    continue
                if not wire and isinstance(accepted, Mapping):
                    wire = _accepted_wire(db, entry.entity_id, accepted)
                if wire:
                    _write_remote(db, wire, scratch)
                _settle(db, entry.entity_id)
            elif status == "conflict":
                db.execute("DELETE FROM outbox WHERE id = ?", [entry.id])
                if wire:
                    _write_remote(db, wire, scratch, force_content=True)
                _settle(db, entry.entity_id)
                if entry.op.startswith("review."):  # the inbox shows the losing manager why
                    outbox.set_state(db, f"review_conflict:{entry.entity_id}", json.dumps(
                        {"reason": reason, "changes": entry.payload.get("changes", {})},
                        ensure_ascii=False))
            elif status == "rejected":
                outbox.quarantine(db, entry.id, reason or "The server refused this change.")
            else:
                continue
            outcomes.append(PushOutcome(entry.id, entry.entity_id, status, reason))
    return outcomes


def _status_of(result: Mapping[str, Any]) -> str:
    """A push result's status; for a replay of a change whose first answer was lost (a
    rejection or a conflict), that first answer, which stands."""
    status = str(result.get("status"))
    if status == "already_applied" and result.get("original_status") in _LOST_FIRST_ANSWERS:
        return str(result["original_status"])
    return status


_LOST_FIRST_ANSWERS = ("rejected", "conflict")
_ACCEPTED_COLUMNS = ("received_at", "updated_at", "store_id", "device_id")
#: Only the columns that change are set: every indexed column set costs index writes.
_SETTLE_ACCEPTED = (
    "UPDATE observations SET "
    + "".join(f"{n} = ?, " for n in _ACCEPTED_COLUMNS)
    + "server_version = ?, sync_state = 'synced', sync_error = '' "
    "WHERE id = ? AND server_version IS NULL AND status = 'new' AND author_id IS ? AND "
    + "".join(f"{n} IS ? AND " for n in NEW_REVIEW_STATE)
    + "NOT EXISTS (SELECT 1 FROM outbox WHERE entity_id = ?)")


def _settle_accepted(db: Database, entity_id: str, accepted: Any) -> bool:
    """The common case of a short result, in one statement: a new observation the PC sent
    as it is, nothing else queued for it, no server state held yet, and its author and
    review side already what the server has (new, unanswered, not merged). Then the
    server's state differs from the local row only by the columns set here (texts
    untouched, so the full-text index is not rewritten; nothing for the author to read, so
    not unread). False when any of that does not hold: `_write_remote` then merges it
    field by field."""
    if (not isinstance(accepted, Mapping) or accepted.get("id") != entity_id
            or accepted.get("changed") or accepted.get("status") != "new"
            or not isinstance(accepted.get("rev"), int)):
        return False
    values = [accepted.get(n) for n in _ACCEPTED_COLUMNS]
    cursor = db.conn.execute(_SETTLE_ACCEPTED, [
        *values, accepted["rev"], entity_id, accepted.get("author_id"),
        *(_value(v) for v in NEW_REVIEW_STATE.values()), entity_id])
    return bool(cursor.rowcount == 1)


def _accepted_wire(db: Database, entity_id: str, accepted: Mapping[str, Any]
                   ) -> dict[str, Any] | None:
    """The server's state of an observation it has just created, from a short result
    (`AcceptedWire`): the local row as sent, the review side of a new observation, what the
    server decided and the content it stored otherwise. None when it does not apply here."""
    if accepted.get("id") != entity_id:
        return None
    row = db.execute(f"SELECT {', '.join(FIELDS)} FROM observations WHERE id = ?",
                     [entity_id]).fetchone()
    if row is None:
        return None
    wire: dict[str, Any] = dict(zip(FIELDS, row, strict=True))
    wire.update(NEW_REVIEW_STATE)
    wire.update({k: v for k, v in accepted.items() if k != "changed"})
    changed = accepted.get("changed")
    if isinstance(changed, Mapping):
        wire.update({k: v for k, v in changed.items() if k in _CONTENT})
    return wire


def _settle(db: Database, entity_id: str) -> None:
    """An observation with nothing left in the outbox is synced; an anonymous one forgets
    its author in the local file too."""
    db.execute(
        "UPDATE observations SET sync_state = 'synced', sync_error = '' WHERE id = ? "
        "AND NOT EXISTS (SELECT 1 FROM outbox WHERE entity_id = ?)", [entity_id, entity_id])
    db.execute("UPDATE observations SET author_id = NULL WHERE id = ? AND anonymous = 1 "
               "AND author_id IS NOT NULL AND sync_state = 'synced'", [entity_id])


@store_errors
def apply_reference(db: Database, data: Mapping[str, Any]) -> None:
    """Replace the reference data with what the server sent (`ReferenceData`), in one
    transaction: the taxonomy lists, then organisation, regions, stores, teams and people."""
    taxonomy = data.get("taxonomy") or {}
    lists = {name: taxonomy[name] for name in _TAXONOMY_LISTS if taxonomy.get(name)}
    rest = {key: data.get(key) for key in ("organisation", "regions", "stores", "teams", "users")}
    with write_transaction(db):
        if lists:
            replace_reference(db, lists)
        outbox.set_state(db, REFERENCE_KEY, json.dumps(rest, ensure_ascii=False))
        outbox.set_state(db, REFERENCE_VERSION_KEY, str(int(data["reference_version"])))


@store_errors
def reference_version(db: Database) -> int | None:
    """The reference data version held, or None before the first sync."""
    value = outbox.get_state(db, REFERENCE_VERSION_KEY)
    return None if value is None else int(value)


def people(db: Database) -> list[dict[str, Any]]:
    """The users the server sent for this PC's store (`UserWire` dicts, PIN hashes included),
    active ones only, sorted by display name."""
    users = stored_reference(db).get("users") or []
    return sorted((u for u in users if not u.get("disabled")),
                  key=lambda u: (str(u.get("display_name", "")).casefold(), u.get("id", "")))


@store_errors
def cursor(db: Database, user_id: str | None = None) -> str | None:
    """The pull cursor held for the PC (or a signed-in person); None: from the start."""
    return outbox.get_state(db, cursor_key(user_id))


@store_errors
def reset_cursor(db: Database) -> None:
    """Forget the cursors and reference version, so the next sync pulls everything again
    (after enrolling with another server or store)."""
    with write_transaction(db):
        db.execute("DELETE FROM sync_state WHERE key IN (?, ?) OR key LIKE ?",
                   [CURSOR_KEY, REFERENCE_VERSION_KEY, f"{CURSOR_KEY}:%"])
