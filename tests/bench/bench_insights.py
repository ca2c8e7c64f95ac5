"""Leadership insights over millions of observations on PostgreSQL (issue: insights).

Fills a fresh PostgreSQL schema with N observations (5,000,000 by default; set
FRONTLINE_BENCH_INSIGHTS_ROWS; `--quick`: 200,000) across 300 stores in 10 regions over two
years, in one `INSERT ... SELECT generate_series` inside the server, then times
`frontline.server.insights.insights()` — every query behind `GET /v1/insights` — for an
admin (all stores), a regional leader (30 stores) and a store manager, over the last 4
weeks, the last quarter and the last year: p50 and p95 over at least 20 runs each, beside
the brief's target (p95 ≤ 500 ms). The data is shaped like the real thing: kinds 60/25/15,
uneven categories, 8% switch risk, a third answered, statuses spread over the workflow,
customer words on about half.

PostgreSQL: FRONTLINE_BENCH_POSTGRES_URL or FRONTLINE_TEST_POSTGRES_URL; the schema is
dropped at the end (FRONTLINE_BENCH_KEEP=1 keeps it for EXPLAIN).
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.bench.run import Context, Row, ms, percentile

TITLE = "Server: leadership insights over millions of observations (PostgreSQL)"

STORES = 300
REGIONS = 10
DAYS = 730
RUNS = 20
TARGET = 0.500
#: the "today" of the generated data: the last day with observations
TODAY = date(2026, 11, 22)
WHO = {"admin": "admin, whole organisation", "leader": "regional leader",
       "manager": "store manager"}
PERIODS = {"last 4 weeks": 28, "last quarter": 91, "last year": 365}


def load(url: str, rows: int) -> dict[str, Any]:
    """A migrated schema with one organisation, REGIONS regions, STORES stores, a user of
    each reviewer role, and `rows` observations made by the database itself."""
    from pathlib import Path

    from sqlalchemy import text

    from frontline.core import taxonomy
    from frontline.server import admin, migrate
    from frontline.server.db import Database
    from frontline.server.settings import Settings

    settings = Settings(data_dir=Path("."), argon2_time_cost=1, argon2_memory_kib=8192)
    db = Database(url)
    migrate.upgrade(db)
    now = datetime.now(UTC)
    with db.write() as conn:
        org = admin.create_org(conn, "Bench Retail", now=now)
        regions = [admin.create_region(conn, org, f"R{r}") for r in range(REGIONS)]
        stores = [admin.create_store(conn, org, f"S{s:03d}", f"Store {s}",
                                     region_id=regions[s % REGIONS]) for s in range(STORES)]
        users = {
            "admin": admin.create_user(conn, settings, org, username="bench_admin", role="admin",
                                       password="bench-password", now=now),
            "leader": admin.create_user(conn, settings, org, username="bench_leader",
                                        role="leader", password="bench-password",
                                        region_id=regions[0], now=now),
            "manager": admin.create_user(conn, settings, org, username="bench_manager",
                                         role="manager", password="bench-password",
                                         store=stores[0], now=now),
        }
    categories = [c.code for c in taxonomy.CATEGORIES]
    departments = [c.department for c in taxonomy.CATEGORIES]
    channels = [c.code for c in taxonomy.CHANNELS]
    started = time.perf_counter()
    with db.engine.begin() as conn:
        # indexes are built once after the load (the migrations made them; their
        # definitions are kept and replayed): several times faster than maintaining them
        indexes = conn.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = 'observations' AND indexname <> 'pk_observations'")).all()
        for name, _definition in indexes:
            conn.execute(text(f'DROP INDEX "{name}"'))
        # the generator: i -> a store, a day within two years, a category skewed towards the
        # first ones, a kind, a status; responded one day to three weeks later for a third
        conn.execute(text("""
            INSERT INTO observations (
                id, org_id, version, rev, observed_at, received_at, updated_at, kind, summary,
                details, customer_words, action_taken, suggestion, channel, customer_type,
                customer_segment, category, department, severity, switch_risk, store_id,
                anonymous, status, response, responded_at, wont_act_reason, escalated,
                escalation_note, raised_by)
            SELECT
                'b' || lpad(to_hex(g.i), 35, '0'), :org, g.i, 1, ts.obs, ts.obs, ts.obs,
                CASE WHEN g.i % 20 < 12 THEN 'pain_point' WHEN g.i % 20 < 17 THEN 'praise'
                     ELSE 'idea' END,
                'Bench observation ' || g.i, '',
                CASE WHEN g.i % 2 = 0 THEN 'Customer said something about it, number ' || g.i
                     ELSE '' END,
                '', '', (CAST(:channels AS text[]))[1 + g.i % 8],
                (ARRAY['existing','existing','prospect','former','unknown'])[1 + g.i % 5], '',
                CASE WHEN g.i % 29 = 0 THEN NULL
                     ELSE (CAST(:categories AS text[]))[1 + (g.i * 7 % 101) % 27] END,
                CASE WHEN g.i % 29 = 0 THEN NULL
                     ELSE (CAST(:departments AS text[]))[1 + (g.i * 7 % 101) % 27] END,
                1 + g.i % 5, g.i % 13 = 0, (CAST(:stores AS text[]))[1 + g.i % :nstores],
                g.i % 7 = 0,
                (ARRAY['new','new','acknowledged','in_progress','action_taken','action_taken',
                       'closed','wont_act','duplicate','action_taken'])[1 + g.i % 10],
                CASE WHEN g.i % 3 = 0 THEN 'Thank you: we changed it.' ELSE '' END,
                CASE WHEN g.i % 3 = 0 THEN to_char(ts.t + (1 + g.i % 21) * interval '1 day',
                     'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END,
                CASE WHEN g.i % 10 = 7 THEN 'Not in our hands.' ELSE '' END, false, '', 1
            FROM generate_series(1, :rows) AS g(i)
            CROSS JOIN LATERAL (
                SELECT t, to_char(t, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS obs
                FROM (SELECT (CAST(:last AS date) + interval '1 day')
                             - ((g.i::bigint * 7919) % (:days * 86400)) * interval '1 second'
                             AS t) AS d
            ) AS ts
        """), {"org": org, "rows": rows, "stores": stores, "nstores": len(stores),
               "channels": channels, "categories": categories, "departments": departments,
               "last": TODAY.isoformat(), "days": DAYS})
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    with db.engine.begin() as conn:
        conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
        for _name, definition in indexes:
            conn.execute(text(definition))
    indexed = time.perf_counter() - started
    started = time.perf_counter()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE observations"))
    vacuumed = time.perf_counter() - started
    return {"db": db, "org": org, "users": users, "stores": stores, "regions": regions,
            "load_s": loaded, "index_s": indexed, "vacuum_s": vacuumed}


def principal(db: Any, user_id: str) -> Any:
    from sqlalchemy import select

    from frontline.server import tables as t
    from frontline.server.auth import Principal, user_from_row

    with db.read() as conn:
        row = conn.execute(select(t.users).where(t.users.c.id == user_id)).one()
    user = user_from_row(row)
    return Principal(org_id=user.org_id, user=user)


def time_insights(db: Any, who: Any, days: int, runs: int) -> tuple[list[float], dict[str, Any]]:
    from frontline.server.insights import Query, insights

    query = Query(since=TODAY - timedelta(days=days - 1), until=TODAY)
    times, doc = [], {}
    for _ in range(runs + 2):
        started = time.perf_counter()
        with db.read() as conn:
            doc = insights(conn, who, query)
        times.append(time.perf_counter() - started)
    return times[2:], doc  # the first two warm the cache and the pool


def run(ctx: Context) -> list[Row]:
    pg = (os.environ.get("FRONTLINE_BENCH_POSTGRES_URL")
          or os.environ.get("FRONTLINE_TEST_POSTGRES_URL"))
    if not pg:
        ctx.notes.append("Not measured: set FRONTLINE_BENCH_POSTGRES_URL to a PostgreSQL database.")
        return [Row("insights", "not measured", verdict="no PostgreSQL")]
    from tests.bench.bench_server import _postgres_schema_url

    rows_wanted = int(os.environ.get("FRONTLINE_BENCH_INSIGHTS_ROWS")
                      or (200_000 if ctx.quick else 5_000_000))
    url, drop = _postgres_schema_url(pg, "ins")
    out: list[Row] = []
    try:
        data = load(url, rows_wanted)
        db = data["db"]
        ctx.notes.append(
            f"{rows_wanted:,} observations over {DAYS} days, {STORES} stores in {REGIONS} regions "
            f"(about {rows_wanted // STORES // DAYS} per store and day), loaded in "
            f"{data['load_s']:.0f} s (one INSERT ... SELECT generate_series), indexes built after "
            f"it in {data['index_s']:.0f} s, VACUUM ANALYZE {data['vacuum_s']:.0f} s.")
        load_before = os.getloadavg()[0]
        for role, who_id in data["users"].items():
            who = principal(db, who_id)
            for period, days in PERIODS.items():
                times, doc = time_insights(db, who, days, RUNS)
                p50, p95 = percentile(times, 50), percentile(times, 95)
                out.append(Row(
                    f"{WHO[role]} ({doc['scope']['stores']} stores), {period}: "
                    f"{doc['total']:,} observations counted, p50 {ms(p50)}",
                    f"p95 {ms(p95)}", "", "", "p95 ≤ 500 ms",
                    "met" if p95 <= TARGET else "missed"))
                print(f"  {out[-1].what}: {out[-1].measured}", flush=True)
        ctx.notes.append(f"Load average (1 min) when timing began {load_before:.1f}, when it "
                         f"ended {os.getloadavg()[0]:.1f}: this 2-core machine is shared, so "
                         "figures on a quiet one are lower.")
        ctx.notes.append(f"Each figure: {RUNS} runs of every query behind GET /v1/insights (one "
                         "read transaction, in process, no HTTP), after two warm-up runs.")
        if os.environ.get("FRONTLINE_BENCH_KEEP"):
            ctx.notes.append(f"kept: {url}")
            return out
        db.dispose()
    finally:
        if not os.environ.get("FRONTLINE_BENCH_KEEP"):
            drop()
    return out
