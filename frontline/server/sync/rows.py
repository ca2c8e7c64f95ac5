"""One observation's row and its audit trail: what a mutation reads first and writes last."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select

from frontline.server import tables as t
from frontline.server.auth import Principal
from frontline.server.sync.versions import stamp


def load(conn: Connection, observation_id: str) -> Row[Any] | None:
    """The stored observation, or None."""
    return conn.execute(select(t.observations).where(t.observations.c.id == observation_id)).first()


def audit_row(
    p: Principal, *, observation_id: str, rev: int, version: int, now: datetime,
    action: str, changes: dict[str, Any], mutation_id: str, anonymous_author: bool = False,
    redactions: dict[str, dict[str, int]] | None = None,
) -> dict[str, Any]:
    """One audit entry. The author of an anonymous observation is never named.
    `redactions`: what the server redacted from the change's texts, counts only."""
    return {
        "org_id": p.org_id, "observation_id": observation_id, "rev": rev, "version": version,
        "at": stamp(now),
        "actor_user_id": None if anonymous_author or p.user is None else p.user.id,
        "actor_role": None if anonymous_author else p.role,
        "device_id": p.device.id if p.device and not anonymous_author else None,
        "action": action, "mutation_id": mutation_id, "changes": changes,
        "redactions": redactions or None,
    }


def audit(conn: Connection, p: Principal, *, observation_id: str, rev: int, version: int,
          now: datetime, action: str, changes: dict[str, Any], mutation_id: str,
          anonymous_author: bool = False,
          redactions: dict[str, dict[str, int]] | None = None) -> None:
    """Write one audit entry (`audit_row`)."""
    conn.execute(insert(t.audit).values(**audit_row(
        p, observation_id=observation_id, rev=rev, version=version, now=now, action=action,
        changes=changes, mutation_id=mutation_id, anonymous_author=anonymous_author,
        redactions=redactions)))


def changed_since(conn: Connection, p: Principal, observation_id: str, base_rev: int) -> set[str]:
    """Fields someone else changed after `base_rev`. Changes sent earlier from the same PC
    are not "someone else": a manager's own queued changes never conflict with each other."""
    fields: set[str] = set()
    own_device = p.device.id if p.device is not None else None
    for changes, device_id in conn.execute(
        select(t.audit.c.changes, t.audit.c.device_id).where(
            t.audit.c.observation_id == observation_id, t.audit.c.rev > base_rev,
            t.audit.c.action != "conflict",
        )
    ):
        if own_device is None or device_id != own_device:
            fields.update(changes or {})
    return fields
