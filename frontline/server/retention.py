"""Data lifetime on the server: the organisation's retention setting, applying it, and erasure.

- `set_retention(conn, org_id, days=, action=, local_keep_days=)`: the admin's setting
  (`frontline-server retention set`). `days=None` keeps observations for ever.
- `apply_retention(conn_factory, now=)`: observations observed more than `retention_days`
  ago are deleted (`delete`) or lose their free text (`strip_text`). Run by `serve` on a
  schedule (`retention_interval_seconds`) and by `frontline-server retention apply` (cron).
- `erase_observation(conn, org_id, observation_id, now=)`: removes one observation
  everywhere (`frontline-server erase --observation ID`).

A deleted observation leaves no content behind: its row, its audit trail (whose `changes`
hold old texts) and the stored answers to its mutations (which hold its last state) go; a
row in `removed_observations` (id, store, version, reason, time) takes its place, and one
audit entry (`expired` or `erased`, no content) records that it was removed. The row's
version puts the id in the pull feed (`PullResponse.removed`), so every PC deletes its copy
at its next sync; a push that would bring it back is refused.

Tombstones are written by `sync.removals`, families recounted by `sync.families`. Every
batch runs in one transaction that first takes the organisation's change version
(`sync.versions.bump_version`), so two servers running retention at once never collide: the second
one finds nothing left to do.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, or_, select, update

from frontline.core.ids import format_time
from frontline.core.model import Status
from frontline.core.vocabulary import (
    FREE_TEXT_FIELDS,
    RETENTION_ACTIONS,
    STRIPPED_FIELDS,
    STRIPPED_SUMMARY,
)
from frontline.server import tables as t
from frontline.server.admin import AdminError, bump_reference
from frontline.server.db import Database
from frontline.server.settings import Settings
from frontline.server.sync.bulk import chunks
from frontline.server.sync.families import recount, root_of
from frontline.server.sync.removals import record_removed
from frontline.server.sync.versions import bump_version

log = logging.getLogger("frontline.server.retention")

BATCH = 500


def set_retention(conn: Connection, org_id: str, *, days: int | None, action: str = "delete",
                  local_keep_days: int | None = None) -> dict[str, Any]:
    """Set the organisation's retention (and how long PCs keep synced observations that
    stopped changing). PCs hear of it at their next sync (the reference version moves)."""
    if days is not None and days < 1:
        raise AdminError("Retention must be at least 1 day (or leave --days out to keep "
                         "observations for ever).")
    if action not in RETENTION_ACTIONS:
        raise AdminError(f"The retention action must be one of: {', '.join(RETENTION_ACTIONS)}.")
    if local_keep_days is not None and local_keep_days < 1:
        raise AdminError("--local-keep-days must be at least 1.")
    conn.execute(update(t.organisations).where(t.organisations.c.id == org_id).values(
        retention_days=days, retention_action=action, local_keep_days=local_keep_days))
    bump_reference(conn, org_id)
    log.info("retention setting changed", extra={"org_id": org_id, "retention_days": days,
                                                 "retention_action": action,
                                                 "local_keep_days": local_keep_days})
    return retention_of(conn, org_id)


def retention_of(conn: Connection, org_id: str) -> dict[str, Any]:
    """The organisation's retention settings, as the CLI and reference data show them."""
    org = conn.execute(select(t.organisations).where(t.organisations.c.id == org_id)).one()
    return {"org_id": org.id, "retention_days": org.retention_days,
            "retention_action": org.retention_action or "delete",
            "local_keep_days": org.local_keep_days}


def apply_retention(write: Callable[[], AbstractContextManager[Connection]], *,
                    now: datetime, org_id: str | None = None) -> dict[str, int]:
    """Apply every organisation's retention (or one's), in batches of `BATCH`, each in its
    own write transaction from `write()` (e.g. `Database.write`). Returns counts."""
    with write() as conn:
        orgs = conn.execute(select(t.organisations.c.id, t.organisations.c.retention_days)
                            .where(t.organisations.c.retention_days.is_not(None))).all()
    totals = {"deleted": 0, "stripped": 0}
    for org in orgs:
        if org_id is not None and org.id != org_id:
            continue
        while True:
            with write() as conn:
                done = _retention_batch(conn, org.id, now)
            for key, value in done.items():
                totals[key] += value
            if not any(done.values()):
                break
    if any(totals.values()):
        log.info("retention applied", extra=totals)
    return totals


def _retention_batch(conn: Connection, org_id: str, now: datetime) -> dict[str, int]:
    version = bump_version(conn, org_id)  # the organisation's lock, first
    org = conn.execute(select(t.organisations).where(t.organisations.c.id == org_id)).one()
    if org.retention_days is None:
        return {"deleted": 0, "stripped": 0}
    cutoff = format_time(now - timedelta(days=int(org.retention_days)))
    o = t.observations.c
    old = and_(o.org_id == org_id, o.observed_at < cutoff)
    if (org.retention_action or "delete") == "delete":
        rows = conn.execute(select(o.id, o.store_id).where(old).order_by(o.observed_at)
                            .limit(BATCH)).all()
        _remove(conn, org_id, [(r.id, r.store_id) for r in rows], version=version, now=now,
                reason="retention")
        return {"deleted": len(rows), "stripped": 0}
    not_yet = or_(o.summary != STRIPPED_SUMMARY, *(getattr(o, n) != "" for n in STRIPPED_FIELDS))
    ids = list(conn.execute(select(o.id).where(old, not_yet).order_by(o.observed_at)
                            .limit(BATCH)).scalars())
    if ids:
        conn.execute(update(t.observations).where(o.id.in_(ids)).values(
            summary=STRIPPED_SUMMARY, **{n: "" for n in STRIPPED_FIELDS}, rev=o.rev + 1,
            version=version, updated_at=format_time(now)))
        _forget_history(conn, org_id, ids, keep_audit=True)
        conn.execute(insert(t.audit), [
            {"org_id": org_id, "observation_id": i, "rev": 0, "version": version,
             "at": format_time(now), "actor_user_id": None, "actor_role": None,
             "device_id": None, "action": "text_removed", "mutation_id": None, "changes": {}}
            for i in ids])
    return {"deleted": 0, "stripped": len(ids)}


def erase_observation(conn: Connection, org_id: str, observation_id: str, *,
                      now: datetime) -> dict[str, Any]:
    """Remove one observation from the server; PCs delete their copies at their next sync.
    Erasing an id already removed changes nothing."""
    version = bump_version(conn, org_id)
    row = conn.execute(select(t.observations.c.id, t.observations.c.store_id).where(
        t.observations.c.id == observation_id, t.observations.c.org_id == org_id)).first()
    if row is None:
        gone = conn.execute(select(t.removed_observations).where(
            t.removed_observations.c.org_id == org_id,
            t.removed_observations.c.observation_id == observation_id)).first()
        if gone is not None:
            return {"id": observation_id, "erased": True, "already": True}
        raise AdminError(f"There is no observation {observation_id} in this organisation. "
                         "Check the id (it is shown in the observation's details).")
    _remove(conn, org_id, [(row.id, row.store_id)], version=version, now=now, reason="erasure")
    log.info("observation erased", extra={"observation_id": observation_id})
    return {"id": observation_id, "erased": True, "already": False}


def _remove(conn: Connection, org_id: str, rows: list[tuple[str, str | None]], *,
            version: int, now: datetime, reason: str) -> None:
    if not rows:
        return
    ids = [i for i, _ in rows]
    families = _families_touched(conn, ids)
    _forget_history(conn, org_id, ids, keep_audit=False)
    conn.execute(delete(t.observations).where(t.observations.c.id.in_(ids)))
    _recount_after_removal(conn, families, version=version)
    record_removed(conn, org_id, rows, version=version, now=now, reason=reason)


def _families_touched(conn: Connection, ids: list[str]) -> set[str]:
    """Observations whose count of people must be redone once `ids` are gone: the original
    of every removed duplicate, and the duplicates of every removed original."""
    o = t.observations.c
    touched: set[str] = set()
    for chunk in chunks(ids):
        for row in conn.execute(select(o.id, o.duplicate_of, o.status).where(
                o.id.in_(chunk), o.raised_by > 1)):
            if row.status == Status.DUPLICATE.value and row.duplicate_of:
                touched.add(row.duplicate_of)
        touched.update(conn.execute(select(o.id).where(
            o.duplicate_of.in_(chunk), o.status == Status.DUPLICATE.value)).scalars())
    return touched - set(ids)


def _recount_after_removal(conn: Connection, touched: set[str], *, version: int) -> None:
    roots = {root.id for root in (root_of(conn, i) for i in sorted(touched)) if root is not None}
    for root_id in sorted(roots):
        recount(conn, root_id, version=version)


def _forget_history(conn: Connection, org_id: str, ids: list[str], *, keep_audit: bool) -> None:
    """Drop what the audit trail and the stored mutation answers hold of these observations'
    content: the answers lose their `observation`; the audit entries go (`keep_audit=False`)
    or keep only which fields changed, without the old and new texts."""
    a = t.audit.c
    entries = conn.execute(select(a.id, a.mutation_id, a.changes).where(
        a.org_id == org_id, a.observation_id.in_(ids))).all()
    mutation_ids = sorted({e.mutation_id for e in entries if e.mutation_id})
    m = t.applied_mutations.c
    for chunk in chunks(mutation_ids):
        for answer in conn.execute(select(m.mutation_id, m.result).where(
                m.org_id == org_id, m.mutation_id.in_(chunk))).all():
            result = dict(answer.result or {})
            if "observation" in result:
                result.pop("observation")
                conn.execute(update(t.applied_mutations).where(
                    m.org_id == org_id, m.mutation_id == answer.mutation_id).values(result=result))
    if not keep_audit:
        conn.execute(delete(t.audit).where(a.org_id == org_id, a.observation_id.in_(ids)))
        return
    text_fields = set(FREE_TEXT_FIELDS)
    for entry in entries:
        changes = dict(entry.changes or {})
        if text_fields & set(changes):
            kept = {k: (["", ""] if k in text_fields else v) for k, v in changes.items()}
            conn.execute(update(t.audit).where(a.id == entry.id).values(changes=kept))


def start_scheduler(settings: Settings) -> threading.Event:
    """Apply retention every `settings.retention_interval_seconds` in a daemon thread of the
    serving process (with its own database engine). Failures are logged and retried at the
    next interval; they never stop the server."""
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(settings.retention_interval_seconds):
            db = Database(settings.resolved_database_url)
            try:
                if any(apply_retention(db.write, now=datetime.now(UTC)).values()):
                    scrub_sqlite(db)
            except Exception:  # noqa: BLE001 - logged; the next interval tries again
                log.exception("retention could not be applied; trying again later")
            finally:
                db.dispose()

    thread = threading.Thread(target=run, name="frontline-retention", daemon=True)
    thread.start()
    return stop


def scrub_sqlite(db: Database) -> None:
    """On SQLite, empty the write-ahead log after removals, so no old page image still holds
    removed text (freed pages are already zeroed: `secure_delete`). If a server process is
    reading at that moment, the log is emptied by a later checkpoint. PostgreSQL keeps
    deleted rows in its files until (auto)vacuum reuses the space."""
    if not db.is_sqlite:
        return
    raw = db.engine.raw_connection()  # outside any transaction (SQLAlchemy would open one)
    try:
        driver = raw.driver_connection  # sqlite3.Connection (None only once closed)
        assert driver is not None
        driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
