"""Background operations: the only way the UI talks to the store.

    StoreOp(parent, lambda db: save_observation(db, obs), changes=OpChanges(observations=True)
            ).success(on_saved).run_in_background()
    QueryOp(parent, lambda db: query_rowids(db, query)).success(model.set_rowids).run_in_background()

Call sites use the named operations of `frontline.ui.operations` (one module per domain,
as Anki's `aqt/operations/note.py`), which build these.

Modelled on Anki's `aqt/operations` (CONVENTIONS example 1) and Datasette's single
writer thread (example 2): writes run one at a time on one writer thread, reads on a
small pool of reader threads, and each thread uses its own SQLite connection
(`store.connection()` is thread-local). The lambda receives a `sqlite_utils.Database`
and must never touch a widget; its result (or error) comes back to the GUI thread
through a queued signal. If `parent` has been destroyed by then, the callbacks are
skipped. A write declares what it changes (`OpChanges`); once it succeeded the backend's
`ChangeBus` announces that to every screen (`frontline.ui.changes`).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Self, TypeVar, cast

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from frontline.core.errors import (
    DiskFullError,
    KnownError,
    ReadOnlyError,
    StoreCorruptError,
    StoreLockedError,
    TransitionError,
    ValidationError,
)
from frontline.ui.changes import NO_CHANGES, ChangeBus, OpChanges
from frontline.ui.qtcompat import call_on_main, emit, prepare_main_relay

if TYPE_CHECKING:
    from sqlite_utils import Database

    from frontline.store.db import Store

log = logging.getLogger(__name__)

T = TypeVar("T")

#: A store call on the GUI thread slower than this is logged with its stack.
MAIN_THREAD_BUDGET_S = 0.2


class _Worker(threading.Thread):
    """A thread that runs jobs from a queue with its own store connection."""

    def __init__(self, name: str, jobs: queue.Queue[Callable[[], None] | None], backend: Backend):
        super().__init__(name=name, daemon=True)
        self._jobs = jobs
        self._backend = backend

    def run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                break
            job()
        store = self._backend.store_if_open()
        if store is not None:
            try:
                store.close()  # this thread's connection
            except Exception:  # noqa: BLE001 - closing at exit must not raise
                log.exception("closing a connection on %s failed", self.name)


class Backend(QObject):
    """Owns the store and the threads that use it.

    `open_store(data_dir)` runs on the writer thread, so writes queued before the file
    is open (a draft typed in the first second) simply wait their turn; reads wait for
    the store to open. `store_opened` / `store_failed` report the outcome on the GUI
    thread.
    """

    store_opened = Signal(object)
    store_failed = Signal(object)

    _current: Backend | None = None

    def __init__(self, *, readers: int = 2) -> None:
        super().__init__()
        prepare_main_relay()  # results come back through it (`qtcompat.call_on_main`)
        #: what each write changed, for every screen (`frontline.ui.changes`)
        self.changes = ChangeBus(self)
        self._store_future: Future[Store] = Future()
        self._write_jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._read_jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._writer = _Worker("frontline-writer", self._write_jobs, self)
        self._readers = [
            _Worker(f"frontline-reader-{i}", self._read_jobs, self) for i in range(readers)
        ]
        self._writer.start()
        for reader in self._readers:
            reader.start()
        self._closed = False
        Backend._current = self

    @classmethod
    def current(cls) -> Backend:
        """The backend that operations use (set by the composition root)."""
        if cls._current is None:
            raise RuntimeError("no Backend has been created")
        return cls._current

    # --- the store -----------------------------------------------------------------

    def open_store(self, data_dir: Path, opener: Callable[[Path], Store] | None = None) -> None:
        """Open (or create) the store in `data_dir` on the writer thread."""

        def job() -> None:
            try:
                if opener is None:
                    from frontline.store.db import Store

                    store = Store.open(data_dir)
                else:
                    store = opener(data_dir)
            except BaseException as error:  # noqa: BLE001 - reported to the GUI thread
                self._store_future.set_exception(error)
                call_on_main(partial(emit, self.store_failed, error))
                return
            self._store_future.set_result(store)
            call_on_main(lambda: emit(self.store_opened, store))

        self._write_jobs.put(job)

    def store_if_open(self) -> Store | None:
        """The store if it opened successfully, else None (never blocks)."""
        if self._store_future.done() and self._store_future.exception() is None:
            return self._store_future.result()
        return None

    def wait_for_store(self, timeout: float | None = None) -> Store:
        """The store, waiting for it to open; raises the error that stopped it."""
        return self._store_future.result(timeout)

    # --- running work ----------------------------------------------------------------

    def submit(self, fn: Callable[[Database], T], *, write: bool,
               done: Callable[[T | None, BaseException | None], None]) -> None:
        """Run `fn(db)` on a worker; call `done(result, error)` on the GUI thread."""
        if self._closed:
            # The window is closing (a timer or a late callback asked for more work);
            # nothing could show the result, and the draft was written before shutdown.
            log.info("a background %s was dropped: the app is closing",
                     "write" if write else "read")
            return

        def job() -> None:
            started = time.perf_counter()
            try:
                store = self._store_future.result()
                result = fn(store.connection())
            except BaseException as error:  # noqa: BLE001 - reported to the GUI thread
                call_on_main(partial(done, None, error))
            else:
                call_on_main(lambda: done(result, None))
            elapsed = time.perf_counter() - started
            if elapsed > 1.0:
                log.info("a background %s took %.0f ms", "write" if write else "read",
                         elapsed * 1000)

        (self._write_jobs if write else self._read_jobs).put(job)

    def run_on_main(self, fn: Callable[[], None]) -> None:
        """Run `fn` on the GUI thread soon (callable from any thread)."""
        call_on_main(fn)

    def flush_writes(self, timeout: float = 5.0) -> bool:
        """Block until every write queued so far has run (used when closing)."""
        if self._closed:
            return True
        finished = threading.Event()
        self._write_jobs.put(finished.set)
        with main_thread_call("waiting for pending writes"):
            return finished.wait(timeout)

    def shutdown(self, timeout: float = 5.0) -> None:
        """Finish queued work, close each thread's connection and stop the threads."""
        if self._closed:
            return
        self._closed = True
        self._write_jobs.put(None)
        for _ in self._readers:
            self._read_jobs.put(None)
        for thread in (self._writer, *self._readers):
            thread.join(timeout)
        if Backend._current is self:
            Backend._current = None


@contextmanager
def main_thread_call(what: str) -> Iterator[None]:
    """Time a store call made on the GUI thread; log it with its stack when it is slow.

    Anki logs main-thread backend calls over 200 ms (`pylib/anki/_backend.py`): every
    synchronous store call in the UI must be wrapped in this, and there should be
    almost none (closing the window is one)."""
    app = QCoreApplication.instance()
    on_main = app is not None and QThread.currentThread() is app.thread()
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        if on_main and elapsed > MAIN_THREAD_BUDGET_S:
            log.warning("%s blocked the GUI thread for %.0f ms\n%s", what, elapsed * 1000,
                        "".join(traceback.format_stack(limit=12)))


class _Op(Generic[T]):
    _write = True

    def __init__(self, parent: QObject | None, op: Callable[[Database], T], *,
                 backend: Backend | None = None) -> None:
        self._parent = parent
        self._op = op
        self._backend = backend
        self._changes = NO_CHANGES
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None

    def success(self, callback: Callable[[T], None]) -> Self:
        """Call `callback(result)` on the GUI thread when the operation succeeds."""
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Self:
        """Call `callback(error)` on the GUI thread instead of the default `show_error`."""
        self._failure = callback
        return self

    def run_in_background(self) -> None:
        """Start the operation. Nothing runs until this is called."""
        backend = self._backend or _backend_of(self._parent)
        backend.submit(self._op, write=self._write,
                       done=lambda result, error: self._on_done(backend, result, error))

    def _on_done(self, backend: Backend, result: T | None, error: BaseException | None
                 ) -> None:
        alive = self._parent is None or shiboken6.isValid(self._parent)
        if error is None:
            if alive and self._success is not None:
                self._success(cast(T, result))  # T itself may be None
            # the other screens hear of it even when the window that asked has gone
            backend.changes.announce(self._changes, self._parent if alive else None)
            return
        if not alive:
            log.debug("operation finished after its window closed; result dropped")
        elif self._failure is not None:
            self._failure(error)
        else:
            parent = self._parent if isinstance(self._parent, QWidget) else None
            show_error(parent, error)


def _backend_of(obj: QObject | None) -> Backend:
    """The backend of the window that `obj` belongs to (its `backend` attribute), else the
    current one: two windows in one process (tests) each keep their own."""
    while obj is not None:
        found = getattr(obj, "backend", None)
        if isinstance(found, Backend):
            return found
        obj = obj.parent()
    return Backend.current()


class StoreOp(_Op[T]):
    """A change to the store, run on the single writer thread. `changes` says what it
    changes; the backend's `ChangeBus` announces it once the write succeeded."""

    _write = True

    def __init__(self, parent: QObject | None, op: Callable[[Database], T], *,
                 changes: OpChanges = NO_CHANGES, backend: Backend | None = None) -> None:
        super().__init__(parent, op, backend=backend)
        self._changes = changes


class QueryOp(_Op[T]):
    """A read from the store, run on the reader pool."""

    _write = False


def _tr(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def error_title(error: BaseException) -> str:
    """A short heading for a known problem."""
    if isinstance(error, DiskFullError):
        return _tr("The disk is full")
    if isinstance(error, ReadOnlyError):
        return _tr("Frontline cannot write to its folder")
    if isinstance(error, StoreLockedError):
        return _tr("The database is in use")
    if isinstance(error, StoreCorruptError):
        return _tr("The database was damaged")
    if isinstance(error, ValidationError):
        return _tr("Some fields need attention")
    if isinstance(error, TransitionError):
        return _tr("This can no longer be changed")
    return _tr("Something went wrong")


def error_text(error: BaseException) -> str:
    """What happened and what to do, for a known problem (its own message)."""
    if isinstance(error, ValidationError):
        return "\n".join(e.message for e in error.errors)
    return str(error) or error_title(error)


_open_boxes: set[QMessageBox] = set()


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Tell the person what went wrong and what to do.

    A `ValidationError` goes to the nearest widget that can highlight fields
    (`show_validation`); a `KnownError` gets a message box with its own words; anything
    else is a bug and goes to the crash handler."""
    if isinstance(error, ValidationError):
        widget: QObject | None = parent
        while widget is not None:
            handler = getattr(widget, "show_validation", None)
            if callable(handler):
                handler(error)
                return
            widget = widget.parent()
    if isinstance(error, KnownError | ValidationError | TransitionError):
        log.info("showing a known problem: %s", type(error).__name__)
        box = QMessageBox(QMessageBox.Icon.Warning, error_title(error), error_text(error),
                          QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("error_box")
        _open_boxes.add(box)  # a parentless box would be garbage-collected at once
        box.finished.connect(lambda _result: _open_boxes.discard(box))
        box.open()
        return
    from frontline.ui.crash import report_crash

    report_crash(type(error), error, error.__traceback__)
