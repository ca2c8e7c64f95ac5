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
from typing import Any

from PySide6.QtCore import QObject, Signal


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
