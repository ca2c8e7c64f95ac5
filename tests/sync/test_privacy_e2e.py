"""Privacy end to end, through a real `frontline-server` process on loopback and real PCs'
data folders: anonymity holds everywhere, erasure and retention reach every PC, and tokens
and observation text stay out of files and logs.

"Everywhere" is checked by brute force: every table of the server database (every column,
as text), the server's whole log output (JSON lines at DEBUG), every table of each PC's
SQLite file (the full-text index's tables included), the raw bytes of the file and its
write-ahead log, and every record the PC's code logged at DEBUG (written to the data
folder's `logs/`, as the app does).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from frontline.core.ids import format_time
from frontline.demo import DEMO_PASSWORD
from frontline.store.db import Store
from frontline.store.observations import get_observation, save_observation
from frontline.store.paths import log_dir
from frontline.sync import device
from frontline.sync.client import DEVICE_TOKEN, user_token_name
from frontline.sync.engine import sync_once
from tests.helpers import realserver
from tests.helpers.realserver import SERVER_BACKENDS, RealServer
from tests.helpers.store import make


@pytest.fixture(params=SERVER_BACKENDS)
def server_backend(request: pytest.FixtureRequest) -> str:
    """Every test here runs its `server` on SQLite, and on PostgreSQL when it is set up."""
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def server_log_level(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every log line the server can write (its CLI commands' too), so that the scan of its
    output means something."""
    monkeypatch.setitem(realserver.FAST_ENV, "FRONTLINE_LOG_LEVEL", "DEBUG")
    return "DEBUG"


@pytest.fixture
def pc_log(tmp_path: Path) -> Iterator[Path]:
    """Everything the desktop code logs, at DEBUG, into a file (as the app's log folder)."""
    path = tmp_path / "pc-logs" / "frontline.log"
    path.parent.mkdir()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
        handler.close()


# --- helpers ---------------------------------------------------------------------------


def enrol(server: RealServer, data_dir: Path, code: str | None = None) -> device.Enrolment:
    return device.enrol_pc(data_dir, server_url=server.url, code=code or server.code(),
                           device_name="Shop floor PC")


def employee_of(server: RealServer, store_id: str) -> dict[str, str]:
    [row] = server.query("SELECT id, username, display_name FROM users WHERE store_id = :s "
                         "AND role = 'employee' AND disabled = :f ORDER BY username LIMIT 1",
                         s=store_id, f=False)
    return {"id": row[0], "username": row[1], "display_name": row[2]}


def server_rows(server: RealServer) -> dict[str, list[str]]:
    """Every row of every server table, each as one JSON text of all its columns."""
    engine = create_engine(server.engine_url())
    try:
        names = inspect(engine).get_table_names()
        out: dict[str, list[str]] = {}
        with engine.connect() as conn:
            for name in names:
                rows = conn.execute(text(f'SELECT * FROM "{name}"')).mappings().all()
                out[name] = [json.dumps({k: str(v) for k, v in r.items()}) for r in rows]
        return out
    finally:
        engine.dispose()


def local_rows(data_dir: Path) -> dict[str, list[str]]:
    """Every row of every table of a PC's file (FTS shadow tables too), after emptying the
    write-ahead log into it."""
    conn = sqlite3.connect(data_dir / "frontline.db")
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        out: dict[str, list[str]] = {}
        for name in names:
            cursor = conn.execute(f'SELECT * FROM "{name}"')
            columns = [d[0] for d in cursor.description]
            out[name] = [json.dumps({c: (v.decode("latin-1") if isinstance(v, bytes) else str(v))
                                     for c, v in zip(columns, row, strict=True)})
                         for row in cursor]
        return out
    finally:
        conn.close()


def raw_bytes(data_dir: Path) -> bytes:
    """The local file and its write-ahead log, byte for byte."""
    out = b""
    for name in ("frontline.db", "frontline.db-wal"):
        path = data_dir / name
        if path.exists():
            out += path.read_bytes()
    return out


def traces(rows: dict[str, list[str]], needle: str) -> list[str]:
    """Every row (whole, as text, prefixed by its table) that contains `needle`."""
    return [f"{table}: {row}" for table, lines in rows.items() for row in lines if needle in row]


def sync(data_dir: Path, client: Any = None) -> Any:
    store = Store.open(data_dir)
    own = client is None
    client = client or device.make_client(data_dir)
    try:
        report = sync_once(store, client)
        assert report.ok, report.error
        return report
    finally:
        if own:
            client.close()
        store.close()


# --- anonymity -------------------------------------------------------------------------


def test_an_anonymous_observation_leaves_its_author_nowhere_on_the_server_or_the_pc(
        server: RealServer, tmp_path: Path, pc_log: Path) -> None:
    pc = tmp_path / "pc"
    enrolled = enrol(server, pc)
    author = employee_of(server, enrolled.store_id)
    store = Store.open(pc)
    client = device.make_client(pc)
    try:
        db = store.connection()
        # the author is even signed in on the PC while writing it
        device.sign_in(db, client, author["username"], DEMO_PASSWORD)
        anon = save_observation(db, make("Supervisor Brackenridge mocked a customer's accent",
                                         anonymous=True, details="In front of the queue"))
        named = save_observation(db, make("Card reader at till 2 keeps freezing"))
        report = sync_once(store, client)
        assert report.ok and report.pushed == 2, report.error
        # an edit and a withdrawal of the anonymous one go through the audit trail too
        save_observation(db, make("Supervisor Brackenridge mocked a customer's accent",
                                  id=anon.id, anonymous=True, details="Twice this week"))
        assert sync_once(store, client).ok
    finally:
        client.close()
        store.close()

    identity = [author["id"], author["username"], author["display_name"]]
    on_server = server_rows(server)
    about_it = traces(on_server, anon.id)
    assert any(t.startswith("observations:") for t in about_it)
    assert sum(t.startswith("audit:") for t in about_it) == 2  # created, edited
    assert any(t.startswith("applied_mutations:") for t in about_it)
    for who in identity:
        assert not [t for t in about_it if who in t], f"{who} stored with the observation"
    # nor the PC it came from (on a desk PC the device is as good as a name), outside the two
    # internal columns that let only that PC edit it and replay its own changes
    device_id = enrolled.device_id
    assert {t.split(":")[0] for t in about_it if device_id in t} == {"observations",
                                                                      "applied_mutations"}
    # the named one, sent in the same push, does carry its author: the scan can see one
    assert any(author["id"] in t for t in traces(on_server, named.id))
    server_log = server.log.read_text(encoding="utf-8")
    assert '"route": "/v1/push"' in server_log  # the requests were logged (at DEBUG)
    for who in identity:
        assert who not in server_log, f"{who} in the server's log"
    assert "Brackenridge" not in server_log

    on_pc = local_rows(pc)
    mine = traces(on_pc, anon.id)
    assert any(t.startswith("observations:") for t in mine)
    for who in [*identity, device_id]:
        assert not [t for t in mine if who in t], f"{who} kept with the observation on the PC"
    assert not traces({k: v for k, v in on_pc.items() if k in ("outbox", "drafts")}, anon.id)
    wal = pc / "frontline.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0  # all of it was in the tables scanned
    pc_text = pc_log.read_text(encoding="utf-8")
    assert "/v1/push" in pc_text  # the PC's code did log its work (at DEBUG)
    for who in [*identity, "Brackenridge", "Card reader"]:
        assert who not in pc_text


# --- tokens and text out of the file and the logs ---------------------------------------


def test_tokens_and_observation_text_stay_out_of_the_file_and_every_log(
        server: RealServer, tmp_path: Path, pc_log: Path) -> None:
    pc = tmp_path / "pc"
    enrolled = enrol(server, pc)
    person = employee_of(server, enrolled.store_id)
    store = Store.open(pc)
    client = device.make_client(pc)
    try:
        db = store.connection()
        device.sign_in(db, client, person["username"], DEMO_PASSWORD)
        save_observation(db, make("Customer Ottoline Featherstonehaugh asked for a refund",
                                  customer_words="I want my money back today"))
        assert sync_once(store, client).ok
    finally:
        client.close()
        store.close()
    tokens = device.token_store(pc)
    secrets = [tokens.get(DEVICE_TOKEN), tokens.get(user_token_name(person["id"]))]
    assert all(secrets) and all(len(s or "") > 20 for s in secrets)

    before_checkpoint = raw_bytes(pc)  # the WAL as the app left it
    logs = [pc_log.read_text(encoding="utf-8"), server.log.read_text(encoding="utf-8")]
    app_logs = log_dir(pc)
    if app_logs.exists():
        logs += [p.read_text(encoding="utf-8", errors="replace") for p in app_logs.rglob("*")
                 if p.is_file()]
    for secret in secrets:
        assert secret is not None
        assert secret.encode() not in before_checkpoint
        assert not traces(local_rows(pc), secret)
        assert all(secret not in log for log in logs)
    for phrase in ("Featherstonehaugh", "money back"):
        assert all(phrase not in log for log in logs), f"{phrase!r} logged"
    if os.name == "posix":
        assert oct(pc.stat().st_mode & 0o777) == "0o700"
        assert oct((pc / "frontline.db").stat().st_mode & 0o777) == "0o600"
        fallback = tokens.fallback_path
        if fallback.exists():  # no keychain here: the user-only file
            assert oct(fallback.stat().st_mode & 0o777) == "0o600"


# --- erasure and retention ----------------------------------------------------------------


def test_an_erased_observation_disappears_from_the_server_and_from_two_pcs(
        server: RealServer, tmp_path: Path) -> None:
    first, second = tmp_path / "pc1", tmp_path / "pc2"
    enrolled = enrol(server, first)
    [code] = [c["code"] for c in server.cli("enrolment-code", "--store",
                                            enrolled.store_id)["codes"]]
    enrol(server, second, code)
    author = employee_of(server, enrolled.store_id)
    store = Store.open(first)
    client = device.make_client(first)
    try:
        db = store.connection()
        device.sign_in(db, client, author["username"], DEMO_PASSWORD)
        doomed = save_observation(db, make("Customer Philomena Quaggins gave her home address",
                                           details="Lives above the Quaggins bakery"))
        kept = save_observation(db, make("Self-checkout 4 rejects coupons"))
        assert sync_once(store, client).ok
    finally:
        client.close()
        store.close()
    sync(second)
    for pc in (first, second):
        with_store = Store.open(pc)
        try:
            assert get_observation(with_store.connection(), doomed.id) is not None, pc
        finally:
            with_store.close()

    assert server.cli("erase", "--observation", doomed.id)["erased"] is True

    assert not traces(server_rows(server), "Quaggins")
    if not server.database_url:  # SQLite: not in a free page or the write-ahead log either
        files = [server.data_dir / f"frontline-server.db{s}" for s in ("", "-wal")]
        assert not [f for f in files if f.exists() and b"Quaggins" in f.read_bytes()]
    assert server.query("SELECT reason FROM removed_observations WHERE observation_id = :i",
                        i=doomed.id) == [("erasure",)]
    first_client = device.make_client(first)
    first_client.act_as(author["id"])
    try:
        assert sync(first, first_client).removed >= 1
    finally:
        first_client.close()
    assert sync(second).removed >= 1
    for pc in (first, second):
        with_store = Store.open(pc)
        try:
            db = with_store.connection()
            assert get_observation(db, doomed.id) is None, pc
            assert get_observation(db, kept.id) is not None, pc
        finally:
            with_store.close()
        assert b"Quaggins" not in raw_bytes(pc), pc
        assert not traces(local_rows(pc), "Quaggins"), pc


def test_observations_past_retention_leave_the_server_and_then_the_pc(
        server: RealServer, tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    enrol(server, pc)
    long_ago = format_time(datetime.now(UTC) - timedelta(days=800))
    store = Store.open(pc)
    try:
        db = store.connection()
        old = save_observation(db, make("Lamington display collapsed", observed_at=long_ago))
        recent = save_observation(db, make("Fitting room mirror cracked"))
    finally:
        store.close()
    sync(pc)
    assert server.query("SELECT count(*) FROM observations WHERE id = :i", i=old.id) == [(1,)]
    # the organisation's rule: keep one year; deleted after
    shown = server.cli("retention", "set", "--days", "365", "--action", "delete")
    assert shown["retention_days"] == 365
    applied = server.cli("retention", "apply")
    assert applied["deleted"] >= 1

    assert server.query("SELECT count(*) FROM observations WHERE id = :i", i=old.id) == [(0,)]
    assert not traces(server_rows(server), "Lamington")
    report = sync(pc)
    assert report.removed >= 1 and report.reference_updated
    store = Store.open(pc)
    try:
        db = store.connection()
        assert get_observation(db, old.id) is None
        assert get_observation(db, recent.id) is not None
    finally:
        store.close()
    assert b"Lamington" not in raw_bytes(pc)
