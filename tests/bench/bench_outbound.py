"""Outbound e-mail (issue 14): how long the weekly digest takes to build for an
organisation of 300 stores (SQLite, a file), and how long an urgent observation takes to
reach its manager's mailbox (push to a real SMTP server on loopback receiving it, p50 and
p95), beside the promise "within a minute".

The organisation: 300 stores in 10 regions, a manager per store and a leader per region
plus one for the whole organisation, all with an address; 30,000 observations over the
last two weeks (`--quick`: 30 stores, 3,000).
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.bench.run import Context, Row, ms, percentile

TITLE = "Server: digest build and alert delay (outbound e-mail)"


def _world(ctx: Context, stores: int, rows: int) -> tuple[Any, Any, str, list[str]]:
    import random

    from sqlalchemy import update

    from frontline.core import taxonomy
    from frontline.core.ids import format_time, new_id
    from frontline.server import admin, migrate
    from frontline.server import tables as t
    from frontline.server.db import Database
    from frontline.server.settings import Settings
    from frontline.server.sync.bulk import insert_many

    db = Database(f"sqlite:///{ctx.workdir / 'bench.db'}")
    migrate.upgrade(db)
    settings = Settings(data_dir=ctx.workdir, argon2_time_cost=1, argon2_memory_kib=8192)
    now = datetime.now(UTC)
    rand = random.Random(14)
    categories = [c.code for c in taxonomy.CATEGORIES]
    with db.write() as conn:
        org = admin.create_org(conn, "Bench Retail", now=now)
        regions = [admin.create_region(conn, org, f"Region {i}") for i in range(10)]
        store_ids = [admin.create_store(conn, org, f"S{i:03d}", f"Store {i}",
                                        region_id=regions[i % 10]) for i in range(stores)]
        people = [admin.create_user(conn, settings, org, username=f"m{i}", role="manager",
                                    store=s, now=now) for i, s in enumerate(store_ids)]
        people += [admin.create_user(conn, settings, org, username=f"l{i}", role="leader",
                                     region_id=r, now=now) for i, r in enumerate(regions)]
        people.append(admin.create_user(conn, settings, org, username="cx", role="leader",
                                        now=now))
        conn.execute(update(t.users).values(email=t.users.c.username + "@example.com"))
        batch = []
        for i in range(rows):
            when = format_time(now - timedelta(minutes=rand.randrange(14 * 24 * 60)))
            answered = rand.random() < 0.3
            batch.append({
                "id": new_id(), "org_id": org, "version": 1, "rev": 1, "observed_at": when,
                "received_at": when, "updated_at": when,
                "kind": rand.choice(["pain_point"] * 3 + ["praise", "idea"]),
                "summary": f"Observation {i}", "customer_words": f"Customer words {i}",
                "channel": "in_store", "customer_type": "existing",
                "category": rand.choice(categories), "switch_risk": rand.random() < 0.08,
                "store_id": store_ids[i % stores], "anonymous": True,
                "status": "action_taken" if answered else "new",
                "response": "We fixed it" if answered else "",
                "responded_at": when if answered else None})
            if len(batch) == 1000:
                insert_many(conn, t.observations, batch)
                batch = []
        if batch:
            insert_many(conn, t.observations, batch)
    return db, settings, org, store_ids


def run(ctx: Context) -> list[Row]:
    from fastapi.testclient import TestClient

    from frontline.core.ids import new_id
    from frontline.server import auth, create_app
    from frontline.server.outbound import digest
    from frontline.sync.protocol import DEVICE_TOKEN_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION
    from tests.outbound.receivers import Mailbox

    stores, rows = (30, 3_000) if ctx.quick else (300, 30_000)
    db, settings, org, store_ids = _world(ctx, stores, rows)
    started = time.perf_counter()
    with db.write() as conn:
        made = digest.make(conn, settings, org, datetime.now(UTC), out=ctx.workdir / "eml")
    build = time.perf_counter() - started
    out = [Row(f"digest for {stores} stores: {len(made)} e-mails built", ms(build),
               target="—", verdict=f"{ms(build / max(1, len(made)))} per recipient")]

    mailbox = Mailbox()
    live = replace(settings, smtp_host="127.0.0.1", smtp_port=mailbox.port,
                   digest_weekday=-1, alert_min_interval_minutes=0)
    delays = []
    try:
        with TestClient(create_app(live, database=db)) as client:
            for i in range(20 if not ctx.quick else 5):
                with db.write() as conn:
                    code, _ = auth.issue_enrolment_code(conn, live, store_id=store_ids[i],
                                                        created_by=None,
                                                        now=datetime.now(UTC))
                token = client.post("/v1/enrol", json={"code": code, "device_name": "b"},
                                    headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
                                    ).json()["device_token"]
                obs = {"id": new_id(), "observed_at": "2026-12-01T10:00:00.000Z",
                       "kind": "pain_point", "summary": "Leaving for the competitor",
                       "channel": "in_store", "customer_type": "existing", "switch_risk": True,
                       "anonymous": True}
                sent = time.perf_counter()
                client.post("/v1/push", headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION),
                                                 DEVICE_TOKEN_HEADER: token},
                            json={"mutations": [{"id": new_id(), "op": "observation.upsert",
                                                 "observation": obs}]})
                mailbox.wait(1, timeout=120)
                delays.append(time.perf_counter() - sent)
    finally:
        mailbox.close()
        db.dispose()
    p95 = percentile(delays, 95)
    out.append(Row(f"alert: push to mailbox, p50 over {len(delays)}",
                   ms(percentile(delays, 50)), target="≤ 60 s", verdict="ok"))
    out.append(Row("alert: push to mailbox, p95", ms(p95), target="≤ 60 s",
                   verdict="ok" if p95 <= 60 else "MISSED"))
    ctx.notes.append("The alert delay is mostly the worker's half-second poll; SMTP on "
                     "loopback (aiosmtpd).")
    return out
