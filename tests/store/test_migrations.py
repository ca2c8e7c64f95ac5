"""The schema changes only through migrations; a file from any earlier version upgrades."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
from sqlite_utils import Database

from frontline.core.model import Observation
from frontline.store.db import Store
from frontline.store.migrations import MIGRATIONS, all_names, migrate, pending_names
from frontline.store.observations import get_observation, save_observation
from tests.helpers.store import make


def _schema(db: Database) -> set[tuple[str, str]]:
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                      "AND name NOT LIKE '_sqlite_migrations%'").fetchall()
    return {(name, sql) for name, sql in rows}


def test_first_migration_is_named_0001_initial() -> None:
    assert all_names()[0] == "0001_initial"


def test_migrating_a_fresh_file_twice_leaves_nothing_pending(tmp_path: Path) -> None:
    db = Database(tmp_path / "fresh.db")
    assert migrate(db) == all_names()
    assert migrate(db) == []
    assert pending_names(db) == []
    applied = [row[0] for row in db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == all_names()


@pytest.mark.parametrize("stop_before", all_names())
def test_every_earlier_version_upgrades_to_the_current_schema(
    tmp_path: Path, stop_before: str
) -> None:
    current = Database(tmp_path / "current.db")
    migrate(current)
    old_dir = tmp_path / "old"
    old_dir.mkdir()
    old = Database(old_dir / "frontline.db")
    MIGRATIONS.apply(old, stop_before=stop_before)
    assert stop_before in pending_names(old)
    old.close()

    store = Store.open(old_dir)  # what the app does with a file from an older release
    upgraded = store.connection()
    assert pending_names(upgraded) == []
    assert _schema(upgraded) == _schema(current)
    saved = save_observation(upgraded, make("Saved after the upgrade"))
    assert get_observation(upgraded, saved.id) is not None


def test_every_observation_field_has_a_column(db: Database) -> None:
    columns = set(db["observations"].columns_dict)
    assert {f.name for f in fields(Observation)} <= columns
    assert {"sync_state", "sync_error", "unread", "server_version"} <= columns


def test_full_text_index_covers_the_texts(db: Database) -> None:
    columns = [row[1] for row in db.execute("PRAGMA table_info(observations_fts)")]
    assert columns == ["summary", "details", "customer_words", "action_taken", "suggestion"]


def test_a_file_from_a_newer_release_is_left_untouched(tmp_path: Path) -> None:
    from frontline.core.errors import StoreError

    store = Store.open(tmp_path)
    db = store.connection()
    db["_sqlite_migrations"].insert({"migration_set": "frontline", "name": "9999_future",
                                     "applied_at": "2030-01-01"})
    store.close()
    before = (tmp_path / "frontline.db").read_bytes()
    with pytest.raises(StoreError, match="newer version of Frontline"):
        Store.open(tmp_path)
    assert (tmp_path / "frontline.db").read_bytes() == before


def test_several_programs_opening_a_new_folder_at_once_create_the_schema_once(
    tmp_path: Path,
) -> None:
    import threading

    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def open_store() -> None:
        try:
            start.wait()
            Store.open(tmp_path).close()
        except BaseException as error:  # collected for the assertion below
            errors.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db = Database(tmp_path / "frontline.db")
    applied = [row[0] for row in db.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == all_names()
    assert db.execute("SELECT count(*) FROM kinds").fetchone()[0] == 3
