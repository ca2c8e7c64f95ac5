"""The sync engine: one plain function, `sync_once`, that the UI only schedules.

    report = sync_once(store, client, on_progress=..., should_cancel=...)

Push: the outbox goes out oldest first in batches bounded by count and bytes; each item's
result is recorded in one transaction per batch (`frontline.store.remote`): applied and
already applied leave the queue; a rejected item is quarantined with its reason and the
rest go on; a conflict takes the server's state and drops the local change. Batches
repeat until the queue is empty or a batch makes no progress.

Pull: pages since the stored cursor until `has_more` is false, each page written together
with its cursor; then the reference data when its version changed.

No failure raises out of `sync_once` except a local-file problem (`StoreError`): a
`SyncError` ends the run and is returned in `report.error`, with what was done before it.
"update required" touches nothing in the queue. Runs without Qt; `Backoff` tells a
scheduler how long to wait before the next attempt after a failure.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from frontline.core.errors import SyncError
from frontline.core.ids import parse_time, utc_now
from frontline.store import outbox, remote, resync
from frontline.store.db import Store, write_transaction
from frontline.sync import faultpoints
from frontline.sync.protocol import Mutation, SyncProtocol

log = logging.getLogger(__name__)

#: Kinds after which trying again later may succeed without anyone doing anything.
TRANSIENT_KINDS = frozenset({"network", "throttled", "busy", "internal"})

LAST_SYNC_KEY = "last_sync_at"
LAST_ATTEMPT_KEY = "last_attempt_at"
LAST_ERROR_KIND_KEY = "last_error_kind"
LAST_ERROR_KEY = "last_error"
#: How stale the recorded "last sync" time may get before an idle success rewrites it.
STATE_WRITE_SECONDS = 60


@dataclass(frozen=True)
class Progress:
    """Where a sync is: `phase` is push, pull or reference; `total` 0 when unknown."""

    phase: str
    done: int
    total: int


@dataclass(frozen=True)
class ItemProblem:
    """One mutation the server did not take as sent, and why (for the person)."""

    mutation_id: str
    observation_id: str
    reason: str


@dataclass
class SyncReport:
    """What one `sync_once` did."""

    pushed: int = 0
    already_applied: int = 0
    quarantined: list[ItemProblem] = field(default_factory=list)
    conflicts: list[ItemProblem] = field(default_factory=list)
    pulled: int = 0
    removed: int = 0
    unread: list[str] = field(default_factory=list)  # observations with news for their author
    reference_updated: bool = False
    resent: list[str] = field(default_factory=list)  # sent again after a server restore
    cursor: str | None = None
    requests: int = 0
    duration: float = 0.0
    cancelled: bool = False
    error: SyncError | None = None
    pending: int = 0  # mutations still queued (not quarantined) at the end
    quarantined_total: int = 0  # mutations set aside in the queue at the end

    @property
    def ok(self) -> bool:
        """The run finished: nothing failed and it was not cancelled."""
        return self.error is None and not self.cancelled

    def summary(self) -> str:
        """One line for a person or a log."""
        if self.error is not None:
            return str(self.error)
        parts = [f"sent {self.pushed + self.already_applied}", f"received {self.pulled}"]
        if self.quarantined:
            parts.append(f"{len(self.quarantined)} set aside")
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} overruled by the server")
        if self.cancelled:
            parts.append("stopped before the end")
        return "Synced: " + ", ".join(parts) + f" ({self.duration:.1f} s)."


class _Cancelled(Exception):
    pass


def mutation_of(entry: outbox.OutboxEntry) -> Mutation:
    """The wire form of one queued mutation (`payload` is what the store queued)."""
    payload = entry.payload
    if entry.op == "observation.upsert":
        return {"id": entry.id, "op": "observation.upsert", "observation": payload}  # type: ignore[typeddict-item]
    if entry.op == "observation.withdraw":
        return {"id": entry.id, "op": "observation.withdraw",
                "observation_id": str(payload.get("observation_id") or payload.get("id")
                                      or entry.entity_id)}
    if entry.op == "review.update":
        return {"id": entry.id, "op": "review.update",
                "observation_id": str(payload.get("observation_id") or entry.entity_id),
                "base_rev": int(payload.get("base_rev", 0)),
                "changes": payload.get("changes", {})}
    if entry.op == "review.merge":
        return {"id": entry.id, "op": "review.merge",
                "observation_id": str(payload.get("observation_id") or entry.entity_id),
                "base_rev": int(payload.get("base_rev", 0)), "into": str(payload["into"])}
    if entry.op == "review.unmerge":
        return {"id": entry.id, "op": "review.unmerge",
                "observation_id": str(payload.get("observation_id") or entry.entity_id),
                "base_rev": int(payload.get("base_rev", 0))}
    raise ValueError(entry.op)


def sync_once(
    store: Store | Database,
    client: SyncProtocol,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    batch_limit: int = 200,
    batch_bytes: int = 512_000,
    pull_limit: int = 500,
) -> SyncReport:
    """Push the outbox, then pull what changed, once. Call it off the GUI thread.

    Returns a `SyncReport`; `report.error` holds the `SyncError` that ended the run early
    (kinds: network, update_required, unauthorized, signed_out, throttled, busy, internal,
    too_large, invalid_request, forbidden, not_found). Raises only `StoreError` (the local
    file cannot be used)."""
    db = store.connection() if isinstance(store, Store) else store
    report = SyncReport()
    started = time.perf_counter()
    sent_before = getattr(client, "requests_sent", 0)

    def progress(phase: str, done: int, total: int) -> None:
        if on_progress is not None:
            on_progress(Progress(phase, done, total))

    def check_cancel() -> None:
        if should_cancel is not None and should_cancel():
            raise _Cancelled

    try:
        _push(db, client, report, progress, check_cancel, batch_limit, batch_bytes)
        _pull(db, client, report, progress, check_cancel, pull_limit)
        if report.resent:  # what a restored server lacked: sent now, not at the next sync
            _push(db, client, report, progress, check_cancel, batch_limit, batch_bytes)
        _purge_local(db, client, report)
    except _Cancelled:
        report.cancelled = True
    except SyncError as error:
        report.error = error
        log.info("sync stopped: %s (%s)", error.kind, error)
    report.duration = time.perf_counter() - started
    report.requests = getattr(client, "requests_sent", 0) - sent_before
    report.cursor = remote.cursor(db, getattr(client, "user_id", None))
    report.pending = outbox.count(db)
    report.quarantined_total = outbox.count(db, include_quarantined=True) - report.pending
    _record_outcome(db, report)
    return report


def _next_batch(db: Database, report: SyncReport, limit: int, batch_bytes: int,
                busy: list[outbox.OutboxEntry]) -> tuple[list[outbox.OutboxEntry], list[Mutation]]:
    """The next batch to send, leaving out the batch in flight (`busy`) and every later
    change of the same observations, which must wait for its answer."""
    ids = {e.id for e in busy}
    entities = {e.entity_id for e in busy}
    sendable: list[outbox.OutboxEntry] = []
    mutations: list[Mutation] = []
    size = 0
    for entry in outbox.pending(db, limit=limit + len(busy), max_bytes=batch_bytes * 4):
        if entry.id in ids or entry.entity_id in entities:
            entities.add(entry.entity_id)
            continue
        size += len(entry.payload_json.encode())
        if len(sendable) >= limit or (sendable and size > batch_bytes):
            break
        try:
            mutations.append(mutation_of(entry))
            sendable.append(entry)
        except (ValueError, TypeError, KeyError):
            outbox.quarantine(db, entry.id, "This change is of a kind this version of "
                              "Frontline cannot send. Update Frontline, then try again.")
            report.quarantined.append(ItemProblem(entry.id, entry.entity_id, "unknown op"))
    return sendable, mutations


def _push(db: Database, client: SyncProtocol, report: SyncReport,
          progress: Callable[[str, int, int], None], check_cancel: Callable[[], None],
          batch_limit: int, batch_bytes: int) -> None:
    """Push until the queue is empty. While one batch's results are written locally, the
    next batch is already on its way (one worker thread does the HTTP; the local file is
    only touched here)."""
    total = outbox.count(db)
    if not total:
        return
    progress("push", 0, total)
    done = 0
    limit = batch_limit
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="frontline-push")
    in_flight: tuple[list[outbox.OutboxEntry], Future[Any]] | None = None
    try:
        while True:
            if in_flight is None:
                check_cancel()
                sendable, mutations = _next_batch(db, report, limit, batch_bytes, [])
                if not sendable:
                    if outbox.pending(db, limit=1):
                        continue  # only unsendable entries were met (now set aside)
                    return
                in_flight = (sendable, pool.submit(client.push, mutations))
            sendable, future = in_flight
            in_flight = None
            try:
                answer = future.result()
            except SyncError as error:
                limit = _after_push_error(db, report, error, sendable, limit)
                continue
            faultpoints.reached("sync.after_push")  # tests only: answered, not yet recorded
            if _should_continue(check_cancel):
                following, mutations = _next_batch(db, report, limit, batch_bytes, sendable)
                if following:
                    in_flight = (following, pool.submit(client.push, mutations))
            outcomes = remote.apply_push_results(db, sendable, answer["results"])
            if not outcomes:
                raise SyncError("internal", "The server answered the upload without saying "
                                "what happened to it. Nothing was lost; it will be sent again.")
            _tally(report, outcomes)
            done += len(outcomes)
            progress("push", done, max(total, done))
    finally:
        if in_flight is not None:
            # a batch still on its way when the run ends: let it finish (its answer is not
            # recorded; the next run sends it again and hears `already_applied`)
            try:
                in_flight[1].result()
            except Exception:  # noqa: BLE001 - any failure is harmless here, see above
                pass
        pool.shutdown(wait=True)


def _after_push_error(db: Database, report: SyncReport, error: SyncError,
                     sendable: list[outbox.OutboxEntry], limit: int) -> int:
    """The batch limit to go on with after a batch failed, or `error` raised again: a batch
    too large is split (a single change too large is set aside); a transient failure is
    recorded on its entries before the run stops."""
    if error.kind == "too_large" and len(sendable) > 1:
        return max(1, len(sendable) // 2)  # the server's limit is lower: split
    if error.kind == "too_large":
        reason = (f"{error} This one change is larger than the server accepts; "
                  "shorten its texts and save it again.")
        outbox.quarantine(db, sendable[0].id, reason)
        report.quarantined.append(ItemProblem(sendable[0].id, sendable[0].entity_id, reason))
        return limit
    if error.kind in TRANSIENT_KINDS:
        outbox.record_failure(db, [e.id for e in sendable], str(error))
    raise error


def _tally(report: SyncReport, outcomes: list[remote.PushOutcome]) -> None:
    """Count what the server did with each pushed change into `report`."""
    for outcome in outcomes:
        item = ItemProblem(outcome.mutation_id, outcome.entity_id, outcome.reason)
        if outcome.status == "applied":
            report.pushed += 1
        elif outcome.status == "already_applied":
            report.already_applied += 1
        elif outcome.status == "rejected":
            report.quarantined.append(item)
        elif outcome.status == "conflict":
            report.conflicts.append(item)


def _should_continue(check_cancel: Callable[[], None]) -> bool:
    """False when a cancel was asked for (then no further batch is started)."""
    try:
        check_cancel()
    except _Cancelled:
        return False
    return True


def _pull(db: Database, client: SyncProtocol, report: SyncReport,
          progress: Callable[[str, int, int], None], check_cancel: Callable[[], None],
          pull_limit: int) -> None:
    user_id = getattr(client, "user_id", None)  # a signed-in manager reads more than the PC
    cursor = remote.cursor(db, user_id)
    # after a server restore (store/resync.py): the PC's own feed is pulled from the start,
    # the ids it returns noted, until one whole pull has gone through
    seen: set[str] | None = None
    if user_id is None and resync.pending(db):
        cursor, seen = None, set()
    authoritative = seen is not None
    while True:
        check_cancel()
        page = client.pull(cursor, pull_limit)
        if page.get("reset"):
            # the server was restored from a backup: this page starts from the beginning
            log.warning("the server no longer knows this PC's pull cursor (restored from a "
                        "backup?): pulling everything again")
            authoritative = True
            if user_id is None and seen is None:
                resync.begin(db)
                seen = set()
        # the page and its cursor, in one transaction
        applied = remote.apply_pull_page(db, page, user_id=user_id, authoritative=authoritative)
        if seen is not None:
            seen.update(str(o["id"]) for o in page.get("observations", ()))
        report.pulled += applied.inserted + applied.updated
        report.removed += applied.removed
        report.unread.extend(applied.unread)
        cursor = page["cursor"]
        progress("pull", report.pulled, 0)
        if not page.get("has_more"):
            break
    if seen is not None:
        from frontline.sync.device import enrolment

        enrolled = enrolment(db)
        report.resent = resync.finish(db, seen, enrolled.device_id if enrolled else None)
    wanted = int(page["reference_version"])
    if remote.reference_version(db) != wanted:
        check_cancel()
        progress("reference", 0, 1)
        data = client.reference()
        remote.apply_reference(db, data)
        report.reference_updated = True
        progress("reference", 1, 1)


def _purge_local(db: Database, client: SyncProtocol, report: SyncReport) -> None:
    """After a complete pull: the organisation's data lifetime on this PC (never touches what
    is still queued), and no trace left of what the server removed (`store.retention`)."""
    from frontline.store import retention

    purged = retention.purge_after_sync(db, keep_author=getattr(client, "user_id", None))
    if report.removed and not purged.total:
        retention.scrub(db)
    report.removed += purged.total


def _record_outcome(db: Database, report: SyncReport) -> None:
    """Keep the last result for `frontline status` and the status bar (one transaction).
    An idle success within a minute of the last one writes nothing: the idle check then
    costs one request and no disk flush."""
    now = utc_now()
    if report.error is None and not report.cancelled and not outbox.get_state(
            db, LAST_ERROR_KIND_KEY):
        last = outbox.get_state(db, LAST_SYNC_KEY)
        if last and (parse_time(now) - parse_time(last)).total_seconds() < STATE_WRITE_SECONDS:
            return
    with write_transaction(db):
        outbox.set_state(db, LAST_ATTEMPT_KEY, now)
        if report.error is None and not report.cancelled:
            outbox.set_state(db, LAST_SYNC_KEY, now)
            outbox.set_state(db, LAST_ERROR_KIND_KEY, "")
            outbox.set_state(db, LAST_ERROR_KEY, "")
        elif report.error is not None:
            outbox.set_state(db, LAST_ERROR_KIND_KEY, report.error.kind)
            outbox.set_state(db, LAST_ERROR_KEY, str(report.error))


def sync_status(db: Database) -> dict[str, Any]:
    """What the last syncs left behind, for a status display: last success, last error."""
    return {
        "last_sync_at": outbox.get_state(db, LAST_SYNC_KEY) or None,
        "last_attempt_at": outbox.get_state(db, LAST_ATTEMPT_KEY) or None,
        "last_error_kind": outbox.get_state(db, LAST_ERROR_KIND_KEY) or None,
        "last_error": outbox.get_state(db, LAST_ERROR_KEY) or None,
    }


class Backoff:
    """When to try again after failures: exponential with full jitter, capped, and never
    sooner than the server's `Retry-After`. Pure: the GUI worker owns the timer.

        backoff = Backoff()
        delay = backoff.failed(error.retry_after)   # after a failure
        backoff.succeeded()                         # after a success
    """

    def __init__(self, base: float = 2.0, cap: float = 300.0, *,
                 rng: random.Random | None = None, max_retry_after: float = 3600.0):
        self.base = base
        self.cap = cap
        self.max_retry_after = max_retry_after
        self.failures = 0
        self._rng = rng or random.Random()

    def failed(self, retry_after: float | None = None) -> float:
        """Count a failure and return the seconds to wait before the next attempt: a random
        value in [0, min(cap, base·2^(n-1))] (full jitter), raised to `retry_after` if the
        server asked for more (itself bounded by `max_retry_after`)."""
        self.failures += 1
        ceiling = min(self.cap, self.base * 2 ** min(self.failures - 1, 62))
        delay = self._rng.uniform(0, ceiling)
        if retry_after is not None and retry_after > 0:
            delay = max(delay, min(retry_after, self.max_retry_after))
        return delay

    def succeeded(self) -> None:
        """Back to the start: the next failure waits little again."""
        self.failures = 0

    def delay_after(self, error: SyncError | None) -> float | None:
        """The wait after a run ending with `error`: None after a success (reset) or for an
        error that retrying cannot fix (update required, enrol again), which needs a person."""
        if error is None:
            self.succeeded()
            return None
        if error.kind not in TRANSIENT_KINDS:
            return None
        return self.failed(error.retry_after)
