"""Demo data: a fresh data folder filled so every screen has content."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from frontline.cli import main
from frontline.store import outbox
from frontline.store.demo import fill_demo
from frontline.store.observations import ObservationQuery, count_pending, query_rowids


def test_demo_fill_shows_both_queued_and_synced_rows(db: Database) -> None:
    assert fill_demo(db, count=400, seed=7) == 400
    assert len(query_rowids(db, ObservationQuery())) == 400
    queued = query_rowids(db, ObservationQuery(sync_states=("queued",)))
    synced = query_rowids(db, ObservationQuery(sync_states=("synced",)))
    assert queued and synced and len(queued) + len(synced) == 400
    assert outbox.count(db) == count_pending(db) == len(queued)
    reviewed_but_queued = query_rowids(db, ObservationQuery(
        sync_states=("queued",), statuses=("acknowledged", "in_progress", "action_taken",
                                           "closed", "duplicate", "wont_act")))
    assert reviewed_but_queued == []  # only the server can have reviewed them


def test_demo_rows_are_searchable(db: Database) -> None:
    fill_demo(db, count=200, seed=3)
    word = db.execute("SELECT summary FROM observations LIMIT 1").fetchone()[0].split()[0]
    assert query_rowids(db, ObservationQuery(text=word))


def test_cli_demo_fills_a_data_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--count", "50", "--data-dir", str(tmp_path / "d")]) == 0
    assert "Added 50 demo observation(s)" in capsys.readouterr().out


def test_filling_again_with_the_same_seed_adds_nothing(db: Database) -> None:
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    assert fill_demo(db, count=100, seed=11, now=now) == 100
    assert fill_demo(db, count=100, seed=11, now=now) == 0
    assert fill_demo(db, count=100, seed=12, now=now) == 100
    assert len(query_rowids(db, ObservationQuery())) == 200
