"""Webhook endpoints (registered by an admin) and the signed POST of one delivery.

Each delivery is a JSON body with headers `Frontline-Signature: t=<unix time>,v1=<hex
HMAC-SHA256 of "<t>.<body>" keyed with the endpoint's secret>` (Stripe's scheme),
`Frontline-Event`, and `Frontline-Event-Id` and `Idempotency-Key`, both the delivery's id,
the same on every retry. 2xx is delivered; anything else, a timeout or a refused
connection is retried. Redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, insert, select, update

from frontline import __version__
from frontline.core.ids import format_time, new_id
from frontline.server import tables as t
from frontline.server.admin import AdminError, find_store
from frontline.server.outbound.events import EVENTS

SIGNATURE_HEADER = "Frontline-Signature"
MAX_DELIVERIES_LISTED = 200


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The `Frontline-Signature` header value for `body` sent at `timestamp`."""
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, body: bytes, header: str, *, now: int, tolerance: int = 300) -> bool:
    """What a receiver does (docs/outbound.md has it as a snippet): the signature matches
    and its time is within `tolerance` seconds."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    if not parts.get("t", "").isdigit() or abs(now - int(parts["t"])) > tolerance:
        return False
    expected = sign(secret, body, int(parts["t"])).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def post(url: str, secret: str, delivery_id: str, event: str, body: bytes, *,
         timeout: float, now: int) -> str | None:
    """POST one delivery; None when the endpoint took it (2xx), else why not."""
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": f"Frontline/{__version__}",
        SIGNATURE_HEADER: sign(secret, body, now), "Frontline-Event": event,
        "Frontline-Event-Id": delivery_id, "Idempotency-Key": delivery_id})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read(65536)
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (OSError, ValueError) as error:  # refused, reset, timed out, bad URL
        return f"not reached: {type(error).__name__}"
    return None if 200 <= status < 300 else f"HTTP {status}"


# --- endpoints ------------------------------------------------------------------------


def _check_url(url: str) -> str:
    url = url.strip()
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme, parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        scheme, host = "", None
    if scheme not in ("http", "https") or not host or len(url) > 2000 \
            or any(ch.isspace() or not ch.isprintable() for ch in url):
        raise AdminError("The URL must be an http:// or https:// address, e.g. "
                         "https://hooks.example.com/frontline.")
    return url


def add(conn: Connection, org_id: str, *, url: str, events: list[str],
        stores: list[str] | None = None, departments: list[str] | None = None,
        include_text: bool = False, now: datetime) -> dict[str, Any]:
    """Register an endpoint. The answer holds its secret: the only time it is shown."""
    from frontline.core import taxonomy

    unknown = [e for e in events if e not in EVENTS]
    if not events or unknown:
        raise AdminError(f"Events must be some of {', '.join(EVENTS)}"
                         + (f"; {', '.join(unknown)} is not." if unknown else "."))
    store_ids = [find_store(conn, org_id, s).id for s in stores] if stores else None
    known = taxonomy.codes(taxonomy.DEPARTMENTS)
    if departments and any(d not in known for d in departments):
        raise AdminError(f"Departments must be some of {', '.join(sorted(known))}.")
    hook_id, secret = new_id(), "whsec_" + secrets.token_urlsafe(32)
    conn.execute(insert(t.webhooks).values(
        id=hook_id, org_id=org_id, url=_check_url(url), secret=secret,
        events=sorted(set(events), key=EVENTS.index), stores=store_ids,
        departments=departments or None, include_text=include_text, created_at=format_time(now)))
    return {**describe(conn, org_id, hook_id), "secret": secret}


def _row(conn: Connection, org_id: str, hook_id: str) -> Any:
    w = t.webhooks.c
    row = conn.execute(select(t.webhooks).where(w.id == hook_id, w.org_id == org_id,
                                                w.removed_at.is_(None))).first()
    if row is None:
        raise AdminError(f"There is no webhook {hook_id!r}. List them with "
                         "`frontline-server webhook list`.")
    return row


def _public(row: Any, counts: dict[str, int]) -> dict[str, Any]:
    """An endpoint as listed: never its secret."""
    return {"id": row.id, "url": row.url, "events": list(row.events), "stores": row.stores,
            "departments": row.departments, "include_text": bool(row.include_text),
            "created_at": row.created_at, "pending": counts.get("pending", 0),
            "sent": counts.get("sent", 0), "failed": counts.get("failed", 0)}


def _counts(conn: Connection, hook_ids: list[str]) -> dict[str, dict[str, int]]:
    from sqlalchemy import func

    o = t.outbox.c
    out: dict[str, dict[str, int]] = {}
    if hook_ids:
        for row in conn.execute(select(o.target, o.status, func.count().label("n"))
                                .where(o.channel == "webhook", o.target.in_(hook_ids))
                                .group_by(o.target, o.status)):
            out.setdefault(row.target, {})[row.status] = int(row.n)
    return out


def describe(conn: Connection, org_id: str, hook_id: str) -> dict[str, Any]:
    return _public(_row(conn, org_id, hook_id), _counts(conn, [hook_id]).get(hook_id, {}))


def list_hooks(conn: Connection, org_id: str) -> list[dict[str, Any]]:
    w = t.webhooks.c
    rows = list(conn.execute(select(t.webhooks).where(w.org_id == org_id, w.removed_at.is_(None))
                             .order_by(w.created_at)))
    counts = _counts(conn, [r.id for r in rows])
    return [_public(r, counts.get(r.id, {})) for r in rows]


def remove(conn: Connection, org_id: str, hook_id: str, *, now: datetime) -> dict[str, Any]:
    """Remove an endpoint; its pending deliveries are given up (failed, payload emptied)."""
    row = _row(conn, org_id, hook_id)
    stamp = format_time(now)
    conn.execute(update(t.webhooks).where(t.webhooks.c.id == row.id).values(removed_at=stamp))
    o = t.outbox.c
    conn.execute(update(t.outbox).where(o.target == row.id, o.status == "pending").values(
        status="failed", payload="", last_error="endpoint removed", claimed_until=None))
    return {"id": row.id, "removed": True}


def deliveries(conn: Connection, org_id: str, hook_id: str,
               limit: int = 50) -> list[dict[str, Any]]:
    """The endpoint's latest deliveries, newest first (never their bodies)."""
    w = t.webhooks.c
    row = conn.execute(select(t.webhooks).where(w.id == hook_id, w.org_id == org_id)).first()
    if row is None:
        raise AdminError(f"There is no webhook {hook_id!r}.")
    o = t.outbox.c
    rows = conn.execute(select(o.id, o.event, o.status, o.attempts, o.created_at, o.sent_at,
                               o.next_attempt_at, o.last_error)
                        .where(o.channel == "webhook", o.target == hook_id)
                        .order_by(o.created_at.desc(), o.id.desc())
                        .limit(max(1, min(limit, MAX_DELIVERIES_LISTED))))
    return [{"id": r.id, "event": r.event, "status": r.status, "attempts": r.attempts,
             "created_at": r.created_at, "sent_at": r.sent_at,
             "next_attempt_at": r.next_attempt_at if r.status == "pending" else None,
             "last_error": r.last_error} for r in rows]


def target(conn: Connection, hook_id: str) -> tuple[str, str] | None:
    """(url, secret) of a live endpoint, for sending."""
    w = t.webhooks.c
    row = conn.execute(select(w.url, w.secret).where(w.id == hook_id,
                                                     w.removed_at.is_(None))).first()
    return (row.url, row.secret) if row else None
