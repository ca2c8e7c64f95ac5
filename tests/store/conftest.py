"""Fixtures for store tests: a real SQLite file in a temporary data folder (no mocks); the
`store` itself is `tests/conftest.py`'s, `make` is in `tests/helpers/store.py`."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from frontline.store.db import Store


@pytest.fixture
def db(store: Store) -> Database:
    return store.connection()
