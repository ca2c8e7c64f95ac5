"""Passwords, PINs, tokens, enrolment codes, sign-in throttling: plain functions that take
a connection. Tokens are opaque (`secrets.token_urlsafe`) and stored as SHA-256 hashes
(enough for high-entropy secrets); passwords and PINs are hashed with argon2.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from frontline.core.ids import format_time, new_id, parse_time
from frontline.server import tables as t
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


def _throttle_key(username: str, address: str) -> str:
    return hashlib.sha256(f"{username.lower()}\x00{address}".encode("utf-8", "surrogatepass")).hexdigest()


def check_throttle(conn: Connection, settings: Settings, username: str, address: str, now: datetime) -> None:
    """Raise 429 with Retry-After when this account has failed too often from this address."""
    row = conn.execute(
        select(t.login_failures).where(t.login_failures.c.key == _throttle_key(username, address))
    ).first()
    if row is None or row.failures < settings.login_max_failures:
        return
    window_end = parse_time(row.window_start) + timedelta(seconds=settings.login_window_seconds)
    if window_end > now:
        wait = max(1, int((window_end - now).total_seconds()) + 1)
        raise ApiError(
            429, ErrorCode.THROTTLED,
            f"Too many failed sign-ins. Wait {max(1, wait // 60)} minute(s) and try again, "
            "or ask your manager to reset your password.",
            retry_after=wait,
        )


def record_failure(conn: Connection, settings: Settings, username: str, address: str, now: datetime) -> None:
    key = _throttle_key(username, address)
    row = conn.execute(select(t.login_failures).where(t.login_failures.c.key == key)).first()
    stamp = format_time(now)
    if row is None:
        savepoint = conn.begin_nested()
        try:
            conn.execute(insert(t.login_failures).values(key=key, failures=1, window_start=stamp))
            savepoint.commit()
            return
        except IntegrityError:  # another process recorded a failure for this key just now
            savepoint.rollback()
            row = conn.execute(select(t.login_failures).where(t.login_failures.c.key == key)).one()
    if parse_time(row.window_start) + timedelta(seconds=settings.login_window_seconds) <= now:
        conn.execute(update(t.login_failures).where(t.login_failures.c.key == key)
                     .values(failures=1, window_start=stamp))
    else:
        conn.execute(update(t.login_failures).where(t.login_failures.c.key == key)
                     .values(failures=t.login_failures.c.failures + 1))


def clear_failures(conn: Connection, username: str, address: str) -> None:
    conn.execute(delete(t.login_failures).where(t.login_failures.c.key == _throttle_key(username, address)))


def authenticate(conn: Connection, settings: Settings, username: str, password: str) -> User | None:
    """The active user with this username and password, or None."""
    row = conn.execute(select(t.users).where(t.users.c.username == username.strip().lower())).first()
    if row is None:
        verify_secret(_dummy_hash(settings.argon2_time_cost, settings.argon2_memory_kib), password)  # same time whether or not the account exists
        return None
    if not verify_secret(row.password_hash, password) or row.disabled:
        return None
    return user_from_row(row)


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
