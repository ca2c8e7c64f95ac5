"""Windows registry layers (what the MSI and Group Policy write), tested on any OS with a
fake registry: user over machine preset, policy over both; garbage reported and ignored."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from frontline.sync.config import load_settings, read_registry, save_user_settings


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "machine" / "frontline.toml"
    path.parent.mkdir()
    monkeypatch.setenv("FRONTLINE_MACHINE_CONFIG", str(path))
    return path


def test_the_registry_preset_is_a_machine_default_the_pc_may_override(
        machine: Path, tmp_path: Path) -> None:
    registry = {"preset": {"server_url": "https://msi.example.com/",
                           "sync_interval_seconds": 600}, "policy": {}}
    data = tmp_path / "data"
    settings = load_settings(data, registry=registry)
    assert settings.server_url == "https://msi.example.com"
    assert settings.sources["server_url"] == "machine"
    assert settings.sync_interval_seconds == 600 and settings.problems == ()

    (data / "settings.toml").parent.mkdir(parents=True, exist_ok=True)
    (data / "settings.toml").write_text('server_url = "https://typed-here.example.com"\n')
    settings = load_settings(data, registry=registry)
    assert settings.server_url == "https://typed-here.example.com"
    assert settings.sources["server_url"] == "user"


def test_the_registry_preset_wins_over_the_preset_file(machine: Path, tmp_path: Path) -> None:
    machine.write_text('server_url = "https://file.example.com"\nbatch_limit = 50\n')
    settings = load_settings(tmp_path / "data",
                             registry={"preset": {"server_url": "https://msi.example.com"}})
    assert settings.server_url == "https://msi.example.com"
    assert settings.batch_limit == 50  # the file's other keys still count


def test_registry_policy_wins_over_everything_and_is_locked(machine: Path, tmp_path: Path) -> None:
    machine.write_text('[policy]\nserver_url = "https://file-policy.example.com"\n')
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.toml").write_text('server_url = "https://mine.example.com"\n')
    registry = {"preset": {"server_url": "https://msi.example.com"},
                "policy": {"server_url": "https://gpo.example.com", "allow_token_file": 0}}
    settings = load_settings(data, registry=registry)
    assert settings.server_url == "https://gpo.example.com"
    assert settings.allow_token_file is False
    assert settings.sources["server_url"] == "policy"
    assert settings.locked == {"server_url", "allow_token_file"}


def test_registry_strings_and_dwords_become_the_settings_types(tmp_path: Path,
                                                               machine: Path) -> None:
    registry = {"preset": {"sync_interval_seconds": "900", "read_timeout": "12.5",
                           "connect_timeout": 3, "allow_token_file": "false"}}
    settings = load_settings(tmp_path / "data", registry=registry)
    assert settings.sync_interval_seconds == 900
    assert settings.read_timeout == 12.5 and settings.connect_timeout == 3.0
    assert settings.allow_token_file is False
    assert settings.problems == ()


def test_garbage_in_the_registry_is_reported_and_the_app_still_starts(
        machine: Path, tmp_path: Path) -> None:
    registry = {"preset": {"server_url": "frontline.example.com", "sync_interval_seconds": "often",
                           "batch_limit": b"\x00\x01", "ServerURL": "https://x.example.com"},
                "policy": {"allow_token_file": 7, "max_backoff_seconds": -5}}
    settings = load_settings(tmp_path / "data", registry=registry)
    assert settings.server_url == "" and settings.sync_interval_seconds == 300
    assert settings.batch_limit == 200 and settings.allow_token_file is True
    assert settings.locked == frozenset()
    text = " ".join(settings.problems)
    for word in ("server_url", "not a web address", "sync_interval_seconds", "batch_limit",
                 "ServerURL", "unknown setting", "allow_token_file", "negative",
                 r"HKLM\Software\Frontline", r"HKLM\Software\Policies\Frontline"):
        assert word in text, word


def test_a_registry_policy_blocks_a_change_on_the_pc(
        machine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from frontline.sync import config

    monkeypatch.setattr(config, "read_registry",
                        lambda: {"preset": {}, "policy": {"server_url": "https://gpo.example.com"}})
    with pytest.raises(config.PolicyError, match="IT has fixed server_url"):
        save_user_settings(tmp_path / "data", server_url="https://mine.example.com")
    assert load_settings(tmp_path / "data").server_url == "https://gpo.example.com"


@pytest.mark.skipif(sys.platform == "win32", reason="off Windows the registry is empty")
def test_off_windows_the_registry_reads_as_empty() -> None:
    assert read_registry() == {"preset": {}, "policy": {}}


def test_an_empty_registry_value_presets_nothing(machine: Path, tmp_path: Path) -> None:
    machine.write_text('server_url = "https://file.example.com"\n')
    settings = load_settings(tmp_path / "data", registry={"preset": {"server_url": ""}})
    assert settings.server_url == "https://file.example.com" and settings.problems == ()
