"""The outbound worker: a daemon thread of each serving process (started and stopped by
`create_app`'s lifespan) that sends the outbox.

Every half second, and whenever a send ends, it makes alert e-mails that are due
(`alerts.compose`), the scheduled digest when its hour has come (`digest.scheduled`), then
claims due outbox rows (at most as many as it has free slots) and hands each to a pool of
`outbound_concurrency` threads.
One delivery waits at most `outbound_timeout_seconds` per network operation, so a hanging
endpoint holds one slot, never the others. Nothing is logged of a body or a secret.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from frontline.server import faultpoints
from frontline.server.db import Database
from frontline.server.outbound import mail, outbox, webhooks
from frontline.server.settings import Settings

log = logging.getLogger("frontline.server.outbound")
POLL_SECONDS = 0.5


def _now() -> datetime:
    return datetime.now(UTC)


class Worker:
    """Sends what the outbox holds, at least once."""

    def __init__(self, settings: Settings, db: Database):
        self.settings = settings
        self.db = db
        self._stop = threading.Event()
        self._wake = threading.Event()  # a send finished: a slot is free
        self._slots = threading.Semaphore(max(1, settings.outbound_concurrency))
        self._busy = 0
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max(1, settings.outbound_concurrency),
                                        thread_name_prefix="frontline-outbound")
        self._thread = threading.Thread(target=self._run, name="frontline-outbound-worker",
                                        daemon=True)

    def start(self) -> None:
        """Start sending, unless the database has no outbox yet (not migrated: `serve` runs
        after `init`; an app made on a bare database, as the API schema tests do, sends
        nothing and says so once)."""
        from sqlalchemy import inspect

        try:
            with self.db.read() as conn:
                if not inspect(conn).has_table("outbox"):
                    log.warning("outbound sending is off: the database has no outbox table "
                                "(run frontline-server init)")
                    return
        except Exception:  # noqa: BLE001 - unreachable now: the worker's rounds retry
            log.warning("outbound: the database cannot be reached yet; retrying in the worker")
        self._thread.start()

    def stop(self) -> None:
        """Stop claiming; deliveries under way finish (or time out) in their threads."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _channels(self) -> tuple[str, ...]:
        return ("webhook", "mail") if self.settings.smtp_host else ("webhook",)

    def _run(self) -> None:
        from frontline.server.outbound import alerts, digest

        while not self._stop.is_set():
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                now = _now()
                alerts.compose(self.db, self.settings, now)
                digest.scheduled(self.db, self.settings, now)
                self.tick(now)
            except Exception:  # noqa: BLE001 - logged; the next round tries again
                log.exception("outbound worker round failed; trying again shortly")

    def tick(self, now: datetime) -> int:
        """Claim due rows for the free slots and start sending them; how many started."""
        with self._lock:
            free = self.settings.outbound_concurrency - self._busy
        rows = outbox.claim(self.db, self.settings, now, free, self._channels())
        for row in rows:
            with self._lock:
                self._busy += 1
            self._pool.submit(self._send, row)
        return len(rows)

    def _send(self, row: outbox.Claimed) -> None:
        try:
            self._attempt(row)
        except Exception:  # noqa: BLE001
            log.exception("outbound delivery failed unexpectedly")
        finally:
            with self._lock:
                self._busy -= 1
            self._wake.set()

    def _attempt(self, row: outbox.Claimed) -> None:
        if row.channel == "webhook":
            with self.db.read() as conn:
                found = webhooks.target(conn, row.target)
            if found is None:
                error: str | None = "endpoint removed"
            else:
                error = webhooks.post(found[0], found[1], row.id, row.event,
                                      row.payload.encode("utf-8"),
                                      timeout=self.settings.outbound_timeout_seconds,
                                      now=int(time.time()))
        else:
            error = mail.send(self.settings, row.payload)
        if error is None:
            with self.db.write() as conn:
                outbox.mark_sent(conn, row.id, _now())
            log.info("outbound sent", extra={"channel": row.channel, "event": row.event,
                                             "attempt": row.attempts + 1})
            if row.channel == "mail":
                faultpoints.reached("mail.after_send")
            return
        status = outbox.mark_failed_attempt(self.db, self.settings, row, error, _now())
        log.warning("outbound attempt failed", extra={
            "channel": row.channel, "event": row.event, "attempt": row.attempts + 1,
            "error": error, "status": status})
