"""The HTTP client's failures, as a person reads them, from real sockets on loopback."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from time import time

import pytest

from frontline.core.errors import SyncError
from frontline.sync.client import HttpClient
from frontline.sync.credentials import TokenStore
from tests.helpers.realserver import free_port

ANSWERS: dict[str, tuple[int, dict[str, str], bytes]] = {}


class Canned(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        status, headers, body = ANSWERS[self.path.split("?")[0]]
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def canned() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Canned)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def answer(path: str, status: int, body: bytes = b"", **headers: str) -> None:
    ANSWERS[path] = (status, {"Content-Type": "application/json", **headers}, body)


def client(url: str, tmp_path: Path, timeout: tuple[float, float] = (2, 2)) -> HttpClient:
    return HttpClient(url, TokenStore(tmp_path), timeout=timeout)


def failure(call: object) -> SyncError:
    with pytest.raises(SyncError) as caught:
        call()  # type: ignore[operator]
    return caught.value


def test_connection_refused_is_offline_and_says_the_observations_are_safe(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    error = failure(lambda: client(url, tmp_path).pull(None))
    assert error.kind == "network"
    assert url in str(error) and "safe on this PC" in str(error) and "refused" in str(error)


def test_unknown_host_is_offline_with_a_hint_to_check_the_address(tmp_path: Path) -> None:
    error = failure(lambda: client("http://no-such-host.invalid", tmp_path).pull(None))
    assert error.kind == "network" and "check it" in str(error)


def test_a_server_that_never_answers_times_out(tmp_path: Path) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        error = failure(lambda: client(url, tmp_path, timeout=(1, 0.3)).pull(None))
    assert error.kind == "network" and "did not answer in time" in str(error)


def test_update_required_carries_the_servers_words(canned: str, tmp_path: Path) -> None:
    answer("/v1/pull", 426, b'{"error": "update_required", "message": "Update Frontline."}')
    error = failure(lambda: client(canned, tmp_path).pull(None))
    assert error.kind == "update_required" and str(error) == "Update Frontline."


def test_busy_and_throttled_give_retry_after_in_seconds_or_as_a_date(
        canned: str, tmp_path: Path) -> None:
    answer("/v1/pull", 503, b'{"error": "busy", "message": "Busy."}', **{"Retry-After": "12"})
    error = failure(lambda: client(canned, tmp_path).pull(None))
    assert error.kind == "busy" and error.retry_after == 12
    answer("/v1/push", 429, b"{}", **{"Retry-After": formatdate(time() + 60, usegmt=True)})
    error = failure(lambda: client(canned, tmp_path).push([]))
    assert error.kind == "throttled" and error.retry_after is not None
    assert 55 <= error.retry_after <= 61


@pytest.mark.parametrize(("status", "kind"), [(413, "too_large"), (422, "invalid_request"),
                                              (500, "internal"), (502, "busy"),
                                              (404, "not_found"), (403, "forbidden")])
def test_http_failures_map_to_kinds(canned: str, tmp_path: Path, status: int, kind: str) -> None:
    answer("/v1/reference", status, b"<html>proxy error</html>", **{"Content-Type": "text/html"})
    error = failure(lambda: client(canned, tmp_path).reference())
    assert error.kind == kind and str(error)  # a sentence even without a JSON body


def test_an_answer_that_is_not_json_is_an_internal_error(canned: str, tmp_path: Path) -> None:
    answer("/v1/reference", 200, b"<html>captive portal</html>", **{"Content-Type": "text/html"})
    error = failure(lambda: client(canned, tmp_path).reference())
    assert error.kind == "internal" and "server address" in str(error)


def test_a_push_answer_missing_results_is_not_taken(canned: str, tmp_path: Path) -> None:
    answer("/v1/push", 200, b'{"protocol": 1, "results": []}')
    mutation = {"id": "m1", "op": "observation.withdraw", "observation_id": "o1"}
    error = failure(lambda: client(canned, tmp_path).push([mutation]))  # type: ignore[list-item]
    assert error.kind == "internal" and "Nothing was lost" in str(error)


def test_a_mistyped_server_address_is_refused_at_once(tmp_path: Path) -> None:
    error = failure(lambda: HttpClient("frontline.example.com", TokenStore(tmp_path)))
    assert error.kind == "invalid_request" and "https://" in str(error)
