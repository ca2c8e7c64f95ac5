"""Pull cursors never skip a change, even when writers overlap (the PostgreSQL case
where a plain sequence lets a later number commit before an earlier one)."""

from __future__ import annotations

import random
import threading
import time
from datetime import UTC, datetime
from typing import Any

from frontline.core.ids import new_id
from frontline.server import auth, sync
from frontline.server.db import Database
from frontline.server.settings import Settings
from tests.helpers.childoutput import GENEROUS
from tests.helpers.server import World, issue_code, observation, upsert


def device_principal(db: Database, settings: Settings, store_id: str) -> auth.Principal:
    code = issue_code(db, settings, store_id)
    with db.write() as conn:
        device = auth.enrol_device(conn, settings, code=code, device_name="PC",
                                   now=datetime.now(UTC))
    with db.read() as conn:
        return auth.resolve_principal(conn, user_token=None, device_token=device["device_token"],
                                      now=datetime.now(UTC))


def pull_page(db: Database, p: auth.Principal, cursor: str | None,
              limit: int = 100) -> dict[str, Any]:
    with db.read() as conn:
        return sync.pull(conn, p, cursor, limit, now=datetime.now(UTC))


def test_a_reader_never_skips_a_change_while_two_writers_overlap(
    db: Database, settings: Settings, world: World
) -> None:
    p = device_principal(db, settings, world.store_a)
    start = pull_page(db, p, None)["cursor"]
    first, second = observation(summary="first writer"), observation(summary="second writer")
    first_open, release_first, second_done = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def writer_one() -> None:
        try:
            with db.write() as conn:
                sync.push(conn, p, [upsert(first)], now=datetime.now(UTC))
                first_open.set()
                release_first.wait(GENEROUS)  # hold the transaction open
        except BaseException as error:  # reported below
            errors.append(error)
            first_open.set()

    def writer_two() -> None:
        try:
            first_open.wait(GENEROUS)
            with db.write() as conn:
                sync.push(conn, p, [upsert(second)], now=datetime.now(UTC))
            second_done.set()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=writer_one), threading.Thread(target=writer_two)]
    for thread in threads:
        thread.start()
    assert first_open.wait(GENEROUS)
    # Give the second writer a moment to reach the lock. Proving that something does not
    # happen needs a window; a slow machine only makes the check weaker, never false.
    time.sleep(0.3)
    # the second writer waits for the first: it cannot commit a later version first
    assert not second_done.is_set()
    middle = pull_page(db, p, start)
    # nothing committed yet, and the cursor did not move past it
    assert middle["observations"] == []
    release_first.set()
    for thread in threads:
        thread.join(GENEROUS)
    assert not any(thread.is_alive() for thread in threads)
    assert not errors, errors
    after = pull_page(db, p, middle["cursor"])
    assert [o["summary"] for o in after["observations"]] == ["first writer", "second writer"]


def test_many_overlapping_writers_and_a_polling_reader_lose_nothing(
    db: Database, settings: Settings, world: World
) -> None:
    p = device_principal(db, settings, world.store_a)
    written: list[str] = []
    written_lock = threading.Lock()
    seen: list[str] = []
    done = threading.Event()
    errors: list[BaseException] = []

    def writer(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for _ in range(8):
                batch = [observation(summary=f"w{seed}") for _ in range(rng.randint(1, 3))]
                with db.write() as conn:
                    sync.push(conn, p, [upsert(o) for o in batch], now=datetime.now(UTC))
                    time.sleep(rng.uniform(0, 0.01))
                with written_lock:
                    written.extend(o["id"] for o in batch)
        except BaseException as error:
            errors.append(error)

    def reader() -> None:
        cursor = None
        try:
            while True:
                finished = done.is_set()
                page = pull_page(db, p, cursor, limit=2)
                seen.extend(o["id"] for o in page["observations"])
                cursor = page["cursor"]
                if finished and not page["has_more"]:
                    return
        except BaseException as error:
            errors.append(error)

    writers = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    read = threading.Thread(target=reader)
    read.start()
    for w in writers:
        w.start()
    for w in writers:
        w.join(GENEROUS)
    done.set()
    read.join(GENEROUS)
    assert not read.is_alive() and not any(w.is_alive() for w in writers)
    assert not errors, errors
    assert len(seen) == len(set(seen)), "a change was delivered twice"
    assert set(seen) == set(written), "a change was skipped"


def test_a_cursor_from_elsewhere_is_refused(db: Database, settings: Settings, world: World) -> None:
    import pytest

    from frontline.server.errors import ApiError

    p = device_principal(db, settings, world.store_a)
    for bad in ("12", "vx", "v1:" + "x" * 200, new_id()):
        with pytest.raises(ApiError):
            pull_page(db, p, bad)
