"""Customer personal data, looked for before a save: what the store would replace (policy
"redact") or refuse (policy "block"), so the form can say so first (`frontline.store.privacy`
applies the same rule when the save runs)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from frontline.ui.ops import QueryOp

if TYPE_CHECKING:
    from sqlite_utils import Database

    from frontline.store.privacy import Found


@dataclass(frozen=True)
class Checked:
    """What a save of `fields` would do with personal data: `policy` "redact" (then
    `fields` are the texts as they would be stored) or "block" (nothing may be stored)."""

    policy: str
    found: list[Found] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


def check_personal_data(*, parent: QObject, fields: Mapping[str, str]) -> QueryOp[Checked]:
    """Detect personal data in `fields` on a reader thread, with this PC's policy, staff
    names and public numbers. Fails with `EmptyAfterRedactionError` (a `ValidationError`)
    when a text that must say something would hold nothing but placeholders."""
    texts = dict(fields)

    def op(db: Database) -> Checked:
        from frontline.store.privacy import PersonalDataError, enforce_in, privacy_context

        policy = privacy_context(db).policy
        try:
            enforced = enforce_in(db, texts, policy=policy)
        except PersonalDataError as error:
            return Checked("block", error.found, texts)
        return Checked(policy, enforced.found, enforced.fields)

    return QueryOp(parent, op)


def staff_and_public_numbers(*, parent: QObject) -> QueryOp[tuple[tuple[str, ...],
                                                                  tuple[str, ...]]]:
    """The staff names and public numbers the form's highlighting leaves alone."""

    def op(db: Database) -> tuple[tuple[str, ...], tuple[str, ...]]:
        from frontline.store.privacy import privacy_context

        context = privacy_context(db)
        return context.staff_names, context.public_numbers

    return QueryOp(parent, op)
