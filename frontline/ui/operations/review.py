"""A manager's review: the inbox's rows, each review command, the pane's details, the
board. Every command checks the state machine and queues one change for the server in
the same transaction (`frontline.store.review`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from frontline.ui.changes import OpChanges
from frontline.ui.ops import QueryOp, StoreOp

if TYPE_CHECKING:
    from sqlite_utils import Database

    from frontline.core.model import Observation
    from frontline.store.inbox import InboxQuery
    from frontline.store.observations import ListedObservation
    from frontline.store.review import BoardItem
    from frontline.store.search import FirstRows

#: a review change: the inbox, the board, the author's list (on this PC) and the outbox
REVIEWED = OpChanges(observations=True, review=True, sync_state=True)


@dataclass(frozen=True)
class InboxRow:
    """An inbox row: the observation as the lists show it, with how many people raised it
    and whether it was escalated (columns that are not fields of `Observation`)."""

    listed: ListedObservation
    raised_by: int = 1
    escalated: bool = False

    @property
    def observation(self) -> Observation:
        return self.listed.observation

    @property
    def rowid(self) -> int:
        return self.listed.rowid

    @property
    def sync_state(self) -> str:
        return self.listed.sync_state

    @property
    def sync_error(self) -> str:
        return self.listed.sync_error

    @property
    def unread(self) -> bool:
        return self.listed.unread


def _inbox_rows(db: Database, rows: Sequence[ListedObservation]) -> list[InboxRow]:
    from frontline.store.review import marks_of

    marks = marks_of(db, [r.observation.id for r in rows])
    return [InboxRow(r, *marks.get(r.observation.id, (1, False))) for r in rows]


class InboxRows:
    """The inbox's row source (`frontline.ui.lazy_list.RowSource`): the observations of
    the reviewer's stores that the server sent (`frontline.store.inbox`)."""

    def first_rowids(self, db: Database, query: InboxQuery, limit: int) -> FirstRows:
        from frontline.store.inbox import inbox_first_rowids

        return inbox_first_rowids(db, query, limit)

    def all_rowids(self, db: Database, query: InboxQuery) -> Sequence[int]:
        from frontline.store.inbox import inbox_rowids

        return inbox_rowids(db, query)

    def fetch(self, db: Database, rowids: Sequence[int]) -> list[InboxRow]:
        from frontline.store.observations import fetch_rows

        return _inbox_rows(db, fetch_rows(db, rowids))

    def rowid(self, row: InboxRow) -> int:
        return row.rowid


# --- commands ------------------------------------------------------------------------

Change = Callable[["Database", str], "ListedObservation"]


def change_review(*, parent: QObject, obs_id: str, change: Change) -> StoreOp[InboxRow]:
    """Run one review command on `obs_id`; returns the row as the inbox shows it."""

    def op(db: Database) -> InboxRow:
        return _inbox_rows(db, [change(db, obs_id)])[0]

    return StoreOp(parent, op, changes=REVIEWED)


def set_status(*, parent: QObject, obs_id: str, status: str) -> StoreOp[InboxRow]:
    from frontline.store import review

    return change_review(parent=parent, obs_id=obs_id,
                         change=lambda db, i: review.set_status(db, i, status))


def assign_department(*, parent: QObject, obs_id: str, department: str | None
                      ) -> StoreOp[InboxRow]:
    from frontline.store import review

    return change_review(parent=parent, obs_id=obs_id,
                         change=lambda db, i: review.assign_department(db, i, department))


def respond(*, parent: QObject, obs_id: str, text: str) -> StoreOp[InboxRow]:
    from frontline.store import review

    return change_review(parent=parent, obs_id=obs_id,
                         change=lambda db, i: review.respond(db, i, text))


def wont_act(*, parent: QObject, obs_id: str, reason: str) -> StoreOp[InboxRow]:
    from frontline.store import review

    return change_review(parent=parent, obs_id=obs_id,
                         change=lambda db, i: review.wont_act(db, i, reason))


def escalate(*, parent: QObject, obs_id: str, note: str) -> StoreOp[InboxRow]:
    from frontline.store import review

    return change_review(parent=parent, obs_id=obs_id,
                         change=lambda db, i: review.escalate(db, i, note))


def mark_duplicate(*, parent: QObject, obs_id: str, original_id: str) -> StoreOp[InboxRow]:
    from frontline.store import review

    return change_review(parent=parent, obs_id=obs_id,
                         change=lambda db, i: review.mark_duplicate(db, i, original_id))


def unmerge(*, parent: QObject, obs_id: str) -> StoreOp[InboxRow]:
    from frontline.store import review

    return change_review(parent=parent, obs_id=obs_id, change=review.unmerge)


# --- reads ---------------------------------------------------------------------------


def review_details(*, parent: QObject, obs: Observation) -> QueryOp[dict[str, Any]]:
    """What the review pane shows beyond the row: the conflict notice, the escalation
    note, how many raised it, the original's summary, the author's name."""
    obs_id, original, author_id = obs.id, obs.duplicate_of, obs.author_id

    def op(db: Database) -> dict[str, Any]:
        from frontline.store import review
        from frontline.store.observations import get_observation
        from frontline.store.remote import stored_reference

        extra: dict[str, Any] = {"conflict": review.conflict_of(db, obs_id),
                                 "escalation": review.escalation_of(db, obs_id),
                                 "raised_by": review.raised_by(db, [obs_id]).get(obs_id, 1)}
        if original:
            found = get_observation(db, original)
            extra["original"] = found.observation.summary if found else None
        if author_id:
            for user in stored_reference(db).get("users") or ():
                if user.get("id") == author_id:
                    extra["author_name"] = user.get("display_name")
        return extra

    return QueryOp(parent, op)


def find_originals(*, parent: QObject, query: InboxQuery, exclude_id: str, limit: int = 50
                   ) -> QueryOp[list[ListedObservation]]:
    """The first inbox rows matching `query`, without `exclude_id` (a duplicate's original)."""

    def op(db: Database) -> list[ListedObservation]:
        from frontline.store.inbox import inbox_first_rowids
        from frontline.store.observations import fetch_rows

        rowids = inbox_first_rowids(db, query, limit + 1).rowids[:limit + 1]
        return [r for r in fetch_rows(db, rowids) if r.observation.id != exclude_id][:limit]

    return QueryOp(parent, op)


def new_since_seen(*, parent: QObject, user_id: str, store_ids: tuple[str, ...] | None
                   ) -> QueryOp[int]:
    def op(db: Database) -> int:
        from frontline.store.inbox import new_since_seen as count

        return count(db, user_id, store_ids)

    return QueryOp(parent, op)


def mark_seen(*, parent: QObject, user_id: str) -> StoreOp[None]:
    """The reviewer left the inbox: what is there now counts as seen."""

    def op(db: Database) -> None:
        from frontline.store.inbox import mark_seen as mark

        mark(db, user_id)

    return StoreOp(parent, op)


def store_board(*, parent: QObject) -> QueryOp[list[BoardItem]]:
    """This PC's store's "You said, we did"."""

    def op(db: Database) -> list[BoardItem]:
        from frontline.store.review import board
        from frontline.sync.device import enrolment

        enrolled = enrolment(db)
        return board(db, enrolled.store_id if enrolled else None)

    return QueryOp(parent, op)
