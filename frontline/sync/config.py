"""Sync settings, layered: built-in defaults → machine preset (IT) → this data folder → policy.

- The machine preset is a TOML file IT drops on the PC (or the installer writes):
  `$FRONTLINE_MACHINE_CONFIG`, else `/etc/frontline/frontline.toml` on Linux,
  `/Library/Application Support/Frontline/frontline.toml` on macOS,
  `%PROGRAMDATA%\\Frontline\\frontline.toml` on Windows. Its top-level keys are defaults
  (e.g. `server_url`); its `[policy]` table holds values nobody on the PC can override
  (e.g. `allow_token_file = false`, or a fixed `server_url`).
- On Windows, the registry too (what the MSI and Group Policy write): values under
  `HKLM\\Software\\Frontline` are the machine preset (over the preset file), values under
  `HKLM\\Software\\Policies\\Frontline` are policy (over the file's `[policy]`). Value names
  are the setting names (`server_url`, `allow_token_file` as a DWORD 0/1...). Reading the
  registry is `read_registry()`, whose plain dict `load_settings` consumes, so the layering
  is tested on any OS with a fake registry.
- The data folder's own `settings.toml` holds what was chosen on this PC (the server
  address typed at enrolment, a shorter sync interval).

Every setting is documented in `docs/sync-client.md` (a test fails when one is not). A file
that cannot be read, or an unknown or mistyped key, is reported in `settings.problems` and
otherwise ignored: a typo in IT's preset must not stop people from recording observations.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from frontline.core.errors import KnownError

log = logging.getLogger(__name__)

ENV_MACHINE_CONFIG = "FRONTLINE_MACHINE_CONFIG"
USER_FILE = "settings.toml"
#: Windows registry keys under HKEY_LOCAL_MACHINE: IT's preset (the MSI writes it) and
#: policy (Group Policy, Intune). Their values are named like the settings.
REGISTRY_PRESET_KEY = r"Software\Frontline"
REGISTRY_POLICY_KEY = r"Software\Policies\Frontline"

#: What `read_registry` returns: {"preset": {name: value}, "policy": {name: value}}.
Registry = Mapping[str, Mapping[str, Any]]


class PolicyError(KnownError):
    """A setting the machine policy fixes cannot be changed on this PC."""


@dataclass(frozen=True)
class SyncSettings:
    """What the sync needs to know. Build with `load_settings(data_dir)`."""

    #: The central server, e.g. `https://frontline.example.com` (empty: not configured).
    server_url: str = ""
    #: Seconds between background syncs.
    sync_interval_seconds: int = 300
    #: Seconds after a save before the background sync sends it.
    sync_after_save_seconds: int = 5
    #: Seconds without input before a shared PC locks and asks who is there (0: never).
    idle_lock_seconds: int = 300
    #: Most mutations in one push, and about how many bytes of them.
    batch_limit: int = 200
    batch_bytes: int = 512_000
    #: Seconds to wait for a connection, and for an answer.
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    #: Longest wait between retries after failures, in seconds.
    max_backoff_seconds: float = 300.0
    #: Keep tokens in a user-only file when the OS has no keychain (policy may forbid it).
    allow_token_file: bool = True
    #: A CA bundle file to trust for the server's certificate (empty: the system's).
    ca_bundle: str = ""
    #: The name this PC enrols under (empty: the computer's host name).
    device_name: str = ""

    # where each value came from: default | machine | user | policy
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)
    #: the names the policy fixes
    locked: frozenset[str] = field(default_factory=frozenset, compare=False)
    #: problems met while reading the files, in words
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.connect_timeout, self.read_timeout)


SETTING_NAMES: tuple[str, ...] = tuple(
    f.name for f in fields(SyncSettings) if f.name not in ("sources", "locked", "problems"))


def machine_config_path() -> Path:
    """Where IT's preset lives on this PC (it need not exist)."""
    if os.environ.get(ENV_MACHINE_CONFIG):
        return Path(os.environ[ENV_MACHINE_CONFIG])
    if sys.platform == "win32":
        program_data = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        return Path(program_data) / "Frontline" / "frontline.toml"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/Frontline/frontline.toml")
    return Path("/etc/frontline/frontline.toml")


def read_registry() -> dict[str, dict[str, Any]]:
    """IT's settings from the Windows registry (HKLM, the 64-bit view):
    `{"preset": {...}, "policy": {...}}`, each a dict of value name -> value (str for
    REG_SZ, int for REG_DWORD/REG_QWORD; anything else as it comes, for `load_settings` to
    report). Empty dicts where a key is missing, and everywhere but Windows."""
    out: dict[str, dict[str, Any]] = {"preset": {}, "policy": {}}
    if sys.platform != "win32":
        return out
    import winreg

    for layer, key in (("preset", REGISTRY_PRESET_KEY), ("policy", REGISTRY_POLICY_KEY)):
        try:
            handle = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, key, 0,
                                    winreg.KEY_READ | winreg.KEY_WOW64_64KEY)
        except OSError:
            continue  # no such key: nothing preset
        with handle:
            index = 0
            while True:
                try:
                    name, value, _kind = winreg.EnumValue(handle, index)
                except OSError:
                    break
                out[layer][name] = value
                index += 1
    return out


def _registry_value(name: str, raw: Any) -> Any:
    """A registry value as the TOML type of setting `name`: a DWORD 0/1 is a bool, and a
    REG_SZ holding a number is a number. Anything else is returned as it is (and then
    reported by `_coerce` as the wrong type)."""
    default = getattr(SyncSettings(), name, None)
    if isinstance(default, bool):
        if isinstance(raw, int) and raw in (0, 1):
            return bool(raw)
        if isinstance(raw, str) and raw.strip().lower() in ("0", "1", "true", "false"):
            return raw.strip().lower() in ("1", "true")
    elif isinstance(default, int | float) and isinstance(raw, str):
        try:
            return int(raw.strip())
        except ValueError:
            try:
                return float(raw.strip()) if isinstance(default, float) else raw
            except ValueError:
                return raw
    return raw


def user_config_path(data_dir: Path) -> Path:
    return Path(data_dir) / USER_FILE


def _read(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        problems.append(f"The settings file {path} cannot be read ({error}); it was ignored.")
        return {}


def _coerce(name: str, raw: Any, where: Path | str, problems: list[str]) -> Any:
    default = getattr(SyncSettings(), name)
    if isinstance(default, bool):
        ok = isinstance(raw, bool)
    elif isinstance(default, int):
        ok = isinstance(raw, int) and not isinstance(raw, bool)
    elif isinstance(default, float):
        ok = isinstance(raw, int | float) and not isinstance(raw, bool)
    else:
        ok = isinstance(raw, str)
    if not ok:
        problems.append(f"In {where}, {name} = {raw!r} has the wrong type "
                        f"(expected {type(default).__name__}); it was ignored.")
        return None
    if isinstance(default, int | float) and not isinstance(default, bool) and raw < 0:
        problems.append(f"In {where}, {name} cannot be negative; it was ignored.")
        return None
    if isinstance(default, float):
        return float(raw)
    if name == "server_url":
        url = str(raw).strip().rstrip("/")
        if url and (not url.lower().startswith(("https://", "http://")) or " " in url
                    or len(url) <= len("http://")):
            problems.append(f"In {where}, server_url = {raw!r} is not a web address "
                            "(https://...); it was ignored.")
            return None
        return url
    return raw


def _layer(data: Mapping[str, Any], where: Path | str, problems: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, raw in data.items():
        if name not in SETTING_NAMES:
            problems.append(f"{where} names an unknown setting {name!r}; it was ignored "
                            "(see docs/sync-client.md for the settings there are).")
            continue
        value = _coerce(name, raw, where, problems)
        if value is not None:
            out[name] = value
    return out


def _registry_layer(values: Mapping[str, Any], where: str,
                    problems: list[str]) -> dict[str, Any]:
    # an empty value presets nothing (an MSI run without SERVERURL could leave one)
    converted = {name: _registry_value(name, raw) if name in SETTING_NAMES else raw
                 for name, raw in values.items() if raw != ""}
    return _layer(converted, where, problems)


def load_settings(data_dir: Path, *, machine_path: Path | None = None,
                  registry: Registry | None = None) -> SyncSettings:
    """The sync settings for `data_dir`: defaults, then the machine preset (the file, then
    the registry's `HKLM\\Software\\Frontline`), then the data folder's `settings.toml`, then
    the machine policy (the file's `[policy]`, then `HKLM\\Software\\Policies\\Frontline`),
    which wins. `registry` is what `read_registry()` returns (read here when None)."""
    problems: list[str] = []
    reg = read_registry() if registry is None else registry
    mpath = machine_path or machine_config_path()
    machine = _read(mpath, problems)
    raw_policy = machine.pop("policy", {})
    if not isinstance(raw_policy, dict):
        problems.append(f"In {mpath}, [policy] must be a table; it was ignored.")
        raw_policy = {}
    upath = user_config_path(data_dir)
    reg_preset = _registry_layer(reg.get("preset") or {},
                                 "HKLM\\" + REGISTRY_PRESET_KEY, problems)
    reg_policy = _registry_layer(reg.get("policy") or {},
                                 "HKLM\\" + REGISTRY_POLICY_KEY, problems)
    layers = [("machine", {**_layer(machine, mpath, problems), **reg_preset}),
              ("user", _layer(_read(upath, problems), upath, problems)),
              ("policy", {**_layer(raw_policy, mpath, problems), **reg_policy})]
    values: dict[str, Any] = {}
    sources = dict.fromkeys(SETTING_NAMES, "default")
    for source, layer in layers:
        for name, value in layer.items():
            values[name] = value
            sources[name] = source
    for problem in problems:
        log.warning("%s", problem)
    return replace(SyncSettings(), **values, sources=sources,
                   locked=frozenset(layers[2][1]), problems=tuple(problems))


def save_user_settings(data_dir: Path, **changes: Any) -> SyncSettings:
    """Write settings chosen on this PC to the data folder's `settings.toml` and return the
    settings now in force. Raises `PolicyError` for a setting the machine policy fixes."""
    current = load_settings(data_dir)
    blocked = sorted(set(changes) & current.locked)
    if blocked:
        raise PolicyError(f"IT has fixed {', '.join(blocked)} for this PC, so it cannot be "
                          "changed here. Ask IT if it needs to change.")
    unknown = sorted(set(changes) - set(SETTING_NAMES))
    if unknown:
        raise ValueError(f"Unknown setting(s): {', '.join(unknown)}")
    path = user_config_path(data_dir)
    problems: list[str] = []
    data = _layer(_read(path, problems), path, problems)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            checked = _coerce(name, value, path, problems)
            if checked is None:
                raise ValueError(problems[-1])
            data[name] = checked
    _write_toml(path, data)
    return load_settings(data_dir)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value))  # a JSON string is a valid TOML basic string


def _write_toml(path: Path, data: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# Frontline settings chosen on this PC (see docs/sync-client.md)\n" + "".join(
        f"{name} = {_toml_value(value)}\n" for name, value in sorted(data.items()))
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
