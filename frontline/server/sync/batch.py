"""A push: every item of a batch checked and applied in order, one result each.

New observations (the bulk of any push) take a fast path: validated in Python and written
with one multi-row insert per table. Everything else (replays, edits, withdrawals,
reviews) runs one by one, each in its own savepoint, so a failing item leaves no trace and
the others still apply. If a bulk insert fails, its items are redone one by one."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import pydantic
from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import SQLAlchemyError

from frontline.server import tables as t
from frontline.server.auth import Principal
from frontline.server.http import readable_validation, unstorable_text
from frontline.server.outbound import events
from frontline.server.privacy import Redactor
from frontline.server.schemas import (
    MergeMutation,
    Mutation,
    UnmergeMutation,
    UpsertMutation,
    WithdrawMutation,
)
from frontline.server.scope import can_read
from frontline.server.sync.authors import upsert, withdraw
from frontline.server.sync.bulk import chunks, insert_many, known_ids
from frontline.server.sync.intake import Lookups, new_row, prepare_upsert
from frontline.server.sync.removals import is_removed
from frontline.server.sync.review import merge, review, unmerge
from frontline.server.sync.rows import audit_row, load
from frontline.server.sync.versions import bump_version, stamp, version_for
from frontline.server.sync.wire import (
    Conflict,
    Rejected,
    conflicted,
    created,
    observation_wire,
    rejected,
)
from frontline.sync.protocol import ResultStatus

log = logging.getLogger("frontline.server.sync")

_MUTATION: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(Mutation)
#: What a value no check foresaw raises (a time out of range, a number too large): the
#: models should refuse such an item first; if one gets through, only it is rejected.
_ITEM_BUGS = (ValueError, TypeError, OverflowError, ArithmeticError, KeyError)
_UNREADABLE = ("The server could not check this change; it has been logged for IT. The change "
               "stays on this computer.")


def push(
    conn: Connection, principal: Principal, items: list[object], *, now: datetime,
    short: bool = False, redactor: Redactor | None = None,
) -> list[dict[str, Any]]:
    """Apply a batch: one result per item, in order. `short`: a newly created observation
    is answered with `accepted` (what the server decided) instead of the whole observation.
    `redactor`: the push's (its `counts` say how much personal data was redacted from what
    was stored), with the texts detected ahead of this transaction."""
    version = bump_version(conn, principal.org_id)
    batch = _Batch(conn, principal, version, now, short=short, redactor=redactor)
    return batch.run(items)


def _mutation_id_of(item: object) -> str | None:
    mutation_id = item.get("id") if isinstance(item, dict) else None
    return mutation_id if isinstance(mutation_id, str) and 0 < len(mutation_id) <= 64 else None


def _not_valid(error: pydantic.ValidationError) -> str:
    return readable_validation(error).replace("The request is not valid",
                                              "This change is not valid")


class _Batch:
    """One push: lookups fetched once, new observations inserted together."""

    def __init__(self, conn: Connection, p: Principal, version: int, now: datetime, *,
                 short: bool = False, redactor: Redactor | None = None):
        self.conn, self.p, self.version, self.now, self.short = conn, p, version, now, short
        self.lookups = Lookups(redactor)
        self.previous: set[str] = set()  # mutation ids the server has applied already
        self.existing: set[str] = set()  # observation ids it holds (or removed)
        self.pending: list[tuple[int, object, dict[str, Any], dict[str, Any], dict[str, Any]]] = []

    def _prefetch(self, parsed: list[Any]) -> None:
        conn, p = self.conn, self.p
        self.previous = known_ids(conn, "SELECT mutation_id FROM applied_mutations WHERE "
                                  "org_id = {p} AND mutation_id {among}", p.org_id,
                                  [m.id for m in parsed if m is not None])
        upserts = [m for m in parsed if isinstance(m, UpsertMutation)]
        self.existing = known_ids(conn, "SELECT id FROM observations WHERE id {among}", None,
                                  [m.observation.id for m in upserts])
        # removed by retention or erasure: never brought back (the slow path refuses them)
        self.existing.update(is_removed(conn, p.org_id, [m.observation.id for m in upserts]))
        authors = sorted({m.observation.author_id for m in upserts if m.observation.author_id}
                         | ({p.user.id} if p.user is not None else set()))
        for chunk in chunks(authors):
            for row in conn.execute(select(t.users).where(t.users.c.id.in_(chunk))):
                self.lookups.users[row.id] = row
        teams = sorted({m.observation.team_id for m in upserts if m.observation.team_id})
        for chunk in chunks(teams):
            for row in conn.execute(select(t.teams).where(t.teams.c.id.in_(chunk))):
                self.lookups.teams[row.id] = row

    def run(self, items: list[object]) -> list[dict[str, Any]]:
        parsed: list[Any] = []
        results: list[dict[str, Any] | None] = [None] * len(items)
        for index, item in enumerate(items):
            problem = unstorable_text(item)
            if problem is not None:
                parsed.append(None)
                results[index] = rejected(None, f"This change is not valid: {problem}")
                continue
            try:
                parsed.append(_MUTATION.validate_python(item))
            except pydantic.ValidationError as error:
                parsed.append(None)
                results[index] = rejected(_mutation_id_of(item), _not_valid(error))
        self._prefetch(parsed)
        seen_mutations: set[str] = set()
        created_ids: set[str] = set()
        for index, (item, m) in enumerate(zip(items, parsed, strict=True)):
            if m is None:
                continue
            fast = (isinstance(m, UpsertMutation) and m.id not in self.previous
                    and m.id not in seen_mutations and m.observation.id not in self.existing
                    and m.observation.id not in created_ids)
            seen_mutations.add(m.id)
            if not fast:
                self._flush(results, items)
                results[index] = self._one(item)
                continue
            try:
                obs, content, store_id, author, redacted = prepare_upsert(self.conn, self.p, m,
                                                                          self.lookups)
            except Rejected as error:
                results[index] = rejected(m.id, str(error))
                continue
            except _ITEM_BUGS:  # a check the models missed: this item alone, logged for IT
                log.exception("an item of a push could not be checked")
                results[index] = rejected(m.id, _UNREADABLE)
                continue
            created_ids.add(obs.id)
            version = version_for(obs.anonymous, self.version)
            row = new_row(self.p, obs, content, store_id, author, version, self.now)
            result = created(m, row, short=self.short)
            audit = audit_row(self.p, observation_id=obs.id, rev=1, version=version,
                              now=self.now, action="created", changes={}, mutation_id=m.id,
                              anonymous_author=obs.anonymous, redactions=redacted)
            applied = {"org_id": self.p.org_id, "mutation_id": m.id,
                       "device_id": self.p.device.id if self.p.device else None, "op": m.op,
                       "applied_at": stamp(self.now), "result": result}
            self.pending.append((index, item, row, audit, applied))
            results[index] = result
        self._flush(results, items)
        return [r if r is not None else rejected(None, "This change could not be read.")
                for r in results]

    def _flush(self, results: list[dict[str, Any] | None], items: list[object]) -> None:
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        savepoint = self.conn.begin_nested()
        try:
            insert_many(self.conn, t.observations, [row for _, _, row, _, _ in pending])
            insert_many(self.conn, t.audit, [audit for _, _, _, audit, _ in pending])
            insert_many(self.conn, t.applied_mutations, [applied for _, _, _, _, applied in pending])
            events.created(self.conn, [row for _, _, row, _, _ in pending], self.now)
            savepoint.commit()
            self.lookups.redactor(self.p.org_id).settle(stored=True)
        except SQLAlchemyError:
            savepoint.rollback()
            self.lookups.redactor(self.p.org_id).settle(stored=False)
            log.warning("bulk insert failed; applying %d items one by one", len(pending))
            for index, item, _, _, _ in pending:
                results[index] = self._one(item)

    def _one(self, item: object) -> dict[str, Any]:
        """Apply one item in its own savepoint (the general path)."""
        savepoint = self.conn.begin_nested()
        redactor = self.lookups.redactor(self.p.org_id)
        try:
            result = _apply(self.conn, self.p, item, version=self.version, now=self.now,
                            short=self.short, lookups=self.lookups)
            savepoint.commit()
            redactor.settle(stored=True)
            return result
        except Rejected as error:
            savepoint.rollback()
            redactor.settle(stored=False)
            return rejected(_mutation_id_of(item), str(error))
        except _ITEM_BUGS:  # a check the models missed: this item alone, logged for IT
            savepoint.rollback()
            log.exception("an item of a push could not be checked")
            return rejected(_mutation_id_of(item), _UNREADABLE)
        except SQLAlchemyError:
            savepoint.rollback()
            redactor.settle(stored=False)
            log.exception("mutation could not be stored")
            return rejected(_mutation_id_of(item),
                            "The server could not store this change. It has been logged for "
                            "IT; the change stays on this computer.")


def _apply(conn: Connection, p: Principal, item: object, *, version: int, now: datetime,
           short: bool = False, lookups: Lookups | None = None) -> dict[str, Any]:
    """One mutation: its stored answer if it was applied before, else its handler's result
    (remembered, so that a retry gets the same answer)."""
    try:
        mutation = _MUTATION.validate_python(item)
    except pydantic.ValidationError as error:
        raise Rejected(_not_valid(error)) from None
    previous = conn.execute(
        select(t.applied_mutations).where(
            t.applied_mutations.c.org_id == p.org_id, t.applied_mutations.c.mutation_id == mutation.id
        )
    ).first()
    if previous is not None:
        return _replay(conn, p, mutation, previous, short=short)
    try:
        if isinstance(mutation, UpsertMutation):
            result = upsert(conn, p, mutation, version, now, short=short, lookups=lookups)
        elif isinstance(mutation, WithdrawMutation):
            result = withdraw(conn, p, mutation, version, now)
        elif isinstance(mutation, MergeMutation):
            result = merge(conn, p, mutation, version, now)
        elif isinstance(mutation, UnmergeMutation):
            result = unmerge(conn, p, mutation, version, now)
        else:
            result = review(conn, p, mutation, version, now,
                            redactor=lookups.redactor(p.org_id) if lookups else None)
    except Conflict as conflict:
        result = conflicted(mutation.id, conflict)
    conn.execute(insert(t.applied_mutations).values(
        org_id=p.org_id, mutation_id=mutation.id, device_id=p.device.id if p.device else None,
        op=mutation.op, applied_at=stamp(now), result=result,
    ))
    return result


def _replay(conn: Connection, p: Principal, mutation: Any, previous: Any, *,
            short: bool) -> dict[str, Any]:
    """The answer to a mutation applied before: its first answer, `already_applied`."""
    if previous.device_id != (p.device.id if p.device else None) or previous.op != mutation.op:
        raise Rejected("This change's id was already used by another change. "
                       "It was not applied; tell IT (the sending program has a bug).")
    original = dict(previous.result)
    answer = {**original, "status": ResultStatus.ALREADY_APPLIED.value,
              "original_status": original["status"]}
    shown = answer.get("observation")
    if shown is not None and not _can_see(conn, p, shown["id"]):
        del answer["observation"]  # a replay never shows what the caller may not read
    accepted = answer.get("accepted")
    if accepted is not None:
        if not _can_see(conn, p, accepted["id"]):
            del answer["accepted"]
        elif not short:  # first answered short, now asked in full: the state it has now
            del answer["accepted"]
            current = load(conn, accepted["id"])
            if current is not None:
                answer["observation"] = observation_wire(current)
    return answer


def _can_see(conn: Connection, p: Principal, observation_id: str) -> bool:
    """What a replay may show: the caller's scope, and for a person on a PC also the PC's
    (so that the retry of an anonymous observation sent by a signed-in person still shows it)."""
    return can_read(conn, p, observation_id) or (
        p.device is not None and p.user is not None
        and can_read(conn, Principal(org_id=p.org_id, device=p.device), observation_id))
