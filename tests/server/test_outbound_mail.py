"""Alerts and digests in one process, on SQLite and PostgreSQL, sent by the app's own
worker to a real SMTP server on loopback (aiosmtpd, tests/outbound/receivers.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from frontline.server import admin, create_app
from frontline.server import tables as t
from frontline.server.db import Database
from frontline.server.outbound import digest
from frontline.server.settings import Settings
from frontline.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.helpers.server import NOW, World, device_headers, enrol, observation, upsert
from tests.outbound.receivers import Mailbox

RECIPIENTS = ("manager_a", "manager_b", "leader_a", "leader")


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    yield box
    box.close()


@pytest.fixture
def mailing(settings: Settings, mailbox: Mailbox) -> Settings:
    return replace(settings, smtp_host="127.0.0.1", smtp_port=mailbox.port,
                   smtp_from="Frontline <noreply@example.com>", digest_weekday=-1,
                   outbound_retry_first_seconds=1, outbound_timeout_seconds=5)


@pytest.fixture
def app(db: Database, mailing: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(mailing, database=db), raise_server_exceptions=False) as c:
        c.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
        yield c


def _emails(db: Database, world: World, **extra: Any) -> None:
    with db.write() as conn:
        for name in RECIPIENTS:
            conn.execute(update(t.users).where(t.users.c.id == world.users[name])
                         .values(email=f"{name}@example.com", **extra))


def _text(msg: EmailMessage) -> tuple[str, str]:
    plain = msg.get_body(("plain",))
    rich = msg.get_body(("html",))
    assert plain is not None and rich is not None
    return plain.get_content(), rich.get_content()


def test_an_urgent_observation_reaches_its_store_managers_within_a_minute_batched(
        app: TestClient, db: Database, mailing: Settings, world: World,
        mailbox: Mailbox) -> None:
    _emails(db, world)
    with db.write() as conn:  # a second manager of store A who turned alerts off
        off = admin.create_user(conn, mailing, world.org_id, username="manager_off",
                                role="manager", password="x" * 12, store=world.store_a, now=NOW)
        conn.execute(update(t.users).where(t.users.c.id == off)
                     .values(email="off@example.com", alerts_off=True))
    pc = device_headers(enrol(app, db, mailing, world.store_a))
    urgent = [observation(summary=f"Card reader broken {i}", switch_risk=True,
                          customer_words="I am going to the competitor") for i in range(3)]
    calm = observation(summary="Nice flowers", kind="praise", severity=2)
    started = time.monotonic()
    response = app.post("/v1/push", headers=pc,
                        json={"mutations": [upsert(o) for o in [*urgent, calm]]})
    assert response.status_code == 200
    [msg] = mailbox.wait(1, timeout=60)
    assert time.monotonic() - started < 60
    assert msg["To"] == "manager_a@example.com"
    assert "3 urgent" in msg["Subject"] and "Alpha Street" in msg["Subject"]
    plain, rich = _text(msg)
    assert all(f"Card reader broken {i}" in plain for i in range(3))
    assert "Nice flowers" not in plain and "Card reader broken 0" in rich
    assert msg["Message-ID"].endswith("@frontline.invalid>")
    with db.read() as conn:
        targets = set(conn.execute(select(t.outbox.c.target).where(
            t.outbox.c.channel == "mail")).scalars())
    assert targets == {world.users["manager_a"]}  # not the one who opted out, not store B


def test_each_digest_holds_only_its_recipients_scope_and_no_author(
        app: TestClient, db: Database, mailing: Settings, world: World, mailbox: Mailbox,
        tmp_path: Path) -> None:
    _emails(db, world)
    with db.write() as conn:
        conn.execute(update(t.users).where(t.users.c.id == world.users["leader"])
                     .values(digest_off=True))
    today = datetime.now(UTC).strftime("%Y-%m-%dT08:00:00.000Z")
    pc_a = device_headers(enrol(app, db, mailing, world.store_a))
    pc_b = device_headers(enrol(app, db, mailing, world.store_b))
    a = observation(observed_at=today, customer_words="Alpha quote about queues",
                    category="queue_wait", author_id=world.users["emp_a"])
    b = observation(observed_at=today, customer_words="Beta quote about prices",
                    category="queue_wait", author_id=world.users["emp_b"])
    assert app.post("/v1/push", headers=pc_a, json={"mutations": [upsert(a)]}).status_code == 200
    assert app.post("/v1/push", headers=pc_b, json={"mutations": [upsert(b)]}).status_code == 200
    now = datetime.now(UTC)
    with db.write() as conn:
        dry = digest.make(conn, mailing, world.org_id, now, out=tmp_path / "eml",
                          until=now.date())
    assert sorted(d["user"] for d in dry) == ["leader_a", "manager_a", "manager_b"]
    assert all(Path(d["file"]).read_bytes().startswith(b"From:") or b"Subject:" in
               Path(d["file"]).read_bytes() for d in dry)
    with db.write() as conn:
        queued = digest.make(conn, mailing, world.org_id, now, until=now.date())
    got = {m["To"]: m for m in mailbox.wait(len(queued), timeout=120)}
    assert set(got) == {"manager_a@example.com", "manager_b@example.com",
                        "leader_a@example.com"}
    for to, sees_a, sees_b in (("manager_a@example.com", True, False),
                               ("manager_b@example.com", False, True),
                               ("leader_a@example.com", True, False)):
        msg = got[to]
        assert msg.get_content_type() == "multipart/alternative"
        plain, rich = _text(msg)
        assert ("Alpha quote" in plain) == sees_a and ("Alpha quote" in rich) == sees_a
        assert ("Beta quote" in plain) == sees_b and ("Beta quote" in rich) == sees_b
        for name in ("Emp A", "Emp B", "emp_a", "emp_b", world.users["emp_a"]):
            assert name not in plain and name not in rich
        assert "Scorecard" in plain and "Observations: 1" in plain
