"""What the administrative commands of `frontline-server` do (`cli.py` parses them): one
function per command, given a connection in a write transaction, the settings and the
parsed arguments; it returns what `--json` prints. `HANDLERS` maps `(command, action)` to
its function."""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from frontline.server import admin, tables
from frontline.server.admin import AdminError
from frontline.server.auth import issue_enrolment_code, normalise_username, revoke_device
from frontline.server.db import Database
from frontline.server.outbound import commands as outbound_commands
from frontline.server.privacy import pii_policy_of, set_pii_policy
from frontline.server.retention import (
    apply_retention,
    erase_observation,
    retention_of,
    set_retention,
)
from frontline.server.settings import Settings

Handler = Callable[[Connection, Settings, argparse.Namespace], Any]


def _now() -> datetime:
    return datetime.now(UTC)


def _new_password() -> str:
    return secrets.token_urlsafe(12)


def _read_secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


def _org(conn: Connection, args: argparse.Namespace) -> str:
    return admin.only_org(conn, getattr(args, "org", None))


# --- organisation, regions, stores, teams ---------------------------------------------


def _org_create(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    org_id = admin.create_org(conn, args.name, now=_now(), retention_days=args.retention_days)
    return {"id": org_id, "name": args.name}


def _list(table_name: str) -> Handler:
    def run(conn: Connection, settings: Settings, args: argparse.Namespace) -> list[dict[str, Any]]:
        if table_name == "organisations":
            return [dict(r._mapping) for r in conn.execute(select(tables.organisations)).all()]
        return admin.list_rows(conn, getattr(tables, table_name), _org(conn, args))

    return run


def _region_create(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    return {"id": admin.create_region(conn, _org(conn, args), args.name), "name": args.name}


def _store_create(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    store_id = admin.create_store(conn, _org(conn, args), args.code, args.name,
                                  region_id=args.region)
    return {"id": store_id, "code": args.code, "name": args.name}


def _store_disable(disabled: bool) -> Handler:
    def run(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
        return {"id": admin.set_store_disabled(conn, _org(conn, args), args.store, disabled),
                "disabled": disabled}

    return run


def _team_create(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    return {"id": admin.create_team(conn, _org(conn, args), args.store, args.name),
            "name": args.name}


def _team_disable(disabled: bool) -> Handler:
    def run(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
        admin.set_team_disabled(conn, _org(conn, args), args.team, disabled)
        return {"id": args.team, "disabled": disabled}

    return run


# --- people ---------------------------------------------------------------------------


def _user_create(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    generated = None
    password: str | None = None
    if not args.no_password:
        if args.password_stdin:
            password = _read_secret("Password: ")
        elif os.environ.get("FRONTLINE_NEW_PASSWORD"):
            password = os.environ["FRONTLINE_NEW_PASSWORD"]
        else:
            password = generated = _new_password()
    pin = _read_secret("PIN: ") if args.pin_stdin else None
    user_id = admin.create_user(
        conn, settings, _org(conn, args), username=args.username, role=args.role,
        display_name=args.display_name, password=password, pin=pin, store=args.store,
        team_id=args.team, region_id=args.region, now=_now())
    result: dict[str, Any] = {"id": user_id, "username": normalise_username(args.username),
                              "role": args.role}
    if generated:
        result["password"] = generated  # shown once, to the admin who made it
    return result


def _user_disable(disabled: bool) -> Handler:
    def run(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
        return {"id": admin.set_user_disabled(conn, _org(conn, args), args.user, disabled,
                                              now=_now()),
                "disabled": disabled}

    return run


def _user_reset_password(conn: Connection, settings: Settings,
                         args: argparse.Namespace) -> dict[str, Any]:
    password = _read_secret("New password: ") if args.password_stdin else _new_password()
    user_id = admin.reset_password(conn, settings, _org(conn, args), args.user, password,
                                   now=_now())
    result: dict[str, Any] = {"id": user_id}
    if not args.password_stdin:
        result["password"] = password
    return result


def _user_set_pin(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    return {"id": admin.set_pin(conn, settings, _org(conn, args), args.user,
                                _read_secret("PIN: "))}


# --- PCs ------------------------------------------------------------------------------


def _enrolment_code(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    store = admin.find_store(conn, _org(conn, args), args.store)
    codes = []
    for _ in range(max(1, args.count)):
        code, expires = issue_enrolment_code(conn, settings, store_id=store.id, created_by=None,
                                             now=_now())
        codes.append({"code": code, "store_id": store.id, "store_code": store.code,
                      "expires_at": expires})
    text = "\n".join(f"{c['code']}  (store {c['store_code']}, valid until {c['expires_at']})"
                     for c in codes)
    return {"codes": codes, "text": text}


def _device_list(conn: Connection, settings: Settings,
                 args: argparse.Namespace) -> list[dict[str, Any]]:
    org_id = _org(conn, args)
    store_id = admin.find_store(conn, org_id, args.store).id if args.store else None
    return admin.list_devices(conn, None, org_id, store_id)


def _device_revoke(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    org_id = _org(conn, args)
    row = conn.execute(select(tables.devices).where(tables.devices.c.id == args.device,
                                                    tables.devices.c.org_id == org_id)).first()
    if row is None:
        raise AdminError(f"There is no device {args.device!r}. List them with `frontline-server device list`.")
    revoke_device(conn, row.id, _now())
    return {"id": row.id, "revoked": True}


# --- data lifetime --------------------------------------------------------------------


def _retention_set(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    return set_retention(conn, _org(conn, args), days=args.days, action=args.retention_action,
                         local_keep_days=args.local_keep_days)


def _retention_show(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    return retention_of(conn, _org(conn, args))


def _retention_apply(db: Database, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    """`retention apply`: in batches, each in its own transaction (so it takes the database,
    not a connection)."""
    with db.read() as conn:
        org_id = _org(conn, args)
    return {"org_id": org_id, **apply_retention(db.write, now=_now(), org_id=org_id)}


def _org_privacy(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    org_id = _org(conn, args)
    if args.policy is None:
        return pii_policy_of(conn, org_id)
    return set_pii_policy(conn, org_id, args.policy)


def _erase(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    return erase_observation(conn, _org(conn, args), args.observation, now=_now())


def _themes_run(conn: Connection, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    from frontline.server.themes.command import run_stored

    return run_stored(conn, settings, args)


HANDLERS: dict[tuple[str, str | None], Handler] = {
    ("org", "create"): _org_create,
    ("org", "list"): _list("organisations"),
    ("org", "privacy"): _org_privacy,
    ("region", "create"): _region_create,
    ("region", "list"): _list("regions"),
    ("store", "create"): _store_create,
    ("store", "list"): _list("stores"),
    ("store", "disable"): _store_disable(True),
    ("store", "enable"): _store_disable(False),
    ("team", "create"): _team_create,
    ("team", "list"): _list("teams"),
    ("team", "disable"): _team_disable(True),
    ("team", "enable"): _team_disable(False),
    ("user", "create"): _user_create,
    ("user", "list"): _list("users"),
    ("user", "disable"): _user_disable(True),
    ("user", "enable"): _user_disable(False),
    ("user", "reset-password"): _user_reset_password,
    ("user", "set-pin"): _user_set_pin,
    ("enrolment-code", None): _enrolment_code,
    ("device", "list"): _device_list,
    ("device", "revoke"): _device_revoke,
    ("retention", "set"): _retention_set,
    ("retention", "show"): _retention_show,
    ("erase", None): _erase,
    ("themes", "run"): _themes_run,
}
HANDLERS.update(outbound_commands.HANDLERS)  # webhook, digest send, user alerts|digest|email
#: Commands that run their own transactions: given the database instead of a connection.
DATABASE_HANDLERS: dict[tuple[str, str | None], Callable[[Database, Settings, argparse.Namespace], Any]] = {
    ("retention", "apply"): _retention_apply,
}
#: Commands that remove observations: SQLite's write-ahead log is emptied after them.
DATABASE_HANDLERS.update(outbound_commands.DATABASE_HANDLERS)  # digest send
REMOVING = {("retention", "apply"), ("erase", None)}
