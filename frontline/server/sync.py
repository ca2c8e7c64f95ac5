"""Push and pull: plain functions that take a connection inside a transaction.

Cursors use Replicache's "global version" per organisation: every write transaction
first runs `UPDATE organisations SET version = version + 1 ... RETURNING version`,
which also takes the organisation's row lock until commit, and stamps each row it
changes with that version. Writers of one organisation therefore commit in version
order, and a reader that reads the committed version first and then the rows up to it
can never skip a change (see docs/sync-protocol.md, "Cursors").
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import operator
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pydantic
from sqlalchemy import (
    ARRAY,
    JSON,
    Connection,
    Row,
    String,
    Table,
    and_,
    any_,
    bindparam,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from frontline.core import taxonomy
from frontline.core.errors import TransitionError, ValidationError
from frontline.core.ids import format_time, parse_time
from frontline.core.model import TEXT_FIELDS, Observation, Status, clean_text, validate
from frontline.core.review import OPEN as OPEN_STATUSES
from frontline.core.review import check_transition
from frontline.server import tables as t
from frontline.server.auth import Principal
from frontline.server.backup import epoch_of
from frontline.server.errors import invalid
from frontline.server.http import readable_validation
from frontline.server.schemas import (
    MergeMutation,
    Mutation,
    ReviewMutation,
    UnmergeMutation,
    UpsertMutation,
    WithdrawMutation,
)
from frontline.server.scope import REVIEWER_ROLES, can_read, observation_filter
from frontline.sync.protocol import PROTOCOL_VERSION, ResultStatus

_has_card: Callable[[str], bool] | None
try:  # personal-data detection lives in frontline.core.pii; work without it if absent
    from frontline.core.pii import has_card as _has_card
except ImportError:  # pragma: no cover - depends on the checkout
    _has_card = None

log = logging.getLogger("frontline.server.sync")

_MUTATION = pydantic.TypeAdapter(Mutation)
_SAFE_ID = re.compile(r"[0-9A-Za-z._-]{0,64}")
#: The one form `format_time` writes: such an `observed_at` is stored as sent.
_STORED_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
_KNOWN = {"category": taxonomy.codes(taxonomy.CATEGORIES),
          "department": taxonomy.codes(taxonomy.DEPARTMENTS),
          "assignee_department": taxonomy.codes(taxonomy.DEPARTMENTS)}

CONTENT_FIELDS = (
    "observed_at", "kind", "summary", "details", "customer_words", "action_taken", "suggestion",
    "channel", "customer_type", "customer_segment", "category", "department", "severity",
    "switch_risk", "team_id",
)
REVIEW_FIELDS = (
    "status", "assignee_department", "response", "category", "department", "duplicate_of",
    "wont_act_reason", "escalated", "escalation_note",
)
WIRE_FIELDS = (
    "id", "observed_at", "kind", "summary", "details", "customer_words", "action_taken",
    "suggestion", "channel", "customer_type", "customer_segment", "category", "department",
    "severity", "switch_risk", "store_id", "team_id", "author_id", "anonymous", "device_id",
    "status", "assignee_department", "response", "responded_at", "duplicate_of",
    "wont_act_reason", "escalated", "escalation_note", "raised_by", "received_at", "updated_at",
    "rev",
)
TEXTS_CHECKED_FOR_CARDS = ("summary", "details", "customer_words", "action_taken", "suggestion",
                           "customer_segment")


class Rejected(Exception):
    """The mutation cannot apply as sent; the message is for the person who sent it."""


class Conflict(Exception):
    """The server's state wins; the message says why."""

    def __init__(self, message: str, row: Row[Any]):
        super().__init__(message)
        self.row = row


@functools.lru_cache(maxsize=16)
def _stamp(now: datetime) -> str:
    """`format_time(now)`, once per batch: every row a push writes carries the same time."""
    return format_time(now)


def _may_hold_card(text: str) -> bool:
    """False when `text` cannot hold a payment card number: ASCII with fewer than 13 digits
    (a card number has 13 to 19). Cheaper than asking `has_card` about each field."""
    return not text.isascii() or sum(map(text.count, "0123456789")) >= 13


def bump_version(conn: Connection, org_id: str) -> int:
    """Take the organisation's write lock and the next change version (first in every
    write transaction that changes observations)."""
    version = conn.execute(
        update(t.organisations).where(t.organisations.c.id == org_id)
        .values(version=t.organisations.c.version + 1)
        .returning(t.organisations.c.version)
    ).scalar_one()
    return int(version)


def observation_wire(row: Row[Any] | Any) -> dict[str, Any]:
    """A stored observation as the wire's `ObservationWire`."""
    m = row._mapping
    out = {name: m[name] for name in WIRE_FIELDS}
    for flag in ("switch_risk", "anonymous", "escalated"):
        out[flag] = bool(out[flag])
    return _unlinked(out)


def _unlinked(wire: dict[str, Any]) -> dict[str, Any]:
    """An anonymous observation never names the PC it came from to anyone: on a desk PC the
    device is as good as a name. (The server keeps it, so that only that PC may edit it.)"""
    if wire["anonymous"]:
        wire["device_id"] = None
    return wire


def _load(conn: Connection, observation_id: str) -> Row[Any] | None:
    return conn.execute(select(t.observations).where(t.observations.c.id == observation_id)).first()


# --- push -----------------------------------------------------------------------------


def push(
    conn: Connection, principal: Principal, items: list[object], *, now: datetime,
    short: bool = False,
) -> list[dict[str, Any]]:
    """Apply a batch: one result per item, in order. `short`: a newly created observation
    is answered with `accepted` (what the server decided) instead of the whole observation.

    New observations (the bulk of any push) are validated in Python and written with one
    multi-row insert per table; everything else (replays, edits, withdrawals, reviews)
    runs one by one, each in its own savepoint, so a failing item leaves no trace and the
    others still apply. If a bulk insert fails, its items are redone one by one."""
    version = bump_version(conn, principal.org_id)
    batch = _Batch(conn, principal, version, now, short=short)
    return batch.run(items)


def _mutation_id_of(item: object) -> str | None:
    mutation_id = item.get("id") if isinstance(item, dict) else None
    return mutation_id if isinstance(mutation_id, str) and 0 < len(mutation_id) <= 64 else None


def _rejected(mutation_id: str | None, reason: str) -> dict[str, Any]:
    return {"mutation_id": mutation_id, "status": ResultStatus.REJECTED.value, "reason": reason}


def _among(conn: Connection, column: Any, values: list[str]) -> Any:
    """`column IN values`; on PostgreSQL `column = ANY(one array parameter)`, which sends
    and plans faster than hundreds of parameters (measured ~2.5x for 200 ids)."""
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(String)))
    return column.in_(values)


def _chunks(values: list[str], size: int = 500) -> list[list[str]]:
    return [values[i:i + size] for i in range(0, len(values), size)]


def _known_ids(conn: Connection, query: str, org_id: str | None, ids: list[str]) -> set[str]:
    """The first column of `query` for `ids`, sent as plain SQL (SQLAlchemy's compiling of
    an IN list cost more than the lookup): `{among}` becomes `= ANY(one binary array)` on
    PostgreSQL, `IN (?, ...)` on SQLite; `{p}` the parameter for `org_id`. Only for
    statements written here, with fixed table and column names."""
    found: set[str] = set()
    if not ids:
        return found
    head = () if org_id is None else (org_id,)
    if conn.dialect.name == "postgresql":
        sql = query.format(p="%s", among="= ANY(%b::text[])")
        found.update(r[0] for r in conn.exec_driver_sql(sql, (*head, ids)))
        return found
    for chunk in _chunks(ids):
        sql = query.format(p="?", among=f"IN ({', '.join('?' * len(chunk))})")
        found.update(r[0] for r in conn.exec_driver_sql(sql, (*head, *chunk)))
    return found


class _Batch:
    """One push: lookups fetched once, new observations inserted together."""

    def __init__(self, conn: Connection, p: Principal, version: int, now: datetime, *,
                 short: bool = False):
        self.conn, self.p, self.version, self.now, self.short = conn, p, version, now, short
        self.lookups = _Lookups()
        self.previous: set[str] = set()  # mutation ids the server has applied already
        self.existing: set[str] = set()  # observation ids it holds (or removed)
        self.pending: list[tuple[int, object, dict[str, Any], dict[str, Any], dict[str, Any]]] = []

    def _prefetch(self, parsed: list[Any]) -> None:
        conn, p = self.conn, self.p
        self.previous = _known_ids(conn, "SELECT mutation_id FROM applied_mutations WHERE "
                                   "org_id = {p} AND mutation_id {among}", p.org_id,
                                   [m.id for m in parsed if m is not None])
        upserts = [m for m in parsed if isinstance(m, UpsertMutation)]
        self.existing = _known_ids(conn, "SELECT id FROM observations WHERE id {among}", None,
                                   [m.observation.id for m in upserts])
        from frontline.server.retention import is_removed

        # removed by retention or erasure: never brought back (the slow path refuses them)
        self.existing.update(is_removed(conn, p.org_id, [m.observation.id for m in upserts]))
        authors = sorted({m.observation.author_id for m in upserts if m.observation.author_id}
                         | ({p.user.id} if p.user is not None else set()))
        for chunk in _chunks(authors):
            for row in conn.execute(select(t.users).where(t.users.c.id.in_(chunk))):
                self.lookups.users[row.id] = row
        teams = sorted({m.observation.team_id for m in upserts if m.observation.team_id})
        for chunk in _chunks(teams):
            for row in conn.execute(select(t.teams).where(t.teams.c.id.in_(chunk))):
                self.lookups.teams[row.id] = row

    def run(self, items: list[object]) -> list[dict[str, Any]]:
        parsed: list[Any] = []
        results: list[dict[str, Any] | None] = [None] * len(items)
        for index, item in enumerate(items):
            try:
                parsed.append(_MUTATION.validate_python(item))
            except pydantic.ValidationError as error:
                parsed.append(None)
                results[index] = _rejected(_mutation_id_of(item), readable_validation(error).replace(
                    "The request is not valid", "This change is not valid"))
        self._prefetch(parsed)
        seen_mutations: set[str] = set()
        created: set[str] = set()
        for index, (item, m) in enumerate(zip(items, parsed, strict=True)):
            if m is None:
                continue
            fast = (isinstance(m, UpsertMutation) and m.id not in self.previous
                    and m.id not in seen_mutations and m.observation.id not in self.existing
                    and m.observation.id not in created)
            seen_mutations.add(m.id)
            if not fast:
                self._flush(results, items)
                results[index] = self._one(item)
                continue
            try:
                obs, content, store_id, author = _prepare_upsert(self.conn, self.p, m, self.lookups)
            except Rejected as rejected:
                results[index] = _rejected(m.id, str(rejected))
                continue
            created.add(obs.id)
            row = _new_row(self.p, obs, content, store_id, author, self.version, self.now)
            result = _created(m, row, short=self.short)
            audit = _audit_row(self.p, observation_id=obs.id, rev=1, version=self.version,
                               now=self.now, action="created", changes={}, mutation_id=m.id,
                               anonymous_author=obs.anonymous)
            applied = {"org_id": self.p.org_id, "mutation_id": m.id,
                       "device_id": self.p.device.id if self.p.device else None, "op": m.op,
                       "applied_at": _stamp(self.now), "result": result}
            self.pending.append((index, item, row, audit, applied))
            results[index] = result
        self._flush(results, items)
        return [r if r is not None else _rejected(None, "This change could not be read.")
                for r in results]

    def _flush(self, results: list[dict[str, Any] | None], items: list[object]) -> None:
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        savepoint = self.conn.begin_nested()
        try:
            _insert_many(self.conn, t.observations, [row for _, _, row, _, _ in pending])
            _insert_many(self.conn, t.audit, [audit for _, _, _, audit, _ in pending])
            _insert_many(self.conn, t.applied_mutations, [applied for _, _, _, _, applied in pending])
            savepoint.commit()
        except SQLAlchemyError:
            savepoint.rollback()
            log.warning("bulk insert failed; applying %d items one by one", len(pending))
            for index, item, _, _, _ in pending:
                results[index] = self._one(item)

    def _one(self, item: object) -> dict[str, Any]:
        """Apply one item in its own savepoint (the general path)."""
        savepoint = self.conn.begin_nested()
        try:
            result = _apply(self.conn, self.p, item, version=self.version, now=self.now,
                            short=self.short)
            savepoint.commit()
            return result
        except Rejected as rejected:
            savepoint.rollback()
            return _rejected(_mutation_id_of(item), str(rejected))
        except SQLAlchemyError:
            savepoint.rollback()
            log.exception("mutation could not be stored")
            return _rejected(_mutation_id_of(item),
                             "The server could not store this change. It has been logged for "
                             "IT; the change stays on this computer.")


_INSERTS: dict[tuple[str, str, tuple[str, ...]], tuple[str, tuple[int, ...]]] = {}


def _insert_statement(conn: Connection, table: Table, names: tuple[str, ...]
                      ) -> tuple[str, tuple[int, ...]]:
    """The batch INSERT for `names` on this dialect, and where its JSON columns are."""
    key = (conn.dialect.name, table.name, names)
    if key not in _INSERTS:
        quote = conn.dialect.identifier_preparer.quote
        columns = ", ".join(quote(n) for n in names)
        json_at = tuple(i for i, n in enumerate(names) if isinstance(table.c[n].type, JSON))
        if conn.dialect.name == "postgresql":
            # one array parameter per column: a short statement, whatever the batch size
            types = ["TEXT" if i in json_at else table.c[n].type.compile(dialect=conn.dialect)
                     for i, n in enumerate(names)]
            picks = ", ".join(f"u{i}::json" if i in json_at else f"u{i}"
                              for i in range(len(names)))
            arrays = ", ".join(f"%b::{kind}[]" for kind in types)  # binary: no text escaping
            sql = (f"INSERT INTO {quote(table.name)} ({columns}) SELECT {picks} FROM "
                   f"unnest({arrays}) AS u({', '.join(f'u{i}' for i in range(len(names)))})")
        else:
            mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
            sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({', '.join([mark] * len(names))})"
        _INSERTS[key] = (sql, json_at)
    return _INSERTS[key]


def _json(value: Any) -> str:
    """`json.dumps(value)`, without the encoder for the two values most rows carry."""
    if value is None:
        return "null"
    if isinstance(value, dict) and not value:
        return "{}"
    return json.dumps(value)


def _insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """`conn.execute(insert(table), rows)` without SQLAlchemy's per-row parameter
    processing, which cost a push more than the database's own work. SQLite: the driver's
    executemany with plain tuples. PostgreSQL: one `INSERT ... SELECT FROM unnest(arrays)`
    with one array per column (psycopg's executemany sends one statement per row, ~5x
    slower for 200 rows). JSON columns are encoded here, with `json.dumps` as SQLAlchemy's
    JSON type does. Every row must have the same keys, all of them columns of `table`."""
    names = tuple(rows[0])
    sql, json_at = _insert_statement(conn, table, names)
    if conn.dialect.name == "postgresql":
        columns = [[row[n] for row in rows] for n in names]
        for i in json_at:
            columns[i] = [_json(v) for v in columns[i]]
        conn.exec_driver_sql(sql, tuple(columns))
        return
    values = operator.itemgetter(*names)
    params: list[Any] = [values(row) for row in rows]
    if json_at:
        rows_out = []
        for p in params:
            row = list(p)
            for i in json_at:
                row[i] = _json(row[i])
            rows_out.append(tuple(row))  # SQLAlchemy takes a list of tuples as executemany
        params = rows_out
    conn.exec_driver_sql(sql, params)


def _created(m: UpsertMutation, row: dict[str, Any], *, short: bool) -> dict[str, Any]:
    """The result of an upsert that created `row`: the whole observation, or (`short`) only
    what the server decided, since the client holds the rest (`AcceptedWire`)."""
    if not short:
        return {"mutation_id": m.id, "status": ResultStatus.APPLIED.value,
                "observation": _unlinked({name: row[name] for name in WIRE_FIELDS})}
    accepted = {"id": row["id"], "rev": row["rev"], "received_at": row["received_at"],
                "updated_at": row["updated_at"], "store_id": row["store_id"],
                "author_id": row["author_id"],
                "device_id": None if row["anonymous"] else row["device_id"],
                "status": row["status"]}
    sent = m.observation
    changed = {name: row[name] for name in CONTENT_FIELDS if row[name] != getattr(sent, name)}
    if changed:
        accepted["changed"] = changed
    return {"mutation_id": m.id, "status": ResultStatus.APPLIED.value, "accepted": accepted}


def _apply(conn: Connection, p: Principal, item: object, *, version: int, now: datetime,
           short: bool = False) -> dict[str, Any]:
    try:
        mutation = _MUTATION.validate_python(item)
    except pydantic.ValidationError as error:
        raise Rejected(readable_validation(error).replace("The request is not valid", "This change is not valid")) from None
    previous = conn.execute(
        select(t.applied_mutations).where(
            t.applied_mutations.c.org_id == p.org_id, t.applied_mutations.c.mutation_id == mutation.id
        )
    ).first()
    if previous is not None:
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
                current = _load(conn, accepted["id"])
                if current is not None:
                    answer["observation"] = observation_wire(current)
        return answer
    try:
        if isinstance(mutation, UpsertMutation):
            result = _upsert(conn, p, mutation, version, now, short=short)
        elif isinstance(mutation, WithdrawMutation):
            result = _withdraw(conn, p, mutation, version, now)
        elif isinstance(mutation, MergeMutation):
            result = _merge(conn, p, mutation, version, now)
        elif isinstance(mutation, UnmergeMutation):
            result = _unmerge(conn, p, mutation, version, now)
        else:
            result = _review(conn, p, mutation, version, now)
    except Conflict as conflict:
        result = {"mutation_id": mutation.id, "status": ResultStatus.CONFLICT.value,
                  "reason": str(conflict), "observation": observation_wire(conflict.row)}
    conn.execute(insert(t.applied_mutations).values(
        org_id=p.org_id, mutation_id=mutation.id, device_id=p.device.id if p.device else None,
        op=mutation.op, applied_at=_stamp(now), result=result,
    ))
    return result


def _can_see(conn: Connection, p: Principal, observation_id: str) -> bool:
    """What a replay may show: the caller's scope, and for a person on a PC also the PC's
    (so that the retry of an anonymous observation sent by a signed-in person still shows it)."""
    return can_read(conn, p, observation_id) or (
        p.device is not None and p.user is not None
        and can_read(conn, Principal(org_id=p.org_id, device=p.device), observation_id))


def _audit_row(
    p: Principal, *, observation_id: str, rev: int, version: int, now: datetime,
    action: str, changes: dict[str, Any], mutation_id: str, anonymous_author: bool = False,
) -> dict[str, Any]:
    """One audit entry. The author of an anonymous observation is never named."""
    return {
        "org_id": p.org_id, "observation_id": observation_id, "rev": rev, "version": version,
        "at": _stamp(now),
        "actor_user_id": None if anonymous_author or p.user is None else p.user.id,
        "actor_role": None if anonymous_author else p.role,
        "device_id": p.device.id if p.device and not anonymous_author else None,
        "action": action, "mutation_id": mutation_id, "changes": changes,
    }


def _audit(conn: Connection, p: Principal, **values: Any) -> None:
    conn.execute(insert(t.audit).values(**_audit_row(p, **values)))


def _home_store(p: Principal) -> str:
    if p.device is not None:
        return p.device.store_id
    if p.user is not None and p.user.store_id:
        return p.user.store_id
    raise Rejected("Your account is not attached to a store, so it cannot record observations. "
                   "Ask IT to attach it to your store.")


def _author(conn: Connection, p: Principal, claimed: str | None, store_id: str,
            users: dict[str, Any] | None = None) -> str | None:
    """The author to store for a named (not anonymous) observation."""
    if p.user is not None and p.device is None:
        if claimed not in (None, p.user.id):
            raise Rejected("You can only record observations in your own name.")
        return p.user.id
    if claimed is None:
        if p.user is None:
            return None
        claimed = p.user.id  # the person signed in on this PC; they must belong to its store
    if users is not None and claimed in users:
        row = users[claimed]
    else:
        row = conn.execute(select(t.users).where(t.users.c.id == claimed)).first()
    if row is None or row.org_id != p.org_id or row.disabled or row.store_id != store_id:
        raise Rejected("The person named as author is not an active member of this store. "
                       "Sign in again on this computer, or record it anonymously.")
    return str(row.id)


def _check_reference(field: str, value: str | None) -> None:
    if value is None:
        return
    if value not in _KNOWN[field]:
        raise Rejected(f"“{value}” is not a known {field.replace('_', ' ')}. "
                       "Sync to get the current lists, then choose again.")


def _owns(p: Principal, row: Row[Any], author: str | None) -> bool:
    if row.anonymous:
        return p.device is not None and row.device_id == p.device.id
    if row.author_id is None:
        return p.device is not None and row.device_id == p.device.id
    return bool(row.author_id == author)


def _may_withdraw(p: Principal, row: Row[Any]) -> bool:
    """The author withdraws. On a shared PC the PC checks the author's PIN, so an enrolled
    device vouches for the named authors of its store; anonymous ones only from their device."""
    if row.anonymous or row.author_id is None:
        return p.device is not None and row.device_id == p.device.id
    if p.user is not None:
        return bool(row.author_id == p.user.id)
    return p.device is not None and row.store_id == p.device.store_id


class _Lookups:
    """Rows fetched once for a whole batch (users and teams named by its items)."""

    def __init__(self) -> None:
        self.users: dict[str, Any] = {}
        self.teams: dict[str, Any] = {}


def _prepare_upsert(
    conn: Connection, p: Principal, m: UpsertMutation, lookups: _Lookups | None = None
) -> tuple[Observation, dict[str, Any], str, str | None]:
    """Validate an upsert: (observation, content columns, store id, author) or `Rejected`."""
    data = m.observation
    store_id = _home_store(p)
    if data.store_id not in (None, store_id):
        raise Rejected("This observation names another store than the one this computer or "
                       "account belongs to, so it was not saved.")
    if data.team_id is not None:
        if lookups is not None and data.team_id in lookups.teams:
            team = lookups.teams[data.team_id]
        else:
            team = conn.execute(select(t.teams).where(t.teams.c.id == data.team_id)).first()
        if team is None or team.store_id != store_id:
            raise Rejected("The team chosen is not a team of this store. Choose the team again.")
    author = None if data.anonymous else _author(conn, p, data.author_id, store_id,
                                                 lookups.users if lookups else None)
    sent = data.__dict__  # the model's field values, without one getattr per field
    content = {name: sent[name] for name in CONTENT_FIELDS}
    try:
        for name in TEXT_FIELDS:  # as Observation.cleaned() does, without a second copy
            content[name] = clean_text(content[name])
        obs = _observation(id=data.id, **content, store_id=store_id, author_id=author,
                           anonymous=data.anonymous)
        validate(obs)
    except ValidationError as error:
        raise Rejected(" ".join(e.message for e in error.errors)) from None
    except (TypeError, ValueError):
        raise Rejected("The observation's fields are not valid.") from None
    _check_reference("category", obs.category)
    _check_reference("department", obs.department)
    if _has_card is not None and _may_hold_card(
            "".join([content[name] for name in TEXTS_CHECKED_FOR_CARDS])):
        for name in TEXTS_CHECKED_FOR_CARDS:
            if _has_card(content[name]):
                raise Rejected(f"The {name.replace('_', ' ')} seems to contain a payment card "
                               "number. Remove it (customer card numbers must not be stored) "
                               "and save again.")
    if not _STORED_TIME.fullmatch(obs.observed_at):  # validate() has parsed it already
        content["observed_at"] = format_time(parse_time(obs.observed_at))
    return obs, content, store_id, author


#: Every field of `Observation` with its default; `updated_at` is the server's (see
#: `_new_row`), so "" spares the default's clock read.
_OBSERVATION_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Observation)
                         if f.default is not dataclasses.MISSING} | {"updated_at": ""}
_PLAIN_OBSERVATION = not hasattr(Observation, "__post_init__") and "__slots__" not in vars(Observation)


def _observation(**values: Any) -> Observation:
    """`Observation(**values)` (the other fields at their defaults) for `validate`: the
    frozen dataclass's `__init__` sets each of its 28 fields through `object.__setattr__`,
    which was 7% of a push; filling the instance's `__dict__` at once gives the same object.
    Built the ordinary way should `Observation` ever compute something on creation."""
    if not _PLAIN_OBSERVATION:
        return Observation(**(_OBSERVATION_DEFAULTS | values))
    obs = object.__new__(Observation)
    obs.__dict__.update(_OBSERVATION_DEFAULTS)
    obs.__dict__.update(values)
    return obs


def _new_row(p: Principal, obs: Observation, content: dict[str, Any], store_id: str,
             author: str | None, version: int, now: datetime) -> dict[str, Any]:
    """Every column of a newly received observation."""
    stamp = _stamp(now)
    return {
        "id": obs.id, "org_id": p.org_id, "version": version, "rev": 1, "received_at": stamp,
        "updated_at": stamp, "store_id": store_id, "author_id": author,
        "anonymous": obs.anonymous, "device_id": p.device.id if p.device else None,
        "status": Status.NEW.value, "assignee_department": None, "response": "",
        "responded_at": None, "duplicate_of": None, "wont_act_reason": "", "escalated": False,
        "escalation_note": "", "raised_by": 1, "before_merge": None, **content,
    }


def _upsert(conn: Connection, p: Principal, m: UpsertMutation, version: int, now: datetime, *,
            short: bool = False) -> dict[str, Any]:
    obs, content, store_id, author = _prepare_upsert(conn, p, m)
    existing = _load(conn, obs.id)
    stamp = _stamp(now)
    if existing is None:
        from frontline.server.retention import REMOVED_REASON, is_removed

        if is_removed(conn, p.org_id, [obs.id]):
            raise Rejected(REMOVED_REASON)
        row = _new_row(p, obs, content, store_id, author, version, now)
        conn.execute(insert(t.observations).values(**row))
        _audit(conn, p, observation_id=obs.id, rev=1, version=version, now=now, action="created",
               changes={}, mutation_id=m.id, anonymous_author=obs.anonymous)
        return _created(m, row, short=short)
    if existing.org_id != p.org_id or existing.store_id != store_id or not _owns(p, existing, author):
        raise Rejected("An observation with this id already exists and is not yours to change.")
    if bool(existing.anonymous) != obs.anonymous:
        raise Rejected("Whether an observation is anonymous cannot change after it was sent. "
                       "Withdraw it and record a new one.")
    if existing.status != Status.NEW.value:
        raise Conflict("Review of this observation has started, so your edit was not applied. "
                       "Ask your manager if something needs to change.", existing)
    changes = {k: [existing._mapping[k], v] for k, v in content.items() if existing._mapping[k] != v}
    if changes:
        rev = existing.rev + 1
        conn.execute(update(t.observations).where(t.observations.c.id == obs.id).values(
            version=version, rev=rev, updated_at=stamp, **{k: v[1] for k, v in changes.items()},
        ))
        _audit(conn, p, observation_id=obs.id, rev=rev, version=version, now=now, action="edited",
               changes=changes, mutation_id=m.id, anonymous_author=obs.anonymous)
    return {"mutation_id": m.id, "status": ResultStatus.APPLIED.value,
            "observation": observation_wire(_load(conn, obs.id))}


def _withdraw(conn: Connection, p: Principal, m: WithdrawMutation, version: int, now: datetime) -> dict[str, Any]:
    row = _load(conn, m.observation_id)
    if row is None or row.org_id != p.org_id or not _may_withdraw(p, row):
        raise Rejected("This observation is not on the server or is not yours to withdraw.")
    if row.status == Status.WITHDRAWN.value:
        return {"mutation_id": m.id, "status": ResultStatus.APPLIED.value,
                "observation": observation_wire(row)}
    try:
        check_transition(row.status, Status.WITHDRAWN, by_author=True)
    except TransitionError as error:
        raise Conflict(str(error), row) from None
    rev = row.rev + 1
    conn.execute(update(t.observations).where(t.observations.c.id == row.id).values(
        version=version, rev=rev, updated_at=_stamp(now), status=Status.WITHDRAWN.value))
    _audit(conn, p, observation_id=row.id, rev=rev, version=version, now=now, action="withdrawn",
           changes={"status": [row.status, Status.WITHDRAWN.value]}, mutation_id=m.id,
           anonymous_author=bool(row.anonymous))
    return {"mutation_id": m.id, "status": ResultStatus.APPLIED.value,
            "observation": observation_wire(_load(conn, row.id))}


def _changed_since(conn: Connection, p: Principal, observation_id: str, base_rev: int) -> set[str]:
    """Fields someone else changed after `base_rev`. Changes sent earlier from the same PC
    are not "someone else": a manager's own queued changes never conflict with each other."""
    fields: set[str] = set()
    own_device = p.device.id if p.device is not None else None
    for changes, device_id in conn.execute(
        select(t.audit.c.changes, t.audit.c.device_id).where(
            t.audit.c.observation_id == observation_id, t.audit.c.rev > base_rev,
            t.audit.c.action != "conflict",
        )
    ):
        if own_device is None or device_id != own_device:
            fields.update(changes or {})
    return fields


def _review(conn: Connection, p: Principal, m: ReviewMutation, version: int, now: datetime) -> dict[str, Any]:
    if p.user is None or p.user.role not in REVIEWER_ROLES:
        raise Rejected("Only a manager, leader or admin who is signed in can review observations.")
    row = _load(conn, m.observation_id)
    if row is None or not can_read(conn, p, m.observation_id):
        raise Rejected("This observation is not on the server or is outside what you review.")
    if m.base_rev > row.rev:
        raise Rejected("This change refers to a version of the observation the server never "
                       "had. Sync again and repeat the change.")
    wanted = m.changes.model_dump(exclude_unset=True)
    if "status" in wanted and wanted["status"] is None:
        raise Rejected("A status must be chosen.")
    for text in ("response", "wont_act_reason", "escalation_note"):
        if text in wanted and wanted[text] is None:
            wanted[text] = ""
    if "escalated" in wanted and wanted["escalated"] is None:
        wanted["escalated"] = False
    current = row._mapping
    changes = {k: [current[k], v] for k, v in wanted.items() if current[k] != v}
    if not changes:
        return {"mutation_id": m.id, "status": ResultStatus.APPLIED.value,
                "observation": observation_wire(row)}
    stale = sorted(_changed_since(conn, p, row.id, m.base_rev) & set(changes))
    if stale:
        _audit(conn, p, observation_id=row.id, rev=row.rev, version=version, now=now,
               action="conflict", changes={k: [current[k], wanted[k]] for k in stale},
               mutation_id=m.id)
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
    for field in ("category", "department", "assignee_department"):
        if field in changes:
            _check_reference(field, changes[field][1])
    values: dict[str, Any] = {k: v[1] for k, v in changes.items()}
    if "response" in changes:
        values["responded_at"] = _stamp(now) if values["response"] else None
    rev = row.rev + 1
    conn.execute(update(t.observations).where(t.observations.c.id == row.id).values(
        version=version, rev=rev, updated_at=_stamp(now), **values))
    _audit(conn, p, observation_id=row.id, rev=rev, version=version, now=now, action="reviewed",
           changes=changes, mutation_id=m.id)
    if "response" in changes:
        _answer_family(conn, p, row.id, version=version, now=now, mutation_id=m.id)
    return {"mutation_id": m.id, "status": ResultStatus.APPLIED.value,
            "observation": observation_wire(_load(conn, row.id))}


# --- merging duplicates ---------------------------------------------------------------------
#
# A family is an original and every observation merged into it, directly or through a
# duplicate that had duplicates of its own (merging such a one keeps its own duplicates
# under it, so unmerging it takes them along). Every member carries the family's count of
# people (`raised_by`) and the original's answer.

FAMILY_MAX = 10_000  # members walked at most (a guard, far above any real family)


def _root_of(conn: Connection, observation_id: str) -> Row[Any] | None:
    """The original at the top of `observation_id`'s family (itself when not merged)."""
    row = _load(conn, observation_id)
    seen: set[str] = set()
    while row is not None and row.status == Status.DUPLICATE.value and row.duplicate_of \
            and row.id not in seen:
        seen.add(row.id)
        parent = _load(conn, row.duplicate_of)
        if parent is None:
            break  # the original is gone (retention or erasure): this one is the top now
        row = parent
    return row


def _descendants(conn: Connection, root_id: str) -> list[Row[Any]]:
    """Every observation merged into `root_id`, at any depth (not the root itself)."""
    o = t.observations.c
    found: list[Row[Any]] = []
    seen = {root_id}
    level = [root_id]
    while level and len(found) < FAMILY_MAX:
        rows = conn.execute(select(t.observations).where(
            _among(conn, o.duplicate_of, level), o.status == Status.DUPLICATE.value)).all()
        rows = [r for r in rows if r.id not in seen]
        seen.update(r.id for r in rows)
        found.extend(rows)
        level = [r.id for r in rows]
    return found


def people_count(rows: list[Row[Any]]) -> int:
    """How many people raised what `rows` say: each named author once, and each anonymous
    observation (or one without an author) as one person."""
    named = {r.author_id for r in rows if r.author_id is not None and not r.anonymous}
    return len(named) + sum(1 for r in rows if r.author_id is None or r.anonymous)


def _recount(conn: Connection, root_id: str, *, version: int) -> int:
    """Count the family of `root_id` again and stamp the new count on each member whose
    count changed, with the change version (so PCs pull it; `rev` is not bumped: the count
    is derived, nobody edits it, and it never conflicts)."""
    root = _load(conn, root_id)
    if root is None:
        return 0
    members = [root, *_descendants(conn, root_id)]
    count = people_count(members)
    stale = [r.id for r in members if r.raised_by != count]
    for chunk in _chunks(stale):
        conn.execute(update(t.observations).where(_among(conn, t.observations.c.id, chunk))
                     .values(raised_by=count, version=version))
    return count


def _answer_family(conn: Connection, p: Principal, root_id: str, *, version: int,
                   now: datetime, mutation_id: str) -> None:
    """Give every observation merged into `root_id` the root's answer: each merged author
    reads it on their own PC, whoever answered and wherever."""
    root = _load(conn, root_id)
    if root is None or root.status == Status.DUPLICATE.value:
        return  # an answer written on a duplicate stays its own
    for member in _descendants(conn, root_id):
        if member.response == root.response:
            continue
        rev = member.rev + 1
        conn.execute(update(t.observations).where(t.observations.c.id == member.id).values(
            response=root.response, responded_at=root.responded_at, version=version, rev=rev,
            updated_at=_stamp(now)))
        _audit(conn, p, observation_id=member.id, rev=rev, version=version, now=now,
               action="answered", changes={"response": [member.response, root.response]},
               mutation_id=mutation_id)


def _reviewable(conn: Connection, p: Principal, observation_id: str, base_rev: int) -> Row[Any]:
    if p.user is None or p.user.role not in REVIEWER_ROLES:
        raise Rejected("Only a manager, leader or admin who is signed in can review observations.")
    row = _load(conn, observation_id)
    if row is None or not can_read(conn, p, observation_id):
        raise Rejected("This observation is not on the server or is outside what you review.")
    if base_rev > row.rev:
        raise Rejected("This change refers to a version of the observation the server never "
                       "had. Sync again and repeat the change.")
    return row


def _merge_conflict(conn: Connection, p: Principal, row: Row[Any], base_rev: int,
                    wanted: dict[str, Any], *, version: int, now: datetime,
                    mutation_id: str) -> None:
    """Someone else changed the status (or merged it) since the manager looked: theirs stands."""
    stale = sorted(_changed_since(conn, p, row.id, base_rev) & {"status", "duplicate_of"})
    if not stale:
        return
    current = row._mapping
    _audit(conn, p, observation_id=row.id, rev=row.rev, version=version, now=now,
           action="conflict", changes={k: [current[k], wanted.get(k)] for k in stale},
           mutation_id=mutation_id)
    raise Conflict("Someone else changed the status of this observation since you looked, "
                   "and their change was kept. Look at it again and merge or unmerge again "
                   "if it is still needed.", row)


def _merge(conn: Connection, p: Principal, m: MergeMutation, version: int, now: datetime) -> dict[str, Any]:
    row = _reviewable(conn, p, m.observation_id, m.base_rev)
    target = _load(conn, m.into)
    if target is None or not can_read(conn, p, m.into):
        raise Rejected("The observation chosen as the original is not on the server or is "
                       "outside what you review. Choose one you can see.")
    root = _root_of(conn, m.into)
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
        return {"mutation_id": m.id, "status": ResultStatus.APPLIED.value,
                "observation": observation_wire(row)}
    wanted = {"status": Status.DUPLICATE.value, "duplicate_of": root.id}
    _merge_conflict(conn, p, row, m.base_rev, wanted, version=version, now=now,
                    mutation_id=m.id)
    try:
        check_transition(row.status, Status.DUPLICATE, duplicate_of=root.id)
    except TransitionError as error:
        raise Rejected(str(error)) from None
    previous_root = _root_of(conn, row.id) if row.status == Status.DUPLICATE.value else None
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
        version=version, rev=rev, updated_at=_stamp(now), **values))
    _audit(conn, p, observation_id=row.id, rev=rev, version=version, now=now, action="merged",
           changes=changes, mutation_id=m.id)
    _answer_family(conn, p, root.id, version=version, now=now, mutation_id=m.id)
    _recount(conn, root.id, version=version)
    if previous_root is not None and previous_root.id != root.id:
        _recount(conn, previous_root.id, version=version)
    return {"mutation_id": m.id, "status": ResultStatus.APPLIED.value,
            "observation": observation_wire(_load(conn, row.id))}


def _unmerge(conn: Connection, p: Principal, m: UnmergeMutation, version: int, now: datetime) -> dict[str, Any]:
    row = _reviewable(conn, p, m.observation_id, m.base_rev)
    if row.status != Status.DUPLICATE.value:
        _merge_conflict(conn, p, row, m.base_rev, {"status": row.status, "duplicate_of": None},
                        version=version, now=now, mutation_id=m.id)
        return {"mutation_id": m.id, "status": ResultStatus.APPLIED.value,
                "observation": observation_wire(row)}  # not merged (any more): nothing to undo
    _merge_conflict(conn, p, row, m.base_rev, {"duplicate_of": None}, version=version, now=now,
                    mutation_id=m.id)
    old_root = _root_of(conn, row.id)
    before = dict(row.before_merge or {})
    status = before.get("status")
    if status not in {s.value for s in OPEN_STATUSES} | {Status.CLOSED.value,
                                                         Status.WONT_ACT.value}:
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
        version=version, rev=rev, updated_at=_stamp(now), **values))
    _audit(conn, p, observation_id=row.id, rev=rev, version=version, now=now,
           action="unmerged", changes=changes, mutation_id=m.id)
    _recount(conn, row.id, version=version)
    if old_root is not None and old_root.id != row.id:
        _recount(conn, old_root.id, version=version)
    return {"mutation_id": m.id, "status": ResultStatus.APPLIED.value,
            "observation": observation_wire(_load(conn, row.id))}


# --- pull -----------------------------------------------------------------------------


def parse_cursor(cursor: str | None) -> tuple[int, str]:
    """`v<version>` or `v<version>:<last id>`; None or empty means from the start."""
    if not cursor:
        return 0, ""
    head, _, last_id = cursor.partition(":")
    if (not head.startswith("v") or not head[1:].isdigit() or len(cursor) > 100
            or not _SAFE_ID.fullmatch(last_id) or int(head[1:]) >= 2**63):
        raise invalid("The sync cursor is not one this server made. Sync from the start "
                      "(send no cursor).")
    return int(head[1:]), last_id


def pull(conn: Connection, principal: Principal, cursor: str | None, limit: int, *, now: datetime) -> dict[str, Any]:
    """One page of observations in scope changed since `cursor`, oldest change first."""
    version, last_id = parse_cursor(cursor)
    org = conn.execute(
        select(t.organisations.c.version, t.organisations.c.reference_version)
        .where(t.organisations.c.id == principal.org_id)
    ).one()
    head = int(org.version)
    # a cursor this database never issued (restored from a backup: frontline/server/backup.py)
    reset = bool(cursor) and (version > head or epoch_of(version) != epoch_of(head))
    if reset:
        version, last_id = 0, ""
    o = t.observations.c
    after = or_(o.version > version, and_(o.version == version, o.id > last_id)) if last_id \
        else o.version > version
    rows = conn.execute(
        select(t.observations)
        .where(o.org_id == principal.org_id, after, o.version <= head, observation_filter(principal))
        .order_by(o.version, o.id)
        .limit(limit + 1)
    ).all()
    from frontline.server.retention import removed_scope, removed_since

    gone = removed_since(conn, principal.org_id, version, last_id, head,
                         removed_scope(conn, principal), limit)
    # one feed: changed rows and removed ids, in (version, id) order
    feed = sorted([(r.version, r.id, r) for r in rows] + [(g.version, g.observation_id, None)
                                                          for g in gone],
                  key=lambda item: (item[0], item[1]))
    has_more = len(feed) > limit
    taken = feed[:limit]
    page = [r for _, _, r in taken if r is not None]
    removed = [i for _, i, r in taken if r is None]
    if has_more:
        next_cursor = f"v{taken[-1][0]}:{taken[-1][1]}"
    else:
        next_cursor = f"v{max(head, version)}"
    return {
        "protocol": PROTOCOL_VERSION,
        "cursor": next_cursor,
        "has_more": has_more,
        "observations": [observation_wire(r) for r in page],
        "reference_version": int(org.reference_version),
        "server_time": format_time(now),
        "removed": removed,  # retention and erasure: the client deletes these
        "reset": reset,  # pull again from the start; the page starts there
    }
