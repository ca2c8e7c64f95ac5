"""Emitting signals many times must not wear away `True` (PySide6 6.12 emit defect), or a
long day on the shop floor ends with the interpreter aborting."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from frontline.ui.qtcompat import SINGLETONS_PADDED, emit


class _Sender(QObject):
    changed = Signal(object)
    finished = Signal()


def test_ten_thousand_emits_leave_true_and_false_intact(qtbot):
    sender = _Sender()
    received: list[object] = []
    sender.changed.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for i in range(5000):
        emit(sender.changed, i)
        emit(sender.finished)
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert len(received) == 5000
    assert abs(after[0] - before[0]) < 50 and abs(after[1] - before[1]) < 50


def test_a_long_session_of_qt_calls_does_not_wear_down_none(qtbot):
    # PySide6 6.12 loses a reference to None per void call; None's own count is only tens
    # of thousands, so without the padding this loop aborts the interpreter.
    from PySide6.QtCore import QTimer

    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(200_000):
        timer.stop()
    after = sys.getrefcount(None)
    # Either this binding keeps None's count, or the padding absorbs what it loses. (Not
    # "> 100_000": None's count without padding depends on how much was imported before,
    # i.e. on which tests ran first.)
    assert after >= before - 1_000 or (SINGLETONS_PADDED and after > 2**39), (before, after)
