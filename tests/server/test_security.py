"""Findings of the outside probe (issue #19) and what an attacker tries next: each test
fails on the code before its fix. Sign-in throttling, the password-hashing ceiling,
bounded metrics, the client address behind proxies, body limits, stored text."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from starlette.requests import Request

from frontline.server import admin, auth, create_app
from frontline.server import tables as t
from frontline.server.db import Database
from frontline.server.http import client_address
from frontline.server.settings import Settings
from frontline.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.helpers.server import NOW, PASSWORD, World, enrol, sign_in, user_headers

WRONG = "not the password"


def attempt(client: TestClient, username: str, password: str = WRONG) -> int:
    return client.post("/v1/sign-in", json={"username": username, "password": password}).status_code


def app_client(db: Database, settings: Settings, *, peer: str = "testclient") -> TestClient:
    c = TestClient(create_app(settings, database=db), raise_server_exceptions=False,
                   client=(peer, 50000))
    c.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
    return c


# --- 1. one username normalisation ----------------------------------------------------


@pytest.mark.parametrize("variant", ["emp_a ", "emp_a\t", " emp_a", "emp_a\u3000", "EMP_A",
                                     "\uff45mp_a", "emp_a\u00a0"])
def test_a_locked_account_stays_locked_whatever_spaces_or_width_surround_the_name(
    client: TestClient, settings: Settings, world: World, variant: str
) -> None:
    for _ in range(settings.login_max_failures):
        assert attempt(client, "emp_a") == 401
    assert attempt(client, variant, PASSWORD) == 429


def test_wrong_guesses_with_trailing_spaces_count_against_the_same_account(
    client: TestClient, settings: Settings, world: World
) -> None:
    codes = [attempt(client, "emp_a" + " " * n) for n in range(settings.login_max_failures + 1)]
    assert codes[-1] == 429, codes
    assert attempt(client, "emp_a", PASSWORD) == 429


@pytest.mark.parametrize("typed", ["  Grace.D\u3000", "GRACE.D", "\uff27race.d",
                                   "grace\u00ad.d", "gr\u2060ace.d\u200b", "\u202egrace.d"])
def test_users_are_created_and_found_under_one_normal_form(
    client: TestClient, db: Database, settings: Settings, world: World, typed: str
) -> None:
    assert auth.normalise_username(typed) == "grace.d"
    with db.write() as conn:
        admin.create_user(conn, settings, world.org_id, username=typed, role="admin",
                          password=PASSWORD, now=NOW)
        assert conn.execute(select(t.users.c.username).where(
            t.users.c.role == "admin", t.users.c.username.like("grace%"))).scalar_one() == "grace.d"
        with pytest.raises(admin.AdminError):
            admin.create_user(conn, settings, world.org_id, username="grace.d", role="admin",
                              password=PASSWORD, now=NOW)
        assert admin.find_user(conn, world.org_id, " GRACE.D ").username == "grace.d"
    assert sign_in(client, typed)


# --- 2. atomic throttling -------------------------------------------------------------


def test_parallel_wrong_sign_ins_are_throttled_after_the_limit(
    db: Database, settings: Settings, world: World
) -> None:
    from dataclasses import replace

    # a hashing gate wide enough to let all twenty through at once: the throttle decides
    wide = replace(settings, login_hash_concurrency=20, login_hash_queue=20)
    with app_client(db, wide) as c, ThreadPoolExecutor(20) as pool:
        codes = list(pool.map(lambda _: attempt(c, "emp_a"), range(20)))
        assert codes.count(401) <= settings.login_max_failures, codes
        assert codes.count(429) >= 20 - settings.login_max_failures, codes
        assert attempt(c, "emp_a", PASSWORD) == 429


# --- 3. floods of unknown names, the hashing ceiling, constant work ----------------------


def test_unknown_usernames_do_not_grow_the_tables(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    for n in range(30):
        assert attempt(client, f"nobody{n}") == 401
    with db.read() as conn:
        assert conn.execute(select(func.count()).select_from(t.login_failures)).scalar_one() == 0


def test_an_unknown_username_is_throttled_like_a_real_one(
    client: TestClient, settings: Settings, world: World
) -> None:
    codes = [attempt(client, "ghost") for _ in range(settings.login_max_failures + 1)]
    assert codes == [401] * settings.login_max_failures + [429]


def test_every_failed_sign_in_does_one_password_verification(
    client: TestClient, db: Database, settings: Settings, world: World,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with db.write() as conn:
        admin.create_user(conn, settings, world.org_id, username="nopass", role="admin",
                          now=NOW)
        admin.set_user_disabled(conn, world.org_id, "emp_a2", True, now=NOW)
    calls: list[str] = []
    real = auth.PasswordHasher.verify

    def counting(self: Any, hash_: Any, password: Any) -> bool:
        calls.append("verify")
        return real(self, hash_, password)  # type: ignore[no-any-return]

    monkeypatch.setattr(auth.PasswordHasher, "verify", counting)
    for name, password in [("nopass", WRONG), ("nobody", WRONG), ("emp_a2", PASSWORD),
                           ("emp_a", WRONG)]:
        calls.clear()
        assert attempt(client, name, password) == 401, name
        assert calls == ["verify"], name


def test_sign_ins_beyond_the_hashing_ceiling_get_503_with_retry_after(
    db: Database, settings: Settings, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    narrow = replace(settings, login_hash_concurrency=1, login_hash_queue=1)
    real = auth.verify_secret

    def slow(stored: Any, secret: str) -> bool:
        time.sleep(0.5)
        return real(stored, secret)

    monkeypatch.setattr(auth, "verify_secret", slow)
    with app_client(db, narrow) as c, ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda n: c.post("/v1/sign-in", json={
            "username": f"user{n}", "password": WRONG}), range(8)))
    codes = [r.status_code for r in responses]
    assert 503 in codes and codes.count(401) <= 4, codes
    busy = next(r for r in responses if r.status_code == 503)
    assert int(busy.headers["retry-after"]) >= 1


# --- 4. bounded metrics, optionally behind a token --------------------------------------


def test_metrics_labels_stay_bounded_whatever_methods_and_paths_arrive(client: TestClient) -> None:
    for n in range(20):
        client.request("X" * 50 + str(n), "/health")
        client.get(f"/no/such/path/{n}")
    text = client.get("/metrics").text
    assert "X" * 50 not in text
    assert 'method="other"' in text
    assert "/no/such/path" not in text and 'route="unmatched"' in text


def test_metrics_can_require_a_bearer_token(db: Database, settings: Settings) -> None:
    from dataclasses import replace

    with app_client(db, replace(settings, metrics_token="s3cret-metrics")) as c:
        assert c.get("/metrics").status_code == 401
        assert c.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = c.get("/metrics", headers={"Authorization": "Bearer s3cret-metrics"})
        assert ok.status_code == 200 and "frontline_http_requests" in ok.text


# --- 5. the client address behind (un)trusted proxies ----------------------------------


def request_from(peer: str, forwarded: str | None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded is not None else []
    return Request({"type": "http", "client": (peer, 1234), "headers": headers})


@pytest.mark.parametrize(("trusted", "peer", "forwarded", "expected"), [
    ("", "127.0.0.1", "203.0.113.9", "127.0.0.1"),  # default: believe no one
    ("10.0.0.1", "127.0.0.1", "203.0.113.9", "127.0.0.1"),  # peer not trusted
    ("127.0.0.1", "127.0.0.1", "203.0.113.9", "203.0.113.9"),
    ("127.0.0.1, 10.0.0.0/8", "127.0.0.1", "198.51.100.7, 203.0.113.9, 10.1.2.3",
     "203.0.113.9"),  # the right-most untrusted: the spoofed left part is ignored
    ("127.0.0.1", "127.0.0.1", "not-an-address", "127.0.0.1"),
    ("127.0.0.1", "127.0.0.1", None, "127.0.0.1"),
    ("::1", "::1", "2001:db8::5", "2001:db8::5"),
])
def test_x_forwarded_for_is_believed_only_from_trusted_proxies(
    trusted: str, peer: str, forwarded: str | None, expected: str
) -> None:
    from frontline.server.settings import trusted_networks

    assert client_address(request_from(peer, forwarded), trusted_networks(trusted)) == expected


def test_a_local_process_cannot_lock_someone_else_out_by_spoofing_its_address(
    db: Database, settings: Settings, world: World
) -> None:
    with app_client(db, settings, peer="127.0.0.1") as c:  # no trusted proxies: spoofing fails
        for _ in range(settings.login_max_failures):
            c.post("/v1/sign-in", json={"username": "emp_a", "password": WRONG},
                   headers={"X-Forwarded-For": "198.51.100.7"})
    from dataclasses import replace

    behind = replace(settings, trusted_proxies="127.0.0.1")
    with app_client(db, behind, peer="127.0.0.1") as c:
        ok = c.post("/v1/sign-in", json={"username": "emp_a", "password": PASSWORD},
                    headers={"X-Forwarded-For": "198.51.100.7"})
        assert ok.status_code == 200, ok.text  # a real client behind the proxy: not locked
        for _ in range(settings.login_max_failures):
            c.post("/v1/sign-in", json={"username": "emp_a", "password": WRONG},
                   headers={"X-Forwarded-For": "198.51.100.7"})
        other = c.post("/v1/sign-in", json={"username": "emp_a", "password": PASSWORD},
                       headers={"X-Forwarded-For": "198.51.100.8"})
        assert other.status_code == 200, other.text  # each client's failures are its own


def test_trusted_proxies_must_be_addresses_or_networks() -> None:
    from frontline.server.settings import load_settings, trusted_networks

    with pytest.raises(ValueError, match="trusted_proxies"):
        trusted_networks("127.0.0.1, proxy.example")
    with pytest.raises(ValueError, match="trusted_proxies"):
        load_settings(environ={"FRONTLINE_TRUSTED_PROXIES": "10.0.0.0/33"})


# --- 6. limits before work -------------------------------------------------------------


def test_deeply_nested_json_is_refused_with_400(client: TestClient, world: World) -> None:
    token = sign_in(client, "emp_a")
    body = b'{"mutations": ' + b"[" * 200 + b"]" * 200 + b"}"
    response = client.post("/v1/push", content=body, headers={
        **user_headers(token), "Content-Type": "application/json"})
    assert response.status_code == 400, response.text


@pytest.mark.parametrize("value", ["\uff11", "\u00b9", "1_0", "+1", " 1"])
def test_the_protocol_header_takes_ascii_digits_only(client: TestClient, value: str) -> None:
    raw = {PROTOCOL_HEADER.encode(): value.encode("utf-8")}
    assert client.get("/v1/me", headers=raw).status_code == 426  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["\uff15", "\u00b2", "5\u0660", "1_0", "0x10", "1e2"])
def test_odd_digits_in_the_pull_limit_are_400(client: TestClient, world: World, value: str) -> None:
    token = sign_in(client, "emp_a")
    response = client.get("/v1/pull", params={"limit": value}, headers=user_headers(token))
    assert response.status_code in (400, 422), response.text


@pytest.mark.parametrize("value", ["\uff11\uff10", "1_0", "+10", "10 "])
def test_a_content_length_that_is_not_ascii_digits_is_400(
    client: TestClient, world: World, value: str
) -> None:
    body = b'{"code": "x", "device_name": "y"}'
    status = asyncio.run(raw_asgi(client.app, "POST", "/v1/enrol", body, [
        (PROTOCOL_HEADER.lower().encode(), str(PROTOCOL_VERSION).encode()),
        (b"content-length", value.encode("utf-8"))]))
    assert status == 400


async def raw_asgi(app: Any, method: str, path: str, body: bytes,
                   headers: list[tuple[bytes, bytes]]) -> int:
    """Call the app with headers no HTTP client library would send."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 5000), "server": ("testserver", 80)}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return int(next(m["status"] for m in sent if m["type"] == "http.response.start"))



def test_a_body_that_arrives_too_slowly_gets_408(db: Database, settings: Settings) -> None:
    from dataclasses import replace

    app = create_app(replace(settings, body_timeout_seconds=1), database=db)

    async def call() -> tuple[int, dict[str, str]]:
        async def slow() -> Any:
            yield b'{"code": '
            await asyncio.sleep(4)
            yield b'"x", "device_name": "y"}'

        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as ac:
            response = await ac.post("/v1/enrol", content=slow(), headers={
                PROTOCOL_HEADER: str(PROTOCOL_VERSION)})
            return response.status_code, dict(response.headers)

    started = time.monotonic()
    status, headers = asyncio.run(call())
    assert status == 408 and headers.get("connection") == "close"
    assert time.monotonic() - started < 3.9  # 1 s + 1 s per 16 KiB of the small-body limit


# --- 7. stored text without control characters ------------------------------------------


def test_a_device_name_loses_its_control_characters(
    client: TestClient, db: Database, settings: Settings, world: World
) -> None:
    enrol(client, db, settings, world.store_a, name="Till\x1b[2J\x1b]0;owned\x07 PC\u202e\r\n2")
    with db.read() as conn:
        name = conn.execute(select(t.devices.c.name)).scalar_one()
    assert name == "Till[2J]0;owned PC\u202e 2", repr(name)


def test_admin_names_lose_their_control_characters(db: Database, settings: Settings,
                                                   world: World) -> None:
    with db.write() as conn:
        store = admin.create_store(conn, world.org_id, "C\x1b1", "Gamma\x1b[31m Lane\x00")
        team = admin.create_team(conn, world.org_id, store, "Tills\x08\x08")
        region = admin.create_region(conn, world.org_id, "East\x9b")
        user = admin.create_user(conn, settings, world.org_id, username="dora", role="manager",
                                 display_name="Dora\x1b]2;x\x07 K", store=store, now=NOW)
        org = admin.create_org(conn, "Org\x1b", now=NOW)
        rows = [
            *conn.execute(select(t.stores.c.code, t.stores.c.name).where(t.stores.c.id == store)).one(),
            conn.execute(select(t.teams.c.name).where(t.teams.c.id == team)).scalar_one(),
            conn.execute(select(t.regions.c.name).where(t.regions.c.id == region)).scalar_one(),
            conn.execute(select(t.users.c.display_name).where(t.users.c.id == user)).scalar_one(),
            conn.execute(select(t.organisations.c.name).where(t.organisations.c.id == org)).scalar_one(),
        ]
    for value in rows:
        assert not any(ord(ch) < 32 or 0x7f <= ord(ch) <= 0x9f for ch in value), repr(value)


def test_device_list_in_the_terminal_never_prints_escape_sequences(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import argparse

    from frontline.server.cli import _print

    _print([{"id": "d1", "name": "PC\x1b[2J"}], argparse.Namespace(json=False))
    assert "\x1b" not in capsys.readouterr().out



def test_migration_0005_makes_old_odd_usernames_findable_and_cleans_stored_names(
    tmp_path: Any, settings: Settings
) -> None:
    from alembic import command
    from sqlalchemy import text

    from frontline.server import migrate

    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = migrate.alembic_config()
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004_insights")
        conn.commit()
    hashed = auth.hash_secret(settings, PASSWORD)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO organisations (id, name, version, reference_version, "
                          "created_at) VALUES ('o', 'Org\x1b[2J', 0, 1, 't')"))
        conn.execute(text("INSERT INTO stores (id, org_id, code, name, disabled) "
                          "VALUES ('s', 'o', 'S1', 'Main\x07 St', false)"))
        for uid, name in [("u1", "\uff27race.d"), ("u2", "stra\u00dfe"), ("u3", "strasse")]:
            conn.execute(text("INSERT INTO users (id, org_id, username, display_name, role, "
                              "password_hash, disabled, created_at) VALUES "
                              "(:id, 'o', :name, :display, 'admin', :hash, false, 't')"),
                         {"id": uid, "name": name, "display": name + "\x1b]0;x\x07", "hash": hashed})
    migrate.upgrade(db)
    with db.read() as conn:
        users = dict(conn.execute(select(t.users.c.id, t.users.c.username)).all())
        names = conn.execute(select(t.users.c.display_name)).scalars().all()
        store = conn.execute(select(t.stores.c.name)).scalar_one()
        org = conn.execute(select(t.organisations)).one()
    assert users == {"u1": "grace.d", "u2": "stra\u00dfe", "u3": "strasse"}  # u2's form is taken
    assert all("\x1b" not in n and "\x07" not in n for n in names)
    assert store == "Main St" and org.name == "Org[2J" and org.reference_version == 2
    with TestClient(create_app(settings, database=db)) as c:
        c.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
        assert c.post("/v1/sign-in", json={"username": "GRACE.D ", "password": PASSWORD}
                      ).status_code == 200
    db.dispose()


def test_a_push_with_far_too_many_items_is_refused_without_parsing_them_all(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    token = sign_in(client, "emp_a")
    body = b'{"mutations": [' + b", ".join([b'{"id": "x", "op": "y"}'] * 20_000) + b"]}"
    decoded: list[int] = []
    real = json.JSONDecoder.raw_decode

    def counting(self: Any, s: str, idx: int = 0) -> Any:
        decoded.append(idx)
        return real(self, s, idx)

    monkeypatch.setattr(json.JSONDecoder, "raw_decode", counting)
    response = client.post("/v1/push", content=body, headers={
        **user_headers(token), "Content-Type": "application/json"})
    assert response.status_code == 413, response.text
    assert 500 <= len(decoded) < 1000  # one call per item, stopped after the 501st
    for bad in (b"[]", b'"x"', b"{"):
        assert client.post("/v1/push", content=bad, headers=user_headers(token)
                           ).status_code in (400, 422)


@pytest.mark.parametrize("cursor", ["v\u00b2", "v\uff11\uff12", "v\u0661", "v1:\u00b2"])
def test_odd_unicode_digits_in_the_pull_cursor_are_400(
    client: TestClient, world: World, cursor: str
) -> None:
    token = sign_in(client, "emp_a")
    response = client.get("/v1/pull", params={"cursor": cursor}, headers=user_headers(token))
    assert response.status_code == 400, response.text


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"])
@pytest.mark.parametrize("path", ["/health", "/ready", "/metrics", "/v1/sign-in", "/v1/pull",
                                  "/v1/insights", "/v1/devices/x/revoke"])
def test_other_methods_are_refused_without_a_server_error(
    client: TestClient, method: str, path: str
) -> None:
    response = client.request(method, path)
    assert response.status_code in (401, 404, 405, 426), (method, path, response.status_code)


def test_a_request_id_with_a_line_break_or_huge_is_replaced_not_echoed(client: TestClient) -> None:
    for bad in ["abc\tdef", "x" * 65, "\u00e9t\u00e9"]:
        response = client.get("/health", headers={"X-Request-ID": bad.encode("utf-8")})  # type: ignore[dict-item]
        assert response.headers["x-request-id"] != bad and len(response.headers["x-request-id"]) == 32


@pytest.mark.parametrize("pin", ["\u00b2\u00b3\u00b9\u2074", "\u0661\u0662\u0663\u0664",
                                 "\uff11\uff12\uff13\uff14"])
def test_a_pin_is_ascii_digits_only(db: Database, settings: Settings, world: World, pin: str) -> None:
    with db.write() as conn, pytest.raises(admin.AdminError, match="PIN"):
        admin.set_pin(conn, settings, world.org_id, "emp_a", pin)
    with db.write() as conn, pytest.raises(admin.AdminError, match="PIN"):
        admin.create_user(conn, settings, world.org_id, username="pinny", role="employee",
                          pin=pin, store=world.store_a, now=NOW)


def test_a_username_too_long_once_normalised_is_refused(db: Database, settings: Settings,
                                                        world: World) -> None:
    with db.write() as conn, pytest.raises(admin.AdminError, match="120"):
        admin.create_user(conn, settings, world.org_id, username="\ufdfa" * 10, role="admin",
                          now=NOW)


@pytest.mark.parametrize("day", ["\uff12\uff10\uff12\uff16-01-01", "2026-01-0\u00b9", "2026-\u0661-01"])
def test_odd_digits_in_insights_dates_are_400(client: TestClient, world: World, day: str) -> None:
    token = sign_in(client, "manager_a")
    response = client.get("/v1/insights", params={"since": day, "until": "2026-12-31"},
                          headers=user_headers(token))
    assert response.status_code == 400, response.text


def test_one_address_spraying_many_accounts_is_throttled(
    db: Database, settings: Settings, world: World
) -> None:
    from dataclasses import replace

    sprayer = replace(settings, login_max_failures_per_address=6)
    with app_client(db, sprayer, peer="203.0.113.5") as c:
        codes = [attempt(c, name) for name in
                 ["emp_a", "emp_b", "manager_a", "ghost1", "ghost2", "leader", "admin", "emp_a2"]]
        assert codes[:6] == [401] * 6 and codes[6:] == [429, 429], codes
        assert attempt(c, "emp_a", PASSWORD) == 429
    with app_client(db, sprayer, peer="203.0.113.6") as c:  # another address: unaffected
        assert attempt(c, "emp_a", PASSWORD) == 200
