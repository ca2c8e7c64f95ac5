"""Stateless: two real `frontline-server serve` processes on one PostgreSQL database.

PCs push to both processes alternately (and replay each batch on the other process, as a
client does after a timeout), while a reader polls both alternately with small pages.
Every observation must land exactly once, each PC and the manager must see exactly the
others' observations in their scope from either process, and the polling reader must see
every change once (a cursor made by one process works on the other, and no reader skips a
change committed out of order by the other process).

Needs PostgreSQL (FRONTLINE_TEST_POSTGRES_URL); each run migrates a schema of its own.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from frontline.server import admin, auth
from frontline.server import tables as t
from frontline.server.db import Database
from frontline.server.settings import Settings
from tests.helpers.realserver import RealServer
from tests.helpers.server import (
    FAST_HASH,
    NO_POSTGRES,
    PASSWORD,
    POSTGRES_URL,
    migrated_schema,
    observation,
    upsert,
)

pytestmark = pytest.mark.postgres

PROTOCOL = {"X-Frontline-Protocol": "1"}
BATCHES = 12  # per PC
BATCH = 7  # observations per push


@pytest.fixture
def schema_url() -> Iterator[str]:
    """A database URL whose search_path is a fresh, migrated schema (dropped afterwards)."""
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    with migrated_schema("ft2p") as schema:
        sep = "&" if "?" in POSTGRES_URL else "?"
        yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def two_servers(schema_url: str, tmp_path: Path) -> Iterator[tuple[RealServer, RealServer]]:
    """Two server processes on one database, listening; once they have stopped, neither may
    have logged an error."""
    servers = [RealServer(tmp_path / name, database_url=schema_url) for name in ("one", "two")]
    try:
        for server in servers:
            server.data_dir.mkdir()
            server.start()
        yield servers[0], servers[1]
    finally:
        for server in servers:
            server.stop()
    logs = "".join(server.logs() for server in servers)
    assert '"status": 500' not in logs and "Traceback" not in logs, logs[-3000:]


def seed(url: str) -> dict[str, Any]:
    """One organisation, stores A and B, two employees in A, one in B, a manager of A, and
    enrolment codes for three PCs."""
    settings = Settings(data_dir=Path("."), **FAST_HASH)  # type: ignore[arg-type]
    db = Database(url)
    now = datetime.now(UTC)
    with db.write() as conn:
        org = admin.create_org(conn, "Two Process Retail", now=now)
        a = admin.create_store(conn, org, "A", "Alpha")
        b = admin.create_store(conn, org, "B", "Beta")
        users = {name: admin.create_user(conn, settings, org, username=name, role=role,
                                         password=PASSWORD, store=store, now=now)
                 for name, role, store in (("ann", "employee", a), ("abe", "employee", a),
                                           ("bea", "employee", b), ("max", "manager", a))}
        codes = {pc: auth.issue_enrolment_code(conn, settings, store_id=store, created_by=None,
                                               now=now)[0]
                 for pc, store in (("pc_a1", a), ("pc_a2", a), ("pc_b", b))}
    db.dispose()
    return {"stores": {"A": a, "B": b}, "users": users, "codes": codes}


def pull_all(client: httpx.Client, bases: list[str], headers: dict[str, str],
             cursor: str | None = None, limit: int = 13) -> tuple[list[str], str | None]:
    """Pull pages until idle, alternating between the servers; every id seen, in order."""
    seen: list[str] = []
    turn = 0
    while True:
        params: dict[str, Any] = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        response = client.get(f"{bases[turn % len(bases)]}/v1/pull", headers=headers, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        seen += [o["id"] for o in page["observations"]]
        cursor = page["cursor"]
        turn += 1
        if not page["has_more"]:
            return seen, cursor


def test_two_server_processes_on_one_database_land_every_observation_once(
    schema_url: str, two_servers: tuple[RealServer, RealServer]
) -> None:
    world = seed(schema_url)
    bases = [two_servers[0].url, two_servers[1].url]
    client = httpx.Client(timeout=30)
    pcs: dict[str, dict[str, str]] = {}
    for i, (pc, code) in enumerate(world["codes"].items()):  # enrol on alternate servers
        enrolled = client.post(f"{bases[i % 2]}/v1/enrol", headers=PROTOCOL,
                               json={"code": code, "device_name": pc})
        assert enrolled.status_code == 200, enrolled.text
        pcs[pc] = {**PROTOCOL, "X-Frontline-Device": enrolled.json()["device_token"]}
    # a code spent on one process is spent on the other too
    again = client.post(f"{bases[1]}/v1/enrol", headers=PROTOCOL,
                        json={"code": world["codes"]["pc_a1"], "device_name": "again"})
    assert again.status_code == 401
    token = client.post(f"{bases[1]}/v1/sign-in", headers=PROTOCOL,
                        json={"username": "max", "password": PASSWORD}).json()["user_token"]
    manager = {**PROTOCOL, "Authorization": f"Bearer {token}"}
    authors = {"pc_a1": world["users"]["ann"], "pc_a2": world["users"]["abe"],
               "pc_b": world["users"]["bea"]}

    pushed: dict[str, list[str]] = {pc: [] for pc in pcs}
    errors: list[str] = []
    stop_polling = threading.Event()
    polled: list[str] = []

    def pc_worker(pc: str) -> None:
        with httpx.Client(timeout=30) as http:
            for k in range(BATCHES):
                batch = [observation(author_id=authors[pc], summary=f"{pc} batch {k} #{j}")
                         for j in range(BATCH)]
                mutations = [upsert(o) for o in batch]
                first, second = bases[k % 2], bases[(k + 1) % 2]
                answer = http.post(f"{first}/v1/push", headers=pcs[pc],
                                   json={"mutations": mutations})
                replay = http.post(f"{second}/v1/push", headers=pcs[pc],
                                   json={"mutations": mutations})
                if answer.status_code != 200 or replay.status_code != 200:
                    errors.append(f"{pc} batch {k}: {answer.status_code} {replay.status_code}")
                    continue
                statuses = [r["status"] for r in answer.json()["results"]]
                replayed = [r["status"] for r in replay.json()["results"]]
                if statuses != ["applied"] * BATCH or replayed != ["already_applied"] * BATCH:
                    errors.append(f"{pc} batch {k}: {statuses} then {replayed}")
                pushed[pc] += [o["id"] for o in batch]

    def poller() -> None:  # the manager polls both servers while the PCs push
        cursor = None
        with httpx.Client(timeout=30) as http:
            while not stop_polling.is_set():
                seen, cursor = pull_all(http, bases, manager, cursor, limit=5)
                polled.extend(seen)
                time.sleep(0.01)
            seen, cursor = pull_all(http, bases, manager, cursor, limit=5)
            polled.extend(seen)

    watcher = threading.Thread(target=poller)
    workers = [threading.Thread(target=pc_worker, args=(pc,)) for pc in pcs]
    watcher.start()
    for w in workers:
        w.start()
    for w in workers:
        w.join(300)
    stop_polling.set()
    watcher.join(120)
    assert not errors, "\n".join(errors[:20])

    store_a = set(pushed["pc_a1"]) | set(pushed["pc_a2"])
    everything = store_a | set(pushed["pc_b"])
    assert len(everything) == len(pcs) * BATCHES * BATCH

    # exactly once in the database
    db = Database(schema_url)
    with db.read() as conn:
        rows = conn.execute(select(t.observations.c.id,
                                   func.count()).group_by(t.observations.c.id)).all()
        applied = conn.execute(select(func.count()).select_from(t.applied_mutations)).scalar_one()
    db.dispose()
    assert {r[0] for r in rows} == everything
    assert all(r[1] == 1 for r in rows)
    assert applied == len(everything)

    # the polling manager saw every change of their store once, nothing of store B
    assert len(polled) == len(set(polled)), "a change was delivered twice"
    assert set(polled) == store_a

    # each PC, pulling from scratch from the server it did not push to last, sees its
    # store's observations (made by the store's employees), and nothing of the other store
    for i, pc in enumerate(pcs):
        seen, _ = pull_all(client, [bases[(i + 1) % 2], bases[i % 2]], pcs[pc])
        assert len(seen) == len(set(seen))
        assert set(seen) == (set(pushed["pc_b"]) if pc == "pc_b" else store_a), pc
    # a cursor from one process is good on the other: an idle check on each returns nothing
    _, cursor = pull_all(client, [bases[0]], manager)
    for base in bases:
        idle = client.get(f"{base}/v1/pull", headers=manager, params={"cursor": cursor}).json()
        assert idle["observations"] == [] and not idle["has_more"]
    client.close()


def test_two_processes_agree_on_races_a_code_spent_once_and_one_review_wins(
    schema_url: str, two_servers: tuple[RealServer, RealServer]
) -> None:
    """The same enrolment code sent to both processes at once enrols one PC; two managers
    answering the same observation at once, one on each process, from the same revision:
    one change applies, the other is a conflict with an audit entry, never both."""
    from concurrent.futures import ThreadPoolExecutor

    world = seed(schema_url)
    bases = [two_servers[0].url, two_servers[1].url]
    settings = Settings(data_dir=Path("."), **FAST_HASH)  # type: ignore[arg-type]
    db = Database(schema_url)
    with db.write() as conn:
        org = conn.execute(select(t.organisations.c.id)).scalar_one()
        admin.create_user(conn, settings, org, username="mia", role="manager", password=PASSWORD,
                          store=world["stores"]["A"], now=datetime.now(UTC))
        codes = [auth.issue_enrolment_code(conn, settings, store_id=world["stores"]["A"],
                                           created_by=None, now=datetime.now(UTC))[0]
                 for _ in range(10)]
    with httpx.Client(timeout=30) as client, ThreadPoolExecutor(4) as pool:
        for code in codes:
            answers = list(pool.map(lambda base, c=code: client.post(  # type: ignore[misc]
                f"{base}/v1/enrol", headers=PROTOCOL, json={"code": c, "device_name": "race"}),
                bases))
            assert sorted(a.status_code for a in answers) == [200, 401], [a.text for a in answers]
        pc = {**PROTOCOL, "X-Frontline-Device": client.post(
            f"{bases[0]}/v1/enrol", headers=PROTOCOL,
            json={"code": world["codes"]["pc_a1"], "device_name": "pc"}).json()["device_token"]}
        managers = [{**PROTOCOL, "Authorization": "Bearer " + client.post(
            f"{base}/v1/sign-in", headers=PROTOCOL,
            json={"username": name, "password": PASSWORD}).json()["user_token"]}
            for base, name in zip(bases, ("max", "mia"), strict=True)]
        targets = [observation(author_id=world["users"]["ann"]) for _ in range(20)]
        pushed = client.post(f"{bases[0]}/v1/push", headers=pc,
                             json={"mutations": [upsert(o) for o in targets]})
        assert all(r["status"] == "applied" for r in pushed.json()["results"])

        def review(k: int, obs_id: str) -> str:
            answer = client.post(f"{bases[k]}/v1/push", headers=managers[k], json={"mutations": [{
                "id": str(uuid.uuid4()), "op": "review.update", "observation_id": obs_id,
                "base_rev": 1, "changes": {"response": f"answer from manager {k}"}}]})
            assert answer.status_code == 200, answer.text
            return str(answer.json()["results"][0]["status"])

        for obs in targets:
            outcomes = sorted(pool.map(review, (0, 1), (obs["id"], obs["id"])))
            assert outcomes == ["applied", "conflict"], outcomes
    with db.read() as conn:
        for obs in targets:
            actions = sorted(conn.execute(select(t.audit.c.action).where(
                t.audit.c.observation_id == obs["id"])).scalars())
            assert actions == ["conflict", "created", "reviewed"], actions
            rev = conn.execute(select(t.observations.c.rev)
                               .where(t.observations.c.id == obs["id"])).scalar_one()
            assert rev == 2
    db.dispose()
