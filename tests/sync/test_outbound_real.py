"""Outbound against a real `frontline-server serve` process, killed on purpose: pending
webhook deliveries are sent after a restart, and e-mails are sent once each even when the
server dies in the middle of sending them (faultpoint `mail.after_send`)."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from frontline.core.ids import new_id
from frontline.sync.protocol import DEVICE_TOKEN_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.helpers.realserver import DemoTemplate, RealServer, drop_postgres
from tests.outbound.receivers import Mailbox, Receiver

POSTGRES_URL = os.environ.get("FRONTLINE_TEST_POSTGRES_URL", "")


@pytest.fixture(scope="session")
def outbound_template(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    return DemoTemplate(tmp_path_factory.mktemp("outbound-demo-server"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, outbound_template: DemoTemplate, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[RealServer]:
    if request.param == "postgresql" and not POSTGRES_URL:
        pytest.skip("FRONTLINE_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped")
    monkeypatch.setenv("FRONTLINE_OUTBOUND_RETRY_FIRST_SECONDS", "1")
    monkeypatch.setenv("FRONTLINE_OUTBOUND_TIMEOUT_SECONDS", "3")
    monkeypatch.setenv("FRONTLINE_DIGEST_WEEKDAY", "-1")
    monkeypatch.setenv("FRONTLINE_RETENTION_INTERVAL_SECONDS", "0")
    real = RealServer.from_template(outbound_template, tmp_path / "server",
                                    postgres_base=POSTGRES_URL if request.param != "sqlite" else "")
    try:
        yield real
    finally:
        real.kill()
        if real.database_url:
            drop_postgres(POSTGRES_URL)


def _push(server: RealServer, token: str, count: int) -> list[str]:
    ids = []
    mutations = []
    for i in range(count):
        obs_id = new_id()
        ids.append(obs_id)
        mutations.append({"id": new_id(), "op": "observation.upsert", "observation": {
            "id": obs_id, "observed_at": "2026-11-23T10:00:00.000Z", "kind": "pain_point",
            "summary": f"Queue at the tills {i}", "channel": "in_store",
            "customer_type": "existing", "anonymous": True}})
    response = requests.post(f"{server.url}/v1/push", json={"mutations": mutations}, timeout=60,
                             headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION),
                                      DEVICE_TOKEN_HEADER: token})
    assert response.status_code == 200, response.text
    assert all(r["status"] == "applied" for r in response.json()["results"])
    return ids


def _enrol(server: RealServer) -> str:
    response = requests.post(f"{server.url}/v1/enrol", timeout=60,
                             json={"code": server.code(), "device_name": "Till"},
                             headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)})
    assert response.status_code == 200, response.text
    return str(response.json()["device_token"])


def test_deliveries_pending_when_the_server_is_killed_are_sent_after_restart(
        server: RealServer) -> None:
    receiver = Receiver(fail=10**6)  # down until we say so
    try:
        hook = server.cli("webhook", "add", receiver.url, "--events", "new_observation")
        server.start()
        ids = _push(server, _enrol(server), 5)
        receiver.got.get(timeout=120)  # the server tried (and the receiver refused)
        server.kill()
        receiver.fail = 0
        server.start()
        got = receiver.wait_ok(5)
        assert sorted(json.loads(g.body)["observation"]["id"] for g in got) == sorted(ids)
        keys = {g.headers["Idempotency-Key"] for g in got}
        assert len(keys) == 5
        tried = {g.headers["Idempotency-Key"] for g in receiver.all}
        assert tried == keys  # every retry, before and after the restart, reused its key
        listed = server.cli("webhook", "deliveries", hook["id"])
        assert len(listed) == 5 and all(d["status"] == "sent" for d in listed)
        assert "secret" not in json.dumps(server.cli("webhook", "list"))
    finally:
        receiver.close()


def test_a_server_killed_mid_send_sends_each_message_once(
        server: RealServer, monkeypatch: pytest.MonkeyPatch) -> None:
    mailbox = Mailbox()
    try:
        monkeypatch.setenv("FRONTLINE_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("FRONTLINE_SMTP_PORT", str(mailbox.port))
        monkeypatch.setenv("FRONTLINE_OUTBOUND_CONCURRENCY", "1")
        people = [u for u in server.cli("user", "list")
                  if u["role"] in ("leader", "manager")][:4]
        assert len(people) == 4
        for person in people:
            server.cli("user", "email", person["username"], f"{person['username']}@example.com")
        queued = server.cli("digest", "send")["messages"]
        assert len(queued) == len(people)
        server.start(faultpoint="mail.after_send@2")
        server.wait_at_faultpoint("mail.after_send")
        server.kill()
        server.start()
        got = mailbox.wait(len(queued))
        ids = [m["Message-ID"] for m in got]
        assert sorted(ids) == sorted(q["message_id"] for q in queued)  # each once, none lost
        # the last row is marked sent just after the SMTP server accepts its message: wait for
        # that write (a generous bound only a real failure reaches), then nothing is left
        deadline = time.monotonic() + 120
        while True:
            rows = server.query("SELECT status FROM outbox WHERE channel = 'mail'")
            if [r[0] for r in rows] == ["sent"] * len(queued) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert [r[0] for r in rows] == ["sent"] * len(queued)  # nothing left to send again
        assert mailbox.got.empty()
    finally:
        mailbox.close()
