"""Tell the author when a manager has answered ("you said, we did").

A desktop notification through the system tray where the desktop has one, and always a
message in the capture form's banner (the home screen), so nobody misses it on a PC
without a tray (kiosk sessions, the offscreen test platform). Not the status bar's
temporary message: that would hide the person and sync widgets.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QSystemTrayIcon

from frontline.ui.resources import icon

_tray: QSystemTrayIcon | None = None


def answers_text(count: int) -> str:
    return QCoreApplication.translate(
        "notify", "%n observation(s) you raised got an answer or a new status — "
        "see My observations.", "", count)


def notify_answers(window: Any, count: int) -> str:
    """Show that `count` of the author's observations have news; return the text shown."""
    global _tray
    text = answers_text(count)
    if count <= 0:
        return ""
    window.capture.banner.show_message("info", text, timeout_ms=15_000)
    if QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
        if _tray is None:
            _tray = QSystemTrayIcon(icon("frontline"), window)
            _tray.messageClicked.connect(lambda: window.bring_to_front())
            _tray.show()
        _tray.showMessage(QCoreApplication.translate("notify", "Frontline: you said, we did"),
                          text, QSystemTrayIcon.MessageIcon.Information, 10_000)
    return text
