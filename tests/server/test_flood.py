"""A real `frontline-server serve` process on loopback under abuse (issue #19): slow
clients, a flood of sign-ins, spoofed addresses. Bounded in time; the latency bounds are
hang guards, not benchmarks."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from frontline.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.helpers.realserver import DemoTemplate, RealServer

BODY_TIMEOUT = 3
HEADERS = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealServer]:
    mp = pytest.MonkeyPatch()
    mp.setenv("FRONTLINE_BODY_TIMEOUT_SECONDS", str(BODY_TIMEOUT))
    mp.setenv("FRONTLINE_RETENTION_INTERVAL_SECONDS", "0")
    template = DemoTemplate(tmp_path_factory.mktemp("flood-template"))
    real = RealServer.from_template(template, tmp_path_factory.mktemp("flood"))
    real.info = template.info  # type: ignore[attr-defined]
    try:
        real.start()
        yield real
    finally:
        real.stop()
        mp.undo()


def health_latencies(url: str, seconds: float) -> list[float]:
    latencies = []
    deadline = time.monotonic() + seconds
    with requests.Session() as session:
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                assert session.get(url + "/health", timeout=5).status_code == 200
                latencies.append(time.monotonic() - started)
            except requests.RequestException:
                latencies.append(5.0)  # a hang counts as the worst case
            time.sleep(0.05)
    return latencies


def p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def test_health_stays_responsive_while_slow_clients_and_a_sign_in_flood_arrive(
    server: RealServer,
) -> None:
    started = time.monotonic()
    head = (f"POST /v1/enrol HTTP/1.1\r\nHost: 127.0.0.1\r\n{PROTOCOL_HEADER}: "
            f"{PROTOCOL_VERSION}\r\nContent-Type: application/json\r\n"
            "Content-Length: 1000\r\n\r\n").encode()
    slow = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(20)]
    answers: dict[int, bytes] = {}
    stop = threading.Event()

    def drip(n: int, sock: socket.socket) -> None:  # slowloris: a byte every half second
        sock.sendall(head)
        try:
            while not stop.is_set():
                sock.sendall(b" ")
                sock.settimeout(0.5)
                try:
                    data = sock.recv(4096)
                except TimeoutError:
                    continue
                answers[n] = answers.get(n, b"") + data
                if not data or b"\r\n\r\n" in answers[n]:
                    break
        except OSError:  # the server closed it: that is the point
            pass

    flood_codes: list[int] = []

    def flood(n: int) -> None:
        deadline = time.monotonic() + 3
        with requests.Session() as session:
            while time.monotonic() < deadline:
                r = session.post(server.url + "/v1/sign-in", headers=HEADERS, timeout=10,
                                 json={"username": f"nobody{n}-{time.monotonic()}",
                                       "password": "wrong password"})
                flood_codes.append(r.status_code)

    with ThreadPoolExecutor(20 + 16) as pool:
        for n, sock in enumerate(slow):
            pool.submit(drip, n, sock)
        flooding = [pool.submit(flood, n) for n in range(16)]
        latencies = health_latencies(server.url, BODY_TIMEOUT + 2)
        for f in flooding:
            f.result()
        stop.set()
    for sock in slow:
        sock.close()

    assert len(latencies) > 10
    assert p95(latencies) < 1.0, sorted(latencies)[-5:]
    assert max(latencies) < 3.0, sorted(latencies)[-5:]
    assert flood_codes and set(flood_codes) <= {401, 429, 503}, set(flood_codes)
    # every slow client was answered 408 (or cut off) within the body timeout
    assert len(answers) == 20 and all(a.startswith(b"HTTP/1.1 408") or a == b""
                                      for a in answers.values()), answers
    assert sum(a.startswith(b"HTTP/1.1 408") for a in answers.values()) >= 15
    assert time.monotonic() - started < 20


def test_x_forwarded_for_from_loopback_is_not_believed_by_default(server: RealServer) -> None:
    login: dict[str, Any] = server.info["logins"][0]  # type: ignore[attr-defined]
    for n in range(6):  # five failures "from" other addresses: all count against 127.0.0.1
        requests.post(server.url + "/v1/sign-in", timeout=10,
                      headers={**HEADERS, "X-Forwarded-For": f"198.51.100.{n}"},
                      json={"username": login["username"], "password": "wrong password"})
    blocked = requests.post(server.url + "/v1/sign-in", timeout=10,
                            headers={**HEADERS, "X-Forwarded-For": "203.0.113.77"},
                            json={"username": login["username"], "password": "wrong password"})
    assert blocked.status_code == 429


def test_health_stays_responsive_while_big_pushes_are_parsed(server: RealServer) -> None:
    enrolled = requests.post(server.url + "/v1/enrol", headers=HEADERS, timeout=10,
                             json={"code": server.code(), "device_name": "Flood PC"}).json()
    device = {**HEADERS, "X-Frontline-Device": enrolled["device_token"],
              "Content-Type": "application/json"}
    item = b'{"id": "0190a0b0-0000-7000-8000-000000000000", "op": "observation.upsert", "x": [1, 2]}'
    body = b'{"mutations": [' + b", ".join([item] * 45_000) + b"]}"
    assert 3_500_000 < len(body) < 4 * 1024 * 1024
    codes: list[int] = []

    def big_push(_: int) -> None:
        with requests.Session() as session:
            for _ in range(2):
                codes.append(session.post(server.url + "/v1/push", data=body, headers=device,
                                          timeout=30).status_code)

    started = time.monotonic()
    with ThreadPoolExecutor(12) as pool:
        pushing = [pool.submit(big_push, n) for n in range(12)]
        latencies = health_latencies(server.url, 3)
        for f in pushing:
            f.result()
    assert codes and set(codes) <= {400, 413, 422, 503}, set(codes)
    assert p95(latencies) < 1.0, sorted(latencies)[-5:]
    assert time.monotonic() - started < 20
