"""A tiny fault-injecting HTTP proxy between the client and a real server (threads).

Each client connection carries one request (the proxy answers with `Connection: close`,
so the client opens a new connection for the next one). For each request the proxy asks
`choose()` for a fault:

- `"pass"`: forward it and relay the answer;
- `("status", code, retry_after)`: answer `code` itself (e.g. 500, or 503 with Retry-After);
- `("delay", seconds)`: wait, then forward (a slow server: the client may time out while
  the server still does the work);
- `"reset"`: reset the connection before forwarding (the server never sees it);
- `"reset_after"`: forward, let the server finish, then reset the connection instead of
  answering (the server committed; the client cannot know).
"""

from __future__ import annotations

import random
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable
from typing import Any

Fault = Any


def _read_request(conn: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    return _with_header(head, b"Connection", b"close") + b"\r\n\r\n" + body


def _with_header(head: bytes, name: bytes, value: bytes) -> bytes:
    lines = [line for line in head.split(b"\r\n")
             if line.partition(b":")[0].strip().lower() != name.lower()]
    return b"\r\n".join([*lines, name + b": " + value])


def _reset(conn: socket.socket) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


class FaultProxy:
    """Listens on a free loopback port and forwards to `upstream` (host, port)."""

    def __init__(self, upstream: tuple[str, int], choose: Callable[[], Fault] | None = None):
        self.upstream = upstream
        self.choose = choose or (lambda: "pass")
        self.counts: dict[str, int] = {}
        self._lock = threading.Lock()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _count(self, name: str) -> None:
        with self._lock:
            self.counts[name] = self.counts.get(name, 0) + 1

    def _handle(self, conn: socket.socket) -> None:
        try:
            request = _read_request(conn)
        except OSError:
            return
        if request is None:
            return
        with self._lock:
            fault = self.choose()
        name = fault if isinstance(fault, str) else fault[0]
        self._count(name)
        try:
            if fault == "reset":
                _reset(conn)
                return
            if isinstance(fault, tuple) and fault[0] == "status":
                _, code, retry_after = fault
                body = b'{"error": "busy", "message": "Injected fault."}'
                extra = f"Retry-After: {retry_after}\r\n" if retry_after is not None else ""
                conn.sendall(f"HTTP/1.1 {code} Fault\r\nContent-Type: application/json\r\n"
                             f"Content-Length: {len(body)}\r\n{extra}Connection: close\r\n\r\n"
                             .encode() + body)
                conn.close()
                return
            if isinstance(fault, tuple) and fault[0] == "delay":
                time.sleep(fault[1])
            answer = self._forward(request)
            if fault == "reset_after" or answer is None:
                _reset(conn)
                return
            conn.sendall(answer)
            conn.close()
        except OSError:
            conn.close()

    def _forward(self, request: bytes) -> bytes | None:
        try:
            with socket.create_connection(self.upstream, timeout=30) as up:
                up.sendall(request)
                chunks = []
                while True:
                    chunk = up.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
        except OSError:
            return None
        answer = b"".join(chunks)
        head, sep, body = answer.partition(b"\r\n\r\n")
        return _with_header(head, b"Connection", b"close") + sep + body if sep else None


def random_faults(seed: int, *, p_fault: float = 0.4, delay: float = 1.5,
                  retry_after: int = 1) -> Callable[[], Fault]:
    """A seeded mix of every fault, each request faulty with probability `p_fault`."""
    rng = random.Random(seed)
    faults: list[Fault] = [("status", 500, None), ("status", 503, retry_after),
                           ("delay", delay), "reset", "reset_after"]

    def choose() -> Fault:
        return rng.choice(faults) if rng.random() < p_fault else "pass"

    return choose
