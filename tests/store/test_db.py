"""Opening the local file, and the faults a shop-floor PC meets: damage, locks, no space,
no write access."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontline.core.errors import (
    DiskFullError,
    ReadOnlyError,
    StoreCorruptError,
    StoreLockedError,
)
from frontline.store import drafts
from frontline.store.db import Store
from frontline.store.observations import (
    ObservationQuery,
    count_pending,
    fetch_rows,
    get_observation,
    query_rowids,
    save_observation,
)
from frontline.store.outbox import count as outbox_count
from tests.helpers.store import make


def test_new_data_folder_gets_a_private_database_in_wal_mode(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "fresh" / "nested")
    db = store.connection()
    save_observation(db, make())
    assert store.path == tmp_path / "fresh" / "nested" / "frontline.db"
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == store.busy_timeout_ms
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    if os.name == "posix":
        for path in store.path.parent.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert store.recovered_from is None


def test_each_thread_gets_its_own_connection(store: Store) -> None:
    seen: list[object] = []
    thread = threading.Thread(target=lambda: seen.append(store.connection()))
    thread.start()
    thread.join()
    assert seen[0] is not store.connection()
    assert store.connection() is store.connection()


def test_saved_observation_is_there_after_reopening(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    saved = save_observation(store.connection(), make("Card reader at till 3 froze"))
    store.close()
    again = Store.open(tmp_path)
    listed = get_observation(again.connection(), saved.id)
    assert listed is not None and listed.observation == saved


def test_corrupt_file_is_moved_aside_with_a_timestamp_and_a_fresh_one_made(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    save_observation(store.connection(), make())
    store.close()
    garbage = b"this is not a database, it was overwritten by a crash " * 200
    (tmp_path / "frontline.db").write_bytes(garbage)

    recovered = Store.open(tmp_path)

    assert recovered.recovered_from is not None
    assert recovered.recovered_from.name.startswith("frontline.db.corrupt-")
    assert recovered.recovered_from.read_bytes() == garbage  # kept, never deleted
    db = recovered.connection()
    assert query_rowids(db, ObservationQuery()) == []
    save_observation(db, make("Works again after recovery"))
    assert count_pending(db) == 1


def test_two_corrupt_files_in_the_same_second_are_both_kept(tmp_path: Path) -> None:
    kept = []
    for n in range(2):
        (tmp_path / "frontline.db").write_bytes(f"garbage {n} ".encode() * 500)
        for side in ("frontline.db-wal", "frontline.db-shm"):
            (tmp_path / side).unlink(missing_ok=True)
        store = Store.open(tmp_path)
        assert store.recovered_from is not None
        kept.append(store.recovered_from)
        store.close()
    assert kept[0] != kept[1]
    assert all(path.exists() for path in kept)


HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO drafts (key, fields, updated_at) VALUES ('other', '{}', 'now')")
print("locked", flush=True)
sys.stdin.read()
conn.execute("COMMIT")
print("released", flush=True)
"""


def test_database_locked_by_another_process_gives_a_clear_error_and_loses_nothing(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path, busy_timeout_ms=300)
    db = store.connection()
    first = save_observation(db, make("Saved before the lock"))
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(store.path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreLockedError) as raised:
            save_observation(db, make("Typed while another program held the file"))
        assert "another program" in str(raised.value)
        assert "Nothing was lost" in str(raised.value)
        # reading still works while the other process writes (WAL)
        assert len(query_rowids(db, ObservationQuery())) == 1
    finally:
        holder.communicate("", timeout=30)
    assert holder.returncode == 0
    # the failed save left nothing half-written; saving again now works
    assert outbox_count(db) == 1
    second = save_observation(db, make("Typed while another program held the file"))
    assert get_observation(db, first.id) is not None
    assert get_observation(db, second.id) is not None
    assert drafts.load_draft(db, "other") == {}


def _open_unprivileged(folder: Path) -> str:
    """Try Store.open(folder) as a user who may not write there; return the error's class
    name and message. As root (which ignores permissions), a forked child drops to `nobody`."""
    if os.geteuid() != 0:
        try:
            Store.open(folder)
        except ReadOnlyError as error:
            return f"ReadOnlyError: {error}"
        return "opened"
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read)
        try:
            os.setgid(65534)
            os.setuid(65534)
            try:
                Store.open(folder)
                message = "opened"
            except ReadOnlyError as error:
                message = f"ReadOnlyError: {error}"
            except BaseException as error:  # report anything else to the parent
                message = f"{type(error).__name__}: {error}"
            os.write(write, message.encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        message = pipe.read()
    os.waitpid(pid, 0)
    return message


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    # a folder every user can reach (tmp_path's parents may be private to us)
    base = Path(tempfile.mkdtemp(prefix="frontline-ro-"))
    base.chmod(0o755)
    folder = base / "data"
    folder.mkdir()
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(base)


def test_read_only_data_folder_gives_a_clear_error(read_only_folder: Path) -> None:
    read_only_folder.chmod(0o555)
    message = _open_unprivileged(read_only_folder)
    assert message.startswith("ReadOnlyError: Frontline cannot write to its data folder")
    assert str(read_only_folder) in message
    assert "--data-dir" in message


def test_read_only_data_folder_that_does_not_exist_yet(read_only_folder: Path) -> None:
    read_only_folder.chmod(0o555)
    message = _open_unprivileged(read_only_folder / "inner")
    assert message.startswith("ReadOnlyError:")


def test_full_disk_gives_a_clear_error_and_keeps_what_was_saved(store: Store) -> None:
    db = store.connection()
    kept = save_observation(db, make("Saved while there was room"))
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    # SQLite reports SQLITE_FULL when the file may not grow: the same as a full disk
    db.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(DiskFullError) as raised:
        for n in range(200):
            save_observation(db, make(f"Long note {n}", details="x" * 4000))
    assert "disk is full" in str(raised.value)
    assert "What you typed is kept" in str(raised.value)
    assert get_observation(db, kept.id) is not None
    # every observation that did land has its outbox entry (nothing half-written)
    rows = len(query_rowids(db, ObservationQuery()))
    assert outbox_count(db) == rows
    db.execute("PRAGMA max_page_count = 1073741823")
    save_observation(db, make("Space freed, saving works again"))


def test_sqlite_errors_that_are_bugs_are_not_disguised(db: object) -> None:
    from frontline.store.db import mapped_errors

    with pytest.raises(sqlite3.OperationalError), mapped_errors():
        sqlite3.connect(":memory:").execute("SELECT * FROM no_such_table")


def test_damage_found_while_working_is_checked_and_set_aside_at_next_start(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path)
    db = store.connection()
    for n in range(300):
        save_observation(db, make(f"Note {n}", details="words " * 300))
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    store.close()  # the last connection folds the WAL into the file
    with open(tmp_path / "frontline.db", "r+b") as damaged:
        damaged.seek(page_size * 40)  # somewhere in the middle, far from the schema
        damaged.write(b"\xff\x13garbage" * (page_size * 20 // 9))

    store = Store.open(tmp_path)  # the cheap check at start-up does not see it yet
    assert store.recovered_from is None
    db = store.connection()
    with pytest.raises(StoreCorruptError, match="restart Frontline"):
        fetch_rows(db, query_rowids(db, ObservationQuery()))  # reads every row
    assert (tmp_path / "frontline.db.needs-check").exists()
    store.close()

    again = Store.open(tmp_path)
    assert again.recovered_from is not None and again.recovered_from.exists()
    assert not (tmp_path / "frontline.db.needs-check").exists()
    save_observation(again.connection(), make("Fresh start"))


HOLD_EXCLUSIVE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("INSERT INTO drafts (key, fields, updated_at) VALUES ('other', '{}', 'now')")
print("locked", flush=True)
sys.stdin.read()
conn.execute("COMMIT")
"""


def test_opening_a_file_another_process_holds_exclusively_says_so(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_EXCLUSIVE,
                               str(tmp_path / "frontline.db")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreLockedError, match="in use by another program"):
            Store.open(tmp_path, busy_timeout_ms=200)
    finally:
        holder.communicate("", timeout=30)
    assert holder.returncode == 0
    store = Store.open(tmp_path)
    assert store.recovered_from is None  # a locked file is never mistaken for a damaged one
    assert drafts.load_draft(store.connection(), "other") == {}
