"""Work-arounds for defects in the Qt binding, each checked at run time.

PySide6 6.12.0: `SignalInstance.emit()` returns `True` without taking a new reference to
it, so every emit from Python lowers `True`'s reference count by one. On Python 3.11
(where `True` is not immortal) the interpreter aborts with "Fatal Python error:
bool_dealloc" once the count reaches zero: after some thousands of emits, or at exit.
Measured here (`tests/ui/test_qtcompat.py`); no upstream report found at the time of
writing. Every emit in `frontline.ui` goes through `emit()`, which gives the missing
reference back only when a probe at import shows the binding loses it.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot


class _Probe(QObject):
    fired = Signal()


def _emit_loses_a_reference() -> bool:
    probe = _Probe()
    rounds = 50
    before = sys.getrefcount(True)
    for _ in range(rounds):
        probe.fired.emit()
    lost = before - sys.getrefcount(True)
    if lost >= rounds:  # give the references back that the probe itself took away
        for _ in range(lost):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost >= rounds


EMIT_LOSES_REFERENCE = _emit_loses_a_reference()


def emit(signal: Any, *args: Any) -> None:
    """`signal.emit(*args)`, without the binding's reference-count defect."""
    result = signal.emit(*args)
    if EMIT_LOSES_REFERENCE and (result is True or result is False):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))


class _MainRelay(QObject):
    """Runs callables on the thread it was made on (the GUI thread). It is never deleted,
    so a worker may emit on it at any time; a QObject that can be destroyed while a
    thread emits on it crashes QtCore (seen here as segfaults in libQt6Core)."""

    call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.call.connect(self._on_call)

    @Slot(object)
    def _on_call(self, fn: Callable[[], None]) -> None:
        fn()


_relay: _MainRelay | None = None


def prepare_main_relay() -> None:
    """Create the relay; call on the GUI thread before any worker may use it."""
    global _relay
    if _relay is None:
        _relay = _MainRelay()


def call_on_main(fn: Callable[[], None]) -> None:
    """Run `fn` on the GUI thread soon; safe from any thread at any time."""
    if _relay is None:
        raise RuntimeError("prepare_main_relay() was not called on the GUI thread")
    emit(_relay.call, fn)
