# Long: every secret the server checks (passwords, PINs, tokens, codes) and the throttling
# around checking them, so a change to how one is checked is reviewed beside the others.
"""Passwords, PINs, tokens, enrolment codes, sign-in throttling: plain functions that take
a connection. Tokens are opaque (`secrets.token_urlsafe`) and stored as SHA-256 hashes
(enough for high-entropy secrets); passwords and PINs are hashed with argon2.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import threading
import time
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from frontline.core.ids import format_time, new_id, parse_time
from frontline.core.model import clean_text
from frontline.server import tables as t
from frontline.server.db import Database
from frontline.server.errors import ApiError, unauthorized
from frontline.server.settings import Settings
from frontline.sync.protocol import ErrorCode

ENROLMENT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed


def hasher(settings: Settings) -> PasswordHasher:
    return PasswordHasher(time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib)


def hash_secret(settings: Settings, secret: str) -> str:
    """An argon2 hash of a password or PIN."""
    return hasher(settings).hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    """Whether `secret` matches `stored_hash` (False for no hash)."""
    if not stored_hash:
        return False
    try:
        return PasswordHasher().verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_token(prefix: str) -> str:
    """An opaque token; the prefix says what it is (`fld_` device, `flu_` user)."""
    return prefix + secrets.token_urlsafe(32)


def new_enrolment_code() -> str:
    """A code a person can type: 15 characters in three groups (about 75 bits)."""
    raw = "".join(secrets.choice(ENROLMENT_ALPHABET) for _ in range(15))
    return f"{raw[:5]}-{raw[5:10]}-{raw[10:]}"


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch in ENROLMENT_ALPHABET)


def clean_name(raw: str) -> str:
    """A name kept by the server (device, person, store, team, region, organisation):
    `clean_text` (NFC, no control characters, so no escape sequence reaches a PC or an
    admin's terminal), on one line with single spaces."""
    return " ".join(clean_text(raw).split())


def now_dt() -> datetime:
    return datetime.now(UTC)


# --- who is asking ------------------------------------------------------------------


@dataclass(frozen=True)
class User:
    id: str
    org_id: str
    username: str
    display_name: str
    role: str
    store_id: str | None
    team_id: str | None
    region_id: str | None
    disabled: bool

    def wire(self) -> dict[str, Any]:
        return {
            "id": self.id, "username": self.username, "display_name": self.display_name,
            "role": self.role, "store_id": self.store_id, "team_id": self.team_id,
            "region_id": self.region_id, "disabled": self.disabled,
        }


@dataclass(frozen=True)
class Device:
    id: str
    org_id: str
    store_id: str
    name: str


@dataclass(frozen=True)
class Principal:
    """The caller: an enrolled device, a signed-in user, or both (a person on a PC)."""

    org_id: str
    user: User | None = None
    device: Device | None = None

    @property
    def role(self) -> str:
        return self.user.role if self.user else "device"


def user_from_row(row: Any) -> User:
    return User(
        id=row.id, org_id=row.org_id, username=row.username, display_name=row.display_name,
        role=row.role, store_id=row.store_id, team_id=row.team_id, region_id=row.region_id,
        disabled=bool(row.disabled),
    )


def get_user(conn: Connection, user_id: str) -> User | None:
    row = conn.execute(select(t.users).where(t.users.c.id == user_id)).first()
    return user_from_row(row) if row else None


def resolve_principal(
    conn: Connection, *, user_token: str | None, device_token: str | None, now: datetime
) -> Principal:
    """Who the tokens belong to; raises 401 when a token is unknown, expired or revoked,
    or when the user or device is disabled. At least one token is required."""
    if not user_token and not device_token:
        raise unauthorized("Sign in or enrol this computer first: the request carried no token.")
    stamp = format_time(now)
    device: Device | None = None
    user: User | None = None
    if device_token:
        row = conn.execute(
            select(t.devices).where(t.devices.c.token_hash == token_hash(device_token))
        ).first()
        if row is None or row.revoked_at is not None:
            raise unauthorized(
                "This computer is no longer enrolled with the server. Ask IT or your "
                "manager for a new enrolment code."
            )
        if row.expires_at <= stamp:
            raise unauthorized(
                "This computer's enrolment has expired. Ask IT or your manager for a new "
                "enrolment code."
            )
        device = Device(id=row.id, org_id=row.org_id, store_id=row.store_id, name=row.name)
    if user_token:
        row = conn.execute(
            select(t.user_tokens).where(t.user_tokens.c.token_hash == token_hash(user_token))
        ).first()
        if row is None or row.revoked_at is not None or row.expires_at <= stamp:
            raise unauthorized("Your sign-in has ended. Sign in again.")
        user = get_user(conn, row.user_id)
        if user is None or user.disabled:
            raise unauthorized("This account is disabled. Ask your manager or IT.")
    if user is not None:
        org_id = user.org_id
    else:
        assert device is not None  # one token at least, and each was resolved or refused
        org_id = device.org_id
    if user and device and user.org_id != device.org_id:
        raise unauthorized("This account belongs to another organisation than this computer.")
    return Principal(org_id=org_id, user=user, device=device)


def touch_device(conn: Connection, device_id: str, now: datetime) -> None:
    """When the PC last pushed, to the hour: to the millisecond it matched an anonymous
    observation's arrival (docs/privacy.md, "Anonymity against timing")."""
    seen = format_time(now.replace(minute=0, second=0, microsecond=0))
    conn.execute(update(t.devices).where(t.devices.c.id == device_id).values(last_seen_at=seen))


# --- enrolment ----------------------------------------------------------------------


def issue_enrolment_code(
    conn: Connection, settings: Settings, *, store_id: str, created_by: str | None, now: datetime
) -> tuple[str, str]:
    """A new one-time code for `store_id`; returns (code, expires_at). Only the hash is kept."""
    store = conn.execute(select(t.stores).where(t.stores.c.id == store_id)).first()
    if store is None:
        raise ApiError(404, ErrorCode.NOT_FOUND, "There is no such store.")
    if store.disabled:
        raise ApiError(409, ErrorCode.INVALID_REQUEST, "This store is disabled; enable it first.")
    code = new_enrolment_code()
    expires = format_time(now + timedelta(hours=settings.enrolment_code_hours))
    conn.execute(insert(t.enrolment_codes).values(
        code_hash=token_hash(normalise_code(code)), org_id=store.org_id, store_id=store_id,
        created_by=created_by, created_at=format_time(now), expires_at=expires,
    ))
    return code, expires


def enrol_device(
    conn: Connection, settings: Settings, *, code: str, device_name: str, now: datetime
) -> dict[str, Any]:
    """Exchange an enrolment code for a device token (the code is then spent)."""
    bad = unauthorized(
        "This enrolment code is not valid: it may be mistyped, already used or expired. "
        "Ask IT or your manager for a new one."
    )
    row = conn.execute(
        select(t.enrolment_codes).where(t.enrolment_codes.c.code_hash == token_hash(normalise_code(code)))
    ).first()
    if row is None or row.used_at is not None or row.expires_at <= format_time(now):
        raise bad
    device_id = new_id()
    device_name = clean_name(device_name) or "PC"
    token = new_token("fld_")
    expires = format_time(now + timedelta(days=settings.device_token_days))
    conn.execute(insert(t.devices).values(
        id=device_id, org_id=row.org_id, store_id=row.store_id, name=device_name,
        token_hash=token_hash(token), created_at=format_time(now), expires_at=expires,
    ))
    spent = conn.execute(
        update(t.enrolment_codes)
        .where(t.enrolment_codes.c.code_hash == row.code_hash, t.enrolment_codes.c.used_at.is_(None))
        .values(used_at=format_time(now), device_id=device_id)
    )
    if spent.rowcount != 1:  # another request spent it first
        raise bad
    return {"device_id": device_id, "device_token": token, "org_id": row.org_id,
            "store_id": row.store_id, "expires_at": expires}


def revoke_device(conn: Connection, device_id: str, now: datetime) -> bool:
    result = conn.execute(
        update(t.devices).where(t.devices.c.id == device_id, t.devices.c.revoked_at.is_(None))
        .values(revoked_at=format_time(now))
    )
    return result.rowcount == 1


# --- sign-in ------------------------------------------------------------------------


def normalise_username(raw: str) -> str:
    """The one form of a username, for creating, finding, signing in and throttling:
    NFKC (full-width and compatibility forms fold), control and invisible format
    characters removed, trimmed of all Unicode white space, case-folded. "Grace.D\u3000" and "ｇrace.d" are "grace.d"."""
    text = clean_text(unicodedata.normalize("NFKC", raw))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # invisible: soft
    return unicodedata.normalize("NFKC", text.casefold()).strip()  # hyphen, joiners, bidi


def _throttle_key(subject: str, address: str) -> str:
    """`<user id>:<hash of the address>`, so that a password reset can clear an account's
    counts from every address (`clear_user_failures`)."""
    digest = hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{subject[:36]}:{digest[:27]}"


def _throttled(settings: Settings, window_start: datetime, now: datetime) -> ApiError:
    window_end = window_start + timedelta(seconds=settings.login_window_seconds)
    wait = max(1, int((window_end - now).total_seconds()) + 1)
    return ApiError(
        429, ErrorCode.THROTTLED,
        f"Too many failed sign-ins. Wait {max(1, wait // 60)} minute(s) and try again, "
        "or ask your manager to reset your password.",
        retry_after=wait,
    )


class MemoryCounts:
    """Failed sign-ins counted in memory, capped at `CAPACITY` keys (the oldest forgotten):
    per name and address for usernames that do not exist (a flood of made-up names grows
    no table, yet a made-up name is throttled like a real one, so a 429 does not tell
    which accounts exist), and per address over all names (password spraying). One per
    app, so per process."""

    CAPACITY = 10_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[int, datetime]] = OrderedDict()

    def reserve(self, settings: Settings, key: str, limit: int, now: datetime) -> None:
        """Count one attempt against `key`; 429 when it has `limit` in the window already."""
        window = timedelta(seconds=settings.login_window_seconds)
        with self._lock:
            failures, start = self._entries.pop(key, (0, now))
            if start + window <= now:
                failures, start = 0, now
            if failures >= limit:
                self._entries[key] = (failures, start)
                raise _throttled(settings, start, now)
            self._entries[key] = (failures + 1, start)
            while len(self._entries) > self.CAPACITY:
                self._entries.popitem(last=False)

    def release(self, key: str) -> None:
        """Take back one attempt (it succeeded: not a failure)."""
        with self._lock:
            if key in self._entries:
                failures, start = self._entries[key]
                self._entries[key] = (max(0, failures - 1), start)


def _address_key(address: str) -> str:
    return "address\x00" + address


_last_purge: list[float] = [0.0]


@dataclass(frozen=True)
class Attempt:
    """A reserved sign-in attempt: the account (None when the name is unknown) and the
    throttle key its failure already counts against."""

    row: Any
    key: str


def reserve_attempt(conn: Connection, settings: Settings, username: str, address: str,
                    now: datetime, memory: MemoryCounts) -> Attempt:
    """Count this sign-in attempt as a failure before the password is checked, in the
    write transaction that checks the limit (row lock on PostgreSQL, BEGIN IMMEDIATE on
    SQLite): parallel attempts cannot all pass the check. 429 with Retry-After once the
    account has failed `login_max_failures` times from this address in the window.
    Also 429 once this address has failed `login_max_failures_per_address` times over all
    names. A successful sign-in clears the count (`clear_failures`)."""
    name = normalise_username(username)
    memory.reserve(settings, _address_key(address), settings.login_max_failures_per_address, now)
    _purge_expired(conn, settings, now)
    row = conn.execute(select(t.users).where(t.users.c.username == name)).first()
    if row is None:
        key = hashlib.sha256(f"{name}\x00{address}".encode("utf-8", "surrogatepass")).hexdigest()
        memory.reserve(settings, key, settings.login_max_failures, now)
        return Attempt(None, key)
    key = _throttle_key(row.id, address)
    stamp = format_time(now)
    savepoint = conn.begin_nested()
    try:
        conn.execute(insert(t.login_failures).values(key=key, failures=0, window_start=stamp))
        savepoint.commit()
    except IntegrityError:  # a row exists already (or another process just made it)
        savepoint.rollback()
    record = conn.execute(
        select(t.login_failures).where(t.login_failures.c.key == key).with_for_update()
    ).one()
    start = parse_time(record.window_start)
    if start + timedelta(seconds=settings.login_window_seconds) <= now:
        conn.execute(update(t.login_failures).where(t.login_failures.c.key == key)
                     .values(failures=1, window_start=stamp))
    elif record.failures >= settings.login_max_failures:
        raise _throttled(settings, start, now)
    else:
        conn.execute(update(t.login_failures).where(t.login_failures.c.key == key)
                     .values(failures=t.login_failures.c.failures + 1))
    return Attempt(row, key)


def _purge_expired(conn: Connection, settings: Settings, now: datetime) -> None:
    """Forget failure counts whose window has ended (at most once a minute per process)."""
    if time.monotonic() - _last_purge[0] < 60:
        return
    _last_purge[0] = time.monotonic()
    cutoff = format_time(now - timedelta(seconds=settings.login_window_seconds))
    conn.execute(delete(t.login_failures).where(t.login_failures.c.window_start < cutoff))


def clear_failures(conn: Connection, attempt: Attempt) -> None:
    conn.execute(delete(t.login_failures).where(t.login_failures.c.key == attempt.key))


def clear_user_failures(conn: Connection, user_id: str) -> None:
    """Forget an account's failed sign-ins from every address (after a password reset)."""
    conn.execute(delete(t.login_failures).where(t.login_failures.c.key.startswith(f"{user_id[:36]}:", autoescape=True)))


def authenticate(settings: Settings, attempt: Attempt, password: str) -> User | None:
    """The active user of `attempt` when `password` is theirs, else None. Exactly one
    argon2 verification whatever the outcome (unknown name, no password, disabled, wrong
    password), so the time taken tells nothing about the account."""
    row = attempt.row
    dummy = _dummy_hash(settings.argon2_time_cost, settings.argon2_memory_kib)
    stored = row.password_hash if row is not None and row.password_hash else None
    matched = verify_secret(stored or dummy, password)
    if row is None or stored is None or row.disabled or not matched:
        return None
    return user_from_row(row)


def sign_in(db: Database, settings: Settings, username: str, password: str, *, address: str,
            memory: MemoryCounts) -> dict[str, Any]:
    """The whole sign-in, for the API and `LocalServer`: reserve the attempt (429 when
    throttled), one argon2 verification, then a token, or 401. Call it off the event
    loop, within the app's `HashGate`."""
    with db.write() as conn:  # checks and counts the attempt in one transaction
        attempt = reserve_attempt(conn, settings, username, address, now_dt(), memory)
    user = authenticate(settings, attempt, password)
    if user is None:
        raise ApiError(401, ErrorCode.UNAUTHORIZED,
                       "The username or password is not right. Check them and try again.")
    memory.release(_address_key(address))
    with db.write() as conn:
        clear_failures(conn, attempt)
        token, expires = issue_user_token(conn, settings, user.id, now_dt())
    return {"user_token": token, "expires_at": expires, "user": user.wire()}


def issue_user_token(conn: Connection, settings: Settings, user_id: str, now: datetime) -> tuple[str, str]:
    token = new_token("flu_")
    expires = format_time(now + timedelta(days=settings.user_token_days))
    conn.execute(insert(t.user_tokens).values(
        token_hash=token_hash(token), user_id=user_id, created_at=format_time(now), expires_at=expires,
    ))
    return token, expires


def revoke_user_token(conn: Connection, token: str, now: datetime) -> None:
    conn.execute(update(t.user_tokens).where(t.user_tokens.c.token_hash == token_hash(token))
                 .values(revoked_at=format_time(now)))


def revoke_user_tokens(conn: Connection, user_id: str, now: datetime) -> None:
    """End every session of a user (on disable or password reset)."""
    conn.execute(update(t.user_tokens)
                 .where(t.user_tokens.c.user_id == user_id, t.user_tokens.c.revoked_at.is_(None))
                 .values(revoked_at=format_time(now)))


@functools.cache
def _dummy_hash(time_cost: int, memory_kib: int) -> str:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib).hash("frontline-dummy")
