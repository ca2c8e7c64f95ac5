"""An old or modified client that skips the PC's check still cannot put customer personal
data in the central database (issue 12), checked through a real `frontline-server serve`
process on loopback, on SQLite and PostgreSQL: pushes straight to the API (no PC code) with
personal data in every free text, in author edits and in review texts, plus requests the
server refuses; afterwards no e-mail, phone, card, IBAN, address or customer name is in any
server table (every column of every row, as text) nor in the server's whole log output (at
DEBUG), while the observations are there, redacted."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, inspect, text

from frontline.core.ids import new_id
from frontline.demo import DEMO_PASSWORD
from frontline.sync.protocol import (
    DEVICE_TOKEN_HEADER,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    PUSH_RESULTS_HEADER,
    PUSH_RESULTS_SHORT,
)
from tests.helpers import realserver
from tests.helpers.realserver import DemoTemplate, RealServer, drop_postgres

POSTGRES_URL = os.environ.get("FRONTLINE_TEST_POSTGRES_URL", "")

CUSTOMER = {
    "name": "Mrs Elspeth Quarterbridge",
    "email": "elspeth.quarterbridge@example.org",
    "phone": "+44 20 7946 0958",
    "card": "4111 1111 1111 1111",
    "iban": "DE89 3704 0044 0532 0130 00",
    "address": "14 Quarry Lane",
}
#: What must be nowhere on the server afterwards (also written without separators).
SECRETS = ("Quarterbridge", "Elspeth", "elspeth.quarterbridge", "7946 0958", "79460958",
           "4111 1111", "4111111111111111", "DE89 3704", "3704 0044", "370400440532013000",
           "Quarry Lane")


def sentence(i: int) -> str:
    """A text holding every kind, in a varied order (the summary gets its own, shorter)."""
    c = CUSTOMER
    return [f"{c['name']} asked us to call {c['phone']} or mail {c['email']}",
            f"Refund {c['card']} failed, use IBAN {c['iban']} instead",
            f"Deliver to {c['address']}; {c['name']} pays by card {c['card']}",
            f"Contact: {c['email']}, tel {c['phone']}, IBAN {c['iban']}"][i % 4]


def every_author_text() -> dict[str, str]:
    return {"summary": f"{CUSTOMER['name']} rang from {CUSTOMER['phone']}",
            "details": sentence(0), "customer_words": sentence(1), "action_taken": sentence(2),
            "suggestion": sentence(3), "customer_segment": f"{CUSTOMER['name']}'s family"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    return DemoTemplate(tmp_path_factory.mktemp("pii-demo-server"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, template: DemoTemplate, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[RealServer]:
    if request.param == "postgresql" and not POSTGRES_URL:
        pytest.skip("FRONTLINE_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped")
    monkeypatch.setitem(realserver.FAST_ENV, "FRONTLINE_LOG_LEVEL", "DEBUG")  # every line
    real = RealServer.from_template(template, tmp_path / "server",
                                    postgres_base=POSTGRES_URL if request.param != "sqlite" else "")
    real.start()
    try:
        yield real
    finally:
        real.stop()
        if request.param != "sqlite":
            drop_postgres(POSTGRES_URL)


def server_dump(server: RealServer) -> str:
    """Every row of every server table, every column as text."""
    engine = create_engine(server.engine_url())
    try:
        out = []
        with engine.connect() as conn:
            for name in inspect(engine).get_table_names():
                for row in conn.execute(text(f'SELECT * FROM "{name}"')).mappings():
                    out.append(json.dumps({k: str(v) for k, v in row.items()},
                                          ensure_ascii=False))
        return "\n".join(out)
    finally:
        engine.dispose()


class Api:
    """The API as an old or modified client uses it: plain HTTP, no PC code."""

    def __init__(self, base: str, **headers: str):
        self.base = base
        self.session = requests.Session()
        self.session.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
        self.session.headers.update(headers)

    def post(self, path: str, body: Any, **headers: str) -> requests.Response:
        return self.session.post(self.base + path, json=body, headers=headers, timeout=30)

    def push(self, *mutations: dict[str, Any], **headers: str) -> list[dict[str, Any]]:
        response = self.post("/v1/push", {"mutations": list(mutations)}, **headers)
        assert response.status_code == 200, response.text
        return response.json()["results"]  # type: ignore[no-any-return]


def upsert(obs: dict[str, Any]) -> dict[str, Any]:
    return {"id": new_id(), "op": "observation.upsert", "observation": obs}


def observation(**fields: Any) -> dict[str, Any]:
    return {"id": new_id(), "observed_at": "2026-11-23T10:00:00.000Z", "kind": "pain_point",
            "summary": "Queue at the till", "channel": "in_store", "customer_type": "existing",
            **fields}


def review(obs_id: str, base_rev: int, **changes: Any) -> dict[str, Any]:
    return {"id": new_id(), "op": "review.update", "observation_id": obs_id,
            "base_rev": base_rev, "changes": changes}


def test_a_client_that_skips_the_pc_check_cannot_store_personal_data_anywhere(
        server: RealServer) -> None:
    enrolled = requests.post(server.url + "/v1/enrol", json={
        "code": server.code(), "device_name": "Old PC"},
        headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)}, timeout=30).json()
    pc = Api(server.url, **{DEVICE_TOKEN_HEADER: enrolled["device_token"]})
    manager_login = next(u for u in server.cli("user", "list")
                         if u["role"] == "manager" and u["store_id"] == enrolled["store_id"])
    staff = next(u for u in server.cli("user", "list")
                 if u["role"] == "employee" and " " in u["display_name"])
    signed = requests.post(server.url + "/v1/sign-in", json={
        "username": manager_login["username"], "password": DEMO_PASSWORD},
        headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)}, timeout=30)
    assert signed.status_code == 200, signed.text
    manager = Api(server.url, Authorization=f"Bearer {signed.json()['user_token']}")

    # new observations: full and short results, a named and an anonymous one
    full = observation(**every_author_text())
    anonymous = observation(**every_author_text(), anonymous=True)
    short = observation(**every_author_text())
    with_staff = observation(summary="Praise for the team",
                             details=f"{staff['display_name']} helped {CUSTOMER['name']}")
    results = pc.push(upsert(full), upsert(anonymous), upsert(with_staff))
    [short_result] = pc.push(upsert(short), **{PUSH_RESULTS_HEADER: PUSH_RESULTS_SHORT})
    assert [r["status"] for r in [*results, short_result]] == ["applied"] * 4
    assert "[name] rang from [phone]" in results[0]["observation"]["summary"]
    assert set(short_result["accepted"]["changed"]) >= set(every_author_text())
    assert results[2]["observation"]["details"] == f"{staff['display_name']} helped Mrs [name]"

    # an author edit, and items refused for other reasons that carry personal data too
    edit = {**observation(id=with_staff["id"]), "details": sentence(3),
            "suggestion": sentence(2)}
    invalid_kind = observation(kind="not-a-kind", details=sentence(0))
    too_long = observation(summary=sentence(1) * 20)
    refused = pc.push(upsert(edit), upsert(invalid_kind), upsert(too_long),
                      {"id": new_id(), "op": "observation.upsert", "observation": {
                          "id": new_id(), "summary": sentence(2), "unknown": sentence(3)}})
    assert [r["status"] for r in refused] == ["applied", "rejected", "rejected", "rejected"]
    assert refused[0]["observation"]["rev"] == 2
    # requests the server refuses whole: an unknown field, malformed JSON
    assert pc.post("/v1/push", {"mutations": [], "extra": sentence(0)}).status_code == 422
    bad = pc.session.post(server.url + "/v1/push", data=("{" + sentence(1)).encode(),
                          headers={"Content-Type": "application/json"}, timeout=30)
    assert bad.status_code == 400

    # a reviewer's texts: an answer, an escalation, a won't-act reason, and a losing change
    answered = manager.push(review(full["id"], 1, status="action_taken",
                                   response=sentence(0), escalated=True,
                                   escalation_note=sentence(1)))
    wont = manager.push(review(anonymous["id"], 1, status="wont_act",
                               wont_act_reason=sentence(2)))
    lost = manager.push(review(full["id"], 1, response=sentence(3)))
    assert [answered[0]["status"], wont[0]["status"]] == ["applied", "applied"]
    assert "[email]" in answered[0]["observation"]["response"]
    assert "[card]" in answered[0]["observation"]["escalation_note"]
    assert "[address]" in wont[0]["observation"]["wont_act_reason"]
    assert lost[0]["status"] in ("applied", "conflict")

    metrics = requests.get(server.url + "/metrics", timeout=30).text
    assert re.search(r'frontline_redactions_total\{[^}]*kind="CARD"[^}]*\} [1-9]', metrics)
    server.stop()  # every log line flushed
    dump = server_dump(server)
    log = server.log.read_text(encoding="utf-8")
    assert '"route": "/v1/push"' in log  # it did log the requests, at DEBUG
    for secret in SECRETS:
        assert secret not in dump, f"{secret!r} in a server table"
        assert secret not in log, f"{secret!r} in the server's log"
        assert secret not in metrics
    # the observations are there, redacted, and the staff member's name is left alone
    rows = dict(server.query("SELECT id, summary FROM observations WHERE id IN "
                             "(:a, :b, :c, :d)", a=full["id"], b=anonymous["id"],
                             c=with_staff["id"], d=short["id"]))
    assert len(rows) == 4
    assert rows[full["id"]] == rows[short["id"]] == "Mrs [name] rang from [phone]"
    [(details,)] = server.query("SELECT details FROM observations WHERE id = :i",
                                i=with_staff["id"])
    assert "[email]" in details
