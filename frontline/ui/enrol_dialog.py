"""Enrol this PC with the central server: the server address (IT's preset filled in) and
the one-time enrolment code. Enrolment runs off the GUI thread (`device.enrol_pc`)."""

from __future__ import annotations

import logging
import threading
from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontline.ui.qtcompat import call_on_main, emit, prepare_main_relay

log = logging.getLogger(__name__)


class EnrolDialog(QDialog):
    """Asks for the server and the code; `enrolled(Enrolment)` when it worked."""

    enrolled = Signal(object)

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        prepare_main_relay()
        from frontline.sync import device
        from frontline.sync.config import load_settings

        self.data_dir = Path(data_dir)
        settings = load_settings(self.data_dir)
        self._tokens = device.token_store(self.data_dir, settings)
        self.result_enrolment: Any = None
        self.setObjectName("enrol_dialog")
        self.setWindowTitle("Enrol this PC")
        self.setMinimumWidth(520)

        layout = QVBoxLayout(self)
        intro = QLabel("Connect this PC to your company's Frontline server so observations "
                       "recorded here reach the people who can act on them. IT gives you a "
                       "one-time enrolment code for this store.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.server = QLineEdit(settings.server_url)
        self.server.setObjectName("enrol_server")
        self.server.setPlaceholderText("https://frontline.example.com")
        self.server.setAccessibleName("Server address")
        if "server_url" in settings.locked:
            self.server.setReadOnly(True)
            self.server.setToolTip("Set by IT for this PC")
        self.code = QLineEdit()
        self.code.setObjectName("enrol_code")
        self.code.setPlaceholderText("e.g. 7KQ2-M9XD")
        self.code.setAccessibleName("Enrolment code")
        form.addRow("&Server address", self.server)
        form.addRow("Enrolment &code", self.code)
        layout.addLayout(form)
        if settings.server_url and settings.sources.get("server_url") in ("machine", "policy"):
            preset = QLabel("The server address was set by IT for this PC.")
            preset.setObjectName("enrol_preset_note")
            preset.setStyleSheet("color: #5f6368;")
            layout.addWidget(preset)

        self.message = QLabel()
        self.message.setObjectName("enrol_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)
        self.keychain_note = QLabel()
        self.keychain_note.setObjectName("enrol_keychain_note")
        self.keychain_note.setWordWrap(True)
        self.keychain_note.hide()
        layout.addWidget(self.keychain_note)

        self.buttons = QDialogButtonBox()
        self.enrol_button = self.buttons.addButton("Enrol", QDialogButtonBox.ButtonRole.AcceptRole)
        self.enrol_button.setObjectName("enrol_button")
        self.enrol_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.enrol)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.code if settings.server_url else self.server).setFocus()
        for field in (self.server, self.code):
            field.textEdited.connect(self._on_edited)
        self._busy = False

    def _on_edited(self, _text: str) -> None:
        if self.result_enrolment is None and not self._busy:
            self.message.hide()  # an old error must not sit under a corrected field
            self.adjustSize()

    def show_message(self, text: str, tone: str = "problem") -> None:
        colour = {"problem": "#b3261e", "info": "#5f6368", "ok": "#1e7d32"}[tone]
        self.message.setStyleSheet(f"color: {colour};")
        self.message.setProperty("tone", tone)
        self.message.setText(text)
        self.message.show()
        self.adjustSize()

    def enrol(self) -> None:
        """Check the fields, then enrol on a worker thread."""
        if self._busy:
            return
        server = self.server.text().strip()
        code = self.code.text().strip()
        if not server:
            self.show_message("Type the server address IT gave you (it starts with https://).")
            self.server.setFocus()
            return
        if "://" not in server:
            self.show_message("The server address must start with https:// (or http:// for a "
                              "server on this PC), for example https://frontline.example.com.")
            self.server.setFocus()
            return
        if not code:
            self.show_message("Type the enrolment code IT gave you for this store.")
            self.code.setFocus()
            return
        self._busy = True
        for widget in (self.server, self.code, self.enrol_button):
            widget.setEnabled(False)
        self.show_message("Enrolling…", "info")
        threading.Thread(target=self._enrol_in_background, args=(server, code),
                         name="frontline-enrol", daemon=True).start()

    def _enrol_in_background(self, server: str, code: str) -> None:
        from frontline.sync import device

        try:
            record = device.enrol_pc(self.data_dir, server_url=server, code=code)
        except Exception as error:  # noqa: BLE001 - shown to the person in words
            log.info("enrolment failed: %s", type(error).__name__)
            call_on_main(partial(self._done, None, error))
        else:
            call_on_main(lambda: self._done(record, None))

    def _done(self, record: Any, error: BaseException | None) -> None:
        if not shiboken6.isValid(self):
            return
        self._busy = False
        for widget in (self.server, self.code, self.enrol_button):
            widget.setEnabled(True)
        if error is not None:
            self.show_message(_error_words(error))
            self.code.setFocus()
            self.code.selectAll()
            return
        self.result_enrolment = record
        self.show_message("This PC is enrolled. Observations will now be sent to the server.",
                          "ok")
        if not self._tokens.uses_keychain:
            self.keychain_note.setText(
                "This computer has no password keychain, so the PC's sign-in key is kept in "
                f"a file only your user account can read ({self._tokens.fallback_path}). "
                "It is never stored in the observations database.")
            self.keychain_note.show()
            self.adjustSize()
        emit(self.enrolled, record)
        self.cancel_button.hide()
        self.server.setReadOnly(True)
        self.code.setReadOnly(True)
        self.enrol_button.setText("Close")
        self.buttons.accepted.disconnect()
        self.buttons.accepted.connect(self.accept)
        self.enrol_button.setEnabled(True)


def _error_words(error: BaseException) -> str:
    from frontline.core.errors import SyncError

    if isinstance(error, SyncError):
        if error.kind == "unauthorized":
            return ("That enrolment code was not accepted: it may be mistyped, already used or "
                    "expired. Check it, or ask IT for a new one.")
        if error.kind == "network":
            return (f"{error} Check the server address, and that this PC is on the network.")
        if error.kind == "update_required":
            return "This version of Frontline is too old for the server. Ask IT to update it."
    text = str(error)
    return text or "Enrolment failed. Ask IT for help."
