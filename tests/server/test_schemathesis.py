"""Generated and hand-written bad requests against the live OpenAPI schema: no 5xx, ever.

schemathesis reads `GET /openapi.json` from the running app and generates requests for
every operation (valid and invalid bodies, query and path values), sent with real tokens
(a store PC, an employee, a manager, an admin, a PC and a person together, or none) so
that the generated data reaches the code behind authentication. The budget is bounded:
`EXAMPLES` per operation and a per-example deadline, about a minute in all on SQLite.

The hand-written requests below cover what a generator does not produce: bytes that are
not UTF-8, a gzip bomb, a body over the limit, deep nesting, NUL bytes, huge integers,
lone surrogates and SQL-looking text, each on every endpoint that reads a body. Each must
be a 4xx with a JSON `{"error", "message"}` and write nothing.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from sqlalchemy import func, select

from frontline.core.ids import new_id
from frontline.server import create_app
from frontline.server import tables as t
from frontline.server.db import Database
from frontline.server.settings import Settings
from frontline.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.helpers.server import (
    World,
    device_headers,
    enrol,
    observation,
    sign_in,
    upsert,
    user_headers,
)

#: generated examples per operation. The default suite is derandomized (the same examples
#: every run, so it cannot flake); FRONTLINE_SCHEMATHESIS_EXAMPLES=N makes a long, random run.
LONG_RUN = os.environ.get("FRONTLINE_SCHEMATHESIS_EXAMPLES")
EXAMPLES = int(LONG_RUN or "30")
CALLERS = ("none", "device", "employee", "manager", "admin", "employee@pc")


@pytest.fixture
def callers(client: TestClient, db: Database, settings: Settings,
            world: World) -> dict[str, dict[str, str]]:
    pc = device_headers(enrol(client, db, settings, world.store_a))
    # something to read, review and withdraw
    client.post("/v1/push", headers=pc, json={"mutations": [
        upsert(observation(author_id=world.users["emp_a"])), upsert(observation(anonymous=True))]})
    employee = user_headers(sign_in(client, "emp_a"))
    return {"none": {}, "device": pc, "employee": employee,
            "manager": user_headers(sign_in(client, "manager_a")),
            "admin": user_headers(sign_in(client, "admin")), "employee@pc": {**pc, **employee}}


def _schema_app() -> Any:
    """The app whose `/openapi.json` drives generation. Serving the schema touches no
    database; every generated request goes to the test's own app (`app=client.app`).
    (`schemathesis.pytest.from_fixture` would be neater, but its lazy loader sets
    `node._nodeid`, which pytest 9 no longer has.)"""
    return create_app(Settings(data_dir=Path(tempfile.gettempdir())), database=Database("sqlite://"))


schema = schemathesis.openapi.from_asgi("/openapi.json", _schema_app())


@schema.parametrize()
@schema.given(caller=st.sampled_from(CALLERS))
@settings(max_examples=EXAMPLES, deadline=None if LONG_RUN else 2000, derandomize=not LONG_RUN,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error(
    case: Any, caller: str, client: TestClient, callers: dict[str, dict[str, str]]
) -> None:
    headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), **callers[caller], **(case.headers or {})}
    case.call_and_validate(app=client.app, headers=headers, checks=[not_a_server_error])


# --- hand-written nasty requests ------------------------------------------------------

WRITTEN = (t.observations, t.audit, t.applied_mutations, t.devices, t.enrolment_codes,
           t.user_tokens, t.users)


def snapshot(db: Database) -> dict[str, int]:
    with db.read() as conn:
        return {table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for table in WRITTEN}


#: the endpoints that read a JSON body, and who sends it
BODY_ENDPOINTS = ("/v1/push", "/v1/enrol", "/v1/sign-in", "/v1/enrolment-codes", "/v1/sign-out")


def nasty_bodies(limit: int) -> dict[str, tuple[bytes, dict[str, str]]]:
    valid_looking = b'{"code": "ABCDE-FGHJK-LMNPQ", "device_name": "Till", "username": "x"}'
    return {
        "invalid UTF-8": (b'{"username": "\xc3\x28", "password": "\xff\xfe\xfd"}', {}),
        "overlong UTF-8 NUL": (b'{"code": "\xc0\x80", "device_name": "x"}', {}),
        "latin-1 declared as JSON": ("{\"username\": \"Jürgen\"}".encode("latin-1"), {}),
        "raw NUL byte": (b'{"username": "a\x00b", "password": "x"}', {}),
        "escaped NUL": (b'{"code": "A\\u0000B", "device_name": "x\\u0000"}', {}),
        "lone surrogate": (b'{"username": "\\ud800", "password": "\\udfff", "code": "\\ud83d",'
                           b' "device_name": "\\ud800", "store_id": "\\udc00"}', {}),
        "huge integer": (b'{"protocol": ' + b"9" * 5000 + b', "store_id": 1e999}', {}),
        "huge float": (b'{"protocol": 1e999999, "mutations": []}', {}),
        "NaN and Infinity": (b'{"protocol": NaN, "store_id": Infinity}', {}),
        "deeply nested": (b'{"mutations": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", {}),
        "nested objects": (b'{"a": ' * 20_000 + b"1" + b"}" * 20_000, {}),
        "duplicate keys": (b'{"username": "a", "username": {"$ne": null}, "password": "x"}', {}),
        "SQL-looking": (json.dumps({"username": "admin' OR '1'='1' --", "password": "' OR 1=1;--",
                                    "code": "'; DROP TABLE devices; --", "device_name": "x",
                                    "store_id": "1 OR 1=1"}).encode(), {}),
        "over the size limit": (b'{"username": "' + b"x" * (limit + 1) + b'"}', {}),
        "gzip bomb": (gzip.compress(b'{"username": "' + b"x" * (limit * 4) + b'"}'),
                      {"Content-Encoding": "gzip"}),
        "gzip, truncated": (gzip.compress(valid_looking)[:20], {"Content-Encoding": "gzip"}),
        "gzip claimed, not gzip": (valid_looking, {"Content-Encoding": "gzip"}),
        "unknown encoding": (valid_looking, {"Content-Encoding": "br"}),
        "a JSON string": (b'"just a string"', {}),
        "a JSON null": (b"null", {}),
        "BOM first": (b"\xef\xbb\xbf" + valid_looking, {}),
        "content-length lies": (valid_looking, {"Content-Length": "5"}),
        "content-length not a number": (valid_looking, {"Content-Length": "lots"}),
    }


@pytest.mark.parametrize("path", BODY_ENDPOINTS)
def test_nasty_bodies_get_a_4xx_with_a_json_message_and_write_nothing(
    client: TestClient, db: Database, settings: Settings, callers: dict[str, dict[str, str]],
    path: str,
) -> None:
    headers = {**callers["manager"], **callers["device"]}
    failures = []
    for name, (body, extra) in nasty_bodies(settings.max_body_bytes).items():
        # a session of its own, so that one sign-out cannot mask the next
        if path == "/v1/sign-out":
            headers = user_headers(sign_in(client, "manager_a"))
        before = snapshot(db)
        try:
            response = client.post(path, content=body,
                                   headers={**headers, "Content-Type": "application/json", **extra})
        except Exception as error:  # noqa: BLE001 - an h11/transport refusal is not a server answer
            if name.startswith("content-length"):
                continue  # the HTTP client itself refuses to send a lying Content-Length
            raise AssertionError(f"{name}: {error!r}") from error
        problems = []
        if not 400 <= response.status_code < 500:
            problems.append(f"status {response.status_code}")
        try:
            data = response.json()
            if not (isinstance(data.get("error"), str) and len(data.get("message", "")) > 15):
                problems.append(f"body {data!r}")
        except ValueError:
            problems.append(f"not JSON: {response.text[:200]!r}")
        if snapshot(db) != before:
            problems.append("something was written")
        if problems:
            failures.append(f"{name}: {', '.join(problems)} — {response.text[:300]}")
    assert not failures, f"POST {path}:\n" + "\n".join(failures)


def nasty_mutations(world: World) -> dict[str, Any]:
    good = observation(author_id=world.users["emp_a"])
    return {
        "lone surrogate in summary": upsert({**good, "summary": "Till \ud800 broke"}),
        "lone surrogate in id": upsert({**observation(), "id": "\udfff" * 3}),
        "lone surrogate mutation id": {**upsert(observation()), "id": new_id() + "\ud83d"},
        "huge severity": upsert({**observation(), "severity": 10**40}),
        "negative huge severity": upsert({**observation(), "severity": -(10**40)}),
        "huge base_rev": {"id": new_id(), "op": "review.update", "observation_id": good["id"],
                          "base_rev": 10**40, "changes": {"status": "closed"}},
        "observed_at nonsense": upsert({**observation(), "observed_at": "9999-99-99T99:99:99Z"}),
        "observed_at year 0": upsert({**observation(), "observed_at": "0000-01-01T00:00:00Z"}),
        "observed_at far future": upsert({**observation(),
                                          "observed_at": "+275760-09-13T00:00:00Z"}),
        "SQL in ids": upsert({**observation(), "id": "x' OR '1'='1",
                              "team_id": "1; DROP TABLE teams"}),
        "SQL in withdraw": {"id": new_id(), "op": "observation.withdraw",
                            "observation_id": "' UNION SELECT * FROM users --"},
        "unknown op": {"id": new_id(), "op": "observation.delete", "observation_id": good["id"]},
        "not an object": "DROP TABLE observations",
        "null": None,
        "a list": [1, 2, 3],
        "control characters": upsert({**observation(), "summary": "a\x01\x02\x1b[31mred\x7f"}),
    }


def test_nasty_mutations_are_rejected_one_by_one_without_a_5xx(
    client: TestClient, db: Database, world: World, callers: dict[str, dict[str, str]]
) -> None:
    before = snapshot(db)
    failures = []
    for caller in ("device", "manager", "employee@pc"):
        for name, mutation in nasty_mutations(world).items():
            body = json.dumps({"mutations": [mutation]}).encode("utf-8", "surrogatepass")
            response = client.post("/v1/push", content=body, headers={
                **callers[caller], "Content-Type": "application/json"})
            if response.status_code >= 500:
                failures.append(f"{caller}, {name}: {response.status_code} {response.text[:200]}")
            elif response.status_code == 200:
                result = response.json()["results"][0]
                if result["status"] == "rejected":
                    assert len(result["reason"]) > 15
                elif not (result["status"] == "applied" and name == "control characters"):
                    failures.append(f"{caller}, {name}: {result}")
            else:
                assert response.json()["error"], f"{caller}, {name}: {response.text}"
    assert not failures, "\n".join(failures)
    after = snapshot(db)
    # only the harmless control-character observation may land (once per caller that can write)
    assert after["observations"] - before["observations"] <= 3


def said(response: Any) -> str:
    """A response in a failure message: its status and the start of its body."""
    return f"{response.status_code} {response.text[:200]}"


NASTY_QUERIES = {
    "/v1/pull": [{"cursor": "v1' OR '1'='1"}, {"cursor": "v" + "9" * 90}, {"cursor": "v-1"},
                 {"cursor": "v1:\x00"}, {"limit": "9" * 400},
                 {"limit": "-1"}, {"limit": "1e3"}, {"cursor": "v99999999999999999999999"},
                 {"cursor": "v1:" + "a" * 64}, {"limit": "0"}],
}
NASTY_PATHS = ["/v1/pull?cursor=v1:%ED%A0%80", "/v1/pull?cursor=%FF", "/v1/pull?limit=%00",
               "/v1/devices/%00/revoke", "/v1/devices/%FF%FE/revoke",
               "/v1/devices/%ED%A0%80/revoke",
               "/v1/devices/'%20OR%20'1'='1/revoke", "/v1/devices/" + "x" * 5000 + "/revoke",
               "/v1/devices/..%2F..%2Fhealth/revoke", "/v1/pull%00", "/v1/%C0%AE%C0%AE/me"]
NASTY_HEADERS = [
    {"Authorization": "Bearer \x7f\x00"}, {"Authorization": "Bearer " + "x" * 8000},
    {"Authorization": "Bearer flu_' OR '1'='1"}, {"X-Frontline-Device": "fld_\xff\xfe"},
    {"X-Frontline-Protocol": "9" * 400}, {"X-Frontline-Protocol": "-1"},
    {"X-Frontline-Protocol": "1e9"}, {"X-Request-ID": "\x00" * 10},
    {"Authorization": "Bearer"}, {"Authorization": "bearer  token  with spaces"},
]


def test_nasty_queries_paths_and_headers_get_4xx_not_5xx(
    client: TestClient, db: Database, callers: dict[str, dict[str, str]]
) -> None:
    before = snapshot(db)
    failures = []
    manager = callers["manager"]
    for path, params_list in NASTY_QUERIES.items():
        for params in params_list:
            response = client.get(path, params=params, headers=manager)
            if response.status_code >= 500 or (
                    response.status_code >= 400 and "message" not in response.text):
                failures.append(f"GET {path} {params!r}: {said(response)}")
    for path in NASTY_PATHS:
        for method in ("GET", "POST"):
            response = client.request(method, path, headers=manager)
            if not 400 <= response.status_code < 500 and not (
                    path.startswith("/v1/pull") and method == "GET"):
                failures.append(f"{method} {path[:60]}: {said(response)}")
            elif response.status_code >= 500:
                failures.append(f"{method} {path[:60]}: {said(response)}")
    for extra in NASTY_HEADERS:
        for path in ("/v1/me", "/v1/pull"):
            try:
                response = client.get(path, headers={**manager, **extra})
            except Exception:  # noqa: BLE001 - the HTTP client refuses an illegal header value
                continue
            if response.status_code >= 500:
                failures.append(f"GET {path} {extra!r}: {said(response)}")
    assert not failures, "\n".join(failures)
    assert snapshot(db) == before

