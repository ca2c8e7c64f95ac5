"""Operations on the author's observations: save, withdraw, mark read, counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from frontline.ui.changes import OpChanges
from frontline.ui.ops import QueryOp, StoreOp

if TYPE_CHECKING:
    from sqlite_utils import Database

    from frontline.core.model import Observation
    from frontline.store.observations import ListedObservation, ObservationQuery
    from frontline.store.search import FirstRows

#: a saved, edited or withdrawn observation: the lists and the pending count change
SAVED = OpChanges(observations=True, sync_state=True)


def save_observation(*, parent: QObject, obs: Observation, draft_key: str
                     ) -> StoreOp[Observation]:
    """Save `obs` and forget the draft it was typed in, in one transaction (one commit,
    one sync to disk: ~2 ms instead of ~8 ms for two)."""

    def op(db: Database) -> Observation:
        from frontline.store.db import write_transaction
        from frontline.store.drafts import clear_draft
        from frontline.store.observations import save_observation as save

        with write_transaction(db):
            saved = save(db, obs)
            clear_draft(db, draft_key)
        return saved

    return StoreOp(parent, op, changes=SAVED)


def withdraw_observation(*, parent: QObject, obs_id: str
                         ) -> StoreOp[ListedObservation | None]:
    """Withdraw one of the author's observations; returns it as the lists show it."""

    def op(db: Database) -> ListedObservation | None:
        from frontline.store.observations import get_observation, withdraw_observation

        withdraw_observation(db, obs_id)
        return get_observation(db, obs_id)

    return StoreOp(parent, op, changes=SAVED)


def mark_read(*, parent: QObject, obs_id: str) -> StoreOp[None]:
    """The author has seen a manager's news on this observation."""

    def op(db: Database) -> None:
        from frontline.store.observations import mark_read as mark

        mark(db, obs_id)

    return StoreOp(parent, op, changes=OpChanges(observations=True))


def count_unread(*, parent: QObject, author_id: str, ids: Sequence[str] | None = None
                 ) -> QueryOp[int]:
    """How many of this person's observations (of `ids`) have news they have not opened."""

    def op(db: Database) -> int:
        from frontline.store.observations import count_unread as count

        return count(db, author_id, ids)

    return QueryOp(parent, op)


def count_pending(*, parent: QObject) -> QueryOp[int]:
    """How many observations wait to be sent."""

    def op(db: Database) -> int:
        from frontline.store.observations import count_pending as count

        return count(db)

    return QueryOp(parent, op)


def raised_by(*, parent: QObject, obs_id: str) -> QueryOp[int]:
    """How many people raised it (it and the observations merged with it)."""

    def op(db: Database) -> int:
        from frontline.store.review import raised_by as people

        return people(db, [obs_id]).get(obs_id, 1)

    return QueryOp(parent, op)


def fill_demo_if_empty(*, parent: QObject, count: int, seed: int = 7) -> StoreOp[int]:
    """Fill an empty data folder with demo observations; returns how many were added."""

    def op(db: Database) -> int:
        from frontline.store.demo import fill_demo
        from frontline.store.observations import ObservationQuery, query_rowids

        if query_rowids(db, ObservationQuery(order_by="observed_at")):
            return 0
        return fill_demo(db, count=count, seed=seed)

    return StoreOp(parent, op, changes=SAVED)


class MyObservationRows:
    """My observations' row source (`frontline.ui.lazy_list.RowSource`): this PC's
    observations for an `ObservationQuery`, searched, filtered and sorted in SQL."""

    def first_rowids(self, db: Database, query: ObservationQuery, limit: int) -> FirstRows:
        from frontline.store.observations import query_first_rowids

        return query_first_rowids(db, query, limit)

    def all_rowids(self, db: Database, query: ObservationQuery) -> Sequence[int]:
        from frontline.store.observations import query_rowids

        return query_rowids(db, query)

    def fetch(self, db: Database, rowids: Sequence[int]) -> list[ListedObservation]:
        from frontline.store.observations import fetch_rows

        return fetch_rows(db, rowids)

    def rowid(self, row: ListedObservation) -> int:
        return row.rowid
