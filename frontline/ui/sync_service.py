"""Background sync for the desktop app: one worker thread, never two syncs at once.

    service = SyncService(backend, data_dir)
    service.state_changed.connect(status_panel.show_state)
    service.start()                 # once the store is open: syncs now, then on a timer
    service.sync_soon()             # after a save (a few seconds later)
    service.sync_now()              # "Sync now" / F5
    service.stop(final_sync=True)   # closing: one last bounded sync, then the thread ends

When it runs: on start, every `sync_interval_seconds`, `sync_after_save_seconds` after a
save, when the network comes back (`QNetworkInformation` where Qt has a backend, else the
`Backoff` retry after a failure), and on request. `sync_once` runs on the service's own
thread with its own store connection; results come back to the GUI thread through
`qtcompat.call_on_main` (a relay that is never deleted), and the service checks it is still
alive before emitting. Quitting sets the cancel flag `sync_once` checks before each request.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from frontline.ui.changes import changes_of_sync
from frontline.ui.qtcompat import call_on_main, emit, prepare_main_relay

if TYPE_CHECKING:
    from frontline.sync.client import HttpClient
    from frontline.sync.config import SyncSettings
    from frontline.sync.engine import Progress, SyncReport
    from frontline.ui.ops import Backend

log = logging.getLogger(__name__)

#: What the status bar can show (`SyncState.kind`).
STATE_KINDS = ("starting", "not_enrolled", "syncing", "online", "offline", "update_required",
               "unauthorized", "signed_out", "problem")


@dataclass(frozen=True)
class SyncState:
    """Everything the status bar needs, in one value (made on the worker, shown on the GUI)."""

    kind: str = "starting"
    pending: int | None = None  # observations waiting to be sent
    quarantined: int = 0  # observations the server refused (see My observations)
    last_sync: str | None = None  # ISO time of the last successful sync
    message: str = ""  # the error's own words, when there is one
    server_url: str = ""
    retry_in: float | None = None  # seconds until the automatic retry
    token_location: str = ""
    enrolled: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


class _Stop:
    pass


class SyncService(QObject):
    """Schedules `sync_once` off the GUI thread and reports what happened."""

    #: a `SyncState` (after every run, and when a run starts)
    state_changed = Signal(object)
    #: the `SyncReport` of a finished run (None when the PC is not enrolled)
    sync_finished = Signal(object)
    #: `frontline.sync.engine.Progress` while a run goes on
    progress = Signal(object)

    def __init__(self, backend: Backend, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        prepare_main_relay()
        from frontline.sync.config import load_settings
        from frontline.sync.engine import Backoff

        self.backend = backend
        self.data_dir = Path(data_dir)
        self.settings = load_settings(self.data_dir)
        self.backoff = Backoff(cap=self.settings.max_backoff_seconds)
        self._state = SyncState(server_url=self.settings.server_url)
        self._requests: queue.Queue[str | _Stop] = queue.Queue()
        self._cancel = threading.Event()
        self._running = False
        self._again: str | None = None
        self._started = False
        self._stopped = False
        self._acting_as: str | None = None  # a signed-in manager's id, for their reviews
        self._client: HttpClient | None = None  # made and used only on the worker thread
        self._client_key: tuple[str, str] | None = None
        self._signed_out_notice = False  # a manager's sign-in ended: say so until they return
        self._new_tokens = threading.Event()  # enrolled again: the cached token is stale
        self._thread = threading.Thread(target=self._work, name="frontline-sync", daemon=True)

        self.interval = QTimer(self)
        self.interval.setInterval(max(1, self.settings.sync_interval_seconds) * 1000)
        self.interval.timeout.connect(lambda: self.sync_now("interval"))
        self.after_save = QTimer(self)
        self.after_save.setSingleShot(True)
        self.after_save.setInterval(max(0, self.settings.sync_after_save_seconds) * 1000)
        self.after_save.timeout.connect(lambda: self.sync_now("after save"))
        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.timeout.connect(lambda: self.sync_now("retry"))
        self._network: Any = None

    # --- public --------------------------------------------------------------------

    @property
    def state(self) -> SyncState:
        return self._state

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        """Start the thread and the timers, and sync once now (call when the store is open)."""
        if self._started or self._stopped:
            return
        self._started = True
        self._thread.start()
        self.interval.start()
        self._watch_network()
        self.sync_now("open")

    def sync_now(self, reason: str = "manual") -> None:
        """Run a sync as soon as possible (after the one running, if any)."""
        if not self._started or self._stopped:
            return
        self.retry.stop()
        if self._running:
            self._again = reason
            return
        self._running = True
        self._publish(replace(self._state, kind="syncing") if self._state.enrolled
                      else self._state)
        self._requests.put(reason)

    def sync_soon(self) -> None:
        """A save happened: sync a few seconds from now (saves close together wait once)."""
        if self._started and not self._stopped:
            self.after_save.start()

    def reload_settings(self) -> None:
        """Read the settings again (after enrolment) and sync at once."""
        from frontline.sync.config import load_settings

        self.settings = load_settings(self.data_dir)
        self._new_tokens.set()
        self.interval.setInterval(max(1, self.settings.sync_interval_seconds) * 1000)
        self.backoff.succeeded()
        self.sync_now("enrolled")

    def act_as(self, user_id: str | None) -> None:
        """Send a signed-in manager's token with the next syncs (None: the PC alone)."""
        self._acting_as = user_id
        if user_id is not None:
            self._signed_out_notice = False

    @property
    def acting_as(self) -> str | None:
        return self._acting_as

    def stop(self, *, final_sync: bool = True, timeout: float = 5.0) -> bool:
        """Stop the timers; with `final_sync`, one last sync (bounded by `timeout`, then
        cancelled). True when the thread ended in time. Call when the window closes."""
        if self._stopped:
            return True
        self._stopped = True
        for timer in (self.interval, self.after_save, self.retry):
            timer.stop()
        if not self._started:
            return True
        if final_sync and not self._running:
            self._requests.put("close")
        self._requests.put(_Stop())
        from frontline.ui.ops import main_thread_call

        with main_thread_call("waiting for the last sync"):
            self._thread.join(timeout)
            if self._thread.is_alive():
                # a request on its way is not interrupted; what it did is recorded by the
                # next start (the server answers `already_applied`), so closing need not wait
                log.info("the last sync did not end within %.0f s; cancelled", timeout)
                self._cancel.set()
                self._thread.join(1.0)
        return not self._thread.is_alive()

    # --- the network ---------------------------------------------------------------

    def _watch_network(self) -> None:
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if not QNetworkInformation.loadDefaultBackend():
                return
            info = QNetworkInformation.instance()
        except (ImportError, RuntimeError, AttributeError):
            return
        if info is None:
            return
        self._network = info
        info.reachabilityChanged.connect(self._on_reachability)

    @Slot(object)
    def _on_reachability(self, reachability: Any) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability == QNetworkInformation.Reachability.Online and \
                self._state.kind in ("offline", "problem"):
            log.info("the network is back; syncing")
            self.backoff.succeeded()
            self.sync_now("network back")

    # --- the worker thread ------------------------------------------------------------

    def _work(self) -> None:
        while True:
            request = self._requests.get()
            if isinstance(request, _Stop):
                break
            try:
                state, report = self._run(request)
            except Exception as error:  # noqa: BLE001 - a local-file problem, shown in words
                log.exception("sync stopped by a local problem")
                state, report = replace(self._state, kind="problem", message=str(error)), None
            call_on_main(partial(self._finished, state, report))
        if self._client is not None:
            self._client.close()
        store = self.backend.store_if_open()
        if store is not None:
            try:
                store.close()  # this thread's connection
            except Exception:  # noqa: BLE001 - closing at exit must not raise
                log.exception("closing the sync thread's connection failed")

    def _client_for(self, settings: SyncSettings) -> HttpClient:
        from frontline.sync import device

        key = (settings.server_url, str(self._acting_as))
        if self._client is None or self._client_key != key:
            if self._client is not None:
                self._client.close()
            tokens = device.token_store(self.data_dir, settings)
            self._client = device.make_client(self.data_dir, settings, tokens)
            self._client_key = key
        if self._new_tokens.is_set():
            self._new_tokens.clear()
            self._client.forget_cached_tokens()
        self._client.act_as(self._acting_as)
        return self._client

    def _run(self, reason: str) -> tuple[SyncState, SyncReport | None]:
        from frontline.store.observations import count_pending
        from frontline.sync import device
        from frontline.sync.config import load_settings
        from frontline.sync.engine import sync_once, sync_status

        store = self.backend.wait_for_store(timeout=60)
        db = store.connection()
        settings = load_settings(self.data_dir)
        enrolled = device.enrolment(db)
        report = None
        if enrolled is not None and settings.server_url:
            started = time.perf_counter()
            report = sync_once(
                store, self._client_for(settings),
                on_progress=lambda p: call_on_main(lambda: self._on_progress(p)),
                should_cancel=self._cancel.is_set, batch_limit=settings.batch_limit,
                batch_bytes=settings.batch_bytes)
            log.info("sync (%s): %s in %.0f ms", reason,
                     report.error.kind if report.error else "ok",
                     (time.perf_counter() - started) * 1000)
        status = sync_status(db)
        quarantined = db.execute(
            "SELECT count(*) FROM observations WHERE sync_state = 'quarantined'").fetchone()[0]
        try:
            location = device.token_store(self.data_dir, settings).location
        except Exception:  # noqa: BLE001 - only for the status line
            location = ""
        state = SyncState(
            kind=_kind_of(enrolled is not None and bool(settings.server_url), report),
            pending=count_pending(db), quarantined=int(quarantined),
            last_sync=status["last_sync_at"],
            message=str(report.error) if report is not None and report.error else "",
            server_url=settings.server_url, token_location=str(location),
            enrolled=enrolled is not None)
        return state, report

    def _on_progress(self, progress: Progress) -> None:
        if shiboken6.isValid(self):
            emit(self.progress, progress)

    # --- back on the GUI thread ---------------------------------------------------------

    def _finished(self, state: SyncState, report: SyncReport | None) -> None:
        if not shiboken6.isValid(self):
            return
        self._running = False
        if state.kind == "signed_out":
            # the manager's token ended: the PC goes on syncing its own data, and the status
            # bar asks them to sign in again until they do
            self._acting_as = None
            self._signed_out_notice = True
            if not self._stopped:
                self.retry.start(1000)
        elif self._signed_out_notice and state.kind == "online":
            state = replace(state, kind="signed_out")
        if report is not None and not self._stopped and not self.retry.isActive():
            delay = self.backoff.delay_after(report.error)
            if delay is not None:
                state = replace(state, retry_in=delay)
                self.retry.start(int(delay * 1000))
        self._publish(state)
        # what the run changed (rows pulled, sent, removed; reference data), for every
        # screen to decide whether to refresh (`frontline.ui.changes`)
        self.backend.changes.announce(changes_of_sync(report), self)
        emit(self.sync_finished, report)
        if self._again is not None and not self._stopped:
            reason, self._again = self._again, None
            self.sync_now(reason)

    def _publish(self, state: SyncState) -> None:
        self._state = state
        emit(self.state_changed, state)


def _kind_of(enrolled: bool, report: SyncReport | None) -> str:
    if not enrolled:
        return "not_enrolled"
    if report is None or report.error is None:
        return "online"
    kind = report.error.kind
    if kind == "network":
        return "offline"
    if kind in ("update_required", "unauthorized", "signed_out"):
        return str(kind)
    return "problem"
