"""Data lifetime on the server: the retention setting, applying it, erasure, and the removed ids
in the pull feed (every backend; the real app in process)."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from frontline.core.ids import new_id
from frontline.server import retention
from frontline.server import tables as t
from frontline.server.cli import main
from frontline.server.db import Database
from frontline.server.settings import Settings
from tests.helpers.childoutput import GENEROUS
from tests.helpers.server import (
    World,
    device_headers,
    enrol,
    observation,
    push,
    sign_in,
    upsert,
    user_headers,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
OLD = "2025-01-10T09:00:00.000Z"  # more than 365 days before NOW (the world's retention)
RECENT = "2026-11-01T09:00:00.000Z"


def everything_stored(db: Database) -> str:
    """Every row of every table, as text."""
    out = []
    with db.read() as conn:
        for table in t.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                out.append(json.dumps({k: str(v) for k, v in row._mapping.items()}))
    return "\n".join(out)


def pull_all(client: TestClient, headers: dict[str, str], cursor: str | None = None,
             limit: int = 1000) -> tuple[set[str], set[str], str]:
    """(observation ids, removed ids, final cursor), paging through."""
    seen: set[str] = set()
    removed: set[str] = set()
    while True:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/v1/pull", params=params, headers=headers).json()
        seen.update(o["id"] for o in page["observations"])
        removed.update(page.get("removed", []))
        cursor = page["cursor"]
        if not page["has_more"]:
            return seen, removed, str(cursor)


def test_the_admin_setting_reaches_the_reference_data(
        client: TestClient, db: Database, world: World, pc: dict[str, str]) -> None:
    before = client.get("/v1/reference", headers=pc).json()
    with db.write() as conn:
        shown = retention.set_retention(conn, world.org_id, days=730, action="strip_text",
                                        local_keep_days=90)
    assert shown == {"org_id": world.org_id, "retention_days": 730,
                     "retention_action": "strip_text", "local_keep_days": 90}
    after = client.get("/v1/reference", headers=pc).json()
    assert after["reference_version"] > before["reference_version"]
    assert after["organisation"]["retention_days"] == 730
    assert after["organisation"]["retention_action"] == "strip_text"
    assert after["organisation"]["local_keep_days"] == 90


def test_a_bad_setting_is_refused_with_a_reason(db: Database, world: World) -> None:
    with db.write() as conn, pytest.raises(ValueError, match="at least 1 day"):
        retention.set_retention(conn, world.org_id, days=0)


def test_observations_past_the_limit_disappear_with_their_history(
        client: TestClient, db: Database, world: World, pc: dict[str, str]) -> None:
    old = observation(observed_at=OLD, summary="Marmalade jar exploded on shelf")
    recent = observation(observed_at=RECENT)
    push(client, pc, upsert(old), upsert(recent))
    push(client, pc, upsert({**old, "details": "Glass everywhere near the marmalade"}))
    _, _, cursor = pull_all(client, pc)

    counts = retention.apply_retention(db.write, now=NOW)

    assert counts == {"deleted": 1, "stripped": 0}
    stored = everything_stored(db)
    assert "armalade" not in stored  # not in observations, audit changes or stored answers
    with db.read() as conn:
        actions = conn.execute(select(t.audit.c.action, t.audit.c.changes).where(
            t.audit.c.observation_id == old["id"])).all()
    assert [(a.action, a.changes) for a in actions] == [("expired", {})]
    # the PC hears of it in its next pull, and only of that
    seen, removed, _ = pull_all(client, pc, cursor)
    assert removed == {old["id"]} and seen == set()
    assert retention.apply_retention(db.write, now=NOW) == {"deleted": 0, "stripped": 0}


def test_strip_text_keeps_the_facts_and_sends_the_stripped_row_to_pcs(
        client: TestClient, db: Database, world: World, pc: dict[str, str]) -> None:
    old = observation(observed_at=OLD, summary="Pistachio gelato melted", details="Freezer 3 off",
                      category=None)
    push(client, pc, upsert(old))
    push(client, pc, upsert({**old, "details": "Freezer 3 off again, pistachio lost"}))
    _, _, cursor = pull_all(client, pc)
    with db.write() as conn:
        retention.set_retention(conn, world.org_id, days=365, action="strip_text")

    assert retention.apply_retention(db.write, now=NOW) == {"deleted": 0, "stripped": 1}

    assert "istachio" not in everything_stored(db)
    page = client.get("/v1/pull", params={"cursor": cursor}, headers=pc).json()
    [row] = page["observations"]
    assert row["summary"] == retention.STRIPPED_SUMMARY and row["details"] == ""
    assert row["kind"] == "pain_point" and row["observed_at"] == OLD


def test_an_erased_observation_is_gone_and_every_pc_of_its_store_is_told(
        client: TestClient, db: Database, settings: Settings, world: World,
        pc: dict[str, str]) -> None:
    other_pc = device_headers(enrol(client, db, settings, world.store_a, "Till 2"))
    store_b_pc = device_headers(enrol(client, db, settings, world.store_b, "B till"))
    target = observation(summary="Customer named Quintavius complained")
    kept = observation()
    push(client, pc, upsert(target), upsert(kept))
    cursors = {name: pull_all(client, h)[2] for name, h in
               (("pc", pc), ("other", other_pc), ("b", store_b_pc))}

    with db.write() as conn:
        assert retention.erase_observation(conn, world.org_id, target["id"], now=NOW)["erased"]

    assert "Quintavius" not in everything_stored(db)
    for name, headers in (("pc", pc), ("other", other_pc)):
        assert pull_all(client, headers, cursors[name])[1] == {target["id"]}
    assert pull_all(client, store_b_pc, cursors["b"])[1] == set()  # not its store's
    # a PC that still has an edit queued cannot bring it back
    [answer] = push(client, pc, upsert({**target, "details": "more"}))
    assert answer["status"] == "rejected" and "deleted" in answer["reason"]
    with db.read() as conn:
        assert conn.execute(select(t.observations.c.id).where(
            t.observations.c.id == target["id"])).first() is None
    # erasing again is harmless; an unknown id is an error that says what to check
    with db.write() as conn:
        assert retention.erase_observation(conn, world.org_id, target["id"], now=NOW)["already"]
    with db.write() as conn, pytest.raises(ValueError, match="Check the id"):
        retention.erase_observation(conn, world.org_id, new_id(), now=NOW)


def test_removed_ids_page_with_the_changes_and_nothing_is_skipped(
        client: TestClient, db: Database, world: World, pc: dict[str, str]) -> None:
    olds = [observation(observed_at=OLD) for _ in range(5)]
    push(client, pc, *(upsert(o) for o in olds))
    _, _, cursor = pull_all(client, pc)
    retention.apply_retention(db.write, now=NOW)
    fresh = [observation() for _ in range(4)]
    push(client, pc, *(upsert(o) for o in fresh))

    seen, removed, _ = pull_all(client, pc, cursor, limit=2)

    assert removed == {o["id"] for o in olds}
    assert seen == {o["id"] for o in fresh}


def test_a_manager_and_an_admin_hear_of_removals_in_their_scope(
        client: TestClient, db: Database, settings: Settings, world: World,
        pc: dict[str, str]) -> None:
    target = observation(observed_at=OLD)
    push(client, pc, upsert(target))
    manager = user_headers(sign_in(client, "manager_a"))
    other_manager = user_headers(sign_in(client, "manager_b"))
    boss = user_headers(sign_in(client, "admin"))
    cursors = [pull_all(client, h)[2] for h in (manager, other_manager, boss)]
    retention.apply_retention(db.write, now=NOW)
    got = [pull_all(client, h, c)[1] for h, c in zip((manager, other_manager, boss), cursors,
                                                       strict=True)]
    assert got == [{target["id"]}, set(), {target["id"]}]


def test_the_cli_sets_applies_and_erases(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path)]
    assert main([*data, "init", "--json"]) == 0
    assert main([*data, "org", "create", "Shop", "--json"]) == 0
    capsys.readouterr()
    assert main([*data, "retention", "set", "--days", "730", "--action", "delete",
                 "--local-keep-days", "60", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["retention_days"] == 730
    assert main([*data, "retention", "show", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["local_keep_days"] == 60
    assert main([*data, "retention", "apply", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["deleted"] == 0
    assert main([*data, "erase", "--observation", new_id()]) == 1
    assert "no observation" in capsys.readouterr().err
    assert main([*data, "retention", "set", "--days", "0"]) == 1
    assert "at least 1 day" in capsys.readouterr().err


def test_serve_applies_retention_on_its_schedule(
        client: TestClient, db: Database, settings: Settings, world: World,
        pc: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    if not db.is_sqlite:
        pytest.skip("the schedule is backend-independent; once is enough")
    old = observation(observed_at="2020-01-01T00:00:00.000Z")
    push(client, pc, upsert(old))
    applied = threading.Event()
    apply_retention = retention.apply_retention

    def apply_and_tell(*args: Any, **kwargs: Any) -> Any:
        result = apply_retention(*args, **kwargs)
        applied.set()  # a run has committed (a failed one is retried at the next interval)
        return result

    monkeypatch.setattr(retention, "apply_retention", apply_and_tell)
    stop = retention.start_scheduler(replace(settings, database_url=db.url,
                                             retention_interval_seconds=1))
    try:
        assert applied.wait(GENEROUS), "the scheduler never ran"
    finally:
        stop.set()
    with db.read() as conn:
        gone = conn.execute(select(t.removed_observations.c.observation_id)).scalars().all()
    assert gone == [old["id"]]
