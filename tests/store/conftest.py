"""Fixtures for store tests: a real SQLite file in a temporary data folder (no mocks)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from frontline.core.model import Observation
from frontline.store.db import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def db(store: Store) -> Database:
    return store.connection()


def make(summary: str = "Customer waited twenty minutes at the till",
         **values: object) -> Observation:
    """A valid new observation; override any field."""
    values.setdefault("kind", "pain_point")
    return Observation.new(summary=summary, **values)  # type: ignore[arg-type]
