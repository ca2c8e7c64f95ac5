"""Server settings: command line, then environment, then a TOML file, then defaults.

Every setting is documented in `docs/server.md` (a test fails when one is not).
Environment variables are the setting name in upper case with a `FRONTLINE_` prefix,
e.g. `FRONTLINE_DATABASE_URL`, `FRONTLINE_MAX_BATCH_ITEMS`.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Settings:
    """What one server process needs to know. Immutable; build with `load_settings`."""

    data_dir: Path = Path(".")
    #: SQLAlchemy URL; empty means `sqlite:///<data_dir>/frontline-server.db`.
    database_url: str = ""
    #: Largest request body accepted, in bytes, after gzip decompression.
    max_body_bytes: int = 4 * 1024 * 1024
    #: Most mutations in one push.
    max_batch_items: int = 500
    #: Most observations in one pull page.
    max_pull_limit: int = 1000
    #: Pushes handled at the same time by one process; more get 503 with Retry-After.
    push_concurrency: int = 8
    #: Seconds a client is told to wait when the server is busy.
    retry_after_seconds: int = 2
    user_token_days: int = 30
    device_token_days: int = 365
    enrolment_code_hours: int = 72
    #: Failed sign-ins allowed per account and address within `login_window_seconds`.
    login_max_failures: int = 5
    login_window_seconds: int = 900
    #: Failed sign-ins allowed per address over all usernames within the window.
    login_max_failures_per_address: int = 50
    #: Password verifications (argon2) running at once in one process; sign-ins beyond
    #: these and `login_hash_queue` waiting get 503 with Retry-After.
    login_hash_concurrency: int = 2
    login_hash_queue: int = 8
    #: Proxies whose `X-Forwarded-For` is believed: comma-separated addresses and CIDR
    #: networks. Empty: believe no one, the client address is the direct peer.
    trusted_proxies: str = ""
    #: When set, `GET /metrics` needs `Authorization: Bearer <this>`; empty: open.
    metrics_token: str = ""
    #: Seconds a client has to send a whole request body; slower gets 408.
    body_timeout_seconds: int = 30
    #: argon2 cost for new password and PIN hashes (tests lower them).
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    log_level: str = "INFO"
    #: `serve` applies the organisations' retention this often (seconds; 0: never, use cron
    #: with `frontline-server retention apply`). The first run is one interval after start.
    retention_interval_seconds: int = 3600
    # --- outbound: webhooks and e-mail (docs/outbound.md) ---
    #: SMTP server for alerts and digests; empty: no e-mail is sent (it waits in the outbox).
    smtp_host: str = ""
    smtp_port: int = 25
    #: upgrade the SMTP connection with STARTTLS before authenticating (port 587)
    smtp_starttls: bool = False
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_from: str = "Frontline <frontline@localhost>"
    #: when the weekly digest goes out: 0 Monday ... 6 Sunday (-1: never, only `digest
    #: send`), hour in UTC; covers the `digest_days` days before
    digest_weekday: int = 0
    digest_hour: int = 7
    digest_days: int = 7
    #: never more than one alert e-mail per manager in this many minutes
    alert_min_interval_minutes: int = 5
    #: one webhook delivery or SMTP exchange may take this long (seconds)
    outbound_timeout_seconds: int = 10
    #: deliveries and e-mails one process sends at the same time
    outbound_concurrency: int = 8
    #: the first retry waits about this long (then doubling, with jitter)
    outbound_retry_first_seconds: int = 30
    #: after this many hours of failures a delivery is marked failed
    outbound_give_up_hours: int = 24

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'frontline-server.db').resolve()}"

    def redacted_database_url(self) -> str:
        """The database URL with any password replaced, safe to print or log."""
        from sqlalchemy.engine import make_url

        return make_url(self.resolved_database_url).render_as_string(hide_password=True)


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(setting: str) -> tuple[Network, ...]:
    """The `trusted_proxies` setting (comma-separated addresses and CIDR networks) parsed;
    ValueError naming the setting for anything else."""
    networks = []
    for part in setting.split(","):
        if part.strip():
            try:
                networks.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError:
                raise ValueError(f"Setting trusted_proxies: {part.strip()!r} is not an IP "
                                 "address or network (e.g. 10.0.0.5 or 10.0.0.0/8).") from None
    return tuple(networks)


SETTING_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Settings))


def _coerce(name: str, raw: Any) -> Any:
    default = getattr(Settings(), name)
    if isinstance(default, Path):
        return Path(raw)
    if isinstance(default, bool):
        return str(raw).lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise ValueError(f"Setting {name} must be a whole number, not {raw!r}.") from None
    return str(raw)


def load_settings(
    cli: Mapping[str, Any] | None = None,
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Merge settings: command line over environment over config file over defaults.

    The config file is `config_file`, else `$FRONTLINE_CONFIG`, else
    `<data_dir>/frontline-server.toml` when it exists.
    """
    environ = os.environ if environ is None else environ
    cli = {k: v for k, v in (cli or {}).items() if v is not None}
    env = {
        name: environ[f"FRONTLINE_{name.upper()}"]
        for name in SETTING_NAMES
        if f"FRONTLINE_{name.upper()}" in environ
    }
    data_dir = Path(cli.get("data_dir") or env.get("data_dir") or ".")
    path = config_file or (Path(environ["FRONTLINE_CONFIG"]) if environ.get("FRONTLINE_CONFIG") else None)
    if path is None and (data_dir / "frontline-server.toml").exists():
        path = data_dir / "frontline-server.toml"
    from_file: dict[str, Any] = {}
    if path is not None:
        try:
            from_file = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ValueError(f"Cannot read the config file {path}: {error}") from None
        unknown = set(from_file) - set(SETTING_NAMES)
        if unknown:
            raise ValueError(
                f"Unknown setting(s) in {path}: {', '.join(sorted(unknown))}. "
                "See docs/server.md for the settings there are."
            )
    merged: dict[str, Any] = {}
    for source in (from_file, env, cli):
        for name, value in source.items():
            if name in SETTING_NAMES:
                merged[name] = _coerce(name, value)
    merged.setdefault("data_dir", data_dir)
    settings = replace(Settings(), **merged)
    trusted_networks(settings.trusted_proxies)  # a typo fails here, before the server starts
    return settings
