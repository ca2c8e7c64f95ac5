"""Fixtures for the desktop UI: a main window on a fresh data folder, offscreen. The helpers
(wait budgets, `OFFSCREEN_DIALOG_NOISE`) are in `tests/helpers/ui.py`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from frontline.ui.app import settings_for
from frontline.ui.main_window import MainWindow
from frontline.ui.ops import Backend
from tests.helpers.ui import STORE_TIMEOUT_MS, GenerousQtBot


@pytest.fixture
def qtbot(qapp: Any, request: pytest.FixtureRequest) -> QtBot:
    """pytest-qt's fixture, with generous default waits (`GenerousQtBot`)."""
    return GenerousQtBot(request)

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

