"""Drafts: what is typed into a form, saved as it is typed so a crash or power cut loses nothing.

A draft never holds customer personal data: its free texts are redacted before they are
written, whatever the organisation's policy (`frontline.store.privacy`). The form keeps what
was typed on screen; a draft restored after a crash shows placeholders instead. Drafts are
never synced.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from frontline.core.ids import utc_now
from frontline.core.vocabulary import FREE_TEXT_FIELDS
from frontline.store.db import store_errors
from frontline.store.privacy import enforce, privacy_context


@store_errors
def save_draft(db: Database, key: str, fields: Mapping[str, Any]) -> None:
    """Save (replace) the draft under `key`, e.g. "capture". `fields` must be JSON-ready.
    Personal data in its free texts is replaced by placeholders first."""
    fields = _redacted(db, fields)
    db.execute(
        "INSERT INTO drafts (key, fields, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) "
        "DO UPDATE SET fields = excluded.fields, updated_at = excluded.updated_at",
        [key, json.dumps(dict(fields), ensure_ascii=False), utc_now()],
    )


@store_errors
def load_draft(db: Database, key: str) -> dict[str, Any] | None:
    """The draft saved under `key`, or None if there is none."""
    row = db.execute("SELECT fields FROM drafts WHERE key = ?", [key]).fetchone()
    if row is None:
        return None
    value: dict[str, Any] = json.loads(row[0])
    return value


@store_errors
def clear_draft(db: Database, key: str) -> None:
    """Forget the draft under `key` (after a save, or when the person clears the form)."""
    db.execute("DELETE FROM drafts WHERE key = ?", [key])


def _redacted(db: Database, fields: Mapping[str, Any]) -> dict[str, Any]:
    texts = {k: v for k, v in fields.items() if k in FREE_TEXT_FIELDS and isinstance(v, str)}
    if not texts:
        return dict(fields)
    ctx = privacy_context(db)
    enforced = enforce(texts, policy="redact", staff_names=ctx.staff_names,
                       public_numbers=ctx.public_numbers, must_say=False)
    return {**fields, **enforced.fields}
