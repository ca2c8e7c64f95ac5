"""Where Frontline keeps its files: the data folder and the log folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Frontline"
DB_FILENAME = "frontline.db"
ENV_DATA_DIR = "FRONTLINE_DATA_DIR"


def default_data_dir() -> Path:
    """The per-user data folder for Frontline on this operating system."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(cli_value: Path | None) -> Path:
    """The data folder to use: `--data-dir`, else `$FRONTLINE_DATA_DIR`, else the user data
    folder. Returned absolute; not created here (`Store.open` creates it)."""
    if cli_value is not None:
        chosen = Path(cli_value)
    elif os.environ.get(ENV_DATA_DIR):
        chosen = Path(os.environ[ENV_DATA_DIR])
    else:
        chosen = default_data_dir()
    return chosen.expanduser().absolute()


def log_dir(data_dir: Path) -> Path:
    """The log folder: the user log folder for the default data folder, else `logs/` inside a
    chosen data folder, so a test or a portable install keeps its logs with its data."""
    if Path(data_dir).absolute() == default_data_dir().absolute():
        return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    return Path(data_dir) / "logs"
