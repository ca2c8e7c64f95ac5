"""Fixtures for the desktop UI: a main window on a fresh data folder, offscreen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from frontline.store.db import Store
from frontline.ui.app import settings_for
from frontline.ui.main_window import MainWindow
from frontline.ui.ops import Backend

STORE_TIMEOUT_MS = 15_000

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
        window.show()
        qtbot.waitExposed(window)
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
