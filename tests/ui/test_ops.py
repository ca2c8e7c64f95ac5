"""Background operations: writes on one writer thread, reads on the reader pool, results
back on the GUI thread, errors shown in few places."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from frontline.core.errors import DiskFullError, FieldError, ValidationError
from frontline.ui.ops import Backend, QueryOp, StoreOp, main_thread_call, show_error
from tests.helpers.ui import OFFSCREEN_DIALOG_NOISE, STORE_TIMEOUT_MS

pytestmark = OFFSCREEN_DIALOG_NOISE


@pytest.fixture
def backend(qtbot, data_dir):
    backend = Backend()
    with qtbot.waitSignal(backend.store_opened, timeout=STORE_TIMEOUT_MS):
        backend.open_store(data_dir)
    yield backend
    backend.shutdown()


def test_writes_run_on_one_writer_thread_and_reads_on_readers(qtbot, backend):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[tuple[str, str, str]] = []
    main = threading.current_thread().name

    def record(kind):
        return lambda result: seen.append((kind, result, threading.current_thread().name))

    for _ in range(3):
        StoreOp(parent, lambda db: threading.current_thread().name,
                backend=backend).success(record("write")).run_in_background()
        QueryOp(parent, lambda db: threading.current_thread().name,
                backend=backend).success(record("read")).run_in_background()
    qtbot.waitUntil(lambda: len(seen) == 6)
    writers = {name for kind, name, _ in seen if kind == "write"}
    readers = {name for kind, name, _ in seen if kind == "read"}
    assert writers == {"frontline-writer"}
    assert readers and all(name.startswith("frontline-reader") for name in readers)
    assert {callback_thread for *_, callback_thread in seen} == {main}


def test_writes_happen_in_the_order_they_were_queued(qtbot, backend):
    parent = QWidget()
    qtbot.addWidget(parent)
    order: list[int] = []
    for i in range(20):
        StoreOp(parent, lambda db, i=i: (time.sleep(0.001), i)[1],
                backend=backend).success(order.append).run_in_background()
    qtbot.waitUntil(lambda: len(order) == 20)
    assert order == list(range(20))


def test_a_failure_goes_to_the_failure_callback(qtbot, backend):
    parent = QWidget()
    qtbot.addWidget(parent)
    errors: list[BaseException] = []

    def fail(db):
        raise DiskFullError("The disk is full. Free some space, then save again.")

    StoreOp(parent, fail, backend=backend).failure(errors.append).run_in_background()
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], DiskFullError)


def test_a_known_error_without_a_callback_is_shown_in_words(qtbot, backend):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def fail(db):
        raise DiskFullError("The disk is full. Free some space, then save again.")

    StoreOp(parent, fail, backend=backend).run_in_background()
    qtbot.waitUntil(lambda: parent.findChild(QMessageBox, "error_box") is not None)
    box = parent.findChild(QMessageBox, "error_box")
    assert box.windowTitle() == "The disk is full"
    assert "Free some space" in box.text()
    box.close()


def test_callbacks_are_dropped_when_the_window_is_gone(qtbot, backend):
    parent = QWidget()
    called: list[object] = []
    release = threading.Event()
    StoreOp(parent, lambda db: release.wait(5), backend=backend).success(
        called.append).run_in_background()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _alive(parent))
    release.set()
    done = threading.Event()
    StoreOp(None, lambda db: None, backend=backend).success(
        lambda _: done.set()).run_in_background()
    qtbot.waitUntil(done.is_set)
    assert called == []


def _alive(widget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


def test_validation_errors_go_to_the_widget_that_can_highlight_fields(qtbot):
    class Form(QWidget):
        def __init__(self):
            super().__init__()
            self.shown: list[ValidationError] = []

        def show_validation(self, error):
            self.shown.append(error)

    form = Form()
    qtbot.addWidget(form)
    child = QWidget(form)
    error = ValidationError([FieldError("summary", "Write a short summary.")])
    show_error(child, error)
    assert form.shown == [error]


def test_a_slow_store_call_on_the_gui_thread_is_logged_with_its_stack(qtbot, caplog):
    with caplog.at_level(logging.WARNING, logger="frontline.ui.ops"):
        with main_thread_call("reading something"):
            time.sleep(0.25)
    [record] = [r for r in caplog.records if "blocked the GUI thread" in r.getMessage()]
    assert "reading something" in record.getMessage()
    assert "test_a_slow_store_call_on_the_gui_thread" in record.getMessage()  # the stack

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="frontline.ui.ops"):
        with main_thread_call("a quick one"):
            pass
    assert not caplog.records


def test_work_asked_for_while_the_app_closes_is_dropped_quietly(qtbot, data_dir):
    backend = Backend()
    with qtbot.waitSignal(backend.store_opened, timeout=STORE_TIMEOUT_MS):
        backend.open_store(data_dir)
    backend.shutdown()
    called: list[object] = []
    StoreOp(None, lambda db: 1, backend=backend).success(called.append).run_in_background()
    QueryOp(None, lambda db: 2, backend=backend).success(called.append).run_in_background()
    qtbot.wait(50)  # the event loop runs; nothing may arrive
    assert called == []
