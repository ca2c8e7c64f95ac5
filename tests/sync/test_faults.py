"""Faults sync must survive, each against a real `frontline-server` process on loopback.

Every test ends by comparing the PC's file with the server's database: each observation
recorded on the PC is on the server exactly once (one `created` audit entry), and nothing
is left in the outbox after a final clean sync.

The short kill tests in the default suite interrupt a sync every time because they make it
so: the process is started with a faultpoint (`frontline.core.faultpoints`), says on
stderr when it has stopped there, and is killed then. FRONTLINE_LONG_TESTS=1 also runs the
long versions, which kill at random moments (≥100 client kills, ≥50 server kills).
FRONTLINE_TEST_POSTGRES_URL runs the server on PostgreSQL too (a database of our own name).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from frontline.core.faultpoints import ENV_VAR, announcement
from frontline.store import outbox
from frontline.store.db import Store
from frontline.store.observations import get_observation, save_observation
from frontline.sync import device
from frontline.sync.client import HttpClient
from frontline.sync.engine import Backoff, SyncReport, sync_once
from frontline.sync.protocol import PROTOCOL_HEADER
from tests.helpers.childoutput import GENEROUS, ChildOutput
from tests.helpers.realserver import FRONTLINE, SERVER_BACKENDS, RealServer
from tests.helpers.store import make
from tests.sync.faultproxy import FaultProxy, random_faults

LONG = os.environ.get("FRONTLINE_LONG_TESTS") == "1"


@pytest.fixture(params=SERVER_BACKENDS)
def server_backend(request: pytest.FixtureRequest) -> str:
    """Every test here runs its `server` on SQLite, and on PostgreSQL when it is set up."""
    return request.param  # type: ignore[no-any-return]


def enrol(server: RealServer, data_dir: Path) -> device.Enrolment:
    return device.enrol_pc(data_dir, server_url=server.url, code=server.code(),
                           device_name="Till under test")


@pytest.fixture
def pc(server: RealServer, tmp_path: Path) -> Path:
    """This PC's data folder, enrolled with the server."""
    folder = tmp_path / "pc"
    enrol(server, folder)
    return folder


def capture(data_dir: Path, n: int, prefix: str = "Queue at the tills") -> list[str]:
    store = Store.open(data_dir)
    try:
        db = store.connection()
        return [save_observation(db, make(f"{prefix} {i}", details="Waited a long time. " * 5)).id
                for i in range(n)]
    finally:
        store.close()


def sync_until_clean(data_dir: Path, client: HttpClient | None = None, *,
                     attempts: int = 30) -> SyncReport:
    """Sync until a run ends without error and nothing is queued (a clean final sync)."""
    store = Store.open(data_dir)
    client = client or device.make_client(data_dir)
    try:
        for _ in range(attempts):
            report = sync_once(store, client, batch_limit=50)
            if report.ok and report.pending == 0:
                return report
            time.sleep(0.2)
        raise AssertionError(f"sync did not converge: {report.error}")
    finally:
        store.close()


def assert_exactly_once(server: RealServer, data_dir: Path, mine: list[str]) -> None:
    store = Store.open(data_dir)
    try:
        db = store.connection()
        enrolled = device.enrolment(db)
        assert enrolled is not None
        assert outbox.count(db, include_quarantined=True) == 0
        local = {r[0] for r in db.execute(
            "SELECT id FROM observations WHERE sync_state = 'synced'")}
    finally:
        store.close()
    rows = server.query("SELECT o.id, (SELECT count(*) FROM audit a WHERE a.observation_id = o.id "
                        "AND a.action = 'created') FROM observations o")
    created = {r[0]: int(r[1]) for r in rows}
    lost = sorted(set(mine) - set(created))
    duplicated = sorted(i for i in mine if created.get(i, 0) > 1)
    assert not lost, f"{len(lost)} observation(s) lost: {lost[:5]}"
    assert not duplicated, f"{len(duplicated)} observation(s) duplicated: {duplicated[:5]}"
    assert set(mine) <= local


def test_capture_while_offline_then_every_observation_lands_exactly_once(
        server: RealServer, pc: Path) -> None:
    server.stop()
    mine = capture(pc, 20)
    store = Store.open(pc)
    client = device.make_client(pc)
    report = sync_once(store, client)
    assert report.error is not None and report.error.kind == "network"
    assert "safe on this PC" in str(report.error)
    mine += capture(pc, 15, "Fitting room queue")
    assert outbox.count(store.connection()) == 35  # the queue grows while offline
    store.close()
    offline = subprocess.run([*FRONTLINE, "sync", "--data-dir", str(pc)], capture_output=True,
                             text=True, timeout=120)
    assert offline.returncode == 3 and "safe on this PC" in offline.stderr
    server.start()
    final = sync_until_clean(pc, client)
    assert final.pushed + final.already_applied == 35
    assert_exactly_once(server, pc, mine)


CHILD = """
import sys
from pathlib import Path
from frontline.store.db import Store
from frontline.sync import device
from frontline.sync.engine import sync_once
data_dir = Path(sys.argv[1])
store = Store.open(data_dir)
client = device.make_client(data_dir)
print("started", flush=True)
for _ in range(200):
    report = sync_once(store, client, batch_limit=10)
    if report.ok and report.pending == 0:
        break
print("done", flush=True)
"""


def _kill_clients(server: RealServer, pc: Path, runs: int, seed: int) -> tuple[list[str], int]:
    """Kill a syncing client `runs` times at random moments (some land after its sync has
    ended: the faultpoint test above covers the kill mid-sync every time)."""
    rng = random.Random(seed)
    mine = capture(pc, 150)
    mid_run = 0
    for run in range(runs):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(pc)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout is not None
        child.stdout.readline()  # "started": imports done, the sync begins now
        time.sleep(rng.uniform(0.0, 0.5))  # a random moment, on purpose (not a wait)
        if child.poll() is None:
            mid_run += 1
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=GENEROUS)
        child.stdout.close()
        if child.stderr is not None:
            child.stderr.close()
        mine += capture(pc, rng.randint(10, 40), f"Run {run}: shelf empty")
    return mine, mid_run


def _kill_clients_at_faultpoint(server: RealServer, pc: Path, runs: int,
                                seed: int) -> list[str]:
    """Start a syncing client `runs` times and kill it each time at `sync.after_push`: the
    server has applied a batch (the first to the fourth), the PC has not recorded it."""
    rng = random.Random(seed)
    mine = capture(pc, 150)
    for run in range(runs):
        env = {**os.environ, ENV_VAR: f"sync.after_push@{rng.randint(1, 4)}"}
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(pc)], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert child.stderr is not None
        output = ChildOutput(child.stderr, name=f"client run {run}")
        try:
            output.wait_for(announcement("sync.after_push").strip())
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=GENEROUS)
            output.join()
        on_server = {r[0] for r in server.query("SELECT id FROM observations")}
        store = Store.open(pc)
        try:
            queued = {e.entity_id for e in outbox.pending(store.connection(), limit=10_000)}
        finally:
            store.close()
        # the kill fell between the server's answer and the PC's record of it
        assert queued & on_server, f"run {run}: no applied batch was left unrecorded"
        mine += capture(pc, rng.randint(10, 40), f"Run {run}: shelf empty")
    return mine


def test_client_killed_mid_sync_loses_and_duplicates_nothing(
        server: RealServer, pc: Path) -> None:
    mine = _kill_clients_at_faultpoint(server, pc, runs=3, seed=11)
    report = sync_until_clean(pc)
    assert report.already_applied >= 1  # the last killed run's batch comes back as such
    assert_exactly_once(server, pc, mine)


@pytest.mark.slow
@pytest.mark.skipif(not LONG, reason="set FRONTLINE_LONG_TESTS=1 for the long fault runs")
def test_client_killed_at_random_points_100_times(server: RealServer, pc: Path) -> None:
    mine, mid_run = _kill_clients(server, pc, runs=100, seed=1234)
    sync_until_clean(pc)
    assert_exactly_once(server, pc, mine)
    print(f"100 client kills, {mid_run} during a sync; {len(mine)} observations: "
          "0 lost, 0 duplicated")


def _kill_server(server: RealServer, pc: Path, runs: int, seed: int) -> tuple[list[str], int]:
    rng = random.Random(seed)
    mine = capture(pc, 200)
    client = device.make_client(pc)
    interrupted = 0
    for run in range(runs):
        reports: list[SyncReport] = []

        def push(reports: list[SyncReport] = reports) -> None:
            store = Store.open(pc)
            try:
                reports.append(sync_once(store, client, batch_limit=10))
            finally:
                store.close()

        worker = threading.Thread(target=push)
        worker.start()
        time.sleep(rng.uniform(0.0, 0.3))
        server.kill()
        worker.join(timeout=GENEROUS)
        assert not worker.is_alive()
        if reports and reports[0].error is not None:
            interrupted += 1
        mine += capture(pc, rng.randint(60, 150), f"Run {run}: card reader")
        server.start()
    client.close()
    return mine, interrupted


def _kill_server_at_faultpoint(server: RealServer, pc: Path, runs: int,
                               seed: int) -> list[str]:
    """Run a sync `runs` times and kill the server each time at `push.before_commit`: a
    batch (the first to the third of the run) is written inside its transaction, not
    committed."""
    rng = random.Random(seed)
    mine = capture(pc, 200)
    client = device.make_client(pc)
    for run in range(runs):
        server.stop()
        server.start(faultpoint=f"push.before_commit@{rng.randint(1, 3)}")
        reports: list[SyncReport] = []

        def push(reports: list[SyncReport] = reports) -> None:
            store = Store.open(pc)
            try:
                reports.append(sync_once(store, client, batch_limit=10))
            finally:
                store.close()

        worker = threading.Thread(target=push)
        worker.start()
        server.wait_at_faultpoint("push.before_commit")
        server.kill()
        worker.join(timeout=GENEROUS)
        assert not worker.is_alive()
        assert reports and reports[0].error is not None, f"run {run} was not interrupted"
        assert reports[0].error.kind == "network", reports[0].error
        mine += capture(pc, rng.randint(60, 150), f"Run {run}: card reader")
    client.close()
    server.start()
    return mine


def test_server_killed_mid_batch_loses_and_duplicates_nothing(
        server: RealServer, pc: Path) -> None:
    mine = _kill_server_at_faultpoint(server, pc, runs=3, seed=5)
    sync_until_clean(pc)
    assert_exactly_once(server, pc, mine)


@pytest.mark.slow
@pytest.mark.skipif(not LONG, reason="set FRONTLINE_LONG_TESTS=1 for the long fault runs")
def test_server_killed_mid_batch_50_times(server: RealServer, pc: Path) -> None:
    mine, interrupted = _kill_server(server, pc, runs=50, seed=99)
    sync_until_clean(pc)
    assert_exactly_once(server, pc, mine)
    print(f"50 server kills, {interrupted} interrupting a sync; {len(mine)} observations: "
          "0 lost, 0 duplicated")


def test_errors_resets_and_slow_answers_from_the_server_still_converge(
        server: RealServer, pc: Path) -> None:
    mine = capture(pc, 60)
    sequence = iter([("status", 500, None), ("status", 503, 1), ("delay", 1.5), "reset",
                     "reset_after"])
    mixed = random_faults(seed=3, p_fault=0.3)

    def choose() -> Any:
        return next(sequence, None) or mixed()

    with FaultProxy(("127.0.0.1", server.port), choose) as proxy:
        settings_timeout = (2.0, 1.0)  # the 1.5 s delay makes the client time out
        client = HttpClient(proxy.url, device.token_store(pc), timeout=settings_timeout)
        store = Store.open(pc)
        backoff = Backoff(base=0.05, cap=0.5)
        waits: list[tuple[str, float]] = []
        for _ in range(60):
            report = sync_once(store, client, batch_limit=10)
            delay = backoff.delay_after(report.error)
            if report.ok and report.pending == 0:
                break
            assert report.error is not None and delay is not None, report.error
            waits.append((report.error.kind, delay))
            time.sleep(delay)
        store.close()
        assert report.ok and report.pending == 0
        assert {"status", "delay", "reset", "reset_after"} <= set(proxy.counts)
        assert any(kind == "busy" and delay >= 1.0 for kind, delay in waits)  # Retry-After floor
    assert_exactly_once(server, pc, mine)


def test_one_invalid_item_is_set_aside_with_its_reason_and_the_rest_land(
        server: RealServer, pc: Path) -> None:
    mine = capture(pc, 4)
    store = Store.open(pc)
    bad = save_observation(store.connection(),
                           make("From an outdated category list", category="retired_category"))
    store.close()
    mine += capture(pc, 4, "Praise for the staff")
    result = subprocess.run([*FRONTLINE, "sync", "--data-dir", str(pc), "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 6, result.stderr  # synced, with something set aside
    report = json.loads(result.stdout)
    assert [q["observation_id"] for q in report["quarantined"]] == [bad.id]
    store = Store.open(pc)
    listed = get_observation(store.connection(), bad.id)
    store.close()
    assert listed is not None and listed.sync_state == "quarantined"
    assert "retired_category" in listed.sync_error
    status = json.loads(subprocess.run([*FRONTLINE, "status", "--data-dir", str(pc), "--json"],
                                       capture_output=True, text=True, timeout=120).stdout)
    assert status["quarantined"] == 1 and status["pending"] == 0
    assert "retired_category" in status["quarantined_items"][0]["reason"]
    on_server = {r[0] for r in server.query("SELECT id FROM observations")}
    assert set(mine) <= on_server and bad.id not in on_server


def test_revoked_pc_is_asked_to_enrol_again_and_keeps_its_queue(
        server: RealServer, tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    code = server.code()
    enrolled = subprocess.run([*FRONTLINE, "enrol", "--server", server.url, "--code",
                               code, "--data-dir", str(pc), "--json"],
                              capture_output=True, text=True, timeout=120)
    assert enrolled.returncode == 0, enrolled.stderr
    device_id = json.loads(enrolled.stdout)["device_id"]
    reused = subprocess.run([*FRONTLINE, "enrol", "--server", server.url, "--code", code,
                             "--data-dir", str(tmp_path / "pc2")], capture_output=True,
                            text=True, timeout=120)
    assert reused.returncode == 5 and "not valid" in reused.stderr  # a code works once
    mine = capture(pc, 3)
    server.cli("device", "revoke", device_id)
    result = subprocess.run([*FRONTLINE, "sync", "--data-dir", str(pc)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 5, result.stderr
    assert "Enrol this PC again" in result.stderr
    status = subprocess.run([*FRONTLINE, "status", "--data-dir", str(pc)], capture_output=True,
                            text=True, timeout=120).stdout
    assert "enrol it again" in status and "Waiting:      3 change(s)" in status
    again = subprocess.run([*FRONTLINE, "enrol", "--server", server.url, "--code",
                            server.code(), "--data-dir", str(pc)], capture_output=True,
                           text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert subprocess.run([*FRONTLINE, "sync", "--data-dir", str(pc)], capture_output=True,
                          timeout=120).returncode == 0
    assert_exactly_once(server, pc, mine)


def test_an_old_client_is_told_to_update_and_its_queue_is_untouched(
        server: RealServer, pc: Path) -> None:
    capture(pc, 3)
    store = Store.open(pc)
    db = store.connection()
    before = db.execute("SELECT * FROM outbox ORDER BY seq").fetchall()
    client = device.make_client(pc)
    client.session.headers[PROTOCOL_HEADER] = "0"  # what a client of protocol 0 sends
    report = sync_once(store, client)
    assert report.error is not None and report.error.kind == "update_required"
    assert db.execute("SELECT * FROM outbox ORDER BY seq").fetchall() == before
    store.close()
    assert server.query("SELECT count(*) FROM observations WHERE device_id IS NOT NULL")[0][0] == 0
