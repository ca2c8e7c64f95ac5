"""Reference data in the local file: kinds, channels, customer types, departments, categories.

Seeded from `frontline.core.taxonomy` into a new file; replaced by what the server sends.
The rest of the reference data (organisation, regions, stores, teams, people) is kept as the
server sent it, as JSON under `REFERENCE_KEY` of the `sync_state` table (`stored_reference`;
written by `frontline.store.remote.apply_reference`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from frontline.core import taxonomy
from frontline.core.taxonomy import Category, Choice
from frontline.core.vocabulary import PII_POLICIES
from frontline.store import outbox
from frontline.store.db import store_errors, write_transaction

LISTS: dict[str, tuple[Choice, ...]] = {
    "kinds": taxonomy.KINDS,
    "channels": taxonomy.CHANNELS,
    "customer_types": taxonomy.CUSTOMER_TYPES,
    "departments": taxonomy.DEPARTMENTS,
}
CATEGORIES = "categories"
#: Where organisation, regions, stores, teams and users are kept, as the server sent them.
REFERENCE_KEY = "reference"
#: The personal-data policy until the organisation says otherwise: `redact`, the first of
#: `PII_POLICIES` (the vocabulary names the default first).
DEFAULT_PII_POLICY = PII_POLICIES[0]


@store_errors
def seed_defaults(db: Database) -> None:
    """Fill every empty reference table with the default taxonomy (a no-op when filled)."""
    if not any(_is_empty(db, name) for name in (*LISTS, CATEGORIES)):
        return  # the usual case at start-up: no write lock taken
    with write_transaction(db):
        for name, defaults in LISTS.items():
            if _is_empty(db, name):
                _write(db, name, [{"code": c.code, "label": c.label} for c in defaults])
        if _is_empty(db, CATEGORIES):
            _write(db, CATEGORIES, [{"code": c.code, "label": c.label,
                                     "department": c.department} for c in taxonomy.CATEGORIES])


@store_errors
def choices(db: Database, list_name: str) -> list[Choice]:
    """The entries of one closed list (`kinds`, `channels`, `customer_types`, `departments`),
    in display order."""
    if list_name not in LISTS:
        raise ValueError(f"Unknown reference list {list_name!r}; known: {', '.join(LISTS)}")
    rows = db.execute(f"SELECT code, label FROM {list_name} ORDER BY position").fetchall()
    return [Choice(code, label) for code, label in rows]


@store_errors
def categories(db: Database) -> list[Category]:
    """The categories of the taxonomy, each with its owning department, in display order."""
    rows = db.execute("SELECT code, label, department FROM categories ORDER BY position")
    return [Category(code, label, department) for code, label, department in rows.fetchall()]


@store_errors
def replace_reference(db: Database, data: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    """Replace the lists present in `data` (as the server sends them: a list name mapped to
    entries with `code`, `label` and, for categories, `department`), all in one transaction.
    Lists not named in `data` are left alone."""
    checked = {name: _checked(name, entries) for name, entries in data.items()}
    with write_transaction(db):
        for name, rows in checked.items():
            db.execute(f"DELETE FROM {name}")
            _write(db, name, rows)


@store_errors
def stored_reference(db: Database) -> dict[str, Any]:
    """Organisation, regions, stores, teams and users as last received (empty before)."""
    raw = outbox.get_state(db, REFERENCE_KEY)
    value: dict[str, Any] = json.loads(raw) if raw else {}
    return value


def privacy_policy_of(reference: Mapping[str, Any]) -> str:
    """The organisation's personal-data policy in `reference` (`stored_reference`'s value):
    `organisation.pii_policy` when it is one of `PII_POLICIES`, else `DEFAULT_PII_POLICY`
    (before the first sync, from a server that does not send it, or an unknown value)."""
    organisation = reference.get("organisation")
    policy = organisation.get("pii_policy") if isinstance(organisation, Mapping) else None
    return policy if policy in PII_POLICIES else DEFAULT_PII_POLICY


@store_errors
def privacy_policy(db: Database) -> str:
    """What this PC does with personal data found in free text: "redact" (store it with
    placeholders, the default) or "block" (refuse to store it), as the organisation's
    reference data last said, even months later offline."""
    return privacy_policy_of(stored_reference(db))


def _checked(name: str, entries: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    if name not in LISTS and name != CATEGORIES:
        raise ValueError(f"Unknown reference list {name!r}")
    keys = ("code", "label", "department") if name == CATEGORIES else ("code", "label")
    rows: list[dict[str, str]] = []
    for entry in entries:
        values = {k: entry.get(k) for k in keys}
        if not all(isinstance(v, str) and v.strip() for v in values.values()):
            raise ValueError(f"Reference list {name!r}: every entry needs {', '.join(keys)}")
        rows.append({k: str(v) for k, v in values.items()})
    if not rows:
        raise ValueError(f"Reference list {name!r} would be empty; the form needs choices")
    if len({r["code"] for r in rows}) != len(rows):
        raise ValueError(f"Reference list {name!r} repeats a code")
    return rows


def _is_empty(db: Database, table: str) -> bool:
    return db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None


def _write(db: Database, table: str, rows: list[dict[str, str]]) -> None:
    columns = [*rows[0].keys(), "position"]
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    db.conn.executemany(sql, [[*row.values(), i] for i, row in enumerate(rows)])
