"""What the wire says: a stored observation as `ObservationWire`, a mutation's result
(`applied`, `rejected`, `conflict`, or `accepted` for a short answer), and the two
exceptions a mutation raises to be answered `rejected` or `conflict`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from frontline.core.vocabulary import CONTENT_FIELDS, WIRE_FIELDS
from frontline.server.schemas import UpsertMutation
from frontline.server.sync.versions import hour_of
from frontline.sync.protocol import ResultStatus


class Rejected(Exception):
    """The mutation cannot apply as sent; the message is for the person who sent it."""


class Conflict(Exception):
    """The server's state wins; the message says why."""

    def __init__(self, message: str, row: Row[Any]):
        super().__init__(message)
        self.row = row


def observation_wire(row: Row[Any] | Any) -> dict[str, Any]:
    """A stored observation as the wire's `ObservationWire`."""
    m = row._mapping
    out = {name: m[name] for name in WIRE_FIELDS}
    for flag in ("switch_risk", "anonymous", "escalated"):
        out[flag] = bool(out[flag])
    return unlinked(out)


def unlinked(wire: dict[str, Any]) -> dict[str, Any]:
    """An anonymous observation never names the PC it came from to anyone: on a desk PC the
    device is as good as a name. (The server keeps it, so that only that PC may edit it.)
    Nor does it say when to the millisecond: that matched the PC's last sync (docs/privacy.md,
    "Anonymity against timing"); its times are the hour."""
    if wire["anonymous"]:
        wire["device_id"] = None
        wire["received_at"] = hour_of(wire["received_at"])
        wire["updated_at"] = hour_of(wire["updated_at"])
    return wire


def applied(mutation_id: str, row: Row[Any] | Any) -> dict[str, Any]:
    """The result of a mutation that applied (or changed nothing): the observation as it is."""
    return {"mutation_id": mutation_id, "status": ResultStatus.APPLIED.value,
            "observation": observation_wire(row)}


def rejected(mutation_id: str | None, reason: str) -> dict[str, Any]:
    return {"mutation_id": mutation_id, "status": ResultStatus.REJECTED.value, "reason": reason}


def conflicted(mutation_id: str, conflict: Conflict) -> dict[str, Any]:
    """The result of a mutation the server's state won over: why, and the state that won."""
    return {"mutation_id": mutation_id, "status": ResultStatus.CONFLICT.value,
            "reason": str(conflict), "observation": observation_wire(conflict.row)}


def created(m: UpsertMutation, row: dict[str, Any], *, short: bool) -> dict[str, Any]:
    """The result of an upsert that created `row`: the whole observation, or (`short`) only
    what the server decided, since the client holds the rest (`AcceptedWire`)."""
    if not short:
        return {"mutation_id": m.id, "status": ResultStatus.APPLIED.value,
                "observation": unlinked({name: row[name] for name in WIRE_FIELDS})}
    shown = unlinked({k: row[k] for k in ("anonymous", "device_id", "received_at", "updated_at")})
    accepted = {"id": row["id"], "rev": row["rev"], "received_at": shown["received_at"],
                "updated_at": shown["updated_at"], "store_id": row["store_id"],
                "author_id": row["author_id"],
                "device_id": shown["device_id"],
                "status": row["status"]}
    sent = m.observation
    changed = {name: row[name] for name in CONTENT_FIELDS if row[name] != getattr(sent, name)}
    if changed:
        accepted["changed"] = changed
    return {"mutation_id": m.id, "status": ResultStatus.APPLIED.value, "accepted": accepted}
