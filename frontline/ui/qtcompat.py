"""Work-arounds for defects in the Qt binding, each checked at run time.

PySide6 6.12.0: `SignalInstance.emit()` returns `True` without taking a new reference to
it, so every emit from Python lowers `True`'s reference count by one. On Python 3.11
(where `True` is not immortal) the interpreter aborts with "Fatal Python error:
bool_dealloc" once the count reaches zero: after some thousands of emits, or at exit.
Measured here (`tests/ui/test_qtcompat.py`); no upstream report found at the time of
writing. Every emit in `frontline.ui` goes through `emit()`, which gives the missing
reference back only when a probe at import shows the binding loses it.

The same release also returns `None` from every void method (`QTimer.stop()`,
`QLabel.setText()`, `QWidget.hide()`, a model's `data()` seen from C++ …) without a new
reference: each such call from Python lowers `None`'s count by one, and the interpreter
aborts with "none_dealloc" after some tens of thousands of them (seen here after sixty
saves with the list open). On Python < 3.12, where these singletons are not immortal, a
probe at import detects the loss and `pad_singletons()` raises the reference counts of
`None`, `True` and `False` by 2**40, which no session can wear down. They are never freed
in any case, so the padding changes nothing else. Python 3.12+ makes them immortal and
needs none of this.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot


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

#: References added to None, True and False when the binding is found to lose them.
PAD = 1 << 40


def _void_call_loses_none() -> bool:
    timer = QTimer()
    rounds = 50
    before = sys.getrefcount(None)
    for _ in range(rounds):
        timer.stop()
    return before - sys.getrefcount(None) >= rounds


def pad_singletons() -> bool:
    """Make `None`, `True` and `False` impossible to wear down (CPython < 3.12 only, and only
    when the probe shows the binding losing references). True if it padded."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not (_void_call_loses_none() or EMIT_LOSES_REFERENCE):
        return False
    for obj in (None, True, False):
        # CPython: id() is the object's address and ob_refcnt its first field.
        ctypes.c_ssize_t.from_address(id(obj)).value += PAD
    return True


SINGLETONS_PADDED = pad_singletons()


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
