"""Store profile (not a test, not a run.py section): list, search and save with many demo rows.

    .venv/bin/python -m tests.bench.store_profile --rows 200000 [--data-dir D]

With --data-dir, a filled folder is reused (filling 200k rows takes minutes). Prints wall
time and, beside it, the process's CPU time: on a shared machine the wall time includes
waiting for a core, the CPU time does not.
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from frontline.core.model import Observation
from frontline.store import search
from frontline.store.db import Store
from frontline.store.demo import fill_demo
from frontline.store.observations import (
    FIELDS,
    ObservationQuery,
    fetch_rows,
    query_rowids,
    save_observation,
)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def summary(label: str, runs: list[tuple[float, float]]) -> None:
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    print(f"{label}: wall p50 {pct(walls, 50):.1f} / p95 {pct(walls, 95):.1f} / "
          f"p99 {pct(walls, 99):.1f} ms; CPU p50 {pct(cpus, 50):.1f} / p95 {pct(cpus, 95):.1f} ms "
          f"({len(runs)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp()) / "data"
    store = Store.open(data_dir)
    db = store.connection()
    have = db.execute("SELECT count(*) FROM observations").fetchone()[0]
    if have < args.rows:
        wall = time.perf_counter()
        added = fill_demo(db, count=args.rows - have, seed=7)
        print(f"fill_demo: {added} rows in {time.perf_counter() - wall:.1f} s")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    wall = time.perf_counter()
    store = Store.open(data_dir)
    db = store.connection()
    rows = db.execute("SELECT count(*) FROM observations").fetchone()[0]
    print(f"Store.open: {(time.perf_counter() - wall) * 1000:.1f} ms with {rows} rows, "
          f"file {store.path.stat().st_size / 1e6:.0f} MB")

    def paint(query: ObservationQuery) -> None:
        fetch_rows(db, query_rowids(db, query)[:60])

    for label, query in [("default, newest first", ObservationQuery()),
                         ("sorted by kind", ObservationQuery(order_by="kind")),
                         ("sorted by sync state", ObservationQuery(order_by="sync_state")),
                         ("sorted by category", ObservationQuery(order_by="category")),
                         ("queued only", ObservationQuery(sync_states=("queued",)))]:
        runs = []
        for _ in range(15):
            search._ORDER.clear()  # cold: nothing kept from an earlier query
            runs.append(timed(lambda q=query: paint(q)))
        summary(f"first paint, {label}", runs)

    rng = random.Random(5)
    texts = [r[0] for r in db.execute(
        "SELECT summary || ' ' || details FROM observations ORDER BY random() LIMIT 150")]
    typed: list[str] = []
    for text in texts:
        words = re.findall(r"[^\W\d_]{4,}", text)
        if words:
            word = rng.choice(words).lower()
            typed += [word[:k] for k in range(2, len(word) + 1)]  # keystrokes from the 2nd
            typed.append(f"{word} {rng.choice(words).lower()}")
    paint(ObservationQuery())  # the list is on screen before anyone types
    summary("search as typed, list shown first",
            [timed(lambda t=t: paint(ObservationQuery(text=t))) for t in typed])
    cold = []
    for text in typed[::5]:
        search._ORDER.clear()
        cold.append(timed(lambda t=text: paint(ObservationQuery(text=t))))
    summary("search, first after a change (nothing kept)", cold)
    counts = sorted(len(query_rowids(db, ObservationQuery(text=t))) for t in typed)
    print(f"   matches per search: median {statistics.median(counts):.0f}, max {counts[-1]}")

    bare = sqlite3.connect(str(data_dir / "bare.db"), isolation_level=None)
    bare.execute("PRAGMA journal_mode=WAL")
    bare.execute("PRAGMA synchronous=FULL")
    bare.execute(f"CREATE TABLE IF NOT EXISTS o ({', '.join(FIELDS)})")
    insert = f"INSERT INTO o VALUES ({', '.join('?' for _ in FIELDS)})"
    saves, bares = [], []
    for n in range(400):  # interleaved, so both see the same load on a shared machine
        obs = Observation.new(kind="pain_point", summary=f"Card reader at till 3 froze ({n})",
                              details=texts[n % len(texts)], category="payment")
        saves.append(timed(lambda o=obs: save_observation(db, o)))
        values = [int(v) if isinstance(v, bool) else v for v in (getattr(obs, f) for f in FIELDS)]

        def bare_insert(v: list[object] = values) -> None:
            bare.execute("BEGIN")
            bare.execute(insert, v)
            bare.execute("COMMIT")

        bares.append(timed(bare_insert))
    summary(f"save_observation with {rows} rows", saves)
    summary("bare SQLite insert, same row, WAL + synchronous=FULL", bares)


if __name__ == "__main__":
    main()
