"""Create or upgrade the server database with Alembic, from an installed package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from frontline.server.db import Database

_HERE = Path(__file__).resolve().parent


def alembic_config() -> Config:
    """Alembic's config pointing at the packaged migrations (no working-directory files)."""
    cfg = Config(str(_HERE / "alembic.ini"))
    cfg.set_main_option("script_location", str(_HERE / "migrations"))
    return cfg


def upgrade(db: Database) -> None:
    """Apply every pending migration (`upgrade head`). Safe to run again."""
    cfg = alembic_config()
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()


def current_revision(db: Database) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    """The newest revision this version of the server knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
