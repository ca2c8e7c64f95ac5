"""The desktop app as a process: it starts, keeps one window per data folder, survives a
kill without losing the draft, and logs without observation text."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from frontline.store.drafts import load_draft
from frontline.ui.crash import CrashHandler, setup_logging, stop_logging
from tests.helpers.childoutput import GENEROUS, ChildOutput
from tests.helpers.store import read_store
from tests.helpers.ui import OFFSCREEN_DIALOG_NOISE

pytestmark = OFFSCREEN_DIALOG_NOISE

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


#: `python -m frontline` with the app's log also written to stderr, where a test can wait
#: for a line as it comes (a log file cannot say that it was written to).
APP = """
import logging
import sys
from frontline.cli import main
echo = logging.StreamHandler(sys.stderr)
echo.setFormatter(logging.Formatter("log: %(message)s"))
logging.getLogger("frontline").addHandler(echo)
raise SystemExit(main(sys.argv[1:]))
"""


def _launch(folder: Path, *args: str) -> tuple[subprocess.Popen[str], ChildOutput]:
    app = subprocess.Popen([sys.executable, "-c", APP, "--data-dir", str(folder), *args],
                           env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert app.stderr is not None
    return app, ChildOutput(app.stderr, name="the app")


def _end(app: subprocess.Popen[str], output: ChildOutput) -> None:
    """Ask the app to close (SIGTERM closes the window) and wait until it has."""
    if app.poll() is None:
        app.terminate()
    app.wait(timeout=GENEROUS)
    output.join()


def _log_text(folder: Path) -> str:
    path = folder / "logs" / "frontline.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_app_starts_offscreen_creates_its_database_and_a_second_launch_raises_the_first(
        tmp_path):
    folder = tmp_path / "d"
    first, output = _launch(folder)
    try:
        output.wait_for("store open")
        assert (folder / "frontline.db").exists()
        second = subprocess.run(
            [sys.executable, "-m", "frontline", "--data-dir", str(folder)],
            env=ENV, capture_output=True, text=True, timeout=GENEROUS)
        assert second.returncode == 0, second.stderr
        assert "already open" in second.stderr
        assert "(answered: True)" in _log_text(folder)  # the second reached the first
        output.wait_for("window raised by a second launch")
        assert first.poll() is None, "the first one keeps running"
    finally:
        _end(first, output)
    assert first.returncode == 0, output.text()
    assert "Frontline stopped" in _log_text(folder)


def test_a_killed_app_leaves_no_lock_that_stops_the_next_start(tmp_path):
    folder = tmp_path / "d"
    first, output = _launch(folder)
    try:
        output.wait_for("store open")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=GENEROUS)
        output.join()

    again, output = _launch(folder)
    try:
        # a lock that stopped this start would end the process (output ended: fails at once)
        output.wait_for("store open")
        assert again.poll() is None, output.text()
    finally:
        _end(again, output)


TYPE_A_DRAFT = r"""
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from frontline.ui.app import settings_for
from frontline.ui.main_window import MainWindow
from frontline.ui.ops import Backend

app = QApplication([])
folder = Path(sys.argv[1])
backend = Backend()
window = MainWindow(backend, settings_for(folder), folder)
window.show()
backend.open_store(folder)

def type_when_ready():
    if not window.capture.draft_ready():
        QTimer.singleShot(20, type_when_ready)
        return
    window.capture.draft_saved.connect(lambda: print("draft saved", flush=True))
    QTest.keyClicks(window.capture.summary.editor, "Gift card balance not shown at till")
    QTest.keyClicks(window.capture.details.editor, "Customer left without paying ")
    window.capture.details.editor.insertPlainText("👛")  # QTest types ASCII only

QTimer.singleShot(0, type_when_ready)
app.exec()
"""


def test_a_draft_survives_killing_the_app(qtbot, make_window, data_dir):
    child = subprocess.Popen([sys.executable, "-c", TYPE_A_DRAFT, str(data_dir)], env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()  # blocks until the autosave has committed
        assert line.strip() == "draft saved", child.stderr.read()
    finally:
        child.send_signal(signal.SIGKILL)  # no clean shutdown: like a power cut
        child.communicate(timeout=GENEROUS)

    window = make_window(data_dir)
    form = window.capture
    assert form.summary.text() == "Gift card balance not shown at till"
    assert form.details.text() == "Customer left without paying 👛"
    assert "back" in form.banner.text()


def test_closing_the_window_writes_the_draft_at_once(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    qtbot.keyClicks(window.capture.summary.editor, "Trolley bay blocked")
    window.close()  # before the 500 ms autosave
    draft = load_draft(read_store(data_dir).connection(), "capture")
    assert draft is not None and draft["summary"] == "Trolley bay blocked"


def test_crash_handler_writes_a_report_keeps_the_draft_and_logs_no_observation_text(
        qtbot, make_window, data_dir, tmp_path):
    # distinctive observation text, not personal data (which never reaches a draft: it is
    # replaced before the draft is written, tests/store/test_privacy_enforced.py)
    secret = "the Zyxwvut display by the quince crates"
    logs = tmp_path / "logs"
    setup_logging(logs)
    shown: list[Path] = []
    handler = CrashHandler(logs, show_dialog=shown.append)
    handler.install()
    try:
        window = make_window(data_dir)
        handler.before_dialog(window.keep_draft)
        form = window.capture
        qtbot.keyClicks(form.summary.editor, f"Refund refused for {secret}")
        with qtbot.waitSignal(form.observation_saved):
            form.save()
        qtbot.keyClicks(form.details.editor, f"Draft about {secret}")

        def bug() -> None:
            raise ValueError(f"unexpected state while handling {secret}")

        worker = threading.Thread(target=bug, name="some-worker")
        with qtbot.waitSignal(form.draft_saved):
            worker.start()
            worker.join()
            qtbot.waitUntil(lambda: len(shown) == 1)
    finally:
        handler.uninstall()
        stop_logging()

    report = shown[0]
    assert report.exists() and report.parent == logs
    text = report.read_text(encoding="utf-8")
    assert "ValueError" in text and "some-worker" in text and "def bug" not in text
    assert "bug" in text  # the stack names the function
    draft = load_draft(read_store(data_dir).connection(), "capture")
    assert draft is not None and secret in draft["details"], "the draft was kept"
    everything = "".join(p.read_text(encoding="utf-8", errors="replace")
                         for p in logs.iterdir() if p.is_file())
    assert "saved observation" in everything
    assert "Zyxwvut" not in everything, "observation text must never reach the log"


def test_demo_flag_fills_an_empty_data_folder_once(tmp_path):
    folder = tmp_path / "d"
    for expected in ("demo data: 600 observations added", "demo data: 0 observations added"):
        app, output = _launch(folder, "--demo")
        try:
            output.wait_for(expected)
        finally:
            _end(app, output)
    from frontline.store.observations import ObservationQuery, query_rowids

    assert len(query_rowids(read_store(folder).connection(), ObservationQuery())) == 600


def test_the_crash_dialog_says_what_to_do_even_with_no_window_open(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication, QMessageBox

    handler = CrashHandler(tmp_path / "logs")
    try:
        raise KeyError("boom")
    except KeyError as error:
        handler.handle(type(error), error, error.__traceback__)

    def dialog():
        found = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.objectName() == "crash_dialog"]
        return found[0] if found and found[0].isVisible() else None

    qtbot.waitUntil(lambda: dialog() is not None)
    box = dialog()
    assert "kept as a draft" in box.text() and "IT help desk" in box.text()
    assert str(handler.last_report) in box.informativeText()
    box.close()


def test_an_unfinished_edit_comes_back_after_a_restart_and_updates_the_same_row(
        qtbot, make_window, data_dir):
    from PySide6.QtCore import Qt

    from frontline.store.observations import ObservationQuery, fetch_rows, query_rowids

    first = make_window(data_dir)
    form = first.capture
    qtbot.keyClicks(form.summary.editor, "Price tags missing in aisle 4")
    with qtbot.waitSignal(form.observation_saved) as saved:
        form.save()
    form.edit(saved.args[0])
    form.summary.editor.end(False)
    qtbot.keyClicks(form.summary.editor, " and 5")
    first.close()

    second = make_window(data_dir)
    form = second.capture
    assert form.editing_id() == saved.args[0].id
    assert form.summary.text() == "Price tags missing in aisle 4 and 5"
    with qtbot.waitSignal(form.observation_saved):
        qtbot.keyClick(form.summary.editor, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
    db = read_store(data_dir).connection()
    rows = fetch_rows(db, query_rowids(db, ObservationQuery()))
    assert [r.observation.summary for r in rows] == ["Price tags missing in aisle 4 and 5"]


def test_a_data_folder_that_cannot_be_used_is_explained_and_nothing_pretends_to_save(
        qtbot, tmp_path):
    from frontline.ui.app import settings_for
    from frontline.ui.main_window import MainWindow
    from frontline.ui.ops import Backend

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    folder = blocker / "data"
    backend = Backend()
    window = MainWindow(backend, settings_for(tmp_path), folder)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(backend.store_failed):
            backend.open_store(folder)
        form = window.capture
        assert form.banner.tone() == "problem"
        assert "cannot open its database" in form.banner.text()
        assert "--data-dir" in form.banner.text()
        assert not form.save_button.isEnabled()
        assert form.draft_ready()
        qtbot.keyClicks(form.summary.editor, "Typed anyway")
        form.save()  # Ctrl+Enter: the explanation stays
        assert "cannot open its database" in form.banner.text()
    finally:
        window.close()
        backend.shutdown()
