"""The sync part of the status bar: online or offline, what waits, the last sync, and any
problem in words with what to do (`SyncStatusPanel.show_state(SyncState)`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from frontline.ui.changes import OpChanges
from frontline.ui.qtcompat import emit
from frontline.ui.sync_service import SyncState

if TYPE_CHECKING:
    from frontline.sync.engine import Progress, SyncReport
    from frontline.ui.enrol_dialog import EnrolDialog
    from frontline.ui.main_window import MainWindow
    from frontline.ui.ops import Backend


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many.replace("%n", f"{n:,}")


def local_time(iso: str | None, now: datetime | None = None) -> str:
    """'14:05' today, else '23 Nov 14:05' (local time), for 'last sync'."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return ""
    now = now or datetime.now().astimezone()
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    return moment.strftime("%d %b %H:%M").lstrip("0")


def describe(state: SyncState) -> tuple[str, str]:
    """(the main line, the severity: ok | info | warning | problem) for a state."""
    pending = state.pending or 0
    waiting = _plural(pending, "1 observation is", "%n observations are")
    last = local_time(state.last_sync)
    if state.kind == "not_enrolled":
        text = "Not connected to a server — Enrol this PC to send observations"
        if pending:
            text += f" ({waiting} kept here until then)"
        return text, "info"
    if state.kind == "starting":
        return "Starting…", "info"
    if state.kind == "syncing":
        return "Syncing…", "info"
    if state.kind == "offline":
        if pending:
            text = (f"Offline — {waiting} safe on this PC and will be sent when the network "
                    "is back")
        else:
            text = "Offline — anything you save is kept on this PC and sent later"
        if last:
            text += f" · last sync {last}"
        return text, "warning"
    if state.kind == "update_required":
        return ("This version of Frontline is too old for the server. Ask IT to update it. "
                "Nothing is lost: observations stay on this PC."), "problem"
    if state.kind == "unauthorized":
        text = "This PC needs to be enrolled again — ask IT for a new code"
        if pending:
            text += f"; {waiting} kept here until then"
        return text, "problem"
    if state.kind == "signed_out":
        return ("The manager sign-in with the server has ended — press Ctrl+Shift+P and type "
                "the password again to send reviews"), "warning"
    if state.kind == "problem":
        text = state.message or "Sync stopped because of a problem"
        return text + " If this keeps happening, tell IT.", "problem"
    # online
    if pending:
        text = "Online — " + _plural(pending, "1 waiting to sync", "%n waiting to sync")
    else:
        text = ("Online — everything else is sent" if state.quarantined
                else "Online — everything is sent")
    if last:
        text += f" · last sync {last}"
    return text, "ok"


class SyncStatusPanel(QWidget):
    """Shown in the main window's status bar. Buttons: Sync now, Enrol this PC…, and a link
    to My observations when something could not be sent."""

    sync_requested = Signal()
    enrol_requested = Signal()
    observations_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_status")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(8)
        self.dot = QLabel("●")
        self.dot.setAccessibleName("Connection state")
        self.label = QLabel()
        self.label.setObjectName("sync_status_text")
        self.label.setAccessibleName("Sync status")
        # a long message is cut at the window's edge rather than widening the window
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(200)
        self.quarantine_button = QPushButton()
        self.quarantine_button.setObjectName("sync_quarantine")
        self.quarantine_button.setFlat(True)
        self.quarantine_button.setStyleSheet("color: #b3261e; text-decoration: underline;")
        self.quarantine_button.clicked.connect(lambda: emit(self.observations_requested))
        self.enrol_button = QPushButton("Enrol this PC…")
        self.enrol_button.setObjectName("sync_enrol")
        self.enrol_button.clicked.connect(lambda: emit(self.enrol_requested))
        self.sync_button = QPushButton("Sync now")
        self.sync_button.setObjectName("sync_now")
        self.sync_button.setToolTip("Send and receive now (F5)")
        self.sync_button.clicked.connect(lambda: emit(self.sync_requested))
        layout.addWidget(self.dot)
        layout.addWidget(self.label, 1)
        for button in (self.quarantine_button, self.enrol_button, self.sync_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            layout.addWidget(button)
        self.state = SyncState()
        self.show_state(self.state)

    def text(self) -> str:
        """Everything the panel says, as one line (for tests and the accessible name)."""
        parts = [self.label.text()]
        if self.quarantine_button.isVisibleTo(self):
            parts.append(self.quarantine_button.text())
        return " · ".join(parts)

    def show_progress(self, progress: Progress) -> None:
        """While a sync runs: how far it is, in words."""
        if self.state.kind != "syncing":
            return
        if progress.phase == "push" and progress.total:
            text = f"Syncing — sent {progress.done:,} of {progress.total:,}…"
        elif progress.phase == "pull":
            text = "Syncing — receiving answers and updates…"
        elif progress.phase == "reference":
            text = "Syncing — updating lists (categories, people)…"
        else:
            text = "Syncing…"
        self.label.setText(text)

    def show_state(self, state: SyncState) -> None:
        self.state = state
        text, severity = describe(state)
        self.label.setText(text)
        tip = {"unauthorized": "Its enrolment was withdrawn or has expired. Nothing on this "
                               "PC is lost.",
               "offline": state.message}.get(state.kind, "") or state.message or text
        self.label.setToolTip(tip)
        colour = {"ok": "#1e7d32", "info": "#5f6368", "warning": "#b26a00",
                  "problem": "#b3261e"}[severity]
        self.dot.setStyleSheet(f"color: {colour};")
        self.label.setProperty("severity", severity)
        self.setProperty("state", state.kind)
        self.quarantine_button.setVisible(state.quarantined > 0)
        if state.quarantined:
            self.quarantine_button.setText(_plural(
                state.quarantined, "1 observation could not be sent — see My observations",
                "%n observations could not be sent — see My observations"))
        self.enrol_button.setVisible(state.kind in ("not_enrolled", "unauthorized"))
        self.enrol_button.setText("Enrol again…" if state.kind == "unauthorized"
                                  else "Enrol this PC…")
        self.sync_button.setVisible(state.enrolled and state.kind not in (
            "unauthorized", "update_required"))
        self.sync_button.setEnabled(state.kind != "syncing")
        self.setAccessibleDescription(self.text())
        layout = self.layout()
        if layout is not None:
            layout.invalidate()  # buttons shown or hidden: no gap where one was
            layout.activate()


class SyncWiring:
    """The sync service, its status-bar panel and the enrolment dialog, attached to a main
    window (`attach_sync`). `stop()` runs the last bounded sync when the window closes."""

    def __init__(self, window: MainWindow, backend: Backend, data_dir: Path) -> None:
        from PySide6.QtGui import QKeySequence, QShortcut

        from frontline.ui.sync_service import SyncService

        self.window = window
        self.data_dir = Path(data_dir)
        self.service = SyncService(backend, self.data_dir, parent=window)
        self.panel = SyncStatusPanel(window.status)
        for old in (window.status.pending_label, window.status.connection_label):
            old.hide()  # the panel says both, in more words
        window.status.addPermanentWidget(self.panel, 1)
        self.dialog: EnrolDialog | None = None
        self.service.state_changed.connect(self.panel.show_state)
        self.service.progress.connect(self.panel.show_progress)
        self.service.sync_finished.connect(self._on_finished)
        self.panel.sync_requested.connect(lambda: self.service.sync_now("button"))
        self.panel.enrol_requested.connect(self.open_enrolment)
        from frontline.ui.main_window import MY_OBSERVATIONS

        self.panel.observations_requested.connect(lambda: window.show_page(MY_OBSERVATIONS))
        self.backend = backend
        # a save, a withdrawal or a review queued something: send it soon
        backend.changes.changes_made.connect(self._on_changes_made)
        window.pending_changed.connect(self._on_pending)
        self.shortcut = QShortcut(QKeySequence("F5"), window)
        self.shortcut.activated.connect(lambda: self.service.sync_now("F5"))
        if backend.store_if_open() is not None:
            self.service.start()
        else:
            backend.store_opened.connect(lambda _store: self.service.start())
            backend.store_failed.connect(lambda _error: self.panel.show_state(SyncState(
                kind="problem", message="Sync is off: this PC's database could not be opened "
                "(the form above says why).")))

    def _on_pending(self, count: int) -> None:
        from dataclasses import replace

        if self.service.state.kind != "syncing":
            self.panel.show_state(replace(self.service.state, pending=count))

    def _on_changes_made(self, changes: OpChanges, initiator: object) -> None:
        if changes.sync_state and initiator is not self.service:
            self.service.sync_soon()

    def _on_finished(self, report: SyncReport | None) -> None:
        if report is not None and getattr(report, "unread", None):
            from frontline.ui.notify import answers_arrived

            answers_arrived(self.window, report.unread)

    def open_enrolment(self) -> EnrolDialog:
        """Show the enrolment dialog (not modal to the app: capture goes on meanwhile)."""
        from frontline.ui.enrol_dialog import EnrolDialog

        if self.dialog is not None and shiboken6.isValid(self.dialog) and self.dialog.isVisible():
            self.dialog.raise_()
            return self.dialog
        self.dialog = EnrolDialog(self.data_dir, self.window)
        self.dialog.enrolled.connect(lambda _record: self.service.reload_settings())
        self.dialog.open()
        return self.dialog

    def stop(self, timeout: float = 5.0) -> bool:
        return self.service.stop(final_sync=True, timeout=timeout)


def attach_sync(window: MainWindow, backend: Backend, data_dir: Path) -> SyncWiring:
    """Give `window` background sync, the sync status panel, F5 and the enrolment dialog."""
    wiring = SyncWiring(window, backend, data_dir)
    window.sync = wiring
    return wiring
