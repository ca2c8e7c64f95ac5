"""Opening the local SQLite file: PRAGMAs, a damaged file set aside, errors a person can act on.

One `Store` per data folder; each thread gets its own connection from `store.connection()`
(CONVENTIONS: open each SQLite connection on the thread that uses it).
"""

from __future__ import annotations

import errno
import functools
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import ParamSpec, TypeVar

from sqlite_utils import Database

from frontline.core.errors import (
    DiskFullError,
    ReadOnlyError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
)
from frontline.store.paths import DB_FILENAME

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

BUSY_TIMEOUT_MS = 5000

LOCKED_MESSAGE = (
    "The Frontline database is in use by another program (is Frontline open twice, or is a "
    "backup or antivirus tool holding the file?). Nothing was lost: what you typed is kept. "
    "Close the other program and try again."
)
FULL_MESSAGE = (
    "The disk is full, so Frontline could not save. What you typed is kept. Free some space "
    "(empty the recycle bin, delete large downloads) or ask IT, then save again."
)
READ_ONLY_MESSAGE = (
    "Frontline cannot write to its data folder{where}. What you typed is kept. Ask IT for write "
    "access to that folder, or start Frontline with --data-dir pointing to a folder you can "
    "write to."
)
CORRUPT_MESSAGE = (
    "The Frontline database file is damaged. Close and restart Frontline: it will set the "
    "damaged file aside (nothing is deleted) and start a fresh one."
)

NEWER_MESSAGE = (
    "The data in {path} was written by a newer version of Frontline. Install that version "
    "(ask IT) to open it; this version leaves the file untouched."
)


def map_sqlite_error(error: sqlite3.Error, *, data_dir: Path | None = None) -> StoreError | None:
    """The `StoreError` a person should see for `error`, or None if it is not an environment
    problem (then it is a bug and should propagate as it is)."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    where = f" ({data_dir})" if data_dir is not None else ""
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreLockedError(LOCKED_MESSAGE)
    if code == sqlite3.SQLITE_FULL:
        return DiskFullError(FULL_MESSAGE)
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return ReadOnlyError(READ_ONLY_MESSAGE.format(where=where))
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StoreCorruptError(CORRUPT_MESSAGE)
    if code == sqlite3.SQLITE_CANTOPEN and data_dir is not None and not _writable(data_dir):
        return ReadOnlyError(READ_ONLY_MESSAGE.format(where=where))
    return None


@contextmanager
def mapped_errors(data_dir: Path | None = None) -> Iterator[None]:
    """Turn sqlite environment errors (locked, full, read-only, damaged) into `StoreError`s."""
    try:
        yield
    except sqlite3.Error as error:
        mapped = map_sqlite_error(error, data_dir=data_dir)
        if mapped is None:
            raise
        raise mapped from error


def store_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorator form of `mapped_errors` for the store's public functions (which take the
    `Database` first). Damage found mid-session flags the file for a full check at next open."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            with mapped_errors():
                return fn(*args, **kwargs)
        except StoreCorruptError:
            if args and isinstance(args[0], Database):
                _flag_for_check(args[0])
            raise

    return wrapper


CHECK_SUFFIX = ".needs-check"


def _flag_for_check(db: Database) -> None:
    try:
        # the file name is known without reading any (possibly damaged) page
        row = db.conn.execute("PRAGMA database_list").fetchone()
        if row is not None and row[2]:
            Path(row[2] + CHECK_SUFFIX).touch()
    except (sqlite3.Error, OSError):
        log.exception("Could not flag the damaged database for a check")


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A write transaction: `BEGIN IMMEDIATE` at the outermost level, `db.atomic()` (a
    savepoint) when one is already open.

    IMMEDIATE takes the write lock up front, so another writer makes us wait for the busy
    timeout. A plain deferred `BEGIN` that reads and then writes can instead fail at once
    with SQLITE_BUSY when another connection committed in between (WAL snapshot rule).
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def _prepare_folder(data_dir: Path) -> None:
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        # the folder holds observations and maybe the token file: this user's only
        if os.name == "posix" and data_dir.stat().st_mode & 0o077 \
                and data_dir.stat().st_uid == os.getuid():
            os.chmod(data_dir, 0o700)
    except OSError as error:
        raise _os_error(error, data_dir) from error
    if not _writable(data_dir):
        raise ReadOnlyError(READ_ONLY_MESSAGE.format(where=f" ({data_dir})"))


def _os_error(error: OSError, data_dir: Path) -> StoreError:
    """The `StoreError` for a failure to create the data folder or the database file."""
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ReadOnlyError(READ_ONLY_MESSAGE.format(where=f" ({data_dir})"))
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(FULL_MESSAGE)
    return StoreError(f"Frontline cannot use its data folder {data_dir}: {error.strerror}. "
                      "Choose another folder with --data-dir, or ask IT.")


def _move_aside(path: Path) -> Path:
    """Rename a damaged database (and its -wal/-shm files) to `<name>.corrupt-<UTC time>`;
    never delete it: IT may be able to rescue rows from it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    path.rename(target)
    return target


def _set_wal(db: Database, busy_timeout_ms: int) -> str:
    """Switch the file to WAL and return the journal mode in force.

    Changing the journal mode needs an exclusive lock, and SQLite answers "database is
    locked" at once — without calling the busy handler — while another connection is making
    the same switch on a new file (several programs opening a new folder at once). Retry
    for as long as the busy timeout allows; past that, the error goes up as usual.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    delay = 0.005
    while True:
        try:
            return str(db.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.1)


class Store:
    """The local database file of one data folder. Open with `Store.open(data_dir)`."""

    def __init__(self, data_dir: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_FILENAME
        self.busy_timeout_ms = busy_timeout_ms
        self.recovered_from: Path | None = None
        self._local = threading.local()

    @classmethod
    def open(cls, data_dir: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Store:
        """Open (or create) `frontline.db` in `data_dir`, migrate it and seed reference data.

        A damaged file is moved aside and a fresh one made; `store.recovered_from` then holds
        the damaged file's new path so the UI can say so. Raises `ReadOnlyError`,
        `StoreLockedError` or `DiskFullError` with a message a person can act on.
        """
        from frontline.store.migrations import migrate, newer_names
        from frontline.store.reference import seed_defaults

        store = cls(data_dir, busy_timeout_ms=busy_timeout_ms)
        _prepare_folder(store.data_dir)
        for attempt in (1, 2):
            try:
                db = store.connection()
                store._full_check_if_flagged(db)
                with mapped_errors(store.data_dir):
                    if newer_names(db):
                        store.close()
                        raise StoreError(NEWER_MESSAGE.format(path=store.path))
                    migrate(db)
                    seed_defaults(db)
                return store
            except StoreCorruptError:
                store.close()
                if attempt == 2:
                    raise
                store.recovered_from = _move_aside(store.path)
                log.warning("Damaged database moved aside to %s; starting a fresh one",
                            store.recovered_from)
        raise AssertionError("unreachable")

    def _full_check_if_flagged(self, db: Database) -> None:
        """Run `PRAGMA quick_check` (seconds on a large file, so only when damage was seen
        in an earlier session); raise `StoreCorruptError` if the file fails it."""
        flag = self.path.with_name(self.path.name + CHECK_SUFFIX)
        if not flag.exists():
            return
        with mapped_errors(self.data_dir):
            result = db.execute("PRAGMA quick_check").fetchall()
        flag.unlink(missing_ok=True)
        if result != [("ok",)]:
            raise StoreCorruptError(CORRUPT_MESSAGE)

    def connection(self) -> Database:
        """The calling thread's connection (opened on first use, then reused)."""
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            db = self._connect()
            self._local.db = db
        return db

    def close(self) -> None:
        """Close the calling thread's connection, if it has one."""
        db: Database | None = getattr(self._local, "db", None)
        if db is not None:
            self._local.db = None
            db.close()

    def _connect(self) -> Database:
        try:
            # Create the file ourselves so it is private to this user from the first byte;
            # SQLite gives its -wal and -shm files the same mode.
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
            if os.name == "posix" and self.path.stat().st_mode & 0o077:
                os.chmod(self.path, 0o600)
        except OSError as error:
            raise _os_error(error, self.data_dir) from error
        conn = sqlite3.connect(str(self.path), timeout=self.busy_timeout_ms / 1000)
        try:
            with mapped_errors(self.data_dir):
                db = Database(conn, execute_plugins=False)
                # WAL lets the UI read while the writer thread saves. It is a property of the
                # file and cannot change inside a transaction, so it is set here, not in a
                # migration.
                mode = _set_wal(db, self.busy_timeout_ms)
                if mode != "wal":  # e.g. a network share without shared memory
                    log.warning("WAL is not available for %s; using %s", self.path, mode)
                # FULL: in WAL mode, NORMAL may lose the last commits on power loss; the form
                # says "saved" only once the observation has reached the disk, so every commit
                # syncs the WAL (a few ms on an SSD; the save target allows it).
                db.execute("PRAGMA synchronous = FULL")
                db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
                db.execute("PRAGMA foreign_keys = ON")
                # deleted rows (a synced outbox entry, an erased observation) are zeroed on
                # disk, not left readable in free pages (docs/privacy.md)
                db.execute("PRAGMA secure_delete = ON")
                # Touch the schema: a file that is not a database fails here, at open.
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except BaseException:
            conn.close()
            raise
        return db
