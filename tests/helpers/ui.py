"""UI test helpers: how long a wait may take, pytest-qt's bot with those waits, and marks
for Qt's offscreen noise. Imports Qt: only `tests/ui/` uses it."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers.childoutput import GENEROUS

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


#: Qt's offscreen platform warns when a dialog opens; a platform limit, not our bug.
OFFSCREEN_DIALOG_NOISE = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints")
