"""Local store helpers: an observation factory and a second view of a store's file."""

from __future__ import annotations

from pathlib import Path

from frontline.core.model import Observation
from frontline.store.db import Store


def make(summary: str = "Customer waited twenty minutes at the till",
         **values: object) -> Observation:
    """A valid new observation; override any field."""
    values.setdefault("kind", "pain_point")
    return Observation.new(summary=summary, **values)  # type: ignore[arg-type]


def read_store(folder: Path) -> Store:
    """The store as another process would see it (a connection on the test's thread)."""
    return Store.open(folder)
