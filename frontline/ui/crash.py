"""The log file and the crash handler.

The log rotates (a few files of 1 MB) and holds ids, counts and timings only: never
what an employee typed, which may describe a customer. The crash handler catches
every uncaught exception (GUI thread and worker threads), writes a report beside the
log, asks the capture form to keep its draft, and shows a friendly dialog that says
what to do.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QThread, QUrl
from PySide6.QtWidgets import QApplication, QWidget

from frontline import __version__
from frontline.ui.qtcompat import call_on_main, prepare_main_relay

log = logging.getLogger(__name__)

LOG_NAME = "frontline.log"


# the handler `setup_logging` adds (replaced when called again)
_FILE_HANDLER = "frontline-log-file"


class _EarlyBuffer(logging.Handler):
    """Holds the first records until the log file opens (just after the window shows:
    `logging.handlers` costs ~40 ms to import, which the window should not wait for)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < 1000:
            self.records.append(record)


def start_early_logging(level: int = logging.INFO) -> None:
    """Buffer Frontline's log records in memory until `setup_logging` opens the file."""
    root = logging.getLogger("frontline")
    root.setLevel(level)
    if not any(isinstance(h, _EarlyBuffer) for h in root.handlers):
        root.addHandler(_EarlyBuffer())


def setup_logging(log_dir: Path, *, level: int = logging.INFO) -> Path:
    """Send Frontline's log to a rotating file in `log_dir`; return its path. Records
    buffered by `start_early_logging` are written first."""
    import logging.handlers

    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_NAME
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
    ))
    root = logging.getLogger("frontline")
    root.setLevel(level)
    for old in [h for h in root.handlers if h.get_name() == _FILE_HANDLER]:
        root.removeHandler(old)
        old.close()
    handler.set_name(_FILE_HANDLER)
    for early in [h for h in root.handlers if isinstance(h, _EarlyBuffer)]:
        root.removeHandler(early)
        for record in early.records:
            handler.handle(record)
    root.addHandler(handler)
    return path


def stop_logging() -> None:
    """Detach and close the log file (at exit, and between tests)."""
    root = logging.getLogger("frontline")
    for old in [h for h in root.handlers if h.get_name() == _FILE_HANDLER]:
        root.removeHandler(old)
        old.close()


def _tr(text: str) -> str:
    return QCoreApplication.translate("CrashHandler", text)


def _safe_exception_line(exc_type: type[BaseException], exc: BaseException) -> str:
    """The exception's type, and its message only for Frontline's own errors (whose
    messages never quote what was typed); other messages may carry data, so they are
    left out of the log."""
    module = getattr(exc_type, "__module__", "")
    if module.startswith("frontline.") or issubclass(exc_type, _SAFE_MESSAGES):
        return f"{module}.{exc_type.__qualname__}: {exc}"
    return f"{module}.{exc_type.__qualname__}"


# Built-in errors whose messages name code (modules, attributes, types), not data.
_SAFE_MESSAGES = (ImportError, AttributeError, NameError, TypeError, RecursionError)


class CrashHandler:
    """Installed as `sys.excepthook` and `threading.excepthook`."""

    def __init__(self, log_dir: Path, *,
                 show_dialog: Callable[[Path], None] | None = None) -> None:
        self.log_dir = log_dir
        self._show_dialog = show_dialog if show_dialog is not None else self._dialog
        prepare_main_relay()  # made here, on the GUI thread, for reports from workers
        self._before_dialog: list[Callable[[], None]] = []
        self._dialog_open = False
        self._box: Any = None
        self.last_report: Path | None = None
        self._fault_file: Any = None
        self._previous: tuple[Any, Any] | None = None

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        # A hard crash inside Qt or SQLite leaves a Python stack here too.
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._fault_file = open(self.log_dir / "faults.log", "a", encoding="utf-8")  # noqa: SIM115
        faulthandler.enable(self._fault_file)

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None
        if self._fault_file is not None:
            faulthandler.disable()
            self._fault_file.close()
            self._fault_file = None

    def before_dialog(self, callback: Callable[[], None]) -> None:
        """Run `callback` (on the GUI thread) before the dialog shows, e.g. save the draft."""
        self._before_dialog.append(callback)

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(self, exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> None:
        """Write a report, log the crash, then tell the person (on the GUI thread)."""
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        report = self.write_report(exc_type, exc, tb)
        log.error("unexpected error %s; report written to %s",
                  _safe_exception_line(exc_type, exc), report.name)
        app = QCoreApplication.instance()
        if app is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        if QThread.currentThread() is app.thread():
            self._tell(report)
        else:
            call_on_main(lambda: self._tell(report))

    def write_report(self, exc_type: type[BaseException], exc: BaseException,
                     tb: TracebackType | None) -> Path:
        """A crash report: versions, thread and stack; no observation text."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = self.log_dir / f"crash-{stamp}.txt"
        import platform

        frames = "".join(traceback.format_tb(tb)) if tb is not None else "(no stack)\n"
        path.write_text(
            "Frontline crash report\n"
            f"time: {datetime.now(UTC).isoformat()}\n"
            f"frontline: {__version__}\n"
            f"python: {sys.version.split()[0]}  pyside6: {pyside_version}\n"
            f"system: {platform.platform()}\n"
            f"thread: {threading.current_thread().name}\n\n"
            f"{_safe_exception_line(exc_type, exc)}\n\n"
            "Traceback (most recent call last):\n"
            f"{frames}",
            encoding="utf-8",
        )
        self.last_report = path
        return path

    def _tell(self, report: Path) -> None:
        for callback in self._before_dialog:
            try:
                callback()
            except Exception:  # noqa: BLE001 - keep going to the dialog
                log.exception("saving state before the crash dialog failed")
        if self._dialog_open:
            return  # one dialog at a time; later reports are on disk
        self._show_dialog(report)

    def _dialog(self, report: Path) -> None:
        from PySide6.QtWidgets import QMessageBox

        parent = QApplication.activeWindow()
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            _tr("Frontline hit a problem"),
            _tr("Something unexpected went wrong inside Frontline. What you were typing "
                "is kept as a draft and will be there when you start again.\n\n"
                "You can carry on. If it happens again, close Frontline, start it again, "
                "and send the report file below to your IT help desk."),
            QMessageBox.StandardButton.Ok,
            parent if isinstance(parent, QWidget) else None,
        )
        box.setObjectName("crash_dialog")
        box.setInformativeText(_tr("Report: %1").replace("%1", str(report)))
        folder = box.addButton(_tr("Open the report folder"), QMessageBox.ButtonRole.ActionRole)
        def open_folder() -> None:
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(report.parent)))

        folder.clicked.connect(open_folder)
        self._dialog_open = True
        self._box = box  # a parentless box would be garbage-collected at once

        def closed(_result: int) -> None:
            self._dialog_open = False
            self._box = None

        box.finished.connect(closed)
        box.open()


_handler: CrashHandler | None = None


def install_crash_handler(handler: CrashHandler) -> None:
    global _handler
    _handler = handler
    handler.install()


def report_crash(exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
    """Hand a bug to the installed crash handler (or the default hook without one)."""
    if _handler is not None:
        _handler.handle(exc_type, exc, tb)
    else:
        sys.excepthook(exc_type, exc, tb)
