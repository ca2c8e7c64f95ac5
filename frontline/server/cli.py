"""`frontline-server`: create, run and administer the central server.

    frontline-server [--data-dir D] [--database-url URL] [--config FILE] COMMAND ...

Every command is documented in docs/server.md (a test fails when one is not), and
each administrative command takes `--json` for scripts. This module parses the command
line, sets up (`init`) and runs (`serve`) the server; `admin_commands` does the rest.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontline import __version__
from frontline.core.vocabulary import PII_POLICIES, RETENTION_ACTIONS, ROLES

if TYPE_CHECKING:  # the commands import these when they run: `--help` stays quick
    from fastapi import FastAPI

    from frontline.server.db import Database
    from frontline.server.settings import Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontline-server",
        description="The Frontline central server: accounts, devices and the sync API.",
    )
    parser.add_argument("--version", action="version", version=f"frontline-server {__version__}")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="folder for the SQLite database and config (default: $FRONTLINE_DATA_DIR, else .)")
    parser.add_argument("--database-url", default=None,
                        help="SQLAlchemy URL, e.g. postgresql+psycopg://user:pw@host/db "
                             "(default: $FRONTLINE_DATABASE_URL, else SQLite in the data folder)")
    parser.add_argument("--config", type=Path, default=None,
                        help="TOML settings file (default: $FRONTLINE_CONFIG, else "
                             "<data-dir>/frontline-server.toml when present)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def cmd(name: str, help_text: str, parent: Any = sub) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--json", action="store_true", help="print the result as JSON")
        return p

    p = cmd("init", "create or upgrade the database")
    p.add_argument("--demo", action="store_true",
                   help="add a demo organisation and print its logins and enrolment codes once")

    p = sub.add_parser("serve", help="run the HTTP server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8750)
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")

    org = sub.add_parser("org", help="organisations").add_subparsers(dest="action", required=True)
    p = cmd("create", "create an organisation", org)
    p.add_argument("name")
    p.add_argument("--retention-days", type=int, default=None)
    cmd("list", "list organisations", org)
    p = cmd("privacy", "show or set what the organisation's PCs do when a text holds customer "
                       "personal data (the server redacts it whatever the policy)", org)
    p.add_argument("--policy", choices=PII_POLICIES, default=None,
                   help="redact: replace it and tell the person; block: refuse to save until "
                        "it is removed (leave out: show the policy)")
    _org_arg(p)

    region = sub.add_parser("region", help="regions").add_subparsers(dest="action", required=True)
    p = cmd("create", "create a region", region)
    p.add_argument("name")
    _org_arg(p)
    _org_arg(cmd("list", "list regions", region))

    store = sub.add_parser("store", help="stores").add_subparsers(dest="action", required=True)
    p = cmd("create", "create a store", store)
    p.add_argument("code", help="short unique code, e.g. S001")
    p.add_argument("name")
    p.add_argument("--region", default=None, help="region id")
    _org_arg(p)
    _org_arg(cmd("list", "list stores", store))
    for action in ("disable", "enable"):
        p = cmd(action, f"{action} a store", store)
        p.add_argument("store", help="store id or code")
        _org_arg(p)

    team = sub.add_parser("team", help="teams").add_subparsers(dest="action", required=True)
    p = cmd("create", "create a team in a store", team)
    p.add_argument("name")
    p.add_argument("--store", required=True, help="store id or code")
    _org_arg(p)
    _org_arg(cmd("list", "list teams", team))
    for action in ("disable", "enable"):
        p = cmd(action, f"{action} a team", team)
        p.add_argument("team", help="team id")
        _org_arg(p)

    user = sub.add_parser("user", help="users").add_subparsers(dest="action", required=True)
    p = cmd("create", "create a user (password read from $FRONTLINE_NEW_PASSWORD, "
                      "--password-stdin, or generated and printed once)", user)
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--display-name", default=None)
    p.add_argument("--store", default=None, help="store id or code (employees and managers)")
    p.add_argument("--team", default=None, help="team id")
    p.add_argument("--region", default=None, help="region id (leaders of one region)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.add_argument("--pin-stdin", action="store_true", help="read a 4-8 digit PIN from stdin (after the password)")
    p.add_argument("--no-password", action="store_true", help="PIN-only employee: no password")
    _org_arg(p)
    _org_arg(cmd("list", "list users", user))
    for action in ("disable", "enable"):
        p = cmd(action, f"{action} a user (disable also ends their sessions)", user)
        p.add_argument("user", help="user id or username")
        _org_arg(p)
    p = cmd("reset-password", "set a new password (generated unless --password-stdin) and end "
                              "the user's sessions", user)
    p.add_argument("user", help="user id or username")
    p.add_argument("--password-stdin", action="store_true")
    _org_arg(p)
    p = cmd("set-pin", "set an employee's PIN (read from stdin)", user)
    p.add_argument("user", help="user id or username")
    _org_arg(p)
    from frontline.server.outbound import commands as outbound

    outbound.add_user_arguments(user, cmd, _org_arg)  # user alerts|digest|email

    p = cmd("enrolment-code", "issue a one-time enrolment code for a store's PC")
    p.add_argument("--store", required=True, help="store id or code")
    p.add_argument("--count", type=int, default=1, help="how many codes (one per PC)")
    _org_arg(p)

    retention = sub.add_parser("retention", help="how long observations are kept").add_subparsers(
        dest="action", required=True)
    p = cmd("set", "set the organisation's retention: observations older than --days are "
                   "deleted or lose their free text; PCs follow at their next sync", retention)
    p.add_argument("--days", type=int, default=None,
                   help="keep observations this many days (leave out: for ever)")
    p.add_argument("--action", dest="retention_action", choices=RETENTION_ACTIONS,
                   default=RETENTION_ACTIONS[0],
                   help="what happens past the limit (default delete)")
    p.add_argument("--local-keep-days", type=int, default=None,
                   help="PCs remove synced observations unchanged for this many days")
    _org_arg(p)
    _org_arg(cmd("show", "show the retention settings", retention))
    _org_arg(cmd("apply", "apply retention now (serve also does it on a schedule; for cron)",
                 retention))
    p = cmd("erase", "remove one observation everywhere: the server now, every PC at its next sync")
    p.add_argument("--observation", required=True, help="observation id")
    _org_arg(p)

    device = sub.add_parser("device", help="enrolled PCs").add_subparsers(dest="action", required=True)
    p = cmd("list", "list enrolled PCs", device)
    p.add_argument("--store", default=None, help="store id or code")
    _org_arg(p)
    p = cmd("revoke", "revoke a PC's enrolment (its token stops working at once)", device)
    p.add_argument("device", help="device id")
    _org_arg(p)

    # logic in frontline/server/backup.py
    p = cmd("backup", "copy the SQLite database while serving (online backup API)")
    p.add_argument("--out", type=Path, required=True, help="the backup file to write")
    p = cmd("restore", "put a SQLite backup in place (--from; server stopped), or after "
                       "pg_restore: start a new sync epoch so PCs pull again")
    p.add_argument("--from", dest="restore_from", type=Path, default=None, metavar="FILE")

    from frontline.server.themes.command import add_arguments as add_themes_arguments

    add_themes_arguments(sub)  # `themes discover`: a file in, a file out, no database
    outbound.add_arguments(sub, cmd, _org_arg)  # webhook add|list|remove|deliveries, digest send
    return parser


def _org_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--org", default=None, help="organisation id (needed only when there are several)")


def command_names(parser: argparse.ArgumentParser | None = None) -> list[str]:
    """Every command as typed, e.g. `init`, `user create` (for the docs test)."""
    parser = parser or build_parser()
    names: list[str] = []
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        choices: dict[str, argparse.ArgumentParser] = action.choices  # type: ignore[assignment]
        for name, sub in choices.items():
            if sub._subparsers is None:
                names.append(name)
            else:
                names.extend(f"{name} {inner}" for inner in command_names(sub))
    return names


def _run_on_files(settings: Settings, args: argparse.Namespace) -> int:
    """The commands that run the server or copy its database rather than change it."""
    if args.command == "serve":
        return _serve(settings, args)
    from frontline.server.backup import run_command

    return run_command(settings, args)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "themes" and args.action == "discover":  # no database
        from frontline.server.themes.command import run as run_themes

        return run_themes(args)
    from frontline.server.settings import load_settings

    try:
        settings = load_settings(
            {"data_dir": args.data_dir or os.environ.get("FRONTLINE_DATA_DIR"),
             "database_url": args.database_url},
            config_file=args.config,
        )
    except ValueError as error:
        print(f"frontline-server: {error}", file=sys.stderr)
        return 2
    if args.command in ("serve", "backup", "restore"):
        return _run_on_files(settings, args)
    from frontline.server.admin import AdminError
    from frontline.server.db import Database
    from frontline.server.errors import ApiError

    if settings.database_url == "":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(settings.resolved_database_url)
    try:
        if args.command == "init":
            result = _init(db, settings, args)
        else:
            from frontline.server import migrate

            if migrate.current_revision(db) != migrate.head_revision():
                print("frontline-server: the database is missing or not up to date. "
                      "Run `frontline-server init` first.", file=sys.stderr)
                return 1
            from frontline.server import admin_commands as commands
            from frontline.server.retention import scrub_sqlite

            key = (args.command, getattr(args, "action", None))
            if key in commands.DATABASE_HANDLERS:  # batches, each in its own transaction
                result = commands.DATABASE_HANDLERS[key](db, settings, args)
            else:
                with db.write() as conn:
                    result = commands.HANDLERS[key](conn, settings, args)
            if key in commands.REMOVING:
                scrub_sqlite(db)
    except (AdminError, ApiError) as error:
        print(f"frontline-server: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # the database cannot be reached, etc.
        from sqlalchemy.exc import SQLAlchemyError

        if not isinstance(error, SQLAlchemyError | OSError):
            raise
        print(f"frontline-server: cannot use the database {settings.redacted_database_url()}: "
              f"{type(error).__name__}. Check the URL and that the database server is running.",
              file=sys.stderr)
        return 1
    finally:
        db.dispose()
    _print(result, args)
    return 0


def _print(result: Any, args: argparse.Namespace) -> None:
    if getattr(args, "json", False):
        print(json.dumps(result, indent=2, default=str))
        return
    if isinstance(result, dict) and "text" in result:
        print(terminal_safe(result["text"]))
    elif isinstance(result, list):
        for row in result:
            print("  ".join(f"{k}={terminal_safe(v)}" for k, v in row.items()))
    elif isinstance(result, dict):
        for key, value in result.items():
            print(f"{key}: {terminal_safe(value)}")


def terminal_safe(value: Any) -> str:
    """`value` as text an admin's terminal shows as it is: a character that is not printable
    (escape sequences, C1 controls, bidi overrides, line separators: from a device name, a
    store name, anything a client sent) is written as its escape, e.g. `\\x1b`."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == "\n" else
                   c.encode("unicode_escape").decode("ascii") for c in text)


def _now() -> datetime:
    return datetime.now(UTC)


#: uvicorn's own proxy handling believes X-Forwarded-For from 127.0.0.1; the app decides
#: instead, from `trusted_proxies` (http.client_address). Idle connections close after 5 s.
_UVICORN: dict[str, Any] = {"log_config": None, "proxy_headers": False, "timeout_keep_alive": 5,
                            "server_header": False}


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from frontline.server import create_app
    from frontline.server.db import Database
    from frontline.server.migrate import current_revision, head_revision
    from frontline.server.observability import configure_logging

    configure_logging(settings.log_level)
    db = Database(settings.resolved_database_url)
    if current_revision(db) != head_revision():
        print("frontline-server: the database is missing or not up to date. "
              "Run `frontline-server init` first.", file=sys.stderr)
        db.dispose()
        return 1
    db.dispose()
    if settings.retention_interval_seconds > 0:
        from frontline.server.retention import start_scheduler

        start_scheduler(settings)
    if args.workers > 1:
        os.environ["FRONTLINE_DATA_DIR"] = str(settings.data_dir)
        if settings.database_url:
            os.environ["FRONTLINE_DATABASE_URL"] = settings.database_url
        if args.config:
            os.environ["FRONTLINE_CONFIG"] = str(args.config)
        uvicorn.run("frontline.server.cli:app_from_environment", factory=True, host=args.host,
                    port=args.port, workers=args.workers, **_UVICORN)
    else:
        uvicorn.run(create_app(settings), host=args.host, port=args.port, **_UVICORN)
    return 0


def app_from_environment() -> FastAPI:
    """The app built from the environment (for `serve --workers N`)."""
    from frontline.server import create_app
    from frontline.server.observability import configure_logging
    from frontline.server.settings import load_settings

    settings = load_settings()
    configure_logging(settings.log_level)
    return create_app(settings)


def _init(db: Database, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    from frontline.server import migrate

    before = migrate.current_revision(db)
    migrate.upgrade(db)
    result: dict[str, Any] = {"database": settings.redacted_database_url(),
                              "revision_before": before, "revision": migrate.current_revision(db)}
    lines = [f"Database {result['database']} is at revision {result['revision']}."]
    if args.demo:
        from frontline.server.demo import seed_demo

        with db.write() as conn:
            demo = seed_demo(conn, settings, now=_now())
        result["demo"] = demo
        lines.append(demo["text"])
    result["text"] = "\n".join(lines)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
