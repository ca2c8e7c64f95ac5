"""What the write paths call, inside their own transaction: one call per change.

`created(conn, rows, now)` for new observations, `reviewed(conn, observation_id, changes,
now)` for a reviewer's change, `withdrawn(conn, observation_id, now)`. Each writes a
webhook delivery per matching endpoint (an outbox row) and, for a new observation with
switch risk or severity 5, an `alerts` row; all of it commits or rolls back with the change.
No endpoint, no alert: one small query and nothing written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from frontline.core.ids import format_time, new_id
from frontline.server import tables as t

NEW_OBSERVATION = "new_observation"
STATUS_CHANGE = "status_change"
ANSWER = "answer"
ESCALATION = "escalation"
#: The events an endpoint may ask for.
EVENTS: tuple[str, ...] = (NEW_OBSERVATION, STATUS_CHANGE, ANSWER, ESCALATION)

#: Fields every delivery carries: codes, numbers, times; no text, no author.
PLAIN_FIELDS = ("id", "kind", "status", "store_id", "team_id", "category", "department",
                "assignee_department", "severity", "switch_risk", "channel", "customer_type",
                "observed_at", "received_at", "escalated", "anonymous", "raised_by")
#: Text, only to endpoints registered with `include_text`.
TEXT_FIELDS = ("summary", "details", "customer_words", "action_taken", "suggestion",
               "response", "escalation_note", "wont_act_reason")


def needs_alert(row: Mapping[str, Any]) -> bool:
    """A new observation managers hear of by e-mail: the customer may leave, or severity 5."""
    return bool(row.get("switch_risk")) or row.get("severity") == 5


def observation_body(row: Mapping[str, Any], include_text: bool) -> dict[str, Any]:
    """The observation as a delivery shows it (never its author)."""
    body = {name: row.get(name) for name in PLAIN_FIELDS}
    body["switch_risk"] = bool(body["switch_risk"])
    body["escalated"] = bool(body["escalated"])
    body["anonymous"] = bool(body["anonymous"])
    if include_text:
        body.update({name: row.get(name) or "" for name in TEXT_FIELDS})
    return body


def _endpoints(conn: Connection, org_id: str) -> list[Any]:
    w = t.webhooks.c
    return list(conn.execute(select(w.id, w.events, w.stores, w.departments, w.include_text)
                             .where(w.org_id == org_id, w.removed_at.is_(None))))


def _matches(hook: Any, event: str, row: Mapping[str, Any]) -> bool:
    if event not in (hook.events or ()):
        return False
    if hook.stores and row.get("store_id") not in hook.stores:
        return False
    return not (hook.departments and row.get("department") not in hook.departments)


def _deliveries(conn: Connection, events: Iterable[tuple[str, Any, dict[str, Any]]],
                now: datetime) -> None:
    """Outbox rows for (event, observation row, changes) to every matching endpoint."""
    events = list(events)
    if not events:
        return
    org_id = str(events[0][1]["org_id"])
    hooks = _endpoints(conn, org_id)
    if not hooks:
        return
    when = format_time(now)
    rows = []
    for event, row, changes in events:
        for hook in hooks:
            if not _matches(hook, event, row):
                continue
            delivery_id = new_id()
            shown = {k: v for k, v in changes.items()
                     if hook.include_text or k not in TEXT_FIELDS}
            body = {"id": delivery_id, "type": event, "created_at": when,
                    "organisation_id": org_id,
                    "observation": observation_body(row, bool(hook.include_text))}
            if event != NEW_OBSERVATION:
                body["changes"] = shown
            rows.append({"id": delivery_id, "org_id": org_id, "channel": "webhook",
                         "target": hook.id, "event": event,
                         "payload": json.dumps(body, separators=(",", ":"), default=str),
                         "status": "pending", "attempts": 0, "created_at": when,
                         "next_attempt_at": when, "claimed_until": None, "sent_at": None,
                         "last_error": ""})
    if rows:
        conn.execute(insert(t.outbox), rows)


def created(conn: Connection, rows: list[dict[str, Any]], now: datetime) -> None:
    """New observations (`rows`: their full column values): `new_observation` deliveries,
    and alerts for those with switch risk or severity 5."""
    if not rows:
        return
    _deliveries(conn, ((NEW_OBSERVATION, row, {}) for row in rows), now)
    urgent = [row for row in rows if needs_alert(row)]
    if urgent:
        when = format_time(now)
        conn.execute(insert(t.alerts), [
            {"org_id": row["org_id"], "store_id": row["store_id"], "observation_id": row["id"],
             "created_at": when} for row in urgent])


def reviewed(conn: Connection, observation_id: str, changes: Mapping[str, Any],
             now: datetime) -> None:
    """A reviewer's change (`changes`: {field: [old, new]}): `status_change`, `answer`
    (a non-empty answer) and `escalation` (escalated set) deliveries."""
    row = conn.execute(select(t.observations).where(t.observations.c.id == observation_id)).first()
    if row is None:
        return
    mapping = row._mapping
    new = {k: v[1] for k, v in changes.items()}
    events: list[tuple[str, Any, dict[str, Any]]] = []
    if "status" in changes:
        events.append((STATUS_CHANGE, mapping, {"status": new["status"],
                                                "previous_status": changes["status"][0]}))
    if new.get("response"):
        events.append((ANSWER, mapping, {"response": new["response"]}))
    if new.get("escalated"):
        events.append((ESCALATION, mapping, {"escalation_note": mapping["escalation_note"]}))
    _deliveries(conn, events, now)


def withdrawn(conn: Connection, observation_id: str, previous_status: str, now: datetime) -> None:
    """The author withdrew the observation: a `status_change` delivery."""
    row = conn.execute(select(t.observations).where(t.observations.c.id == observation_id)).first()
    if row is not None:
        _deliveries(conn, [(STATUS_CHANGE, row._mapping, {
            "status": row.status, "previous_status": previous_status})], now)
