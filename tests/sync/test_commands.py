"""`frontline sync` and `frontline status` on a PC that is not enrolled (no server needed);
the enrolled cases run against a real server in test_faults.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontline.cli import main
from frontline.store.db import Store
from frontline.store.observations import save_observation
from tests.helpers.store import make


@pytest.fixture(autouse=True)
def no_machine_preset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTLINE_MACHINE_CONFIG", str(tmp_path / "no-preset.toml"))


def test_sync_on_a_pc_never_enrolled_exits_5_and_says_how_to_enrol(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", "--data-dir", str(tmp_path / "pc")]) == 5
    assert "frontline enrol --server URL --code CODE" in capsys.readouterr().err


def test_status_names_the_token_place_and_the_waiting_changes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "pc"
    store = Store.open(data)
    save_observation(store.connection(), make("Waiting to be sent"))
    store.close()
    assert main(["status", "--data-dir", str(data), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["enrolled"] is False and info["pending"] == 1 and info["last_sync_at"] is None
    assert str(data / "credentials.json") in info["token_location"]  # no keychain in tests
    assert "not enrolled" in info["action"]
    assert main(["status", "--data-dir", str(data)]) == 0
    text = capsys.readouterr().out
    assert "Waiting:      1 change(s) to send" in text and "Token:" in text


def test_status_shows_problems_in_it_preset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    preset = tmp_path / "frontline.toml"
    preset.write_text('server_url = "https://frontline.example.com"\nsync_every = 5\n')
    monkeypatch.setenv("FRONTLINE_MACHINE_CONFIG", str(preset))
    assert main(["status", "--data-dir", str(tmp_path / "pc")]) == 0
    text = capsys.readouterr().out
    assert "https://frontline.example.com  [IT's preset]" in text and "sync_every" in text
