"""Tokens live in the OS keychain, or in a user-only file when none exists — never in the
database."""

import stat

import keyring
import pytest
from keyring.backend import KeyringBackend

from frontline.sync.credentials import NoKeychainError, TokenStore


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps secrets in memory (a stand-in OS keychain)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self):
        super().__init__()
        self.items = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_without_a_keychain_the_token_goes_to_a_file_only_this_user_can_read(tmp_path):
    tokens = TokenStore(tmp_path)
    assert not tokens.uses_keychain
    tokens.set("device", "secret-token")
    assert tokens.get("device") == "secret-token"
    mode = stat.S_IMODE(tokens.fallback_path.stat().st_mode)
    assert mode == 0o600
    assert str(tokens.fallback_path) in tokens.location
    db_file = tmp_path / "frontline.db"
    assert not db_file.exists() or b"secret-token" not in db_file.read_bytes()


def test_with_a_keychain_no_token_file_is_written(tmp_path, memory_keyring):
    tokens = TokenStore(tmp_path)
    assert tokens.uses_keychain
    tokens.set("device", "secret-token")
    assert tokens.get("device") == "secret-token"
    assert not tokens.fallback_path.exists()
    assert "keychain" in tokens.location
    tokens.delete("device")
    assert tokens.get("device") is None


def test_policy_forbidding_the_file_says_so_instead_of_writing_it(tmp_path):
    tokens = TokenStore(tmp_path, allow_file_fallback=False)
    with pytest.raises(NoKeychainError, match="no usable keychain"):
        tokens.set("device", "secret-token")
    assert not tokens.fallback_path.exists()


def test_two_data_folders_do_not_share_tokens(tmp_path, memory_keyring):
    a, b = TokenStore(tmp_path / "a"), TokenStore(tmp_path / "b")
    a.set("device", "token-a")
    assert b.get("device") is None
