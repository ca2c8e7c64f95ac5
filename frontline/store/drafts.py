"""Drafts: what is typed into a form, saved as it is typed so a crash or power cut loses nothing."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from frontline.core.ids import utc_now
from frontline.store.db import store_errors


@store_errors
def save_draft(db: Database, key: str, fields: Mapping[str, Any]) -> None:
    """Save (replace) the draft under `key`, e.g. "capture". `fields` must be JSON-ready."""
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
