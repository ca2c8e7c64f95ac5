"""Sync: upload of 10,000 queued observations and the idle check, against a real local
`frontline-server` process (SQLite), beside a minimal FastAPI + executemany endpoint that
receives the very same request bodies, in the same run."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.bench.run import Context, Row, ms, percentile

TITLE = "Sync: upload and idle check (issue 5)"

BASELINE = r'''
"""A minimal FastAPI endpoint: gunzip, parse, executemany into SQLite (same durability)."""
import gzip, json, sqlite3, sys
import uvicorn
from fastapi import FastAPI, Request

db_path, port = sys.argv[1], int(sys.argv[2])
COLUMNS = ["id", "observed_at", "kind", "summary", "details", "customer_words", "action_taken",
           "suggestion", "channel", "customer_type", "customer_segment", "category",
           "department", "severity", "switch_risk", "team_id", "author_id", "anonymous"]
conn = sqlite3.connect(db_path, check_same_thread=False, isolation_level=None)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("PRAGMA synchronous=FULL")
conn.execute(f"CREATE TABLE IF NOT EXISTS observations ({', '.join(COLUMNS)}, "
             "PRIMARY KEY (id))")
conn.execute("CREATE TABLE IF NOT EXISTS version (v INTEGER)")
conn.execute("INSERT INTO version VALUES (0)")
app = FastAPI()

@app.post("/push")
async def push(request: Request):
    body = await request.body()
    if request.headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    mutations = json.loads(body)["mutations"]
    rows = [[m["observation"].get(c) for c in COLUMNS] for m in mutations]
    conn.execute("BEGIN IMMEDIATE")
    marks = ", ".join("?" * len(COLUMNS))
    conn.executemany(f"INSERT OR IGNORE INTO observations VALUES ({marks})", rows)
    conn.execute("COMMIT")
    return {"results": [{"mutation_id": m["id"], "status": "applied"} for m in mutations]}

@app.get("/pull")
def pull():
    (v,) = conn.execute("SELECT v FROM version").fetchone()
    return {"cursor": f"v{v}", "has_more": False, "observations": []}

uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
'''


def _wait(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: the server exited")
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not start")


def run(ctx: Context) -> list[Row]:
    from frontline.core.model import Observation
    from frontline.store import outbox
    from frontline.store.db import Store, write_transaction
    from frontline.store.observations import save_observation
    from frontline.sync import device
    from frontline.sync.engine import mutation_of, sync_once
    from tests.helpers.realserver import RealServer, free_port, run_server_cli

    n = 2000 if ctx.quick else 10_000
    idle_runs = 100 if ctx.quick else 500
    batch = 200
    work = ctx.workdir / "sync"
    server_dir = work / "server"
    server_dir.mkdir(parents=True)
    info = run_server_cli(server_dir, "init", "--demo")["demo"]
    server = RealServer(server_dir)
    server.codes = list(info["codes"])
    server.start()
    baseline_proc: subprocess.Popen[bytes] | None = None
    try:
        pc = work / "pc"
        device.enrol_pc(pc, server_url=server.url, code=server.code(), device_name="bench")
        store = Store.open(pc)
        db = store.connection()
        assert sync_once(store, device.make_client(pc)).ok  # reference data, the demo's rows
        with write_transaction(db):
            for i in range(n):
                save_observation(db, Observation.new(
                    kind="pain_point", summary=f"Customer waited at the till, case {i}",
                    details="The queue reached the door; two tills were closed. " * 3,
                    customer_words="I will not come back on a Saturday.", channel="in_store",
                    customer_type="existing", severity=3))
        # the same request bodies for the baseline, cut as the engine cuts them
        bodies = []
        entries = outbox.pending(db, limit=n, max_bytes=10**12)
        for start in range(0, len(entries), batch):
            chunk = [mutation_of(e) for e in entries[start:start + batch]]
            raw = json.dumps({"protocol": 1, "mutations": chunk}, ensure_ascii=False,
                             separators=(",", ":")).encode()
            bodies.append(gzip.compress(raw, compresslevel=5))

        client = device.make_client(pc)
        pushed_at: list[float] = []
        started = time.perf_counter()
        report = sync_once(store, client, batch_limit=batch, batch_bytes=10**9,
                           on_progress=lambda p: pushed_at.append(time.perf_counter())
                           if p.phase == "pull" else None)
        total = time.perf_counter() - started
        assert report.ok and report.pushed == n, report.error
        push_seconds = (pushed_at[0] if pushed_at else time.perf_counter()) - started

        idle = []
        for _ in range(idle_runs):
            t0 = time.perf_counter()
            r = sync_once(store, client)
            idle.append(time.perf_counter() - t0)
            assert r.ok and r.requests == 1
        trips = []
        cursor = report.cursor
        for _ in range(idle_runs):
            t0 = time.perf_counter()
            client.pull(cursor)
            trips.append(time.perf_counter() - t0)
        client.close()
        store.close()

        port = free_port()
        script = work / "baseline.py"
        script.write_text(BASELINE)
        baseline_proc = subprocess.Popen([sys.executable, str(script), str(work / "base.db"),
                                          str(port)], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        base_url = f"http://127.0.0.1:{port}"
        _wait(base_url + "/pull", baseline_proc)
        session = requests.Session()
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        t0 = time.perf_counter()
        for body in bodies:
            answer = session.post(base_url + "/push", data=body, headers=headers, timeout=60)
            answer.raise_for_status()
        base_push = time.perf_counter() - t0
        base_trips = []
        for _ in range(idle_runs):
            t0 = time.perf_counter()
            session.get(base_url + "/pull", timeout=10).raise_for_status()
            base_trips.append(time.perf_counter() - t0)
        session.close()
    finally:
        server.stop()
        if baseline_proc is not None:
            baseline_proc.terminate()
            baseline_proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)

    rate = n / push_seconds
    base_rate = n / base_push
    ctx.notes.append(
        f"Sync bench: {n} observations of ~400 bytes in batches of {batch}, gzipped; the server "
        "is `frontline-server serve` on SQLite (one process); the baseline receives the same "
        "bodies, gunzips, parses and executemany-inserts them (WAL, synchronous=FULL). Upload "
        "time runs from sync start to the first pull; the full sync also pulls the "
        f"{n} rows back (own changes echo in the pull: one page per 500). Idle check: "
        "`sync_once` with nothing new, including its local cursor write.")
    return [
        Row(f"upload {n} queued observations (push phase)", f"{push_seconds:.2f} s "
            f"({rate:.0f}/s)", f"{base_push:.2f} s ({base_rate:.0f}/s)",
            f"{rate / base_rate:.0%}", "≥ 50% of baseline",
            "ok" if rate >= 0.5 * base_rate else "MISSED"),
        Row(f"full sync of {n} queued observations (push + pull back)", f"{total:.2f} s", "", "",
            "", ""),
        Row("idle sync check, round trip p50", ms(percentile(trips, 50)),
            ms(percentile(base_trips, 50)),
            f"{percentile(trips, 50) / percentile(base_trips, 50):.1f}×",
            "", ""),
        Row("idle sync check, round trip p99", ms(percentile(trips, 99)),
            ms(percentile(base_trips, 99)),
            f"{percentile(trips, 99) / percentile(base_trips, 99):.1f}×",
            "≤ 20 ms", "ok" if percentile(trips, 99) <= 0.020 else "MISSED"),
        Row("idle `sync_once` (1 request + local state writes) p50 / p99",
            f"{ms(percentile(idle, 50))} / {ms(percentile(idle, 99))}", "", "", "≤ 20 ms p99",
            "ok" if percentile(idle, 99) <= 0.020 else "MISSED"),
    ]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for row in run(Context(quick="--quick" in sys.argv, workdir=Path(tmp))):
            print(row)
    os._exit(0)
