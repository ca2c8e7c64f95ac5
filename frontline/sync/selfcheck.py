"""`frontline --self-check`: is this PC (or this bundle) fit to run Frontline?

    checks = run_checks(data_dir, extra=qt_checks)    # a list of `Check`
    print(render_text(checks)); exit_code(checks)

It opens (or creates) the data folder, checks the database (`PRAGMA integrity_check`,
every migration applied, none from a newer release), where tokens would be kept (the OS
keychain, else the user-only file, unless policy forbids it), the settings it read (IT's
preset and policy, the problems in them) and the server it is set to (unreachable is a
warning, not a failure: the app works offline). The Qt checks (platform and image format
plugins) live in `frontline/ui/selfcheck_qt.py` and come in through `extra`, so this module
runs without Qt.

A check's status is `ok`, `warning` (works, but IT may want to look) or `error` (the app
cannot work as it should here); `exit_code` is 1 when any check is an error.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from frontline import __version__
from frontline.core.errors import KnownError

OK = "ok"
WARNING = "warning"
ERROR = "error"
#: Seconds to wait for the server's /health before calling it unreachable.
SERVER_TIMEOUT = 3.0
#: A name the token check writes, reads back and deletes.
PROBE_NAME = "frontline-self-check"


@dataclass(frozen=True)
class Check:
    """One thing checked: `name` (e.g. "database"), `status` (ok, warning, error) and what
    was found, in words."""

    name: str
    status: str
    detail: str


def run_checks(data_dir: Path, *, extra: Callable[[], Iterable[Check]] | None = None,
               server_timeout: float = SERVER_TIMEOUT) -> list[Check]:
    """Every check, in the order they are shown. Never raises for a problem it finds."""
    from frontline.sync.config import load_settings

    checks: list[Check] = []
    settings = load_settings(data_dir)
    checks += _settings_checks(settings)
    checks += _store_checks(data_dir)
    checks.append(_token_check(data_dir, settings.allow_token_file))
    checks.append(_server_check(settings.server_url, settings.ca_bundle, server_timeout))
    if extra is not None:
        try:
            checks += list(extra())
        except Exception as error:  # noqa: BLE001 - a broken Qt install is a finding
            checks.append(Check("qt", ERROR, f"Qt could not be checked: {error!r}"))
    return checks


def _settings_checks(settings: Any) -> list[Check]:
    from frontline.sync.config import (
        REGISTRY_POLICY_KEY,
        REGISTRY_PRESET_KEY,
        machine_config_path,
    )

    preset = machine_config_path()
    where = f"{preset} ({'found' if preset.is_file() else 'none there'})"
    if sys.platform == "win32":
        where += (f"; registry HKLM\\{REGISTRY_PRESET_KEY} (preset), "
                  f"HKLM\\{REGISTRY_POLICY_KEY} (policy)")
    chosen = sorted(f"{n} ({settings.sources[n]})" for n in settings.sources
                    if settings.sources[n] != "default")
    detail = (f"machine preset: {where}; set: {', '.join(chosen) or 'nothing, all defaults'}; "
              f"fixed by policy: {', '.join(sorted(settings.locked)) or 'nothing'}")
    checks = [Check("settings", OK, detail)]
    checks += [Check("settings", WARNING, problem) for problem in settings.problems]
    return checks


def _store_checks(data_dir: Path) -> list[Check]:
    from frontline.store.db import Store
    from frontline.store.migrations import all_names, newer_names, pending_names

    try:
        store = Store.open(data_dir)
    except KnownError as error:
        return [Check("data folder", ERROR, f"{data_dir}: {error}")]
    except sqlite3.Error as error:
        return [Check("database", ERROR, f"{data_dir}: {error}")]
    checks = [Check("data folder", OK, f"{data_dir} (writable)")]
    try:
        db = store.connection()
        if store.recovered_from is not None:
            checks.append(Check("database", ERROR, f"{store.path} was damaged: it was moved "
                                f"aside to {store.recovered_from} and a fresh one made. "
                                "Observations not yet synced may be in the old file."))
        result = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
        if result == ["ok"]:
            count = db.execute("SELECT count(*) FROM observations").fetchone()[0]
            checks.append(Check("database", OK, f"{store.path}: integrity ok, "
                                f"{count} observation(s)"))
        else:
            checks.append(Check("database", ERROR, f"{store.path}: integrity check failed: "
                                + "; ".join(map(str, result[:5]))))
        pending, newer = pending_names(db), newer_names(db)
        if pending or newer:
            checks.append(Check("migrations", ERROR, f"pending: {pending}; unknown (from a "
                                f"newer Frontline): {newer}"))
        else:
            checks.append(Check("migrations", OK, f"all {len(all_names())} applied"))
    except (KnownError, sqlite3.Error) as error:
        checks.append(Check("database", ERROR, f"{store.path}: {error}"))
    finally:
        store.close()
    return checks


def _token_check(data_dir: Path, allow_file: bool) -> Check:
    from frontline.sync.credentials import TokenStore

    try:
        tokens = TokenStore(data_dir, allow_file_fallback=allow_file)
        keychain = tokens.uses_keychain
        if not keychain and not allow_file:
            return Check("tokens", ERROR, tokens.location + ": this PC cannot keep its device "
                         "token, so it cannot enrol or sync. Enable a keychain or let policy "
                         "allow the token file (allow_token_file).")
        had = tokens.get(PROBE_NAME)
        tokens.set(PROBE_NAME, "probe")
        back = tokens.get(PROBE_NAME)
        if had is None:
            tokens.delete(PROBE_NAME)
        if back != "probe":
            return Check("tokens", ERROR, f"{tokens.location}: a value written could not be "
                         "read back")
        # the keychain may have failed during the probe and fallen back to the file
        if tokens.uses_keychain:
            return Check("tokens", OK, tokens.location)
        return Check("tokens", WARNING, tokens.location)
    except Exception as error:  # noqa: BLE001 - any keychain failure is a finding
        return Check("tokens", ERROR, f"the keychain failed: {error}")


def _server_check(url: str, ca_bundle: str, timeout: float) -> Check:
    import requests

    if not url:
        return Check("server", WARNING, "no server set: observations stay on this PC until "
                     "IT presets one (SERVERURL, /etc/frontline/frontline.toml) or the PC is "
                     "enrolled")
    started = time.perf_counter()
    try:
        answer = requests.get(url + "/health", timeout=timeout, verify=ca_bundle or True)
    except requests.RequestException as error:
        return Check("server", WARNING, f"{url} is not reachable now ({type(error).__name__}); "
                     "the app works offline and sends what is recorded later")
    ms = (time.perf_counter() - started) * 1000
    if answer.status_code != 200:
        return Check("server", WARNING, f"{url}/health answered HTTP {answer.status_code}")
    return Check("server", OK, f"{url} reachable ({ms:.0f} ms)")


def exit_code(checks: Iterable[Check]) -> int:
    """0 when nothing is an error, else 1."""
    return 1 if any(c.status == ERROR for c in checks) else 0


def report(checks: list[Check], data_dir: Path) -> dict[str, Any]:
    """The JSON form: `ok`, `version`, `data_dir`, `checks` [{name, status, detail}]."""
    return {"ok": exit_code(checks) == 0, "version": __version__, "data_dir": str(data_dir),
            "frozen": bool(getattr(sys, "frozen", False)),
            "checks": [asdict(c) for c in checks]}


def render_text(checks: list[Check], data_dir: Path) -> str:
    """The readable report: one line per check, then the verdict."""
    mark = {OK: "ok  ", WARNING: "warn", ERROR: "FAIL"}
    width = max((len(c.name) for c in checks), default=0)
    lines = [f"Frontline {__version__} self-check ({data_dir})"]
    lines += [f"  [{mark[c.status]}] {c.name.ljust(width)}  {c.detail}" for c in checks]
    errors = sum(c.status == ERROR for c in checks)
    warnings = sum(c.status == WARNING for c in checks)
    lines.append(f"{'FAILED' if errors else 'OK'}: {errors} error(s), {warnings} warning(s).")
    return "\n".join(lines)


def self_check_command(data_dir: Path, *, as_json: bool, report_file: Path | None,
                       extra: Callable[[], Iterable[Check]] | None) -> int:
    """Run the checks, print the report (text or JSON), write the JSON to `report_file`
    when given (a windowed bundle on Windows has no console), return the exit code."""
    checks = run_checks(data_dir, extra=extra)
    data = report(checks, data_dir)
    if report_file is not None:
        report_file.parent.mkdir(parents=True, exist_ok=True)
        report_file.write_text(json.dumps(data, indent=2), encoding="utf-8")
    print(json.dumps(data, indent=2) if as_json else render_text(checks, data_dir))
    return exit_code(checks)
