"""The central server under load: idle sync checks (requests per second, p99) and pushes of
200-observation batches (observations per second), on SQLite and on PostgreSQL, each beside
a minimal FastAPI endpoint that inserts the same batch with `executemany` (SQLAlchemy Core)
into a plain table, measured in the same run. Then a simulated fleet (20,000 PCs syncing
every 5 minutes) against one server process.

Both servers run under uvicorn in their own process on loopback; the load comes from a
separate client process (persistent `http.client` connections, a few threads), so the
server's two cores are not shared with the benchmark's own bookkeeping any more than with
a real client. PostgreSQL: set FRONTLINE_BENCH_POSTGRES_URL or FRONTLINE_TEST_POSTGRES_URL;
each run uses a fresh schema and drops it.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.bench.run import ROOT, Context, Row, ms, percentile

TITLE = "Server: sync API under load (issue 4)"

BATCH = 200
THREADS = 4
PROTOCOL = {"X-Frontline-Protocol": "1"}
#: what the desktop sends with every push (short results: `accepted`, not the whole observation)
SHORT = {"X-Frontline-Push-Results": "short"}

BASELINE = r'''
"""A minimal FastAPI server: parse the push body, executemany into a plain table; an idle
pull is one indexed SELECT. SQLAlchemy Core, so the same code runs on SQLite (same PRAGMAs
as the real server: WAL, synchronous=FULL) and PostgreSQL."""
import json, sys
import uvicorn
from fastapi import FastAPI, Request
from sqlalchemy import (Boolean, Column, Integer, MetaData, String, Table, Text, create_engine,
                        event, insert, select)

url, port = sys.argv[1], int(sys.argv[2])
COLUMNS = ["id", "observed_at", "kind", "summary", "details", "customer_words", "action_taken",
           "suggestion", "channel", "customer_type", "customer_segment", "category",
           "department", "severity", "switch_risk", "team_id", "author_id", "anonymous"]
meta = MetaData()
plain = Table("bench_plain", meta, Column("seq", Integer, primary_key=True, autoincrement=True),
              Column("id", String(64), unique=True, nullable=False),
              *[Column(c, Integer if c == "severity"
                       else Boolean if c in ("switch_risk", "anonymous") else Text)
                for c in COLUMNS[1:]])
engine = create_engine(url, pool_size=8, max_overflow=8) if url.startswith("postgresql") else \
    create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
if url.startswith("sqlite"):
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA synchronous=FULL")
meta.create_all(engine)
app = FastAPI()

@app.post("/push")
async def push(request: Request):
    mutations = json.loads(await request.body())["mutations"]
    rows = [{c: m["observation"].get(c) for c in COLUMNS} for m in mutations]
    with engine.begin() as conn:
        conn.execute(insert(plain), rows)
    return {"results": [{"mutation_id": m["id"], "status": "applied"} for m in mutations]}

@app.get("/pull")
def pull(cursor: int = 0):
    with engine.connect() as conn:
        rows = conn.execute(select(plain).where(plain.c.seq > cursor).order_by(plain.c.seq)
                            .limit(500)).all()
    return {"cursor": str(rows[-1].seq if rows else cursor), "has_more": False,
            "observations": [dict(r._mapping) for r in rows]}

uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
'''


# --- the client process ---------------------------------------------------------------


def _observation(author: str | None = None) -> dict[str, Any]:
    from frontline.core.ids import new_id

    obs_id = new_id()
    # a word of its own in each text: no two texts of a batch alike, as in real pushes
    # (a server that detected each distinct text once would otherwise look faster)
    word = "".join(chr(97 + int(c, 16)) for c in obs_id[-6:])
    return {"id": obs_id, "observed_at": "2026-11-23T10:00:00.000Z", "kind": "pain_point",
            "summary": "Customer waited ten minutes at the till while the second till stayed "
                       f"closed ({word})",
            "details": "Queue reached the door around lunchtime; two customers left without "
                       f"buying ({word[::-1]}).",
            "channel": "in_store", "customer_type": "existing", "severity": 3, "author_id": author}


def _push_body(n: int) -> bytes:
    from frontline.core.ids import new_id

    return json.dumps({"protocol": 1, "mutations": [
        {"id": new_id(), "op": "observation.upsert", "observation": _observation()}
        for _ in range(n)]}).encode()


class _Conn:
    def __init__(self, base: str):
        host, port = base.removeprefix("http://").split(":")
        self.http = http.client.HTTPConnection(host, int(port), timeout=60)

    def call(self, method: str, path: str, headers: dict[str, str],
             body: bytes | None = None) -> tuple[int, bytes]:
        self.http.request(method, path, body=body, headers={
            **headers, **({"Content-Type": "application/json"} if body else {})})
        response = self.http.getresponse()
        return response.status, response.read()


def _load_idle(spec: dict[str, Any]) -> dict[str, Any]:
    """`threads` connections issue the same GET back to back for `seconds`."""
    latencies: list[float] = []
    errors = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + spec["seconds"]

    def worker(i: int) -> None:
        conn = _Conn(spec["base"])
        mine = []
        headers = spec["headers"][i % len(spec["headers"])]
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            status, _ = conn.call("GET", spec["path"], headers)
            mine.append(time.perf_counter() - start)
            if status != 200:
                errors.append(status)
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(spec["threads"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {"rps": len(latencies) / elapsed, "p50": percentile(latencies, 50),
            "p99": percentile(latencies, 99), "n": len(latencies), "errors": errors[:5]}


def _load_push(spec: dict[str, Any]) -> dict[str, Any]:
    """`threads` connections push `batches` batches of `batch` new observations each."""
    bodies = [[_push_body(spec["batch"]) for _ in range(spec["batches"])]
              for _ in range(spec["threads"])]
    latencies: list[float] = []
    problems: list[str] = []

    def worker(i: int) -> None:
        conn = _Conn(spec["base"])
        headers = spec["headers"][i % len(spec["headers"])]
        for body in bodies[i]:
            start = time.perf_counter()
            status, answer = conn.call("POST", spec["path"], headers, body)
            latencies.append(time.perf_counter() - start)
            if status != 200:
                problems.append(f"{status} {answer[:200]!r}")
            elif any(r["status"] != "applied" for r in json.loads(answer)["results"]):
                problems.append(answer[:300].decode())

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(spec["threads"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    total = spec["threads"] * spec["batches"] * spec["batch"]
    return {"obs_per_s": total / elapsed, "p99": percentile(latencies, 99), "n": total,
            "problems": problems[:3]}


def _load_fleet(spec: dict[str, Any]) -> dict[str, Any]:  # noqa: C901 — one timed load loop
    """Open-loop arrivals: sync checks at `checks_per_s`, pushes of 1-3 observations at
    `pushes_per_s`, each from a device picked round-robin, for `seconds`. Latency counts
    from the scheduled start, so a server that falls behind is charged for the queue."""
    import queue

    jobs: queue.Queue[tuple[float, str, int] | None] = queue.Queue()
    latencies: dict[str, list[float]] = {"check": [], "push": []}
    pushed: list[str] = []
    problems: list[str] = []
    cursors = dict(enumerate(spec["cursors"]))
    lock = threading.Lock()

    def worker() -> None:
        conn = _Conn(spec["base"])
        while True:
            job = jobs.get()
            if job is None:
                return
            due, kind, device = job
            headers = spec["headers"][device]
            if kind == "check":
                status, body = conn.call("GET", f"/v1/pull?cursor={cursors[device]}&limit=500",
                                         headers)
                if status == 200:
                    cursors[device] = json.loads(body)["cursor"]
            else:
                from frontline.core.ids import new_id

                obs = [_observation() for _ in range(1 + device % 3)]
                payload = json.dumps({"mutations": [
                    {"id": new_id(), "op": "observation.upsert",
                     "observation": o} for o in obs]}).encode()
                status, body = conn.call("POST", "/v1/push", headers, payload)
                results = json.loads(body)["results"] if status == 200 else []
                if status == 200 and all(r["status"] == "applied" for r in results):
                    with lock:
                        pushed.extend(o["id"] for o in obs)
            with lock:
                latencies[kind].append(time.perf_counter() - due)
                if status != 200:
                    problems.append(f"{kind} {status} {body[:120]!r}")

    workers = [threading.Thread(target=worker) for _ in range(spec["threads"])]
    for w in workers:
        w.start()
    n_devices = len(spec["headers"])
    start = time.perf_counter()
    events = []
    for i in range(int(spec["seconds"] * spec["checks_per_s"])):
        events.append((start + i / spec["checks_per_s"], "check", i % n_devices))
    for i in range(int(spec["seconds"] * spec["pushes_per_s"])):
        events.append((start + (i + 0.5) / spec["pushes_per_s"], "push", (i * 7) % n_devices))
    events.sort()
    behind = 0.0
    for due, kind, device in events:
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        else:
            behind = max(behind, -wait)
        jobs.put((due, kind, device))
    for _ in workers:
        jobs.put(None)
    for w in workers:
        w.join()
    both = latencies["check"] + latencies["push"]
    return {"p99": percentile(both, 99), "p99_check": percentile(latencies["check"], 99),
            "p99_push": percentile(latencies["push"], 99), "checks": len(latencies["check"]),
            "pushes": len(latencies["push"]), "pushed": pushed, "problems": problems[:5],
            "scheduler_behind": behind}


def _client(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one load in a separate process (the module's `__main__`)."""
    proc = subprocess.run([sys.executable, "-m", "tests.bench.bench_server"],
                          input=json.dumps(spec),
                          capture_output=True, text=True, cwd=ROOT, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f"load client failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


# --- servers --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(base: str, path: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(base.removeprefix("http://").split(":")[0],
                                              int(base.rsplit(":", 1)[1]), timeout=1)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        time.sleep(0.1)
    raise RuntimeError(f"{base} did not answer in 60 s")


def _start(cmd: list[str], env: dict[str, str], log: Path,
           probe: str) -> tuple[str, subprocess.Popen[bytes]]:
    port = _free_port()
    log_file = log.open("wb")
    proc = subprocess.Popen([*cmd, "--port",
                             str(port)] if "frontline.server.cli" in cmd else [*cmd, str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=log_file, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    _wait(base, probe, proc)
    return base, proc


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(15)


def _seed(url: str, stores: int, devices_per_store: int) -> dict[str, Any]:
    from frontline.server import admin, auth, migrate
    from frontline.server.db import Database
    from frontline.server.settings import Settings

    settings = Settings(data_dir=Path("."), argon2_time_cost=1, argon2_memory_kib=8192)
    db = Database(url)
    migrate.upgrade(db)
    now = datetime.now(UTC)
    codes = []
    with db.write() as conn:
        org = admin.create_org(conn, "Bench Retail", now=now)
        for s in range(stores):
            store = admin.create_store(conn, org, f"S{s:03d}", f"Store {s}")
            admin.create_user(conn, settings, org, username=f"emp{s}", role="employee",
                              password="bench-password", store=store, now=now)
            for _ in range(devices_per_store):
                codes.append(auth.issue_enrolment_code(conn, settings, store_id=store,
                                                       created_by=None, now=now)[0])
    db.dispose()
    return {"codes": codes}


def _enrol(base: str, codes: list[str]) -> list[dict[str, str]]:
    conn = _Conn(base)
    headers = []
    for i, code in enumerate(codes):
        status, body = conn.call("POST", "/v1/enrol", PROTOCOL,
                                 json.dumps({"code": code, "device_name": f"PC {i}"}).encode())
        assert status == 200, body
        headers.append({**PROTOCOL, **SHORT,
                        "X-Frontline-Device": json.loads(body)["device_token"]})
    return headers


def _head_cursor(base: str, headers: dict[str, str]) -> str:
    conn = _Conn(base)
    cursor = ""
    while True:
        status, body = conn.call("GET",
                                 f"/v1/pull?limit=1000{'&cursor=' + cursor if cursor else ''}",
                                 headers)
        assert status == 200, body
        page = json.loads(body)
        cursor = page["cursor"]
        if not page["has_more"]:
            return cursor


def _backend(ctx: Context, name: str, url: str, baseline_url: str) -> list[Row]:
    quick = ctx.quick
    seconds = 3 if quick else 8
    batches = 5 if quick else 13  # per thread: 4 × 13 × 200 = 10,400 observations
    stores, per_store = (5, 2) if quick else (40, 5)
    seed = _seed(url, stores, per_store)
    env = {**os.environ, "FRONTLINE_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    ours_base, ours = _start([sys.executable, "-m", "frontline.server.cli", "--data-dir",
                              str(ctx.workdir), "serve", "--host", "127.0.0.1"], env,
                             ctx.workdir / f"server-{name}.log", "/ready")
    script = ctx.workdir / "baseline_server.py"
    script.write_text(BASELINE)
    base_base, baseline = _start([sys.executable, str(script), baseline_url], env,
                                 ctx.workdir / f"baseline-{name}.log", "/pull")
    rows: list[Row] = []
    try:
        devices = _enrol(ours_base, seed["codes"])
        cursor = _head_cursor(ours_base, devices[0])
        # idle sync check: one connection (latency), then THREADS connections (throughput)
        idle_ours = {"base": ours_base, "path": f"/v1/pull?cursor={cursor}&limit=500",
                     "headers": devices[:THREADS]}
        idle_base = {"base": base_base, "path": "/pull?cursor=0", "headers": [{}]}
        seq_o = _client({"mode": "idle", **idle_ours, "threads": 1, "seconds": seconds / 2})
        seq_b = _client({"mode": "idle", **idle_base, "threads": 1, "seconds": seconds / 2})
        conc_o = _client({"mode": "idle", **idle_ours, "threads": THREADS, "seconds": seconds})
        conc_b = _client({"mode": "idle", **idle_base, "threads": THREADS, "seconds": seconds})
        for r in (seq_o, seq_b, conc_o, conc_b):
            if r["errors"]:
                raise RuntimeError(f"idle check errors: {r['errors']}")
        rows += [
            Row(f"{name}: idle sync check, 1 connection, p50", ms(seq_o["p50"]), ms(seq_b["p50"]),
                f"{seq_o['p50'] / seq_b['p50']:.2f}×"),
            Row(f"{name}: idle sync check, 1 connection, p99", ms(seq_o["p99"]), ms(seq_b["p99"]),
                f"{seq_o['p99'] / seq_b['p99']:.2f}×", "≤ 20 ms",
                "met" if seq_o["p99"] <= 0.020 else "missed"),
            Row(f"{name}: idle sync checks/s, {THREADS} connections", f"{conc_o['rps']:,.0f}/s",
                f"{conc_b['rps']:,.0f}/s", f"{conc_o['rps'] / conc_b['rps']:.2f}×"),
            Row(f"{name}: idle sync check, {THREADS} connections, p99", ms(conc_o["p99"]),
                ms(conc_b["p99"]), f"{conc_o['p99'] / conc_b['p99']:.2f}×"),
        ]
        # push: THREADS PCs, batches of BATCH new observations
        push_o = _client({"mode": "push", "base": ours_base, "path": "/v1/push",
                          "headers": devices[:THREADS], "threads": THREADS, "batches": batches,
                          "batch": BATCH})
        push_b = _client({"mode": "push", "base": base_base, "path": "/push", "headers": [{}],
                          "threads": THREADS, "batches": batches, "batch": BATCH})
        if push_o["problems"] or push_b["problems"]:
            raise RuntimeError(f"push problems: {push_o['problems']} {push_b['problems']}")
        ratio = push_o["obs_per_s"] / push_b["obs_per_s"]
        rows += [
            Row(f"{name}: push, {THREADS} PCs × {batches} batches of {BATCH} "
                f"({push_o['n']:,} observations)", f"{push_o['obs_per_s']:,.0f} obs/s",
                f"{push_b['obs_per_s']:,.0f} obs/s", f"{ratio:.2f}×", "≥ 0.5×",
                "met" if ratio >= 0.5 else "missed"),
            Row(f"{name}: push of {BATCH}, p99 under {THREADS} concurrent", ms(push_o["p99"]),
                ms(push_b["p99"]), f"{push_o['p99'] / push_b['p99']:.2f}×"),
        ]
        rows += _fleet(ctx, name, ours_base, devices, url)
    finally:
        _stop(ours)
        _stop(baseline)
    return rows


def _fleet(ctx: Context, name: str, base: str, devices: list[dict[str, str]],
           url: str) -> list[Row]:
    """20,000 PCs every 5 minutes is 66.7 sync checks a second; say each PC also records
    about 10 observations a working day (200,000 a day over 10 hours: 5.6 a second), sent
    as pushes of 1-3."""
    from sqlalchemy import func, select

    from frontline.server import tables as t
    from frontline.server.db import Database

    seconds = 10 if ctx.quick else 40
    cursors = [_head_cursor(base, h) for h in devices]
    result = _client({"mode": "fleet", "base": base, "headers": devices, "cursors": cursors,
                      "checks_per_s": 20_000 / 300, "pushes_per_s": 2.8, "seconds": seconds,
                      "threads": 16})
    db = Database(url)
    with db.read() as conn:
        found = conn.execute(select(func.count()).select_from(t.observations)
                             .where(t.observations.c.id.in_(result["pushed"]))).scalar_one()
    db.dispose()
    lost = len(result["pushed"]) - int(found)
    ok = result["p99"] <= 0.250 and lost == 0 and not result["problems"]
    note = (
        f"{name} fleet: {result['checks']} sync checks and {result['pushes']} pushes in "
        f"{seconds} s from {len(devices)} enrolled PCs (open loop; the client fell behind its "
        "schedule by at most "
        f"{result['scheduler_behind'] * 1000:.0f} ms); p99 sync check {ms(result['p99_check'])}, "
        f"p99 push {ms(result['p99_push'])}; {len(result['pushed'])} observations pushed, {lost} "
        f"missing afterwards; problems: {result['problems'] or 'none'}.")
    ctx.notes.append(note)
    print(f"  note: {note}", flush=True)
    return [Row(f"{name}: fleet of 20,000 PCs every 5 min (66.7 checks/s + 2.8 pushes/s), "
                f"{seconds} s, p99", ms(result["p99"]), "", "", "≤ 250 ms, nothing lost",
                "met" if ok else "missed")]


def _postgres_schema_url(base_url: str, tag: str) -> tuple[str, Any]:
    from sqlalchemy import create_engine, text

    schema = f"fb_{tag}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(base_url)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base_url else "?"

    def drop() -> None:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()

    return f"{base_url}{sep}options=-csearch_path%3D{schema}", drop


def run(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    sqlite_dir = ctx.workdir / "server-sqlite"
    sqlite_dir.mkdir(parents=True, exist_ok=True)
    try:
        rows += _backend(ctx, "SQLite", f"sqlite:///{sqlite_dir / 'frontline-server.db'}",
                         f"sqlite:///{sqlite_dir / 'baseline.db'}")
    except Exception as error:  # noqa: BLE001 - one failing backend still reports the other
        rows.append(Row("SQLite", "not measured", verdict=f"error: {error}"))
    pg = (os.environ.get("FRONTLINE_BENCH_POSTGRES_URL")
          or os.environ.get("FRONTLINE_TEST_POSTGRES_URL"))
    if not pg:
        ctx.notes.append("PostgreSQL not measured: set FRONTLINE_BENCH_POSTGRES_URL.")
        return rows
    ours_url, drop_ours = _postgres_schema_url(pg, "srv")
    base_url, drop_base = _postgres_schema_url(pg, "base")
    try:
        rows += _backend(ctx, "PostgreSQL", ours_url, base_url)
    except Exception as error:  # noqa: BLE001
        rows.append(Row("PostgreSQL", "not measured", verdict=f"error: {error}"))
    finally:
        drop_ours()
        drop_base()
    return rows


if __name__ == "__main__":  # the load client: a JSON spec on stdin, a JSON result on stdout
    spec = json.loads(sys.stdin.read())
    mode = spec.pop("mode")
    out = {"idle": _load_idle, "push": _load_push, "fleet": _load_fleet}[mode](spec)
    print(json.dumps(out))
