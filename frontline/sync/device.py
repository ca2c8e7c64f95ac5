"""This PC and the people using it: enrolment, sign-in, and the offline PIN check.

- `enrol_pc(data_dir, server_url=..., code=...)` exchanges IT's one-time code for a device
  token (kept in the OS keychain, or the user-only file where there is none and policy
  allows it), remembers the server address, and makes the next sync pull everything.
- `sign_in(...)` signs a manager in with their password (online, once); their token is
  kept like the device token. `sign_out(...)` ends it.
- `people(db)` and `check_pin(db, user_id, pin)` let someone on a shared PC pick their
  name and type their PIN, checked offline against the argon2 hashes the server sent for
  this PC's store. `PinGate` slows down guessing.

Nothing here imports Qt; the GUI's dialogs call these functions off the GUI thread (argon2
takes tens of milliseconds on purpose).
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils import Database

from frontline.core.errors import KnownError
from frontline.store import outbox, remote
from frontline.store.db import Store, write_transaction
from frontline.sync.client import DEVICE_TOKEN, HttpClient, user_token_name
from frontline.sync.config import SyncSettings, load_settings, save_user_settings
from frontline.sync.credentials import NoKeychainError, TokenStore

_ENROLMENT_KEY = "enrolment"
_SIGNED_IN_KEY = "signed_in"


class NotEnrolledError(KnownError):
    """This PC has no server or no device token yet."""


@dataclass(frozen=True)
class Enrolment:
    """This PC's enrolment with a server (no secret: the token is in the `TokenStore`)."""

    server_url: str
    device_id: str
    device_name: str
    store_id: str
    org_id: str
    expires_at: str
    enrolled_at: str


@dataclass(frozen=True)
class Person:
    """Someone who may use this PC (from the reference data the server sent)."""

    id: str
    username: str
    display_name: str
    role: str
    team_id: str | None
    has_pin: bool


def token_store(data_dir: Path, settings: SyncSettings | None = None) -> TokenStore:
    """The token store for `data_dir`, honouring the policy on the token file."""
    settings = settings or load_settings(data_dir)
    return TokenStore(data_dir, allow_file_fallback=settings.allow_token_file)


def make_client(data_dir: Path, settings: SyncSettings | None = None,
                tokens: TokenStore | None = None, server_url: str | None = None) -> HttpClient:
    """An `HttpClient` for this data folder's server, settings and tokens."""
    settings = settings or load_settings(data_dir)
    url = server_url or settings.server_url
    if not url:
        raise NotEnrolledError("No server address is set for this PC. Enrol it with "
                               "`frontline enrol --server URL --code CODE`, or ask IT.")
    return HttpClient(url, tokens or token_store(data_dir, settings), timeout=settings.timeout,
                      verify=settings.ca_bundle or True)


def enrolment(db: Database) -> Enrolment | None:
    """This PC's enrolment, or None when it was never enrolled."""
    raw = outbox.get_state(db, _ENROLMENT_KEY)
    if not raw:
        return None
    return Enrolment(**json.loads(raw))


def enrol(db: Database, client: HttpClient, *, code: str, device_name: str | None = None
          ) -> Enrolment:
    """Exchange an enrolment `code` for a device token with `client`'s server. The token
    goes to `client.tokens`; the enrolment is recorded in the local file, and the next sync
    pulls everything again. Raises `SyncError` (e.g. `unauthorized` for a used or mistyped
    code, `network`) or `NoKeychainError` before the code is spent."""
    tokens = client.tokens
    if tokens is None:
        raise ValueError("enrol needs a client with a token store")
    if not tokens.uses_keychain and not tokens.allow_file_fallback:
        raise NoKeychainError(
            "This PC has no usable keychain, and its policy does not allow keeping the sign-in "
            "token in a file, so it cannot be enrolled. Ask IT to enable a keychain or change "
            "the policy.")
    name = (device_name or socket.gethostname() or "Frontline PC").strip()[:200]
    answer = client.enrol(code.strip(), name)
    tokens.set(DEVICE_TOKEN, answer["device_token"])
    client.forget_cached_tokens()
    from frontline.core.ids import utc_now

    record = Enrolment(server_url=client.base_url, device_id=answer["device_id"],
                       device_name=name, store_id=answer["store_id"], org_id=answer["org_id"],
                       expires_at=answer["expires_at"], enrolled_at=utc_now())
    with write_transaction(db):
        outbox.set_state(db, _ENROLMENT_KEY, json.dumps(record.__dict__))
        remote.reset_cursor(db)
    return record


def enrol_pc(data_dir: Path, *, server_url: str | None, code: str,
             device_name: str | None = None) -> Enrolment:
    """Enrol the PC of `data_dir` (the `frontline enrol` command and the first-run dialog):
    the server address typed (or IT's preset when None) is remembered in the data folder."""
    settings = load_settings(data_dir)
    url = (server_url or settings.server_url).strip().rstrip("/")
    tokens = token_store(data_dir, settings)
    client = make_client(data_dir, settings, tokens, server_url=url)
    store = Store.open(data_dir)
    try:
        record = enrol(store.connection(), client, code=code,
                       device_name=device_name or settings.device_name or None)
    finally:
        client.close()
        store.close()
    if url != settings.server_url and "server_url" not in settings.locked:
        save_user_settings(data_dir, server_url=url)
    return record


# --- people on a shared PC ----------------------------------------------------------


def people(db: Database) -> list[Person]:
    """The active people of this PC's store, by name, for the person switcher."""
    return [Person(id=str(u["id"]), username=str(u.get("username", "")),
                   display_name=str(u.get("display_name") or u.get("username", "")),
                   role=str(u.get("role", "employee")), team_id=u.get("team_id"),
                   has_pin=bool(u.get("pin_hash")))
            for u in remote.people(db)]


def check_pin(db: Database, user_id: str, pin: str) -> Person | None:
    """The person if `pin` matches their PIN hash (offline), else None (also for someone
    unknown, disabled, or without a PIN)."""
    for user in remote.people(db):
        if user.get("id") == user_id:
            stored = user.get("pin_hash")
            if not stored or not pin:
                return None
            try:
                PasswordHasher().verify(stored, pin)
            except (VerificationError, InvalidHashError):
                return None
            return next(p for p in people(db) if p.id == user_id)
    return None


@dataclass
class PinGate:
    """Slows PIN guessing at one PC: after `free_attempts` wrong PINs for a person, each
    further try must wait `base_lock_seconds`, doubling per failure, up to `max_lock_seconds`.
    Kept in memory: restarting the app does not help much, as the lock is short anyway."""

    free_attempts: int = 5
    base_lock_seconds: float = 30.0
    max_lock_seconds: float = 900.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, int] = field(default_factory=dict)
    _locked_until: dict[str, float] = field(default_factory=dict)

    def wait_seconds(self, user_id: str) -> float:
        """Seconds before this person may try again (0: now)."""
        return max(0.0, self._locked_until.get(user_id, 0.0) - self.clock())

    def check(self, db: Database, user_id: str, pin: str) -> Person | None:
        """`check_pin`, unless locked (then None without checking)."""
        if self.wait_seconds(user_id) > 0:
            return None
        person = check_pin(db, user_id, pin)
        if person is not None:
            self._failures.pop(user_id, None)
            self._locked_until.pop(user_id, None)
            return person
        failures = self._failures.get(user_id, 0) + 1
        self._failures[user_id] = failures
        if failures >= self.free_attempts:
            lock = min(self.max_lock_seconds,
                       self.base_lock_seconds * 2 ** (failures - self.free_attempts))
            self._locked_until[user_id] = self.clock() + lock
        return None


# --- managers: password sign-in -----------------------------------------------------


def signed_in(db: Database) -> dict[str, dict[str, Any]]:
    """People signed in on this PC with a password: user id → their `UserWire` and expiry."""
    raw = outbox.get_state(db, _SIGNED_IN_KEY)
    value: dict[str, dict[str, Any]] = json.loads(raw) if raw else {}
    return value


def widest_reviewer(db: Database) -> dict[str, Any] | None:
    """The person signed in with a password whose scope is widest (admin, then leader,
    then manager), or None: whom Insights and its report ask as."""
    from frontline.core.vocabulary import REVIEWER_ROLES, Power, may

    reviewers = [u for u in signed_in(db).values() if u.get("role") in REVIEWER_ROLES]
    reviewers.sort(key=lambda u: (not may(u.get("role"), Power.ADMINISTER),
                                  not may(u.get("role"), Power.SEE_ESCALATED_FIRST)))
    return reviewers[0] if reviewers else None


def sign_in(db: Database, client: HttpClient, username: str, password: str) -> dict[str, Any]:
    """Sign a person in with their password (online). Their token goes to the token store,
    and `client` acts as them from now on. Returns their `UserWire`. Raises `SyncError`
    (`unauthorized` for a wrong password, `throttled` after too many)."""
    if client.tokens is None:
        raise ValueError("sign_in needs a client with a token store")
    answer = client.sign_in(username, password)
    user: dict[str, Any] = dict(answer["user"])
    user.pop("pin_hash", None)
    user_id = str(user["id"])
    client.tokens.set(user_token_name(user_id), answer["user_token"])
    with write_transaction(db):
        current = signed_in(db)
        current[user_id] = {**user, "expires_at": answer["expires_at"]}
        outbox.set_state(db, _SIGNED_IN_KEY, json.dumps(current, ensure_ascii=False))
    client.act_as(user_id)
    return user


def sign_out(db: Database, client: HttpClient, user_id: str) -> None:
    """End a person's sign-in: on the server when reachable, and on this PC always."""
    from frontline.core.errors import SyncError

    previous = client.user_id
    client.act_as(user_id)
    try:
        client.sign_out()
    except SyncError:
        pass  # offline or already ended: forgetting the token here is what matters
    finally:
        client.act_as(None if previous == user_id else previous)
    if client.tokens is not None:
        client.tokens.delete(user_token_name(user_id))
    with write_transaction(db):
        current = signed_in(db)
        current.pop(user_id, None)
        outbox.set_state(db, _SIGNED_IN_KEY, json.dumps(current, ensure_ascii=False))
