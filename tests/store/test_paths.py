"""Where the data lives: --data-dir, then $FRONTLINE_DATA_DIR, then the user data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.store.paths import default_data_dir, log_dir, resolve_data_dir


def test_command_line_wins_over_the_environment(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "cli") == tmp_path / "cli"
    assert resolve_data_dir(None) == tmp_path / "env"


def test_without_either_the_user_data_folder_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTLINE_DATA_DIR", raising=False)
    chosen = resolve_data_dir(None)
    assert chosen == default_data_dir().absolute()
    assert "frontline" in str(chosen).lower()


def test_relative_and_home_paths_are_made_absolute(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert resolve_data_dir(Path("rel")) == tmp_path / "rel"
    assert resolve_data_dir(Path("~/fl")) == tmp_path / "home" / "fl"


def test_logs_stay_with_a_chosen_data_folder(tmp_path: Path) -> None:
    assert log_dir(tmp_path) == tmp_path / "logs"
    assert log_dir(default_data_dir()) != default_data_dir() / "logs"
