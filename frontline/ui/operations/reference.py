"""Reading the reference data the server sent: choices, categories, the anonymity check."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject

from frontline.ui.ops import QueryOp

if TYPE_CHECKING:
    from sqlite_utils import Database

    from frontline.core.taxonomy import Category, Choice


class CaptureChoices(NamedTuple):
    """The capture form's lists."""

    channels: list[Choice]
    customer_types: list[Choice]
    departments: list[Choice]
    categories: list[Category]


def capture_choices(*, parent: QObject) -> QueryOp[CaptureChoices]:
    def op(db: Database) -> CaptureChoices:
        from frontline.store.reference import categories, choices

        return CaptureChoices(choices(db, "channels"), choices(db, "customer_types"),
                              choices(db, "departments"), categories(db))

    return QueryOp(parent, op)


def anonymity_warning(*, parent: QObject, person_id: str | None) -> QueryOp[str | None]:
    """The small-group warning for an anonymous observation (None: none needed)."""

    def op(db: Database) -> str | None:
        from frontline.store.anonymity import anonymity_warning as warning

        return warning(db, person_id=person_id)

    return QueryOp(parent, op)
