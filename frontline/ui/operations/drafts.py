"""Operations on the capture form's draft (what is typed, kept across a crash)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from frontline.ui.ops import StoreOp

if TYPE_CHECKING:
    from sqlite_utils import Database


def save_draft(*, parent: QObject, key: str, fields: dict[str, Any]) -> StoreOp[None]:
    """Keep what the form holds under `key` (plain JSON values)."""

    def op(db: Database) -> None:
        from frontline.store.drafts import save_draft as save

        save(db, key, fields)

    return StoreOp(parent, op)


def clear_draft(*, parent: QObject, key: str) -> StoreOp[None]:
    def op(db: Database) -> None:
        from frontline.store.drafts import clear_draft as clear

        clear(db, key)

    return StoreOp(parent, op)


def load_draft(*, parent: QObject, key: str) -> StoreOp[dict[str, Any] | None]:
    """Read the draft (on the writer thread: after any draft write queued before it)."""

    def op(db: Database) -> dict[str, Any] | None:
        from frontline.store.drafts import load_draft as load

        return load(db, key)

    return StoreOp(parent, op)
