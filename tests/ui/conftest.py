"""Fixtures for the desktop UI: a main window on a fresh data folder, offscreen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from frontline.store.db import Store
from frontline.ui.app import settings_for
from frontline.ui.main_window import MainWindow
from frontline.ui.ops import Backend
from tests.childoutput import GENEROUS

#: How long a UI test waits for a signal or a condition before it fails: long enough that
#: only a real failure (a hang, a signal that never comes) reaches it on a loaded machine.
WAIT_MS = int(GENEROUS * 1000)
STORE_TIMEOUT_MS = WAIT_MS


class GenerousQtBot(QtBot):
    """pytest-qt's `qtbot` whose waits default to `WAIT_MS` instead of 5 s, a budget that
    a busy machine can exceed: every wait ends at its event, the timeout only on failure."""

    def waitUntil(self, callback: Any, *, timeout: int = WAIT_MS) -> None:
        super().waitUntil(callback, timeout=timeout)

    def waitSignal(self, signal: Any, *, timeout: int = WAIT_MS, **kwargs: Any) -> Any:
        return super().waitSignal(signal, timeout=timeout, **kwargs)

    def waitSignals(self, signals: Any, *, timeout: int = WAIT_MS, **kwargs: Any) -> Any:
        return super().waitSignals(signals, timeout=timeout, **kwargs)

    def waitCallback(self, *, timeout: int = WAIT_MS, **kwargs: Any) -> Any:
        return super().waitCallback(timeout=timeout, **kwargs)

    def waitExposed(self, widget: Any, *, timeout: int = WAIT_MS) -> Any:
        return super().waitExposed(widget, timeout=timeout)

    def waitActive(self, widget: Any, *, timeout: int = WAIT_MS) -> Any:
        return super().waitActive(widget, timeout=timeout)

    wait_until = waitUntil
    wait_signal = waitSignal
    wait_signals = waitSignals
    wait_callback = waitCallback
    wait_exposed = waitExposed
    wait_active = waitActive


@pytest.fixture
def qtbot(qapp: Any, request: pytest.FixtureRequest) -> QtBot:
    """pytest-qt's fixture, with generous default waits (`GenerousQtBot`)."""
    return GenerousQtBot(request)

#: Qt's offscreen platform warns when a dialog opens; a platform limit, not our bug.
OFFSCREEN_DIALOG_NOISE = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def make_window(qtbot, data_dir: Path) -> Iterator[Callable[..., MainWindow]]:
    """Build a main window on a data folder, wait for its store and its draft."""
    made: list[tuple[Backend, MainWindow]] = []

    def make(folder: Path | None = None) -> MainWindow:
        folder = folder or data_dir
        backend = Backend()
        window = MainWindow(backend, settings_for(folder), folder)
        qtbot.addWidget(window)
        made.append((backend, window))
        with qtbot.waitExposed(window):  # (without `with`, waitExposed waits for nothing)
            window.show()
        window.activateWindow()
        with qtbot.waitSignal(backend.store_opened, timeout=STORE_TIMEOUT_MS):
            backend.open_store(folder)
        qtbot.waitUntil(window.capture.draft_ready, timeout=STORE_TIMEOUT_MS)
        return window

    yield make
    for backend, window in reversed(made):
        window.close()
        backend.shutdown()


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()


def read_store(folder: Path) -> Store:
    """The store as another process would see it (a connection on the test's thread)."""
    return Store.open(folder)
