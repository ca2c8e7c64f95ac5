"""Sync settings layers (IT preset, this PC, policy), the retry schedule, and the PIN gate."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from frontline.core.errors import SyncError
from frontline.sync.config import (
    SETTING_NAMES,
    PolicyError,
    load_settings,
    save_user_settings,
)
from frontline.sync.device import PinGate
from frontline.sync.engine import Backoff

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "machine" / "frontline.toml"
    path.parent.mkdir()
    monkeypatch.setenv("FRONTLINE_MACHINE_CONFIG", str(path))
    return path


def test_it_preset_gives_the_server_and_this_pc_can_override_it(
        machine: Path, tmp_path: Path) -> None:
    machine.write_text('server_url = "https://frontline.example.com/"\n'
                       'sync_interval_seconds = 600\n')
    data = tmp_path / "data"
    settings = load_settings(data)
    assert settings.server_url == "https://frontline.example.com"
    assert settings.sources["server_url"] == "machine" and settings.sync_interval_seconds == 600
    settings = save_user_settings(data, server_url="https://test.example.com")
    assert settings.server_url == "https://test.example.com"
    assert settings.sources["server_url"] == "user"
    assert load_settings(data).server_url == "https://test.example.com"


def test_policy_wins_and_cannot_be_changed_on_the_pc(machine: Path, tmp_path: Path) -> None:
    machine.write_text('[policy]\nallow_token_file = false\nserver_url = "https://hq.example.com"\n')
    data = tmp_path / "data"
    (data).mkdir()
    (data / "settings.toml").write_text('server_url = "https://elsewhere.example.com"\n'
                                        "allow_token_file = true\n")
    settings = load_settings(data)
    assert settings.server_url == "https://hq.example.com" and not settings.allow_token_file
    assert settings.locked == {"allow_token_file", "server_url"}
    with pytest.raises(PolicyError, match="IT has fixed server_url"):
        save_user_settings(data, server_url="https://mine.example.com")


def test_policy_forbidding_the_token_file_stops_enrolment_before_the_code_is_spent(
        machine: Path, tmp_path: Path) -> None:
    from frontline.sync.credentials import NoKeychainError
    from frontline.sync.device import enrol_pc

    machine.write_text('server_url = "http://127.0.0.1:9"\n[policy]\nallow_token_file = false\n')
    with pytest.raises(NoKeychainError, match="policy"):
        enrol_pc(tmp_path / "data", server_url=None, code="ABCDE-FGHJK-LMNPQ")


def test_typos_in_the_preset_are_reported_and_do_not_stop_the_app(
        machine: Path, tmp_path: Path) -> None:
    machine.write_text('server_ulr = "https://x"\nsync_interval_seconds = "often"\n'
                       "batch_limit = -3\n")
    settings = load_settings(tmp_path / "data")
    assert settings.sync_interval_seconds == 300 and settings.batch_limit == 200
    text = " ".join(settings.problems)
    assert "server_ulr" in text and "sync_interval_seconds" in text and "negative" in text
    machine.write_text("this is = not toml [")
    assert "cannot be read" in load_settings(tmp_path / "data").problems[0]


def test_every_setting_is_documented() -> None:
    doc = (ROOT / "docs" / "sync-client.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", doc, flags=re.M))
    assert set(SETTING_NAMES) <= documented, set(SETTING_NAMES) - documented


def test_backoff_grows_with_full_jitter_up_to_the_cap() -> None:
    backoff = Backoff(base=1, cap=20, rng=random.Random(1))
    for ceiling in [1, 2, 4, 8, 16, 20, 20, 20]:
        assert 0 <= backoff.failed() <= ceiling
    sixth = []
    for seed in range(200):
        b = Backoff(base=1, cap=20, rng=random.Random(seed))
        for _ in range(5):
            b.failed()
        sixth.append(b.failed())
    assert max(sixth) > 15 and min(sixth) < 5  # full jitter: spread over [0, cap]


def test_backoff_never_waits_less_than_retry_after_and_resets_after_success() -> None:
    backoff = Backoff(base=0.01, cap=0.05, rng=random.Random(2))
    assert backoff.failed(retry_after=30) == 30
    assert backoff.failed(retry_after=10_000) == 3600  # a silly Retry-After is bounded
    assert backoff.delay_after(SyncError("update_required", "Update.")) is None
    assert backoff.delay_after(SyncError("busy", "Busy.", retry_after=4)) == 4
    assert backoff.delay_after(None) is None and backoff.failures == 0


def test_pin_gate_locks_after_repeated_wrong_pins_and_lets_the_right_one_through_later(
        tmp_path: Path) -> None:
    from argon2 import PasswordHasher

    from frontline.store import remote
    from frontline.store.db import Store

    store = Store.open(tmp_path / "pc")
    db = store.connection()
    pin_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash("4321")
    remote.apply_reference(db, {
        "reference_version": 1, "organisation": {}, "regions": [], "stores": [], "teams": [],
        "taxonomy": {},
        "users": [{"id": "u1", "username": "sam", "display_name": "Sam", "role": "employee",
                   "store_id": "s", "team_id": None, "region_id": None, "disabled": False,
                   "pin_hash": pin_hash}]})
    now = [1000.0]
    gate = PinGate(free_attempts=3, base_lock_seconds=30, clock=lambda: now[0])
    for _ in range(3):
        assert gate.check(db, "u1", "0000") is None
    assert gate.wait_seconds("u1") == 30
    assert gate.check(db, "u1", "4321") is None  # locked: not even checked
    now[0] += 31
    person = gate.check(db, "u1", "4321")
    assert person is not None and person.display_name == "Sam"
    assert gate.wait_seconds("u1") == 0
    store.close()


def test_a_preset_saved_by_windows_notepad_with_a_byte_order_mark_is_read(
        machine: Path, tmp_path: Path) -> None:
    machine.write_bytes(b'\xef\xbb\xbfserver_url = "https://frontline.example.com/"\n')
    settings = load_settings(tmp_path / "pc")
    assert settings.server_url == "https://frontline.example.com"
    assert settings.sources["server_url"] == "machine" and not settings.problems
