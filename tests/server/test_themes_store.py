"""Stored themes: `themes run` replaces an organisation's themes; `GET /v1/insights`
counts them within the caller's scope, against the previous period, and flags the
emerging ones (rising, matching no category). SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from frontline.server import tables as t
from frontline.server.cli import main
from frontline.server.db import Database
from frontline.server.themes.store import run_themes
from tests.helpers.server import World, count_rows, sign_in, user_headers
from tests.server.test_insights import put

NOW = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)
RANGE = {"since": "2026-11-09", "until": "2026-11-15"}  # the previous period: 2-8 November

BAGS = ["The new paper bags rip at the handle", "Die neuen Papiertüten reißen am Henkel",
        "Les nouveaux sacs en papier se déchirent à la poignée",
        "Las bolsas de papel nuevas se rompen por el asa",
        "De nieuwe papieren tassen scheuren bij het hengsel",
        "Nowe papierowe torby rwą się przy uchwycie"]
QUEUES = ["Long queue at the tills, only one open", "Lange Schlange an der Kasse",
          "Longue file d'attente aux caisses", "Cola muy larga en las cajas",
          "Lange rij bij de kassa", "Długa kolejka do kasy"]


@pytest.fixture
def notes(db: Database, world: World) -> World:
    """Bag complaints (uncategorised) only this week, in both stores; queue complaints
    (categorised) in both weeks."""
    for i, text in enumerate(BAGS * 2):
        store = world.store_a if i % 3 else world.store_b
        put(db, world, store, f"2026-11-{10 + i % 5:02d}T10:00:00.000Z", "pain_point", None,
            "new", words=text)
    for i, text in enumerate(QUEUES * 2):
        week = 3 if i % 2 else 10
        put(db, world, world.store_a, f"2026-11-{week + i % 5:02d}T10:00:00.000Z",
            "pain_point", "queue_wait", "new", words=text)
    put(db, world, world.store_a, "2026-11-11T10:00:00.000Z", "pain_point", None, "withdrawn",
        words="The new paper bags rip at the handle (withdrawn)")
    return world


def _run(db: Database, world: World) -> dict[str, Any]:
    with db.write() as conn:
        return run_themes(conn, world.org_id, now=NOW, days=30)


def test_a_run_stores_the_themes_and_a_second_run_replaces_them(
        db: Database, notes: World) -> None:
    first = _run(db, notes)
    assert first["observations"] == 24  # the withdrawn one is left out
    assert first["themes"] >= 2 and first["assigned"] >= 20, first
    themes_before = count_rows(db, t.discovered_themes)
    assert _run(db, notes)["themes"] == first["themes"]
    assert count_rows(db, t.discovered_themes) == themes_before
    with db.read() as conn:
        per_observation = conn.execute(select(func.count()).select_from(t.observation_themes)
                                       .group_by(t.observation_themes.c.observation_id)).all()
    assert {n for (n,) in per_observation} == {1}


def test_a_run_reads_the_newest_observations_up_to_its_limit(db: Database,
                                                             notes: World) -> None:
    with db.write() as conn:
        result = run_themes(conn, notes.org_id, now=NOW, days=30, limit=5)
    assert result["observations"] == 5


def _discovered(client: TestClient, who: str) -> list[dict[str, Any]]:
    response = client.get("/v1/insights", params=RANGE,
                          headers=user_headers(sign_in(client, who)))
    assert response.status_code == 200, response.text
    return response.json()["discovered_themes"]  # type: ignore[no-any-return]


def _theme_of(found: list[dict[str, Any]], word: str) -> dict[str, Any]:
    return next(th for th in found if word in " ".join(th["terms"]).lower()
                or word in th["label"].lower())


def test_insights_count_discovered_themes_in_scope_and_flag_the_emerging(
        client: TestClient, db: Database, notes: World) -> None:
    assert _discovered(client, "admin") == []  # nothing before the first run
    _run(db, notes)
    admin = _discovered(client, "admin")
    bags = next(th for th in admin if th["count"] == 12)
    assert bags["previous"] == 0 and bags["top_category"] is None and bags["emerging"] is True
    queues = next(th for th in admin if th["top_category"] == "queue_wait")
    assert queues["count"] == 6 and queues["previous"] == 6
    assert queues["top_category_share"] == 1.0 and queues["emerging"] is False
    manager_b = _discovered(client, "manager_b")  # store B: 4 of the bag notes, no queues
    assert [(th["count"], th["top_category"]) for th in manager_b] == [(4, None)]
    assert manager_b[0]["label"] == bags["label"]


def test_the_cli_runs_themes_for_the_only_organisation(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path)]
    assert main([*data, "init"]) == 0
    assert main([*data, "org", "create", "Shop"]) == 0
    capsys.readouterr()
    assert main([*data, "themes", "run", "--days", "7", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["observations"], result["themes"], result["assigned"]) == (0, 0, 0)
    assert main([*data, "themes", "run", "--days", "0"]) == 1
