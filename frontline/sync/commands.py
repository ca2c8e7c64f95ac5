"""`frontline enrol`, `frontline sync` and `frontline status`: headless, for IT and scripts.

`frontline sync` exits with a code a script can act on:

| code | meaning |
|---|---|
| 0 | synced; nothing set aside |
| 2 | a local problem (the data folder cannot be used); the message says which |
| 3 | the server cannot be reached, is busy or failed: try again later (nothing lost) |
| 4 | this version of Frontline is too old for the server: update it |
| 5 | not enrolled, or the enrolment (or a person's sign-in) ended: enrol again |
| 6 | synced, but some changes are set aside (quarantined): see `frontline status` |
| 7 | the server refused the request (a bug or a configuration problem): tell IT |
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from frontline.core.errors import SyncError
from frontline.store import outbox, remote
from frontline.store.db import Store
from frontline.sync import device
from frontline.sync.client import DEVICE_TOKEN
from frontline.sync.config import load_settings
from frontline.sync.engine import SyncReport, sync_once, sync_status
from frontline.sync.insights_query import InsightFilters

EXIT_OK = 0
EXIT_OFFLINE = 3
EXIT_UPDATE_REQUIRED = 4
EXIT_NOT_ENROLLED = 5
EXIT_QUARANTINED = 6
EXIT_REFUSED = 7

_EXIT_BY_KIND = {
    "network": EXIT_OFFLINE, "busy": EXIT_OFFLINE, "throttled": EXIT_OFFLINE,
    "internal": EXIT_OFFLINE, "update_required": EXIT_UPDATE_REQUIRED,
    "unauthorized": EXIT_NOT_ENROLLED, "signed_out": EXIT_NOT_ENROLLED,
}

ENROL_HINT = "Enrol it with `frontline enrol --server URL --code CODE` (ask IT for a code)."


def exit_code(report: SyncReport) -> int:
    """The `frontline sync` exit code for a report (see the module docstring)."""
    if report.error is not None:
        return _EXIT_BY_KIND.get(report.error.kind, EXIT_REFUSED)
    if report.quarantined_total:
        return EXIT_QUARANTINED
    return EXIT_OK


def enrol_command(data_dir: Path, *, server: str | None, code: str, name: str | None,
                  as_json: bool) -> int:
    try:
        record = device.enrol_pc(data_dir, server_url=server, code=code, device_name=name)
    except SyncError as error:
        print(f"frontline: enrolment failed: {error}", file=sys.stderr)
        return _EXIT_BY_KIND.get(error.kind, EXIT_REFUSED) if error.kind != "unauthorized" \
            else EXIT_NOT_ENROLLED
    tokens = device.token_store(data_dir)
    if as_json:
        print(json.dumps({**asdict(record), "token_location": tokens.location}, indent=2))
    else:
        print(f"This PC is enrolled as “{record.device_name}” with {record.server_url} "
              f"(device {record.device_id}, until {record.expires_at}).\n"
              f"Its token is kept in: {tokens.location}")
    return EXIT_OK


def sync_command(data_dir: Path, *, as_json: bool) -> int:
    settings = load_settings(data_dir)
    store = Store.open(data_dir)
    try:
        db = store.connection()
        tokens = device.token_store(data_dir, settings)
        if not settings.server_url or device.enrolment(db) is None or not tokens.get(DEVICE_TOKEN):
            message = f"This PC is not enrolled with a server. {ENROL_HINT}"
            print(json.dumps({"ok": False, "error_kind": "not_enrolled", "error": message})
                  if as_json else f"frontline: {message}",
                  file=sys.stdout if as_json else sys.stderr)
            return EXIT_NOT_ENROLLED
        client = device.make_client(data_dir, settings, tokens)
        people = device.signed_in(db)
        if len(people) == 1:  # a manager's PC: their reviews go out under their sign-in
            client.act_as(next(iter(people)))
        try:
            report = sync_once(db, client, batch_limit=settings.batch_limit,
                               batch_bytes=settings.batch_bytes)
        finally:
            client.close()
    finally:
        store.close()
    code = exit_code(report)
    if as_json:
        print(json.dumps(report_dict(report, code), indent=2))
    else:
        stream = sys.stdout if code in (EXIT_OK, EXIT_QUARANTINED) else sys.stderr
        print(report.summary(), file=stream)
        for item in report.quarantined:
            print(f"  set aside: {item.observation_id}: {item.reason}", file=stream)
        for item in report.conflicts:
            print(f"  server's version kept: {item.observation_id}: {item.reason}", file=stream)
    return code


def report_dict(report: SyncReport, code: int) -> dict[str, Any]:
    return {
        "ok": report.ok, "exit_code": code, "pushed": report.pushed,
        "already_applied": report.already_applied,
        "quarantined": [asdict(q) for q in report.quarantined],
        "conflicts": [asdict(c) for c in report.conflicts], "pulled": report.pulled,
        "removed": report.removed, "reference_updated": report.reference_updated,
        "pending": report.pending, "quarantined_total": report.quarantined_total,
        "cursor": report.cursor, "requests": report.requests,
        "duration_seconds": round(report.duration, 3), "cancelled": report.cancelled,
        "error_kind": report.error.kind if report.error else None,
        "error": str(report.error) if report.error else None,
    }


def status(data_dir: Path) -> dict[str, Any]:
    """What `frontline status` shows, as a dict (no network)."""
    settings = load_settings(data_dir)
    tokens = device.token_store(data_dir, settings)
    store = Store.open(data_dir)
    try:
        db = store.connection()
        enrolled = device.enrolment(db)
        last = sync_status(db)
        pending = outbox.count(db)
        aside = outbox.quarantined(db)
        reasons = [{"observation_id": e.entity_id, "reason": e.quarantine_reason} for e in aside]
        stores = remote.stored_reference(db).get("stores") or []
        home = next((s for s in stores if enrolled and s.get("id") == enrolled.store_id), None)
    finally:
        store.close()
    token_present = bool(tokens.get(DEVICE_TOKEN))
    action = None
    if not settings.server_url or enrolled is None or not token_present:
        action = f"This PC is not enrolled. {ENROL_HINT}"
    elif last["last_error_kind"] == "unauthorized":
        action = (f"The server no longer accepts this PC: enrol it again. {ENROL_HINT} "
                  "The changes waiting here are kept and sent then.")
    elif last["last_error_kind"] == "update_required":
        action = "Update Frontline: the server needs a newer version. Nothing waiting is lost."
    elif last["last_error_kind"] == "signed_out":
        action = "A person's sign-in has ended: they should sign in again."
    elif aside:
        action = (f"{len(aside)} change(s) were set aside by the server; see the reasons. "
                  "Fix them in the app, or tell IT.")
    return {
        "server_url": settings.server_url or None,
        "server_url_source": settings.sources.get("server_url"),
        "enrolled": enrolled is not None and token_present,
        "device_id": enrolled.device_id if enrolled else None,
        "device_name": enrolled.device_name if enrolled else None,
        "store_id": enrolled.store_id if enrolled else None,
        # from the reference data of the last sync (None before the first one)
        "store_code": home.get("code") if home else None,
        "store_name": home.get("name") if home else None,
        "enrolled_at": enrolled.enrolled_at if enrolled else None,
        "enrolment_expires_at": enrolled.expires_at if enrolled else None,
        "token_location": tokens.location,
        "token_present": token_present,
        "pending": pending,
        "quarantined": len(aside),
        "quarantined_items": reasons,
        **last,
        "action": action,
        "settings_problems": list(settings.problems),
    }


def status_command(data_dir: Path, *, as_json: bool) -> int:
    info = status(data_dir)
    if as_json:
        print(json.dumps(info, indent=2))
        return EXIT_OK
    source = {"machine": "IT's preset", "user": "this PC", "policy": "IT's policy"}.get(
        info["server_url_source"] or "", "not set")
    lines = [
        f"Server:       {info['server_url'] or '(none)'}  [{source}]",
        "This PC:      " + (f"enrolled as “{info['device_name']}” (device {info['device_id']}) "
                            f"until {info['enrolment_expires_at']}"
                            if info["enrolled"] else "not enrolled"),
        *([f"Store:        {info['store_name']} ({info['store_code']})"
           if info["store_name"] else f"Store:        {info['store_id']} (its name arrives "
                                       "with the first sync)"] if info["enrolled"] else []),
        f"Token:        {info['token_location']}"
        + ("" if info["token_present"] else " — no device token there"),
        f"Waiting:      {info['pending']} change(s) to send",
        f"Set aside:    {info['quarantined']}",
        *(f"              {q['observation_id']}: {q['reason']}" for q in info["quarantined_items"]),
        f"Last sync:    {info['last_sync_at'] or 'never'}",
    ]
    if info["last_error"]:
        lines.append(f"Last problem: {info['last_error']}")
    if info["action"]:
        lines.append(f"What to do:   {info['action']}")
    for problem in info["settings_problems"]:
        lines.append(f"Settings:     {problem}")
    print("\n".join(lines))
    return EXIT_OK


@dataclass(frozen=True)
class ReportFigures:
    """What `frontline report` draws: the figures (None: none to draw), when they were
    kept (None: fetched just now), what to tell the person, and the exit code."""

    doc: dict[str, Any] | None
    as_of: str | None = None
    message: str = ""
    exit_code: int = 0


def insights_for_report(data_dir: Path, filters: InsightFilters, *,
                        offline: bool = False) -> ReportFigures:
    """The Insights figures for `filters`, as the widest reviewer signed in on this PC:
    fetched from the server (and kept), or else the figures kept for the same filters."""
    from frontline.store.insights_cache import load_figures, save_figures
    from frontline.sync.insights_query import insights_params

    store = Store.open(data_dir)
    try:
        db = store.connection()
        reviewer = device.widest_reviewer(db)
        if reviewer is None:
            return ReportFigures(None, message="Nobody is signed in on this PC as a manager, "
                                 "leader or admin. Sign in with your password in the app "
                                 "(Ctrl+Shift+P), then run this again.", exit_code=5)
        user_id = str(reviewer["id"])
        problem = "--offline: the server was not asked"
        if not offline:
            try:
                client = device.make_client(data_dir)
                try:
                    client.act_as(user_id)
                    doc = client.insights(insights_params(filters, quotes=12))
                finally:
                    client.close()
            except (SyncError, device.NotEnrolledError) as error:
                problem = str(error)
            else:
                save_figures(db, filters.key(), user_id, doc)
                return ReportFigures(doc)
        kept = load_figures(db, filters.key(), user_id)
        if kept is None:
            return ReportFigures(None, message=f"No figures for these filters: {problem}. "
                                 "Fetch them once online (the app's Insights page or this "
                                 "command), then they are kept for offline use.",
                                 exit_code=3)
        return ReportFigures(kept.doc, kept.fetched_at,
                             f"Using the figures kept on this PC from {kept.fetched_at} "
                             f"(UTC): {problem}.")
    finally:
        store.close()
