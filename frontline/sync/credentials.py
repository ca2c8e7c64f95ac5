"""Where device and user tokens live: the OS keychain, or a user-only file where none exists.

Tokens never go into the SQLite file or the logs. When the OS has no usable keychain
(a headless Linux box, a CI runner), the tokens go to `credentials.json` beside the
database, readable only by this user (mode 0600) — as the GitHub CLI does — unless a
machine policy forbids that, in which case saving a token raises a `KnownError` that
says so. `TokenStore.location` names the place for `frontline status`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors

from frontline.core.errors import KnownError

log = logging.getLogger(__name__)

FALLBACK_NAME = "credentials.json"


class NoKeychainError(KnownError):
    """No keychain, and policy forbids the user-only file."""


def _usable(backend: keyring.backend.KeyringBackend) -> bool:
    """False for keyring's placeholder backends that cannot keep a secret."""
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if name in ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"):
        return False
    if name == "keyring.backends.chainer.ChainerBackend":
        return bool(getattr(backend, "backends", []))
    priority = getattr(backend, "priority", 1)
    return bool(priority > 0)


class TokenStore:
    """Get, set and delete named secrets for one data directory."""

    def __init__(self, data_dir: Path, *, allow_file_fallback: bool = True):
        self.data_dir = Path(data_dir)
        digest = hashlib.sha256(str(self.data_dir.resolve()).encode()).hexdigest()[:12]
        self.service = f"Frontline ({digest})"
        self.allow_file_fallback = allow_file_fallback
        self._keychain_ok = _usable(keyring.get_keyring())
        self._warned = False

    @property
    def fallback_path(self) -> Path:
        return self.data_dir / FALLBACK_NAME

    @property
    def uses_keychain(self) -> bool:
        return self._keychain_ok

    @property
    def location(self) -> str:
        """Where the tokens are kept, in words (for `frontline status`)."""
        if self._keychain_ok:
            return f"OS keychain ({type(keyring.get_keyring()).__name__}, service “{self.service}”)"
        if self.allow_file_fallback:
            return (f"file readable only by this user: {self.fallback_path} "
                    "(no OS keychain available)")
        return "nowhere: no OS keychain, and policy forbids a token file"

    def get(self, name: str) -> str | None:
        if self._keychain_ok:
            try:
                return keyring.get_password(self.service, name)
            except keyring.errors.KeyringError:
                self._fall_back()
        return self._read_file().get(name)

    def set(self, name: str, value: str) -> None:
        if self._keychain_ok:
            try:
                keyring.set_password(self.service, name, value)
                return
            except keyring.errors.KeyringError:
                self._fall_back()
        if not self.allow_file_fallback:
            raise NoKeychainError(
                "This PC has no usable keychain, and its policy does not allow keeping the "
                "sign-in token in a file. Ask IT to enable a keychain or change the policy."
            )
        data = self._read_file()
        data[name] = value
        self._write_file(data)

    def delete(self, name: str) -> None:
        if self._keychain_ok:
            try:
                keyring.delete_password(self.service, name)
            except keyring.errors.PasswordDeleteError:
                pass
            except keyring.errors.KeyringError:
                self._fall_back()
        data = self._read_file()
        if data.pop(name, None) is not None:
            self._write_file(data)

    def _fall_back(self) -> None:
        if not self._warned:
            log.warning("the OS keychain failed; tokens are kept in a user-only file instead")
            self._warned = True
        self._keychain_ok = False

    def _read_file(self) -> dict[str, str]:
        try:
            raw = json.loads(self.fallback_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("the token file is unreadable; treating it as empty")
            return {}
        return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}

    def _write_file(self, data: dict[str, str]) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.fallback_path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.fallback_path)
