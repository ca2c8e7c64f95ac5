"""Real receivers on loopback for the outbound tests: an HTTP endpoint (stdlib
`http.server` in a thread) that fails, hangs and recovers on demand, and an SMTP server
(aiosmtpd). Both put what they receive on a queue, so a test waits for it, never sleeps."""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    answered: int  # -1 while hanging


class Receiver:
    """An HTTP endpoint: the first `fail` requests get 500, then `hang` requests hang
    (until `release()` or the client gives up), then 200."""

    def __init__(self, *, fail: int = 0, hang: int = 0):
        self.fail, self.hang = fail, hang
        self.got: queue.Queue[Received] = queue.Queue()
        self.all: list[Received] = []
        self.hanging = threading.Event()  # set while a request hangs
        self._release = threading.Event()
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with owner._lock:
                    if owner.fail > 0:
                        owner.fail -= 1
                        status = 500
                    elif owner.hang > 0:
                        owner.hang -= 1
                        status = -1
                    else:
                        status = 200
                got = Received(self.path, {k: v for k, v in self.headers.items()}, body, status)
                owner.all.append(got)  # on arrival (a hanging one too)
                if status == -1:
                    owner.hanging.set()
                    owner._release.wait(60)
                    owner.hanging.clear()
                    status = 200
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the sender gave up waiting
                got.answered = status
                owner.got.put(got)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def release(self) -> None:
        self._release.set()

    def close(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()

    def wait_ok(self, count: int, timeout: float = 120) -> list[Received]:
        """Block until `count` requests were answered 200; those requests."""
        ok: list[Received] = []
        while len(ok) < count:
            got = self.got.get(timeout=timeout)
            if got.answered == 200:
                ok.append(got)
        return ok


class Mailbox:
    """A real SMTP server on loopback (aiosmtpd); each message lands on `got`."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.got: queue.Queue[Any] = queue.Queue()
        owner = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
                from email import message_from_bytes, policy

                owner.got.put(message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def close(self) -> None:
        self.controller.stop()

    def wait(self, count: int, timeout: float = 120) -> list[Any]:
        return [self.got.get(timeout=timeout) for _ in range(count)]
