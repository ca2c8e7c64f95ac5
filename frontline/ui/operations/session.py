"""Who is at the PC: the people of its store, PINs, the signed-in reviewers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from frontline.core.vocabulary import REVIEWER_ROLES
from frontline.ui.ops import QueryOp

if TYPE_CHECKING:
    from sqlite_utils import Database

    from frontline.sync.device import Person, PinGate

User = dict[str, Any]  # a `UserWire` dict as `device.signed_in` keeps it


def people(*, parent: QObject) -> QueryOp[list[Person]]:
    """The people of this PC's store (from the server's reference data)."""

    def op(db: Database) -> list[Person]:
        from frontline.sync import device

        return device.people(db)

    return QueryOp(parent, op)


def check_pin(*, parent: QObject, gate: PinGate, user_id: str, pin: str
              ) -> QueryOp[Person | None]:
    """The person if `pin` is theirs (argon2: tens of milliseconds on purpose)."""
    return QueryOp(parent, lambda db: gate.check(db, user_id, pin))


def inbox_reviewer(*, parent: QObject) -> QueryOp[tuple[User | None, dict[str, Any]]]:
    """The signed-in reviewer whose inbox this PC shows (None: nobody may review here),
    with the reference data that gives their stores."""

    def op(db: Database) -> tuple[User | None, dict[str, Any]]:
        from frontline.store.remote import stored_reference
        from frontline.sync.device import signed_in

        reviewers = [u for u in signed_in(db).values() if u.get("role") in REVIEWER_ROLES]
        return (reviewers[0] if reviewers else None), stored_reference(db)

    return QueryOp(parent, op)


def widest_reviewer(*, parent: QObject) -> QueryOp[User | None]:
    """The signed-in reviewer with the widest scope (admin, then leader, then manager)."""

    def op(db: Database) -> User | None:
        from frontline.sync.device import widest_reviewer as widest

        return widest(db)

    return QueryOp(parent, op)


def shared_pc(*, parent: QObject) -> QueryOp[bool]:
    """Whether this PC's store has people (a shared PC: ask who is there)."""

    def op(db: Database) -> bool:
        from frontline.sync import device

        return bool(device.people(db))

    return QueryOp(parent, op)
