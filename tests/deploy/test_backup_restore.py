"""Backups of the server, restored, with PCs that kept syncing after the backup
(docs/deploy.md, "Backups" and "Restoring").

SQLite: `frontline-server backup --out FILE` while the server serves (online backup API),
`frontline-server restore --from FILE` with the server stopped. PostgreSQL: `pg_dump -Fc`,
`pg_restore` into a fresh database, then `frontline-server restore` (the same last step).
The restored server holds every observation, answer and audit entry of the backup; a PC
whose pull cursor is ahead of the restored database is told to start again (`reset`),
takes the server's state, and sends again its observations the server lost; nothing is
lost or doubled, and syncing goes on."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from frontline.core.model import Observation
from frontline.demo import DEMO_PASSWORD
from frontline.store import outbox, review
from frontline.store.db import Store
from frontline.store.observations import get_observation, save_observation
from frontline.sync import device
from frontline.sync.engine import SyncReport, sync_once
from tests.helpers.realserver import (
    SERVER,
    DemoTemplate,
    RealServer,
    run_server_cli,
    server_env,
)

PG_BASE = os.environ.get("FRONTLINE_TEST_POSTGRES_URL", "")
STORE = "S012"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    return DemoTemplate(tmp_path_factory.mktemp("backup-demo"))


class PC:
    def __init__(self, server: RealServer, folder: Path) -> None:
        [code] = run_server_cli(server.data_dir, "enrolment-code", "--store", STORE,
                                database_url=server.database_url)["codes"]
        self.enrolment = device.enrol_pc(folder, server_url=server.url, code=code["code"],
                                         device_name=folder.name)
        self.store = Store.open(folder)
        self.db = self.store.connection()
        self.client = device.make_client(folder)

    def submit(self, author_id: str, summary: str) -> str:
        obs = save_observation(self.db, Observation.new(summary=summary, kind="pain_point",
                                                        author_id=author_id))
        return obs.id

    def sync(self) -> SyncReport:
        report = sync_once(self.store, self.client)
        assert report.ok, report.error
        return report

    def close(self) -> None:
        self.client.close()
        self.store.close()


def employee_and_manager(server: RealServer) -> tuple[str, str]:
    rows = server.query("SELECT u.id, u.username, u.role FROM users u JOIN stores s ON "
                        "s.id = u.store_id WHERE s.code = :c ORDER BY u.username", c=STORE)
    employee = next(r[0] for r in rows if r[2] == "employee")
    manager = next(r[1] for r in rows if r[2] == "manager")
    return employee, manager


def snapshot(server: RealServer) -> tuple[list[Any], list[Any]]:
    observations = server.query("SELECT id, rev, status, response, assignee_department "
                                "FROM observations ORDER BY id")
    audit = server.query("SELECT observation_id, rev, action, at FROM audit "
                         "ORDER BY observation_id, rev, action")
    return [tuple(r) for r in observations], [tuple(r) for r in audit]


def run(*cmd: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, f"{cmd[0]}: {result.stderr}"
    return result.stdout


def server_cmd(server: RealServer, *args: str) -> str:
    return run(*SERVER, "--data-dir", str(server.data_dir), *args,
               env=server_env(server.database_url))


class Backend:
    """How one database engine is backed up and restored (docs/deploy.md)."""

    def __init__(self, kind: str, server: RealServer, folder: Path):
        self.kind, self.server, self.folder = kind, server, folder

    def backup(self) -> Path:
        if self.kind == "sqlite":
            out = self.folder / "backups" / "frontline.db"
            server_cmd(self.server, "backup", "--out", str(out))
            return out
        out = self.folder / "frontline.dump"
        run("pg_dump", "--format=custom", "--no-owner", f"--file={out}", "--dbname",
            libpq_url(self.server.database_url))
        return out

    def restore(self, backup: Path) -> None:
        self.server.stop()
        if self.kind == "sqlite":
            server_cmd(self.server, "restore", "--from", str(backup))
        else:
            url = libpq_url(self.server.database_url)
            admin = libpq_url(make_url(self.server.database_url).set(database="postgres")
                              .render_as_string(hide_password=False))
            name = make_url(self.server.database_url).database
            run("psql", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", admin, "-c",
                f'DROP DATABASE "{name}" WITH (FORCE)', "-c", f'CREATE DATABASE "{name}"')
            run("pg_restore", "--no-owner", "--exit-on-error", "--dbname", url, str(backup))
            server_cmd(self.server, "restore")
        self.server.start()


def libpq_url(sqlalchemy_url: str) -> str:
    return sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://")


def backends() -> list[Any]:
    pg_missing = not PG_BASE or not shutil.which("pg_dump") or not shutil.which("pg_restore")
    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
        pg_missing, reason="PostgreSQL: needs FRONTLINE_TEST_POSTGRES_URL and pg_dump/"
                           "pg_restore (.ci/run provides both)"))]


@pytest.fixture(params=backends())
def world(request: pytest.FixtureRequest, template: DemoTemplate,
          tmp_path: Path) -> Iterator[tuple[RealServer, Backend]]:
    kind = request.param
    server = RealServer.from_template(template, tmp_path / "server",
                                      postgres_base=PG_BASE if kind == "postgresql" else "")
    server.start()
    try:
        yield server, Backend(kind, server, tmp_path)
    finally:
        server.stop()
        if kind == "postgresql":
            from tests.helpers.realserver import drop_postgres

            drop_postgres(PG_BASE)


def test_a_restored_backup_has_everything_and_pcs_that_synced_since_converge(
        world: tuple[RealServer, Backend], tmp_path: Path) -> None:
    server, backend = world
    employee, manager = employee_and_manager(server)
    till = PC(server, tmp_path / "till")
    office = PC(server, tmp_path / "office")
    office.user = device.sign_in(office.db, office.client, manager, DEMO_PASSWORD)  # type: ignore[attr-defined]
    try:
        before = [till.submit(employee, f"Before the backup {i}") for i in range(5)]
        till.sync()
        office.sync()
        review.acknowledge(office.db, before[0])
        review.respond(office.db, before[0], "A second till opens at lunchtime.")
        office.sync()
        till.sync()
        at_backup = snapshot(server)
        assert ("A second till opens at lunchtime." in
                {r[3] for r in at_backup[0] if r[0] == before[0]})

        backup = backend.backup()

        # after the backup: more observations and answers, pulled by both PCs
        lost = [till.submit(employee, f"After the backup {i}") for i in range(3)]
        assert till.sync().pushed == 3
        office.sync()
        review.respond(office.db, before[1], "Answered after the backup.")
        review.set_status(office.db, lost[0], "in_progress")
        office.sync()
        till.sync()
        assert len(snapshot(server)[0]) == len(at_backup[0]) + 3

        backend.restore(backup)

        # every observation, answer and audit entry of the backup, and nothing after it
        assert snapshot(server) == at_backup

        report = till.sync()
        assert sorted(report.resent) == sorted(lost)  # its own, sent again
        assert report.pushed == 3 and outbox.count(till.db) == 0
        office_report = office.sync()
        assert office_report.resent == []  # it lost no observation of its own

        for obs_id in lost:  # each exactly once, as new again
            assert server.created_counts(till.enrolment.device_id)[obs_id] == 1
            [row] = server.query("SELECT status FROM observations WHERE id = :i", i=obs_id)
            assert row[0] == "new"
        after = snapshot(server)
        assert len(after[0]) == len(at_backup[0]) + 3
        created = [a for a in after[1] if a[2] == "created"]
        assert len({a[0] for a in created}) == len(created)  # nothing doubled

        # both PCs hold what the server holds (the answer given after the backup is gone)
        for pc in (till, office):
            for obs_id in [*before, *lost]:
                local = get_observation(pc.db, obs_id)
                [held] = server.query("SELECT status, response FROM observations "
                                      "WHERE id = :i", i=obs_id)
                assert local is not None, obs_id
                assert (local.observation.status, local.observation.response) == tuple(held)
                assert local.sync_state == "synced"

        # and syncing goes on: a new observation reaches the other PC
        new = till.submit(employee, "After the restore")
        assert till.sync().pushed == 1
        office.sync()
        assert get_observation(office.db, new) is not None
        assert till.sync().resent == [] and till.sync().pulled == 0
    finally:
        till.close()
        office.close()


def test_a_backup_taken_while_pcs_push_is_consistent(template: DemoTemplate,
                                                     tmp_path: Path) -> None:
    server = RealServer.from_template(template, tmp_path / "server")
    server.start()
    pc = PC(server, tmp_path / "pc")
    employee, _ = employee_and_manager(server)
    stop = threading.Event()
    pushed: list[int] = []

    def keep_pushing() -> None:
        local = Store.open(tmp_path / "pc")
        client = device.make_client(tmp_path / "pc")
        try:
            n = 0
            while not stop.is_set():
                for _ in range(5):
                    save_observation(local.connection(), Observation.new(
                        summary=f"During the backup {n}", kind="idea", author_id=employee))
                    n += 1
                report = sync_once(local, client)
                assert report.ok, report.error
                pushed.append(report.pushed)
        finally:
            client.close()
            local.close()

    writer = threading.Thread(target=keep_pushing)
    writer.start()
    try:
        backups = []
        for i in range(3):
            out = tmp_path / f"b{i}.db"
            server_cmd(server, "backup", "--out", str(out))
            backups.append(out)
    finally:
        stop.set()
        writer.join(timeout=120)
        pc.close()
        server.stop()
    assert sum(pushed) > 0
    counts: list[int] = []
    for out in backups:
        check = RealServer(tmp_path / f"check-{out.stem}")
        check.data_dir.mkdir()
        shutil.copy(out, check.data_dir / "frontline-server.db")
        # every observation with its "created" audit entry: one moment, not a torn copy
        rows = check.query("SELECT o.id, (SELECT count(*) FROM audit a WHERE "
                           "a.observation_id = o.id AND a.action = 'created') FROM observations o "
                           "WHERE o.device_id = :d", d=pc.enrolment.device_id)
        assert all(r[1] == 1 for r in rows)
        counts.append(len(rows))
        [[head]] = check.query("SELECT max(version) FROM organisations")
        [[top]] = check.query("SELECT max(version) FROM observations")
        assert top <= head
    assert counts == sorted(counts) and counts[-1] > 0, counts


def test_backup_refuses_postgresql_and_says_what_to_use(tmp_path: Path) -> None:
    result = subprocess.run(
        [*SERVER, "--data-dir", str(tmp_path), "--database-url",
         "postgresql+psycopg://x:y@127.0.0.1:9/nothing", "backup", "--out", str(tmp_path / "b")],
        capture_output=True, text=True, env=server_env(), timeout=60)
    assert result.returncode == 1 and "pg_dump" in result.stderr
    assert not (tmp_path / "b").exists()


def test_restore_without_a_database_or_with_a_damaged_backup_changes_nothing(
        tmp_path: Path) -> None:
    env = server_env()
    empty = subprocess.run([*SERVER, "--data-dir", str(tmp_path / "none"), "restore"],
                           capture_output=True, text=True, env=env, timeout=60)
    assert empty.returncode == 1 and "--from" in empty.stderr
    data = tmp_path / "server"
    run(*SERVER, "--data-dir", str(data), "init", env=env)
    before = (data / "frontline-server.db").read_bytes()
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database" * 500)
    result = subprocess.run([*SERVER, "--data-dir", str(data), "restore", "--from", str(bad)],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1, result.stdout
    assert (data / "frontline-server.db").read_bytes() == before
