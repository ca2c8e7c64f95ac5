"""Reference data seeded and replaced; drafts survive a restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from frontline.core import taxonomy
from frontline.store import drafts, reference
from frontline.store.db import Store


def test_new_file_has_the_default_taxonomy(db: Database) -> None:
    assert reference.choices(db, "kinds") == list(taxonomy.KINDS)
    assert reference.choices(db, "channels") == list(taxonomy.CHANNELS)
    assert reference.choices(db, "customer_types") == list(taxonomy.CUSTOMER_TYPES)
    departments = reference.choices(db, "departments")
    assert {"accounting", "invoicing", "shipping", "marketing"} <= {d.code for d in departments}
    assert reference.categories(db) == list(taxonomy.CATEGORIES)


def test_server_lists_replace_the_local_ones_in_its_order(db: Database) -> None:
    reference.replace_reference(db, {
        "channels": [{"code": "phone", "label": "Telephone"},
                     {"code": "in_store", "label": "Shop floor"}],
        "categories": [{"code": "queue_wait", "label": "Queues", "department": "store_ops"}],
    })
    assert [c.label for c in reference.choices(db, "channels")] == ["Telephone", "Shop floor"]
    assert [c.code for c in reference.categories(db)] == ["queue_wait"]
    assert reference.choices(db, "kinds") == list(taxonomy.KINDS)  # untouched


@pytest.mark.parametrize("bad", [
    {"channels": []},
    {"channels": [{"code": "phone"}]},
    {"channels": [{"code": "a", "label": "A"}, {"code": "a", "label": "Again"}]},
    {"categories": [{"code": "x", "label": "X"}]},
    {"planets": [{"code": "x", "label": "X"}]},
])
def test_malformed_server_lists_are_refused_and_the_old_ones_kept(
    db: Database, bad: dict[str, list[dict[str, str]]]
) -> None:
    with pytest.raises(ValueError):
        reference.replace_reference(db, bad)
    assert reference.choices(db, "channels") == list(taxonomy.CHANNELS)
    assert reference.categories(db) == list(taxonomy.CATEGORIES)


def test_replaced_lists_are_not_reseeded_on_reopen(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    reference.replace_reference(store.connection(),
                                {"kinds": [{"code": "idea", "label": "Idea"}]})
    store.close()
    again = Store.open(tmp_path)
    assert [c.code for c in reference.choices(again.connection(), "kinds")] == ["idea"]


def test_draft_survives_closing_and_reopening(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    typed = {"summary": "Kunde wartete 20 Min. 😤", "details": "שורה\nline", "severity": 4}
    drafts.save_draft(store.connection(), "capture", typed)
    store.close()
    again = Store.open(tmp_path)
    db = again.connection()
    assert drafts.load_draft(db, "capture") == typed
    drafts.save_draft(db, "capture", {"summary": "replaced"})
    assert drafts.load_draft(db, "capture") == {"summary": "replaced"}
    drafts.clear_draft(db, "capture")
    assert drafts.load_draft(db, "capture") is None
    assert drafts.load_draft(db, "never-saved") is None
