"""Observations in the local file: save, withdraw, search and fetch, each a small typed function.

Every change is written together with its outbox entry, in one transaction. Searches run in
SQL and return rowids; the UI fetches only the rows it shows (`fetch_rows`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlite_utils import Database

from frontline.core.errors import BugError, TransitionError
from frontline.core.ids import format_time, parse_time, utc_now
from frontline.core.model import Observation, Status, validate
from frontline.core.review import check_transition
from frontline.core.vocabulary import FREE_TEXT_FIELDS, REVIEW_FIELDS
from frontline.store import outbox
from frontline.store.db import store_errors, write_transaction
from frontline.store.privacy import Enforced, enforce_in
from frontline.store.search import FirstRows, first_matching_rowids, matching_rowids

FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Observation))
#: The free text an `Observation` carries (the escalation note is a column of its own).
TEXT_COLUMNS: tuple[str, ...] = tuple(n for n in FREE_TEXT_FIELDS if n in FIELDS)
_AUTHOR_FIELDS = tuple(n for n in FIELDS if n not in REVIEW_FIELDS and n != "id")
SYNC_STATES = ("queued", "synced", "quarantined")
ORDERABLE = frozenset({"observed_at", "updated_at", "kind", "status", "channel", "severity",
                       "summary", "sync_state", "category", "department", "customer_type"})

_SELECT = f"SELECT {', '.join(FIELDS)}, rowid, sync_state, sync_error, unread FROM observations"
_INSERT = (f"INSERT INTO observations ({', '.join(FIELDS)}, sync_state) "
           f"VALUES ({', '.join('?' for _ in FIELDS)}, ?)")


@dataclass(frozen=True)
class ListedObservation:
    """An observation as the lists show it: with its rowid and local sync state."""

    observation: Observation
    rowid: int
    sync_state: str
    sync_error: str
    unread: bool


@dataclass(frozen=True)
class ObservationQuery:
    """What a list shows: search text, filters (empty = all) and sort order."""

    text: str = ""
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    sync_states: tuple[str, ...] = ()
    mine_only: bool = False
    author_id: str | None = None  # with mine_only: whose observations (None = no author)
    #: nothing at all (a shared PC with nobody signed in: nobody's observations are shown)
    nobody: bool = False
    order_by: str = "observed_at"
    descending: bool = True


@store_errors
def save_observation(db: Database, obs: Observation) -> Observation:
    """Validate and store `obs` (new, or an author's edit while its status is `new`), queue it
    for the server in the same transaction, and return what was stored.

    Customer personal data in its free text is replaced by placeholders, or refused under
    the organisation's "block" policy (`frontline.store.privacy`): the row and its outbox
    payload never hold it. Raises `ValidationError` (per field, for the form; also when the
    summary would hold nothing but placeholders), `PersonalDataError` (policy "block") or
    `TransitionError` when review has already started."""
    return save_observation_reporting(db, obs)[0]


@store_errors
def save_observation_reporting(db: Database, obs: Observation
                               ) -> tuple[Observation, Enforced]:
    """`save_observation`, also returning what personal data was replaced (for reports)."""
    obs = obs.cleaned()
    validate(obs)
    enforced = enforce_in(db, {n: getattr(obs, n) for n in TEXT_COLUMNS})
    if enforced.changed:
        texts: dict[str, Any] = dict(enforced.fields)
        obs = replace(obs, **texts)
        validate(obs)  # a placeholder may be longer than what it replaced
    # one timestamp form in the file, so that sorting by text sorts by time
    observed_at, updated_at = format_time(parse_time(obs.observed_at)), utc_now()
    with write_transaction(db):
        existing = _load(db, obs.id)
        if existing is None:
            stored = replace(obs, observed_at=observed_at, updated_at=updated_at)
            db.execute(_INSERT, [*_values(stored), "queued"])
        else:
            if not existing.observation.editable_by_author:
                raise TransitionError(
                    "This observation is already being reviewed (or was withdrawn), so it can "
                    "no longer be changed. Ask your manager if something needs correcting."
                )
            review: dict[str, Any] = {n: getattr(existing.observation, n) for n in REVIEW_FIELDS}
            stored = replace(obs, observed_at=observed_at, updated_at=updated_at, **review)
            db.execute(
                f"UPDATE observations SET {', '.join(f'{n} = ?' for n in _AUTHOR_FIELDS)}, "
                "sync_state = 'queued', sync_error = '' WHERE id = ?",
                [*(_db_value(getattr(stored, n)) for n in _AUTHOR_FIELDS), stored.id],
            )
        outbox.enqueue(db, entity_id=stored.id, op="observation.upsert",
                       payload=to_payload(stored))
    return stored, enforced


@store_errors
def withdraw_observation(db: Database, obs_id: str) -> Observation:
    """Withdraw the author's own observation before review starts; queued for the server.
    Raises `TransitionError` once review has started. Withdrawing twice changes nothing."""
    with write_transaction(db):
        existing = _load(db, obs_id)
        if existing is None:
            raise BugError(f"No observation {obs_id} in the local file")
        current = existing.observation
        if current.status == Status.WITHDRAWN:
            return current
        check_transition(current.status, Status.WITHDRAWN, by_author=True)
        stored = replace(current, status=Status.WITHDRAWN.value, updated_at=utc_now())
        db.execute("UPDATE observations SET status = ?, updated_at = ?, sync_state = 'queued', "
                   "sync_error = '' WHERE id = ?", [stored.status, stored.updated_at, obs_id])
        outbox.enqueue(db, entity_id=obs_id, op="observation.withdraw",
                       payload={"id": obs_id, "status": stored.status,
                                "updated_at": stored.updated_at})
    return stored


@store_errors
def get_observation(db: Database, obs_id: str) -> ListedObservation | None:
    """One observation by id, or None."""
    return _load(db, obs_id)


@store_errors
def query_rowids(db: Database, query: ObservationQuery) -> list[int]:
    """The rowids matching `query`, in its order: search, filters and sort run in SQL (see
    `frontline.store.search` for how a search matching many rows stays fast). For the first
    screen, `query_first_rowids` is quicker."""
    where, params = _query_where(query)
    return matching_rowids(db, text=query.text, where=where, params=params,
                           order_by=query.order_by, descending=query.descending)


@store_errors
def query_first_rowids(db: Database, query: ObservationQuery, limit: int = 100) -> FirstRows:
    """The first `limit` rowids of `query_rowids(db, query)` (the same rows, in the same
    order), quickly even when a word is in most rows or a sync has just changed the file.

    When `complete` is False, show these and then run `query_rowids` for the whole list
    (its count, and the rows further down)."""
    where, params = _query_where(query)
    return first_matching_rowids(
        db, text=query.text, where=where, params=params, order_by=query.order_by,
        descending=query.descending, limit=limit,
        full=lambda: matching_rowids(db, text=query.text, where=where, params=params,
                                     order_by=query.order_by, descending=query.descending))


def _query_where(query: ObservationQuery) -> tuple[list[str], list[Any]]:
    if query.order_by not in ORDERABLE:
        raise BugError(f"Cannot sort observations by {query.order_by!r}")
    where: list[str] = []
    params: list[Any] = []
    for column, values in (("kind", query.kinds), ("status", query.statuses),
                           ("channel", query.channels), ("sync_state", query.sync_states)):
        if values:
            where.append(f"o.{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    if query.mine_only:
        where.append("o.author_id IS ?")
        params.append(query.author_id)
    if query.nobody:
        where.append("0")
    return where, params


@store_errors
def fetch_rows(db: Database, rowids: Sequence[int]) -> list[ListedObservation]:
    """The observations with these rowids, in the order given (rowids no longer present are
    skipped). Meant for the visible window of a list, not for all rows at once."""
    found: dict[int, ListedObservation] = {}
    for start in range(0, len(rowids), 500):
        chunk = list(rowids[start:start + 500])
        sql = f"{_SELECT} WHERE rowid IN ({', '.join('?' for _ in chunk)})"
        for row in db.execute(sql, chunk).fetchall():
            listed = _listed(row)
            found[listed.rowid] = listed
    return [found[r] for r in rowids if r in found]


@store_errors
def count_pending(db: Database) -> int:
    """How many observations are waiting to be sent to the server."""
    value: int = db.execute(
        "SELECT count(*) FROM observations WHERE sync_state = 'queued'").fetchone()[0]
    return value


@store_errors
def mark_read(db: Database, obs_id: str) -> None:
    """Clear the unread flag (set when a review change arrives from the server)."""
    db.execute("UPDATE observations SET unread = 0 WHERE id = ? AND unread = 1", [obs_id])


@store_errors
def count_unread(db: Database, author_id: str, ids: Sequence[str] | None = None) -> int:
    """How many of `author_id`'s observations (of `ids`, when given) carry news they have
    not opened yet (the unread flag a pulled answer or status sets)."""
    sql = "SELECT count(*) FROM observations WHERE unread = 1 AND author_id = ?"
    if ids is None:
        return int(db.execute(sql, [author_id]).fetchone()[0])
    total = 0
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        total += int(db.execute(f"{sql} AND id IN ({', '.join('?' for _ in chunk)})",
                                [author_id, *chunk]).fetchone()[0])
    return total


def to_payload(obs: Observation) -> dict[str, Any]:
    """`obs.to_dict()` without `dataclasses.asdict`'s deep copies (every value is a scalar):
    a third of a save's CPU time otherwise."""
    return {name: getattr(obs, name) for name in FIELDS}


def _load(db: Database, obs_id: str) -> ListedObservation | None:
    row = db.execute(f"{_SELECT} WHERE id = ?", [obs_id]).fetchone()
    return None if row is None else _listed(row)


def _listed(row: tuple[Any, ...]) -> ListedObservation:
    values = dict(zip(FIELDS, row, strict=False))
    values["switch_risk"] = bool(values["switch_risk"])
    values["anonymous"] = bool(values["anonymous"])
    rowid, sync_state, sync_error, unread = row[len(FIELDS):]
    return ListedObservation(Observation(**values), rowid, sync_state, sync_error, bool(unread))


def _db_value(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _values(obs: Observation) -> list[Any]:
    return [_db_value(getattr(obs, name)) for name in FIELDS]
