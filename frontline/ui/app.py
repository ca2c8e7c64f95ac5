"""The composition root: everything the desktop app needs, wired together once.

`run_app` resolves the data folder, makes sure only one window runs per folder (a second
launch brings the first forward and exits), starts the log and the crash handler, shows
the window at once and opens the store in the background.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCryptographicHash,
    QLockFile,
    QObject,
    QSettings,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QApplication

from frontline import __version__
from frontline.ui.qtcompat import emit

log = logging.getLogger(__name__)

DEMO_COUNT = 600
LOCK_NAME = "frontline.lock"
SETTINGS_NAME = "settings.ini"


def settings_for(data_dir: Path) -> QSettings:
    """Per-PC settings, kept as an INI file in the data folder (so a test or a portable
    install carries its own). Layering over machine and policy defaults comes later."""
    return QSettings(str(data_dir / SETTINGS_NAME), QSettings.Format.IniFormat)


class SingleInstance(QObject):
    """One Frontline window per data folder.

    The first launch holds a `QLockFile` in the folder and listens on a local socket
    named after the folder; a later launch finds the lock taken, asks the first one
    to come forward, and exits. A lock left by a killed process is taken over (the
    lock file records the process id; stale time is off, so only a dead owner counts).
    """

    raise_requested = Signal()

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        # SHA-256 through Qt, already loaded (hashlib's OpenSSL costs ~3 ms of the start)
        digest = bytes(QCryptographicHash.hash(
            str(data_dir.resolve()).encode("utf-8"), QCryptographicHash.Algorithm.Sha256,
        ).toHex().data()).decode("ascii")[:24]
        self.server_name = f"frontline-{digest}"
        self._lock = QLockFile(str(data_dir / LOCK_NAME))
        self._lock.setStaleLockTime(0)
        self._server: Any = None

    def acquire(self) -> bool:
        """Take the lock; False when another instance holds it. Call `listen` next."""
        if not self._lock.tryLock(200):
            if self._lock.error() == QLockFile.LockError.LockFailedError:
                return False
            log.warning("the instance lock could not be created (%s); carrying on without it",
                        self._lock.error().name)
        return True

    def listen(self) -> None:
        """Answer later launches (started once the window is up: QtNetwork loads then)."""
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self.server_name)  # a socket left by a killed process
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self._server.listen(self.server_name):
            log.warning("cannot listen for other launches: %s", self._server.errorString())
        self._server.newConnection.connect(self._on_new_connection)

    def ask_first_to_raise(self, timeout_s: float = 3.0) -> bool:
        """Tell the running instance to come forward; True if it answered."""
        from PySide6.QtNetwork import QLocalSocket

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            socket = QLocalSocket()
            socket.connectToServer(self.server_name)
            if socket.waitForConnected(500):
                socket.write(b"raise\n")
                socket.waitForBytesWritten(1000)
                socket.disconnectFromServer()
                return True
            time.sleep(0.1)  # the first instance may still be starting
        return False

    @Slot()
    def _on_new_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._on_message(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._on_message(socket)

    def _on_message(self, socket: Any) -> None:
        if bytes(socket.readAll().data()).startswith(b"raise"):
            emit(self.raise_requested)

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
        self._lock.unlock()


def _install_translations(app: QApplication) -> None:
    """Load `resources/translations/frontline_<locale>.qm` (and Qt's own) when present."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from frontline.ui.resources import resources_dir

    locale = QLocale.system()
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    base = resources_dir()
    if base is not None:
        ours = QTranslator(app)
        if ours.load(locale, "frontline", "_", str(base / "translations")):
            app.installTranslator(ours)
            log.info("translation loaded for %s", locale.name())


def _install_signal_handlers(app: QApplication, window: Any) -> QTimer:
    """Ctrl+C and SIGTERM close the window cleanly (the draft is written first).

    Python runs signal handlers only between bytecodes, which never happen while Qt's
    event loop waits; a short timer gives it the chance
    (https://stackoverflow.com/q/4938723)."""

    def close(*_args: Any) -> None:
        log.info("signal received; closing")
        window.close()
        app.quit()

    signal.signal(signal.SIGINT, close)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, close)
    timer = QTimer()
    timer.start(250)
    timer.timeout.connect(lambda: None)
    return timer


def run_app(data_dir: Path | None, demo: bool) -> int:
    """Start the desktop app; return its exit code."""
    from frontline.store.paths import log_dir, resolve_data_dir
    from frontline.ui.crash import (
        CrashHandler,
        install_crash_handler,
        setup_logging,
        start_early_logging,
        stop_logging,
    )
    from frontline.ui.main_window import MainWindow
    from frontline.ui.memory import return_large_buffers
    from frontline.ui.operations.observations import fill_demo_if_empty
    from frontline.ui.ops import Backend
    from frontline.ui.resources import apply_font, apply_style_sheet

    return_large_buffers()  # before any thread starts
    folder = resolve_data_dir(data_dir)
    logs = log_dir(folder)
    start_early_logging()
    log.info("Frontline %s starting", __version__)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Frontline")
    app.setOrganizationName("Frontline")
    app.setApplicationVersion(__version__)
    _install_translations(app)

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # the store says why when it tries to open
    instance = SingleInstance(folder)
    if not instance.acquire():
        setup_logging(logs)
        answered = instance.ask_first_to_raise()
        log.info("another Frontline is open on this data folder (answered: %s); exiting",
                 answered)
        print("Frontline is already open for this data folder; brought it to the front.",
              file=sys.stderr)
        return 0

    crash = CrashHandler(logs)
    install_crash_handler(crash)
    settings = settings_for(folder)
    backend = Backend()
    apply_font(app)
    window = MainWindow(backend, settings, folder, defer_setup=True)
    apply_style_sheet(app)  # after the widgets are made, before they show: styled once
    crash.before_dialog(window.keep_draft)

    def attach_background() -> None:
        # After the first paint: sync brings in requests, keyring and argon2 (~150 ms of
        # imports on two cores), which the capture form does not need to take typing.
        from frontline.ui.people import attach_people
        from frontline.ui.statusbar import attach_sync

        if getattr(window, "_closed", False):
            return
        sync = attach_sync(window, backend, folder)  # background sync, status panel, enrolment
        attach_people(window, folder, sync_service=sync.service,  # who is at a shared PC
                      ask_at_start=True)

    instance.raise_requested.connect(window.bring_to_front)
    window.show()
    if os.environ.get("FRONTLINE_BENCH_EXIT_WHEN_READY"):
        # The benchmark's "ready": the form is on screen and takes typing. The store opens
        # right after (what is typed meanwhile is kept and saved once it is open); the log
        # records when ("store open").
        def ready() -> None:
            print("READY", flush=True)
            window.close()
            app.quit()

        QTimer.singleShot(0, ready)
    # After the first paint: the shortcuts and the personal-data guard first (the form
    # already takes typing), then opening the file, which imports sqlite-utils and
    # migrates, and on two cores would slow the window's own start.
    QTimer.singleShot(0, window.finish_setup)
    QTimer.singleShot(0, gc.enable)  # `frontline.cli` turned it off for the start
    QTimer.singleShot(0, lambda: setup_logging(logs))
    QTimer.singleShot(0, lambda: backend.open_store(folder))
    QTimer.singleShot(0, instance.listen)
    QTimer.singleShot(0, attach_background)
    if demo:
        def fill(_store: object) -> None:
            fill_demo_if_empty(parent=window, count=DEMO_COUNT).success(
                lambda added: log.info("demo data: %d observations added", added)
            ).run_in_background()  # the screens refresh themselves (OpChanges)

        backend.store_opened.connect(fill)
    keepalive = _install_signal_handlers(app, window)
    try:
        code = app.exec()
    finally:
        keepalive.stop()
        backend.shutdown()
        instance.release()
        crash.uninstall()
        log.info("Frontline stopped")
        stop_logging()
    return int(code)
