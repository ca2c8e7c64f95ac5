"""The window as the app starts it: painted first, its shortcuts added just after."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from frontline.ui.app import settings_for
from frontline.ui.main_window import CAPTURE, MY_OBSERVATIONS, MainWindow
from frontline.ui.ops import Backend
from tests.helpers.ui import OFFSCREEN_DIALOG_NOISE


def test_page_shortcuts_and_personal_data_guard_work_once_the_first_paint_is_done(
        qtbot, data_dir):
    backend = Backend()
    window = MainWindow(backend, settings_for(data_dir), data_dir, defer_setup=True)
    qtbot.addWidget(window)
    try:
        with qtbot.waitExposed(window):
            window.show()
            QTimer.singleShot(0, window.finish_setup)  # as run_app does
            QTimer.singleShot(0, window.finish_setup)  # a second call adds nothing twice
        window.activateWindow()
        qtbot.waitUntil(lambda: window.capture.pii is not None)

        qtbot.keyClick(window.capture.summary.editor, Qt.Key.Key_2,
                       Qt.KeyboardModifier.ControlModifier)
        assert window.current_page() == MY_OBSERVATIONS
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
        assert window.current_page() == CAPTURE
        assert window.capture.summary.editor.hasFocus()
    finally:
        window.close()
        backend.shutdown()


def test_a_launch_finds_the_window_already_open_on_the_same_folder_by_its_sha256_name(tmp_path):
    # the name older releases listen on (hashlib's SHA-256 of the resolved folder): a new
    # release launched while an old one is open still brings the old one forward
    import hashlib

    from frontline.ui.app import SingleInstance

    folder = tmp_path / "data"
    folder.mkdir()
    expected = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:24]
    assert SingleInstance(folder).server_name == f"frontline-{expected}"
    assert SingleInstance(tmp_path).server_name != f"frontline-{expected}"


@OFFSCREEN_DIALOG_NOISE
def test_the_style_sheet_set_after_building_the_window_gives_the_same_picture(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from frontline.ui.resources import apply_font, apply_style, apply_style_sheet

    app = QApplication.instance()
    font, sheet = app.font(), app.styleSheet()
    backend = Backend()
    pictures = []
    try:
        for order in ("style first", "as the app does"):
            folder = tmp_path / order.replace(" ", "_")
            folder.mkdir()
            app.setStyleSheet("")
            app.setFont(font)
            if order == "style first":
                apply_style(app)
            else:
                apply_font(app)
            window = MainWindow(backend, settings_for(folder), folder, defer_setup=True)
            qtbot.addWidget(window)
            if order == "as the app does":
                apply_style_sheet(app)
            window.resize(1200, 760)
            with qtbot.waitExposed(window):
                window.show()
            window.capture.banner.show_message("problem", "Frontline cannot open its database")
            window.capture.summary.editor.setText("x" * 150)  # the counter shows
            window.capture.summary.editor.clearFocus()  # no blinking caret in the picture
            qtbot.wait(10)
            pictures.append(window.grab().toImage())
            window.close()
    finally:
        backend.shutdown()
        app.setStyleSheet(sheet)
        app.setFont(font)
    assert pictures[0].size() == pictures[1].size()
    assert pictures[0] == pictures[1]
