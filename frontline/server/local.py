"""`LocalServer`: the server's sync functions behind `SyncProtocol`, in this process.

The sync engine runs against it in tests exactly as against the HTTP client (Anki tests
its sync client this way): no sockets, the same push/pull code, the same answers.
Failures raise `SyncError(kind)` with the HTTP API's error codes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import cast

from frontline.core.errors import SyncError
from frontline.server import admin, auth, sync
from frontline.server.db import Database
from frontline.server.errors import ApiError
from frontline.server.settings import Settings
from frontline.sync.protocol import (
    PROTOCOL_VERSION,
    EnrolResponse,
    ErrorCode,
    Mutation,
    PullResponse,
    PushResponse,
    ReferenceData,
    SignInResponse,
)


@contextmanager
def _as_sync_errors() -> Iterator[None]:
    try:
        yield
    except ApiError as error:
        raise SyncError(error.code, error.message, retry_after=error.retry_after) from None


class LocalServer:
    """A `SyncProtocol` over a server database. Holds the device and user tokens it was
    given or obtained (`enrol`, `sign_in`), like the HTTP client does."""

    def __init__(self, db: Database, settings: Settings, *, device_token: str | None = None,
                 user_token: str | None = None, address: str = "in-process"):
        self.db = db
        self.settings = settings
        self.device_token = device_token
        self.user_token = user_token
        self.address = address
        self._sign_in_counts = auth.MemoryCounts()

    def _principal(self) -> auth.Principal:
        with self.db.read() as conn:
            return auth.resolve_principal(conn, user_token=self.user_token,
                                          device_token=self.device_token, now=auth.now_dt())

    def enrol(self, code: str, device_name: str) -> EnrolResponse:
        with _as_sync_errors(), self.db.write() as conn:
            answer = auth.enrol_device(conn, self.settings, code=code, device_name=device_name,
                                       now=auth.now_dt())
        self.device_token = answer["device_token"]
        return cast(EnrolResponse, answer)

    def sign_in(self, username: str, password: str) -> SignInResponse:
        with _as_sync_errors():
            answer = auth.sign_in(self.db, self.settings, username, password,
                                  address=self.address, memory=self._sign_in_counts)
        self.user_token = answer["user_token"]
        return cast(SignInResponse, answer)

    def push(self, mutations: Sequence[Mutation]) -> PushResponse:
        if len(mutations) > self.settings.max_batch_items:
            raise SyncError(ErrorCode.TOO_LARGE,
                            f"A push may carry at most {self.settings.max_batch_items} changes.")
        # the same bytes the HTTP API would see: JSON in, JSON out
        items = json.loads(json.dumps(list(mutations)))
        with _as_sync_errors():
            principal = self._principal()
            with self.db.write() as conn:
                if principal.device is not None:
                    auth.touch_device(conn, principal.device.id, auth.now_dt())
                results = sync.push(conn, principal, items, now=auth.now_dt()) if items else []
        return cast(PushResponse, json.loads(json.dumps(
            {"protocol": PROTOCOL_VERSION, "results": results})))

    def pull(self, cursor: str | None, limit: int = 500) -> PullResponse:
        limit = max(1, min(limit, self.settings.max_pull_limit))
        with _as_sync_errors():
            principal = self._principal()
            with self.db.read() as conn:
                page = sync.pull(conn, principal, cursor, limit, now=auth.now_dt())
        return cast(PullResponse, page)

    def reference(self) -> ReferenceData:
        with _as_sync_errors():
            principal = self._principal()
            with self.db.read() as conn:
                return cast(ReferenceData, admin.reference_data(conn, principal))
