"""Tell the author when a manager has answered ("you said, we did").

On a shared PC (`frontline.ui.people`) the news is for its author only: after a sync the
person signed in hears about their own observations, nobody hears about someone else's,
and a person who signs in later hears about theirs then (`tell_person`). The unread flag
stays on the observation until its author opens it in My observations, which lists only
their own.

A desktop notification through the system tray where the desktop has one, and always a
message in the capture form's banner (the home screen), so nobody misses it on a PC
without a tray (kiosk sessions, the offscreen test platform). Not the status bar's
temporary message: that would hide the person and sync widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def answers_arrived(window: Any, ids: Sequence[str]) -> None:
    """A sync brought news on the observations `ids`: tell whoever they belong to."""
    people = getattr(window, "people", None)
    person_id, shared = people.viewer() if people is not None else (None, False)
    if not shared:  # one person's PC: everything on it is theirs
        notify_answers(window, len(set(ids)))
    elif person_id is not None:  # the signed-in person hears about their own only
        _tell(window, person_id, sorted(set(ids)))
    # nobody signed in: kept for each author until they sign in (`tell_person`)


def tell_person(window: Any, person_id: str) -> None:
    """Someone signed in: tell them about their observations with unread news."""
    _tell(window, person_id, None, quiet_only=True)


def _tell(window: Any, person_id: str, ids: Sequence[str] | None, *,
          quiet_only: bool = False) -> None:
    from frontline.ui.operations.observations import count_unread

    def shown(count: int) -> None:
        people = getattr(window, "people", None)
        if people is not None and people.viewer()[0] != person_id:
            return  # someone else is at the PC by now
        if quiet_only and window.capture.banner.text():
            return  # the banner says something more urgent (another person's words)
        notify_answers(window, count)

    count_unread(parent=window, author_id=person_id, ids=ids).success(shown).failure(
        lambda _error: None).run_in_background()
