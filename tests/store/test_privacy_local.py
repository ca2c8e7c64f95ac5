"""Local data at rest: a private file and folder, and the organisation's data lifetime on a PC
(real SQLite files; what the server sends is written with the real `store.remote` functions)."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from frontline.core.ids import format_time
from frontline.core.vocabulary import STRIPPED_FIELDS
from frontline.store import remote
from frontline.store.db import Store
from frontline.store.observations import get_observation, save_observation
from frontline.store.retention import STRIPPED_SUMMARY, purge_after_sync
from tests.helpers.store import make

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def days_ago(days: int) -> str:
    return format_time(NOW - timedelta(days=days))


def wire(obs_id: str, summary: str, *, observed_days_ago: int, updated_days_ago: int | None = None,
         **values: Any) -> dict[str, Any]:
    base = make(summary).to_dict()
    updated = days_ago(observed_days_ago if updated_days_ago is None else updated_days_ago)
    base.update(id=obs_id, store_id="store-a", observed_at=days_ago(observed_days_ago),
                received_at=days_ago(observed_days_ago), updated_at=updated)
    base.update({"escalated": False, "escalation_note": "", "rev": 1, **values})
    return base


def receive(db: Database, *observations: dict[str, Any]) -> None:
    remote.apply_pull_page(db, {"protocol": 1, "cursor": f"v{len(observations)}x",
                                "has_more": False, "observations": list(observations),
                                "reference_version": 1, "server_time": days_ago(0)})


def set_policy(db: Database, users: list[dict[str, Any]] | None = None,
               **organisation: Any) -> None:
    remote.apply_reference(db, {"reference_version": 2, "organisation": {
        "id": "org", "name": "Org", **organisation}, "regions": [], "stores": [], "teams": [],
        "users": users or [], "taxonomy": {}})


def file_bytes(store: Store) -> bytes:
    data = store.path.read_bytes()
    wal = store.path.with_name(store.path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


@posix_only
def test_the_data_folder_and_file_are_private_to_the_user(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "new" / "data")
    try:
        save_observation(store.connection(), make())
        assert stat.S_IMODE(store.data_dir.stat().st_mode) == 0o700
        for path in (store.path, store.path.with_name(store.path.name + "-wal")):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    finally:
        store.close()


@posix_only
def test_a_folder_left_open_to_others_is_closed_when_frontline_opens_it(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    Store.open(folder).close()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_observations_past_retention_are_deleted_but_never_unsent_ones(
        store: Store, db: Database) -> None:
    receive(db, wire("old-synced", "Zanzibar voucher refused at till", observed_days_ago=800),
            wire("recent", "Queue too long", observed_days_ago=10))
    unsent = save_observation(db, make("Old note still waiting to be sent",
                                       observed_at=days_ago(900)))
    set_policy(db, retention_days=730, retention_action="delete")

    purged = purge_after_sync(db, now=NOW)

    assert purged.deleted == 1
    assert get_observation(db, "old-synced") is None
    assert get_observation(db, "recent") is not None
    assert get_observation(db, unsent.id) is not None  # queued: stays until the server has it
    # nothing of the deleted text is left in the file or its write-ahead log
    assert b"Zanzibar" not in file_bytes(store)


def test_strip_text_keeps_the_structured_fields_and_removes_every_free_text(
        store: Store, db: Database) -> None:
    receive(db, wire("old", "Quokka plush sold out", observed_days_ago=800, category=None,
                     details="Asked three times for the quokka", response="Restocked"))
    set_policy(db, retention_days=730, retention_action="strip_text")

    assert purge_after_sync(db, now=NOW).stripped == 1

    kept = get_observation(db, "old")
    assert kept is not None
    assert kept.observation.summary == STRIPPED_SUMMARY
    assert (kept.observation.details, kept.observation.response) == ("", "")
    assert kept.observation.kind == "pain_point"
    assert b"quokka" not in file_bytes(store).lower()


def test_others_synced_observations_leave_a_shared_pc_after_local_keep_days(
        store: Store, db: Database) -> None:
    receive(db,
            wire("colleague-old", "Axolotl tank leaking", observed_days_ago=60,
                 author_id="colleague"),
            wire("colleague-fresh", "Price label wrong", observed_days_ago=60,
                 updated_days_ago=5, author_id="colleague"),
            wire("manager-own", "Rota idea", observed_days_ago=60, author_id="manager"))
    set_policy(db, retention_days=None, local_keep_days=30)

    purged = purge_after_sync(db, keep_author="manager", now=NOW)

    assert purged.expired_locally == 1
    assert get_observation(db, "colleague-old") is None
    assert get_observation(db, "colleague-fresh") is not None  # still changing: still shown
    assert get_observation(db, "manager-own") is not None  # the signed-in person's own
    assert b"Axolotl" not in file_bytes(store)


def test_with_nobody_signed_in_every_unchanged_synced_row_leaves_anonymous_ones_too(
        store: Store, db: Database) -> None:
    receive(db, wire("anon-old", "Wombat mascot scared a child", observed_days_ago=90,
                     anonymous=True, author_id=None),
            wire("named-old", "Till roll ran out", observed_days_ago=90, author_id="someone"))
    set_policy(db, local_keep_days=30)
    assert purge_after_sync(db, now=NOW).expired_locally == 2
    assert get_observation(db, "anon-old") is None and get_observation(db, "named-old") is None


def test_purging_runs_once_an_hour_unless_the_settings_change(store: Store, db: Database) -> None:
    set_policy(db, local_keep_days=30)
    purge_after_sync(db, now=NOW)
    receive(db, wire("later", "Arrived after the purge", observed_days_ago=90))
    assert purge_after_sync(db, now=NOW + timedelta(minutes=5)).total == 0  # idle syncs: no scan
    assert purge_after_sync(db, now=NOW + timedelta(minutes=61)).expired_locally == 1


def test_a_signed_in_managers_open_inbox_stays_on_their_pc(store: Store, db: Database) -> None:
    receive(db, wire("open", "Fridge door broken", observed_days_ago=90, author_id="emp",
                     status="acknowledged"),
            wire("closed", "Old closed one", observed_days_ago=90, author_id="emp",
                 status="closed"))
    set_policy(db, users=[{"id": "boss", "role": "manager", "disabled": False}],
               local_keep_days=30)
    assert purge_after_sync(db, keep_author="boss", now=NOW).expired_locally == 1
    assert get_observation(db, "open") is not None and get_observation(db, "closed") is None


def test_without_a_lifetime_nothing_is_removed(store: Store, db: Database) -> None:
    receive(db, wire("ancient", "Very old note", observed_days_ago=5000))
    set_policy(db, retention_days=None)
    assert purge_after_sync(db, now=NOW).total == 0
    assert get_observation(db, "ancient") is not None


def test_an_anonymous_row_that_somehow_kept_an_author_loses_it_once_synced(
        store: Store, db: Database) -> None:
    from frontline.store import outbox

    saved = save_observation(db, make("Said nothing about who", anonymous=True))
    # e.g. a file written by an older version: the author slipped into the row
    db.execute("UPDATE observations SET author_id = 'person-7' WHERE id = ?", [saved.id])
    db.conn.commit()
    [entry] = outbox.pending(db)
    assert "person-7" not in entry.payload_json  # what goes to the server never had it
    outbox.mark_applied(db, [entry.id])
    listed = get_observation(db, saved.id)
    assert listed is not None and listed.observation.author_id is None


def test_strip_text_empties_exactly_the_stripped_fields_as_the_server_does(
        store: Store, db: Database) -> None:
    """The PC strips the same list as the server (`core.vocabulary.STRIPPED_FIELDS`, which the
    server's retention uses too): the escalation note included, which the PC's own copy of
    the list once left behind."""
    texts = {name: f"Wombat {name} text" for name in STRIPPED_FIELDS}
    receive(db, wire("old", "Wombat summary", observed_days_ago=800, escalated=True, **texts))
    columns = ", ".join(STRIPPED_FIELDS)
    before = db.execute(f"SELECT {columns} FROM observations WHERE id = 'old'").fetchone()
    assert dict(zip(STRIPPED_FIELDS, before, strict=True)) == texts  # every one was there
    set_policy(db, retention_days=730, retention_action="strip_text")

    assert purge_after_sync(db, now=NOW).stripped == 1

    row = db.execute(f"SELECT summary, {columns}, escalated, kind FROM observations "
                     "WHERE id = 'old'").fetchone()
    assert row[0] == STRIPPED_SUMMARY
    assert dict(zip(STRIPPED_FIELDS, row[1:-2], strict=True)) == dict.fromkeys(STRIPPED_FIELDS, "")
    assert row[-2:] == (1, "pain_point")  # structured fields stay
    assert b"wombat" not in file_bytes(store).lower()
