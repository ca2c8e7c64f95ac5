"""`frontline-server webhook …`, `digest send`, `user alerts|digest|email`: the parser's
part (`add_arguments`, `add_user_arguments`) and the handlers (`HANDLERS`, merged into
`admin_commands.HANDLERS`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, update

from frontline.server import admin
from frontline.server import tables as t
from frontline.server.admin import AdminError
from frontline.server.db import Database
from frontline.server.outbound import digest, webhooks
from frontline.server.outbound.events import EVENTS
from frontline.server.settings import Settings

Cmd = Callable[..., argparse.ArgumentParser]


def add_arguments(sub: Any, cmd: Cmd, org_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    hook = sub.add_parser("webhook", help="webhook endpoints").add_subparsers(
        dest="action", required=True)
    p = cmd("add", "register an endpoint; prints its signing secret once", hook)
    p.add_argument("url")
    p.add_argument("--events", required=True,
                   help=f"comma-separated, among {', '.join(EVENTS)}")
    p.add_argument("--store", action="append", default=None, help="only this store (repeat)")
    p.add_argument("--department", action="append", default=None,
                   help="only this department (repeat)")
    p.add_argument("--include-text", action="store_true",
                   help="send the observations' text too (default: codes and figures only)")
    org_arg(p)
    org_arg(cmd("list", "list endpoints with their delivery counts (never secrets)", hook))
    p = cmd("remove", "remove an endpoint (its pending deliveries are given up)", hook)
    p.add_argument("webhook", help="webhook id")
    org_arg(p)
    p = cmd("deliveries", "an endpoint's latest deliveries", hook)
    p.add_argument("webhook", help="webhook id")
    p.add_argument("--limit", type=int, default=50)
    org_arg(p)

    dig = sub.add_parser("digest", help="digest e-mails").add_subparsers(dest="action",
                                                                         required=True)
    p = cmd("send", "make every leader's and manager's digest now and queue it for the "
                    "server to send (--dry-run --out DIR: write .eml files instead)", dig)
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--out", type=Path, default=None)
    org_arg(p)


def add_user_arguments(user: Any, cmd: Cmd, org_arg: Callable[[argparse.ArgumentParser], None]
                       ) -> None:
    for what in ("alerts", "digest"):
        p = cmd(what, f"turn a person's {what} e-mails on or off", user)
        switch = p.add_mutually_exclusive_group(required=True)
        switch.add_argument("--on", dest="on", action="store_true")
        switch.add_argument("--off", dest="on", action="store_false")
        p.add_argument("user", help="user id or username")
        org_arg(p)
    p = cmd("email", "set (or with \"\" clear) the e-mail address alerts and digests go to", user)
    p.add_argument("user", help="user id or username")
    p.add_argument("address")
    org_arg(p)


def _now() -> datetime:
    return datetime.now(UTC)


def _org(conn: Connection, args: argparse.Namespace) -> str:
    return admin.only_org(conn, getattr(args, "org", None))


def _add(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    result = webhooks.add(conn, _org(conn, args), url=args.url,
                          events=[e.strip() for e in args.events.split(",") if e.strip()],
                          stores=args.store, departments=args.department,
                          include_text=args.include_text, now=_now())
    result["text"] = (f"Webhook {result['id']} registered for {', '.join(result['events'])}.\n"
                      f"Its signing secret (shown this once, keep it in the receiver): "
                      f"{result['secret']}")
    return result


def _list(conn: Connection, settings: Settings, args: argparse.Namespace) -> list[dict[str, Any]]:
    return webhooks.list_hooks(conn, _org(conn, args))


def _remove(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    return webhooks.remove(conn, _org(conn, args), args.webhook, now=_now())


def _deliveries(conn: Connection, settings: Settings,
                args: argparse.Namespace) -> list[dict[str, Any]]:
    return webhooks.deliveries(conn, _org(conn, args), args.webhook, args.limit)


def _digest_send(db: Database, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    if args.dry_run and args.out is None:
        raise AdminError("--dry-run writes the messages as files: give --out DIR.")
    with db.read() as conn:
        org_id = _org(conn, args)
    made = digest.send(db, settings, org_id, _now(), out=args.out if args.dry_run else None)
    where = f"written to {args.out}" if args.dry_run else "queued; the server sends them"
    return {"messages": made, "text": f"{len(made)} digest(s) {where}."}


def _switch(column: str) -> Callable[[Connection, Settings, argparse.Namespace], Any]:
    def run(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
        row = admin.find_user(conn, _org(conn, args), args.user)
        conn.execute(update(t.users).where(t.users.c.id == row.id).values(
            **{column: not args.on}))
        return {"id": row.id, column.removesuffix("_off"): "on" if args.on else "off"}

    return run


def _email(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    row = admin.find_user(conn, _org(conn, args), args.user)
    address = args.address.strip()
    if address and ("@" not in address or len(address) > 254 or any(
            ch.isspace() or not ch.isprintable() for ch in address)):
        raise AdminError(f"{address!r} is not an e-mail address.")
    conn.execute(update(t.users).where(t.users.c.id == row.id).values(email=address or None))
    return {"id": row.id, "email": address or None}


Handler = Callable[[Connection, Settings, argparse.Namespace], Any]
HANDLERS: dict[tuple[str, str | None], Handler] = {
    ("webhook", "add"): _add,
    ("webhook", "list"): _list,
    ("webhook", "remove"): _remove,
    ("webhook", "deliveries"): _deliveries,
    ("user", "alerts"): _switch("alerts_off"),
    ("user", "digest"): _switch("digest_off"),
    ("user", "email"): _email,
}
#: Commands that run their own transactions (`admin_commands.DATABASE_HANDLERS`).
DATABASE_HANDLERS: dict[tuple[str, str | None], Callable[[Database, Settings,
                                                          argparse.Namespace], Any]] = {
    ("digest", "send"): _digest_send,
}
