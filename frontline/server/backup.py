"""Backups and restores of the server's database (docs/deploy.md, "Backups").

    frontline-server backup --out FILE          SQLite: a consistent copy while serving
    frontline-server restore --from FILE        SQLite: put a backup in place (server stopped)
    frontline-server restore                    PostgreSQL, after pg_restore: the same last step

`backup` uses SQLite's online backup API (`sqlite3.Connection.backup`) in one step: one
read transaction copies every page, so the copy is of one moment. The server's database
is in WAL mode, where a reader does not block writers: the server keeps serving during
the copy (its WAL only grows until the copy ends). Copying in several steps would not
finish on a busy server, since every write by another connection restarts the copy. The
copy is checked (`PRAGMA integrity_check`) and moved into place only when good. PostgreSQL
is backed up with `pg_dump` (docs/deploy.md).

A restore takes the server back in time, but the PCs are not: a PC that pulled after the
backup holds a cursor the restored database never issued, and would skip changes numbered
like the ones it already saw. So every restore ends by starting a new *epoch*: each
organisation's change version jumps to the next multiple of 2^40 (`EPOCH_BITS`). The pull
(`frontline.server.sync.pull`) answers a cursor from another epoch, or ahead of the head,
with `reset: true` and a page from the start; the PC pulls everything again, takes the
server's state as it is, and sends again its own observations the server no longer has
(`frontline.sync.engine`). The cost is one full pull per PC after a restore.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import make_url

#: A change version is (epoch << EPOCH_BITS) + count: 2^40 changes per epoch.
EPOCH_BITS = 40


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why."""


def epoch_of(version: int) -> int:
    """The epoch a change version (or a cursor's) belongs to."""
    return version >> EPOCH_BITS


def sqlite_path(database_url: str) -> Path | None:
    """The file of a SQLite URL; None for another database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory database cannot be backed up.")
    return Path(url.database)


def _copy(source: sqlite3.Connection, target_path: Path) -> None:
    """Copy `source` into a new file at `target_path` (checked, fsynced)."""
    target = sqlite3.connect(str(target_path))
    try:
        source.backup(target)  # one step: see the module's docstring
        result = target.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            raise BackupError(f"The copy failed its integrity check: {result[:3]}")
        target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        target.close()
    with open(target_path, "rb") as handle:
        os.fsync(handle.fileno())


def backup_sqlite(database_url: str, out: Path) -> dict[str, Any]:
    """A consistent copy of the live SQLite database in `out` (written beside it first,
    then renamed: `out` is never a half-written file)."""
    path = sqlite_path(database_url)
    if path is None:
        raise BackupError("backup copies a SQLite database. Back up PostgreSQL with pg_dump "
                          "(docs/deploy.md, \"Backups\").")
    if not path.is_file():
        raise BackupError(f"There is no database at {path}.")
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial-{os.getpid()}")
    started = time.monotonic()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        _copy(source, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    os.replace(partial, out)
    return {"database": str(path), "out": str(out), "bytes": out.stat().st_size,
            "seconds": round(time.monotonic() - started, 3),
            "text": f"Backed up {path} to {out} ({out.stat().st_size} bytes)."}


def restore_sqlite(database_url: str, backup: Path) -> Path:
    """Put the backup `backup` in place of the SQLite database (the server must be
    stopped). The database it replaces is kept beside it as `<name>.before-restore-<time>`."""
    path = sqlite_path(database_url)
    if path is None:
        raise BackupError("restore --from puts back a SQLite backup. For PostgreSQL use "
                          "pg_restore, then run `frontline-server restore` without --from.")
    if not backup.is_file():
        raise BackupError(f"There is no backup at {backup}.")
    check = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        if check.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            raise BackupError(f"{backup} fails its integrity check; nothing was changed.")
        staged = path.with_name(f".{path.name}.restoring-{os.getpid()}")
        _copy(check, staged)
    finally:
        check.close()
    if path.exists():
        kept = path.with_name(f"{path.name}.before-restore-{time.strftime('%Y%m%dT%H%M%S')}")
        os.replace(path, kept)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.replace(staged, path)
    return path


def start_new_epoch(conn: Any) -> list[dict[str, Any]]:
    """Move every organisation's change version to the start of the next epoch (the last
    step of every restore). Returns [{org_id, version_before, version}]."""
    from frontline.server import tables as t

    done = []
    for org_id, version in conn.execute(select(t.organisations.c.id, t.organisations.c.version)):
        new = (epoch_of(int(version)) + 1) << EPOCH_BITS
        conn.execute(update(t.organisations).where(t.organisations.c.id == org_id)
                     .values(version=new))
        done.append({"org_id": org_id, "version_before": int(version), "version": new})
    return done


def restore_command(settings: Any, backup: Path | None) -> dict[str, Any]:
    """`frontline-server restore [--from FILE]`: put a SQLite backup in place (with
    --from), bring it to this version's schema, and start a new epoch."""
    from frontline.server import migrate
    from frontline.server.db import Database

    lines = []
    if backup is not None:
        restored = restore_sqlite(settings.resolved_database_url, backup)
        lines.append(f"Restored {backup} to {restored}.")
    else:
        path = sqlite_path(settings.resolved_database_url)
        if path is not None and not path.is_file():
            raise BackupError(f"There is no database at {path} to mark as restored; "
                              "give --from FILE.")
    db = Database(settings.resolved_database_url)
    try:
        migrate.upgrade(db)
        with db.write() as conn:
            orgs = start_new_epoch(conn)
    finally:
        db.dispose()
    lines.append(f"Started a new sync epoch for {len(orgs)} organisation(s): PCs pull "
                 "everything again at their next sync and send back what this database lacks.")
    return {"restored_from": str(backup) if backup else None, "organisations": orgs,
            "text": "\n".join(lines)}


def run_command(settings: Any, args: Any) -> int:
    """`backup` and `restore` for the CLI: print the result (or `--json`), return the exit
    code (0 done, 1 not possible, with the reason on stderr)."""
    import json
    import sys

    from sqlalchemy.exc import SQLAlchemyError

    try:
        if args.command == "backup":
            result = backup_sqlite(settings.resolved_database_url, args.out)
        else:
            result = restore_command(settings, args.restore_from)
    except (BackupError, sqlite3.Error, OSError, SQLAlchemyError) as error:
        print(f"frontline-server: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2) if args.json else result["text"])
    return 0
